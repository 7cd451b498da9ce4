"""Targets and stances of proposed claim rows, and whether a sentence gives a row at all: rules found on the
development half of the evaluation sets. The sentences are written for these tests; none comes from an
article of the evaluation sets or the bundled data."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.curate.propose import propose

PUBLISHED = dt.date(2023, 10, 18)


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


@pytest.mark.parametrize("text, language, expected", [
    # the party asked about is named after the cue, not the speaker's country before it
    ("Vedant Patel told reporters in Washington he could not say whether Russia destroyed the dam.", "en",
     [("patel", "russia", "declines_to_comment")]),
    # a clause that follows ("but considers ... Russia's invasion") is not what was declined
    ("The United Nations has no information on how the dam was breached but considers it a consequence of "
     "Russia's invasion, António Guterres said.", "en", [("guterres", "", "declines_to_comment")]),
])
def test_declining_to_say_names_the_party_asked_about(dam, text, language, expected):
    assert claims(text, dam, language) == expected


@pytest.mark.parametrize("text, language, expected", [
    # a government or an army declining is its own target; a person declining names no one
    ("وقال جيش الاحتلال الإسرائيلي إنه ليس لديه معلومات عن قصف العيادة.", "ar", [("idf", "idf", "declines_to_comment")]),
    ("Emmanuel Macron a déclaré que toute la lumière devra être faite sur l'explosion.", "fr",
     [("macron", "", "declines_to_comment")]),
    # "a-t-il ajouté": the person last named
    ("Emmanuel Macron s'est rendu au Caire. \"Toute la lumière devra être faite\", a-t-il ajouté.", "fr",
     [("macron", "", "declines_to_comment")]),
    # doubt on whether the speaker's own side did it names that side
    ("Daniel Hagari said it was unclear whether the clinic was hit by an Israeli Air Force strike or by a rocket.",
     "en", [("hagari", "idf", "questions")]),
    # checking first, then denying: two positions of one sentence
    ("У ЦАХАЛ відповіли, що мають перевірити інформацію, а згодом запевнили, що не завдавали ударів по клініці.",
     "uk", [("idf", "idf", "declines_to_comment"), ("idf", "idf", "denies")]),
])
def test_declining_and_doubting(hospital, text, language, expected):
    assert claims(text, hospital, language) == expected


@pytest.mark.parametrize("text, language, expected", [
    # a toll with a party named but no cue word: a source of figures, not a claim
    ("Ukrainische Behörden sprachen am Freitag von 30 Toten in den von Russland besetzten Dörfern.", "de", []),
    ("Ukrainian officials said 40 people had died in the flooded villages held by Russia.", "en", []),
    # with a cue word it is still a claim
    ("Ukrainian officials said 40 people had died after Russia blew up the dam.", "en",
     [("ukraine", "russia", "accuses")]),
])
def test_a_toll_without_a_cue_word_is_no_claim(dam, text, language, expected):
    assert claims(text, dam, language) == expected


def test_a_verb_inside_what_an_earlier_speaker_said_is_no_second_speaker(dam):
    # "could not say" is what Patel said of the United States, not a statement of its own
    text = "Vedant Patel said the United States could not say whether Russia destroyed the dam."
    assert claims(text, dam, "en") == [("patel", "russia", "declines_to_comment")]


@pytest.mark.parametrize("text, expected", [
    # "des responsables sanitaires": officials, no one held responsible
    ("Des responsables sanitaires du Hamas ont déclaré que l'explosion avait fait au moins 300 morts.", []),
    # "les responsables de": those responsible, an accusation
    ("Le Hamas a déclaré que les responsables de l'explosion étaient les soldats israéliens.",
     [("hamas", "israel", "accuses")]),
])
def test_officials_are_not_those_responsible_in_french(hospital, text, expected):
    assert claims(text, hospital, "fr") == expected


@pytest.mark.parametrize("text, language, expected", [
    # "said the same about Moscow": the stance of the claim before, aimed at the party named after the words
    ('"Kyiv blew up the dam," said Vassily Nebenzia, while Sergiy Kyslytsya said the same about Moscow.', "en",
     [("kyslytsya", "russia", "accuses"), ("nebenzya", "ukraine", "accuses")]),
    ("Песков заявил, что дамбу подорвала Украина, а Зеленский сказал то же самое о России.", "ru",
     [("peskov", "ukraine", "accuses"), ("zelensky", "russia", "accuses")]),
])
def test_saying_the_same_about_another_takes_the_stance_before(dam, text, language, expected):
    assert claims(text, dam, language) == expected


def test_no_speaker_and_no_cue_word_is_no_row(dam):
    # who speaks is not found and no word says what they hold of Russia: nothing for the curator to check
    assert claims("The adviser to the presidential office said Russia had moved troops to the bank.", dam, "en") == []
    # with a cue word the row stays, the speaker to fill in
    assert claims("The adviser to the presidential office said Russia had blown up the dam.", dam, "en") == \
        [("", "russia", "accuses")]


def test_a_cue_word_in_the_speakers_own_name_is_no_stance(hospital):
    # "terroriste" names the speaker ("le groupe terroriste"); what it says decides no stance of blame
    text = "Le groupe terroriste islamiste affirme que des dizaines de blessés attendent encore des soins."
    assert claims(text, hospital, "fr") == []


def test_spanish_plural_demonyms_name_the_party(dam):
    # "los rusos": a plural demonym is the party when nothing else is named
    text = "El alcalde Prokudin dijo que los rusos son responsables de la inundación del pueblo."
    assert claims(text, dam, "es") == [("prokudin", "russia", "accuses")]


def test_saying_a_party_struck_accuses_it_in_ukrainian(hospital):
    # "вдарив": the speaker says the party named struck; the speaker's name holds no cue
    text = "Представники ХАМАС заявили, що Ізраїль вдарив по школі в місті."
    assert claims(text, hospital, "uk") == [("hamas", "israel", "accuses")]


@pytest.mark.parametrize("text, language, accused", [
    ("قال بايدن إن الفريق الآخر، وليس إسرائيل، هو المسؤول عن الحريق في المدرسة.", "ar", "other_team"),
    ("Biden said Islamic Jihad, not Israel, was responsible for the fire at the school.", "en", "pij"),
])
def test_a_party_named_after_not_is_cleared_not_accused(hospital, text, language, accused):
    # "X, not Y, is responsible": the speaker accuses X and clears Y
    assert claims(text, hospital, language) == sorted([("biden", accused, "accuses"), ("biden", "israel", "denies")])


def test_saying_who_fired_accuses_in_arabic(hospital):
    # "أطلق العدو في غزة" (the enemy in Gaza fired): the party said to have fired is accused
    text = 'وقال الجيش الإسرائيلي إن "العدو في غزة أطلق صاروخا سقط قرب المدرسة".'
    assert claims(text, hospital, "ar") == [("idf", "gaza_militants", "accuses")]


def test_charging_against_a_party_accuses_it_in_spanish(dam):
    # "ha cargado contra Moscú": the speaker lays the blame on Moscow
    text = "El asesor Podoliak ha cargado contra Moscú por la inundación de los pueblos."
    assert claims(text, dam, "es") == [("podolyak", "russia", "accuses")]



@pytest.mark.parametrize("text, expected", [
    # "świadomie" (knowingly, on purpose) accuses, as "celowo" does
    ("- Zniszczyli zaporę świadomie - powiedział Zełenski.", [("zelensky", "", "accuses")]),
    # hiding the truth accuses the one said to hide it
    ("— Kreml chce ukryć prawdę o zalanych wsiach — napisał Zełenski.", [("zelensky", "russia", "accuses")]),
])
def test_polish_cues_of_purpose_and_cover_up(dam, text, expected):
    assert claims(text, dam, "pl") == expected


def test_an_accusation_naming_no_one_takes_the_speakers_target_before(dam):
    # "Zrobili to umyślnie" names no party: the one the same speaker accused two sentences before
    text = ("Zełenski oskarżył Rosję o zniszczenie zapory. Woda zalała wiele wsi. "
            "- Zrobili to umyślnie - podkreślił polityk.")
    assert claims(text, dam, "pl") == [("zelensky", "russia", "accuses"), ("zelensky", "russia", "accuses")]


def test_a_subheading_is_no_claim(dam):
    # a line of its own between paragraphs, with no closing mark, sums up what follows
    text = ("Zełenski mówił w poniedziałek o powodzi w obwodzie chersońskim.\n"
            "Zełenski oskarża Rosję o zniszczenie zapory\n"
            "Woda zalała wiele wsi nad Dnieprem.")
    assert claims(text, dam, "pl") == []


def test_an_arabic_question_verb_questions(dam):
    # "تساءل" (asked, wondered): the row is kept with the stance "questions"
    text = "وتساءل نيبينزيا عن سبب صمت الدول الغربية إزاء قصف السد."
    assert claims(text, dam, "ar") == [("nebenzya", "", "questions")]


def test_planting_explosives_accuses_in_arabic(dam):
    text = "وقال زيلينسكي إن جنود روسيا زرعوا ألغاما في السد."
    assert claims(text, dam, "ar") == [("zelensky", "russia", "accuses")]


@pytest.mark.parametrize("text, expected", [
    # "الروس" (the Russians), a plural demonym, names Russia
    ("وقال زيلينسكي إن الروس فجروا السد عمدا.", [("zelensky", "russia", "accuses")]),
    # warning of a party's intentions ("نوايا كييف") accuses it
    ("وقال نيبينزيا إن موسكو حذرت مرارا من نوايا كييف تجاه السد.", [("nebenzya", "ukraine", "accuses")]),
])
def test_arabic_plural_demonym_and_intentions(dam, text, expected):
    assert claims(text, dam, "ar") == expected


def test_an_arabic_accusation_written_with_a_shadda(dam):
    # "يتّهم" (accuses) with its shadda is the verb and the cue, as "يتهم" is
    assert claims("وفي المقابل يتّهم الكرملين كييف بقصف السد.", dam, "ar") == [("russia", "ukraine", "accuses")]


@pytest.mark.parametrize("text, language", [
    # a verb of the act with its doer next to it, in the speaker's own words or a quoted statement
    ("The regional governor said that Russia shelled the pumping station overnight.", "en"),
    ('"W nocy Rosjanie ostrzelali stację pomp i zniszczyli cały budynek" - napisał gubernator w komunikacie.', "pl"),
    ("El gobernador dijo que la estación de bombeo fue atacada por Rusia durante la noche.", "es"),
    # "used" with its user next to it: the weapon's user is blamed
    ("El gobernador dijo que Rusia empleó drones contra la estación de bombeo.", "es"),
    ("Губернатор заявив, що російські військові використовували дрони проти насосної станції.", "uk"),
    # destroying or dropping a bomb on it, with the doer next to the verb
    ('"Wojska rosyjskie zrzuciły bombę na stację pomp" - napisał gubernator.', "pl"),
    ('وقال المحافظ: "اليوم، دمر الروس محطة الضخ".', "ar"),
    ("Губернатор сообщил, что российские войска уничтожили насосную станцию.", "ru"),
    ("The governor said Russian aircraft dropped two bombs on the pumping station.", "en"),
])
def test_saying_a_party_did_the_act_accuses_it(dam, text, language):
    assert [(r[1], r[2]) for r in claims(text, dam, language)] == [("russia", "accuses")]


def test_a_noun_of_the_act_in_a_quotation_is_no_blame(dam):
    # "constant Russian shelling" quoted as a circumstance: the quotation blames no one for the event
    text = '"Despite constant Russian shelling, the evacuation of the villages goes on," the governor said.'
    assert [r for r in claims(text, dam, "en") if r[2] == "accuses"] == []


@pytest.mark.parametrize("text, language", [
    # blame exchanged, the parties between the verb and its object, or "each blamed the other"
    ("Rusia y Ucrania intercambian culpas por la destrucción de la presa.", "es"),
    ("تبادلت روسيا وأوكرانيا الاتهامات بشأن تدمير السد.", "ar"),
    ("دمر السد في منطقة تحتلها روسيا وأوكرانيا، حيث ألقى كل طرف باللوم على الآخر.", "ar"),
])
def test_blame_exchanged_goes_each_way(dam, text, language):
    assert claims(text, dam, language) == [("russia", "ukraine", "accuses"), ("ukraine", "russia", "accuses")]


def test_a_pronoun_after_a_quotation_goes_on_with_the_claim_before(dam):
    # "schrieb er": the person last named; his quotation names no party and has no cue, so it goes on with
    # the claim he made just before
    text = ('Prokudin warf Russland vor, den Damm gesprengt zu haben. '
            '"Sie wollten die ganze Region unter Wasser setzen und alles zerstören", schrieb er bei Telegram.')
    assert claims(text, dam, "de") == [("prokudin", "russia", "accuses")] * 2


@pytest.mark.parametrize("text, language", [
    # "..., which X denied": X denies its own part in what the clause before says
    ("La Russie accuse l'Ukraine d'avoir détruit le barrage, ce que l'Ukraine réfute.", "fr"),
    ("اتهمت روسيا أوكرانيا بتدمير السد، وهو ما نفته أوكرانيا بشكل قاطع.", "ar"),
])
def test_a_denial_in_a_relative_clause_is_the_named_partys_own(dam, text, language):
    assert claims(text, dam, language) == [("russia", "ukraine", "accuses"), ("ukraine", "ukraine", "denies")]


def test_lo_que_niega_is_a_denial_of_the_one_named(dam):
    assert ("ukraine", "ukraine", "denies") in claims("Rusia acusa a Ucrania de destruir la presa, lo que niega Ucrania.",
                                                      dam, "es")


def test_the_movement_named_earlier_in_the_sentence_denies_in_arabic(hospital):
    # "الحركة" (the movement): the group named earlier in the same sentence
    text = ("وقال الجيش الإسرائيلي إن حركة الجهاد الإسلامي مسؤولة عن الصاروخ الذي سقط على المستشفى، "
            "وهو ما نفته الحركة بشكل قاطع، بينما قالت حماس إن القصف إسرائيلي.")
    rows = claims(text, hospital, "ar")
    assert ("idf", "pij", "accuses") in rows and ("pij", "pij", "denies") in rows


def test_laying_the_blame_speaks_in_arabic(dam):
    # "ألقى ... باللوم على" (laid the blame on): the one who lays it speaks and accuses
    text = "وألقى الجانب الأوكراني باللوم في تدمير السد على القوات الروسية."
    assert claims(text, dam, "ar") == [("ukraine", "russia", "accuses")]


def test_a_missile_strike_with_an_adjective_accuses_its_doer_in_russian(dam):
    # "нанесли ракетный удар": the verb of the act and its noun with an adjective between them
    text = "Украинские войска нанесли ракетный удар по плотине, сообщили в Минобороны России."
    assert [(r[1], r[2]) for r in claims(text, dam, "ru")] == [("ukraine", "accuses")]


@pytest.mark.parametrize("text, language", [
    ('"Die russischen Faschisten wussten genau, wohin sie zielten", sagte Prokudin.', "de"),
    ('"Rosyjscy zbrodniarze wiedzieli, gdzie uderzyć" - napisał Prokudin.', "pl"),
])
def test_calling_a_party_fascists_or_criminals_accuses_it(dam, text, language):
    assert claims(text, dam, language) == [("prokudin", "russia", "accuses")]


def test_only_that_side_would_is_an_accusation(dam):
    # "Nur die ukrainische Armee würde ... einsetzen" (only X would use ...): the speaker blames X, not a blank stance
    text = ("Der Gouverneur Oleksandr Prokudin erklärte, der Damm sei von innen gesprengt worden. "
            "Nur die russische Armee würde solche Sprengladungen einsetzen.")
    assert ("prokudin", "russia", "accuses") in claims(text, dam, "de")


@pytest.mark.parametrize("text, language", [
    # a person's denial naming no one denies the part of the side the person speaks for, not the person's own
    ("Kremlin spokesman Dmitry Peskov denied any strike on civilian targets.", "en"),
    ("Дмитрий Песков отверг обвинения в ударах по жилым домам.", "ru"),
])
def test_a_persons_denial_naming_no_one_denies_the_side_it_speaks_for(dam, text, language):
    assert claims(text, dam, language) == [("peskov", "russia", "denies")]


@pytest.mark.parametrize("text, language", [
    # "we do not strike": the speaker's own side is denied, not the regime the rest of the quotation names
    ("«Мы не наносим ударов по гражданским объектам, только по военным целям киевского режима», — заявил "
     "Дмитрий Песков.", "ru"),
    ('"We do not attack civilian targets, only the military targets of the Kiev regime," Dmitry Peskov said.', "en"),
    ("„Nie atakujemy obiektów cywilnych, tylko cele wojskowe reżimu w Kijowie” - powiedział Dmitrij Pieskow.", "pl"),
])
def test_a_denial_in_the_first_person_denies_the_speakers_own_side(dam, text, language):
    assert claims(text, dam, language) == [("peskov", "russia", "denies")]


def test_polish_nie_inside_a_word_is_no_negation(dam):
    # "Rosjanie ostrzelali" holds the letters of "nie ostrzelali": an accusation, not a denial
    text = "Wołodymyr Zełenski poinformował, że Rosjanie ostrzelali dworzec kolejowy."
    assert ("zelensky", "russia", "accuses") in claims(text, dam, "pl")
    assert not [r for r in claims(text, dam, "pl") if r[2] == "denies"]


@pytest.mark.parametrize("text, language, stance", [
    # the legal note of a banned group ("признана террористической") acknowledges nothing
    ("Минобороны России сообщило, что дамбу взорвали боевики «Азова» (организация признана террористической и "
     "запрещена в России).", "ru", "accuses"),
    # a demand of proof of non-involvement blames the one asked
    ("Песков потребовал от Киева представить доказательства своей непричастности к взрыву.", "ru", "accuses"),
    # "hysteria" of the other side: a dismissal
    ('Das russische Verteidigungsministerium wies die Reaktionen als "Hysterie des Kiewer Regimes" zurück.', "de",
     "dismisses"),
])
def test_stance_cues_of_russian_and_german_statements(dam, text, language, stance):
    assert stance in {r[2] for r in claims(text, dam, language)}
    assert "acknowledges" not in {r[2] for r in claims(text, dam, language)}


@pytest.mark.parametrize("text, language", [
    ("El Ministerio de Defensa ruso afirmó que las destrucciones fueron ocasionadas por un misil antiaéreo "
     "ucraniano.", "es"),
    ("Глава администрации Владимир Леонтьев сообщил, что это произошло в результате ударов со стороны украинских "
     "войск.", "ru"),
])
def test_the_doer_of_the_act_is_accused(dam, text, language):
    assert any(r[1] == "ukraine" and r[2] == "accuses" for r in claims(text, dam, language))


@pytest.mark.parametrize("text, language, expected", [
    # the denial's next clause tells who did it, with no cue word: the speaker denies its own side's part and
    # blames the one that clause names
    ("Kremlin spokesman Dmitry Peskov denied any strike on the dam and said that it was hit by a falling "
     "Ukrainian missile.", "en", [("peskov", "russia", "denies"), ("peskov", "ukraine", "accuses")]),
    # the accusation first, the denial joined to it by "y": two rows, the denial of the speaker's own side
    ("El presidente Volodímir Zelenski afirmó que la explosión fue un «crimen de guerra ruso» y negó haber "
     "atacado la presa.", "es", [("zelensky", "russia", "accuses"), ("zelensky", "ukraine", "denies")]),
])
def test_a_denial_and_an_accusation_of_another_in_two_clauses_give_two_rows(dam, text, language, expected):
    assert claims(text, dam, language) == expected


def test_calling_anothers_claim_a_lie_accuses_no_one(dam):
    # "a lie" is no verb of the speaker's: what is denied is the claim that the Ukrainian army shelled the dam
    text = ("Der SBU nannte die Behauptungen der russischen Propaganda, dass der Damm von der ukrainischen Armee "
            "beschossen wurde, eine Lüge.")
    assert "accuses" not in {r[2] for r in claims(text, dam, "de")}


@pytest.mark.parametrize("text, language", [
    # the doer of the act named after the agent's preposition, inside the quotation too
    ('"Około 300 osób zginęło w wyniku bombardowania przez rosyjski samolot" - napisał Prokudin.', "pl"),
    ('"Esos misiles solo son utilizados por las fuerzas armadas rusas", dijo Prokudin.', "es"),
])
def test_an_act_by_a_party_in_a_quotation_accuses_it(dam, text, language):
    assert claims(text, dam, language) == [("prokudin", "russia", "accuses")]
