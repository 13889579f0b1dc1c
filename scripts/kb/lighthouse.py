"""Lighthouse (npm, pinned in tests/js) on a served page, with Debian's Chromium: the
category scores, the failing audits and the performance figures of one page.

Used by the tests (tests/test_lighthouse.py: accessibility, best practices and SEO at 100,
CLS and the home page's byte budget) and by `make bench` (the performance figures).
The mobile preset is Lighthouse's default: a phone-sized screen, simulated slow 4G and CPU.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
JS_DIR = ROOT / "tests" / "js"
CLI = JS_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


@dataclass
class Report:
    url: str
    scores: dict[str, int]                       # category -> 0..100
    failed: dict[str, list[str]] = field(default_factory=dict)  # category -> audits below 1
    lcp_ms: float = 0.0
    cls: float = 0.0
    tbt_ms: float = 0.0
    bytes: int = 0                               # transferred, first view
    requests: list[tuple[str, int, int]] = field(default_factory=list)  # url, status, bytes

    def summary(self) -> str:
        scores = " ".join(f"{c}={self.scores.get(c, '-')}" for c in CATEGORIES)
        return (f"{scores} LCP={self.lcp_ms / 1000:.2f}s CLS={self.cls:.3f} TBT={self.tbt_ms:.0f}ms "
                f"bytes={self.bytes / 1024:.1f}KB")


def available() -> str | None:
    """None when Lighthouse can run, else what is missing."""
    if not shutil.which("node"):
        return "Node.js `node` (Debian package `nodejs`)"
    if not CLI.exists():
        return f"Lighthouse at {CLI} (run `npm ci` in {JS_DIR})"
    if not os.path.exists(CHROMIUM):
        return f"Chromium at {CHROMIUM} (Debian package `chromium`)"
    return None


def run(url: str, categories: tuple[str, ...] = CATEGORIES, timeout: int = 240, attempts: int = 2) -> Report:
    """One Lighthouse run; a run that Chromium's protocol times out on (a busy machine) is
    tried again once."""
    for attempt in range(attempts):
        try:
            return _run_once(url, categories, timeout)
        except RuntimeError as exc:
            if attempt == attempts - 1 or "Runtime error" not in str(exc) and "DevTools" not in str(exc):
                raise
    raise AssertionError("unreachable")


def _run_once(url: str, categories: tuple[str, ...], timeout: int) -> Report:
    with tempfile.TemporaryDirectory(prefix="kb-lighthouse-") as tmp:
        out = Path(tmp) / "report.json"
        cmd = ["node", str(CLI), url, "--output=json", f"--output-path={out}", "--quiet",
               f"--only-categories={','.join(categories)}",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking",
               "--max-wait-for-load=60000"]
        env = {**os.environ, "CHROME_PATH": CHROMIUM, "TMPDIR": tmp}
        r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
        if r.returncode != 0 or not out.exists():
            raise RuntimeError(f"Lighthouse failed on {url}: {(r.stderr or r.stdout)[-2000:]}")
        return parse(json.loads(out.read_text(encoding="utf-8")))


def parse(lhr: dict) -> Report:
    if lhr.get("runtimeError"):
        raise RuntimeError(f"Lighthouse: {lhr['runtimeError']}")
    audits = lhr["audits"]
    scores, failed = {}, {}
    for cid, cat in lhr["categories"].items():
        scores[cid] = round((cat.get("score") or 0) * 100)
        bad = []
        for ref in cat["auditRefs"]:
            a = audits.get(ref["id"], {})
            if a.get("scoreDisplayMode") in ("notApplicable", "informative", "manual") or a.get("score") is None:
                continue
            if ref.get("weight", 0) == 0 and cid == "performance":
                continue
            if a["score"] < 1:
                bad.append(f"{ref['id']}: {a.get('title', '')} ({a.get('displayValue', '')})")
        failed[cid] = bad

    def num(audit_id: str) -> float:
        return float(audits.get(audit_id, {}).get("numericValue") or 0)

    requests = [(i.get("url", ""), int(i.get("statusCode", 0)), int(i.get("transferSize", 0)))
                for i in (audits.get("network-requests", {}).get("details", {}) or {}).get("items", [])]
    return Report(url=lhr.get("finalDisplayedUrl") or lhr.get("requestedUrl", ""), scores=scores, failed=failed,
                  lcp_ms=num("largest-contentful-paint"), cls=num("cumulative-layout-shift"),
                  tbt_ms=num("total-blocking-time"), bytes=int(num("total-byte-weight")), requests=requests)


# -- one page of every kind, both languages (make bench; before/after figures) -----------

def page_kinds(site: Path) -> dict[str, str]:
    """kind -> a page (relative to the Finnish root) of that kind in the built site: the home
    page, every top-level page, one folder index (they share one layout) and one record
    page per folder."""
    kinds: dict[str, str] = {}
    for page in sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")):
        if page.startswith(("sv/", "assets/", "search/")) or page.endswith("404.html"):
            continue
        folder, _, name = page.rpartition("/")
        if not folder:
            kinds.setdefault("home" if name == "index.html" else name.removesuffix(".html"), page)
        elif name == "index.html":
            kinds.setdefault("folder index", page)
        else:
            kinds.setdefault(folder, page)
    if (site / "comparisons" / "then-and-now.html").exists():  # the widest table of the site
        kinds["comparisons"] = "comparisons/then-and-now.html"
    return kinds


def _serve_plain(site: Path):
    """The site over Python's http.server, no compression (how the tests served it before)."""
    import contextlib
    import functools
    import http.server
    import threading

    @contextlib.contextmanager
    def serving():
        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

        handler = functools.partial(Quiet, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_port}/"
        finally:
            server.shutdown()
            server.server_close()
    return serving()


