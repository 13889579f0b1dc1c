"""Bounds on one data file, checked on its text and its parser events before a YAML
parser builds anything from it (kb.yamlpos.read_yaml calls guard_text)."""
from __future__ import annotations

from .model import FORBIDDEN_CHARS, char_name
from .problems import Problem
from . import yamlfast


def yaml_reader():
    from .yamlpos import yaml_reader as reader  # kb.yamlpos imports this module
    return reader()


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


def guard_text(text: str, rel: str) -> list[Problem]:
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
