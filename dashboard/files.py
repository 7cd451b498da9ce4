"""The one place where paths become files: every file the tool reads or writes is opened here.

A path taken from data (a resource's ``path``, an article's ``text_path``) or
given on a command line is *contained* in its folder:

* it is relative, and ``..`` never leads out of the folder;
* no symbolic link is followed on the way below the folder (the folder itself
  may be one: the user named it);
* only a regular file is read, never a device, a FIFO or a socket, and never
  more than a stated number of bytes (:data:`LIMITS`);
* a file is written as a new temporary file with a unique name beside its
  target, then renamed over it, so a reader sees the old file or the new one.

Directories are walked with ``O_NOFOLLOW`` file descriptors (``openat``), so a
link swapped in while a path is being opened is refused too.
JSON is read with bounds on its nesting and on the length of its numbers
(:func:`loads_json`).
"""

from __future__ import annotations

import errno
import json
import os
import posixpath
import re
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = [
    "LIMITS", "DataFiles", "JsonRefused", "Refused", "loads_json", "read_below", "read_file", "read_stream",
    "relative", "unique_name", "write_below", "write_file",
]

MB = 1_000_000

#: The most bytes read of each kind of file. A news article is a few hundred kilobytes and the
#: largest generated table (10^7 claims, the most the dashboard is built for) some 2.6 GB; these
#: leave room and stop what is not data (a table is read whole, so its limit bounds the memory).
LIMITS = {
    "article": 64 * MB,
    "table": 4096 * MB,
    "review": 256 * MB,
    "schema": 4 * MB,
}
#: JSON nesting deeper than this is refused (datapackage.json nests about six levels).
JSON_MAX_DEPTH = 64
#: A JSON number written with more characters than this is refused.
JSON_MAX_NUMBER = 40

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_AT = os.open in os.supports_dir_fd and os.stat in os.supports_dir_fd


