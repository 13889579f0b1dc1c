"""The editor's tools: `make new` (scaffolding), `make schema` (JSON Schema for
editors' YAML support), `make translations` (translation status) and the lenient
draft mode of `make serve`."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT, copy_project
from kb import cli
from kb.load import _plain, _read_yaml, data_files, load, yaml_reader
from kb.model import KINDS
from kb.problems import DataError
from kb.scaffold import ScaffoldError, add
from kb.schema import generate, schema_file, schema_line, schema_text, stale
from kb.state import KnowledgeBase
from kb.translations import RATIO, report

TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path)


def problems_of(root: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        load(root / "data", root)
    return [str(p) for p in info.value.problems]


def jsonable(value):
    """What a YAML 1.2 editor plugin sees: dates are strings."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def validator(root: Path, kind: str) -> jsonschema.Draft202012Validator:
    schema = json.loads(schema_file(root / "data", kind).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def schema_errors(root: Path, path: Path, kind: str) -> list[str]:
    doc = jsonable(_plain(_read_yaml(path, str(path), [])))
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator(root, kind).iter_errors(doc)]


# -- scaffolding -----------------------------------------------------------------------------

HANDWRITTEN = """\
# yaml-language-server: $schema=../schema/projects.schema.json
# Example projects, hand-written for this test: comments, odd quoting, flow style.

- id: first-project   # a comment after a value
  title: 'First: a project'
  summary: {fi: "Ensimmäinen \\"hanke\\".", sv: 'Det första projektet.'}
  action: ka220-vet
  sectors: [ vet ]
  period: "2021-2027"
  sources: [seed-003-vet-webinar-2021]
  last_checked: 2026-11-24

  # a comment between records, and the file ends without a newline
- id: second-project
  title: Second
  summary:
    fi: >-
      Toinen hanke, taitetulla
      tekstillä.
    sv: Det andra projektet.
  action: ka220-vet
  sectors:
    - vet
  period: '2021-2027'
  sources: [seed-003-vet-webinar-2021]
  last_checked: 2026-11-24 # checked"""


def test_new_record_leaves_a_commented_file_byte_for_byte(project):
    target = project / "data" / "projects" / "2021-2027.yaml"
    target.write_text(HANDWRITTEN, encoding="utf-8")
    path, line = add(project, "project", "green-skills-vet", today=TODAY)
    assert path == target
    after = target.read_text(encoding="utf-8")
    # Everything that was there is still there, to the byte; only the missing final
    # newline and a blank line (the file separates its records) come before the record.
    assert after.startswith(HANDWRITTEN + "\n\n- id: green-skills-vet\n")
    assert after.splitlines()[line - 1] == "- id: green-skills-vet"
    record = after[len(HANDWRITTEN) + 2:]
    assert record == (
        "- id: green-skills-vet\n"
        "  title: TODO               # the project's own name, as the project writes it\n"
        "  summary:\n"
        "    fi: TODO suomeksi\n"
        "    sv: TODO på svenska\n"
        f"  action: TODO              # an id from data/actions/, e.g. {first_id(project, 'actions')}\n"
        f"  sectors: [TODO]           # ids from data/sectors.yaml, e.g. [{first_id(project, 'sectors')}]\n"
        "  period: TODO              # one of: 2014-2020, 2021-2027\n"
        f"  sources: [TODO]           # ids from data/sources.yaml, e.g. [{first_id(project, 'sources')}]\n"
        "  last_checked: 2026-11-24  # the day the facts were last checked against the sources\n")


def first_id(root: Path, kind: str) -> str:
    """The first id of the current period (2021-2027) in file order, else the first."""
    records = [r for k, p in data_files(root / "data") if k == kind
               for r in yaml_reader().load(p.read_text(encoding="utf-8")) or []]
    current = [r for r in records if r.get("period") == "2021-2027"]
    return (current or records)[0]["id"]


def test_skeleton_is_flagged_until_filled_in_then_validates(project):
    target = project / "data" / "projects" / "2021-2027.yaml"
    original = target.read_text(encoding="utf-8")
    path, line = add(project, "projects", "green-skills-vet", today=TODAY)
    text = target.read_text(encoding="utf-8")
    assert text.startswith(original)
    # Every TODO is a problem with its own line, all in the new record.
    found = problems_of(project)
    todo_lines = [i for i, l in enumerate(text.splitlines(), 1) if "TODO" in l.split("#")[0]]
    assert [p.split(":")[0] for p in found] == ["data/projects/2021-2027.yaml"] * len(todo_lines)
    assert sorted(int(p.split(":")[1]) for p in found) == todo_lines
    assert all(n > line for n in todo_lines)
    assert f"data/projects/2021-2027.yaml:{line + 3}:9: the Finnish text (`fi:`) of `summary` is still the TODO " \
           "placeholder from `make new`: write it in Finnish" in found
    # Filled in, as the guide tells the editor to: the record loads and its page data is there.
    filled = (text.replace("title: TODO ", "title: Green Skills")
              .replace("fi: TODO suomeksi", "fi: Vihreät taidot ammatillisessa koulutuksessa.")
              .replace("sv: TODO på svenska", "sv: Gröna färdigheter inom yrkesutbildningen.")
              .replace("action: TODO ", "action: ka220-vet")
              .replace("sectors: [TODO]", "sectors: [vet]")
              .replace("period: TODO ", "period: 2021-2027")
              .replace("sources: [TODO]", "sources: [seed-003-vet-webinar-2021]"))
    target.write_text(filled, encoding="utf-8")
    db = load(project / "data", project)
    assert db.projects["green-skills-vet"].summary.sv == "Gröna färdigheter inom yrkesutbildningen."
    assert schema_errors(project, target, "projects") == []


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_gets_a_complete_skeleton(project, kind):
    record_id = "new.string" if kind == "ui" else "new-record"
    path, line = add(project, kind, record_id, today=TODAY)
    doc = yaml_reader().load(path.read_text(encoding="utf-8"))
    new = doc[-1]
    assert new["id"] == record_id
    required = [n for n, f in KINDS[kind].model_fields.items() if f.is_required()]
    assert list(new) == required  # every required field, in the model's order
    # Nothing but TODOs stands between the skeleton and a valid record.
    found = [p for p in problems_of(project)]
    assert found and all("TODO placeholder from `make new`" in p for p in found), found


def test_new_refuses_a_taken_or_malformed_id(project):
    with pytest.raises(ScaffoldError, match=r"there already is a sectors record with id `vet` at data/sectors.yaml:\d+"):
        add(project, "sector", "vet")
    with pytest.raises(ScaffoldError, match="ID `Green Skills` is not a valid id"):
        add(project, "project", "Green Skills")
    with pytest.raises(ScaffoldError, match="unknown KIND `projekt`"):
        add(project, "projekt", "x")
    before = {p: p.read_bytes() for _, p in data_files(project / "data")}
    assert before == {p: p.read_bytes() for _, p in data_files(project / "data")}


def test_new_from_the_command_line(project, capsys):
    env = {**os.environ, "PYTHONPATH": str(project / "scripts")}
    result = subprocess.run([sys.executable, "-m", "kb.cli", "new", "theme", "green-skills"], cwd=project, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert re.search(r"Added `green-skills` at data/themes/2021-2027.yaml:\d+\.", result.stdout)
    m = re.search(r"Fill in the (\d+) TODOs \(lines ([\d, ]+)\)", result.stdout)
    lines = (project / "data" / "themes" / "2021-2027.yaml").read_text(encoding="utf-8").splitlines()
    listed = [int(n) for n in m[2].split(", ")]
    assert len(listed) == int(m[1]) >= 5
    assert all("TODO" in lines[n - 1] for n in listed)
    assert cli.new("theme", "green-skills", root=project) == 1
    assert "make new: there already is a themes record with id `green-skills`" in capsys.readouterr().err


# -- JSON Schema ------------------------------------------------------------------------------

def test_committed_schemas_are_the_generated_ones():
    out_of_date = [p for p in stale(ROOT) if p.startswith("data/schema/")]
    assert out_of_date == [], f"run `make schema`: {out_of_date} differ from the model"
    for kind in KINDS:
        assert schema_file(ROOT / "data", kind).read_text(encoding="utf-8") == schema_text(kind)


def test_every_data_file_names_its_schema_on_the_first_line():
    for kind, path in data_files(ROOT / "data"):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first == schema_line(ROOT / "data", path, kind), f"run `make schema`: {path} lacks its schema line"


def test_every_data_file_validates_against_its_schema():
    checked = 0
    for kind, path in data_files(ROOT / "data"):
        assert schema_errors(ROOT, path, kind) == [], path
        checked += 1
    assert checked >= len(KINDS)


def test_schema_catches_what_editors_get_wrong(project):
    path = project / "data" / "sectors.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  code: VET\n", "  code: VET\n  colour: blue\n", 1)
                    .replace("sv: Yrkesutbildning}", "sv: TODO på svenska}", 1)
                    .replace("sources: [seed-003-vet-webinar-2021, seed-004-programme-guide-sp]", "sources: []", 1),
                    encoding="utf-8")
    errors = " | ".join(schema_errors(project, path, "sectors"))
    assert "Additional properties are not allowed ('colour' was unexpected)" in errors
    assert "'TODO på svenska' does not match" in errors
    assert "[] should be non-empty" in errors


def test_make_schema_is_idempotent_and_touches_only_the_first_line(project):
    data = project / "data"
    bodies = {}
    for kind, path in data_files(data):
        text = path.read_text(encoding="utf-8")
        body = text.split("\n", 1)[1] if text.startswith("# yaml-language-server:") else text
        path.write_text(body, encoding="utf-8")  # as a new file arrives: without the line
        bodies[path] = body
    shutil.rmtree(data / "schema")
    changed = generate(project)
    assert len(changed) == len(KINDS) + len(bodies)
    for kind, path in data_files(data):
        assert path.read_text(encoding="utf-8") == schema_line(data, path, kind) + "\n" + bodies[path]
    assert generate(project) == []
    assert stale(project) == []


# -- translation status ---------------------------------------------------------------------------

def test_translation_report_on_the_real_data_has_nothing_missing():
    findings = report(ROOT)
    missing = [str(f) for f in findings if f.missing]
    assert missing == []  # a strict build would fail otherwise
    assert all(re.match(r"^(data|content)/[^:]+:\d+:\d+: ", str(f)) for f in findings)


def test_translation_report_lists_gaps_and_suspicious_pairs(project):
    path = project / "data" / "sectors.yaml"
    text = path.read_text(encoding="utf-8")
    text = (text.replace("name: {fi: Ammatillinen koulutus, sv: Yrkesutbildning}", "name: {fi: Ammatillinen koulutus}")
            .replace("sv: Anordnare av yrkesutbildning, studerande, personal och partner i arbetslivet.",
                     "sv: Anordnare av yrkesutbildning.")
            .replace("sv: Förskoleundervisning, grundläggande utbildning och gymnasier samt deras personal.",
                         "sv: TODO på svenska")
            .replace("code: VET", "code: 12"))  # another problem in the same record: still reported
    path.write_text(text, encoding="utf-8")
    content = project / "content"
    (content / "draft-page.fi.md").write_text("# Luonnos\n", encoding="utf-8")
    index_sv = content / "index.sv.md"
    index_sv.write_text(index_sv.read_text(encoding="utf-8") + "\nSedan 1987.\n", encoding="utf-8")
    found = [str(f) for f in report(project)]

    def line_of(needle):
        return text[:text.index(needle)].count("\n") + 1

    assert (f"data/sectors.yaml:{line_of('{fi: Ammatillinen koulutus}')}:9: the Swedish text (`sv:`) of `name` "
            "is missing") in found
    assert (f"data/sectors.yaml:{line_of('TODO på svenska')}:9: the Swedish text (`sv:`) of `description` "
            "is still the TODO placeholder") in found
    fi = "Ammatillisen koulutuksen järjestäjät, opiskelijat, henkilöstö ja työelämän kumppanit."
    sv = "Anordnare av yrkesutbildning."
    assert len(fi) / len(sv) > RATIO
    assert (f"data/sectors.yaml:{line_of('sv: Anordnare av yrkesutbildning.')}:9: `description`: the Swedish "
            f"version is much shorter than the Finnish one ({len(sv)} against {len(fi)} characters): check that "
            "nothing was left untranslated") in found
    assert "content/draft-page.fi.md:1:1: this page has no Swedish version: create content/draft-page.sv.md" in found
    sv_lines = index_sv.read_text(encoding="utf-8").splitlines()
    assert (f"content/index.sv.md:{len(sv_lines)}:7: the number 1987 is in the Swedish page but not in "
            "content/index.fi.md: check that both say the same") in found


def test_translation_report_compares_numbers_and_macro_calls(project):
    path = project / "data" / "key_actions.yaml"
    text = path.read_text(encoding="utf-8")
    node = next(n for n in yaml_reader().load(text) if n["id"] == "ka2")
    fi = node["summary"]["fi"]
    text = text.replace(fi, fi.rstrip(".") + " (vuodesta 2014).", 1)
    path.write_text(text, encoding="utf-8")
    content = project / "content" / "key-actions"
    fi_page = content / "index.fi.md"
    fi_page.write_text(fi_page.read_text(encoding="utf-8") + '\n{{ action_facts("ka220-vet") }}\n', encoding="utf-8")
    found = [str(f) for f in report(project)]
    sv_line = text[:text.index(node["summary"]["sv"])].count("\n") + 1
    assert any(f.startswith(f"data/key_actions.yaml:{sv_line}:") and "`summary`: the number 2014 is in the Finnish "
               "version but not in the Swedish one: check that both say the same" in f for f in found), found
    n = len(fi_page.read_text(encoding="utf-8").splitlines())
    assert (f"content/key-actions/index.fi.md:{n}:1: `{{{{ action_facts(\"ka220-vet\") }}}}` is only in the Finnish "
            "page, not in content/key-actions/index.sv.md: both versions should show the same data") in found


def test_translations_command_exit_code_and_summary(project, capsys):
    assert cli.translations(project) == 0
    assert re.search(r"^0 missing translations, \d+ differences? to check by eye$", capsys.readouterr().out,
                     re.MULTILINE)
    (project / "content" / "draft-page.sv.md").write_text("# Utkast\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(project / "scripts")}
    bad = subprocess.run([sys.executable, "-m", "kb.cli", "translations"], cwd=project, env=env,
                         capture_output=True, text=True)
    assert bad.returncode == 1
    assert "content/draft-page.sv.md:1:1: this page has no Finnish version: create content/draft-page.fi.md" \
        in bad.stdout.splitlines()
    assert re.search(r"^1 missing translation, \d+ differences? to check by eye$", bad.stdout, re.MULTILINE)


# -- draft mode (make serve) ---------------------------------------------------------------------

def test_draft_mode_shows_a_placeholder_where_a_translation_is_missing(project):
    path = project / "data" / "sectors.yaml"
    text = path.read_text(encoding="utf-8").replace("name: {fi: Ammatillinen koulutus, sv: Yrkesutbildning}",
                                                    "name: {fi: Ammatillinen koulutus, sv: ''}")
    path.write_text(text, encoding="utf-8")
    offset = text.index("''", text.index("sv: ''"))
    line = text[:offset].count("\n") + 1
    col = offset - text.rfind("\n", 0, offset)
    strict = problems_of(project)
    assert strict == [f"data/sectors.yaml:{line}:{col}: the Swedish text (`sv:`) of `name` is empty: "
                      "write it in Swedish"]
    warnings = []
    db = load(project / "data", project, draft=True, warnings=warnings)
    assert db.sectors["vet"].name.sv == "[översättning saknas] Ammatillinen koulutus"
    assert db.sectors["vet"].name.fi == "Ammatillinen koulutus"
    assert [str(w) for w in warnings] == [
        f"data/sectors.yaml:{line}:{col}: the Swedish text (`sv:`) of `name` is empty: the preview shows "
        "\"[översättning saknas]\" in its place"]


def test_draft_placeholder_comes_from_the_interface_strings(project):
    ui = project / "data" / "ui" / "editing.yaml"
    ui.write_text(ui.read_text(encoding="utf-8").replace('fi: "[käännös puuttuu]"', 'fi: "[SUOMENNOS PUUTTUU]"'),
                  encoding="utf-8")
    path = project / "data" / "sectors.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: {fi: Ammatillinen koulutus, sv: Yrkesutbildning}",
                                                             "name: {sv: Yrkesutbildning}"), encoding="utf-8")
    db = load(project / "data", project, draft=True, warnings=[])
    assert db.sectors["vet"].name.fi == "[SUOMENNOS PUUTTUU] Yrkesutbildning"


def test_draft_mode_is_lenient_only_about_translations(project):
    path = project / "data" / "sectors.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  code: VET\n", "  code: vet\n"), encoding="utf-8")
    with pytest.raises(DataError, match="`code` must be 2 to 4 capital letters"):
        load(project / "data", project, draft=True, warnings=[])


def test_draft_mode_accepts_a_page_without_its_twin_as_a_warning(project):
    (project / "content" / "draft-page.fi.md").write_text("# Luonnos\n", encoding="utf-8")
    with pytest.raises(DataError):
        KnowledgeBase(project, draft=False).get()
    kb = KnowledgeBase(project, draft=True)
    kb.get()
    assert [str(w) for w in kb.warnings] == [
        "content/draft-page.fi.md:1:1: this page has no twin content/draft-page.sv.md: every page must exist in "
        "Finnish and in Swedish"]
