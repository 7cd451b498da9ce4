"""Measure the proposals against curated rows: each article read as if it were new.

For every article of a dataset, its own claims, figures and event mentions
are taken out of the context (:meth:`Context.from_dataset` with
``exclude_source``), the article is proposed afresh (in the language its
``sources.language`` gives, else the one detected), and the proposals are
compared with what the curators recorded:

* figures match when source, metric, value and qualifier agree (each curated
  row matched at most once), or, more leniently, source and value;
* ``as_of``: of the curated casualty figures that the text dates, those
  proposed (metric, value, qualifier) with the same ``as_of``;
* speakers match per sentence: a proposed claim is right when a curated claim
  by the same actor quotes that sentence, and a curated claim is found when
  any of its sentences has a proposal with its actor;
* claim rows are fully right when a curated row of that sentence has the same
  speaker, target and stance (each curated row matched once);
* outlet speakers: proposed claim rows whose speaker is an outlet (one of the
  folder's ``sources.outlet``, named so in the lexicon, or an organisation of
  ``actors.csv`` that the lexicon names as an outlet) that only relays
  what others said, or the article's own outlet (its ``sources.outlet``):
  must be none. An outlet other than the article's own that the curators
  record as the claimant of that sentence (the author of an investigation,
  analysis or finding, issue 15) is no error;
* other events: proposed figures and event dates, not marked for review, in a
  sentence that names a year more than 120 days before the article;
* events match on source and date.

With ``cold=True`` only the actors that the *other* articles' claims name are
known, as for a story's next article; a proposed new actor then counts as the
curated one whose name or aliases it shares (spelled alike, any script).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from ..text import locate
from .lexicon import load_lexicons, load_parties
from .propose import Context, propose
from .translit import skeleton

__all__ = ["MEASURES", "Report", "Score", "evaluate"]

#: Measures of a report, in the order they are shown, with their labels.
MEASURES = {
    "figures": "figures (metric, value, qualifier)",
    "figure values": "figures (value only)",
    "casualty figures": "casualty figures",
    "as_of": "casualty as_of resolved",
    "speakers": "claim speakers (per sentence)",
    "claim rows": "claim rows fully right (speaker, target, stance)",
    "event dates": "event dates",
}


@dataclass
class Score:
    """Matches of proposals against curated rows."""

    found: int = 0      # curated rows recovered
    curated: int = 0
    right: int = 0      # proposals that match a curated row
    proposed: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.curated if self.curated else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.proposed if self.proposed else 1.0

    def __add__(self, other: "Score") -> "Score":
        return Score(self.found + other.found, self.curated + other.curated, self.right + other.right,
                     self.proposed + other.proposed)

    def __str__(self) -> str:
        return (f"recall {self.found}/{self.curated} = {self.recall:.2f}, "
                f"precision {self.right}/{self.proposed} = {self.precision:.2f}")


def _multiset(proposed: list, curated: list) -> Score:
    common = sum((Counter(proposed) & Counter(curated)).values())
    return Score(common, len(curated), common, len(proposed))


@dataclass
class Report:
    """Scores per article and in total, by measure; counts that must stay at zero."""

    by_source: dict[str, dict[str, Score]] = field(default_factory=dict)
    language: dict[str, str] = field(default_factory=dict)  # source -> language code
    missed: dict[str, list] = field(default_factory=dict)  # measure -> curated rows not proposed
    wrong: dict[str, list] = field(default_factory=dict)  # measure -> proposals that match nothing
    outlet_speakers: Counter = field(default_factory=Counter)  # source -> claim rows with an outlet speaking
    elsewhere: Counter = field(default_factory=Counter)  # source -> other events' figures/dates proposed unmarked
    fuzzy: Counter = field(default_factory=Counter)  # source -> speakers found by their spelling (rapidfuzz)

    def total(self, measure: str, sources=None) -> Score:
        return sum((s[measure] for k, s in self.by_source.items() if sources is None or k in sources), Score())

    def languages(self) -> list[str]:
        return sorted(set(self.language.values()))

    def of_language(self, language: str) -> list[str]:
        return [s for s, lang in self.language.items() if lang == language]


def _spelling(name: str) -> str:
    """A name's skeleton (:func:`~.translit.skeleton`), or the name itself in a script it does not read (Arabic)."""
    return skeleton(name) or " ".join(str(name).split()).casefold()


