"""`make serve` for real: the preview server (python -m kb.cli serve) on a free port,
on a copy of the project, edited while it runs the way an editor edits.

A data error shows on the console as path:line:column and on the pages, the server
keeps answering, and the fixed file brings the pages back with the change. The
preview also starts when the data is already broken, and shows a missing
translation as a marked placeholder.
"""
from __future__ import annotations

import html
import re

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import copy_project

pytestmark = pytest.mark.browser

BUILD_TIMEOUT = 600  # seconds; a build takes a few seconds, far more on a busy machine


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Preview:
    """The preview server as the editor runs it, with its console output collected."""

    def __init__(self, project: Path):
        self.project = project
        self.port = free_port()
        env = {**os.environ, "PYTHONPATH": str(project / "scripts"), "NO_MKDOCS_2_WARNING": "1",
               "PYTHONUNBUFFERED": "1"}
        env.pop("KB_DRAFT", None)  # kb.cli serve sets it itself
        # A session of its own, so that stopping it ends mkdocs (its child) too.
        self.proc = subprocess.Popen([sys.executable, "-m", "kb.cli", "serve", "--addr", f"127.0.0.1:{self.port}"],
                                     cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, start_new_session=True)
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def console(self) -> str:
        return "\n".join(self.lines)

    def builds(self) -> int:
        return sum("Documentation built in" in line for line in self.lines)

    def wait_serving(self):
        self._wait(lambda: any("Serving on" in line for line in self.lines), "the server to start")
        # The file watcher takes its first look at the folders in a thread of its own,
        # after "Serving on": a save before that look goes unnoticed. Wait until it sees
        # a change: touch the config (a rebuild, nothing else changes) until one starts.
        before, seen = self.builds(), len(self.lines)
        config = self.project / "mkdocs.yml"
        touched = [0.0]

        def watching() -> bool:
            if any("Building documentation" in line for line in self.lines[seen:]):
                return self.builds() > before
            if time.monotonic() - touched[0] > 2:  # the watcher polls every 0.5 s: one touch per look
                os.utime(config)
                touched[0] = time.monotonic()
            return False
        self._wait(watching, "the file watcher to notice a change")

    def _wait(self, ready, what: str):
        deadline = time.monotonic() + BUILD_TIMEOUT
        while not ready():
            assert self.proc.poll() is None, f"the preview stopped while waiting for {what}:\n{self.console[-5000:]}"
            assert time.monotonic() < deadline, f"timed out waiting for {what}:\n{self.console[-5000:]}"
            time.sleep(0.3)

    def save(self, rel: str, text: str):
        """Save a file as an editor does and wait until the preview has rebuilt."""
        before = self.builds()
        path = self.project / rel
        path.write_text(text, encoding="utf-8")
        started = time.monotonic()
        while self.builds() <= before:
            assert self.proc.poll() is None, f"the preview stopped after saving {rel}:\n{self.console[-5000:]}"
            assert time.monotonic() - started < BUILD_TIMEOUT, f"no rebuild after saving {rel}:\n{self.console[-3000:]}"
            if time.monotonic() - started > 15 and not any("Building documentation" in line
                                                            for line in self.lines[-200:]):
                os.utime(path)  # the watcher missed the save: save again
                started_touch = time.monotonic()
                while time.monotonic() - started_touch < 2 and self.builds() <= before:
                    time.sleep(0.2)
            time.sleep(0.3)

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=30) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def stop(self):
        if self.proc.poll() is None:
            # SIGTERM to the session: kb.cli and mkdocs both end (a test runner started
            # in the background may ignore SIGINT, and so would they).
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


@pytest.fixture
def preview(tmp_path):
    started = []

    def start(project: Path) -> Preview:
        p = Preview(project)
        started.append(p)
        return p

    yield start
    for p in started:
        p.stop()


