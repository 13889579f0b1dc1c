"""Keyboard use: the first Tab shows a skip link that moves to the page's content; every
stop of the Tab order is visible and shows a focus ring; the quiz can be answered to its
result with the keyboard alone."""
from __future__ import annotations

import re

import pytest

from browsing import lang_url, quiz_pages

pytestmark = pytest.mark.browser

LANGS = ["fi", "sv"]

# What the focused element looks like. A visually hidden control (a styled radio
# button) counts as visible through its label.
FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const shown = e => {
    const r = e.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return false;
    for (let n = e; n; n = n.parentElement) {
      const s = getComputedStyle(n);
      if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) < 0.1) return false;
    }
    return r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
  };
  const ring = e => {
    const s = getComputedStyle(e);
    const transparent = /rgba\\([^)]*,\\s*0\\)$/.test(s.outlineColor) || s.outlineColor === 'transparent';
    if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 && !transparent)
      return `outline ${s.outlineWidth} ${s.outlineStyle} ${s.outlineColor}`;
    return null;
  };
  let ownRing = ring(el);
  let visible = shown(el);
  if (!visible && el.labels) {
    const label = [...el.labels].find(shown);
    if (label) {
      visible = true;
      const s = getComputedStyle(label);
      ownRing = ownRing || ring(label) || (s.boxShadow !== 'none' ? 'label box-shadow ' + s.boxShadow : null);
    }
  }
  return {
    tag: el.tagName.toLowerCase(), type: el.type || '', name: el.name || '',
    text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40),
    cls: String(el.className || ''), href: el.getAttribute('href'),
    inArticle: !!el.closest('article'), visible, ring: ownRing,
    checked: el.checked === true,
    groupChecked: el.type === 'radio' ? !!document.querySelector(`input[type=radio][name="${CSS.escape(el.name)}"]:checked`) : null,
  };
}"""


def tab_stop(page, key: str = "Tab") -> dict | None:
    """Press Tab; what has focus. A control that fades or slides in on focus (Material's
    language list) gets the time of its transition, as the eye does."""
    page.keyboard.press(key)
    state = page.evaluate(FOCUS_STATE)
    for _ in range(8):
        if state is None or (state["visible"] and state["ring"]):
            break
        page.wait_for_timeout(100)
        state = page.evaluate(FOCUS_STATE)
    return state


def describe(stop: dict) -> str:
    return f"<{stop['tag']} class='{stop['cls']}'> {stop['text']!r} {stop.get('href') or ''}"


@pytest.fixture()
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_first_tab_shows_a_skip_link_to_the_content(tab, site_server, lang):
    tab.goto(lang_url(site_server, lang, "index.html"))
    tab.keyboard.press("Tab")
    tab.wait_for_timeout(400)  # the link fades in
    stop = tab.evaluate(FOCUS_STATE)
    assert stop is not None and "md-skip" in stop["cls"], stop
    assert stop["visible"], "the skip link is not visible when focused"
    assert stop["ring"], "the skip link has no focus ring"
    target = stop["href"]
    assert target.startswith("#") and tab.locator(f"article {target}").count() == 1, target
    tab.keyboard.press("Enter")
    tab.wait_for_timeout(200)
    assert tab.evaluate("location.hash") == target
    # The content is now in view below the header, and the next Tab continues from it.
    top = tab.evaluate(f"document.querySelector('{target}').getBoundingClientRect().top")
    assert 0 <= top < 300, top
    after = tab_stop(tab)
    assert after is not None and after["inArticle"], f"the next Tab went to {after}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_tab_stop_on_the_home_page_is_visible_with_a_focus_ring(tab, site_server, lang):
    tab.goto(lang_url(site_server, lang, "index.html"))
    stops, problems = [], []
    for _ in range(150):
        stop = tab_stop(tab)
        if stop is None or (stops and "md-skip" in stop["cls"]):
            break  # round the page and back to the start
        stops.append(stop)
        if not stop["visible"]:
            problems.append(f"hidden but focusable: {describe(stop)}")
        elif not stop["ring"]:
            problems.append(f"no visible focus ring: {describe(stop)}")
    assert len(stops) >= 5, stops
    assert any(s["inArticle"] for s in stops), "Tab never reached the content"
    assert any("kb-footer" in s["cls"] or s["text"] for s in stops)
    assert not problems, "\n".join(problems)


def _forward_labels(root, lang):
    from kb.state import KnowledgeBase

    db = KnowledgeBase(root).get().db
    return {db.ui_text(k, lang) for k in ("quiz.continue", "quiz.show_results", "quiz.submit") if k in db.ui}


@pytest.mark.parametrize("lang", LANGS)
def test_quiz_can_be_answered_with_the_keyboard_alone(tab, built_site, site_server, root, lang):
    quizzes = quiz_pages(built_site)
    if not quizzes:
        pytest.fail("the site has no quiz page (no page loads quiz.js)")
    forward = _forward_labels(root, lang)
    tab.goto(lang_url(site_server, lang, quizzes[0]))
    tab.wait_for_load_state("networkidle")
    problems, steps, presses = [], 0, 0
    while presses < 400:
        stop = tab_stop(tab)
        presses += 1
        if stop is None or not stop["inArticle"]:
            continue
        if not stop["visible"]:
            problems.append(f"step {steps + 1}: hidden but focusable: {describe(stop)}")
            continue
        if not stop["ring"]:
            problems.append(f"step {steps + 1}: no visible focus ring: {describe(stop)}")
        if stop["type"] == "radio" and not stop["groupChecked"]:
            tab.keyboard.press("Space")
        elif stop["type"] == "number" or (stop["tag"] == "input" and stop["type"] == "text"):
            if not tab.evaluate("document.activeElement.value"):
                tab.keyboard.type("3")
        elif stop["tag"] == "button" and re.sub(r"\s+", " ", stop["text"]) in forward:
            tab.keyboard.press("Enter")
            tab.wait_for_timeout(150)
            steps += 1
            if not tab.locator("article button:visible").filter(
                    has_text=re.compile("|".join(re.escape(f) for f in forward))).count():
                break  # no way forward: the result is shown
    assert steps >= 2, f"only {steps} quiz steps were answered with the keyboard"
    result_text = tab.locator("article").inner_text()
    assert presses < 400, "the keyboard never reached the quiz result"
    assert not problems, "\n".join(dict.fromkeys(problems))
    assert len(result_text) > 200
