"""The search index (one file for the whole site, as Material and mkdocs-static-i18n
write it) holds each language's pages under that language only: Finnish pages at the
root, Swedish pages under sv/, each page once, with its own language's title and text."""
from __future__ import annotations

import json
import re
from html import unescape

import pytest

from htmlpages import article, page_file, pages, parse, text_of

pytestmark = pytest.mark.build


def _words(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


@pytest.fixture(scope="module")
def index(built_site):
    return json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))


def _lang_of_location(location: str) -> str:
    return "sv" if location.startswith("sv/") else "fi"


def test_index_is_configured_for_both_languages(index):
    assert set(index["config"]["lang"]) >= {"fi", "sv"}


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_every_page_is_indexed_once_under_its_own_language(built_site, index, lang):
    prefix = "" if lang == "fi" else "sv/"
    page_entries = [d["location"] for d in index["docs"]
                    if "#" not in d["location"] and _lang_of_location(d["location"]) == lang]
    assert len(page_entries) == len(set(page_entries)), "a page is indexed twice"
    expected = {prefix + p for p in pages(built_site, lang)}
    assert set(page_entries) == expected


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
