"""The search relevance suite: queries an applicant types and the page that must answer.

Shared by tests/test_search_relevance.py (the real site, both languages, over http and
file://) and scripts/bench.py (the same at bench scale). Queries come from two places:
tests/search_queries.yaml (written by hand: inflected forms, English names, ...) and
`generated_queries` (from data/: every code, every action and key action name in the
page's language and in the other one, every glossary term). Expected pages are named by
record or content page and resolved against the data, never by title.

In the browser a query is typed into Material's search box key by key, as a reader
types it (Material reacts to key events, so the value is never set directly).
"""
from __future__ import annotations

import fnmatch
import json
import re
import statistics
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUERIES_FILE = ROOT / "tests" / "search_queries.yaml"
LANGS = ("fi", "sv")
OTHER = {"fi": "sv", "sv": "fi"}
CODE_RANK = 1   # a code query's page must come first
OTHER_RANK = 3  # every other query's page must be within the first three
REQUIRED_RATE = 0.95  # of the non-code queries


@dataclass(frozen=True)
class Query:
    kind: str
    lang: str
    text: str
    expected: frozenset[str]  # page paths relative to the language root, e.g. actions/ka220-vet.html
    rank: int
    origin: str  # "yaml" or "data"


@dataclass
class Outcome:
    query: Query
    found: list[str]  # page paths, best first (sections reduced to their page)
    empty_titles: int = 0
    latency_ms: float | None = None

    @property
    def position(self) -> int | None:
        for i, path in enumerate(self.found):
            if path in self.query.expected:
                return i + 1
        return None

    @property
    def hit(self) -> bool:
        return self.position is not None and self.position <= self.query.rank


# -- the queries ---------------------------------------------------------------------------

def _page_dirs() -> dict[str, str]:
    from kb.registry import PAGE_DIRS
    return PAGE_DIRS


def _record_pages(db, pattern: str) -> frozenset[str]:
    kind, _, ids = pattern.partition("/")
    records = db.kind(kind)
    chosen = [rid for rid in records if fnmatch.fnmatchcase(rid, ids)]
    if not chosen:
        raise ValueError(f"{QUERIES_FILE.name}: no record matches {pattern!r}")
    return frozenset(f"{_page_dirs()[kind]}/{rid}.html" for rid in chosen)


def _content_page(root: Path, path: str) -> frozenset[str]:
    if not (root / "content" / f"{path}.fi.md").exists():
        raise ValueError(f"{QUERIES_FILE.name}: no page content/{path}.fi.md")
    return frozenset([f"{path}.html"])


def yaml_queries(db, root: Path = ROOT) -> list[Query]:
    from ruamel.yaml import YAML

    # The queries are this repository's; the data they name may be a copy's (make bench).
    entries = YAML(typ="safe").load(QUERIES_FILE.read_text(encoding="utf-8"))
    queries = []
    for e in entries:
        if "record" in e:
            expected = _record_pages(db, e["record"])
            if len(expected) != 1:
                raise ValueError(f"{QUERIES_FILE.name}: record {e['record']!r} is not one record")
        elif "records" in e:
            expected = _record_pages(db, e["records"])
        else:
            expected = _content_page(root, e["page"])
        rank = int(e.get("rank", CODE_RANK if e["kind"] == "code" else OTHER_RANK))
        for lang in (LANGS if e["lang"] == "both" else [e["lang"]]):
            queries.append(Query(e["kind"], lang, str(e["query"]), expected, rank, "yaml"))
    return queries


def generated_queries(db) -> list[Query]:
    """Queries that follow the data: every action code in three spellings, every action
    and key action name (in the page's language and the other one), every glossary term
    and abbreviation (the glossary page within the first three)."""
    dirs = _page_dirs()
    queries: list[Query] = []
    by_code: dict[str, set[str]] = defaultdict(set)
    for action in db.actions.values():
        by_code[action.code].add(f"{dirs['actions']}/{action.id}.html")
    for lang in LANGS:
        for code, pages in by_code.items():
            if not re.fullmatch(r"KA\d+(-[A-Z]+)?", code):
                continue  # names such as "Teacher Academies" are names (yaml: abbreviation)
            spellings = {code, code.lower(), code.lower().replace("-", "")}
            for text in sorted(spellings):
                queries.append(Query("code", lang, text, frozenset(pages), CODE_RANK, "data"))
        for ka in db.key_actions.values():
            page = frozenset([f"{dirs['key_actions']}/{ka.id}.html"])
            queries.append(Query("code", lang, f"KA{ka.number}", page, CODE_RANK, "data"))
            queries.append(Query("name", lang, ka.name[lang], page, OTHER_RANK, "data"))
            queries.append(Query("other-language", lang, ka.name[OTHER[lang]], page, OTHER_RANK, "data"))
        for action in db.actions.values():
            page = frozenset([f"{dirs['actions']}/{action.id}.html"])
            queries.append(Query("name", lang, action.name[lang], page, OTHER_RANK, "data"))
            if action.name[OTHER[lang]] != action.name[lang]:
                queries.append(Query("other-language", lang, action.name[OTHER[lang]], page, OTHER_RANK, "data"))
        named = _named_pages(db, lang)
        for term in db.glossary.values():
            # The glossary answers a term, and so does a record page named by it.
            answers = frozenset(["glossary.html"]) | frozenset(
                page for page, name in named if _names(name, term.term[lang]))
            queries.append(Query("glossary", lang, term.term[lang], answers, OTHER_RANK, "data"))
            if term.abbreviation and not re.fullmatch(r"KA\d", term.abbreviation):
                queries.append(Query("glossary", lang, term.abbreviation, answers, OTHER_RANK, "data"))
    # One query per (language, text): the first expectation given wins, yaml before data.
    return queries


