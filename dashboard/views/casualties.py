"""Casualty figures across outlets, each drawn as the interval its qualifier implies."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import panel as pn
import param
from bokeh.events import Tap
from bokeh.models import HoverTool, Range1d, TapTool

from ..elements import casualties as draw_casualties
from ..frames import CasualtyFrame, casualty_frame
from ..frames.casualties import ROW_PX
from ..html import esc, message_html
from .base import ArticleFiguresView, Drawing
from .plotting import bare_figure, fill_columns, glyph, nice_ticks, part, put, share_views, source, tick_label, tool
from .text import LiveText, Text

COLOUR = "#1f4e79"

_TOOLTIP = """
<div style="max-width:400px;white-space:normal">
<b>@{outlet}</b><br>@{metric_label}: <b>@{text}</b><br>
as of: @{as_of_text} &middot; given by: @{given_by}<br>
<span>&ldquo;@{quote}&rdquo;</span>
</div>
"""
_HOVER = ["figure_id", "outlet", "metric_label", "text", "as_of_text", "given_by", "quote"]
# one source for every mark: a row per figure (its point, and where it has one its bar or band as a
# quad), then a row per bar's arrow head (quad columns NaN, which Bokeh does not draw); ``value`` and
# ``slot`` are where the point stands (the value scaled to its metric's plot, 0 to 1)
_MARKS = [*_HOVER, "metric", "value", "slot", "marker", "angle", "size", "fill", "line", "width", "alpha",
          "left", "right", "bottom", "top", "quad_alpha", "edge_alpha"]
# the stripes behind every other article and the axis lines; every text (titles, labels, ticks)
_LINES = ["left", "right", "bottom", "top", "x0", "y0", "x1", "y1", "colour", "alpha"]
_TEXTS = ["tx", "ty", "words", "align", "baseline", "font_size", "font_style", "colour", "offset"]

#: Rows' heights (an article's row is one) of a plot's title above its rows, its axis below them and the
#: space to the next plot.
TITLE, AXIS, GAP = 0.45, 0.85, 0.2
INK = "#444444"


class _CasualtyPlot:
    """One figure for every metric: a plot per metric one under the other, each with its own value axis,
    a row per article, and each figure drawn as the interval its qualifier means."""

    def __init__(self, on_select, cue_on):
        self.marks, self.lines, self.texts = source(_MARKS), source(_LINES), source(_TEXTS)
        fig = bare_figure(height=170, tools="tap,save", x_range=Range1d(0, 1), y_range=Range1d(-1, 0),
                          min_border_left=4, min_border_right=4, min_border_top=4, min_border_bottom=4)
        glyph(fig, "quad", left="left", right="right", bottom="bottom", top="top", source=self.lines,
              fill_color="#eef1f5", line_alpha=0)
        glyph(fig, "segment", "x0", "y0", "x1", "y1", source=self.lines, line_color="colour", line_alpha="alpha")
        quads = glyph(fig, "quad", left="left", right="right", bottom="bottom", top="top", source=self.marks,
                      fill_color=COLOUR, fill_alpha="quad_alpha", line_color=COLOUR, line_alpha="edge_alpha",
                      line_dash="dashed")
        points = glyph(fig, "scatter", "value", "slot", source=self.marks, marker="marker", angle="angle",
                       size="size", fill_color="fill", line_color="line", line_width="width", alpha="alpha")
        glyph(fig, "text", "tx", "ty", "words", source=self.texts, text_align="align", text_baseline="baseline",
              text_font_size="font_size", text_font_style="font_style", text_color="colour", x_offset="offset")
        fig.add_tools(HoverTool(renderers=[points, quads], tooltips=_TOOLTIP))
        tool(fig, TapTool).renderers = [points]
        cue_on(fig, Tap)  # a click on a mark selects its figure: the busy cue shows until it has
        self.marks.selected.on_change("indices", lambda _a, _o, index: on_select(self.marks, index))
        share_views(fig)
        self.fig = fig
        self.pane = pn.pane.Bokeh(fig, sizing_mode="stretch_width")
        # shown and hidden through this box: toggling a Bokeh pane's own visibility makes Panel copy
        # the figure's properties back, which fails on its themed stylesheets in a served page
        self.box = pn.Column(self.pane, sizing_mode="stretch_width", margin=0)

    def draw(self, frame: CasualtyFrame, labels: dict[str, str], built: dict | None = None) -> None:
        """Draw ``frame``; ``built``, when given, is :meth:`columns` of it (made once, shared by drawings)."""
        built = built if built is not None else self.columns(frame, labels)
        for name in ("marks", "lines", "texts"):
            put(getattr(self, name), *built[name])
        self.fig.y_range.update(start=built["y_start"], end=0.0)
        self.fig.height = built["height"]

    @staticmethod
    def columns(frame: CasualtyFrame, labels: dict[str, str]) -> dict:
        """What :meth:`draw` puts in the plot's sources (a pure function of the frame)."""
        marks, lines, texts = [], [], []
        top = 0.0
        rows = frame.rows
        row, header, names = rows.row.to_numpy(float), rows.header.to_numpy(float), rows.label.tolist()
        odd = row[row.astype(int) % 2 == 1]
        columns = {c: frame.marks[c].to_numpy() for c in _FROM_FRAME}
        for metric in frame.metrics:
            label = labels.get(metric, metric)
            base = top - TITLE - (len(rows) - 0.5)  # where row 0's middle is
            bottom = base - 0.5  # the bottom of the plot's rows, its axis
            drawn, named = _metric_marks(columns, metric, frame.extents[metric], base)
            marks += drawn
            texts.append(named)
            texts.append(part(1, tx=0.0, ty=top - 0.05, words=label, align="left", baseline="top", font_size="10pt",
                              font_style="bold", colour=INK, offset=0.0))
            lines.append(part(len(odd), left=0.0, right=1.0, bottom=odd + base - 0.5, top=odd + base + 0.5,
                              colour=INK, alpha=0.0))
            texts.append(part(len(rows), tx=0.0, ty=header + base, words=names, align="left", baseline="top",
                              font_size="8pt", font_style="italic", colour="#555555", offset=4.0))
            xmin, xmax = frame.extents[metric]
            ticks = nice_ticks(xmin, xmax, 6)
            at = (ticks - xmin) / (xmax - xmin)
            ticks, at = ticks[(at > 0.01) & (at < 0.97)], at[(at > 0.01) & (at < 0.97)]  # labels inside the plot
            n = len(at)
            lines.append(part(  # the grid, the axis line, its ticks
                2 * n + 1, x0=[*at, 0.0, *at], x1=[*at, 1.0, *at],
                y0=[*[bottom + len(rows)] * n, bottom, *[bottom] * n],
                y1=[*[bottom] * n, bottom, *[bottom - 0.1] * n],
                colour=["#dddddd"] * n + [INK] * (n + 1), alpha=[0.6] * n + [1.0] * (n + 1)))
            texts.append(part(n, tx=at, ty=bottom - 0.13, words=[tick_label(t) for t in ticks], align="center",
                              baseline="top", font_size="9pt", font_style="normal", colour=INK, offset=0.0))
            texts.append(part(1, tx=0.5, ty=bottom - 0.45, words=f"{label} (as printed)", align="center",
                              baseline="top", font_size="9pt", font_style="italic", colour=INK, offset=0.0))
            top = bottom - AXIS - GAP
        return {"marks": fill_columns(marks, _MARKS), "lines": fill_columns(lines, _LINES),
                "texts": fill_columns(texts, _TEXTS), "y_start": min(top + GAP, -1.0),
                "height": round(ROW_PX * (GAP - top)) + 36}  # the toolbar's row and the borders


