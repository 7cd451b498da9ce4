"""Property-based tests of the loader on mutated copies of the bundled data.

Every example copies the bundled data folder into a fresh temporary folder
and applies one to three random mutations: columns dropped or renamed,
cells blanked or given wrong-typed values and bad dates, rows duplicated,
references pointed at missing ids, files truncated, re-encoded, emptied or
deleted, quotes that are not in their article, random unicode in cells,
a corrupted ``datapackage.json``, edited articles. Whatever the mutations,

* ``validate`` returns a list of problems and never raises;
* ``load`` either returns a :class:`Dataset` whose every table has one row
  per CSV record of its file (counted here with the csv module: nothing is
  silently dropped), or raises :class:`DataValidationError` listing problems
  located in a file of the package; never any other exception;
* a mutation known to break the data (a dangling reference, a duplicate id,
  a bad date, a quote not in its article...) makes the load fail, with a
  problem naming the mutated file (and row) when no other mutation
  interferes.

Profiles: by default (``ci``) a bounded number of derandomized examples and
no example database, so every run tries the same examples. For a longer,
randomized search::

    HYPOTHESIS_PROFILE=thorough python -m pytest tests/test_loader_properties.py

(``HYPOTHESIS_EXAMPLES=N`` multiplies the per-test example counts by N
instead of the thorough default.)
"""

from __future__ import annotations

import contextlib
import copy
import csv
import dataclasses
import functools
import io
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import DataValidationError, Dataset, Problem, load, validate
from dashboard.dataset import default_path

# -- profiles ---------------------------------------------------------------------

_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile("ci", deadline=None, derandomize=True, database=None,
                          print_blob=True, suppress_health_check=_HEALTH)
settings.register_profile("thorough", deadline=None, print_blob=True,
                          suppress_health_check=_HEALTH)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
if PROFILE not in ("ci", "thorough"):
    PROFILE = "ci"
SCALE = int(os.environ.get("HYPOTHESIS_EXAMPLES", 25 if PROFILE == "thorough" else 1))


def budget(examples: int) -> settings:
    """Settings of the active profile with ``examples`` (times the scale) examples."""
    return settings(settings.get_profile(PROFILE), max_examples=examples * SCALE)


# -- the bundled data, read once ----------------------------------------------------

SCHEMA_FILE = "datapackage.json"
BUNDLED = default_path()


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


@contextlib.contextmanager
def _big_fields():
    """Let this module's own CSV parsing read fields of any size (restored after)."""
    old = csv.field_size_limit()
    csv.field_size_limit(sys.maxsize)
    try:
        yield
    finally:
        csv.field_size_limit(old)


@functools.lru_cache(maxsize=64)
def _parse(data: bytes) -> tuple[tuple[str, ...], ...] | None:
    try:
        text = data.decode("utf-8-sig")
        with _big_fields():
            records = tuple(map(tuple, csv.reader(io.StringIO(text, newline=""), strict=True)))
    except (UnicodeDecodeError, csv.Error):
        return None
    return records if records and records[0] else None


def parse_csv(data: bytes | None) -> list[list[str]] | None:
    """Records of a CSV file, or ``None`` when it is not strict UTF-8 CSV with a header."""
    records = None if data is None else _parse(data)
    return None if records is None else [list(r) for r in records]


def write_csv(records: list[list[str]]) -> bytes:
    """RFC 4180 CSV with LF line ends.

    Not csv.writer: with ``lineterminator="\\n"`` it leaves a field holding
    a lone CR unquoted, which then reads back as two records.
    """
    def quoted(value: str) -> str:
        if any(c in value for c in '",\r\n'):
            return '"' + value.replace('"', '""') + '"'
        return value

    lines = ['""' if record == [""] else ",".join(map(quoted, record)) for record in records]
    return "".join(line + "\n" for line in lines).encode("utf-8")


def count_records(data: bytes) -> int:
    """Number of records after the header, counted independently of the loader."""
    with _big_fields():
        records = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    return len(records) - 1


ORIGINAL = _snapshot(BUNDLED)
PKG = json.loads(ORIGINAL[SCHEMA_FILE])
RESOURCES = {r["path"]: r for r in PKG["resources"]}  # by file
BY_NAME = {r["name"]: r for r in PKG["resources"]}


def fields(path: str) -> dict[str, dict]:
    return {f["name"]: f for f in RESOURCES[path]["schema"]["fields"]}


def cons(f: dict) -> dict:
    return f.get("constraints") or {}


def primary_key(path: str) -> list[str]:
    pk = RESOURCES[path]["schema"].get("primaryKey") or []
    return [pk] if isinstance(pk, str) else list(pk)


