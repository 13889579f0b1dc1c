"""The offline bundle (`make offline`) works unpacked from file:// with no network at all,
and the public site loads nothing from any host but its own.

The bundle is the real zip made by kb.bundle (conftest: offline_zip, unpacked once as
offline_site); the public site is the real hosted build served on 127.0.0.1 (site_server).
In the browser every request is recorded and anything that would leave the bundle or the
site's own host is refused, so a page that needs the network fails here as it would at a
fair with no connection.
"""
from __future__ import annotations

import json
import os
import posixpath
import re
import subprocess
import sys
import zipfile
from datetime import date, datetime, timezone
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest

from browsing import lang_url, representative_pages
from conftest import TEST_SITE_URL, copy_project
from htmlpages import page_file, pages, parse, text_of
from kb import bundle
from kb.state import KnowledgeBase

pytestmark = pytest.mark.browser

LANGS = ("fi", "sv")
OTHER = {"fi": "sv", "sv": "fi"}

# Searching an inflected word finds the page that has only other forms of it: the
# Finnish genitive plural "kumppanuushankkeiden" finds KA220-VET ("Kumppanuushankkeet"),
# the Swedish definite plural "partnerskapen" finds KA210-VET ("Småskaliga partnerskap").
STEMMED_SEARCHES = [
    ("fi", "kumppanuushankkeiden", "actions/ka220-vet.html"),
    ("sv", "partnerskapen", "actions/ka210-vet.html"),
]

# One run of the quiz: a small vocational partnership. Questions the quiz adds for these
# answers get its first choice; the result is compared with the reference evaluator.
QUIZ_ANSWERS = {"project_kind": "cooperation", "sector": "vet", "organisations": 3, "countries": 3,
                "third_country_partners": False, "duration_months": 12}


# -- the zip ---------------------------------------------------------------------------

def _is_commit(root: Path, sha: str) -> bool:
    return subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{sha}^{{commit}}"], cwd=root,
                          capture_output=True).returncode == 0


def test_zip_is_named_with_version_and_build_date(offline_zip, root):
    m = re.fullmatch(r"erasmus-kb-(?P<version>[A-Za-z0-9.+_-]+)-(?P<day>\d{8})\.zip", offline_zip.name)
    assert m, offline_zip.name
    if not os.environ.get("KB_VERSION") and (root / ".git").exists():
        # `git describe --tags --always --dirty`: a tag, tag-N-g<commit> or <commit>, then
        # -dirty for uncommitted changes; a tag's leading "v" is dropped.
        core = m["version"].removesuffix("-dirty")
        commit = re.fullmatch(r"(?:.+-\d+-g)?([0-9a-f]{7,40})", core)
        ref = commit[1] if commit else core
        assert _is_commit(root, ref) or _is_commit(root, "v" + ref), m["version"]
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    day = datetime.fromtimestamp(int(epoch), tz=timezone.utc).date() if epoch else date.today()
    assert m["day"] == f"{day:%Y%m%d}"


def test_a_new_bundle_replaces_the_previous_one(offline_zip):
    assert sorted(p.name for p in offline_zip.parent.iterdir()) == [offline_zip.name]


def test_version_and_date_can_be_set_for_a_release(root, monkeypatch):
    monkeypatch.setenv("KB_VERSION", "v2.1.0")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00 UTC
    assert bundle.bundle_name(bundle.version(root), bundle.build_date()) == "erasmus-kb-2.1.0-20260101.zip"


def test_a_page_that_needs_the_network_stops_the_bundle_and_keeps_the_old_zip(tmp_path):
    project = copy_project(tmp_path / "project")
    for lang, title in (("fi", "Logo"), ("sv", "Logotyp")):
        (project / "content" / f"logo.{lang}.md").write_text(
            f'# {title}\n\n<img src="https://cdn.example.com/logo.png" alt="{title}">\n', encoding="utf-8")
    dist = tmp_path / "dist"
    dist.mkdir()
    old = dist / "erasmus-kb-1.0-20260101.zip"
    old.write_bytes(b"the previous bundle")
    with pytest.raises(bundle.BundleError) as failure:
        bundle.make_bundle(project, dist)
    assert "logo.html: loads https://cdn.example.com/logo.png from outside the bundle" in str(failure.value)
    assert "sv/logo.html: loads https://cdn.example.com/logo.png" in str(failure.value)
    assert sorted(p.name for p in dist.iterdir()) == [old.name]  # no new zip, nothing half-written
    assert old.read_bytes() == b"the previous bundle"


