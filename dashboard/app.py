"""The dashboard: layout, URL sync, and the ``panel serve`` entry point.

``panel serve dashboard/app.py`` serves the bundled data (or the folder named
by ``$CLAIMS_DASHBOARD_DATA``); in a notebook, ``Dashboard()`` displays the
whole page inline and ``Dashboard().timeline`` (etc.) any single view.
"""

from __future__ import annotations

import logging
import os
from urllib.parse import urlencode

import panel as pn
import param

from dashboard.cache import prepared
from dashboard.dataset import DataValidationError, Dataset
from dashboard.html import esc
from dashboard.notebook import use_inline_resources
from dashboard.query import prepare
from dashboard.snapshot import snapshot_html
from dashboard.state import QUERY_KEYS, FilterState
from dashboard.views.casualties import CasualtyComparison
from dashboard.views.claims_table import ClaimsTable
from dashboard.views.downloads import Downloads
from dashboard.views.filters import Filters
from dashboard.views.matrix import ClaimMatrix
from dashboard.views.source_viewer import SourceViewer
from dashboard.views.timeline import Timeline
from dashboard.views.tolls import TollsOverTime

__all__ = ["Dashboard", "create_app", "error_page", "page", "serve_page"]

log = logging.getLogger(__name__)

CSS = """
.cd-message { padding: 8px 10px; border-radius: 4px; background: #eef4fb; border: 1px solid #b6d0ea; margin: 4px 0; font-size: 13px; }
.cd-warning { background: #fff4e0; border-color: #f0c070; }
.cd-count { font-size: 14px; margin: 2px 0 6px 0; }
.cd-legend { display: flex; flex-wrap: wrap; gap: 6px 14px; font-size: 13px; }
.cd-swatch i { display: inline-block; width: 12px; height: 12px; margin-right: 5px; vertical-align: -1px; border-radius: 2px; }
.cd-key { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12px; color: #333; }
.cd-headline { font-size: 17px; font-weight: 600; }
.cd-meta { font-size: 12.5px; color: #444; }
.cd-dim { color: #666; font-size: 12.5px; }
.cd-basis { text-decoration: underline dotted; cursor: help; }
.cd-claim { margin: 6px 0; font-size: 13.5px; line-height: 1.45; overflow-wrap: anywhere; }
.cd-report, .cd-figtable td, .cd-events li, .cd-message { overflow-wrap: anywhere; }
.cd-stance { border-left: 6px solid; padding-left: 4px; margin-left: 4px; }
.cd-subhead { font-weight: 600; margin-top: 8px; font-size: 13.5px; }
.cd-report .cd-quote { font-size: 13px; margin-top: 4px; }
.cd-events ol { columns: 2; font-size: 12.5px; margin: 4px 0; }
.cd-title { color: white; font-size: 1.45rem; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.cd-section h2 { font-size: 16px; margin: 6px 0 2px 0; }
.cd-section p { font-size: 12.5px; color: #555; margin: 0 0 4px 0; }
.cd-figtable { border-collapse: collapse; font-size: 12.5px; width: 100%; margin-top: 6px; }
.cd-figtable th, .cd-figtable td { border-bottom: 1px solid #e5e5e5; padding: 3px 6px; text-align: left; vertical-align: top; }
.cd-figtable thead th { border-bottom: 2px solid #bbb; }
.cd-figtable tbody th { font-weight: 500; }
"""


# Once per process (and once per notebook): the Tabulator bundle and the page's styles; in a
# notebook, every script and stylesheet written into the output.
use_inline_resources()
pn.extension("tabulator", raw_css=[CSS])


def _section(view, **kwargs) -> pn.Column:
    """A view under its heading and note, in a card."""
    head = pn.pane.HTML(f'<div class="cd-section"><h2>{esc(view.title)}</h2><p>{esc(view.note)}</p></div>',
                        sizing_mode="stretch_width", margin=(0, 10))
    kwargs.setdefault("sizing_mode", "stretch_width")
    return pn.Column(head, view,
                     styles={"background": "white", "border-radius": "6px", "border": "1px solid #e3e3e3"},
                     margin=(6, 6), **kwargs)


