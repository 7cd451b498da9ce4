"""An article as people get it: a saved web page, or its address.

:func:`read_page` takes the page's HTML and finds its main text and its
headline, date, author and outlet (``trafilatura`` for the text and the
page's metadata, ``htmldate`` for the date), saying for each where it came
from. :func:`fetch` downloads a page (http or https only, bounded in size
and time). Nothing of the page but its text is kept: its markup, scripts and
links are dropped.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field

__all__ = ["MAX_BYTES", "Page", "PageError", "fetch", "looks_like_html", "read_page"]

#: The largest page :func:`fetch` reads.
MAX_BYTES = 10 * 1024 * 1024
_URL = re.compile(r"^https?://\S+$")


class PageError(ValueError):
    """The page cannot be read or has no article text (the message says why)."""


@dataclass
class Page:
    """What a page gives: its text, the metadata found, and where each came from."""

    text: str
    headline: str = ""
    published: dt.date | None = None
    author: str = ""
    outlet: str = ""
    url: str = ""
    language: str = ""  # the page's own declaration (<html lang>), if any
    basis: dict[str, str] = field(default_factory=dict)  # field -> where it came from


def looks_like_html(data: bytes) -> bool:
    """Whether ``data`` is an HTML page rather than plain text."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in head[:512]


def _decode(data: bytes) -> str:
    from trafilatura.utils import decode_file

    return decode_file(data)


def _paragraphs(text: str) -> str:
    """The extracted text, one paragraph per line with a blank line between, spaces as printed."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n\n".join(line for line in lines if line) + "\n"


def read_page(html: bytes | str, url: str = "") -> Page:
    """The article of a saved page (``url``: where it was published or fetched from, if known)."""
    import htmldate
    import trafilatura

    source = _decode(html) if isinstance(html, bytes) else html
    doc = trafilatura.bare_extraction(source, url=url or None, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    body = (getattr(doc, "text", None) or "") if doc is not None else ""
    if not body.strip():
        raise PageError("no article text found in the page (is it the article itself, not an index or a login page?)")
    page = Page(_paragraphs(body))
    where = f" of the page at {url}" if url else " of the page"
    title = (doc.title or "").strip()
    if title:
        page.headline, page.basis["headline"] = title, f"The title{where}."
    if doc.author:
        page.author = doc.author.strip()
        page.basis["author"] = f"The author named in the metadata{where}: '{page.author}'."
    if doc.sitename:
        page.outlet = doc.sitename.strip()
        page.basis["outlet"] = f"The site name in the metadata{where}: '{page.outlet}'."
    found = htmldate.find_date(source, original_date=True, outputformat="%Y-%m-%d", extensive_search=False)
    if found:
        page.published = dt.date.fromisoformat(found)
        page.basis["published"] = (f"The publication date{where}, {found} (its metadata or markup, read by "
                                   "htmldate): check it against the text.")
    page.url = (url or doc.url or "").strip()
    if page.url and not _URL.match(page.url):
        page.url = ""
    if page.url:
        page.basis["url"] = (f"The address the page was fetched from ({page.url})." if url
                             else f"The page's own canonical address ({page.url}).")
    lang = re.search(r"<html[^>]*\blang=[\"']?([A-Za-z]{2,3})", source[:4096], re.IGNORECASE)
    if lang:
        page.language = lang.group(1).lower()
    return page


def fetch(url: str, timeout: float = 30.0) -> tuple[bytes, str]:
    """(the page's bytes, its final address after redirects); :class:`PageError` when it cannot be had."""
    if not _URL.match(url):
        raise PageError(f"{url!r} is not an http or https address")
    request = urllib.request.Request(url, headers={"User-Agent": "claims-dashboard add-article",
                                                   "Accept": "text/html,application/xhtml+xml"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http/https only)
            kind = response.headers.get_content_type()
            if kind not in ("text/html", "application/xhtml+xml", "text/plain"):
                raise PageError(f"{url} is {kind}, not a web page")
            data = response.read(MAX_BYTES + 1)
            final = response.geturl()
    except urllib.error.HTTPError as e:
        raise PageError(f"{url} answered {e.code} {e.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        reason = getattr(e, "reason", e)
        raise PageError(f"{url} could not be fetched: {reason}") from None
    if len(data) > MAX_BYTES:
        raise PageError(f"{url} is larger than {MAX_BYTES // (1024 * 1024)} MB")
    return data, final
