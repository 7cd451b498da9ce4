"""The timeline as a HoloViews overlay."""

from __future__ import annotations

import holoviews as hv
import numpy as np
import pandas as pd
from holoviews import dim

from ..frames import TimelineFrame
from .style import EVENT_COLOUR, shade, sized, style

__all__ = ["timeline"]

_HOVER = ["actor", "target", "stance_label", "when", "outlet", "quote"]


def timeline(frame: TimelineFrame, *, axis: str = "dates") -> hv.Overlay:
    """Claims by claimant over time, with the numbered events, as the live timeline draws them.

    ``axis="dates"`` (default) puts the marks on a real date axis, so other elements with
    dates overlay them (``timeline(f) * hv.VLine(pd.Timestamp("2024-03-22"))``);
    ``axis="slots"`` uses the live view's compressed axis (one slot per date that matters).
    Each stance is one layer, named by its label (the legend); a hollow mark is a claim its
    article does not date, drawn at the article's date; a bar is a claim dated to a week or month.
    """
    if axis not in ("dates", "slots"):
        raise ValueError(f"axis must be 'dates' or 'slots', not {axis!r}")
    dates = axis == "dates"
    x, x0, x1 = ("date", "start", "end") if dates else ("slot", "slot_start", "slot_end")
    xdim = hv.Dimension(x, label="Date said" if dates else "Date said (compressed)")
    ydim = hv.Dimension("row", label="Claimant")
    rows = list(zip(frame.rows.row, frame.rows.actor)) + [((frame.events_row + frame.top) / 2, "Events")]
    axes = {"yticks": rows, "ylim": (-1.0, frame.top + 0.7), "show_grid": False}
    if not dates:
        lo, hi = frame.extent
        axes.update(xticks=frame.ticks, xlim=(lo - 0.6, hi + 0.6))
    empty = pd.DataFrame({x: pd.Series([], dtype="datetime64[ns]" if dates else float), "row": []})
    size = sized(1000, max(260, int(36 * (frame.top + 1.7)) + 110))
    layers = [style(hv.Scatter(empty, xdim, ydim), axes, bokeh=size["bokeh"],
                    matplotlib={**size["matplotlib"], "xrotation": 30 if dates else 45})]
    if frame.range is not None:  # the days outside the chosen range, greyed
        lo, hi = frame.range_dates if dates else frame.range
        first, last = _reach(frame, dates)
        for a, b in ((first, lo), (hi, last)):
            if a < b:
                layers.append(shade(hv.VSpan(a, b), "#8c8c8c", 0.12))
    layers += _events(frame, x, x0, x1, xdim, ydim)
    if len(frame.groups):
        for i, (alpha, groups) in enumerate(sorted(frame.groups.groupby("alpha"), key=lambda g: -g[0])):
            layers.append(style(
                hv.Scatter(groups, xdim, [ydim, "count", "actor", "when", "breakdown", "colour", "size"],
                           label="Claims counted" if i == 0 else ""),
                {"color": "colour", "alpha": 0.85 * float(alpha)},
                bokeh={"size": dim("size"), "line_color": "#333333", "tools": ["hover"]},
                matplotlib={"s": dim("size") ** 2, "edgecolors": "#333333"}))
    layers += _claims(frame, x, x0, x1, xdim, ydim)
    return style(hv.Overlay(layers), matplotlib={"legend_position": "right"})


