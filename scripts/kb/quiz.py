"""The eligibility quiz: its rules compiled from the action records, and the reference evaluator.

`compile_rules(db, lang)` turns the eligibility of every current (2021-2027) action
into one JSON-ready document: the questions to ask, each action's rules, and the
interface strings (in one language) that reasons are written with. The page embeds
that document; `overrides/assets/javascripts/quiz.js` evaluates it in the browser.
`evaluate(rules, answers)` here is the reference: the JavaScript must give the same
result for every answers object (tests/test_quiz_parity.py).

Both evaluators work on the compiled document only, never on the records, so
that the two cannot read the data differently.

Command line (`make quiz ANSWERS='{...}'`):

    python -m kb.quiz '{"sector": "vet", "organisations": 2, "countries": 2,
                        "third_country_partners": false, "duration_months": 12}'

prints the result as JSON. KB_LANG=sv writes the reasons in Swedish. Invalid
answers are listed on stderr and the exit code is 2.
"""
from __future__ import annotations

import functools
import json
import math
import os
import re
import sys
from pathlib import Path
from typing import Any, Iterable, Optional

from . import formatting, views
from .database import Database
from .model import LANGS, FundingAction
from .registry import CURRENT_PERIOD

PERIOD = CURRENT_PERIOD  # only actions of the current period are ever evaluated

# The answers contract (README.md, "The eligibility quiz"). The sector ids are the
# ids of the sector records in data/sectors.yaml.
SECTORS = ("school", "vet", "higher", "adult", "youth")
CORE_KEYS = ("sector", "organisations", "countries", "third_country_partners", "duration_months")
ACCREDITED = "accredited"  # the answer key that `eligibility.accreditation` is asked with
# Asked first: does the project send learners and staff abroad (mobility, the key action
# 1 actions) or do organisations develop something together (cooperation, the others)?
# Optional: left out, every action is evaluated and its kind is listed under "to check".
PROJECT_KIND = "project_kind"
PROJECT_KINDS = ("mobility", "cooperation")
# The questions about partner organisations are not asked of a mobility project.
SKIPPED_FOR_MOBILITY = ("organisations", "countries", "third_country_partners")

# Interface strings copied into the compiled document besides every `quiz.*` string.
SHARED_TEXT = ("unit.organisations.one", "unit.organisations.many", "unit.countries.one",
               "unit.countries.many", "unit.months.one", "unit.months.many", "unit.days.one",
               "unit.days.many", "facts.grant", "facts.duration", "facts.deadlines",
               "value.not_stated")

# The placeholders a reason or check template may use (`{diff_unit}` etc. give unit words).
NUMBER_FIELDS = ("value", "min", "max", "diff", "nearest")
TEXT_FIELDS = ("requirement", "allowed", "sector", "sectors", "text")
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class RulesError(ValueError):
    """The data cannot be compiled into quiz rules; the message says what to fix."""


class AnswerError(ValueError):
    """The answers break the contract. `problems` holds {key, code, message} items."""

    def __init__(self, problems: list[dict]):
        self.problems = problems
        super().__init__("; ".join(p["message"] for p in problems))


# ---------------------------------------------------------------------------------
# Compiling the records into rules
# ---------------------------------------------------------------------------------

def current_actions(db: Database) -> list[FundingAction]:
    return [a for a in db.actions.values() if a.period == PERIOD]


def _text(db: Database, key: str, lang: str) -> str:
    return db.ui_text(key, lang)


def project_kind(db: Database, action: FundingAction) -> str:
    """Key action 1 is learning mobility of individuals; the others fund cooperation."""
    return "mobility" if db.key_actions[action.key_action].number == 1 else "cooperation"


