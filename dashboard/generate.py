"""Generate large, realistic, valid data folders (``claims-dashboard generate``).

:func:`generate` writes a data folder of ``n_claims`` claims shaped like the
bundled one: the same ``datapackage.json`` schema, stances and metrics, then
invented actors, outlets, articles, statements, figures and events. Every
quote is a verbatim span of the article text written next to it, so the
folder passes :func:`dashboard.validate`.

The mixes that make the data look like the curated data (mode and date
precision of claims, stances, targets and reports per statement, claims
without a target, intermediaries, evidence, figures per article, metrics,
qualifiers, as-of dates, actor kinds, event categories) are measured from the
bundled tables every time (:func:`measure`). What five curated articles are
too few to measure is fixed here: one article in ten names no outlet, three in
ten carry no byline, seven in ten mention the incident, and a statement is
picked up by other outlets within days. Names are invented, so no real person
is quoted. The same ``n_claims`` and ``seed`` give byte-identical files.

Per claim only numbers are drawn and kept (which alias, which saying, which date);
claims, statements and article texts are worded and written a block of about
:data:`BLOCK` claims at a time, so that memory hardly grows with ``n_claims``.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import random
import re
import shutil
import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

import numpy as np

from .dataset import bundled_path

__all__ = ["TEMPLATE", "Profile", "Sizes", "generate", "measure", "sizes"]

#: The bundled data folder: schema, vocabularies and the mixes to imitate.
TEMPLATE = bundled_path()
#: Day of the invented incident; articles run for a year from it.
START = dt.date(2024, 2, 9)
DAYS = 365
#: About how many claims are worded and written at a time, so that memory does not grow with them.
BLOCK = 1 << 16
_LO = -40  # earliest day offset a date can take (first of a month, a Monday, a day earlier)

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
NO_URL = "Invented by claims-dashboard generate: the article has no original publication."
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


# -- what to imitate ------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """Mixes measured from a data folder (counts or shares)."""

    report_kinds: dict[tuple[str, str], int]  # (mode, said_on_precision or "") over claim rows
    stances: dict[str, int]  # over claim rows
    stance_labels: dict[str, str]
    targets_per_statement: dict[int, int]  # distinct targets, statements that have one
    sources_per_statement: dict[int, int]  # distinct articles reporting a statement
    no_target: float  # share of statements without a target
    via: float  # share of claim rows naming an intermediary
    evidence: float  # share of claim rows saying what evidence was offered
    figures_per_source: tuple[int, ...]
    metrics: dict[str, int]
    metric_labels: dict[str, str]
    metric_values: dict[str, float]  # median value printed per metric
    casualty: dict[str, bool]
    qualifiers: dict[str, int]
    as_of: float  # share of figures with an as-of date
    attributed: float  # share of figures attributed to someone
    actor_kinds: dict[str, int]
    event_categories: dict[str, int]
    event_precisions: dict[str, int]


def _read(folder: Path, name: str) -> list[dict[str, str]]:
    with open(folder / f"{name}.csv", newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def measure(folder: str | Path = TEMPLATE) -> Profile:
    """Measure the mixes of the (valid) data folder ``folder``."""
    folder = Path(folder)
    claims, figures = _read(folder, "claims"), _read(folder, "figures")
    metrics, events = _read(folder, "metrics"), _read(folder, "events")
    sources, targets = {}, {}
    for c in claims:
        sources.setdefault(c["statement_id"], set()).add(c["source_id"])
        targets.setdefault(c["statement_id"], set()).add(c["target_id"])
    values: dict[str, list[int]] = {}
    for f in figures:
        values.setdefault(f["metric"], []).append(int(f["value"]))
    return Profile(
        report_kinds=dict(Counter((c["mode"], c["said_on_precision"]) for c in claims)),
        stances=dict(Counter(c["stance"] for c in claims)),
        stance_labels={s["stance"]: s["label"] for s in _read(folder, "stances")},
        targets_per_statement=dict(sorted(Counter(len(t - {""}) for t in targets.values()
                                                  if t - {""}).items())),
        sources_per_statement=dict(sorted(Counter(map(len, sources.values())).items())),
        no_target=sum("" in t for t in targets.values()) / len(targets),
        via=sum(bool(c["via"]) for c in claims) / len(claims),
        evidence=sum(c["evidence"] != "not stated" for c in claims) / len(claims),
        figures_per_source=tuple(Counter(f["source_id"] for f in figures).values()),
        metrics=dict(Counter(f["metric"] for f in figures)),
        metric_labels={m["metric"]: m["label"] for m in metrics},
        metric_values={m["metric"]: statistics.median(values.get(m["metric"], [10]))
                       for m in metrics},
        casualty={m["metric"]: m["casualty"] == "true" for m in metrics},
        qualifiers=dict(Counter(f["qualifier"] for f in figures)),
        as_of=sum(bool(f["as_of"]) for f in figures) / len(figures),
        attributed=sum(bool(f["attributed_to"]) for f in figures) / len(figures),
        actor_kinds=dict(Counter(a["kind"] for a in _read(folder, "actors"))),
        event_categories=dict(Counter(e["category"] for e in events)),
        event_precisions=dict(Counter(e["date_precision"] for e in events)),
    )


@dataclass(frozen=True)
class Sizes:
    """How many actors, articles, outlets and events go with a number of claims."""

    actors: int
    sources: int
    outlets: int
    events: int


def sizes(n_claims: int) -> Sizes:
    """About 100 actors at 10^3 claims and 600 at 10^6; an article per 200 claims (5 to 5000)."""
    scale = n_claims / 1000
    sources = min(5000, max(5, round(n_claims / 200)))
    return Sizes(actors=max(12, round(100 * scale ** (math.log10(6) / 3))),
                 sources=sources,
                 outlets=min(60, max(3, round(sources ** 0.5))),
                 events=min(300, max(5, round(16 * scale ** 0.35))))


def _quota(weights: dict, n: int, rng: np.random.Generator) -> tuple[np.ndarray, list]:
    """``n`` indices into ``list(weights)`` in proportional numbers (largest remainder), shuffled."""
    keys = list(weights)
    w = np.array([weights[k] for k in keys], dtype=float)
    exact = w / w.sum() * n
    counts = np.floor(exact).astype(int)
    counts[np.argsort(counts - exact, kind="stable")[:n - counts.sum()]] += 1
    return rng.permutation(np.repeat(np.arange(len(keys)), counts)), keys


def _share(share: float, n: int, rng: np.random.Generator) -> np.ndarray:
    """Boolean mask with ``round(share * n)`` true values at random places."""
    mask = np.zeros(n, dtype=bool)
    mask[rng.permutation(n)[:round(share * n)]] = True
    return mask


def _popularity(rng: np.random.Generator, favour: np.ndarray, s: float = 1.2) -> np.ndarray:
    """Zipf-like probabilities over items ranked in a random order biased by ``favour``."""
    keys = rng.random(len(favour)) ** (1 / favour)  # weighted random order (Efraimidis-Spirakis)
    rank = np.empty(len(favour), dtype=int)
    rank[np.argsort(-keys, kind="stable")] = np.arange(len(favour))
    w = 1.0 / (rank + 1.0) ** s
    return w / w.sum()


def _draw(rng: np.random.Generator, dist: dict[int, int], n: int) -> np.ndarray:
    values = np.array(list(dist))
    p = np.array(list(dist.values()), dtype=float)
    return rng.choice(values, size=n, p=p / p.sum())


# -- words ------------------------------------------------------------------------

SYLLABLES = ("ka", "ve", "lo", "ran", "dor", "mi", "sa", "tel", "bru", "no", "vik", "ar", "es",
             "tan", "gor", "li", "ma", "ze", "pol", "dan", "ru", "shi", "vo", "len", "kor",
             "ta", "be", "nu", "fa", "zel", "mar", "ob", "il", "sen", "tu", "har", "pe", "jo")
FIRST_NAMES = ("Anna", "Marek", "Leila", "Tomas", "Ines", "Yusuf", "Mira", "Oskar", "Dana",
               "Ilya", "Sofia", "Karim", "Elena", "Pavel", "Amir", "Lena", "Nadia", "Viktor",
               "Rosa", "Emil", "Zara", "Luka", "Irina", "Omar", "Vera", "Anton", "Maya",
               "Felix", "Hana", "Rustam", "Greta", "Jonas", "Alina", "Sami", "Petra", "Arman",
               "Lidia", "Kemal", "Olga", "Ruben")
SURNAME_ENDINGS = ("ov", "ova", "ski", "son", "escu", "idis", "ez", "enko", "ani", "berg", "ic",
                   "er", "in", "ek")
COUNTRY_ENDINGS = ("ia", "ania", "land", "stan", "ova", "ar", "ia", "ica")
CITY_ENDINGS = ("grad", "ville", "burg", "o", "ara", "ek", "mouth", "ino")
ROLES = ("President of {C}", "Prime Minister of {C}", "{A} foreign minister",
         "Spokesperson for the {A} foreign ministry", "{A} presidential spokesperson",
         "Director of the {A} security service", "Secretary of the {A} security council",
         "{A} ambassador to {C2}", "Member of the {A} parliament", "Adviser to the {A} president",
         "{A} defence minister", "Head of {A} military intelligence")
ORGANISATIONS = ("{W} Treaty Organisation", "Council of {W} States", "{W} Commission on Terrorism",
                 "International {W} Agency", "{W} Cooperation Forum", "{W} Union")
GROUPS = ("{W} Liberation Front", "Army of {W}", "{A} Resistance Movement", "Brigade of {W}",
          "{W} Islamic Movement", "Soldiers of {W}")
UNNAMED_GROUPS = ("Foreign intelligence services (unnamed)", "Foreign media (unnamed)",
                  "“Hostile forces” (unnamed)", "“Radical extremists” (unspecified)",
                  "“Sponsors of terrorism” (unnamed)")
OUTLETS = ("The {T} Courier", "{C} Daily", "{W} News", "The {T} Herald", "{W} Post", "{C} Today",
           "{W} Observer", "The {T} Times", "{W} Review", "{C} Tribune")
AGENCIES = ("{W} News Agency", "{C} Press Service", "{W}Wire", "{W} Information Agency")
VENUES = ("Arena", "Concert Hall", "City Hall", "Mall", "Stadium", "Theatre")

#: Per stance: the speaker's words, and the article's paraphrase (a past-tense predicate).
#: {T} is the target (or targets), {I} the incident.
SAYINGS = {
    "accuses": (("The trail of this crime leads straight to {T}",
                 "{T} planned this attack and will answer for it",
                 "We know very well that {T} stands behind {I}",
                 "There is no doubt that {T} organised and paid for this massacre",
                 "Those who ordered the attack answer to {T}"),
                ("blamed {T} for {I}", "accused {T} of orchestrating the attack",
                 "said {T} was behind {I}", "suggested {T} had a hand in the attack")),
    "denies": (("{T} had nothing to do with {I}", "There is no involvement of {T} whatsoever",
                "Any talk of a role for {T} is absurd"),
               ("denied that {T} played any role in {I}", "rejected claims that {T} was involved",
                "said {T} had no part in the attack")),
    "questions": (("Why should anyone believe that {T} did this",
                   "The version that {T} is responsible raises many questions",
                   "Nothing has been proven about {T} so far"),
                  ("cast doubt on claims that {T} carried out the attack",
                   "questioned whether {T} was responsible for {I}")),
    "acknowledges": (("We accept that {T} carried out {I}",
                      "It is now clear that {T} coordinated the attack"),
                     ("acknowledged that {T} was behind {I}",
                      "conceded that {T} carried out the attack")),
    "claims_responsibility": (("Our fighters carried out {I}", "The soldiers of {T} struck the enemy"),
                              ("said it was responsible for {I}",
                               "claimed responsibility for the attack")),
    "declines_to_comment": (("We will not comment on the role of {T} while the investigation is ongoing",
                             "It is too early to talk about {T}"),
                            ("declined to comment on the role of {T}",
                             "refused to say whether {T} was involved")),
    "dismisses": (("The warnings from {T} were provocative and meant to intimidate us",
                   "We do not need any help from {T}"),
                  ("dismissed the warning from {T} as propaganda",
                   "rejected an offer of help from {T}")),
}
#: Sayings of a statement without a target.
UNTARGETED = (("The organisers of {I} are abroad",
               "We will not comment while the investigation is ongoing",
               "Those responsible will be found and punished"),
              ("said the main organiser of {I} was abroad",
               "declined to say who was behind the attack",
               "vowed that those responsible for {I} would be punished"))
HEADLINES = {
    "accuses": "{S} blames {T} for {I}", "denies": "{S} denies {T} role in {I}",
    "questions": "{S} questions {T} link to {I}", "acknowledges": "{S} acknowledges {T} role in {I}",
    "claims_responsibility": "{S} claims {I}", "declines_to_comment": "{S} declines to comment on {T}",
    "dismisses": "{S} dismisses {T} over {I}",
}
EVIDENCE = ("Cites intercepted communications.", "Cites the suspects' confessions.",
            "“according to preliminary data”, not shown.", "Cites unnamed intelligence sources.",
            "Cites the route the attackers took towards the border.",
            "None shown: the article calls the claim 'unsubstantiated'.",
            "None given: the article says the speaker 'did not give details'.")
UNDATED = ("", "", "repeatedly", "after the attack", "so far", "since the attack")
VIA = ((", according to ", ""), (", ", " reported"), (", as quoted by ", ""))  # around the agency
QUALIFIER_WORDS = {"exact": "", "at_least": "at least ", "more_than": "more than ", "over": "over ",
                   "nearly": "nearly ", "almost": "almost ", "about": "about ", "around": "around ",
                   "up_to": "up to ", "fewer_than": "fewer than "}
FIGURES = {
    "deaths": ("{q}{v} people were killed in {I}", "the attack left {q}{v} people dead"),
    "injured": ("{q}{v} people were injured", "{q}{v} others were wounded in the attack"),
    "children_killed": ("{q}{v} children were among the dead",),
    "attackers": ("{q}{v} gunmen carried out the attack", "the attack was carried out by {q}{v} men"),
    "detained": ("{q}{v} suspects have been detained",),
    "detained_others": ("{q}{v} other people were arrested in connection with the attack",),
    "accused": ("{q}{v} men were charged with terrorism",),
    "pleaded_guilty": ("{q}{v} of the accused pleaded guilty",),
    "people_present": ("{q}{v} people were in the hall at the time",),
}
AUTHORITIES = ("{A} authorities", "the {A} health ministry", "{A} emergency services",
               "{A} investigators", "{G}")
#: Per event category: title, description, and ways an article mentions it ({W} = when).
EVENTS = {
    "warning": ("{G} warns of an imminent attack",
                "{G} warns its citizens to avoid large gatherings, citing plans to target them.",
                ("{G} warned of an imminent attack {W}", "{G} had issued a public warning {W}")),
    "attack": ("Attack on {V}", "Gunmen open fire at {V} in {C} and set the building on fire.",
               ("gunmen stormed {V} in {C} {W}", "the attack on {V} {W} shocked {N}")),
    "claim_of_responsibility": ("{X} claims responsibility",
                                "{X} claims the attack in a message with video of the attackers.",
                                ("{X} claimed responsibility for the attack {W}",
                                 "{X} said {W} that its fighters had carried out the attack")),
    "statement": ("{P} blames {T}", "{P} says {T} was behind the attack.",
                  ("{P} blamed {T} for the attack {W}", "{P} said {W} that {T} was behind it")),
    "admission": ("{G} admits {X} coordinated the attack",
                  "{G} admits for the first time that {X} coordinated the attack.",
                  ("{G} admitted {W} that {X} coordinated the attack",)),
    "court": ("Court in {C} charges {K} suspects",
              "A court in {C} charges {K} suspects with terrorism and remands them in custody.",
              ("a court in {C} charged {K} suspects {W}", "{K} suspects were charged with terrorism {W}")),
    "security": ("{G} raises its terror alert", "{G} raises its terror alert to the highest level.",
                 ("{G} raised its terror alert to the highest level {W}",)),
    "commemoration": ("Day of mourning in {N}", "{N} holds a national day of mourning.",
                      ("a national day of mourning was held in {N} {W}",)),
}
FILLERS = ("Investigators were still examining the site of {I}.",
           "Relatives of the victims gathered outside the building.",
           "The claims could not be independently verified.", "The investigation is continuing.",
           "{I} was the deadliest in {N} in two decades.",
           "Flowers and candles piled up at a makeshift memorial in {C}.",
           "Officials have not released the names of all the victims.")


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "x"


def _adjective(country: str) -> str:
    for ending, adjective in (("ia", "ian"), ("stan", "stani"), ("land", "landic"), ("a", "an")):
        if country.endswith(ending):
            return country[:-len(ending)] + adjective
    return country + "ian"


def _split(saying: str) -> tuple[str, str, str]:
    """A saying, and the article's head and quoted tail of a partial quote of it.

    The cut falls between two lower-case words, so that no name is split.
    """
    lower = saying if saying.startswith("{") else saying[0].lower() + saying[1:]
    words = lower.split(" ")
    cut = next((k for k in range(len(words) // 2, len(words))
                if words[k][:1].islower() and words[k - 1][:1].islower()), 0)
    return saying, " ".join(words[:cut]) + " " if cut else "", " ".join(words[cut:])


def _strings(values) -> np.ndarray:
    """An object array of ``values``: indexing, ``+`` and ``np.where`` then work on Python strings."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _join_columns(columns: list[np.ndarray]) -> np.ndarray:
    """Row-wise "A", "A and B", "A, B and C" of string columns; empty strings are no item."""
    out = columns[0]
    for k in range(1, len(columns)):
        more = columns[k + 1] != "" if k + 1 < len(columns) else np.zeros(len(out), dtype=bool)
        sep = np.where(more, ", ", " and ")
        out = np.where(columns[k] != "", out + sep + columns[k], out)
    return out


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# -- the generator ----------------------------------------------------------------


