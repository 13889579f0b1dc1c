"""Render a page's Markdown for one language through Jinja, with the loaded records.

Every template file in the macro directory is a library of macros; all of their
macros are available to pages by name, e.g. `{{ action_facts("ka220-vet") }}`.
Macros see `lang`, `db` (the Database), `t(key)` for interface strings and the
formatting filters. Nothing here knows about MkDocs.
"""
from __future__ import annotations

import datetime as dt
import posixpath
import re
from pathlib import Path
from typing import Any, Optional

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup, escape

from . import dates, formatting, views
from .database import Database, RecordTable, UnknownRecord
from .model import Duration, Text
from .registry import CURRENT_PERIOD, LANGS, PERIODS, RECORD_KINDS

def record_title(db: Database, kind: str, record_id: str, lang: str) -> str:
    """What a record's page is called, as plain text: `KA220-VET: name` for an action."""
    return RECORD_KINDS[kind].title_of(db.kind(kind)[record_id], lang)


# Characters that Markdown reads as syntax when a macro's output lands in a Markdown
# paragraph or heading: `[x](javascript:...)` is a link, `{ onfocus=... }` after a
# heading is an attribute list. As character references they are only text. A
# placeholder such as `{date}` in an interface string stays as it is, for `.replace`
# (a lone word in braces can carry no attribute value).
_MARKDOWN_SYNTAX = re.compile(r"\{[a-z_]+\}|[\[\]{}]")
_REFERENCES = {"[": "&#91;", "]": "&#93;", "{": "&#123;", "}": "&#125;"}


def text_markup(value: Any) -> Markup:
    """Text from data or the interface strings as HTML that says exactly that text."""
    if isinstance(value, Markup):
        return value
    return Markup(_MARKDOWN_SYNTAX.sub(lambda m: _REFERENCES.get(m.group(), m.group()), str(escape(value))))


# Every character Markdown (with our extensions) may read as syntax inside a line;
# `-`, `.`, `:` and `,` mean something only at the start of a line, or not at all.
_PUNCTUATION = re.compile(r"""[!"#$%&'()*+<=>?@\[\\\]^_`{|}~]""")


def plain(value: Any) -> Markup:
    """Text for a Markdown heading or paragraph: every character Markdown could read as
    syntax as a character reference, so that it finds none at all (no emphasis, code,
    link, attribute list or HTML); the page shows exactly the text."""
    return Markup(_PUNCTUATION.sub(lambda m: f"&#{ord(m.group())};", str(value)))


def _finalize(value: Any) -> Any:
    # Markup (a macro's output, tojson) is already HTML; anything else is text.
    if value is None or isinstance(value, (Markup, int, float, bool)) or hasattr(value, "__html__"):
        return value
    if isinstance(value, str):
        return text_markup(value)
    return value


def record_page_path(kind: str, record_id: str) -> str:
    """The page of a record, without language suffix: 'actions/ka220-vet'."""
    return RECORD_KINDS[kind].page_path(record_id)


def relative_url(from_page: str, to_page: str, anchor: str = "") -> str:
    """Both are page paths without suffix ('actions/ka210-vet'); gives '../x/y.html'."""
    from_dir = posixpath.dirname(from_page)
    target = to_page + ".html"
    rel = posixpath.relpath(target, from_dir or ".")
    return rel + (f"#{anchor}" if anchor else "")


class KbUndefined(StrictUndefined):
    """StrictUndefined whose message names a missing record id in plain words.

    `db.actions["ka999"]` in a page or macro fails with "there is no record
    `ka999` in actions; did you mean ...?" rather than "'dict object' has no
    attribute 'ka999'".
    """

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        obj = self._undefined_obj
        if isinstance(obj, RecordTable):
            return str(UnknownRecord(obj.kind, self._undefined_name, obj.keys()))
        return super()._undefined_message


