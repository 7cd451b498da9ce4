"""Candidate figures: numbers of people next to words of killing, injury, arrest, charge...

A number is a candidate when it counts people ("139 people", "four gunmen",
"сто тридцать девять человек", "an eighth person") or stands next to a cue
such as "killing", "toll of" or "погибли". Cue words (from the language's
lexicon, :mod:`.lexicon`) then attach to the nearest such number on the side
where the count stands ("140 people died", "killing 140", "погибли 139
человек, более 180 — пострадали"), and the counted noun refines the metric
("three children" among the dead, "seven others" arrested, "four gunmen").
A count inside "including ..." is not the head of its clause: "Eleven
suspects, including four gunmen, were detained" gives detained 11.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field

from .dates import BYLINE, DateRef, as_of_before
from .lexicon import Common, Lexicon
from .scope import Scopes, count_scope, sentence_cues
from .segment import Sentence

__all__ = ["FigureProposal", "propose_figures"]

PUNCT = set(",.;:!?()\u2013\u2014")
CLOSING_QUOTES = set("\"\u201d\u00bb\u2019'")
_NUM = r"\d+(?:[.,]\d+)?"


@dataclass
class _Token:
    start: int
    end: int
    text: str
    lower: str


@dataclass
class _Count:
    """A number in a sentence and what it counts."""

    token: int
    value: int
    last: int = -1  # last token of the number ("сто тридцать девять")
    noun: str = ""
    modifiers: tuple[str, ...] = ()
    partitive: bool = False
    total: bool = False  # the M of "two out of the M"
    included: bool = False  # inside "including ...": not the head count of the clause
    vague: str = ""  # a count without a number ("dozens"): its word
    qualifier: str = ""  # given by a vague word
    counts: str = "people"  # the class of what it counts: people, or another of the lexicon's [figures.nouns]
    part_of: str = ""  # a part of the count before ("160 of them"): the whole's number
    range_of: int | None = None  # the low end of "100-300": the token of the high end
    families: dict[str, tuple[int, str]] = field(default_factory=dict)  # family -> (distance, cue)


@dataclass(frozen=True)
class FigureProposal:
    """One proposed row of ``figures``, before ids are given."""

    sentence: Sentence
    start: int  # offset of the number in the article
    metric: str
    value: int
    qualifier: str
    as_of: str
    as_of_how: str
    why: str
    confidence: str
    review: str = ""  # what the curator must check, if anything


def _metric_id(common: Common, family: str, metrics: set[str]) -> str:
    """The folder's metric id of a figure family: the first of the ids the family names (a folder may spell
    "hospitalized" or "hospitalised") that the folder defines, else the first."""
    ids = common.metric_ids(family)
    return next((m for m in ids if m in metrics), ids[0])


def _tokenizer(lex: Lexicon) -> re.Pattern:
    seps = "".join(re.escape(s) for s in lex.thousands_separators if s != " ") + (
        r"\s\u00a0\u202f" if " " in lex.thousands_separators else "")
    group = rf"\d{{1,3}}(?:[{seps}]\d{{3}})+(?![\d])|" if seps else ""
    return re.compile(group + rf"{_NUM}(?![\w])|\d+(?=[^\W\d])|[^\W\d_](?:[^\W\d]|[’'-])*\.?|[^\s\w]")


def _tokens(s: Sentence, lex: Lexicon) -> list[_Token]:
    out = []
    # an abbreviated qualifier keeps its dot ("ok. 130 osób", "ca. 50"): no full stop between a cue and its count
    abbreviations = {p.casefold() for p, _ in lex.qualifiers if p.endswith(".") and " " not in p}
    for m in _tokenizer(lex).finditer(s.text):
        text = m.group()
        if text.endswith(".") and len(text) > 1 and text[:-1].casefold() not in ("a.m", "p.m") \
                and text.casefold() not in abbreviations:
            out.append(_Token(s.start + m.start(), s.start + m.end() - 1, text[:-1], text[:-1].casefold()))
            out.append(_Token(s.start + m.end() - 1, s.start + m.end(), ".", "."))
            continue
        out.append(_Token(s.start + m.start(), s.start + m.end(), text, text.casefold()))
    return out


def _digits(text: str) -> int | None:
    clean = re.sub(r"[\s\u00a0\u202f,.]", "", text) if re.fullmatch(r"\d{1,3}(?:[\s\u00a0\u202f,.]\d{3})+", text) \
        else text
    try:
        return int(clean)
    except ValueError:
        return None


def _word_value(lex: Lexicon, word: str) -> int | None:
    if word in lex.number_words:
        return lex.number_words[word]
    if "-" in word:  # "twenty-five"
        parts = [lex.number_words.get(p) for p in word.split("-")]
        if len(parts) == 2 and None not in parts and parts[0] >= 20 and parts[0] % 10 == 0 and parts[1] < 10:
            return parts[0] + parts[1]
    return None


def _fits(current: int, value: int) -> bool:
    """Whether ``value`` can follow ``current`` in one number: 100 + 30, 130 + 9, not 139 + 5 or 5 + 6."""
    zeros = len(str(current)) - len(str(current).rstrip("0"))
    return 0 < value < 10 ** zeros


def _number(toks: list[_Token], i: int, lex: Lexicon) -> tuple[int, str, int] | None:
    """(value, kind, last token) of the number starting at token ``i``: kind ``digits``, ``word``, ``ordinal``."""
    t = toks[i]
    if t.text[0].isdigit():
        if re.fullmatch(r"\d+[.,]\d{1,2}", t.text):  # a decimal: a count only before "тыс.", "tys.", "million"
            nxt = toks[i + 1].lower if i + 1 < len(toks) else ""
            nxt = nxt + "." if i + 2 < len(toks) and toks[i + 2].text == "." and nxt + "." in lex.multipliers \
                else nxt
            if nxt in lex.multipliers:
                last = i + 1 + (nxt.endswith(".") and nxt not in (toks[i + 1].lower,))
                return round(float(t.text.replace(",", ".")) * lex.multipliers[nxt]), "digits", last
            return None
        value = _digits(t.text)
        if value is None:
            return None
        j = i
        if j + 1 < len(toks) and toks[j + 1].lower in lex.multipliers:  # "3 thousand"
            value *= lex.multipliers[toks[j + 1].lower]
            j += 1
        return value, "digits", j
    # multi-word: "a dozen", "a hundred"
    if i + 1 < len(toks) and f"{t.lower} {toks[i + 1].lower}" in lex.number_words:
        return lex.number_words[f"{t.lower} {toks[i + 1].lower}"], "word", i + 1
    first = _word_value(lex, t.lower)
    if first is None and t.lower not in lex.multipliers:
        if t.lower in lex.ordinals and i > 0 and (toks[i - 1].lower in ("a", "an", "the")):
            return lex.ordinals[t.lower], "ordinal", i
        return None
    if first is None:
        return None  # a multiplier alone ("hundreds" is a vague word, "hundred" needs a number)
    if t.lower == "zero" or (t.lower == "dozen" and not (i > 0 and toks[i - 1].lower == "a")):
        return None
    # compound: "сто тридцать девять", "one hundred and thirty", "dvjesto pedeset"
    total, current, j = 0, first, i
    while j + 1 < len(toks):
        nxt, step = toks[j + 1].lower, 1
        if nxt in lex.multipliers and current:
            current *= lex.multipliers[nxt]
            if lex.multipliers[nxt] >= 1000:
                total, current = total + current, 0
            j += 1
            continue
        if nxt in lex.joiners and j + 2 < len(toks) and _word_value(lex, toks[j + 2].lower) is not None:
            step, nxt = 2, toks[j + 2].lower
        value = _word_value(lex, nxt)
        if value is None or not _fits(current or total, value):
            break
        current += value
        j += step
    return total + current, "word", j


def _counts(toks: list[_Token], dates: list[DateRef], lex: Lexicon) -> dict[int, _Count]:
    """The numbers of a sentence that count people (or may, after a cue), by token index."""
    counts: dict[int, _Count] = {}
    in_date = lambda t: any(d.start <= t.start and t.end <= d.end for d in dates)  # noqa: E731
    covered = -1
    for i, t in enumerate(toks):
        if i <= covered:
            continue
        pair = f"{t.lower} {toks[i + 1].lower}" if i + 1 < len(toks) else ""
        approx = lex.approximate.get(pair) or lex.approximate.get(t.lower)
        vague = None if approx else lex.vague.get(t.lower)
        if approx:
            parsed = (approx[0], "word", i + (pair in lex.approximate))
        else:
            parsed = (vague[0], "vague", i) if vague else _number(toks, i, lex)
        if parsed is None or in_date(t):
            continue
        value, kind, last = parsed
        covered = last
        if kind == "digits" and len(t.text) == 4 and 1800 <= value <= 2100 and not _counted(toks, i, lex):
            continue  # a year, not "2000 people"
        if i > 0 and toks[i - 1].text in "$£€#№":
            continue
        if kind == "digits" and i > 1 and toks[i - 1].text in "-/." and re.fullmatch(r"(?:19|20)\d\d", toks[i - 2].text):
            continue  # the month of "2023-06", not a count
        count = _Count(i, value, last)
        if kind == "word" and last == i and t.lower in lex.person_nouns:  # a dual names what it counts: "طفلان"
            count.noun = t.lower
            counts[i] = count
            continue
        if vague:
            count.vague, count.qualifier = t.text, vague[1]
        elif approx:
            count.qualifier = approx[1]
        j, mods = last + 1, []
        # "two of the accused", "four of its terrorists", "two out of the four", "dozens of people"
        for word in sorted(lex.partitive, key=lambda w: -len(w.split())):
            parts = word.split()
            if [x.lower for x in toks[j:j + len(parts)]] == parts:
                count.partitive = not vague
                j += len(parts)
                if j < len(toks) and toks[j].lower in lex.partitive_determiners:
                    j += 1
                if not vague and j < len(toks) and _number(toks, j, lex):
                    total = _number(toks, j, lex)
                    counts.setdefault(j, _Count(j, total[0], total[2])).total = True
                    j = total[2] + 1
                break
        while j < len(toks) and len(mods) < 3:
            w = toks[j].lower
            pair = f"{w} {toks[j + 1].lower}" if j + 1 < len(toks) else ""
            cls = next((c for c, words in lex.noun_classes.items() if w in words or (pair and pair in words)), None)
            if cls is not None:  # "300 houses", "14 villages"
                count.noun, count.counts = w, cls
                break
            if w in lex.units:
                count = None
                break
            if w in lex.person_nouns or (kind == "ordinal" and w in lex.ordinal_nouns):
                count.noun = w
                break
            if toks[j].text in CLOSING_QUOTES and j + 1 < len(toks) and toks[j + 1].lower in lex.person_nouns:
                j += 1  # a quotation closing on the count: '"more than a thousand" people'
                continue
            if not toks[j].text[0].isalpha() or w in lex.stop_words:
                break
            mods.append(w)
            j += 1
        if count is None:
            continue
        count.modifiers = tuple(mods)
        if kind in ("ordinal", "vague") and not count.noun:
            continue
        if kind == "word" and value == 1 and not count.noun:
            continue  # "una evacuación", "one of the deadliest": an article or a pronoun, not a count
        if i in counts:  # already seen as the total of a partitive
            count.total = counts[i].total
        counts[i] = count
    counts.update(_one_child(toks, counts, lex))
    counts = dict(sorted(counts.items()))
    prev = None
    for b in sorted(counts):  # "Fourteen settlements have been flooded and up to 80 are at risk"
        if prev is not None and counts[prev].counts != "people" and not counts[b].noun and not counts[b].vague:
            counts[b].counts = counts[prev].counts
        if not _bracketed(toks, counts[b]):  # "34 (3,625 houses) in the south, 14 in the north": 14 villages
            prev = b
    if lex.among is not None:  # "Eleven suspects, including four gunmen, were detained"
        for k, c in counts.items():
            before = " ".join(x.text for x in toks[max(0, k - 3):k])
            if lex.among.search(before) and any(o < k and counts[o].noun for o in counts):
                c.included = True
    return counts


def _one_child(toks: list[_Token], counts: dict[int, _Count], lex: Lexicon) -> dict[int, _Count]:
    """One child told with no number right after an "including" word: an indefinite article before a child noun
    ("including a child", "entre ellas un niño") or, in a language without articles, a singular child noun alone
    ("в том числе ребёнок", "w tym dziecko"): a count of 1. Only a child is counted so: "including a woman"
    names no metric of its own."""
    out: dict[int, _Count] = {}
    if lex.among is None or not (lex.indefinite_articles or lex.singular_child_nouns):
        return out
    taken = {j for c in counts.values() for j in range(c.token, max(c.last, c.token) + 1)}
    for i, t in enumerate(toks):
        if i in taken or i == 0:
            continue
        before = " ".join(x.text for x in toks[max(0, i - 4):i])
        if not any(m.end() == len(before) for m in lex.among.finditer(before)):
            continue
        if t.lower in lex.indefinite_articles and i + 1 < len(toks) and toks[i + 1].lower in lex.child_nouns:
            out[i] = _Count(i, 1, i, noun=toks[i + 1].lower)
        elif t.lower in lex.singular_child_nouns:
            out[i] = _Count(i, 1, i, noun=t.lower)
    return out


def _bracketed(toks: list[_Token], c: _Count) -> bool:
    """Whether the count opens a bracket: "34 villages (3,625 houses)"."""
    return c.token > 0 and toks[c.token - 1].text == "("


def _joined(toks: list[_Token], counts: dict[int, _Count], lex: Lexicon) -> None:
    """A count of another class of noun joined to a count with a cue takes the same cue word for its own class:
    "39 villages and 818 houses are still flooded", "34 villages (3,625 houses) were flooded"."""
    keys = sorted(counts)
    for a, b in zip(keys, keys[1:]):
        ca, cb = counts[a], counts[b]
        if not ca.families or cb.families or cb.total or cb.included or not cb.noun or cb.counts == ca.counts:
            continue
        if not (toks[b - 1].lower in lex.joiners or _bracketed(toks, cb)):
            continue
        between = toks[ca.last + 1:b - 1]
        if len(between) > 3 or any(not t.text[0].isalpha() for t in between):
            continue
        for family, (distance, word) in list(ca.families.items()):
            for (other, pattern, _), cls in zip(lex.figure_cues, lex.cue_counts):
                if cls == cb.counts and other != "*" and pattern.fullmatch(word):
                    cb.families.setdefault(other, (distance, word))


def _gapped(toks: list[_Token], counts: dict[int, _Count], lex: Lexicon) -> None:
    """A bare count right after "that" in a clause that leaves out its verb takes the cue of the count after the
    same word earlier in the sentence: "The mayor said that 30 died, and the police that 45" (45 dead)."""
    if not lex.complementizers:
        return
    keys = sorted(counts)
    for n, k in enumerate(keys):
        c = counts[k]
        if c.noun or c.modifiers or c.families or c.vague or c.total or c.included or c.range_of is not None:
            continue
        if c.last + 1 < len(toks) and toks[c.last + 1].text not in PUNCT:
            continue  # the count must close its clause
        that = next((j for j in range(k - 1, max(-1, k - 4), -1) if toks[j].lower in lex.complementizers), None)
        if that is None:
            continue
        between = " ".join(t.lower for t in toks[that + 1:k])
        if between and not any(between == " ".join(p.casefold().split()) for p, _ in lex.qualifiers):
            continue
        heads = [h for h in keys[:n] if counts[h].families and not counts[h].included and not counts[h].total
                 and counts[h].counts == c.counts and _between_punct(toks, counts[h].last, that)]
        if not heads:
            continue
        h = heads[-1]
        if not any(toks[j].lower == toks[that].lower for j in range(h)):
            continue  # the earlier count stands after the same word
        c.families = {f: (d + 50, cue) for f, (d, cue) in counts[h].families.items()}


def _counted(toks: list[_Token], i: int, lex: Lexicon) -> bool:
    """Whether the number at token ``i`` is followed by what it counts (a person noun, homes...)."""
    nxt = toks[i + 1].lower if i + 1 < len(toks) else ""
    return bool(nxt) and (nxt in lex.person_nouns or any(nxt in w for w in lex.noun_classes.values()))


def _ranges(s: Sentence, toks: list[_Token], counts: dict[int, _Count], lex: Lexicon) -> None:
    """"100-300 killed", "від 300 до 500 людей", "between 100 and 300": at least the one, up to the other."""
    if lex.ranges is None:
        return
    keys = sorted(counts)
    for a, b in zip(keys, keys[1:]):
        lo, hi = counts[a], counts[b]
        between = s.text[toks[lo.last].end - s.start:toks[b].start - s.start]
        before = s.text[max(0, toks[a].start - s.start - 20):toks[a].start - s.start]
        if lo.value < hi.value and lex.ranges.fullmatch(between.strip()) is not None or (
                lo.value < hi.value and lex.ranges.fullmatch((before.split()[-1:] or [""])[0] + " _ " + between.strip())):
            lo.qualifier, hi.qualifier = "at_least", "up_to"
            lo.range_of = b
            lo.noun = lo.noun or hi.noun


def _elliptic(toks: list[_Token], counts: dict[int, _Count], k: int, cue: int) -> bool:
    """A bare count opening a clause whose noun an earlier clause gave: "Sieben Anrainer werden vermisst,
    rund 900 sollen in Sicherheit gebracht worden sein" (900 people)."""
    c = counts[k]
    if c.noun or c.vague or _between_punct(toks, c.last, cue):
        return False
    opening = next((n for n in range(k - 1, -1, -1) if toks[n].text in PUNCT or n < k - 2), -1)
    return opening >= 0 and toks[opening].text in ",;" and any(
        o < k and counts[o].noun and counts[o].counts == "people" for o in counts)


