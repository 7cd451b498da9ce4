"""The warm start: prepared data cached on disk, outside the data folder, until a file changes."""

from __future__ import annotations

import hashlib
import os

import pytest

from dashboard import cache
from dashboard.dataset import DataValidationError


def _snapshot(folder):
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def cache_folder(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    return folder


def _no_loading(*_args, **_kwargs):
    raise AssertionError("the data folder was read again")


def test_second_start_reads_the_cache_and_never_writes_the_data_folder(data, cache_folder, monkeypatch):
    before = _snapshot(data.path)
    first = cache.load_prepared(data.path)
    assert len(_entries(cache_folder)) == 1
    monkeypatch.setattr(cache, "load", _no_loading)
    messages = []
    second = cache.load_prepared(data.path, progress=messages.append)
    assert second is not first and second.claims.equals(first.claims)
    assert any("from the cache" in m for m in messages)
    assert second.index.mask(search="window").sum() == first.index.mask(search="window").sum() > 0
    assert _snapshot(data.path) == before


def test_an_edited_file_invalidates_the_cache(data, cache_folder):
    first = cache.load_prepared(data.path)
    row = data.row_where("actors", lambda r: r["actor_id"] == "putin")
    data.edit("actors", row, "name", "V. V. Putin")
    second = cache.load_prepared(data.path)
    assert "V. V. Putin" in set(second.claims.actor) and "V. V. Putin" not in set(first.claims.actor)


def test_an_invalid_edit_is_reported_not_served_from_the_cache(data, cache_folder):
    cache.load_prepared(data.path)
    data.edit("claims", 2, "actor_id", "nobody")
    with pytest.raises(DataValidationError):
        cache.load_prepared(data.path)


def _entries(folder):
    return [p for p in folder.iterdir() if not p.name.startswith(".")]


def test_a_corrupt_cache_file_is_rebuilt(data, cache_folder, caplog):
    cache.load_prepared(data.path)
    (entry,) = _entries(cache_folder)
    file = entry / "prepared-claims.arrow"
    file.write_bytes(b"not an Arrow file")
    again = cache.load_prepared(data.path)
    assert len(again.claims) > 0 and "unreadable cache" in caplog.text
    assert file.read_bytes() != b"not an Arrow file"


def test_the_cache_can_be_turned_off_or_be_unwritable(data, tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    assert cache.cache_dir() is None and len(cache.load_prepared(data.path).claims) > 0
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocked / "cache"))
    assert len(cache.load_prepared(data.path).claims) > 0  # a slower next start, not a failure


def test_sessions_in_one_process_share_one_copy(data, cache_folder):
    first = cache.prepared(data.path)
    assert cache.prepared(data.path) is first
    os.utime(data.file("claims"), ns=(1, 1))  # a changed file means a fresh copy
    assert cache.prepared(data.path) is not first


def test_a_new_page_shows_the_folder_as_it_is_now(data, cache_folder):
    from dashboard.app import Dashboard, page

    before = Dashboard(str(data.path))
    row = data.row_where("actors", lambda r: r["actor_id"] == "putin")
    data.edit("actors", row, "name", "V. V. Putin")
    after = Dashboard(str(data.path))
    assert "V. V. Putin" in set(after.prepared.claims.actor)
    assert "V. V. Putin" not in set(before.prepared.claims.actor)  # an open page keeps its data
    data.edit("claims", 2, "actor_id", "nobody")
    shown = page(str(data.path))  # a folder broken meanwhile: the page says so
    assert "does not validate" in shown.objects[0].object


# --- the cache holds data only, in a private directory ---------------------------------------

_PAYLOAD = """
import os, pickle


class Payload:
    def __reduce__(self):
        return (os.system, ("touch {marker}",))


pickle.dump(Payload(), open({file!r}, "wb"))
"""


