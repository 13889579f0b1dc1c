"""Read every YAML file in `data/` into typed records, reporting all problems at once.

ruamel.yaml's round-trip loader keeps the line and column of every key and value;
pydantic's error locations are walked down that tree so that each problem points at
the key or value it is about.
"""
from __future__ import annotations

import datetime as dt
import difflib
import typing
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from .database import Database
from .messages import field_name, friendly
from .model import KINDS, RefTo, Record, kind_of_filename
from .problems import DataError, Problem

SCHEMA_DIR = "schema"  # data/schema/ holds generated JSON Schemas, not records


def data_files(data_dir: Path) -> Iterator[tuple[str, Path]]:
    """Yield (kind, path) for `data/<kind>.yaml` and `data/<kind>/*.yaml`, sorted."""
    for path in sorted(data_dir.glob("*.y*ml")):
        yield kind_of_filename(path.stem) or "", path
    for sub in sorted(p for p in data_dir.iterdir() if p.is_dir() and p.name != SCHEMA_DIR):
        kind = kind_of_filename(sub.name) or ""
        for path in sorted(sub.glob("*.y*ml")):
            yield kind, path


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
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = current.model_fields.get(str(part))
        if field is None:
            return []
        current = _inner_model(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    """Optional[X], tuple[X, ...] -> X, when X is a model."""
    for arg in (annotation, *typing.get_args(annotation)):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
        for sub in typing.get_args(arg):
            if isinstance(sub, type) and issubclass(sub, BaseModel):
                return sub
    return None


def _ref_kind(annotation: Any, metadata: list) -> str | None:
    """The kind a field refers to: Annotated[str, RefTo] itself, or inside tuple[...]."""
    for m in metadata:
        if isinstance(m, RefTo):
            return m.kind
    for arg in typing.get_args(annotation):
        for m in getattr(arg, "__metadata__", ()):
            if isinstance(m, RefTo):
                return m.kind
    return None


def iter_refs(model: type[BaseModel], raw: Any, loc: tuple = ()) -> Iterator[tuple[tuple, str, str]]:
    """Yield (loc, kind, id) for every reference in a raw record, nested ones too.

    Works on the raw YAML mapping rather than the validated record, so that the
    references of a record with other problems are checked as well.
    """
    if not isinstance(raw, dict):
        return
    for name, field in model.model_fields.items():
        if name not in raw:
            continue
        value = raw[name]
        kind = _ref_kind(field.annotation, field.metadata)
        if kind is not None:
            if isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, str):
                        yield (*loc, name, i), kind, item
            elif isinstance(value, str):
                yield (*loc, name), kind, value
            continue
        inner = _inner_model(field.annotation)
        if inner is None:
            continue
        if isinstance(value, list):
            for i, item in enumerate(value):
                yield from iter_refs(inner, item, (*loc, name, i))
        else:
            yield from iter_refs(inner, value, (*loc, name))


class _FileRecords:
    """The records of one file with the YAML nodes they came from."""

    def __init__(self, kind: str, rel: str):
        self.kind = kind
        self.rel = rel
        self.items: list[tuple[Record, CommentedMap]] = []
        self.invalid: list[CommentedMap] = []  # records with problems, still checked for references


def _read_yaml(path: Path, rel: str, problems: list[Problem]) -> Any:
    yaml = YAML(typ="rt")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(rel, 1, 1, f"the file is not UTF-8 text ({exc.reason}); save it as UTF-8"))
        return None
    try:
        return yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = (exc.problem or "the YAML is not valid").strip()
        context = f" ({exc.context.strip()})" if exc.context else ""
        problems.append(Problem(rel, line, col,
                                f"YAML syntax error: {what}{context}; check the indentation, colons and quotes here"))
    except Exception as exc:  # ruamel raises a few unmarked errors, e.g. duplicate keys
        problems.append(Problem(rel, 1, 1, f"YAML error: {exc}"))
    return None


def load(data_dir: Path | str, root: Path | str | None = None) -> Database:
    """Load and check every data file; raise DataError listing every problem."""
    data_dir = Path(data_dir)
    root = Path(root) if root is not None else data_dir.parent
    problems: list[Problem] = []
    files: list[_FileRecords] = []
    unreadable_kinds: set[str] = set()  # a file that could not be parsed hides its ids

    for kind, path in data_files(data_dir):
        rel = path.resolve().relative_to(root.resolve()).as_posix() if path.resolve().is_relative_to(root.resolve()) else str(path)
        if not kind:
            known = ", ".join(f"{k}.yaml" for k in KINDS)
            problems.append(Problem(rel, 1, 1, f"the file name does not say what it holds; use one of: {known}"))
            continue
        doc = _read_yaml(path, rel, problems)
        if doc is None or not isinstance(doc, CommentedSeq):
            unreadable_kinds.add(kind)
        if doc is None:
            if path.read_text(encoding="utf-8", errors="replace").strip() and not any(p.path == rel for p in problems):
                problems.append(Problem(rel, 1, 1, "the file holds no records"))
            continue
        if not isinstance(doc, CommentedSeq):
            problems.append(Problem(rel, 1, 1, "the file must be a list of records, each starting with `- id: ...`"))
            continue
        model = KINDS[kind]
        fr = _FileRecords(kind, rel)
        files.append(fr)
        for index, node in enumerate(doc):
            line, col = doc.lc.item(index)
            if not isinstance(node, CommentedMap):
                problems.append(Problem(rel, line + 1, col + 1, "each record must be a group of `key: value` lines"))
                continue
            try:
                record = model.model_validate(_plain(node))
            except ValidationError as exc:
                for err in exc.errors():
                    loc = tuple(err["loc"])
                    extra = (err.get("ctx") or {}).get("field")
                    if extra:
                        loc = (*loc, extra)
                        err = {**err, "loc": loc}
                    want_key = err["type"] == "extra_forbidden"
                    eline, ecol = _position(node, loc, want_key)
                    allowed = _allowed_fields(model, loc) if want_key else None
                    problems.append(Problem(rel, eline + 1, ecol + 1, friendly(err, allowed)))
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
                                        f"duplicate id `{record.id}`: it is already used at {seen[key]}; every id must be unique"))
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
                if ref in known.get(kind, set()) or kind in unreadable_kinds:
                    continue
                line, col = _position(node, loc, want_key=False)
                close = difflib.get_close_matches(ref, sorted(known.get(kind, set())), n=3)
                hint = f"; did you mean {', '.join(f'`{c}`' for c in close)}?" if close else f"; add a record with that id to the {kind} data or fix the id"
                problems.append(Problem(fr.rel, line + 1, col + 1,
                                        f"`{field_name(loc)}` refers to `{ref}`, but there is no record with that id in {kind}{hint}"))

    if problems:
        raise DataError(problems)
    return Database(by_kind)
