"""The search indexes: one file per language (search/search_index.<lang>.json, written by
the hook from the index Material and mkdocs-static-i18n write, which is not published),
each holding that language's pages only: Finnish pages at the root, Swedish pages under
sv/, each page once, with its own language's title and text, and the codes and names
that make a record's page found (scripts/kb/search.py)."""
from __future__ import annotations

import json
import re
from html import unescape

import pytest

from htmlpages import article, page_file, pages, parse, text_of

pytestmark = pytest.mark.build


def _words(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


LANGS = ("fi", "sv")


@pytest.fixture(scope="module")
def indexes(built_site):
    return {lang: json.loads((built_site / "search" / f"search_index.{lang}.json").read_text(encoding="utf-8"))
            for lang in LANGS}


@pytest.fixture(scope="module")
def index(indexes):
    """Every language's entries together (for the checks that hold for each)."""
    return {"docs": [d for lang in LANGS for d in indexes[lang]["docs"]]}


def _lang_of_location(location: str) -> str:
    return "sv" if location.startswith("sv/") else "fi"


def test_the_index_of_every_language_is_not_published(built_site):
    # Each page loads its own language's index; the shared one would cost every page
    # twice the bytes if anything loaded it.
    assert not (built_site / "search" / "search_index.json").exists()


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_its_own_index_with_its_own_stemmer(indexes, lang):
    config = indexes[lang]["config"]
    assert config["lang"] == [lang]
    assert "stemmer" in config["pipeline"]
    assert {_lang_of_location(d["location"]) for d in indexes[lang]["docs"]} == {lang}


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_is_indexed_once_under_its_own_language(built_site, indexes, lang):
    prefix = "" if lang == "fi" else "sv/"
    page_entries = [d["location"] for d in indexes[lang]["docs"] if "#" not in d["location"]]
    assert len(page_entries) == len(set(page_entries)), "a page is indexed twice"
    expected = {prefix + p for p in pages(built_site, lang)}
    assert set(page_entries) == expected


@pytest.mark.parametrize("lang", LANGS)
def test_record_pages_carry_their_code_and_their_names_in_the_other_language(root, indexes, lang):
    from kb.state import KnowledgeBase

    db = KnowledgeBase(root).get().db
    other = "sv" if lang == "fi" else "fi"
    prefix = "" if lang == "fi" else "sv/"
    docs = {d["location"]: d for d in indexes[lang]["docs"]}
    for action in db.actions.values():
        doc = docs[f"{prefix}actions/{action.id}.html"]
        assert action.code in doc["code"], action.id
        if re.search(r"\d", action.code):  # KA220-VET is also found as typed without a dash
            assert re.sub(r"[^0-9a-z]", "", action.code.lower()) in doc["code"].lower().split(), action.id
        if action.name[other] != action.name[lang]:
            assert action.name[other] in doc["names"], action.id
    for ka in db.key_actions.values():
        assert f"KA{ka.number}" in docs[f"{prefix}key-actions/{ka.id}.html"]["code"].split()
    glossary = docs[f"{prefix}glossary.html"]
    for term in db.glossary.values():  # every term in every language finds the glossary
        for name in (term.term.fi, term.term.sv, term.term.en):
            assert name in glossary["names"] or name in glossary["title"], name


def test_no_entry_has_an_empty_title(index):
    assert not [d["location"] for d in index["docs"] if not _words(d["title"])]


def test_each_entry_comes_from_the_page_in_that_language(built_site, index):
    """The entry's location, title and text all belong to one page in one language."""
    cache: dict[str, tuple[str, str, set[str]]] = {}
    for doc in index["docs"]:
        location = doc["location"]
        path, _, anchor = location.partition("#")
        lang = _lang_of_location(path)
        if path not in cache:
            file = page_file(built_site, lang, path[3:] if lang == "sv" else path)
            html = file.read_text(encoding="utf-8")
            parsed = parse(html)
            cache[path] = (parsed.html_lang, text_of(article(html)), parsed.ids)
        html_lang, text, ids = cache[path]
        assert html_lang == lang, f"{location}: a {html_lang} page indexed under {lang}"
        if anchor:
            assert anchor in ids, f"{location}: no such section"
        title = _words(doc["title"])
        assert title and title in text, f"{location}: title {title!r} is not on the page"
        # The start of the entry's text is on that very page (and so in its language).
        snippet = _words(doc["text"])[:80]
        words = snippet.rsplit(" ", 1)[0] if len(snippet) == 80 else snippet
        assert words.replace(" ", "") in text.replace(" ", ""), f"{location}: text {words!r} is not on the page"
