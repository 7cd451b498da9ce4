"""Rules of the proposer found on the evaluation sets: parts of a count, verb-final cues, report dates, the
party a stance cue governs. The sentences are written for these tests; none comes from an article of the
evaluation sets or the bundled data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard import load
from dashboard.curate.propose import Context, propose

EVALUATION = Path(__file__).resolve().parent.parent / "benchmarks" / "evaluation"
PUBLISHED = dt.date(2023, 6, 12)  # a Monday


@pytest.fixture(scope="module")
def dam():
    return Context.from_dataset(load(EVALUATION / "kakhovka-dam"))


@pytest.fixture(scope="module")
def hospital():
    return Context.from_dataset(load(EVALUATION / "al-ahli-hospital-2023"))


def figures(text, ctx, language):
    props = propose(text, "x_01", PUBLISHED, ctx, language=language)
    return [(f.metric, f.value, f.qualifier, f.as_of) for f in props.figures]


@pytest.mark.parametrize("text, language, expected", [
    # a part of a count before it takes its metric
    ("A total of 1,200 people have been evacuated, 90 of them are children.", "en",
     [("evacuated", 1200, "exact", ""), ("evacuated_children", 90, "exact", "")]),
    ("Of the victims, 7 died in Kherson and two more in Odesa.", "en",
     [("deaths", 7, "exact", ""), ("deaths", 2, "exact", "")]),
    ("Загинули 12 людей: 9 – на Херсонщині та 3 – на Миколаївщині.", "uk",
     [("deaths", 12, "exact", ""), ("deaths", 9, "exact", ""), ("deaths", 3, "exact", "")]),
    # German puts the verb last
    ("Mindestens 40 Menschen sind in der Region nach der Flut in den vergangenen Tagen ums Leben gekommen.", "de",
     [("deaths", 40, "at_least", "")]),
    # both ends of a range
    ("Внаслідок повені загинули від 20 до 30 людей.", "uk",
     [("deaths", 20, "at_least", ""), ("deaths", 30, "up_to", "")]),
    # settlements named by two words
    ("У зоні підтоплення близько 40 населених пунктів.", "uk", [("settlements_at_risk", 40, "about", "")]),
    # a toll estimated as a spectrum, "100-to-300" written with hyphens
    ("Officials said the death toll was probably at the low end of the 100-to-300 spectrum.", "en",
     [("deaths", 100, "at_least", ""), ("deaths", 300, "up_to", "")]),
    # the places where the water took the homes
    ("Woda zniszczyła tam ponad 3,6 tys. budynków mieszkalnych w 32 miejscowościach.", "pl",
     [("flooded_homes", 3600, "more_than", ""), ("flooded_settlements", 32, "exact", "")]),
    # still to be rescued is not rescued
    ("Er sagte, dass dort rund 100 Menschen eingeschlossen seien und gerettet werden müssten.", "de",
     [("trapped", 100, "about", "")]),
    # a war-wide toll beside the event's is another event's
    ("At least 20 people were killed in the strike. Hamas, whose attack last week killed more than 1,400 "
     "Israelis, called it a massacre.", "en", [("deaths", 20, "at_least", "")]),
    ("Le nombre de Palestiniens tués depuis qu'Israël a lancé ses frappes s'élève à 3.000.", "fr", []),
    ("Más de tres mil palestinos han muerto desde el inicio de la guerra.", "es", []),
    ("С начала войны погибли более 500 человек.", "ru", []),
    # the month of a date header is no count, nor is a lone "una"
    ("date 2023-06 Se ha ordenado una evacuación de las zonas inundadas.", "es", []),
])
def test_figures(dam, text, language, expected):
    assert figures(text, dam, language) == expected


def test_a_report_date_dates_the_counts_that_follow(dam):
    text = ("On 10 June, the interior minister said 20 people are considered missing.\n"
            "Five people have died in the region, and 300 people have been evacuated.")
    got = figures(text, dam, "en")
    assert ("missing", 20, "exact", "2023-06-10") in got
    assert ("deaths", 5, "exact", "2023-06-10") in got


def test_the_day_of_the_attack_does_not_date_a_count(dam):
    text = ("At least 9 people have died after the dam was destroyed on June 6.\n"
            "The ministry reported the toll on June 11.")
    assert figures(text, dam, "en") == [("deaths", 9, "at_least", "2023-06-11")]


def test_a_headline_repeated_over_its_dated_lead_takes_the_lead_s_date(dam):
    text = ("Число погибших при наводнении выросло до 12.\n"
            "ТАСС, 10 июня. Число погибших при наводнении выросло до 12.")
    assert figures(text, dam, "ru") == [("deaths", 12, "exact", "2023-06-10")]


def test_a_date_in_brackets_says_which_day_the_weekday_is(dam):
    text = "A document seen on Friday (June 10) says 20 people were killed."
    assert figures(text, dam, "en") == [("deaths", 20, "exact", "2023-06-10")]


def test_a_count_said_again_keeps_the_date_it_was_given(dam):
    text = ("The report, seen on June 10, estimated 100 to 300 people were killed.\n"
            "It puts the number of deaths at the low end of the 100-to-300 spectrum.")
    assert figures(text, dam, "en") == [("deaths", 100, "at_least", "2023-06-10"), ("deaths", 300, "up_to", "2023-06-10")] * 2


def test_a_period_counted_from_the_event_dates_the_counts_of_its_paragraph(dam):
    text = "За 6 діб після підриву ГЕС евакуювали 300 людей. Загинули 5 людей."
    assert figures(text, dam, "uk") == [("evacuated", 300, "exact", "2023-06-12"), ("deaths", 5, "exact", "2023-06-12")]


def test_the_people_sheltering_where_it_struck_were_present(hospital):
    text = "Unas 4 000 personas se habían refugiado en el hospital."
    assert figures(text, hospital, "es") == [("people_present", 4000, "about", "")]


def claims(text, ctx, language):
    rows = propose(text, "x_01", PUBLISHED, ctx, language=language).rows(ctx)
    return sorted((r["actor_id"], r["target_id"], r["stance"]) for r in rows if r["table"] == "claims")


@pytest.mark.parametrize("text, language, expected", [
    # the target is the party the cue word governs, not every party of the clause
    ("ХАМАС вважає Ізраїль відповідальним, тоді як ізраїльська армія звинувачує «Ісламський джихад».", "uk",
     [("hamas", "israel", "accuses"), ("idf", "pij", "accuses")]),
    # a denial, then an accusation of another: two rows
    ("Israel denied it and said the blast was caused by a rocket fired by Islamic Jihad.", "en",
     [("israel", "israel", "denies"), ("israel", "pij", "accuses")]),
])
def test_claims(hospital, text, language, expected):
    assert claims(text, hospital, language) == expected


def speakers(text, ctx, language):
    props = propose(text, "x_01", PUBLISHED, ctx, language=language)
    return [(c.sentence.index, c.actor_id) for c in props.claims]


def test_a_group_taken_up_by_a_noun_speaks(hospital):
    # "Le groupe": the group last named, not the party the verb governs
    text = ("Le Hamas contrôle la bande de Gaza depuis des années.\n"
            "Le groupe a accusé l'armée israélienne d'avoir frappé la clinique.")
    assert [a for _, a in speakers(text, hospital, "fr")] == ["hamas"]


@pytest.mark.parametrize("text, language, expected", [
    # the reported clause first, then the verb and its subject, a person, ending the sentence
    ("Киев несет ответственность за подрыв плотины, заявил пресс-секретарь Кремля Дмитрий Песков.", "ru", ["peskov"]),
    ("Росія підірвала дамбу, заявив президент України Володимир Зеленський.", "uk", ["zelensky"]),
    # an appositive before the verb: the subject is before it, the party after the verb is its object
    ("Володимир Зеленський, президент України, звинуватив Росію.", "uk", ["zelensky"]),
])
def test_the_subject_after_the_verb_speaks(dam, text, language, expected):
    assert [a for _, a in speakers(text, dam, language)] == expected


@pytest.mark.parametrize("text, language, expected", [
    # a country's adjective and a title: the person of that country last named, not the country
    ("Władimir Putin zabrał głos w sprawie tamy. Rosyjski prezydent oskarżył Kijów o wysadzenie zapory.", "pl",
     ["putin"]),
    ("Vladimir Putin spoke on Tuesday. The Russian president accused Kyiv of blowing up the dam.", "en", ["putin"]),
    # no person named before: the country
    ("The Russian president accused Kyiv of blowing up the dam.", "en", ["russia"]),
])
def test_a_title_of_a_country_is_its_person_last_named(dam, text, language, expected):
    assert [a for _, a in speakers(text, dam, language)] == expected


def test_the_person_named_after_a_title_speaks_not_the_organisation(hospital):
    text = '"Fue un cohete fallido", afirmó en una rueda de prensa el portavoz de las Fuerzas Armadas israelíes, ' \
           'Daniel Hagari.'
    assert [a for _, a in speakers(text, hospital, "es")] == ["hagari"]
