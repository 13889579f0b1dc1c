"""Shared fixtures: the repository root, and the real site built once per test run."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

# The hosted site's address for the test build: alternates become absolute.
TEST_SITE_URL = "https://erasmus.example.fi/kb/"


def run_mkdocs_build(site_dir: Path, site_url: str = "") -> subprocess.CompletedProcess:
    # KB_OFFLINE=false: the web build, whatever the shell says (the bundle: offline_zip).
    env = {**os.environ, "KB_SITE_URL": site_url, "KB_OFFLINE": "false", "NO_MKDOCS_2_WARNING": "1",
           "PYTHONPATH": str(ROOT / "scripts")}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site_dir)],
                          cwd=ROOT, env=env, capture_output=True, text=True)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built from the real data with a site_url (as hosted)."""
    site = tmp_path_factory.mktemp("site")
    result = run_mkdocs_build(site, TEST_SITE_URL)
    assert result.returncode == 0, result.stderr[-4000:]
    return site


@pytest.fixture(scope="session")
def offline_zip(tmp_path_factory) -> Path:
    """The real offline bundle, made once per run as `make offline` makes it (kb.bundle:
    Material's offline plugin on, no site_url, checked, read-me added, zipped)."""
    from kb.bundle import BundleError, make_bundle

    dist = tmp_path_factory.mktemp("dist")
    (dist / "erasmus-kb-0.9-20250101.zip").write_bytes(b"an older bundle")  # to be replaced
    try:
        return make_bundle(ROOT, dist)
    except BundleError as exc:
        pytest.fail(f"make offline fails: {exc}")


@pytest.fixture(scope="session")
def offline_site(offline_zip, tmp_path_factory) -> Path:
    """The offline bundle unpacked into a folder, as a reader unpacks the zip."""
    import zipfile

    site = tmp_path_factory.mktemp("offline-site")
    with zipfile.ZipFile(offline_zip) as zf:
        zf.extractall(site)
    return site


def copy_project(dest: Path) -> Path:
    """A throw-away copy of the project's sources, for tests that break things."""
    for name in ("data", "content", "overrides", "scripts"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest

def missing_tool(message: str) -> None:
    """A test tool is missing: a failure under CI=true (CI must run every test), else a skip."""
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


# -- the built site served over HTTP, and one headless Chromium per test run --------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def site_server(built_site):
    """The address of the built site as deployed: nginx with scripts/server/nginx.conf
    (kb.webserver) on a free port, under the path of TEST_SITE_URL, e.g.
    http://127.0.0.1:PORT/kb/. Without nginx: skipped, but a failure under CI=true."""
    from kb import webserver

    if webserver.nginx_binary() is None:
        missing_tool("nginx is missing: run `make test` as root (installs Debian's nginx-light)")
    with webserver.running(built_site, base=urlsplit(TEST_SITE_URL).path) as address:
        yield address


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run. Missing: skipped, but a failure under CI=true."""
    if not os.path.exists(CHROMIUM):
        missing_tool(f"Chromium is missing at {CHROMIUM}: run `make test` (installs Debian's chromium as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