_FROM_FRAME = [*_HOVER, "metric", "kind", "value", "lower", "upper", "slot", "chosen", "label_x", "label"]


def _metric_marks(columns: dict, metric: str, extent: tuple[float, float], base: float) -> tuple[list, dict]:
    """One metric's marks (points, then arrow heads) and their labels at its plot's place, its values
    scaled to 0 to 1, from the frame's marks as ``columns``."""
    take = np.flatnonzero(columns["metric"] == metric)
    df = {c: v[take] for c, v in columns.items()}
    xmin, xmax = extent
    scale = lambda v: (np.asarray(v, dtype=float) - xmin) / (xmax - xmin)  # noqa: E731
    kind, value, lower_bound = df["kind"], df["value"].astype(float), df["lower"].astype(float)
    lower, approx = kind == "lower", kind == "approximate"
    slot = df["slot"].astype(float) + base
    upper = df["upper"].astype(float)
    upper = np.where(np.isfinite(upper), upper, xmax - 0.012 * (xmax - xmin))  # the arrow head inside
    bar = 5 / ROW_PX / 2  # a bar 5 px thick
    hover = {c: df[c] for c in _HOVER}
    points = part(
        len(take), **hover, metric=metric, value=scale(value), slot=slot, marker=np.where(lower, "square", "circle"),
        angle=0.0, size=11.0, fill=np.where(kind == "exact", COLOUR, "#ffffff"),
        line=np.where(df["chosen"].astype(bool), "#000000", COLOUR), width=2.0, alpha=1.0,
        left=np.where(lower | approx, scale(np.where(lower, value, lower_bound)), np.nan),
        right=np.where(lower | approx, scale(upper), np.nan),
        bottom=np.where(lower, slot - bar, np.where(approx, slot - 0.08, np.nan)),
        top=np.where(lower, slot + bar, np.where(approx, slot + 0.08, np.nan)),
        quad_alpha=np.where(lower, 0.35, 0.3), edge_alpha=np.where(lower, 0.0, 1.0))
    heads = part(int(lower.sum()), **{c: v[lower] for c, v in hover.items()}, metric=metric,
                 value=scale(upper[lower]), slot=slot[lower], marker="triangle", angle=-math.pi / 2, size=12.0,
                 fill=COLOUR, line=COLOUR, width=1.0, alpha=0.5, quad_alpha=0.0, edge_alpha=0.0)
    # each figure's label on its own line, right of its mark (of its band for nearly / about)
    labels = part(len(take), tx=scale(df["label_x"]), ty=slot, words=df["label"], align="left", baseline="middle",
                  font_size="8pt", font_style="normal", colour="#222222", offset=9.0)
    return [points, heads], labels


