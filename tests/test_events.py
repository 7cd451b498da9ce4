"""The second bundled event, events/kakhovka-dam (issue 15): it validates and loads, its rows are
true to their articles, its curation record is kept; and the index of several served folders."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from dashboard import load, validate
from dashboard.dataset import bundled_events, bundled_path
from dashboard.index_page import EventSummary, index_html, routes, summarise

ROOT = Path(__file__).resolve().parent.parent
KAKHOVKA = ROOT / "events" / "kakhovka-dam"
REVIEWS = ROOT / "events" / "kakhovka-dam-reviews"


@pytest.fixture(scope="module")
def kakhovka():
    return load(KAKHOVKA)


def test_the_second_event_validates_and_loads(kakhovka):
    assert validate(KAKHOVKA) == []
    t = kakhovka.tables
    assert len(t["sources"]) >= 8
    assert set(t["sources"]["language"]) >= {"en", "ru", "uk", "de"}
    assert len(t["claims"]) >= 40 and len(t["figures"]) >= 20 and len(t["events"]) >= 5
    assert kakhovka.schema["name"] == "kakhovka-dam"
    # the same schema as the bundled data: only the package's name, title and description differ
    import json

    ours = json.loads((KAKHOVKA / "datapackage.json").read_text(encoding="utf-8"))
    bundled = json.loads((bundled_path() / "datapackage.json").read_text(encoding="utf-8"))
    assert ours["resources"] == bundled["resources"]


def test_no_outlet_speaks_and_every_speaker_is_an_actor(kakhovka):
    t = kakhovka.tables
    outlets = {str(o).casefold() for o in t["sources"]["outlet"].dropna()}
    names = dict(zip(t["actors"]["actor_id"], t["actors"]["name"]))
    assert set(t["claims"]["actor_id"]) <= set(names)
    assert not [a for a in t["claims"]["actor_id"] if names[a].casefold() in outlets]


def test_a_quote_not_verbatim_in_its_article_is_refused(tmp_path):
    """The validator checks every claim's and figure's quote against its article's text."""
    folder = tmp_path / "kakhovka-dam"
    shutil.copytree(KAKHOVKA, folder)
    for table, column, changed in (("claims", "quote", "blew it up from space"),
                                   ("figures", "quote", "At least 61 people are confirmed dead")):
        path = folder / f"{table}.csv"
        original = path.read_text(encoding="utf-8")
        rows = list(csv.DictReader(original.splitlines(keepends=True)))
        rows[0][column] = changed
        with open(path, "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, rows[0].keys(), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        problems = [str(p) for p in validate(folder)]
        assert any(f"{table}.csv:2:{column}" in p and "not found in articles/" in p for p in problems), problems
        path.write_text(original, encoding="utf-8")
    assert validate(folder) == []


def test_the_curation_record_is_kept_and_every_row_was_reviewed(kakhovka):
    merged = sorted(p for p in REVIEWS.glob("*.csv") if not p.name.endswith(".proposed.csv"))
    assert len(merged) == len(kakhovka.tables["sources"])
    for review in merged:
        assert review.with_name(review.stem + ".proposed.csv").is_file(), review
        with open(review, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
        assert rows and not [r for r in rows if r["needs_review"].strip()], review
        sources = [r["source_id"] for r in rows if r["table"] == "sources"]
        assert sources and sources[0] in set(kakhovka.tables["sources"]["source_id"])


def test_the_frictionless_standard_reads_it_as_valid():
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(KAKHOVKA / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])


def test_the_bundled_events_are_the_data_folder_and_each_event_folder():
    folders = bundled_events()
    assert folders[0] == bundled_path()
    assert KAKHOVKA in folders
    assert REVIEWS not in folders  # no datapackage.json: the record, not an event


def test_routes_are_unique_and_leave_the_server_s_own_paths_alone(tmp_path):
    a, b, c, d = (tmp_path / n for n in "abcd")
    for p in (a, b, c, d):
        p.mkdir()
    assert routes([(a, "Kakhovka dam"), (b, "kakhovka-dam"), (c, "static"), (d, "")]) == {
        "/kakhovka-dam": a, "/kakhovka-dam-2": b, "/static-event": c, "/event": d}
    with pytest.raises(ValueError, match="given twice"):
        routes([(a, "one"), (tmp_path / "x" / ".." / "a", "two")])


def test_the_index_escapes_every_text_from_the_data():
    hostile = EventSummary("/x", title='<script>alert(1)</script>', description='"><img src=x onerror=alert(2)>',
                           languages=("<b>ru</b>",), claims=1)
    page = index_html([hostile])
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>ru" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_index_summarises_each_folder_and_says_when_one_no_longer_validates(tmp_path):
    s = summarise("/kakhovka-dam", KAKHOVKA)
    assert s.problem == "" and s.articles >= 8 and s.claims >= 40 and s.published[0].isoformat() == "2023-06-06"
    broken = tmp_path / "broken"
    shutil.copytree(KAKHOVKA, broken)
    (broken / "claims.csv").write_text("claim_id\n", encoding="utf-8")
    assert "no longer validates" in summarise("/broken", broken).problem


def test_serve_refuses_the_same_folder_twice(capsys):
    from dashboard.cli import main

    assert main(["serve", "--data", str(KAKHOVKA), "--data", str(KAKHOVKA / ".." / "kakhovka-dam"),
                 "--port", "1"]) == 2
    assert "is given twice" in capsys.readouterr().err
