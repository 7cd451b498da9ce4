"""``panel serve notebooks/walkthrough.ipynb``: the notebook's dashboard as a page, offline."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from browser_support import free_port

sync_api = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 240_000


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    # a copy: the walkthrough writes its figures next to itself
    folder = tmp_path_factory.mktemp("served")
    shutil.copy(ROOT / "notebooks" / "walkthrough.ipynb", folder)
    port = free_port()
    log = open(folder / "server.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "panel", "serve", "walkthrough.ipynb", "--port", str(port), "--address", "127.0.0.1",
         "--allow-websocket-origin", f"127.0.0.1:{port}"],
        cwd=folder, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while True:
        if process.poll() is not None:
            raise RuntimeError((folder / "server.log").read_text())
        try:
            with urllib.request.urlopen(url + "favicon.ico", timeout=5):
                break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
    yield url, folder / "server.log"
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(30)
    log.close()


def test_panel_serve_of_the_walkthrough_serves_its_dashboard_as_the_page(browser, served):
    url, log = served
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    foreign: list[str] = []

    def route(r):
        if urlparse(r.request.url).netloc == urlparse(url).netloc or r.request.url.startswith(("data:", "blob:")):
            return r.continue_()
        foreign.append(r.request.url)
        return r.abort()

    page.route("**/*", route)
    try:
        page.goto(url + "walkthrough?actor=putin", timeout=TIMEOUT)
        page.locator("[data-testid=claim-count]").first.wait_for(timeout=TIMEOUT, state="attached")
        from dashboard import load
        from dashboard.query import prepare

        claims = prepare(load()).claims
        # the page is the dashboard, the shared link's filter applied
        expected = str(int((claims.actor_id == "putin").sum()))
        sync_api.expect(page.locator("[data-testid=claim-count]").first).to_have_text(expected, timeout=TIMEOUT)
        assert page.locator("h1.cd-title").inner_text() == prepare(load()).title
        assert page.get_by_role("main").count() == 1
        assert "Traceback" not in page.content()
        assert foreign == []
    finally:
        page.close()
    assert "Traceback" not in log.read_text()