class _CasualtyDrawing(Drawing):
    """One display: the one figure of every casualty metric, and the view's text parts, each shown or hidden."""

    def __init__(self, view: "CasualtyComparison"):
        self.plot = _CasualtyPlot(view._on_select, view.cue_on)
        self.pane = self.plot.pane
        self.parts = {"message": view._message, "key": view._key_pane, "plot": self.plot.box,
                      "table": view._table_pane, "others": view._others_pane}
        self.column = pn.Column(*self.parts.values(), sizing_mode="stretch_width")


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
        self._message = LiveText(sizing_mode="stretch_width", visible=False)
        self._key_pane = Text(_KEY_HTML, sizing_mode="stretch_width")
        self._table_pane = LiveText(sizing_mode="stretch_width")
        self._others_pane = LiveText(sizing_mode="stretch_width")

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
        tables = self._drawn(frame, lambda: (
            comparison_html(p, frame.figures) if len(frame.figures) else "",
            "<details class='cd-other'><summary class='cd-subhead'>Other counts (attackers, arrests, "
            f"charges…)</summary>{comparison_html(p, frame.others)}</details>" if len(frame.others) else ""),
            kind="tables")
        for pane, text in zip((self._table_pane, self._others_pane), tables):
            if pane.object != text:
                pane.object = text

    def _draw(self, drawing: _CasualtyDrawing, frame: CasualtyFrame) -> None:
        shown = {"message"} if self._message.visible else set()
        if not self._failed and not frame.empty:
            if frame.metrics:
                shown |= {"key", "plot"}
            shown |= {name for name, pane in (("table", self._table_pane), ("others", self._others_pane))
                      if pane.object}
        # a hidden plot keeps none of an earlier choice of articles
        labels = self.prepared.metric_labels
        if "plot" in shown:
            drawing.plot.draw(frame, labels, self._drawn(frame, lambda: drawing.plot.columns(frame, labels)))
        else:
            drawing.plot.draw(_nothing(frame), labels)
        for name, part in drawing.parts.items():
            part.visible = name in shown

    def __panel__(self):
        return self.drawing().column


def _nothing(frame: CasualtyFrame) -> CasualtyFrame:
    """``frame`` without a plot."""
    return dataclasses.replace(frame, metrics=[])


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