def _between_punct(toks: list[_Token], a: int, b: int) -> bool:
    return any(toks[k].text in PUNCT for k in range(min(a, b) + 1, max(a, b)))


def _attach(s: Sentence, toks: list[_Token], counts: dict[int, _Count], lex: Lexicon, common: Common,
            before: list[_Count] = ()) -> None:
    """Attach each cue to the number it counts. A cue of any family ("has risen to") takes the family of the cue
    before it in the sentence, else of a toll word, else the one family of the counts of the sentence before
    ("40 were reported dead. Later their number rose to 53")."""
    index_at = {t.start: k for k, t in enumerate(toks)}
    hits = []
    for (family, pattern, where), cls in zip(lex.figure_cues, lex.cue_counts):
        for m in pattern.finditer(s.text):
            hits.append((m.start(), m.end(), family, where, m.group(), cls))
    hits.sort()
    cues = list(hits)
    # A cue inside a longer cue of the same class is part of it: "у зоні підтоплення" (at risk), not "підтоплення"
    hits = [h for h in hits if not any(o[0] <= h[0] and h[1] <= o[1] and o[1] - o[0] > h[1] - h[0]
                                       and o[5] == h[5] and o[2] != h[2] for o in hits)]
    for a_rel, b_rel, family, where, word, cls in hits:
        first = index_at.get(s.start + a_rel)
        if first is None:
            continue
        if family == "*":  # "has risen to": the family of the cue before it, or of its subject within it
            # ("stieg die Zahl der Toten … auf")
            earlier = [h for h in cues if a_rel <= h[0] and h[1] <= b_rel and h[2] != "*" and h[5] == cls] or [
                h for h in hits if h[0] < a_rel and h[2] != "*" and h[5] == cls]
            if earlier:
                family = earlier[-1][2]
            elif re.search(r"toll|victim|погибш|жертв|загибл|žrtv|ofiar|victime|Opfer|víctim|قتلى|ضحايا",
                           s.text, re.I):
                family = "deaths"
            elif len(told := {f for c in before if c.counts == cls for f in c.families}) == 1:
                family = told.pop()
            else:
                continue
        last = max(k for k, t in enumerate(toks) if t.start < s.start + b_rel)
        direction = where
        # a count after another family's cue is that cue's: "40 سجينا قتلوا وأصيب 75" (75 injured, not dead)
        # and so is a count right before one: "53 prisioneros muertos y 75 heridos" (75 injured, 53 dead)
        def past_other(k, right=False):
            """Whether another family's cue stands between this cue and count ``k`` (or, ``right``, just after
            the count and its noun: "53 prisioneros muertos y 75 heridos", 75 is the injured's)."""
            c = counts[k]
            after = {toks[j].start - s.start for j in (c.last + 1, c.last + 2) if right and j < len(toks)
                     and (j == c.last + 1 or toks[c.last + 1].lower == c.noun)}
            return any(h[5] == cls and h[2] not in (family, "*") and (
                b_rel <= h[0] and h[1] <= toks[k].start - s.start or h[0] in after) for h in hits)
        free = lambda k: (not counts[k].total and not counts[k].families.get(family)  # noqa: E731
                          and counts[k].counts == cls)
        if where == "either":
            if lex.passive is not None and lex.passive.search(s.text[:a_rel]):
                direction = "before"
            else:  # the nearer count, on the side with no punctuation between; "killing 12" before "12 died"
                ahead = [k for k in counts if last < k <= last + 4 and free(k) and not _between_punct(toks, last, k)
                         and not past_other(k)]
                near = lambda k: first - (6 if counts[k].noun else 4) <= counts[k].last < first  # noqa: E731
                behind = [k for k in counts if near(k) and free(k)
                          and not counts[k].families and not _between_punct(toks, counts[k].last, first)
                          and (counts[k].noun or first - counts[k].last == 1)]
                if lex.language == "en":  # English puts the count after an active verb; the passive is read above
                    behind = [k for k in behind if first - counts[k].last == 1]  # "100-300 killed" (a headline)
                direction = "after" if ahead and not (behind and (
                    first - counts[max(behind)].last < min(ahead) - last or past_other(min(ahead), right=True))) \
                    else "before"
        if direction == "after":
            ahead = sorted(k for k in counts if last < k <= last + 5 and free(k)
                           and not _between_punct(toks, last, k) and not past_other(k))
            if ahead:
                counts[ahead[0]].families.setdefault(family, (ahead[0] - last, word))
            continue
        reach = 25 if family in common.procedural else lex.reach
        behind = sorted((k for k in counts if first - reach <= k < first and not counts[k].total
                         and counts[k].counts == cls
                         and (counts[k].noun or counts[k].partitive or first - counts[k].last <= 2
                              or any(m in lex.other_nouns for m in counts[k].modifiers)
                              or _elliptic(toks, counts, k, first))), reverse=True)
        heads = [k for k in behind if not counts[k].included]
        behind = heads or behind
        if behind:
            k = behind[0]
            if counts[k].included:  # "75 people, including 13 children, were injured": the whole's cue
                whole = max((o for o in counts if k - 6 <= o < k and not counts[o].included and not counts[o].total
                             and counts[o].counts == cls), default=None)
                if whole is not None and _among_aside(s, toks, counts[whole].last, first, lex):
                    k = whole
            if family not in common.procedural and _between_punct(toks, counts[k].last, first) \
                    and first - counts[k].last > 3 and not _among_aside(s, toks, counts[k].last, first, lex):
                continue
            counts[k].families.setdefault(family, (first - counts[k].last, word))
            # "Mehr als 2000 Menschen und Hunderte Tiere seien in Sicherheit gebracht worden": both counts
            j = next((j for j in counts if k - 5 <= counts[j].last < k - 1 and not counts[j].total
                      and counts[j].counts == cls and not counts[j].families and not counts[j].included and toks[k - 2].lower == counts[j].noun
                      and counts[k].noun and counts[k].noun not in word.casefold()
                      and toks[k - 1].lower in lex.joiners), None)
            if j is not None:
                counts[j].families.setdefault(family, (first - counts[j].last, word))


