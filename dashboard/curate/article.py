"""Add an article: copy its text into the data folder and write the review file of proposed rows.

The article comes as text, or as a web page (:class:`~.page.Page`, from a
saved HTML file or an address), whose headline, date, author and outlet then
need not be given.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .. import files
from ..dataset import load
from ..text import normalise
from .language import detect
from .lexicon import load_lexicons, load_parties
from .page import Page
from .propose import Context, propose
from .review import write_review

__all__ = ["Added", "ArticleError", "add_article", "decode_article"]


class ArticleError(ValueError):
    """The article cannot be added (the message says why)."""


@dataclass(frozen=True)
class Added:
    """What :func:`add_article` did."""

    source_id: str
    article: Path
    review: Path
    counts: Counter


def decode_article(data: bytes, name: str = "the article") -> str:
    """UTF-8 text of an article (a byte-order mark is dropped); :class:`ArticleError` otherwise."""
    try:
        text = data.removeprefix(codecs.BOM_UTF8).decode("utf-8")
    except UnicodeDecodeError as e:
        raise ArticleError(f"{name} is not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start})") from None
    if "\x00" in text:
        raise ArticleError(f"{name} is not a text file (it contains NUL characters)")
    if not text.strip():
        raise ArticleError(f"{name} is empty")
    return text


def _byline(text: str) -> tuple[str, str]:
    for line in text.splitlines()[:40]:
        m = re.fullmatch(r"\s*[Bb]y\s+([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})\s*", line)
        if m:
            return m.group(1), f"Byline: '{line.strip()}'"
    return "", "No byline found in the text when the article was added: check."


def _source_row(source_id: str, text: str, text_path: str, headline: str, outlet: str, published: dt.date,
                url: str, page: Page | None = None, language: tuple[str, str] = ("", ""),
                given: set[str] = frozenset()) -> dict:
    """The sources row; ``given`` names the fields the curator gave (the others may come from ``page``)."""
    basis = page.basis if page is not None else {}
    by_curator = f"Given by the curator with add-article{f' ({url})' if url else ''}"
    note = [] if page is not None or not url else [f"URL: {url}"]
    review = []
    if not outlet:
        outlet_basis = "Not given when the article was added; fill in only where the text names it."
    elif outlet.casefold() in text.casefold():
        line = next(ln.strip() for ln in text.splitlines() if outlet.casefold() in ln.casefold())
        outlet_basis = f"Named in the text: '{line[:120]}'."
    elif "outlet" not in given and "outlet" in basis:
        outlet_basis = f"Not named in the text; {basis['outlet'][0].lower()}{basis['outlet'][1:]}"
        review.append("outlet: taken from the page's metadata; check that the page is the original publication")
    else:
        outlet_basis = f"{by_curator}; the text does not name it."
        note.append("the data records an outlet only where the text names it: empty it if so")
    author, author_basis = _byline(text)
    if not author and page is not None and page.author:
        author, author_basis = page.author, basis["author"]
    published_basis = f"{by_curator}." if "published" in given or "published" not in basis else basis["published"]
    if "published" not in given and "published" in basis:
        review.append("published: taken from the page; check it against the text")
    if "headline" not in given and "headline" in basis:
        note.append(f"headline: {basis['headline']}")
    code, how = language
    url_basis = basis.get("url", f"{by_curator}." if url else "No address given when the article was added.")
    return {"table": "sources", "confidence": "medium" if review or (outlet and "does not name" in outlet_basis)
            else "high", "needs_review": "; ".join(review), "note": "; ".join(note + [f"language: {how}"] if how else note),
            "source_id": source_id, "headline": headline, "outlet": outlet, "outlet_basis": outlet_basis,
            "author": author, "author_basis": author_basis, "published": published.isoformat(),
            "published_basis": published_basis, "text_path": text_path, "language": code, "url": url,
            "url_basis": url_basis}


def _allocate(root: Path, articles: str, existing: list[str], text: str) -> str:
    """``NNN_<16 hex digits of the text's SHA-256>``; an unmerged copy of the same text keeps its id."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    folder = root / articles
    files = sorted(p.stem for p in folder.glob("*.txt")) if folder.is_dir() else []
    pending = [f for f in files if f.endswith(f"_{digest}")]
    if pending:
        return pending[0]
    numbers = [int(m.group(1)) for name in existing + files if (m := re.match(r"([0-9]+)_", name))]
    return f"{max(numbers, default=-1) + 1:03d}_{digest}"


