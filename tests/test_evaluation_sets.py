"""The hand-annotated evaluation sets under benchmarks/evaluation/: each is a data folder the dashboard accepts."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import load
from dashboard.validation import check

ROOT = Path(__file__).resolve().parent.parent / "benchmarks" / "evaluation"
FOLDERS = sorted(p for p in ROOT.iterdir() if (p / "datapackage.json").is_file()) if ROOT.is_dir() else []
MIN_PER_LANGUAGE = 3


def test_there_are_evaluation_sets():
    assert FOLDERS, f"no data folder (with a datapackage.json) under {ROOT}"


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_folder_validates(folder):
    problems, _, _, _ = check(folder)
    assert not problems, "\n".join(str(p) for p in problems[:20])


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_every_article_has_an_address_and_a_language(folder):
    sources = load(folder).sources
    for column in ("url", "language"):
        assert column in sources.columns, f"{folder.name}/sources.csv has no {column} column"
        empty = sources.source_id[sources[column].isna() | (sources[column].astype(str).str.strip() == "")]
        assert empty.empty, f"{folder.name}: no {column} for {', '.join(empty)}"


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_each_language_has_enough_articles(folder):
    counts = load(folder).sources.language.value_counts()
    thin = {str(lang): int(n) for lang, n in counts.items() if n < MIN_PER_LANGUAGE}
    assert not thin, f"{folder.name}: fewer than {MIN_PER_LANGUAGE} articles in {thin}"
