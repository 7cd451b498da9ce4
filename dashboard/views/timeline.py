"""Timeline: each claim on its claimant's row at the date it was made, against the events."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import panel as pn
import param
from bokeh.events import SelectionGeometry, Tap
from bokeh.models import BoxSelectTool, ColumnDataSource, HoverTool, Range1d, TapTool

from ..elements import timeline as draw_timeline
from ..frames import TimelineFrame, events_frame, timeline_frame
from ..frames.base import selected_id
from ..frames.timeline import LANE
from ..html import esc
from ..query import rows as table_rows
from ..state import FILTERS
from .base import Drawing, DrawnView, short
from .plotting import built, changed_only, glyph, new_figure, replace, set_ticks, share_views, source, tool
from .text import Text

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
                  "colour", "fill", "line", "width", "alpha"]
_PERIOD_COLUMNS = ["claim_id", "slot_start", "slot_end", "row", "actor", "target", "stance_label", "when",
                   "outlet", "quote", "colour", "alpha"]
_GROUP_COLUMNS = ["actor_id", "first", "last", "slot", "row", "actor", "when", "count", "breakdown", "colour", "size",
                  "alpha"]
_EVENT_COLUMNS = ["event_id", "slot", "row", "label", "slot_start", "slot_end", "number", "title", "when", "category",
                  "description"]
#: What the marks mean, drawn as the plot draws them (inline SVG: no font needed for the glyphs).
_KEY_HTML = (
    '<div class="cd-key">'
    '<span><svg width="14" height="14" aria-hidden="true" style="vertical-align:middle"><circle cx="7" cy="7" r="5" fill="#555" '
    'stroke="#555" stroke-width="2"/></svg> said on a day the article gives</span>'
    '<span><svg width="34" height="14" aria-hidden="true" style="vertical-align:middle"><line x1="2" y1="7" x2="32" y2="7" stroke="#555" '
    'stroke-width="5" stroke-opacity="0.45"/></svg> dated only to a week or a month (a bar across it)</span>'
    '<span><svg width="14" height="14" aria-hidden="true" style="vertical-align:middle"><circle cx="7" cy="7" r="5" fill="#fff" '
    'stroke="#555" stroke-width="2"/></svg> hollow: no date in the article, drawn at the article&rsquo;s date</span>'
    '<span><svg width="16" height="16" aria-hidden="true" style="vertical-align:middle"><path d="M8 1 L15 8 L8 15 L1 8 Z" fill="#3d3d3d"/>'
    '</svg> event of one day, numbered (list below)</span>'
    '<span>A date range keeps a claim only when the whole day, week or month it was made in lies inside '
    'the range; claims outside it are pale.</span></div>'
)


def _array(column) -> np.ndarray:
    """A column of the frame's marks as NumPy (as ``Series.to_numpy`` gives it)."""
    return column.to_numpy() if hasattr(column, "to_numpy") else np.asarray(column)


def _columns(frame: TimelineFrame) -> tuple[dict, dict, dict, dict]:
    """What a drawing of ``frame`` puts in its sources of claims, periods and counted marks, and its
    claimant axis's labels (every drawing of the frame the same: see :func:`~.plotting.built`)."""
    # the columns as arrays (a few dozen rows: pandas' cost per operation is most of it), and
    # opacities as 4-byte floats: they go to the browser on every change
    # the frame's columns of the marks (no DataFrame made): only those drawn are taken
    marks = frame.point_columns
    points = {c: [] for c in _CLAIM_COLUMNS}
    if marks.size:
        colour, chosen = _array(marks["colour"]), _array(marks["chosen"]).astype(bool)
        points = {**{c: _array(marks[c]) for c in _CLAIM_COLUMNS if c in marks},
                  "fill": np.where(_array(marks["hollow"]).astype(bool), "#ffffff", colour),
                  "line": np.where(chosen, "#000000", colour), "width": np.where(chosen, 3.5, 2.0),
                  "alpha": _array(marks["alpha"]).astype(np.float32)}
    bars = frame.period_columns
    periods = {c: [] for c in _PERIOD_COLUMNS}
    if bars.size:
        periods = {**{c: _array(bars[c]) for c in _PERIOD_COLUMNS},
                   "alpha": (_array(bars["alpha"]) * 0.45).astype(np.float32)}
    groups = frame.groups
    if len(groups):
        groups = {**{c: groups[c].to_numpy() for c in _GROUP_COLUMNS},
                  "alpha": (groups["alpha"].to_numpy() * 0.85).astype(np.float32)}
    names = dict(zip(frame.rows.row, frame.rows.actor))
    labels = {**{r: short(name) for r, name in names.items()},
              len(frame.rows) + LANE * (frame.lanes - 1) / 2: "Events"}
    return points, periods, groups, labels


