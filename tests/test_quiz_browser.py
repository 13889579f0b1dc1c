"""The quiz page in headless Chromium, in both languages: answering one question at a
time, errors, the back link, a change link on "check your answers", the result
(checked against the reference evaluator), a shared address, the browser's back
button, the keyboard, a 320 px screen, no JavaScript, and the offline files over file://."""
from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from htmlpages import article, page_file
from kb.quiz import compile_rules, evaluate, fill
from kb.state import KnowledgeBase

pytestmark = pytest.mark.browser

LANGS = ["fi", "sv"]


@pytest.fixture(scope="module")
def db(root):
    return KnowledgeBase(root).get().db


@pytest.fixture(scope="module")
def rules(db):
    return {lang: compile_rules(db, lang) for lang in LANGS}


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(f"{e}\n{e.stack}"))
    yield tab
    context.close()
    quiz_errors = [e for e in errors if "quiz" in e]
    assert not quiz_errors, quiz_errors


def quiz_url(base: str, lang: str) -> str:
    return base + ("quiz.html" if lang == "fi" else "sv/quiz.html")


def file_url(site, lang: str) -> str:
    return page_file(site, lang, "quiz.html").as_uri()


class Quiz:
    """Drives the quiz like a user, with the texts of the page's language."""

    def __init__(self, page, rules: dict):
        self.page = page
        self.rules = rules
        self.t = rules["text"]
        self.questions = {q["key"]: q for q in rules["questions"]}

    def heading(self) -> str:
        return self.page.locator("[data-heading]").inner_text().strip()

    def focused_text(self) -> str:
        return self.page.evaluate("document.activeElement && document.activeElement.textContent.trim()")

    def wait_for(self, key: str) -> None:
        legend = self.questions[key]["legend"] if key in self.questions else self.t[key]
        self.page.locator("[data-heading]", has_text=legend).wait_for()

    def answer(self, key: str, value) -> None:
        self.wait_for(key)
        q = self.questions[key]
        if q["type"] == "int":
            self.page.locator("#kb-quiz-input").fill("" if value is None else str(value))
        else:
            if q["type"] == "choice" and value is not None:
                label = next(o["label"] for o in q["options"] if o["value"] == value)
            else:
                label = {True: self.t["quiz.answer.yes"], False: self.t["quiz.answer.no"],
                         None: self.t["quiz.answer.unknown"]}[value]
            self.page.get_by_label(label, exact=True).check()
        self.page.get_by_role("button", name=self.t["quiz.continue"]).click()

    def answer_all(self, answers: dict, extra: dict | None = None) -> list[str]:
        """Answer the core questions, then whatever extra ones come; returns the keys asked."""
        asked = []
        # The kind of project first; a mobility project is not asked about partners.
        self.answer("project_kind", answers.get("project_kind"))
        asked.append("project_kind")
        for key in ("sector", "organisations", "countries", "third_country_partners", "duration_months"):
            if answers.get("project_kind") == "mobility" and key in ("organisations", "countries",
                                                                     "third_country_partners"):
                continue
            self.answer(key, answers[key])
            asked.append(key)
        extra = extra or {}
        while True:
            self.page.wait_for_function("document.querySelector('[data-heading]') !== null")
            heading = self.heading()
            if heading == self.t["quiz.summary.heading"]:
                return asked
            key = next(k for k, q in self.questions.items() if q["legend"] == heading)
            self.answer(key, extra.get(key))
            asked.append(key)

    def results(self) -> dict:
        self.page.locator(".kb-quiz__actions").first.wait_for()
        out = {}
        for item in self.page.locator("li.kb-quiz__action").all():
            reasons = item.locator(":scope > ul").first.locator("li").all_inner_texts()
            out[item.get_attribute("data-action")] = {
                "eligible": "kb-quiz__action--eligible" in item.get_attribute("class"),
                "reasons": [r.strip() for r in reasons]}
        return out


def expected_steps(rules: dict, answers: dict) -> list[str]:
    """The extra questions the page should ask: those of the actions the core answers leave open."""
    core = {k: answers[k] for k in ("project_kind", "sector", "organisations", "countries",
                                    "third_country_partners", "duration_months") if k in answers}
    wanted = set()
    for action, r in zip(rules["actions"], evaluate(rules, core)):
        if r["eligible"]:
            wanted |= {x["answer"] for x in action["rules"] if x["kind"] == "condition"}
    return [q["key"] for q in rules["questions"] if not q["required"] and q["key"] in wanted]


def assert_results_match_reference(quiz: Quiz, rules: dict, answers: dict) -> None:
    shown = quiz.results()
    reference = evaluate(rules, answers)
    assert set(shown) == {r["id"] for r in reference}
    for r in reference:
        assert shown[r["id"]] == {"eligible": r["eligible"], "reasons": r["reasons"]}, r["id"]
    # Eligible first, then the others.
    order = [quiz.page.locator("li.kb-quiz__action").nth(i).get_attribute("class")
             for i in range(len(reference))]
    flags = ["--eligible" in c for c in order]
    assert flags == sorted(flags, reverse=True)


