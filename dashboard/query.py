"""Every question the views ask of the tables.

This is the one data-access layer: views never touch the raw tables. Derived
columns (labels, colours, a claim's date interval, a qualifier's interval)
are computed here once per dataset, and filtering is a boolean mask over the
prepared claims table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import memo
from .claim_index import ClaimIndex, Coded
from .dataset import Dataset

__all__ = [
    "NO_TARGET", "SORT_ORDERS", "CodedValues", "Prepared", "Selection", "actor_order", "busiest", "busiest_codes",
    "claim_mask", "claim_order", "claim_row", "coded_values", "columns", "figure_rows", "matrix_cells", "per_code",
    "position",
    "prepare", "qualifier_interval", "record", "rows", "source_label", "statement_reports", "statement_summary",
    "event_quote",
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
    #: Integer-coded claim columns for fast filters and counts.
    index: ClaimIndex = field(repr=False)
    #: The shared date axis of the timeline (``claims.slot`` etc. are positions on it).
    time_scale: "TimeScale" = field(repr=False)
    #: Row orders and codes every session needs, computed once with the data (see :data:`DERIVED`).
    derived: dict = field(repr=False, default_factory=dict)

    @property
    def title(self) -> str:
        return self.dataset.schema.get("title") or self.dataset.schema.get("name") or "Claims"


def prepare(ds: Dataset) -> Prepared:
    """Join and label the tables of ``ds`` (cached per dataset object)."""
    return memo.derived(ds, "prepared", lambda: _prepare(ds))


def adopt(p: Prepared) -> Prepared:
    """Register ``p`` (e.g. read back from a cache) as the prepared form of its dataset."""
    return memo.keep(p.dataset, "prepared", p)


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
    codes = {name: Coded(c[name]) for name in ("actor_id", "stance", "source_id", "evidence")}
    codes["target_id"] = Coded(c.target_id.fillna(NO_TARGET))
    source = codes["source_id"]
    published_on = pd.Series(source.take(published), dtype="datetime64[ns]")
    start, end, basis = _intervals(c.said_on, c.said_on_precision, published_on)
    target_names = {**actor_names, NO_TARGET: NO_TARGET_LABEL}
    claims = pd.DataFrame({
        "claim_id": _strings(c.claim_id),
        "statement_id": _strings(c.statement_id),
        "source_id": source.take(str),
        "actor_id": codes["actor_id"].take(str),
        "target_id": codes["target_id"].take(str),
        "stance": codes["stance"].take(str),
        "actor": codes["actor_id"].take(lambda a: str(actor_names.get(a, a))),
        "target": codes["target_id"].take(target_names, NO_TARGET_LABEL),
        "stance_label": codes["stance"].take(lambda s: str(stance_labels.get(s, s))),
        "colour": codes["stance"].take(lambda s: stance_colours.get(s, "#999999")),
        "outlet": source.take(source_labels),
        "outlet_order": source.take(outlet_order, -1).astype(int),
        "published": published_on,
        "start": start,
        "end": end,
        "date_basis": basis,
        "said": _said_texts(c.said_on, c.said_on_precision),
        "said_on": c.said_on,
        "said_on_precision": _strings(c.said_on_precision.fillna("")),
        "said_on_basis": _strings(c.said_on_basis),
        "quote": _strings(c.quote),
        "mode": _strings(c["mode"]),
        "via": _strings(c.via.fillna("")),
        "evidence": codes["evidence"].take(str),
    })
    index = ClaimIndex.build(actor=codes["actor_id"], target=codes["target_id"], stance=codes["stance"],
                             source=source, evidence=codes["evidence"], start=start, end=end, quotes=claims.quote,
                             actor_names=actor_names, target_names=target_names)

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
        "as_of_basis": f.get("as_of_basis", pd.Series("", index=f.index)).fillna("").astype(str),
        "attributed_to": f.attributed_to.fillna("").astype(str),
        "quote": f.quote.astype(str),
    })
    casualty = dict(zip(ds.metrics.metric, ds.metrics.casualty))
    figures["casualty"] = figures.metric.map(casualty).astype(bool)

    mentions: dict[str, list[str]] = {}
    for event_id, source_id in zip(ds.event_mentions.event_id.astype(str), ds.event_mentions.source_id.astype(str)):
        mentions.setdefault(event_id, []).append(source_id)
    ev_start, ev_end, _ = _intervals(ds.events.date, ds.events.date_precision, pd.to_datetime(ds.events.date))
    # numbered in the order they may have happened by: an event of a week or a month after the
    # day-dated ones of that week or month (its last day, then the vaguer last)
    order = np.lexsort((ds.events.event_id.astype(str).to_numpy(), precision_rank(ds.events.date_precision),
                        ev_end.to_numpy("datetime64[ns]")))
    events = ds.events.iloc[order].reset_index(drop=True)
    ev_start, ev_end = ev_start.iloc[order].reset_index(drop=True), ev_end.iloc[order].reset_index(drop=True)
    events = pd.DataFrame({
        "event_id": events.event_id.astype(str),
        "number": np.arange(1, len(events) + 1),
        "start": ev_start,
        "end": ev_end,
        "when": _said_texts(events.date, events.date_precision),
        "title": events.title.astype(str),
        "description": events.description.astype(str),
        "category": events.category.astype(str),
        "source_ids": pd.Series(_tuples(mentions.get(e, ()) for e in events.event_id), dtype=object),
    })

    dates = pd.concat([claims.start, claims.end, events.start, events.end, sources.published]).dropna()
    if dates.empty:
        today = pd.Timestamp.today().normalize()
        date_bounds = (today.date(), today.date())
    else:
        date_bounds = (dates.min().date(), dates.max().date())

    # a slot for each day something is dated to; a week or a month only needs to be in reach
    one_day = pd.concat([claims.start[claims.start == claims.end], events.start[events.start == events.end]])
    periods = pd.concat([claims.start, claims.end, events.start, events.end])
    scale = TimeScale(one_day if one_day.notna().any() else periods, reach=periods)
    claims["slot"] = scale.position(claims.start + (claims.end - claims.start) / 2)
    claims["slot_start"] = scale.position(claims.start)
    claims["slot_end"] = scale.position(claims.end)

    return Prepared(
        dataset=ds, claims=claims, figures=figures, events=events, sources=sources,
        actor_names=actor_names, stance_labels=stance_labels, stance_colours=stance_colours,
        metric_labels=metric_labels, source_labels=source_labels, date_bounds=date_bounds,
        index=index, time_scale=scale, derived=_derive(ds, claims),
    )


#: What :func:`_derive` computes: the claims table's sort orders, statement codes, and the row
#: orders that sort the ids of the large tables (for :func:`position` by binary search).
DERIVED = ("order:date", "order:claimant", "order:outlet", "statement_codes", "sorted:claims.claim_id",
           "sorted:statements.statement_id")

#: By the last day a claim may have been made: one dated only to a month after the day-dated
#: claims of that month, not before them ("vague": :func:`precision_rank` of a date the claim states).
_ORDER_KEYS = {"date": ["end", "vague", "claim_id"], "claimant": ["actor", "end", "vague", "claim_id"],
               "outlet": ["outlet_order", "end", "vague", "claim_id"]}


def _claim_order_rows(claims: pd.DataFrame, base: str) -> np.ndarray:
    """Row numbers of every prepared claim sorted by the keys of ``_ORDER_KEYS[base]``."""
    keys = _ORDER_KEYS[base]
    frame = claims[[k for k in keys if k != "vague"]].assign(
        vague=precision_rank(claims.said_on_precision.where(claims.date_basis == "said", "")))
    return frame.reset_index(drop=True).sort_values(keys, kind="stable").index.to_numpy(np.int64)


def _derive(ds: Dataset, claims: pd.DataFrame) -> dict[str, np.ndarray]:
    """Arrays over every claim that would otherwise be computed again in each process."""
    out = {f"order:{name}": _claim_order_rows(claims, name) for name in _ORDER_KEYS}
    out["statement_codes"] = pd.factorize(claims.statement_id)[0].astype(np.int32)
    out["sorted:claims.claim_id"] = _argsort_text(claims.claim_id)
    out["sorted:statements.statement_id"] = _argsort_text(ds.statements.statement_id)
    return out


def _argsort_text(column: pd.Series) -> np.ndarray:
    """Row numbers that sort a text column by code point (Python's string order, which is the
    byte order of UTF-8)."""
    if isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow":
        return pc.sort_indices(pa.array(column.array)).to_numpy().astype(np.int64)
    values = np.asarray(column.astype(object), dtype=object)
    try:
        order = pc.sort_indices(pa.array(values, type=pa.large_string()))
        return order.to_numpy().astype(np.int64)
    except (pa.ArrowException, UnicodeEncodeError):  # text UTF-8 cannot encode (a lone surrogate)
        return np.argsort(values, kind="stable").astype(np.int64)


def _tuples(values) -> np.ndarray:
    """An object array of tuples (pandas would otherwise make a list-typed Arrow column of them)."""
    values = [tuple(v) for v in values]
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _intervals(said_on: pd.Series, precision: pd.Series, published: pd.Series):
    """Vectorised :func:`date_interval`: (first days, last days, bases)."""
    said = pd.Series(pd.to_datetime(said_on).to_numpy("datetime64[ns]"))
    published = pd.Series(pd.to_datetime(published).to_numpy("datetime64[ns]"))
    kind = np.asarray(precision.fillna(""), dtype=object)
    start = said.where(said.notna(), published)
    end = start.copy()
    week, month = kind == "week", kind == "month"
    end[week] = start[week] + pd.Timedelta(days=6)
    end[month] = start[month] + pd.offsets.MonthEnd(0)
    end[said.isna()] = published[said.isna()]
    basis = np.where(said.notna(), "said", "reported").astype(object)
    return start, end, basis


def precision_rank(precision: pd.Series) -> np.ndarray:
    """0 for a date to the day (or none), 1 for a week, 2 for a month: vaguer dates sort after exact ones."""
    return pd.Series(precision).map({"week": 1, "month": 2}).fillna(0).to_numpy(int)


def _said_texts(said_on: pd.Series, precision: pd.Series) -> np.ndarray:
    """:func:`_said_text` of every row, formatting each distinct (date, precision) once."""
    days = Coded(pd.to_datetime(said_on))
    kinds = Coded(precision.fillna(""))
    pairs = days.codes.astype(np.int64) * len(kinds) + kinds.codes
    distinct, at = np.unique(pairs, return_inverse=True)
    texts = [_said_text(days.values[d // len(kinds)], kinds.values[d % len(kinds)]) for d in distinct]
    return np.array(texts, dtype=object)[at]


def _strings(column: pd.Series):
    """A text column as the cache reads it back: Arrow-backed ``str`` (its buffers shared, not a
    Python string per row: at 10^7 claims those were gigabytes); an object array of ``str`` when
    it is not Arrow-backed text."""
    if isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow":
        return column.astype(pd.StringDtype("pyarrow", na_value=np.nan)).array
    return np.asarray(column.astype(object), dtype=object)


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

    A claim matches a date range when every day it may have been made lies
    in it (see :func:`date_interval`): a claim dated only to March matches
    1–31 March, not 1–10 March; ``search`` matches claims whose
    quote, actor, target or evidence contain every word, ignoring case.
    """
    return p.index.mask(actors=actors, targets=targets, stances=stances, sources=sources,
                        start=start, end=end, search=search)


