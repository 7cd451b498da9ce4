"""Start a new data folder: the schema, the vocabularies, and empty tables."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path

from .. import files, needs
from ..dataset import default_path
from ..validation import SCHEMA_FILE, Problem, check
from .actors import slug
from .merge import MergeRefused

__all__ = ["VOCABULARIES", "init_folder"]

#: Tables copied from the template; every other table starts empty.
VOCABULARIES = ("stances", "metrics")
ARTICLES = "articles"


def _template_schema(template: Path) -> dict:
    """The template's datapackage.json, read within bounds; ``ValueError`` says why it cannot be."""
    try:
        data = files.read_below(template, SCHEMA_FILE, files.LIMITS["schema"], "a schema",
                                shown=str(template / SCHEMA_FILE))
    except FileNotFoundError:
        raise FileNotFoundError(f"no {SCHEMA_FILE} in the template folder {template}") from None
    try:
        schema = files.loads_json(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ValueError(f"{template / SCHEMA_FILE} is not UTF-8 text") from None
    except files.JsonRefused as e:
        line = f" (line {e.line})" if e.line else ""
        raise ValueError(f"{template / SCHEMA_FILE}{line}: {e.message}") from None
    if not isinstance(schema, dict) or not isinstance(schema.get("resources"), list):
        raise ValueError(f"{template / SCHEMA_FILE}: expected an object with a 'resources' list")
    return schema


def _contents(template: Path, schema: dict, keep: tuple[str, ...]) -> dict[str, bytes]:
    """Every file of the new folder (relative path -> bytes), built in memory from the template.

    A resource path leaving the folder, or a vocabulary that is a link, a
    special file or too large, is refused here, before anything is written.
    """
    out = {SCHEMA_FILE: (json.dumps(schema, indent=2, ensure_ascii=False) + "\n").encode("utf-8")}
    for res in schema["resources"]:
        name, path = (res.get("name"), res.get("path")) if isinstance(res, dict) else (None, None)
        try:
            rel = files.relative(path)
        except files.Refused as e:
            raise ValueError(f"{template / SCHEMA_FILE}: resource {name!r}: its path {e.path} {e.reason}: "
                             "nothing was written") from None
        if rel in out or rel == ARTICLES:
            raise ValueError(f"{template / SCHEMA_FILE}: resource {name!r} has the path {path!r}, which another "
                             f"file of the new folder takes: nothing was written")
        if name in keep:
            out[rel] = files.read_below(template, rel, files.LIMITS["table"], "a table",
                                        shown=str(template / rel))
            continue
        fields = (res.get("schema") or {}).get("fields") if isinstance(res.get("schema"), dict) else None
        names = [f.get("name") for f in fields or [] if isinstance(f, dict) and isinstance(f.get("name"), str)]
        buffer = io.StringIO(newline="")
        csv.writer(buffer, lineterminator="\n").writerow(names)
        out[rel] = buffer.getvalue().encode("utf-8")
    return out


def init_folder(path: str | os.PathLike, template: str | os.PathLike | None = None, title: str | None = None,
                keep: tuple[str, ...] = VOCABULARIES) -> Path:
    """Create the data folder ``path``: a valid folder with no article yet.

    ``datapackage.json`` and the ``keep`` tables come from ``template``
    (default: :func:`~dashboard.dataset.default_path`); the package gets its
    own name and ``title``. The whole new folder is built and validated in
    memory first; nothing is written unless it validates. Raises
    :class:`FileExistsError` if ``path`` is a non-empty folder,
    :class:`FileNotFoundError` if the template has no schema, ``ValueError``
    (:class:`~dashboard.curate.MergeRefused` listing the problems) if the
    template cannot make a valid folder, and :class:`dashboard.files.Refused`
    for a template file that is a link or a special file.
    """
    path = Path(path)
    template = Path(template) if template is not None else default_path()
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise FileExistsError(f"{path} already exists and is not an empty folder")
    schema = _template_schema(template)
    names = {r.get("name") for r in schema["resources"] if isinstance(r, dict)}
    unknown = [k for k in keep if k not in names]
    if unknown:
        raise ValueError(f"no table {', '.join(map(repr, unknown))} in {template / SCHEMA_FILE}")
    name = slug(path.resolve().name).replace("_", "-") or "claims"
    schema.update(name=name, title=title or f"{path.resolve().name}: claims and figures",
                  description="Who claimed what, as printed by each article, with the figures each article "
                              "gives. Every quote is a verbatim span of the article it cites.")
    contents = _contents(template, schema, keep)
    problems = check(path, overlay=contents)[0]
    if not any(p.file == SCHEMA_FILE for p in problems):
        problems = needs.problems(schema) + list(problems)
    if problems:
        raise MergeRefused([Problem(str(template / p.file) if p.file == SCHEMA_FILE else p.file, p.row, p.column,
                                    p.message) for p in problems],
                           f"the template {template} does not make a valid folder; nothing was written")
    created = not path.exists()
    path.mkdir(parents=True, exist_ok=True)
    try:
        (path / ARTICLES).mkdir()
        for rel, data in contents.items():
            files.write_below(path, rel, data)
    except BaseException:
        if created:
            shutil.rmtree(path, ignore_errors=True)
        else:
            for child in path.iterdir():
                shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
        raise
    return path
