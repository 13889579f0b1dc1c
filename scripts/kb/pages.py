"""Pages generated from records: one page per record of the kinds that have pages.

An editor adds a record to `data/`; its page appears in both languages with no
Markdown file to copy. The page body is a single macro call, so the layout lives in
the macro templates like every other page.
"""
from __future__ import annotations

from dataclasses import dataclass

from .database import Database
from .registry import page_kinds


@dataclass(frozen=True)
class GeneratedPage:
    path: str  # without language suffix, e.g. actions/ka220-vet
    markdown: str  # the same Jinja/Markdown source for both languages


def record_pages(db: Database) -> list[GeneratedPage]:
    """Every record of every kind with pages (kb.registry: page folder and page macro)."""
    pages = []
    for kind in page_kinds():
        for record_id in db.kind(kind.name):
            # The H1 stays Markdown so that MkDocs takes the page title from it. The
            # record is named by `page_id` (the page's file name, its id), so every page
            # of a kind has the same source and the renderer compiles it once.
            source = (f'# {{{{ record_title("{kind.name}", page_id) }}}}\n\n'
                      f'{{{{ {kind.page_macro}(page_id) }}}}\n')
            pages.append(GeneratedPage(kind.page_path(record_id), source))
    return pages
