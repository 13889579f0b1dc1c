"""`make new KIND=project ID=some-id`: append a complete bilingual skeleton record.

The skeleton has every required field of the kind, in the model's order. What the
editor must decide is written as `TODO`, with a comment naming the allowed
values or where ids come from; texts are `TODO suomeksi` / `TODO på svenska`.
The skeleton is valid YAML, but not yet a valid record: `make check` and
`make translations` list every TODO left, with its line, and a strict build
refuses to publish one. (An empty value would be as visible, but `TODO` can be
searched for, and it also marks a Swedish text still waiting for its translator.)

The record is written by ruamel.yaml's round-trip dumper, in the file's own
indentation, and appended as text after the file's last byte: everything already
in the file (comments, key order, quoting, blank lines) stays byte for byte. The
result is read back with the round-trip loader and compared with the original
before it is saved.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import io
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .fields import TODO, ids_for_examples, inner_model, is_list, is_text_model, literal_values, ref_kind
from .load import data_files
from .yamlpos import plain as _plain
from .yamlpos import read_yaml as _read_yaml
from .yamlpos import yaml_reader
from .model import KINDS, Period, one_record_per_file

# What editors may type for KIND=..., singular or plural, with - or _.
ALIASES = {
    "project": "projects", "action": "actions", "funding_action": "actions",
    "activity_type": "activity_types", "activity": "activity_types", "theme": "themes",
    "country": "countries", "glossary_term": "glossary", "term": "glossary", "sector": "sectors",
    "key_action": "key_actions", "source": "sources", "ui_string": "ui", "string": "ui",
}

TEXT_TODO = {"fi": f"{TODO} suomeksi", "sv": f"{TODO} på svenska", "en": f"{TODO} in English"}

# Comments after a TODO saying what it takes; they stay true once it is filled in.
FIELD_NOTES = {
    "title": "the project's own name, as the project writes it",
    "code": "the official code, e.g. KA220-VET",
    "number": "a whole number",
    "language": "the language of the source document",
}


class ScaffoldError(Exception):
    pass


def kind_of(name: str) -> str:
    norm = re.sub(r"[-\s]", "_", name.strip().lower())
    if norm in KINDS:
        return norm
    if norm in ALIASES:
        return ALIASES[norm]
    choices = sorted({*ALIASES, *KINDS} - {"funding_action", "string"})
    raise ScaffoldError(f"unknown KIND `{name}`: use one of {', '.join(choices)}")


def _periods() -> tuple[str, ...]:
    return tuple(literal_values(Period))


def target_file(data_dir: Path, kind: str, record_id: str, file: str | Path | None = None) -> Path:
    """Where a new record of `kind` goes: FILE if given, else the kind's file.

    For a kind kept in a folder: the current period's file (2021-2027.yaml) when the
    folder is split by period, the area's file for interface strings (`quiz.x` goes
    to ui/quiz.yaml, if it exists, else ui/common.yaml), else the folder's last file.
    """
    if file:
        path = Path(file)
        if not path.is_absolute():
            path = data_dir.parent / path
        if not path.exists():
            raise ScaffoldError(f"FILE {file} does not exist; create it first (an empty file will do) or leave FILE out")
        owner = dict((p.resolve(), k) for k, p in data_files(data_dir)).get(path.resolve())
        if owner != kind:
            raise ScaffoldError(f"FILE {file} does not hold {kind} records")
        return path
    single = [p for k, p in data_files(data_dir) if k == kind and p.parent == data_dir]
    if single:
        return single[0]
    folder = [p for k, p in data_files(data_dir) if k == kind and p.parent != data_dir]
    if not folder:
        folder_dir = data_dir / kind
        raise ScaffoldError(f"there is no data file for {kind} yet: create data/{kind}.yaml "
                            f"or a file in {folder_dir.relative_to(data_dir.parent)}/ first")
    by_name = {p.stem: p for p in folder}
    if kind == "ui":
        area = record_id.split(".")[0]
        return by_name.get(area) or by_name.get("common") or folder[-1]
    current = _periods()[-1]
    return by_name.get(current) or folder[-1]


def _where(data_dir: Path | None, kind: str) -> str:
    if data_dir is not None and (data_dir / f"{kind}.yaml").exists():
        return f"data/{kind}.yaml"
    if data_dir is not None and (data_dir / kind).is_dir():
        return f"data/{kind}/"
    return f"the {kind} data"


def _note(kind: str, name: str, field: FieldInfo, known: dict[str, list[str]], data_dir: Path | None) -> str | None:
    refs = ref_kind(field.annotation, field.metadata)
    if refs:
        sample = (known.get(refs) or [None])[0]
        where = _where(data_dir, refs)
        if is_list(field.annotation):
            return f"ids from {where}" + (f", e.g. [{sample}]" if sample else "")
        return f"an id from {where}" + (f", e.g. {sample}" if sample else "")
    values = literal_values(field.annotation)
    if values:
        return "one of: " + ", ".join(str(v) for v in values)
    return FIELD_NOTES.get(name)


def _todo_value(field: FieldInfo, inner: Any) -> Any:
    if is_list(field.annotation):
        seq = CommentedSeq([TODO])
        seq.fa.set_flow_style()
        return seq
    return TODO


def _text(model) -> CommentedMap:
    return CommentedMap((lang, TEXT_TODO.get(lang, TODO)) for lang, f in model.model_fields.items() if f.is_required())


def skeleton(kind: str, record_id: str, *, period: str | None = None, today: dt.date | None = None,
             known: dict[str, list[str]] | None = None, data_dir: Path | None = None
             ) -> tuple[CommentedMap, dict[str, str]]:
    """The new record (every required field, TODO where the editor must decide) and
    a comment for each of its fields that needs one."""
    notes: dict[str, str] = {}
    record = _group(KINDS[kind], kind, record_id, period, today or dt.date.today(), known or {}, data_dir, notes)
    return record, notes


def _group(model: type[BaseModel], kind: str, record_id: str | None, period, today, known, data_dir,
           notes: dict[str, str]) -> CommentedMap:
    cm = CommentedMap()
    top = record_id is not None
    for name, field in model.model_fields.items():
        if not field.is_required():
            continue
        inner = inner_model(field.annotation)
        if name == "id" and top:
            cm[name] = record_id
        elif is_text_model(inner) and not is_list(field.annotation):
            cm[name] = _text(inner)
        elif is_text_model(inner):
            cm[name] = CommentedSeq([_text(inner)])
        elif inner is not None and not is_list(field.annotation):
            cm[name] = _group(inner, kind, None, period, today, known, data_dir, {})
        elif name == "period" and period:
            cm[name] = period
        elif name == "last_checked":
            cm[name] = today
            if top:
                notes[name] = "the day the facts were last checked against the sources"
        else:
            cm[name] = _todo_value(field, inner)
            note = _note(kind, name, field, known, data_dir)
            if note and top:
                notes[name] = note
    return cm


def _file_style(text: str) -> tuple[str, bool]:
    """(indent before `- ` of a record, whether records are separated by blank lines)."""
    m = re.search(r"^([ ]*)- [A-Za-z_]+:", text, re.MULTILINE)
    indent = m.group(1) if m else ""
    separated = bool(re.search(rf"\n[ \t]*\n{re.escape(indent)}- ", text))
    return indent, separated


def record_text(record: CommentedMap, notes: dict[str, str] | None = None, indent: str = "") -> str:
    """The record as one item of a block sequence, dumped by ruamel's round-trip dumper.

    `notes` become end-of-line comments on the record's own fields, lined up one
    column after the longest line so that they read as a column.
    """
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never fold a long line
    buf = io.StringIO()
    yaml.dump(record, buf)
    lines = buf.getvalue().splitlines()
    notes = notes or {}
    body = [("- " if i == 0 else "  ") + line for i, line in enumerate(lines)]
    width = max((len(line) for line in body), default=0) + 2
    out = []
    for i, line in enumerate(body):
        key = lines[i].split(":", 1)[0] if not lines[i].startswith(" ") else None
        if key in notes:
            line = f"{line.ljust(width)}# {notes[key]}"
        out.append(f"{indent}{line}\n")
    return "".join(out)


def _scalar(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def canonical_text(value: Any, indent: str = "") -> str:
    """A skeleton in the browser editor's canonical YAML (kb.canonical): block mappings and
    lists, two-space indents, plain scalars. Enough for skeletons only (ids, TODO texts,
    dates: nothing that needs quotes or folding); a test compares it with the editor's own
    writer."""
    out = []
    for key, item in value.items():
        if isinstance(item, dict):
            out.append(f"{indent}{key}:\n{canonical_text(item, indent + '  ')}")
        elif isinstance(item, list):
            out.append(f"{indent}{key}:\n")
            for element in item:
                if isinstance(element, dict):
                    body = canonical_text(element, indent + "    ")
                    out.append(f"{indent}  - {body[len(indent) + 4:]}")
                else:
                    out.append(f"{indent}  - {_scalar(element)}\n")
        else:
            out.append(f"{indent}{key}: {_scalar(item)}\n")
    return "".join(out)


def _write_new_file(target: Path, text: str) -> None:
    """Create `target` with `text`, all at once and only if it does not exist yet: the
    text goes to a temporary file that is then hard-linked to its name (the link fails
    if another run created the file meanwhile, and a reader never sees half a file)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
        os.link(tmp, target)
    except FileExistsError:
        raise ScaffoldError(f"there already is a record at {target.relative_to(target.parents[2]).as_posix()}; "
                            "choose another ID") from None
    finally:
        os.unlink(tmp)