class Refused(OSError):
    """A path or file the tool will not read or write; ``reason`` says why, ``path`` what."""

    def __init__(self, path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = str(path), reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class JsonRefused(ValueError):
    """JSON that cannot be read, or goes beyond the bounds; ``line`` is 1-based when known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message, self.line = message, line


def _size(n: int) -> str:
    return f"{n / MB:,.1f} MB" if n >= MB else f"{n:,} bytes"


def relative(rel) -> str:
    """``rel`` as a normalised relative POSIX path inside its folder; :class:`Refused` otherwise."""
    if not isinstance(rel, str) or not rel:
        raise Refused(repr(rel), "not a file name")
    if "\x00" in rel:
        raise Refused(repr(rel), "not a file name (contains a NUL character)")
    if rel.startswith("/") or Path(rel).is_absolute() or "\\" in rel:
        raise Refused(repr(rel), "is not inside the folder (an absolute path)")
    norm = posixpath.normpath(rel)
    if norm == ".." or norm.startswith("../") or norm in (".", ""):
        raise Refused(repr(rel), "is not inside the folder")
    return norm


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISLNK, "a symbolic link"), (stat.S_ISDIR, "a directory"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


def _not_a_file(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "is a symbolic link, which is not followed: give the file itself"
    return f"is {_kind(mode)}, not a regular file"


@contextmanager
def _directory(root: Path, parts: list[str], shown: str, create: bool = False) -> Iterator[int]:
    """A file descriptor of ``root/parts...``, every part opened without following a link."""
    fd = os.open(root, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
    try:
        for part in parts:
            try:
                child = os.open(part, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=fd)
            except FileNotFoundError:
                if not create:
                    raise
                os.mkdir(part, 0o777, dir_fd=fd)
                child = os.open(part, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=fd)
            except OSError as e:
                if e.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
                    mode = os.stat(part, dir_fd=fd, follow_symlinks=False).st_mode
                    raise Refused(shown, f"{part!r} on the way is {_kind(mode)}"
                                  + (", which is not followed" if stat.S_ISLNK(mode) else "")) from None
                raise
            os.close(fd)
            fd = child
        yield fd
    finally:
        os.close(fd)


def _read_fd(fd: int, shown: str, limit: int, what: str) -> bytes:
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        raise Refused(shown, _not_a_file(st.st_mode))
    if st.st_size > limit:
        raise Refused(shown, f"is {_size(st.st_size)}, more than the {_size(limit)} allowed for {what}")
    chunks, total = [], 0
    while True:  # the file may grow while it is read: never more than the limit
        chunk = os.read(fd, min(limit + 1 - total, 1 << 24) or 1)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise Refused(shown, f"is more than the {_size(limit)} allowed for {what}")
    return b"".join(chunks)


def _open_below(root: Path, rel: str, shown: str) -> tuple[int, os.stat_result]:
    """An open descriptor of the regular file ``root/rel`` (already :func:`relative`), and its status."""
    *dirs, name = rel.split("/")
    if not _AT:  # no openat: check each part, then open without following the last one
        path = Path(root)
        for part in [*dirs, name]:
            path = path / part
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode) or (part != name and not stat.S_ISDIR(mode)):
                raise Refused(shown, f"{part!r} on the way is {_kind(mode)}")
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC)
        return fd, os.fstat(fd)
    with _directory(Path(root), dirs, shown) as dfd:
        mode = os.stat(name, dir_fd=dfd, follow_symlinks=False).st_mode
        if not stat.S_ISREG(mode):  # not even opened: opening a device can have effects
            raise Refused(shown, _not_a_file(mode))
        try:
            fd = os.open(name, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC, dir_fd=dfd)
        except OSError as e:
            if e.errno == errno.ELOOP:
                raise Refused(shown, _not_a_file(stat.S_IFLNK)) from None
            raise
    return fd, os.fstat(fd)


def read_below(root, rel: str, limit: int, what: str = "a file", shown: str | None = None) -> bytes:
    """The bytes of the regular file ``rel`` below the folder ``root``.

    Raises :class:`Refused` for a path leaving the folder, a link, anything
    but a regular file, or more than ``limit`` bytes (``what`` names the kind
    of file in that message); :class:`FileNotFoundError` when it is missing.
    """
    rel = relative(rel)
    shown = shown or rel
    fd, _ = _open_below(Path(root), rel, shown)
    try:
        return _read_fd(fd, shown, limit, what)
    finally:
        os.close(fd)


def read_file(path, limit: int, what: str = "a file") -> bytes:
    """The bytes of the regular file ``path`` (not followed if it is a link), at most ``limit``."""
    path = Path(path)
    if not path.name or path.name in (".", ".."):
        raise Refused(path, "is not a file")
    return read_below(path.parent, path.name, limit, what, shown=str(path))


def read_stream(stream, limit: int, what: str = "the input", shown: str = "standard input") -> bytes:
    """At most ``limit`` bytes of a binary stream; :class:`Refused` when there are more."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise Refused(shown, f"is more than the {_size(limit)} allowed for {what}")
    return data


def unique_name(name: str, purpose: str = "tmp") -> str:
    """A hidden name beside ``name`` that no other process picks: ``.NAME.PURPOSE-<16 hex digits>``."""
    return f".{name}.{purpose}-{secrets.token_hex(8)}"


def write_below(root, rel: str, data: bytes, *, create_dirs: bool = True, mode: int | None = None,
                fsync: bool = True) -> Path:
    """Write ``data`` as the file ``rel`` below ``root``: all of it or nothing, never through a link.

    The bytes go to a new file with a unique name in the same folder, which
    then replaces the target by one rename. An existing target must be a
    regular file; its permission bits are kept (else ``mode``, else the umask's).
    """
    rel = relative(rel)
    root = Path(root)
    *dirs, name = rel.split("/")
    with _directory(root, dirs, rel, create=create_dirs) as dfd:
        try:
            old = os.stat(name, dir_fd=dfd, follow_symlinks=False)
        except FileNotFoundError:
            old = None
        if old is not None and not stat.S_ISREG(old.st_mode):
            raise Refused(rel, f"is {_kind(old.st_mode)}: not replaced")
        tmp = unique_name(name)
        perms = stat.S_IMODE(old.st_mode) if old is not None else (mode if mode is not None else 0o666)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, perms, dir_fd=dfd)
        try:
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
                if old is not None:
                    os.fchmod(fd, perms)
                if fsync:
                    os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, name, src_dir_fd=dfd, dst_dir_fd=dfd)
        except BaseException:
            try:
                os.unlink(tmp, dir_fd=dfd)
            except OSError:
                pass
            raise
        if fsync:
            os.fsync(dfd)
    return root / rel


def write_file(path, data: bytes, **kwargs) -> Path:
    """:func:`write_below` for a path given as a whole (its folder must exist)."""
    path = Path(path)
    return write_below(path.parent, path.name, data, create_dirs=False, **kwargs)


# ---------------------------------------------------------------------------- JSON