def _without_asides(s: Sentence, lex: Lexicon) -> Sentence:
    """The sentence with its asides out of the way of a count's cue, offsets kept: the commas around a qualifier
    go ("пропали, по меньшей мере, семь человек"), and an aside such as ", according to Ukraine's estimates,"
    is blanked ("41,000 residents who, according to ..., were at risk")."""
    text = s.text
    for phrase, _ in lex.qualifiers:
        body = re.escape(phrase.casefold()).replace(r"\ ", r"[\s\u00a0]+")
        text = re.sub(rf"(?i),([\s\u00a0]+{body}[\s\u00a0]*),(?=[\s\u00a0])",
                      lambda m: " " + m.group(1) + " ", text)
    if lex.asides is not None:
        text = re.sub(rf",[\s\u00a0]*(?:{lex.asides.pattern})[\s\u00a0]*,(?=[\s\u00a0])",
                      lambda m: " " * len(m.group()), text, flags=re.IGNORECASE)
    return s if text == s.text else dataclasses.replace(s, text=text)


def _indirect_question(s: Sentence, toks: list[_Token], counts: dict[int, _Count], lex: Lexicon) -> None:
    """A bare count answering an indirect question of the sentence takes the question's noun and cue: "'Between
    2,000 and 3,000', he said when asked how many people were at risk" (people at risk)."""
    if lex.indirect_question is None:
        return
    for m in lex.indirect_question.finditer(s.text):
        n = next((k for k, t in enumerate(toks) if t.start >= s.start + m.end()), None)
        if n is None:
            continue
        noun = toks[n].lower
        cls = "people" if noun in lex.person_nouns else next(
            (c for c, words in lex.noun_classes.items() if noun in words), None)
        if cls is None:
            continue
        begin = toks[n].end - s.start
        rest = re.split(r"[,;:.!?()\"\u201c\u201d\u201e\u00ab\u00bb]", s.text[begin:])[0]
        hits = [(h.start(), h.start() - h.end(), family, h.group())
                for (family, pattern, _), c in zip(lex.figure_cues, lex.cue_counts)
                if c == cls and family != "*" for h in pattern.finditer(rest)]
        if not hits:
            continue
        _, _, family, cue = min(hits)
        for k, c in counts.items():
            if c.noun or c.vague or c.families or c.total or c.modifiers or c.partitive or c.counts != "people":
                continue
            if s.start + m.start() <= toks[k].start < s.start + begin + len(rest):
                continue  # a number inside the question itself
            c.noun, c.counts = noun, cls
            c.families[family] = (abs(n - k), cue)


