"""Proposals that say what they are: who says what about whom, and what is left to the curator.

The sentences are written for these tests, in the shapes that real reporting
takes; none comes from the bundled articles.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from dashboard import load
from dashboard.curate import MergeRefused, add_article, init_folder, merge_review
from dashboard.curate.propose import Context, propose

PUBLISHED = dt.date(2023, 6, 9)  # a Friday


@pytest.fixture(scope="module")
def known(bundled):
    """The bundled folder's context: its actors are known."""
    return Context.from_dataset(load(bundled))


@pytest.fixture(scope="module")
def empty(tmp_path_factory):
    """A new folder's context: no actor is known yet."""
    return Context.from_dataset(load(init_folder(tmp_path_factory.mktemp("f") / "event")))


def claims(text: str, ctx: Context) -> list[tuple[str, str, str]]:
    """(speaker, target, stance) of every proposed claim row."""
    rows = propose(text, "009_x", PUBLISHED, ctx).rows(ctx)
    return [(r["actor_id"], r["target_id"], r["stance"]) for r in rows if r["table"] == "claims"]


def rows_of(text: str, ctx: Context, table: str) -> list[dict]:
    return [r for r in propose(text, "009_x", PUBLISHED, ctx).rows(ctx) if r["table"] == table]


@pytest.mark.parametrize("text, expected", [
    # the speaker accuses the party "to blame", not the other way round
    ("Russian Foreign Ministry spokeswoman Maria Zakharova said the gunmen had tried to flee, suggesting that "
     "Ukraine was to blame for the explosion.", [("zakharova", "ukraine", "accuses")]),
    # a denial after an earlier claim by someone else is the denier's
    ("Putin had claimed on Wednesday that the gunmen were fleeing to Ukraine, but White House spokeswoman "
     "Adrienne Watson denied any Ukrainian involvement on Thursday.",
     [("putin", "ukraine", ""), ("watson", "ukraine", "denies")]),
    ("The United States on Thursday denied that Ukraine had any involvement, after Putin claimed that the "
     "attackers had fled towards Ukraine.", [("united_states", "ukraine", "denies")]),
    # declining to comment, in its usual wordings
    ("Kremlin spokesman Dmitry Peskov said he would not talk about it while the investigation is ongoing.",
     [("peskov", "", "declines_to_comment")]),
    ("Dmitry Peskov declined to speculate on who was behind the blast.", [("peskov", "", "declines_to_comment")]),
    # "bears sole responsibility" said of another is an accusation, not a claim of responsibility
    ("\u201cISIS bears sole responsibility for this attack,\u201d White House spokeswoman Adrienne Watson said.",
     [("watson", "islamic_state", "accuses")]),
    ("The White House said the Islamic State had claimed responsibility for the attack.",
     [("united_states", "islamic_state", "accuses"), ("islamic_state", "islamic_state", "claims_responsibility")]),
    # "'…,' agreed <title> <name>" attributes the quotation
    ("\u201cThere is no evidence of any Ukrainian link at all,\u201d agreed Foreign Minister Maria Zakharova.",
     [("zakharova", "ukraine", "denies")]),
])
def test_who_says_what_about_whom(known, text, expected):
    assert claims(text, known) == expected


@pytest.mark.parametrize("text", [
    "The newswire AFP reported that Ukraine was behind the attack.",
    "Western media have reported that Ukraine was behind the attack.",
    "According to Russian media, Ukraine was behind the attack.",
])
def test_an_outlet_is_never_the_speaker(known, empty, text):
    for ctx in (known, empty):
        rows = propose(text, "009_x", PUBLISHED, ctx).rows(ctx)
        assert [r for r in rows if r["table"] == "claims"] == []
        assert not [r for r in rows if r["table"] == "actors" and r["name"] in ("AFP", "Western media")]


def test_a_report_of_arrests_is_a_source_of_figures_not_a_claim(known):
    text = "Eleven suspects, including four gunmen, were detained, officials say."
    assert claims(text, known) == []
    figures = {(r["metric"], r["value"], r["attributed_to"]) for r in rows_of(text, known, "figures")}
    assert figures == {("detained", "11", "officials"), ("attackers", "4", "officials")}


