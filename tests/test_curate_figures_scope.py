"""The scope of a toll (dashboard/curate/scope.py): where a folder splits its casualty metrics into the struck
site's, a city's ("Deaths in Kyiv (whole attack)") and the whole attack's ("Deaths across Ukraine"), each count
is filed by the scope its own sentence gives it. The sentences are written for these tests; none comes from an
article of the evaluation sets. A folder without scoped metrics reads them as before."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest

from dashboard import load
from dashboard.curate.propose import Context, propose

DNIPRO = Path(__file__).parent.parent / "benchmarks" / "evaluation" / "dnipro-apartment-block-2023"
PUBLISHED = dt.date(2024, 3, 5)
SCOPED = [
    ("kyiv_deaths", "Deaths in Kyiv (whole attack)", "People killed in Kyiv by the attack (city-wide toll)."),
    ("kyiv_injured", "Injured in Kyiv (whole attack)", "People injured in Kyiv by the attack."),
    ("attack_deaths", "Deaths across Ukraine (whole attack)", "People killed across Ukraine (nation-wide toll)."),
    ("attack_injured", "Injured across Ukraine (whole attack)", "People injured across Ukraine."),
    ("attack_child_deaths", "Children killed across Ukraine (whole attack)", "Children among the dead."),
]


@pytest.fixture(scope="module")
def scoped(tmp_path_factory) -> Context:
    """The Dnipro folder with scoped metrics added: a Kyiv family and a nation-wide family."""
    folder = tmp_path_factory.mktemp("scoped") / "event"
    shutil.copytree(DNIPRO, folder, copy_function=shutil.copyfile)
    with open(folder / "metrics.csv", "a", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        for m, label, description in SCOPED:
            w.writerow([m, label, description, "true"])
    rows = list(csv.DictReader(open(folder / "metrics.csv", encoding="utf-8")))
    rows[0]["description"] = "People killed by the strike on the Lesia children's hospital in Kyiv."
    with open(folder / "metrics.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return Context.from_dataset(load(folder))


@pytest.fixture(scope="module")
def plain() -> Context:
    return Context.from_dataset(load(DNIPRO))


def figures(text, ctx, language):
    props = propose(text, "x_01", PUBLISHED, ctx, language=language)
    return [(f.metric, f.value, f.qualifier) for f in props.figures]


@pytest.mark.parametrize("text, language, expected", [
    # words for the whole attack, and the country named in the count's phrase
    ("Russia fired missiles at other cities across Ukraine, killing at least 20 people.", "en",
     [("attack_deaths", 20, "at_least")]),
    ("Insgesamt kamen in der Ukraine mindestens 20 Menschen ums Leben.", "de", [("attack_deaths", 20, "at_least")]),
    ("По всей Украине погибли 20 человек.", "ru", [("attack_deaths", 20, "exact")]),
    ("Внаслідок масованої атаки загинули 20 людей.", "uk", [("attack_deaths", 20, "exact")]),
    ("Na całej Ukrainie zginęło 20 osób.", "pl", [("attack_deaths", 20, "exact")]),
    ("El ataque masivo dejó 20 muertos.", "es", [("attack_deaths", 20, "exact")]),
    ("Les frappes massives ont fait 20 morts dans tout le pays.", "fr", [("attack_deaths", 20, "exact")]),
    ("أسفرت موجة هجمات صاروخية عن مقتل 20 شخصا.", "ar", [("attack_deaths", 20, "exact")]),
    # the part of a nation-wide toll is the whole attack's
    ("The death toll of the attacks on Ukraine rose to 20, including three children.", "en",
     [("attack_deaths", 20, "exact"), ("attack_child_deaths", 3, "exact")]),
])
def test_a_toll_of_the_whole_attack(scoped, text, language, expected):
    assert figures(text, scoped, language) == expected


@pytest.mark.parametrize("text, language, expected", [
    # the city named in any inflection or script
    ("Allein in Kiew wurden 12 Menschen getötet.", "de", [("kyiv_deaths", 12, "exact")]),
    ("Число погибших в Киеве выросло до 12.", "ru", [("kyiv_deaths", 12, "exact")]),
    ("W Kijowie zginęło 12 osób, a 30 zostało rannych.", "pl",
     [("kyiv_deaths", 12, "exact"), ("kyiv_injured", 30, "exact")]),
    # a word for the capital, when the city is the country's capital
    ("Nach Angaben der Verwaltung der Hauptstadt starben 12 Menschen.", "de", [("kyiv_deaths", 12, "exact")]),
])
def test_a_toll_of_the_city(scoped, text, language, expected):
    assert figures(text, scoped, language) == expected


@pytest.mark.parametrize("text, language, expected", [
    # the city named right after the site noun is where the site stands
    ("Two people were killed at the children's hospital in Kyiv.", "en", [("deaths", 2, "exact")]),
    ("В результате удара по больнице в Киеве пострадали 9 человек.", "ru", [("injured", 9, "exact")]),
    # the site's own name from the metric's description, in another script
    ("У «Лесі» загинули двоє людей.", "uk", [("deaths", 2, "exact")]),
])
def test_a_toll_of_the_site(scoped, text, language, expected):
    assert figures(text, scoped, language) == expected


def test_a_sentence_without_a_scope_takes_the_one_before(scoped):
    text = "В Киеве погибли 12 человек. Еще 40 человек пострадали."
    assert figures(text, scoped, "ru") == [("kyiv_deaths", 12, "exact"), ("kyiv_injured", 40, "exact")]


def test_the_city_named_with_another_place_is_the_whole_attack(scoped):
    text = "Ракети влучили в Київ та Кривий Ріг. Загинули 30 людей."
    assert figures(text, scoped, "uk") == [("attack_deaths", 30, "exact")]


def test_a_toll_of_another_place_is_none_of_the_folders(scoped):
    assert figures("In Krywyj Rih starben elf Menschen.", scoped, "de") == []


def test_a_folder_without_scoped_metrics_reads_as_before(plain):
    assert figures("Allein in Kiew wurden 12 Menschen getötet.", plain, "de") == [("deaths", 12, "exact")]
    assert figures("In Krywyj Rih starben elf Menschen.", plain, "de") == [("deaths", 11, "exact")]


def test_a_count_as_of_a_time_of_day_is_of_the_day_of_publication(plain):
    """"По состоянию на 15:00" names no day: the count is of the article's own day, and so is the
    count of the next sentence, which goes on with it. It is the day the article prints as its own on a line of its
    own."""
    text = "04 марта 2024, 16:20\n\nПо состоянию на 15:00 погибли три человека. Пострадали 12 человек."
    props = propose(text, "x_01", PUBLISHED, plain, language="ru")
    assert [(f.metric, f.value, f.as_of) for f in props.figures] == [
        ("deaths", 3, "2024-03-04"), ("injured", 12, "2024-03-04")]
    # with no date line, a time of day dates nothing
    props = propose("По состоянию на 15:00 погибли три человека.", "x_01", PUBLISHED, plain, language="ru")
    assert [(f.metric, f.value, f.as_of) for f in props.figures] == [("deaths", 3, "")]


def test_nahezu_is_nearly(scoped):
    assert figures("In der Ukraine gab es nahezu 40 Todesopfer.", scoped, "de") == [("attack_deaths", 40, "nearly")]


@pytest.mark.parametrize("text, language, expected", [
    # Polish active past tense of killing and wounding: "atak zabił ... osób, ranił ..."
    ("W Kijowie atak zabił co najmniej 12 osób, ranił ponad 40.", "pl",
     [("kyiv_deaths", 12, "at_least"), ("kyiv_injured", 40, "more_than")]),
    # French present participles: "tuant", "blessant ... dont"
    ("Un missile a frappé l'hôpital, tuant trois personnes et blessant neuf personnes, dont quatre enfants.", "fr",
     [("deaths", 3, "exact"), ("injured", 9, "exact"), ("child_injuries", 4, "exact")]),
])
def test_participles_and_active_verbs_of_killing(scoped, text, language, expected):
    assert figures(text, scoped, language) == expected


@pytest.mark.parametrize("word, name, same", [
    ("Kijowie", "Kijów", True), ("Ukrainie", "Ukraine", True), ("Киева", "Киев", True), ("Kyiv", "Kyiv", True),
    ("Ukrainian", "Ukraine", False),  # an adjective of the country, not the country
])
def test_a_place_name_takes_a_case_ending_of_two_letters_at_most(word, name, same):
    from dashboard.curate.translit import same_name
    assert same_name(word, name, max_ending=2) is same


def test_ukrainian_is_not_a_cue_of_the_whole_attack(scoped):
    """"Ukrainian officials" names no place: the count stays the site's."""
    assert figures("Ukrainian officials said two people were killed at the hospital.", scoped, "en") == [
        ("deaths", 2, "exact")]


def test_an_arabic_place_name_with_a_clitic_joined_before_it(scoped):
    """"وفي كييف" and "بكييف" name Kyiv: the clitics are ar.toml's [names] clitics."""
    assert figures("قتل 12 شخصا بكييف.", scoped, "ar") == [("kyiv_deaths", 12, "exact")]


def test_a_label_word_for_the_whole_attack_comes_from_the_common_lexicon(scoped):
    from dashboard.curate.lexicon import load_lexicons
    from dashboard.curate.scope import NATION, metric_scopes
    common = dataclasses.replace(load_lexicons().common)
    info = {"deaths": ("Deaths", ""), "kyiv_deaths": ("Deaths in Kyiv", ""),
            "all_deaths": ("Deaths throughout Kyiv region", "")}
    scopes = metric_scopes(info, {"deaths", "kyiv_deaths", "all_deaths"}, common)
    assert scopes.metric("deaths", NATION) == "all_deaths"
    without = dataclasses.replace(common, nationwide_label=None)
    assert metric_scopes(info, {"deaths", "kyiv_deaths", "all_deaths"}, without).of(NATION) is None
