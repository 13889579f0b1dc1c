"""Shared fixtures: the repository root, and the real site built once per test run."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

# The hosted site's address for the test build: alternates become absolute.
TEST_SITE_URL = "https://erasmus.example.fi/kb/"


def run_mkdocs_build(site_dir: Path, site_url: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "KB_SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1",
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
def offline_site(tmp_path_factory) -> Path:
    """The real site built without site_url, as the offline bundle is."""
    site = tmp_path_factory.mktemp("offline-site")
    result = run_mkdocs_build(site, "")
    assert result.returncode == 0, result.stderr[-4000:]
    return site


def copy_project(dest: Path) -> Path:
    """A throw-away copy of the project's sources, for tests that break things."""
    for name in ("data", "content", "overrides", "scripts"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest
