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
from kb.load import data_files, load
from kb.yamlpos import plain as _plain
from kb.yamlpos import read_yaml as _read_yaml
from kb.yamlpos import yaml_reader
from kb.model import KINDS, one_record_per_file
from kb.problems import DataError
from kb.scaffold import ScaffoldError, add
from kb.schema import generate, schema_file, schema_line, schema_text, stale
from kb.state import KnowledgeBase
from kb.translations import RATIO, report

pytestmark = pytest.mark.unit

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
# yaml-language-server: $schema=../schema/ui.schema.json
# Interface strings, hand-written for this test: comments, odd quoting, flow style.

- id: quiz.first   # a comment after a value
  text: {fi: "Ensimmäinen \\"teksti\\".", sv: 'Den första: texten.'}

  # a comment between records, and the file ends without a newline
- id: quiz.second
  text:
    fi: >-
      Toinen teksti, taitetulla
      rivillä.
    sv: Den andra texten."""


def test_new_string_leaves_a_commented_list_file_byte_for_byte(project):
    target = project / "data" / "ui" / "quiz.yaml"
    target.write_text(HANDWRITTEN, encoding="utf-8")
    path, line = add(project, "ui", "quiz.third", today=TODAY)
    assert path == target
    after = target.read_text(encoding="utf-8")
    # Everything that was there is still there, to the byte; only the missing final
    # newline and a blank line (the file separates its records) come before the record.
    assert after.startswith(HANDWRITTEN + "\n\n- id: quiz.third\n")
    assert after.splitlines()[line - 1] == "- id: quiz.third"
    assert after[len(HANDWRITTEN) + 2:] == "- id: quiz.third\n  text:\n    fi: TODO suomeksi\n    sv: TODO på svenska\n"


def test_new_project_is_its_own_file_in_the_editors_canonical_form(project):
    from kb import canonical
    path, line = add(project, "project", "green-skills-vet", today=TODAY)
    assert path == project / "data" / "projects" / "green-skills-vet.yaml" and line == 1
    text = path.read_text(encoding="utf-8")
    assert text == ("id: green-skills-vet\ntitle: TODO\nsummary:\n  fi: TODO suomeksi\n  sv: TODO på svenska\n"
                    "action: TODO\nsectors:\n  - TODO\nperiod: TODO\nsources:\n  - TODO\nlast_checked: 2026-11-24\n")
    if shutil.which("node") and canonical.YAML_PACKAGE.exists():  # the browser editor's own writer agrees
        assert canonical.check([path], project / "data" / "schema") == []


def test_skeleton_is_flagged_until_filled_in_then_validates(project):
    target, line = add(project, "projects", "green-skills-vet", today=TODAY)
    text = target.read_text(encoding="utf-8")
    # Every TODO is a problem with its own line, all in the new record.
    found = problems_of(project)
    todo_lines = [i for i, l in enumerate(text.splitlines(), 1) if "TODO" in l]
    assert [p.split(":")[0] for p in found] == ["data/projects/green-skills-vet.yaml"] * len(todo_lines)
    assert sorted(int(p.split(":")[1]) for p in found) == todo_lines
    assert "data/projects/green-skills-vet.yaml:4:7: the Finnish text (`fi:`) of `summary` is still the TODO " \
           "placeholder from `make new`: write it in Finnish" in found
    # Filled in, as the guide tells the editor to: the record loads and its page data is there.
    filled = (text.replace("title: TODO", "title: Green Skills")
              .replace("fi: TODO suomeksi", "fi: Vihreät taidot ammatillisessa koulutuksessa.")
              .replace("sv: TODO på svenska", "sv: Gröna färdigheter inom yrkesutbildningen.")
              .replace("action: TODO", "action: ka220-vet")
              .replace("sectors:\n  - TODO", "sectors:\n  - vet")
              .replace("period: TODO", "period: 2021-2027")
              .replace("sources:\n  - TODO", "sources:\n  - seed-003-vet-webinar-2021"))
    target.write_text(filled, encoding="utf-8")
    db = load(project / "data", project)
    assert db.projects["green-skills-vet"].summary.sv == "Gröna färdigheter inom yrkesutbildningen."
    assert schema_errors(project, target, "projects") == []


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_gets_a_complete_skeleton(project, kind):
    record_id = "new.string" if kind == "ui" else "new-record"
    path, line = add(project, kind, record_id, today=TODAY)
    doc = yaml_reader().load(path.read_text(encoding="utf-8"))
    new = doc if one_record_per_file(kind) else doc[-1]
    assert new["id"] == record_id
    required = [n for n, f in KINDS[kind].model_fields.items() if f.is_required()]
    assert list(new) == required  # every required field, in the model's order
    # Nothing but TODOs stands between the skeleton and a valid record.
    found = [p for p in problems_of(project)]
    assert found and all("TODO placeholder from `make new`" in p for p in found), found


def test_new_refuses_a_taken_or_malformed_id(project):
    before = {p: p.read_bytes() for _, p in data_files(project / "data")}
    with pytest.raises(ScaffoldError, match=r"there already is a sectors record with id `vet` at data/sectors.yaml:\d+"):
        add(project, "sector", "vet")
    taken = next(p for k, p in data_files(project / "data") if k == "projects")
    with pytest.raises(ScaffoldError, match=rf"there already is a projects record with id `{taken.stem}` at "
                                            rf"data/projects/{taken.name}:1"):
        add(project, "project", taken.stem)
    with pytest.raises(ScaffoldError, match="ID `Green Skills` is not a valid id"):
        add(project, "project", "Green Skills")
    with pytest.raises(ScaffoldError, match="unknown KIND `projekt`"):
        add(project, "projekt", "x")
    assert before == {p: p.read_bytes() for _, p in data_files(project / "data")}


def make_new(project: Path, **variables: str) -> subprocess.CompletedProcess:
    """`make new` as an editor runs it, KIND/ID/FILE on make's command line."""
    (project / "Makefile").exists() or shutil.copy(ROOT / "Makefile", project / "Makefile")
    for req in ("requirements.txt", "requirements-dev.txt"):
        (project / req).exists() or shutil.copy(ROOT / req, project / req)
    venv = project / ".venv"
    venv.exists() or venv.symlink_to(ROOT / ".venv")
    args = [f"{k}={v}" for k, v in variables.items()]
    return subprocess.run(["make", "--no-print-directory", "-s", "new", *args], cwd=project, capture_output=True,
                          text=True, env={k: v for k, v in os.environ.items() if k not in ("KIND", "ID", "FILE")})


def test_new_from_the_command_line(project):
    result = make_new(project, KIND="theme", ID="green-skills")
    assert result.returncode == 0, result.stderr
    assert "Added `green-skills` at data/themes/green-skills.yaml:1." in result.stdout
    m = re.search(r"Fill in the (\d+) TODOs \(lines ([\d, ]+)\)", result.stdout)
    lines = (project / "data" / "themes" / "green-skills.yaml").read_text(encoding="utf-8").splitlines()
    listed = [int(n) for n in m[2].split(", ")]
    assert len(listed) == int(m[1]) >= 5
    assert all("TODO" in lines[n - 1] for n in listed)
    again = make_new(project, KIND="theme", ID="green-skills")
    assert again.returncode != 0
    assert "make new: there already is a themes record with id `green-skills` at data/themes/green-skills.yaml:1" \
        in again.stderr and "Traceback" not in again.stderr


@pytest.mark.parametrize("hostile", ['x"; touch {marker}; echo "', "x$(shell touch {marker})", "x$$(touch {marker})",
                                     "x`touch {marker}`", "x'; touch {marker}; '"])
def test_new_passes_arguments_as_data_never_as_commands(project, hostile):
    marker = project / "ran"
    for variables in ({"KIND": "project", "ID": hostile.format(marker=marker)},
                      {"KIND": hostile.format(marker=marker), "ID": "ok-id"},
                      {"KIND": "ui", "ID": "quiz.x", "FILE": hostile.format(marker=marker)}):
        result = make_new(project, **variables)
        assert result.returncode != 0
        assert result.stderr.startswith("make new: ") and "Traceback" not in result.stderr, result.stderr
        assert not marker.exists(), f"{variables} ran a command"


# Sixteen `make new` processes at once: a concurrency test, in the build tier.
@pytest.mark.build
@pytest.mark.parametrize("kind,ids", [("project", [f"parallel-{i}" for i in range(8)]),
                                      ("ui", [f"quiz.parallel{i}" for i in range(8)])])
def test_eight_parallel_runs_make_eight_records(project, kind, ids):
    make_new(project, KIND="sector", ID="warm-up")  # the venv link and Makefile in place
    env = {k: v for k, v in os.environ.items() if k not in ("KIND", "ID", "FILE")}
    procs = [subprocess.Popen(["make", "-s", "new", f"KIND={kind}", f"ID={i}"], cwd=project, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in ids]
    outs = [p.communicate() for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1] for o in outs]
    raw = [r for k, p in data_files(project / "data") if k == ("projects" if kind == "project" else "ui")
           for r in (lambda d: [d] if isinstance(d, dict) else d)(yaml_reader().load(p.read_text(encoding="utf-8")))]
    assert sorted(r["id"] for r in raw if r["id"] in ids) == sorted(ids)  # 8 reported "Added", 8 in the data
    assert not [p for p in (project / "data").rglob(".*.tmp")], "a temporary file was left behind"


def test_new_refuses_a_file_that_is_not_utf8_with_a_message(project):
    target = project / "data" / "ui" / "quiz.yaml"
    target.write_bytes(target.read_bytes() + "- id: quiz.latin\n  text: {fi: café, sv: café}\n".encode("latin-1"))
    before = target.read_bytes()
    result = make_new(project, KIND="ui", ID="quiz.new-one")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert result.stderr.startswith("make new: data/ui/quiz.yaml:1:1: the file is not UTF-8 text"), result.stderr
    assert target.read_bytes() == before


# -- JSON Schema ------------------------------------------------------------------------------

def test_committed_schemas_editor_config_and_settings_are_the_generated_ones():
    out_of_date = stale(ROOT)  # data/schema/, scripts/editor/admin/config.yml, .vscode/settings.json
    assert out_of_date == [], f"run `make schema`: {out_of_date} differ from the model"
    for kind in KINDS:
        assert schema_file(ROOT / "data", kind).read_text(encoding="utf-8") == schema_text(kind)


def test_list_files_name_their_schema_and_record_files_are_mapped_by_pattern():
    from kb.schema import VSCODE_SETTINGS, editor_settings_text
    for kind, path in data_files(ROOT / "data"):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        if one_record_per_file(kind):  # the browser editor would drop a first line: mapped by pattern instead
            assert not first.startswith("#"), path
        else:
            assert first == schema_line(ROOT / "data", path, kind), f"run `make schema`: {path} lacks its schema line"
    settings = json.loads((ROOT / VSCODE_SETTINGS).read_text(encoding="utf-8"))
    assert (ROOT / VSCODE_SETTINGS).read_text(encoding="utf-8") == editor_settings_text()
    mapped = {pattern: schema for schema, patterns in settings["yaml.schemas"].items() for pattern in patterns}
    for kind in KINDS:
        if one_record_per_file(kind):
            assert (ROOT / mapped[f"data/{kind}/*.yaml"]).resolve() == schema_file(ROOT / "data", kind).resolve()


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
    lined = [p for k, p in data_files(data) if not one_record_per_file(k)]
    assert len([c for c in changed if c.startswith("data/schema/")]) == len(KINDS)
    assert len([c for c in changed if c.startswith("data/") and not c.startswith("data/schema/")]) == len(lined)
    for kind, path in data_files(data):
        want = bodies[path] if one_record_per_file(kind) else schema_line(data, path, kind) + "\n" + bodies[path]
        assert path.read_text(encoding="utf-8") == want
    assert generate(project) == []
    assert stale(project) == []


# -- translation status ---------------------------------------------------------------------------

def test_translation_report_on_the_real_data_has_nothing_missing():
    findings = report(ROOT)
    missing = [str(f) for f in findings if f.missing]
    assert missing == []  # a strict build would fail otherwise
    assert all(re.match(r"^(data|content)/[^:]+:\d+:\d+: ", str(f)) for f in findings)


def test_translation_report_lists_gaps_and_suspicious_pairs(project):
    # The texts to break are read from the data, so that content edits keep the test valid.
    path = project / "data" / "sectors.yaml"
    text = path.read_text(encoding="utf-8")
    vet, other = [n for n in yaml_reader().load(text) if n["id"] == "vet"][0], yaml_reader().load(text)[0]
    name = f"name: {{fi: {vet['name']['fi']}, sv: {vet['name']['sv']}}}"
    fi = vet["description"]["fi"]
    sv = vet["description"]["sv"].split(",")[0].rstrip(".") + "."  # a sentence left out
    assert name in text and len(fi) / len(sv) > RATIO
    text = (text.replace(name, f"name: {{fi: {vet['name']['fi']}}}")
            .replace(f"sv: {vet['description']['sv']}", f"sv: {sv}")
            .replace(f"sv: {other['description']['sv']}", "sv: TODO på svenska")
            .replace(f"code: {vet['code']}", "code: 12"))  # another problem in the same record: still reported
    path.write_text(text, encoding="utf-8")
    content = project / "content"
    (content / "draft-page.fi.md").write_text("# Luonnos\n", encoding="utf-8")
    index_sv = content / "index.sv.md"
    index_sv.write_text(index_sv.read_text(encoding="utf-8") + "\nSedan 1987.\n", encoding="utf-8")
    found = [str(f) for f in report(project)]

    def line_of(needle):
        return text[:text.index(needle)].count("\n") + 1

    assert (f"data/sectors.yaml:{line_of(chr(123) + 'fi: ' + vet['name']['fi'] + chr(125))}:9: the Swedish text "
            "(`sv:`) of `name` is missing") in found
    assert (f"data/sectors.yaml:{line_of('TODO på svenska')}:9: the Swedish text (`sv:`) of `description` "
            "is still the TODO placeholder") in found
    assert (f"data/sectors.yaml:{line_of('sv: ' + sv)}:9: `description`: the Swedish "
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


def test_translation_report_compares_whole_macro_calls_that_span_lines(project):
    # A table's call spans two lines; dropping one row from the Swedish page must show.
    page = project / "content" / "comparisons" / "partnerships.sv.md"
    text = page.read_text(encoding="utf-8")
    call = next(m for m in re.finditer(r"\{\{.*?\}\}", text, re.DOTALL) if "\n" in m.group(0))
    assert '"deadlines", ' in call.group(0), "pick another multi-line call to break"
    page.write_text(text.replace(call.group(0), call.group(0).replace('"deadlines", ', ""), 1), encoding="utf-8")
    found = [f for f in report(project) if f.kind == "macro_call"]
    line = text.count("\n", 0, call.start()) + 1
    assert [(f.problem.path, f.problem.line, f.lang) for f in found] == [
        ("content/comparisons/partnerships.fi.md", found[0].problem.line, "fi"),
        ("content/comparisons/partnerships.sv.md", line, "sv")]
    assert not found[1].missing and "only in the Swedish page" in str(found[1])


def test_translation_findings_are_structured(project):
    path = project / "data" / "key_actions.yaml"
    text = path.read_text(encoding="utf-8")
    node = next(n for n in yaml_reader().load(text) if n["id"] == "ka2")
    text = text.replace(node["summary"]["sv"], "TODO", 1)
    path.write_text(text, encoding="utf-8")
    (project / "content" / "draft-page.fi.md").write_text("# Luonnos\n", encoding="utf-8")
    found = {(f.kind, f.lang, f.problem.path) for f in report(project)}
    assert ("todo", "sv", "data/key_actions.yaml") in found
    assert ("page_missing", "sv", "content/draft-page.fi.md") in found


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
