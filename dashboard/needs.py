"""What the dashboard needs of a data folder beyond what its own ``datapackage.json`` demands.

A folder can be valid by its own schema and still lack a table or a column
the views read. :func:`problems` names each one, so that ``validate`` and
``serve`` refuse such a folder with a clear message instead of failing while
a page is built. The list is what :func:`dashboard.query.prepare`, the views
and the exports read (``tests/test_security_inputs.py`` removes each in turn).
"""

from __future__ import annotations

from .validation import SCHEMA_FILE, Problem

__all__ = ["NEEDED", "problems"]

S, D, I, B = "string", "date", "integer", "boolean"

#: resource name -> field name -> the type the dashboard reads it as.
NEEDED: dict[str, dict[str, str]] = {
    "sources": {"source_id": S, "headline": S, "outlet": S, "author": S, "published": D, "published_basis": S,
                "text_path": S},
    "actors": {"actor_id": S, "name": S, "kind": S},
    "stances": {"stance": S, "label": S, "description": S, "colour": S},
    "statements": {"statement_id": S, "summary": S},
    "claims": {"claim_id": S, "statement_id": S, "source_id": S, "actor_id": S, "target_id": S, "stance": S,
               "said_on": D, "said_on_precision": S, "said_on_basis": S, "quote": S, "mode": S, "via": S,
               "evidence": S},
    "metrics": {"metric": S, "label": S, "casualty": B},
    "figures": {"figure_id": S, "source_id": S, "metric": S, "value": I, "qualifier": S, "as_of": D,
                "attributed_to": S, "quote": S},
    "events": {"event_id": S, "date": D, "date_precision": S, "title": S, "description": S, "category": S},
    "event_mentions": {"event_id": S, "source_id": S, "quote": S},
}
#: Fields that must name a file of the folder (``x-file``): the source viewer shows the article.
FILES = {("sources", "text_path")}


def problems(schema: dict | None) -> list[Problem]:
    """What the dashboard needs and ``schema`` (a parsed datapackage.json) does not give."""
    if not isinstance(schema, dict) or not isinstance(schema.get("resources"), list):
        return []  # reported by the validator
    resources = {r.get("name"): r for r in schema["resources"] if isinstance(r, dict)}
    out = []

    def need(message: str) -> None:
        out.append(Problem(SCHEMA_FILE, None, None, f"the dashboard needs {message}"))

    for name, wanted in NEEDED.items():
        res = resources.get(name)
        fields = (res or {}).get("schema", {}).get("fields") if isinstance((res or {}).get("schema"), dict) else None
        if res is None or not isinstance(fields, list):
            need(f"a resource named {name!r} with the fields {', '.join(wanted)}")
            continue
        declared = {f.get("name"): f for f in fields if isinstance(f, dict)}
        for column, kind in wanted.items():
            f = declared.get(column)
            if f is None:
                need(f"field {column!r} ({kind}) in resource {name!r}")
            elif f.get("type", "string") != kind or f.get("x-separator"):
                shown = f.get("type", "string") + (" list" if f.get("x-separator") else "")
                need(f"field {column!r} of resource {name!r} to be a single {kind}, not {shown}")
            elif (name, column) in FILES and f.get("x-file") is not True:
                need(f"field {column!r} of resource {name!r} to name the article's file (\"x-file\": true)")
    return out