def actor_order(p: Prepared) -> list[str]:
    """Claimants in the order the timeline lists them: by their first claim, busiest first on a tie
    (then by id)."""
    def compute():
        actor = p.index.actor
        first = np.full(len(actor), np.iinfo(np.int64).max)
        np.minimum.at(first, actor.codes, p.index.start_day)
        n = np.bincount(actor.codes, minlength=len(actor))
        present = np.flatnonzero(n)
        order = present[np.lexsort((-n[present], first[present]))]
        return actor.values[order].astype(object).tolist()
    return _memo(p, "actor_order", compute)


#: How the claims table can be sorted: key -> what the user reads.
SORT_ORDERS = {
    "date": "Oldest first", "newest": "Newest first", "claimant": "By claimant", "outlet": "By outlet",
}


def claim_order(p: Prepared, order: str, mask: np.ndarray) -> np.ndarray:
    """Row numbers of the claims in ``mask``, sorted by ``order`` (a :data:`SORT_ORDERS` key)."""
    if order not in SORT_ORDERS:
        raise ValueError(f"unknown order {order!r}; known: {', '.join(SORT_ORDERS)}")
    base = "date" if order == "newest" else order
    rows = _memo(p, f"order:{base}", lambda: _claim_order_rows(p.claims, base))
    if mask.all():  # every claim (a reset): the shared order itself, read-only, not a copy
        rows = rows.view()
        rows.flags.writeable = False
    else:
        rows = rows[mask[rows]]
    return rows[::-1] if order == "newest" else rows