def _action_rules(db: Database, action: FundingAction, lang: str) -> list[dict]:
    """The rules of one action, in the order their reasons are listed."""
    t = lambda key: _text(db, key, lang)  # noqa: E731
    el = action.eligibility
    rules: list[dict] = [{"kind": "project_kind", "project_kind": project_kind(db, action)},
                         {"kind": "sector", "sectors": list(action.sectors),
                          "decisive": el.sector_rule == "decisive"}]
    for answer, rng in (("organisations", el.organisations), ("countries", el.countries)):
        if rng is not None:
            rules.append({"kind": "count", "answer": answer, "min": rng.min, "max": rng.max,
                          "unit": answer,
                          "requirement": views.range_text(rng, answer, t)})
    rules.append({"kind": "third_country", "policy": el.third_country_partners})
    d = action.duration
    if d is not None:
        # A fixed length (min == max) is a list of one allowed value.
        values = list(d.values) or ([d.min] if d.min is not None and d.min == d.max else [])
        # The same text as on the action's page and in the tables (kb.views).
        requirement = views.duration_text(d, t)
        allowed = requirement if values else ""
        rules.append({"kind": "duration", "unit": d.unit, "min": d.min, "max": d.max, "values": values,
                      "allowed": allowed, "requirement": requirement})
    asked = {c.answer for c in el.conditions}
    if el.accreditation != "any" and ACCREDITED not in asked:
        # The record's accreditation field is asked like a condition; a condition on
        # `accredited` written in the data takes its place (it has its own wording).
        rules.append({"kind": "condition", "answer": ACCREDITED, "type": "bool",
                      "equals": el.accreditation == "required",
                      "text": t(f"quiz.rule.accreditation.{el.accreditation}")})
    for c in el.conditions:
        rule = {"kind": "condition", "answer": c.answer, "text": c.text[lang]}
        if c.equals is not None:
            rule.update(type="bool", equals=c.equals)
        else:
            rule.update(type="int", at_least=c.at_least, at_most=c.at_most)
        rules.append(rule)
    for note in el.to_check:
        rules.append({"kind": "note", "text": note[lang]})
    return rules


def _question(db: Database, key: str, qtype: str, required: bool, lang: str, **extra) -> dict:
    missing = [f"quiz.{part}.{key}" for part in ("question", "hint", "label") if f"quiz.{part}.{key}" not in db.ui]
    if missing:
        raise RulesError(
            f"the quiz needs a question for the answer key `{key}`, but data/ui/quiz.yaml has no "
            + ", ".join(f"`{m}`" for m in missing)
            + ": add them in Finnish and Swedish (every key in an action's `eligibility.conditions` is asked)")
    q = {"key": key, "type": qtype, "required": required,
         "legend": db.ui_text(f"quiz.question.{key}", lang),
         "hint": db.ui_text(f"quiz.hint.{key}", lang),
         "label": db.ui_text(f"quiz.label.{key}", lang)}
    q.update(extra)
    return q


def _optional_questions(db: Database, actions: list[FundingAction], lang: str,
                        compiled: dict[str, list[dict]]) -> list[dict]:
    """The extra questions that the conditions of the current actions need.

    A key's type follows from its conditions: `equals` asks yes/no, `at_least` a
    number. The order is the order of the questions in data/ui/quiz.yaml.
    """
    types: dict[str, str] = {}
    first_use: dict[str, str] = {}
    for action in actions:
        for rule in compiled[action.id]:
            if rule["kind"] != "condition":
                continue
            key, qtype = rule["answer"], rule["type"]
            if key in CORE_KEYS or key == PROJECT_KIND:
                raise RulesError(f"action `{action.id}`: a condition cannot use the answer key `{key}`, "
                                 f"which the quiz already asks; use `eligibility.organisations`, "
                                 f"`countries`, `third_country_partners` or `duration` for it")
            if key in types and types[key] != qtype:
                raise RulesError(
                    f"action `{action.id}`: the condition on `{key}` is a "
                    f"{'yes/no (`equals`)' if qtype == 'bool' else 'number (`at_least`)'} test, but action "
                    f"`{first_use[key]}` tests `{key}` the other way; one answer key must always be "
                    f"either yes/no or a number")
            types.setdefault(key, qtype)
            first_use.setdefault(key, action.id)
    ui_order = {uid: i for i, uid in enumerate(db.ui)}
    keys = sorted(types, key=lambda k: (ui_order.get(f"quiz.question.{k}", math.inf), k))
    return [_question(db, k, types[k], False, lang, **({"min": 0} if types[k] == "int" else {}))
            for k in keys]


def _check_templates(text: dict[str, str]) -> None:
    allowed = set(NUMBER_FIELDS) | set(TEXT_FIELDS) | {f"{n}_unit" for n in NUMBER_FIELDS}
    for key, template in text.items():
        if not key.startswith(("quiz.reason.", "quiz.check.")):
            continue
        unknown = sorted(set(PLACEHOLDER.findall(template)) - allowed)
        if unknown:
            raise RulesError(f"data/ui/quiz.yaml: `{key}` uses " + ", ".join(f"{{{u}}}" for u in unknown)
                             + "; the placeholders a reason can use are "
                             + ", ".join(f"{{{a}}}" for a in sorted(allowed)))


