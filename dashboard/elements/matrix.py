"""The claim matrix as a HoloViews overlay."""

from __future__ import annotations

import holoviews as hv
import pandas as pd
from holoviews import dim

from ..frames import MatrixFrame
from ..frames.matrix import MIN_COLS
from .style import sized, style

__all__ = ["matrix"]

AXIS_LABEL = "Claims about… (blamed, denied or questioned party)"


def matrix(frame: MatrixFrame) -> hv.Overlay:
    """Who blames whom: a row per claimant, a column per party, each cell split by stance.

    Each stance is one layer of rectangles, named by its label (the legend); each segment
    carries its count where it fits, as in the live view (hover gives the rest).
    """
    ny, nx = len(frame.rows), len(frame.cols)
    axes = {"xticks": list(enumerate(frame.cols.label)),
            "yticks": [(ny - 1 - i, label) for i, label in enumerate(frame.rows.label)],
            "xlim": frame.xlim, "ylim": frame.ylim, "show_grid": False}
    xdim, ydim = hv.Dimension("x0", label=AXIS_LABEL), hv.Dimension("y0", label="Claimant")
    size = sized(max(560, 90 * max(nx, MIN_COLS) + 420), 34 * max(ny, 1) + 200)
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
    counted = cells[cells.label != ""]
    if len(counted):
        layers.append(style(hv.Labels(counted, ["xm", "y"], ["label", "ink"]),
                            bokeh={"text_color": "ink", "text_font_size": "9pt", "text_font_style": "bold"},
                            matplotlib={"color": dim("ink"), "size": 8.5, "weight": "bold"}))
    return style(hv.Overlay(layers), matplotlib={"legend_position": "right"})
