"""`make bench`: build the site from a synthetic data set that is large for this domain
and report what the build costs and what it produces.

In a throw-away copy of the project, the real records are topped up with generated,
valid, bilingual records (by default to 2,000 example projects and 200 funding actions),
then the site is built three ways:

1. the real build (data layer: load, validate, generate record pages, Jinja-render every
   page through the hook), timed in its own process;
2. the same pages with the data layer bypassed: every page's Markdown pre-rendered to a
   file by the same Renderer, the hook removed from mkdocs.yml; the ratio of the two is
   the data layer's own cost;
3. the real build again under cProfile, to show where the time goes.

Beside them: the same site built by ProperDocs 1.6.7, `make export` of the large data
set, and the live preview's delay (`make serve`: from saving a data file to the changed
text being served) at the real size and at the large size.

It prints build seconds, milliseconds per page, peak memory (getrusage of the build
process), pages built, average HTML bytes per page (raw and gzip), the search index size,
each page's own scripts, and the budgets of issue 8 with OK/OVER.

    python scripts/bench.py [--projects 2000] [--actions 200] [--no-profile] [--no-preview] [--keep DIR]
"""
from __future__ import annotations

import argparse
import cProfile  # noqa: F401 - used through `python -m cProfile` in the profile run
import datetime as dt
import gzip
import json
import os
import pstats
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

SITE_URL = "https://erasmus.example.fi/kb/"
PROJECT_PARTS = ("data", "content", "overrides", "scripts", "mkdocs.yml")

# Budgets (issue 8).
BUDGET_RATIO = 1.3  # build time per page, data layer / pre-rendered
BUDGET_AVG_HTML = 60 * 1024  # average page HTML, raw bytes
BUDGET_OWN_SCRIPTS_GZ = 30 * 1024  # a page's own scripts beyond the theme's, gzip bytes


# -- synthetic records ------------------------------------------------------------------
# Bilingual building blocks, written for this benchmark. Finnish objects are in the
# partitive, so that they fit every verb they are used with.

