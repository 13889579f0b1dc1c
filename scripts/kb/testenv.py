"""Make sure what the tests need is on the machine, or say exactly what is missing.

Run by `make test` before pytest. Installs Debian's Chromium when running as root.
In CI (CI=true) a missing browser or Node.js is a failure, never a skip.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

CHROMIUM = "/usr/bin/chromium"


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
    return missing


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
