"""The casualty comparison: each article's figures, each as the interval its qualifier means."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import memo
from ..query import Prepared, figure_rows
from .base import selected_id

__all__ = ["DODGE", "ROW_PX", "CasualtyFrame", "casualty_frame", "value_extent"]

#: Vertical offset between two figures of one metric in one article: each figure and its label get a line
#: of their own, so no two labels of a row share a line (at ``ROW_PX`` a line is 12 px, an 8 pt label's height).
DODGE = 0.2
#: Height of an article's row in pixels, in both renderers (the labels' spacing depends on it).
ROW_PX = 60
#: Where an article's name is written in its row (above its figures), and the middle of its figures.
HEADER = 0.46
MARKS = -0.1

_KEY = ["source_id", "metric", "value", "qualifier", "as_of", "attributed_to"]


@dataclass(frozen=True)
class CasualtyFrame:
    """What the casualty comparison draws for a choice of articles."""

    #: Articles compared, oldest first: source_id, label, row (the oldest article has the highest row),
    #: header (where the label is written, inside the plot, above the row's figures).
    rows: pd.DataFrame
    #: Casualty metrics with a plot, in the vocabulary's order (a comparison needs two articles).
    metrics: list[str]
    #: One mark per distinct figure of a plotted metric: metric, value, lower, upper, kind
    #: ("exact", "lower", "upper", "approximate"), text, label, row and slot (row dodged: a line of its own),
    #: label_x (where its label starts: right of the mark, or of the band), printed (times).
    marks: pd.DataFrame
    #: The value axis of each plotted metric: (first, last), with room for the labels on the right.
    extents: dict
    #: Every distinct casualty figure of the compared articles, and every other count (attackers, arrests…).
    figures: pd.DataFrame
    others: pd.DataFrame
    #: Articles with figures left out (beyond ``max_articles``, the earliest).
    left_out: int
    max_articles: int

    @property
    def empty(self) -> bool:
        return self.figures.empty and self.others.empty

    @property
    def ylim(self) -> tuple[float, float]:
        return -0.5, len(self.rows) - 0.5

    @property
    def height(self) -> int:
        """Pixels a metric's plot takes: its rows, and its title and axis."""
        return ROW_PX * max(len(self.rows), 1) + 90

    @property
    def info(self) -> str:
        if not self.left_out:
            return ""
        return (f"Comparing the latest {self.max_articles} articles with figures; {self.left_out:,} earlier ones "
                "are left out (choose outlets in the filters to compare them).")


def casualty_frame(p: Prepared, sources=(), *, selected: str = "", max_articles: int = 30) -> CasualtyFrame:
    """The figures of the articles ``sources`` (every article when empty), the latest ``max_articles``
    with figures; ``selected`` (``"figure:…"``) marks that figure's mark ``chosen``."""
    sources = tuple(sources)
    columns = memo.recent(p, "casualty_frame", (sources, max_articles),
                          lambda: _compare(p, sources, max_articles))
    # every call builds frames of its own: a view of a shared frame leaves a record on it
    frames = {name: pd.DataFrame({c: v.copy() for c, v in cols.items()}) for name, cols in columns["frames"].items()}
    marks = frames["marks"]
    chosen = selected_id(selected, "figure")
    marks["chosen"] = (marks.figure_id == chosen).to_numpy() if len(marks) else np.zeros(0, dtype=bool)
    return CasualtyFrame(rows=frames["rows"], metrics=list(columns["metrics"]), marks=marks,
                         extents=dict(columns["extents"]), figures=frames["figures"], others=frames["others"],
                         left_out=columns["left_out"], max_articles=max_articles)


