"""English cue words, and the vocabulary ids they suggest.

The ids are those of the bundled ``stances.csv``, ``metrics.csv`` and the
schema's enums (``claims-dashboard init`` copies them into a new folder). A
cue whose id a data folder does not define is never proposed there.
"""

from __future__ import annotations

import re

_W = r"[\s\u00a0]+"


def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern.replace(" ", _W), re.IGNORECASE)


# -- attribution --------------------------------------------------------------

#: Verbs that attribute speech or a position to their subject. "continued" only after a quotation.
SPEECH_VERBS = (
    "said says say saying told tells telling stated states stating claimed claims claim claiming "
    "asserted asserts asserting insisted insists insist added adds adding wrote writes writing asked asks "
    "argued argues alleged alleges warned warns suggested suggests hinted hints insinuated insinuates "
    "announced announces declared declares explained explains noted notes stressed stresses maintained "
    "maintains reiterated reiterates recalled recalls assured assures confirmed confirms reported "
    "responded responds raved stammered accused accuses accusing blamed blames blaming blame denied "
    "denies deny denying rejected rejects rejecting dismissed dismisses dismissing admitted admits "
    "acknowledged acknowledges conceded concedes questioned questions contested contests disputed "
    "disputes condemned condemns described describes called calling refused refuses refusing ignored "
    "ignores vowed vows urged urges continued continues declined declines declining"
).split()
#: Verbs that make a claim of any sentence; the others need a target, a cue word or a quotation.
CORE_VERBS = {"said", "says", "say", "saying", "told", "tells", "stated", "claimed", "claims", "claim",
              "asserted", "insisted", "insists", "alleged", "alleges", "wrote"}
#: Verb forms that are also nouns: a noun after an adjective ("an unsubstantiated claim").
NOUN_FORMS = {"claim", "claims", "blame", "question", "questions", "calls", "states", "notes", "reports",
              "accused"}
AFTER_QUOTE_ONLY = {"continued", "continues", "added", "adds", "asked", "asks", "wrote", "writes"}
#: A word before a verb form that makes it a noun ("the claims", "a claim").
DETERMINERS = {"the", "a", "an", "these", "those", "this", "its", "his", "her", "their", "our", "your",
               "my", "such", "any", "no", "some", "many", "several", "new", "american", "russian", "western",
               "of"}
PRONOUNS = {"he", "she"}
#: Titles that make "the Russian leader" a definite description of a person named before.
TITLES = ("leader", "president", "spokesman", "spokeswoman", "spokesperson", "minister", "chief", "head",
          "ambassador", "secretary", "director", "official", "adviser", "advisor", "deputy", "prime minister")
#: Words of an organisation's name, so that a new actor named with them is not a person.
ORG_WORDS = {"ministry", "council", "service", "services", "agency", "government", "office", "department",
             "committee", "party", "group", "state", "army", "police", "court", "embassy", "news", "press",
             "times", "post", "union", "organization", "organisation", "institute", "university",
             "commission", "bureau", "authority", "authorities", "forces", "guard", "kremlin", "house",
             "republic", "federation", "front", "brigade", "command", "network", "tv", "radio", "daily", "hall",
             "province", "branch", "regime", "media", "officials", "city", "club", "company", "bank"}

# -- stances, strongest first -------------------------------------------------

