"""What every view shares: the state it reads and writes, and failing gently."""

from __future__ import annotations

import functools
import logging

import panel as pn
import param

from ..html import message_html
from ..state import FilterState

log = logging.getLogger(__name__)


class LiveHTML(pn.pane.HTML):
    """An HTML pane for text that changes: an update sends the new text and nothing else.

    Inside a template, Panel's own pane also sends the template's stylesheets again with its
    first update (three new stylesheet models), which makes Bokeh walk the whole document:
    about a third of the server's time per filter change.
    """

    def _update(self, ref, model) -> None:
        model.update(**self._process_param_change({"object": self.object}))


class View(pn.viewable.Viewer):
    """A view built from one session's :class:`FilterState`."""

    state = param.ClassSelector(class_=FilterState, doc="The session's shared filter state.")

    title = param.String(default="", doc="Heading shown above the view.")

    note = param.String(default="", doc="One line on how to read and use the view.")

    def __init__(self, **params):
        super().__init__(**params)
        self.notice = LiveHTML("", visible=False, sizing_mode="stretch_width")
        self._failed: set[str] = set()
        self._empty_text = ""  # why there is nothing to draw, when there is nothing
        self._info_text = ""  # what the view leaves out or sums up, when it does

    @property
    def prepared(self):
        return self.state.prepared

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

    def _show_notice(self) -> None:
        if self._failed:
            text = "Part of this view could not be drawn for the current selection. Try another filter or reset."
            self.notice.object, self.notice.visible = message_html(text, "warning"), True
        elif self._empty_text or self._info_text:
            self.notice.object, self.notice.visible = message_html(self._empty_text or self._info_text), True
        else:
            self.notice.visible = False


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
            return pn.pane.HTML(message_html("This view could not be drawn for the current selection. "
                                             "Try another filter or reset."), sizing_mode="stretch_width")

    return wrapper
