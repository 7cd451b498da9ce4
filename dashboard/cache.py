"""A warm start: prepared data kept on disk between runs, keyed by the data folder's files.

The first start of a server (or notebook) on a folder validates and prepares
it; the result is written to the user's cache directory, never into the data
folder. Later starts read it back while no file in the folder has changed
(same names, sizes and modification times) and the software reading it is the
same. Set ``CLAIMS_DASHBOARD_CACHE`` to another directory, or to ``off``.

The cache holds data only: Arrow IPC files, one raw UTF-8 text buffer and a
JSON file (:mod:`dashboard.columnar`); reading it never runs code. Its
directory is created private (mode 0700), and a directory or file that is not
the user's own, or that others may write to, is refused with a warning: the
data is then prepared again. The files are memory-mapped read-only, so every
worker process of a server (``serve --num-procs N``) reads one shared copy of
the prepared data from the operating system's page cache.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from datetime import date
from importlib import metadata
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd
import pyarrow as pa

from . import columnar, memo
from .claim_index import ClaimIndex, Coded, FoldedText
from .dataset import Dataset, _signature, default_path, load
from .query import Prepared, TimeScale, adopt, prepare

__all__ = ["CACHE_ENV", "cache_dir", "fingerprint", "load_prepared", "prepared"]

log = logging.getLogger(__name__)

#: Environment variable naming the cache directory ("off" disables the disk cache).
CACHE_ENV = "CLAIMS_DASHBOARD_CACHE"

_FORMAT = 5  # bump when the files' layout or Prepared changes shape
_META = "meta.json"
_TABLES = ("claims", "figures", "events", "sources")


def cache_dir() -> Path | None:
    """Where prepared data is kept, or None when the disk cache is off."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return None if configured.strip().lower() in ("", "off", "0", "false", "no") else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "claims-dashboard"


