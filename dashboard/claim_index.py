"""Integer-coded claim columns: the fast path behind every filter and count.

Built once per dataset and shared by every session. Filtering a million claims
is then a few table look-ups over integer arrays, and the group-bys the views
need are ``numpy.bincount`` calls, not pandas group-bys over strings.

Every array here can be a read-only view of a memory-mapped cache file
(:mod:`dashboard.cache`), shared by every worker process: nothing in the
index is written after it is built, and the quotes are searched in one
UTF-8 buffer rather than as a million Python strings.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["ClaimIndex", "Coded", "FoldedText"]

_DAY_NS = 86_400 * 10**9


class Coded:
    """One categorical column: ``codes[i]`` indexes ``values``."""

    def __init__(self, column):
        codes, values = pd.factorize(column, sort=True, use_na_sentinel=False)
        self.codes = codes.astype(np.int32)
        self.values = pd.Index(values)

    @classmethod
    def from_parts(cls, codes: np.ndarray, values: pd.Index) -> "Coded":
        """A column already coded (e.g. read back from the cache)."""
        coded = cls.__new__(cls)
        coded.codes, coded.values = codes, pd.Index(values)
        return coded

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


class FoldedText:
    """Every claim's quote, case-folded, in one UTF-8 buffer: ``data[offsets[i]:offsets[i + 1]]``.

    ``data`` is a ``bytes`` object or a read-only ``mmap`` of the cache file; either is searched
    with its own ``find``, so no Python string per claim is ever made. UTF-8 is self-synchronising,
    so a folded term found in the bytes is a match in the text.
    """

    #: Above this many hits per claim a full scan leaves the hit-by-hit search for Arrow's kernel.
    DENSE = 1 / 8

    def __init__(self, data, offsets: np.ndarray):
        self.data, self.offsets = data, offsets

    @classmethod
    def fold(cls, quotes: Iterable[str]) -> "FoldedText":
        dtype = getattr(quotes, "dtype", None)
        if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":  # no Python string per quote
            arrow = pa.array(quotes.array)  # its buffers, through the Arrow protocol: not a copy
            if not arrow.null_count:
                return cls._fold_arrow(pa.chunked_array([arrow]))
        folded = [(q.lower() if q.isascii() else q.casefold()).encode("utf-8") for q in quotes]
        offsets = np.zeros(len(folded) + 1, dtype=np.int64)
        np.cumsum([len(b) for b in folded], out=offsets[1:])
        return cls(b"".join(folded), offsets)

    @classmethod
    def _fold_arrow(cls, quotes: pa.ChunkedArray) -> "FoldedText":
        """:meth:`fold` of Arrow text: ASCII quotes lowered by Arrow (as ``str.lower`` lowers
        them), the others case-folded one by one in Python."""
        quotes = quotes.cast(pa.large_string()).combine_chunks()
        folded = pc.ascii_lower(quotes)
        other = np.flatnonzero(~pc.string_is_ascii(quotes).to_numpy(zero_copy_only=False))
        if len(other):
            texts = quotes.take(pa.array(other)).to_pylist()
            mask = np.zeros(len(quotes), dtype=bool)
            mask[other] = True
            folded = pc.replace_with_mask(folded, pa.array(mask),
                                          pa.array([t.casefold() for t in texts], type=pa.large_string()))
        folded = pa.concat_arrays([folded]) if folded.offset else folded  # offsets from 0
        _, offsets, data = folded.buffers()
        offsets = np.frombuffer(offsets, dtype=np.int64, count=len(folded) + 1)
        start, end = int(offsets[0]), int(offsets[-1])
        return cls(data.to_pybytes()[start:end] if start else data.to_pybytes()[:end], offsets - start)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def contains(self, term: str, rows: np.ndarray | None = None) -> np.ndarray:
        """Whether each claim's text contains ``term`` (already folded): of every claim, or of ``rows``."""
        needle = term.encode("utf-8")
        find = self.data.find
        if rows is not None:
            starts, ends = self.offsets[rows].tolist(), self.offsets[rows + 1].tolist()
            return np.fromiter((find(needle, s, e) >= 0 for s, e in zip(starts, ends)), dtype=bool,
                               count=len(starts))
        out = np.zeros(len(self), dtype=bool)
        # the first 1/32 of the text tells a common word (one pass of Arrow's kernel is then
        # cheaper than a step per hit) from a rarer one
        sample_end = int(self.offsets[len(self) // 32])
        hits, at = [], find(needle)
        while 0 <= at < sample_end:
            hits.append(at)
            at = find(needle, at + 1)
        if len(hits) * 32 > len(self) * self.DENSE:
            return self._arrow_contains(needle)
        while at >= 0:
            hits.append(at)
            at = find(needle, at + 1)
        if hits:
            hits = np.asarray(hits, dtype=np.int64)
            rows = np.searchsorted(self.offsets, hits, side="right") - 1
            within = hits + len(needle) <= self.offsets[rows + 1]  # not across two quotes
            out[rows[within]] = True
        return out

    def _arrow_contains(self, needle: bytes) -> np.ndarray:
        array = pa.LargeStringArray.from_buffers(len(self), pa.py_buffer(self.offsets), pa.py_buffer(self.data))
        return pc.match_substring(array, needle.decode("utf-8")).to_numpy(zero_copy_only=False)


class ClaimIndex:
    """Coded columns of the prepared claims table, and cached text-search masks.

    Text search matches a word anywhere in the quote, the claimant's name, the
    target's name or the evidence, ignoring case. Names and evidence are
    searched once per distinct value, quotes in one buffer (:class:`FoldedText`).
    """

    #: Text-search results kept per process (one bit per claim each).
    SEARCH_CACHE = 64

    #: Counts (:meth:`counts`) kept per process, by mask and columns: at most this many results,
    #: and this many bytes in all (a timeline's counts at 10^7 claims are a few megabytes).
    COUNTS_CACHE = 32
    COUNTS_CACHE_BYTES = 32 * 2**20

    #: The coded columns, by attribute name.
    CODED = ("actor", "target", "stance", "source", "evidence", "day")

    def __init__(self, *, actor: Coded, target: Coded, stance: Coded, source: Coded, evidence: Coded, day: Coded,
                 start_day: np.ndarray, end_day: np.ndarray, text: FoldedText, actor_names: dict[str, str],
                 target_names: dict[str, str]):
        self.size = len(actor.codes)
        self.actor, self.target, self.stance, self.source, self.evidence = actor, target, stance, source, evidence
        #: The day a claim is drawn at on the timeline (the middle of its possible days).
        self.day = day
        self.start_day, self.end_day = start_day, end_day
        self.text = text
        self.actor_names, self.target_names = actor_names, target_names
        self._names = [(actor, [actor_names.get(v, v).casefold() for v in actor.values]),
                       (target, [target_names.get(v, v).casefold() for v in target.values]),
                       (evidence, [str(v).casefold() for v in evidence.values])]
        self._terms: OrderedDict[str, np.ndarray] = OrderedDict()
        self._counts: OrderedDict[tuple, tuple] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def build(cls, *, actor: Coded, target: Coded, stance: Coded, source: Coded, evidence: Coded,
              start: pd.Series, end: pd.Series, quotes: Iterable[str], actor_names: dict[str, str],
              target_names: dict[str, str]) -> "ClaimIndex":
        """The index of freshly prepared claims."""
        start_day = _days(start, np.iinfo(np.int64).max)
        end_day = _days(end, np.iinfo(np.int64).min)
        dated = (start_day != np.iinfo(np.int64).max) & (end_day != np.iinfo(np.int64).min)
        middle = np.where(dated, start_day + (end_day - start_day) // 2, np.iinfo(np.int64).min)
        day = Coded(pd.DatetimeIndex(middle.astype("datetime64[D]")).as_unit("ns"))
        return cls(actor=actor, target=target, stance=stance, source=source, evidence=evidence, day=day,
                   start_day=start_day, end_day=end_day, text=FoldedText.fold(quotes),
                   actor_names=actor_names, target_names=target_names)

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
        if len(rows) < self.size // 4:
            out[rows] = self.text.contains(term, rows)
            return out
        out |= self.text.contains(term)
        with self._lock:
            self._terms[term] = np.packbits(out)
            while len(self._terms) > self.SEARCH_CACHE:
                self._terms.popitem(last=False)
        return out

    def clear_search_cache(self) -> None:
        """Forget the cached text-search results (the benchmarks time each search afresh)."""
        with self._lock:
            self._terms.clear()

    def counts(self, mask: np.ndarray, *columns: Coded) -> tuple[list[np.ndarray], np.ndarray]:
        """Claims per combination of ``columns`` among ``mask``: (codes per column, counts), non-zero only.

        The counts of a mask counted before (every reset to all claims, a filter another session
        chose) are taken from a per-process cache of at most :data:`COUNTS_CACHE` results and
        :data:`COUNTS_CACHE_BYTES`: at 10^7 claims a count costs hundreds of milliseconds, the
        mask's fingerprint a few.
        """
        mask = np.asarray(mask, dtype=bool)
        key = (tuple(id(c) for c in columns), len(mask), hashlib.blake2b(np.packbits(mask), digest_size=16).digest())
        with self._lock:
            cached = self._counts.get(key)
            if cached is not None:
                self._counts.move_to_end(key)
        if cached is None:
            codes, counts = self._count(mask, columns)
            # kept as narrow as they fit (a code is below its column's size, a count below N)
            cached = ([c.astype(np.int32) for c in codes], counts.astype(np.int32 if self.size < 2**31 else np.int64))
            size = sum(a.nbytes for a in cached[0]) + cached[1].nbytes
            if size <= self.COUNTS_CACHE_BYTES // 4:
                with self._lock:
                    self._counts[key] = cached
                    total = sum(sum(a.nbytes for a in c) + n.nbytes for c, n in self._counts.values())
                    while len(self._counts) > self.COUNTS_CACHE or total > self.COUNTS_CACHE_BYTES:
                        dropped, n = self._counts.popitem(last=False)[1]
                        total -= sum(a.nbytes for a in dropped) + n.nbytes
        codes, counts = cached
        return [c.astype(np.int64) for c in codes], counts.astype(np.int64)

    def counts_kept(self, restore: OrderedDict | None = None) -> OrderedDict:
        """A copy of the cached counts; with ``restore``, put back such a copy (the benchmarks
        time the app's counts apart from the bare computation's)."""
        with self._lock:
            if restore is not None:
                self._counts = OrderedDict(restore)
            return OrderedDict(self._counts)

    def _count(self, mask: np.ndarray, columns: tuple[Coded, ...]) -> tuple[list[np.ndarray], np.ndarray]:
        sizes = [len(c) for c in columns]
        rows = None if mask.all() else np.flatnonzero(mask)  # rows once, not a mask per column
        key = np.zeros(self.size if rows is None else len(rows), dtype=np.int64)
        for coded, size in zip(columns, sizes):
            key = key * size + (coded.codes if rows is None else coded.codes.take(rows))
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
