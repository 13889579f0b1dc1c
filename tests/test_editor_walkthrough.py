"""The editor's guide (data/README.fi.md, sections 3 and 4), followed step by step on a
copy of the project: change KA210-VET's deadline, add an example project with
`new`, fill in its TODOs, and see both on the built pages in Finnish and Swedish.

The edits are the ones the guide shows, so a guide that drifts from the data (a
snippet that no longer matches the file, a command that no longer works) fails here."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT, copy_project
from htmlpages import text_of

pytestmark = pytest.mark.build

GUIDES = [ROOT / "data" / "README.fi.md", ROOT / "data" / "README.sv.md"]


def kb(project, *args):
    env = {**os.environ, "PYTHONPATH": str(project / "scripts"), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "kb.cli", *args], cwd=project, env=env,
                          capture_output=True, text=True)


def guide_block(guide_text: str, first_line: str) -> str:
    """The indented code block of the guide that starts with `first_line`, unindented."""
    lines = guide_text.splitlines()
    start = next(i for i, l in enumerate(lines) if l.strip() == first_line)
    indent = len(lines[start]) - len(lines[start].lstrip())
    block = []
    for line in lines[start:]:
        if line.strip() and len(line) - len(line.lstrip()) < indent:
            break
        block.append(line[indent:] if line.strip() else "")
    return "\n".join(block).rstrip() + "\n"


def test_the_guide_shows_the_deadline_block_as_it_is_in_the_data():
    data = (ROOT / "data" / "actions" / "ka210-vet.yaml").read_text(encoding="utf-8")
    for guide in GUIDES:
        block = guide_block(guide.read_text(encoding="utf-8"), "deadlines:")
        # The data holds it at the record's indentation; compare line by line.
        wanted = [l.strip() for l in block.splitlines() if l.strip()]
        found = [l.strip() for l in data[data.index("deadlines:"):].splitlines()[: len(wanted)]]
        assert found == wanted, f"{guide.name} shows a deadline block that is not in the data"


def test_an_editor_changes_a_deadline_and_adds_a_project_in_both_languages(tmp_path):
    project = copy_project(tmp_path / "kb")

    # Section 3: the KA210-VET deadline moves from 20 to 27 May 2021.
    actions = project / "data" / "actions" / "ka210-vet.yaml"
    text = actions.read_text(encoding="utf-8")
    assert "date: 2021-05-20" in text
    actions.write_text(text.replace("date: 2021-05-20", "date: 2021-05-27", 1), encoding="utf-8")

    # Section 4: `make new KIND=project ID=green-skills-vet`.
    result = kb(project, "new", "project", "green-skills-vet")
    assert result.returncode == 0, result.stderr
    assert "Added `green-skills-vet` at data/projects/green-skills-vet.yaml:" in result.stdout
    lines = [int(n) for n in re.search(r"\(lines ([\d, ]+)\)", result.stdout)[1].split(", ")]

    # Until the TODOs are filled in, `make check` lists each one and fails.
    check = kb(project, "check")
    assert check.returncode != 0
    for n in lines:
        assert f"data/projects/green-skills-vet.yaml:{n}:" in check.stdout + check.stderr

    # Fill in the TODOs as the guide explains, one line at a time.
    projects = project / "data" / "projects" / "green-skills-vet.yaml"
    answers = {
        "title:": "title: Green Skills VET",
        "fi:": "fi: Kolme ammatillista oppilaitosta kehittää yhdessä vihreän siirtymän opintojaksoja.",
        "sv:": "sv: Tre yrkesläroanstalter utvecklar tillsammans studieavsnitt för den gröna omställningen.",
        "action:": "action: ka220-vet",
        "- TODO": None,  # the item of a list: `sectors:` or `sources:` on the line above says which
        "period:": "period: 2021-2027",
    }
    rows = projects.read_text(encoding="utf-8").split("\n")
    items = {"sectors:": "- vet", "sources:": "- seed-003-vet-webinar-2021"}
    for n in lines:
        row = rows[n - 1]
        key = "- TODO" if row.strip() == "- TODO" else row.strip().split(" ")[0]
        indent = row[: len(row) - len(row.lstrip())]
        rows[n - 1] = indent + (answers[key] or items[rows[n - 2].strip()])
    projects.write_text("\n".join(rows), encoding="utf-8")

    check = kb(project, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    built = kb(project, "build")
    assert built.returncode == 0, built.stdout + built.stderr
    site = project / "site"

    # The new deadline, in the Finnish and Swedish date form, on the action's page.
    for page in ("actions/ka210-vet.html", "sv/actions/ka210-vet.html"):
        body = text_of((site / page).read_text(encoding="utf-8"))
        assert "27.5.2021" in body and "20.5.2021" not in body, page

    # The new project has its own page in both languages and is listed under its action.
    fi = text_of((site / "projects/green-skills-vet.html").read_text(encoding="utf-8"))
    sv = text_of((site / "sv/projects/green-skills-vet.html").read_text(encoding="utf-8"))
    assert "Green Skills VET" in fi and "vihreän siirtymän" in fi
    assert "Green Skills VET" in sv and "gröna omställningen" in sv
    for page in ("actions/ka220-vet.html", "sv/actions/ka220-vet.html"):
        assert "green-skills-vet.html" in (site / page).read_text(encoding="utf-8"), page
