"""Loading and validating the data package."""

from __future__ import annotations

import dataclasses
import json
import os

import pandas as pd
import pytest

from dashboard import DataValidationError, Dataset, Problem, load, load_cached, validate
from dashboard.text import locate


def only(problems: list[Problem]) -> str:
    """The single problem reported, as ``file:row:column: message``."""
    assert len(problems) == 1, "\n".join(map(str, problems))
    return str(problems[0])


# -- the bundled data ----------------------------------------------------------

@pytest.fixture(scope="module")
def ds(bundled) -> Dataset:
    return load(bundled)


def test_bundled_data_is_valid(bundled):
    assert validate(bundled) == []


def test_default_path_is_bundled_data(ds, bundled):
    assert load().path == bundled == ds.path


def test_tables_by_resource_name(ds):
    names = [r["name"] for r in ds.schema["resources"]]
    assert list(ds.tables) == names
    for name in names:
        assert getattr(ds, name) is ds.tables[name]
    assert len(ds.claims) > 0
    with pytest.raises(AttributeError, match="no_such_table"):
        ds.no_such_table


DTYPES = {"string": "string", "date": "datetime64[ns]", "integer": "Int64"}


def test_dtypes_follow_schema(ds):
    for res in ds.schema["resources"]:
        df = ds.tables[res["name"]]
        assert list(df.columns) == [f["name"] for f in res["schema"]["fields"]]
        for f in res["schema"]["fields"]:
            col = df[f["name"]]
            if f.get("x-separator"):
                assert col.dtype == object
                assert all(isinstance(v, tuple) and all(v) for v in col)
            elif f["type"] == "boolean":
                required = f.get("constraints", {}).get("required")
                assert str(col.dtype) == ("bool" if required else "boolean")
            else:
                assert str(col.dtype) == DTYPES[f["type"]], (res["name"], f["name"])


def test_empty_cells_are_missing(ds):
    for res in ds.schema["resources"]:
        df = ds.tables[res["name"]]
        for f in res["schema"]["fields"]:
            if f["type"] == "string" and not f.get("x-separator"):
                assert not df[f["name"]].fillna("x").str.strip().eq("").any()


def test_every_claim_quote_is_in_its_article(ds):
    assert set(ds.articles) == set(ds.sources["source_id"])
    for quote, source in zip(ds.claims["quote"], ds.claims["source_id"]):
        assert locate(ds.articles[source], quote) is not None, quote


def test_dataset_is_frozen(ds):
    with pytest.raises(dataclasses.FrozenInstanceError):
        ds.path = None
    with pytest.raises(TypeError):
        ds.tables["claims"] = pd.DataFrame()
    with pytest.raises(TypeError):
        ds.articles["x"] = ""


def test_env_var_overrides_default(data, monkeypatch):
    monkeypatch.setenv("CLAIMS_DASHBOARD_DATA", str(data.path))
    assert load().path == data.path


def test_load_cached_reuses_until_files_change(data):
    first = load_cached(data.path)
    assert load_cached(data.path) is first
    data.add_column("statements", "note")  # changes size and mtime
    with pytest.raises(DataValidationError):
        load_cached(data.path)
    data.drop_column("statements", "note")
    os.utime(data.file("statements"), ns=(1, 1))
    assert load_cached(data.path) is not first


def test_text_stays_text(data):
    row = data.row_where("actors", lambda r: True)
    data.edit("actors", row, "role", "NA")
    data.edit("actors", row, "affiliation", "None")
    df = load(data.path).actors
    assert df["role"][row - 2] == "NA"
    assert df["affiliation"][row - 2] == "None"


def test_utf8_bom_is_accepted(data):
    path = data.file("metrics")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert validate(data.path) == []


# -- broken copies: one edit, one problem at a known place -----------------------

def test_missing_schema(data):
    (data.path / "datapackage.json").unlink()
    assert only(validate(data.path)).startswith("datapackage.json:-:-: missing")
    with pytest.raises(DataValidationError, match="datapackage.json"):
        load(data.path)


def test_missing_column(data):
    data.drop_column("claims", "actor_id")
    assert only(validate(data.path)).startswith("claims.csv:-:actor_id: missing column 'actor_id'")


def test_extra_column(data):
    data.add_column("claims", "notes", "x")
    assert only(validate(data.path)).startswith("claims.csv:1:notes: unknown column 'notes'")


@pytest.mark.parametrize("value, message", [
    ("2024-02-30", "is not a real calendar date"),
    ("24/03/2024", "is not a date in the form YYYY-MM-DD"),
    ("2024-3-22", "is not a date in the form YYYY-MM-DD"),
])
def test_bad_date(data, value, message):
    data.edit("sources", 3, "published", value)
    msg = only(validate(data.path))
    assert msg.startswith(f"sources.csv:3:published: '{value}' {message}")


