"""The browser editor end to end: the real Decap CMS (scripts/editor, pinned) at /admin/,
its real local backend decap-server writing into a copy of the project, headless
Chromium, every request to another host aborted and recorded.

Expectations come from data/ (names, ids) and from the project's own tools (the loader,
`make check`, the build), never from copied sentences."""
from __future__ import annotations

import datetime as dt
import difflib
import functools
import http.server
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import CHROMIUM, ROOT, copy_project, missing_tool
from htmlpages import text_of
from kb import canonical
from kb.editor import LOCAL_BACKEND_PORT, publish
from kb.load import load

pytestmark = pytest.mark.browser

DECAP_SERVER = ROOT / "scripts" / "editor" / "node_modules" / "decap-server" / "dist" / "index.js"
NEW_ID = "vihrea-testihanke"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Static(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".yml": "text/yaml",
                      ".wasm": "application/wasm"}

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def editor(tmp_path_factory, browser):
    """(project folder, admin URL, requests to other hosts) with decap-server running."""
    if not os.path.exists(CHROMIUM):
        missing_tool(f"Chromium is missing at {CHROMIUM}")
    if not shutil.which("node") or not DECAP_SERVER.exists():
        try:
            canonical.ensure_packages()
        except canonical.FormatError as exc:
            missing_tool(str(exc))
    project = copy_project(tmp_path_factory.mktemp("editor") / "kb")
    static = tmp_path_factory.mktemp("static")
    assert publish(static, project), "the editor's bundle is missing"
    backend_port = _free_port()
    config = static / "admin" / "config.yml"
    # The published config names decap-server's default port; this run's server has its own.
    config.write_text(config.read_text(encoding="utf-8").replace(f"127.0.0.1:{LOCAL_BACKEND_PORT}/",
                                                                 f"127.0.0.1:{backend_port}/"), encoding="utf-8")
    env = {**os.environ, "PORT": str(backend_port), "BIND_HOST": "127.0.0.1", "GIT_REPO_DIRECTORY": str(project),
           "LOG_LEVEL": "warn"}
    server = subprocess.Popen(["node", str(DECAP_SERVER)], cwd=project, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT)
    deadline = time.time() + 30
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", backend_port)) == 0:
                break
        time.sleep(0.2)
    else:
        server.kill()
        pytest.fail("decap-server did not start")
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Static, directory=str(static)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    outside: list[str] = []
    # The run's one Chromium (conftest `browser`): a second Playwright in the same test
    # process is refused ("Sync API inside the asyncio loop").
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="fi-FI")

    def guard(route):
        if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    yield {"project": project, "url": f"http://127.0.0.1:{httpd.server_port}/admin/", "context": context,
           "outside": outside}
    context.close()
    httpd.shutdown()
    server.terminate()
    server.wait(timeout=10)


def _open(editor, fragment: str):
    page = editor["context"].new_page()
    page.goto(editor["url"] + "#" + fragment)
    login = page.get_by_role("button", name="Kirjaudu sisään")
    try:  # the login page, or the editor itself on a later visit
        login.or_(page.get_by_text("Kokoelmat", exact=True)).or_(page.locator("label")).first.wait_for(timeout=30000)
    except Exception:
        page.screenshot(path=str(editor["project"].parent / "open-failure.png"))
        raise
    if login.is_visible():  # the first visit; the local backend needs no credentials
        login.click()
    return page


def _field(page, label: str, within=None):
    """The form control (Decap's field container) whose label is exactly `label`."""
    scope = within or page
    return scope.locator("label").filter(has_text=re.compile(rf"^{re.escape(label)}( \(valinnainen\))?$")) \
        .first.locator("xpath=../..")


def _text(page, label: str, fi: str | None, sv: str | None):
    group = _field(page, label)
    for lang_label, value in (("suomeksi", fi), ("ruotsiksi", sv)):
        if value is not None:
            box = _field(page, lang_label, group).locator("input, textarea").first
            box.fill(value)


def _pick(page, label: str, typed: str, shown: str):
    """A picker: type part of the other record's Finnish name, choose it from the list."""
    control = _field(page, label)
    box = control.locator("input").first
    box.click()
    box.press_sequentially(typed, delay=10)
    page.get_by_role("option", name=shown, exact=True).first.click()


