"""``claims-dashboard serve`` with two folders: an index at / listing both with their counts, each
dashboard at its own path, rendered in Chromium; nothing asked of any other host, and the
Host/Origin guard in front of the index as of everything else."""

from __future__ import annotations

import html
import re
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from browser_support import COUNT_FIGURES, Server
from dashboard import load
from dashboard.dataset import bundled_path

ROOT = Path(__file__).resolve().parent.parent
KAKHOVKA = ROOT / "events" / "kakhovka-dam"
TIMEOUT = 90_000


@pytest.fixture(scope="module")
def server():
    # the bundled data and the second event: what --bundled-all serves
    srv = Server(args=("--data", str(bundled_path()), "--data", str(KAKHOVKA)))
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def expected():
    """(route, title, claims, figures, articles) of each folder, from the data itself."""
    out = []
    for folder, route in ((bundled_path(), "contested-claims"), (KAKHOVKA, "kakhovka-dam")):
        ds = load(folder)
        out.append((route, ds.schema["title"], len(ds.claims), len(ds.figures), len(ds.sources)))
    return out


def _get(url: str, headers: dict | None = None) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=60) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def test_the_index_lists_both_events_with_their_counts(server, expected):
    status, page = _get(server.url)
    assert status == 200
    text = html.unescape(re.sub(r"\s+", " ", page))
    for route, title, claims, figures, articles in expected:
        assert f'href="./{route}"' in page
        block = text[text.index(title):]
        assert re.search(rf"Claims\s*</dt>\s*<dd>{claims:,} ", block), block[:600]
        assert re.search(rf"Figures\s*</dt>\s*<dd>{figures:,}<", block)
        assert re.search(rf"Articles\s*</dt>\s*<dd>{articles:,}", block)
    assert "Serving" in server.log.read_text()


def test_the_index_is_guarded_like_the_dashboards(server):
    host = urlparse(server.url).netloc
    assert _get(server.url, {"Host": "evil.example"})[0] == 403
    assert _get(server.url, {"Host": host, "Origin": "http://evil.example"})[0] == 403
    assert _get(server.url, {"Host": host, "Origin": f"http://{host}"})[0] == 200


def test_each_dashboard_answers_at_its_path(server, expected):
    for route, title, *_ in expected:
        status, page = _get(server.url + route)
        assert status == 200 and "<html" in page.lower(), route
        assert html.escape(title, quote=False) in page or title in html.unescape(page)


def test_in_chromium_every_link_opens_its_dashboard_offline(browser, server, expected):
    axe = pytest.importorskip("axe_playwright_python.sync_playwright")
    context = browser.new_context(viewport={"width": 1366, "height": 1000})
    page = context.new_page()
    host = urlparse(server.url).netloc
    foreign, errors = [], []
    page.on("pageerror", lambda e: errors.append(str(e)))

    def route(r):
        if r.request.url.startswith(("data:", "blob:")) or urlparse(r.request.url).netloc == host:
            return r.continue_()
        foreign.append(r.request.url)
        return r.abort()

    page.route("**/*", route)
    try:
        page.goto(server.url)
        assert page.get_by_role("heading", level=1).count() == 1
        assert page.get_by_role("main").count() == 1
        serious = [v["id"] for v in axe.Axe().run(page).response["violations"]
                   if v["impact"] in ("serious", "critical")]
        assert serious == []
        for route_name, title, claims, *_ in expected:
            page.goto(server.url)
            page.get_by_role("link", name=title).click()
            page.wait_for_url(re.compile(rf"/{route_name}$"), timeout=TIMEOUT)
            page.wait_for_function(f"({COUNT_FIGURES})() >= 3", timeout=TIMEOUT)
            count = page.locator("[data-testid=claim-count]")
            count.wait_for(timeout=TIMEOUT)
            assert int(count.inner_text()) == claims
            page.get_by_role("link", name="All events").click()  # and back to the index
            page.get_by_role("heading", name=title).wait_for(timeout=TIMEOUT)
            assert urlparse(page.url).path == "/"
        assert foreign == [] and errors == []
    finally:
        context.close()


def test_with_a_login_the_index_asks_for_it_first(expected):
    srv = Server(args=("--data", str(bundled_path()), "--data", str(KAKHOVKA), "--basic-auth", "a password"))
    try:
        status, page = _get(srv.url)  # redirected to the login page
        assert status == 200 and "Log in to the claims dashboard" in page
        assert not [title for _, title, *_ in expected if title in html.unescape(page)]
    finally:
        srv.stop()