def test_a_cache_file_crafted_to_run_code_is_never_run(data, cache_folder, tmp_path, caplog):
    """Nothing in the cache is unpickled: a pickle that runs a command when loaded, planted in
    every file of the entry, is read as a broken file and rebuilt, and the command never runs."""
    import subprocess
    import sys

    cache.load_prepared(data.path)
    (entry,) = _entries(cache_folder)
    marker = tmp_path / "the-payload-ran"
    old_name = cache_folder / f"{cache.fingerprint(data.path)}.pickle"  # where the cache once was a pickle
    for file in [*entry.iterdir(), old_name]:
        subprocess.run([sys.executable, "-c", _PAYLOAD.format(marker=marker, file=str(file))], check=True)
    assert not marker.exists()
    again = cache.load_prepared(data.path)
    assert len(again.claims) > 0 and not marker.exists()
    assert "unreadable cache" in caplog.text


def test_the_cache_directory_is_created_private(data, tmp_path, monkeypatch):
    folder = tmp_path / "made" / "here"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    old = os.umask(0o022)
    try:
        cache.load_prepared(data.path)
    finally:
        os.umask(old)
    assert folder.stat().st_mode & 0o777 == 0o700
    (entry,) = _entries(folder)
    assert entry.stat().st_mode & 0o777 == 0o700
    assert all(f.stat().st_mode & 0o077 == 0 for f in entry.iterdir())


def test_a_cache_file_others_can_write_is_refused_and_rebuilt(data, cache_folder, caplog, monkeypatch):
    cache.load_prepared(data.path)
    (entry,) = _entries(cache_folder)
    (entry / "prepared-claims.arrow").chmod(0o666)
    again = cache.load_prepared(data.path)
    assert len(again.claims) > 0
    assert "refusing the cache" in caplog.text and "can be written by other users" in caplog.text
    (entry,) = _entries(cache_folder)
    assert (entry / "prepared-claims.arrow").stat().st_mode & 0o777 == 0o600  # rebuilt


def test_a_cache_file_owned_by_another_user_is_refused_and_rebuilt(data, cache_folder, caplog, monkeypatch):
    cache.load_prepared(data.path)
    (entry,) = _entries(cache_folder)
    file = entry / "text.utf8"
    if os.getuid() == 0:
        os.chown(file, 12345, 12345)
    else:  # not root: pretend to be someone else instead
        monkeypatch.setattr(os, "getuid", lambda: os.stat(file).st_uid + 1)
    monkeypatch.setattr(cache, "load", _counting(cache.load))
    again = cache.load_prepared(data.path)
    assert len(again.claims) > 0 and cache.load.calls == 1
    assert "refusing the cache" in caplog.text and "owned by user id" in caplog.text


def test_a_cache_directory_others_can_write_is_not_used(data, cache_folder, caplog, monkeypatch):
    cache.load_prepared(data.path)
    cache_folder.chmod(0o777)
    monkeypatch.setattr(cache, "load", _counting(cache.load))
    again = cache.load_prepared(data.path)
    assert len(again.claims) > 0 and cache.load.calls == 1  # prepared again, in memory
    assert "not using the cache directory" in caplog.text
    cache_folder.chmod(0o700)


def test_a_symbolic_link_in_the_cache_is_refused(data, cache_folder, caplog, tmp_path):
    cache.load_prepared(data.path)
    (entry,) = _entries(cache_folder)
    elsewhere = tmp_path / "elsewhere.arrow"
    (entry / "prepared-claims.arrow").rename(elsewhere)
    (entry / "prepared-claims.arrow").symlink_to(elsewhere)
    assert len(cache.load_prepared(data.path).claims) > 0
    assert "symbolic link" in caplog.text


def _counting(function):
    def counted(*args, **kwargs):
        counted.calls += 1
        return function(*args, **kwargs)
    counted.calls = 0
    return counted


def test_a_changed_folder_gets_a_new_entry_and_the_old_one_is_removed(data, cache_folder):
    cache.load_prepared(data.path)
    (first,) = _entries(cache_folder)
    row = data.row_where("actors", lambda r: r["actor_id"] == "putin")
    data.edit("actors", row, "name", "V. V. Putin")
    again = cache.load_prepared(data.path)
    (second,) = _entries(cache_folder)
    assert second != first and "V. V. Putin" in set(again.claims.actor)


