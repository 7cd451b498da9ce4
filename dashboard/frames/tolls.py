"""The toll over time: every casualty figure at the date it refers to, one series per metric."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import memo
from ..query import Prepared, TimeScale, figure_rows
from .base import selected_id

__all__ = ["METRIC_COLOURS", "TollFrame", "tolls_frame"]

#: A colour per metric, in the vocabulary's order (not the stance colours: these are not stances).
METRIC_COLOURS = ("#1f4e79", "#8c510a", "#01665e", "#762a83", "#4d4d4d")
#: Distance between two figures of one metric at one date, on the date axis (slots).
DODGE = 0.3

_KEY = ["source_id", "metric", "value", "qualifier", "as_of", "attributed_to"]


@dataclass(frozen=True)
class TollFrame:
    """What the toll-over-time view draws for a choice of articles.

    A figure stands at the day it is "as of" when its article says so, and at its article's
    publication date otherwise (``dated`` False: drawn hollow, as undated claims are).
    """

    #: One mark per distinct figure: figure_id, source_id, outlet, metric, metric_label, colour, value,
    #: lower, upper, kind ("exact", "lower", "upper", "approximate"), text (as printed), date (the day it
    #: refers to), dated, basis (why that day, in words), given_by, quote, printed (times), slot (the date's
    #: position on the date axis) and x (dodged, so no two marks of a metric and a day overprint), bar_end (where an open-ended
    #: figure's bar ends: the top, or the bottom, of its metric's axis), chosen.
    marks: pd.DataFrame
    #: Casualty metrics with a figure, in the vocabulary's order; each gets its own plot.
    metrics: list[str]
    #: The value axis of each metric: (first, last), room left above for open-ended bars.
    extents: dict
    #: (position, label) of the dates on the axis, and of the gaps where time is skipped; its range.
    ticks: list[tuple[float, str]]
    gaps: list[tuple[float, str]]
    xlim: tuple[float, float]
    #: Articles with casualty figures left out (beyond ``max_articles``, the earliest).
    left_out: int
    max_articles: int

    @property
    def empty(self) -> bool:
        return self.marks.empty

    @property
    def info(self) -> str:
        if not self.left_out:
            return ""
        return (f"Showing the figures of the latest {self.max_articles} articles; {self.left_out:,} earlier ones "
                "are left out (choose outlets in the filters to see them).")

    def metric_marks(self, metric: str) -> pd.DataFrame:
        return self.marks[self.marks.metric == metric]

    def height(self, metric: str) -> int:
        """Pixels a metric's plot takes: less for a metric with one figure, which shows no change."""
        return 210 if (self.marks.metric == metric).sum() > 1 else 150


def tolls_frame(p: Prepared, sources=(), *, selected: str = "", max_articles: int = 30) -> TollFrame:
    """Every casualty figure of the articles ``sources`` (all when empty), of the latest ``max_articles``
    with such figures (as the casualty comparison); ``selected`` (``"figure:…"``) marks that figure ``chosen``."""
    sources = tuple(sources)
    columns = memo.recent(p, "tolls_frame", (sources, max_articles), lambda: _tolls(p, sources, max_articles))
    # a frame of its own for every call: a view of a shared frame leaves a record on it
    marks = pd.DataFrame({c: v.copy() for c, v in columns["marks"].items()})
    chosen = selected_id(selected, "figure")
    marks["chosen"] = (marks.figure_id == chosen).to_numpy() if len(marks) else np.zeros(0, dtype=bool)
    scale = _scale(p)
    lo, hi = scale.extent
    return TollFrame(marks=marks, metrics=list(columns["metrics"]), extents=dict(columns["extents"]),
                     ticks=scale.ticks(), gaps=scale.gaps(), xlim=(lo - 0.7, hi + 0.7),
                     left_out=columns["left_out"], max_articles=max_articles)


def _scale(p: Prepared) -> TimeScale:
    """The date axis of every casualty figure of the dataset (the same whichever articles are chosen)."""
    def build():
        figures = figure_rows(p)
        return TimeScale(figures.as_of.where(figures.as_of.notna(), figures.published))
    return memo.derived(p, "tolls_scale", build)


