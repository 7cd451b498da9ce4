"""The private Panel and HoloViews APIs fenced in dashboard/upstream.py still behave as we rely on.

A failure here after an upgrade means: read the upstream issue named in the
function's docstring, and drop or adapt the work-around.
"""

from __future__ import annotations

import holoviews as hv
import panel as pn
from bokeh.document import Document
from bokeh.models import ImportedStyleSheet

from dashboard.upstream import LiveHTML, inline_holoviews_output, inline_stylesheets, release_root


def test_holoviews_notebook_output_carries_its_stylesheets_when_inline():
    import holoviews.plotting.bokeh  # noqa: F401
    from holoviews.plotting import renderer

    inline_holoviews_output()
    assert renderer.render_mimebundle._inlines_stylesheets and renderer.render_model._inlines_stylesheets
    inline_holoviews_output()  # idempotent: wrapped once
    assert not getattr(renderer.render_mimebundle.__wrapped__, "_inlines_stylesheets", False)
    with pn.config.set(inline=True, comms="default"):
        data, _ = hv.renderer("bokeh").components(hv.Curve([1, 2, 3]))
    html = data["text/html"]
    assert "cdn.holoviz.org" not in html and "docs_json" in html


def test_panel_stylesheets_linked_on_its_cdn_can_be_inlined():
    layout = pn.Column(pn.pane.Markdown("x"), pn.widgets.Button(name="b"))
    doc = Document()
    root = layout.get_root(doc)
    linked = [s for m in root.references() for s in getattr(m, "stylesheets", [])
              if isinstance(s, ImportedStyleSheet)]
    assert linked, "Panel no longer links stylesheets: inline_stylesheets may be unnecessary"
    inline_stylesheets(root)
    assert not [s for m in root.references() for s in getattr(m, "stylesheets", [])
                if isinstance(s, ImportedStyleSheet)]
    release_root(layout, root)
    assert root.ref["id"] not in layout._models


def test_live_html_updates_only_its_text_inside_a_template():
    pane = LiveHTML("<b>3</b> of 5", sizing_mode="stretch_width")
    doc = Document()
    pn.template.BootstrapTemplate(main=[pane]).server_doc(doc)
    model = next(iter(pane._models.values()))[0]
    styles = list(model.stylesheets)
    pane.object = "<b>4</b> of 5"
    assert model.text == pn.pane.HTML("<b>4</b> of 5")._get_properties(doc)["text"]
    assert list(model.stylesheets) == styles  # no new stylesheet models, so no walk over the document


def test_the_page_template_replaces_panels_bootstrap_page_and_keeps_its_parts():
    """``PageTemplate`` sets the private ``BasicTemplate._template``; our page.html copies Panel's
    bootstrap.html, so both must still fill the same areas (roots tagged header, nav, main, modal)."""
    import re
    from pathlib import Path

    from panel.template.bootstrap import BootstrapTemplate

    from dashboard.upstream import PageTemplate

    panels = Path(BootstrapTemplate._template).read_text(encoding="utf-8")
    ours = PageTemplate._template.read_text(encoding="utf-8")
    tags = set(re.findall(r'"(\w+)" in root\.tags', panels))
    assert tags == {"header", "nav", "main", "modal"} == set(re.findall(r'"(\w+)" in root\.tags', ours))
    assert '<ul class="nav flex-column">' in panels, "Panel's sidebar may be a valid list now: drop page.html?"
    template = PageTemplate(title="", main=[pn.pane.HTML("m")], sidebar=[pn.pane.HTML("s")], header=[pn.pane.HTML("h")])
    doc = Document()
    template.server_doc(doc)
    from panel.io.resources import parse_template

    assert doc.template is parse_template(ours), "the page is not rendered with dashboard/page.html"
    assert 'class="cd-skip" href="#main"' in ours and '<main class="col' in ours and "<aside" in ours
