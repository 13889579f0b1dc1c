"""What the knowledge base is made of, in one place: its languages, its programme
periods, its folders and its kinds of records. A new period (2028-2034) or a new
record kind is a change here plus data (and, for a kind with pages, its page macro).

Nothing here imports the rest of the package: every module may import this one.
"""
from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Mapping
from typing import Any, Optional

# Languages: the first is the default (the site's root); the others live in a folder
# of their name (/sv/).
LANGS = ("fi", "sv")
DEFAULT_LANG = LANGS[0]

# Programme periods, oldest first; the last is the current one (the quiz evaluates its
# actions only; pages mark the others as earlier periods).
PERIODS = ("2014-2020", "2021-2027")
CURRENT_PERIOD = PERIODS[-1]
PREVIOUS_PERIOD = PERIODS[-2]

# Folders, relative to the project root.
DATA_DIR = "data"
CONTENT_DIR = "content"
MACRO_DIR = "overrides/macros"
EXPORT_DIR = "export"


@dataclass(frozen=True)
class RecordKind:
    """One kind of record: its data file(s) are data/<name>.yaml or data/<name>/*.yaml."""

    name: str  # e.g. "actions"
    model: Any  # the pydantic model: a class, or the name of a class in kb.model
    page_dir: Optional[str] = None  # records with pages of their own: the pages' folder
    page_macro: Optional[str] = None  # ... and the macro that renders a whole page
    title: str = "name"  # the field (or method of the language) that titles the record's page
    title_prefix: Optional[str] = None  # a field shown before the title ("KA220-VET: ...")

    @property
    def model_class(self) -> type:
        if isinstance(self.model, str):
            from . import model
            return getattr(model, self.model)
        return self.model

    def page_path(self, record_id: str) -> str:
        if self.page_dir is None:
            raise KeyError(f"records of `{self.name}` have no pages")
        return f"{self.page_dir}/{record_id}"

    def title_of(self, record: Any, lang: str) -> str:
        value = getattr(record, self.title)
        text = value(lang) if callable(value) else value if isinstance(value, str) else value[lang]
        return f"{getattr(record, self.title_prefix)}: {text}" if self.title_prefix else text


# In the order the loader checks them (references point to kinds listed before) and
# generated pages are made.
RECORD_KINDS: dict[str, RecordKind] = {k.name: k for k in (
    RecordKind("sources", "Source", title="title"),
    RecordKind("sectors", "Sector"),
    RecordKind("key_actions", "KeyAction", "key-actions", "key_action_page"),
    RecordKind("actions", "FundingAction", "actions", "action_page", title_prefix="code"),
    RecordKind("activity_types", "ActivityType", "activity-types", "activity_type_page"),
    RecordKind("themes", "Theme", "themes", "theme_page"),
    RecordKind("countries", "Country"),
    RecordKind("projects", "Project", "projects", "project_page", title="display_title"),
    RecordKind("glossary", "GlossaryTerm", title="term"),
    RecordKind("terms", "Term", title="id"),
    RecordKind("ui", "UiString", title="id"),
)}


def page_kinds() -> list[RecordKind]:
    """The kinds whose records get a generated page each, in both languages."""
    return [k for k in RECORD_KINDS.values() if k.page_macro]


def add_kind(kind: RecordKind) -> None:
    """A new kind of record, known from now on to the loader, pages and links."""
    from . import model
    RECORD_KINDS[kind.name] = kind
    model.KINDS[kind.name] = kind.model_class


def remove_kind(name: str) -> None:
    from . import model
    RECORD_KINDS.pop(name, None)
    model.KINDS.pop(name, None)


class _PageDirs(Mapping):
    """kind -> the folder of its records' pages (kinds with pages only), read live from
    RECORD_KINDS, so a kind added with add_kind() is in it too."""

    def _dirs(self) -> dict[str, str]:
        return {k.name: k.page_dir for k in page_kinds()}

    def __getitem__(self, kind: str) -> str:
        return self._dirs()[kind]

    def __iter__(self):
        return iter(self._dirs())

    def __len__(self) -> int:
        return len(self._dirs())


PAGE_DIRS: Mapping[str, str] = _PageDirs()
