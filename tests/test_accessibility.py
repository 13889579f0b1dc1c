"""axe-core (from the npm registry, tests/js) finds no WCAG 2.0/2.1 A or AA violation on
any kind of page, in either language: content and record pages, tables, every step of
the quiz and its result, the search results and the 404 page. The pages are chosen
from the built site (browsing.representative_pages), so new kinds are covered too."""
from __future__ import annotations

import json
import re

import pytest

from browsing import (
    axe_violations,
    ensure_axe,
    fill_quiz_step,
    lang_url,
    quiz_button,
    quiz_pages,
    representative_pages,
)
from conftest import missing_tool

pytestmark = pytest.mark.browser

LANGS = ["fi", "sv"]


@pytest.fixture(scope="module")
def axe():
    path = ensure_axe()
    if path is None:
        missing_tool("axe-core is missing: run `npm ci` in tests/js (make test does it)")
    return path


@pytest.fixture(scope="module")
def tab(browser, axe):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="module")
def checked_pages(built_site):
    return representative_pages(built_site)


def test_pages_to_check_cover_every_kind_of_page(built_site, checked_pages):
    top_level = {p for p in checked_pages if "/" not in p}
    assert {"index.html", "accessibility.html"} <= top_level
    folders = {p.rsplit("/", 1)[0] for p in checked_pages if "/" in p}
    # admin/ is the browser editor (Decap CMS), an application for staff, not a page of the site.
    built_folders = {p.parent.name for p in built_site.glob("*/*.html") if p.parent.name not in ("sv", "admin")}
    assert folders == built_folders


@pytest.mark.parametrize("lang", LANGS)
def test_every_kind_of_page_has_no_violations(tab, site_server, checked_pages, lang):
    problems = []
    for page in checked_pages:
        response = tab.goto(lang_url(site_server, lang, page))
        assert response.ok, page
        assert tab.evaluate("document.documentElement.lang") == lang
        problems += [f"{lang}/{page}: {line}" for line in axe_violations(tab)]
    print(f"\naxe: {len(checked_pages)} pages checked in {lang}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_home_page_on_a_phone_has_no_violations(browser, axe, site_server, lang):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(lang_url(site_server, lang, "index.html"))
        page.locator(".md-header label[for='__drawer']").first.click()  # open the navigation drawer
        page.wait_for_timeout(300)
        problems = axe_violations(page)
        assert not problems, "\n".join(problems)
    finally:
        context.close()


def test_404_page_has_no_violations(tab, site_server):
    response = tab.goto(site_server + "no-such-page/at-all.html")
    assert response.status == 404
    assert tab.locator("[lang=fi] h1, [lang=sv] h1, h1").count() >= 1
    # The page's styles load although its address is made up.
    assert tab.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
    problems = axe_violations(tab)
    assert not problems, "\n".join(problems)


def _search_word(built_site, lang: str) -> str:
    """A word from the title of a record page of that language, as a user would type it."""
    index = json.loads((built_site / "search" / f"search_index.{lang}.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        loc = doc["location"]
        if "#" in loc or loc.startswith("sv/") != (lang == "sv") or "/" not in loc.removeprefix("sv/"):
            continue
        words = [w for w in re.findall(r"[^\W\d_]{6,}", doc["title"])]
        if words:
            return words[0].lower()
    raise AssertionError(f"no page title to search for in {lang}")


@pytest.mark.parametrize("lang", LANGS)
def test_search_results_have_no_violations(tab, built_site, site_server, lang):
    tab.goto(lang_url(site_server, lang, "index.html"))
    word = _search_word(built_site, lang)
    tab.locator(".md-search__input").click()
    tab.keyboard.type(word, delay=20)
    results = tab.locator(".md-search-result__item")
    results.first.wait_for(state="visible", timeout=15000)
    assert results.count() >= 1
    assert word in tab.locator(".md-search-result").inner_text().lower()
    problems = axe_violations(tab)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_every_quiz_step_and_the_result_have_no_violations(tab, built_site, site_server, root, lang):
    quizzes = quiz_pages(built_site)
    if not quizzes:
        pytest.fail("the site has no quiz page (no page loads quiz.js)")
    from kb.state import KnowledgeBase

    db = KnowledgeBase(root).get().db
    forward = [db.ui_text(k, lang) for k in ("quiz.continue", "quiz.show_results", "quiz.submit")
               if k in db.ui]
    assert forward, "no quiz button labels in data/ui/quiz.yaml"
    for quiz in quizzes:
        tab.goto(lang_url(site_server, lang, quiz))
        tab.wait_for_load_state("networkidle")
        steps = 0
        problems = []
        while True:
            problems += [f"{lang}/{quiz} step {steps + 1}: {line}" for line in axe_violations(tab)]
            button = quiz_button(tab, forward)
            if button is None:
                break  # the result
            if steps == 0:
                # The error state: continue without answering.
                button.click()
                problems += [f"{lang}/{quiz} step 1 error: {line}" for line in axe_violations(tab)]
            fill_quiz_step(tab)
            before = tab.evaluate("location.hash")
            button.click()
            # The quiz moves on through a hash change; the next step renders after it.
            tab.wait_for_function("h => location.hash !== h", arg=before)
            tab.wait_for_timeout(100)
            steps += 1
            assert steps < 40, "the quiz never reached a result"
        assert steps >= 2, f"{quiz}: the quiz had fewer than two steps"
        assert not problems, "\n".join(problems)
