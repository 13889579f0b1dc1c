"""Hostile data (issue 12): whatever a record holds, no page runs script or gains markup.

A copy of the project has every text and URL field of every record kind poisoned at
once (tests/hostile.py, derived from the models), is loaded through the real loader,
built by the real build in both languages, and every page is loaded in headless
Chromium: no dialog opens, no element has an event-handler attribute and no link a
javascript: or data: address. What the model refuses (control and direction
characters, addresses other than https, text where a fixed form belongs) is tested
as a refusal with its position.
"""
from __future__ import annotations

import functools
import html
import http.server
import json
import re
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest

import hostile
from conftest import copy_project, run_mkdocs_build
from kb.load import load
from kb.model import KINDS
from kb.problems import DataError

pytestmark = pytest.mark.unit

HANDLER = re.compile(r"^on[a-z]+$", re.I)
SCRIPT_URL = re.compile(r"^\s*(javascript|vbscript|data):", re.I)
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "data"}


# -- the poisoned project, built once --------------------------------------------------

@pytest.fixture(scope="module")
def poisoned(tmp_path_factory) -> tuple[Path, dict]:
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    seen = hostile.poison_data(project / "data")
    return project, seen


@pytest.fixture(scope="module")
def hostile_site(poisoned, tmp_path_factory) -> Path:
    project, _ = poisoned
    try:
        load(project / "data", project)  # the real loader accepts every poisoned value
    except DataError as exc:
        pytest.fail(f"the hostile corpus does not load:\n{exc.report()[:4000]}")
    site = tmp_path_factory.mktemp("hostile-site")
    result = run_mkdocs_build(site, "https://kb.example.fi/", project=project)
    assert result.returncode == 0, result.stderr[-6000:]
    return site


