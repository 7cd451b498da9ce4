"""Who speaks: the speaker of each verb or phrase of attribution in a sentence.

The reader (:class:`_Reader`) goes through an article sentence by sentence,
remembering who was last named and last heard, and names the speaker of each
attribution verb ("said", "заявил", "a déclaré") or phrase ("according to X",
"по словам X"): the actor named closest before the verb, the one after it in
languages that put the subject after the verb, the person last named for
"he" or "the Russian leader", a new actor for a name not yet known. An outlet
is never a speaker. :mod:`.claims` turns what it finds into claims (targets,
stance, quote).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .actors import ActorIndex, Mention, slug
from .lexicon import Lexicon, WordSet, _word_rx
from .segment import Sentence

__all__ = ["Attribution", "NewActor"]

_GAP = r"[\s\u00a0]+"
_UPPER = "".join(c for c in map(chr, range(0x41, 0x530)) if c.isupper())
_CAP = f"[{re.escape(_UPPER)}]"
_QUOTES = "\u201c\u201d\"\u00ab\u00bb\u201e"


@dataclass
class NewActor:
    """An actor proposed because a speaker or target was named but is not in ``actors.csv``."""

    actor_id: str
    name: str
    role: str
    kind: str
    aliases: tuple[str, ...]
    sentence: Sentence
    from_parties: bool = False


@dataclass
class Attribution:
    """A speaker found for a verb or phrase of a sentence."""

    at: int  # offset of the verb or phrase in the article
    end: int
    verb: str
    phrase: str
    phrase_at: int
    actor_ids: list[str]
    printed: str
    how: str
    confidence: str
    new_actor: NewActor | None = None
    own_clause: bool = False  # after a clause break (", but ..."): its own scope for stance and targets
    ends_report: bool = False  # "..., Peskov said Tuesday.": the words before the comma are what was said


class _Words:
    """The regular expressions of one lexicon that the reader needs, compiled once per article."""

    def __init__(self, lex: Lexicon):
        self.lex = lex
        verbs = WordSet((*lex.speech_verbs.words, *lex.participles.words, *lex.citing_verbs.words)).pattern()
        prefixes = lex.verb_prefixes.pattern()  # Arabic "وقال": "and" + "said"
        pre = f"(?:{prefixes})?" if prefixes else ""
        self.verb = re.compile(rf"(?<![\w-]){pre}({verbs})(?![\w-])", re.IGNORECASE) if verbs else None
        particles = lex.particles or "(?!x)x"
        word = rf"(?:{_CAP}[\w’'.-]+|{particles})"
        self.name = re.compile(rf"{word}(?:[\s\u00a0]+{word})*")
        trailing = lex.trailing.pattern()
        self.trailing = re.compile(rf"(?:[\s\u00a0,]+(?:{trailing}))+[\s\u00a0,]*$", re.IGNORECASE) \
            if trailing else None
        concessive = lex.concessive_openers.pattern()  # "Si bien ..., X rechazó": a subordinate clause first
        self.concessive = re.compile(rf"^[\W_]*(?:{concessive})(?![\w-])", re.IGNORECASE) if concessive else None
        conjunctions = lex.clause_conjunctions.pattern()
        self.conjunction = re.compile(rf"(?<![\w’'-])(?:{conjunctions})(?![\w-])", re.IGNORECASE) \
            if conjunctions else None
        documents = lex.document_anaphors.pattern()  # "the statement said": the speaker last heard
        self.document = re.compile(rf"[\s\u00a0,\u201d\u201c\"\u00bb\u2014\u2013-]*(?:{documents})(?![\w-])", re.IGNORECASE) if documents else None
        pairs = lex.pair_anaphors.pattern()  # "كلاهما", "both of them": the two speakers last heard
        self.pair = re.compile(rf"[\s\u00a0,]*(?:{pairs})(?![\w-])[\s\u00a0,]*", re.IGNORECASE) if pairs else None
        anaphors = lex.group_anaphors.pattern()  # "le groupe", "the group": the group last named
        self.anaphor = re.compile(rf"(?:^|[\s\u00a0,])(?:{anaphors})$", re.IGNORECASE) if anaphors else None
        pronouns = lex.pronouns.pattern()
        self.pronoun = re.compile(rf"(?:^|[\s\u00a0,(-])(?P<p>{pronouns})$|^[\s\u00a0]*(?P<q>{pronouns})(?![\w])",
                                  re.IGNORECASE) if pronouns else None
        titles = lex.titles.pattern()
        tail = "" if lex.language == "en" else rf"(?:{_GAP}[^\W\d_][\w’'-]*){{0,3}}"  # "речник Кремля"
        self.title = re.compile(rf"(?<![\w])(?:the{_GAP})?(?:[\w’'-]+{_GAP}){{0,2}}(?:{titles}){tail}$",
                                re.IGNORECASE) if titles else None
        self.title_word = re.compile(rf"(?<![\w])(?:{titles})(?![\w])", re.IGNORECASE) if titles else None
        nouns = lex.speaker_nouns.pattern()
        self.speaker_nouns = re.compile(rf"(?:{_GAP}[^\W\d_][\w-]*){{0,2}}?{_GAP}(?:{nouns})(?![\w])",
                                        re.IGNORECASE) if nouns else None
        # "le ministère israélien", "el Gobierno ruso": a speaker noun right before a demonym
        self.noun_demonym = re.compile(rf"(?<![\w-])(?:{nouns})(?:{_GAP}[^\W\d_][\w’'-]*)?{_GAP}$",
                                       re.IGNORECASE) if nouns else None
        ministry = lex.ministry_words.pattern()
        # "ukraiński resort obrony": a demonym, a word for a ministry and the uncased word of its field
        self.ministry = re.compile(rf"{_GAP}(?:{ministry}){_GAP}[^\W\d_A-Z\u0410-\u042f][\w-]*(?![\w-])") \
            if ministry else None
        outlets = lex.outlets.pattern()
        self.outlet_names = re.compile(rf"(?<![\w-])(?:{outlets})(?![\w-])") if outlets else None
        words = lex.outlet_words.pattern()
        self.outlet_words = re.compile(rf"(?<![\w-])(?:{words})(?![\w-])", re.IGNORECASE) if words else None
        self.leading = re.compile(r"^(?:" + "|".join(map(re.escape, lex.leading)) + r")\b") if lex.leading else None
        core = lex.core_verbs.pattern()
        self.speaks = re.compile(rf"[\s\u00a0]+(?:[^\W\d_][\w’'-]*[\s\u00a0]+){{0,2}}?(?:{core})(?![\w-])",
                                 re.IGNORECASE) if core else None
        breaks = lex.clause_breaks.pattern()
        self.clause_break = re.compile(rf"(?:;|,[\s\u00a0]*(?:{breaks})(?![\w]))[\s\u00a0]*" if breaks else r";[\s\u00a0]*",
                                       re.IGNORECASE)
        # the end of a clause in any script: a semicolon, or a comma and a word that opens another ("، بينما")
        self.clause_end = re.compile(rf"[;؛]|[,،][\s\u00a0]*(?:{breaks})(?![\w])" if breaks else r"[;؛]",
                                     re.IGNORECASE)
        toward = lex.place_prepositions.pattern()
        # "пытались въехать в Белоруссию": a country after a preposition of place is a place, not a party
        self.toward = re.compile(rf"(?<![\w-])(?:{toward})[\s\u00a0]+$", re.IGNORECASE) if toward else None
        subjectless = lex.subjectless_verbs.pattern()  # "Explicó que ...": the person last named
        self.subjectless = re.compile(rf"(?:{subjectless})$", re.IGNORECASE) if subjectless else None
        openers = lex.appositive_openers.pattern()  # "Hamas, whose attack ...,": a clause about the noun before
        self.appositive = re.compile(rf",[\s\u00a0]*(?:{openers})(?![\w-])") if openers else None
        relatives = lex.relative_pronouns.pattern()  # "..., que culpa a Ucrania": the verb right after the pronoun
        self.relative = re.compile(rf",[\s\u00a0]*(?:{relatives})[\s\u00a0]+$", re.IGNORECASE) if relatives else None
        # "ceux qui ont également accusé X": a relative pronoun (and an auxiliary or adverb) before the verb; X is
        # its object, never the speaker
        self.relative_end = re.compile(rf"(?<![\w-])(?:{relatives})(?:[\s\u00a0]+[\w’'-]+){{0,2}}[\s\u00a0]*$",
                                       re.IGNORECASE) if relatives else None
        party_cues = lex.party_cues.pattern()
        self.party_cue = re.compile(rf"(?<![\w-])(?:{party_cues})(?![\w-])", re.IGNORECASE) if party_cues else None
        agents = lex.agent_prepositions.pattern()  # "used by the Russian military": the act's doer follows
        determiners = lex.determiners.pattern()
        det = rf"(?:(?:{determiners}){_GAP})?" if determiners else ""
        self.agent = re.compile(rf"{_GAP}(?:{agents}){_GAP}{det}", re.IGNORECASE) if agents else None
        party_acts = lex.party_acts.pattern()  # "Russia shelled the prison": a verb of the act, its doer named next to it
        self.party_act = re.compile(rf"(?<![\w-])(?:{party_acts})(?![\w-])", re.IGNORECASE) if party_acts else None
        self.auxiliary = lex.trailing.pattern() or "(?!x)x"  # "and then said", "et a déclaré": still the same verb's subject
        self.to_blame = re.compile(r"\b(?:is|was|are|were|be|been)[\s\u00a0]+to[\s\u00a0]+$", re.IGNORECASE)
        # the end of a clause: punctuation or a word that starts another ("... was breached but considers")
        self.clause_end = re.compile(rf"[,;:]|[\s\u00a0](?:{breaks})(?![\w])" if breaks else r"[,;:]", re.IGNORECASE)

    def outlet(self, text: str) -> str:
        """The outlet named in a speaker phrase, if any ("newswire AFP", "Western media")."""
        for pattern in (self.outlet_names, self.outlet_words):
            if pattern is not None:
                hit = pattern.search(text)
                if hit:
                    return hit.group()
        return ""


class _Investigations:
    """Outlets an article credits with an investigation, analysis or finding of their own (lexicon
    ``investigation_words`` near the outlet's name: "evidence collected and analysed by The New York Times",
    "Recherchen der New York Times zufolge", "وفق تحقيق أجرته صحيفة نيويورك تايمز"). Such an outlet is a
    claimant in every sentence of that article; an outlet that only relays what others said stays no speaker
    ("AFP reported that X said", "according to Reuters")."""

    REACH = 60  # characters at most between the outlet and the word of its investigation

    def __init__(self, w: _Words, lex: Lexicon):
        self.w = w
        words = lex.investigation_words.pattern()
        self.word = re.compile(rf"(?<![\w-])(?:{words})(?![\w-])", re.IGNORECASE) if words else None
        that = lex.complementizers.pattern()  # "AFP reported that prosecutors opened an investigation"
        self.that = re.compile(rf"(?<![\w-])(?:{that})(?![\w-])", re.IGNORECASE) if that else None
        self.own = lex.reflexive  # "The newspaper said that its investigation": still the outlet's
        self.names = lex.outlets.words
        self.credited: dict[str, str] = {}  # actor id -> the outlet's name as printed
        self.sentences: dict[int, tuple[str, str, int, re.Match]] = {}  # sentence index -> (id, printed, at, word)

    def _outlets(self, s: Sentence, reader: "_Reader") -> list[tuple[int, int, str, str]]:
        """(start, end, actor id or "", printed) of the outlets a sentence names: a known actor spelled as an
        outlet, or a name of the lexicon's outlets; a word for an outlet alone ("the newspaper") has no id."""
        out = [(m.start - s.start, m.end - s.start, m.actor_id, m.printed)
               for m in reader.index.mentions(s.text, s.start) if not m.person and not m.place
               and self.w.outlet(m.printed)]
        for pattern in (self.w.outlet_names, self.w.outlet_words):
            for hit in (pattern.finditer(s.text) if pattern is not None else ()):
                if not any(a < hit.end() and hit.start() < b for a, b, _, _ in out):
                    out.append((hit.start(), hit.end(), "", hit.group() if pattern is self.w.outlet_names else ""))
        return sorted(out)

    def scan(self, sentences: list[Sentence], reader: "_Reader") -> None:
        """Find the outlets credited in an article, before it is read: a sentence may quote the outlet before
        the one that names its investigation. An outlet not yet known becomes a new actor (an organisation)."""
        if self.word is None:
            return
        last = ("", "")  # the outlet named last: the one "the newspaper" stands for
        for s in sentences:
            outlets = self._outlets(s, reader)
            for hit in self.word.finditer(s.text):
                near = [o for o in outlets if max(o[0], hit.start()) - min(o[1], hit.end()) <= self.REACH
                        and not self._between(s, reader, o, hit)]
                near.sort(key=lambda o: max(o[0], hit.start()) - min(o[1], hit.end()))
                for start, end, actor_id, printed in near:
                    if not actor_id and printed:  # a name of the lexicon's outlets, not yet an actor
                        actor_id = self._actor(s, reader, printed)
                    elif not actor_id:  # "the newspaper said its investigation": the outlet named last
                        actor_id, printed = last
                    if actor_id:
                        self.credited.setdefault(actor_id, printed)
                        self.sentences.setdefault(s.index, (actor_id, printed, s.start + start, hit))
                        break
            for start, end, actor_id, printed in outlets:
                if actor_id or printed:
                    last = (actor_id or self._known(reader, printed), printed)

    def _between(self, s: Sentence, reader: "_Reader", outlet: tuple, hit: re.Match) -> bool:
        """Whether another party is named between the outlet and the word ("Reuters reported that Ukraine's
        investigation ..."): the investigation is that party's."""
        a, b = min(outlet[1], hit.end()), max(outlet[0], hit.start())
        if any(not m.place and not self.w.outlet(m.printed) for m in reader.index.mentions(s.text[a:b], s.start + a)):
            return True
        that = list(self.that.finditer(s.text, a, b)) if self.that is not None and outlet[1] <= hit.start() else []
        # "AFP reported that prosecutors opened an investigation": what the outlet reports, unless the words
        # after "that" make the investigation its own ("said that its investigation")
        return bool(that) and not any(w.casefold() in self.own for w in re.findall(r"[\w’'-]+", s.text[that[-1].end():b]))

    def _known(self, reader: "_Reader", printed: str) -> str:
        hits = [m for m in reader.index.mentions(printed) if not m.person and not m.place]
        return hits[0].actor_id if hits else ""

    def _actor(self, s: Sentence, reader: "_Reader", printed: str) -> str:
        name = re.sub(r"^(?:the|The)[\s\u00a0]+", "", printed)
        # "New York Timesa" (lexicon "New York Times*"): the outlet is named by its word, not its inflected form
        name = next((w.strip("*") for w in self.names if "*" in w and re.fullmatch(_word_rx(w), name)), name)
        return self._known(reader, name) or reader._propose_actor(
            s, name, "news outlet (its own investigation)", "organisation", (name, printed), fallback="outlet").actor_id

    def speaks(self, ids: list[str]) -> bool:
        """Whether every actor found is an outlet this article credits with its own investigation."""
        return bool(ids) and all(i in self.credited for i in ids)

    def attribution(self, s: Sentence) -> Attribution | None:
        """The credited outlet as the speaker of the sentence that names its investigation, for a sentence
        without another speaker ("Доказательства, собранные и проанализированные The New York Times, ...")."""
        if s.index not in self.sentences:
            return None
        actor_id, printed, at, hit = self.sentences[s.index]
        return Attribution(s.start + hit.start(), s.start + hit.end(), hit.group(), printed, at, [actor_id],
                           printed, f"'{hit.group()}': the investigation of the outlet {actor_id}", "medium")


