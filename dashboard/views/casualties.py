"""Casualty figures across outlets, each drawn as the interval its qualifier implies."""

from __future__ import annotations

import logging
import math
import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
import pandas as pd
import panel as pn
import param

from bokeh.models import HoverTool, Range1d, TapTool

from ..html import esc, message_html
from ..query import Selection, figure_rows
from .base import LiveHTML, View
from .plotting import changing, new_figure, replace, set_ticks, source

log = logging.getLogger(__name__)
_COLOUR = "#1f4e79"

_DODGE = 0.22
_TOOLTIP = """
<div style="max-width:400px;white-space:normal">
<b>@{outlet}</b><br>@{metric_label}: <b>@{text}</b><br>
as of: @{as_of_text} &middot; given by: @{given_by}<br>
<span>&ldquo;@{quote}&rdquo;</span>
</div>
"""
_VDIMS = ["figure_id", "outlet", "metric_label", "text", "as_of_text", "given_by", "quote", "label"]


_COLUMNS = [*_VDIMS, "value", "slot", "lower", "upper", "count_end", "line"]
_POINT_COLUMNS = [*_COLUMNS, "marker", "fill"]
_BAND_COLUMNS = [*_COLUMNS, "slot0", "slot1"]


class _MetricPlot:
    """One metric's figure: a row per article, each figure as the interval its qualifier means."""

    def __init__(self, on_select):
        self.points, self.bars, self.bands = source(_POINT_COLUMNS), source(_COLUMNS), source(_BAND_COLUMNS)
        self.labels = source(["value", "slot", "label"])
        fig = new_figure(height=170, tools="tap,save", x_range=Range1d(0, 1), y_range=Range1d(-0.6, 0.4))
        colour = "#1f4e79"
        bands = fig.quad(left="lower", right="upper", bottom="slot0", top="slot1", source=self.bands,
                         fill_color=colour, fill_alpha=0.3, line_color=colour, line_dash="dashed")
        bars = fig.segment("value", "slot", "count_end", "slot", source=self.bars, line_color=colour,
                           line_width=5, line_alpha=0.35)
        arrows = fig.scatter("count_end", "slot", source=self.bars, marker="triangle", angle=-math.pi / 2,
                             size=12, color=colour, alpha=0.5)
        points = fig.scatter("value", "slot", source=self.points, marker="marker", fill_color="fill",
                             line_color="line", line_width=2, size=11)
        points.nonselection_glyph = points.selection_glyph = points.glyph
        fig.text("value", "slot", "label", source=self.labels, text_align="left", text_baseline="bottom",
                 y_offset=-6, text_font_size="8pt", text_color="#222222")
        fig.add_tools(HoverTool(renderers=[points, bars, arrows, bands], tooltips=_TOOLTIP))
        fig.select_one(TapTool).renderers = [points]
        fig.title.text_font_size = "10pt"
        self.points.selected.on_change("indices", lambda _a, _o, index: on_select(self.points, index))
        self.fig = fig
        self.pane = pn.pane.Bokeh(fig, sizing_mode="stretch_width")
        # shown and hidden through this box: toggling a Bokeh pane's own visibility makes Panel copy
        # the figure's properties back, which fails on its themed stylesheets in a served page
        self.box = pn.Column(self.pane, sizing_mode="stretch_width", margin=0)

    def draw(self, df: pd.DataFrame, rows: dict[str, int], label: str, source_labels: dict[str, str]) -> None:
        finite = np.concatenate([df.lower.to_numpy(float), df.value.to_numpy(float),
                                 df.upper[np.isfinite(df.upper)].to_numpy(float)])
        xmin = finite.min() * 0.8 if finite.size else 0
        xmax = (finite.max() if finite.size else 1) * 1.3
        df = df.assign(count_end=np.where(np.isfinite(df.upper), df.upper, xmax))
        lower, approx, exact = df[df.kind == "lower"], df[df.kind == "approximate"], df[df.kind == "exact"]
        marks = pd.concat([exact.assign(marker="circle", fill=_COLOUR), lower.assign(marker="square", fill="#ffffff"),
                           approx.assign(marker="circle", fill="#ffffff")])
        replace(self.points, marks, _POINT_COLUMNS)
        replace(self.bars, lower, _COLUMNS)
        replace(self.bands, approx.assign(slot0=approx.slot - 0.08, slot1=approx.slot + 0.08),
                _BAND_COLUMNS)
        replace(self.labels, df, ["value", "slot", "label"])
        set_ticks(self.fig.yaxis, {i: source_labels[s] for s, i in rows.items()})
        self.fig.y_range.update(start=-0.6, end=len(rows) - 0.4)
        self.fig.x_range.update(start=xmin, end=xmax)
        self.fig.height = max(170, 48 * len(rows) + 80)
        self.fig.title.text = label
        self.fig.xaxis.axis_label = f"{label} (as printed)"


