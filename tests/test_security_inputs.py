"""Inputs without bounds: out-of-range URL dates, runaway patterns, endless problem lists, folders that
lack what the dashboard reads, lone surrogates, terminal escapes and very long articles."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import DataValidationError, load, text, validate, validation
from dashboard.cli import main
from dashboard.html import ARTICLE_WINDOW, article_html
from dashboard.needs import NEEDED
from dashboard.text import locate, normalise, printable

ROOT = Path(__file__).resolve().parent.parent


def run(*args, timeout=300, **kwargs):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-m", "dashboard", *args], env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=timeout, cwd=ROOT, **kwargs)


def set_schema(folder: Path, change) -> None:
    schema = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    change(schema)
    (folder / "datapackage.json").write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")


def field(schema: dict, resource: str, name: str) -> dict:
    res = next(r for r in schema["resources"] if r["name"] == resource)
    return next(f for f in res["schema"]["fields"] if f["name"] == name)


# ---------------------------------------------------------------------------- URL values


def test_url_dates_out_of_range_are_clamped_with_a_notice():
    from dashboard import Dashboard

    dash = Dashboard()
    notices = dash.state.apply_query("from=0001-01-01&to=9999-12-31")
    assert notices == [
        "Read “from=0001-01-01” as 1677-09-22: the dashboard handles dates from 1677-09-22 to 2262-04-11.",
        "Read “to=9999-12-31” as 2262-04-11: the dashboard handles dates from 1677-09-22 to 2262-04-11."]
    assert len(dash.state.filtered_claims()) == len(dash.prepared.claims)
    dash.template()  # the page builds: before, OverflowError and "The dashboard could not be built"
    assert dash.state.apply_query("from=9999-12-31") and len(dash.state.filtered_claims()) == 0


def test_snapshot_query_with_out_of_range_dates(tmp_path):
    out = tmp_path / "snap.html"
    proc = run("snapshot", str(out), "--query", "from=0001-01-01&to=9999-12-31")
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert "Read “from=0001-01-01” as 1677-09-22" in proc.stderr
    n = len(load().claims)
    assert f"{n} of {n} claims" in proc.stdout and out.stat().st_size > 0


def test_the_served_page_with_out_of_range_dates_shows_the_dashboard_and_the_notice():
    from browser_support import Server
    from test_security_server import TOKEN, fetch, pull_document

    srv = Server(ready="favicon.ico")
    try:
        status, body, _ = fetch(srv.url + "?from=0001-01-01&to=9999-12-31")
        assert status == 200
        document = pull_document(srv.port, TOKEN.search(body).group(1),
                                 {"Origin": f"http://127.0.0.1:{srv.port}"})
        assert "could not be built" not in document
        n = len(load().claims)
        assert f"claim-count&quot;&gt;{n}&lt;/b&gt; of {n} claims match" in document  # every claim
        assert '"search": "?from=1677-09-22&to=2262-04-11"' in document  # the URL, clamped
        assert "as 1677-09-22: the dashboard handles dates from 1677-09-22 to 2262-04-11." in document  # notice
    finally:
        srv.stop()


# ---------------------------------------------------------------------------- patterns


def test_a_pattern_that_backtracks_for_ever_does_not_freeze_validation(data):
    """Before: Python's regex engine ran (a|aa)+$ on 'aaa…!' for hours; validate and a server froze."""
    set_schema(data.path, lambda s: field(s, "claims", "evidence").setdefault("constraints", {}).update(
        pattern="^(a|aa)+$"))
    data.edit("claims", 2, "evidence", "a" * 60 + "!")
    began = time.monotonic()
    proc = run("validate", str(data.path), timeout=600)
    took = time.monotonic() - began
    assert proc.returncode == 1
    assert "field 'evidence': the pattern cannot be checked safely, it takes more than 1 s on the value" \
        in proc.stderr
    assert took < 300, took


