"""The loaded, checked records, with the look-ups that pages and tables need."""
from __future__ import annotations

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


class Database:
    """Read-only access to every record, by kind and by id. Built once per build."""

    def __init__(self, by_kind: dict[str, dict[str, Record]]):
        self._by_kind = by_kind

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
        try:
            return self.ui[key].text[lang]
        except KeyError:
            raise KeyError(f"no interface string `{key}` in data/ui.yaml") from None

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

    def actions_of_theme(self, theme_id: str) -> list[FundingAction]:
        return [self.actions[a] for a in self.themes[theme_id].actions]
