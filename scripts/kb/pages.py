"""Pages generated from records: one page per record of the kinds that have pages.

An editor adds a record to `data/`; its page appears in both languages with no
Markdown file to copy. The page body is a single macro call, so the layout lives in
the macro templates like every other page.
"""
from __future__ import annotations

from dataclasses import dataclass

from .database import Database
from .registry import page_kinds
from .render import record_title


@dataclass(frozen=True)
class GeneratedPage:
    path: str  # without language suffix, e.g. actions/ka220-vet
    markdown: str  # the same Jinja/Markdown source for both languages
    kind: str = ""
    record_id: str = ""

    def title(self, db: Database, lang: str) -> str:
        """The page's title as plain text (the engine adapter sets it as the page's title)."""
        return record_title(db, self.kind, self.record_id, lang)


def record_pages(db: Database) -> list[GeneratedPage]:
    """Every record of every kind with pages (kb.registry: page folder and page macro)."""
    pages = []
    for kind in page_kinds():
        for record_id in db.kind(kind.name):
            # The H1 is a Markdown heading (it gets its id, the table of contents and the
            # skip link) whose text is all character references (`plain`): Markdown finds
            # no syntax in it, so `{ onfocus=... }` adds no attributes and `[x](...)` makes
            # no link. The engine adapter sets the page's title from GeneratedPage.title.
            # The record is named by `page_id` (the page's file name, its id), so every
            # page of a kind has the same source and the renderer compiles it once.
            source = (f'# {{{{ record_title("{kind.name}", page_id)|plain }}}}\n\n'
                      f'{{{{ {kind.page_macro}(page_id) }}}}\n')
            pages.append(GeneratedPage(kind.page_path(record_id), source, kind.name, record_id))
    return pages