def test_bad_integer(data):
    data.edit("figures", 4, "value", "12.5")
    assert only(validate(data.path)).startswith("figures.csv:4:value: '12.5' is not an integer")


def test_minimum(data):
    data.edit("figures", 2, "value", "-1")
    assert only(validate(data.path)).startswith("figures.csv:2:value: '-1' is less than the minimum 0")


def test_bad_boolean(data):
    data.edit("metrics", 2, "casualty", "yes")
    assert only(validate(data.path)).startswith("metrics.csv:2:casualty: 'yes' is not a boolean")


def test_required(data):
    data.edit("claims", 3, "evidence", "  ")
    assert only(validate(data.path)) == "claims.csv:3:evidence: required value is missing"


@pytest.mark.parametrize("column, table, key", [
    ("actor_id", "actors", "actor_id"), ("target_id", "actors", "actor_id"),
    ("statement_id", "statements", "statement_id"), ("stance", "stances", "stance"),
])
def test_unknown_reference(data, column, table, key):
    typo = data.column(table, key)[0] + "x"
    data.edit("claims", 5, column, typo)
    msg = only(validate(data.path))
    assert msg.startswith(f"claims.csv:5:{column}: unknown {column} {typo!r}: "
                          f"not found in column {key} of {table}.csv")
    assert msg.endswith(f"did you mean {typo[:-1]!r}?")


def test_unknown_source(data):
    data.edit("claims", 4, "source_id", "no_such_article")
    msg = only(validate(data.path))
    assert msg.startswith("claims.csv:4:source_id: unknown source_id 'no_such_article'")
    assert "column source_id of sources.csv" in msg


def test_unknown_list_item(data):
    row = data.row_where("events", lambda r: True)
    data.edit("events", row, "source_ids", data.cell("events", row, "source_ids") + "|zzz")
    fk, matches = map(str, validate(data.path))
    assert fk.startswith(f"events.csv:{row}:source_ids: unknown source_ids 'zzz': "
                         "not found in column source_id of sources.csv")
    assert matches.startswith(f"events.csv:{row}:source_ids: must equal the source_id values")
    assert matches.endswith("'zzz' has no row in event_mentions.csv")


def test_quote_not_in_article(data):
    quote = data.cell("claims", 4, "quote")
    data.edit("claims", 4, "quote", quote + " and invented words")
    msg = only(validate(data.path))
    source = data.cell("claims", 4, "source_id")
    article = data.cell("sources", data.row_where("sources", lambda r: r["source_id"] == source),
                        "text_path")
    assert msg.startswith("claims.csv:4:quote: quote ")
    assert f"not found in {article} (text of source_id {source!r})" in msg


def test_quote_with_other_whitespace_and_quotes_is_found(data):
    quote = data.cell("claims", 2, "quote")
    data.edit("claims", 2, "quote", " " + quote.replace(" ", "\n  ", 3).replace("'", "\u2019"))
    assert validate(data.path) == []


def test_duplicate_id(data):
    first = data.cell("claims", 2, "claim_id")
    data.edit("claims", 4, "claim_id", first)
    assert only(validate(data.path)) == f"claims.csv:4:claim_id: duplicate value {first!r} (also in row 2)"


def test_duplicate_composite_key(data):
    records = data.read("event_mentions")
    data.write("event_mentions", records + [records[1]])
    row = len(records) + 1
    assert only(validate(data.path)).startswith(
        f"event_mentions.csv:{row}:event_id,source_id: duplicate primary key (")
    assert "(also in row 2)" in str(validate(data.path)[0])


def test_unknown_enum_value(data):
    data.edit("figures", 3, "qualifier", "roughly")
    msg = only(validate(data.path))
    assert msg.startswith("figures.csv:3:qualifier: 'roughly' is not one of the allowed values: exact, ")


def test_pattern(data):
    data.edit("claims", 3, "claim_id", "Claim 3")
    assert only(validate(data.path)) == (
        "claims.csv:3:claim_id: 'Claim 3' does not match the pattern ^[a-z0-9_]+$")


def test_required_with_missing(data):
    data.edit("claims", 3, "said_on", "2024-03-22")
    data.edit("claims", 3, "said_on_precision", "")
    assert only(validate(data.path)) == (
        "claims.csv:3:said_on_precision: required because said_on is filled")


