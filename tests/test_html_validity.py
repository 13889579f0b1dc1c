"""The Nu HTML Checker (npm `vnu-jar`, pinned in tests/js, run with Debian's Java) on every
page of the built site, both languages and both 404 pages: no errors."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import ROOT, missing_tool

pytestmark = pytest.mark.build

VNU = ROOT / "tests" / "js" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu(*paths) -> list[dict]:
    """The checker's errors for these files: [{url, lastLine, message, extract}, ...]."""
    if not shutil.which("java"):
        missing_tool("Java is missing for the Nu HTML Checker: run `make test` as root "
                     "(installs Debian's default-jre-headless)")
    if not VNU.exists():
        missing_tool(f"the Nu HTML Checker is missing at {VNU}: run `npm ci` in tests/js (or `make test`)")
    r = subprocess.run(["java", "-Xss4m", "-jar", str(VNU), "--errors-only", "--format", "json",
                        *map(str, paths)], capture_output=True, text=True, timeout=600)
    report = json.loads(r.stderr or r.stdout or '{"messages": []}')
    return [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]


def test_the_checker_finds_what_material_wrote(tmp_path):
    # The checker really runs and reports the defects this project fixed in Material's markup.
    page = tmp_path / "bad.html"
    page.write_text('<!doctype html><html lang="fi"><head><title>x</title></head><body>'
                    '<input type="checkbox" id="__drawer" autocomplete="off">'
                    '<label for="__toc">x</label></body></html>', encoding="utf-8")
    messages = " ".join(m["message"] for m in vnu(page))
    assert "autocomplete" in messages and "“for”" in messages, messages


def test_every_built_page_is_valid_html(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 100 and (built_site / "sv" / "404.html") in pages
    errors = vnu(*pages)
    lines = [f"{m.get('url', '').split(str(built_site))[-1]}:{m.get('lastLine', '?')}: {m['message']}"
             for m in errors]
    assert not errors, f"{len(errors)} errors:\n" + "\n".join(lines[:40])
