"""`make check` on what the texts say (kb.truth): placeholders refused for publication,
the term bank's variants and Finnish acronym endings reported at their file, line and
column, in data and in pages, in both languages; the glossary agrees with the term bank."""
from __future__ import annotations

import re

import pytest

from conftest import copy_project
from kb import cli
from kb.state import KnowledgeBase
from kb.truth import check_texts

PROBLEM = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+):(?P<col>\d+): (?P<message>.+)$")


@pytest.fixture(scope="module")
def db(root):
    return KnowledgeBase(root).get().db


@pytest.fixture
def project(tmp_path):
    copy_project(tmp_path)
    return tmp_path


def run_check(project, capsys, monkeypatch, publish: bool) -> tuple[int, list[str]]:
    if publish:
        monkeypatch.setenv("KB_PUBLISH", "1")
    else:
        monkeypatch.delenv("KB_PUBLISH", raising=False)
    code = cli.check(project)
    return code, capsys.readouterr().err.splitlines()


def where(text: str, needle: str) -> tuple[int, int]:
    before = text[:text.index(needle)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def test_placeholder_address_is_refused_for_publication_only(project, capsys, monkeypatch):
    page = project / "content" / "about.sv.md"
    text = page.read_text(encoding="utf-8") + "\nSkriv till [oss](mailto:info@kb.example.fi).\n"
    page.write_text(text, encoding="utf-8")
    line, col = where(text, "info@kb.example.fi")
    code, out = run_check(project, capsys, monkeypatch, publish=False)
    assert code == 0, out
    assert any(l.startswith(f"content/about.sv.md:{line}:{col}: ") and "warning" in l for l in out), out
    code, out = run_check(project, capsys, monkeypatch, publish=True)
    assert code == 1
    assert any(l.startswith(f"content/about.sv.md:{line}:{col}: \"info@kb.example.fi\" is a placeholder")
               for l in out), out


def test_the_real_accessibility_statement_has_a_placeholder_that_publication_refuses(root, monkeypatch):
    monkeypatch.setenv("KB_PUBLISH", "1")
    problems, _ = check_texts(root)
    assert {p.path for p in problems if "placeholder" in p.message} >= {
        "content/accessibility.fi.md", "content/accessibility.sv.md"}
