"""Read every YAML file in `data/` into typed records, reporting all problems at once.

ruamel.yaml's round-trip loader keeps the line and column of every key and value;
pydantic's error locations are walked down that tree so that each problem points at
the key or value it is about.

Two modes:
- strict (build, check): every problem stops the build;
- draft (`make serve`, KB_DRAFT=1): a missing, empty or TODO Finnish or Swedish text
  becomes a visible "translation missing" placeholder and a warning, so that an
  editor can preview a half-translated record. Everything else is still a problem.
"""
from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import os
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError

from . import yamlfast
from .database import Database
from .fields import (TODO, example_value, field_at, ids_for_examples, inner_model, iter_refs, iter_texts, iter_todos,
                     text_slot)
from .messages import LANG_NAMES, did_you_mean, field_name, friendly, todo_message, yaml_syntax
from .model import FORBIDDEN_CHARS, KINDS, LANGS, Record, char_name, kind_of_filename
from .problems import DataError, Problem

SCHEMA_DIR = "schema"  # data/schema/ holds generated JSON Schemas, not records
DRAFT_ENV = "KB_DRAFT"  # set to 1 by `make serve`: lenient about missing translations
PLACEHOLDER_ID = "draft.translation_missing"  # the ui string shown in place of a missing text
# Used only when the ui string itself cannot be read (the ui data is broken).
FALLBACK_PLACEHOLDER = {"fi": "[käännös puuttuu]", "sv": "[översättning saknas]"}


def draft_mode() -> bool:
    return os.environ.get(DRAFT_ENV, "") not in ("", "0", "false", "no")


def data_files(data_dir: Path) -> Iterator[tuple[str, Path]]:
    """Yield (kind, path) for `data/<kind>.yaml` and `data/<kind>/*.yaml`, sorted."""
    for path in sorted(data_dir.glob("*.y*ml")):
        yield kind_of_filename(path.stem) or "", path
    for sub in sorted(p for p in data_dir.iterdir() if p.is_dir() and p.name != SCHEMA_DIR):
        kind = kind_of_filename(sub.name) or ""
        for path in sorted(sub.glob("*.y*ml")):
            yield kind, path


class _Constructor(RoundTripConstructor):
    """Round-trip constructor that leaves an impossible date (2026-13-01) as text.

    ruamel raises a bare ValueError without a position for it; as text, the
    model reports it at its line with the date format expected.
    """

    def construct_yaml_timestamp(self, node, values=None):
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return self.construct_scalar(node)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


def yaml_reader() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    return yaml


def _plain(node: Any) -> Any:
    """ruamel's commented containers -> plain dicts and lists for pydantic."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, dt.datetime):
        return node
    if isinstance(node, dt.date):
        return dt.date(node.year, node.month, node.day)
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node


def _position(node: Any, loc: tuple, want_key: bool) -> tuple[int, int]:
    """Walk `loc` down the ruamel tree; return the 0-based (line, column) found.

    Stops at the deepest node that exists, so a missing field points at the
    record (or group) that lacks it.
    """
    line, col = getattr(getattr(node, "lc", None), "line", 0) or 0, getattr(getattr(node, "lc", None), "col", 0) or 0
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, CommentedMap) and part in node:
            if last and want_key:
                line, col = node.lc.key(part)
            else:
                line, col = node.lc.value(part)
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            line, col = node.lc.item(part)
            node = node[part]
        else:
            break
    return line, col


def _allowed_fields(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names allowed in the mapping that `loc[:-1]` points at."""
    if len(loc) <= 1 or all(isinstance(p, int) for p in loc[:-1]):
        return list(model.model_fields)
    field = field_at(model, loc[:-1])
    inner = inner_model(field.annotation) if field is not None else None
    return list(inner.model_fields) if inner is not None else []


class _FileRecords:
    """The records of one file with the YAML nodes they came from."""

    def __init__(self, kind: str, rel: str, doc: CommentedSeq):
        self.kind = kind
        self.rel = rel
        self.doc = doc
        self.items: list[tuple[Record, CommentedMap]] = []
        self.invalid: list[CommentedMap] = []  # records with problems, still checked for references