ACTIONS = "data/actions/ka210-vet.yaml"  # one record per file
KA210 = "id: ka210-vet"
DURATION = "duration:\n  min: 6\n  max: 24\n"


def line_col(text: str, needle: str, after: str) -> tuple[int, int]:
    offset = text.index(needle, text.index(after))
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def replace_after(text: str, after: str, old: str, new: str) -> str:
    start = text.index(after)
    assert old in text[start:], f"the real data no longer has {old!r} after {after!r}"
    return text[:start] + text[start:].replace(old, new, 1)


def test_preview_survives_a_data_error_and_shows_the_fix(tmp_path, preview):
    project = copy_project(tmp_path)
    good = (project / ACTIONS).read_text(encoding="utf-8")
    server = preview(project)
    server.wait_serving()
    status, page = server.get("actions/ka210-vet.html")
    assert status == 200 and "20.5.2021" in page

    broken = replace_after(good, KA210, DURATION, DURATION.replace("max: 24", "max: two"))
    server.save(ACTIONS, broken)
    line, col = line_col(broken, "two", KA210)
    problem = f"{ACTIONS}:{line}:{col}: `duration.max` must be a whole number such as 12, not 'two'"
    assert problem in server.console  # on the console, with file, line and column
    status, page = server.get("index.html")  # the server still answers: with the problems
    assert status == 200
    assert "Aineistossa on virheitä" in page and problem.replace("'", "&#x27;") in page
    status, page = server.get("sv/index.html")
    assert status == 200 and "Materialet innehåller fel" in page

    # The editor fixes the value and, while at it, moves the deadline by a week.
    fixed = replace_after(good, KA210, "date: 2021-05-20", "date: 2021-05-27")
    server.save(ACTIONS, fixed)
    for path in ("actions/ka210-vet.html", "sv/actions/ka210-vet.html"):
        status, page = server.get(path)
        assert status == 200 and "27.5.2021" in page and "kb-problems" not in page, path
    assert server.proc.poll() is None


def test_preview_starts_on_broken_data_then_shows_missing_translations(tmp_path, preview):
    project = copy_project(tmp_path)
    good = (project / ACTIONS).read_text(encoding="utf-8")
    broken = replace_after(good, KA210, "managed_by: national-agency\n", "managed_by: national-agency\ncolour: blue\n")
    (project / ACTIONS).write_text(broken, encoding="utf-8")
    server = preview(project)
    server.wait_serving()  # a broken start does not stop the preview
    line, col = line_col(broken, "colour", KA210)
    assert f"{ACTIONS}:{line}:{col}: unknown field `colour`: check its spelling" in server.console
    status, page = server.get("index.html")
    assert status == 200 and "unknown field `colour`" in page

    # Fixed, but the Swedish summary is still empty and a new page exists in Finnish only.
    # The record's Swedish summary: `  sv: ...` and its folded continuation lines.
    summary_sv = re.search(r"^summary:\n(?:    .*\n|  fi: .*\n)*(  sv: .*\n(?:    .*\n)*)", good, re.M)[1]
    assert summary_sv.startswith("  sv: ")
    draft = replace_after(good, KA210, summary_sv, "  sv: ''\n")
    (project / "content" / "luonnos.fi.md").write_text("# Luonnos\n\nUusi sivu, vielä kesken.\n", encoding="utf-8")
    server.save(ACTIONS, draft)
    status, page = server.get("sv/actions/ka210-vet.html")
    assert status == 200 and "[översättning saknas]" in html.unescape(page) and "kb-problems" not in page
    line, col = line_col(draft, "''", KA210)
    assert f"{ACTIONS}:{line}:{col}: the Swedish text (`sv:`) of `summary` is empty: the preview shows " \
           "\"[översättning saknas]\" in its place" in server.console
    status, page = server.get("sv/luonnos.html")
    assert status == 200 and "[översättning saknas]" in html.unescape(page) and "Uusi sivu, vielä kesken." in page
    assert server.proc.poll() is None
