"""Lighthouse (npm, pinned in tests/js; mobile preset; Debian's Chromium) on one page of every
kind in both languages, served by nginx with scripts/server/nginx.conf as deployed.

Asserted: every audit of the accessibility, best-practices and SEO categories passes (100),
CLS < 0.01, and the home page's first view is at most 80 KB transferred. The other
performance figures are printed by `make bench`, not asserted."""
from __future__ import annotations

import pytest

from conftest import missing_tool, run_mkdocs_build
from kb import lighthouse, webserver

pytestmark = pytest.mark.browser

HOME_BUDGET_BYTES = 80 * 1024
LANGS = ("fi", "sv")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The site built for the address it is served at (canonical and hreflang on the same
    host, as on the public server) and nginx serving it there."""
    missing = lighthouse.available()
    if missing:
        missing_tool(f"Lighthouse cannot run: missing {missing}; run `make test`")
    if webserver.nginx_binary() is None:
        missing_tool("nginx is missing: run `make test` as root (installs Debian's nginx-light)")
    port = webserver.free_port()
    site = tmp_path_factory.mktemp("lighthouse-site")
    result = run_mkdocs_build(site, f"http://127.0.0.1:{port}/")
    assert result.returncode == 0, result.stderr[-3000:]
    with webserver.running(site, port=port, base="/") as base:
        yield site, base


@pytest.fixture(scope="module")
def reports(served):
    site, base = served
    out = {}
    for kind, page in lighthouse.page_kinds(site).items():
        for lang in LANGS:
            out[kind, lang] = lighthouse.run(base + (page if lang == "fi" else f"{lang}/{page}"))
    return out


def test_every_kind_of_page_is_audited(served):
    kinds = lighthouse.page_kinds(served[0])
    for expected in ("home", "quiz", "glossary", "actions", "projects", "themes", "activity-types",
                     "key-actions", "comparisons"):
        assert expected in kinds, f"no page of kind {expected!r}: {kinds}"


@pytest.mark.parametrize("category", ["accessibility", "best-practices", "seo"])
def test_accessibility_best_practices_and_seo_pass_every_audit(reports, category):
    failures = [f"{kind} ({lang}): {'; '.join(r.failed[category])}"
                for (kind, lang), r in reports.items() if r.scores[category] < 100 or r.failed[category]]
    assert not failures, "\n".join(failures)


def test_no_layout_shift(reports):
    shifts = [f"{kind} ({lang}): CLS {r.cls:.3f}" for (kind, lang), r in reports.items() if r.cls >= 0.01]
    assert not shifts, shifts


@pytest.mark.parametrize("lang", LANGS)
def test_home_page_first_view_is_within_budget(reports, lang):
    # Needs the search index to load only when the search is used (issue 17): today the
    # index of both languages is most of the home page's bytes.
    report = reports["home", lang]
    biggest = sorted(report.requests, key=lambda r: -r[2])[:5]
    assert report.bytes <= HOME_BUDGET_BYTES, (
        f"home ({lang}) first view {report.bytes / 1024:.1f} KB > {HOME_BUDGET_BYTES // 1024} KB; "
        f"largest: {[(u.rsplit('/', 1)[-1], round(b / 1024, 1)) for u, _, b in biggest]}")
