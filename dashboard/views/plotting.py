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
from bokeh.models import AllIndices, ColumnDataSource, FixedTicker, GlyphRenderer, UnionRenderers
from bokeh.plotting import figure

from ..upstream import notebook_pushes_held


def new_figure(**kwargs):
    """A responsive figure without the Bokeh logo, grid lines faint."""
    kwargs.setdefault("sizing_mode", "stretch_width")
    kwargs.setdefault("toolbar_location", "above")
    fig = figure(**kwargs)
    fig.toolbar.logo = None
    fig.grid.grid_line_alpha = 0.25
    fig.axis.major_label_text_font_size = "9pt"
    fig.min_border_left = 10
    return fig


def bare_figure(**kwargs):
    """A responsive figure without axes or grids (a view that stacks several plots in one figure
    draws each plot's axis itself), nor the Bokeh logo."""
    kwargs.setdefault("sizing_mode", "stretch_width")
    kwargs.setdefault("toolbar_location", "above")
    fig = figure(**kwargs)
    fig.toolbar.logo = None
    fig.below, fig.left, fig.center = [], [], []
    return fig


def glyph(fig, method: str, *args, **kwargs) -> GlyphRenderer:
    """``fig.method(*args, **kwargs)``: a renderer whose glyph is also its selected, unselected and
    muted look (nothing on these pages dims or mutes), so it adds one glyph model, not four."""
    renderer = getattr(fig, method)(*args, **kwargs)
    renderer.nonselection_glyph = renderer.selection_glyph = renderer.glyph
    renderer.muted_glyph = None
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
    """One view of each data source for all the figure's renderers that draw it.

    Bokeh gives each renderer its own ``CDSView`` and filter (two models); a view holds the
    indices its source shows, so renderers of one source can share it (those of different
    sources cannot). About a tenth fewer models to build, send and draw per page.

    Every view shows all its rows and every source selects by the union of its renderers' hits:
    that filter and that policy are one model each, shared by all (they hold no state).
    """
    views, every, union = {}, None, None
    for renderer in fig.renderers:
        if isinstance(renderer, GlyphRenderer):
            renderer.view = view = views.setdefault(renderer.data_source.id, renderer.view)
            if isinstance(view.filter, AllIndices):
                every = view.filter = every or view.filter
            src = renderer.data_source
            if isinstance(getattr(src, "selection_policy", None), UnionRenderers):
                union = src.selection_policy = union or src.selection_policy


def set_ticks(axis, labels: dict[float, str]) -> None:
    """Put a tick at each position with its label (and nothing else on the axis); what is already
    there is left alone (Bokeh would validate the value before finding it unchanged)."""
    ticks = [float(k) for k in labels]
    overrides = dict(zip(ticks, labels.values()))
    if not isinstance(axis.ticker, FixedTicker):
        axis.ticker = FixedTicker(ticks=ticks)
    elif list(axis.ticker.ticks) != ticks:
        axis.ticker.ticks = ticks
    if axis.major_label_overrides != overrides:
        axis.major_label_overrides = overrides


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
    parts = [p for p in parts if p[""]]
    data = {}
    for c in columns:
        col = np.concatenate([np.broadcast_to(np.asarray(p.get(c, np.nan)), (p[""],)) for p in parts]) \
            if parts else np.array([])
        data[c] = col.tolist() if col.dtype.kind in "UO" else col
    _put(src, data, sum(p[""] for p in parts))


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
