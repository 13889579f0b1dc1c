"""Checks on the Markdown pages in `content/`: every page exists in both languages."""
from __future__ import annotations

import difflib
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .model import LANGS
from .problems import Problem

PAGE = re.compile(r"^(?P<base>.+)\.(?P<lang>[a-z]{2})\.md$")


def page_twins(content_dir: Path) -> dict[str, set[str]]:
    """{'actions/index': {'fi', 'sv'}, ...} for every `name.LANG.md` under content/."""
    found: dict[str, set[str]] = {}
    for path in sorted(content_dir.rglob("*.md")):
        rel = path.relative_to(content_dir).as_posix()
        m = PAGE.match(rel)
        if m:
            found.setdefault(m["base"], set()).add(m["lang"])
    return found


def check_pages(content_dir: Path, root: Path) -> list[Problem]:
    problems = []
    prefix = content_dir.resolve().relative_to(root.resolve()).as_posix()
    for path in sorted(content_dir.rglob("*.md")):
        rel = path.relative_to(content_dir).as_posix()
        m = PAGE.match(rel)
        if not m or m["lang"] not in LANGS:
            problems.append(Problem(f"{prefix}/{rel}", 1, 1,
                                    "a page's name must end in .fi.md or .sv.md, e.g. glossary.fi.md"))
            continue
        for other in LANGS:
            if other != m["lang"] and not (content_dir / f"{m['base']}.{other}.md").exists():
                problems.append(Problem(f"{prefix}/{rel}", 1, 1,
                                        f"this page has no twin {prefix}/{m['base']}.{other}.md: "
                                        "every page must exist in Finnish and in Swedish"))
    return problems


# -- rendering every page, as the build would, to report Jinja problems by line ------

# The same front-matter rule as MkDocs: the page body (what Jinja sees) starts after it.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


