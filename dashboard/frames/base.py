"""The filter values every frame is a function of."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date

import numpy as np

from ..query import Prepared, Selection, claim_mask

__all__ = ["Filters", "ink", "selected_id", "wrap"]


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


def ink(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (a hex colour): the higher WCAG contrast."""
    text = colour.lstrip("#") if isinstance(colour, str) else ""
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    try:
        rgb = [int(text[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    except ValueError:
        return "#000000"
    lum = sum(w * (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
              for w, c in zip((0.2126, 0.7152, 0.0722), rgb))
    return "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#ffffff"


def wrap(text: str, width: int, lines: int) -> str:
    """``text`` broken at spaces into at most ``lines`` lines of about ``width`` characters; a word
    longer than a line, or a last line that does not fit, is cut with an ellipsis."""
    out, line = [], ""
    for word in text.split():
        if len(word) > width + 2:
            word = word[: width - 1] + "…"
        candidate = f"{line} {word}".strip()
        if len(candidate) <= width or not line:
            line = candidate
        else:
            out.append(line)
            line = word
    out.append(line)
    if len(out) > lines:
        last = out[lines - 1]
        out = out[: lines - 1] + [(last if len(last) < width else last[: width - 1].rstrip()) + "…"]
    return "\n".join(out)
