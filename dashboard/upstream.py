"""Every use of a private Panel, HoloViews, Bokeh or tornado API, fenced here, each with the upstream issue
it works around.

``tests/test_upstream.py`` fails when one of them changes, so an upgrade is
caught by the tests rather than by a user.
"""

from __future__ import annotations

import contextlib
import functools
from pathlib import Path

import panel as pn
from panel.custom import JSComponent
from bokeh.models import ImportedStyleSheet, InlineStyleSheet, UIElement

__all__ = ["LiveHTML", "NotebookEchoGuard", "PageTemplate", "PlainJSComponent", "connection_headers", "faster_bokeh_models", "quiet_component_freeze",
           "faster_panel_updates", "glyph_visuals", "inline_small_buffers", "inline_stylesheets", "inline_holoviews_output",
           "link_panel_css_locally", "mathjax_when_asked", "notebook_pushes_held", "notebook_pushes_in_order", "release_root",
           "server_session", "tornado_application"]


class LiveHTML(pn.pane.HTML):
    """An HTML pane for text that changes: an update sends the new text and nothing else.

    Inside a template, Panel's own pane also sends the template's stylesheets again with its
    first update (three new stylesheet models), which makes Bokeh walk the whole document:
    about a third of the server's time per filter change. Overrides the private
    ``HTML._update`` (to report upstream: the HTML pane resends template stylesheets).
    """

    def _update(self, ref, model) -> None:
        model.update(**self._process_param_change({"object": self.object}))


def inline_stylesheets(model) -> None:
    """Write the Panel stylesheets ``model`` links on Panel's CDN into it, each sheet once.

    Uses ``panel.io.notebook.replace_inline_css``, which reads the copies installed with
    Panel. Raises when a sheet cannot be inlined (a page would then ask another host).
    """
    shared: dict[str, InlineStyleSheet] = {}

    def inline(sheet):
        if isinstance(sheet, ImportedStyleSheet):
            from panel.io.notebook import replace_inline_css

            sheet = replace_inline_css(sheet)
            if isinstance(sheet, ImportedStyleSheet):
                raise RuntimeError(f"stylesheet {sheet.url} could not be inlined")
        if isinstance(sheet, InlineStyleSheet):
            return shared.setdefault(sheet.css, sheet)
        return sheet

    # In a document, each change would make Bokeh walk every model again (seconds for a page).
    frozen = model.document.models.freeze() if model.document is not None else contextlib.nullcontext()
    with frozen:
        for element in model.select({"type": UIElement}):
            sheets = [inline(sheet) for sheet in element.stylesheets]
            if sheets != list(element.stylesheets):
                element.stylesheets = sheets


def inline_holoviews_output() -> None:
    """Make HoloViews' notebook output honour Panel's inline mode for stylesheets too.

    A HoloViews object displayed in Jupyter is rendered by HoloViews' renderer, which
    hands the model to ``panel.io.notebook.render_mimebundle`` without inlining the
    stylesheets Panel's own display inlines; offline the output then asks
    cdn.holoviz.org for them (holoviz/panel#4077, holoviz/panel#7776). Wraps the
    renderer's imported ``render_mimebundle`` and ``render_model`` once.
    """
    from holoviews.plotting import renderer

    for name in ("render_mimebundle", "render_model"):
        original = getattr(renderer, name)
        if getattr(original, "_inlines_stylesheets", False):
            continue

        @functools.wraps(original)
        def wrapped(model, *args, _original=original, **kwargs):
            if pn.config.inline:
                inline_stylesheets(model)
            return _original(model, *args, **kwargs)

        wrapped._inlines_stylesheets = True
        setattr(renderer, name, wrapped)


def release_root(layout, root) -> None:
    """Release what Panel keeps for a root rendered outside a session (as a closed session would):
    the private ``Viewable._cleanup`` and ``state._views`` registry."""
    layout._cleanup(root)
    pn.state._views.pop(root.ref["id"], None)


