"""The index page of a server that serves several data folders (``claims-dashboard serve --data A
--data B``, ``serve --bundled-all``): each event with its title, description, dates and counts,
and a link to its dashboard at its own path.

The page is plain HTML from ``templates/index.html`` (Jinja2, every value escaped), with its style
inline and a Content-Security-Policy that allows nothing from any host, not even this one's
scripts: it loads nothing but itself. It is read anew at every request from the folders' prepared
data (:func:`dashboard.cache.prepared`, shared with the dashboards), so a merge shows in its counts
from the next load on, as in the dashboards; a folder that no longer validates is listed as such.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .dataset import DataValidationError
from .html import TEMPLATES

__all__ = ["CSP", "EventSummary", "index_handler", "index_html", "routes", "summarise"]

#: What the index page may load: nothing (its style is inline; the favicon is a data: URL).
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; " \
      "frame-ancestors 'none'"

#: Paths the server itself answers (Bokeh's and Panel's own routes, the login pages): no event takes one.
RESERVED = frozenset({"static", "login", "logout", "ws", "autoload.js", "metadata", "favicon.ico", "liveness",
                      "components", "panel_dist", "rest"})


def _slug(name: str) -> str:
    """A path segment for an event: lower case letters, digits and hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", str(name).lower()).strip("-")


def routes(named: Iterable[tuple[Path, str]]) -> dict[str, Path]:
    """The URL path of each folder (``/<its datapackage name>``), given (folder, name) pairs, in order.

    A name that slugs to nothing, or to a path of the server's own, is taken as ``event`` or
    ``<name>-event``; a second folder of the same name gets ``-2``, ``-3``... The same folder
    given twice is a ``ValueError``.
    """
    out: dict[str, Path] = {}
    seen: dict[Path, str] = {}
    for folder, name in named:
        key = Path(folder).resolve()
        if key in seen:
            raise ValueError(f"{folder} is given twice (it is already served at {seen[key]})")
        slug = _slug(name) or "event"
        if slug in RESERVED:
            slug += "-event"
        route, n = f"/{slug}", 1
        while route in out:
            n += 1
            route = f"/{slug}-{n}"
        out[route] = Path(folder)
        seen[key] = route
    return out


@dataclass(frozen=True)
class EventSummary:
    """What the index says of one event."""

    route: str
    title: str
    description: str = ""
    articles: int = 0
    claims: int = 0
    statements: int = 0
    figures: int = 0
    events: int = 0
    languages: tuple[str, ...] = ()
    #: (first, last) publication date of its articles, and of its dated events; None when none
    published: tuple[dt.date, dt.date] | None = None
    happened: tuple[dt.date, dt.date] | None = None
    #: why the folder cannot be shown now (it no longer validates), else empty
    problem: str = ""


def _span(column) -> tuple[dt.date, dt.date] | None:
    dates = pd.to_datetime(pd.Series(column), errors="coerce").dropna()
    return (dates.min().date(), dates.max().date()) if len(dates) else None


def _count(tables: Mapping, name: str) -> int:
    return len(tables[name]) if name in tables else 0


def summarise(route: str, folder: Path) -> EventSummary:
    """The index entry of ``folder``, from its prepared data (validated again if it changed)."""
    from .cache import prepared

    try:
        ds = prepared(folder).dataset
    except DataValidationError as e:
        n = len(e.problems) + e.omitted
        return EventSummary(route, title=str(folder.name),
                            problem=f"This folder no longer validates ({n:,} problem{'s' if n != 1 else ''}): "
                                    f"see 'claims-dashboard validate'.")
    t = ds.tables
    sources = t.get("sources")
    languages = ()
    if sources is not None and "language" in sources:
        languages = tuple(sorted({str(v) for v in sources["language"].dropna()}))
    return EventSummary(
        route, title=str(ds.schema.get("title") or ds.schema.get("name") or folder.name),
        description=str(ds.schema.get("description") or ""),
        articles=_count(t, "sources"), claims=_count(t, "claims"), statements=_count(t, "statements"),
        figures=_count(t, "figures"), events=_count(t, "events"), languages=languages,
        published=_span(sources["published"]) if sources is not None and "published" in sources else None,
        happened=_span(t["events"]["date"]) if "events" in t and "date" in t["events"] else None)


def _day(d: dt.date) -> str:
    return f"{d.day} {d:%B %Y}"


def _dates(span: tuple[dt.date, dt.date] | None) -> str:
    if span is None:
        return ""
    first, last = span
    return _day(first) if first == last else f"{_day(first)} to {_day(last)}"


def _environment():
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["dates"] = _dates
    env.filters["number"] = lambda n: f"{n:,}"
    return env


def index_html(events: list[EventSummary], title: str = "Claims dashboard") -> str:
    """The index page listing ``events``; every text from the data is escaped by the template."""
    return _environment().get_template("index.html").render(title=title, events=events)


def index_handler(served: Mapping[str, Path], title: str = "Claims dashboard"):
    """A tornado route ``(pattern, handler)`` for ``/``: the index of the ``served`` folders.

    A login (``--basic-auth``) applies to it as to the dashboards (Bokeh's ``AuthRequestHandler``);
    the server guard (:mod:`dashboard.server_guard`) refuses a foreign Host or Origin before it.
    """
    from bokeh.server.views.auth_request_handler import AuthRequestHandler
    from tornado.web import authenticated

    served = dict(served)

    class IndexHandler(AuthRequestHandler):
        @authenticated
        def get(self, *args, **kwargs):
            page = index_html([summarise(route, folder) for route, folder in served.items()], title)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Content-Security-Policy", CSP)
            self.set_header("X-Content-Type-Options", "nosniff")
            self.set_header("Referrer-Policy", "no-referrer")
            self.set_header("Cache-Control", "no-store")
            self.finish(page)

    return (r"/?", IndexHandler)
