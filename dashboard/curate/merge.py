"""Merge a review file into a data folder: all of it, or nothing.

1. The review file is read (:mod:`.review`).
2. The folder's lock is taken (a second merge waits for the first), an
   interrupted earlier merge is finished, and the folder must validate.
3. The new tables are built in memory and the full validator runs on the
   folder as it would be (the new tables in place of the old, nothing written).
4. Only when it finds nothing are the changed tables replaced, all at once
   (:func:`dashboard.journal.replace_all`): a reader or a crash sees the old
   folder or the new one, never a mixture.

A problem in a merged row is reported at the review file's row and column; a
problem the folder already had is reported where it is.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import files, journal
from ..validation import Problem, Problems, check
from .review import TABLES, ReviewRow, read_review, unreviewed, untranslatable

__all__ = ["MergeRefused", "MergeResult", "merge_review"]


class MergeRefused(ValueError):
    """The review cannot be merged; ``problems`` says where, nothing was changed."""

    def __init__(self, problems: list[Problem], reason: str = "merge refused"):
        self.problems = tuple(problems)
        #: Problems found beyond those listed.
        self.omitted = getattr(problems, "omitted", 0)
        n = len(self.problems) + self.omitted
        super().__init__(f"{reason}: {n} problem{'s' if n != 1 else ''}\n" + "\n".join(map(str, self.problems)))


@dataclass
class MergeResult:
    """Rows added per table and the files that changed."""

    added: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    files: list[str] = field(default_factory=list)
    #: What the validator allows but warns about, located as the problems are.
    warnings: list[Problem] = field(default_factory=list)
    #: What was done to finish an earlier, interrupted merge first.
    recovered: list[str] = field(default_factory=list)
    #: (table file, row) of each new or changed row -> (review row, {table column: review column}).
    provenance: dict = field(default_factory=dict, repr=False)

    def __str__(self) -> str:
        parts = [f"{t} {n}" for t, n in self.added.items() if n]
        parts += [f"{t} {n} updated" for t, n in self.updated.items() if n]
        return ", ".join(parts) or "nothing"


@dataclass
class _Table:
    """A data table as text: its records, and the new rows with where they came from."""

    path: str
    fields: list[str]
    raw: bytes
    records: list[list[str]]
    newline: str
    changed_rows: dict[int, list[str]] = field(default_factory=dict)  # record index -> new record
    added: list[list[str]] = field(default_factory=list)

    @classmethod
    def read(cls, root: Path, resource: dict) -> "_Table":
        raw = files.read_below(root, resource["path"], files.LIMITS["table"], "a table")
        text = raw.removeprefix(codecs.BOM_UTF8).decode("utf-8")
        records = list(csv.reader(io.StringIO(text, newline="")))
        newline = "\r\n" if "\r\n" in text.split("\n", 1)[0] + "\n" else "\n"
        return cls(resource["path"], [f["name"] for f in resource["schema"]["fields"]], raw, records, newline)

    @property
    def header(self) -> list[str]:
        return self.records[0] if self.records else self.fields

    def column(self, name: str) -> list[str]:
        if name not in self.header:
            return []
        j = self.header.index(name)
        return [r[j] if j < len(r) else "" for r in self.records[1:]]

    def append(self, values: dict[str, str]) -> int:
        """Add a row; returns its spreadsheet row number (header = 1)."""
        self.added.append([values.get(name, "") for name in self.header])
        return len(self.records) + len(self.added)

    def set_cell(self, row: int, column: str, value: str) -> None:
        record = list(self.changed_rows.get(row - 1, self.records[row - 1]))
        record[self.header.index(column)] = value
        self.changed_rows[row - 1] = record

    def content(self) -> bytes:
        """The table with its changes: untouched rows stay byte for byte when only rows are added."""
        if not self.added and not self.changed_rows:
            return self.raw
        out = io.StringIO(newline="")
        write = _writer(out, self.newline)
        if self.changed_rows:
            write(self.changed_rows.get(i, r) for i, r in enumerate(self.records))
            write(self.added)
            return out.getvalue().encode("utf-8")
        write(self.added)
        head = self.raw
        if head and not head.endswith(b"\n"):
            head += self.newline.encode()
        return head + out.getvalue().encode("utf-8")


def _writer(out, newline: str):
    """Write records as the csv module does, but quote every field of a record with a carriage
    return or line feed in it: the csv module quotes only the characters of its line terminator,
    so a bare CR would end the record for every reader."""
    minimal = csv.writer(out, lineterminator=newline)
    quoted = csv.writer(out, lineterminator=newline, quoting=csv.QUOTE_ALL)

    def write(records):
        for record in records:
            (quoted if any("\r" in c or "\n" in c for c in record) else minimal).writerow(record)

    return write


def merge_review(data: str | os.PathLike, review: str | os.PathLike, *, wait: float = 60.0,
                 waiting: Callable[[str], None] | None = None,
                 on_step: Callable[[str], None] | None = None) -> MergeResult:
    """Merge the review file ``review`` into the data folder ``data``.

    Raises :class:`MergeRefused` listing every problem, in which case no
    file of ``data`` has changed. Another merge into the same folder is
    waited for up to ``wait`` seconds (``waiting`` hears that it is), then
    :class:`dashboard.journal.Busy`. ``on_step`` hears the name of each step
    as it is done ("locked", "validated", then those of
    :func:`~dashboard.journal.replace_all`).
    """
    root, review = Path(data), Path(review)
    step = on_step or (lambda _name: None)
    rows, problems = read_review(review)
    if problems:
        raise MergeRefused(problems, f"cannot read {review}")
    pending = unreviewed(review, rows)
    if pending:
        raise MergeRefused(pending, f"{review} has rows still marked for review; nothing was merged")
    with journal.locked(root, wait=wait, waiting=waiting):
        step("locked")
        before, schema, _, _ = check(root)  # an interrupted merge is read as finished
        if before:
            located = Problems(Problem(str(root / p.file), p.row, p.column, p.message) for p in before)
            located.omitted = before.omitted
            raise MergeRefused(located, f"the data folder {root} does not validate; fix it first")
        lost = untranslatable(review, rows, schema)
        if lost:
            raise MergeRefused(lost, f"cannot merge {review}")
        resources = {r["name"]: r for r in schema["resources"]}
        recovered = journal.recover(root, dirs={r["path"].rpartition("/")[0] for r in resources.values()},
                                    on_step=step)
        tables = {name: _Table.read(root, res) for name, res in resources.items() if name in TABLES}
        result = _build(tables, rows, review)
        result.recovered = recovered
        changed = [t for t in tables.values() if t.added or t.changed_rows]
        warnings: list[Problem] = []
        after = check(root, overlay={t.path: t.content() for t in changed}, warnings=warnings)[0]
        if after:
            raise MergeRefused(_located(after, result.provenance, root, review),
                               f"{review} does not merge into {root}; nothing was changed")
        result.warnings = [p for p in _located(warnings, result.provenance, root, review)
                           if p.file == str(review)]
        step("validated")
        if changed:
            _replace(root, changed, result, note=str(review), on_step=step)
    return result


def _build(tables: dict[str, "_Table"], rows: list[ReviewRow], review: Path) -> MergeResult:
    """Add the review's rows to ``tables``; the result records where each new row came from."""
    result = MergeResult()
    provenance = result.provenance
    review_problems = []

    def add(table: str, values: dict[str, str], origin: ReviewRow, columns: dict[str, str] | None = None):
        row = tables[table].append(values)
        provenance[(tables[table].path, row)] = (origin.row, columns or {})
        result.added[table] += 1

    statements = set(tables["statements"].column("statement_id")) if "statements" in tables else set()
    events = set(tables["events"].column("event_id")) if "events" in tables else set()
    mentioned: dict[str, list[tuple[str, ReviewRow]]] = {}
    for r in rows:
        t = r.table
        if t not in tables:
            allowed = ", ".join(t for t in TABLES if t in tables)
            review_problems.append(Problem(str(review), r.row, "table", f"unknown table {t!r}: use one of {allowed}"))
            continue
        values = {name: r.get(name) for name in tables[t].fields}
        if t == "events" and "event_mentions" in tables:
            event_id = r.get("event_id")
            if event_id not in events:
                events.add(event_id)
                add("events", values, r, {"source_ids": "source_id"})
            mentioned.setdefault(event_id, []).append((r.get("source_id"), r))
            add("event_mentions", {k: r.get(k) for k in tables["event_mentions"].fields}, r)
            continue
        add(t, values, r)
        summary = r.get("summary").strip()
        if t == "claims" and "statements" in tables and summary and r.get("statement_id") not in statements:
            statements.add(r.get("statement_id"))
            add("statements", {"statement_id": r.get("statement_id"), "summary": summary}, r)
    if review_problems:
        raise MergeRefused(review_problems, f"cannot merge {review}")
    if mentioned:
        _link_events(tables["events"], mentioned, provenance, result)
    return result


