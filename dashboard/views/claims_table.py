"""Claims table: the filtered claims a page at a time; selecting a row opens it in the source viewer.

Paging and sorting happen on the server, so the browser only ever receives one
page, however many claims match.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import panel as pn
import param

from ..query import SORT_ORDERS, Selection, claim_order, claim_row
from ..query import rows as table_rows
from .base import LiveHTML, View

COLUMNS = {
    "actor": "Claimant", "target": "About", "stance_label": "Stance", "said": "Said",
    "outlet": "Outlet", "quote": "Quote", "claim_id": "Id",
}

_CSS = """
.tabulator-cell { font-size: 12.5px; line-height: 1.35; }
.tabulator-col-title { font-size: 12px; }
.tabulator .tabulator-header .tabulator-col .tabulator-col-content { padding: 4px 13px 4px 4px; }
"""


class ClaimsTable(View):
    """The filtered claims; cell text is shown as text, never as markup."""

    title = param.String(default="Claims")

    note = param.String(default="Select a row to open it in its article.")

    page = param.Integer(default=0, bounds=(0, None), doc="The page shown, from 0.")

    order = param.Selector(default="date", objects=list(SORT_ORDERS), doc="How the claims are sorted.")

    page_size = 12

    def __init__(self, **params):
        super().__init__(**params)
        colours = {self.prepared.stance_labels[k]: v for k, v in self.prepared.stance_colours.items()}
        self._positions = np.arange(0)  # row numbers of the filtered claims, in table order
        self._table = pn.widgets.Tabulator(
            self._page_frame(np.arange(0)), show_index=False, selectable=1, disabled=True, sortable=False,
            sizing_mode="stretch_width", layout="fit_columns", titles=COLUMNS, hidden_columns=["stance", "claim_id"],
            widths={"actor": "13%", "target": "12%", "stance_label": "12%", "said": "10%", "outlet": "14%", "quote": "39%"},
            formatters={c: {"type": "textarea"} for c in ("actor", "target", "stance_label", "said", "outlet", "quote")},
            stylesheets=[_CSS],
        )
        self._table.style.apply(lambda col: [f"border-left: 6px solid {colours.get(s, '#999')}" for s in col],
                                subset=["stance_label"], axis=0)
        self._previous = pn.widgets.Button(label="‹ Previous", width=100, margin=(5, 5))
        self._next = pn.widgets.Button(label="Next ›", width=100, margin=(5, 5))
        self._where = LiveHTML("", margin=(5, 10), sizing_mode="stretch_width")
        self._sort = pn.widgets.Select(options={v: k for k, v in SORT_ORDERS.items()}, value=self.order,
                                       width=190, margin=(5, 5))
        self._previous.on_click(lambda _e: self._turn(-1))
        self._next.on_click(lambda _e: self._turn(1))
        self._sort.link(self, value="order")
        self._syncing = False
        self._table.param.watch(self._on_selection, "selection")
        self.state.param.watch(self._on_filters, ["actors", "targets", "stances", "sources", "start", "end", "search"])
        self.state.param.watch(self._on_selected, "selected")
        self.param.watch(self._on_order, "order")
        self._refresh(to_selection=True)

    # ---------------------------------------------------------------- data
    def _page_frame(self, rows: np.ndarray) -> pd.DataFrame:
        df = table_rows(self.prepared, "claims", rows)
        out = df[list(COLUMNS) + ["stance"]].copy()
        out["said"] = [s if b == "said" else f"not stated (reported {p:%-d %b %Y})"
                       for s, b, p in zip(df.said, df.date_basis, df.published)]
        return out.reset_index(drop=True)

    @property
    def pages(self) -> int:
        return max(1, -(-len(self._positions) // self.page_size))

    def _refresh(self, to_selection: bool = False) -> None:
        self._positions = claim_order(self.prepared, self.order, self.state.mask())
        if to_selection:
            self._go_to_selection()
        self.page = min(self.page, self.pages - 1)
        first = self.page * self.page_size
        rows = self._positions[first: first + self.page_size]
        self._syncing = True
        try:
            self._table.value = self._page_frame(rows)
        finally:
            self._syncing = False
        n = len(self._positions)
        self._where.object = (f"Claims {first + 1:,}–{first + len(rows):,} of {n:,}" if n else "No claims")
        self._previous.disabled = self.page == 0
        self._next.disabled = self.page >= self.pages - 1
        self._sync_selection()

    def _go_to_selection(self) -> None:
        """Turn to the page that holds the selected claim, if it is among the filtered ones."""
        sel = Selection.parse(self.state.selected)
        if not (sel and sel.kind == "claim"):
            return
        row = claim_row(self.prepared, sel.id)
        if row is not None:
            at = np.flatnonzero(self._positions == row)
            if len(at):
                self.page = int(at[0]) // self.page_size

    def _sync_selection(self) -> None:
        sel = Selection.parse(self.state.selected)
        ids = list(self._table.value.claim_id)
        wanted = [ids.index(sel.id)] if sel and sel.kind == "claim" and sel.id in ids else []
        if self._table.selection != wanted:
            self._syncing = True
            try:
                self._table.selection = wanted
            finally:
                self._syncing = False

    # ---------------------------------------------------------------- events
    def _on_filters(self, *_):
        self.page = 0
        self._refresh(to_selection=True)

    def _on_selected(self, *_):
        sel = Selection.parse(self.state.selected)
        if sel and sel.kind == "claim" and sel.id not in set(self._table.value.claim_id):
            self._refresh(to_selection=True)
        else:
            self._sync_selection()

    def _on_order(self, *_):
        self.page = 0
        self._refresh(to_selection=True)

    def _turn(self, step: int) -> None:
        self.page = max(0, min(self.page + step, self.pages - 1))
        self._refresh()

    def _on_selection(self, event):
        if self._syncing or not event.new:
            return
        row = self._table.value.iloc[event.new[0]]
        self.state.selected = f"claim:{row.claim_id}"

    def __panel__(self):
        pager = pn.Row(self._previous, self._where, self._next, self._sort, sizing_mode="stretch_width")
        return pn.Column(self._table, pager, sizing_mode="stretch_width")
