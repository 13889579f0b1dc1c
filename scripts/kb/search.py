"""The site search's indexes: one per language, with what applicants type added to each page.

The search engine (Material's search plugin) writes one index of every page in every
language. `split_index` turns it into one index per language, each fetched by the page
only when the reader starts searching, and adds two fields to every entry, which the
search worker (overrides/assets/javascripts/workers/kb-search.js) indexes and weighs:

- `code`: the record's code as written and without its separators (KA220-VET: "ka220vet"),
  and on the actions overview the programme periods ("2021-2027", "20212027"). A code
  weighs more than a title, so the record whose code it is comes first.
- `names`: what else the record is called: its names in the other site language and the
  names the term sources give (the glossary's Finnish, Swedish and English terms and
  abbreviations; later a term bank's variants). Weighs less than the title.

Names reach a page through `TermBank`: pairs of (a preferred term, its variants); a page
whose title holds the preferred term gets the variants. Any source of terms can feed it
(`glossary_pairs` does it for data/glossary.yaml).

Nothing here knows about MkDocs: the hook hands the index in and writes what comes out.
"""
from __future__ import annotations

import html

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .database import Database
from .model import LANGS
from .registry import PAGE_DIRS

# Words split at white space and at every kind of dash, so that "KA220-VET" and
# "2021–2027" (en dash) are split the same way in the text and in a query.
SEPARATOR = r"[\s\-\u2010-\u2015]+"
# Field weights. Material gives the title 1000 and the text 1.
FIELD_BOOSTS = {"code": 5000.0, "names": 1000.0}
# Entry weights: a record's own page above pages that mention it, and a record of the
# current programme period above one of the previous period.
RECORD_BOOST = {"current": 3.0, "previous": 2.0}

_KIND_OF_DIR = {folder: kind for kind, folder in PAGE_DIRS.items()}
_TAGS = re.compile(r"<[^>]+>")


def compact(text: str) -> str:
    """A code without separators or case: "KA220-VET" -> "ka220vet", "KA 220" -> "ka220"."""
    return re.sub(r"[^0-9a-zåäö]+", "", text.casefold())


def code_keys(code: str) -> list[str]:
    """What a code is indexed as: itself, and when it holds a number, without separators."""
    keys = [code]
    if re.search(r"\d", code) and compact(code) != code.casefold():
        keys.append(compact(code))
    return keys


# -- names: a term bank of (preferred, variants) ---------------------------------------------

MAX_ENDING = 6  # letters an inflection may add to a word's beginning ("-iden", "-erna")


def _word_stem(word: str) -> str:
    # Finnish and Swedish inflect at the end of a word ("kumppanuushanke" ->
    # "kumppanuushankkeet", "partnerskap" -> "partnerskapen"): compare beginnings.
    if len(word) > 6 and word.endswith("nen"):  # "pienimuotoinen" -> "pienimuotoiset"
        return word[:-3]
    return word[:-2] if len(word) > 5 else word


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^\w]+", text.casefold()) if w]


@dataclass
class TermBank:
    """Terms and their other names, matched against page titles.

    `add(preferred, variants)` takes one term: a page whose title holds `preferred` (each
    of its words, inflected or not, in order) gets every variant as a name. When a
    longer term that contains a shorter one matches the same title ("pienimuotoinen
    kumppanuushanke" / "kumppanuushanke"), only the longer one's names are given.
    """

    entries: list[tuple[tuple[str, ...], str, tuple[str, ...]]] = field(default_factory=list)

    def add(self, preferred: str, variants: Iterable[str]) -> None:
        stems = tuple(_word_stem(w) for w in _words(preferred))
        if stems:
            names = tuple(dict.fromkeys(v for v in variants if v and v.strip()))
            self.entries.append((stems, preferred, names))

    def add_pairs(self, pairs: Iterable[tuple[str, Iterable[str]]]) -> "TermBank":
        for preferred, variants in pairs:
            self.add(preferred, variants)
        return self

    @staticmethod
    def _holds(title_words: list[str], stems: tuple[str, ...]) -> bool:
        i = 0
        for word in title_words:
            # An inflected form: the beginning and at most an ending's length more
            # ("kumppani" is not in "kumppanuushankkeet").
            if i < len(stems) and word.startswith(stems[i]) and len(word) - len(stems[i]) <= MAX_ENDING:
                i += 1
        return i == len(stems)

    def names_for(self, title: str) -> list[str]:
        words = _words(title)
        matched = [(stems, preferred, names) for stems, preferred, names in self.entries
                   if self._holds(words, stems)]
        names: list[str] = []
        for stems, preferred, variants in matched:
            if any(len(other) > len(stems) and self._holds(list(other), stems)
                   for other, _, _ in matched):
                continue  # a longer matching term says it more precisely
            names.extend(variants)
        return list(dict.fromkeys(names))


def glossary_pairs(db: Database, lang: str) -> list[tuple[str, list[str]]]:
    """(term in `lang`, [its terms in every language and its abbreviation]) per glossary term."""
    pairs = []
    for term in db.glossary.values():
        variants = [term.term.fi, term.term.sv, term.term.en]
        if term.abbreviation:
            variants.append(term.abbreviation)
        pairs.append((term.term[lang], variants))
    return pairs


