"""Propose rows for one article: claims, figures, events and the actors they need.

:func:`propose` reads the article against a :class:`Context` (the actors,
vocabularies and ids of a data folder, and the lexicons of every language)
in the article's language, detected from its text unless given, and returns
:class:`Proposals`, whose :meth:`~Proposals.rows` are the rows of the
review file, ids included. A row the curator must check says what in its
``needs_review`` cell; merging refuses it until that cell is emptied.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from .actors import ActorIndex, slug
from .claims import ClaimProposal, NewActor, propose_claims
from .dates import DateRef, days_before, find_dates
from .events import EventProposal, propose_events
from .figures import FigureProposal, propose_figures
from .scope import metric_scopes
from .language import detect
from .lexicon import Lexicon, Lexicons, load_lexicons, load_parties
from .segment import Sentence, sentences

__all__ = ["Context", "Proposals", "propose"]

#: Tables whose ids a review allocates.
ID_TABLES = {"claims": "claim_id", "statements": "statement_id", "figures": "figure_id", "events": "event_id",
             "actors": "actor_id", "sources": "source_id"}


def _enum(schema: dict, resource: str, name: str) -> set[str]:
    for res in schema.get("resources", []):
        if res.get("name") == resource:
            for f in res["schema"]["fields"]:
                if f["name"] == name:
                    return set((f.get("constraints") or {}).get("enum") or [])
    return set()


def _metric_info(metrics: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """Each metric's label and description, read for the scope of its tolls (:mod:`.scope`)."""
    text = lambda v: v if isinstance(v, str) else ""  # noqa: E731
    return {r.metric: (text(getattr(r, "label", "")), text(getattr(r, "description", "")))
            for r in metrics.itertuples()}


def _casualty(metrics: pd.DataFrame) -> set[str]:
    if "casualty" not in metrics:
        return set()
    return set(metrics.metric[metrics.casualty.fillna(False).astype(bool)])


@dataclass
class Context:
    """What an article is read against: a data folder's actors, vocabularies, events and ids in use."""

    schema: dict
    actors: pd.DataFrame
    stances: dict[str, str]  # id -> label
    metrics: set[str]
    events: list[dict]
    taken: dict[str, set[str]]
    sources: list[str]
    lexicons: Lexicons = field(default_factory=load_lexicons)
    parties: list[dict] = field(default_factory=load_parties)
    metric_info: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (label, description)
    casualty: set[str] = field(default_factory=set)  # the casualty metrics' ids

    @classmethod
    def from_dataset(cls, ds, exclude_source: str | None = None, actors: pd.DataFrame | None = None,
                     lexicons: Lexicons | None = None, parties: list[dict] | None = None) -> "Context":
        """The context of a loaded dataset; ``exclude_source`` reads it as if that article were not there.

        ``lexicons`` and ``parties`` default to the bundled ones (:func:`~.lexicon.load_lexicons`).
        """
        keep = lambda df: df if exclude_source is None else df[df.source_id != exclude_source]  # noqa: E731
        mentions = keep(ds.event_mentions)
        events = ds.events[ds.events.event_id.isin(set(mentions.event_id))]
        events = [{"event_id": r.event_id, "date": r.date.date().isoformat(), "date_precision": r.date_precision,
                   "category": r.category, "title": r.title, "description": r.description}
                  for r in events.itertuples()]
        claims = keep(ds.claims)
        actors = ds.actors if actors is None else actors
        taken = {
            "claims": set(claims.claim_id), "statements": set(ds.statements.statement_id),
            "figures": set(keep(ds.figures).figure_id), "events": {e["event_id"] for e in events},
            "actors": set(actors.actor_id), "sources": set(keep(ds.sources).source_id),
        }
        if exclude_source is not None:  # its own statements are free again
            own = set(ds.claims[ds.claims.source_id == exclude_source].statement_id)
            taken["statements"] -= own - set(claims.statement_id)
        return cls(ds.schema, actors, dict(zip(ds.stances.stance, ds.stances.label)), set(ds.metrics.metric), events, taken,
                   sorted(taken["sources"]), lexicons if lexicons is not None else load_lexicons(),
                   parties if parties is not None else load_parties(), _metric_info(ds.metrics),
                   _casualty(ds.metrics))


