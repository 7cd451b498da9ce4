"""Claim matrix: claimants by blamed parties; each cell split by stance and counted."""

from __future__ import annotations

import holoviews as hv
import pandas as pd
import panel as pn
import param
from bokeh.models import HoverTool

from ..html import esc
from ..query import NO_TARGET, matrix_cells
from .base import View, short

_TOOLTIP = """
<div style="max-width:360px;white-space:normal">
<b>@{actor}</b> &rarr; <b>@{target}</b><br>
<span style="color:@{colour}">&#9632;</span> @{stance_label}: @{count}<br>
<span style="color:#555">Click to filter to this pair; click again to clear.</span>
</div>
"""


class ClaimMatrix(View):
    """Who blames whom: rows are claimants, columns the parties their claims are about."""

    title = param.String(default="Who blames whom")

    note = param.String(default=(
        "Rows make claims about columns. Each cell is split by stance and shows the number of "
        "claims. Click a cell to filter to that pair; click again to clear."
    ))

    def __init__(self, **params):
        super().__init__(**params)
        stream = hv.streams.Params(self.state, ["actors", "targets", "stances", "sources", "start", "end", "search"])
        self._layout = {}  # last drawn axes: {"rows": [...], "cols": [...]}
        cells = hv.DynamicMap(self._cells, streams=[stream])
        counts = hv.DynamicMap(self._counts, streams=[stream])
        # Tap must be bound to the cells' own layer: bound to an overlay it does not fire
        self._tap = hv.streams.Tap(source=cells, x=None, y=None)
        self._tap.add_subscriber(self._on_tap)
        self._plot = pn.pane.HoloViews(cells * counts, sizing_mode="stretch_width", linked_axes=False)

    def _axes(self, claims: pd.DataFrame):
        """Rows and columns, most active first."""
        rows = claims.groupby("actor_id").size().sort_values(ascending=False, kind="stable").index.tolist()
        cols = claims.groupby("target_id").size().sort_values(ascending=False, kind="stable").index.tolist()
        if NO_TARGET in cols:  # keep "no target" last
            cols.remove(NO_TARGET)
            cols.append(NO_TARGET)
        return rows, cols

    def _frame(self):
        """Cell segments (one per actor, target and stance) and their axes."""
        p = self.prepared
        claims = self.state.filtered_claims()
        rows, cols = self._axes(claims)
        self._layout = {"rows": rows, "cols": cols}
        cells = matrix_cells(claims)
        stance_order = {s: i for i, s in enumerate(p.stance_labels)}
        cells["order"] = cells.stance.map(stance_order)
        cells = cells.sort_values(["actor_id", "target_id", "order"])
        totals = cells.groupby(["actor_id", "target_id"])["count"].transform("sum")
        cells["share"] = cells["count"] / totals
        cells["left"] = cells.groupby(["actor_id", "target_id"])["share"].cumsum() - cells["share"]
        ny = len(rows)
        cells["target_pos"] = cells.target_id.map({c: i for i, c in enumerate(cols)})
        cells["claimant_pos"] = cells.actor_id.map({r: ny - 1 - i for i, r in enumerate(rows)})
        width = 0.9
        cells["t0"] = cells.target_pos - width / 2 + cells.left * width
        cells["t1"] = cells.t0 + cells.share * width
        cells["c0"] = cells.claimant_pos - 0.4
        cells["c1"] = cells.claimant_pos + 0.4
        cells["actor"] = cells.actor_id.map(p.actor_names)
        cells["target"] = cells.target_id.map(lambda t: p.actor_names.get(t, "(no target)"))
        cells["stance_label"] = cells.stance.map(p.stance_labels)
        cells["colour"] = cells.stance.map(p.stance_colours)
        return cells, rows, cols

    def _opts(self, rows, cols) -> dict:
        names = self.prepared.actor_names
        ny = len(rows)
        return dict(
            xticks=[(i, short(names.get(c, "(no target)"), 22)) for i, c in enumerate(cols)],
            yticks=[(ny - 1 - i, short(names.get(r, r), 26)) for i, r in enumerate(rows)],
            xrotation=40, xlim=(-0.6, max(len(cols), 1) - 0.4), ylim=(-0.6, max(ny, 1) - 0.4),
            xlabel="Claims about… (blamed, denied or questioned party)", ylabel="", responsive=True,
            height=34 * max(ny, 1) + 190, show_legend=False, fontsize={"xticks": 9, "yticks": 9, "xlabel": 9},
            toolbar="above", default_tools=["save"],
        )

    _CELL_COLUMNS = ["actor_id", "target_id", "stance", "count", "t0", "c0", "t1", "c1", "claimant_pos",
                     "target_pos", "actor", "target", "stance_label", "colour"]

    def _safe_frame(self):
        empty = pd.DataFrame({c: pd.Series(dtype=float if c[0] in "tc" and c[1:] in ("0", "1") else object)
                              for c in self._CELL_COLUMNS})
        cells, rows, cols = self.attempt("cells", self._frame, lambda: (empty, [], []))
        self.set_empty("" if rows or self._failed else "No claims match the current filters.")
        return cells, rows, cols

    def _cells(self, **_):
        cells, rows, cols = self._safe_frame()
        pair = len(self.state.actors) == 1 and len(self.state.targets) == 1
        cells["line"] = "#000000" if pair else "#ffffff"
        return hv.Rectangles(cells, ["t0", "c0", "t1", "c1"],
                             ["actor", "target", "stance_label", "count", "colour", "line"]).opts(
            color="colour", line_color="line", line_width=1.5, tools=[HoverTool(tooltips=_TOOLTIP), "tap"],
            nonselection_alpha=1.0, selection_alpha=1.0, **self._opts(rows, cols))

    def _counts(self, **_):
        cells, rows, cols = self._safe_frame()
        totals = cells.groupby(["actor_id", "target_id", "claimant_pos", "target_pos"])["count"].sum().reset_index()
        badges = hv.Points(totals, ["target_pos", "claimant_pos"], ["count"]).opts(
            color="white", line_color="#333333", size=20, tools=[])
        labels = hv.Labels(totals, ["target_pos", "claimant_pos"], "count").opts(
            text_color="black", text_font_size="9pt", text_font_style="bold")
        return (badges * labels).opts(hv.opts.Overlay(**self._opts(rows, cols)))

    def _on_tap(self, x, y):
        if x is None or y is None or not self._layout:
            return
        rows, cols = self._layout["rows"], self._layout["cols"]
        col, row = round(x), len(rows) - 1 - round(y)
        if 0 <= col < len(cols) and 0 <= row < len(rows) and abs(x - round(x)) <= 0.45 and abs(y - round(y)) <= 0.4:
            self.state.toggle_pair(rows[row], cols[col])

    def legend(self) -> pn.pane.HTML:
        """Stance colours, shared with every view."""
        p = self.prepared
        items = "".join(
            f'<span class="cd-swatch"><i style="background:{esc(p.stance_colours[s])}"></i>{esc(label)}</span>'
            for s, label in p.stance_labels.items())
        return pn.pane.HTML(f'<div class="cd-legend">{items}</div>', sizing_mode="stretch_width")

    def __panel__(self):
        return pn.Column(self.notice, self._plot, sizing_mode="stretch_width")
