"""The site as deployed: nginx with scripts/server/nginx.conf (kb.webserver), asked with plain
HTTP requests: security headers, compression, caching, the 404 page per language, robots.txt."""
from __future__ import annotations

import base64
import gzip
import hashlib
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import TEST_SITE_URL
from htmlpages import page_file, pages
from kb import webserver
from kb.state import KnowledgeBase


pytestmark = pytest.mark.build

@pytest.fixture(scope="module")
def db(root):
    return KnowledgeBase(root).get().db


def get(url: str, **headers) -> tuple[int, dict, bytes]:
    """Status, headers (lower-case names) and the body as sent (not decompressed)."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def csp_directives(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def inline_scripts(html: str) -> list[str]:
    """The inline scripts a browser runs (data blocks such as application/json are not run)."""
    out = []
    for attrs, body in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", html, re.S):
        kind = re.search(r'\btype="([^"]*)"', attrs)
        if kind is None or kind[1] in ("text/javascript", "application/javascript", "module"):
            out.append(body)
    return out


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


# -- security headers ---------------------------------------------------------------------

@pytest.mark.parametrize("path", ["", "sv/", "quiz.html", "comparisons/then-and-now.html",
                                  "assets/stylesheets/kb.css", "no-such-page.html"])
def test_every_answer_carries_the_security_headers(site_server, path):
    status, headers, _ = get(site_server + path)
    assert status in (200, 404)
    csp = csp_directives(headers["content-security-policy"])
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert csp["script-src"][0] == "'self'"
    assert not [s for s in csp["script-src"][1:] if not s.startswith("'sha256-")], csp["script-src"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["default-src"] == ["'self'"]
    # No other host anywhere in the policy.
    assert not re.search(r"https?:|\*", headers["content-security-policy"])
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["permissions-policy"] and "geolocation=()" in headers["permissions-policy"]


def test_every_inline_script_of_every_page_is_allowed_by_hash(built_site, site_server):
    # The policy follows the pages: the build hashed exactly the inline scripts it wrote.
    _, headers, _ = get(site_server)
    allowed = set(csp_directives(headers["content-security-policy"])["script-src"])
    refused = {}
    for page in sorted(built_site.rglob("*.html")):
        for body in inline_scripts(page.read_text(encoding="utf-8")):
            if sha256_source(body) not in allowed:
                refused.setdefault(page.relative_to(built_site).as_posix(), body[:80])
    assert not refused, f"inline scripts the policy refuses ({len(refused)} pages): {list(refused.items())[:5]}"


def test_the_build_file_of_hashes_is_not_served(site_server):
    status, _, body = get(site_server + webserver.CSP_HASHES_FILE)
    assert status == 404 and b"sha256-" not in body


# -- compression and caching --------------------------------------------------------------

def _assets(built_site: Path) -> list[str]:
    html = (built_site / "index.html").read_text(encoding="utf-8")
    return re.findall(r'(?:href|src)="((?:assets)/[^"?#]+\.(?:css|js))"', html)


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_text_is_sent_compressed(built_site, site_server, encoding):
    if encoding == "br" and not webserver.brotli_available():
        pytest.skip("Debian's brotli module for nginx is not installed (gzip only)")
    for path in ["", "sv/comparisons/then-and-now.html", *_assets(built_site)]:
        status, headers, body = get(site_server + path, **{"Accept-Encoding": encoding})
        assert status == 200, path
        assert headers.get("content-encoding") == encoding, path
        assert "accept-encoding" in headers.get("vary", "").lower(), path
        if encoding == "gzip":
            original = (built_site / (path or "index.html")).read_bytes()
            assert gzip.decompress(body) == original and len(body) < len(original), path


def test_fingerprinted_assets_are_kept_long_and_pages_are_revalidated(built_site, site_server):
    hashed = [a for a in _assets(built_site) if re.search(r"\.[0-9a-f]{8}\.min\.(css|js)$", a)]
    assert len(hashed) >= 2, "Material's fingerprinted assets not found in the home page"
    for path in hashed:
        _, headers, _ = get(site_server + path)
        cache = headers["cache-control"]
        assert "immutable" in cache and int(re.search(r"max-age=(\d+)", cache)[1]) >= 31536000, path
    for path in ["", "sv/quiz.html", "assets/stylesheets/kb.css", "search/search_index.fi.json", "search/search_index.sv.json"]:
        status, headers, _ = get(site_server + path)
        assert status == 200 and headers["cache-control"] == "no-cache", path
        assert headers.get("etag") or headers.get("last-modified"), path
        # Revalidation answers 304 when nothing changed.
        status, _, _ = get(site_server + path, **{"If-None-Match": headers["etag"]})
        assert status == 304, path


# -- not found --------------------------------------------------------------------------------

@pytest.mark.parametrize("path, lang", [("no-such-page.html", "fi"), ("actions/no-such-action.html", "fi"),
                                        ("sv/no-such-page.html", "sv"), ("sv/actions/nope/deeper.html", "sv"),
                                        ("svenska/", "fi")])
def test_a_missing_address_gets_the_404_page_of_its_language(site_server, db, path, lang):
    status, headers, body = get(site_server + path)
    assert status == 404
    assert headers["content-type"].startswith("text/html")
    html = body.decode("utf-8")
    assert re.search(rf'<html lang="{lang}"', html)
    title = db.ui_text("notfound.title", lang)
    assert re.search(rf"<title>{re.escape(title)} - ", html), html[:600]


def test_every_page_is_served(built_site, site_server):
    for lang in ("fi", "sv"):
        for page in sorted(pages(built_site, lang))[::7]:  # a spread of pages of every folder
            path = page if lang == "fi" else f"{lang}/{page}"
            status, headers, body = get(site_server + path)
            assert status == 200, path
            assert headers["content-type"] == "text/html; charset=utf-8", path
            assert body == page_file(built_site, lang, page).read_bytes()


# -- robots.txt ---------------------------------------------------------------------------------

def test_robots_txt_points_at_the_absolute_sitemap(site_server):
    status, headers, body = get(site_server + "robots.txt")
    assert status == 200 and headers["content-type"].startswith("text/plain")
    lines = body.decode("utf-8").splitlines()
    assert f"Sitemap: {TEST_SITE_URL}sitemap.xml" in lines
    assert "User-agent: *" in lines and not any(line.strip() == "Disallow: /" for line in lines)


def test_the_sitemap_lists_absolute_addresses_of_both_languages(site_server):
    status, _, body = get(site_server + "sitemap.xml")
    assert status == 200
    locs = re.findall(r"<loc>([^<]+)</loc>", body.decode("utf-8"))
    assert locs and all(loc.startswith(TEST_SITE_URL) for loc in locs)
    assert any(loc.startswith(TEST_SITE_URL + "sv/") for loc in locs)


def test_the_editor_gets_its_own_policy_and_no_wider(built_site, site_server):
    """/admin/ (scripts/server/admin.conf): the site's policy widened only by what Decap
    needs (eval for its config validator, run-time styles, the git host of its backend)."""
    if not (built_site / "admin" / "index.html").exists():
        pytest.fail("the build has no /admin/: run `npm ci` in scripts/editor (make test does it)")
    status, headers, _ = get(site_server + "admin/")
    assert status == 200
    admin = csp_directives(headers["content-security-policy"])
    _, site_headers, _ = get(site_server)
    site = csp_directives(site_headers["content-security-policy"])
    assert admin["script-src"] == ["'self'", "'unsafe-eval'"], admin["script-src"]
    assert admin["style-src"] == ["'self'", "'unsafe-inline'"]
    hosts = [s for s in admin["connect-src"] if s != "'self'"]
    assert hosts and all(h.startswith("https://") for h in hosts), admin["connect-src"]
    for directive in ("default-src", "object-src", "base-uri", "form-action", "frame-ancestors"):
        assert admin[directive] == site[directive], directive
    for header in ("x-content-type-options", "referrer-policy", "permissions-policy", "x-frame-options"):
        assert headers[header] == site_headers[header], header
    # The editor reads its configuration as YAML, always fresh.
    status, headers, _ = get(site_server + "admin/config.yml")
    assert status == 200 and headers["content-type"].startswith("text/yaml")
    assert headers["cache-control"] == "no-cache"
    # Elsewhere the site's strict policy stays: no eval, no inline style.
    assert "'unsafe-eval'" not in site["script-src"] and "'unsafe-inline'" not in site["style-src"]