VET_PAIR = {"sector": "vet", "organisations": 2, "countries": 2, "third_country_partners": False,
            "duration_months": 12}


@pytest.mark.parametrize("lang", LANGS)
def test_answering_checking_and_results(page, site_server, rules, db, lang):
    r, t = rules[lang], rules[lang]["text"]
    quiz = Quiz(page, r)
    page.goto(quiz_url(site_server, lang))
    assert not page.locator(".kb-quiz__fallback").count()
    # The first question is the kind of project.
    assert quiz.heading() == quiz.questions["project_kind"]["legend"]
    # One question at a time, in a fieldset whose legend is the question.
    assert page.locator("fieldset legend [data-heading]").count() == 1

    # Continuing without an answer: an error summary that takes focus.
    page.get_by_role("button", name=t["quiz.continue"]).click()
    summary = page.locator(".kb-quiz__error-summary")
    assert t["quiz.error.choose"] in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('kb-quiz__error-summary')")

    quiz.answer("project_kind", None)  # "don't know yet": every action is evaluated
    quiz.answer("sector", "vet")
    quiz.wait_for("organisations")
    assert quiz.focused_text() == quiz.questions["organisations"]["legend"]  # focus on the new question
    assert "step=organisations" in page.url and "sector=vet" in page.url
    quiz.answer("organisations", 2)
    quiz.answer("countries", 3)  # more countries than organisations
    assert fill(t, "quiz.error.countries_above_organisations", organisations=2) in page.locator(
        ".kb-quiz__error").inner_text()
    assert page.locator("#kb-quiz-input").get_attribute("aria-invalid") == "true"
    quiz.answer("countries", 2)
    quiz.answer("third_country_partners", False)

    # The back link goes to the previous question with its answer kept.
    quiz.wait_for("duration_months")
    page.get_by_role("link", name=t["quiz.back"], exact=True).click()
    quiz.wait_for("third_country_partners")
    assert page.get_by_label(t["quiz.answer.no"], exact=True).is_checked()
    assert quiz.focused_text() == quiz.questions["third_country_partners"]["legend"]
    page.get_by_role("button", name=t["quiz.continue"]).click()
    quiz.answer("duration_months", 12)

    # The extra questions are those of the actions still open.
    extras = expected_steps(r, VET_PAIR)
    assert extras, "these answers leave an action with an extra condition open"
    for key in extras:
        quiz.answer(key, False if quiz.questions[key]["type"] == "bool" else 0)
    quiz.wait_for("quiz.summary.heading")
    answers = {**VET_PAIR, **{k: (False if quiz.questions[k]["type"] == "bool" else 0) for k in extras}}

    # Check your answers: one row per question, each with a change link.
    rows = page.locator(".kb-quiz__row")
    assert rows.count() == 6 + len(extras)
    values = dict(zip(page.locator(".kb-quiz__row dt").all_inner_texts(),
                      page.locator(".kb-quiz__value").all_inner_texts()))
    assert values[quiz.questions["sector"]["label"]] == db.sectors["vet"].name[lang]
    assert values[quiz.questions["duration_months"]["label"]] == f"12\u00a0{t['unit.months.many']}"
    assert values[quiz.questions["third_country_partners"]["label"]] == t["quiz.answer.no"]

    # A change link: back to that question, then straight back to the summary.
    page.locator(".kb-quiz__row[data-key=organisations] a").click()
    quiz.wait_for("organisations")
    assert page.locator("#kb-quiz-input").input_value() == "2"
    quiz.answer("organisations", 3)
    quiz.wait_for("quiz.summary.heading")
    assert page.locator(".kb-quiz__row[data-key=organisations] .kb-quiz__value").inner_text() == "3"
    answers["organisations"] = 3

    page.get_by_role("button", name=t["quiz.show_results"]).click()
    quiz.wait_for("quiz.result.heading")
    assert quiz.focused_text() == t["quiz.result.heading"]
    assert_results_match_reference(quiz, r, answers)
    assert t["quiz.result.disclaimer"] in page.locator(".kb-quiz__disclaimer").inner_text()
    reference = evaluate(r, answers)
    eligible = [x for x in reference if x["eligible"]]
    announce = fill(t, "quiz.result.announce", eligible=len(eligible), total=len(reference))
    page.wait_for_function("([text]) => document.querySelector('.kb-quiz__status').textContent === text", arg=[announce])
    assert page.locator(".kb-quiz__status").get_attribute("aria-live") == "polite"

    # Each fitting action shows its key facts and links to its page.
    first = page.locator("li.kb-quiz__action--eligible").first
    assert first.locator(".kb-quiz__facts dt").all_inner_texts() == [
        t["facts.grant"], t["facts.duration"], t["quiz.result.latest_deadline"]]
    href = first.locator("h4 a").get_attribute("href")
    action_id = first.get_attribute("data-action")
    assert href == f"actions/{action_id}.html"
    with page.expect_navigation():
        first.locator("h4 a").click()
    assert page.url.endswith(("" if lang == "fi" else "sv/") + f"actions/{action_id}.html")
    page.go_back()
    quiz.wait_for("quiz.result.heading")

    # The browser's back button goes back a step.
    page.go_back()
    quiz.wait_for("quiz.summary.heading")
    page.go_forward()
    quiz.wait_for("quiz.result.heading")