class Dashboard(pn.viewable.Viewer):
    """All linked views over one dataset, sharing one :class:`FilterState`.

    >>> Dashboard()                  # the bundled data, whole page
    >>> Dashboard("path/to/data").matrix   # one view
    """

    state = param.ClassSelector(class_=FilterState, doc="This page's filters (one per session).")

    def __init__(self, data: Dataset | str | os.PathLike | None = None, **params):
        self.prepared = prepare(data) if isinstance(data, Dataset) else prepared(data)
        params.setdefault("state", FilterState(self.prepared))
        super().__init__(**params)
        kw = {"state": self.state}
        self.filters = Filters(**kw)
        self.timeline = Timeline(**kw)
        self.matrix = ClaimMatrix(**kw)
        self.casualties = CasualtyComparison(**kw)
        self.tolls = TollsOverTime(**kw)
        self.table = ClaimsTable(**kw)
        self.source = SourceViewer(**kw)
        self.downloads = Downloads(snapshot=lambda **kwargs: snapshot_html(self, **kwargs), **kw)

    @property
    def title(self) -> str:
        return self.prepared.title

    def _main(self) -> list:
        return [
            _section(self.timeline, min_height=520),
            _section(self.matrix),
            pn.Row(_section(self.casualties), _section(self.tolls), sizing_mode="stretch_width"),
            pn.Row(_section(self.table), _section(self.source, min_width=480, max_width=480),
                   sizing_mode="stretch_width"),
        ]

    def sidebar(self) -> list:
        return [self.filters, pn.pane.HTML("<b>Stances</b>", margin=(10, 10, 0, 10)), self.matrix.legend(),
                pn.pane.HTML("<b>Download</b>", margin=(10, 10, 0, 10)), self.downloads]

    def __panel__(self):
        return pn.Row(
            pn.Column(*self.sidebar(), width=260),
            pn.Column(*self._main(), sizing_mode="stretch_width"),
            sizing_mode="stretch_width",
        )

    def template(self) -> pn.template.BootstrapTemplate:
        """The full page for ``panel serve`` (no resource loaded from any other host).

        The template's own title goes into its header and a meta tag unescaped,
        so it stays empty: the header gets an escaped heading, and the browser
        tab the document title, which Panel escapes.
        """
        if pn.state.curdoc is not None:
            pn.state.curdoc.title = self.title
        heading = pn.pane.HTML(f'<div class="cd-title">{esc(self.title)}</div>', sizing_mode="stretch_width")
        return pn.template.BootstrapTemplate(
            title="", header=[heading], sidebar=self.sidebar(), main=self._main(), sidebar_width=260,
            header_background="#1f3b57",
            # Panel's busy spinner is one server-wide state: every callback in any session
            # redraws the spinner of every open page, so a change cost grew with the sessions
            busy_indicator=None,
        )

    def sync_url(self, location, query: str = "") -> None:
        """Restore the state from ``location``'s query string (or ``query`` when it has none),
        then keep the URL up to date."""
        self.state.apply_query(location.search or query)

        def push(*_):
            query = self.state.to_query()
            location.search = f"?{query}" if query else ""

        self.state.param.watch(push, list(QUERY_KEYS))
        push()


def create_app(data: Dataset | str | os.PathLike | None = None) -> pn.template.BootstrapTemplate:
    """One session's page: a fresh state over the process-wide cached data."""
    dash = Dashboard(data)
    if pn.state.location is not None:
        dash.sync_url(pn.state.location, _request_query())
    return dash.template()


def _request_query() -> str:
    """The query string of the request that opened this session.

    Usually the same as the location's. It differs when another server process
    built the page (``--num-procs``, or a proxy without sticky sessions): the
    session is then rebuilt from its websocket request, whose URL has no query,
    and the page's arguments come with the session token instead.
    """
    context = pn.state.curdoc.session_context if pn.state.curdoc is not None else None
    request = getattr(context, "request", None)
    arguments = getattr(request, "arguments", None) or {}
    return urlencode([(key, value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value))
                      for key, values in arguments.items() for value in values])


def error_page(error: Exception) -> pn.Column:
    """What the browser shows instead of a traceback when the page cannot be built."""
    if isinstance(error, DataValidationError):
        items = "".join(f"<li><code>{esc(p)}</code></li>" for p in error.problems)
        body = (f"<h2>The data folder does not validate</h2><p>{esc(error.path)}: "
                f"{len(error.problems)} problem(s). Run <code>claims-dashboard validate</code> and fix them.</p>"
                f"<ul>{items}</ul>")
    else:
        log.exception("dashboard could not be built")
        body = "<h2>The dashboard could not be built</h2><p>The server log has the details.</p>"
    return pn.Column(pn.pane.HTML(body, sizing_mode="stretch_width"), sizing_mode="stretch_width")


def page(data: Dataset | str | os.PathLike | None = None):
    """One session's page, or a readable error page: a visitor never sees a traceback."""
    try:
        return create_app(data)
    except Exception as error:  # noqa: BLE001 - the browser gets a message, the log the traceback
        return error_page(error)


def serve_page(data: Dataset | str | os.PathLike | None = None) -> None:
    """Build this session's page (or error page) into the session's document.

    Bokeh recomputes a document's whole model graph after each root is added; building the
    page inside one ``models.freeze()`` does that once instead of once per template area,
    which halves the server's cost of opening a page.
    """
    doc = pn.state.curdoc
    with doc.models.freeze():
        page(data).server_doc(doc)


if __name__.startswith("bokeh_app"):
    serve_page(os.environ.get("CLAIMS_DASHBOARD_DATA") or None)
