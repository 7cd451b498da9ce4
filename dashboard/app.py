"""The dashboard: layout, URL sync, and the ``panel serve`` entry point.

``panel serve dashboard/app.py`` serves the bundled data (or the folder named
by ``$CLAIMS_DASHBOARD_DATA``); in a notebook, ``Dashboard()`` displays the
whole page inline and ``Dashboard().timeline`` (etc.) any single view.
"""

from __future__ import annotations

import contextlib
import logging
import os
from urllib.parse import urlencode

import panel as pn
import param

from dashboard import server_guard
from dashboard.cache import prepared
from dashboard.dataset import DataValidationError, Dataset
from dashboard.html import esc
from dashboard.notebook import NotebookOutput, prepare_notebook
from dashboard.query import prepare
from dashboard.snapshot import snapshot_html
from dashboard.state import QUERY_KEYS, FilterState
from dashboard.upstream import PageTemplate, faster_bokeh_models, faster_panel_updates, inline_small_buffers, mathjax_when_asked, \
    quiet_component_freeze
from dashboard.views.base import scrolling
from dashboard.views.casualties import CasualtyComparison
from dashboard.views.claims_table import ClaimsTable
from dashboard.views.downloads import Downloads
from dashboard.views.filters import Filters
from dashboard.views.keyboard import MatrixCells, TimelineMarks
from dashboard.views.matrix import ClaimMatrix
from dashboard.views.source_viewer import SourceViewer
from dashboard.views.text import Text
from dashboard.views.timeline import Timeline
from dashboard.views.tolls import TollsOverTime

__all__ = ["Dashboard", "create_app", "error_page", "page", "serve_page"]

log = logging.getLogger(__name__)


#: The page around the views (see dashboard/page.html): skip link, focus ring, narrow screens. In the
#: document only (``global_css``): the views' shadow roots carry their own (``views.text.TEXT_CSS``).
PAGE_CSS = """
.cd-skip { position: absolute; left: 8px; top: -60px; z-index: 2000; background: #fff; color: #0b4f8a; padding: 8px 14px;
           border: 2px solid #0b57d0; border-radius: 4px; font-weight: 600; }
.cd-skip:focus { top: 8px; }
:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
#main:focus { outline: none; }
#header { flex-wrap: nowrap; }
#sidebar-toggle { display: flex !important; align-items: center; gap: 6px; color: #fff; padding: 4px 8px; }
#sidebar-toggle:focus-visible { outline: 3px solid #fff; outline-offset: 1px; box-shadow: none; }
.cd-toggle-text { font-size: 15px; }
#header-items { min-width: 0; flex: 1 1 0; white-space: normal !important; }
@media (max-width: 900px) {
  #container { height: auto !important; min-height: 100vh; overflow: visible !important; }
  #content { flex-direction: column; flex-wrap: nowrap; overflow: visible !important; height: auto; }
  #content > #sidebar { width: 100% !important; max-width: none !important; height: auto; border-right: 0;
                        border-bottom: 1px solid var(--bs-border-color); }
  #main { max-height: none !important; overflow: visible; overflow-x: clip; padding: 6px 4px 12px 4px; }
  #header { position: sticky; top: 0; }
}
"""


# Once per process (and once per notebook): the page's styles; in a
# notebook, every script and stylesheet written into the output.
prepare_notebook()
pn.extension(global_css=[PAGE_CSS])
faster_bokeh_models()
mathjax_when_asked()
inline_small_buffers()  # an update goes out as 3 websocket messages, not some 60
faster_panel_updates()
quiet_component_freeze()  # a JSComponent's update asks its model for no missing property


LATER = "cd-later"  # the class of a deferred view's empty place (the load test looks for it)