def compile_rules(db: Database, lang: str, extras: Optional[dict[str, dict]] = None) -> dict:
    """The quiz document for one language.

    `extras` maps an action id to what only the page knows (its `url`, and the key
    facts `grant`, `duration`, `deadline` as display text); the command line leaves
    it out.
    """
    if lang not in LANGS:
        raise RulesError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")
    missing = [s for s in SECTORS if s not in db.sectors]
    if missing:
        raise RulesError("data/sectors.yaml has no sector " + ", ".join(f"`{s}`" for s in missing)
                         + ": the quiz offers the sectors " + ", ".join(SECTORS))
    actions = current_actions(db)
    compiled = {a.id: _action_rules(db, a, lang) for a in actions}
    t = lambda key: _text(db, key, lang)  # noqa: E731
    skip = {"skip_if": {PROJECT_KIND: "mobility"}}
    core = [
        _question(db, PROJECT_KIND, "choice", False, lang,
                  options=[{"value": k, "label": db.ui_text(f"quiz.option.project_kind.{k}", lang)}
                           for k in PROJECT_KINDS]),
        _question(db, "sector", "choice", True, lang,
                  options=[{"value": s, "label": db.sectors[s].name[lang]} for s in SECTORS]),
        _question(db, "organisations", "int", True, lang, min=1, **skip),
        _question(db, "countries", "int", True, lang, min=1, **skip),
        _question(db, "third_country_partners", "bool", True, lang, **skip),
        _question(db, "duration_months", "int", True, lang, min=1),
    ]
    text = {uid: rec.text[lang] for uid, rec in db.ui.items() if uid.startswith("quiz.")}
    text.update({k: t(k) for k in SHARED_TEXT})
    _check_templates(text)
    used_sectors = list(dict.fromkeys([*SECTORS, *(s for a in actions for s in a.sectors)]))
    extras = extras or {}
    return {
        "version": 1,
        "lang": lang,
        "period": PERIOD,
        "sectors": {s: db.sectors[s].name[lang] for s in used_sectors},
        "questions": core + _optional_questions(db, actions, lang, compiled),
        "actions": [{"id": a.id, "code": a.code, "name": a.name[lang], **extras.get(a.id, {}),
                     "rules": compiled[a.id]} for a in actions],
        "text": text,
    }


# ---------------------------------------------------------------------------------
# Answers
# ---------------------------------------------------------------------------------

def _is_int(value: Any) -> bool:
    # JSON has one number type: 2.0 is the integer 2 (as in JavaScript).
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def validate(rules: dict, answers: Any) -> dict:
    """The answers, checked against the contract and normalised; raises AnswerError.

    Unanswered extra questions may be left out or given as null.
    """
    if not isinstance(answers, dict):
        raise AnswerError([{"key": "", "code": "not_an_object",
                            "message": "the answers must be a JSON object such as {\"sector\": \"vet\", ...}"}])
    problems: list[dict] = []
    out: dict[str, Any] = {}
    questions = {q["key"]: q for q in rules["questions"]}

    def problem(key: str, code: str, message: str) -> None:
        problems.append({"key": key, "code": code, "message": message})

    for key in answers:
        if key not in questions:
            problem(key, "unknown_key", f"unknown key `{key}`; the keys are: {', '.join(questions)}")
    for key, q in questions.items():
        value = answers.get(key)
        if value is None:
            skip_if = q.get("skip_if") or {}
            skipped = bool(skip_if) and all(answers.get(k) == v for k, v in skip_if.items())
            if q["required"] and not skipped:
                problem(key, "missing", f"`{key}` is missing: it is required")
            continue
        if q["type"] == "choice":
            values = [o["value"] for o in q["options"]]
            if value not in values:
                problem(key, "not_an_option", f"`{key}` must be one of {', '.join(values)}, not {json.dumps(value)}")
            else:
                out[key] = value
        elif q["type"] == "bool":
            if not isinstance(value, bool):
                problem(key, "not_boolean", f"`{key}` must be true or false, not {json.dumps(value)}")
            else:
                out[key] = value
        else:
            if not _is_int(value):
                problem(key, "not_integer", f"`{key}` must be a whole number, not {json.dumps(value)}")
            elif value < q["min"]:
                problem(key, "too_small", f"`{key}` must be at least {q['min']}, not {json.dumps(value)}")
            else:
                out[key] = int(value)
    if "organisations" in out and "countries" in out and out["countries"] > out["organisations"]:
        problem("countries", "countries_above_organisations",
                f"`countries` ({out['countries']}) cannot be more than `organisations` ({out['organisations']}): "
                "every country counted has at least one organisation")
    if problems:
        raise AnswerError(problems)
    return out


