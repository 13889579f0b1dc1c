"""Checks on what the texts say, run by `make check` beside the data checks.

- Placeholders: an address under example.fi (or .com/.org/.net) is not a channel a
  reader can use. A draft may carry one; a publication build (`KB_PUBLISH=1`,
  `make check PUBLISH=1`, `make build PUBLISH=1`) refuses it. Plain `make check`
  and `make serve` list it as a warning.
- The term bank (`data/terms/<id>.yaml`): a variant not to use, found in any Finnish or
  Swedish data text or page, is a problem `path:line:column: use "X" instead of "Y"`.
- Finnish acronyms take their endings after a colon (EACEA:n, not EACEAn).

Texts are found in the raw files, so that every finding has its exact line and
column: in YAML, the text after a `fi:` / `sv:` key (and its continuation lines) is
in that language; a page `name.fi.md` is Finnish outside its `{{ ... }}` and
`{% ... %}` template code, code spans and link targets.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

from .model import LANGS
from .problems import Problem

PUBLISH_ENV = "KB_PUBLISH"
TERMS_DIR = "terms"  # data/terms/<id>.yaml, one concept per file

PLACEHOLDER = re.compile(r"(?:[\w.+-]+@)?(?:[\w-]+\.)*example\.(?:fi|com|org|net)\b[\w./-]*", re.IGNORECASE)
# An upper-case acronym (two or more capitals, maybe digits) with a Finnish ending glued on.
GLUED_ENDING = re.compile(r"(?<![\w:/.@-])([A-ZÅÄÖ]{2,}[0-9]*|[A-Z]{2,}[0-9]+)([a-zåäö]{1,4})(?![\w:])")
# Keys whose value is a text in one language.
LANG_KEY = re.compile(r"(?:(?<=^)|(?<=[\s{,]))(fi|sv|en):(?=\s|$)")
# Parts of a Markdown page that are not prose.
NOT_PROSE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|`[^`\n]*`|\]\([^)]*\)|<[^>\n]*>|https?://\S+", re.DOTALL)


def publish_mode() -> bool:
    return os.environ.get(PUBLISH_ENV, "") not in ("", "0", "false", "no")


@dataclass(frozen=True)
class Span:
    """A stretch of one file's text in one language."""

    path: str
    start: int  # offset in the file's text
    end: int
    lang: str


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for m in re.finditer("\n", text):
        starts.append(m.end())
    return starts


def position(starts: list[int], offset: int) -> tuple[int, int]:
    """1-based (line, column) of an offset."""
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo + 1, offset - starts[lo] + 1


def yaml_spans(rel: str, text: str) -> Iterator[Span]:
    """The language of each stretch of a YAML data file, from its `fi:`/`sv:`/`en:` keys."""
    offset = 0
    cur: Optional[str] = None
    cur_col = -1
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\n")
        stripped = body.lstrip()
        indent = len(body) - len(stripped)
        markers = [m for m in LANG_KEY.finditer(body)]
        if stripped.startswith("#") or not stripped:
            pass
        elif markers:
            for i, m in enumerate(markers):
                end = markers[i + 1].start() if i + 1 < len(markers) else len(body)
                yield Span(rel, offset + m.end(), offset + end, m.group(1))
            cur, cur_col = markers[-1].group(1), markers[-1].start()
        elif cur is not None and indent > cur_col and not re.match(r"^[\w-]+:(\s|$)", stripped):
            yield Span(rel, offset + indent, offset + len(body), cur)
        else:
            cur, cur_col = None, -1
        offset += len(line)


def page_spans(rel: str, text: str, lang: str) -> Iterator[Span]:
    """A page's prose: everything outside template code, code spans, links and tags."""
    pos = 0
    for m in NOT_PROSE.finditer(text):
        if m.start() > pos:
            yield Span(rel, pos, m.start(), lang)
        pos = m.end()
    if pos < len(text):
        yield Span(rel, pos, len(text), lang)


def text_files(root: Path) -> Iterator[tuple[str, str, list[Span]]]:
    """(path, text, spans) of every data file and content page, the term bank excepted."""
    from .load import data_files

    for kind, path in data_files(root / "data"):
        if kind == "terms":  # the term bank names the variants it forbids
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        rel = path.relative_to(root).as_posix()
        yield rel, text, list(yaml_spans(rel, text))
    content = root / "content"
    for path in sorted(content.rglob("*.md")):
        m = re.match(r"^.+\.([a-z]{2})\.md$", path.name)
        if not m or m.group(1) not in LANGS:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        rel = path.relative_to(root).as_posix()
        yield rel, text, list(page_spans(rel, text, m.group(1)))


def _pattern(variant: str) -> re.Pattern:
    """A variant as written in the term bank: words separated by spaces; a trailing `*`
    on a word also matches its inflected forms (`nuorisosektori*`)."""
    words = []
    for word in variant.split():
        stem = word.rstrip("*")
        words.append(re.escape(stem) + (r"\w*" if word.endswith("*") else ""))
    return re.compile(r"(?<![\w-])" + r"\s+".join(words) + r"(?![\w])", re.IGNORECASE)


