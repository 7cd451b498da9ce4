"""Small and empty datasets: every view still draws, or says why it has nothing to show."""

from __future__ import annotations

import csv
import re
import shutil

import panel as pn
import pytest

from browser_support import COUNT_FIGURES, Server
from dashboard import Dashboard, load
from dashboard.dataset import default_path


def _filter(path, keep):
    """Keep the rows of a CSV for which ``keep(row)`` is true (all rows kept when it returns None)."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(r for r in rows if keep(r))


def make(tmp_path, *, source=None, actor=None, figures=True, events=True):
    """A valid copy of the bundled data cut down as asked."""
    dest = tmp_path / "data"
    shutil.copytree(default_path(), dest)
    if source:
        _filter(dest / "sources.csv", lambda r: r["source_id"] == source)
        for table in ("claims", "figures", "event_mentions"):
            _filter(dest / f"{table}.csv", lambda r: r["source_id"] == source)
        mentioned = {r["event_id"] for r in csv.DictReader(open(dest / "event_mentions.csv", encoding="utf-8"))}
        _filter(dest / "events.csv", lambda r: r["event_id"] in mentioned and not r.update(source_ids=source))
    if actor:
        _filter(dest / "claims.csv", lambda r: r["actor_id"] == actor)
    if not figures:
        _filter(dest / "figures.csv", lambda r: False)
    if not events:
        _filter(dest / "event_mentions.csv", lambda r: False)
        _filter(dest / "events.csv", lambda r: False)
    load(dest)  # the cut-down copy must itself validate
    return dest


def draw_everything(app: Dashboard):
    """Display every view, as a page load does."""
    return [app.timeline.__panel__(), app.matrix.__panel__(), app.casualties.__panel__(), app.source.__panel__(),
            app.table.__panel__()]


CASES = {
    "single source": dict(source="002_a20e6aaf006fd26b"),
    "single claimant": dict(actor="bortnikov"),
    "no figures": dict(figures=False),
    "no events": dict(events=False),
    "one source, no figures, no events": dict(source="003_8038ae532e233db9", figures=False, events=False),
}


@pytest.mark.parametrize("case", CASES)
def test_every_view_draws(tmp_path, case):
    app = Dashboard(make(tmp_path, **CASES[case]))
    draw_everything(app)
    assert not app.timeline._failed and not app.matrix._failed
    claim = app.prepared.claims.claim_id.iloc[0]
    app.state.selected = f"claim:{claim}"
    assert "<mark" in app.source._article.html


def test_no_figures_says_so(tmp_path):
    app = Dashboard(make(tmp_path, figures=False))
    shown = app.casualties.__panel__()
    texts = [o.object for o in shown.objects if o.visible and isinstance(o, pn.pane.HTML)]
    assert any("No figures" in t for t in texts)


def test_no_matching_claims_says_so(tmp_path):
    app = Dashboard(make(tmp_path, actor="bortnikov"))
    app.state.search = "no such words anywhere"
    draw_everything(app)
    for view in (app.timeline, app.matrix):
        assert view.notice.visible and "No claims match" in view.notice.object
    assert len(app.table.shown) == 0
    app.state.reset()
    draw_everything(app)
    assert not app.matrix.notice.visible


def test_a_failing_plot_shows_a_message_and_the_page_goes_on(tmp_path, monkeypatch):
    app = Dashboard(make(tmp_path, figures=False))

    def boom(*_args, **_kw):
        raise RuntimeError("simulated failure")

    matrix, timeline = app.matrix.drawing(), app.timeline.drawing()
    monkeypatch.setattr(app.matrix, "frame", boom)
    app.state.stances = ["accuses"]
    assert len(matrix.cells.data["actor_id"]) == 0
    assert app.matrix.notice.visible and "could not be drawn" in app.matrix.notice.object
    assert "simulated failure" not in app.matrix.notice.object
    app.state.actors = ["putin"]  # the rest of the page keeps working
    assert set(app.table.shown.actor) == {"Vladimir Putin"}
    assert set(timeline.claims.data["actor"]) == {"Vladimir Putin"}



def test_a_tiny_dataset_renders_in_the_browser(tmp_path, browser):
    data = make(tmp_path, source="003_8038ae532e233db9", figures=False, events=False)
    server = Server(data)
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1800})
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(server.url)
        page.wait_for_function(f"({COUNT_FIGURES})() >= 2", timeout=60_000)
        page.locator(".cd-message", has_text="No figures").first.wait_for(timeout=60_000)
        count = page.locator("[data-testid=claim-count]", has_text=re.compile(r"^\d+$")).first
        count.wait_for(timeout=60_000)
        assert int(count.inner_text()) == len(load(data).claims)
        assert "Traceback" not in page.content() and errors == []
        page.close()
    finally:
        server.stop()