def test_zip_opens_on_the_finnish_home_page_with_a_read_me_beside_it(offline_zip, built_site):
    with zipfile.ZipFile(offline_zip) as zf:
        names = set(zf.namelist())
        home = zf.read("index.html").decode("utf-8")
        sv_home = zf.read("sv/index.html").decode("utf-8")
    assert {"index.html", "sv/index.html", bundle.README_NAME} <= names  # at the root, no folder around
    assert parse(home).html_lang == "fi" and parse(sv_home).html_lang == "sv"

    def title(html: str) -> str:
        return re.search(r"<title>(.*?)</title>", html, re.S)[1]
    assert title(home) == title((built_site / "index.html").read_text(encoding="utf-8"))


def test_read_me_says_how_to_open_it_in_finnish_and_swedish(offline_zip, root):
    with zipfile.ZipFile(offline_zip) as zf:
        raw = zf.read(bundle.README_NAME)
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte order mark, for Notepad
    text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    db = KnowledgeBase(root).get().db
    version = re.fullmatch(r"erasmus-kb-(.+)-\d{8}\.zip", offline_zip.name)[1]
    for lang in LANGS:
        for key in bundle.README_KEYS:
            template = db.ui_text(key, lang)
            fixed = re.split(r"\{\w+\}", template)[0]  # the words before any placeholder
            assert fixed.strip() and fixed.strip() in text, (lang, key)
    assert "index.html" in text and version in text
    assert text.index(db.ui_text("offline.readme.title", "fi")) < text.index(db.ui_text("offline.readme.title", "sv"))


def test_bundle_holds_every_page_of_both_languages(offline_site, built_site):
    for lang in LANGS:
        assert pages(offline_site, lang) == pages(built_site, lang), lang
    # Left out as useless without a web server: source maps, 404 page, sitemaps, JSON index.
    assert not list(offline_site.rglob("*.map"))
    for name in ("404.html", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json",
                 "search/search_index.js", *(f"search/search_index.{lang}.json" for lang in LANGS)):
        assert not (offline_site / name).exists(), name


# -- what the pages load and link to ----------------------------------------------------

def test_nothing_loads_from_outside_the_bundle_and_every_local_link_is_a_file(offline_site):
    assert bundle.check_bundle(offline_site) == []


