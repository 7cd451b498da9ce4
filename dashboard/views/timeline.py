"""Timeline: each claim on its claimant's row at the date it was made, against the events."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import panel as pn
import param
from bokeh.events import SelectionGeometry
from bokeh.models import BoxSelectTool, ColumnDataSource, HoverTool, Range1d, TapTool

from ..elements import timeline as draw_timeline
from ..frames import TimelineFrame, events_frame, timeline_frame
from ..html import esc
from ..query import rows as table_rows
from ..state import FILTERS
from .base import Drawing, DrawnView, short
from .plotting import new_figure, replace, set_ticks, source

_ROW_PX = 36

_CLAIM_TOOLTIP = """
<div style="max-width:420px;white-space:normal">
<b>@{actor}</b> &rarr; @{target}<br>
<span style="color:@{colour}">&#9679;</span> <b>@{stance_label}</b> &middot; said: @{when}<br>
<i>@{outlet}</i><br>
<span>&ldquo;@{quote}&rdquo;</span>
</div>
"""
_GROUP_TOOLTIP = """
<div style="max-width:380px;white-space:normal">
<b>@{actor}</b> &middot; @{when}<br><b>@{count}</b> claims: @{breakdown}<br>
<span style="color:#555">Click to see them one by one.</span>
</div>
"""
_EVENT_TOOLTIP = """
<div style="max-width:380px;white-space:normal">
<b>@{number}. @{title}</b><br>@{when} &middot; @{category}<br>@{description}
</div>
"""

_CLAIM_COLUMNS = ["claim_id", "slot", "row", "actor", "target", "stance_label", "when", "outlet", "quote",
                  "colour", "fill", "line", "width"]
_PERIOD_COLUMNS = ["claim_id", "slot_start", "slot_end", "row", "actor", "target", "stance_label", "when",
                   "outlet", "quote", "colour"]
_GROUP_COLUMNS = ["actor_id", "first", "last", "slot", "row", "actor", "when", "count", "breakdown", "colour", "size"]
_EVENT_COLUMNS = ["slot", "row", "label", "slot_start", "slot_end", "number", "title", "when", "category",
                  "description"]


class _TimelineDrawing(Drawing):
    """One display's figure: claims, periods, counted marks, events, the chosen range."""

    def __init__(self, view: "Timeline"):
        self.view = view
        self.claims = source(_CLAIM_COLUMNS)
        self.periods = source(_PERIOD_COLUMNS)
        self.groups = source(_GROUP_COLUMNS)
        self.events_day = source(_EVENT_COLUMNS)
        self.events_vague = source(_EVENT_COLUMNS)
        self.range = source(["x0", "x1"])  # the chosen date range (a data change, cheaper than an annotation's)
        self.fig = self._figure(view.prepared)
        events = events_frame(view.prepared).assign(row=0.0)
        replace(self.events_day, events[events.one_day], _EVENT_COLUMNS)
        replace(self.events_vague, events[~events.one_day], _EVENT_COLUMNS)
        self.claims.selected.on_change("indices", self._on_tap_claim)
        self.groups.selected.on_change("indices", self._on_tap_group)
        self.fig.on_event(SelectionGeometry, self._on_box)
        self.pane = pn.pane.Bokeh(self.fig, sizing_mode="stretch_width")
        self.rows = -1  # claimant rows drawn

    def _figure(self, p):
        n = len(p.time_scale.anchors)
        fig = new_figure(height=300, x_range=Range1d(-0.6, n - 0.4, bounds=(-1.5, n + 0.5)), y_range=Range1d(-1, 1),
                         tools="xpan,xwheel_zoom,xbox_select,tap,reset,save", active_drag="xbox_select",
                         active_scroll=None)
        fig.xaxis.major_label_orientation = math.pi / 4
        fig.xaxis.major_label_text_font_size = "8.5pt"
        fig.xgrid.grid_line_alpha = 0.12
        fig.vstrip("x0", "x1", source=self.range, fill_color="#ffd54f", fill_alpha=0.25, line_alpha=0)
        gaps = pd.DataFrame(p.time_scale.gaps(), columns=["slot", "text"]).assign(row=-0.75)
        fig.text("slot", "row", "text", source=ColumnDataSource(dict(gaps)), text_color="#777777",
                 text_font_size="8pt", text_align="center", text_baseline="middle")
        lines = fig.vspan("slot", source=self.events_day, line_color="#8a8a8a", line_dash="dotted", line_width=1)
        spans = fig.segment("slot_start", "row", "slot_end", "row", source=self.events_vague, line_color="#3d3d3d",
                            line_width=7, line_alpha=0.3)
        marks = fig.scatter("slot", "row", source=self.events_day, marker="diamond", size=22, color="#3d3d3d")
        fig.text("slot", "row", "label", source=self.events_day, text_color="white", text_font_size="7.5pt",
                 text_font_style="bold", text_align="center", text_baseline="middle")
        fig.text("slot_start", "row", "label", source=self.events_vague, text_color="#222222",
                 text_font_size="7.5pt", text_font_style="bold", x_offset=4, text_baseline="middle")
        periods = fig.segment("slot_start", "row", "slot_end", "row", source=self.periods, line_color="colour",
                              line_width=5, line_alpha=0.45)
        groups = fig.scatter("slot", "row", source=self.groups, size="size", fill_color="colour",
                             line_color="#333333", fill_alpha=0.85)
        claims = fig.scatter("slot", "row", source=self.claims, size=11, fill_color="fill", line_color="line",
                             line_width="width")
        for renderer in (claims, groups, periods, marks, spans, lines):
            renderer.nonselection_glyph = renderer.glyph  # a click must not dim the other marks
            renderer.selection_glyph = renderer.glyph
        fig.add_tools(HoverTool(renderers=[claims, periods], tooltips=_CLAIM_TOOLTIP),
                      HoverTool(renderers=[groups], tooltips=_GROUP_TOOLTIP),
                      HoverTool(renderers=[marks, spans], tooltips=_EVENT_TOOLTIP))
        fig.select_one(TapTool).renderers = [claims, groups]
        fig.select_one(BoxSelectTool).renderers = [claims, groups, periods]
        return fig

    def draw(self, frame: TimelineFrame) -> None:
        points = frame.points
        if len(points):
            points = points.assign(fill=np.where(points.hollow, "#ffffff", points.colour),
                                   line=np.where(points.chosen, "#000000", points.colour),
                                   width=np.where(points.chosen, 3.5, 2.0))
        replace(self.claims, points, _CLAIM_COLUMNS)
        replace(self.periods, frame.periods, _PERIOD_COLUMNS)
        replace(self.groups, frame.groups, _GROUP_COLUMNS)
        if self.rows < 0:  # the date axis is the same for every frame
            set_ticks(self.fig.xaxis, dict(frame.ticks))
        names = dict(zip(frame.rows.row, frame.rows.actor))
        top = len(frame.rows)
        set_ticks(self.fig.yaxis, {**{r: short(name) for r, name in names.items()}, top: "Events"})
        if top != self.rows:
            self.fig.y_range.update(start=-1.0, end=top + 0.8)
            self.fig.height = _ROW_PX * (top + 2) + 110
            for src, offset in ((self.events_day, 0.0), (self.events_vague, 0.42)):
                src.data = {**src.data, "row": np.full(len(src.data["slot"]), top + offset)}
            self.rows = top
        self.range.data = ({"x0": [frame.range[0]], "x1": [frame.range[1]]} if frame.range
                           else {"x0": [], "x1": []})

    # ---------------------------------------------------------------- writes
    def _on_tap_claim(self, _attr, _old, index):
        if len(index) != 1:
            return  # a dragged box is a date range, handled by _on_box
        ids = self.claims.data["claim_id"]
        if index[0] < len(ids):
            self.view.state.selected = f"claim:{ids[index[0]]}"

    def _on_tap_group(self, _attr, _old, index):
        if len(index) != 1:
            return
        data = self.groups.data
        if index[0] < len(data["row"]):
            first, last = (pd.Timestamp(data[k][index[0]]).date() for k in ("first", "last"))
            self.view.state.param.update(actors=[data["actor_id"][index[0]]], start=first, end=last)

    def _on_box(self, event):
        if getattr(event, "final", True) and event.geometry.get("type") == "rect":
            self.view.select_slots(event.geometry["x0"], event.geometry["x1"])


