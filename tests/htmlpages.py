"""Reading the built site like a user agent: pages, text, links, language."""
from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path


def pages(site: Path, lang: str) -> set[str]:
    """Page paths relative to the language root: {'index.html', 'actions/ka210-vet.html', ...}."""
    if lang == "fi":  # admin/ is the browser editor (kb.editor), an application, not a page of the site
        return {p.relative_to(site).as_posix() for p in site.rglob("*.html")
                if not p.relative_to(site).as_posix().startswith(("sv/", "admin/")) and p.name != "404.html"}
    base = site / lang
    return {p.relative_to(base).as_posix() for p in base.rglob("*.html") if p.name != "404.html"}


def page_file(site: Path, lang: str, page: str) -> Path:
    return site / page if lang == "fi" else site / lang / page


def text_of(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"[ \t\r\n\f\v]+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def article(html: str) -> str:
    m = re.search(r"<article\b.*?</article>", html, re.S)
    return m.group(0) if m else ""


class Links(HTMLParser):
    """Collects <a>, <link> and their attributes."""

    def __init__(self):
        super().__init__()
        self.anchors: list[dict] = []
        self.links: list[dict] = []
        self.ids: set[str] = set()
        self.html_lang: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.html_lang = a.get("lang")
        elif tag == "a":
            self.anchors.append(a)
        elif tag == "link":
            self.links.append(a)


def parse(html: str) -> Links:
    p = Links()
    p.feed(html)
    return p