def _memo(p: Prepared, name: str, compute):
    """``compute()`` once per dataset: derived tables every session shares (those in
    ``p.derived`` were computed with the data, and are shared by every process)."""
    if name in p.derived:
        return p.derived[name]
    return memo.derived(p, name, compute)


def figure_rows(p: Prepared, *, sources=(), casualty_only: bool = True) -> pd.DataFrame:
    """Figures of the given articles (all when empty), oldest article first."""
    keep = np.ones(len(p.figures), dtype=bool)
    arrays = _arrays(p, "figures")
    if casualty_only:
        keep &= np.asarray(arrays["casualty"], dtype=bool)
    if sources:
        keep &= np.isin(np.asarray(arrays["source_id"], dtype=object), list(sources))
    return rows(p, "figures", keep).sort_values(["outlet_order", "metric", "value"])


def busiest(p: Prepared, mask: np.ndarray, column: str, limit: int) -> tuple[list[str], int]:
    """The ``limit`` values of ``column`` ("actor" or "target") with the most claims in ``mask``,
    busiest first (ties in id order), and how many values have any claim in ``mask``."""
    top, present = busiest_codes(p, mask, column, limit)
    return coded_values(p, column).texts[top].tolist(), present


def busiest_codes(p: Prepared, mask: np.ndarray, column: str, limit: int) -> tuple[np.ndarray, int]:
    """:func:`busiest` as the values' codes in ``p.index``'s ``column``."""
    coded = getattr(p.index, column)
    (codes,), n = p.index.counts(mask, coded)  # counted once per mask (see ClaimIndex.counts)
    counts = np.zeros(len(coded), dtype=np.int64)
    counts[codes] = n
    present = np.flatnonzero(counts)
    return present[np.argsort(-counts[present], kind="stable")[:limit]], len(present)


