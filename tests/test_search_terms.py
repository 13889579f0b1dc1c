"""kb.search: the codes and names each search index entry gets, and the term bank interface
(pairs of a preferred term and its variants) through which the glossary, and any other
source of terms, give a page the names applicants may type."""
from __future__ import annotations

import pytest

from kb.registry import PAGE_DIRS
from kb.search import TermBank, code_keys, compact, split_index
from kb.state import KnowledgeBase


pytestmark = pytest.mark.unit

@pytest.fixture(scope="module")
def db(root):
    return KnowledgeBase(root).get().db


def test_a_code_is_indexed_as_written_and_without_separators():
    assert code_keys("KA220-VET") == ["KA220-VET", "ka220vet"]
    assert code_keys("2021-2027") == ["2021-2027", "20212027"]
    assert code_keys("AfI lot 1") == ["AfI lot 1", "afilot1"]
    assert code_keys("CoVE") == ["CoVE"]  # no number: the word itself
    assert compact("KA 220") == "ka220"


def test_a_term_reaches_titles_that_hold_it_inflected_and_the_longer_term_wins():
    bank = TermBank().add_pairs([
        ("kumppanuushanke", ["cooperation partnership"]),
        ("pienimuotoinen kumppanuushanke", ["small-scale partnership"]),
        ("kumppani", ["partner organisation"]),
    ])
    assert bank.names_for("Kumppanuushankkeet, kouluopetus") == ["cooperation partnership"]
    # The longer term says it more precisely; "kumppani" is not in "kumppanuushankkeet".
    assert bank.names_for("Pienimuotoiset kumppanuushankkeet, kouluopetus") == ["small-scale partnership"]
    assert bank.names_for("Kumppanit ja koordinaattori") == ["partner organisation"]
    assert bank.names_for("Ammatillinen koulutus") == []


def _index(db, lang: str, docs: list[dict]) -> dict:
    prefix = "" if lang == "fi" else f"{lang}/"
    return {"config": {"lang": ["fi", "sv"], "separator": "[\\s\\-]+", "pipeline": ["stemmer"],
                       "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}},
            "docs": [{**d, "location": prefix + d["location"]} for d in docs]}


def test_variants_from_another_term_source_reach_the_page_in_each_language(db):
    # The interface a term bank (data/terms.yaml) feeds: (preferred, variants) per language.
    action = next(a for a in db.actions.values() if a.is_current)
    page = f"{PAGE_DIRS['actions']}/{action.id}.html"
    word = action.name.fi.split()[0]
    docs = [{"location": page, "title": action.name.fi, "text": ""}]
    out = split_index(_index(db, "fi", docs), db, extra_terms={"fi": [(word, ["kokonaan toinen nimi"])]})
    (doc,) = out["fi"]["docs"]
    assert "kokonaan toinen nimi" in doc["names"]
    assert action.name.sv in doc["names"]  # the record's name in the other language
    assert action.code in doc["code"]
    assert doc["boost"] > 1  # the record's own page above pages that mention it


def test_a_section_without_a_title_shows_its_page_title(db):
    docs = [{"location": "about.html", "title": "Tietoa sivustosta", "text": "x"},
            {"location": "about.html#kohta", "title": "  ", "text": "y"},
            {"location": "about.html#toinen", "title": "<code></code>", "text": "z"}]
    out = split_index(_index(db, "fi", docs), db)
    assert [d["title"] for d in out["fi"]["docs"]] == ["Tietoa sivustosta"] * 3


def test_each_language_gets_its_own_index_with_its_own_stemmer(db):
    docs = [{"location": "index.html", "title": "Etusivu", "text": ""}]
    sv_docs = _index(db, "sv", [{"location": "index.html", "title": "Startsida", "text": ""}])["docs"]
    out = split_index({**_index(db, "fi", docs), "docs": _index(db, "fi", docs)["docs"] + sv_docs}, db)
    assert sorted(out) == ["fi", "sv"]
    assert out["fi"]["config"]["lang"] == ["fi"] and out["sv"]["config"]["lang"] == ["sv"]
    assert [d["location"] for d in out["sv"]["docs"]] == ["sv/index.html"]
    assert {"code", "names"} <= set(out["fi"]["config"]["fields"])


def test_the_term_bank_feeds_search_with_the_variants_the_site_does_not_use(db):
    """data/terms/: a term the site avoids ("nuorisosektori") finds the pages named with the
    preferred term, in the page's language; so does the term's name in the other language."""
    terms = [t for t in db.kind("terms").values() if t.avoid.fi]
    assert terms, "the term bank has no Finnish variants to test with"
    term = terms[0]
    variant = term.avoid.fi[0].rstrip("*")
    docs = [{"location": "about.html", "title": f"Sivu: {term.preferred.fi}", "text": ""}]
    (doc,) = split_index(_index(db, "fi", docs), db)["fi"]["docs"]
    assert variant in doc["names"], doc
    assert term.preferred.sv in doc["names"], doc
