"""Frames shared between sessions, and redraws that send only what changed: nothing goes stale."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from bokeh.document import Document
from bokeh.document.events import ColumnDataChangedEvent
from bokeh.models import ColumnDataSource

from dashboard import Dashboard, load
from dashboard.query import claim_mask
from dashboard.views.plotting import replace


@pytest.fixture(scope="module")
def ds():
    return load()


def _claimants(drawing) -> set[str]:
    return set(drawing.claims.data["actor"]) | set(drawing.periods.data["actor"])


def test_two_sessions_share_frames_but_each_draws_its_own_filters(ds):
    a, b = Dashboard(ds), Dashboard(ds)
    ta, tb = a.timeline.drawing(), b.timeline.drawing()
    ma, mb = a.matrix.drawing(), b.matrix.drawing()
    a.state.actors = ["putin"]
    b.state.actors = ["bortnikov"]
    assert _claimants(ta) == {"Vladimir Putin"} and _claimants(tb) == {"Alexander Bortnikov"}
    assert set(ma.cells.data["actor_id"]) == {"putin"} and set(mb.cells.data["actor_id"]) == {"bortnikov"}
    b.state.actors = ["putin"]  # the frame session a made: the same marks, in b's own models
    assert a.timeline.frame() is b.timeline.frame()
    assert _claimants(tb) == {"Vladimir Putin"} and list(tb.claims.data["claim_id"]) == list(ta.claims.data["claim_id"])
    assert set(mb.cells.data["actor_id"]) == {"putin"}
    b.state.reset()
    assert len(_claimants(tb)) > 2 and len(set(mb.cells.data["actor_id"])) > 2
    assert _claimants(ta) == {"Vladimir Putin"}  # a is left as it was
    assert f"of {len(a.prepared.claims)}" in a.filters._count.object
    assert a.state.matching() == int(claim_mask(a.prepared, actors=["putin"]).sum()) != b.state.matching()


def test_a_date_range_dims_marks_of_an_unchanged_set_of_claims(ds):
    app = Dashboard(ds)
    drawing = app.timeline.drawing()
    app.state.actors = ["putin"]
    ids = list(drawing.claims.data["claim_id"])
    assert set(drawing.claims.data["alpha"]) == {1.0}
    day = app.prepared.claims.set_index("claim_id").loc[ids[0], "start"].date()
    app.state.param.update(start=day, end=day)  # the same marks: only their opacity changes
    assert list(drawing.claims.data["claim_id"]) == ids
    alpha = np.asarray(drawing.claims.data["alpha"])
    assert alpha[0] == 1.0 and (alpha < 1).any()
    assert len(drawing.outside.data["x0"]) == 2
    app.state.param.update(start=None, end=None)
    assert set(drawing.claims.data["alpha"]) == {1.0} and len(drawing.outside.data["x0"]) == 0


def test_selecting_a_claim_outlines_it_though_no_filter_changed(ds):
    app = Dashboard(ds)
    drawing = app.timeline.drawing()
    app.state.actors = ["putin"]
    first, second = list(drawing.claims.data["claim_id"])[:2]
    app.state.selected = f"claim:{first}"
    lines = dict(zip(drawing.claims.data["claim_id"], drawing.claims.data["line"]))
    assert lines[first] == "#000000" and lines[second] != "#000000"
    app.state.selected = f"claim:{second}"
    lines = dict(zip(drawing.claims.data["claim_id"], drawing.claims.data["line"]))
    assert lines[second] == "#000000" and lines[first] != "#000000"
    before = dict(drawing.claims.data)
    app.state.selected = "figure:f002_01"  # no claim chosen: no outline
    assert "#000000" not in set(drawing.claims.data["line"])
    assert list(drawing.claims.data["claim_id"]) == list(before["claim_id"])


def test_the_table_and_the_count_follow_each_sessions_filters(ds):
    a, b = Dashboard(ds), Dashboard(ds)
    a.state.stances = ["denies"]
    b.state.stances = ["accuses"]
    assert set(a.table.shown.stance) == {"denies"} and set(b.table.shown.stance) == {"accuses"}
    assert {r["stance_label"] for r in a.table._rows.rows} == {"Denies"}
    b.state.stances = ["denies"]
    assert [r["claim_id"] for r in b.table._rows.rows] == [r["claim_id"] for r in a.table._rows.rows]
    denials = int((a.prepared.claims.stance == "denies").sum())
    assert f">{denials}</b>" in a.filters._count.object and f">{denials}</b>" in b.filters._count.object
    chosen = a.table.shown.claim_id.iloc[-1]
    a.state.selected = f"claim:{chosen}"
    assert a.table._rows.selected == chosen and b.table._rows.selected == ""


def test_replace_sends_only_the_columns_that_changed():
    src = ColumnDataSource({"x": [], "label": []})
    doc = Document()
    doc.add_root(src)
    events = []
    doc.on_change(lambda event: events.append(event))
    replace(src, {"x": np.array([1.0, 2.0, np.nan]), "label": np.array(["a", "b", "c"], dtype=object)}, ["x", "label"])
    assert list(src.data["label"]) == ["a", "b", "c"]
    events.clear()
    replace(src, {"x": np.array([1.0, 2.0, np.nan]), "label": np.array(["a", "B", "c"], dtype=object)}, ["x", "label"])
    assert list(src.data["label"]) == ["a", "B", "c"] and np.isnan(src.data["x"][2])
    sent = [e for e in events if isinstance(e, ColumnDataChangedEvent)]
    assert len(sent) == 1 and sent[0].cols == ["label"]
    events.clear()
    replace(src, {"x": np.array([1.0, 2.0, np.nan]), "label": np.array(["a", "B", "c"], dtype=object)}, ["x", "label"])
    assert not [e for e in events if isinstance(e, ColumnDataChangedEvent)]  # nothing changed: nothing sent
    replace(src, {"x": np.array([5.0]), "label": np.array(["z"], dtype=object)}, ["x", "label"])
    assert list(src.data["x"]) == [5.0] and list(src.data["label"]) == ["z"]
    replace(src, {"x": np.array([]), "label": np.array([], dtype=object)}, ["x", "label"])
    assert len(src.data["x"]) == 0 and len(src.data["label"]) == 0


def test_an_outlet_change_redraws_the_figures_views_of_the_session_that_made_it(ds):
    a, b = Dashboard(ds), Dashboard(ds)
    ca, cb = a.casualties.drawing(), b.casualties.drawing()
    p = a.prepared
    herald = p.sources[p.sources.outlet == "National Herald"].source_id.iloc[0]
    everything = set(ca.plot.marks.data["figure_id"])
    a.state.sources = [herald]
    assert set(ca.plot.marks.data["figure_id"]) < everything
    assert set(cb.plot.marks.data["figure_id"]) == everything
    b.state.sources = [herald]
    assert set(cb.plot.marks.data["figure_id"]) == set(ca.plot.marks.data["figure_id"])
    a.state.sources = []
    assert set(ca.plot.marks.data["figure_id"]) == everything


def test_a_date_filter_beyond_every_claim_empties_the_views(ds):
    app = Dashboard(ds)
    timeline, matrix = app.timeline.drawing(), app.matrix.drawing()
    far = dt.date(2031, 1, 1)
    app.state.param.update(start=far, end=far)
    assert len(matrix.cells.data["actor_id"]) == 0 and "No claims match" in app.matrix.notice.object
    assert set(timeline.claims.data["alpha"]) <= {np.float32(0.22)}
    app.state.reset()
    assert len(matrix.cells.data["actor_id"]) > 0 and not app.matrix.notice.visible


def test_shared_frames_forgotten_are_made_again_the_same(ds):
    from dashboard import memo

    app = Dashboard(ds)
    drawing = app.timeline.drawing()
    app.state.actors = ["putin"]
    before, ids = app.timeline.frame(), list(drawing.claims.data["claim_id"])
    memo.forget_shared()  # as a server does when its last session closes
    assert app.timeline.frame() is not before
    app.state.actors = []
    app.state.actors = ["putin"]
    assert list(drawing.claims.data["claim_id"]) == ids and app.state.matching() == len(ids) + len(drawing.periods.data["claim_id"])


def test_a_second_session_drawing_a_shared_frame_takes_its_columns_and_labels_as_made(ds):
    """What a drawing makes of a frame is made once: another session's drawing of the same filters shows
    the same marks and axis labels, and keeps showing its own after either session changes filters."""
    a, b = Dashboard(ds), Dashboard(ds)
    ta, tb, ma, mb = a.timeline.drawing(), b.timeline.drawing(), a.matrix.drawing(), b.matrix.drawing()
    labels = a.prepared.stance_labels
    a.state.stances = ["accuses"]
    b.state.stances = ["accuses"]
    assert a.matrix.frame() is b.matrix.frame()
    for col in ("actor_id", "target_id", "count", "label_black", "label_white"):
        assert list(ma.cells.data[col]) == list(mb.cells.data[col])
    assert ma.fig.yaxis[0].major_label_overrides == mb.fig.yaxis[0].major_label_overrides
    assert ta.fig.yaxis[0].major_label_overrides == tb.fig.yaxis[0].major_label_overrides
    assert set(tb.claims.data["stance_label"]) == {labels["accuses"]}
    b.state.stances = ["denies"]  # b's change leaves a's drawing as it was
    assert set(mb.cells.data["stance_label"]) == {labels["denies"]}
    assert set(ma.cells.data["stance_label"]) == {labels["accuses"]}
    assert set(ta.claims.data["stance_label"]) == {labels["accuses"]}


def test_a_notice_is_sent_once_per_change_and_not_at_all_when_it_says_the_same(ds):
    app = Dashboard(ds)
    app.matrix.drawing()
    app.matrix.max_rows = 2
    sent = []
    app.matrix.notice.param.watch(lambda e: sent.append(e.new), ["object", "visible"])
    app.state.stances = ["accuses"]
    assert len(sent) <= 1 and "more claimants" in app.matrix.notice.object
    sent.clear()
    app.matrix.max_cols = 29  # drawn again (a new frame), the same words below it: nothing sent
    assert sent == [] and app.matrix.notice.visible
    app.state.start = dt.date(2100, 1, 1)
    assert "No claims match" in app.matrix.notice.object