def _section(view, *extra, basis: int | None = None, plot_width: int | None = None, later: list | None = None,
             **kwargs) -> pn.Column:
    """A view under its heading and note, in a card (then ``extra``, e.g. its keyboard list).

    ``basis``: the card's width (px) when it shares a row; it wraps under the other card when
    the row is narrower than both. ``plot_width``: the narrowest the view is drawn (its labels
    stay readable); on a narrower screen it scrolls sideways inside its card. ``later``: the card
    is built with its heading and an empty place for the view, and a function that puts the view
    there is appended to ``later``.
    """
    hint = '<p class="cd-narrow">Scroll the plot sideways to see all of it.</p>' if plot_width else ""
    head = Text(f'<div class="cd-section"><h2>{esc(view.title)}</h2><p>{esc(view.note)}</p>{hint}</div>',
                sizing_mode="stretch_width", margin=(0, 10))
    if plot_width and "plot_width" in view.param:
        view.plot_width = plot_width  # only its plot scrolls; its key and lists wrap to the screen
        plot_width = None
    shown = view
    if later is not None:  # an empty place of the view's first height, which the view then takes
        view = pn.Spacer(sizing_mode="stretch_width", margin=0, height=200, css_classes=[LATER])
    if plot_width:
        view = scrolling(view, plot_width)
    kwargs.setdefault("sizing_mode", "stretch_width")
    styles = {"background": "white", "border-radius": "6px", "border": "1px solid #e3e3e3", "min-width": "0"}
    if basis is not None:
        styles.update({"flex": f"1 1 {basis}px", "width": "auto"})
    card = pn.Column(head, view, *extra, styles=styles, margin=(6, 6), **kwargs)
    if later is not None:
        later.append(lambda: card.param.update(objects=[head, shown, *extra]))
    return card


def _side_by_side(*sections) -> pn.FlexBox:
    """Cards in one row that wrap to one under the other on a narrow screen."""
    return pn.FlexBox(*sections, flex_wrap="wrap", align_items="flex-start", sizing_mode="stretch_width")


class Dashboard(NotebookOutput, pn.viewable.Viewer):
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
        kw["cue"] = self.filters.cue  # one busy cue for every view that sends a change
        self.timeline = Timeline(**kw)
        self.matrix = ClaimMatrix(**kw)
        self.casualties = CasualtyComparison(**kw)
        self.tolls = TollsOverTime(**kw)
        self.table = ClaimsTable(**kw)
        self.source = SourceViewer(**kw)
        self.downloads = Downloads(snapshot=lambda **kwargs: snapshot_html(self, **kwargs),
                                   order=lambda: self.table.order, **kw)
        self.matrix_cells = MatrixCells(matrix=self.matrix, **kw)
        self.timeline_marks = TimelineMarks(timeline=self.timeline, **kw)

    @property
    def title(self) -> str:
        return self.prepared.title

    def _main(self, later: list | None = None) -> list:
        """The views' cards; with ``later``, the casualty comparison and the toll over time (half of
        the page's models, below the first screen) are left for the functions it is given."""
        return [
            _section(self.timeline, self.timeline_marks, plot_width=720, min_height=520),
            _side_by_side(_section(self.matrix, self.matrix_cells, basis=520, plot_width=480),
                          _section(self.casualties, basis=480, plot_width=480, later=later)),
            _section(self.tolls, plot_width=480, later=later),
            _side_by_side(_section(self.table, basis=560),
                          _section(self.source, basis=400, css_classes=["cd-source-section"])),
        ]

    def sidebar(self) -> list:
        return [self.filters, self.matrix.legend("Stances"),
                pn.pane.HTML("<b>Download</b>", margin=(10, 10, 0, 10)), self.downloads]

    def __panel__(self):
        return pn.Row(
            pn.Column(*self.sidebar(), width=260),
            pn.Column(*self._main(), sizing_mode="stretch_width"),
            sizing_mode="stretch_width",
        )

    def template(self, home: str | None = None) -> pn.template.BootstrapTemplate:
        """The full page for ``panel serve`` (no resource loaded from any other host).

        The template's own title goes into its header and a meta tag unescaped,
        so it stays empty: the header gets an escaped heading, and the browser
        tab the document title, which Panel escapes. ``home``, when given, is the
        address of the index of the events served beside this one, linked from the header.
        """
        if pn.state.curdoc is not None:
            pn.state.curdoc.title = self.title
        link = (f'<nav class="cd-home" aria-label="Events"><a href="{esc(home)}">All events</a></nav>'
                if home else "")
        heading = Text(f'{link}<h1 class="cd-title">{esc(self.title)}</h1>', sizing_mode="stretch_width")
        # The page is sent without the casualty comparison and the toll over time, which are
        # built once the browser has drawn it (at once where there is no browser to wait for)
        later: list = []
        page = PageTemplate(
            title="", header=[heading], sidebar=self.sidebar(), main=self._main(later), sidebar_width=260,
            header_background="#1f3b57", meta_viewport="width=device-width, initial-scale=1",
            # Panel's busy spinner is one server-wide state: every callback in any session
            # redraws the spinner of every open page, so a change cost grew with the sessions
            busy_indicator=None,
        )
        pn.state.onload(lambda: _fill(later))
        return page

    def servable(self, title: str | None = None, location: bool = True, area: str = "main", target=None):
        """This dashboard. Under a server (``panel serve notebooks/walkthrough.ipynb``) it also
        becomes the session's whole page, with the filters in its URL; in a notebook the cell
        shows it as usual."""
        doc = pn.state.curdoc
        if doc is not None and doc.session_context is not None and not _refused(doc):
            if location and pn.state.location is not None:
                # once the whole script (or notebook) has run: a link's filters outlast its cells' changes
                query = _request_query()
                pn.state.onload(lambda: self.sync_url(pn.state.location, query))
            _build_into(doc, self.template, title=title or self.title)
        return self

    def sync_url(self, location, query: str = "") -> None:
        """Restore the state from ``location``'s query string (or ``query`` when it has none),
        then keep the URL up to date."""
        self.state.apply_query(location.search or query)

        def push(*_):
            query = self.state.to_query()
            location.search = f"?{query}" if query else ""

        self.state.param.watch(push, list(QUERY_KEYS))
        push()


