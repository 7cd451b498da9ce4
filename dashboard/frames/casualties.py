"""The casualty comparison: each article's figures, each as the interval its qualifier means."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import memo
from ..query import Prepared, figure_rows
from .base import selected_id

__all__ = ["DODGE", "CasualtyFrame", "casualty_frame"]

#: Vertical offset between two figures of one metric in one article.
DODGE = 0.22

_KEY = ["source_id", "metric", "value", "qualifier", "as_of", "attributed_to"]


@dataclass(frozen=True)
class CasualtyFrame:
    """What the casualty comparison draws for a choice of articles."""

    #: Articles compared, oldest first: source_id, label, row (the oldest article has the highest row).
    rows: pd.DataFrame
    #: Casualty metrics with a plot, in the vocabulary's order (a comparison needs two articles).
    metrics: list[str]
    #: One mark per distinct figure of a plotted metric: metric, value, lower, upper, kind
    #: ("exact", "lower", "upper", "approximate"), text, label, row and slot (row dodged), printed (times).
    marks: pd.DataFrame
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
                         figures=frames["figures"], others=frames["others"], left_out=columns["left_out"],
                         max_articles=max_articles)


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
    frames = {"rows": row_frame, "marks": marks.reset_index(drop=True), "figures": casualties.reset_index(drop=True),
              "others": others.reset_index(drop=True)}
    return {"frames": {name: {c: f[c].to_numpy() for c in f.columns} for name, f in frames.items()},
            "metrics": tuple(metrics), "left_out": left_out}


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
    df["slot"] = df.row - (rank - (size - 1) / 2) * DODGE
    df["label"] = [t + (f" ({d:%-d %b})" if not pd.isna(d) else "") + (f" ×{n}" if n > 1 else "")
                   for t, d, n in zip(df.text, df.as_of, df.printed)]
    return df
