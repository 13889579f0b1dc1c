"""Shared fixtures: the repository root, and the real site built once per test run."""
from __future__ import annotations

import contextlib
import fcntl
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


def run_mkdocs_build(site_dir: Path, site_url: str = "", engine: str = "mkdocs",
                     project: Path = ROOT) -> subprocess.CompletedProcess:
    # KB_OFFLINE=false: the web build, whatever the shell says (the bundle: offline_zip).
    env = {**os.environ, "KB_SITE_URL": site_url, "KB_OFFLINE": "false", "NO_MKDOCS_2_WARNING": "1",
           "PYTHONPATH": str(project / "scripts"), "KB_DRAFT": "0"}
    return subprocess.run([sys.executable, "-m", engine, "build", "--strict", "-q", "-f", str(project / "mkdocs.yml"),
                           "-d", str(site_dir)], cwd=project, env=env, capture_output=True, text=True)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@contextlib.contextmanager
def shared_once(tmp_path_factory, name: str):
    """A folder made once per test run, even when pytest-xdist runs several workers:
    they share the run's base folder, and the first to take the lock fills it (the
    others wait, then reuse it). Yields (folder, ready): fill it when not `ready`."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # pytest-of-user/pytest-N/: shared by the workers of this run
    folder, done = base / f"shared-{name}", base / f"shared-{name}.done"
    with open(base / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            ready = done.exists()
            if not ready:
                shutil.rmtree(folder, ignore_errors=True)  # what a failed worker left
                folder.mkdir()
            yield folder, ready
            done.touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built from the real data with a site_url (as hosted): once per
    run, shared by the xdist workers (nothing may write into it)."""
    with shared_once(tmp_path_factory, "site") as (site, ready):
        if not ready:
            result = run_mkdocs_build(site, TEST_SITE_URL)
            assert result.returncode == 0, result.stderr[-4000:]
    return site


@pytest.fixture(scope="session")
def offline_zip(tmp_path_factory) -> Path:
    """The real offline bundle, made once per run as `make offline` makes it (kb.bundle:
    Material's offline plugin on, no site_url, checked, read-me added, zipped)."""
    from kb.bundle import BundleError, make_bundle

    with shared_once(tmp_path_factory, "dist") as (dist, ready):
        if ready:
            return next(dist.glob("erasmus-kb-*.zip"))
        (dist / "erasmus-kb-0.9-20250101.zip").write_bytes(b"an older bundle")  # to be replaced
        try:
            return make_bundle(ROOT, dist)
        except BundleError as exc:
            pytest.fail(f"make offline fails: {exc}")


@pytest.fixture(scope="session")
def offline_site(offline_zip, tmp_path_factory) -> Path:
    """The offline bundle unpacked into a folder, as a reader unpacks the zip."""
    import zipfile

    with shared_once(tmp_path_factory, "offline-site") as (site, ready):
        if not ready:
            with zipfile.ZipFile(offline_zip) as zf:
                zf.extractall(site)
    return site


def copy_project(dest: Path) -> Path:
    """A throw-away copy of the project's sources, for tests that break things."""
    for name in ("data", "content", "overrides", "scripts"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__", "node_modules"))
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    modules = ROOT / "scripts" / "editor" / "node_modules"  # the editor's npm packages (400 MB): shared
    if modules.exists():
        (dest / "scripts" / "editor" / "node_modules").symlink_to(modules)
    return dest

# -- test tiers (markers in pyproject.toml) -----------------------------------------

TIERS = ("unit", "build", "browser")
# A unit test must not wait for these: they build the site or start a browser.
SLOW_FIXTURES = {"built_site", "offline_zip", "offline_site", "site_server", "browser"}


def pytest_collection_modifyitems(config, items):
    """Every test has one tier, from its module's `pytestmark` (or its own marker,
    which wins); a test without one, or a unit test that builds the site, is an error,
    so a new test file cannot slip out of `make test-fast` / `make test` unnoticed."""
    problems = []
    for item in items:
        tier = next((m.name for m in item.iter_markers() if m.name in TIERS), None)
        if tier is None:
            problems.append(f"{item.nodeid}: no tier: add `pytestmark = pytest.mark.unit` (or build, browser) "
                            "at the top of its module")
        elif tier == "unit" and SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            slow = ", ".join(sorted(SLOW_FIXTURES & set(item.fixturenames)))
            problems.append(f"{item.nodeid}: marked unit but uses {slow}: mark it build or browser")
    if problems:
        raise pytest.UsageError("tests without a proper tier:\n" + "\n".join(problems))


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
