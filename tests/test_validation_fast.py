"""The columnar CSV reader (pyarrow) against the record-by-record one (the csv module).

Every folder below, valid or broken in one way, must give the same problems, warnings and
tables whichever reader read its files; and the columnar reader must be the one used for
every file it can read, or it would speed nothing up.
"""

from __future__ import annotations

import numpy as np
import pytest

from dashboard import validation


def _edit(data, table: str, row: int, column: str, value: str) -> None:
    data.edit(table, row, column, value)


def _raw(data, table: str, change) -> None:
    path = data.file(table)
    path.write_bytes(change(path.read_bytes()))


def _line(data, table: str, row: int) -> bytes:
    """The bytes of a record that spans one line."""
    return data.file(table).read_bytes().split(b"\n")[row - 1]


def _replace_line(data, table: str, row: int, new: bytes) -> None:
    def change(raw: bytes) -> bytes:
        lines = raw.split(b"\n")
        lines[row - 1] = new
        return b"\n".join(lines)
    _raw(data, table, change)


def _quoted_row(data, table: str) -> int:
    """A record on one line that has a quoted field."""
    lines = data.file(table).read_bytes().split(b"\n")
    return next(i for i, line in enumerate(lines[1:], start=2) if b',"' in line and line.count(b'"') == 2)


BROKEN = {
    "valid": lambda d: None,
    "wrong type (date)": lambda d: _edit(d, "claims", 3, "said_on", "yesterday"),
    "not a calendar date": lambda d: _edit(d, "claims", 4, "said_on", "2024-02-30"),
    "wrong type (integer or number)": lambda d: _edit(d, "figures", 2, "value", "twelve"),
    "missing required cell": lambda d: _edit(d, "claims", 5, "claim_id", ""),
    "whitespace-only cell": lambda d: _edit(d, "claims", 5, "quote", "  \t "),
    "bad enum": lambda d: _edit(d, "claims", 6, "mode", "direkt"),
    "pattern": lambda d: _edit(d, "sources", 2, "language", "English"),
    "required-with": lambda d: _edit(d, "claims", 2, "said_on_precision", "day" if not d.cell(
        "claims", 2, "said_on") else ""),
    "duplicate key": lambda d: d.write("claims", d.read("claims") + [d.read("claims")[3]]),
    "dangling foreign key": lambda d: _edit(d, "claims", 7, "source_id", "no_such_source"),
    "dangling list item": lambda d: _edit(d, "events", 2, "source_ids", d.cell("events", 2, "source_ids") + "|zz"),
    "empty list item": lambda d: _edit(d, "actors", 2, "aliases", "a||b"),
    "quote not in its article": lambda d: _edit(d, "claims", 8, "quote", "words the article never printed"),
    "control character": lambda d: _edit(d, "claims", 9, "evidence", "see \x1b[31m here"),
    "bare carriage return in a cell": lambda d: _edit(d, "claims", 9, "evidence", "one\rtwo"),
    "line break in a quoted cell": lambda d: _edit(d, "claims", 9, "evidence", "one\r\ntwo\nthree"),
    "doubled quotes in a cell": lambda d: _edit(d, "claims", 9, "evidence", 'he said ""no"" "twice"'),
    "blank line in a quoted cell": lambda d: _edit(d, "claims", 9, "evidence", "one\n\ntwo\r\n\r\n"),
    "record of empty cells": lambda d: _raw(d, "claims", lambda b: b + b"," * 12 + b"\n"),
    "NUL character": lambda d: _edit(d, "claims", 9, "evidence", "a\x00b"),
    "BOM": lambda d: _raw(d, "claims", lambda b: b"\xef\xbb\xbf" + b),
    "invalid UTF-8": lambda d: _raw(d, "claims", lambda b: b.replace(b"accuses", b"acc\xffses", 1)),
    "CRLF line ends": lambda d: _raw(d, "claims", lambda b: b.replace(b"\n", b"\r\n")),
    "CR line ends": lambda d: _raw(d, "claims", lambda b: b.replace(b"\n", b"\r")),
    "no final line break": lambda d: _raw(d, "claims", lambda b: b.rstrip(b"\n")),
    "blank line": lambda d: _raw(d, "claims", lambda b: b.replace(b"\n", b"\n\n", 3)),
    "blank line at the end": lambda d: _raw(d, "claims", lambda b: b + b"\n"),
    "blank CRLF line": lambda d: _raw(d, "claims", lambda b: b.replace(b"\n", b"\r\n\r\n", 2)),
    "spaces-only line": lambda d: _raw(d, "claims", lambda b: b.replace(b"\n", b"\n   \n", 2)),
    "record a field short": lambda d: _replace_line(d, "claims", 4, _line(d, "claims", 4).rsplit(b",", 1)[0]),
    "record a field long": lambda d: _replace_line(d, "claims", 4, _line(d, "claims", 4) + b",extra"),
    "quote inside an unquoted field": lambda d: _raw(d, "claims", lambda b: b.replace(b",accuses,", b',acc"uses,', 1)),
    "text after a closing quote": lambda d: _replace_line(
        d, "claims", _quoted_row(d, "claims"), _line(d, "claims", _quoted_row(d, "claims")).replace(b'",', b'"x,', 1)),
    "space before an opening quote": lambda d: _replace_line(
        d, "claims", _quoted_row(d, "claims"), _line(d, "claims", _quoted_row(d, "claims")).replace(b',"', b', "', 1)),
    "unclosed quote at the end": lambda d: _raw(d, "claims", lambda b: b + b'c_unfinished,"an unclosed quote\n'),
    "extra column": lambda d: d.add_column("claims", "notes", "x"),
    "missing column": lambda d: d.drop_column("claims", "evidence"),
    "repeated header column": lambda d: d.write("claims", [r + [r[0]] for r in d.read("claims")]),
    "header only": lambda d: d.write("claims", d.read("claims")[:1]),
    "empty file": lambda d: d.file("claims").write_bytes(b""),
    "one-column file": lambda d: d.write("stances", [r[:1] for r in d.read("stances")]),
}