# Parsed documents by the digest of their text. Round-trip parsing is by far the
# slowest part of loading; while `make serve` runs, a save re-parses only the file
# that changed. The trees are only read, never changed, after parsing.
_parsed: dict[str, Any] = {}


# Bounds on one data file, checked before a YAML parser builds anything from it. A
# record file is a few kilobytes and a few levels deep. Nested anchors and aliases
# (`&a`, `*a`) expand exponentially (a "billion laughs" file of a few lines fills the
# memory), and deep nesting crashes the C parser's recursive composer (a
# segmentation fault, no message).
MAX_FILE_BYTES = 10_000_000
MAX_DEPTH = 40
MAX_LISTED = 20  # invisible characters listed per file
# Anchors and aliases are allowed (a few files share a long list between records)
# but bounded: the document with every alias expanded may hold at most this many
# values per 10 characters of the file (a record file: a value per 20-30 characters).
MAX_EXPANSION = 20


def _guard_text(text: str, rel: str) -> list[Problem]:
    """What makes a file unsafe to hand to a YAML parser, each at its line and column:
    invisible control and direction characters, a size beyond MAX_FILE_BYTES, anchors
    and aliases, nesting deeper than MAX_DEPTH. Empty when the file may be parsed."""
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        return [Problem(rel, 1, 1, f"the file is {size / 1e6:.1f} MB, more than the {MAX_FILE_BYTES / 1e6:.0f} MB "
                                   "a data file may hold: split it into several files")]
    problems: list[Problem] = []
    for m in FORBIDDEN_CHARS.finditer(text):
        if m.group() == "\r" and text[m.end():m.end() + 1] == "\n":
            continue  # a Windows line end
        line = text.count("\n", 0, m.start())
        col = m.start() - (text.rfind("\n", 0, m.start()) + 1)
        problems.append(Problem(rel, line + 1, col + 1, f"the invisible character {char_name(m.group())} is not "
                                                        "allowed in data files (it can hide or disguise text): "
                                                        "delete it"))
        if len(problems) >= MAX_LISTED:
            break
    if problems:
        return problems
    return _guard_structure(text, rel)


def _events(text: str, fast: bool = True):
    """The parser's events of `text` (libyaml with `fast`, else ruamel's own parser);
    events build nothing, so neither aliases nor depth cost anything here."""
    if fast and yamlfast.available() and "%YAML" not in text:
        from ruamel.yaml.cyaml import CParser

        parser = CParser(text)
        try:
            while True:
                event = parser.get_event()
                yield event
                if type(event).__name__ == "StreamEndEvent":
                    return
        finally:
            parser.dispose()
    else:
        yield from yaml_reader().parse(text)


def _guard_structure(text: str, rel: str) -> list[Problem]:
    """Nesting depth and what aliases expand to, counted on the parser's events.

    libyaml reads YAML 1.1 and stops at some YAML 1.2 the loader accepts: then the
    count starts again on ruamel's pure-Python events, as the loader would read it."""
    try:
        return _count_structure(text, rel, fast=True)
    except Exception:  # noqa: BLE001 - libyaml stopped: ruamel decides
        try:
            return _count_structure(text, rel, fast=False)
        except Exception:  # noqa: BLE001 - a syntax error: the parser below reports it with its place
            return []