def required(path: str, f: dict) -> bool:
    return bool(cons(f).get("required")) or f["name"] in primary_key(path)


def schema_fks(res: dict) -> list[dict]:
    """The foreign keys of a resource: the standard ones and those of list fields (x-foreignKeys)."""
    return [*res["schema"].get("foreignKeys", []), *res["schema"].get("x-foreignKeys", [])]


def foreign_keys(path: str) -> dict[str, str]:
    """Single-field foreign keys of a resource: local field -> referenced file."""
    out = {}
    for fk in schema_fks(RESOURCES[path]):
        local = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
        if len(local) == 1:
            out[local[0]] = BY_NAME[fk["reference"]["resource"]]["path"]
    return out


def _articles() -> tuple[dict[str, tuple[str, int]], dict[tuple[str, str], str], set[str]]:
    """Article -> (file, row) that names it; (file, key) -> article; articles quoted somewhere."""
    owner, by_key = {}, {}
    for path, res in RESOURCES.items():
        files = [f["name"] for f in res["schema"]["fields"] if f.get("x-file")]
        pk = primary_key(path)
        if not files or len(pk) != 1:
            continue
        records = parse_csv(ORIGINAL[path])
        header = records[0]
        for row, record in enumerate(records[1:], start=2):
            article = record[header.index(files[0])]
            owner[article] = (path, row)
            by_key[(path, record[header.index(pk[0])])] = article
    quoted = set()
    for path in RESOURCES:
        records = parse_csv(ORIGINAL[path])
        for f in fields(path).values():
            ref = f.get("x-verbatim-in")
            if ref and ref in foreign_keys(path):
                j = records[0].index(ref)
                quoted |= {by_key[(foreign_keys(path)[ref], r[j])] for r in records[1:]}
    return owner, by_key, quoted


ARTICLE_OWNER, ARTICLE_BY_KEY, QUOTED_ARTICLES = _articles()
ARTICLES = sorted(ARTICLE_OWNER)
CSV_FILES = sorted(RESOURCES)
MARK = "ZZQ"  # occurs in no article: quotes containing it are never found
MISSING = "zz_missing_"  # prefix of ids that exist nowhere


# -- mutated cases ------------------------------------------------------------------

@dataclass(frozen=True)
class Expect:
    """A problem some mutation must cause.

    In ``file`` (any file when ``None``), at spreadsheet ``row`` (any when
    ``None``), with ``mention`` in its text. ``depends`` lists the files that
    must be left alone by the other mutations for the problem to be reported
    exactly so.
    """

    file: str | None
    row: int | None = None
    mention: str | None = None
    depends: frozenset[str] = frozenset()

    def matches(self, p: Problem) -> bool:
        return ((self.file is None or p.file == self.file)
                and (self.row is None or p.row == self.row)
                and (self.mention is None or self.mention in str(p)))


@dataclass
class Mutation:
    description: str
    touched: frozenset[str]
    expect: Expect | None = None  # set when the mutation certainly breaks the data

    def __repr__(self) -> str:
        return self.description


class Case:
    """The files of a data folder (relative path -> bytes) and how they were mutated.

    A plain class, so that Hypothesis shows a failing case by its mutations
    rather than by the bytes of every file.
    """

    def __init__(self, files: dict[str, bytes]):
        self.files = files
        self.mutations: list[Mutation] = []

    def __repr__(self) -> str:
        return f"Case({self.mutations!r})"

    def write(self, root: Path) -> Path:
        for rel, data in self.files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        root.mkdir(parents=True, exist_ok=True)
        return root

    def records(self, path: str) -> list[list[str]] | None:
        return parse_csv(self.files.get(path))

    def tables(self) -> dict[str, list[list[str]]]:
        """The CSV files that can still be edited cell by cell."""
        return {p: r for p in CSV_FILES if (r := self.records(p)) is not None}

    def _touched_by_others(self, i: int, later_only: bool) -> set[str]:
        others = self.mutations[i + 1:] if later_only else \
            self.mutations[:i] + self.mutations[i + 1:]
        return set().union(*(m.touched for m in others))

    def must_fail(self) -> list[Mutation]:
        """Mutations that break the data whatever else was done."""
        out = []
        for i, m in enumerate(self.mutations):
            if m.expect is None:
                continue
            # A later edit of the same files may undo the damage, and a changed
            # schema may stop checking it.
            later = self._touched_by_others(i, later_only=True)
            if later & (m.touched | m.expect.depends) or \
                    SCHEMA_FILE in self._touched_by_others(i, later_only=False):
                continue
            out.append(m)
        return out

    def must_name(self) -> list[Mutation]:
        """Mutations whose problem must be reported at the expected place."""
        out = []
        for i, m in enumerate(self.mutations):
            if m.expect is None:
                continue
            others = self._touched_by_others(i, later_only=False)
            if not others & (m.touched | m.expect.depends | {SCHEMA_FILE}):
                out.append(m)
        return out

    def schema_files(self) -> set[str]:
        """Files a problem may be reported in: the package's and any in a (changed) schema."""
        files = {SCHEMA_FILE, *RESOURCES, *ARTICLES}
        try:
            pkg = json.loads(self.files[SCHEMA_FILE].decode("utf-8-sig"))
            files |= {r["path"] for r in pkg["resources"]
                      if isinstance(r, dict) and isinstance(r.get("path"), str)}
        except (KeyError, TypeError, ValueError, RecursionError):
            pass  # a corrupted schema names no other file
        return files