def test_the_large_columns_are_views_of_the_mapped_files(data, cache_folder):
    import numpy as np

    cache.load_prepared(data.path)
    p = cache.load_prepared(data.path)  # from the files
    assert not p.index.actor.codes.flags.writeable and not p.index.start_day.flags.writeable
    assert not p.claims["slot"].to_numpy().flags.writeable
    assert type(p.index.text.data).__name__ == "mmap"
    with pytest.raises(ValueError):
        p.index.actor.codes[0] = np.int32(1)  # shared by every process: never written


_READER = """
import json, os, sys
from dashboard.cache import load_prepared
p = load_prepared(sys.argv[1])
maps = set()
for line in open(f"/proc/{os.getpid()}/maps"):
    parts = line.split()
    if len(parts) >= 6 and parts[5].startswith(os.environ["CLAIMS_DASHBOARD_CACHE"]):
        maps.add(os.stat(parts[5]).st_ino)
print(json.dumps({"claims": len(p.claims), "inodes": sorted(maps), "found": int(p.index.mask(search="window").sum())}))
"""


def test_two_processes_map_the_same_files(data, cache_folder):
    """Every process reads the one copy on disk (and so in the page cache): both map the same files."""
    import json
    import subprocess
    import sys

    cache.load_prepared(data.path)
    runs = [subprocess.run([sys.executable, "-c", _READER, str(data.path)], capture_output=True, text=True,
                           check=True, env={**os.environ}) for _ in range(2)]
    first, second = (json.loads(r.stdout.strip().splitlines()[-1]) for r in runs)
    assert first["claims"] == second["claims"] > 0 and first["found"] == second["found"] > 0
    assert len(first["inodes"]) >= 10 and first["inodes"] == second["inodes"]


def test_the_timeline_shows_the_same_days_from_the_cache(cache_folder, monkeypatch):
    """An event dated only to a month, months before the claims (the Kakhovka folder's December 2022
    warning), stays on the timeline's axis when the data comes from the cache."""
    from pathlib import Path

    folder = Path(__file__).resolve().parent.parent / "events" / "kakhovka-dam"
    first = cache.load_prepared(folder)
    monkeypatch.setattr(cache, "load", _no_loading)
    second = cache.load_prepared(folder)
    assert second.time_scale.reach == first.time_scale.reach
    assert second.time_scale.extent == first.time_scale.extent
    assert first.time_scale.extent[0] < first.time_scale.slots[0]  # the axis reaches back to the month


def test_a_large_tables_repeated_texts_are_stored_once_and_read_as_text(data, cache_folder, monkeypatch):
    """Above columnar.DICTIONARY_MIN_ROWS rows (lowered here to the bundled claims), a column of few
    distinct texts is a code per row in the file; the views still get the texts, as from memory."""
    import numpy as np
    import pandas as pd

    from dashboard import columnar
    from dashboard.app import Dashboard
    from dashboard.dataset import load
    from dashboard.query import prepare, rows

    monkeypatch.setattr(columnar, "DICTIONARY_MIN_ROWS", 50)
    monkeypatch.setattr(columnar, "DICTIONARY_RATIO", 2)
    fresh = prepare(load(data.path))
    cache.load_prepared(data.path)
    p = cache.load_prepared(data.path)  # from the files
    actor = p.claims["actor"].array
    assert isinstance(actor, pd.Categorical) and not actor.codes.flags.writeable
    assert not isinstance(p.claims["claim_id"].dtype, pd.CategoricalDtype)  # every id distinct: text
    at = np.arange(0, len(p.claims), 7)
    mine, theirs = rows(p, "claims", at), rows(fresh, "claims", at)
    assert list(mine.columns) == list(theirs.columns)
    for column in mine.columns:
        assert not isinstance(mine[column].dtype, pd.CategoricalDtype)
        assert mine[column].astype(object).tolist() == theirs[column].astype(object).tolist(), column
    from bokeh.document import Document

    dash = Dashboard(p.dataset)
    doc = Document()
    doc.add_root(dash.__panel__().get_root(doc))  # every view drawn from the coded columns
    dash.state.param.update(stances=["denies"])
    assert set(rows(p, "claims", dash.state.mask()).stance_label) == {fresh.stance_labels["denies"]}
    dash.state.param.update(stances=[], search="window")
    assert dash.state.mask().sum() == fresh.index.mask(search="window").sum() > 0
