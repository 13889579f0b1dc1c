"""Bounded parsing (issue 12, findings 7 and 8): no data file makes the tools crash,
hang or grow without bound.

Each case writes one hostile file into a copy of the project and runs `make check`'s
program (python -m kb.cli check) in a subprocess with a memory limit and a time
limit: it must answer with `path:line:column: message` and exit code 1, never a
traceback, a crash or a timeout.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_project

pytestmark = pytest.mark.unit

MEMORY_LIMIT = 2 * 1024 ** 3  # bytes of address space for the checking process
TIME_LIMIT = 120  # seconds; the check of the real data takes a few


def _limits():  # runs in the child before it starts Python
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_check(project: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(project / "scripts"), "KB_DRAFT": "0"}
    try:
        return subprocess.run([sys.executable, "-m", "kb.cli", "check"], cwd=project, env=env, capture_output=True,
                              text=True, timeout=TIME_LIMIT, preexec_fn=_limits)
    except subprocess.TimeoutExpired:
        pytest.fail(f"`make check` still runs after {TIME_LIMIT} s")


def assert_refused(result: subprocess.CompletedProcess, rel: str, message: str) -> None:
    out = result.stdout + result.stderr
    assert result.returncode == 1, f"exit code {result.returncode} (a crash is negative):\n{out[-3000:]}"
    assert "Traceback" not in out and "MemoryError" not in out, out[-3000:]
    assert re.search(rf"^{re.escape(rel)}:\d+:\d+: .*{re.escape(message)}", out, re.M), out[-3000:]


def alias_bomb(levels: int = 9) -> str:
    lines = ['- &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels + 1):
        lines.append(f"- &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_within_bounds(tmp_path):
    """Finding 7: nine levels of aliases (9^10 values when expanded)."""
    project = copy_project(tmp_path)
    (project / "data" / "sources.yaml").write_text(alias_bomb(), encoding="utf-8")
    assert_refused(run_check(project), "data/sources.yaml", "YAML aliases, `*name`) expand to more than")


def test_alias_inside_what_it_repeats_is_refused(tmp_path):
    """A list that contains itself (`&a [*a]`) would make the loader recurse forever."""
    project = copy_project(tmp_path)
    (project / "data" / "sources.yaml").write_text("- &a [*a]\n", encoding="utf-8")
    assert_refused(run_check(project), "data/sources.yaml", "repeats a part of the file that contains it")


@pytest.mark.parametrize("text", ["- id: x\n  title: " + "[" * 30000 + "]" * 30000 + "\n",
                                  "- id: x\n  title: " + "{a: " * 30000 + "b" + "}" * 30000 + "\n",
                                  "- " * 30000 + "x\n"],
                         ids=["brackets", "braces", "dashes"])
def test_deep_nesting_is_refused_before_the_parser_crashes(tmp_path, text):
    """Finding 8: 30,000 nested brackets crashed libyaml (exit 139, no message)."""
    project = copy_project(tmp_path)
    (project / "data" / "sources.yaml").write_text(text, encoding="utf-8")
    assert_refused(run_check(project), "data/sources.yaml", "nested more than")


def test_huge_file_is_refused_unread(tmp_path):
    """A file beyond the size limit is refused before any parser reads it."""
    from kb.yamlguard import MAX_FILE_BYTES

    project = copy_project(tmp_path)
    one = (project / "data" / "sectors.yaml").read_text(encoding="utf-8")
    path = project / "data" / "sectors.yaml"
    with path.open("w", encoding="utf-8") as f:
        while f.tell() <= MAX_FILE_BYTES:
            f.write("# " + "x" * 1000 + "\n")
        f.write(one)
    assert_refused(run_check(project), "data/sectors.yaml", "split it into several files")


def test_the_real_data_stays_within_the_bounds():
    """The shared lists of the real data (anchors and aliases) stay allowed."""
    from conftest import ROOT
    from kb.load import load

    load(ROOT / "data", ROOT)


def test_alias_bomb_after_yaml_1_2_only_syntax_is_refused(tmp_path):
    """libyaml stops at `{a: x:y}` (YAML 1.2 only); the count goes on with ruamel's
    own parser, which the loader then uses, so the bomb behind it is found too."""
    project = copy_project(tmp_path)
    (project / "data" / "sources.yaml").write_text("- {a: x:y}\n" + alias_bomb(), encoding="utf-8")
    assert_refused(run_check(project), "data/sources.yaml", "YAML aliases, `*name`) expand to more than")