class _Markup(HTMLParser):
    """Elements and attributes of one page, and the text of its <title>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.handlers: list[str] = []
        self.script_urls: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        for name, value in a.items():
            if HANDLER.match(name):
                self.handlers.append(f"<{tag} {name}={value[:60]!r}>")
            if name in URL_ATTRS and SCRIPT_URL.match(value) and not (tag == "img" and value.startswith("data:image/")):
                self.script_urls.append(f"<{tag} {name}={value[:60]!r}>")
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def parsed(path: Path) -> _Markup:
    p = _Markup()
    p.feed(path.read_text(encoding="utf-8"))
    p.close()
    return p


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html"))


def record_page(site: Path, kind_dir: str, lang: str = "fi") -> Path:
    base = site if lang == "fi" else site / lang
    found = sorted((base / kind_dir).glob("*.html"))
    found = [p for p in found if p.name != "index.html"]
    assert found, f"no {kind_dir} pages in the hostile build"
    return found[0]


# -- findings 1-3: a title is text wherever it is shown --------------------------------------

@pytest.mark.parametrize("kind_dir", ["actions", "key-actions", "activity-types", "themes", "projects"])
@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.build
def test_title_cannot_break_out_of_the_title_element(hostile_site, kind_dir, lang):
    """Finding 1: `</title><img src=x onerror=...>` in a title stays text in <title>."""
    page = parsed(record_page(hostile_site, kind_dir, lang))
    assert not page.handlers, page.handlers
    # As the text it is (a long title is shortened in <title> only, with an ellipsis).
    assert "</title></script>" in page.title
    assert "<img src=x onerror=alert(" in page.title or page.title.split(" - ")[0].endswith("…"), page.title
    assert not [t for t, a in page.tags if t == "img" and a.get("src") == "x"]


@pytest.mark.parametrize("kind_dir", ["actions", "key-actions", "activity-types", "themes", "projects"])
@pytest.mark.build
def test_attribute_list_in_a_title_adds_no_attributes(hostile_site, kind_dir):
    """Finding 2: a title ending `{ autofocus onfocus=... }` adds nothing to the <h1>."""
    page = parsed(record_page(hostile_site, kind_dir))
    h1 = [a for t, a in page.tags if t == "h1"]
    assert h1 and all(set(a) <= {"id"} for a in h1), h1
    text = record_page(hostile_site, kind_dir).read_text(encoding="utf-8")
    heading = html.unescape(re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S).group(1))
    assert "{ autofocus tabindex=1 onfocus=alert(" in heading


@pytest.mark.parametrize("kind_dir", ["actions", "key-actions", "activity-types", "themes", "projects"])
@pytest.mark.build
def test_markdown_link_in_a_title_is_text(hostile_site, kind_dir):
    """Finding 3: `[x](javascript:...)` in a title is no link, anywhere on the page."""
    page = parsed(record_page(hostile_site, kind_dir))
    assert not page.script_urls, page.script_urls
    text = record_page(hostile_site, kind_dir).read_text(encoding="utf-8")
    heading = html.unescape(re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S).group(1))
    assert "[x](javascript:alert(" in heading


@pytest.mark.build
def test_no_page_has_markup_from_data(hostile_site):
    """Every page of the hostile build: no event-handler attribute, no script address."""
    found = {}
    for path in pages(hostile_site):
        page = parsed(path)
        if page.handlers or page.script_urls:
            found[path.relative_to(hostile_site).as_posix()] = page.handlers[:3] + page.script_urls[:3]
    assert not found, json.dumps(dict(list(found.items())[:10]), indent=1)


@pytest.mark.build
def test_search_index_holds_data_as_text(hostile_site):
    """The search index: titles and texts from data are escaped text (the theme shows
    them as HTML); only the markup the search plugin keeps is there."""
    bad = []
    indexes = sorted((hostile_site / "search").glob("search_index.*.json"))  # one per language
    assert len(indexes) == 2, indexes
    docs = [doc for path in indexes for doc in json.loads(path.read_text(encoding="utf-8"))["docs"]]
    for doc in docs:
        for field in ("title", "text", "code", "names"):  # code and names: kb.search's own fields
            if field not in doc:
                continue
            p = _Markup()
            p.feed(doc[field] if isinstance(doc[field], str) else " ".join(doc[field]))
            extra = [t for t, _ in p.tags if t not in {"p", "code", "pre", "li", "ol", "ul", "sub", "sup"}]
            if extra or p.handlers:
                bad.append((doc["location"], field, extra[:3]))
    assert not bad, bad[:10]


# -- finding 4: addresses ------------------------------------------------------------------

def url_fields() -> list[tuple[str, str]]:
    return [(kind, s.path) for kind, slots in hostile.all_slots().items() for s in slots if s.kind == hostile.URL]


def test_url_fields_are_known():
    assert ("sources", "url") in url_fields() and ("projects", "url") in url_fields()


@pytest.mark.parametrize("kind,field", url_fields())
@pytest.mark.parametrize("bad", hostile.BAD_URLS)
def test_only_https_addresses_are_accepted(tmp_path, kind, field, bad):
    """Finding 4: `sources[].url: "javascript:alert(1)"` (and every other URL field) is
    refused by the model, at the value's line and column."""
    project = copy_project(tmp_path)
    path, line, col = _set_first(project / "data", kind, field, bad)
    with pytest.raises(DataError) as info:
        load(project / "data", project)
    rel = path.relative_to(project).as_posix()
    mine = [str(p) for p in info.value.problems if p.path == rel and p.line == line]
    assert mine and all(f"{rel}:{line}:{col}: `{field}` must be " in m for m in mine), \
        "\n".join(map(str, info.value.problems))