@dataclass(frozen=True)
class _Comparison:
    rows: dict[str, int]
    left_out: int
    #: metric -> its marks, as columns of arrays: every session makes a frame of its own from them,
    #: since each view of a shared frame leaves a record on it (pandas' copy-on-write bookkeeping)
    plotted: dict[str, dict[str, np.ndarray]]
    table: str
    others: str


_compared: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # per dataset: the last 64 comparisons
_compared_lock = threading.Lock()


class CasualtyComparison(View):
    """What each article reports, oldest article at the top: a point is exact, a bar
    running off to the right is "at least / more than / over", a band is "nearly / about"."""

    title = param.String(default="Casualty figures by outlet")

    note = param.String(default=(
        "What each article printed, as its qualifier means it. Choose outlets in the filters to "
        "compare; click a mark to read its sentence."
    ))

    max_articles = param.Integer(default=30, bounds=(1, None),
                                 doc="Articles compared at most (the latest with figures).")

    def __init__(self, **params):
        super().__init__(**params)
        # Every part exists from the start and is shown or hidden: replacing a layout's children
        # makes Bokeh walk the whole document again, hiding one does not.
        p = self.prepared
        casualty = set(figure_rows(p).metric)
        self._plots = {m: _MetricPlot(self._on_select) for m in p.metric_labels if m in casualty}
        self._message = LiveHTML(sizing_mode="stretch_width", visible=False)
        self._key_pane = pn.pane.HTML(_KEY_HTML, sizing_mode="stretch_width")
        self._table_pane = LiveHTML(sizing_mode="stretch_width")
        self._others_pane = LiveHTML(sizing_mode="stretch_width")
        self._column = pn.Column(self._message, self._key_pane, *(plot.box for plot in self._plots.values()),
                                 self._table_pane, self._others_pane, sizing_mode="stretch_width")
        self._key = None
        self.state.param.watch(self._refresh, ["sources", "selected"])
        self._refresh()

    def _rows(self, figures: pd.DataFrame) -> dict[str, int]:
        ids = list(dict.fromkeys(figures.sort_values("outlet_order").source_id))
        return {sid: len(ids) - 1 - i for i, sid in enumerate(ids)}

    @staticmethod
    def _distinct(figures: pd.DataFrame) -> pd.DataFrame:
        """One row per distinct figure an article prints, with how often it prints it."""
        key = ["source_id", "metric", "value", "qualifier", "as_of", "attributed_to"]
        counted = figures.assign(printed=figures.groupby(key, dropna=False).figure_id.transform("size"))
        return counted.drop_duplicates(key)

    def _comparison_html(self, figures: pd.DataFrame, metrics: list[str]) -> str:
        """Articles by metrics, each cell the figures as printed with their as-of date and source."""
        p = self.prepared
        figures = self._distinct(figures).sort_values("outlet_order", kind="stable")
        cells: dict[tuple[str, str], list[str]] = {}
        for sid, metric, text, as_of, given, printed in zip(
                figures.source_id, figures.metric, figures.text, figures.as_of, figures.attributed_to,
                figures.printed):
            extra = [f"as of {as_of:%-d %b}"] if not pd.isna(as_of) else []
            extra += [given] if given else []
            note = f' <span class="cd-dim">({esc("; ".join(extra))})</span>' if extra else ""
            twice = f' <span class="cd-dim">×{printed}</span>' if printed > 1 else ""
            cells.setdefault((sid, metric), []).append(f"{esc(text)}{twice}{note}")
        head = "".join(f"<th>{esc(p.metric_labels.get(m, m))}</th>" for m in metrics)
        body = []
        for sid in dict.fromkeys(figures.source_id):
            row = "".join(f"<td>{'<br>'.join(cells.get((sid, m), [])) or '<span class=cd-dim>—</span>'}</td>"
                          for m in metrics)
            body.append(f"<tr><th>{esc(p.source_labels[sid])}</th>{row}</tr>")
        return (f'<table class="cd-figtable"><thead><tr><th>Article</th>{head}</tr></thead>'
                f'<tbody>{"".join(body)}</tbody></table>')

    def _metric_frame(self, metric: str, figures: pd.DataFrame, rows: dict[str, int]) -> pd.DataFrame:
        df = self._distinct(figures[figures.metric == metric]).copy()
        df["row"] = df.source_id.map(rows).astype(float)
        rank = df.groupby("source_id").cumcount()
        size = df.groupby("source_id").figure_id.transform("size")
        df["slot"] = df.row - (rank - (size - 1) / 2) * _DODGE
        df["as_of_text"] = [f"{d:%-d %b %Y}" if not pd.isna(d) else "not stated" for d in df.as_of]
        df["given_by"] = df.attributed_to.replace("", "not stated")
        df["label"] = [t + (f" ({d:%-d %b})" if not pd.isna(d) else "") + (f" ×{n}" if n > 1 else "")
                       for t, d, n in zip(df.text, df.as_of, df.printed)]
        return df

    def _on_select(self, src, index):
        if len(index) == 1 and index[0] < len(src.data["figure_id"]):
            self.state.selected = f"figure:{src.data['figure_id'][index[0]]}"

    def _figures(self) -> tuple[pd.DataFrame, int]:
        """Figures of the chosen articles, cut to the latest ``max_articles`` with figures; and how many were left out."""
        figures = figure_rows(self.prepared, sources=self.state.sources, casualty_only=False)
        articles = figures.drop_duplicates("source_id").sort_values("outlet_order").source_id
        if len(articles) > self.max_articles:
            figures = figures[figures.source_id.isin(set(articles.iloc[-self.max_articles:]))]
        return figures, max(0, len(articles) - self.max_articles)

    def _refresh(self, *_):
        selected = Selection.parse(self.state.selected)
        key = (tuple(self.state.sources), selected if selected and selected.kind == "figure" else None)
        if self._key == key:
            return
        self._key = key
        try:
            with changing(*(plot.pane for plot in self._plots.values())):
                shown = self._draw()
        except Exception:  # noqa: BLE001 - any failure must stay inside this view
            log.exception("casualty comparison failed")
            self._message.object = message_html("This view could not be drawn for the current selection. "
                                                "Try another filter or reset.", "warning")
            shown = {self._message}
        for part in self._column.objects:
            part.visible = part in shown

    def _draw(self) -> set:
        """Draw what the selected articles print; return the parts to show."""
        c = self._compare(tuple(self.state.sources), self.max_articles)
        if c is None:
            self._message.object = message_html("No figures in the selected articles.")
            return {self._message}
        shown = set()
        if c.left_out:
            self._message.object = message_html(
                f"Comparing the latest {self.max_articles} articles with figures; {c.left_out:,} earlier ones are "
                "left out (choose outlets in the filters to compare them).")
            shown.add(self._message)
        if c.plotted:
            shown.add(self._key_pane)
        selected = Selection.parse(self.state.selected)
        chosen = selected.id if selected and selected.kind == "figure" else ""
        for metric, columns in c.plotted.items():
            plot = self._plots[metric]
            frame = pd.DataFrame(columns)
            frame["line"] = np.where(frame.figure_id == chosen, "#000000", _COLOUR)
            plot.draw(frame, c.rows, self.prepared.metric_labels.get(metric, metric), self.prepared.source_labels)
            shown.add(plot.box)
        if c.table:
            self._table_pane.object = c.table
            shown.add(self._table_pane)
        if c.others:
            self._others_pane.object = (f"<details class='cd-other'><summary class='cd-subhead'>Other counts "
                                        f"(attackers, arrests, charges…)</summary>{c.others}</details>")
            shown.add(self._others_pane)
        return shown

    def _compare(self, sources: tuple, max_articles: int) -> "_Comparison | None":
        """What the chosen articles print, ready to draw; shared by every session (it depends
        on the data and the articles only)."""
        key = (sources, max_articles)
        with _compared_lock:
            done = _compared.setdefault(self.prepared, OrderedDict())
            if key in done:
                done.move_to_end(key)
                return done[key]
        figures, left_out = self._figures()
        result = None
        if not figures.empty:
            casualties, others = figures[figures.casualty], figures[~figures.casualty]
            rows = self._rows(figures)
            order = list(self.prepared.metric_labels)
            # a comparison needs two articles: other metrics are listed in the table only
            reported = casualties.groupby("metric").source_id.nunique()
            plotted = [m for m in order if reported.get(m, 0) >= 2 or (m in reported and len(rows) == 1)]
            result = _Comparison(
                rows=rows, left_out=left_out,
                plotted={m: {c: v.to_numpy() for c, v in self._metric_frame(m, casualties, rows).items()}
                         for m in plotted},
                table=self._comparison_html(casualties, [m for m in order if m in set(casualties.metric)])
                if not casualties.empty else "",
                others=self._comparison_html(others, [m for m in order if m in set(others.metric)])
                if not others.empty else "")
        with _compared_lock:
            done[key] = result
            while len(done) > 64:
                done.popitem(last=False)
        return result

    def __panel__(self):
        return self._column


_KEY_HTML = (
    '<div class="cd-key">'
    '<span>&#9679; exact</span><span>&#9633;&#9472;&#9654; at least / more than / over</span>'
    '<span>&#9675;&#9632; nearly / about (band)</span>'
    '<span>Articles oldest first; (date) = as of; ×2 = printed twice. The table gives who stated each figure.</span></div>'
)
