"""The private Panel and HoloViews APIs fenced in dashboard/upstream.py still behave as we rely on.

A failure here after an upgrade means: read the upstream issue named in the
function's docstring, and drop or adapt the work-around.
"""

from __future__ import annotations

import holoviews as hv
import pytest
import panel as pn
from bokeh.document import Document
from bokeh.models import ImportedStyleSheet

from dashboard.upstream import (
    LiveHTML, PlainJSComponent, connection_headers, faster_bokeh_models, inline_holoviews_output, inline_stylesheets,
    link_panel_css_locally, mathjax_when_asked, release_root, tornado_application,
)


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


def test_a_served_page_loads_mathjax_only_when_a_root_renders_math():
    """Panel's page adds Bokeh's 1.8 MB MathJax bundle for any HTML pane at its root; the dashboard's
    only when one of them renders math (``disable_math`` off)."""
    from bokeh.resources import Resources
    from panel.io import server

    mathjax_when_asked()
    mathjax_when_asked()  # idempotent: replaced once
    assert not getattr(server.bundle_resources.__wrapped__, "_asks_mathjax", False)

    def mathjax(bundle) -> bool:
        return any("mathjax" in str(f) for f in bundle.js_files)

    for disable in (True, False):
        doc = Document()
        pn.pane.HTML("<b>Claims</b>", disable_math=disable).server_doc(doc)
        pn.Column(pn.widgets.Button(label="b")).server_doc(doc)
        assert mathjax(server.bundle_resources(doc.roots, Resources(mode="server"))) is not disable
        # Panel's own still adds it in both cases: when it no longer does, drop the work-around
        assert mathjax(server.bundle_resources.__wrapped__(doc.roots, Resources(mode="server")))


def test_plain_js_components_are_sent_as_bundled_modules_the_browser_does_not_compile():
    """BokehJS compiles a component's module with Sucrase unless the model's ``bundle`` is set; the
    dashboard's components set it to a digest of their (plain JavaScript) module."""
    from panel.custom import JSComponent

    from dashboard.views.widgets import BusyCue, SearchBox

    class Panels(JSComponent):
        _esm = "export function render({ el }) { el.textContent = 'x' }"

    class Ours(PlainJSComponent):
        _esm = Panels._esm

    doc = Document()
    assert Panels().get_root(doc).bundle is None  # when Panel sets it itself, drop the work-around
    ours = [Ours().get_root(doc), Ours().get_root(doc)]
    assert ours[0].bundle == ours[1].bundle and ours[0].bundle.startswith("plain-")
    assert ours[0].esm == Panels().get_root(doc).esm  # the same module, as it is
    assert BusyCue().get_root(doc).bundle != SearchBox().get_root(doc).bundle
    assert issubclass(BusyCue, PlainJSComponent) and issubclass(SearchBox, PlainJSComponent)


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


def test_the_tornado_application_of_a_server_can_be_guarded():
    """tornadoweb/tornado#3495, bokeh/bokeh#14768: the guard routes in front of Bokeh's handlers."""
    from tornado.web import Application

    from dashboard import server_guard

    server = pn.serve(pn.pane.Markdown("x"), port=0, show=False, start=False, verbose=False)
    try:
        assert isinstance(tornado_application(server), Application)
        server_guard.install(server, server_guard.Allowlist(["127.0.0.1:1"]))
    finally:
        server.stop()


def test_a_session_request_proxy_keeps_the_connection_request():
    from bokeh.server.contexts import _RequestProxy

    class Request:
        headers = {"Host": "connection"}

    proxy = _RequestProxy(Request(), headers={"Host": "from the token"})
    assert proxy.headers == {"Host": "from the token"} and connection_headers(proxy) == {"Host": "connection"}


def test_panel_links_its_stylesheets_locally_for_a_document_whose_dist_url_says_so():
    from panel.io.resources import CDN_DIST
    from panel.io.state import set_curdoc

    def stylesheet_urls(doc):
        with set_curdoc(doc):
            model = pn.Column("a").get_root(doc)
        return [str(s.url) for s in model.stylesheets if hasattr(s, "url")]

    assert [u for u in stylesheet_urls(Document()) if u.startswith(CDN_DIST)], \
        "Panel no longer links its CDN by default: link_panel_css_locally may be unnecessary"
    doc = Document()
    link_panel_css_locally(doc)
    urls = stylesheet_urls(doc)
    assert urls and not [u for u in urls if u.startswith(CDN_DIST)], urls


def test_notebook_pushes_are_held_inside_the_block_and_sent_after():
    """``notebook_pushes_held`` relies on Panel's ``block_comm`` stopping ``diff`` (the private ``state._hold``)."""
    from bokeh.models import ColumnDataSource
    from panel.io.model import diff

    from dashboard.upstream import notebook_pushes_held

    doc = Document()
    source = ColumnDataSource({"x": [1]})
    doc.add_root(source)
    doc.hold("combine")
    with notebook_pushes_held():
        source.data = {"x": [1, 2]}
        with notebook_pushes_held():  # nested: still held after the inner block
            pass
        assert diff(doc) is None, "Panel's block_comm no longer holds notebook pushes"
    message = diff(doc)
    assert message is not None and "x" in message.content_json


