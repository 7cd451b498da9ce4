"""Candidate claims: who is reported as saying what, about whom.

A sentence holds a claim when an attribution verb ("said", "claimed",
"accused", "denied"...) or a phrase ("according to X", "as X put it") has a
speaker. The speaker is the actor named closest before the verb (a person
before a government: "Kremlin spokesman Dmitry Peskov" is Peskov), the one
after it in "..., said Peskov", or, for "he" and "the Russian leader", the
person last named. A quotation standing alone continues the previous
speaker. Targets are the other actors the sentence names; the stance comes
from the strongest cue word (see :mod:`.lexicon`).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field

from . import lexicon as lx
from .actors import ActorIndex, Mention, slug
from .dates import DateRef
from .segment import Sentence

__all__ = ["Attribution", "ClaimProposal", "NewActor", "propose_claims"]

_VERB = re.compile(r"\b(" + "|".join(sorted(lx.SPEECH_VERBS, key=len, reverse=True)) + r")\b")
_GAP = r"[\s\u00a0]+"
_PHRASES = [  # (pattern, kind): the speaker is group "who"
    (re.compile(r"\b[Aa]ccording" + _GAP + r"to" + _GAP + r"(?P<who>[^,.;:\u201c\u201d\"]{2,80}?)(?=[,.;:]|$)"),
     "according to"),
    (re.compile(r"\bclaims?" + _GAP + r"(?:made" + _GAP + r")?by" + _GAP
                + r"(?P<who>[^,.;:\u201c\u201d\"]{2,60}?)(?=" + _GAP + r"(?:that|of|about)\b|[,.;:])"),
     "claims made by"),
    (re.compile(r"\bas" + _GAP + r"(?P<who>[^,.;:\u201c\u201d\"]{2,100}?)" + _GAP + r"put" + _GAP + r"it\b"),
     "as ... put it"),
    (re.compile(r"\bclaims?" + _GAP + r"that" + _GAP + r"(?P<who>[^,.;:\u201c\u201d\"]{2,60}?)" + _GAP
                + r"(?:has" + _GAP + r"|had" + _GAP + r")?made\b"), "claim that ... made"),
]
_VIA = [
    re.compile(r"\bquoted" + _GAP + r"by" + _GAP + r"(?:the" + _GAP + r")?(?P<via>[A-Z][\w’'.-]*(?:"
               + _GAP + r"[A-Z][\w’'.-]*)*)"),
    re.compile(r"(?P<via>[A-Z][\w’'.-]*(?:" + _GAP + r"[A-Z][\w’'.-]*)*)" + _GAP + r"quoted\b"),
    re.compile(r"\b[Aa]ccording" + _GAP + r"to" + _GAP + r"(?:the" + _GAP + r")?(?:[\w’']+" + _GAP
               + r"){0,3}?(?:news" + _GAP + r")?agency" + _GAP + r"(?P<via>[A-Z][\w’'.-]*)"),
]
_TRAILING = re.compile(r"(?:[\s\u00a0,]+(?:as|has|have|had|was|were|is|are|also|then|again|later|further|"
                       r"himself|herself|not|never|would|could|did|does|had|and|but|\w+ly))+[\s\u00a0,]*$",
                       re.IGNORECASE)
_PRONOUN = re.compile(r"(?:^|[\s\u00a0,(])(?P<p>[Hh]e|[Ss]he)$|^[\s\u00a0]*(?P<q>He|She)\b")
_TITLE = re.compile(r"\bthe" + _GAP + r"(?:[\w’'-]+" + _GAP + r"){0,2}(?:" + "|".join(lx.TITLES) + r")$",
                    re.IGNORECASE)
_PARTICLE = r"(?:al-|(?:bin|van|von|de|da|du|el)(?=[\s\u00a0]))"
_NAME = re.compile(r"(?:[A-Z][\w’'.-]+|" + _PARTICLE + r")(?:[\s\u00a0]+(?:[A-Z][\w’'.-]+|" + _PARTICLE + r"))*")
_NOT_NAMES = {"He", "She", "The", "A", "An", "It", "They", "This", "That", "But", "And"} | {
    d for d in calendar.day_name} | {m for m in calendar.month_name if m}
_LEADING = ("The", "A", "An", "Meanwhile", "But", "And", "However", "On", "In", "After", "Even", "Both")
_SPEAKER_NOUNS = re.compile(r"(?:" + _GAP + r"[a-z][\w-]*){0,2}" + _GAP + r"(?:governments?|officials|"
                            r"authorities|side|leadership|military|forces|intelligence|ministry|embassy|"
                            r"agency|president|presidency|army|police|prosecutors?)\b")


@dataclass
class NewActor:
    """An actor proposed because a speaker was named but is not in ``actors.csv``."""

    actor_id: str
    name: str
    role: str
    kind: str
    aliases: tuple[str, ...]
    sentence: Sentence


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


@dataclass
class ClaimProposal:
    """A proposed claim: one statement by one speaker, with one row per target."""

    sentence: Sentence
    attribution: Attribution
    actor_id: str
    targets: list[tuple[str, str]]  # (actor_id, why); ("", why) when none
    stance: str
    stance_why: str
    said_on: str
    said_on_precision: str
    said_on_basis: str
    quote: str
    mode: str
    via: str
    confidence: str
    notes: list[str] = field(default_factory=list)


def _noun_before(prev: str, verb: str, at: int) -> bool:
    """Whether the word before a verb form that is also a noun makes it the noun."""
    if prev.lower() in lx.NUMBER_WORDS or prev.isdigit():
        return True  # "four accused"
    if verb == "accused":
        return False
    return bool(re.search(r"(?:ed|al|ous|ive|ful|ic|ing)$", prev) or re.search(r"[’']s$", prev)
                or (prev[:1].isupper() and at > len(prev) + 1))  # "the Islamic State claim"


def _unbracketed(phrase: str) -> str:
    """The phrase with parentheses blanked out (same length)."""
    return re.sub(r"\([^)]*\)", lambda m: " " * len(m.group()), phrase)


def _person_like(run: str) -> bool:
    """Whether a run of capitalised words ends in a person's name: two words, no organisation word."""
    words = run.split()
    tail = words[-2:]
    return (len(words) >= 2 and not any(w.lower().strip(".’'") in lx.ORG_WORDS for w in tail)
            and not any(w.isupper() for w in tail) and not any(w in _NOT_NAMES for w in tail))


