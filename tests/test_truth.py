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

pytestmark = pytest.mark.unit

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


# Runs `make check` over a whole copy of the project (every page rendered): the build tier.
@pytest.mark.build
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


# -- the term bank ------------------------------------------------------------------------

def a_use_of(variant: str) -> str:
    """A word the variant matches: a starred word gets an ending, as inflected text has."""
    return " ".join(w[:-1] + "ssa" if w.endswith("*") else w for w in variant.split())


def first_variant(db, lang: str):
    for term in db.kind("terms").values():
        for variant in getattr(term.avoid, lang):
            return term, variant
    pytest.fail(f"the term bank has no {lang} variant to test with")


def test_the_real_site_uses_no_variant_and_the_glossary_agrees(root, db):
    problems, _ = check_texts(root, db)
    assert not [p for p in problems if "instead of" in p.message], problems
    from kb.truth import check_term_bank
    assert check_term_bank(root, db) == []
    # Every term bank entry that names a glossary entry uses its words, in every language.
    for term in db.kind("terms").values():
        if term.glossary:
            entry = db.glossary[term.glossary].term
            for lang in ("fi", "sv"):
                assert entry[lang].casefold() == term.preferred[lang].casefold(), (term.id, lang)


# Runs `make check` over a whole copy of the project (every page rendered): the build tier.
@pytest.mark.build
def test_variants_in_data_and_pages_are_reported_at_their_place(project, db, capsys, monkeypatch):
    fi_term, fi_variant = first_variant(db, "fi")
    sv_term, sv_variant = first_variant(db, "sv")
    fi_word, sv_word = a_use_of(fi_variant), a_use_of(sv_variant)
    # A Finnish variant in a folded data text, a Swedish one in a flow mapping, and one in a page.
    data = project / "data" / "sectors.yaml"
    text = data.read_text(encoding="utf-8")
    text = text.replace("- id: school\n", "- id: school\n", 1)
    block = ("- id: zz-test\n  code: ZZ\n  name: {fi: Testi, sv: " + f"Test om {sv_word}" + "}\n"
             "  description:\n    fi: >-\n      Ensimmäinen rivi,\n      toinen rivi jossa " + fi_word + ".\n"
             "    sv: En beskrivning.\n  sources: [seed-003-vet-webinar-2021]\n")
    text = text + block
    data.write_text(text, encoding="utf-8")
    page = project / "content" / "about.sv.md"
    page_text = page.read_text(encoding="utf-8") + f"\nHär står {sv_word} i en mening.\n"
    page.write_text(page_text, encoding="utf-8")
    code, out = run_check(project, capsys, monkeypatch, publish=False)
    assert code == 1
    fi_found = fi_word
    expected = [
        ("data/sectors.yaml", *where(text, f"jossa {fi_word}"), fi_term.preferred.fi, fi_found, len("jossa ")),
        ("data/sectors.yaml", *where(text, f"Test om {sv_word}"), sv_term.preferred.sv, sv_word, len("Test om ")),
        ("content/about.sv.md", *where(page_text, f"{sv_word} i en mening"), sv_term.preferred.sv, sv_word, 0),
    ]
    for path, line, col, preferred, found, shift in expected:
        want = f'{path}:{line}:{col + shift}: use "{preferred}" instead of "{found}"'
        assert want in out, (want, out)
    # A strict build stops on them and leaves no site behind.
    site = project / "site"
    assert cli.build(project, site) == 1
    assert not site.exists()


# Runs `make check` over a whole copy of the project (every page rendered): the build tier.
@pytest.mark.build
def test_a_finnish_acronym_ending_needs_a_colon(project, capsys, monkeypatch):
    data = project / "data" / "sectors.yaml"
    text = data.read_text(encoding="utf-8") + (
        "- id: zz-acronym\n  code: ZZ\n  name: {fi: Testi, sv: Test}\n  description:\n"
        "    fi: Haetaan EACEAlta, ja EACEA:n sivulla on lisää.\n"
        "    sv: Man söker hos EACEA, och EACEA:s webbplats har mer.\n"
        "  sources: [seed-003-vet-webinar-2021]\n")
    data.write_text(text, encoding="utf-8")
    code, out = run_check(project, capsys, monkeypatch, publish=False)
    assert code == 1
    line, col = where(text, "EACEAlta")
    flagged = [l for l in out if "after an acronym" in l]
    assert flagged == [f'data/sectors.yaml:{line}:{col}: use "EACEA:lta" instead of "EACEAlta": '
                       "in Finnish an ending after an acronym follows a colon"], out


# Runs `make check` over a whole copy of the project (every page rendered): the build tier.
@pytest.mark.build
def test_glossary_and_term_bank_must_agree(project, db, capsys, monkeypatch):
    term = next(t for t in db.kind("terms").values() if t.glossary)
    path = project / "data" / "glossary" / f"{term.glossary}.yaml"  # one record per file
    text = path.read_text(encoding="utf-8")
    entry = db.glossary[term.glossary].term
    old = f"fi: {entry.fi}\n"
    at = text.index(old, text.index("term:"))
    text = text[:at] + 'fi: "jokin muu nimi"\n' + text[at + len(old):]
    path.write_text(text, encoding="utf-8")
    code, out = run_check(project, capsys, monkeypatch, publish=False)
    assert code == 1
    assert any(l.startswith(f"data/terms/{term.id}.yaml:") and f"`{term.id}`" in l and "jokin muu nimi" in l for l in out), out


# -- sourced or marked ----------------------------------------------------------------------

@pytest.mark.build
@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_editorial_texts_are_marked_on_the_page(built_site, db, lang):
    from htmlpages import page_file, text_of
    marker = db.ui_text("editorial.marker", lang)
    marked = [g for g in db.glossary.values() if g.definition.editorial]
    unmarked = [g for g in db.glossary.values() if not g.definition.editorial]
    assert marked and unmarked
    page = text_of(page_file(built_site, lang, "glossary.html").read_text(encoding="utf-8"))
    for g in marked:
        assert f"{g.definition[lang]} {marker}" in page, g.id
    for g in unmarked:
        assert f"{g.definition[lang]} {marker}" not in page, g.id


# Runs `make check` over a whole copy of the project (every page rendered): the build tier.
@pytest.mark.build
def test_an_unsourced_record_must_mark_its_texts(project, capsys, monkeypatch):
    path = project / "data" / "glossary" / "zz-unsourced.yaml"  # one record per file
    text = ('id: zz-unsourced\nterm:\n  fi: testi\n  sv: test\n  en: test\n'
            'definition:\n  fi: Väite ilman lähdettä.\n  sv: Ett påstående utan källa.\n')
    path.write_text(text, encoding="utf-8")
    code, out = run_check(project, capsys, monkeypatch, publish=False)
    assert code == 1
    line, col = where(text, "id: zz-unsourced")
    assert any(l.startswith(f"data/glossary/zz-unsourced.yaml:{line}:{col}: `zz-unsourced` cites no source")
               for l in out), out
    # Marked as our own explanation, the same record passes and is counted as editorial.
    path.write_text(text + "  editorial: true\n", encoding="utf-8")
    code, out = run_check(project, capsys, monkeypatch, publish=False)
    assert code == 0, out
    summary = cli.find_problems(project)[1]
    assert re.search(r"statements: \d+ sourced, \d+ marked editorial", summary)
