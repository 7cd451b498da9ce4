"""Candidate events: every date the article gives, with the first sentence that gives it.

A date that an existing event already has is proposed as a mention of that
event (the curator keeps it, or renames the id to make a new event); other
dates are proposed as new events with a category guessed from the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from .dates import DateRef
from .lexicon import Lexicon
from .segment import Sentence

__all__ = ["EventProposal", "propose_events"]


@dataclass(frozen=True)
class EventProposal:
    """A dated sentence, proposed as a mention of ``existing`` or of a new event."""

    sentence: Sentence
    ref: DateRef
    category: str
    existing: dict | None
    others: tuple[str, ...]  # other existing events of that date
    why: str
    confidence: str
    review: str = ""  # what the curator must check, if anything


def _category(text: str, categories: set[str], lex: Lexicon, default: str) -> tuple[str, str]:
    for category, pattern in lex.event_cues:
        hit = pattern.search(text)
        if hit and category in categories:
            return category, f"category from '{hit.group()}'"
    return (default if default in categories else ""), "category: no cue word, a guess"


def propose_events(sentences: list[Sentence], dates: list[DateRef], existing: list[dict],
                   categories: set[str], precisions: set[str], lex: Lexicon, default_category: str = "",
                   elsewhere: dict[int, str] | None = None) -> list[EventProposal]:
    """One proposal per distinct date (and precision) of the article, in text order.

    ``existing`` are the events of the data folder (dicts with ``event_id``,
    ``date`` as ISO text, ``date_precision``, ``category``); ``elsewhere``
    maps the index of a sentence about other events than the story's to why,
    and its dates are proposed marked for review.
    """
    elsewhere = elsewhere or {}
    out, seen = [], set()
    for ref in dates:
        key = (ref.date, ref.precision)
        if ref.precision not in precisions or key in seen:
            continue
        s = next((s for s in sentences if s.start <= ref.start < s.end), None)
        if s is None:
            continue
        seen.add(key)
        category, why = _category(s.text, categories, lex, default_category)
        same = [e for e in existing if e["date"] == ref.date.isoformat() and e["date_precision"] == ref.precision]
        match = [e for e in same if e["category"] == category]
        chosen = match[0] if match else same[0] if len(same) == 1 else None
        others = tuple(e["event_id"] for e in same if e is not chosen)
        if chosen is not None:
            why = (f"'{ref.text}' is {ref.how}, the date of the existing event '{chosen['event_id']}'"
                   + (" (same category)" if match else " (another category: check)"))
        else:
            why = f"'{ref.text}' is {ref.how}; {why}"
        confidence = "high" if match else "medium" if chosen is not None else "low"
        review = "" if chosen is not None else "category: no cue word" if "no cue" in why else ""
        if s.index in elsewhere:
            review, confidence = f"another event than the story's? {elsewhere[s.index]}", "low"
        out.append(EventProposal(s, ref, chosen["category"] if chosen else category, chosen, others, why,
                                 confidence, review))
    return out