def full_rows(records: list[list[str]]) -> list[int]:
    """Indexes of the records that have as many fields as the header."""
    return [i for i in range(1, len(records)) if len(records[i]) == len(records[0])]


def shown(value: str, limit: int = 40) -> str:
    return repr(value) if len(value) <= limit else f"{value[:limit]!r}...({len(value)} chars)"


# Text for cells: any unicode, the awkward characters, and very long strings.
AWKWARD = ["\x00", "\u200f", "\u200e", "\u202e", "\u2066", "\ufeff", "\u0301", "\u0308\u0308",
           "\U0001F600", "\U0001F469\u200d\U0001F469\u200d\U0001F467", "\r", "\n", "\r\n",
           '"', '""', ",", "|", ";", "\t", "\u2028", "\u00a0", "\\", "'", "\u201c", "\u2019",
           "\U00010000", "\uffff", "\x7f", "\x1b[31m", "NA", "null", "=1+1"]
LONG_UNITS = ["a", "\u00e9", "\U0001F600", "9", "x\u0301", " |", ",\"", "|"]
long_text = st.builds(lambda unit, n: unit * n, st.sampled_from(LONG_UNITS),
                      st.integers(1_000, 200_000))
cell_text = st.one_of(
    st.text(max_size=30),
    st.lists(st.one_of(st.sampled_from(AWKWARD), st.text(max_size=4)), max_size=8).map("".join),
    long_text,
)

NOT_DATES = ["2024-02-30", "24/03/2024", "2024-3-5", "2023-02-29", "2024-13-01", "2024-00-10",
             "2024-04-31", "20240322", "0000-01-01", "9999-12-31", "1500-06-01",
             " 2024-03-22", "2024-03-22 ", "\uff12\uff10\uff12\uff14-03-22", "2024-03-22T10:00",
             "March 22, 2024", "22.03.2024", "2024/03/22", "2024-03", "yesterday", "true", "1"]
NOT_INTEGERS = ["12.5", "twelve", "1,000", "1e3", "0x1f", "\u0661\u0662", "NaN", "", "-", "+",
                "1 2", " 7", "true", str(2 ** 63), str(-(2 ** 63) - 1), "9" * 5000, "-" + "1" * 40]
NOT_NUMBERS = ["abc", "1,5", "1.2.3", "--1", "1e", "\u0661"]
NOT_BOOLEANS = ["yes", "no", "True", "FALSE", "1", "0", "t", "y", "\u2713"]


def wrong_values(path: str, f: dict) -> list[str]:
    """Values that are certainly invalid in field ``f``."""
    kind, c = f.get("type", "string"), cons(f)
    if kind == "date":
        values = list(NOT_DATES)
    elif kind == "integer":
        values = list(NOT_INTEGERS)
        if isinstance(c.get("minimum"), int):
            values.append(str(c["minimum"] - 1))
    elif kind == "number":
        values = list(NOT_NUMBERS)
    elif kind == "boolean":
        values = [v for v in NOT_BOOLEANS
                  if v not in f.get("trueValues", ["true"]) + f.get("falseValues", ["false"])]
    elif "enum" in c:
        first = str(c["enum"][0])
        values = ["unknown_value", first.upper(), first.title(), f" {first}", f"{first} "]
    else:
        return []
    values = [v for v in values if v not in [str(e) for e in c.get("enum", [])]]
    if not required(path, f):
        values = [v for v in values if v.strip()]  # empty is fine in an optional cell
    return values


# -- the mutations ------------------------------------------------------------------

OPS = []


def op(when):
    """Register a mutation, applicable to a case when ``when(case)`` holds."""
    def register(fn):
        fn.when = when
        OPS.append(fn)
        return fn
    return register