def _strip_trailing(phrase: str) -> str:
    return _TRAILING.sub("", phrase.rstrip()).rstrip(" ,\u00a0")


class _Reader:
    """Reads one article sentence by sentence, remembering who was last named."""

    def __init__(self, index: ActorIndex, taken_ids: set[str]):
        self.index = index
        self.taken_ids = taken_ids  # actor ids in use, for new actors
        self.persons: list[tuple[int, str]] = []  # (offset, actor_id) of persons named, in order
        self.new_actors: list[NewActor] = []

    def last_person(self, before: int) -> str | None:
        found = [(pos, a) for pos, a in self.persons if pos < before]
        return max(found, key=lambda f: f[0])[1] if found else None

    # -- speakers -------------------------------------------------------------

    def resolve(self, s: Sentence, phrase: str, at: int,
                allow_new: bool = True) -> tuple[list[str], str, str, str, NewActor | None]:
        """(actor ids, printed, how, confidence, new actor) of a speaker phrase starting at offset ``at``.

        Without ``allow_new`` an unknown name is left unmatched, so that the
        caller can first try a wider phrase.
        """
        quotes = s.quotes
        mentions = [m for m in self.index.mentions(phrase, at)
                    if not any(a <= m.start < b for a, b in quotes)]
        bracketed = [(m.start() + at, m.end() + at) for m in re.finditer(r"\([^)]*\)", phrase)]
        plain = [m for m in mentions if m.how == "role" or not any(a <= m.start < b for a, b in bracketed)]
        plain = [m for m in plain if not m.place]
        persons = [m for m in plain if m.person and m.how == "alias"]
        if persons:
            m = persons[-1]
            return [m.actor_id], m.printed, f"'{m.printed}' is an alias of {m.actor_id}", "high", None
        roles = [m for m in plain if m.how == "role"]
        if roles:
            m = roles[-1]
            return [m.actor_id], m.printed, f"'{m.printed}' is in the role of {m.actor_id}", "medium", None
        others = [m for m in plain if not m.person]
        weak = [m for m in self.index.mentions(phrase, at, weak=True) if m.how == "demonym"
                and _SPEAKER_NOUNS.match(phrase[m.end - at:])]
        others = sorted(others + weak, key=lambda m: m.start)
        run = self._name_run(_unbracketed(phrase))
        if others and run is not None and run.end() + at > others[-1].end and _person_like(run.group()):
            others = []  # "Russian Ambassador to the US Anatoly Antonov": the unknown person speaks
        if others:
            last = others[-1]
            group = [last]
            for m in reversed(others[:-1]):  # "Both the U.S. and Ukrainian governments"
                if re.fullmatch(r"[\s\u00a0,]*(?:and|as well as)[\s\u00a0]+(?:the[\s\u00a0]+)?",
                                phrase[m.end - at:group[0].start - at]):
                    group.insert(0, m)
                else:
                    break
            ids = list(dict.fromkeys(m.actor_id for m in group))
            printed = phrase[group[0].start - at:last.end - at]
            if last.how == "demonym":  # "Ukrainian government", not "Ukrainian"
                noun = _SPEAKER_NOUNS.match(phrase, last.end - at)
                printed = phrase[group[0].start - at:noun.end()]
            return ids, printed, f"'{printed}' names {', '.join(ids)}", "medium", None
        core = _strip_trailing(_unbracketed(phrase))
        if self._name_run(core) is not None:  # someone not yet known is named: not "he" from before
            new = self._new_actor(s, core) if allow_new else None
            if new is not None:
                return ([new.actor_id], new.name, f"'{new.name}' is not a known actor: new actor {new.actor_id}",
                        "low", new)
            return [], core, f"'{core}' is not a known actor", "low", None
        pronoun = _PRONOUN.search(core)
        if pronoun:
            word = pronoun.group("p") or pronoun.group("q")
            who = self.last_person(at + len(phrase))
            if who:
                return [who], word, f"'{word}': {who}, the person last named", "medium", None
        title = _TITLE.search(core)
        if title:
            who = self.last_person(at + len(phrase))
            if who:
                return [who], title.group(), f"'{title.group()}': {who}, the person last named", "low", None
        printed = " ".join(core.strip(" ,\u00a0\u2013\u2014").split()[-6:])
        return [], printed, f"'{printed}' is not a known actor", "low", None

    @staticmethod
    def _name_run(phrase: str) -> re.Match | None:
        """The last run of capitalised words of a speaker phrase: two or more, or one just before the verb."""
        runs = [m for m in _NAME.finditer(phrase)
                if len(m.group().split()) >= 2 or not phrase[m.end():].strip(" ,\u00a0")]
        runs = [m for m in runs if m.group().split()[-1] not in _NOT_NAMES]
        return runs[-1] if runs else None

    def _new_actor(self, s: Sentence, phrase: str) -> NewActor | None:
        run = self._name_run(phrase)
        if run is None:
            return None
        words = run.group().split()
        place = re.search(r"([A-Z][\w’'-]*)[\s\u00a0]+(?:in|of|from)[\s\u00a0]+$", phrase[:run.start()])
        if len(words) == 1 and place:  # "Police in Arizona", not "Arizona"
            words = phrase[place.start():run.end()].split()
        while words and words[0] in _LEADING:
            words = words[1:]
        if not words or len(words) > 6:
            return None
        person = _person_like(" ".join(words)) and not (len(words) > 1 and place)
        org = not person and any(w.lower().strip(".’'") in lx.ORG_WORDS for w in words)
        name_words = words
        if person:  # "Russian President Vladimir Putin": the name is the last two words
            keep = 3 if len(words) >= 3 and (len(words[-2].rstrip(".")) == 1 or words[-2].endswith("-")) else 2
            name_words = words[-keep:]
        name = " ".join(name_words)
        title = " ".join(words[:len(words) - len(name_words)])
        before = phrase[:run.start()].rstrip(" \u00a0")
        role = title
        if not role and before.endswith(","):
            role = before[:-1].split(",")[-1]
        role = re.sub(r"^(?:" + "|".join(_LEADING) + r")\b", "", role.strip(" \u00a0")).strip(" \u00a0")
        kind = "person" if person else "organisation" if org or len(words) > 1 or words[0].isupper() else "government"
        base = slug(name_words[-1]) if person else slug(name)
        actor_id = base if base and base not in self.taken_ids else slug(name)
        n = 2
        while not actor_id or actor_id in self.taken_ids:
            actor_id = f"{slug(name) or 'actor'}_{n}"
            n += 1
        aliases = (name, name_words[-1]) if person else (name,)
        new = NewActor(actor_id, name, " ".join(role.split()[-10:]), kind, aliases, s)
        self.taken_ids.add(actor_id)
        self.index.add({"actor_id": actor_id, "name": name, "role": "", "affiliation": "",
                        "kind": new.kind, "aliases": aliases})
        self.new_actors.append(new)
        return new

    # -- one sentence -----------------------------------------------------------

    def attributions(self, s: Sentence) -> list[Attribution]:
        """Speakers of one sentence, in order; unmatched ones only when nothing matched."""
        outside = s.outside_quotes()
        found: list[Attribution] = []
        ends = [b + 1 for _, b in s.quotes]  # just after each closing mark
        for pattern, kind in _PHRASES:
            for hit in pattern.finditer(outside):
                who = hit.group("who")
                at = s.start + hit.start("who")
                ids, printed, how, conf, new = self.resolve(s, who, at, allow_new=kind != "according to")
                found.append(Attribution(s.start + hit.start(), s.start + hit.end(), kind, who, at, ids,
                                         printed, f"'{kind}': {how}", conf, new))
        window = s.start
        for hit in _VERB.finditer(outside):
            verb = hit.group(1)
            lower = verb.lower()
            v_at, v_end = s.start + hit.start(), s.start + hit.end()
            prev_word = re.search(r"([\w’']+)[\s\u00a0]*$", outside[:hit.start()])
            prev = prev_word.group(1).lower() if prev_word else ""
            nxt = outside[hit.end():hit.end() + 40]
            quote_before = [e for e in ends if e <= v_at and len(s.text[e - s.start:hit.start()].split()) <= 8]
            if prev in lx.DETERMINERS or re.match(r"[\s\u00a0]+of\b", nxt) or (
                    lower in lx.NOUN_FORMS and _noun_before(prev_word.group(1) if prev_word else "", lower, hit.start())):
                continue  # a noun: "the claims", "claims of evidence", "an unsubstantiated claim", "four accused"
            if lower in lx.AFTER_QUOTE_ONLY and not quote_before:
                continue
            if lower in ("called", "calling", "described", "describes") and not re.match(
                    r"[\s\u00a0]+(?:it|them|the[\s\u00a0]+[\w\s\u00a0]{0,30})?[\s\u00a0]*(?:as\b|[\u201c\u2018\"'])",
                    s.text[hit.end():hit.end() + 50]):
                continue
            start = max([window] + [e for e in ends if e <= v_at])
            phrase = s.text[start - s.start:hit.start()]
            if quote_before and not phrase.strip(" ,\u00a0"):
                after = re.match(r"[\s\u00a0]+([^,.;:\u201c\u201d\"]{2,80})", s.text[hit.end():])
                if after:  # "..., said Peskov."
                    phrase, start = after.group(1), v_end + after.start(1)
            ids, printed, how, conf, new = self.resolve(s, phrase, start, allow_new=False)
            if not ids and start > window:  # nobody between the quotation and the verb: the whole clause
                phrase, start = s.text[window - s.start:hit.start()], window
                ids, printed, how, conf, new = self.resolve(s, phrase, start, allow_new=False)
            if not ids:
                ids, printed, how, conf, new = self.resolve(s, phrase, start)
            found.append(Attribution(v_at, v_end, verb, phrase, start, ids, printed, f"'{verb}': {how}",
                                     conf, new))
            window = v_end
        matched = [a for a in found if a.actor_ids]
        if matched:
            main = [a for a in matched if not re.search(r"\bthat\b", a.phrase)]
            matched = main or matched
            first = min(a.at for a in matched)
            # A later verb counts only with a subject of its own: not a participle of the first
            # speaker's ("..., saying"), not inside a clause about someone ("revelations that Iran warned").
            found = [a for a in matched if a.at == first or a.verb in [k for _, k in _PHRASES]
                     or not (a.verb.lower().endswith("ing") or re.search(r"\bthat\b", a.phrase))]
        else:
            found = [a for a in found if a.new_actor is not None or a.verb.lower() in lx.CORE_VERBS]
        seen, out = set(), []  # each speaker once per sentence
        for a in sorted(found, key=lambda a: a.at):
            key = tuple(a.actor_ids)
            if key in seen and a.actor_ids:
                continue
            seen.add(key)
            out.append(a)
        return out

    def note_persons(self, s: Sentence) -> None:
        for m in self.index.mentions(s.text, s.start):
            if m.person and not any(a <= m.start < b for a, b in s.quotes):
                self.persons.append((m.start, m.actor_id))


