"""Walk the record models alongside raw YAML: which field is where, what it holds.

The loader, the translation report, the scaffolding and the error messages all
need the same answers: "what type is the field at `deadlines.0.round`?", "where
are the bilingual texts of this record?", "what does a valid value look like?".
They are answered here from the models in `model.py`, so a new field or a new
kind needs no change in the tools.
"""
from __future__ import annotations

import datetime as dt
import re
import typing
from typing import Any, Iterator, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .model import LANGS, Period, RefTo, Text

# What editors leave in a text or value they have not filled in yet; `make new`
# writes it into every field of a skeleton. A value starting with it is never data.
TODO = "TODO"

EXAMPLE_DATE = "2026-05-20"


def ids_for_examples(records: list[tuple[str, Any]]) -> list[str]:
    """(id, period) pairs in file order -> ids, those of the current period first, so
    that an example in a message never points an editor at old rules."""
    current = typing.get_args(Period)[-1]
    return [i for i, period in sorted(records, key=lambda r: r[1] != current)]


def inner_model(annotation: Any) -> Any:
    """Optional[X], tuple[X, ...] -> X, when X is a model; else None."""
    for arg in (annotation, *typing.get_args(annotation)):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
        for sub in typing.get_args(arg):
            if isinstance(sub, type) and issubclass(sub, BaseModel):
                return sub
    return None


def ref_kind(annotation: Any, metadata: list | tuple = ()) -> str | None:
    """The kind a field refers to: Annotated[str, RefTo] itself, or inside tuple[...]."""
    for m in metadata:
        if isinstance(m, RefTo):
            return m.kind
    for arg in (annotation, *typing.get_args(annotation)):
        for m in getattr(arg, "__metadata__", ()):
            if isinstance(m, RefTo):
                return m.kind
        for sub in typing.get_args(arg):
            for m in getattr(sub, "__metadata__", ()):
                if isinstance(m, RefTo):
                    return m.kind
    return None


def is_list(annotation: Any) -> bool:
    """tuple[X, ...] or list[X], possibly inside Optional."""
    for arg in (annotation, *typing.get_args(annotation)):
        if typing.get_origin(arg) in (tuple, list):
            return True
    return False


def literal_values(annotation: Any) -> tuple:
    for arg in (annotation, *typing.get_args(annotation)):
        if typing.get_origin(arg) is Literal:
            return typing.get_args(arg)
    return ()


def field_at(model: type[BaseModel], loc: tuple) -> FieldInfo | None:
    """The pydantic field that `loc` (e.g. ('deadlines', 0, 'round')) names."""
    current: Any = model
    field = None
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(str(part))
        if field is None:
            return None
        current = inner_model(field.annotation)
    return field


def is_text_model(model: Any) -> bool:
    return isinstance(model, type) and issubclass(model, Text)


def iter_fields(model: type[BaseModel], raw: Any, loc: tuple = ()) -> Iterator[tuple[tuple, FieldInfo, Any]]:
    """Yield (loc, field, raw value) for every field present in a raw record, the
    fields of nested groups too (each item of a list of groups separately).

    Works on the raw YAML mapping, not a validated record, so that a record with
    problems is still walked: its texts and references are checked as well.
    """
    if not isinstance(raw, dict):
        return
    for name, field in model.model_fields.items():
        if name not in raw:
            continue
        value = raw[name]
        yield (*loc, name), field, value
        inner = inner_model(field.annotation)
        if inner is None or is_text_model(inner):
            continue
        if is_list(field.annotation) and isinstance(value, list):
            for i, item in enumerate(value):
                yield from iter_fields(inner, item, (*loc, name, i))
        else:
            yield from iter_fields(inner, value, (*loc, name))


def iter_texts(model: type[BaseModel], raw: Any) -> Iterator[tuple[tuple, Any, type[Text]]]:
    """Yield (loc, raw value, Text model) for every bilingual text present in a raw
    record, nested ones (grant.note, deadlines[].round) included."""
    for loc, field, value in iter_fields(model, raw):
        inner = inner_model(field.annotation)
        if not is_text_model(inner):
            continue
        if is_list(field.annotation) and isinstance(value, list):
            for i, item in enumerate(value):
                yield (*loc, i), item, inner
        else:
            yield loc, value, inner