def cells(case: Case, pred) -> list[tuple[str, str]]:
    """(file, column) of the editable cells whose schema field satisfies ``pred(file, field)``."""
    out = []
    for path, records in case.tables().items():
        header = records[0]
        if not full_rows(records):
            continue
        for name, f in fields(path).items():
            if header.count(name) == 1 and pred(path, f):
                out.append((path, name))
    return out


def edit_cell(draw, case: Case, pred, value_for, what: str, known) -> Mutation:
    """Set one cell chosen among ``cells(case, pred)`` to a value drawn from ``value_for``.

    ``known(path, field, value, record)`` returns True or an :class:`Expect`
    when the new value certainly breaks the data (the problem is then expected
    in the edited row), else a false value.
    """
    path, name = draw(st.sampled_from(cells(case, pred)))
    records = case.records(path)
    i = draw(st.sampled_from(full_rows(records)))
    j = records[0].index(name)
    f = fields(path)[name]
    value = draw(value_for(path, f, records[i][j]))
    records[i][j] = value
    case.files[path] = write_csv(records)
    expect = known(path, f, value, records[i])
    if expect is True:
        expect = Expect(path, depends=frozenset({path}))
    if isinstance(expect, Expect):  # the problem is in the edited row
        expect = dataclasses.replace(expect, row=i + 1)
    return Mutation(f"{what} {path} row {i + 1} {name}={shown(value)}", frozenset({path}),
                    expect or None)


@op(lambda case: bool(case.tables()))
def drop_column(draw, case):
    path = draw(st.sampled_from(sorted(case.tables())))
    records = case.records(path)
    j = draw(st.integers(0, len(records[0]) - 1))
    name = records[0][j]
    case.files[path] = write_csv([r[:j] + r[j + 1:] for r in records])
    known = name in fields(path) and records[0].count(name) == 1
    return Mutation(f"drop column {path} {name!r}", frozenset({path}),
                    Expect(path, mention=name) if known else None)


@op(lambda case: bool(case.tables()))
def rename_column(draw, case):
    path = draw(st.sampled_from(sorted(case.tables())))
    records = case.records(path)
    j = draw(st.integers(0, len(records[0]) - 1))
    old = records[0][j]
    new = draw(st.one_of(
        st.sampled_from([old.upper(), old + "_", " " + old, old + " ", old + "\u200b",
                         old.replace("_", " "), "", *fields(path)]),
        cell_text))
    if new == old:
        new = old + "x"
    records[0][j] = new
    case.files[path] = write_csv(records)
    known = old in fields(path) and records[0].count(old) == 0
    return Mutation(f"rename column {path} {old!r} -> {shown(new)}", frozenset({path}),
                    Expect(path) if known else None)


@op(lambda case: bool(cells(case, lambda p, f: True)))
def blank_cell(draw, case):
    return edit_cell(draw, case, lambda p, f: True,
                     lambda p, f, old: st.sampled_from(["", " ", "\t", "  \u00a0 "]),
                     "blank", lambda p, f, v, rec: required(p, f))


@op(lambda case: bool(cells(case, lambda p, f: bool(wrong_values(p, f)))))
def wrong_type(draw, case):
    return edit_cell(draw, case, lambda p, f: bool(wrong_values(p, f)),
                     lambda p, f, old: st.sampled_from(wrong_values(p, f)),
                     "wrong type", lambda p, f, v, rec: True)


@op(lambda case: bool(cells(case, lambda p, f: f.get("type") == "date")))
def bad_date(draw, case):
    return edit_cell(draw, case, lambda p, f: f.get("type") == "date",
                     lambda p, f, old: st.sampled_from(NOT_DATES[:11]),
                     "bad date", lambda p, f, v, rec: True)


@op(lambda case: any(full_rows(r) for r in case.tables().values()))
def duplicate_row(draw, case):
    path = draw(st.sampled_from(sorted(p for p, r in case.tables().items() if full_rows(r))))
    records = case.records(path)
    i = draw(st.sampled_from(full_rows(records)))
    k = draw(st.integers(1, len(records)))
    records.insert(k, list(records[i]))
    later = max(k, i + 1 if k <= i else i) + 1  # spreadsheet row of the second copy
    case.files[path] = write_csv(records)
    keyed = bool(primary_key(path)) or any(cons(f).get("unique") for f in fields(path).values())
    return Mutation(f"duplicate {path} row {i + 1} as row {k + 1}", frozenset({path}),
                    Expect(path, later, depends=frozenset({path})) if keyed else None)


def _is_fk(path, f):
    return f["name"] in foreign_keys(path)


