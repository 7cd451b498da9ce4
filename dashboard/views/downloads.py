"""Download what the filters select."""

from __future__ import annotations

import io

import panel as pn
import param

from ..export import claims_csv, figures_csv
from ..query import figure_rows
from .base import View


class Downloads(View):
    """The filtered claims, and the figures of the chosen outlets, as CSV files."""

    title = param.String(default="Download")

    note = param.String(default="What the filters select, as CSV (safe to open in a spreadsheet).")

    def __init__(self, **params):
        super().__init__(**params)
        self._claims = pn.widgets.FileDownload(callback=self._claims_file, filename="claims.csv",
                                               label="Claims (CSV)", sizing_mode="stretch_width")
        self._figures = pn.widgets.FileDownload(callback=self._figures_file, filename="figures.csv",
                                                label="Figures (CSV)", sizing_mode="stretch_width")

    def _claims_file(self):
        return io.StringIO(claims_csv(self.state.filtered_claims()))

    def _figures_file(self):
        return io.StringIO(figures_csv(figure_rows(self.prepared, sources=self.state.sources, casualty_only=False)))

    def __panel__(self):
        return pn.Row(self._claims, self._figures, sizing_mode="stretch_width")
