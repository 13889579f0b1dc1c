"""A second engine in CI: `make build ENGINE=properdocs` builds the same site with
ProperDocs 1.6.7 (the maintained MkDocs 1.x fork), from the same mkdocs.yml and the
same adapter (overrides/mkdocs/). Same pages, same text on every page."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import TEST_SITE_URL, run_mkdocs_build
from htmlpages import article, text_of

pytestmark = pytest.mark.build

GENERATOR = re.compile(r'<meta name="generator" content="([^"]*)">')


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("properdocs-site")
    result = run_mkdocs_build(site, TEST_SITE_URL, engine="properdocs")
    assert result.returncode == 0, result.stderr[-4000:]
    return site


def files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def test_properdocs_builds_the_same_files(built_site, properdocs_site):
    assert files(properdocs_site) == files(built_site)
    assert "ProperDocs 1.6.7" in GENERATOR.search((properdocs_site / "index.html").read_text("utf-8"))[1]


def test_every_page_has_the_same_text_and_markup(built_site, properdocs_site):
    for rel in sorted(f for f in files(built_site) if f.endswith(".html")):
        ours = (built_site / rel).read_text(encoding="utf-8")
        theirs = (properdocs_site / rel).read_text(encoding="utf-8")
        assert text_of(article(theirs)) == text_of(article(ours)), rel
        # Everything else too, but for the generator's name.
        assert GENERATOR.sub("", theirs) == GENERATOR.sub("", ours), rel


def test_the_search_index_and_the_open_data_are_the_same(built_site, properdocs_site):
    for rel in ("search/search_index.fi.json", "search/search_index.sv.json", "open-data/records.fi.json",
                "open-data/records.sv.json"):
        assert (properdocs_site / rel).read_bytes() == (built_site / rel).read_bytes(), rel
