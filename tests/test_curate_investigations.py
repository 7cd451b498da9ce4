"""An outlet named as the author of an investigation, analysis or finding of its own is a claimant (issue 15);
an outlet that only relays what others said is still no speaker. The sentences are written for these tests."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard import load
from dashboard.curate.evaluate import evaluate
from dashboard.curate.propose import propose
from dashboard.dataset import Dataset

from pathlib import Path

EVALUATION = Path(__file__).resolve().parent.parent / "benchmarks" / "evaluation"

PUBLISHED = dt.date(2023, 9, 20)


def speakers(text, ctx, language):
    """(sentence index, speaker) of every proposed claim, in order."""
    props = propose(text, "x_01", PUBLISHED, ctx, language=language)
    return sorted({(c.sentence.index, c.actor_id) for c in props.claims})


@pytest.mark.parametrize("text, language, expected", [
    # the outlet, not yet an actor, becomes one (an organisation) and speaks
    ("Evidence collected and analysed by The New York Times suggests that the missile was Ukrainian.", "en",
     [(0, "new_york_times")]),
    ("Согласно расследованию The New York Times, ракета была украинской.", "ru", [(0, "new_york_times")]),
    ("За даними розслідування The New York Times, ракета була українською.", "uk", [(0, "new_york_times")]),
    ("Selon une enquête du New York Times, le missile était ukrainien.", "fr", [(0, "new_york_times")]),
    ("Recherchen der New York Times zufolge war es eine ukrainische Rakete.", "de", [(0, "new_york_times")]),
    ("Según una investigación de The New York Times, el misil era ucraniano.", "es", [(0, "new_york_times")]),
    # an inflected name ("Timesa") names the outlet by its word
    ("Według ustaleń dziennikarzy „New York Timesa” rakieta była ukraińska.", "pl", [(0, "new_york_times")]),
    ("وفق تحقيق أجرته صحيفة نيويورك تايمز، كان الصاروخ أوكرانيا.", "ar", [(0, "outlet")]),
])
def test_an_outlet_credited_with_its_own_investigation_speaks(dam, text, language, expected):
    assert speakers(text, dam, language) == expected


def test_the_credited_outlet_speaks_in_the_rest_of_the_article(dam):
    # credited in the headline, the outlet "has said" later; "the newspaper said that its investigation" too
    text = ("New York Times investigation blames a Ukrainian missile\n"
            "The blast was caused by a Ukrainian missile, the New York Times has said.\n"
            "The newspaper said that its investigation showed that a Ukrainian missile hit the market.")
    found = speakers(text, dam, "en")
    assert (1, "new_york_times") in found and (2, "new_york_times") in found


@pytest.mark.parametrize("text, language", [
    ("AFP reported that the missile had been fired from Druzhkivka.", "en"),
    ("Western media have reported that the missile was Ukrainian.", "en"),
    ("According to Reuters, the missile was Ukrainian.", "en"),
    # the investigation is another's: a party named between, or what the outlet reports after "that"
    ("Reuters reported that Ukraine's investigation found the missile was Russian.", "en"),
    ("AFP reported that prosecutors opened an investigation into the strike.", "en"),
    ("По данным РИА Новости, ракета была украинской.", "ru"),
    ("Selon l'AFP, le missile était ukrainien.", "fr"),
])
def test_a_relaying_outlet_is_still_no_speaker(dam, text, language):
    props = propose(text, "x_01", PUBLISHED, dam, language=language)
    assert not [c.actor_id for c in props.claims if c.actor_id], text
    assert not props.actors


def test_the_one_an_outlet_relays_speaks_not_the_outlet(dam):
    text = "«Это диверсия украинской стороны», — цитирует РИА Новости Дмитрия Пескова."
    assert speakers(text, dam, "ru") == [(0, "peskov")]


# -- the evaluation's count of outlet speakers -------------------------------------------------------------

TEXT = ("Evidence collected and analysed by The New York Times suggests that the missile was Ukrainian.\n"
        "The blast was caused by a Ukrainian missile, the New York Times has said.")
FIRST, SECOND = TEXT.split("\n")


def _one_article(outlet: str, credited: list[str]) -> Dataset:
    """The Kostiantynivka folder cut to one article of ``TEXT``, its key crediting the New York Times with the
    sentences ``credited``; ``outlet``, the article's own outlet."""
    ds = load(EVALUATION / "kostiantynivka-market-2023")
    tables = dict(ds.tables)
    source = ds.sources.iloc[:1].copy()
    sid = source.source_id.iloc[0]
    source["outlet"] = pd.array([outlet or pd.NA], dtype="string")
    tables["sources"] = source
    template = ds.claims[ds.claims.actor_id == "nyt"].iloc[:1]
    rows = [template.assign(source_id=sid, quote=q, claim_id=f"c{i}") for i, q in enumerate(credited)]
    tables["claims"] = pd.concat(rows, ignore_index=True) if rows else template.iloc[:0]
    for name in ("figures", "event_mentions"):
        tables[name] = ds.tables[name].iloc[:0]
    return Dataset(ds.path, ds.schema, tables, {sid: TEXT})


def test_an_outlet_the_key_credits_is_no_outlet_speaker():
    report = evaluate(_one_article("", [FIRST, SECOND]))
    assert sum(report.outlet_speakers.values()) == 0
    assert report.total("speakers").found == 2


def test_an_outlet_speaking_where_the_key_has_it_relay_still_counts():
    # the key credits the investigation's sentence only: the second sentence's "has said" is counted
    report = evaluate(_one_article("", [FIRST]))
    assert sum(report.outlet_speakers.values()) >= 1
    assert any("has said" in row[-1] for row in report.wrong["outlet speakers"])


def test_the_articles_own_outlet_always_counts():
    report = evaluate(_one_article("The New York Times", [FIRST, SECOND]))
    assert sum(report.outlet_speakers.values()) >= 2
