"""Figure rules found on the development sets, by language (issue 15): a bare count answering an indirect
question, asides between a count and its cue, parts of a count in brackets, counts joined to a count with a
cue. The sentences are written for these tests; none comes from an article of the evaluation sets."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.curate.propose import propose

PUBLISHED = dt.date(2023, 6, 12)


def figures(text, ctx, language):
    props = propose(text, "x_01", PUBLISHED, ctx, language=language)
    return [(f.metric, f.value, f.qualifier) for f in props.figures]


@pytest.mark.parametrize("text, language, expected", [
    # a bare count takes the noun and cue of the indirect question it answers
    ("„Nach ersten Schätzungen zwischen 3.000 und 5.000“, antwortete der Bürgermeister auf die Frage, "
     "wie viele Menschen im Überschwemmungsgebiet wohnen.", "de",
     [("people_at_risk", 3000, "at_least"), ("people_at_risk", 5000, "up_to")]),
    ("„Mindestens 12“, sagte die Polizei auf die Frage, wie viele Menschen vermisst werden.", "de",
     [("missing", 12, "at_least")]),
])
def test_figures(dam, text, language, expected):
    assert figures(text, dam, language) == expected


@pytest.mark.parametrize("text, language, expected", [
    ("'About 3,000,' the mayor said when asked how many people were missing.", "en", [("missing", 3000, "about")]),
    ("«Около трёх тысяч», — ответил мэр на вопрос, сколько человек пропали без вести.", "ru",
     [("missing", 3000, "about")]),
    ("«Близько трьох тисяч», — відповів мер на питання, скільки людей зникли безвісти.", "uk",
     [("missing", 3000, "about")]),
    ("« Environ 3 000 », a répondu le maire quand on lui a demandé combien de personnes étaient portées disparues.",
     "fr", [("missing", 3000, "about")]),
])
def test_a_bare_count_answers_the_question_how_many(dam, text, language, expected):
    assert figures(text, dam, language) == expected


@pytest.mark.parametrize("text, language, expected", [
    # a qualifier between commas does not part the count from its cue
    ("Спасатели сообщили, что без вести пропали, по меньшей мере, двенадцать человек.", "ru",
     [("missing", 12, "at_least")]),
    # a qualifier after "including" still makes a part of the count before
    ("Из зоны подтопления эвакуированы более 3 тысяч человек, в том числе около 200 детей.", "ru",
     [("evacuated", 3000, "more_than"), ("evacuated_children", 200, "about")]),
    # a part of the evacuated said to be somewhere is no count of the evacuated
    ("Около 300 человек из числа эвакуированных живут у родственников.", "ru", []),
    # "стали жертвами" with the victims' noun first
    ("Жертвами обстрела стали не менее 15 мирных жителей.", "ru", [("deaths", 15, "at_least")]),
])
def test_russian_cues_and_asides(dam, text, language, expected):
    assert figures(text, dam, language) == expected


@pytest.mark.parametrize("text, language, expected", [
    # homes joined to flooded villages are flooded homes
    ("Під водою досі залишаються 12 населених пунктів та 450 будинків.", "uk",
     [("flooded_settlements", 12, "exact"), ("flooded_homes", 450, "exact")]),
    ("Twenty villages and 600 houses were flooded.", "en",
     [("flooded_settlements", 20, "exact"), ("flooded_homes", 600, "exact")]),
    # homes in brackets after a part of the flooded villages; the part after the brackets counts villages
    ("Затоплено 30 населених пунктів, із них: 21 (1200 будинків) – на лівому березі, 9 – на правому.", "uk",
     [("flooded_settlements", 30, "exact"), ("flooded_settlements", 21, "exact"), ("flooded_homes", 1200, "exact"),
      ("flooded_settlements", 9, "exact")]),
])
def test_counts_joined_to_a_count_with_a_cue(dam, text, language, expected):
    assert figures(text, dam, language) == expected


@pytest.mark.parametrize("text, language, expected", [
    # an aside between commas does not part a count from its cue
    ("The mayor spoke of some 2,500 residents who, according to the regional governor, were at risk.", "en",
     [("people_at_risk", 2500, "about")]),
    ("Около 900 жителей, по данным областной администрации, были эвакуированы.", "ru", [("evacuated", 900, "about")]),
    ("Понад 600 мешканців, за даними обласної адміністрації, було евакуйовано.", "uk",
     [("evacuated", 600, "more_than")]),
])
def test_an_aside_between_a_count_and_its_cue(dam, text, language, expected):
    assert figures(text, dam, language) == expected


@pytest.mark.parametrize("text, language, expected", [
    # an earlier figure of the same count
    ("Les autorités locales font état de 120 morts, contre un bilan précédent de 95.", "fr",
     [("deaths", 120, "exact"), ("deaths", 95, "exact")]),
])
def test_an_earlier_figure_of_the_same_count(dam, text, language, expected):
    assert figures(text, dam, language) == expected


@pytest.mark.parametrize("text, language, expected", [
    # a clause that leaves out its verb: the count after the same "that" counts the same
    ("Мер заявив, що загинули 30 людей, а поліція – що 45.", "uk", [("deaths", 30, "exact"), ("deaths", 45, "exact")]),
    ("Мэр заявил, что погибли 30 человек, а полиция – что около 45.", "ru",
     [("deaths", 30, "exact"), ("deaths", 45, "about")]),
    ("The mayor said that 30 people died, and the police that 45.", "en",
     [("deaths", 30, "exact"), ("deaths", 45, "exact")]),
    # no earlier count after the same word: nothing to repeat
    ("Загинули 30 людей, а поліція повідомила, що 45.", "uk", [("deaths", 30, "exact")]),
])
def test_a_clause_that_leaves_out_its_verb(dam, text, language, expected):
    assert figures(text, dam, language) == expected
