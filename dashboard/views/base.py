"""What every view shares: the state it reads and writes, and failing gently."""

from __future__ import annotations

import functools
import json
import logging

import panel as pn
import param

from .. import memo
from ..html import message_html
from ..notebook import NotebookOutput
from ..state import FilterState
from .plotting import changing
from .text import LiveText, Text
from .widgets import BusyCue

log = logging.getLogger(__name__)


class View(NotebookOutput, pn.viewable.Viewer):
    """A view built from one session's :class:`FilterState`."""

    state = param.ClassSelector(class_=FilterState, doc="The session's shared filter state.")

    title = param.String(default="", doc="Heading shown above the view.")

    note = param.String(default="", doc="One line on how to read and use the view.")

    cue = param.ClassSelector(class_=BusyCue, default=None, allow_None=True, doc=(
        "The page's busy cue, shown from the moment the view sends a change until the views show it "
        "(none: no cue)."))

    def __init__(self, **params):
        super().__init__(**params)
        self._notice: LiveText | None = None
        self._failed: set[str] = set()
        self._empty_text = ""  # why there is nothing to draw, when there is nothing
        self._info_text = ""  # what the view leaves out or sums up, when it does

    @property
    def notice(self) -> LiveText:
        """What the view says it leaves out, or why it is empty or failed (hidden when nothing).
        Made when first asked for: most views show their own messages and never display it."""
        if self._notice is None:
            self._notice = LiveText("", visible=False, sizing_mode="stretch_width")
        return self._notice

    @property
    def prepared(self):
        return self.state.prepared

    #: Frames kept per view class, of the most recent keys (see :meth:`_shared`).
    _shared_frames = 32

    def _shared(self, key, compute, kind: str = "frame"):
        """``compute()``, a frame and a pure function of ``key`` (the values it depends on), made
        once per process for equal keys and shared by every session, which never change it: users
        who reset, or choose the same claimant, get the frame already made. The server forgets
        them when its last session closes (:func:`dashboard.memo.forget_shared`)."""
        return memo.recent(self.prepared, f"{memo.SHARED}{kind}:{type(self).__name__}", key, compute,
                           size=self._shared_frames)

    @staticmethod
    def apply(change, *args, **kwargs) -> None:
        """``change(*args, **kwargs)``, a change a click asked for, its updates sent to the browser
        at once, as one message (a locked document would send them later, after the busy cue's
        answer to the click: see :class:`BusyCue`)."""
        with pn.io.unlocked():
            change(*args, **kwargs)

    def settle(self, change, *args) -> None:
        """``change(*args)``, a change the page asked for (sent as one update), then clear the busy
        cue's wait for it (see :class:`BusyCue`)."""
        if self.cue is not None:
            self.cue.settle(change, *args)
        else:
            with pn.io.unlocked():
                change(*args)

    def cue_on(self, fig, event, final: bool = False) -> None:
        """Show the busy cue, in the browser and at once, on each ``event`` of the figure (a Bokeh
        UI event; ``final``: only its last, for a drag), until the server has handled what the
        event sent (see :class:`BusyCue`)."""
        if self.cue is None:
            return
        from bokeh.events import DoubleTap, Tap
        from bokeh.models import CustomJS

        fire = f"document.dispatchEvent(new CustomEvent({json.dumps(self.cue.event)}, {{detail: {{settle: true}}}}))"
        callback = CustomJS(code=f"if (cb_obj.final) {fire}" if final else fire)
        fig.js_on_event(event, callback)
        if event is Tap:  # a tap within 300 ms of the last is a DoubleTap to BokehJS, and still selects
            fig.js_on_event(DoubleTap, callback)

    def attempt(self, part: str, compute, fallback):
        """``compute()``, or ``fallback()`` if it raises: the error is logged and the view says so.

        Plot callbacks use it so that a failure still returns an element of the
        right type (a DynamicMap needs one) and the rest of the page keeps working.
        """
        try:
            result = compute()
        except Exception:  # noqa: BLE001 - any failure must stay inside this view
            log.exception("%s: %s failed", type(self).__name__, part)
            self._failed.add(part)
            result = fallback()
        else:
            self._failed.discard(part)
        self._show_notice()
        return result

    def set_empty(self, text: str) -> None:
        """Say why the view has nothing to draw ("" when it has)."""
        self._empty_text = text
        self._show_notice()

    def set_info(self, text: str) -> None:
        """Say what the view leaves out or sums up ("" when it shows everything)."""
        self._info_text = text
        self._show_notice()

    def set_notice(self, empty: str, info: str) -> None:
        """:meth:`set_empty` and :meth:`set_info` at once: the notice is set once, not once for each."""
        self._empty_text, self._info_text = empty, info
        self._show_notice()

    def _show_notice(self) -> None:
        if self._failed:
            text = "Part of this view could not be drawn for the current selection. Try another filter or reset."
            shown = (message_html(text, "warning"), True)
        elif self._empty_text or self._info_text:
            shown = (message_html(self._empty_text or self._info_text), True)
        elif self._notice is not None:
            shown = (self._notice.object, False)
        else:
            return
        notice = self.notice
        # only what differs is set: each setting of a pane's parameter runs its watchers, equal or not
        if notice.object != shown[0]:
            notice.object = shown[0]
        if notice.visible != shown[1]:
            notice.visible = shown[1]