def _targets(index: ActorIndex, s: Sentence, a: Attribution, speaker: str) -> list[tuple[str, str]]:
    """Other actors the sentence names, at most three.

    Groups and governments come before persons, and those after the verb
    first; demonyms ("Ukrainian") and places ("into Ukraine") only when
    nothing else is named.
    """
    aff = index.affiliation(speaker) if speaker else ""
    phrase_span = (a.phrase_at, a.phrase_at + len(a.phrase))
    tiers: dict[int, list[Mention]] = {0: [], 1: [], 2: [], 3: []}
    for m in index.mentions(s.text, s.start, weak=True):
        if m.actor_id == speaker or phrase_span[0] <= m.start < phrase_span[1]:
            continue
        if aff and index.affiliation(m.actor_id) == aff and index.is_person(speaker):
            continue  # a Russian official's "Russia" is the speaker's side, not a target
        tier = 3 if m.place else 2 if m.how == "demonym" else 1 if m.person else 0
        tiers[tier].append(m)
    out: dict[str, str] = {}
    for tier in range(4):
        for m in sorted(tiers[tier], key=lambda m: (m.start < a.at, m.start)):
            kind = ["", " (a person)", " (a demonym)", " (as a place)"][tier]
            out.setdefault(m.actor_id, f"names '{m.printed}'{kind}")
        if out and tier >= 1:
            break
    return list(out.items())[:3]


