"""What leaves the tool: the filtered claims and figures as CSV, JSON and schema.org JSON-LD.

CSV is safe to open in a spreadsheet: every field is quoted, so a line break
inside a cell stays in its cell, and a cell that a spreadsheet would run as
a formula, at its start or after a line break, gets an apostrophe there
(see :func:`neutralise`). JSON holds the same fields plus the ids, with ISO
8601 dates and ``null`` for what is missing. JSON-LD describes each claim as
a schema.org ``Claim`` for fact-checking tools (see :func:`claims_jsonld`).
Both JSON files escape ``<``, ``>``, ``&``, U+2028 and U+2029, so they can be
pasted into an HTML ``<script>`` element (JSON-LD is published so) without
ending it.
"""

from __future__ import annotations

import csv
import json
import re
from datetime import date, datetime

import numpy as np
import pandas as pd

from .query import NO_TARGET, Prepared

__all__ = [
    "CLAIM_COLUMNS", "FIGURE_COLUMNS", "claims_csv", "claims_json", "claims_jsonld", "claims_graph",
    "figures_csv", "figures_json", "neutralise",
]

# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# ... and a line of a multi-line cell, or a row that a reader splits a cell into at a bare CR.
_LINE_FORMULA = re.compile(r"(?<=[\r\n])(?=[=+\-@\t\r])")
#: Characters written as \uXXXX escapes in JSON: they would end a <script> element or a JS string.
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}

CLAIM_COLUMNS = {
    "claim_id": "claim_id", "statement_id": "statement_id", "said_on": "said_on",
    "said_on_precision": "said_on_precision", "said_on_basis": "said_on_basis", "actor": "claimant",
    "target": "target", "stance_label": "stance", "outlet": "outlet", "published": "published", "source_id": "source_id",
    "quote": "quote", "mode": "mode", "via": "via", "evidence": "evidence",
}
FIGURE_COLUMNS = {
    "figure_id": "figure_id", "outlet": "outlet", "published": "published", "source_id": "source_id",
    "metric_label": "metric",
    "value": "value", "qualifier": "qualifier", "text": "as_printed", "as_of": "as_of",
    "attributed_to": "attributed_to", "quote": "quote",
}


def neutralise(value):
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe, and so does
    each of its lines that would (``"x\\r=2+2"`` becomes ``"x\\r'=2+2"``)."""
    if not isinstance(value, str):
        return value
    if "\r" in value or "\n" in value:
        value = _LINE_FORMULA.sub("'", value)
    return "'" + value if value.startswith(_FORMULA_START) else value


#: Put first in every CSV: spreadsheets (Excel) then read the file as UTF-8, curly quotes and all.
BOM = "\ufeff"


def _with_article(df: pd.DataFrame, columns: dict[str, str]) -> dict[str, str]:
    """``columns``, plus ``article`` (the headline) after ``outlet`` where ``df`` has it (the downloads do)."""
    if "article" not in df:
        return columns
    out = {}
    for key, name in columns.items():
        out[key] = name
        if key == "outlet":
            out["article"] = "article"
    return out


def _csv(df: pd.DataFrame, columns: dict[str, str]) -> str:
    columns = _with_article(df, columns)
    out = df[list(columns)].rename(columns=columns)
    for column in out.columns:
        if out[column].dtype.kind in "OSU" or str(out[column].dtype) == "string":
            out[column] = out[column].map(neutralise)
    return BOM + out.to_csv(index=False, date_format="%Y-%m-%d", lineterminator="\n", quoting=csv.QUOTE_ALL)


def claims_csv(claims: pd.DataFrame) -> str:
    """Prepared claims (see :func:`dashboard.query.prepare`) as CSV."""
    return _csv(claims, CLAIM_COLUMNS)


def figures_csv(figures: pd.DataFrame) -> str:
    """Prepared figures as CSV."""
    return _csv(figures, FIGURE_COLUMNS)


# ---------------------------------------------------------------------------- JSON

#: Ids added to the CSV fields in JSON (column -> key).
CLAIM_IDS = {"actor_id": "actor_id", "target_id": "target_id", "stance": "stance_id"}
FIGURE_IDS = {"metric": "metric_id"}


def _iso(value) -> str | None:
    """A date as ISO 8601 ``YYYY-MM-DD`` (None when missing)."""
    return None if pd.isna(value) else pd.Timestamp(value).date().isoformat()


def _plain(value):
    """A cell as a JSON value: ``None`` when missing or empty, ISO 8601 for dates."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, (datetime, date, np.datetime64)):  # pd.Timestamp is a datetime
        return _iso(value)
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer, int)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if not np.isfinite(value) else float(value)
    if pd.isna(value):
        return None
    return value if value != "" else None


def _records(df: pd.DataFrame, columns: dict[str, str]) -> list[dict]:
    columns = _with_article(df, columns)
    out = df[list(columns)].rename(columns=columns)
    return [{k: _plain(v) for k, v in zip(out.columns, row)} for row in out.itertuples(index=False, name=None)]


def _dumps(obj) -> str:
    """JSON text, UTF-8, with the characters of :data:`_SCRIPT_UNSAFE` escaped (only strings hold them)."""
    text = json.dumps(obj, ensure_ascii=False, indent=2, allow_nan=False)
    for char, escaped in _SCRIPT_UNSAFE.items():
        if char in text:
            text = text.replace(char, escaped)
    return text + "\n"


