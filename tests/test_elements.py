"""The views as HoloViews objects: composable, restylable, saved as PNG and SVG without a browser."""

from __future__ import annotations

import holoviews as hv
import pandas as pd
import pytest

from dashboard import Dashboard, load
from dashboard.elements import casualties, matrix, timeline, tolls
from dashboard.frames import Filters, casualty_frame, matrix_frame, timeline_frame, tolls_frame
from dashboard.query import prepare


@pytest.fixture(scope="module")
def p():
    return prepare(load())


def _rendered(element):
    """The Bokeh figure HoloViews draws for ``element``."""
    return hv.render(element, backend="bokeh")


def _glyphs(fig) -> dict[str, list]:
    out: dict[str, list] = {}
    for renderer in fig.renderers:
        glyph = getattr(renderer, "glyph", None)
        if glyph is not None:
            out.setdefault(type(glyph).__name__, []).append(renderer)
    return out


def test_each_view_is_a_holoviews_object_that_composes(p):
    views = [timeline(timeline_frame(p)), matrix(matrix_frame(p)), casualties(casualty_frame(p)),
             tolls(tolls_frame(p), axis="dates")]
    for view in views:
        assert isinstance(view, (hv.Overlay, hv.Layout))
    attack = hv.VLine(pd.Timestamp("2024-03-22"))
    overlaid = views[0] * attack
    assert isinstance(overlaid, hv.Overlay) and attack in list(overlaid)
    _rendered(views[3][0] * attack)  # the toll over time on a date axis too
    laid_out = views[0] + views[1]
    assert isinstance(laid_out, hv.Layout) and len(laid_out) == 2
    _rendered(overlaid)  # a user's element on the date axis draws with the claims
    restyled = views[1].opts(hv.opts.Rectangles(alpha=0.5))
    assert all(layer.opts.get("style").kwargs.get("alpha") == 0.5 for layer in restyled
               if isinstance(layer, hv.Rectangles) and len(layer))


def test_the_timeline_element_has_the_live_views_stance_colours_and_claimant_rows(p):
    frame = timeline_frame(p)
    el = timeline(frame)
    layers = {layer.label: layer for layer in el if isinstance(layer, hv.Scatter) and layer.label}
    for label, colour in ((p.stance_labels[s], c) for s, c in p.stance_colours.items()):
        if label in layers:
            assert set(layers[label].dimension_values("colour")) == {colour}
    fig = _rendered(el)
    ticks = fig.yaxis[0].major_label_overrides
    assert set(frame.rows.actor) | {"Events"} == set(ticks.values())
    slots = _rendered(timeline(frame, axis="slots"))
    assert dict(frame.ticks) == {float(k): v for k, v in slots.xaxis[0].major_label_overrides.items()}


def test_the_casualty_element_draws_each_qualifier_as_the_live_view_does(p):
    frame = casualty_frame(p)
    deaths = casualties(frame, "deaths")
    kinds = set(frame.marks[frame.marks.metric == "deaths"].kind)
    glyphs = _glyphs(_rendered(deaths))
    assert {"exact", "lower", "approximate"} <= kinds
    assert "Segment" in glyphs  # open-ended bars for at least / more than
    assert "Quad" in glyphs  # bands for nearly / about
    labels = [layer for layer in deaths if isinstance(layer, hv.Labels)][0]
    assert set(labels.dimension_values("label")) == set(frame.marks[frame.marks.metric == "deaths"].label)
    with pytest.raises(ValueError, match="no plot for 'bogus'"):
        casualties(frame, "bogus")


def test_the_matrix_element_writes_each_cells_stance_split(p):
    frame = matrix_frame(p, Filters(actors=("putin",)))
    el = matrix(frame)
    counts = [layer for layer in el if isinstance(layer, hv.Labels)][0]
    written = counts.dimension_values("label").astype(int)
    assert written.sum() == frame.cells["count"][frame.cells.label != ""].sum() > 0
    pair = matrix(matrix_frame(p, Filters(actors=("putin",), targets=("united_states",))))
    labels = [layer for layer in pair if isinstance(layer, hv.Labels)][0]
    assert sorted(labels.dimension_values("label")) == ["1", "3"]  # 1 accuses, 3 dismisses


def test_the_toll_element_draws_a_plot_per_metric_with_its_qualifiers(p):
    frame = tolls_frame(p)
    layout = tolls(frame)
    assert isinstance(layout, hv.Layout) and len(layout) == len(frame.metrics)
    deaths = tolls(frame, "deaths")
    named = {layer.label for layer in deaths if isinstance(layer, hv.Scatter) and layer.label}
    assert named == {"exact", "at least / more than / over", "nearly / about"}
    glyphs = _glyphs(_rendered(deaths))
    assert "Quad" in glyphs  # the bands of nearly / about
    marks = [layer for layer in deaths if isinstance(layer, hv.Scatter) and layer.label]
    drawn = {fid for layer in marks for fid in layer.dimension_values("figure_id")}
    assert drawn == set(frame.metric_marks("deaths").figure_id)
    hollow = {fid for layer in marks for fid, fill in zip(layer.dimension_values("figure_id"),
                                                         layer.dimension_values("fill")) if fill == "#ffffff"}
    assert hollow == set(frame.marks.figure_id[~frame.marks.dated & (frame.marks.metric == "deaths")])
    with pytest.raises(ValueError, match="no plot for 'bogus'"):
        tolls(frame, "bogus")


@pytest.mark.parametrize("suffix, magic", [("png", b"\x89PNG"), ("svg", b"<?xml")])
def test_every_view_saves_without_a_browser(tmp_path, suffix, magic):
    app = Dashboard()
    app.state.actors = ["putin"]
    for name in ("timeline", "matrix", "casualties", "tolls"):
        path = tmp_path / f"{name}.{suffix}"
        hv.save(getattr(app, name).element(), path, backend="matplotlib")
        assert path.read_bytes().startswith(magic), name
    if suffix == "svg":  # a figure for a report refers to nothing outside itself
        svg = (tmp_path / "matrix.svg").read_text()
        assert "href=\"http" not in svg and "@import" not in svg and "<image" not in svg


def test_an_element_follows_the_state_when_dynamic():
    app = Dashboard()
    dmap = app.matrix.element(dynamic=True)
    assert isinstance(dmap, hv.DynamicMap)
    app.state.actors = ["bortnikov"]
    shown = dmap[()]
    cells = [layer for layer in shown if isinstance(layer, hv.Rectangles) and layer.label]
    assert sum(layer.dimension_values("count").sum() for layer in cells) == (
        app.prepared.claims.actor_id == "bortnikov").sum()
