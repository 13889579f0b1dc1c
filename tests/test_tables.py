"""Comparison tables (overrides/macros/tables.j2, content/comparisons/).

Read from the built site like a reader: each table holds exactly the records its
filters select, every cell equals its record's value formatted for the page's
language (computed here from the loaded records with kb.formatting and the
Renderer's filters), nothing is blank, each column links to its record's page, and
each caption states the period and the last check. In Chromium: the column chooser
keeps its choice in the URL (also from file://), the table scrolls sideways on a
360 px phone with the first column fixed, and prints without losing a column.
"""
from __future__ import annotations

import os
import posixpath
import re
import shutil
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

import pytest

from conftest import copy_project, missing_tool
from htmlpages import page_file, text_of
from kb import formatting
from kb.state import KnowledgeBase
from kb.views import View, plain

pytestmark = pytest.mark.build

LANGS = ("fi", "sv")
KA1_CATEGORIES = ("ka1-staff", "ka1-learner", "ka1-other")


# -- which records each table must hold (the filters its page asks for) -------------

def _in_sector(db, x, sector):
    return sector in x.sectors or any(sector in db.actions[a].sectors for a in x.actions)


SELECTIONS = {
    "partnerships": ("actions", lambda db: [a for a in db.actions.values() if a.key_action == "ka2"
                                            and a.period == "2021-2027" and a.managed_by == "national-agency"]),
    "central": ("actions", lambda db: [a for a in db.actions.values()
                                       if a.period == "2021-2027" and a.managed_by == "eacea"]),
    "strategic-partnerships": ("actions", lambda db: [a for a in db.actions.values()
                                                      if a.key_action == "ka2" and a.period == "2014-2020"]),
    "then-and-now": ("actions", lambda db: [x for a in db.actions.values() if a.period == "2014-2020"
                                            for x in (a, *(db.actions[s] for s in a.successors))]),
    "ltt-by-sector": ("activity_types", lambda db: [x for x in db.activity_types.values()
                                                    if x.category == "ltt" and x.period == "2014-2020"]),
    "ka1-vet": ("activity_types", lambda db: [x for x in db.activity_types.values()
                                              if x.category in KA1_CATEGORIES and x.period == "2021-2027"
                                              and _in_sector(db, x, "vet")]),
}


# -- reading the tables out of the built HTML ------------------------------------------

ATTR = re.compile(r'([a-z-]+)(?:="([^"]*)")?')


def _attrs(tag_text: str) -> dict[str, str]:
    return {k: unescape(v or "") for k, v in ATTR.findall(tag_text)}


@dataclass
class Cell:
    tag: str
    attrs: dict
    html: str

    @property
    def text(self) -> str:
        return inner_text(self.html)

    @property
    def hrefs(self) -> list[str]:
        return re.findall(r'href="([^"]*)"', self.html)


@dataclass
class Table:
    id: str
    html: str
    caption: str = ""
    meta_periods: list[str] = field(default_factory=list)
    meta_checked: str = ""
    cells: list[Cell] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)  # the print-only copies, in parts

    @property
    def empty(self) -> bool:
        return "<table" not in self.html

    def data_cells(self) -> list[Cell]:
        return [c for c in self.cells if c.tag == "td"]

    def column_heads(self) -> list[Cell]:
        return [c for c in self.cells if c.tag == "th" and c.attrs.get("scope") == "col" and "data-col" in c.attrs]


def tables_of(html: str) -> list[Table]:
    out = []
    starts = [m.start() for m in re.finditer(r'<div class="kb-table[^"]*" data-kb-table="', html)] + [len(html)]
    for begin, end in zip(starts, starts[1:]):
        whole = html[begin:end]
        stop = whole.find("</table>")
        chunk = whole[: stop + 8] if stop >= 0 else whole[: whole.find("</div>") + 6]
        t = Table(id=re.match(r'<div class="kb-table[^"]*" data-kb-table="([^"]+)"', chunk)[1], html=chunk)
        t.parts = re.findall(r'<table class="[^"]*\bkb-print-part\b[^"]*">.*?</table>', whole[stop + 8:], re.S) \
            if stop >= 0 else []
        cap = re.search(r"<caption\b.*?</caption>", chunk, re.S)
        if cap:
            t.caption = inner_text(cap[0])
            t.meta_periods = [inner_text(m) for m in re.findall(r'data-meta="period">(.*?)</span>', cap[0], re.S)]
            t.meta_checked = inner_text(re.search(r'data-meta="checked">(.*?)</span>', cap[0], re.S)[1])
        body = re.sub(r'<div class="kb-chooser".*?</fieldset>\s*</div>', "", chunk, flags=re.S)
        for m in re.finditer(r"<(td|th)\b([^>]*)>(.*?)</\1>", body, re.S):
            t.cells.append(Cell(m[1], _attrs(m[2]), m[3]))
        out.append(t)
    return out