def _aliases(actors) -> dict[str, set[str]]:
    out = {}
    for r in actors.itertuples():
        spellings = {a for a in (r.aliases or ())} | {str(r.name)}
        out[r.actor_id] = {_spelling(a) for a in spellings if _spelling(a)}
    return out


def _outlets(ds, lexicons, aliases: dict[str, set[str]]) -> set[str]:
    """Spellings of outlets: the folder's ``sources.outlet`` and the lexicons' outlets, less any actor's name
    ("Россия" is a channel and a country)."""
    names = {str(o) for o in ds.sources.outlet.dropna() if str(o).strip()}
    for lex in lexicons.by_language.values():
        names |= {w for w in lex.outlets.words if "*" not in w}
    actors = set().union(*aliases.values()) if aliases else set()
    return {skeleton(n) for n in names if len(skeleton(n)) >= 2} - actors


def _outlet_words(lexicons) -> list[re.Pattern]:
    return [re.compile(rf"(?<![\w])(?:{lex.outlet_words.pattern()})(?![\w])", re.IGNORECASE)
            for lex in lexicons.by_language.values() if lex.outlet_words]


def _earlier_year(text: str, published: dt.date, count: int | None = None) -> bool:
    """Whether a sentence names a year more than 120 days before the article (another event's); ``count``,
    the figure's own number ("Mehr als 2000 Menschen"), is no year."""
    for m in re.finditer(r"(?<![\d.,])((?:19|20)\d{2})(?![\d.,]?\d)", text):
        year = int(m.group(1))
        if year != count and year <= published.year and (published - dt.date(year, 12, 31)).days > 120:
            return True
    return False


