"""Casualty figures across outlets, each drawn as the interval its qualifier implies."""

from __future__ import annotations

import holoviews as hv
import numpy as np
import pandas as pd
import panel as pn
import param

from ..html import esc, message_html
from ..query import Selection, figure_rows
from .base import View, friendly

_DODGE = 0.22
# One template per layer: identical hover tools in an overlay get merged and stop answering.
_TOOLTIP = """
<div data-layer="LAYER" style="max-width:400px;white-space:normal">
<b>@{outlet}</b><br>@{metric_label}: <b>@{text}</b><br>
as of: @{as_of_text} &middot; given by: @{given_by}<br>
<span>&ldquo;@{quote}&rdquo;</span>
</div>
"""
_VDIMS = ["figure_id", "outlet", "metric_label", "text", "as_of_text", "given_by", "quote", "label"]


class CasualtyComparison(View):
    """What each article reports, oldest article at the top: a point is exact, a bar
    running off to the right is "at least / more than / over", a band is "nearly / about"."""

    title = param.String(default="Casualty figures by outlet")

    note = param.String(default=(
        "What each article printed, as its qualifier means it. Choose outlets in the filters to "
        "compare; click a mark to read its sentence."
    ))

    def __init__(self, **params):
        super().__init__(**params)
        self._drawn: dict[str, pd.DataFrame] = {}
        self._column = pn.Column(sizing_mode="stretch_width")
        self.state.param.watch(self._refresh, ["sources", "selected"])
        self._refresh()

    def _rows(self, figures: pd.DataFrame) -> dict[str, int]:
        sources = self.prepared.sources
        if self.state.sources:
            sources = sources[sources.source_id.isin(self.state.sources)]
        ids = list(sources.source_id)
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
        head = "".join(f"<th>{esc(p.metric_labels.get(m, m))}</th>" for m in metrics)
        body = []
        figures = self._distinct(figures)
        for sid in figures.sort_values("outlet_order").source_id.unique():
            cells = []
            for m in metrics:
                rows = figures[(figures.source_id == sid) & (figures.metric == m)]
                parts = []
                for r in rows.itertuples():
                    extra = [f"as of {r.as_of:%-d %b}"] if not pd.isna(r.as_of) else []
                    extra += [r.attributed_to] if r.attributed_to else []
                    note = f' <span class="cd-dim">({esc("; ".join(extra))})</span>' if extra else ""
                    twice = f' <span class="cd-dim">×{r.printed}</span>' if r.printed > 1 else ""
                    parts.append(f"{esc(r.text)}{twice}{note}")
                cells.append(f"<td>{'<br>'.join(parts) or '<span class=cd-dim>—</span>'}</td>")
            body.append(f"<tr><th>{esc(p.source_labels[sid])}</th>{''.join(cells)}</tr>")
        return (f'<table class="cd-figtable"><thead><tr><th>Article</th>{head}</tr></thead>'
                f'<tbody>{"".join(body)}</tbody></table>')

    @friendly
    def _metric_plot(self, metric: str, figures: pd.DataFrame, rows: dict[str, int]):
        df = self._distinct(figures[figures.metric == metric]).copy()
        df["row"] = df.source_id.map(rows).astype(float)
        rank = df.groupby("source_id").cumcount()
        size = df.groupby("source_id").figure_id.transform("size")
        df["slot"] = df.row - (rank - (size - 1) / 2) * _DODGE
        df["as_of_text"] = [f"{d:%-d %b %Y}" if not pd.isna(d) else "not stated" for d in df.as_of]
        df["given_by"] = df.attributed_to.replace("", "not stated")
        df["label"] = [t + (f" ({d:%-d %b})" if not pd.isna(d) else "") + (f" ×{n}" if n > 1 else "")
                       for t, d, n in zip(df.text, df.as_of, df.printed)]
        finite = np.concatenate([df.lower.to_numpy(float), df.value.to_numpy(float),
                                 df.upper[np.isfinite(df.upper)].to_numpy(float)])
        xmin = finite.min() * 0.8 if finite.size else 0
        xmax = (finite.max() if finite.size else 1) * 1.3
        df["count_end"] = np.where(np.isfinite(df.upper), df.upper, xmax)
        self._drawn[metric] = df
        selected = Selection.parse(self.state.selected)
        df["line"] = np.where(df.figure_id == (selected.id if selected and selected.kind == "figure" else ""),
                              "#000000", "#1f4e79")
        def hover(layer):
            return dict(tools=["hover"], hover_tooltips=_TOOLTIP.replace("LAYER", layer))
        colour = "#1f4e79"
        lower = df[df.kind == "lower"]
        approx = df[df.kind == "approximate"]
        exact = df[df.kind == "exact"]
        open_bars = hv.Segments(lower, ["value", "slot", "count_end", "slot"], _VDIMS).opts(
            color=colour, line_width=5, alpha=0.35, **hover("open-bars"))
        arrows = hv.Points(lower.assign(count=lower.count_end), ["count", "slot"], _VDIMS).opts(
            marker="triangle", angle=-90, size=12, color=colour, alpha=0.5, **hover("arrows"))
        bands = hv.Rectangles(approx.assign(slot0=approx.slot - 0.08, slot1=approx.slot + 0.08),
                              ["lower", "slot0", "upper", "slot1"], _VDIMS).opts(
            color=colour, alpha=0.3, line_color=colour, line_dash="dashed", **hover("bands"))
        marks = pd.concat([exact.assign(marker="circle", fill=colour),
                           lower.assign(marker="square", fill="#ffffff"),
                           approx.assign(marker="circle", fill="#ffffff")])
        points = hv.Points(marks, ["value", "slot"], _VDIMS + ["marker", "fill", "line"]).opts(
            marker="marker", color="fill", line_color="line", line_width=2, size=11,
            tools=["hover", "tap"], hover_tooltips=_TOOLTIP.replace("LAYER", "figures"),
            nonselection_alpha=1.0, selection_alpha=1.0)
        labels = hv.Labels(df, ["value", "slot"], "label").opts(
            text_align="left", text_baseline="bottom", yoffset=0.1, text_font_size="8pt",
            text_color="#222222")
        selection = hv.streams.Selection1D(source=points)
        selection.add_subscriber(lambda index, m=marks: self._on_select(m, index))
        yticks = [(i, self.prepared.source_labels[s]) for s, i in rows.items()]
        label = self.prepared.metric_labels.get(metric, metric)
        return pn.pane.HoloViews((bands * open_bars * arrows * points * labels).opts(
            hv.opts.Overlay(title=label, yticks=yticks, ylim=(-0.6, len(rows) - 0.4), xlim=(xmin, xmax),
                            xlabel=f"{label} (as printed)", ylabel="", responsive=True,
                            height=max(170, 48 * len(rows) + 80), show_legend=False,
                            fontsize={"yticks": 9, "xticks": 9, "title": 10}, default_tools=["save"])),
            sizing_mode="stretch_width", linked_axes=False)

    def _on_select(self, marks: pd.DataFrame, index):
        if len(index) == 1 and index[0] < len(marks):
            self.state.selected = f"figure:{marks.iloc[index[0]].figure_id}"

    def _refresh(self, *_):
        selected = Selection.parse(self.state.selected)
        key = (tuple(self.state.sources), selected if selected and selected.kind == "figure" else None)
        if getattr(self, "_key", None) == key:
            return
        self._key = key
        figures = figure_rows(self.prepared, sources=self.state.sources, casualty_only=False)
        casualties = figures[figures.casualty]
        others = figures[~figures.casualty]
        if figures.empty:
            self._column[:] = [pn.pane.HTML(message_html("No figures in the selected articles."))]
            return
        rows = self._rows(figures)
        order = list(self.prepared.metric_labels)
        # a comparison needs two articles: other metrics are listed in the table only
        reported = casualties.groupby("metric").source_id.nunique()
        plotted = [m for m in order if reported.get(m, 0) >= 2 or (m in reported and len(rows) == 1)]
        parts = [pn.pane.HTML(_KEY_HTML, sizing_mode="stretch_width")] if plotted else []
        parts += [self._metric_plot(m, casualties, rows) for m in plotted]
        if not casualties.empty:
            parts.append(pn.pane.HTML(self._comparison_html(casualties, [m for m in order if m in set(casualties.metric)]),
                                      sizing_mode="stretch_width"))
        if not others.empty:
            table = self._comparison_html(others, [m for m in order if m in set(others.metric)])
            parts.append(pn.pane.HTML(f"<details class='cd-other'><summary class='cd-subhead'>Other counts "
                                      f"(attackers, arrests, charges…)</summary>{table}</details>",
                                      sizing_mode="stretch_width"))
        self._column[:] = parts

    def __panel__(self):
        return self._column


_KEY_HTML = (
    '<div class="cd-key">'
    '<span>&#9679; exact</span><span>&#9633;&#9472;&#9654; at least / more than / over</span>'
    '<span>&#9675;&#9632; nearly / about (band)</span>'
    '<span>Articles oldest first; (date) = as of; ×2 = printed twice. The table gives who stated each figure.</span></div>'
)
