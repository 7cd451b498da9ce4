"""Claim matrix: claimants by blamed parties; each cell split by stance and counted."""

from __future__ import annotations

import math

import numpy as np
import panel as pn
import param
from bokeh.events import Tap
from bokeh.models import HoverTool, Range1d

from ..elements import matrix as draw_matrix
from ..frames import MatrixFrame, matrix_frame
from ..html import esc
from ..state import FILTERS
from .base import Drawing, DrawnView, short
from .plotting import built, changed_only, glyph, new_figure, replace, set_ticks, share_views, source
from .text import Text

_TOOLTIP = """
<div style="max-width:360px;white-space:normal">
<b>@{actor}</b> &rarr; <b>@{target}</b><br>
<span style="color:@{colour}">&#9632;</span> @{stance_label}: @{count}<br>
<span style="color:#555">Click to filter to this pair; click again to clear.</span>
</div>
"""

_CELL_COLUMNS = ["actor_id", "target_id", "x0", "x1", "xm", "y", "y0", "y1", "actor", "target", "stance_label",
                 "count", "colour", "label", "label_black", "label_white"]
#: The columns taken from the frame as they are (the others are computed from them).
_FRAME_COLUMNS = [c for c in _CELL_COLUMNS if c not in ("y0", "y1", "label_black", "label_white")]
_ROW_PX = 34
AXIS_LABEL = "Claims about… (blamed, denied or questioned party)"


#: Most parties whose labels stand level under the matrix; more are slanted.
_LEVEL_LABELS = 5


def _columns(frame: MatrixFrame) -> tuple[dict, dict, dict, bool]:
    """What a drawing of ``frame`` puts in its source of cells, its axes' labels, and whether the parties'
    labels stand level (every drawing of the frame the same: see :func:`~.plotting.built`)."""
    cells = frame.cells
    data = {c: cells[c].to_numpy() for c in _FRAME_COLUMNS}
    y, label, black = data["y"], data["label"], cells["ink"].to_numpy() == "#000000"
    data.update(y0=y - 0.4, y1=y + 0.4, label_black=np.where(black, label, ""),
                label_white=np.where(black, "", label))
    ny = len(frame.rows)
    level = len(frame.cols) <= _LEVEL_LABELS
    # side by side, wrapped labels of more than a few parties run into each other: slanted, on one
    # line each, they fit (cut to 24 characters: the hover and the keyboard list give them whole)
    labels = frame.cols.label if level else [short(label.replace("\n", " "), 24) for label in frame.cols.label]
    return (data, dict(enumerate(labels)), {ny - 1 - i: label for i, label in enumerate(frame.rows.label)},
            level)


