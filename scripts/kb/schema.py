"""JSON Schemas for the data files, generated from the typed records.

`make schema` writes `data/schema/<kind>.schema.json` for every kind and puts a
`# yaml-language-server: $schema=...` line at the top of every data file, so that
editors such as VS Code (with the YAML extension) complete field names and mark
mistakes while typing. The schema is derived from `model.py`; a test fails when the
committed files differ from what this module generates.

The schema cannot say everything the loader checks (that a referenced id exists,
that `min` is at most `max`); `make check` stays the full check.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter

from .fields import TODO, inner_model, ref_kind
from .load import SCHEMA_DIR, data_files
from .model import KINDS, LANGS, Text

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_LINE = "# yaml-language-server: $schema="
LANG_WORDS = {"fi": "Finnish", "sv": "Swedish", "en": "English"}
# A text must have a non-space character and must not be the TODO placeholder
# that `make new` writes; editors then see a leftover TODO underlined.
TEXT_PATTERN = rf"^(?!\s*{TODO})(?=[\s\S]*\S)"


def _models(model: type[BaseModel], seen: dict[str, type[BaseModel]]) -> dict[str, type[BaseModel]]:
    """Every model reachable from `model`, by the name pydantic gives it in $defs."""
    if model.__name__ in seen:
        return seen
    seen[model.__name__] = model
    for field in model.model_fields.values():
        inner = inner_model(field.annotation)
        if inner is not None:
            _models(inner, seen)
    return seen


def _describe_refs(model: type[BaseModel], props: dict[str, Any]) -> None:
    for name, field in model.model_fields.items():
        kind = ref_kind(field.annotation, field.metadata)
        if kind is None or name not in props:
            continue
        what = f"The id of a record in the {kind} data (data/{kind}.yaml or data/{kind}/)."
        props[name]["description"] = f"A list of ids of records in the {kind} data." if props[name].get(
            "type") == "array" else what


def kind_schema(kind: str) -> dict[str, Any]:
    model = KINDS[kind]
    schema = TypeAdapter(list[model]).json_schema()
    defs = schema.get("$defs", {})
    for name, sub in _models(model, {}).items():
        target = defs.get(name)
        if target is None:
            continue
        _describe_refs(sub, target.get("properties", {}))
        if issubclass(sub, Text):
            for lang, prop in target.get("properties", {}).items():
                if lang == "editorial":
                    prop["description"] = ("true: our own explanation, which no source states; "
                                           "pages mark it as such in both languages.")
                    continue
                prop["description"] = f"The text in {LANG_WORDS.get(lang, lang)}."
                if lang in LANGS:
                    prop["pattern"] = TEXT_PATTERN
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": f"Erasmus+ knowledge base: {kind}",
        "description": (f"A data file of the {kind} kind: a list of records, each starting with `- id: ...`. "
                        "Generated from scripts/kb/model.py by `make schema`; do not edit by hand."),
        **schema,
    }


def schema_text(kind: str) -> str:
    return json.dumps(kind_schema(kind), indent=2, ensure_ascii=False) + "\n"


def schema_file(data_dir: Path, kind: str) -> Path:
    return data_dir / SCHEMA_DIR / f"{kind}.schema.json"


def schema_line(data_dir: Path, data_file: Path, kind: str) -> str:
    rel = os.path.relpath(schema_file(data_dir, kind), data_file.parent)
    return f"{SCHEMA_LINE}{Path(rel).as_posix()}"


def with_schema_line(text: str, line: str) -> str:
    """The file's text with `line` as its first line; nothing else changes.

    An existing yaml-language-server line at the top is replaced, so running this
    again changes nothing.
    """
    nl = "\r\n" if "\r\n" in text else "\n"  # keep the file's own line endings
    first, sep, rest = text.partition(nl)
    if first.startswith("# yaml-language-server:"):
        return line + nl + rest
    return line + nl + text


def generate(root: Path) -> list[str]:
    """Write the schemas and the schema lines; return the files that changed."""
    data_dir = root / "data"
    changed = []
    (data_dir / SCHEMA_DIR).mkdir(exist_ok=True)
    for kind in KINDS:
        path = schema_file(data_dir, kind)
        text = schema_text(kind)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path.relative_to(root).as_posix())
    for kind, path in data_files(data_dir):
        if not kind:
            continue
        old = path.read_bytes().decode("utf-8")
        new = with_schema_line(old, schema_line(data_dir, path, kind))
        if new != old:
            path.write_bytes(new.encode("utf-8"))
            changed.append(path.relative_to(root).as_posix())
    return changed


def stale(root: Path) -> list[str]:
    """Files that `generate` would change: schemas out of date, data files without the line."""
    data_dir = root / "data"
    out = []
    for kind in KINDS:
        path = schema_file(data_dir, kind)
        if not path.exists() or path.read_text(encoding="utf-8") != schema_text(kind):
            out.append(path.relative_to(root).as_posix())
    for kind, path in data_files(data_dir):
        if kind and not path.read_text(encoding="utf-8").startswith(schema_line(data_dir, path, kind) + "\n"):
            out.append(path.relative_to(root).as_posix())
    return out
