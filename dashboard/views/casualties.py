"""Casualty figures across outlets, each drawn as the interval its qualifier implies."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import panel as pn
import param
from bokeh.models import HoverTool, Range1d, TapTool

from ..elements import casualties as draw_casualties
from ..frames import CasualtyFrame, casualty_frame
from ..html import esc, message_html
from .base import ArticleFiguresView, Drawing, LiveHTML
from .plotting import new_figure, replace, share_views, source, tool

COLOUR = "#1f4e79"

_TOOLTIP = """
<div style="max-width:400px;white-space:normal">
<b>@{outlet}</b><br>@{metric_label}: <b>@{text}</b><br>
as of: @{as_of_text} &middot; given by: @{given_by}<br>
<span>&ldquo;@{quote}&rdquo;</span>
</div>
"""
_VDIMS = ["figure_id", "outlet", "metric_label", "text", "as_of_text", "given_by", "quote", "label"]
# one source per plot: each figure's point and label, and where it has one its bar (bar_x to bar_end)
# or its band (band_lo to band_hi); NaN where it has none, which Bokeh does not draw
_COLUMNS = [*_VDIMS, "value", "slot", "label_x", "marker", "fill", "line", "bar_x", "bar_end", "band_lo",
            "band_hi", "slot0", "slot1"]
_ROW_COLUMNS = ["x", "header", "label", "y0", "y1", "stripe"]


class _MetricPlot:
    """One metric's figure: a row per article, each figure as the interval its qualifier means."""

    def __init__(self, on_select):
        self.points = source(_COLUMNS)
        self.rows = source(_ROW_COLUMNS)
        fig = new_figure(height=170, tools="tap,save", x_range=Range1d(0, 1), y_range=Range1d(-0.5, 0.5))
        fig.hstrip("y0", "y1", source=self.rows, fill_color="#eef1f5", fill_alpha="stripe", line_alpha=0)
        bands = fig.quad(left="band_lo", right="band_hi", bottom="slot0", top="slot1", source=self.points,
                         fill_color=COLOUR, fill_alpha=0.3, line_color=COLOUR, line_dash="dashed")
        bars = fig.segment("bar_x", "slot", "bar_end", "slot", source=self.points, line_color=COLOUR,
                           line_width=5, line_alpha=0.35)
        arrows = fig.scatter("bar_end", "slot", source=self.points, marker="triangle", angle=-math.pi / 2,
                             size=12, color=COLOUR, alpha=0.5)
        points = fig.scatter("value", "slot", source=self.points, marker="marker", fill_color="fill",
                             line_color="line", line_width=2, size=11)
        for renderer in (bands, bars, arrows, points):
            renderer.nonselection_glyph = renderer.selection_glyph = renderer.glyph
        # each figure's label on its own line, right of its mark (of its band for nearly / about)
        fig.text("label_x", "slot", "label", source=self.points, text_align="left", text_baseline="middle",
                 x_offset=9, text_font_size="8pt", text_color="#222222")
        # the article's name inside the plot, above its figures, so the plot keeps its width
        fig.text("x", "header", "label", source=self.rows, text_align="left", text_baseline="top", x_offset=4,
                 text_font_size="8pt", text_color="#555555", text_font_style="italic")
        fig.add_tools(HoverTool(renderers=[points, bars, arrows, bands], tooltips=_TOOLTIP))
        tool(fig, TapTool).renderers = [points]
        fig.title.text_font_size = "10pt"
        fig.yaxis.visible = False
        fig.ygrid.visible = False
        fig.min_border_left = 4
        self.points.selected.on_change("indices", lambda _a, _o, index: on_select(self.points, index))
        share_views(fig)
        self.fig = fig
        self.pane = pn.pane.Bokeh(fig, sizing_mode="stretch_width")
        # shown and hidden through this box: toggling a Bokeh pane's own visibility makes Panel copy
        # the figure's properties back, which fails on its themed stylesheets in a served page
        self.box = pn.Column(self.pane, sizing_mode="stretch_width", margin=0)

    def draw(self, df: pd.DataFrame, frame: CasualtyFrame, metric: str, label: str) -> None:
        xmin, xmax = frame.extents[metric]
        kind = df.kind.to_numpy()
        lower, approx = kind == "lower", kind == "approximate"
        upper = np.where(np.isfinite(df.upper), df.upper, xmax - 0.012 * (xmax - xmin))  # the arrow head inside
        marks = df.assign(
            marker=np.where(lower, "square", "circle"), fill=np.where(kind == "exact", COLOUR, "#ffffff"),
            line=np.where(df.chosen, "#000000", COLOUR),
            bar_x=np.where(lower, df.value, np.nan), bar_end=np.where(lower, upper, np.nan),
            band_lo=np.where(approx, df.lower, np.nan), band_hi=np.where(approx, upper, np.nan),
            slot0=df.slot - 0.08, slot1=df.slot + 0.08)
        replace(self.points, marks, _COLUMNS)
        rows = frame.rows
        replace(self.rows, rows.assign(x=xmin, y0=rows.row - 0.5, y1=rows.row + 0.5,
                                       stripe=(rows.row.astype(int) % 2).astype(float)), _ROW_COLUMNS)
        self.fig.y_range.update(start=frame.ylim[0], end=frame.ylim[1])
        self.fig.x_range.update(start=xmin, end=xmax)
        self.fig.height = frame.height
        self.fig.title.text = label
        self.fig.xaxis.axis_label = f"{label} (as printed)"


