"""The toll over time as HoloViews overlays, one per metric, sharing the date axis."""

from __future__ import annotations

import holoviews as hv
import numpy as np
import pandas as pd
from holoviews import dim

from ..frames import TollFrame
from .style import sized, stacked, style

__all__ = ["metric_tolls", "tolls"]

_HOVER = ["outlet", "metric_label", "text", "basis", "given_by", "quote"]
#: Marker of each kind of figure in each backend, and the legend's name for it.
_KINDS = {"exact": ("circle", "o", "exact"), "lower": ("square", "s", "at least / more than / over"),
          "upper": ("square", "s", "up to / fewer than"), "approximate": ("diamond", "D", "nearly / about")}
_DAY = pd.Timedelta(days=1)


def tolls(frame: TollFrame, metric: str | None = None, *, axis: str = "slots") -> hv.Layout | hv.Overlay:
    """Every figure of ``metric`` at the day it refers to (an overlay), or of every metric (a layout
    of overlays, one column). Filled marks are as of a date the article gives; hollow ones stand at
    the article's date. ``axis="slots"`` (default) is the live view's date axis, where days that
    matter get room and long gaps are narrowed; ``axis="dates"`` a real date axis, to overlay
    elements with dates (figures of one day are then drawn a few hours apart)."""
    if axis not in ("dates", "slots"):
        raise ValueError(f"axis must be 'dates' or 'slots', not {axis!r}")
    if metric is not None:
        return metric_tolls(frame, metric, axis=axis)
    if not frame.metrics:
        raise ValueError("no casualty figure in the chosen articles")
    overlays = [metric_tolls(frame, m, axis=axis) for m in frame.metrics]
    if len(overlays) == 1:
        return overlays[0]
    return stacked(overlays)


def metric_tolls(frame: TollFrame, metric: str, *, axis: str = "slots") -> hv.Overlay:
    """One metric's figures over time."""
    if metric not in frame.metrics:
        raise ValueError(f"no plot for {metric!r}; plotted metrics: {', '.join(frame.metrics) or 'none'}")
    marks = frame.metric_marks(metric)
    dates = axis == "dates"
    if dates:  # a dodge of one slot is two days
        marks = marks.assign(x=marks.date + (marks.x - marks.slot) * 2 * _DAY)
    lo, hi = frame.extents[metric]
    label = marks.metric_label.iloc[0]
    xdim = hv.Dimension("x", label="Date the figure is given for" if dates else "Date the figure is given for "
                        "(gaps narrowed)")
    ydim = hv.Dimension("value", label=f"{label} (as printed)")
    axes = {"ylim": (lo, hi), "title": label, "show_grid": False}
    if not dates:
        axes.update(xticks=frame.ticks, xlim=frame.xlim)
    empty = pd.DataFrame({"x": pd.Series([], dtype="datetime64[ns]" if dates else float), "value": []})
    layers = [style(hv.Scatter(empty, xdim, ydim), axes, **sized(900, frame.height(metric)))]
    colour = marks.colour.iloc[0]
    marks = marks.assign(fill=np.where(marks.dated, marks.colour, "#ffffff"),
                         edge=np.where(marks.chosen, "#000000", marks.colour))
    marks = marks.sort_values("dated", ascending=False, kind="stable")  # the legend's glyph: a filled mark
    bands = marks[marks.kind == "approximate"]
    if len(bands):
        if dates:
            layers.append(style(hv.Curve(_vertical(bands, "lower", "upper"), xdim, ydim),
                                {"color": colour, "alpha": 0.25}, bokeh={"line_width": 9},
                                matplotlib={"linewidth": 8}))
        else:
            boxes = bands.assign(x0=bands.x - 0.09, x1=bands.x + 0.09)
            layers.append(style(hv.Rectangles(boxes, ["x0", "lower", "x1", "upper"], _HOVER),
                                {"color": colour, "alpha": 0.25},
                                bokeh={"line_dash": "dashed", "line_color": colour, "tools": ["hover"]},
                                matplotlib={"linestyle": "dashed", "edgecolor": colour}))
    bars = marks[marks.kind.isin(["lower", "upper"])]
    if len(bars):
        layers.append(style(hv.Curve(_vertical(bars, "value", "bar_end"), xdim, ydim),
                            {"color": colour, "alpha": 0.35}, bokeh={"line_width": 5}, matplotlib={"linewidth": 4}))
        for kind, (b_marker, m_marker) in (("lower", ("triangle", "^")), ("upper", ("inverted_triangle", "v"))):
            ends = bars[bars.kind == kind]
            if len(ends):
                layers.append(style(hv.Scatter(ends, xdim, "bar_end"), {"color": colour, "alpha": 0.55},
                                    bokeh={"marker": b_marker, "size": 12}, matplotlib={"marker": m_marker, "s": 60}))
    for kind, (b_marker, m_marker, name) in _KINDS.items():
        part = marks[marks.kind == kind]
        if len(part):
            layers.append(style(
                hv.Scatter(part, xdim, [ydim, "fill", "edge", "figure_id", *_HOVER], label=name),
                bokeh={"marker": b_marker, "fill_color": "fill", "line_color": "edge", "size": 11, "line_width": 2,
                       "tools": ["hover"]},
                matplotlib={"marker": m_marker, "facecolors": dim("fill"), "edgecolors": dim("edge"), "s": 70,
                            "linewidth": 1.6}))
    if frame.gaps and not dates:
        gaps = pd.DataFrame(frame.gaps, columns=["x", "text"]).assign(y=lo + (hi - lo) * 0.03)
        layers.append(style(hv.Labels(gaps, ["x", "y"], "text"),
                            bokeh={"text_color": "#777777", "text_font_size": "8pt", "text_baseline": "bottom"},
                            matplotlib={"color": "#777777", "size": 7.5, "verticalalignment": "bottom"}))
    return style(hv.Overlay(layers), matplotlib={"legend_position": "right"})


def _vertical(marks: pd.DataFrame, y0: str, y1: str) -> pd.DataFrame:
    """Vertical bars at ``x`` from ``y0`` to ``y1`` as one line broken between bars (Matplotlib draws
    HoloViews Segments at wrong dates)."""
    n = len(marks)
    xs = np.repeat(marks.x.to_numpy(), 3)
    ys = np.empty(3 * n, dtype=float)
    ys[0::3], ys[1::3], ys[2::3] = marks[y0].to_numpy(float), marks[y1].to_numpy(float), np.nan
    return pd.DataFrame({"x": xs, "value": ys})
