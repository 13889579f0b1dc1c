"""Checks on the Markdown pages in `content/`: every page exists in both languages."""
from __future__ import annotations

import re
from pathlib import Path

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
