"""Validate a data folder against its ``datapackage.json``.

The checks are driven entirely by the Table Schema in ``datapackage.json``
(standard keys plus the ``x-`` conventions it documents); no table or
column name is hard-coded here.
"""

from __future__ import annotations

import codecs
import contextlib
import copy
import csv
import datetime as dt
import difflib
import gc
import io
import itertools
import math
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import regex

from . import files, journal
from .patterns import Pattern
from .text import describe_mismatch, normalise, printable

__all__ = ["MAX_PROBLEMS", "SCHEMA_FILE", "Column", "Problem", "Problems", "Table", "check"]

SCHEMA_FILE = "datapackage.json"
TYPES = ("string", "date", "integer", "number", "boolean")
BAD = object()  # parsed value of a cell that failed its type check
DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
INT_RE = re.compile(r"[+-]?[0-9]+")
NUM_RE = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|NaN|INF|-INF")
# Dates must fit pandas' datetime64[ns], integers its Int64.
DATE_MIN, DATE_MAX = dt.date(1677, 9, 22), dt.date(2262, 4, 11)
INT_MIN, INT_MAX = -(2 ** 63), 2 ** 63 - 1
ROWS_PER_CHUNK = 10_000  # CSV records parsed before they are stored as columns
# Where a schema lists foreign keys: the standard key, and ours for list fields.
FK_KEYS = ("foreignKeys", "x-foreignKeys")
#: Problems kept and listed; beyond them only their number is kept.
MAX_PROBLEMS = 1000
#: Characters that make a cell unsafe to show or export: C0 and C1 controls but tab and line
#: feed (and carriage return only as the CR LF line break a spreadsheet writes).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")


@dataclass(frozen=True)
class Problem:
    """One validation problem, located as ``file:row:column``.

    ``file`` is relative to the data folder, ``row`` is the spreadsheet row
    (header = 1) and ``column`` the column name; ``None`` (shown as ``-``)
    when the problem concerns the whole file or row.
    """

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        row = "-" if self.row is None else self.row
        # printed to terminals: a column name or a value can carry escape sequences
        return printable(f"{self.file}:{row}:{self.column or '-'}: {self.message}")


class Problems(list):
    """The problems found (at most :data:`MAX_PROBLEMS`); ``omitted`` counts those beyond."""

    omitted: int = 0

    def summary(self, where) -> str:
        """'N problems found in WHERE', counting the omitted ones too."""
        n = len(self) + self.omitted
        more = f" ({self.omitted:,} more not listed)" if self.omitted else ""
        return f"{n:,} problem{'s' if n != 1 else ''} found in {where}{more}"


@dataclass
class Column:
    """The cells of one column, as a code per row into the column's distinct texts.

    Once checked, ``parsed`` holds the value of each distinct text (``None``
    when blank, ``BAD`` when invalid). ``own`` holds a value per row instead
    where rows may not share one object: a NaN equals no other NaN.
    """

    codes: np.ndarray
    texts: np.ndarray
    parsed: np.ndarray | None = None
    own: np.ndarray | None = None

    @property
    def cells(self) -> np.ndarray:
        return self.texts[self.codes]

    @property
    def values(self) -> np.ndarray:
        return self.own if self.own is not None else self.parsed[self.codes]

    def distinct(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(code of each row, value of each code, text of each code), for checks run once per value."""
        if self.own is not None:
            return np.arange(len(self.own)), self.own, self.cells
        return self.codes, self.parsed, self.texts


@dataclass
class Table:
    """A resource read as text, column by column, with its parsed cell values."""

    resource: dict
    file: str
    header: list[str]
    rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # spreadsheet rows
    columns: dict[str, Column] = field(default_factory=dict)  # the schema's columns in the header
    complete: bool = True  # False when rows or columns could not be read
    arrow: dict | None = field(default=None, repr=False)  # columns read by pyarrow, not yet coded

    @property
    def fields(self) -> list[dict]:
        return self.resource["schema"]["fields"]

    def has(self, *names: str) -> bool:
        return all(n in self.header for n in names)

    def __len__(self) -> int:
        return len(self.rows)


def _as_list(value) -> list:
    return [value] if isinstance(value, str) else list(value or [])


def _is_names(value) -> bool:
    """A field name or a list of field names, as primaryKey and foreign keys take."""
    return isinstance(value, str) or (isinstance(value, list)
                                      and all(isinstance(v, str) for v in value))


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _cons(f: dict) -> dict:
    cons = f.get("constraints")
    return cons if isinstance(cons, dict) else {}


def _field(res: dict, name: str) -> dict:
    return next(f for f in res["schema"]["fields"] if f["name"] == name)


def _quoted(values) -> str:
    return ", ".join(repr(v) for v in values)


def _suggest(value, candidates) -> str:
    match = _Closest(candidates)(str(value))
    return f"; did you mean {match!r}?" if match is not None else ""


class _Closest:
    """The best of ``candidates`` as ``difflib.get_close_matches(word, candidates, n=1)`` finds it.

    difflib scores every candidate, seconds for a million. Here they are scored
    from the highest bound on their score down (the characters they share
    with the word: difflib's ``quick_ratio``), until the bound falls below the
    best score found.
    """

    def __init__(self, candidates):
        self.candidates = [str(c) for c in candidates]
        self.texts = None  # the candidates as a numpy array, once they are many

    def __call__(self, word: str, cutoff: float = 0.6) -> str | None:
        if len(self.candidates) < 1000 or "\x00" in word or not self._as_array():
            match = difflib.get_close_matches(word, self.candidates, n=1, cutoff=cutoff)
            return match[0] if match else None
        shared = np.zeros(len(self.candidates), dtype=np.int64)
        for char in set(word):
            shared += np.minimum(np.strings.count(self.texts, char), word.count(char))
        bound = 2.0 * shared / (self.sizes + len(word))  # as quick_ratio() computes it
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(word)
        best = None
        for i in np.argsort(-bound, kind="stable").tolist():
            if bound[i] < cutoff or (best is not None and bound[i] < best[0]):
                break
            matcher.set_seq1(self.candidates[i])
            if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff \
                    and matcher.ratio() >= cutoff:
                score = (matcher.ratio(), self.candidates[i])
                best = score if best is None else max(best, score)
        return None if best is None else best[1]

    def _as_array(self) -> bool:
        """Whether the candidates could be made an array that counts characters as Python does."""
        if self.texts is None:
            self.texts = False
            if not any("\x00" in c for c in self.candidates):  # numpy strings drop trailing NULs
                try:
                    self.texts = np.array(self.candidates, dtype=np.dtypes.StringDType())
                    self.sizes = np.strings.str_len(self.texts)
                except UnicodeError:  # a lone surrogate
                    pass
        return self.texts is not False


def _since(began: float) -> str:
    return f"{time.perf_counter() - began:.1f} s"


def _decode(data: bytes) -> tuple[str | None, str]:
    """Decode UTF-8 (BOM allowed); on failure return ``None`` and a reason."""
    try:
        return data.removeprefix(codecs.BOM_UTF8).decode("utf-8"), ""
    except UnicodeDecodeError as e:
        offset = e.start + (len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0)
        line = data[:offset].count(b"\n") + 1
        return None, f"not valid UTF-8 (byte 0x{data[offset]:02x} at offset {offset}, line {line})"


def _without_bom(data: bytes) -> memoryview:
    """A file's bytes after its UTF-8 byte order mark, if it has one, without copying them."""
    return memoryview(data)[len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0:]


_ASCII_SPACES = re.compile(rb"[\t\n\x0b\x0c\r\x1c-\x1f ]*")  # the ASCII characters str.isspace accepts


def _blank_utf8(data: bytes) -> bool | None:
    """Whether a file is empty or white space only, when it is valid UTF-8 (BOM allowed) and that
    can be told without decoding it (decoding a large file to a str takes seconds); else None."""
    body = _without_bom(data)
    offsets = pa.py_buffer(np.array([0, len(body)], dtype=np.int64))
    try:  # pyarrow checks UTF-8 as strictly as Python decodes it (no surrogates, no overlong forms)
        pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, pa.py_buffer(body)]).validate(full=True)
    except pa.ArrowInvalid:
        return None
    end = _ASCII_SPACES.match(body).end()
    if end == len(body):
        return True
    return False if body[end] < 0x80 else None