def test_required_with_forbidden(data):
    data.edit("claims", 3, "said_on", "")
    data.edit("claims", 3, "said_on_precision", "day")
    assert only(validate(data.path)).startswith(
        "claims.csv:3:said_on_precision: must be empty because said_on is empty")


def test_list_matches(data):
    event, source = data.drop_row("event_mentions", 2)[:2]
    if (event, source) in {tuple(r[:2]) for r in data.read("event_mentions")[1:]}:
        pytest.skip("duplicate mention rows in the bundled data")
    row = data.row_where("events", lambda r: r["event_id"] == event)
    assert only(validate(data.path)).startswith(
        f"events.csv:{row}:source_ids: must equal the source_id values of the event_mentions.csv "
        f"rows with event_id {event!r}: {source!r} has no row in event_mentions.csv")


def test_list_empty_item(data):
    row = data.row_where("events", lambda r: True)
    data.edit("events", row, "source_ids", data.cell("events", row, "source_ids") + "|")
    assert only(validate(data.path)).startswith(f"events.csv:{row}:source_ids: empty item in list")


def test_missing_article(data):
    article = data.cell("sources", 2, "text_path")
    (data.path / article).unlink()
    assert only(validate(data.path)) == f"sources.csv:2:text_path: file not found: {article}"


@pytest.mark.parametrize("path", ["../outside.txt", "articles/../../outside.txt", "/etc/hostname"])
def test_article_path_escaping(data, path):
    (data.path.parent / "outside.txt").write_text("anything")
    data.edit("sources", 3, "text_path", path)
    assert only(validate(data.path)) == (
        f"sources.csv:3:text_path: path {path!r} is not inside the data folder")


def test_article_not_utf8(data):
    article = data.path / data.cell("sources", 2, "text_path")
    article.write_bytes(b"Caf\xe9 society\n")
    assert only(validate(data.path)).startswith(
        f"sources.csv:2:text_path: {data.cell('sources', 2, 'text_path')} is not valid UTF-8 "
        "(byte 0xe9 at offset 3, line 1)")


def test_empty_file(data):
    data.file("statements").write_bytes(b"")
    assert only(validate(data.path)) == "statements.csv:-:-: empty file: expected a header row"


def test_missing_file(data):
    data.file("metrics").unlink()
    assert only(validate(data.path)).startswith("metrics.csv:-:-: file not found")


def test_not_utf8(data):
    data.edit("actors", 3, "name", "Jos\u00e9 Q")
    path = data.file("actors")
    raw = path.read_bytes().replace("Jos\u00e9 Q".encode(), b"Jos\xe9 Q")  # latin-1
    path.write_bytes(raw)
    offset = raw.index(b"Jos\xe9 Q") + 3
    line = raw[:offset].count(b"\n") + 1
    assert only(validate(data.path)) == (
        f"actors.csv:-:-: not valid UTF-8 (byte 0xe9 at offset {offset}, line {line})")


def test_wrong_number_of_fields(data):
    records = data.read("figures")
    records[3].append("extra")
    data.write("figures", records)
    assert only(validate(data.path)).startswith(
        f"figures.csv:4:-: malformed CSV: expected {len(records[0])} fields as in the header, "
        f"found {len(records[0]) + 1}")


def test_bad_quoting(data):
    row = len(data.read("statements")) + 1
    path = data.file("statements")
    text = path.read_text(encoding="utf-8")
    sep = "" if text.endswith("\n") else "\n"
    path.write_text(f'{text}{sep}new_statement,"quoted" trailing\n', encoding="utf-8")
    assert only(validate(data.path)).startswith(f"statements.csv:{row}:-: malformed CSV")


def test_every_problem_is_reported(data):
    data.edit("claims", 5, "actor_id", "nobody")
    data.edit("figures", 3, "qualifier", "roughly")
    data.edit("sources", 2, "published", "2024-13-01")
    data.drop_column("events", "title")
    with pytest.raises(DataValidationError) as info:
        load(data.path)
    err = info.value
    assert [str(p).split(": ")[0] for p in err.problems] == [
        "sources.csv:2:published", "claims.csv:5:actor_id",
        "figures.csv:3:qualifier", "events.csv:-:title",
    ]
    lines = str(err).splitlines()
    assert lines[0] == f"4 problems in data folder {data.path}:"
    assert lines[1:] == [str(p) for p in err.problems]
    assert isinstance(err, ValueError)


def test_problem_str():
    assert str(Problem("claims.csv", 5, "actor_id", "boom")) == "claims.csv:5:actor_id: boom"
    assert str(Problem("claims.csv", None, None, "boom")) == "claims.csv:-:-: boom"


