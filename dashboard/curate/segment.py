"""Split an article into sentences, keeping offsets and the quotations inside them.

Every span is an offset range of the original text, so anything proposed from
it can be cut out verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Sentence", "sentences"]

#: Words that end with a full stop without ending a sentence.
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "capt", "maj", "jr", "sr", "prof",
    "rep", "sen", "gov", "rev", "vs", "etc", "no", "inc", "co", "corp", "ltd", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "ca", "cf", "e.g", "i.e",
}
#: Abbreviated qualifiers that end with a full stop before a number without ending a sentence ("ok. 130 osób",
#: "ок. 200 человек", "aprox. 50").
BEFORE_NUMBER = {"ok", "ок", "aprox", "approx", "env", "ca", "прибл"}
OPENING = "\u201c"   # “
CLOSING = "\u201d"   # ”
#: Opening marks and the closing marks each takes: “…”, «…», „…“ or „…”.
PAIRS = {"\u201c": "\u201d\"", "\u00ab": "\u00bb", "\u201e": "\u201c\u201d"}
CLOSERS = "\u201d\u2019\"')]\u00bb\u201c"
_BOUNDARY = re.compile(r"[.!?]+")
_ATTRIBUTION_AFTER = re.compile(r"[\s\u00a0]+(?:[\w’'.-]+[\s\u00a0]+){0,3}(?:said|says|asked|asks|added|adds|"
                                r"wrote|writes|continued|told|stated|claimed|insisted|replied)\b")


@dataclass(frozen=True)
class Sentence:
    """A sentence of the article: ``text == article[start:end]``.

    ``quotes`` are the ``(start, end)`` offsets of the words inside each pair
    of double quotation marks (the marks excluded); ``block`` numbers the
    line (paragraph) the sentence belongs to.
    """

    index: int
    block: int
    start: int
    end: int
    text: str
    quotes: tuple[tuple[int, int], ...]

    def outside_quotes(self) -> str:
        """The sentence with quoted words blanked out (same length, same offsets)."""
        chars = list(self.text)
        for a, b in self.quotes:
            for i in range(a - self.start, b - self.start):
                chars[i] = " "
        return "".join(chars)

    def quoted_share(self) -> float:
        return sum(b - a for a, b in self.quotes) / max(len(self.text), 1)


def _quote_marks(line: str) -> list[tuple[int, int]]:
    """(open, close) offsets of the double quotation marks of a line.

    ``“``, ``«`` and ``„`` open, and close with their own marks (``„`` with
    ``“`` or ``”``); ``”`` closes an open quotation and otherwise opens one
    (some articles open with ``”``); a straight ``"`` toggles. Quotations
    do not nest: marks inside an open one are words of it (``«… „…“ …»``).
    """
    pairs, opened, closers = [], None, ""
    for i, ch in enumerate(line):
        if opened is None:
            if ch in PAIRS or ch in (CLOSING, '"'):
                opened, closers = i, PAIRS.get(ch, CLOSING + '"')
                if ch == '"':
                    closers = '"'
        elif ch in closers and not (ch == "\u201c" and line[opened] == "\u201c"):
            inner = line[opened + 1:i]
            if line[opened] == "\u00ab" and inner.count("\u00ab") > inner.count("\u00bb"):
                continue  # «… «…» …»: the inner one closes first
            pairs.append((opened, i))
            opened = None
    if opened is not None and line[opened] in PAIRS:
        pairs.append((opened, len(line)))  # a quotation that goes on in the next paragraph ends with the line
    return pairs


def _ends_sentence(line: str, stop: int, after: int, abbreviations=()) -> bool:
    """Whether the punctuation at ``line[stop:after]`` ends a sentence.

    ``abbreviations`` are the language's own words that end with a full stop
    without ending a sentence (Polish "ds.", "płk"), beside :data:`ABBREVIATIONS`.
    """
    if after < len(line) and not line[after].isspace():
        return False
    rest = line[after:].lstrip()
    uncased = rest[:1].isalpha() and not rest[:1].islower() and not rest[:1].isupper()  # Arabic: no capitals
    if not rest or not (rest[0].isupper() or uncased or rest[0].isdigit()
                        or rest[0] in "\u201c\u201d\"'\u2018(\u00ab\u201e"):
        return False
    if line[stop] == ".":
        word = re.search(r"([\w.]+)$", line[:stop])
        token = word.group(1) if word else ""
        if (token.lower() in ABBREVIATIONS or token in abbreviations
                or re.fullmatch(r"[A-Z]|(?:[A-Za-z]\.)+[A-Za-z]", token)):
            return False  # "Mr.", and initials such as "J." or "U.S."
        if token.lower() in BEFORE_NUMBER and rest[0].isdigit():
            return False  # "ok. 130 osób": about 130
    return True


def _split_line(line: str, verbs: str = "", abbreviations=()) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of one line; never splits inside a quotation."""
    after_quote = re.compile(r"[\s\u00a0,\u2013\u2014-]+(?:[\w’'.-]+[\s\u00a0]+){0,3}(?:" + verbs + r")\b",
                             re.IGNORECASE) if verbs else _ATTRIBUTION_AFTER
    marks = _quote_marks(line)
    inside = lambda i: any(a < i < b for a, b in marks)  # noqa: E731
    spans, start = [], 0
    for m in _BOUNDARY.finditer(line):
        after = m.end()
        while after < len(line) and line[after] in CLOSERS:
            after += 1
        if inside(m.start()) and not any(a < m.start() < b < after for a, b in marks):
            continue
        closed = any(m.start() < b < after for _, b in marks)
        if closed and (after_quote.match(line, after) or _ATTRIBUTION_AFTER.match(line, after)):
            continue  # '“... border?” Antonov asked': the attribution belongs to the quotation
        if _ends_sentence(line, m.start(), after, abbreviations):
            spans.append((start, after))
            start = after
    spans.append((start, len(line)))
    out = []
    for a, b in spans:
        seg = line[a:b]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg.rstrip())
        if seg.strip():
            out.append((a + lead, a + trail))
    return out


