"""Merges are all-or-nothing under concurrency and crashes (dashboard/curate/merge.py, dashboard/journal.py).

Before: two merges at once shared temporary names and took no lock (5 of 12
trials damaged the folder, one printed "Merged" and lost its rows), and a
kill between the per-file renames left a half-merged folder.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from dashboard import journal, load, validate
from dashboard.curate import MergeRefused, merge_review

ROOT = Path(__file__).resolve().parent.parent
HEADER = ["table", "actor_id", "name", "role", "affiliation", "kind", "aliases", "claim_id", "statement_id",
          "summary", "source_id", "target_id", "stance", "said_on", "said_on_precision", "said_on_basis", "quote",
          "mode", "via", "evidence"]

#: Runs a merge in its own process; on_step prints each step, sleeps at one, or kills the process at one.
SCRIPT = """
import os, signal, sys, time
from dashboard.curate import merge_review
root, review, kill_at, pause_at, pause = sys.argv[1:6]
count = 0
def on_step(name):
    global count
    count += 1
    print("STEP", count, name, flush=True)
    if name.startswith(pause_at):
        if pause.startswith("until:"):  # hold the step until the test creates this file
            deadline = time.monotonic() + 120
            while not os.path.exists(pause[6:]) and time.monotonic() < deadline:
                time.sleep(0.05)
        else:
            time.sleep(float(pause))
    if str(count) == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)