def test_notebook_pushes_made_before_the_comm_opens_go_in_order_once_it_opens():
    """Panel retries each early push with its own message on its own timer, so they can cross."""
    import asyncio
    import inspect

    from bokeh.models import ColumnDataSource
    from panel.io import notebook

    from dashboard.upstream import notebook_pushes_in_order

    assert "call_later" in inspect.getsource(notebook.push) or getattr(notebook.push, "_in_order", False), \
        "Panel no longer retries early notebook pushes on a timer: notebook_pushes_in_order may be unnecessary"
    notebook_pushes_in_order()
    notebook_pushes_in_order()  # idempotent
    import panel.reactive

    assert panel.reactive.push is notebook.push and notebook.push._in_order

    class Comm:
        _comm = None

        def __init__(self):
            self.sent = []

        def send(self, data=None, metadata=None, buffers=()):
            self.sent.append(data)

    async def run():
        doc, comm = Document(), Comm()
        source = ColumnDataSource({"x": [1]})
        doc.add_root(source)
        doc.hold("combine")
        for rows in ([1, 2], [1, 2, 3]):  # two cells' updates while the output's comm is not open
            source.data = {"x": rows}
            notebook.push(doc, comm)
        await asyncio.sleep(0.25)
        assert comm.sent == []
        comm._comm = object()  # the browser opened it
        await asyncio.sleep(0.25)
        return comm.sent

    sent = asyncio.run(run())
    assert len(sent) == 3, sent  # one message: header, metadata, content
    assert "[1,2,3]" in sent[2].replace(" ", ""), sent[2]  # the latest data


def test_panels_notebook_comm_still_returns_the_kernels_own_changes():
    """``NotebookEchoGuard`` patches ``CommManager._document_changed`` of Panel's notebook comm."""
    import re
    from pathlib import Path

    source = (Path(pn.__file__).parent / "models" / "comm_manager.ts").read_text(encoding="utf-8")
    assert 'static override __module__ = "panel.models.comm_manager"' in source
    assert "export class CommManager extends Model" in source
    body = re.search(r"protected _document_changed\(event: DocumentChangedEvent\): void \{(.*?)\n  \}\n", source, re.S)
    assert body, "Panel's CommManager._document_changed changed: check NotebookEchoGuard"
    assert not re.search(r"\.sync\b", body.group(1)), "Panel now filters the kernel's own changes: drop NotebookEchoGuard"
    assert "(event) => this._document_changed(event)" in source  # looked up on the instance, so a prototype patch applies


def test_bokehs_questions_answered_once_per_class_give_bokehs_own_answers():
    """``faster_bokeh_models`` keeps Bokeh's answers per class: for every model of a built page, the same
    answers as Bokeh's own functions, which read only the class."""
    from bokeh.core.has_props import HasProps
    from bokeh.core.property.descriptors import PropertyDescriptor

    from dashboard.app import Dashboard

    faster_bokeh_models()
    faster_bokeh_models()  # idempotent: replaced once
    unstable = PropertyDescriptor.has_unstable_default.__wrapped__
    overridden = HasProps._overridden_defaults.__func__.__wrapped__
    assert not getattr(unstable, "_per_class", False)
    doc = Document()
    with doc.models.freeze():
        Dashboard().template().server_doc(doc)
    classes = {type(m) for m in doc.models}
    assert len(classes) > 40
    for model in doc.models:
        for name in model.properties(_with_props=True):
            descriptor = model.lookup(name)
            if isinstance(descriptor, PropertyDescriptor):  # not an alias, which asks the one it names
                assert descriptor.has_unstable_default(model) is unstable(descriptor, model), (type(model), name)
    themed = HasProps.themed_values.__wrapped__
    for model in doc.models:
        assert model.themed_values() is themed(model)
    from bokeh.models import Div

    div = Div(text="x")
    assert div.themed_values() is None is themed(div)
    div.apply_theme({"margin": (1, 2)})
    assert div.themed_values() == {"margin": (1, 2)} == themed(div) and div.margin == (1, 2)
    div.apply_theme({})
    assert div.themed_values() is None is themed(div) and div.margin != (1, 2)
    for cls in classes:
        assert dict(cls._overridden_defaults()) == overridden(cls)
        assert cls._overridden_defaults() is cls._overridden_defaults()  # one, read-only, per class
        with pytest.raises(TypeError):
            cls._overridden_defaults()["x"] = 1


def test_a_glyph_gets_the_look_bokehs_glyph_method_gives_it():
    """``plotting.glyph`` builds the glyph itself with ``glyph_visuals`` (Bokeh's rules for ``color``,
    ``alpha`` and unset colours): every property as ``fig.method`` sets it, one glyph for every look."""
    from bokeh.models import ColumnDataSource
    from bokeh.plotting import figure

    from dashboard.views.plotting import glyph

    calls = [("scatter", ("x", "y"), {"color": "#3d3d3d", "size": 27, "marker": "diamond"}),
             ("scatter", ("x", "y"), {"alpha": "a", "fill_color": "f", "line_width": 2}),
             ("quad", (), {"left": "x", "right": "x", "bottom": "y", "top": "y", "line_alpha": 0}),
             ("segment", ("x", "y", "x", "y"), {"line_color": "c", "line_dash": "dotted"}),
             ("text", ("x", "y", "t"), {"text_color": "c", "x_offset": -3}),
             ("vspan", ("x",), {"line_width": 1}), ("vstrip", ("x", "x"), {"fill_alpha": 0.12})]
    ours, theirs = figure(), figure()
    for method, args, kwargs in calls:
        data = ColumnDataSource({c: [] for c in "xyacft"})
        made = glyph(ours, method, *args, source=data, **kwargs)
        bokehs = getattr(theirs, method)(*args, source=data, **kwargs)
        assert made.glyph.properties_with_values() == bokehs.glyph.properties_with_values(), method
        assert made.selection_glyph is made.nonselection_glyph is made.glyph and made.muted_glyph is None
    views = {r.view for r in ours.renderers}
    assert len(views) == len(calls)  # one view per source
    shared = glyph(ours, "scatter", "x", "y", source=made.data_source)
    assert shared.view is made.view and len({r.view.filter for r in ours.renderers}) == 1
