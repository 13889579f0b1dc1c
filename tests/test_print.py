"""Printing: Chromium prints a page to PDF (page.pdf) and the text, read back with
pdftotext (Debian's poppler-utils), holds the page's facts and nothing of the site's
chrome (navigation, header, search, footer). External links print their address; every
table keeps all its columns on the paper's width."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from conftest import missing_tool

from browsing import lang_url
from htmlpages import article, page_file, pages, parse, text_of

pytestmark = pytest.mark.browser

LANGS = ["fi", "sv"]
# A4 (210 mm) less Chromium's default PDF margins (about 1 cm each side), in CSS pixels.
A4_PRINTABLE_WIDTH = 718


@pytest.fixture(scope="module")
def pdftotext():
    path = shutil.which("pdftotext")
    if path is None:
        missing_tool("pdftotext is missing: install Debian's poppler-utils (make test does it as root)")
    return path


@pytest.fixture(scope="module")
def printer(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def squash(text: str) -> str:
    """Text without any white space, so that line breaks on paper do not matter."""
    return re.sub(r"\s+", "", text.replace("\u00ad", ""))


def printed_text(printer, pdftotext, url: str, tmp_path) -> str:
    printer.goto(url)
    printer.wait_for_load_state("networkidle")
    pdf = tmp_path / "page.pdf"
    printer.pdf(path=str(pdf), format="A4", print_background=True)
    out = subprocess.run([pdftotext, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True)
    return out.stdout


def _an_action_page(site) -> str:
    """A current action page: the one with the most facts filled in."""
    best, best_count = None, -1
    for page in sorted(p for p in pages(site, "fi") if p.startswith("actions/") and p != "actions/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        if "kb-previous" in html:
            continue
        count = html.count("data-field=")
        if count > best_count:
            best, best_count = page, count
    assert best, "the site has no action pages"
    return best


def _facts(html: str) -> list[str]:
    """The page's heading, period badge and every value of its facts box."""
    body = article(html)
    facts = [text_of(m) for m in re.findall(r"<h1\b.*?</h1>", body, re.S)[:1]]
    facts += [text_of(m) for m in re.findall(r'<p class="kb-period[^"]*">.*?</p>', body, re.S)]
    for field in re.findall(r'<dd data-field="[^"]+">(.*?)</dd>', body, re.S):
        facts += [text_of(part) for part in re.split(r"<br\s*/?>", field) if text_of(part)]
    return facts


@pytest.mark.parametrize("lang", LANGS)
def test_printed_action_page_holds_its_facts_and_no_chrome(printer, pdftotext, built_site, site_server, tmp_path, lang):
    page = _an_action_page(built_site)
    html = page_file(built_site, lang, page).read_text(encoding="utf-8")
    facts = _facts(html)
    assert len(facts) >= 8, facts
    text = printed_text(printer, pdftotext, lang_url(site_server, lang, page), tmp_path)
    paper = squash(text)
    missing = [f for f in facts if squash(f) not in paper]
    assert not missing, f"{lang}/{page}: facts missing from the print: {missing}"
    # Chrome: the search field, the footer's links and the navigation's page titles
    # that are not part of the page's own text.
    own = squash(text_of(article(html)))
    chrome = [re.sub(r"\s+", " ", t).strip() for t in re.findall(
        r'<a[^>]*class="md-nav__link[^"]*"[^>]*>(.*?)</a>', html, re.S)]
    chrome = [text_of(c) for c in chrome if text_of(c) and squash(text_of(c)) not in own]
    footer = html[html.index('<footer class="md-footer"'):]
    chrome += [text_of(m) for m in re.findall(r"<li lang=[^>]*>(.*?)</li>", footer, re.S)]
    placeholder = re.search(r'class="md-search__input"[^>]*placeholder="([^"]+)"', html)
    if placeholder:
        chrome.append(placeholder.group(1))
    assert chrome, "found no navigation or footer text to look for"
    words = " ".join(text.split())
    printed_chrome = [c for c in chrome if re.search(rf"(?<!\w){re.escape(' '.join(c.split()))}(?!\w)", words)]
    assert not printed_chrome, f"{lang}/{page}: site chrome printed: {printed_chrome}"


@pytest.mark.parametrize("lang", LANGS)
def test_printed_external_links_show_their_address(printer, pdftotext, built_site, site_server, tmp_path, lang):
    # Pages whose own text links out of the site: the statement always does.
    candidates = ["accessibility.html"] + sorted(
        p for p in pages(built_site, lang) if p.startswith("projects/"))[:40]
    checked = 0
    for page in candidates:
        html = page_file(built_site, lang, page).read_text(encoding="utf-8")
        links = [a for a in parse(article(html)).anchors]
        external = [a["href"] for a in links if a.get("href", "").startswith(("http://", "https://"))]
        if not external:
            continue
        text = squash(printed_text(printer, pdftotext, lang_url(site_server, lang, page), tmp_path))
        for href in external:
            assert squash(href) in text, f"{lang}/{page}: {href} not printed"
        # Links inside the site print as text only, with no address.
        for a in links:
            href = a.get("href", "")
            if href and not href.startswith(("http", "mailto:", "#")):
                assert squash(href) not in text, f"{lang}/{page}: internal address {href} printed"
        checked += 1
        if checked == 2:
            break
    assert checked >= 1


def test_printed_tables_keep_every_column(browser, built_site, site_server):
    table_pages = sorted(p for p in pages(built_site, "fi") if "<table" in article((built_site / p).read_text(encoding="utf-8")))
    if not table_pages:
        pytest.fail("the site has no page with a table")
    context = browser.new_context(viewport={"width": A4_PRINTABLE_WIDTH, "height": 1000})
    page = context.new_page()
    page.emulate_media(media="print")
    problems = []
    try:
        for lang in LANGS:
            for path in table_pages:
                page.goto(lang_url(site_server, lang, path))
                report = page.evaluate("""() => {
                  const out = [];
                  const content = document.querySelector('article').getBoundingClientRect();
                  document.querySelectorAll('article table').forEach((table, i) => {
                    // A comparison table of many actions prints as its copies in parts
                    // (.kb-print-part, checked here like any table) instead of squeezed.
                    if (table.matches('[data-kb-print="replaced"]')) return;
                    const r = table.getBoundingClientRect();
                    if (r.width === 0) { out.push(`table ${i + 1} is not printed`); return; }
                    if (r.right > content.right + 1 || r.left < content.left - 1)
                      out.push(`table ${i + 1} is ${Math.round(r.width)}px wide on a ${Math.round(content.width)}px page`);
                    for (let n = table.parentElement; n && n !== document.body; n = n.parentElement) {
                      const s = getComputedStyle(n);
                      if (['hidden', 'auto', 'scroll', 'clip'].includes(s.overflowX) && n.scrollWidth > n.clientWidth + 1)
                        out.push(`table ${i + 1} is cut off by ${n.tagName.toLowerCase()}.${n.className}`);
                    }
                    table.querySelectorAll('th, td').forEach(cell => {
                      const c = cell.getBoundingClientRect();
                      const s = getComputedStyle(cell);
                      if (s.display === 'none' || s.visibility === 'hidden')
                        out.push(`table ${i + 1}: column "${cell.innerText.slice(0, 30)}" hidden in print`);
                      else if (c.right > content.right + 1)
                        out.push(`table ${i + 1}: cell "${cell.innerText.slice(0, 30)}" beyond the page edge`);
                    });
                  });
                  return [...new Set(out)];
                }""")
                problems += [f"{lang}/{path}: {line}" for line in report]
    finally:
        context.close()
    assert not problems, "\n".join(problems)