def _compare(p: Prepared, sources: tuple, max_articles: int) -> dict:
    """The comparison as columns of arrays (shared by every session asking for the same articles):
    the rows of :func:`_every_figure` of the chosen articles, in their rows."""
    every = _every_figure(p)
    cols, casualty = every["columns"], every["casualty"]
    chosen = np.isin(cols["source_id"], list(sources)) if sources else np.ones(len(casualty), dtype=bool)
    # the rows are in outlet order, an article's figures together (its outlet order is its own)
    order = cols["outlet_order"]
    present = np.unique(order[chosen])  # the articles with figures, oldest first
    left_out = max(0, len(present) - max_articles)
    if left_out:
        chosen &= np.isin(order, present[left_out:])
        present = present[left_out:]
    at = np.flatnonzero(chosen)
    firsts = at[np.unique(order[at], return_index=True)[1]] if len(at) else at
    ids = cols["source_id"][firsts].tolist()
    row_of = np.zeros(len(p.sources), dtype=float)  # an article's row, by its outlet order
    row_of[present] = np.arange(len(present) - 1, -1, -1, dtype=float)
    figures_at, others_at = at[casualty[at]], at[~casualty[at]]
    metric = cols["metric"]
    reported = {m: len(np.unique(order[figures_at[metric[figures_at] == m]])) for m in set(metric[figures_at].tolist())}
    metrics = [m for m in p.metric_labels if reported.get(m, 0) >= 2 or (m in reported and len(ids) == 1)]
    by_metric = [figures_at[metric[figures_at] == m] for m in metrics]
    marks_at = np.concatenate(by_metric) if metrics else figures_at[:0]
    marks = {c: v[marks_at] for c, v in cols.items()}
    marks["row"] = row_of[order[marks_at]]
    marks["slot"] = marks["row"] + MARKS - every["offset"][marks_at]
    marks["label"] = every["label"][marks_at]
    marks["label_x"] = every["label_x"][marks_at]
    row_frame = pd.DataFrame({"source_id": ids, "label": [p.source_labels[s] for s in ids],
                              "row": [float(len(ids) - 1 - i) for i in range(len(ids))]})
    row_frame["header"] = row_frame.row + HEADER
    extents = tuple((m, _value_extent(cols["lower"][i], cols["value"][i], cols["upper"][i]))
                    for m, i in zip(metrics, by_metric))
    return {"frames": {"rows": {c: row_frame[c].to_numpy() for c in row_frame.columns}, "marks": marks, "figures": {c: v[figures_at] for c, v in cols.items()},
                       "others": {c: v[others_at] for c, v in cols.items()}},
            "metrics": tuple(metrics), "left_out": left_out, "extents": extents}


def _every_figure(p: Prepared) -> dict:
    """Every distinct figure of every article, made once per dataset, as columns of arrays: what a
    comparison of any articles takes its rows from. How often an article prints a figure, and where
    a figure's mark sits in its article's row (dodged among the article's figures of its metric),
    are the article's own, whichever articles are compared; only the rows' order depends on them."""
    def build():
        distinct = _distinct(figure_rows(p, casualty_only=False)).reset_index(drop=True)
        columns = {c: distinct[c].to_numpy() for c in distinct.columns}
        casualty = np.asarray(columns["casualty"], dtype=bool)
        n = len(distinct)
        offset, label_x = np.zeros(n), np.asarray(distinct.value, dtype=float).copy()
        label = np.empty(n, dtype=object)
        marks = _marks(distinct[casualty], {})
        offset[casualty], label[casualty], label_x[casualty] = marks.offset, marks.label, marks.label_x
        for array in (offset, label, label_x, casualty, *columns.values()):
            array.flags.writeable = False
        return {"columns": columns, "casualty": casualty, "offset": offset, "label": label, "label_x": label_x}
    return memo.derived(p, "casualty_figures", build)


def _distinct(figures: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct figure an article prints, with how often it prints it, oldest article first."""
    counted = figures.assign(printed=figures.groupby(_KEY, dropna=False).figure_id.transform("size"))
    out = counted.drop_duplicates(_KEY).sort_values("outlet_order", kind="stable")
    out["as_of_text"] = [f"{d:%-d %b %Y}" if not pd.isna(d) else "not stated" for d in out.as_of]
    out["given_by"] = out.attributed_to.replace("", "not stated")
    return out


def _marks(df: pd.DataFrame, rows: dict[str, int]) -> pd.DataFrame:
    """The marks of ``df``'s figures (of any metrics), each dodged among its article's figures of its
    metric (``offset``: how far below the row's line of marks) and labelled."""
    df = df.copy()
    df["row"] = df.source_id.map(rows).astype(float)
    groups = df.groupby(["source_id", "metric"], sort=False)
    rank, size = groups.cumcount(), groups.figure_id.transform("size")
    step = np.minimum(DODGE, 0.7 / size)
    df["offset"] = (rank - (size - 1) / 2) * step
    df["slot"] = df.row + MARKS - df.offset
    df["label"] = [t + (f" ({d:%-d %b})" if not pd.isna(d) else "") + (f" ×{n}" if n > 1 else "")
                   for t, d, n in zip(df.text, df.as_of, df.printed)]
    upper = df.upper.to_numpy(float)
    df["label_x"] = np.where((df.kind == "approximate").to_numpy() & np.isfinite(upper), upper, df.value)
    return df


def value_extent(marks: pd.DataFrame) -> tuple[float, float]:
    """The value axis for one metric's marks: a little below the lowest bound, and beyond the highest
    far enough for its label (about a third of the axis)."""
    return _value_extent(marks.lower.to_numpy(), marks.value.to_numpy(), marks.upper.to_numpy())


def _value_extent(lower, value, upper) -> tuple[float, float]:
    """:func:`value_extent` of the marks' columns."""
    upper = np.asarray(upper, dtype=float)
    finite = np.concatenate([np.asarray(lower, dtype=float), np.asarray(value, dtype=float), upper[np.isfinite(upper)]])
    if not finite.size:
        return 0.0, 1.0
    lo, hi = float(finite.min()), float(finite.max())
    span = max(hi - lo, 0.1 * abs(hi), 1.0)
    return lo - 0.15 * span, hi + 0.55 * span
