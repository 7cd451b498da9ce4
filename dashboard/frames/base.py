"""The filter values every frame is a function of."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date

import numpy as np

from ..query import Prepared, Selection, claim_mask

__all__ = ["Filters", "selected_id"]


@dataclass(frozen=True)
class Filters:
    """Which claims to show: every field empty means every claim.

    The same values as a session's :class:`dashboard.state.FilterState`, as a
    plain value (hashable, so a frame can be cached by it).
    """

    actors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    stances: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    search: str = ""

    def __post_init__(self):
        for name in ("actors", "targets", "stances", "sources"):
            object.__setattr__(self, name, tuple(getattr(self, name) or ()))
        object.__setattr__(self, "search", self.search or "")

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """The filter names, in the order the state and the URL list them."""
        return tuple(f.name for f in fields(cls))

    def mask(self, p: Prepared) -> np.ndarray:
        """Which claims of ``p`` pass these filters."""
        return claim_mask(p, **{name: getattr(self, name) for name in self.names()})

    def undated(self) -> "Filters":
        """The same filters without the date range (the timeline is where the range is chosen)."""
        return replace(self, start=None, end=None)

    @property
    def is_set(self) -> bool:
        return any(getattr(self, name) for name in self.names())


def selected_id(selected: str, kind: str) -> str:
    """The id in a selection such as ``'claim:c001_08'`` when it is of ``kind``, else ``""``."""
    sel = Selection.parse(selected or "")
    return sel.id if sel is not None and sel.kind == kind else ""
