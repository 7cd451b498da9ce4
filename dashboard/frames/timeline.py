"""The timeline's marks: claims on their claimant's row by date, counted marks, events."""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import memo
from ..query import Prepared, actor_order, coded_values, columns, per_code, rows
from .base import Filters, selected_id

__all__ = ["DIMMED", "LANE", "PERIOD_TEXT", "MarkColumns", "TimelineFrame", "events_frame", "timeline_frame"]

STACK = 3  # claims of one actor on one date: up to this many above each other, then side by side
MAX_TICKS = 45  # date labels on the axis, at most
#: Height of one lane of events (in rows); events closer than ``EVENT_GAP`` slots take separate lanes.
LANE = 0.78
EVENT_GAP = 0.95
#: Opacity of a mark outside the chosen date range.
DIMMED = 0.22

PERIOD_TEXT = {"day": "{:%-d %b %Y}", "week": "week of {:%-d %b %Y}", "month": "{:%B %Y}"}

_CLAIM_COLUMNS = ["claim_id", "actor_id", "slot", "slot_start", "slot_end", "actor", "target", "stance",
                  "stance_label", "outlet", "quote", "colour", "said", "date_basis", "published", "start", "end"]


class MarkColumns(Mapping):
    """Columns of one kind of the timeline's marks, by name: the rows ``keep`` of ``columns`` (arrays of
    equal length), each column taken when first read. A view reads the columns it draws; :meth:`frame`
    makes them one DataFrame (what :attr:`TimelineFrame.points` and ``periods`` are)."""

    def __init__(self, columns: dict, keep: np.ndarray | None = None):
        self._columns, self._keep, self._taken = columns, keep, {}
        self.size = (int(np.count_nonzero(keep)) if keep is not None
                     else len(next(iter(columns.values()))) if columns else 0)

    def __getitem__(self, name: str):
        taken = self._taken.get(name)
        if taken is None:
            value = self._columns[name]
            taken = self._taken[name] = value if self._keep is None else value[self._keep]
        return taken

    def __iter__(self):
        return iter(self._columns)

    def __len__(self) -> int:
        return len(self._columns)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame({c: self[c] for c in self._columns}, copy=False)


#: No claim drawn one by one (the timeline counts them): the columns still there, with no rows.
_NO_MARKS = MarkColumns({c: np.empty(0, dtype="datetime64[ns]" if c in ("start", "end", "said", "published")
                                     else object) for c in _CLAIM_COLUMNS})


@dataclass(frozen=True)
class TimelineFrame:
    """What the timeline draws for one set of filters.

    Positions (``slot``, ``row``) are on the compressed date axis of
    :class:`dashboard.query.TimeScale` and the claimant rows; every mark also
    carries its real dates (``start``, ``end``, ``date``).
    """

    #: Claimants with a row: actor_id, actor (name), row (0 at the bottom; the top row made the earliest claim).
    rows: pd.DataFrame
    #: Claims made on one day (or undated, at their article's date): one point each (see :attr:`points`).
    point_columns: MarkColumns = field(repr=False)
    #: Claims dated only to a week or a month: a bar over the period (see :attr:`periods`).
    period_columns: MarkColumns = field(repr=False)
    #: Beyond ``max_marks`` claims: one counted mark per claimant and period.
    groups: pd.DataFrame
    #: "claims" when claims are drawn one by one, else the period counted ("day", "week" or "month").
    unit: str
    #: Every event, numbered, in its lane of the events rows (``row``): no two overprint.
    events: pd.DataFrame
    #: Claims matching the filters (the date range aside: the timeline is where it is chosen).
    matching: int
    #: Claimants with matching claims that got no row.
    left_out: int
    #: The chosen date range on the slot axis (x0, x1), or None; and its first and last day.
    range: tuple[float, float] | None
    range_dates: tuple[pd.Timestamp, pd.Timestamp] | None
    #: (position, label) of the date ticks, and of the gaps where time is skipped.
    ticks: list[tuple[float, str]]
    gaps: list[tuple[float, str]]
    #: Number of slots on the date axis, and the positions of its first and last day.
    slots: int
    extent: tuple[float, float]
    #: Lanes the events take (one row per ``1 / LANE`` lanes above the claimants).
    lanes: int

    @functools.cached_property
    def points(self) -> pd.DataFrame:
        """:attr:`point_columns` as a DataFrame (made when first asked for: the live view draws the columns)."""
        return self.point_columns.frame()

    @functools.cached_property
    def periods(self) -> pd.DataFrame:
        """:attr:`period_columns` as a DataFrame."""
        return self.period_columns.frame()

    @property
    def events_row(self) -> float:
        return float(len(self.rows))

    @property
    def top(self) -> float:
        """The highest row any mark takes (the top lane of events)."""
        return self.events_row + LANE * max(self.lanes - 1, 0)

    @property
    def info(self) -> str:
        """What the timeline sums up or leaves out ("" when it shows every claim)."""
        parts = []
        if self.unit != "claims":
            parts.append(f"{self.matching:,} claims: each mark counts one claimant's claims in one {self.unit} "
                         "(bigger = more). Click a mark, or narrow the filters, to see the claims one by one.")
        if self.left_out:
            parts.append(f"Showing the {len(self.rows)} most active claimants; {self.left_out:,} more have "
                         "matching claims (choose them in the Claimant filter).")
        return " ".join(parts)


