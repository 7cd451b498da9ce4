"""Download what the filters select."""

from __future__ import annotations

from datetime import datetime, timezone

import param

from ..export import claims_csv, claims_json, claims_jsonld, figures_csv, figures_json
from ..query import claim_order, figure_rows, rows
from .base import View
from .widgets import DownloadButtons, DownloadFile

# Two half-width buttons per row, then full-width ones; with narrow margins, labels fit the 260 px sidebar.
_ROWS = (("Claims (CSV)", "Figures (CSV)"), ("Claims (JSON)", "Figures (JSON)"),
         ("Claims (JSON-LD, schema.org)",), ("Snapshot of this view (HTML)",))


class Downloads(View):
    """The filtered claims, and the figures of the chosen outlets, as files; or the whole view as a snapshot."""

    title = param.String(default="Download")

    note = param.String(default=(
        "What the filters select: CSV (safe to open in a spreadsheet), JSON, schema.org JSON-LD for "
        "fact-checking tools, or an HTML snapshot of this view that opens without a server."))

    snapshot = param.Callable(default=None, doc=(
        "Makes the HTML snapshot of the page this view is on (handed in by the page); no snapshot "
        "button without it."))

    order = param.Callable(default=None, doc=(
        "Returns the claims table's order (a dashboard.query.SORT_ORDERS key): the files list the "
        "claims as the table does. Oldest first without it."))

    def __init__(self, **params):
        super().__init__(**params)
        files = {
            "Claims (CSV)": ("claims.csv", lambda: claims_csv(self._claims())),
            "Figures (CSV)": ("figures.csv", lambda: figures_csv(self._figures())),
            "Claims (JSON)": ("claims.json", lambda: claims_json(self._claims())),
            "Figures (JSON)": ("figures.json", lambda: figures_json(self._figures())),
            "Claims (JSON-LD, schema.org)": ("claims.jsonld", lambda: claims_jsonld(self._claims(), self.prepared)),
        }
        if self.snapshot is not None:
            files["Snapshot of this view (HTML)"] = ("snapshot.html", self._snapshot)
        mimes = {"csv": "text/csv;charset=utf-8", "json": "application/json", "jsonld": "application/ld+json",
                 "html": "text/html;charset=utf-8"}
        self.buttons = {
            label: DownloadFile(make=make, filename=filename, label=label, mime=mimes[filename.rsplit(".", 1)[1]])
            for label, (filename, make) in files.items()
        }

    def _claims(self):
        """The filtered claims in the table's order, with the outlets' own names."""
        order = self.order() if self.order is not None else "date"
        return self._named(rows(self.prepared, "claims", claim_order(self.prepared, order, self.state.mask())))

    def _figures(self):
        return self._named(figure_rows(self.prepared, sources=self.state.sources, casualty_only=False))

    def _named(self, table):
        """``table`` with ``outlet`` the outlet's own name ("" where the article does not give it) and
        ``article`` its headline: on screen a headline stands in for an unnamed outlet, in a file it must not."""
        sources = self.prepared.dataset.sources.set_index("source_id")
        ids = table.source_id.astype(str)
        named = table.assign(article=ids.map(sources.headline.astype(str)).to_numpy())
        if "outlet" not in sources:
            return named
        return named.assign(outlet=ids.map(sources.outlet.astype("string").fillna("")).fillna("").to_numpy())

    def _snapshot(self) -> str:
        taken = datetime.now(timezone.utc)
        self.buttons["Snapshot of this view (HTML)"].filename = f"snapshot-{taken:%Y%m%d-%H%M%S}.html"
        return self.snapshot(taken=taken)

    def __panel__(self):
        rows = [[label for label in row if label in self.buttons] for row in _ROWS]
        return DownloadButtons(rows=[row for row in rows if row], files=self.buttons, sizing_mode="stretch_width",
                               margin=(0, 10))
