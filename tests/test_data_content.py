"""What the bundled tables say, checked against their own articles."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from dashboard import load
from dashboard.query import prepare
from dashboard.text import locate

NUMBER = r"(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|hundred)"
CASUALTY_WORDS = r"(?:people|dead|died|killed|killing|injured|wounded|children|victims)"
# a number, up to three words, then a casualty word: "139 people dead", "360 were injured", "three children"
PRINTED_TOLL = re.compile(rf"\b{NUMBER}\b(?:\W+\w+){{0,3}}?\W+{CASUALTY_WORDS}\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def ds():
    return load()


def test_no_statement_is_dated_after_the_article_reporting_it(ds):
    p = prepare(ds)
    late = p.claims[p.claims.start > p.claims.published]
    assert late.empty, late[["claim_id", "start", "published"]]


def test_no_figure_is_as_of_after_its_article(ds):
    published = ds.figures.source_id.map(dict(zip(ds.sources.source_id, ds.sources.published)))
    late = ds.figures[ds.figures.as_of > published]
    assert late.empty, late[["figure_id", "as_of"]]


def test_a_claim_of_responsibility_is_about_its_claimant(ds):
    c = ds.claims[ds.claims.stance == "claims_responsibility"]
    assert len(c) > 0 and (c.actor_id == c.target_id).all()


def test_every_article_has_claims_figures_and_events(ds):
    for sid in ds.sources.source_id:
        assert (ds.claims.source_id == sid).any(), sid
        assert (ds.figures.source_id == sid).any(), sid
        assert (ds.event_mentions.source_id == sid).any(), sid


def test_every_printed_toll_has_a_figure_row(ds):
    """Each number printed next to a casualty word lies inside some figure's quote."""
    missing = []
    for sid, text in ds.articles.items():
        spans = [locate(text, q) for q in ds.figures[ds.figures.source_id == sid].quote]
        for m in PRINTED_TOLL.finditer(text):
            if not any(s and s[0] <= m.start() and m.end() <= s[1] + 12 for s in spans):
                missing.append(f"{sid}: {m.group(0)!r}")
    assert not missing, "\n".join(missing)


def test_speakers_named_in_a_quote_are_its_actor(ds):
    """A quote that names one person as speaking ('X said') is attributed to that person."""
    names = ds.actors[ds.actors.kind == "person"]
    verbs = r"(?:said|told|claimed|wrote|asked|stated|added|assured)"
    wrong = []
    for row in ds.claims.itertuples():
        for person in names.itertuples():
            for alias in person.aliases:
                if re.search(rf"\b{re.escape(alias)}\b,?\s+(?:\w+\s+)?{verbs}\b", row.quote) and row.actor_id != person.actor_id:
                    if row.actor_id in names.actor_id.values:
                        wrong.append(f"{row.claim_id}: quote says {alias} spoke, actor is {row.actor_id}")
    assert not wrong, "\n".join(wrong)


def test_same_statement_same_speaker_family(ds):
    """Reports of one statement come from one speaker, or name its government or group instead."""
    actors = ds.actors.set_index("actor_id")
    for statement, rows in ds.claims.groupby("statement_id"):
        affiliations = {actors.loc[a, "affiliation"] for a in rows.actor_id}
        assert len(affiliations) == 1, (statement, sorted(set(rows.actor_id)))


def test_undated_claims_say_why(ds):
    undated = ds.claims[ds.claims.said_on.isna()]
    assert undated.said_on_basis.str.startswith("Not stated").all()
    dated = ds.claims[ds.claims.said_on.notna()]
    assert not dated.said_on_basis.str.startswith("Not stated").any()
    assert pd.Series(dated.said_on_precision).notna().all()


def test_every_as_of_says_which_words_date_it(ds):
    """An as-of date quotes the article's words that give it (the first '…' span of as_of_basis)."""
    dated = ds.figures[ds.figures.as_of.notna()]
    assert len(dated) > 0 and dated.as_of_basis.notna().all()
    wrong = []
    for f in dated.itertuples():
        words = re.match(r"[^']*'([^']+)'", f.as_of_basis)
        if not words or locate(ds.articles[f.source_id], words.group(1)) is None:
            wrong.append(f"{f.figure_id}: {f.as_of_basis!r}")
    assert not wrong, "\n".join(wrong)


def test_every_source_says_how_its_address_was_found(ds):
    s = ds.sources
    assert s.url_basis.notna().all()
    assert s[s.url.isna()].url_basis.str.startswith("No original found").all()
    # An outlet the text does not name is taken from the page at url, and says so.
    from_url = s[s.outlet.notna() & s.outlet_basis.str.startswith("Not named in the text")]
    assert len(from_url) > 0
    for row in from_url.itertuples():
        assert row.url in row.outlet_basis and f"published by {row.outlet}" in row.outlet_basis, row.source_id
