"""The keyboard's way into the plots: what a click on the canvas does, as a list of buttons.

A canvas glyph cannot take focus, so each plotted view gets a folded list beside it:
the matrix's cells (each toggles the pair filter, as a click on the cell does) and the
timeline's marks (each opens its claim or event, as a click on the mark does). A list
computes nothing while it is folded, so it costs a filter change nothing.
"""

from __future__ import annotations

import pandas as pd
import param

from ..query import NO_TARGET
from ..state import FILTERS
from .base import View
from .matrix import ClaimMatrix
from .timeline import Timeline
from .widgets import ButtonList

__all__ = ["MatrixCells", "TimelineMarks"]


class _Listing(View):
    """A :class:`ButtonList` filled from a view's frame while it is unfolded."""

    summary = ""
    empty = "Nothing matches the current filters."
    watches: tuple[str, ...] = tuple(FILTERS)

    def __init__(self, **params):
        super().__init__(**params)
        self._actions: list = []
        self.list = ButtonList(summary=self.summary, empty=self.empty, on_choose=self._choose,
                               busy=self.cue.event if self.cue is not None else "",
                               sizing_mode="stretch_width", margin=(4, 10, 8, 10))
        self.list.param.watch(self._fill, "expanded")
        self.state.param.watch(self._fill, list(self.watches))

    def _items(self) -> list[tuple[str, bool | None, object]]:
        """(text, pressed or None, action) per button."""
        raise NotImplementedError

    def _fill(self, *_):
        if not self.list.expanded:
            return
        try:
            items = self._items()
        except Exception:  # noqa: BLE001 - the plot beside it says what failed
            items = []
        self._actions = [action for _, _, action in items]
        self.list.items = [{"id": str(i), "text": text, **({} if pressed is None else {"pressed": pressed})}
                           for i, (text, pressed, _) in enumerate(items)]

    def _choose(self, ident: str) -> None:
        if ident.isdigit() and int(ident) < len(self._actions):
            self.settle(self._actions[int(ident)])
        else:
            self.settle(lambda: None)  # the cue shown for it clears all the same

    def __panel__(self):
        return self.list


class MatrixCells(_Listing):
    """The matrix's cells as toggle buttons: "Vladimir Putin → Ukraine: 5 (3 accuses, 2 dismisses)"."""

    matrix = param.ClassSelector(class_=ClaimMatrix, doc="The matrix listed.")

    summary = "Cells as a list (filter to a pair with the keyboard)"

    def _items(self):
        s, frame = self.state, self.matrix.frame()
        out = []
        for t in frame.totals.sort_values(["actor", "count"], ascending=[True, False]).itertuples():
            pressed = s.actors == [t.actor_id] and s.targets == [t.target_id]
            target = t.target if t.target_id != NO_TARGET else "no target"
            text = f"{t.actor} → {target}: {t.count} ({t.split})"
            out.append((text, pressed, lambda a=t.actor_id, b=t.target_id: s.toggle_pair(a, b)))
        return out


class TimelineMarks(_Listing):
    """The timeline's marks, oldest first, as buttons: claims open their sentence, events theirs."""

    timeline = param.ClassSelector(class_=Timeline, doc="The timeline listed.")

    summary = "Marks as a list (open a claim or an event with the keyboard)"

    watches = (*FILTERS, "selected")

    def _items(self):
        s, frame = self.state, self.timeline.frame()
        claims = pd.concat([frame.points, frame.periods]).sort_values(["start", "claim_id"], kind="stable")
        out = []
        for c in claims.itertuples():
            text = f"{c.when}: {c.actor} — {c.stance_label.lower()} {c.target} ({c.outlet})"
            out.append((text, s.selected == f"claim:{c.claim_id}",
                        lambda cid=c.claim_id: setattr(s, "selected", f"claim:{cid}")))
        for g in frame.groups.itertuples():
            first, last = pd.Timestamp(g.first).date(), pd.Timestamp(g.last).date()
            out.append((f"{g.when}: {g.actor} — {g.count} claims (filter to them)", None,
                        lambda a=g.actor_id, lo=first, hi=last: s.param.update(actors=[a], start=lo, end=hi)))
        for e in frame.events.sort_values(["start", "number"], kind="stable").itertuples():
            sources = list(e.source_ids)
            if sources:
                ident = f"event:{e.event_id}@{sources[0]}"
                out.append((f"Event {e.number}, {e.when}: {e.title}", s.selected == ident,
                            lambda i=ident: setattr(s, "selected", i)))
        return out