def _check(path):
    warnings = []
    problems, schema, tables, texts = validation.check(path, warnings=warnings)
    return [str(p) for p in problems], [str(w) for w in warnings], tables, texts


def _same_tables(fast: dict, slow: dict) -> None:
    assert fast.keys() == slow.keys()
    for name, a in fast.items():
        b = slow[name]
        assert (a.header, a.complete, a.rows.tolist()) == (b.header, b.complete, b.rows.tolist()), name
        assert a.columns.keys() == b.columns.keys(), name
        for column, x in a.columns.items():
            y = b.columns[column]
            assert np.array_equal(x.codes, y.codes) and x.texts.tolist() == y.texts.tolist(), (name, column)
            assert [repr(v) for v in x.values.tolist()] == [repr(v) for v in y.values.tolist()], (name, column)


#: Cases whose files are all plain CSV, which the columnar reader must read itself.
PLAIN = {"valid", "wrong type (date)", "not a calendar date", "wrong type (integer or number)",
         "missing required cell", "whitespace-only cell", "bad enum", "pattern", "required-with",
         "duplicate key", "dangling foreign key", "dangling list item", "empty list item",
         "quote not in its article", "control character",
         "line break in a quoted cell", "doubled quotes in a cell", "BOM", "CRLF line ends",
         "CR line ends", "blank line in a quoted cell", "no final line break", "extra column", "missing column", "repeated header column",
         "header only", "one-column file"}
#: Cases that are no problem at all.
FINE = {"valid", "line break in a quoted cell", "blank line in a quoted cell", "doubled quotes in a cell", "BOM", "CRLF line ends",
        "CR line ends", "no final line break", "header only"}


@pytest.mark.parametrize("case", BROKEN)
def test_columnar_reader_reports_what_the_csv_module_does(data, monkeypatch, case):
    BROKEN[case](data)
    columnar = []
    read_columns = validation._read_columns

    def spy(table, *a):
        if read_columns(table, *a):
            columnar.append(table.file)
            return True
        return False
    monkeypatch.setattr(validation, "_read_columns", spy)
    fast = _check(data.path)
    monkeypatch.setattr(validation, "_read_columns", lambda *a: False)
    slow = _check(data.path)
    assert fast[:2] == slow[:2]
    _same_tables(fast[2], slow[2])
    assert fast[3] == slow[3]
    assert (slow[:2] == ([], [])) is (case in FINE), slow[:2]
    assert ("claims.csv" in columnar) is (case in PLAIN)
    assert "sources.csv" in columnar


def test_columnar_reader_reads_every_plain_file(data, monkeypatch):
    # Cell-level damage leaves the file plain CSV: the columnar reader reads it all.
    _edit(data, "claims", 3, "said_on", "yesterday")
    _edit(data, "claims", 9, "evidence", 'one\r\ntwo "quoted", three')
    read, fallback = [], []
    read_columns = validation._read_columns

    def spy(table, *a):
        ok = read_columns(table, *a)
        (read if ok else fallback).append(table.file)
        return ok
    monkeypatch.setattr(validation, "_read_columns", spy)
    problems = [str(p) for p in validation.check(data.path)[0]]
    assert problems == ["claims.csv:3:said_on: 'yesterday' is not a date in the form YYYY-MM-DD"]
    assert "claims.csv" in read and "sources.csv" in read
    assert fallback == ["stances.csv"] if len(data.read("stances")[0]) == 1 else fallback == []


@pytest.mark.parametrize("raw, plain", [
    (b'a,b\n"x",y\n', True),
    (b'a,b\n"x ""q"" z","y\nz"\n', True),
    (b'"a","b"\r\n"",""""\r\n', True),
    (b'a,b\nx"y,z\n', False),
    (b'a,b\n"x"y,z\n', False),
    (b'a,b\n "x",z\n', False),
    (b'a,b\n"x,z\n', False),
    (b'a,b\n"x" ,z\n', False),
    (b'a,b\n"x\n\n\r\ny",z\n', True),
])
def test_plain_quoting(raw, plain):
    assert validation._plain_quoting(np.frombuffer(raw, dtype=np.uint8)) is plain


def test_utf8_is_checked_as_python_decodes(tmp_path):
    cases = [b"", b" \t\r\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n", b"a,b\n", b" \xc2\xa0\n", b"\xc2\xa0x",
             b"\xed\xa0\x80", b"\xc0\x80", b"\xe0\x80\xaf", b"\xf4\x90\x80\x80", b"\xe2\x82", b"\xff",
             b"\xf0\x9f\x98\x80", b"a\x00b", b"\x1c\x1f\x0b", "\u3000\u2028".encode()]
    rng = np.random.default_rng(16)
    cases += [rng.integers(0, 256, rng.integers(1, 6), dtype=np.uint8).tobytes() for _ in range(5000)]
    for raw in cases:
        try:
            text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        except UnicodeDecodeError:
            assert validation._blank_utf8(raw) is None, raw
        else:
            assert validation._blank_utf8(raw) in (None, not text or text.isspace()), raw
    assert validation._blank_utf8(b" \n") is True and validation._blank_utf8(b" a") is False