TOPICS = [
    ("digitaalisten oppimisympäristöjen käyttöä", "användningen av digitala lärmiljöer"),
    ("työpaikalla tapahtuvan oppimisen ohjausta", "handledningen av lärande på arbetsplatsen"),
    ("vihreän siirtymän osaamista", "kompetensen för den gröna omställningen"),
    ("maahanmuuttajien kielikoulutusta", "språkutbildningen för invandrare"),
    ("opettajien täydennyskoulutusta", "fortbildningen av lärare"),
    ("nuorten osallisuutta paikallisessa päätöksenteossa", "ungas delaktighet i det lokala beslutsfattandet"),
    ("kiertotalouden opetusta", "undervisningen i cirkulär ekonomi"),
    ("erityistä tukea tarvitsevien opiskelijoiden ohjausta", "handledningen av studerande som behöver särskilt stöd"),
    ("yrittäjyyskasvatusta", "fostran till entreprenörskap"),
    ("osaamisen tunnistamista ja tunnustamista", "identifieringen och erkännandet av kunnande"),
    ("medialukutaitoa", "mediekunnigheten"),
    ("kestävää matkailua", "hållbar turism"),
    ("hoiva-alan käytännön harjoittelua", "den praktiska praktiken inom vårdbranschen"),
    ("rakennusalan energiatehokkuutta", "energieffektiviteten inom byggbranschen"),
    ("kulttuuriperinnön opetuskäyttöä", "användningen av kulturarvet i undervisningen"),
    ("etäopetuksen pedagogiikkaa", "distansundervisningens pedagogik"),
    ("ruoantuotannon uusia menetelmiä", "nya metoder inom livsmedelsproduktionen"),
    ("liikunnan ja hyvinvoinnin edistämistä", "främjandet av motion och välbefinnande"),
    ("kansainvälisyysosaamista", "den internationella kompetensen"),
    ("ohjelmoinnin opetusta", "undervisningen i programmering"),
]
GROUPS = [
    ("ammatillisen koulutuksen opettajat", "lärare inom yrkesutbildningen"),
    ("aikuisopiskelijat", "vuxenstuderande"),
    ("nuorisotyöntekijät", "ungdomsarbetare"),
    ("koulujen rehtorit", "skolrektorer"),
    ("korkeakoulujen henkilöstö", "personalen vid högskolor"),
    ("vastavalmistuneet", "nyutexaminerade"),
    ("työpaikkaohjaajat", "arbetsplatshandledare"),
    ("maahanmuuttajataustaiset nuoret", "unga med invandrarbakgrund"),
]
OUTPUTS = [
    ("opetusmateriaalipaketti", "ett paket med undervisningsmaterial"),
    ("verkkokurssi", "en nätkurs"),
    ("opas", "en handbok"),
    ("mobiilisovellus", "en mobilapp"),
    ("toimintamalli", "en verksamhetsmodell"),
    ("arviointityökalu", "ett bedömningsverktyg"),
    ("koulutusohjelma", "ett utbildningsprogram"),
]
SUMMARIES = [
    ("Hankkeessa {coord} ja kumppanit {n} maasta kehittävät yhdessä {topic}.",
     "I projektet utvecklar {coord} och partner från {n} länder tillsammans {topic}."),
    ("{coord} koordinoi hanketta, joka edistää {topic}. Kohderyhmänä ovat {group}.",
     "{coord} samordnar projektet, som främjar {topic}. Målgruppen är {group}."),
    ("Kumppanit vertailevat, miten eri maissa tuetaan {topic}, ja kokeilevat parhaita käytäntöjä omassa työssään.",
     "Partnerna jämför hur man i olika länder stöder {topic} och prövar de bästa metoderna i sitt eget arbete."),
]
ACTIVITIES = [
    ("Kumppanit järjestävät {k} yhteistä koulutustapahtumaa, joissa käsitellään {topic}.",
     "Partnerna ordnar {k} gemensamma utbildningsevenemang som behandlar {topic}."),
    ("{group} tekevät opintovierailuja kumppanimaihin.", "{group} gör studiebesök i partnerländerna."),
    ("Hankkeen verkkoseminaareihin voivat osallistua myös kumppaneiden ulkopuoliset organisaatiot.",
     "Också organisationer utanför partnergruppen kan delta i projektets webbinarier."),
    ("Kumppanit kokoontuvat suunnittelukokouksiin kahdesti vuodessa.", "Partnerna samlas till planeringsmöten två gånger om året."),
]
RESULTS = [
    ("Hankkeen tuloksena syntyy {output}, jota kuka tahansa voi käyttää maksutta.",
     "Projektet resulterar i {output} som vem som helst kan använda utan kostnad."),
    ("Tulokset esitellään loppuseminaarissa ja kumppaneiden verkkosivuilla.",
     "Resultaten presenteras vid ett slutseminarium och på partnernas webbplatser."),
    ("{group} saavat hankkeessa kokemusta kansainvälisestä yhteistyöstä.",
     "{group} får erfarenhet av internationellt samarbete i projektet."),
]
TITLE_PARTS = ["Green", "Digi", "Skills", "Bridge", "Future", "Inclusive", "Smart", "Eco", "Open", "Agri",
               "Care", "Tech", "Youth", "Mentor", "Craft", "Nordic", "Blue", "Learn", "Work", "Media"]
TITLE_ENDS = ["Lab", "Net", "Path", "Hub", "Forward", "Steps", "Europe", "Link", "Works", "Academy"]
TOWNS = {
    "fi": ["Tampere", "Oulu", "Turku", "Vaasa", "Kuopio", "Jyväskylä", "Joensuu", "Lahti", "Porvoo", "Kokkola"],
    "se": ["Umeå", "Luleå", "Malmö", "Uppsala", "Örebro"], "de": ["Leipzig", "Bremen", "Kassel", "Freiburg"],
    "es": ["Valencia", "Bilbao", "Sevilla", "Zaragoza"], "it": ["Bologna", "Torino", "Bari", "Verona"],
    "ee": ["Tartu", "Pärnu", "Narva"], "pl": ["Kraków", "Gdańsk", "Poznań"], "pt": ["Porto", "Braga", "Coimbra"],
    "nl": ["Utrecht", "Groningen", "Tilburg"], "no": ["Bergen", "Tromsø", "Trondheim"],
}
ORG_TYPES = {
    "fi": ["Koulutuskuntayhtymä {t}", "{t}n ammattiopisto", "Kansalaisopisto {t}", "{t}n kaupunki"],
    "se": ["{t} folkhögskola", "Yrkeshögskolan i {t}"], "de": ["Berufskolleg {t}", "Volkshochschule {t}"],
    "es": ["Instituto de Formación Profesional de {t}", "Ayuntamiento de {t}"],
    "it": ["Istituto Professionale di {t}", "Comune di {t}"], "ee": ["{t} Kutsehariduskeskus"],
    "pl": ["Centrum Kształcenia Zawodowego w {t}"], "pt": ["Escola Profissional de {t}"],
    "nl": ["ROC {t}"], "no": ["{t} fagskole"],
}


