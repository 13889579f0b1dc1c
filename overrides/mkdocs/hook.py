"""The MkDocs adapter: where MkDocs, Material and mkdocs-static-i18n meet the core.

What it does for the engine (overrides/mkdocs/README.md lists what any engine must
provide): load the data once per build (kb.state) and stop the build on a problem;
add a page per record (kb.site / kb.pages); render each page's Markdown for the
page's own language (kb.site.render_markdown, the same function `make export` uses);
publish the engine-neutral assets of overrides/assets and the open data
(open-data/records.<lang>.json); and the Material/static-i18n specifics: the
iframe-worker shim for the offline plugin, absolute hreflang alternates, the footer
links and the search worker's language. Runs unchanged under ProperDocs
(`make build ENGINE=properdocs`), which answers to the same `mkdocs` imports.
Moving to another engine means rewriting this folder: the core does not import it.
"""
from __future__ import annotations

import base64
import gc
import hashlib
import html
import json
import re
import sys
from urllib.parse import urlsplit
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import CombinedEvent, event_priority  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402
from mkdocs.utils import get_relative_url  # noqa: E402

from kb import meta  # noqa: E402
from kb.content import GENERATED, missing_twins, render_problem, split_front_matter  # noqa: E402
from kb.model import ID_PATTERN, LANGS  # noqa: E402
from kb.pages import GeneratedPage, record_pages  # noqa: E402
from kb.problems import DataError  # noqa: E402
from kb.export import OPEN_DATA_DIR, write_records_json  # noqa: E402
from kb.site import render_markdown  # noqa: E402
from kb.registry import PAGE_DIRS  # noqa: E402
from kb.render import record_page_path, text_markup  # noqa: E402
from kb.search import split_index  # noqa: E402
from kb.state import KnowledgeBase  # noqa: E402

_kb: KnowledgeBase | None = None


_roots: dict[str, Path] = {}  # config file -> project folder (resolving it per page costs system calls)


def _knowledge_base(config) -> KnowledgeBase:
    global _kb
    root = _roots.get(config.config_file_path)
    if root is None:
        root = _roots[config.config_file_path] = Path(config.config_file_path).resolve().parent
    if _kb is None or _kb.root != root:
        _kb = KnowledgeBase(root)
    return _kb


def _loaded(config, fresh: bool = False):
    # `fresh` (on_config, at the start of each build) looks at the files again;
    # every later call in the build reuses what that found.
    kb = _knowledge_base(config)
    try:
        loaded = kb.get() if fresh else kb.current()
    except DataError as exc:
        if not kb.draft:
            raise PluginError("The data or content has problems:\n" + exc.report()) from None
        # The preview (`make serve`, KB_DRAFT=1) keeps running: the problems go to the
        # console and onto every page (on_page_markdown) until the files are fixed.
        _console_once("problems", "The data has problems; the preview shows them on every page "
                      "until they are fixed:\n" + exc.report())
        return kb.fallback()
    if kb.warnings:
        _console_once("warnings", "Draft preview: these texts are shown with a placeholder "
                      "(a build would stop on them):\n" + "\n".join(map(str, kb.warnings)))
    return loaded


_printed: set[tuple[str, str]] = set()


def _console_once(kind: str, text: str) -> None:
    # Each language build and every page ask for the data; say it once per change.
    if (kind, text) not in _printed:
        _printed.add((kind, text))
        print(f"KB {kind.upper()}: {text}", file=sys.stderr, flush=True)


def _ui(loaded, key: str, lang: str, default: str = "") -> str:
    try:
        return loaded.db.ui_text(key, lang)
    except KeyError:
        return default or key


def _problems_page(loaded, lang: str, problems) -> str:
    """The page a draft preview shows in place of every page while the data is broken."""
    listing = html.escape("\n".join(map(str, problems)))
    return (f"<h1>{text_markup(_ui(loaded, 'draft.problems_heading', lang))}</h1>\n\n"
            f"<p>{text_markup(_ui(loaded, 'draft.problems_intro', lang))}</p>\n\n"
            f'<pre class="kb-problems"><code>{listing}</code></pre>\n')


# The iframe-worker shim, vendored from npm (see the LICENSE next to it). Under file://
# it runs the search worker in an iframe; only the offline bundle needs it.
IFRAME_WORKER_SHIM = "assets/javascripts/iframe-worker/shim.js"


# Loads the search index when the reader starts searching, only the page's language
# (the per-language indexes: _split_search_index, kb.search).
SEARCH_LOADER = "assets/javascripts/workers/kb-search-loader.js"