def main(argv: list[str] | None = None) -> int:
    import argparse
    import sys

    from . import webserver

    parser = argparse.ArgumentParser(prog="python -m kb.lighthouse",
                                     description="Lighthouse (mobile) on one page of every kind in both languages")
    parser.add_argument("--site", default="", help="a built site (default: build the project now, "
                        "for the address it is served at)")
    parser.add_argument("--plain", action="store_true", help="serve with Python's http.server (no nginx)")
    parser.add_argument("--kinds", default="", help="comma-separated kinds (default: all)")
    parser.add_argument("--json", default="", help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    missing = available()
    if missing:
        print(f"lighthouse: MISSING {missing}", file=sys.stderr)
        return 1
    port = 0
    with tempfile.TemporaryDirectory(prefix="kb-lighthouse-site-") as tmp:
        if args.site:
            site = Path(args.site)
        else:
            from . import cli

            port = webserver.free_port()
            site = Path(tmp) / "site"
            if cli.build(ROOT, site_dir=site, extra_env={"KB_SITE_URL": f"http://127.0.0.1:{port}/",
                                                         "KB_OFFLINE": "false"}) != 0:
                print("lighthouse: the site could not be built (see above)", file=sys.stderr)
                return 1
        return _measure(site, args, port)


def _measure(site: Path, args, port: int) -> int:
    from . import webserver

    kinds = page_kinds(site)
    if args.kinds:
        kinds = {k: v for k, v in kinds.items() if k in args.kinds.split(",")}
    serving = _serve_plain(site) if args.plain else webserver.running(site, port=port, base="/")
    rows = []
    with serving as base:
        print(f"Lighthouse {json.loads((CLI.parents[1] / 'package.json').read_text())['version']}, mobile, "
              f"{'http.server (no compression)' if args.plain else 'nginx (scripts/server/nginx.conf)'}", flush=True)
        for kind, page in kinds.items():
            for lang in ("fi", "sv"):
                url = base + (page if lang == "fi" else f"{lang}/{page}")
                try:
                    report = run(url)
                except (RuntimeError, subprocess.TimeoutExpired) as exc:
                    print(f"{kind:<22} {lang}  FAILED: {str(exc)[:300]}", flush=True)
                    continue
                rows.append({"kind": kind, "lang": lang, "page": page, **report.scores, "lcp_ms": report.lcp_ms,
                             "cls": report.cls, "tbt_ms": report.tbt_ms, "bytes": report.bytes,
                             "failed": {c: f for c, f in report.failed.items() if f and c != "performance"},
                             "requests": report.requests})
                print(f"{kind:<22} {lang}  {report.summary()}", flush=True)
                for cat, bad in report.failed.items():
                    if bad and cat != "performance":
                        print(f"{'':<26}{cat} failing: {'; '.join(bad)}", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main())
