"""What the Bokeh-drawn views share: a plain figure, tick labels, and pushing updates.

The views that change on every filter draw with Bokeh models directly and only
replace their data sources' columns on a change: a few kilobytes and a few
milliseconds, instead of rebuilding the plot.
"""

from __future__ import annotations

from contextlib import contextmanager

import math

import numpy as np
import pandas as pd
import panel as pn
from bokeh.models import (AllIndices, CDSView, ColumnDataSource, FixedTicker, GlyphRenderer, Quad, Scatter, Segment,
                          Text, UnionRenderers, VSpan, VStrip)
from bokeh.plotting import figure

from ..upstream import glyph_visuals, notebook_pushes_held

#: The figure methods :func:`glyph` draws with, by name.
_GLYPHS = {cls.__name__.lower(): cls for cls in (Quad, Scatter, Segment, Text, VSpan, VStrip)}


def new_figure(**kwargs):
    """A responsive figure without the Bokeh logo, grid lines faint."""
    kwargs.setdefault("sizing_mode", "stretch_width")
    kwargs.setdefault("toolbar_location", "above")
    fig = figure(**kwargs)
    fig.toolbar.logo = None
    fig.grid.grid_line_alpha = 0.25
    fig.axis.major_label_text_font_size = "9pt"
    # the axes' label policy and formatter hold no state: one of each for both axes
    x, y = fig.xaxis[0], fig.yaxis[0]
    y.major_label_policy, y.formatter = x.major_label_policy, x.formatter
    fig.min_border_left = 10
    return fig


def bare_figure(**kwargs):
    """A responsive figure without axes or grids (a view that stacks several plots in one figure
    draws each plot's axis itself), nor the Bokeh logo."""
    kwargs.setdefault("sizing_mode", "stretch_width")
    kwargs.setdefault("toolbar_location", "above")
    fig = figure(x_axis_type=None, y_axis_type=None, **kwargs)  # no axis nor grid is made
    fig.toolbar.logo = None
    return fig


def glyph(fig, method: str, *args, source: ColumnDataSource, **kwargs) -> GlyphRenderer:
    """What ``fig.method(*args, source=source, **kwargs)`` draws, as one renderer whose glyph is also
    its selected, unselected and muted look (nothing on these pages dims or mutes), sharing the view
    of ``source`` with the figure's other renderers of it (see :func:`share_views`).

    Bokeh's method builds three glyphs (the mark, its unselected and its muted look) and a view and
    filter for each renderer; this builds one glyph, and one view per source. The glyph's properties
    are those Bokeh's method gives it (its rules for ``color``, ``alpha`` and unset colours).
    """
    cls = _GLYPHS[method]
    kwargs.update(zip(cls._args, args))
    visuals = glyph_visuals(cls, kwargs)
    mark = cls(**kwargs, **visuals)
    view = next((r.view for r in fig.renderers if isinstance(r, GlyphRenderer) and r.data_source is source), None)
    if view is None:
        shared = next((r.view.filter for r in fig.renderers if isinstance(r, GlyphRenderer)
                       and isinstance(r.view.filter, AllIndices)), None)
        view = CDSView(filter=shared) if shared is not None else CDSView()
    renderer = GlyphRenderer(glyph=mark, data_source=source, view=view, selection_glyph=mark,
                             nonselection_glyph=mark, muted_glyph=None)
    fig.renderers.append(renderer)
    return renderer


def nice_ticks(lo: float, hi: float, count: int = 5, min_step: float = 0.0) -> np.ndarray:
    """About ``count`` round values (1, 2 or 5 times a power of ten apart, at least ``min_step``)
    between ``lo`` and ``hi``, as an axis would tick them."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return np.array([lo]) if math.isfinite(lo) else np.array([])
    power = 10.0 ** math.floor(math.log10((hi - lo) / max(count, 1)))
    steps = [max(m * power, min_step) for m in (0.5, 1, 2, 5, 10)]
    step = min(steps, key=lambda st: (abs((hi - lo) / st - count), -st))
    first = math.ceil(lo / step - 1e-9) * step
    return np.round(np.arange(first, hi + step * 1e-9, step), 10)


def tick_label(value: float) -> str:
    """A tick's value as an axis prints it: whole numbers without a decimal point."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.6g}"


def tool(fig, kind):
    """The figure's tool of type ``kind``, read from its toolbar (``fig.select_one`` walks every model
    of the figure to find it: a tenth of the cost of building a plot)."""
    return next(t for t in fig.toolbar.tools if isinstance(t, kind))


def share_views(fig) -> None:
    """One selection policy for every data source of the figure's renderers.

    Every source selects by the union of its renderers' hits: that policy holds no state, so one
    model serves them all instead of one per source (the views of the sources are shared already:
    see :func:`glyph`).
    """
    union = None
    for renderer in fig.renderers:
        src = renderer.data_source if isinstance(renderer, GlyphRenderer) else None
        if isinstance(getattr(src, "selection_policy", None), UnionRenderers):
            union = src.selection_policy = union or src.selection_policy


