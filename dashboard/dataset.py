"""Load the claims data package into typed pandas tables.

The data folder is described by its own ``datapackage.json``; everything is
validated against it before any table is returned (see
:mod:`dashboard.validation`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd

from . import memo, needs
from .validation import SCHEMA_FILE, Column, Problem, Problems, Table, check

__all__ = [
    "DATA_ENV", "SCHEMA_FILE", "DataValidationError", "Dataset", "Problem",
    "bundled_events", "bundled_path", "clear_cache", "default_path", "load", "load_cached", "validate",
]

#: Environment variable overriding the bundled data folder.
DATA_ENV = "CLAIMS_DASHBOARD_DATA"


class DataValidationError(ValueError):
    """The data folder does not match its ``datapackage.json``.

    ``problems`` holds every :class:`Problem` found.
    """

    def __init__(self, path: Path, problems: list[Problem]):
        self.path = path
        self.problems = tuple(problems)
        #: Problems found beyond those listed (see :data:`dashboard.validation.MAX_PROBLEMS`).
        self.omitted = getattr(problems, "omitted", 0)
        n = len(self.problems) + self.omitted
        lines = "\n".join(str(p) for p in self.problems)
        more = f"\n… and {self.omitted:,} more" if self.omitted else ""
        super().__init__(f"{n:,} problem{'s' if n != 1 else ''} in data folder {path}:\n{lines}{more}")


@dataclass(frozen=True, eq=False)
class Dataset:
    """Validated, typed tables of a data folder.

    Tables are exposed by resource name, e.g. ``ds.claims``. They are shared
    (by :func:`load_cached` too) and must be treated as immutable: copy
    before modifying.

    Column dtypes: ``string`` fields are pandas ``"string"`` (``<NA>`` when
    empty), ``date`` is ``datetime64[ns]`` (``NaT``), ``integer`` is
    ``Int64``, ``number`` is ``Float64``, ``boolean`` is ``bool`` when
    required else ``boolean``; list fields (``x-separator``) hold tuples.
    """

    path: Path
    schema: dict
    tables: Mapping[str, pd.DataFrame]
    #: Full text of every ``x-file`` cell, keyed by its row's primary key.
    articles: Mapping[str, str]

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(f"{type(self).__name__!r} has no table or attribute {name!r}")

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self.__dict__.get("tables", {})))

    def __reduce__(self):
        return _restore, (self.path, self.schema, dict(self.tables), dict(self.articles))

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}={len(v)}" for k, v in self.tables.items())
        return f"Dataset({str(self.path)!r}, {counts})"


def _restore(path, schema, tables, articles) -> Dataset:
    """Unpickle a :class:`Dataset` (its read-only mappings cannot be pickled as they are)."""
    return Dataset(path, schema, MappingProxyType(tables), MappingProxyType(articles))


def bundled_path() -> Path:
    """The data folder shipped with the software.

    Run from a checkout (an editable install, or the source tree on
    ``sys.path``) it is the repository's top-level ``data/``; installed from a
    wheel or sdist it is the copy inside the package, ``dashboard/bundled``
    (see ``setup.py``). Never the place to write anything: an installed copy
    may be read-only (the warm-start cache lives elsewhere, see
    :func:`dashboard.cache.cache_dir`).
    """
    package = Path(__file__).resolve().parent
    checkout = package.parent / "data"
    if (package.parent / "pyproject.toml").is_file() and (checkout / SCHEMA_FILE).is_file():
        return checkout
    installed = _installed_copy()
    return installed if installed is not None else checkout  # absent: validation says what is missing


def _installed_copy() -> Path | None:
    """The package ``dashboard.bundled`` of an installed copy; None when it is not there."""
    from importlib import resources

    # dashboard.bundled, being data/, has no __init__.py; dashboard is a regular package, whose
    # files() is a real pathlib.Path whenever it is installed as files (as pip installs wheels)
    folder = resources.files(__package__) / "bundled"
    return folder if isinstance(folder, Path) and (folder / SCHEMA_FILE).is_file() else None


def bundled_events() -> list[Path]:
    """Every data folder shipped with the software: :func:`bundled_path` first, then each folder
    of the repository's top-level ``events/`` (installed: the package ``dashboard.events``, see
    ``setup.py``) that has a ``datapackage.json``, by name. A folder beside them without one (the
    review files kept as a curation record) is not an event."""
    package = Path(__file__).resolve().parent
    checkout = package.parent / "events"
    if (package.parent / "pyproject.toml").is_file() and checkout.is_dir():
        root = checkout
    else:
        from importlib import resources

        installed = resources.files(__package__) / "events"
        root = installed if isinstance(installed, Path) and installed.is_dir() else None
    events = sorted(p for p in root.iterdir() if (p / SCHEMA_FILE).is_file()) if root is not None else []
    return [bundled_path(), *events]


def default_path() -> Path:
    """The data folder used when none is given: ``$CLAIMS_DASHBOARD_DATA`` or the bundled data
    (:func:`bundled_path`)."""
    env = os.environ.get(DATA_ENV)
    return Path(env) if env else bundled_path()


def _checked(path: Path, progress, warnings):
    """:func:`~dashboard.validation.check`, plus what the dashboard needs (see :mod:`dashboard.needs`)."""
    problems, schema, tables, texts = check(path, progress, warnings=warnings)
    # once the schema itself is sound: a field of an unsupported type is reported once, not twice
    missing = needs.problems(schema) if not any(p.file == SCHEMA_FILE for p in problems) else []
    if missing:
        omitted = problems.omitted
        problems = Problems(missing + list(problems))
        problems.omitted = omitted
    return problems, schema, tables, texts


def validate(path: str | os.PathLike | None = None,
             progress: Callable[[str], None] | None = None, warnings: list | None = None) -> list[Problem]:
    """Return every problem of the data folder ``path`` (empty when valid).

    At most :data:`~dashboard.validation.MAX_PROBLEMS` are listed; the
    list's ``omitted`` counts the others. ``progress``, if given, receives a
    short message as each stage ends; ``warnings``, if given, is extended with
    what is allowed but unsafe (such as control characters in cells).
    """
    return _checked(Path(path) if path is not None else default_path(), progress, warnings)[0]


def load(path: str | os.PathLike | None = None,
         progress: Callable[[str], None] | None = None, warnings: list | None = None) -> Dataset:
    """Validate and load the data folder ``path`` (default: :func:`default_path`).

    Raises :class:`DataValidationError` listing every problem if the folder
    does not match its ``datapackage.json`` or lacks what the dashboard
    needs. ``progress`` and ``warnings`` are as for :func:`validate`.
    """
    path = Path(path) if path is not None else default_path()
    problems, schema, tables, texts = _checked(path, progress, warnings)
    if problems:
        raise DataValidationError(path, problems)
    began = time.perf_counter()
    frames = {name: _frame(table) for name, table in tables.items()}
    articles = {}
    for (name, _), by_row in texts.items():
        key = tables[name].resource["schema"].get("primaryKey")
        key = key if isinstance(key, str) else (key or [None])[0]
        if key is not None:
            values = dict(zip(tables[name].rows.tolist(), tables[name].columns[key].values.tolist()))
            articles.update({values[row]: text for row, text in by_row.items()})
    if progress is not None:
        progress(f"typed tables built ({time.perf_counter() - began:.1f} s)")
    return Dataset(path, schema, MappingProxyType(frames), MappingProxyType(articles))


def _frame(table: Table) -> pd.DataFrame:
    """Typed DataFrame of a valid table, columns in schema order."""
    return pd.DataFrame({f["name"]: pd.Series(_typed(f, table.columns[f["name"]])) for f in table.fields},
                        index=pd.RangeIndex(len(table)))


def _typed(f: dict, col: Column):
    """The values of a column as the array its field's type calls for.

    Each distinct value is converted once, then taken for every row.
    """
    kind, values = f.get("type", "string"), col.parsed
    if f.get("x-separator"):
        return np.fromiter((v or () for v in values), dtype=object, count=len(values))[col.codes]
    if kind == "date":
        return np.array([np.datetime64("NaT") if v is None else np.datetime64(v, "ns") for v in values],
                        dtype="datetime64[ns]")[col.codes]
    if kind == "integer":
        return pd.array(values, dtype="Int64").take(col.codes)
    if kind == "number":
        return pd.array(col.values, dtype="Float64")
    if kind == "boolean":
        required = (f.get("constraints") or {}).get("required")
        return pd.array(col.values, dtype="bool" if required else "boolean")
    return pd.array(values, dtype="string").take(col.codes)


def _signature(path: Path) -> tuple:
    """(relative path, mtime, size) of every file under ``path``."""
    entries = []
    for folder, dirs, files in os.walk(path):
        dirs.sort()
        for name in sorted(files):
            full = os.path.join(folder, name)
            try:
                st = os.stat(full)
            except OSError:
                continue
            entries.append((os.path.relpath(full, path), st.st_mtime_ns, st.st_size))
    return tuple(entries)


def load_cached(path: str | os.PathLike | None = None) -> Dataset:
    """Like :func:`load`, but reuse the result while the folder's files are unchanged.

    The cache is keyed by the resolved folder and the (mtime, size) of every
    file in it, so a server validates once and reloads after an edit.
    """
    path = (Path(path) if path is not None else default_path()).resolve()
    return memo.latest("dataset", path, lambda: _signature(path), lambda: load(path))


def clear_cache() -> None:
    """Forget every dataset loaded by :func:`load_cached`."""
    memo.forget("dataset")
