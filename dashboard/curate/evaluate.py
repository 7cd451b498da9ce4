"""Measure the proposals against curated rows: each article read as if it were new.

For every article of a dataset, its own claims, figures and event mentions
are taken out of the context (:meth:`Context.from_dataset` with
``exclude_source``), the article is proposed afresh, and the proposals are
compared with what the curators recorded:

* figures match when source, metric, value and qualifier agree (each curated
  row matched at most once), or, more leniently, source and value;
* speakers match per sentence: a proposed claim is right when a curated claim
  by the same actor quotes that sentence, and a curated claim is found when
  any of its sentences has a proposal with its actor;
* events match on source and date.

With ``cold=True`` only the actors that the *other* articles' claims name are
known, as for a story's next article; a proposed new actor then counts as the
curated one whose name or aliases it shares.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..text import locate
from .propose import Context, propose

__all__ = ["Score", "evaluate"]


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
    """Scores per article and in total, by measure."""

    by_source: dict[str, dict[str, Score]] = field(default_factory=dict)
    missed: dict[str, list] = field(default_factory=dict)  # measure -> curated rows not proposed

    def total(self, measure: str) -> Score:
        return sum((s[measure] for s in self.by_source.values()), Score())


def _aliases(actors) -> dict[str, set[str]]:
    out = {}
    for r in actors.itertuples():
        out[r.actor_id] = {a.casefold() for a in (r.aliases or ())} | {str(r.name).casefold()}
    return out


def evaluate(ds, cold: bool = False) -> Report:
    """Propose every article of ``ds`` as if new and score the proposals (see the module docstring)."""
    report = Report()
    casualty = set(ds.metrics.metric[ds.metrics.casualty])
    aliases = _aliases(ds.actors)
    for src in ds.sources.itertuples():
        sid, text = src.source_id, ds.articles[src.source_id]
        actors = None
        if cold:
            others = ds.claims[ds.claims.source_id != sid]
            known = set(others.actor_id) | set(others.target_id.dropna())
            actors = ds.actors[ds.actors.actor_id.isin(known)].reset_index(drop=True)
        ctx = Context.from_dataset(ds, exclude_source=sid, actors=actors)
        props = propose(text, sid, src.published.date(), ctx)
        scores: dict[str, Score] = {}

        figures = ds.figures[ds.figures.source_id == sid]
        want = [(f.metric, int(f.value), f.qualifier) for f in figures.itertuples()]
        got = [(f.metric, f.value, f.qualifier) for f in props.figures]
        scores["figures"] = _multiset(got, want)
        scores["figure values"] = _multiset([g[1] for g in got], [w[1] for w in want])
        scores["casualty figures"] = _multiset([g for g in got if g[0] in casualty],
                                               [w for w in want if w[0] in casualty])
        missing = Counter(want) - Counter(got)
        report.missed.setdefault("figures", []).extend((sid, *m) for m in missing.elements())

        # Speakers: proposed new actors count as the curated actor sharing a spelling.
        rename = {}
        for a in props.actors:
            spellings = {s.casefold() for s in a.aliases} | {a.name.casefold()}
            match = [k for k, v in aliases.items() if v & spellings]
            if len(match) == 1:
                rename[a.actor_id] = match[0]
        units = set()
        for c in ds.claims[ds.claims.source_id == sid].itertuples():
            span = locate(text, c.quote)
            sents = frozenset(s.index for s in props.sentences if span and s.start < span[1] and span[0] < s.end)
            units.add((c.actor_id, sents))
        pairs = {(c.sentence.index, rename.get(c.actor_id, c.actor_id)) for c in props.claims if c.actor_id}
        found = [u for u in units if any((i, u[0]) in pairs for i in u[1])]
        right = [p for p in pairs if any(u[0] == p[1] and p[0] in u[1] for u in units)]
        scores["speakers"] = Score(len(found), len(units), len(right), len(pairs))
        report.missed.setdefault("speakers", []).extend(
            (sid, actor, props.sentences[min(sents)].text[:80] if sents else "")
            for actor, sents in sorted(units - set(found), key=lambda u: min(u[1], default=-1)))

        mentions = ds.event_mentions[ds.event_mentions.source_id == sid]
        dates = dict(zip(ds.events.event_id, ds.events.date))
        want_dates = {dates[e].date() for e in mentions.event_id}
        got_dates = {e.ref.date for e in props.events}
        scores["event dates"] = Score(len(want_dates & got_dates), len(want_dates),
                                      len(want_dates & got_dates), len(got_dates))
        report.by_source[sid] = scores
    return report
