"""Helpers for the browser tests: which pages to open, axe-core, the quiz and the search.

The pages are chosen from whatever the built site contains, so that a new kind of page
is covered as soon as it exists: every top-level page, every folder's index, and for
each folder of record pages one page per distinct page structure.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from collections import OrderedDict
from pathlib import Path

from htmlpages import article, pages

ROOT = Path(__file__).resolve().parents[1]
JS_DIR = ROOT / "tests" / "js"
AXE_JS = JS_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# At most this many structurally different pages per folder (the pages of one folder
# come from one macro; the variants differ by optional parts).
VARIANTS_PER_FOLDER = 3


def ensure_axe() -> str | None:
    """The path of axe.min.js, installing it with `npm ci` when missing; None if impossible."""
    if not AXE_JS.exists() and shutil.which("npm"):
        subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], cwd=JS_DIR, check=False)
    return str(AXE_JS) if AXE_JS.exists() else None


def _structure(html: str) -> frozenset[str]:
    """What a page is built of: the classes and the kinds of element in its article."""
    body = article(html)
    classes = {c for group in re.findall(r'class="([^"]*)"', body) for c in group.split()}
    tags = set(re.findall(r"<(table|form|details|dl|img|figure|ol|fieldset|select|input|button|abbr)\b", body))
    return frozenset(classes | {f"<{t}>" for t in tags})


def representative_pages(site: Path) -> list[str]:
    """Page paths (relative to a language root) covering every kind of page of the site."""
    groups: "OrderedDict[str, OrderedDict[frozenset, str]]" = OrderedDict()
    for page in sorted(pages(site, "fi")):
        folder, _, name = page.rpartition("/")
        kind = page if (not folder or name == "index.html") else folder
        html = (site / page).read_text(encoding="utf-8")
        variants = groups.setdefault(kind, OrderedDict())
        variants.setdefault(_structure(html), page)
    chosen = []
    for variants in groups.values():
        chosen.extend(list(variants.values())[:VARIANTS_PER_FOLDER])
    return chosen


def lang_url(base: str, lang: str, page: str) -> str:
    return base + (page if lang == "fi" else f"{lang}/{page}")


_axe_text: list[str] = []


def _axe_source() -> str:
    if not _axe_text:
        _axe_text.append(Path(AXE_JS).read_text(encoding="utf-8"))
    return _axe_text[0]


def axe_violations(page, context: str = "document") -> list[str]:
    """Run axe-core's WCAG 2.0/2.1 A and AA rules on the open page; one line per failed rule."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated by the browser's DevTools protocol, which the site's Content-Security-
        # Policy (no inline scripts) does not govern; a <script> tag would be refused.
        page.evaluate(_axe_source() + "\n;undefined")
    result = page.evaluate(
        """([context, tags]) => axe.run(context === 'document' ? document : context,
             {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
        [context, WCAG_TAGS],
    )
    lines = []
    for v in result["violations"]:
        nodes = v["nodes"]
        summary = " ".join((nodes[0].get("failureSummary") or "").split()) if nodes else ""
        targets = ", ".join(str(n["target"]) for n in nodes[:3]) + (f" and {len(nodes) - 3} more" if len(nodes) > 3 else "")
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}: {len(nodes)} element(s): {targets}: {summary[:300]}")
    return lines


def quiz_pages(site: Path) -> list[str]:
    """Pages (relative to the Finnish root) that run the quiz script."""
    return sorted(p for p in pages(site, "fi") if re.search(r'src="[^"]*quiz[^"/]*\.js"', (site / p).read_text(encoding="utf-8")))


# -- driving the quiz like a user ----------------------------------------------------------

# Answers a cautious user gives: the first choice of each question, a plausible number.
_FILL_STEP = """(number) => {
  const visible = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)
    && getComputedStyle(el).visibility !== 'hidden';
  const root = document.querySelector('article') || document.body;
  const done = new Set();
  for (const input of root.querySelectorAll('input, select, textarea')) {
    if (input.disabled || input.type === 'hidden') continue;
    const shown = visible(input) || (input.labels && [...input.labels].some(visible));
    if (!shown) continue;
    if (input.type === 'radio') {
      if (done.has(input.name)) continue;
      done.add(input.name);
      const group = [...root.querySelectorAll(`input[type=radio][name="${CSS.escape(input.name)}"]`)];
      if (!group.some(r => r.checked)) input.click();
    } else if (input.type === 'checkbox') {
      const box = input.closest('fieldset') || input.parentElement;
      if (!done.has(box)) { done.add(box); if (![...box.querySelectorAll('input[type=checkbox]')].some(c => c.checked)) input.click(); }
    } else if (input.tagName === 'SELECT') {
      const option = [...input.options].find(o => o.value !== '');
      if (option && !input.value) { input.value = option.value; input.dispatchEvent(new Event('change', {bubbles: true})); }
    } else if (input.type === 'number' || input.inputMode === 'numeric') {
      if (!input.value) {
        const min = parseInt(input.min || '0', 10);
        input.value = String(Math.max(min, number));
        input.dispatchEvent(new Event('input', {bubbles: true}));
        input.dispatchEvent(new Event('change', {bubbles: true}));
      }
    }
  }
}"""


def quiz_button(page, labels: list[str]):
    """The visible button in the article whose text is one of `labels`, or None."""
    for label in labels:
        button = page.locator("article button:visible", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
        if button.count():
            return button.first
    return None


def fill_quiz_step(page, number: int = 3) -> None:
    page.evaluate(_FILL_STEP, number)