@op(lambda case: bool(cells(case, _is_fk)))
def dangling_reference(draw, case):
    def value_for(path, f, old):
        missing = st.text("abcdefghij", min_size=1, max_size=4).map(lambda s: MISSING + s)
        sep = f.get("x-separator")
        if not sep or not old:
            return missing
        items = old.split(sep)
        return st.tuples(st.integers(0, len(items)), missing).map(
            lambda t: sep.join(items[:t[0]] + [t[1]] + items[t[0] + 1:]))

    def known(path, f, value, record):
        ref = foreign_keys(path)[f["name"]]
        return Expect(path, depends=frozenset({path, ref}))

    return edit_cell(draw, case, _is_fk, value_for, "dangling reference", known)


def _is_quote(path, f):
    return bool(f.get("x-verbatim-in")) and f["x-verbatim-in"] in foreign_keys(path)


@op(lambda case: bool(cells(case, _is_quote)))
def quote_not_in_article(draw, case):
    def value_for(path, f, old):
        words = old.split()
        fabricated = st.text("abcdefghijklmnopqrstuvwxyz ,.", max_size=40).map(
            lambda s: f"{MARK} {s}")
        if not words:
            return fabricated
        return st.one_of(
            fabricated,
            st.just(f"{old} {MARK}"),
            st.integers(0, len(words) - 1).map(
                lambda k: " ".join(words[:k] + [MARK] + words[k + 1:])))

    def known(path, f, value, record):
        ref = f["x-verbatim-in"]
        key = record[case.records(path)[0].index(ref)]
        target = foreign_keys(path)[ref]
        article = ARTICLE_BY_KEY.get((target, key))
        depends = {path, target} | ({article} if article else set())
        return Expect(path, depends=frozenset(depends))

    return edit_cell(draw, case, _is_quote, value_for, "quote not in article", known)


@op(lambda case: bool(cells(case, lambda p, f: True)))
def unicode_in_cell(draw, case):
    def value_for(path, f, old):
        return st.tuples(st.integers(0, len(old)), st.sampled_from(["insert", "replace"]),
                         cell_text).map(
            lambda t: old[:t[0]] + t[2] + old[t[0]:] if t[1] == "insert" else t[2])
    return edit_cell(draw, case, lambda p, f: True, value_for, "unicode in",
                     lambda p, f, v, rec: False)


def _package_file(rel: str) -> bool:
    """Whether ``rel`` is read by the loader: the schema, a table or an article."""
    return rel == SCHEMA_FILE or rel in RESOURCES or rel in ARTICLE_OWNER


def _file_expect(rel: str) -> Expect:
    """The problem expected when file ``rel`` cannot be read at all."""
    if rel in ARTICLE_OWNER:
        owner, row = ARTICLE_OWNER[rel]
        return Expect(owner, row, mention=rel, depends=frozenset({owner, rel}))
    return Expect(rel, depends=frozenset({rel}))


def _mid_quoted(data: bytes) -> list[int]:
    """Offsets at which truncating ``data`` leaves a quoted CSV field open."""
    out, state = [], "start"
    for off, b in enumerate(data):
        if state == "quoted":
            out.append(off)
        c = chr(b)
        if state == "start":
            state = "quoted" if c == '"' else "start" if c in ",\r\n" else "field"
        elif state == "field":
            state = "start" if c in ",\r\n" else "field"
        elif state == "quoted":
            state = "quote" if c == '"' else "quoted"
        else:  # after a quote inside a quoted field
            state = "quoted" if c == '"' else "start" if c in ",\r\n" else "field"
    return out


@op(lambda case: bool(case.files))
def truncate_file(draw, case):
    rel = draw(st.sampled_from(sorted(case.files)))
    data = case.files[rel]
    mid_utf8 = [o for o, b in enumerate(data) if 0x80 <= b <= 0xBF]
    mid_quoted = _mid_quoted(data) if rel in RESOURCES else []
    choices = ["anywhere"] + ["mid_utf8"] * bool(mid_utf8) + ["mid_quoted"] * bool(mid_quoted)
    how = draw(st.sampled_from(choices))
    offset = draw({"anywhere": st.integers(0, len(data)), "mid_utf8": st.sampled_from(mid_utf8),
                   "mid_quoted": st.sampled_from(mid_quoted)}[how])
    case.files[rel] = data[:offset]
    known = False
    if offset < len(data) and data[offset:offset + 1] and 0x80 <= data[offset] <= 0xBF:
        known = _valid_utf8(data)  # cut inside a character
    if rel in RESOURCES:
        known = known or not data[:offset].strip() or (how == "mid_quoted" and _valid_utf8(data))
    elif rel == SCHEMA_FILE:
        known = offset <= data.rfind(b"}")
    return Mutation(f"truncate {rel} at byte {offset} of {len(data)} ({how})", frozenset({rel}),
                    _file_expect(rel) if known and _package_file(rel) else None)