class _MatrixDrawing(Drawing):
    def __init__(self, view: "ClaimMatrix"):
        self.view = view
        self.cells = source(_CELL_COLUMNS)
        fig = new_figure(height=300, x_range=Range1d(-0.6, 0.4), y_range=Range1d(-0.6, 0.4), tools="tap,save")
        cells = glyph(fig, "quad", left="x0", right="x1", bottom="y0", top="y1", source=self.cells, fill_color="colour",
                         line_color="#ffffff", line_width=1.5)
        self.quads = cells.glyph
        # each segment's count where it fits ("" where it does not), in the ink that reads on its stance's
        # colour: one text glyph per ink, each of one colour. A colour mapped per cell (factor_cmap) made
        # BokehJS read past the end of its colours when a notebook update shortened the cells.
        for ink_colour in ("black", "white"):
            glyph(fig, "text", "xm", "y", f"label_{ink_colour}", source=self.cells, text_font_size="9pt",
                     text_font_style="bold", text_align="center", text_baseline="middle", text_color=ink_colour)
        fig.add_tools(HoverTool(renderers=[cells], tooltips=_TOOLTIP))
        fig.xaxis.axis_label = AXIS_LABEL
        fig.xaxis.axis_label_text_font_size = "9pt"
        fig.xaxis.axis_label_text_font_style = "normal"
        fig.xaxis.major_label_orientation = "horizontal"
        fig.axis.major_label_text_font_size = "8.5pt"
        fig.axis.major_label_text_line_height = 1.0
        fig.center = []  # no grid lines (Bokeh puts only the two grids there)
        share_views(fig)
        self.fig = fig
        self.cells.selected.on_change("indices", self._on_tap_cell)
        view.cue_on(fig, Tap)
        self.pane = pn.pane.Bokeh(fig, sizing_mode="stretch_width")

    def draw(self, frame: MatrixFrame) -> None:
        data, xlabels, ylabels, level = built(frame, "matrix", lambda: _columns(frame))
        replace(self.cells, data, _CELL_COLUMNS)
        changed_only(self.quads, line_color="#000000" if frame.pair else "#ffffff")  # the chosen pair outlined
        ny = len(frame.rows)
        set_ticks(self.fig.xaxis, xlabels)
        changed_only(self.fig.xaxis[0], major_label_orientation="horizontal" if level else math.pi / 3)
        set_ticks(self.fig.yaxis, ylabels)
        changed_only(self.fig.x_range, start=frame.xlim[0], end=frame.xlim[1])
        changed_only(self.fig.y_range, start=frame.ylim[0], end=frame.ylim[1])
        changed_only(self.fig, height=_ROW_PX * max(ny, 1) + (150 if level else 200))

    def _on_tap_cell(self, _attr, _old, index):
        if len(index) != 1:
            return
        data = self.cells.data
        if index[0] < len(data["actor_id"]):
            self.view.apply(self.view.state.toggle_pair, data["actor_id"][index[0]], data["target_id"][index[0]])


class ClaimMatrix(DrawnView):
    """Who blames whom: rows are claimants, columns the parties their claims are about.

    At most ``max_rows`` claimants and ``max_cols`` parties are drawn: those
    with the most matching claims.
    """

    title = param.String(default="Who blames whom")

    note = param.String(default=(
        "Rows make claims about columns. Each cell is split by stance, each part as wide as its share and "
        "numbered with its claims. Click a cell to filter to that pair; click again to clear."
    ))

    max_rows = param.Integer(default=30, bounds=(1, None), doc="Claimants shown at most.")

    max_cols = param.Integer(default=30, bounds=(1, None), doc="Parties (columns) shown at most.")

    _element = staticmethod(draw_matrix)
    _limits = ("max_rows", "max_cols")

    watches = FILTERS

    def __init__(self, **params):
        super().__init__(**params)
        self.param.watch(self._redraw, ["max_rows", "max_cols"])

    def frame(self) -> MatrixFrame:
        s, filters, limits = self.state, self.state.filters, (self.max_rows, self.max_cols)
        return self._shared((filters, limits), lambda: matrix_frame(self.prepared, filters, mask=s.mask(),
                                                                    max_rows=limits[0], max_cols=limits[1]))

    def _empty_frame(self) -> MatrixFrame:
        return matrix_frame(self.prepared, mask=np.zeros(len(self.prepared.claims), dtype=bool))

    def _new_drawing(self) -> _MatrixDrawing:
        return _MatrixDrawing(self)

    def _draw(self, drawing: _MatrixDrawing, frame: MatrixFrame) -> None:
        drawing.draw(frame)

    def _describe(self, frame: MatrixFrame) -> None:
        self.set_notice("" if len(frame.rows) or self._failed else "No claims match the current filters.", frame.info)

    def legend(self, heading: str = "") -> Text:
        """Stance colours, shared with every view (under ``heading``, in bold, when given)."""
        p = self.prepared
        items = "".join(
            f'<span class="cd-swatch"><i style="background:{esc(p.stance_colours[s])}"></i>{esc(label)}</span>'
            for s, label in p.stance_labels.items())
        head = f"<b>{esc(heading)}</b>" if heading else ""
        return Text(f'{head}<div class="cd-legend">{items}</div>',
                    sizing_mode="stretch_width", margin=(10, 10, 0, 10) if heading else (0, 10))

    def __panel__(self):
        return pn.Column(self.notice, self.legend(), self._plot(), **self._column)