def test_list_item_whitespace_and_duplicates(data):
    row = data.row_where("events", lambda r: True)
    items = data.cell("events", row, "source_ids").split("|")
    data.edit("events", row, "source_ids", "|".join([items[0], " " + items[0]]))
    ws, = map(str, validate(data.path))
    assert ws.startswith(f"events.csv:{row}:source_ids: item ' {items[0]}' has leading or trailing")
    data.edit("events", row, "source_ids", "|".join(items + items[:1]))
    dup, = map(str, validate(data.path))
    assert dup == f"events.csv:{row}:source_ids: duplicate items in list: {items[0]!r}"


def test_blank_line(data):
    records = data.read("stances")
    data.write("stances", records[:2] + [[]] + records[2:])
    assert only(validate(data.path)) == "stances.csv:3:-: blank line: remove it"


def test_schema_problems(data):
    path = data.path / "datapackage.json"
    pkg = json.loads(path.read_text(encoding="utf-8"))
    res = {r["name"]: r for r in pkg["resources"]}
    res["metrics"]["schema"]["fields"][0]["type"] = "uuid"
    res["claims"]["schema"]["foreignKeys"][0]["reference"]["resource"] = "statement"
    path.write_text(json.dumps(pkg), encoding="utf-8")
    msgs = [str(p) for p in validate(data.path)]
    assert msgs == [
        "datapackage.json:-:-: resource 'claims': foreign key ['statement_id'] references "
        "unknown resource 'statement'",
        "datapackage.json:-:-: resource 'metrics', field 'metric': unsupported type 'uuid' "
        "(supported: string, date, integer, number, boolean)",
    ]


def test_invalid_json(data):
    (data.path / "datapackage.json").write_text('{"resources": [\n}', encoding="utf-8")
    assert only(validate(data.path)).startswith("datapackage.json:2:-: invalid JSON")


# -- regressions found by the property tests (tests/test_loader_properties.py) ------

def edit_schema(data, edit) -> None:
    """Apply ``edit(resources by name)`` to the copy's datapackage.json."""
    path = data.path / "datapackage.json"
    pkg = json.loads(path.read_text(encoding="utf-8"))
    edit({r["name"]: r for r in pkg["resources"]})
    path.write_text(json.dumps(pkg), encoding="utf-8")


def fields_of(res: dict) -> dict:
    return {f["name"]: f for f in res["schema"]["fields"]}


@pytest.mark.parametrize("value", ["9" * 5000, str(2 ** 63), "-" + "1" * 30],
                         ids=["5000-digits", "2**63", "-30-digits"])
def test_integer_out_of_range(data, value):
    # int() refused the 5000 digits (ValueError) and Int64 the others (TypeError in load).
    data.edit("figures", 2, "value", value)
    assert only(validate(data.path)).startswith(
        f"figures.csv:2:value: {value!r} is out of the supported integer range")
    with pytest.raises(DataValidationError):
        load(data.path)


def test_largest_integer_loads(data):
    data.edit("figures", 2, "value", str(2 ** 63 - 1))
    assert load(data.path).figures["value"][0] == 2 ** 63 - 1


def test_article_path_with_nul(data):
    # Path.resolve() raised ValueError: embedded null byte.
    data.edit("sources", 3, "text_path", "articles/a\x00.txt")
    assert only(validate(data.path)) == (
        "sources.csv:3:text_path: path 'articles/a\\x00.txt' is not a file name "
        "(contains a NUL character)")


def test_article_path_too_long(data):
    # Path.is_file() raised OSError: File name too long.
    data.edit("sources", 3, "text_path", "x" * 300)
    msg = only(validate(data.path))
    assert msg.startswith(f"sources.csv:3:text_path: {'x' * 300}: file cannot be read (")


def test_resource_path_too_long(data):
    edit_schema(data, lambda res: res["metrics"].update(path="m" * 300 + ".csv"))
    msg = only(validate(data.path))
    assert msg.startswith(f"{'m' * 300}.csv:-:-: file cannot be read (")
    assert msg.endswith("(resource 'metrics' in datapackage.json)")


def test_field_longer_than_csv_module_limit(data):
    # csv's default 128 KiB field limit made valid data a "malformed CSV".
    role = "x" * 200_000
    data.edit("actors", 2, "role", role)
    assert validate(data.path) == []
    assert load(data.path).actors["role"][0] == role


def test_required_wins_over_required_with(data):
    # An empty required cell was accepted when its x-required-with field was empty too
    # (found reading the code; a required boolean then broke load).
    edit_schema(data, lambda res: fields_of(res["actors"])["name"].update(
        {"x-required-with": "role"}))
    assert validate(data.path) == []
    data.edit("actors", 3, "role", "")
    data.edit("actors", 3, "name", "")
    assert only(validate(data.path)) == "actors.csv:3:name: required value is missing"


