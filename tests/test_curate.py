"""Curation: init a folder, add an article, review its proposals, merge them (or refuse to)."""

from __future__ import annotations

import csv
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import load
from dashboard.cli import main
from dashboard.curate import ArticleError, MergeRefused, add_article, init_folder, merge_review
from dashboard.curate.dates import find_dates
from dashboard.curate.evaluate import evaluate
from dashboard.curate.lexicon import load_lexicons

LEXICONS = load_lexicons()
EN = LEXICONS["en"]

ROOT = Path(__file__).resolve().parent.parent

#: A follow-up article written for these tests (not one of the bundled five), published on a Wednesday.
ARTICLE = """Moscow court extends arrest of concert hall suspects

By Anna Keller

A Moscow court on Tuesday extended the detention of the men accused over the attack on Crocus City Hall, which killed nearly 140 people and left more than 180 injured.

\u201cThe gunmen were trained on Ukrainian territory and were heading there when they were detained,\u201d Bórtnikov told reporters on Tuesday.

Ukraine has denied any involvement in the attack. \u201cKyiv has nothing to do with this crime,\u201d the Ukrainian foreign ministry said in a statement.

Kremlin spokesman Dmitry Peskov declined to comment on the US intelligence, saying it was a matter for the special services.

At least 11 people have been arrested so far, according to the Investigative Committee.
"""
PUBLISHED = dt.date(2024, 4, 10)
TUESDAY = "2024-04-09"
QUOTE = "The gunmen were trained on Ukrainian territory and were heading there when they were detained"


def read_review(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames), list(reader)