class _TimelineDrawing(Drawing):
    """One display's figure: claims, periods, counted marks, events, the chosen range."""

    def __init__(self, view: "Timeline"):
        self.view = view
        self.claims = source(_CLAIM_COLUMNS)
        self.periods = source(_PERIOD_COLUMNS)
        self.groups = source(_GROUP_COLUMNS)
        self.events_day = source(_EVENT_COLUMNS)
        self.events_vague = source(_EVENT_COLUMNS)
        self.outside = source(["x0", "x1"])  # the days outside the chosen range, dimmed
        self.fig = self._figure(view.prepared)
        events = events_frame(view.prepared).assign(row=0.0)
        replace(self.events_day, events[events.one_day], _EVENT_COLUMNS)
        replace(self.events_vague, events[~events.one_day], _EVENT_COLUMNS)
        self.claims.selected.on_change("indices", self._on_tap_claim)
        self.groups.selected.on_change("indices", self._on_tap_group)
        self.fig.on_event(SelectionGeometry, self._on_box)
        view.cue_on(self.fig, Tap)
        view.cue_on(self.fig, SelectionGeometry, final=True)
        self.pane = pn.pane.Bokeh(self.fig, sizing_mode="stretch_width")
        self.rows = -1  # claimant rows drawn

    def _figure(self, p):
        lo, hi = p.time_scale.extent
        fig = new_figure(height=300, x_range=Range1d(lo - 0.6, hi + 0.6, bounds=(lo - 1.5, hi + 1.5)),
                         y_range=Range1d(-1, 1), tools="xpan,xwheel_zoom,xbox_select,tap,reset,save",
                         active_drag="xbox_select", active_scroll=None)
        fig.xaxis.major_label_orientation = math.pi / 4
        fig.xaxis.major_label_text_font_size = "8.5pt"
        fig.xgrid.grid_line_alpha = 0.12
        gaps = pd.DataFrame(p.time_scale.gaps(), columns=["slot", "text"]).assign(row=-0.75)
        glyph(fig, "text", "slot", "row", "text", source=ColumnDataSource(dict(gaps)), text_color="#777777",
                 text_font_size="8pt", text_align="center", text_baseline="middle")
        lines = glyph(fig, "vspan", "slot", source=self.events_day, line_color="#8a8a8a", line_dash="dotted", line_width=1)
        spans = glyph(fig, "segment", "slot_start", "row", "slot_end", "row", source=self.events_vague, line_color="#3d3d3d",
                            line_width=7, line_alpha=0.3)
        marks = glyph(fig, "scatter", "slot", "row", source=self.events_day, marker="diamond", size=27, color="#3d3d3d")
        glyph(fig, "text", "slot", "row", "label", source=self.events_day, text_color="white", text_font_size="7pt",
                 text_font_style="bold", text_align="center", text_baseline="middle")
        glyph(fig, "text", "slot_end", "row", "label", source=self.events_vague, text_color="#222222",
                 text_font_size="7.5pt", text_font_style="bold", x_offset=-3, text_align="right",
                 text_baseline="middle")
        periods = glyph(fig, "segment", "slot_start", "row", "slot_end", "row", source=self.periods, line_color="colour",
                              line_width=5, line_alpha="alpha")
        groups = glyph(fig, "scatter", "slot", "row", source=self.groups, size="size", fill_color="colour",
                             line_color="#333333", fill_alpha="alpha", line_alpha="alpha")
        claims = glyph(fig, "scatter", "slot", "row", source=self.claims, size=11, fill_color="fill", line_color="line",
                             line_width="width", fill_alpha="alpha", line_alpha="alpha")
        # over the marks: the days outside a chosen range, greyed
        glyph(fig, "vstrip", "x0", "x1", source=self.outside, fill_color="#8c8c8c", fill_alpha=0.12, line_alpha=0)
        fig.add_tools(HoverTool(renderers=[claims, periods], tooltips=_CLAIM_TOOLTIP),
                      HoverTool(renderers=[groups], tooltips=_GROUP_TOOLTIP),
                      HoverTool(renderers=[marks, spans], tooltips=_EVENT_TOOLTIP))
        tool(fig, TapTool).renderers = [claims, groups]
        tool(fig, BoxSelectTool).renderers = [claims, groups, periods]
        share_views(fig)
        return fig

    def draw(self, frame: TimelineFrame) -> None:
        points, periods, groups, labels = built(frame, "timeline", lambda: _columns(frame))
        replace(self.claims, points, _CLAIM_COLUMNS)
        replace(self.periods, periods, _PERIOD_COLUMNS)
        replace(self.groups, groups, _GROUP_COLUMNS)
        if self.rows < 0:  # the date axis is the same for every frame
            set_ticks(self.fig.xaxis, dict(frame.ticks))
        top = len(frame.rows)
        set_ticks(self.fig.yaxis, labels)
        if top != self.rows:
            changed_only(self.fig.y_range, start=-1.0, end=frame.top + 0.7)
            changed_only(self.fig, height=int(_ROW_PX * (frame.top + 1.7)) + 110)
            rows = dict(zip(frame.events.event_id, frame.events.row))
            for src in (self.events_day, self.events_vague):
                src.data = {**src.data, "row": np.array([rows[e] for e in src.data["event_id"]], dtype=float)}
            self.rows = top
        lo, hi = frame.extent
        replace(self.outside, {"x0": [lo - 2.0, frame.range[1]], "x1": [frame.range[0], hi + 2.0]} if frame.range
                else {"x0": [], "x1": []}, ["x0", "x1"])

    # ---------------------------------------------------------------- writes
    def _on_tap_claim(self, _attr, _old, index):
        if len(index) != 1:
            return  # a dragged box is a date range, handled by _on_box
        ids = self.claims.data["claim_id"]
        if index[0] < len(ids):
            self.view.apply(setattr, self.view.state, "selected", f"claim:{ids[index[0]]}")

    def _on_tap_group(self, _attr, _old, index):
        if len(index) != 1:
            return
        data = self.groups.data
        if index[0] < len(data["row"]):
            first, last = (pd.Timestamp(data[k][index[0]]).date() for k in ("first", "last"))
            self.view.apply(self.view.state.param.update, actors=[data["actor_id"][index[0]]], start=first, end=last)

    def _on_box(self, event):
        if getattr(event, "final", True) and event.geometry.get("type") == "rect":
            self.view.apply(self.view.select_slots, event.geometry["x0"], event.geometry["x1"])