# ---------------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def _pieces(template: str) -> tuple[str, ...]:
    # "a {x} b" -> ("a ", "x", " b"): text and placeholder names take turns.
    return tuple(PLACEHOLDER.split(template))


def fill(strings: dict[str, str], key: str, unit: str = "", **params: Any) -> str:
    """Template `key` with its placeholders filled; `{x_unit}` is the unit word for x."""
    out = []
    for i, piece in enumerate(_pieces(strings[key])):
        if i % 2 == 0:
            out.append(piece)
        elif piece.endswith("_unit"):
            count = params[piece[:-5]]
            out.append(strings[f"unit.{unit}.{'one' if count == 1 else 'many'}"])
        else:
            value = params[piece]
            if value is None:  # an open end of a range; null in the JavaScript
                out.append("")
            else:
                out.append(formatting.number(value) if isinstance(value, int) else str(value))
    return "".join(out)


def _evaluate_action(rules: dict, action: dict, answers: dict) -> dict:
    text = rules["text"]
    met: list[str] = []
    failed: list[str] = []
    to_check: list[str] = []
    for rule in action["rules"]:
        kind = rule["kind"]
        if kind == "project_kind":
            wanted, own = answers.get(PROJECT_KIND), rule["project_kind"]
            if wanted is None:
                to_check.append(text[f"quiz.check.project_kind.{own}"])
            elif wanted == own:
                met.append(text[f"quiz.reason.project_kind.{own}"])
            else:
                # Another kind of project: nothing else about this action applies.
                failed.append(text[f"quiz.reason.project_kind.not_{own}"])
                break
        elif kind == "sector":
            sector = answers["sector"]
            name = rules["sectors"][sector]
            names = ", ".join(rules["sectors"][s] for s in rule["sectors"])
            if sector in rule["sectors"]:
                met.append(fill(text, "quiz.reason.sector.met", sector=name))
            elif not rule["decisive"]:
                to_check.append(fill(text, "quiz.check.sector", sector=name, sectors=names))
            else:
                failed.append(fill(text, "quiz.reason.sector.fail", sector=name, sectors=names))
        elif kind == "note":
            to_check.append(fill(text, "quiz.check.condition", text=rule["text"]))
        elif kind == "count" and answers.get(rule["answer"]) is None:
            # Not asked of a mobility project: the limit is listed, not applied.
            to_check.append(fill(text, "quiz.check.count", requirement=rule["requirement"]))
        elif kind == "count":
            value = answers[rule["answer"]]
            prefix = f"quiz.reason.{rule['answer']}"
            params = dict(unit=rule["unit"], value=value, min=rule["min"], max=rule["max"],
                          requirement=rule["requirement"])
            if rule["min"] is not None and value < rule["min"]:
                failed.append(fill(text, f"{prefix}.below", diff=rule["min"] - value, **params))
            elif rule["max"] is not None and value > rule["max"]:
                failed.append(fill(text, f"{prefix}.above", diff=value - rule["max"], **params))
            else:
                met.append(fill(text, f"{prefix}.met", **params))
        elif kind == "third_country":
            policy, has = rule["policy"], answers.get("third_country_partners")
            if has is None:
                # Not asked of a mobility project.
                if policy == "not-allowed":
                    to_check.append(text["quiz.check.third_country.not_allowed"])
                elif policy == "partner-only":
                    to_check.append(text["quiz.check.third_country.partner_only"])
                elif policy == "not-stated":
                    to_check.append(text["quiz.check.third_country.not_stated"])
            elif not has:
                if policy == "not-allowed":
                    met.append(text["quiz.reason.third_country.met_none"])
            elif policy == "not-allowed":
                failed.append(text["quiz.reason.third_country.fail"])
            elif policy == "allowed":
                met.append(text["quiz.reason.third_country.met_allowed"])
            elif policy == "partner-only":
                met.append(text["quiz.reason.third_country.met_partner"])
                to_check.append(text["quiz.check.third_country.partner_only"])
            else:  # not-stated
                to_check.append(text["quiz.check.third_country.not_stated"])
        elif kind == "duration":
            if rule["unit"] != "months":
                # The quiz asks months; a length in days cannot be compared with it.
                to_check.append(fill(text, "quiz.check.duration", requirement=rule["requirement"]))
                continue
            value = answers["duration_months"]
            params = dict(unit="months", value=value, min=rule["min"], max=rule["max"],
                          requirement=rule["requirement"], allowed=rule["allowed"])
            if rule["values"]:
                if value in rule["values"]:
                    met.append(fill(text, "quiz.reason.duration.met", **params))
                else:
                    # The closest allowed length; of two equally close, the shorter.
                    nearest = min(rule["values"], key=lambda v: (abs(v - value), v))
                    failed.append(fill(text, "quiz.reason.duration.values", nearest=nearest, **params))
            elif rule["min"] is not None and value < rule["min"]:
                failed.append(fill(text, "quiz.reason.duration.below", diff=rule["min"] - value, **params))
            elif rule["max"] is not None and value > rule["max"]:
                failed.append(fill(text, "quiz.reason.duration.above", diff=value - rule["max"], **params))
            else:
                met.append(fill(text, "quiz.reason.duration.met", **params))
        elif kind == "condition":
            value = answers.get(rule["answer"])
            if value is None:
                # Not asked or not known yet: the action stays open, the condition is listed.
                to_check.append(fill(text, "quiz.check.condition", text=rule["text"]))
            elif rule["type"] == "bool":
                if value == rule["equals"]:
                    met.append(fill(text, "quiz.reason.condition.met", text=rule["text"]))
                else:
                    failed.append(fill(text, "quiz.reason.condition.fail", text=rule["text"]))
            elif rule["at_least"] is not None and value < rule["at_least"]:
                failed.append(fill(text, "quiz.reason.condition.below", text=rule["text"], value=value,
                                   min=rule["at_least"], diff=rule["at_least"] - value))
            elif rule["at_most"] is not None and value > rule["at_most"]:
                failed.append(fill(text, "quiz.reason.condition.above", text=rule["text"], value=value,
                                   max=rule["at_most"], diff=value - rule["at_most"]))
            else:
                met.append(fill(text, "quiz.reason.condition.met", text=rule["text"]))
        else:
            raise RulesError(f"unknown rule kind {kind!r}")
    eligible = not failed
    return {"id": action["id"], "code": action["code"], "eligible": eligible,
            "reasons": met if eligible else failed, "to_check": to_check}