@dataclass
class Proposals:
    """Everything proposed for one article."""

    source_id: str
    text: str
    published: dt.date
    sentences: list[Sentence]
    dates: list[DateRef]
    claims: list[ClaimProposal]
    figures: list[FigureProposal]
    events: list[EventProposal]
    actors: list[NewActor]
    attributions: dict[int, str] = field(default_factory=dict)  # sentence index -> who gave its figures
    language: str = ""
    language_how: str = ""
    elsewhere: dict[int, str] = field(default_factory=dict)  # sentence index -> why it is about other events

    def rows(self, ctx: Context) -> list[dict]:
        """The review rows (dicts keyed by review column), with fresh ids."""
        ids = _Ids(self.source_id, ctx.taken)
        names = ActorIndex.from_frame(ctx.actors)
        for a in self.actors:
            names.add({"actor_id": a.actor_id, "name": a.name, "kind": a.kind, "aliases": a.aliases})
        rows = []
        for a in self.actors:
            if a.from_parties:
                note = "named in a claim, not in actors.csv: a new actor from the parties list"
                review = "new actor: check it is not a known actor spelled otherwise; fill role and affiliation"
            else:
                note = "speaker not in actors.csv: new actor"
                review = ("new actor: check the name, its kind and that it is not a known actor spelled "
                          "otherwise; fill role and affiliation")
            rows.append({"table": "actors", "confidence": "low", "note": note, "needs_review": review,
                         "actor_id": a.actor_id, "name": a.name, "role": a.role, "affiliation": "",
                         "kind": a.kind, "aliases": "|".join(a.aliases), "span": a.sentence.text})
        for c in self.claims:
            statement = ids.new("statements", f"{c.actor_id or 'unattributed'}_{ids.prefix}")
            target = c.targets[0][0] if c.targets else ""
            stance_label = ctx.stances.get(c.stance, c.stance).lower() if c.stance else "stance to fill in"
            short = " ".join(c.quote.split()[:12])
            summary = (f"{names.name(c.actor_id) if c.actor_id else 'Unattributed'} ({stance_label}"
                       f"{' ' + names.name(target) if target else ''}): {short}"
                       f"{'…' if len(c.quote.split()) > 12 else ''}")
            for target, why in c.targets:
                note = "; ".join([c.attribution.how, f"target: {why}", c.stance_why, *c.notes,
                                  "summary is a draft" if target == c.targets[0][0] else ""])
                review = list(c.review)
                if not target and c.stance not in ("declines_to_comment", ""):
                    review.append("target: none named; fill it in or leave it empty")
                rows.append({
                    "table": "claims", "confidence": c.confidence, "note": note.strip("; "),
                    "needs_review": "; ".join(review),
                    "claim_id": ids.new("claims", f"c{ids.prefix}"), "statement_id": statement,
                    "summary": summary, "source_id": self.source_id, "actor_id": c.actor_id,
                    "target_id": target, "stance": c.stance, "said_on": c.said_on,
                    "said_on_precision": c.said_on_precision, "said_on_basis": c.said_on_basis,
                    "quote": c.quote, "mode": c.mode, "via": c.via, "evidence": "not stated",
                    "span": c.sentence.text})
        for f in self.figures:
            note = f.why + (f"; as of {f.as_of_how}" if f.as_of_how else "")
            rows.append({
                "table": "figures", "confidence": f.confidence, "note": note, "needs_review": f.review,
                "figure_id": ids.new("figures", f"f{ids.prefix}"), "source_id": self.source_id,
                "metric": f.metric, "value": str(f.value), "qualifier": f.qualifier, "as_of": f.as_of,
                "as_of_basis": f"{f.as_of_how[:1].upper()}{f.as_of_how[1:]}." if f.as_of else "",
                "attributed_to": self.attributions.get(f.sentence.index, ""), "quote": f.sentence.text,
                "span": f.sentence.text})
        for e in self.events:
            if e.existing is not None:
                event_id, title, description = e.existing["event_id"], e.existing["title"], e.existing["description"]
                note = f"{e.why}: a new mention of it (change event_id to make a new event)"
            else:
                event_id = ids.new("events", f"{e.category or 'event'}_{e.ref.date:%Y_%m_%d}", always_number=False)
                title = _title(e.sentence.text)
                description, note = e.sentence.text, f"{e.why}; title and description are drafts"
            if e.others:
                note += f"; other events that day: {', '.join(e.others)}"
            rows.append({
                "table": "events", "confidence": e.confidence, "note": note, "needs_review": e.review,
                "event_id": event_id, "date": e.ref.date.isoformat(), "date_precision": e.ref.precision,
                "title": title, "description": description, "category": e.category, "source_id": self.source_id,
                "quote": e.sentence.text, "span": e.sentence.text})
        return rows


