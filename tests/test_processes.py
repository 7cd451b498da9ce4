"""More users than one process serves: ``serve --num-procs 2`` runs two worker processes over the
same port, and sessions spread over them keep their own state."""

from __future__ import annotations

import asyncio
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import loadtest

from dashboard import load
from dashboard.query import prepare


def _workers(pid: int) -> set[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return {int(p) for p in children.read_text().split()} if children.exists() else set()


def test_two_processes_serve_sessions_that_keep_their_own_state():
    server = loadtest.LoadServer(serve_args=["--num-procs", "2", "--log-sessions"], timeout=120)
    try:
        deadline = time.monotonic() + 30
        while len(_workers(server.process.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        workers = _workers(server.process.pid)
        assert len(workers) == 2, f"expected two worker processes, found {workers}"
        expect = loadtest.Expectations(prepare(load()))
        results = asyncio.run(loadtest.run_sessions(server.url, expect, sessions=6, changes=2, seed=7,
                                                    timeout=120, think=0.1, deadline=400, open_concurrency=2))
        assert [r.errors for r in results] == [[]] * 6
        assert [r.leaks for r in results] == [[]] * 6
        assert all(len(r.changes) == 2 for r in results)
        served_by = {int(m) for m in re.findall(r"\[sessions pid (\d+)\] created", server.log.read_text())}
        assert served_by and served_by <= workers  # sessions are built in the workers, not the parent
    finally:
        server.stop()
