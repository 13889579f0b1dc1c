"""Broken templates, broken links and broken data under the preview (issue 12,
findings 9-11): every problem is `path:line: message` in `make check`, `make build`
and on the preview's pages; the preview always answers.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_project
from test_serve import Preview, replace_after

pytestmark = pytest.mark.build

MACROS = "overrides/macros"


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(project / "scripts"), "KB_DRAFT": "0", "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "kb.cli", *args], cwd=project, env=env, capture_output=True,
                          text=True, timeout=600)


def line_of(text: str, needle: str) -> int:
    return text.count("\n", 0, text.index(needle)) + 1


def break_file(project: Path, rel: str, old: str, new: str) -> int:
    """Replace the first `old` in `rel` by `new`; return the line it is on."""
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{rel} no longer has {old!r}: pick another place to break"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line_of(text, old)


def assert_reported(result: subprocess.CompletedProcess, where: str, message: str) -> None:
    out = result.stdout + result.stderr
    assert result.returncode == 1, out[-3000:]
    assert "Traceback" not in out, out[-3000:]
    assert re.search(rf"^{re.escape(where)}:\d+: {message}", out, re.M), out[-3000:]


# -- finding 9: template errors in check and build ---------------------------------------------

@pytest.mark.parametrize("command", [("check",), ("build", "--site-dir", "SITE")])
def test_macro_syntax_error_is_reported_by_line(tmp_path, command):
    project = copy_project(tmp_path / "p")
    line = break_file(project, f"{MACROS}/common.j2", "{% macro text_list(items) -%}",
                      "{% macro text_list(items) -%}{% if %}")
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("the previous site", encoding="utf-8")
    result = run(project, *[str(site) if c == "SITE" else c for c in command])
    assert_reported(result, f"{MACROS}/common.j2:{line}", "template syntax error: ")
    assert (site / "old.html").read_text(encoding="utf-8") == "the previous site"


def test_unknown_macro_inside_a_macro_file_is_reported_by_line(tmp_path):
    project = copy_project(tmp_path)
    line = break_file(project, f"{MACROS}/records.j2", "{{ period_badge(x.period) }}",
                      "{{ period_badge_typo(x.period) }}")
    assert_reported(run(project, "check"), f"{MACROS}/records.j2:{line}", "unknown macro or name `period_badge_typo`")


def test_macro_called_with_wrong_arguments_is_reported_by_line(tmp_path):
    project = copy_project(tmp_path)
    line = break_file(project, f"{MACROS}/records.j2", "{{ period_badge(x.period) }}",
                      "{{ period_badge(x.period, colour='red') }}")
    assert_reported(run(project, "check"), f"{MACROS}/records.j2:{line}", "macro 'period_badge' takes no keyword argument 'colour'")


def test_page_calling_a_macro_with_wrong_arguments_is_reported_by_line(tmp_path):
    project = copy_project(tmp_path)
    page = "content/comparisons/central.fi.md"
    text = (project / page).read_text(encoding="utf-8")
    line = break_file(project, page, '{{ comparison_table("central",', '{{ comparison_table("central", colour="red",')
    assert_reported(run(project, "check"), f"{page}:{line}", "macro 'comparison_table' takes no keyword argument 'colour'")
    assert text  # the page existed


# -- finding 11: make check finds broken Markdown links -----------------------------------------

def test_check_finds_a_markdown_link_to_a_missing_page(tmp_path):
    project = copy_project(tmp_path)
    page = "content/about.fi.md"
    text = (project / page).read_text(encoding="utf-8")
    path = project / page
    path.write_text(text + "\nKatso [poistettu sivu](poistettu.md) ja [toiminto](actions/ka999.md#haku).\n",
                    encoding="utf-8")
    result = run(project, "check")
    new = path.read_text(encoding="utf-8")
    line = line_of(new, "poistettu.md")
    col = new.index("poistettu.md") - new.rfind("\n", 0, new.index("poistettu.md"))
    out = result.stdout + result.stderr
    assert result.returncode == 1, out[-3000:]
    assert f"{page}:{line}:{col}: the link to `poistettu.md` leads to no page" in out, out[-3000:]
    assert "the link to `actions/ka999.md#haku` leads to no page" in out, out[-3000:]


def test_check_accepts_the_real_links(tmp_path):
    project = copy_project(tmp_path)
    path = project / "content" / "about.fi.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n[KA220-VET](actions/ka220-vet.md#x) [x](#y) "
                    "[sv](about.md)\n", encoding="utf-8")
    result = run(project, "check")
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]


# -- findings 9 and 10 on the preview ------------------------------------------------------------

ACTIONS = "data/actions/ka210-vet.yaml"  # one record per file
KA210 = "id: ka210-vet"


def test_preview_answers_with_the_problem_under_broken_data_and_templates(tmp_path):
    project = copy_project(tmp_path)
    good = (project / ACTIONS).read_text(encoding="utf-8")
    broken = replace_after(good, KA210, "\nmanaged_by: ", "\ncolour: x\nmanaged_by: ")
    (project / ACTIONS).write_text(broken, encoding="utf-8")
    server = Preview(project)
    try:
        server.wait_serving()
        # Finding 10: the record page the editor is looking at shows the problems.
        for path in ("actions/ka210-vet.html", "sv/actions/ka210-vet.html"):
            status, page = server.get(path)
            assert status == 200 and "unknown field `colour`" in page, (path, status)
        # Finding 9: the data fixed, a macro broken: every page still answers, with the problem.
        common = project / MACROS / "common.j2"
        macros = common.read_text(encoding="utf-8")
        line = line_of(macros, "{% macro text_list(items) -%}")
        common.write_text(macros.replace("{% macro text_list(items) -%}", "{% macro text_list(items) -%}{% if %}", 1),
                          encoding="utf-8")
        server.save(ACTIONS, good)
        for path in ("index.html", "actions/ka210-vet.html", "sv/about.html"):
            status, page = server.get(path)
            assert status == 200 and f"{MACROS}/common.j2:{line}:1: template syntax error" in page, (path, status)
        assert server.proc.poll() is None
        server.save(f"{MACROS}/common.j2", macros)
        status, page = server.get("actions/ka210-vet.html")
        assert status == 200 and "kb-problems" not in page
    finally:
        server.stop()