def _title(text: str, width: int = 80) -> str:
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    return text[:width].rsplit(" ", 1)[0].rstrip(",;:") + "…"


class _Ids:
    """Fresh ids in the patterns of the data: ``c005_01``, ``f005_01``, ``putin_005_01``."""

    def __init__(self, source_id: str, taken: dict[str, set[str]]):
        m = re.match(r"([0-9]+)_", source_id)
        self.prefix = m.group(1) if m else slug(source_id)
        self.taken = {k: set(v) for k, v in taken.items()}

    def new(self, table: str, base: str, always_number: bool = True) -> str:
        used = self.taken.setdefault(table, set())
        n = 1
        candidate = f"{base}_{n:02d}" if always_number else base
        while candidate in used:
            n += 1
            candidate = f"{base}_{n:02d}"
        used.add(candidate)
        return candidate


def _elsewhere(sents: list[Sentence], dates: list[DateRef], published: dt.date, lex: Lexicon) -> dict[int, str]:
    """Sentences about other events than the story's: a history paragraph ("in 2002", "the 2004 siege"), a month
    long past with no recent day beside it ("Six people were killed there in April", in September), and a
    sentence told "at that time" (``[dates] back_then``: "Zginęło wówczas sześć osób") right after a sentence whose
    last date is long past."""
    out = {}
    previous: list[DateRef] = []
    for s in sents:
        own = [d for d in dates if s.start <= d.start < s.end]
        last_before, previous = previous, own
        if lex.history is not None:
            hit = lex.history.search(s.text)
            if hit:
                out[s.index] = f"'{hit.group()}'"
                continue
        recent = [d for d in own if days_before(d, published) <= 120]
        for d in own:
            if d.year_given and (published - d.date).days > 120:
                out[s.index] = f"'{d.text}' is {(published - d.date).days} days before the article"
                break
            if not d.year_given and not recent and days_before(d, published) > 120:
                out[s.index] = f"'{d.text}' ended {days_before(d, published)} days before the article"
                break
        else:
            then = lex.back_then.search(s.outside_quotes()) if lex.back_then is not None else None
            if then and last_before and not recent and days_before(last_before[-1], published) > 120:
                out[s.index] = f"'{then.group()}': at the time of '{last_before[-1].text}'"
                continue
            for m in re.finditer(r"(?<![\d.,])((?:19|20)\d{2})(?![\d.,]?\d)", s.text):
                year = int(m.group(1))
                nxt = re.match(r"[\s\u00a0]+([^\W\d_][\w’'-]*)", s.text[m.end():])
                if nxt and (nxt.group(1) in lex.person_nouns or any(nxt.group(1) in w for w in lex.noun_classes.values())):
                    continue  # "2000 people", not the year 2000
                if year <= published.year and (published - dt.date(year, 12, 31)).days > 120:
                    out[s.index] = f"'{m.group(1)}' is an earlier year than the article's"
                    break
    return out


def _body(who: str, lex: Lexicon) -> str:
    """The name in an "according to" phrase, without the clause that may follow it ("władz zginęło ...")."""
    words = who.strip(" ,\u00a0").split()
    cues = [p for _, p, _ in lex.figure_cues] + [p for _, p in lex.stances]
    for n in range(1, len(words)):
        rest = " ".join(words[n:])
        if rest[:1].isdigit() or any(p.match(rest) for p in cues) or any(
                rest.casefold().startswith(q.casefold()) for q, _ in lex.qualifiers):
            words = words[:n]
            break
    return " ".join(words[:8])


