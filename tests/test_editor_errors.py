"""Every kind of mistake an editor can make, on a copy of the real files broken by
hand: the problem names the file, the line and the column, and says in plain words
what is expected.

One table, one test. Each case copies the real data (page cases: one shared copy of
the project with one broken page per mistake), finds a record by id and one of its
fields, edits that line the way an editor would and compares the problem line. The
edits and the expectations are derived from the record as it stands in `data/` (its
texts, numbers and dates), so content edits do not break the tests; the messages,
which are the interface under test, are written out in full.
"""
from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, copy_project
from kb.cli import find_problems
from kb.load import load, yaml_reader
from kb.problems import DataError

pytestmark = pytest.mark.unit


@pytest.fixture
def data(tmp_path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path / "data"


def kind_files(data: Path, kind: str) -> list[Path]:
    path = data / f"{kind}.yaml"
    return [path] if path.exists() else sorted((data / kind).rglob("*.yaml"))


def first_id(data: Path, kind: str) -> str:
    """The id messages show as an example: the first record of the current period
    in file order, or the first record if the kind has no periods."""
    from kb.registry import CURRENT_PERIOD
    docs = [yaml_reader().load(f.read_text(encoding="utf-8")) for f in kind_files(data, kind)]
    records = [r for d in docs for r in ([d] if isinstance(d, dict) else d or [])]
    current = [r for r in records if r.get("period") == CURRENT_PERIOD]
    return (current or records)[0]["id"]


class Record:
    """One record's lines in its data file, edited in place as an editor would."""

    def __init__(self, data: Path, kind: str, record_id: str = "", where: str = ""):
        # A list file holds records as `- id: ...` items; a kind with a folder holds one
        # record per file (data/<kind>/<id>.yaml), the whole file being the record.
        per_file = (data / kind).is_dir()
        for path in kind_files(data, kind):
            text = path.read_text(encoding="utf-8")
            if per_file:
                m = (re.search(rf"^id: {re.escape(record_id)}\n", text, re.M) if record_id
                     else re.search(rf"^id: .*\n(?:.*\n)*?\s*{where}", text, re.M))
                m = re.match("", text) if m else None
            else:
                m = (re.search(rf"^- id: {re.escape(record_id)}\n", text, re.M) if record_id
                     else re.search(rf"^- id: .*\n(?:(?!- ).*\n)*?\s+{where}", text, re.M))
            if m:
                break
        else:
            pytest.fail(f"no {kind} record {record_id or where!r} in data/: pick another one to break")
        self.path, self.text = path, text
        self.rel = path.relative_to(data.parent).as_posix()
        self.start = m.start()
        if per_file:
            self.end = len(text)
            self.id = re.search(r"^id: (.*)", text, re.M).group(1)
        else:
            end = re.compile(r"^- ", re.M).search(text, m.end())
            self.end = end.start() if end else len(text)
            self.id = re.match(r"- id: (.*)", text[self.start:]).group(1)

    def line(self, pattern: str) -> re.Match:
        """The record's first line matching `pattern` (a regex from the line's start)."""
        m = re.compile(rf"^(\s*){pattern}.*$", re.M).search(self.text, self.start, self.end)
        assert m, f"{self.rel}: record {self.id} has no line matching {pattern!r}: pick another"
        return m

    def replace(self, m: re.Match, new: str) -> None:
        self.text = self.text[:m.start()] + new + self.text[m.end():]
        self.end += len(new) - (m.end() - m.start())
        self.path.write_text(self.text, encoding="utf-8")

    def at(self, needle: str, after: str = "") -> str:
        """`path:line:col` of the first `needle` in the record (after `after`)."""
        start = self.text.index(after, self.start) if after else self.start
        offset = self.text.index(needle, start)
        line = self.text.count("\n", 0, offset) + 1
        return f"{self.rel}:{line}:{offset - (self.text.rfind(chr(10), 0, offset) + 1) + 1}"

    def line_no(self, needle: str) -> int:
        return self.text.count("\n", 0, self.text.index(needle, self.start)) + 1


def flow_text(line: re.Match) -> tuple[str, str]:
    """The Finnish and Swedish texts of a line such as `name: {fi: ..., sv: ...}`."""
    m = re.search(r"\{fi: (.*), sv: (.*)\}\s*$", line.group(0))
    assert m, f"not a one-line bilingual text: {line.group(0)!r}"
    return m.group(1), m.group(2)


def problems(data: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        load(data, data.parent)
    return [str(p) for p in info.value.problems]


# -- the table -------------------------------------------------------------------------
# A case edits the copy and returns its expectation: a whole problem line ("only" that
# one problem), or a check over all the problems found.

@dataclass
class Case:
    name: str
    make: Callable[[Path], object]
    match: str = "only"  # only | in | startswith | endswith | check


def _indent(line: re.Match) -> str:
    return line.group(1)


def unclosed_brace(data):
    r = Record(data, "sectors", "vet")
    name = r.line("name: {")
    r.replace(name, name.group(0).rstrip()[:-1])
    return (f"{r.at('{fi: ', after='name:')}: this `{{` is not closed with `}}` on the same line, "
            "or two parts inside it lack a comma between them, e.g. `{fi: teksti, sv: text}`")


def indented_too_far(data):
    r = Record(data, "sectors", "vet")
    code = r.line("code: ")
    r.replace(code, " " + code.group(0))
    return (f"{r.at('code: ')}: this line is not lined up with the fields above it, "
            "so it reads as the continuation of the value on the line before: indent it exactly as "
            "much as the other fields of the record, with spaces")


def indented_too_little(data):
    r = Record(data, "sectors", "vet")
    sv = r.line(r"sv: (?![\"'])", )
    r.replace(sv, sv.group(0)[1:])
    return (f"{r.at('sv: ', after='description:')}: this line is indented differently from the lines "
            "before it in the same group: line up the fields of one record (or one text) exactly "
            "under each other, with spaces")


def colon_inside_a_value(data):
    r = Record(data, "sectors", "vet")
    sv = r.line(r"sv: (?![\"'{])")
    r.replace(sv, sv.group(0).replace("sv: ", "sv: Obs: ", 1))
    return (f"{r.at(': ', after='Obs')}: a colon followed by a space (`: `) inside a value: "
            "put the whole text in double quotes, e.g. `fi: \"Huom: hakuaika päättyy\"`")


def unclosed_quote(data):
    # The editor puts the time in quotes and forgets the closing one: `time: "12:00 CET`.
    r = Record(data, "actions", "ka210-vet")
    time = r.line(r"time: ")
    value = time.group(0).split("time: ", 1)[1].strip().strip("\"'")
    r.replace(time, f'{_indent(time)}time: "{value}')
    return (f"{r.at(chr(34), after='time: ')}: this quotation mark is never closed: add "
            "the closing quote at the end of the text (inside '...' write an apostrophe twice: 'it''s')")


def tab_character(data):
    r = Record(data, "sectors", "vet")
    code = r.line("code: ")
    r.replace(code, "\t" + code.group(0).lstrip())
    return f"{r.at(chr(9))}: a tab character: YAML is indented with spaces only; replace the tab with spaces"


def field_given_twice(data):
    r = Record(data, "sectors", "vet")
    code = r.line("code: ")
    r.replace(code, f"{code.group(0)}\n{_indent(code)}code: YRK")
    return (f"{r.at('code: YRK')}: the field `code` appears twice in the same group "
            f"(first on line {r.line_no('code: ')}): keep only one of them")


def file_that_is_not_a_list(data):
    # A list file (a small fixed set) given one record, written as a per-record file is.
    r = Record(data, "sectors", "vet")
    record = r.text[r.start:r.end]
    r.path.write_text("\n".join(line[2:] for line in record.splitlines()) + "\n", encoding="utf-8")
    return (f"{r.rel}:1:1: the file must be one record (`id: ...` and its fields) in data/sectors/<id>.yaml, "
            "or a list of records, each starting with `- id: ...` at the start of the line")


def file_that_is_not_one_record(data):
    # A per-record file (data/<kind>/<id>.yaml) holding a bare text instead of `id: ...`
    # and the record's fields, e.g. the term pasted over the whole file.
    r = Record(data, "glossary", where="term:")
    fi = r.line(r"term:\n\s+fi: ").group(0).split("fi: ", 1)[1].strip()
    r.path.write_text(f"{fi}\n", encoding="utf-8")
    return (f"{r.rel}:1:1: the file must be one record (`id: ...` and its fields) in data/glossary/<id>.yaml, "
            "or a list of records, each starting with `- id: ...` at the start of the line")


def record_not_a_group_of_fields(data):
    r = Record(data, "sectors", "vet")
    first = r.line("- id: ")
    r.replace(first, f"- {r.id}\n{first.group(0)}")
    return (f"{r.at(r.id)}: each record must be a group of `key: value` lines, starting with `- id: ...`")


def file_name_that_names_no_kind(data):
    shutil.copy(kind_files(data, "sectors")[0], data / "sektorit.yaml")
    return ("data/sektorit.yaml:1:1: the file name does not say what kind of records it holds; "
            "name it (or its folder) after one of: sources.yaml, sectors.yaml,")


def missing_field(data):
    r = Record(data, "key_actions", "ka2")
    number = r.line("number: ")
    r.replace(number, "")
    r.text = r.text.replace(f"- id: {r.id}\n\n", f"- id: {r.id}\n", 1)  # the emptied line goes too
    r.path.write_text(r.text, encoding="utf-8")
    return f"{r.at('id: ')}: `number` is missing: this field is required, e.g. `number: 12`"


def missing_swedish_text(data):
    r = Record(data, "sectors", "vet")
    name = r.line("name: {")
    fi, _ = flow_text(name)
    r.replace(name, f"{_indent(name)}name: {{fi: {fi}}}")
    return f"{r.at('{fi: ', after='name:')}: the Swedish text (`sv:`) of `name` is missing: write it in Swedish"


def empty_finnish_text(data):
    r = Record(data, "sectors", "vet")
    fi = r.line(r"fi: (?![\"'{])")
    r.replace(fi, f'{_indent(fi)}fi: ""')
    return f"{r.at(chr(34) * 2)}: the Finnish text (`fi:`) of `description` is empty: write it in Finnish"


def text_left_as_todo(data):
    r = Record(data, "sectors", "vet")
    sv = r.line(r"sv: (?![\"'{])")
    r.replace(sv, f"{_indent(sv)}sv: TODO på svenska")
    return (f"{r.at('TODO')}: the Swedish text (`sv:`) of `description` is still the TODO placeholder "
            "from `make new`: write it in Swedish")


def reference_left_as_todo(data):
    r = Record(data, "projects", where="action: ")
    action = r.line("action: ")
    r.replace(action, f"{_indent(action)}action: TODO")
    # The example is a real id of a current action, so that it leads somewhere useful.
    return (f"{r.at('TODO')}: `action` is still the TODO placeholder from `make new`: fill it in, "
            f"e.g. `action: {first_id(data, 'actions')}`")


def misspelt_field(data):
    from kb.model import Sector
    r = Record(data, "sectors", "vet")
    name = r.line("name: ")
    r.replace(name, name.group(0).replace("name:", "nmae:", 1))
    allowed = ", ".join(f.alias or n for n, f in Sector.model_fields.items())
    return (f"{r.at('nmae')}: unknown field `nmae`: check its spelling; did you mean "
            f"`name`?; the fields allowed here are: {allowed}")


# A duration with both ends, in block style: `duration:` then `min: 6`, `max: 24`, `unit: months`
# on lines of their own, indented under it.
DURATION = r"duration:\n(?:[ ]+.*\n)*?[ ]+min: \d+\n(?:[ ]+.*\n)*?[ ]+max: \d+\n"


def _duration(data) -> tuple[Record, re.Match, tuple[int, int]]:
    r = Record(data, "actions", where=DURATION)
    block = r.line(r"duration:(?:\n[ ]+.*)+")
    return r, block, (int(re.search(r"\bmin: (\d+)", block[0])[1]), int(re.search(r"\bmax: (\d+)", block[0])[1]))


def _edit_duration(r: Record, block: re.Match, **values) -> None:
    """Rewrite the `min:` and `max:` lines of the duration block: a value, or None to remove the line."""
    text = block.group(0)
    for key, value in values.items():
        text = re.sub(rf"\n([ ]+){key}: .*", "" if value is None else rf"\n\g<1>{key}: {value}", text, count=1)
    r.replace(block, text)


def word_where_a_number_is_expected(data):
    r, block, (lo, hi) = _duration(data)
    _edit_duration(r, block, min="six")
    return f"{r.at('six')}: `duration.min` must be a whole number such as 12, not 'six'"


def decimal_where_a_whole_number_is_expected(data):
    r, block, (lo, hi) = _duration(data)
    _edit_duration(r, block, max=f"{hi}.5")
    return (f"{r.at(f'{hi}.5')}: `duration.max` must be a whole number such as 12, "
            f"not the decimal number {hi}.5")


def _deadline_date(data) -> tuple[Record, re.Match, str]:
    r = Record(data, "actions", "ka210-vet")
    line = r.line(r"date: \d{4}-\d\d-\d\d")
    return r, line, line.group(0).split("date: ")[1].strip()


def date_in_finnish_format(data):
    r, line, date = _deadline_date(data)
    y, m, d = date.split("-")
    finnish = f"{int(d)}.{int(m)}.{y}"
    r.replace(line, f"{_indent(line)}date: {finnish}")
    return (f"{r.at(finnish)}: `deadlines.date` must be a date written as YYYY-MM-DD, such as 2026-05-20, "
            f"not '{finnish}'")


def impossible_date(data):
    r, line, date = _deadline_date(data)
    bad = f"{date[:4]}-02-30"
    r.replace(line, f"{_indent(line)}date: {bad}")
    return (f"{r.at(bad)}: `deadlines.date` must be a date written as YYYY-MM-DD, such as 2026-05-20, "
            f"not '{bad}' (there is no such day in that month)")


def deadline_year_and_date_disagree(data):
    r, line, date = _deadline_date(data)
    year = int(date[:4])
    r.replace(line, f"{_indent(line)}date: {year + 1}{date[4:]}")
    return (f"{r.at(str(year), after='year: ')}: `deadlines`: `year` is {year} but the date "
            f"{year + 1}{date[4:]} is in {year + 1}: they must agree (write `year: {year + 1}`, or fix the date)")


def value_not_among_the_choices(data):
    r = Record(data, "actions", "ka210-vet")
    line = r.line("managed_by: national-agency")
    r.replace(line, f"{_indent(line)}managed_by: national-agenci")
    return (f"{r.at('national-agenci')}: `managed_by` must be one of `national-agency` or `eacea`, "
            "not 'national-agenci'; did you mean `national-agency`?")


def id_with_capitals_and_spaces(data):
    r = Record(data, "sectors", "vet")
    r.replace(r.line("- id: "), "- id: Vocational Training")
    return (f"{r.at('Vocational Training')}: `id` must be lower-case letters a-z, digits and hyphens, such as "
            "`ka220-vet`, not 'Vocational Training'")


def web_address_without_https(data):
    r = Record(data, "projects", where="url: https://")
    line = r.line("url: https://")
    bare = line.group(0).split("https://", 1)[1].strip()
    r.replace(line, f"{_indent(line)}url: {bare}")
    return (f"{r.at(bare, after='url: ')}: `url` must be a web address starting with https://, such as "
            f"`https://www.example.fi/`, not '{bare}'")


def time_in_the_wrong_form(data):
    r = Record(data, "actions", "ka210-vet")
    line = r.line(r"time: ")
    r.replace(line, f"{_indent(line)}time: klo 12")
    return (f"{r.at('klo 12')}: `deadlines.time` must be a time such as `\"12:00 CET\"` "
            "(hours:minutes, then an optional time zone in capitals), not 'klo 12'")


def _sectors(data) -> tuple[Record, re.Match, str]:
    """The record's block list `sectors:` then `  - vet` lines, and its first sector."""
    r = Record(data, "actions", "ka210-vet")
    block = r.line(r"sectors:(?:\n[ ]+- .*)+")
    return r, block, re.search(r"\n[ ]+- (.*)", block.group(0))[1].strip()


def single_id_where_a_list_is_expected(data):
    r, block, sector = _sectors(data)
    r.replace(block, f"{_indent(block)}sectors: {sector}")
    return (f"{r.at(sector, after='sectors: ')}: `sectors` must be a list, even of one item: "
            f"write `sectors: [{sector}]`")


def reference_to_a_missing_record(data):
    r, block, sector = _sectors(data)
    r.replace(block, block.group(0).replace(f"- {sector}", f"- {sector}t", 1))
    return (f"{r.at(sector + 't')}: `sectors` refers to `{sector}t`, but there is no record with that id in "
            f"sectors; did you mean `{sector}`?")


def empty_list_where_one_item_is_required(data):
    r = Record(data, "sectors", "vet")
    line = r.line(r"sources: \[")
    r.replace(line, f"{_indent(line)}sources: []")
    return f"{r.at('[]')}: `sources` must list at least one item, e.g. `sources: [{first_id(data, 'sources')}]`"


def text_in_one_language_only(data):
    r = Record(data, "sectors", "vet")
    name = r.line("name: {")
    fi, _ = flow_text(name)
    r.replace(name, f"{_indent(name)}name: {fi}")
    return (f"{r.at(fi, after='name: ')}: `name` must have a text in each language, not just "
            f"'{fi}', e.g. `name: {{fi: suomeksi, sv: på svenska}}`")


def field_without_a_value(data):
    r = Record(data, "sectors", "vet")
    code = r.line("code: ")
    r.replace(code, f"{_indent(code)}code:")
    # An empty value has no position of its own: the problem points at the record.
    return (f"{r.rel}:", "`code` has no value: write the value after the colon, e.g. `code: KA220-VET`, "
            "or remove the line if the field is optional")


def number_where_a_text_is_expected(data):
    r = Record(data, "actions", "ka210-vet")
    # `round:` then its `fi:` text, which may go on over more deeply indented lines.
    fi = r.line(r"round:\n(?P<ind>[ ]+)fi: .*(?:\n(?P=ind)[ ]+.*)*")
    r.replace(fi, f"{_indent(fi)}round:\n{fi['ind']}fi: 2021")
    return (f"{r.at('2021' + chr(10), after='round:')}: the Finnish text (`fi:`) of `deadlines.round` is read as "
            "2021, not as text: put it in quotes, e.g. `fi: \"2021\"`")


def maximum_below_minimum(data):
    r, block, (lo, hi) = _duration(data)
    _edit_duration(r, block, min=hi, max=lo)
    return (f"{r.at(f'{lo}{chr(10)}', after=f'max: {lo}{chr(10)}')}: `duration.max` is {lo} but `min` is {hi}: "
            "the maximum must be at least the minimum")


def range_with_neither_end(data):
    r, block, _ = _duration(data)
    _edit_duration(r, block, min=None, max=None)
    # A block mapping starts at its first field.
    first = re.search(r"\n[ ]+(\w+):", r.text[r.text.index("duration:", r.start):])[1]
    return f"{r.at(f'{first}:', after='duration:')}: `duration`: give at least `min` or `max`"


def duplicate_id(data):
    r = Record(data, "sectors", "vet")
    first = r.line_no("- id: ")
    record = r.text[r.start:r.end]
    r.text = r.text + ("" if r.text.endswith("\n") else "\n") + record  # copied to the end, as an editor might
    r.path.write_text(r.text, encoding="utf-8")
    line = r.text.count("\n", 0, r.text.rindex(f"- id: {r.id}\n")) + 1
    return (f"{r.rel}:{line}:7: duplicate id `{r.id}`: it is already used at {r.rel}:{first}; "
            "every id must be unique")


def all_problems_at_once(data):
    misspelt_field(data)
    reference_to_a_missing_record(data)
    maximum_below_minimum(data)

    def check(found):
        assert len(found) == 3, found
        files = [p.split(":")[0] for p in found]
        assert files == sorted(files), "problems are listed file by file"
        assert {Record(data, "sectors", "vet").rel, Record(data, "actions", "ka210-vet").rel} <= set(files)
    return check


DATA_CASES = [
    # YAML syntax
    Case("unclosed brace points at the brace", unclosed_brace),
    Case("line indented too far reads as part of the value above", indented_too_far),
    Case("line indented too little", indented_too_little),
    Case("colon inside a value says to quote it", colon_inside_a_value),
    Case("unclosed quote points at the opening quote", unclosed_quote),
    Case("tab character", tab_character),
    Case("field given twice", field_given_twice),
    Case("file that is not a list", file_that_is_not_a_list, "in"),
    Case("file that is not one record", file_that_is_not_one_record, "in"),
    Case("record that is not a group of fields", record_not_a_group_of_fields),
    Case("file name that names no kind", file_name_that_names_no_kind, "first-startswith"),
    # fields of a record
    Case("missing field points at the record and shows an example", missing_field),
    Case("missing Swedish text", missing_swedish_text),
    Case("empty Finnish text", empty_finnish_text),
    Case("text left as TODO", text_left_as_todo),
    Case("reference left as TODO shows a real id", reference_left_as_todo),
    Case("misspelt field suggests the right one", misspelt_field),
    Case("word where a number is expected", word_where_a_number_is_expected),
    Case("decimal where a whole number is expected", decimal_where_a_whole_number_is_expected),
    Case("date in Finnish format", date_in_finnish_format),
    Case("impossible date", impossible_date),
    Case("value not among the choices", value_not_among_the_choices),
    Case("id with capitals and spaces", id_with_capitals_and_spaces, "in"),
    Case("web address without https", web_address_without_https),
    Case("time in the wrong form", time_in_the_wrong_form),
    Case("single id where a list is expected", single_id_where_a_list_is_expected),
    Case("empty list where one item is required", empty_list_where_one_item_is_required),
    Case("text in one language only", text_in_one_language_only),
    Case("field without a value", field_without_a_value, "starts-and-ends"),
    Case("number where a text is expected says to quote it", number_where_a_text_is_expected),
    Case("maximum below minimum", maximum_below_minimum),
    Case("range with neither end", range_with_neither_end),
    Case("deadline year and date disagree", deadline_year_and_date_disagree),
    Case("duplicate id names the first record", duplicate_id),
    Case("reference to a missing record suggests close ids", reference_to_a_missing_record),
    Case("all problems are reported at once", all_problems_at_once, "check"),
]


# -- pages: one copy of the project with one mistake of each kind, checked once -------

BROKEN_PAGES = {
    "macro": "# Makro\n\nTeksti.\n\n{{ action_fact(\"ka220-vet\") }}\n",
    "record": "# Tietue\n\n{{ action_facts(\"ka999-vet\") }}\n",
    "syntax": "# Syntaksi\n\nEnsimmäinen rivi.\n{{ action_facts(\"ka220-vet\" }}\n",
    "uistring": "# Teksti\n\n{{ t(\"facts.headng\") }}\n",
    "front": "---\ntitle: Etusivu\n---\n# Otsikko\n\n{{ action_facts(\"ka999-vet\") }}\n",
}


@pytest.fixture(scope="module")
def broken_pages(tmp_path_factory) -> list[str]:
    project = copy_project(tmp_path_factory.mktemp("pages"))
    content = project / "content"
    (content / "orphan.fi.md").write_text("# Orpo\n", encoding="utf-8")
    (content / "notes.en.md").write_text("# Notes\n", encoding="utf-8")
    for name, body in BROKEN_PAGES.items():
        (content / f"broken-{name}.fi.md").write_text(body, encoding="utf-8")
        (content / f"broken-{name}.sv.md").write_text("# Sida\n", encoding="utf-8")
    found, _ = find_problems(project)
    return [str(p) for p in found]


def _one_startswith(prefix: str, *inside: str):
    def check(found):
        hits = [p for p in found if p.startswith(prefix)]
        assert len(hits) == 1, (prefix, found)
        for part in inside:
            assert part in hits[0], hits[0]
    return check


PAGE_CASES = [
    Case("page without its twin", lambda _: "content/orphan.fi.md:1:1: this page has no twin content/orphan.sv.md: "
         "every page must exist in Finnish and in Swedish", "in"),
    Case("page with a language other than fi or sv", lambda _: "content/notes.en.md:1:1: a page's name must end in "
         ".fi.md or .sv.md, e.g. glossary.fi.md", "in"),
    Case("unknown macro in a page", lambda _: _one_startswith(
        "content/broken-macro.fi.md:5:1: unknown macro or name `action_fact`; did you mean `action_facts`"), "check"),
    Case("unknown record id in a macro call", lambda _: _one_startswith(
        "content/broken-record.fi.md:3:1: there is no record `ka999-vet` in actions; did you mean `ka220-vet`",
        "(inside the macro at overrides/macros/"), "check"),
    Case("template syntax error in a page", lambda _: "content/broken-syntax.fi.md:4:1: template syntax error: "
         "unexpected '}', expected ')'; check the {{ ... }} and {% ... %} on this line", "in"),
    Case("unknown interface string in a page", lambda _: _one_startswith(
        "content/broken-uistring.fi.md:3:1: there is no interface string `facts.headng` in data/ui/; did you mean "
        "`facts.heading`"), "check"),
    Case("page lines count the front matter", lambda _: _one_startswith(
        "content/broken-front.fi.md:6:1: there is no record `ka999-vet` in actions"), "check"),
    Case("the real pages have no problems", lambda _: lambda found: [
        pytest.fail(p) for p in found if not p.startswith(("content/broken-", "content/orphan.", "content/notes."))],
        "check"),
]


@pytest.mark.parametrize("case", [pytest.param(c, id="data: " + c.name) for c in DATA_CASES]
                         + [pytest.param(c, id="page: " + c.name) for c in PAGE_CASES])
def test_editor_mistake_is_reported_in_plain_words_at_its_place(case, request):
    if case in PAGE_CASES:
        expected, found = case.make(None), request.getfixturevalue("broken_pages")
    else:
        data = request.getfixturevalue("data")
        expected = case.make(data)
        found = problems(data)
    if case.match == "only":
        assert found == [expected]
    elif case.match == "in":
        assert expected in found, "\n".join(found)
    elif case.match == "first-startswith":
        assert found[0].startswith(expected), found[0]
    elif case.match == "starts-and-ends":
        assert len(found) == 1 and found[0].startswith(expected[0]) and found[0].endswith(expected[1]), found
    else:
        expected(found)
