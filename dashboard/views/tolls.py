"""The toll over time: each casualty figure at the date it refers to, so the rise and the outliers show."""

from __future__ import annotations

import math

import numpy as np
import panel as pn
import param
from bokeh.events import Tap
from bokeh.models import FixedTicker, HoverTool, Range1d, TapTool

from ..elements import tolls as draw_tolls
from ..frames import TollFrame, tolls_frame
from ..frames.timeline import MAX_TICKS
from ..html import message_html
from .base import ArticleFiguresView, Drawing
from .plotting import fill_columns, glyph, new_figure, nice_ticks, part, put, set_ticks, share_views, source, tick_label, tool
from .text import LiveText, Text

_TOOLTIP = """
<div style="max-width:400px;white-space:normal">
<b>@{outlet}</b><br>@{metric_label}: <b>@{text}</b><br>
@{basis}<br>given by: @{given_by}<br>
<span>&ldquo;@{quote}&rdquo;</span>
</div>
"""
_HOVER = ["figure_id", "outlet", "metric_label", "text", "basis", "given_by", "quote"]
# one source for every mark: a row per figure (its point, and where it has one its bar, up or down to
# bar_end, or its band, band_x0 to band_x1), then a row per bar's arrow head (bar and band NaN, which
# Bokeh does not draw); ``value`` and every other height are in pixels from the top of the figure
_MARKS = [*_HOVER, "metric", "x", "value", "marker", "angle", "size", "fill", "line", "width", "alpha",
          "colour", "bar_x", "bar_end", "band_x0", "band_x1", "lower", "upper"]
# the plots' titles, the gaps' labels, and a line under each plot
_DECOR = ["tx", "ty", "words", "font_size", "font_style", "colour", "align", "baseline", "offset", "x0", "x1", "y0"]

#: Marker of each kind of figure, its size (a diamond looks smaller at one size), half a band's width (slots).
MARKERS = {"exact": "circle", "lower": "square", "upper": "square", "approximate": "diamond"}
SIZES = {"exact": 11, "lower": 10, "upper": 10, "approximate": 16}
BAND = 0.09
#: Pixels of a plot's title above it, and between one plot and the next title; a plot's height is its
#: metric's (see TollFrame.height) less what its own axes took when each metric had a figure of its own.
TITLE, GAP, AXES = 22, 12, 105


class _TollsPlot:
    """One figure for every metric: a plot per metric one under the other, each with its own value
    scale, on the one date axis they share."""

    def __init__(self, on_select, cue_on):
        self.marks, self.decor = source(_MARKS), source(_DECOR)
        fig = new_figure(height=200, tools="tap,save", x_range=Range1d(0, 1), y_range=Range1d(-1, 0),
                         min_border_top=4)
        bands = glyph(fig, "quad", left="band_x0", right="band_x1", bottom="lower", top="upper", source=self.marks,
                      fill_color="colour", fill_alpha=0.25, line_color="colour", line_dash="dashed")
        bars = glyph(fig, "segment", "bar_x", "value", "bar_x", "bar_end", source=self.marks, line_color="colour",
                     line_width=5, line_alpha=0.35)
        points = glyph(fig, "scatter", "x", "value", source=self.marks, marker="marker", angle="angle", size="size",
                       fill_color="fill", line_color="line", line_width="width", alpha="alpha")
        glyph(fig, "segment", "x0", "y0", "x1", "y0", source=self.decor, line_color="#999999", line_width=1)
        glyph(fig, "text", "tx", "ty", "words", source=self.decor, text_color="colour", text_font_size="font_size",
              text_font_style="font_style", text_align="align", text_baseline="baseline", x_offset="offset")
        fig.add_tools(HoverTool(renderers=[points, bars, bands], tooltips=_TOOLTIP))
        tool(fig, TapTool).renderers = [points]
        cue_on(fig, Tap)  # a click on a mark selects its figure: the busy cue shows until it has
        fig.min_border_left = 60
        fig.xgrid.grid_line_alpha = 0.12
        fig.xaxis.major_label_orientation = math.pi / 4
        fig.yaxis.ticker = FixedTicker(ticks=[])
        fig.yaxis.axis_label = "as printed"
        fig.yaxis.axis_label_text_font_size = "8.5pt"
        fig.yaxis.axis_label_text_font_style = "normal"
        self.marks.selected.on_change("indices", lambda _a, _o, index: on_select(self.marks, index))
        share_views(fig)
        self.fig = fig
        self.pane = pn.pane.Bokeh(fig, sizing_mode="stretch_width")
        self.box = pn.Column(self.pane, sizing_mode="stretch_width", margin=0)  # shown and hidden (see casualties)

    def draw(self, frame: TollFrame, metrics: list[str], built: dict | None = None) -> None:
        """Draw ``metrics`` (none: a hidden plot keeps none of an earlier choice of articles); ``built``,
        when given, is :meth:`columns` of them (made once, shared by drawings)."""
        built = built if built is not None else self.columns(frame, metrics)
        put(self.marks, *built["marks"])
        put(self.decor, *built["decor"])
        x0, x1 = frame.xlim
        self.fig.y_range.update(start=built["y_start"], end=0.0)
        self.fig.height = built["height"]
        self.fig.x_range.update(start=x0, end=x1)
        set_ticks(self.fig.xaxis, built["xticks"])
        set_ticks(self.fig.yaxis, built["yticks"])

    @staticmethod
    def columns(frame: TollFrame, metrics: list[str]) -> dict:
        """What :meth:`draw` puts in the plot's sources and axes (a pure function of its arguments)."""
        marks, decor, yticks = [], [], {}
        x0, x1 = frame.xlim
        top = 0.0
        columns = {c: frame.marks[c].to_numpy() for c in _FROM_FRAME}
        gaps = [x for x, _ in frame.gaps], [text for _, text in frame.gaps]
        for metric in metrics:
            height = frame.height(metric) - AXES
            bottom = top - TITLE - height
            lo, hi = frame.extents[metric]
            at = lambda v: bottom + (np.asarray(v, dtype=float) - lo) / (hi - lo) * height  # noqa: E731,B023
            drawn = _metric_marks(columns, metric, at)
            marks += drawn
            for tick in nice_ticks(lo, hi, 4, min_step=1):
                if lo <= tick <= hi:
                    yticks[float(at(tick))] = tick_label(tick)
            decor.append(part(1, tx=x0, ty=top - 2, words=drawn[0]["metric_label"][0], font_size="10pt",
                              font_style="bold", colour="#444444", align="left", baseline="top", offset=4.0, x0=x0,
                              x1=x1, y0=bottom))
            decor.append(part(len(gaps[0]), tx=gaps[0], words=gaps[1], ty=bottom + 1, font_size="8pt",
                              font_style="normal", colour="#777777", align="center", baseline="bottom", offset=0.0))
            top = bottom - GAP
        step = max(1, math.ceil(len(frame.ticks) / MAX_TICKS))
        return {"marks": fill_columns(marks, _MARKS), "decor": fill_columns(decor, _DECOR),
                "y_start": min(top + GAP, -1.0), "height": round(GAP - top) + 100,  # the toolbar's row, the date axis
                "xticks": dict(frame.ticks[::step]), "yticks": yticks}


