"""Every path the tool reads or writes stays in its folder; links and special files are refused; sizes
are capped with a clear message (see dashboard/files.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dashboard import files, load, validate
from dashboard.cli import main
from dashboard.curate import MergeRefused, init_folder, merge_review
from dashboard.curate.review import read_review

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "Officials said on Tuesday that the hall was closed.\n"


def run(*args, cwd=None, **kwargs):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, encoding="utf-8", **kwargs)


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------------------- init --from TEMPLATE


@pytest.fixture
def template(tmp_path, bundled) -> Path:
    folder = tmp_path / "template"
    folder.mkdir()
    for name in ("datapackage.json", "stances.csv", "metrics.csv"):
        shutil.copyfile(bundled / name, folder / name)
    return folder


def _set_path(template: Path, resource: str, path: str) -> None:
    schema = json.loads((template / "datapackage.json").read_text(encoding="utf-8"))
    next(r for r in schema["resources"] if r["name"] == resource)["path"] = path
    (template / "datapackage.json").write_text(json.dumps(schema), encoding="utf-8")


@pytest.mark.parametrize("path", ["../victim/x", "../../victim/x", "sub/../../victim/x", "/tmp/victim-x"])
def test_init_from_a_template_whose_path_leaves_the_folder_writes_nothing(tmp_path, template, capsys, path):
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "x").write_text("precious")
    _set_path(template, "statements", path)
    new = tmp_path / "work" / "new"
    assert main(["init", str(new), "--from", str(template)]) == 1
    err = capsys.readouterr().err
    assert "resource 'statements'" in err and "is not inside the folder" in err and "nothing was written" in err
    assert (victim / "x").read_text() == "precious"
    assert not (tmp_path / "work").exists()  # validated before anything was created
    assert not Path("/tmp/victim-x").exists()


def test_init_refuses_a_template_vocabulary_that_is_a_link_or_a_device(tmp_path, template):
    secret = tmp_path / "secret.csv"
    secret.write_text("stance,label\n")
    (template / "stances.csv").unlink()
    (template / "stances.csv").symlink_to(secret)
    with pytest.raises(files.Refused, match="symbolic link"):
        init_folder(tmp_path / "new", template=template)
    (template / "stances.csv").unlink()
    (template / "stances.csv").symlink_to("/dev/zero")
    with pytest.raises(files.Refused):
        init_folder(tmp_path / "new", template=template)
    assert not (tmp_path / "new").exists()


def test_init_refuses_a_template_that_cannot_make_a_valid_folder_before_writing(tmp_path, template):
    schema = json.loads((template / "datapackage.json").read_text(encoding="utf-8"))
    schema["resources"] = [r for r in schema["resources"] if r["name"] != "claims"]
    (template / "datapackage.json").write_text(json.dumps(schema), encoding="utf-8")
    with pytest.raises(MergeRefused, match="the dashboard needs a resource named 'claims'"):
        init_folder(tmp_path / "new", template=template)
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("text, message", [
    ("[" * 100_000, "nested more than 64 levels deep"),
    ('{"resources": [], "x": ' + "[" * 70 + "]" * 70 + "}", "nested more than 64 levels deep"),
    ('{"resources": [], "n": 1' + "0" * 5000 + "}", "a number written with 5,001 characters"),
    ('{"resources": [], "title": "\\ud800"}', "lone surrogate"),
])
def test_hostile_json_is_a_clear_error_in_validate_schema_and_init(tmp_path, data, capsys, text, message):
    (data.path / "datapackage.json").write_text(text, encoding="utf-8")
    for command in (["validate", str(data.path)], ["schema", str(data.path)],
                    ["init", str(tmp_path / "new"), "--from", str(data.path)]):
        assert main(command) == 1, command
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err, (command, err)
    assert not (tmp_path / "new").exists()


def test_a_huge_datapackage_json_is_refused_unread(data):
    with open(data.path / "datapackage.json", "ab") as fh:
        fh.truncate(files.LIMITS["schema"] + 1)
    assert "more than the 4.0 MB allowed for a schema" in str(validate(data.path)[0])


# ---------------------------------------------------------------------------- files of a data folder


def test_a_text_path_that_is_a_link_is_refused_even_inside_the_folder(data):
    rel = data.cell("sources", 2, "text_path")
    target = data.path / rel
    copy = data.path / "articles" / "copy.txt"
    shutil.copyfile(target, copy)
    target.unlink()
    target.symlink_to(copy.name)  # points inside the folder: still not followed
    problems = [str(p) for p in validate(data.path)]
    assert problems == [f"sources.csv:2:text_path: {rel}: file is a symbolic link, which is not followed: "
                        "give the file itself"]


def test_a_folder_on_the_way_that_is_a_link_is_refused(data, tmp_path):
    shutil.move(data.path / "articles", tmp_path / "elsewhere")
    (data.path / "articles").symlink_to(tmp_path / "elsewhere")
    problems = validate(data.path)
    assert problems and all("'articles' on the way is a symbolic link" in str(p) for p in problems)


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_a_text_path_that_is_a_device_or_a_fifo_is_refused_at_once(data, special):
    rel = data.cell("sources", 3, "text_path")
    (data.path / rel).unlink()
    if special == "fifo":
        os.mkfifo(data.path / rel)
        kind = "a FIFO"
    else:
        os.mknod(data.path / rel, 0o600 | __import__("stat").S_IFCHR, os.makedev(1, 5)) if os.geteuid() == 0 \
            else pytest.skip("making a device file needs root")
        kind = "a character device"
    began = time.monotonic()
    problems = [str(p) for p in validate(data.path)]
    assert time.monotonic() - began < 60
    assert problems == [f"sources.csv:3:text_path: {rel}: file is {kind}, not a regular file"]


def test_a_table_that_is_a_link_is_refused(data, tmp_path):
    outside = tmp_path / "claims-elsewhere.csv"
    shutil.copyfile(data.file("claims"), outside)
    data.file("claims").unlink()
    data.file("claims").symlink_to(outside)
    assert [str(p) for p in validate(data.path)] == [
        "claims.csv:-:-: file is a symbolic link, which is not followed: give the file itself "
        "(resource 'claims' in datapackage.json)"]


def test_an_article_larger_than_the_limit_is_refused_without_being_read(data, monkeypatch):
    rel = data.cell("sources", 2, "text_path")
    with open(data.path / rel, "ab") as fh:  # sparse: 500 MB on paper, nothing on disk
        fh.truncate(500_000_000)
    began = time.monotonic()
    problems = [str(p) for p in validate(data.path)]
    assert time.monotonic() - began < 60
    assert problems[0] == (f"sources.csv:2:text_path: {rel}: file is 500.0 MB, more than the 64.0 MB allowed "
                           "for an article")


def test_a_csv_file_larger_than_the_limit_is_refused(data, monkeypatch):
    monkeypatch.setitem(files.LIMITS, "table", 1000)
    problems = [str(p) for p in validate(data.path)]
    assert "claims.csv:-:-: file is " in "\n".join(problems)
    assert "more than the 1,000 bytes allowed for a table (resource 'claims' in datapackage.json)" in \
        "\n".join(problems)


# ---------------------------------------------------------------------------- add-article


@pytest.fixture
def folder(tmp_path) -> Path:
    return init_folder(tmp_path / "event")


@pytest.mark.parametrize("article, message", [
    ("/dev/zero", "/dev/zero: is a character device, not a regular file"),
    ("fifo", "is a FIFO, not a regular file"),
    ("link", "is a symbolic link, which is not followed"),
    ("big", "is 500.0 MB, more than the 64.0 MB allowed for an article"),
])
def test_add_article_refuses_devices_links_and_huge_files_at_once(folder, tmp_path, article, message):
    if article == "fifo":
        os.mkfifo(tmp_path / "fifo")
    elif article == "link":
        (tmp_path / "link").symlink_to("/dev/zero")
    elif article == "big":
        with open(tmp_path / "big", "wb") as fh:
            fh.truncate(500_000_000)
    path = article if article.startswith("/") else str(tmp_path / article)
    before = tree(folder)
    began = time.monotonic()
    proc = run("add-article", str(folder), path, "--headline", "x", "--published", "2024-04-10",
               cwd=tmp_path, timeout=120)
    assert time.monotonic() - began < 120
    assert proc.returncode == 1 and message in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert tree(folder) == before and not list(tmp_path.glob("review-*.csv"))


def test_add_article_from_an_endless_standard_input_stops_at_the_limit(folder, tmp_path):
    zero = open("/dev/zero", "rb")
    try:
        proc = run("add-article", str(folder), "-", "--headline", "x", "--published", "2024-04-10",
                   cwd=tmp_path, stdin=zero, timeout=120)
    finally:
        zero.close()
    assert proc.returncode == 1
    assert "standard input: is more than the 64.0 MB allowed for an article" in proc.stderr


def test_add_article_does_not_write_through_a_link_in_the_folder(folder, tmp_path):
    victim = tmp_path / "victim"
    victim.mkdir()
    shutil.rmtree(folder / "articles")
    (folder / "articles").symlink_to(victim)
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE)
    proc = run("add-article", str(folder), str(article), "--headline", "x", "--published", "2024-04-10",
               cwd=tmp_path, timeout=120)
    assert proc.returncode == 1 and "symbolic link" in proc.stderr and "Traceback" not in proc.stderr
    assert list(victim.iterdir()) == []


def test_the_review_file_is_not_written_through_a_link(folder, tmp_path):
    victim = tmp_path / "victim.csv"
    victim.write_text("precious")
    review = tmp_path / "review.csv"
    review.symlink_to(victim)
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE)
    proc = run("add-article", str(folder), str(article), "--headline", "x", "--published", "2024-04-10",
               "--review", str(review), "--force", cwd=tmp_path, timeout=120)
    assert proc.returncode == 1 and "symbolic link" in proc.stderr
    assert victim.read_text() == "precious"


# ---------------------------------------------------------------------------- merge


def test_merge_does_not_follow_a_link_in_the_folder(data, tmp_path):
    """A table linked to /dev/zero wrote 4.4 GB into the temporary copy; now nothing is read or written."""
    review = tmp_path / "review.csv"
    review.write_text("table,actor_id,name,kind\nactors,someone,Someone,person\n")
    data.file("figures").unlink()
    data.file("figures").symlink_to("/dev/zero")
    before = {p.name: (p.is_symlink(), p.stat().st_size if not p.is_symlink() else 0)
              for p in data.path.iterdir()}
    with pytest.raises(MergeRefused) as e:
        merge_review(data.path, review)
    assert "figures.csv:-:-: file is a symbolic link, which is not followed" in str(e.value)
    after = {p.name: (p.is_symlink(), p.stat().st_size if not p.is_symlink() else 0)
             for p in data.path.iterdir()}
    assert after == before


@pytest.mark.parametrize("kind", ["link", "fifo", "big"])
def test_a_review_file_that_is_a_link_a_fifo_or_too_big_is_refused(tmp_path, kind, monkeypatch):
    review = tmp_path / "review.csv"
    if kind == "link":
        review.symlink_to("/dev/zero")
        message = "is a symbolic link"
    elif kind == "fifo":
        os.mkfifo(review)
        message = "is a FIFO"
    else:
        monkeypatch.setitem(files.LIMITS, "review", 100)
        review.write_text("table\n" + "actors\n" * 50)
        message = "more than the 100 bytes allowed for a review file"
    rows, problems = read_review(review)
    assert rows == [] and message in str(problems[0])


def test_a_loaded_folder_never_reads_outside_itself(data, tmp_path):
    """The loader with every x-file path escaping in every way: each refused by name, nothing read."""
    (tmp_path / "outside.txt").write_text("Outside text")
    records = data.read("sources")
    j = records[0].index("text_path")
    for k, path in enumerate(["../outside.txt", "articles/../../outside.txt", str(tmp_path / "outside.txt"),
                              "articles/\x00x.txt"], start=1):
        records[k][j] = path
    data.write("sources", records)
    problems = [str(p) for p in validate(data.path) if ":text_path:" in str(p)]
    assert len(problems) == 4
    assert all("is not inside the data folder" in p or "NUL" in p for p in problems)
    with pytest.raises(Exception):
        load(data.path)