def timeline_frame(p: Prepared, filters: Filters = Filters(), *, selected: str = "", mask: np.ndarray | None = None,
                   in_range: np.ndarray | None = None, max_rows: int = 40, max_marks: int = 600,
                   max_groups: int = 800) -> TimelineFrame:
    """The timeline of the claims matching ``filters``: its date range does not hide claims, it dims
    those outside it (``alpha``) and shades the days outside it.

    ``mask`` may pass the claims matching ``filters.undated()``, and ``in_range`` those matching
    ``filters``, when already known. ``selected`` (e.g. ``"claim:c001_08"``) outlines that claim's mark.
    """
    if mask is None:
        mask = filters.undated().mask(p)
    dated = bool(filters.start or filters.end)
    if dated and in_range is None:
        in_range = filters.mask(p)
    chosen_rows, left_out = _choose_rows(p, mask, max_rows)
    matching = int(mask.sum())
    if matching > max_marks:
        groups, unit = _group_frame(p, mask, chosen_rows, max_groups, filters if dated else None)
        points = periods = _NO_MARKS
    else:
        points, periods = _claim_frames(p, mask, chosen_rows, selected_id(selected, "claim"),
                                        in_range if dated else None)
        groups, unit = pd.DataFrame(), "claims"
    names = p.actor_names
    row_frame = pd.DataFrame({"actor_id": list(chosen_rows), "actor": [names.get(a, a) for a in chosen_rows],
                              "row": [float(r) for r in chosen_rows.values()]})
    scale = p.time_scale
    ticks, gaps, extent = memo.derived(p, "timeline_axis", lambda: (scale.ticks(), scale.gaps(), scale.extent))
    step = max(1, math.ceil(len(ticks) / MAX_TICKS))
    span = days = None
    if dated:
        days = (pd.Timestamp(filters.start or scale.anchors[0]), pd.Timestamp(filters.end or scale.anchors[-1]))
        lo, hi = scale.position(list(days))
        span = (float(lo) - 0.3, float(hi) + 0.3)
    events = _events_above(p, len(chosen_rows))
    return TimelineFrame(
        rows=row_frame, point_columns=points, period_columns=periods, groups=groups, unit=unit,
        events=events, matching=matching, left_out=left_out,
        range=span, range_dates=days, ticks=ticks[::step], gaps=list(gaps),
        slots=len(scale.anchors), extent=extent, lanes=int(events.lane.max()) + 1 if len(events) else 1)


def _choose_rows(p: Prepared, mask: np.ndarray, max_rows: int) -> tuple[dict[str, int], int]:
    """Rows (actor id -> row, top row first in time order) and how many claimants were left out."""
    index = p.index
    (codes,), counts = index.counts(mask, index.actor)
    present = codes
    if len(present) > max_rows:
        present = present[np.argsort(-counts, kind="stable")[:max_rows]]
    # in the order of actor_order (each code's place in it, made once per dataset)
    place = per_code(p, "actor", "timeline:order", lambda texts: _places(texts, actor_order(p)))
    shown = present[np.argsort(place[present], kind="stable")]
    actors = coded_values(p, "actor").texts[shown[::-1]].tolist()
    return {a: i for i, a in enumerate(actors)}, len(codes) - len(shown)


def _places(texts: np.ndarray, order: list[str]) -> np.ndarray:
    """Each text's place in ``order`` (after every listed one when it is not listed)."""
    at = {a: i for i, a in enumerate(order)}
    return np.array([at.get(t, len(order)) for t in texts.tolist()], dtype=np.int64)


