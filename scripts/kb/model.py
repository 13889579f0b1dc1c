"""Typed, frozen records for every kind of data file in `data/`.

The records know nothing of YAML files or of MkDocs: `load.py` turns files into
records, `render.py` hands records to templates. A field that points at another
record is annotated with `RefTo(kind)`; the loader resolves and checks those.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Literal, Optional

from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .registry import CURRENT_PERIOD, LANGS, PERIODS, RECORD_KINDS  # noqa: F401 - LANGS is re-exported

Period = Literal[PERIODS]  # the registry's periods
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


@dataclass(frozen=True)
class RefTo:
    """Marks a field as holding the id of a record of another kind."""

    kind: str


@dataclass(frozen=True)
class IsUrl:
    """Marks a field as holding a web address (tests find every such field by it)."""

    schemes: tuple[str, ...] = ("https",)


def _check_url(value: str, schemes: tuple[str, ...]) -> str:
    parts = urlsplit(value)
    ok = parts.scheme.lower() in schemes and (parts.netloc if parts.scheme.lower() != "mailto" else parts.path)
    # Nothing that needs escaping in an address: a quote, an angle bracket or white space
    # in it is a mistake (or an attempt to break out of the attribute it is written in).
    if not ok or re.search(r"[\s\"'<>\\`]", value) or value.lower().startswith(("javascript", "data", "vbscript")):
        raise PydanticCustomError("url_scheme", "not a {schemes} address", {"schemes": " or ".join(schemes)})
    return value


def Url(*schemes: str):  # noqa: N802 - reads like a type in annotations
    """A web address with one of `schemes` (https only unless told: mailto for an e-mail address)."""
    schemes = schemes or ("https",)
    # The same rule for editors' YAML language server (data/schema/, `make schema`).
    pattern = rf"^({'|'.join(s + (':' if s == 'mailto' else '://') for s in schemes)})[^\s\"'<>\\`]+$"
    return Annotated[str, AfterValidator(lambda v: _check_url(v, schemes)), IsUrl(schemes),
                     Field(json_schema_extra={"pattern": pattern})]


def Ref(kind: str):  # noqa: N802 - reads like a type in annotations
    return Annotated[str, RefTo(kind)]


# Characters no text of ours needs and that can hide or disguise what a text says:
# C0 controls but tab and line feed, DEL, C1 controls, the bidirectional embeddings,
# overrides and isolates (U+202A-202E, U+2066-2069: "RIGHT-TO-LEFT OVERRIDE" shows
# text backwards) and the invisible direction marks (U+200E/U+200F, U+061C).
FORBIDDEN_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CHAR_NAMES = {
    "\x00": "NUL", "\x07": "BEL (bell)", "\x08": "BACKSPACE", "\x0b": "VERTICAL TAB", "\x0c": "FORM FEED",
    "\r": "CARRIAGE RETURN", "\x1b": "ESC (escape)", "\x7f": "DEL", "\u061c": "ARABIC LETTER MARK",
    "\u200e": "LEFT-TO-RIGHT MARK", "\u200f": "RIGHT-TO-LEFT MARK",
    "\u202a": "LEFT-TO-RIGHT EMBEDDING", "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING", "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE", "\u2066": "LEFT-TO-RIGHT ISOLATE", "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u2068": "FIRST STRONG ISOLATE", "\u2069": "POP DIRECTIONAL ISOLATE",
}


def char_name(char: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE': how messages name an invisible character."""
    name = _CHAR_NAMES.get(char, "control character")
    return f"U+{ord(char):04X} {name}"


def forbidden_char(text: str) -> Optional[tuple[int, str]]:
    """(0-based index, character) of the first character a text must not hold, or None."""
    m = FORBIDDEN_CHARS.search(text)
    return (m.start(), m.group()) if m else None


def _refuse_forbidden(value: str, index: Optional[int] = None) -> None:
    found = forbidden_char(value)
    if found is None:
        return
    at, char = found
    ctx = {"char": char_name(char), "offset": at}
    if index is not None:
        ctx["field"] = index  # the loader points at the list item
    raise PydanticCustomError(
        "forbidden_character",
        "the text holds the invisible character {char} (character {offset} of the text counted from 0), "
        "which can hide or disguise what the text says: delete it",
        ctx,
    )


