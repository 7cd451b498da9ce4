"""The served page for a keyboard, a screen reader and a phone: axe-core, Tab and Enter, four widths.

Every request to another host is refused, as offline. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from browser_support import COUNT_FIGURES, GLYPH_POINT, Server
from dashboard import load
from dashboard.query import prepare
from dashboard.text import normalise

sync_api = pytest.importorskip("playwright.sync_api")
axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright")

TIMEOUT = 90_000
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

# The element that has the focus, through shadow roots: tag, role, accessible text, classes.
FOCUSED = """() => {
  let a = document.activeElement
  while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement
  if (!a) return null
  const text = (a.getAttribute('aria-label') || a.labels?.[0]?.textContent || a.textContent || a.placeholder || '')
  const style = getComputedStyle(a)
  const r = a.getBoundingClientRect()
  return { tag: a.tagName.toLowerCase(), role: a.getAttribute('role') || '', text: text.trim().slice(0, 80),
           cls: typeof a.className === 'string' ? a.className : '', type: a.type || '',
           outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
           visible: r.width > 0 && r.height > 0, top: r.top, bottom: r.bottom }
}"""

# Whether an element (found through shadow roots by a CSS selector) lies within the viewport.
IN_VIEW = """(selector) => {
  const find = (root) => {
    const hit = root.querySelector(selector)
    if (hit) return hit
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) { const h = find(el.shadowRoot); if (h) return h }
    return null
  }
  const el = find(document)
  if (!el) return false
  const r = el.getBoundingClientRect()
  return r.height > 0 && r.top >= 0 && r.top < innerHeight && r.bottom > 0
}"""


@pytest.fixture(scope="module")
def prepared():
    return prepare(load())


@pytest.fixture(scope="module")
def server():
    srv = Server(timeout=240)
    yield srv
    srv.stop()


class Tab:
    """A browser tab at a given size, recording console messages and refusing other hosts."""

    def __init__(self, browser, server, width=1366, height=900):
        self.server = server
        self.context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
        self.page = self.context.new_page()
        self.console: list[tuple[str, str]] = []
        self.foreign: list[str] = []
        host = urlparse(server.url).netloc
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.console.append(("error", str(e))))

        def route(r):
            if r.request.url.startswith(("data:", "blob:")) or urlparse(r.request.url).netloc == host:
                return r.continue_()
            self.foreign.append(r.request.url)
            return r.abort()

        self.page.route("**/*", route)

    def open(self, query: str = "") -> "Tab":
        self.page.goto(self.server.url + query)
        self.page.wait_for_function(f"({COUNT_FIGURES})() >= 3", timeout=TIMEOUT)
        self.page.locator("[data-testid=claim-count]").wait_for(state="attached", timeout=TIMEOUT)
        self.page.locator(".cd-table tbody tr").first.wait_for(timeout=TIMEOUT)
        return self

    def focused(self) -> dict:
        return self.page.evaluate(FOCUSED)

    def tab_to(self, predicate, limit: int = 120) -> list[dict]:
        """Press Tab until ``predicate(focused)``; return every element focused on the way."""
        seen = []
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            seen.append(self.focused())
            if predicate(seen[-1]):
                return seen
        raise AssertionError(f"not reached in {limit} Tabs; focus went through {[s['text'] for s in seen]}")

    def count(self) -> int:
        return int(self.page.locator("[data-testid=claim-count]").inner_text())

    def wait_count(self, n: int):
        self.page.locator("[data-testid=claim-count]", has_text=re.compile(rf"^{n}$")).wait_for(state="attached",
                                                                                              timeout=TIMEOUT)

    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlparse(self.page.url).query)

    def in_view(self, selector: str) -> bool:
        return self.page.evaluate(IN_VIEW, selector)

    def option_texts(self, name: str) -> list[str]:
        box = self.page.get_by_role("listbox", name=name)
        return [t.strip().removeprefix("✓ ") for t in box.get_by_role("option").all_inner_texts()]

    def close(self):
        self.context.close()


@pytest.fixture
def tab(browser, server):
    t = Tab(browser, server)
    yield t
    assert t.foreign == [], "the page asked another host for something"
    t.close()


def _serious(page) -> list[str]:
    results = axe_sync.Axe().run(page)
    return [f"{v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


# ------------------------------------------------------------------ axe-core

@pytest.mark.parametrize("width, query", [
    (1366, ""),
    (1366, "?actor=peskov&selected=claim:c001_05"),
    (390, ""),
    (390, "?selected=claim:c001_08"),
], ids=["desktop", "desktop-selection", "phone", "phone-selection"])
def test_axe_finds_no_serious_or_critical_violation(browser, server, width, query):
    t = Tab(browser, server, width=width, height=900)
    try:
        t.open(query)
        if "selected" in query:
            t.page.locator("mark").first.wait_for(timeout=TIMEOUT)
        problems = _serious(t.page)
        if width < 900:  # and with the folded sidebar opened
            t.page.get_by_role("button", name="Filters and downloads").click()
            t.page.get_by_role("combobox", name="Claimant").wait_for(state="visible", timeout=TIMEOUT)
            problems += _serious(t.page)
        assert problems == []
        assert t.foreign == []
    finally:
        t.close()


# ------------------------------------------------------------------ keyboard

def test_keyboard_only_answers_what_did_peskov_say(tab, prepared):
    c = prepared.claims
    peskov = c[c.actor_id == "peskov"]
    tab.open()
    tab.tab_to(lambda f: f["role"] == "combobox" and "Claimant" in f["text"], limit=6)
    tab.page.keyboard.type("Pesk")
    tab.page.keyboard.press("ArrowDown")  # as the issue tried it: Choices.js chose United States
    box = tab.page.get_by_role("combobox", name="Claimant")
    active = box.get_attribute("aria-activedescendant")
    assert active and tab.page.locator(f"#{active}").inner_text().strip() == "Dmitry Peskov"
    tab.page.keyboard.press("Enter")
    assert box.get_attribute("aria-expanded") == "false"
    tab.wait_count(len(peskov))
    tab.page.wait_for_url(re.compile(r"actor=peskov"), timeout=TIMEOUT)
    seen = tab.tab_to(lambda f: "cd-open" in f["cls"])
    assert all(f["tag"] != "body" for f in seen), "focus fell to the page on the way to the table"
    claimant = tab.focused()["text"]
    assert claimant == "Dmitry Peskov"
    row = tab.page.locator(".cd-table tbody tr").first
    claim_id = row.get_attribute("data-claim")
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url(re.compile(rf"selected=claim%3A{claim_id}"), timeout=TIMEOUT)
    tab.page.wait_for_function(f"() => ({FOCUSED})()?.cls.includes('cd-headline')", timeout=TIMEOUT)
    quote = c.set_index("claim_id").loc[claim_id].quote
    assert normalise(" ".join(tab.page.locator("mark").all_inner_texts())) == normalise(quote)
    assert tab.in_view(".cd-headline")
    # and back to the row
    tab.page.keyboard.press("Shift+Tab")
    assert "Back to where you were" in tab.focused()["text"]
    tab.page.keyboard.press("Enter")
    assert "cd-open" in tab.focused()["cls"] and tab.focused()["text"] == "Dmitry Peskov"


def test_tab_reaches_every_control_with_a_visible_focus_and_no_trap(tab):
    tab.open()
    seen = tab.tab_to(lambda f: f["text"].startswith("Sort by") or f["tag"] == "select", limit=150)
    texts = [f["text"] for f in seen]
    assert texts[0] == "Skip to the views"
    for name in ("Filters and downloads", "Claimant", "About (target)", "Stance", "Outlet (article)", "From", "To",
                 "Search quotes", "Reset all filters", "Claims (CSV)", "Figures (CSV)", "Claims (JSON)",
                 "Figures (JSON)", "Claims (JSON-LD, schema.org)", "Snapshot of this view (HTML)"):
        assert any(t.startswith(name) for t in texts), f"{name!r} is not reached by Tab: {texts}"
    assert any(t.startswith("▸ Marks as a list") for t in texts)
    assert any(t.startswith("▸ Cells as a list") for t in texts)
    assert sum("cd-open" in f["cls"] for f in seen) == 12  # every row of the table's page
    assert any(t.startswith("Next page") for t in texts)
    assert all(f["tag"] != "body" for f in seen), "focus fell to the page (a keyboard trap)"
    # a filter is reached once: Tab moves on (Choices.js sent it back to the page and to itself)
    assert Counter(t for t in texts if t == "Claimant")["Claimant"] <= 1
    ours = [f for f in seen if f["tag"] in ("input", "button", "a", "select")]
    assert ours and all(f["outline"] for f in ours), [f["text"] for f in ours if not f["outline"]]


def test_the_skip_link_moves_to_the_views(tab):
    tab.open()
    tab.page.keyboard.press("Tab")
    assert tab.focused()["text"] == "Skip to the views" and tab.focused()["visible"]
    tab.page.keyboard.press("Enter")
    assert tab.page.evaluate("() => document.activeElement.id") == "main"
    tab.page.keyboard.press("Tab")
    inside = "() => { let a = document.activeElement; return document.getElementById('main').contains(a) && a.id !== 'main' }"
    assert tab.page.evaluate(inside), "the next Tab should land in the views"


def test_filters_match_the_start_of_a_name_before_a_fuzzy_match(tab, prepared):
    tab.open()
    box = tab.page.get_by_role("combobox", name="Claimant")
    box.click()
    for query in ("pesk", "st", "is", "ma"):
        box.fill(query)
        texts = tab.option_texts("Claimant")
        assert texts, query

        def kind(text, q=query):
            low = text.lower()
            if low.startswith(q):
                return 0
            return 1 if re.search(rf"(^|[^\w]){re.escape(q)}", low) else 2

        kinds = [kind(t) for t in texts]
        assert kinds == sorted(kinds), f"{query!r}: {texts}"
    box.fill("Pesk")
    assert tab.option_texts("Claimant")[0] == "Dmitry Peskov"
    box.fill("ptin")  # no name has it at a word start: letters in order still find Putin
    assert "Vladimir Putin" in tab.option_texts("Claimant")


def test_a_choice_closes_the_list_and_leaves_the_next_filter_free(tab, prepared):
    tab.open()
    box = tab.page.get_by_role("combobox", name="Claimant")
    box.click()
    tab.page.keyboard.type("Putin")
    tab.page.keyboard.press("Enter")  # the first match, with no arrow key
    assert box.get_attribute("aria-expanded") == "false"
    assert not tab.page.get_by_role("listbox", name="Claimant").is_visible()
    tab.wait_count(int((prepared.claims.actor_id == "putin").sum()))
    target = tab.page.get_by_role("combobox", name="About (target)")
    target.click()  # not covered by the list above it
    tab.page.keyboard.type("Ukr")
    tab.page.keyboard.press("Enter")
    c = prepared.claims
    tab.wait_count(int(((c.actor_id == "putin") & (c.target_id == "ukraine")).sum()))
    # a chosen name has a keyboard-reachable remove button
    tab.page.get_by_role("button", name="Remove Vladimir Putin").press("Enter")
    tab.wait_count(int((c.target_id == "ukraine").sum()))


def test_the_page_logs_no_warning(tab):
    tab.open()
    tab.page.wait_for_timeout(1000)
    noisy = [text for kind, text in tab.console if kind in ("warning", "error")]
    assert noisy == []


def test_search_filters_as_the_user_types(tab, prepared):
    c = prepared.claims
    expected = int(c.quote.str.lower().str.contains("window").sum())
    tab.open()
    tab.page.get_by_role("searchbox", name="Search quotes").click()
    tab.page.keyboard.type("window", delay=60)  # no Enter
    tab.wait_count(expected)
    tab.page.wait_for_url(re.compile(r"q=window"), timeout=TIMEOUT)


def test_a_matrix_cell_from_the_keyboard(tab, prepared):
    c = prepared.claims
    pair = c[(c.actor_id == "putin") & (c.target_id == "ukraine")]
    tab.open()
    toggle = tab.page.get_by_role("button", name=re.compile("Cells as a list"))
    toggle.focus()
    tab.page.keyboard.press("Enter")
    cell = tab.page.get_by_role("button", name=re.compile(r"^Vladimir Putin → Ukraine: \d+"))
    cell.focus()
    tab.page.keyboard.press("Enter")
    tab.wait_count(len(pair))
    tab.page.wait_for_url(re.compile(r"actor=putin.*target=ukraine"), timeout=TIMEOUT)
    assert cell.get_attribute("aria-pressed") == "true"
    assert f": {len(pair)} (" in cell.inner_text()


def test_a_timeline_mark_from_the_keyboard_opens_its_sentence(tab, prepared):
    tab.open()
    tab.page.get_by_role("button", name=re.compile("Marks as a list")).press("Enter")
    mark = tab.page.get_by_role("button", name=re.compile(r"Alexander Bortnikov — accuses United States")).first
    mark.press("Enter")
    tab.page.wait_for_url(re.compile(r"selected=claim"), timeout=TIMEOUT)
    claim_id = tab.query()["selected"][0].split(":", 1)[1]
    claim = prepared.claims.set_index("claim_id").loc[claim_id]
    assert (claim.actor_id, claim.target_id, claim.stance) == ("bortnikov", "united_states", "accuses")
    tab.page.wait_for_function(f"() => ({FOCUSED})()?.cls.includes('cd-headline')", timeout=TIMEOUT)
    assert normalise(" ".join(tab.page.locator("mark").all_inner_texts())) == normalise(claim.quote)


def test_a_download_from_the_keyboard(tab):
    tab.open("?actor=zakharova")
    button = tab.page.get_by_role("button", name="Claims (CSV)")
    button.focus()
    with tab.page.expect_download(timeout=TIMEOUT) as info:
        tab.page.keyboard.press("Enter")
    assert info.value.suggested_filename == "claims.csv"


# ------------------------------------------------------------------ selection leads the eye

def test_clicking_a_mark_brings_the_source_into_view_and_back(browser, server):
    tab = Tab(browser, server, width=1366, height=1200)
    try:
        _click_a_mark_and_back(tab)
    finally:
        tab.close()


def _click_a_mark_and_back(tab):
    tab.open()
    scroll = "() => document.getElementById('main').scrollTop"
    assert not tab.in_view(".cd-viewer")
    tab.page.mouse.move(*tab.page.evaluate(GLYPH_POINT, ["claim_id", "c004_12", "slot", "row"]))
    tab.page.mouse.down()
    # where the reader is when they click (the browser itself scrolls a focused canvas fully into view)
    before = tab.page.evaluate(scroll)
    tab.page.mouse.up()
    tab.page.wait_for_url(re.compile(r"selected=claim%3Ac004_12"), timeout=TIMEOUT)
    tab.page.wait_for_function(f"() => ({IN_VIEW})('.cd-headline')", timeout=TIMEOUT)
    assert "blackmail" in normalise(" ".join(tab.page.locator("mark").all_inner_texts()))
    assert "cd-headline" in tab.focused()["cls"]
    tab.page.get_by_role("button", name="Back to where you were").click()
    assert abs(tab.page.evaluate(scroll) - before) < 5
    assert 0 < tab.page.evaluate(GLYPH_POINT, ["claim_id", "c004_12", "slot", "row"])[1] < 1200  # the mark is on screen
    assert tab.foreign == []


@pytest.mark.parametrize("width", [1366, 390])
def test_a_shared_link_with_a_selection_opens_on_it(browser, server, width):
    t = Tab(browser, server, width=width, height=800)
    try:
        t.open("?selected=claim:c001_08")
        t.page.locator("mark").first.wait_for(timeout=TIMEOUT)
        t.page.wait_for_function(f"() => ({IN_VIEW})('.cd-headline')", timeout=TIMEOUT)
        t.page.wait_for_timeout(3000)  # and stays there once the page has laid itself out
        assert t.in_view(".cd-headline")
        assert "cd-headline" in t.focused()["cls"]
    finally:
        t.close()


def test_the_source_names_its_outlet_and_links_the_original(tab, prepared):
    sources = prepared.dataset.sources.set_index("source_id")
    c = prepared.claims.set_index("claim_id")
    linked = [cid for cid, sid in c.source_id.items() if isinstance(sources.url.get(sid), str) and sources.url[sid]]
    unlinked = [cid for cid, sid in c.source_id.items() if not (isinstance(sources.url.get(sid), str) and sources.url[sid])]
    assert linked, "no bundled source has a link to its original"
    tab.open(f"?selected=claim:{linked[0]}")
    source = sources.loc[c.source_id[linked[0]]]
    link = tab.page.locator(".cd-viewer-head a").first
    link.wait_for(timeout=TIMEOUT)
    assert link.get_attribute("href") == source.url
    assert link.get_attribute("target") == "_blank"
    assert set(link.get_attribute("rel").split()) >= {"noopener", "noreferrer"}
    if isinstance(source.outlet, str) and source.outlet:
        assert source.outlet in link.inner_text()
    if unlinked:
        tab.page.goto(tab.server.url + f"?selected=claim:{unlinked[0]}")
        tab.page.get_by_text("No link to the original was found.").wait_for(timeout=TIMEOUT)


# ------------------------------------------------------------------ phones and screens

NARROW = """() => {
  const s = document.getElementById('sidebar'), m = document.getElementById('main')
  return { sidebar: s.getBoundingClientRect().width, main: m.getBoundingClientRect().width,
           overflow: document.scrollingElement.scrollWidth - innerWidth }
}"""

# Each card's box, by its heading.
CARDS = """() => {
  const out = {}
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) walk(el.shadowRoot)
      if (el.tagName === 'H2') {
        let host = el.getRootNode().host
        while (host && !(host.style && host.style.borderRadius)) host = host.getRootNode().host
        if (host) { const r = host.getBoundingClientRect(); out[el.textContent.trim()] = [r.left, r.top, r.right, r.bottom] }
      }
    }
  }
  walk(document)
  return out
}"""


@pytest.mark.parametrize("width, height", [(390, 844), (768, 1024), (1366, 768), (1920, 1080)])
def test_each_screen_width_is_readable_and_photographed(browser, server, width, height):
    t = Tab(browser, server, width=width, height=height)
    try:
        t.open("?selected=claim:c001_08")
        t.page.locator("mark").first.wait_for(timeout=TIMEOUT)
        viewport = t.page.locator('meta[name="viewport"]')
        assert "width=device-width" in viewport.get_attribute("content")
        sizes = t.page.evaluate(NARROW)
        assert sizes["overflow"] <= 1, "the page scrolls sideways"
        cards = t.page.evaluate(CARDS)
        matrix, casualties = cards["Who blames whom"], cards["Casualty figures by outlet"]
        table, source = cards["Claims"], cards["Source"]
        if width < 900:
            assert sizes["sidebar"] == 0, "the sidebar should start folded on a narrow screen"
            assert sizes["main"] >= width - 20
            assert casualties[1] >= matrix[3] - 1 and source[1] >= table[3] - 1, "the views should stack"
        else:
            assert sizes["sidebar"] > 200
        if width >= 1366:
            assert abs(casualties[1] - matrix[1]) < 2, "matrix and casualties side by side"
        ARTIFACTS.mkdir(exist_ok=True)
        if width < 900:
            t.page.screenshot(path=str(ARTIFACTS / f"width-{width}.png"), full_page=True)
            t.page.evaluate("() => window.scrollTo(0, 0)")
            t.page.get_by_role("button", name="Filters and downloads").click()
            t.page.get_by_role("combobox", name="Claimant").wait_for(state="visible", timeout=TIMEOUT)
            t.page.wait_for_timeout(500)
            assert t.page.evaluate(NARROW)["sidebar"] >= width - 20  # the opened sidebar takes the width
            t.page.screenshot(path=str(ARTIFACTS / f"width-{width}-filters.png"))
        else:
            # the views scroll inside the page: photograph them at their full height
            full = t.page.evaluate("() => document.getElementById('main').scrollHeight") + 80
            t.page.set_viewport_size({"width": width, "height": full})
            t.page.wait_for_timeout(1500)
            t.page.screenshot(path=str(ARTIFACTS / f"width-{width}.png"))
        assert t.foreign == []
    finally:
        t.close()