def tornado_application(server):
    """The tornado ``Application`` of a Bokeh (or Panel) server, to route requests in front of
    Bokeh's: the private ``BaseServer._tornado``, for which Bokeh has no public accessor. Used by
    :func:`dashboard.server_guard.install` because tornado 6.6 lets some cross-origin websockets
    past Bokeh's origin check (tornadoweb/tornado#3495; Bokeh's earlier advisory: bokeh/bokeh#14768)."""
    from tornado.web import Application

    app = getattr(server, "_tornado", None)
    if not isinstance(app, Application):
        raise TypeError(f"no tornado application found on {server!r}: Bokeh's server changed")
    return app


def connection_headers(request):
    """The headers of the connection behind a Bokeh session's ``request`` proxy (its private
    ``_request``), or None. The proxy's own ``headers`` come from the session token, which a
    client writes itself when sessions are not signed."""
    return getattr(getattr(request, "_request", None), "headers", None)


def link_panel_css_locally(doc) -> None:
    """Make Panel link its stylesheets from this server, not its CDN, for the served ``doc``.

    Panel's components name their stylesheets on cdn.holoviz.org and rewrite the links for a
    document whose ``dist_url`` template variable (read as the private ``_template_variables``)
    says where the server has them; Panel sets it only when it renders the page itself. A session
    rebuilt by another worker from its websocket (``--num-procs``, a proxy without sticky
    sessions) has none, so its page asked the CDN for every stylesheet (to report upstream:
    sessions created from a websocket request get CDN stylesheet links).
    """
    from panel.io.resources import LOCAL_DIST

    rel = pn.state.rel_path
    doc.template_variables.setdefault("dist_url", f"{rel}/{LOCAL_DIST}" if rel else LOCAL_DIST)


class PageTemplate(pn.template.BootstrapTemplate):
    """Panel's Bootstrap template with landmarks and a skip link (``dashboard/page.html``).

    Panel's own puts the sidebar's panes in a ``<ul>`` as ``<div>``s and has no ``<main>``
    (axe-core: "list", "landmark-one-main", "region"); a template file replaces it through the
    private ``BasicTemplate._template`` (to report upstream: the Bootstrap template's sidebar
    is not a valid list and the page has no main landmark).
    """

    _template = Path(__file__).parent / "page.html"


@contextlib.contextmanager
def notebook_pushes_held():
    """Hold every notebook push Panel would make inside the block (nesting-safe).

    In a notebook Panel sends a message as soon as any of its objects changes, carrying every
    Bokeh change made so far: a view whose note changed halfway through redrawing its plots
    sent its update in several pieces, the first ones half done. Held, the caller pushes the
    whole update at once. ``panel.io.notebook.block_comm`` holds them through the private
    ``state._hold`` that ``panel.io.model.diff`` reads (to report upstream: a notebook push in
    the middle of a callback sends partial updates).
    """
    from panel.io.notebook import block_comm
    from panel.io.state import state

    if state._hold:
        yield
        return
    with block_comm():
        yield



class PlainJSComponent(JSComponent):
    """A ``JSComponent`` whose module is plain JavaScript, which the browser runs as it is.

    BokehJS compiles each ``JSComponent`` model's module with Sucrase (a TypeScript pass) in the
    browser, once per instance, before it looks in its cache of modules: about 6 ms of the page's
    main thread for each of the page's 13 components. It skips that only for a bundled module (the
    model's ``bundle`` property set, which Panel sets only for a component with a ``.bundle.js``
    file) and then caches the module by that key. The modules here are plain JavaScript (no types,
    no JSX), so ``bundle`` is set to a digest of the module instead (to report upstream: an
    ``_esm`` is compiled again for every instance).
    """

    def _get_properties(self, doc) -> dict:
        props = super()._get_properties(doc)
        if props.get("bundle") is None and isinstance(props.get("esm"), str):
            import hashlib

            props["bundle"] = "plain-" + hashlib.sha256(props["esm"].encode("utf-8")).hexdigest()[:24]
        return props


