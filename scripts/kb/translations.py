"""Translation status: every text and page that lacks its Finnish or Swedish version,
or whose two versions differ suspiciously.

`make translations` prints one line per finding as `path:line:column: message`:

- missing: a record text without `fi` or `sv` (or empty, or still the TODO
  placeholder from `make new`), a content page without its twin. A strict build
  fails on these too; the report lists them all, even in files with other problems.
- to check: two versions present but one much shorter than the other, or a number
  in one and not in the other. These are hints, not errors: a human decides.

Why the length rule is what it is: Finnish and Swedish say the same thing in
about the same number of characters. Finnish has fewer, longer words, Swedish more
and shorter ones, and the two end up close: across this knowledge base's texts
the Swedish version is 0.7-1.3 times as long as the Finnish one. A version less than
half as long as the other (ratio above RATIO) almost always means a sentence was
left out. Short texts (labels, names: "Nuoriso" / "Ungdom") vary more in
proportion and a word or two cannot go missing unnoticed there, so texts whose
longer version is under MIN_CHARS characters are not compared.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .content import page_twins, split_front_matter
from .fields import TODO, iter_texts
from .load import data_files
from .yamlpos import position as _position
from .yamlpos import read_yaml as _read_yaml
from .yamlpos import rel as _rel
from .messages import LANG_NAMES, field_name
from .model import KINDS, LANGS
from .problems import Problem

RATIO = 2.0  # one version more than twice as long as the other is suspicious
MIN_CHARS = 40  # texts shorter than this (in their longer version) are not compared
PAGE_MIN_CHARS = 200  # the same for the prose of a page, macro calls left out

# A number as written in either language: 30 000 / 30 000 (no-break space) / 30000,
# 1,5 / 1.5. Digits are compared without their separators.
_NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d])|\d+(?:[.,]\d+)?")


# What a finding is about (Finding.kind). Missing translations: a strict build fails.
MISSING_KINDS = ("unreadable", "no_text", "one_text", "missing", "empty", "todo", "page_missing")
# Worth a human look: hints, not errors.
HINT_KINDS = ("shorter", "number", "macro_call")


@dataclass(frozen=True, order=True)
class Finding:
    problem: Problem  # where, and the sentence `make translations` prints
    missing: bool  # True: a translation is missing; False: worth a human look
    kind: str = ""  # one of MISSING_KINDS or HINT_KINDS
    lang: str = ""  # the language version to look at ("" when both)

    def __str__(self) -> str:
        return str(self.problem)


@dataclass(frozen=True)
class Note:
    """A suspicious difference between two versions of one text."""
    kind: str  # "shorter" or "number"
    lang: str  # the version to look at: the shorter one, or the one lacking the number
    text: str


def numbers(text: str) -> set[str]:
    out = set()
    for m in _NUMBER.finditer(text):
        digits = re.sub(r"[ \u00a0\u202f]", "", m.group(0)).replace(",", ".")
        out.add(digits)
    return out


def _state(value: Any) -> str | None:
    """Why a language version is not usable, or None when it is."""
    if value is None:
        return "empty"
    if not isinstance(value, str):
        return None  # a wrong type is for `make check` to explain
    if not value.strip():
        return "empty"
    if value.strip().startswith(TODO):
        return "still the TODO placeholder"
    return None


def compare(a: str, b: str, min_chars: int = MIN_CHARS) -> list[Note]:
    """The suspicious differences between two versions (fi first)."""
    notes = []
    la, lb = len(a.strip()), len(b.strip())
    if max(la, lb) >= min_chars and min(la, lb) * RATIO < max(la, lb):
        short, long_ = ("fi", "sv") if la < lb else ("sv", "fi")
        notes.append(Note("shorter", short,
                          f"the {LANG_NAMES[short]} version is much shorter than the {LANG_NAMES[long_]} one "
                          f"({min(la, lb)} against {max(la, lb)} characters): check that nothing was left "
                          "untranslated"))
    na, nb = numbers(a), numbers(b)
    for lang, only, other in (("fi", na - nb, "sv"), ("sv", nb - na, "fi")):
        if only:
            listed = ", ".join(sorted(only, key=lambda n: (len(n), n)))
            notes.append(Note("number", other,
                              f"the number{'s' if len(only) > 1 else ''} {listed} "
                              f"{'are' if len(only) > 1 else 'is'} in the {LANG_NAMES[lang]} version but not in "
                              f"the {LANG_NAMES[other]} one: check that both say the same"))
    return notes


def record_findings(root: Path) -> list[Finding]:
    data_dir = root / "data"
    findings: list[Finding] = []
    for kind, path in data_files(data_dir):
        if not kind:
            continue
        rel = _rel(path, root)
        unreadable: list[Problem] = []
        doc = _read_yaml(path, rel, unreadable)
        if unreadable:
            for p in unreadable:
                findings.append(Finding(Problem(p.path, p.line, p.column,
                                                f"cannot check the translations of this file: {p.message}"), True,
                                        "unreadable"))
            continue
        if isinstance(doc, CommentedMap):
            doc = [doc]  # one record per file
        if not isinstance(doc, (CommentedSeq, list)):
            continue
        model = KINDS[kind]
        for node in doc:
            if not isinstance(node, CommentedMap):
                continue
            for loc, raw, text_model in iter_texts(model, node):
                findings.extend(_text_findings(rel, node, loc, raw, [lang for lang in text_model.model_fields if lang in LANGS]))
    return findings


def _text_findings(rel: str, node: CommentedMap, loc: tuple, raw: Any, langs: list[str]) -> list[Finding]:
    name = f"`{field_name(loc)}`"
    if not isinstance(raw, dict):
        line, col = _position(node, loc, want_key=False)
        if raw is None:
            return [Finding(Problem(rel, line + 1, col + 1, f"{name} has no text in either language"), True,
                            "no_text")]
        return [Finding(Problem(rel, line + 1, col + 1,
                                f"{name} has one text only: give it in both languages, e.g. "
                                f"`{loc[-1] if not isinstance(loc[-1], int) else field_name(loc)}: {{fi: ..., sv: ...}}`"),
                        True, "one_text")]
    out = []
    for lang in langs:
        if lang not in raw:
            line, col = _position(node, loc, want_key=False)
            out.append(Finding(Problem(rel, line + 1, col + 1,
                                       f"the {LANG_NAMES[lang]} text (`{lang}:`) of {name} is missing"), True,
                               "missing", lang))
            continue
        why = _state(raw[lang])
        if why:
            line, col = _position(node, (*loc, lang), want_key=False)
            out.append(Finding(Problem(rel, line + 1, col + 1,
                                       f"the {LANG_NAMES[lang]} text (`{lang}:`) of {name} is {why}"), True,
                               "empty" if why == "empty" else "todo", lang))
    if out or not all(isinstance(raw.get(lang), str) for lang in LANGS):
        return out
    for note in compare(raw["fi"], raw["sv"]):
        # Point at the version the note is about: the shorter one, or the one lacking a number.
        line, col = _position(node, (*loc, note.lang), want_key=False)
        out.append(Finding(Problem(rel, line + 1, col + 1, f"{name}: {note.text}"), False, note.kind, note.lang))
    return out


# -- content pages ---------------------------------------------------------------------

_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_EXPRESSION = re.compile(r"\{\{\s*(.*?)\s*\}\}", re.DOTALL)
_MARKUP = re.compile(r"<[^>]+>|\]\([^)]*\)|\{:[^}]*\}|\{\s*[#.][^}]*\}|`[^`]*`|https?://\S+")


def prose(markdown: str) -> str:
    """The words of a page: macro calls, markup, link targets and code left out."""
    return _MARKUP.sub(" ", _JINJA.sub(" ", markdown))


def page_findings(root: Path) -> list[Finding]:
    content_dir = root / "content"
    prefix = content_dir.name
    findings: list[Finding] = []
    for base, langs in sorted(page_twins(content_dir).items()):
        for lang in LANGS:
            if lang not in langs and any(o in langs for o in LANGS):
                have = next(o for o in LANGS if o in langs)
                findings.append(Finding(Problem(f"{prefix}/{base}.{have}.md", 1, 1,
                                                f"this page has no {LANG_NAMES[lang]} version: create "
                                                f"{prefix}/{base}.{lang}.md"), True, "page_missing", lang))
        if not all(lang in langs for lang in LANGS):
            continue
        paths = {lang: content_dir / f"{base}.{lang}.md" for lang in LANGS}
        bodies = {}
        for lang, path in paths.items():
            offset, body = split_front_matter(path.read_text(encoding="utf-8"))
            bodies[lang] = (offset, body)
        texts = {lang: prose(bodies[lang][1]) for lang in LANGS}
        for note in compare(texts["fi"], texts["sv"], PAGE_MIN_CHARS):
            if note.kind == "number":
                continue  # numbers are reported per line below
            findings.append(Finding(Problem(f"{prefix}/{base}.{note.lang}.md", 1, 1, note.text), False,
                                    note.kind, note.lang))
        findings.extend(_page_number_findings(prefix, base, bodies))
        findings.extend(_page_macro_findings(prefix, base, bodies))
    return findings


def _lines(body: str, offset: int):
    for i, line in enumerate(body.splitlines(), start=1 + offset):
        yield i, line


def _page_number_findings(prefix: str, base: str, bodies: dict) -> list[Finding]:
    found = {lang: numbers(prose(bodies[lang][1])) for lang in LANGS}
    out = []
    for lang in LANGS:
        other = next(o for o in LANGS if o != lang)
        only = found[lang] - found[other]
        offset, body = bodies[lang]
        for number in sorted(only, key=lambda n: (len(n), n)):
            for i, line in _lines(body, offset):
                m = next((m for m in _NUMBER.finditer(prose(line))
                          if re.sub(r"[ \u00a0\u202f]", "", m.group(0)).replace(",", ".") == number), None)
                if m:
                    col = line.find(m.group(0)) + 1 if m.group(0) in line else 1
                    out.append(Finding(Problem(f"{prefix}/{base}.{lang}.md", i, col,
                                               f"the number {number} is in the {LANG_NAMES[lang]} page but not in "
                                               f"{prefix}/{base}.{other}.md: check that both say the same"), False,
                                       "number", other))
                    break
    return out


def _page_macro_findings(prefix: str, base: str, bodies: dict) -> list[Finding]:
    """Both versions of a page should call the same macros with the same arguments.

    A call is compared whole, wherever its line breaks fall (a table's call often spans
    lines): its words with the white space between them normalised."""
    calls = {}
    for lang in LANGS:
        offset, body = bodies[lang]
        calls[lang] = [(offset + body.count("\n", 0, m.start()) + 1, " ".join(m.group(1).split()))
                       for m in _EXPRESSION.finditer(body)]
    out = []
    for lang in LANGS:
        other = next(o for o in LANGS if o != lang)
        theirs = {c for _, c in calls[other]}
        for i, call in calls[lang]:
            if call not in theirs:
                out.append(Finding(Problem(f"{prefix}/{base}.{lang}.md", i, 1,
                                           f"`{{{{ {call} }}}}` is only in the {LANG_NAMES[lang]} page, not in "
                                           f"{prefix}/{base}.{other}.md: both versions should show the same data"),
                                   False, "macro_call", lang))
    return out


def report(root: Path) -> list[Finding]:
    return sorted(record_findings(root) + page_findings(root))