_command = "build"


def on_startup(command, dirty):
    global _command
    _command = command


@event_priority(100)  # before Material's offline plugin, which otherwise adds a CDN copy
def on_config(config):
    _loaded(config, fresh=True)  # fail before anything is written when the data is broken
    if _command != "serve":
        # A one-off build keeps the records and parsed files to its end. Out of the
        # garbage collector's sight they stop slowing down its every full pass (an eighth
        # of a build's time with 2,000 example projects, `make bench`). Not while serving:
        # garbage of one rebuild would stay frozen through all the next ones.
        gc.freeze()
    # The engine-neutral assets (overrides/assets: the quiz, tables, styles) are theme
    # files too: the overrides folder comes right after our custom_dir (overrides/mkdocs).
    neutral = str(Path(config.config_file_path).resolve().parent / "overrides")
    if neutral not in config.theme.dirs:  # on_config runs once per language build
        dirs = config.theme.dirs
        config.theme.dirs.insert(dirs.index(config.theme.custom_dir) + 1 if config.theme.custom_dir in dirs else 0,
                                 neutral)
    polyfills = config.extra.setdefault("polyfills", [])
    if SEARCH_LOADER not in polyfills:  # before Material's script, which asks for the index
        polyfills.append(SEARCH_LOADER)
    offline = config.plugins.get("material/offline") or config.plugins.get("offline")
    if offline is not None and offline.config.enabled:
        polyfills = config.extra.setdefault("polyfills", [])
        if IFRAME_WORKER_SHIM not in polyfills:  # on_config runs once per language build
            polyfills.insert(0, IFRAME_WORKER_SHIM)
    return config


_generated: dict[str, str] = {}
_record_pages: dict[str, object] = {}  # src_uri -> its kb.pages.GeneratedPage


@event_priority(50)
def _on_files_before_i18n(files, config):
    # Record pages have no Markdown file. mkdocs-static-i18n (on_files at -100)
    # sorts files into languages by their path under docs_dir and re-creates them
    # from disk, so they enter with a path under docs_dir and get their content
    # back after i18n has run (_on_files_after_i18n).
    loaded = _loaded(config)
    # overrides/ is a theme folder for its assets only: the macro library (source, not
    # something to publish) and this engine folder (already the custom_dir) stay out.
    for f in [f for f in files if f.src_uri.startswith(("macros/", "mkdocs/"))]:
        files.remove(f)
    _generated.clear()
    _record_pages.clear()
    kb = _knowledge_base(config)
    pages = record_pages(loaded.db)
    if kb.problems:
        # Draft preview of broken data: the records' pages answer with the problems
        # (on_page_markdown), not with a 404, so the editor's open page shows them.
        pages = [GeneratedPage(record_page_path(kind, rid), "", kind, rid) for kind, rid in kb.record_ids()
                 if kind in PAGE_DIRS and re.fullmatch(ID_PATTERN, rid)]
    for page in pages:
        for lang in LANGS:
            src_uri = f"{page.path}.{lang}.md"
            if files.get_file_from_path(src_uri) is not None:
                continue  # a hand-written page wins over the generated one
            _generated[src_uri] = page.markdown
            _record_pages[src_uri] = page
            files.append(File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls))
    if kb.draft:
        # A page written in one language only: the preview shows it in the other
        # language too, marked, so the editor sees the draft in place.
        for base, have, lack in missing_twins(kb.content_dir):
            src_uri = f"{base}.{lack}.md"
            source = (kb.content_dir / f"{base}.{have}.md").read_text(encoding="utf-8")
            note = text_markup(_ui(loaded, "draft.page_missing", lack)).replace("{path}", f"content/{src_uri}")
            marker = text_markup(_ui(loaded, "draft.translation_missing", lack))
            _generated[src_uri] = f'!!! warning "{marker}"\n\n    {note}\n\n{split_front_matter(source)[1]}'
            files.append(File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls))
    return files


@event_priority(-200)
def _on_files_after_i18n(files, config):
    for f in files:
        if f.src_uri in _generated:
            f.content_string = _generated[f.src_uri]
    return files