def add_article(data: str | os.PathLike, text: str | None = None, *, headline: str | None = None,
                published: dt.date | None = None, outlet: str = "", url: str = "",
                review: str | os.PathLike | None = None, force: bool = False, page: Page | None = None,
                language: str | None = None, lexicons=()) -> Added:
    """Copy ``text`` (or the text of ``page``) into the data folder ``data`` and write its review file.

    With a ``page``, ``headline``, ``published``, ``outlet`` and ``url``
    default to what the page gives. ``language`` (a code) is detected from
    the text when not given; ``lexicons`` are extra folders of lexicon files
    (:func:`~.lexicon.load_lexicons`). The folder must validate
    (:class:`~dashboard.dataset.DataValidationError` otherwise). The review
    file defaults to ``review-<source_id>.csv`` in the current folder and is
    never overwritten unless ``force``. Nothing is added to the tables: that
    is what merging the review does.
    """
    root = Path(data)
    given = {k for k, v in (("headline", headline), ("published", published), ("outlet", outlet)) if v}
    if page is not None:
        text = page.text if text is None else text
        headline = headline or page.headline
        published = published or page.published
        outlet = outlet or page.outlet
        url = url or page.url
    if text is None or not text.strip():
        raise ArticleError("the article has no text")
    if not (headline or "").strip():
        raise ArticleError("the headline is empty" if page is None else
                           "the page gives no headline: give one with --headline")
    if published is None:
        raise ArticleError("no publication date: give one with --published YYYY-MM-DD"
                           + (" (the page gives none)" if page is not None else ""))
    ds = load(root)
    for source_id, existing in ds.articles.items():
        if normalise(existing) == normalise(text):
            raise ArticleError(f"this article is already in {root} as source {source_id}")
    paths = [p for p in ds.sources.text_path if isinstance(p, str)]
    articles = str(Path(paths[0]).parent) if paths else "articles"
    source_id = _allocate(root, articles, list(ds.sources.source_id), text)
    text_path = f"{articles}/{source_id}.txt"
    review = Path(review) if review is not None else Path.cwd() / f"review-{source_id}.csv"
    if review.exists() and not force:
        raise ArticleError(f"{review} already exists: merge or delete it, or give another --review file")
    if root.resolve() in review.resolve().parents:
        raise ArticleError("write the review file outside the data folder")
    lexicon_set = load_lexicons(lexicons)
    how = "given by the curator"
    if not language:
        language, how = detect(text, lexicon_set)
        if not language and page is not None and page.language in lexicon_set:
            language, how = page.language, f"declared by the page (<html lang=\"{page.language}\">)"
    data = text.encode("utf-8")
    try:
        same = files.read_below(root, text_path, files.LIMITS["article"], "an article") == data
    except FileNotFoundError:
        same = False
    target = root / text_path if same else files.write_below(root, text_path, data)
    ctx = Context.from_dataset(ds, lexicons=lexicon_set, parties=load_parties(lexicons))
    proposals = propose(text, source_id, published, ctx, language=language or None, headline=headline)
    rows = [_source_row(source_id, text, text_path, headline.strip(), outlet.strip(), published, url, page,
                        (language or "", how), given)]
    rows += proposals.rows(ctx)
    write_review(review, rows, ds.schema)
    return Added(source_id, target, review, Counter(r["table"] for r in rows))
