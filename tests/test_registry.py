"""One registry (kb.registry): a new kind of record is a change in one place plus data
(and the macro of its page); the languages and periods come from there too."""
from __future__ import annotations

import re

import pytest

from conftest import copy_project
from kb import registry
from kb.model import KINDS, Id, Record, Ref, Text
from kb.pages import record_pages
from kb.state import KnowledgeBase

pytestmark = pytest.mark.unit


class Network(Record):
    """A kind no code knows: a network of organisations, tied to a sector."""
    id: Id
    name: Text
    sectors: tuple[Ref("sectors"), ...]


@pytest.fixture
def with_networks(tmp_path):
    project = copy_project(tmp_path)
    sector = next(iter(KnowledgeBase(project).get().db.sectors))
    (project / "data" / "networks.yaml").write_text(
        "- id: green-network\n"
        "  name: {fi: Vihreä verkosto, sv: Grönt nätverk}\n"
        f"  sectors: [{sector}]\n", encoding="utf-8")
    (project / "overrides" / "macros" / "networks.j2").write_text(
        "{% macro network_page(network_id) -%}\n"
        "{% set n = db.kind('networks')[network_id] %}\n"
        '<p class="kb-network">{{ view.sector_names(n.sectors) }}</p>\n'
        "{%- endmacro %}\n", encoding="utf-8")
    registry.add_kind(registry.RecordKind("networks", Network, "networks", "network_page"))
    try:
        yield project, sector
    finally:
        registry.remove_kind("networks")


def test_a_kind_added_in_the_registry_gets_its_pages_in_every_language(with_networks):
    project, sector = with_networks
    loaded = KnowledgeBase(project).get()
    assert "networks" in KINDS and list(loaded.db.kind("networks")) == ["green-network"]
    [page] = [p for p in record_pages(loaded.db) if p.path.startswith("networks/")]
    assert page.path == "networks/green-network"
    for lang in registry.LANGS:
        markdown = loaded.renderer.render_markdown(page.markdown, lang, page.path)
        title = loaded.db.kind("networks")["green-network"].name[lang]
        assert markdown.startswith(f"# {title}\n")
        assert f'<p class="kb-network">{loaded.db.sectors[sector].name[lang]}</p>' in markdown
        # A link to the new kind's page from elsewhere is made by the same registry.
        url = loaded.renderer.macros(lang, "index")["url"]("networks", "green-network")
        assert url == "networks/green-network.html"


def test_a_reference_of_the_new_kind_is_checked_like_any_other(with_networks):
    project, _ = with_networks
    path = project / "data" / "networks.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("sectors: [", "sectors: [nosuch, "), encoding="utf-8")
    from kb.problems import DataError
    with pytest.raises(DataError) as info:
        KnowledgeBase(project).get()
    assert any(re.match(r"data/networks\.yaml:3:\d+: `sectors` refers to `nosuch`", str(p))
               for p in info.value.problems), info.value.report()


def test_the_current_period_is_the_registrys():
    from kb import quiz
    from kb.model import FundingAction
    assert registry.CURRENT_PERIOD == registry.PERIODS[-1] == quiz.PERIOD
    assert set(FundingAction.model_fields["period"].annotation.__args__) == set(registry.PERIODS)
