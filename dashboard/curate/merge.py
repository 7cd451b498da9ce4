"""Merge a review file into a data folder: all of it, or nothing.

The new tables are built in a temporary copy of the folder and the full
validator runs on the copy. Only when it finds nothing are the changed files
written back, each replaced atomically (written beside the original, then
renamed over it). A problem in a merged row is reported at the review
file's row and column; a problem the folder already had is reported where
it is.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..validation import SCHEMA_FILE, Problem, check
from .review import TABLES, ReviewRow, read_review, unreviewed, untranslatable

__all__ = ["MergeRefused", "MergeResult", "merge_review"]


class MergeRefused(ValueError):
    """The review cannot be merged; ``problems`` says where, nothing was changed."""

    def __init__(self, problems: list[Problem], reason: str = "merge refused"):
        self.problems = tuple(problems)
        n = len(self.problems)
        super().__init__(f"{reason}: {n} problem{'s' if n != 1 else ''}\n" + "\n".join(map(str, self.problems)))


@dataclass
class MergeResult:
    """Rows added per table and the files that changed."""

    added: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    files: list[str] = field(default_factory=list)

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
        raw = (root / resource["path"]).read_bytes()
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
        writer = csv.writer(out, lineterminator=self.newline)
        if self.changed_rows:
            writer.writerows(self.changed_rows.get(i, r) for i, r in enumerate(self.records))
            writer.writerows(self.added)
            return out.getvalue().encode("utf-8")
        writer.writerows(self.added)
        head = self.raw
        if head and not head.endswith(b"\n"):
            head += self.newline.encode()
        return head + out.getvalue().encode("utf-8")


def _schema(root: Path) -> dict:
    return json.loads((root / SCHEMA_FILE).read_text(encoding="utf-8-sig"))


def merge_review(data: str | os.PathLike, review: str | os.PathLike) -> MergeResult:
    """Merge the review file ``review`` into the data folder ``data``.

    Raises :class:`MergeRefused` listing every problem, in which case no
    file of ``data`` has changed.
    """
    root, review = Path(data), Path(review)
    rows, problems = read_review(review)
    if problems:
        raise MergeRefused(problems, f"cannot read {review}")
    pending = unreviewed(review, rows)
    if pending:
        raise MergeRefused(pending, f"{review} has rows still marked for review; nothing was merged")
    before = check(root)[0]
    if before:
        located = [Problem(str(root / p.file), p.row, p.column, p.message) for p in before]
        raise MergeRefused(located, f"the data folder {root} does not validate; fix it first")
    schema = _schema(root)
    lost = untranslatable(review, rows, schema)
    if lost:
        raise MergeRefused(lost, f"cannot merge {review}")
    resources = {r["name"]: r for r in schema["resources"]}
    tables = {name: _Table.read(root, res) for name, res in resources.items() if name in TABLES}
    provenance: dict[tuple[str, int], tuple[int, dict[str, str]]] = {}
    result = MergeResult()
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

    with tempfile.TemporaryDirectory(prefix="claims-merge-") as tmp:
        copy = Path(tmp) / "data"
        shutil.copytree(root, copy, copy_function=shutil.copyfile)
        for table in tables.values():
            (copy / table.path).write_bytes(table.content())
        after = check(copy)[0]
    if after:
        located = []
        for p in after:
            origin = provenance.get((p.file, p.row))
            if origin is None:
                located.append(Problem(str(root / p.file), p.row, p.column, p.message))
            else:
                row, columns = origin
                column = ",".join(columns.get(c, c) for c in (p.column or "").split(",")) or None
                located.append(Problem(str(review), row, column, f"{p.message} (as {p.file} row {p.row})"))
        located.sort(key=lambda p: (p.file != str(review), p.row or 0))
        raise MergeRefused(located, f"{review} does not merge into {root}; nothing was changed")
    _replace(root, [t for t in tables.values() if t.added or t.changed_rows], result)
    return result


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


def _replace(root: Path, tables: list[_Table], result: MergeResult) -> None:
    """Write the changed tables back, each by an atomic rename; refuse if a file changed meanwhile."""
    for table in tables:
        if (root / table.path).read_bytes() != table.raw:
            raise MergeRefused([Problem(str(root / table.path), None, None,
                                        "changed while the merge was running; run it again")],
                               "merge abandoned; nothing was changed")
    staged = []
    try:
        for table in tables:
            target = root / table.path
            tmp = target.with_name(f".{target.name}.merge-tmp")
            staged.append((tmp, target))
            with open(tmp, "wb") as fh:
                fh.write(table.content())
                fh.flush()
                os.fsync(fh.fileno())
            shutil.copymode(target, tmp)
    except OSError:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, target in staged:
        os.replace(tmp, target)
        result.files.append(str(target))