def evaluate(rules: dict, answers: dict) -> list[dict]:
    """One result per current action, in data order.

    `reasons` says why: for an eligible action the rules it meets, otherwise only
    the rules it fails, each with how far off the answer is. `to_check` lists what
    the answers did not settle.
    """
    answers = validate(rules, answers)
    return [_evaluate_action(rules, action, answers) for action in rules["actions"]]


# ---------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------

USAGE = ("usage: make quiz ANSWERS='{\"sector\": \"vet\", \"organisations\": 2, \"countries\": 2, "
         "\"third_country_partners\": false, \"duration_months\": 12}'\n"
         "       (or: python -m kb.quiz '<answers as JSON>'; KB_LANG=sv for Swedish)")


def main(argv: Optional[Iterable[str]] = None, root: Optional[Path] = None) -> int:
    from .load import load
    from .problems import DataError

    args = list(sys.argv[1:] if argv is None else argv)
    raw = args[0] if args else os.environ.get("ANSWERS", "")
    if not raw.strip():
        print("kb.quiz: no answers given\n" + USAGE, file=sys.stderr)
        return 2
    lang = os.environ.get("KB_LANG", "fi") or "fi"
    if lang not in LANGS:
        print(f"kb.quiz: KB_LANG={lang!r} is not a language of the site; use fi or sv", file=sys.stderr)
        return 2
    try:
        answers = json.loads(raw)
    except json.JSONDecodeError as exc:
        print(f"kb.quiz: the answers are not valid JSON ({exc.msg} at column {exc.colno})\n{USAGE}", file=sys.stderr)
        return 2
    root = root or Path(__file__).resolve().parents[2]
    try:
        db = load(root / "data", root)
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    try:
        rules = compile_rules(db, lang)
    except RulesError as exc:
        print(f"kb.quiz: {exc}", file=sys.stderr)
        return 1
    try:
        result = evaluate(rules, answers)
    except AnswerError as exc:
        print("kb.quiz: invalid answers:", file=sys.stderr)
        for p in exc.problems:
            print(f"  - {p['message']}", file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
