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
    assert len(list(cache_folder.glob("*.pickle"))) == 1
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


def test_a_corrupt_cache_file_is_rebuilt(data, cache_folder, caplog):
    cache.load_prepared(data.path)
    (file,) = cache_folder.glob("*.pickle")
    file.write_bytes(b"not a pickle")
    again = cache.load_prepared(data.path)
    assert len(again.claims) > 0 and "unreadable cache" in caplog.text
    assert file.read_bytes() != b"not a pickle"


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