def norm(text: str) -> str:
    return re.sub(r"[ \t\r\n\f\v]+", " ", text).strip()


BLOCK_TAG = re.compile(r"</?(?:ul|ol|li|p|div|br|tr|td|th|caption|table|thead|tbody|fieldset|legend)\b[^>]*>")


def inner_text(html: str) -> str:
    """Roughly a browser's innerText: block elements separate words, inline ones do not."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return norm(unescape(re.sub(r"<[^>]+>", "", BLOCK_TAG.sub(" ", html))))


# -- expected values, from the records -------------------------------------------------

class Expect:
    """The formatted value of a record's field in one language: what kb.views gives,
    the one place that formats a fact for action pages, tables and the quiz."""

    def __init__(self, loaded, lang: str):
        self.db, self.lang = loaded.db, lang
        self.view = View(loaded.db, lang)

    def t(self, key: str) -> str:
        return self.db.ui_text(key, self.lang)

    def action(self, a, row: str) -> str:
        return plain(self.view.action_value(a, row))

    def activity(self, x, fld: str) -> str:
        if fld.startswith("sector:"):
            return self.t("tables.relevant.yes") if fld[7:] in x.sectors else self.t("tables.relevant.no")
        return plain(self.view.activity_value(x, fld))

    def checked(self, records) -> str:
        return plain(self.view.checked(records))


# -- fixtures ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def loaded(root):
    return KnowledgeBase(root).get()


@pytest.fixture(scope="module")
def site_tables(built_site):
    """{(lang, table id): Table} for every comparison page of the built site."""
    found = {}
    for lang in LANGS:
        for table_id in SELECTIONS:
            path = page_file(built_site, lang, f"comparisons/{table_id}.html")
            assert path.exists(), f"no page {path}"
            [table] = [t for t in tables_of(path.read_text(encoding="utf-8")) if t.id == table_id]
            found[lang, table_id] = table
    return found


CASES = [(lang, table_id) for table_id in SELECTIONS for lang in LANGS]
ACTION_CASES = [(lang, table_id) for lang, table_id in CASES if SELECTIONS[table_id][0] == "actions"]


# -- the records in each table -----------------------------------------------------

@pytest.mark.parametrize("lang,table_id", CASES)
def test_table_holds_exactly_the_records_its_filters_select(loaded, site_tables, lang, table_id):
    kind, select = SELECTIONS[table_id]
    expected = select(loaded.db)
    table = site_tables[lang, table_id]
    if not expected:
        # No record fits yet: the page says so instead of showing an empty grid.
        assert table.empty and loaded.db.ui_text("tables.meta.empty", lang) in text_of(table.html)
        return
    assert not table.empty
    if kind == "actions":
        shown = [c.attrs["data-col"] for c in table.column_heads()]
        assert sorted(shown) == sorted(a.id for a in expected)
    else:
        shown = re.findall(r'<tr data-record="([^"]+)"', table.html)
        assert sorted(shown) == sorted(x.id for x in expected)


def test_the_partnership_table_puts_each_sector_s_two_sizes_side_by_side(site_tables, loaded):
    order = [c.attrs["data-col"] for c in site_tables["fi", "partnerships"].column_heads()]
    sectors = list(loaded.db.sectors)
    keys = [(sectors.index(loaded.db.actions[i].sectors[0]), loaded.db.actions[i].code) for i in order]
    assert keys == sorted(keys)


def test_the_then_and_now_table_follows_each_old_format_with_its_successors(site_tables, loaded):
    table = site_tables["fi", "then-and-now"]
    assert not table.empty, "the then-and-now table has no 2014-2020 actions"
    cols = [c.attrs["data-col"] for c in table.column_heads()]
    groups = re.findall(r'<th scope="colgroup" colspan="(\d+)"[^>]*data-cols="([^"]*)"', table.html)
    flat = [i for _, ids in groups for i in ids.split()]
    assert flat == cols
    for span, ids in groups:
        old, *new = ids.split()
        assert int(span) == 1 + len(new)
        assert loaded.db.actions[old].period == "2014-2020"
        assert tuple(new) == loaded.db.actions[old].successors


# -- every cell ------------------------------------------------------------------

@pytest.mark.parametrize("lang,table_id", CASES)
def test_every_cell_equals_the_formatted_value_of_its_record(loaded, site_tables, lang, table_id):
    kind, _ = SELECTIONS[table_id]
    table = site_tables[lang, table_id]
    assert not table.empty, f"table {table_id} selects no records"
    expect = Expect(loaded, lang)
    cells = table.data_cells()
    assert cells
    records = loaded.db.kind(kind)
    for cell in cells:
        record = records[cell.attrs["data-record"]]
        fld = cell.attrs["data-field"]
        want = expect.action(record, fld) if kind == "actions" else expect.activity(record, fld)
        assert cell.text == norm(want), (table_id, record.id, fld)


@pytest.mark.parametrize("lang,table_id", ACTION_CASES)
def test_action_tables_have_one_cell_per_row_and_column(site_tables, lang, table_id):
    table = site_tables[lang, table_id]
    assert not table.empty, f"table {table_id} selects no records"
    cols = [c.attrs["data-col"] for c in table.column_heads()]
    for row in re.findall(r'<tr data-row="[^"]+">(.*?)</tr>', table.html, re.S):
        assert re.findall(r'<td data-col="([^"]+)"', row) == cols


PRINT_LIMIT = 4  # actions per printed part (tables.j2 _print_parts)


@pytest.mark.parametrize("lang,table_id", ACTION_CASES)
def test_wide_tables_are_also_printed_in_parts_that_repeat_every_cell(loaded, site_tables, lang, table_id):
    table = site_tables[lang, table_id]
    assert not table.empty, f"table {table_id} selects no records"
    cols = [c.attrs["data-col"] for c in table.column_heads()]
    if len(cols) <= PRINT_LIMIT:
        assert not table.parts
        return
    assert table.parts
    # The screen table says it is replaced on paper (tests/test_print.py relies on it).
    assert 'data-kb-print="replaced"' in re.search(r'<table class="kb-compare[^>]*>', table.html)[0]
    title = loaded.db.ui_text(f"tables.{table_id}.caption", lang)
    part_label = loaded.db.ui_text("tables.print.part", lang)
    seen_cols, seen_cells = [], []
    for n, part in enumerate(table.parts, 1):
        [parsed] = tables_of(f'<div class="kb-table" data-kb-table="{table_id}">{part}</div>')
        heads = [c.attrs["data-col"] for c in parsed.column_heads()]
        assert 1 <= len(heads) <= PRINT_LIMIT
        assert parsed.caption.startswith(f"{title} ({part_label.replace('{n}', str(n)).replace('{total}', str(len(table.parts)))})")
        seen_cols += heads
        seen_cells += [(c.attrs["data-record"], c.attrs["data-field"], c.text) for c in parsed.data_cells()]
    assert seen_cols == cols
    assert sorted(seen_cells) == sorted((c.attrs["data-record"], c.attrs["data-field"], c.text)
                                        for c in table.data_cells())


@pytest.mark.parametrize("lang,table_id", CASES)
def test_no_cell_is_blank_and_headers_are_marked_up(site_tables, lang, table_id):
    table = site_tables[lang, table_id]
    assert not table.empty, f"table {table_id} selects no records"
    for cell in table.cells:
        assert cell.text, (table_id, cell.attrs)
        if cell.tag == "th":
            assert cell.attrs.get("scope") in {"col", "row", "colgroup", "rowgroup"}, cell.attrs
    assert table.caption
    # Every body row starts with its header cell.
    for row in re.findall(r"<tbody\b.*?</tbody>", table.html, re.S):
        for tr in re.findall(r"<tr\b[^>]*>(.*?)</tr>", row, re.S):
            assert re.match(r'\s*<th scope="row(group)?"', tr), tr[:80]


def test_missing_values_say_so_in_words(site_tables, loaded):
    # JM Teacher Training has one applicant, so "countries" does not apply; KA121-VET has
    # no grant figures in the sources. Whatever the data lacks, a cell says it.
    wanted = {loaded.db.ui_text("value.not_applicable", "fi"), loaded.db.ui_text("value.not_stated", "fi")}
    said = {c.text for t in site_tables.values() if not t.empty for c in t.data_cells()}
    assert said & wanted


# -- captions, headers and links -------------------------------------------------------

@pytest.mark.parametrize("lang,table_id", CASES)
def test_caption_states_period_and_last_check(loaded, site_tables, lang, table_id):
    kind, select = SELECTIONS[table_id]
    records = select(loaded.db)
    table = site_tables[lang, table_id]
    assert records, f"table {table_id} selects no records"
    expect = Expect(loaded, lang)
    assert table.caption.startswith(expect.t(f"tables.{table_id}.caption"))
    assert table.meta_periods == [expect.t(f"period.{p}") for p in sorted({r.period for r in records})]
    assert table.meta_checked == norm(expect.checked(records))


@pytest.mark.parametrize("lang,table_id", CASES)
def test_every_record_header_links_to_its_page(built_site, loaded, site_tables, lang, table_id):
    kind, _ = SELECTIONS[table_id]
    table = site_tables[lang, table_id]
    assert not table.empty, f"table {table_id} selects no records"
    here = posixpath.dirname(f"comparisons/{table_id}.html")
    if kind == "actions":
        heads = [(c.attrs["data-col"], c) for c in table.column_heads()]
        folder = "actions"
    else:
        heads = [(m[1], Cell("th", {}, m[2])) for m in
                 re.finditer(r'<tr data-record="([^"]+)"><th scope="row">(.*?)</th>', table.html, re.S)]
        folder = "activity-types"
    assert heads
    for record_id, cell in heads:
        record = loaded.db.kind(kind)[record_id]
        [href] = cell.hrefs
        assert posixpath.normpath(posixpath.join(here, href)) == f"{folder}/{record_id}.html"
        assert page_file(built_site, lang, f"{folder}/{record_id}.html").exists()
        name = record.name[lang]
        assert cell.text == (f"{record.code} {name}" if kind == "actions" else name)


def test_links_inside_cells_lead_to_existing_pages(built_site, site_tables):
    for (lang, table_id), table in site_tables.items():
        for cell in table.data_cells():
            for href in cell.hrefs:
                target = posixpath.normpath(posixpath.join("comparisons", href))
                assert page_file(built_site, lang, target).exists(), (table_id, href)


def test_chooser_is_hidden_without_javascript_and_its_words_come_from_the_data(site_tables, loaded):
    table = site_tables["sv", "partnerships"]
    m = re.search(r'<div class="kb-chooser" hidden data-status="([^"]+)">', table.html)
    assert m and unescape(m[1]) == loaded.db.ui_text("tables.chooser.status", "sv")
    assert loaded.db.ui_text("tables.chooser.legend.actions", "sv") in table.html


# -- editing data: a new action joins every table that selects it -----------------------

def test_a_new_action_appears_in_every_table_that_selects_it(tmp_path):
    project = copy_project(tmp_path)
    (project / "data" / "actions" / "zz-test.yaml").write_text(
        """- id: ka210-test
  code: KA210-TEST
  name: {fi: Testitoiminto, sv: Teståtgärd}
  key_action: ka2
  period: "2021-2027"
  sectors: [vet]
  managed_by: national-agency
  summary: {fi: Testi., sv: Test.}
  duration: {min: 7, max: 9, unit: months}
  sources: [programme-guide-2021-2027]
  last_checked: 2020-01-02