_SURROGATE = re.compile("[\ud800-\udfff]")


class _Bounds(ValueError):
    pass


def _number(text: str, kind):
    if len(text) > JSON_MAX_NUMBER:
        raise _Bounds(f"a number written with {len(text):,} characters (at most {JSON_MAX_NUMBER} are read)",
                      text)
    return kind(text)


def loads_json(text: str) -> Any:
    """Parse JSON text within bounds; :class:`JsonRefused` says what is wrong and where.

    Refused: invalid JSON, nesting deeper than :data:`JSON_MAX_DEPTH`,
    numbers longer than :data:`JSON_MAX_NUMBER` characters, and strings
    with a lone surrogate (``"\\ud800"``), which is no character at all.
    """
    try:
        value = json.loads(text, parse_int=lambda s: _number(s, int), parse_float=lambda s: _number(s, float))
    except json.JSONDecodeError as e:
        raise JsonRefused(f"invalid JSON: {e.msg} (column {e.colno})", e.lineno) from None
    except RecursionError:
        raise JsonRefused(f"invalid JSON: nested more than {JSON_MAX_DEPTH} levels deep") from None
    except _Bounds as e:
        at = text.find(e.args[1])
        raise JsonRefused(e.args[0], text.count("\n", 0, at) + 1 if at >= 0 else None) from None
    stack = [(value, 1, "")]
    while stack:  # no recursion: the depth is what is being checked
        node, depth, where = stack.pop()
        if depth > JSON_MAX_DEPTH:
            raise JsonRefused(f"nested more than {JSON_MAX_DEPTH} levels deep (at {where or 'the top'})")
        if isinstance(node, dict):
            for key, child in node.items():
                if _SURROGATE.search(key):
                    raise JsonRefused(f"key {key!r} at {where or 'the top'} has a lone surrogate: not text")
                stack.append((child, depth + 1, f"{where}.{key}" if where else key))
        elif isinstance(node, list):
            stack.extend((child, depth + 1, f"{where}[{i}]") for i, child in enumerate(node))
        elif isinstance(node, str) and _SURROGATE.search(node):
            raise JsonRefused(f"the text at {where or 'the top'} has a lone surrogate "
                              f"({_SURROGATE.search(node).group()!r}): not valid Unicode")
    return value


# ---------------------------------------------------------------------------- a data folder


class DataFiles:
    """The files of one data folder as validation reads them.

    ``overlay`` holds files replaced in memory (the tables a merge would
    write, or a whole folder not yet written); ``redirect`` maps a file to the
    one that replaces it on disk (an interrupted merge's staged file, read in
    its target's place while it exists). Each file read from disk is
    remembered with its identity (device, inode, size, mtime), so that a
    reader can tell whether the folder changed while it was read.
    """

    def __init__(self, root, overlay: dict[str, bytes] | None = None, redirect: dict[str, str] | None = None):
        self.root = Path(root)
        self.overlay = {relative(k): v for k, v in (overlay or {}).items()}
        self.redirect = dict(redirect or {})
        self.seen: dict[str, tuple] = {}

    def is_dir(self) -> bool:
        return bool(self.overlay) or self.root.is_dir()

    def has(self, rel: str) -> bool:
        rel = relative(rel)
        if rel in self.overlay:
            return True
        try:
            os.stat(self.root / rel, follow_symlinks=False)
        except OSError:
            return False
        return True

    def read(self, rel: str, kind: str) -> bytes:
        """The bytes of ``rel``: :class:`Refused`, :class:`FileNotFoundError` or :class:`OSError` otherwise."""
        rel = relative(rel)
        if rel in self.overlay:
            return self.overlay[rel]
        what = f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"
        staged = self.redirect.get(rel)
        if staged is not None:
            try:
                return self._read(staged, LIMITS[kind], what, rel)
            except FileNotFoundError:  # already renamed into place
                pass
        return self._read(rel, LIMITS[kind], what, rel)

    def _read(self, rel: str, limit: int, what: str, shown: str) -> bytes:
        fd, st = _open_below(self.root, relative(rel), shown)
        try:
            self.seen[rel] = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
            return _read_fd(fd, shown, limit, what)
        finally:
            os.close(fd)

    def unchanged(self) -> bool:
        """Whether every file read from disk is still the file that was read."""
        for rel, identity in self.seen.items():
            try:
                st = os.stat(self.root / rel, follow_symlinks=False)
            except OSError:
                return False
            if (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns) != identity:
                return False
        return True