class CodedValues:
    """The texts of one coded claim column of ``p.index`` (``texts[code]``, a NumPy object array) and
    each text's code, made once per prepared dataset (:func:`coded_values`): a change reads codes as
    integers, not pandas' index of Arrow strings (``get_indexer``, ``astype``) each time."""

    def __init__(self, values):
        self.texts = np.asarray(pd.Index(values).astype(object), dtype=object)
        self.texts.flags.writeable = False
        self.code = {t: i for i, t in enumerate(self.texts.tolist())}

    def __len__(self) -> int:
        return len(self.texts)

    def codes(self, wanted) -> np.ndarray:
        """The codes of ``wanted`` texts (-1 for an unknown one)."""
        code = self.code
        return np.array([code.get(w, -1) for w in wanted], dtype=np.intp)

    def lookup(self, wanted) -> np.ndarray:
        """Boolean table over codes, True for the ``wanted`` texts (as :meth:`Coded.lookup`)."""
        table = np.zeros(len(self.texts) + 1, dtype=bool)
        table[self.codes(wanted)] = True
        table[-1] = False
        return table


def coded_values(p: Prepared, column: str) -> CodedValues:
    """The :class:`CodedValues` of ``p.index``'s ``column`` ("actor", "target", "stance"...)."""
    return memo.derived(p, f"coded:{column}", lambda: CodedValues(getattr(p.index, column).values))


