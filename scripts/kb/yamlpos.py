"""YAML read with the line and column of every key and value (ruamel.yaml's round-trip
tree), for the loader and for the editing tools that point at a place in a data file
(`make translations`, `make new`). Data files are YAML 1.2: libyaml reads them when it
can (kb.yamlfast, the same tree, five times faster), ruamel.yaml otherwise.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError

from . import yamlfast
from .messages import yaml_syntax
from .problems import Problem


class Constructor(RoundTripConstructor):
    """Round-trip constructor that leaves an impossible date (2026-13-01) as text.

    ruamel raises a bare ValueError without a position for it; as text, the
    model reports it at its line with the date format expected.
    """

    def construct_yaml_timestamp(self, node, values=None):
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return self.construct_scalar(node)


Constructor.add_constructor("tag:yaml.org,2002:timestamp", Constructor.construct_yaml_timestamp)


def yaml_reader() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = Constructor
    return yaml


def plain(node: Any) -> Any:
    """ruamel's commented containers -> plain dicts and lists for pydantic."""
    if isinstance(node, dict):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
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


def position(node: Any, loc: tuple, want_key: bool) -> tuple[int, int]:
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


# Parsed documents by the digest of their text. Round-trip parsing is by far the
# slowest part of loading; while `make serve` runs, a save re-parses only the file
# that changed. The trees are only read, never changed, after parsing.
_parsed: dict[str, Any] = {}


def read_yaml(path: Path, rel: str, problems: list[Problem]) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(rel, 1, 1, f"the file is not UTF-8 text ({exc.reason}); save it as UTF-8"))
        return None
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()
    if digest in _parsed:
        return _parsed[digest]
    from .yamlguard import guard_text  # it imports kb.model, which may import this module

    unsafe = guard_text(text, rel)
    if unsafe:
        problems.extend(unsafe)
        return None
    try:
        # libyaml when it can read the file (the same tree, five times faster), else ruamel.
        doc = yamlfast.load(text, Constructor)
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


def rel(path: Path, root: Path) -> str:
    if path.resolve().is_relative_to(root.resolve()):
        return path.resolve().relative_to(root.resolve()).as_posix()
    return str(path)