def _blank(texts: np.ndarray) -> np.ndarray:
    """Which texts are empty or whitespace only."""
    return np.fromiter((not t.strip() for t in texts), dtype=bool, count=len(texts))


def _plain_text_ok(f: dict, texts: np.ndarray, pattern: Pattern | None = None) -> np.ndarray:
    """Texts of a plain string field that certainly meet its constraints (in bulk)."""
    cons, ok = _cons(f), np.ones(len(texts), dtype=bool)
    if "enum" in cons:
        allowed = {e for e in cons["enum"] if isinstance(e, str)}
        ok &= np.fromiter((t in allowed for t in texts), dtype=bool, count=len(texts))
    if pattern is not None and pattern.linear:
        match = pattern.compiled.fullmatch
        ok &= np.fromiter((match(t) is not None for t in texts), dtype=bool, count=len(texts))
    elif pattern is not None:
        pattern.budget(len(texts))
        ok &= np.fromiter((bool(pattern.fullmatch(t)) for t in texts), dtype=bool, count=len(texts))
    if "minLength" in cons or "maxLength" in cons:
        sizes = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        ok &= (sizes >= cons.get("minLength", 0)) & (sizes <= cons.get("maxLength", math.inf))
    return ok


def _is_nan(x) -> bool:
    return isinstance(x, float) and math.isnan(x)


def _own_nans(codes: np.ndarray, parsed: np.ndarray) -> np.ndarray | None:
    """A value per row in which every NaN is its own float, as parsing cell by cell gives."""
    nans = [j for j, v in enumerate(parsed) if any(map(_is_nan, v if isinstance(v, tuple) else [v]))]
    if not nans:
        return None
    values = parsed[codes]
    for i in np.flatnonzero(np.isin(codes, nans)).tolist():
        v = values[i]
        values[i] = (tuple(float("nan") if _is_nan(x) else x for x in v) if isinstance(v, tuple)
                     else float("nan"))
    return values


def _in_rows(codes: np.ndarray, wanted) -> np.ndarray:
    """Indexes of the rows whose code is in ``wanted``, in row order."""
    return np.flatnonzero(np.isin(codes, np.fromiter(wanted, dtype=np.int64)))


def _is_text(table: Table, name: str) -> bool:
    """Whether a column's values are its texts (the last definition of a field is the one parsed)."""
    f = [f for f in table.fields if f["name"] == name][-1]
    return f.get("type", "string") == "string" and not f.get("x-separator")


def _keys(table: Table, cols: list[str]) -> tuple[np.ndarray, list]:
    """The key of each row, as (code of each row, key of each code).

    A key is the row's value in a single column (computed once per distinct
    value), else the tuple of its values in ``cols``; ``None`` where one is
    empty or invalid.
    """
    if len(cols) == 1:
        codes, values, _ = table.columns[cols[0]].distinct()
        return codes, [None if v is BAD else v for v in values.tolist()]
    keys = [None if None in key or BAD in key else key
            for key in zip(*(table.columns[c].values.tolist() for c in cols))]
    return np.arange(len(keys)), keys


#: Quotes are sought in articles as the source viewer finds them.
_normalised = normalise


class _Reader:
    """Keeps the records of a CSV file as they are read, column by column."""

    def __init__(self, table: Table, names: list[str]):
        self.table = table
        # As in a dict of the record, the last of repeated header columns wins.
        self.index = {name: j for j, name in enumerate(table.header) if name in names}
        # Per column: each distinct text -> the first record (kept so far) that has it.
        self.seen: dict[str, dict[str, int]] = {name: {} for name in self.index}
        self.firsts: dict[str, list[np.ndarray]] = {name: [] for name in self.index}
        self.rows: list[np.ndarray] = []
        self.kept = 0
        self.next_row = 2  # spreadsheet row of the next record

    def add(self, chunk: list[list[str]], keep: np.ndarray) -> None:
        rows = np.arange(self.next_row, self.next_row + len(chunk), dtype=np.int64)
        self.next_row += len(chunk)
        if not keep.all():
            chunk, rows = [r for r, k in zip(chunk, keep) if k], rows[keep]
        self.rows.append(rows)
        if not chunk:
            return
        cells = list(itertools.chain.from_iterable(chunk))  # all records have len(header) fields
        width = len(self.table.header)
        for name, j in self.index.items():
            # map() runs no Python code per cell: it is the costliest loop of all.
            first = map(self.seen[name].setdefault, cells[j::width], itertools.count(self.kept))
            self.firsts[name].append(np.fromiter(first, dtype=np.int64, count=len(chunk)))
        self.kept += len(chunk)

    def finish(self) -> None:
        self.table.rows = np.concatenate([np.zeros(0, dtype=np.int64), *self.rows])
        for name in self.index:
            seen = self.seen[name]
            code = np.zeros(self.kept, dtype=np.intp)  # by first record: code of its text
            code[np.fromiter(seen.values(), dtype=np.int64, count=len(seen))] = np.arange(len(seen))
            first = np.concatenate([np.zeros(0, dtype=np.int64), *self.firsts[name]])
            self.table.columns[name] = Column(code[first], np.fromiter(seen, dtype=object, count=len(seen)))


_SCAN = 1 << 16  # bytes of a CSV file scanned at a time for quotes
_LINE_OR_COMMA = np.zeros(256, dtype=bool)
_LINE_OR_COMMA[[ord(","), ord("\n"), ord("\r")]] = True


