"""Claims table: the filtered claims, sortable; selecting a row opens it in the source viewer."""

from __future__ import annotations

import pandas as pd
import panel as pn
import param

from ..query import Selection
from .base import View

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

    page_size = 12

    def __init__(self, **params):
        super().__init__(**params)
        colours = {self.prepared.stance_labels[k]: v for k, v in self.prepared.stance_colours.items()}
        self._table = pn.widgets.Tabulator(
            self._frame(), show_index=False, selectable=1, disabled=True, pagination="remote",
            page_size=self.page_size, sizing_mode="stretch_width", layout="fit_columns",
            titles=COLUMNS, hidden_columns=["stance", "sort_date", "claim_id"],
            widths={"actor": "13%", "target": "12%", "stance_label": "12%", "said": "10%", "outlet": "14%", "quote": "39%"},
            formatters={c: {"type": "textarea"} for c in ("actor", "target", "stance_label", "said", "outlet", "quote")},
            sorters=[{"field": "sort_date", "dir": "asc"}], stylesheets=[_CSS],
        )
        self._table.style.apply(lambda col: [f"border-left: 6px solid {colours.get(s, '#999')}" for s in col],
                                subset=["stance_label"], axis=0)
        self._table.param.watch(self._on_selection, "selection")
        self.state.param.watch(self._refresh, ["actors", "targets", "stances", "sources", "start", "end", "search", "selected"])
        self._syncing = False

    def _frame(self) -> pd.DataFrame:
        df = self.state.filtered_claims()
        out = df[list(COLUMNS) + ["stance"]].copy()
        out["sort_date"] = df.start
        out["said"] = [s if b == "said" else f"not stated (reported {p:%-d %b %Y})"
                       for s, b, p in zip(df.said, df.date_basis, df.published)]
        return out.sort_values(["sort_date", "claim_id"]).reset_index(drop=True)

    def _refresh(self, *events):
        if any(e.name != "selected" for e in events):
            self._syncing = True
            try:
                self._table.value = self._frame()
            finally:
                self._syncing = False
        self._sync_selection()

    def _sync_selection(self):
        sel = Selection.parse(self.state.selected)
        ids = list(self._table.value.claim_id)
        wanted = [ids.index(sel.id)] if sel and sel.kind == "claim" and sel.id in ids else []
        if self._table.selection != wanted:
            self._syncing = True
            try:
                self._table.selection = wanted
            finally:
                self._syncing = False

    def _on_selection(self, event):
        if self._syncing or not event.new:
            return
        row = self._table.value.iloc[event.new[0]]
        self.state.selected = f"claim:{row.claim_id}"

    def __panel__(self):
        return self._table