class NotebookEchoGuard(PlainJSComponent):
    """Stops Panel's notebook comm from sending the kernel's own changes back to the kernel.

    Bokeh's websocket client sends the server only the changes made in the browser (events with
    ``sync`` set); the changes it applies from the server are marked ``sync: false`` and stay.
    Panel's notebook ``CommManager._document_changed`` (panel/models/comm_manager.ts) keeps
    them all, so every kernel update came straight back: after Restart & Run All the browser
    replayed earlier cells' filters into the kernel once the last cell had run, and a large
    update doubled the traffic (to report upstream: the notebook CommManager does not filter
    ``event.sync``). Rendered anywhere in a notebook page, this invisible component patches the
    page's CommManager class, once, so that it forwards only the browser's own changes.
    """

    _esm = r"""
    export function render({ el }) {
      el.style.display = "none"
      const registry = window.Bokeh?.Models
      const CommManager = registry?.get?.("panel.models.comm_manager.CommManager")
      const proto = CommManager?.prototype
      if (!proto || proto._cd_sync_only || typeof proto._document_changed !== "function") return
      const forward = proto._document_changed
      proto._document_changed = function (event) {
        if (Array.isArray(event.events)) {  // a batch: forward its browser-made events only
          if (event.sync === false) return
          for (const e of event.events) if (e.sync !== false) forward.call(this, e)
        } else if (event.sync !== false) {
          forward.call(this, event)
        }
      }
      proto._cd_sync_only = true
    }
    """

    def __init__(self, **params):
        params.setdefault("width", 0)
        params.setdefault("height", 0)
        params.setdefault("margin", 0)
        params.setdefault("sizing_mode", "fixed")
        super().__init__(**params)


def notebook_pushes_in_order() -> None:
    """Make Panel's notebook pushes made before an output's comm opens arrive in order.

    Until the browser has drawn an output and opened its comm, ``panel.io.notebook.push``
    computes each update's message at once and retries sending it every 0.1 s on its own
    timer, so two updates queued that way can arrive in either order. After Restart & Run
    All, two cells that set the filters one after the other left the output showing the
    first cell's filters while the kernel held the second's (to report upstream: pushes
    retried before the comm opens are sent out of order). Here an update is left held on
    its document until the comm is open, then everything held goes in one message. Replaces
    ``push`` in every Panel module that imported it by name.
    """
    import sys

    from panel.io import notebook
    from tornado.ioloop import IOLoop

    original = notebook.push
    if getattr(original, "_in_order", False):
        return

    def push(doc, comm, binary=True, msg=None):
        if msg is None and not comm._comm:
            if not getattr(comm, "_held_until_open", False):
                comm._held_until_open = True

                def retry():
                    comm._held_until_open = False
                    push(doc, comm, binary)

                IOLoop.current().call_later(0.1, retry)
            return
        original(doc, comm, binary, msg)

    push._in_order = True
    for name, module in list(sys.modules.items()):
        if (name == "panel" or name.startswith("panel.")) and getattr(module, "push", None) is original:
            module.push = push


def server_session(doc):
    """The Bokeh ``ServerSession`` of a served document (None outside a server, or once it is gone).

    Through ``BokehServerContext.application_context`` and ``ApplicationContext.get_session``,
    Bokeh's "Dev API" with no public accessor (bokeh/bokeh#8577: a session can expire before its
    page's websocket connects); :mod:`dashboard.session_life` holds it from expiring.
    """
    context = doc.session_context
    server = getattr(context, "server_context", None)
    application = getattr(server, "application_context", None)
    if application is None:
        return None
    try:
        return application.get_session(context.id)
    except Exception:  # noqa: BLE001 - bokeh raises ProtocolError for a session it no longer has
        return None


