"""Make sure what the tests need is on the machine, or say exactly what is missing.

Run by `make test` before pytest. Installs Debian's Chromium and poppler-utils when running
as root, axe-core (`npm ci` in tests/js) and the browser editor (`npm ci` in scripts/editor)
from the npm registry.
In CI (CI=true) a missing browser or Node.js is a failure, never a skip.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
AXE_PACKAGE = ROOT / "tests" / "js"
AXE = AXE_PACKAGE / "node_modules" / "axe-core" / "axe.min.js"
EDITOR_PACKAGE = ROOT / "scripts" / "editor"
EDITOR_MARKER = EDITOR_PACKAGE / "node_modules" / "decap-server" / "dist" / "index.js"
# Every npm tool of tests/js/package-lock.json: axe-core, Lighthouse, the Nu HTML Checker.
NPM_TOOLS = (AXE, AXE_PACKAGE / "node_modules" / "lighthouse" / "cli" / "index.js",
             AXE_PACKAGE / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar")


def _apt_install(*packages: str) -> bool:
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return False
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    print(f"testenv: installing {' '.join(packages)} with apt-get ...", flush=True)
    subprocess.run(["apt-get", "update", "-qq"], env=env, check=False, stdout=subprocess.DEVNULL)
    r = subprocess.run(["apt-get", "install", "-y", "-qq", *packages], env=env, check=False,
                       stdout=subprocess.DEVNULL)
    return r.returncode == 0


def ensure() -> list[str]:
    missing = []
    if not os.path.exists(CHROMIUM):
        _apt_install("chromium")
    if not os.path.exists(CHROMIUM):
        missing.append(f"Chromium at {CHROMIUM} (Debian package `chromium`; run `apt-get install -y chromium` as root)")
    if not shutil.which("node"):
        _apt_install("nodejs")
    if not shutil.which("node"):
        missing.append("Node.js `node` (Debian package `nodejs`) for the JavaScript tests")
    if not shutil.which("pdftotext"):
        _apt_install("poppler-utils")
    if not shutil.which("pdftotext"):
        missing.append("pdftotext (Debian package `poppler-utils`) for the print test")
    missing += _ensure_nginx()
    if not shutil.which("java"):
        _apt_install("default-jre-headless")  # runs the Nu HTML Checker (vnu.jar)
    if not shutil.which("java"):
        missing.append("Java `java` (Debian package `default-jre-headless`) for the Nu HTML Checker")
    if not all(tool.exists() for tool in NPM_TOOLS):
        if not shutil.which("npm"):
            _apt_install("npm")
        if shutil.which("npm"):
            # The exact versions of tests/js/package-lock.json, from the npm registry. No
            # install scripts: vnu-jar's would fetch a Java runtime; Debian's is used.
            print("testenv: npm ci in tests/js (axe-core, lighthouse, vnu-jar) ...", flush=True)
            subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
                           cwd=AXE_PACKAGE, check=False)
    for tool in NPM_TOOLS:
        if not tool.exists():
            missing.append(f"{tool.relative_to(ROOT)} for the browser and HTML tests (run `npm ci` in {AXE_PACKAGE})")
    if not EDITOR_MARKER.exists() and shutil.which("npm"):
        # The browser editor (Decap CMS, decap-server, the yaml writer) of scripts/editor/package-lock.json.
        print("testenv: npm ci in scripts/editor (Decap CMS, decap-server) ...", flush=True)
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=EDITOR_PACKAGE, check=False)
    if not EDITOR_MARKER.exists():
        missing.append(f"the browser editor's npm packages in {EDITOR_PACKAGE} (run `npm ci` there)")
    return missing


NGINX = "/usr/sbin/nginx"
BROTLI = "/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so"


def _ensure_nginx() -> list[str]:
    """Debian's nginx for the site as deployed (scripts/server/nginx.conf), with brotli
    where the Debian package exists (Debian 12: libnginx-mod-http-brotli-filter)."""
    if not os.path.exists(NGINX):
        _apt_install("nginx-light")
        # The package starts a system-wide nginx on port 80; the tests run their own.
        subprocess.run(["invoke-rc.d", "nginx", "stop"], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if os.path.exists(NGINX) and not os.path.exists(BROTLI):
        _apt_install("libnginx-mod-http-brotli-filter")  # optional: gzip only without it
    if not os.path.exists(NGINX):
        return [f"nginx at {NGINX} (Debian package `nginx-light`) for the tests of the site as served"]
    return []


def main() -> int:
    missing = ensure()
    for m in missing:
        print(f"testenv: MISSING {m}", file=sys.stderr)
    if missing and os.environ.get("CI") == "true":
        print("testenv: CI=true, so the browser tests cannot be skipped: failing.", file=sys.stderr)
        return 1
    if missing:
        print("testenv: the tests that need these will be skipped (they fail under CI=true).", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
