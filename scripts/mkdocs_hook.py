"""The one place where MkDocs meets the knowledge base core (`scripts/kb`).

Moving to another generator means rewriting this file only: load once, add the
generated record pages, render each page's Markdown for the page's own language.
"""
from __future__ import annotations

import gc
import html
import re
import sys
from urllib.parse import urljoin, urlsplit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import CombinedEvent, event_priority  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402
from mkdocs.utils import get_relative_url  # noqa: E402

from kb.content import GENERATED, missing_twins, render_problem, split_front_matter  # noqa: E402
from kb.model import ID_PATTERN, LANGS  # noqa: E402
from kb.pages import GeneratedPage, record_pages  # noqa: E402
from kb.problems import DataError  # noqa: E402
from kb.render import PAGE_DIRS, record_page_path, text_markup  # noqa: E402
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
    # The macro library lives in the theme folder (overrides/macros) but is source,
    # not something to publish: keep the .j2 files out of the site.
    for f in [f for f in files if f.src_uri.startswith("macros/") and f.src_uri.endswith(".j2")]:
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
        return loaded.renderer.render_markdown(markdown, lang, page_path)
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


_HEAD_ALTERNATE = re.compile(r'<link rel="alternate" href="[^"]*" hreflang="([a-z]{2})">')


def on_post_page(output, page, config):
    # On the hosted site (site_url set) the <head> hreflang alternates become
    # absolute addresses, as search engines expect. The language switch in the
    # header stays relative, so the same pages also work from file://.
    site_url = config.site_url
    alternates = getattr(page.file, "alternates", None) or {}
    if not site_url or not alternates:
        return output
    base = site_url if site_url.endswith("/") else site_url + "/"

    def absolute(m: re.Match) -> str:
        twin = alternates.get(m[1])
        return f'<link rel="alternate" href="{urljoin(base, twin.url)}" hreflang="{m[1]}">' if twin else m[0]

    return _HEAD_ALTERNATE.sub(absolute, output)


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
    context["kb_footer_links"] = _footer_links(config, lang, page.url)
    # The search worker keeps results to this language; every language but the
    # default lives in a folder of its name.
    context["kb_search_query"] = f"lang={lang}&folders={','.join(LANGS[1:])}&"
    return context


def on_template_context(context, template_name, config):
    # Static templates (404.html) have no page and no language: link both languages.
    # A language not built yet is left out: the 404 page written last has both.
    if template_name == "404.html":
        # The language switch would otherwise point at the twin of the last page
        # built: on the 404 page it leads to each language's home page.
        root = urlsplit(config.site_url or "/").path
        root = root if root.endswith("/") else root + "/"
        # mkdocs-static-i18n sets `config.extra.alternate` as an attribute, which the
        # theme reads before the dict item of the same name.
        for alt in getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []:
            alt["link"] = root if alt.get("lang") == LANGS[0] else f"{root}{alt.get('lang')}/"
        context["kb_footer_links"] = [link for lang in LANGS if lang in _files_by_lang
                                      for link in _footer_links(config, lang, None)]
    return context
