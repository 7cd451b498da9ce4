"""Claim matrix: claimants by blamed parties; each cell split by stance and counted."""

from __future__ import annotations

import pandas as pd
import panel as pn
import param
from bokeh.models import HoverTool, Range1d

from ..html import esc
from ..query import NO_TARGET, NO_TARGET_LABEL, busiest, matrix_cells
from .base import View, short
from .plotting import changing, new_figure, replace, set_ticks, source

_TOOLTIP = """
<div style="max-width:360px;white-space:normal">
<b>@{actor}</b> &rarr; <b>@{target}</b><br>
<span style="color:@{colour}">&#9632;</span> @{stance_label}: @{count}<br>
<span style="color:#555">Click to filter to this pair; click again to clear.</span>
</div>
"""


_CELL_COLUMNS = ["actor_id", "target_id", "t0", "t1", "c0", "c1", "actor", "target", "stance_label", "count",
                 "colour", "line"]
_TOTAL_COLUMNS = ["target_pos", "claimant_pos", "count"]
AXIS_LABEL = "Claims about… (blamed, denied or questioned party)"


class ClaimMatrix(View):
    """Who blames whom: rows are claimants, columns the parties their claims are about.

    At most ``max_rows`` claimants and ``max_cols`` parties are drawn: those
    with the most matching claims.
    """

    title = param.String(default="Who blames whom")

    note = param.String(default=(
        "Rows make claims about columns. Each cell is split by stance and shows the number of "
        "claims. Click a cell to filter to that pair; click again to clear."
    ))

    max_rows = param.Integer(default=30, bounds=(1, None), doc="Claimants shown at most.")

    max_cols = param.Integer(default=30, bounds=(1, None), doc="Parties (columns) shown at most.")

    def __init__(self, **params):
        super().__init__(**params)
        self._layout = {"rows": [], "cols": []}  # last drawn axes
        self._cells = source(_CELL_COLUMNS)
        self._totals = source(_TOTAL_COLUMNS)
        self._fig = self._figure()
        self._cells.selected.on_change("indices", self._on_tap_cell)
        self._pane = pn.pane.Bokeh(self._fig, sizing_mode="stretch_width")
        self.state.param.watch(self._update, ["actors", "targets", "stances", "sources", "start", "end", "search"])
        self.param.watch(self._update, ["max_rows", "max_cols"])
        self._update()

    def _figure(self):
        fig = new_figure(height=300, x_range=Range1d(-0.6, 0.4), y_range=Range1d(-0.6, 0.4), tools="tap,save")
        cells = fig.quad(left="t0", right="t1", bottom="c0", top="c1", source=self._cells, fill_color="colour",
                         line_color="line", line_width=1.5)
        cells.nonselection_glyph = cells.selection_glyph = cells.glyph
        fig.scatter("target_pos", "claimant_pos", source=self._totals, size=20, fill_color="white",
                    line_color="#333333")
        fig.text("target_pos", "claimant_pos", "count", source=self._totals, text_color="black",
                 text_font_size="9pt", text_font_style="bold", text_align="center", text_baseline="middle")
        fig.add_tools(HoverTool(renderers=[cells], tooltips=_TOOLTIP))
        fig.xaxis.axis_label = AXIS_LABEL
        fig.xaxis.axis_label_text_font_size = "9pt"
        fig.xaxis.axis_label_text_font_style = "normal"
        fig.xaxis.major_label_orientation = 0.7
        fig.grid.visible = False
        return fig

    def _frame(self):
        """Cell segments (one per actor, target and stance) and their axes: rows and columns
        most active first (no target last), cut to the most active."""
        p, index = self.prepared, self.prepared.index
        mask = self.state.mask()
        rows, n_rows = busiest(p, mask, "actor", self.max_rows)
        cols, n_cols = busiest(p, mask, "target", self.max_cols)
        if NO_TARGET in cols:
            cols.remove(NO_TARGET)
            cols.append(NO_TARGET)
        shown = mask & index.actor.lookup(rows)[index.actor.codes] & index.target.lookup(cols)[index.target.codes]
        cells = matrix_cells(p, shown)
        rows_out, cols_out = n_rows - len(rows), n_cols - len(cols)
        stance_order = {s: i for i, s in enumerate(p.stance_labels)}
        cells = cells.assign(order=cells.stance.map(stance_order)).sort_values(["actor_id", "target_id", "order"])
        totals = cells.groupby(["actor_id", "target_id"])["count"].transform("sum")
        share = cells["count"] / totals
        left = share.groupby([cells.actor_id, cells.target_id]).cumsum() - share
        ny, width = len(rows), 0.9
        target_pos = cells.target_id.map({c: i for i, c in enumerate(cols)})
        claimant_pos = cells.actor_id.map({r: ny - 1 - i for i, r in enumerate(rows)})
        pair = len(self.state.actors) == 1 and len(self.state.targets) == 1
        cells = cells.assign(
            target_pos=target_pos, claimant_pos=claimant_pos,
            t0=target_pos - width / 2 + left * width, c0=claimant_pos - 0.4, c1=claimant_pos + 0.4,
            actor=cells.actor_id.map(p.actor_names), target=cells.target_id.map(p.actor_names).fillna(NO_TARGET_LABEL),
            stance_label=cells.stance.map(p.stance_labels), colour=cells.stance.map(p.stance_colours),
            line="#000000" if pair else "#ffffff",
        )
        cells["t1"] = cells.t0 + share * width
        return cells, rows, cols, rows_out, cols_out

    def _update(self, *_):
        empty = pd.DataFrame({c: [] for c in [*_CELL_COLUMNS, "target_pos", "claimant_pos"]})
        cells, rows, cols, rows_out, cols_out = self.attempt("cells", self._frame,
                                                            lambda: (empty, [], [], 0, 0))
        self._layout = {"rows": rows, "cols": cols}
        totals = cells.groupby(["target_pos", "claimant_pos"], as_index=False)["count"].sum()
        with changing(self._pane):
            replace(self._cells, cells, _CELL_COLUMNS)
            replace(self._totals, totals.assign(count=totals["count"].astype(str)), _TOTAL_COLUMNS)
            self._draw_axes(rows, cols)
        self.set_empty("" if rows or self._failed else "No claims match the current filters.")
        left_out = []
        if rows_out:
            left_out.append(f"{rows_out:,} more claimants")
        if cols_out:
            left_out.append(f"{cols_out:,} more parties")
        self.set_info(f"Showing the most active; {' and '.join(left_out)} have matching claims "
                      "(narrow the filters to see them)." if left_out else "")

    def _draw_axes(self, rows: list[str], cols: list[str]) -> None:
        names = self.prepared.actor_names
        ny, nx = len(rows), len(cols)
        set_ticks(self._fig.xaxis, {i: short(names.get(c, NO_TARGET_LABEL), 22) for i, c in enumerate(cols)})
        set_ticks(self._fig.yaxis, {ny - 1 - i: short(names.get(r, r), 26) for i, r in enumerate(rows)})
        self._fig.x_range.update(start=-0.6, end=max(nx, 1) - 0.4)
        self._fig.y_range.update(start=-0.6, end=max(ny, 1) - 0.4)
        self._fig.height = 34 * max(ny, 1) + 190

    def _on_tap_cell(self, _attr, _old, index):
        if len(index) != 1:
            return
        data = self._cells.data
        if index[0] < len(data["actor_id"]):
            self.state.toggle_pair(data["actor_id"][index[0]], data["target_id"][index[0]])

    def legend(self) -> pn.pane.HTML:
        """Stance colours, shared with every view."""
        p = self.prepared
        items = "".join(
            f'<span class="cd-swatch"><i style="background:{esc(p.stance_colours[s])}"></i>{esc(label)}</span>'
            for s, label in p.stance_labels.items())
        return pn.pane.HTML(f'<div class="cd-legend">{items}</div>', sizing_mode="stretch_width")

    def __panel__(self):
        return pn.Column(self.notice, self._pane, sizing_mode="stretch_width")
