"""`make review`: what an editor should look at again, as `path:line: message`.

A report, not a gate (exit code 0): facts age without any file changing, so a
build cannot know when to fail on them. Lists
- every action whose known deadlines are all past (its page already says so),
- every record not checked against its sources for more than 12 months,
- every source older than the current programme period's first call,
then a count per kind. The date compared with is today, or SOURCE_DATE_EPOCH's day.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from . import dates
from .problems import DataError

ROOT = Path(__file__).resolve().parents[2]

KIND_DEADLINES = "all deadlines past"
KIND_STALE = "not checked for over 12 months"
KIND_OLD_SOURCE = "sources older than the current period"


def record_lines(root: Path) -> dict[tuple[str, str], tuple[str, int]]:
    """(kind, id) -> (file relative to root, 1-based line of its `id:`): the item of a list
    file, or the one record of data/<kind>/<id>.yaml."""
    from .load import data_files, yaml_reader

    found: dict[tuple[str, str], tuple[str, int]] = {}
    for kind, path in data_files(root / "data"):
        if not kind:
            continue
        try:
            doc = yaml_reader().load(path.read_text(encoding="utf-8"))
        except Exception:
            continue
        rel = path.relative_to(root).as_posix()
        if isinstance(doc, CommentedMap) and isinstance(doc.get("id"), str):
            found.setdefault((kind, doc["id"]), (rel, doc.lc.key("id")[0] + 1))
            continue
        if not isinstance(doc, CommentedSeq):
            continue
        for i, node in enumerate(doc):
            if isinstance(node, CommentedMap) and isinstance(node.get("id"), str):
                found.setdefault((kind, node["id"]), (rel, doc.lc.item(i)[0] + 1))
    return found


def findings(root: Path, today: dt.date) -> list[tuple[str, str, int, str]]:
    """(kind of finding, path, line, message), in file order."""
    from .load import load
    from .model import KINDS

    db = load(root / "data", root)
    where = record_lines(root)
    out = []

    def at(kind: str, rid: str) -> tuple[str, int]:
        return where.get((kind, rid), (f"data/{kind}", 1))

    for a in db.actions.values():
        if dates.all_past(a.deadlines, today):
            last = dates.latest(a.deadlines)
            out.append((KIND_DEADLINES, *at("actions", a.id),
                        f"`{a.id}`: every known deadline is past (the latest, {last.date.isoformat()}); "
                        "add the next round's dates when the managing body publishes them"))
    limit = today - dt.timedelta(days=dates.REVIEW_AFTER_DAYS)
    for kind in KINDS:
        for r in db.kind(kind).values():
            checked = getattr(r, "last_checked", None)
            if checked is not None and checked < limit:
                out.append((KIND_STALE, *at(kind, r.id),
                            f"`{r.id}` was last checked on {checked.isoformat()}, more than 12 months ago: "
                            "compare it with its sources and update `last_checked`"))
    for s in db.sources.values():
        if dates.source_predates_period(s):
            what = f"published {s.published}" if s.published else f"of the period {s.period}"
            out.append((KIND_OLD_SOURCE, *at("sources", s.id),
                        f"`{s.id}` ({what}) predates the {dates.CURRENT_PERIOD} period's first call "
                        f"({dates.CURRENT_PERIOD_FIRST_CALL.isoformat()}): facts taken from it may be out of date"))
    return sorted(out, key=lambda f: (f[1], f[2]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make review", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    today = dates.build_date()
    try:
        found = findings(args.root, today)
    except DataError as exc:
        for p in exc.problems:
            print(p, file=sys.stderr)
        print("make review: fix the data first (`make check` lists the problems)", file=sys.stderr)
        return 0
    for _, path, line, message in found:
        print(f"{path}:{line}: {message}")
    print(f"Review of {today.isoformat()}:")
    for kind in (KIND_DEADLINES, KIND_STALE, KIND_OLD_SOURCE):
        print(f"  {kind}: {sum(1 for f in found if f[0] == kind)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