def _count_structure(text: str, rel: str, fast: bool) -> list[Problem]:
    depth = 0
    total = 0  # nodes of the document with every alias expanded
    open_nodes: list[list] = []  # [anchor, nodes so far] of each open list or group
    sizes: dict[str, int] = {}  # anchor -> nodes it stands for
    limit = None
    for event in _events(text, fast):
        name = type(event).__name__
        mark = event.start_mark
        where = (rel, mark.line + 1, mark.column + 1)
        if limit is None:
            limit = MAX_EXPANSION * max(1, len(text) // 10) + 10_000
        size = 0
        if name == "AliasEvent":
            if event.anchor not in sizes:
                return [Problem(*where, f"`*{event.anchor}` repeats a part of the file that contains it, "
                                        "or that is not marked with `&" + f"{event.anchor}` before it: "
                                        "write the value out in full")]
            size = sizes[event.anchor]
        elif name == "ScalarEvent":
            size = 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif name in ("SequenceStartEvent", "MappingStartEvent"):
            depth += 1
            if depth > MAX_DEPTH:
                return [Problem(*where, f"the data is nested more than {MAX_DEPTH} levels deep here: a record "
                                        "never needs that many; check the brackets and indentation")]
            open_nodes.append([event.anchor, 1])
            continue
        elif name in ("SequenceEndEvent", "MappingEndEvent"):
            depth -= 1
            anchor, size = open_nodes.pop()
            if anchor:
                sizes[anchor] = size
            if open_nodes:
                open_nodes[-1][1] += size
            continue
        else:
            continue
        total += size
        if open_nodes:
            open_nodes[-1][1] += size
        if total > limit:
            return [Problem(*where, "the repeated parts of this file (YAML aliases, `*name`) expand to more "
                                    f"than {limit:,} values: write the values out in full "
                                    "instead of repeating them")]
    return []


def _read_yaml(path: Path, rel: str, problems: list[Problem]) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(rel, 1, 1, f"the file is not UTF-8 text ({exc.reason}); save it as UTF-8"))
        return None
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()
    if digest in _parsed:
        return _parsed[digest]
    unsafe = _guard_text(text, rel)
    if unsafe:
        problems.extend(unsafe)
        return None
    try:
        # libyaml when it can read the file (the same tree, five times faster), else ruamel.
        doc = yamlfast.load(text, _Constructor)
        if doc is None:
            doc = yaml_reader().load(text)
        if len(_parsed) > 256:
            _parsed.clear()
        _parsed[digest] = doc
        return doc
    except MarkedYAMLError as exc:
        pm, cm = exc.problem_mark, exc.context_mark
        (line, col), message = yaml_syntax(exc.problem or "", exc.context or "",
                                           (pm.line, pm.column) if pm else None,
                                           (cm.line, cm.column) if cm else None, text)
        problems.append(Problem(rel, line + 1, col + 1, message))
    except Exception as exc:  # ruamel raises a few unmarked errors
        problems.append(Problem(rel, 1, 1, f"YAML error: {exc}; check the file's indentation, colons and quotes"))
    return None


def _rel(path: Path, root: Path) -> str:
    if path.resolve().is_relative_to(root.resolve()):
        return path.resolve().relative_to(root.resolve()).as_posix()
    return str(path)


def raw_ui_strings(data_dir: Path) -> dict[str, dict]:
    """Interface strings read leniently (no validation): {id: {fi: ..., sv: ...}}.

    For the draft preview only, when the data has problems and cannot be loaded:
    the error page and the site's frame still speak the page's language.
    """
    found: dict[str, dict] = {}
    for kind, path in data_files(data_dir):
        if kind != "ui":
            continue
        doc = _read_yaml(path, str(path), [])  # the same bounds as the strict load
        for item in doc if isinstance(doc, list) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), str) and isinstance(item.get("text"), dict):
                found.setdefault(item["id"], _plain(item["text"]))
    return found


def raw_record_ids(data_dir: Path) -> list[tuple[str, str]]:
    """(kind, id) of every record that names an id, read leniently (no validation).

    For the draft preview of broken data: the page of each record still answers (with
    the list of problems) instead of a 404 while the editor fixes the files."""
    found = []
    for kind, path in data_files(data_dir):
        if not kind or kind == "ui":
            continue
        doc = _read_yaml(path, str(path), [])
        for item in doc if isinstance(doc, list) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                found.append((kind, str(item["id"])))
    return found


def draft_placeholders(data_dir: Path) -> dict[str, str]:
    """The "translation missing" marker per language, read leniently from the ui data."""
    found = dict(FALLBACK_PLACEHOLDER)
    text = raw_ui_strings(data_dir).get(PLACEHOLDER_ID) or {}
    for lang in LANGS:
        value = text.get(lang)
        if isinstance(value, str) and value.strip() and not value.strip().startswith(TODO):
            found[lang] = value.strip()
    return found


