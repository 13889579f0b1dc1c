"""The build's own date, and what it makes of deadlines and of source dates.

A deadline is a fact with a shelf life: a page built after it must read it as past,
never as the next deadline. The date a build compares with is today, or the day of
`SOURCE_DATE_EPOCH` when set (reproducible builds, and tests on either side of a
deadline). Pages, tables and quiz results all format a deadline here.
"""
from __future__ import annotations

import datetime as dt
import os
from typing import Callable, Iterable, Optional

from markupsafe import Markup, escape

from . import formatting
from .registry import CURRENT_PERIOD

Lookup = Callable[[str], str]

# The first call for proposals of the current programme period (2021-2027) was
# published on 25 March 2021; a source published before it, or belonging to an
# earlier period, predates the rules now in force (`make review` lists those).
CURRENT_PERIOD_FIRST_CALL = dt.date(2021, 3, 25)
# How old a record's `last_checked` may be before `make review` lists it.
REVIEW_AFTER_DAYS = 365


def build_date(environ: Optional[dict] = None) -> dt.date:
    """Today (UTC), or the day of SOURCE_DATE_EPOCH when it is set."""
    env = os.environ if environ is None else environ
    epoch = (env.get("SOURCE_DATE_EPOCH") or "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            pass  # a malformed value: fall back to today rather than fail the build
    return dt.datetime.now(tz=dt.timezone.utc).date()


def is_past(deadline, today: dt.date) -> bool:
    """A deadline on the build day itself still counts as open."""
    return deadline.date < today


def all_past(deadlines: Iterable, today: dt.date) -> bool:
    """True when there are known deadlines and every one of them is past."""
    known = list(deadlines)
    return bool(known) and all(is_past(d, today) for d in known)


def latest(deadlines: Iterable):
    known = sorted(deadlines, key=lambda d: d.date)
    return known[-1] if known else None


def _parts(deadline, t: Lookup, lang: str, today: dt.date) -> tuple[str, list[str], bool]:
    """(date text, the words after it, past?) - shared by the HTML and the text forms."""
    after = []
    if deadline.time:
        after.append(deadline.time)
    if deadline.round is not None:
        after.append(f"({deadline.round[lang]})")
    if deadline.provisional:
        after.append(f"({t('deadline.provisional')})")
    return formatting.date(deadline.date), after, is_past(deadline, today)


def deadline_text(deadline, t: Lookup, lang: str, today: dt.date) -> str:
    """'20.5.2021 (Kevään 2021 hakukierros) (alustava päivämäärä) – päättynyt'."""
    date, after, past = _parts(deadline, t, lang, today)
    text = " ".join([date, *after])
    return f"{text} {formatting.EN_DASH} {t('deadline.past')}" if past else text


def deadline_html(deadline, t: Lookup, lang: str, today: dt.date) -> Markup:
    date, after, past = _parts(deadline, t, lang, today)
    state = "past" if past else "open"
    out = Markup('<span class="kb-deadline" data-state="{}"><time datetime="{}">{}</time>').format(
        state, deadline.date.isoformat(), date)
    if after:
        out += Markup(" ") + escape(" ".join(after))
    if past:
        out += Markup(' {} <strong class="kb-deadline-past">{}</strong>').format(formatting.EN_DASH, t("deadline.past"))
    return out + Markup("</span>")


def newest_source_date(sources: Iterable) -> Optional[dt.date]:
    """The most recent `published` date among a record's sources, if any gives one."""
    found = []
    for s in sources:
        if getattr(s, "published", None):
            try:
                found.append(dt.date.fromisoformat(s.published))
            except ValueError:
                continue
    return max(found) if found else None


def source_predates_period(source) -> bool:
    """A source of an earlier period, or published before the current period's first call."""
    if source.period != CURRENT_PERIOD:
        return True
    if source.published:
        try:
            return dt.date.fromisoformat(source.published) < CURRENT_PERIOD_FIRST_CALL
        except ValueError:
            return False
    return False