def check_texts(root: Path, db=None) -> tuple[list[Problem], list[Problem]]:
    """(problems, warnings) for every data file and page."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    publish = publish_mode()
    terms = []
    if db is not None and "terms" in getattr(db, "_by_kind", {}):
        for term in db.kind("terms").values():
            for lang in LANGS:
                for variant in getattr(term.avoid, lang):
                    terms.append((lang, _pattern(variant), term.preferred[lang]))
    for rel, text, spans in text_files(root):
        starts = _line_starts(text)
        seen: set[tuple[int, str]] = set()
        # A page's placeholder may sit in a code span or a link: look at the whole page.
        where = [(0, text)] if rel.endswith(".md") else [(s.start, text[s.start:s.end]) for s in spans]
        for base, chunk in where:
            for m in PLACEHOLDER.finditer(chunk):
                line, col = position(starts, base + m.start())
                message = (f"\"{m.group(0)}\" is a placeholder, not an address a reader can use: "
                           "put the publisher's real address here before publishing")
                (problems if publish else warnings).append(Problem(rel, line, col, message))
        for span in spans:
            chunk = text[span.start:span.end]
            for lang, pattern, preferred in terms:
                if lang != span.lang:
                    continue
                for m in pattern.finditer(chunk):
                    if (span.start + m.start(), preferred) in seen:
                        continue
                    seen.add((span.start + m.start(), preferred))
                    line, col = position(starts, span.start + m.start())
                    found = re.sub(r"\s+", " ", m.group(0))
                    problems.append(Problem(rel, line, col, f"use \"{preferred}\" instead of \"{found}\""))
            if span.lang == "fi":
                for m in GLUED_ENDING.finditer(chunk):
                    line, col = position(starts, span.start + m.start())
                    problems.append(Problem(rel, line, col,
                                            f"use \"{m.group(1)}:{m.group(2)}\" instead of \"{m.group(0)}\": "
                                            "in Finnish an ending after an acronym follows a colon"))
    return problems, warnings


def check_term_bank(root: Path, db) -> list[Problem]:
    """The glossary uses the term bank's preferred terms for the concepts they share."""
    from .review import record_lines

    problems = []
    if db is None or "terms" not in getattr(db, "_by_kind", {}):
        return problems
    where = record_lines(root)
    for term in db.kind("terms").values():
        if term.glossary is None or term.glossary not in db.glossary:
            continue
        entry = db.glossary[term.glossary].term
        for lang in ("fi", "sv", "en"):
            want = term.preferred[lang]
            if want is not None and entry[lang].casefold() != want.casefold():
                path, line = where.get(("terms", term.id), (f"data/{TERMS_DIR}/{term.id}.yaml", 1))
                problems.append(Problem(path, line, 3,
                                        f"the term bank's `{term.id}` prefers \"{want}\" ({lang}) but the glossary "
                                        f"entry `{term.glossary}` says \"{entry[lang]}\": make them the same"))
    return problems


# Names and titles label a thing; they state nothing to source or mark.
LABEL_FIELDS = {"name", "term", "title", "round"}


def iter_record_texts(value):
    """Every bilingual text inside a record (or part of one), nested ones included."""
    from pydantic import BaseModel

    from .model import Text

    if isinstance(value, Text):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in LABEL_FIELDS:
                yield from iter_record_texts(getattr(value, name))
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from iter_record_texts(item)


def sourcing(db) -> tuple[int, int]:
    """(sourced, editorial): the statements of all records. A text is editorial when it
    says so; otherwise it stands on the sources its record cites (every kind but the
    interface strings must cite one, or mark its texts editorial)."""
    sourced = editorial = 0
    for kind, records in db._by_kind.items():
        if kind in ("ui", "terms", "sources"):
            continue
        for record in records.values():
            for text in iter_record_texts(record):
                if text.editorial:
                    editorial += 1
                else:
                    sourced += 1
    return sourced, editorial


def check_sourcing(root: Path, db) -> list[Problem]:
    """A record that cites no source may hold only texts marked editorial."""
    from .review import record_lines

    problems = []
    if db is None:
        return problems
    where = record_lines(root)
    for kind, records in db._by_kind.items():
        if kind in ("ui", "terms", "sources"):
            continue
        for record in records.values():
            if getattr(record, "sources", None):
                continue
            unmarked = [t for t in iter_record_texts(record) if not t.editorial]
            if unmarked:
                path, line = where.get((kind, record.id), (f"data/{kind}/{record.id}.yaml", 1))
                # The id starts its file's line (data/<kind>/<id>.yaml), or follows "- " in a list file.
                column = 1 if path.endswith(f"/{record.id}.yaml") else 3
                problems.append(Problem(path, line, column,
                                        f"`{record.id}` cites no source, but {len(unmarked)} of its texts are not "
                                        "marked as our own explanation: add its `sources`, or mark each such text "
                                        "`editorial: true` (the page then says it is not from the sources)"))
    return problems
