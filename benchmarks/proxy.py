"""Debian's nginx in the foreground on 127.0.0.1, configured with docs/nginx.conf (its ports replaced),
in front of several ``claims-dashboard serve`` processes: used by tests/test_proxy.py and by
``benchmarks/loadtest.py --proxy``."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_MAIN = """
daemon off;
master_process on;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {site};
}}
"""


def nginx_path() -> str:
    return shutil.which("nginx") or "/usr/sbin/nginx"


def nginx_site(ports: list[int], listen: int) -> str:
    """docs/nginx.conf, listening on 127.0.0.1:``listen`` and proxying to ``ports``."""
    text = (ROOT / "docs" / "nginx.conf").read_text()
    servers = "\n".join(f"    server 127.0.0.1:{p};" for p in ports)
    text, n = re.subn(r"(?m)^    server 127\.0\.0\.1:\d+;\n(    server 127\.0\.0\.1:\d+;\n)*", servers + "\n", text)
    if n != 1:
        raise RuntimeError("docs/nginx.conf: the upstream's server lines were not found")
    text, n = re.subn(r"(?m)^    listen 80;", f"    listen 127.0.0.1:{listen};", text)
    if n != 1:
        raise RuntimeError("docs/nginx.conf: the listen line was not found")
    return text


class Nginx:
    """nginx in the foreground on 127.0.0.1:``port``, its configuration and files in ``tmp``."""

    def __init__(self, tmp: Path, ports: list[int], port: int):
        self.port = port
        self.url = f"http://127.0.0.1:{self.port}/"
        site = tmp / "claims-dashboard.conf"
        site.write_text(nginx_site(ports, self.port))
        conf = tmp / "nginx.conf"
        conf.write_text(_MAIN.format(tmp=tmp, site=site))
        self.tmp = tmp
        test = subprocess.run([nginx_path(), "-t", "-c", str(conf), "-p", str(tmp)], capture_output=True, text=True)
        if test.returncode != 0:
            raise RuntimeError(f"nginx -t failed:\n{test.stderr}")
        self.process = subprocess.Popen([nginx_path(), "-c", str(conf), "-p", str(tmp)], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "favicon.ico", timeout=5):
                    return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"nginx did not start:\n{(tmp / 'error.log').read_text(errors='replace')}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # SIGTERM: nginx's fast shutdown
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