def on_page_markdown(markdown, page, config, files):
    loaded = _loaded(config)
    lang = page.file.locale  # the page's own language, not the build's start-up config
    src = page.file.src_uri
    page_path = src.rsplit(".", 2)[0] if src.endswith(f".{lang}.md") else src.rsplit(".", 1)[0]
    kb = _knowledge_base(config)
    if kb.problems:  # draft preview of broken data
        return _problems_page(loaded, lang, kb.problems)
    record_page = _record_pages.get(src)
    if record_page is not None and not kb.problems:
        # A record's title is text from data. MkDocs keeps page titles as HTML text
        # (entities kept): escaped here, it reaches <title>, the header and the search
        # index as text, and the H1 (HTML, not Markdown) is no title for MkDocs to parse.
        page.meta["title"] = html.escape(record_page.title(loaded.db, lang))
    try:
        return render_markdown(loaded, markdown, lang, page_path)
    except Exception as exc:  # noqa: BLE001 - reported with the page's file and line
        offset = 0
        if src not in _generated and (kb.content_dir / src).exists():
            offset = split_front_matter((kb.content_dir / src).read_text(encoding="utf-8"))[0]
        names = loaded.renderer.names(lang, page_path)
        where = f"content/{src}" if src not in _generated else GENERATED
        problem = render_problem(exc, where, offset, names, kb.root)
        if not kb.draft:
            raise PluginError(str(problem)) from None
        _console_once("problems", f"A page has a problem; the preview shows it on that page:\n{problem}")
        return _problems_page(loaded, lang, [problem])


# -- the page's head: description, canonical, hreflang, Open Graph, JSON-LD (kb.meta) ------

def _absolute_base(config) -> str:
    site_url = config.site_url or ""
    return site_url if not site_url or site_url.endswith("/") else site_url + "/"


def _page_path(page) -> str:
    src, lang = page.file.src_uri, page.file.locale
    return src.rsplit(".", 2)[0] if src.endswith(f".{lang}.md") else src.rsplit(".", 1)[0]


def _twin_urls(page) -> dict[str, str]:
    """lang -> the page's address (relative to the site root) in each language."""
    alternates = getattr(page.file, "alternates", None) or {}
    urls = {lang: f.url for lang, f in alternates.items() if f is not None}
    urls.setdefault(page.file.locale, page.url)
    return {lang: urls[lang] for lang in LANGS if lang in urls}


def _head(page, config, lang: str) -> dict:
    loaded = _loaded(config)
    base = _absolute_base(config)
    is_home = page.file.src_uri.startswith("index.")
    title = config.site_name if is_home else meta.short_title(page.title or config.site_name)
    head = {
        "title": title,
        "description": meta.description(loaded.db, _page_path(page), lang, page.content or "",
                                        config.site_description or config.site_name),
        "locale": {"fi": "fi_FI", "sv": "sv_FI"}.get(lang, lang),
        "site_name": config.site_name,
    }
    twins = _twin_urls(page)
    if not base:  # the offline bundle: no public address; alternates relative to the page
        head["alternates"], head["relative"] = list(twins.items()), True
        return head
    head["canonical"] = base + page.url
    head["alternates"] = [(other, base + url) for other, url in twins.items()]
    if LANGS[0] in twins:
        head["x_default"] = base + twins[LANGS[0]]
    home = base if lang == LANGS[0] else f"{base}{lang}/"
    crumbs = [(config.site_name, home)]
    folder = _page_path(page).rpartition("/")[0]
    files = _files_by_lang.get(lang)
    if folder and not page.file.src_uri.startswith(f"{folder}/index."):
        index = files.get_file_from_path(f"{folder}/index.{lang}.md") if files is not None else None
        if index is not None and index.page is not None and index.page.title:
            crumbs.append((meta.plain(index.page.title), base + index.url))
    if not is_home:
        crumbs.append((title, head["canonical"]))
    structured = [meta.organization(config.site_name, home)]
    if len(crumbs) > 1:
        structured.append(meta.breadcrumb_list(crumbs))
    head["json_ld"] = [meta.json_for_script(data) for data in structured]
    return head


# Material's language selector fetches sitemap.xml beside every <link rel="alternate"> to map
# pages between languages: a 404 on every page (or, with absolute hreflang, a request to
# the public host). Our language switch links each page's twin already, so the bundle is
# told there are no alternates to look up (patched once per build; a test checks that no
# page asks for a sitemap, tests/test_served_pages.py).
_MATERIAL_ALTERNATES = re.compile(r'\b[A-Za-z_$][\w$]*\("link\[rel=alternate\]"\)')


def _no_sitemap_lookups(site_dir: Path) -> None:
    bundles = list((site_dir / "assets" / "javascripts").glob("bundle.*.min.js"))
    for bundle in bundles:
        text = bundle.read_text(encoding="utf-8")
        patched, n = _MATERIAL_ALTERNATES.subn("[]", text)
        if n == 0 and "link[rel=alternate]" in text:
            raise PluginError(f"{bundle.name}: Material's lookup of alternate links was not found; "
                              "update _MATERIAL_ALTERNATES in overrides/mkdocs/hook.py for this version")
        if n:
            bundle.write_text(patched, encoding="utf-8")