STANCE_CUES: list[tuple[str, re.Pattern]] = [
    ("claims_responsibility", _rx(r"\b(?:claim(?:ed|s|ing)?|took|taken|takes|assum(?:ed|es)) "
                                  r"(?:full )?responsibility\b|\bsaid it was responsible\b|"
                                  r"\bclaim(?:ed|s)? (?:the|this) (?:attack|bombing|massacre)\b")),
    ("declines_to_comment", _rx(r"\b(?:declin\w* to|could not|would not|wouldn['’]t|refus\w* to|"
                                r"inappropriate to|not) comment\b|\bno comment\b|\brefus\w* to blame\b|"
                                r"\bnot publicly identified\b")),
    ("denies", _rx(r"\b(?:den(?:y|ies|ied|ying)|reject(?:s|ed|ing)?|rul(?:e|ed|ing) out)\b|"
                   r"\bnothing to do with\b|\bno (?:\w+ )?(?:involvement|role|part)\b|\bmakes no sense\b")),
    ("acknowledges", _rx(r"\b(?:admit(?:s|ted)?|acknowledg(?:e|es|ed)|conced(?:e|es|ed)|grudgingly)\b")),
    ("questions", _rx(r"\b(?:question(?:s|ed)?|contest(?:s|ed)?|disput(?:e|es|ed)|doubt\w*|suspicious|"
                      r"are you sure|think again)\b")),
    ("dismisses", _rx(r"\b(?:dismiss(?:es|ed|ing)?|ignor(?:e|es|ed)|refus\w* to acknowledge|"
                      r"writ\w* it off|blackmail|provocative|propaganda|no question of any help|"
                      r"threatening|not our area|too vague)\b")),
    ("accuses", _rx(r"\b(?:accus\w*|blam\w*|behind|responsible|involved|involvement|orchestrat\w*|"
                    r"conspir\w*|ordered|traces? lead|footprint|sponsor\w*|window)\b")),
]
DEFAULT_STANCE = "accuses"
#: Stances whose target is the speaker when no one else is named.
SELF_TARGETED = {"claims_responsibility", "denies"}

# -- figures ------------------------------------------------------------------

SMALL = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
         "sixteen seventeen eighteen nineteen").split()
TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
NUMBER_WORDS = {w: i for i, w in enumerate(SMALL)}
NUMBER_WORDS.update({w: 20 + 10 * i for i, w in enumerate(TENS)})
NUMBER_WORDS.update({"a dozen": 12, "dozen": 12, "a hundred": 100, "one hundred": 100})
ORDINALS = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split())}
#: What a number can count so that it is a figure (after up to three modifiers).
PERSON_NOUNS = {
    "people", "persons", "person", "men", "man", "women", "woman", "children", "child", "kids", "gunmen",
    "gunman", "attackers", "attacker", "assailants", "terrorists", "militants", "shooters", "perpetrators",
    "suspects", "suspect", "individuals", "individual", "accused", "others", "victims", "civilians",
    "bodies", "hostages", "spectators", "concertgoers", "visitors", "citizens", "nationals", "dead",
    "injured", "wounded", "detainees", "officers", "soldiers", "fatality", "fatalities", "casualties",
    "neighbors", "neighbor", "neighbours", "neighbour", "residents", "worshippers", "students", "pupils",
    "passengers", "tourists", "workers", "journalists", "policemen", "firefighters", "paramedics", "guards",
    "protesters", "migrants", "pilgrims", "fans", "shoppers", "staff", "patients", "police",
}
ATTACKER_NOUNS = {"gunmen", "gunman", "attackers", "attacker", "assailants", "terrorists", "shooters",
                  "perpetrators", "militants"}
CHILD_NOUNS = {"children", "child", "kids"}
OTHER_NOUNS = {"others", "other"}
#: Units after which a number is not a count of people.
UNITS = {"day", "days", "week", "weeks", "month", "months", "year", "years", "decade", "decades", "hour",
         "hours", "minute", "minutes", "second", "seconds", "percent", "per", "%", "km", "kilometres",
         "kilometers", "miles", "metres", "meters", "times", "floors", "storeys", "am", "pm", "a.m.", "p.m.",
         "million", "billion", "countries", "groups"}
#: Qualifier phrases before a number, to the schema's qualifier values.
QUALIFIERS = [
    ("more than", "more_than"), ("upwards of", "more_than"), ("in excess of", "more_than"),
    ("at least", "at_least"), ("no fewer than", "at_least"), ("fewer than", "fewer_than"),
    ("less than", "fewer_than"), ("up to", "up_to"), ("as many as", "up_to"), ("at most", "up_to"),
    ("nearly", "nearly"), ("almost", "almost"), ("about", "about"), ("approximately", "about"),
    ("roughly", "about"), ("some", "about"), ("around", "around"), ("over", "over"),
]

