"""A page's metadata for search engines and link previews: description, short title,
structured data (JSON-LD). Plain functions of text and records; the engine adapter
(overrides/mkdocs/hook.py) gathers the inputs and the theme template prints the results.
"""
from __future__ import annotations

import html
import json
import re

from .database import Database
from .registry import PAGE_DIRS

DESCRIPTION_MAX = 160   # what search engines show of a description, about
TITLE_MAX = 60          # the part of <title> before the site name, in characters
ELLIPSIS = "…"

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def plain(text: str) -> str:
    """Text without HTML tags, Markdown links or emphasis, entities resolved, spaces collapsed."""
    text = _MD_LINK.sub(r"\1", _TAG.sub(" ", text))
    text = re.sub(r"(\*\*|__|\*|`)", "", text)
    return _SPACE.sub(" ", html.unescape(text)).strip()


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary with an ellipsis."""
    text = _SPACE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.–-") + ELLIPSIS


def record_of(db: Database, page_path: str):
    """(kind, record) of the record a generated page shows (page path without suffix,
    'actions/ka220-vet'), or (None, None)."""
    folder, _, record_id = page_path.rpartition("/")
    for kind, directory in PAGE_DIRS.items():
        if directory == folder and record_id in db.kind(kind):
            return kind, db.kind(kind)[record_id]
    return None, None


_SUMMARY_FIELDS = ("summary", "description")
_shared: dict[tuple[int, str, str], set[str]] = {}


def _summary(record, lang: str) -> str | None:
    for attr in _SUMMARY_FIELDS:
        value = getattr(record, attr, None)
        if value is not None:
            return plain(value[lang])
    return None


def _shared_summaries(db: Database, kind: str, lang: str) -> set[str]:
    """Summaries that more than one record of the kind has (e.g. one text for a group of
    themes): those pages put the record's name first, so every description differs."""
    key = (id(db), kind, lang)
    if key not in _shared:
        seen, shared = set(), set()
        for record in db.kind(kind).values():
            text = _summary(record, lang)
            (shared if text in seen else seen).add(text)
        for old in [k for k in _shared if k[0] != id(db)]:  # one database at a time
            del _shared[old]
        _shared[key] = shared
    return _shared[key]


_ADMONITION = re.compile(r'<div class="admonition\b.*?</div>', re.S)
_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S)


def first_paragraph(content_html: str, min_length: int = 40) -> str:
    """The first real paragraph of a page's content (not a notice box, not a one-word line)."""
    body = _ADMONITION.sub("", content_html)
    for m in _PARAGRAPH.finditer(body):
        text = plain(m[1])
        if len(text) >= min_length:
            return text
    return ""


def description(db: Database, page_path: str, lang: str, content_html: str, fallback: str) -> str:
    """The page's own description in its language: its record's summary (or description),
    else its first paragraph, else the site's description."""
    kind, record = record_of(db, page_path)
    text = _summary(record, lang) if record is not None else None
    if text:
        if text in _shared_summaries(db, kind, lang):
            name = record.name[lang] if getattr(record, "name", None) else getattr(record, "title", "")
            text = f"{plain(name)}: {text}" if name else text
        return shorten(text, DESCRIPTION_MAX)
    return shorten(first_paragraph(content_html) or fallback, DESCRIPTION_MAX)


def short_title(title: str) -> str:
    """The page title for <title> and link previews: long names (some project names run to
    two lines) shortened; the page itself keeps the full name."""
    return shorten(plain(title), TITLE_MAX)


def json_for_script(data) -> str:
    """JSON that is safe inside <script type="application/ld+json">: whatever the data holds,
    no '</script>' or '<!--' can end or change the element (HTML's script data rules)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def breadcrumb_list(crumbs: list[tuple[str, str]]) -> dict:
    """schema.org BreadcrumbList of (name, absolute address) from the home page down."""
    return {"@context": "https://schema.org", "@type": "BreadcrumbList",
            "itemListElement": [{"@type": "ListItem", "position": i, "name": name, "item": url}
                                for i, (name, url) in enumerate(crumbs, start=1)]}


def organization(name: str, url: str, logo: str = "") -> dict:
    data = {"@context": "https://schema.org", "@type": "Organization", "name": name, "url": url}
    if logo:
        data["logo"] = logo
    return data
