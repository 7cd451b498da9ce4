"""Text from the data is shown as typed and never runs, in every view."""

from __future__ import annotations

import csv
import json
import shutil

import pytest

from browser_support import COUNT_FIGURES, GLYPH_POINT, Server, hover
from dashboard.dataset import default_path

sync_api = pytest.importorskip("playwright.sync_api")

EVIL = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold</b>'
WORLD = "حادثة \u202eRTL\u202c 🔥👩🏽‍⚖️ e\u0301 ñ\u0303"  # right-to-left, emoji, combining marks
LONG = "long evidence " * 715  # 10,010 characters
TIMEOUT = 60_000


def _rewrite(path, fn):
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        fn(row)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The bundled data with markup and script in a name, a headline, a quote and its article."""
    dest = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(default_path(), dest)
    source = "001_fb2ae5532553813c"
    article = dest / "articles" / f"{source}.txt"
    article.write_text(article.read_text(encoding="utf-8") + f"\nHe said: {EVIL} end.\n", encoding="utf-8")

    def actors(r):
        if r["actor_id"] == "putin":
            r["name"] = f"Putin {EVIL}"

    def sources(r):
        if r["source_id"] == source:
            r["headline"] = f"Headline {EVIL}"

    def claims(r):
        if r["claim_id"] == "c001_08":
            r["quote"] = f"He said: {EVIL} end."
            r["evidence"] = LONG

    def stances(r):
        if r["stance"] == "dismisses":
            r["label"] = f"Dismisses {EVIL}"

    def events(r):
        if r["event_id"] == "attack":
            r["title"] = f"Attack {WORLD} {EVIL}"

    package = json.loads((dest / "datapackage.json").read_text(encoding="utf-8"))
    package["title"] = f"Title {EVIL}"
    (dest / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    _rewrite(dest / "stances.csv", stances)
    _rewrite(dest / "events.csv", events)
    _rewrite(dest / "actors.csv", actors)
    _rewrite(dest / "sources.csv", sources)
    _rewrite(dest / "claims.csv", claims)
    return dest


def _watched_page(browser):
    """A page that records dialogs (a sign that injected script ran)."""
    pg = browser.new_page(viewport={"width": 1500, "height": 2400})
    pg.dialogs = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    return pg


@pytest.fixture(scope="module")
def page(hostile, browser):
    server = Server(hostile)
    pg = _watched_page(browser)
    pg.goto(server.url + "?selected=claim:c001_08")
    pg.wait_for_function(f"({COUNT_FIGURES})() >= 3", timeout=TIMEOUT)
    yield pg
    pg.close()
    server.stop()


def _assert_nothing_ran(page):
    assert page.evaluate("() => window.__pwned") is None
    assert page.dialogs == []


def test_source_viewer_shows_markup_as_text(page):
    page.locator("mark").first.wait_for(timeout=TIMEOUT)
    assert page.locator("mark").first.inner_text() == f"He said: {EVIL} end."
    assert page.locator(".cd-headline").first.inner_text() == f"Headline {EVIL}"
    _assert_nothing_ran(page)


def test_table_cells_show_markup_as_text(page):
    cells = page.locator('.cd-table [data-field="actor"]').all_inner_texts()
    assert f"Putin {EVIL}" in [c.strip() for c in cells]
    _assert_nothing_ran(page)


def test_filter_options_show_markup_as_text(page):
    page.get_by_role("combobox", name="Claimant").click()
    options = [o.strip().removeprefix("✓ ") for o in page.get_by_role("option").all_inner_texts()]
    page.keyboard.press("Escape")
    assert f"Putin {EVIL}" in options
    _assert_nothing_ran(page)


def test_tooltips_show_markup_as_text(page):
    tip = hover(page, page.evaluate(GLYPH_POINT, ["claim_id", "c001_08", "slot", "row"]))[0]
    assert f"Putin {EVIL}" in tip and f"He said: {EVIL}" in tip
    _assert_nothing_ran(page)


def test_title_legend_and_events_show_text_as_typed(page):
    assert page.title() == f"Title {EVIL}"
    assert page.locator(".cd-title").first.inner_text() == f"Title {EVIL}"
    assert f"Dismisses {EVIL}" in page.locator(".cd-legend").first.inner_text()
    assert f"Attack {WORLD} {EVIL}" in page.locator(".cd-events").first.text_content()
    _assert_nothing_ran(page)


def test_a_ten_thousand_character_field_is_shown_whole(page):
    page.locator(".cd-claim").first.wait_for(timeout=TIMEOUT)
    assert LONG.strip() in page.locator(".cd-claim").first.inner_text()
    assert page.locator(".cd-title").first.is_visible()
    _assert_nothing_ran(page)


def test_outside_the_server_the_rendered_dashboard_runs_no_script(hostile, browser, tmp_path):
    """The same models a notebook displays, rendered by BokehJS from a standalone page, offline."""
    from dashboard import Dashboard

    app = Dashboard(hostile)
    app.state.selected = "claim:c001_08"
    path = tmp_path / "dashboard.html"
    app.__panel__().save(str(path), resources="inline", embed=False)
    pg = _watched_page(browser)
    pg.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    pg.goto(path.as_uri())
    pg.wait_for_function(f"({COUNT_FIGURES})() >= 3", timeout=TIMEOUT)
    pg.locator("mark").first.wait_for(timeout=TIMEOUT)
    assert pg.locator("mark").first.inner_text() == f"He said: {EVIL} end."
    assert f"Putin {EVIL}" in [c.strip() for c in pg.locator('.cd-table [data-field="actor"]').all_inner_texts()]
    _assert_nothing_ran(pg)
    pg.close()