def iter_refs(model: type[BaseModel], raw: Any) -> Iterator[tuple[tuple, str, str]]:
    """Yield (loc, kind, id) for every reference to another record in a raw record."""
    for loc, field, value in iter_fields(model, raw):
        kind = ref_kind(field.annotation, field.metadata)
        if kind is None:
            continue
        if isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, str):
                    yield (*loc, i), kind, item
        elif isinstance(value, str) and not is_list(field.annotation):
            yield loc, kind, value  # a lone id where a list belongs is reported as such


def iter_todos(raw: Any, loc: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Yield (loc, value) for every string value still starting with TODO."""
    if isinstance(raw, dict):
        for key, value in raw.items():
            yield from iter_todos(value, (*loc, str(key)))
    elif isinstance(raw, list):
        for i, value in enumerate(raw):
            yield from iter_todos(value, (*loc, i))
    elif isinstance(raw, str) and raw.strip().startswith(TODO):
        yield loc, raw


def text_slot(model: type[BaseModel], loc: tuple) -> bool:
    """Whether loc ends in the fi/sv/en slot of a bilingual text."""
    if not loc or loc[-1] not in (*LANGS, "en"):
        return False
    parent = field_at(model, loc[:-1])
    return parent is not None and is_text_model(inner_model(parent.annotation))


def _yaml_scalar(value: Any) -> str:
    text = str(value)
    # Values YAML would read as a number or a date are quoted; ids and words are not.
    if text[:1].isdigit() and not _is_iso_date(text):
        return f'"{text}"'
    return text


def _is_iso_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
        return True
    except ValueError:
        return False


# Examples for plain text fields whose form is not obvious from their type.
_NAMED_EXAMPLES = {
    "id": "ka220-vet",
    "code": "KA220-VET",
    "url": "https://www.example.fi/hanke",
    "time": '"12:00 CET"',
    "title": "Green Skills for VET",
    "name": "Esimerkkiopisto Oy",
    "answer": "has_accreditation",
    "file": "programme-guide.pdf",
    "abbreviation": "VET",
}


def example_value(field: FieldInfo | None, name: str = "", known_ids: dict[str, list[str]] | None = None) -> str | None:
    """A short YAML example of a valid value for `field`, written as an editor would."""
    if field is None:
        return None
    ann = field.annotation
    kind = ref_kind(ann, field.metadata)
    if kind is not None:
        ids = (known_ids or {}).get(kind) or []
        one = ids[0] if ids else f"{kind}-id"
        return f"[{one}]" if is_list(ann) else one
    inner = inner_model(ann)
    if is_text_model(inner):
        langs = [n for n, f in inner.model_fields.items() if f.is_required()]  # the languages, not `editorial`
        sample = {"fi": "suomeksi", "sv": "på svenska", "en": "in English"}
        one = "{" + ", ".join(f"{lang}: {sample.get(lang, '...')}" for lang in langs) + "}"
        return f"\n  - {one}" if is_list(ann) else one
    if inner is not None:
        fields = [n for n, f in inner.model_fields.items() if f.is_required()] or list(inner.model_fields)[:2]
        parts = ", ".join(f"{n}: {example_value(inner.model_fields[n], n, known_ids) or '...'}" for n in fields)
        return f"[{{{parts}}}]" if is_list(ann) else f"{{{parts}}}"
    values = literal_values(ann)
    if values:
        # A programme period: show the current one, never the previous as the example.
        periods = all(re.match(r"^\d{4}-\d{4}$", str(v)) for v in values)
        return _yaml_scalar(values[-1] if periods else values[0])
    for arg in (ann, *typing.get_args(ann)):
        if arg is dt.date:
            return EXAMPLE_DATE
        if arg is bool:
            return "true"
        if arg is int:
            return "12"
        if typing.get_origin(arg) is tuple and typing.get_args(arg)[:1] == (int,):
            return "[30000, 60000]"
    return _NAMED_EXAMPLES.get(name)
