"""The site's pages as the core sees them, engine or no engine: every page of
`content/` and every generated record page, in every language, and the one function
that renders a page's Markdown. The MkDocs hook, the benchmark's pre-render and
`make export` all go through `render_markdown`, so a page is rendered one way only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .content import PAGE
from .pages import record_pages
from .registry import LANGS, page_kinds
from .state import Loaded

_FRONT_MATTER = re.compile(r"\A(-{3}[ \t]*\n.*?\n(?:\.{3}|-{3})[ \t]*\n)(.*)\Z", re.DOTALL)


@dataclass(frozen=True)
class SourcePage:
    path: str  # without language suffix: 'actions/ka220-vet', 'index'
    lang: str
    front_matter: str  # the page's own `---` block, as written ("" if none)
    body: str  # Jinja + Markdown
    offset: int  # lines before the body in the source file
    record: Optional[tuple[str, str]] = None  # (kind, id) of a generated record page

    @property
    def src_uri(self) -> str:
        return f"{self.path}.{self.lang}.md"


def split(text: str) -> tuple[str, str]:
    """(front matter block, body) of a page's source."""
    m = _FRONT_MATTER.match(text)
    return (m.group(1), m.group(2)) if m else ("", text)


def source_pages(loaded: Loaded, content_dir: Path) -> list[SourcePage]:
    """Every page in every language: content/ first; a generated record page only
    where no hand-written page of the same path exists (the hand-written one wins)."""
    pages: list[SourcePage] = []
    written: set[tuple[str, str]] = set()
    for path in sorted(content_dir.rglob("*.md")):
        m = PAGE.match(path.relative_to(content_dir).as_posix())
        if not m:
            continue
        head, body = split(path.read_text(encoding="utf-8"))
        pages.append(SourcePage(m["base"], m["lang"], head, body, head.count("\n")))
        written.add((m["base"], m["lang"]))
    kinds = {k.page_dir: k.name for k in page_kinds()}
    for page in record_pages(loaded.db):
        folder, record_id = page.path.rsplit("/", 1)
        for lang in LANGS:
            if (page.path, lang) not in written:
                pages.append(SourcePage(page.path, lang, "", page.markdown, 0, (kinds[folder], record_id)))
    return pages


def render_markdown(loaded: Loaded, markdown: str, lang: str, page_path: str) -> str:
    """A page's Markdown with its macro calls rendered for `lang`: the one way a page is rendered."""
    return loaded.renderer.render_markdown(markdown, lang, page_path)


def render_page(loaded: Loaded, page: SourcePage) -> str:
    return render_markdown(loaded, page.body, page.lang, page.path)
