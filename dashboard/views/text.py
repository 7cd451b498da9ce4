"""The panes of text on the page, each carrying the page's text styles in its own shadow root.

Panel writes ``pn.extension(raw_css=...)`` into every component's shadow root (some 65 on the page:
columns, figures, inputs), though only the text panes lay out the ``cd-*`` markup of
:mod:`dashboard.html`. A :class:`Text` or :class:`LiveText` pane carries these styles itself, so the
browser builds them only where they apply, in a served page, a notebook and a snapshot alike.
"""

from __future__ import annotations

import panel as pn

from ..upstream import LiveHTML

__all__ = ["LiveText", "TEXT_CSS", "Text"]

#: The styles of the ``cd-*`` markup, a focus ring for the panes' links, and the count line's
#: own box (its class is on the pane's element, which its parent's styles no longer reach), and
#: the header's title on a narrow screen.
TEXT_CSS = """
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
.cd-title { color: white; font-size: 1.45rem; font-weight: 400; margin: 0; line-height: 1.3; white-space: normal; }
.cd-home { font-size: 13px; margin: 0 0 2px 0; }
.cd-home a { color: #dfe7ef; }
.cd-narrow { display: none; }
@media (max-width: 760px) { .cd-narrow { display: block; } }
.cd-section h2 { font-size: 16px; margin: 6px 0 2px 0; }
.cd-section p { font-size: 12.5px; color: #555; margin: 0 0 4px 0; }
.cd-figtable { border-collapse: collapse; font-size: 12.5px; width: 100%; margin-top: 6px; }
.cd-figtable th, .cd-figtable td { border-bottom: 1px solid #e5e5e5; padding: 3px 6px; text-align: left; vertical-align: top; }
.cd-figtable thead th { border-bottom: 2px solid #bbb; }
.cd-figtable tbody th { font-weight: 500; }
@media (max-width: 640px) {
  .cd-figtable { display: block; overflow-x: auto; }
  .cd-events ol { columns: 1; }
}
:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
:host(.cd-count) { font-size: 14px; margin: 2px 0 6px 0; }
@media (max-width: 900px) { .cd-title { font-size: 1.05rem; } }
"""


class Text(pn.pane.HTML):
    """An HTML pane with the page's text styles."""

    _stylesheets = [TEXT_CSS]


class LiveText(LiveHTML):
    """A :class:`~dashboard.upstream.LiveHTML` pane (its updates send the text alone) with the page's text styles."""

    _stylesheets = [TEXT_CSS]
