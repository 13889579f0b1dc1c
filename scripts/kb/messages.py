"""Pydantic's errors in words an editor who is not a programmer understands."""
from __future__ import annotations

from typing import Any

LANG_NAMES = {"fi": "Finnish", "sv": "Swedish", "en": "English"}


def field_name(loc: tuple[Any, ...]) -> str:
    """`('deadlines', 0, 'date')` -> `deadlines.date`; the line number says which item."""
    parts = [str(p) for p in loc if not isinstance(p, int)]
    return ".".join(parts) if parts else "this record"


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "..."


def friendly(error: dict, allowed_fields: list[str] | None = None) -> str:
    """One pydantic error dict -> one plain-language sentence."""
    loc = tuple(error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    last = loc[-1] if loc else None
    name = f"`{field_name(loc)}`"

    if last in LANG_NAMES and kind in ("missing", "empty_translation", "string_type"):
        parent = f"`{field_name(loc[:-1])}`"
        lang = LANG_NAMES[last]
        if kind == "missing":
            return f"the {lang} text (`{last}:`) of {parent} is missing: write it in {lang}"
        if kind == "empty_translation":
            return f"the {lang} text (`{last}:`) of {parent} is empty: write it in {lang}"
    if kind == "missing":
        return f"{name} is missing: this field is required"
    if kind == "extra_forbidden":
        hint = f"; the fields allowed here are: {', '.join(allowed_fields)}" if allowed_fields else ""
        return f"unknown field {name}: check its spelling{hint}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{name} must be a whole number such as 12, not {_shown(value)}"
    if kind in ("bool_parsing", "bool_type"):
        return f"{name} must be true or false, not {_shown(value)}"
    if kind in ("date_parsing", "date_type", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        return f"{name} must be a date written as YYYY-MM-DD, such as 2026-05-20, not {_shown(value)}"
    if kind in ("string_type",):
        return f"{name} must be text, not {_shown(value)}"
    if kind == "literal_error":
        return f"{name} must be one of {ctx.get('expected', '')}, not {_shown(value)}"
    if kind == "string_pattern_mismatch":
        if last == "id":
            return (f"{name} must be lower-case letters a-z, digits and hyphens, such as "
                    f"`ka220-vet`, not {_shown(value)}")
        if last == "url":
            return f"{name} must be a web address starting with https://, not {_shown(value)}"
        if last == "time":
            return f"{name} must be a time such as `12:00 CET`, not {_shown(value)}"
        return f"{name} has the wrong form: {_shown(value)}"
    if kind == "too_short":
        if ctx.get("min_length") == 1 or isinstance(value, (list, tuple)):
            return f"{name} must list at least {ctx.get('min_length', 1)} item(s)"
        return f"{name} is too short"
    if kind in ("string_too_short",):
        return f"{name} must not be empty"
    if kind in ("greater_than_equal", "greater_than"):
        return f"{name} must be at least {ctx.get('ge', ctx.get('gt'))}, not {_shown(value)}"
    if kind in ("less_than_equal", "less_than"):
        return f"{name} must be at most {ctx.get('le', ctx.get('lt'))}, not {_shown(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"{name} must be a group of `key: value` lines, not {_shown(value)}"
    if kind in ("tuple_type", "list_type", "sequence_type"):
        return f"{name} must be a list, each item on its own line starting with `- `, not {_shown(value)}"
    # Our own validators already speak plainly; prefix them with the field.
    msg = error.get("msg", "is not valid")
    if kind in ("min_above_max", "deadline_year", "condition_test", "empty_range", "self_reference"):
        parent = field_name(loc[:-1]) if ctx.get("field") else field_name(loc)
        parent = "" if parent == "this record" else parent
        prefix = f"`{parent}`: " if parent else ""
        # min_above_max reads best as "`duration.max` is 6 but `min` is 12: ..."
        if kind == "min_above_max" and parent:
            return f"`{parent}.max` is {ctx['max']} but `min` is {ctx['min']}: the maximum must be at least the minimum"
        return prefix + msg
    return f"{name}: {msg}"