def _replace_file(target: Path, text: str) -> None:
    """Replace `target` atomically: a temporary file in the same folder, renamed over it."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def _locked(folder: Path):
    """An exclusive lock on a folder while a shared file in it is read, changed and
    replaced: parallel `make new` runs wait for each other instead of losing records."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _read_utf8(path: Path, root: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScaffoldError(f"{path.relative_to(root).as_posix()}:1:1: the file is not UTF-8 text ({exc.reason} "
                            f"at byte {exc.start}); save it as UTF-8, then try again") from None


def add(root: Path, kind_name: str, record_id: str, file: str | Path | None = None,
        today: dt.date | None = None) -> tuple[Path, int]:
    """Add a skeleton record; return (its file, line of its `id`).

    A kind that is one record per file gets a new file `data/<kind>/<id>.yaml`; a small
    fixed set (sectors, ui strings ...) gets the record appended to its file.
    """
    data_dir = root / "data"
    kind = kind_of(kind_name)
    model = KINDS[kind]
    id_pattern = model.model_json_schema()["properties"]["id"].get("pattern")
    if not record_id or (id_pattern and not re.match(id_pattern, record_id)):
        raise ScaffoldError(f"ID `{record_id}` is not a valid id: use lower-case letters a-z, digits and hyphens"
                            f"{' (and dots for interface strings)' if kind == 'ui' else ''}, e.g. ID=green-skills-vet")
    found: dict[str, list[tuple[str, Any]]] = {k: [] for k in KINDS}
    for k, path in data_files(data_dir):
        if not k:
            continue
        doc = _read_yaml(path, str(path), [])  # the loader's parse, reused while unchanged
        if isinstance(doc, dict):
            doc = [doc]  # data/<kind>/<id>.yaml: one record
        for item in doc if isinstance(doc, list) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                if k == kind and item["id"] == record_id:
                    line = item.lc.line + 1
                    raise ScaffoldError(f"there already is a {kind} record with id `{record_id}` at "
                                        f"{path.relative_to(root).as_posix()}:{line}; choose another ID")
                found[k].append((item["id"], item.get("period")))
    known = {k: ids_for_examples(v) for k, v in found.items()}
    if one_record_per_file(kind):
        if file:
            raise ScaffoldError(f"FILE is not used for {kind}: each record has its own file, data/{kind}/<id>.yaml")
        record, notes = skeleton(kind, record_id, today=today, known=known, data_dir=data_dir)
        target = data_dir / kind / f"{record_id}.yaml"
        target.parent.mkdir(exist_ok=True)
        _write_new_file(target, canonical_text(record))
        return target, 1
    target = target_file(data_dir, kind, record_id, file)
    with _locked(target.parent):
        return _append(root, target, kind, record_id, known, today)


