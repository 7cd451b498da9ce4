"""Behind a reverse proxy: Debian's nginx, with the configuration in docs/nginx.conf, in front of two
``claims-dashboard serve`` processes. Each browser is routed to one process, so a page and its
websocket meet the process that built it: 20 sessions through the proxy, shared links restored,
no session built twice, both processes used."""

from __future__ import annotations

import asyncio
import os
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import loadtest
from proxy import nginx_path

from dashboard import load
from dashboard.query import prepare

SESSIONS = 20


@pytest.fixture
def nginx_available():
    if not Path(nginx_path()).exists():
        if os.environ.get("CI"):
            pytest.fail("nginx is not installed (.ci/run installs Debian's nginx)")
        pytest.skip("nginx is not installed (apt-get install nginx)")


def test_two_processes_behind_nginx_serve_each_session_once(nginx_available):
    proxied = loadtest.ProxiedServers(2, serve_args=["--log-sessions"])
    try:
        expect = loadtest.Expectations(prepare(load()))
        # every third session opens a shared link (/?stance=...) and checks its filters arrived
        results = asyncio.run(loadtest.run_sessions(proxied.url, expect, sessions=SESSIONS, changes=2, seed=11,
                                                    timeout=180, think=0.1, deadline=900, open_concurrency=4))
        assert [r.errors for r in results] == [[]] * SESSIONS
        assert [r.leaks for r in results] == [[]] * SESSIONS
        assert all(len(r.changes) == 2 for r in results)
        assert sum(bool(r.start_query) for r in results) >= SESSIONS // 3
        created = [re.findall(r"\] created (\S+):", s.log.read_text()) for s in proxied.servers]
        assert all(created), f"one process got no session: {[len(c) for c in created]}"
        everyone = created[0] + created[1]
        assert len(everyone) == len(set(everyone)) == SESSIONS, f"sessions built: {created}"
        assert proxied.rebuilt_elsewhere() == [] and proxied.recreated() == []
        assert proxied.problems() == []
    finally:
        proxied.stop()
    assert proxied.nginx.process.poll() is not None