def _subsets(s: Sentence, toks: list[_Token], counts: dict[int, _Count], lex: Lexicon,
             before: list[_Count]) -> None:
    """Counts that are parts of a count named before them take its metric: "2,620 people have been evacuated,
    160 of them are children", "загинули 16 людей: 14 – на Херсонщині та 2 – на Миколаївщині", "14 died in
    Kherson and two more in Mykolaiv", "Of those, 33 settlements ... and 14 are Russian-occupied".

    A part is a count with no cue of its own that follows a word of inclusion ("of them", "з них", "dont"),
    stands before a dash with no noun, or is "two more"; or a bare count right after such a part. Its head is
    the nearest earlier count of the sentence with a cue (of the same class of noun), else, when the sentence
    opens with the part, a count of the sentence before (``before``).
    """
    keys = sorted(counts)
    parts: set[int] = set()
    for n, k in enumerate(keys):
        c = counts[k]
        if c.families or c.total or c.vague or c.range_of is not None:
            continue
        lead = " ".join(t.text for t in toks[max(0, k - 3):k])
        tail = " ".join(t.text for t in toks[c.last + 1:c.last + 3])
        among = lex.among is not None and (lex.among.search(lead) is not None
                                           or lex.among.match(tail) is not None)
        nxt = toks[c.last + 1].text if c.last + 1 < len(toks) else ""
        dash = nxt in ("\u2013", "\u2014") and not c.noun
        more = any(m in lex.more for m in c.modifiers) or (k > 0 and toks[k - 1].lower in lex.more)
        follows = n > 0 and keys[n - 1] in parts and not c.noun and not c.modifiers
        if not (among or dash or more or follows):
            continue
        clause = s.text[toks[c.last].end - s.start:toks[min(c.last + 6, len(toks) - 1)].end - s.start]
        clause = re.split(r"[,;:.()\u2013\u2014]", clause)[0]
        if any(p.search(clause) for _, p, _ in lex.figure_cues):
            continue  # "314 autres avaient été blessés": a cue of its own, not the whole's
        if not c.noun:  # "160 of them are children", "178 из них – дети"
            c.noun = next((t.lower for t in toks[c.last + 1:c.last + 5] if t.lower in lex.child_nouns), "")
        if c.noun and c.noun not in lex.child_nouns and c.counts == "people" and not more:
            heads_nouns = {counts[h].noun for h in keys[:n]} | {b.noun for b in before}
            if c.noun not in heads_nouns:
                continue  # "Eleven suspects, including four gunmen": a part of another kind
        fits = lambda h: h.families and not h.included and (  # noqa: E731
            h.counts == c.counts or (not c.noun and c.counts == "people"))
        heads = [counts[h] for h in keys[:n] if fits(counts[h])]
        if not heads and k <= 3:
            heads = [h for h in before if fits(h)]
        if not heads:
            continue
        head = heads[-1]
        c.families = {f: (d + 50, cue) for f, (d, cue) in head.families.items()}
        c.part_of = str(head.value)
        if not c.noun:
            c.counts = head.counts
        parts.add(k)


