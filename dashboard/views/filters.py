"""Filter widgets: two-way bound to the session's FilterState."""

from __future__ import annotations

import json
from datetime import date

import panel as pn
import param

from ..html import esc
from ..query import NO_TARGET, NO_TARGET_LABEL
from .base import View
from .text import LiveText
from .widgets import FOCUS_CSS, BusyCue, ChoiceFilter, DateFilter, SearchBox

_LISTS = ("actors", "targets", "stances", "sources")


def _options(pairs) -> list[list[str]]:
    """[id, text] options from (id, text) pairs, sorted by text (shown as text, never as markup)."""
    return [[ident, text] for ident, text in sorted(pairs, key=lambda kv: kv[1].casefold())]


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
            targets.append([NO_TARGET, NO_TARGET_LABEL])
        lo, hi = (d.isoformat() for d in p.date_bounds)
        # this page's busy cue: the inputs fire its event as they send a change (see BusyCue)
        if self.cue is None:  # the page's other views show it too (see Dashboard)
            self.cue = BusyCue(event=f"cd-busy-{self.name}", sizing_mode="stretch_width", margin=(0, 10))
        wide = {"sizing_mode": "stretch_width", "margin": (5, 10), "busy": self.cue.event}
        self._widgets = {
            "actors": ChoiceFilter(label="Claimant", placeholder="Any claimant",
                                   options=_options((a, p.actor_names[a]) for a in present["actors"]), **wide),
            "targets": ChoiceFilter(label="About (target)", placeholder="Any target", options=targets, **wide),
            "stances": ChoiceFilter(label="Stance", placeholder="Any stance",
                                    options=_options(p.stance_labels.items()), **wide),
            "sources": ChoiceFilter(label="Outlet (article)", placeholder="Any outlet",
                                    options=_options(p.source_labels.items()), **wide),
            "start": DateFilter(label="From", start=lo, end=hi, **wide),
            "end": DateFilter(label="To", start=lo, end=hi, **wide),
            "search": SearchBox(label="Search quotes", placeholder="words, e.g. window", **wide),
        }
        self._reset = pn.widgets.Button(label="Reset all filters", color="primary", stylesheets=[FOCUS_CSS],
                                        sizing_mode="stretch_width")
        self._reset.on_click(lambda _e: self.settle(self.state.reset))
        self._reset.js_on_click(code=f"document.dispatchEvent(new CustomEvent({json.dumps(self.cue.event)}))")
        self._count = LiveText(sizing_mode="stretch_width", css_classes=["cd-count"])
        self._notices = LiveText(sizing_mode="stretch_width", visible=False)
        for name, widget in self._widgets.items():
            widget.param.watch(lambda e, n=name: self._to_state(n, e.new), "value")
        self.state.param.watch(self._from_state, list(self._widgets) + ["notices"])
        self._from_state()

    @property
    def widgets(self) -> dict:
        """The filter inputs by FilterState parameter."""
        return dict(self._widgets)

    def _to_state(self, name, value):
        self.settle(self._take, name, value)

    def _take(self, name, value):
        if name in _LISTS:
            value = list(value)
        elif name in ("start", "end"):
            try:
                value = date.fromisoformat(value) if value else None
            except ValueError:
                return  # the browser sends only complete dates; anything else leaves the filter as it is
        else:
            value = value or ""
        if getattr(self.state, name) != value:
            self._apply(setattr, self.state, name, value)

    @staticmethod
    def _apply(change, *args) -> None:
        # every view's updates from one change go to the browser as one message: Bokeh's cost
        # per message grows with the page's models
        with pn.io.unlocked():
            change(*args)

    def _widget_value(self, name):
        """The state's ``name`` as its widget holds it."""
        value = getattr(self.state, name)
        if name in ("start", "end"):
            return value.isoformat() if value else ""
        if name == "search":
            return value or ""
        return list(value) if name in _LISTS else value

    def _from_state(self, *_):
        for name, widget in self._widgets.items():
            value = self._widget_value(name)
            if widget.value != value:
                widget.value = value  # (its own watcher sees the state's value: nothing to do)
        total = len(self.prepared.claims)
        shown = self.state.matching()
        self._count.object = (f'<div class="cd-count" role="status"><b data-testid="claim-count">{shown}</b> of '
                              f'{total} claims match' + ("" if self.state.is_filtered else " (no filter)") + "</div>")
        notices = self.state.notices
        self._notices.object = "".join(f'<div class="cd-message cd-warning" role="alert">{esc(n)}</div>' for n in notices)
        self._notices.visible = bool(notices)

    def __panel__(self):
        w = self._widgets
        return pn.Column(
            self._notices, self._count, self.cue, w["actors"], w["targets"], w["stances"], w["sources"],
            w["start"], w["end"], w["search"], self._reset,
            sizing_mode="stretch_width",
        )
