"""The value of a fact for one language, computed in one place.

Action pages (the facts box), comparison tables, the quiz and the tests' expectations
all ask this module for the text of a fact: an action's duration, grant, deadlines,
organisation and country counts, third-country rule, or "not stated in the sources"
(`value.not_stated`) where the data is silent. Values are `Markup`: everything from
data and interface strings is escaped first, then marked up (links, `<time>`, lists);
`.plain()` gives the same value as text (the quiz, the tests).

Selection, ordering and chunking of table columns are here too, so that templates
only lay out what a view gives them.
"""
from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Optional

from markupsafe import Markup, escape

from . import dates, formatting
from .database import Database
from .model import ActivityType, Duration, FundingAction, Grant, Text

# Rows of an action that are lists of bilingual texts.
TEXT_LIST_ROWS = ("who_can_apply", "participants", "composition_rules", "aims", "activities", "results", "notes")
# The facts box of an action page, in order; `family` only when the action has one.
FACT_ROWS = ("code", "period", "key_action", "family", "sectors", "managed_by", "organisations", "countries",
             "third_country_partners", "accreditation", "duration", "grant", "deadlines", "how_to_apply")
# Columns of a printed comparison table: paper is narrower than a scrolling box.
PRINT_COLUMNS = 4


def plain(value: Markup | str) -> str:
    """A value as text: tags dropped, entities decoded, runs of spaces and line breaks
    made one space (a no-break space stays: it is part of the value, "30 000 euroa")."""
    text = html.unescape(_TAG.sub("", _BREAK.sub(" ", str(value)))) if isinstance(value, Markup) else str(value)
    return _SPACES.sub(" ", text).strip()


_TAG = re.compile(r"<[^>]*>")
_BREAK = re.compile(r"<br>|</li><li>")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


# -- text of one value (no markup): also the quiz's facts -----------------------------

def duration_text(d: Optional[Duration], t: Callable[[str], str]) -> str:
    if d is None:
        return t("value.not_stated")
    if d.values:
        words = [formatting.number(v) for v in d.values]
        return f"{formatting.choice_list(words, t)}{formatting.NBSP}{formatting.unit_word(d.unit, max(d.values), t)}"
    if d.max_unit and d.max_unit != d.unit and d.min is not None and d.max is not None:
        # "5 päivää – 2 kuukautta": each end with its own unit.
        return formatting.mixed_range(d.min, d.unit, d.max, d.max_unit, t)
    return formatting.value_range(d.min, d.max, d.upper_unit if d.max is not None else d.unit, t)


def range_text(r: Any, unit: str, t: Callable[[str], str]) -> str:
    if r is None:
        return t("value.not_stated")
    return formatting.value_range(r.min, r.max, unit, t)


def money_text(value: Optional[int], t: Callable[[str], str]) -> str:
    return t("value.not_stated") if value is None else formatting.money(value, t)


def grant_text(grant: Optional[Grant], t: Callable[[str], str]) -> str:
    """'enintään 60 000 euroa hanketta kohden; ...' (without the grant's note)."""
    if grant is None:
        return t("value.not_stated")
    parts = []
    if grant.max_eur is not None:
        per = t("grant.per_year") if grant.per == "year" else t("grant.per_project")
        parts.append(f"{t('grant.max')} {formatting.money(grant.max_eur, t)} {per}")
    if grant.lump_sums_eur:
        parts.append(f"{t('grant.lump_sum')} " + " / ".join(formatting.money(s, t) for s in grant.lump_sums_eur))
    if grant.max_share_percent is not None:
        parts.append(t("grant.share").replace("{percent}", str(grant.max_share_percent)))
    return "; ".join(parts) if parts else t("value.not_stated")


