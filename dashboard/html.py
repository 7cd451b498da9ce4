"""The one place where data becomes HTML: every text from the data is escaped here."""

from __future__ import annotations

from html import escape
from pathlib import Path

__all__ = ["TEMPLATES", "article_html", "esc", "message_html"]

#: The pages served outside the dashboard itself (Panel's login and logout pages).
TEMPLATES = Path(__file__).parent / "templates"


def esc(text) -> str:
    """Escape any value for use as HTML text or attribute."""
    return escape("" if text is None else str(text), quote=True)


def message_html(text: str, kind: str = "info") -> str:
    """A short notice box."""
    return f'<div class="cd-message cd-{esc(kind)}">{esc(text)}</div>'


#: Characters of an article shown at most: a window around the quote, cut at line breaks.
#: The whole of a 50 MB article would be megabytes of HTML sent to the browser and built in it.
ARTICLE_WINDOW = 200_000


def _window(text: str, span: tuple[int, int] | None, size: int) -> tuple[int, int]:
    """The ``[start, end)`` of ``text`` to show: all of it when short, else about ``size``
    characters around ``span`` (from the beginning when there is none), cut after line breaks."""
    if len(text) <= size:
        return 0, len(text)
    lo, hi = span if span is not None else (0, 0)
    start = max(0, min(lo - size // 3, len(text) - size))
    end = min(len(text), max(start + size, hi))
    if start > 0:
        cut = text.find("\n", start, lo if span is not None else start + size // 2)
        start = cut + 1 if cut >= 0 else start
    if end < len(text):
        cut = text.rfind("\n", max(hi, start), end)
        end = cut if cut > max(hi, start) else end
    return start, end


def article_html(text: str, span: tuple[int, int] | None, window: int = ARTICLE_WINDOW) -> str:
    """The article as escaped paragraphs, with ``text[span[0]:span[1]]`` marked.

    A span crossing paragraph breaks is marked piece by piece, so the markup
    stays well-formed; the first piece has ``id="cd-quote"``. Of an article
    longer than ``window`` characters only about that much around the span is
    shown, with a note saying how much is left out before and after.
    """
    first_char, last_char = _window(text, span, window)
    out, offset, first = [], first_char, True
    if first_char > 0:
        out.append(f'<p class="cd-dim">[{first_char:,} characters before this are not shown: '
                   f"the article is {len(text):,} characters long]</p>")
    for line in text[first_char:last_char].split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        if not line.strip():
            continue
        if span is None or span[1] <= start or span[0] >= end:
            out.append(f"<p>{esc(line)}</p>")
            continue
        a, b = max(span[0], start) - start, min(span[1], end) - start
        ident = ' id="cd-quote"' if first else ""
        first = False
        out.append(f"<p>{esc(line[:a])}<mark{ident}>{esc(line[a:b])}</mark>{esc(line[b:])}</p>")
    if last_char < len(text):
        out.append(f'<p class="cd-dim">[{len(text) - last_char:,} more characters are not shown]</p>')
    return "".join(out)
