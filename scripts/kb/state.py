"""The loaded data and renderer for one state of the files, reused while nothing changes.

mkdocs-static-i18n runs the whole build once per language, and `mkdocs serve`
rebuilds after every edit. Keying the cache on the files' names, sizes and
modification times gives both: one load for all language builds of one build, and
a fresh load as soon as an editor saves a data file or a macro template.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .content import check_pages, missing_twins
from .database import Database
from .load import draft_mode, load, raw_record_ids, raw_ui_strings
from .model import KINDS, UiString
from .problems import DataError, Problem
from .render import Renderer

from .registry import CONTENT_DIR, DATA_DIR, MACRO_DIR  # noqa: E402 - re-exported for kb.cli


def fingerprint(*dirs: Path) -> tuple:
    items = []
    for d in dirs:
        if d.exists():
            for p in sorted(d.rglob("*")):
                if p.is_file():
                    st = p.stat()
                    items.append((str(p), st.st_size, st.st_mtime_ns))
    return tuple(items)


@dataclass
class Loaded:
    db: Database
    renderer: Renderer


class KnowledgeBase:
    """The data of one project folder.

    `draft` (default: the KB_DRAFT environment variable, set by `make serve`) is the
    lenient preview mode: missing translations, in records and as missing twin pages,
    are `warnings` shown with a placeholder instead of problems that stop the build.
    """

    def __init__(self, root: Path | str, draft: bool | None = None):
        self.root = Path(root)
        self.draft = draft_mode() if draft is None else draft
        self._key: tuple | None = None
        self._loaded: Loaded | None = None
        self.loads = 0  # how many times the data was actually read (tests check reuse)
        self.warnings: list[Problem] = []
        self.problems: list[Problem] = []  # of the current state of the files, when it has any
        self._error: DataError | None = None
        self._fallback: tuple[tuple | None, Loaded] | None = None

    @property
    def data_dir(self) -> Path:
        return self.root / DATA_DIR

    @property
    def content_dir(self) -> Path:
        return self.root / CONTENT_DIR

    @property
    def macro_dir(self) -> Path:
        return self.root / MACRO_DIR

    def get(self) -> Loaded:
        """The loaded data; raises DataError listing every problem in data and pages.

        Both outcomes are kept while the files stay the same: mkdocs-static-i18n
        builds each language, and every page asks again.
        """
        key = fingerprint(self.data_dir, self.macro_dir, self.content_dir)
        if key == self._key:
            if self._loaded is not None:
                return self._loaded
            if self._error is not None:
                raise self._error
        self._loaded, self._error, self.problems = None, None, []
        self._key = key
        problems = check_pages(self.content_dir, self.root)
        warnings: list[Problem] = []
        if self.draft:
            prefix = self.content_dir.name
            lacking = {f"{prefix}/{base}.{have}.md" for base, have, _ in missing_twins(self.content_dir)}
            warnings += [p for p in problems if p.path in lacking]
            problems = [p for p in problems if p.path not in lacking]
        self.warnings = []
        try:
            db = load(self.data_dir, self.root, draft=self.draft, warnings=warnings)
        except DataError as exc:
            problems = problems + exc.problems
        if problems:
            self._error = DataError(problems)
            self.problems = self._error.problems
            raise self._error
        self.warnings = sorted(warnings)
        self.loads += 1
        self._loaded = Loaded(db, Renderer(db, self.macro_dir))
        return self._loaded

    def current(self) -> Loaded:
        """What the last get() found, without looking at the files again.

        get() compares every file's size and time, which costs a walk of data/,
        content/ and the macros: once per build is right, once per page is not (a build
        of thousands of pages spent a sixth of its time there). A build calls get()
        when it starts and current() for each page.
        """
        if self._loaded is not None:
            return self._loaded
        if self._error is not None:
            raise self._error
        return self.get()

    def fallback(self) -> Loaded:
        """For a draft preview of broken data: the interface strings that can be read,
        and no records, so that the site's frame still renders around the list of
        problems. Never used by a build."""
        if self._fallback is not None and self._fallback[0] == self._key:
            return self._fallback[1]
        strings = {}
        for key, text in raw_ui_strings(self.data_dir).items():
            try:
                strings[key] = UiString.model_validate({"id": key, "text": text})
            except ValueError:
                continue
        db = Database({kind: ({} if kind != "ui" else strings) for kind in KINDS})
        self._fallback = (self._key, Loaded(db, Renderer(db, self.macro_dir)))
        return self._fallback[1]

    def record_ids(self) -> list[tuple[str, str]]:
        """(kind, id) of the records in the files, read leniently: while the data is
        broken, the preview still has a page (showing the problems) for each."""
        return raw_record_ids(self.data_dir)