def _named_pages(db, lang: str) -> list[tuple[str, str]]:
    dirs = _page_dirs()
    return [(f"{dirs[kind]}/{rid}.html", record.name[lang])
            for kind in ("actions", "key_actions", "activity_types", "themes")
            for rid, record in db.kind(kind).items()]


def _names(name: str, term: str) -> bool:
    """Does the page name hold the term, its words inflected or not ("Kumppanuushankkeet,
    kouluopetus" holds "kumppanuushanke")? Words are compared by their beginnings."""
    words = re.findall(r"\w+", name.casefold())
    for part in re.findall(r"\w+", term.casefold()):
        start = part[:-2] if len(part) > 5 else part
        if not any(w.startswith(start) for w in words):
            return False
    return True


def all_queries(root: Path = ROOT) -> list[Query]:
    from kb.state import KnowledgeBase

    db = KnowledgeBase(root).get().db
    seen: set[tuple[str, str]] = set()
    queries = []
    for q in yaml_queries(db, root) + generated_queries(db):
        key = (q.lang, q.text.casefold())
        if key not in seen:
            seen.add(key)
            queries.append(q)
    return queries


def sample(queries: list[Query], per_kind: int = 2) -> list[Query]:
    """A few queries of every kind and language (for file://, where each query costs more)."""
    taken: dict[tuple[str, str], int] = defaultdict(int)
    chosen = []
    for q in queries:
        if taken[(q.lang, q.kind)] < per_kind:
            taken[(q.lang, q.kind)] += 1
            chosen.append(q)
    return chosen


# -- in the browser ---------------------------------------------------------------------------

# Added to every page before its scripts run (context.add_init_script): counts the queries
# Material's page script sends to the search worker and the results that come back, over
# http (a Worker) and file:// (the iframe-worker shim, which replaces window.Worker).
WORKER_WATCH = """(() => {
  window.__kbSent = 0; window.__kbAnswered = 0; window.__kbResultAt = 0;
  const QUERY = 2, RESULT = 3;  // Material's SearchMessageType
  function watched(Base) {
    if (!Base || Base.__kbWatched) return Base;
    class Watched extends Base {
      constructor(...args) {
        super(...args);
        this.addEventListener('message', ev => {
          if (ev.data && ev.data.type === RESULT) { window.__kbAnswered++; window.__kbResultAt = performance.now(); }
        });
      }
      postMessage(message, ...rest) {
        if (message && message.type === QUERY) window.__kbSent++;
        return super.postMessage(message, ...rest);
      }
    }
    Watched.__kbWatched = true;
    return Watched;
  }
  let current = watched(window.Worker);
  Object.defineProperty(window, 'Worker', {configurable: true, get: () => current, set: v => { current = watched(v); }});
})()"""

# Installed once per page: when the last key went down and when the results last changed.
_WATCH = """() => {
  if (window.__kbWatch) return;
  window.__kbWatch = true;
  window.__kbKey = 0; window.__kbChange = 0;
  document.addEventListener('keydown', () => { window.__kbKey = performance.now(); }, true);
  const target = document.querySelector('.md-search-result');
  new MutationObserver(() => { window.__kbChange = performance.now(); })
    .observe(target, {childList: true, subtree: true, characterData: true});
}"""

# Settled: the box holds the whole query, the worker has answered every query sent (it
# answers in order, so the last answer is the last keystroke's) and the page has drawn it.
_SETTLED = """([q, sent, quiet]) => {
  const input = document.querySelector('input.md-search__input');
  const now = performance.now();
  return input.value === q && window.__kbSent > sent && window.__kbAnswered === window.__kbSent
    && now - window.__kbResultAt > quiet;
}"""