def glyph_visuals(glyph_class, kwargs: dict) -> dict:
    """The visual properties (``line_color``, ``fill_alpha``…) Bokeh's glyph methods (``fig.scatter``…)
    give a glyph of ``glyph_class`` for ``kwargs``, taken out of ``kwargs``: their rules for ``color``,
    ``alpha`` and unset colours, through the private ``bokeh.plotting._renderer.pop_visuals``. A
    glyph method also builds an unselected and a muted copy of every glyph, which a page that
    never dims or mutes does not use (bokeh/bokeh#14705 avoids other unused models there)."""
    from bokeh.plotting._renderer import pop_visuals

    return pop_visuals(glyph_class, kwargs)


def mathjax_when_asked() -> None:
    """Send Bokeh's MathJax bundle with a served page only when one of its roots renders math.

    Panel's ``bundle_resources`` adds the bundle (1.8 MB of script, more than Bokeh itself, which
    the browser fetches, compiles and runs before it draws anything) whenever a root of the page
    is an HTML pane, though an HTML pane renders no math unless its ``disable_math`` is off (it is
    on by default; no pane here turns it off, and text from the data is never read as TeX).
    Replaces the ``bundle_resources`` that ``panel.io.server`` renders a page's HTML with: Bokeh's
    own test (math text, TeX in labels) and ``pn.extension("mathjax")`` still add the bundle, and
    so does an HTML root whose ``disable_math`` is off (to report upstream: Panel loads MathJax for
    any HTML pane, even with ``disable_math``).
    """
    from bokeh.embed.bundle import _use_mathjax
    from panel.io import server
    from panel.models.markup import HTML

    original = server.bundle_resources
    if getattr(original, "_asks_mathjax", False):
        return

    @functools.wraps(original)
    def bundle_resources(roots, resources, notebook=False, reloading=False, enable_mathjax="auto"):
        if enable_mathjax == "auto" and roots:
            enable_mathjax = ("mathjax" in pn.extension._loaded_extensions or _use_mathjax(roots)
                              or any(isinstance(root, HTML) and not root.disable_math for root in roots))
        return original(roots, resources, notebook, reloading, enable_mathjax)

    bundle_resources._asks_mathjax = True
    server.bundle_resources = bundle_resources


def faster_bokeh_models() -> None:
    """Answer two of Bokeh's questions about a model class once per class instead of once per model,
    and a third without raising an exception.

    ``HasProps.__init__`` asks each property of every new model whether its default is
    "unstable" (a new object for each model), and reading a property not set asks the class for
    every default its bases override, a new dict merged over the class's whole MRO each time.
    Both answers depend only on the class and the property (class attributes Bokeh sets when
    it defines the class), yet together they were about a seventh of the server's CPU to build
    a page. That read also asks the model for its theme's values, ``getattr(model,
    "__themed_values__", None)``: on a model without a theme, two failed lookups, each raising an
    AttributeError, through ``HasProps.__getattr__`` (a tenth more). (To report upstream:
    ``PropertyDescriptor.has_unstable_default`` and ``HasProps._overridden_defaults`` are
    recomputed per instance and per read, and ``HasProps.themed_values`` raises when there is no
    theme.) Replaces the three, once per process: the first two keep each answer per class (the
    overrides read-only), the third reads the attribute from the model's ``__dict__``, where
    ``HasProps.apply_theme`` sets it. Upstream: bokeh/bokeh#13174 (the property system's cost when
    models are made) and bokeh/bokeh#14411 (a performance mode); ``tests/test_upstream.py``
    fails when Bokeh's own answers differ from these.
    """
    from types import MappingProxyType

    from bokeh.core.has_props import HasProps
    from bokeh.core.property.descriptors import PropertyDescriptor

    unstable = PropertyDescriptor.has_unstable_default
    if getattr(unstable, "_per_class", False):
        return
    overridden = HasProps._overridden_defaults.__func__

    @functools.cache
    def unstable_for(descriptor, cls) -> bool:
        return unstable(descriptor, cls)  # reads only the class's __overridden_defaults__

    @functools.cache
    def overridden_for(cls):
        return MappingProxyType(overridden(cls))

    def has_unstable_default(self, obj) -> bool:
        return unstable_for(self, type(obj))

    def _overridden_defaults(cls):
        return overridden_for(cls)

    def themed_values(self):
        return self.__dict__.get("__themed_values__")

    has_unstable_default._per_class = True
    has_unstable_default.__wrapped__ = unstable
    _overridden_defaults.__wrapped__ = overridden
    themed_values.__wrapped__ = HasProps.themed_values
    PropertyDescriptor.has_unstable_default = has_unstable_default
    HasProps._overridden_defaults = classmethod(_overridden_defaults)
    HasProps.themed_values = themed_values