def _plain_quoting(data: np.ndarray) -> bool:
    """Whether every double quote of a CSV file's bytes opens or closes a quoted field or doubles
    a quote inside one: then any CSV reader splits the file where the csv module does."""
    quotes = [np.zeros(0, dtype=np.intp)]
    for start in range(0, len(data), _SCAN):  # piece by piece: a whole-file mask is many times slower
        quotes.append(np.flatnonzero(data[start:start + _SCAN] == ord('"')) + start)
    quotes = np.concatenate(quotes)
    if len(quotes) % 2:
        return False
    opens, closes = quotes[0::2], quotes[1::2]
    # an opening quote starts a field, or follows the quote it is doubled with
    after_close = np.zeros(len(opens), dtype=bool)
    after_close[1:] = opens[1:] - 1 == closes[:-1]
    before = data[np.maximum(opens - 1, 0)]
    if not ((opens == 0) | _LINE_OR_COMMA[before] | after_close).all():
        return False
    # a closing quote ends a field, or precedes the quote it is doubled with
    before_open = np.zeros(len(closes), dtype=bool)
    before_open[:-1] = closes[:-1] + 1 == opens[1:]
    after = data[np.minimum(closes + 1, len(data) - 1)]
    return bool(((closes == len(data) - 1) | _LINE_OR_COMMA[after] | before_open).all())


def _read_columns(table: Table, names: list[str], data: bytes) -> bool:
    """Read the records of a CSV file with pyarrow's reader, when it certainly splits them as the
    csv module does, into ``table``; False (``table`` untouched) when they must be read record by
    record: then the problems found are located, as only that reader can.

    That is a file of records as wide as the header, with no blank line (nor record of empty
    cells, which pyarrow cannot tell from one), no NUL character and no double quote but those of
    quoted fields. The columns are kept as Arrow arrays until :func:`_code_columns` codes them,
    which the caller runs once it has let go of the file's bytes.
    """
    width = len(table.header)
    body = _without_bom(data)
    if width < 2 or b"\x00" in data or not _plain_quoting(np.frombuffer(body, dtype=np.uint8)):
        return False
    try:
        read = pacsv.read_csv(
            pa.py_buffer(body),
            read_options=pacsv.ReadOptions(autogenerate_column_names=True, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                # large_string: the distinct texts of a column may pass 2 GiB (10^7 quotes)
                column_types={f"f{j}": pa.large_string() for j in range(width)},
                null_values=[], strings_can_be_null=False, quoted_strings_can_be_null=False))
    except pa.ArrowException:  # a record of another width, or longer than a block: reported later
        return False
    if read.num_columns != width or [read.column(j)[0].as_py() for j in range(width)] != table.header:
        return False
    read = read.slice(1)
    # pyarrow reads a blank line as a record of empty cells, the csv module as no cell at all
    empty = None
    for j in range(width):
        blank = pc.equal(pc.binary_length(read.column(j)), 0)
        empty = blank if empty is None else pc.and_(empty, blank)
    if pc.any(empty).as_py():
        return False
    table.rows = np.arange(2, 2 + read.num_rows, dtype=np.int64)
    # As in a dict of the record, the last of repeated header columns wins.
    table.arrow = {name: read.column(j) for name, j in
                   {name: j for j, name in enumerate(table.header) if name in names}.items()}
    return True


def _code_columns(table: Table) -> None:
    """Code the Arrow columns :func:`_read_columns` kept, one at a time, each let go once coded
    (at 10^7 claims the columns' texts are gigabytes)."""
    arrow, table.arrow = table.arrow, None
    for name in list(arrow):
        # codes in order of first appearance, as _Reader numbers the texts (a chunked array is
        # encoded against one dictionary, in that order)
        encoded = pc.dictionary_encode(arrow.pop(name))
        if encoded.num_chunks:
            dictionary = encoded.chunk(encoded.num_chunks - 1).dictionary
            codes = np.concatenate([c.indices.to_numpy() for c in encoded.chunks]).astype(np.intp)
        else:
            dictionary, codes = pa.array([], type=pa.large_string()), np.zeros(0, dtype=np.intp)
        del encoded
        texts = dictionary.to_pylist()
        del dictionary
        table.columns[name] = Column(codes, np.fromiter(texts, dtype=object, count=len(texts)))
        del texts


