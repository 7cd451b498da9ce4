"""Targets and stances of proposed claim rows, and whether a sentence gives a row at all: rules found on the
development half of the evaluation sets. The sentences are written for these tests; none comes from an
article of the evaluation sets or the bundled data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard import load
from dashboard.curate.propose import Context, propose

EVALUATION = Path(__file__).resolve().parent.parent / "benchmarks" / "evaluation"
PUBLISHED = dt.date(2023, 10, 18)


@pytest.fixture(scope="module")
def dam():
    return Context.from_dataset(load(EVALUATION / "kakhovka-dam"))


@pytest.fixture(scope="module")
def hospital():
    return Context.from_dataset(load(EVALUATION / "al-ahli-hospital-2023"))


def claims(text, ctx, language):
    rows = propose(text, "x_01", PUBLISHED, ctx, language=language).rows(ctx)
    return sorted((r["actor_id"], r["target_id"], r["stance"]) for r in rows if r["table"] == "claims")


@pytest.mark.parametrize("text, language, expected", [
    # a ministry's own government is its side: no row that has it blame Moscow
    ("В МИД РФ заявили, что Москва глубоко потрясена ударом по клинике.", "ru", []),
    # an army denying for its state denies its own part
    ("The Israeli army said Israel had nothing to do with the blast at the clinic.", "en",
     [("idf", "idf", "denies")]),
])
def test_the_speakers_own_side_is_no_target(hospital, text, language, expected):
    assert claims(text, hospital, language) == expected


def test_a_party_named_in_a_clause_about_the_speaker_is_no_target(hospital):
    # "qui ... le Hamas ...": the clause describes Israel; the denial is Israel's own, the blame is shifted to PIJ
    text = ("Israël, qui bombarde Gaza depuis l'attaque du Hamas, a nié être responsable, rejetant la faute sur "
            "une roquette du Jihad islamique.")
    assert claims(text, hospital, "fr") == [("israel", "israel", "denies"), ("israel", "pij", "accuses")]


@pytest.mark.parametrize("text, expected", [
    # "انفجار" (explosion) holds the letters of "نفى" (denied), "المعمداني" those of "عمدا" (deliberately):
    # neither is the cue; "سببه" (its cause) blames the party named
    ("قال جو بايدن إن انفجار المستشفى المعمداني سببه الجانب الآخر.", [("biden", "other_team", "accuses")]),
    # a massacre, a genocide: an accusation with no party named
    ("قالت حماس إن مجزرة المستشفى جريمة إبادة جماعية.", [("hamas", "", "accuses")]),
    # the denial itself is still read
    ("ونفت حركة الجهاد الإسلامي أي علاقة لها بالانفجار.", [("pij", "pij", "denies")]),
])
def test_arabic_cues_are_whole_words(hospital, text, expected):
    assert claims(text, hospital, "ar") == expected


def test_crimes_of_a_party_accuse_it_in_german(dam):
    text = '"Das sind russische Verbrechen gegen die Menschen am Fluss", schrieb Selenskyj auf Telegram.'
    assert claims(text, dam, "de") == [("zelensky", "russia", "accuses")]


def test_a_massacre_accuses_in_english(hospital):
    text = 'Hamas called the strike on the clinic "a horrific massacre."'
    assert claims(text, hospital, "en") == [("hamas", "", "accuses")]