def _append(root: Path, target: Path, kind: str, record_id: str, known: dict, today) -> tuple[Path, int]:
    data_dir = root / "data"
    # The period is left TODO even in a file named after one: files may hold both
    # (projects/2021-2027.yaml lists earlier projects continued by current actions).
    record, notes = skeleton(kind, record_id, today=today, known=known, data_dir=data_dir)

    original = _read_utf8(target, root)
    if any(item.get("id") == record_id for item in yaml_reader().load(original) or [] if isinstance(item, dict)):
        raise ScaffoldError(f"there already is a {kind} record with id `{record_id}` in "
                            f"{target.relative_to(root).as_posix()}; choose another ID")
    unreadable: list = []
    before = _read_yaml(target, target.relative_to(root).as_posix(), unreadable)
    if unreadable:
        raise ScaffoldError(f"{unreadable[0]}; fix it first (`make check` lists every problem), then try again")
    if before is not None and not isinstance(before, list):
        raise ScaffoldError(f"{target.relative_to(root).as_posix()} is not a list of records")
    indent, separated = _file_style(original)
    nl = "\r\n" if "\r\n" in original else "\n"
    addition = record_text(record, notes, indent).replace("\n", nl)
    head = original
    if head and not head.endswith("\n"):
        head += nl
    if separated and before:
        head += nl
    result = head + addition

    # Read back: every old record unchanged, the new one last and as written.
    after = yaml_reader().load(result)
    old_items = _plain(list(before or []))
    if _plain(list(after[:-1])) != old_items or _plain(after[-1]) != _plain(record):
        raise ScaffoldError("the new record could not be added without changing the file; add it by hand")
    _replace_file(target, result)
    line = result[:len(head)].count("\n") + 1
    return target, line


def optional_fields(kind: str) -> list[str]:
    return [n for n, f in KINDS[kind].model_fields.items() if not f.is_required()]