def _publish(page):
    page.get_by_role("button", name="Julkaise", exact=True).click()
    page.get_by_text("Julkaise nyt", exact=True).click()


def _wait_for(path: Path, page, changed_from: bytes | None = None, timeout: float = 90) -> None:
    end = time.time() + timeout
    while time.time() < end:
        if path.exists() and (changed_from is None or path.read_bytes() != changed_from):
            return
        page.wait_for_timeout(200)  # not time.sleep: the request guard runs only while Playwright is called
    errors = page.locator("ul li").all_inner_texts()  # the form's messages under the fields
    page.screenshot(path=str(path.parent.parent.parent / "editor-failure.png"), full_page=True)
    raise AssertionError(f"{path} was not written; the form says: {errors}")


def _kb(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(project / "scripts"), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "kb.cli", *args], cwd=project, env=env, capture_output=True,
                          text=True)


def test_a_new_example_project_from_the_form_is_checked_built_and_listed(editor):
    project = editor["project"]
    db = load(project / "data", project)
    action = next(a for a in db.actions.values() if a.is_current and db.themes_of_action(a.id))
    themes = db.themes_of_action(action.id)[:2]
    sector = db.sectors[action.sectors[0]]
    source = next(iter(db.sources.values()))
    page = _open(editor, "/collections/projects/new")
    _field(page, "Tunnus").locator("input").fill(NEW_ID)
    _field(page, "Otsikko").locator("input").fill("Vihreä testihanke")
    _text(page, "Nimi", "Vihreät taidot testihankkeessa", "Gröna färdigheter i testprojektet")
    _text(page, "Tiivistelmä", "Kolme oppilaitosta kokeilee yhdessä uusia opintojaksoja.",
          "Tre läroanstalter prövar tillsammans nya studieavsnitt.")
    _pick(page, "Rahoitustoiminto", action.name.fi[:12], action.name.fi)
    _pick(page, "Koulutussektorit", sector.name.fi[:6], f"{sector.name.fi} ({sector.id})")
    for theme in themes:
        _pick(page, "Teemat", theme.name.fi[:10], theme.name.fi)
    ohjelmakausi = _field(page, "Ohjelmakausi")
    ohjelmakausi.locator("input").first.click()
    page.get_by_role("option", name=action.period, exact=True).click()
    _pick(page, "Lähteet", source.title.fi[:10], source.title.fi)
    _field(page, "Tarkistettu").locator("input").first.fill(dt.date.today().isoformat())  # the date picker
    _publish(page)
    path = project / "data" / "projects" / f"{NEW_ID}.yaml"
    started = time.time()
    _wait_for(path, page)
    print(f"saved in {time.time() - started:.1f} s")
    page.close()

    # The file holds ids (not names) and is in the canonical form a save writes.
    record = load(project / "data", project).projects[NEW_ID]
    assert record.action == action.id and set(record.themes) == {t.id for t in themes}
    assert record.sectors == (sector.id,) and record.sources == (source.id,)
    assert record.name.sv == "Gröna färdigheter i testprojektet"
    assert canonical.check([path], project / "data" / "schema") == []
    check = _kb(project, "check")
    assert check.returncode == 0, check.stderr
    built = _kb(project, "build")
    assert built.returncode == 0, built.stderr[-3000:]
    site = project / "site"
    fi = text_of((site / "projects" / f"{NEW_ID}.html").read_text(encoding="utf-8"))
    sv = text_of((site / "sv" / "projects" / f"{NEW_ID}.html").read_text(encoding="utf-8"))
    assert "Vihreät taidot testihankkeessa" in fi and "Gröna färdigheter i testprojektet" in sv
    for page_path in (f"actions/{action.id}.html", f"sv/actions/{action.id}.html"):
        assert f"{NEW_ID}.html" in (site / page_path).read_text(encoding="utf-8"), page_path
    assert (site / "admin" / "index.html").exists() and (site / "admin" / "config.yml").exists()
    assert editor["outside"] == []


