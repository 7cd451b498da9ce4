"""No third-party request: with several server processes (a session rebuilt by another worker), and after
the snapshot button, every request the page makes goes to the dashboard's own server.

Before: with --num-procs 2 pages fetched Panel's stylesheets from cdn.holoviz.org (570 requests in one
load test), and after a snapshot the live page fetched listpanel.css from it.
"""

from __future__ import annotations

import time
from urllib.parse import urlparse

import pytest

from browser_support import Server

sync_api = pytest.importorskip("playwright.sync_api")
TIMEOUT = 90_000


class Recorder:
    """A tab that records (and refuses, as if offline) every request to another host."""

    def __init__(self, browser, server):
        self.context = browser.new_context(viewport={"width": 1600, "height": 2400}, accept_downloads=True)
        self.page = self.context.new_page()
        self.foreign: list[str] = []
        own = urlparse(server.url).netloc

        def route(r):
            url = r.request.url
            if url.startswith(("data:", "blob:")) or urlparse(url).netloc == own:
                return r.continue_()
            self.foreign.append(url)
            return r.abort()

        self.page.route("**/*", route)
        # a request made before routing could catch it (none should be) is recorded too
        self.page.on("request", lambda r: None if urlparse(r.url).netloc in (own, "") or
                     r.url.startswith(("data:", "blob:")) else self.foreign.append(r.url))

    def open(self, url: str):
        self.page.goto(url)
        self.page.locator("[data-testid=claim-count]").wait_for(timeout=TIMEOUT)
        self.page.locator(".cd-table tbody tr").first.wait_for(timeout=TIMEOUT)
        return self

    def close(self):
        self.context.close()


def test_pages_served_by_two_processes_ask_no_other_host(browser):
    server = Server(args=("--num-procs", "2", "--log-sessions"), ready="favicon.ico", timeout=180)
    try:
        foreign = []
        for i in range(6):  # enough for some websockets to reach the other worker, which rebuilds the session
            tab = Recorder(browser, server).open(server.url + ("?stance=accuses" if i % 2 else ""))
            tab.page.locator(".cd-table tbody tr").nth(1).click()
            tab.page.locator("mark").first.wait_for(timeout=TIMEOUT)
            time.sleep(0.5)
            foreign += tab.foreign
            tab.close()
        log = server.log.read_text()
        assert foreign == []
        assert log.count("created") >= 6
    finally:
        server.stop()


def test_the_snapshot_button_makes_the_live_page_ask_no_other_host(browser):
    server = Server(ready="favicon.ico")
    try:
        tab = Recorder(browser, server).open(server.url + "?selected=claim:c001_01")
        button = tab.page.get_by_text("Snapshot of this view (HTML)")
        for row in (2, 4):
            with tab.page.expect_download(timeout=TIMEOUT) as download:
                button.click()
            assert download.value.suggested_filename.startswith("snapshot-")
            # new views built in the live session after the snapshot: another claim's report cards
            before = tab.page.evaluate("location.search")
            tab.page.locator(".cd-table tbody tr").nth(row).click()
            tab.page.wait_for_function(f"location.search !== {before!r}", timeout=TIMEOUT)
            tab.page.locator("mark").first.wait_for(timeout=TIMEOUT)
            time.sleep(1)
            assert tab.foreign == [], row
        tab.close()
    finally:
        server.stop()
