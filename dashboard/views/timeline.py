"""Timeline: each claim on its claimant's row at the date it was made, against the events."""

from __future__ import annotations

import holoviews as hv
import numpy as np
import pandas as pd
import panel as pn
import param

from ..html import esc
from ..query import Selection, TimeScale, claim_mask
from .base import View, short

_STACK = 3  # claims of one actor on one date: up to this many above each other, then side by side
_ROW_PX = 36

# Each layer gets its own template: HoloViews merges identical hover tools in an
# overlay, and the merged tool stops answering for some of the layers.
_CLAIM_TOOLTIP = """
<div data-layer="LAYER" style="max-width:420px;white-space:normal">
<b>@{actor}</b> &rarr; @{target}<br>
<span style="color:@{colour}">&#9679;</span> <b>@{stance_label}</b> &middot; said: @{when}<br>
<i>@{outlet}</i><br>
<span>&ldquo;@{quote}&rdquo;</span>
</div>
"""
_EVENT_TOOLTIP = """
<div data-layer="LAYER" style="max-width:380px;white-space:normal">
<b>@{number}. @{title}</b><br>@{when} &middot; @{category}<br>@{description}
</div>
"""


class Timeline(View):
    """Claims by claimant over time, with the dated events; a dragged range filters the page.

    The date axis gives every date with a claim or an event one slot, so busy
    days are readable; gaps are labelled with how much time they skip.
    """

    title = param.String(default="Timeline")

    note = param.String(default=(
        "Each mark is a claim on its claimant's row, coloured by stance; diamonds are events. "
        "Drag across the plot to filter by date; click a mark to read it in its article."
    ))

    def __init__(self, **params):
        super().__init__(**params)
        p = self.prepared
        c, ev = p.claims, p.events
        order = (c.groupby("actor_id").agg(first=("start", "min"), n=("claim_id", "size"))
                 .sort_values(["first", "n"], ascending=[True, False]))
        self._actor_order = list(order.index)
        self._scale = TimeScale(pd.concat([c.start, c.end, ev.start, ev.end]))
        filters = hv.streams.Params(self.state, ["actors", "targets", "stances", "sources", "search", "selected"])
        span = hv.streams.Params(self.state, ["actors", "targets", "stances", "sources", "search", "start", "end"])
        self._points = hv.DynamicMap(self._claim_points, streams=[filters])
        self._intervals = hv.DynamicMap(self._claim_intervals, streams=[filters])
        self._context = hv.DynamicMap(self._events_layer, streams=[span])
        self._selection = hv.streams.Selection1D(source=self._points)
        self._selection.add_subscriber(self._on_select)
        self._bounds = hv.streams.BoundsX(source=self._points, boundsx=None)
        self._bounds.add_subscriber(self._on_bounds)
        self._plot = pn.pane.HoloViews(self._context * self._intervals * self._points,
                                       sizing_mode="stretch_width", linked_axes=False)
        self._events = pn.pane.HTML(self._events_html(), sizing_mode="stretch_width")

    # ---------------------------------------------------------------- data
    def _visible(self) -> pd.DataFrame:
        """Filtered claims, ignoring the date range: the timeline is where the range is chosen."""
        s = self.state
        mask = claim_mask(self.prepared, actors=s.actors, targets=s.targets, stances=s.stances,
                          sources=s.sources, search=s.search)
        return self.prepared.claims[mask]

    def _rows(self, claims: pd.DataFrame) -> dict[str, int]:
        present = set(claims.actor_id)
        actors = [a for a in self._actor_order if a in present]
        return {a: i for i, a in enumerate(reversed(actors))}

    def _frame(self, claims: pd.DataFrame, rows: dict[str, int]) -> pd.DataFrame:
        df = claims.copy()
        df["slot"] = self._scale.position(df.start + (df.end - df.start) / 2)
        df["slot_start"] = self._scale.position(df.start)
        df["slot_end"] = self._scale.position(df.end)
        key = df.actor_id + "|" + df.slot.round(3).astype(str)
        rank = df.groupby(key).cumcount().to_numpy()
        size = df.groupby(key).claim_id.transform("size").to_numpy()
        cols = np.ceil(size / _STACK)
        height = np.minimum(size, _STACK)
        df["slot"] = df.slot + (rank // _STACK - (cols - 1) / 2) * 0.2
        df["row"] = df.actor_id.map(rows).astype(float) + (rank % _STACK - (height - 1) / 2) * 0.26
        df["when"] = [s if b == "said" else f"not stated (article of {p:%-d %b %Y})"
                      for s, b, p in zip(df.said, df.date_basis, df.published)]
        return df

    def _opts(self, rows: dict[str, int]) -> dict:
        names = self.prepared.actor_names
        yticks = [(i, short(names.get(a, a))) for a, i in rows.items()] + [(len(rows), "Events")]
        n = len(self._scale.anchors)
        return dict(
            yticks=yticks, ylim=(-1.0, len(rows) + 0.8), xticks=self._scale.ticks(), xlim=(-0.6, n - 0.4),
            xrotation=45, xlabel="", ylabel="", height=_ROW_PX * (len(rows) + 2) + 110, responsive=True,
            fontsize={"yticks": 9, "xticks": 8.5}, show_grid=True, gridstyle={"ygrid_line_alpha": 0.25},
            show_legend=False,
        )

    # ---------------------------------------------------------------- layers
    _POINT_VDIMS = ["claim_id", "actor", "target", "stance_label", "when", "outlet", "quote", "colour",
                    "fill", "line", "width"]
    _PERIOD_VDIMS = ["claim_id", "actor", "target", "stance_label", "when", "outlet", "quote", "colour"]
    _EVENT_VDIMS = ["number", "title", "when", "category", "description"]

    def _claims_frame(self, dated: bool):
        """Claims said on one day (``dated``) or over a period, placed on their rows."""
        claims = self._visible()
        rows = self._rows(claims)
        one_day = claims.start == claims.end
        df = self._frame(claims[one_day if dated else ~one_day], rows)
        if dated:
            selected = Selection.parse(self.state.selected)
            chosen = df.claim_id == (selected.id if selected and selected.kind == "claim" else "")
            df["fill"] = np.where(df.date_basis == "said", df.colour, "#ffffff")
            df["line"] = np.where(chosen, "#000000", df.colour)
            df["width"] = np.where(chosen, 3.5, 2.0)
        return df, rows

    def _empty(self, columns):
        return pd.DataFrame({c: pd.Series(dtype=float if c.startswith(("slot", "row", "width")) else object)
                             for c in columns}), {}

    def _claim_points(self, **_):
        columns = ["slot", "row", *self._POINT_VDIMS]
        df, rows = self.attempt("claims", lambda: self._claims_frame(True), lambda: self._empty(columns))
        self.set_empty("" if rows or self._failed else "No claims match the current filters.")
        return hv.Points(df, ["slot", "row"], self._POINT_VDIMS).opts(
            color="fill", line_color="line", line_width="width", size=11,
            tools=["hover", "tap", "xbox_select", "xwheel_zoom", "xpan"],
            hover_tooltips=_CLAIM_TOOLTIP.replace("LAYER", "claims"),
            active_tools=["tap"], nonselection_alpha=1.0, selection_alpha=1.0, default_tools=["reset", "save"],
            **self._opts(rows))

    def _claim_intervals(self, **_):
        columns = ["slot_start", "row", "slot_end", *self._PERIOD_VDIMS]
        df, rows = self.attempt("periods", lambda: self._claims_frame(False), lambda: self._empty(columns))
        return hv.Segments(df, ["slot_start", "row", "slot_end", "row"], self._PERIOD_VDIMS).opts(
            color="colour", line_width=5, alpha=0.45, tools=["hover"],
            hover_tooltips=_CLAIM_TOOLTIP.replace("LAYER", "periods"), **self._opts(rows))

    def _events_frame(self):
        rows = self._rows(self._visible())
        ev = self.prepared.events.copy()
        ev["row"] = float(len(rows))
        ev["slot"] = self._scale.position(ev.start + (ev.end - ev.start) / 2)
        ev["label"] = ev.number.astype(str)
        ev["slot_start"] = self._scale.position(ev.start)
        ev["slot_end"] = self._scale.position(ev.end)
        return ev, rows

    def _events_layer(self, **_):
        columns = ["row", "slot", "label", "slot_start", "slot_end", "start", "end", *self._EVENT_VDIMS]
        ev, rows = self.attempt("events", self._events_frame, lambda: self._empty(columns))
        day = ev[ev.start == ev.end]
        vague = ev[ev.start != ev.end].assign(row=lambda d: d.row + 0.42)
        lines = hv.VLines(day.slot.to_numpy()).opts(color="#8a8a8a", line_dash="dotted", line_width=1)
        spans = hv.Segments(vague, ["slot_start", "row", "slot_end", "row"], self._EVENT_VDIMS).opts(
            color="#3d3d3d", line_width=7, alpha=0.3, tools=["hover"],
            hover_tooltips=_EVENT_TOOLTIP.replace("LAYER", "event-periods"))
        chosen = []
        if self.state.start or self.state.end:
            lo = self._scale.position([self.state.start or self._scale.anchors[0]])[0]
            hi = self._scale.position([self.state.end or self._scale.anchors[-1]])[0]
            chosen = [(lo - 0.3, hi + 0.3)]
        selected_range = hv.VSpans(chosen).opts(color="#ffd54f", alpha=0.25)
        marks = hv.Points(day, ["slot", "row"], self._EVENT_VDIMS).opts(
            marker="square", angle=45, size=18, color="#3d3d3d", tools=["hover"],
            hover_tooltips=_EVENT_TOOLTIP.replace("LAYER", "events"))
        labels = hv.Labels(day, ["slot", "row"], "label").opts(text_color="white", text_font_size="7.5pt",
                                                               text_font_style="bold")
        vague_labels = hv.Labels(vague.assign(slot=vague.slot_start + 0.25), ["slot", "row"], "label").opts(
            text_color="#222222", text_font_size="7.5pt", text_font_style="bold")
        gaps = pd.DataFrame(self._scale.gaps(), columns=["slot", "text"]).assign(row=-0.75)
        gap_labels = hv.Labels(gaps, ["slot", "row"], "text").opts(text_color="#777777", text_font_size="8pt")
        return (selected_range * spans * lines * marks * labels * vague_labels * gap_labels).opts(
            hv.opts.Overlay(**self._opts(rows)))

    def _events_html(self) -> str:
        items = "".join(f'<li value="{int(e.number)}"><b>{esc(e.when)}</b> — {esc(e.title)}</li>'
                        for e in self.prepared.events.itertuples())
        return (f'<details class="cd-events" open><summary>Numbered events (diamonds)</summary>'
                f'<ol>{items}</ol></details>')

    # ---------------------------------------------------------------- writes
    def _on_select(self, index):
        if len(index) != 1:
            return  # a dragged box is a date range, handled by _on_bounds
        claims = self._visible()
        df = self._frame(claims[claims.start == claims.end], self._rows(claims))
        if index[0] < len(df):
            self.state.selected = f"claim:{df.iloc[index[0]].claim_id}"

    def _on_bounds(self, boundsx):
        if not boundsx:
            return
        lo, hi = sorted(boundsx)
        start, end = self._scale.date(lo).ceil("D"), self._scale.date(hi).floor("D")
        if start > end:  # the box fell between two dates: take the nearer one
            start = end = self._scale.date((lo + hi) / 2).round("D")
        self.state.param.update(start=start.date(), end=end.date())

    def __panel__(self):
        return pn.Column(self.notice, self._plot, self._events, sizing_mode="stretch_width")
