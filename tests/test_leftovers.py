"""Killed and concurrent runs (issue 12, finding 13): a killed `make build` or `make
offline` leaves temporary folders that the next run removes; two `make offline` at
once each keep their own zip; a run never removes another one's work in progress.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import copy_project
from kb import leftovers


pytestmark = pytest.mark.build

def env_for(project: Path, **extra: str) -> dict:
    return {**os.environ, "PYTHONPATH": str(project / "scripts"), "NO_MKDOCS_2_WARNING": "1", "KB_DRAFT": "0",
            **extra}


def dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def test_a_killed_build_leaves_nothing_the_next_build_keeps(tmp_path):
    project = copy_project(tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "kb.cli", "build"], cwd=project, env=env_for(project),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 300
    while not any(p.is_dir() and any(p.iterdir()) for p in project.glob("site.tmp-*")):
        assert proc.poll() is None, "the build ended before it could be killed"
        assert time.monotonic() < deadline, "the build never started writing"
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # as when the terminal is closed: no clean-up runs
    proc.wait()
    assert list(project.glob("site.tmp-*")), "the kill left nothing: the test proves nothing"
    result = subprocess.run([sys.executable, "-m", "kb.cli", "build"], cwd=project, env=env_for(project),
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert not list(project.glob("site.tmp-*")) and not list(project.glob("site.old-*"))
    assert (project / "site" / "index.html").is_file()


def test_a_build_of_another_running_process_is_left_alone(tmp_path):
    running = subprocess.Popen(["sleep", "60"])
    try:
        mine = tmp_path / f"site.tmp-{running.pid}-abc"
        gone = tmp_path / f"site.tmp-{dead_pid()}-def"
        legacy = tmp_path / "site.tmp-x1y2z3"  # named before names carried the process id
        for d in (mine, gone, legacy):
            d.mkdir()
            (d / "index.html").write_text("x", encoding="utf-8")
        removed = leftovers.clean(tmp_path, "site.tmp-")
        assert sorted(removed) == sorted([gone, legacy]) and mine.is_dir()
    finally:
        running.kill()
        running.wait()


def test_a_build_killed_during_the_swap_gets_its_site_back(tmp_path):
    old = tmp_path / f"site.old-{dead_pid()}"
    old.mkdir()
    (old / "index.html").write_text("the previous site", encoding="utf-8")
    leftovers.restore_swapped(tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "the previous site"


def test_concurrent_offline_bundles_each_keep_their_zip(tmp_path):
    project = copy_project(tmp_path / "project")
    dist = tmp_path / "dist"
    dist.mkdir()
    older = dist / "erasmus-kb-0.1-20200101.zip"
    older.write_bytes(b"an older bundle")
    killed = dist / f"offline-{dead_pid()}-abc"  # what a killed `make offline` left
    (killed / "site").mkdir(parents=True)
    half_zip = dist / f".tmp-{dead_pid()}-erasmus-kb-0.2-20200101.zip"
    half_zip.write_bytes(b"half a zip")
    runs = [subprocess.Popen([sys.executable, "-m", "kb.bundle", "--dist", str(dist)], cwd=project,
                             env=env_for(project, KB_VERSION=version, SOURCE_DATE_EPOCH="1767225600"),
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for version in ("1.0", "2.0")]
    outputs = [run.communicate(timeout=900)[0] for run in runs]
    for run, out in zip(runs, outputs):
        assert run.returncode == 0, out[-3000:]
    zips = sorted(p.name for p in dist.glob("erasmus-kb-*.zip"))
    assert zips == ["erasmus-kb-1.0-20260101.zip", "erasmus-kb-2.0-20260101.zip"], (zips, outputs)
    assert not killed.exists() and not half_zip.exists()
    assert not list(dist.glob("offline-*")) and not list(dist.glob(".tmp-*"))