def test_list_matches_on_a_single_value_field(data):
    # A non-list field under x-list-matches was iterated: TypeError for a date.
    edit_schema(data, lambda res: res["events"]["schema"]["x-list-matches"].update(field="date"))
    problems = validate(data.path)
    assert problems and all(str(p).startswith("events.csv:") for p in problems)
    assert all(p.column == "date" and "must equal the source_id values" in p.message
               for p in problems)


def _delete_field(resource: str, name: str):
    def edit(res):
        res[resource]["schema"]["fields"] = [
            f for f in res[resource]["schema"]["fields"] if f["name"] != name]
    return edit


def _fk(resource: str, i: int, key: str, value):
    def edit(res):
        res[resource]["schema"]["foreignKeys"][i]["reference"][key] = value
    return edit


def _field(resource: str, name: str, **changes):
    def edit(res):
        f = fields_of(res[resource])[name]
        for key, value in changes.items():
            if key == "constraints":
                f.setdefault("constraints", {}).update(value)
            else:
                f[key.replace("_", "-")] = value
    return edit


def _schema(resource: str, **changes):
    def edit(res):
        res[resource]["schema"].update({k.replace("_", "-"): v for k, v in changes.items()})
    return edit


# Each once raised TypeError, KeyError, AttributeError, ValueError or OverflowError.
@pytest.mark.parametrize("edit, message", [
    (_fk("claims", 0, "resource", ["statements"]),
     "must give 'fields' and a 'reference' with a 'resource' name and its 'fields'"),
    (_fk("claims", 0, "fields", 3), "must give 'fields' and a 'reference'"),
    (_schema("claims", foreignKeys=16214), "resource 'claims': foreignKeys must be a list"),
    (_schema("events", x_foreignKeys=7), "resource 'events': x-foreignKeys must be a list"),
    (lambda res: res["events"]["schema"]["x-foreignKeys"][0]["reference"].update(resource="source"),
     "foreign key ['source_ids'] references unknown resource 'source'"),
    (_schema("claims", primaryKey=True), "primaryKey must be a field name or a list"),
    (_delete_field("event_mentions", "event_id"), "primaryKey names unknown field 'event_id'"),
    (_delete_field("events", "source_ids"), "x-list-matches must name a field"),
    (lambda res: res["events"]["schema"]["x-list-matches"].update(key=["event_id"]),
     "x-list-matches must name a field"),
    (lambda res: res["figures"].update(schema="figures"),
     "resource 'figures': schema.fields must be a list of objects"),
    (_field("claims", "claim_id", constraints={"pattern": ["^[a-z]+$"]}), "invalid pattern"),
    (_field("claims", "claim_id", constraints={"pattern": "a{4294967296}"}), "invalid pattern"),
    (_field("claims", "claim_id", constraints={"minLength": "5"}),
     "minLength must be a non-negative integer, got '5'"),
    (_field("claims", "claim_id", constraints={"maxLength": {}}),
     "maxLength must be a non-negative integer"),
    (_field("figures", "value", constraints={"minimum": [False]}),
     "minimum [False] is not a valid bound for an integer field"),
    (_field("figures", "value", type="uuid"), "unsupported type 'uuid'"),
    (_field("figures", "qualifier", constraints={"enum": 5}), "enum must be a list of values"),
    (_field("actors", "aliases", x_separator=["|"]), "x-separator must be a non-empty string"),
    (_field("actors", "aliases", x_separator=""), "x-separator must be a non-empty string"),
    (_field("metrics", "casualty", trueValues="yes"), "trueValues must be a list of strings"),
    (_field("claims", "said_on_precision", x_required_with=["said_on"]),
     "x-required-with names unknown field ['said_on']"),
    (lambda res: res["claims"].update(path="claims.csv\x00"),
     "resource 'claims': 'path' must be a path inside the data folder"),
])
def test_malformed_schema_is_reported(data, edit, message):
    edit_schema(data, edit)
    problems = [str(p) for p in validate(data.path)]
    assert any(p.startswith("datapackage.json:-:-: ") and message in p for p in problems), problems
    with pytest.raises(DataValidationError):
        load(data.path)


def test_json_nested_too_deeply(data):
    (data.path / "datapackage.json").write_text("[" * 100_000, encoding="utf-8")
    assert only(validate(data.path)) == "datapackage.json:-:-: invalid JSON: nested more than 64 levels deep"