class View:
    """Facts of records for one language. `url(kind, id)` links a record's page from
    the page being rendered (None: no links, e.g. for the quiz or an export)."""

    def __init__(self, db: Database, lang: str, url: Optional[Callable[[str, str], str]] = None,
                 today: Optional[dt.date] = None):
        self.db, self.lang, self.url = db, lang, url
        # Deadlines before this day read as past (kb.dates: today or SOURCE_DATE_EPOCH).
        self.today = today or dates.build_date()

    def t(self, key: str) -> str:
        return self.db.ui_text(key, self.lang)

    def tr(self, text: Optional[Text]) -> str:
        return self.t("value.not_stated") if text is None else text[self.lang]

    def not_stated(self, marked: bool = True) -> Markup:
        text = escape(self.t("value.not_stated"))
        return Markup('<span class="kb-missing">{}</span>').format(text) if marked else text

    def _link(self, kind: str, record_id: str, text: str) -> Markup:
        if self.url is None:
            return escape(text)
        return Markup('<a href="{}">{}</a>').format(self.url(kind, record_id), text)

    def _time(self, day) -> Markup:
        return Markup('<time datetime="{}">{}</time>').format(day.isoformat(), formatting.date(day))

    def _texts(self, items: Sequence[Text]) -> Markup:
        if not items:
            return self.not_stated()
        return Markup("<ul>{}</ul>").format(Markup("").join(Markup("<li>{}</li>").format(self.text(i)) for i in items))

    def text(self, text: Text) -> Markup:
        """A bilingual text in this language; our own explanation (`editorial`) says so."""
        if getattr(text, "editorial", False):
            return Markup('{} <span class="kb-editorial">{}</span>').format(text[self.lang],
                                                                           self.t("editorial.marker"))
        return escape(text[self.lang])

    def _action_links(self, ids: Iterable[str], empty_key: str) -> Markup:
        ids = list(ids)
        if not ids:
            return Markup('<span class="kb-missing">{}</span>').format(self.t(empty_key))
        return Markup(", ").join(self._link("actions", i, self.db.actions[i].code) for i in ids)

    def sector_names(self, ids: Iterable[str]) -> str:
        return ", ".join(self.db.sectors[s].name[self.lang] for s in ids)

    # -- actions --------------------------------------------------------------------

    def grant(self, a: FundingAction) -> Markup:
        text = escape(grant_text(a.grant, self.t))
        if a.grant and a.grant.note:
            text += Markup("<br><small>{}</small>").format(self.text(a.grant.note))
        return text

    def grant_max(self, a: FundingAction) -> Markup:
        g = a.grant
        if g is not None and g.max_eur is not None:
            per = self.t("grant.per_year") if g.per == "year" else self.t("grant.per_project")
            return escape(f"{formatting.money(g.max_eur, self.t)} {per}")
        if g is not None and g.lump_sums_eur:
            return escape(f"{self.t('grant.lump_sum')} " + " / ".join(formatting.money(s, self.t)
                                                                      for s in g.lump_sums_eur))
        return self.not_stated()

    def deadlines(self, a: FundingAction) -> Markup:
        if not a.deadlines:
            return self.not_stated(marked=False)
        return Markup("<br>").join(dates.deadline_html(d, self.t, self.lang, self.today) for d in a.deadlines)

    def latest_deadline(self, a: FundingAction) -> str:
        """The last deadline as text, for the quiz's result."""
        if not a.deadlines:
            return self.t("value.not_stated")
        return dates.deadline_text(dates.latest(a.deadlines), self.t, self.lang, self.today)

    def action_value(self, a: FundingAction, row: str, link_key_action: bool = False) -> Markup:
        """One fact of one action: a table cell, a line of the facts box."""
        t, db, L = self.t, self.db, self.lang
        el = a.eligibility
        if row in TEXT_LIST_ROWS:
            return self._texts(getattr(a, row))
        values: dict[str, Callable[[], Any]] = {
            "code": lambda: a.code,
            "name": lambda: a.name[L],
            "period": lambda: t(f"period.{a.period}"),
            "key_action": lambda: (self._link("key_actions", a.key_action, db.key_actions[a.key_action].name[L])
                                   if link_key_action else db.key_actions[a.key_action].name[L]),
            "family": lambda: t(f"family.{a.family}") if a.family else self.not_stated(),
            "sectors": lambda: self.sector_names(a.sectors),
            "summary": lambda: a.summary[L],
            "organisations": lambda: range_text(el.organisations, "organisations", t),
            "countries": lambda: range_text(el.countries, "countries", t),
            "third_country_partners": lambda: t(f"third_country.{el.third_country_partners}"),
            "accreditation": lambda: t(f"accreditation.{el.accreditation}"),
            "duration": lambda: duration_text(a.duration, t),
            "grant": lambda: self.grant(a),
            "grant_max": lambda: self.grant_max(a),
            "grant_share": lambda: (t("grant.share").replace("{percent}", str(a.grant.max_share_percent))
                                    if a.grant and a.grant.max_share_percent is not None else self.not_stated()),
            "deadlines": lambda: self.deadlines(a),
            "managed_by": lambda: t(f"managed_by.{a.managed_by}"),
            "how_to_apply": lambda: a.how_to_apply[L] if a.how_to_apply else t(f"managed_by.{a.managed_by}"),
            "successors": lambda: self._action_links(a.successors, "tables.no_successor"),
            "predecessors": lambda: self._action_links([p.id for p in db.predecessors(a.id)],
                                                       "tables.no_predecessor"),
            "last_checked": lambda: self._time(a.last_checked),
        }
        if row not in values:
            raise KeyError(f"there is no action row `{row}`; the rows are: "
                           + ", ".join(sorted([*values, *TEXT_LIST_ROWS])))
        return escape(values[row]())

    def action_facts(self, a: FundingAction) -> list[tuple[str, Markup]]:
        """The facts box of an action page: (row, value) in order."""
        facts = []
        for row in FACT_ROWS:
            if row == "family" and not a.family:
                continue
            value = self.action_value(a, row, link_key_action=True)
            if row == "sectors":
                # Whether the sector list is the source's rule or our reading of it.
                value += Markup(' <small data-field="sector_rule">({})</small>').format(
                    self.t(f"sector_rule.{a.eligibility.sector_rule}"))
            facts.append((row, value))
        return facts

    def quiz_facts(self, a: FundingAction) -> dict[str, str]:
        """The key facts the quiz's result shows beside an action, as text."""
        return {"grant": grant_text(a.grant, self.t), "duration": duration_text(a.duration, self.t),
                "deadline": self.latest_deadline(a)}

    # -- activity types ---------------------------------------------------------------

    def activity_value(self, x: ActivityType, field: str) -> Markup:
        t, db, L = self.t, self.db, self.lang
        values: dict[str, Callable[[], Any]] = {
            "duration": lambda: duration_text(x.duration, t),
            "participants": lambda: x.participants[L] if x.participants else self.not_stated(),
            "category": lambda: t(f"tables.category.{x.category}"),
            "description": lambda: x.description[L],
            "period": lambda: t(f"period.{x.period}"),
            "sectors": lambda: self.sector_names(x.sectors) if x.sectors else self.not_stated(),
            "actions": lambda: (Markup(", ").join(self._link("actions", i, db.actions[i].code) for i in x.actions)
                                if x.actions else self.not_stated()),
        }
        if field not in values:
            raise KeyError(f"there is no activity type field `{field}`; the fields are: " + ", ".join(sorted(values)))
        return escape(values[field]())

    # -- a table's caption line ---------------------------------------------------------

    def checked(self, records: Sequence[Any]) -> Markup:
        """'Tarkistettu 1.2.2025' or '... 1.2.2025–3.4.2025': the interface string escaped,
        then its {date} placeholders replaced by <time> elements."""
        dates = [r.last_checked for r in records]
        oldest, latest = min(dates), max(dates)
        if oldest == latest:
            return escape(self.t("tables.meta.checked_one")).replace("{date}", self._time(latest))
        return (escape(self.t("tables.meta.checked_range")).replace("{oldest}", self._time(oldest))
                .replace("{latest}", self._time(latest)))


