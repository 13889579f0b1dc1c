"""Command-line tools for editors and CI: `python -m kb.cli check|build|serve|translations|schema|new`.

The engine (MkDocs, or ProperDocs with `ENGINE=properdocs`) is only ever run as a
command from here, so the core package imports nothing of it.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from . import leftovers
from .problems import DataError, Problem

ROOT = Path(__file__).resolve().parents[2]


# The engines that build the site from the same mkdocs.yml and adapter (overrides/mkdocs/):
# MkDocs 1.6, and ProperDocs, the maintained 1.x fork (a switch of one variable).
ENGINES = ("mkdocs", "properdocs")


def engine() -> str:
    name = os.environ.get("KB_ENGINE") or "mkdocs"
    if name not in ENGINES:
        raise SystemExit(f"unknown engine {name!r}: use one of {', '.join(ENGINES)} (make build ENGINE=...)")
    return name


def mkdocs(*args: str) -> list[str]:
    """The engine's command line (KB_ENGINE, default mkdocs)."""
    return [sys.executable, "-m", engine(), *args]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def find_problems(root: Path = ROOT, warnings: list[Problem] | None = None) -> tuple[list[Problem], str]:
    """Every problem in data and pages, strictly (as `make build` sees them), and a
    summary of what was checked. Pages are rendered as soon as the data loads, so a
    missing twin page does not hide a broken macro call in another page."""
    from .content import check_links, check_pages, check_rendering
    from .load import load
    from .model import KINDS
    from .pages import record_pages
    from .render import Renderer
    from .state import CONTENT_DIR, DATA_DIR, MACRO_DIR

    content_dir = root / CONTENT_DIR
    problems = check_pages(content_dir, root)
    try:
        db = load(root / DATA_DIR, root)
    except DataError as exc:
        return sorted(problems + exc.problems), ("the pages were not rendered: fix the data first, "
                                                 "then run `make check` again")
    generated = record_pages(db)
    problems += check_rendering(Renderer(db, root / MACRO_DIR), content_dir, root, generated)
    problems += check_links(content_dir, root, {page.path for page in generated}, (root / MACRO_DIR).parent)
    # What the texts say: placeholders, the term bank, Finnish acronym endings (kb.truth).
    from .truth import check_sourcing, check_term_bank, check_texts, sourcing
    text_problems, text_warnings = check_texts(root, db)
    problems += text_problems + check_term_bank(root, db) + check_sourcing(root, db)
    if warnings is not None:
        warnings.extend(text_warnings)
    records = sum(len(db.kind(k)) for k in KINDS)
    pages = len(list(content_dir.rglob("*.md"))) + 2 * len(generated)
    sourced, editorial = sourcing(db)
    return sorted(problems), (f"{_plural(records, 'record')} and {_plural(pages, 'page')} checked; "
                              f"statements: {sourced} sourced, {editorial} marked editorial")


def check(root: Path = ROOT) -> int:
    warnings: list[Problem] = []
    problems, checked = find_problems(root, warnings)
    for w in warnings:
        print(f"{w} (warning: a publication build, PUBLISH=1, stops on this)", file=sys.stderr)
    for p in problems:
        print(p, file=sys.stderr)
    files = len({p.path for p in problems})
    if problems:
        print(f"{_plural(len(problems), 'problem')} found in {_plural(files, 'file')} ({checked})", file=sys.stderr)
        return 1
    print(f"0 problems found ({checked})")
    return 0


