"""The offline bundle: `python -m kb.bundle` (what `make offline` runs).

Builds the whole bilingual site for file:// (Material's offline plugin, enabled by
KB_OFFLINE=true; no site_url, so every link stays relative), checks that no page loads
anything from outside the bundle and that every local link and resource exists,
adds a Finnish/Swedish read-me and writes

    dist/erasmus-kb-<version>-<YYYYMMDD>.zip

with the Finnish home page (index.html) and the read-me at the root of the zip.
Like `kb.cli build`, it never leaves a half-written result: the zip is written under
a temporary name and renamed into place only when everything has succeeded.

The version is KB_VERSION when set, otherwise `git describe --tags --always --dirty`
(a leading "v" dropped: tag v1.2 gives "1.2", three commits later "1.2-3-gabc1234";
without tags the short commit id). The date is the build day, or the day of
SOURCE_DATE_EPOCH when set, so that a rebuild of the same commit is byte-identical.

MkDocs is run as a command (through kb.cli), never imported.
"""
from __future__ import annotations

import argparse
import os
import posixpath
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import cli, leftovers
from .model import LANGS
from .state import KnowledgeBase

ROOT = cli.ROOT
README_NAME = "LUEMINUT-LASMIG.txt"
README_KEYS = ("offline.readme.title", "offline.readme.unpack", "offline.readme.open",
               "offline.readme.works", "offline.readme.version")
OFFLINE_ENV = {"KB_OFFLINE": "true", "KB_SITE_URL": ""}
# Left out of the bundle, as useless without a web server: source maps (only a
# browser's developer tools read them; a third of the site's size); the 404 pages and the
# web server's CSP hashes (scripts/server/nginx.conf), which
# only a server shows and which MkDocs writes with links from the server's root; the
# sitemaps, whose addresses need a site_url ("Noneabout.html"); and the search index as
# JSON, which pages read over http only (from file:// they load search_index.js).
LEFT_OUT = ("*.map", "404.html", ".kb-csp-hashes.conf", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json",
            "search/search_index.*.json")


# -- name ---------------------------------------------------------------------------

def version(root: Path = ROOT) -> str:
    value = os.environ.get("KB_VERSION", "").strip()
    if not value:
        try:
            value = subprocess.run(["git", "describe", "--tags", "--always", "--dirty"], cwd=root,
                                   capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            value = ""
    value = re.sub(r"^v(?=\d)", "", value)
    value = re.sub(r"[^A-Za-z0-9.+_-]+", "-", value).strip("-")
    return value or "unversioned"


def build_date() -> date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return date.today()


BUNDLE_PREFIX = "erasmus-kb-"
WORK_TEMP = "offline-"  # dist/offline-<pid>-*: the site being built and checked
ZIP_TEMP = ".tmp-"  # dist/.tmp-<pid>-<name>.zip: the zip being written


def bundle_name(ver: str, day: date) -> str:
    return f"{BUNDLE_PREFIX}{ver}-{day:%Y%m%d}.zip"


# -- checks ---------------------------------------------------------------------------

# Attributes through which a page makes the browser load something by itself.
_RESOURCE_ATTRS = {
    "script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"),
    "video": ("src", "poster"), "audio": ("src",), "track": ("src",), "iframe": ("src",),
    "embed": ("src",), "object": ("data",), "input": ("src",), "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
# <link rel=...> that load (or connect) by themselves; alternate, canonical, prev/next do not.
_LOADING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload",
                 "prefetch", "preconnect", "dns-prefetch", "manifest", "mask-icon"}
_CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.S)


def _srcset_urls(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


class _References(HTMLParser):
    """What one page loads (resources) and where it links to (anchors)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.resources: list[str] = []
        self.anchors: list[str] = []
        self.relative_only: list[str] = []  # links that must stay relative in the bundle
        self._style = False
        self.css: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        for name in _RESOURCE_ATTRS.get(tag, ()):
            if name in a:
                self.resources.extend(_srcset_urls(a[name]) if name == "srcset" else [a[name]])
        if tag == "link":
            rels = set(a.get("rel", "").lower().split())
            if rels & _LOADING_RELS:
                self.resources.append(a.get("href", ""))
            elif rels & {"alternate", "canonical", "prev", "next"}:
                self.relative_only.append(a.get("href", ""))
        if tag == "a" and "href" in a:
            self.anchors.append(a["href"])
        if "style" in a:
            self.css.append(a["style"])
        self._style = tag == "style"

    def handle_endtag(self, tag):
        self._style = False

    def handle_data(self, data):
        if self._style:
            self.css.append(data)


def _css_urls(css: str) -> list[str]:
    return [m.group(2) if m.group(2) is not None else m.group(4) for m in _CSS_URL.finditer(css)]


def _is_outside(url: str) -> bool:
    """Loading this would leave the bundle: another scheme or host, or the disk's root."""
    if url.startswith("data:") or url.startswith("#") or not url:
        return False
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc or url.startswith("/"))


