"""Pages generated from records: one page per record of the kinds that have pages.

An editor adds a record to `data/`; its page appears in both languages with no
Markdown file to copy. The page body is a single macro call, so the layout lives in
the macro templates like every other page.
"""
from __future__ import annotations

from dataclasses import dataclass

from .database import Database
from .render import PAGE_DIRS

# kind -> the macro that renders a whole record page
PAGE_MACROS = {
    "actions": "action_page",
    "key_actions": "key_action_page",
    "activity_types": "activity_type_page",
    "themes": "theme_page",
    "projects": "project_page",
}


@dataclass(frozen=True)
class GeneratedPage:
    path: str  # without language suffix, e.g. actions/ka220-vet
    markdown: str  # the same Jinja/Markdown source for both languages


def record_pages(db: Database) -> list[GeneratedPage]:
    pages = []
    for kind, macro in PAGE_MACROS.items():
        for record_id in db.kind(kind):
            path = f"{PAGE_DIRS[kind]}/{record_id}"
            # The H1 stays Markdown so that MkDocs takes the page title from it. The
            # record is named by `page_id` (the page's file name, its id), so every page
            # of a kind has the same source and the renderer compiles it once.
            source = f'# {{{{ record_title("{kind}", page_id) }}}}\n\n{{{{ {macro}(page_id) }}}}\n'
            pages.append(GeneratedPage(path, source))
    return pages
