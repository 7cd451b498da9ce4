"""A curator's Russian article, from its saved page to the served data: the issue's "done when".

Two Russian articles of the Kakhovka evaluation set (a TASS toll report and a MIGnews report of the
Kremlin's accusation) are saved as news pages, served on 127.0.0.1 and added to a copy of the
bundled Kakhovka folder with ``claims-dashboard add-article <folder> <address>``, as a curator would.
Their proposals are compared with the hand-made answer key (``benchmarks/evaluation/kakhovka-dam``):
every figure with its metric, value, qualifier and ``as_of``, every claim row with its speaker,
target and stance. The curator then clears the marks, merges, and the folder loads with the rows.
"""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from pathlib import Path

import pytest

from browser_support import serve_directory
from dashboard import load
from dashboard.cli import main
from test_curate import read_review, write_review
from test_curate_saved_articles import ARTICLES, saved_page

ROOT = Path(__file__).resolve().parent.parent
KEY = ROOT / "benchmarks" / "evaluation" / "kakhovka-dam"
TOLL, ACCUSATION = "ru_08_6f535e05", "ru_04_d976c3c4"


def key_rows(table: str, source_id: str) -> list[dict]:
    with open(KEY / f"{table}.csv", encoding="utf-8-sig", newline="") as fh:
        return [row for row in csv.DictReader(fh) if row["source_id"] == source_id]


@pytest.fixture(scope="module")
def curated(tmp_path_factory):
    """The folder after both articles were added from their pages: {source id in the key: review rows}."""
    tmp = tmp_path_factory.mktemp("russian")
    site, folder = tmp / "site", tmp / "kakhovka-dam"
    site.mkdir()
    shutil.copytree(ROOT / "events" / "kakhovka-dam", folder)
    rows = {}
    with serve_directory(site) as url:
        for key_id in (TOLL, ACCUSATION):
            source_folder, source = next((f, r) for f, r in ARTICLES if r["source_id"] == key_id)
            text = (source_folder / source["text_path"]).read_text(encoding="utf-8")
            (site / f"{key_id}.html").write_text(saved_page(source, text), encoding="utf-8")
            review = tmp / f"review-{key_id}.csv"
            assert main(["add-article", str(folder), f"{url}/{key_id}.html", "--review", str(review)]) == 0
            rows[key_id] = (review, *read_review(review))
    return folder, rows


def test_the_toll_report_gives_every_figure_of_the_answer_key(curated):
    _, rows = curated
    _, _, review = rows[TOLL]
    source = next(r for r in review if r["table"] == "sources")
    assert (source["language"], source["outlet"], source["published"]) == ("ru", "ТАСС", "2023-06-22")
    proposed = Counter((r["metric"], r["value"], r["qualifier"], r["as_of"]) for r in review if r["table"] == "figures")
    expected = Counter((r["metric"], r["value"], r["qualifier"], r["as_of"]) for r in key_rows("figures", TOLL))
    assert proposed == expected


def test_the_accusation_report_gives_the_kremlin_s_positions(curated):
    _, rows = curated
    _, _, review = rows[ACCUSATION]
    claims = [r for r in review if r["table"] == "claims"]
    key = key_rows("claims", ACCUSATION)
    positions = {(r["actor_id"], r["target_id"], r["stance"]) for r in key}
    assert positions == {("peskov", "ukraine", "accuses"), ("peskov", "russia", "denies")}
    # every proposed row is a position the article reports, and each of the article's positions is proposed
    assert {(r["actor_id"], r["target_id"], r["stance"]) for r in claims} == positions
    # each row quotes the sentence it was read from, verbatim
    text = (KEY / next(r for _, r in ARTICLES if r["source_id"] == ACCUSATION)["text_path"]).read_text(encoding="utf-8")
    assert all(r["quote"] and r["quote"] in text for r in claims)


def test_once_reviewed_the_rows_merge_and_load(curated):
    folder, rows = curated
    added = {}
    for key_id, (review, header, review_rows) in rows.items():
        for row in review_rows:
            row["needs_review"] = ""
        write_review(review, header, review_rows)
        assert main(["merge", str(folder), str(review)]) == 0
        added[key_id] = next(r["source_id"] for r in review_rows if r["table"] == "sources")
    ds = load(folder)
    figures = ds.figures[ds.figures["source_id"] == added[TOLL]]
    assert sorted(figures["value"].astype(int)) == sorted(int(r["value"]) for r in key_rows("figures", TOLL))
    claims = ds.claims[ds.claims["source_id"] == added[ACCUSATION]]
    assert set(claims["actor_id"]) == {"peskov"}