def _claim_frames(p: Prepared, mask: np.ndarray, chosen_rows: dict[str, int], chosen: str,
                  in_range: np.ndarray | None):
    """One-day claims (as points) and claims over a period (as segments), stacked on their rows;
    ``alpha`` dims those outside the date range (``in_range``)."""
    index = p.index
    row_of_code = np.full(len(index.actor), np.nan)
    row_of_code[coded_values(p, "actor").codes(chosen_rows)] = list(chosen_rows.values())
    at = np.flatnonzero(mask & ~np.isnan(row_of_code)[index.actor.codes])
    # The columns as arrays, and one frame per kind of mark at the end: on frames of a few dozen
    # rows, pandas' cost per operation, not the rows, made most of this frame's time.
    cols = columns(p, "claims", at, _CLAIM_COLUMNS)
    codes = index.actor.codes[at]
    slot = np.asarray(cols["slot"], dtype=float)
    # claims of one claimant at one slot: numbered in table order, stacked, then side by side
    key = codes.astype(np.int64) * 10**7 + np.round(slot * 1000).astype(np.int64)
    order = np.argsort(key, kind="stable")
    ordered = key[order]
    first = np.r_[0, np.flatnonzero(ordered[1:] != ordered[:-1]) + 1]
    sizes = np.diff(np.r_[first, len(key)])
    rank, size = np.empty(len(key), dtype=np.int64), np.empty(len(key), dtype=np.int64)
    rank[order] = np.arange(len(key)) - np.repeat(first, sizes)
    size[order] = np.repeat(sizes, sizes)
    stacks = np.ceil(size / STACK)
    height = np.minimum(size, STACK)
    cols["slot"] = slot + (rank // STACK - (stacks - 1) / 2) * 0.2
    cols["row"] = row_of_code[codes] + (rank % STACK - (height - 1) / 2) * 0.26
    said = np.asarray(cols["date_basis"], dtype=object) == "said"
    # only the undated claims' article dates are formatted, each date once (claims share their article's)
    when = np.asarray(cols["said"], dtype=object).copy()
    undated = np.flatnonzero(~said)
    if len(undated):
        days, which = np.unique(np.asarray(cols["published"][undated], dtype="datetime64[ns]"), return_inverse=True)
        texts = np.array([f"not stated (article of {d:%-d %b %Y})" for d in pd.DatetimeIndex(days)], dtype=object)
        when[undated] = texts[which.reshape(-1)]
    cols["when"] = pd.array(when, dtype="str")
    start, end = cols["start"], cols["end"]
    cols["date"] = start + (end - start) / 2
    cols["hollow"] = ~said
    cols["chosen"] = (np.asarray(cols["claim_id"], dtype=object) == chosen) if chosen else np.zeros(len(at), dtype=bool)
    cols["alpha"] = np.where(in_range[at], 1.0, DIMMED) if in_range is not None else np.ones(len(at))
    one_day = np.asarray(start == end, dtype=bool)
    return MarkColumns(cols, one_day), MarkColumns(cols, ~one_day)


def _group_frame(p: Prepared, mask: np.ndarray, chosen_rows: dict[str, int], max_groups: int,
                 dates: Filters | None):
    """Claims counted per claimant and day (per week, or month, when that makes too many marks),
    coloured by the most frequent stance; and the period counted. A mark whose period is not
    within the date range of ``dates`` is dimmed."""
    index = p.index
    keep = mask & coded_values(p, "actor").lookup(chosen_rows)[index.actor.codes]
    (actor, day, stance), n = index.counts(keep, index.actor, index.day, index.stance)
    if not len(n):
        return pd.DataFrame(), "day"
    daily = pd.DataFrame({"actor": actor, "first": index.day.values[day], "stance": stance, "n": n})
    cells, period = daily, "day"
    for coarser in ("week", "month"):
        if len(cells.drop_duplicates(["actor", "first"])) <= max_groups:
            break
        days = daily["first"]
        start = (days - pd.to_timedelta(days.dt.day_of_week, unit="D") if coarser == "week"
                 else days.dt.to_period("M").dt.start_time)
        cells, period = (daily.assign(first=start).groupby(["actor", "first", "stance"], as_index=False,
                                                           sort=False)["n"].sum(), coarser)
    cells = cells.sort_values(["actor", "first", "n"], ascending=[True, True, False], kind="stable")
    actor, stance, n = (cells[c].to_numpy() for c in ("actor", "stance", "n"))
    days = pd.DatetimeIndex(cells["first"])
    starts = np.flatnonzero(np.r_[True, (actor[1:] != actor[:-1]) | (days[1:] != days[:-1])])
    stance_texts = coded_values(p, "stance").texts
    labels = per_code(p, "stance", "timeline:label", lambda texts: [p.stance_labels.get(v, v) for v in texts]).tolist()
    parts = [f"{k} {labels[v]}" for k, v in zip(n.tolist(), stance.tolist())]
    bounds = [*starts.tolist(), len(n)]
    first = days[starts]
    last = {"day": first, "week": first + pd.Timedelta(days=6), "month": first + pd.offsets.MonthEnd(0)}[period]
    ids = coded_values(p, "actor").texts[actor[starts]]
    count = np.add.reduceat(n, starts)
    middle = first + (last - first) / 2
    alpha = np.ones(len(first))
    if dates is not None:
        inside = np.ones(len(first), dtype=bool)
        if dates.start:
            inside &= (first >= pd.Timestamp(dates.start))
        if dates.end:
            inside &= (last <= pd.Timestamp(dates.end))
        alpha = np.where(inside, 1.0, DIMMED)
    return pd.DataFrame({
        "actor_id": pd.Series(ids, dtype=object),
        "row": [float(chosen_rows[a]) for a in ids.tolist()],
        "slot": p.time_scale.position(middle),
        "date": middle,
        "actor": [p.actor_names.get(a, a) for a in ids.tolist()],
        "when": _period_texts(p, period, first),
        "first": np.datetime_as_string(first.to_numpy(), unit="D").tolist(),
        "last": np.datetime_as_string(last.to_numpy(), unit="D").tolist(),
        "count": count,
        "breakdown": [", ".join(parts[i:j]) for i, j in zip(bounds[:-1], bounds[1:])],
        "stance": pd.Series(stance_texts[stance[starts]], dtype=object),
        "colour": [p.stance_colours.get(v) for v in stance_texts[stance[starts]].tolist()],
        "size": 8 + 16 * np.sqrt(count / count.max()),
        "alpha": alpha,
    }), period


def _period_texts(p: Prepared, period: str, first: pd.DatetimeIndex) -> list[str]:
    """The words of each period that begins at ``first`` (:data:`PERIOD_TEXT`), each period's made once
    per dataset: a counted mark's period is one of the dataset's days, weeks or months."""
    made = memo.derived(p, f"timeline:period_text:{period}", dict)
    texts = []
    for moment in first.as_unit("ns").to_numpy().tolist():
        text = made.get(moment)  # (nanoseconds since 1970: NumPy gives datetime64[ns] as integers)
        if text is None:
            text = made[moment] = PERIOD_TEXT[period].format(pd.Timestamp(moment, unit="ns"))
        texts.append(text)
    return texts


def events_frame(p: Prepared) -> pd.DataFrame:
    """Every event with its number, dates, positions on the timeline's date axis and lane.

    Events of one day are diamonds at their day; events of a week or a month are bars across it,
    numbered at its end (they are numbered after the day-dated events of that period). Lanes
    (0 at the bottom) keep any two marks closer than ``EVENT_GAP`` slots apart, and bars above
    the diamonds.
    """
    return memo.derived(p, "events_frame", lambda: _events(p)).copy()


def _events_above(p: Prepared, rows: int) -> pd.DataFrame:
    """The events with their ``row`` above ``rows`` claimant rows: made once per number of rows (frames
    share it, and never change it), not copied at every change."""
    def compute():
        events = memo.derived(p, "events_frame", lambda: _events(p))
        return events.assign(row=rows + LANE * events.lane)
    return memo.recent(p, "timeline:events", rows, compute, size=64)


def _events(p: Prepared) -> pd.DataFrame:
    ev = rows(p, "events")
    scale = p.time_scale
    one_day = (ev.start == ev.end).to_numpy()
    out = ev.assign(slot=scale.position(ev.start + (ev.end - ev.start) / 2),
                    slot_start=scale.position(ev.start), slot_end=scale.position(ev.end),
                    date=ev.start + (ev.end - ev.start) / 2,
                    label=ev.number.astype(str), one_day=one_day)
    lanes = np.zeros(len(out), dtype=int)
    day_lanes = _lanes(out.slot.to_numpy()[one_day], out.slot.to_numpy()[one_day])
    lanes[one_day] = day_lanes
    above = int(day_lanes.max()) + 1 if len(day_lanes) else 0
    lanes[~one_day] = above + _lanes(out.slot_start.to_numpy()[~one_day], out.slot_end.to_numpy()[~one_day])
    return out.assign(lane=lanes)


def _lanes(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The lowest lane for each interval where it keeps ``EVENT_GAP`` from every other in that lane
    (in order of start: a greedy interval colouring)."""
    lanes = np.zeros(len(starts), dtype=int)
    last: list[float] = []  # where each lane's latest interval ends
    for i in np.argsort(starts, kind="stable"):
        for lane, end in enumerate(last):
            if starts[i] - end >= EVENT_GAP:
                break
        else:
            lane = len(last)
            last.append(-math.inf)
        lanes[i], last[lane] = lane, ends[i]
    return lanes
