"""`make export`: the rendered site as a contract for any engine. Every page of both
languages as Markdown with front matter, no template syntax left, the navigation and
the records as JSON; the public build publishes the same records under open-data/."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import ROOT
from kb import export as kb_export
from kb.registry import CONTENT_DIR, LANGS, MACRO_DIR, RECORD_KINDS
from kb.site import source_pages
from kb.state import KnowledgeBase

pytestmark = pytest.mark.unit

FRONT = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.S)
KEYS = ["title", "description", "language", "twins", "period", "records", "last_checked"]


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export") / "export"
    kb_export.export(ROOT, out)
    return out


@pytest.fixture(scope="module")
def loaded():
    return KnowledgeBase(ROOT, draft=False).get()


def read(path: Path) -> tuple[dict, str]:
    m = FRONT.match(path.read_text(encoding="utf-8"))
    assert m, f"{path}: no front matter"
    return YAML(typ="safe", pure=True).load(m.group(1)), m.group(2)


def macro_names() -> set[str]:
    names = set()
    for path in (ROOT / MACRO_DIR).glob("*.j2"):
        names |= set(re.findall(r"\{%-?\s*macro\s+([a-z]\w*)", path.read_text(encoding="utf-8")))
    return names


def test_every_page_of_every_language_is_exported_with_its_front_matter(exported, loaded):
    expected = {(p.lang, p.path) for p in source_pages(loaded, ROOT / CONTENT_DIR)}
    found = {(p.relative_to(exported).parts[0], p.relative_to(exported).with_suffix("").as_posix().split("/", 1)[1])
             for p in exported.rglob("*.md")}
    assert found == expected
    for lang, page in sorted(found):
        meta, body = read(exported / lang / f"{page}.md")
        assert list(meta) == KEYS, page
        assert meta["language"] == lang and meta["title"] and meta["description"], (lang, page)
        for twin_lang, twin in meta["twins"].items():
            assert twin_lang in LANGS and twin_lang != lang
            assert (exported / twin_lang / f"{twin}.md").exists(), (lang, page, twin)


def test_no_template_syntax_or_macro_call_is_left(exported):
    calls = re.compile(r"\b(" + "|".join(sorted(macro_names())) + r")\s*\(")
    for path in exported.rglob("*.md"):
        _, body = read(path)
        assert "{{" not in body and "{%" not in body and "{#-" not in body, path
        assert not calls.search(body), f"{path}: {calls.search(body).group(0)}"


def test_a_record_page_names_its_record_period_and_date(exported, loaded):
    for kind in (k for k in RECORD_KINDS.values() if k.page_dir):
        for record in list(loaded.db.kind(kind.name).values())[:3]:
            for lang in LANGS:
                meta, body = read(exported / lang / f"{kind.page_path(record.id)}.md")
                assert meta["records"][0] == f"{kind.name}/{record.id}"
                assert meta["title"] == kind.title_of(record, lang)
                # The heading says the title; characters Markdown could read as syntax are
                # character references (kb.render.plain: no markup from data in any engine).
                heading = body.split("\n", 1)[0]
                assert html.unescape(heading) == f"# {kind.title_of(record, lang)}"
                assert not re.search(r"[\[\]{}<>()*_`]", heading[2:]), heading
                if getattr(record, "period", None):
                    assert meta["period"] == record.period
                if getattr(record, "last_checked", None):
                    assert meta["last_checked"] <= record.last_checked.isoformat()


def test_a_table_page_lists_the_records_it_shows(exported, loaded):
    for path in (exported / "fi" / "comparisons").glob("*.md"):
        meta, body = read(path)
        if "<table" not in body:
            continue
        shown = set(re.findall(r'data-record="([a-z0-9-]+)"', body))
        assert shown and {r.split("/", 1)[1] for r in meta["records"]} >= shown, path
        checked = [loaded.db.kind(r.split("/")[0])[r.split("/")[1]].last_checked for r in meta["records"]]
        assert meta["last_checked"] == min(checked).isoformat()


def test_records_are_open_data_in_each_language(exported, loaded):
    for lang in LANGS:
        doc = json.loads((exported / f"records.{lang}.json").read_text(encoding="utf-8"))
        assert doc["lang"] == lang
        assert set(doc["records"]) == set(RECORD_KINDS) - {"ui"}
        for kind, items in doc["records"].items():
            assert [i["id"] for i in items] == list(loaded.db.kind(kind)), kind
        action = loaded.db.actions[doc["records"]["actions"][0]["id"]]
        first = doc["records"]["actions"][0]
        assert first["name"] == action.name[lang] and first["page"] == f"actions/{action.id}"
        assert first["period"] == action.period


def test_navigation_is_data_in_each_language(exported):
    nav = json.loads((exported / "nav.json").read_text(encoding="utf-8"))
    assert set(nav) == set(LANGS)

    def walk(items):
        for item in items:
            yield item
            yield from walk(item["children"])
    for lang in LANGS:
        entries = list(walk(nav[lang]))
        assert entries and all((exported / lang / f"{e['page']}.md").exists() for e in entries if e["page"])
    assert [e["title"] for e in nav["fi"]] != [e["title"] for e in nav["sv"]]


@pytest.mark.build
def test_the_public_build_publishes_the_same_records(built_site, exported):
    for lang in LANGS:
        published = json.loads((built_site / kb_export.OPEN_DATA_DIR / f"records.{lang}.json").read_text("utf-8"))
        assert published == json.loads((exported / f"records.{lang}.json").read_text(encoding="utf-8"))
