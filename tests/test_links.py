"""Every internal link and anchor of the built site resolves, in both languages; links out
of the site are listed (printed with `pytest -s`), never fetched. Each page's footer links
to the accessibility statement in the page's own language."""
from __future__ import annotations

import posixpath

import pytest

from conftest import TEST_SITE_URL
from htmlpages import page_file, pages, parse
from kb import linkcheck

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def link_report(built_site):
    return linkcheck.check(built_site, TEST_SITE_URL)


def test_every_internal_link_and_anchor_resolves(link_report, built_site):
    # The crawler really walked both languages and the 404 page.
    html_files = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")}
    assert link_report.pages == len(html_files)
    assert any(f.startswith("sv/") for f in html_files) and "404.html" in html_files
    assert link_report.internal > link_report.pages  # every page links to something
    assert not link_report.broken, "broken links:\n" + "\n".join(map(str, link_report.broken))


def test_external_links_are_listed_not_fetched(link_report, capsys):
    with capsys.disabled():
        print(f"\n{len(link_report.external)} external addresses (not fetched):")
        for address in sorted(link_report.external):
            print(f"  {address}  <- {', '.join(sorted(link_report.external[address])[:3])}")
    for address in link_report.external:
        # Anything on the site's own host must have been checked as internal instead.
        assert not address.startswith(TEST_SITE_URL), address


def test_sitemap_lists_only_pages_that_exist(built_site):
    import re

    xml = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", xml)
    assert locs
    for loc in locs:
        assert loc.startswith(TEST_SITE_URL), loc
        rel = loc[len(TEST_SITE_URL):] or "index.html"
        assert (built_site / rel).is_file() or (built_site / rel / "index.html").is_file(), loc


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_every_page_footer_links_to_the_accessibility_statement(built_site, lang):
    statement = "accessibility.html" if lang == "fi" else "sv/accessibility.html"
    assert (built_site / statement).is_file()
    for page in sorted(pages(built_site, lang)):
        html = page_file(built_site, lang, page).read_text(encoding="utf-8")
        footer = html[html.index('<footer class="md-footer"'):]
        links = [a for a in parse(footer).anchors if a.get("hreflang") == lang]
        assert links, f"{lang}/{page}: no footer link in the page's language"
        here = posixpath.dirname(page if lang == "fi" else f"sv/{page}")
        targets = {posixpath.normpath(posixpath.join(here, a["href"])) for a in links}
        assert statement in targets, (lang, page, targets)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_404_page_links_the_statement_in_its_language(built_site, lang):
    html = (built_site / ("404.html" if lang == "fi" else f"{lang}/404.html")).read_text(encoding="utf-8")
    footer = html[html.index('<footer class="md-footer"'):]
    hrefs = {a.get("hreflang"): a["href"] for a in parse(footer).anchors if a.get("hreflang")}
    base = "/" + TEST_SITE_URL.split("/", 3)[3]
    assert hrefs == {lang: base + ("accessibility.html" if lang == "fi" else f"{lang}/accessibility.html")}


# -- the crawler itself, on a small hand-written site -----------------------------------

def _write(root, rel, body):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<!doctype html><html><body>{body}</body></html>", encoding="utf-8")


def test_crawler_finds_missing_pages_and_anchors_and_lists_external(tmp_path):
    _write(tmp_path, "index.html",
           '<h1 id="top">x</h1><a href="#top">ok</a> <a href="a/b.html#sec">ok</a> <a href="sv/">ok dir</a>'
           ' <a href="missing.html">bad page</a> <a href="a/b.html#nope">bad anchor</a>'
           ' <a href="https://example.org/x">ext</a> <a href="mailto:x@example.org">mail</a>'
           ' <a href="https://erasmus.example.fi/kb/a/b.html">own host</a>')
    _write(tmp_path, "a/b.html", '<h2 id="sec">s</h2><a href="../index.html#top">back</a><img src="../img.png">')
    _write(tmp_path, "sv/index.html", '<a href="../index.html">fi</a>')
    _write(tmp_path, "404.html", '<a href="/kb/a/b.html#sec">abs ok</a> <a href="/elsewhere/">outside</a>')
    report = linkcheck.check(tmp_path, TEST_SITE_URL)
    broken = sorted((b.page, b.address) for b in report.broken)
    assert broken == [("404.html", "/elsewhere/"), ("a/b.html", "../img.png"),
                      ("index.html", "a/b.html#nope"), ("index.html", "missing.html")]
    assert set(report.external) == {"https://example.org/x", "mailto:x@example.org"}
    assert report.pages == 4