class Record(BaseModel):
    """Base of every record: immutable, and unknown fields are errors (typos)."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_forbidden_characters(cls, value):
        # Every text field of every record (nested groups check their own fields).
        if isinstance(value, str):
            _refuse_forbidden(value)
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if isinstance(item, str):
                    _refuse_forbidden(item, i)
        return value


class Text(Record):
    """One text in both languages. Both are required and must not be empty."""

    fi: str
    sv: str
    # True for the knowledge base's own explanation, which no source states: pages mark
    # it as such in both languages, so a reader can tell it from what the sources say.
    editorial: bool = False

    @field_validator("fi", "sv")
    @classmethod
    def _not_empty(cls, value: str) -> str:
        if not value.strip():
            raise PydanticCustomError("empty_translation", "the text is empty")
        return value

    def __getitem__(self, lang: str) -> str:
        return getattr(self, lang)


class TermText(Text):
    """A glossary term: Finnish, Swedish and English."""

    en: str


Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=80)]
# Where a record stands among the records of its kind (lists, tables, source numbers):
# smaller first, records without one last, ties by id. With one record per file, file
# order no longer says it; `make migrate-layout` numbers records in their old file order.
Order = Annotated[Optional[int], Field(default=None, ge=0)]


class Range(Record):
    """A closed range such as 6-24 months. Either end may be open (None)."""

    min: Optional[int] = Field(default=None, ge=0)
    max: Optional[int] = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _min_not_above_max(self):
        if self.min is not None and self.max is not None and self.min > self.max:
            raise PydanticCustomError(
                "min_above_max",
                "`max` is {max} but `min` is {min}: the maximum must be at least the minimum",
                {"min": self.min, "max": self.max, "field": "max"},
            )
        if self.min is None and self.max is None:
            raise PydanticCustomError(
                "empty_range", "give at least `min` or `max`", {}
            )
        return self


class Duration(Range):
    """How long something lasts. `values` lists the only allowed lengths, if any."""

    unit: Literal["days", "months"] = "months"
    values: tuple[int, ...] = ()
    # When the upper end has another unit than `unit` ("5 days to 2 months").
    max_unit: Optional[Literal["days", "months"]] = None

    @property
    def upper_unit(self) -> str:
        return self.max_unit or self.unit

    @model_validator(mode="after")
    def _min_not_above_max(self):
        # Replaces Range's check so that "5 days to 2 months" is compared in days.
        if self.min is None and self.max is None:
            raise PydanticCustomError("empty_range", "give at least `min` or `max`", {})
        days = {"days": 1, "months": 30}
        if (self.min is not None and self.max is not None
                and self.min * days[self.unit] > self.max * days[self.upper_unit]):
            raise PydanticCustomError(
                "min_above_max",
                "`max` is {max} but `min` is {min}: the maximum must be at least the minimum",
                {"min": self.min, "max": self.max, "field": "max"},
            )
        return self

    @model_validator(mode="before")
    @classmethod
    def _values_imply_range(cls, data):
        # "2 or 3 years" is stored as values [24, 36]; min/max follow from them.
        if isinstance(data, dict) and data.get("values") and "min" not in data and "max" not in data:
            vals = [v for v in data["values"] if isinstance(v, int)]
            if vals:
                data = {**data, "min": min(vals), "max": max(vals)}
        return data


class Source(Record):
    id: Id
    title: Text
    file: Optional[str] = None
    url: Optional[Url()] = None
    language: Literal["fi", "sv", "en"]
    period: Period
    # The day the source was published, YYYY-MM-DD (text, so that the editor's date-like
    # value stays as written); pages show it and `make review` compares it with the period.
    published: Optional[str] = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    order: Order = None


class Sector(Record):
    id: Id
    code: str = Field(pattern=r"^[A-Z]{2,4}$")
    name: Text
    description: Text
    sources: tuple[Ref("sources"), ...] = Field(min_length=1)


class KeyAction(Record):
    id: Id
    number: int = Field(ge=1, le=3)
    name: Text
    summary: Text
    # Optional: what the key action is for, and how its actions are organised.
    objectives: tuple[Text, ...] = ()
    notes: tuple[Text, ...] = ()
    sources: tuple[Ref("sources"), ...] = Field(min_length=1)
    last_checked: Optional[dt.date] = None


class Deadline(Record):
    year: int = Field(ge=2014, le=2035)
    date: dt.date
    time: Optional[str] = Field(default=None, pattern=r"^\d{2}:\d{2}( [A-Z]{3,4})?$")
    round: Optional[Text] = None
    # The source gives the date as preliminary ("alustavasti"): pages say so.
    provisional: bool = False

    @model_validator(mode="after")
    def _year_matches_date(self):
        if self.date.year != self.year:
            raise PydanticCustomError(
                "deadline_year",
                "`year` is {year} but the date {date} is in {actual}: they must agree",
                {"year": self.year, "date": self.date.isoformat(), "actual": self.date.year, "field": "year"},
            )
        return self


class Grant(Record):
    """What the action pays. Any combination may apply; absent parts stay None."""

    max_eur: Optional[int] = Field(default=None, ge=0)
    per: Literal["project", "year"] = "project"
    lump_sums_eur: tuple[int, ...] = ()
    max_share_percent: Optional[int] = Field(default=None, ge=1, le=100)
    note: Optional[Text] = None


class Condition(Record):
    """An extra eligibility rule that the quiz can ask about.

    `answer` names a key in the quiz's answers object. Exactly one of
    `equals` (a yes/no answer must be this) or `at_least` (a number answer
    must be at least this) is given.
    """

    answer: str = Field(pattern=r"^[a-z_]+$")
    equals: Optional[bool] = None
    at_least: Optional[int] = Field(default=None, ge=0)
    # An upper limit the source gives ("at most 30 mobility periods").
    at_most: Optional[int] = Field(default=None, ge=0)
    text: Text

    @model_validator(mode="after")
    def _one_test(self):
        numeric = self.at_least is not None or self.at_most is not None
        if (self.equals is None) == (not numeric):
            raise PydanticCustomError(
                "condition_test",
                "give exactly one of `equals` (yes/no) or `at_least` / `at_most` (a number)", {}
            )
        return self


class Eligibility(Record):
    organisations: Optional[Range] = None
    countries: Optional[Range] = None
    # Whether organisations from non-associated third countries may take part.
    third_country_partners: Literal["not-allowed", "partner-only", "allowed", "not-stated"] = "not-stated"
    accreditation: Literal["required", "excluded", "any"] = "any"
    conditions: tuple[Condition, ...] = ()
    # "to-check" when the sources name the applicant (e.g. a teacher-education
    # institution) but set no sector list: the quiz lists the sectors as a thing to
    # check instead of ruling an answer out.
    sector_rule: Literal["decisive", "to-check"] = "decisive"
    # Rules the sources state but not as a test the quiz can decide ("the applicant is
    # a single institution"): always listed under "to check".
    to_check: tuple[Text, ...] = ()


class ActionFormat(Record):
    """A kind of project the same action funds, e.g. 2014-2020 partnerships for
    exchanging good practices versus partnerships for innovation."""

    name: Text
    description: Text


class FundingAction(Record):
    id: Id
    code: str = Field(min_length=2)
    name: Text
    key_action: Ref("key_actions")
    period: Period
    sectors: tuple[Ref("sectors"), ...] = Field(min_length=1)
    managed_by: Literal["national-agency", "eacea"]
    summary: Text
    who_can_apply: tuple[Text, ...] = ()
    participants: tuple[Text, ...] = ()
    eligibility: Eligibility = Eligibility()
    composition_rules: tuple[Text, ...] = ()
    duration: Optional[Duration] = None
    grant: Optional[Grant] = None
    deadlines: tuple[Deadline, ...] = ()
    how_to_apply: Optional[Text] = None
    aims: tuple[Text, ...] = ()
    activities: tuple[Text, ...] = ()
    results: tuple[Text, ...] = ()
    notes: tuple[Text, ...] = ()
    formats: tuple[ActionFormat, ...] = ()  # project formats within the action, if it has several
    # The programme's grouping of 2021-2027 actions within a key action, if any.
    family: Optional[Literal["partnerships-for-cooperation", "partnerships-for-excellence",
                             "partnerships-for-innovation", "jean-monnet"]] = None
    successors: tuple[Ref("actions"), ...] = ()
    sources: tuple[Ref("sources"), ...] = Field(min_length=1)
    last_checked: dt.date
    order: Order = None

    @field_validator("successors")
    @classmethod
    def _no_self_successor(cls, value, info):
        if info.data.get("id") in value:
            raise PydanticCustomError("self_reference", "an action cannot be its own successor", {})
        return value

    @property
    def is_current(self) -> bool:
        return self.period == CURRENT_PERIOD


class GroupDuration(Record):
    """A length that applies to one group of participants only (e.g. invited teachers)."""

    participants: Text
    duration: Duration


class ActivityType(Record):
    id: Id
    name: Text
    category: Literal[
        "ltt",  # learning, teaching and training activity of a partnership (2014-2020)
        "ka1-staff",
        "ka1-learner",
        "ka1-other",
        "partnership-activity",
        "budget-category",
    ]
    description: Text
    duration: Optional[Duration] = None
    participants: Optional[Text] = None
    # Optional details, shown on the activity type's page when given.
    group_durations: tuple[GroupDuration, ...] = ()  # lengths that differ by participant group
    aims: tuple[Text, ...] = ()
    rules: tuple[Text, ...] = ()  # requirements and characteristics the source sets
    notes: tuple[Text, ...] = ()
    sectors: tuple[Ref("sectors"), ...] = ()
    actions: tuple[Ref("actions"), ...] = ()
    period: Period
    sources: tuple[Ref("sources"), ...] = Field(min_length=1)
    last_checked: dt.date
    order: Order = None


class Theme(Record):
    id: Id
    name: Text
    kind: Literal["topic", "priority", "horizontal", "in-focus"]
    description: Text
    sectors: tuple[Ref("sectors"), ...] = ()
    actions: tuple[Ref("actions"), ...] = ()
    period: Period
    sources: tuple[Ref("sources"), ...] = Field(min_length=1)
    last_checked: dt.date
    order: Order = None


class Country(Record):
    id: Id  # ISO 3166-1 alpha-2 in lower case, or a group id
    name: Text
    status: Literal["eu-member", "associated", "partner"]
    note: Optional[Text] = None
    period: Period
    sources: tuple[Ref("sources"), ...] = Field(min_length=1)
    last_checked: Optional[dt.date] = None


class Partner(Record):
    name: str
    # Only when the source says where the partner is from; never inferred from a name.
    country: Optional[Ref("countries")] = None
    role: Literal["coordinator", "partner"] = "partner"


class Project(Record):
    id: Id
    title: str = Field(min_length=2)  # a proper name, as the project spells it
    # A descriptive title in both languages, for an example that has no proper name
    # (e.g. the programme guide's example partnerships); pages show it instead of `title`.
    name: Optional[Text] = None
    summary: Text
    action: Ref("actions")
    sectors: tuple[Ref("sectors"), ...] = Field(min_length=1)
    themes: tuple[Ref("themes"), ...] = ()
    partners: tuple[Partner, ...] = ()
    # Optional details for examples that describe partners by type rather than by name.
    partner_types: tuple[Text, ...] = ()
    countries: tuple[Ref("countries"), ...] = ()
    duration: Optional[Duration] = None
    activities: tuple[Text, ...] = ()
    results: tuple[Text, ...] = ()
    url: Optional[Url()] = None
    # True for an example the source made up to illustrate a format (the programme
    # guide's "an example partnership could ..."): pages must not call it funded.
    illustrative: bool = False
    period: Period
    sources: tuple[Ref("sources"), ...] = Field(min_length=1)
    last_checked: dt.date
    order: Order = None

    def display_title(self, lang: str) -> str:
        """What pages call the project: its descriptive name if it has one, else its title."""
        return self.name[lang] if self.name is not None else self.title


class GlossaryTerm(Record):
    id: Id
    term: TermText
    abbreviation: Optional[str] = None
    definition: Text
    period: Optional[Period] = None  # set when the term belongs to one programme period only
    sources: tuple[Ref("sources"), ...] = ()
    order: Order = None


class PreferredTerm(Record):
    """The term to use, per language; English where it helps (programme names)."""

    fi: str = Field(min_length=1)
    sv: str = Field(min_length=1)
    en: Optional[str] = None

    def __getitem__(self, lang: str) -> str:
        return getattr(self, lang)


class TermVariants(Record):
    """Words not to use for the concept. A trailing `*` on a word also covers its
    inflected forms (`nuorisosektori*`); words are separated by spaces."""

    fi: tuple[str, ...] = ()
    sv: tuple[str, ...] = ()


class Term(Record):
    """One concept of the term bank (data/terms/<id>.yaml): one name per thing.

    `make check` reports every `avoid` variant found in a Finnish or Swedish data text
    or page; the glossary entry named in `glossary` must use the preferred terms.
    The id is stable: other tools (search synonyms) refer to it.
    """

    id: Id
    preferred: PreferredTerm
    avoid: TermVariants = TermVariants()
    glossary: Optional[Ref("glossary")] = None
    note: Optional[str] = None  # for editors: why this term (not shown on the site)
    # Where the preferred term comes from; empty for the site's own names (its quiz).
    sources: tuple[Ref("sources"), ...] = ()


class UiString(Record):
    """An interface string: a table heading, a quiz label, a button."""

    id: str = Field(pattern=r"^[a-z0-9_-]+(\.[a-z0-9_-]+)*$")
    text: Text


# The kinds of data file: a file `data/<kind>.yaml`, or files `data/<kind>/*.yaml`,
# holds a list of records of that kind. Order matters only for display.
# kind -> model, in the registry's order (kb.registry.RECORD_KINDS; add_kind() adds to both).
KINDS: dict[str, type[Record]] = {k.name: k.model_class for k in RECORD_KINDS.values()}


# Small fixed sets kept as one file of many records (`data/<kind>.yaml` or a few files
# in `data/<kind>/`). Every other kind, one an editor adds records to, is one record
# per file: `data/<kind>/<id>.yaml`, a single mapping whose `id` is the file's name.
LIST_FILE_KINDS = frozenset({"sectors", "key_actions", "countries", "ui"})


def one_record_per_file(kind: str) -> bool:
    return kind in KINDS and kind not in LIST_FILE_KINDS


def kind_of_filename(stem: str) -> Optional[str]:
    """`key-actions` and `key_actions` both name the key action kind."""
    norm = re.sub(r"[-\s]", "_", stem.lower())
    return norm if norm in KINDS else None