def term_bank_pairs(db: Database, lang: str) -> list[tuple[str, list[str]]]:
    """(preferred, variants) of the site's term bank (data/terms/<id>.yaml) in `lang`: a
    reader who types a variant the site does not use ("nuorisosektori"), or the term's
    name in the other languages, finds the pages named with the preferred term."""
    if "terms" not in db._by_kind:
        return []
    pairs = []
    for term in db.kind("terms").values():
        preferred = term.preferred[lang]
        variants = [v.rstrip("*") for v in getattr(term.avoid, lang)]
        others = [getattr(term.preferred, other) for other in (*LANGS, "en") if other != lang]
        pairs.append((preferred, [v for v in (*variants, *others) if v]))
    return pairs


def term_bank(db: Database, lang: str, extra: Iterable[tuple[str, Iterable[str]]] = ()) -> TermBank:
    """The names for pages in `lang`: the glossary's, the term bank's, then any other
    (preferred, variants)."""
    return TermBank().add_pairs(glossary_pairs(db, lang)).add_pairs(term_bank_pairs(db, lang)).add_pairs(extra)


# -- the index --------------------------------------------------------------------------------

def language_of(location: str, folders: Iterable[str] = LANGS[1:]) -> str:
    first = location.split("/", 1)[0]
    return first if first in folders else LANGS[0]


def _page_path(location: str, lang: str) -> str:
    path = location.split("#", 1)[0]
    return path[len(lang) + 1:] if lang != LANGS[0] and path.startswith(lang + "/") else path


def _record_of(page: str, db: Database):
    folder, _, name = page.rpartition("/")
    kind = _KIND_OF_DIR.get(folder)
    if kind is None or not name.endswith(".html"):
        return None, None
    record = db.kind(kind).get(name[:-5])
    return kind, record


def _record_keys(kind: str, record, lang: str) -> tuple[list[str], list[str]]:
    codes: list[str] = []
    names: list[str] = []
    if kind == "actions":
        codes += code_keys(record.code)
    elif kind == "key_actions":
        codes += code_keys(f"KA{record.number}")
    name = getattr(record, "name", None)
    if name is not None and hasattr(name, "fi"):
        names += [name[other] for other in LANGS if other != lang]
    if kind == "projects":
        names.append(record.title)
    return codes, names


def _overview_keys(page: str, db: Database) -> list[str]:
    # The actions overview lists the actions by programme period: the period's page.
    if page != f"{PAGE_DIRS['actions']}/index.html":
        return []
    periods = sorted({a.period for a in db.actions.values()})
    return [k for p in periods for k in code_keys(p)]


def _plain(html: str) -> str:
    return re.sub(r"\s+", " ", _TAGS.sub(" ", html)).strip()


def split_index(index: dict, db: Database, extra_terms: dict[str, Iterable] | None = None,
                folders: Iterable[str] = LANGS[1:]) -> dict[str, dict]:
    """One index per language from the engine's index of all languages, with `code` and
    `names` on every entry, titles never empty (a section without one takes its page's)."""
    folders = tuple(folders)
    banks = {lang: term_bank(db, lang, (extra_terms or {}).get(lang, ())) for lang in LANGS}
    glossary_names = [name for term in db.glossary.values()
                      for name in (term.term.fi, term.term.sv, term.term.en, term.abbreviation) if name]
    latest = max((a.period for a in db.actions.values()), default=None)
    out: dict[str, dict] = {}
    page_titles: dict[str, str] = {}
    for doc in index["docs"]:
        lang = language_of(doc["location"], folders)
        part = out.setdefault(lang, {
            "config": {**index["config"], "lang": [lang], "separator": SEPARATOR,
                       "fields": {**index["config"].get("fields", {}),
                                  **{k: {"boost": v} for k, v in FIELD_BOOSTS.items()}}},
            "docs": [],
            **{k: v for k, v in index.items() if k not in ("config", "docs")},
        })
        doc = dict(doc)
        page_location = doc["location"].split("#", 1)[0]
        if "#" not in doc["location"]:
            page_titles[page_location] = doc["title"]
        if not _plain(doc.get("title", "")):
            doc["title"] = page_titles.get(page_location, "") or _plain(doc.get("text", ""))[:60]
        page = _page_path(doc["location"], lang)
        codes, names = [], []
        if "#" not in doc["location"]:
            kind, record = _record_of(page, db)
            if record is not None:
                codes, names = _record_keys(kind, record, lang)
                period = getattr(record, "period", None)
                current = period is None or period == latest
                doc["boost"] = RECORD_BOOST["current" if current else "previous"]
            codes += _overview_keys(page, db)
            names += banks[lang].names_for(_plain(doc["title"]))
            if page == "glossary.html":
                names += glossary_names
        # Like the engine's title and text, these fields hold HTML: text from data escaped.
        if codes:
            doc["code"] = html.escape(" ".join(dict.fromkeys(codes)), quote=False)
        names = [n for n in dict.fromkeys(names) if n.casefold() not in _plain(doc["title"]).casefold()]
        if names:
            doc["names"] = html.escape(" · ".join(names), quote=False)
        part["docs"].append(doc)
    return out