#: Cue words of a metric family: (family, pattern, where the count stands).
#: ``before``: "140 people died"; ``after``: "killing 140"; ``either``: decided by the words around it.
FIGURE_CUES: list[tuple[str, re.Pattern, str]] = [
    ("deaths", _rx(r"\b(?:dead|died|deaths|fatalit(?:y|ies)|lost their lives)\b"), "before"),
    ("deaths", _rx(r"\b(?:killing|slaughter(?:ing)? of|murder(?:ing|ed)?|massacr(?:e|ed|ing)|"
                   r"(?:death )?toll (?:of|rose to|reached|climbed to|stands at|stood at|at|to)|"
                   r"claimed the lives of|lives of)\b"), "after"),
    ("deaths", _rx(r"\bkilled\b"), "either"),
    ("injured", _rx(r"\b(?:injured|wounded|hurt|hospitali[sz]ed)\b"), "either"),
    ("injured", _rx(r"\b(?:injuring|wounding)\b"), "after"),
    ("injured", _rx(r"\b(?:injuries|in hospital|in critical condition)\b"), "before"),
    ("detained", _rx(r"\b(?:arrested|apprehended|captured|remanded|detained(?! until))\b"), "either"),
    ("detained", _rx(r"\b(?:(?:taken|placed|held) into custody|in custody|arrests|detentions)\b"), "before"),
    ("accused", _rx(r"\b(?:charged|indicted)\b"), "either"),
    ("pleaded_guilty", _rx(r"\b(?:plead(?:ed)? guilty|pled guilty)\b"), "before"),
    ("people_present", _rx(r"\b(?:in|inside) the (?:hall|venue|building|auditorium|theatre|theater|arena|"
                           r"stadium)\b|\battend(?:ed|ing)\b"), "before"),
]
#: Families counted over a whole clause ("The four men ... were charged"); the others stay close.
PROCEDURAL = {"detained", "accused", "pleaded_guilty"}
#: Words in the clause that make "four men" the attackers.
ATTACK_CUES = _rx(r"\b(?:behind the attack|responsible for the attack|stormed|opened fire|carried out|"
                  r"attacked|heavily armed|armed with)\b")
PASSIVE = _rx(r"\b(?:were|was|been|be|are|is|being|got)(?: \w+ly)? $")
#: Figure family -> metric id; noun classes refine it.
METRICS = {"deaths": "deaths", "injured": "injured", "detained": "detained", "accused": "accused",
           "pleaded_guilty": "pleaded_guilty", "people_present": "people_present",
           "children": "children_killed", "others": "detained_others", "attackers": "attackers"}

# -- events -------------------------------------------------------------------

#: Event categories by cue, strongest first (the schema's enum decides which exist).
EVENT_CUES: list[tuple[str, re.Pattern]] = [
    ("claim_of_responsibility", _rx(r"\bclaim\w* (?:full )?responsibility|took responsibility")),
    ("court", _rx(r"\b(?:court|charged|remanded|pleaded|trial|sentenced|detention|indicted)\b")),
    ("commemoration", _rx(r"\b(?:mourning|memorial|commemorat\w*|tribute|flowers|vigil)\b")),
    ("warning", _rx(r"\b(?:warn\w*|alert|advisory)\b")),
    ("admission", _rx(r"\b(?:admit\w*|acknowledg\w*|conced\w*)\b")),
    ("security", _rx(r"\b(?:security|raised|terror alert|checkpoints|troops)\b")),
    ("attack", _rx(r"\b(?:attack\w*|shooting|stormed|massacre|opened fire|explosion|bomb\w*|killed)\b")),
    ("statement", _rx(r"\b(?:said|told|stated|claimed|address|speech|statement|accused|blamed|denied)\b")),
]
DEFAULT_EVENT_CATEGORY = "statement"