def _unbracketed(phrase: str) -> str:
    """The phrase with parentheses blanked out (same length)."""
    return re.sub(r"\([^)]*\)", lambda m: " " * len(m.group()), phrase)


@dataclass
class _Run:
    """A run of capitalised words, read as a :class:`re.Match` is (``start()``, ``end()``, ``group()``)."""

    at: int
    to: int
    text: str

    def start(self) -> int:
        return self.at

    def end(self) -> int:
        return self.to

    def group(self) -> str:
        return self.text


class _Reader:
    """Reads one article sentence by sentence, remembering who was last named."""

    def __init__(self, index: ActorIndex, taken_ids: set[str], lex: Lexicon):
        self.index = index
        self.taken_ids = taken_ids  # actor ids in use, for new actors
        self.persons: list[tuple[int, str]] = []  # (offset, actor_id) of persons named, in order
        self.groups: list[tuple[int, str]] = []  # (offset, actor_id) of groups (not persons, not governments) named
        self.heard: list[str] = []  # speakers of the sentences read so far, in order (set by propose_claims)
        self.said_last = ""  # the last speaker of the last sentence with one (set by propose_claims)
        self.said_last_in = -1  # the index of that sentence
        self.opened_by: tuple[int, str] | None = None  # (sentence index, person) of a sentence a person opens
        self.bodies: list[tuple[int, str]] = []  # (offset, actor_id) of every body named (not persons, not places)
        self.new_actors: list[NewActor] = []
        self.lex = lex
        self.w = _Words(lex)
        self.investigations = _Investigations(self.w, lex)  # outlets credited with their own investigation
        self.not_names = set(lex.not_names) | {  # "In early May": no one is named
            k[:1].upper() + k[1:] for k in (*lex.get("dates", "months", {}), *lex.get("dates", "weekdays", {}))}

    def last_person(self, before: int) -> str | None:
        found = [(pos, a) for pos, a in self.persons if pos < before]
        return max(found, key=lambda f: f[0])[1] if found else None

    def _person_like(self, run: str) -> bool:
        """Whether a run of capitalised words ends in a person's name: two words, no organisation word."""
        words = run.split()
        tail = words[-2:]
        return (len(words) >= 2 and not any(w.strip(".’'") in self.lex.org_words for w in tail)
                and not any(w.isupper() for w in tail) and not any(w in self.not_names for w in tail)
                and not any(w.strip(".’'") in self.lex.titles for w in tail))

    def _strip_trailing(self, phrase: str) -> str:
        phrase = phrase.rstrip()
        if self.w.trailing is not None:
            phrase = self.w.trailing.sub("", phrase)
        return phrase.rstrip(" ,\u00a0")

    # -- speakers -------------------------------------------------------------

    def resolve(self, s: Sentence, phrase: str, at: int, allow_new: bool = True,
                after: bool = False) -> tuple[list[str], str, str, str, NewActor | None]:
        """(actor ids, printed, how, confidence, new actor) of a speaker phrase starting at offset ``at``.

        Without ``allow_new`` an unknown name is left unmatched, so that the
        caller can first try a wider phrase. ``after``: the phrase follows the
        verb ("заявил Песков", "اتهم الكرملين أوكرانيا"), so its first actor speaks.
        """
        one = self._one_person(phrase, at, after, s)
        if one is not None:  # "powiedział Ukrainiec": the person last named
            return one
        document = self.w.document.match(phrase) if self.w.document is not None else None
        if document and self.heard and len(phrase.split()) <= 10 and not self.index.mentions(phrase, at):
            # "the statement said", "استنكر البيان": the statement of the speaker last heard
            # not a party its words name ('"Russia's use of ... should be investigated," the statement said')
            named = {m.actor_id for m in self.index.mentions(s.text, s.start, weak=True)}
            who = next((h for h in reversed(self.heard) if h not in named), None)
            if who is None:
                return [], document.group().strip(), "the statement of a speaker its words name", "low", None
            word = document.group().strip()
            return [who], word, f"'{word}': the statement of {who}, the speaker last heard", "low", None
        pair = self.w.pair.match(phrase) if self.w.pair is not None else None
        if pair and (after or (pair.end() == len(phrase) and len(phrase.split()) <= 4)):
            # "واتهم كلاهما", "both of them said": the two speakers last heard
            two = list(dict.fromkeys(reversed(self.heard)))[:2]
            if len(two) == 2:
                word = pair.group().strip(" ,\u00a0")
                return two[::-1], word, f"'{word}': {' and '.join(two[::-1])}, the two speakers last heard", "low", None
        if after:
            return self._resolve_after(s, phrase, at, allow_new)
        quotes = [(a, b) for a, b in s.quotes if not _quoted_name(s, a, b)]  # «Ісламський джихад» is a name
        mentions = [m for m in self.index.mentions(phrase, at)
                    if not any(a <= m.start < b for a, b in quotes)]
        body = self._quoted_body(s, phrase, at, allow_new, mentions)
        if body is not None:  # 'Украинское оперативное командование "Юг"': the command, not Ukraine
            return body
        bracketed = [(m.start() + at, m.end() + at) for m in re.finditer(r"\([^)]*\)", phrase)]
        plain = [m for m in mentions if m.how == "role" or not any(a <= m.start < b for a, b in bracketed)]
        plain = [m for m in plain if not m.place]
        persons = [m for m in plain if m.person and m.how in ("alias", "spelling")]
        run = self._name_run(_unbracketed(phrase))
        if persons and run is not None and run.start() + at >= persons[-1].end and self._person_like(run.group()) \
                and not _particle_and_one_name(run.group()):
            # "Joe Biden’s advisor, Jake Sullivan": the unknown person speaks; not "gouverneur de Kherson", a
            # place after the title's preposition
            persons = []
        holder = self._title_of(phrase, at, plain)
        if holder is not None:  # "пресс-секретарь Путина", "прессекретар Кремля": the title's holder speaks
            return holder
        if persons:
            m = persons[-1]
            head = self._appositive_head(phrase, at, persons)
            if head is not None:  # "Dmitry Peskov, Putin's chief spokesperson,": Peskov, not the one he speaks for
                m = head
            elif len(persons) >= 2 and persons[-2].actor_id != m.actor_id:
                # "Both Advisor Oleksiy Arestovych and Regional Head Pavlo Kyrylenko said": two persons, each
                # with the title before the name, joined by "and": both speak
                gap = phrase[persons[-2].end - at:m.start - at]
                joined = _JOIN.match(gap) is not None and _JOIN.match(gap).end() > 0 and re.fullmatch(
                    rf"(?:{_JOIN.pattern})(?:[\s\u00a0]*{_CAP}[\w’'.-]*)*[\s\u00a0]*", gap) is not None \
                    and re.search(r"[\s\u00a0](?:and|и|і|та|et|und|y|i|oraz|و)[\s\u00a0]", gap) is not None
                if joined and not phrase[m.end - at:].strip(" ,\u00a0"):
                    ids = [persons[-2].actor_id, m.actor_id]
                    printed = phrase[persons[-2].start - at:m.end - at]
                    return ids, printed, f"'{printed}': {' and '.join(ids)}", "medium", None
            if len(persons) == 1 and not phrase[m.end - at:].strip(" ,\u00a0"):
                pair = re.search(rf"({self.w.name.pattern})[\s\u00a0]+(?:and|и|і|та|et|und|y|i|oraz)"
                                 rf"(?:[\s\u00a0]+{_CAP}[\w’'.-]*)*[\s\u00a0]+$", phrase[:m.start - at])
                first = pair.group(1) if pair else ""
                if pair and self._person_like(first) and not any(
                        not x.place for x in self.index.mentions(first)):
                    # "Both Advisor Oleksiy Arestovych and Regional Head Pavlo Kyrylenko said", the first not yet
                    # known: both speak, the first a new actor
                    if not allow_new:
                        return [], first, f"'{first}' is not a known actor", "low", None
                    new = self._new_actor(s, first)
                    if new is not None and new.kind == "person":
                        ids = [new.actor_id, m.actor_id]
                        printed = phrase[pair.start(1):m.end - at]
                        return ids, printed, f"'{printed}': {new.actor_id} (new actor) and {m.actor_id}", "low", new
            how = "is an alias of" if m.how == "alias" else "spells the name of"
            return [m.actor_id], m.printed, f"'{m.printed}' {how} {m.actor_id}", \
                "high" if m.how == "alias" else "medium", self._pending(s, m.actor_id)
        roles = [m for m in plain if m.how == "role"]
        if roles:
            m = roles[-1]
            return [m.actor_id], m.printed, f"'{m.printed}' is in the role of {m.actor_id}", "medium", None
        others = [m for m in plain if not m.person]
        weak = [m for m in self.index.mentions(phrase, at, weak=True) if m.how == "demonym"
                and self._demonym_speaks(phrase, m, at) and not any(a <= m.start < b for a, b in quotes)]
        others = sorted(others + weak, key=lambda m: m.start)
        tail = re.search(r",[\s\u00a0]+([^,]+?)[\s\u00a0]*$", phrase)
        if others and tail and others[-1].end <= at + tail.start(1) and self.w.name.fullmatch(tail.group(1)) \
                and len(tail.group(1).split()) <= 4 and not {*tail.group(1).split()} & self.not_names \
                and not (self.w.pronoun is not None and self.w.pronoun.search(tail.group(1))):
            # "Russia used cluster munitions ..., HRW said": the name after the clause, just before the verb,
            # speaks; the party named in the clause is what was said about
            if not allow_new:
                return [], tail.group(1), f"'{tail.group(1)}' is not a known actor", "low", None
            new = self._new_actor(s, tail.group(1))
            if new is not None:
                return ([new.actor_id], new.name, f"'{new.name}' after the clause is not a known actor: new actor "
                        f"{new.actor_id}", "low", new)
        if others and run is not None and run.end() + at > others[-1].end and self._person_like(run.group()):
            others = []  # "Russian Ambassador to the US Anatoly Antonov": the unknown person speaks
        if len(others) == 1 and allow_new and self._body_ending_in(run, others[0], at):
            new = self._new_actor(s, run.group(), body=True)  # "La Autoridad Nacional Palestina": the body, not "Palestina"
            if new is not None:
                return ([new.actor_id], new.name, f"'{new.name}' is not a known actor: new actor {new.actor_id}",
                        "low", new)
        if len(others) == 1 and self._possessive_body(phrase, run, others[0], at):
            # "Israel's Prime Minister's Office said": the body of the party speaks, not the party
            if not allow_new:
                return [], run.group(), f"'{run.group()}' is not a known actor", "low", None
            new = self._new_actor(s, run.group(), body=True)
            if new is not None:
                return ([new.actor_id], new.name, f"'{new.name}': a body of {others[0].actor_id}, not a known actor: "
                        f"new actor {new.actor_id}", "low", new)
        if others and len(others) == 1:
            longer = self._alias_head(s, phrase, at, others[0]) or self._alias_around(s, phrase, at, others[0])
            if longer is not None:  # "the US intelligence document": "US intelligence community", not "US"
                return longer
        if others:
            last = others[-1]
            group = [last]
            for m in reversed(others[:-1]):  # "Both the U.S. and Ukrainian governments"
                if re.fullmatch(r"[\s\u00a0]*,[\s\u00a0]*[«\"„“]?|[\s\u00a0,]*(?:and|as well as|и|і|та|et|und|y|i|oraz|و)"
                                r"[\s\u00a0]+(?:the[\s\u00a0]+)?[«\"„“]?",  # 'ХАМАС та "Ісламський джихад"'
                                phrase[m.end - at:group[0].start - at].replace("\u00bb", "").replace("\u201d", "")):
                    group.insert(0, m)
                else:
                    break
            ids = list(dict.fromkeys(m.actor_id for m in group))
            printed = phrase[group[0].start - at:last.end - at]
            if len(group) == 1 and self.w.title_word is not None:
                # "Rosyjski prezydent oskarżył", "the Russian president said": the person of that country
                # last named holds the title, not the country
                title = re.match(rf"[\s\u00a0]+({self.w.title_word.pattern})[\s\u00a0,]*$", phrase[last.end - at:],
                                 re.IGNORECASE)
                country = self.index.name(last.actor_id)
                names = {country, country.split(" (")[0], *self.index.actors.get(last.actor_id, {}).get("aliases", ())}
                who = [a for pos, a in self.persons if pos < at and self.index.affiliation(a) in names]
                if title and who:
                    printed = phrase[last.start - at:].strip(" ,\u00a0")
                    return [who[-1]], printed, f"'{printed}': {who[-1]}, the person of {country} last named", \
                        "low", None
            hit = self.w.ministry.match(phrase, last.end - at) if self.w.ministry is not None else None
            if len(group) == 1 and not last.person and hit is not None and not allow_new:
                return [], hit.group().strip(), f"'{hit.group().strip()}' is not a known actor", "low", None
            if len(group) == 1 and not last.person and hit is not None:
                body = self._ministry_of_side(s, phrase, last, at)
                if body is not None:  # "ukraiński resort obrony": the ministry, not Ukraine
                    return ([body.actor_id], body.name, f"'{body.name}': a ministry of {last.actor_id}, not yet "
                            f"known: new actor {body.actor_id}", "low", body)
            if last.how == "demonym":  # "Ukrainian government", not "Ukrainian"
                noun = self.w.speaker_nouns.match(phrase, last.end - at)
                printed = phrase[group[0].start - at:noun.end()] if noun else self._noun_and_demonym(phrase, last, at)
            new = None
            for i in ids:
                new = self._pending(s, i) or new
            return ids, printed, f"'{printed}' names {', '.join(ids)}", "medium", new
        core = self._strip_trailing(_unbracketed(phrase))
        if self._name_run(core) is not None:  # someone not yet known is named: not "he" from before
            new = self._new_actor(s, core) if allow_new else None
            if new is not None:
                return ([new.actor_id], new.name, f"'{new.name}' is not a known actor: new actor {new.actor_id}",
                        "low", new)
            return [], core, f"'{core}' is not a known actor", "low", None
        anaphor = self.w.anaphor.search(core) if self.w.anaphor is not None else None
        if anaphor and len(core.split()) <= 4:  # "Le groupe a accusé": the group last named speaks
            found = [(pos, a) for pos, a in self.groups if pos < at]
            found += [(m.start, m.actor_id) for m in self.index.mentions(s.text[:at - s.start], s.start)
                      if not m.place and not m.person and self.index.actors.get(m.actor_id, {}).get("kind")
                      not in (None, "person", "government")]  # named earlier in this sentence
            if found:
                who = max(found, key=lambda f: f[0])[1]
                word = anaphor.group().strip(" ,\u00a0")
                return [who], word, f"'{word}': {who}, the group last named", "low", None
        body = self._body_by_noun(core, at)
        if body is not None:  # "the ministry said": the body last named with "ministry" in its name
            return body
        pronoun = self.w.pronoun.search(core) if self.w.pronoun is not None else None
        if pronoun:
            word = pronoun.group("p") or pronoun.group("q")
            who = self.last_person(at + len(phrase))
            if who:
                return [who], word, f"'{word}': {who}, the person last named", "medium", None
        title = self.w.title.search(core) if self.w.title is not None else None
        of_side = self._title_of_side(s, core, at) if title else None
        if of_side is not None:  # "a senior Israeli official": an Israeli, not the person last named
            return of_side
        if title:
            who = self.last_person(at + len(phrase))
            if who:
                return [who], title.group(), f"'{title.group()}': {who}, the person last named", "low", None
        group = self._unnamed_group(s, core) if allow_new else None
        if group is not None:  # "but experts said": an unnamed group speaks
            return [group.actor_id], group.name, f"'{group.name}': an unnamed group, new actor {group.actor_id}", \
                "low", group
        printed = " ".join(core.strip(" ,\u00a0\u2013\u2014").split()[-6:])
        return [], printed, f"'{printed}' is not a known actor", "low", None

    def _appositive_head(self, phrase: str, at: int, persons: list[Mention]) -> Mention | None:
        """The person named before an appositive that gives their title and names another person ("Dmitry
        Peskov, Russian President Vladimir Putin's chief spokesperson, said"): the head noun before the comma
        speaks, not the person of the title. None when the phrase is not so shaped ("Biden's adviser, Jake
        Sullivan, said": the appositive is the name)."""
        if len(persons) < 2 or self.w.title_word is None:
            return None
        last = persons[-1]
        head = next((p for p in reversed(persons[:-1]) if p.actor_id != last.actor_id), None)
        if head is None:
            return None
        between = phrase[head.end - at:last.start - at]
        rest = phrase[last.end - at:]
        # a comma right after the head, the appositive closed by a comma before the verb, and a title in it
        if not re.fullmatch(r"[\s\u00a0]*,[^,;:()]*", between) or not re.fullmatch(r"[^,;:()]*,[\s\u00a0]*", rest):
            return None
        if not self.w.title_word.search(between + " " + rest):
            return None
        return head

    def _one_person(self, phrase: str, at: int, after: bool, s: Sentence | None = None):
        """The person last named, when the speaker phrase is a noun for one person and no name ("powiedział
        Ukrainiec", "said the officer"; lexicon ``person_words``), not the country the noun is of."""
        if not self.lex.person_words:
            return None
        words = re.findall(r"[^\W\d_][\w’'-]*", phrase)
        unnamed = False
        if after:  # the words up to the next clause: "Ukrainiec, podkreślając ..."
            words = re.findall(r"[^\W\d_][\w’'-]*", re.split(r"[,;:(\u2013\u2014]", phrase)[0])
            # "relacjonował rosyjski żołnierz w nagraniu ...": the noun for one person opens the words after
            # the verb; the rest says where, and a body named there does not speak
            k = next((i + 1 for i, w in enumerate(words[:2]) if w in self.lex.person_words), 0)
            if k and len(words) > 3 and all(w[:1].islower() for w in words[:k + 1]):  # not "oficer Andrij ..."
                words, unnamed = words[:k], True
        if not words or len(words) > 3 or words[-1] not in self.lex.person_words:
            return None
        who = self.last_person(at)
        if not who and unnamed and len(words) == 2:  # "rosyjski żołnierz", no one named before: that person
            new = self._unnamed_group(s, " ".join(words), kind="person") if s is not None else None
            if new is not None:
                return [new.actor_id], new.name, f"'{new.name}': an unnamed person, new actor {new.actor_id}", \
                    "low", new
        if not who:
            return None
        printed = " ".join(words)
        return [who], printed, f"'{printed}': {who}, the person last named", "low", None

    def _reported_inside(self, s: Sentence, a: Attribution) -> Attribution:
        """The person a quotation opens with as speaking ('"Władimir Putin stwierdził, że ..." - podał Kreml'),
        for an organisation that only relays their words; the attribution unchanged otherwise."""
        if not a.actor_ids or self.index.is_person(a.actor_ids[0]) or self.w.verb is None:
            return a
        quotes = [(qa, qb) for qa, qb in s.quotes if not _quoted_name(s, qa, qb) and not qa <= a.at < qb]
        if not quotes:
            return a
        qa, qb = max(quotes, key=lambda q: q[1] - q[0])
        inside = s.text[qa - s.start:qb - s.start]
        named = [m for m in self.index.mentions(inside, qa) if not m.place]
        if not named or not named[0].person or len(inside[:named[0].start - qa].split()) > 2:
            return a
        m = named[0]
        verb = self.w.verb.match(inside, m.end - qa + 1) if m.end - qa < len(inside) else None
        if verb is None:
            return a
        how = f"'{m.printed} {verb.group(1)}' opens the quotation that {a.printed} relays: {m.actor_id}"
        return Attribution(a.at, a.end, a.verb, a.phrase, a.phrase_at, [m.actor_id], m.printed, how, "medium",
                           self._pending(s, m.actor_id), a.own_clause)

    def _in_office(self, words: str) -> bool:
        """Whether the words after a verb name an office as its speaker ("..., сообщили в пресс-службе ХАМАС",
        "заявили в Кремле"; lexicon ``speaker_prepositions``), not an object of the verb."""
        prep = self.lex.speaker_prepositions
        first = words.split()[:1]
        return bool(prep and first and first[0] in prep)

    def _uncased_after_office(self, s: Sentence, head: str, at: int, m: Mention) -> NewActor | None:
        """A new person named after a title and the office it is of, in a script without capitals ("المتحدث
        باسم الجيش الإسرائيلي دانيال هاغاري"): two or three words after the office, none a known actor."""
        if self.w.title_word is None or head[:1].isupper() or head[:1].islower():
            return None
        before = re.sub("[\u064b-\u0652]", "", head[:m.start - at]).split()
        if not before or len(before) > 3 or not self.w.title_word.fullmatch(before[0]):
            return None
        tail = head[m.end - at:].strip(" ,\u060c\u00a0")
        words = tail.split()
        if not 2 <= len(words) <= 3 or any(not w.isalpha() for w in words) or self.index.mentions(tail):
            return None
        name = " ".join(words)
        role = head[:m.end - at].strip()
        side = self.index.affiliation(m.actor_id) or self.index.name(m.actor_id)  # the office's side is theirs
        return self._propose_actor(s, name, " ".join(role.split()[:10]), "person", (name, words[-1]), affiliation=side)

    def _body_by_noun(self, core: str, at: int):
        """The body last named whose name holds the noun of a short definite phrase ("the ministry said", "The
        army later blamed", "l'armée a affirmé"): a word of its name or aliases, spelled alike."""
        words = re.findall(r"[^\W\d_][\w-]*", core.split("'")[-1].split("’")[-1])
        if not words or len(core.split()) > 4 or not words[-1][:1].islower() or len(words[-1]) < 4 \
                or words[-1] in self.lex.determiners or words[-1] in self.lex.pronouns or words[-1] in self.lex.titles:
            return None  # "the minister" is a person's title
        noun = words[-1].casefold()
        for pos, actor_id in sorted(self.bodies, reverse=True):
            if pos >= at:
                continue
            a = self.index.actors.get(actor_id, {})
            names = (*a.get("aliases", ()), a.get("name") or "")
            if any(noun in {w.casefold() for w in re.findall(r"[^\W\d_][\w-]*", n)} for n in names):
                printed = " ".join(core.split()[-2:])
                return [actor_id], printed, f"'{printed}': {actor_id}, the body last named with '{noun}'", "low", None
        return None

    def _title_of_side(self, s: Sentence, core: str, at: int):
        """For a title with a demonym and no name ("a senior Israeli official told reporters"): the person of that
        side last named, else the side itself; None without a demonym."""
        weak = [m for m in self.index.mentions(core, at, weak=True) if m.how == "demonym"]
        if len(weak) != 1:
            return None
        m = weak[0]
        party = self.index.name(m.actor_id)
        names = {party, party.split(" (")[0], *self.index.actors.get(m.actor_id, {}).get("aliases", ())}
        who = [a for pos, a in self.persons if pos < at and self.index.affiliation(a) in names]
        printed = core[m.start - at:].strip(" ,\u00a0")
        if who:
            return [who[-1]], printed, f"'{printed}': {who[-1]}, the person of {party} last named", "low", None
        return [m.actor_id], printed, f"'{printed}': a title of {m.actor_id}, no one of it named", "low", \
            self._pending(s, m.actor_id)

    def _member_of(self, m: Mention) -> str | None:
        """The person of party ``m`` last named before it (their affiliation is the party), if any."""
        if m.person:
            return None
        party = self.index.name(m.actor_id)
        names = {party, party.split(" (")[0], *self.index.actors.get(m.actor_id, {}).get("aliases", ())}
        who = [a for pos, a in self.persons if pos < m.start and self.index.affiliation(a) in names]
        return who[-1] if who else None

    def _titled_member(self, head: str, at: int, m: Mention):
        """The person of a party last named, when a title right before the party stands for them and no name
        follows ("تساءل مندوب روسيا الدائم", "said the representative of Russia"); None otherwise."""
        if self.w.title_word is None:
            return None
        before = re.sub("[\u064b-\u0652]", "", head[:m.start - at]).rstrip()  # Arabic vowel marks
        words = re.findall(r"[\w’'-]+", before)
        if not words:
            return None
        last = words[-1] if not words[-1].lower() in ("of", "de", "du", "des", "del", "der", "von") or len(words) < 2 \
            else words[-2]
        if not self.w.title_word.fullmatch(last) or len(words) > 3:
            return None
        tail = head[m.end - at:].strip(" ,\u00a0")
        if tail and self._name_run(tail) is not None:
            return None  # "the representative of Russia Vassily Nebenzia": the name given speaks
        party = self.index.name(m.actor_id)
        names = {party, party.split(" (")[0], *self.index.actors.get(m.actor_id, {}).get("aliases", ())}
        who = [a for pos, a in self.persons if pos < at and self.index.affiliation(a) in names]
        if not who:
            return None
        printed = head[:m.end - at].strip(" ,\u00a0")
        return [who[-1]], printed, f"'{printed}': {who[-1]}, the person of {party} last named", "low", None

    def _alias_head(self, s: Sentence, phrase: str, at: int, m: Mention):
        """The actor whose longer name begins with the words around a shorter one's mention ("According to the
        US intelligence document": the actor "US intelligence community", not "US"), when only one has such a
        name; the words of the longer name that the phrase holds must be at least two."""
        found = {}
        for actor_id, a in self.index.actors.items():
            if actor_id == m.actor_id or a.get("kind") == "person":
                continue
            for alias in (*a.get("aliases", ()), a.get("name") or ""):
                words = alias.split()
                if len(words) < 3 or not words[1][:1].isalpha():
                    continue
                head = re.search(rf"(?<![\w-]){re.escape(words[0])}[\s\u00a0]+{re.escape(words[1])}(?![\w-])", phrase,
                                 re.IGNORECASE)
                if head and head.start() + at <= m.start and head.end() + at >= m.end \
                        and head.end() - head.start() > m.end - m.start:
                    found[actor_id] = head.group()
        if len(found) != 1:
            return None
        actor_id, printed = next(iter(found.items()))
        return [actor_id], printed, f"'{printed}' begins a name of {actor_id}", "low", self._pending(s, actor_id)

    def _alias_around(self, s: Sentence, phrase: str, at: int, m: Mention):
        """The actor with a name that opens with the words before a party's mention and ends with the party
        ("ministère de la Santé du mouvement islamiste palestinien Hamas": "ministère de la Santé du Hamas"),
        when only one has such a name: the body of the party speaks, not the party."""
        found = {}
        before = phrase[:m.start - at]
        for actor_id, a in self.index.actors.items():
            if actor_id == m.actor_id or a.get("kind") == "person":
                continue
            for alias in (*a.get("aliases", ()), a.get("name") or ""):
                words = alias.split()
                if len(words) < 4 or words[-1].casefold() != m.printed.split()[-1].casefold():
                    continue
                head = r"[\s\u00a0]+".join(map(re.escape, words[:-2]))  # "ministère de la Santé"
                hit = re.search(rf"(?<![\w-]){head}(?![\w-])", before, re.IGNORECASE)
                if hit and not re.search(r"[,;:]", before[hit.end():]) and len(before[hit.end():].split()) <= 5:
                    found[actor_id] = phrase[hit.start():m.end - at]
        if len(found) != 1:
            return None
        actor_id, printed = next(iter(found.items()))
        return [actor_id], printed, f"'{printed}': a name of {actor_id} around {m.actor_id}", "low", \
            self._pending(s, actor_id)

    def _demonym_speaks(self, phrase: str, m: Mention, at: int) -> bool:
        """Whether a demonym names a speaker: a speaker noun after it ("Ukrainian officials") or, where the
        adjective follows the noun, before it ("le ministère israélien", "las autoridades ucranianas")."""
        if self.w.speaker_nouns is None:
            return False
        return bool(self.w.speaker_nouns.match(phrase[m.end - at:]) or self.w.noun_demonym.search(phrase[:m.start - at]))

    def _noun_and_demonym(self, phrase: str, m: Mention, at: int) -> str:
        """The words of "le ministère israélien": the speaker noun before the demonym, and the demonym."""
        noun = self.w.noun_demonym.search(phrase[:m.start - at])
        return phrase[noun.start():m.end - at] if noun else m.printed

    def _title_of(self, phrase: str, at: int, mentions: list[Mention]):
        """The person last named, when the phrase is a title followed by the name it belongs to ("пресс-секретарь
        Путина", "прессекретар Кремля", "речник Кремля"): the holder of the title speaks, not the one named."""
        if self.w.title_word is None or len(mentions) != 1 or not self.index.inflected:
            return None
        m = mentions[0]
        a = self.index.actors.get(m.actor_id, {})
        spelled = {x.casefold() for x in (*a.get("aliases", ()), a.get("name") or "",
                                          *self.index.spellings.get(m.actor_id, ()))}
        words = [t for t in re.finditer(r"[\w’'-]+", phrase[:m.start - at])]
        if not words or not self.w.title_word.fullmatch(words[-1].group()):
            return None
        title = words[-1].group()
        speaks_for = title in self.lex.spokesperson_titles  # "пресс-секретарь Путина": never Putin himself
        if m.printed.casefold() in spelled and not speaks_for:
            return None  # the name as spelled, not its genitive: "President Emmanuel Macron" is Macron
        tail = phrase[m.end - at:].strip(" ,\u00a0")
        if tail and self._name_run(tail) is not None:
            return None  # "речник Кремля Дмитро Пєсков": the name given speaks
        who = self._member_of(m) or self.last_person(m.start)  # "президента Украины": a Ukrainian first
        if not who or who == m.actor_id:
            if speaks_for:  # the one spoken for does not speak, and the one who does is not named
                printed = f"{title} {m.printed}"
                return [], printed, f"'{printed}': the holder of the title is not named", "low", None
            return None
        return ([who], f"{title} {m.printed}",
                f"'{title} {m.printed}': {who}, the person last named, holds the title", "low", None)

    def _resolve_after(self, s: Sentence, phrase: str, at: int,
                       allow_new: bool) -> tuple[list[str], str, str, str, NewActor | None]:
        """:meth:`resolve` of a phrase after the verb: the first actor named, up to the next verb or "that"."""
        stop = re.search(r"(?<![\w])(?:that|что|що|que|dass|że|da|إن|أن)(?![\w])", phrase)
        head = phrase[:stop.start()] if stop else phrase
        first = re.match(r"[\s\u00a0]*([^\W\d_][\w’'-]*)(?![\w’'-])", head)
        inverted = re.search(r",[\s\u00a0]*[^\W\d_][\w’'-]*[\s\u00a0]*$", s.text[:max(at - s.start, 0)])
        if first and first.group(1) in self.lex.pronouns \
                and (s.quoted_share() >= 0.5 or (inverted and not s.quotes)) \
                and not self.index.mentions(first.group(1), at):
            # '"...", sagte er', '"...", dijo él' after a quotation, or "Die Ukrainer seien schuld, behauptete
            # er" after reported words with no quotation in them and a comma (the verb alone between them): the
            # person last named
            who = self.last_person(at)
            if who:
                return [who], first.group(1), f"'{first.group(1)}': {who}, the person last named", "medium", None
        mentions = [m for m in self.index.mentions(head, at) if not m.place
                    and not any(a <= m.start < b for a, b in s.quotes)]
        run = self._first_run(_unbracketed(head))
        holder = self._title_of(head, at, mentions[:1]) if mentions and (
            len(mentions) == 1 or not any(p.person for p in mentions[1:])) else None
        if holder is not None:  # "наголосив прессекретар Кремля": the title's holder speaks
            return holder
        named = self._uncased_after_office(s, head, at, mentions[0]) if mentions and not mentions[0].person \
            else None
        if named is not None:  # "قال المتحدث باسم الجيش الإسرائيلي دانيال هاغاري": the person, not the army
            return [named.actor_id], named.name, f"'{named.name}' after a title and its office: new actor " \
                f"{named.actor_id}", "low", named
        around = self._alias_around(s, head, at, mentions[0]) if mentions and not mentions[0].person else None
        if around is not None:  # "a rapporté le ministère de la Santé du mouvement ... Hamas": the ministry
            return around
        member = self._titled_member(head, at, mentions[0]) if mentions and not mentions[0].person else None
        if member is not None:  # "تساءل مندوب روسيا الدائم": Russia's representative last named
            return member
        # "sekretarz Rady Obrony Ukrainy Jan Kowalczyk": the known person the run of capitals ends with speaks
        in_run = next((p for p in mentions if p.person and run is not None
                       and run.start() + at <= p.start and p.end == run.end() + at), None)
        unknown = run is not None and self._person_like(run.group()) and (
            run.start() + at < mentions[0].start or run.end() + at > mentions[0].end) if mentions else False
        side = mentions[0] if mentions else next(
            (m for m in self.index.mentions(head, at, weak=True) if m.how == "demonym"), None)
        hit = self.w.ministry.match(head, side.end - at) \
            if side is not None and self.w.ministry is not None and not side.person else None
        if hit is not None:  # "- poinformował ukraiński resort obrony": the ministry, not Ukraine
            body = self._ministry_of_side(s, head, side, at) if allow_new else None
            if body is None:
                return [], hit.group().strip(), f"'{hit.group().strip()}' is not a known actor", "low", None
            return ([body.actor_id], body.name, f"'{body.name}': a ministry of {side.actor_id}, not yet "
                    f"known: new actor {body.actor_id}", "low", body)
        if mentions and (in_run is not None or not unknown):
            m = mentions[0]
            person = next((p for p in mentions if p.person), None)  # "said Kremlin spokesman Dmitry Peskov"
            opened = person.start if person is not None else 0
            while person is not None:
                # "doradca prezydenta Wołodymyra Zełenskiego Mychajło Podolak": a person's name right after
                # another's (the genitive of the title) is the speaker's
                nxt = next((p for p in mentions if p.person and p.start > person.start and p.actor_id != person.actor_id
                            and not head[person.end - at:p.start - at].strip()), None)
                if nxt is None:
                    break
                person = nxt
            if person is not None and not m.person and (len(head[:opened - at].split()) <= 6
                                                        or person is in_run):
                m = person
            elif person is not None and m.person and m.start == opened:
                m = person  # the first person named, or the person whose name follows theirs
            how = {"alias": "is an alias of", "spelling": "spells the name of", "role": "is in the role of"}.get(
                m.how, "names")
            return [m.actor_id], m.printed, f"'{m.printed}' {how} {m.actor_id}", \
                "high" if m.person and m.how == "alias" else "medium", self._pending(s, m.actor_id)
        weak = [m for m in self.index.mentions(head, at, weak=True) if m.how == "demonym"
                and self._demonym_speaks(head, m, at)]
        if weak:
            m = weak[0]
            noun = self.w.speaker_nouns.match(head, m.end - at)
            printed = head[m.start - at:noun.end()] if noun else self._noun_and_demonym(head, m, at)
            return [m.actor_id], printed, f"'{printed}' names {m.actor_id}", "medium", self._pending(s, m.actor_id)
        if run is not None and allow_new:
            words = run.group().split()
            cut = len(words)
            for k in range(1, len(words)):  # "Peskow die Ukraine": a name is two or three words
                if words[k] in self.not_names or words[k].lower() in self.lex.determiners:
                    cut = k
                    break
            kept = words[:cut]
            # "sekretarz Rady Obrony Ukrainy Jan Kowalczyk": a long run that ends in a person's name is the
            # name and the genitive body of the title before it; the name is its last words, not its first
            kept = kept[-4:] if len(kept) > 4 and self._person_like(" ".join(kept)) else kept[:4]
            new = self._new_actor(s, " ".join(kept))
            if new is not None:
                return ([new.actor_id], new.name, f"'{new.name}' is not a known actor: new actor {new.actor_id}",
                        "low", new)
        body = self._uncased_body(s, head) if allow_new and not mentions else None
        if body is not None:  # "قال رئيس المكتب الإعلامي الحكومي في غزة": the office, a body not yet known
            return [body.actor_id], body.name, f"'{body.name}': a body not yet known, new actor {body.actor_id}", \
                "low", body
        group = self._unnamed_group(s, re.split(r"[,،;؛:]", head)[0]) if allow_new and not mentions else None
        if group is not None:  # "وأشار فريق من الخبراء": an unnamed group speaks
            return [group.actor_id], group.name, f"'{group.name}': an unnamed group, new actor {group.actor_id}", \
                "low", group
        return [], " ".join(head.split()[:6]), f"'{' '.join(head.split()[:6])}' is not a known actor", "low", None

    def _title_and_body(self, phrase: str, at: int):
        """The person last named, when a phrase opens with a title and the body it heads, in capitals, and no
        person's name ("szefa RBNiO rosyjskie wojska ...", "the head of NATO"): the holder of the title speaks."""
        if self.w.title_word is None:
            return None
        lead = len(phrase) - len(phrase.lstrip())
        # "the head of NATO", "l'édile de Dnipro": a determiner or an elided article may open the phrase
        article = re.match(rf"(?:(?:the|{self.lex.determiners.pattern() or 'the'}){_GAP}|[^\W\d_]['’])",
                           phrase[lead:], re.IGNORECASE)
        title = self.w.title_word.match(phrase, lead + (article.end() if article else 0))
        if title is None:
            return None
        body = re.match(rf"(?:{_GAP}(?:(?:of|de|du|des|del|der){_GAP})?{_CAP}[\w’'.-]*){{1,4}}(?![\w])",
                        phrase[title.end():])
        # the body may be a place ("the mayor of Dnipro"), never a party or a person of its own
        if body is None or self._person_like(re.sub(rf"^{_GAP}(?:of|de|du|des|del|der){_GAP}", "", body.group())) \
                or any(not m.place for m in self.index.mentions(
                body.group())):
            return None
        who = self.last_person(at)
        if not who:
            return None
        printed = phrase[lead:title.end() + body.end()]
        return [who], printed, f"'{printed}': {who}, the person last named, holds the title", "low", None

    def _quoted_body(self, s: Sentence, phrase: str, at: int, allow_new: bool, mentions: list[Mention]):
        """A body named by an organisation word and a name in quotation marks at the end of the phrase
        ('Украинское оперативное командование "Юг"', "le commandement « Sud »"): that body speaks, not the party
        its adjective names; a new actor when it is not known."""
        hit = re.search(rf"((?:[^\W\d_][\w-]*{_GAP}){{1,3}})[«\"„“]([^»\"“”«„]{{1,30}})[»\"“”][\s\u00a0,]*$", phrase)
        if hit is None or not hit.group(2)[:1].isupper():
            return None
        words = hit.group(1).split()
        while words and not words[0][:1].islower():  # "Украинское оперативное": the adjective is the side's
            words = words[1:]
        if not words or not any(w in self.lex.org_words for w in words):
            return None
        start = hit.start(1) + hit.group(1).find(" ".join(words[:1]), len(hit.group(1)) - len(" ".join(words)) - 1)
        known = [m for m in mentions if m.start >= at + start and not m.place]
        if known:
            return None  # a known actor's own name: the usual reading finds it
        if not allow_new:
            return [], hit.group().strip(" ,"), f"'{hit.group().strip(' ,')}' names a body not yet known", "low", None
        name = f'{" ".join(words)} "{hit.group(2).strip()}"'
        side = [m for m in self.index.mentions(phrase[:start], at, weak=True) if not m.place]
        new = self._propose_actor(s, name, "", "organisation", (name,),
                              affiliation=self.index.name(side[-1].actor_id) if side else "")
        return [new.actor_id], name, f"'{name}' is not a known actor: new actor {new.actor_id}", "low", new

    def _body_ending_in(self, run, m: Mention, at: int) -> bool:
        """Whether a run of capitalised words is a body's name that ends with a party's one-word mention and
        holds an organisation word ("La Autoridad Nacional Palestina", not "Palestina")."""
        if run is None or m.person or len(m.printed.split()) != 1 or run.end() + at != m.end \
                or run.start() + at >= m.start:
            return False
        words = [w for w in run.group().split() if w not in self.not_names]
        return len(words) >= 2 and any(w.strip(".’'") in self.lex.org_words for w in words[:-1])

    def _possessive_body(self, phrase: str, run, m: Mention, at: int) -> bool:
        """Whether a run of capitalised words that ends the phrase opens with a party's possessive and ends with
        an organisation word ("Israel's Prime Minister's Office"): a body of the party, not the party."""
        if run is None or m.person or run.start() + at != m.start or run.end() + at <= m.end \
                or phrase[run.end():].strip(" ,\u00a0"):
            return False
        if not re.match(r"['’]s?(?![\w])", phrase[m.end - at:]):
            return False
        words = run.group().split()
        return len(words) >= 2 and words[-1].strip(".’'") in self.lex.org_words

    def _first_run(self, phrase: str) -> "_Run | None":
        """The first run of capitalised words of a phrase, joined to the runs right after it across a short
        lowercase word or a bracket ("Rady Bezpieczeństwa Narodowego i Obrony Ukrainy (RBNiO) Ołeksij Daniłow":
        one title's body and the name after it)."""
        # particles alone ("asesor de la oficina"): no name
        runs = [r for r in self.w.name.finditer(phrase) if re.search(_CAP, r.group())]
        if not runs:
            return None
        start, end = runs[0].start(), runs[0].end()
        words = len(runs[0].group().split())
        for r in runs[1:]:
            # a title ("SBU generał Wasyl Maluk"), or "i", "of" within a body's name of two words or more (not
            # "Podolyak en Twitter")
            gap = phrase[end:r.start()].split()
            if not re.fullmatch(r"[\s\u00a0]+(?:[^\W\d_-]+[\s\u00a0]+){0,2}", phrase[end:r.start()]) or not all(
                    (len(g) <= 3 and words >= 2) or (self.w.title_word is not None and self.w.title_word.fullmatch(g))
                    for g in gap):
                break
            end = r.end()
            words += len(r.group().split())
        return _Run(start, end, phrase[start:end])

    def _propose_actor(self, s: Sentence | None, name: str, role: str, kind: str, aliases: tuple[str, ...], *,
                   affiliation: str = "", fallback: str = "actor", base: str | None = None) -> NewActor:
        """A new actor proposed for ``name``: its id the name's slug (or ``base``, a person's last name, when
        free), numbered when taken; known from here on to the rest of the article."""
        actor_id = base if base and base not in self.taken_ids else slug(name) or fallback
        n = 2
        while actor_id in self.taken_ids:
            actor_id = f"{slug(name) or fallback}_{n}"
            n += 1
        new = NewActor(actor_id, name, role, kind, aliases, s)
        self.taken_ids.add(actor_id)
        self.index.add({"actor_id": actor_id, "name": name, "role": "", "affiliation": affiliation, "kind": kind,
                        "aliases": aliases})
        self.new_actors.append(new)
        return new

    def _pending(self, s: Sentence, actor_id: str) -> NewActor | None:
        """The new actor for a party of the parties list that the folder lacks, once per article."""
        if not self.index.is_pending(actor_id):
            return None
        for n in self.new_actors:
            if n.actor_id == actor_id:
                return n
        a = self.index.actors[actor_id]
        new = NewActor(actor_id, a["name"], "", a["kind"], tuple(a["aliases"]), s, from_parties=True)
        self.new_actors.append(new)
        self.taken_ids.add(actor_id)
        return new

    def _name_run(self, phrase: str) -> re.Match | None:
        """The last run of capitalised words of a speaker phrase: two or more, or one just before the verb."""
        runs = [m for m in self.w.name.finditer(phrase)
                if len(m.group().split()) >= 2 or not phrase[m.end():].strip(" ,\u00a0")]
        runs = [m for m in runs if m.group().split()[-1] not in self.not_names]
        return runs[-1] if runs else None

    def _new_actor(self, s: Sentence, phrase: str, body: bool = False) -> NewActor | None:
        run = self._name_run(phrase)
        if run is None:
            return None
        words = run.group().split()
        while words and not words[0][:1].isupper():  # "la", "de": particles, not a name
            words = words[1:]
        while words and not words[-1][:1].isupper():
            words = words[:-1]
        if not words or (len(words) == 1 and self.lex.language == "de" and not words[0].isupper()):
            return None  # German writes every noun with a capital: one word is not a name
        place = re.search(r"([A-Z][\w’'-]*)[\s\u00a0]+(?:in|of|from)[\s\u00a0]+$", phrase[:run.start()])
        if len(words) == 1 and place:  # "Police in Arizona", not "Arizona"
            words = phrase[place.start():run.end()].split()
        while words and (words[0] in self.lex.leading or words[0].lower() in self.lex.determiners):
            words = words[1:]  # "La Autoridad Nacional Palestina": the article is no part of the name
        if not words or len(words) > 6:
            return None
        kind_of = ""
        if len(words) >= 2 and words[0].strip(".’'") in self.lex.body_kinds and words[1][:1].isupper():
            # "La ONG Human Rights Watch": the noun for the kind of body is its role, not a part of its name
            kind_of, words, body = words[0], words[1:], True
        # "Autoridad Nacional Palestina": a short name that opens with an organisation word is a body's
        body = body or (len(words) <= 3 and words[0].strip(".’'") in self.lex.org_words)
        rest = self._lowercase_rest(phrase[run.end():]) if len(words) == 1 and body else ""
        if rest:  # "Le Comité d'enquête russe": one organisation word, and the uncased words that end its name
            words = [*words, *rest.split()]
        follows = re.match(r"[\s\u00a0]+([^\W\d_][\w’'-]*)", phrase[run.end():])
        # "The Human Rights Watch organization": an organisation word right after the name makes it a body's
        body = body or bool(follows and follows.group(1)[:1].islower() and follows.group(1) in self.lex.org_words)
        person = self._person_like(" ".join(words)) and not (len(words) > 1 and place) and not body
        org = not person and any(w.strip(".’'") in self.lex.org_words for w in words)
        name_words = words
        if person:  # "Russian President Vladimir Putin": the name is the last two words
            keep = 3 if len(words) >= 3 and (len(words[-2].rstrip(".")) == 1 or words[-2].endswith("-")) else 2
            name_words = words[-keep:]
        name = " ".join(name_words)
        title = " ".join(words[:len(words) - len(name_words)])
        before = phrase[:run.start()].rstrip(" \u00a0")
        role = title or kind_of
        if not role and before.endswith(","):
            role = before[:-1].split(",")[-1]
        role = role.strip(" \u00a0")
        if self.w.leading is not None:
            role = self.w.leading.sub("", role).strip(" \u00a0")
        kind = "person" if person else "organisation" if org or len(words) > 1 or words[0].isupper() else "government"
        aliases = (name, name_words[-1]) if person else (name,)
        return self._propose_actor(s, name, " ".join(role.split()[-10:]), kind, aliases,
                               base=slug(name_words[-1]) if person else None)

    # -- one sentence -----------------------------------------------------------

    def _lowercase_rest(self, tail: str) -> str:
        """The uncased words (at most three, "de" among them) that run from a name to the end of a subject phrase
        ("d'enquête russe" of "Le Comité d'enquête russe a"), or ""."""
        tail = self._strip_trailing(tail)
        hit = re.fullmatch(r"[\s\u00a0]*((?:(?:d['’]|(?:de|du|des)[\s\u00a0]+)?[^\W\d_][\w’'-]*[\s\u00a0]*){1,3})", tail)
        if hit is None or any(w[:1].isupper() for w in re.split(r"[\s\u00a0'’]+", hit.group(1))):
            return ""
        return hit.group(1).strip()

    def _named_body(self, bare: str) -> bool:
        """Whether a subject phrase is a body named by one capitalised organisation word and the uncased words of
        its name ("Le Comité d'enquête russe"): the subject, not a party named after the verb."""
        words = bare.split()
        while words and (words[0] in self.lex.leading or words[0].lower() in self.lex.determiners):
            words = words[1:]
        return bool(words) and words[0][:1].isupper() and words[0] in self.lex.org_words \
            and bool(self._lowercase_rest(" " + " ".join(words[1:])))

    def _outlet(self, ids: list[str], printed: str, phrase: str) -> bool:
        """Whether the speaker found is an outlet (dropping any new actor proposed for it)."""
        if not self.w.outlet(printed) and not (not ids and self.w.outlet(self._strip_trailing(phrase)[-40:])):
            return False
        if self.investigations.speaks(ids):
            return False  # "The New York Times has said": an outlet credited with an investigation of its own
        self.new_actors = [n for n in self.new_actors if n.actor_id not in ids or n.from_parties]
        return True

    def _is_noun(self, prev: str, verb: str, at: int) -> bool:
        """Whether the word before a verb form that is also a noun makes it the noun."""
        lex = self.lex
        if prev.lower() in lex.number_words or prev.isdigit():
            return True  # "four accused"
        if verb == "accused":
            return False
        return bool((lex.noun_before is not None and lex.noun_before.search(prev))
                    or (prev[:1].isupper() and at > len(prev) + 1))  # "the Islamic State claim"

    def _after_verb(self, s: Sentence, v_end: int) -> tuple[str, int] | None:
        """The words after a verb up to the next punctuation: the subject of "..., said Peskov", "заявил Песков"."""
        # a dot of an initial or abbreviation ("Russia's U.N. Ambassador") does not end the words
        text = s.text
        for qa, qb in s.quotes:  # 'sagte der "Bürgermeister" der Stadt': a word in scare quotes is no quotation
            if qb > v_end and _quoted_name(s, qa, qb):
                text = text[:qa - s.start - 1] + " " + text[qa - s.start:qb - s.start] + " " + text[qb - s.start + 1:]
        # a name cut at the 80th character runs on to its end ("... (RBNiO) Ołeksij Daniłow")
        after = re.match(r"[\s\u00a0]+((?:[^,.;:\u201c\u201d\"«»„]|(?<=(?<![\w.])[A-Z])\.|(?<=[A-Z]\.[A-Z])\.){2,80}"
                         rf"(?:(?<=[\w’'()-])[\w’'()-]+)?(?:[\s\u00a0]+(?={_CAP}|\()[\w’'()-]+)*)",
                         text[v_end - s.start:])
        if not after:
            return None
        return after.group(1), v_end + after.start(1)

    def _uncased_name(self, s: Sentence, v_end: int) -> NewActor | None:
        """A new person named right after the verb in a script without capitals, known by the title that follows
        it after a comma ("وقال أفيخاي أدرعي، المتحدّث باسم جيش الاحتلال")."""
        if self.w.title_word is None:
            return None
        hit = re.match(r"[\s\u00a0]+((?:[^\W\d_]+[\s\u00a0]+){1,2}[^\W\d_]+)[\s\u00a0]*[,\u060c][\s\u00a0]*(\S+)",
                       s.text[v_end - s.start:])
        if not hit or not self.w.title_word.fullmatch(re.sub("[\u064b-\u0652]", "", hit.group(2))):  # vowel marks
            return None
        name = hit.group(1)
        first = name[:1]
        if first.isupper() or first.islower() or self.index.mentions(name):
            return None  # a cased script has its own rules; a known actor is no new person
        words = name.split()
        role = re.split(r"[,\u060c]", s.text[v_end - s.start + hit.start(2):])[0].strip()
        return self._propose_actor(s, name, " ".join(role.split()[:10]), "person", (name, words[-1]))

    def _ends_sentence(self, s: Sentence, v_end: int) -> bool:
        """Whether only a few words without a clause of their own follow the verb ("said Tuesday", "said in a
        statement") to the sentence's end."""
        rest = s.text[v_end - s.start:]
        return len(rest.split()) <= 6 and not re.search(r"[,;:\u201c\u201d\"\u00ab\u00bb]|\bthat\b", rest)

    def _named_before(self, s: Sentence, outside: str, at: int) -> bool:
        """Whether a known person is named just before offset ``at`` (of the sentence), as a verb's subject."""
        head = outside[:at].rstrip()
        tail = head[-60:]
        return any(m.person and m.end == s.start + len(head)
                   for m in self.index.mentions(tail, s.start + len(head) - len(tail)))

    def _listed_after(self, s: Sentence, phrase: str, v_end: int) -> tuple[str, int] | None:
        """The parties listed after the verb to the end of the sentence, when one party alone comes before it:
        in a language that puts the subject after the verb, the list is the subject and the one before the
        object ("Єрусалим засудили Йорданія, Туреччина, Єгипет та інші")."""
        before = [m for m in self.index.mentions(phrase, 0) if not m.place]
        if len(before) != 1 or before[0].person or len(phrase.split()) > 3:
            return None
        rest = s.text[v_end - s.start:]
        tail = re.match(r"[\s\u00a0]+([^.;:!?\u201c\u201d\"«»„]+)[.!?]?[\s\u00a0]*$", rest)
        if not tail:
            return None
        at = v_end + tail.start(1)
        listed = [m for m in self.index.mentions(tail.group(1), at) if not m.place and not m.person]
        if len(listed) < 2:
            return None
        gaps = [s.text[x.end - s.start:y.start - s.start] for x, y in zip(listed, listed[1:])]
        lead = s.text[at - s.start:listed[0].start - s.start]
        if lead.strip() or not all(_JOIN.fullmatch(g) for g in gaps):
            return None
        return s.text[listed[0].start - s.start:listed[-1].end - s.start], listed[0].start

    def _dash_ends(self, s: Sentence, outside: str) -> list[int]:
        """Offsets just after a dash that closes the words said, right before a speech verb ("- Nikt nie zdołał
        uciec - powiedział oficer", "... — заявил он"): the dash ends them as a closing quotation mark would."""
        if self.w.verb is None:
            return []
        out = []
        for d in re.finditer(r"(?<=[\w.,!?\u00bb\u201d\"])[\s\u00a0]+[-\u2013\u2014][\s\u00a0]+", outside):
            said = outside[:d.start()].split(" \u2014 ")[-1]
            if self.w.verb.match(outside, d.end()) and len(said.split()) >= 3:
                out.append(s.start + d.end() - 1)
        return out

    def statement_of(self, s: Sentence) -> Attribution | None:
        """The speaker a sentence names without a speech verb: the one whose statement a "previous" phrase names
        ("В заявлении ХАМАС говорится", "У заяві МЗС йдеться"), or a name and a colon before a quotation
        ("Захарова: «...»")."""
        text = s.text
        said = self.lex.previous.search(text) if self.lex.previous is not None else None
        if said is not None:
            named = [m for m in self.index.mentions(said.group(), s.start + said.start()) if not m.place]
            if not named:
                body = self._body_of_side(said.group(), s.start + said.start())
                if body is not None:  # "dodano w komunikacie ukraińskiej służby": the Ukrainian service named before
                    actor_id, printed = body
                    return Attribution(s.start + said.start(), s.start + said.end(), said.group(), printed,
                                       s.start + said.start(), [actor_id], printed,
                                       f"'{said.group()}': {actor_id}, the body of that side last named", "low")
                return None  # "according to him": the speaker of the previous sentence
            m = named[-1]
            return Attribution(s.start + said.start(), s.start + said.end(), said.group(), m.printed, m.start,
                               [m.actor_id], m.printed, f"'{said.group()}' names {m.actor_id}", "medium",
                               self._pending(s, m.actor_id))
        colon = re.match(rf"(?P<who>[^:;,.{_QUOTES}]{{2,60}}?)[\s\u00a0]*:[\s\u00a0]*[{_QUOTES}]", text)
        if colon is None or len(colon.group("who").split()) > 5:
            return None
        ids, printed, how, conf, new = self.resolve(s, colon.group("who"), s.start)
        if not ids or self._outlet(ids, printed, colon.group("who")):
            return None
        return Attribution(s.start, s.start + colon.end(), ":", colon.group("who"), s.start, ids, printed,
                           f"a name and a colon before a quotation: {how}", conf, new)

    def _body_of_side(self, phrase: str, at: int) -> tuple[str, str] | None:
        """(actor id, words) of the body last named of a side, when a phrase names it by a demonym and an
        organisation word ("w komunikacie ukraińskiej służby", "the Ukrainian service"); None otherwise."""
        weak = [m for m in self.index.mentions(phrase, at, weak=True) if m.how == "demonym"]
        if len(weak) != 1:
            return None
        m = weak[0]
        nxt = re.match(r"[\s\u00a0]+([\w-]+)", phrase[m.end - at:])
        if nxt is None or nxt.group(1) not in self.lex.org_words:
            return None
        party = self.index.name(m.actor_id)
        names = {party, party.split(" (")[0], *self.index.actors.get(m.actor_id, {}).get("aliases", ())}
        for pos, actor_id in sorted(self.bodies, reverse=True):
            if pos < at and actor_id != m.actor_id and self.index.affiliation(actor_id) in names:
                return actor_id, phrase[m.start - at:m.end - at + nxt.end()]
        return None

    def told_next(self, nxt: Sentence) -> Attribution | None:
        """The speaker that the next sentence names for this one ("Такое заявление сделал X", "Про це заявив X",
        lexicon ``refers_back``), for a sentence that names none itself."""
        if self.lex.refers_back is None:
            return None
        text = nxt.text.lstrip(_QUOTES + "\u2014\u2013 ")
        back = self.lex.refers_back.search(text)
        if back is None:
            return None
        at = nxt.start + len(nxt.text) - len(text) + back.end()
        phrase = re.split(r"[,;:(\u2013\u2014]", nxt.text[at - nxt.start:])[0].rstrip(" .!?\u00bb\u201d\"")
        ids, printed, how, conf, new = self.resolve(nxt, phrase, at)
        if not ids or self._outlet(ids, printed, phrase):
            return None
        return Attribution(at, at, back.group(), phrase, at, ids, printed,
                           f"'{back.group()}' in the next sentence: {how}", conf, new)

    def dash_next(self, s: Sentence, nxt: Sentence) -> Attribution | None:
        """The speaker named in the next sentence after the dash that closes words a dash opened in this one
        ("- Rosyjskie siły nie uderzają w budynki. Ataki prowadzone są na cele wojskowe - powiedział Pieskow"),
        for a sentence that names none itself; a known actor only."""
        dashes = "-\u2013\u2014"
        if self.w.verb is None or s.text.lstrip()[:1] not in dashes or nxt.text.lstrip()[:1] in dashes + _QUOTES:
            return None
        if self._dash_ends(s, s.outside_quotes()):
            return None  # the words said end in this sentence
        outside = nxt.outside_quotes()
        ends = self._dash_ends(nxt, outside)
        if not ends:
            return None
        verb = self.w.verb.match(outside, ends[0] + 1 - nxt.start)
        after = self._after_verb(nxt, nxt.start + verb.end()) if verb is not None else None
        if after is None:
            return None
        ids, printed, how, conf, new = self.resolve(nxt, *after, allow_new=False, after=True)
        if not ids or self._outlet(ids, printed, after[0]):
            return None
        at = after[1]
        return Attribution(at, at, verb.group(1), after[0], at, ids, printed,
                           f"'{verb.group(1)}' after the dash that closes these words in the next sentence: {how}",
                           conf, new)

    def _named_in(self, clause: str) -> bool:
        """Whether a clause after a clause break names a known actor before its verb ("..., but experts said")."""
        words = re.findall(r"[^\W\d_][\w’'-]*", clause)
        return any(not m.place for m in self.index.mentions(clause)) or bool(words and words[-1] in self.lex.group_nouns)

    def _ministry_of_side(self, s: Sentence, phrase: str, m: Mention, at: int) -> NewActor | None:
        """A demonym, a word for a ministry (lexicon ``ministry_words``) and the uncased word of its field
        ("ukraiński resort obrony"): a body of that side, named by those words, not the side itself."""
        if self.w.ministry is None:
            return None
        hit = self.w.ministry.match(phrase, m.end - at)
        if hit is None:
            return None
        name = phrase[m.start - at:hit.end()]
        name = name[:1].upper() + name[1:]
        for n in self.new_actors:
            if n.name.casefold() == name.casefold():
                return n
        return self._propose_actor(s, name, "", "government", (name,), affiliation=self.index.name(m.actor_id),
                               fallback="body")

    def _uncased_body(self, s: Sentence, head: str) -> NewActor | None:
        """In a script without capitals (Arabic), a body named after the verb by an organisation word, after at
        most a title ("رئيس المكتب الإعلامي الحكومي في غزة"): a new actor named from that word to the end of
        the phrase (six words at most)."""
        if self.lex.data.get("script") != "arabic":
            return None
        head = re.split(r"[,،;؛:(]|(?<!\w)[وف]?(?:إن|أن|بأن)(?!\w)", head)[0]
        if self.index.mentions(head, 0):
            return None  # a known party is named: not a body not yet known
        words = head.split()
        at = next((i for i, w in enumerate(words[:2]) if w in self.lex.org_words), None)
        if at is None or (at == 1 and words[0] not in self.lex.titles) or not 2 <= len(words) - at <= 6:
            return None
        name = " ".join(words[at:])
        for n in self.new_actors:
            if n.name == name:
                return n
        return self._propose_actor(s, name, " ".join(words[:at]), "organisation", (name,), fallback="body")

    def _unnamed_group(self, s: Sentence | None, core: str, kind: str = "group") -> NewActor | None:
        """A new actor for an unnamed group as the subject ("but experts said", "los analistas creen"; lexicon
        ``group_nouns``): the group is named by its noun, for the curator to merge or keep. With ``kind``
        "person", an unnamed person named by a demonym and a noun for one person ("rosyjski żołnierz")."""
        words = re.findall(r"[^\W\d_][\w’'-]*", core)
        nouns = self.lex.person_words if kind == "person" else self.lex.group_nouns
        headed = kind == "group" and 3 <= len(words) <= 6 and words[0] in self.lex.group_heads \
            and any(w in nouns for w in words[1:3])  # "فريق من الخبراء القانونيين": a team of experts
        if not headed and (not words or len(words) > 3 or words[-1] not in nouns):
            return None
        name = " ".join(words) if headed else words[-1].lower() if kind == "group" else " ".join(words).lower()
        for n in self.new_actors:  # the same group again in this article
            if n.name == name:
                return n
        return self._propose_actor(s, name, "", kind, (name,), fallback="group")

    def _antecedent(self, s: Sentence, outside: str, hit: re.Match, window: int) -> Attribution | None:
        """For a verb right after a relative pronoun ("la entidad rusa, que culpa a Ucrania", "Hamas, which
        accused"): the noun before the pronoun speaks, never the party after the verb. None when the verb follows
        no relative pronoun; an attribution without actors when no known actor is named before it."""
        if self.w.relative is None:
            return None
        head = outside[window - s.start:hit.start()]
        rel = self.w.relative.search(head)
        if rel is None:
            return None
        phrase = head[:rel.start()]
        at = window
        ids, printed, how, conf, new = self.resolve(s, phrase, at, allow_new=False)
        if ids and self._outlet(ids, printed, phrase):
            ids = []
        verb = hit.group(1)
        return Attribution(s.start + hit.start(), s.start + hit.end(), verb, phrase, at, ids, printed,
                           f"'{verb}' after a relative pronoun: {how}", conf, new)

    def _cited(self, s: Sentence, hit: re.Match) -> Attribution | None:
        """The one an outlet cites, named after the verb past the outlet ("цитирует РИА Новости официального
        представителя Кремля", "Reuters quoted Peskov as saying"); the outlet only reports."""
        v_at, v_end = s.start + hit.start(), s.start + hit.end()
        after = self._after_verb(s, v_end)
        if after is None:
            return None
        phrase, at = after
        phrase = re.split(r"(?<![\w])(?:as|that|что|що|que|dass|że|jako|comme)(?![\w])", phrase)[0]  # "as saying"
        lead = re.match(rf"[\s\u00a0]*(?:{self.w.outlet_names.pattern})[\s\u00a0]*", phrase) \
            if self.w.outlet_names is not None else None
        if lead:  # the outlet between the verb and the one cited
            phrase, at = phrase[lead.end():], at + lead.end()
        if not phrase.strip():
            return None
        ids, printed, how, conf, new = self.resolve(s, phrase, at)  # a noun phrase: "the Russian leader"
        if not ids or self._outlet(ids, printed, phrase):
            return None
        verb = hit.group(1)
        return Attribution(v_at, v_end, verb, phrase, at, ids, printed, f"'{verb}' (cited): {how}", conf, new)

    def _participle(self, s: Sentence, outside: str, hit: re.Match, found: list[Attribution]) -> Attribution | None:
        """The speaker of a participle ("..., accusant Israël", "مضيفة أن"): the main clause's subject. None when
        an earlier verb of the sentence already has a speaker (it is theirs), or no known actor is named before it."""
        if any(a.actor_ids for a in found):
            return None
        phrase = outside[:hit.start()]
        clause = self.w.appositive.search(phrase) if self.w.appositive is not None else None
        if clause and len(phrase[:clause.start()].split()) <= 5:  # "Hamas, whose attack ..., adding"
            phrase = phrase[:clause.start()]
        ids, printed, how, conf, new = self.resolve(s, phrase, s.start, allow_new=False)  # a known actor only
        if not ids or self._outlet(ids, printed, phrase):
            return None
        verb = hit.group(1)
        return Attribution(s.start + hit.start(), s.start + hit.end(), verb, phrase, s.start, ids, printed,
                           f"'{verb}' (a participle): {how}, the subject of the main clause", conf, new)

    def attributions(self, s: Sentence) -> list[Attribution]:
        """Speakers of one sentence, in order; unmatched ones only when nothing matched."""
        lex, w = self.lex, self.w
        outside = s.outside_quotes()
        found: list[Attribution] = []
        ends = [b + 1 for a, b in s.quotes if not _quoted_name(s, a, b)]  # just after each closing mark
        ends = sorted(ends + self._dash_ends(s, outside))
        phrase_kinds = [k for _, k, _ in lex.phrases]
        for pattern, kind, allow in lex.phrases:
            for hit in pattern.finditer(outside):
                who = hit.group("who")
                at = s.start + hit.start("who")
                ids, printed, how, conf, new = self.resolve(s, who, at, allow_new=allow)
                if self._outlet(ids, printed, who):
                    continue  # "according to Russian media": reported, not said
                end = s.start + hit.end()
                held = self._title_and_body(who, at) if not ids else None
                if held is not None:  # "W ocenie szefa RBNiO rosyjskie wojska ...": the title's holder
                    ids, printed, how, conf, new = held
                    who = printed
                    end = at + len(who)
                group = self._unnamed_group(s, who) if not ids and not allow else None
                if group is not None:  # "D'après des observateurs": an unnamed group (lexicon group_nouns) speaks
                    ids, printed, new, conf = [group.actor_id], group.name, group, "low"
                    how = f"'{group.name}': an unnamed group, new actor {group.actor_id}"
                named = who.find(printed) if printed else -1
                if ids and named >= 0 and len(who[named + len(printed):].split()) >= 3:
                    # "Zdaniem Pidlisnego tama ... została wysadzona przez wojska rosyjskie": no comma ends the
                    # phrase; the clause after the name is what was said, its parties are targets
                    who = who[:named + len(printed)]
                    end = at + len(who)
                # "..., ce que Kiev réfute", "...، وهو ما نفته الحركة": after a comma, a clause of its own
                own = kind in lex.own_clause_phrases and bool(re.search(r"[,،;؛][\s\u00a0]*$", outside[:hit.start()]))
                found.append(Attribution(s.start + hit.start(), end, kind, who, at, ids,
                                         printed, f"'{kind}': {how}", conf, new, own))
        window = s.start
        for hit in (w.verb.finditer(outside) if w.verb is not None else ()):
            verb = hit.group(1)
            lower = verb.lower()
            v_at, v_end = s.start + hit.start(), s.start + hit.end()
            prev_word = re.search(r"([\w’']+)[\s\u00a0]*$", outside[:hit.start()])
            prev = prev_word.group(1).lower() if prev_word else ""
            nxt = outside[hit.end():hit.end() + 40]
            quote_before = [e for e in ends if e <= v_at and len(s.text[e - s.start:hit.start()].split()) <= 8]
            if prev in lex.determiners or (lex.language == "en" and re.match(r"[\s\u00a0]+of\b", nxt)) or (
                    lower in lex.noun_forms and self._is_noun(prev_word.group(1) if prev_word else "", lower,
                                                              hit.start())):
                continue  # a noun: "the claims", "claims of evidence", "an unsubstantiated claim", "four accused"
            if lower in ("blame", "blamed") and w.to_blame.search(outside[:hit.start()]):
                continue  # "Ukraine was to blame": no one blames here
            antecedent = self._antecedent(s, outside, hit, window)
            if antecedent is not None:  # "la entidad rusa, que culpa a Ucrania": the noun before "que" speaks
                if antecedent.actor_ids:
                    found.append(antecedent)
                window = v_end
                continue
            if verb in lex.citing_verbs:  # "цитирует РИА Новости представителя Кремля": the one cited speaks
                cited = self._cited(s, hit)
                if cited is not None:
                    found.append(cited)
                window = v_end
                continue
            if verb in lex.participles:  # "..., accusant Israël": the main clause's subject, never the object
                shared = self._participle(s, outside, hit, found)
                if shared is not None:
                    found.append(shared)
                window = v_end
                continue
            opens = w.subjectless is not None and w.subjectless.match(verb) \
                and not outside[:hit.start()].strip(" \u00a0\u2013\u2014-" + (_QUOTES + ",." if quote_before else ""))
            # "Explicó que ...", '"...", declaró, ...': no subject
            if lower in lex.after_quote_only and not quote_before and not opens \
                    and not self._named_before(s, outside, hit.start()):
                continue  # "added" without a quotation before it, unless someone named says it ("Peskov agregó que")
            if lower in lex.description_verbs and lex.description_after is not None and not \
                    lex.description_after.match(s.text[hit.end():hit.end() + 50]):
                continue
            if found and window > s.start and re.search(
                    rf"(?<![\w])(?:{lex.joiners_pattern})(?:[\s\u00a0]+(?:{w.auxiliary}))?[\s\u00a0]*$",  # "et a déclaré"
                    outside[:hit.start()], re.IGNORECASE) \
                    and not re.search(r"[,;]", outside[window - s.start:hit.start()]):
                continue  # "X said ... and blamed Y": the same speaker's second verb
            start = max([window] + [e for e in ends if e <= v_at])
            after_quotation = start > window
            phrase = s.text[start - s.start:hit.start()]
            cut = [m.end() for m in w.clause_break.finditer(phrase)]
            own_clause = bool(cut and (re.search(_CAP, phrase[cut[-1]:]) or self._named_in(phrase[cut[-1]:])))
            if own_clause:  # ", but White House spokesman John Kirby denied"
                start, phrase = start + cut[-1], phrase[cut[-1]:]
            elif found and w.concessive is not None and w.concessive.match(outside):
                # "Si bien las autoridades remarcan que ..., el vocero Dmitri Peskov rechazó": the comma after the
                # subordinate clause that opens the sentence starts the main clause, with a subject of its own
                comma = phrase.find(",")
                rest = phrase[comma + 1:] if comma >= 0 else ""
                if rest.strip() and (re.search(_CAP, rest) or self._named_in(rest)):
                    start, phrase, own_clause = start + comma + 1, rest, True
            after_ok = lex.speaker_after_verb == "always" or (quote_before and lex.speaker_after_verb)
            is_after = False
            if after_ok and not (self._strip_trailing(phrase) if lex.speaker_after_verb == "always"  # ", a déclaré X"
                                 else phrase).strip(" ,\u00a0\u2013\u2014-"):
                after = self._after_verb(s, v_end)
                if after:  # "..., said Peskov.", "заявил Песков"
                    phrase, start = after
                    is_after = lex.speaker_after_verb == "always"
            elif lex.speaker_after_verb and not own_clause and not found and len(phrase.split()) > 2 and \
                    re.search(r"[,\u2014\u2013][\s\u00a0]*$", phrase):
                # "Киев виноват, заявил пресс-секретарь Кремля Дмитрий Песков": the clause before the
                # comma is what was said; the subject follows the verb and ends the sentence (not "Песков, глава ...,
                # заявил, что", nor "Podoliak, ha cargado contra Moscú por ..."); in English too, without
                # quotation marks ("... has killed 17 people, said President Volodymyr Zelenskyy.")
                after = self._after_verb(s, v_end)
                final = after is not None and re.fullmatch(
                    r"[\s\u00a0.!?\u00bb\u201d\"]*", s.text[after[1] - s.start + len(after[0]):])
                ids2 = self.resolve(s, *after, allow_new=False, after=True)[0] if final else []
                run2 = self._name_run(after[0]) if final else None
                if final and not w.outlet(after[0]) and (  # a person: an object after the verb is a party
                        (ids2 and (self.index.is_person(ids2[0]) or self._in_office(after[0])))
                        or (not ids2 and run2 is not None and self._person_like(run2.group()))):
                    phrase, start = after
                    is_after = True
                elif after is not None and w.title_word is not None and w.title_word.search(after[0]) \
                        and not w.outlet(after[0]):
                    # "..., schrieb der Militärgouverneur des Gebiets, Olexander Prokudin auf Telegram.": the
                    # person named after the title and a comma
                    rest = s.text[after[1] - s.start + len(after[0]):]
                    named = re.match(rf"[\s\u00a0]*,[\s\u00a0]+({w.name.pattern})", rest)
                    if named and self._person_like(named.group(1)):
                        phrase, start = named.group(1), after[1] + len(after[0]) + named.start(1)
                        is_after = True
            if not is_after and w.appositive is not None:
                clause = w.appositive.search(phrase)
                head = phrase[:clause.start()] if clause else ""
                if clause and len(head.split()) <= 8 and any(not m.place for m in self.index.mentions(head)):
                    # "Hamas, whose attack last week killed ..., said": the noun before the clause speaks,
                    # not a party the clause names
                    phrase = phrase[:clause.start()]
            listed = self._listed_after(s, phrase, v_end) if lex.speaker_after_verb == "always" and not is_after \
                else None
            if listed is not None:  # "Єрусалим засудили Йорданія, Туреччина, Єгипет": the list speaks
                phrase, start = listed
            ids, printed, how, conf, new = self.resolve(s, phrase, start, allow_new=False, after=is_after)
            if not ids and after_quotation and not own_clause and not is_after:  # nobody between the quotation and the verb
                # the words before the quotation, never a name inside it ('"... del Ministerio de Defensa", dijo.')
                phrase, start = outside[window - s.start:hit.start()], window
                ids, printed, how, conf, new = self.resolve(s, phrase, start, allow_new=False)
            run = self._name_run(phrase)
            titled = w.title_word is not None and w.title_word.search(phrase) and (not run or all(
                x.lower() in lex.determiners or w.title_word.fullmatch(x) for x in run.group().split()))
            # "schrieb der Präsident": a capitalised run of title words alone (German nouns) names no one
            if titled and not ids:  # "речник російського диктатора назвав ...": the person last named
                who = self.last_person(start)
                if who:
                    ids, printed, how, conf, new = [who], phrase.strip(" ,"), \
                        f"'{phrase.strip(' ,')}': {who}, the person last named", "low", None
            bare = self._strip_trailing(_unbracketed(phrase))
            own = self._name_run(bare)
            subject = (own is not None and own.end() == len(bare) and self._person_like(own.group())
                       and sum(x[:1].isupper() for x in own.group().split()) >= 2
                       and "," not in phrase[own.end():]) or "holder of the title" in how \
                or "a body not yet known" in how or _abbreviation_subject(bare) or self._named_body(bare)  # "МИД назвал ... и потребовал от Израиля": not Israel
            if not ids and lex.speaker_after_verb == "always" and not is_after and not titled and not subject \
                    and not (w.relative_end is not None and w.relative_end.search(phrase)):
                # not when a person not yet known is named before the verb ("... Олег Николенко назвал
                # обвинения Москвы"): the party after the verb is its object
                after = self._after_verb(s, v_end)
                if after and not w.outlet(after[0]):
                    ids2, printed2, how2, conf2, new2 = self.resolve(s, *after, allow_new=False, after=True)
                    body = self._uncased_body(s, after[0]) if not ids2 else None
                    if body is not None:  # "من ناحيته، قال رئيس المكتب الإعلامي ...": the body after the verb
                        ids2, printed2, new2, conf2 = [body.actor_id], body.name, body, "low"
                        how2 = f"'{body.name}': a body not yet known, new actor {body.actor_id}"
                    if ids2:
                        phrase, start, is_after = after[0], after[1], True
                        ids, printed, how, conf, new = ids2, printed2, how2, conf2, new2
            if not ids and lex.speaker_after_verb == "always" and self._name_run(phrase) is None and not is_after \
                    and "a body not yet known" not in how \
                    and not (w.relative_end is not None and w.relative_end.search(phrase)):
                after = self._after_verb(s, v_end)  # "..., сообщил глава региона Владимир Сальдо"
                if after and self._name_run(after[0]) is not None:
                    phrase, start, is_after = after[0], after[1], True
            if not ids:
                ids, printed, how, conf, new = self.resolve(s, phrase, start, after=is_after)
            if is_after and not (ids and self.index.is_person(ids[0])) and w.title_word is not None \
                    and w.title_word.search(phrase):
                # "afirmó el portavoz de las Fuerzas Armadas israelíes, Daniel Hagari.": the person named
                # after the title and a comma speaks, not the organisation the title names
                rest = s.text[start - s.start + len(phrase):]
                named = re.match(rf"[\s\u00a0]*,[\s\u00a0]+({w.name.pattern})(?=[\s\u00a0]*(?:[.,;:]|$))", rest)
                if named and self._person_like(named.group(1)):
                    n_at = start + len(phrase) + named.start(1)
                    got = self.resolve(s, named.group(1), n_at)
                    if got[0] and self.index.is_person(got[0][0]):
                        phrase, start = named.group(1), n_at
                        ids, printed, how, conf, new = got
            if is_after and (not ids or not self.index.is_person(ids[0])):
                named = self._uncased_name(s, v_end)
                if named is not None:  # "وقال أفيخاي أدرعي، المتحدّث باسم جيش الاحتلال": the person speaks
                    new = named
                    phrase, start, ids, printed = new.name, s.start + s.text.find(new.name, v_end - s.start), \
                        [new.actor_id], new.name
                    how, conf = f"'{new.name}', then a title: new actor {new.actor_id}", "low"
            if not ids and opens and quote_before and self.said_last:
                who = self.said_last  # '"...", declaró, ...': the quotation goes on with the speaker last heard
                heard = "the speaker last heard"
                if self.opened_by is not None and self.opened_by[0] == s.index - 1 and self.said_last_in < s.index - 1:
                    # "Peskov fue preguntado sobre ... . «...», dijo.": the person the sentence before is about, who
                    # said nothing in it, answers, not a speaker heard before it
                    who, heard = self.opened_by[1], "the person the sentence before opens with"
                ids, printed, how, conf, new = [who], verb, f"'{verb}' after a quotation, with no subject: {who}, " \
                    + heard, "low", None
                phrase, start, is_after = "", v_at, False
            if not ids and opens:
                who = self.last_person(v_at)  # "Explicó que a las 18.59 ...": the verb opens the sentence
                if who:
                    ids, printed, how, conf, new = [who], verb, f"'{verb}' with no subject: {who}, the person " \
                        "last named", "low", None
                    phrase, start, is_after = "", v_at, False
            window = v_end
            if is_after and ids:  # the speaker is the name after the verb, not the rest of the clause
                found_at = s.text.find(printed, start - s.start)
                if found_at >= 0:
                    phrase, start = printed, s.start + found_at
            elif ids and printed and phrase.rstrip(" \u00a0").endswith(printed):
                lead = phrase.rstrip(" \u00a0")[:-len(printed)]
                if lead.rstrip(" \u00a0").endswith(",") and len(lead.split()) >= 4:
                    # "Russia used cluster munitions ..., HRW said": the clause before the name is what was
                    # said, its parties are targets, not the speaker's phrase
                    start, phrase = start + len(lead), printed
            tail = phrase.rstrip(" \u00a0")
            comma = tail.rfind(",")
            ends_report = bool(ids) and not is_after and comma >= 0 and printed in tail[comma:] \
                and len(tail[comma + 1:].split()) <= 6 and self._ends_sentence(s, v_end)
            word = re.search(r"([^\W\d_][\w-]*)[\s\u00a0]+$", s.text[:start - s.start]) if is_after and ids else None
            if word is not None and self.w.outlet_words is not None and self.w.outlet_words.fullmatch(word.group(1)) \
                    and self._outlet(ids, f"{word.group(1)} {printed}", phrase):
                continue  # "podał portal Polityka Strany": a word for an outlet right before the name after the verb
            if self._outlet(ids, printed, phrase):
                continue  # "newswire AFP reported", "Western media have reported": an outlet, not a speaker
            found.append(Attribution(v_at, v_end, verb, phrase, start, ids, printed, f"'{verb}': {how}",
                                     conf, new, own_clause, ends_report))
        last = next((a for a in reversed(found) if a.ends_report and a.actor_ids), None)
        if last is not None and lex.language == "en":
            # "Russia strongly rejects claims ..., Kremlin spokesman Dmitry Peskov said Tuesday.": the verbs before
            # the comma are inside what the speaker at the end said
            found = [a for a in found if a is last or a.at >= last.phrase_at]
        matched = [a for a in found if a.actor_ids]
        cited = [a for a in matched if a.verb in lex.citing_verbs]
        if cited and w.outlet(outside):
            matched = cited  # "..., Reuters reported, citing X": X speaks; the outlet only reports
        if matched:
            # "Alors que l'armée russe a accusé Kyiv, ...": a conjunction that ends in "que" opens a clause with a
            # speaker of its own, not a clause about what someone said
            bare = (lambda p: w.conjunction.sub(" ", p)) if w.conjunction is not None else (lambda p: p)
            main = [a for a in matched if not re.search(r"\bthat\b|\bчто\b|\bщо\b|\bque\b|\bdass\b|\bda\b|\bże\b",
                                                        bare(a.phrase))]
            matched = main or matched
            first = min(a.at for a in matched)
            # A later verb counts only with a subject of its own: not a participle of the first
            # speaker's ("..., saying"), not inside a clause about someone ("revelations that Iran warned").
            found = [a for a in matched if a.at == first or a.verb in phrase_kinds
                     or not ((lex.language == "en" and a.verb.lower().endswith("ing"))
                             or re.search(r"\bthat\b|\bчто\b|\bщо\b|\bque\b|\bdass\b|\bże\b", bare(a.phrase)))]
        else:
            found = [a for a in found if a.new_actor is not None or a.verb.lower() in lex.core_verbs]
        found = [self._reported_inside(s, a) for a in found]  # '"Putin stated that ..." - podał Kreml'
        seen, out = set(), []  # each speaker once per sentence
        for a in sorted(found, key=lambda a: a.at):
            key = tuple(a.actor_ids)
            if key in seen and a.actor_ids:
                continue
            seen.add(key)
            out.append(a)
        if not any(a.actor_ids for a in out):
            own = self.investigations.attribution(s)
            out = [own] if own is not None else out
        return out

    def note_persons(self, s: Sentence) -> None:
        lead = s.start + len(s.text) - len(s.text.lstrip(" \u00a0" + _QUOTES))
        self.opened_by = None
        for m in self.index.mentions(s.text, s.start):
            if m.person and m.start == lead:  # "Peskov, en su rueda de prensa, fue preguntado ...": its subject
                self.opened_by = (s.index, m.actor_id)
            if m.person and not any(a <= m.start < b for a, b in s.quotes):
                self.persons.append((m.start, m.actor_id))
            elif not m.place and self.index.actors.get(m.actor_id, {}).get("kind") not in (None, "person",
                                                                                          "government"):
                self.groups.append((m.start, m.actor_id))
            if not m.place and not m.person:
                self.bodies.append((m.start, m.actor_id))