def _fmt(pair: tuple[str, str], **values) -> dict:
    """Fill both languages of a template; values are (fi, sv) pairs or plain values."""
    out = {}
    for i, lang in enumerate(("fi", "sv")):
        vals = {k: (v[i] if isinstance(v, tuple) else v) for k, v in values.items()}
        text = pair[i].format(**vals)
        out[lang] = text[0].upper() + text[1:]
    return out


def _load_raw(path: Path) -> list[dict]:
    from ruamel.yaml import YAML

    doc = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    return [doc] if isinstance(doc, dict) else doc or []  # data/<kind>/<id>.yaml holds one record


def _dump(records: list[dict], path: Path, header: str) -> None:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 4096
    with path.open("w", encoding="utf-8") as fh:
        fh.write(header)
        yaml.dump(records, fh)


def generate(project: Path, n_projects: int, n_actions: int, seed: int) -> dict[str, int]:
    """Top the copy's records up to n_actions actions and n_projects projects."""
    from kb.state import KnowledgeBase

    rng = random.Random(seed)
    db = KnowledgeBase(project).get().db  # the real records, validated
    today = dt.date.today()

    # Funding actions: variants of the real actions (all their optional parts), with a
    # new id, code, name and summary. No successors, so that no page lists hundreds of
    # predecessors; themes and activity types keep naming the real actions only.
    raw_actions = [r for f in sorted((project / "data" / "actions").glob("*.yaml")) for r in _load_raw(f)]
    new_actions = []
    codes = {a.code for a in db.actions.values()}
    for i in range(max(0, n_actions - len(db.actions))):
        template = dict(raw_actions[i % len(raw_actions)])
        topic = rng.choice(TOPICS)
        template["id"] = f"{template['id']}-b{i:03d}"
        code = f"{template['code']}-B{i:03d}"
        assert code not in codes
        codes.add(code)
        template["code"] = code
        template["name"] = _fmt(("{name}: {topic}", "{name}: {topic}"),
                                name=(template["name"]["fi"], template["name"]["sv"]), topic=topic)
        template["summary"] = {lang: template["summary"][lang] + " " + _fmt(SUMMARIES[2], topic=topic)[lang]
                               for lang in ("fi", "sv")}
        template.pop("successors", None)
        new_actions.append(template)
    if new_actions:
        _dump(new_actions, project / "data" / "actions" / "bench.yaml", "# Synthetic actions for make bench.\n")

    # Example projects, each under an action of the same period, with partners, themes,
    # activities and results written from the building blocks above.
    actions = [(a.id, a.period, a.sectors) for a in db.actions.values()]
    actions += [(a["id"], a["period"], tuple(a["sectors"])) for a in new_actions]
    themes_by_period = defaultdict(list)
    for t in db.themes.values():
        themes_by_period[t.period].append(t.id)
    countries = [c for c in db.countries if c in TOWNS] or list(db.countries)
    source = next(iter(db.sources))
    titles: set[str] = {p.title for p in db.projects.values()}
    new_projects = []
    for i in range(max(0, n_projects - len(db.projects))):
        action_id, period, sectors = rng.choice(actions)
        topic, group, output = rng.choice(TOPICS), rng.choice(GROUPS), rng.choice(OUTPUTS)
        partner_countries = ["fi"] + rng.sample([c for c in countries if c != "fi"], rng.randint(1, min(5, len(countries) - 1)))
        partners = []
        for j, country in enumerate(partner_countries):
            town = rng.choice(TOWNS.get(country, ["Europa"]))
            name = rng.choice(ORG_TYPES.get(country, ["{t} Training Centre"])).format(t=town)
            partners.append({"name": name, "country": country, "role": "coordinator" if j == 0 else "partner"})
        title = rng.choice(TITLE_PARTS) + rng.choice(TITLE_PARTS) + " " + rng.choice(TITLE_ENDS)
        if title in titles:
            title = f"{title} {i + 1}"
        titles.add(title)
        record = {
            "id": re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") + f"-{i:04d}",
            "title": title,
            "summary": _fmt(rng.choice(SUMMARIES[:2]), coord=partners[0]["name"], n=len(partners), topic=topic, group=group),
            "action": action_id,
            "sectors": [rng.choice(list(sectors))],
            "themes": rng.sample(themes_by_period[period], min(len(themes_by_period[period]), rng.randint(1, 3))),
            "partners": partners,
            "duration": {"min": rng.choice([12, 18, 24]), "max": rng.choice([24, 30, 36]), "unit": "months"},
            "activities": [_fmt(a, k=rng.randint(2, 5), topic=topic, group=group) for a in rng.sample(ACTIVITIES, 2)],
            "results": [_fmt(r, output=output, group=group) for r in rng.sample(RESULTS, 2)],
            "period": period,
            "sources": [source],
            "last_checked": today,
        }
        if rng.random() < 0.3:
            record["url"] = f"https://projects.example.eu/{record['id']}"
        new_projects.append(record)
    if new_projects:
        (project / "data" / "projects").mkdir(exist_ok=True)
        _dump(new_projects, project / "data" / "projects" / "bench.yaml", "# Synthetic example projects for make bench.\n")

    loaded = KnowledgeBase(project).get()  # everything generated must be valid
    return {"actions": len(loaded.db.actions), "projects": len(loaded.db.projects)}


