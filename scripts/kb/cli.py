"""Command-line tools for editors and CI: `python -m kb.cli check|build|serve`.

The generator (MkDocs) is only ever run as a command from here, so the core
package imports nothing of it.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .problems import DataError
from .state import KnowledgeBase

ROOT = Path(__file__).resolve().parents[2]


def mkdocs(*args: str, env: dict | None = None) -> list[str]:
    return [sys.executable, "-m", "mkdocs", *args]


def check(root: Path = ROOT) -> int:
    try:
        loaded = KnowledgeBase(root).get()
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    n = sum(len(loaded.db.kind(k)) for k in ("actions", "activity_types", "themes", "projects", "glossary"))
    print(f"0 problems found ({n} records checked)")
    return 0


def build(root: Path = ROOT, site_dir: Path | None = None, extra_env: dict | None = None) -> int:
    """Validate, build into a temporary folder next to site/, then swap it in.

    On any problem the previous site/ is left exactly as it was.
    """
    site_dir = Path(site_dir or root / "site")
    if check(root) != 0:
        print(f"Build stopped: {site_dir} was not changed.", file=sys.stderr)
        return 1
    tmp = Path(tempfile.mkdtemp(prefix=f"{site_dir.name}.tmp-", dir=site_dir.parent))
    env = {**os.environ, **(extra_env or {})}
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
    # --livereload: with current click, mkdocs serve does not reload without it.
    check(root)  # show problems first; the server still starts and rebuilds on save
    return subprocess.call(mkdocs("serve", "--livereload", "-a", addr, "-f", str(root / "mkdocs.yml")), cwd=root)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kb", description="Erasmus+ knowledge base tools")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate data and pages; list every problem")
    b = sub.add_parser("build", help="validate and build site/ atomically")
    b.add_argument("--site-dir", type=Path)
    s = sub.add_parser("serve", help="preview with live reload")
    s.add_argument("--addr", default="127.0.0.1:8000")
    args = parser.parse_args(argv)
    if args.command == "check":
        return check()
    if args.command == "build":
        return build(site_dir=args.site_dir)
    if args.command == "serve":
        return serve(addr=args.addr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