def _fill(later: list) -> None:
    """Run the functions that put the deferred views in their places, sent to the browser as one update."""
    doc = pn.state.curdoc
    with doc.models.freeze() if doc is not None else contextlib.nullcontext(), pn.io.unlocked():
        for put in later:
            put()


def create_app(data: Dataset | str | os.PathLike | None = None,
               home: str | None = None) -> pn.template.BootstrapTemplate:
    """One session's page: a fresh state over the process-wide cached data (``home``: see
    :meth:`Dashboard.template`)."""
    dash = Dashboard(data)
    if pn.state.location is not None:
        dash.sync_url(pn.state.location, _request_query())
    return dash.template(home)


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


def page(data: Dataset | str | os.PathLike | None = None, home: str | None = None):
    """One session's page, or a readable error page: a visitor never sees a traceback."""
    try:
        return create_app(data, home)
    except Exception as error:  # noqa: BLE001 - the browser gets a message, the log the traceback
        return error_page(error)


def serve_page(data: Dataset | str | os.PathLike | None = None, home: str | None = None) -> None:
    """Build this session's page (or error page) into the session's document; ``home`` is the
    address of the index of the events served beside it, if any.

    Bokeh recomputes a document's whole model graph after each root is added; building the
    page inside one ``models.freeze()`` does that once instead of once per template area,
    which halves the server's cost of opening a page.
    """
    _build_into(pn.state.curdoc, lambda: page(data, home))


def _build_into(doc, build, title: str | None = None) -> None:
    """``build()``'s page into the session's ``doc``, with its resources from this server."""
    server_guard.local_resources(doc)
    with doc.models.freeze():
        build().server_doc(doc, title=title)


def _refused(doc) -> bool:
    """Under ``panel serve``: give a request from a name the server does not answer to a refusal
    instead of the dashboard (True if so)."""
    reason = server_guard.session_refused(doc)
    if reason is not None:
        pn.pane.HTML(f"<h2>Refused</h2><p>{esc(reason)}. Name the host in BOKEH_ALLOW_WS_ORIGIN.</p>").server_doc(doc)
    return reason is not None


if __name__.startswith("bokeh_app"):  # panel serve dashboard/app.py: this module runs for every session
    if not _refused(pn.state.curdoc):
        serve_page(os.environ.get("CLAIMS_DASHBOARD_DATA") or None)
