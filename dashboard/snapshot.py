"""A self-contained HTML snapshot of the filtered dashboard, for attaching to a report.

The file opens in a browser with no server and asks nothing of any host:
BokehJS, Panel's scripts and every stylesheet are written into it. Python
callbacks cannot run in a static file, so it shows the views as they are
(hover tooltips still work; filtering, selecting and downloads need the live
dashboard), under a header stating the dataset, the filters and when it was taken.
"""

from __future__ import annotations

import io
import re
from datetime import datetime, timezone

import panel as pn
from bokeh.document import Document
from panel.io.model import add_to_doc
from panel.io.resources import set_resource_mode
from panel.io.save import save
from panel.io.state import set_curdoc
from pyviz_comms import Comm

from .html import esc, message_html
from .query import NO_TARGET, NO_TARGET_LABEL, Selection, claim_order, rows
from .state import FilterState
from .upstream import inline_stylesheets, release_root
from .views.text import Text

__all__ = ["snapshot_html", "write_snapshot"]

_CSS = """
.cd-snap-head { font-size: 13px; color: #222; line-height: 1.5; overflow-wrap: anywhere; }
.cd-snap-head h1 { font-size: 20px; margin: 4px 0; }
.cd-snap-head dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0; }
.cd-snap-head dt { font-weight: 600; }
.cd-snap-head dd { margin: 0; }
.cd-snap-table { border-collapse: collapse; font-size: 12.5px; width: 100%; }
.cd-snap-table th, .cd-snap-table td { border-bottom: 1px solid #e5e5e5; padding: 3px 6px; text-align: left;
                                       vertical-align: top; overflow-wrap: anywhere; }
.cd-snap-table thead th { border-bottom: 2px solid #bbb; }
"""


def _dashboard(dash):
    """A fresh dashboard like ``dash`` on a copy of its filters, so a live session is never touched."""
    state = dash.state
    copy = FilterState(state.prepared)
    copy.apply_query(state.to_query())
    copy.notices = list(state.notices)
    return type(dash)(state.prepared.dataset, state=copy)


def _filters(state: FilterState) -> list[tuple[str, str]]:
    """(label, value) for each filter that is set, as a reader would name it."""
    p = state.prepared
    names = {**p.actor_names, NO_TARGET: NO_TARGET_LABEL}
    rows = []
    for label, values, lookup in (("Claimant", state.actors, names), ("About", state.targets, names),
                                  ("Stance", state.stances, p.stance_labels), ("Outlet", state.sources, p.source_labels)):
        if values:
            rows.append((label, "; ".join(lookup.get(v, v) for v in values)))
    if state.start:
        rows.append(("From", state.start.isoformat()))
    if state.end:
        rows.append(("To", state.end.isoformat()))
    if state.search:
        rows.append(("Search", f"“{state.search}”"))
    return rows


def _header(state: FilterState, taken: datetime) -> str:
    p = state.prepared
    schema = p.dataset.schema
    shown, total = int(state.mask().sum()), len(p.claims)
    ds = p.dataset
    dataset = (" ".join(str(schema[k]) for k in ("name", "version") if schema.get(k)) or ds.path.name) + (
        f": {total} claims and {len(ds.figures)} figures from {len(ds.sources)} articles")
    rows = [("Dataset", dataset), ("Taken", f"{taken:%Y-%m-%d %H:%M:%S} UTC")]
    rows += _filters(state) or [("Filters", "none: every claim")]
    sel = Selection.parse(state.selected)
    if sel is not None:
        rows.append(("Selected", f"{sel.kind} {sel.id}"))
    query = state.to_query()
    if query:
        rows.append(("Link query", f"?{query}"))
    items = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows)
    return (f'<div class="cd-snap-head"><h1>{esc(p.title)}</h1>'
            f'<div class="cd-count"><b data-testid="claim-count">{shown}</b> of {total} claims match</div>'
            f"<dl>{items}</dl>"
            "<p>A snapshot of the dashboard as filtered above. Hover shows details; filtering, selecting and "
            "downloads need the live dashboard (open it with the link query above).</p></div>"
            + "".join(message_html(n, "warning") for n in state.notices))


