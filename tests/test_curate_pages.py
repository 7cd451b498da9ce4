"""Articles as people get them: a saved web page, or its address on a (local) web server.

The pages in tests/fixtures/pages were written for these tests: a realistic
news page each (menus, advertising, related links, a footer around the
article), in English and in Russian.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from browser_support import serve_directory
from dashboard.cli import main
from dashboard.curate import init_folder

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
#: The optional provenance columns of sources.csv, as agreed for every folder.
SOURCE_FIELDS = [
    {"name": "language", "type": "string",
     "description": "Language of the article's text, as a BCP 47 code (en, ru, uk, fr, de, es, pl, hr, sr, ar...).",
     "constraints": {"pattern": "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"}},
    {"name": "url", "type": "string", "format": "uri",
     "description": "Address of the original publication (or of the stored copy the text was taken from); "
                    "empty when none was found.", "constraints": {"pattern": "^https?://\\S+$"}},
    {"name": "url_basis", "type": "string", "description": "How the address was found and checked, or why it is empty."},
]
METRICS = [("missing", "true"), ("evacuated", "false"), ("flooded_homes", "false")]


@pytest.fixture
def folder(tmp_path) -> Path:
    """A new folder with the sources' provenance columns and the metrics of a flood."""
    path = init_folder(tmp_path / "flood", title="Dam destroyed")
    schema = json.loads((path / "datapackage.json").read_text(encoding="utf-8"))
    sources = next(r for r in schema["resources"] if r["name"] == "sources")
    names = [f["name"] for f in sources["schema"]["fields"]]
    for f in SOURCE_FIELDS:
        if f["name"] not in names:
            sources["schema"]["fields"].append(f)
    (path / "datapackage.json").write_text(json.dumps(schema, indent=2, ensure_ascii=False), encoding="utf-8")
    header = ",".join(f["name"] for f in sources["schema"]["fields"])
    (path / sources["path"]).write_text(header + "\n", encoding="utf-8")
    with open(path / "metrics.csv", "a", encoding="utf-8", newline="") as fh:
        for metric, casualty in METRICS:
            csv.writer(fh, lineterminator="\n").writerow([metric, metric.title(), f"People {metric}.", casualty])
    return path


@pytest.fixture(scope="module")
def server():
    """The fixture pages served on 127.0.0.1 (an ephemeral port), for as long as the module runs."""
    with serve_directory(PAGES) as url:
        yield url



def review_rows(tmp_path: Path) -> list[dict]:
    path = next(tmp_path.glob("review-*.csv"))
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_a_russian_article_from_its_saved_page(folder, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["add-article", str(folder), str(PAGES / "ru_dam.html")]) == 0  # no --headline, no --published
    rows = review_rows(tmp_path)
    source = rows[0]
    assert source["table"] == "sources" and source["language"] == "ru"
    assert source["headline"] == "Число погибших при наводнении выросло до 17"
    assert source["published"] == "2023-06-09" and "htmldate" in source["published_basis"]
    assert (source["author"], source["outlet"]) == ("Ольга Смирнова", "Вестник Приднепровья")
    assert source["url"] == "https://vestnik.example.net/news/2023/06/09/navodnenie"
    assert "outlet" in source["needs_review"] and "published" in source["needs_review"]
    text = (folder / source["text_path"]).read_text(encoding="utf-8")
    assert "Реклама" not in text and "Погода на выходные" not in text and "var counter" not in text

    figures = {(r["metric"], r["value"], r["qualifier"]) for r in rows if r["table"] == "figures"}
    assert figures == {("deaths", "17", "exact"), ("missing", "31", "exact"), ("evacuated", "2000", "more_than"),
                       ("flooded_homes", "600", "exact")}
    headline, deaths = [r for r in rows if r["table"] == "figures" and r["metric"] == "deaths"]  # one per printing
    assert headline["attributed_to"] == "" and "Иван Коваленко" in deaths["attributed_to"]
    claims = {(r["actor_id"], r["target_id"], r["stance"]) for r in rows if r["table"] == "claims"}
    assert ("peskov", "ukraine", "accuses") in claims
    assert ("ukraine", "ukraine", "denies") in claims
    peskov = next(r for r in rows if r["table"] == "claims" and r["quote"].startswith("Мы однозначно"))
    assert peskov["mode"] == "direct" and peskov["said_on"] == "2023-06-06"  # "во вторник" before 9 June
    for r in rows[1:]:  # every proposal quotes the saved text verbatim
        assert r["span"] in text


def test_an_article_from_its_address(folder, tmp_path, monkeypatch, server):
    monkeypatch.chdir(tmp_path)
    url = f"{server}/en_dam.html"
    assert main(["add-article", str(folder), url]) == 0
    source = review_rows(tmp_path)[0]
    assert source["url"] == url and "fetched from" in source["url_basis"]
    assert source["headline"] == "Ukraine and Russia trade blame after dam collapse floods towns"
    assert (source["author"], source["published"], source["language"]) == ("Maria Lopez", "2023-06-07", "en")
    rows = review_rows(tmp_path)
    claims = {(r["actor_id"], r["target_id"], r["stance"]) for r in rows if r["table"] == "claims"}
    assert ("zelensky", "russia", "accuses") in claims and ("peskov", "russia", "denies") in claims
    figures = {(r["metric"], r["value"], r["qualifier"]) for r in rows if r["table"] == "figures"}
    assert ("evacuated", "1300", "at_least") in figures


def test_what_the_curator_gives_wins_over_the_page(folder, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["add-article", str(folder), str(PAGES / "en_dam.html"), "--headline", "Dam collapse: blame",
                 "--published", "2023-06-08"]) == 0
    source = review_rows(tmp_path)[0]
    assert (source["headline"], source["published"]) == ("Dam collapse: blame", "2023-06-08")
    assert source["published_basis"].startswith("Given by the curator")


@pytest.mark.parametrize("page, message", [
    ("missing.html", "answered 404"),
    ("<html><body></body></html>", "no article text found"),
    ("<html><body><p>Floodwater reached the main square of the town by the evening, residents said.</p>"
     "</body></html>", "the page gives no headline: give one with --headline"),
])
def test_a_page_that_cannot_be_used_is_a_message(folder, tmp_path, monkeypatch, server, capsys, page, message):
    monkeypatch.chdir(tmp_path)
    if page.startswith("<"):
        (tmp_path / "saved.html").write_text(page, encoding="utf-8")
        target = str(tmp_path / "saved.html")
    else:
        target = f"{server}/{page}"
    assert main(["add-article", str(folder), target]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert list((folder / "articles").iterdir()) == []
