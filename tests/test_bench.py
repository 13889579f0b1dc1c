"""`make bench` itself: its synthetic data set is valid and sized as asked, and its
pre-rendered copy is the same Markdown the hook would hand to MkDocs. The figures are
not tested here (timing belongs to the benchmark, not to tests)."""
from __future__ import annotations

import sys

import pytest

from conftest import ROOT, copy_project

sys.path.insert(0, str(ROOT / "scripts"))
import bench  # noqa: E402
from kb.model import LANGS  # noqa: E402
from kb.pages import record_pages  # noqa: E402
from kb.state import KnowledgeBase  # noqa: E402

pytestmark = pytest.mark.unit


def test_the_synthetic_data_set_validates_and_has_the_asked_size(tmp_path):
    project = copy_project(tmp_path / "project")
    counts = bench.generate(project, n_projects=60, n_actions=40, seed=7)
    assert counts == {"actions": 40, "projects": 60}
    db = KnowledgeBase(project).get().db
    synthetic = [p for p in db.projects.values() if p.id.endswith(tuple(f"-{i:04d}" for i in range(60)))]
    assert synthetic, "no synthetic example project was written"
    for record in synthetic:
        # Every synthetic project is filed under a real or synthetic action of its own period.
        assert db.actions[record.action].period == record.period
        assert record.summary.fi and record.summary.sv and record.summary.fi != record.summary.sv


def test_the_prerendered_copy_holds_every_page_without_template_syntax(tmp_path):
    project = copy_project(tmp_path / "project")
    out = tmp_path / "pre"
    written = bench.prerender(project, out)
    loaded = KnowledgeBase(project).get()
    content_pages = {p.relative_to(project / "content").as_posix() for p in (project / "content").rglob("*.md")}
    generated = {f"{page.path}.{lang}.md" for page in record_pages(loaded.db) for lang in LANGS}
    assert written == len(content_pages | generated)
    for path in out.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        assert "{{" not in text and "{%" not in text, f"{path} still holds Jinja syntax"


def test_the_prerendered_config_has_no_hook_and_reads_the_other_folder():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "hooks:" in config
    changed = bench.without_hook(config, "content-prerendered")
    assert "hooks:" not in changed and "hook.py" not in changed
    assert "docs_dir: content-prerendered" in changed
    # Everything else stays: the plugins (i18n before offline) and the theme.
    assert changed.count("- i18n") == config.count("- i18n")
