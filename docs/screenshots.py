"""Regenerate the README's screenshots from the running app: ``python docs/screenshots.py``.

Serves the bundled data on 127.0.0.1, opens it in headless Chromium (see
tests/browser_support.py for how Chromium is found) and writes
``docs/overview.png``, ``docs/source-viewer.png``, ``docs/tolls.png`` (the toll over time)
and ``docs/phone.png`` (390 px wide); then serves every bundled event (``serve --bundled-all``)
and writes ``docs/events.png`` (the index of the events) and ``docs/kakhovka.png`` (the second
event's dashboard). ``python docs/screenshots.py events`` writes only these two.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from browser_support import CHROMIUM_ARGS, COUNT_FIGURES, Server, find_chromium  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402


def events() -> None:
    """The index page of the bundled events, and the second event's dashboard."""
    server = Server(None, args=("--bundled-all",))
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1100, "height": 760}, device_scale_factor=1)
            page.goto(server.url)
            page.get_by_role("heading", level=1).wait_for(timeout=60_000)
            page.screenshot(path=str(HERE / "events.png"))
            page = browser.new_page(viewport={"width": 1500, "height": 1250}, device_scale_factor=1)
            page.goto(server.url + "kakhovka-dam")
            page.wait_for_function(f"({COUNT_FIGURES})() >= 3", timeout=120_000)
            page.locator(".cd-table tbody tr").first.wait_for(timeout=120_000)
            time.sleep(2)
            page.screenshot(path=str(HERE / "kakhovka.png"))
            browser.close()
    finally:
        server.stop()


def main() -> None:
    server = Server(None)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1500, "height": 1250}, device_scale_factor=1)
            page.goto(server.url)
            page.wait_for_function(f"({COUNT_FIGURES})() >= 3", timeout=120_000)
            page.locator(".cd-table tbody tr").first.wait_for(timeout=120_000)
            time.sleep(2)
            page.screenshot(path=str(HERE / "overview.png"))
            page.goto(server.url + "?selected=claim%3Ac001_08")
            page.locator("mark").first.wait_for(timeout=120_000)
            time.sleep(2)
            page.locator("mark").first.scroll_into_view_if_needed()
            time.sleep(1)
            page.screenshot(path=str(HERE / "source-viewer.png"))
            page.goto(server.url)
            page.wait_for_function(f"({COUNT_FIGURES})() >= 3", timeout=120_000)
            page.get_by_role("heading", name="The toll over time").scroll_into_view_if_needed()
            page.evaluate("() => document.getElementById('main')?.scrollBy(0, -20)")
            time.sleep(2)
            page.screenshot(path=str(HERE / "tolls.png"))
            phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
            phone.goto(server.url + "?actor=peskov")
            phone.wait_for_function(f"({COUNT_FIGURES})() >= 3", timeout=120_000)
            time.sleep(2)
            phone.screenshot(path=str(HERE / "phone.png"))
            browser.close()
    finally:
        server.stop()


if __name__ == "__main__":
    if sys.argv[1:] != ["events"]:
        main()
    events()
