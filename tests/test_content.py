"""The content on the real built site: every field of every record shows on the record's
page in both languages, the record and content pages link only to pages and anchors
that exist, and no 2014-2020 action is ever presented as current.

The expected texts are derived from the records with the formatting rules of
kb.formatting and the interface strings in data/ui, so a field that a template forgets
to show (or a new field nobody renders) fails here with the record and field named.
"""
from __future__ import annotations

import datetime as dt
import html as htmllib
import posixpath
import re
import typing
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pydantic import BaseModel

from htmlpages import article, page_file, parse, text_of
from kb import formatting
from kb.model import Duration, Range, RefTo, Text, TermText
from kb.state import KnowledgeBase

pytestmark = pytest.mark.build

LANGS = ("fi", "sv")

# Where each kind of record is shown. Kinds with their own pages use the record id.
RECORD_PAGE = {
    "actions": "actions/{id}.html",
    "key_actions": "key-actions/{id}.html",
    "activity_types": "activity-types/{id}.html",
    "themes": "themes/{id}.html",
    "projects": "projects/{id}.html",
    "countries": "countries.html",
    "glossary": "glossary.html",
    "sources": "about.html",
    "sectors": "index.html",  # the home page's "start by sector" list
}
# Where a record's own anchor is, on kinds listed on a shared page.
RECORD_ANCHOR = {"countries": "country-{id}", "glossary": "{id}", "sources": "source-{id}"}

# Fields whose value is an enumeration shown through an interface string: prefix of the key.
ENUM_KEYS = {
    "period": "period.",
    "managed_by": "managed_by.",
    "third_country_partners": "third_country.",
    "accreditation": "accreditation.",
    "family": "family.",
    "category": "category.",
    "kind": "theme_kind.",
    "status": "country_status.",
    "role": "role.",
    "language": "language.",
    "sector_rule": "sector_rule.",
}
# Money fields (euros) and fields shown as a plain number.
MONEY = {"max_eur", "lump_sums_eur"}
# Parts of a value that are shown through the value they belong to: a range's ends and
# unit in the formatted range, a grant's `per` next to its maximum, a deadline's year in
# its date. A condition's machine fields (answer key, equals/at_least) are shown through
# its text; its answer key is checked as a data attribute.
SHOWN_THROUGH_PARENT = {"min", "max", "unit", "values", "max_unit", "per", "year", "answer", "equals", "at_least",
                        "at_most"}
# A sector has no page of its own: the home page shows its name, code, description and
# numbered links to its sources; those links are checked as links, not as titles.
TITLE_NOT_SHOWN = {("sectors", "sources"), ("glossary", "sources")}


@pytest.fixture(scope="module")
def db(root):
    return KnowledgeBase(root).get().db


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def ref_kind(model: type[BaseModel], field: str) -> str | None:
    info = model.model_fields[field]
    for m in info.metadata:
        if isinstance(m, RefTo):
            return m.kind
    for arg in typing.get_args(info.annotation):
        for m in getattr(arg, "__metadata__", ()):
            if isinstance(m, RefTo):
                return m.kind
    return None


