"""Text normalisation, quote location in article texts, and text made safe for a terminal.

Articles can be tens of megabytes: nothing here builds a structure per
character. Normalising copies the text a few times at most, and locating a
quote maps the match back to the original text chunk by chunk.
"""

from __future__ import annotations

import re

__all__ = ["describe_mismatch", "locate", "normalise", "printable"]

#: Typographic quotes and primes folded to their ASCII counterparts.
QUOTE_MAP = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc", "'"),  # ‘ ’ ‚ ‛ ′ ʼ
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'),  # “ ” „ ‟ ″
}

# ``\s`` in a str pattern matches exactly what ``str.isspace`` accepts (both use Py_UNICODE_ISSPACE).
_SPACE = re.compile(r"\s")
_RUN = re.compile(r"\s+")
#: Characters of an original text mapped back to at a time when a match is located.
_CHUNK = 1 << 16


def normalise(s: str) -> str:
    """Fold whitespace runs to one space, strip, and map typographic quotes to ASCII.

    Whitespace is anything ``str.isspace`` accepts (the non-breaking space
    too). Case is preserved.

    >>> normalise("  \u201cHe\u2019s\u00a0here,\u201d\\n she said ")
    '"He\\'s here," she said'
    """
    if len(s) > 4 * _CHUNK:  # piece by piece: str.split() below makes an object per word
        return " ".join(_normalise(s[start:end]) for start, end in _pieces(s))
    return _normalise(s)


def _normalise(s: str) -> str:
    # Printable text has no whitespace but " ": the rest are control or separator characters.
    if not s.isprintable():
        s = s.replace("\n", " ").replace("\r", " ").replace("\t", " ")
        if not s.isprintable():
            s = " ".join(s.split())  # str.split() splits on exactly what str.isspace() accepts
    while "  " in s:
        s = s.replace("  ", " ")
    s = s.strip(" ")
    if not s.isascii():
        for typographic, plain in QUOTE_MAP.items():
            if typographic in s:  # far faster than str.translate on non-ASCII text
                s = s.replace(typographic, plain)
    return s


def _pieces(text: str):
    """(start, end) of pieces of ``text`` of about ``_CHUNK`` characters, each starting after a
    whitespace run and ending before one: ``normalise(text)`` is their normalisations joined by one
    space."""
    m = _RUN.match(text)
    start = m.end() if m else 0
    while start < len(text):
        cut = _SPACE.search(text, min(start + _CHUNK, len(text)))
        end = cut.start() if cut else len(text)
        yield start, end
        after = _RUN.match(text, end)
        start = after.end() if after else len(text)


def _chunks(text: str):
    """(start, end, normalised length) of each of :func:`_pieces`."""
    for start, end in _pieces(text):
        yield start, end, len(_normalise(text[start:end]))


def _original(text: str, positions: list[int]) -> list[int]:
    """The offsets in ``text`` of characters of ``normalise(text)`` (none of them a space), in order."""
    out, todo = [], sorted(positions)
    at = 0  # offset in normalise(text) of the current chunk
    for start, end, size in _chunks(text):
        while todo and todo[0] < at + size:
            p, j, orig = todo.pop(0) - at, 0, start  # walk the chunk's own whitespace runs
            for run in _RUN.finditer(text, start, end):
                if p < j + run.start() - orig:
                    break
                j += run.start() - orig + 1
                orig = run.end()
            out.append(orig + p - j)
        if not todo:
            break
        at += size + 1
    return out


def locate(text: str, quote: str) -> tuple[int, int] | None:
    """Find ``quote`` in ``text`` under :func:`normalise`.

    Returns the ``(start, end)`` offsets of the matching span in the
    original ``text`` (so ``text[start:end]`` can be highlighted as is), or
    ``None`` when the quote does not occur or is blank.
    """
    needle = normalise(quote)
    if not needle:
        return None
    pos = normalise(text).find(needle)
    if pos < 0:
        return None
    start, last = _original(text, [pos, pos + len(needle) - 1])
    return start, last + 1


def describe_mismatch(text: str, quote: str, width: int = 20) -> str:
    """Explain where ``quote`` stops matching ``text`` (for error messages)."""
    needle = normalise(quote)
    haystack = normalise(text)
    lo, hi = 0, len(needle)
    while lo < hi:  # prefixes found in the haystack are closed under shortening
        mid = (lo + hi + 1) // 2
        if needle[:mid] in haystack:
            lo = mid
        else:
            hi = mid - 1
    if lo < min(10, len(needle)):
        return "its beginning does not occur in the article"
    at = haystack.find(needle[:lo]) + lo
    return (
        f"the first {lo} of {len(needle)} characters match; then the quote has "
        f"{needle[lo:lo + width]!r} where the article has {haystack[at:at + width]!r}"
    )


# Control characters (C0, DEL, C1), line and paragraph separators, and the bidirectional
# embeddings, overrides and isolates that reorder what a terminal shows ("Trojan Source").
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text) -> str:
    """``text`` with every character that could move a terminal's cursor, recolour it or reorder
    what it shows written as an escape (``\\x1b``, ``\\u202e``); everything else as it is.

    >>> printable("red\\x1b[31m")
    'red\\\\x1b[31m'
    """
    text = str(text)
    if text.isprintable():
        return text
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
