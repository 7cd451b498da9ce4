"""The ``figure`` command: a view, filtered as by a URL query, as an SVG or PNG for a publication.

Each drawing runs the real command line in a process of its own (as a user would), in a temporary
folder; the three drawings run at once, since each spends seconds loading HoloViews and Matplotlib.
"""

from __future__ import annotations

import csv
import os
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from dashboard.figure import package_version

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SVG = "{http://www.w3.org/2000/svg}"
#: The namespaces an SVG file names; any other address would be something to fetch.
NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}

#: name -> the command's arguments after "figure" (the casualties drawing sets its own size).
DRAWINGS = {
    "matrix": ["matrix", "matrix.svg", "--query", "actor=putin"],
    "timeline": ["timeline", "timeline.png", "--query", "actor=putin&from=2024-03-20&colour=red"],
    "casualties": ["casualties", "casualties.png", "--width-cm", "12", "--dpi", "150",
                   "--title", "Tolls as printed"],
    "empty": ["matrix", "empty.svg", "--query", "actor=putin&q=no-such-word-anywhere"],
}


def _env(**extra) -> dict:
    # a disk cache each process would write at the same moment: off
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
            "CLAIMS_DASHBOARD_CACHE": "off", "MPLBACKEND": "agg", **extra}


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "dashboard", "figure", *args]


def run(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(_command(*args), cwd=folder, env=_env(), capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


@pytest.fixture(scope="module")
def drawn(tmp_path_factory) -> dict:
    """name -> (the finished process, the file it wrote), all drawn at once."""
    folder = tmp_path_factory.mktemp("figures")
    started = {name: subprocess.Popen(_command(*args), cwd=folder, env=_env(), stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True, encoding="utf-8")
               for name, args in DRAWINGS.items()}
    done = {}
    for name, proc in started.items():
        try:
            out, err = proc.communicate(timeout=180)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
        done[name] = (subprocess.CompletedProcess(proc.args, proc.returncode, out, err),
                      folder / DRAWINGS[name][1])
    return done


def _table(name: str) -> list[dict]:
    with open(DATA / f"{name}.csv", encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def _svg_texts(root: ET.Element) -> str:
    """Every text the SVG shows, in order, with its lines joined by single spaces."""
    parts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    return " ".join(" ".join(parts).split())


def test_matrix_svg_for_a_query(drawn):
    proc, path = drawn["matrix"]
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert proc.stdout.strip() == f"Wrote {path.name}"
    text = path.read_text(encoding="utf-8")
    root = ET.fromstring(text.encode("utf-8"))  # well-formed XML
    assert root.tag == f"{SVG}svg"
    # sized for print: 17 cm wide (in points)
    assert float(root.get("width").removesuffix("pt")) == pytest.approx(17 / 2.54 * 72, abs=0.5)
    shown = _svg_texts(root)
    assert "<text" in text and "Vladimir Putin" in shown  # text as text, not as paths
    title = root.find(f"{SVG}title").text
    assert title == "Who blames whom: Vladimir Putin"
    assert title in shown
    source = root.find(f"{SVG}desc").text
    assert source.startswith("Source: Crocus City Hall attack")
    assert re.search(r"\b\d+ claims from \d+ articles; filters: claimant Vladimir Putin; ", source)
    assert source.endswith(f"; claims-dashboard {package_version()}")
    assert source in shown  # the source line is drawn, not only in the metadata
    # claimants the filter leaves out (and that Putin blames nobody as) are nowhere in the figure
    actors = {a["actor_id"]: a["name"] for a in _table("actors")}
    claims = _table("claims")
    blamed = {c["target_id"] for c in claims if c["actor_id"] == "putin"}
    excluded = {actors[c["actor_id"]] for c in claims if c["actor_id"] not in blamed | {"putin"}}
    assert "Alexander Bortnikov" in excluded
    assert [name for name in excluded if name in shown] == []
    # no address but the two namespaces: no DTD, no metadata, no link to fetch
    assert set(re.findall(r"https?://[^\s\"'<>)]+", text)) <= NAMESPACES
    assert "<!DOCTYPE" not in text and "<image" not in text


def test_timeline_png_at_the_default_size(drawn):
    proc, path = drawn["timeline"]
    assert proc.returncode == 0, proc.stderr
    # an unknown parameter is a warning, the figure is drawn all the same
    assert proc.stderr.splitlines() == ["warning: Ignored unknown URL parameter “colour”."]
    width, height = _png_size(path)
    assert abs(width - 17 / 2.54 * 300) <= 2
    assert 0.2 * width < height < 1.5 * width


def test_casualties_png_of_another_size(drawn):
    proc, path = drawn["casualties"]
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    width, height = _png_size(path)
    assert abs(width - 12 / 2.54 * 150) <= 2
    assert height > width / 2  # two metrics, one above the other
    assert b"Tolls as printed" in path.read_bytes()  # the title, also in the PNG's metadata


def test_an_empty_selection_is_drawn_with_a_note(drawn):
    proc, path = drawn["empty"]
    assert proc.returncode == 0, proc.stderr
    root = ET.fromstring(path.read_bytes())
    shown = _svg_texts(root)
    assert "no claim matches these filters" in shown
    assert "0 claims from 0 articles; filters: claimant Vladimir Putin; search “no-such-word-anywhere”" in shown


@pytest.mark.parametrize("args, message", [
    (["bogus", "out.svg"], "unknown view 'bogus'"),
    (["matrix", "out.pdf"], "must end in .svg or .png, not .pdf"),
])
def test_a_bad_request_is_one_line_and_status_2(tmp_path, args, message):
    proc = run(tmp_path, *args)
    assert proc.returncode == 2
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("claims-dashboard figure: ") and message in lines[0]
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args, message", [
    (["casualties:", "out.svg"], "unknown view 'casualties:'"),
    (["matrix:deaths", "out.svg"], "unknown view 'matrix:deaths'"),
    (["timeline", "out"], "must end in .svg or .png, and has none"),
    (["timeline", "out.png", "--width-cm", "1"], "the width must be"),
    (["timeline", "out.png", "--dpi", "5"], "the resolution must be"),
])
def test_more_bad_requests(tmp_path, monkeypatch, capsys, args, message):
    from dashboard.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "agg")  # what the command sets for itself
    assert main(["figure", *args]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and message in err[0]
    assert list(tmp_path.iterdir()) == []


def test_version_and_log_level(capsys):
    from dashboard.cli import LOG_FORMAT, build_parser, main

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"claims-dashboard {package_version()}"
    parser = build_parser()
    assert parser.parse_args(["--log-level", "DEBUG", "validate"]).log_level == "debug"
    assert parser.parse_args(["validate"]).log_level is None  # logging left as Python sets it up
    assert LOG_FORMAT == "%(asctime)s %(levelname)s %(name)s: %(message)s"