# -- the pre-rendered copy (data layer bypassed) -------------------------------------------


def prerender(project: Path, out_dir: Path) -> int:
    """Write every page's rendered Markdown, as the hook would hand it to MkDocs
    (kb.site: the same pages and the same render function as the hook and the export)."""
    from kb.site import render_page, source_pages
    from kb.state import KnowledgeBase

    loaded = KnowledgeBase(project).get()
    content = project / "content"
    shutil.copytree(content, out_dir, ignore=shutil.ignore_patterns("*.md"))
    pages = source_pages(loaded, content)
    for page in pages:
        (out_dir / page.src_uri).parent.mkdir(parents=True, exist_ok=True)
        (out_dir / page.src_uri).write_text(page.front_matter + render_page(loaded, page), encoding="utf-8")
    return len(pages)


def without_hook(config_text: str, docs_dir: str) -> str:
    """mkdocs.yml with the hooks section removed and docs_dir pointing elsewhere."""
    lines, out, skipping = config_text.splitlines(), [], False
    for line in lines:
        if re.match(r"^hooks:\s*$", line):
            skipping = True
            continue
        if skipping and (line.startswith((" ", "\t", "-")) or not line.strip()):
            continue
        skipping = False
        out.append(line)
    text = "\n".join(out) + "\n"
    return re.sub(r"(?m)^docs_dir:.*$", f"docs_dir: {docs_dir}", text)


# -- running builds -----------------------------------------------------------------------

def _child_build(config: str, site: str, profile_out: str | None, engine: str = "mkdocs") -> int:
    """In a child process: run one build and report its time and peak memory as JSON."""
    cmd = [sys.executable]
    if profile_out:
        cmd += ["-m", "cProfile", "-o", profile_out]
    cmd += ["-m", engine, "build", "-q", "--strict", "-f", config, "-d", site]
    start = time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"seconds": seconds, "maxrss_kb": usage.ru_maxrss, "cpu": usage.ru_utime + usage.ru_stime,
                      "returncode": result.returncode, "stderr": result.stderr[-3000:]}))
    return 0


def build(project: Path, config: str, site: Path, profile_out: Path | None = None, engine: str = "mkdocs") -> dict:
    env = {**os.environ, "KB_SITE_URL": SITE_URL, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project / "scripts")}
    env.pop("KB_OFFLINE", None)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", config, str(site), str(profile_out or ""), engine]
    out = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, check=True).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    if figures["returncode"] != 0:
        raise SystemExit(f"bench: the build with {config} failed:\n{figures['stderr']}")
    return figures


# -- what was built ------------------------------------------------------------------------

def _gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def _theme_assets() -> set[str]:
    import material

    base = Path(material.__file__).parent / "templates"
    return {p.relative_to(base).as_posix() for p in base.rglob("*") if p.is_file()}


SCRIPT_SRC = re.compile(r'<script\b[^>]*\bsrc="([^"]+)"', re.S)
INLINE_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S)
NAV_LINK = re.compile(r'class="md-nav__link')