def _claims(frame: TimelineFrame, x, x0, x1, xdim, ydim) -> list:
    """One layer per stance (in the vocabulary's order): bars for periods, then points."""
    layers = []
    points, periods = frame.points, frame.periods
    stances = list(dict.fromkeys([*points.get("stance_label", []), *periods.get("stance_label", [])]))
    for label in stances:
        if len(periods):
            spans = periods[periods.stance_label == label]
            for alpha, part in spans.groupby("alpha", sort=False):
                layers.append(style(hv.Curve(_bars(part, x0, x1, x), xdim, ydim, label=label),
                                    {"color": part.colour.iloc[0], "alpha": 0.45 * alpha}, bokeh={"line_width": 5},
                                    matplotlib={"linewidth": 4}))
        if len(points):
            marks = points[points.stance_label == label]
            if len(marks):
                marks = marks.assign(fill=np.where(marks.hollow, "#ffffff", marks.colour),
                                     edge=np.where(marks.chosen, "#000000", marks.colour))
                # dated claims first, so that the legend's glyph is a filled mark; those outside the
                # date range in a paler layer of their own
                marks = marks.sort_values(["hollow"], kind="stable")
                for i, (alpha, part) in enumerate(sorted(marks.groupby("alpha"), key=lambda g: -g[0])):
                    layers.append(style(
                        hv.Scatter(part, xdim, [ydim, "colour", "fill", "edge", "claim_id", *_HOVER],
                                   label=label if i == 0 else ""),
                        {"alpha": float(alpha)},
                        bokeh={"size": 11, "fill_color": "fill", "line_color": "edge", "line_width": 2,
                               "tools": ["hover"]},
                        matplotlib={"s": 70, "facecolors": dim("fill"), "edgecolors": dim("edge"), "linewidth": 1.6}))
    return layers


def _bars(spans: pd.DataFrame, x0: str, x1: str, x: str) -> pd.DataFrame:
    """Horizontal bars from ``x0`` to ``x1`` at ``row`` as one line broken between bars.

    (One line rather than HoloViews Segments: Matplotlib-rendered Segments and Rectangles
    misplace dates.)
    """
    n = len(spans)
    xs = np.empty(3 * n, dtype=spans[x0].to_numpy().dtype)
    xs[0::3], xs[1::3], xs[2::3] = spans[x0].to_numpy(), spans[x1].to_numpy(), spans[x1].to_numpy()
    ys = np.repeat(spans.row.to_numpy(float), 3)
    ys[2::3] = np.nan
    return pd.DataFrame({x: xs, "row": ys})


def _events(frame: TimelineFrame, x, x0, x1, xdim, ydim) -> list:
    """Numbered diamonds for events of one day, bars for events of a week or a month."""
    ev = frame.events
    if ev.empty:
        return []
    hover = ["number", "title", "when", "category"]
    layers = []
    vague, day = ev[~ev.one_day], ev[ev.one_day]
    if len(vague):  # numbered at the end of the period, where the list puts them
        layers.append(style(hv.Curve(_bars(vague, x0, x1, x), xdim, ydim),
                            {"color": EVENT_COLOUR, "alpha": 0.3}, bokeh={"line_width": 7},
                            matplotlib={"linewidth": 6}))
        layers.append(style(hv.Labels(vague, [x1, "row"], "label"),
                            bokeh={"text_color": "#222222", "text_font_size": "7.5pt", "text_align": "right"},
                            matplotlib={"color": "#222222", "size": 7, "horizontalalignment": "right"}))
    if len(day):
        layers.append(style(hv.Scatter(day, xdim, [ydim, *hover], label="Events"),
                            {"color": EVENT_COLOUR}, bokeh={"marker": "diamond", "size": 20, "tools": ["hover"]},
                            matplotlib={"marker": "D", "s": 150}))
        layers.append(style(hv.Labels(day, [x, "row"], "label"),
                            bokeh={"text_color": "white", "text_font_size": "7.5pt", "text_font_style": "bold"},
                            matplotlib={"color": "white", "size": 6.5, "weight": "bold"}))
    return layers


def _reach(frame: TimelineFrame, dates: bool):
    """The first and last day (or position) the axis shows."""
    lo, hi = frame.extent
    if not dates:
        return lo - 0.6, hi + 0.6
    days = [d for d in (*frame.points.get("date", []), *frame.periods.get("start", []),
                        *frame.periods.get("end", []), *frame.events.start, *frame.events.end) if not pd.isna(d)]
    return (min(days), max(days)) if days else frame.range_dates
