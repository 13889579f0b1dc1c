"""The loaded data and renderer for one state of the files, reused while nothing changes.

mkdocs-static-i18n runs the whole build once per language, and `mkdocs serve`
rebuilds after every edit. Keying the cache on the files' names, sizes and
modification times gives both: one load for all language builds of one build, and
a fresh load as soon as an editor saves a data file or a macro template.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .content import check_pages
from .database import Database
from .load import load
from .problems import DataError
from .render import Renderer

DATA_DIR = "data"
CONTENT_DIR = "content"
MACRO_DIR = "overrides/macros"


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
    def __init__(self, root: Path | str):
        self.root = Path(root)
        self._key: tuple | None = None
        self._loaded: Loaded | None = None
        self.loads = 0  # how many times the data was actually read (tests check reuse)

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
        """The loaded data; raises DataError listing every problem in data and pages."""
        key = fingerprint(self.data_dir, self.macro_dir, self.content_dir)
        if self._loaded is not None and key == self._key:
            return self._loaded
        self._loaded = None
        problems = check_pages(self.content_dir, self.root)
        try:
            db = load(self.data_dir, self.root)
        except DataError as exc:
            raise DataError(problems + exc.problems) from None
        if problems:
            raise DataError(problems)
        self.loads += 1
        self._loaded = Loaded(db, Renderer(db, self.macro_dir))
        self._key = key
        return self._loaded