# -- table columns: selection, ordering, chunking ------------------------------------

def select_actions(db: Database, ids=None, key_action=None, period=None, sector=None, managed_by=None,
                   order: str = "file") -> list[FundingAction]:
    found = db.actions_where(ids=ids, key_action=key_action, period=period, sector=sector, managed_by=managed_by)
    if order == "sector":
        # Sector order of data/sectors.yaml, then the action code: KA210-SCH, KA220-SCH, KA210-VET ...
        sector_ids = list(db.sectors)
        return sorted(found, key=lambda a: (sector_ids.index(a.sectors[0]), a.code))
    if order == "code":
        return sorted(found, key=lambda a: a.code)
    if order != "file":
        raise ValueError(f"unknown order `{order}`: use file, sector or code")
    return list(found)


def successor_groups(db: Database, old_actions: Iterable[FundingAction]) -> list[tuple[FundingAction, list]]:
    """Each earlier action followed by the actions named as its successors."""
    return [(old, [old, *(db.actions[s] for s in old.successors)]) for old in old_actions]


def select_activities(db: Database, ids=None, category=None, period=None, sector=None,
                      action=None) -> list[ActivityType]:
    if ids is not None:
        return [db.activity_types[i] for i in ids]
    cats = None if category is None else ([category] if isinstance(category, str) else list(category))
    items = []
    for x in db.activity_types.values():
        # An activity belongs to a sector when it names the sector, or when one of its actions does.
        in_sector = sector is None or sector in x.sectors or any(sector in db.actions[i].sectors for i in x.actions)
        if ((cats is None or x.category in cats) and (period is None or x.period == period)
                and (action is None or action in x.actions) and in_sector):
            items.append(x)
    if cats is not None:
        # Rows grouped in the order the categories were asked for; file order within a group.
        items = sorted(items, key=lambda x: cats.index(x.category))
    return items


def column_options(view: View, columns: Sequence[FundingAction]) -> list[tuple[str, str]]:
    """The column chooser's (value, label) pairs: a code shared by two records (KA205)
    gets the name too, so that the choices differ."""
    options, seen = [], set()
    for a in columns:
        if a.id in seen:
            continue
        seen.add(a.id)
        shared = len({c.id for c in columns if c.code == a.code}) > 1
        options.append((a.id, f"{a.code} – {a.name[view.lang]}" if shared else a.code))
    return options


def print_parts(columns: Sequence[FundingAction], groups=None, limit: int = PRINT_COLUMNS) -> list[list]:
    """A wide table printed in parts of at most `limit` actions: each part is a list of
    (group's old action or None, [actions]); whole groups stay together when they fit."""
    units = ([(old, list(members[i:i + limit])) for old, members in groups for i in range(0, len(members), limit)]
             if groups else [(None, [a]) for a in columns])
    parts, current, count = [], [], 0
    for old, piece in units:
        if count + len(piece) > limit and current:
            parts.append(current)
            current, count = [], 0
        current.append((old, piece))
        count += len(piece)
    parts.append(current)
    return parts
