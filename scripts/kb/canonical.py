"""The canonical YAML of one-record-per-file data: exactly what the browser editor writes.

Decap CMS rewrites a file on every save (key order, quoting, line folding). A save
changes only the lines of the fields that changed when the file is already in the form
Decap writes, so that form is the canonical one: `make format` writes it, a test checks
every data file is in it, and `make migrate-layout` and `make new` write it. It is made
by Decap's own YAML library (`yaml` 1.10.3, pinned in scripts/editor/package-lock.json)
through scripts/editor/yamlformat.cjs, not imitated in Python.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any, Iterable

ROOT = Path(__file__).resolve().parents[2]
EDITOR_DIR = ROOT / "scripts" / "editor"
FORMATTER = EDITOR_DIR / "yamlformat.cjs"
YAML_PACKAGE = EDITOR_DIR / "node_modules" / "yaml" / "package.json"


class FormatError(Exception):
    pass


def ensure_packages() -> None:
    """Install the editor's npm packages from the lockfile when they are missing."""
    if not shutil.which("node"):
        raise FormatError("Node.js (`node`, Debian package `nodejs`) is needed to write data files in the "
                          "browser editor's format: install it, then run the command again")
    if YAML_PACKAGE.exists():
        return
    if not shutil.which("npm"):
        raise FormatError("npm (Debian package `npm`) is needed to install the browser editor's packages "
                          f"(scripts/editor/package-lock.json): install it, or run `npm ci` in {EDITOR_DIR}")
    result = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=EDITOR_DIR,
                            capture_output=True, text=True)
    if result.returncode != 0 or not YAML_PACKAGE.exists():
        raise FormatError(f"`npm ci` in {EDITOR_DIR} failed: {result.stderr.strip()[-400:]}")


def _run(args: list[str], schema_dir: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    ensure_packages()
    return subprocess.run(["node", str(FORMATTER), "--schema-dir", str(Path(schema_dir).resolve()), *args], input=stdin,
                          capture_output=True, text=True, cwd=EDITOR_DIR)


def check(files: Iterable[Path], schema_dir: Path) -> list[str]:
    """The files (of `files`) that are not in canonical form, or cannot be read."""
    files = [str(Path(f).resolve()) for f in files]
    if not files:
        return []
    result = _run(["--check", *files], schema_dir)
    if result.returncode not in (0, 1):
        raise FormatError(result.stderr.strip())
    return result.stdout.split() + [line for line in result.stderr.splitlines() if line.strip()]


def write(files: Iterable[Path], schema_dir: Path) -> list[str]:
    """Rewrite `files` in canonical form; return those that changed."""
    files = [str(Path(f).resolve()) for f in files]
    if not files:
        return []
    result = _run(["--write", *files], schema_dir)
    if result.returncode != 0 or result.stderr.strip():
        raise FormatError(result.stderr.strip() or f"the formatter stopped with code {result.returncode}")
    return result.stdout.split()


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()  # dates: Decap's date picker stores YYYY-MM-DD text
    return value


def write_records(records: dict[Path, dict], schema_dir: Path) -> None:
    """Write each record to its file in canonical form (each file written atomically)."""
    if not records:
        return
    payload = json.dumps({str(Path(p).resolve()): _jsonable(r) for p, r in records.items()}, ensure_ascii=False)
    result = _run(["--json"], schema_dir, stdin=payload)
    if result.returncode != 0:
        raise FormatError(result.stderr.strip())


def render(record: dict, kind: str, schema_dir: Path) -> str:
    """The canonical text of one record of `kind` (written to a scratch file and read back)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / kind / "record.yaml"
        path.parent.mkdir()
        write_records({path: record}, schema_dir)
        return path.read_text(encoding="utf-8")
