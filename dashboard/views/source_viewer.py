"""Source viewer: the article with the selected quote highlighted where it stands."""

from __future__ import annotations

import pandas as pd
import panel as pn
import param
from panel.custom import JSComponent

from ..html import article_html, esc, message_html
from ..query import Selection, event_quote, record, statement_reports, statement_summary
from ..text import locate
from .base import LiveHTML, View, friendly


class ArticleText(JSComponent):
    """Pre-escaped article HTML in a scrolling box that scrolls to its ``<mark>``."""

    html = param.String(default="", doc="Escaped article HTML (see dashboard.html.article_html).")

    _esm = """
    export function render({ model, el }) {
      const box = document.createElement('div')
      box.className = 'cd-article'
      const show = () => {
        box.innerHTML = model.html
        const mark = box.querySelector('mark')
        if (mark) {
          requestAnimationFrame(() => { box.scrollTop = mark.offsetTop - box.clientHeight / 3 })
        }
      }
      show()
      model.on('html', show)
      el.appendChild(box)
    }
    """

    _stylesheets = ["""
    .cd-article { box-sizing: border-box; width: 100%; max-height: 460px; overflow-y: auto; padding: 4px 12px; border: 1px solid #ddd;
                  border-radius: 4px; background: #fff; font-size: 14px; line-height: 1.5; color: #222;
                  overflow-wrap: anywhere; }
    .cd-article p { margin: 0 0 0.7em 0; }
    .cd-article mark { background: #ffe066; color: #000; padding: 1px 0; outline: 2px solid #e0b000; }
    """]


class SourceViewer(View):
    """Shows where the selected claim, figure or event comes from, and how other outlets worded it."""

    title = param.String(default="Source")

    note = param.String(default="The selected quote, highlighted in its article.")

    def __init__(self, **params):
        super().__init__(**params)
        self._header = LiveHTML(sizing_mode="stretch_width")
        self._article = ArticleText(sizing_mode="stretch_width")
        self._others = pn.Column(sizing_mode="stretch_width")
        self.state.param.watch(self._refresh, "selected")
        self._refresh()

    @friendly
    def _render(self):
        sel = Selection.parse(self.state.selected)
        if sel is None:
            self._header.object = message_html(
                "Select a claim in the table, a mark on the timeline, or a figure, "
                "to read it highlighted in its article.")
            self._article.html = ""
            self._article.visible = False
            self._others[:] = []
            return None
        self._article.visible = True
        if sel.kind == "claim":
            self._show_claim(sel.id)
        elif sel.kind == "figure":
            self._show_figure(sel.id)
        else:
            self._show_event(sel.id)
        return None

    def _refresh(self, *_):
        error = self._render()
        if error is not None:  # friendly() turned an exception into a message pane
            self._header.object = error.object
            self._article.visible = False
            self._others[:] = []

    # ---------------------------------------------------------------- parts
    def _source_header(self, source_id: str) -> str:
        src = record(self.prepared, "sources", source_id)
        outlet = src.outlet if not pd.isna(src.outlet) else "Outlet not named in the article"
        author = f" · {esc(src.author)}" if not pd.isna(src.author) else ""
        return (f'<div class="cd-source"><div class="cd-headline">{esc(src.headline)}</div>'
                f'<div class="cd-meta">{esc(outlet)}{author} · published {src.published:%-d %B %Y}'
                f' <span class="cd-basis" title="{esc(src.published_basis)}">(how dated?)</span></div></div>')

    def _set_article(self, source_id: str, quote: str):
        text = self.prepared.dataset.articles[source_id]
        self._article.html = article_html(text, locate(text, quote))

    def _show_claim(self, claim_id: str):
        p = self.prepared
        claim = record(p, "claims", claim_id)
        colour = esc(claim.colour)
        details = [
            f'<b>{esc(claim.actor)}</b> → <b>{esc(claim.target)}</b> '
            f'<span class="cd-stance" style="border-color:{colour}">{esc(claim.stance_label)}</span>',
            f"Said: {esc(claim.said)} <span class='cd-dim'>({esc(claim.said_on_basis)})</span>",
            f"Wording: {esc(claim['mode'])}" + (f" · via {esc(claim.via)}" if claim.via else ""),
            f"Evidence: {esc(claim.evidence)}",
        ]
        self._header.object = self._source_header(claim.source_id) + "<div class='cd-claim'>" + "<br>".join(details) + "</div>"
        self._set_article(claim.source_id, claim.quote)
        reports = statement_reports(p, claim_id)
        self._others[:] = self._report_cards(reports, claim_id)

    def _report_cards(self, reports: pd.DataFrame, current: str):
        if len(reports) <= 1:
            return [pn.pane.HTML("<div class='cd-dim'>No other report of this statement in the data.</div>")]
        summary = statement_summary(self.prepared, reports.statement_id.iloc[0])
        cards = []
        for r in reports.itertuples():
            shown = r.claim_id == current
            button = pn.widgets.Button(label="Shown above" if shown else "Open in article", disabled=shown,
                                       width=140)
            button.on_click(lambda _e, cid=r.claim_id: setattr(self.state, "selected", f"claim:{cid}"))
            body = pn.pane.HTML(
                f"<div class='cd-report'><div class='cd-meta'><b>{esc(r.outlet)}</b> · {esc(r.stance_label)} "
                f"{esc(r.target)} · said {esc(r.said)}</div><div class='cd-quote'>“{esc(r.quote)}”</div></div>",
                sizing_mode="stretch_width")
            cards.append(pn.Column(body, button, width=210, styles={"border": "1px solid #ddd", "border-radius": "4px",
                                                                  "padding": "4px", "background": "#fafafa"}))
        return [pn.pane.HTML(f"<div class='cd-subhead'>The same statement as reported by each outlet: "
                             f"{esc(summary)}</div>", sizing_mode="stretch_width"),
                pn.FlexBox(*cards, sizing_mode="stretch_width")]

    def _show_figure(self, figure_id: str):
        f = record(self.prepared, "figures", figure_id)
        as_of = f"{f.as_of:%-d %B %Y}" if not pd.isna(f.as_of) else "not stated"
        given = f.attributed_to or "not stated"
        self._header.object = (self._source_header(f.source_id) +
                               f"<div class='cd-claim'><b>{esc(f.metric_label)}: {esc(f.text)}</b><br>"
                               f"As of: {esc(as_of)} · Given by: {esc(given)}</div>")
        self._set_article(f.source_id, f.quote)
        self._others[:] = []

    def _show_event(self, ident: str):
        event_id, _, source_id = ident.partition("@")
        p = self.prepared
        event = record(p, "events", event_id)
        quote = event_quote(p, event_id, source_id)
        self._header.object = (self._source_header(source_id) +
                               f"<div class='cd-claim'><b>{esc(event.title)}</b> · {esc(event.when)}<br>"
                               f"{esc(event.description)}</div>")
        self._set_article(source_id, quote)
        self._others[:] = []

    def __panel__(self):
        return pn.Column(self._header, self._article, self._others, sizing_mode="stretch_width")