_RESULTS = """() => [...document.querySelectorAll('.md-search-result__item > a.md-search-result__link')]
  .map(a => ({href: a.href,
              title: (a.querySelector('h1, h2') || {textContent: ''}).textContent.trim()}))"""


def open_search(tab) -> None:
    """Open the search as a reader does and wait until it is ready (index loaded)."""
    config = json.loads(tab.inner_text("#__config"))
    ready = config["translations"]["search.result.placeholder"]
    tab.click("input.md-search__input")
    tab.wait_for_function("t => document.querySelector('.md-search-result__meta').textContent.trim() === t",
                          arg=ready, timeout=60000)
    tab.evaluate(_WATCH)


def run_query(tab, query: Query, to_path, quiet_ms: int = 40) -> Outcome:
    """Type the query (after clearing the box with the keyboard); the results shown.
    The page must have WORKER_WATCH as an init script."""
    box = tab.locator("input.md-search__input")
    box.press("Control+a")
    box.press("Backspace")
    sent = tab.evaluate("() => window.__kbSent")
    box.press_sequentially(query.text, delay=10)
    tab.wait_for_function(_SETTLED, arg=[query.text, sent, quiet_ms], timeout=30000, polling=10)
    latency = tab.evaluate("() => Math.max(window.__kbChange, window.__kbResultAt) - window.__kbKey")
    items = tab.evaluate(_RESULTS)
    found = []
    for item in items[:10]:
        path = to_path(item["href"])
        if path not in found:
            found.append(path)
    # Every result shown, the sections listed under their page included, has a title.
    empty = tab.evaluate("""() => [...document.querySelectorAll('.md-search-result a.md-search-result__link')]
      .filter(a => !(a.querySelector('h1, h2') || {textContent: ''}).textContent.trim()).length""")
    return Outcome(query, found, empty, latency)


# -- the figures ------------------------------------------------------------------------------

def rates(outcomes: list[Outcome]) -> dict[tuple[str, str], tuple[int, int]]:
    """(language, kind) -> (hits, queries)."""
    table: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for o in outcomes:
        cell = table[(o.query.lang, o.query.kind)]
        cell[0] += o.hit
        cell[1] += 1
    return {k: (v[0], v[1]) for k, v in sorted(table.items())}


def report(outcomes: list[Outcome], title: str) -> str:
    lines = [f"Search relevance, {title}: hits / queries per language and kind "
             f"(codes: first; others: within the first {OTHER_RANK})"]
    for (lang, kind), (hits, total) in rates(outcomes).items():
        lines.append(f"  {lang}  {kind:15} {hits:4}/{total:<4} {100 * hits / total:5.1f} %")
    for lang in LANGS:
        mine = [o for o in outcomes if o.query.lang == lang]
        if mine:
            hits = sum(o.hit for o in mine)
            lines.append(f"  {lang}  {'all':15} {hits:4}/{len(mine):<4} {100 * hits / len(mine):5.1f} %")
    latencies = [o.latency_ms for o in outcomes if o.latency_ms is not None]
    if latencies:
        latencies.sort()
        p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))]
        lines.append(f"  last keystroke to results: median {statistics.median(latencies):.0f} ms, "
                     f"95th percentile {p95:.0f} ms, max {latencies[-1]:.0f} ms")
    misses = [o for o in outcomes if not o.hit]
    for o in misses:
        lines.append(f"  MISS {o.query.lang} {o.query.kind}: {o.query.text!r} expected "
                     f"{sorted(o.query.expected)[:2]}{'...' if len(o.query.expected) > 2 else ''} "
                     f"(rank <= {o.query.rank}), got {o.found[:3]}")
    empty = [o for o in outcomes if o.empty_titles]
    for o in empty:
        lines.append(f"  EMPTY TITLE {o.query.lang}: {o.query.text!r}: {o.empty_titles} result(s)")
    return "\n".join(lines)


def failures(outcomes: list[Outcome]) -> list[str]:
    """What the suite requires: every code query first, 95 % of the rest within three,
    and no result without a title."""
    problems = []
    for lang in LANGS:
        codes = [o for o in outcomes if o.query.lang == lang and o.query.kind == "code"]
        missed = [o.query.text for o in codes if not o.hit]
        if missed:
            problems.append(f"{lang}: code queries not answered first: {missed}")
        rest = [o for o in outcomes if o.query.lang == lang and o.query.kind != "code"]
        if rest:
            rate = sum(o.hit for o in rest) / len(rest)
            if rate < REQUIRED_RATE:
                problems.append(f"{lang}: {100 * rate:.1f} % of the other queries within the first "
                                f"{OTHER_RANK} (at least {100 * REQUIRED_RATE:.0f} % required)")
    empty = [f"{o.query.lang}:{o.query.text}" for o in outcomes if o.empty_titles]
    if empty:
        problems.append(f"results without a title for: {empty}")
    return problems
