"""Check every link in a built site: internal links and anchors must resolve.

Reads the HTML files of a built site (any generator) and follows every `href` and
`src` that stays inside the site: the file must exist and a `#fragment` must name an
element id (or `<a name>`) in that file. Links out of the site are collected and
listed, never fetched: a test run must not depend on other people's servers.

    python -m kb.linkcheck site/ [--site-url https://example.fi/kb/]
"""
from __future__ import annotations

import argparse
import posixpath
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Attributes that hold an address, by element.
LINK_ATTRS = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "script": ("src",),
    "img": ("src",),
    "iframe": ("src",),
    "source": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "form": ("action",),
}
# Schemes that carry their content inline.
IGNORED_SCHEMES = {"data", "javascript", "blob", "about"}
# ... of which these are always a defect (script in an address), and data: too where
# the reader navigates to it (a link, a frame, a form).
SCRIPT_SCHEMES = {"javascript", "vbscript"}
NAVIGATING_TAGS = {"a", "area", "iframe", "form"}


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, int]] = []  # (tag, address, line)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for attr in LINK_ATTRS.get(tag, ()):
            value = a.get(attr)
            if value is None:
                continue
            # <link rel="preconnect"> and similar carry no page to check.
            if tag == "link" and (a.get("rel") or "") in ("preconnect", "dns-prefetch"):
                continue
            self.links.append((tag, value.strip(), self.getpos()[0]))

    handle_startendtag = handle_starttag


@dataclass
class Broken:
    page: str  # the page that has the link, relative to the site root
    line: int
    address: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.address}: {self.reason}"


@dataclass
class Report:
    pages: int = 0
    internal: int = 0  # internal links checked
    broken: list[Broken] = field(default_factory=list)
    external: dict[str, set[str]] = field(default_factory=dict)  # address -> pages that link to it


class Site:
    """The HTML pages of a built site and the ids in each, parsed once."""

    def __init__(self, root: Path, site_url: str = ""):
        self.root = Path(root)
        self.site_url = site_url if not site_url or site_url.endswith("/") else site_url + "/"
        self.base_path = urlsplit(self.site_url).path or "/"
        self._parsed: dict[str, _PageParser] = {}

    def html_files(self) -> list[str]:
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html"))

    def parsed(self, rel: str) -> _PageParser:
        if rel not in self._parsed:
            parser = _PageParser()
            parser.feed((self.root / rel).read_text(encoding="utf-8"))
            parser.close()
            self._parsed[rel] = parser
        return self._parsed[rel]

    def target(self, page: str, address: str) -> tuple[str | None, str, str | None]:
        """Where `address` on `page` leads: (site path or None if external, fragment, scheme).

        The 404 page is served at any address, so its links are written from the site's
        root path (e.g. /kb/...); such root-relative links resolve from there.
        """
        parts = urlsplit(address)
        scheme = parts.scheme.lower()
        if scheme in IGNORED_SCHEMES:
            return None, "", scheme
        if scheme or parts.netloc:
            absolute = address if scheme else "https:" + address
            if self.site_url and absolute.startswith(self.site_url):
                return unquote(urlsplit(absolute[len(self.site_url):]).path) or "", parts.fragment, None
            return None, parts.fragment, scheme or "https"
        path = unquote(parts.path)
        if path.startswith("/"):
            if not path.startswith(self.base_path):
                return None, parts.fragment, "outside"
            return path[len(self.base_path):], parts.fragment, None
        if not path:
            return page, parts.fragment, None
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        if path.endswith("/"):
            joined += "/"
        return joined, parts.fragment, None

    def resolve_file(self, path: str) -> str | None:
        """A site path as a web server would serve it: folders give their index.html."""
        if path in ("", ".", "./"):
            path = "index.html"
        if path.startswith("../"):
            return None
        candidate = self.root / path
        if candidate.is_dir():
            candidate = candidate / "index.html"
            path = posixpath.join(path.rstrip("/"), "index.html")
        return path if candidate.is_file() else None


def check(root: Path, site_url: str = "") -> Report:
    site = Site(root, site_url)
    report = Report()
    for page in site.html_files():
        report.pages += 1
        for tag, address, line in site.parsed(page).links:
            if not address:
                report.broken.append(Broken(page, line, address, f"<{tag}> with an empty address"))
                continue
            path, fragment, scheme = site.target(page, address)
            if scheme in SCRIPT_SCHEMES or (scheme == "data" and tag in NAVIGATING_TAGS):
                report.broken.append(Broken(page, line, address[:80], f"a {scheme}: address runs or shows content "
                                                                      "written into the link; no page may have one"))
                continue
            if path is None:
                if scheme in IGNORED_SCHEMES:
                    continue
                if scheme == "outside":
                    report.broken.append(Broken(page, line, address, f"leads outside the site's path {site.base_path}"))
                    continue
                report.external.setdefault(address, set()).add(page)
                continue
            report.internal += 1
            resolved = site.resolve_file(path)
            if resolved is None:
                report.broken.append(Broken(page, line, address, "no such file in the site"))
                continue
            if fragment and resolved.endswith(".html") and unquote(fragment) not in site.parsed(resolved).ids:
                report.broken.append(Broken(page, line, address, f"{resolved} has no element with id `{fragment}`"))
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kb.linkcheck", description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, nargs="?", default=Path("site"))
    parser.add_argument("--site-url", default="", help="the hosted address, so that absolute links to it count as internal")
    args = parser.parse_args(argv)
    report = check(args.site, args.site_url)
    for address in sorted(report.external):
        print(f"external (not fetched): {address}  <- {len(report.external[address])} page(s)")
    for b in report.broken:
        print(f"BROKEN {b}", file=sys.stderr)
    print(f"{report.pages} pages, {report.internal} internal links checked, {len(report.broken)} broken, "
          f"{len(report.external)} external addresses listed")
    return 1 if report.broken else 0


if __name__ == "__main__":
    sys.exit(main())
