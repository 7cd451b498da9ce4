"""Tables and arrays in files that are data only: Arrow IPC, read back memory-mapped.

The warm-start cache (:mod:`dashboard.cache`) is written with these functions.
Reading a file never runs code: an Arrow IPC file holds typed buffers and a
schema, and each column's pandas dtype is named in the schema's metadata
from a fixed list (:data:`KINDS`), never as an importable object.

Files are opened read-only and memory-mapped: the columns of the returned
frames are views of the file's pages, which every process that maps the same
file shares through the operating system's page cache. Only the columns
whose type Arrow cannot hand over as it is (lists, nullable integers) are
converted, and those are the small tables' columns.

Before a file is mapped it must be a regular file owned by the user running
this process and writable by no one else (:func:`check_private`).
"""

from __future__ import annotations

import errno
import json
import mmap
import os
import stat
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

__all__ = ["KINDS", "UnsafeFile", "check_private", "open_private", "read_array", "read_table",
           "write_array", "write_table"]

#: How a pandas column is stored, by the name kept in the file.
KINDS = ("str", "string", "datetime", "numpy", "masked", "tuples", "dictionary")

#: A text column of at least this many rows, with at most one distinct text in
#: :data:`DICTIONARY_RATIO` rows and none missing, is stored dictionary-encoded (a code per row and
#: each text once) and read back as a :class:`pandas.Categorical` whose codes are views of the file:
#: at 10^7 claims the claimant, outlet, stance... columns are then 10-40 MB each, not 150-300 MB.
DICTIONARY_MIN_ROWS = 100_000
DICTIONARY_RATIO = 8
_SAMPLE = 65_536  # rows looked at first: a column with more than half of them distinct is not encoded

_NAT = np.iinfo(np.int64).min
_STR = pd.StringDtype("pyarrow", na_value=np.nan)


class UnsafeFile(OSError):
    """A cache file or folder that another user could have written: it is never read."""


def check_private(st: os.stat_result, path: Path, directory: bool = False) -> None:
    """Raise :class:`UnsafeFile` unless ``st`` is a regular file (or a directory) owned by this
    process's user and writable by no one else."""
    kind = stat.S_ISDIR if directory else stat.S_ISREG
    if not kind(st.st_mode):
        raise UnsafeFile(f"{path} is not a {'directory' if directory else 'regular file'}")
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        raise UnsafeFile(f"{path} is owned by user id {st.st_uid}, not by this user ({os.getuid()})")
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise UnsafeFile(f"{path} can be written by other users (mode {stat.S_IMODE(st.st_mode):o})")


