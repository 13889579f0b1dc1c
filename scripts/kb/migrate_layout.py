"""One record per file: turn every list file of an editable kind into `data/<kind>/<id>.yaml`.

    python -m kb.migrate_layout [--data DATA_DIR]      (make migrate-layout)

A one-off move of the data to the layout the browser editor needs, kept as a script so
that it can run again: on a branch that still edits the old list files, after a merge.
For every kind that is one record per file (`model.one_record_per_file`: actions,
activity types, themes, projects, glossary, sources and any kind added since, e.g. a
term bank in `data/terms.yaml`), each record of each list file (`data/<kind>.yaml`,
`data/<kind>/*.yaml` holding a list) is written to `data/<kind>/<id>.yaml` in canonical
form (`kb.canonical`), and the list file is removed once all its records are written.

It is deterministic and idempotent: on data already migrated it changes nothing. The
list files win over per-record files of the same id (they hold the newer edits when an
old-layout branch is merged). Display order, which file order used to give, becomes
the `order` field: a record keeps the `order` its per-record file already has, otherwise
it gets 10 x its position among the kind's list records (files in name order).
Comments in the list files are not carried over: what they explained is in the schema's
field descriptions (the form's hints) and in the editor's guide (data/README.fi.md).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from . import canonical
from .load import SCHEMA_DIR, _plain, _read_yaml, data_files
from .model import KINDS, one_record_per_file


def list_files(data_dir: Path) -> list[tuple[str, Path]]:
    """(kind, path) of every list file of a one-record-per-file kind."""
    out = []
    for kind, path in data_files(data_dir):
        if not kind or not one_record_per_file(kind):
            continue
        doc = _read_yaml(path, str(path), [])
        if isinstance(doc, CommentedSeq):
            out.append((kind, path))
    return out


def plan(data_dir: Path) -> tuple[dict[Path, dict], list[Path], list[str]]:
    """(records to write by path, list files to remove, problems that stop the move)."""
    problems: list[str] = []
    writes: dict[Path, dict] = {}
    sources: dict[Path, str] = {}
    remove: list[Path] = []
    position: dict[str, int] = {}
    for kind, path in list_files(data_dir):
        read_problems: list = []
        doc = _read_yaml(path, str(path), read_problems)
        if read_problems:
            problems += [str(p) for p in read_problems]
            continue
        has_order = "order" in KINDS[kind].model_fields
        for index, node in enumerate(doc):
            line = doc.lc.item(index)[0] + 1
            if not isinstance(node, CommentedMap) or not isinstance(node.get("id"), str) or not node["id"].strip():
                problems.append(f"{path}:{line}:1: a record without an `id`: give it one, then run the move again")
                continue
            position[kind] = position.get(kind, 0) + 1
            record = _plain(node)
            target = data_dir / kind / f"{record['id']}.yaml"
            if target in writes:
                problems.append(f"{path}:{line}:1: duplicate id `{record['id']}` (also at {sources[target]}): "
                                "every id must be unique")
                continue
            if has_order and record.get("order") is None:
                existing = _read_yaml(target, str(target), []) if target.exists() else None
                kept = existing.get("order") if isinstance(existing, CommentedMap) else None
                record["order"] = kept if isinstance(kept, int) else 10 * position[kind]
            writes[target] = record
            sources[target] = f"{path}:{line}"
        remove.append(path)
    return writes, remove, problems


def migrate(data_dir: Path) -> tuple[int, int]:
    """Move the data; return (records written, list files removed)."""
    writes, remove, problems = plan(data_dir)
    if problems:
        raise SystemExit("\n".join(problems) + "\nNothing was changed.")
    for target in writes:
        target.parent.mkdir(parents=True, exist_ok=True)
    canonical.write_records(writes, data_dir / SCHEMA_DIR)
    for path in remove:
        if path not in writes:
            path.unlink()
    return len(writes), len(remove)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="migrate_layout", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "data")
    args = parser.parse_args(argv)
    try:
        written, removed = migrate(args.data)
    except canonical.FormatError as exc:
        print(f"migrate-layout: {exc}", file=sys.stderr)
        return 1
    if not removed:
        print("migrate-layout: every editable kind is already one record per file; nothing to do")
    else:
        print(f"migrate-layout: {written} records written to data/<kind>/<id>.yaml, {removed} list files removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
