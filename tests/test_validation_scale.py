"""Validation at a scale a user notices: a generated 20,000-claim folder, progress, chunked reading."""

from __future__ import annotations

import csv
import difflib
import io
import random
import shutil
import sys
from pathlib import Path

import pytest

from dashboard import DataValidationError, cli, load, validate, validation
from dashboard.generate import generate
from dashboard.text import QUOTE_MAP, normalise

CLAIMS = 20_000


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("scale") / "data"
    generate(out, CLAIMS, seed=7)
    return out


def records(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def write(path: Path, rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def test_generated_folder_loads_every_row(folder):
    ds = load(folder)
    assert len(ds.claims) == CLAIMS
    assert ds.claims["claim_id"].is_unique
    assert set(ds.articles) == set(ds.sources["source_id"])


def test_one_bad_cell_among_many_rows_is_named(folder, tmp_path):
    copy = shutil.copytree(folder, tmp_path / "data")
    rows = records(copy / "claims.csv")
    row = 12_345  # spreadsheet row: the header is row 1
    stance = rows[row - 1][rows[0].index("stance")]
    rows[row - 1][rows[0].index("stance")] = stance + "x"
    write(copy / "claims.csv", rows)
    expected = (f"claims.csv:{row}:stance: unknown stance {stance + 'x'!r}: not found in column "
                f"stance of stances.csv (stances); did you mean {stance!r}?")
    assert [str(p) for p in validate(copy)] == [expected]
    with pytest.raises(DataValidationError) as info:
        load(copy)
    assert [str(p) for p in info.value.problems] == [expected]


def test_rows_are_numbered_across_chunks(data, monkeypatch):
    # Damage read chunk by chunk must be reported at the same rows as when read at once.
    rows = records(data.file("claims"))
    rows[5] = rows[5][:-1]  # row 6: a field short
    rows[9] = []  # row 10: a blank line
    rows[14][rows[0].index("said_on")] = "2024-02-30"  # row 15
    rows.append(rows[20])  # a duplicate of row 21 in the last row
    data.write("claims", rows)
    with open(data.file("claims"), "a", encoding="utf-8", newline="") as fh:
        fh.write('c_unfinished,"an unclosed quote\n')  # malformed at the end
    whole = [str(p) for p in validate(data.path)]
    assert [p.split(": ")[0] for p in whole] == [
        "claims.csv:6:-", "claims.csv:10:-", "claims.csv:15:said_on",
        f"claims.csv:{len(rows)}:claim_id", f"claims.csv:{len(rows) + 1}:-"]
    for size in (1, 7):
        monkeypatch.setattr(validation, "ROWS_PER_CHUNK", size)
        assert [str(p) for p in validate(data.path)] == whole


def _reference_normalise(text: str) -> str:
    """The definition, character by character: whitespace runs become one space, ends stripped,
    typographic quotes folded."""
    out, pending = [], False
    for ch in text:
        if ch.isspace():
            pending = True
            continue
        if pending and out:
            out.append(" ")
        pending = False
        out.append(QUOTE_MAP.get(ch, ch))
    return "".join(out)


def test_quotes_are_normalised_as_the_source_viewer_does():
    assert validation._normalised is normalise
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    for s in [" ", "a", "\u00a0", "\x00", *QUOTE_MAP]:
        for w in spaces:
            for text in (w, w + s + w, s + w + w + s, f"{s}{w}x{w}{w}{s}", f"\n{s} {w}{s}  "):
                assert normalise(text) == _reference_normalise(text), repr(text)


def test_progress_messages(bundled):
    messages = []
    n = len(load(bundled, progress=messages.append).claims)
    assert f"claims.csv: {n:,} rows read and checked" in [m.split(" (")[0] for m in messages]
    assert any(m.startswith(f"claims.csv: checking {n} quote values against ") for m in messages)
    assert messages[-1].startswith("typed tables built (")
    validating = []
    validate(bundled, progress=validating.append)
    assert [m.split(" (")[0] for m in validating] == [m.split(" (")[0] for m in messages[:-1]]


def test_cli_prints_progress_when_asked(data, capsys):
    assert cli.main(["validate", str(data.path)]) == 0
    assert capsys.readouterr().err == ""  # a small folder stays quiet
    assert cli.main(["validate", "--progress", str(data.path)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert any(line.startswith("claims.csv: ") and " rows read and checked (" in line for line in err)
    assert err[-1].startswith("typed tables built (")


def test_cli_prints_progress_for_a_large_folder(folder, capsys, monkeypatch):
    monkeypatch.setattr(cli, "PROGRESS_BYTES", 1_000_000)  # the 20,000 claims are some 5 MB
    assert cli.main(["validate", str(folder)]) == 0
    captured = capsys.readouterr()
    assert f"claims.csv: {CLAIMS:,} rows read and checked (" in captured.err
    assert captured.out.startswith(f"{folder} is valid")


def test_suggestions_among_many_keys_are_difflib_s():
    rng = random.Random(5)
    alphabet = [*"abcdefgh_0123", "é", "\U0001F600", " ", "\u0301"]
    keys = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 20))) for _ in range(2_000)]
    closest = validation._Closest(keys)
    for key in rng.sample(keys, 40):
        word = key[:rng.randint(0, len(key))] + rng.choice(["", "x", "é_", "zz9"]) or "a"
        assert [closest(word)] == (difflib.get_close_matches(word, keys, n=1) or [None]), word