def _set_first(data: Path, kind: str, field: str, value: str) -> tuple[Path, int, int]:
    """Set `field` of the first record of `kind` that has it (or the first record) to
    `value`, as a double-quoted scalar; return the file and the value's position."""
    from kb.load import data_files

    for k, path in data_files(data):
        if k != kind:
            continue
        text = path.read_text(encoding="utf-8")
        quoted = json.dumps(value, ensure_ascii=False)
        # A list file's records are indented items; a record file's fields start the line.
        per_file = not re.search(r"^- id: ", text, re.M)
        indent = "" if per_file else "  "
        m = re.search(rf"^({indent}){field}: .*(?:\n {{{len(indent) + 1},}}\S.*)*$", text, re.M)
        if m:
            text = text[:m.start()] + f"{m.group(1)}{field}: {quoted}" + text[m.end():]
            start = m.start() + len(m.group(1)) + len(field) + 2
        else:
            m = re.search(r"^(- )?id: .*$", text, re.M)
            text = text[:m.end()] + f"\n{indent}{field}: {quoted}" + text[m.end():]
            start = m.end() + 1 + len(indent) + len(field) + 2
        path.write_text(text, encoding="utf-8")
        line = text.count("\n", 0, start) + 1
        return path, line, start - text.rfind("\n", 0, start)
    raise AssertionError(f"no {kind} file")


def test_offline_check_flags_script_and_data_links(tmp_path):
    """Finding 4: the offline bundle's check refuses javascript: and data: links."""
    from kb.bundle import check_bundle
    from kb.linkcheck import check

    (tmp_path / "index.html").write_text(
        '<a href="javascript:alert(1)">a</a> <a href=" JavaScript:alert(2)">b</a> '
        '<a href="data:text/html,&lt;script&gt;alert(3)&lt;/script&gt;">c</a> <a href="index.html">ok</a>',
        encoding="utf-8")
    problems = check_bundle(tmp_path)
    assert len(problems) == 3 and all("index.html: links to a" in p for p in problems), problems
    assert len(check(tmp_path).broken) == 3


# -- finding 5: interface strings are text too ------------------------------------------------

@pytest.mark.build
def test_interface_strings_are_escaped(hostile_site):
    """Finding 5: `tables.meta.checked_one` / `checked_range` (once `|safe`) and the
    footer's link text are escaped: their markup shows as text."""
    table_pages = sorted((hostile_site / "comparisons").glob("*.html"))
    assert any("kb-table-meta" in p.read_text(encoding="utf-8") for p in table_pages)
    for path in table_pages + [hostile_site / "index.html", hostile_site / "sv" / "index.html"]:
        page = parsed(path)
        assert not page.handlers and not page.script_urls, (path, page.handlers, page.script_urls)
    text = (hostile_site / "comparisons" / "partnerships.html").read_text(encoding="utf-8")
    assert "ui.text.fi" in html.unescape(text)  # the poisoned checked_one/checked_range text is on the page
    footer = re.search(r'<div class="md-copyright kb-footer-links">.*?</div>\s*</div>|'
                       r'<div class="md-copyright kb-footer-links">.*?</ul>', text, re.S).group(0)
    assert "&lt;script&gt;" in footer and "<script>" not in footer


def test_interface_placeholders_are_filled_after_escaping(root):
    """Finding 5: a placeholder's value (markup made by the template) goes into the
    escaped interface string, so the string's own markup stays text."""
    from kb.database import Database
    from kb.model import UiString
    from kb.render import Renderer

    db = load(root / "data", root)
    strings = dict(db.ui)
    strings["tables.meta.checked_one"] = UiString.model_validate(
        {"id": "tables.meta.checked_one", "text": {"fi": "<b onclick=x>{date}</b>", "sv": "<i>{date}</i>"}})
    kinds = {kind: dict(db.kind(kind)) for kind in KINDS}
    kinds["ui"] = strings
    out = Renderer(Database(kinds), root / "overrides" / "macros").render_markdown(
        '{{ comparison_table("partnerships", key_action="ka2", period="2021-2027", rows=["code"]) }}',
        "fi", "comparisons/partnerships")
    assert "&lt;b onclick=x&gt;<time datetime=" in out and "<b onclick" not in out


# -- finding 6: invisible characters -------------------------------------------------------------

CONTROL = {"\x00": "U+0000 NUL", "\x07": "U+0007 BEL (bell)", "\x1b": "U+001B ESC (escape)",
           "\x7f": "U+007F DEL", "\x85": "U+0085 control character", "\u202e": "U+202E RIGHT-TO-LEFT OVERRIDE",
           "\u2066": "U+2066 LEFT-TO-RIGHT ISOLATE", "\u200f": "U+200F RIGHT-TO-LEFT MARK"}


