"""Behind a reverse proxy: Debian's nginx, with the configuration in docs/nginx.conf, in front of two
``claims-dashboard serve`` processes. Each browser is routed to one process, so a page and its
websocket meet the process that built it: 20 sessions through the proxy, shared links restored,
no session built twice, both processes used."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import loadtest
from browser_support import free_port

from dashboard import load
from dashboard.query import prepare

SESSIONS = 20

_MAIN = """
daemon off;
master_process on;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 256; }}
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


def nginx_site(ports: list[int], listen: int) -> str:
    """docs/nginx.conf, listening on 127.0.0.1:``listen`` and proxying to ``ports``."""
    text = (ROOT / "docs" / "nginx.conf").read_text()
    servers = "\n".join(f"    server 127.0.0.1:{p};" for p in ports)
    text, n = re.subn(r"(?m)^    server 127\.0\.0\.1:\d+;\n(    server 127\.0\.0\.1:\d+;\n)*", servers + "\n", text)
    assert n == 1, "docs/nginx.conf: the upstream's server lines were not found"
    text, n = re.subn(r"(?m)^    listen 80;", f"    listen 127.0.0.1:{listen};", text)
    assert n == 1, "docs/nginx.conf: the listen line was not found"
    return text


class Nginx:
    """nginx in the foreground on 127.0.0.1, its configuration and files in ``tmp``."""

    def __init__(self, tmp: Path, ports: list[int], port: int):
        self.port = port
        self.url = f"http://127.0.0.1:{self.port}/"
        site = tmp / "claims-dashboard.conf"
        site.write_text(nginx_site(ports, self.port))
        conf = tmp / "nginx.conf"
        conf.write_text(_MAIN.format(tmp=tmp, site=site))
        self.tmp = tmp
        test = subprocess.run([_nginx(), "-t", "-c", str(conf), "-p", str(tmp)], capture_output=True, text=True)
        assert test.returncode == 0, test.stderr
        self.process = subprocess.Popen([_nginx(), "-c", str(conf), "-p", str(tmp)], stdout=subprocess.DEVNULL,
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


def _nginx() -> str:
    return shutil.which("nginx") or "/usr/sbin/nginx"


@pytest.fixture
def nginx_available():
    if not Path(_nginx()).exists():
        if os.environ.get("CI"):
            pytest.fail("nginx is not installed (.ci/run installs Debian's nginx)")
        pytest.skip("nginx is not installed (apt-get install nginx)")


def test_two_processes_behind_nginx_serve_each_session_once(nginx_available, tmp_path):
    proxy_port = free_port()  # taken now so both servers can be told the host browsers use
    origin = ["--allow-websocket-origin", f"127.0.0.1:{proxy_port}"]
    servers = [loadtest.LoadServer(serve_args=["--log-sessions", *origin]) for _ in range(2)]
    nginx = None
    try:
        nginx = Nginx(tmp_path, [s.port for s in servers], proxy_port)
        expect = loadtest.Expectations(prepare(load()))
        # every third session opens a shared link (/?stance=...) and checks its filters arrived
        results = asyncio.run(loadtest.run_sessions(nginx.url, expect, sessions=SESSIONS, changes=2, seed=11,
                                                    timeout=180, think=0.1, deadline=900, open_concurrency=4))
        assert [r.errors for r in results] == [[]] * SESSIONS
        assert [r.leaks for r in results] == [[]] * SESSIONS
        assert all(len(r.changes) == 2 for r in results)
        assert sum(bool(r.start_query) for r in results) >= SESSIONS // 3
        created = [re.findall(r"\] created (\S+):", s.log.read_text()) for s in servers]
        assert all(created), f"one process got no session: {[len(c) for c in created]}"
        everyone = created[0] + created[1]
        assert len(everyone) == len(set(everyone)) == SESSIONS, f"sessions built: {created}"
        assert [s.recreated() for s in servers] == [[], []]
        assert [s.problems() for s in servers] == [[], []]
    finally:
        if nginx is not None:
            nginx.stop()
        for s in servers:
            s.stop()
    assert nginx.process.poll() is not None
