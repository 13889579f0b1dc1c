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
import os
import typing
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel, ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .database import Database
from .fields import (TODO, example_value, field_at, ids_for_examples, inner_model, iter_fields, iter_refs, iter_texts,
                     iter_todos, text_slot)
from .messages import LANG_NAMES, did_you_mean, field_name, friendly, todo_message
from .model import KINDS, LANGS, Record, kind_of_filename, one_record_per_file
from .problems import DataError, Problem
# YAML with positions lives in kb.yamlpos; the loader's own names for it:
from .yamlpos import Constructor as _Constructor  # noqa: F401 - tests reach it here
from .yamlpos import plain as _plain
from .yamlpos import position as _position
from .yamlpos import read_yaml as _read_yaml
from .yamlpos import rel as _rel
from .yamlpos import yaml_reader  # noqa: F401 - re-exported

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


def _wants_date(annotation: Any) -> bool:
    return any(a is dt.date for a in (annotation, *typing.get_args(annotation)))


def _dates_as_text(model: type[BaseModel], plain: dict) -> None:
    """A date-like text (`published: 2021-03-25`) in a text field stays text.

    The browser editor writes YAML 1.2 and quotes only what YAML 1.2 needs: a text that
    looks like a date is written plain, and ruamel reads it back as a date. The model
    says which fields are dates; anywhere else it is the text it was.
    """
    for loc, field, value in list(iter_fields(model, plain)):
        if isinstance(value, dt.date) and not _wants_date(field.annotation):
            _set(plain, loc, value.isoformat())


def _allowed_fields(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names allowed in the mapping that `loc[:-1]` points at."""
    if len(loc) <= 1 or all(isinstance(p, int) for p in loc[:-1]):
        return list(model.model_fields)
    field = field_at(model, loc[:-1])
    inner = inner_model(field.annotation) if field is not None else None
    return list(inner.model_fields) if inner is not None else []


class _FileRecords:
    """The records of one file with the YAML nodes they came from."""

    def __init__(self, kind: str, rel: str, doc: CommentedSeq | CommentedMap, stem: str | None = None):
        self.kind = kind
        self.rel = rel
        # One record per file (`data/<kind>/<id>.yaml`) is a mapping; `stem` is then the
        # id it must have. A list file holds many records.
        self.stem = stem
        self.doc = [doc] if isinstance(doc, CommentedMap) else doc
        self._list = doc if isinstance(doc, CommentedSeq) else None
        self.items: list[tuple[Record, CommentedMap]] = []
        self.invalid: list[CommentedMap] = []  # records with problems, still checked for references

    def position(self, index: int) -> tuple[int, int]:
        return self._list.lc.item(index) if self._list is not None else (0, 0)


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
        items = doc if isinstance(doc, list) else [doc] if isinstance(doc, dict) else []  # a list file or one record
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                found.append((kind, str(item["id"])))
            elif isinstance(item, dict) and one_record_per_file(kind):
                found.append((kind, path.stem))  # a record file too broken to name itself: its file name
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


def _in_display_order(files: list[_FileRecords]) -> list[_FileRecords]:
    """Files in the order their records are shown: by a record's `order` (one record per
    file), those without one after, in file order. A list file keeps its records' order."""
    def key(item: tuple[int, _FileRecords]):
        index, fr = item
        order = getattr(fr.items[0][0], "order", None) if fr.stem is not None and fr.items else None
        return (order is None, order or 0, index)
    return [fr for _, fr in sorted(enumerate(files), key=key)]


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
        if isinstance(doc, CommentedMap) and path.parent != data_dir:
            files.append(_FileRecords(kind, rel, doc, stem=path.stem))  # data/<kind>/<id>.yaml
            continue
        if not isinstance(doc, CommentedSeq):
            problems.append(Problem(rel, 1, 1, "the file must be one record (`id: ...` and its fields) in "
                                               f"data/{kind}/<id>.yaml, or a list of records, each starting "
                                               "with `- id: ...` at the start of the line"))
            continue
        files.append(_FileRecords(kind, rel, doc))

    found: dict[str, list[tuple[str, Any]]] = {k: [] for k in KINDS}
    for fr in files:
        for node in fr.doc:
            if isinstance(node, CommentedMap) and isinstance(node.get("id"), str) and not node["id"].startswith(TODO):
                found[fr.kind].append((node["id"], node.get("period")))
    raw_ids = {k: ids_for_examples(v) for k, v in found.items()}

    _validate_records(files, raw_ids, draft, marker, warnings, problems)  # pass 2
    by_kind = _index_by_id(files, problems)  # pass 3
    _check_references(files, by_kind, unreadable_kinds, problems)  # pass 4

    if problems:
        raise DataError(problems)
    return Database(by_kind)


def _validate_records(files: list[_FileRecords], raw_ids: dict, draft: bool, marker: dict[str, str],
                      warnings: list[Problem] | None, problems: list[Problem]) -> None:
    """Pass 2: validate every record into its model; valid ones go to `fr.items`."""
    # Pass 2: validate every record.
    for fr in files:
        model = KINDS[fr.kind]
        for index, node in enumerate(fr.doc):
            line, col = fr.position(index)
            if not isinstance(node, CommentedMap):
                problems.append(Problem(fr.rel, line + 1, col + 1,
                                        "each record must be a group of `key: value` lines, starting with `- id: ...`"))
                continue
            plain = _plain(node)
            _dates_as_text(model, plain)
            bad = False
            if fr.stem is not None and isinstance(node.get("id"), str) and node["id"] != fr.stem:
                eline, ecol = _position(node, ("id",), want_key=False)
                problems.append(Problem(fr.rel, eline + 1, ecol + 1,
                                        f"the id `{node['id']}` differs from the file's name `{fr.stem}`: a record's "
                                        f"file is named after its id; write `id: {fr.stem}`, or rename the file "
                                        f"to {node['id']}.yaml"))
                bad = True
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


def _index_by_id(files: list[_FileRecords], problems: list[Problem]) -> dict[str, dict[str, Record]]:
    """Pass 3: the valid records by kind and id."""
    # Ids are unique within a kind; records refer to each other by id.
    seen: dict[tuple[str, str], str] = {}
    by_kind: dict[str, dict[str, Record]] = {k: {} for k in KINDS}
    for fr in _in_display_order(files):
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
    return by_kind


def _check_references(files: list[_FileRecords], by_kind: dict[str, dict[str, Record]], unreadable_kinds: set[str],
                      problems: list[Problem]) -> None:
    """Pass 4: every reference names a record that exists."""
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