def _stance(s: Sentence, a: Attribution, stances: set[str]) -> tuple[str, str]:
    """The stance of the verb itself ("denied", "refusing to blame"), else the strongest cue after it."""
    rel = a.at - s.start
    for stance, pattern in lx.STANCE_CUES:
        hit = pattern.search(s.text, max(rel, 0))
        if hit and hit.start() <= max(rel, 0) + 1 and stance in stances:
            return stance, f"stance from '{hit.group()}'"
    for scope in (s.text[max(rel, 0):], s.text):
        for stance, pattern in lx.STANCE_CUES:
            hit = pattern.search(scope)
            if hit and stance in stances:
                return stance, f"stance from '{hit.group()}'"
    if lx.DEFAULT_STANCE in stances:
        return lx.DEFAULT_STANCE, "stance: no cue word, the default guess"
    return "", "stance: no cue word; fill it in"


def _quote(s: Sentence, a: Attribution, continuation: bool) -> tuple[str, str]:
    """(quote, mode): a direct quotation's words, or the whole sentence."""
    outside_verb = not any(qa <= a.at < qb for qa, qb in s.quotes)
    if s.quotes and outside_verb and (continuation or s.quoted_share() >= 0.5):
        qa, qb = max(s.quotes, key=lambda q: q[1] - q[0])
        text = s.text[qa - s.start:qb - s.start].rstrip(" ,\u00a0")
        if len(text.split()) >= 4:
            return text, "direct"
    return s.text, "partial" if s.quotes else "paraphrase"