def test_bundle_check_finds_outside_loads_missing_files_and_absolute_alternates(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "ok.css").write_text("a{background:url(data:image/png;base64,AA==)}", encoding="utf-8")
    (tmp_path / "bad.css").write_text("@import url(https://fonts.example.com/x.css);\n"
                                      "b{background:url('img/gone.png')}", encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="ok.css"><link rel="stylesheet" href="bad.css">'
        '<link rel="alternate" hreflang="sv" href="https://kb.example.fi/sv/">'
        '<script src="https://unpkg.com/iframe-worker/shim"></script>'
        '<link rel="preconnect" href="//fonts.gstatic.com">'
        '<img srcset="pic.png 1x, /abs.png 2x">'
        '<a href="https://ec.europa.eu/">source</a><a href="sub/">folder</a><a href="ok.css#x">ok</a>'
        '<div style="background:url(http://cdn.example.com/a.png)"></div>', encoding="utf-8")
    assert bundle.check_bundle(tmp_path) == [
        "bad.css: loads https://fonts.example.com/x.css from outside the bundle",
        "bad.css: loads img/gone.png, which is not in the bundle",
        "index.html: loads https://unpkg.com/iframe-worker/shim from outside the bundle",
        "index.html: loads //fonts.gstatic.com from outside the bundle",
        "index.html: loads pic.png, which is not in the bundle",
        "index.html: loads /abs.png from outside the bundle",
        "index.html: loads http://cdn.example.com/a.png from outside the bundle",
        "index.html: <link> to https://kb.example.fi/sv/ is not relative",
        "index.html: links to sub/, which is not a file in the bundle",
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_language_links_and_alternates_are_relative_and_lead_to_the_twin(offline_site, lang):
    other = OTHER[lang]
    for page in sorted(pages(offline_site, lang)):
        here = page if lang == "fi" else f"sv/{page}"
        twin = page if other == "fi" else f"sv/{page}"
        doc = parse(page_file(offline_site, lang, page).read_text(encoding="utf-8"))
        assert not [l for l in doc.links if l.get("rel") == "canonical"], f"{here}: canonical needs a site address"
        alternates = {l["hreflang"]: l["href"] for l in doc.links if l.get("rel") == "alternate" and "hreflang" in l}
        switch = {a["hreflang"]: a["href"] for a in doc.anchors
                  if "md-select__link" in a.get("class", "") and "hreflang" in a}
        for name, links in (("alternate", alternates), ("language switch", switch)):
            assert set(links) == set(LANGS), f"{here}: {name} {links}"
            for hreflang, href in links.items():
                assert not urlsplit(href).scheme and not href.startswith("/"), f"{here}: {name} {href}"
                target = posixpath.normpath(posixpath.join(posixpath.dirname(here), href))
                assert target == (twin if hreflang == other else here), f"{here}: {name} {href}"


@pytest.mark.parametrize("lang", LANGS)
def test_search_index_is_one_script_per_language_with_every_page_of_it(offline_site, lang):
    # One index per language, as a script (file:// pages cannot fetch JSON): a page
    # loads its own language's only (kb-search-loader.js).
    script = (offline_site / "search" / f"search_index.{lang}.js").read_text(encoding="utf-8")
    assert script.startswith("var __index = ")
    index = json.loads(script[len("var __index = "):])
    assert index["config"]["lang"] == [lang]
    assert "stemmer" in index["config"]["pipeline"]
    locations = {d["location"].partition("#")[0] for d in index["docs"]}
    expected = {p if lang == "fi" else f"sv/{p}" for p in pages(offline_site, lang)}
    assert locations == expected, (sorted(expected - locations)[:5], sorted(locations - expected)[:5])
    lunr = offline_site / "assets" / "javascripts" / "lunr" / "min"
    for name in ("lunr.stemmer.support", f"lunr.{lang}"):
        assert (lunr / f"{name}.min.js").is_file(), name


def test_search_worker_and_iframe_worker_shim_come_from_the_bundle(offline_site):
    shim = "assets/javascripts/iframe-worker/shim.js"
    assert (offline_site / shim).is_file() and (offline_site / shim).with_name("LICENSE").is_file()
    for lang in LANGS:
        for page in sorted(pages(offline_site, lang)):
            here = page if lang == "fi" else f"sv/{page}"
            html = (offline_site / here).read_text(encoding="utf-8")
            scripts = re.findall(r'<script src="([^"]+)"', html)
            resolved = [posixpath.normpath(posixpath.join(posixpath.dirname(here), s)) for s in scripts]
            assert shim in resolved, f"{here}: no iframe-worker shim"
            bundle_js = next(i for i, s in enumerate(resolved) if re.search(r"/bundle\.\w+\.min\.js$", s))
            assert resolved.index(shim) < bundle_js, f"{here}: the shim must run before Material's bundle"
            config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                                          html, re.S)[1])
            worker = urlsplit(config["search"])
            assert worker.path.endswith("workers/kb-search.js"), f"{here}: {config['search']}"
            material = dict(parse_qsl(worker.query))["material"]
            folder = posixpath.dirname(posixpath.normpath(posixpath.join(posixpath.dirname(here), worker.path)))
            assert (offline_site / folder / material).is_file(), f"{here}: {material} is missing"


# -- in the browser: file:// with the network refused ------------------------------------

