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

from .field_help import FIELDS, LANG_LABELS
from .fields import TODO, inner_model, ref_kind
from .load import SCHEMA_DIR, data_files
from .model import KINDS, LANGS, Text, one_record_per_file

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
        props[name]["x-references"] = kind  # an annotation: the browser editor's pickers read it


def kind_schema(kind: str) -> dict[str, Any]:
    model = KINDS[kind]
    per_file = one_record_per_file(kind)
    schema = model.model_json_schema() if per_file else TypeAdapter(list[model]).json_schema()
    if per_file:  # the record itself is the top level: describe it like the nested groups
        schema = {"$defs": {**schema.pop("$defs", {}), model.__name__: schema}, "$ref": f"#/$defs/{model.__name__}"}
    defs = schema.get("$defs", {})
    for name, sub in _models(model, {}).items():
        target = defs.get(name)
        if target is None:
            continue
        _describe_refs(sub, target.get("properties", {}))
        if issubclass(sub, Text):
            for lang, prop in target.get("properties", {}).items():
                if lang == "editorial":
                    prop["title"] = "Toimituksen oma selitys"
                    prop["description"] = ("Valitse, jos teksti on oma selityksemme eikä lähde sano sitä: "
                                           "sivut merkitsevät sen kummallakin kielellä. (true: our own "
                                           "explanation, which no source states; pages mark it as such.)")
                    continue
                prop["title"] = LANG_LABELS.get(lang, lang)
                prop["description"] = f"Teksti {LANG_LABELS.get(lang, lang)} (the text in {LANG_WORDS.get(lang, lang)})."
                if lang in LANGS:
                    prop["pattern"] = TEXT_PATTERN
            continue
        for name, prop in target.get("properties", {}).items():
            if name in FIELDS:  # Finnish label and hint: the forms and the editor's hover show them
                label, hint = FIELDS[name]
                prop["title"] = label
                prop["description"] = f"{hint} {prop['description']}" if prop.get("description") else hint
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": f"Erasmus+ knowledge base: {kind}",
        "description": ((f"One record of the {kind} kind, in data/{kind}/<id>.yaml. " if per_file else
                         f"A data file of the {kind} kind: a list of records, each starting with `- id: ...`. ")
                        + "Generated from scripts/kb/model.py by `make schema`; do not edit by hand."),
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


VSCODE_SETTINGS = ".vscode/settings.json"


def editor_settings_text() -> str:
    """The repository's editor settings: VS Code's YAML extension maps each one-record-per-file
    kind's schema to its files by pattern (those files carry no schema line: the browser
    editor would drop it on every save)."""
    schemas = {f"./data/{SCHEMA_DIR}/{kind}.schema.json": [f"data/{kind}/*.yaml"]
               for kind in KINDS if one_record_per_file(kind)}
    settings = {"yaml.schemas": schemas, "yaml.customTags": [], "files.insertFinalNewline": True}
    return json.dumps(settings, indent=2, ensure_ascii=False) + "\n"


def _needs_line(kind: str) -> bool:
    return bool(kind) and not one_record_per_file(kind)


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
    from .editor import CONFIG_FILE, config_text
    editor_config = root / CONFIG_FILE
    if editor_config.parent.is_dir():  # the browser editor's form, generated from the schemas just written
        text = config_text(root)
        if not editor_config.exists() or editor_config.read_text(encoding="utf-8") != text:
            editor_config.write_text(text, encoding="utf-8")
            changed.append(CONFIG_FILE.as_posix())
    settings = root / VSCODE_SETTINGS
    if not settings.exists() or settings.read_text(encoding="utf-8") != editor_settings_text():
        settings.parent.mkdir(exist_ok=True)
        settings.write_text(editor_settings_text(), encoding="utf-8")
        changed.append(VSCODE_SETTINGS)
    for kind, path in data_files(data_dir):
        if not _needs_line(kind):
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
    from .editor import CONFIG_FILE, config_text
    editor_config = root / CONFIG_FILE
    if editor_config.parent.is_dir() and (not editor_config.exists()
                                          or editor_config.read_text(encoding="utf-8") != config_text(root)):
        out.append(CONFIG_FILE.as_posix())
    settings = root / VSCODE_SETTINGS
    if not settings.exists() or settings.read_text(encoding="utf-8") != editor_settings_text():
        out.append(VSCODE_SETTINGS)
    for kind, path in data_files(data_dir):
        if _needs_line(kind) and not path.read_text(encoding="utf-8").startswith(schema_line(data_dir, path, kind) + "\n"):
            out.append(path.relative_to(root).as_posix())
    return out