def analyse(site: Path) -> dict:
    theme = _theme_assets()
    pages = sorted(p for p in site.rglob("*.html"))
    raw_total = gz_total = 0
    by_kind: dict[str, list[int]] = defaultdict(list)
    largest = []
    script_cache: dict[str, int] = {}
    own_scripts: list[tuple[int, str, list[str]]] = []
    nav_links: dict[str, list[int]] = defaultdict(list)
    for page in pages:
        rel = page.relative_to(site).as_posix()
        data = page.read_bytes()
        raw, gz = len(data), _gz(data)
        raw_total += raw
        gz_total += gz
        parts = rel.removeprefix("sv/").split("/")
        kind = parts[0] if len(parts) > 1 and parts[-1] != "index.html" else rel.removeprefix("sv/")
        by_kind[kind].append(raw)
        largest.append((raw, rel))
        html = data.decode("utf-8")
        nav_links[kind].append(len(NAV_LINK.findall(html)))
        # The page's own scripts: script files that are not the theme's, and inline
        # scripts in the page's content (the theme's inline boot scripts are outside it).
        own, names = 0, []
        for src in SCRIPT_SRC.findall(html):
            if re.match(r"^[a-z]+:", src):
                continue
            target = os.path.normpath(os.path.join(os.path.dirname(rel), src.split("?")[0])).replace(os.sep, "/")
            if target in theme:
                continue
            if target not in script_cache:
                file = site / target
                script_cache[target] = _gz(file.read_bytes()) if file.exists() else 0
            own += script_cache[target]
            names.append(target)
        article = re.search(r"<article\b.*?</article>", html, re.S)
        for attrs, body in INLINE_SCRIPT.findall(article.group(0) if article else ""):
            if body.strip():
                own += _gz(body.encode("utf-8"))
                names.append("inline" + (" " + attrs.strip() if attrs.strip() else ""))
        own_scripts.append((own, rel, names))
    index = site / "search" / "search_index.json"
    index_bytes = index.read_bytes() if index.exists() else b""
    # One index per language (kb.search), each loaded by that language's pages only.
    per_language = {}
    for part in sorted((site / "search").glob("search_index.*.json")):
        data = part.read_bytes()
        per_language[part.name.split(".")[1]] = (len(data), _gz(data), len(json.loads(data)["docs"]))
    return {
        "search_index_per_language": per_language,
        "pages": len(pages),
        "avg_raw": raw_total / max(1, len(pages)),
        "avg_gz": gz_total / max(1, len(pages)),
        "by_kind": {k: (len(v), sum(v) / len(v), max(v)) for k, v in sorted(by_kind.items())},
        "nav_links": {k: max(v) for k, v in nav_links.items()},
        "largest": sorted(largest, reverse=True)[:5],
        "search_index": (len(index_bytes), _gz(index_bytes)),
        "search_docs": len(json.loads(index_bytes)["docs"]) if index_bytes else 0,
        "own_scripts": sorted(own_scripts, reverse=True)[:5],
    }


# -- search at scale -------------------------------------------------------------------------

def search_at_scale(site: Path, project: Path, per_kind: int) -> list[str]:
    """The search relevance suite (tests/search_relevance.py) typed into the bench site's
    search box in headless Chromium, both languages: hit rates per kind, the time from
    opening the search to its index being ready, and from the last keystroke to results."""
    import functools
    import http.server
    import threading

    sys.path.insert(0, str(ROOT / "tests"))
    import search_relevance as sr

    chromium = "/usr/bin/chromium"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return ["search relevance: skipped (Playwright is not installed: make venv)"]
    if not os.path.exists(chromium):
        return [f"search relevance: skipped (no Chromium at {chromium}: make test installs it)"]
    queries = sr.sample(sr.all_queries(project), per_kind=per_kind)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    lines = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox"])
            for lang in sr.LANGS:
                root = base if lang == "fi" else f"{base}{lang}/"
                context = browser.new_context()
                context.add_init_script(sr.WORKER_WATCH)
                tab = context.new_page()
                tab.goto(root + "index.html")
                tab.wait_for_load_state("networkidle")
                started = time.perf_counter()
                sr.open_search(tab)
                ready = time.perf_counter() - started

                def to_path(href: str, root=root) -> str:
                    path = href.split("#")[0].split("?")[0]
                    return path[len(root):] if path.startswith(root) else "OTHER-LANGUAGE:" + path

                outcomes = [sr.run_query(tab, q, to_path) for q in queries if q.lang == lang]
                context.close()
                lines.append(f"search, {lang}: opening the search to its index ready {1000 * ready:.0f} ms "
                             "(download and indexing in the browser)")
                lines.append(sr.report(outcomes, f"{lang}, bench site, {len(outcomes)} queries"))
            browser.close()
    finally:
        server.shutdown()
    return lines


# -- profile summary -----------------------------------------------------------------------

AREAS = [  # (label, path fragment), first match wins
    ("kb core (load, validate, render)", "/scripts/kb/"),
    ("hook", "overrides/mkdocs/hook.py"),
    ("macro templates (overrides/macros)", "overrides/macros"),
    ("mkdocs-static-i18n", "/mkdocs_static_i18n/"),
    ("Material theme and plugins", "/material/"),
    ("Markdown + extensions", "/markdown/"),
    ("pymdown-extensions", "/pymdownx/"),
    ("Jinja2", "/jinja2/"),
    ("MkDocs", "/mkdocs/"),
    ("pydantic", "/pydantic"),
    ("ruamel.yaml", "/ruamel/"),
    ("babel", "/babel/"),
    ("Python standard library", "/lib/python3"),
]


