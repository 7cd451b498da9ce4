"""Integer-coded claim columns: the fast path behind every filter and count.

Built once per dataset and shared by every session. Filtering a million claims
is then a few table look-ups over integer arrays, and the group-bys the views
need are ``numpy.bincount`` calls, not pandas group-bys over strings.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from datetime import date

import numpy as np
import pandas as pd

__all__ = ["ClaimIndex", "Coded"]

_DAY_NS = 86_400 * 10**9


class Coded:
    """One categorical column: ``codes[i]`` indexes ``values``."""

    def __init__(self, column):
        codes, values = pd.factorize(column, sort=True, use_na_sentinel=False)
        self.codes = codes.astype(np.int32)
        self.values = pd.Index(values)

    def __len__(self) -> int:
        return len(self.values)

    def lookup(self, wanted: Iterable[str]) -> np.ndarray:
        """Boolean table over codes: True for the ``wanted`` values (unknown ones match nothing)."""
        table = np.zeros(len(self.values) + 1, dtype=bool)  # the extra slot absorbs unknowns (-1)
        table[self.values.get_indexer(list(wanted))] = True
        table[-1] = False
        return table

    def mask(self, wanted: Sequence[str]) -> np.ndarray:
        return self.lookup(wanted)[self.codes]

    def take(self, mapping, default=None) -> np.ndarray:
        """Every row's value looked up in ``mapping`` (a dict or a function), as an object array."""
        get = mapping if callable(mapping) else (lambda v: mapping.get(v, default))
        return np.array([get(v) for v in self.values] + [default], dtype=object)[self.codes]


class ClaimIndex:
    """Coded columns of the prepared claims table, and cached text-search masks.

    Text search matches a word anywhere in the quote, the claimant's name, the
    target's name or the evidence, ignoring case. Names and evidence are
    searched once per distinct value, quotes one by one.
    """

    #: Text-search results kept per process (one bit per claim each).
    SEARCH_CACHE = 64

    def __init__(self, *, actor: Coded, target: Coded, stance: Coded, source: Coded, evidence: Coded,
                 start: pd.Series, end: pd.Series, quotes: Sequence[str], actor_names: dict[str, str],
                 target_names: dict[str, str]):
        self.size = len(actor.codes)
        self.actor, self.target, self.stance, self.source, self.evidence = actor, target, stance, source, evidence
        self.start_day = _days(start, np.iinfo(np.int64).max)
        self.end_day = _days(end, np.iinfo(np.int64).min)
        #: The day a claim is drawn at on the timeline (the middle of its possible days).
        dated = (self.start_day != np.iinfo(np.int64).max) & (self.end_day != np.iinfo(np.int64).min)
        middle = np.where(dated, self.start_day + (self.end_day - self.start_day) // 2, np.iinfo(np.int64).min)
        self.day = Coded(pd.DatetimeIndex(middle.astype("datetime64[D]")).as_unit("ns"))
        self._quotes = quotes
        self._folded: list[str] | None = None  # quotes in lower case, made at the first search
        self._names = [(actor, [actor_names.get(v, v).casefold() for v in actor.values]),
                       (target, [target_names.get(v, v).casefold() for v in target.values]),
                       (evidence, [str(v).casefold() for v in evidence.values])]
        self._terms: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def mask(self, *, actors=(), targets=(), stances=(), sources=(), start: date | None = None,
             end: date | None = None, search: str = "") -> np.ndarray:
        """Claims matching every given filter (empty = any); see :func:`dashboard.query.claim_mask`."""
        mask = np.ones(self.size, dtype=bool)
        for coded, wanted in ((self.actor, actors), (self.target, targets), (self.stance, stances),
                              (self.source, sources)):
            if wanted:
                mask &= coded.mask(wanted)
        # every day a claim may have been made lies in the range (a claim of "March" is not one of
        # 1-10 March); comparing both ends also keeps undated claims (sentinels) out of any range
        if start is not None:
            mask &= (self.start_day >= _day(start)) & (self.end_day >= _day(start))
        if end is not None:
            mask &= (self.end_day <= _day(end)) & (self.start_day <= _day(end))
        for term in dict.fromkeys(search.casefold().split()):
            mask &= self._term_mask(term, mask)
        return mask

    def _term_mask(self, term: str, within: np.ndarray) -> np.ndarray:
        """Claims whose search text contains ``term``; exact wherever ``within`` is True.

        A term searched over most claims is cached for every session; over a
        narrow selection only the selected texts are scanned.
        """
        with self._lock:
            cached = self._terms.get(term)
            if cached is not None:
                self._terms.move_to_end(term)
                return np.unpackbits(cached, count=self.size).astype(bool)
        out = np.zeros(self.size, dtype=bool)
        for coded, names in self._names:
            out |= np.array([term in n for n in names] + [False])[coded.codes]
        rows = np.flatnonzero(within & ~out)
        quotes = self._folded_quotes()
        if len(rows) < self.size // 4:
            out[rows] = [term in quotes[i] for i in rows]
            return out
        out |= np.fromiter((term in q for q in quotes), dtype=bool, count=self.size)
        with self._lock:
            self._terms[term] = np.packbits(out)
            while len(self._terms) > self.SEARCH_CACHE:
                self._terms.popitem(last=False)
        return out

    def _folded_quotes(self) -> list[str]:
        with self._lock:
            if self._folded is None:
                self._folded = [q.lower() if q.isascii() else q.casefold() for q in self._quotes]
            return self._folded

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.update(_folded=None, _terms=OrderedDict(), _lock=None)  # rebuilt on demand
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, _lock=threading.Lock())

    def counts(self, mask: np.ndarray, *columns: Coded) -> tuple[np.ndarray, np.ndarray]:
        """Claims per combination of ``columns`` among ``mask``: (codes per column, counts), non-zero only."""
        sizes = [len(c) for c in columns]
        key = np.zeros(int(mask.sum()), dtype=np.int64)
        for coded, size in zip(columns, sizes):
            key = key * size + coded.codes[mask]
        total = int(np.prod(sizes, dtype=np.int64))
        if total <= 4 * max(len(key), 1) + 1_000_000:
            counts = np.bincount(key, minlength=total)
            found = np.flatnonzero(counts)
            counts = counts[found]
        else:  # too many combinations for a dense count
            found, counts = np.unique(key, return_counts=True)
        codes = []
        for size in reversed(sizes):
            codes.append(found % size)
            found = found // size
        return codes[::-1], counts


def _days(column: pd.Series, missing: int) -> np.ndarray:
    """Day numbers; ``missing`` for an unknown date, so that no range ever matches it."""
    dates = pd.to_datetime(column)
    days = dates.to_numpy("datetime64[ns]").view(np.int64) // _DAY_NS
    return np.where(dates.isna().to_numpy(), missing, days)


def _day(value: date) -> int:
    return int(pd.Timestamp(value).value // _DAY_NS)
