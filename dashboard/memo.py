"""Process-wide memory: values derived from a prepared dataset, shared by every session.

This is the one module that keeps mutable state at module level. Values derived
from a dataset are keyed by the dataset object (weakly, so a dataset no longer
served is forgotten) and computed at most once per key; bounded caches drop
their least recently used entries. What is read from a folder is kept per folder
with the version it was read at (:func:`latest`), and read again when that changes.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict

__all__ = ["SHARED", "derived", "forget", "forget_shared", "keep", "latest", "recent"]

#: The names of the :func:`recent` values that sessions share begin with this (see :func:`forget_shared`).
SHARED = "shared:"

_derived: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_recent: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_latest: dict[tuple[str, object], tuple[object, object]] = {}
_lock = threading.RLock()
#: One lock per kind of :func:`latest` value: a folder is read once even when many sessions ask at once.
_reading: dict[str, threading.Lock] = {}


def derived(owner, name: str, compute):
    """``compute()`` once per ``owner`` (a prepared dataset) and ``name``."""
    with _lock:
        table = _derived.setdefault(owner, {})
        if name in table:
            return table[name]
    value = compute()
    with _lock:
        return table.setdefault(name, value)


def recent(owner, name: str, key, compute, size: int = 64):
    """``compute()`` for ``key``, keeping the ``size`` most recently used keys per ``owner`` and ``name``."""
    with _lock:
        table = _recent.setdefault(owner, {}).setdefault(name, OrderedDict())
        if key in table:
            table.move_to_end(key)
            return table[key]
    value = compute()
    with _lock:
        table[key] = value
        while len(table) > size:
            table.popitem(last=False)
    return value


def keep(owner, name: str, value):
    """Remember ``value`` as :func:`derived` ``name`` of ``owner`` (e.g. read back from a cache)."""
    with _lock:
        _derived.setdefault(owner, {})[name] = value
    return value


def latest(kind: str, key, version, read):
    """``read()`` for ``key`` (e.g. a folder), again only when ``version()`` differs from the last read's.

    ``version`` is called under the lock of ``kind``, so a value and its version always match.
    """
    with _lock:
        reading = _reading.setdefault(kind, threading.Lock())
    with reading:
        now = version()
        held = _latest.get((kind, key))
        if held is not None and held[0] == now:
            return held[1]
        value = read()
        _latest[(kind, key)] = (now, value)
        return value


def forget(kind: str) -> None:
    """Drop every :func:`latest` value of ``kind``."""
    with _lock:
        for k in [k for k in _latest if k[0] == kind]:
            del _latest[k]


def forget_shared() -> None:
    """Drop every :func:`recent` value sessions share (named ``SHARED...``), of every owner: a server
    does once its last session has closed, so that they do not pin pages its sessions freed."""
    with _lock:
        for tables in _recent.values():
            for name in [n for n in tables if n.startswith(SHARED)]:
                del tables[name]