def write_review(path: Path, header: list[str], rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` and its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def added(folder: Path, tmp_path: Path, text: str = ARTICLE, reviewed: bool = True
          ) -> tuple[Path, list[str], list[dict]]:
    """Add ``text`` and read its review file; ``reviewed``: as if the curator had checked every row."""
    review = tmp_path / "review.csv"
    add_article(folder, text, headline="Moscow court extends arrest of concert hall suspects",
                published=PUBLISHED, outlet="Example Wire", review=review)
    header, rows = read_review(review)
    if reviewed:
        rows = [checked(r) for r in rows]
        write_review(review, header, rows)
    return review, header, rows


def checked(row: dict) -> dict:
    """A review row as a curator leaves it: a stance chosen where none was proposed, the mark emptied."""
    if row["table"] == "claims" and not row["stance"]:
        row["stance"] = "accuses"
    row["needs_review"] = ""
    return row


def row_of(rows: list[dict], **match) -> dict:
    found = [r for r in rows if all(r[k] == v for k, v in match.items())]
    assert found, f"no review row with {match}"
    return found[0]


# -- dates ------------------------------------------------------------------------


@pytest.mark.parametrize("phrase, expected, precision", [
    ("on Tuesday", "2024-04-09", "day"),        # the last Tuesday before a Wednesday
    ("on Wednesday", "2024-04-10", "day"),      # the article's own day
    ("last Wednesday", "2024-04-03", "day"),
    ("until Friday", "2024-04-12", "day"),
    ("yesterday", "2024-04-09", "day"),
    ("this week", "2024-04-08", "week"),
    ("on 22 March", "2024-03-22", "day"),
    ("on March 22", "2024-03-22", "day"),
    ("in early May", "2024-05-01", "month"),
    ("on December 30", "2023-12-30", "day"),   # nearest to April 2024
])
def test_dates_resolve_against_the_publication_date(phrase, expected, precision):
    refs = find_dates(f"Officials said {phrase} that the toll rose.", PUBLISHED, EN)
    assert [(r.date.isoformat(), r.precision) for r in refs] == [(expected, precision)]
    assert refs[0].how  # says how it was resolved


# -- proposals ------------------------------------------------------------------


@pytest.mark.parametrize("sentence, expected", [
    ("One neighbor was shot and killed.", [("deaths", 1, "exact")]),
    ("Two or three children are missing after one fatality was reported.", [("deaths", 1, "exact")]),
    ("The blast killed 12 and wounded at least 30, officials said.",
     [("deaths", 12, "exact"), ("injured", 30, "at_least")]),
    ("The death toll rose to 143 on Sunday.", [("deaths", 143, "exact", "2024-04-07")]),  # dated by its sentence
    ("Police have detained 11 suspects, including the four gunmen.",
     [("detained", 11, "exact"), ("attackers", 4, "exact")]),
    ("As of Monday, 95 people were still in hospital.", [("injured", 95, "exact", "2024-04-08")]),
    ("Some 6,000 people attended the concert.", [("people_present", 6000, "about")]),
    ("Three days later, two men were charged with terrorism.", [("accused", 2, "exact")]),
    ("The attack in 2004 left 334 dead, among them 186 children.",
     [("deaths", 334, "exact"), ("children_killed", 186, "exact")]),
    ("Up to 40 people were hospitalised, nearly 140 killed.", [("injured", 40, "up_to"), ("deaths", 140, "nearly")]),
    ("The trial lasted three weeks and 2 of 5 judges dissented.", []),
])
def test_figures_in_other_wordings(sentence, expected):
    from dashboard.curate.figures import propose_figures
    from dashboard.curate.segment import sentences

    metrics = {"deaths", "injured", "children_killed", "attackers", "detained", "accused", "people_present"}
    qualifiers = {"exact", "at_least", "more_than", "over", "nearly", "about", "up_to"}
    found = propose_figures(sentences(sentence), find_dates(sentence, PUBLISHED, EN), PUBLISHED, metrics, qualifiers,
                            EN, LEXICONS.common)
    got = [(f.metric, f.value, f.qualifier, f.as_of) if f.as_of else (f.metric, f.value, f.qualifier) for f in found]
    assert got == expected


def test_review_proposes_claims_figures_and_events(data, tmp_path):
    _, header, rows = added(data.path, tmp_path)
    assert header[:4] == ["table", "confidence", "needs_review", "note"] and "span" in header
    source = row_of(rows, table="sources")
    assert source["published"] == "2024-04-10" and source["author"] == "Anna Keller"
    assert (data.path / source["text_path"]).read_text(encoding="utf-8") == ARTICLE

    claim = row_of(rows, table="claims", quote=QUOTE)
    assert claim["actor_id"] == "bortnikov"  # by the alias "Bórtnikov"
    assert claim["said_on"] == TUESDAY and claim["said_on_precision"] == "day"
    assert "Tuesday 9 April 2024" in claim["said_on_basis"]
    assert claim["mode"] == "direct" and claim["target_id"] == "ukraine"
    assert claim["claim_id"].startswith("c005_") and claim["source_id"] == source["source_id"]
    assert row_of(rows, table="claims", actor_id="ukraine", quote=(
        "Ukraine has denied any involvement in the attack."))["stance"] == "denies"
    peskov = row_of(rows, table="claims", actor_id="peskov")
    assert (peskov["stance"], peskov["target_id"]) == ("declines_to_comment", "united_states")

    figures = {(r["metric"], r["value"], r["qualifier"]) for r in rows if r["table"] == "figures"}
    assert {("deaths", "140", "nearly"), ("injured", "180", "more_than"),
            ("detained", "11", "at_least")} <= figures
    arrests = row_of(rows, table="figures", metric="detained")
    assert arrests["attributed_to"] == "the Investigative Committee"

    event = row_of(rows, table="events", date=TUESDAY)
    assert event["category"] == "court" and event["quote"].startswith("A Moscow court on Tuesday")
    for r in rows:  # every proposal carries its sentence, verbatim
        assert r["table"] == "sources" or r["span"] in ARTICLE


def test_every_casualty_figure_of_the_bundled_articles_is_proposed(bundled):
    report = evaluate(load(bundled))
    assert report.total("casualty figures").recall == 1.0, report.missed["figures"]
    assert report.total("figures").recall >= 0.9
    assert report.total("figures").precision >= 0.8
    speakers = report.total("speakers")
    assert speakers.recall >= 0.85 and speakers.precision >= 0.7, speakers
    cold = evaluate(load(bundled), cold=True).total("speakers")
    assert cold.recall >= 0.8 and cold.precision >= 0.7, cold


def test_an_article_already_in_the_folder_is_refused(data, tmp_path):
    text = (data.path / "articles" / "002_a20e6aaf006fd26b.txt").read_text(encoding="utf-8")
    with pytest.raises(ArticleError, match="already in .* as source 002_a20e6aaf006fd26b"):
        add_article(data.path, text, headline="x", published=PUBLISHED, review=tmp_path / "r.csv")


def test_an_existing_review_file_is_not_overwritten(data, tmp_path):
    review, _, _ = added(data.path, tmp_path)
    review.write_text("my edits", encoding="utf-8")
    with pytest.raises(ArticleError, match="already exists"):
        added(data.path, tmp_path)
    assert review.read_text(encoding="utf-8") == "my edits"


# -- merging ---------------------------------------------------------------------


def test_merge_adds_the_reviewed_rows(data, tmp_path):
    review, header, rows = added(data.path, tmp_path)
    claim = row_of(rows, table="claims", quote=QUOTE)
    dropped = row_of(rows, table="claims", actor_id="peskov")
    rows = [r for r in rows if r is not dropped]  # the curator deletes a proposal
    header.append("my remarks")  # and adds a column of their own
    for r in rows:
        r["my remarks"] = "checked"
    write_review(review, header, rows)

    result = merge_review(data.path, review)
    assert result.added["claims"] == sum(r["table"] == "claims" for r in rows)
    ds = load(data.path)
    merged = ds.claims.set_index("claim_id").loc[claim["claim_id"]]
    assert merged.actor_id == "bortnikov" and merged.quote == QUOTE
    assert merged.said_on == dt.datetime(2024, 4, 9)
    assert ds.statements.set_index("statement_id").loc[claim["statement_id"]].summary == claim["summary"]
    assert dropped["claim_id"] not in set(ds.claims.claim_id)
    assert len(ds.figures[ds.figures.source_id == claim["source_id"]]) == sum(r["table"] == "figures" for r in rows)


def test_merge_links_a_mention_to_an_existing_event(data, tmp_path):
    review, header, rows = added(data.path, tmp_path)
    event = row_of(rows, table="events", date=TUESDAY)
    event["event_id"] = "kasimov_remanded"  # the curator decides it is the same court date as before
    event["date"] = "2024-03-26"
    write_review(review, header, [r for r in rows if r["table"] != "events" or r is event])
    before = data.cell("events", data.row_where("events", lambda r: r["event_id"] == "kasimov_remanded"), "source_ids")

    merge_review(data.path, review)
    ds = load(data.path)  # validates x-list-matches: source_ids equals the mentions
    source_id = event["source_id"]
    linked = ds.events.set_index("event_id").loc["kasimov_remanded"].source_ids
    assert linked == (*before.split("|"), source_id)
    assert len(ds.event_mentions[(ds.event_mentions.event_id == "kasimov_remanded")]) == 2


def test_a_bad_review_is_refused_where_it_is_wrong_and_nothing_changes(data, tmp_path):
    review, header, rows = added(data.path, tmp_path)
    claims = [r for r in rows if r["table"] == "claims"]
    claims[0]["quote"] = "Words the article never printed"
    claims[1]["actor_id"] = "nobody"
    claims[2]["said_on"] = "2024-02-30"
    write_review(review, header, rows)
    lines = {rows.index(c) + 2: c for c in claims[:3]}  # spreadsheet rows (header = 1)
    before = snapshot(data.path)

    with pytest.raises(MergeRefused) as info:
        merge_review(data.path, review)
    located = {(p.file, p.row, p.column) for p in info.value.problems}
    rows_of = {id(c): n for n, c in lines.items()}
    assert (str(review), rows_of[id(claims[0])], "quote") in located
    assert (str(review), rows_of[id(claims[1])], "actor_id") in located
    assert (str(review), rows_of[id(claims[2])], "said_on") in located
    assert snapshot(data.path) == before


def test_merging_twice_is_refused(data, tmp_path):
    review, _, _ = added(data.path, tmp_path)
    merge_review(data.path, review)
    before = snapshot(data.path)
    with pytest.raises(MergeRefused, match="duplicate value"):
        merge_review(data.path, review)
    assert snapshot(data.path) == before


def test_an_unknown_table_is_named_in_the_review(data, tmp_path):
    review, header, rows = added(data.path, tmp_path)
    rows[3]["table"] = "claim"
    write_review(review, header, rows)
    with pytest.raises(MergeRefused) as info:
        merge_review(data.path, review)
    assert [str(p) for p in info.value.problems] == [
        (f"{review}:5:table: unknown table 'claim': use one of sources, actors, statements, claims, figures, "
         "events, event_mentions")]


def test_a_folder_that_does_not_validate_is_not_merged_into(data, tmp_path):
    review, _, _ = added(data.path, tmp_path)
    data.edit("claims", 5, "actor_id", "nobody")
    before = snapshot(data.path)
    with pytest.raises(MergeRefused, match="does not validate; fix it first"):
        merge_review(data.path, review)
    assert snapshot(data.path) == before


# -- a new folder, from text to a visible claim --------------------------------------


def test_init_makes_an_empty_valid_folder_the_dashboard_serves(tmp_path):
    from dashboard import Dashboard

    folder = init_folder(tmp_path / "event", title="A new event")
    ds = load(folder)
    assert len(ds.claims) == len(ds.sources) == len(ds.actors) == 0
    assert len(ds.stances) > 0 and len(ds.metrics) > 0 and ds.schema["title"] == "A new event"
    app = Dashboard(folder)
    assert len(app.state.filtered_claims()) == 0 and app.title == "A new event"
    with pytest.raises(FileExistsError):
        init_folder(folder)


def test_from_text_to_a_visible_claim(tmp_path, monkeypatch):
    from dashboard import Dashboard

    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "event"
    assert main(["init", str(folder), "--title", "Concert hall attack"]) == 0
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert main(["add-article", str(folder), str(article), "--headline", "Court extends arrest",
                 "--published", "2024-04-10"]) == 0
    review = next(tmp_path.glob("review-*.csv"))
    header, rows = read_review(review)
    # No actor is known yet: Peskov is proposed as a new actor, and his claim uses him.
    actor = row_of(rows, table="actors", name="Dmitry Peskov")
    claim = row_of(rows, table="claims", actor_id=actor["actor_id"])
    # Its target is named but never speaks: it comes from the parties list, as one actor for "US".
    target = row_of(rows, table="actors", actor_id=claim["target_id"])
    assert target["name"] == "United States" and "parties list" in target["note"]
    keep = [checked(r) for r in rows if r["table"] in ("sources", "figures") or r in (actor, claim, target)]
    write_review(review, header, keep)
    assert main(["merge", str(folder), str(review)]) == 0

    shown = Dashboard(folder).state.filtered_claims()
    assert list(shown.quote) == [claim["quote"]]
    assert list(shown.actor_id) == [actor["actor_id"]]


def test_add_article_from_standard_input_and_a_refused_merge(tmp_path):
    folder = init_folder(tmp_path / "event")
    review = tmp_path / "review.csv"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    run = lambda *args, **kw: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "dashboard", *args], cwd=tmp_path, env=env, capture_output=True, text=True,
        encoding="utf-8", timeout=120, **kw)
    proc = run("add-article", str(folder), "-", "--headline", "Court extends arrest", "--published",
               "2024-04-10", "--review", str(review), input=ARTICLE)
    assert proc.returncode == 0, proc.stderr
    assert f"Wrote {review}" in proc.stdout
    header, rows = read_review(review)
    source = row_of(rows, table="sources")
    assert (folder / source["text_path"]).read_text(encoding="utf-8") == ARTICLE

    rows = [checked(r) for r in rows]
    claim = next(r for r in rows if r["table"] == "claims")
    claim["quote"] = "not in the article"
    write_review(review, header, rows)
    before = snapshot(folder)
    proc = run("merge", str(folder), str(review))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert f"{review}:{rows.index(claim) + 2}:quote: quote 'not in the article' not found" in proc.stderr
    assert proc.stderr.splitlines()[-1].endswith(f"nothing was merged into {folder}")
    assert snapshot(folder) == before


@pytest.mark.parametrize("args, message", [
    (["--published", "2024-04-31"], "--published must be a date"),
    (["--published", "2024-04-10", "--headline", " "], "the headline is empty"),
])
def test_add_article_bad_input_is_a_message(tmp_path, capsys, args, message):
    folder = init_folder(tmp_path / "event")
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    argv = ["add-article", str(folder), str(article), "--headline", "H", *args]
    assert main(argv) == 1
    assert message in capsys.readouterr().err


def test_add_article_refuses_text_that_is_not_utf8(tmp_path, capsys):
    folder = init_folder(tmp_path / "event")
    article = tmp_path / "a.txt"
    article.write_bytes(ARTICLE.encode("cp1252", errors="replace"))
    assert main(["add-article", str(folder), str(article), "--headline", "H", "--published", "2024-04-10"]) == 1
    assert "is not UTF-8 text" in capsys.readouterr().err
    assert list((folder / "articles").iterdir()) == []