class Drawing:
    """One display's Bokeh models of a view: every display of a view gets its own.

    A Bokeh model belongs to one document, so a view displayed twice (in a notebook,
    or in the page and in a snapshot) draws into two drawings; the view keeps each and
    updates each (a session's views, and so its drawings, end with the session).
    ``pane`` holds the figure.
    """

    pane: pn.pane.Bokeh | None = None

    @property
    def panes(self) -> list:
        """The Bokeh panes to push to a notebook after a change."""
        return [self.pane] if self.pane is not None else []


def scrolling(viewable, min_width: int) -> pn.Column:
    """``viewable`` drawn at least ``min_width`` px wide; on a narrower screen it scrolls sideways.

    A figure gets the width itself (Panel does not pass a Bokeh pane's ``min_width`` on to it);
    anything else is put in a column that has it."""
    if isinstance(viewable, pn.pane.Bokeh) and viewable.object is not None:
        viewable.object.min_width = min_width
    else:
        viewable = pn.Column(viewable, min_width=min_width, sizing_mode="stretch_width", margin=0)
    return pn.Column(viewable, sizing_mode="stretch_width", margin=0,
                     styles={"overflow-x": "auto", "min-width": "0", "max-width": "100%"})


class DrawnView(View):
    """A view whose plots are Bokeh models fed by a frame (see :mod:`dashboard.frames`).

    Subclasses define :meth:`frame` (a pure function of the state), :meth:`_new_drawing`
    and :meth:`_draw`. A change of what :attr:`watches` names computes the frame once and
    redraws every live drawing; a view that is not displayed computes nothing.
    """

    #: The state parameters the frame depends on.
    watches: tuple[str, ...] = ()

    plot_width = param.Integer(default=None, allow_None=True, bounds=(1, None), doc=(
        "The narrowest the plot is drawn (px), its labels readable; on a narrower screen the plot "
        "scrolls sideways on its own."))

    #: How the view's column is laid out: as wide as its place, however wide its plot is drawn
    #: (Panel gives a column the widest of its parts' minimum widths).
    _column = {"sizing_mode": "stretch_width", "styles": {"min-width": "0", "max-width": "100%"}}

    def _plot(self):
        """A new drawing's plot, scrolling sideways below ``plot_width``."""
        pane = self.drawing().pane
        return scrolling(pane, self.plot_width) if self.plot_width else pane

    def __init__(self, **params):
        super().__init__(**params)
        self._drawings: list[Drawing] = []
        self._current = None  # the frame the drawings show
        if self.watches:
            self.state.param.watch(self._redraw, list(self.watches))

    def frame(self):
        """What the view shows for the current state."""
        raise NotImplementedError

    def _empty_frame(self):
        """What to draw when :meth:`frame` fails."""
        raise NotImplementedError

    def _new_drawing(self) -> Drawing:
        raise NotImplementedError

    def _draw(self, drawing: Drawing, frame) -> None:
        raise NotImplementedError

    def _describe(self, frame) -> None:
        """Set the notice from ``frame`` (what is empty or left out)."""

    #: The function of :mod:`dashboard.elements` that draws this view's frame with HoloViews.
    _element = None

    #: This view's own parameters its frame depends on (limits).
    _limits: tuple[str, ...] = ()

    def element(self, dynamic: bool = False, **kwargs):
        """This view for the current filters as a HoloViews object (see :mod:`dashboard.elements`).

        With ``dynamic=True``, a ``DynamicMap`` that redraws when the filters change.
        ``kwargs`` go to the element function (e.g. ``axis="slots"`` for the timeline).
        """
        import holoviews as hv

        draw = type(self)._element
        if not dynamic:
            return draw(self.frame(), **kwargs)
        streams = [hv.streams.Params(self.state, list(self.watches))]
        if self._limits:
            streams.append(hv.streams.Params(self, list(self._limits)))
        return hv.DynamicMap(lambda **_: draw(self.frame(), **kwargs), streams=streams)

    def drawing(self) -> Drawing:
        """A new drawing of the current frame (one per display)."""
        drawing = self._new_drawing()
        if self._current is None:
            self._current = self._compute()
        with changing():
            self._draw(drawing, self._current)
        self._drawings.append(drawing)
        return drawing

    def _compute(self):
        frame = self.attempt("frame", self.frame, self._empty_frame)
        self._describe(frame)
        return frame

    def _redraw(self, *_):
        drawings = list(self._drawings)
        if not drawings:
            self._current = None  # computed when next displayed
            return
        with changing(*(pane for d in drawings for pane in d.panes)):
            drawn, self._current = self._current, self._compute()  # its notice goes out with the plots
            if self._current is drawn:
                return  # a shared frame, unchanged: what the filters it depends on give
            for drawing in drawings:
                self._draw(drawing, self._current)