def open_private(path: Path) -> mmap.mmap:
    """``path`` mapped read-only, once it is checked to be this user's own (symbolic links refused)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UnsafeFile(f"{path} is a symbolic link") from None
        raise
    try:
        st = os.fstat(fd)  # the file opened, not whatever the name points at by now
        check_private(st, path)
        if st.st_size == 0:
            raise ValueError(f"{path} is empty")
        return mmap.mmap(fd, 0, access=mmap.ACCESS_READ)
    finally:
        os.close(fd)


# ------------------------------------------------------------------ writing

def _dictionary(column: pd.Series) -> pa.DictionaryArray | None:
    """``column`` dictionary-encoded, when it is text that :data:`DICTIONARY_MIN_ROWS` says to store so.

    The texts are sorted (a categorical column sorts by its categories' order, which is then the
    texts' own) and the codes are as wide as pandas keeps them (so reading them copies nothing).
    """
    if len(column) < DICTIONARY_MIN_ROWS or isinstance(column.dtype, pd.CategoricalDtype):
        return None
    if not (isinstance(column.dtype, pd.StringDtype) or column.dtype == object):
        return None
    try:
        # ids and quotes, nearly all distinct, are told from a sample, not from a hash of every row
        step = max(1, len(column) // _SAMPLE)
        if pd.Series(column.array[::step]).nunique(dropna=False) * 2 > len(column.array[::step]):
            return None
        codes, texts = pd.factorize(column, sort=True)
    except TypeError:  # values that cannot be hashed: not text
        return None
    if (codes < 0).any() or len(texts) * DICTIONARY_RATIO > len(column):
        return None
    if not all(isinstance(t, str) for t in texts):
        return None
    width = np.int8 if len(texts) < 127 else np.int16 if len(texts) < 32767 else np.int32
    return pa.DictionaryArray.from_arrays(pa.array(codes.astype(width)),
                                          pa.array(np.asarray(texts, dtype=object), type=pa.large_string()))


def _encode(column: pd.Series) -> tuple[str, pa.Array]:
    """(kind, Arrow array) of one pandas column."""
    dtype = column.dtype
    encoded = _dictionary(column)
    if encoded is not None:
        return "dictionary", encoded
    if isinstance(dtype, pd.StringDtype):
        kind = "str" if dtype.na_value is not pd.NA else "string"
        # Arrow-backed text is handed over as it is (no Python string per cell)
        return kind, _one_chunk(pa.array(column.array, type=pa.large_string()))
    if dtype.kind == "M":
        values = column.to_numpy("datetime64[ns]").view(np.int64)
        return "datetime", pa.array(values)
    if isinstance(dtype, np.dtype) and dtype.kind in "biuf":
        return "numpy", pa.array(column.to_numpy())
    if isinstance(dtype, pd.api.extensions.ExtensionDtype) and dtype.name in ("Int64", "Float64", "boolean"):
        return "masked", pa.array(column.array, from_pandas=True)
    values = column.to_numpy(dtype=object)
    if all(isinstance(v, tuple) for v in values):
        return "tuples", pa.array([list(map(str, v)) for v in values], type=pa.list_(pa.large_string()))
    if all(isinstance(v, str) or v is None for v in values):
        return "str", pa.array(values, type=pa.large_string())
    raise TypeError(f"column {column.name!r} ({dtype}) has no file representation")


def _one_chunk(array) -> pa.Array:
    if isinstance(array, pa.ChunkedArray):
        return array.chunk(0) if array.num_chunks == 1 else array.combine_chunks()
    return array


def write_table(path: Path, frame: pd.DataFrame) -> None:
    """Write ``frame`` (with a default row index) as an Arrow IPC file."""
    if not isinstance(frame.index, pd.RangeIndex) or frame.index.start != 0 or frame.index.step != 1:
        raise ValueError("only tables indexed 0..n-1 are stored")
    kinds, arrays = {}, []
    for name in frame.columns:
        kinds[name], array = _encode(frame[name])
        arrays.append(array)
    extra = {name: frame[name].dtype.name for name in frame.columns if kinds[name] == "masked"}
    schema_meta = {"kinds": json.dumps(kinds), "dtypes": json.dumps(extra), "rows": str(len(frame))}
    table = pa.Table.from_arrays(arrays, names=[str(c) for c in frame.columns]).replace_schema_metadata(schema_meta)
    _write(path, table)


def write_array(path: Path, values: np.ndarray | pa.Array) -> None:
    """Write one array: NumPy numbers or booleans, or an Arrow array (e.g. text)."""
    array = pa.array(values) if isinstance(values, np.ndarray) else values
    _write(path, pa.Table.from_arrays([array], names=["values"]))


def _write(path: Path, table: pa.Table) -> None:
    with pa.OSFile(str(path), "wb") as sink:
        with pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
    os.chmod(path, 0o600)


# ------------------------------------------------------------------ reading

def _read(path: Path) -> pa.Table:
    mapped = open_private(path)
    return pa.ipc.open_file(pa.py_buffer(mapped)).read_all()


def _single(column: pa.ChunkedArray) -> pa.Array:
    return column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()


def _numpy(array: pa.Array) -> np.ndarray:
    """A read-only NumPy view of a primitive Arrow array without nulls (a copy otherwise)."""
    if array.null_count == 0 and pa.types.is_primitive(array.type) and not pa.types.is_boolean(array.type):
        return array.to_numpy(zero_copy_only=True)
    return array.to_numpy(zero_copy_only=False)


def _decode(kind: str, column: pa.ChunkedArray, dtype_name: str | None):
    if kind == "str":
        return pd.arrays.ArrowStringArray(column, dtype=_STR)
    if kind == "string":
        return pd.arrays.ArrowStringArray(column)
    if kind == "datetime":
        return _numpy(_single(column)).view("datetime64[ns]")
    if kind == "numpy":
        return _numpy(_single(column))
    if kind == "masked":
        return pd.api.types.pandas_dtype(dtype_name).__from_arrow__(column)
    if kind == "dictionary":
        array = _single(column)
        if not pa.types.is_dictionary(array.type) or array.null_count:
            raise ValueError("a dictionary column that is not one, or has gaps")
        texts = pd.Index(pd.arrays.ArrowStringArray(pa.chunked_array([array.dictionary]), dtype=_STR))
        # the codes are not checked against the texts here: that would read every page of them in
        # each process (as the claim index's codes, they are this user's own file, see cache.py)
        return pd.Categorical.from_codes(_numpy(array.indices), categories=texts, validate=False)
    if kind == "tuples":
        out = np.empty(len(column), dtype=object)
        out[:] = [tuple(v) for v in column.to_pylist()]
        return out
    raise ValueError(f"unknown column kind {kind!r}")


def read_table(path: Path) -> pd.DataFrame:
    """The table written by :func:`write_table`, its columns views of the mapped file where possible."""
    table = _read(path)
    meta = table.schema.metadata or {}
    kinds = json.loads(meta[b"kinds"])
    dtypes = json.loads(meta.get(b"dtypes", b"{}"))
    if list(kinds) != table.column_names or any(k not in KINDS for k in kinds.values()):
        raise ValueError(f"{path}: columns and their kinds do not match")
    data = {name: _decode(kinds[name], table.column(name), dtypes.get(name)) for name in table.column_names}
    frame = pd.DataFrame(data, index=pd.RangeIndex(table.num_rows), copy=False)
    for name, kind in kinds.items():
        if kind == "tuples":
            frame[name] = pd.Series(data[name], dtype=object)
    return frame


def read_array(path: Path) -> np.ndarray | pa.Array:
    """The array written by :func:`write_array`: a read-only NumPy view of the mapped file for
    numbers, an Arrow array (also a view) for text."""
    array = _single(_read(path).column("values"))
    return array if pa.types.is_large_string(array.type) or pa.types.is_string(array.type) else _numpy(array)
