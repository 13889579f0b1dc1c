"""Temporary files and folders that name the process that made them, and the cleaning
of those a killed run left behind.

`make build` writes `site.tmp-<pid>-*` next to site/, `make offline` writes
`dist/offline-<pid>-*` and `dist/.tmp-<pid>-*.zip`. A run killed half-way (Ctrl+C
twice, a closed terminal, SIGKILL) cannot remove its own; the next run removes every
one whose process is gone, and never one of a run still going (two `make offline`
at once each keep their work and their zip).
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path


def prefix(stem: str) -> str:
    """A temporary name's start for this process: `site.tmp-` -> `site.tmp-4711-`."""
    return f"{stem}{os.getpid()}-"


def alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def owner(path: Path, stem: str) -> int | None:
    """The process id in a temporary name made with `prefix(stem)`, or None."""
    m = re.match(rf"{re.escape(stem)}(\d+)-", path.name)
    return int(m.group(1)) if m else None


def clean(parent: Path, stem: str) -> list[Path]:
    """Remove what runs that are gone left in `parent` under names starting with `stem`
    (names without a process id are from before it was written in: gone too)."""
    removed = []
    if not parent.is_dir():
        return removed
    for path in sorted(parent.glob(f"{stem}*")):
        pid = owner(path, stem)
        if pid is not None and alive(pid):
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def restore_swapped(site_dir: Path) -> None:
    """A build killed between moving site/ aside (`site.old-<pid>`) and moving the new
    one in leaves no site/: put the previous one back; otherwise remove the old copy."""
    for old in sorted(site_dir.parent.glob(f"{site_dir.name}.old-*")):
        m = re.match(rf"{re.escape(site_dir.name)}\.old-(\d+)$", old.name)
        if m and alive(int(m.group(1))):
            continue
        if not site_dir.exists():
            old.rename(site_dir)
        else:
            shutil.rmtree(old, ignore_errors=True)
