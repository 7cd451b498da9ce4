"""The claim matrix as a HoloViews overlay."""

from __future__ import annotations

import holoviews as hv
import pandas as pd

from ..frames import MatrixFrame
from .style import sized, style

__all__ = ["matrix"]

AXIS_LABEL = "Claims about… (blamed, denied or questioned party)"


def matrix(frame: MatrixFrame) -> hv.Overlay:
    """Who blames whom: a row per claimant, a column per party, each cell split by stance.

    Each stance is one layer of rectangles, named by its label (the legend); the number in a
    cell is its count of claims, and a segment wide enough carries its own count.
    """
    ny, nx = len(frame.rows), len(frame.cols)
    axes = {"xticks": list(enumerate(frame.cols.name)),
            "yticks": [(ny - 1 - i, name) for i, name in enumerate(frame.rows.name)],
            "xlim": (-0.6, max(nx, 1) - 0.4), "ylim": (-0.6, max(ny, 1) - 0.4), "show_grid": False,
            "xrotation": 40}
    xdim, ydim = hv.Dimension("x0", label=AXIS_LABEL), hv.Dimension("y0", label="Claimant")
    size = sized(max(560, 90 * nx + 420), 34 * max(ny, 1) + 200)
    base = style(hv.Rectangles(pd.DataFrame({c: [] for c in ("x0", "y0", "x1", "y1")}), [xdim, ydim, "x1", "y1"]),
                 axes, **size)
    layers = [base]
    cells = frame.cells.assign(y0=frame.cells.y - 0.4, y1=frame.cells.y + 0.4)
    for label, part in cells.groupby("stance_label", sort=False):
        layers.append(style(
            hv.Rectangles(part, [xdim, ydim, "x1", "y1"], ["colour", "actor", "target", "stance_label", "count"],
                          label=label),
            {"color": "colour"}, bokeh={"line_color": "#000000" if frame.pair else "#ffffff", "tools": ["hover"]},
            matplotlib={"edgecolor": "#000000" if frame.pair else "#ffffff", "linewidth": 1.5}))
    wide = cells[(cells.x1 - cells.x0) >= 0.3]
    if len(frame.totals):
        totals = frame.totals.assign(label=frame.totals["count"].astype(str), y=frame.totals.y + 0.25)
        layers.append(style(hv.Labels(totals, ["x", "y"], ["label", "split"]),
                            bokeh={"text_color": "#111111", "text_font_size": "9pt", "text_font_style": "bold"},
                            matplotlib={"color": "#111111", "size": 8.5, "weight": "bold"}))
    if len(wide):
        segments = wide.assign(xm=(wide.x0 + wide.x1) / 2, label=wide["count"].astype(str))
        layers.append(style(hv.Labels(segments, ["xm", "y"], "label"),
                            bokeh={"text_color": "white", "text_font_size": "8pt"},
                            matplotlib={"color": "white", "size": 7.5}))
    return style(hv.Overlay(layers), matplotlib={"legend_position": "right"})
