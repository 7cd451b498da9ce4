"""The toll over time: each casualty figure at the date it refers to, so the rise and the outliers show."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import panel as pn
import param
from bokeh.models import BasicTicker, HoverTool, Range1d, TapTool

from ..elements import tolls as draw_tolls
from ..frames import TollFrame, tolls_frame
from ..frames.timeline import MAX_TICKS
from ..html import message_html
from .base import ArticleFiguresView, Drawing, LiveHTML
from .plotting import new_figure, replace, set_ticks, share_views, source, tool

_TOOLTIP = """
<div style="max-width:400px;white-space:normal">
<b>@{outlet}</b><br>@{metric_label}: <b>@{text}</b><br>
@{basis}<br>given by: @{given_by}<br>
<span>&ldquo;@{quote}&rdquo;</span>
</div>
"""
_HOVER = ["figure_id", "outlet", "metric_label", "text", "basis", "given_by", "quote"]
# one source per plot: each figure's mark, and where it has one its bar (up or down to bar_end, with an
# arrow head) or its band (band_x0 to band_x1); NaN where it has none, which Bokeh does not draw
_COLUMNS = [*_HOVER, "x", "value", "marker", "size", "fill", "line", "colour", "bar_x", "bar_end", "arrow",
            "band_x0", "band_x1", "lower", "upper"]

#: Marker of each kind of figure, its size (a diamond looks smaller at one size), half a band's width (slots).
MARKERS = {"exact": "circle", "lower": "square", "upper": "square", "approximate": "diamond"}
SIZES = {"exact": 11, "lower": 10, "upper": 10, "approximate": 16}
BAND = 0.09


class _MetricPlot:
    """One metric's figures over time, on the date axis every metric's plot shares."""

    def __init__(self, x_range: Range1d, on_select):
        self.points = source(_COLUMNS)
        self.gaps = source(["x", "y", "text"])
        fig = new_figure(height=200, tools="tap,save", x_range=x_range, y_range=Range1d(0, 1))
        fig.text("x", "y", "text", source=self.gaps, text_color="#777777", text_font_size="8pt",
                 text_align="center", text_baseline="bottom")
        bands = fig.quad(left="band_x0", right="band_x1", bottom="lower", top="upper", source=self.points,
                         fill_color="colour", fill_alpha=0.25, line_color="colour", line_dash="dashed")
        bars = fig.segment("bar_x", "value", "bar_x", "bar_end", source=self.points, line_color="colour",
                           line_width=5, line_alpha=0.35)
        arrows = fig.scatter("bar_x", "bar_end", source=self.points, marker="triangle", angle="arrow", size=12,
                             color="colour", alpha=0.55)
        points = fig.scatter("x", "value", source=self.points, marker="marker", fill_color="fill",
                             line_color="line", line_width=2, size="size")
        for renderer in (points, bars, bands, arrows):
            renderer.nonselection_glyph = renderer.selection_glyph = renderer.glyph
        fig.add_tools(HoverTool(renderers=[points, bars, bands, arrows], tooltips=_TOOLTIP))
        tool(fig, TapTool).renderers = [points]
        fig.title.text_font_size = "10pt"
        fig.min_border_left = 60  # the same for every metric, so that their date axes line up
        fig.xgrid.grid_line_alpha = 0.12
        fig.xaxis.major_label_orientation = math.pi / 4
        fig.yaxis.ticker = BasicTicker(desired_num_ticks=4, min_interval=1)  # people: whole numbers
        fig.yaxis.axis_label = "as printed"
        fig.yaxis.axis_label_text_font_size = "8.5pt"
        fig.yaxis.axis_label_text_font_style = "normal"
        self.points.selected.on_change("indices", lambda _a, _o, index: on_select(self.points, index))
        share_views(fig)
        self.fig = fig
        self.pane = pn.pane.Bokeh(fig, sizing_mode="stretch_width")
        self.box = pn.Column(self.pane, sizing_mode="stretch_width", margin=0)  # shown and hidden (see casualties)

    def clear(self) -> None:
        """No marks (a hidden plot keeps none of an earlier choice of articles)."""
        if len(self.points.data["figure_id"]):
            replace(self.points, pd.DataFrame(), _COLUMNS)

    def draw(self, frame: TollFrame, metric: str) -> None:
        df = frame.metric_marks(metric)
        lo, hi = frame.extents[metric]
        kind = df.kind.to_numpy()
        bar, band = np.isin(kind, ["lower", "upper"]), kind == "approximate"
        marks = df.assign(
            marker=df.kind.map(MARKERS), size=df.kind.map(SIZES), fill=np.where(df.dated, df.colour, "#ffffff"),
            line=np.where(df.chosen, "#000000", df.colour),
            bar_x=np.where(bar, df.x, np.nan), bar_end=np.where(bar, df.bar_end, np.nan),
            arrow=np.where(kind == "upper", math.pi, 0.0),
            band_x0=np.where(band, df.x - BAND, np.nan), band_x1=np.where(band, df.x + BAND, np.nan))
        replace(self.points, marks, _COLUMNS)
        replace(self.gaps, pd.DataFrame(frame.gaps, columns=["x", "text"]).assign(y=lo), ["x", "y", "text"])
        self.fig.y_range.update(start=lo, end=hi)
        self.fig.height = frame.height(metric)
        step = max(1, math.ceil(len(frame.ticks) / MAX_TICKS))
        set_ticks(self.fig.xaxis, dict(frame.ticks[::step]))
        self.fig.title.text = df.metric_label.iloc[0]


class _TollsDrawing(Drawing):
    """One display: a plot per casualty metric sharing one date axis, each shown or hidden."""

    def __init__(self, view: "TollsOverTime"):
        self.x_range = Range1d(0, 1)
        self.plots = {m: _MetricPlot(self.x_range, view._on_select) for m in view.metrics}
        self.parts = {"message": view._message, "key": view._key_pane,
                      **{m: plot.box for m, plot in self.plots.items()}}
        self.column = pn.Column(*self.parts.values(), sizing_mode="stretch_width")

    @property
    def panes(self):
        return [plot.pane for plot in self.plots.values()]


class TollsOverTime(ArticleFiguresView):
    """Every casualty figure at the day it refers to: as of the date its article gives, otherwise at the
    article's date (hollow). A plot per metric; a point is exact, a bar running up is "at least / more
    than / over", a band is "nearly / about"."""

    title = param.String(default="The toll over time")

    note = param.String(default=(
        "Each figure at the date it is given for, so the rise and the outliers show. Filled: the article says "
        "as of when; hollow: it does not, drawn at the article's date. Choose outlets in the filters; click a "
        "mark to read its sentence."
    ))

    _element = staticmethod(draw_tolls)
    _frame_function = staticmethod(tolls_frame)

    def __init__(self, **params):
        super().__init__(**params)
        self._message = LiveHTML(sizing_mode="stretch_width", visible=False)
        self._key_pane = pn.pane.HTML(_KEY_HTML, sizing_mode="stretch_width", margin=(0, 10))

    def _new_drawing(self) -> _TollsDrawing:
        return _TollsDrawing(self)

    def _describe(self, frame: TollFrame) -> None:
        if self._failed:
            text, kind = "This view could not be drawn for the current selection. Try another filter or reset.", \
                "warning"
        elif frame.empty:
            text, kind = "No casualty figures in the selected articles.", "info"
        else:
            text, kind = frame.info, "info"
        self._message.object = message_html(text, kind) if text else ""
        self._message.visible = bool(text)

    def _draw(self, drawing: _TollsDrawing, frame: TollFrame) -> None:
        shown = {"message"} if self._message.visible else set()
        if not self._failed and not frame.empty:
            shown.add("key")
            drawing.x_range.update(start=frame.xlim[0], end=frame.xlim[1])
            for metric in frame.metrics:
                drawing.plots[metric].draw(frame, metric)
                shown.add(metric)
        for metric, plot in drawing.plots.items():
            if metric not in shown:
                plot.clear()
        for name, part in drawing.parts.items():
            part.visible = name in shown

    def _on_select(self, src, index):
        if len(index) == 1 and index[0] < len(src.data["figure_id"]):
            self.state.selected = f"figure:{src.data['figure_id'][index[0]]}"

    def __panel__(self):
        return self.drawing().column


