"""Views as functions of the state, without a browser."""

from __future__ import annotations

import panel as pn
import pytest

from dashboard import Dashboard, load
from dashboard.views.base import friendly


@pytest.fixture(scope="module")
def ds():
    return load()


@pytest.fixture
def app(ds):
    return Dashboard(ds)


def test_table_follows_the_filters(app):
    assert len(app.table._table.value) == len(app.prepared.claims)
    app.state.stances = ["denies"]
    assert set(app.table._table.value.stance) == {"denies"}
    app.state.selected = "claim:" + app.table._table.value.claim_id.iloc[0]
    assert app.table._table.selection == [0]


def test_table_selection_opens_the_source(app):
    claim = app.table._table.value.iloc[3]
    app.table._table.selection = [3]
    assert app.state.selected == f"claim:{claim.claim_id}"
    assert "<mark" in app.source._article.html
    assert app.source._header.object.count("cd-headline") == 1


def test_source_viewer_lists_other_outlets_wordings(app):
    app.state.selected = "claim:c001_08"  # Putin's "window" address, reported by four articles
    texts = " ".join(o.object for o in app.source._others.objects if isinstance(o, pn.pane.HTML))
    cards = app.source._others.objects[-1]
    assert len(cards.objects) == 4
    assert "They tried to hide" in texts or any("They tried to hide" in c.objects[0].object for c in cards.objects)


def test_matrix_click_toggles_the_pair(app):
    app.matrix._cells()  # draw once so the axes are known
    rows, cols = app.matrix._layout["rows"], app.matrix._layout["cols"]
    r, c = rows.index("putin"), cols.index("ukraine")
    app.matrix._on_tap(c, len(rows) - 1 - r)
    assert (app.state.actors, app.state.targets) == (["putin"], ["ukraine"])
    app.matrix._cells()
    app.matrix._on_tap(0, 0)  # the only cell left
    assert (app.state.actors, app.state.targets) == ([], [])


def test_clicking_between_cells_does_nothing(app):
    app.matrix._cells()
    app.matrix._on_tap(0.5, 0.5)
    assert app.state.actors == []


def test_casualties_follow_the_outlet_filter(app):
    herald = app.prepared.sources[app.prepared.sources.outlet == "National Herald"].source_id.iloc[0]
    app.state.sources = [herald]
    html = " ".join(o.object for o in app.casualties._column.objects if isinstance(o, pn.pane.HTML))
    assert "National Herald" in html and "Russian Spymaster" not in html


def test_timeline_range_selection_sets_dates(app):
    scale = app.timeline._scale
    lo, hi = scale.position(["2024-03-22", "2024-03-25"])
    app.timeline._on_bounds((lo - 0.1, hi + 0.1))
    assert (str(app.state.start), str(app.state.end)) == ("2024-03-22", "2024-03-25")


def test_a_failing_view_shows_a_message():
    @friendly
    def broken():
        raise KeyError("boom")

    out = broken()
    assert isinstance(out, pn.pane.HTML) and "could not be drawn" in out.object and "boom" not in out.object


def test_single_views_are_displayable(app):
    for view in (app.timeline, app.matrix, app.casualties, app.table, app.source, app.filters):
        assert isinstance(view.__panel__(), pn.viewable.Viewable)


def test_sessions_share_the_data_but_not_the_state(ds):
    a, b = Dashboard(), Dashboard()
    assert a.prepared is b.prepared and a.prepared.dataset is b.prepared.dataset
    assert a.state is not b.state


def test_a_page_that_cannot_be_built_shows_a_message(monkeypatch):
    import dashboard.app as app_module

    def broken(_data=None):
        raise RuntimeError("internal detail")

    monkeypatch.setattr(app_module, "create_app", broken)
    shown = app_module.page()
    html = shown.objects[0].object
    assert "could not be built" in html and "internal detail" not in html and "Traceback" not in html
