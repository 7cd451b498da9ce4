"""Exports cannot become code: CSV cells stay cells, JSON-LD stays inside its <script> element, and the
validator warns about the control characters that make such attacks."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

import pandas as pd
import pytest

from dashboard import load, validate
from dashboard.cli import main
from dashboard.export import claims_csv, claims_json, claims_jsonld, figures_csv
from dashboard.query import prepare

FORMULA = ("=", "+", "-", "@")
HOSTILE = ["x\r=2+2", "a\n=HYPERLINK(\"http://evil.example\")", "b\r\n+1", "\r@SUM(1)", "c\u2028d",
           "</script><script>alert(1)</script>", "&lt;-and-&", "\t=1"]


@pytest.fixture(scope="module")
def hostile():
    p = prepare(load())
    claims = p.claims.head(len(HOSTILE)).copy()
    claims["quote"] = HOSTILE
    claims["evidence"] = list(reversed(HOSTILE))
    return p, claims


def test_a_carriage_return_in_a_cell_does_not_start_a_row_with_a_formula(hostile):
    """Before: "x\\r=2+2" was written unquoted; pandas and spreadsheets read a row starting with =2+2."""
    _, claims = hostile
    text = claims_csv(claims)
    assert text.startswith("\ufeff")  # the byte-order mark that tells a spreadsheet the file is UTF-8
    text = text.removeprefix("\ufeff")
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert list(frame.claim_id) == list(claims.claim_id)  # no extra row
    records = list(csv.reader(io.StringIO(text, newline="")))
    assert len(records) == len(claims) + 1
    cells = [cell for record in records for cell in record]
    assert not [c for c in cells if c.startswith(FORMULA)]
    # read as lines (how a careless importer or a bare CR splits it), no line is a formula either
    for line in text.splitlines():
        assert not line.startswith(FORMULA + ("\t",)), repr(line)
        for cell in line.split(","):
            assert not cell.startswith(FORMULA), repr(line)
    # every field is quoted, so each record's cells are where they were
    assert all(line.startswith('"') for line in text.split("\n") if line and line[0] not in "'")
    assert frame.quote.tolist()[0] == "x\r'=2+2"


def test_every_csv_field_is_quoted(hostile):
    p, _ = hostile
    for text in (claims_csv(p.claims), figures_csv(p.figures)):
        header = text.removeprefix("\ufeff").split("\n", 1)[0]
        assert header.startswith('"') and header.count('"') == 2 * len(header.split('","'))


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts, self._in = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._in = dict(attrs).get("type", "")
            self.scripts.append([self._in, ""])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in = None

    def handle_data(self, data):
        if self._in is not None:
            self.scripts[-1][1] += data


def test_json_ld_stays_in_its_script_element(hostile):
    """Before: a quote's raw "</script>" ended the element it is published in, and U+2028 broke JS."""
    p, claims = hostile
    for text in (claims_jsonld(claims, p), claims_json(claims)):
        assert not {"<", ">", "&", "\u2028", "\u2029"} & set(text)
        page = f'<html><head><script type="application/ld+json">{text}</script></head><body></body></html>'
        parser = _Scripts()
        parser.feed(page)
        assert len(parser.scripts) == 1
        assert json.loads(parser.scripts[0][1]) == json.loads(text)
    graph = json.loads(claims_jsonld(claims, p))["@graph"]
    assert [c["text"] for c in graph] == HOSTILE  # the data is intact, only escaped


def test_json_ld_in_a_page_runs_nothing_in_chromium(browser, hostile):
    p, claims = hostile
    text = claims_jsonld(claims, p)
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.set_content(f'<html><head><script type="application/ld+json">{text}</script></head>'
                     "<body><p>after</p></body></html>")
    parsed = page.evaluate("JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)")
    assert [c["text"] for c in parsed["@graph"]] == HOSTILE
    assert page.locator("script").count() == 1 and page.inner_text("body") == "after"
    assert dialogs == []
    page.close()


def test_the_validator_warns_about_control_characters_but_accepts_them(data, capsys):
    records = data.read("claims")
    records[1][records[0].index("evidence")] = "x\r=2+2"
    records[2][records[0].index("via")] = "Tass\x1b[2J"
    with open(data.file("claims"), "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(records)
    warnings = []
    assert validate(data.path, warnings=warnings) == []
    shown = [str(w) for w in warnings]
    assert shown[0].startswith("claims.csv:2:evidence: contains a carriage return not followed by a line feed")
    assert shown[1].startswith("claims.csv:3:via: contains the control character '\\x1b'")
    assert main(["validate", str(data.path)]) == 0  # a warning, not an error
    err = capsys.readouterr().err
    assert "warning: claims.csv:2:evidence" in err and "\x1b" not in err


def test_merge_reports_the_warnings_of_the_rows_it_merges(data, tmp_path, capsys):
    review = tmp_path / "review.csv"
    review.write_text("table,actor_id,name,kind,role\nactors,someone,Someone,person,\"spokes\rman\"\n",
                      encoding="utf-8", newline="")
    assert main(["merge", str(data.path), str(review)]) == 0
    err = capsys.readouterr().err
    assert f"warning: {review}:2:role: contains a carriage return" in err
    # written quoted: before, the csv module left a bare CR unquoted and the row fell apart
    assert load(data.path).actors.set_index("actor_id").role["someone"] == "spokes\rman"
