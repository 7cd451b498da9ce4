"""The claim matrix's cells: claimants by the parties their claims are about, split by stance."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..query import NO_TARGET, NO_TARGET_LABEL, Prepared, busiest, busiest_codes, coded_values, matrix_cells, per_code
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
    #: Claimants (top first) and parties (left first) with a row or column: id, name and label (the name
    #: wrapped into lines, cut with an ellipsis when too long: hover gives it whole).
    rows: pd.DataFrame
    cols: pd.DataFrame
    #: Claimants and parties with matching claims that got no row or column.
    rows_out: int
    cols_out: int
    #: True when the filters are one claimant and one target (the cell is outlined).
    pair: bool

    @functools.cached_property
    def totals(self) -> pd.DataFrame:
        """One row per cell: x, y, actor_id, target_id, count and its stance split in words ("3 Dismisses,
        1 Accuses"). Made when first asked for (the keyboard's list of cells): a filter change needs none."""
        cells = self.cells
        actors, targets = cells.actor_id.to_numpy(), cells.target_id.to_numpy()
        starts = np.flatnonzero(np.r_[True, (actors[1:] != actors[:-1]) | (targets[1:] != targets[:-1])])
        return _totals(cells, starts[starts < len(cells)])

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
    active first (no target last), cut to the ``max_rows`` and ``max_cols`` most active.

    The cells are at most ``max_rows * max_cols`` times the stances, so they are laid out over plain
    arrays and lists: pandas' group-bys over string columns cost more than the counting itself.
    """
    index = p.index
    if mask is None:
        mask = filters.mask(p)
    row_codes, n_rows = busiest_codes(p, mask, "actor", max_rows)
    col_codes, n_cols = busiest_codes(p, mask, "target", max_cols)
    actor_texts, target_texts = coded_values(p, "actor"), coded_values(p, "target")
    none = target_texts.code.get(NO_TARGET, -1)
    if none >= 0 and none in col_codes:
        col_codes = np.r_[col_codes[col_codes != none], none]
    # each code's row and column (-1: none), and from them the claims shown
    row_at = np.full(len(actor_texts), -1, dtype=np.int64)
    row_at[row_codes] = len(row_codes) - 1 - np.arange(len(row_codes))
    col_at = np.full(len(target_texts), -1, dtype=np.int64)
    col_at[col_codes] = np.arange(len(col_codes))
    shown = mask & (row_at >= 0)[index.actor.codes] & (col_at >= 0)[index.target.codes]
    (actor, target, stance), counts = index.counts(shown, index.actor, index.target, index.stance)
    # within a cell, the stances in the vocabulary's order (an unknown one last); the codes sort as the ids do
    look = _looks(p)
    order = np.lexsort((look["rank"][stance] if len(stance) else stance, target, actor))
    actor, target, stance, counts = actor[order], target[order], stance[order], counts[order].astype("int64")
    actor_ids = actor_texts.texts[actor]
    target_ids = target_texts.texts[target]
    stances = coded_values(p, "stance").texts[stance]
    # each cell's segments side by side, as wide as their shares
    cell = np.r_[True, (actor[1:] != actor[:-1]) | (target[1:] != target[:-1])] if len(actor) else np.zeros(0, bool)
    starts = np.flatnonzero(cell)
    group = np.cumsum(cell) - 1
    totals = np.add.reduceat(counts, starts) if len(starts) else np.zeros(0, dtype="int64")
    share = counts / totals[group]
    left = _cumsum(share, cell) - share
    x = col_at[target].astype(float)
    y = row_at[actor].astype(float)
    x0 = x - CELL_WIDTH / 2 + left * CELL_WIDTH
    x1 = x - CELL_WIDTH / 2 + (left + share) * CELL_WIDTH
    fits = segment_label_fits(x1 - x0, counts)
    cells = pd.DataFrame(copy=False, data={
        # the ids stay Python objects (pandas would infer text from an object array)
        "actor_id": _ids(actor_ids), "target_id": _ids(target_ids), "stance": _ids(stances), "count": counts,
        "x": x, "y": y, "share": share, "x0": x0, "x1": x1,
        "actor": _texts(look["actor"][actor]), "target": _texts(look["target"][target]),
        "stance_label": _texts(look["stance_label"][stance]), "colour": _texts(look["colour"][stance]),
        "xm": (x0 + x1) / 2,
        "label": np.where(fits, counts.astype(str), ""),
        "ink": _texts(look["ink"][stance]),
    })
    return MatrixFrame(
        cells=cells, rows=_axis(actor_texts.texts[row_codes], look["row_name"][row_codes], look["row_label"][row_codes]),
        cols=_axis(target_texts.texts[col_codes], look["col_name"][col_codes], look["col_label"][col_codes]),
        rows_out=n_rows - len(row_codes), cols_out=n_cols - len(col_codes),
        pair=len(filters.actors) == 1 and len(filters.targets) == 1)


def _looks(p: Prepared) -> dict[str, np.ndarray]:
    """What the matrix writes for each code of the claimant, target and stance columns (their names,
    labels wrapped for an axis, the stances' order, labels, colours and inks), made once per dataset."""
    names = {**p.actor_names, NO_TARGET: NO_TARGET_LABEL}
    stance_order = {s: i for i, s in enumerate(p.stance_labels)}
    colours = lambda texts: [p.stance_colours.get(s) for s in texts]  # noqa: E731
    return {
        "rank": per_code(p, "stance", "matrix:rank",
                         lambda texts: np.array([stance_order.get(s, len(stance_order)) for s in texts], dtype=np.int64)),
        "stance_label": per_code(p, "stance", "matrix:label", lambda texts: _objects([p.stance_labels.get(s) for s in texts])),
        "colour": per_code(p, "stance", "matrix:colour", lambda texts: _objects(colours(texts))),
        "ink": per_code(p, "stance", "matrix:ink", lambda texts: _objects([ink(c) for c in colours(texts)])),
        "actor": per_code(p, "actor", "matrix:name", lambda texts: _objects([p.actor_names.get(a) for a in texts])),
        "target": per_code(p, "target", "matrix:name", lambda texts: _objects([names.get(t) for t in texts])),
        "row_name": per_code(p, "actor", "matrix:axis", lambda texts: _objects([names.get(a, a) for a in texts])),
        "col_name": per_code(p, "target", "matrix:axis", lambda texts: _objects([names.get(t, t) for t in texts])),
        "row_label": per_code(p, "actor", "matrix:row_label",
                              lambda texts: _objects([wrap(names.get(a, a), *ROW_LABEL) for a in texts])),
        "col_label": per_code(p, "target", "matrix:col_label",
                              lambda texts: _objects([wrap(names.get(t, t), *COL_LABEL) for t in texts])),
    }


def _objects(values: list) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _cumsum(values: np.ndarray, restart: np.ndarray) -> np.ndarray:
    """Running sums of ``values``, from 0 again where ``restart``; compensated as pandas' group-by
    cumsum is, so that a count's fit in its segment does not turn on the last bit of a float."""
    out = np.empty(len(values))
    total = compensation = 0.0
    for i, (value, new) in enumerate(zip(values.tolist(), restart.tolist())):
        if new:
            total = compensation = 0.0
        y = value - compensation
        t = total + y
        compensation = (t - total) - y
        total = out[i] = t
    return out


def _text(values) -> pd.Series:
    """A text column (missing values stay missing)."""
    return pd.Series(values, dtype="str")


def _texts(values: np.ndarray):
    """:func:`_text` as an array (see :func:`_ids`)."""
    return pd.array(values, dtype="str")


def _ids(values: np.ndarray):
    """A column of Python objects (pandas would infer text from an object array), as an array:
    a frame is made from arrays without aligning their indexes."""
    return pd.Index(values, dtype=object, copy=False)


def _axis(ids: np.ndarray, names: np.ndarray, labels: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({"id": _ids(ids), "name": _ids(names), "label": _ids(labels)}, copy=False)


def _totals(cells: pd.DataFrame, starts: np.ndarray) -> pd.DataFrame:
    """One row per cell (the cells' segments begin at ``starts``): its total and its stance split
    in words, most frequent first."""
    if cells.empty:
        return pd.DataFrame({c: [] for c in ("actor_id", "target_id", "x", "y", "count", "split", "actor", "target")})
    counts, labels = cells["count"].tolist(), cells.stance_label.tolist()
    bounds = [*starts.tolist(), len(counts)]
    split = []
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        ranked = sorted(range(lo, hi), key=lambda i: -counts[i])  # stable: ties keep the stance order
        split.append(", ".join(f"{counts[i]} {str(labels[i]).lower()}" for i in ranked))
    first = cells.iloc[starts]
    return pd.DataFrame({
        "actor_id": _text(first.actor_id.tolist()), "target_id": _text(first.target_id.tolist()),
        "x": first.x.to_numpy(), "y": first.y.to_numpy(),
        "count": np.add.reduceat(cells["count"].to_numpy(), starts),
        "actor": _text(first.actor.tolist()), "target": _text(first.target.tolist()), "split": _text(split),
    })
