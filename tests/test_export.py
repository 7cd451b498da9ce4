"""CSV that leaves the tool opens in a spreadsheet as data, never as formulas."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from dashboard import load
from dashboard.export import CLAIM_COLUMNS, claims_csv, figures_csv, neutralise
from dashboard.query import claim_mask, prepare


@pytest.fixture(scope="module")
def p():
    return prepare(load())


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\",\"y\")", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_cells_are_neutralised(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Putin said", "“quoted”", "", 139, None])
def test_other_cells_are_left_alone(cell):
    assert neutralise(cell) == cell


def test_exported_claims_are_the_filtered_ones_with_iso_dates(p):
    rows = p.claims[claim_mask(p, actors=["putin"], stances=["accuses"])]
    records = list(csv.DictReader(io.StringIO(claims_csv(rows))))
    assert [r["claim_id"] for r in records] == list(rows.claim_id)
    assert list(records[0]) == list(CLAIM_COLUMNS.values())
    dated = [r for r in records if r["said_on"]]
    assert dated and all(len(r["said_on"]) == 10 and r["said_on"][4] == "-" for r in dated)
    assert all(r["claimant"] == "Vladimir Putin" for r in records)


def test_hostile_cells_are_neutralised_in_the_file(p):
    rows = p.claims.head(2).copy()
    rows["quote"] = ["=cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0"]
    rows["actor"] = ["+Putin", "-Putin"]
    records = list(csv.DictReader(io.StringIO(claims_csv(rows))))
    assert [r["quote"][0] for r in records] == ["'", "'"]
    assert [r["claimant"] for r in records] == ["'+Putin", "'-Putin"]


def test_exported_figures_keep_numbers_as_numbers(p):
    records = list(csv.DictReader(io.StringIO(figures_csv(p.figures))))
    assert len(records) == len(p.figures)
    assert all(r["value"].isdigit() for r in records)
    assert {"as_printed", "as_of", "attributed_to", "quote"} <= set(records[0])
    assert pd.Series([r["as_printed"] for r in records]).str.contains("nearly 140").any()
