"""The hand-annotated evaluation sets under benchmarks/evaluation/: each one is a data folder that
validates, records where every article came from and in which language, and has enough articles in
every language it covers to measure that language."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import load
from dashboard.query import prepare
from dashboard.validation import check

ROOT = Path(__file__).resolve().parent.parent / "benchmarks" / "evaluation"
SETS = sorted(p for p in ROOT.iterdir() if (p / "datapackage.json").is_file()) if ROOT.is_dir() else []
MIN_ARTICLES_PER_LANGUAGE = 3


def test_there_is_at_least_one_evaluation_set():
    assert SETS, f"no folder with a datapackage.json under {ROOT}"


@pytest.mark.parametrize("folder", SETS, ids=lambda p: p.name)
def test_the_set_validates(folder):
    problems, *_ = check(folder)
    assert not problems, "\n".join(str(p) for p in problems)


@pytest.fixture(scope="module", params=SETS, ids=lambda p: p.name)
def ds(request):
    return load(request.param)


def test_every_source_has_an_address_and_a_language(ds):
    s = ds.sources
    missing = s[s.url.isna() | (s.url.str.strip() == "") | s.language.isna() | (s.language.str.strip() == "")]
    assert missing.empty, missing[["source_id", "url", "language"]]


def test_every_language_has_enough_articles(ds):
    counts = ds.sources.language.value_counts()
    thin = counts[counts < MIN_ARTICLES_PER_LANGUAGE]
    assert thin.empty, f"fewer than {MIN_ARTICLES_PER_LANGUAGE} articles: {thin.to_dict()}"


def test_no_statement_is_dated_after_the_article_reporting_it(ds):
    claims = prepare(ds).claims
    late = claims[claims.start > claims.published]
    assert late.empty, late[["claim_id", "start", "published"]]


def test_no_figure_is_as_of_after_its_article(ds):
    published = ds.figures.source_id.map(dict(zip(ds.sources.source_id, ds.sources.published)))
    late = ds.figures[ds.figures.as_of > published]
    assert late.empty, late[["figure_id", "as_of"]]