def _particle_and_one_name(run: str) -> bool:
    """Whether a run of capitals is an uncased particle and a single name ("de Kherson", "du Donbass"): a place
    or body after a preposition, not a person's full name."""
    words = run.split()
    return len(words) == 2 and words[0][:1].islower()


def _abbreviation_subject(bare: str) -> bool:
    """Whether the words before a verb are one abbreviation in capitals ("МИД", "SBU"), its subject: a body
    not yet known speaks, not the party after the verb."""
    words = bare.split()
    return len(words) == 1 and len(words[0]) >= 2 and words[0].isupper() and words[0].isalpha()


def _quoted_name(s: Sentence, a: int, b: int) -> bool:
    """Whether a quotation (offsets ``a``..``b``) holds a name, not words said: at most three words, each
    capitalised or a particle ("«Ісламський джихад»", "„Kommando Süd“")."""
    words = s.text[a - s.start:b - s.start].split()
    return 0 < len(words) <= 3 and words[0][:1].isupper() and not words[-1].endswith((".", "!", "?"))


_JOIN = re.compile(r"[\s\u00a0]*,?[\s\u00a0]*(?:and|as well as|or|и|і|й|та|или|або|et|ou|und|oder|y|o|e|i|oraz|lub|و|أو)?"
                   r"[\s\u00a0]*(?:the[\s\u00a0]+)?", re.IGNORECASE)