def test_no_cue_word_leaves_the_stance_blank_and_says_so(known):
    text = "\u201cThe gunmen were trained on Ukrainian territory,\u201d Peskov told reporters."
    [row] = rows_of(text, known, "claims")
    assert (row["actor_id"], row["target_id"], row["stance"]) == ("peskov", "ukraine", "")
    assert "no cue word" in row["needs_review"] and row["confidence"] == "low"
    assert row["note"]  # the reason is kept


def test_an_empty_folder_proposes_named_parties_as_targets_once_each(empty):
    text = ("Russian Foreign Ministry spokeswoman Maria Zakharova accused Kyiv of blowing up the dam. "
            "Zakharova said Ukraine had planned it for months and blamed the Kiev regime.")
    props = propose(text, "009_x", PUBLISHED, empty)
    rows = props.rows(empty)
    actors = {r["actor_id"]: r for r in rows if r["table"] == "actors"}
    assert set(actors) == {"zakharova", "ukraine"}  # Kyiv, Ukraine and "the Kiev regime": one party
    assert all(r["needs_review"] for r in actors.values())
    assert {(r["actor_id"], r["target_id"]) for r in rows if r["table"] == "claims"} == {("zakharova", "ukraine")}


def test_the_review_file_lists_the_uncertain_rows_first(known, tmp_path, data):
    text = ("Dam destroyed, officials say\n\n"
            "\u201cThe gunmen were trained on Ukrainian territory,\u201d Peskov told reporters on Thursday.\n"
            "Ukraine has denied any involvement in the explosion.\n"
            "A new speaker, Ivan Petrenko, said the dam had been mined.\n")
    review = tmp_path / "review.csv"
    add_article(data.path, text, headline="Dam destroyed", published=PUBLISHED, review=review)
    with open(review, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["table"] == "sources"
    marked = [bool(r["needs_review"]) for r in rows[1:]]
    assert marked == sorted(marked, reverse=True) and any(marked) and not all(marked)


def test_merge_refuses_rows_still_marked_for_review(data, tmp_path):
    text = "\u201cThe gunmen were trained on Ukrainian territory,\u201d Peskov told reporters on Thursday.\n"
    review = tmp_path / "review.csv"
    add_article(data.path, text, headline="Dam destroyed", published=PUBLISHED, review=review)
    with open(review, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header, rows = reader.fieldnames, list(reader)
    line = next(i for i, r in enumerate(rows, start=2) if r["table"] == "claims")
    with pytest.raises(MergeRefused) as info:
        merge_review(data.path, review)
    assert f"{review}:{line}:needs_review: not reviewed yet: stance" in str(info.value)

    # The mark emptied but the stance still blank: the schema refuses it, at its cell.
    rows[line - 2]["needs_review"] = ""
    _write(review, header, rows)
    with pytest.raises(MergeRefused) as info:
        merge_review(data.path, review)
    assert (str(review), line, "stance") in {(p.file, p.row, p.column) for p in info.value.problems}

    rows[line - 2]["stance"] = "accuses"
    for r in rows:
        r["needs_review"] = ""
    _write(review, header, rows)
    assert merge_review(data.path, review).added["claims"] == 1


def _write(path: Path, header, rows) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_a_translation_is_kept_beside_the_verbatim_quote_or_refused(data, tmp_path):
    text = "Ukraine has denied any involvement in the explosion.\n"
    review = tmp_path / "review.csv"
    add_article(data.path, text, headline="Dam destroyed", published=PUBLISHED, review=review)
    with open(review, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header, rows = reader.fieldnames, list(reader)
    assert "translation" in header
    claim = next(r for r in rows if r["table"] == "claims")
    assert claim["quote"] == "Ukraine has denied any involvement in the explosion."
    for r in rows:
        r["needs_review"] = ""
    claim["translation"] = "Украина отрицает какую-либо причастность к взрыву."
    _write(review, header, rows)
    line = rows.index(claim) + 2
    with pytest.raises(MergeRefused) as info:  # the bundled folder's claims have no translation column
        merge_review(data.path, review)
    assert [(p.row, p.column) for p in info.value.problems] == [(line, "translation")]