result = merge_review(root, review, on_step=on_step, waiting=lambda m: print("WAITING", m, flush=True))
print("Merged", result, flush=True)
"""


def merge_process(folder: Path, review: Path, kill_at: int = 0, pause_at: str = "-", pause: float | str = 0):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen([sys.executable, "-c", SCRIPT, str(folder), str(review), str(kill_at), pause_at,
                             str(pause)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def make_review(path: Path, data_path: Path, n: int) -> Path:
    """A review adding actor ``tester_n`` and a claim by them of a new statement (three tables change)."""
    with open(data_path / "claims.csv", encoding="utf-8", newline="") as fh:
        model = next(csv.DictReader(fh))
    row_actor = {"table": "actors", "actor_id": f"tester_{n}", "name": f"Tester {n}", "role": "", "affiliation": "",
                 "kind": "person", "aliases": ""}
    row_claim = {**model, "table": "claims", "claim_id": f"c{model['source_id'][:3]}_9{n}",
                 "statement_id": f"tester_{n}_statement", "summary": f"Tester {n} says so", "actor_id": f"tester_{n}"}
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, HEADER, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows([row_actor, row_claim])
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def state(folder: Path) -> tuple:
    """What a reader sees: the row count of each table, through the loader."""
    ds = load(folder)
    return tuple(sorted((name, len(df)) for name, df in ds.tables.items()))


def test_two_concurrent_merges_both_land_and_the_second_waits(data, tmp_path):
    first, second = make_review(tmp_path / "a.csv", data.path, 1), make_review(tmp_path / "b.csv", data.path, 2)
    go = tmp_path / "go"
    a = merge_process(data.path, first, pause_at="validated", pause=f"until:{go}")
    line = a.stdout.readline()
    assert "STEP 1 locked" in line, line
    b = merge_process(data.path, second)
    seen_b = []
    for line in b.stdout:  # the second merge says it waits before the first may go on
        seen_b.append(line)
        if line.startswith("WAITING"):
            break
    go.touch()
    out_a, out_b = a.communicate(timeout=300)[0], "".join(seen_b) + b.communicate(timeout=300)[0]
    assert a.returncode == 0 and b.returncode == 0, (out_a, out_b)
    assert "WAITING waiting for another merge" in out_b
    assert "Merged" in out_a and "Merged" in out_b
    assert validate(data.path) == []
    actors = set(load(data.path).actors.actor_id)
    assert {"tester_1", "tester_2"} <= actors
    assert not [p for p in data.path.iterdir() if p.name.startswith(".")]  # nothing left behind


def test_concurrent_merges_from_the_command_line_never_lose_rows(data, tmp_path):
    """The trial of the issue, repeated: two CLI merges started together."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    for trial in range(4):
        reviews = [make_review(tmp_path / f"r{trial}{k}.csv", data.path, 10 * trial + k) for k in (1, 2)]
        procs = [subprocess.Popen([sys.executable, "-m", "dashboard", "merge", str(data.path), str(r)], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for r in reviews]
        outs = [p.communicate(timeout=300) for p in procs]
        assert validate(data.path) == [], outs
        actors = set(load(data.path).actors.actor_id)
        for k, (p, (out, err)) in zip((1, 2), zip(procs, outs)):
            if "Merged" in out:
                assert f"tester_{10 * trial + k}" in actors, (out, err)
            else:  # refused: it must say why, and the folder is whole
                assert p.returncode == 1 and err.strip(), (out, err)
        assert sum("Merged" in out for out, _ in outs) == 2, outs


def test_a_merge_that_cannot_get_the_lock_refuses_clearly(data, tmp_path, capsys):
    from dashboard.cli import main

    review = make_review(tmp_path / "a.csv", data.path, 1)
    before = tree(data.path)
    with journal.locked(data.path):
        assert main(["merge", str(data.path), str(review), "--wait", "0.5"]) == 1
    err = capsys.readouterr().err
    assert "is being changed by another merge; nothing was changed" in err
    assert tree(data.path) == before


def _steps(data_path: Path, tmp_path: Path) -> tuple[list[str], dict[str, bytes]]:
    """The steps of an uninterrupted merge of review 1, and the folder it leaves."""
    folder = tmp_path / "reference"
    shutil.copytree(data_path, folder)
    steps = []
    merge_review(folder, make_review(tmp_path / "ref.csv", folder, 1), on_step=steps.append)
    return steps, tree(folder)


def test_a_kill_at_every_step_leaves_the_old_folder_or_the_new_one(data, tmp_path):
    steps, new_tree = _steps(data.path, tmp_path)
    assert steps[:2] == ["locked", "validated"] and steps[-1] == "finished" and "committed" in steps
    assert len([s for s in steps if s.startswith("replaced ")]) == 3  # actors, statements, claims
    old_tree = tree(data.path)
    old_state = state(data.path)
    new_state = None
    outcomes = []
    for k in range(1, len(steps) + 1):
        folder = tmp_path / f"k{k}"
        shutil.copytree(data.path, folder)
        proc = merge_process(folder, make_review(tmp_path / f"r{k}.csv", folder, 1), kill_at=k)
        out = proc.communicate(timeout=300)[0]
        assert proc.returncode == -9, out
        # a reader, before anyone repairs anything: the old tables or the new ones, and valid
        assert validate(folder) == [], (k, steps[k - 1])
        seen = state(folder)
        if new_state is None and seen != old_state:
            new_state = seen
        assert seen in (old_state, new_state), (k, steps[k - 1], seen)
        outcomes.append((steps[k - 1], "new" if seen != old_state else "old"))
        # the next merge into the folder finishes or discards what was left, on disk
        with journal.locked(folder):
            journal.recover(folder, dirs=[""])
        assert tree(folder) == (new_tree if seen != old_state else old_tree), (k, steps[k - 1])
    committed = steps.index("committed")
    assert [o for _, o in outcomes] == ["old"] * committed + ["new"] * (len(steps) - committed), outcomes


def test_a_reader_never_sees_half_a_merge(data, tmp_path):
    """While the tables are renamed one by one (slowly here), every load is the old folder or the new one."""
    old_state = state(data.path)
    seen, errors, done = [], [], threading.Event()

    def read():
        while not done.is_set():
            try:
                seen.append(state(data.path))
            except Exception as e:  # noqa: BLE001 - a failed read is what this looks for
                errors.append(repr(e))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        proc = merge_process(data.path, make_review(tmp_path / "a.csv", data.path, 1), pause_at="replaced",
                             pause=0.7)
        out = proc.communicate(timeout=300)[0]
        time.sleep(1)
    finally:
        done.set()
        reader.join(timeout=120)
    assert proc.returncode == 0, out
    new_state = state(data.path)
    assert new_state != old_state and not errors, errors
    assert set(seen) <= {old_state, new_state}, set(seen) - {old_state, new_state}
    assert new_state in seen  # it read during or after the merge, not only before


def test_an_interrupted_merge_is_reported_and_finished_by_the_next(data, tmp_path):
    steps, new_tree = _steps(data.path, tmp_path)
    k = steps.index("committed") + 2  # killed after the first table was renamed
    proc = merge_process(data.path, make_review(tmp_path / "a.csv", data.path, 1), kill_at=k)
    proc.communicate(timeout=300)
    assert (data.path / journal.JOURNAL).exists()
    warnings = []
    assert validate(data.path, warnings=warnings) == []
    assert any("a merge was interrupted" in str(w) for w in warnings)
    result = merge_review(data.path, make_review(tmp_path / "b.csv", data.path, 2))
    assert result.recovered and "finished the interrupted merge" in result.recovered[0]
    actors = set(load(data.path).actors.actor_id)
    assert {"tester_1", "tester_2"} <= actors
    assert not (data.path / journal.JOURNAL).exists()


@pytest.mark.parametrize("damage", ["staged", "target"])
def test_a_journal_that_does_not_match_the_files_stops_the_next_merge(data, tmp_path, damage):
    steps, _ = _steps(data.path, tmp_path)
    k = steps.index("committed") + 1  # committed, nothing renamed yet
    proc = merge_process(data.path, make_review(tmp_path / "a.csv", data.path, 1), kill_at=k)
    proc.communicate(timeout=300)
    entries = journal.pending(data.path)
    path, staged = next(iter(entries.items()))
    if damage == "staged":
        (data.path / staged).write_text("tampered")
    else:
        (data.path / staged).unlink()
    before = tree(data.path)
    with pytest.raises((journal.JournalError, MergeRefused)):  # refused, never overwritten blindly
        merge_review(data.path, make_review(tmp_path / "b.csv", data.path, 2))
    assert tree(data.path) == before