def _missing_text(value: Any) -> bool:
    return value is None or (isinstance(value, str) and (not value.strip() or value.strip().startswith(TODO)))


def _set(plain: dict, loc: tuple, value: Any) -> None:
    target: Any = plain
    for part in loc[:-1]:
        target = target[part]
    target[loc[-1]] = value


def _fill_translation_gaps(model: type[BaseModel], plain: dict, marker: dict[str, str]) -> list[tuple[tuple, str]]:
    """Draft mode: put a marked placeholder where a fi/sv text is missing.

    The placeholder carries the other language's text, when there is one, so the
    previewed page shows what is to be translated. Returns (loc, message) pairs.
    """
    gaps = []
    for loc, raw, _ in list(iter_texts(model, plain)):
        if not isinstance(raw, dict):
            continue
        missing = [lang for lang in LANGS if _missing_text(raw.get(lang))]
        if len(missing) == len(LANGS):
            continue  # no text in either language: nothing to preview, stays a problem
        for lang in missing:
            other = next(raw[o] for o in LANGS if o not in missing)
            what = "missing" if lang not in raw else "empty" if not str(raw[lang] or "").strip() else "still TODO"
            _set(plain, (*loc, lang), f"{marker[lang]} {other}")
            gaps.append(((*loc, lang), f"the {LANG_NAMES[lang]} text (`{lang}:`) of `{field_name(loc)}` is {what}: "
                                       f"the preview shows \"{marker[lang]}\" in its place"))
    return gaps


