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
    LiveHTML, PlainJSComponent, connection_headers, faster_bokeh_models, faster_panel_updates, inline_holoviews_output,
    inline_small_buffers, inline_stylesheets, link_panel_css_locally, mathjax_when_asked, release_root, tornado_application,
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


def test_an_update_carries_its_small_arrays_in_its_json_and_reads_back_the_same():
    """``inline_small_buffers``: a PATCH-DOC message writes an array of at most the limit into its JSON
    (no websocket frame of its own), a larger one still as a buffer, and Bokeh reads both back into
    the same values in another copy of the document (as BokehJS does)."""
    import importlib
    import json

    import numpy as np
    from bokeh.core.serialization import Serialized, Serializer
    from bokeh.document.events import DocumentPatchedEvent
    from bokeh.models import ColumnDataSource
    from bokeh.protocol import Protocol

    inline_small_buffers()
    inline_small_buffers()  # idempotent
    module = importlib.import_module("bokeh.protocol.messages.patch_doc")
    assert module.Serializer is not Serializer and issubclass(module.Serializer, Serializer)
    assert "deferred" in Serializer.__init__.__code__.co_varnames and hasattr(Serializer, "_encode_bytes")

    doc = Document()
    source = ColumnDataSource({"x": np.arange(3.0), "y": np.arange(3)})
    big = ColumnDataSource({"z": np.arange(3.0)})
    doc.add_root(source)
    doc.add_root(big)
    copy = Document.from_json(doc.to_json())
    small, large = np.linspace(0, 1, 100), np.arange(10_000, dtype="float64")  # 800 bytes, 80 KB
    doc.hold("combine")
    source.data.update({"x": small, "y": np.arange(100, dtype="int32")})  # columns replaced, as the views do
    big.data = {"z": large}
    events = [e for e in doc.callbacks._held_events if isinstance(e, DocumentPatchedEvent)]
    doc.callbacks._held_events = []
    doc.unhold()
    message = Protocol().create("PATCH-DOC", events)
    assert len(message.buffers) == 1 and message.buffers[0].data.nbytes == large.nbytes
    assert message.content_json.count('"type":"bytes","data":"') == 2  # the small columns, as text
    copy.apply_json_patch(Serialized(json.loads(message.content_json), message.buffers))
    copied = copy.get_model_by_id(source.id).data
    assert np.array_equal(copied["x"], small) and copied["x"].dtype == small.dtype
    assert np.array_equal(copied["y"], np.arange(100)) and copied["y"].dtype == np.int32
    assert np.array_equal(copy.get_model_by_id(big.id).data["z"], large)

    # models the update names: one of the document by its reference, a new one in full, as Bokeh's own
    from bokeh.models import CDSView, GroupFilter

    view = CDSView()
    doc.add_root(view)
    copy = Document.from_json(doc.to_json())
    doc.hold("combine")
    view.filter = GroupFilter(column_name="x", group="a")
    events = [e for e in doc.callbacks._held_events if isinstance(e, DocumentPatchedEvent)]
    doc.callbacks._held_events = []
    doc.unhold()
    new_model = view.filter
    assert new_model in doc.models._new_models
    ours = Protocol().create("PATCH-DOC", events)
    assert new_model not in doc.models._new_models  # flushed: later messages name it by reference
    assert '"group":"a"' in ours.content_json.replace(" ", "")  # sent in full, the view by reference
    doc.models._new_models.add(new_model)  # as it was before the message: sent in full again
    theirs = _bokehs_own_patch_doc(events)
    assert json.loads(ours.content_json) == json.loads(theirs.content_json)
    copy.apply_json_patch(Serialized(json.loads(ours.content_json), ours.buffers))
    assert copy.get_model_by_id(view.id).filter.group == "a"


def _bokehs_own_patch_doc(events):
    """The PATCH-DOC message Bokeh itself makes of ``events``: its own method with its own Serializer."""
    import importlib

    from bokeh.core.serialization import Serializer

    module = importlib.import_module("bokeh.protocol.messages.patch_doc")
    module.Serializer, current = Serializer, module.Serializer
    try:
        return module.patch_doc.create.__func__(module.patch_doc, events)
    finally:
        module.Serializer = current