def _glyph(svg: str, width: int) -> str:
    """An inline SVG icon (no font, no file), as the plots draw it."""
    return (f'<svg width="{width}" height="18" viewBox="0 0 {width} 18" aria-hidden="true" style="vertical-align:middle">'
            f'{svg.format(c="#1f4e79")}</svg>')


_EXACT = _glyph('<circle cx="9" cy="9" r="5" fill="{c}" stroke="{c}" stroke-width="2"/>', 18)
_LOWER = _glyph('<line x1="9" y1="12" x2="9" y2="5" stroke="{c}" stroke-width="5" stroke-opacity="0.35"/>'
                '<path d="M9 0.5 L13.5 6 L4.5 6 Z" fill="{c}" fill-opacity="0.55"/>'
                '<rect x="5" y="11" width="8" height="6.5" fill="{c}" stroke="{c}" stroke-width="1.8"/>', 18)
_BAND = _glyph('<rect x="5" y="3" width="8" height="14" fill="{c}" fill-opacity="0.25" stroke="{c}" '
               'stroke-dasharray="2 2"/><path d="M9 0.5 L13.5 5 L9 9.5 L4.5 5 Z" fill="{c}" stroke="{c}" '
               'stroke-width="1.6"/>', 18)
_HOLLOW = _glyph('<circle cx="9" cy="9" r="5" fill="#fff" stroke="{c}" stroke-width="2"/>', 18)

_KEY_HTML = (
    '<div class="cd-key">'
    f"<span>{_EXACT} exact</span>"
    f"<span>{_LOWER} at least / more than / over (a bar running up)</span>"
    f"<span>{_BAND} nearly / about (a band below, or around, the number)</span>"
    f"<span>{_EXACT} filled: as of the date the article gives</span>"
    f"<span>{_HOLLOW} hollow: the article gives none; drawn at its publication date</span>"
    "<span>A plot per metric, each with its own scale; the wider a gap, the more time it skips.</span>"
    "</div>"
)
