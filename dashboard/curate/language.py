"""Which language an article is written in, from its own words: offline, no model.

The script decides first (Latin, Cyrillic, Arabic...); among the lexicons of
that script (:mod:`.lexicon`), the one whose ``stopwords`` and ``letters``
(characters only that language uses, such as Ukrainian "ї", Polish "ł") the
text has most wins. :func:`detect` says how it decided.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from .lexicon import Lexicons

__all__ = ["detect", "script_of"]

_WORD = re.compile(r"[^\W\d_]+")


def script_of(text: str) -> str:
    """The script most of the letters of ``text`` are in: ``latin``, ``cyrillic``, ``arabic``, ..."""
    counts: Counter = Counter()
    for ch in text[:20000]:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            counts[name.split(" ")[0].lower()] += 1
    return counts.most_common(1)[0][0] if counts else ""


def detect(text: str, lexicons: Lexicons) -> tuple[str, str]:
    """(language code, how it was decided) of ``text``; ``("", why)`` when no lexicon fits."""
    script = script_of(text)
    candidates = [lex for lex in lexicons.by_language.values() if lex.script == script]
    if not candidates:
        return "", f"written in {script or 'no'} script, which no lexicon is for"
    words = [w.casefold() for w in _WORD.findall(text[:20000])]
    if not words:
        return "", "no words"
    letters = Counter(ch for ch in text[:20000].lower() if ch.isalpha())
    scores = []
    for lex in candidates:
        hits = sum(1 for w in words if w in lex.stopwords)
        special = sum(letters[ch] for ch in set(lex.letters.lower()))
        scores.append(((hits + 2 * special) / len(words), hits, special, lex))
    scores.sort(key=lambda x: -x[0])
    best = scores[0]
    if best[0] == 0:
        return "", f"{script} script, but none of the languages' common words"
    how = (f"{best[3].name}: {best[1]} of its common words among {len(words)} words"
           + (f", {best[2]} of its own letters" if best[2] else ""))
    if len(scores) > 1:
        how += f" (next: {scores[1][3].name}, score {scores[1][0]:.2f} against {best[0]:.2f})"
    return best[3].language, how
