"""The columnar (pyarrow) CSV reading reports exactly what the csv-module reading reports, on files
broken at random places in the ways files get broken by hand and by tools (a seeded generator:
blank lines, extra and missing fields, stray and unbalanced quotes, CR, NUL, escape codes, a
repeated key...). Each is validated twice, as usual and with the columnar reader turned off; the
problems, the warnings and the cells read must be the same. ``test_validation_fast.py`` has the
named cases.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from dashboard import validation
from dashboard.generate import generate


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("fast") / "data"
    generate(out, 300, seed=3)
    return out


def _breakages(text: str, seed: int) -> list[str]:
    """Versions of a CSV text broken in the ways files get broken by hand and by tools."""
    rng = random.Random(seed)
    lines = text.split("\n")
    header, body = lines[0], lines[1:-1]

    def at(k):
        return rng.randrange(1, len(body))

    def edit(f):
        rows = list(body)
        f(rows)
        return "\n".join([header, *rows, ""])

    cases = [
        text,
        text.replace("\n", "\r\n"),
        text.replace("\n", "\r"),
        "\ufeff" + text,
        text + "\n",  # a blank line at the end
        header + "\n",  # a header only
        header,  # no line ending at all
        text.rstrip("\n"),
        header + "," + header.split(",")[0] + "\n" + "\n".join(body) + "\n",  # a repeated column
    ]
    for _ in range(6):
        cases += [
            edit(lambda rows: rows.insert(at(0), "")),  # a blank line
            edit(lambda rows: rows.__setitem__(k := at(0), rows[k] + ",extra")),
            edit(lambda rows: rows.__setitem__(k := at(0), rows[k].rsplit(",", 1)[0])),
            edit(lambda rows: rows.__setitem__(k := at(0), rows[k].replace('",', '"x,', 1))),  # text after a quote
            edit(lambda rows: rows.__setitem__(k := at(0), rows[k].replace(',"', ',x"', 1))),  # quote inside a field
            edit(lambda rows: rows.__setitem__(k := at(0), rows[k].replace('"', '', 1))),  # an unbalanced quote
            edit(lambda rows: rows.__setitem__(k := at(0), rows[k].replace(",", ',"a,""b""\nc",', 1))),
            edit(lambda rows: rows.__setitem__(k := at(0), rows[k].replace(",", ',"a"""b",', 1))),
            edit(lambda rows: rows.__setitem__(k := at(0), rows[k].replace(",", ',"",', 1))),
            edit(lambda rows: rows.__setitem__(k := at(0), rows[k].replace(",", ',""x,', 1))),
            edit(lambda rows: rows.__setitem__(k := at(0), rows[k].replace(",", ",a\rb,", 1))),
            edit(lambda rows: rows.__setitem__(k := at(0), rows[k].replace(",", ",a\x00b,", 1))),
            edit(lambda rows: rows.__setitem__(k := at(0), rows[k].replace(",", ",\x1b[31m,", 1))),
            edit(lambda rows: rows.__setitem__(k := at(0), rows[k].replace(",", ",  ,", 1))),
            edit(lambda rows: rows.__setitem__(k := at(0), rows[k].replace(",", ',"\n",', 1))),
            edit(lambda rows: rows.__setitem__(k := at(0), rows[k].replace(",", ", \"q\" ,", 1))),
            edit(lambda rows: rows.__setitem__(k := at(0), rows[k].split(",", 1)[1])),
            edit(lambda rows: rows.__setitem__(k := at(0), rows[at(0)])),  # a repeated key
            edit(lambda rows: rows.__setitem__(k := at(0), rows[k] + '"')),
        ]
    return cases


def _outcome(root: Path, fast: bool, monkeypatch, read: list) -> tuple:
    columnar = validation._read_columns

    def spy(table, *args):
        done = columnar(table, *args)
        if done:
            read.append(Path(table.file).name)
        return done
    with monkeypatch.context() as m:
        m.setattr(validation, "_read_columns", spy if fast else (lambda *args: False))
        warnings: list = []
        problems, _, tables, _ = validation.check(root, warnings=warnings)
    cells = {name: (t.header, t.rows.tolist(), t.complete,
                    {c: (col.codes.tolist(), col.texts.tolist(), [repr(v) for v in col.values.tolist()])
                     for c, col in t.columns.items()})
             for name, t in tables.items()}
    return [str(p) for p in problems], [str(w) for w in warnings], cells


@pytest.mark.parametrize("table", ["claims.csv", "sources.csv", "statements.csv"])
def test_broken_files_get_the_same_messages_either_way(folder, tmp_path, monkeypatch, table):
    original = (folder / table).read_text(encoding="utf-8")
    cases = _breakages(original, seed=len(table))
    root = tmp_path / "data"
    shutil.copytree(folder, root)
    used_fast = 0
    for i, text in enumerate(cases):
        (root / table).write_bytes(text.encode("utf-8"))
        read: list = []
        fast = _outcome(root, True, monkeypatch, read)
        slow = _outcome(root, False, monkeypatch, [])
        assert fast == slow, f"case {i}: {fast[0][:5]} != {slow[0][:5]}"
        used_fast += table in read  # the broken table itself was read by columns
    # most breakages send the file to the csv module; the plain ones (CR, CRLF, BOM, a repeated key...) not
    assert used_fast >= 10
