"""Candidate figures: numbers of people next to words of killing, injury, arrest, charge...

A number is a candidate when it counts people ("139 people", "four gunmen",
"100 others", "an eighth person") or follows a word such as "killing" or
"toll of". Cue words then attach to the nearest such number on the side where
English puts the count ("140 people died", "killing 140", "The four men ...
were charged"), and the counted noun refines the metric ("three children" among
the dead, "seven others" arrested, "four gunmen").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from . import lexicon as lx
from .dates import DateRef
from .segment import Sentence

__all__ = ["FigureProposal", "propose_figures"]

TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?(?![\w])|[^\W\d_][\w’'.-]*|[^\s\w]")
PUNCT = set(",.;:!?()\u2013\u2014")
STOP = {"of", "the", "and", "or", "were", "was", "have", "has", "had", "are", "is", "to", "in", "on", "at",
        "by", "from", "with", "who", "which", "that", "including", "as", "for", "a", "an", "their", "its"}


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
    noun: str = ""
    modifiers: tuple[str, ...] = ()
    partitive: bool = False
    total: bool = False  # the M of "two out of the M"
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


def _tokens(s: Sentence) -> list[_Token]:
    return [_Token(s.start + m.start(), s.start + m.end(), m.group(), m.group().lower().rstrip("."))
            for m in TOKEN.finditer(s.text)]


def _number(toks: list[_Token], i: int) -> tuple[int, str] | None:
    """(value, kind) of the number at token ``i``: kind ``digits``, ``word`` or ``ordinal``."""
    t = toks[i]
    if t.text[0].isdigit():
        if "." in t.text:
            return None
        return int(t.text.replace(",", "")), "digits"
    if t.lower in lx.NUMBER_WORDS and t.lower not in ("dozen", "zero"):
        return lx.NUMBER_WORDS[t.lower], "word"
    if "-" in t.lower:
        parts = t.lower.split("-")
        if len(parts) == 2 and parts[0] in lx.TENS and parts[1] in lx.SMALL[1:10]:
            return lx.NUMBER_WORDS[parts[0]] + lx.NUMBER_WORDS[parts[1]], "word"
    if t.lower == "dozen" and i > 0 and toks[i - 1].lower == "a":
        return 12, "word"
    if t.lower in lx.ORDINALS and i > 0 and toks[i - 1].lower in ("a", "an", "the"):
        return lx.ORDINALS[t.lower], "ordinal"
    return None


def _counts(toks: list[_Token], dates: list[DateRef]) -> dict[int, _Count]:
    """The numbers of a sentence that count people (or may, after a cue), by token index."""
    counts: dict[int, _Count] = {}
    in_date = lambda t: any(d.start <= t.start and t.end <= d.end for d in dates)  # noqa: E731
    for i, t in enumerate(toks):
        parsed = _number(toks, i)
        if parsed is None or in_date(t):
            continue
        value, kind = parsed
        if kind == "digits" and len(t.text) == 4 and 1800 <= value <= 2100:
            continue  # a year
        if i > 0 and toks[i - 1].text in "$£€#":
            continue
        count = _Count(i, value)
        j, mods = i + 1, []
        # "two of the accused", "four of its terrorists", "two out of the four"
        if j < len(toks) and toks[j].lower == "out" and j + 1 < len(toks) and toks[j + 1].lower == "of":
            j += 1
        if j < len(toks) and toks[j].lower == "of":
            count.partitive = True
            j += 1
            if j < len(toks) and toks[j].lower in ("the", "its", "their", "them", "those"):
                j += 1
            if j < len(toks) and _number(toks, j):
                counts.setdefault(j, _Count(j, _number(toks, j)[0])).total = True
                j += 1
        while j < len(toks) and len(mods) < 3:
            w = toks[j].lower
            if w in lx.UNITS:
                count = None
                break
            if w in lx.PERSON_NOUNS or (kind == "ordinal" and w in ("person", "man", "woman", "suspect")):
                count.noun = w
                break
            if not w.isalpha() or w in STOP:
                break
            mods.append(w)
            j += 1
        if count is None:
            continue
        count.modifiers = tuple(mods)
        if kind == "ordinal" and not count.noun:
            continue
        if i in counts:  # already seen as the total of a partitive
            count.total = counts[i].total
        counts[i] = count
    return counts


def _between_punct(toks: list[_Token], a: int, b: int) -> bool:
    return any(toks[k].text in PUNCT for k in range(min(a, b) + 1, max(a, b)))


def _attach(s: Sentence, toks: list[_Token], counts: dict[int, _Count]) -> None:
    """Attach each cue to the number it counts."""
    index_at = {t.start: k for k, t in enumerate(toks)}
    for family, pattern, where in lx.FIGURE_CUES:
        for m in pattern.finditer(s.text):
            a = s.start + m.start()
            first = index_at.get(a)
            if first is None:
                continue
            last = max(k for k, t in enumerate(toks) if t.start < s.start + m.end())
            direction = where
            if where == "either":
                if lx.PASSIVE.search(s.text[:m.start()]):
                    direction = "before"
                else:
                    ahead = [k for k in counts if last < k <= last + 4 and not counts[k].total
                             and not _between_punct(toks, last, k)]
                    direction = "after" if ahead else "before"
            if direction == "after":
                ahead = sorted(k for k in counts if last < k <= last + 5 and not counts[k].total
                               and not _between_punct(toks, last, k))
                if ahead:
                    counts[ahead[0]].families.setdefault(family, (ahead[0] - last, m.group()))
                continue
            reach = 25 if family in lx.PROCEDURAL else 6
            behind = sorted((k for k in counts if first - reach <= k < first and not counts[k].total
                             and (counts[k].noun or counts[k].partitive or first - k <= 2)), reverse=True)
            if behind:
                k = behind[0]
                if family not in lx.PROCEDURAL and _between_punct(toks, k, first) and first - k > 3:
                    continue
                counts[k].families.setdefault(family, (first - k, m.group()))


def _qualifier(s: Sentence, toks: list[_Token], i: int, allowed: set[str]) -> str:
    before = s.text[:toks[i].start - s.start].lower().rstrip()
    for phrase, value in lx.QUALIFIERS:
        if re.search(r"(?:^|[\s(])" + phrase.replace(" ", r"[\s\u00a0]+") + r"$", before) and value in allowed:
            return value
    return "exact" if "exact" in allowed else ""


def _among_dead(s: Sentence, toks: list[_Token], c: _Count) -> bool:
    """"139 people dead, including three children": a death cue, then "including" the count."""
    before = s.text[:toks[c.token].start - s.start]
    cues = [m.end() for f, p, _ in lx.FIGURE_CUES if f == "deaths" for m in p.finditer(before)]
    return bool(cues) and bool(re.fullmatch(r"[^.;]*?\b(?:including|among them|among the dead|of them)\b[\s\u00a0]*",
                                            before[max(cues):]))


def _metrics(s: Sentence, toks: list[_Token], c: _Count) -> list[tuple[str, str]]:
    """(metric family, why) for one count."""
    fams = dict(c.families)
    casualty = [f for f in ("deaths", "injured") if f in fams]
    if len(casualty) > 1:  # one number is not both dead and injured: keep the nearer cue
        keep = min(casualty, key=lambda f: fams[f][0])
        fams = {f: v for f, v in fams.items() if f not in casualty or f == keep}
    out = []
    words = set(c.modifiers) | {c.noun}
    if c.noun in lx.CHILD_NOUNS and ("deaths" in fams or _among_dead(s, toks, c)):
        fams.pop("deaths", None)
        out.append(("children", f"'{c.noun}' among the dead"))
    if "detained" in fams and words & lx.OTHER_NOUNS:
        out.append(("others", f"'{fams.pop('detained')[1]}' with 'other'"))
    for f, (_, cue) in fams.items():
        out.append((f, f"'{cue}'"))
    after = s.text[toks[c.token].end - s.start:]
    attack_cue = lx.ATTACK_CUES.search(after)
    if c.noun in lx.ATTACKER_NOUNS:
        out.append(("attackers", f"'{c.noun}'"))
    elif c.noun in ("men", "individuals", "people", "man") and attack_cue and not casualty:
        out.append(("attackers", f"'{c.noun}' ... '{attack_cue.group()}'"))
    if c.noun == "accused" and not (c.partitive and fams):
        out.append(("accused", "'accused'"))
    return out


def propose_figures(sentences: list[Sentence], dates: list[DateRef], published: dt.date,
                    metrics: set[str], qualifiers: set[str]) -> list[FigureProposal]:
    """Candidate figures of an article, in text order.

    ``metrics`` and ``qualifiers`` are the ids the data folder allows. A
    figure is dated (``as_of``) by "as of <date>", and an arrest or charge
    count by the day its sentence names, never by a date after publication.
    """
    out = []
    for s in sentences:
        toks = _tokens(s)
        inside = [d for d in dates if s.start <= d.start and d.end <= s.end]
        counts = _counts(toks, inside)
        if not counts:
            continue
        _attach(s, toks, counts)
        as_of_ref = next((d for d in inside if re.search(r"\b(?:as of|as at)[\s\u00a0]+$",
                                                         s.text[:d.start - s.start], re.I)), None)
        for k in sorted(counts):
            c = counts[k]
            if c.total:
                continue
            for family, why in _metrics(s, toks, c):
                metric = lx.METRICS[family]
                if metric not in metrics:
                    continue
                ref, how = as_of_ref, ""
                if ref is not None:
                    how = f"'{ref.text}': {ref.how}"
                elif family in lx.PROCEDURAL | {"others"}:
                    days = [d for d in inside if d.precision == "day" and d.date <= published]
                    if days:
                        ref = min(days, key=lambda d: abs(d.start - toks[k].start))
                        how = f"the sentence dates it '{ref.text}': {ref.how}"
                confidence = "high" if c.noun and (c.families or family == "attackers") else "medium"
                if family in lx.PROCEDURAL and min((d for d, _ in c.families.values()), default=0) > 6:
                    confidence = "low"
                out.append(FigureProposal(
                    s, toks[k].start, metric, c.value, _qualifier(s, toks, k, qualifiers),
                    ref.date.isoformat() if ref is not None else "", how,
                    f"{toks[k].text!r} {'(' + c.noun + ') ' if c.noun else ''}with {why}", confidence))
    return out
