"""Start a new data folder: the schema, the vocabularies, and empty tables."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path

from ..dataset import default_path
from ..validation import SCHEMA_FILE, check
from .actors import slug
from .merge import MergeRefused

__all__ = ["VOCABULARIES", "init_folder"]

#: Tables copied from the template; every other table starts empty.
VOCABULARIES = ("stances", "metrics")
ARTICLES = "articles"


def init_folder(path: str | os.PathLike, template: str | os.PathLike | None = None, title: str | None = None,
                keep: tuple[str, ...] = VOCABULARIES) -> Path:
    """Create the data folder ``path``: a valid folder with no article yet.

    ``datapackage.json`` and the ``keep`` tables come from ``template``
    (default: :func:`~dashboard.dataset.default_path`); the package gets its
    own name and ``title``. Raises :class:`FileExistsError` if ``path`` is
    a non-empty folder, :class:`FileNotFoundError` if the template has no
    schema.
    """
    path = Path(path)
    template = Path(template) if template is not None else default_path()
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise FileExistsError(f"{path} already exists and is not an empty folder")
    source = template / SCHEMA_FILE
    if not source.is_file():
        raise FileNotFoundError(f"no {SCHEMA_FILE} in the template folder {template}")
    schema = json.loads(source.read_text(encoding="utf-8-sig"))
    names = {r.get("name") for r in schema.get("resources", [])}
    unknown = [k for k in keep if k not in names]
    if unknown:
        raise ValueError(f"no table {', '.join(map(repr, unknown))} in {source}")
    name = slug(path.resolve().name).replace("_", "-") or "claims"
    schema.update(name=name, title=title or f"{path.resolve().name}: claims and figures",
                  description="Who claimed what, as printed by each article, with the figures each article "
                              "gives. Every quote is a verbatim span of the article it cites.")
    created = not path.exists()
    path.mkdir(parents=True, exist_ok=True)
    try:
        (path / ARTICLES).mkdir()
        (path / SCHEMA_FILE).write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        for res in schema["resources"]:
            target = path / res["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            if res["name"] in keep:
                shutil.copyfile(template / res["path"], target)
                continue
            out = io.StringIO(newline="")
            csv.writer(out, lineterminator="\n").writerow(f["name"] for f in res["schema"]["fields"])
            target.write_text(out.getvalue(), encoding="utf-8", newline="")
        problems = check(path)[0]
        if problems:
            raise MergeRefused(problems, f"the new folder {path} does not validate (is the template valid?)")
    except BaseException:
        if created:
            shutil.rmtree(path, ignore_errors=True)
        else:
            for child in path.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        raise
    return path