_FROM_FRAME = [*_HOVER, "metric", "kind", "x", "value", "lower", "upper", "bar_end", "dated", "chosen", "colour"]


def _metric_marks(columns: dict, metric: str, at) -> list[dict]:
    """One metric's marks (points, then arrow heads) from the frame's marks as ``columns``, heights by
    ``at`` (a value's pixels)."""
    take = np.flatnonzero(columns["metric"] == metric)
    df = {c: v[take] for c, v in columns.items()}
    kind, x, colour = df["kind"], df["x"].astype(float), df["colour"]
    bar, band = np.isin(kind, ["lower", "upper"]), kind == "approximate"
    hover = {c: df[c] for c in _HOVER}
    bar_end = at(df["bar_end"])
    points = part(
        len(take), **hover, metric=metric, x=x, value=at(df["value"]),
        marker=np.array([MARKERS[k] for k in kind], dtype=object), angle=0.0,
        size=np.array([SIZES[k] for k in kind], dtype=float), colour=colour,
        fill=np.where(df["dated"].astype(bool), colour, "#ffffff"),
        line=np.where(df["chosen"].astype(bool), "#000000", colour), width=2.0, alpha=1.0,
        bar_x=np.where(bar, x, np.nan), bar_end=np.where(bar, bar_end, np.nan),
        band_x0=np.where(band, x - BAND, np.nan), band_x1=np.where(band, x + BAND, np.nan),
        lower=np.where(band, at(df["lower"]), np.nan), upper=np.where(band, at(df["upper"]), np.nan))
    heads = part(int(bar.sum()), **{c: v[bar] for c, v in hover.items()}, metric=metric, x=x[bar],
                 value=bar_end[bar], marker="triangle", angle=np.where(kind[bar] == "upper", math.pi, 0.0),
                 size=12.0, colour=colour[bar], fill=colour[bar], line=colour[bar], width=1.0, alpha=0.55)
    return [points, heads]


class _TollsDrawing(Drawing):
    """One display: the one figure of every casualty metric, and the view's key and message, each shown or hidden."""

    def __init__(self, view: "TollsOverTime"):
        self.plot = _TollsPlot(view._on_select, view.cue_on)
        self.pane = self.plot.pane
        self.parts = {"message": view._message, "key": view._key_pane, "plot": self.plot.box}
        self.column = pn.Column(*self.parts.values(), sizing_mode="stretch_width")


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
        self._message = LiveText(sizing_mode="stretch_width", visible=False)
        self._key_pane = Text(_KEY_HTML, sizing_mode="stretch_width", margin=(0, 10))

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
        if not self._failed and not frame.empty and frame.metrics:
            shown |= {"key", "plot"}
        if "plot" in shown:
            drawing.plot.draw(frame, frame.metrics, self._drawn(frame, lambda: drawing.plot.columns(frame, frame.metrics)))
        else:
            drawing.plot.draw(frame, [])
        for name, part in drawing.parts.items():
            part.visible = name in shown

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
