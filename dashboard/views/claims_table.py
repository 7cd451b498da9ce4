"""Claims table: the filtered claims a page at a time; choosing a row opens it in the source viewer.

Paging and sorting happen on the server, so the browser only ever receives one
page, however many claims match. The table is a plain HTML table: each row's
claimant is a button, so a keyboard reaches and opens every row.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import panel as pn
import param

from ..frames import TablePage, table_page
from ..frames.base import selected_id
from ..frames.table import COLUMNS
from ..query import SORT_ORDERS, Selection
from ..state import FILTERS
from ..upstream import PlainJSComponent
from .base import View
from .text import LiveText
from .widgets import FOCUS_CSS

#: The columns shown (the claim id stays in the data, for the row's identity).
SHOWN = [c for c in COLUMNS if c != "claim_id"]

_HEX = re.compile(r"#[0-9a-fA-F]{3,8}")


class ClaimRows(PlainJSComponent):
    """One page of claims as an HTML table; the claimant of each row is a button that opens it.

    Every cell is set as text. ``selected`` is the claim shown in the source viewer (its
    row is marked); activating a row calls ``on_open`` with its claim id.
    """

    caption = param.String(default="", doc="The table's caption (read by screen readers).")

    columns = param.List(default=[], doc="[field, heading] pairs, in order.")

    rows = param.List(default=[], doc="One dict per row: claim_id, colour and every field of the columns.")

    rows_json = param.String(default="[]", doc="``rows`` as one JSON text: what the browser receives (Bokeh then neither walks "
                                 "nor encodes each cell; the cells are still set as text).")

    selected = param.String(default="", doc="The claim id of the row shown in the source viewer.")

    on_open = param.Callable(default=None,
                              doc="Called with a claim id when the user opens its row (not sent to the browser).")

    _esm = r"""
    export function render({ model, el }) {
      const table = document.createElement('table')
      table.className = 'cd-table'
      const caption = document.createElement('caption')
      caption.className = 'cd-sr'
      const head = document.createElement('thead')
      const body = document.createElement('tbody')
      table.append(caption, head, body)
      el.appendChild(table)
      let counter = 0
      const open = (id) => model.send_msg({ open: id })
      const showHead = () => {
        const tr = document.createElement('tr')
        for (const [field, title] of model.columns) {
          const th = document.createElement('th')
          th.scope = 'col'
          th.dataset.field = field
          th.textContent = title
          tr.appendChild(th)
        }
        head.replaceChildren(tr)
        caption.textContent = model.caption
      }
      const showRows = () => {
        const focused = el.getRootNode().activeElement?.closest?.('tr')?.dataset?.claim
        body.replaceChildren(...JSON.parse(model.rows_json).map((row) => {
          const tr = document.createElement('tr')
          tr.dataset.claim = row.claim_id
          const key = `cd-row-${++counter}`
          model.columns.forEach(([field, title], j) => {
            const td = document.createElement('td')
            td.dataset.field = field
            td.dataset.label = title
            if (j === 0) {
              const b = document.createElement('button')
              b.type = 'button'
              b.className = 'cd-open'
              b.textContent = row[field]
              b.setAttribute('aria-describedby', `${key}-stance ${key}-quote`)
              b.addEventListener('click', (e) => { e.stopPropagation(); open(row.claim_id) })
              td.appendChild(b)
            } else {
              td.textContent = row[field]
              if (field === 'stance_label' || field === 'quote') td.id = `${key}-${field === 'quote' ? 'quote' : 'stance'}`
              if (field === 'stance_label') td.style.borderLeft = `6px solid ${row.colour}`
            }
            tr.appendChild(td)
          })
          tr.addEventListener('click', () => { if (!getSelection().toString()) open(row.claim_id) })
          return tr
        }))
        mark()
        if (focused) body.querySelector(`tr[data-claim="${CSS.escape(focused)}"] button`)?.focus()
      }
      const mark = () => {
        for (const tr of body.children) {
          const on = tr.dataset.claim === model.selected
          tr.classList.toggle('cd-selected', on)
          const b = tr.querySelector('button')
          if (on) b?.setAttribute('aria-current', 'true')
          else b?.removeAttribute('aria-current')
        }
      }
      showHead()
      showRows()
      model.on(['columns', 'caption'], showHead)
      model.on('rows_json', showRows)
      model.on('selected', mark)
    }
    """

    _stylesheets = [FOCUS_CSS + """
    :host { font-family: var(--bokeh-base-font, system-ui, sans-serif); }
    .cd-table { width: 100%; border-collapse: collapse; font-size: 13px; line-height: 1.4; color: #212529; }
    .cd-table th { text-align: left; font-size: 12.5px; font-weight: 600; border-bottom: 2px solid #bbb;
                   padding: 4px 6px; position: sticky; top: 0; background: #fff; }
    .cd-table td { border-bottom: 1px solid #e5e5e5; padding: 5px 6px; vertical-align: top; overflow-wrap: anywhere; }
    .cd-table tbody tr { cursor: pointer; }
    .cd-table tbody tr:hover { background: #f3f6f9; }
    .cd-table tr.cd-selected { background: #fff4c2; }
    .cd-table tr.cd-selected:hover { background: #ffeda0; }
    .cd-open { font: inherit; font-weight: 600; color: #0b4f8a; background: none; border: 0; padding: 2px 0;
               text-align: left; text-decoration: underline; text-underline-offset: 2px; cursor: pointer; }
    .cd-table td[data-field="actor"] { width: 14%; }
    .cd-table td[data-field="target"] { width: 12%; }
    .cd-table td[data-field="stance_label"] { width: 11%; }
    .cd-table td[data-field="said"] { width: 11%; }
    .cd-table td[data-field="outlet"] { width: 13%; }
    @media (max-width: 640px) {
      .cd-table thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
      .cd-table, .cd-table tbody, .cd-table tr, .cd-table td { display: block; width: auto !important; }
      .cd-table tr { border-bottom: 1px solid #ccc; padding: 6px 0; }
      .cd-table td { border: 0; padding: 1px 6px; }
      .cd-table td[data-field]:not([data-field="actor"]):not([data-field="quote"])::before {
        content: attr(data-label); font-weight: 600; margin-right: 4px; }
      .cd-table td[data-field="quote"] { margin-top: 3px; }
    }
    """]

    _rename = {"on_open": None, "rows": None}

    def __init__(self, **params):
        super().__init__(**params)
        self._send_rows()
        self.param.watch(self._send_rows, "rows")

    def _send_rows(self, *_) -> None:
        self.rows_json = json.dumps(self.rows, ensure_ascii=False, separators=(",", ":"))

    def _handle_msg(self, msg) -> None:
        claim_id = msg.get("open") if isinstance(msg, dict) else None
        if isinstance(claim_id, str) and self.on_open is not None:
            self.on_open(claim_id)


class ClaimsTable(View):
    """The filtered claims; cell text is shown as text, never as markup."""

    title = param.String(default="Claims")

    note = param.String(default="Choose a claimant (a click, or Tab and Enter) to open the claim in its article.")

    page = param.Integer(default=0, bounds=(0, None), doc="The page shown, from 0.")

    order = param.Selector(default="date", objects=list(SORT_ORDERS), doc="How the claims are sorted.")

    page_size = 12

    def __init__(self, **params):
        super().__init__(**params)
        p = self.prepared
        self._colours = {k: v if isinstance(v, str) and _HEX.fullmatch(v) else "#999999"
                         for k, v in p.stance_colours.items()}
        self._rows = ClaimRows(caption="Claims matching the filters, a page at a time",
                               columns=[[c, COLUMNS[c]] for c in SHOWN], on_open=self.open_claim,
                               sizing_mode="stretch_width", margin=(0, 10))
        button = {"stylesheets": [FOCUS_CSS], "margin": (5, 5)}
        self._previous = pn.widgets.Button(label="‹ Previous page", width=130, **button)
        self._next = pn.widgets.Button(label="Next page ›", width=120, **button)
        self._where = LiveText("", margin=(12, 10, 5, 10), width=160)
        self._sort = pn.widgets.Select(label="Sort by", options={v: k for k, v in SORT_ORDERS.items()}, value=self.order,
                                       width=190, stylesheets=[FOCUS_CSS], margin=(0, 5, 5, 5))
        self._previous.on_click(lambda _e: self._turn(-1))
        self._next.on_click(lambda _e: self._turn(1))
        self._sort.link(self, value="order")
        self.state.param.watch(self._on_filters, list(FILTERS))
        self.state.param.watch(self._on_selected, "selected")
        self.param.watch(self._on_order, "order")
        self._refresh(to_selection=True)

    # ---------------------------------------------------------------- data
    def frame(self, to_selection: bool = False) -> TablePage:
        """The page shown for the current state."""
        s = self.state
        return self._shared(self._key(to_selection), lambda: table_page(
            self.prepared, s.filters, order=self.order, page=self.page, page_size=self.page_size,
            selected=s.selected, to_selection=to_selection, mask=s.mask()))

    def _key(self, to_selection: bool) -> tuple:
        """What :meth:`frame` depends on: only a selected claim does, and only its id."""
        chosen = selected_id(self.state.selected, "claim")
        return self.state.filters, self.order, self.page, self.page_size, chosen, to_selection

    @property
    def pages(self) -> int:
        return self._page.pages

    @property
    def shown(self) -> pd.DataFrame:
        """The claims of the page shown, in the table's order."""
        return self._page.claims

    @property
    def selected_row(self) -> int | None:
        """The row (from 0) of the claim the source viewer shows, when it is on this page."""
        sel = Selection.parse(self.state.selected)
        ids = list(self._page.claims.claim_id)
        return ids.index(sel.id) if sel and sel.kind == "claim" and sel.id in ids else None

    def open_claim(self, claim_id: str) -> None:
        """What choosing a row does: show the claim in the source viewer."""
        if claim_id in set(self._page.claims.claim_id):
            with pn.io.unlocked():
                self.state.selected = f"claim:{claim_id}"

    def _refresh(self, to_selection: bool = False) -> None:
        key = self._key(to_selection)
        page = self._page = self.frame(to_selection)
        self.page = page.page
        self._rows.rows = self._shared(key, lambda: self._records(page), kind="rows")
        self._where.object = f'<span role="status">{page.where}</span>'
        self._previous.disabled = page.page == 0
        self._next.disabled = page.page >= page.pages - 1
        self._sync_selection()

    def _records(self, page: TablePage) -> list[dict]:
        """The page's rows as the table shows them (text)."""
        claims = page.claims
        records = {c: claims[c].astype(str).tolist() for c in SHOWN}
        colours = [self._colours.get(s, "#999999") for s in claims.stance]
        return [{"claim_id": cid, "colour": colour, **{c: records[c][i] for c in SHOWN}}
                for i, (cid, colour) in enumerate(zip(claims.claim_id, colours))]

    def _sync_selection(self) -> None:
        row = self.selected_row
        wanted = self._page.claims.claim_id.iloc[row] if row is not None else ""
        if self._rows.selected != wanted:
            self._rows.selected = wanted

    # ---------------------------------------------------------------- events
    def _on_filters(self, *_):
        self.page = 0
        self._refresh(to_selection=True)

    def _on_selected(self, *_):
        sel = Selection.parse(self.state.selected)
        if sel and sel.kind == "claim" and sel.id not in set(self._page.claims.claim_id):
            self._refresh(to_selection=True)
        else:
            self._sync_selection()

    def _on_order(self, *_):
        self.page = 0
        self._refresh(to_selection=True)

    def _turn(self, step: int) -> None:
        self.page = max(0, min(self.page + step, self.pages - 1))
        self._refresh()

    def __panel__(self):
        pager = pn.FlexBox(self._previous, self._next, self._where, self._sort, align_items="flex-end",
                           sizing_mode="stretch_width")
        return pn.Column(self._rows, pager, sizing_mode="stretch_width")