class Renderer:
    def __init__(self, db: Database, macro_dir: Path | str):
        self.db = db
        self.macro_dir = Path(macro_dir)
        self.env = Environment(
            loader=FileSystemLoader(str(self.macro_dir)),
            autoescape=True,
            undefined=KbUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            # Every `{{ value }}` from data is text: escaped for HTML and for Markdown.
            finalize=_finalize,
        )
        self.env.filters.update(
            tr=_tr,
            number=lambda v: formatting.number(v),
            date=lambda v: formatting.date(v),
            isodate=lambda v: formatting.date(dt.date.fromisoformat(v)),
            money=_money,
            duration=_duration,
            range=_range,
            plain=plain,
        )
        # The date deadlines are compared with: today, or SOURCE_DATE_EPOCH's day.
        self.today = dates.build_date()
        self._macro_names = sorted(p.name for p in self.macro_dir.glob("*.j2"))
        self._bound: dict[tuple[str, str], dict[str, Any]] = {}
        self._compiled: dict[str, Any] = {}  # page source -> compiled template

    def _context(self, lang: str, page_path: str) -> dict[str, Any]:
        db = self.db

        def t(key: str) -> Markup:
            # Escaped here, so that placeholders filled with `.replace` in templates go
            # in escaped too (Markup.replace escapes what it inserts) and no interface
            # string ever needs `|safe`.
            return text_markup(db.ui_text(key, lang))

        def url(kind: str, record_id: str, anchor: str = "") -> str:
            return relative_url(page_path, record_page_path(kind, record_id), anchor)

        def page_url(path: str, anchor: str = "") -> str:
            return relative_url(page_path, path, anchor)

        def page_title(kind: str, record_id: str) -> str:
            return record_title(db, kind, record_id, lang)

        today = self.today

        def deadline(d) -> Markup:
            return dates.deadline_html(d, t, lang, today)

        def deadline_text(d) -> str:
            return dates.deadline_text(d, t, lang, today)

        def deadlines_all_past(action) -> bool:
            return dates.all_past(action.deadlines, today)

        def asset_url(path: str) -> str:
            # Theme assets are written once, at the site root; Swedish pages live under sv/.
            here = page_path if lang == LANGS[0] else f"{lang}/{page_path}"
            return posixpath.relpath(path, posixpath.dirname(here) or ".")

        def quiz_rules(extras: Optional[dict] = None) -> dict:
            from .quiz import compile_rules  # the eligibility quiz's rules, for its page
            return compile_rules(db, lang, extras)

        return {"lang": lang, "record_title": page_title, "db": db, "t": t, "url": url, "page_url": page_url,
                "page_dir": posixpath.dirname(page_path), "langs": LANGS, "asset_url": asset_url,
                "quiz_rules": quiz_rules, "view": views.View(db, lang, url, today),
                "current_period": CURRENT_PERIOD, "previous_period": PERIODS[-2],
                "periods_newest_first": PERIODS[::-1],
                # tables: which records, in which order and printed parts (kb.views)
                "select_actions": views.select_actions, "select_activities": views.select_activities,
                "successor_groups": views.successor_groups, "print_parts": views.print_parts,
                "column_options": views.column_options, "print_columns": views.PRINT_COLUMNS,
                "today": today, "deadline": deadline, "deadline_text": deadline_text,
                "deadlines_all_past": deadlines_all_past, "newest_source_date": dates.newest_source_date}

    def macros(self, lang: str, page_path: str) -> dict[str, Any]:
        """All macros of all macro files, bound to this page's language and folder.

        Relative links depend only on the page's folder, so the bound macros are
        cached per (language, folder): thousands of project pages share one set.
        """
        key = (lang, posixpath.dirname(page_path))
        cached = self._bound.get(key)
        if cached is None:
            ctx = self._context(lang, page_path)
            cached = dict(ctx)
            for name in self._macro_names:
                module = self.env.get_template(name).make_module(vars=ctx)
                for attr in dir(module):
                    if not attr.startswith("_"):
                        cached[attr] = getattr(module, attr)
            self._bound[key] = cached
        return cached

    def names(self, lang: str, page_path: str) -> list[str]:
        """The macros and variables a page may use, for "did you mean" hints. Never
        raises: it is asked while reporting an error, perhaps one in a macro file."""
        try:
            return sorted(self.macros(lang, page_path))
        except Exception:  # noqa: BLE001 - a broken macro file: no hints, the error itself is reported
            return sorted(self._context(lang, page_path))

    def render_markdown(self, markdown: str, lang: str, page_path: str) -> str:
        """The page's Markdown with its Jinja expressions rendered for `lang`.

        `page_id` is the last part of the page's path: record pages name their record
        with it, so that all pages of one kind share one source, compiled once
        (compiling was 40 % of the render time of a record page).
        """
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}")
        template = self._compiled.get(markdown)
        if template is None:
            template = self.env.from_string(markdown)
            if len(self._compiled) > 512:
                self._compiled.clear()
            self._compiled[markdown] = template
        return template.render(self.macros(lang, page_path), page_id=posixpath.basename(page_path))


# -- filters: they read the page's language from the template context ------------
# A value the data lacks means the sources do not state it: say so explicitly,
# never leave a blank (value.not_stated, "Ei mainittu lähteissä").

@pass_context
def _tr(ctx, text: Optional[Text]) -> Markup:
    if text is None:
        return ctx["t"]("value.not_stated")
    if getattr(text, "editorial", False):
        # Our own explanation, not the sources': say so wherever the text is shown.
        return Markup('{} <span class="kb-editorial">{}</span>').format(text_markup(text[ctx["lang"]]),
                                                                       ctx["t"]("editorial.marker"))
    return text_markup(text[ctx["lang"]])


@pass_context
def _money(ctx, value: Optional[int]) -> str:
    return views.money_text(value, ctx["t"])


@pass_context
def _duration(ctx, d: Optional[Duration]) -> str:
    return views.duration_text(d, ctx["t"])


@pass_context
def _range(ctx, r, unit: str) -> str:
    return views.range_text(r, unit, ctx["t"])