class Timeline(DrawnView):
    """Claims by claimant over time, with the dated events; a dragged range filters the page.

    The date axis gives every date with a claim or an event one slot, so busy
    days are readable; gaps are labelled with how much time they skip. Beyond
    ``max_marks`` claims, a claimant's claims of one day (or week) are drawn as
    one counted mark, and at most ``max_rows`` claimants (the most active) get a row.
    """

    title = param.String(default="Timeline")

    note = param.String(default=(
        "Each mark is a claim on its claimant's row, coloured by stance; diamonds are events. The wider a gap "
        "between two dates, the more time it skips. Drag across the plot to filter by date; click a mark to "
        "read it in its article."
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
        # two columns of events where there is room for them, one on a phone
        self._events = Text(self._events_html(), sizing_mode="stretch_width",
                            stylesheets=[".cd-events ol { columns: 22em 2; }"])
        self._key = Text(_KEY_HTML, sizing_mode="stretch_width", margin=(0, 10))
        self.param.watch(self._redraw, ["max_rows", "max_marks", "max_groups"])

    def frame(self) -> TimelineFrame:
        s = self.state
        filters = s.filters
        # only the selection of a claim shows (its mark outlined)
        claim = selected_id(s.selected, "claim")
        selected = f"claim:{claim}" if claim else ""
        limits = (self.max_rows, self.max_marks, self.max_groups)
        return self._shared((filters, selected, limits), lambda: timeline_frame(
            self.prepared, filters, selected=selected, mask=s.mask(undated=True),
            in_range=s.mask() if filters.start or filters.end else None,
            max_rows=limits[0], max_marks=limits[1], max_groups=limits[2]))

    def _empty_frame(self) -> TimelineFrame:
        return timeline_frame(self.prepared, mask=np.zeros(len(self.prepared.claims), dtype=bool))

    def _new_drawing(self) -> _TimelineDrawing:
        return _TimelineDrawing(self)

    def _draw(self, drawing: _TimelineDrawing, frame: TimelineFrame) -> None:
        drawing.draw(frame)

    def _describe(self, frame: TimelineFrame) -> None:
        self.set_notice("" if frame.matching or self._failed else "No claims match the current filters.", frame.info)

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
        return pn.Column(self.notice, self._key, self._plot(), self._events, **self._column)
