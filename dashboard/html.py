"""The one place where data becomes HTML: every text from the data is escaped here."""

from __future__ import annotations

from html import escape

__all__ = ["article_html", "esc", "message_html"]


def esc(text) -> str:
    """Escape any value for use as HTML text or attribute."""
    return escape("" if text is None else str(text), quote=True)


def message_html(text: str, kind: str = "info") -> str:
    """A short notice box."""
    return f'<div class="cd-message cd-{esc(kind)}">{esc(text)}</div>'


def article_html(text: str, span: tuple[int, int] | None) -> str:
    """The article as escaped paragraphs, with ``text[span[0]:span[1]]`` marked.

    A span crossing paragraph breaks is marked piece by piece, so the markup
    stays well-formed; the first piece has ``id="cd-quote"``.
    """
    out, offset, first = [], 0, True
    for line in text.split("\n"):
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
    return "".join(out)
