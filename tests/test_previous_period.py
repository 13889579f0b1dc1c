"""The 2014-2020 records on the real site: marked as the previous programme, linked to
their 2021-2027 successors, and showing their facts in both languages."""
from __future__ import annotations

import posixpath
import re

import pytest

from htmlpages import article, page_file, parse, text_of
from kb.formatting import EN_DASH, NBSP
from kb.state import KnowledgeBase

pytestmark = pytest.mark.build

LANGS = ("fi", "sv")


@pytest.fixture(scope="module")
def db(root):
    return KnowledgeBase(root).get().db


def _article(site, lang, page):
    return article(page_file(site, lang, page).read_text(encoding="utf-8"))


def _hrefs(html: str, page: str) -> set[str]:
    """Targets of the links in `html`, as page paths relative to the language root."""
    here = posixpath.dirname(page)
    return {posixpath.normpath(posixpath.join(here, a["href"].split("#")[0]))
            for a in parse(html).anchors if a.get("href") and "://" not in a["href"]}


def test_previous_period_records_exist_for_every_kind(db):
    def old(kind):
        return [r for r in db.kind(kind).values() if r.period == "2014-2020"]
    assert {a.code for a in old("actions")} >= {"KA200", "KA201", "KA202", "KA203", "KA204", "KA205"}
    assert any(x.category == "ltt" for x in old("activity_types"))
    assert any(x.category == "partnership-activity" for x in old("activity_types"))
    assert {x.kind for x in old("themes")} >= {"topic", "in-focus"}
    examples = [p for p in old("projects") if "seed-004-programme-guide-sp" in p.sources]
    assert len(examples) >= 15
    # Examples without a proper name carry a descriptive name in both languages.
    assert all(p.name is not None for p in examples)


@pytest.mark.parametrize("lang", LANGS)
def test_previous_actions_are_marked_and_link_to_their_successors(built_site, db, lang):
    notice = db.ui_text("period.previous_notice", lang)
    for a in db.actions_where(period="2014-2020"):
        page = f"actions/{a.id}.html"
        html = _article(built_site, lang, page)
        assert notice in text_of(html), page
        assert db.ui_text("period.2014-2020", lang) in text_of(html), page
        assert a.successors, f"{a.id} names no 2021-2027 successor"
        targets = _hrefs(html, page)
        for s in a.successors:
            assert f"actions/{s}.html" in targets, (page, s)
            assert page_file(built_site, lang, f"actions/{s}.html").exists()


@pytest.mark.parametrize("lang", LANGS)
def test_successor_pages_link_back_to_the_previous_actions(built_site, db, lang):
    for a in db.actions_where(period="2014-2020"):
        for s in a.successors:
            page = f"actions/{s}.html"
            assert f"actions/{a.id}.html" in _hrefs(_article(built_site, lang, page), page), (s, a.id)


@pytest.mark.parametrize("lang,facts", [
    ("fi", ["KA203", f"24 tai 36{NBSP}kuukautta", f"150{NBSP}000{NBSP}euroa vuodessa", f"450{NBSP}000{NBSP}euroa",
            f"vähintään 3{NBSP}organisaatiota", f"vähintään 3{NBSP}maata"]),
    ("sv", ["KA203", f"24 eller 36{NBSP}månader", f"150{NBSP}000{NBSP}euro per år", f"450{NBSP}000{NBSP}euro",
            f"minst 3{NBSP}organisationer", f"minst 3{NBSP}länder"]),
])
def test_higher_education_partnership_facts(built_site, lang, facts):
    text = text_of(_article(built_site, lang, "actions/ka203.html"))
    # Figures written by hand in a note use ordinary spaces; those from the filters a no-break space.
    plain = text.replace(NBSP, " ")
    for fact in facts:
        assert fact in text or fact.replace(NBSP, " ") in plain, fact


@pytest.mark.parametrize("lang,facts", [
    ("fi", [f"12{EN_DASH}36{NBSP}kuukautta", "intellectual outputs", "Pienimuotoinen hyvien käytäntöjen vaihto",
            "Laajempi innovaatiohanke"]),
    ("sv", [f"12{EN_DASH}36{NBSP}månader", "intellectual outputs", "Småskaligt utbyte av god praxis",
            "Större innovationsprojekt"]),
])
def test_adult_education_partnership_shows_its_two_formats(built_site, lang, facts):
    text = text_of(_article(built_site, lang, "actions/ka204.html"))
    for fact in facts:
        assert fact in text, fact


@pytest.mark.parametrize("lang,days,months", [("fi", "päivää", "kuukautta"), ("sv", "dagar", "månader")])
def test_learning_activities_show_durations_with_both_units(built_site, lang, days, months):
    page = "activity-types/sp-intensive-study-programmes.html"
    text = text_of(_article(built_site, lang, page))
    # Students 5 days to 2 months; invited teaching staff from 1 day.
    assert f"5{NBSP}{days} {EN_DASH} 2{NBSP}{months}" in text
    one_day = "päivä" if lang == "fi" else "dag"
    assert f"1{NBSP}{one_day} {EN_DASH} 2{NBSP}{months}" in text
    text = text_of(_article(built_site, lang, "activity-types/sp-long-term-pupil-mobility.html"))
    assert f"2{EN_DASH}12{NBSP}{months}" in text


@pytest.mark.parametrize("lang", LANGS)
def test_example_projects_are_titled_in_the_page_language(built_site, db, lang):
    for p in db.projects.values():
        if p.name is None:
            continue
        html = _article(built_site, lang, f"projects/{p.id}.html")
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
        assert h1 and text_of(h1.group(1)) == p.name[lang], p.id
        assert p.summary[lang].split()[0] in text_of(html)


@pytest.mark.parametrize("lang", LANGS)
def test_example_project_shows_its_countries_and_action(built_site, db, lang):
    page = "projects/sp-example-democracy-in-school.html"
    html = _article(built_site, lang, page)
    text = text_of(html)
    for c in ("fi", "de", "nl"):
        assert db.countries[c].name[lang] in text
    assert "actions/ka201.html" in _hrefs(html, page)