@pytest.mark.parametrize("pattern, linear", [
    ("^[A-Za-z0-9_.-]+$", True), ("^#[0-9A-Fa-f]{6}$", True), ("^c[0-9]{3}_[0-9]{2}$", True),
    ("^[a-z]+_[0-9]+$", True), (r"^\w+\.\w+$", True), ("^[^,]+,[^,]+$", True),
    ("^(a|aa)+$", False), ("^(a+)+$", False), ("^a*a*b$", False), (r"^\w*\w*!$", False), ("^.*x$", False),
    ("^[a-z]+[a-z]{2}$", False), ("^a+?b$", False), ("(?i)^a$", False), (r"^[a-z]*\d?$", False),
])
def test_only_patterns_that_run_in_linear_time_skip_the_time_limit(pattern, linear):
    from dashboard.patterns import Pattern

    assert Pattern(pattern).linear is linear


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from("az09_.-,#!A\n"), max_size=12))
def test_the_fast_patterns_match_as_the_time_limited_engine_does(value):
    import regex

    from dashboard.patterns import Pattern

    for source in ("^[A-Za-z0-9_.-]+$", "^#[0-9A-Fa-f]{6}$", "^[a-z]+_[0-9]+$", "^[^,]+,[^,]+$", r"^\w+\.\w+$"):
        assert Pattern(source).fullmatch(value) == (regex.fullmatch(source, value) is not None)


def test_an_ordinary_pattern_is_still_checked(data):
    data.edit("claims", 2, "claim_id", "C-1")
    assert any("does not match the pattern" in str(p) for p in validate(data.path))


# ---------------------------------------------------------------------------- bounded lists