def profile_summary(prof: Path, top: int = 18) -> list[str]:
    stats = pstats.Stats(str(prof))
    total = stats.total_tt
    by_area: Counter = Counter()
    rows = []
    for (file, line, func), (cc, nc, tt, ct, callers) in stats.stats.items():
        area = next((label for label, frag in AREAS if frag in file), "other (builtins, C code)")
        if file == "~":
            area = "other (builtins, C code)"
        by_area[area] += tt
        rows.append((tt, ct, nc, f"{Path(file).name}:{line}({func})" if file != "~" else func))
    out = [f"profile: {total:.1f} s of CPU in the build process; own time by area:"]
    for area, tt in by_area.most_common():
        out.append(f"  {tt:7.1f} s  {100 * tt / total:5.1f} %  {area}")
    out.append(f"top {top} functions by own time (s own / s cumulative / calls):")
    for tt, ct, nc, name in sorted(rows, reverse=True)[:top]:
        out.append(f"  {tt:7.2f} {ct:8.2f} {nc:9d}  {name}")
    # Cumulative time of the stages a reader asks about.
    # Matched on the end of the file's path: several plugins have a plugin.py, and the
    # i18n plugin runs the Swedish build inside its own on_post_build.
    stages = {
        "data load (kb.load.load)": [("kb/load.py", "load")],
        "kb render_markdown (Jinja macros)": [("kb/render.py", "render_markdown")],
        "hook on_page_markdown": [("mkdocs/hook.py", "on_page_markdown")],
        "Markdown to HTML (Page.render)": [("mkdocs/structure/pages.py", "render")],
        "theme templates (_build_page)": [("mkdocs/commands/build.py", "_build_page")],
        "search index (search plugin, both hooks)": [
            ("material/plugins/search/plugin.py", "on_page_context"),
            ("material/plugins/search/plugin.py", "on_post_build"),
        ],
        "second language's build (i18n on_post_build)": [("mkdocs_static_i18n/plugin.py", "on_post_build")],
    }
    out.append("cumulative time of the stages (nested: the second language's build holds its own stages):")
    for label, parts in stages.items():
        ct = sum(
            max((v[3] for (f, _, fn), v in stats.stats.items() if f.replace("\\", "/").endswith(fname) and fn == func), default=0.0)
            for fname, func in parts
        )
        out.append(f"  {ct:7.2f} s  {label}")
    return out


# -- main ------------------------------------------------------------------------------------

def _kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB".replace(",", " ")


# -- export and live preview ------------------------------------------------------------

def export_seconds(project: Path, out: Path) -> tuple[float, int]:
    """`make export` of the project, in a fresh process: (seconds, pages)."""
    code = ("import json, sys, time; from pathlib import Path; from kb.export import export; "
            "t = time.perf_counter(); c = export(Path(sys.argv[1]), Path(sys.argv[2])); "
            "print(json.dumps([time.perf_counter() - t, c['pages']]))")
    env = {**os.environ, "PYTHONPATH": str(project / "scripts")}
    started = time.perf_counter()
    out_text = subprocess.run([sys.executable, "-c", code, str(project), str(out)], env=env, cwd=project,
                              capture_output=True, text=True, check=True).stdout
    inner, pages = json.loads(out_text.strip().splitlines()[-1])
    return time.perf_counter() - started, pages


