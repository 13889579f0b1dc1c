"""The quiz page's JavaScript evaluator gives exactly what the Python reference gives.

Both run over the same grid of answers, built from the compiled rules so that it
covers every boundary the data has: for every number a rule compares with, the
values just below, at and just above it. Node evaluates the whole grid in one
process (tests/quiz_parity.js) and reports a SHA-256 per chunk of results; Python
computes the same, and a differing chunk is printed answer by answer.

The grid has two parts:
- all actions at once: every sector (and an unknown one) x organisations x countries
  around every limit of any action (and 0) x third-country partners yes/no x
  durations around every limit (and 0), extra questions unanswered; in both languages;
- each action on its own: its sectors and one other x organisations, countries and
  durations around its own limits x yes/no x every extra question it asks left
  unanswered, yes/no, or around its limit (countries above organisations are refused
  answers, also compared). An action's result depends only on the
  answers its rules read, so this covers every combination of those for every action.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import missing_tool

from kb.quiz import PROJECT_KINDS, SECTORS, AnswerError, compile_rules, evaluate
from kb.state import KnowledgeBase

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]
RUNNER = ROOT / "tests" / "quiz_parity.js"
CHUNK = 2000


def node() -> str:
    path = shutil.which("node")
    if path is None:
        missing_tool("Node.js (`node`) is missing: install the Debian package nodejs (make test does it as root)")
    return path


def around(limits, floor: int) -> list[int]:
    """The values just below, at and just above each limit, not below `floor`."""
    return sorted({v for b in limits for v in (b - 1, b, b + 1) if v >= floor})


def limits(rules_list, kind: str, answer: str | None = None) -> set[int]:
    out = set()
    for rule in rules_list:
        if rule["kind"] != kind or (answer and rule.get("answer") != answer):
            continue
        for key in ("min", "max", "at_least", "at_most"):
            if rule.get(key) is not None:
                out.add(rule[key])
        out.update(rule.get("values") or ())
    return out


def grid(rules: dict, doc_name: str, per_action: bool = True) -> list[dict]:
    all_rules = [r for a in rules["actions"] for r in a["rules"]]
    # The kind of project: unknown, mobility (the partner questions are then not asked:
    # left out) or cooperation.
    blocks = [{"document": doc_name, "actions": None, "axes": [
        ["project_kind", [None, *PROJECT_KINDS]],
        ["sector", list(SECTORS)],
        ["organisations", around(limits(all_rules, "count", "organisations") | {1}, 1)],
        ["countries", around(limits(all_rules, "count", "countries") | {1}, 1)],
        ["third_country_partners", [False, True]],
        ["duration_months", around(limits(all_rules, "duration") | {1}, 1)],
    ]}]
    if not per_action:
        return blocks
    questions = {q["key"]: q for q in rules["questions"]}
    for action in rules["actions"]:
        own = action["rules"]
        [sector_rule] = [r for r in own if r["kind"] == "sector"]
        other = next(s for s in SECTORS if s not in sector_rule["sectors"])
        sectors = [s for s in SECTORS if s in sector_rule["sectors"]] + [other]
        # A key the action has no limit for gets two values, to show that it does not matter.
        axes = [
            ["project_kind", [None, *PROJECT_KINDS]],
            ["sector", sectors],
            ["organisations", [None, *(around(limits(own, "count", "organisations"), 1) or [1, 3])]],
            ["countries", [None, *(around(limits(own, "count", "countries"), 1) or [1, 3])]],
            ["third_country_partners", [None, False, True]],
            ["duration_months", around(limits(own, "duration"), 1) or [1, 30]],
        ]
        for key in dict.fromkeys(r["answer"] for r in own if r["kind"] == "condition"):
            if questions[key]["type"] == "bool":
                axes.append([key, [None, True, False]])
            else:
                axes.append([key, [None, *around(limits(own, "condition", key), 0)]])
        blocks.append({"document": doc_name, "actions": [action["id"]], "axes": axes})
    return blocks


def invalid_block(doc_name: str) -> dict:
    """Answers that break the contract in every way (and some that do not): both
    evaluators must refuse the same ones for the same reasons."""
    return {"document": doc_name, "actions": None, "axes": [
        ["project_kind", [None, "mobility", "travel"]],
        ["sector", ["vet", "hed", None]],
        ["organisations", [2, 0, 2.5, 2.0, "2", True, None]],
        ["countries", [1, 3, None]],
        ["third_country_partners", [False, "no", None]],
        ["duration_months", [12, 0, None]],
        ["labour_market_partners", [None, -1, False]],
        ["accredited", [None, True, "yes"]],
        ["unknown_question", [None, 1]],
    ]}


def block_size(block: dict) -> int:
    n = 1
    for _, values in block["axes"]:
        n *= len(values)
    return n


def python_lines(documents: dict, blocks: list[dict]):
    for block in blocks:
        doc = documents[block["document"]]
        rules = doc if block["actions"] is None else {
            **doc, "actions": [a for a in doc["actions"] if a["id"] in block["actions"]]}
        keys = [k for k, _ in block["axes"]]
        for values in itertools.product(*(v for _, v in block["axes"])):
            answers = {k: v for k, v in zip(keys, values) if v is not None}
            try:
                result = evaluate(rules, answers)
            except AnswerError as exc:
                result = {"invalid": [[p["key"], p["code"]] for p in exc.problems]}
            yield json.dumps(result, ensure_ascii=False, separators=(",", ":"))


def python_chunks(documents, blocks) -> tuple[int, list[str], list[list[str]]]:
    digests, kept, count = [], [], 0
    h, lines = hashlib.sha256(), []
    for line in python_lines(documents, blocks):
        h.update((line + "\n").encode("utf-8"))
        lines.append(line)
        count += 1
        if len(lines) == CHUNK:
            digests.append(h.hexdigest()); kept.append(lines)
            h, lines = hashlib.sha256(), []
    if lines:
        digests.append(h.hexdigest()); kept.append(lines)
    return count, digests, kept


def start_node(tmp_path: Path, documents, blocks, dump=()) -> subprocess.Popen:
    spec = tmp_path / f"grid-{len(list(tmp_path.iterdir()))}.json"
    spec.write_text(json.dumps({"documents": documents, "blocks": blocks, "chunk": CHUNK, "dump": list(dump)}),
                    encoding="utf-8")
    return subprocess.Popen([node(), str(RUNNER), str(spec)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def node_result(process: subprocess.Popen) -> dict:
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err[-3000:]
    return json.loads(out)


def run_node(tmp_path: Path, documents, blocks, dump=()) -> dict:
    return node_result(start_node(tmp_path, documents, blocks, dump))


def compare(tmp_path, documents, blocks, python_documents=None) -> int:
    running = start_node(tmp_path, documents, blocks)  # Node works while Python does the same
    count, digests, kept = python_chunks(python_documents or documents, blocks)
    js = node_result(running)
    assert js["count"] == count == sum(block_size(b) for b in blocks)
    differing = [i for i, (a, b) in enumerate(zip(js["chunks"], digests)) if a != b]
    if differing:
        first = differing[0]
        dumped = run_node(tmp_path, documents, blocks, dump=[first])["dumps"][str(first)]
        for n, (js_line, py_line) in enumerate(zip(dumped, kept[first])):
            if js_line != py_line:
                pytest.fail(f"{len(differing)} chunk(s) differ; first difference at answers #{first * CHUNK + n}:\n"
                            f"  JavaScript: {js_line[:1500]}\n  Python:     {py_line[:1500]}")
    assert js["chunks"] == digests
    return count


@pytest.fixture(scope="module")
def documents(root):
    db = KnowledgeBase(root).get().db
    return {"fi": compile_rules(db, "fi"), "sv": compile_rules(db, "sv")}


def test_grid_covers_every_limit_of_every_rule(documents):
    # The grid is only as good as its axes: every limit of every rule must sit in it
    # with its neighbours, so that each side of each boundary is evaluated.
    blocks = grid(documents["fi"], "fi")
    by_action = {b["actions"][0]: dict(b["axes"]) for b in blocks[1:]}
    for action in documents["fi"]["actions"]:
        axes = by_action[action["id"]]
        for rule in action["rules"]:
            if rule["kind"] == "count":
                for b in (rule["min"], rule["max"]):
                    if b is not None:
                        assert {b - 1, b, b + 1} - {0} <= set(axes[rule["answer"]]), (action["id"], rule)
            elif rule["kind"] == "duration" and rule["unit"] == "months":
                for b in [rule["min"], rule["max"], *rule["values"]]:
                    if b is not None:
                        assert {b - 1, b, b + 1} - {0} <= set(axes["duration_months"]), (action["id"], rule)
            elif rule["kind"] == "condition":
                values = set(axes[rule["answer"]])
                if rule["type"] == "bool":
                    assert values == {None, True, False}
                else:
                    for b in (rule["at_least"], rule["at_most"]):
                        if b is not None:
                            assert {None, b, b + 1} | ({b - 1} if b else set()) <= values, (action["id"], rule)
            elif rule["kind"] == "sector":
                assert set(axes["sector"]) - set(rule["sectors"]), "no sector outside the action's"
            elif rule["kind"] == "third_country":
                assert axes["third_country_partners"] == [None, False, True]
            elif rule["kind"] == "project_kind":
                assert axes["project_kind"] == [None, *PROJECT_KINDS]


# The exhaustive grid (about 130,000 answer sets through Node and Python, ~40 s) runs in
# `make test`; the unit tier keeps the grid's coverage and difference-detection tests.
@pytest.mark.build
def test_javascript_and_python_agree_on_the_whole_grid(documents, tmp_path):
    blocks = (grid(documents["fi"], "fi") + grid(documents["sv"], "sv", per_action=False)
              + [invalid_block("fi")])
    count = compare(tmp_path, documents, blocks)
    per_action = sum(block_size(b) for b in blocks[1:-2])
    print(f"\nquiz parity grid: {count} answers objects ({block_size(blocks[0])} for all actions "
          f"in each language, {per_action} action by action, {block_size(blocks[-1])} malformed)")
    assert count > 10_000


def test_a_difference_would_be_found(documents, tmp_path):
    # The comparison itself: when the two sides read different rules, the test fails
    # and shows the first answers whose results differ.
    changed = json.loads(json.dumps(documents["fi"]))
    changed["text"]["quiz.reason.sector.met"] += " (muutettu)"
    blocks = grid(documents["fi"], "fi")[1:3]  # two actions on their own are enough here
    with pytest.raises(pytest.fail.Exception, match=r"(?s)first difference at answers #\d+:.*JavaScript: .*Python: .*muutettu"):
        compare(tmp_path, {"fi": documents["fi"]}, blocks, python_documents={"fi": changed})
