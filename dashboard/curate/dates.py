"""Date expressions in article text, resolved against the publication date.

News articles date things relative to the day they are published: "on
Tuesday" is the last Tuesday on or before publication, "until Tuesday" the
next one, "22 March" the 22 March nearest to it. Each :class:`DateRef` says
how it was resolved, in words a curator can check.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["DateRef", "find_dates", "long_date"]

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}

_S = r"[\s\u00a0]+"
_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December" \
         r"|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
_DAY = r"(?P<day>[0-3]?[0-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:,?" + _S + r"(?P<year>(?:19|20)[0-9]{2}))?"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

#: (pattern, kind), tried in this order; earlier matches win over overlapping later ones.
PATTERNS = [
    (re.compile(_DAY + _S + _MONTH + _YEAR + r"(?![\w])"), "day"),
    (re.compile(_MONTH + _S + _DAY + r"(?![\w:])" + _YEAR + r"(?![\w])"), "day"),
    (re.compile(r"(?:(?P<prep>\b(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Oo]f|[Ff]rom|[Ee]arly|[Ll]ate|[Mm]id-?)"
                r"(?:" + _S + r"(?:early|late|mid-?))?)" + _S + r")" + _MONTH + _YEAR + r"(?![\w])"), "month"),
    (re.compile(_MONTH + r",?" + _S + r"(?P<year>(?:19|20)[0-9]{2})(?![\w])"), "month"),
    (re.compile(r"(?:\b(?P<rel>[Oo]n|[Tt]his|[Ll]ast|[Nn]ext|[Uu]ntil|[Bb]y|[Ss]ince|[Ee]arly|[Ll]ate)" + _S
                + r"(?:(?:early|late)" + _S + r")?)?" + _WEEKDAY + r"(?![\w])"), "weekday"),
    (re.compile(r"\b(?P<word>[Tt]oday|[Yy]esterday|[Tt]omorrow|[Tt]onight|"
                r"(?:[Tt]his|[Ll]ast|[Nn]ext)" + _S + r"(?:week|month))\b"), "word"),
]


@dataclass(frozen=True)
class DateRef:
    """A date expression: ``text == article[start:end]``, meaning ``date`` to ``precision``.

    ``precision`` is ``day``, ``week`` (``date`` is the Monday) or ``month``
    (``date`` is the first); ``how`` explains the resolution.
    """

    start: int
    end: int
    text: str
    date: dt.date
    precision: str
    how: str


def long_date(d: dt.date, precision: str = "day") -> str:
    """``Tuesday 26 March 2024``, ``the week of Monday 25 March 2024`` or ``March 2024``."""
    if precision == "month":
        return f"{calendar.month_name[d.month]} {d.year}"
    text = f"{calendar.day_name[d.weekday()]} {d.day} {calendar.month_name[d.month]} {d.year}"
    return f"the week of {text}" if precision == "week" else text


def _nearest_year(month: int, day: int, published: dt.date) -> dt.date | None:
    """The date ``day``/``month`` nearest to ``published`` (the year is not printed)."""
    options = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            options.append(dt.date(year, month, day))
        except ValueError:
            pass
    return min(options, key=lambda d: abs((d - published).days)) if options else None


def _resolve(m: re.Match, kind: str, published: dt.date) -> tuple[dt.date, str, str] | None:
    """(date, precision, how) of one match, or None when it is not a real date."""
    g = m.groupdict()
    pub = long_date(published)
    if kind in ("day", "month"):
        month = MONTHS[g["month"].lower().rstrip(".")]
        year = int(g["year"]) if g.get("year") else None
        if kind == "month":
            if year is None:  # the month nearest to the publication date
                year = min((published.year - 1, published.year, published.year + 1),
                           key=lambda y: abs((dt.date(y, month, 1) - published.replace(day=1)).days))
                return dt.date(year, month, 1), "month", f"{calendar.month_name[month]} {year}, the year taken from the article's date ({pub})"
            return dt.date(year, month, 1), "month", f"{calendar.month_name[month]} {year}"
        day = int(g["day"])
        if year is not None:
            try:
                date = dt.date(year, month, day)
            except ValueError:
                return None
            return date, "day", long_date(date)
        date = _nearest_year(month, day, published)
        if date is None:
            return None
        return date, "day", f"{long_date(date)}, the year taken from the article's date ({pub})"
    if kind == "weekday":
        target = WEEKDAYS[g["weekday"].lower()]
        rel = (g.get("rel") or "").lower()
        back = (published.weekday() - target) % 7
        if rel in ("next", "until", "by"):
            ahead = (target - published.weekday()) % 7 or (7 if rel == "next" else 0)
            date = published + dt.timedelta(days=ahead)
            return date, "day", f"{long_date(date)}, the next {g['weekday']} from the article's date ({pub})"
        if rel == "last":
            date = published - dt.timedelta(days=back or 7)
            return date, "day", f"{long_date(date)}, the last {g['weekday']} before the article's date ({pub})"
        if rel == "this":  # the same Monday-to-Sunday week
            date = published + dt.timedelta(days=target - published.weekday())
            if date == published:
                return date, "day", f"{long_date(date)}, the article's date"
            return date, "day", f"{long_date(date)}, in the week of the article's date ({pub})"
        date = published - dt.timedelta(days=back)
        if back == 0:
            return date, "day", f"{long_date(date)}, the article's date"
        return date, "day", f"{long_date(date)}, the last {g['weekday']} on or before the article's date ({pub})"
    word = re.sub(r"\s+", " ", g["word"].lower())
    if word in ("today", "tonight"):
        return published, "day", f"{pub}, the article's date"
    if word == "yesterday":
        date = published - dt.timedelta(days=1)
        return date, "day", f"{long_date(date)}, the day before the article's date ({pub})"
    if word == "tomorrow":
        date = published + dt.timedelta(days=1)
        return date, "day", f"{long_date(date)}, the day after the article's date ({pub})"
    which, unit = word.split(" ")
    if unit == "week":
        monday = published - dt.timedelta(days=published.weekday())
        monday += dt.timedelta(weeks={"this": 0, "last": -1, "next": 1}[which])
        return monday, "week", f"{long_date(monday, 'week')} ({which} week, from the article's date {pub})"
    month = published.replace(day=1)
    if which == "last":
        month = (month - dt.timedelta(days=1)).replace(day=1)
    elif which == "next":
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return month, "month", f"{long_date(month, 'month')} ({which} month, from the article's date {pub})"


def find_dates(text: str, published: dt.date) -> list[DateRef]:
    """Every date expression of ``text``, in order of appearance."""
    taken: list[tuple[int, int]] = []
    found: list[DateRef] = []
    for pattern, kind in PATTERNS:
        for m in pattern.finditer(text):
            a, b = m.start(), m.end()
            if any(a < tb and ta < b for ta, tb in taken):
                continue
            resolved = _resolve(m, kind, published)
            if resolved is None:
                continue
            taken.append((a, b))
            found.append(DateRef(a, b, text[a:b], *resolved))
    return sorted(found, key=lambda r: r.start)
