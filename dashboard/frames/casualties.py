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
    """The comparison as columns of arrays (shared by every session asking for the same articles)."""
    figures = figure_rows(p, sources=sources, casualty_only=False)
    articles = figures.drop_duplicates("source_id").sort_values("outlet_order").source_id
    if len(articles) > max_articles:
        figures = figures[figures.source_id.isin(set(articles.iloc[-max_articles:]))]
    left_out = max(0, len(articles) - max_articles)
    ids = list(dict.fromkeys(figures.sort_values("outlet_order").source_id))
    rows = {sid: len(ids) - 1 - i for i, sid in enumerate(ids)}
    distinct = _distinct(figures)
    casualties, others = distinct[distinct.casualty], distinct[~distinct.casualty]
    reported = casualties.groupby("metric").source_id.nunique()
    metrics = [m for m in p.metric_labels if reported.get(m, 0) >= 2 or (m in reported and len(rows) == 1)]
    marks = pd.concat([_marks(casualties[casualties.metric == m], rows) for m in metrics]) if metrics \
        else _marks(casualties.iloc[:0], rows)
    row_frame = pd.DataFrame({"source_id": ids, "label": [p.source_labels[s] for s in ids],
                              "row": [float(rows[s]) for s in ids]})
    row_frame["header"] = row_frame.row + HEADER
    extents = tuple((m, value_extent(marks[marks.metric == m])) for m in metrics)
    frames = {"rows": row_frame, "marks": marks.reset_index(drop=True), "figures": casualties.reset_index(drop=True),
              "others": others.reset_index(drop=True)}
    return {"frames": {name: {c: f[c].to_numpy() for c in f.columns} for name, f in frames.items()},
            "metrics": tuple(metrics), "left_out": left_out, "extents": extents}


def _distinct(figures: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct figure an article prints, with how often it prints it, oldest article first."""
    counted = figures.assign(printed=figures.groupby(_KEY, dropna=False).figure_id.transform("size"))
    out = counted.drop_duplicates(_KEY).sort_values("outlet_order", kind="stable")
    out["as_of_text"] = [f"{d:%-d %b %Y}" if not pd.isna(d) else "not stated" for d in out.as_of]
    out["given_by"] = out.attributed_to.replace("", "not stated")
    return out


def _marks(df: pd.DataFrame, rows: dict[str, int]) -> pd.DataFrame:
    df = df.copy()
    df["row"] = df.source_id.map(rows).astype(float)
    rank = df.groupby("source_id").cumcount()
    size = df.groupby("source_id").figure_id.transform("size")
    step = np.minimum(DODGE, 0.7 / size)
    df["slot"] = df.row + MARKS - (rank - (size - 1) / 2) * step
    df["label"] = [t + (f" ({d:%-d %b})" if not pd.isna(d) else "") + (f" ×{n}" if n > 1 else "")
                   for t, d, n in zip(df.text, df.as_of, df.printed)]
    upper = df.upper.to_numpy(float)
    df["label_x"] = np.where((df.kind == "approximate").to_numpy() & np.isfinite(upper), upper, df.value)
    return df


def value_extent(marks: pd.DataFrame) -> tuple[float, float]:
    """The value axis for one metric's marks: a little below the lowest bound, and beyond the highest
    far enough for its label (about a third of the axis)."""
    finite = np.concatenate([marks.lower.to_numpy(float), marks.value.to_numpy(float),
                             marks.upper[np.isfinite(marks.upper)].to_numpy(float)])
    if not finite.size:
        return 0.0, 1.0
    lo, hi = float(finite.min()), float(finite.max())
    span = max(hi - lo, 0.1 * abs(hi), 1.0)
    return lo - 0.15 * span, hi + 0.55 * span