@pytest.mark.parametrize("lang", LANGS)
def test_a_shared_address_shows_the_same_result(browser, page, site_server, rules, lang):
    r = rules[lang]
    quiz = Quiz(page, r)
    answers = {"sector": "higher", "organisations": 3, "countries": 3, "third_country_partners": True,
               "duration_months": 24}
    page.goto(quiz_url(site_server, lang))
    quiz.answer_all(answers)
    page.get_by_role("button", name=r["text"]["quiz.show_results"]).click()
    assert_results_match_reference(quiz, r, answers)
    shown = page.locator(".kb-quiz__view").inner_text()
    address = page.url
    assert "step=result" in address

    page.reload()
    quiz.wait_for("quiz.result.heading")
    assert page.locator(".kb-quiz__view").inner_text() == shown

    other = browser.new_context().new_page()
    try:
        other.goto(address)
        Quiz(other, r).wait_for("quiz.result.heading")
        assert other.locator(".kb-quiz__view").inner_text() == shown
    finally:
        other.context.close()


def test_an_incomplete_address_starts_at_the_first_missing_answer(page, site_server, rules):
    quiz = Quiz(page, rules["fi"])
    page.goto(quiz_url(site_server, "fi") + "#step=result&sector=vet&organisations=abc&countries=2")
    quiz.wait_for("organisations")
    assert "step=organisations" in page.url
    assert "organisations=" not in unquote(page.url).split("step=organisations", 1)[1]


@pytest.mark.parametrize("lang", LANGS)
def test_offline_files_over_file_url(browser, offline_site, rules, lang):
    # The built files opened straight from disk: no server, nothing fetched.
    r = rules[lang]
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(f"{e}\n{e.stack}"))
    try:
        page.goto(file_url(offline_site, lang))
        quiz = Quiz(page, r)
        answers = {"sector": "youth", "organisations": 2, "countries": 2, "third_country_partners": False,
                   "duration_months": 30}
        quiz.answer_all(answers)
        page.get_by_role("link", name=r["text"]["quiz.back"], exact=True).click()
        quiz.wait_for("duration_months")  # these answers leave no action with extra questions
        page.go_back()  # the browser's back button: to the summary again
        quiz.wait_for("quiz.summary.heading")
        page.locator(".kb-quiz__row[data-key=duration_months] a").click()
        quiz.answer("duration_months", 24)
        quiz.wait_for("quiz.summary.heading")
        answers["duration_months"] = 24
        page.get_by_role("button", name=r["text"]["quiz.show_results"]).click()
        assert_results_match_reference(quiz, r, answers)
        assert page.url.startswith("file://")
        shown = page.locator(".kb-quiz__view").inner_text()
        address = page.url
        page.reload()
        quiz.wait_for("quiz.result.heading")
        assert page.locator(".kb-quiz__view").inner_text() == shown
        other = context.new_page()
        other.goto(address)
        Quiz(other, r).wait_for("quiz.result.heading")
        assert other.locator(".kb-quiz__view").inner_text() == shown
        # The links to the action pages lead to files that exist.
        for href in page.locator("li.kb-quiz__action h4 a").evaluate_all("els => els.map(a => a.href)"):
            assert href.startswith("file://")
            assert page_file(offline_site, lang, href.rsplit("/", 2)[-2] + "/" + href.rsplit("/", 1)[-1]).exists()
    finally:
        context.close()
    assert not [e for e in errors if "quiz" in e], errors


