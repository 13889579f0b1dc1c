"""The loader: valid data becomes typed, frozen records; every problem is reported
with its file, line and column, all at once."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from kb.load import load
from kb.model import FundingAction
from kb.problems import DataError

pytestmark = pytest.mark.unit

FIXTURE = Path(__file__).parent / "fixtures" / "valid"


def data_with(tmp_path: Path, filename: str, text: str) -> Path:
    """A copy of the valid fixture data with one file replaced by `text`."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    (data / filename).write_text(text, encoding="utf-8")
    return data


def problems_of(data: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        load(data, data.parent)
    return [str(p) for p in info.value.problems]


def test_valid_fixture_loads_into_typed_records():
    db = load(FIXTURE, FIXTURE.parent)
    action = db.actions["small"]
    assert isinstance(action, FundingAction)
    assert action.code == "KA210-VET"
    assert action.name.fi == "Pieni hanke" and action.name.sv == "Litet projekt"
    assert action.duration.min == 6 and action.duration.max == 24 and action.duration.unit == "months"
    assert action.grant.lump_sums_eur == (30000, 60000)
    assert action.deadlines[0].date == dt.date(2021, 5, 20)
    assert action.eligibility.third_country_partners == "not-allowed"
    assert db.sectors["vet"].code == "VET"
    assert db.ui_text("unit.eur", "sv") == "euro"


def test_records_are_frozen():
    db = load(FIXTURE, FIXTURE.parent)
    with pytest.raises(ValidationError):
        db.actions["small"].code = "X"


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    data = data_with(tmp_path, "sectors.yaml", "- id: vet\n  code: VET\n  name: {fi: A, sv: B\n  description: x\n")
    [p] = problems_of(data)
    # The mistake is the unclosed brace on line 3, not line 4 where the parser noticed it.
    assert p.startswith("data/sectors.yaml:3:9: this `{` is not closed with `}`")


def test_missing_translation_points_at_the_text(tmp_path):
    text = (FIXTURE / "sectors.yaml").read_text().replace("name: {fi: Ammatillinen koulutus, sv: Yrkesutbildning}",
                                                          "name:\n    fi: Ammatillinen koulutus")
    data = data_with(tmp_path, "sectors.yaml", text)
    [p] = problems_of(data)
    assert p == ("data/sectors.yaml:4:5: the Swedish text (`sv:`) of `name` is missing: write it in Swedish")


def test_empty_translation_is_an_error(tmp_path):
    text = (FIXTURE / "key_actions.yaml").read_text().replace("sv: Samarbete.", "sv: '  '")
    data = data_with(tmp_path, "key_actions.yaml", text)
    [p] = problems_of(data)
    assert p.startswith("data/key_actions.yaml:4:")
    assert "the Swedish text (`sv:`) of `summary` is empty" in p


def test_unknown_field_points_at_the_key_and_lists_allowed_fields(tmp_path):
    text = (FIXTURE / "sectors.yaml").read_text() + "  colour: blue\n"
    data = data_with(tmp_path, "sectors.yaml", text)
    [p] = problems_of(data)
    assert p.startswith("data/sectors.yaml:6:3: unknown field `colour`: check its spelling")
    assert "description" in p


def test_wrong_type_says_what_is_expected(tmp_path):
    text = (FIXTURE / "actions.yaml").read_text().replace("duration: {min: 6, max: 24}", "duration: {min: six, max: 24}")
    data = data_with(tmp_path, "actions.yaml", text)
    [p] = problems_of(data)
    assert p == "data/actions.yaml:13:19: `duration.min` must be a whole number such as 12, not 'six'"


def test_wrong_date_says_the_format(tmp_path):
    text = (FIXTURE / "actions.yaml").read_text().replace("last_checked: 2026-11-24", "last_checked: yesterday")
    data = data_with(tmp_path, "actions.yaml", text)
    [p] = problems_of(data)
    assert p.startswith("data/actions.yaml:18:17: `last_checked` must be a date written as YYYY-MM-DD")


def test_duplicate_id_names_the_first_place(tmp_path):
    text = (FIXTURE / "sectors.yaml").read_text()
    data = data_with(tmp_path, "sectors.yaml", text + text)
    [p] = problems_of(data)
    assert p == ("data/sectors.yaml:6:7: duplicate id `vet`: it is already used at data/sectors.yaml:1; "
                 "every id must be unique")


def test_unknown_reference_is_reported_with_a_suggestion(tmp_path):
    text = (FIXTURE / "actions.yaml").read_text().replace("sectors: [vet]", "sectors: [vett]")
    data = data_with(tmp_path, "actions.yaml", text)
    [p] = problems_of(data)
    assert p == ("data/actions.yaml:6:13: `sectors` refers to `vett`, but there is no record with that id "
                 "in sectors; did you mean `vet`?")


def test_minimum_above_maximum_points_at_the_maximum(tmp_path):
    text = (FIXTURE / "actions.yaml").read_text().replace("duration: {min: 6, max: 24}", "duration: {min: 12, max: 6}")
    data = data_with(tmp_path, "actions.yaml", text)
    [p] = problems_of(data)
    assert p == ("data/actions.yaml:13:28: `duration.max` is 6 but `min` is 12: "
                 "the maximum must be at least the minimum")


def test_every_problem_is_reported_at_once(tmp_path):
    data = data_with(tmp_path, "actions.yaml", (FIXTURE / "actions.yaml").read_text()
                     .replace("sectors: [vet]", "sectors: [nope]")
                     .replace("duration: {min: 6, max: 24}", "duration: {min: 12, max: 6}"))
    (data / "sectors.yaml").write_text((FIXTURE / "sectors.yaml").read_text() + "  colour: blue\n")
    found = problems_of(data)
    assert len(found) == 3
    assert any("unknown field `colour`" in p for p in found)
    assert any("refers to `nope`" in p for p in found)
    assert any("`duration.max` is 6" in p for p in found)
