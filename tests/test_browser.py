"""The served dashboard in a real browser: what a user does, and what they see."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from browser_support import (
    COLUMN_VALUES, COUNT_FIGURES, GLYPH_POINT, TICK_POINT, Server, hover,
)
from dashboard import load
from dashboard.query import prepare
from dashboard.text import normalise
from dashboard.views.claims_table import ClaimsTable

sync_api = pytest.importorskip("playwright.sync_api")

MATRIX_AXIS = "Claims about… (blamed, denied or questioned party)"
TIMEOUT = 60_000


@pytest.fixture(scope="module")
def prepared():
    return prepare(load())


@pytest.fixture(scope="module")
def server():
    srv = Server()
    yield srv
    srv.stop()


class Page:
    """One browser tab on the dashboard, recording console errors and requests to other hosts."""

    def __init__(self, browser, server):
        self.server = server
        self.context = browser.new_context(viewport={"width": 1600, "height": 2400})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.foreign: list[str] = []
        host = urlparse(server.url).netloc
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

        def route(r):
            netloc = urlparse(r.request.url).netloc
            if r.request.url.startswith(("data:", "blob:")) or netloc == host:
                return r.continue_()
            self.foreign.append(r.request.url)
            return r.abort()  # as if offline

        self.page.route("**/*", route)

    def open(self, query: str = "") -> "Page":
        self.page.goto(self.server.url + query)
        self.wait_ready()
        return self

    def wait_ready(self):
        self.page.wait_for_function(f"({COUNT_FIGURES})() >= 3", timeout=TIMEOUT)
        self.page.locator("[data-testid=claim-count]").wait_for(timeout=TIMEOUT)
        self.page.locator(".cd-table tbody tr").first.wait_for(timeout=TIMEOUT)

    def count(self) -> int:
        return int(self.page.locator("[data-testid=claim-count]").inner_text())

    def wait_count(self, n: int):
        self.page.locator("[data-testid=claim-count]", has_text=re.compile(rf"^{n}$")).wait_for(timeout=TIMEOUT)

    def column(self, name: str) -> list:
        return self.page.evaluate(COLUMN_VALUES, name)

    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlparse(self.page.url).query)

    def table_rows(self, *fields: str) -> list[tuple[str, ...]]:
        """The visible page of the claims table, one tuple of the given fields per row."""
        rows = self.page.locator(".cd-table tbody tr")
        return [tuple(rows.nth(i).locator(f'[data-field="{f}"]').inner_text().strip() for f in fields)
                for i in range(rows.count())]

    def click_until_url(self, locator, pattern: str, tries: int = 3):
        """Click until the URL matches, as a user clicks again when a busy page missed a click."""
        for attempt in range(tries):
            locator.click()
            try:
                self.page.wait_for_url(re.compile(pattern), timeout=TIMEOUT // tries)
                return
            except sync_api.TimeoutError:
                if attempt == tries - 1:
                    raise

    def click_at(self, point):
        assert point is not None, "nothing to click"
        self.page.mouse.click(*point)

    def marked(self) -> str:
        marks = self.page.locator("mark")
        marks.first.wait_for(timeout=TIMEOUT)
        return normalise(" ".join(marks.all_inner_texts()))

    def close(self):
        self.context.close()


@pytest.fixture
def tab(browser, server):
    t = Page(browser, server)
    yield t
    t.close()


def test_page_shows_every_view_offline_without_errors(tab, prepared):
    tab.open()
    page = tab.page
    for heading in ("Timeline", "Who blames whom", "Casualty figures by outlet", "The toll over time", "Claims",
                    "Source"):
        assert page.locator("h2", has_text=heading).first.is_visible()
    assert tab.count() == len(prepared.claims)
    assert set(tab.column("claim_id")) == set(prepared.claims.claim_id)  # every claim is on the timeline
    assert set(tab.column("figure_id")) >= {"f001_02", "f003_02", "f004_01"}  # tolls are drawn
    assert len(tab.column("stance_label")) > 0  # matrix cells
    assert len(tab.table_rows("quote")) == min(ClaimsTable.page_size, len(prepared.claims))
    assert "Select a claim" in page.locator(".cd-message").first.inner_text()
    assert tab.errors == []
    assert tab.foreign == [], "the page asked another host for something"


def test_clicking_a_matrix_cell_narrows_table_and_timeline(tab, prepared):
    tab.open()
    c = prepared.claims
    pair = c[(c.actor_id == "putin") & (c.target_id == "ukraine")]
    tab.click_at(tab.page.evaluate(TICK_POINT, [MATRIX_AXIS, "Ukraine", "Vladimir Putin"]))
    tab.wait_count(len(pair))
    tab.page.wait_for_url(re.compile(r"actor=putin.*target=ukraine"), timeout=TIMEOUT)
    rows = tab.table_rows("actor", "target")
    assert rows and set(rows) == {("Vladimir Putin", "Ukraine")}
    tab.page.wait_for_function(f"(n) => ({COLUMN_VALUES})('claim_id').length === n", arg=len(pair), timeout=TIMEOUT)
    assert set(tab.column("claim_id")) == set(pair.claim_id)
    # the same cell again clears the pair
    tab.page.wait_for_timeout(DOUBLE_TAP_MS)
    tab.click_at(tab.page.evaluate(TICK_POINT, [MATRIX_AXIS, "Ukraine", "Vladimir Putin"]))
    tab.wait_count(len(c))
    tab.page.wait_for_function("() => !location.search.includes('actor')", timeout=TIMEOUT)


def test_choosing_an_outlet_narrows_the_casualty_view(tab, prepared):
    tab.open()
    herald = prepared.sources[prepared.sources.outlet == "National Herald"].source_id.iloc[0]
    tab.page.get_by_placeholder("Any outlet").click()
    tab.page.keyboard.type("National Herald")
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url(re.compile(rf"outlet={herald}"), timeout=TIMEOUT)
    expected = set(prepared.figures[(prepared.figures.source_id == herald) & prepared.figures.casualty].figure_id)
    tab.page.wait_for_function(
        f"(ids) => {{ const v = ({COLUMN_VALUES})('figure_id'); return v.length > 0 && v.every(x => ids.includes(x)) }}",
        arg=sorted(expected), timeout=TIMEOUT)
    assert set(tab.column("figure_id")) <= expected
    articles = tab.page.locator(".cd-figtable tbody th").all_text_contents()
    assert articles and all(a.startswith("National Herald") for a in articles)
    assert tab.count() == int((prepared.claims.source_id == herald).sum())


def test_selecting_a_table_row_highlights_its_quote(tab, prepared):
    tab.open()
    first = tab.page.locator(".cd-table tbody tr").first
    tab.click_until_url(first, r"selected=claim")
    claim_id = tab.query()["selected"][0].split(":", 1)[1]
    quote = prepared.claims.set_index("claim_id").loc[claim_id].quote
    assert tab.marked() == normalise(quote)
    assert normalise(quote) in normalise(first.inner_text())
    headline = prepared.sources.set_index("source_id").loc[
        prepared.claims.set_index("claim_id").loc[claim_id].source_id].headline
    assert tab.page.locator(".cd-headline").first.inner_text() == headline


def test_timeline_and_casualty_marks_lead_to_their_sentence(tab):
    tab.open()
    tab.click_at(tab.page.evaluate(GLYPH_POINT, ["claim_id", "c004_12", "slot", "row"]))
    tab.page.wait_for_url(re.compile(r"selected=claim%3Ac004_12"), timeout=TIMEOUT)
    assert "blackmail" in tab.marked()
    tab.click_at(tab.page.evaluate(GLYPH_POINT, ["figure_id", "f003_02", "value", "slot"]))
    tab.page.wait_for_url(re.compile(r"selected=figure%3Af003_02"), timeout=TIMEOUT)
    tab.page.locator("mark", has_text="144 people died").first.wait_for(timeout=TIMEOUT)


def test_the_toll_over_time_says_how_each_figure_is_dated_and_leads_to_its_sentence(tab):
    tab.open()
    tip = hover(tab.page, tab.page.evaluate(GLYPH_POINT, ["figure_id", "f001_02", "x", "value"]))[0]
    assert "139" in tip and "as of 25 Mar 2024" in tip and "As of Monday, Russian authorities" in tip
    tab.page.mouse.move(5, 5)
    tip = hover(tab.page, tab.page.evaluate(GLYPH_POINT, ["figure_id", "f003_02", "x", "value"]))[0]
    assert "144" in tip and "not stated" in tip and "24 May 2024" in tip  # at its article's date, said so
    tab.click_at(tab.page.evaluate(GLYPH_POINT, ["figure_id", "f003_02", "x", "value"]))
    tab.page.wait_for_url(re.compile(r"selected=figure%3Af003_02"), timeout=TIMEOUT)
    tab.page.locator("mark", has_text="144 people died").first.wait_for(timeout=TIMEOUT)


def test_a_claim_dated_only_to_march_is_not_in_the_first_days_of_march(tab, prepared):
    c = prepared.claims
    early = c[(c.start >= "2024-03-01") & (c.end <= "2024-03-20")]
    tab.open("?from=2024-03-01&to=2024-03-20")
    assert tab.count() == len(early) > 0 and set(early.said_on_precision) <= {"day", ""}
    said = [s for (s,) in tab.table_rows("said")]
    assert said and "March 2024" not in said
    events = tab.page.locator(".cd-events li").all_inner_texts()
    assert events[0].startswith("7 Mar 2024")  # the warning, not "March 2024"
    march = next(i for i, e in enumerate(events) if e.startswith("March 2024"))
    assert all(not e.endswith("Mar 2024") for e in [t.split(" — ")[0] for t in events[march + 1:]])


def test_url_carries_the_filters_and_restores_them(tab, prepared):
    c = prepared.claims
    expected = c[(c.actor_id == "putin") & (c.stance == "accuses") & c.quote.str.lower().str.contains("window")]
    tab.open("?actor=putin&stance=accuses&q=window")
    assert tab.count() == len(expected) > 0
    assert tab.page.get_by_placeholder("words, e.g. window").input_value() == "window"
    assert tab.page.get_by_role("list", name="Claimant").get_by_text("Vladimir Putin").is_visible()
    tab.page.reload()
    tab.wait_ready()
    assert tab.count() == len(expected)
    tab.page.get_by_role("button", name="Reset all filters").click()
    tab.wait_count(len(c))
    tab.page.wait_for_function("() => !location.search.includes('actor')", timeout=TIMEOUT)


def test_two_pages_keep_their_own_filters(browser, server, prepared):
    a, b = Page(browser, server), Page(browser, server)
    try:
        a.open("?actor=bortnikov")
        b.open()
        n = int((prepared.claims.actor_id == "bortnikov").sum())
        assert a.count() == n and b.count() == len(prepared.claims)
        b.page.get_by_placeholder("words, e.g. window").fill("ISIS")
        b.page.keyboard.press("Enter")
        b.page.wait_for_url(re.compile(r"q=ISIS"), timeout=TIMEOUT)
        assert a.count() == n
        assert "q" not in a.query()
    finally:
        a.close()
        b.close()


def test_malformed_url_shows_a_notice_not_a_traceback(tab, prepared):
    tab.open("?actor=nobody&from=yesterday&selected=claim:zzz&colour=red")
    alerts = tab.page.locator("[role=alert]")
    alerts.first.wait_for(timeout=TIMEOUT)
    text = " ".join(alerts.all_inner_texts())
    assert "nobody" in text and "yesterday" in text and "colour" in text
    assert tab.count() == len(prepared.claims)
    assert "Traceback" not in tab.page.content()
    assert tab.errors == []


def test_hovering_a_mark_shows_who_said_what(tab, prepared):
    tab.open()
    claim = prepared.claims.set_index("claim_id").loc["c004_10"]
    tip = hover(tab.page, tab.page.evaluate(GLYPH_POINT, ["claim_id", "c004_10", "slot", "row"]))[0]
    for text in (claim.actor, claim.target, claim.stance_label, claim.outlet, claim.quote[:40]):
        assert text in tip
    tip = hover(tab.page, tab.page.evaluate(TICK_POINT, [MATRIX_AXIS, "Ukraine", "Vladimir Putin"]))[0]
    assert "Vladimir Putin → Ukraine" in tip
    tip = hover(tab.page, tab.page.evaluate(GLYPH_POINT, ["figure_id", "f003_02", "value", "slot"]))[0]
    assert "144" in tip and "As a result, 144 people died" in tip


def test_markup_in_an_article_is_shown_as_text(tab, prepared):
    tab.open("?selected=claim:c004_01")
    article = tab.page.locator(".cd-article").first
    article.wait_for(timeout=TIMEOUT)
    assert '<span class="copyright">BERTRAND GUAY via Getty Images</span>' in article.inner_text()


def test_downloading_the_filtered_claims(tab, prepared):
    import csv
    import io

    tab.open("?actor=zakharova")
    with tab.page.expect_download(timeout=TIMEOUT) as info:
        tab.page.get_by_text("Claims (CSV)").click()
    path = info.value.path()
    text = open(path, encoding="utf-8").read()
    assert text.startswith("\ufeff")  # spreadsheets read the file as UTF-8
    records = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    expected = prepared.claims[prepared.claims.actor_id == "zakharova"]
    assert sorted(r["claim_id"] for r in records) == sorted(expected.claim_id)
    assert info.value.suggested_filename == "claims.csv"


# The first element matching a selector anywhere on the page, shadow roots included, or null.
_DEEP = """(selector) => {
  const find = (root) => {
    const hit = root.querySelector(selector);
    if (hit) return hit;
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) { const h = find(el.shadowRoot); if (h) return h; }
    return null;
  };
  return find(document);
}"""
#: BokehJS takes a tap within 300 ms of the one before as a double tap, which selects nothing (its
#: ``UIGestures.doubletap_threshold``): a test's second click on a plot waits longer, as a user's would.
DOUBLE_TAP_MS = 350
# The page's busy cue.
_CUE = f"() => ({_DEEP})('.cd-busy')"


# Records, on the page, when the user last acted (a key or a pointer pressed; a pointer released) and what the cue and the
# count say each time the cue shows or clears.
_WATCH_CUE = """(deepOf) => {
  const deep = (new Function(`return (${deepOf})`))();
  const cue = deep('.cd-busy');
  window.cdSeen = [];
  const acted = () => { window.cdActedAt = performance.now() };
  window.addEventListener('keydown', (e) => { if (e.key === 'Enter') acted() }, true);
  window.addEventListener('pointerdown', acted, true);
  window.addEventListener('pointerup', () => { window.cdReleasedAt = performance.now() }, true);
  new MutationObserver(() => window.cdSeen.push({
      on: cue.classList.contains('cd-on'), text: cue.textContent,
      count: deep('[data-testid=claim-count]')?.textContent, at: performance.now() }))
    .observe(cue, { attributes: true, attributeFilter: ['class'] });
}"""


def _cue_after(page, act, count_before: int, count_after: int) -> None:
    """``act()``, then check that the busy cue showed within 100 ms, before the views changed, and
    cleared as the count changed to ``count_after``."""
    page.evaluate("() => { window.cdSeen = [] }")
    act()
    page.wait_for_function("() => window.cdSeen.length >= 2", timeout=TIMEOUT)
    shown, cleared = page.evaluate("() => window.cdSeen")[:2]
    acted = page.evaluate("() => window.cdActedAt")
    assert shown["on"] and "Updating the views" in shown["text"]
    assert shown["at"] - acted < 100, "the cue came more than 100 ms after the action"
    assert shown["count"] == str(count_before)  # it shows before the update...
    assert not cleared["on"] and cleared["count"] == str(count_after)  # ...and clears as the views show it


def test_a_busy_cue_shows_at_once_when_a_filter_changes_and_clears_with_the_views_update(browser, server, prepared):
    a, b = Page(browser, server), Page(browser, server)
    try:
        a.open()
        b.open()
        a.page.evaluate(_WATCH_CUE, _DEEP)
        assert a.page.evaluate(f"() => ({_CUE})().classList.contains('cd-on')") is False
        a.page.get_by_placeholder("Any claimant").click()
        a.page.keyboard.type("Vladimir Putin")
        n = int((prepared.claims.actor_id == "putin").sum())
        _cue_after(a.page, lambda: a.page.keyboard.press("Enter"), len(prepared.claims), n)
        # another user's page never showed it
        assert b.page.evaluate(f"() => ({_CUE})().dataset.shownAt") is None
        assert b.count() == len(prepared.claims)
    finally:
        a.close()
        b.close()


def test_the_busy_cue_follows_clicks_on_casualty_and_toll_marks(tab, prepared):
    tab.open()
    page = tab.page
    page.evaluate(_WATCH_CUE, _DEEP)
    n = len(prepared.claims)  # choosing a figure shows its sentence; it filters no claim
    for figure, point in (("f003_02", ["value", "slot"]), ("f001_02", ["x", "value"])):  # casualty, toll
        at = page.evaluate(GLYPH_POINT, ["figure_id", figure, *point])
        _cue_after(page, lambda: tab.click_at(at), n, n)
        page.wait_for_url(re.compile(rf"selected=figure%3A{figure}"), timeout=TIMEOUT)


def test_the_busy_cue_follows_clicks_on_the_plots_and_the_keyboard_lists(tab, prepared):
    c = prepared.claims
    pair = c[(c.actor_id == "putin") & (c.target_id == "ukraine")]
    tab.open()
    page = tab.page
    page.evaluate(_WATCH_CUE, _DEEP)
    cell = page.evaluate(TICK_POINT, [MATRIX_AXIS, "Ukraine", "Vladimir Putin"])
    _cue_after(page, lambda: tab.click_at(cell), len(c), len(pair))  # a matrix cell
    page.wait_for_timeout(DOUBLE_TAP_MS)  # a second click, not a double one
    _cue_after(page, lambda: tab.click_at(cell), len(pair), len(c))  # the same cell clears the pair
    # a click on no mark changes nothing: the cue shows and clears all the same
    page.evaluate("() => { window.cdSeen = [] }")
    tab.click_at((cell[0], cell[1] - 14))  # between two rows of cells
    page.wait_for_function("() => window.cdSeen.length >= 2 && !window.cdSeen.at(-1).on", timeout=TIMEOUT)
    # a range dragged on the timeline
    x, y = page.evaluate(GLYPH_POINT, ["claim_id", "c004_12", "slot", "row"])
    dated = c[(c.start >= "2024-03-19") & (c.end <= "2024-03-19")]

    def drag():
        page.mouse.move(x - 8, y)
        page.mouse.down()
        page.mouse.move(x + 4, y, steps=4)
        page.mouse.up()

    page.evaluate("() => { window.cdSeen = [] }")
    drag()
    page.wait_for_url(re.compile(r"from="), timeout=TIMEOUT)
    page.wait_for_function("() => window.cdSeen.length >= 2", timeout=TIMEOUT)
    shown, cleared = page.evaluate("() => window.cdSeen")[:2]
    assert shown["on"] and shown["at"] - page.evaluate("() => window.cdReleasedAt") < 100  # the drag ends
    assert shown["count"] == str(len(c)) and not cleared["on"] and cleared["count"] == str(tab.count()) != str(len(c))
    assert len(dated) and tab.count() >= len(dated)
    page.get_by_role("button", name="Reset all filters").click()
    tab.wait_count(len(c))
    # a cell from the keyboard list
    page.get_by_role("button", name=re.compile("Cells as a list")).press("Enter")
    button = page.get_by_role("button", name=re.compile(r"^Vladimir Putin → Ukraine: \d+"))
    button.focus()
    _cue_after(page, lambda: page.keyboard.press("Enter"), len(c), len(pair))
