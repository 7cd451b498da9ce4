"""The ``validate`` command."""

from __future__ import annotations

import os
import subprocess
import sys

from pathlib import Path

import pytest

from dashboard.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=60)


def test_valid_bundled_data():
    proc = run("validate")
    assert proc.returncode == 0, proc.stderr
    assert "is valid" in proc.stdout and "claims " in proc.stdout
    assert proc.stderr == ""


def test_broken_copy(data):
    data.edit("claims", 5, "actor_id", "nobody")
    proc = run("validate", str(data.path))
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert lines[0].startswith("claims.csv:5:actor_id: unknown actor_id 'nobody'")
    assert lines[-1] == f"1 problem found in {data.path}"
    assert proc.stdout == ""


def test_usage_error():
    assert run().returncode == 2
    assert run("frobnicate").returncode == 2


def test_in_process(data, capsys):
    assert main(["validate", str(data.path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{data.path} is valid: sources ")
    data.file("statements").write_bytes(b"")
    data.edit("figures", 3, "qualifier", "roughly")
    assert main(["validate", str(data.path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert [line.split(": ")[0] for line in err] == [
        "statements.csv:-:-", "figures.csv:3:qualifier", f"2 problems found in {data.path}"]


def test_missing_directory(tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        main(["validate", str(tmp_path / "nope")])
    assert info.value.code == 2
    assert "is not a directory" in capsys.readouterr().err


def test_folder_without_schema(tmp_path, capsys):
    assert main(["validate", str(tmp_path)]) == 1
    assert capsys.readouterr().err.startswith("datapackage.json:-:-: missing")


def test_freeze_session_keeps_pages_out_of_collections_until_released():
    """A built page's objects are frozen (full collections no longer walk them, issue 16), young
    garbage is collected rather than frozen, and unfreezing frees a destroyed page's objects."""
    import gc
    import weakref

    from dashboard.cli import _freeze_session

    class Node:
        pass

    def cycle():
        a, b = Node(), Node()
        a.other, b.other = b, a
        return a

    before = gc.get_freeze_count()
    try:
        garbage = weakref.ref(cycle())  # unreachable already: collected, never frozen
        page = cycle()
        kept = weakref.ref(page)
        _freeze_session()
        assert garbage() is None
        assert gc.get_freeze_count() > before
        del page  # the session is destroyed: its cycle is frozen, so a full collection misses it
        gc.collect()
        assert kept() is not None
    finally:
        gc.unfreeze()  # what serve does when it releases destroyed sessions' memory
        gc.collect()
    assert kept() is None
