"""Names across scripts and spellings: Патрушев, Patrushev and Petrushev as one name.

:func:`latin` writes Cyrillic in Latin letters (a simple, lossy scheme, enough
to compare names and make ids); :func:`skeleton` folds a name to the letters
that survive the usual transliterations (``y``/``j``/``i`` alike, ``kh`` as
``h``...), and :func:`same_name` compares two skeletons with ``rapidfuzz``,
allowing a case ending ("Пескова", "Putinu", "Zelenskoho"), or with ``max_ending`` only a case ending of at
most that many letters ("Kijowie", "Ukrainie", not "Ukrainian").
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz.fuzz import ratio

__all__ = ["latin", "same_name", "same_skeleton", "skeleton"]

_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґўђјљњћџ",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u",
     "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "i", "yi", "ye", "g", "u", "dj", "j",
     "lj", "nj", "c", "dz"]))
_VOWELS = set("aeiou")
_FOLDS = [("shch", "sc"), ("kh", "h"), ("ts", "c"), ("tz", "c"), ("zh", "z"), ("sch", "s"), ("ch", "c"),
          ("sh", "s"), ("ph", "f"), ("ck", "k"), ("w", "v"), ("y", "i"), ("j", "i"), ("q", "k"), ("x", "ks")]


def latin(text: str) -> str:
    """``"Патрушев"`` -> ``"Patrushev"``: Cyrillic letters in Latin, anything else as it is."""
    out = []
    for ch in text:
        low = ch.lower()
        if low in _CYRILLIC:
            t = _CYRILLIC[low]
            out.append(t.capitalize() if ch != low else t)
        else:
            out.append(ch)
    return "".join(out)


def skeleton(name: str) -> str:
    """A spelling-independent key: ASCII, lower case, ``y``/``j`` as ``i``, doubled letters once."""
    text = unicodedata.normalize("NFKD", latin(name)).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z ]+", "", text)
    for a, b in _FOLDS:
        text = text.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", text).strip()


def same_name(word: str, name: str, endings: bool = True, min_length: int = 5, max_ending: int | None = None) -> bool:
    """Whether ``word`` (as printed, with a case ending if ``endings``) spells the one-word ``name``."""
    return same_skeleton(skeleton(word), skeleton(name), endings, min_length, max_ending)


def same_skeleton(w: str, n: str, endings: bool = True, min_length: int = 5, max_ending: int | None = None) -> bool:
    """:func:`same_name` of two skeletons.

    With ``max_ending``, ``w`` is ``n`` or ``n`` with a case ending only, no other spelling and whatever the
    name's length: at most ``max_ending`` letters after the name's stem, the name less a final vowel
    ("kiev" -> "kievie", "ukraine" -> "ukrainie", but "ukrainian" is not "ukraine" with ``max_ending=2``).
    """
    if max_ending is not None:
        if not w or not n:
            return False
        stem = n[:-1] if n[-1] in _VOWELS and len(n) > 3 else n
        return w == n or w.startswith(stem) and len(w) - len(stem) <= max_ending
    if not w or not n or w[0] != n[0]:
        return w == n and bool(w)
    if w == n:
        return True
    if len(n) < min_length:
        return False
    if endings and w.startswith(n[:-1]) and 0 <= len(w) - len(n) <= 3:
        return True  # a case ending: "peskova", "zelenskoho"
    return abs(len(w) - len(n)) <= 2 and ratio(w, n) >= (85 if len(n) >= 8 else 90)
