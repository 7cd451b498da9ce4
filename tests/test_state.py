"""The per-session filter state, its URL form, and escaping at the HTML boundary."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard import load
from dashboard.html import article_html, esc
from dashboard.query import prepare
from dashboard.state import FilterState


@pytest.fixture(scope="module")
def prepared():
    return prepare(load())


@pytest.fixture
def state(prepared):
    return FilterState(prepared)


def test_query_round_trip(state, prepared):
    state.param.update(actors=["putin", "bortnikov"], stances=["accuses"], start=date(2024, 3, 22),
                       search="window", selected="claim:c001_08")
    other = FilterState(prepared)
    assert other.apply_query(state.to_query()) == []
    for name in ("actors", "targets", "stances", "sources", "start", "end", "search", "selected"):
        assert getattr(other, name) == getattr(state, name), name


def test_defaults_leave_the_query_empty(state):
    assert state.to_query() == ""


def test_bad_query_values_are_ignored_with_notices(state):
    notices = state.apply_query("actor=putin&actor=nobody&stance=bogus&from=2024-13-01&colour=red&selected=claim:zzz")
    assert state.actors == ["putin"]
    assert state.stances == [] and state.start is None and state.selected == ""
    assert len(notices) == 5 and state.notices == notices
    assert any("nobody" in n for n in notices) and any("colour" in n for n in notices)


def test_reversed_date_range_is_ignored(state):
    notices = state.apply_query("from=2024-05-01&to=2024-03-01")
    assert state.start is None and state.end is None and notices


def test_toggle_pair(state):
    state.toggle_pair("putin", "ukraine")
    assert (state.actors, state.targets) == (["putin"], ["ukraine"])
    n = int(state.mask().sum())
    assert 0 < n < len(state.prepared.claims)
    state.toggle_pair("putin", "ukraine")
    assert (state.actors, state.targets) == ([], [])


def test_reset_clears_everything(state):
    state.param.update(actors=["putin"], search="x", start=date(2024, 3, 1), selected="claim:c001_08")
    state.reset()
    assert not state.is_filtered and state.selected == "" and state.mask().all()


def test_states_are_independent(prepared):
    a, b = FilterState(prepared), FilterState(prepared)
    a.actors = ["putin"]
    assert b.actors == [] and b.mask().all()


def test_escape():
    assert esc('<script>alert("x")</script>') == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


def test_article_html_escapes_and_marks_the_span():
    text = 'Intro <span class="copyright">X</span>\nHe said “a <b>window</b>”.\n'
    start = text.index("a <b>")
    html = article_html(text, (start, start + len("a <b>window</b>")))
    assert "<span" not in html and "&lt;span class=&quot;copyright&quot;&gt;" in html
    assert '<mark id="cd-quote">a &lt;b&gt;window&lt;/b&gt;</mark>' in html
    assert html.count("<p>") == 2


def test_mark_spanning_paragraphs_stays_well_formed():
    text = "one two\nthree four"
    html = article_html(text, (4, 13))
    assert html == '<p>one <mark id="cd-quote">two</mark></p><p><mark>three</mark> four</p>'
