"""A hostile corpus: every text and URL field of every record kind, derived from the
models in kb.model, poisoned with markup, script, Markdown and Jinja syntax.

`fields(model)` lists what a kind holds, by what the model says of each field: a
bilingual text (Text), a web address (IsUrl), free text (a `str` without a pattern),
or text with a fixed form (a pattern: the model refuses anything else). A field the
data never fills gets a value from FILLERS; a new field that is neither in the data
nor in FILLERS fails the test that uses this module, so the corpus grows with the
models.
"""
from __future__ import annotations

import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from kb.fields import inner_model, is_list, is_text_model, ref_kind
from kb.load import data_files, yaml_reader
from kb.model import KINDS, IsUrl

TEXT, URL, FREE, FORMED = "text", "url", "free", "formed"


def payload(tag: str) -> str:
    """One string with every kind of attack; `tag` names the field, so that a dialog
    or an attribute found in a page says where it came from."""
    return (f"</title></script></textarea><script>alert('{tag}')</script><img src=x onerror=alert('{tag}')> "
            f"<svg onload=alert('{tag}')> <a href=\"javascript:alert('{tag}')\">a</a> "
            f"[x](javascript:alert('{tag}')) ![i](data:text/html,<script>alert('{tag}')</script>) "
            f"{{{{ 7*7 }}}} {{% if true %}}jinja{{% endif %}} "
            f"\"double\" 'single' `back` \u201cfi\u201d \u2018sv\u2019 \u00abguil\u00bb &amp; &lt;b&gt; "
            f"{{ autofocus tabindex=1 onfocus=alert('{tag}') }}")


def url_payload(tag: str) -> str:
    """What an https address may hold that still tries something: entities, a
    javascript: lookalike in the query, a fragment."""
    return f"https://example.fi/kb-hostile/{tag}?next=javascript:alert(1)&amp;x=%3Cscript%3E#{tag}"


# Addresses the model must refuse (finding 4), by a field of each URL kind.
BAD_URLS = ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "data:text/html,<script>x</script>",
            "vbscript:msgbox(1)", "http://example.fi/", "//example.fi/x", "https://example.fi/\"onmouseover=\"x",
            "https://example.fi/<script>", "example.fi"]


@dataclass(frozen=True)
class Slot:
    path: str  # dotted, list items as [], e.g. deadlines[].round
    kind: str  # TEXT, URL, FREE, FORMED


def _str_annotation(annotation: Any) -> bool:
    args = (annotation, *typing.get_args(annotation))
    return any(a is str or (typing.get_origin(a) is typing.Annotated and typing.get_args(a)[0] is str) for a in args)


def _is_url(field) -> bool:
    for arg in (field.annotation, *typing.get_args(field.annotation)):
        if any(isinstance(m, IsUrl) for m in getattr(arg, "__metadata__", ())):
            return True
    return any(isinstance(m, IsUrl) for m in field.metadata)


def _has_pattern(field) -> bool:
    found = [m for m in field.metadata if getattr(m, "pattern", None)]
    for arg in (field.annotation, *typing.get_args(field.annotation)):
        found += [m for m in getattr(arg, "__metadata__", ()) if getattr(m, "pattern", None)]
        found += [m for f in getattr(arg, "__metadata__", ()) for m in getattr(f, "metadata", ())
                  if getattr(m, "pattern", None)]
    return bool(found)


def slots(model: type[BaseModel], prefix: str = "") -> list[Slot]:
    """Every text-bearing field of a model, nested groups included."""
    out = []
    for name, field in model.model_fields.items():
        path = f"{prefix}{name}" + ("[]" if is_list(field.annotation) else "")
        inner = inner_model(field.annotation)
        if is_text_model(inner):
            out.append(Slot(path, TEXT))
        elif inner is not None:
            out += slots(inner, path + ".")
        elif ref_kind(field.annotation, field.metadata) is not None:
            continue  # an id of another record: checked against the records
        elif _is_url(field):
            out.append(Slot(path, URL))
        elif _str_annotation(field.annotation):
            out.append(Slot(path, FORMED if _has_pattern(field) else FREE))
    return out


def all_slots() -> dict[str, list[Slot]]:
    return {kind: slots(model) for kind, model in KINDS.items()}


# Values for fields that no record of the real data fills: (kind, field) -> a raw
# value, set on the first record of the kind before it is poisoned. Empty while the
# data fills every field.
FILLERS: dict[tuple[str, str], Any] = {}


def _text_languages(text_model: type[BaseModel]) -> list[str]:
    """The language fields of a text model (fi, sv, en), not its flags (`editorial`)."""
    return [name for name, info in text_model.model_fields.items() if _str_annotation(info.annotation)]


def poison_node(model: type[BaseModel], node: Any, kind: str, prefix: str, seen: set[str]) -> None:
    """Replace every text, free-text and URL value in a record (a ruamel map) in place."""
    if not isinstance(node, dict):
        return
    for name, field in model.model_fields.items():
        if name not in node or node[name] is None:
            continue
        listed = is_list(field.annotation)
        path = f"{prefix}{name}" + ("[]" if listed else "")
        inner = inner_model(field.annotation)
        tag = f"{kind}.{path}"
        items = node[name] if listed and isinstance(node[name], list) else None
        if is_text_model(inner):
            if items is not None:
                for i, item in enumerate(items):
                    if isinstance(item, dict):
                        for lang in _text_languages(inner):
                            item[lang] = payload(f"{tag}{i}.{lang}")
            elif isinstance(node[name], dict):
                for lang in _text_languages(inner):
                    node[name][lang] = payload(f"{tag}.{lang}")
            seen.add(path)
        elif inner is not None:
            for item in (items if items is not None else [node[name]]):
                poison_node(inner, item, kind, path + ".", seen)
        elif ref_kind(field.annotation, field.metadata) is not None:
            continue
        elif _is_url(field):
            node[name] = url_payload(tag)
            seen.add(path)
        elif _str_annotation(field.annotation) and not _has_pattern(field):
            if items is not None:  # a list of free texts (e.g. a term's variants)
                for i in range(len(items)):
                    items[i] = payload(f"{tag}{i}")
            else:
                node[name] = payload(tag)
            seen.add(path)


def records_of(doc: Any) -> list:
    """The records of a data file: a list file's items, or the one record of a
    one-record-per-file file (data/<kind>/<id>.yaml)."""
    return [doc] if isinstance(doc, dict) else list(doc or [])


def poison_data(data: Path) -> dict[str, set[str]]:
    """Poison every record of every data file under `data` (written back as YAML);
    returns, per kind, the slot paths that were poisoned."""
    from ruamel.yaml import YAML

    seen: dict[str, set[str]] = {kind: set() for kind in KINDS}
    writer = YAML(typ="rt")
    writer.width = 100_000
    for kind, path in data_files(data):
        if not kind:
            continue
        doc = yaml_reader().load(path.read_text(encoding="utf-8"))
        records = records_of(doc)
        for (filler_kind, name), value in FILLERS.items():
            if filler_kind == kind and records and not seen[kind]:
                records[0].setdefault(name, value)
        for record in records:
            poison_node(KINDS[kind], record, kind, "", seen[kind])
        with path.open("w", encoding="utf-8") as f:
            writer.dump(doc, f)
    return seen
