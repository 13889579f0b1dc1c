"""kb.yamlfast (libyaml under ruamel's round-trip constructor) builds exactly the tree
that ruamel's pure-Python round-trip reader builds: same containers, values, types and
line/column of every key, value and item (an empty value is placed on its key's line);
what libyaml cannot read falls back."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from kb import yamlfast
from kb.load import data_files, load
from kb.yamlpos import Constructor as _Constructor
from kb.yamlpos import yaml_reader

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]


def differences(a, b, path="") -> list[str]:
    if type(a) is not type(b):
        return [f"{path}: {type(a).__name__} vs {type(b).__name__}"]
    out = []
    if isinstance(a, CommentedMap):
        if list(a) != list(b):
            return [f"{path}: keys {list(a)} vs {list(b)}"]
        if (a.lc.line, a.lc.col) != (b.lc.line, b.lc.col):
            out.append(f"{path}: at {a.lc.line}:{a.lc.col} vs {b.lc.line}:{b.lc.col}")
        for k in a:
            # An empty value: libyaml places it right after the key's colon, the pure
            # reader at the next token (often the next line). The key's line is the better
            # place to report "missing value", and both name the right record and key.
            empty_here = a[k] is None and a.lc.value(k)[0] == a.lc.key(k)[0]
            if a.lc.key(k) != b.lc.key(k) or (a.lc.value(k) != b.lc.value(k) and not empty_here):
                out.append(f"{path}.{k}: position {a.lc.key(k)}/{a.lc.value(k)} vs {b.lc.key(k)}/{b.lc.value(k)}")
            out += differences(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, CommentedSeq):
        if len(a) != len(b):
            return [f"{path}: {len(a)} vs {len(b)} items"]
        for i in range(len(a)):
            if a.lc.item(i) != b.lc.item(i):
                out.append(f"{path}[{i}]: position {a.lc.item(i)} vs {b.lc.item(i)}")
            out += differences(a[i], b[i], f"{path}[{i}]")
    elif a != b:
        out.append(f"{path}: {a!r} vs {b!r}")
    return out


def test_the_c_parser_is_installed():
    # ruamel.yaml.clib is pinned in requirements.txt; without it builds are slower.
    assert yamlfast.available()


@pytest.mark.parametrize("path", [p for _, p in data_files(ROOT / "data")], ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_data_file_gives_the_same_tree(path):
    text = path.read_text(encoding="utf-8")
    slow = yaml_reader().load(text)
    fast = yamlfast.load(text, _Constructor)
    if fast is None:
        pytest.skip("libyaml cannot read this file; the pure-Python reader is used")
    assert not differences(fast, slow)


TRICKY = """\
- id: x
  no: no
  yes_: yes
  n: 012
  f: 1.50
  big: 1_000
  empty:
  nul: ~
  date: 2021-05-20
  bad_date: 2021-13-45
  period: "2014-2020"
  quoted: 'a: b'
  literal: |
    two
    lines
  folded: >
    one
    line
  flow: {fi: Hei, sv: Hej}
  items: [1, two, 3.0]
  nested:
    - {name: A, country: fi}
    - name: B
      country: "no"
"""


def test_tricky_scalars_give_the_same_tree():
    slow = yaml_reader().load(TRICKY)
    fast = yamlfast.load(TRICKY, _Constructor)
    assert fast is not None
    assert not differences(fast, slow)
    assert fast[0]["no"] == "no" and fast[0]["date"] == dt.date(2021, 5, 20)
    assert fast[0]["bad_date"] == "2021-13-45"  # the loader's lenient dates: reported by the model
    assert fast[0].lc.key("literal") == (12, 2)
    assert fast[0].lc.value("empty") == (6, 8)  # on the key's line, after the colon


def test_what_libyaml_cannot_read_falls_back(tmp_path):
    text = "- id: x\n  text: {fi: a:b:c, sv: d}\n"  # YAML 1.2 allows ':' here, libyaml does not
    assert yamlfast.load(text, _Constructor) is None
    assert yaml_reader().load(text)[0]["text"]["fi"] == "a:b:c"
    assert yamlfast.load("- [unclosed\n", _Constructor) is None
    assert yamlfast.load("%YAML 1.1\n---\n- id: x\n", _Constructor) is None  # versions: the pure reader


def test_the_loader_reports_the_same_positions_through_either_reader(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "sectors.yaml").write_text(
        "- id: vet\n  code: VET\n  name: {fi: Ammatillinen, sv: Yrkesutbildning}\n"
        "  description: {fi: x, sv: y}\n  sources: [nowhere]\n", encoding="utf-8")
    with pytest.raises(Exception) as exc:
        load(data, tmp_path)
    assert "data/sectors.yaml:5:" in str(exc.value)
