"""The claim matrix's cells: claimants by the parties their claims are about, split by stance."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..query import NO_TARGET, NO_TARGET_LABEL, Prepared, busiest, matrix_cells
from .base import Filters, ink, wrap

__all__ = ["CELL_WIDTH", "MIN_COLS", "MatrixFrame", "matrix_frame", "segment_label_fits"]

#: Share of a column's width a cell takes.
CELL_WIDTH = 0.9
#: Columns the plot is wide enough for at least: one cell alone is not drawn across the whole width.
MIN_COLS = 4
#: Lines and characters per line of a column's and a row's label.
COL_LABEL = (12, 3)
ROW_LABEL = (24, 2)


def segment_label_fits(width, count):
    """Whether a segment ``width`` columns wide holds its count (digits of about 0.08 of a column,
    a column being at least about 60 px wide); element-wise on arrays."""
    digits = np.floor(np.log10(np.maximum(np.asarray(count, dtype=float), 1))) + 1
    return np.asarray(width, dtype=float) >= 0.1 + 0.08 * digits


@dataclass(frozen=True)
class MatrixFrame:
    """What the claim matrix draws for one set of filters."""

    #: One segment per (claimant, target, stance): x, y (the cell's centre), x0, x1 (the segment), xm (its
    #: middle), count, share of the cell, labels, colour, and ``label``: its count, written in the segment
    #: in ``ink`` where it fits ("" where it does not: hover tells).
    cells: pd.DataFrame
    #: One row per cell: x, y, actor_id, target_id, count and its stance split in words ("3 Dismisses, 1 Accuses").
    totals: pd.DataFrame
    #: Claimants (top first) and parties (left first) with a row or column: id, name and label (the name
    #: wrapped into lines, cut with an ellipsis when too long: hover gives it whole).
    rows: pd.DataFrame
    cols: pd.DataFrame
    #: Claimants and parties with matching claims that got no row or column.
    rows_out: int
    cols_out: int
    #: True when the filters are one claimant and one target (the cell is outlined).
    pair: bool

    @property
    def xlim(self) -> tuple[float, float]:
        return -0.6, max(len(self.cols), MIN_COLS) - 0.4

    @property
    def ylim(self) -> tuple[float, float]:
        return -0.6, max(len(self.rows), 1) - 0.4

    @property
    def info(self) -> str:
        left_out = []
        if self.rows_out:
            left_out.append(f"{self.rows_out:,} more claimants")
        if self.cols_out:
            left_out.append(f"{self.cols_out:,} more parties")
        return (f"Showing the most active; {' and '.join(left_out)} have matching claims "
                "(narrow the filters to see them)." if left_out else "")


def matrix_frame(p: Prepared, filters: Filters = Filters(), *, mask: np.ndarray | None = None,
                 max_rows: int = 30, max_cols: int = 30) -> MatrixFrame:
    """Counts per claimant, target and stance of the claims matching ``filters``: rows and columns most
    active first (no target last), cut to the ``max_rows`` and ``max_cols`` most active."""
    index = p.index
    if mask is None:
        mask = filters.mask(p)
    row_ids, n_rows = busiest(p, mask, "actor", max_rows)
    col_ids, n_cols = busiest(p, mask, "target", max_cols)
    if NO_TARGET in col_ids:
        col_ids.remove(NO_TARGET)
        col_ids.append(NO_TARGET)
    shown = mask & index.actor.lookup(row_ids)[index.actor.codes] & index.target.lookup(col_ids)[index.target.codes]
    cells = matrix_cells(p, shown)
    stance_order = {s: i for i, s in enumerate(p.stance_labels)}
    cells = cells.assign(order=cells.stance.map(stance_order)).sort_values(["actor_id", "target_id", "order"])
    totals = cells.groupby(["actor_id", "target_id"])["count"].transform("sum")
    share = cells["count"] / totals
    left = share.groupby([cells.actor_id, cells.target_id]).cumsum() - share
    ny = len(row_ids)
    x = cells.target_id.map({c: i for i, c in enumerate(col_ids)})
    y = cells.actor_id.map({r: ny - 1 - i for i, r in enumerate(row_ids)})
    names = {**p.actor_names, NO_TARGET: NO_TARGET_LABEL}
    cells = cells.assign(
        x=x.astype(float), y=y.astype(float), share=share,
        x0=x - CELL_WIDTH / 2 + left * CELL_WIDTH, x1=x - CELL_WIDTH / 2 + (left + share) * CELL_WIDTH,
        actor=cells.actor_id.map(p.actor_names), target=cells.target_id.map(names),
        stance_label=cells.stance.map(p.stance_labels), colour=cells.stance.map(p.stance_colours),
    ).drop(columns="order").reset_index(drop=True)
    fits = segment_label_fits(cells.x1 - cells.x0, cells["count"])
    cells = cells.assign(xm=(cells.x0 + cells.x1) / 2, label=np.where(fits, cells["count"].astype(str), ""),
                         ink=cells.colour.map({c: ink(c) for c in set(cells.colour)}))
    return MatrixFrame(
        cells=cells, totals=_totals(cells), rows=_axis(row_ids, names, ROW_LABEL),
        cols=_axis(col_ids, names, COL_LABEL),
        rows_out=n_rows - len(row_ids), cols_out=n_cols - len(col_ids),
        pair=len(filters.actors) == 1 and len(filters.targets) == 1)


def _axis(ids: list[str], names: dict[str, str], size: tuple[int, int]) -> pd.DataFrame:
    full = [names.get(i, i) for i in ids]
    return pd.DataFrame({"id": ids, "name": full, "label": [wrap(n, *size) for n in full]}, dtype=object)


def _totals(cells: pd.DataFrame) -> pd.DataFrame:
    """One row per cell: its total and its stance split in words, most frequent first."""
    if cells.empty:
        return pd.DataFrame({c: [] for c in ("actor_id", "target_id", "x", "y", "count", "split", "actor", "target")})
    ranked = cells.sort_values(["actor_id", "target_id", "count"], ascending=[True, True, False], kind="stable")
    words = ranked["count"].astype(str) + " " + ranked.stance_label.astype(str).str.lower()
    keys = ["actor_id", "target_id"]
    grouped = ranked.assign(words=words).groupby(keys, sort=False)
    out = grouped.agg(x=("x", "first"), y=("y", "first"), count=("count", "sum"), actor=("actor", "first"),
                      target=("target", "first"), split=("words", ", ".join)).reset_index()
    return out