def test_problems_stop_after_a_bound_saying_how_many_more(data, capsys):
    records = data.read("claims")
    j = records[0].index("said_on")
    bad = [list(records[1]) for _ in range(3000)]
    for k, record in enumerate(bad):
        record[0] = f"c900_{k:04d}"
        record[j] = "not a date"
    data.write("claims", records + bad)
    problems = validate(data.path)
    assert len(problems) == validation.MAX_PROBLEMS and problems.omitted >= 2000
    with pytest.raises(DataValidationError) as e:
        load(data.path)
    assert e.value.omitted == problems.omitted and f"{problems.omitted:,} more" in str(e.value)
    assert main(["validate", str(data.path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == validation.MAX_PROBLEMS + 1
    assert err[-1].endswith(f"({problems.omitted:,} more not listed: fix these first)")


# ---------------------------------------------------------------------------- what the dashboard needs


def _drop(folder: Path, resource: str, name: str | None) -> None:
    """Remove a field (or with ``name`` None the whole resource) from the schema and the CSV, and
    every key that names it, so that the folder stays valid by its own schema."""
    def change(schema):
        res = next(r for r in schema["resources"] if r["name"] == resource)
        if name is None:
            schema["resources"].remove(res)
        else:
            dropped = next(f for f in res["schema"]["fields"] if f["name"] == name)
            res["schema"]["fields"] = [f for f in res["schema"]["fields"] if f != dropped]
            pk = res["schema"].get("primaryKey")
            if pk == name or isinstance(pk, list) and name in pk:
                res["schema"].pop("primaryKey")
                res.pop("x-list-matches", None), res["schema"].pop("x-list-matches", None)
            if dropped.get("x-file"):  # no article to find quotes in
                for other in schema["resources"]:
                    for f in other["schema"]["fields"]:
                        f.pop("x-verbatim-in", None)
        for other in schema["resources"]:
            sch = other["schema"]
            for fk_key in ("foreignKeys", "x-foreignKeys"):  # x-: list fields' references
                if fk_key in sch:
                    sch[fk_key] = [
                        fk for fk in sch[fk_key]
                        if not ((other is res and name in ([fk["fields"]] if isinstance(fk["fields"], str)
                                                           else fk["fields"]))
                                or (fk["reference"]["resource"] == resource
                                    and (name is None or name in fk["reference"]["fields"])))]
            sch.setdefault("foreignKeys", [])
            for f in sch["fields"]:
                for key in ("x-verbatim-in", "x-required-with"):
                    if other is res and f.get(key) == name:
                        f.pop(key)
            keys = [[fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"]
                    for fk in sch["foreignKeys"] + sch.get("x-foreignKeys", [])]
            for f in sch["fields"]:
                if "x-verbatim-in" in f and [f["x-verbatim-in"]] not in keys:
                    f.pop("x-verbatim-in")
            for where in (other, sch):
                rule = where.get("x-list-matches")
                if rule and ((other is res and name in (rule.get("field"),))
                             or (rule.get("resource") == resource and (name is None or name in (rule.get("key"), rule.get("value"))))):
                    where.pop("x-list-matches")
    set_schema(folder, change)
    if name is not None:
        path = folder / f"{resource}.csv"
        records = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
        j = records[0].index(name)
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator="\n").writerows([r[:j] + r[j + 1:] for r in records])
        path.write_text(out.getvalue(), encoding="utf-8")


NEEDED_FIELDS = [(r, f) for r, fields in NEEDED.items() for f in fields]


@pytest.mark.parametrize("resource, name", [("claims", None), ("events", None), *NEEDED_FIELDS])
def test_a_folder_lacking_what_the_dashboard_reads_is_refused_clearly(data, resource, name):
    _drop(data.path, resource, name)
    with pytest.raises(DataValidationError) as e:
        load(data.path)
    message = str(e.value)
    assert "the dashboard needs" in message and repr(name or resource) in message, message


def test_everything_else_can_be_missing(data, bundled):
    """The other fields are optional for the dashboard: without each, a page, a selection and the
    exports still work (so NEEDED is complete)."""
    from dashboard import Dashboard
    from dashboard.export import claims_csv, claims_json, claims_jsonld
    from dashboard.snapshot import snapshot_html

    schema = json.loads((bundled / "datapackage.json").read_text(encoding="utf-8"))
    optional = [(r["name"], f["name"]) for r in schema["resources"] for f in r["schema"]["fields"]
                if f["name"] not in NEEDED.get(r["name"], {})]
    assert optional
    for resource, name in optional:
        folder = data.path.parent / f"without-{resource}-{name}"
        import shutil

        shutil.copytree(bundled, folder)
        _drop(folder, resource, name)
        ds = load(folder)
        dash = Dashboard(ds)
        dash.template()
        # (an event only when one lists its sources: with pandas 3.1 query.prepare lists none)
        event = next((e for e in dash.prepared.events.itertuples() if len(e.source_ids)), None)
        selections = ["claim:c001_08", f"figure:{ds.figures.figure_id.iloc[0]}"]
        selections += [f"event:{event.event_id}@{event.source_ids[0]}"] if event is not None else []
        for selected in selections:
            dash.state.selected = selected
            assert "could not" not in dash.source._article.header, (resource, name, selected)
        claims = dash.state.filtered_claims()
        claims_csv(claims), claims_json(claims), claims_jsonld(claims, dash.prepared)
        snapshot_html(dash)


def test_serve_refuses_such_a_folder_before_listening(data):
    _drop(data.path, "claims", None)
    proc = run("serve", "--data", str(data.path), "--port", "1")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "the dashboard needs a resource named 'claims'" in proc.stderr
    assert "Not serving" in proc.stderr


def test_a_title_with_a_lone_surrogate_is_a_clear_error(data):
    raw = (data.path / "datapackage.json").read_text(encoding="utf-8")
    schema = json.loads(raw)
    schema["title"] = "PLACEHOLDER"
    (data.path / "datapackage.json").write_text(json.dumps(schema).replace("PLACEHOLDER", "Crocus \\ud83d"),
                                                encoding="utf-8")
    assert [str(p) for p in validate(data.path)] == [
        "datapackage.json:-:-: the text at title has a lone surrogate ('\\ud83d'): not valid Unicode"]
    proc = run("serve", "--data", str(data.path), "--port", "1")
    assert proc.returncode == 1 and "lone surrogate" in proc.stderr and "Traceback" not in proc.stderr


# ---------------------------------------------------------------------------- terminals


def test_escape_sequences_from_data_are_shown_not_run(data, capsys):
    data.add_column("claims", "\x1b[31mred\x1b]0;pwned\x07")
    data.edit("claims", 2, "stance", "\x1b[2Jwiped\u202e")
    assert main(["validate", str(data.path)]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err and "\u202e" not in err
    assert "claims.csv:1:\\x1b[31mred\\x1b]0;pwned\\x07: unknown column" in err
    assert "\\x1b[2Jwiped\\u202e" in err
    assert main(["schema", str(data.path)]) == 0
    assert "\x1b" not in capsys.readouterr().out


def test_printable():
    assert printable("plain, “typographic”, emoji 👩‍👩‍👧 and Ω") == "plain, “typographic”, emoji 👩‍👩‍👧 and Ω"
    assert printable("a\x1b[0mb\rc\u2028d\u2066") == "a\\x1b[0mb\\rc\\u2028d\\u2066"


# ---------------------------------------------------------------------------- very long articles


def _reference_index(text_: str) -> tuple[str, list[int]]:
    """normalise() as it was, with the offset of each character (memory grows with the text)."""
    chars, offsets, pending = [], [], None
    for i, ch in enumerate(text_):
        if ch.isspace():
            pending = i if pending is None else pending
            continue
        if pending is not None and chars:
            chars.append(" ")
            offsets.append(pending)
        pending = None
        chars.append(text.QUOTE_MAP.get(ch, ch))
        offsets.append(i)
    return "".join(chars), offsets


def _reference_locate(text_: str, quote: str):
    """locate() as it was."""
    haystack, offsets = _reference_index(text_)
    needle = normalise(quote)
    if not needle:
        return None
    pos = haystack.find(needle)
    return None if pos < 0 else (offsets[pos], offsets[pos + len(needle) - 1] + 1)


ALPHABET = st.sampled_from(list("ab ,.'\"\n\t\u00a0\u2018\u2019\u201c\u201d\u2032"))


@settings(max_examples=300, deadline=None)
@given(st.text(ALPHABET, max_size=80), st.data(), st.integers(1, 9))
def test_locate_in_chunks_finds_what_the_character_by_character_search_finds(s, data, chunk):
    i = data.draw(st.integers(0, len(s)))
    j = data.draw(st.integers(i, len(s)))
    old, text._CHUNK = text._CHUNK, chunk  # tiny chunks: every boundary case
    try:
        assert normalise(s) == _reference_index(s)[0]  # long texts are normalised piece by piece
        assert locate(s, s[i:j]) == _reference_locate(s, s[i:j])
    finally:
        text._CHUNK = old


def test_a_very_long_article_is_shown_as_a_window_around_the_quote():
    rng = random.Random(1)
    words = "the gunmen were trained on territory and were heading there when".split()
    paragraphs = [" ".join(rng.choices(words, k=80)) for _ in range(60_000)]  # about 30 MB
    quote = "“This quote is the one selected,” said the spokesman."
    paragraphs.insert(41_000, quote)
    article = "\n\n".join(paragraphs)
    span = locate(article, '"This quote is the one selected," said')  # ASCII quotes: still found
    assert article[span[0]:span[1]] == "“This quote is the one selected,” said"
    shown = article_html(article, span)
    assert len(shown) < 2 * ARTICLE_WINDOW  # not the 30 MB article
    assert '<mark id="cd-quote">“This quote is the one selected,” said</mark>' in shown
    assert shown.startswith('<p class="cd-dim">[') and "characters before this are not shown" in shown
    assert shown.endswith("more characters are not shown]</p>")
    assert article_html("Short.\nText.", None) == "<p>Short.</p><p>Text.</p>"
