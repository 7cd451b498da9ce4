"""Multilingual by design: the language of each article, and the lexicon files it is read with.

Sentences written for these tests, in the wordings news reports use in each language.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard import load
from dashboard.curate.dates import find_dates
from dashboard.curate.figures import propose_figures
from dashboard.curate.language import detect
from dashboard.curate.lexicon import LexiconError, load_lexicons, load_parties
from dashboard.curate.propose import Context, propose
from dashboard.curate.segment import sentences
from dashboard.curate.translit import same_name

LEXICONS = load_lexicons()
PUBLISHED = dt.date(2023, 6, 9)  # a Friday
METRICS = {"deaths", "injured", "detained", "attackers", "missing", "evacuated", "critically_injured"}
QUALIFIERS = {"exact", "at_least", "more_than", "over", "nearly", "about", "up_to", "almost", "around", "fewer_than"}


@pytest.mark.parametrize("language, text", [
    ("en", "The dam was destroyed on Tuesday and thousands of people have been evacuated from the area."),
    ("ru", "Плотина была разрушена во вторник, и тысячи людей были эвакуированы из зоны подтопления."),
    ("uk", "Греблю було зруйновано у вівторок, і тисячі людей евакуювали із зони підтоплення."),
    ("de", "Der Damm wurde am Dienstag zerstört, und Tausende Menschen wurden aus dem Gebiet evakuiert."),
    ("fr", "Le barrage a été détruit mardi et des milliers de personnes ont été évacuées de la zone."),
    ("es", "La presa fue destruida el martes y miles de personas han sido evacuadas de la zona."),
    ("pl", "Zapora została zniszczona we wtorek, a tysiące ludzi ewakuowano z tego obszaru."),
    ("hr", "Brana je uništena u utorak, a tisuće ljudi evakuirano je s tog područja."),
    ("ar", "دمر السد يوم الثلاثاء وتم إجلاء الآلاف من السكان من المنطقة."),
])
def test_the_language_is_detected_from_the_text(language, text):
    code, how = detect(text, LEXICONS)
    assert code == language, how


@pytest.mark.parametrize("language, sentence, expected", [
    ("en", "The death toll has risen to 58.", [("deaths", 58, "exact")]),
    ("en", "The number of victims is now reaching 12.", [("deaths", 12, "exact")]),
    ("en", "The toll now stands at 45, officials said.", [("deaths", 45, "exact")]),
    ("en", "Eleven suspects, including four gunmen, were detained.", [("detained", 11, "exact"), ("attackers", 4, "exact")]),
    ("en", "Between 100 and 300 people were killed.", [("deaths", 100, "at_least"), ("deaths", 300, "up_to")]),
    ("en", "Dozens of people were killed.", []),  # a vague quantity is read, not proposed
    ("ru", "Погибли сто тридцать девять человек, более 180 — пострадали.",
     [("deaths", 139, "exact"), ("injured", 180, "more_than")]),
    ("ru", "От 300 до 500 человек погибли.", [("deaths", 300, "at_least"), ("deaths", 500, "up_to")]),
    ("ru", "Число погибших выросло до 17, ещё 28 находятся в критическом состоянии.",
     [("deaths", 17, "exact"), ("critically_injured", 28, "exact")]),
    ("uk", "Загинули щонайменше 16 людей, ще 31 людина вважається зниклою безвісти.",
     [("deaths", 16, "at_least"), ("missing", 31, "exact")]),
    ("hr", "U napadu je ubijeno najmanje 58 osoba.", [("deaths", 58, "at_least")]),
    ("fr", "Au moins 12 personnes ont été tuées mardi dernier.", [("deaths", 12, "at_least")]),
    ("de", "Mindestens 17 Menschen kamen ums Leben.", [("deaths", 17, "at_least")]),
    # a count whose noun is in the clause before, two counts joined by "und", a toll given "mit" its number
    ("de", "Sieben Anwohner werden vermisst, rund 900 sollen in Sicherheit gebracht worden sein.",
     [("missing", 7, "exact"), ("evacuated", 900, "about")]),
    ("de", "Mehr als 2000 Menschen und Hunderte Tiere seien in Sicherheit gebracht worden.",
     [("evacuated", 2000, "more_than")]),
    ("de", "Die Behörden gaben die Zahl der Toten in der Region mit mindestens 21 an.", [("deaths", 21, "at_least")]),
    # the total of "5 der 21 Menschen" is the 21 dead given before
    ("de", "Mindestens 21 Menschen sind gestorben. 5 der 21 Menschen wurden durch Beschuss getötet.",
     [("deaths", 21, "at_least"), ("deaths", 5, "exact"), ("deaths", 21, "exact")]),
    ("de", "5 der 21 Menschen wurden durch Beschuss getötet.", [("deaths", 5, "exact")]),
    ("uk", "Загинуло четверо людей. Травмовано внаслідок обстрілу під час евакуації – 11.",
     [("deaths", 4, "exact"), ("injured", 11, "exact")]),
    ("ru", "Пострадали в результате обстрела во время эвакуации — 7.", [("injured", 7, "exact")]),
    ("ar", "أفاد الحاكم بأنه تم العثور على جثتين في المدينة.", [("deaths", 2, "exact")]),
    ("en", "Officials confirmed 139 people dead, including three children and 182 injured.",
     [("deaths", 139, "exact"), ("injured", 182, "exact")]),
    ("es", "Al menos 14 personas murieron y más de 2.000 fueron evacuadas.",
     [("deaths", 14, "at_least"), ("evacuated", 2000, "more_than")]),
    ("pl", "Zginęło ponad 20 osób, a uratowano ponad 2,3 tys. osób.", [("deaths", 20, "more_than")]),
    ("ar", "أسفر القصف عن مقتل أكثر من 500 شخص.", [("deaths", 500, "more_than")]),
])
def test_figures_in_each_language(language, sentence, expected):
    lex = LEXICONS[language]
    found = propose_figures(sentences(sentence), find_dates(sentence, PUBLISHED, lex), PUBLISHED, METRICS,
                            QUALIFIERS, lex, LEXICONS.common)
    assert [(f.metric, f.value, f.qualifier) for f in found] == expected


@pytest.mark.parametrize("language, text, expected", [
    ("ru", "Это произошло в прошлый вторник.", "2023-06-06"),
    ("hr", "Brana je srušena u petak.", "2023-06-09"),
    ("fr", "Le barrage a cédé mardi dernier.", "2023-06-06"),
    ("de", "Am vergangenen Dienstag brach der Damm.", "2023-06-06"),
    ("es", "El martes pasado se rompió la presa.", "2023-06-06"),
    ("pl", "W ubiegły wtorek zapora pękła.", "2023-06-06"),
    ("ar", "انهار السد يوم الثلاثاء الماضي.", "2023-06-06"),
    ("uk", "Вчора вода почала спадати.", "2023-06-08"),
    ("ru", "Плотину разрушили 6 июня 2023 года.", "2023-06-06"),
    # a period counted from the event runs to the article's day
    ("uk", "За 3 доби після підриву греблі вода відступила.", "2023-06-09"),
    ("ru", "За 3 суток после подрыва плотины вода отступила.", "2023-06-09"),
    ("en", "In the three days since the dam broke, the water has receded.", "2023-06-09"),
])
def test_relative_and_printed_dates_in_each_language(language, text, expected):
    refs = find_dates(text, PUBLISHED, LEXICONS[language])
    assert [r.date.isoformat() for r in refs] == [expected]
    assert refs[0].how


@pytest.mark.parametrize("language, text, expected", [
    ("pl", "W środę pojawiły się doniesienia o ofiarach. Dzień później mer powiadomił o zabitych.",
     ["2023-06-07", "2023-06-08"]),
    ("ar", "أعلنت أوكرانيا، الاثنين، ارتفاع الحصيلة. وقبل يوم صرّح الحاكم بمقتل ثلاثة أشخاص.",
     ["2023-06-05", "2023-06-04"]),
    ("en", "The dam broke on Tuesday. A day later, the mayor spoke.", ["2023-06-06", "2023-06-07"]),
    ("pl", "Dzień później mer powiadomił o zabitych.", []),  # no day named before: no date
])
def test_a_day_counted_from_the_day_named_before(language, text, expected):
    assert [r.date.isoformat() for r in find_dates(text, PUBLISHED, LEXICONS[language])] == expected


def test_names_across_scripts_and_spellings():
    assert same_name("Патрушев", "Patrushev") and same_name("Petrushev", "Patrushev")
    assert same_name("Пескова", "Peskov") and same_name("Zelenskij", "Zelensky")
    assert not same_name("Russen", "Russia") and not same_name("Peskova", "Pesek")


def test_a_known_speaker_is_found_in_another_script(bundled):
    ds = load(bundled)
    ctx = Context.from_dataset(ds, parties=[])  # only the folder's own spellings: "Patrushev"
    text = "Патрушев заявил, что за терактом стоит Украина."
    props = propose(text, "009_x", PUBLISHED, ctx)
    assert props.language == "ru"
    assert [(c.actor_id, c.targets[0][0], c.stance) for c in props.claims] == [("patrushev", "ukraine", "accuses")]


def test_a_history_sentence_gives_no_figure_and_its_dates_are_marked(bundled):
    ctx = Context.from_dataset(load(bundled))
    text = ("At least 16 people died after the dam was destroyed on Tuesday.\n"
            "In 2004, a siege in Beslan left 334 people dead.")
    rows = propose(text, "009_x", PUBLISHED, ctx).rows(ctx)
    assert [(r["metric"], r["value"]) for r in rows if r["table"] == "figures"] == [("deaths", "16")]
    old = [r for r in rows if r["table"] == "events" and r["span"].startswith("In 2004")]
    assert all("another event" in r["needs_review"] for r in old)


def test_a_lexicon_mistake_names_the_file_and_the_key(tmp_path):
    (tmp_path / "ru.toml").write_text("[figures]\nqualifiers = [['более', 'more_than']]\nunits = 'км'\n",
                                      encoding="utf-8")
    with pytest.raises(LexiconError, match=r"ru\.toml: \[figures\] units: must be a list of words"):
        load_lexicons([tmp_path])
    (tmp_path / "ru.toml").write_text("[[stance]]\nid = 'denies'\npatterns = ['опроверг(']\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"ru\.toml: \[\[stance\]\]\[0\]\.patterns\[0\]: not a valid regular"):
        load_lexicons([tmp_path])
    (tmp_path / "ru.toml").write_text("[attribution]\nspeach_verbs = ['сказал']\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="did you mean 'speech_verbs'"):
        load_lexicons([tmp_path])


def test_a_curator_extends_a_lexicon_and_the_parties(tmp_path, bundled):
    ctx = Context.from_dataset(load(bundled))
    text = "Губернатор Ковальчук констатировал, что киевские власти виновны."
    assert not [c for c in propose(text, "009_x", PUBLISHED, ctx).claims if c.actor_id == "kovalchuk"]
    (tmp_path / "ru.toml").write_text("[attribution]\nspeech_verbs = ['констатировал*']\n", encoding="utf-8")
    (tmp_path / "parties.toml").write_text(
        "[[party]]\nid = 'kovalchuk'\nname = 'Ivan Kovalchuk'\nkind = 'person'\naliases = ['Ковальчук']\n"
        "[[party]]\nid = 'ukraine'\naliases = ['киевские власти']\n", encoding="utf-8")
    lexicons, parties = load_lexicons([tmp_path]), load_parties([tmp_path])
    assert "констатировал" in lexicons["ru"].speech_verbs
    ctx = Context.from_dataset(load(bundled), lexicons=lexicons, parties=parties)
    claims = propose(text, "009_x", PUBLISHED, ctx).claims
    assert [(c.actor_id, c.targets[0][0]) for c in claims] == [("kovalchuk", "ukraine")]


def test_every_bundled_lexicon_loads_and_knows_its_language():
    assert {"en", "ru", "uk", "de", "fr", "es", "pl", "hr", "ar"} <= set(LEXICONS.by_language)
    for code, lex in LEXICONS.by_language.items():
        assert lex.language == code and lex.speech_verbs and lex.stances and lex.figure_cues, code
        assert Path(lex.files[0]).name == f"{code}.toml"