class _Checker:
    """Collects the problems of one data folder."""

    def __init__(self, data: files.DataFiles, progress: Callable[[str], None] | None = None):
        self.files = data
        self.root = data.root
        self.say = progress or (lambda message: None)
        self.problems = Problems()
        self.warnings = Problems()
        self.patterns: dict[int, Pattern] = {}  # id of a field -> its compiled pattern (see .patterns)
        self.tables: dict[str, Table] = {}
        self.resources: dict[str, dict] = {}
        self.fks: dict[str, list[tuple[list[str], str, list[str]]]] = {}  # usable foreign keys
        self.texts: dict[tuple[str, str], dict[int, str]] = {}  # (resource, field) -> row -> text
        self.normalised: dict[tuple[str, str, int], str] = {}  # texts as quotes are sought in them

    def add(self, file, row, column, message):
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(file, row, column, message))
        else:
            self.problems.omitted += 1

    def warn(self, file, row, column, message):
        if len(self.warnings) < MAX_PROBLEMS:
            self.warnings.append(Problem(file, row, column, message))
        else:
            self.warnings.omitted += 1

    def _schema_problem(self, message):
        self.add(SCHEMA_FILE, None, None, message)

    # -- datapackage.json -------------------------------------------------

    def read_schema(self) -> dict | None:
        path = self.root / SCHEMA_FILE
        try:
            if not self.files.is_dir():
                self.add(SCHEMA_FILE, None, None, f"data folder {str(self.root)!r} does not exist")
                return None
            if not self.files.has(SCHEMA_FILE):
                self.add(SCHEMA_FILE, None, None,
                         f"missing: every data folder must carry its own {SCHEMA_FILE} ({path})")
                return None
            data = self.files.read(SCHEMA_FILE, "schema")
        except files.Refused as e:
            self.add(SCHEMA_FILE, None, None, e.reason)
            return None
        except OSError as e:
            self.add(SCHEMA_FILE, None, None, f"cannot be read: {e.strerror or e}")
            return None
        text, reason = _decode(data)
        if text is None:
            self.add(SCHEMA_FILE, None, None, reason)
            return None
        try:
            pkg = files.loads_json(text)
        except files.JsonRefused as e:
            self.add(SCHEMA_FILE, e.line, None, e.message)
            return None
        if not isinstance(pkg, dict) or not isinstance(pkg.get("resources"), list):
            self.add(SCHEMA_FILE, None, None, "expected an object with a 'resources' list")
            return None
        return pkg

    def check_schema(self, pkg: dict) -> None:
        """Check that the schema is usable; keep the well-formed resources."""
        bad = self._schema_problem
        for i, res in enumerate(pkg["resources"]):
            name = res.get("name") if isinstance(res, dict) else None
            schema = res.get("schema") if isinstance(res, dict) else None
            fields = schema.get("fields") if isinstance(schema, dict) else None
            if not (isinstance(name, str) and name.isidentifier()):
                bad(f"resource #{i + 1}: 'name' must be an identifier, got {name!r}")
            elif name in self.resources:
                bad(f"resource {name!r} is defined twice")
            elif not isinstance(res.get("path"), str) or self._contained(res["path"]) is None:
                bad(f"resource {name!r}: 'path' must be a path inside the data folder")
            elif not (isinstance(fields, list) and fields
                      and all(isinstance(f, dict) and isinstance(f.get("name"), str) for f in fields)):
                bad(f"resource {name!r}: schema.fields must be a list of objects with a 'name'")
            else:
                # A copy: unusable parts of the schema are reported, then removed.
                self.resources[name] = copy.deepcopy(res)
        for name, res in self.resources.items():
            self._check_resource(name, res)
        for name, res in self.resources.items():
            for f in res["schema"]["fields"]:
                if "x-verbatim-in" in f and f["x-verbatim-in"] in self._names(res) \
                        and not self._file_target(name, f):
                    bad(f"resource {name!r}, field {f['name']!r}: x-verbatim-in field "
                        f"{f['x-verbatim-in']!r} needs a foreign key to a resource with an x-file field")

    def _check_resource(self, name: str, res: dict) -> None:
        """Check the fields, keys and rules of one resource; record its usable foreign keys.

        Whatever is unusable is reported and removed from ``res``, so that
        the data checks only meet well-formed schemas.
        """
        bad = self._schema_problem
        schema = res["schema"]
        names = [f["name"] for f in schema["fields"]]
        where = f"resource {name!r}"
        for dup in sorted(n for n, count in Counter(names).items() if count > 1):
            bad(f"{where}: field {dup!r} is defined twice")
        for f in schema["fields"]:
            self._check_field(f"{where}, field {f['name']!r}", f, names)
        if "primaryKey" in schema and not _is_names(schema["primaryKey"]):
            bad(f"{where}: primaryKey must be a field name or a list of field names, "
                f"got {schema.pop('primaryKey')!r}")
        for key in _as_list(schema.get("primaryKey")):
            if key not in names:
                bad(f"{where}: primaryKey names unknown field {key!r}")
                schema.pop("primaryKey", None)
        self.fks[name] = []
        for key in FK_KEYS:
            self._check_foreign_keys(name, res, key)
        rule = schema.get("x-list-matches") or res.get("x-list-matches")
        if rule is not None:
            parts = ("field", "resource", "key", "value")
            usable = isinstance(rule, dict) and all(isinstance(rule.get(k), str) for k in parts)
            other = self.resources.get(rule["resource"]) if usable else None
            if (other is None or rule["field"] not in names
                    or len(_as_list(schema.get("primaryKey"))) != 1
                    or not {rule["key"], rule["value"]} <= set(self._names(other))):
                bad(f"{where}: x-list-matches must name a field of this resource and a "
                    "resource with 'key' and 'value' fields (and this resource needs a "
                    "single-field primaryKey)")
                schema.pop("x-list-matches", None)
                res.pop("x-list-matches", None)

    def _check_foreign_keys(self, name: str, res: dict, key: str) -> None:
        """Check the foreign keys listed under ``key`` of a resource's schema; record the usable ones.

        ``x-foreignKeys`` is written like ``foreignKeys``; it holds those of
        list fields, which the Data Package standard would compare whole.
        """
        bad = self._schema_problem
        schema, names, where = res["schema"], self._names(res), f"resource {name!r}"
        fks = schema.get(key, [])
        if not isinstance(fks, list):
            bad(f"{where}: {key} must be a list, got {fks!r}")
            fks = []
        for fk in fks:
            if not isinstance(fk, dict) or not isinstance(fk.get("reference"), dict):
                bad(f"{where}: foreign key {fk!r} must be an object with a 'reference'")
                continue
            ref = fk["reference"]
            if not (_is_names(fk.get("fields")) and _is_names(ref.get("fields"))
                    and isinstance(ref.get("resource", ""), str)):
                bad(f"{where}: foreign key {fk!r} must give 'fields' and a 'reference' with "
                    "a 'resource' name and its 'fields'")
                continue
            local, ref_fields = _as_list(fk.get("fields")), _as_list(ref.get("fields"))
            ref = ref.get("resource") or name  # "" refers to the resource itself
            target = self.resources.get(ref)
            if any(f not in names for f in local) or len(local) != len(ref_fields) or not local:
                bad(f"{where}: foreign key {local} does not match its fields")
            elif target is None:
                bad(f"{where}: foreign key {local} references unknown resource {ref!r}")
            elif any(f not in self._names(target) for f in ref_fields):
                bad(f"{where}: foreign key {local} references unknown fields {ref_fields} of {ref!r}")
            else:
                self.fks[name].append((local, ref, ref_fields))

    def _check_field(self, fw: str, f: dict, names: list[str]) -> None:
        """Check the type, constraints and x- keys of one field; remove the unusable ones."""
        bad = self._schema_problem
        kind = f.get("type", "string")
        if not isinstance(kind, str) or kind not in TYPES:
            bad(f"{fw}: unsupported type {kind!r} (supported: {', '.join(TYPES)})")
            f["type"] = kind = "string"  # its values are still checked as text
        if not isinstance(f.get("constraints", {}), dict):
            bad(f"{fw}: constraints must be an object")
            f["constraints"] = {}
        cons = f.get("constraints", {})
        for key in ("required", "unique"):
            if key in cons and not isinstance(cons[key], bool):
                bad(f"{fw}: constraint {key} must be true or false, got {cons.pop(key)!r}")
        if "pattern" in cons:
            pattern = cons["pattern"]
            try:
                if not isinstance(pattern, str):
                    raise TypeError("not a string")
                self.patterns[id(f)] = Pattern(pattern)
                self.patterns[id(f)].where = fw
            except (regex.error, TypeError, OverflowError, RecursionError, ValueError) as e:
                bad(f"{fw}: invalid pattern {pattern!r}: {e}")
                del cons["pattern"]
        if "enum" in cons and not isinstance(cons["enum"], list):
            bad(f"{fw}: enum must be a list of values, got {cons.pop('enum')!r}")
        for key in ("minimum", "maximum"):
            if key in cons:
                bound = cons[key]
                value = self._parse(f, bound) if isinstance(bound, str) else bound
                if not (kind in ("integer", "number") and isinstance(value, (int, float))
                        and not isinstance(value, bool)
                        or kind == "date" and isinstance(value, dt.date)):
                    bad(f"{fw}: {key} {bound!r} is not a valid bound for "
                        f"{'an' if kind == 'integer' else 'a'} {kind} field")
                    del cons[key]
        for key in ("minLength", "maxLength"):
            if key in cons and not (_is_int(cons[key]) and cons[key] >= 0):
                bad(f"{fw}: {key} must be a non-negative integer, got {cons.pop(key)!r}")
        for key in ("trueValues", "falseValues"):
            if key in f and not (isinstance(f[key], list)
                                 and all(isinstance(v, str) for v in f[key])):
                bad(f"{fw}: {key} must be a list of strings, got {f.pop(key)!r}")
        if "x-separator" in f and not (isinstance(f["x-separator"], str) and f["x-separator"]):
            bad(f"{fw}: x-separator must be a non-empty string, got {f.pop('x-separator')!r}")
        if "x-file" in f and not isinstance(f["x-file"], bool):
            bad(f"{fw}: x-file must be true or false, got {f.pop('x-file')!r}")
        for key in ("x-required-with", "x-verbatim-in"):
            if key in f and (not isinstance(f[key], str) or f[key] not in names):
                bad(f"{fw}: {key} names unknown field {f.pop(key)!r}")

    @staticmethod
    def _names(res: dict) -> list[str]:
        return [f["name"] for f in res["schema"]["fields"]]

    def _file_target(self, name: str, f: dict) -> tuple[str, str, str] | None:
        """(resource, key field, x-file field) that ``f``'s x-verbatim-in points to."""
        for local, ref, ref_fields in self.fks.get(name, []):
            target = self.resources[ref]
            if local == [f["x-verbatim-in"]] and len(ref_fields) == 1:
                files = [g["name"] for g in target["schema"]["fields"] if g.get("x-file")]
                if files:
                    return ref, ref_fields[0], files[0]
        return None

    @staticmethod
    def _contained(rel: str) -> str | None:
        """``rel`` as a path inside the data folder, or ``None`` if it leaves it or is no path at all."""
        try:
            return files.relative(rel)
        except files.Refused:
            return None

    def _read(self, rel: str, kind: str) -> tuple[bytes | None, str]:
        """The bytes of a regular file below the folder, or ``None`` and why it cannot be read.

        Links are not followed and special files not read (see :mod:`dashboard.files`).
        """
        try:
            return self.files.read(rel, kind), ""
        except (FileNotFoundError, NotADirectoryError):
            return None, "not found"
        except files.Refused as e:
            return None, e.reason
        except OSError as e:  # a name too long, no permission...
            return None, f"cannot be read ({e.strerror or e})"

    # -- reading CSV files --------------------------------------------------

    def read_table(self, res: dict) -> Table | None:
        rel = res["path"]
        data, why = self._read(rel, "table")
        if data is None:
            self.add(rel, None, None, f"file {why} (resource {res['name']!r} in {SCHEMA_FILE})")
            return None
        blank = _blank_utf8(data)
        if blank is None:  # decoded to tell (or to say where it is not UTF-8)
            text, reason = _decode(data)
            if text is None:
                self.add(rel, None, None, reason)
                return None
            blank = not text or text.isspace()  # not text.strip(), which would copy it
            del text  # parsed again from the bytes, chunk by chunk, to keep memory low
        if blank:
            self.add(rel, None, None, "empty file: expected a header row")
            return None
        # No field is longer than the file: lift the csv module's 128 KiB limit.
        csv.field_size_limit(max(csv.field_size_limit(), len(data)))
        body = io.BytesIO(data.removeprefix(codecs.BOM_UTF8))
        # newline="" splits lines exactly as io.StringIO(text, newline="") would.
        reader = csv.reader(io.TextIOWrapper(body, encoding="utf-8", newline=""), strict=True)
        try:
            header = next(reader)
        except StopIteration:
            return None
        except csv.Error as e:
            self.add(rel, 1, None, f"malformed CSV: {e}")
            return None
        table = Table(res, rel, header)
        self._check_header(table)
        if _read_columns(table, self._names(res), data):
            del data, body, reader  # the file's bytes are let go before its columns are coded
            _code_columns(table)
            return table
        reading = _Reader(table, self._names(res))
        while True:
            chunk = []
            try:
                chunk.extend(itertools.islice(reader, ROWS_PER_CHUNK))
            except csv.Error as e:
                self._records(reading, chunk)
                self.add(rel, reading.next_row, None, f"malformed CSV: {e}")
                table.complete = False
                break
            if not chunk:
                break
            self._records(reading, chunk)
        reading.finish()
        return table

    def _check_header(self, table: Table) -> None:
        rel, header, names = table.file, table.header, self._names(table.resource)
        for col in sorted(h for h, count in Counter(header).items() if count > 1):
            self.add(rel, 1, col, f"column {col!r} appears more than once in the header")
            table.complete = False
        for col in header:
            if col not in names:
                self.add(rel, 1, col or None,
                         f"unknown column {col!r} (not in {SCHEMA_FILE}){_suggest(col, names)}")
        for col in names:
            if col not in header:
                self.add(rel, None, col, f"missing column {col!r}")
                table.complete = False

    def _records(self, reading: _Reader, chunk: list[list[str]]) -> None:
        """Keep the records of ``chunk`` that have one field per header column; report the others."""
        width, first = len(reading.table.header), reading.next_row
        sizes = np.fromiter(map(len, chunk), dtype=np.int64, count=len(chunk))
        for i in np.flatnonzero((sizes != width) | (sizes == 0)).tolist():
            if not chunk[i]:
                self.add(reading.table.file, first + i, None, "blank line: remove it")
            else:
                self.add(reading.table.file, first + i, None,
                         f"malformed CSV: expected {width} fields as in the header, "
                         f"found {len(chunk[i])}")
                reading.table.complete = False
        reading.add(chunk, (sizes == width) & (sizes > 0))

    # -- cells ----------------------------------------------------------------

    def check_cells(self, table: Table) -> None:
        """Check every cell, column by column, and parse the values.

        What is wrong with a cell's content depends on its text only, so it is
        checked once per distinct text; plain text is first screened in bulk.
        """
        pk = _as_list(table.resource["schema"].get("primaryKey"))
        for f in table.fields:
            if table.has(f["name"]):
                self._column(table, f, f["name"] in pk)

    def _column(self, table: Table, f: dict, in_pk: bool) -> None:
        col = table.columns[f["name"]]
        self._controls(table, f["name"], col)
        blank = _blank(col.texts)
        self._presence(table, f, in_pk, blank[col.codes])
        parsed = np.empty(len(col.texts), dtype=object)  # None for blank texts
        problems: dict[int, list[str]] = {}
        todo = ~blank
        if f.get("type", "string") == "string" and not f.get("x-separator"):
            plain = todo & _plain_text_ok(f, col.texts, self.patterns.get(id(f)))
            parsed[plain] = col.texts[plain]
            todo &= ~plain
        for j in np.flatnonzero(todo).tolist():
            parsed[j], found = self._content(f, col.texts[j])
            if found:
                problems[j] = found
        for i in _in_rows(col.codes, problems).tolist():
            for message in problems[int(col.codes[i])]:
                self.add(table.file, int(table.rows[i]), f["name"], message)
        col.parsed = parsed
        col.own = _own_nans(col.codes, parsed) if f.get("type") == "number" else None
        if f.get("x-file") and not f.get("x-separator"):
            self._files(table, f["name"], col)

    def _controls(self, table: Table, name: str, col: Column) -> None:
        """Warn about cells with control characters: a bare carriage return starts a new row in
        some spreadsheets, an escape sequence rewrites a terminal."""
        found = {}
        for j, text in enumerate(col.texts.tolist()):
            if not text.isprintable() and (m := _CONTROL.search(text)):
                found[j] = m.group()
        for i in _in_rows(col.codes, found).tolist():
            char = found[int(col.codes[i])]
            what = "a carriage return not followed by a line feed" if char == "\r" else f"the control character {char!r}"
            self.warn(table.file, int(table.rows[i]), name,
                      f"contains {what}: a spreadsheet or a terminal can take it for a line break or a command")

    def _presence(self, table: Table, f: dict, in_pk: bool, empty: np.ndarray) -> None:
        """Required values, and x-required-with: filled exactly when the other column is."""
        name, other = f["name"], f.get("x-required-with")
        missing = empty if _cons(f).get("required") or in_pk else np.zeros_like(empty)
        needed = unwanted = np.zeros_like(empty)
        if other is not None and other in table.columns:
            filled = ~_blank(table.columns[other].texts)[table.columns[other].codes]
            needed, unwanted = filled & empty & ~missing, ~filled & ~empty
        col, rows = table.columns[name], table.rows
        for i in np.flatnonzero(missing | needed | unwanted).tolist():
            if missing[i]:
                message = "required value is missing"
            elif needed[i]:
                message = f"required because {other} is filled"
            else:
                message = f"must be empty because {other} is empty (found {col.texts[col.codes[i]]!r})"
            self.add(table.file, int(rows[i]), name, message)

    def _content(self, f: dict, cell: str) -> tuple[Any, list[str]]:
        """The parsed value of a non-empty ``cell`` and the problems with its content."""
        found: list[str] = []
        add = found.append
        sep = f.get("x-separator")
        if not sep:
            return self._value(add, f, cell, repr(cell)), found
        items = cell.split(sep)
        parsed = []
        for item in items:
            if not item.strip():
                add(f"empty item in list {cell!r} (separator {sep!r})")
            elif item != item.strip():
                add(f"item {item!r} has leading or trailing whitespace (separator {sep!r})")
            else:
                parsed.append(self._value(add, f, item, f"item {item!r}"))
                continue
            parsed.append(BAD)
        dups = sorted(i for i, count in Counter(items).items() if count > 1 and i.strip())
        if dups:
            add(f"duplicate items in list: {_quoted(dups)}")
        value = tuple(parsed)
        return (BAD if BAD in value else value), found

    def _files(self, table: Table, name: str, col: Column) -> None:
        """Read the x-file of every row (each file once); unusable files make the value ``BAD``."""
        codes, values, cells = col.distinct()
        read: dict[int, tuple[str | None, list[str]]] = {}
        for j, value in enumerate(values.tolist()):
            if value is not None and value is not BAD:
                found: list[str] = []
                read[j] = self._file(found.append, cells[j]), found
                if read[j][0] is None:
                    values[j] = BAD
        for i in _in_rows(codes, read).tolist():
            row, (text, found) = int(table.rows[i]), read[int(codes[i])]
            for message in found:
                self.add(table.file, row, name, message)
            if text is not None:
                self.texts.setdefault((table.resource["name"], name), {})[row] = text

    def _value(self, add, f: dict, text: str, shown: str):
        """Parse one value and check its constraints; ``BAD`` if it has no valid type."""
        kind, cons = f.get("type", "string"), _cons(f)
        value = self._parse(f, text)
        if value is BAD:
            add(self._type_message(f, text, shown))
            return BAD
        if "enum" in cons:
            allowed = [self._parse(f, e) if isinstance(e, str) else e for e in cons["enum"]]
            if value not in allowed:
                add(f"{shown} is not one of the allowed values: {', '.join(map(str, cons['enum']))}"
                    f"{_suggest(text, cons['enum'])}")
        pattern = self.patterns.get(id(f)) if cons.get("pattern") is not None else None
        if pattern is not None and pattern.fullmatch(text) is False:
            add(f"{shown} does not match the pattern {cons['pattern']}")
        for key, fails in (("minimum", lambda b: value < b), ("maximum", lambda b: value > b)):
            if key in cons and kind != "string" and kind != "boolean":
                bound = self._parse(f, cons[key]) if isinstance(cons[key], str) else cons[key]
                if bound is not BAD and fails(bound):
                    add(f"{shown} is {'less' if key == 'minimum' else 'greater'} than the {key} {cons[key]}")
        if "minLength" in cons and len(text) < cons["minLength"]:
            add(f"{shown} is shorter than {cons['minLength']} characters")
        if "maxLength" in cons and len(text) > cons["maxLength"]:
            add(f"{shown} is longer than {cons['maxLength']} characters")
        return value

    @staticmethod
    def _parse(f: dict, text: str):
        kind = f.get("type", "string")
        if kind == "integer":
            # Check the length first: int() refuses over 4300 digits.
            if not INT_RE.fullmatch(text) or len(text.lstrip("+-").lstrip("0")) > 19:
                return BAD
            value = int(text)
            return value if INT_MIN <= value <= INT_MAX else BAD
        if kind == "number":
            return float(text) if NUM_RE.fullmatch(text) else BAD
        if kind == "boolean":
            if text in f.get("trueValues", ["true"]):
                return True
            return False if text in f.get("falseValues", ["false"]) else BAD
        if kind == "date":
            try:
                value = dt.date.fromisoformat(text) if DATE_RE.fullmatch(text) else BAD
            except ValueError:
                return BAD
            return value if value is BAD or DATE_MIN <= value <= DATE_MAX else BAD
        return text

    @staticmethod
    def _type_message(f: dict, text: str, shown: str) -> str:
        kind = f.get("type", "string")
        if kind == "date":
            if not DATE_RE.fullmatch(text):
                return f"{shown} is not a date in the form YYYY-MM-DD"
            try:
                dt.date.fromisoformat(text)
            except ValueError as e:
                return f"{shown} is not a real calendar date ({e})"
            return f"{shown} is out of the supported date range {DATE_MIN} to {DATE_MAX}"
        if kind == "boolean":
            allowed = f.get("trueValues", ["true"]) + f.get("falseValues", ["false"])
            return f"{shown} is not a boolean (use {' or '.join(allowed)})"
        if kind == "integer" and INT_RE.fullmatch(text):
            return f"{shown} is out of the supported integer range {INT_MIN} to {INT_MAX}"
        return f"{shown} is not {'an' if kind == 'integer' else 'a'} {kind}"

    def _file(self, add, rel: str) -> str | None:
        """Read the x-file ``rel``; report and return ``None`` if unusable."""
        path = self._contained(rel)
        data, why = (None, "") if path is None else self._read(path, "article")
        if "\x00" in rel:
            add(f"path {rel!r} is not a file name (contains a NUL character)")
        elif path is None:
            add(f"path {rel!r} is not inside the data folder")
        elif data is None:
            add(f"file {why}: {rel}" if why == "not found" else f"{rel}: file {why}")
        else:
            text, reason = _decode(data)
            if text is None:
                add(f"{rel} is {reason}")
            elif "\x00" in text:
                add(f"{rel} is not a text file (contains NUL characters)")
            else:
                return text
        return None

    # -- whole tables -------------------------------------------------------

    def check_keys(self, table: Table) -> None:
        """Unique constraints and the primary key."""
        pk = _as_list(table.resource["schema"].get("primaryKey"))
        unique = [[f["name"]] for f in table.fields if _cons(f).get("unique")]
        if pk and not (len(pk) == 1 and pk in unique):
            unique.append(pk)
        for cols in unique:
            if not table.has(*cols):
                continue
            codes, keys = _keys(table, cols)
            if len(cols) == 1 and _is_text(table, cols[0]):  # the values are the distinct texts
                ids = np.where(np.fromiter((k is None for k in keys), dtype=bool, count=len(keys)),
                               -1, np.arange(len(keys)))
            else:  # equal values share an id, e.g. the integers 7 and 07
                seen: dict[tuple, int] = {}
                ids = np.array([-1 if k is None else seen.setdefault(k, len(seen)) for k in keys],
                               dtype=np.int64)
            key_ids = ids[codes] if len(ids) else np.zeros(0, dtype=np.int64)
            present = np.flatnonzero(key_ids >= 0)
            if not len(present) or np.bincount(key_ids[present]).max() == 1:
                continue
            first = np.zeros(len(keys), dtype=np.int64)  # by id: index of its first row
            uniques, at = np.unique(key_ids[present], return_index=True)
            first[uniques] = present[at]
            for i in present[first[key_ids[present]] != present].tolist():
                key = keys[codes[i]]
                what = "value" if len(cols) == 1 else "primary key"
                shown = repr(key) if len(cols) == 1 else f"({_quoted(key)})"
                self.add(table.file, int(table.rows[i]), ",".join(cols),
                         f"duplicate {what} {shown} (also in row {table.rows[first[key_ids[i]]]})")

    def check_foreign_keys(self, table: Table) -> None:
        for local, ref, ref_fields in self.fks.get(table.resource["name"], []):
            target = self.tables.get(ref)
            if target is None or not target.complete or not table.has(*local):
                continue  # the referenced table is reported as broken already
            known = set(_keys(target, ref_fields)[1]) - {None}
            split = len(local) == 1 and _field(table.resource, local[0]).get("x-separator")
            codes, keys = _keys(table, local)
            unknown: dict[int, list] = {}  # by code: the keys or list items not found, in order
            for j, key in enumerate(keys):
                if key is None:
                    continue
                if split:
                    if missing := [item for item in key if item not in known]:
                        unknown[j] = missing
                elif key not in known:
                    unknown[j] = [key]
            messages: dict[str, str] = {}  # a suggestion is slow to find: once per key as shown
            closest = None
            for i in _in_rows(codes, unknown).tolist():
                for item in unknown[int(codes[i])]:
                    shown = repr(item)  # not the key itself: 0.0 == -0.0
                    if shown not in messages:
                        if closest is None and len(local) == 1:
                            closest = _Closest(known)
                        messages[shown] = self._unknown(local, ref, ref_fields, target, closest, item)
                    self.add(table.file, int(table.rows[i]), ",".join(local), messages[shown])

    @staticmethod
    def _unknown(local, ref, ref_fields, target, closest: _Closest | None, key) -> str:
        shown = repr(key) if len(local) == 1 else f"({_quoted(key)})"
        match = closest(str(key)) if len(local) == 1 else None
        return (f"unknown {','.join(local)} {shown}: not found in column "
                f"{','.join(ref_fields)} of {target.file} ({ref})"
                f"{'' if match is None else f'; did you mean {match!r}?'}")

    def check_verbatim(self, table: Table) -> None:
        """Quotes that must occur in the article of their row: each distinct (article, quote) once."""
        for f in table.fields:
            target = "x-verbatim-in" in f and self._file_target(table.resource["name"], f)
            if not target or not table.has(f["name"], f["x-verbatim-in"]):
                continue
            ref, key, file_field = target
            other = self.tables.get(ref)
            if other is None or not other.has(key, file_field):
                continue
            texts = self.texts.get((ref, file_field), {})
            by_key = dict(zip(other.columns[key].values.tolist(),
                              zip(other.rows.tolist(), other.columns[file_field].cells.tolist())))
            quotes = table.columns[f["name"]]
            ref_codes, ref_values, _ = table.columns[f["x-verbatim-in"]].distinct()
            # The row of the article each value names, -1 where it has no text (reported elsewhere).
            article = np.array([-1 if (r := by_key.get(v, (None,))[0]) not in texts else r
                                for v in ref_values.tolist()], dtype=np.int64)
            sought = np.flatnonzero((article[ref_codes] >= 0) & ~_blank(quotes.texts)[quotes.codes])
            if not len(sought):
                continue
            pairs, pair_of = np.unique(ref_codes[sought] * len(quotes.texts) + quotes.codes[sought],
                                       return_inverse=True)
            self.say(f"{table.file}: checking {len(sought):,} {f['name']} values against "
                     f"{len(np.unique(article[ref_codes[sought]])):,} articles…")
            needles: dict[int, str] = {}
            found: list[bool] = []
            refs_of, quotes_of = np.divmod(pairs, len(quotes.texts))  # sorted: article by article
            bounds = np.flatnonzero(np.diff(refs_of, prepend=-1, append=-1)).tolist()
            for a, b in itertools.pairwise(bounds):
                row_ref = int(article[refs_of[a]])
                text = self._normalised_article((ref, file_field, row_ref), texts[row_ref])
                for q in quotes_of[a:b].tolist():
                    if q not in needles:
                        needles[q] = _normalised(quotes.texts[q])
                    found.append(needles[q] in text)
            found = np.array(found, dtype=bool)
            failed = sought[~found[pair_of]]
            messages, out = {}, []
            for i in failed[np.argsort(ref_codes[failed], kind="stable")].tolist():
                r, q = int(ref_codes[i]), int(quotes.codes[i])
                if (r, q) not in messages:
                    row_ref, value = int(article[r]), ref_values[r]
                    messages[r, q] = self._not_found(f, quotes.texts[q], value, by_key[value][1],
                                                     texts[row_ref])
                out.append((int(table.rows[i]), messages[r, q]))
            for row, message in sorted(out, key=lambda x: x[0]):
                self.add(table.file, row, f["name"], message)

    def _normalised_article(self, key: tuple, text: str) -> str:
        """The normalised text of an article, kept for the other tables that quote it."""
        if key not in self.normalised:
            self.normalised[key] = _normalised(text)
        return self.normalised[key]

    @staticmethod
    def _not_found(f: dict, quote: str, ref_value, rel: str, text: str) -> str:
        short = normalise(quote)
        short = short if len(short) <= 60 else short[:59] + "…"
        return (f"quote {short!r} not found in {rel} (text of {f['x-verbatim-in']} "
                f"{ref_value!r}): {describe_mismatch(text, quote)}")

    def check_list_matches(self, table: Table) -> None:
        schema = table.resource["schema"]
        rule = schema.get("x-list-matches") or table.resource.get("x-list-matches")
        pk = _as_list(schema.get("primaryKey"))
        if not isinstance(rule, dict) or len(pk) != 1:
            return
        col, key, value = rule.get("field"), rule.get("key"), rule.get("value")
        other = self.tables.get(rule.get("resource"))
        if other is None or not other.complete or not other.has(key, value) \
                or not table.has(col, pk[0]):
            return
        groups: dict[Any, set] = {}
        for k, v in zip(other.columns[key].values.tolist(), other.columns[value].values.tolist()):
            if k not in (None, BAD) and v not in (None, BAD):
                groups.setdefault(k, set()).add(v)
        for row, ident, listed in zip(table.rows.tolist(), table.columns[pk[0]].values.tolist(),
                                      table.columns[col].values.tolist()):
            if ident in (None, BAD) or listed is BAD:
                continue
            # A field without x-separator holds a single value.
            listed = set(listed) if isinstance(listed, tuple) else {listed} - {None}
            expected = groups.get(ident, set())
            if listed != expected:
                parts = []
                if expected - listed:
                    parts.append(f"missing {_quoted(sorted(expected - listed, key=str))} "
                                 f"(listed by {other.file})")
                if listed - expected:
                    parts.append(f"{_quoted(sorted(listed - expected, key=str))} "
                                 f"has no row in {other.file}")
                self.add(table.file, row, col,
                         f"must equal the {value} values of the {other.file} rows with "
                         f"{key} {ident!r}: " + "; ".join(parts))


    # -- driver ---------------------------------------------------------------

    def run(self) -> dict | None:
        pkg = self.read_schema()
        if pkg is None:
            return None
        self.check_schema(pkg)
        for name, res in self.resources.items():
            began = time.perf_counter()
            table = self.read_table(res)
            if table is not None:
                self.tables[name] = table
                self.check_cells(table)
                self.say(f"{table.file}: {len(table):,} rows read and checked ({_since(began)})")
        began = time.perf_counter()
        for table in self.tables.values():
            self.check_keys(table)
            self.check_foreign_keys(table)
            self.check_verbatim(table)
            self.check_list_matches(table)
        self.say(f"keys, references and quotes checked ({_since(began)})")
        self.normalised.clear()
        for pattern in self.patterns.values():
            if pattern.slow is not None:
                self._schema_problem(f"{pattern.where}: the pattern cannot be checked safely, {pattern.slow}: "
                                     "simplify it (a repetition inside a repetition, such as (a+)+, can take "
                                     "for ever)")
        self.problems = self._sorted(self.problems)
        self.warnings = self._sorted(self.warnings)
        return pkg

    def _sorted(self, problems: list[Problem]) -> list[Problem]:
        files = [SCHEMA_FILE] + [r["path"] for r in self.resources.values()]
        columns = {r["path"]: self._names(r) for r in self.resources.values()}

        def key(p: Problem):
            cols = columns.get(p.file, [])
            first = (p.column or "").split(",")[0]
            col = -1 if p.column is None else cols.index(first) if first in cols else len(cols)
            return (files.index(p.file) if p.file in files else len(files), p.row or 0, col)

        out = Problems(sorted(problems, key=key))
        out.omitted = problems.omitted
        return out