def set_ticks(axis, labels: dict[float, str]) -> None:
    """Put a tick at each position with its label (and nothing else on the axis); what is already
    there is left alone (Bokeh would validate the value before finding it unchanged)."""
    if isinstance(axis, list) and len(axis) == 1:  # a figure's axis as Bokeh gives it (``fig.xaxis``): read
        axis = axis[0]  # through that list, every attribute builds ``dir(list)`` first
    ticks = [float(k) for k in labels]
    overrides = dict(zip(ticks, labels.values()))
    if not isinstance(axis.ticker, FixedTicker):
        axis.ticker = FixedTicker(ticks=ticks)
    elif list(axis.ticker.ticks) != ticks:
        axis.ticker.ticks = ticks
    if axis.major_label_overrides != overrides:
        axis.major_label_overrides = overrides


def built(frame, name: str, build):
    """``build()``, what a drawing makes of ``frame`` (its sources' columns, its axes' labels), made once
    per frame and kept with it: sessions share frames (:meth:`~.base.View._shared`), so every session's
    drawing of one takes the same columns, made once (drawings never change them). Kept in the frame's
    own ``__dict__``, as ``functools.cached_property`` keeps a value (frames are frozen dataclasses)."""
    made = frame.__dict__.setdefault("_built", {})
    value = made.get(name)
    if value is None:
        value = made[name] = build()
    return value


def changed_only(model, **props) -> None:
    """Set those of ``props`` that differ from the model's (Bokeh validates a value before it
    finds it unchanged, and a change sets every one at once)."""
    changed = {k: v for k, v in props.items() if getattr(model, k) != v}
    if changed:
        model.update(**changed)


def source(columns: list[str]) -> ColumnDataSource:
    """An empty data source with the given columns."""
    return ColumnDataSource({c: [] for c in columns})


def part(n: int, **columns) -> dict:
    """``n`` rows of a data source: each column ``n`` values, or one value for every row."""
    return {"": n, **columns}


def fill(src: ColumnDataSource, parts: list[dict], columns: list[str]) -> None:
    """Replace the columns of ``src`` (as :func:`replace` does) with those of ``parts`` (see :func:`part`) one after another;
    a numeric column a part lacks is NaN in its rows (what Bokeh does not draw). Cheaper than
    building a DataFrame for each part: a plot redrawn at every change is a few dozen rows."""
    _put(src, *fill_columns(parts, columns))


def fill_columns(parts: list[dict], columns: list[str]) -> tuple[dict, int]:
    """The columns :func:`fill` gives a source, and their rows: (columns by name, rows); see :func:`put`."""
    parts = [p for p in parts if p[""]]
    data = {}
    for c in columns:
        col = np.concatenate([np.broadcast_to(np.asarray(p.get(c, np.nan)), (p[""],)) for p in parts]) \
            if parts else np.array([])
        data[c] = col.tolist() if col.dtype.kind in "UO" else col
    return data, sum(p[""] for p in parts)


def put(src: ColumnDataSource, data: dict, n: int) -> None:
    """Give ``src`` the columns of :func:`fill_columns` (which it never changes: drawings may share them)."""
    _put(src, data, n)


def replace(src: ColumnDataSource, frame, columns: list[str]) -> None:
    """Replace the columns of ``src`` with those of ``frame`` (a DataFrame or arrays by name, which
    may be empty). With as many rows as before, only the columns whose values changed are sent
    (none when none did); otherwise every column, at once."""
    n = len(frame) if isinstance(frame, pd.DataFrame) else len(frame[columns[0]]) if columns else 0
    new = {c: np.asarray(frame[c]) if isinstance(frame, dict) else frame[c].to_numpy() for c in columns} \
        if n else {c: [] for c in columns}
    _put(src, new, n)


def _put(src: ColumnDataSource, new: dict, n: int) -> None:
    """Give ``src`` the columns ``new`` of ``n`` rows: with as many rows as before, only those that
    changed (Bokeh then sends only them), else all at once."""
    old = src.data
    if old.keys() == new.keys() and all(len(v) == n for v in old.values()):
        changed = {c: v for c, v in new.items() if not _same(old[c], v)}
        if changed:
            old.update(changed)
    else:
        src.data = new
    if src.selected.indices:  # (Bokeh validates an empty list before it finds it unchanged)
        src.selected.indices = []


def _same(old, new) -> bool:
    """Whether two columns of a data source hold the same values (NaN equal to NaN)."""
    if old is new:
        return True
    old, new = np.asarray(old), np.asarray(new)
    if old.shape != new.shape or old.dtype != new.dtype:
        return False
    if old.dtype.kind in "fc":
        return bool(np.array_equal(old, new, equal_nan=True))
    try:
        return bool(np.all(old == new))
    except (TypeError, ValueError):  # values that do not compare (pd.NA): send them
        return False


@contextmanager
def changing(*panes: pn.pane.Bokeh):
    """Change Bokeh models of ``panes`` from any callback, then send the changes.

    Panel may run a callback outside the document lock (a table selection does),
    where Bokeh refuses model changes; ``unlocked`` collects them and writes them
    to the browser itself. A notebook needs them pushed: all at once, after the
    last change, so the browser never applies half of a plot's update.
    """
    with pn.io.unlocked(), notebook_pushes_held():
        yield
    for pane in panes:
        pn.io.push_notebook(pane)