class Recorder:
    """Records every request of a browser context; refuses the ones `allowed` rejects."""

    def __init__(self, context, allowed):
        self.allowed = allowed
        self.requested: list[str] = []
        self.refused: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        context.route("**/*", self._route)
        context.on("requestfailed", self._failed)
        context.on("page", lambda page: page.on("pageerror", lambda e: self.errors.append(str(e))))

    def _route(self, route):
        url = route.request.url
        self.requested.append(url)
        if self.allowed(url):
            route.continue_()
        else:
            self.refused.append(url)
            route.abort()

    def _failed(self, request):
        # Material probes for sitemap.xml next to each language version (for its own
        # version switch). The bundle has none (a sitemap needs a site address), and
        # browsers refuse XHR on file:// anyway; Material then falls back to the plain
        # language link, which is the one tested here. Anything else must load.
        # The tab's icon is fetched on the side: when the test moves on to the next page
        # first, the browser drops it (ERR_ABORTED), which says nothing about the bundle
        # (a missing file is ERR_FILE_NOT_FOUND, still a failure).
        if request.url.split("?")[0].endswith("favicon.png") and "ERR_ABORTED" in (request.failure or ""):
            return
        if self.allowed(request.url) and not request.url.split("?")[0].endswith("sitemap.xml"):
            self.failed.append(f"{request.url}: {request.failure}")

    def clear(self):
        for log in (self.requested, self.refused, self.failed, self.errors):
            log.clear()


@pytest.fixture
def offline_tab(browser, offline_site):
    context = browser.new_context()
    recorder = Recorder(context, lambda url: url.startswith("file:") or url.startswith(("data:", "blob:")))
    page = context.new_page()
    page.recorder = recorder
    yield page
    context.close()


def file_url(site: Path, lang: str, page: str) -> str:
    return page_file(site, lang, page).resolve().as_uri()


def site_path(site: Path, url: str) -> str:
    """'sv/actions/x.html' from a file:// URL inside the bundle (query and fragment dropped)."""
    path = unquote(urlsplit(url).path)
    return Path(path).resolve().relative_to(site.resolve()).as_posix()


_BROKEN_MEDIA = """() => ({
  images: [...document.images].filter(i => i.loading !== 'lazy' && !(i.complete && i.naturalWidth > 0))
                             .map(i => i.currentSrc || i.src),
  fonts: [...document.fonts].filter(f => f.status === 'error').map(f => f.family),
})"""


def assert_clean(page, what: str) -> None:
    r = page.recorder
    assert not r.refused, f"{what}: requests outside the bundle: {r.refused}"
    assert not r.failed, f"{what}: failed to load: {r.failed}"
    assert not r.errors, f"{what}: script errors: {r.errors}"
    broken = page.evaluate(_BROKEN_MEDIA)
    assert broken == {"images": [], "fonts": []}, f"{what}: {broken}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_kind_of_page_opens_from_file_with_no_network(offline_tab, offline_site, lang):
    for page in representative_pages(offline_site):
        offline_tab.recorder.clear()
        offline_tab.goto(file_url(offline_site, lang, page))
        offline_tab.wait_for_load_state("load")
        assert offline_tab.locator("article h1").count() == 1, page
        assert offline_tab.evaluate("document.documentElement.lang") == lang, page
        assert_clean(offline_tab, f"{lang}/{page}")
    assert offline_tab.recorder.requested, "nothing was recorded: the recorder does not see requests"


def test_navigation_leads_from_the_home_page_to_every_top_level_page(offline_tab, offline_site):
    offline_tab.goto(file_url(offline_site, "fi", "index.html"))
    nav = offline_tab.locator("nav.md-nav--primary > ul > li > a.md-nav__link, "
                              "nav.md-nav--primary > ul > li > .md-nav__container > a.md-nav__link")
    targets = nav.evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert len(targets) >= 3, targets
    for href in targets:
        offline_tab.goto(file_url(offline_site, "fi", "index.html"))
        offline_tab.locator(f'nav.md-nav--primary a.md-nav__link[href="{href}"]').first.click()
        offline_tab.wait_for_load_state("load")
        assert site_path(offline_site, offline_tab.url) == posixpath.normpath(href), href
        assert offline_tab.locator("article h1").count() == 1, href
        assert_clean(offline_tab, href)


def _deepest_record_page(site: Path) -> str:
    record_pages = sorted(p for p in pages(site, "fi") if p.startswith("projects/")) or \
        sorted(p for p in pages(site, "fi") if p.startswith("actions/"))
    return record_pages[0]


