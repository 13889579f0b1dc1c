"""What the built pages load and how their tables and search are named, read from the HTML:
table assets on table pages only, print styles as media="print", two-level table headers
tied to their cells, distinct column-group labels, the search dialog's name."""
from __future__ import annotations

import re

import pytest

from htmlpages import page_file, pages
from kb.state import KnowledgeBase

pytestmark = pytest.mark.build

LANGS = ("fi", "sv")


@pytest.fixture(scope="module")
def db(root):
    return KnowledgeBase(root).get().db


@pytest.mark.parametrize("lang", LANGS)
def test_pages_load_table_assets_only_with_a_table_and_print_styles_only_for_print(built_site, lang):
    with_tables = 0
    for page in sorted(pages(built_site, lang)):
        html = page_file(built_site, lang, page).read_text(encoding="utf-8")
        has_table = "data-kb-table=" in html
        with_tables += has_table
        assert bool(re.search(r'<script src="[^"]*tables\.js"', html)) == has_table, page
        assert bool(re.search(r'<link rel="stylesheet" href="[^"]*tables\.css"', html)) == has_table, page
        print_links = re.findall(r'<link rel="stylesheet" href="[^"]*print\.css"[^>]*>', html)
        assert print_links and all('media="print"' in link for link in print_links), page
    assert with_tables >= 6


def _tables(html: str) -> list[str]:
    return re.findall(r"<table\b.*?</table>", html, re.S)


@pytest.mark.parametrize("lang", LANGS)
def test_two_level_headers_are_tied_to_every_cell(built_site, lang):
    grouped = 0
    for page in sorted(pages(built_site, lang)):
        html = page_file(built_site, lang, page).read_text(encoding="utf-8")
        for table in _tables(html):
            if 'scope="colgroup"' not in table:
                continue
            grouped += 1
            header_ids = set(re.findall(r'<th\b[^>]*\bid="([^"]+)"', table))
            cells = re.findall(r"<td\b([^>]*)>", table)
            assert cells
            for attrs in cells:
                refs = re.search(r'\bheaders="([^"]+)"', attrs)
                assert refs, f"{page}: a cell without headers: <td{attrs}>"
                ids = refs[1].split()
                assert len(ids) == 3 and set(ids) <= header_ids, (page, ids)
            labels = [re.sub(r"<[^>]+>", "", x) for x in re.findall(r'<th scope="colgroup"[^>]*>(.*?)</th>', table, re.S)]
            assert len(labels) == len(set(labels)), f"{page}: column groups share a label: {labels}"
        ids = re.findall(r'\bid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), f"{page}: duplicate ids"
    assert grouped, "no table with two header rows (then-and-now)"


@pytest.mark.parametrize("lang", LANGS)
def test_the_search_dialog_has_a_name_in_the_page_language(built_site, db, lang):
    name = db.ui_text("search.dialog", lang)
    for page in sorted(pages(built_site, lang))[::10] + ["404.html"]:
        html = page_file(built_site, lang, page).read_text(encoding="utf-8")
        assert re.search(rf'<div class="md-search"[^>]*role="dialog"[^>]*aria-label="{re.escape(name)}"', html), page