def _valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@op(lambda case: any(_valid_utf8(d) for d in case.files.values()))
def reencode_file(draw, case):
    rel = draw(st.sampled_from(sorted(r for r, d in case.files.items() if _valid_utf8(d))))
    encoding = draw(st.sampled_from(["latin-1", "cp1252", "utf-16", "utf-16-le", "utf-16-be",
                                     "utf-32", "mac-roman"]))
    old = case.files[rel]
    new = old.decode("utf-8-sig").encode(encoding, errors="replace")
    case.files[rel] = new
    known = not _valid_utf8(new) or (encoding.startswith("utf-") and bool(old.strip()))
    return Mutation(f"re-encode {rel} as {encoding}", frozenset({rel}),
                    _file_expect(rel) if known and new != old and _package_file(rel) else None)


@op(lambda case: bool(case.files))
def invalid_bytes(draw, case):
    rel = draw(st.sampled_from(sorted(case.files)))
    data = case.files[rel]
    offset = draw(st.integers(0, len(data)))
    junk = draw(st.sampled_from([b"\xff", b"\xfe", b"\xc0\xaf", b"\xed\xa0\x80",
                                 b"\xf8\x88\x80\x80\x80", b"\xc3(", b"\xe2\x82"]))
    case.files[rel] = data[:offset] + junk + data[offset:]
    return Mutation(f"insert {junk!r} into {rel} at byte {offset}", frozenset({rel}),
                    _file_expect(rel) if _package_file(rel) else None)


@op(lambda case: bool(case.files))
def delete_file(draw, case):
    rel = draw(st.sampled_from(sorted(case.files)))
    del case.files[rel]
    return Mutation(f"delete {rel}", frozenset({rel}),
                    _file_expect(rel) if _package_file(rel) else None)


@op(lambda case: bool(case.files))
def empty_file(draw, case):
    rel = draw(st.sampled_from(sorted(case.files)))
    case.files[rel] = draw(st.sampled_from([b"", b"\n", b"  \r\n", b"\xef\xbb\xbf"]))
    if rel in RESOURCES or rel == SCHEMA_FILE:
        expect = _file_expect(rel)
    elif rel in QUOTED_ARTICLES:  # its quotes are no longer found
        expect = Expect(None, mention=rel,
                        depends=frozenset({rel, *RESOURCES}))
    else:
        expect = None
    return Mutation(f"empty {rel}", frozenset({rel}), expect)


@op(lambda case: any(a in case.files for a in ARTICLES))
def change_article(draw, case):
    rel = draw(st.sampled_from([a for a in ARTICLES if a in case.files]))
    data = case.files[rel]
    how = draw(st.sampled_from(["append", "prepend", "splice", "nul", "lower", "crlf"]))
    text = draw(cell_text.filter(lambda s: MARK not in s)).encode("utf-8")
    at = draw(st.integers(0, len(data)))
    if how == "append":
        new = data + text
    elif how == "prepend":
        new = text + data
    elif how == "splice":
        new = data[:at] + text + data[at + draw(st.integers(0, 200)):]
    elif how == "nul":
        new = data[:at] + b"\x00" + data[at:]
    elif how == "lower":
        new = data.lower()
    else:
        new = data.replace(b"\n", b"\r\n")
    case.files[rel] = new
    known = how == "nul" and _valid_utf8(data)
    return Mutation(f"change {rel}: {how} {shown(text.decode('utf-8'))} at {at}",
                    frozenset({rel}), _file_expect(rel) if known else None)


# -- datapackage.json ----------------------------------------------------------------

SCHEMA_KEYS = ["name", "path", "schema", "fields", "type", "constraints", "required", "unique",
               "pattern", "enum", "minimum", "maximum", "minLength", "maxLength", "primaryKey",
               "foreignKeys", "x-foreignKeys", "reference", "resource", "x-separator", "x-file", "x-verbatim-in",
               "x-required-with", "x-list-matches", "trueValues", "falseValues", "key", "value",
               "field", "format", "resources"]
VOCABULARY = sorted({*SCHEMA_KEYS, "string", "date", "integer", "number", "boolean", "uuid",
                     "", "|", ",", ".", "..", "/", "\x00", "^[a-z]+$", "[", "(?P<", "\\",
                     *BY_NAME, *RESOURCES, *ARTICLES, "../outside.csv", "/etc/passwd",
                     "x" * 300, "a/" * 200, "claims.csv\x00",
                     *(f["name"] for r in PKG["resources"] for f in r["schema"]["fields"])})
json_scalar = st.one_of(st.none(), st.booleans(), st.integers(-3, 10), st.integers(),
                        st.floats(), st.text(max_size=8), st.sampled_from(VOCABULARY))