def test_an_updates_text_columns_are_the_json_bokeh_itself_writes():
    """``inline_small_buffers``: a list of texts (a data source's text column) is sent as it is, and
    a list that also holds a number, NaN or a model is encoded item by item: the JSON is Bokeh's own."""
    import json

    import numpy as np
    from bokeh.document.events import DocumentPatchedEvent
    from bokeh.models import ColumnDataSource, FixedTicker, LinearAxis
    from bokeh.protocol import Protocol

    inline_small_buffers()
    doc = Document()
    source = ColumnDataSource({"who": ["a"], "mixed": [1.0]})
    axis = LinearAxis()
    doc.add_root(source)
    doc.add_root(axis)
    doc.hold("combine")
    source.data = {"who": np.array(["Мария «Ж»", 'say "no"', ""], dtype=object),
                   "mixed": np.array(["x", float("nan"), 2], dtype=object)}
    axis.ticker = FixedTicker(ticks=[1.0, 2.0])
    axis.major_label_overrides = {1.0: "one", 2.0: "two"}
    events = [e for e in doc.callbacks._held_events if isinstance(e, DocumentPatchedEvent)]
    doc.callbacks._held_events = []
    doc.unhold()
    ours = Protocol().create("PATCH-DOC", events)
    doc.models._new_models.add(axis.ticker)  # as before the message: sent in full again
    theirs = _bokehs_own_patch_doc(events)
    assert json.loads(ours.content_json) == json.loads(theirs.content_json)
    assert "Мария «Ж»" in json.dumps(json.loads(ours.content_json), ensure_ascii=False)


def test_a_components_changes_reach_its_model_as_panels_own_update_sends_them():
    """``faster_panel_updates``: Panel's ``Reactive._update_properties`` still uses the design's answer
    only for ``stylesheets``, and for every component of a served page and a change of each of its
    parameters, the update sent is Panel's own (stylesheets included, which still go to Panel's)."""
    import inspect

    import param as param_

    from dashboard.app import Dashboard

    faster_panel_updates()
    faster_panel_updates()  # idempotent
    from panel.reactive import Reactive

    original = Reactive._update_properties.__wrapped__
    source = inspect.getsource(original)
    assert "self._design.params(self, doc)" in source
    assert source.count("params") == 4 and "'stylesheets' in changes and 'stylesheets' in params" in source
    doc = Document()
    with doc.models.freeze():
        page = Dashboard().template()
        page.server_doc(doc)

    def plain(update):  # a stylesheet Panel makes anew for each update, by its address
        return {k: [("sheet", v.url) if isinstance(v, ImportedStyleSheet) else v for v in value]
                if isinstance(value, list) else value for k, value in update.items()}

    checked = 0
    for ref, (viewable, _root, vdoc, _comm) in list(pn.state._views.items()):
        if vdoc is not doc or not hasattr(viewable, "select"):
            continue
        for component in viewable.select(Reactive):
            for name in ("visible", "margin", "css_classes", "stylesheets"):
                if name not in component.param:
                    continue
                event = param_.parameterized.Event(what="value", name=name, obj=component, cls=type(component),
                                                   old=None, new=getattr(component, name), type="changed")
                ours, panels = (plain(f(component, event, doc=doc)) for f in (Reactive._update_properties, original))
                assert ours == panels, (type(component), name)
                checked += 1
    assert checked > 100


def test_a_components_update_reaches_its_model_without_asking_it_for_missing_properties():
    """``quiet_component_freeze``: a JSComponent's change reaches its model's data (as Panel sends it),
    and Panel's ``freeze_doc`` no longer makes Bokeh look for the closest property names of the model."""
    import panel.custom as custom
    import param
    from bokeh.core.has_props import HasProps

    from dashboard.upstream import PlainJSComponent, quiet_component_freeze

    quiet_component_freeze()
    quiet_component_freeze()  # idempotent
    assert custom.freeze_doc._known_properties_only

    class Shown(PlainJSComponent):
        text = param.String(default="")
        _esm = "export function render({ model, el }) { el.textContent = model.text }"

    shown = Shown()
    doc = Document()
    model = shown.get_root(doc)
    asked = []
    original = HasProps._raise_attribute_error_with_matches
    HasProps._raise_attribute_error_with_matches = lambda self, name, props: (asked.append(name), original(self, name, props))[1]
    try:
        with pn.io.unlocked():
            shown.text = "Мария «Ж»"
    finally:
        HasProps._raise_attribute_error_with_matches = original
    assert model.data.text == "Мария «Ж»" and asked == []