class Expectations:
    """What a record must show: texts in the page's text, and strings in its HTML."""

    def __init__(self, db, lang: str):
        self.db, self.lang = db, lang
        self.texts: list[tuple[str, str]] = []  # (field path, text)
        self.html: list[tuple[str, str]] = []  # (field path, HTML fragment)

    def t(self, key: str) -> str:
        return self.db.ui_text(key, self.lang)

    def text(self, path: str, value: str) -> None:
        self.texts.append((path, norm(value)))

    # -- values --------------------------------------------------------------------
    def duration(self, d: Duration) -> str:
        if d.values:
            words = [formatting.number(v) for v in d.values]
            return f"{formatting.choice_list(words, self.t)}{formatting.NBSP}{formatting.unit_word(d.unit, max(d.values), self.t)}"
        if d.max_unit and d.max_unit != d.unit and d.min is not None and d.max is not None:
            return formatting.mixed_range(d.min, d.unit, d.max, d.max_unit, self.t)
        return formatting.value_range(d.min, d.max, d.max_unit or d.unit if d.max is not None else d.unit, self.t)

    def ref_name(self, kind: str, rid: str) -> str:
        rec = self.db.kind(kind)[rid]
        if kind == "actions":
            return rec.code
        if kind == "projects":
            return rec.display_title(self.lang)
        if kind == "sources":
            return rec.title[self.lang]
        return rec.name[self.lang]

    def walk(self, kind: str, model: type[BaseModel], record: BaseModel, prefix: str = "") -> None:
        for field in type(record).model_fields:
            value = getattr(record, field)
            path = f"{prefix}{field}"
            if field in ("id", "order") and not prefix or field in SHOWN_THROUGH_PARENT:
                # `order` is where a record stands in lists, shown by the order itself.
                continue
            if value is None or value == () or value == "":
                continue
            refk = ref_kind(type(record), field)
            if refk is not None:
                ids = value if isinstance(value, tuple) else (value,)
                for rid in ids:
                    if (kind, field) in TITLE_NOT_SHOWN and refk == "sources":
                        self.html.append((path, f"#source-{rid}"))
                    else:
                        self.text(f"{path}={rid}", self.ref_name(refk, rid))
                continue
            items = value if isinstance(value, tuple) else (value,)
            for i, item in enumerate(items):
                p = f"{path}[{i}]" if isinstance(value, tuple) else path
                self.value(kind, field, p, item)

    def value(self, kind: str, field: str, path: str, v) -> None:
        if isinstance(v, TermText):
            for lang in ("fi", "sv", "en"):
                self.text(f"{path}.{lang}", v[lang])
        elif isinstance(v, Text):
            self.text(path, v[self.lang])
        elif isinstance(v, Duration):
            self.text(path, self.duration(v))
        elif isinstance(v, Range):
            self.text(path, formatting.value_range(v.min, v.max, field, self.t))
        elif isinstance(v, BaseModel):
            if field == "conditions":
                self.html.append((path, f'data-answer="{v.answer}"'))
            if field == "deadlines":
                self.text(f"{path}.year", str(v.year))
            if field == "grant" and v.max_eur is not None:
                self.text(f"{path}.per", self.t("grant.per_year" if v.per == "year" else "grant.per_project"))
            self.walk(kind, type(v), v, prefix=f"{path}.")
        elif isinstance(v, bool) and field == "illustrative":
            # An example the source made up says so; a real one says it was funded.
            self.text(path, self.t("pages.project_illustrative" if v else "pages.project_funded"))
        elif isinstance(v, bool) and field == "provisional":
            if v:  # a date the source gives as preliminary says so
                self.text(path, self.t("deadline.provisional"))
        elif isinstance(v, bool):
            raise AssertionError(f"{kind}: no rule for showing the yes/no field {path}")
        elif isinstance(v, dt.date):
            self.text(path, formatting.date(v))
        elif isinstance(v, int):
            if field in MONEY:
                self.text(path, formatting.money(v, self.t))
            elif field == "max_share_percent":
                self.text(path, f"{v} %")
            else:
                self.text(path, formatting.number(v))
        elif isinstance(v, str):
            if field in ENUM_KEYS:
                self.text(path, self.t(ENUM_KEYS[field] + v))
            elif field == "published" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
                self.text(path, formatting.date(dt.date.fromisoformat(v)))
            elif field == "url":
                self.html.append((path, f'href="{htmllib.escape(v)}"'))
                self.text(path, v)
            else:
                self.text(path, v)
        else:
            raise AssertionError(f"{kind}: no rule for showing {path} of type {type(v).__name__}; "
                                 "add one here and show the field on the record's page")


def expectations(db, kind: str, record, lang: str) -> Expectations:
    exp = Expectations(db, lang)
    exp.walk(kind, type(record), record)
    if kind == "countries" and getattr(record, "last_checked", None):
        # The countries page gives one date for the list: the latest check of any country.
        latest = max(c.last_checked for c in db.countries.values() if c.last_checked)
        exp.texts = [(p, v) for p, v in exp.texts if p != "last_checked"]
        assert record.last_checked <= latest
        exp.text("last_checked(latest)", formatting.date(latest))
    if kind in RECORD_ANCHOR:
        exp.html.append(("id", f'id="{RECORD_ANCHOR[kind].format(id=record.id)}"'))
    return exp