def _tolls(p: Prepared, sources: tuple, max_articles: int) -> dict:
    """The toll of the articles ``sources`` as columns of arrays (shared by every session asking for
    them): the rows of :func:`_every_toll` of the chosen articles, dodged and their bars ended on the
    value axes those rows give."""
    every = _every_toll(p)
    cols = every["columns"]
    order = cols["outlet_order"]
    chosen = np.isin(cols["source_id"], list(sources)) if sources else np.ones(len(order), dtype=bool)
    present = np.unique(order[chosen])  # the articles with casualty figures, oldest first
    left_out = max(0, len(present) - max_articles)
    if left_out:
        chosen &= np.isin(order, present[left_out:])
    at = np.flatnonzero(chosen)
    metric = cols["metric"][at]
    metrics = [m for m in p.metric_labels if m in set(metric.tolist())]
    at = at[np.isin(metric, metrics)]
    df = {c: cols[c][at] for c in _KEEP}
    metric, value = df["metric"], df["value"].astype(float)
    df["x"] = _dodged(df["slot"], metric, value)
    which = {m: metric == m for m in metrics}
    extents = {m: _extent(value[w], df["lower"][w], df["upper"][w]) for m, w in which.items()}
    top, bottom = np.full(len(at), np.nan), np.full(len(at), np.nan)
    for m, w in which.items():
        bottom[w], top[w] = extents[m]
    inset = (top - bottom) * 0.05  # the arrow head inside the plot
    kind = df["kind"]
    df["bar_end"] = np.select([kind == "lower", kind == "upper"],
                              [top - inset, np.maximum(bottom + inset, df["lower"])], value)
    return {"marks": {c: df[c] for c in _KEEP + ["x", "bar_end"]}, "metrics": tuple(metrics),
            "extents": tuple(extents.items()), "left_out": left_out}


#: The columns of a toll's marks that do not depend on which articles are shown.
_KEEP = ["figure_id", "source_id", "outlet", "metric", "metric_label", "colour", "value", "lower", "upper",
         "kind", "text", "qualifier", "date", "dated", "basis", "as_of_basis", "given_by", "quote", "printed", "slot"]


def _every_toll(p: Prepared) -> dict:
    """Every distinct casualty figure of every article, made once per dataset, as columns of arrays,
    oldest article first: how often its article prints it, the day it is drawn at and why, its colour
    and its place on the date axis are the figure's own, whichever articles are shown."""
    def build():
        figures = figure_rows(p)
        distinct = figures.assign(printed=figures.groupby(_KEY, dropna=False).figure_id.transform("size"))
        df = distinct.drop_duplicates(_KEY).sort_values(["outlet_order", "figure_id"], kind="stable")
        df = df.reset_index(drop=True)
        colours = {m: METRIC_COLOURS[i % len(METRIC_COLOURS)] for i, m in enumerate(p.metric_labels)}
        dated = df.as_of.notna().to_numpy()
        df["date"] = df.as_of.where(dated, df.published)
        df["dated"] = dated
        df["basis"] = [
            f"as of {d:%-d %b %Y}" + (f": {b}" if b else " (the article says so)") if ok
            else f"not stated: drawn at the article's date ({d:%-d %b %Y})"
            for d, ok, b in zip(df.date, dated, df.as_of_basis)]
        df["given_by"] = df.attributed_to.replace("", "not stated")
        df["colour"] = df.metric.map(colours)
        df["slot"] = _scale(p).position(df.date)
        columns = {c: df[c].to_numpy() for c in _KEEP + ["outlet_order"]}
        for array in columns.values():
            array.flags.writeable = False
        return {"columns": columns}
    return memo.derived(p, "toll_figures", build)


def _dodged(slots: np.ndarray, metric: np.ndarray, value: np.ndarray) -> np.ndarray:
    """Positions of figures side by side where several of one metric fall on one day (lowest first)."""
    out = slots.astype(float).copy()
    frame = pd.DataFrame({"slot": np.round(slots, 6), "metric": metric, "value": value})
    grouped = frame.groupby(["metric", "slot"], sort=False)
    rank = grouped.value.rank(method="first").to_numpy() - 1
    size = grouped.value.transform("size").to_numpy()
    step = np.minimum(DODGE, 0.85 / np.maximum(size, 1))
    return out + (rank - (size - 1) / 2) * step


def _extent(value, lower, upper) -> tuple[float, float]:
    """A metric's value axis from its marks' columns: room below the lowest figure and above the highest
    for the open-ended bars."""
    upper = np.asarray(upper, dtype=float)
    finite = np.concatenate([np.asarray(value, dtype=float), np.asarray(lower, dtype=float), upper[np.isfinite(upper)]])
    lo, hi = float(finite.min()), float(finite.max())
    span = max(hi - lo, 0.1 * abs(hi), 4.0)  # counts: a few units at least, so the ticks are whole numbers
    return max(lo - 0.15 * span, 0.0) if lo >= 0 else lo - 0.15 * span, hi + 0.3 * span
