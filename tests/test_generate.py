"""The generator of large data folders (``claims-dashboard generate``)."""

from __future__ import annotations

import csv
import hashlib
import datetime as dt
import io
import json
from collections import Counter
from pathlib import Path

import pytest

from dashboard import validate
from dashboard.cli import main
import dashboard.generate
from dashboard.generate import TEMPLATE, generate, measure, sizes
from dashboard.text import locate

N, SEED = 1000, 7


def read(folder: Path, table: str) -> list[dict[str, str]]:
    text = (folder / f"{table}.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("generated") / "data"
    generate(path, N, seed=SEED)
    return path


@pytest.fixture(scope="module")
def claims(folder):
    return read(folder, "claims")


@pytest.fixture(scope="module")
def published(folder) -> dict[str, str]:
    return {s["source_id"]: s["published"] for s in read(folder, "sources")}


@pytest.mark.parametrize("n", [N, 50])
def test_validates(folder, tmp_path, n):
    path = folder if n == N else tmp_path / "tiny"
    if n != N:
        generate(path, n, seed=SEED)
    assert validate(path) == []
    assert len(read(path, "claims")) == n


def test_same_seed_same_bytes_other_seed_other_data(folder, tmp_path):
    generate(tmp_path / "again", N, seed=SEED)
    generate(tmp_path / "other", N, seed=SEED + 1)
    ours = files(folder)
    assert len([f for f in ours if f.startswith("articles/")]) == sizes(N).sources
    assert files(tmp_path / "again") == ours
    other = files(tmp_path / "other")
    for name in ("claims.csv", "actors.csv", "sources.csv", "figures.csv", "events.csv"):
        assert other[name] != ours[name]
    assert other["stances.csv"] == ours["stances.csv"]


def folder_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for name, data in files(folder).items():
        digest.update(Path(name).as_posix().encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


#: Folders written by the generator that held every cell in memory (before it wrote in
#: blocks), from the bundled data as it is at that commit. They change, and must be
#: recomputed, only when the bundled data's mixes or the generator's algorithm change.
BEFORE_BLOCKS = {(1, 0): "39d428d726b9fba20979674edd1e0b1c19c52d64a3b28ecc4dd1eb5a9ef808c1",
                 (60, 5): "aa48099a8ad27ec3a4c6a0bba1febf09131e44ee99abba4fb6676bda6e6dbd2d",
                 (2000, 11): "27e6b4836b3e057f0ae78dc70aee4d24e05c4ed198c237230f4f3ccaf739181f"}


@pytest.mark.parametrize("block", [dashboard.generate.BLOCK, 97])
@pytest.mark.parametrize(("n", "seed"), list(BEFORE_BLOCKS))
def test_writing_in_blocks_gives_the_same_bytes(tmp_path, monkeypatch, n, seed, block):
    """However many claims are worded at a time, the folder is the one the generator always wrote."""
    monkeypatch.setattr(dashboard.generate, "BLOCK", block)
    generate(tmp_path / "data", n, seed=seed)
    assert folder_hash(tmp_path / "data") == BEFORE_BLOCKS[n, seed]


def test_schema_and_vocabularies_copied(folder):
    ours = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    bundled = json.loads((TEMPLATE / "datapackage.json").read_text(encoding="utf-8"))
    assert ours["resources"] == bundled["resources"]
    assert f"{N:,} claims" in ours["title"] and f"seed {SEED}" in ours["title"]
    assert ours["name"] != bundled["name"]
    for name in ("stances.csv", "metrics.csv"):
        assert (folder / name).read_bytes() == (TEMPLATE / name).read_bytes()


def test_sizes_scale_with_claims():
    assert 90 <= sizes(10**3).actors <= 110 and 550 <= sizes(10**6).actors <= 650
    assert [sizes(n).sources for n in (50, 10**3, 10**5, 10**6, 10**7)] == [5, 5, 500, 5000, 5000]
    assert 10 <= sizes(10**5).outlets <= 60 and 5 <= sizes(10**3).events <= sizes(10**6).events <= 300


def test_shape(folder, claims):
    size = sizes(N)
    assert len(claims) == N
    assert len({c["claim_id"] for c in claims}) == N
    assert len(read(folder, "actors")) == size.actors
    assert len(read(folder, "sources")) == size.sources
    assert len(read(folder, "events")) == size.events
    kinds = Counter(a["kind"] for a in read(folder, "actors"))
    assert set(kinds) == set(measure().actor_kinds)
    assert all(a["aliases"] for a in read(folder, "actors"))


def test_every_quote_verbatim_in_its_article(folder, claims):
    texts = {s["source_id"]: (folder / s["text_path"]).read_text(encoding="utf-8")
             for s in read(folder, "sources")}
    for table in (claims, read(folder, "figures"), read(folder, "event_mentions")):
        assert table
        assert all(locate(texts[row["source_id"]], row["quote"]) is not None for row in table)


def test_statements_reported_by_several_articles(folder, claims):
    by_statement: dict[str, set[str]] = {}
    for c in claims:
        by_statement.setdefault(c["statement_id"], set()).add(c["source_id"])
    assert set(by_statement) == {s["statement_id"] for s in read(folder, "statements")}
    several = [s for s in by_statement.values() if len(s) > 1]
    assert len(several) > 0.05 * len(by_statement)
    assert max(map(len, several)) >= 3


def test_mix_of_modes_and_dates_like_the_bundled_data(claims):
    bundled = measure().report_kinds
    total = sum(bundled.values())
    ours = Counter((c["mode"], c["said_on_precision"]) for c in claims)
    for kind, count in bundled.items():
        assert abs(ours[kind] / N - count / total) < 0.05, kind
    precision = Counter(c["said_on_precision"] for c in claims)
    assert precision[""] > 0.3 * N and precision["week"] > 5 and precision["month"] > 5
    assert all(c["said_on_basis"].startswith("Not stated") for c in claims if not c["said_on"])


def test_dates_never_after_the_article(folder, claims, published):
    weeks = [dt.date.fromisoformat(c["said_on"]) for c in claims if c["said_on_precision"] == "week"]
    assert all(d.weekday() == 0 for d in weeks)
    assert all(c["said_on"][-2:] == "01" for c in claims if c["said_on_precision"] == "month")
    assert all(c["said_on"] <= published[c["source_id"]] for c in claims if c["said_on"])
    figures = read(folder, "figures")
    assert any(f["as_of"] for f in figures)
    assert all(f["as_of"] <= published[f["source_id"]] for f in figures if f["as_of"])
    dates = {e["event_id"]: e["date"] for e in read(folder, "events")}
    assert all(dates[m["event_id"]] <= published[m["source_id"]] for m in read(folder, "event_mentions"))
    days = sorted(published.values())
    assert dt.date.fromisoformat(days[-1]) - dt.date.fromisoformat(days[0]) <= dt.timedelta(365)


def test_targets_skewed_and_sometimes_missing(claims):
    targets = Counter(c["target_id"] for c in claims if c["target_id"])
    assert len(targets) > 30
    top = sum(n for _, n in targets.most_common(len(targets) // 20 or 1))
    assert top > 0.3 * sum(targets.values())  # a few actors are blamed in most claims
    assert any(not c["target_id"] for c in claims)
    own = [c for c in claims if c["stance"] == "claims_responsibility"]
    assert own and all(c["target_id"] == c["actor_id"] for c in own)


def test_cli_writes_a_valid_folder(tmp_path, capsys):
    assert main(["generate", str(tmp_path / "out"), "--claims", "300", "--seed", "2"]) == 0
    assert capsys.readouterr().out.startswith(f"Wrote {tmp_path / 'out'}: sources 5,")
    assert validate(tmp_path / "out") == []


def test_cli_refuses_a_non_empty_folder(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["generate", str(tmp_path), "--claims", "100"]) == 1
    assert "not empty" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    assert main(["generate", str(tmp_path), "--claims", "100", "--force"]) == 0
    assert (tmp_path / "notes.txt").read_text() == "mine" and validate(tmp_path) == []


def test_cli_never_writes_the_bundled_data(capsys):
    before = {p: p.stat().st_mtime_ns for p in TEMPLATE.rglob("*")}
    assert main(["generate", str(TEMPLATE), "--claims", "100", "--force"]) == 1
    assert main(["generate", str(TEMPLATE / "sub"), "--claims", "100"]) == 1
    assert "bundled data" in capsys.readouterr().err
    assert {p: p.stat().st_mtime_ns for p in TEMPLATE.rglob("*")} == before


@pytest.mark.parametrize("claims", ["0", "-5", "2.5", "lots"])
def test_cli_rejects_bad_counts(tmp_path, claims):
    with pytest.raises(SystemExit) as info:
        main(["generate", str(tmp_path / "out"), "--claims", claims])
    assert info.value.code == 2
    assert not (tmp_path / "out").exists()
