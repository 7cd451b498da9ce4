"""Date expressions in article text, resolved against the publication date.

News articles date things relative to the day they are published: "on
Tuesday" is the last Tuesday on or before publication, "until Tuesday" the
next one, "22 March" the 22 March nearest to it. The month and weekday names,
and the words around them ("в прошлый вторник", "u petak", "mardi dernier"),
come from the language's lexicon (:mod:`.lexicon`). Each :class:`DateRef`
says how it was resolved, in words a curator can check.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .lexicon import Lexicon, WordSet

__all__ = ["DateRef", "as_of_before", "days_before", "find_dates", "long_date"]

_S = r"[\s\u00a0]+"
#: An embedded post's byline on a line of its own: a dash, the poster's name, a handle in brackets, the post's
#: date ("— Українська правда ✌️ (@ukrpravda_news) April 8, 2022").
BYLINE = re.compile(r"(?m)^[ \t]*[\u2014\u2013-][ \t]*[^\n]{1,120}?\(@\w{1,30}\)[ \t]+(?P<date>[^\n]{4,40}?)[ \t]*$")


#: A clock time, and its hour word, between "as of" and the day it dates ("Станом на 20:00 14 січня",
#: "Stand 18 Uhr am Sonntag", "as of 6 p.m. on 14 January").
CLOCK = re.compile(r"(?<![\w.:])[0-2]?[0-9](?:[:.][0-5][0-9])?(?:[\s\u00a0]*(?:[ap]\.?m\.?|Uhr|h|год\.?))?"
                   r"(?:[\s\u00a0]+(?:on|am|le|el|w|del?|,))?[\s\u00a0]+$", re.IGNORECASE)


def as_of_before(pattern: re.Pattern | None, prefix: str) -> bool:
    """Whether ``prefix``, the text before a day, ends in "as of" (``pattern``, the language's ``as_of``), also
    with a clock time between them: "Станом на 20:00 14 січня" dates the count to 14 January as "станом на
    14 січня" does. A clock time alone ("as of 13:15") is no day: only the day after it is dated."""
    if pattern is None:
        return False
    if pattern.search(prefix):
        return True
    clock = CLOCK.search(prefix)
    return bool(clock and re.search(r"[:.]|[ap]\.?m|Uhr|год", clock.group(), re.IGNORECASE)
                and pattern.search(prefix[:clock.start()]))


@dataclass(frozen=True)
class DateRef:
    """A date expression: ``text == article[start:end]``, meaning ``date`` to ``precision``.

    ``precision`` is ``day``, ``week`` (``date`` is the Monday) or ``month``
    (``date`` is the first); ``how`` explains the resolution; ``year_given``
    says whether the text printed the year.
    """

    start: int
    end: int
    text: str
    date: dt.date
    precision: str
    how: str
    year_given: bool = False
    #: a word for "so far" ("pour l'instant", "mittlerweile"): the article's day, for a count of its own sentence
    #: that no other day dates
    so_far: bool = False


def days_before(d: DateRef, published: dt.date) -> int:
    """How many days before ``published`` the period of ``d`` ends: a month's last day ("in April" of an article
    of 19 September: 142), a week's Sunday, a day itself."""
    if d.precision == "month":
        nxt = dt.date(d.date.year + d.date.month // 12, d.date.month % 12 + 1, 1)
        return (published - (nxt - dt.timedelta(days=1))).days
    end = d.date + dt.timedelta(days=6) if d.precision == "week" else d.date
    return (published - end).days


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


def _alt(words) -> str:
    return WordSet(words).pattern()


def _patterns(lex: Lexicon) -> list[tuple[re.Pattern, str]]:
    """(pattern, kind) of a language, tried in this order; earlier matches win over overlapping later ones."""
    d = lambda k, default=None: lex.get("dates", k, default)  # noqa: E731
    months, weekdays = d("months", {}), d("weekdays", {})
    capital = d("capitalised", False)
    flags = 0 if capital else re.IGNORECASE
    if capital:  # "May", never "may"
        months = {k[:1].upper() + k[1:]: v for k, v in months.items()}
        weekdays = {k[:1].upper() + k[1:]: v for k, v in weekdays.items()}
    month = rf"(?P<month>{_alt(months)})" if months else None
    out: list[tuple[re.Pattern, str]] = []
    if d("up_to_now"):  # "За 14 діб після підриву": a period that runs to the article's day
        out.append((re.compile("|".join(f"(?:{p})" for p in d("up_to_now")), re.IGNORECASE), "up_to_now"))
    if d("so_far"):  # "Pour l'instant, le bilan est de 40 morts": the count as it stands on the article's day
        out.append((re.compile(rf"(?<![\w])(?:{_alt(d('so_far'))})(?![\w])", re.IGNORECASE), "so_far"))
    year = r"(?P<year>(?:19|20)[0-9]{2})"
    opt_year = rf"(?:{d('year_prefix', _S)}{year}(?:{d('year_suffix', '')})?)?"
    out.append((re.compile(r"(?<![\d.])(?P<day>[0-3]?[0-9])\.(?P<mon>[01]?[0-9])\.(?P<year>(?:19|20)[0-9]{2})"
                           r"(?![\d])"), "numeric"))
    if month:
        prefix = d("day_month_prefix", "")
        out.append((re.compile(rf"(?<![\w.])(?P<day>[0-3]?[0-9])(?:{d('day_suffix', '')}){_S}(?:{prefix})?"
                               + month + opt_year + r"(?![\w])", flags), "day"))
        if d("month_day", False):
            out.append((re.compile(month + _S + rf"(?P<day>[0-3]?[0-9])(?:{d('day_suffix', '')})(?![\w:])"
                                   + opt_year + r"(?![\w])", flags), "day"))
        words = d("month_words", [])
        if words:
            out.append((re.compile(rf"(?:(?<![\w])(?P<prep>(?i:{_alt(words)}))(?:{_S}(?:early|late|mid-?))?{_S})"
                                   + month + opt_year + r"(?![\w])", flags), "month"))
        out.append((re.compile(month + r",?" + (d("year_prefix", _S) or _S) + year + r"(?![\w])", flags), "month"))
    if weekdays:
        before, after = d("weekday_before", {}), d("weekday_after", {})
        pre = rf"(?:(?<![\w])(?P<rel>(?i:{_alt(before)})){_S})?" if before else ""
        post = rf"(?:{_S}(?P<post>(?i:{_alt(after)}))(?![\w]))?" if after else ""
        out.append((re.compile(pre + rf"(?<![\w])(?P<weekday>{_alt(weekdays)})(?![\w])" + post,
                               flags), "weekday"))
    if d("from_previous"):  # "Dzień później", "وقبل يوم": counted from the day named before
        out.append((re.compile(rf"(?<![\w])(?P<word>{_alt(d('from_previous'))})(?![\w])", re.IGNORECASE),
                    "from_previous"))
    days, periods = d("relative_days", {}), d("relative_periods", {})
    if days or periods:
        out.append((re.compile(rf"(?<![\w])(?P<word>{_alt([*days, *periods])})(?![\w])", re.IGNORECASE), "word"))
    return out


def _lookup(table: dict, text: str):
    """The value of ``text`` in a lexicon table (keys matched ignoring case and spacing, or as stems)."""
    key = " ".join(text.casefold().split())
    for k, v in table.items():
        k2 = " ".join(k.casefold().split())
        if k2 == key or (k2.endswith("*") and key.startswith(k2[:-1])):
            return v
    return None


def _resolve(m: re.Match, kind: str, published: dt.date, lex: Lexicon) -> tuple[dt.date, str, str] | None:
    """(date, precision, how) of one match, or None when it is not a real date."""
    g = m.groupdict()
    pub = long_date(published)
    d = lambda k: lex.get("dates", k, {})  # noqa: E731
    if kind == "from_previous":  # resolved in find_dates, from the day before it
        return published, "day", "from_previous"
    if kind == "so_far":
        return published, "day", f"{pub}, the article's date: the count so far"
    if kind == "up_to_now":
        return published, "day", f"{pub}, the article's date, where the period it names ends"
    if kind == "numeric":
        try:
            date = dt.date(int(g["year"]), int(g["mon"]), int(g["day"]))
        except ValueError:
            return None
        return date, "day", long_date(date)
    if kind in ("day", "month"):
        month = _lookup(d("months"), g["month"])
        if month is None:
            return None
        year = int(g["year"]) if g.get("year") else None
        name = calendar.month_name[month]
        if kind == "month":
            if year is None:  # the month nearest to the publication date
                year = min((published.year - 1, published.year, published.year + 1),
                           key=lambda y: abs((dt.date(y, month, 1) - published.replace(day=1)).days))
                return dt.date(year, month, 1), "month", f"{name} {year}, the year taken from the article's date ({pub})"
            return dt.date(year, month, 1), "month", f"{name} {year}"
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
        target = _lookup(d("weekdays"), g["weekday"])
        if target is None:
            return None
        rel = _lookup(d("weekday_before"), g["rel"]) if g.get("rel") else None
        if g.get("post"):
            rel = _lookup(d("weekday_after"), g["post"]) or rel
        rel = rel or "on"
        wd = calendar.day_name[target]
        back = (published.weekday() - target) % 7
        if rel in ("next", "until"):
            ahead = (target - published.weekday()) % 7 or (7 if rel == "next" else 0)
            date = published + dt.timedelta(days=ahead)
            return date, "day", f"{long_date(date)}, the next {wd} from the article's date ({pub})"
        if rel == "last":
            date = published - dt.timedelta(days=back or 7)
            return date, "day", f"{long_date(date)}, the last {wd} before the article's date ({pub})"
        if rel == "this":  # the same Monday-to-Sunday week
            date = published + dt.timedelta(days=target - published.weekday())
            if date == published:
                return date, "day", f"{long_date(date)}, the article's date"
            return date, "day", f"{long_date(date)}, in the week of the article's date ({pub})"
        date = published - dt.timedelta(days=back)
        if back == 0:
            return date, "day", f"{long_date(date)}, the article's date"
        return date, "day", f"{long_date(date)}, the last {wd} on or before the article's date ({pub})"
    word = g["word"]
    offset = _lookup(d("relative_days"), word)
    if offset is not None:
        date = published + dt.timedelta(days=offset)
        if offset == 0:
            return date, "day", f"{pub}, the article's date"
        if offset == -1:
            return date, "day", f"{long_date(date)}, the day before the article's date ({pub})"
        if offset == 1:
            return date, "day", f"{long_date(date)}, the day after the article's date ({pub})"
        return date, "day", f"{long_date(date)}, {abs(offset)} days {'before' if offset < 0 else 'after'} the article's date ({pub})"
    unit, shift = _lookup(d("relative_periods"), word) or (None, 0)
    if unit == "week":
        monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=shift)
        which = {0: "this", -1: "last", 1: "next"}.get(shift, f"{shift:+d}")
        return monday, "week", f"{long_date(monday, 'week')} ({which} week, from the article's date {pub})"
    if unit == "month":
        month = published.replace(day=1)
        for _ in range(abs(shift)):
            month = (month - dt.timedelta(days=1)).replace(day=1) if shift < 0 else \
                (month + dt.timedelta(days=32)).replace(day=1)
        which = {0: "this", -1: "last", 1: "next"}.get(shift, f"{shift:+d}")
        return month, "month", f"{long_date(month, 'month')} ({which} month, from the article's date {pub})"
    return None


def find_dates(text: str, published: dt.date, lex: Lexicon, embeds: Lexicon | None = None) -> list[DateRef]:
    """Every date expression of ``text`` in the language of ``lex``, in order of appearance; with ``embeds``,
    also the dates of embedded posts' bylines (:data:`BYLINE`) printed in that language (an embed prints
    "April 8, 2022" whatever the article's language)."""
    found = _find_dates(text, published, lex)
    if embeds is None or embeds is lex:
        return found
    for m in BYLINE.finditer(text):
        a = m.start("date")
        if any(a <= r.start < m.end("date") for r in found):
            continue
        days = [r for r in _find_dates(m.group("date"), published, embeds) if r.precision == "day"]
        if days:
            r = days[0]
            found.append(DateRef(a + r.start, a + r.end, r.text, r.date, r.precision,
                                 f"{r.how}, the date of the embedded post's byline", r.year_given))
    return sorted(found, key=lambda r: r.start)


def _find_dates(text: str, published: dt.date, lex: Lexicon) -> list[DateRef]:
    taken: list[tuple[int, int]] = []
    found: list[DateRef] = []
    for pattern, kind in _patterns(lex):
        for m in pattern.finditer(text):
            a, b = m.start(), m.end()
            if any(a < tb and ta < b for ta, tb in taken):
                continue
            resolved = _resolve(m, kind, published, lex)
            if resolved is None:
                continue
            taken.append((a, b))
            found.append(DateRef(a, b, text[a:b], *resolved, year_given=bool(m.groupdict().get("year")),
                                 so_far=kind == "so_far"))
    found.sort(key=lambda r: r.start)
    for n, r in enumerate(found):
        if r.how != "from_previous":
            continue
        days = [p for p in found[:n] if p.precision == "day"]
        offset = _lookup(lex.get("dates", "from_previous", {}), r.text)
        if not days or offset is None:
            found[n] = None
            continue
        date = days[-1].date + dt.timedelta(days=offset)
        found[n] = DateRef(r.start, r.end, r.text, date, "day",
                           f"{long_date(date)}, {abs(offset)} day{'s' * (abs(offset) != 1)} "
                           f"{'after' if offset > 0 else 'before'} '{days[-1].text}' ({days[-1].how})")
    found = [r for r in found if r is not None]
    # "on Thursday (Oct 20)": the date in brackets says which day the weekday is
    return [r for r, nxt in zip(found, found[1:] + [None])
            if not (nxt is not None and not any(c.isdigit() for c in r.text) and any(c.isdigit() for c in nxt.text)
                    and nxt.precision == "day" and re.fullmatch(r"[\s\u00a0]*\(", text[r.end:nxt.start]))]