class _Generator:
    """Builds the tables and article texts of one data folder."""

    def __init__(self, n_claims: int, seed: int, profile: Profile):
        self.n, self.profile, self.size = n_claims, profile, sizes(n_claims)
        self.rng = np.random.default_rng(seed)
        self.rnd = random.Random(seed)
        self.names: set[str] = set()  # membership only: never iterated
        days = [START + dt.timedelta(d) for d in range(_LO, DAYS + 1)]
        self.iso = [d.isoformat() for d in days]
        self.long = [f"{d.day} {MONTHS[d.month - 1]} {d.year}" for d in days]
        self.short = [f"{d.day} {MONTHS[d.month - 1]}" for d in days]
        self.weekday = [d.weekday() for d in days]
        self.mday = [d.day for d in days]
        self.month = [MONTHS[d.month - 1] for d in days]

    # dates are day offsets from START; these index the tables above
    def _i(self, day: int) -> int:
        return day - _LO

    def word(self, k: int = 2) -> str:
        return "".join(self.rnd.choice(SYLLABLES) for _ in range(k)).capitalize()

    def unique(self, make: Callable[[], str]) -> str:
        while (name := make()) in self.names:
            pass
        self.names.add(name)
        return name

    # -- actors ------------------------------------------------------------------

    def actors(self) -> None:
        rnd, rng = self.rnd, self.rng
        kind_idx, kinds = _quota(self.profile.actor_kinds, self.size.actors, rng)
        kind = [kinds[i] for i in kind_idx]
        n_gov = max(3, kind.count("government"))
        self.countries = [self.unique(lambda: self.word() + rnd.choice(COUNTRY_ENDINGS))
                          for _ in range(n_gov)]
        self.capitals = [self.unique(lambda: self.word() + rnd.choice(CITY_ENDINGS))
                         for _ in range(n_gov)]
        self.adjectives = [_adjective(c) for c in self.countries]
        country_p = _popularity(rng, np.ones(n_gov))
        homes = rng.choice(n_gov, size=len(kind), p=country_p).tolist()
        rows, govs = [], iter(range(n_gov))
        for k, home in zip(kind, homes):
            make = {"person": self._person, "government": self._government,
                    "organisation": self._organisation}.get(k, self._group)
            rows.append((*make(next(govs) if k == "government" else home), k))
        taken: set[str] = set()
        self.actor_rows = []
        for name, role, affiliation, aliases, k in rows:
            ident, number = _slug(name), 1
            while ident in taken:
                number += 1
                ident = f"{_slug(name)}_{number}"
            taken.add(ident)
            self.actor_rows.append((ident, name, role, affiliation, k, "|".join(aliases)))
        self.actor_id = [r[0] for r in self.actor_rows]
        self.actor_name = [r[1] for r in self.actor_rows]
        self.aliases = [r[5].split("|") for r in self.actor_rows]
        favour = {"person": 3.0, "government": 2.0, "organisation": 1.0, "group": 0.5}
        self.speaker_p = _popularity(rng, np.array([favour.get(k, 1.0) for k in kind]))
        favour = {"government": 3.0, "group": 2.0, "organisation": 1.0, "person": 0.5}
        self.target_p = _popularity(rng, np.array([favour.get(k, 1.0) for k in kind]))
        self.governments = [self.actor_name[i] for i, k in enumerate(kind) if k == "government"] \
            or self.countries
        self.groups = [i for i, k in enumerate(kind) if k == "group"]
        self.people = [self.actor_name[i] for i, k in enumerate(kind) if k == "person"] \
            or self.actor_name

    def _person(self, home: int):
        rnd = self.rnd
        first = rnd.choice(FIRST_NAMES)
        surname = self.unique(lambda: self.word() + rnd.choice(SURNAME_ENDINGS))
        other = self.countries[(home + 1 + rnd.randrange(len(self.countries) - 1)) % len(self.countries)]
        role = rnd.choice(ROLES).format(C=self.countries[home], A=self.adjectives[home], C2=other)
        aliases = [f"{first} {surname}", surname]
        if rnd.random() < 0.3:  # a misspelling or transliteration seen in some outlet
            variant = surname.replace("v", "w", 1) if "v" in surname else surname[:-1] + "h" + surname[-1]
            aliases.append(variant)
        return f"{first} {surname}", role, self.countries[home], aliases

    def _government(self, i: int):
        country, adj = self.countries[i], self.adjectives[i]
        extra = [self.capitals[i], f"{adj} government", f"{adj} officials", f"{adj} authorities"]
        aliases = [country] + self.rnd.sample(extra, self.rnd.randint(1, len(extra)))
        return country, f"{adj} government and state", country, aliases

    def _organisation(self, home: int):
        rnd = self.rnd
        name = self.unique(lambda: rnd.choice(ORGANISATIONS).format(W=self.word()))
        acronym = "".join(w[0] for w in name.split() if w[0].isupper())
        aliases = [name] + ([acronym] if len(acronym) > 1 else [])
        return name, rnd.choice(("Intergovernmental organisation", "International agency")), name, aliases

    def _group(self, home: int):
        rnd = self.rnd
        unnamed = [g for g in UNNAMED_GROUPS if g not in self.names]
        if unnamed and rnd.random() < 0.2:
            name = rnd.choice(unnamed)
            self.names.add(name)
            alias = name.split(" (")[0].strip("“”")
            return name, "Parties blamed without being named", "", [alias[0].lower() + alias[1:]]
        word = self.word()
        name = self.unique(lambda: rnd.choice(GROUPS).format(W=word, A=rnd.choice(self.adjectives)))
        aliases = [name] + ([word] if word in name else [])
        return name, rnd.choice(("Armed group", "Militant network", "Jihadist group")), \
            rnd.choice(("", self.countries[home])), aliases

    # -- articles ------------------------------------------------------------------

    def sources(self) -> None:
        rnd, rng, n = self.rnd, self.rng, self.size.sources
        # Coverage is heavy in the weeks after the incident, then trails off over the year.
        early = rng.random(n) < 0.55
        days = np.where(early, rng.exponential(25, n), rng.uniform(0, DAYS, n))
        self.day = np.sort(np.minimum(days, DAYS - 1).astype(int))
        width = max(3, len(str(n - 1)))
        hexes = rng.bytes(8 * n).hex()
        self.source_id = [f"{i:0{width}d}_{hexes[16 * i:16 * i + 16]}" for i in range(n)]
        self.outlets = [self.unique(lambda: rnd.choice(OUTLETS).format(
            T=rnd.choice(self.capitals), C=rnd.choice(self.countries), W=self.word()))
            for _ in range(self.size.outlets)]
        self.agencies = [self.unique(lambda: rnd.choice(AGENCIES).format(
            C=rnd.choice(self.countries), W=self.word())) for _ in range(max(3, self.size.outlets // 4))]
        journalists = [[f"{rnd.choice(FIRST_NAMES)} {self.word()}{rnd.choice(SURNAME_ENDINGS)}"
                        for _ in range(5)] for _ in self.outlets]
        outlet = rng.choice(len(self.outlets), size=n, p=_popularity(rng, np.ones(len(self.outlets))))
        self.outlet = [self.outlets[o] if rnd.random() < 0.9 else "" for o in outlet.tolist()]
        self.author = []
        for o, name in zip(outlet.tolist(), self.outlet):
            r = rnd.random()
            self.author.append("" if r < 0.3 else f"{name} Digital" if r < 0.45 and name
                               else rnd.choice(journalists[o]))
        venue = f"{self.word()} {rnd.choice(VENUES)}"
        self.place = {"V": venue, "C": self.capitals[0], "N": self.countries[0]}
        self.incident = f"the {venue} attack"

    # -- statements and claims ------------------------------------------------------

    def statements(self) -> None:
        """Draw statements, who made them about whom, and which articles report them."""
        p = self.profile
        mean = (sum(k * v for k, v in p.targets_per_statement.items()) / sum(p.targets_per_statement.values())
                * sum(k * v for k, v in p.sources_per_statement.items()) / sum(p.sources_per_statement.values()))
        count = int(self.n / mean * 1.25) + 8
        while not self._draw_statements(count):
            count *= 2

    def _draw_statements(self, count: int) -> bool:
        """Draw ``count`` statements; keep those giving exactly ``n`` claims, or return False."""
        p, rng, n_src = self.profile, self.rng, self.size.sources
        stance, self.stances = _quota(p.stances, count, rng)
        claims_own = stance == (self.stances.index("claims_responsibility")
                                if "claims_responsibility" in self.stances else -1)
        untargeted = _share(p.no_target, count, rng) & ~claims_own
        n_targets = _draw(rng, p.targets_per_statement, count)
        n_targets[claims_own | untargeted] = 1
        speaker = rng.choice(len(self.actor_id), size=count, p=self.speaker_p)
        if self.groups and claims_own.any():
            group_p = self.speaker_p[self.groups] / self.speaker_p[self.groups].sum()
            speaker[claims_own] = np.array(self.groups)[rng.choice(len(self.groups), claims_own.sum(), p=group_p)]
        targets = self._targets(speaker, n_targets)
        targets[claims_own, 0] = speaker[claims_own]  # the target of a claim of responsibility is the actor
        targets[untargeted, 0] = -1
        # A statement is first reported by a random article, made that day or a few days
        # before, then reported by later articles.
        first = rng.integers(0, n_src, count)
        said = np.maximum(self.day[first] - (rng.geometric(0.5, count) - 1), 0)
        n_reports = _draw(rng, p.sources_per_statement, count)
        rep_stmt = np.repeat(np.arange(count), n_reports)
        starts = np.cumsum(n_reports) - n_reports
        gaps = rng.geometric(1 / max(1.0, n_src / 250), len(rep_stmt))
        gaps[starts] = 0
        offsets = np.cumsum(gaps)
        rep_src = first[rep_stmt] + offsets - offsets[starts][rep_stmt]
        del gaps, offsets
        keep = rep_src < n_src
        rep_stmt, rep_src = rep_stmt[keep], rep_src[keep]
        if (n_targets * np.bincount(rep_stmt, minlength=count)).sum() < self.n:
            return False
        # The statements are in random order: keep the first ones, up to exactly n claims.
        per_rep = n_targets[rep_stmt]
        needed = int(np.searchsorted(np.cumsum(per_rep), self.n)) + 1  # the reports giving the first n claims
        row_rep = np.repeat(np.arange(needed), per_rep[:needed])[:self.n]
        del per_rep
        row_slot = np.arange(self.n) - np.searchsorted(row_rep, row_rep)
        n_rep = row_rep[-1] + 1
        rep_stmt, rep_src = rep_stmt[:n_rep], rep_src[:n_rep]
        # Number the statements in the order they were made, and the reports in article order.
        kept = np.unique(rep_stmt)
        kept = kept[np.lexsort((kept, first[kept], said[kept]))]
        number = np.empty(count, dtype=int)
        number[kept] = np.arange(len(kept))
        rep_stmt = number[rep_stmt]
        order = np.lexsort((rep_stmt, rep_src))
        rank = np.empty(n_rep, dtype=int)
        rank[order] = np.arange(n_rep)
        row_rep = rank[row_rep]
        rows = np.lexsort((row_slot, row_rep))
        i32 = np.int32  # the values fit; half the memory of the default int64
        self.st_speaker, self.st_targets = speaker[kept].astype(i32), targets[kept].astype(i32)
        self.st_stance, self.st_said = stance[kept].astype(i32), said[kept].astype(i32)
        self.st_saying = rng.integers(0, 1 << 30, len(kept)).astype(i32)
        self.rep_stmt, self.rep_src = rep_stmt[order].astype(i32), rep_src[order].astype(i32)
        self.row_rep, self.row_slot = row_rep[rows].astype(i32), row_slot[rows].astype(np.int8)
        return True

    def _targets(self, speaker: np.ndarray, n_targets: np.ndarray) -> np.ndarray:
        """Distinct targets per statement, never the speaker; -1 where there are fewer."""
        rng, width = self.rng, int(n_targets.max())
        targets = rng.choice(len(self.actor_id), size=(len(speaker), width), p=self.target_p)
        targets[np.arange(width)[None, :] >= n_targets[:, None]] = -1
        while True:
            bad = targets == speaker[:, None]
            for j in range(1, width):
                bad[:, j] |= (targets[:, j] >= 0) & (targets[:, :j] == targets[:, j:j + 1]).any(axis=1)
            if not bad.any():
                return targets
            targets[bad] = rng.choice(len(self.actor_id), size=int(bad.sum()), p=self.target_p)

    def _alias_index(self, actors: np.ndarray, u: np.ndarray) -> np.ndarray:
        """Where in :attr:`alias_flat` a random alias of each actor is (its empty string for -1)."""
        counts = np.array([len(a) for a in self.aliases] + [1])
        starts = np.cumsum(counts) - counts
        return (starts[actors] + (u * counts[actors]).astype(int)).astype(np.int32)

    def _phrases(self) -> None:
        """Per statement: where its saying (whole, and split for a partial quote) and paraphrase are.

        The words are in ``self.full``, ``self.head``, ``self.tail`` and ``self.para``, with
        ``{T}`` left in for the target, as each outlet spells it.
        """
        full, head, tail, para, w_at, p_at = [], [], [], [], [], []
        for stance in self.stances:
            for targeted in (False, True):
                words, paraphrases = self._sayings(stance, targeted)
                w_at.append((len(full), len(words)))
                p_at.append((len(para), len(paraphrases)))
                for f, h, t in words:
                    full.append(f), head.append(h), tail.append(t)
                para.extend(paraphrases)
        (w_start, w_len), (p_start, p_len) = np.array(w_at).T, np.array(p_at).T
        combo = self.st_stance * 2 + (self.st_targets[:, 0] >= 0)
        self.st_words = w_start[combo] + self.st_saying % w_len[combo]
        self.st_para = p_start[combo] + self.st_saying % p_len[combo]
        self.full, self.head, self.tail, self.para = map(_strings, (full, head, tail, para))

    def _sayings(self, stance: str, targeted: bool) -> tuple[list[tuple[str, str, str]], list[str]]:
        if targeted:
            label = self.profile.stance_labels.get(stance, stance).lower()
            words, paraphrases = SAYINGS.get(stance, ((f"We {label} {{T}}",), (f"{label} {{T}} over {{I}}",)))
        else:
            words, paraphrases = UNTARGETED
        return ([_split(w.replace("{I}", self.incident)) for w in words],
                [w.replace("{I}", self.incident) for w in paraphrases])

    def reports(self) -> None:
        """Draw how each report (a statement as one article gives it) is worded and dated.

        Only numbers are kept per report; :meth:`_quotes` and :meth:`_sentences` put the
        words together for a range of reports.
        """
        p, rng = self.profile, self.rng
        n_rep, stmt = len(self.rep_stmt), self.rep_stmt
        self._phrases()
        kind, kinds = _quota(p.report_kinds, n_rep, rng)
        self.rep_kind = kind.astype(np.int16)
        self.kind_mode = _strings([k[0] for k in kinds])
        self.kind_precision = _strings([k[1] for k in kinds])
        speaker = self.st_speaker[stmt]
        self.alias_flat = _strings([a for aliases in self.aliases for a in aliases] + [""])
        # The eight rows of rng.random((8, n_rep)), drawn one at a time and kept as indices.
        self.rep_name = self._alias_index(speaker, rng.random(n_rep))
        self.rep_name2 = self._alias_index(speaker, rng.random(n_rep))
        self.rep_target = self._alias_index(self.st_targets[stmt], rng.random(n_rep)[:, None])
        u_day, u_cue = rng.random(n_rep), rng.random(n_rep)
        via = (rng.random(n_rep) * len(self.agencies)).astype(np.int32)
        self.rep_credit = (rng.random(n_rep) * len(VIA)).astype(np.int8)
        evidence = (rng.random(n_rep) * len(EVIDENCE)).astype(np.int8)
        self.rep_when, self.when_table = self._dates(self.kind_precision[self.rep_kind], stmt, u_day, u_cue)
        del u_day, u_cue
        self.via_names = _strings(self.agencies + [""])
        self.rep_via = np.where(_share(p.via, n_rep, rng), via, -1)
        self.evidence_words = _strings(EVIDENCE + ("not stated",))
        self.rep_evidence = np.where(_share(p.evidence, n_rep, rng), evidence, -1)
        # Claims are numbered per article, all as wide as the longest article needs.
        self.claim_width = max(2, len(str(int(np.bincount(self.rep_src[self.row_rep]).max()))))

    def _quotes(self, lo: int, hi: int) -> np.ndarray:
        """The quote of reports ``lo`` to ``hi``: the words, or the article's rendering of them."""
        stmt, flat = self.rep_stmt[lo:hi], self.alias_flat
        mode = self.kind_mode[self.rep_kind[lo:hi]]
        name = flat[self.rep_name[lo:hi]]
        targets = self.rep_target[lo:hi]
        target = _join_columns([flat[targets[:, k]] for k in range(targets.shape[1])])
        words, para = self.st_words[stmt], self.st_para[stmt]
        return _strings([
            f.replace("{T}", t) if m == "direct" else
            f"{n} said {h.replace('{T}', t)}“{tl.replace('{T}', t)}”" if m == "partial" else
            f"{n} {pa.replace('{T}', t)}"
            for m, n, t, f, h, tl, pa in zip(mode.tolist(), name.tolist(), target.tolist(),
                                             self.full[words].tolist(), self.head[words].tolist(),
                                             self.tail[words].tolist(), self.para[para].tolist())])

    def _sentences(self, lo: int, hi: int, quote: np.ndarray) -> list[str]:
        """The sentences of the articles giving reports ``lo`` to ``hi`` (whose ``quote`` is given)."""
        mode = self.kind_mode[self.rep_kind[lo:hi]]
        name2 = self.alias_flat[self.rep_name2[lo:hi]]
        when = self.when_table[2][self.rep_when[lo:hi]]
        via = self.via_names[self.rep_via[lo:hi]]
        credit_k = self.rep_credit[lo:hi]
        credit = np.where(via != "", _strings([v[0] for v in VIA])[credit_k] + via
                          + _strings([v[1] for v in VIA])[credit_k], "")
        return np.where(mode == "direct", "“" + quote + ",” " + name2 + " said" + when + credit + ".",
                        quote + when + credit + ".").tolist()

    def _dates(self, precision: np.ndarray, stmt: np.ndarray, u_day: np.ndarray, u_cue: np.ndarray):
        """Per report, which row of the returned table of (said_on, said_on_basis, dating words
        with a leading space) it has."""
        said = self.st_said[stmt].copy()
        day = precision == "day"
        said[day & (u_day < 0.05) & (said > 0)] -= 1  # outlets do not always agree on the day
        cue = np.where(precision == "", (u_cue * len(UNDATED)).astype(int), 0)
        levels, kind = np.unique(precision, return_inverse=True)
        # Reports sharing precision, day said, day published and cue share their wording.
        key = ((kind.ravel() * 1024 + said - _LO) * 1024 + self.day[self.rep_src]) * 8 + cue
        keys, inverse = np.unique(key, return_inverse=True)
        table = [self._when(str(levels[k // 8 // 1024 // 1024]), int(k // 8 // 1024 % 1024 + _LO),
                            int(k // 8 % 1024), int(k % 8)) for k in keys.tolist()]
        said_on, basis, when = (_strings(c) for c in zip(*table))
        return inverse.ravel().astype(np.int32), (said_on, basis, np.where(when != "", " " + when, ""))

    def _when(self, precision: str, said: int, published: int, cue: int) -> tuple[str, str, str]:
        """said_on, said_on_basis and the words the article dates the statement with."""
        if precision == "day":
            i, delta = self._i(said), published - said
            if delta < 7:
                wd = WEEKDAYS[self.weekday[i]]
                when = f"on {wd}"
                tail = {0: ", the article's date", 1: ", the day before the article"}.get(delta, "")
                return self.iso[i], f"'{when}': {wd} {self.long[i]}{tail}.", when
            when = f"on {self.short[i]}"
            return self.iso[i], f"'{when}': {self.long[i]}.", when
        if precision == "week":
            monday = said - self.weekday[self._i(said)]
            weeks = (published - self.weekday[self._i(published)] - monday) // 7
            when = ("this week", "last week")[weeks] if weeks < 2 else f"in the week of {self.short[self._i(monday)]}"
            return self.iso[self._i(monday)], f"'{when}': the week of Monday {self.long[self._i(monday)]}.", when
        if precision == "month":
            i = self._i(said)
            first = said - self.mday[i] + 1
            when = (f"in early {self.month[i]}" if self.mday[i] <= 10 else
                    f"at the end of {self.month[i]}" if self.mday[i] > 20 else f"in {self.month[i]}")
            return self.iso[self._i(first)], f"'{when}' {self.long[i][-4:]}.", when
        when = UNDATED[cue]
        return "", f"Not stated ('{when}')." if when else "Not stated in the article.", when

    def claim_blocks(self) -> list[tuple[int, int]]:
        """Ranges of articles giving about :data:`BLOCK` claims each (an article is never split)."""
        target = BLOCK
        n_src, rows_src = len(self.source_id), self.rep_src[self.row_rep]
        ends = np.searchsorted(rows_src, np.arange(1, n_src + 1))  # claims in articles up to each
        cuts = np.searchsorted(ends, np.arange(target, len(rows_src), target)) + 1
        bounds = sorted({0, n_src, *cuts.tolist()})
        return list(zip(bounds[:-1], bounds[1:]))

    def claims(self, first: int, last: int, quote: np.ndarray) -> dict[str, list[str]]:
        """claims.csv rows of articles ``first`` to ``last`` (excluded), column by column, in
        article order; ``quote`` holds the quotes of those articles' reports."""
        lo, hi = np.searchsorted(self.rep_src, (first, last)).tolist()
        r0, r1 = np.searchsorted(self.row_rep, (lo, hi)).tolist()
        rows, slot = self.row_rep[r0:r1], self.row_slot[r0:r1]
        stmt, src = self.rep_stmt[rows], self.rep_src[rows]
        number = np.arange(len(rows)) - np.searchsorted(src, src) + 1
        width = self.claim_width
        src_width = len(self.source_id[0].split("_")[0])
        actor = _strings(self.actor_id + [""])  # index -1: no target
        rep = rows - lo
        said_on, basis, _ = self.when_table
        when = self.rep_when[rows]
        return {
            "claim_id": [f"c{s:0{src_width}d}_{k:0{width}d}" for s, k in zip(src.tolist(), number.tolist())],
            "statement_id": self._statement_ids(stmt),
            "source_id": _strings(self.source_id)[src].tolist(),
            "actor_id": actor[self.st_speaker[stmt]].tolist(),
            "target_id": actor[self.st_targets[stmt, slot]].tolist(),
            "stance": _strings(self.stances)[self.st_stance[stmt]].tolist(),
            "said_on": said_on[when].tolist(), "said_on_precision": self.kind_precision[self.rep_kind[rows]].tolist(),
            "said_on_basis": basis[when].tolist(), "quote": quote[rep].tolist(),
            "mode": self.kind_mode[self.rep_kind[rows]].tolist(),
            "via": self.via_names[self.rep_via[rows]].tolist(),
            "evidence": self.evidence_words[self.rep_evidence[rows]].tolist(),
        }

    def _statement_ids(self, stmt: np.ndarray) -> list[str]:
        """An identifier per statement, naming its speaker."""
        width = max(3, len(str(len(self.st_said) - 1)))
        return [f"s{i:0{width}d}_{self.actor_id[a]}" for i, a in zip(stmt.tolist(), self.st_speaker[stmt].tolist())]

    def statement_table(self, lo: int, hi: int) -> dict[str, list[str]]:
        """statements.csv rows ``lo`` to ``hi``: an identifier naming the speaker, and the gist
        with actors' names."""
        names = _strings(self.actor_name + [""])
        targets = _join_columns([names[self.st_targets[lo:hi, k]] for k in range(self.st_targets.shape[1])])
        para = self.para[self.st_para[lo:hi]]
        return {"statement_id": self._statement_ids(np.arange(lo, hi)),
                "summary": [f"{s} {p.replace('{T}', t)}" for s, p, t in
                            zip(names[self.st_speaker[lo:hi]].tolist(), para.tolist(), targets.tolist())]}

    # -- figures and events -----------------------------------------------------------

    def figures(self) -> list[tuple]:
        p, rng, rnd = self.profile, self.rng, self.rnd
        per_source = rng.choice(np.array(p.figures_per_source), size=self.size.sources)
        src = np.repeat(np.arange(self.size.sources), per_source)
        metric_idx, metrics = _quota(p.metrics, len(src), rng)
        qual_idx, quals = _quota(p.qualifiers, len(src), rng)
        as_of = _share(p.as_of, len(src), rng).tolist()
        attributed = _share(p.attributed, len(src), rng).tolist()
        noise = np.exp(rng.normal(0, 0.06, len(src))).tolist()
        lag = rng.integers(0, 3, len(src)).tolist()
        self.fig_text: list[list[str]] = [[] for _ in self.source_id]
        out, number, day = [], Counter(), self.day.tolist()
        width = len(self.source_id[0].split("_")[0])
        for j, (s, m, q) in enumerate(zip(src.tolist(), metric_idx.tolist(), qual_idx.tolist())):
            metric, qual = metrics[m], quals[q]
            value = p.metric_values[metric] * noise[j]
            if p.casualty[metric]:  # tolls rise in the first weeks
                value *= 0.9 + 0.15 * (1 - math.exp(-day[s] / 20))
            value = max(0, int(round(value, -1 if qual != "exact" and value >= 50 else 0)))
            date = max(0, day[s] - lag[j]) if as_of[j] else None
            who = rnd.choice(AUTHORITIES).format(A=rnd.choice(self.adjectives),
                                                 G=rnd.choice(self.governments)) if attributed[j] else ""
            phrase = rnd.choice(FIGURES.get(metric, (f"{p.metric_labels[metric]}: {{q}}{{v}}",))).format(
                q=QUALIFIER_WORDS.get(qual, qual.replace("_", " ") + " "), v=value, I=self.incident)
            basis = ""
            if date is not None:
                weekday = WEEKDAYS[self.weekday[self._i(date)]]
                phrase = f"As of {weekday}, {phrase}"
                basis = (f"'As of {weekday}': {weekday} {self.long[self._i(date)]}, the last one "
                         "on or before the article's date.")
            quote = _cap(phrase + (f", according to {who}" if who else ""))
            self.fig_text[s].append(quote + ".")
            number[s] += 1
            out.append((f"f{s:0{width}d}_{number[s]:02d}", self.source_id[s], metric, str(value),
                        qual, self.iso[self._i(date)] if date is not None else "", basis, who, quote))
        return out

    def events(self) -> tuple[list[tuple], list[tuple]]:
        """events.csv and event_mentions.csv rows."""
        p, rng, rnd, n_src = self.profile, self.rng, self.rnd, self.size.sources
        count = self.size.events
        cat_idx, cats = _quota(p.event_categories, count - 1, rng)
        prec_idx, precs = _quota(p.event_precisions, count - 1, rng)
        last = int(self.day[-1])
        days = np.minimum(np.where(rng.random(count - 1) < 0.5, rng.exponential(30, count - 1),
                                   rng.uniform(0, last + 1, count - 1)), last).astype(int)
        first = "attack" if "attack" in p.event_categories else cats[0]
        spec = [(first, "day", 0)] + [(cats[c], precs[q], d) for c, q, d in
                                      zip(cat_idx.tolist(), prec_idx.tolist(), days.tolist())]
        spec = [spec[0]] + sorted(spec[1:], key=itemgetter(2))
        self.mention_text: list[list[str]] = [[] for _ in self.source_id]
        self.lede: list[str | None] = [None] * n_src
        events, mentions = [], []
        for e, (category, precision, day) in enumerate(spec):
            fill = self._event_words(e)
            title, description, ways = EVENTS.get(category, (
                f"{category.replace('_', ' ').capitalize()}: {{X}}", "{X} is in the news.",
                ("{X} was in the news {W}",)))
            readers = self._readers(day, e == 0)
            i = self._i(day)
            if precision == "month":
                day = day - self.mday[i] + 1
                fill["W"] = f"in {self.month[i]}"
            else:
                fill["W"] = f"on {self.short[i]}"
            event_id = f"e{e:03d}_{category}"
            for s in readers:
                quote = _cap(rnd.choice(ways).format(**fill))
                if e == 0:
                    self.lede[s] = quote + "."
                else:
                    self.mention_text[s].append(quote + ".")
                mentions.append((event_id, self.source_id[s], quote))
            events.append((event_id, self.iso[self._i(day)], precision, title.format(**fill),
                           description.format(**fill), category,
                           "|".join(self.source_id[s] for s in readers)))
        return events, mentions

    def _event_words(self, e: int) -> dict[str, str]:
        rnd = self.rnd
        group = self.actor_name[rnd.choice(self.groups)] if self.groups else "an armed group"
        place = self.place if e == 0 else {"V": f"{self.word()} {rnd.choice(VENUES)}",
                                           "C": rnd.choice(self.capitals), "N": rnd.choice(self.countries)}
        return {**place, "G": rnd.choice(self.governments), "X": group, "P": rnd.choice(self.people),
                "T": rnd.choice(self.governments), "K": str(rnd.randint(2, 12))}

    def _readers(self, day: int, incident: bool) -> list[int]:
        """Articles mentioning an event of that day: most for the incident, a few soon after for others."""
        rng, n_src = self.rng, self.size.sources
        lo = int(np.searchsorted(self.day, day))
        if incident:
            readers = np.flatnonzero(rng.random(n_src) < 0.7)
            return readers.tolist() or [0]
        mean = max(1.0, 2.0 * n_src / self.size.events)
        count = int(min(rng.geometric(1 / mean), n_src - lo))
        positions = lo + np.cumsum(np.concatenate(([0], rng.geometric(0.4, count - 1))))
        return positions[positions < n_src].tolist()

    # -- article texts -----------------------------------------------------------------

    def article(self, s: int, claims: list[str], report: int) -> tuple[str, tuple]:
        """The text and sources.csv row of article ``s``, whose claims' sentences (in order)
        are ``claims``, the first of them report number ``report``; articles come in order."""
        rnd, sid = self.rnd, self.source_id[s]
        others = self.fig_text[s] + self.mention_text[s]
        others += [_cap(rnd.choice(FILLERS).format(I=self.incident, **self.place))
                   for _ in range(1 + len(claims) // 5)]
        rnd.shuffle(others)
        # Claims keep their order (claims.csv follows the text); the rest falls in between.
        body, at = list(claims), sorted(rnd.randrange(len(claims) + 1) for _ in others)
        for k, (pos, sentence) in enumerate(zip(at, others)):
            body.insert(pos + k, sentence)
        if self.lede[s]:
            body.insert(0, self.lede[s])
        headline = self._headline(report if claims else None)
        day = self._i(int(self.day[s]))
        outlet, author = self.outlet[s], self.author[s]
        head = [headline] + ([f"By {author}"] if author else []) + [f"Published {self.long[day]}"]
        paragraphs, k = [], 0
        while k < len(body):
            step = rnd.randint(1, 3)
            paragraphs.append(" ".join(body[k:k + step]))
            k += step
        tail = [f"Follow {outlet} for more news."] if outlet else []
        return "\n\n".join(head + paragraphs + tail) + "\n", (
            sid, headline, outlet,
            f"Closing line: 'Follow {outlet} for more news.'" if outlet else "The text does not name its outlet.",
            author, "Byline below the headline." if author else "No byline in the text.",
            self.iso[day], f"Printed below the headline: 'Published {self.long[day]}'.",
            f"articles/{sid}.txt", "en", "", NO_URL)

    def block(self, first: int, last: int) -> tuple[dict[str, list[str]], list[str], list[tuple]]:
        """claims.csv columns, article texts and sources.csv rows of articles ``first`` to
        ``last`` (excluded); blocks are to be taken in order."""
        lo, hi = np.searchsorted(self.rep_src, (first, last)).tolist()
        quote = self._quotes(lo, hi)
        sentences = self._sentences(lo, hi, quote)
        bounds = np.searchsorted(self.rep_src, np.arange(first, last + 1)).tolist()
        texts, rows = [], []
        for s in range(first, last):
            text, row = self.article(s, sentences[bounds[s - first] - lo:bounds[s - first + 1] - lo],
                                     bounds[s - first])
            texts.append(text)
            rows.append(row)
        return self.claims(first, last, quote), texts, rows

    def quoted_claims(self, blocks: list[tuple[int, int]]) -> set[str]:
        """The columns of claims.csv with a comma, a double quote or a line break in some cell."""
        rows_stmt = self.rep_stmt[self.row_rep]
        used = {"statement_id": (self.actor_id, self.st_speaker),  # "s<number>_<speaker's actor_id>"
                "source_id": (self.source_id, self.rep_src),
                "actor_id": (self.actor_id, self.st_speaker),
                "target_id": (self.actor_id + [""], self.st_targets[rows_stmt, self.row_slot]),
                "stance": (self.stances, self.st_stance),
                "said_on": (self.when_table[0], None), "said_on_basis": (self.when_table[1], None),
                "said_on_precision": (self.kind_precision, self.rep_kind),
                "mode": (self.kind_mode, self.rep_kind),
                "via": (self.via_names, self.rep_via), "evidence": (self.evidence_words, self.rep_evidence)}
        quoted = {name for name, (values, at) in used.items() if _special(values, at)}
        # claim_id is "c<number>_<number>"; the quotes are put together to be looked at.
        for first, last in blocks:
            lo, hi = np.searchsorted(self.rep_src, (first, last)).tolist()
            if _special(self._quotes(lo, hi)):
                return quoted | {"quote"}
        return quoted

    def quoted_statements(self, blocks: list[tuple[int, int]]) -> set[str]:
        """The columns of statements.csv with a comma, a double quote or a line break in some cell."""
        quoted = {"statement_id"} if _special(self.actor_id, self.st_speaker) else set()
        if any(_special(self.statement_table(lo, hi)["summary"]) for lo, hi in blocks):
            quoted.add("summary")
        return quoted

    def _headline(self, report: int | None) -> str:
        """The headline of an article, after the first claim it reports."""
        if report is None:
            return f"{_cap(self.incident)}: what we know"
        s = int(self.rep_stmt[report])
        targets = [self.actor_name[t] for t in self.st_targets[s].tolist() if t >= 0]
        stance = self.stances[self.st_stance[s]]
        speaker = self.actor_name[int(self.st_speaker[s])]
        if not targets:
            return f"{speaker} speaks out on {self.incident}"
        label = self.profile.stance_labels.get(stance, stance)
        return HEADLINES.get(stance, f"{{S}}: {label} {{T}}").format(S=speaker, T=_join(targets),
                                                                        I=self.incident)


# -- writing -------------------------------------------------------------------------


def _refuse(out: Path, force: bool) -> None:
    """Raise unless ``out`` may be written: never the bundled data, not a non-empty folder unless forced."""
    target, bundled = out.resolve(), TEMPLATE.resolve()
    if target == bundled or bundled in target.parents or target in bundled.parents:
        raise ValueError(f"refusing to write into or around the bundled data folder {bundled}")
    if out.exists() and not out.is_dir():
        raise FileExistsError(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise FileExistsError(f"{out} is not empty (use --force to write into it anyway)")


def _special(values, at: np.ndarray | None = None) -> bool:
    """Whether a cell of ``values`` (or of ``values[at]``) holds a comma, a double quote or a line break."""
    if at is not None:
        values = [values[k] for k in np.unique(at).tolist()]
    blob = "\x00".join(values)
    return any(ch in blob for ch in ',"\n\r')


def _write_rows(fh, header: list[str], columns: dict[str, list[str]], quoted: set[str]) -> None:
    """Write CSV rows of ``columns`` in the schema's ``header`` order, every cell of a ``quoted`` column quoted.

    Column by column rather than row by row through :mod:`csv`, which is several times
    slower at a million rows. A column is quoted or not as a whole, in every block of rows
    of a table, so that the file does not depend on how it was cut into blocks.
    """
    if sorted(header) != sorted(columns):
        raise ValueError(f"{Path(fh.name).name}: the schema has columns {header}, the generator {list(columns)}")
    if not columns[header[0]]:
        return
    out = []
    for name in header:
        col = columns[name]
        if name in quoted:
            col = ('"' + "\x00".join(col).replace('"', '""').replace("\x00", '"\x00"') + '"').split("\x00")
        out.append(col)
    fh.write("\n".join(map(",".join, zip(*out))) + "\n")


def _write_csv(path: Path, header: list[str], columns: dict[str, list[str]]) -> None:
    """Write ``columns`` as CSV: a column holding a comma, a double quote or a line break has
    every cell quoted, the others none."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(header) + "\n")
        _write_rows(fh, header, columns, {name for name in columns if _special(columns[name])})


def _columns(names: list[str], rows: list[tuple]) -> dict[str, list[str]]:
    return {name: [r[k] for r in rows] for k, name in enumerate(names)}


COLUMNS = {
    "sources": ["source_id", "headline", "outlet", "outlet_basis", "author", "author_basis",
                "published", "published_basis", "text_path", "language", "url", "url_basis"],
    "actors": ["actor_id", "name", "role", "affiliation", "kind", "aliases"],
    "figures": ["figure_id", "source_id", "metric", "value", "qualifier", "as_of", "as_of_basis", "attributed_to",
                "quote"],
    "events": ["event_id", "date", "date_precision", "title", "description", "category", "source_ids"],
    "event_mentions": ["event_id", "source_id", "quote"],
}


def generate(out: str | Path, n_claims: int, seed: int = 0, force: bool = False,
             progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Write a valid data folder of exactly ``n_claims`` claims into ``out``; return rows per table.

    ``out`` must be empty or absent unless ``force`` (files of the same name are then
    overwritten, others left alone); the bundled data folder is never written.
    ``progress`` receives a line per stage.
    """
    if n_claims < 1:
        raise ValueError(f"the number of claims must be at least 1, not {n_claims}")
    if seed < 0:
        raise ValueError(f"the seed must be a non-negative integer, not {seed}")
    out = Path(out)
    _refuse(out, force)
    t0 = time.perf_counter()

    def step(message: str) -> None:
        if progress is not None:
            progress(f"[{time.perf_counter() - t0:6.1f} s] {message}")

    gen = _Generator(n_claims, seed, measure(TEMPLATE))
    step(f"{n_claims} claims, seed {seed}: {gen.size}")
    gen.actors()
    gen.sources()
    gen.statements()
    step(f"{len(gen.st_said)} statements, {len(gen.rep_stmt)} reports drawn")
    gen.reports()
    figures = gen.figures()
    events, mentions = gen.events()

    package = json.loads((TEMPLATE / "datapackage.json").read_text(encoding="utf-8"))
    package["name"] = f"generated-claims-{n_claims}-seed-{seed}"
    package["title"] = f"Generated data: {n_claims:,} claims (seed {seed})"
    package["description"] = (
        f"Written by 'claims-dashboard generate' with {n_claims} claims and seed {seed}: invented "
        "actors, outlets and articles shaped like the bundled data, to test the dashboard at scale. "
        "Every quote is a verbatim span of the article it cites.")
    headers = {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in package["resources"]}
    out.mkdir(parents=True, exist_ok=True)
    (out / "articles").mkdir(exist_ok=True)
    (out / "datapackage.json").write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n",
                                          encoding="utf-8", newline="\n")
    for name in ("stances", "metrics"):
        shutil.copyfile(TEMPLATE / f"{name}.csv", out / f"{name}.csv")

    # The two tables that grow with the claims, and the article texts, are written a block at a time.
    n_st = len(gen.st_said)
    st_blocks = [(lo, min(lo + BLOCK, n_st)) for lo in range(0, n_st, BLOCK)]
    quoted = gen.quoted_statements(st_blocks)
    with open(out / "statements.csv", "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(headers["statements"]) + "\n")
        for lo, hi in st_blocks:
            _write_rows(fh, headers["statements"], gen.statement_table(lo, hi), quoted)
    step(f"{n_st} statements written")
    blocks = gen.claim_blocks()
    quoted = gen.quoted_claims(blocks)
    sources = []
    with open(out / "claims.csv", "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(headers["claims"]) + "\n")
        for first, last in blocks:
            claims, texts, rows = gen.block(first, last)
            _write_rows(fh, headers["claims"], claims, quoted)
            for sid, text in zip(gen.source_id[first:last], texts):
                (out / "articles" / f"{sid}.txt").write_text(text, encoding="utf-8", newline="\n")
            sources += rows
    step(f"{n_claims} claims and {len(sources)} articles written")
    rows = {"sources": sources, "actors": gen.actor_rows, "figures": figures, "events": events,
            "event_mentions": mentions}
    for name, r in rows.items():
        _write_csv(out / f"{name}.csv", headers[name], _columns(COLUMNS[name], r))
    step(f"written to {out}")
    counts = {name: len(r) for name, r in rows.items()} | {"statements": n_st, "claims": n_claims}
    return {name: counts[name] for name in headers if name in counts}