def split_front_matter(text: str) -> tuple[int, str]:
    """(number of lines before the body, body) of a page's source."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return 0, text
    return m.group(0).count("\n"), text[m.end():]


def missing_twins(content_dir: Path) -> list[tuple[str, str, str]]:
    """(page path without suffix, the language it has, the language it lacks)."""
    out = []
    for base, langs in sorted(page_twins(content_dir).items()):
        present = [lang for lang in LANGS if lang in langs]
        for lang in LANGS:
            if present and lang not in langs:
                out.append((base, present[0], lang))
    return out


def _template_frames(tb) -> list[tuple[str, int]]:
    """(filename, line) of the Jinja template frames in a traceback, outermost first.

    Jinja rewrites tracebacks so that template code shows with the template's own
    file name and line: "<template>" for a page rendered from a string.
    """
    frames = []
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename == "<template>" or code.co_filename.endswith(".j2"):
            frames.append((code.co_filename, tb.tb_lineno))
        tb = tb.tb_next
    return frames


_UNDEFINED_NAME = re.compile(r"^'([^']+)' is undefined$")


def render_problem(exc: BaseException, page_rel: str, line_offset: int, names: list[str], root: Path) -> Problem:
    """An exception raised while rendering a page -> a Problem at the page's line.

    `page_rel` is the page's source file (content/x.fi.md), or a description of a
    generated page; `names` are the macros and variables a page may use.
    """
    from jinja2 import TemplateSyntaxError, UndefinedError

    def shown(path: str) -> str:
        p = Path(path)
        try:
            return p.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            return path

    message = str(exc)
    if isinstance(exc, TemplateSyntaxError):
        if exc.filename:  # the mistake is in a macro file, not in the page
            return Problem(shown(exc.filename), exc.lineno or 1, 1,
                           f"template syntax error: {exc.message} (found while rendering {page_rel})")
        return Problem(page_rel, (exc.lineno or 1) + line_offset, 1,
                       f"template syntax error: {exc.message}; check the {{{{ ... }}}} and {{% ... %}} on this line")
    m = _UNDEFINED_NAME.match(message) if isinstance(exc, UndefinedError) else None
    if m:
        close = difflib.get_close_matches(m[1], names, n=3)
        hint = (f"; did you mean {' or '.join(f'`{c}`' for c in close)}?" if close
                else "; see overrides/macros/*.j2 for the macros that pages can use")
        message = f"unknown macro or name `{m[1]}`{hint}"
    frames = _template_frames(exc.__traceback__)
    page_lines = [line for name, line in frames if name == "<template>"]
    macro = [(name, line) for name, line in frames if name.endswith(".j2")]
    if macro and page_rel == GENERATED:
        return Problem(shown(macro[-1][0]), macro[-1][1], 1, message)
    if page_lines:
        where = f" (inside the macro at {shown(macro[-1][0])}:{macro[-1][1]})" if macro and not m else ""
        return Problem(page_rel, page_lines[-1] + line_offset, 1, f"{message}{where}")
    if macro:
        return Problem(shown(macro[-1][0]), macro[-1][1], 1, f"{message} (found while rendering {page_rel})")
    return Problem(page_rel, 1, 1, message)


GENERATED = "a generated record page"


def check_rendering(renderer, content_dir: Path, root: Path, generated: list | None = None) -> list[Problem]:
    """Render every content page (and each generated record page) in each language.

    The same Jinja rendering the build does, without MkDocs: an unknown macro, a
    reference to an id that does not exist or a missing interface string is
    reported at the page's line instead of stopping a build half-way.
    """
    problems: list[Problem] = []
    prefix = content_dir.resolve().relative_to(root.resolve()).as_posix()
    for path in sorted(content_dir.rglob("*.md")):
        rel = path.relative_to(content_dir).as_posix()
        m = PAGE.match(rel)
        if not m or m["lang"] not in LANGS:
            continue
        offset, body = split_front_matter(path.read_text(encoding="utf-8"))
        problems.extend(_render_one(renderer, body, m["lang"], m["base"], f"{prefix}/{rel}", offset, root))
    # A generated record page is one macro call: a problem in it is in the macro,
    # and shows once however many records' pages it breaks.
    by_place: dict[tuple, list[str]] = {}
    for page in generated or []:
        for lang in LANGS:
            for p in _render_one(renderer, page.markdown, lang, page.path, GENERATED, 0, root):
                path = f"{page.path}.{lang} (generated page)" if p.path == GENERATED else p.path
                by_place.setdefault((path, p.line, p.column, p.message), []).append(f"{page.path}.{lang}")
    for (path, line, column, message), pages in by_place.items():
        where = pages[0] if len(pages) == 1 else f"{pages[0]} and {len(pages) - 1} other(s)"
        problems.append(Problem(path, line, column, f"{message} (found while rendering the generated page {where})"))
    unique = {(p.path, p.line, p.message): p for p in problems}
    return list(unique.values())


def _render_one(renderer, body: str, lang: str, page_path: str, page_rel: str, offset: int, root: Path) -> list[Problem]:
    try:
        renderer.render_markdown(body, lang, page_path)
    except Exception as exc:  # noqa: BLE001 - any failure is the editor's to see, with its place
        return [render_problem(exc, page_rel, offset, renderer.names(lang, page_path), root)]
    return []


# -- Markdown links between pages, checked as the strict build checks them -------------

_CODE = re.compile(r"^(`{3,}|~{3,}).*?^\1[ \t]*$|`+[^`\n]*`+", re.M | re.S)
_INLINE_LINK = re.compile(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^\"'\n]*[\"'])?\s*\)")
_REFERENCE = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)


def check_links(content_dir: Path, root: Path, record_pages: set[str], theme_dir: Path | None = None) -> list[Problem]:
    """Every Markdown link from a page to another page or file that does not exist.

    A link names a page without its language (`about.md`) or with it (`about.fi.md`),
    relative to the linking page; generated record pages (`actions/ka220-vet.md`)
    count as pages. Addresses with a scheme (https:, mailto:) and `#anchor`s within the
    page are left to the link checker of the built site.
    """
    problems = []
    prefix = content_dir.resolve().relative_to(root.resolve()).as_posix()
    for path in sorted(content_dir.rglob("*.md")):
        rel = path.relative_to(content_dir).as_posix()
        m = PAGE.match(rel)
        if not m or m["lang"] not in LANGS:
            continue
        text = path.read_text(encoding="utf-8")
        hidden = _CODE.sub(lambda c: re.sub(r"[^\n]", " ", c.group()), text)  # keeps every position
        here = posixpath.dirname(rel)
        for found in list(_INLINE_LINK.finditer(hidden)) + list(_REFERENCE.finditer(hidden)):
            target = found.group(1)
            if _page_exists(content_dir, here, target, m["lang"], record_pages, theme_dir):
                continue
            at = found.start(1)
            line = text.count("\n", 0, at) + 1
            col = at - (text.rfind("\n", 0, at) + 1) + 1
            problems.append(Problem(f"{prefix}/{rel}", line, col,
                                    f"the link to `{target}` leads to no page: there is no such page or file "
                                    f"in {prefix}/ (a page is linked as `name.md`, relative to this page)"))
    return problems


def _page_exists(content_dir: Path, here: str, target: str, lang: str, record_pages: set[str],
                 theme_dir: Path | None) -> bool:
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path:
        return True  # another site, an e-mail address, or an anchor on this page
    path = unquote(parts.path)
    full = posixpath.normpath(posixpath.join(here, path)) if not path.startswith("/") else path.lstrip("/")
    if full.startswith("../"):
        return False
    if path.endswith("/"):
        full = f"{full}/index.md"
    base = full[:-3] if full.endswith(".md") else full
    base = re.sub(rf"\.({'|'.join(LANGS)})$", "", base)
    if full.endswith(".md"):
        return ((content_dir / full).is_file() or (content_dir / f"{base}.{lang}.md").is_file()
                or base in record_pages)
    return (content_dir / full).exists() or (theme_dir is not None and (theme_dir / full).exists())