def _qualifier(s: Sentence, toks: list[_Token], i: int, allowed: set[str], lex: Lexicon, last: int | None = None) -> str:
    if last is not None and lex.qualifiers_after:  # "500 فلسطيني على الأقل": the qualifier after the count
        after = s.text[toks[last].end - s.start:].casefold()
        for phrase, value in lex.qualifiers_after:
            body = re.escape(phrase.casefold()).replace(r"\ ", r"[\s\u00a0]+")
            if value in allowed and re.match(r"[\s\u00a0]*(?:[^\W\d][\w\u064b-\u065f\u0670]*[\s\u00a0]+)?" + body + r"(?!\w)", after):
                return value
    before = s.text[:toks[i].start - s.start].casefold().rstrip()
    if lex.object_markers:  # "mató al menos a 16 personas": the marker of a person as object after the qualifier
        marker = re.search(rf"[\s\u00a0](?:{lex.object_markers.pattern()})$", before, re.IGNORECASE)
        if marker and any(re.search(r"(?:^|[\s(«„\"\u201c—–'’-])" + re.escape(q.casefold()).replace(r"\ ", r"[\s\u00a0]+")
                                    + "$", before[:marker.start()].rstrip()) for q, _ in lex.qualifiers):
            before = before[:marker.start()].rstrip()
    for phrase, value in lex.qualifiers:
        body = re.escape(phrase.casefold()).replace(r"\ ", r"[\s\u00a0]+")
        m = re.search(r"(?:^|[\s(«„\"\u201c—–'’-])" + body + r"$", before)
        if m and value in allowed:
            if value in ("more_than", "over") and "up_to" in allowed and _negated(before[:m.start()], lex):
                return "up_to"  # "no one saw more than 200 escape": 200 at most
            return value
    return "exact" if "exact" in allowed else ""


def _negated(before: str, lex: Lexicon) -> bool:
    """Whether a "more than" stands a few words after a negation that governs it: "No one, including rescuers, saw
    more than", "nadie vio a más de" (the count is at most the number)."""
    if lex.negations is None:
        return False
    hits = list(re.finditer(rf"(?<![\w])(?:{lex.negations.pattern})(?![\w])", before, re.IGNORECASE))
    if not hits:
        return False
    rest = re.sub(r",[^,.;:!?]{1,40},", " ", before[hits[-1].end():])  # an aside: ", including rescuers,"
    return not re.search(r"[,.;:!?]", rest) and len(re.findall(r"\w+", rest)) <= 4


def _among_aside(s: Sentence, toks: list[_Token], last: int, first: int, lex: Lexicon) -> bool:
    """Whether all that stands between a count and its cue is an aside naming a part of it: "39 personnes, dont
    14 enfants, ont été sauvées"."""
    if lex.among is None:
        return False
    gap = s.text[toks[last].end - s.start:toks[first].start - s.start]
    return re.fullmatch(rf"[^,.;:!?()\d]{{0,30}},[\s\u00a0]*(?:{lex.among.pattern})[^,.;:!?()]{{1,40}},[^,.;:!?()]{{0,40}}",
                        gap, re.IGNORECASE) is not None


def _among_dead(s: Sentence, toks: list[_Token], c: _Count, lex: Lexicon, family: str = "deaths") -> bool:
    """"139 people dead, including three children": a cue of ``family``, then "including" the count."""
    if lex.among is None:
        return False
    before = s.text[:toks[c.token].start - s.start]
    cues = [m.end() for f, p, _ in lex.figure_cues if f == family for m in p.finditer(before)]
    if not cues:
        return False
    # "40 morts, 75 blessés (dont 13 enfants)": the children are among the injured, whose cue is nearer
    others = [m.end() for f, p, _ in lex.figure_cues if f not in (family, "*") for m in p.finditer(before)]
    if others and max(others) > max(cues):
        return False
    tail = before[max(cues):]
    hit = list(lex.among.finditer(tail))
    rest = " ".join(tail[hit[-1].end():].strip(" \u00a0,").casefold().split()) if hit else ""
    # "more than 7,000 evacuated, including nearly 500 children": a qualifier may stand between
    return bool(hit) and not re.search(r"[.;]", tail) and (
        not rest or any(rest == " ".join(p.casefold().split()) for p, _ in lex.qualifiers))