@pytest.mark.parametrize("char", list(CONTROL), ids=[n.split()[0] for n in CONTROL.values()])
def test_control_characters_written_in_the_file_are_refused_at_their_place(tmp_path, char):
    """Finding 6: NUL, BEL, ESC, DEL, C1 and bidi overrides in a text, as typed or pasted."""
    project = copy_project(tmp_path)
    path = project / "data" / "sectors.yaml"
    text = path.read_text(encoding="utf-8")
    m = re.search(r"name: \{fi: ([^,]+),", text)
    at = m.start(1) + 3
    text = text[:at] + char + text[at:]
    path.write_text(text, encoding="utf-8")
    line = text.count("\n", 0, at) + 1
    col = at - text.rfind("\n", 0, at)
    with pytest.raises(DataError) as info:
        load(project / "data", project)
    assert f"data/sectors.yaml:{line}:{col}: the invisible character {CONTROL[char]} is not allowed" in \
        info.value.report()


@pytest.mark.parametrize("escape,name", [("\\0", "U+0000 NUL"), ("\\a", "U+0007 BEL (bell)"),
                                         ("\\e", "U+001B ESC (escape)"), ("\\u202E", "U+202E RIGHT-TO-LEFT OVERRIDE"),
                                         ("\\x9b", "U+009B control character")])
def test_control_characters_written_as_escapes_are_refused(tmp_path, escape, name):
    """Finding 6: the same characters written as YAML escapes ("\\u202E") in quotes."""
    project = copy_project(tmp_path)
    path = project / "data" / "sectors.yaml"
    text = path.read_text(encoding="utf-8")
    m = re.search(r"name: \{fi: ([^,]+),", text)
    value = m.group(1)
    text = text[:m.start(1)] + f'"{value[:3]}{escape}{value[3:]}"' + text[m.end(1):]
    path.write_text(text, encoding="utf-8")
    line = text.count("\n", 0, m.start(1)) + 1
    col = m.start(1) - text.rfind("\n", 0, m.start(1))
    with pytest.raises(DataError) as info:
        load(project / "data", project)
    assert (f"data/sectors.yaml:{line}:{col}: `name.fi`: the text holds the invisible character {name} "
            "(character 3 of the text counted from 0)") in info.value.report()


# -- the corpus: every field, every kind, every page in a browser -------------------------------

def test_every_field_is_in_the_corpus(poisoned):
    """A field of a model that the corpus did not poison (no record has it and
    hostile.FILLERS gives it no value) fails here: the corpus grows with the models."""
    _, seen = poisoned
    missing = {kind: sorted({s.path for s in slots if s.kind != hostile.FORMED} - seen[kind])
               for kind, slots in hostile.all_slots().items()}
    assert not any(missing.values()), missing


@pytest.mark.parametrize("kind,path", [(k, s.path) for k, slots in hostile.all_slots().items()
                                       for s in slots if s.kind == hostile.FORMED])
def test_fields_with_a_fixed_form_refuse_the_corpus(tmp_path, kind, path):
    """Text where a fixed form belongs (ids, codes, times) is refused, not rendered."""
    project = copy_project(tmp_path)
    data = project / "data"
    field = path.split(".")[-1].rstrip("[]")
    from kb.load import data_files, yaml_reader
    from ruamel.yaml import YAML

    writer = YAML(typ="rt")
    writer.width = 100_000
    for k, file in data_files(data):
        if k != kind:
            continue
        doc = yaml_reader().load(file.read_text(encoding="utf-8"))
        for record in hostile.records_of(doc):
            node = record
            for part in path.split(".")[:-1]:
                node = node.get(part.rstrip("[]")) if isinstance(node, dict) else None
                if isinstance(node, list):
                    node = node[0] if node else None
            if isinstance(node, dict) and field in node:
                node[field] = hostile.payload(f"{kind}.{path}")
                with file.open("w", encoding="utf-8") as f:
                    writer.dump(doc, f)
                with pytest.raises(DataError) as info:
                    load(data, project)
                assert any(re.search(rf"`(\w+\.)*{field}`", p.message) for p in info.value.problems), \
                    info.value.report()[:2000]
                return
    pytest.fail(f"no {kind} record has `{path}` to test")