# -- Material's markup made valid and named (the Nu HTML Checker, axe, Lighthouse) -----------
# Outside any template block of Material's base.html, so fixed in the written page:
# `autocomplete` is not allowed on checkboxes (Material's drawer and search toggles); a
# label for="__toc" without its checkbox (pages outside the navigation) points nowhere; the
# search dialog needs an accessible name, in the page's language.
_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="[^"]*"')
_TOC_LABEL_FOR = re.compile(r'(<label\b[^>]*?)\s+for="__toc"')
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def _valid_markup(output: str, config, lang: str) -> str:
    output = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", output)
    if 'id="__toc"' not in output:
        output = _TOC_LABEL_FOR.sub(r"\1", output)
    name = html.escape(_ui(_loaded(config), "search.dialog", lang), quote=True)
    return output.replace(_SEARCH_DIALOG, _SEARCH_DIALOG[:-1] + f' aria-label="{name}">', 1)


def on_post_page(output, page, config):
    return _valid_markup(output, config, page.file.locale)


# -- theme templates (footer): interface strings and links in the page's language --

_files_by_lang: dict[str, object] = {}


@event_priority(-210)
def _remember_files(files, config):
    # Each language build has its own files; the footer links to pages of its language.
    langs = {getattr(f, "locale", None) for f in files.documentation_pages()}
    for lang in langs - {None}:
        _files_by_lang[lang] = files
    return files


on_files = CombinedEvent(_on_files_before_i18n, _on_files_after_i18n, _remember_files)

# Pages linked from every page's footer: (content page without suffix, ui string key).
FOOTER_PAGES = [("accessibility", "footer.accessibility")]


def _footer_links(config, lang: str, from_url: str | None) -> list[dict]:
    loaded = _loaded(config)
    links = []
    for path, key in FOOTER_PAGES:
        files = _files_by_lang.get(lang)
        target = files.get_file_from_path(f"{path}.{lang}.md") if files is not None else None
        if target is None:
            raise PluginError(f"the footer links to content/{path}.{lang}.md, which does not exist")
        if from_url is None:  # the 404 page: its address varies, so links are absolute
            base = urlsplit(config.site_url or "/").path
            href = (base if base.endswith("/") else base + "/") + target.url
        else:
            href = get_relative_url(target.url, from_url)
        links.append({"href": href, "text": loaded.db.ui_text(key, lang), "lang": lang})
    return links


def on_page_context(context, page, config, nav):
    lang = page.file.locale
    context["kb_head"] = _head(page, config, lang)
    context["kb_footer_links"] = _footer_links(config, lang, page.url)
    # The search worker keeps results to this language; every language but the
    # default lives in a folder of its name.
    context["kb_search_query"] = f"lang={lang}&folders={','.join(LANGS[1:])}&"
    return context


def _building_lang(config) -> str:
    # mkdocs-static-i18n builds one language after the other with the same config.
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "current_language", None) or config.theme.get("language") or LANGS[0]


def on_template_context(context, template_name, config):
    # Static templates (404.html) have no page: each language build writes its own 404
    # page (on_post_template), in that language, with links from the site's root
    # (its address varies).
    if template_name == "404.html":
        lang = _building_lang(config)
        # Each language's 404 page searches its own language, like every other page.
        context["kb_search_query"] = f"lang={lang}&folders={','.join(LANGS[1:])}&"
        root = urlsplit(config.site_url or "/").path
        root = root if root.endswith("/") else root + "/"
        # The language switch would otherwise point at the twin of the last page
        # built: on the 404 page it leads to each language's home page.
        # mkdocs-static-i18n sets `config.extra.alternate` as an attribute, which the
        # theme reads before the dict item of the same name.
        for alt in getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []:
            alt["link"] = root if alt.get("lang") == LANGS[0] else f"{root}{alt.get('lang')}/"
        loaded = _loaded(config)
        context["kb_footer_links"] = _footer_links(config, lang, None) if lang in _files_by_lang else []
        context["kb_notfound"] = {
            "title": _ui(loaded, "notfound.title", lang), "text": _ui(loaded, "notfound.text", lang),
            "home": _ui(loaded, "notfound.home", lang),
            "home_href": root if lang == LANGS[0] else f"{root}{lang}/",
        }
    return context


