"""The loaded, checked records, with the look-ups that pages and tables need."""
from __future__ import annotations

import difflib
from functools import cached_property
from typing import Iterable

from .model import (
    ActivityType,
    Country,
    FundingAction,
    GlossaryTerm,
    KeyAction,
    Project,
    Record,
    Sector,
    Source,
    Theme,
    UiString,
)


class UnknownRecord(KeyError):
    """A look-up of an id that no record of that kind has; says so in plain words."""

    def __init__(self, kind: str, record_id: object, known: Iterable[str]):
        super().__init__(record_id)
        self.kind, self.record_id = kind, record_id
        close = difflib.get_close_matches(str(record_id), sorted(known), n=3)
        self.hint = f"; did you mean {' or '.join(f'`{c}`' for c in close)}?" if close else ""

    def __str__(self) -> str:
        if self.kind == "ui":
            return f"there is no interface string `{self.record_id}` in data/ui/{self.hint}"
        return f"there is no record `{self.record_id}` in {self.kind}{self.hint}"


class RecordTable(dict):
    """The records of one kind by id. A missing id raises UnknownRecord (a KeyError)
    that names the kind and the closest ids; templates see it through render.py."""

    def __init__(self, kind: str, records: dict):
        super().__init__(records)
        self.kind = kind

    def __missing__(self, record_id):
        raise UnknownRecord(self.kind, record_id, self.keys())


class Database:
    """Read-only access to every record, by kind and by id. Built once per build."""

    def __init__(self, by_kind: dict[str, dict[str, Record]]):
        self._by_kind = {kind: RecordTable(kind, records) for kind, records in by_kind.items()}

    # -- kinds, in file order ------------------------------------------------
    def kind(self, kind: str) -> dict[str, Record]:
        return self._by_kind[kind]

    @property
    def sources(self) -> dict[str, Source]:
        return self._by_kind["sources"]  # type: ignore[return-value]

    @property
    def sectors(self) -> dict[str, Sector]:
        return self._by_kind["sectors"]  # type: ignore[return-value]

    @property
    def key_actions(self) -> dict[str, KeyAction]:
        return self._by_kind["key_actions"]  # type: ignore[return-value]

    @property
    def actions(self) -> dict[str, FundingAction]:
        return self._by_kind["actions"]  # type: ignore[return-value]

    @property
    def activity_types(self) -> dict[str, ActivityType]:
        return self._by_kind["activity_types"]  # type: ignore[return-value]

    @property
    def themes(self) -> dict[str, Theme]:
        return self._by_kind["themes"]  # type: ignore[return-value]

    @property
    def countries(self) -> dict[str, Country]:
        return self._by_kind["countries"]  # type: ignore[return-value]

    @property
    def projects(self) -> dict[str, Project]:
        return self._by_kind["projects"]  # type: ignore[return-value]

    @property
    def glossary(self) -> dict[str, GlossaryTerm]:
        return self._by_kind["glossary"]  # type: ignore[return-value]

    @property
    def ui(self) -> dict[str, UiString]:
        return self._by_kind["ui"]  # type: ignore[return-value]

    # -- look-ups --------------------------------------------------------------
    def ui_text(self, key: str, lang: str) -> str:
        record = self.ui.get(key)
        if record is None:
            raise UnknownRecord("ui", key, self.ui.keys())
        return record.text[lang]

    def actions_where(self, *, key_action: str | None = None, period: str | None = None,
                      sector: str | None = None, ids: Iterable[str] | None = None,
                      managed_by: str | None = None) -> list[FundingAction]:
        """Actions chosen by id (in that order) or by filters (in file order)."""
        if ids is not None:
            return [self.actions[i] for i in ids]
        out = []
        for a in self.actions.values():
            if key_action and a.key_action != key_action:
                continue
            if period and a.period != period:
                continue
            if sector and sector not in a.sectors:
                continue
            if managed_by and a.managed_by != managed_by:
                continue
            out.append(a)
        return out

    @cached_property
    def _predecessors(self) -> dict[str, list[FundingAction]]:
        out: dict[str, list[FundingAction]] = {}
        for a in self.actions.values():
            for s in a.successors:
                out.setdefault(s, []).append(a)
        return out

    def predecessors(self, action_id: str) -> list[FundingAction]:
        return self._predecessors.get(action_id, [])

    def projects_of_action(self, action_id: str) -> list[Project]:
        return [p for p in self.projects.values() if p.action == action_id]

    def projects_of_theme(self, theme_id: str) -> list[Project]:
        return [p for p in self.projects.values() if theme_id in p.themes]

    def themes_of_action(self, action_id: str) -> list[Theme]:
        return [t for t in self.themes.values() if action_id in t.actions]

    def activity_types_of_action(self, action_id: str) -> list[ActivityType]:
        return [t for t in self.activity_types.values() if action_id in t.actions]
