"""Shared fixtures: editable copies of the bundled data folder."""

from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path

import pytest

from dashboard.dataset import default_path

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """Prepared data is cached in a temporary directory, not the user's, for the whole run
    (servers started by the tests inherit it)."""
    previous = os.environ.get("CLAIMS_DASHBOARD_CACHE")
    os.environ["CLAIMS_DASHBOARD_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if previous is None:
        os.environ.pop("CLAIMS_DASHBOARD_CACHE", None)
    else:
        os.environ["CLAIMS_DASHBOARD_CACHE"] = previous


class DataCopy:
    """A copy of the bundled data folder with helpers to break it.

    Rows are numbered as a spreadsheet shows them: the header is row 1 and
    the first record row 2.
    """

    def __init__(self, path: Path):
        self.path = path

    def file(self, table: str) -> Path:
        return self.path / f"{table}.csv"

    def read(self, table: str) -> list[list[str]]:
        text = self.file(table).read_bytes().decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text, newline="")))

    def write(self, table: str, records: list[list[str]]) -> None:
        with open(self.file(table), "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(records)

    def cell(self, table: str, row: int, column: str) -> str:
        records = self.read(table)
        return records[row - 1][records[0].index(column)]

    def column(self, table: str, column: str) -> list[str]:
        records = self.read(table)
        j = records[0].index(column)
        return [r[j] for r in records[1:]]

    def row_where(self, table: str, predicate) -> int:
        """First row whose record (as a dict) satisfies ``predicate``."""
        records = self.read(table)
        for row, record in enumerate(records[1:], start=2):
            if predicate(dict(zip(records[0], record))):
                return row
        raise LookupError(f"no row of {table} matches")

    def edit(self, table: str, row: int, column: str, value: str) -> str:
        """Set one cell; returns the old value."""
        records = self.read(table)
        j = records[0].index(column)
        old, records[row - 1][j] = records[row - 1][j], value
        self.write(table, records)
        return old

    def drop_row(self, table: str, row: int) -> list[str]:
        records = self.read(table)
        removed = records.pop(row - 1)
        self.write(table, records)
        return removed

    def drop_column(self, table: str, column: str) -> None:
        records = self.read(table)
        j = records[0].index(column)
        self.write(table, [r[:j] + r[j + 1:] for r in records])

    def add_column(self, table: str, column: str, value: str = "") -> None:
        records = self.read(table)
        self.write(table, [records[0] + [column]] + [r + [value] for r in records[1:]])


@pytest.fixture(scope="session")
def bundled() -> Path:
    """The bundled data folder (or ``$CLAIMS_DASHBOARD_DATA``)."""
    return default_path()


@pytest.fixture
def data(tmp_path, bundled) -> DataCopy:
    """A fresh writable copy of the bundled data folder."""
    dest = tmp_path / "data"
    shutil.copytree(bundled, dest, copy_function=shutil.copyfile)
    return DataCopy(dest)


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium driven by Playwright, one per test module.

    Skipped when no browser can be started, except in CI
    (CLAIMS_DASHBOARD_REQUIRE_TESTS), where that is a failure.
    """
    sync_api = pytest.importorskip("playwright.sync_api")
    from browser_support import CHROMIUM_ARGS, find_chromium

    with sync_api.sync_playwright() as pw:
        try:
            b = pw.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        except Exception as e:  # noqa: BLE001
            if os.environ.get("CLAIMS_DASHBOARD_REQUIRE_TESTS"):
                raise
            pytest.skip(f"no Chromium to drive: {e}")
        yield b
        b.close()


# In CI (.ci/run sets CLAIMS_DASHBOARD_REQUIRE_TESTS=1) a run where no test
# passed fails, even if everything was skipped.
_passed = 0


def pytest_runtest_logreport(report):
    global _passed
    if report.when == "call" and report.passed:
        _passed += 1


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("CLAIMS_DASHBOARD_REQUIRE_TESTS") and _passed == 0 and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.NO_TESTS_COLLECTED


#: The hand-annotated evaluation folders of the curation tool (benchmarks/evaluation/).
EVALUATION = Path(__file__).resolve().parent.parent / "benchmarks" / "evaluation"


@pytest.fixture(scope="module")
def dam():
    """What the curation tool knows of the Kakhovka evaluation folder (its actors and articles)."""
    from dashboard import load
    from dashboard.curate.propose import Context

    return Context.from_dataset(load(EVALUATION / "kakhovka-dam"))


@pytest.fixture(scope="module")
def hospital():
    """What the curation tool knows of the al-Ahli hospital evaluation folder."""
    from dashboard import load
    from dashboard.curate.propose import Context

    return Context.from_dataset(load(EVALUATION / "al-ahli-hospital-2023"))