def _metrics(s: Sentence, toks: list[_Token], c: _Count, lex: Lexicon, common: Common) -> list[tuple[str, str]]:
    """(metric family, why) for one count."""
    fams = dict(c.families)
    casualty = [f for f in ("deaths", "injured") if f in fams]
    if "deaths" in fams and "hospitalised" in fams:  # "еще 12 умерли в больнице": died there, the nearer cue decides
        fams.pop("hospitalised" if fams["deaths"][0] <= fams["hospitalised"][0] else "deaths")
    hurt = [f for f in ("injured", "critically_injured") if f in fams]
    if "deaths" in fams and hurt:  # one number is not both dead and injured: keep the nearer cue
        named = c.noun and any(c.noun in fams[f][1].casefold() for f in hurt)  # "a fait 20 blessés graves"
        if c.partitive:  # "Zwei der Verletzten sollen verstorben sein": the noun names the whole, the verb the part
            named = False
        if c.partitive and fams["deaths"][1].casefold() != (c.noun or "").casefold() or not named and fams["deaths"][0] <= min(fams[f][0] for f in hurt):
            fams = {f: v for f, v in fams.items() if f not in hurt}
        else:
            fams.pop("deaths")
    out = []
    words = set(c.modifiers) | {c.noun}
    if c.noun in lex.child_nouns and ("deaths" in fams or _among_dead(s, toks, c, lex)):
        fams.pop("deaths", None)
        out.append(("children", f"'{c.noun}' among the dead"))
    if c.noun in lex.child_nouns and ("evacuated" in fams or _among_dead(s, toks, c, lex, "evacuated")):
        out.append(("evacuated_children", f"'{c.noun}' among the evacuated"))
        fams.pop("evacuated", None)
    if c.noun in lex.child_nouns and ("hospitalised" in fams or _among_dead(s, toks, c, lex, "hospitalised")):
        out.append(("hospitalised_children", f"'{c.noun}' among the hospitalised"))
        fams.pop("hospitalised", None)
        fams.pop("injured", None)
    for family, kind in (("injured", "injured_children"), ("rescued", "rescued_children")):
        if c.noun in lex.child_nouns and (family in fams or _among_dead(s, toks, c, lex, family)):
            out.append((kind, f"'{c.noun}' among the {family}"))  # "64 injured, including 14 children"
            fams.pop(family, None)
    for narrow, wider in common.subsumes.items():  # "98 раненых доставлены в больницы": hospitalised, counted once
        if narrow in fams:
            for f in wider:
                fams.pop(f, None)
    if "detained" in fams and any(w in lex.other_nouns for w in words if w):
        out.append(("others", f"'{fams.pop('detained')[1]}' with 'other'"))
    for f, (_, cue) in fams.items():
        out.append((f, f"'{cue}'" + (f" (a part of the {c.part_of} before)" if c.part_of else "")))
    after = s.text[toks[c.last].end - s.start:]
    attack_cue = lex.attack_cues.search(after) if lex.attack_cues is not None else None
    if c.noun and c.noun in lex.attacker_nouns:
        out.append(("attackers", f"'{c.noun}'"))
    elif c.noun in ("men", "individuals", "people", "man") and attack_cue and not casualty:
        out.append(("attackers", f"'{c.noun}' ... '{attack_cue.group()}'"))
    if c.noun == "accused" and not (c.partitive and fams):
        out.append(("accused", "'accused'"))
    return out


def _paragraph_dates(sentences: list[Sentence], dates: list[DateRef], published: dt.date,
                     lex: Lexicon) -> dict[int, DateRef]:
    """For a sentence with no date of its own, the day its paragraph gives in the sentence before or after it;
    not a day people died on ("kamen am 29. Juli 40 Gefangene ums Leben"), nor a day the sentence ends inside
    (a full stop after "29." that was taken for a sentence's end)."""
    verbs = lex.speech_verbs.pattern()
    verb = re.compile(rf"(?<![\w])(?:{verbs})(?![\w])", re.IGNORECASE) if verbs else None

    def event_only(s, d):
        """"W nocy 29 lipca 2022 roku ... doszło do eksplozji": the attack's day, not a report's; not "За 14 діб
        після підриву", a day counted from the attack."""
        cues = [m for c, p in lex.event_cues if c == "attack" for m in p.finditer(s.text)]
        return any(not (0 <= m.start() - (d.end - s.start) <= 2) for m in cues) and not (
            verb is not None and verb.search(s.outside_quotes()))

    def day_of(s):
        days = [d for d in dates if s.start <= d.start < s.end and d.precision == "day" and d.date <= published
                and d.end <= s.end and not d.so_far and not _dying_day(s, d, lex) and not event_only(s, d)
                and not _attack_day(s, d, lex)  # "said an Israeli airstrike on Tuesday hit": the strike's day and not _timestamp(s, d)
                and not any(qa <= d.start < qb for qa, qb in s.quotes)]
        return days[0] if days else None
    own = {s.index: day_of(s) for s in sentences}
    out = {}
    for n, s in enumerate(sentences):
        if own[s.index] is not None:
            continue
        for m in (n - 1, n + 1):
            if 0 <= m < len(sentences) and sentences[m].block == s.block and own[sentences[m].index] is not None:
                out[s.index] = own[sentences[m].index]
                break
    return out


def _dying_day(s: Sentence, d: DateRef, lex: Lexicon) -> bool:
    """Whether a day is the one people died or were hurt on, right after the verb of dying in a clause that reports
    no statement: "tuées et 100 blessées le 8 avril après que deux missiles...". That day dates the event,
    not the count (a count has ``as_of`` when a report, or "as of", dates it)."""
    a, b = d.start - s.start, d.end - s.start
    left = max((m.end() for m in re.finditer(r"[,;:()\u2013\u2014]", s.text[:a])), default=0)
    right = next((m.start() + b for m in re.finditer(r"[,;:()\u2013\u2014]", s.text[b:])), len(s.text))
    clause = s.text[left:right]
    if not any(f in ("deaths", "injured") and where != "after" and a - 30 <= m.end() <= a
               for f, p, where in lex.figure_cues for m in p.finditer(s.text, left, a)):
        return False  # the day follows the verb of dying ("killed on 29 July"), not a toll's ("rose to 143 on Sunday")
    verbs = lex.speech_verbs.pattern()
    return not (verbs and re.search(rf"(?<![\w])(?:{verbs})(?![\w])", clause, re.IGNORECASE))


def _timestamp(s: Sentence, d: DateRef) -> bool:
    """Whether a day is a page's timestamp at the end of its line, a clock time after it ("... семи человек
    (07.06.2023 05:17)"): it dates the printing, not the count."""
    return re.match(r"[\s\u00a0,]*\d{1,2}:\d{2}\)?[\s\u00a0]*$", s.text[d.end - s.start:]) is not None


def _attack_day(s: Sentence, d: DateRef, lex: Lexicon) -> bool:
    """Whether a day is the attack's own ("after Russian forces had destroyed the dam ... on June 6"): the day
    people died or the dam broke dates the event, not the count."""
    before = s.text[max(0, d.start - s.start - 60):d.start - s.start]
    return any(p.search(before) for category, p in lex.event_cues if category == "attack")


def _speaks(s: Sentence, lex: Lexicon) -> bool:
    """Whether a sentence says who speaks outside its quotations: a speech verb ("said Kyrylenko", "Rusia
    señaló") or an attribution ("according to", "по словам"), not one that only says who gave the sentence
    before ("Про це повідомив міністр", :attr:`Lexicon.refers_back`)."""
    if lex.refers_back is not None and lex.refers_back.search(s.text.strip()):
        return False
    outside = s.outside_quotes()
    verbs = lex.speech_verbs.pattern()
    prefix = f"(?:{lex.verb_prefixes.pattern()})?" if lex.verb_prefixes else ""  # Arabic "وقالت": "and she said"
    if verbs and re.search(rf"(?<![\w]){prefix}(?:{verbs})(?![\w])", outside, re.IGNORECASE):
        return True
    return any(p.search(outside) for p, _, _ in lex.phrases)


