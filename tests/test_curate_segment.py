"""Where sentences end: a language's abbreviations end with a full stop that ends no sentence. The sentences
are written for these tests."""

from __future__ import annotations

import pytest

from dashboard.curate.lexicon import load_lexicons
from dashboard.curate.segment import sentences


@pytest.fixture(scope="module")
def lexicons():
    return load_lexicons()


@pytest.mark.parametrize("language, text", [
    ("pl", "Państwowa Służba ds. Sytuacji Nadzwyczajnych poinformowała o dwóch ofiarach."),
    ("pl", "Jak przekazał płk. Jan Nowak, rakieta spadła na ul. Długą w centrum miasta."),
    ("pl", "Zdaniem gen. Adama Kowala atak był zaplanowany, m.in. przez rosyjski sztab."),
    ("ru", "Снаряд попал в больницу им. Пирогова на ул. Садовой."),
    ("uk", "Ракета влучила в будинок на вул. Шевченка."),
    ("de", "Die Rakete traf das Haus Nr. 5 bzw. das Nachbarhaus."),
])
def test_an_abbreviation_ends_no_sentence(lexicons, language, text):
    lex = lexicons.get(language)
    assert [s.text for s in sentences(text, lex.speech_verbs.pattern(), lex.abbreviations)] == [text]


def test_the_words_of_another_language_are_not_its_abbreviations(lexicons):
    # "ul" is Polish: an English sentence that ends in it still ends there
    text = "The town is called Ul. It was shelled again."
    en = lexicons.get("en")
    assert len(sentences(text, en.speech_verbs.pattern(), en.abbreviations)) == 2
    pl = lexicons.get("pl")
    assert len(sentences(text, pl.speech_verbs.pattern(), pl.abbreviations)) == 1


def test_a_sentence_still_ends_after_an_ordinary_word(lexicons):
    pl = lexicons.get("pl")
    text = "Rakieta spadła na szpital. Zginęły dwie osoby."
    assert [s.text for s in sentences(text, pl.speech_verbs.pattern(), pl.abbreviations)] == [
        "Rakieta spadła na szpital.", "Zginęły dwie osoby."]
