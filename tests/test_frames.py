"""What each view shows, computed as plain tables from the data and the filters."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from dashboard import load
from dashboard.frames import Filters, casualty_frame, matrix_frame, table_page, timeline_frame
from dashboard.frames.timeline import DIMMED
from dashboard.query import claim_mask, prepare


@pytest.fixture(scope="module")
def p():
    return prepare(load())


def reading_order(p) -> list[str]:
    """Claims by the last day they may have been made, day-dated before vaguer ones, then by id."""
    vague = p.claims.said_on_precision.map({"week": 1, "month": 2}).fillna(0).where(p.claims.date_basis == "said", 0)
    return p.claims.assign(vague=vague).sort_values(["end", "vague", "claim_id"]).claim_id.tolist()


def test_the_timeline_draws_every_claim_once_hollow_where_its_article_gives_no_date(p):
    f = timeline_frame(p)
    drawn = [*f.points.claim_id, *f.periods.claim_id]
    assert sorted(drawn) == sorted(p.claims.claim_id)
    undated = set(p.claims.claim_id[p.claims.date_basis == "reported"])
    assert set(f.points.claim_id[f.points.hollow]) == undated
    month = p.claims[p.claims.said_on_precision == "month"].claim_id
    assert set(month) <= set(f.periods.claim_id)  # a claim dated to a month is a bar, not a point
    assert f.unit == "claims" and f.matching == len(p.claims) and f.left_out == 0
    assert list(f.events.number) == list(range(1, len(p.events) + 1))


def test_the_timeline_outlines_the_selected_claim_and_shades_the_chosen_range(p):
    f = timeline_frame(p, Filters(start=date(2024, 3, 22), end=date(2024, 3, 25)), selected="claim:c001_08")
    assert f.points.claim_id[f.points.chosen].tolist() == ["c001_08"]
    assert f.matching == len(p.claims)  # the range shades; it does not hide marks on the timeline
    lo, hi = f.range
    assert lo < hi and f.range_dates[0].date() == date(2024, 3, 22)


def test_the_timeline_counts_when_there_are_too_many_marks(p):
    accuses = Filters(stances=("accuses",))
    n = int((p.claims.stance == "accuses").sum())
    f = timeline_frame(p, accuses, max_marks=10)
    assert f.unit == "day" and f.points.empty and f.groups["count"].sum() == n
    assert "each mark counts" in f.info
    weekly = timeline_frame(p, accuses, max_marks=10, max_groups=3)
    assert weekly.unit in ("week", "month") and weekly.groups["count"].sum() == n
    cut = timeline_frame(p, max_rows=2)
    assert len(cut.rows) == 2 and cut.left_out == p.claims.actor_id.nunique() - 2


def test_a_matrix_cell_is_split_by_stance_and_says_so_in_words(p):
    f = matrix_frame(p, Filters(actors=("putin",), targets=("united_states",)))
    counts = dict(zip(f.cells.stance, f.cells["count"]))
    claims = p.claims[(p.claims.actor_id == "putin") & (p.claims.target_id == "united_states")]
    assert counts == claims.stance.value_counts().to_dict()
    total = f.totals.iloc[0]
    assert total["count"] == len(claims) and f.pair
    ranked = claims.stance_label.value_counts()
    assert total.split == ", ".join(f"{n} {label.lower()}" for label, n in ranked.items())
    width = f.cells.x1 - f.cells.x0
    assert np.isclose(width.sum(), 0.9) and (width > 0).all()


def test_the_matrix_keeps_the_most_active_and_says_how_many_more(p):
    f = matrix_frame(p, max_rows=3, max_cols=2)
    assert len(f.rows) == 3 and len(f.cols) == 2
    assert f.rows_out == p.claims.actor_id.nunique() - 3 and "more claimants" in f.info
    busiest = p.claims.actor_id.value_counts()
    assert list(f.rows.id) == list(busiest.index[:3])


def test_casualty_marks_follow_their_qualifiers_and_printed_twice_is_drawn_once(p):
    f = casualty_frame(p)
    assert {"deaths", "injured"} <= set(f.metrics)
    kinds = {"exact": "exact", "at_least": "lower", "more_than": "lower", "over": "lower", "nearly": "approximate"}
    for mark in f.marks.itertuples():
        assert mark.kind == kinds[mark.qualifier]
        assert mark.lower <= mark.value <= mark.upper or mark.kind == "approximate"
    herald = p.sources[p.sources.outlet == "National Herald"].source_id.iloc[0]
    nearly = f.marks[(f.marks.source_id == herald) & (f.marks.metric == "deaths")]
    assert len(nearly) == 1 and nearly.printed.iloc[0] == 2 and nearly.label.iloc[0].endswith("×2")
    oldest = p.sources.sort_values("published").source_id.iloc[0]
    assert f.rows.source_id.iloc[0] == oldest and f.rows.row.iloc[0] == len(f.rows) - 1


def test_casualties_of_chosen_articles_only_and_the_latest_when_capped(p):
    herald = p.sources[p.sources.outlet == "National Herald"].source_id.iloc[0]
    f = casualty_frame(p, [herald])
    assert set(f.figures.source_id) == {herald} and set(f.rows.source_id) == {herald}
    capped = casualty_frame(p, max_articles=2)
    assert len(capped.rows) == 2 and capped.left_out == p.figures.source_id.nunique() - 2
    assert "left out" in capped.info
    chosen = casualty_frame(p, selected=f"figure:{f.marks.figure_id.iloc[0]}")
    assert chosen.marks.chosen.sum() == 1


def test_a_table_page_is_sorted_paged_and_turns_to_the_selection(p):
    order = reading_order(p)
    first = table_page(p, page_size=10)
    assert first.claims.claim_id.tolist() == order[:10] and first.pages == -(-len(order) // 10)
    assert first.where == f"Claims 1–10 of {len(order)}"
    last = table_page(p, page_size=10, selected=f"claim:{order[-1]}", to_selection=True)
    assert last.page == last.pages - 1 and last.claims.claim_id.iloc[last.selected_row] == order[-1]
    newest = table_page(p, order="newest", page_size=10)
    assert newest.claims.claim_id.iloc[0] == order[-1]
    denials = table_page(p, Filters(stances=("denies",)), page_size=100)
    assert set(denials.claims.stance) == {"denies"} and denials.matching == (p.claims.stance == "denies").sum()


def test_frames_leave_no_trace_on_the_shared_tables(p):
    before = sum(len(b.refs.referenced_blocks) for frame in (p.claims, p.figures, p.events)
                 for b in frame._mgr.blocks) if hasattr(p.claims._mgr.blocks[0], "refs") else None
    if before is None:
        pytest.skip("this pandas keeps no records of views")
    for _ in range(3):
        timeline_frame(p), matrix_frame(p), casualty_frame(p), table_page(p)
    after = sum(len(b.refs.referenced_blocks) for frame in (p.claims, p.figures, p.events) for b in frame._mgr.blocks)
    assert after == before


def test_the_toll_over_time_puts_each_figure_at_the_day_it_refers_to(p):
    from dashboard.frames import tolls_frame

    f = tolls_frame(p)
    figures = p.figures[p.figures.casualty]
    assert set(f.marks.figure_id) <= set(figures.figure_id) and f.metrics[:2] == ["deaths", "injured"]
    printed = {(m.source_id, m.metric, m.text) for m in f.marks.itertuples()}
    assert printed == {(r.source_id, r.metric, r.text) for r in figures.itertuples()}  # each printed figure, once
    for mark in f.marks.itertuples():
        row = figures.set_index("figure_id").loc[mark.figure_id]
        if pd.isna(row.as_of):  # no as-of date: at the article's date, drawn hollow, and said so
            assert mark.date == row.published and not mark.dated and "not stated" in mark.basis
        else:
            assert mark.date == row.as_of and mark.dated and mark.basis.startswith(f"as of {row.as_of:%-d %b %Y}")
    as_of = f.marks.set_index("figure_id").loc["f001_02"]  # "As of Monday, … 139 people dead"
    assert as_of.date == pd.Timestamp("2024-03-25") and as_of.value == 139
    assert f.marks.set_index("figure_id").loc["f003_02"].date == pd.Timestamp("2024-05-24")  # 144, two months on
    # no two marks of one metric overprint: figures of one day stand side by side
    for _, marks in f.marks.groupby("metric"):
        xs = np.sort(marks.x.to_numpy())
        assert (np.diff(xs) >= 0.25).all()
    lower = f.marks[f.marks.kind == "lower"]
    assert len(lower) and (lower.bar_end > lower.value).all()
    for metric in f.metrics:  # every mark and bar within its metric's axis
        lo, hi = f.extents[metric]
        m = f.metric_marks(metric)
        assert (m.lower >= lo).all() and (m.value < hi).all() and (m.bar_end <= hi).all()
    assert f.xlim[0] < f.marks.x.min() and f.marks.x.max() < f.xlim[1]


def test_the_toll_over_time_follows_the_outlet_filter_and_the_selection(p):
    from dashboard.frames import tolls_frame

    herald = p.sources[p.sources.outlet == "National Herald"].source_id.iloc[0]
    f = tolls_frame(p, [herald], selected="figure:f002_04")
    assert set(f.marks.source_id) == {herald} and f.marks.figure_id[f.marks.chosen].tolist() == ["f002_04"]
    assert f.ticks == tolls_frame(p).ticks  # the date axis stays put
    nearly = f.marks[(f.marks.metric == "deaths")]
    assert len(nearly) == 1 and nearly.printed.iloc[0] == 2  # printed twice, drawn once
    capped = tolls_frame(p, max_articles=2)
    latest = p.sources.sort_values("published").source_id.iloc[-2:]
    assert set(capped.marks.source_id) == set(latest) and "left out" in capped.info
    assert capped.left_out == p.figures.source_id[p.figures.casualty].nunique() - 2
    assert tolls_frame(p, ["\0none"]).empty


def test_casualty_labels_never_share_a_line_and_the_axis_leaves_room(p):
    from dashboard.frames.casualties import DODGE, HEADER, ROW_PX

    f = casualty_frame(p)
    label_px, marker_px = 11, 11  # an 8 pt label; a mark
    assert DODGE * ROW_PX >= label_px
    for metric in f.metrics:
        marks = f.marks[f.marks.metric == metric]
        slots = np.sort(marks.slot.to_numpy())
        assert (np.diff(slots) * ROW_PX >= label_px - 1e-9).all(), metric  # each label on a line of its own
        for row, in_row in marks.groupby("row"):  # the article's name above its figures, clear of them
            assert (in_row.slot + marker_px / 2 / ROW_PX < row + HEADER - label_px / ROW_PX).all()
            assert (in_row.slot - marker_px / 2 / ROW_PX > row - 0.5).all()
        lo, hi = f.extents[metric]
        width = hi - lo
        values = np.concatenate([marks.lower, marks.value])
        assert ((values - lo) / width >= 0.08).all(), metric  # nothing on the axis edge (the injured 100)
        assert ((hi - marks.label_x) / width >= 0.3).all(), metric  # room for the labels on the right
    deaths = f.marks[f.marks.metric == "deaths"].set_index("label")
    # the pairs that collided: "139 (25 Mar)" over "nearly 140", "more than 140" over "144"
    for a, b in (("139 (25 Mar)", "nearly 140"), ("more than 140", "144")):
        assert abs(deaths.slot[a] - deaths.slot[b]) * ROW_PX >= label_px


def test_a_matrix_cell_writes_its_stance_split_and_one_cell_is_not_drawn_across_the_plot(p):
    f = matrix_frame(p, Filters(actors=("putin",), targets=("united_states",)))
    labels = dict(zip(f.cells.stance, f.cells.label))
    assert labels == {"dismisses": "3", "accuses": "1"}  # readable without hovering
    assert set(f.cells.ink) <= {"#000000", "#ffffff"}
    lo, hi = f.xlim
    assert hi - lo >= 4  # one column takes a quarter of the width, not all of it
    full = matrix_frame(p)
    assert "\n" in "".join(full.cols.label) and all(len(line) <= 14 for lab in full.cols.label
                                                    for line in lab.split("\n"))
    khorasan = full.cols.set_index("id").loc["isis_k"]
    assert khorasan["name"] == "Islamic State Khorasan Province (ISIS-K)"  # hover gives it whole


def test_events_never_overprint_and_vague_ones_are_numbered_where_they_belong(p):
    from dashboard.frames.timeline import EVENT_GAP, LANE

    f = timeline_frame(p)
    ev = f.events
    for _, lane in ev[ev.one_day].groupby("lane"):
        assert (np.diff(np.sort(lane.slot.to_numpy())) >= EVENT_GAP).all()
    same_day = ev[ev.one_day].groupby("start").lane.nunique()
    assert (same_day == ev[ev.one_day].groupby("start").size()).all()  # 24, 25, 26 March: one lane each
    vague = ev[~ev.one_day]
    assert (vague.lane > ev[ev.one_day].lane.max()).all()
    assert np.allclose(ev.row, len(f.rows) + LANE * ev.lane) and f.top == ev.row.max()
    numbers = ev.set_index("event_id").number
    assert numbers["us_warning"] == 1 and numbers["kasimov_remanded"] < numbers["is_claim"] < numbers["patrushev_sco"]


def test_gaps_are_as_wide_as_the_time_they_skip(p):
    f = timeline_frame(p)
    slots = dict((label, x) for x, label in f.ticks)
    assert slots["23 Mar"] - slots["22 Mar"] == 1  # a day
    assert slots["19 Mar"] - slots["7 Mar"] > 2.5 * (slots["23 Mar"] - slots["22 Mar"])  # twelve days: wider
    assert slots["22 May"] - slots["3 Apr"] > slots["19 Mar"] - slots["7 Mar"]  # seven weeks: wider still
    lo, hi = f.extent
    assert lo < min(slots.values()) and hi > max(slots.values())  # "March" and "May" bars fit on the axis
    assert "1 Mar" not in slots and "31 May" not in slots  # a month's ends are not dates anyone gave


def test_a_date_range_dims_what_it_leaves_out(p):
    f = timeline_frame(p, Filters(start=date(2024, 3, 1), end=date(2024, 3, 10)))
    drawn = pd.concat([f.points[["claim_id", "alpha"]], f.periods[["claim_id", "alpha"]]])
    bright = set(drawn.claim_id[drawn.alpha == 1])
    assert bright == set(p.claims.claim_id[claim_mask(p, start=date(2024, 3, 1), end=date(2024, 3, 10))])
    assert "c003_13" not in bright  # dated only to March: not in the first ten days of it
    assert len(drawn) == len(p.claims)  # dimmed, not hidden
    counted = timeline_frame(p, Filters(start=date(2024, 3, 22), end=date(2024, 3, 26)), max_marks=5)
    assert set(counted.groups.alpha) == {1.0, DIMMED}


def test_an_article_compared_alone_or_with_others_shows_its_figures_the_same(p):
    """Each figure's label, times printed and place within its article's row are the article's own
    (made once per dataset); only which row the article gets, and the axes, follow the choice."""
    from dashboard.frames import tolls_frame

    every, every_toll = casualty_frame(p), tolls_frame(p)
    for sid in p.figures.source_id.unique():
        alone = casualty_frame(p, [sid])
        assert alone.rows.row.tolist() == [0.0]
        both = alone.marks[alone.marks.figure_id.isin(every.marks.figure_id)]  # a metric one article reports
        among = every.marks.set_index("figure_id").loc[both.figure_id]         # is compared only alone
        assert both.label.tolist() == among.label.tolist() and both.printed.tolist() == among.printed.tolist()
        # the same dodge below the row's line, whatever row the article has
        assert np.allclose(both.slot - both.row, among.slot.to_numpy() - among.row.to_numpy())
        toll = tolls_frame(p, [sid]).marks.set_index("figure_id")
        shown = every_toll.marks.set_index("figure_id").loc[toll.index]
        assert toll.basis.tolist() == shown.basis.tolist() and toll.slot.tolist() == shown.slot.tolist()
    # two articles: the older one gets the upper row
    a, b = p.sources.sort_values("published").source_id.iloc[:2]
    two = casualty_frame(p, [b, a])
    assert two.rows.source_id.tolist() == [s for s in (a, b) if s in set(two.rows.source_id)]
    assert two.rows.row.is_monotonic_decreasing


def test_a_counted_mark_says_its_period_in_words_and_gives_its_first_and_last_day(p):
    """Each counted mark's period, in the words of its unit, the same however often it is drawn."""
    accuses = Filters(stances=("accuses",))
    for groups in (1, 3, 800):
        f = timeline_frame(p, accuses, max_marks=10, max_groups=groups)
        g = f.groups
        first, last = pd.to_datetime(g["first"]), pd.to_datetime(g["last"])
        assert (first <= last).all() and (g["first"].str.len() == 10).all()
        for when, day, end in zip(g["when"], first, last):
            if f.unit == "day":
                assert when == f"{day.day} {day:%b %Y}" and day == end
            elif f.unit == "week":
                assert when == f"week of {day.day} {day:%b %Y}" and (end - day).days == 6 and day.day_of_week == 0
            else:
                assert when == f"{day:%B %Y}" and day.day == 1 and (end + pd.Timedelta(days=1)).day == 1
        again = timeline_frame(p, accuses, max_marks=10, max_groups=groups)
        assert again.groups["when"].tolist() == g["when"].tolist()