""", encoding="utf-8")
    loaded = KnowledgeBase(project).get()

    def render(page: str, lang: str) -> str:
        md = (project / "content" / "comparisons" / f"{page}.{lang}.md").read_text(encoding="utf-8")
        return loaded.renderer.render_markdown(md, lang, f"comparisons/{page}")

    for lang in LANGS:
        [t] = [t for t in tables_of(render("partnerships", lang)) if t.id == "partnerships"]
        assert "ka210-test" in [c.attrs["data-col"] for c in t.column_heads()]
        [cell] = [c for c in t.data_cells() if c.attrs["data-record"] == "ka210-test" and c.attrs["data-field"] == "duration"]
        assert cell.text == f"7–9{formatting.NBSP}" + loaded.db.ui_text("unit.months.many", lang)
        # Its check date is the oldest now, so the caption's range starts with it.
        assert formatting.date(loaded.db.actions["ka210-test"].last_checked) in t.meta_checked
        # Managed by the national agency: not in the table of centrally managed actions.
        assert "ka210-test" not in render("central", lang)


# -- in the browser ---------------------------------------------------------------------

def _file_url(site: Path, lang: str, page: str) -> str:
    return page_file(site, lang, page).as_uri()


def _visible_columns(page, table_id: str) -> list[str]:
    return page.eval_on_selector_all(
        f'[data-kb-table="{table_id}"] .kb-table-scroll thead th[data-col]',
        "els => els.filter(e => e.offsetParent !== null && getComputedStyle(e).display !== 'none')"
        ".map(e => e.dataset.col)")


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_column_chooser_keeps_two_chosen_actions_after_reload_from_file_url(browser, built_site, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    # Only this feature's script counts here (the site search has tests of its own).
    page.on("pageerror", lambda e: errors.append(f"{e} {e.stack or ''}") if "tables.js" in (e.stack or "") else None)
    page.goto(_file_url(built_site, lang, "comparisons/partnerships.html"))
    chooser = page.locator('[data-kb-table="partnerships"] .kb-chooser')
    assert chooser.is_visible()
    all_cols = _visible_columns(page, "partnerships")
    assert len(all_cols) > 2
    pick = [all_cols[0], all_cols[-1]]
    for value in pick:
        chooser.locator(f'input[value="{value}"]').check()
    assert _visible_columns(page, "partnerships") == pick
    # Every body cell of the other columns is hidden too, not only the headers.
    assert page.eval_on_selector_all('[data-kb-table="partnerships"] .kb-table-scroll tbody td',
                                     "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.col)") \
        == [c for _ in range(len(page.query_selector_all('[data-kb-table="partnerships"] .kb-table-scroll tbody tr')))
            for c in pick]
    # Two columns fit a desktop: no "scroll sideways" hint any more.
    assert not page.locator('[data-kb-table="partnerships"] .kb-scroll-hint').is_visible()
    status = chooser.locator(".kb-chooser-status").inner_text()
    assert "2" in status and str(len(all_cols)) in status
    url = page.url
    assert url.startswith("file://") and f"partnerships={pick[0]},{pick[1]}" in url

    # A new tab opened at that address shows the same two.
    fresh = context.new_page()
    fresh.goto(url)
    assert _visible_columns(fresh, "partnerships") == pick
    checked = fresh.eval_on_selector_all('[data-kb-table="partnerships"] .kb-chooser input:checked',
                                         "els => els.map(e => e.value)")
    assert checked == pick
    # "Show all" brings every column back and clears the address.
    fresh.locator('[data-kb-table="partnerships"] .kb-chooser-all').click()
    assert _visible_columns(fresh, "partnerships") == all_cols
    assert "partnerships=" not in fresh.url
    assert not errors, errors
    context.close()


@pytest.mark.browser
def test_without_javascript_the_whole_table_shows(browser, built_site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(_file_url(built_site, "fi", "comparisons/partnerships.html") + "?partnerships=ka210-vet")
    assert not page.locator('[data-kb-table="partnerships"] .kb-chooser').is_visible()
    cols = page.eval_on_selector_all('[data-kb-table="partnerships"] .kb-table-scroll thead th[data-col]',
                                     "els => els.length")
    assert len(_visible_columns(page, "partnerships")) == cols > 2
    context.close()


@pytest.mark.browser
def test_on_a_phone_the_table_scrolls_sideways_with_the_first_column_fixed(browser, built_site, tmp_path):
    context = browser.new_context(viewport={"width": 360, "height": 780}, device_scale_factor=1)
    page = context.new_page()
    page.goto(_file_url(built_site, "fi", "comparisons/partnerships.html"))
    region = page.locator('[data-kb-table="partnerships"] .kb-table-scroll')
    region.scroll_into_view_if_needed()
    # The page itself never scrolls sideways; the table's own region does.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    sizes = region.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert sizes[0] > sizes[1]
    # The reader is told so, and the next column peeks in at the right edge.
    assert page.locator('[data-kb-table="partnerships"] .kb-scroll-hint').is_visible()
    heads = page.locator('[data-kb-table="partnerships"] .kb-table-scroll thead th[data-col]')
    region_right = region.bounding_box()["x"] + region.bounding_box()["width"]
    assert heads.nth(1).bounding_box()["x"] < region_right - 10
    first = page.locator('[data-kb-table="partnerships"] .kb-table-scroll tbody th[scope="row"]').first
    left_before = first.bounding_box()["x"]
    second_col = page.locator('[data-kb-table="partnerships"] .kb-table-scroll thead th[data-col]').nth(1)
    col_before = second_col.bounding_box()["x"]
    region.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    page.wait_for_timeout(50)
    assert abs(first.bounding_box()["x"] - left_before) < 1  # the row labels stay
    assert second_col.bounding_box()["x"] < col_before - 100  # the data moved
    # The caption keeps to the visible width while the table scrolls.
    caption = page.locator('[data-kb-table="partnerships"] .kb-table-scroll .kb-caption-inner').bounding_box()
    assert caption["x"] >= 0 and caption["x"] + caption["width"] <= 360
    region.evaluate("e => { e.scrollLeft = 0; }")
    page.evaluate("() => { const e = document.querySelector('[data-kb-table=partnerships] .kb-table-scroll');"
                  " window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 56); }")
    shot = tmp_path / "table1-360px.png"
    page.screenshot(path=str(shot))
    keep = os.environ.get("KB_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / shot.name)
    assert shot.stat().st_size > 10_000
    context.close()


PRINT_JS = """(id) => {
    const box = document.querySelector(`[data-kb-table="${id}"]`);
    const tables = [...box.querySelectorAll('table')].filter(t => t.getClientRects().length > 0);
    const cols = tables.flatMap(t => [...t.querySelectorAll('thead th[data-col]')]
        .filter(h => h.getClientRects().length > 0).map(h => h.dataset.col));
    const rights = tables.flatMap(t => [...t.querySelectorAll('th, td')]
        .filter(c => c.getClientRects().length > 0).map(c => c.getBoundingClientRect().right));
    const chooser = box.querySelector('.kb-chooser');
    return {cols, tables: tables.length, right: Math.max(...rights), page: document.documentElement.clientWidth,
            chooser: chooser ? getComputedStyle(chooser).display : 'none'};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("table_id", list(SELECTIONS))
def test_printing_keeps_every_column_on_the_page(browser, built_site, loaded, table_id):
    # Chromium lays printed pages out at the page's width: A4 portrait less margins
    # is about 720 CSS pixels.
    context = browser.new_context(viewport={"width": 720, "height": 1400})
    page = context.new_page()
    page.goto(_file_url(built_site, "fi", f"comparisons/{table_id}.html"))
    assert page.locator(f'[data-kb-table="{table_id}"] table').count(), f"table {table_id} is not on its page"
    on_screen = page.eval_on_selector_all(f'[data-kb-table="{table_id}"] .kb-table-scroll thead th[data-col]',
                                          "els => els.map(e => e.dataset.col)")
    page.emulate_media(media="print")
    box = page.evaluate(PRINT_JS, table_id)
    assert box["right"] <= box["page"], box  # nothing runs off the paper
    assert box["chooser"] == "none"  # a form means nothing on paper
    if SELECTIONS[table_id][0] == "actions":
        # Every action is printed once, in the same order as on screen.
        assert box["cols"] == on_screen, box
        if len(on_screen) > PRINT_LIMIT:
            assert box["tables"] > 1  # printed in parts, not squeezed
    else:
        assert sorted(box["cols"]) == sorted(on_screen), box
    context.close()


@pytest.mark.browser
def test_printing_a_chosen_pair_prints_just_that_pair(browser, built_site):
    context = browser.new_context(viewport={"width": 720, "height": 1400})
    page = context.new_page()
    page.goto(_file_url(built_site, "sv", "comparisons/partnerships.html"))
    cols = page.eval_on_selector_all('[data-kb-table="partnerships"] .kb-table-scroll thead th[data-col]',
                                     "els => els.map(e => e.dataset.col)")
    pick = [cols[1], cols[-2]]
    page.goto(_file_url(built_site, "sv", "comparisons/partnerships.html") + f"?partnerships={','.join(pick)}")
    page.emulate_media(media="print")
    box = page.evaluate(PRINT_JS, "partnerships")
    assert box["cols"] == pick and box["right"] <= box["page"], box
    context.close()


# -- accessibility of every table page ---------------------------------------------------

@pytest.mark.browser
def test_every_table_page_passes_axe_on_a_phone_with_a_choice_made(browser, site_server):
    from browsing import axe_violations, ensure_axe, lang_url

    if ensure_axe() is None:
        missing_tool("axe-core is missing: run `npm ci` in tests/js (make test does it)")
    context = browser.new_context(viewport={"width": 360, "height": 780})
    page = context.new_page()
    problems = []
    for lang in LANGS:
        for table_id in SELECTIONS:
            page.goto(lang_url(site_server, lang, f"comparisons/{table_id}.html"))
            box = f'[data-kb-table="{table_id}"]'
            first = page.locator(f"{box} .kb-chooser input").first
            if first.count():
                first.check()  # the chooser, its status line and a narrowed table
            # Only what is inside the tables is ours; the page frame has tests of its own.
            problems += [f"{lang}/{table_id}: {v}" for v in axe_violations(page, box)]
    context.close()
    assert not problems, "\n".join(problems)
