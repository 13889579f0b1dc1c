"""`make build` (kb.cli build) on broken input: fails, names file and line, and the
previous site/ stays exactly as it was."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import copy_project

pytestmark = pytest.mark.build


def run_build(project):
    env = {**os.environ, "PYTHONPATH": str(project / "scripts"), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "kb.cli", "build"], cwd=project, env=env,
                          capture_output=True, text=True)


def test_broken_data_fails_the_build_and_keeps_the_old_site(tmp_path):
    project = copy_project(tmp_path)
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("previous build", encoding="utf-8")
    actions = project / "data" / "actions" / "ka210-vet.yaml"
    text = actions.read_text(encoding="utf-8")
    actions.write_text(text.replace("duration:\n  min: 6\n  max: 24\n", "duration:\n  min: 6\n  max: two\n"),
                       encoding="utf-8")
    line = next(i for i, l in enumerate(actions.read_text().splitlines(), 1) if "max: two" in l)
    result = run_build(project)
    assert result.returncode != 0
    assert f"data/actions/ka210-vet.yaml:{line}:" in result.stderr
    assert "`duration.max` must be a whole number" in result.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "previous build"
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    assert not list(project.glob("site.tmp-*"))


def test_page_without_twin_fails_the_build_naming_it(tmp_path):
    project = copy_project(tmp_path)
    (project / "content" / "orphan.fi.md").write_text("# Orpo\n", encoding="utf-8")
    result = run_build(project)
    assert result.returncode != 0
    assert "content/orphan.fi.md:1:1: this page has no twin content/orphan.sv.md" in result.stderr
    assert not (project / "site").exists()


def test_good_build_replaces_the_site(tmp_path):
    project = copy_project(tmp_path)
    site = project / "site"
    site.mkdir()
    (site / "stale.html").write_text("old", encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    assert not (site / "stale.html").exists()
    assert (site / "sv" / "actions" / "ka220-vet.html").exists()
