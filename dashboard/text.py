"""Text normalisation and quote location in article texts."""

from __future__ import annotations

from functools import lru_cache

__all__ = ["describe_mismatch", "locate", "normalise"]

#: Typographic quotes and primes folded to their ASCII counterparts.
QUOTE_MAP = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc", "'"),  # ‘ ’ ‚ ‛ ′ ʼ
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'),  # “ ” „ ‟ ″
}


def _index(text: str) -> tuple[str, tuple[int, ...]]:
    """Normalise ``text`` keeping, for each output character, its offset in ``text``.

    Whitespace runs (anything ``str.isspace`` accepts, including the
    non-breaking space) become one space and leading/trailing whitespace is
    dropped; typographic quotes map one-to-one to ASCII.
    """
    chars: list[str] = []
    offsets: list[int] = []
    pending = None  # offset of the whitespace run preceding the next character
    for i, ch in enumerate(text):
        if ch.isspace():
            if pending is None:
                pending = i
            continue
        if pending is not None and chars:
            chars.append(" ")
            offsets.append(pending)
        pending = None
        chars.append(QUOTE_MAP.get(ch, ch))
        offsets.append(i)
    return "".join(chars), tuple(offsets)


@lru_cache(maxsize=64)
def _cached_index(text: str) -> tuple[str, tuple[int, ...]]:
    return _index(text)


def normalise(s: str) -> str:
    """Fold whitespace runs to one space, strip, and map typographic quotes to ASCII.

    Case is preserved.

    >>> normalise("  \u201cHe\u2019s\u00a0here,\u201d\\n she said ")
    '"He\\'s here," she said'
    """
    return _index(s)[0]


def locate(text: str, quote: str) -> tuple[int, int] | None:
    """Find ``quote`` in ``text`` under :func:`normalise`.

    Returns the ``(start, end)`` offsets of the matching span in the
    original ``text`` (so ``text[start:end]`` can be highlighted as is), or
    ``None`` when the quote does not occur or is blank.
    """
    needle = normalise(quote)
    if not needle:
        return None
    haystack, offsets = _cached_index(text)
    pos = haystack.find(needle)
    if pos < 0:
        return None
    return offsets[pos], offsets[pos + len(needle) - 1] + 1


def describe_mismatch(text: str, quote: str, width: int = 20) -> str:
    """Explain where ``quote`` stops matching ``text`` (for error messages)."""
    needle = normalise(quote)
    haystack = _cached_index(text)[0]
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