def record_kinds(db):
    return [k for k in RECORD_PAGE if db.kind(k)]


@pytest.mark.parametrize("lang", LANGS)
def test_every_field_of_every_record_is_on_its_page(built_site, db, lang):
    cache: dict[str, tuple[str, str]] = {}
    missing = []
    checked = 0
    for kind in record_kinds(db):
        for record in db.kind(kind).values():
            page = RECORD_PAGE[kind].format(id=record.id)
            if page not in cache:
                path = page_file(built_site, lang, page)
                assert path.is_file(), f"{kind} `{record.id}` has no page {lang}/{page}"
                html = article(path.read_text(encoding="utf-8"))
                cache[page] = (html, norm(text_of(html)))
            html, text = cache[page]
            exp = expectations(db, kind, record, lang)
            for field, value in exp.texts:
                checked += 1
                if value not in text:
                    missing.append(f"{lang}/{page}: {kind} `{record.id}` field `{field}`: {value!r}")
            for field, fragment in exp.html:
                checked += 1
                if fragment not in html:
                    missing.append(f"{lang}/{page}: {kind} `{record.id}` field `{field}`: no {fragment!r} in the HTML")
    assert checked > 2000  # the walk really covered the data
    assert not missing, f"{len(missing)} field(s) not shown:\n" + "\n".join(missing[:60])


def test_record_pages_show_the_same_numbers_in_both_languages(built_site, db):
    # A page that drops a figure in one language only is a translation defect.
    digits = re.compile(r"\d[\d\u00a0]*")
    for kind in ("actions", "activity_types", "projects"):
        for record in db.kind(kind).values():
            page = RECORD_PAGE[kind].format(id=record.id)
            found = {lang: sorted(digits.findall(text_of(article(page_file(built_site, lang, page)
                                                                 .read_text(encoding="utf-8")))))
                     for lang in LANGS}
            assert found["fi"] == found["sv"], page


# -- links ------------------------------------------------------------------------------

def content_pages(root: Path) -> list[str]:
    """The hand-written pages of content/ as built page paths: 'actions/index.html', ..."""
    out = set()
    for md in (root / "content").rglob("*.fi.md"):
        out.add(md.relative_to(root / "content").as_posix()[: -len(".fi.md")] + ".html")
    return sorted(out)


def ids_in(site: Path, rel: str, cache: dict) -> set[str]:
    if rel not in cache:
        cache[rel] = parse((site / rel).read_text(encoding="utf-8")).ids
    return cache[rel]


@pytest.mark.parametrize("lang", LANGS)
def test_links_in_record_and_content_pages_resolve(built_site, db, root, lang):
    record_pages = sorted({RECORD_PAGE[k].format(id=r.id) for k in ("actions", "key_actions", "activity_types",
                                                                      "themes", "projects")
                           for r in db.kind(k).values()})
    to_check = record_pages + content_pages(root)
    id_cache: dict[str, set[str]] = {}
    broken, followed = [], 0
    for page in to_check:
        here = page if lang == "fi" else f"sv/{page}"
        html = article((built_site / here).read_text(encoding="utf-8"))
        assert html, f"{here} has no article"
        for a in parse(html).anchors:
            href = a.get("href")
            if not href or re.match(r"^[a-z]+:", href):
                continue  # external addresses and mailto: are not ours to resolve
            target, _, fragment = href.partition("#")
            rel = posixpath.normpath(posixpath.join(posixpath.dirname(here), target)) if target else here
            followed += 1
            if rel.startswith("../") or not (built_site / rel).is_file():
                broken.append(f"{here}: {href} -> {rel} does not exist")
                continue
            if lang == "sv" and not rel.startswith("sv/"):
                broken.append(f"{here}: {href} leaves the Swedish site")
            if fragment and fragment not in ids_in(built_site, rel, id_cache):
                broken.append(f"{here}: {href} -> no element with id `{fragment}` in {rel}")
    assert followed > len(to_check)
    assert not broken, "\n".join(broken[:50])


