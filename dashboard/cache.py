"""A warm start: prepared data kept on disk between runs, keyed by the data folder's files.

The first start of a server (or notebook) on a folder validates and prepares
it; the result is written to the user's cache directory, never into the data
folder. Later starts read it back while no file in the folder has changed
(same names, sizes and modification times) and the dashboard's version is
the same. Set ``CLAIMS_DASHBOARD_CACHE`` to another directory, or to ``off``.

The cache file is a pickle: only point ``CLAIMS_DASHBOARD_CACHE`` at a
directory no one else can write to (the default, in your home, is).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
import threading
import time
from importlib import metadata
from pathlib import Path

from .dataset import _signature, default_path, load
from .query import Prepared, adopt, prepare

__all__ = ["CACHE_ENV", "cache_dir", "fingerprint", "load_prepared", "prepared"]

log = logging.getLogger(__name__)

#: Environment variable naming the cache directory ("off" disables the disk cache).
CACHE_ENV = "CLAIMS_DASHBOARD_CACHE"

_FORMAT = 2  # bump when Prepared changes shape


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
    for part in (_FORMAT, _version("claims-dashboard"), _version("pandas"), _version("numpy"), sys.version,
                 str(path.resolve())):
        digest.update(f"{part}\0".encode())
    for relpath, mtime_ns, size in _signature(path):  # the same walk that load_cached keys on
        digest.update(f"{relpath}\0{size}\0{mtime_ns}\n".encode())
    return digest.hexdigest()[:32]


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def load_prepared(path: str | os.PathLike | None = None, progress=None) -> Prepared:
    """The validated, prepared data of ``path``: from the disk cache when it is current.

    ``progress`` (a callable taking a message) hears about each stage.
    """
    say = progress or (lambda _message: None)
    path = (Path(path) if path is not None else default_path()).resolve()
    folder = cache_dir()
    key = fingerprint(path)
    file = folder / f"{key}.pickle" if folder is not None else None
    if file is not None and file.exists():
        began = time.perf_counter()
        try:
            with open(file, "rb") as fh:
                loaded = pickle.load(fh)
            if isinstance(loaded, Prepared):
                say(f"read prepared data from the cache {file} ({time.perf_counter() - began:.1f} s)")
                return adopt(loaded)
        except Exception as error:  # noqa: BLE001 - a broken cache is rebuilt, never fatal
            log.warning("ignoring unreadable cache file %s: %s", file, error)
    began = time.perf_counter()
    dataset = load(path, progress=progress)
    say(f"validated and loaded {path} ({time.perf_counter() - began:.1f} s)")
    began = time.perf_counter()
    result = prepare(dataset)
    say(f"prepared {len(result.claims):,} claims ({time.perf_counter() - began:.1f} s)")
    if file is not None:
        _write(file, result, say)
    return result


def _write(file: Path, result: Prepared, say) -> None:
    """Write atomically; a cache that cannot be written is only a slower next start."""
    began = time.perf_counter()
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=file.parent, suffix=".tmp", delete=False) as fh:
            pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(fh.name, file)
        say(f"wrote the cache {file} ({time.perf_counter() - began:.1f} s)")
    except OSError as error:
        log.warning("could not write the cache %s: %s", file, error)
        try:
            os.unlink(fh.name)
        except (OSError, UnboundLocalError):
            pass


_memory: dict[Path, tuple[str, Prepared]] = {}
_lock = threading.Lock()


def prepared(path: str | os.PathLike | None = None, progress=None) -> Prepared:
    """:func:`load_prepared`, kept in memory for the process: every session shares one copy."""
    path = (Path(path) if path is not None else default_path()).resolve()
    with _lock:
        key = fingerprint(path)
        held = _memory.get(path)
        if held is not None and held[0] == key:
            return held[1]
        result = load_prepared(path, progress)
        _memory[path] = (key, result)
        return result
