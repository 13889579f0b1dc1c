"""Every kind of mistake an editor can make, on a copy of the real files broken by
hand: the problem names the file, the line and the column, and says in plain words
what is expected.

Each test copies the real data (and, for page mistakes, the pages), makes one edit
the way an editor would, and compares the whole problem line. Line and column are
found from the edited text, so that the tests keep up with the data as it grows;
the message is written out in full.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, copy_project
from kb.cli import find_problems
from kb.load import load, yaml_reader
from kb.problems import DataError


@pytest.fixture
def data(tmp_path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path / "data"


def edit(data: Path, rel: str, old: str, new: str, after: str = "") -> str:
    """Replace the first `old` (after `after`) in data/rel with `new`, as an editor
    would; return the new text."""
    path = data / rel
    text = path.read_text(encoding="utf-8")
    start = text.find(after) if after else 0
    assert start >= 0 and old in text[start:], f"the real {rel} no longer has {old!r}: pick another place to break"
    text = text[:start] + text[start:].replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def first_id(data: Path, kind: str) -> str:
    """The id messages show as an example: the first record of the current period
    (2021-2027) in file order, or the first record if the kind has no periods."""
    path = data / f"{kind}.yaml"
    files = [path] if path.exists() else sorted((data / kind).glob("*.yaml"))
    docs = [yaml_reader().load(f.read_text(encoding="utf-8")) for f in files]
    records = [r for d in docs for r in ([d] if isinstance(d, dict) else d or [])]
    current = [r for r in records if r.get("period") == "2021-2027"]
    return (current or records)[0]["id"]


def at(text: str, needle: str, after: str = "") -> tuple[int, int]:
    """1-based line and column of `needle` (the first one after `after`, if given)."""
    start = text.index(after) if after else 0
    offset = text.index(needle, start)
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def problems(data: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        load(data, data.parent)
    return [str(p) for p in info.value.problems]


def only(data: Path) -> str:
    found = problems(data)
    assert len(found) == 1, "\n".join(found)
    return found[0]


SECTORS = "sectors.yaml"
ACTIONS = "actions/ka210-vet.yaml"  # one record per file: data/<kind>/<id>.yaml
KA210 = "id: ka210-vet"
PROJECT = "projects/dihub.yaml"
DURATION = "duration:\n  min: 6\n  max: 24\n  unit: months\n"


# -- YAML syntax -----------------------------------------------------------------------

def test_unclosed_brace_points_at_the_brace(data):
    text = edit(data, SECTORS, "name: {fi: Ammatillinen koulutus, sv: Yrkesutbildning}",
                "name: {fi: Ammatillinen koulutus, sv: Yrkesutbildning")
    line, col = at(text, "{fi: Ammatillinen")
    assert only(data) == (f"data/sectors.yaml:{line}:{col}: this `{{` is not closed with `}}` on the same line, "
                          "or two parts inside it lack a comma between them, e.g. `{fi: teksti, sv: text}`")


def test_line_indented_too_far_is_read_as_part_of_the_value_above(data):
    text = edit(data, SECTORS, "  code: VET\n", "   code: VET\n")
    line, col = at(text, "code: VET")
    assert only(data) == (f"data/sectors.yaml:{line}:{col}: this line is not lined up with the fields above it, "
                          "so it reads as the continuation of the value on the line before: indent it exactly as "
                          "much as the other fields of the record, with spaces")


def test_line_indented_too_little(data):
    text = edit(data, SECTORS, "    sv: Anordnare av", "   sv: Anordnare av")
    line, col = at(text, "sv: Anordnare")
    assert only(data) == (f"data/sectors.yaml:{line}:{col}: this line is indented differently from the lines "
                          "before it in the same group: line up the fields of one record (or one text) exactly "
                          "under each other, with spaces")


def test_colon_inside_a_value_says_to_quote_it(data):
    text = edit(data, SECTORS, "sv: Anordnare av yrkesutbildning,", "sv: Obs: anordnare av yrkesutbildning,")
    line, col = at(text, ": anordnare")
    assert only(data) == (f"data/sectors.yaml:{line}:{col}: a colon followed by a space (`: `) inside a value: "
                          "put the whole text in double quotes, e.g. `fi: \"Huom: hakuaika päättyy\"`")


def test_unclosed_quote_points_at_the_opening_quote(data):
    # An unclosed quote runs on to the next quotation mark in the file: break one with none after it.
    rel = next(f"actions/{p.name}" for p in sorted((data / "actions").glob("*.yaml"))
               if "time: " in (t := p.read_text(encoding="utf-8")) and '"' not in t[t.index("time: "):])
    text = edit(data, rel, "time: ", 'time: "')
    line, col = at(text, 'time: "')
    col += len("time: ")
    assert only(data) == (f"data/{rel}:{line}:{col}: this quotation mark is never closed: add "
                          "the closing quote at the end of the text (inside '...' write an apostrophe twice: 'it''s')")


def test_tab_character(data):
    text = edit(data, SECTORS, "  code: VET\n", "\tcode: VET\n")
    line, col = at(text, "\tcode")
    assert only(data) == (f"data/sectors.yaml:{line}:{col}: a tab character: YAML is indented with spaces only; "
                          "replace the tab with spaces")


def test_field_given_twice(data):
    text = edit(data, SECTORS, "  code: VET\n", "  code: VET\n  code: YRK\n")
    first, _ = at(text, "code: VET")
    line, col = at(text, "code: YRK")
    assert only(data) == (f"data/sectors.yaml:{line}:{col}: the field `code` appears twice in the same group "
                          f"(first on line {first}): keep only one of them")


def test_file_that_is_not_a_list(data):
    (data / "glossary.yaml").write_text("id: erasmus\nterm: {fi: Erasmus, sv: Erasmus, en: Erasmus}\n",
                                        encoding="utf-8")
    found = problems(data)
    assert "data/glossary.yaml:1:1: the file must be one record (`id: ...` and its fields) in " \
           "data/glossary/<id>.yaml, or a list of records, each starting with `- id: ...` at the start of " \
           "the line" in found


def test_record_that_is_not_a_group_of_fields(data):
    text = edit(data, SECTORS, "- id: vet\n", "- vet\n- id: vet\n")
    line, col = at(text, "vet\n")
    assert only(data) == (f"data/sectors.yaml:{line}:{col}: each record must be a group of `key: value` lines, "
                          "starting with `- id: ...`")


def test_file_name_that_names_no_kind(data):
    shutil.copy(data / SECTORS, data / "sektorit.yaml")
    found = problems(data)
    assert found[0].startswith("data/sektorit.yaml:1:1: the file name does not say what kind of records it holds; "
                               "name it (or its folder) after one of: sources.yaml, sectors.yaml,")


# -- fields of a record ------------------------------------------------------------------

def test_missing_field_points_at_the_record_and_shows_an_example(data):
    text = edit(data, "key_actions.yaml", "- id: ka2\n  number: 2\n", "- id: ka2\n")
    line, col = at(text, "id: ka2")
    assert only(data) == (f"data/key_actions.yaml:{line}:{col}: `number` is missing: this field is required, "
                          "e.g. `number: 12`")


def test_missing_swedish_text(data):
    text = edit(data, SECTORS, "name: {fi: Ammatillinen koulutus, sv: Yrkesutbildning}",
                "name: {fi: Ammatillinen koulutus}")
    line, col = at(text, "{fi: Ammatillinen koulutus}")
    assert only(data) == (f"data/sectors.yaml:{line}:{col}: the Swedish text (`sv:`) of `name` is missing: "
                          "write it in Swedish")


def test_empty_finnish_text(data):
    text = edit(data, SECTORS, "fi: Ammatillisen koulutuksen järjestäjät, opiskelijat, henkilöstö ja työelämän kumppanit.",
                'fi: ""')
    line, col = at(text, '""')
    assert only(data) == (f"data/sectors.yaml:{line}:{col}: the Finnish text (`fi:`) of `description` is empty: "
                          "write it in Finnish")


def test_text_left_as_todo(data):
    text = edit(data, SECTORS, "sv: Anordnare av yrkesutbildning, studerande, personal och partner i arbetslivet.",
                "sv: TODO på svenska")
    line, col = at(text, "TODO på svenska")
    assert only(data) == (f"data/sectors.yaml:{line}:{col}: the Swedish text (`sv:`) of `description` is still "
                          "the TODO placeholder from `make new`: write it in Swedish")


def test_reference_left_as_todo_shows_a_real_id(data):
    text = edit(data, PROJECT, "action: cove\n", "action: TODO\n")
    line, col = at(text, "TODO")
    # The example is a real id of a current action, so that it leads somewhere useful.
    example = first_id(data, "actions")
    assert only(data) == (f"data/{PROJECT}:{line}:{col}: `action` is still the TODO placeholder "
                          f"from `make new`: fill it in, e.g. `action: {example}`")


def test_misspelt_field_suggests_the_right_one(data):
    text = edit(data, SECTORS, "  code: VET\n  name:", "  code: VET\n  nmae:")
    line, col = at(text, "nmae")
    assert only(data) == (f"data/sectors.yaml:{line}:{col}: unknown field `nmae`: check its spelling; did you mean "
                          "`name`?; the fields allowed here are: id, code, name, description, sources")


def test_word_where_a_number_is_expected(data):
    text = edit(data, ACTIONS, DURATION, DURATION.replace("min: 6", "min: six"))
    line, col = at(text, "six")
    assert only(data) == (f"data/{ACTIONS}:{line}:{col}: `duration.min` must be a whole number such as "
                          "12, not 'six'")


def test_decimal_where_a_whole_number_is_expected(data):
    text = edit(data, ACTIONS, DURATION, DURATION.replace("max: 24", "max: 24.5"))
    line, col = at(text, "24.5")
    assert only(data) == (f"data/{ACTIONS}:{line}:{col}: `duration.max` must be a whole number such as "
                          "12, not the decimal number 24.5")


def test_date_in_finnish_format(data):
    text = edit(data, ACTIONS, "    date: 2021-05-20\n", "    date: 20.5.2021\n", after=KA210)
    line, col = at(text, "20.5.2021")
    assert only(data) == (f"data/{ACTIONS}:{line}:{col}: `deadlines.date` must be a date written as "
                          "YYYY-MM-DD, such as 2026-05-20, not '20.5.2021'")


def test_impossible_date(data):
    text = edit(data, ACTIONS, "    date: 2021-05-20\n", "    date: 2021-02-30\n", after=KA210)
    line, col = at(text, "2021-02-30")
    assert only(data) == (f"data/{ACTIONS}:{line}:{col}: `deadlines.date` must be a date written as "
                          "YYYY-MM-DD, such as 2026-05-20, not '2021-02-30' (there is no such day in that month)")


def test_value_not_among_the_choices(data):
    text = edit(data, ACTIONS, "managed_by: national-agency\n", "managed_by: national-agenci\n", after=KA210)
    line, col = at(text, "national-agenci")
    assert only(data) == (f"data/{ACTIONS}:{line}:{col}: `managed_by` must be one of `national-agency` "
                          "or `eacea`, not 'national-agenci'; did you mean `national-agency`?")


def test_id_with_capitals_and_spaces(data):
    text = edit(data, SECTORS, "- id: vet\n", "- id: Vocational Training\n")
    line, col = at(text, "Vocational Training")
    found = problems(data)
    assert (f"data/sectors.yaml:{line}:{col}: `id` must be lower-case letters a-z, digits and hyphens, such as "
            "`ka220-vet`, not 'Vocational Training'") in found


def test_web_address_without_https(data):
    text = edit(data, PROJECT, "url: https://dihubcloud.eu/", "url: dihubcloud.eu")
    line, col = at(text, "dihubcloud.eu")
    assert only(data) == (f"data/{PROJECT}:{line}:{col}: `url` must be a web address starting with "
                          "https://, such as `https://www.example.fi/`, not 'dihubcloud.eu'")


def test_time_in_the_wrong_form(data):
    text = edit(data, ACTIONS, 'time: 12:00 CET', 'time: "klo 12"', after=KA210)
    line, col = at(text, '"klo 12"')
    assert only(data) == (f"data/{ACTIONS}:{line}:{col}: `deadlines.time` must be a time such as "
                          "`\"12:00 CET\"` (hours:minutes, then an optional time zone in capitals), not 'klo 12'")


def test_single_id_where_a_list_is_expected(data):
    text = edit(data, ACTIONS, "sectors:\n  - vet\n", "sectors: vet\n", after=KA210)
    line, col = at(text, "vet\n", after="sectors: vet")
    assert only(data) == (f"data/{ACTIONS}:{line}:{col}: `sectors` must be a list, even of one item: "
                          "write `sectors: [vet]`")


def test_empty_list_where_one_item_is_required(data):
    text = edit(data, SECTORS, "  sources: [seed-003-vet-webinar-2021, seed-004-programme-guide-sp]\n",
                "  sources: []\n")
    line, col = at(text, "[]")
    assert only(data) == (f"data/sectors.yaml:{line}:{col}: `sources` must list at least one item, "
                          f"e.g. `sources: [{first_id(data, 'sources')}]`")


def test_text_in_one_language_only(data):
    text = edit(data, SECTORS, "name: {fi: Ammatillinen koulutus, sv: Yrkesutbildning}", "name: Ammatillinen koulutus")
    line, col = at(text, "Ammatillinen koulutus\n")
    assert only(data) == (f"data/sectors.yaml:{line}:{col}: `name` must have a text in each language, not just "
                          "'Ammatillinen koulutus', e.g. `name: {fi: suomeksi, sv: på svenska}`")


def test_field_without_a_value(data):
    text = edit(data, SECTORS, "  code: VET\n", "  code:\n")
    line, col = at(text, "code:\n")
    found = only(data)
    # An empty value has no position of its own: the problem points at the record.
    assert found.endswith("`code` has no value: write the value after the colon, e.g. `code: KA220-VET`, "
                          "or remove the line if the field is optional")
    assert found.startswith("data/sectors.yaml:")


def test_number_where_a_text_is_expected_says_to_quote_it(data):
    text = edit(data, ACTIONS, "round:\n      fi: Kevään 2021 hakukierros\n", "round:\n      fi: 2021\n", after=KA210)
    line, col = at(text, "2021\n", after="round:\n      fi:")
    assert only(data) == (f"data/{ACTIONS}:{line}:{col}: the Finnish text (`fi:`) of `deadlines.round` "
                          "is read as 2021, not as text: put it in quotes, e.g. `fi: \"2021\"`")


def test_maximum_below_minimum(data):
    text = edit(data, ACTIONS, DURATION, DURATION.replace("min: 6\n  max: 24", "min: 12\n  max: 6"))
    line, col = at(text, "6\n", after="min: 12")
    assert only(data) == (f"data/{ACTIONS}:{line}:{col}: `duration.max` is 6 but `min` is 12: "
                          "the maximum must be at least the minimum")


def test_range_with_neither_end(data):
    text = edit(data, ACTIONS, DURATION, "duration:\n  unit: months\n")
    line, col = at(text, "unit: months")
    assert only(data) == f"data/{ACTIONS}:{line}:{col}: `duration`: give at least `min` or `max`"


def test_deadline_year_and_date_disagree(data):
    text = edit(data, ACTIONS, "    date: 2021-05-20\n", "    date: 2022-05-20\n", after=KA210)
    line, col = at(text, "2021\n", after="deadlines:")
    assert only(data) == (f"data/{ACTIONS}:{line}:{col}: `deadlines`: `year` is 2021 but the date "
                          "2022-05-20 is in 2022: they must agree (write `year: 2022`, or fix the date)")


def test_duplicate_id_names_the_first_record(data):
    text = (data / SECTORS).read_text(encoding="utf-8")
    vet = text[text.index("- id: vet\n"):text.index("- id: higher\n")]
    text = edit(data, SECTORS, text, text + vet)  # the record copied to the end, as an editor might
    first, _ = at(text, "- id: vet")
    line, col = text.count("\n", 0, text.rindex("- id: vet")) + 1, 7
    assert only(data) == (f"data/sectors.yaml:{line}:{col}: duplicate id `vet`: it is already used at "
                          f"data/sectors.yaml:{first}; every id must be unique")


def test_reference_to_a_missing_record_suggests_close_ids(data):
    text = edit(data, ACTIONS, "sectors:\n  - vet\n", "sectors:\n  - vett\n", after=KA210)
    line, col = at(text, "vett")
    assert only(data) == (f"data/{ACTIONS}:{line}:{col}: `sectors` refers to `vett`, but there is no "
                          "record with that id in sectors; did you mean `vet`?")


def test_all_problems_are_reported_at_once(data):
    edit(data, SECTORS, "  code: VET\n  name:", "  code: VET\n  nmae:")
    edit(data, ACTIONS, "sectors:\n  - vet\n", "sectors:\n  - vett\n", after=KA210)
    edit(data, ACTIONS, DURATION, DURATION.replace("min: 6\n  max: 24", "min: 12\n  max: 6"))
    found = problems(data)
    assert len(found) == 3
    assert [p.split(":")[0] for p in found] == [f"data/{ACTIONS}"] * 2 + ["data/sectors.yaml"]


# -- pages ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def broken_pages(tmp_path_factory) -> tuple[Path, list[str]]:
    """One copy of the project with one mistake of each kind in its pages; checked once."""
    project = copy_project(tmp_path_factory.mktemp("pages"))
    content = project / "content"
    (content / "orphan.fi.md").write_text("# Orpo\n", encoding="utf-8")
    (content / "notes.en.md").write_text("# Notes\n", encoding="utf-8")
    pages = {
        "macro": "# Makro\n\nTeksti.\n\n{{ action_fact(\"ka220-vet\") }}\n",
        "record": "# Tietue\n\n{{ action_facts(\"ka999-vet\") }}\n",
        "syntax": "# Syntaksi\n\nEnsimmäinen rivi.\n{{ action_facts(\"ka220-vet\" }}\n",
        "uistring": "# Teksti\n\n{{ t(\"facts.headng\") }}\n",
        "front": "---\ntitle: Etusivu\n---\n# Otsikko\n\n{{ action_facts(\"ka999-vet\") }}\n",
    }
    for name, body in pages.items():
        (content / f"broken-{name}.fi.md").write_text(body, encoding="utf-8")
        (content / f"broken-{name}.sv.md").write_text("# Sida\n", encoding="utf-8")
    found, _ = find_problems(project)
    return project, [str(p) for p in found]


def test_page_without_its_twin(broken_pages):
    _, found = broken_pages
    assert ("content/orphan.fi.md:1:1: this page has no twin content/orphan.sv.md: every page must exist in "
            "Finnish and in Swedish") in found


def test_page_with_a_language_other_than_fi_or_sv(broken_pages):
    _, found = broken_pages
    assert "content/notes.en.md:1:1: a page's name must end in .fi.md or .sv.md, e.g. glossary.fi.md" in found


def test_unknown_macro_in_a_page(broken_pages):
    _, found = broken_pages
    assert any(p.startswith("content/broken-macro.fi.md:5:1: unknown macro or name `action_fact`; "
                            "did you mean `action_facts`") for p in found)


def test_unknown_record_id_in_a_macro_call(broken_pages):
    _, found = broken_pages
    line = [p for p in found if p.startswith("content/broken-record.fi.md:")]
    assert len(line) == 1
    assert line[0].startswith("content/broken-record.fi.md:3:1: there is no record `ka999-vet` in actions; "
                              "did you mean `ka220-vet`")
    assert "(inside the macro at overrides/macros/" in line[0]


def test_template_syntax_error_in_a_page(broken_pages):
    _, found = broken_pages
    assert ("content/broken-syntax.fi.md:4:1: template syntax error: unexpected '}', expected ')'; check the "
            "{{ ... }} and {% ... %} on this line") in found


def test_unknown_interface_string_in_a_page(broken_pages):
    _, found = broken_pages
    assert any(p.startswith("content/broken-uistring.fi.md:3:1: there is no interface string `facts.headng` in "
                            "data/ui/; did you mean `facts.heading`") for p in found)


def test_page_lines_count_the_front_matter(broken_pages):
    _, found = broken_pages
    assert any(p.startswith("content/broken-front.fi.md:6:1: there is no record `ka999-vet` in actions") for p in found)


def test_the_real_pages_have_no_problems(broken_pages):
    _, found = broken_pages
    assert all(p.startswith(("content/broken-", "content/orphan.", "content/notes.")) for p in found), found
