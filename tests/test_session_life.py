"""A session is kept while its page loads, however long the websocket takes to connect, and is
still destroyed once its page has closed (``dashboard/session_life.py``, which fences the Bokeh
server APIs it uses; these tests fail if they change)."""

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


def test_the_bokeh_server_apis_the_hold_relies_on_exist():
    from bokeh.server.contexts import ApplicationContext, BokehServerContext
    from bokeh.server.session import ServerSession

    assert isinstance(BokehServerContext.application_context, property)
    assert callable(ApplicationContext.get_session)
    for name in ("block_expiration", "unblock_expiration"):
        assert callable(getattr(ServerSession, name))
    assert isinstance(ServerSession.expiration_blocked, property)


def _lines(server: loadtest.LoadServer, kind: str) -> list[str]:
    return re.findall(rf"\] {kind} (\S+):", server.log.read_text(errors="replace"))


def _wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


def test_a_page_whose_websocket_connects_after_the_lifetime_is_built_once():
    """The unused lifetime is 1 s; the page's websocket connects 4 s after the page was built.
    Bokeh alone discards the session and builds it again, blank, for the websocket."""
    server = loadtest.LoadServer(serve_args=["--log-sessions", "--unused-session-lifetime", "1",
                                             "--check-unused-sessions", "0.25"])
    expect = loadtest.Expectations(prepare(load()))
    start = {"stances": ["denies"]}  # a shared link: a rebuilt session would have lost it

    async def run():
        session = loadtest.WireSession(server.url, expect, loadtest.SessionResult(0), 60)
        try:
            await session.open(start, connect_after=4)  # checks the count, URL and widgets of the link
        finally:
            await session.close()

    try:
        asyncio.run(run())
        assert _wait_for(lambda: len(_lines(server, "destroyed")) == 1, 20), server.log.read_text()
        created = _lines(server, "created")
        assert len(created) == 1, f"the page was built {len(created)} times:\n{server.log.read_text()}"
        assert _lines(server, "ready") == created  # held until the page reported itself drawn
        assert server.problems() == []
    finally:
        server.stop()


def test_a_page_that_never_connects_is_let_go_after_the_page_load_timeout():
    import urllib.request

    server = loadtest.LoadServer(serve_args=["--log-sessions", "--unused-session-lifetime", "1",
                                             "--check-unused-sessions", "0.25", "--page-load-timeout", "3"])
    try:
        began = time.monotonic()
        with urllib.request.urlopen(server.url, timeout=60) as page:  # the HTML only, as a crawler would
            assert page.status == 200
        assert _wait_for(lambda: _lines(server, "destroyed"), 30), server.log.read_text()
        assert time.monotonic() - began >= 3  # not before the timeout
        assert _lines(server, "timeout") == _lines(server, "created") == _lines(server, "destroyed")
    finally:
        server.stop()
