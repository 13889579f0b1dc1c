"""One record per file: the migration keeps every record, the data is in the browser
editor's canonical form, and the loader holds each file to its name."""
from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from conftest import ROOT, missing_tool
from kb import canonical
from kb.load import SCHEMA_DIR, data_files, load
from kb.migrate_layout import list_files, migrate
from kb.model import KINDS, one_record_per_file
from kb.problems import DataError

pytestmark = pytest.mark.unit

OLD_LAYOUT_FILE = "data/actions/2021-2027.yaml"  # a list file every old layout had


def _node_or_skip() -> None:
    if not shutil.which("node"):
        missing_tool("Node.js is missing: the canonical YAML is written by the browser editor's library")
    try:
        canonical.ensure_packages()
    except canonical.FormatError as exc:
        missing_tool(str(exc))


def old_layout(dest: Path) -> Path:
    """data/ in the old layout (list files): the working tree's when it still has them,
    else the tree of the commit before the one that removed them, from git."""
    if list_files(ROOT / "data"):
        shutil.copytree(ROOT / "data", dest / "data")
        return dest / "data"
    if not shutil.which("git"):
        missing_tool("git is needed to read the old layout from the history")
    found = subprocess.run(["git", "rev-list", "-1", "HEAD", "--", OLD_LAYOUT_FILE], cwd=ROOT,
                           capture_output=True, text=True)
    if found.returncode != 0 or not found.stdout.strip():
        missing_tool(f"the git history (a full clone) is needed to find the old layout ({OLD_LAYOUT_FILE})")
    archive = subprocess.run(["git", "archive", f"{found.stdout.strip()}^", "data"], cwd=ROOT, capture_output=True)
    assert archive.returncode == 0, archive.stderr.decode()
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(dest, filter="data")
    return dest / "data"


def _records(db, kind):
    return {rid: record.model_dump(exclude={"order"}) for rid, record in db.kind(kind).items()}


# Migrates and loads the whole data set twice: the build tier.
@pytest.mark.build
def test_migration_keeps_every_record_field_text_and_order(tmp_path):
    _node_or_skip()
    before_dir = old_layout(tmp_path / "old")
    after_dir = tmp_path / "new" / "data"
    shutil.copytree(before_dir, after_dir)
    written, removed = migrate(after_dir)
    assert written > 0 and removed > 0
    before, after = load(before_dir), load(after_dir)
    for kind in KINDS:
        # The same records, in the same display order, field for field (`order` is new).
        assert list(after.kind(kind)) == list(before.kind(kind)), kind
        old, new = _records(before, kind), _records(after, kind)
        for rid in old:
            assert new[rid] == old[rid], f"{kind}/{rid} changed in the move"
    # Every editable kind is one record per file now, each named after its id.
    for kind, path in data_files(after_dir):
        if one_record_per_file(kind):
            assert path.parent.name == kind and path.stem in after.kind(kind), path
    assert list_files(after_dir) == []


def test_migration_runs_again_without_changing_anything(tmp_path):
    _node_or_skip()
    data = old_layout(tmp_path / "old")
    migrate(data)
    first = {p: p.read_bytes() for p in data.rglob("*.yaml")}
    assert migrate(data) == (0, 0)
    assert {p: p.read_bytes() for p in data.rglob("*.yaml")} == first


# Migrates and loads the whole data set twice: the build tier.
@pytest.mark.build
def test_migration_of_old_list_files_over_migrated_data_takes_their_texts(tmp_path):
    """At a merge, a branch's edited old list file comes back beside the migrated files:
    running the move again takes its texts and keeps every record's order."""
    _node_or_skip()
    old = old_layout(tmp_path / "old")
    data = tmp_path / "new" / "data"
    shutil.copytree(old, data)
    migrate(data)
    orders = {rid: r.order for rid, r in load(data).actions.items()}
    edited = old / "actions" / "2021-2027.yaml"
    text = edited.read_text(encoding="utf-8")
    first_fi = load(old).actions["ka121-vet"].name.fi
    (data / "actions" / "2021-2027.yaml").write_text(text.replace(first_fi, first_fi + " (muokattu)", 1),
                                                     encoding="utf-8")
    migrate(data)
    after = load(data)
    assert after.actions["ka121-vet"].name.fi == first_fi + " (muokattu)"
    assert {rid: r.order for rid, r in after.actions.items()} == orders
    assert not (data / "actions" / "2021-2027.yaml").exists()