def _tolls(s: Sentence, lex: Lexicon) -> bool:
    """Whether a sentence's report can be a count's: it has a cue of a figure ("14 died ..., the ministry
    reported on June 17"), or it only says who gave the sentence before ("Об этом ТАСС в четверг сообщили").
    "The station was hit by a missile, Kamyshin reported on Friday" reports the hit, not a toll."""
    if lex.refers_back is not None and lex.refers_back.search(s.text.strip()) or BYLINE.search(s.text):
        return True  # ... or an embedded post's byline, under the post it dates
    if lex.toll_reports is not None and lex.toll_reports.search(s.text):
        return True  # ... or a report of the toll itself ("The ministry reported the toll on June 11")
    return any(p.search(s.text) for _, p, _ in lex.figure_cues)


def _carried(s: Sentence, order: list[int], reports: dict[int, DateRef],
             speaks: dict[int, bool], tolls: dict[int, bool]) -> DateRef | None:
    """The report date of the sentence right after, else of the sentence right before, when that report gives
    counts (:func:`_tolls`); a sentence that names no speaker of its own ("Four people have died") also takes
    the date of an earlier report it goes on with, as long as no other statement comes between ("Russia had
    claimed ...": another speaker's)."""
    n = order.index(s.index)
    if n + 1 < len(order) and order[n + 1] in reports and tolls[order[n + 1]]:
        return reports[order[n + 1]]
    for m in range(n - 1, -1, -1):
        if order[m] in reports:
            return reports[order[m]] if tolls[order[m]] else None
        if speaks[s.index] or speaks[order[m]]:
            return None  # its own speaker's count, or one after another statement: not the earlier report's
    return None


def _report_dates(sentences: list[Sentence], dates: list[DateRef], published: dt.date,
                  lex: Lexicon) -> dict[int, DateRef]:
    """The day a sentence says a report was given ("the ministry reported on June 17", "a indiqué mercredi",
    "Об этом ТАСС в четверг сообщили", "станом на вечір 17 червня"): a day next to a speech verb or after
    "as of", outside quotations."""
    verbs = lex.speech_verbs.pattern()
    verb = re.compile(rf"(?<![\w])(?:{verbs})(?![\w])", re.IGNORECASE) if verbs else None
    out = {}
    # the article's own date, printed on a line of its own with its year ("08 июля 2024, 15:15")
    dateline = next((d for x in sentences[:6] for d in dates if x.start <= d.start < x.end and d.precision == "day"
                     and d.year_given and d.date <= published and len(x.text.split()) <= 5), None)
    for s in sentences:
        best = []
        for d in dates:
            if not (s.start <= d.start < s.end) or d.precision != "day" or d.date > published or d.so_far \
                    or any(qa <= d.start < qb for qa, qb in s.quotes) or _timestamp(s, d) \
                    or any(0 <= d.start - s.start - m.end() <= 3 for category, p in lex.event_cues
                           if category == "attack" for m in p.finditer(s.text, 0, d.start - s.start)):
                continue  # "said an Israeli airstrike on Tuesday hit": the day names the strike, not the report
            a, b = d.start - s.start, d.end - s.start
            if as_of_before(lex.as_of, s.text[:a]) or BYLINE.search(s.text):
                best.append((0, d))  # "as of <date>", or the date of an embedded post's byline
                continue
            if verb is not None and len(s.text[:a].split()) <= 2 and verb.search(s.outside_quotes()):
                best.append((1, d))  # "On 10 June, ... Klymenko said"
                continue
            gaps = [a - m.end() for m in verb.finditer(s.text, max(0, a - 40), a)] if verb is not None else []
            gaps += [m.start() - b for m in verb.finditer(s.text, b, b + 40)] if verb is not None else []
            if gaps:
                best.append((min(gaps), d))
        if best:
            out[s.index] = min(best, key=lambda x: x[0])[1]
        elif dateline is not None and not any(s.start <= d.start < s.end and d.precision == "day" for d in dates):
            # "По состоянию на 15:00 погибли двое": a count as of a time of day, with no day named, is of the day
            # the article prints as its own ("08 июля 2024, 15:15" on a line of its own); with no such line the
            # time dates nothing ("as of 13:15")
            for m in re.finditer(r"(?<![\d:.])\d{1,2}:\d{2}(?![\d:])", s.text):
                if any(qa <= s.start + m.start() < qb for qa, qb in s.quotes):
                    continue
                if as_of_before(lex.as_of, s.text[:m.start()]):
                    out[s.index] = DateRef(s.start + m.start(), s.start + m.end(), m.group(), dateline.date, "day",
                                           f"as of a time of day on the article's own date '{dateline.text}'")
                    break
    return out


