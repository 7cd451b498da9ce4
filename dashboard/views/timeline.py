"""Timeline: each claim on its claimant's row at the date it was made, against the events."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import panel as pn
import param
from bokeh.events import SelectionGeometry
from bokeh.models import BoxSelectTool, ColumnDataSource, HoverTool, Range1d, TapTool

from ..html import esc
from ..query import Selection, actor_order, claim_mask
from ..query import rows as table_rows
from .base import View, short
from .plotting import changing, new_figure, replace, set_ticks, source

_STACK = 3  # claims of one actor on one date: up to this many above each other, then side by side
_ROW_PX = 36
_MAX_TICKS = 45  # date labels on the axis, at most

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
_PERIOD_TEXT = {"day": "{:%-d %b %Y}", "week": "week of {:%-d %b %Y}", "month": "{:%B %Y}"}
_GROUP_COLUMNS = ["first", "last", "slot", "row", "actor", "when", "count", "breakdown", "colour", "size"]
_EVENT_COLUMNS = ["slot", "row", "label", "slot_start", "slot_end", "number", "title", "when", "category",
                  "description"]


class Timeline(View):
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

    def __init__(self, **params):
        super().__init__(**params)
        p = self.prepared
        self._scale = p.time_scale
        self._order = actor_order(p)
        self._rows: dict[str, int] = {}
        self._claims = source(_CLAIM_COLUMNS)
        self._periods = source(_PERIOD_COLUMNS)
        self._groups = source(_GROUP_COLUMNS)
        self._events_day = source(_EVENT_COLUMNS)
        self._events_vague = source(_EVENT_COLUMNS)
        self._range = source(["x0", "x1"])  # the chosen date range (a data change, cheaper than an annotation's)
        self._fig = self._figure()
        self._claims.selected.on_change("indices", self._on_tap_claim)
        self._groups.selected.on_change("indices", self._on_tap_group)
        self._fig.on_event(SelectionGeometry, self._on_box)
        self._pane = pn.pane.Bokeh(self._fig, sizing_mode="stretch_width")
        self._events = pn.pane.HTML(self._events_html(), sizing_mode="stretch_width")
        self._draw_events()
        self.state.param.watch(self._update, ["actors", "targets", "stances", "sources", "search", "selected",
                                              "start", "end"])
        self.param.watch(self._update, ["max_rows", "max_marks", "max_groups"])
        self._update()

    # ---------------------------------------------------------------- figure
    def _figure(self):
        n = len(self._scale.anchors)
        fig = new_figure(height=300, x_range=Range1d(-0.6, n - 0.4, bounds=(-1.5, n + 0.5)), y_range=Range1d(-1, 1),
                         tools="xpan,xwheel_zoom,xbox_select,tap,reset,save", active_drag="xbox_select",
                         active_scroll=None)
        ticks = self._scale.ticks()
        step = max(1, math.ceil(len(ticks) / _MAX_TICKS))
        set_ticks(fig.xaxis, {i: label for i, label in ticks[::step]})
        fig.xaxis.major_label_orientation = math.pi / 4
        fig.xaxis.major_label_text_font_size = "8.5pt"
        fig.xgrid.grid_line_alpha = 0.12
        fig.vstrip("x0", "x1", source=self._range, fill_color="#ffd54f", fill_alpha=0.25, line_alpha=0)
        gaps = pd.DataFrame(self._scale.gaps(), columns=["slot", "text"]).assign(row=-0.75)
        fig.text("slot", "row", "text", source=ColumnDataSource(dict(gaps)), text_color="#777777",
                 text_font_size="8pt",
                 text_align="center", text_baseline="middle")
        lines = fig.vspan("slot", source=self._events_day, line_color="#8a8a8a", line_dash="dotted", line_width=1)
        spans = fig.segment("slot_start", "row", "slot_end", "row", source=self._events_vague, line_color="#3d3d3d",
                            line_width=7, line_alpha=0.3)
        marks = fig.scatter("slot", "row", source=self._events_day, marker="diamond", size=22, color="#3d3d3d")
        fig.text("slot", "row", "label", source=self._events_day, text_color="white", text_font_size="7.5pt",
                 text_font_style="bold", text_align="center", text_baseline="middle")
        fig.text("slot_start", "row", "label", source=self._events_vague, text_color="#222222",
                 text_font_size="7.5pt", text_font_style="bold", x_offset=4, text_baseline="middle")
        periods = fig.segment("slot_start", "row", "slot_end", "row", source=self._periods, line_color="colour",
                              line_width=5, line_alpha=0.45)
        groups = fig.scatter("slot", "row", source=self._groups, size="size", fill_color="colour",
                             line_color="#333333", fill_alpha=0.85)
        claims = fig.scatter("slot", "row", source=self._claims, size=11, fill_color="fill", line_color="line",
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

    # ---------------------------------------------------------------- data
    def _visible(self) -> np.ndarray:
        """Filtered claims, ignoring the date range: the timeline is where the range is chosen."""
        s = self.state
        return claim_mask(self.prepared, actors=s.actors, targets=s.targets, stances=s.stances,
                          sources=s.sources, search=s.search)

    def _choose_rows(self, mask: np.ndarray) -> tuple[dict[str, int], int]:
        """Rows (actor id -> row, top row first in time order) and how many claimants were left out."""
        index = self.prepared.index
        (codes,), counts = index.counts(mask, index.actor)
        present = index.actor.values[codes]
        if len(present) > self.max_rows:
            present = present[np.argsort(-counts, kind="stable")[: self.max_rows]]
        shown = set(present)
        actors = [a for a in self._order if a in shown]
        return {a: i for i, a in enumerate(reversed(actors))}, len(codes) - len(shown)

    _COLUMNS = ["claim_id", "actor_id", "slot", "slot_start", "slot_end", "actor", "target", "stance_label",
                "outlet", "quote", "colour", "said", "date_basis", "published", "start", "end"]

    def _claim_frames(self, mask: np.ndarray, rows: dict[str, int]):
        """One-day claims (as points) and claims over a period (as segments), stacked on their rows."""
        index = self.prepared.index
        at = np.flatnonzero(mask & index.actor.lookup(rows)[index.actor.codes])
        df = table_rows(self.prepared, "claims", at, self._COLUMNS)
        # claims of one claimant at one slot: numbered in table order, stacked, then side by side
        key = index.actor.codes[at].astype(np.int64) * 10**7 + np.round(df.slot.to_numpy() * 1000).astype(np.int64)
        order = np.argsort(key, kind="stable")
        ordered = key[order]
        first = np.r_[0, np.flatnonzero(ordered[1:] != ordered[:-1]) + 1]
        sizes = np.diff(np.r_[first, len(key)])
        rank, size = np.empty(len(key), dtype=np.int64), np.empty(len(key), dtype=np.int64)
        rank[order] = np.arange(len(key)) - np.repeat(first, sizes)
        size[order] = np.repeat(sizes, sizes)
        cols = np.ceil(size / _STACK)
        height = np.minimum(size, _STACK)
        df["slot"] = df.slot + (rank // _STACK - (cols - 1) / 2) * 0.2
        df["row"] = df.actor_id.map(rows).to_numpy(float) + (rank % _STACK - (height - 1) / 2) * 0.26
        df["when"] = [s if b == "said" else f"not stated (article of {p:%-d %b %Y})"
                      for s, b, p in zip(df.said, df.date_basis, df.published)]
        one_day = (df.start == df.end).to_numpy()
        points, periods = df[one_day], df[~one_day]
        selected = Selection.parse(self.state.selected)
        chosen = points.claim_id.to_numpy() == (selected.id if selected and selected.kind == "claim" else "")
        points = points.assign(fill=np.where(points.date_basis == "said", points.colour, "#ffffff"),
                               line=np.where(chosen, "#000000", points.colour),
                               width=np.where(chosen, 3.5, 2.0))
        return points, periods

    def _group_frame(self, mask: np.ndarray, rows: dict[str, int]) -> pd.DataFrame:
        """Claims counted per claimant and day (per week, or month, when that makes too many
        marks), coloured by the most frequent stance."""
        p, index = self.prepared, self.prepared.index
        keep = mask & index.actor.lookup(rows)[index.actor.codes]
        (actor, day, stance), n = index.counts(keep, index.actor, index.day, index.stance)
        if not len(n):
            return pd.DataFrame()
        daily = pd.DataFrame({"actor": actor, "first": index.day.values[day], "stance": stance, "n": n})
        cells, period = daily, "day"
        for coarser in ("week", "month"):
            if len(cells.drop_duplicates(["actor", "first"])) <= self.max_groups:
                break
            days = daily["first"]
            start = (days - pd.to_timedelta(days.dt.day_of_week, unit="D") if coarser == "week"
                     else days.dt.to_period("M").dt.start_time)
            cells, period = (daily.assign(first=start).groupby(["actor", "first", "stance"], as_index=False,
                                                               sort=False)["n"].sum(), coarser)
        cells = cells.sort_values(["actor", "first", "n"], ascending=[True, True, False], kind="stable")
        actor, stance, n = (cells[c].to_numpy() for c in ("actor", "stance", "n"))
        days = pd.DatetimeIndex(cells["first"])
        starts = np.flatnonzero(np.r_[True, (actor[1:] != actor[:-1]) | (days[1:] != days[:-1])])
        labels = [p.stance_labels.get(v, v) for v in index.stance.values]
        parts = [f"{k} {labels[v]}" for k, v in zip(n.tolist(), stance.tolist())]
        bounds = [*starts.tolist(), len(n)]
        first = days[starts]
        last = {"day": first, "week": first + pd.Timedelta(days=6), "month": first + pd.offsets.MonthEnd(0)}[period]
        ids = index.actor.values[actor[starts]]
        count = np.add.reduceat(n, starts)
        return pd.DataFrame({
            "row": [float(rows[a]) for a in ids],
            "slot": self._scale.position(first + (last - first) / 2),
            "actor": [p.actor_names.get(a, a) for a in ids],
            "when": [_PERIOD_TEXT[period].format(d) for d in first],
            "first": [d.date().isoformat() for d in first],
            "last": [d.date().isoformat() for d in last],
            "count": count,
            "breakdown": [", ".join(parts[i:j]) for i, j in zip(bounds[:-1], bounds[1:])],
            "colour": [p.stance_colours.get(v) for v in index.stance.values[stance[starts]]],
            "size": 8 + 16 * np.sqrt(count / count.max()),
        })

    def _events_frame(self) -> pd.DataFrame:
        ev = table_rows(self.prepared, "events")
        return ev.assign(slot=self._scale.position(ev.start + (ev.end - ev.start) / 2),
                         slot_start=self._scale.position(ev.start), slot_end=self._scale.position(ev.end),
                         label=ev.number.astype(str), row=0.0)

    # ---------------------------------------------------------------- drawing
    def _update(self, *_):
        def draw():
            mask = self._visible()
            rows, left_out = self._choose_rows(mask)
            n = int(mask.sum())
            if n > self.max_marks:
                points = periods = pd.DataFrame()
                groups = self._group_frame(mask, rows)
            else:
                points, periods = self._claim_frames(mask, rows)
                groups = pd.DataFrame()
            return rows, left_out, n, points, periods, groups

        def nothing():
            empty = pd.DataFrame()
            return {}, 0, 0, empty, empty, empty

        rows, left_out, n, points, periods, groups = self.attempt("claims", draw, nothing)
        self._rows = rows
        with changing(self._pane):
            replace(self._claims, points, _CLAIM_COLUMNS)
            replace(self._periods, periods, _PERIOD_COLUMNS)
            replace(self._groups, groups, _GROUP_COLUMNS)
            self._layout(rows)
        self.set_empty("" if n or self._failed else "No claims match the current filters.")
        info = []
        if n > self.max_marks:
            info.append(f"{n:,} claims: each mark counts one claimant's claims on one day (bigger = more). "
                        "Click a mark, or narrow the filters, to see the claims one by one.")
        if left_out:
            info.append(f"Showing the {len(rows)} most active claimants; {left_out:,} more have matching "
                        "claims (choose them in the Claimant filter).")
        self.set_info(" ".join(info))

    def _layout(self, rows: dict[str, int]) -> None:
        names = self.prepared.actor_names
        top = len(rows)
        set_ticks(self._fig.yaxis, {**{i: short(names.get(a, a)) for a, i in rows.items()}, top: "Events"})
        self._fig.y_range.update(start=-1.0, end=top + 0.8)
        self._fig.height = _ROW_PX * (top + 2) + 110
        for src, offset in ((self._events_day, 0.0), (self._events_vague, 0.42)):
            src.data = {**src.data, "row": np.full(len(src.data["slot"]), top + offset)}
        s = self.state
        if s.start or s.end:
            lo, hi = self._scale.position([s.start or self._scale.anchors[0], s.end or self._scale.anchors[-1]])
            self._range.data = {"x0": [lo - 0.3], "x1": [hi + 0.3]}
        else:
            self._range.data = {"x0": [], "x1": []}

    def _draw_events(self) -> None:
        ev = self._events_frame()
        replace(self._events_day, ev[ev.start == ev.end], _EVENT_COLUMNS)
        replace(self._events_vague, ev[ev.start != ev.end], _EVENT_COLUMNS)

    def _events_html(self) -> str:
        items = "".join(f'<li value="{int(e.number)}"><b>{esc(e.when)}</b> — {esc(e.title)}</li>'
                        for e in table_rows(self.prepared, "events").itertuples())
        shown = " open" if len(self.prepared.events) <= 30 else ""  # a long list starts folded
        return (f'<details class="cd-events"{shown}><summary>Numbered events (diamonds): '
                f'{len(self.prepared.events)}</summary><ol>{items}</ol></details>')

    # ---------------------------------------------------------------- writes
    def _on_tap_claim(self, _attr, _old, index):
        if len(index) != 1:
            return  # a dragged box is a date range, handled by _on_box
        ids = self._claims.data["claim_id"]
        if index[0] < len(ids):
            self.state.selected = f"claim:{ids[index[0]]}"

    def _on_tap_group(self, _attr, _old, index):
        if len(index) != 1:
            return
        data = self._groups.data
        if index[0] < len(data["row"]):
            actor = {row: a for a, row in self._rows.items()}[int(data["row"][index[0]])]
            first, last = (pd.Timestamp(data[k][index[0]]).date() for k in ("first", "last"))
            self.state.param.update(actors=[actor], start=first, end=last)

    def _on_box(self, event):
        if getattr(event, "final", True) and event.geometry.get("type") == "rect":
            self.select_slots(event.geometry["x0"], event.geometry["x1"])

    def select_slots(self, lo: float, hi: float) -> None:
        """Filter to the dates between two positions on the date axis (a dragged range)."""
        lo, hi = sorted((lo, hi))
        start, end = self._scale.date(lo).ceil("D"), self._scale.date(hi).floor("D")
        if start > end:  # the box fell between two dates: take the nearer one
            start = end = self._scale.date((lo + hi) / 2).round("D")
        self.state.param.update(start=start.date(), end=end.date())

    def __panel__(self):
        return pn.Column(self.notice, self._pane, self._events, sizing_mode="stretch_width")