class _CasualtyDrawing(Drawing):
    """One display: a plot per casualty metric, and the view's text parts, each shown or hidden."""

    def __init__(self, view: "CasualtyComparison"):
        self.plots = {m: _MetricPlot(view._on_select) for m in view.metrics}
        self.parts = {"message": view._message, "key": view._key_pane,
                      **{m: plot.box for m, plot in self.plots.items()},
                      "table": view._table_pane, "others": view._others_pane}
        self.column = pn.Column(*self.parts.values(), sizing_mode="stretch_width")

    @property
    def panes(self):
        return [plot.pane for plot in self.plots.values()]


class CasualtyComparison(ArticleFiguresView):
    """What each article reports, oldest article at the top: a point is exact, a bar
    running off to the right is "at least / more than / over", a band is "nearly / about"."""

    title = param.String(default="Casualty figures by outlet")

    note = param.String(default=(
        "What each article printed, as its qualifier means it. Choose outlets in the filters to "
        "compare; click a mark to read its sentence."
    ))

    _element = staticmethod(draw_casualties)
    _frame_function = staticmethod(casualty_frame)

    def __init__(self, **params):
        super().__init__(**params)
        # Every part exists from the start and is shown or hidden: replacing a layout's children
        # makes Bokeh walk the whole document again, hiding one does not.
        self._message = LiveHTML(sizing_mode="stretch_width", visible=False)
        self._key_pane = pn.pane.HTML(_KEY_HTML, sizing_mode="stretch_width")
        self._table_pane = LiveHTML(sizing_mode="stretch_width")
        self._others_pane = LiveHTML(sizing_mode="stretch_width")

    def _new_drawing(self) -> _CasualtyDrawing:
        return _CasualtyDrawing(self)

    def _describe(self, frame: CasualtyFrame) -> None:
        if self._failed:
            self._message.object = message_html("This view could not be drawn for the current selection. "
                                                "Try another filter or reset.", "warning")
        elif frame.empty:
            self._message.object = message_html("No figures in the selected articles.")
        elif frame.info:
            self._message.object = message_html(frame.info)
        self._message.visible = bool(self._failed or frame.empty or frame.info)
        p = self.prepared
        self._table_pane.object = comparison_html(p, frame.figures) if len(frame.figures) else ""
        self._others_pane.object = (
            "<details class='cd-other'><summary class='cd-subhead'>Other counts (attackers, arrests, "
            f"charges…)</summary>{comparison_html(p, frame.others)}</details>" if len(frame.others) else "")

    def _draw(self, drawing: _CasualtyDrawing, frame: CasualtyFrame) -> None:
        shown = {"message"} if self._message.visible else set()
        if not self._failed and not frame.empty:
            if frame.metrics:
                shown.add("key")
            for metric in frame.metrics:
                marks = frame.marks[frame.marks.metric == metric]
                drawing.plots[metric].draw(marks, frame, metric, self.prepared.metric_labels.get(metric, metric))
                shown.add(metric)
            shown |= {name for name, pane in (("table", self._table_pane), ("others", self._others_pane))
                      if pane.object}
        for name, part in drawing.parts.items():
            part.visible = name in shown

    def _on_select(self, src, index):
        if len(index) == 1 and index[0] < len(src.data["figure_id"]):
            self.state.selected = f"figure:{src.data['figure_id'][index[0]]}"

    def __panel__(self):
        return self.drawing().column


def comparison_html(p, figures: pd.DataFrame) -> str:
    """Articles by metrics, each cell the figures as printed with their as-of date and source."""
    metrics = [m for m in p.metric_labels if m in set(figures.metric)]
    cells: dict[tuple[str, str], list[str]] = {}
    for sid, metric, text, as_of, given, printed in zip(
            figures.source_id, figures.metric, figures.text, figures.as_of, figures.attributed_to, figures.printed):
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


def _glyph(svg: str, width: int) -> str:
    """An inline SVG icon (no font, no file) drawn in the plot's colour."""
    return (f'<svg width="{width}" height="14" viewBox="0 0 {width} 14" aria-hidden="true" style="vertical-align:middle">'
            f'{svg.format(c=COLOUR)}</svg>')


_EXACT = _glyph('<circle cx="8" cy="7" r="5" fill="{c}" stroke="{c}" stroke-width="2"/>', 16)
_LOWER = _glyph('<line x1="7" y1="7" x2="30" y2="7" stroke="{c}" stroke-width="5" stroke-opacity="0.35"/>'
                '<rect x="2" y="2.5" width="9" height="9" fill="#fff" stroke="{c}" stroke-width="2"/>', 34)
_BAND = _glyph('<rect x="2" y="3" width="20" height="8" fill="{c}" fill-opacity="0.3" stroke="{c}" '
               'stroke-dasharray="3 2"/><circle cx="22" cy="7" r="4.5" fill="#fff" stroke="{c}" stroke-width="2"/>', 30)

#: What the marks mean, each glyph drawn as the plot draws it.
_KEY_HTML = (
    '<div class="cd-key">'
    f"<span>{_EXACT} exact</span>"
    f"<span>{_LOWER} at least / more than / over (runs on to the right)</span>"
    f"<span>{_BAND} nearly / about: a band (“nearly” ends at the number)</span>"
    "<span>Articles oldest first; (date) = as of; ×2 = printed twice. The table gives who stated each figure.</span>"
    "</div>"
)