def _publish_editor(config) -> None:
    """The browser editor at /admin/ of the public build (kb.editor); never in the offline bundle."""
    offline = config.plugins.get("material/offline") or config.plugins.get("offline")
    if offline is not None and offline.config.enabled:
        return
    from kb.editor import publish

    if not publish(Path(config.site_dir), Path(config.config_file_path).parent):
        print("INFO    -  /admin/ (the browser editor) left out: its npm packages are not installed; "
              "run `npm ci` in scripts/editor (make edit and make test do it)", file=sys.stderr)


_not_found: dict[str, str] = {}


def on_post_template(output, template_name, config):
    # MkDocs writes every language's 404 page to <site>/404.html. The default language
    # keeps that one; another language's goes to <site>/<lang>/404.html, and MkDocs is
    # handed the default language's page again (built first) to write in its place.
    if template_name != "404.html":
        return output
    lang = _building_lang(config)
    output = _valid_markup(output, config, lang)
    _not_found[lang] = output
    if lang == LANGS[0]:
        return output
    dest = Path(config.site_dir) / lang / "404.html"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(output, encoding="utf-8")
    return _not_found.get(LANGS[0], output)


# -- the web server's Content-Security-Policy follows the pages -------------------------
# The few inline scripts Material writes (its storage helpers, whose text varies with the
# page's depth, and the one that opens a tab named in the address) are allowed by hash;
# every other script must be a file. After each build the hashes of every inline script
# in the site go to CSP_HASHES_FILE, which scripts/server/nginx.conf includes.

CSP_HASHES_FILE = ".kb-csp-hashes.conf"
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
_DATA_SCRIPT = re.compile(r'\btype="(?!(?:text|application)/javascript"|module")[^"]*"', re.I)


def inline_script_hashes(site_dir: Path) -> list[str]:
    """CSP source expressions ('sha256-...') of every inline script in the built site."""
    found = set()
    for page in site_dir.rglob("*.html"):
        for attrs, body in _INLINE_SCRIPT.findall(page.read_text(encoding="utf-8")):
            if _DATA_SCRIPT.search(attrs):
                continue  # JSON data (type="application/json") is never run
            digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
            found.add(f"'sha256-{digest}'")
    return sorted(found)


def _offline_enabled(config) -> bool:
    offline = config.plugins.get("material/offline") or config.plugins.get("offline")
    return offline is not None and offline.config.enabled


def _split_search_index(config) -> None:
    # One search index per language, fetched by a page only when its reader searches
    # (kb-search-loader.js); the engine's index of every language is not published. For
    # the offline bundle each is also a script, which file:// pages can load.
    combined = Path(config.site_dir) / "search" / "search_index.json"
    if not combined.exists():
        return
    index = json.loads(combined.read_text(encoding="utf-8"))
    for lang, part in split_index(index, _loaded(config).db).items():
        data = json.dumps(part, ensure_ascii=False, separators=(",", ":"))
        (combined.parent / f"search_index.{lang}.json").write_text(data, encoding="utf-8")
        if _offline_enabled(config):
            (combined.parent / f"search_index.{lang}.js").write_text(f"var __index = {data}", encoding="utf-8")
    combined.unlink()
    combined.with_suffix(".js").unlink(missing_ok=True)  # the offline plugin's copy


# Last: mkdocs-static-i18n (-100) builds the other languages and writes the index of
# every language at the end of the outer build, and Material's offline plugin (-100)
# copies it into a script; the CSP hashes must see every language's pages.
@event_priority(-110)
def on_post_build(config):
    site_dir = Path(config.site_dir)
    _split_search_index(config)
    # The records as open data, the same files as `make export` writes (README "Open data").
    write_records_json(_loaded(config), site_dir / OPEN_DATA_DIR)
    _publish_editor(config)
    _no_sitemap_lookups(site_dir)
    if config.site_url:
        # Crawlers read robots.txt at the root of the host: the publisher serves this file
        # there (README, "Publishing the site"). The offline bundle has no site_url: no file.
        base = config.site_url if config.site_url.endswith("/") else config.site_url + "/"
        (site_dir / "robots.txt").write_text(f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n",
                                             encoding="utf-8")
    hashes = " ".join(inline_script_hashes(site_dir))
    (site_dir / CSP_HASHES_FILE).write_text(
        "# Written by the build (overrides/mkdocs/hook.py): the hashes of the site's inline scripts,\n"
        "# for the Content-Security-Policy of scripts/server/nginx.conf. Reload nginx after a deploy.\n"
        f'set $kb_script_hashes "{hashes}";\n', encoding="utf-8")
