"""The data transforms behind the views."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from dashboard import load
from dashboard.query import (
    NO_TARGET, TimeScale, claim_mask, date_interval, figure_rows, matrix_cells, prepare,
    qualified_text, qualifier_interval, source_label, statement_reports,
)


@pytest.fixture(scope="module")
def p():
    return prepare(load())


def test_every_schema_qualifier_has_an_interval(p):
    claims_schema = next(r for r in p.dataset.schema["resources"] if r["name"] == "figures")
    qualifiers = next(f for f in claims_schema["schema"]["fields"] if f["name"] == "qualifier")["constraints"]["enum"]
    for q in qualifiers:
        lower, upper, kind = qualifier_interval(q, 100)
        assert lower <= 100 <= upper or (kind == "approximate" and lower <= upper), q


@pytest.mark.parametrize("qualifier, expected", [
    ("exact", (137, 137, "exact")),
    ("at_least", (137, math.inf, "lower")),
    ("more_than", (137, math.inf, "lower")),
    ("over", (137, math.inf, "lower")),
    ("up_to", (0, 137, "upper")),
])
def test_qualifier_interval(qualifier, expected):
    assert qualifier_interval(qualifier, 137) == expected


def test_nearly_lies_below_and_about_around_the_value():
    lo, hi, kind = qualifier_interval("nearly", 140)
    assert kind == "approximate" and lo < 140 and hi == 140
    lo, hi, _ = qualifier_interval("about", 140)
    assert lo < 140 < hi


def test_unknown_qualifier_is_refused():
    with pytest.raises(ValueError, match="unknown qualifier 'roughly'"):
        qualifier_interval("roughly", 1)


def test_qualified_text():
    assert qualified_text("nearly", 140) == "nearly 140"
    assert qualified_text("exact", 1500) == "1,500"


def test_date_interval_by_precision():
    published = pd.Timestamp("2024-05-24")
    assert date_interval(pd.Timestamp("2024-03-25"), "day", published)[:2] == (pd.Timestamp("2024-03-25"),) * 2
    assert date_interval(pd.Timestamp("2024-03-25"), "week", published)[1] == pd.Timestamp("2024-03-31")
    assert date_interval(pd.Timestamp("2024-03-01"), "month", published)[1] == pd.Timestamp("2024-03-31")
    assert date_interval(pd.NaT, None, published) == (published, published, "reported")


def test_source_labels_name_unnamed_outlets_by_headline(p):
    labels = p.source_labels
    assert len(set(labels.values())) == len(labels)
    named = p.sources[p.sources.outlet.notna()]
    for row in named.itertuples():
        assert labels[row.source_id].startswith(row.outlet)
    for row in p.sources[p.sources.outlet.isna()].itertuples():
        assert labels[row.source_id].startswith("“" + row.headline[:10])
    assert source_label(None, pd.Timestamp("2024-03-25"), "A headline") == "“A headline” (25 Mar 2024)"


def test_same_outlet_same_day_gets_distinct_labels():
    a = source_label("Outlet", pd.Timestamp("2024-03-25"), "One")
    assert a == source_label("Outlet", pd.Timestamp("2024-03-25"), "Two")  # disambiguated in prepare()


def test_prepared_claims_carry_names_and_colours(p):
    c = p.claims
    assert len(c) == len(p.dataset.claims)
    assert not c[["actor", "target", "stance_label", "colour", "outlet"]].isna().any().any()
    row = c[c.claim_id == "c001_08"].iloc[0]
    assert (row.actor, row.target, row.stance_label) == ("Vladimir Putin", "Ukraine", "Accuses")
    assert row.colour == p.stance_colours["accuses"]


def test_mask_filters_combine(p):
    mask = claim_mask(p, actors=["putin"], targets=["ukraine"], stances=["accuses"])
    rows = p.claims[mask]
    assert len(rows) > 0
    assert set(rows.actor_id) == {"putin"} and set(rows.target_id) == {"ukraine"}
    assert set(rows.stance) == {"accuses"}
    assert claim_mask(p).all()


def test_no_target_filter(p):
    rows = p.claims[claim_mask(p, targets=[NO_TARGET])]
    assert len(rows) > 0 and set(rows.target_id) == {NO_TARGET}


def test_date_range_keeps_a_claim_only_when_every_day_it_may_have_been_made_is_in_it(p):
    rows = p.claims[claim_mask(p, start=date(2024, 3, 19), end=date(2024, 3, 19))]
    assert set(rows.claim_id) >= {"c000_14", "c004_12"}  # Putin's speech three days before the attack
    month = p.claims[p.claims.claim_id == "c003_13"].iloc[0]  # "At the end of March"
    assert month.start == pd.Timestamp("2024-03-01") and month.end == pd.Timestamp("2024-03-31")
    # the first ten days of March: nothing said after the 22 March attack, though three claims are dated "March"
    early = p.claims[claim_mask(p, start=date(2024, 3, 1), end=date(2024, 3, 10))]
    assert "c003_13" not in set(early.claim_id) and (early.end <= pd.Timestamp("2024-03-10")).all()
    assert "c003_13" not in set(p.claims[claim_mask(p, start=date(2024, 3, 30), end=date(2024, 4, 2))].claim_id)
    march = p.claims[claim_mask(p, start=date(2024, 3, 1), end=date(2024, 3, 31))]
    assert {"c003_13", "c003_14", "c003_15"} <= set(march.claim_id)
    week = p.claims[p.claims.said_on_precision == "week"].claim_id  # "last week", in an article of 26 March
    assert not set(week) & set(p.claims[claim_mask(p, start=date(2024, 3, 25), end=date(2024, 3, 26))].claim_id)
    assert set(week) <= set(p.claims[claim_mask(p, start=date(2024, 3, 25), end=date(2024, 3, 31))].claim_id)
    # only a start (or an end): the claims made entirely on or after it (or before)
    late = p.claims[claim_mask(p, start=date(2024, 5, 1))]
    assert len(late) and (late.start >= pd.Timestamp("2024-05-01")).all()


def test_claims_and_events_dated_to_a_month_come_after_the_day_dated_ones_of_that_month(p):
    from dashboard.query import claim_order

    order = p.claims.claim_id.to_numpy()[claim_order(p, "date", np.ones(len(p.claims), dtype=bool))].tolist()
    march = order.index("c003_13")  # "At the end of March"
    said = p.claims.set_index("claim_id")
    day_dated_in_march = [c for c in order if said.end[c] <= pd.Timestamp("2024-03-31")
                          and said.start[c] == said.end[c]]
    assert max(order.index(c) for c in day_dated_in_march) < march
    assert said.start[order[0]] == pd.Timestamp("2024-03-07") or said.end[order[0]] < pd.Timestamp("2024-03-31")
    events = p.events.set_index("event_id")
    assert events.number["us_warning"] == 1  # the 7 March warning, not "March 2024"
    assert events.number["is_claim"] > events.number["kasimov_remanded"]  # after the last day-dated March event
    assert events.number["is_claim"] < events.number["patrushev_sco"]  # and before April's


def test_search_matches_all_words_case_insensitively(p):
    rows = p.claims[claim_mask(p, search="WINDOW ukrainian")]
    assert len(rows) > 0
    assert all("window" in q.lower() for q in rows.quote)


def test_matrix_cells_count_claims(p):
    cells = matrix_cells(p, np.ones(len(p.claims), dtype=bool))
    assert cells["count"].sum() == len(p.claims)
    putin = cells[(cells.actor_id == "putin") & (cells.target_id == "ukraine") & (cells.stance == "accuses")]
    assert int(putin["count"].iloc[0]) == int(((p.claims.actor_id == "putin") & (p.claims.target_id == "ukraine")
                                                & (p.claims.stance == "accuses")).sum())
    denials = claim_mask(p, stances=["denies"])
    assert set(matrix_cells(p, denials).stance) == {"denies"}
    assert matrix_cells(p, denials)["count"].sum() == denials.sum()


def test_figure_rows_filter_by_source_and_keep_date_order(p):
    all_rows = figure_rows(p)
    assert set(all_rows.metric) <= set(p.figures[p.figures.casualty].metric)
    assert list(all_rows.outlet_order) == sorted(all_rows.outlet_order)
    one = figure_rows(p, sources=["003_8038ae532e233db9"])
    assert set(one.source_id) == {"003_8038ae532e233db9"}
    assert {"144", "360"} <= {str(v) for v in one.value}


def test_statement_reports_list_each_outlet(p):
    reports = statement_reports(p, "c001_08")  # Putin's "window" address
    assert reports.statement_id.nunique() == 1
    assert reports.source_id.nunique() >= 3
    assert statement_reports(p, "no-such-claim").empty


def test_time_scale_round_trip_and_gaps_as_wide_as_the_time_they_skip():
    scale = TimeScale(pd.to_datetime(["2024-03-07", "2024-03-22", "2024-03-22", "2024-03-23", "2024-05-24"]))
    slots = scale.position(pd.to_datetime(["2024-03-07", "2024-03-22", "2024-03-23", "2024-05-24"]))
    assert slots[0] == 0 and np.all(np.diff(slots) > 0)
    fortnight, day, nine_weeks = np.diff(slots)
    assert day == 1 and 3 < fortnight < 5 and fortnight < nine_weeks < 8  # wider, but not in proportion
    assert list(scale.slots) == list(slots) and [x for x, _ in scale.ticks()] == list(slots)
    for day in ["2024-03-10", "2024-04-15", "2024-05-30", "2024-03-01", "2024-07-01", "2024-02-01"]:
        assert scale.date(scale.position([pd.Timestamp(day)])[0]) == pd.Timestamp(day)
    assert [text for _, text in scale.gaps()] == ["+2 wk", "+9 wk"]
    assert slots[1] < scale.gaps()[0][0] + 3 and scale.gaps()[1][0] == (slots[2] + slots[3]) / 2
    reach = TimeScale(pd.to_datetime(["2024-03-07", "2024-03-22"]), reach=pd.to_datetime(["2024-03-01", "2024-03-31"]))
    lo, hi = reach.extent
    assert lo < 0 and hi > reach.slots[-1] and len(reach.anchors) == 2  # a month's ends get no slot


def test_the_axis_labels_and_measures_its_ends_beyond_the_dated_claims():
    """A month-dated event months before the first claim (the Kakhovka folder's December 2022) gets
    a tick labelled with its month and year, and a gap that says how much time the axis skips to the claims."""
    scale = TimeScale(pd.to_datetime(["2023-06-06", "2023-06-07", "2023-06-09"]),
                      reach=pd.to_datetime(["2022-12-01", "2022-12-31"]))
    ticks = scale.ticks()
    assert [text for _, text in ticks] == ["Dec 2022", "6 Jun 2023", "7 Jun", "9 Jun"]
    assert ticks[0][0] == scale.extent[0] and [x for x, _ in ticks[1:]] == list(scale.slots)
    (x, text), = scale.gaps()
    assert text == "+27 wk" and ticks[0][0] < x < ticks[1][0]
    near = TimeScale(pd.to_datetime(["2024-03-07", "2024-03-22"]), reach=pd.to_datetime(["2024-03-01", "2024-03-31"]))
    assert [text for _, text in near.ticks()] == ["7 Mar", "22 Mar"]  # a month's ends near the claims: no tick


def test_counts_of_a_mask_seen_before_are_the_same_and_cannot_be_spoilt(p):
    from dashboard.query import busiest, claim_order

    index, everyone = p.index, np.ones(len(p.claims), dtype=bool)
    denials = claim_mask(p, stances=["denies"])
    first = index.counts(everyone, index.actor, index.stance)
    first[1][:] = 0  # a caller writing into what it was given changes nothing for the next
    (actor, stance), n = index.counts(everyone, index.actor, index.stance)
    assert n.sum() == len(p.claims)
    expected = pd.crosstab(p.claims.actor_id, p.claims.stance).stack()
    got = pd.Series(n, index=pd.MultiIndex.from_arrays([index.actor.values[actor], index.stance.values[stance]]))
    assert got.to_dict() == expected[expected > 0].to_dict()
    # another mask of the same length is counted afresh, not taken from the cache
    assert index.counts(denials, index.actor, index.stance)[1].sum() == denials.sum()
    top, present = busiest(p, denials, "actor", 3)
    assert top == p.claims.actor_id[denials].value_counts().sort_index().sort_values(
        ascending=False, kind="stable").index[:3].tolist()
    assert present == p.claims.actor_id[denials].nunique()
    order = claim_order(p, "date", everyone)
    assert sorted(order.tolist()) == list(range(len(p.claims))) and not order.flags.writeable


def test_the_counts_kept_stay_within_their_memory_budget(p, monkeypatch):
    index, everyone = p.index, np.ones(len(p.claims), dtype=bool)
    index.counts_kept({})
    monkeypatch.setattr(index, "COUNTS_CACHE_BYTES", 4 * 64)  # room for a result of 64 bytes only
    (stance,), n = index.counts(everyone, index.stance)
    assert len(index.counts_kept()) == (1 if len(stance) * 2 * 4 <= 64 else 0)
    (actor, day, stance), n = index.counts(everyone, index.actor, index.day, index.stance)
    assert n.sum() == len(p.claims) and len(actor) > 8  # correct, and too large to be kept
    kept = index.counts_kept()
    assert sum(sum(a.nbytes for a in c) + k.nbytes for c, k in kept.values()) <= 4 * 64
