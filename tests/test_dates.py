"""Dates that say what they mean: the site built with SOURCE_DATE_EPOCH the day before
and the day after a deadline, in both languages, on the action page, in the comparison
tables and in the quiz result (headless Chromium); the source date beside "last
checked"; `make review` on a copy with a stale record.

The action and its deadline are taken from data/ (the latest known deadline of any
current action), so content edits move the test with them.
"""
from __future__ import annotations

import calendar
import datetime as dt
import json
import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT, copy_project, run_mkdocs_build
from htmlpages import article, page_file, text_of
from kb import dates
from kb.state import KnowledgeBase

pytestmark = pytest.mark.build

LANGS = ("fi", "sv")


@pytest.fixture(scope="module")
def db(root):
    return KnowledgeBase(root).get().db


@pytest.fixture(scope="module")
def probe(db):
    """(action, its latest deadline): the latest deadline of any current action."""
    candidates = [(dates.latest(a.deadlines), a) for a in db.actions_where(period="2021-2027") if a.deadlines]
    assert candidates, "no current action has a deadline in data/"
    deadline, action = max(candidates, key=lambda c: c[0].date)
    return action, deadline


def epoch(day: dt.date) -> str:
    return str(calendar.timegm(day.timetuple()) + 12 * 3600)


def build_at(tmp_path_factory, day: dt.date):
    site = tmp_path_factory.mktemp(f"site-{day.isoformat()}")
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = epoch(day)
    try:
        result = run_mkdocs_build(site)
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old
    assert result.returncode == 0, result.stderr[-3000:]
    return site


@pytest.fixture(scope="module")
def sites(tmp_path_factory, probe):
    _, deadline = probe
    return {"before": build_at(tmp_path_factory, deadline.date - dt.timedelta(days=1)),
            "after": build_at(tmp_path_factory, deadline.date + dt.timedelta(days=1))}


def test_build_date_comes_from_source_date_epoch():
    assert dates.build_date({"SOURCE_DATE_EPOCH": epoch(dt.date(2030, 1, 2))}) == dt.date(2030, 1, 2)
    assert dates.build_date({}) == dt.datetime.now(tz=dt.timezone.utc).date()


@pytest.mark.parametrize("lang", LANGS)
def test_deadline_text_on_both_sides_of_the_deadline(db, probe, lang):
    _, d = probe
    t = lambda key: db.ui_text(key, lang)  # noqa: E731
    past_word = t("deadline.past")
    before = dates.deadline_text(d, t, lang, d.date - dt.timedelta(days=1))
    on_the_day = dates.deadline_text(d, t, lang, d.date)
    after = dates.deadline_text(d, t, lang, d.date + dt.timedelta(days=1))
    assert past_word not in before and past_word not in on_the_day
    assert after.endswith(past_word) and after.startswith(f"{d.date.day}.{d.date.month}.{d.date.year}")


def deadline_states(html: str, day: dt.date) -> list[str]:
    return re.findall(r'<span class="kb-deadline" data-state="(\w+)"><time datetime="%s">' % day.isoformat(), html)


@pytest.mark.parametrize("lang", LANGS)
def test_action_page_reads_a_past_deadline_as_past(db, probe, sites, lang):
    action, d = probe
    past_word = db.ui_text("deadline.past", lang)
    all_past_note = db.ui_text("deadline.all_past", lang)
    for when, state in (("before", "open"), ("after", "past")):
        html = article(page_file(sites[when], lang, f"actions/{action.id}.html").read_text(encoding="utf-8"))
        assert deadline_states(html, d.date) == [state], (when, lang)
        facts = re.search(r'data-field="deadlines">(.*?)</dd>', html, re.S).group(1)
        assert (past_word in text_of(facts)) == (when == "after"), (when, lang)
        # Every known deadline of the probe is past the day after its latest one:
        # the page says the next dates are not in the knowledge base and links the managing body.
        note = re.search(r'<div class="admonition warning kb-deadlines-past"[^>]*>(.*?)</div>', html, re.S)
        if when == "before":
            assert note is None, lang
        else:
            assert note and all_past_note in text_of(note.group(1)), lang
            assert f'href="{db.ui_text("managed_by_url." + action.managed_by, lang)}"' in note.group(1)