def test_whole_quiz_by_keyboard(page, site_server, rules):
    r, t = rules["sv"], rules["sv"]["text"]
    quiz = Quiz(page, r)
    page.goto(quiz_url(site_server, "sv"))
    page.locator("[data-heading]").focus()
    kb = page.keyboard

    def tab_to(selector: str, limit: int = 40) -> None:
        for _ in range(limit):
            kb.press("Tab")
            if page.evaluate("([s]) => document.activeElement.matches(s)", [selector]):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("input[type=radio]")
    kb.press("ArrowDown")  # the second kind: cooperation
    assert page.locator("input[type=radio][value=cooperation]").is_checked()
    kb.press("Enter")
    quiz.wait_for("sector")
    tab_to("input[type=radio]")
    kb.press("ArrowDown")  # the second sector: vet
    assert page.locator("input[type=radio][value=vet]").is_checked()
    kb.press("Enter")
    for key, value in (("organisations", "3"), ("countries", "3"), ("duration_months", None)):
        if key == "duration_months":
            quiz.wait_for("third_country_partners")
            assert quiz.focused_text() == quiz.questions["third_country_partners"]["legend"]
            tab_to("input[type=radio]")
            kb.press("ArrowDown")  # no
            kb.press("Enter")
            value = "24"
        quiz.wait_for(key)
        assert quiz.focused_text() == quiz.questions[key]["legend"]
        tab_to("#kb-quiz-input")
        kb.type(value)
        kb.press("Enter")
    page.wait_for_function("([h]) => document.querySelector('[data-heading]').textContent !== h",
                           arg=[quiz.questions["duration_months"]["legend"]])
    while quiz.heading() != t["quiz.summary.heading"]:  # extra questions, if any: first choice
        heading = quiz.heading()
        tab_to("input")
        if page.evaluate("document.activeElement.type === 'radio'"):
            kb.press("Space")
        kb.press("Enter")
        page.wait_for_function("([h]) => document.querySelector('[data-heading]').textContent !== h", arg=[heading])
    tab_to("button.kb-quiz__submit")
    kb.press("Enter")
    quiz.wait_for("quiz.result.heading")
    assert quiz.focused_text() == t["quiz.result.heading"]
    shown = quiz.results()
    assert shown["ka220-vet"]["eligible"]


@pytest.mark.parametrize("lang", LANGS)
def test_fits_a_320_pixel_screen(browser, site_server, rules, lang):
    context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True)
    page = context.new_page()
    r = rules[lang]
    quiz = Quiz(page, r)

    def no_sideways_scroll(where: str) -> None:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{where}: the page is {width} px wide"

    try:
        page.goto(quiz_url(site_server, lang))
        no_sideways_scroll("first question")
        quiz.answer_all({"sector": "vet", "organisations": 12, "countries": 8, "third_country_partners": True,
                         "duration_months": 48}, {"labour_market_partners": 5, "has_vet_partner": True})
        no_sideways_scroll("check your answers")
        page.get_by_role("button", name=r["text"]["quiz.show_results"]).click()
        quiz.wait_for("quiz.result.heading")
        no_sideways_scroll("results")
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_the_page_says_what_the_quiz_needs(browser, site_server, built_site, rules, lang):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(quiz_url(site_server, lang))
        fallback = page.locator(".kb-quiz__fallback")
        assert fallback.is_visible()
        text = fallback.inner_text()
        assert rules[lang]["text"]["quiz.nojs.heading"] in text
        for q in rules[lang]["questions"]:
            assert q["legend"] in text
        link = fallback.get_by_role("link", name=rules[lang]["text"]["quiz.nojs.tables_link"])
        href = link.get_attribute("href")
        assert page_file(built_site, lang, href).exists(), href
        # The comparison tables: the page, or the pages it lists, hold tables.
        target = page_file(built_site, lang, href)
        body = article(target.read_text(encoding="utf-8"))
        linked = [target.parent / h for h in re.findall(r'href="([^"#:]+\.html)"', body)]
        assert any("<table" in p.read_text(encoding="utf-8") for p in [target, *linked] if p.exists()), \
            "the fallback should lead to the comparison tables"
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_a_mobility_project_is_not_asked_about_partners(page, site_server, rules, lang):
    r = rules[lang]
    quiz = Quiz(page, r)
    page.goto(quiz_url(site_server, lang))
    quiz.answer("project_kind", "mobility")
    quiz.answer("sector", "vet")
    quiz.wait_for("duration_months")  # no organisation, country or third-country question
    assert "organisations=" not in page.url
    answers = {"project_kind": "mobility", "sector": "vet", "duration_months": 12}
    quiz.answer("duration_months", 12)
    extras = expected_steps(r, answers)
    for key in extras:
        quiz.answer(key, None)
    quiz.wait_for("quiz.summary.heading")
    assert page.locator(".kb-quiz__row").count() == 3 + len(extras)
    page.get_by_role("button", name=r["text"]["quiz.show_results"]).click()
    assert_results_match_reference(quiz, r, answers)
    shown = quiz.results()
    kinds = {a["id"]: next(x["project_kind"] for x in a["rules"] if x["kind"] == "project_kind")
             for a in r["actions"]}
    assert all(not v["eligible"] for k, v in shown.items() if kinds[k] == "cooperation")
    assert any(v["eligible"] for k, v in shown.items() if kinds[k] == "mobility")
