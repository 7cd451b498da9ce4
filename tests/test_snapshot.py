"""The HTML snapshot opens in a browser with no server, asks no host for anything, and shows the filtered view."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from browser_support import COLUMN_VALUES, COUNT_FIGURES, GLYPH_POINT, Server, hover
from dashboard import Dashboard, load
from dashboard.cli import main
from dashboard.snapshot import snapshot_html, write_snapshot
from dashboard.text import normalise
from test_browser_hostile import EVIL, hostile  # noqa: F401 - the hostile dataset fixture

sync_api = pytest.importorskip("playwright.sync_api")

TIMEOUT = 60_000
QUERY = "actor=putin&stance=accuses&selected=claim:c001_08"
TAKEN = datetime(2024, 6, 1, 12, 30, tzinfo=timezone.utc)
# [label, scrollWidth, clientWidth] of each download button (they live in nested shadow roots).
BUTTON_WIDTHS = """() => {
  const out = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) walk(el.shadowRoot);
      if (el.tagName === 'BUTTON' && /\\((CSV|JSON|HTML)/.test(el.textContent))
        out.push([el.textContent.trim(), el.scrollWidth, el.clientWidth]);
    }
  };
  walk(document);
  return out;
}"""
VIEWS = ("Timeline", "Who blames whom", "Casualty figures by outlet", "The toll over time", "Claims", "Source")


class Offline:
    """A browser tab on a file:// page: every request is recorded, and any but the file's aborted."""

    def __init__(self, browser, path):
        self.url = path.resolve().as_uri()
        self.page = browser.new_page(viewport={"width": 1500, "height": 2400})
        self.requests, self.errors, self.dialogs = [], [], []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.route("**/*", lambda r: r.continue_() if r.request.url == self.url else r.abort())
        self.page.goto(self.url)
        self.page.wait_for_function(f"({COUNT_FIGURES})() >= 3", timeout=TIMEOUT)

    def text(self, selector: str) -> str:
        return self.page.locator(selector).first.inner_text()

    def header(self) -> dict[str, str]:
        """The snapshot's header as {term: description}."""
        terms = self.page.locator(".cd-snap-head dt").all_inner_texts()
        return dict(zip(terms, self.page.locator(".cd-snap-head dd").all_inner_texts()))

    def table_ids(self) -> list[str]:
        return self.page.locator("tr[data-claim]").evaluate_all("rows => rows.map(r => r.dataset.claim)")

    def assert_nothing_ran(self):
        assert self.page.evaluate("() => window.__pwned") is None
        assert self.dialogs == []

    def close(self):
        self.page.close()


@pytest.fixture(scope="module")
def app():
    dash = Dashboard()
    dash.state.apply_query(QUERY)
    return dash


@pytest.fixture(scope="module")
def expected(app):
    return app.state.filtered_claims()


@pytest.fixture(scope="module")
def snapshot(app, tmp_path_factory):
    path = tmp_path_factory.mktemp("snapshot") / "snapshot.html"
    write_snapshot(path, app, taken=TAKEN)
    return path


@pytest.fixture(scope="module")
def tab(browser, snapshot):
    t = Offline(browser, snapshot)
    yield t
    t.close()


def test_it_opens_without_a_server_and_requests_nothing(tab):
    assert tab.requests == [tab.url]  # every request was recorded: only the file itself
    assert tab.errors == []


def test_every_view_is_drawn(tab):
    assert tab.page.evaluate(COUNT_FIGURES) >= 4  # timeline, matrix, casualty and toll plots
    assert tab.page.locator("canvas").count() >= tab.page.evaluate(COUNT_FIGURES)
    headings = tab.page.locator(".cd-section h2").all_inner_texts()
    assert headings == list(VIEWS)
    assert tab.page.locator(".cd-events li").count() > 0


def test_the_filters_are_applied_and_stated(tab, expected, app):
    assert len(expected) == 7
    assert int(tab.text("[data-testid=claim-count]")) == len(expected)
    assert sorted(tab.table_ids()) == sorted(expected.claim_id)
    assert set(tab.page.evaluate(COLUMN_VALUES, "claim_id")) == set(expected.claim_id)
    header = tab.header()
    assert header["Claimant"] == "Vladimir Putin" and header["Stance"] == "Accuses"
    assert header["Taken"] == "2024-06-01 12:30:00 UTC"
    assert header["Dataset"].startswith("contested-claims: 84 claims")
    assert header["Link query"] == "?" + app.state.to_query()
    assert tab.text("h1") == app.title


def test_the_selected_claim_is_highlighted_in_its_article(tab, app):
    quote = app.prepared.claims.set_index("claim_id").quote["c001_08"]
    tab.page.locator("mark").first.wait_for(timeout=TIMEOUT)
    assert normalise(" ".join(tab.page.locator("mark").all_inner_texts())) == normalise(quote)