#: A line ending in a short lowercase word and no punctuation ("accused a"): an article or a preposition, which
#: ends no sentence and no headline; the words go on in the next line.
_BROKEN = re.compile(r"(?:^|[\s\u00a0])[^\W\d_]{1,2}$")


def _lines(text: str) -> list[tuple[int, str]]:
    """(block, line) of each paragraph; a line broken inside a sentence is joined to the next one."""
    raw = text.split("\n")
    out: list[tuple[int, str]] = []
    i = 0
    while i < len(raw):
        block, line = i, raw[i]
        while i + 1 < len(raw) and raw[i + 1].strip() and _BROKEN.search(line) and line.strip()[-1:].islower():
            i += 1
            line += "\n" + raw[i]
        out.append((block, line))
        i += 1
    return out


def sentences(text: str, verbs: str = "", abbreviations=()) -> list[Sentence]:
    """The sentences of ``text`` in order, line by line.

    ``verbs`` (an alternation of speech verbs) keeps a quotation ending in
    "?" or "!" with the attribution after it, in the article's language;
    ``abbreviations`` (words, or a lexicon's word set) end with a full stop
    that ends no sentence.
    """
    out: list[Sentence] = []
    offset = 0
    for block, line in _lines(text):
        marks = _quote_marks(line)
        for a, b in _split_line(line, verbs, abbreviations):
            # a quotation over several sentences is quoted in each of them, up to its end or theirs
            quotes = tuple((offset + max(qa + 1, a), offset + min(qb, b)) for qa, qb in marks
                           if qa < b and qb > a and max(qa + 1, a) < min(qb, b))
            out.append(Sentence(len(out), block, offset + a, offset + b, line[a:b], quotes))
        offset += len(line) + 1
    return out