class ArticleFiguresView(DrawnView):
    """A view of the printed figures of the chosen articles (the casualty comparison, the toll over
    time): redrawn when the outlets, the article limit or a figure's selection change, not when a
    claim is selected elsewhere. Subclasses name their frame function as ``_frame_function``."""

    max_articles = param.Integer(default=30, bounds=(1, None),
                                 doc="Articles whose figures are drawn at most (the latest with figures).")

    _limits = ("max_articles",)

    watches = ("sources", "selected")

    #: ``(prepared, sources, selected=, max_articles=)`` -> the view's frame.
    _frame_function = None

    def __init__(self, **params):
        super().__init__(**params)
        from ..query import figure_rows

        casualty = set(figure_rows(self.prepared).metric)
        #: Metrics that may get a plot: every casualty metric any article prints.
        self.metrics = [m for m in self.prepared.metric_labels if m in casualty]
        self._key = None
        self.param.watch(self._redraw, ["max_articles"])

    def frame(self):
        key = self._frame_key()
        sources, selected, limit = key
        return self._shared(key, lambda: type(self)._frame_function(self.prepared, sources, selected=selected,
                                                                    max_articles=limit))

    def _empty_frame(self):
        return type(self)._frame_function(self.prepared, ("\0none",), max_articles=self.max_articles)

    def _on_select(self, src, index) -> None:
        """A click on a mark of ``src``: its figure is selected (its sentence shown)."""
        if len(index) == 1 and index[0] < len(src.data["figure_id"]):
            self.state.selected = f"figure:{src.data['figure_id'][index[0]]}"

    def _frame_key(self) -> tuple:
        selected = self.state.selected
        return tuple(self.state.sources), selected if selected.startswith("figure:") else "", self.max_articles

    def _redraw(self, *_):
        if self._current is not None and self._frame_key() == self._key:
            return  # a claim selected elsewhere changes nothing here
        super()._redraw()

    def _compute(self):
        self._key = self._frame_key()
        return super()._compute()

    def _drawn(self, frame, build, kind: str = "drawn"):
        """``build()``, what a drawing of ``frame`` puts in its plot's sources (or, by another ``kind``,
        what the view writes of it): made once per process for the frame shared under the current key,
        and shared by every session's drawings (which never change it), so that an outlet change or a
        reset does not lay the plot out again per session. A frame not shared (a fallback) is built for itself."""
        held = self._shared(self._key, lambda: (frame, build()), kind=kind)
        return held[1] if held[0] is frame else build()


def short(name: str, limit: int = 26) -> str:
    """``name`` cut to ``limit`` characters with an ellipsis (hover shows it whole)."""
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def friendly(render):
    """Decorate a view callback so an exception becomes a message, not a traceback.

    The rest of the page keeps working; the error is logged on the server.
    """

    @functools.wraps(render)
    def wrapper(*args, **kwargs):
        try:
            return render(*args, **kwargs)
        except Exception:  # noqa: BLE001 - any failure must stay inside this view
            log.exception("view %s failed", render.__qualname__)
            return Text(message_html("This view could not be drawn for the current selection. "
                                     "Try another filter or reset."), sizing_mode="stretch_width")

    return wrapper
