"""Durations whose ends have different units ("5 days to 2 months", 2014-2020 activities)."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from kb.formatting import EN_DASH, NBSP
from kb.model import Duration
from kb.state import KnowledgeBase

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def renderer(root):
    return KnowledgeBase(root).get().renderer


def test_mixed_units_are_compared_in_days():
    assert Duration(min=5, unit="days", max=2, max_unit="months").upper_unit == "months"
    with pytest.raises(ValidationError, match="maximum must be at least the minimum"):
        Duration(min=3, unit="months", max=2, max_unit="days")


@pytest.mark.parametrize("lang,expected", [
    ("fi", f"5{NBSP}päivää {EN_DASH} 2{NBSP}kuukautta"),
    ("sv", f"5{NBSP}dagar {EN_DASH} 2{NBSP}månader"),
])
def test_mixed_units_render_each_end_with_its_unit(renderer, lang, expected):
    d = Duration(min=5, unit="days", max=2, max_unit="months")
    out = renderer.env.from_string("{{ d|duration }}").render(renderer.macros(lang, "index"), d=d)
    assert out == expected


def test_same_unit_range_is_unchanged(renderer):
    d = Duration(min=2, max=12, unit="months")
    out = renderer.env.from_string("{{ d|duration }}").render(renderer.macros("fi", "index"), d=d)
    assert out == f"2{EN_DASH}12{NBSP}kuukautta"
