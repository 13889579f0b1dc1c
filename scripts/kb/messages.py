"""Problems in words an editor who is not a programmer understands.

Every message says what is wrong, what is expected and, where it helps, shows a
valid example in the form it is written in the YAML file. The loader adds the
file, line and column; a message never repeats them.
"""
from __future__ import annotations

import difflib
import re
from typing import Any

LANG_NAMES = {"fi": "Finnish", "sv": "Swedish", "en": "English"}


def field_name(loc: tuple[Any, ...]) -> str:
    """`('deadlines', 0, 'date')` -> `deadlines.date`; the line number says which item."""
    parts = [str(p) for p in loc if not isinstance(p, int)]
    return ".".join(parts) if parts else "this record"


def _shown(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, dict):
        return "a group of `key: value` lines"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, str):
        from .model import FORBIDDEN_CHARS
        value = FORBIDDEN_CHARS.sub(lambda m: f"<U+{ord(m.group()):04X}>", value)
    text = f"'{value}'" if isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def did_you_mean(word: str, choices, n: int = 3) -> str:
    """'; did you mean `x`?' or ''."""
    close = difflib.get_close_matches(str(word), sorted(set(choices)), n=n, cutoff=0.6)
    return f"; did you mean {' or '.join(f'`{c}`' for c in close)}?" if close else ""


def _eg(name: str, example: str | None) -> str:
    """', e.g. `name: example`' for one-line examples."""
    if not example:
        return ""
    if example.startswith("\n"):  # a list of texts: show the first item on one line
        return f", e.g. `{name}: [{example.strip()[2:]}]`"
    return f", e.g. `{name}: {example}`"


# The forms of plain text fields that have a pattern, in words.
_PATTERN_WORDS = {
    "id": "lower-case letters a-z, digits and hyphens, such as `ka220-vet`",
    "url": "a web address starting with https://, such as `https://www.example.fi/`",
    "time": "a time such as `\"12:00 CET\"` (hours:minutes, then an optional time zone in capitals)",
    "code": "2 to 4 capital letters, such as `VET`",
    "answer": "lower-case letters and underscores, such as `has_accreditation`",
}