def _local_target(site: Path, here: str, url: str) -> Path | None:
    """The file a relative URL points at, from the file `here` (posix, relative to site)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return site / posixpath.normpath(posixpath.join(posixpath.dirname(here), unquote(parts.path)))


@dataclass(frozen=True)
class References:
    """What one file of a built site loads by itself, and what it links to."""

    file: str  # posix path relative to the site
    loaded: list[str]
    links: list[str]  # <a href> and the <link> elements that must stay relative
    relative_only: list[str]  # <link rel=alternate|canonical|prev|next>


def references(site: Path) -> Iterator[References]:
    """Every HTML and CSS file of the site with the URLs it loads and links to."""
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix not in (".html", ".css"):
            continue
        rel = path.relative_to(site).as_posix()
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".css":
            yield References(rel, _css_urls(text), [], [])
            continue
        refs = _References()
        refs.feed(text)
        yield References(rel, refs.resources + [u for css in refs.css for u in _css_urls(css)],
                         refs.anchors + refs.relative_only, refs.relative_only)


def check_bundle(site: Path) -> list[str]:
    """Every reason the folder would not work from file:// with no network, one per line.

    A page may link to other websites (the reader chooses to follow), but nothing may be
    loaded from outside the folder, and every local link and resource must be a file.
    """
    problems: list[str] = []
    for ref in references(site):
        for url in ref.loaded:
            if urlsplit(url.strip()).scheme.lower() in ("javascript", "vbscript"):
                problems.append(f"{ref.file}: loads a script address ({url[:60]})")
            elif _is_outside(url):
                problems.append(f"{ref.file}: loads {url} from outside the bundle")
            elif url and not url.startswith(("data:", "#")):
                target = _local_target(site, ref.file, url)
                if target is not None and not target.is_file():
                    problems.append(f"{ref.file}: loads {url}, which is not in the bundle")
        for url in ref.relative_only:
            if _is_outside(url):
                problems.append(f"{ref.file}: <link> to {url} is not relative")
        for url in ref.links:
            scheme = urlsplit(url.strip()).scheme.lower()
            if scheme in ("javascript", "vbscript", "data"):
                problems.append(f"{ref.file}: links to a {scheme}: address ({url[:60]}), which runs or shows "
                                "content written into the link")
                continue
            target = _local_target(site, ref.file, url)
            if target is not None and not target.is_file():
                problems.append(f"{ref.file}: links to {url}, which is not a file in the bundle")
    return problems


# -- read-me and zip ------------------------------------------------------------------

def readme_text(root: Path, ver: str, day: date) -> str:
    db = KnowledgeBase(root).get().db
    blocks = []
    for lang in LANGS:
        # replace, not str.format: an interface string is text, a stray brace in it no error.
        lines = [db.ui_text(key, lang).replace("{version}", ver).replace("{date}", f"{day.day}.{day.month}.{day.year}")
                 for key in README_KEYS]
        title, body = lines[0], lines[1:]
        blocks.append("\n".join([title, "=" * len(title), "", *[line + "\n" for line in body]]))
    # CRLF and a byte order mark: Notepad on any Windows shows ä, ö and å right.
    return "\ufeff" + "\n".join(blocks).replace("\n", "\r\n")


def write_zip(site: Path, dest: Path, day: date) -> None:
    """A zip of the folder's files in a fixed order with fixed times, renamed into place."""
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    tmp = dest.with_name(f"{leftovers.prefix(ZIP_TEMP)}{dest.name}")
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            for path in sorted(p for p in site.rglob("*") if p.is_file()):
                info = zipfile.ZipInfo(path.relative_to(site).as_posix(), date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, path.read_bytes(), compresslevel=9)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


def make_bundle(root: Path = ROOT, dist: Path | None = None) -> Path:
    """Build, check and zip the offline site; returns the zip. Raises BundleError."""
    dist = Path(dist or root / "dist")
    ver, day = version(root), build_date()
    dist.mkdir(parents=True, exist_ok=True)
    # What killed runs left goes; a run still going keeps its work (leftovers.py).
    leftovers.clean(dist, WORK_TEMP)
    leftovers.clean(dist, ZIP_TEMP)
    # The bundles there before this run: replaced at its end. One that another run
    # (started at the same time) writes meanwhile is that run's result, and stays.
    previous = {p: p.stat().st_mtime_ns for p in dist.glob(f"{BUNDLE_PREFIX}*.zip")}
    with tempfile.TemporaryDirectory(prefix=leftovers.prefix(WORK_TEMP), dir=dist) as work:
        site = Path(work) / "site"
        if cli.build(root, site_dir=site, extra_env=OFFLINE_ENV) != 0:
            raise BundleError("the offline site could not be built (see above)")
        for pattern in LEFT_OUT:
            for path in site.glob(pattern) if "/" in pattern else site.rglob(pattern):
                path.unlink()
        (site / README_NAME).write_text(readme_text(root, ver, day), encoding="utf-8", newline="")
        problems = check_bundle(site)
        if problems:
            raise BundleError("the offline site would not work without a network:\n"
                              + "\n".join(f"  {p}" for p in problems))
        dest = dist / bundle_name(ver, day)
        write_zip(site, dest, day)
    # dist/ holds the one current bundle: staff copying it to a memory stick must not
    # have to tell this build from the last. Only after success, so a failed build
    # leaves the previous zip in place.
    for old, mtime in previous.items():
        try:
            if old != dest and old.stat().st_mtime_ns == mtime:
                old.unlink()
        except FileNotFoundError:
            pass  # another run replaced it first
    return dest


class BundleError(Exception):
    pass


def page_count(zip_path: Path) -> dict[str, int]:
    with zipfile.ZipFile(zip_path) as zf:
        names = [n for n in zf.namelist() if n.endswith(".html") and n != "404.html"]
    sv = sum(1 for n in names if n.startswith("sv/"))
    return {"fi": len(names) - sv, "sv": sv}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kb.bundle", description="Build the offline HTML bundle (zip)")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="folder for the zip (default: dist/)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        dest = make_bundle(ROOT, args.dist)
    except BundleError as exc:
        print(f"Offline bundle not made: {exc}", file=sys.stderr)
        return 1
    counts = page_count(dest)
    print(f"Offline bundle: {dest} ({dest.stat().st_size / 1e6:.1f} MB, "
          f"{counts['fi']} Finnish + {counts['sv']} Swedish pages, {time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