def per_code(p: Prepared, column: str, name: str, compute) -> np.ndarray:
    """``compute(texts)``, an array with a value for each code of ``column`` (a name, a label, a colour
    per code), made once per prepared dataset and ``name``; read-only."""
    def make():
        values = np.asarray(compute(coded_values(p, column).texts))
        values.flags.writeable = False
        return values
    return memo.derived(p, f"coded:{column}:{name}", make)


# Sessions read the shared tables through rows(), record() and position(), never through a
# column or a slice of a table: pandas records every view of a frame on the frame itself (for
# copy-on-write), and on tables every session reads those records would pile up in the server.

#: Each shared table's identifier column.
_ID_COLUMNS = {"claims": "claim_id", "figures": "figure_id", "events": "event_id", "sources": "source_id"}


def _arrays(p: Prepared, table: str) -> dict:
    """The columns of a shared table (a prepared one, or else one of the dataset's), taken once."""
    frame = getattr(p, table) if table in _ID_COLUMNS else p.dataset.tables[table]
    return _memo(p, f"arrays:{table}", lambda: {c: frame[c].array for c in frame.columns})


def columns(p: Prepared, table: str, at, names) -> dict:
    """Rows ``at`` (row numbers) of columns ``names`` of a shared table, as arrays by name: what
    :func:`rows` gives, without building a DataFrame (a frame of a few dozen rows costs more to
    build than to fill)."""
    arrays = _arrays(p, table)
    at = np.asarray(at, dtype=np.intp)
    return {c: _take(arrays[c], at) for c in names}


def rows(p: Prepared, table: str, at=None, columns=None) -> pd.DataFrame:
    """A copy of rows ``at`` (row numbers, or a boolean mask; default: all) of a shared table
    ("claims", "figures", "events" or "sources"), with ``columns`` (default: all)."""
    arrays = _arrays(p, table)
    at = np.arange(len(getattr(p, table))) if at is None else np.asarray(at)
    at = np.flatnonzero(at) if at.dtype == bool else at.astype(np.intp, copy=False)
    return pd.DataFrame({c: _take(arrays[c], at) for c in (columns or arrays)}, copy=False)


def _take(array, at: np.ndarray):
    """Rows ``at`` of a column; of a dictionary-encoded one (a large table read from the cache,
    see :data:`dashboard.columnar.DICTIONARY_MIN_ROWS`) as its text, as every other text column."""
    if isinstance(array, pd.Categorical):
        return array.categories.array.take(array.codes.take(at))
    return array.take(at)


def position(p: Prepared, table: str, ident: str) -> int | None:
    """Row number of the row with id ``ident`` in a shared table (None if there is none)."""
    column = _ID_COLUMNS[table]
    if f"sorted:{table}.{column}" in p.derived:  # a large table: no hash table of its ids per process
        return _bisect(p, table, column, ident)
    ids = _memo(p, f"ids:{table}", lambda: pd.Index(getattr(p, table)[column]))
    at = ids.get_indexer([ident])[0]
    return None if at < 0 else int(at)