json_value = st.recursive(
    json_scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.sampled_from(SCHEMA_KEYS) | st.text(max_size=4),
                                            inner, max_size=3)),
    max_leaves=6)


def json_nodes(node, path=()):
    """Paths to the nodes of a JSON document, skipping prose."""
    yield path
    if isinstance(node, dict):
        for k, v in node.items():
            if k not in ("description", "title", "x-conventions"):
                yield from json_nodes(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from json_nodes(v, path + (i,))


def corrupt_json(draw, pkg):
    """One structural change to the parsed ``datapackage.json``; returns (pkg, description)."""
    paths = list(json_nodes(pkg))
    path = draw(st.sampled_from(paths))
    parent = pkg
    for k in path[:-1]:
        parent = parent[k]
    node = parent[path[-1]] if path else pkg
    actions = ["replace", "vocabulary"]
    if path:
        actions.append("delete")
    if isinstance(node, dict):
        actions.append("add_key")
    if isinstance(node, list) and node:
        actions.append("duplicate_item")
    if isinstance(node, str):
        actions.append("wrap_in_list")
    action = draw(st.sampled_from(actions))
    if action in ("replace", "vocabulary", "wrap_in_list"):
        value = (draw(json_value) if action == "replace" else
                 draw(st.sampled_from(VOCABULARY)) if action == "vocabulary" else [node])
        if not path:
            return value, f"replace the whole document with {shown(repr(value))}"
        parent[path[-1]] = value
        what = shown(repr(value))
    elif action == "delete":
        del parent[path[-1]]
        what = ""
    elif action == "add_key":
        key = draw(st.sampled_from(SCHEMA_KEYS))
        node[key] = draw(st.one_of(json_value, st.sampled_from(VOCABULARY)))
        what = f"{key}={shown(repr(node[key]))}"
    else:
        node.insert(draw(st.integers(0, len(node))),
                    copy.deepcopy(node[draw(st.integers(0, len(node) - 1))]))
        what = ""
    return pkg, f"{action} at {'/'.join(map(str, path)) or '(root)'} {what}".rstrip()


def _schema_ok(pkg) -> bool:
    return isinstance(pkg, dict) and isinstance(pkg.get("resources"), list)


@op(lambda case: SCHEMA_FILE in case.files)
def corrupt_schema(draw, case):
    data = case.files[SCHEMA_FILE]
    try:
        pkg = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        pkg = None
    if pkg is None or draw(st.integers(0, 9)) == 0:
        return _schema_garbage(draw, case)
    pkg, what = corrupt_json(draw, pkg)
    case.files[SCHEMA_FILE] = json.dumps(pkg, indent=2, ensure_ascii=draw(st.booleans()),
                                         allow_nan=True).encode("utf-8")
    return Mutation(f"corrupt {SCHEMA_FILE}: {what}", frozenset({SCHEMA_FILE}),
                    None if _schema_ok(pkg) else _file_expect(SCHEMA_FILE))


def _schema_garbage(draw, case):
    case.files[SCHEMA_FILE] = draw(st.sampled_from([b"{", b"[]", b"null", b'{"resources": {}}',
                                                    b'{"resources": [1, "x", null]}']))
    return Mutation(f"replace {SCHEMA_FILE} with garbage", frozenset({SCHEMA_FILE}),
                    _file_expect(SCHEMA_FILE))


@st.composite
def mutated_cases(draw, ops=None, min_mutations=1, max_mutations=3) -> Case:
    ops = OPS if ops is None else ops
    case = Case(dict(ORIGINAL))
    for _ in range(draw(st.integers(min_mutations, max_mutations))):
        usable = [o for o in ops if o.when(case)]
        if not usable:
            break
        case.mutations.append(draw(st.sampled_from(usable))(draw, case))
    return case


# -- the property --------------------------------------------------------------------

def check_outcome(case: Case, root: Path) -> Dataset | None:
    """Assert the loader's contract on the data folder ``root`` written from ``case``."""
    problems = validate(root)
    assert isinstance(problems, list)
    assert all(isinstance(p, Problem) for p in problems)
    try:
        ds = load(root)
    except DataValidationError as err:
        assert err.problems, "DataValidationError without problems"
        assert list(err.problems) == problems, "load and validate disagree"
        allowed = case.schema_files()
        for p in err.problems:
            assert p.file in allowed, f"problem in a file outside the package: {p}"
            assert str(p).startswith(f"{p.file}:"), p
        listing = "\n".join(map(str, problems))
        for m in case.must_name():
            assert any(m.expect.matches(p) for p in problems), \
                f"{m.description}: no problem matches {m.expect}; got:\n{listing}"
        return None
    assert problems == [], "load succeeded although validate found problems"
    broken = case.must_fail()
    assert not broken, f"loaded although {broken} breaks the data"
    names = [r["name"] for r in ds.schema["resources"]]
    assert list(ds.tables) == names
    for res in ds.schema["resources"]:
        expected = count_records((root / res["path"]).read_bytes())
        assert len(ds.tables[res["name"]]) == expected, \
            f"{res['path']}: {len(ds.tables[res['name']])} rows loaded, {expected} CSV records"
    return ds


def run_case(case: Case) -> Dataset | None:
    with tempfile.TemporaryDirectory(prefix="loader-prop-") as tmp:
        return check_outcome(case, case.write(Path(tmp) / "data"))


@budget(300)
@given(case=mutated_cases())
def test_mutated_data_loads_or_fails_with_located_problems(case):
    run_case(case)


@budget(150)
@given(case=mutated_cases(ops=[corrupt_schema], min_mutations=1, max_mutations=3))
def test_corrupted_schema_loads_or_fails_with_located_problems(case):
    run_case(case)


SINGLE_BREAKING = [blank_cell, wrong_type, bad_date, duplicate_row, dangling_reference,
                   quote_not_in_article, delete_file, invalid_bytes]


@budget(100)
@given(case=mutated_cases(ops=SINGLE_BREAKING, min_mutations=1, max_mutations=1))
def test_single_breaking_mutation_is_reported_where_it_was_made(case):
    m, = case.mutations
    if m.expect is not None:  # e.g. a blanked optional cell may stay valid
        assert run_case(case) is None, f"loaded although {m} breaks the data"
    else:
        run_case(case)


# -- free text survives the round trip ----------------------------------------------

REFERENCED = {(fk["reference"]["resource"], name) for r in PKG["resources"]
              for fk in schema_fks(r) for name in fk["reference"]["fields"]}


def _free_text(path: str, f: dict) -> bool:
    """A string field that any non-blank text satisfies."""
    res = RESOURCES[path]
    rule = res["schema"].get("x-list-matches") or {}
    return (f.get("type", "string") == "string" and set(cons(f)) <= {"required"}
            and not any(k.startswith("x-") for k in f)
            and f["name"] not in primary_key(path) and f["name"] not in foreign_keys(path)
            and (res["name"], f["name"]) not in REFERENCED
            and f["name"] not in {g.get("x-required-with") for g in fields(path).values()}
            and f["name"] not in rule.values())


FREE_TEXT = [(p, n) for p in CSV_FILES for n, f in fields(p).items() if _free_text(p, f)]


@st.composite
def free_text_edits(draw):
    case = Case(dict(ORIGINAL))
    edits = []
    for _ in range(draw(st.integers(1, 3))):
        path, name = draw(st.sampled_from(FREE_TEXT))
        records = case.records(path)
        i = draw(st.integers(1, len(records) - 1))
        value = draw(cell_text.map(lambda s: s if s.strip() else s + "x"))  # not blank
        records[i][records[0].index(name)] = value
        case.files[path] = write_csv(records)
        case.mutations.append(Mutation(f"set {path} row {i + 1} {name}={shown(value)}",
                                       frozenset({path})))
        edits.append((path, name, i))
    return case, edits


@budget(60)
@given(free_text_edits())
def test_any_free_text_loads_unchanged(case_edits):
    case, edits = case_edits
    ds = run_case(case)
    assert ds is not None, "valid free text was rejected"
    for path, name, i in edits:
        expected = case.records(path)[i][case.records(path)[0].index(name)]
        assert ds.tables[RESOURCES[path]["name"]][name].iloc[i - 1] == expected


# -- the generator's own assumptions ------------------------------------------------

def test_generator_assumptions():
    assert validate(BUNDLED) == []
    assert not any(MARK.encode() in data or MISSING.encode() in data
                   for data in ORIGINAL.values())
    fk_fields = {n for p in CSV_FILES for n in foreign_keys(p)}
    assert {"actor_id", "target_id", "source_id", "statement_id", "metric", "stance",
            "event_id", "source_ids"} <= fk_fields
    assert {f["type"] for p in CSV_FILES for f in fields(p).values()} >= {
        "date", "integer", "boolean"}
    assert cells(Case(dict(ORIGINAL)), _is_quote)
    assert ARTICLES and set(ARTICLES) <= set(ORIGINAL)
    assert FREE_TEXT
    assert _mid_quoted(b'a,"b""c",d\n') == [3, 4, 6, 7]
    for record in (["a", 'b"c', "d\re", "f\ng", "", "\x00\r"], [""], ["", ""]):
        assert parse_csv(write_csv([["h"], record]))[1:] == [record]
