"""The built site behind nginx, configured as it is deployed: `make webserver`, and the tests.

The configuration is kept in scripts/server/ as templates (nginx.conf, brotli.conf,
admin.conf) with ${KB_...} parameters. This module fills them in for one site folder,
address and runtime folder, and runs Debian's nginx in the foreground with its own pid
file, error log and temporary files, so it needs no root and touches nothing in /etc.

    python -m kb.webserver [--site site] [--listen 127.0.0.1:8080] [--base /]
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from string import Template

ROOT = Path(__file__).resolve().parents[2]
CONF_DIR = ROOT / "scripts" / "server"
NGINX = "/usr/sbin/nginx"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so")
CSP_HASHES_FILE = ".kb-csp-hashes.conf"  # written by each build (overrides/mkdocs/hook.py)


class WebServerError(Exception):
    """Something that stops the server from starting, said in one sentence."""


def nginx_binary() -> str | None:
    return NGINX if os.path.exists(NGINX) else shutil.which("nginx")


def brotli_available() -> bool:
    return BROTLI_MODULE.exists()


def site_base(site: Path) -> str:
    """The path the site was built for (the path of its site_url), read from its 404 page,
    which MkDocs writes with links from the server's root: "/" or e.g. "/kb/"."""
    page = site / "404.html"
    if page.exists():
        m = re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                      page.read_text(encoding="utf-8"), re.S)
        if m:
            base = json.loads(m[1]).get("base") or "/"
            if base.startswith("/"):
                return base if base.endswith("/") else base + "/"
    return "/"


def editor_hosts(site: Path) -> list[str]:
    """The origins of the git host the published editor saves to (backend.api_root and
    base_url of site/admin/config.yml): the only other host /admin/ may talk to."""
    config = site / "admin" / "config.yml"
    if not config.exists():
        return []
    from urllib.parse import urlsplit

    from ruamel.yaml import YAML

    backend = (YAML(typ="safe").load(config.read_text(encoding="utf-8")) or {}).get("backend") or {}
    origins = []
    for key in ("api_root", "base_url"):
        parts = urlsplit(str(backend.get(key) or ""))
        origin = f"{parts.scheme}://{parts.netloc}"
        if parts.scheme == "https" and parts.netloc and origin not in origins:
            origins.append(origin)
    return origins


def render(site: Path, listen: str, runtime: Path, base: str = "/") -> Path:
    """Fill in the templates for this site; returns the main configuration file."""
    site = site.resolve()
    if not (site / "index.html").exists():
        raise WebServerError(f"{site} holds no built site (no index.html): run `make build` first")
    if not (site / CSP_HASHES_FILE).exists():
        raise WebServerError(f"{site / CSP_HASHES_FILE} is missing: the site was built without "
                             "overrides/mkdocs/hook.py; run `make build`")
    base = "/" + base.strip("/") + "/" if base.strip("/") else "/"
    runtime.mkdir(parents=True, exist_ok=True)
    if base == "/":
        doc_root = site
    else:  # the site lives at <document root><base>: a folder of links gives it that path
        doc_root = runtime / "docroot"
        link = doc_root / base.strip("/")
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(site, target_is_directory=True)
    main = []
    if os.geteuid() == 0:
        # Run as root, nginx would start its workers as `nobody`, who cannot read a site
        # in a private folder (the tests' temporary folders): run them as the site's owner.
        owner = pwd.getpwuid(site.stat().st_uid)
        main.append(f"user {owner.pw_name} {_group_name(owner.pw_gid)};")
    brotli = brotli_available()
    if brotli:
        main.append(f"load_module {BROTLI_MODULE};")
    values = {
        "KB_LISTEN": listen, "KB_ROOT": str(doc_root), "KB_BASE": base, "KB_SITE": f"{site}/",
        "KB_RUNTIME": str(runtime), "KB_MAIN": "\n".join(main),
        "KB_BROTLI": "include brotli.conf;" if brotli else "",
        "KB_EDITOR_HOSTS": " ".join(editor_hosts(site)),
    }
    conf = runtime / "conf"
    conf.mkdir(exist_ok=True)
    for template in sorted(CONF_DIR.glob("*.conf")):
        (conf / template.name).write_text(Template(template.read_text(encoding="utf-8")).safe_substitute(values),
                                          encoding="utf-8")
    return conf / "nginx.conf"


def _group_name(gid: int) -> str:
    import grp

    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def _command(conf: Path, runtime: Path) -> list[str]:
    binary = nginx_binary()
    if binary is None:
        raise WebServerError("nginx is missing: install Debian's nginx-light "
                             "(`apt-get install -y nginx-light libnginx-mod-http-brotli-filter`), "
                             "or run `make test` as root, which installs it")
    return [binary, "-p", f"{runtime}/", "-e", str(runtime / "error.log"), "-c", str(conf)]


def check_config(conf: Path, runtime: Path) -> None:
    r = subprocess.run([*_command(conf, runtime), "-t", "-q"], capture_output=True, text=True)
    if r.returncode != 0:
        raise WebServerError("nginx refuses the configuration:\n" + (r.stderr or r.stdout).strip())


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _wait_until_listening(proc: subprocess.Popen, host: str, port: int, runtime: Path, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log = (runtime / "error.log")
            raise WebServerError("nginx stopped at start:\n" + (log.read_text() if log.exists() else ""))
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
            return
        time.sleep(0.05)
    raise WebServerError(f"nginx did not answer on {host}:{port} within {timeout:.0f} s")


@contextlib.contextmanager
def running(site: Path, host: str = "127.0.0.1", port: int = 0, base: str | None = None):
    """nginx serving `site` on host:port (port 0: a free port picked now); yields the site's
    address, e.g. http://127.0.0.1:40123/kb/. Stopped (by its process id) on exit."""
    base = site_base(site) if base is None else base
    with tempfile.TemporaryDirectory(prefix="kb-nginx-") as tmp:
        runtime = Path(tmp)
        for attempt in range(5):  # a port picked free may be taken before nginx binds it
            chosen = port or free_port(host)
            conf = render(site, f"{host}:{chosen}", runtime, base)
            check_config(conf, runtime)
            proc = subprocess.Popen(_command(conf, runtime), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            try:
                _wait_until_listening(proc, host, chosen, runtime)
                break
            except WebServerError:
                proc.kill()
                proc.wait()
                if port or attempt == 4:
                    raise
        try:
            yield f"http://{host}:{chosen}{base if base.startswith('/') else '/' + base}"
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make webserver", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", default=str(ROOT / "site"), help="the built site (default: site/)")
    parser.add_argument("--listen", default="127.0.0.1:8080", help="address:port (default 127.0.0.1:8080)")
    parser.add_argument("--base", default=None, help="the site's path on the server (default: the path it was built for)")
    args = parser.parse_args(argv)
    site = Path(args.site)
    base = site_base(site) if args.base is None else args.base
    runtime = Path(tempfile.mkdtemp(prefix="kb-nginx-"))
    try:
        conf = render(site, args.listen, runtime, base)
        check_config(conf, runtime)
        cmd = _command(conf, runtime)
    except WebServerError as exc:
        print(f"webserver: {exc}", file=sys.stderr)
        shutil.rmtree(runtime, ignore_errors=True)
        return 1
    print(f"Serving {site} with nginx at http://{args.listen}{base} "
          f"(gzip{', brotli' if brotli_available() else ''}; configuration {conf}); Ctrl-C stops it.", flush=True)
    proc = subprocess.Popen(cmd)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.send_signal(signal.SIGTERM)
        proc.wait()
        return 0
    finally:
        shutil.rmtree(runtime, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