def test_language_switch_on_a_deep_page_lands_on_its_twin(offline_tab, offline_site):
    page = _deepest_record_page(offline_site)
    offline_tab.goto(file_url(offline_site, "fi", page))
    h1_fi = offline_tab.inner_text("article h1")
    for lang, expected in (("sv", f"sv/{page}"), ("fi", page)):
        offline_tab.hover(".md-header__option .md-select")
        offline_tab.locator(f"a.md-select__link[hreflang={lang}]").click()
        offline_tab.wait_for_load_state("load")
        assert site_path(offline_site, offline_tab.url) == expected
        assert offline_tab.evaluate("document.documentElement.lang") == lang
    assert offline_tab.inner_text("article h1") == h1_fi
    assert_clean(offline_tab, page)


def _search(tab, query: str) -> list[str]:
    """Type `query` into Material's search like a reader; the result links' hrefs."""
    config = json.loads(tab.inner_text("#__config"))
    ready = config["translations"]["search.result.placeholder"]
    tab.click("input.md-search__input")
    # Over file:// the index is set up when search opens; then the placeholder shows.
    tab.wait_for_function("t => document.querySelector('.md-search-result__meta').textContent.trim() === t",
                          arg=ready, timeout=15000)
    tab.locator("input.md-search__input").press_sequentially(query, delay=20)
    tab.wait_for_function(
        "t => { const m = document.querySelector('.md-search-result__meta').textContent.trim();"
        "       return m !== t && document.querySelector('.md-search__input').value.length > 0 }",
        arg=ready, timeout=15000)
    tab.wait_for_timeout(300)  # the last keystroke's results
    # Material shows ten results and renders more as the list scrolls: scroll to the end.
    items = ".md-search-result__item > a.md-search-result__link"
    count, still = -1, 0
    while still < 3:
        tab.eval_on_selector(".md-search__scrollwrap", "el => el.scrollTo(0, el.scrollHeight)")
        tab.wait_for_timeout(100)
        now = tab.locator(items).count()
        count, still = now, (still + 1 if now == count else 0)
    return tab.eval_on_selector_all(items, "els => els.map(a => a.href)")


@pytest.mark.parametrize("lang,query,expected", STEMMED_SEARCHES)
def test_search_finds_the_base_form_of_an_inflected_word_with_its_language_stemmer(
        offline_tab, offline_site, lang, query, expected):
    page_text = text_of(page_file(offline_site, lang, expected).read_text(encoding="utf-8")).lower()
    assert query not in page_text, "pick a word form that the page does not have: this tests the stemmer"
    offline_tab.goto(file_url(offline_site, lang, "index.html"))
    found = [site_path(offline_site, href) for href in _search(offline_tab, query)]
    own = expected if lang == "fi" else f"sv/{expected}"
    assert own in found, found
    assert all(p.startswith("sv/") == (lang == "sv") for p in found), f"other language's pages: {found}"
    loaded = {url.rsplit("/", 1)[-1] for url in offline_tab.recorder.requested}
    assert {f"search_index.{lang}.js", "lunr.stemmer.support.min.js", f"lunr.{lang}.min.js"} <= loaded, sorted(loaded)
    assert f"search_index.{OTHER[lang]}.js" not in loaded and "search_index.js" not in loaded, sorted(loaded)
    assert_clean(offline_tab, f"search {query}")


# A word both languages use on most pages: what a search for it returns shows whether
# the other language's half of the (shared) index is kept out.
SHARED_WORD = "Erasmus"


def _in_language(paths: list[str], lang: str) -> bool:
    return all(p.startswith("sv/") == (lang == "sv") for p in paths)


def _result_count(tab) -> int:
    """The number of matching pages Material reports ("75 täsmäävää dokumenttia")."""
    return int(re.search(r"\d+", tab.inner_text(".md-search-result__meta"))[0])


def _assert_results_in_own_language(tab, found: list[str], lang: str) -> None:
    assert found and _result_count(tab) >= 20, found
    assert _in_language(found, lang), f"other language's pages: {found}"


@pytest.mark.parametrize("lang", LANGS)
def test_search_offline_returns_the_pages_of_the_page_language_only(offline_tab, offline_site, lang):
    offline_tab.goto(file_url(offline_site, lang, "index.html"))
    found = [site_path(offline_site, href) for href in _search(offline_tab, SHARED_WORD)]
    _assert_results_in_own_language(offline_tab, found, lang)
    assert_clean(offline_tab, f"search {SHARED_WORD}")