#: A PATCH-DOC message carries a byte payload of at most this many bytes inside its JSON (gzip, base64):
#: about where compressing it costs as much CPU as the two websocket messages it saves.
INLINE_BUFFER_BYTES = 4 * 1024


def inline_small_buffers(limit: int = INLINE_BUFFER_BYTES) -> None:
    """Send the small arrays of a PATCH-DOC message inside its JSON instead of as frames of their own.

    Bokeh's server sends every NumPy array of an update (a column of a data source) as two more
    websocket messages of its own, a header and the bytes; a filter change of this page updates
    20 to 90 such columns of about a hundred bytes each, so its one update went out as some 60
    websocket messages, each a write to the socket with its own future, and writing them was about a
    tenth of the server's CPU per change under load (issue 16). Here an array of at most ``limit``
    bytes is written into the message's JSON, gzipped and in base64: the form Bokeh uses for documents
    without a server (``Buffer.to_base64``), which Bokeh and BokehJS read in either (at gzip's fastest
    level here: about 5 µs for a small column); larger ones still go as binary frames. Replaces the
    ``Serializer`` that ``bokeh.protocol.messages.patch_doc`` makes its messages with (a module
    name, not a public hook) by a subclass that overrides the private ``Serializer._encode_bytes``;
    only PATCH-DOC messages change, not the document a page pulls. The subclass also makes a
    model's reference (``Ref``) when the message first names the model, not for every model of the
    document before each message (``Serializer.__init__``), the same JSON. (To report upstream: an option
    for how small an array Bokeh sends as frames of its own; they date from bokeh/bokeh#6906, the
    binary array transport, which has no such threshold.) ``tests/test_upstream.py`` fails when either changes.
    """
    import base64
    import gzip
    import importlib

    from bokeh.core.serialization import Serializer

    patch_doc = importlib.import_module("bokeh.protocol.messages.patch_doc")  # the module, not its class

    current = patch_doc.Serializer
    if getattr(current, "_inlines_small_bytes", False):
        current._inline_limit = limit
        return
    if current is not Serializer:
        raise TypeError(f"bokeh.protocol.messages.patch_doc.Serializer is {current!r}: Bokeh changed")

    class SmallBytesInline(Serializer):
        _inlines_small_bytes = True
        _inline_limit = limit

        # Bokeh makes a reference for every model of the document before each message (some 270 here,
        # a tenth of the message's cost); an update names a few dozen, so each is made when first named.
        def __init__(self, *, references=frozenset(), deferred: bool = True, check_circular: bool = False):
            super().__init__(deferred=deferred, check_circular=check_circular)
            self._synced = {id(obj): obj for obj in references}

        def has_ref(self, obj) -> bool:
            return id(obj) in self._references or id(obj) in self._synced

        def add_ref(self, obj, ref) -> None:
            assert id(obj) not in self._synced
            super().add_ref(obj, ref)

        def get_ref(self, obj):
            ident = id(obj)
            ref = self._references.get(ident)
            if ref is None and ident in self._synced:
                ref = self._references[ident] = self._synced[ident].ref
            return ref

        # A list of texts (a text column of a data source, as NumPy gives an object array's values)
        # is encoded item by item, each through the whole of ``encode``; a text encodes as itself
        # (and is never a model's reference), so such a list is sent as it is: the same JSON.
        def _encode_list(self, obj):
            if all(type(item) is str for item in obj):
                return list(obj)
            return super()._encode_list(obj)

        def _encode_bytes(self, obj):
            if self._deferred and memoryview(obj).nbytes <= self._inline_limit:
                packed = gzip.compress(obj, compresslevel=1, mtime=0)
                return {"type": "bytes", "data": base64.b64encode(packed).decode("ascii")}
            return super()._encode_bytes(obj)

    patch_doc.Serializer = SmallBytesInline


