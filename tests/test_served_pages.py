"""Every kind of page in headless Chromium, served by nginx with the deployed configuration
(its Content-Security-Policy included), with the browser's network log and its reports:
no request answers 4xx (Material's sitemap lookups included), no CSP violation (console and
`securitypolicyviolation` events), no script error; on the quiz, the search and the table
column chooser too, while they are used."""
from __future__ import annotations

import re

import pytest

from browsing import fill_quiz_step, lang_url, quiz_button, quiz_pages
from kb import lighthouse
from kb.state import KnowledgeBase

pytestmark = pytest.mark.browser

LANGS = ("fi", "sv")

# Registered before any page script runs (the DevTools protocol is not under the page's CSP).
_LISTEN = """
window.__kbViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__kbViolations.push(
  `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile || ''}:${e.lineNumber || ''})`));
"""


class Watched:
    """A browser tab whose failed requests, console errors and CSP reports are kept."""

    def __init__(self, context):
        self.page = context.new_page()
        self.bad_responses, self.console, self.errors, self.requests = [], [], [], []
        self.expected_status: dict[str, int] = {}
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("response", self._response)
        self.page.on("requestfailed", lambda r: self.bad_responses.append(f"failed {r.url}: {r.failure}"))
        self.page.on("console", lambda m: self.console.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _response(self, response):
        if response.status >= 400 and self.expected_status.get(response.url) != response.status:
            self.bad_responses.append(f"{response.status} {response.url}")

    def problems(self, where: str) -> list[str]:
        violations = self.page.evaluate("window.__kbViolations || []")
        out = [f"{where}: {r}" for r in self.bad_responses]
        out += [f"{where}: CSP violation {v}" for v in violations]
        out += [f"{where}: console error {c}" for c in self.console]
        out += [f"{where}: script error {e}" for e in self.errors]
        out += [f"{where}: asked for {u}" for u in self.requests if u.split("?")[0].endswith("sitemap.xml")]
        self.bad_responses, self.console, self.errors, self.requests = [], [], [], []
        return out


@pytest.fixture
def watched(browser):
    context = browser.new_context()
    context.add_init_script(_LISTEN)
    yield Watched(context)
    context.close()


@pytest.fixture(scope="module")
def db(root):
    return KnowledgeBase(root).get().db


@pytest.mark.parametrize("lang", LANGS)
def test_every_kind_of_page_loads_cleanly(watched, built_site, site_server, lang):
    problems = []
    kinds = lighthouse.page_kinds(built_site)
    assert len(kinds) >= 9
    for kind, page in kinds.items():
        response = watched.page.goto(lang_url(site_server, lang, page))
        assert response.status == 200, page
        watched.page.wait_for_load_state("networkidle")
        problems += watched.problems(f"{lang}/{page}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_the_404_page_loads_cleanly(watched, site_server, lang):
    url = lang_url(site_server, lang, "no-such/page.html")
    watched.expected_status[url] = 404
    response = watched.page.goto(url)
    assert response.status == 404
    assert watched.page.evaluate("document.documentElement.lang") == lang
    watched.page.wait_for_load_state("networkidle")
    # The one 404 is the page's own, which Chromium also logs on the console.
    watched.console.remove("Failed to load resource: the server responded with a status of 404 (Not Found)")
    problems = watched.problems(url)
    assert not problems, "\n".join(problems)


def _search_word(db, lang: str) -> str:
    """A word of an action's name, as a visitor would type it."""
    for action in db.actions.values():
        words = re.findall(r"[^\W\d_]{7,}", action.name[lang])
        if words:
            return words[0].lower()
    raise AssertionError("no action name to search for")


@pytest.mark.parametrize("lang", LANGS)
def test_search_runs_cleanly(watched, db, site_server, lang):
    page = watched.page
    page.goto(lang_url(site_server, lang, "index.html"))
    word = _search_word(db, lang)
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially(word, delay=20)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible", timeout=20000)
    page.wait_for_load_state("networkidle")
    problems = watched.problems(f"{lang} search for {word!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_table_chooser_runs_cleanly(watched, built_site, site_server, lang):
    page = watched.page
    tables = sorted(p.relative_to(built_site).as_posix() for p in (built_site / "comparisons").glob("*.html")
                    if 'class="kb-chooser"' in p.read_text(encoding="utf-8"))
    assert tables, "no table page with a column chooser"
    page.goto(lang_url(site_server, lang, tables[0]))
    chooser = page.locator(".kb-chooser").first
    chooser.wait_for(state="visible")
    boxes = chooser.locator("input[type=checkbox]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    chooser.locator(".kb-chooser-all").click()
    page.wait_for_load_state("networkidle")
    problems = watched.problems(f"{lang}/{tables[0]} chooser")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_quiz_runs_cleanly_to_its_result(watched, built_site, db, site_server, lang):
    page = watched.page
    quizzes = quiz_pages(built_site)
    assert quizzes, "no quiz page"
    forward = [db.ui_text(k, lang) for k in ("quiz.continue", "quiz.show_results", "quiz.submit") if k in db.ui]
    page.goto(lang_url(site_server, lang, quizzes[0]))
    page.wait_for_load_state("networkidle")
    steps = 0
    while (button := quiz_button(page, forward)) is not None:
        fill_quiz_step(page)
        before = page.evaluate("location.hash")
        button.click()
        page.wait_for_function("h => location.hash !== h", arg=before)
        steps += 1
        assert steps < 40, "the quiz never reached a result"
    assert steps >= 2
    problems = watched.problems(f"{lang}/{quizzes[0]} quiz")
    assert not problems, "\n".join(problems)


def test_the_editor_runs_under_its_own_policy(watched, built_site, site_server):
    """/admin/ (Decap CMS) gets the policy it needs and no wider (scripts/server/admin.conf):
    the editor starts and shows its login, with no CSP violation but one: served from
    127.0.0.1, Decap looks for its local backend (decap-server), which the deployed policy
    rightly refuses (on the public host the editor never looks for it)."""
    if not (built_site / "admin" / "index.html").exists():
        pytest.fail("the build has no /admin/: run `npm ci` in scripts/editor (make test does it)")
    page = watched.page
    response = page.goto(site_server + "admin/")
    policy = response.headers["content-security-policy"]
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0], policy
    assert "frame-ancestors 'none'" in policy
    page.get_by_role("button", name=re.compile("Kirjaudu")).wait_for(timeout=30_000)
    local_backend = re.compile(r"https?://(127\.0\.0\.1|localhost):8081")
    problems = [p for p in watched.problems("admin/") if not local_backend.search(p)]
    assert not problems, "\n".join(problems)
