"""Changing several files of a data folder at once: a lock, and a journal that makes it all-or-nothing.

A data folder keeps its layout: the tables stay where ``datapackage.json``
puts them. A change of several tables (a merge) goes like this, with the
folder's lock held (:func:`locked`, a ``flock`` on the folder):

1. each new table is written and flushed beside its target under a unique
   hidden name (``.claims.csv.merge-<16 hex digits>``);
2. the journal ``.claims-dashboard-journal.json`` is written (by a rename),
   listing each target, its staged file and the staged file's SHA-256: from
   that instant the change has happened;
3. each staged file is renamed over its target;
4. the journal is removed.

A crash before step 2 leaves the old folder (and staged files that the next
change removes); after it, the new one: a reader that finds a journal reads
each staged file in its target's place (:func:`pending`), and the next change
finishes the renames first (:func:`recover`). Readers never take the lock;
they check that no file they read changed meanwhile (see
:class:`dashboard.files.DataFiles`) and read again if one did.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from . import files

__all__ = ["JOURNAL", "Busy", "JournalError", "locked", "pending", "recover", "replace_all"]

JOURNAL = ".claims-dashboard-journal.json"
#: A staged table no journal lists, left by a change that stopped before step 2.
_LEFTOVER = re.compile(r"^\..+\.merge-[0-9a-f]{16}(\.tmp-[0-9a-f]{16})?$|^"
                       + re.escape(f".{JOURNAL}.tmp-") + r"[0-9a-f]{16}$")

Step = Callable[[str], None]


class Busy(OSError):
    """Another process holds the folder's lock."""


class JournalError(OSError):
    """An interrupted change that cannot be completed automatically (the message says what to do)."""


def _noop(_step: str) -> None:
    pass


@contextmanager
def locked(root, wait: float = 60.0, waiting: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the data folder's lock; wait up to ``wait`` seconds for another holder, then :class:`Busy`.

    The lock is an advisory ``flock`` on the folder itself, so it leaves no
    file behind and the kernel releases it when its holder dies. ``waiting``
    hears once that another process holds it.
    """
    import fcntl

    root = Path(root)
    fd = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        deadline, told = time.monotonic() + wait, False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise Busy(f"{root} is being changed by another merge; nothing was changed: "
                               "try again when it has finished") from None
                if waiting is not None and not told:
                    waiting(f"waiting for another merge into {root} to finish…")
                    told = True
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _journal(root: Path) -> dict | None:
    """The journal's entries, or None when there is none."""
    try:
        data = files.read_below(root, JOURNAL, files.LIMITS["schema"], "a journal")
    except FileNotFoundError:
        return None
    try:
        journal = files.loads_json(data.decode("utf-8"))
        entries = journal["files"]
        for entry in entries:
            for key in ("path", "staged"):
                entry[key] = files.relative(entry[key])
            if not isinstance(entry["sha256"], str):
                raise TypeError
    except (UnicodeDecodeError, files.JsonRefused, files.Refused, KeyError, TypeError) as e:
        raise JournalError(f"{root / JOURNAL} is damaged ({e}): restore the folder from a copy, then delete it") \
            from None
    return journal


def pending(root) -> dict[str, str]:
    """``{target: staged file}`` of a change that happened but whose renames are not finished."""
    journal = _journal(Path(root))
    return {} if journal is None else {e["path"]: e["staged"] for e in journal["files"]}


def _sha256(root: Path, rel: str) -> str | None:
    try:
        return hashlib.sha256(files.read_below(root, rel, files.LIMITS["table"], "a table")).hexdigest()
    except FileNotFoundError:
        return None


def _fsync_dir(root: Path, rel_dir: str = "") -> None:
    fd = os.open(root / rel_dir if rel_dir else root, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _rename(root: Path, staged: str, target: str) -> None:
    with files._directory(root, staged.split("/")[:-1], target) as dfd:
        os.replace(staged.rsplit("/", 1)[-1], target.rsplit("/", 1)[-1], src_dir_fd=dfd, dst_dir_fd=dfd)


def recover(root, dirs: Iterable[str] = ("",), on_step: Step | None = None) -> list[str]:
    """Finish an interrupted change and remove what an unfinished one left; hold the lock.

    ``dirs`` are the folders (relative to ``root``) where staged files may
    be left. Returns a sentence for each thing done.
    """
    root, step, done = Path(root), on_step or _noop, []
    journal = _journal(root)
    if journal is not None:
        for entry in journal["files"]:
            path, staged, digest = entry["path"], entry["staged"], entry["sha256"]
            found = _sha256(root, staged)
            if found is not None:
                if found != digest:
                    raise JournalError(f"{root / staged} does not hold what the interrupted merge wrote: "
                                       f"restore {path} from a copy, then delete {JOURNAL}")
                _rename(root, staged, path)
            elif _sha256(root, path) != digest:
                raise JournalError(f"the interrupted merge cannot be finished: {root / path} has changed; "
                                   f"check it, then delete {root / JOURNAL}")
            step(f"recovered {path}")
        for folder in {e["path"].rpartition("/")[0] for e in journal["files"]}:
            _fsync_dir(root, folder)
        os.unlink(root / JOURNAL)
        _fsync_dir(root)
        done.append(f"finished the interrupted merge of {journal.get('note') or 'an earlier review'}")
    for folder in set(dirs) | {""}:
        try:
            names = os.listdir(root / folder if folder else root)
        except OSError:
            continue
        for name in names:
            rel = f"{folder}/{name}" if folder else name
            if _LEFTOVER.match(name):
                os.unlink(root / rel)
                done.append(f"removed {rel}, left by a merge that did not finish")
    return done


def replace_all(root, changes: dict[str, bytes], note: str = "", on_step: Step | None = None) -> list[Path]:
    """Replace the files ``changes`` (relative path -> new bytes) of ``root`` as one change.

    Hold the lock (:func:`locked`) and :func:`recover` first. ``on_step``
    hears the name of each step as it is done (the tests stop a merge there).
    """
    root, step = Path(root), on_step or _noop
    entries = []
    try:
        for rel, data in changes.items():
            rel = files.relative(rel)
            folder, _, name = rel.rpartition("/")
            staged = f"{folder}/{files.unique_name(name, 'merge')}" if folder else files.unique_name(name, "merge")
            try:
                mode = os.stat(root / rel, follow_symlinks=False).st_mode & 0o7777
            except FileNotFoundError:
                mode = None
            files.write_below(root, staged, data, create_dirs=False, mode=mode)
            entries.append({"path": rel, "staged": staged, "sha256": hashlib.sha256(data).hexdigest()})
            step(f"staged {rel}")
        record = {"note": note, "written": f"{datetime.now(timezone.utc):%Y-%m-%dT%H:%M:%SZ}", "files": entries}
        files.write_below(root, JOURNAL, (json.dumps(record, indent=2) + "\n").encode("utf-8"), create_dirs=False)
    except BaseException:
        for entry in entries:  # not committed: the folder is as it was
            try:
                os.unlink(root / entry["staged"])
            except OSError:
                pass
        raise
    step("committed")
    for entry in entries:
        _rename(root, entry["staged"], entry["path"])
        step(f"replaced {entry['path']}")
    for folder in {e["path"].rpartition("/")[0] for e in entries}:
        _fsync_dir(root, folder)
    os.unlink(root / JOURNAL)
    _fsync_dir(root)
    step("finished")
    return [root / e["path"] for e in entries]