def _located(problems: list[Problem], provenance: dict, root: Path, review: Path) -> Problems:
    """Problems of new rows at the review file's row and column; the others where they are."""
    located = []
    for p in problems:
        origin = provenance.get((p.file, p.row))
        if origin is None:
            located.append(Problem(str(root / p.file), p.row, p.column, p.message))
        else:
            row, columns = origin
            column = ",".join(columns.get(c, c) for c in (p.column or "").split(",")) or None
            located.append(Problem(str(review), row, column, f"{p.message} (as {p.file} row {p.row})"))
    located.sort(key=lambda p: (p.file != str(review), p.row or 0))
    out = Problems(located)
    out.omitted = getattr(problems, "omitted", 0)
    return out


def _link_events(table: _Table, mentioned: dict, provenance: dict, result: MergeResult) -> None:
    """Set ``source_ids`` of every event mentioned: its sources so far, then the new ones."""
    ids = table.column("event_id")
    for event_id, sources in mentioned.items():
        new = [s for s, _ in sources if s]
        if event_id in ids:
            row = ids.index(event_id) + 2
            old = table.column("source_ids")[row - 2]
            listed = [s for s in old.split("|") if s] if old else []
            table.set_cell(row, "source_ids", "|".join(dict.fromkeys(listed + new)))
            provenance[(table.path, row)] = (sources[0][1].row, {"source_ids": "source_id"})
            result.updated["events"] += 1
        else:
            j = table.header.index("source_ids")
            for k, record in enumerate(table.added):
                if record[table.header.index("event_id")] == event_id:
                    record[j] = "|".join(dict.fromkeys(new))
                    break


def _replace(root: Path, tables: list[_Table], result: MergeResult, note: str = "",
             on_step: Callable[[str], None] | None = None) -> None:
    """Replace the changed tables all at once; refuse if one was edited since it was read."""
    for table in tables:
        if files.read_below(root, table.path, files.LIMITS["table"], "a table") != table.raw:
            raise MergeRefused([Problem(str(root / table.path), None, None,
                                        "changed while the merge was running; run it again")],
                               "merge abandoned; nothing was changed")
    written = journal.replace_all(root, {t.path: t.content() for t in tables}, note=note, on_step=on_step)
    result.files.extend(str(path) for path in written)