def test_changing_one_deadline_changes_exactly_that_line(editor):
    project = editor["project"]
    path = project / "data" / "actions" / "ka210-vet.yaml"
    before = path.read_bytes()
    action = load(project / "data", project).actions["ka210-vet"]
    old = action.deadlines[0].date
    new = old.replace(day=27 if old.day != 27 else 26)
    page = _open(editor, "/collections/actions/entries/ka210-vet")
    deadlines = _field(page, "Hakuajat")
    deadlines.locator("[data-testid=expand-button]").first.click()  # the list opens its items
    date_box = deadlines.locator('input[id^="date-field-"]').first
    assert date_box.get_attribute("type") == "date"  # a date picker
    assert date_box.input_value() == old.isoformat()
    date_box.fill(new.isoformat())
    _publish(page)
    _wait_for(path, page, changed_from=before)
    page.close()
    diff = [l for l in difflib.unified_diff(before.decode().splitlines(), path.read_text(encoding="utf-8").splitlines(),
                                             "a/" + path.name, "b/" + path.name, lineterm="", n=0)]
    print("\n".join(diff))
    changed = [l for l in diff if l[:1] in "+-" and not l.startswith(("+++", "---"))]
    assert changed == [f"-    date: {old.isoformat()}", f"+    date: {new.isoformat()}"], diff
    assert load(project / "data", project).actions["ka210-vet"].deadlines[0].date == new
    assert editor["outside"] == []


def test_saving_without_the_swedish_name_is_refused_in_finnish(editor):
    project = editor["project"]
    theme_path = next(p for p in sorted((project / "data" / "themes").glob("*.yaml")))
    before = theme_path.read_bytes()
    page = _open(editor, f"/collections/themes/entries/{theme_path.stem}")
    name = _field(page, "Nimi")
    _field(page, "ruotsiksi", name).locator("input").fill("")
    page.get_by_role("button", name="Julkaise", exact=True).click()
    page.get_by_text("Julkaise nyt", exact=True).click()
    page.get_by_text("Lomakkeesta puuttuu pakollisia tietoja", exact=False).wait_for(timeout=10000)
    assert _field(page, "ruotsiksi", name).get_by_text("ruotsiksi puuttuu: kenttä on pakollinen.").count() == 1
    page.wait_for_timeout(2000)
    assert theme_path.read_bytes() == before  # nothing written
    page.close()
    assert editor["outside"] == []


def test_the_list_shows_id_and_finnish_name_and_can_be_searched(editor):
    project = editor["project"]
    db = load(project / "data", project)
    theme = next(iter(db.themes.values()))
    page = _open(editor, "/collections/themes")
    page.get_by_text(f"{theme.id} – {theme.name.fi}", exact=True).first.wait_for(timeout=30000)
    search = page.get_by_placeholder(re.compile("Hae"))
    search.click()
    word = max(theme.name.fi.split(), key=len)
    search.press_sequentially(word, delay=20)
    search.press("Enter")
    page.get_by_text(f"{theme.id} – {theme.name.fi}", exact=True).first.wait_for(timeout=30000)
    assert "/search/" in page.url
    other = next(t for t in db.themes.values() if word.lower() not in (t.name.fi + t.id + t.name.sv).lower())
    assert page.get_by_text(f"{other.id} – {other.name.fi}", exact=True).count() == 0  # the list was filtered
    page.close()
    assert editor["outside"] == []


def test_the_offline_bundle_has_no_editor(tmp_path):
    """The hook publishes /admin/ in the web build only (Material's offline plugin off)."""
    import importlib.util
    from types import SimpleNamespace

    spec = importlib.util.spec_from_file_location("kb_hook_for_test", ROOT / "overrides" / "mkdocs" / "hook.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    if not (ROOT / "scripts" / "editor" / "node_modules" / "decap-cms").exists():
        missing_tool("the editor's npm packages are not installed (npm ci in scripts/editor)")
    for enabled, expected in ((True, False), (False, True)):
        site = tmp_path / f"site-{enabled}"
        site.mkdir()
        offline = SimpleNamespace(config=SimpleNamespace(enabled=enabled))
        config = SimpleNamespace(plugins={"material/offline": offline}, site_dir=str(site),
                                 config_file_path=str(ROOT / "mkdocs.yml"))
        hook._publish_editor(config)  # the part of on_post_build that publishes /admin/
        assert (site / "admin" / "index.html").exists() is expected