def _bisect(p: Prepared, table: str, column: str, ident: str) -> int | None:
    """Row of ``ident`` in ``column`` by binary search over the column's sorted row order."""
    values = _arrays(p, table)[column]
    order = p.derived[f"sorted:{table}.{column}"]
    lo, hi = 0, len(order)
    while lo < hi:
        mid = (lo + hi) // 2
        if str(values[order[mid]]) < ident:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(order) and str(values[order[lo]]) == ident:
        return int(order[lo])
    return None


def record(p: Prepared, table: str, ident: str) -> pd.Series | None:
    """The row with id ``ident`` of a shared table, or None."""
    at = position(p, table, ident)
    return None if at is None else rows(p, table, [at]).iloc[0]


def claim_row(p: Prepared, claim_id: str) -> int | None:
    """Row number of a claim in ``p.claims`` (None if there is no such claim)."""
    return position(p, "claims", claim_id)


def matrix_cells(p: Prepared, mask: np.ndarray) -> pd.DataFrame:
    """Claim counts per (actor, target, stance) among the claims in ``mask``, for the claim matrix."""
    index = p.index
    (actor, target, stance), counts = index.counts(mask, index.actor, index.target, index.stance)
    return pd.DataFrame({"actor_id": index.actor.values[actor].astype(object),
                         "target_id": index.target.values[target].astype(object),
                         "stance": index.stance.values[stance].astype(object), "count": counts.astype("int64")})


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
    at = position(p, "claims", claim_id)
    if at is None:
        return rows(p, "claims", [])
    codes = _memo(p, "statement_codes", lambda: pd.factorize(p.claims.statement_id)[0])
    return rows(p, "claims", codes == codes[at]).sort_values(["outlet_order", "claim_id"])


def statement_summary(p: Prepared, statement_id: str) -> str:
    """The curator's one-line summary of a statement ("" when it has none)."""
    at = _bisect(p, "statements", "statement_id", statement_id)
    if at is None:
        return ""
    summary = _arrays(p, "statements")["summary"][at]
    return "" if pd.isna(summary) else str(summary)


def event_quote(p: Prepared, event_id: str, source_id: str) -> str | None:
    """The sentence of article ``source_id`` that mentions event ``event_id`` (None if it does not)."""
    m = p.dataset.event_mentions
    quotes = _memo(p, "event_quotes", lambda: {(e, s): q for e, s, q in zip(m.event_id, m.source_id, m.quote)})
    return quotes.get((event_id, source_id))


_DAY_NS = 86_400e9
_GROWTH = 0.75  # slots added per doubling of a gap's days


