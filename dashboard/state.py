"""One filter state per session, shared by every view, mirrored in the URL."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qsl, urlencode

import numpy as np
import param

from . import memo
from .frames.base import Filters
from .query import NO_TARGET, Prepared, Selection, position, record, rows
from .validation import DATE_MAX, DATE_MIN

__all__ = ["FILTERS", "FilterState", "QUERY_KEYS"]

#: State parameter -> URL query key.
QUERY_KEYS = {
    "actors": "actor", "targets": "target", "stances": "stance", "sources": "outlet",
    "start": "from", "end": "to", "search": "q", "selected": "selected",
}
_LISTS = ("actors", "targets", "stances", "sources")
#: The parameters that select claims: every view that shows claims watches these.
FILTERS = Filters.names()


class FilterState(param.Parameterized):
    """The filters and selection of one browser session.

    Views read it and write it; they never talk to each other. An empty list
    means "no restriction".
    """

    actors = param.List(default=[], item_type=str, doc="Claimants (actor ids).")
    targets = param.List(default=[], item_type=str, doc="Blamed parties (actor ids, or NO_TARGET).")
    stances = param.List(default=[], item_type=str, doc="Stances.")
    sources = param.List(default=[], item_type=str, doc="Articles (source ids).")
    start = param.CalendarDate(default=None, allow_None=True, doc="First day of the date range.")
    end = param.CalendarDate(default=None, allow_None=True, doc="Last day of the date range.")
    search = param.String(default="", doc="Words that must all appear in the quote, actor, target or evidence.")
    selected = param.String(default="", doc="What the source viewer shows, e.g. 'claim:c001_08'.")

    notices = param.List(default=[], item_type=str, doc="Problems with the URL's filters, shown to the user.")

    def __init__(self, prepared: Prepared, **params):
        self._prepared = prepared
        self._masks: dict[bool, tuple[Filters, np.ndarray]] = {}
        super().__init__(**params)

    @property
    def prepared(self) -> Prepared:
        return self._prepared

    # ---------------------------------------------------------------- queries
    @property
    def filters(self) -> Filters:
        """The current filter values, as a plain value the frames take."""
        return Filters(**{name: getattr(self, name) for name in FILTERS})

    def mask(self, undated: bool = False) -> np.ndarray:
        """Which claims pass the filters (the date range aside when ``undated``); computed once per
        change and shared by every view (read-only)."""
        filters = self.filters.undated() if undated else self.filters
        held = self._masks.get(undated)
        if held is None or held[0] != filters:
            mask = filters.mask(self._prepared)
            mask.flags.writeable = False
            self._masks[undated] = held = (filters, mask)
        return held[1]

    def matching(self) -> int:
        """How many claims pass the filters (counted once per process for equal filters)."""
        filters = self.filters
        return memo.recent(self._prepared, memo.SHARED + "matching", filters, lambda: int(self.mask().sum()), size=256)

    def filtered_claims(self):
        return rows(self._prepared, "claims", self.mask())

    @property
    def is_filtered(self) -> bool:
        return any(getattr(self, name) for name in FILTERS)

    # ---------------------------------------------------------------- actions
    def reset(self) -> None:
        """Clear every filter and the selection."""
        self.param.update(actors=[], targets=[], stances=[], sources=[], start=None, end=None,
                          search="", selected="", notices=[])

    def toggle_pair(self, actor_id: str, target_id: str) -> None:
        """Filter to one claimant and target; the same pair again clears it."""
        if self.actors == [actor_id] and self.targets == [target_id]:
            self.param.update(actors=[], targets=[])
        else:
            self.param.update(actors=[actor_id], targets=[target_id])

    # ---------------------------------------------------------------- URL
    def to_query(self) -> str:
        """The state as a URL query string (without '?'); defaults are left out."""
        pairs = []
        for name, key in QUERY_KEYS.items():
            value = getattr(self, name)
            if name in _LISTS:
                pairs.extend((key, v) for v in value)
            elif isinstance(value, date):
                pairs.append((key, value.isoformat()))
            elif value:
                pairs.append((key, value))
        return urlencode(pairs)

    def apply_query(self, query: str) -> list[str]:
        """Set the state from a URL query string; return notices for what was ignored.

        Unknown keys and values are ignored, never raised: a shared link from
        another dataset or a hand-edited URL still opens.
        """
        p = self._prepared
        known = {
            "actors": set(p.actor_names),
            "targets": set(p.actor_names) | {NO_TARGET},
            "stances": set(p.stance_labels),
            "sources": set(p.source_labels),
        }
        keys = {v: k for k, v in QUERY_KEYS.items()}
        updates: dict = {name: [] for name in _LISTS}
        notices = []
        for key, value in parse_qsl(query.lstrip("?"), keep_blank_values=True):
            name = keys.get(key)
            if name is None:
                notices.append(f"Ignored unknown URL parameter “{key}”.")
            elif name in _LISTS:
                if value in known[name]:
                    if value not in updates[name]:
                        updates[name].append(value)
                else:
                    notices.append(f"Ignored “{key}={value}”: no such {key} in this dataset.")
            elif name in ("start", "end"):
                try:
                    day = date.fromisoformat(value)
                except ValueError:
                    notices.append(f"Ignored “{key}={value}”: not a date (use YYYY-MM-DD).")
                    continue
                # beyond the dates the data can hold (pandas' nanosecond range): the nearest one,
                # which selects the same claims
                clamped = min(max(day, DATE_MIN), DATE_MAX)
                if clamped != day:
                    notices.append(f"Read “{key}={value}” as {clamped.isoformat()}: the dashboard handles "
                                   f"dates from {DATE_MIN.isoformat()} to {DATE_MAX.isoformat()}.")
                updates[name] = clamped
            elif name == "selected":
                if self._selection_exists(value):
                    updates[name] = value
                else:
                    notices.append(f"Ignored “{key}={value}”: nothing with that id in this dataset.")
            else:
                updates[name] = value
        if updates.get("start") and updates.get("end") and updates["start"] > updates["end"]:
            notices.append("Ignored the date range: “from” is after “to”.")
            updates.pop("start"), updates.pop("end")
        updates["notices"] = notices
        self.param.update(**updates)
        return notices

    def _selection_exists(self, text: str) -> bool:
        sel = Selection.parse(text)
        if sel is None:
            return False
        p = self._prepared
        if sel.kind in ("claim", "figure"):
            return position(p, f"{sel.kind}s", sel.id) is not None
        event_id, _, source_id = sel.id.partition("@")
        event = record(p, "events", event_id)
        return event is not None and source_id in event.source_ids