@pytest.mark.parametrize("lang", LANGS)
def test_comparison_tables_read_a_past_deadline_as_past(probe, sites, lang):
    _, d = probe
    found = {"before": 0, "after": 0}
    for when, state in (("before", "open"), ("after", "past")):
        folder = page_file(sites[when], lang, "comparisons")
        for page in sorted(folder.glob("*.html")):
            states = deadline_states(page.read_text(encoding="utf-8"), d.date)
            assert all(s == state for s in states), (page.name, when)
            found[when] += len(states)
    assert found["before"] and found["after"], "no comparison table shows the probe's deadline"


def embedded_rules(site, lang) -> dict:
    html = page_file(site, lang, "quiz.html").read_text(encoding="utf-8")
    m = re.search(r'<script type="application/json" id="kb-quiz-rules">(.*?)</script>', html, re.S)
    return json.loads(m.group(1))


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_quiz_result_reads_a_past_deadline_as_past(db, probe, sites, browser, lang):
    action, _ = probe
    past_word = db.ui_text("deadline.past", lang)
    label = db.ui_text("quiz.result.latest_deadline", lang)
    # Answers that meet the probe's own limits, so that its result card (with the facts) shows.
    el = action.eligibility
    duration = action.duration.values[0] if action.duration.values else (action.duration.min or action.duration.max)
    orgs = el.organisations.min if el.organisations and el.organisations.min else 1
    answers = (f"sector={action.sectors[0]}&organisations={orgs}"
               f"&countries={el.countries.min if el.countries and el.countries.min else 1}"
               f"&third_country_partners=false&duration_months={duration}")
    for when in ("before", "after"):
        facts = {a["id"]: a["facts"] for a in embedded_rules(sites[when], lang)["actions"]}
        assert (past_word in facts[action.id]["deadline"]) == (when == "after")
        context = browser.new_context()
        tab = context.new_page()
        tab.goto(page_file(sites[when], lang, "quiz.html").as_uri() + "#step=result&" + answers)
        item = tab.locator(f'li.kb-quiz__action[data-action="{action.id}"]')
        item.wait_for()
        shown = item.locator("dt", has_text=label).locator("xpath=following-sibling::dd[1]").inner_text()
        context.close()
        assert (past_word in shown) == (when == "after"), (when, shown)


@pytest.mark.parametrize("lang", LANGS)
def test_source_date_shows_beside_last_checked(db, sites, lang):
    for action in db.actions_where(period="2021-2027"):
        html = article(page_file(sites["after"], lang, f"actions/{action.id}.html").read_text(encoding="utf-8"))
        footer = re.search(r'<footer class="kb-provenance">(.*?)</footer>', html, re.S).group(1)
        newest = dates.newest_source_date(db.sources[s] for s in action.sources)
        expected = f"{newest.day}.{newest.month}.{newest.year}" if newest else db.ui_text("facts.source_undated", lang)
        assert f'{db.ui_text("facts.source_date", lang)}: {expected}' in text_of(footer), action.id


def test_make_review_lists_a_stale_record(tmp_path, probe):
    """A copy whose first project was last checked long ago: `make review` names it at
    its line, lists the actions whose deadlines are all past, counts per kind, exits 0."""
    action, _ = probe
    project = copy_project(tmp_path)
    from kb.load import data_files

    # The first project's file (one record per file: data/projects/<id>.yaml).
    path = next(p for k, p in data_files(project / "data") if k == "projects")
    rel = path.relative_to(project).as_posix()
    text = path.read_text(encoding="utf-8")
    first = re.search(r"^last_checked: .*$", text, re.M)
    path.write_text(text[:first.start()] + "last_checked: 2019-01-01" + text[first.end():], encoding="utf-8")
    # The report points at the record's `id:` line.
    stale_line = text[:re.search(r"^id: ", text, re.M).start()].count("\n") + 1
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "SOURCE_DATE_EPOCH": epoch(dt.date(2026, 12, 1))}
    result = subprocess.run([sys.executable, "-m", "kb.review", "--root", str(project)],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(l.startswith(f"{rel}:{stale_line}: ") and "2019" in l for l in lines), lines
    assert any(l.startswith(f"data/actions/{action.id}.yaml:") and action.id in l for l in lines), lines
    assert any(re.match(r"data/sources/[a-z0-9-]+\.yaml:\d+: ", l) for l in lines), lines
    summary = "\n".join(l for l in lines if not re.match(r"\S+:\d+: ", l))
    assert re.search(r"all deadlines past: \d+", summary) and re.search(r"not checked for over 12 months: \d+", summary)
    assert re.search(r"sources older than the current period: \d+", summary)
