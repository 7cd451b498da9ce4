"""Who speaks: speaker rules found on the development half of the evaluation sets. The sentences are written
for these tests (none is an evaluation or bundled article's); each gives the speaker a reader would name."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard import load
from dashboard.curate.propose import Context, propose

EVALUATION = Path(__file__).resolve().parent.parent / "benchmarks" / "evaluation"
PUBLISHED = dt.date(2023, 6, 12)


def speakers(text, ctx, language):
    """(sentence index, speaker) of every proposed claim, in order."""
    props = propose(text, "x_01", PUBLISHED, ctx, language=language)
    return sorted({(c.sentence.index, c.actor_id) for c in props.claims})


@pytest.mark.parametrize("text, language, expected", [
    # the participle's subject is the main clause's, never the party after it
    ("Les manifestants sont descendus dans la rue, accusant Israël d'avoir frappé l'hôpital.", "fr",
     [(0, "west_bank_protesters")]),
    ("Des centaines de personnes sont descendues dans la rue, accusant Israël d'avoir frappé l'hôpital.", "fr", []),
    ("Miles de personas salieron a la calle, acusando a Israel del ataque.", "es", []),
    # after a verb with a speaker, the participle adds no other speaker
    ("أعلنت أوكرانيا، الاثنين، ارتفاع عدد ضحايا الفيضانات الناجمة عن تدمير السد الذي حمّلت كييف روسيا مسؤولية "
     "تفجيره إلى عشرة قتلى، مضيفة أن 41 شخصا لا يزالون مفقودين.", "ar", [(0, "ukraine")]),
])
def test_a_participle_shares_the_main_clause_speaker(dam, hospital, text, language, expected):
    ctx = dam if language == "ar" else hospital
    assert speakers(text, ctx, language) == expected


@pytest.mark.parametrize("text, expected", [
    # a dash closes the words said, as a closing quotation mark would: the speaker follows the verb
    ("- Tamę wysadzili Rosjanie, a woda zalała nasze pozycje - powiedział ukraiński oficer Andrij Pidlisny.",
     [(0, "pidlisny")]),
    # a noun for one person and no name: the person last named, not the country the noun is of
    ("Andrij Pidlisny był na froncie od roku.\n"
     "- Rosjanie sami wysadzili tamę, nie ostrzegając swoich - powiedział Ukrainiec.", [(1, "pidlisny")]),
])
def test_polish_dash_quotations(dam, text, expected):
    assert speakers(text, dam, "pl") == expected


@pytest.mark.parametrize("text, ctx, expected", [
    # the next sentence names who said this one, which names nobody
    ("Плотину Каховской ГЭС подорвали украинские военные.\n"
     "Такое заявление сделал пресс-секретарь президента России Владимира Путина Дмитрий Песков.", "dam",
     [(0, "peskov")]),
    ("Израиль несет ответственность за удар по больнице в Газе.\n"
     "С таким заявлением выступило палестинское движение ХАМАС, сообщает агентство.", "hospital", [(0, "hamas")]),
])
def test_a_statement_told_by_the_next_sentence(dam, hospital, text, ctx, expected):
    assert speakers(text, dam if ctx == "dam" else hospital, "ru") == expected


@pytest.mark.parametrize("text, language, expected", [
    # an outlet that cites someone only reports: the one cited, after the outlet, speaks
    ("Песков прокомментировал ситуацию на Каховской ГЭС.\n"
     "«Это диверсия украинской стороны», — цитирует РИА Новости официального представителя Кремля.", "ru",
     [(1, "peskov")]),
    ("«Киев несет ответственность за разрушение плотины», — цитирует ТАСС Дмитрия Пескова.", "ru", [(0, "peskov")]),
    ("Reuters quoted Nebenzia as saying that Kyiv had blown up the dam.", "en", [(0, "nebenzya")]),
])
def test_an_outlet_citing_someone(dam, text, language, expected):
    assert speakers(text, dam, language) == expected


def test_an_abbreviation_does_not_end_the_speaker_after_the_verb(dam):
    # "U.N." is no sentence end: the ambassador after it speaks, not the country before it
    text = "“Kyiv blew up the dam,” said Russia’s U.N. Ambassador Vassily Nebenzia."
    assert speakers(text, dam, "en") == [(0, "nebenzya")]


@pytest.mark.parametrize("text, language, expected", [
    # the verb right after a relative pronoun is the antecedent's, not the party after the verb
    ("Rusia, que culpa a Ucrania del ataque, pidió una reunión del Consejo de Seguridad.", "es", [(0, "russia")]),
    ("Según la fuente, que culpa a Ucrania del ataque, la presa fue destruida.", "es", []),
    # an unnamed group after a clause break speaks in its own clause
    ("Russian officials blamed Ukrainian shelling for the collapse, but analysts said it was unlikely.", "en",
     [(0, "analysts"), (0, "russia")]),
])
def test_relative_clauses_and_unnamed_groups(dam, text, language, expected):
    assert speakers(text, dam, language) == expected


@pytest.mark.parametrize("text, language, expected", [
    # the auxiliary between the quotation and the verb leaves the subject after the verb
    ("« Israël a frappé l'hôpital », a affirmé le Hamas.", "fr", [(0, "hamas")]),
    # a speaker noun before its demonym, where the adjective follows the noun
    ("« Le Hamas porte la responsabilité de cette tragédie », a déclaré dans un communiqué le ministère "
     "israélien des Affaires étrangères.", "fr", [(0, "israel")]),
    ('"La explosión fue causada por un cohete de la Yihad Islámica", dijo el Gobierno israelí.', "es",
     [(0, "israel")]),
])
def test_the_subject_after_the_verb(hospital, text, language, expected):
    assert speakers(text, hospital, language) == expected


def test_the_longer_name_a_phrase_begins(hospital):
    # "US intelligence" begins the name of the intelligence community: it speaks, not the United States
    text = "According to the US intelligence findings released on Tuesday, Israel did not strike the hospital."
    assert speakers(text, hospital, "en") == [(0, "us_intelligence")]


@pytest.mark.parametrize("text, language, expected", [
    # "in the opinion of X": X's position
    ("Вибух, який, на думку ізраїльської армії, спричинила ракета «Ісламського джихаду», забрав сотні життів.", "uk",
     [(0, "idf")]),
    ("Взрыв, по мнению ХАМАС, был вызван израильским авиаударом.", "ru", [(0, "hamas")]),
])
def test_in_the_opinion_of(hospital, text, language, expected):
    assert speakers(text, hospital, language) == expected


def test_a_title_before_a_party_is_its_person_last_named(dam):
    # "Russia's permanent representative" with no name: the Russian last named, not Russia
    text = "وقال فاسيلي نيبينزيا إن كييف فجرت السد.\nكما اتهم مندوب روسيا الدائم كييف بتفجير السد."
    assert speakers(text, dam, "ar") == [(0, "nebenzya"), (1, "nebenzya")]


def test_a_quoted_name_and_a_long_appositive(hospital):
    # a name in quotation marks is a name, and the parties of the clause about the subject do not speak
    text = ("Угруповання ХАМАС та \"Ісламський джихад\", визнані ЄС та США терористичними організаціями, "
            "одразу заявили, що лікарню зруйнував ізраїльський авіаудар.")
    assert speakers(text, hospital, "uk") == [(0, "hamas"), (0, "pij")]


def test_a_quotation_opening_with_its_speaker(dam):
    # the Kremlin relays what Putin said: Putin speaks
    text = ('"Władimir Putin stwierdził, że władze Kijowa organizują sabotaż na terytorium Rosji" '
            '- podał Kreml w oświadczeniu.')
    assert speakers(text, dam, "pl") == [(0, "putin")]


def test_an_outlet_quoting_a_title_last_named(dam):
    text = ("Vladimir Putin spoke on Tuesday. “Kyiv blew up the dam,” news agencies quoted the Russian leader "
            "as saying.")
    assert speakers(text, dam, "en") == [(1, "putin")]


@pytest.mark.parametrize("text, expected", [
    # an office after the verb that ends the sentence speaks; the party before the comma is what was said
    ("Израиль нанес удар по больнице, сообщили в пресс-службе ХАМАС.", [(0, "hamas")]),
    ("Ракету запустил «Исламский джихад», заявили в ЦАХАЛ.", [(0, "idf")]),
])
def test_an_office_after_the_verb(hospital, text, expected):
    assert speakers(text, hospital, "ru") == expected


def test_an_arabic_name_after_a_title_and_its_office(hospital):
    # the spokesman named after "المتحدث باسم الجيش الإسرائيلي" speaks, not the army he speaks for
    text = "وقال المتحدث باسم الجيش الإسرائيلي يوسف حداد إن صاروخا أطلقته حركة الجهاد الإسلامي سقط على المستشفى."
    props = propose(text, "x_01", PUBLISHED, Context.from_dataset(load(EVALUATION / "al-ahli-hospital-2023")),
                    language="ar")
    assert [(c.actor_id, c.targets[0][0]) for c in props.claims] == [("actor", "pij")]
    assert [a.name for a in props.actors] == ["يوسف حداد"]


def test_according_to_after_a_conjunction(hospital):
    text = "وبحسب حركة حماس، قصفت إسرائيل المستشفى."
    assert speakers(text, hospital, "ar") == [(0, "hamas")]


def test_the_body_last_named_by_a_noun_of_its_name(hospital):
    # "The army": the body last named with "army" in its name (the Israeli army), not nobody
    text = ("The Israeli army said a rocket fired by Islamic Jihad hit the hospital.\n"
            "The army later blamed Islamic Jihad for the blast.")
    assert speakers(text, hospital, "en") == [(0, "idf"), (1, "idf")]


def test_a_title_with_a_demonym_is_of_that_side(hospital):
    # "a senior Israeli official": Israel (no Israeli named), not Biden, the person last named
    text = ('U.S. President Joe Biden said the blast was caused by "the other team".\n'
            "A senior Israeli official told reporters that Islamic Jihad was responsible.")
    assert speakers(text, hospital, "en") == [(0, "biden"), (1, "israel")]


def test_a_name_written_in_lower_case_after_its_first_word(hospital):
    # "Gaza health ministry" is the "Gaza Health Ministry", not a new actor "Gaza"
    text = "The Gaza health ministry said 500 people were killed in an Israeli strike on the hospital."
    assert speakers(text, hospital, "en") == [(0, "gaza_health_ministry")]


@pytest.mark.parametrize("text, language, expected", [
    # a statement that names its author is theirs, not the previous speaker's
    ("Песков заявил, что Киев виноват.\nВ заявлении ХАМАС говорится, что Израиль нанес удар по больнице.", "ru",
     [(0, "peskov"), (1, "hamas")]),
    ("Песков заявил, что Киев виноват.\nПо его словам, Израиль тоже виноват.", "ru", [(0, "peskov"), (1, "peskov")]),
    # a name and a colon before a quotation
    ("Захарова: «Израиль несет ответственность за удар по больнице».", "ru", [(0, "zakharova")]),
])
def test_a_statement_named_without_a_verb(hospital, text, language, expected):
    assert speakers(text, hospital, language) == expected


@pytest.mark.parametrize("text, expected", [
    # the subject pronoun after the auxiliary ("a-t-il déclaré") is the person last named
    ("Le président Emmanuel Macron s'est exprimé mardi.\n"
     "« Israël doit faire toute la lumière sur cette frappe », a-t-il déclaré devant la presse.", [(1, "macron")]),
    # "Pour le Hamas, ...": the view of the one named
    ("Pour le Hamas, Israël est responsable de la frappe.", [(0, "hamas")]),
    ("Pour la première fois, Israël a reconnu des erreurs.", [(0, "israel")]),
])
def test_french_inverted_pronoun_and_pour(hospital, text, expected):
    assert speakers(text, hospital, "fr") == expected


@pytest.mark.parametrize("text, language, ctx, expected", [
    # an outlet's report citing someone: the one cited speaks, not the outlet, nor the party before the comma
    ("The blast was caused by a rocket fired by Islamic Jihad, Reuters reported, citing a senior Israeli official.",
     "en", "hospital", [(0, "israel")]),
    ("Плотину подорвали украинские военные, сообщает РИА Новости, ссылаясь на Владимира Сальдо.", "ru", "dam",
     [(0, "saldo")]),
])
def test_an_outlet_report_citing_someone(dam, hospital, text, language, ctx, expected):
    assert speakers(text, dam if ctx == "dam" else hospital, language) == expected


def test_a_statement_named_after_the_verb(hospital):
    text = "Песков заявил, что Киев виноват.\nИзраиль нанес удар по больнице, говорится в заявлении ХАМАС."
    assert speakers(text, hospital, "ru") == [(0, "peskov"), (1, "hamas")]


def test_a_word_in_scare_quotes_after_the_verb(dam):
    # '"Bürgermeister"' is no quotation: the person after the title and a comma speaks, not the town before
    text = ('Kiew habe den Staudamm von Nowa Kachowka gesprengt, sagte der "Bürgermeister" der Stadt, '
            "Wladimir Leontjew, am Mittwoch.")
    assert speakers(text, dam, "de") == [(0, "leontiev")]


def test_a_second_verb_after_and_and_an_auxiliary(hospital):
    # "et a déclaré": the same subject's second verb, not the party named after it
    text = ("Israël a insisté sur le fait qu'il n'avait pas attaqué l'hôpital et a déclaré qu'une roquette tirée "
            "par le Jihad islamique avait mal fonctionné.")
    assert speakers(text, hospital, "fr") == [(0, "israel")]


@pytest.mark.parametrize("text, expected", [
    # a title in the genitive before a party: that party's person last named, not the person last named
    ("Зеленский посетил Херсон.\nПесков прокомментировал ситуацию.\n"
     "По словам президента Украины, плотину взорвали российские военные.", [(2, "zelensky")]),
    # an outlet between "Об этом" and the verb of the next sentence
    ("Плотину Каховской ГЭС подорвали украинские военные.\n"
     "Об этом РИА Новости рассказал глава Новой Каховки Владимир Леонтьев.", [(0, "leontiev")]),
])
def test_russian_titles_and_statements_told_after(dam, text, expected):
    assert speakers(text, dam, "ru") == expected


def test_an_office_never_hides_another_actors_name(dam):
    # the SBU head's role ends "... of Ukraine (SBU)": "Ukraine" stays the name of Ukraine
    from dashboard.curate.actors import ActorIndex
    ctx = Context.from_dataset(load(EVALUATION / "kakhovka-dam"))
    index = ActorIndex.from_frame(ctx.actors, ctx.parties, inflected=False)
    assert [m.actor_id for m in index.mentions("Russia blamed Ukraine for the flood.", 0)] == ["russia", "ukraine"]


@pytest.mark.parametrize("text, expected", [
    # "called X a war crime": a description, so a speech verb; "called for" is not
    ("In a Telegram post, Zelensky called the collapse an ecocide committed by Russia.", [(0, "zelensky")]),
    ("Zelensky called for an urgent meeting of the UN Security Council.", []),
])
def test_called_with_a_description(dam, text, expected):
    assert speakers(text, dam, "en") == expected


def _speaker_names(text, ctx, language):
    """(sentence index, speaker id, speaker as printed or named) of every proposed claim, in order."""
    props = propose(text, "x_01", PUBLISHED, ctx, language=language)
    names = {a.actor_id: a.name for a in props.actors}
    return sorted({(c.sentence.index, c.actor_id, names.get(c.actor_id, c.attribution.printed))
                   for c in props.claims})


@pytest.mark.parametrize("text, expected", [
    # a title, its long genitive body and a new name: the person is the last words, not "Ukrainy Jan"
    ("Rosjanie wysadzili tamę - oznajmił w czwartek wieczorem sekretarz Rady Bezpieczeństwa Narodowego i Obrony "
     "Ukrainy (RBNiO) Jan Kowalczyk.", [(0, "kowalczyk")]),
    # the same with a known person: the person, not the country of the body
    ("Rosjanie wysadzili tamę - powiedział w czwartek sekretarz Rady Bezpieczeństwa Narodowego i Obrony Ukrainy "
     "(RBNiO) Ołeksij Daniłow.", [(0, "danilov")]),
    # a title before the body and another before the name: the person named
    ("Rosjanie wysadzili tamę - powiedział szef SBU generał Jan Kowalczyk.", [(0, "kowalczyk")]),
])
def test_polish_a_name_after_a_title_and_its_body(dam, text, expected):
    assert speakers(text, dam, "pl") == expected


def test_polish_the_holder_of_a_title_with_a_body(dam):
    # "w ocenie szefa RBNiO": no comma ends the phrase; the person last named holds the title
    text = "Ołeksij Daniłow odwiedził Chersoń.\nW ocenie szefa RBNiO rosyjscy żołnierze celowo wysadzili tamę w nocy."
    assert speakers(text, dam, "pl") == [(1, "danilov")]


def test_polish_an_unnamed_person_after_the_verb(dam):
    # "rosyjski żołnierz w nagraniu ... przez SBU": the soldier speaks, not the service that published it
    text = "\"Sami wysadziliśmy tamę, Ukraińcy nic nie zrobili\" - relacjonował rosyjski żołnierz w nagraniu " \
           "opublikowanym przez SBU."
    got = _speaker_names(text, dam, "pl")
    assert [(i, name) for i, _, name in got] == [(0, "rosyjski żołnierz")]


def test_polish_the_body_of_a_side_in_its_statement(dam):
    # "w komunikacie ukraińskiej służby": the Ukrainian body named before, not the person who spoke last
    text = ("Według SBU rosyjscy żołnierze wysadzili tamę.\nWładimir Putin oskarżył Kijów o wysadzenie tamy.\n"
            "Kreml kłamie w sprawie katastrofy — dodano w komunikacie ukraińskiej służby.")
    assert speakers(text, dam, "pl")[-1] == (2, "sbu")


def test_an_abbreviation_before_the_verb_is_its_subject(hospital):
    # an unknown body in capitals speaks, not the party after the verb
    got = _speaker_names("ГКПШ назвал удар преступлением и потребовал от Израиля объяснений.", hospital, "ru")
    assert [(i, name) for i, _, name in got] == [(0, "ГКПШ")]


def test_a_body_named_in_quotation_marks(dam):
    # the command named in quotation marks speaks, not the country its adjective names
    got = _speaker_names('Украинское оперативное командование "Восток" обвинило российские войска в обстреле.',
                         dam, "ru")
    assert [(i, name) for i, _, name in got] == [(0, 'оперативное командование "Восток"')]


def test_a_name_then_a_particle_and_a_platform(dam):
    # "Podolyak en Twitter": a short word does not join a one-word name to the platform after it
    assert speakers('"Rusia voló la presa para frenar el avance ucraniano", escribió Podolyak en Twitter.',
                    dam, "es") == [(0, "podolyak")]


def test_a_body_named_around_its_party(hospital):
    # "le ministère de la Santé du mouvement islamiste Hamas": a name of the ministry around the party's
    text = ("Une frappe a touché l'hôpital et tué des dizaines de patients, a indiqué le ministère de la Santé du "
            "mouvement islamiste Hamas, qui accuse Israël.")
    assert speakers(text, hospital, "fr") == [(0, "gaza_health_ministry")]


def test_french_this_group(hospital):
    # "selon ce groupe": the group last named, not a body whose name holds "groupe"
    text = ("Le Hamas a accusé Israël.\nIsraël est responsable, a affirmé le Djihad islamique.\n"
            "Selon ce groupe, Israël a frappé l'hôpital.")
    assert speakers(text, hospital, "fr")[-1] == (2, "pij")


def test_a_new_body_opening_with_an_organisation_word(dam):
    # "La Oficina Nacional Moldava": a new body, not a person "Nacional Moldava"
    got = _speaker_names("La Oficina Nacional Moldava responsabilizó a Rusia de la voladura de la presa.", dam, "es")
    assert [(i, name) for i, _, name in got] == [(0, "Oficina Nacional Moldava")]


def test_russian_a_statement_made(hospital):
    # "выступил с заявлением, что": a verb phrase of speech, its subject before it
    text = "Министр Израиля Иосиф Коган выступил с заявлением, что израильские военные не наносили удар по больнице."
    got = _speaker_names(text, hospital, "ru")
    assert [(i, name) for i, _, name in got] == [(0, "Иосиф Коган")]


def test_an_arabic_group_noun_after_a_noun_for_a_body(dam):
    # "فريق من الخبراء المستقلين" (a team of independent experts): an unnamed group, named by all its words
    props = propose("وقال فريق من الخبراء المستقلين إن الانفجار كان متعمدا.", "x_01", PUBLISHED, dam, language="ar")
    assert [a.name for a in props.actors] == ["فريق من الخبراء المستقلين"]
    assert [c.actor_id for c in props.claims] == [props.actors[0].actor_id]


def test_german_reported_mood_continues_the_speaker(dam):
    # "seien" (Konjunktiv I): the words of the one named before, though the sentence names nobody
    text = ("„Der Damm wurde von innen gesprengt“, sagte Danilow am Abend. "
            "Die Schäden für die Region seien enorm, weil Russland die Ufer vermint habe.")
    assert speakers(text, dam, "de") == [(0, "danilov"), (1, "danilov")]


def test_german_publishing_is_a_statement(dam):
    # "veröffentlichte": the one who publishes an accusing recording speaks
    text = "Der Geheimdienst SBU veröffentlichte am Montag neue Beweise gegen Russland."
    assert [sp for _, sp in speakers(text, dam, "de")] == ["sbu"]


def test_a_line_broken_after_a_short_word_goes_on(dam):
    # "acusado a" ends no sentence: the line goes on, with the speaker named at its end
    text = ("Ucrania ha acusado a\nRusia de volar la presa durante la noche, afirmó el portavoz "
            "Mijailo Podolyak.")
    assert (0, "podolyak") in speakers(text, dam, "es")


def test_a_title_with_a_body_in_lowercase_before_the_name(dam):
    # "de la" alone is no name: the known person after the title and its lowercase body speaks
    text = "Rusia voló la presa para frenar la ofensiva, afirmó el asesor de la oficina presidencial Mijailo Podolyak."
    assert speakers(text, dam, "es") == [(0, "podolyak")]


def test_german_reported_mood_in_a_subordinate_clause_is_no_speaker(dam):
    # "wonach … sei": a rumour reported, not the words of the one named before
    text = ("„Der Damm wurde von innen gesprengt“, sagte Danilow am Abend. "
            "Im Netz kursierten Gerüchte, wonach Russland für die Sprengung verantwortlich sei.")
    assert speakers(text, dam, "de") == [(0, "danilov")]


def test_a_relative_pronoun_before_the_verb_keeps_the_object(hospital):
    # "ceux qui ont accusé X": X is accused, and speaks no more for lacking a known speaker before the verb
    text = "Beaucoup sont ceux qui ont aussitôt accusé le dirigeant palestinien Karim Nassar de trahison."
    assert [sp for _, sp in speakers(text, hospital, "fr")] in ([], [""])


@pytest.mark.parametrize("text, language", [
    ('Prokudin besuchte am Morgen die überflutete Stadt. "Das war ein Terroranschlag Russlands", sagte er.', "de"),
    ('Prokudin visitó por la mañana la ciudad inundada. "Fue un acto terrorista de Rusia", dijo él.', "es"),
])
def test_a_pronoun_after_the_verb_closing_a_quotation_is_the_person_last_named(dam, text, language):
    assert speakers(text, dam, language) == [(1, "prokudin")]


def test_according_to_a_long_title_without_a_comma_in_polish(dam):
    # "Według <a long title> <name in the genitive> <what was said>": no comma ends the phrase; the name speaks
    text = ("Według przewodniczącego chersońskiej obwodowej administracji wojskowej Ołeksandra Prokudina w nocy "
            "rosyjskie wojska ostrzelały przepompownię na brzegu rzeki.")
    assert speakers(text, dam, "pl") == [(0, "prokudin")]


def test_an_organisation_word_after_a_name_makes_it_a_body(dam):
    # "The Clean Rivers Alliance organization": three capitalised words and "organization" are a body's
    # name, not a person called "Rivers Alliance"
    text = "The Clean Rivers Alliance organization said Russia shelled the villages on purpose."
    props = propose(text, "x_01", PUBLISHED, dam, language="en")
    assert [(a.name, a.kind) for a in props.actors] == [("Clean Rivers Alliance", "organisation")]


def test_a_name_after_the_clause_before_the_verb_speaks(dam):
    # "Russia flooded the villages ..., CRA said": the name just before the verb speaks; Russia is its target
    text = "Russia shelled the villages along the river on purpose, CRA said on Tuesday."
    rows = propose(text, "x_01", PUBLISHED, dam, language="en").rows(dam)
    assert [(r["actor_id"], r["target_id"], r["stance"]) for r in rows if r["table"] == "claims"] == [
        ("cra", "russia", "accuses")]


@pytest.mark.parametrize("text, language, expected", [
    # "the statement said": the statement of the speaker last heard ...
    ('Prokudin accused Russia of blowing up the dam. "The flooding of the villages was a war crime," the statement said.',
     "en", [(0, "prokudin"), (1, "prokudin")]),
    # ... but not of a party its own words name: the one heard before that
    ('Prokudin accused Russia of blowing up the dam. Russia denied it. '
     '"Russia\'s attack on the dam must be investigated," the statement said.', "en",
     [(0, "prokudin"), (1, "russia"), (2, "prokudin")]),
])
def test_a_statement_speaks_for_the_speaker_last_heard(dam, text, language, expected):
    assert speakers(text, dam, language) == expected


@pytest.mark.parametrize("text, language", [
    ("Alors que la Russie a accusé l'Ukraine d'avoir détruit le barrage, le gouverneur Prokudin a dénoncé un "
     "crime de guerre russe.", "fr"),
    ("Mientras que Rusia acusó a Ucrania de destruir la presa, el gobernador Prokudin denunció un crimen de guerra "
     "ruso.", "es"),
])
def test_a_clause_opened_by_alors_que_has_a_speaker_of_its_own(dam, text, language):
    # "Alors que X a accusé Y, Z a dénoncé ...": two positions, each with its own speaker
    assert speakers(text, dam, language) == [(0, "prokudin"), (0, "russia")]


def test_an_arabic_body_after_the_verb_and_a_title_is_a_new_actor(hospital):
    # "من جانبه، قال رئيس الهيئة ...": no capitals mark the name; the title's body, from its organisation word
    # to "إن", speaks (a new actor), not the opener "من جانبه"
    text = "من جانبه، قال رئيس الهيئة الوطنية للإغاثة في غزة إن الاحتلال ارتكب جريمة حرب في المستشفى."
    props = propose(text, "x_01", PUBLISHED, hospital, language="ar")
    assert [a.name for a in props.actors] == ["الهيئة الوطنية للإغاثة في غزة"]
    assert [c.actor_id for c in props.claims] == [props.actors[0].actor_id]


def test_two_titled_persons_joined_by_and_both_speak(dam):
    # "Both Governor X and Mayor Y said": each person with the title before the name speaks
    text = "Both Kherson Governor Oleksandr Prokudin and Ukrainian President Volodymyr Zelensky said Russia blew up the dam."
    assert speakers(text, dam, "en") == [(0, "prokudin"), (0, "zelensky")]


@pytest.mark.parametrize("text, name", [
    ("Ukraiński resort obrony poinformował, że Rosjanie wysadzili tamę.", "Ukraiński resort obrony"),
    ("Rosyjskie ministerstwo obrony poinformowało, że Ukraińcy wysadzili tamę.", "Rosyjskie ministerstwo obrony"),
    ('"Rosjanie wysadzili tamę celowo" - poinformował ukraiński resort obrony.', "Ukraiński resort obrony"),
])
def test_a_ministry_named_by_a_demonym_is_a_body_not_the_country(dam, text, name):
    # a demonym, a word for a ministry and its uncased field: the ministry speaks (a new actor), not the country
    props = propose(text, "x_01", PUBLISHED, dam, language="pl")
    assert [a.name for a in props.actors] == [name]
    assert [c.actor_id for c in props.claims] == [props.actors[0].actor_id]


def test_a_demonym_and_a_speaker_noun_is_still_the_country(dam):
    assert speakers("Ukraińskie władze poinformowały, że Rosjanie wysadzili tamę.", dam, "pl") == [(0, "ukraine")]


def test_a_title_of_a_place_after_the_name_leaves_the_person_speaking(dam):
    # "X, gouverneur de Kherson, a dit": "de Kherson" is the title's place, not a person not yet known
    text = "Oleksandr Prokudin, gouverneur de Kherson, a dit que la Russie a détruit le barrage."
    assert speakers(text, dam, "fr") == [(0, "prokudin")]


def test_a_german_sentence_in_the_conditional_of_reported_speech_keeps_its_speaker(dam):
    # Konjunktiv II ("würde") stands for reported speech as "sei" does: the speaker last named goes on speaking
    text = ("Der Gouverneur Oleksandr Prokudin erklärte, Russland habe den Damm gesprengt. "
            "Nur die russische Armee würde solche Sprengladungen einsetzen.")
    assert speakers(text, dam, "de") == [(0, "prokudin"), (1, "prokudin")]


def test_an_arabic_verb_with_no_subject_after_wa_is_the_person_last_named(dam):
    # "وكتب على تطبيق ...": "and he wrote on ..." with no subject: the person named just before speaks
    text = 'واتهم الحاكم بروكودين موسكو بتفجير السد عمدا. وكتب على تطبيق "تليجرام": "لقد أرادوا إغراق المدينة".'
    assert speakers(text, dam, "ar") == [(0, "prokudin"), (1, "prokudin")]


def test_french_mettre_en_doute_and_mettre_en_cause_name_their_subject(hospital):
    # "a mis en doute" is said by its subject (and a pronoun after the next quotation is the same person);
    # "c'est X qui a mis en cause Y": X accuses Y
    text = ("Le porte-parole de l'armée israélienne, Daniel Hagari, a mis en doute mardi le bilan avancé par le "
            "Hamas. « Ce bilan est faux », a-t-il affirmé.")
    assert speakers(text, hospital, "fr") == [(0, "hagari"), (1, "hagari")]
    props = propose("Dès le départ, c'est le Hamas qui avait mis en cause Israël.", "x_01", PUBLISHED, hospital,
                    language="fr")
    assert [(r["actor_id"], r["target_id"], r["stance"]) for r in props.rows(hospital)
            if r["table"] == "claims"] == [("hamas", "israel", "accuses")]


def test_an_accusing_verb_with_no_party_accused_is_no_claim(hospital):
    # "X a mis en cause cette unité": the one accused is no actor, so no position on who is to blame
    assert speakers("Le Hamas a mis en cause cette unité dans la destruction du bâtiment.", hospital, "fr") == []


def test_a_french_body_named_by_an_organisation_word_and_uncased_words_speaks(hospital):
    # "Le Comité d'enquête russe a accusé X": the body not yet known speaks (a new actor with its whole name),
    # never the party accused after the verb
    props = propose("Le Comité d'enquête russe a accusé les forces israéliennes d'avoir tiré sur l'hôpital.",
                    "x_01", PUBLISHED, hospital, language="fr")
    assert [a.name for a in props.actors] == ["Comité d'enquête russe"]
    assert [c.actor_id for c in props.claims] == [props.actors[0].actor_id]


def test_an_appositive_naming_another_person_leaves_the_head_noun_speaking(dam):
    # "X, Y's chief spokesperson, said": X speaks; Y is only whose spokesperson X is
    text = "Dmitry Peskov, Russian President Vladimir Putin's chief spokesperson, said Ukraine blew up the dam."
    assert speakers(text, dam, "en") == [(0, "peskov")]
    # the appositive that is the name ("Zelensky's adviser, Mykhailo Podolyak, said"): the name speaks
    text = "Volodymyr Zelensky's adviser, Mykhailo Podolyak, said Russia blew up the dam."
    assert speakers(text, dam, "en") == [(0, "podolyak")]


def test_a_title_of_a_place_after_an_elided_article_is_the_person_last_named(dam):
    # "l'édile de Kherson" (the mayor): the title of a place, no name; the person last named holds it
    text = ("Oleksandr Prokudin s'est rendu sur place dimanche. "
            "Selon l'édile de Kherson, les Russes ont fait sauter le barrage.")
    assert speakers(text, dam, "fr") == [(1, "prokudin")]


def test_an_unnamed_group_after_d_apres_speaks(dam):
    # "D'après des observateurs": a group noun (lexicon group_nouns) after a phrase of attribution
    props = propose("D'après des observateurs, la Russie a fait sauter le barrage.", "x_01", PUBLISHED, dam,
                    language="fr")
    assert [a.name for a in props.actors] == ["observateurs"]
    assert [(c.actor_id, c.targets[0][0], c.stance) for c in props.claims] == [
        (props.actors[0].actor_id, "russia", "accuses")]


def test_fait_cette_reponse_introduces_the_words_of_its_subject(dam):
    # "X fait cette réponse : « ... »": X speaks; "only Y had a motive" blames Y
    props = propose("Oleksandr Prokudin fait cette réponse : « Seule la Russie avait un motif pour faire sauter "
                    "le barrage ».", "x_01", PUBLISHED, dam, language="fr")
    assert [(r["actor_id"], r["target_id"], r["stance"]) for r in props.rows(dam)
            if r["table"] == "claims"] == [("prokudin", "russia", "accuses")]


def test_a_sentence_opening_with_a_concessive_clause_has_two_speakers(dam):
    # "Si bien X remarcan que ..., Y rechazó": the main clause after the comma has a subject of its own
    text = ("Si bien las autoridades ucranianas remarcan que la presa fue destruida por una ofensiva rusa, el "
            "portavoz del Kremlin, Dmitri Peskov, rechazó las acusaciones.")
    props = propose(text, "x_01", PUBLISHED, dam, language="es")
    assert sorted((r["actor_id"], r["target_id"], r["stance"]) for r in props.rows(dam)
                  if r["table"] == "claims") == [("peskov", "russia", "denies"), ("ukraine", "russia", "accuses")]


def test_the_kind_of_a_body_before_its_name_is_no_part_of_the_name(dam):
    # "La ONG Médicos Sin Fronteras": the body is "Médicos Sin Fronteras", not a person "Sin Fronteras"
    props = propose("La ONG Médicos Sin Fronteras ha acusado a Rusia de destruir la presa.",
                    "x_01", PUBLISHED, dam, language="es")
    assert [(a.name, a.kind) for a in props.actors] == [("Médicos Sin Fronteras", "organisation")]
    assert [c.actor_id for c in props.claims] == [props.actors[0].actor_id]


def test_a_body_named_by_a_party_s_possessive_speaks_not_the_party(dam):
    # "Ukraine's Prosecutor General's Office said": the office (a new actor), not Ukraine
    props = propose("Ukraine's Prosecutor General's Office said Russian forces blew up the dam.", "x_01", PUBLISHED,
                    dam, language="en")
    assert [a.name for a in props.actors] == ["Ukraine's Prosecutor General's Office"]
    assert [c.actor_id for c in props.claims] == [props.actors[0].actor_id]


def test_the_doer_after_a_preposition_of_the_agent_is_blamed(dam):
    # "were used by the Russian army": the act's doer after "by" (lexicon agent_prepositions) is accused
    props = propose("Prokudin said the explosives were used by the Russian army.", "x_01", PUBLISHED, dam,
                    language="en")
    assert [(r["actor_id"], r["target_id"], r["stance"]) for r in props.rows(dam)
            if r["table"] == "claims"] == [("prokudin", "russia", "accuses")]


def test_both_persons_joined_by_and_speak_when_the_first_is_not_yet_known(dam):
    text = ("Both Kherson Mayor Ihor Kolykhaiev and Regional Governor Oleksandr Prokudin said that Russian forces "
            "blew up the dam.")
    props = propose(text, "x_01", PUBLISHED, dam, language="en")
    assert [a.name for a in props.actors] == ["Ihor Kolykhaiev"]
    assert sorted(c.actor_id for c in props.claims) == sorted([props.actors[0].actor_id, "prokudin"])


def test_a_name_right_after_the_genitive_of_a_title_speaks():
    # "doradca prezydenta Wołodymyra Zełenskiego Mychajło Podolak": the adviser, named after the president's
    # genitive, speaks
    ctx = Context.from_dataset(load(EVALUATION / "olenivka-2022"))
    text = "- Rosjanie zaatakowali więzienie - napisał na Twitterze doradca prezydenta Wołodymyra Zełenskiego Mychajło Podolak."
    assert speakers(text, ctx, "pl") == [(0, "podolyak")]


def test_arabic_tabaa_he_continued_names_its_subject(dam):
    assert speakers('وتابع بروكودين "لقد دمرت روسيا السد عمدا".', dam, "ar") == [(0, "prokudin")]


def test_arabic_kilahuma_both_of_them_is_the_two_speakers_last_heard(dam):
    # "واتهم كلاهما": both of them accused — the two speakers of the sentences before
    text = "وقال بروكودين إن 40 شخصا قتلوا. وقال كيسليتسيا إن 10 أشخاص قتلوا. واتهم كلاهما روسيا بتفجير السد."
    assert speakers(text, dam, "ar") == [(2, "kyslytsya"), (2, "prokudin")]


def test_words_a_dash_opens_are_said_by_the_speaker_after_the_dash_that_closes_them(dam):
    # "- ... . ... - powiedział Pieskow": the dash opens the words in one sentence and closes them in the next;
    # "nie atakuje" (does not attack) denies
    props = propose("- Rosyjskie wojsko nie atakuje obiektów cywilnych. Tamę zniszczyli sami Ukraińcy - powiedział "
                    "Pieskow.", "x_01", PUBLISHED, dam, language="pl")
    rows = [(r["actor_id"], r["target_id"], r["stance"]) for r in props.rows(dam) if r["table"] == "claims"]
    assert rows[0] == ("peskov", "russia", "denies")
    assert {c.actor_id for c in props.claims} == {"peskov"}


def test_a_verb_with_no_subject_after_a_quotation_is_the_speaker_last_heard(dam):
    # '"...", declaró': the quotation goes on with the speaker last heard, not the person last named
    text = "Dmitri Peskov rechazó las acusaciones de Oleksandr Prokudin. “Ucrania es responsable de la destrucción de la presa”, declaró."
    assert speakers(text, dam, "es") == [(0, "peskov"), (1, "peskov")]
    # and a party named inside the quotation does not speak
    text = "Dmitri Peskov rechazó las acusaciones. “Las fuerzas armadas rusas no bombardean presas, Ucrania es responsable”, declaró."
    assert speakers(text, dam, "es") == [(0, "peskov"), (1, "peskov")]


def test_a_word_for_an_outlet_right_before_the_name_after_the_verb_makes_it_an_outlet(dam):
    # "- ... - podał portal Wiadomości Chersonia": a portal reports; it is never a speaker (nor a new actor)
    props = propose("- Rosjanie wysadzili tamę w nocy - podał w niedzielę portal Wiadomości Chersonia.", "x_01",
                    PUBLISHED, dam, language="pl")
    assert [c.actor_id for c in props.claims] == []
    assert [a.name for a in props.actors] == []


@pytest.mark.parametrize("text, language", [
    # "встановила, що" / "установила, что" (found that): an investigator's finding is its statement
    ("СБУ встановила, що дамбу підірвали російські війська.", "uk"),
    ("СБУ установила, что плотину взорвали российские войска.", "ru"),
])
def test_a_finding_that_is_said_by_the_body_that_found_it(dam, text, language):
    props = propose(text, "x_01", PUBLISHED, dam, language=language)
    assert [(c.attribution.printed, c.targets[0][0], c.stance) for c in props.claims] == [("СБУ", "russia", "accuses")]


@pytest.mark.parametrize("text, language", [
    # "Там наголосили" (there they stressed): the speaker last heard, not the party the words name
    ("У Кремлі заявили, що дамбу підірвала Україна. Там наголосили, що Київ несе відповідальність.", "uk"),
    ("В Кремле заявили, что плотину взорвала Украина. Там подчеркнули, что Киев несет ответственность.", "ru"),
])
def test_there_they_said_is_the_speaker_last_heard(dam, text, language):
    assert speakers(text, dam, language) == [(0, "russia"), (1, "russia")]


def test_a_pronoun_after_the_reported_words_a_comma_and_the_verb_is_the_person_last_named(dam):
    # "..., behauptete er": the reporting clause follows the reported words; "er" is the person last named,
    # not the party that opens the words he reported
    text = "Dmitri Peskow sprach am Montag. Die Ukraine sei schuld an der Zerstörung des Staudamms, behauptete er."
    props = propose(text, "x_01", PUBLISHED, dam, language="de")
    assert [(c.sentence.index, c.actor_id, c.targets[0][0]) for c in props.claims] == [(1, "peskov", "ukraine")]


def test_a_title_alone_after_the_verb_is_the_person_last_named_even_capitalised(dam):
    # German nouns are capitalised: "der Präsident" is a title, not a name; the president last named speaks
    text = ('Wolodymyr Selenskyj sprach in Washington. "Russland wird für alle seine Verbrechen verantwortlich '
            'gemacht werden", schrieb der Präsident.')
    assert speakers(text, dam, "de") == [(1, "zelensky")]


def test_polish_potepil_condemned_is_a_speech_verb(dam):
    # "potępił" (condemned): its subject speaks, and "Według niego" in the next sentence is the same speaker
    props = propose("Prezydent Czech potępił rosyjski ostrzał tamy. Według niego to dowód na to, że Rosja nie cofnie "
                    "się przed niczym.", "x_01", PUBLISHED, dam, language="pl")
    assert [(c.sentence.index, c.attribution.printed) for c in props.claims] == [(0, "Prezydent Czech"),
                                                                                 (1, "Prezydent Czech")]


def test_verbs_before_a_closing_said_clause_are_inside_what_its_speaker_said(dam):
    # "Russia rejects ..., Kremlin spokesman Dmitry Peskov said Tuesday.": the clause before the comma is what
    # Peskov said; Russia, its subject, does not speak in the sentence
    text = "Russia firmly rejects claims that it destroyed the dam, Kremlin spokesman Dmitry Peskov said on Tuesday."
    props = propose(text, "x_01", PUBLISHED, dam, language="en")
    assert [(c.actor_id, c.stance) for c in props.claims] == [("peskov", "denies")]
    # a clause of the speaker's own after the verb keeps the earlier speaker
    text = "Russia firmly rejects the claims, Dmitry Peskov said, adding that Ukraine destroyed the dam."
    assert "russia" in {c.actor_id for c in propose(text, "x_01", PUBLISHED, dam, language="en").claims}


@pytest.mark.parametrize("text, expected", [
    # a toll told in a lead sentence, the speaker after the verb at its end: the person named there speaks
    ("A Russian missile strike on the dam has killed at least 5 people, said President Volodymyr Zelensky.",
     [(0, "zelensky")]),
    # the subject before the verb, an aside between commas: still the subject speaks, not a name after
    ("Ukraine's president Volodymyr Zelensky, speaking on Tuesday, said Russia had blown up the dam.",
     [(0, "zelensky")]),
])
def test_an_english_speaker_after_the_verb_ends_the_sentence(dam, text, expected):
    assert speakers(text, dam, "en") == expected


def test_a_subjectless_verb_after_a_quotation_takes_no_name_inside_it(dam):
    # '"... del Ministerio de Defensa ruso ...", dijo.': the one quoted before speaks, not the ministry quoted
    text = ('El portavoz del Kremlin, Dmitri Peskov, dijo que no fue Rusia: "No atacamos objetivos civiles".\n'
            '"Les insto a que se guíen por las declaraciones del Ministerio de Defensa ruso, que niega los '
            'ataques", dijo.')
    props = propose(text, "x_01", PUBLISHED, dam, language="es")
    assert sorted({(c.sentence.index, c.actor_id) for c in props.claims}) == [(0, "peskov"), (1, "peskov")]
    assert not props.actors


def test_a_spanish_denial_in_the_first_person_denies_the_speakers_side(dam):
    # "no atacamos objetivos civiles": Peskov denies that Russia struck, he accuses no one
    text = 'El portavoz del Kremlin, Dmitri Peskov, dijo a los periodistas: "No atacamos objetivos civiles".'
    props = propose(text, "x_01", PUBLISHED, dam, language="es")
    assert [(c.actor_id, c.stance, [t for t, _ in c.targets]) for c in props.claims] == [
        ("peskov", "denies", ["russia"])]


def test_a_quotation_after_a_sentence_a_person_opens_is_that_persons(dam):
    # the sentence before names who answers, without a speech verb: his words, not the speaker heard before him
    text = ('El ministro ucraniano Oleksiy Kuleba acusó a Rusia de volar la presa.\n'
            'Dmitri Peskov, en su rueda de prensa diaria, fue preguntado por la presa.\n'
            '"No atacamos objetivos civiles", dijo.')
    assert speakers(text, dam, "es") == [(0, "oleksiy_kuleba"), (2, "peskov")]
