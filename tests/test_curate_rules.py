"""Rules of the proposer found on the evaluation sets: parts of a count, verb-final cues, report dates, the
party a stance cue governs. The sentences are written for these tests; none comes from an article of the
evaluation sets or the bundled data."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.curate.propose import propose

PUBLISHED = dt.date(2023, 6, 12)  # a Monday


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


@pytest.mark.parametrize("text, language, expected", [
    # an inflected form of a party's name ("в Белом доме")
    ("В Белом доме заявили, что Россия несет ответственность за подрыв дамбы.", "ru",
     [("united_states", "russia", "accuses")]),
    # a person not yet known before the verb speaks, not the party after it; calling accusations absurd denies
    # them, and the one who made them ("обвинения Киева") is not what is denied
    ("Официальный представитель МИД России Иван Петров назвал обвинения Киева абсурдными.", "ru",
     [("petrov", "russia", "denies")]),
    ("Речник МЗС України Іван Петренко назвав звинувачення Москви безпідставними.", "uk",
     [("petrenko", "ukraine", "denies")]),
    # a country as the place something happened is no party to blame
    ("По словам Пескова, диверсанты пытались въехать в Белоруссию.", "ru", []),
    # the press secretary of a person is the one named before with that title, not the person
    ("Дмитрий Песков выступил в среду. Пресс-секретарь Путина отверг обвинения в адрес российской армии.", "ru",
     [("peskov", "russia", "denies")]),
])
def test_claims_of_the_probe_sentences(dam, text, language, expected):
    assert claims(text, dam, language) == expected


def test_the_press_secretary_of_a_person_is_never_that_person(dam):
    # with no press secretary named, the title's holder is unknown: no claim by Putin
    text = "Пресс-секретарь Путина отверг обвинения в адрес российской армии."
    assert "putin" not in [a for _, a in speakers(text, dam, "ru")]


@pytest.mark.parametrize("text, language", [
    # a claim of responsibility told without a speech verb: the group claims its own act
    ("Ответственность за взрыв на вокзале взяла на себя группировка ИГИЛ.", "ru"),
    ("Відповідальність за вибух на вокзалі взяла на себе Ісламська держава.", "uk"),
    ("The bombing of the station was claimed by the Islamic State group.", "en"),
    ("Within hours the Islamic State took responsibility for the bombing of the station.", "en"),
])
def test_a_claim_of_responsibility_without_a_speech_verb(dam, text, language):
    assert claims(text, dam, language) == [("islamic_state", "islamic_state", "claims_responsibility")]


def test_a_party_adjective_names_the_party_whose_spellings_two_actors_share(hospital):
    # the parties list spells Israel with the IDF's names too: the folder's israel still gets "Israeli"
    assert claims("Hamas accused an Israeli missile of the killings at the clinic.", hospital, "en") == \
        [("hamas", "israel", "accuses")]


@pytest.mark.parametrize("text, language, expected", [
    # a noun of an act with a party's adjective next to it blames that party, when no cue word decides it
    ("The health ministry in Gaza said an Israeli air strike hit the clinic.", "en",
     [("gaza_health_ministry", "israel", "accuses")]),
    ("Le Hamas a affirmé que la clinique avait été touchée par une frappe israélienne.", "fr",
     [("hamas", "israel", "accuses")]),
    # the origin of the act, "de origen israelí"
    ("Hamás afirmó que la explosión en la clínica fue de origen israelí.", "es", [("hamas", "israel", "accuses")]),
])
def test_an_act_named_with_a_party_blames_it(hospital, text, language, expected):
    assert claims(text, hospital, language) == expected


def test_an_act_of_the_speakers_own_side_is_no_blame(hospital):
    rows = claims("Daniel Hagari said the Israeli air strikes that night were far from the clinic.", hospital, "en")
    assert not any(stance == "accuses" for _, _, stance in rows)


def test_a_quotation_after_a_sentence_that_only_says_who_speaks_is_theirs(dam):
    # the quotation opens a paragraph, runs over two sentences and goes on in the next paragraph
    text = ("Володимир Зеленський відреагував на вибух.\n\n"
            "Про це він написав у Telegram.\n\n"
            "«Російські окупанти підірвали греблю. Жодного метра не можна їм залишати.\n\n"
            "Ми переможемо», — написав президент.")
    got = speakers(text, dam, "uk")
    assert (2, "zelensky") in got
    assert all(a == "zelensky" for _, a in got)


def test_a_continued_quotation_with_no_party_and_no_cue_is_no_claim(dam):
    text = "Віталій Кім заявив, що Росія підірвала греблю. «Рівень води підніметься ще на метр до ранку»."
    assert [i for i, _ in speakers(text, dam, "uk")] == [0]


@pytest.mark.parametrize("text, language, expected", [
    # the short form of the adjective blames ("причастен")
    ("В ХАМАС заявили, что к взрыву в клинике причастен Израиль.", "ru", [("hamas", "israel", "accuses")]),
    # "not responsible" denies, before "responsible" accuses
    ("Le président américain Joe Biden a déclaré qu'Israël n'était pas responsable de l'explosion.", "fr",
     [("biden", "israel", "denies")]),
    ("Joe Biden said Israel was not responsible for the explosion at the clinic.", "en",
     [("biden", "israel", "denies")]),
])
def test_claims_of_new_cue_words(hospital, text, language, expected):
    assert claims(text, hospital, language) == expected


def test_a_clause_about_a_statement_is_the_previous_speakers(hospital):
    text = ("Армія оборони Ізраїлю заявила, що ХАМАС винен у вибуху. "
            "У заяві йдеться, що ракету випустив «Ісламський джихад».")
    assert speakers(text, hospital, "uk") == [(0, "idf"), (1, "idf")]


def test_a_barbaric_act_accuses_in_arabic(dam):
    text = "وصف الرئيس الروسي فلاديمير بوتين الهجوم على السد بأنه عمل بربري من قبل نظام كييف."
    assert claims(text, dam, "ar") == [("putin", "ukraine", "accuses")]


def test_not_having_struck_denies_and_fired_by_accuses_in_french(hospital):
    text = "Israël a affirmé qu'il n'avait pas frappé la clinique et qu'une roquette tirée par le Jihad islamique " \
           "était tombée."
    assert claims(text, hospital, "fr") == [("israel", "israel", "denies"), ("israel", "pij", "accuses")]


def test_parties_listed_after_the_verb_speak_and_the_one_before_is_the_object(hospital):
    # the object first, then the verb, then its subjects
    text = "Ізраїль різко засудили Туреччина, Єгипет та Йорданія."
    assert claims(text, hospital, "uk") == [("egypt", "israel", "accuses"), ("jordan", "israel", "accuses"),
                                            ("turkey", "israel", "accuses")]


def test_an_infinitive_of_condemning_is_no_statement(hospital):
    assert claims("Россия предложила осудить удар по больнице в резолюции ООН.", hospital, "ru") == []


def test_a_new_person_named_before_a_title_in_arabic_speaks(hospital):
    # Arabic has no capitals: the name is known by the title after it and a comma, not the army the title names
    text = "وقال سامي خليل، المتحدث باسم جيش الاحتلال، إن الصاروخ أطلقته حركة الجهاد الإسلامي."
    props = propose(text, "x_01", PUBLISHED, hospital, language="ar")
    new = {a.actor_id: a for a in props.actors}
    speaker = props.claims[0].actor_id
    assert new[speaker].name == "سامي خليل" and new[speaker].kind == "person"


def test_the_person_named_after_a_title_and_a_comma_after_the_verb_speaks_in_german(dam):
    # not the noun that opens the reported clause ("Das Wasser")
    text = "Das Wasser steige weiter, schrieb der Militärgouverneur des Gebiets, Olexander Prokudin auf Telegram, " \
           "und beschuldigte Russland."
    assert [a for _, a in speakers(text, dam, "de")] == ["prokudin"]


def test_a_person_after_an_unknown_title_speaks_and_denies_for_the_side_named(dam):
    # the title names no known actor ("la Presidencia rusa"); the denial is on behalf of the speaker's side
    text = '"Rechazamos estas acusaciones, es un sabotaje de Kiev", dijo el portavoz de la Presidencia rusa, ' \
           'Dmitri Peskov, a la prensa.'
    assert claims(text, dam, "es") == [("peskov", "russia", "denies"), ("peskov", "ukraine", "accuses")]


def test_added_without_a_quotation_counts_after_a_named_person(dam):
    # "agregó" needs a quotation before it, or a known person just before it as its subject
    text = "Peskov agregó que la responsabilidad por la inundación recae en la parte ucraniana."
    assert claims(text, dam, "es") == [("peskov", "ukraine", "accuses")]


def test_a_phrase_with_no_comma_after_the_name_leaves_the_clause_its_parties(dam):
    # "Zdaniem X" runs on into what X said; the party named there is the target, not part of the speaker
    text = "Zdaniem Zełenskiego most na rzece został wysadzony przez wojska rosyjskie w nocy."
    assert claims(text, dam, "pl") == [("zelensky", "russia", "accuses")]


@pytest.mark.parametrize("text, language, expected", [
    # Spanish and Polish drop the subject: a verb opening the sentence is the person last named's
    ("Daniel Hagari habló con la prensa. Explicó que el lanzamiento de unos cohetes de Yihad Islámica falló.", "es",
     [("hagari", "pij", "accuses")]),
    ("Wołodymyr Zełenski był w Chersoniu. Dodał, że tama została wysadzona przez wojska rosyjskie.", "pl",
     [("zelensky", "russia", "accuses")]),
])
def test_a_verb_opening_a_sentence_with_no_subject_is_the_person_last_named(hospital, dam, text, language, expected):
    assert claims(text, hospital if language == "es" else dam, language) == expected


def test_laying_the_blame_on_each_other_is_blame_each_way_in_ukrainian(dam):
    text = "Росія та Україна покладають відповідальність за руйнування греблі один на одного."
    assert claims(text, dam, "uk") == [("russia", "ukraine", "accuses"), ("ukraine", "russia", "accuses")]


def test_a_participle_of_recognising_is_no_statement_in_ukrainian(dam):
    # "визнані ... терористичними": recognised as, said of the object, no one speaks
    assert claims("Ці угруповання визнані США терористичними організаціями.", dam, "uk") == []


@pytest.mark.parametrize("text, language, expected", [
    # a clause about the noun before the verb names parties that do not speak
    ("Israël, qui mène des frappes contre le Hamas depuis une semaine, a démenti toute implication.", "fr",
     ["israel"]),
    ("Hamas, whose fighters attacked Israel last week, said an Israeli air strike hit the clinic.", "en", ["hamas"]),
    ("Міністерство охорони здоров'я Гази, контрольоване ХАМАС, звинувачує Ізраїль у ракетному ударі.", "uk",
     ["gaza_health_ministry"]),
])
def test_a_clause_about_the_subject_names_no_speaker(hospital, text, language, expected):
    assert [a for _, a in speakers(text, hospital, language)] == expected


def test_a_sentence_saying_who_made_the_statement_gives_her_the_quotation_an_outlet_cites(hospital):
    # "Данное заявление сделала ...": she speaks; "ее слова приводит Sputnik": the outlet only cites her
    text = ("Удар по клинике является преступлением. Данное заявление сделала официальный представитель МИД "
            "России Мария Захарова. «Безусловно, это преступное деяние», – ее слова приводит Sputnik.")
    assert speakers(text, hospital, "ru") == [(2, "zakharova")]
    assert claims(text, hospital, "ru") == [("zakharova", "", "accuses")]


def test_as_of_with_a_clock_time_before_the_day_dates_the_count(dam):
    """"Станом на 18:00 10 червня": the clock time between "станом на" and the day does not undo the dating;
    a clock time with no day after it ("станом на 18:00") dates nothing."""
    assert figures("Станом на 18:00 10 червня загинули 7 людей.", dam, "uk") == [("deaths", 7, "exact", "2023-06-10")]
    assert figures("As of 6:30 p.m. on 10 June, 7 people had died.", dam, "en") == [("deaths", 7, "exact", "2023-06-10")]
    assert figures("Станом на 18:00 загинули 7 людей.", dam, "uk") == [("deaths", 7, "exact", "")]
    # the day after "станом на 18:00" dates the count even when the sentence reports it on a later day
    assert figures("Станом на 18:00 10 червня загинули 7 людей, повідомила 11 червня поліція.", dam, "uk") == [
        ("deaths", 7, "exact", "2023-06-10")]


@pytest.mark.parametrize("text, language", [
    ("Pour l’instant, le bilan est de 40 morts, a déclaré le ministre.", "fr"),
    ("40 Tote gibt es laut offiziellen Angaben mittlerweile.", "de"),
    ("وأعلن الحاكم أنه تم انتشال 40 جثة حتى الآن.", "ar"),
    ("Officials said 40 people have died so far.", "en"),
])
def test_a_count_so_far_is_the_count_of_the_articles_day(dam, text, language):
    """"Pour l'instant", "mittlerweile", "so far": the count as it stands when the article is printed."""
    assert figures(text, dam, language) == [("deaths", 40, "exact", PUBLISHED.isoformat())]


def test_so_far_gives_way_to_a_day_the_sentence_names_and_dates_no_other_sentence(dam):
    """A day the sentence names dates its count before "so far" does; "so far" dates no count of another
    sentence, and no claim or event."""
    assert figures("On 10 June, officials said 40 people had died so far.", dam, "en") == [
        ("deaths", 40, "exact", "2023-06-10")]
    assert figures("Pour l’instant, le bilan est de 40 morts.\nQuelque 39 personnes sont portées disparues.",
                   dam, "fr") == [("deaths", 40, "exact", "2023-06-12"), ("missing", 39, "about", "")]
    props = propose("Pour l’instant, le bilan est de 40 morts.", "x_01", PUBLISHED, dam, language="fr")
    assert props.dates == [] and props.events == []


def test_a_sentence_naming_after_the_fact_who_informed_dates_the_count_before_it(dam):
    """"Про це 10 червня у Telegram поінформував голова ОВА": a day and a channel between "Про це" and the
    verb still make the sentence say who gave the paragraph before, and its day dates that count."""
    text = "Кількість загиблих зросла до 29.\n\nПро це 10 червня у Telegram поінформував голова ОВА."
    assert figures(text, dam, "uk") == [("deaths", 29, "exact", "2023-06-10")]
    text = "Число погибших выросло до 29.\n\nОб этом 10 июня проинформировал глава ОВА."
    assert figures(text, dam, "ru") == [("deaths", 29, "exact", "2023-06-10")]


@pytest.mark.parametrize("text, language, expected", [
    # a time adverbial between "wzrosła" and "do", which dates the count
    ("Liczba ofiar wzrosła w poniedziałek do 40.", "pl", [("deaths", 40, "exact", "2023-06-12")]),
    # the toll, the subject after the verb, between "erhöhte sich" and "auf"
    ("Bis zum Abend erhöhte sich die Opferzahl nach dem Angriff auf mindestens 25 Personen.", "de",
     [("deaths", 25, "at_least", "")]),
    # the sought are missing, the search ("poszukiwania") is no count
    ("Poszukiwane są jeszcze 43 osoby.", "pl", [("missing", 43, "exact", "")]),
    ("Ratownicy prowadzą poszukiwania w gruzach od 2 dni.", "pl", []),
    ("Разыскивается 43 человека.", "ru", [("missing", 43, "exact", "")]),
    # "وأُصيب", the passive printed with its damma
    ("وأُصيب نحو 80 شخصاً.", "ar", [("injured", 80, "about", "")]),
])
def test_toll_verbs_and_cues_with_words_between_or_marks_on_them(dam, text, language, expected):
    assert figures(text, dam, language) == expected


def test_the_day_of_the_attack_named_with_its_article_does_not_date_the_count(dam):
    """"بعد الهجوم الذي وقع أمس": the attack, written with the article "ال", happened yesterday; the day
    is the attack's, not the count's."""
    assert figures("وقال الحاكم إن الهجوم الذي وقع أمس تسبب في إصابة 64 شخصاً.", dam, "ar") == [
        ("injured", 64, "exact", "")]


def test_a_headlines_count_takes_no_date_from_the_report_under_it(dam):
    """The headline "... загинули 16 людей – Клименко" sums up the story; the report under it, dated 10 June,
    dates the body's count, not the headline's."""
    headline = "Внаслідок підриву ГЕС загинули 16 людей – Клименко"
    text = headline + "\n\nСтаном на 10 червня загинули 16 людей, повідомив міністр Ігор Клименко."
    props = propose(text, "x_01", PUBLISHED, dam, language="uk", headline=headline)
    assert [(f.value, f.as_of) for f in props.figures] == [(16, ""), (16, "2023-06-10")]
