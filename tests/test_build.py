"""The real site: both languages have the same pages, each page says its language,
the language switch leads to the same page, and the data shows in both languages."""
from __future__ import annotations

import posixpath
import re

import pytest

from conftest import TEST_SITE_URL  # the hosted address of the test build
from htmlpages import article, page_file, pages, parse, text_of
from kb.formatting import NBSP
from kb.registry import LANGS
from kb.state import KnowledgeBase
from kb.views import View, plain

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def db(root):
    return KnowledgeBase(root).get().db


def test_both_languages_have_the_same_pages(built_site):
    fi, sv = pages(built_site, "fi"), pages(built_site, "sv")
    assert fi == sv
    assert {"index.html", "actions/ka210-vet.html", "actions/ka220-vet.html"} <= fi


@pytest.mark.parametrize("lang,other", [("fi", "sv"), ("sv", "fi")])
def test_every_page_has_lang_switch_and_alternates(built_site, lang, other):
    for page in sorted(pages(built_site, lang)):
        path = page_file(built_site, lang, page)
        doc = parse(path.read_text(encoding="utf-8"))
        assert doc.html_lang == lang, page
        # The language switch leads to the same page in the other language.
        switch = [a for a in doc.anchors if a.get("hreflang") == other and "md-select__link" in a.get("class", "")]
        assert switch, f"{lang}/{page} has no switch to {other}"
        href = switch[0]["href"]
        here = posixpath.dirname(page if lang == "fi" else f"sv/{page}")
        target = posixpath.normpath(posixpath.join(here, href))
        assert target == (page if other == "fi" else f"sv/{page}"), (page, href)
        # <link rel=alternate hreflang> to both versions and x-default (the Finnish one),
        # absolute since site_url is set.
        alts = {l["hreflang"]: l["href"] for l in doc.links if l.get("rel") == "alternate" and "hreflang" in l}
        assert alts == {"fi": TEST_SITE_URL + page, "sv": TEST_SITE_URL + "sv/" + page,
                        "x-default": TEST_SITE_URL + page}, page


def test_offline_build_keeps_relative_language_links(offline_site):
    html = (offline_site / "sv" / "actions" / "ka220-vet.html").read_text(encoding="utf-8")
    doc = parse(html)
    [fi] = [a for a in doc.anchors if a.get("hreflang") == "fi" and "md-select__link" in a.get("class", "")]
    assert fi["href"] == "../../actions/ka220-vet.html"
    target = posixpath.normpath(posixpath.join("sv/actions", fi["href"]))
    assert (offline_site / target).exists()


@pytest.mark.parametrize("lang", LANGS)
def test_every_action_page_shows_each_fact_as_the_view_gives_it(built_site, db, lang):
    """The facts box of every action page, row by row, against kb.views: the one
    function that also fills the tables and the quiz (expectations from data/)."""
    view = View(db, lang)
    for a in db.actions.values():
        html = article(page_file(built_site, lang, f"actions/{a.id}.html").read_text(encoding="utf-8"))
        box = re.search(r'<div class="kb-facts".*?</dl>', html, re.S)
        assert box, f"{a.id}: no facts box"
        shown = {m[1]: text_of(m[2]) for m in re.finditer(r'<dd data-field="([a-z_]+)">(.*?)</dd>', box[0], re.S)}
        expected = {row: text_of(str(value)) for row, value in view.action_facts(a)}
        assert shown == expected, a.id
        # The values themselves: a fact the data leaves out reads "not stated", never blank.
        assert all(shown.values()), a.id


def test_facts_follow_the_data(db):
    """The view formats numbers, units and dates the Finnish and Swedish way."""
    a = next(a for a in db.actions.values() if a.duration and a.duration.min and a.duration.max
             and not a.duration.values and not a.duration.max_unit and a.eligibility.organisations
             and a.eligibility.organisations.min and a.eligibility.organisations.max is None and a.deadlines)
    for lang, unit, at_least in (("fi", "kuukautta", "vähintään"), ("sv", "månader", "minst")):
        view = View(db, lang)
        if a.duration.unit == "months":
            assert plain(view.action_value(a, "duration")) == f"{a.duration.min}–{a.duration.max}{NBSP}{unit}"
        assert plain(view.action_value(a, "organisations")).startswith(f"{at_least} {a.eligibility.organisations.min}{NBSP}")
        d = a.deadlines[0].date
        assert f"{d.day}.{d.month}.{d.year}" in plain(view.action_value(a, "deadlines"))
    none = next((a for a in db.actions.values() if a.grant is None), None)
    if none is not None:
        assert plain(View(db, "sv").action_value(none, "grant")) == db.ui_text("value.not_stated", "sv")


def test_no_macro_output_is_mangled_into_code_blocks(built_site):
    # Raw HTML that Markdown mistook for an indented code block shows as escaped tags.
    for lang in ("fi", "sv"):
        for page in pages(built_site, lang):
            html = page_file(built_site, lang, page).read_text(encoding="utf-8")
            assert "&lt;div" not in html and "&lt;dl" not in html and "&lt;li" not in html, page


def test_site_name_and_theme_text_are_in_the_page_language(built_site):
    sv = (built_site / "sv" / "index.html").read_text(encoding="utf-8")
    fi = (built_site / "index.html").read_text(encoding="utf-8")
    assert "<title>Erasmus+ kunskapsbank</title>" in sv
    assert "<title>Erasmus+ -tietopankki</title>" in fi
    assert 'placeholder="Sök"' in sv and 'placeholder="Hae"' in fi


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_each_language_has_its_own_404_page(built_site, db, lang):
    # 404.html is Finnish (the default language), sv/404.html Swedish: the web server
    # answers a missing address with the page of the address's language.
    html = page_file(built_site, lang, "404.html").read_text(encoding="utf-8")
    title = db.ui_text("notfound.title", lang)
    assert re.search(rf'<html lang="{lang}"', html)
    assert re.search(rf"<title>{re.escape(title)} - [^<]+</title>", html)
    assert f"<h1>{title}</h1>" in html
    other = "sv" if lang == "fi" else "fi"
    assert db.ui_text("notfound.title", other) not in html


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_404_language_switch_leads_to_each_home_page(built_site, lang):
    from urllib.parse import urlsplit
    doc = parse(page_file(built_site, lang, "404.html").read_text(encoding="utf-8"))
    root = urlsplit(TEST_SITE_URL).path
    switch = {a["hreflang"]: a["href"] for a in doc.anchors if "md-select__link" in a.get("class", "")}
    assert switch == {"fi": root, "sv": root + "sv/"}


def test_macro_templates_are_not_published(built_site):
    assert not list(built_site.rglob("*.j2"))