class Timeline(DrawnView):
    """Claims by claimant over time, with the dated events; a dragged range filters the page.

    The date axis gives every date with a claim or an event one slot, so busy
    days are readable; gaps are labelled with how much time they skip. Beyond
    ``max_marks`` claims, a claimant's claims of one day (or week) are drawn as
    one counted mark, and at most ``max_rows`` claimants (the most active) get a row.
    """

    title = param.String(default="Timeline")

    note = param.String(default=(
        "Each mark is a claim on its claimant's row, coloured by stance; diamonds are events. "
        "Drag across the plot to filter by date; click a mark to read it in its article."
    ))

    max_rows = param.Integer(default=40, bounds=(1, None), doc="Claimants shown at most (the most active).")

    max_marks = param.Integer(default=600, bounds=(1, None),
                              doc="Claims drawn one by one at most; beyond, counted per claimant and day.")

    max_groups = param.Integer(default=800, bounds=(1, None),
                               doc="Counted marks at most: beyond, claims are counted per claimant and week, "
                                   "then per month.")

    _element = staticmethod(draw_timeline)
    _limits = ("max_rows", "max_marks", "max_groups")

    watches = (*FILTERS, "selected")

    def __init__(self, **params):
        super().__init__(**params)
        self._events = pn.pane.HTML(self._events_html(), sizing_mode="stretch_width")
        self.param.watch(self._redraw, ["max_rows", "max_marks", "max_groups"])

    def frame(self) -> TimelineFrame:
        s = self.state
        return timeline_frame(self.prepared, s.filters, selected=s.selected, mask=s.mask(undated=True),
                              max_rows=self.max_rows, max_marks=self.max_marks, max_groups=self.max_groups)

    def _empty_frame(self) -> TimelineFrame:
        return timeline_frame(self.prepared, mask=np.zeros(len(self.prepared.claims), dtype=bool))

    def _new_drawing(self) -> _TimelineDrawing:
        return _TimelineDrawing(self)

    def _draw(self, drawing: _TimelineDrawing, frame: TimelineFrame) -> None:
        drawing.draw(frame)

    def _describe(self, frame: TimelineFrame) -> None:
        self.set_empty("" if frame.matching or self._failed else "No claims match the current filters.")
        self.set_info(frame.info)

    def _events_html(self) -> str:
        events = table_rows(self.prepared, "events")
        items = "".join(f'<li value="{int(e.number)}"><b>{esc(e.when)}</b> — {esc(e.title)}</li>'
                        for e in events.itertuples())
        shown = " open" if len(events) <= 30 else ""  # a long list starts folded
        return (f'<details class="cd-events"{shown}><summary>Numbered events (diamonds): '
                f'{len(events)}</summary><ol>{items}</ol></details>')

    def select_slots(self, lo: float, hi: float) -> None:
        """Filter to the dates between two positions on the date axis (a dragged range)."""
        scale = self.prepared.time_scale
        lo, hi = sorted((lo, hi))
        start, end = scale.date(lo).ceil("D"), scale.date(hi).floor("D")
        if start > end:  # the box fell between two dates: take the nearer one
            start = end = scale.date((lo + hi) / 2).round("D")
        self.state.param.update(start=start.date(), end=end.date())

    def __panel__(self):
        return pn.Column(self.notice, self.drawing().pane, self._events, sizing_mode="stretch_width")