def test_every_editable_kind_is_one_record_per_file():
    assert list_files(ROOT / "data") == [], "run `make migrate-layout`"
    for kind, path in data_files(ROOT / "data"):
        if one_record_per_file(kind):
            assert path.parent == ROOT / "data" / kind, f"{path}: records of {kind} go in data/{kind}/<id>.yaml"


def test_data_files_are_in_the_editors_canonical_form():
    """`make format` has nothing to do: a save from the browser editor changes only the
    lines of the fields it changed."""
    _node_or_skip()
    files = [p for k, p in data_files(ROOT / "data") if one_record_per_file(k)]
    assert files
    assert canonical.check(files, ROOT / "data" / SCHEMA_DIR) == [], "run `make format`"


def _one(data: Path) -> str:
    with pytest.raises(DataError) as exc:
        load(data, data.parent)
    assert len(exc.value.problems) == 1, exc.value.problems
    return str(exc.value.problems[0])


def test_an_id_that_differs_from_the_file_name_is_an_error_at_the_id(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = next(p for k, p in data_files(data) if k == "themes")
    text = path.read_text(encoding="utf-8")
    line = next(i for i, l in enumerate(text.splitlines(), 1) if l.startswith("id: "))
    path.write_text(text.replace(f"id: {path.stem}\n", f"id: {path.stem}-x\n", 1), encoding="utf-8")
    assert _one(data) == (f"data/themes/{path.name}:{line}:5: the id `{path.stem}-x` differs from the file's name "
                          f"`{path.stem}`: a record's file is named after its id; write `id: {path.stem}`, or "
                          f"rename the file to {path.stem}-x.yaml")


def test_the_same_id_in_two_files_is_an_error_with_both_places(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = next(p for k, p in data_files(data) if k == "projects")
    shutil.copy(path, path.with_suffix(".yml"))
    message = _one(data)
    assert message.startswith(f"data/projects/{path.stem}.yml:") or message.startswith(f"data/projects/{path.name}:")
    assert f"duplicate id `{path.stem}`: it is already used at data/projects/{path.stem}." in message


def test_make_format_writes_the_editors_form_and_keeps_the_record(tmp_path):
    """A hand-edited file (flow style, quotes, keys out of order) is listed by the check,
    rewritten by `make format` in schema order and block style, and loads the same."""
    _node_or_skip()
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = next(p for k, p in data_files(data) if k == "themes")
    before = load(data).themes[path.stem]
    record = canonical_plain(path)
    lines = [f"{key}: {value}" for key, value in reversed(list(_flow(record).items()))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    schema_dir = data / SCHEMA_DIR
    assert canonical.check([path], schema_dir) == [str(path.resolve())]
    assert canonical.write([path], schema_dir) == [str(path.resolve())]
    assert canonical.check([path], schema_dir) == []
    assert path.read_text(encoding="utf-8").startswith(f"id: {path.stem}\n")
    assert load(data).themes[path.stem] == before


def canonical_plain(path: Path) -> dict:
    from kb.load import _plain, yaml_reader
    return _plain(yaml_reader().load(path.read_text(encoding="utf-8")))


def _flow(record: dict) -> dict:
    """Values as YAML flow text: what a hand edit might look like."""
    import json
    return {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list, str)) else
                v.isoformat() if hasattr(v, "isoformat") else v) for k, v in record.items()}
