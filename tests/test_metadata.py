"""Every page's head, as search engines and link previews read it: its own description in
its language, canonical address, absolute hreflang both ways and x-default, a readable
<title>, Open Graph, and JSON-LD that no data can break out of."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html import unescape

import pytest

from conftest import ROOT, TEST_SITE_URL
from htmlpages import article, page_file, pages, text_of
from kb import meta
from kb.registry import PAGE_DIRS
from kb.state import KnowledgeBase

pytestmark = pytest.mark.build

LANGS = ("fi", "sv")


@pytest.fixture(scope="module")
def db(root):
    return KnowledgeBase(root).get().db


def head(html: str) -> str:
    return html[: html.index("</head>")]


def metas(html: str) -> dict[str, str]:
    found = {}
    for m in re.finditer(r'<meta (name|property)="([^"]+)" content="([^"]*)"', head(html)):
        found[m[2]] = unescape(m[3])
    return found


def links(html: str, rel: str) -> list[dict]:
    out = []
    for tag in re.findall(rf'<link rel="{rel}"[^>]*>', head(html)):
        out.append({k: unescape(v) for k, v in re.findall(r'(\w[\w-]*)="([^"]*)"', tag)})
    return out


def address(lang: str, page: str) -> str:
    return TEST_SITE_URL + (page if lang == "fi" else f"{lang}/{page}")


def record_for(db, page: str):
    folder, _, name = page.rpartition("/")
    for kind, directory in PAGE_DIRS.items():
        if folder == directory and name.removesuffix(".html") in db.kind(kind):
            return db.kind(kind)[name.removesuffix(".html")]
    return None


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_has_its_own_description_in_its_language(built_site, db, lang):
    seen: dict[str, str] = {}
    for page in sorted(pages(built_site, lang)):
        html = page_file(built_site, lang, page).read_text(encoding="utf-8")
        description = metas(html).get("description", "")
        assert 30 <= len(description) <= meta.DESCRIPTION_MAX, (page, description)
        assert description not in seen, f"{page} and {seen.get(description)} share: {description}"
        seen[description] = page
        start = description.rstrip("…")[:40]
        record = record_for(db, page)
        if record is not None:
            summary = getattr(record, "summary", None) or record.description
            # The record's summary in this language (a shared one after the record's name).
            name = record.name[lang] if getattr(record, "name", None) else getattr(record, "title", "")
            assert start in meta.plain(f"{name}: {summary[lang]}"), (page, description)
        else:
            assert start in text_of(article(html)), (page, description)
        assert metas(html).get("og:description") == description
        assert metas(html).get("og:title")


@pytest.mark.parametrize("lang", LANGS)
def test_canonical_and_hreflang_are_absolute_and_reciprocal(built_site, lang):
    other = "sv" if lang == "fi" else "fi"
    for page in sorted(pages(built_site, lang)):
        html = page_file(built_site, lang, page).read_text(encoding="utf-8")
        canonical = links(html, "canonical")
        assert [c["href"] for c in canonical] == [address(lang, page)], page
        alternates = {a["hreflang"]: a["href"] for a in links(html, "alternate")}
        assert alternates == {"fi": address("fi", page), "sv": address("sv", page),
                              "x-default": address("fi", page)}, page
        # Both ways: the twin names this page as its alternate in this language.
        twin = page_file(built_site, other, page).read_text(encoding="utf-8")
        assert {a["hreflang"]: a["href"] for a in links(twin, "alternate")}[lang] == address(lang, page)
        assert metas(html)["og:url"] == address(lang, page)
        assert metas(html)["og:locale"] == f"{lang}_FI"


def test_long_names_are_shortened_in_the_title_only(built_site, db):
    longest = max(db.projects.values(), key=lambda p: len((p.name.fi if p.name else p.title)))
    name = longest.name.fi if longest.name else longest.title
    assert len(name) > meta.TITLE_MAX, "no project name long enough to test the shortening"
    html = page_file(built_site, "fi", f"{PAGE_DIRS['projects']}/{longest.id}.html").read_text(encoding="utf-8")
    title = unescape(re.search(r"<title>([^<]*)</title>", html)[1])
    shown, _, site = title.rpartition(" - ")
    assert shown.endswith("…") and len(shown) <= meta.TITLE_MAX and name.startswith(shown[:-1].rstrip())
    assert name in text_of(re.search(r"<h1\b.*?</h1>", article(html), re.S)[0])


@pytest.mark.parametrize("lang", LANGS)
def test_structured_data_names_the_publisher_and_the_path_to_the_page(built_site, lang):
    for page in ["actions/ka220-vet.html", "comparisons/then-and-now.html", "quiz.html"]:
        html = page_file(built_site, lang, page).read_text(encoding="utf-8")
        blocks = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]
        types = {b["@type"]: b for b in blocks}
        home = TEST_SITE_URL if lang == "fi" else f"{TEST_SITE_URL}{lang}/"
        assert types["Organization"]["url"] == home
        crumbs = types["BreadcrumbList"]["itemListElement"]
        assert [c["position"] for c in crumbs] == list(range(1, len(crumbs) + 1))
        assert crumbs[0]["item"] == home and crumbs[-1]["item"] == address(lang, page)
        if "/" in page:  # a page in a folder passes through the folder's index page
            assert crumbs[1]["item"] == address(lang, page.rpartition("/")[0] + "/index.html")


def test_json_ld_cannot_be_broken_out_of_by_data():
    hostile = {"name": '</script><script>alert(1)</script><!-- "&amp; \u2028'}
    text = meta.json_for_script(hostile)
    assert "</" not in text and "<!--" not in text and "<" not in text
    assert json.loads(text) == hostile


def test_the_default_build_knows_its_public_address(tmp_path):
    # No KB_SITE_URL: the address in mkdocs.yml makes canonical, hreflang and sitemap absolute.
    env = {k: v for k, v in os.environ.items() if k != "KB_SITE_URL"}
    env.update(KB_OFFLINE="false", NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT / "scripts"))
    site = tmp_path / "site"
    r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                       cwd=ROOT, env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-3000:]
    public = re.search(r'^site_url: !ENV \[KB_SITE_URL, "([^"]+)"\]', (ROOT / "mkdocs.yml").read_text(), re.M)[1]
    assert public.startswith("https://")
    html = (site / "sv" / "quiz.html").read_text(encoding="utf-8")
    assert links(html, "canonical")[0]["href"] == public + "sv/quiz.html"
    assert {a["hreflang"] for a in links(html, "alternate") if a["href"].startswith(public)} == {"fi", "sv", "x-default"}
    locs = re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    assert locs and all(loc.startswith(public) for loc in locs)
    assert f"Sitemap: {public}sitemap.xml" in (site / "robots.txt").read_text(encoding="utf-8").splitlines()