def test_hover_works_without_a_server(tab):
    tip = hover(tab.page, lambda: tab.page.evaluate(GLYPH_POINT, ["claim_id", "c001_08", "slot", "row"]))[0]
    assert "Vladimir Putin" in tip and "a window was prepared" in tip


def test_hostile_text_is_shown_as_text_and_never_runs(hostile, browser, tmp_path):  # noqa: F811
    dash = Dashboard(hostile)
    dash.state.apply_query("actor=putin&q=<b>bold</b>&selected=claim:c001_08")
    path = tmp_path / "hostile.html"
    write_snapshot(path, dash)
    t = Offline(browser, path)
    try:
        assert t.page.title().startswith(f"Title {EVIL} (snapshot")
        assert t.text("h1") == f"Title {EVIL}"
        header = t.header()
        assert header["Claimant"] == f"Putin {EVIL}" and header["Search"] == "“<b>bold</b>”"
        expected = dash.state.filtered_claims()  # the search matches the name: every Putin claim
        assert sorted(t.table_ids()) == sorted(expected.claim_id) and "c001_08" in t.table_ids()
        assert int(t.text("[data-testid=claim-count]")) == len(expected)
        row = t.page.locator('tr[data-claim="c001_08"]').inner_text()
        assert f"Putin {EVIL}" in row and f"He said: {EVIL} end." in row
        assert t.page.locator("mark").first.inner_text() == f"He said: {EVIL} end."
        assert t.page.locator(".cd-snap-table b, .cd-snap-head b:not([data-testid]), .cd-snap-table img").count() == 0
        t.assert_nothing_ran()
        assert t.requests == [t.url]  # not even the injected <img src=x>
    finally:
        t.close()


def test_a_live_session_is_left_as_it_was(app):
    import panel as pn

    before, views = app.state.to_query(), len(pn.state._views)
    html = snapshot_html(app, taken=TAKEN)
    assert app.state.to_query() == before
    assert len(pn.state._views) == views  # the rendered snapshot is not kept alive by Panel
    assert "cdn.holoviz.org" not in html
    assert not re.search(r"""<(?:link|script|img)\b[^>]*\b(?:href|src)\s*=\s*["']?(?:https?:)?//""", html)


def test_cli_writes_a_snapshot_and_reports_ignored_filters(browser, tmp_path, capsys):
    out = tmp_path / "cli.html"
    assert main(["snapshot", str(out), "--query", "actor=putin&stance=accuses&actor=nobody"]) == 0
    captured = capsys.readouterr()
    assert "actor=nobody" in captured.err and captured.out == f"Wrote {out}: 7 of 84 claims\n"
    t = Offline(browser, out)
    try:
        assert int(t.text("[data-testid=claim-count]")) == 7 and len(t.table_ids()) == 7
        assert t.page.locator(".cd-section h2").all_inner_texts() == list(VIEWS[:-1])  # nothing selected: no source
        assert "actor=nobody" in t.text(".cd-warning")  # the notice is in the header too
        assert t.requests == [t.url]
    finally:
        t.close()


def test_cli_refuses_a_folder_that_does_not_validate(data, tmp_path, capsys):
    data.edit("claims", 2, "actor_id", "nobody")
    assert main(["snapshot", str(tmp_path / "x.html"), "--data", str(data.path)]) == 1
    assert "claims.csv:2:actor_id" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()


def test_the_sidebar_downloads_a_snapshot_that_opens_offline(browser, tmp_path):
    """Served dashboard: the labels fit the sidebar, and the snapshot button gives the filtered view."""
    server = Server()
    page = browser.new_page(viewport={"width": 1500, "height": 1400})
    try:
        page.goto(server.url + "?actor=zakharova")
        button = page.get_by_text("Snapshot of this view (HTML)")
        button.wait_for(timeout=TIMEOUT)
        widths = page.evaluate(BUTTON_WIDTHS)
        assert len(widths) == 6 and all(scroll <= client for _, scroll, client in widths), widths
        with page.expect_download(timeout=TIMEOUT * 2) as info:
            button.click()
        assert re.fullmatch(r"snapshot-\d{8}-\d{6}\.html", info.value.suggested_filename)
        path = tmp_path / "downloaded.html"
        info.value.save_as(path)
    finally:
        page.close()
        server.stop()
    t = Offline(browser, path)
    try:
        expected = load().claims
        assert sorted(t.table_ids()) == sorted(expected[expected.actor_id == "zakharova"].claim_id)
        assert t.header()["Claimant"] == "Maria Zakharova"
        assert t.requests == [t.url]
    finally:
        t.close()