def _said_on(s: Sentence, a: Attribution, dates: list[DateRef]) -> DateRef | None:
    """The date the sentence gives the statement: next to the verb, or opening the sentence."""
    near = []
    for d in dates:
        if not (s.start <= d.start and d.end <= s.end) or any(qa <= d.start < qb for qa, qb in s.quotes):
            continue
        gap = s.text[min(d.end, a.end) - s.start:max(d.start, a.at) - s.start]
        opening = len(s.text[:d.start - s.start].split()) <= 2
        if len(gap.split()) <= 6 or opening:
            near.append((len(gap), d))
    return min(near, key=lambda x: x[0])[1] if near else None


def propose_claims(sentences: list[Sentence], dates: list[DateRef], index: ActorIndex, stances: set[str],
                   taken_ids: set[str]) -> tuple[list[ClaimProposal], list[NewActor], dict[int, Attribution]]:
    """Candidate claims of an article, the new actors they need, and each sentence's first speaker.

    ``index`` gains the new actors; ``taken_ids`` are the actor ids already in use.
    """
    reader = _Reader(index, set(taken_ids))
    claims: list[ClaimProposal] = []
    speakers: dict[int, Attribution] = {}
    previous: ClaimProposal | None = None
    for s in sentences:
        found = reader.attributions(s)
        continuation = False
        if not found and previous is not None and s.quoted_share() >= 0.6 \
                and s.text.lstrip()[:1] in "\u201c\u201d\"" and previous.sentence.block == s.block:
            p = previous.attribution
            found = [Attribution(s.start, s.start, "", "", s.start, p.actor_ids, p.printed,
                                 f"continues the quotation of the previous sentence ({p.printed})",
                                 p.confidence)]
            continuation = True
        if found:
            speakers[s.index] = found[0]
        for a in found:
            speaker = a.actor_ids[0] if a.actor_ids else ""
            for actor in a.actor_ids or [""]:
                targets = _targets(index, s, a, actor)
                stance, stance_why = _stance(s, a, stances)
                quoted = bool(s.quotes)
                cue = not stance_why.startswith("stance: no cue")
                if not (targets or cue or quoted or continuation or a.verb.lower() in lx.CORE_VERBS):
                    continue  # "Russian authorities have confirmed 139 dead": a source, not a claim
                if not targets and stance in lx.SELF_TARGETED and actor:
                    targets = [(actor, f"'{stance}' with no one else named: the speaker itself")]
                quote, mode = _quote(s, a, continuation)
                ref = _said_on(s, a, dates)
                if ref is not None:
                    said = (ref.date.isoformat(), ref.precision, f"'{ref.text}': {ref.how}.")
                elif previous is not None and previous.actor_id == actor and actor and previous.said_on \
                        and s.index - previous.sentence.index <= 3:
                    said = (previous.said_on, previous.said_on_precision,
                            f"Continuation of remarks dated earlier: {previous.said_on_basis}")
                else:
                    said = ("", "", "Not stated in the article.")
                via = ""
                for pattern in _VIA:
                    hit = pattern.search(s.outside_quotes())
                    if hit and not index.mentions(hit.group("via")):
                        via = hit.group("via")
                        break
                proposal = ClaimProposal(
                    s, a, actor, targets or [("", "no other actor named")], stance, stance_why, *said,
                    quote, mode, via, a.confidence)
                if a.new_actor is not None:
                    proposal.notes.append(f"new actor {a.new_actor.actor_id} proposed")
                claims.append(proposal)
                previous = proposal if actor == speaker else previous
        reader.note_persons(s)
        for a in found:
            for actor in a.actor_ids:
                if index.is_person(actor):
                    reader.persons.append((a.at, actor))
    # A new actor whose only attribution was dropped is not proposed.
    used = {c.actor_id for c in claims} | {t for c in claims for t, _ in c.targets}
    new_actors = [n for n in reader.new_actors if n.actor_id in used]
    return claims, new_actors, speakers