def build(root: Path = ROOT, site_dir: Path | None = None, extra_env: dict | None = None) -> int:
    """Validate, build into a temporary folder next to site/, then swap it in.

    On any problem the previous site/ is left exactly as it was.
    """
    site_dir = Path(site_dir or root / "site")
    if check(root) != 0:
        print(f"Build stopped: {site_dir} was not changed.", file=sys.stderr)
        return 1
    # What a killed build left (site.tmp-<pid>-*, site.old-<pid>) goes; a running one's stays.
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    leftovers.clean(site_dir.parent, f"{site_dir.name}.tmp-")
    leftovers.restore_swapped(site_dir)
    tmp = Path(tempfile.mkdtemp(prefix=leftovers.prefix(f"{site_dir.name}.tmp-"), dir=site_dir.parent))
    # A build is never a draft, whatever the shell has set.
    env = {**os.environ, **(extra_env or {}), "KB_DRAFT": "0"}
    result = subprocess.run(mkdocs("build", "--clean", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(tmp)),
                            cwd=root, env=env)
    if result.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        print(f"Build failed: {site_dir} was not changed.", file=sys.stderr)
        return result.returncode or 1
    old = None
    if site_dir.exists():
        old = site_dir.with_name(f"{site_dir.name}.old-{os.getpid()}")
        site_dir.rename(old)
    tmp.rename(site_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    print(f"Built {site_dir}")
    return 0


def serve(root: Path = ROOT, addr: str = "127.0.0.1:8000") -> int:
    """Preview with live reload, in draft mode (KB_DRAFT=1).

    A missing translation shows as a marked placeholder; a data problem is printed
    on the console and shown on every page, and the server keeps running: fix the
    file, save, and the page comes back. Not strict, so that a broken link is a
    warning on the console rather than the end of the preview (`make build` is strict).
    """
    env = {**os.environ, "KB_DRAFT": "1", "PYTHONPATH": str(root / "scripts")}
    print(f"Preview at http://{addr}/ (Swedish: http://{addr}/sv/). It rebuilds when you save a file in "
          "data/, content/ or overrides/. Stop it with Ctrl+C.", flush=True)
    # --livereload: with current click, mkdocs serve does not reload without it.
    proc = subprocess.Popen(mkdocs("serve", "--livereload", "--no-strict", "-a", addr,
                                   "-f", str(root / "mkdocs.yml")), cwd=root, env=env)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        # Ctrl+C reaches mkdocs too; let it shut down and free the port before the
        # prompt comes back, so that the next `make serve` can start at once.
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.terminate()
            proc.wait()
        return 0


def edit(root: Path = ROOT, addr: str = "127.0.0.1:8000") -> int:
    """`make edit`: decap-server (the editor's local backend, on 127.0.0.1 only) and the
    live preview, whose build publishes the editor at /admin/."""
    from .canonical import FormatError, ensure_packages
    from .editor import LOCAL_BACKEND_PORT

    try:
        ensure_packages()  # npm ci in scripts/editor when missing
    except FormatError as exc:
        print(f"make edit: {exc}", file=sys.stderr)
        return 1
    server = root / "scripts" / "editor" / "node_modules" / "decap-server" / "dist" / "index.js"
    env = {**os.environ, "PORT": str(LOCAL_BACKEND_PORT), "BIND_HOST": "127.0.0.1", "GIT_REPO_DIRECTORY": str(root),
           "LOG_LEVEL": "warn"}
    backend = subprocess.Popen(["node", str(server)], cwd=root, env=env)
    print(f"Editor: http://{addr}/admin/ (saves go straight into data/; review them with `git diff`, "
          "publish them through the agency's git host).", flush=True)
    try:
        return serve(root, addr)
    finally:
        backend.terminate()
        backend.wait(timeout=10)


def translations(root: Path = ROOT) -> int:
    from .translations import report

    findings = report(root)
    for f in findings:
        print(f)
    missing = sum(1 for f in findings if f.missing)
    hints = len(findings) - missing
    print(f"{_plural(missing, 'missing translation')}, {_plural(hints, 'difference')} to check by eye")
    return 1 if missing else 0


def schema(root: Path = ROOT) -> int:
    from .schema import generate

    try:
        changed = generate(root)
    except DataError as exc:  # the editor's pickers list the fixed sets from data
        for p in exc.problems:
            print(p, file=sys.stderr)
        print("make schema: fix the data first (the browser editor's choices are read from it)", file=sys.stderr)
        return 1
    for path in changed:
        print(f"updated {path}")
    print(f"{_plural(len(changed), 'file')} updated" if changed else "schemas and schema lines are up to date")
    return 0


def format_data(root: Path = ROOT, check_only: bool = False) -> int:
    """`make format`: one-record-per-file data in the browser editor's canonical YAML."""
    from .canonical import FormatError, check, write
    from .load import SCHEMA_DIR, data_files
    from .model import one_record_per_file

    files = [p for k, p in data_files(root / "data") if one_record_per_file(k)]
    try:
        changed = (check if check_only else write)(files, root / "data" / SCHEMA_DIR)
    except FormatError as exc:
        print(f"make format: {exc}", file=sys.stderr)
        return 1
    for path in changed:
        print(f"{'not canonical' if check_only else 'formatted'}: {Path(path).resolve().relative_to(root)}"
              if Path(path).exists() else path)
    if check_only and changed:
        print(f"{_plural(len(changed), 'file')} to format: run `make format`", file=sys.stderr)
        return 1
    print(f"{_plural(len(files), 'file')} checked, {len(changed)} {'to format' if check_only else 'formatted'}")
    return 0


def new(kind: str, record_id: str, file: str | None = None, root: Path = ROOT) -> int:
    from .fields import TODO
    from .scaffold import ScaffoldError, add, kind_of, optional_fields

    try:
        path, line = add(root, kind, record_id, file)
    except ScaffoldError as exc:
        print(f"make new: {exc}", file=sys.stderr)
        return 1
    rel = path.relative_to(root).as_posix()
    text = path.read_text(encoding="utf-8").splitlines()[line - 1:]
    todos = [i for i, l in enumerate(text, start=line) if TODO in l.split("#")[0]]
    print(f"Added `{record_id}` at {rel}:{line}.")
    print(f"Fill in the {_plural(len(todos), 'TODO')} (lines {', '.join(map(str, todos))}); "
          "`make check` lists what is still missing.")
    extra = optional_fields(kind_of(kind))
    if extra:
        print(f"Optional fields you may add: {', '.join(extra)}.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kb", description="Erasmus+ knowledge base tools")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate data and pages; list every problem")
    b = sub.add_parser("build", help="validate and build site/ atomically")
    b.add_argument("--site-dir", type=Path)
    s = sub.add_parser("serve", help="preview with live reload (draft mode)")
    s.add_argument("--addr", default="127.0.0.1:8000")
    e = sub.add_parser("edit", help="the browser editor beside the live preview")
    e.add_argument("--addr", default="127.0.0.1:8000")
    sub.add_parser("translations", help="list missing and suspicious translations")
    sub.add_parser("schema", help="regenerate data/schema/ and the schema line of every data file")
    f = sub.add_parser("format", help="write one-record-per-file data in the browser editor's YAML form")
    f.add_argument("--check", action="store_true", help="only list the files that are not in that form")
    n = sub.add_parser("new", help="a skeleton record: new KIND ID [--file FILE] (default: $KIND $ID $FILE)")
    n.add_argument("kind", nargs="?", default=os.environ.get("KIND", ""))
    n.add_argument("id", nargs="?", default=os.environ.get("ID", ""))
    n.add_argument("--file", default=os.environ.get("FILE") or None)
    args = parser.parse_args(argv)
    if args.command == "check":
        return check()
    if args.command == "build":
        return build(site_dir=args.site_dir)
    if args.command == "serve":
        return serve(addr=args.addr)
    if args.command == "translations":
        return translations()
    if args.command == "edit":
        return edit(addr=args.addr)
    if args.command == "schema":
        return schema()
    if args.command == "format":
        return format_data(check_only=args.check)
    if args.command == "new":
        if not args.kind or not args.id:
            print("usage: make new KIND=project ID=some-id [FILE=data/...yaml]", file=sys.stderr)
            return 2
        return new(args.kind, args.id, args.file)
    return 2


if __name__ == "__main__":
    sys.exit(main())
