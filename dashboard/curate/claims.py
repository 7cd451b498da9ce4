"""Candidate claims: who is reported as saying what, about whom.

A sentence holds a claim when an attribution verb ("said", "claimed",
"заявил", "a déclaré"...) or a phrase ("according to X", "по словам X", "as
X put it") has a speaker. The words come from the article's lexicon
(:mod:`.lexicon`). The speaker is the actor named closest before the verb (a
person before a government: "Kremlin spokesman Dmitry Peskov" is Peskov), the
one after it in "..., said Peskov" (in languages that put the subject after
the verb, "заявил Песков", wherever nobody precedes it), or, for "he" and
"the Russian leader", the person last named. A quotation standing alone
continues the previous speaker. An outlet ("newswire AFP reported", "Western
media have reported") is never a speaker. Speakers are named by the reader of
:mod:`.speakers`.

Targets are the other actors the sentence names, except those reported as
speaking themselves ("after Putin claimed"); the stance comes from the
strongest cue word, and when no cue decides it the stance is left blank for
the curator. A sentence that only reports (a toll or arrests, "... officials
say") with no cue and no one named is a source of figures, not a claim.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .actors import ActorIndex, Mention
from .dates import DateRef
from .lexicon import Lexicon
from .segment import Sentence
from .speakers import _JOIN, _QUOTES, Attribution, NewActor, _Reader, _Words

__all__ = ["Attribution", "ClaimProposal", "NewActor", "propose_claims"]


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
    review: list[str] = field(default_factory=list)  # what the curator must check





def _speaks(s: Sentence, m: Mention, w: _Words) -> bool:
    """Whether an actor named in a sentence is reported as speaking ("after Putin claimed", "Putin's claim")."""
    after = s.text[m.end - s.start:m.end - s.start + 40]
    if re.match(r"[’']s[\s\u00a0]+(?:\w+[\s\u00a0]+)?(?:claims?|assertions?|statements?|remarks|words|"
                r"allegations?|accusations?|version)\b", after, re.IGNORECASE):
        return True
    return bool(w.speaks is not None and w.speaks.match(after))


def _side_of(index: ActorIndex, actor_id: str, affiliation: str) -> bool:
    """Whether an actor is of the side ``affiliation`` names: its affiliation, or the name of a party of the
    parties list that the folder lacks ("Russia" for the Russian foreign ministry)."""
    return index.affiliation(actor_id) == affiliation or (
        index.is_pending(actor_id) and index.name(actor_id).split(" (")[0] == affiliation)


def _about_speaker(s: Sentence, a: Attribution, w: _Words, m: Mention) -> bool:
    """Whether an actor is named in a clause about the speaker, between the speaker and the verb ("Israël, qui
    mène des frappes ... depuis l'attaque du Hamas, a nié"): the clause describes the speaker, it blames no one."""
    end = a.phrase_at + len(a.phrase)
    return w.appositive is not None and end <= m.start < a.at and bool(w.appositive.match(s.text, end - s.start))


def _targets(index: ActorIndex, s: Sentence, a: Attribution, speaker: str, w: _Words,
             scope: tuple[int, int] | None = None, own_side: bool = False) -> list[tuple[str, str]]:
    """Other actors the sentence names, at most three.

    Groups and governments come before persons, and those after the verb
    first; demonyms ("Ukrainian") and places ("into Ukraine") only when
    nothing else is named. An actor reported as speaking is no target, nor
    one outside the attribution's ``scope`` (offsets; another speaker's clause), nor the speaker's own
    side unless ``own_side``.
    """
    lo, hi = scope or (s.start, s.end)
    aff = index.affiliation(speaker) if speaker and not own_side else ""
    phrase_span = (a.phrase_at, a.phrase_at + len(a.phrase))
    tiers: dict[int, list[Mention]] = {0: [], 1: [], 2: [], 3: []}
    for m in index.mentions(s.text, s.start, weak=True):
        if m.actor_id == speaker or phrase_span[0] <= m.start < phrase_span[1] or not lo <= m.start < hi:
            continue
        if aff and _side_of(index, m.actor_id, aff):
            continue  # a Russian official's or ministry's "Russia" is the speaker's side, not a target
        if w.outlet(m.printed) or (m.person and _speaks(s, m, w)) or _about_speaker(s, a, w, m):
            continue
        place = m.place or (w.toward is not None and not m.person and w.toward.search(s.text[:m.start - s.start]))
        tier = 3 if place else 2 if m.how == "demonym" else 1 if m.person else 0
        tiers[tier].append(m)
    out: dict[str, str] = {}
    for tier in range(4):
        for m in sorted(tiers[tier], key=lambda m: (m.start < a.at, m.start)):
            kind = ["", " (a person)", " (a demonym)", " (as a place)"][tier]
            how = " (spelled otherwise)" if m.how == "spelling" else ""
            out.setdefault(m.actor_id, f"names '{m.printed}'{kind}{how}")
        if out and tier >= 1:
            break
    return list(out.items())[:3]


def _asked_about(index: ActorIndex, s: Sentence, a: Attribution, speaker: str, w: _Words,
                 scope: tuple[int, int] | None, cue: re.Match, after: bool) -> list[tuple[str, str]]:
    """The parties a speaker declines to blame or casts doubt on: those named after the cue in its clause, the
    speaker's own side included ("unclear whether ... an Israeli Air Force strike"); with ``after``, only those
    ("could not say whether Israel ..."), not the subject before it ("the United States could not say")."""
    lo, hi = scope or (s.start, s.end)
    end = w.clause_end.search(s.text, cue.end())  # the parties of that clause, not of a next one
    named = _targets(index, s, a, speaker, w, (max(lo, s.start + cue.end()), min(hi, s.start + end.start())
                                               if end else hi), own_side=True)
    if after:
        return named
    out: dict[str, str] = {}  # doubt: also the others ("claims that the Islamic State was involved were suspicious")
    for t, why in _targets(index, s, a, speaker, w, scope) + named:
        out.setdefault(t, why)
    return list(out.items())[:3]


def _second_position(index: ActorIndex, s: Sentence, a: Attribution, speaker: str, w: _Words, stances: set[str],
                     lex: Lexicon, scope: tuple[int, int] | None, cue: re.Match):
    """A denial or an accusation in a clause after the one that declines or doubts ("відповіли, що мають
    перевірити інформацію, і лише після перевірки запевнили, що не завдавали ударів"): (targets, its cue,
    its stance), or None. A denial with no party named is the speaker's own; an accusation needs a party."""
    hi = scope[1] - s.start if scope else len(s.text)
    end = w.clause_end.search(s.text, cue.end(), hi)
    if end is None:
        return None
    hits = [(hit.start(), sid, hit) for sid, pattern in lex.stances if sid in ("denies", "accuses") and sid in stances
            for hit in [pattern.search(s.text, end.start(), hi)] if hit]
    if not hits:
        return None
    _, stance, hit = min(hits, key=lambda h: h[0])
    clause = (s.start + end.start(), s.start + hi)
    targets, _ = _governed(index, s, _targets(index, s, a, speaker, w, clause), hit, clause)
    if not targets and stance == "denies":
        targets = [_own_side(index, s, a, speaker, clause, f"'{hit.group()}' with no one else named: the speaker itself")]
    return (targets, hit, stance) if targets else None


def _said_next(s: Sentence, cue: re.Match, w: _Words, scope: tuple[int, int] | None) -> re.Match | None:
    """The speech verb or participle that opens the clause after a denial ("denied any attacks and said that",
    "negó su responsabilidad, afirmando que"): the clause where the speaker tells who did it, or None."""
    if w.verb is None:
        return None
    hi = scope[1] - s.start if scope else len(s.text)
    end = w.clause_end.search(s.text, cue.end(), hi)
    if end is None:
        return None
    verb = w.verb.search(s.text, end.end(), hi)
    if verb is None:
        return None
    gap = s.text[end.end():verb.start()].split()
    if len(gap) > 2:
        return None  # the verb opens the clause ("and then said"), not one of a subordinate clause further on
    if any(word[:1].isupper() for word in gap):
        return None  # another subject opens it ("denied it, after Putin claimed that …"): not the speaker's words
    return verb


def _quotation_goes_on(s: Sentence, actor: str, targets: list[tuple[str, str]], previous: "ClaimProposal | None"
                       ) -> tuple[str, list[tuple[str, str]], str] | None:
    """"Kyrylenko accused Russia of aiming at civilians. 'They wanted to destroy everything', he wrote.": a
    quotation of the speaker of the claim just before, with no cue word and no other party named (or only the
    ones that claim names), goes on with that claim's stance and target."""
    if not actor or previous is None or previous.actor_id != actor or not previous.stance \
            or not 0 < s.index - previous.sentence.index <= 2 or s.quoted_share() < 0.5:
        return None
    named = {t for t, why in targets if t and "(a demonym)" not in why and "(as a place)" not in why}
    before = {t for t, _ in previous.targets if t}
    if not before or not named <= before:
        return None
    return (previous.stance, [(t, why) for t, why in previous.targets if t],
            f"stance: the speaker's quotation goes on from the claim before ({previous.stance}); check it")


def _same_as_before(s: Sentence, lex: Lexicon, scope: tuple[int, int] | None,
                    claims: list[ClaimProposal]) -> tuple[str, str, re.Match] | None:
    """"..., while his Ukrainian counterpart said the same about Moscow": the stance of the sentence's claim
    before, its target the party named after the words (lexicon ``same_stance``)."""
    before = [c for c in claims if c.sentence.index == s.index and c.stance]
    if lex.same_stance is None or not before:
        return None
    lo, hi = ((scope[0] - s.start, scope[1] - s.start) if scope else (0, len(s.text)))
    hit = lex.same_stance.search(s.text, lo, hi)
    if hit is None:
        return None
    return before[-1].stance, f"'{hit.group()}': the stance of the claim before ({before[-1].stance})", hit


def _side(index: ActorIndex, s: Sentence, a: Attribution, speaker: str,
          scope: tuple[int, int] | None) -> tuple[str, str] | None:
    """The speaker's own side named in a denial ("Peskov rejected accusations against the Russian military"):
    a group of the person's affiliation, named outside the speaker phrase."""
    if not index.is_person(speaker):
        return None
    lo, hi = scope or (s.start, s.end)
    span = (a.phrase_at, a.phrase_at + len(a.phrase))
    aff = index.affiliation(speaker)
    if not aff:  # a person not yet known: the party of the title ("представитель МИД Украины Олег Николенко")
        named = [m for m in index.mentions(a.phrase, a.phrase_at) if not m.person and not m.place]
        return (named[-1].actor_id, f"names '{named[-1].printed}' in the speaker's title: the speaker's side") \
            if named else None
    for m in index.mentions(s.text, s.start, weak=True):
        if lo <= m.start < hi and not span[0] <= m.start < span[1] and not m.person and not m.place \
                and m.actor_id != speaker and index.affiliation(m.actor_id) == aff:
            return m.actor_id, f"names '{m.printed}': the speaker's own side"
    return None




def _home(index: ActorIndex, speaker: str) -> tuple[str, str] | None:
    """The party a person speaks for when a denial names no one ("Peskov denied any attack on civilian targets"):
    the group whose name is the person's affiliation ("Russia" for the Kremlin's spokesman), not the person."""
    aff = index.affiliation(speaker).casefold() if index.is_person(speaker) else ""
    if not aff:
        return None
    for actor_id in sorted(index.actors, key=index.is_pending):  # the folder's own actor before a pending party
        a = index.actors[actor_id]
        names = {str(a.get("name") or "").split(" (")[0].casefold(), *(str(x).casefold() for x in a["aliases"])}
        if actor_id != speaker and not index.is_person(actor_id) and aff in names:
            return actor_id, f"a denial naming no one: the side the speaker speaks for ({index.affiliation(speaker)})"
    return None


def _own_side(index: ActorIndex, s: Sentence, a: Attribution, speaker: str, scope: tuple[int, int] | None,
              why: str) -> tuple[str, str]:
    """What a denial that names no other party denies: the speaker's side named in the sentence (:func:`_side`),
    else the party a person speaks for (:func:`_home`), else the speaker itself (``why`` says so)."""
    return _side(index, s, a, speaker, scope) or _home(index, speaker) or (speaker, why)


def _governed(index: ActorIndex, s: Sentence, targets: list[tuple[str, str]], cue: re.Match | None,
              scope: tuple[int, int] | None) -> tuple[list[tuple[str, str]], str]:
    """Of several parties a clause names, the one its stance cue governs: the party named nearest the cue
    ("ХАМАС вважає Ізраїль відповідальним", "blamed a misfired rocket from ... Islamic Jihad"), after it rather
    than before it. With no cue, the first party (the stance is left to the curator, so is the rest).
    Returns the targets kept and a note on those left out ("" when all are kept)."""
    if len(targets) < 2:
        return targets, ""
    if cue is None:
        return targets[:1], f"target: the first party named; also named: {', '.join(t for t, _ in targets[1:])}"
    lo, hi = scope or (s.start, s.end)
    a, b = s.start + cue.start(), s.start + cue.end()
    where: dict[str, int] = {}
    named = [m for m in index.mentions(s.text, s.start, weak=True)
             if lo <= m.start < hi and any(m.actor_id == t for t, _ in targets)]
    for m in named:
        d = m.start - b if m.start >= b else (a - m.end) + 15
        between = s.text[b - s.start:m.start - s.start] if m.start >= b else s.text[m.end - s.start:a - s.start]
        if re.search(r"[,;:]", between):
            d += 40  # "вважає Ізраїль відповідальним, тоді як ізраїльська армія": another clause's party
        where[m.actor_id] = min(d, where.get(m.actor_id, d))
    if not where:
        return targets, ""
    best = min(where, key=where.get)
    group = {best}  # "blamed Ukraine and the West": parties joined to it by "and" or a comma go with it
    for _ in range(len(named)):
        for x, y in zip(named, named[1:]):
            gap = s.text[x.end - s.start:y.start - s.start]
            if (x.actor_id in group) != (y.actor_id in group) and _JOIN.fullmatch(gap):
                group |= {x.actor_id, y.actor_id}
    kept = [t for t in targets if t[0] in group]
    rest = [t for t, _ in targets if t not in group]
    if not rest:
        return targets, ""
    return kept, f"target: the party nearest '{cue.group()}'; also named: {', '.join(rest)}"


def _negated(index: ActorIndex, s: Sentence, targets: list[tuple[str, str]], scope: tuple[int, int] | None,
             lex: Lexicon) -> list[str]:
    """The parties of ``targets`` named right after a negation ("the other side, not Israel, is to blame",
    "а не ЦАХАЛ", "وليس إسرائيل"; the language's `negations`): the speaker clears them, it does not accuse them."""
    if lex.negation is None:
        return []
    lo, hi = scope or (s.start, s.end)
    ids = {t for t, _ in targets}
    out: list[str] = []
    for m in index.mentions(s.text, s.start, weak=True):
        if m.actor_id in ids and lo <= m.start < hi and m.actor_id not in out \
                and lex.negation.search(s.text[max(0, m.start - s.start - 20):m.start - s.start]):
            out.append(m.actor_id)
    return out


def _cue_of(stance: str, s: Sentence, lex: Lexicon, stances: set[str], scope: tuple[int, int] | None,
            other: re.Match) -> re.Match | None:
    """A cue of ``stance`` in the clause (offsets ``scope``) that is not the cue ``other``."""
    if stance not in stances:
        return None
    lo, hi = ((scope[0] - s.start, scope[1] - s.start) if scope else (0, len(s.text)))
    for sid, pattern in lex.stances:
        if sid != stance:
            continue
        for hit in pattern.finditer(s.text, lo, hi):
            if hit.end() <= other.start() or hit.start() >= other.end() + 25 or (
                    hit.start() >= other.end() and re.search(r"[,;]", s.text[other.end():hit.start()])):
                return hit  # not the object of the other cue ("denied any involvement"), which ends at a comma
    return None


def _stance(s: Sentence, a: Attribution, stances: set[str], lex: Lexicon,
            scope: tuple[int, int] | None = None) -> tuple[str, str, re.Match | None]:
    """The stance of the verb itself ("denied", "refusing to blame"), else the strongest cue after it.

    Only cues inside ``scope`` (offsets: the attribution's own clause) count.
    Returns (stance, why, the cue); a blank stance when no cue decides it.
    """
    rel = a.at - s.start
    lo, hi = ((scope[0] - s.start, scope[1] - s.start) if scope else (0, len(s.text)))
    p0 = a.phrase_at - s.start
    # only a name phrase: a long one, or one with a clause break, holds what is said ("X has no information ..., Y said")
    p1 = p0 + len(a.phrase) if len(a.phrase) <= 60 and not re.search(r"[,;:]", a.phrase) else p0
    for stance, pattern in lex.stances:
        hit = pattern.search(s.text, max(rel, 0), hi)
        if hit and hit.start() <= max(rel, 0) + 1 and stance in stances:
            return stance, f"stance from '{hit.group()}'", hit
    for scope_start in (max(rel, 0), lo):
        for stance, pattern in lex.stances:
            if stance not in stances:
                continue
            # a cue inside the speaker's own name is no stance ("le groupe terroriste ... assure que")
            hit = next((h for h in pattern.finditer(s.text, scope_start, hi)
                        if not (a.phrase and p0 <= h.start() < p1)), None)
            if hit:
                return stance, f"stance from '{hit.group()}'", hit
    return "", "stance: no cue word decides it", None


def _party_cue(s: Sentence, a: Attribution, speaker: str, index: ActorIndex, w: _Words, stances: set[str],
               scope: tuple[int, int] | None) -> tuple[str, str, re.Match | None]:
    """"accuses" from a noun of an act with a party named next to it ("an Israeli air strike", "frappe
    israélienne", "ukrainischen Artilleriebeschuss"), or a verb of the act with its doer next to it ("Russia
    shelled", "fue atacada por Rusia", also inside the speaker's quoted words), when no cue word decides the
    stance."""
    if (w.party_cue is None and w.party_act is None) or "accuses" not in stances:
        return "", "", None
    lo, hi = ((scope[0] - s.start, scope[1] - s.start) if scope else (0, len(s.text)))
    span = (a.phrase_at, a.phrase_at + len(a.phrase))
    aff = index.affiliation(speaker) if index.is_person(speaker) else ""
    named = [m for m in index.mentions(s.text, s.start, weak=True) if not m.person and not m.place
             and m.actor_id != speaker and not span[0] <= m.start < span[1]
             and not (aff and index.affiliation(m.actor_id) == aff)]  # the speaker's own side's act: no blame
    nouns = list(w.party_cue.finditer(s.text, lo, hi)) if w.party_cue is not None else []
    acts = list(w.party_act.finditer(s.text, lo, hi)) if w.party_act is not None else []
    for hit in nouns + acts:
        # "constant Russian shelling" in a quotation: a circumstance told, not the blame; but "bombing by a
        # Russian aircraft" names the doer of the act, in a quotation too
        told = hit in nouns and any(qa <= s.start + hit.start() < qb for qa, qb in s.quotes)
        for m in named:
            if m.start - s.start <= hit.start() and hit.end() <= m.end - s.start:
                # "українська ракета", "صاروخ دفاع جوي أوكراني": the party is named by its act's noun itself
                return "accuses", f"stance from '{hit.group()}' in '{m.printed}'", hit
            gap = s.text[m.end - s.start:hit.start()] if m.end - s.start <= hit.start() \
                else s.text[hit.end():m.start - s.start] if m.start - s.start >= hit.end() else None
            if gap is not None and not told and len(gap.split()) <= 1 and not re.search(r"[,;:.\u2014\u2013]", gap):
                return "accuses", f"stance from '{hit.group()}' of '{m.printed}'", hit
            agent = w.agent.match(gap) if gap is not None and w.agent is not None else None
            rest = gap[agent.end():] if agent else ""
            if agent and m.start - s.start >= hit.end() and (not rest or (
                    m.how == "demonym" and re.fullmatch(r"(?:[^\W\d_A-Z\u0410-\u042f][\w-]*[\s\u00a0]+){1,2}", rest))):
                # "used by the Russian military", "el ataque por parte de las fuerzas rusas": the doer named
                # after a preposition of the agent ("utilizados por las fuerzas armadas rusas": its demonym after
                # one or two words of its noun)
                return "accuses", f"stance from '{hit.group()}' by '{m.printed}'", hit
    return "", "", None


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


def _responsibility_of_other(s: Sentence, cue: re.Match, speaker: str, index: ActorIndex) -> str:
    """The actor said to claim responsibility when it is not the speaker ("... said ISIS claimed it")."""
    before = s.text[:cue.start()]
    named = [m for m in index.mentions(before, s.start) if not m.place]
    if named and named[-1].actor_id != speaker and len(before[named[-1].end - s.start:].split()) <= 3:
        return named[-1].actor_id
    return ""


def _responsibility_claim(s: Sentence, index: ActorIndex, stances: set[str], lex: Lexicon) -> ClaimProposal | None:
    """A claim of responsibility told without a speech verb ("Ответственность за ... взяла на себя группировка X",
    "the attack was claimed by X", "X took responsibility"): the group nearest before the cue claims it, else the
    first named after it. Its own target, as a claim of one's own act."""
    if "claims_responsibility" not in stances:
        return None
    cue = next((hit for sid, p in lex.stances if sid == "claims_responsibility" and (hit := p.search(s.text))), None)
    if cue is None or any(qa <= s.start + cue.start() < qb for qa, qb in s.quotes):
        return None
    named = [m for m in index.mentions(s.text, s.start) if not m.place]
    groups = [m for m in named if not m.person]
    a, b = s.start + cue.start(), s.start + cue.end()
    before = [m for m in groups if m.end <= a and not re.search(r"[,;:]", s.text[m.end - s.start:cue.start()])]
    after = [m for m in groups if m.start >= b]
    if before and len(s.text[before[-1].end - s.start:cue.start()].split()) <= 3:
        m, how = before[-1], "named just before"
    elif after:
        m, how = after[0], "named after"
    else:
        return None
    att = Attribution(a, b, cue.group(), m.printed, m.start, [m.actor_id], m.printed,
                      f"'{cue.group()}': '{m.printed}' {how} {m.actor_id} claims it (no speech verb)", "medium")
    return ClaimProposal(s, att, m.actor_id, [(m.actor_id, f"'{cue.group()}': its own act")],
                         "claims_responsibility", f"stance from '{cue.group()}'", "", "",
                         "Not stated in the article.", s.text, "paraphrase", "", "medium",
                         review=["speaker: the one said to claim it; no speech verb"])


def _reciprocal(s: Sentence, index: ActorIndex, stances: set[str], lex: Lexicon,
                parties: Counter) -> list[ClaimProposal]:
    """"Both sides accuse each other": one claim each way between the two parties named (or the article's two)."""
    stance, why, cue = "", "", None
    for sid, pattern in lex.stances:
        hit = pattern.search(s.text)
        if hit and sid == "accuses" and sid in stances:
            stance, why, cue = sid, f"stance from '{hit.group()}'", hit
            break
    if not stance:
        return []
    named = list(dict.fromkeys(m.actor_id for m in index.mentions(s.text, s.start, weak=True)
                               if not m.person and not m.place))
    how = "named in the sentence"
    if len(named) < 2:
        named = [a for a, _ in parties.most_common(2)]
        how = "the two parties the article names most"
    if len(named) < 2:
        return []
    a, b = named[:2]
    recip = lex.reciprocal.search(s.text).group()
    out = []
    for speaker, target in ((a, b), (b, a)):
        att = Attribution(s.start + cue.start(), s.start + cue.end(), cue.group(), "", s.start, [speaker],
                          index.name(speaker), f"'{recip}': blame each way between {a} and {b} ({how})", "medium")
        out.append(ClaimProposal(s, att, speaker, [(target, f"'{recip}': the other party")], stance, why, "", "",
                                 "Not stated in the article.", s.text, "paraphrase", "", "medium",
                                 review=[] if how.startswith("named") else [f"parties: {how}"]))
    return out


def propose_claims(sentences: list[Sentence], dates: list[DateRef], index: ActorIndex, stances: set[str],
                   taken_ids: set[str], lex: Lexicon, self_targeted: set[str] = frozenset(),
                   figure_sentences: set[int] = frozenset(), skip: set[int] = frozenset()
                   ) -> tuple[list[ClaimProposal], list[NewActor], dict[int, Attribution]]:
    """Candidate claims of an article, the new actors they need, and each sentence's first speaker.

    ``index`` gains the new actors; ``taken_ids`` are the actor ids already
    in use; ``figure_sentences`` are the sentences that give figures (a
    sentence that only reports them is not a claim); sentences in ``skip``
    (the headline) give no claim.
    """
    reader = _Reader(index, set(taken_ids), lex)
    reader.investigations.scan(sentences, reader)  # outlets credited with an investigation of their own
    claims: list[ClaimProposal] = []
    speakers: dict[int, Attribution] = {}
    previous: ClaimProposal | None = None
    heard: tuple[Sentence, Attribution] | None = None
    parties = Counter(m.actor_id for s in sentences for m in index.mentions(s.text, s.start, weak=True)
                      if not m.person and not m.place)
    following = {a.index: b for a, b in zip(sentences, sentences[1:])}
    for s in sentences:
        if s.index not in skip and lex.reciprocal is not None and lex.reciprocal.search(s.text):
            mutual = _reciprocal(s, index, stances, lex, parties)
            if mutual:
                claims.extend(mutual)
                continue
        found = reader.attributions(s)
        continuation = False
        opening = s.text.lstrip()[:1]
        # the last speaker heard: of the last claim, or of a sentence that only says who speaks ("Про це він
        # написав в соцмережах."), for a quotation that follows
        last = heard if heard is not None and (previous is None or heard[0].index > previous.sentence.index) \
            else (previous.sentence, previous.attribution) if previous is not None else None
        near = last is not None and (last[0].block == s.block or
                                     (s.index - last[0].index <= 2 and opening in "\u2014\u2013" + _QUOTES))
        told = lex.previous is not None and lex.previous.search(s.text) is not None  # "according to him"
        near = near or (told and last is not None and s.index - last[0].index <= 3)
        if not any(a.actor_ids for a in found):
            own = reader.statement_of(s)  # "В заявлении ХАМАС говорится", "Захарова: «...»": the one named
            if own is not None:
                found = [own]
        if not found and near and ((s.quoted_share() >= 0.6 and opening in _QUOTES) or opening in "\u2014\u2013"
                                   or (lex.previous is not None and lex.previous.search(s.text))):
            p = last[1]
            how = "continues the quotation of the previous sentence" if opening in _QUOTES + "\u2014\u2013" \
                else f"'{lex.previous.search(s.text).group()}': the speaker of the previous sentence"
            found = [Attribution(s.start, s.start, "", "", s.start, p.actor_ids, p.printed, f"{how} ({p.printed})",
                                 p.confidence)]
            continuation = True
        if not any(a.actor_ids for a in found) and s.index not in skip and s.index in following \
                and (s.index not in figure_sentences or s.quotes):  # a toll told by someone is no claim
            told = reader.told_next(following[s.index]) or reader.dash_next(s, following[s.index])
            # "... . Такое заявление сделал Дмитрий Песков.", "- ... . ... - powiedział Pieskow."
            if told is not None:
                found, continuation = [told], False
        back = lex.refers_back.search(s.text.lstrip(_QUOTES + "\u2014\u2013 ")) if lex.refers_back is not None \
            else None
        if back and found and found[0].actor_ids and claims and claims[-1].sentence.index == s.index - 1:
            # "Про це заявив речник Кремля Дмитро Пєсков": the sentence before is his
            who = found[0]
            for c in claims:
                if c.sentence.index == s.index - 1:
                    c.actor_id, c.attribution = who.actor_ids[0], who
                    c.notes.append(f"speaker named in the next sentence: '{back.group()}'")
                    c.targets = [t for t in c.targets if t[0] != c.actor_id] or [("", "no other actor named")]
                    previous = c  # a quotation that follows is theirs too
            speakers[s.index] = who
            reader.note_persons(s)
            continue
        if not any(a.actor_ids for a in found) and s.index not in skip:  # "was claimed by": no speaker before it
            claimed = _responsibility_claim(s, index, stances, lex)
            if claimed is not None:
                claims.append(claimed)
                speakers[s.index] = claimed.attribution
                reader.note_persons(s)
                continue
        if found and not continuation:
            speakers[s.index] = found[0]
        if s.index in skip:  # the headline: its speaker may give figures, but it holds no claim
            found = []
        cued: list[tuple[int, int]] = []  # offsets of the cues of declining of this sentence's earlier speakers
        for n, a in enumerate(found):
            speaker = a.actor_ids[0] if a.actor_ids else ""
            if any(x <= a.at < y for x, y in cued):
                continue  # "Patel said the United States could not say ...": the verb is inside what Patel said
            later = [min(b.at, b.phrase_at) for b in found[n + 1:] if b.phrase_at > a.at and b.own_clause]
            phrased = a.own_clause and a.verb in [k for _, k, _ in lex.phrases]  # "..., ce que Kiev réfute"
            scope = (a.at if phrased else found[n - 1].end if n else s.start, min(later, default=s.end))
            stop = reader.w.clause_end.search(s.text[a.end - s.start:]) if phrased else None
            if stop:  # "وهو ما نفته الحركة بشكل قاطع، بينما ...": the clause ends where another opens
                scope = (scope[0], min(scope[1], a.end + stop.start()))
            for actor in a.actor_ids or [""]:
                targets = _targets(index, s, a, actor, reader.w, scope)
                stance, stance_why, cue = _stance(s, a, stances, lex, scope)
                if not stance:
                    stance, stance_why, cue = _party_cue(s, a, actor, index, reader.w, stances, scope)
                    stance_why = stance_why or "stance: no cue word decides it"
                if not stance:
                    stance, stance_why, cue = _same_as_before(s, lex, scope, claims) or (stance, stance_why, cue)
                goes_on = None if stance or continuation or "the person last named" not in a.how \
                    else _quotation_goes_on(s, actor, targets, previous)
                if goes_on is not None:
                    stance, targets, stance_why = goes_on
                if stance == "declines_to_comment" and cue is not None and cue.start() > a.end - s.start:
                    cued.append((s.start + cue.start(), s.start + cue.end()))  # "could not say": said of the other
                if stance in ("declines_to_comment", "questions") and cue is not None:
                    targets = _asked_about(index, s, a, actor, reader.w, scope, cue, stance == "declines_to_comment")
                quoted = bool(s.quotes)
                reporting = a.verb.lower() in lex.reporting_verbs or a.verb in [k for _, k, _ in lex.phrases]
                if not cue and not targets and not quoted and s.index in figure_sentences and reporting:
                    continue  # "At least 11 people were arrested, officials say": a source, not a claim
                if not actor and not stance:
                    continue  # neither a speaker nor a cue word found: only a party named, nothing to propose
                if not cue and s.index in figure_sentences and not continuation:
                    continue  # "Occupation authorities spoke of 41 dead on the bank Russia occupies": a toll, no blame
                named = [t for t in targets if "(a demonym)" not in t[1] and "(as a place)" not in t[1]]
                if not cue and not named and not (quoted and targets) and (not continuation or not targets):
                    continue  # no cue word and no party named: not a position on who is to blame
                at_verb = cue is not None and cue.start() <= a.end - s.start and cue.end() >= a.at - s.start
                if targets and not named and all("(as a place)" in t[1] for t in targets) and not quoted \
                        and not continuation and not at_verb:
                    continue  # "террористы пытались въехать в Белоруссию": a place, nobody blamed
                if not (targets or cue or quoted or continuation or a.verb.lower() in lex.core_verbs):
                    continue  # "Russian authorities have confirmed 139 dead": a source, not a claim
                review = []
                if stance == "claims_responsibility" and cue is not None and actor:
                    other = _responsibility_of_other(s, cue, actor, index)
                    if other and "accuses" in stances:
                        stance, stance_why = "accuses", f"'{cue.group()}' is said of {other}, not by the speaker"
                        targets = [(other, "the party said to claim it")] + [t for t in targets if t[0] != other]
                        review.append("stance: the speaker reports another's claim of responsibility")
                negated = _negated(index, s, targets, scope, lex) if stance == "accuses" and cue is not None else []
                if negated and len(negated) < len(targets):  # "the other side, not Israel, is responsible"
                    targets = [t for t in targets if t[0] not in negated]
                else:
                    negated = []
                named_all = list(targets)
                targets, left_out = _governed(index, s, targets, cue, scope)
                if left_out:
                    review.append(left_out)
                also = None  # "denies its involvement and says the rocket was fired by X": a second row, accuses X
                if stance == "denies" and cue is not None and actor:
                    # "назвал обвинения Москвы абсурдными": the party inside the cue made the accusation
                    inside = {m.actor_id for m in index.mentions(cue.group(), s.start + cue.start())}
                    targets = [t for t in targets if t[0] not in inside]
                    after = s.text[cue.end():cue.end() + 40].split()[:2]
                    if any(w.strip(",.;:\u00ab\u00bb\"") in lex.reflexive for w in after):
                        targets = [_home(index, actor) or (actor, f"'{cue.group()} {' '.join(after)}': the speaker itself")]
                    elif lex.own_denial is not None and lex.own_denial.search(cue.group()):
                        # "«Мы не наносим ударов по гражданским объектам»": the speaker's own side is denied (a
                        # person's "we", the party it speaks for), not the party the rest of the quotation names
                        targets = [_home(index, actor) or _own_side(index, s, a, actor, scope,
                                                                    f"'{cue.group()}': the speaker's own act")]
                    acc = _cue_of("accuses", s, lex, stances, scope, cue)
                    said = None if acc is not None or not at_verb else _said_next(s, cue, reader.w, scope)
                    if said is not None and "accuses" in stances:
                        acc = said  # "He denied any attacks and said the hospital was struck by a Ukrainian missile"
                        review.append(f"stance: the denial's next clause ('{said.group()}') tells who did it; check it")
                    if acc is not None:
                        governed, _ = _governed(index, s, named_all, acc, scope)
                        governed = [t for t in governed if t[0] != actor]
                        # the accusation in a clause before the denial ("afirmó que fue un «crimen ruso» y negó
                        # haber atacado"): what the speaker denies is its own part, not the one it accuses; a cue
                        # of denial that is no verb of the speaker, nor one joined to its verb ("y negó"), denies
                        # that accusation itself ("called the claims that X shelled it a lie")
                        lead = s.text[max(acc.end(), cue.start() - 12):cue.start()].rstrip()
                        verb_of_speaker = at_verb or any(m.end() == len(lead) for m in reader.w.clause_end.finditer(lead))
                        before = verb_of_speaker and acc.end() <= cue.start() \
                            and reader.w.clause_end.search(s.text, acc.end(), cue.start())
                        if said is not None:
                            governed = [t for t in governed
                                        if any(m.actor_id == t[0] and m.start >= s.start + said.end()
                                               for m in index.mentions(s.text, s.start, weak=True))]
                        if governed and (acc.start() > cue.end() or before) \
                                and {t for t, _ in targets} <= {t for t, _ in governed}:
                            # "Israel lo negó y afirmó que la explosión fue causada por ... Yihad": the one accused
                            # after the denial is not what is denied; the speaker denies its own part
                            targets = [_own_side(index, s, a, actor, scope,
                                                 f"'{cue.group()}', then '{acc.group()}' of another: the speaker itself")]
                        governed = [t for t in governed if t[0] not in {x for x, _ in targets}]
                        if governed:
                            also = (governed[:1], acc, "accuses")
                if negated and actor and "denies" in stances:
                    also = ([(negated[0], f"named after a negation ('not {negated[0]}'): the party cleared")],
                            cue, "denies")
                if stance in ("declines_to_comment", "questions") and cue is not None and actor:
                    also = _second_position(index, s, a, actor, reader.w, stances, lex, scope, cue)
                if not targets and stance in self_targeted and actor and not (
                        stance == "declines_to_comment" and index.is_person(actor)):  # a person declining names no one
                    why = f"'{stance}' with no one else named: the speaker itself"
                    targets = [_own_side(index, s, a, actor, scope, why) if stance == "denies" else (actor, why)]
                if stance == "accuses" and not targets and actor and previous is not None \
                        and previous.actor_id == actor and previous.stance == "accuses" \
                        and 0 < s.index - previous.sentence.index <= 2 and previous.targets[0][0]:
                    # "They did it on purpose", said the politician: the one the speaker accused just before
                    targets = [(previous.targets[0][0], "no party named: the one the speaker accused just before")]
                    review.append("target: from the speaker's claim before; check it")
                if stance == "accuses" and at_verb and not targets and not quoted and not continuation:
                    continue  # "Moscou a mis en cause cette unité": the verb accuses, and no party named is accused
                if not stance:
                    review.append("stance: no cue word decides it; fill it in")
                if not actor:
                    review.append("speaker: not found; fill in actor_id")
                elif a.new_actor is not None:
                    review.append(f"speaker: new actor {a.new_actor.actor_id}"
                                  + (" (from the parties list)" if a.new_actor.from_parties else ""))
                elif a.confidence == "low":
                    review.append(f"speaker: {a.how.split(': ', 1)[-1]}")
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
                for pattern in lex.via:
                    hit = pattern.search(s.outside_quotes())
                    if hit and not index.mentions(hit.group("via")):
                        via = hit.group("via")
                        break
                confidence = a.confidence if stance else "low"
                proposal = ClaimProposal(
                    s, a, actor, targets or [("", "no other actor named")], stance, stance_why, *said,
                    quote, mode, via, confidence, review=review)
                if a.new_actor is not None:
                    proposal.notes.append(f"new actor {a.new_actor.actor_id} proposed")
                claims.append(proposal)
                if also is not None:
                    claims.append(ClaimProposal(
                        s, a, actor, also[0], also[2], f"stance from '{also[1].group()}' (a second cue of the clause)",
                        *said, quote, mode, via, confidence,
                        review=review + [f"stance: the clause also has '{cue.group()}' ({stance})"]))
                previous = proposal if actor == speaker else previous
        if found and found[0].actor_ids and not continuation and s.index not in skip:
            heard = (s, found[0])
            reader.heard.append(found[0].actor_ids[0])
            reader.said_last = next(a.actor_ids[0] for a in reversed(found) if a.actor_ids)
            reader.said_last_in = s.index
        reader.note_persons(s)
        for a in found:
            for actor in a.actor_ids:
                if index.is_person(actor):
                    reader.persons.append((a.at, actor))
    # New actors: a speaker whose only attribution was dropped is not proposed; a party of the
    # parties list is proposed when a claim names it.
    used = {c.actor_id for c in claims} | {t for c in claims for t, _ in c.targets}
    for actor_id in sorted(used):
        if index.is_pending(actor_id) and not any(n.actor_id == actor_id for n in reader.new_actors):
            c = next(c for c in claims if actor_id == c.actor_id or actor_id in [t for t, _ in c.targets])
            reader._pending(c.sentence, actor_id)
    new_actors = [n for n in reader.new_actors if n.actor_id in used]
    return claims, new_actors, speakers
