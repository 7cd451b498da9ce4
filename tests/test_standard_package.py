"""The data folder is a standard Tabular Data Package: frictionless reads it as valid.

Our own extensions live under ``x-`` keys that the standard ignores; the
project's validator still checks them (a dangling id inside a list column).
"""

from __future__ import annotations

import json

import pytest

from dashboard import validate
from dashboard.curate import init_folder
from dashboard.generate import generate

frictionless = pytest.importorskip("frictionless")


def standard_errors(folder) -> list[str]:
    """The problems frictionless finds in the folder's datapackage.json, as 'resource:row:field: type'."""
    report = frictionless.validate(str(folder / "datapackage.json"))
    if report.valid:
        return []
    out = [f"-:-:-: {e.type}: {e.note}" for e in report.errors]
    for task in report.tasks:
        out += [f"{task.name}:{getattr(e, 'row_number', None) or '-'}:{getattr(e, 'field_name', None) or '-'}: {e.type}"
                for e in task.errors]
    return out


def test_the_bundled_package_is_valid_for_frictionless(bundled):
    assert standard_errors(bundled) == []


def test_the_frictionless_command_validates_the_bundled_package(bundled):
    """What a data-package user types: ``frictionless validate data/datapackage.json``."""
    import shutil
    import subprocess

    command = shutil.which("frictionless") or pytest.skip("the frictionless command is not on PATH")
    done = subprocess.run([command, "validate", "datapackage.json"], cwd=bundled, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "invalid" not in done.stdout.lower(), done.stdout[-3000:]


def test_frictionless_checks_the_rows_it_reads(data):
    """The standard validator does read the tables: a dangling claims.source_id fails it."""
    data.edit("claims", 3, "source_id", "no_such_article")
    assert "claims:3:-: foreign-key" in standard_errors(data.path)


def test_a_dangling_id_inside_a_list_is_caught_by_our_validator(data):
    """events.source_ids is a list: its foreign key is ours (x-foreignKeys), checked item by item."""
    package = json.loads((data.path / "datapackage.json").read_text(encoding="utf-8"))
    events = next(r for r in package["resources"] if r["name"] == "events")
    assert "foreignKeys" not in events["schema"] and events["schema"]["x-foreignKeys"]
    row = data.row_where("events", lambda r: "|" in r["source_ids"])
    items = data.cell("events", row, "source_ids").split("|")
    data.edit("events", row, "source_ids", "|".join([items[0], "no_such_article", *items[1:]]))
    problems = [str(p) for p in validate(data.path)]
    assert any(p.startswith(f"events.csv:{row}:source_ids: unknown source_ids 'no_such_article': "
                            "not found in column source_id of sources.csv") for p in problems), problems


def test_a_list_foreign_key_left_in_foreignKeys_is_still_checked_item_by_item(data):
    """Folders made before x-foreignKeys keep working with our validator."""
    path = data.path / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    events = next(r for r in package["resources"] if r["name"] == "events")
    events["schema"]["foreignKeys"] = events["schema"].pop("x-foreignKeys")
    path.write_text(json.dumps(package, indent=2), encoding="utf-8")
    assert validate(data.path) == []
    row = data.row_where("events", lambda r: True)
    data.edit("events", row, "source_ids", data.cell("events", row, "source_ids") + "|zzz")
    assert any(str(p).startswith(f"events.csv:{row}:source_ids: unknown source_ids 'zzz'")
               for p in validate(data.path))


def test_a_new_folder_and_a_generated_one_are_valid_for_frictionless(tmp_path):
    empty = init_folder(tmp_path / "new")
    assert standard_errors(empty) == []
    generated = tmp_path / "generated"
    generate(generated, 60, seed=3)
    assert validate(generated) == []
    assert standard_errors(generated) == []