def faster_panel_updates() -> None:
    """Send a Panel component's changed parameters to its model without asking its design first.

    For every parameter change of every component, Panel's ``Reactive._update_properties`` asks
    the component's design (the template's, here Bootstrap) for its modifiers, resolving them over
    the class's MRO and the theme's stylesheets, and then uses them only when the change is to
    ``stylesheets``. A filter change sets some 20 parameters (the count, the table's rows and
    page, the buttons, the busy cue, the inputs), and those questions were about a twentieth of
    the server's CPU per change under load (issue 16). Here a change without ``stylesheets`` goes
    straight to what Panel does with it after the design's answer (``Syncable._update_properties``);
    a change of ``stylesheets`` goes to Panel's own. (To report upstream, no issue found:
    ``Reactive._update_properties`` computes the design's modifiers for every change.) ``tests/test_upstream.py`` fails when Panel's method changes.
    """
    from panel.reactive import Reactive, Syncable

    original = Reactive._update_properties
    if getattr(original, "_design_for_stylesheets_only", False):
        return
    plain = Syncable._update_properties

    def _update_properties(self, *events, doc):
        if any(event.name == "stylesheets" for event in events):
            return original(self, *events, doc=doc)
        return plain(self, *events, doc=doc)

    _update_properties._design_for_stylesheets_only = True
    _update_properties.__wrapped__ = original
    Reactive._update_properties = _update_properties


class _KnownProperties:
    """A Bokeh model as ``freeze_doc`` reads it: a name the model has no property of is None, with no
    ``AttributeError`` (Bokeh's finds the closest names with ``difflib`` first, some 90 µs)."""

    __slots__ = ("_model", "_names")

    def __init__(self, model):
        self._model, self._names = model, model.properties()

    def __getattr__(self, name):
        return getattr(self._model, name) if name in self._names else None


def quiet_component_freeze() -> None:
    """Let Panel's ``freeze_doc`` ask a ``JSComponent``'s model for its old values without an error each.

    When a ``JSComponent`` parameter changes, ``panel.custom`` calls ``freeze_doc(doc, model, msg)``,
    which reads ``getattr(model, key, None)`` for every changed name; the component's parameters are
    properties of ``model.data``, not of ``model``, so each read raised Bokeh's ``AttributeError``,
    which first looks for the closest property names with ``difflib`` (about 90 µs; four a filter change
    here: the claims table's rows, the busy cue's). ``freeze_doc`` now gets the model behind a
    view whose missing names are None: what ``getattr(model, key, None)`` gave, without the error.
    (To report upstream: ``freeze_doc`` could read ``model.properties()`` first.) ``tests/test_upstream.py``
    fails when ``freeze_doc`` reads the model otherwise.
    """
    import inspect

    import panel.custom as custom
    from panel.io import document

    current = custom.freeze_doc
    if getattr(current, "_known_properties_only", False):
        return
    if current is not document.freeze_doc or "getattr(model, key, None)" not in inspect.getsource(current):
        raise TypeError("panel.custom.freeze_doc is not Panel's own freeze_doc: Panel changed")

    def freeze_doc(doc, model, properties, force=False):
        return current(doc, _KnownProperties(model), properties, force=force)

    freeze_doc._known_properties_only = True
    freeze_doc.__wrapped__ = current
    custom.freeze_doc = freeze_doc