def load(data_dir: Path | str, root: Path | str | None = None, *, draft: bool = False,
         warnings: list[Problem] | None = None) -> Database:
    """Load and check every data file; raise DataError listing every problem.

    With `draft`, missing translations are filled with a placeholder and listed in
    `warnings` instead of being problems.
    """
    data_dir = Path(data_dir)
    root = Path(root) if root is not None else data_dir.parent
    problems: list[Problem] = []
    files: list[_FileRecords] = []
    unreadable_kinds: set[str] = set()  # a file that could not be parsed hides its ids
    marker = draft_placeholders(data_dir) if draft else {}

    # Pass 1: parse every file, so that messages can show ids that really exist.
    for kind, path in data_files(data_dir):
        rel = _rel(path, root)
        if not kind:
            known_files = ", ".join(f"{k}.yaml" for k in KINDS)
            problems.append(Problem(rel, 1, 1, "the file name does not say what kind of records it holds; "
                                               f"name it (or its folder) after one of: {known_files}"))
            continue
        doc = _read_yaml(path, rel, problems)
        if doc is None or not isinstance(doc, CommentedSeq):
            unreadable_kinds.add(kind)
        if doc is None:
            if path.read_text(encoding="utf-8", errors="replace").strip() and not any(p.path == rel for p in problems):
                problems.append(Problem(rel, 1, 1, "the file holds no records: each record starts with `- id: ...`"))
            continue
        if not isinstance(doc, CommentedSeq):
            problems.append(Problem(rel, 1, 1, "the file must be a list of records, each starting with `- id: ...` "
                                               "at the start of the line"))
            continue
        files.append(_FileRecords(kind, rel, doc))

    found: dict[str, list[tuple[str, Any]]] = {k: [] for k in KINDS}
    for fr in files:
        for node in fr.doc:
            if isinstance(node, CommentedMap) and isinstance(node.get("id"), str) and not node["id"].startswith(TODO):
                found[fr.kind].append((node["id"], node.get("period")))
    raw_ids = {k: ids_for_examples(v) for k, v in found.items()}

    # Pass 2: validate every record.
    for fr in files:
        model = KINDS[fr.kind]
        for index, node in enumerate(fr.doc):
            line, col = fr.doc.lc.item(index)
            if not isinstance(node, CommentedMap):
                problems.append(Problem(fr.rel, line + 1, col + 1,
                                        "each record must be a group of `key: value` lines, starting with `- id: ...`"))
                continue
            plain = _plain(node)
            bad = False
            # Placeholders left by `make new`. Texts among them are translation gaps:
            # lenient in drafts. Other fields (an id, a reference) always stop the build.
            todo_locs = []
            for loc, _ in iter_todos(plain):
                if text_slot(model, loc) and draft:
                    continue
                todo_locs.append(loc)
                eline, ecol = _position(node, loc, want_key=False)
                example = None if text_slot(model, loc) else example_value(field_at(model, loc), str(loc[-1]), raw_ids)
                problems.append(Problem(fr.rel, eline + 1, ecol + 1, todo_message(loc, text_slot(model, loc), example)))
                bad = True
            if draft:
                for loc, message in _fill_translation_gaps(model, plain, marker):
                    eline, ecol = _position(node, loc, want_key=False)
                    if warnings is not None:
                        warnings.append(Problem(fr.rel, eline + 1, ecol + 1, message))
            try:
                record = model.model_validate(plain)
            except ValidationError as exc:
                errors = exc.errors()
                # A misspelt field (`nmae:`) also leaves the real one missing; one
                # message, "did you mean `name`?", says all there is to fix.
                misspelt = {(tuple(e["loc"][:-1]), c) for e in errors if e["type"] == "extra_forbidden"
                            for c in difflib.get_close_matches(str(e["loc"][-1]),
                                                               _allowed_fields(model, tuple(e["loc"])), n=1)}
                for err in errors:
                    loc = tuple(err["loc"])
                    if any(loc[:len(t)] == t for t in todo_locs):
                        continue  # already reported as a TODO
                    if err["type"] == "missing" and (loc[:-1], loc[-1]) in misspelt:
                        continue
                    extra = (err.get("ctx") or {}).get("field")
                    if extra:
                        loc = (*loc, extra)
                        err = {**err, "loc": loc}
                    want_key = err["type"] == "extra_forbidden"
                    eline, ecol = _position(node, loc, want_key)
                    allowed = _allowed_fields(model, loc) if want_key else None
                    example = None if want_key else example_value(field_at(model, loc), str(loc[-1]) if loc else "", raw_ids)
                    problems.append(Problem(fr.rel, eline + 1, ecol + 1, friendly(err, allowed, example)))
                bad = True
            if bad:
                fr.invalid.append(node)
                continue
            fr.items.append((record, node))

    # Ids are unique within a kind; records refer to each other by id.
    seen: dict[tuple[str, str], str] = {}
    by_kind: dict[str, dict[str, Record]] = {k: {} for k in KINDS}
    for fr in files:
        for record, node in fr.items:
            line, col = _position(node, ("id",), want_key=False)
            where = f"{fr.rel}:{line + 1}"
            key = (fr.kind, record.id)
            if key in seen:
                problems.append(Problem(fr.rel, line + 1, col + 1,
                                        f"duplicate id `{record.id}`: it is already used at {seen[key]}; "
                                        "every id must be unique"))
                continue
            seen[key] = where
            by_kind[fr.kind][record.id] = record

    # An invalid record's id still counts as known, so that one mistake is not
    # reported again at every place that refers to the record.
    known: dict[str, set[str]] = {k: set(v) for k, v in by_kind.items()}
    for fr in files:
        for node in fr.invalid:
            if isinstance(node.get("id"), str):
                known[fr.kind].add(node["id"])

    for fr in files:
        model = KINDS[fr.kind]
        nodes = [node for _, node in fr.items] + fr.invalid
        for node in nodes:
            for loc, kind, ref in iter_refs(model, node):
                if ref in known.get(kind, set()) or kind in unreadable_kinds or ref.strip().startswith(TODO):
                    continue
                line, col = _position(node, loc, want_key=False)
                hint = did_you_mean(ref, known.get(kind, set())) or \
                    f"; add a record with that id to the {kind} data, or fix the id"
                problems.append(Problem(fr.rel, line + 1, col + 1,
                                        f"`{field_name(loc)}` refers to `{ref}`, but there is no record with that id "
                                        f"in {kind}{hint}"))

    if problems:
        raise DataError(problems)
    return Database(by_kind)