def _colour(value) -> str:
    """A stance colour for a style attribute: a hex colour, or grey (CSS there could load a URL)."""
    return value if isinstance(value, str) and re.fullmatch(r"#[0-9a-fA-F]{3,8}", value) else "#999"


def _claims_table(state: FilterState) -> str:
    """Every filtered claim as an escaped HTML table (the live table pages through a server)."""
    claims = rows(state.prepared, "claims", claim_order(state.prepared, "date", state.mask()))  # as the table sorts
    if claims.empty:
        return message_html("No claim matches the filters.")
    head = "".join(f"<th>{h}</th>" for h in ("Claimant", "About", "Stance", "Said", "Outlet", "Quote", "Id"))
    body = "".join(
        f'<tr data-claim="{esc(r.claim_id)}"><td>{esc(r.actor)}</td><td>{esc(r.target)}</td>'
        f'<td style="border-left: 6px solid {_colour(r.colour)}">{esc(r.stance_label)}</td>'
        f"<td>{esc(r.said if r.date_basis == 'said' else f'not stated (reported {r.published:%-d %b %Y})')}</td>"
        f"<td>{esc(r.outlet)}</td>"
        f"<td>{esc(r.quote)}</td><td>{esc(r.claim_id)}</td></tr>"
        for r in claims.itertuples(index=False))
    return f'<table class="cd-snap-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _section(title: str, note: str, body, **kwargs) -> pn.Column:
    head = Text(f'<div class="cd-section"><h2>{esc(title)}</h2><p>{esc(note)}</p></div>',
                        sizing_mode="stretch_width", margin=(0, 10))
    return pn.Column(head, body, sizing_mode="stretch_width", margin=(6, 6),
                     styles={"background": "white", "border-radius": "6px", "border": "1px solid #e3e3e3"}, **kwargs)


def _layout(dash, taken: datetime) -> pn.Column:
    state = dash.state
    views = [
        pn.pane.HTML(_header(state, taken), sizing_mode="stretch_width", margin=(4, 10), stylesheets=[_CSS]),
        dash.matrix.legend(),
        _section(dash.timeline.title, dash.timeline.note, dash.timeline, min_height=520),
        _section(dash.matrix.title, dash.matrix.note, dash.matrix),
        pn.Row(_section(dash.casualties.title, dash.casualties.note, dash.casualties),
               _section(dash.tolls.title, dash.tolls.note, dash.tolls), sizing_mode="stretch_width"),
        _section(dash.table.title, "Every claim the filters select.",
                 pn.pane.HTML(_claims_table(state), sizing_mode="stretch_width", margin=(0, 10), stylesheets=[_CSS])),
    ]
    if Selection.parse(state.selected) is not None:
        views.append(_section(dash.source.title, dash.source.note, dash.source))
    return pn.Column(*views, sizing_mode="stretch_width", styles={"background": "#f6f7f9"})


def snapshot_html(dashboard, *, taken: datetime | None = None) -> str:
    """The filtered view of ``dashboard`` (a :class:`dashboard.app.Dashboard`) as one self-contained HTML page."""
    dash = _dashboard(dashboard)
    taken = (taken or datetime.now(timezone.utc)).astimezone(timezone.utc)
    layout = _layout(dash, taken)
    doc = Document()
    # Built as the current document: Panel caches stylesheets per current document and patches
    # their URLs for the document they are rendered into, so a snapshot built in a live session
    # would otherwise point that session's shared stylesheets at Panel's CDN.
    with set_curdoc(doc), set_resource_mode("inline"):
        root = layout.get_root(doc, Comm())
        add_to_doc(root, doc, True)
    try:
        for model in doc.roots:
            inline_stylesheets(model)
        out = io.StringIO()
        # Defining the icon variables drops the template's icon links to the CDN.
        save(doc, out, title=f"{dash.title} (snapshot {taken:%Y-%m-%d %H:%M} UTC)", resources="inline",
             template_variables={"apple_icon": "", "app_favicon": ""})
    finally:
        release_root(layout, root)
    return out.getvalue()


def write_snapshot(path, dashboard, **kwargs) -> None:
    """Write :func:`snapshot_html` of ``dashboard`` to ``path`` (UTF-8)."""
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(snapshot_html(dashboard, **kwargs))