def friendly(error: dict, allowed_fields: list[str] | None = None, example: str | None = None) -> str:
    """One pydantic error dict -> one plain-language sentence.

    `allowed_fields` lists the fields of the group an unknown field was found in;
    `example` is a valid YAML value for the field (see `fields.example_value`).
    """
    loc = tuple(error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    last = loc[-1] if loc else None
    short = str(last) if last is not None and not isinstance(last, int) else field_name(loc)
    name = f"`{field_name(loc)}`"

    # -- a language of a bilingual text ------------------------------------------
    if last in LANG_NAMES and kind in ("missing", "empty_translation", "string_type"):
        parent = f"`{field_name(loc[:-1])}`"
        lang = LANG_NAMES[last]
        if kind == "missing":
            return f"the {lang} text (`{last}:`) of {parent} is missing: write it in {lang}"
        if kind == "empty_translation" or value is None:
            return f"the {lang} text (`{last}:`) of {parent} is empty: write it in {lang}"
        if isinstance(value, (int, float, bool)):
            return (f"the {lang} text (`{last}:`) of {parent} is read as {_shown(value)}, not as text: "
                    f"put it in quotes, e.g. `{last}: \"{value}\"`")
        return f"the {lang} text (`{last}:`) of {parent} must be text, not {_shown(value)}"

    if kind == "missing":
        return f"{name} is missing: this field is required{_eg(short, example)}"
    if kind == "extra_forbidden":
        hint = did_you_mean(str(last), allowed_fields or [])
        listed = f"; the fields allowed here are: {', '.join(allowed_fields)}" if allowed_fields else ""
        return f"unknown field {name}: check its spelling{hint}{listed}"

    # -- a value of the wrong type -------------------------------------------------
    if value is None and kind not in ("none_required",):
        what = f"{name} has no value"
        if kind in ("model_type", "dict_type", "model_attributes_type") and ctx.get("class_name") in ("Text", "TermText"):
            return f"{what}: write the text in both languages{_eg(short, example)}"
        return f"{what}: write the value after the colon{_eg(short, example)}, or remove the line if the field is optional"
    if kind in ("int_parsing", "int_type"):
        return f"{name} must be a whole number such as 12, not {_shown(value)}"
    if kind == "int_from_float":
        return f"{name} must be a whole number such as 12, not the decimal number {_shown(value)}"
    if kind in ("bool_parsing", "bool_type"):
        return f"{name} must be true or false, not {_shown(value)}"
    if kind in ("date_parsing", "date_type", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        reason = ""
        err = str(ctx.get("error", ""))
        if "month" in err:
            reason = " (the month must be 1-12)"
        elif "day" in err:
            reason = " (there is no such day in that month)"
        return f"{name} must be a date written as YYYY-MM-DD, such as {_eg_date()}, not {_shown(value)}{reason}"
    if kind == "string_type":
        if isinstance(value, (int, float, bool)):
            return f"{name} is read as {_shown(value)}, not as text: put it in quotes, e.g. `{short}: \"{value}\"`"
        return f"{name} must be text, not {_shown(value)}"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "`")
        hint = did_you_mean(str(value), re.findall(r"`([^`]*)`", expected)) if isinstance(value, str) else ""
        return f"{name} must be one of {expected}, not {_shown(value)}{hint}"
    if kind == "string_pattern_mismatch":
        words = _PATTERN_WORDS.get(str(last))
        if words:
            return f"{name} must be {words}, not {_shown(value)}"
        return f"{name} has the wrong form: {_shown(value)}{_eg(short, example)}"
    if kind == "too_short":
        n = ctx.get("min_length", 1)
        items = "one item" if n == 1 else f"{n} items"
        return f"{name} must list at least {items}{_eg(short, example)}"
    if kind == "too_long":
        return f"{name} may list at most {ctx.get('max_length')} items"
    if kind == "string_too_short":
        n = ctx.get("min_length", 1)
        return f"{name} must not be empty" if n <= 1 else f"{name} must be at least {n} characters long, not {_shown(value)}"
    if kind == "string_too_long":
        return f"{name} must be at most {ctx.get('max_length')} characters long"
    if kind in ("greater_than_equal", "greater_than"):
        return f"{name} must be at least {ctx.get('ge', ctx.get('gt'))}, not {_shown(value)}"
    if kind in ("less_than_equal", "less_than"):
        return f"{name} must be at most {ctx.get('le', ctx.get('lt'))}, not {_shown(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        if ctx.get("class_name") in ("Text", "TermText"):
            return f"{name} must have a text in each language, not just {_shown(value)}{_eg(short, example)}"
        return f"{name} must be a group of `key: value` lines, not {_shown(value)}{_eg(short, example)}"
    if kind in ("tuple_type", "list_type", "sequence_type"):
        if isinstance(value, str) and example and example.startswith("["):
            return f"{name} must be a list, even of one item: write `{short}: [{value}]`"
        return (f"{name} must be a list, written as `[a, b]` or with each item on its own line "
                f"starting with `- `, not {_shown(value)}")

    if kind == "url_scheme":
        if ctx.get("schemes") == "https":
            return f"{name} must be {_PATTERN_WORDS['url']}, not {_shown(value)}"
        return (f"{name} must be a web address starting with https:// or an e-mail address starting with "
                f"mailto:, not {_shown(value)}")
    if kind == "forbidden_character":
        return f"{name}: {error.get('msg')}"

    # -- our own validators already speak plainly; prefix them with the field ----------
    msg = error.get("msg", "is not valid")
    if kind in ("min_above_max", "deadline_year", "condition_test", "empty_range", "self_reference"):
        parent = field_name(loc[:-1]) if ctx.get("field") else field_name(loc)
        parent = "" if parent == "this record" else parent
        prefix = f"`{parent}`: " if parent else ""
        # min_above_max reads best as "`duration.max` is 6 but `min` is 12: ..."
        if kind == "min_above_max" and parent:
            return f"`{parent}.max` is {ctx['max']} but `min` is {ctx['min']}: the maximum must be at least the minimum"
        if kind == "deadline_year":
            return (f"{prefix}`year` is {ctx['year']} but the date {ctx['date']} is in {ctx['actual']}: "
                    f"they must agree (write `year: {ctx['actual']}`, or fix the date)")
        return prefix + msg
    return f"{name}: {msg}"


def _eg_date() -> str:
    from .fields import EXAMPLE_DATE
    return EXAMPLE_DATE


def todo_message(loc: tuple, in_text: bool, example: str | None = None) -> str:
    """A value still holding the TODO placeholder that `make new` writes."""
    if in_text:
        lang = LANG_NAMES.get(str(loc[-1]), str(loc[-1]))
        return (f"the {lang} text (`{loc[-1]}:`) of `{field_name(loc[:-1])}` is still the TODO placeholder "
                f"from `make new`: write it in {lang}")
    name = field_name(loc)
    short = str(loc[-1]) if loc and not isinstance(loc[-1], int) else name
    return f"`{name}` is still the TODO placeholder from `make new`: fill it in{_eg(short, example)}"


# -- YAML syntax ---------------------------------------------------------------------

def yaml_syntax(problem: str, context: str, problem_at: tuple[int, int] | None,
                context_at: tuple[int, int] | None, source: str = "") -> tuple[tuple[int, int], str]:
    """A YAML parser error -> (0-based (line, column) to point at, plain message).

    The parser names the symptom ("expected <block end>") where it noticed it; the
    editor needs the cause ("this line is indented differently", "this quote is
    never closed") and where it is. `source`, the file's text, lets us look at the
    lines themselves.
    """
    problem = (problem or "").strip()
    context = (context or "").strip()
    at = problem_at or context_at or (0, 0)
    lines = source.splitlines()

    def line_text(n: int) -> str:
        return lines[n] if 0 <= n < len(lines) else ""

    m = re.match(r'found duplicate key "([^"]+)"', problem)
    if m:
        first = ""
        if context_at and problem_at:
            key = re.compile(rf"^\s*(- )?{re.escape(m[1])}\s*:")
            for n in range(context_at[0], problem_at[0]):
                if key.match(line_text(n)) and (line_text(n).index(m[1]) == problem_at[1]):
                    first = f" (first on line {n + 1})"
                    break
        return at, f"the field `{m[1]}` appears twice in the same group{first}: keep only one of them"
    if "'\\t'" in problem or "\t" in problem:
        return at, "a tab character: YAML is indented with spaces only; replace the tab with spaces"
    unclosed = _unclosed_quote(lines, at[0])
    # A field begun inside a quoted text: the quote before it was never closed, whatever
    # the parser stumbled on further down (often a colon in the text that followed).
    inside = _scan_quotes(lines, at[0])
    if "quoted scalar" in context or inside is not None or (unclosed and "expected <block end>" in problem):
        where = context_at if "quoted scalar" in context and context_at else inside or unclosed or at
        return where, ("this quotation mark is never closed: add the closing quote at the end of the text "
                       "(inside '...' write an apostrophe twice: 'it''s')")
    if problem == "mapping values are not allowed here":
        text = line_text(at[0])
        key = re.match(r"^(\s*)[A-Za-z_][\w.-]*:", text)
        if key and len(key.group(0)) - 1 == at[1]:
            # `key:` at the start of its own line, taken as the continuation of the
            # value above it: the line is indented more than its neighbours.
            return (at[0], len(key.group(1))), (
                "this line is not lined up with the fields above it, so it reads as the continuation of the "
                "value on the line before: indent it exactly as much as the other fields of the record, with spaces")
        return at, ("a colon followed by a space (`: `) inside a value: put the whole text in double quotes, "
                    "e.g. `fi: \"Huom: hakuaika päättyy\"`")
    if "flow mapping" in context and "expected ','" in problem:
        return (context_at or at), ("this `{` is not closed with `}` on the same line, or two parts inside it lack "
                                    "a comma between them, e.g. `{fi: teksti, sv: text}`")
    if "flow sequence" in context and "expected ','" in problem:
        return (context_at or at), ("this `[` is not closed with `]` on the same line, or two items inside it lack "
                                    "a comma between them, e.g. `[vet, adult]`")
    if "could not find expected ':'" in problem:
        return at, ("a line here is not of the form `key: value`: add the colon after the field name, or if the "
                    "line continues a text, put the whole text in quotes")
    if "expected <block end>" in problem and ("block mapping start" in problem or "block sequence start" in problem):
        return at, ("this line is indented differently from the lines before it in the same group: line up the "
                    "fields of one record (or one text) exactly under each other, with spaces")
    if "expected <block end>" in problem and "'<scalar>'" in problem:
        return at, ("unexpected text here: check the indentation, and if a quoted text contains the same quote "
                    "character, use the other kind of quotes around it (or write '' for an apostrophe)")
    m = re.match(r"found character '(.)' that cannot start any token", problem)
    if m:
        return at, f"a value cannot start with `{m[1]}`: put the whole value in double quotes"
    opened = f" (opened at line {context_at[0] + 1}, column {context_at[1] + 1})" if context_at else ""
    where = f" ({context})" if context else ""
    return at, f"YAML syntax error: {problem or 'the YAML is not valid'}{where}{opened}; check the indentation, colons and quotes here"


def _unclosed_quote(lines: list[str], upto: int) -> tuple[int, int] | None:
    """(line, column) of the double quote that opens a text never closed, read from the
    file's start: a quoted text may wrap over lines (the editor's canonical form folds
    long ones), but a new field or list item inside it means its closing quote is missing."""
    found = _scan_quotes(lines, upto)
    if found is not None:
        return found
    for n in range(min(upto, len(lines) - 1), max(-1, upto - 40), -1):  # a last guess
        text = lines[n].split(" #", 1)[0]
        if (text.count('"') - text.count('\\"')) % 2 == 1:
            return n, text.rindex('"')
    return None


_NEW_FIELD = re.compile(r"\s*(?:[A-Za-z_][\w-]*:(?: |$)|- )")
_VALUE_START = re.compile(r"(?:^|[:\[{,]\s|-\s|[\[{,])\s*$")


def _scan_quotes(lines: list[str], upto: int) -> tuple[int, int] | None:
    open_at: tuple[int, int] | None = None
    for n, line in enumerate(lines[:upto + 1]):
        if open_at is not None and _NEW_FIELD.match(line):
            return open_at
        i = 0
        while i < len(line):
            c = line[i]
            if open_at is None:
                if c == "#" and (i == 0 or line[i - 1] == " "):
                    break  # a comment
                if c == '"' and _VALUE_START.search(line[:i]):
                    open_at = (n, i)
            elif c == "\\":
                i += 1  # an escaped character, e.g. \"
            elif c == '"':
                open_at = None
            i += 1
    return open_at