def _serve(site: Path):
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


DOM_CHECK = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) bad.push(el.tagName + ' ' + a.name);
      if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(a.name)
          && /^\\s*(javascript|vbscript):/i.test(a.value)) bad.push(el.tagName + ' ' + a.name + '=' + a.value.slice(0, 40));
      if (a.name === 'href' && /^\\s*data:/i.test(a.value)) bad.push(el.tagName + ' href=' + a.value.slice(0, 40));
    }
  }
  return bad;
}"""


def kinds_of_pages(site: Path) -> list[str]:
    """A page of every kind in both languages: every page outside the record folders
    (home, about, glossary, countries, quiz, each comparison table, 404) and, in each
    record folder, its index and its first record page. Every page's HTML is checked
    by test_no_page_has_markup_from_data; the browser adds what scripts do with it."""
    chosen = []
    by_folder: dict[str, list[str]] = {}
    for path in pages(site):
        rel = path.relative_to(site).as_posix()
        folder = rel.rsplit("/", 1)[0] if "/" in rel else ""
        by_folder.setdefault(folder, []).append(rel)
    for folder, rels in by_folder.items():
        if folder in ("", "sv", "comparisons", "sv/comparisons"):
            chosen += rels
        else:
            chosen += [r for r in rels if r.endswith("/index.html")] + [r for r in rels if not r.endswith("/index.html")][:1]
    return chosen


@pytest.mark.browser
def test_every_page_in_a_browser_runs_nothing_from_data(hostile_site, browser):
    """A page of every kind of the hostile build in both languages, the quiz's result
    and a search in each language: no dialog, no event handler and no script address
    in the live DOM."""
    server = _serve(hostile_site)
    base = f"http://127.0.0.1:{server.server_port}/"
    dialogs: list[str] = []
    problems: dict[str, list[str]] = {}
    context = browser.new_context()
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
    try:
        addresses = kinds_of_pages(hostile_site)
        assert len(addresses) > 30
        answers = "step=result&sector=vet&organisations=2&countries=2&third_country_partners=false&duration_months=12"
        addresses += [f"quiz.html#{answers}", f"sv/quiz.html#{answers}"]
        for address in addresses:
            page.goto(base + address, wait_until="load")
            bad = page.evaluate(DOM_CHECK)
            if bad:
                problems[address] = bad[:5]
        for home in ("index.html", "sv/index.html"):  # search results show titles and texts
            page.goto(base + home, wait_until="load")
            page.click("input.md-search__input")
            page.locator("input.md-search__input").press_sequentially("double", delay=20)
            page.wait_for_selector(".md-search-result__item", timeout=15000)
            page.wait_for_timeout(300)  # the last keystroke's results
            bad = page.evaluate(DOM_CHECK)
            if bad:
                problems[home + " (search)"] = bad[:5]
        page.wait_for_timeout(500)
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    assert not dialogs, dialogs[:10]
    assert not problems, json.dumps(dict(list(problems.items())[:10]), indent=1)


def test_source_url_must_be_https(tmp_path):
    """Finding 4: `sources[].url: "javascript:alert(1)"` is refused at its place (it
    used to become a link on the about page and on every record citing the source)."""
    project = copy_project(tmp_path)
    path, line, col = _set_first(project / "data", "sources", "url", "javascript:alert(1)")
    with pytest.raises(DataError) as info:
        load(project / "data", project)
    assert [str(p) for p in info.value.problems] == [
        f"{path.relative_to(project).as_posix()}:{line}:{col}: `url` must be a web address starting with https://, such as "
        "`https://www.example.fi/`, not 'javascript:alert(1)'"]
