"""Claims table: the filtered claims a page at a time; selecting a row opens it in the source viewer.

Paging and sorting happen on the server, so the browser only ever receives one
page, however many claims match.
"""

from __future__ import annotations

import panel as pn
import param

from ..frames import TablePage, table_page
from ..frames.table import COLUMNS
from ..query import SORT_ORDERS, Selection
from ..state import FILTERS
from ..upstream import ReadOnlyTabulator
from .base import LiveHTML, View

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
        self._page = self.frame()
        self._table = ReadOnlyTabulator(
            self._page.claims.iloc[:0], show_index=False, selectable=1, disabled=True, sortable=False,
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
        self.state.param.watch(self._on_filters, list(FILTERS))
        self.state.param.watch(self._on_selected, "selected")
        self.param.watch(self._on_order, "order")
        self._refresh(to_selection=True)

    # ---------------------------------------------------------------- data
    def frame(self, to_selection: bool = False) -> TablePage:
        """The page shown for the current state."""
        s = self.state
        return table_page(self.prepared, s.filters, order=self.order, page=self.page, page_size=self.page_size,
                          selected=s.selected, to_selection=to_selection, mask=s.mask())

    @property
    def pages(self) -> int:
        return self._page.pages

    def _refresh(self, to_selection: bool = False) -> None:
        page = self._page = self.frame(to_selection)
        self.page = page.page
        self._syncing = True
        try:
            self._table.value = page.claims
        finally:
            self._syncing = False
        self._where.object = page.where
        self._previous.disabled = page.page == 0
        self._next.disabled = page.page >= page.pages - 1
        self._sync_selection()

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
