"""The scope of a toll: the struck site, a city, or the whole attack across a country.

A data folder may split its casualty metrics by scope: besides the site's own ``deaths`` it may define
``kyiv_deaths`` ("Deaths in Kyiv (whole attack)") and ``attack_deaths`` ("Deaths across Ukraine (whole
attack)"). A scoped metric is a folder metric whose id is another casualty metric's id with a prefix or a
suffix (``kyiv_`` + ``deaths``, ``kyiv_`` + ``child_deaths``) and whose label names a place: a city, or a
country ("across Ukraine", a place the common lexicon's ``[places]`` calls a country).

Each count is then filed by the scope its own sentence gives it (:func:`count_scope`): the nearest of

* the language's words for the whole attack (``[figures] scope_nationwide``: "across the country", "in other
  cities", "по всей Украине", "na całej Ukrainie", "ataque masivo"), the country's name ("attacks on
  Ukraine", "in Ukraine"), or the scoped city named together with another place ("на Київ та Кривий Ріг");
* the scoped city's name, in any inflection or script ("allein in Kiew", "обстрелов Киева", "w Kijowie"),
  or a word for the capital when the city is the country's capital ("in der Hauptstadt");
* the site: a noun of the struck place (``[figures] scope_sites``: "hospital", "szpital", "больница") or the
  site's own name from the site metrics' descriptions ("Okhmatdyt"); a place named right after the site
  noun is where the site stands ("szpital Ochmatdyt w Kijowie"), no scope of its own;
* another place of the gazetteer ("in Kryvyi Rih"): a toll of a place no metric counts, not proposed.

A cue in the count's own clause wins; else the nearest cue before it in the sentence, else after it; a
sentence with no cue takes the scope of the sentence before it in the paragraph ("Погибли 27 человек в Киеве.
117 человек пострадали"). A folder without scoped metrics is read as before: :func:`metric_scopes` is empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import Common, Lexicon
from .translit import same_name, skeleton

__all__ = ["Scope", "Scopes", "metric_scopes", "count_scope"]

SITE, CITY, NATION, ELSEWHERE = "site", "city", "nation", "elsewhere"


@dataclass(frozen=True)
class Place:
    key: str
    names: tuple[str, ...]
    kind: str = "city"  # "city" or "country"
    capital: str = ""  # a country's capital (a place key)


@dataclass
class Scope:
    kind: str  # CITY or NATION
    place: Place
    metrics: dict[str, str] = field(default_factory=dict)  # base metric id -> scoped metric id


@dataclass
class Scopes:
    """A folder's scoped metrics, and the places and site names its counts are read against."""

    scopes: list[Scope]
    places: list[Place]
    site_names: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.scopes)

    def of(self, kind: str) -> Scope | None:
        return next((s for s in self.scopes if s.kind == kind), None)

    def metric(self, base: str, kind: str) -> str | None:
        """The folder's metric of ``base`` (a site metric id) for a count of scope ``kind``; None when that scope
        has no such metric or the count is another place's."""
        if kind == SITE:
            return base
        scope = self.of(kind)
        return scope.metrics.get(base) if scope is not None else None


def _places(common: Common) -> list[Place]:
    out = []
    for key, entry in (common.places or {}).items():
        out.append(Place(key, tuple(entry.get("names", [])), entry.get("kind", "city"), entry.get("capital", "")))
    return out


def _gazetteer_place(word: str, places: list[Place]) -> Place | None:
    return next((p for p in places if any(same_name(word, n, endings=False, min_length=3) or
                                          skeleton(word) == skeleton(n) for n in p.names)), None)


def metric_scopes(info: dict[str, tuple[str, str]], casualty: set[str], common: Common) -> Scopes:
    """The scoped metrics of a folder, from its metric ids, labels and descriptions (``info``: id -> (label,
    description)); ``casualty`` are the ids of its casualty metrics."""
    places = _places(common)
    ids = set(info)
    by_place: dict[str, Scope] = {}
    for m in sorted(ids):
        parts = m.split("_")
        base = None
        for n in range(1, len(parts)):
            prefix, rest = "_".join(parts[:n]), "_".join(parts[n:])
            suffix_base, suffix = "_".join(parts[:-n]), "_".join(parts[-n:])
            if rest in ids and rest != m and (not casualty or rest in casualty):
                base = rest
                break
            if suffix_base in ids and suffix_base != m and (not casualty or suffix_base in casualty) and suffix:
                base = suffix_base
                break
        if base is None:
            continue
        label, description = info[m]
        base_label = info[base][0]
        words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", label)[1:] if w[0].isupper()
                 and w.casefold() not in base_label.casefold()]
        place = None
        for w in words:
            place = _gazetteer_place(w, places)
            if place is not None:
                break
        if place is None:  # a place the gazetteer lacks, named after "in"/"across" in the label
            hit = re.search(r"\b(?:in|across|throughout|of)\s+([A-Z][\w'’-]+)", label)
            if hit is None:
                continue
            place = Place(hit.group(1).casefold(), (hit.group(1),))
        nationwide = common.nationwide_label is not None and common.nationwide_label.search(label)
        kind = NATION if place.kind == "country" or nationwide else CITY
        scope = by_place.setdefault(f"{kind}:{place.key}", Scope(kind, place))
        scope.metrics[base] = m
    scopes = list(by_place.values())
    if not scopes:
        return Scopes([], places)
    scoped = {m for s in scopes for m in s.metrics.values()}
    site_names = []
    for m in sorted(ids - scoped):  # the site's name in the site metrics' descriptions ("the Okhmatdyt hospital")
        label, description = info[m]
        for hit in re.finditer(r"(?<=[\w,] )([A-Z][^\W\d_]{4,})(?![\w])(?! \d)", description):
            w = hit.group(1)
            if _gazetteer_place(w, places) is None and not any(same_name(w, n, min_length=3)
                                                             for s in scopes for n in s.place.names):
                site_names.append(w)
    return Scopes(scopes, places, tuple(dict.fromkeys(site_names)))


