"""What each view shows, computed as plain tables from the data and the filters."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from dashboard import load
from dashboard.frames import Filters, casualty_frame, matrix_frame, table_page, timeline_frame
from dashboard.query import prepare


@pytest.fixture(scope="module")
def p():
    return prepare(load())


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
    order = p.claims.sort_values(["start", "claim_id"]).claim_id.tolist()
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
