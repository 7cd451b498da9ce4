"""Source viewer: the article with the selected quote highlighted where it stands."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pandas as pd
import panel as pn
import param

from ..html import article_html, esc, message_html
from ..query import Selection, event_quote, record, statement_reports, statement_summary
from ..text import locate
from ..upstream import PlainJSComponent
from .base import View, friendly
from .text import TEXT_CSS, Text
from .widgets import FOCUS_CSS

_WEB = re.compile(r"https?://[^\s\"'<>]+", re.IGNORECASE)


def original_link(src) -> str:
    """The source's outlet and a link to its original publication, or a note that none was found.

    ``src`` is a row of the sources table; ``url`` and ``url_basis`` are optional columns.
    """
    outlet = _text(getattr(src, "outlet", None))
    url = _text(getattr(src, "url", None))
    basis = _text(getattr(src, "url_basis", None))
    how = f' <span class="cd-basis" title="{esc(basis)}">(how found?)</span>' if basis else ""
    if url and _WEB.fullmatch(url):
        host = urlsplit(url).hostname or url
        name = outlet or host
        return (f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer">Original at {esc(name)}'
                f'<span class="cd-sr"> (opens in a new tab)</span></a>{how}')
    return f'<span class="cd-dim">No link to the original was found.</span>{how}'


def _text(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value).strip()


class ArticleText(PlainJSComponent):
    """The source header and the article (both pre-escaped HTML) in a box that scrolls to its ``<mark>``.

    When ``selection`` changes to something (a click on a mark, a cell's claim, a table row, or a
    shared link that opens with one), the page scrolls the viewer into view and moves the focus
    to its heading; "Back to where you were" returns the focus and the scroll position.
    """

    header = param.String(default="", doc="Escaped HTML above the article: the source and what is selected.")

    html = param.String(default="", doc="Escaped article HTML (see dashboard.html.article_html).")

    selection = param.String(default="", doc="What is shown (FilterState.selected); a change leads the eye here.")

    _esm = """
    // The element that has the focus, inside any shadow roots.
    const deepActive = () => {
      let a = document.activeElement
      while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement
      return a
    }
    // Whether `node` is inside an element with class `cls`, across shadow roots.
    const within = (node, cls) => {
      for (let n = node; n; n = n.parentNode || n.host) if (n.classList?.contains(cls)) return true
      return false
    }
    const scrollers = () => [document.scrollingElement, document.getElementById('main')].filter(Boolean)

    export function render({ model, el }) {
      const wrap = document.createElement('div')
      wrap.className = 'cd-viewer'
      const back = document.createElement('button')
      back.type = 'button'
      back.className = 'cd-back'
      back.textContent = '↩ Back to where you were'
      back.hidden = true
      const head = document.createElement('div')
      head.className = 'cd-viewer-head'
      const box = document.createElement('div')
      box.className = 'cd-article'
      box.tabIndex = 0
      box.setAttribute('role', 'region')
      box.setAttribute('aria-label', 'Article text')
      wrap.append(back, head, box)
      el.appendChild(wrap)

      let origin = null, scrolled = []
      const toMark = () => {
        const mark = box.querySelector('mark')
        // a third of the way down the box (offsetTop would count from the page's nearest positioned box)
        if (mark) box.scrollTop += mark.getBoundingClientRect().top - box.getBoundingClientRect().top - box.clientHeight / 3
      }
      const show = () => {
        head.innerHTML = model.header
        box.innerHTML = model.html
        box.hidden = !model.html
        requestAnimationFrame(toMark)
      }
      const lead = () => {
        const target = head.querySelector('.cd-headline') || head
        target.tabIndex = -1
        wrap.scrollIntoView({ block: 'start' })
        target.focus({ preventScroll: true })
        toMark()
      }
      const selected = () => {
        if (!model.selection) { back.hidden = true; return }
        const from = deepActive()
        if (!within(from, 'cd-source-section')) {  // a choice made elsewhere: remember where
          origin = from && from !== document.body ? from : null
          scrolled = scrollers().map((s) => [s, s.scrollTop])
        }
        back.hidden = !(origin || scrolled.length)
        requestAnimationFrame(lead)
      }
      back.addEventListener('click', () => {
        for (const [s, top] of scrolled) s.scrollTop = top
        if (origin?.isConnected) origin.focus({ preventScroll: true })
        back.hidden = true
      })
      show()
      model.on(['header', 'html'], show)
      model.on('selection', selected)
      if (model.selection) {
        // a link that opens with a selection opens on it, once the page has laid itself out
        let moved = false
        const stop = () => { moved = true }
        for (const e of ['wheel', 'keydown', 'pointerdown', 'touchstart']) window.addEventListener(e, stop, { once: true, capture: true })
        for (const ms of [300, 1200, 2500]) setTimeout(() => { if (!moved) lead() }, ms)
        // views built after the first paint push the viewer down: follow it until the user moves
        const began = performance.now()
        const follow = setInterval(() => {
          if (moved || performance.now() - began > 20000) { clearInterval(follow); return }
          const r = head.getBoundingClientRect()
          if (r.height > 0 && (r.top < 0 || r.top >= innerHeight)) lead()
        }, 300)
      }
    }
    """

    _stylesheets = [TEXT_CSS, FOCUS_CSS + """
    :host { font-family: var(--bokeh-base-font, system-ui, sans-serif); color: #212529; }
    .cd-viewer { scroll-margin-top: 70px; }
    .cd-back { font: inherit; font-size: 13px; margin: 0 0 6px 0; padding: 3px 10px; border: 1px solid #8a939c;
               border-radius: 4px; background: #f6f8fa; color: #1f3b57; cursor: pointer; }
    .cd-headline { font-size: 17px; font-weight: 600; margin: 0; }
    .cd-meta { font-size: 12.5px; color: #444; }
    .cd-meta a { color: #0b4f8a; }
    .cd-dim { color: #595959; font-size: 12.5px; }
    .cd-basis { text-decoration: underline dotted; cursor: help; }
    .cd-claim { margin: 6px 0; font-size: 13.5px; line-height: 1.45; overflow-wrap: anywhere; }
    .cd-stance { border-left: 6px solid; padding-left: 4px; margin-left: 4px; }
    .cd-message { padding: 8px 10px; border-radius: 4px; background: #eef4fb; border: 1px solid #b6d0ea;
                  margin: 4px 0; font-size: 13px; }
    .cd-article { box-sizing: border-box; width: 100%; max-height: 460px; overflow-y: auto; padding: 4px 12px;
                  border: 1px solid #ddd; border-radius: 4px; background: #fff; font-size: 14px; line-height: 1.5;
                  color: #222; overflow-wrap: anywhere; }
    .cd-article p { margin: 0 0 0.7em 0; }
    .cd-article mark { background: #ffe066; color: #000; padding: 1px 0; outline: 2px solid #e0b000; }
    """]


class SourceViewer(View):
    """Shows where the selected claim, figure or event comes from, and how other outlets worded it."""

    title = param.String(default="Source")

    note = param.String(default="The selected quote, highlighted in its article.")

    def __init__(self, **params):
        super().__init__(**params)
        self._article = ArticleText(sizing_mode="stretch_width")
        self._others = pn.Column(sizing_mode="stretch_width")
        self.state.param.watch(self._refresh, "selected")
        self._refresh()

    @friendly
    def _render(self):
        sel = Selection.parse(self.state.selected)
        if sel is None:
            self._article.param.update(header=message_html(
                "Select a claim in the table, a mark on the timeline, or a figure, "
                "to read it highlighted in its article."), html="", selection="")
            self._others[:] = []
            return None
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
            self._article.param.update(header=error.object, html="", selection="")
            self._others[:] = []

    def _show(self, header: str, source_id: str, quote: str) -> None:
        """Show ``header`` over the article with ``quote`` marked; the selection last, as it leads the eye."""
        text = self.prepared.dataset.articles[source_id]
        self._article.param.update(header=header, html=article_html(text, locate(text, quote)),
                                   selection=self.state.selected)

    # ---------------------------------------------------------------- parts
    def _source_header(self, source_id: str) -> str:
        src = record(self.prepared, "sources", source_id)
        outlet = _text(src.outlet) or "Outlet not named in the article"
        author = f" · {esc(src.author)}" if _text(src.author) else ""
        return (f'<div class="cd-source"><h3 class="cd-headline">{esc(src.headline)}</h3>'
                f'<div class="cd-meta"><b>{esc(outlet)}</b>{author} · published {src.published:%-d %B %Y}'
                f' <span class="cd-basis" title="{esc(src.published_basis)}">(how dated?)</span></div>'
                f'<div class="cd-meta">{original_link(src)}</div></div>')

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
        self._show(self._source_header(claim.source_id) + "<div class='cd-claim'>" + "<br>".join(details) + "</div>",
                   claim.source_id, claim.quote)
        reports = statement_reports(p, claim_id)
        self._others[:] = self._report_cards(reports, claim_id)

    def _report_cards(self, reports: pd.DataFrame, current: str):
        if len(reports) <= 1:
            return [Text("<div class='cd-dim'>No other report of this statement in the data.</div>")]
        summary = statement_summary(self.prepared, reports.statement_id.iloc[0])
        cards = []
        for r in reports.itertuples():
            shown = r.claim_id == current
            button = pn.widgets.Button(label="Shown above" if shown else "Open in article", disabled=shown,
                                       width=140, stylesheets=[FOCUS_CSS])
            button.on_click(lambda _e, cid=r.claim_id: setattr(self.state, "selected", f"claim:{cid}"))
            body = Text(
                f"<div class='cd-report'><div class='cd-meta'><b>{esc(r.outlet)}</b> · {esc(r.stance_label)} "
                f"{esc(r.target)} · said {esc(r.said)}</div><div class='cd-quote'>“{esc(r.quote)}”</div></div>",
                sizing_mode="stretch_width")
            cards.append(pn.Column(body, button, width=210, styles={"border": "1px solid #ddd", "border-radius": "4px",
                                                                  "padding": "4px", "background": "#fafafa"}))
        return [Text(f"<div class='cd-subhead'>The same statement as reported by each outlet: "
                     f"{esc(summary)}</div>", sizing_mode="stretch_width"),
                pn.FlexBox(*cards, sizing_mode="stretch_width")]

    def _show_figure(self, figure_id: str):
        f = record(self.prepared, "figures", figure_id)
        as_of = f"{f.as_of:%-d %B %Y}" if not pd.isna(f.as_of) else "not stated"
        given = f.attributed_to or "not stated"
        self._show(self._source_header(f.source_id) +
                   f"<div class='cd-claim'><b>{esc(f.metric_label)}: {esc(f.text)}</b><br>"
                   f"As of: {esc(as_of)} · Given by: {esc(given)}</div>", f.source_id, f.quote)
        self._others[:] = []

    def _show_event(self, ident: str):
        event_id, _, source_id = ident.partition("@")
        p = self.prepared
        event = record(p, "events", event_id)
        quote = event_quote(p, event_id, source_id)
        self._show(self._source_header(source_id) +
                   f"<div class='cd-claim'><b>{esc(event.title)}</b> · {esc(event.when)}<br>"
                   f"{esc(event.description)}</div>", source_id, quote)
        self._others[:] = []

    def __panel__(self):
        return pn.Column(self._article, self._others, sizing_mode="stretch_width")
