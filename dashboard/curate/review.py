"""The review file: one CSV of proposed rows that a curator edits, then merges.

Each row names its ``table`` and fills that table's columns (the columns of
every table the review can fill, in the schema's order); ``confidence``,
``note`` and ``span`` (the article's sentence) explain the proposal and are
never merged. ``needs_review`` says what a guess leaves to the curator (a
stance no cue word decided, a new actor, a speaker taken from "he"): merging
refuses a row until its ``needs_review`` cell is emptied. Rows are written
the uncertain first: the source, then those that need review, then by
confidence, low to high. Two kinds of row carry a little more than their table:

* a ``claims`` row may give a ``summary``: when its ``statement_id`` is new,
  the statement is created with it;
* an ``events`` row is a mention of the event in this article: it gives the
  ``source_id`` and ``quote`` of the mention, and creates the event only when
  its ``event_id`` is new (``source_ids`` is worked out).

Deleting a row (or emptying it) drops the proposal.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path

from .. import files
from ..validation import Problem

__all__ = ["EXTRA", "META", "NEEDS_REVIEW", "ReviewRow", "TABLES", "columns", "read_review", "unreviewed",
           "untranslatable", "write_review"]

#: Columns that explain a proposal; not merged.
META = ("table", "confidence", "needs_review", "note")
#: The column that marks a row as not yet reviewed.
NEEDS_REVIEW = "needs_review"
#: ``translation``: a curator's translation of a claim's quote (the quote stays verbatim in the article's
#: language); merged where the folder's claims have a ``translation`` column.
EXTRA = ("translation", "span")
#: Tables a review fills, in the order its columns and rows are written.
TABLES = ("sources", "actors", "statements", "claims", "figures", "events", "event_mentions")


@dataclass(frozen=True)
class ReviewRow:
    """A row of the review file: its spreadsheet row number (header = 1) and cells."""

    row: int
    cells: dict[str, str]

    @property
    def table(self) -> str:
        return self.cells.get("table", "").strip()

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


def _fields(schema: dict) -> dict[str, list[str]]:
    return {r["name"]: [f["name"] for f in r["schema"]["fields"]]
            for r in schema.get("resources", []) if r.get("name") in TABLES}


def columns(schema: dict) -> list[str]:
    """The review file's header for a data folder's ``schema``."""
    out = list(META)
    fields = _fields(schema)
    for table in TABLES:
        for name in fields.get(table, []):
            if name not in out and not (table == "events" and name == "source_ids"):
                out.append(name)
    return out + [c for c in EXTRA if c not in out]


def write_review(path: Path, rows: list[dict], schema: dict) -> None:
    """Write ``rows`` (dicts keyed by column) as the review file ``path``.

    UTF-8 with a byte-order mark, so that spreadsheets read the typographic
    quotes of the quotes as they are.
    """
    header = columns(schema)
    order = {t: i for i, t in enumerate(TABLES)}
    sure = {"low": 0, "medium": 1, "high": 2}
    rows = sorted(rows, key=lambda r: (r.get("table") != "sources", not r.get(NEEDS_REVIEW),
                                       sure.get(r.get("confidence", ""), 1),
                                       order.get(r.get("table", ""), len(order))))
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, header, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    files.write_file(path, buffer.getvalue().encode("utf-8-sig"))


def read_review(path: Path) -> tuple[list[ReviewRow], list[Problem]]:
    """The non-empty rows of a review file, and the problems that stop it being read."""
    name = str(path)
    try:
        data = files.read_file(path, files.LIMITS["review"], "a review file")
    except files.Refused as e:
        return [], [Problem(name, None, None, e.reason)]
    except OSError as e:
        return [], [Problem(name, None, None, f"cannot be read: {e.strerror or e}")]
    try:
        text = data.removeprefix(codecs.BOM_UTF8).decode("utf-8")
    except UnicodeDecodeError as e:
        return [], [Problem(name, data[:e.start].count(b"\n") + 1, None,
                            "not valid UTF-8: save the review file as UTF-8 CSV")]
    try:
        csv.field_size_limit(max(csv.field_size_limit(), len(text)))
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as e:
        return [], [Problem(name, None, None, f"malformed CSV: {e}")]
    if not records or not any(cell.strip() for cell in records[0]):
        return [], [Problem(name, 1, None, "empty: no header row")]
    header = [h.strip() for h in records[0]]
    problems = []
    if "table" not in header:
        problems.append(Problem(name, 1, "table", "missing column 'table' (which table each row goes to)"))
    dups = sorted({h for h in header if h and header.count(h) > 1})
    for dup in dups:
        problems.append(Problem(name, 1, dup, f"column {dup!r} appears more than once"))
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue  # a row the curator emptied
        if len(record) > len(header) and any(c.strip() for c in record[len(header):]):
            problems.append(Problem(name, number, None,
                                    f"malformed CSV: {len(record)} cells, the header has {len(header)}"))
            continue
        cells = dict(zip(header, record + [""] * (len(header) - len(record))))
        rows.append(ReviewRow(number, cells))
    return rows, problems


def untranslatable(path: Path, rows: list[ReviewRow], schema: dict) -> list[Problem]:
    """A problem for every claim row with a translation the folder has no column for (it would be lost)."""
    if "translation" in _fields(schema).get("claims", []):
        return []
    return [Problem(str(path), r.row, "translation",
                    "this folder's claims have no translation column: add the optional field 'translation' at the "
                    "end of the claims fields in datapackage.json (and the column to claims.csv), or empty this cell")
            for r in rows if r.table == "claims" and r.get("translation").strip()]


def unreviewed(path: Path, rows: list[ReviewRow]) -> list[Problem]:
    """A problem for every row whose ``needs_review`` cell is not empty."""
    return [Problem(str(path), r.row, NEEDS_REVIEW,
                    f"not reviewed yet: {r.get(NEEDS_REVIEW).strip()} (check the row, then empty this cell)")
            for r in rows if r.get(NEEDS_REVIEW).strip()]