def _table_pages(site: Path) -> list[str]:
    return sorted(p for p in pages(site, "fi") if "data-kb-table=" in (site / p).read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", LANGS)
def test_comparison_tables_and_their_column_chooser_work_offline(offline_tab, offline_site, lang):
    table_pages = _table_pages(offline_site)
    assert table_pages, "no comparison table in the bundle"
    choosers = 0
    for page in table_pages:
        offline_tab.recorder.clear()
        offline_tab.goto(file_url(offline_site, lang, page))
        for box in offline_tab.locator("[data-kb-table]").all():
            assert box.locator("tbody tr").count() > 0, page
            chooser = box.locator(".kb-chooser")
            if not chooser.count():
                continue  # a table without columns to choose
            choosers += 1
            assert chooser.is_visible(), f"{page}: tables.js did not run"
            first = chooser.locator("input[type=checkbox]").first
            chosen = first.get_attribute("value")
            first.check()
            shown = box.locator("[data-col]").evaluate_all(
                "cells => [...new Set(cells.filter(c => !c.hidden).map(c => c.dataset.col))]")
            assert shown == [chosen], f"{page}: after choosing {chosen}, columns shown: {shown}"
        assert_clean(offline_tab, f"{lang}/{page}")
    assert choosers, "no table with a column chooser was tried"


def _reference_fits(root: Path, answers: dict) -> set[str]:
    """Actions the reference evaluator (kb.quiz, `make quiz`) finds eligible."""
    env = {**os.environ, "ANSWERS": json.dumps(answers), "PYTHONPATH": str(root / "scripts")}
    out = subprocess.run([sys.executable, "-m", "kb.quiz"], cwd=root, env=env, capture_output=True,
                         text=True, check=True).stdout
    return {a["id"] for a in json.loads(out) if a["eligible"]}


def _answers_from_url(url: str) -> dict:
    def value(v: str):
        return {"true": True, "false": False}.get(v, int(v) if re.fullmatch(r"-?\d+", v) else v)
    return {k: value(v) for k, v in parse_qsl(urlsplit(url).fragment) if k not in ("step", "return")}


def run_quiz(tab, answers: dict) -> dict:
    """Answer the quiz step by step like a reader, then open its result; the answers given."""
    from browsing import fill_quiz_step

    for _ in range(30):
        form = tab.locator(".kb-quiz__form")
        if not form.count():
            break
        key = form.get_attribute("data-step")
        if key in answers:
            wanted = answers[key]
            if isinstance(wanted, bool):
                wanted = "true" if wanted else "false"
            radio = form.locator(f'input[type=radio][value="{wanted}"]')
            if radio.count():
                radio.check()
            else:
                form.locator("input:not([type=radio]):not([type=checkbox])").first.fill(str(wanted))
        else:
            fill_quiz_step(tab)
        form.locator(".kb-quiz__continue").click()
        # The quiz moves on through a hash change, which renders the next step after
        # the click returns: wait for it, or the old form is read again.
        tab.wait_for_function(
            "key => { const f = document.querySelector('.kb-quiz__form'); return !f || f.dataset.step !== key; }",
            arg=key)
    tab.locator(".kb-quiz__submit").click()
    tab.locator(".kb-quiz__fits").wait_for()
    return _answers_from_url(tab.url)


@pytest.mark.parametrize("lang", LANGS)
def test_quiz_runs_to_its_result_offline_as_the_reference_evaluator_says(offline_tab, offline_site, root, lang):
    quiz = next((p for p in representative_pages(offline_site) if p.startswith("quiz")), None)
    assert quiz, "no quiz page in the bundle"
    offline_tab.goto(file_url(offline_site, lang, quiz))
    given = run_quiz(offline_tab, QUIZ_ANSWERS)
    assert {k: given[k] for k in QUIZ_ANSWERS} == QUIZ_ANSWERS
    fits = offline_tab.locator(".kb-quiz__fits [data-action]").evaluate_all("els => els.map(e => e.dataset.action)")
    assert fits and set(fits) == _reference_fits(Path(root), given)
    # The first fitting action's page opens from the bundle.
    offline_tab.locator(".kb-quiz__fits [data-action] a").first.click()
    offline_tab.wait_for_load_state("load")
    assert site_path(offline_site, offline_tab.url) == (f"actions/{fits[0]}.html" if lang == "fi"
                                                        else f"sv/actions/{fits[0]}.html")
    assert_clean(offline_tab, f"{lang} quiz")


# -- the public site, served on 127.0.0.1 -------------------------------------------------

# The hosted build knows its public address (site_url), and Material asks it for the
# sitemap of each language version: in production that is the site's own host.
OWN_PUBLIC_ORIGIN = "{0.scheme}://{0.netloc}/".format(urlsplit(TEST_SITE_URL))
PAGE_KINDS = {  # what the public check must cover: page kind -> how to recognise its path
    "home": r"index\.html", "key action": r"key-actions/.+", "action": r"actions/.+",
    "activity type": r"activity-types/.+", "theme": r"themes/.+", "project": r"projects/.+",
    "tables": r"comparisons/.+", "quiz": r"quiz\.html", "glossary": r"glossary(/.+|\.html)",
}


@pytest.fixture
def public_tab(browser, site_server):
    own = site_server.split("/kb/")[0] + "/"
    context = browser.new_context()
    recorder = Recorder(context, lambda url: url.startswith(own) or url.startswith(("data:", "blob:")))
    page = context.new_page()
    page.recorder = recorder
    yield page
    context.close()


def assert_only_own_host(tab, what: str) -> None:
    r = tab.recorder
    others = [u for u in r.refused if not u.startswith(OWN_PUBLIC_ORIGIN)]
    assert not others, f"{what}: requests to other hosts: {others}"
    assert not r.failed, f"{what}: failed to load: {r.failed}"
    assert not r.errors, f"{what}: script errors: {r.errors}"


def one_page_per_kind(site: Path) -> list[str]:
    """The first of the representative pages of each kind: a top-level page, a folder's
    index, one record page per folder. Every page, not only these, is checked statically
    (test_no_public_page_or_stylesheet_loads_from_another_host)."""
    chosen: dict[str, str] = {}
    for page in representative_pages(site):
        folder, _, name = page.rpartition("/")
        chosen.setdefault(page if (not folder or name == "index.html") else folder, page)
    return list(chosen.values())


def test_public_check_covers_every_kind_of_page(built_site):
    chosen = one_page_per_kind(built_site)
    missing = [kind for kind, pattern in PAGE_KINDS.items() if not any(re.fullmatch(pattern, p) for p in chosen)]
    assert not missing, f"no page of these kinds on the site: {missing}"


def test_no_public_page_or_stylesheet_loads_from_another_host(built_site):
    own = urlsplit(TEST_SITE_URL)
    others = []
    for ref in bundle.references(built_site):
        for url in ref.loaded:
            parts = urlsplit(url)
            if (parts.scheme in ("", "data") and not parts.netloc) or (parts.scheme, parts.netloc) == (own.scheme, own.netloc):
                continue
            others.append(f"{ref.file}: {url}")
    assert not others


def test_public_site_does_not_load_the_file_url_shim(built_site):
    # Only the offline bundle needs the iframe-worker shim; the web pages run search in
    # a real Worker (our kb-search.js, which loads Material's).
    for lang in LANGS:
        html = page_file(built_site, lang, "index.html").read_text(encoding="utf-8")
        assert "iframe-worker" not in html and "workers/kb-search.js?lang=" in html, lang


@pytest.mark.parametrize("lang", LANGS)
def test_public_pages_load_nothing_from_other_hosts(public_tab, built_site, site_server, lang):
    for page in one_page_per_kind(built_site):
        public_tab.recorder.clear()
        response = public_tab.goto(lang_url(site_server, lang, page))
        assert response.ok, page
        public_tab.wait_for_load_state("networkidle")
        assert_only_own_host(public_tab, f"{lang}/{page}")
    assert public_tab.recorder.requested


@pytest.mark.parametrize("lang", LANGS)
def test_public_search_results_and_404_load_nothing_from_other_hosts(public_tab, site_server, lang):
    # The same stemmed search as offline, here through a real Worker instead of the iframe.
    [(query, expected)] = [(q, e) for l, q, e in STEMMED_SEARCHES if l == lang]
    public_tab.goto(lang_url(site_server, lang, "index.html"))
    found = _search(public_tab, query)
    assert lang_url(site_server, lang, expected) in [h.split("?")[0] for h in found], found
    public_tab.goto(found[0])
    public_tab.wait_for_load_state("networkidle")
    assert_only_own_host(public_tab, f"search {query}")
    public_tab.recorder.clear()
    response = public_tab.goto(lang_url(site_server, lang, "no-such-page.html"))
    assert response.status == 404
    public_tab.wait_for_load_state("networkidle")
    assert public_tab.locator("h1").count() >= 1
    assert_only_own_host(public_tab, "404 page")


def _site_path(base: str, href: str) -> str:
    return href.split("?")[0].split("#")[0].removeprefix(base)


@pytest.mark.parametrize("lang", LANGS)
def test_public_search_returns_the_pages_of_the_page_language_only(public_tab, site_server, lang):
    public_tab.goto(lang_url(site_server, lang, "actions/ka220-vet.html"))
    found = [_site_path(site_server, h) for h in _search(public_tab, SHARED_WORD)]
    _assert_results_in_own_language(public_tab, found, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_public_search_on_the_404_page_stays_in_its_language(public_tab, site_server, lang):
    # One 404 page per language (nginx answers /sv/... with the Swedish one): its search
    # finds the pages of its language.
    public_tab.goto(lang_url(site_server, lang, "no-such-page.html"))
    found = [_site_path(site_server, h) for h in _search(public_tab, SHARED_WORD)]
    assert found and all(p.startswith("sv/") == (lang == "sv") for p in found), found


def test_public_quiz_result_loads_nothing_from_other_hosts(public_tab, built_site, site_server):
    quiz = next((p for p in representative_pages(built_site) if p.startswith("quiz")), None)
    assert quiz, "no quiz page on the site"
    public_tab.goto(lang_url(site_server, "fi", quiz))
    run_quiz(public_tab, QUIZ_ANSWERS)
    public_tab.wait_for_load_state("networkidle")
    assert public_tab.locator(".kb-quiz__fits [data-action]").count() > 0
    assert_only_own_host(public_tab, "quiz result")


# -- the search index is loaded when the search is used, and only the page's language ------

def _index_requests(recorder) -> list[str]:
    return [u.split("?")[0].rsplit("/", 1)[-1] for u in recorder.requested if "/search/search_index" in u]


def _open_search_and_type(tab, word: str) -> None:
    tab.click("input.md-search__input")
    tab.locator("input.md-search__input").press_sequentially(word, delay=20)
    tab.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0", timeout=30000)


@pytest.mark.parametrize("lang", LANGS)
def test_public_page_loads_no_search_index_until_search_is_used_then_only_its_language(
        public_tab, built_site, site_server, lang):
    for page in ("index.html", "actions/ka220-vet.html"):
        public_tab.recorder.clear()
        public_tab.goto(lang_url(site_server, lang, page))
        public_tab.wait_for_load_state("networkidle")
        public_tab.wait_for_timeout(300)
        assert _index_requests(public_tab.recorder) == [], f"{lang}/{page}: index loaded before use"
    _open_search_and_type(public_tab, SHARED_WORD)
    assert _index_requests(public_tab.recorder) == [f"search_index.{lang}.json"]
    assert not (built_site / "search" / "search_index.json").exists(), "the index of every language is published"
    assert_only_own_host(public_tab, f"{lang} search")


@pytest.mark.parametrize("lang", LANGS)
def test_offline_page_loads_no_search_index_until_search_is_used_then_only_its_language(
        offline_tab, offline_site, lang):
    offline_tab.goto(file_url(offline_site, lang, "index.html"))
    offline_tab.wait_for_load_state("load")
    offline_tab.wait_for_timeout(300)
    assert _index_requests(offline_tab.recorder) == []
    _open_search_and_type(offline_tab, SHARED_WORD)
    assert _index_requests(offline_tab.recorder) == [f"search_index.{lang}.js"]
    assert_clean(offline_tab, f"{lang} search")


@pytest.mark.parametrize("lang", LANGS)
def test_404_page_loads_its_language_index_only_when_search_is_used(public_tab, site_server, lang):
    public_tab.goto(lang_url(site_server, lang, "no-such-page.html"))
    public_tab.wait_for_load_state("networkidle")
    assert _index_requests(public_tab.recorder) == []
    _open_search_and_type(public_tab, SHARED_WORD)
    assert _index_requests(public_tab.recorder) == [f"search_index.{lang}.json"]