def propose_figures(sentences: list[Sentence], dates: list[DateRef], published: dt.date,
                    metrics: set[str], qualifiers: set[str], lex: Lexicon, common: Common,
                    skip: set[int] = frozenset(), headlines: set[int] = frozenset(),
                    scopes: Scopes | None = None) -> list[FigureProposal]:
    """Candidate figures of an article, in text order.

    ``metrics`` and ``qualifiers`` are the ids the data folder allows;
    sentences whose index is in ``skip`` (about other events) give none. A
    figure is dated (``as_of``) by "as of <date>", and an arrest or charge
    count by the day its sentence names, never by a date after publication. A headline's count (a
    sentence in ``headlines``) is dated only by its own words: it sums up the story, not the report under it.
    Where the folder splits tolls by scope (``scopes``, :mod:`.scope`), each count is filed under the metric of
    the scope its sentence gives it (the site, a city, the whole attack), and a toll of another place is none.
    """
    out = []
    paragraph = _paragraph_dates(sentences, dates, published, lex)
    reports = _report_dates(sentences, dates, published, lex)
    order = [x.index for x in sentences]
    procedural = {_metric_id(common, f, metrics) for f in common.procedural}
    speaks = {x.index: _speaks(x, lex) for x in sentences}
    tolls = {x.index: _tolls(x, lex) for x in sentences}
    before: list[_Count] = []  # the counts with a cue of the sentence before
    printings: dict[str, list[int]] = {}  # a sentence's text -> the indexes in ``out`` of its figures
    carried, block = "", None  # the scope of the sentence before in the paragraph
    for s in sentences:
        if s.block != block or s.index in headlines:
            carried, block = "", s.block
        printed = " ".join(s.text.split())
        first = printings.get(printed)
        if first is None:
            printings[printed] = first = []
            own = out
        else:  # a line the page repeats verbatim (a headline over its lead) is one printing, dated where dated
            own = []
        if s.index in skip:
            before, carried = [], ""
            continue
        printed_s, s = s, _without_asides(s, lex)  # ``printed_s`` as printed, ``s`` with its asides out of the way
        cues = sentence_cues(s.text, scopes, lex) if scopes else []
        own_carried, carried = carried, (max(cues, key=lambda c: c[1])[2] if cues else carried)
        toks = _tokens(s, lex)
        inside = [d for d in dates if s.start <= d.start and d.end <= s.end]
        counts = _counts(toks, inside, lex)
        if not counts:
            before = []
            continue
        _ranges(s, toks, counts, lex)
        _attach(s, toks, counts, lex, common, before)
        _indirect_question(s, toks, counts, lex)
        _subsets(s, toks, counts, lex, before)
        _joined(toks, counts, lex)
        _gapped(toks, counts, lex)
        before = [c for c in counts.values() if c.families and not c.total]
        for k, c in counts.items():  # the two ends of a range count the same
            if c.range_of is not None:
                hi = counts[c.range_of]
                for family, cue in hi.families.items():
                    c.families.setdefault(family, cue)
                for family, cue in c.families.items():
                    hi.families.setdefault(family, cue)
                hi.noun = hi.noun or c.noun
        as_of_ref = next((d for d in inside if as_of_before(lex.as_of, s.text[:d.start - s.start])), None)
        for k in sorted(counts):
            c = counts[k]
            if c.total:  # "5 der 21 Menschen wurden getötet": the 21 again only when it was that count before
                part = next((counts[p] for p in sorted(counts, reverse=True)
                             if p < k and counts[p].partitive and k - counts[p].last <= 3), None)
                told = {f.metric for f in out if f.value == c.value}
                c.families = {f: (d + 50, cue) for f, (d, cue) in (part.families if part else {}).items()
                              if _metric_id(common, f, metrics) in told}
                if not c.families:
                    continue
            for family, why in _metrics(s, toks, c, lex, common):
                metric = _metric_id(common, family, metrics)
                seen = {family}
                while metric not in metrics and common.fallback.get(family) not in (None, *seen):
                    family = common.fallback[family]  # hospitalised -> injured
                    seen.add(family)
                    metric = _metric_id(common, family, metrics)
                if metric not in metrics:
                    continue
                if len(seen) > 1 and (c.partitive or c.part_of) and any(
                        f.sentence.index == printed_s.index and f.metric == metric and f.value > c.value for f in own):
                    continue  # "73 поранені, 30 із них у лікарні" with no metric of the hospitalised: not the injured
                scoped = ""
                if scopes:
                    kind, cue = count_scope(s.text, toks[k].start - s.start, cues, own_carried)
                    if s.index not in headlines:
                        carried = kind
                    metric = scopes.metric(metric, kind)
                    if metric is None:
                        continue  # a toll of a place, or a scope, the folder has no metric for
                    scoped = f"; scope {kind} ({cue})" if cue else ""
                qualifier = c.qualifier if c.qualifier in qualifiers else _qualifier(s, toks, k, qualifiers, lex, c.last)
                if c.qualifier and not c.vague:  # "au moins une trentaine": the qualifier before the round count
                    printed_q = _qualifier(s, toks, k, qualifiers, lex, c.last)
                    qualifier = printed_q if printed_q not in ("", "exact") else qualifier
                ref, how, as_of = as_of_ref, "", ""
                days = [d for d in inside if d.precision == "day" and d.date <= published
                        and not any(qa <= d.start < qb for qa, qb in s.quotes) and not _attack_day(s, d, lex)
                        and not _dying_day(s, d, lex) and not _timestamp(s, d)]
                if ref is not None:
                    how = f"'{ref.text}': {ref.how}"
                elif s.index in reports and family not in common.procedural:
                    ref = reports[s.index]
                    how = f"the sentence dates the report '{ref.text}': {ref.how}"
                elif days:  # the day nearest the count; "so far" only when no other day dates it
                    ref = min(days, key=lambda d: (d.so_far, abs(d.start - toks[k].start)))
                    how = f"the sentence dates it '{ref.text}': {ref.how}"
                elif s.index in headlines:
                    pass  # "... 64 - Нацполіція" over the police report of 14 January: no date of its own
                elif paragraph.get(s.index) is not None:
                    ref = paragraph[s.index]
                    how = f"the paragraph dates it '{ref.text}': {ref.how}"
                elif family not in common.procedural and not (
                        lex.earlier is not None and lex.earlier.search(s.text[:toks[k].start - s.start])):
                    dated = [f for f in out if f.as_of and f.sentence.index != s.index]
                    same = [f for f in dated if (f.metric, f.value, f.qualifier) == (metric, c.value, qualifier)] or [
                        f for f in dated if (f.metric, f.value) == (metric, c.value)]  # "ten killed", "about ten"
                    ref = None if same else _carried(s, order, reports, speaks, tolls)
                    if same:  # the count said again ("the low end of the 100-to-300 spectrum"), as dated before
                        as_of, how = same[-1].as_of, f"the same count before: {same[-1].as_of_how}"
                    elif ref is not None:
                        how = f"the report dated '{ref.text}' ({ref.how}) before or right after it"
                confidence = "high" if c.noun and (c.families or family == "attackers") else "medium"
                if family in common.procedural and min((d for d, _ in c.families.values()), default=0) > 6:
                    confidence = "low"
                review = ""
                if c.vague and not common.propose_vague:
                    continue
                if c.vague:
                    confidence = "low"
                    review = f"'{c.vague}' gives no number: {c.value} ({qualifier}) is a guess"
                text = printed_s.text[toks[k].start - s.start:toks[c.last].end - s.start]
                if own is out:
                    first.append(len(out))
                own.append(FigureProposal(
                    printed_s, toks[k].start, metric, c.value, qualifier,
                    as_of or (ref.date.isoformat() if ref is not None else ""), how,
                    f"{text!r} {'(' + c.noun + ') ' if c.noun else ''}with {why}{scoped}", confidence, review))
        mine = [n for n in range(len(own)) if own[n].sentence.index == printed_s.index]
        again = next((own[n] for n in mine if own[n].as_of_how.startswith("the same count before")), None)
        if not speaks[printed_s.index]:
            again = None  # a narrator's "35 were killed and 100 injured": no report whose counts these are
        for n in mine:  # "the ministry said 40 were killed and 84 injured", the 40 an earlier report's: the 84 too
            if again is not None and not own[n].as_of and own[n].metric not in procedural:
                own[n] = dataclasses.replace(own[n], as_of=again.as_of,
                                             as_of_how=f"given with {again.value} ({again.as_of_how})")
        if own is not out:
            for n, again in zip(first, own):
                if not out[n].as_of and again.as_of and (out[n].metric, out[n].value) == (again.metric, again.value):
                    out[n] = dataclasses.replace(out[n], as_of=again.as_of, as_of_how=again.as_of_how + " (its repeat)")
    return out
