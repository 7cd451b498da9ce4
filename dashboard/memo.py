"""Process-wide memory: values derived from a prepared dataset, shared by every session.

This is the one module that keeps mutable state at module level. Everything here
is keyed by the dataset object (weakly, so a dataset no longer served is
forgotten) and computed at most once per key; bounded caches drop their least
recently used entries.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict

__all__ = ["derived", "recent"]

_derived: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_recent: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_lock = threading.RLock()


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
