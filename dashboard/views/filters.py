"""Filter widgets: two-way bound to the session's FilterState."""

from __future__ import annotations

import panel as pn
import param

from ..html import choice_label, esc
from ..query import NO_TARGET, NO_TARGET_LABEL
from .base import LiveHTML, View


def _options(pairs) -> dict[str, str]:
    """MultiChoice options {label: id} from (id, text) pairs, sorted by text, labels escaped."""
    ordered = sorted(pairs, key=lambda kv: kv[1].casefold())
    return {choice_label(text): ident for ident, text in ordered}


class Filters(View):
    """Actor, target, stance, outlet, date range and text search, with a count and one reset."""

    title = param.String(default="Filters")

    note = param.String(default="")

    def __init__(self, **params):
        super().__init__(**params)
        p = self.prepared
        present = {"actors": set(p.index.actor.values), "targets": set(p.index.target.values)}
        targets = _options((t, p.actor_names[t]) for t in present["targets"] - {NO_TARGET})
        if NO_TARGET in present["targets"]:
            targets[choice_label(NO_TARGET_LABEL)] = NO_TARGET
        lo, hi = p.date_bounds
        self._widgets = {
            "actors": pn.widgets.MultiChoice(label="Claimant", options=_options((a, p.actor_names[a]) for a in present["actors"]),
                                             placeholder="Any claimant", sizing_mode="stretch_width"),
            "targets": pn.widgets.MultiChoice(label="About (target)", options=targets,
                                              placeholder="Any target", sizing_mode="stretch_width"),
            "stances": pn.widgets.MultiChoice(label="Stance", options=_options(p.stance_labels.items()),
                                              placeholder="Any stance", sizing_mode="stretch_width"),
            "sources": pn.widgets.MultiChoice(label="Outlet (article)", options=_options(p.source_labels.items()),
                                              placeholder="Any outlet", sizing_mode="stretch_width"),
            "start": pn.widgets.DatePicker(label="From", start=lo, end=hi, sizing_mode="stretch_width"),
            "end": pn.widgets.DatePicker(label="To", start=lo, end=hi, sizing_mode="stretch_width"),
            "search": pn.widgets.TextInput(label="Search quotes", placeholder="words, e.g. window",
                                           sizing_mode="stretch_width"),
        }
        self._reset = pn.widgets.Button(label="Reset all filters", color="primary", sizing_mode="stretch_width")
        self._reset.on_click(lambda _e: self._apply(self.state.reset))
        self._count = LiveHTML(sizing_mode="stretch_width", css_classes=["cd-count"])
        self._notices = LiveHTML(sizing_mode="stretch_width", visible=False)
        for name, widget in self._widgets.items():
            widget.param.watch(lambda e, n=name: self._to_state(n, e.new), "value")
        self.state.param.watch(self._from_state, list(self._widgets) + ["notices"])
        self._from_state()

    def _to_state(self, name, value):
        value = list(value) if isinstance(value, (list, tuple)) else value
        if name == "search":
            value = value or ""
        if getattr(self.state, name) != value:
            self._apply(setattr, self.state, name, value)

    @staticmethod
    def _apply(change, *args) -> None:
        # every view's updates from one change go to the browser as one message: Bokeh's cost
        # per message grows with the page's models
        with pn.io.unlocked():
            change(*args)

    def _from_state(self, *_):
        for name, widget in self._widgets.items():
            value = getattr(self.state, name)
            if name == "search":
                value = value or ""
            if widget.value != value:
                widget.value = value
        total = len(self.prepared.claims)
        shown = int(self.state.mask().sum())
        self._count.object = (f'<div class="cd-count"><b data-testid="claim-count">{shown}</b> of {total} claims match'
                              + ("" if self.state.is_filtered else " (no filter)") + "</div>")
        notices = self.state.notices
        self._notices.object = "".join(f'<div class="cd-message cd-warning" role="alert">{esc(n)}</div>' for n in notices)
        self._notices.visible = bool(notices)

    def __panel__(self):
        w = self._widgets
        return pn.Column(
            self._notices, self._count, w["actors"], w["targets"], w["stances"], w["sources"],
            pn.Row(w["start"], w["end"], sizing_mode="stretch_width"), w["search"], self._reset,
            sizing_mode="stretch_width",
        )
