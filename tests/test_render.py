"""Rendering: macros show a record's facts in the page's language."""
from __future__ import annotations

from pathlib import Path

import pytest

from kb.formatting import NBSP
from kb.state import KnowledgeBase

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def loaded(root: Path):
    return KnowledgeBase(root).get()


def test_action_facts_in_finnish(loaded):
    html = loaded.renderer.render_markdown('{{ action_facts("ka220-vet") }}', "fi", "actions/ka220-vet")
    assert "KA220-VET" in html
    assert f"12–36{NBSP}kuukautta" in html
    assert f"vähintään 3{NBSP}organisaatiota" in html
    assert f"120{NBSP}000{NBSP}euroa" in html
    assert "20.5.2021" in html
    assert 'href="../key-actions/ka2.html"' in html


def test_action_facts_in_swedish(loaded):
    html = loaded.renderer.render_markdown('{{ action_facts("ka210-vet") }}', "sv", "actions/ka210-vet")
    assert f"6–24{NBSP}månader" in html
    assert f"minst 2{NBSP}länder" in html
    assert f"30{NBSP}000{NBSP}euro" in html
    assert "Kan inte delta" in html


def test_output_is_escaped(loaded):
    # Autoescape: text from data can never inject markup.
    from kb.render import Renderer
    out = loaded.renderer.env.from_string("{{ x }}").render(x="<script>")
    assert out == "&lt;script&gt;"
    assert isinstance(loaded.renderer, Renderer)


def test_unknown_variable_is_an_error_not_a_blank(loaded):
    from jinja2 import UndefinedError
    with pytest.raises(UndefinedError):
        loaded.renderer.render_markdown("{{ no_such_thing }}", "fi", "index")


def test_data_is_loaded_once_while_files_are_unchanged(root):
    kb = KnowledgeBase(root)
    kb.get(); kb.get()
    assert kb.loads == 1