@contextlib.contextmanager
def _collector_paused():
    """Pause the cyclic garbage collector, which a million rows read at once would run again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


#: Times the folder is read again when a file changed while it was read (a merge finishing).
READ_ATTEMPTS = 3


def check(root: Path, progress: Callable[[str], None] | None = None, *,
          overlay: dict[str, bytes] | None = None, warnings: list | None = None
          ) -> tuple[Problems, dict | None, dict[str, Table], dict]:
    """Validate the data folder ``root``.

    Returns the problems (a list, at most :data:`MAX_PROBLEMS`, whose
    ``omitted`` counts the rest), the parsed ``datapackage.json`` (``None`` if
    unreadable), the tables read and the texts of x-file cells keyed by
    ``(resource, field)`` then row number. ``progress``, if given, receives a
    short message as each stage ends.

    ``overlay`` (relative path -> bytes) replaces files of the folder, or
    stands for a folder not yet written. ``warnings``, if given, is extended
    with what is allowed but unsafe (control characters in cells, an
    interrupted merge). Files are read without following links and within the
    sizes of :data:`dashboard.files.LIMITS`; a folder that a merge changes
    while it is read is read again, so the result is the folder before the
    merge or after it, never a mixture.
    """
    root = Path(root)
    for attempt in range(READ_ATTEMPTS):
        try:
            redirect = journal.pending(root) if overlay is None else {}
        except (FileNotFoundError, NotADirectoryError):
            redirect = {}
        except journal.JournalError as e:
            problems = Problems([Problem(journal.JOURNAL, None, None, str(e))])
            return problems, None, {}, {}
        data = files.DataFiles(root, overlay=overlay, redirect=redirect)
        checker = _Checker(data, progress)
        with _collector_paused():
            pkg = checker.run()
        try:
            still = journal.pending(root) if overlay is None else {}
        except (OSError, journal.JournalError):
            still = None
        if still == redirect and data.unchanged():
            break
        if progress is not None:
            progress("the folder changed while it was read (a merge?): reading it again")
    else:
        checker.add(SCHEMA_FILE, None, None, f"the folder kept changing while it was read "
                                             f"({READ_ATTEMPTS} times): try again when the merge or edit is done")
    if redirect:
        checker.warn(journal.JOURNAL, None, None,
                     "a merge was interrupted after it had written its tables: they are read as merged; "
                     "the next merge into this folder finishes it on disk")
    if warnings is not None:
        warnings.extend(checker.warnings)
    return checker.problems, pkg, checker.tables, checker.texts