def test_every_record_page_is_reachable_from_an_index(built_site, db):
    # Record pages are kept out of the navigation; the index pages must lead to each one.
    index_for = {"actions": "actions/index.html", "key_actions": "key-actions/index.html",
                 "activity_types": "activity-types/index.html", "themes": "themes/index.html",
                 "projects": "projects/index.html"}
    for lang in LANGS:
        for kind, index in index_for.items():
            here = index if lang == "fi" else f"sv/{index}"
            html = article((built_site / here).read_text(encoding="utf-8"))
            targets = {posixpath.normpath(posixpath.join(posixpath.dirname(here), a["href"].split("#")[0]))
                       for a in parse(html).anchors if a.get("href")}
            for r in db.kind(kind).values():
                page = RECORD_PAGE[kind].format(id=r.id)
                assert (page if lang == "fi" else f"sv/{page}") in targets, f"{here} does not link to {page}"


def test_record_pages_are_not_in_the_navigation(built_site, db):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):]
    nav = nav[: nav.index("</nav>")]
    for kind in ("actions", "activity_types", "themes", "projects"):
        for r in db.kind(kind).values():
            assert RECORD_PAGE[kind].format(id=r.id) not in nav, r.id


# -- periods ------------------------------------------------------------------------------

class PeriodLinks(HTMLParser):
    """Each link with the programme periods (data-period) of the elements around it."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []
        self.links: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append((a["href"], [p for _, p in self.stack if p] + ([a["data-period"]] if a.get("data-period") else [])))
        if tag not in self.VOID:
            self.stack.append((tag, a.get("data-period")))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break


@pytest.mark.parametrize("lang", LANGS)
def test_no_previous_period_action_is_shown_as_current(built_site, db, lang):
    current = db.ui_text("period.2021-2027", lang)
    previous = db.ui_text("period.2014-2020", lang)
    old = {f"actions/{a.id}.html" for a in db.actions_where(period="2014-2020")}
    assert old, "the data holds no 2014-2020 action"
    # 1. Its own page says "previous", never "current", and carries the notice.
    for page in sorted(old):
        html = article(page_file(built_site, lang, page).read_text(encoding="utf-8"))
        text = text_of(html)
        assert previous in text and current not in text, page
        assert 'class="kb-action" data-period="2014-2020"' in html, page
        assert "kb-previous" in html, page
    # 2. Wherever our pages list actions, a link to a 2014-2020 action sits inside a part
    #    marked as the previous period (or on a page that is itself about that period).
    listing_pages = ["index.html", "actions/index.html", "key-actions/index.html", "projects/index.html",
                     "themes/index.html"] + [f"key-actions/{k}.html" for k in db.key_actions] \
        + [RECORD_PAGE[k].format(id=r.id) for k in ("actions", "activity_types", "themes", "projects")
           for r in db.kind(k).values()]
    checked = 0
    for page in listing_pages:
        here = page if lang == "fi" else f"sv/{page}"
        parser = PeriodLinks()
        parser.feed(article((built_site / here).read_text(encoding="utf-8")))
        for href, periods in parser.links:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href.split("#")[0]))
            if target in old and target != page:
                checked += 1
                assert periods and periods[-1] == "2014-2020", \
                    f"{here} links to the 2014-2020 action {target} outside a part marked as the previous period"
    assert checked >= len(old)
    # 3. The home page's "start by sector" lists current actions only.
    home = article(page_file(built_site, lang, "index.html").read_text(encoding="utf-8"))
    assert not any(f'href="{p}"' in home for p in old)


@pytest.mark.parametrize("lang", LANGS)
def test_every_record_page_shows_its_period_and_check_date(built_site, db, lang):
    for kind in ("actions", "activity_types", "themes", "projects"):
        for r in db.kind(kind).values():
            page = RECORD_PAGE[kind].format(id=r.id)
            html = article(page_file(built_site, lang, page).read_text(encoding="utf-8"))
            # The badge comes first, before the summary, where a reader sees it at once.
            badge = f'class="kb-period kb-period--{r.period}"'
            assert badge in html and html.index(badge) < html.index("kb-summary"), page
            assert f'<time datetime="{r.last_checked.isoformat()}">' in html, page