def _free_port() -> int:
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _mark_first_project(project: Path, marker: str) -> str:
    """Put `marker` at the start of the first example project's Finnish summary, as an
    editor's save would; returns the project's id."""
    path = sorted((project / "data" / "projects").glob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    m = re.search(r"^- id: (\S+)\n", text, re.M)
    s = re.compile(r"summary:\s*(?:\{|\n\s*)fi: (\"|')?").search(text, m.end())
    path.write_text(text[:s.end()] + marker + " " + text[s.end():], encoding="utf-8")
    return m.group(1)


def preview_delay(project: Path, timeout: float = 900) -> dict:
    """`make serve` on the project: seconds from saving a data file to the changed text
    being served, and the rebuild time the preview reports."""
    import signal
    import urllib.request

    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(project / "scripts"), "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "kb.cli", "serve", "--addr", f"127.0.0.1:{port}"], cwd=project,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lines: list[str] = []
    import threading
    threading.Thread(target=lambda: [lines.append(line) for line in proc.stdout], daemon=True).start()
    try:
        deadline = time.monotonic() + timeout
        while not any("Serving on" in line for line in lines):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("bench: the preview did not start:\n" + "".join(lines[-30:]))
            time.sleep(0.2)
        time.sleep(3)  # the file watcher takes its first look at the folders after "Serving on"
        marker = f"Benchmark{int(time.time())}"
        built_before = sum("Documentation built in" in line for line in lines)
        saved = time.perf_counter()
        page = f"projects/{_mark_first_project(project, marker)}.html"
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/{page}", timeout=30) as response:
                    if marker in response.read().decode("utf-8"):
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("bench: the change never showed in the preview:\n" + "".join(lines[-30:]))
            time.sleep(0.05)
        delay = time.perf_counter() - saved
        rebuilds = [float(m.group(1)) for line in lines[built_before:] if (m := re.search(r"built in ([\d.]+) seconds", line))]
        # static-i18n builds the other languages inside the first one's build: the longest
        # "built in" line is the whole rebuild.
        return {"delay": delay, "rebuild": max(rebuilds, default=0.0)}
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench", description="build the site from a large synthetic data set")
    parser.add_argument("--projects", type=int, default=2000, help="example projects in all (default 2000)")
    parser.add_argument("--actions", type=int, default=200, help="funding actions in all (default 200)")
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile build")
    parser.add_argument("--no-preview", action="store_true", help="skip the live preview measurements")
    parser.add_argument("--keep", type=Path, help="keep the project copy and sites in this folder")
    parser.add_argument("--search-sample", type=int, default=20,
                        help="search relevance: queries per kind and language (0: skip; default 20)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child_build(args.child[0], args.child[1], args.child[2] if len(args.child) > 2 and args.child[2] else None,
                            args.child[3] if len(args.child) > 3 else "mkdocs")

    work = Path(tempfile.mkdtemp(prefix="kb-bench-")) if not args.keep else args.keep
    work.mkdir(parents=True, exist_ok=True)
    try:
        project = work / "project"
        if project.exists():
            shutil.rmtree(project)
        project.mkdir()
        for part in PROJECT_PARTS:
            src = ROOT / part
            if src.is_dir():
                shutil.copytree(src, project / part, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy(src, project / part)
        real_preview = None
        if not args.no_preview:
            print("bench: live preview at the real size (make serve, save, wait for the text) ...", flush=True)
            real = work / "project-real"
            shutil.copytree(project, real)
            real_preview = preview_delay(real)
            shutil.rmtree(real, ignore_errors=True)
        t0 = time.perf_counter()
        counts = generate(project, args.projects, args.actions, args.seed)
        print(f"bench: data set: {counts['actions']} actions, {counts['projects']} example projects "
              f"(generated and validated in {time.perf_counter() - t0:.1f} s)", flush=True)

        t0 = time.perf_counter()
        n_pre = prerender(project, project / "content-prerendered")
        (project / "mkdocs-prerendered.yml").write_text(
            without_hook((project / "mkdocs.yml").read_text(encoding="utf-8"), "content-prerendered"), encoding="utf-8")
        print(f"bench: {n_pre} page sources pre-rendered in {time.perf_counter() - t0:.1f} s", flush=True)

        print("bench: building with the data layer ...", flush=True)
        full = build(project, "mkdocs.yml", work / "site")
        print("bench: building the pre-rendered pages (no hook) ...", flush=True)
        pre = build(project, "mkdocs-prerendered.yml", work / "site-prerendered")
        print("bench: building with ProperDocs ...", flush=True)
        proper = build(project, "mkdocs.yml", work / "site-properdocs", engine="properdocs")
        print("bench: make export ...", flush=True)
        export_wall, export_pages = export_seconds(project, work / "export")
        big_preview = None
        if not args.no_preview:
            print("bench: live preview at this size ...", flush=True)
            big_preview = preview_delay(project)
        prof = None
        if not args.no_profile:
            print("bench: building again under cProfile ...", flush=True)
            prof = work / "build.prof"
            build(project, "mkdocs.yml", work / "site-profiled", prof)

        figures = analyse(work / "site")
        pre_pages = analyse(work / "site-prerendered")["pages"]
        n = figures["pages"]
        ms_full = 1000 * full["seconds"] / n
        ms_pre = 1000 * pre["seconds"] / max(1, pre_pages)
        # On a shared machine wall time depends on the neighbours; CPU time of the
        # build process does not, so the budget is judged on CPU time per page.
        cpu_full = 1000 * full["cpu"] / n
        cpu_pre = 1000 * pre["cpu"] / max(1, pre_pages)
        ratio = cpu_full / cpu_pre
        wall_ratio = ms_full / ms_pre
        own_max = figures["own_scripts"][0] if figures["own_scripts"] else (0, "-", [])
        project_pages = figures["by_kind"].get("projects", (0, 0, 0))

        print()
        print(f"== make bench: {counts['actions']} actions, {counts['projects']} example projects, fi + sv ==")
        print(f"pages built                 {n}")
        print(f"build, data layer            {full['seconds']:6.1f} s wall {ms_full:6.1f} ms/page   "
              f"CPU {full['cpu']:6.1f} s {cpu_full:6.1f} ms/page   peak memory {full['maxrss_kb'] / 1024:.0f} MB")
        print(f"build, pre-rendered (no hook) {pre['seconds']:5.1f} s wall {ms_pre:6.1f} ms/page   "
              f"CPU {pre['cpu']:6.1f} s {cpu_pre:6.1f} ms/page   peak memory {pre['maxrss_kb'] / 1024:.0f} MB")
        print(f"ratio per page               {ratio:.2f} (CPU), {wall_ratio:.2f} (wall); load average {os.getloadavg()[0]:.1f}")
        print(f"build, ProperDocs 1.6.7      {proper['seconds']:6.1f} s wall   CPU {proper['cpu']:6.1f} s   "
              f"peak memory {proper['maxrss_kb'] / 1024:.0f} MB   (MkDocs: {full['seconds']:.1f} s wall, CPU {full['cpu']:.1f} s)")
        print(f"make export                  {export_wall:6.1f} s wall for {export_pages} pages + records JSON")
        for label, p in (("real size", real_preview), (f"{counts['projects']} projects", big_preview)):
            if p is not None:
                print(f"live preview ({label:14s}) {p['delay']:6.1f} s from saving a data file to the text served "
                      f"(rebuild {p['rebuild']:.1f} s as the engine reports it)")
        print(f"average page HTML           {_kb(figures['avg_raw'])} raw, {_kb(figures['avg_gz'])} gzip")
        if figures["search_docs"]:
            print(f"search index                {_kb(figures['search_index'][0])} raw, "
                  f"{_kb(figures['search_index'][1])} gzip, {figures['search_docs']} entries")
        for lang, (raw, gz, docs) in figures["search_index_per_language"].items():
            print(f"search index, {lang} (loaded when used) {_kb(raw)} raw, {_kb(gz)} gzip, {docs} entries")
        print("HTML by kind of page        pages   average    largest   nav links (max)")
        for kind, (count, avg, biggest) in figures["by_kind"].items():
            if count > 2 or "/" not in kind:
                print(f"  {kind:26.26s} {count:6d}  {_kb(avg):>9}  {_kb(biggest):>9}   {figures['nav_links'][kind]}")
        print("largest pages               " + ", ".join(f"{rel} {_kb(raw)}" for raw, rel in figures["largest"]))
        print("own scripts (gzip, beyond the theme's), heaviest pages:")
        for size, rel, names in figures["own_scripts"][:3]:
            print(f"  {_kb(size):>9}  {rel}: {', '.join(names) or '-'}")
        print()
        budgets = [
            ("build time per page <= 1.3 x pre-rendered (CPU)", f"{ratio:.2f} x", ratio <= BUDGET_RATIO),
            ("average page HTML < 60 KB raw", _kb(figures["avg_raw"]), figures["avg_raw"] < BUDGET_AVG_HTML),
            ("own scripts per page < 30 KB gzip", f"{_kb(own_max[0])} ({own_max[1]})", own_max[0] < BUDGET_OWN_SCRIPTS_GZ),
            ("project page carries no project list in its nav", f"{figures['nav_links'].get('projects', 0)} nav links",
             figures["nav_links"].get("projects", 0) < min(100, counts["projects"])),
        ]
        for label, value, ok in budgets:
            print(f"budget: {label:50s} {value:>28}   {'OK' if ok else 'OVER'}")
        if project_pages[0]:
            print(f"example project pages: {project_pages[0]} pages, average {_kb(project_pages[1])}, largest {_kb(project_pages[2])}")
        if args.search_sample:
            print()
            print("\n".join(search_at_scale(work / "site", project, args.search_sample)))
        if prof is not None:
            print()
            print("\n".join(profile_summary(prof)))
        return 0 if all(ok for _, _, ok in budgets) else 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
