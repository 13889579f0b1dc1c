"""`make export`: the rendered site as a contract any engine can build from.

    export/
      fi/index.md, fi/actions/ka220-vet.md, ...  every page, Markdown + YAML front matter
      sv/...                                      (the same paths in every language)
      nav.json                                    the navigation per language, as data
      records.fi.json, records.sv.json            every record, texts in that language

Each page's front matter: title, description, language, twins (the same page in the
other languages: path without suffix), period, records (the `kind/id` it shows),
last_checked (the oldest check date among them). The Markdown is what the MkDocs hook
hands to the engine (kb.site.render_markdown): no Jinja and no macro call is left; it
uses only the Python-Markdown extensions listed in README ("Engine requirements").

The records JSON is the open data of the site; the hook publishes the same files in
the public build under `open-data/` (OPEN_DATA_DIR).
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from .model import Text
from .registry import CONTENT_DIR, CURRENT_PERIOD, EXPORT_DIR, LANGS, RECORD_KINDS
from .site import SourcePage, render_page, source_pages
from .state import KnowledgeBase, Loaded

OPEN_DATA_DIR = "open-data"  # in the public build: open-data/records.fi.json, records.sv.json
FORMAT_VERSION = 1

_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)
_RECORD_ATTR = re.compile(r'data-(?:record|action)="([a-z0-9-]+)"')
_TAGS = re.compile(r"<[^>]+>")


# -- records as open data ---------------------------------------------------------------

def _in_language(value: Any, lang: str) -> Any:
    """A dumped record with every bilingual text {fi, sv} replaced by its `lang` text."""
    if isinstance(value, dict):
        if set(value) - {"editorial"} == set(LANGS):
            # A text; our own explanations (kb.model.Text.editorial) stay marked as such.
            return {"text": value[lang], "editorial": True} if value.get("editorial") else value[lang]
        return {k: _in_language(v, lang) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_in_language(v, lang) for v in value]
    return value


def records_json(loaded: Loaded, lang: str) -> dict:
    """{"format", "lang", "period", "records": {kind: [record, ...]}}; a record with a
    page of its own carries its `page` path (without suffix)."""
    out: dict[str, list] = {}
    for kind in RECORD_KINDS.values():
        if kind.name == "ui":
            continue  # interface strings are the site's own texts, not data about Erasmus+
        items = []
        for record in loaded.db.kind(kind.name).values():
            item = _in_language(record.model_dump(mode="json"), lang)
            if kind.page_dir:
                item["page"] = kind.page_path(record.id)
            items.append(item)
        out[kind.name] = items
    return {"format": FORMAT_VERSION, "lang": lang, "current_period": CURRENT_PERIOD, "records": out}


def write_records_json(loaded: Loaded, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for lang in LANGS:
        path = folder / f"records.{lang}.json"
        path.write_text(json.dumps(records_json(loaded, lang), ensure_ascii=False, indent=1) + "\n",
                        encoding="utf-8")
        written.append(path)
    return written


# -- pages -------------------------------------------------------------------------------

def _front_matter(page: SourcePage) -> dict:
    if not page.front_matter:
        return {}
    inner = page.front_matter.strip().strip("-").strip(".")
    return dict(YAML(typ="safe", pure=True).load(inner) or {})


def _plain(markdown: str) -> str:
    text = html.unescape(_TAGS.sub(" ", markdown))
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links: their text
    return " ".join(re.sub(r"[*_`#>]", " ", text).split())


def _description(front: dict, record: Any, body: str, lang: str) -> str:
    if front.get("description"):
        return str(front["description"])
    for field in ("summary", "description"):
        value = getattr(record, field, None)
        if isinstance(value, Text):
            return value[lang]
    for para in re.split(r"\n\s*\n", body):
        para = para.strip()
        if para and not para.startswith(("#", "<", "!!!", "|", "-", "*")):
            text = _plain(para)
            return text if len(text) <= 200 else text[:197].rsplit(" ", 1)[0] + " …"
    return ""


def page_document(loaded: Loaded, page: SourcePage, twins: dict[str, str]) -> tuple[dict, str]:
    """(front matter, Markdown body) of one exported page."""
    body = render_page(loaded, page)
    front = _front_matter(page)
    db = loaded.db
    shown: list[tuple[str, str]] = [page.record] if page.record else []
    for record_id in _RECORD_ATTR.findall(body):
        for kind in ("actions", "activity_types", "projects"):
            if record_id in db.kind(kind) and (kind, record_id) not in shown:
                shown.append((kind, record_id))
                break
    records = [db.kind(k)[i] for k, i in shown]
    own = db.kind(page.record[0])[page.record[1]] if page.record else None
    title = front.get("title")
    if not title:
        m = _H1.search(body)
        title = _plain(m.group(1)) if m else page.path
    periods = sorted({r.period for r in records if getattr(r, "period", None)})
    checked = [r.last_checked for r in records if getattr(r, "last_checked", None)]
    meta = {
        "title": str(title),
        "description": _description(front, own, body, page.lang),
        "language": page.lang,
        "twins": twins,
        "period": periods[0] if len(periods) == 1 else (periods or CURRENT_PERIOD),
        "records": [f"{k}/{i}" for k, i in shown],
        "last_checked": min(checked).isoformat() if checked else None,
    }
    return meta, body


def _yaml_front_matter(meta: dict) -> str:
    # JSON is YAML: every value quoted and escaped the same way, on one line each.
    lines = ["---"] + [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()] + ["---", ""]
    return "\n".join(lines)


# -- navigation --------------------------------------------------------------------------

def _nav_config(root: Path) -> tuple[list, dict[str, dict[str, str]]]:
    """The site's navigation and its translated titles. They are kept in the engine's
    configuration (mkdocs.yml, read as plain YAML, its tags ignored)."""
    yaml = YAML(typ="rt")
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    translations: dict[str, dict[str, str]] = {}
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            for language in plugin["i18n"].get("languages") or []:
                translations[str(language["locale"])] = dict(language.get("nav_translations") or {})
    return config.get("nav") or [], translations


def navigation(root: Path, titles: dict[tuple[str, str], str]) -> dict[str, list]:
    """{lang: [{"title", "page", "children"}]}: page paths without suffix."""
    nav, translations = _nav_config(root)

    def entries(items, lang) -> list[dict]:
        out = []
        for item in items:
            if isinstance(item, str):
                path = item[:-3]
                out.append({"title": titles.get((path, lang), path), "page": path, "children": []})
                continue
            for label, value in item.items():
                label = translations.get(lang, {}).get(label, label)
                if isinstance(value, str):
                    out.append({"title": label, "page": value[:-3], "children": []})
                else:
                    children = entries(value, lang)
                    index = next((c for c in children if c["page"].endswith("index")), None)
                    out.append({"title": label, "page": index["page"] if index else None,
                                "children": [c for c in children if c is not index]})
        return out

    return {lang: entries(nav, lang) for lang in LANGS}


# -- the whole export --------------------------------------------------------------------

def export(root: Path, out: Path | None = None) -> dict[str, int]:
    """Write the export into `out` (default export/), replacing what was there."""
    out = Path(out or root / EXPORT_DIR)
    loaded = KnowledgeBase(root, draft=False).get()
    pages = source_pages(loaded, root / CONTENT_DIR)
    langs_of: dict[str, set[str]] = {}
    for page in pages:
        langs_of.setdefault(page.path, set()).add(page.lang)
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    titles: dict[tuple[str, str], str] = {}
    for page in pages:
        twins = {lang: page.path for lang in LANGS if lang != page.lang and lang in langs_of[page.path]}
        meta, body = page_document(loaded, page, twins)
        titles[(page.path, page.lang)] = meta["title"]
        path = tmp / page.lang / f"{page.path}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_yaml_front_matter(meta) + body, encoding="utf-8")
    (tmp / "nav.json").write_text(json.dumps(navigation(root, titles), ensure_ascii=False, indent=1) + "\n",
                                  encoding="utf-8")
    write_records_json(loaded, tmp)
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    return {"pages": len(pages), "records": sum(len(loaded.db.kind(k)) for k in RECORD_KINDS if k != "ui")}


def main() -> int:
    from .cli import ROOT
    from .problems import DataError

    started = dt.datetime.now()
    try:
        counts = export(ROOT)
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    seconds = (dt.datetime.now() - started).total_seconds()
    print(f"export/: {counts['pages']} pages, {counts['records']} records, in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