def _matches(word: str, name: str, arabic: bool, clitics: tuple[str, ...]) -> bool:
    """Whether a printed word is ``name`` with at most a case ending of two letters ("Kijowie", "Киева",
    "Ukrainie", not "Ukrainian"), or, in a script without Latin or Cyrillic letters, as written or with one of the
    language's ``clitics`` before it (Arabic "وكييف")."""
    if arabic or not name[:1].isascii() and not re.search(r"[\u0400-\u04ff]", name):
        return word == name or any(word == p + name for p in clitics)
    return same_name(word, name, max_ending=2)


def _place_spans(text: str, place: Place, clitics: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    """Where ``text`` names ``place`` (a name of several words is matched word by word; ``clitics``: the
    language's words written joined before a name, as Arabic و "and", ب "in", ال "the")."""
    words = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[^\W\d_][\w'’-]*", text)]
    out = []
    for name in place.names:
        parts = name.split()
        arabic = bool(re.search(r"[\u0600-\u06ff]", name))
        for i in range(len(words) - len(parts) + 1):
            if all(_matches(words[i + j][2], parts[j], arabic, clitics) for j in range(len(parts))):
                out.append((words[i][0], words[i + len(parts) - 1][1]))
    return sorted(set(out))


def _cues(text: str, scopes: Scopes, lex: Lexicon) -> list[tuple[int, int, str]]:
    """(start, end, scope kind) of each cue of scope in a sentence's text."""
    cues: list[tuple[int, int, str]] = []
    nation, city = scopes.of(NATION), scopes.of(CITY)
    if lex.scope_nationwide is not None:
        cues += [(m.start(), m.end(), NATION) for m in lex.scope_nationwide.finditer(text)]
    sites = []
    if lex.scope_sites:
        pattern = lex.scope_sites.pattern()
        sites += [(m.start(), m.end()) for m in re.finditer(rf"(?<![\w])(?:{pattern})(?![\w])", text, re.I)]
    for name in scopes.site_names:
        sites += [(m.start(), m.end()) for m in re.finditer(r"[^\W\d_][\w'’-]*", text)
                  if same_name(m.group(), name)]
    cues += [(a, b, SITE) for a, b in sites]

    def at_site(a: int) -> bool:
        """A place named right after a site noun ("szpital Ochmatdyt w Kijowie"): where the site stands."""
        for sa, sb in sites:
            between = text[sb:a]
            if sb <= a and not re.search(r"[,;:.!?()\u2013\u2014]", between) and len(between.split()) <= 4:
                return True
        return False

    city_spans = _place_spans(text, city.place, lex.clitics) if city else []
    if city and lex.scope_capital and nation and nation.place.capital == city.place.key:
        pattern = lex.scope_capital.pattern()
        city_spans += [(m.start(), m.end()) for m in re.finditer(rf"(?<![\w])(?:{pattern})(?![\w])", text, re.I)]
    nation_spans = _place_spans(text, nation.place, lex.clitics) if nation else []
    scoped_keys = {s.place.key for s in scopes.scopes}
    other_spans = [sp for p in scopes.places if p.key not in scoped_keys for sp in _place_spans(text, p, lex.clitics)]
    link = r"[\s\u00a0]*(?:,|\w{1,4})[\s\u00a0]*"
    with_city = set()  # other places named together with the scoped city
    for a, b in city_spans:
        if at_site(a):
            continue
        # the scoped city named with another place ("на Київ та Кривий Ріг"): more than the city
        joined = {(oa, ob) for oa, ob in other_spans if 0 <= oa - b <= 12 and re.fullmatch(link, text[b:oa])
                  or 0 <= a - ob <= 12 and re.fullmatch(link, text[ob:a])}
        with_city |= joined if nation else set()
        cues.append((a, b, NATION if joined and nation else CITY))
    cues += [(a, b, NATION) for a, b in nation_spans if not at_site(a)]
    cues += [(a, b, NATION if (a, b) in with_city else ELSEWHERE) for a, b in other_spans if not at_site(a)
             and not any(ca <= a and b <= cb for ca, cb, _ in cues)]
    return cues


def sentence_cues(text: str, scopes: Scopes, lex: Lexicon) -> list[tuple[int, int, str]]:
    return _cues(text, scopes, lex) if scopes else []


def count_scope(text: str, at: int, cues: list[tuple[int, int, str]], carried: str = "") -> tuple[str, str]:
    """(scope kind, why) of the count at offset ``at`` of a sentence's ``text`` with the scope cues ``cues``;
    ``carried`` is the scope of the sentence before in the paragraph."""
    if not cues:
        return (carried, "the sentence before") if carried else (SITE, "")
    breaks = [m.start() for m in re.finditer(r"[,;:()\u2013\u2014\u060c\u061b]", text)]
    left = max((p for p in breaks if p < at), default=-1)
    right = min((p for p in breaks if p > at), default=len(text))
    own = [c for c in cues if left < c[0] and c[1] <= right]
    if own:
        a, b, kind = min(own, key=lambda c: min(abs(c[0] - at), abs(c[1] - at)))
        return kind, repr(text[a:b])
    earlier = [c for c in cues if c[1] <= at]
    a, b, kind = max(earlier, key=lambda c: c[1]) if earlier else min(cues, key=lambda c: c[0])
    return kind, repr(text[a:b])