class TimeScale:
    """A date axis compressed to the dates that matter.

    Every anchor date gets a slot; the space between two anchors grows with the
    days between them, but slowly (:func:`gap_width`): a day's gap is one slot, a
    week's about three, four weeks' under five, so busy days stay readable and a
    long silence still looks longer than a short one. Dates in between are
    interpolated; positions map back to dates for range selection. ``reach``
    names further dates the axis must show (the ends of periods) without giving
    them a slot.
    """

    def __init__(self, dates, reach=()):
        days = pd.DatetimeIndex(pd.to_datetime(dates)).dropna().normalize().unique().sort_values()
        if days.empty:
            days = pd.DatetimeIndex([pd.Timestamp.today().normalize()])
        self.anchors = days.as_unit("ns")
        self._ns = self.anchors.asi8.astype(float)
        self._slots = np.r_[0.0, np.cumsum(gap_width(np.diff(self._ns) / _DAY_NS))]
        reach = pd.DatetimeIndex(pd.to_datetime(pd.Series(reach, dtype=object))).dropna()
        lo, hi = self.anchors[0], self.anchors[-1]
        if len(reach):
            lo, hi = min(lo, reach.min()), max(hi, reach.max())
        self._reach = (lo, hi)

    @property
    def slots(self) -> np.ndarray:
        """The position of each anchor."""
        return self._slots.copy()

    @property
    def reach(self) -> tuple[pd.Timestamp, pd.Timestamp]:
        """The first and last day the axis shows (the anchors', or further for ``reach``)."""
        return self._reach

    @property
    def extent(self) -> tuple[float, float]:
        """Positions of the first and last day the axis shows (anchors and ``reach``)."""
        lo, hi = self.position(list(self._reach))
        return float(lo), float(hi)

    def position(self, dates) -> np.ndarray:
        """Slot positions (floats) of ``dates``; beyond the anchors, as far as :func:`gap_width` puts them."""
        ns = pd.DatetimeIndex(pd.to_datetime(pd.Series(dates))).as_unit("ns").asi8.astype(float)
        pos = np.interp(ns, self._ns, self._slots)
        before, after = ns < self._ns[0], ns > self._ns[-1]
        pos[before] = -_beyond((self._ns[0] - ns[before]) / _DAY_NS)
        pos[after] = self._slots[-1] + _beyond((ns[after] - self._ns[-1]) / _DAY_NS)
        return pos

    def date(self, position: float) -> pd.Timestamp:
        """The date at a slot position (inverse of :meth:`position`)."""
        if position < 0:
            ns = self._ns[0] - _within(-position) * _DAY_NS
        elif position > self._slots[-1]:
            ns = self._ns[-1] + _within(position - self._slots[-1]) * _DAY_NS
        else:
            ns = np.interp(position, self._slots, self._ns)
        return pd.Timestamp(int(ns))

    def ticks(self) -> list[tuple[float, str]]:
        """(position, label) of every anchor, and of an end of the axis (``reach``) that lies four
        weeks or more beyond them, labelled by its month. On an axis over more than one year, the
        first label and each label of a new year give the year."""
        days, far = self._days()
        positions = self.position(days) if far else self._slots
        years = len({d.year for d in days}) > 1
        out, year = [], None
        for x, d in zip(positions, days):
            label = f"{d:%b}" if d not in self.anchors else f"{d:%-d %b}"
            out.append((float(x), f"{label} {d:%Y}" if years and d.year != year else label))
            year = d.year
        return out

    def gaps(self, min_days: int = 4) -> list[tuple[float, str]]:
        """(position, text) between ticks (see :meth:`ticks`) further apart than ``min_days``."""
        days, far = self._days()
        positions = self.position(days) if far else self._slots
        out = []
        for i in range(len(days) - 1):
            apart = (days[i + 1] - days[i]).days
            if apart >= min_days:
                text = f"+{round(apart / 7)} wk" if apart >= 14 else f"+{apart} d"
                out.append((float(positions[i] + positions[i + 1]) / 2, text))
        return out

    def _days(self) -> tuple[list[pd.Timestamp], bool]:
        """The anchors, with an end of ``reach`` four weeks or more beyond them; and whether one was added."""
        lo, hi = self._reach
        first, last = self.anchors[0], self.anchors[-1]
        days = [*([lo] if (first - lo).days >= 28 else []), *self.anchors, *([hi] if (hi - last).days >= 28 else [])]
        return days, len(days) > len(self.anchors)


def gap_width(days):
    """Slots between two anchors ``days`` apart: 1 for a day, then growing with the logarithm
    (a week about 3, four weeks under 5, a year under 8)."""
    days = np.maximum(np.asarray(days, dtype=float), 1.0)
    return 1.0 + _GROWTH * np.log2(days)


def _beyond(days):
    """Slots from the edge anchor to a date ``days`` beyond it: like a gap, linear within a day."""
    days = np.asarray(days, dtype=float)
    return np.where(days < 1, days, gap_width(days))


def _within(slots: float) -> float:
    """Days beyond the edge anchor at ``slots`` beyond it (inverse of :func:`_beyond`)."""
    return slots if slots < 1 else float(2 ** ((slots - 1) / _GROWTH))