def fingerprint(path: Path) -> str:
    """A key that changes when any file under ``path`` (or the software reading it) changes."""
    digest = hashlib.sha256()
    for part in (_FORMAT, _version("claims-dashboard"), _version("pandas"), _version("numpy"), _version("pyarrow"),
                 sys.version, str(path.resolve())):
        digest.update(f"{part}\0".encode())
    for relpath, mtime_ns, size in _signature(path):  # the same walk that load_cached keys on
        digest.update(f"{relpath}\0{size}\0{mtime_ns}\n".encode())
    return digest.hexdigest()[:32]


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def _private_dir(folder: Path) -> Path | None:
    """The cache directory, created with mode 0700; None (with a warning) when it is not private."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        columnar.check_private(os.stat(folder), folder, directory=True)
        if os.stat(folder).st_mode & 0o077:
            os.chmod(folder, 0o700)  # ours and written by no one else: made private from now on
        return folder
    except columnar.UnsafeFile as error:
        log.warning("not using the cache directory: %s; the data is prepared in memory instead", error)
    except OSError as error:
        log.warning("could not create the cache directory %s: %s", folder, error)
    return None


def load_prepared(path: str | os.PathLike | None = None, progress=None) -> Prepared:
    """The validated, prepared data of ``path``: from the disk cache when it is current.

    ``progress`` (a callable taking a message) hears about each stage.
    """
    say = progress or (lambda _message: None)
    path = (Path(path) if path is not None else default_path()).resolve()
    configured = cache_dir()
    folder = _private_dir(configured) if configured is not None else None
    key = fingerprint(path)
    entry = folder / key if folder is not None else None
    if entry is not None and os.path.lexists(entry):
        began = time.perf_counter()
        try:
            loaded = read_entry(entry)
            say(f"read prepared data from the cache {entry} ({time.perf_counter() - began:.1f} s)")
            return adopt(loaded)
        except columnar.UnsafeFile as error:
            log.warning("refusing the cache %s: %s; preparing the data again", entry, error)
        except Exception as error:  # noqa: BLE001 - a broken cache is rebuilt, never fatal
            log.warning("ignoring unreadable cache %s: %s", entry, error)
    began = time.perf_counter()
    dataset = load(path, progress=progress)
    say(f"validated and loaded {path} ({time.perf_counter() - began:.1f} s)")
    began = time.perf_counter()
    result = prepare(dataset)
    say(f"prepared {len(result.claims):,} claims ({time.perf_counter() - began:.1f} s)")
    if entry is not None and _write(entry, result, say):
        try:  # served from the mapped files, which every worker process shares
            return adopt(read_entry(entry))
        except Exception as error:  # noqa: BLE001
            log.warning("could not read back the cache %s: %s", entry, error)
    return result


# ------------------------------------------------------------------ writing

def _write(entry: Path, result: Prepared, say) -> bool:
    """Write the entry into a private temporary directory, then rename it into place."""
    began = time.perf_counter()
    temporary = None
    try:
        temporary = Path(tempfile.mkdtemp(dir=entry.parent, prefix=f".{entry.name}-"))  # mode 0700
        write_entry(temporary, result)
        if os.path.lexists(entry):  # refused or unreadable: moved aside, then removed
            aside = Path(tempfile.mkdtemp(dir=entry.parent, prefix=".stale-"))
            os.rename(entry, aside / "entry")
            shutil.rmtree(aside, ignore_errors=True)
        os.rename(temporary, entry)
        temporary = None
        say(f"wrote the cache {entry} ({time.perf_counter() - began:.1f} s)")
        _forget_older(entry, result.dataset.path)
        return True
    except OSError as error:
        log.warning("could not write the cache %s: %s", entry, error)
        return False
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)


def _forget_older(entry: Path, data_path: Path) -> None:
    """Remove this user's other entries for the same data folder: they can never be current again."""
    for other in entry.parent.iterdir():
        if other == entry or other.name.startswith(".") or not other.is_dir() or other.is_symlink():
            continue
        try:
            columnar.check_private(os.lstat(other), other, directory=True)
            meta = json.loads((other / _META).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if meta.get("path") == str(data_path):
            shutil.rmtree(other, ignore_errors=True)


def write_entry(folder: Path, p: Prepared) -> None:
    """Every part of ``p`` as files in ``folder``; ``meta.json`` last, naming them all."""
    ds, index = p.dataset, p.index
    for name, frame in ds.tables.items():
        columnar.write_table(folder / f"dataset-{name}.arrow", frame)
    columnar.write_table(folder / "articles.arrow",
                         pd.DataFrame({"key": list(ds.articles), "text": list(ds.articles.values())}, dtype=object))
    for name in _TABLES:
        columnar.write_table(folder / f"prepared-{name}.arrow", getattr(p, name))
    for name in ClaimIndex.CODED:
        coded = getattr(index, name)
        columnar.write_array(folder / f"codes-{name}.arrow", coded.codes)
        columnar.write_table(folder / f"values-{name}.arrow", pd.DataFrame({"values": coded.values}))
    columnar.write_array(folder / "start_day.arrow", index.start_day)
    columnar.write_array(folder / "end_day.arrow", index.end_day)
    columnar.write_array(folder / "text-offsets.arrow", index.text.offsets)
    with open(folder / "text.utf8", "wb") as fh:
        fh.write(index.text.data)
    os.chmod(folder / "text.utf8", 0o600)
    derived = sorted(p.derived)
    for i, name in enumerate(derived):
        columnar.write_array(folder / f"derived-{i}.arrow", np.asarray(p.derived[name]))
    columnar.write_table(folder / "anchors.arrow", pd.DataFrame({"values": p.time_scale.anchors}))
    meta = {
        "format": _FORMAT, "path": str(ds.path), "schema": ds.schema, "tables": list(ds.tables),
        "derived": derived, "actor_names": p.actor_names, "stance_labels": p.stance_labels,
        "stance_colours": p.stance_colours, "metric_labels": p.metric_labels, "source_labels": p.source_labels,
        "target_names": index.target_names, "date_bounds": [d.isoformat() for d in p.date_bounds],
        "time_reach": [d.isoformat() for d in p.time_scale.reach],
    }
    (folder / _META).write_text(json.dumps(meta), encoding="utf-8")
    os.chmod(folder / _META, 0o600)


# ------------------------------------------------------------------ reading

class _Articles(Mapping):
    """Article texts by key, each made a Python string only when asked for."""

    def __init__(self, table: pd.DataFrame):
        self._texts = table["text"].array
        self._rows = {str(k): i for i, k in enumerate(table["key"])}

    def __getitem__(self, key: str) -> str:
        return str(self._texts[self._rows[key]])

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


def _read_meta(entry: Path) -> dict:
    mapped = columnar.open_private(entry / _META)
    try:
        meta = json.loads(bytes(mapped).decode("utf-8"))
    finally:
        mapped.close()
    if not isinstance(meta, dict) or meta.get("format") != _FORMAT:
        raise ValueError(f"{entry / _META}: not a cache of format {_FORMAT}")
    return meta


def read_entry(entry: Path) -> Prepared:
    """The prepared data in ``entry``, its large columns views of the memory-mapped files."""
    columnar.check_private(os.lstat(entry), entry, directory=True)
    meta = _read_meta(entry)
    tables = {name: columnar.read_table(entry / f"dataset-{name}.arrow") for name in meta["tables"]}
    dataset = Dataset(Path(meta["path"]), meta["schema"], MappingProxyType(tables),
                      _Articles(columnar.read_table(entry / "articles.arrow")))
    frames = {name: columnar.read_table(entry / f"prepared-{name}.arrow") for name in _TABLES}
    coded = {name: Coded.from_parts(columnar.read_array(entry / f"codes-{name}.arrow"),
                                    pd.Index(columnar.read_table(entry / f"values-{name}.arrow")["values"]))
             for name in ClaimIndex.CODED}
    text = FoldedText(columnar.open_private(entry / "text.utf8"), columnar.read_array(entry / "text-offsets.arrow"))
    if len(text) != len(frames["claims"]) or len(text.data) != text.offsets[-1]:
        raise ValueError(f"{entry}: the quotes' text does not match the claims")
    index = ClaimIndex(**coded, start_day=columnar.read_array(entry / "start_day.arrow"),
                       end_day=columnar.read_array(entry / "end_day.arrow"), text=text,
                       actor_names=meta["actor_names"], target_names=meta["target_names"])
    derived = {name: columnar.read_array(entry / f"derived-{i}.arrow") for i, name in enumerate(meta["derived"])}
    anchors = columnar.read_table(entry / "anchors.arrow")["values"]
    return Prepared(
        dataset=dataset, **frames, actor_names=meta["actor_names"], stance_labels=meta["stance_labels"],
        stance_colours=meta["stance_colours"], metric_labels=meta["metric_labels"],
        source_labels=meta["source_labels"],
        date_bounds=tuple(date.fromisoformat(d) for d in meta["date_bounds"]),
        index=index, time_scale=TimeScale(anchors, reach=[pd.Timestamp(d) for d in meta["time_reach"]]),
        derived=derived,
    )


def prepared(path: str | os.PathLike | None = None, progress=None) -> Prepared:
    """:func:`load_prepared`, kept in memory for the process: every session shares one copy."""
    path = (Path(path) if path is not None else default_path()).resolve()
    return memo.latest("prepared", path, lambda: fingerprint(path), lambda: load_prepared(path, progress))
