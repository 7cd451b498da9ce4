"""Schema patterns that cannot freeze validation.

A ``pattern`` constraint comes from ``datapackage.json``, that is, from
whoever wrote the data folder. Python's backtracking engine can take hours on
one value (``^(a|aa)+$`` on ``"aaa…a!"``), and nothing can interrupt it. So:

* a pattern in a small dialect that provably runs in linear time (single
  characters and classes, each repeated or not, where a repetition of
  variable length is followed by the end or by a character it cannot match)
  runs on Python's ``re``, as fast as before. That dialect covers the ids,
  codes and colours that data packages constrain;
* any other pattern runs on the ``regex`` module with a time limit: at most
  :data:`SECONDS` per value and :data:`BUDGET` in all (plus
  :data:`SECONDS_PER_VALUE` per value checked). Beyond either, it is given up
  and reported, and the folder does not validate.
"""

from __future__ import annotations

import re
import time

import regex

__all__ = ["BUDGET", "SECONDS", "SECONDS_PER_VALUE", "Pattern", "linear"]

SECONDS = 1.0
BUDGET = 5.0
SECONDS_PER_VALUE = 20e-6

_QUANTIFIER = re.compile(r"[*+?]|\{(\d+)(,(\d*))?\}")
_CLASS_ESCAPES = set("dwsDWS")


def _atoms(source: str) -> list[tuple[str, int, float]] | None:
    """The pattern as (single-character regex, least, most repetitions), or None if it is more."""
    s, i, out = source, 0, []
    if s.startswith("^"):
        i = 1
    end = len(s) - 1 if s.endswith("$") and not s.endswith("\\$") else len(s)
    while i < end:
        c = s[i]
        if c in "()|*+?{}^$":
            return None  # groups, alternation, anchors inside: not this dialect
        if c == "[":
            j = i + 1 + (s[i + 1:i + 2] == "^")
            j += s[j:j + 1] == "]"  # a leading ] is a literal
            while j < end and s[j] != "]":
                if s[j] == "\\":
                    j += 1
                elif s[j] == "[":
                    return None  # nested sets ([[:alpha:]], set operations in regex)
                j += 1
            if j >= end:
                return None
            atom, i = s[i:j + 1], j + 1
        elif c == "\\":
            nxt = s[i + 1:i + 2]
            if not nxt or (nxt.isalnum() and nxt not in _CLASS_ESCAPES):
                return None  # \b, \A, \1, \p{...}, \x41...: not this dialect
            atom, i = s[i:i + 2], i + 2
        else:
            atom, i = c, i + 1
        least, most = 1, 1.0
        m = _QUANTIFIER.match(s, i)
        if m and m.end() <= end:
            q = m.group()
            least, most = {"*": (0, float("inf")), "+": (1, float("inf")), "?": (0, 1.0)}.get(q, (None, None))
            if least is None:
                least = int(m.group(1))
                most = float(least) if m.group(2) is None else float(m.group(3)) if m.group(3) else float("inf")
            i = m.end()
            if s[i:i + 1] in ("?", "+") and i < end:
                return None  # lazy or possessive
        try:
            re.compile(atom)
        except re.error:
            return None
        out.append((atom, least, most))
    return out


def _disjoint(a: str, b: str) -> bool:
    """Whether the single-character regexes ``a`` and ``b`` can match no common character (checked
    exactly when ``b`` is a literal or a class of few characters, else assumed not)."""
    small = b if (len(b) == 1 and b != ".") or (b.startswith("\\") and not b[1:].isalnum()) else None
    if small is not None:
        return re.fullmatch(a, re.sub(r"^\\", "", small)) is None
    if b.startswith("[") and not b.startswith("[^") and "\\" not in b:
        body, chars = b[1:-1], set()
        k = 0
        while k < len(body):
            if k + 2 < len(body) and body[k + 1] == "-":
                lo, hi = ord(body[k]), ord(body[k + 2])
                if hi - lo > 2000:
                    return False
                chars.update(map(chr, range(lo, hi + 1)))
                k += 3
            else:
                chars.add(body[k])
                k += 1
        matcher = re.compile(a)
        return not any(matcher.fullmatch(ch) for ch in chars)
    return False


def linear(source: str) -> bool:
    """Whether ``source`` is in the dialect that runs in linear time (see the module's docstring)."""
    atoms = _atoms(source)
    if atoms is None:
        return False
    for k, (atom, least, most) in enumerate(atoms):
        if least == most:
            continue
        if k + 1 == len(atoms):
            continue  # variable run at the end: a full match ends there
        nxt, nxt_least, _ = atoms[k + 1]
        if nxt_least < 1 or not (_disjoint(atom, nxt) or _disjoint(nxt, atom)):
            return False
    return True


class Pattern:
    """A schema pattern, compiled once; :meth:`fullmatch` is None when it could not be decided in time.

    ``slow`` says why once the pattern has been given up.
    """

    def __init__(self, source: str):
        compiled = regex.compile(source)  # raises regex.error for what is no pattern
        self.linear = linear(source)
        self.compiled = re.compile(source) if self.linear else compiled
        self.left = BUDGET
        self.slow: str | None = None

    def budget(self, values: int) -> None:
        """Allow for ``values`` more values to check."""
        self.left += SECONDS_PER_VALUE * values

    def fullmatch(self, text: str) -> bool | None:
        if self.linear:
            return self.compiled.fullmatch(text) is not None
        if self.slow is not None:
            return None
        began = time.perf_counter()
        try:
            return self.compiled.fullmatch(text, timeout=max(min(self.left, SECONDS), 0.001)) is not None
        except TimeoutError:
            shown = text if len(text) <= 40 else text[:39] + "…"
            self.slow = f"it takes more than {SECONDS:g} s on the value {shown!r}"
            return None
        finally:
            self.left -= time.perf_counter() - began
            if self.left <= 0 and self.slow is None:
                self.slow = "checking the values took too long"
