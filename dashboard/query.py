"""Every question the views ask of the tables.

This is the one data-access layer: views never touch the raw tables. Derived
columns (labels, colours, a claim's date interval, a qualifier's interval)
are computed here once per dataset, and filtering is a boolean mask over the
prepared claims table.
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from .dataset import Dataset

__all__ = [
    "NO_TARGET", "Prepared", "Selection", "claim_mask", "figure_rows", "matrix_cells",
    "prepare", "qualifier_interval", "source_label", "statement_reports",
]

#: Filter value standing for "claims with no target".
NO_TARGET = "(none)"
NO_TARGET_LABEL = "(no target)"

#: Shown when an article does not name its outlet.
UNNAMED_OUTLET = "Outlet not named"

_FALLBACK_COLOURS = ("#56B4E9", "#F0E442", "#882255", "#44AA99", "#332288", "#AA4499", "#117733")

# How each qualifier bounds the printed value v: (lower, upper, kind).
# kind: "exact" (a point), "lower" (open-ended upwards), "upper" (open-ended
# downwards), "approximate" (a band around or just below v).
APPROXIMATE = 0.05
_QUALIFIERS = {
    "exact": lambda v: (v, v, "exact"),
    "at_least": lambda v: (v, math.inf, "lower"),
    "more_than": lambda v: (v, math.inf, "lower"),
    "over": lambda v: (v, math.inf, "lower"),
    "nearly": lambda v: (v * (1 - APPROXIMATE), v, "approximate"),
    "almost": lambda v: (v * (1 - APPROXIMATE), v, "approximate"),
    "about": lambda v: (v * (1 - APPROXIMATE), v * (1 + APPROXIMATE), "approximate"),
    "around": lambda v: (v * (1 - APPROXIMATE), v * (1 + APPROXIMATE), "approximate"),
    "up_to": lambda v: (0, v, "upper"),
    "fewer_than": lambda v: (0, v, "upper"),
}

_QUALIFIER_TEXT = {
    "exact": "", "at_least": "at least ", "more_than": "more than ", "over": "over ",
    "nearly": "nearly ", "almost": "almost ", "about": "about ", "around": "around ",
    "up_to": "up to ", "fewer_than": "fewer than ",
}


def qualifier_interval(qualifier: str, value: float) -> tuple[float, float, str]:
    """The interval ``(lower, upper, kind)`` a qualified number stands for.

    >>> qualifier_interval("at_least", 137)
    (137, inf, 'lower')
    """
    try:
        return _QUALIFIERS[qualifier](value)
    except KeyError:
        raise ValueError(f"unknown qualifier {qualifier!r}; known: {', '.join(_QUALIFIERS)}") from None


def qualified_text(qualifier: str, value: int) -> str:
    """The figure as a reader would say it, e.g. ``'nearly 140'``."""
    return f"{_QUALIFIER_TEXT.get(qualifier, qualifier.replace('_', ' ') + ' ')}{value:,}"


def source_label(outlet, published, headline: str) -> str:
    """How an article is named in every view: its outlet and date.

    An article that names no outlet is named by its headline instead, so that
    unnamed outlets are never merged into one.
    """
    when = f"{published:%-d %b %Y}" if not pd.isna(published) else "undated"
    if outlet is None or pd.isna(outlet):
        short = headline if len(headline) <= 30 else headline[:28].rstrip() + "…"
        return f"“{short}” ({when})"
    return f"{outlet} ({when})"


def date_interval(said_on, precision, published) -> tuple[pd.Timestamp, pd.Timestamp, str]:
    """The days a claim may have been made: ``(first, last, basis)``.

    basis is ``"said"`` when the article dates the statement (to the day,
    week or month) and ``"reported"`` when it does not, in which case the
    article's publication date stands in.
    """
    if pd.isna(said_on):
        return published, published, "reported"
    start = pd.Timestamp(said_on)
    if precision == "week":
        return start, start + pd.Timedelta(days=6), "said"
    if precision == "month":
        return start, start + pd.offsets.MonthEnd(0), "said"
    return start, start, "said"


def _colours(stances: pd.DataFrame) -> dict[str, str]:
    colours = {}
    for i, row in enumerate(stances.itertuples(index=False)):
        colour = row.colour if isinstance(row.colour, str) else None
        colours[row.stance] = colour or _FALLBACK_COLOURS[i % len(_FALLBACK_COLOURS)]
    return colours


@dataclass(frozen=True, eq=False)
class Prepared:
    """Tables joined and labelled for display; built once per dataset."""

    dataset: Dataset
    claims: pd.DataFrame
    figures: pd.DataFrame
    events: pd.DataFrame
    sources: pd.DataFrame
    actor_names: dict[str, str]
    stance_labels: dict[str, str]
    stance_colours: dict[str, str]
    metric_labels: dict[str, str]
    source_labels: dict[str, str]
    date_bounds: tuple[date, date]
    search_text: pd.Series = field(repr=False)

    @property
    def title(self) -> str:
        return self.dataset.schema.get("title") or self.dataset.schema.get("name") or "Claims"


_prepared: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def prepare(ds: Dataset) -> Prepared:
    """Join and label the tables of ``ds`` (cached per dataset object)."""
    cached = _prepared.get(ds)
    if cached is None:
        cached = _prepared[ds] = _prepare(ds)
    return cached


def _prepare(ds: Dataset) -> Prepared:
    sources = ds.sources.sort_values(["published", "source_id"]).reset_index(drop=True)
    labels = [source_label(o, p, h) for o, p, h in zip(sources.outlet, sources.published, sources.headline)]
    seen: dict[str, int] = {}
    for i, label in enumerate(labels):  # the same outlet twice on one day
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            labels[i] = f"{label} #{seen[label]}"
    sources = sources.assign(label=labels)
    source_labels = dict(zip(sources.source_id, sources.label))
    published = dict(zip(sources.source_id, sources.published))
    outlet_order = {sid: i for i, sid in enumerate(sources.source_id)}

    actor_names = dict(zip(ds.actors.actor_id, ds.actors.name))
    stance_labels = dict(zip(ds.stances.stance, ds.stances.label))
    stance_colours = _colours(ds.stances)
    metric_labels = dict(zip(ds.metrics.metric, ds.metrics.label))

    c = ds.claims
    intervals = [date_interval(s, p, published[src]) for s, p, src in zip(c.said_on, c.said_on_precision, c.source_id)]
    target = c.target_id.fillna(NO_TARGET).astype(str)
    claims = pd.DataFrame({
        "claim_id": c.claim_id.astype(str),
        "statement_id": c.statement_id.astype(str),
        "source_id": c.source_id.astype(str),
        "actor_id": c.actor_id.astype(str),
        "target_id": target,
        "stance": c.stance.astype(str),
        "actor": c.actor_id.map(actor_names).astype(str),
        "target": target.map(lambda t: actor_names.get(t, NO_TARGET_LABEL)),
        "stance_label": c.stance.map(stance_labels).astype(str),
        "colour": c.stance.map(stance_colours).astype(str),
        "outlet": c.source_id.map(source_labels).astype(str),
        "outlet_order": c.source_id.map(outlet_order).astype(int),
        "published": c.source_id.map(published),
        "start": [i[0] for i in intervals],
        "end": [i[1] for i in intervals],
        "date_basis": [i[2] for i in intervals],
        "said": [_said_text(s, p) for s, p in zip(c.said_on, c.said_on_precision)],
        "said_on": c.said_on,
        "said_on_precision": c.said_on_precision.fillna("").astype(str),
        "said_on_basis": c.said_on_basis.astype(str),
        "quote": c.quote.astype(str),
        "mode": c["mode"].astype(str),
        "via": c.via.fillna("").astype(str),
        "evidence": c.evidence.astype(str),
    })
    claims["start"] = pd.to_datetime(claims["start"])
    claims["end"] = pd.to_datetime(claims["end"])
    search_text = (claims.quote + " " + claims.actor + " " + claims.target + " " + claims.evidence).str.casefold()

    f = ds.figures
    bounds = [qualifier_interval(q, float(v)) for q, v in zip(f.qualifier, f.value)]
    figures = pd.DataFrame({
        "figure_id": f.figure_id.astype(str),
        "source_id": f.source_id.astype(str),
        "outlet": f.source_id.map(source_labels).astype(str),
        "outlet_order": f.source_id.map(outlet_order).astype(int),
        "published": f.source_id.map(published),
        "metric": f.metric.astype(str),
        "metric_label": f.metric.map(metric_labels).astype(str),
        "value": f.value.astype(int),
        "qualifier": f.qualifier.astype(str),
        "text": [qualified_text(q, int(v)) for q, v in zip(f.qualifier, f.value)],
        "lower": [b[0] for b in bounds],
        "upper": [b[1] for b in bounds],
        "kind": [b[2] for b in bounds],
        "as_of": f.as_of,
        "attributed_to": f.attributed_to.fillna("").astype(str),
        "quote": f.quote.astype(str),
    })
    casualty = dict(zip(ds.metrics.metric, ds.metrics.casualty))
    figures["casualty"] = figures.metric.map(casualty).astype(bool)

    mentions = ds.event_mentions.groupby("event_id").source_id.agg(lambda s: tuple(s.astype(str)))
    events = ds.events.sort_values(["date", "event_id"]).reset_index(drop=True)
    ev_intervals = [date_interval(d, p, d) for d, p in zip(events.date, events.date_precision)]
    events = pd.DataFrame({
        "event_id": events.event_id.astype(str),
        "number": np.arange(1, len(events) + 1),
        "start": pd.to_datetime([i[0] for i in ev_intervals]),
        "end": pd.to_datetime([i[1] for i in ev_intervals]),
        "when": [_said_text(d, p) for d, p in zip(events.date, events.date_precision)],
        "title": events.title.astype(str),
        "description": events.description.astype(str),
        "category": events.category.astype(str),
        "source_ids": events.event_id.map(mentions).map(lambda v: v if isinstance(v, tuple) else ()),
    })

    dates = pd.concat([claims.start, claims.end, events.start, events.end, sources.published]).dropna()
    if dates.empty:
        today = pd.Timestamp.today().normalize()
        date_bounds = (today.date(), today.date())
    else:
        date_bounds = (dates.min().date(), dates.max().date())

    return Prepared(
        dataset=ds, claims=claims, figures=figures, events=events, sources=sources,
        actor_names=actor_names, stance_labels=stance_labels, stance_colours=stance_colours,
        metric_labels=metric_labels, source_labels=source_labels, date_bounds=date_bounds,
        search_text=search_text,
    )


def _said_text(said_on, precision) -> str:
    if pd.isna(said_on):
        return "not stated"
    if precision == "month":
        return f"{said_on:%B %Y}"
    if precision == "week":
        return f"week of {said_on:%-d %b %Y}"
    return f"{said_on:%-d %b %Y}"


def claim_mask(
    p: Prepared, *, actors=(), targets=(), stances=(), sources=(),
    start: date | None = None, end: date | None = None, search: str = "",
) -> np.ndarray:
    """Boolean mask of the claims matching every given filter (empty = any).

    A claim matches a date range when the days it may have been made
    overlap it (see :func:`date_interval`).
    """
    c = p.claims
    mask = np.ones(len(c), dtype=bool)
    for column, values in (("actor_id", actors), ("target_id", targets), ("stance", stances), ("source_id", sources)):
        if values:
            mask &= c[column].isin(list(values)).to_numpy()
    if start is not None:
        mask &= (c.end >= pd.Timestamp(start)).to_numpy()
    if end is not None:
        mask &= (c.start <= pd.Timestamp(end)).to_numpy()
    terms = search.casefold().split()
    for term in terms:
        mask &= p.search_text.str.contains(term, regex=False).to_numpy()
    return mask


def figure_rows(p: Prepared, *, sources=(), casualty_only: bool = True) -> pd.DataFrame:
    """Figures of the given articles (all when empty), oldest article first."""
    f = p.figures
    if casualty_only:
        f = f[f.casualty]
    if sources:
        f = f[f.source_id.isin(list(sources))]
    return f.sort_values(["outlet_order", "metric", "value"])


def matrix_cells(claims: pd.DataFrame) -> pd.DataFrame:
    """Claim counts per (actor, target, stance), for the claim matrix."""
    if claims.empty:
        return pd.DataFrame({"actor_id": pd.Series(dtype=object), "target_id": pd.Series(dtype=object),
                             "stance": pd.Series(dtype=object), "count": pd.Series(dtype="int64")})
    return (claims.groupby(["actor_id", "target_id", "stance"], sort=False).size()
            .rename("count").reset_index())


@dataclass(frozen=True)
class Selection:
    """What the source viewer shows: a claim, a figure or an event mention."""

    kind: str  # "claim", "figure" or "event"
    id: str

    @classmethod
    def parse(cls, text: str) -> "Selection | None":
        kind, _, ident = text.partition(":")
        return cls(kind, ident) if kind in ("claim", "figure", "event") and ident else None

    def __str__(self) -> str:
        return f"{self.kind}:{self.id}"


def statement_reports(p: Prepared, claim_id: str) -> pd.DataFrame:
    """Every claim row reporting the same statement as ``claim_id``, oldest article first."""
    c = p.claims
    statement = c.loc[c.claim_id == claim_id, "statement_id"]
    if statement.empty:
        return c.iloc[0:0]
    return c[c.statement_id == statement.iloc[0]].sort_values(["outlet_order", "claim_id"])


class TimeScale:
    """A date axis compressed to the dates that matter.

    Every anchor date gets one evenly spaced slot; dates in between are
    interpolated, so weeks where nothing happened take no room. Positions map
    back to dates for range selection.
    """

    def __init__(self, dates):
        days = pd.to_datetime(pd.Series(list(dates))).dropna().dt.normalize().drop_duplicates().sort_values()
        if days.empty:
            days = pd.Series([pd.Timestamp.today().normalize()])
        self.anchors = pd.DatetimeIndex(days).as_unit("ns")
        self._ns = self.anchors.asi8.astype(float)

    def position(self, dates) -> np.ndarray:
        """Slot positions (floats) of ``dates``; outside the anchors, one slot per day-span of the edge slot."""
        ns = pd.DatetimeIndex(pd.to_datetime(pd.Series(dates))).as_unit("ns").asi8.astype(float)
        slots = np.arange(len(self._ns), dtype=float)
        if len(self._ns) == 1:
            return (ns - self._ns[0]) / 86_400e9
        pos = np.interp(ns, self._ns, slots)
        before, after = ns < self._ns[0], ns > self._ns[-1]
        pos[before] = (ns[before] - self._ns[0]) / (self._ns[1] - self._ns[0])
        pos[after] = len(slots) - 1 + (ns[after] - self._ns[-1]) / (self._ns[-1] - self._ns[-2])
        return pos

    def date(self, position: float) -> pd.Timestamp:
        """The date at a slot position (inverse of :meth:`position`)."""
        slots = np.arange(len(self._ns), dtype=float)
        if len(self._ns) == 1:
            return pd.Timestamp(int(self._ns[0] + position * 86_400e9))
        if position < 0:
            ns = self._ns[0] + position * (self._ns[1] - self._ns[0])
        elif position > slots[-1]:
            ns = self._ns[-1] + (position - slots[-1]) * (self._ns[-1] - self._ns[-2])
        else:
            ns = np.interp(position, slots, self._ns)
        return pd.Timestamp(int(ns))

    def ticks(self) -> list[tuple[int, str]]:
        return [(i, f"{d:%-d %b}") for i, d in enumerate(self.anchors)]

    def gaps(self, min_days: int = 4) -> list[tuple[float, str]]:
        """(position, text) between anchors further apart than ``min_days``."""
        out = []
        for i in range(len(self.anchors) - 1):
            days = (self.anchors[i + 1] - self.anchors[i]).days
            if days >= min_days:
                text = f"+{days // 7} wk" if days >= 14 else f"+{days} d"
                out.append((i + 0.5, text))
        return out
