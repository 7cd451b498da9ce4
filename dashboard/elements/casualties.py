"""The casualty comparison as HoloViews overlays, one per metric."""

from __future__ import annotations

import holoviews as hv
import numpy as np
import pandas as pd

from ..frames import CasualtyFrame
from .style import FIGURE_COLOUR, shade, sized, stacked, style

__all__ = ["casualties", "metric_overlay"]

_HOVER = ["outlet", "metric_label", "text", "as_of_text", "given_by", "quote"]


def casualties(frame: CasualtyFrame, metric: str | None = None) -> hv.Layout | hv.Overlay:
    """Each article's figures for ``metric`` (an overlay), or for every plotted metric (a layout of
    overlays, one column). A point is exact; a bar running to the right is "at least / more than /
    over"; a band is "nearly / about"."""
    if metric is not None:
        return metric_overlay(frame, metric)
    overlays = [metric_overlay(frame, m) for m in frame.metrics]
    if not overlays:
        raise ValueError("no casualty figure to compare in the chosen articles")
    return stacked(overlays) if len(overlays) > 1 else overlays[0]


def metric_overlay(frame: CasualtyFrame, metric: str) -> hv.Overlay:
    """One metric's figures, a row per article (oldest at the top)."""
    if metric not in frame.metrics:
        raise ValueError(f"no plot for {metric!r}; plotted metrics: {', '.join(frame.metrics) or 'none'}")
    marks = frame.marks[frame.marks.metric == metric]
    label = marks.metric_label.iloc[0]
    xmin, xmax = frame.extents[metric]
    xdim = hv.Dimension("value", label=f"{label} (as printed)")
    ydim = hv.Dimension("slot", label="Article")
    axes = {"yaxis": None, "ylim": frame.ylim, "xlim": (xmin, xmax), "title": label, "show_grid": False}
    layers = [style(hv.Scatter(pd.DataFrame({"value": [], "slot": []}), xdim, ydim), axes,
                    **sized(900, frame.height))]
    odd = frame.rows[frame.rows.row.astype(int) % 2 == 1]
    for row in odd.row:  # every other article's row shaded, as in the live view
        layers.append(shade(hv.HSpan(row - 0.5, row + 0.5), "#eef1f5", 1.0))
    edge = np.where(marks.chosen, "#000000", FIGURE_COLOUR)
    marks = marks.assign(edge=edge, end=np.where(np.isfinite(marks.upper), marks.upper, xmax))
    approx = marks[marks.kind == "approximate"]
    if len(approx):
        bands = approx.assign(y0=approx.slot - 0.08, y1=approx.slot + 0.08)
        layers.append(style(hv.Rectangles(bands, ["lower", "y0", "upper", "y1"], _HOVER, label="nearly / about"),
                            {"color": FIGURE_COLOUR, "alpha": 0.3},
                            bokeh={"line_dash": "dashed", "line_color": FIGURE_COLOUR, "tools": ["hover"]},
                            matplotlib={"linestyle": "dashed", "edgecolor": FIGURE_COLOUR}))
        layers.append(style(hv.Scatter(approx, xdim, [ydim, *_HOVER, "edge"]),
                            bokeh={"fill_color": "white", "line_color": "edge", "size": 11, "line_width": 2},
                            matplotlib={"facecolors": "white", "edgecolors": hv.dim("edge"), "s": 70}))
    lower = marks[marks.kind == "lower"]
    if len(lower):
        layers.append(style(hv.Segments(lower.assign(y1=lower.slot), ["value", "slot", "end", "y1"], _HOVER,
                                        label="at least / more than / over"),
                            {"color": FIGURE_COLOUR, "alpha": 0.35}, bokeh={"line_width": 5, "tools": ["hover"]},
                            matplotlib={"linewidth": 4}))
        layers.append(style(hv.Scatter(lower, "end", "slot"), {"color": FIGURE_COLOUR, "alpha": 0.5},
                            bokeh={"marker": "triangle", "angle": -np.pi / 2, "size": 12},
                            matplotlib={"marker": ">", "s": 60}))
        layers.append(style(hv.Scatter(lower, xdim, [ydim, *_HOVER, "edge"]),
                            bokeh={"marker": "square", "fill_color": "white", "line_color": "edge", "size": 11,
                                   "line_width": 2},
                            matplotlib={"marker": "s", "facecolors": "white", "edgecolors": hv.dim("edge"), "s": 70}))
    exact = marks[marks.kind == "exact"]
    if len(exact):
        layers.append(style(hv.Scatter(exact, xdim, [ydim, *_HOVER, "edge"], label="exact"),
                            bokeh={"fill_color": FIGURE_COLOUR, "line_color": "edge", "size": 11, "line_width": 2,
                                   "tools": ["hover"]},
                            matplotlib={"facecolors": FIGURE_COLOUR, "edgecolors": hv.dim("edge"), "s": 70}))
    # each label on its mark's line, starting right of the mark (a nudge of about 9 px)
    nudge = (xmax - xmin) * 0.02
    layers.append(style(hv.Labels(marks.assign(x=marks.label_x + nudge), ["x", "slot"], "label"),
                        bokeh={"text_color": "#222222", "text_align": "left", "text_font_size": "8pt",
                               "text_baseline": "middle"},
                        matplotlib={"color": "#222222", "horizontalalignment": "left", "size": 7.5,
                                    "verticalalignment": "center"}))
    headers = frame.rows.assign(x=xmin + nudge / 2)
    layers.append(style(hv.Labels(headers, ["x", "header"], "label"),
                        bokeh={"text_color": "#555555", "text_align": "left", "text_font_size": "8pt",
                               "text_baseline": "top", "text_font_style": "italic"},
                        matplotlib={"color": "#555555", "horizontalalignment": "left", "size": 7.5,
                                    "verticalalignment": "top"}))
    return style(hv.Overlay(layers), matplotlib={"legend_position": "right"})