def _figure_sources(sents: list[Sentence], lex: Lexicon, speakers: dict) -> dict[int, str]:
    """Who each sentence attributes its figures to: an "according to" phrase, else its own first speaker."""
    out = {}
    for s in sents:
        outside = s.outside_quotes()
        for pattern, kind, _ in lex.phrases:
            hit = pattern.search(outside)
            if hit:
                who = _body(hit.group("who"), lex)
                if who:
                    out[s.index] = who
                    break
        else:
            a = speakers.get(s.index)
            if a is not None and (a.actor_ids or a.printed):
                who = a.printed.split(",")[-1].strip(" \u00a0")  # "..., were detained, officials say"
                if who and who.casefold() not in lex.pronouns and len(who.split()) <= 6:
                    out[s.index] = who
    return out


def _headline_sentences(sents: list[Sentence], headline: str) -> set[int]:
    """The sentences that print the headline (a headline is not where a claim is recorded)."""
    key = " ".join(headline.casefold().split())
    if not key:
        return set()
    alone = Counter(s.block for s in sents)
    # A headline stands on its own line: a sentence that opens a paragraph going on is the lead, not a headline
    # (a source's headline field may hold the first sentence when the page printed none).
    return {s.index for s in sents if s.block <= 3 and alone[s.block] == 1
            and (" ".join(s.text.casefold().split()) in key)}


def _subheadings(sents: list[Sentence]) -> set[int]:
    """Sentences that stand alone on a line between paragraphs with no closing mark ("Putin accuses Kyiv of
    blowing up the dam"): a subheading sums up the paragraphs under it, it is not a claim of its own."""
    alone = Counter(s.block for s in sents)
    last = max((s.block for s in sents), default=0)
    return {s.index for s in sents if alone[s.block] == 1 and 0 < s.index and s.block < last and not s.quotes
            and s.text.rstrip()[-1:] not in ".!?\u2026:;\"\u00bb\u201d\u201c)"}


def propose(text: str, source_id: str, published: dt.date, ctx: Context, language: str | None = None,
            headline: str = "") -> Proposals:
    """Read ``text`` (published on ``published``) and propose its rows.

    ``language`` (a code such as ``ru``) is detected from the text when not given;
    the sentence that prints ``headline`` gives figures but no claim.
    """
    how = "given"
    if not language:
        language, how = detect(text, ctx.lexicons)
    lex = ctx.lexicons.get(language or "en")
    sents = sentences(text, lex.speech_verbs.pattern(), lex.abbreviations)
    found = find_dates(text, published, lex, embeds=ctx.lexicons.get("en"))  # embedded posts print English dates
    dates = [d for d in found if not d.so_far]  # "pour l'instant" dates a count only, not a claim or an event
    index = ActorIndex.from_frame(ctx.actors, ctx.parties, inflected=lex.inflected)
    qualifiers = _enum(ctx.schema, "figures", "qualifier") or {"exact"}
    elsewhere = _elsewhere(sents, dates, published, lex)
    printed = _headline_sentences(sents, headline)
    headings = printed | _subheadings(sents)
    scopes = metric_scopes(ctx.metric_info, ctx.casualty, ctx.lexicons.common)
    figures = propose_figures(sents, found, published, ctx.metrics, qualifiers, lex, ctx.lexicons.common,
                              skip=set(elsewhere), headlines=printed, scopes=scopes)
    common = ctx.lexicons.common
    presence = {m for f in common.presence for m in common.metric_ids(f)}
    tolls = {f.sentence.index for f in figures if f.metric not in presence}  # a toll's sentence holds no claim
    claims, new_actors, speakers = propose_claims(
        sents, dates, index, set(ctx.stances), ctx.taken["actors"], lex, common.self_targeted,
        tolls, headings)
    events = propose_events(sents, dates, ctx.events, _enum(ctx.schema, "events", "category"),
                            _enum(ctx.schema, "events", "date_precision") or {"day", "month"}, lex,
                            ctx.lexicons.common.default_event_category, elsewhere)
    attributions = _figure_sources(sents, lex, speakers)
    return Proposals(source_id, text, published, sents, dates, claims, figures, events, new_actors, attributions,
                     language or "", how, elsewhere)