def evaluate(ds, cold: bool = False, lexicons=None, parties=None) -> Report:
    """Propose every article of ``ds`` as if new and score the proposals (see the module docstring)."""
    report = Report()
    lexicons = lexicons if lexicons is not None else load_lexicons()
    parties = parties if parties is not None else load_parties()
    casualty = set(ds.metrics.metric[ds.metrics.casualty])
    aliases = _aliases(ds.actors)
    party_spellings = {skeleton(a) for p in parties for a in p["aliases"]} - {""}
    outlets = _outlets(ds, lexicons, {"": party_spellings, **aliases})
    # the folder's actors that are outlets ("nyt"): an organisation named as one ("Россия" is a country too)
    named = _outlets(ds, lexicons, {})
    outlet_actors = {r.actor_id for r in ds.actors.itertuples()
                     if r.kind == "organisation" and {skeleton(x) for x in (*(r.aliases or ()), r.name)} & named}
    outlet_words = _outlet_words(lexicons)
    has_language = "language" in ds.sources.columns
    for src in ds.sources.itertuples():
        sid, text = src.source_id, ds.articles[src.source_id]
        published = src.published.date()
        actors = None
        if cold:
            others = ds.claims[ds.claims.source_id != sid]
            known = set(others.actor_id) | set(others.target_id.dropna())
            actors = ds.actors[ds.actors.actor_id.isin(known)].reset_index(drop=True)
        ctx = Context.from_dataset(ds, exclude_source=sid, actors=actors, lexicons=lexicons, parties=parties)
        language = str(src.language) if has_language and isinstance(src.language, str) and src.language else None
        props = propose(text, sid, published, ctx, language=language, headline=str(src.headline))
        report.language[sid] = (language or props.language or "?").split("-")[0]
        rows = props.rows(ctx)
        scores: dict[str, Score] = {}

        figures = ds.figures[ds.figures.source_id == sid]
        want = [(f.metric, int(f.value), f.qualifier) for f in figures.itertuples()]
        got = [(f.metric, f.value, f.qualifier) for f in props.figures]
        scores["figures"] = _multiset(got, want)
        scores["figure values"] = _multiset([g[1] for g in got], [w[1] for w in want])
        scores["casualty figures"] = _multiset([g for g in got if g[0] in casualty],
                                               [w for w in want if w[0] in casualty])
        report.missed.setdefault("figures", []).extend((sid, *m) for m in (Counter(want) - Counter(got)).elements())
        report.wrong.setdefault("figures", []).extend((sid, *m) for m in (Counter(got) - Counter(want)).elements())
        dated = [(f.metric, int(f.value), f.qualifier, f.as_of.date().isoformat())
                 for f in figures.itertuples() if f.metric in casualty and f.as_of == f.as_of and f.as_of is not None]
        got_dated = [(f.metric, f.value, f.qualifier, f.as_of) for f in props.figures if f.as_of]
        common = sum((Counter(got_dated) & Counter(dated)).values())
        scores["as_of"] = Score(common, len(dated), common, len([g for g in got_dated if g[0] in casualty]))
        report.missed.setdefault("as_of", []).extend((sid, *m) for m in (Counter(dated) - Counter(got_dated)).elements())

        # Speakers: proposed new actors count as the curated actor sharing a spelling.
        rename = {}
        for a in props.actors:
            spellings = {_spelling(x) for x in (*a.aliases, a.name)} - {""}
            match = [k for k, v in aliases.items() if v & spellings]
            if len(match) == 1:
                rename[a.actor_id] = match[0]
        canon = lambda actor_id: rename.get(actor_id, actor_id)  # noqa: E731
        units, curated_rows = set(), []
        for c in ds.claims[ds.claims.source_id == sid].itertuples():
            span = locate(text, c.quote)
            sents = frozenset(s.index for s in props.sentences if span and s.start < span[1] and span[0] < s.end)
            units.add((c.actor_id, sents))
            target = c.target_id if isinstance(c.target_id, str) else ""
            curated_rows.append((c.actor_id, target, c.stance, sents))
        pairs = {(c.sentence.index, canon(c.actor_id)) for c in props.claims if c.actor_id}
        found = [u for u in units if any((i, u[0]) in pairs for i in u[1])]
        right = [p for p in pairs if any(u[0] == p[1] and p[0] in u[1] for u in units)]
        scores["speakers"] = Score(len(found), len(units), len(right), len(pairs))
        report.missed.setdefault("speakers", []).extend(
            (sid, actor, props.sentences[min(sents)].text[:80] if sents else "")
            for actor, sents in sorted(units - set(found), key=lambda u: min(u[1], default=-1)))
        report.fuzzy[sid] = sum(1 for c in props.claims if "spells the name of" in c.attribution.how)

        # Claim rows: (speaker, target, stance) of the sentence, each curated row matched once.
        proposed_rows = [(canon(r["actor_id"]), canon(r["target_id"]), r["stance"], r["span"])
                         for r in rows if r["table"] == "claims"]
        sentence_of = {s.text: s.index for s in props.sentences}
        pool = list(curated_rows)
        hits = 0
        for speaker, target, stance, span in proposed_rows:
            i = sentence_of.get(span)
            match = next((c for c in pool if c[:3] == (speaker, target, stance) and i in c[3]), None)
            if match is not None:
                pool.remove(match)
                hits += 1
            else:
                report.wrong.setdefault("claim rows", []).append((sid, speaker, target, stance, span[:80]))
        scores["claim rows"] = Score(hits, len(curated_rows), hits, len(proposed_rows))
        names = {a.actor_id: {skeleton(x) for x in (*a.aliases, a.name)} for a in props.actors}
        own = skeleton(str(src.outlet)) if isinstance(src.outlet, str) and src.outlet.strip() else ""
        claimants = {(actor, i) for actor, sents in units for i in sents}  # the key's speakers, by sentence
        for c in props.claims:  # the speaker as printed, or a new actor's name, is an outlet's
            if not c.actor_id:
                continue
            printed = c.attribution.printed
            spelled = names.get(c.actor_id, set()) | {skeleton(printed)} | aliases.get(canon(c.actor_id), set())
            is_own = bool(own) and own in spelled  # the article's own outlet never speaks
            if not is_own and (canon(c.actor_id), c.sentence.index) in claimants:
                continue  # an outlet credited with its own investigation in the key: a claimant
            if is_own or canon(c.actor_id) in outlet_actors or spelled & outlets \
                    or any(p.search(printed) for p in outlet_words):
                report.outlet_speakers[sid] += len(c.targets)
                report.wrong.setdefault("outlet speakers", []).append((sid, c.actor_id, printed, c.sentence.text[:80]))

        for r in rows:  # other events' figures and dates, proposed without a mark
            if r["table"] in ("figures", "events") and not r["needs_review"] and _earlier_year(
                    r["span"], published, int(r["value"]) if r["table"] == "figures" and str(r["value"]).isdigit() else None):
                report.elsewhere[sid] += 1

        mentions = ds.event_mentions[ds.event_mentions.source_id == sid]
        dates = dict(zip(ds.events.event_id, ds.events.date))
        want_dates = {dates[e].date() for e in mentions.event_id}
        got_dates = {e.ref.date for e in props.events}
        scores["event dates"] = Score(len(want_dates & got_dates), len(want_dates),
                                      len(want_dates & got_dates), len(got_dates))
        report.by_source[sid] = scores
    return report