def claims_json(claims: pd.DataFrame) -> str:
    """Prepared claims as a JSON array of records: the CSV fields plus actor, target and stance ids.

    Text is written as it is (JSON is not run by spreadsheets); a claim with
    no target has ``null`` target and target_id.
    """
    records = _records(claims, CLAIM_COLUMNS | CLAIM_IDS)
    for record in records:
        if record["target_id"] == NO_TARGET:
            record["target_id"] = record["target"] = None
    return _dumps(records)


def figures_json(figures: pd.DataFrame) -> str:
    """Prepared figures as a JSON array of records: the CSV fields plus the metric id."""
    return _dumps(_records(figures, FIGURE_COLUMNS | FIGURE_IDS))


# ---------------------------------------------------------------------------- JSON-LD

_MODES = {
    "direct": "Direct quote",
    "partial": "Partial quote: the article's sentence, with the speaker's words in quotation marks",
    "paraphrase": "Paraphrase: the article's words, not the speaker's",
}
_PRECISION = ("week", "month")


def _text(value) -> str | None:
    return None if value is None or pd.isna(value) or str(value) == "" else str(value)


def _agent(row) -> dict:
    """An actor as a schema.org Person (kind "person") or Organization (any other kind)."""
    node = {"@type": "Person" if row["kind"] == "person" else "Organization", "name": str(row["name"])}
    if _text(row.get("role")):
        node["description"] = str(row["role"])
    aliases = row.get("aliases")
    aliases = [a for a in aliases if a and a != row["name"]] if isinstance(aliases, (tuple, list)) else []
    if aliases:
        node["alternateName"] = aliases
    return node


def _article(row) -> dict:
    """A source as the NewsArticle a claim appears in."""
    node = {"@type": "NewsArticle", "identifier": str(row["source_id"]), "headline": str(row["headline"])}
    if _text(row.get("url")):
        node["url"] = str(row["url"])
    if _iso(row["published"]):
        node["datePublished"] = _iso(row["published"])
    if _text(row.get("outlet")):
        node["publisher"] = {"@type": "Organization", "name": str(row["outlet"])}
    if _text(row.get("author")):
        node["creditText"] = str(row["author"])  # a byline as printed: a person or a desk
    return node


def _claim(row, *, agents, articles, stances, summaries) -> dict:
    node = {
        "@type": "Claim",
        "identifier": [
            {"@type": "PropertyValue", "propertyID": "claim_id", "value": row.claim_id},
            {"@type": "PropertyValue", "propertyID": "statement_id", "value": row.statement_id},
        ],
        "text": row.quote,
        "author": agents[row.actor_id],
    }
    if _text(summaries.get(row.statement_id)):
        node["name"] = summaries[row.statement_id]
    notes = [_MODES.get(row.mode, row.mode) + (f", via {row.via}" if row.via else "") + "."]
    if _iso(row.said_on):
        node["datePublished"] = _iso(row.said_on)
        if row.said_on_precision in _PRECISION:
            notes.append(f"Said in the {row.said_on_precision} starting {node['datePublished']}; "
                         f"datePublished is the first day of that {row.said_on_precision}.")
    else:
        notes.append("The article does not say when it was said.")
    notes.append(f"Date basis: {row.said_on_basis}")
    notes.append(f"Evidence offered: {row.evidence}")
    node["description"] = " ".join(notes)
    if row.target_id != NO_TARGET and row.target_id in agents:
        node["about"] = agents[row.target_id]
    node["keywords"] = stances[row.stance]
    node["appearance"] = articles[row.source_id]
    return node


def claims_graph(claims: pd.DataFrame, prepared: Prepared) -> dict:
    """Prepared claims as a schema.org JSON-LD document: one ``Claim`` per claim row.

    A claim row is one article's report of a statement: its ``text`` is the
    words that article prints, its ``appearance`` that article (a
    ``NewsArticle``), its ``datePublished`` the day it was said as that
    article dates it (the convention of ClaimReview's ``Claim``; omitted when
    the article does not say). Reports of the same statement share their
    ``name`` (the statement's summary) and a ``statement_id`` identifier,
    as schema.org suggests for variations of one claim. The stance is a
    ``DefinedTerm`` in ``keywords``: schema.org has no property for it.
    """
    ds = prepared.dataset
    agents = {row["actor_id"]: _agent(row) for row in ds.actors.to_dict("records")}
    articles = {row["source_id"]: _article(row) for row in ds.sources.to_dict("records")}
    stances = {row["stance"]: {"@type": "DefinedTerm", "termCode": str(row["stance"]), "name": str(row["label"]),
                               **({"description": str(row["description"])} if _text(row["description"]) else {})}
               for row in ds.stances.to_dict("records")}
    summaries = dict(zip(ds.statements.statement_id, ds.statements.summary))
    graph = [_claim(row, agents=agents, articles=articles, stances=stances, summaries=summaries)
             for row in claims.itertuples(index=False)]
    return {"@context": "https://schema.org", "@graph": graph}


def claims_jsonld(claims: pd.DataFrame, prepared: Prepared) -> str:
    """:func:`claims_graph` as UTF-8 JSON-LD text."""
    return _dumps(claims_graph(claims, prepared))
