"""One page of the claims table, sorted and paged on the server."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..query import SORT_ORDERS, Prepared, claim_order, columns, position
from .base import Filters, selected_id

__all__ = ["COLUMNS", "TablePage", "table_page"]

#: Column -> heading, in the order the table shows them.
COLUMNS = {
    "actor": "Claimant", "target": "About", "stance_label": "Stance", "said": "Said",
    "outlet": "Outlet", "quote": "Quote", "claim_id": "Id",
}


@dataclass(frozen=True)
class TablePage:
    """The claims of one page, and where that page stands."""

    #: The page's claims: the :data:`COLUMNS` and ``stance``.
    claims: pd.DataFrame
    #: Page number (from 0), pages, claims matching, and the first claim's position (from 0).
    page: int
    pages: int
    matching: int
    first: int
    #: Row of the selected claim in ``claims``, or None when it is not on this page.
    selected_row: int | None

    @property
    def where(self) -> str:
        n = self.matching
        return f"Claims {self.first + 1:,}–{self.first + len(self.claims):,} of {n:,}" if n else "No claims"


def table_page(p: Prepared, filters: Filters = Filters(), *, order: str = "date", page: int = 0,
               page_size: int = 12, selected: str = "", to_selection: bool = False,
               mask: np.ndarray | None = None) -> TablePage:
    """Page ``page`` of the claims matching ``filters`` sorted by ``order`` (a :data:`SORT_ORDERS` key);
    with ``to_selection``, the page holding the selected claim when it matches."""
    if order not in SORT_ORDERS:
        raise ValueError(f"unknown order {order!r}; known: {', '.join(SORT_ORDERS)}")
    positions = claim_order(p, order, filters.mask(p) if mask is None else mask)
    pages = max(1, -(-len(positions) // page_size))
    chosen = selected_id(selected, "claim")
    if to_selection and chosen:
        row = position(p, "claims", chosen)
        at = np.flatnonzero(positions == row) if row is not None else []
        if len(at):
            page = int(at[0]) // page_size
    page = max(0, min(page, pages - 1))
    first = page * page_size
    claims = _page_claims(p, positions[first: first + page_size])
    ids = list(claims.claim_id)
    return TablePage(claims=claims, page=page, pages=pages, matching=len(positions), first=first,
                     selected_row=ids.index(chosen) if chosen in ids else None)


def _page_claims(p: Prepared, at: np.ndarray) -> pd.DataFrame:
    # only the page's rows of the columns shown (a frame of every claim column cost more than the page)
    cols = columns(p, "claims", at, [*COLUMNS, "stance", "date_basis", "published"])
    basis, published = cols.pop("date_basis"), cols.pop("published")
    said = [s if b == "said" else f"not stated (reported {d:%-d %b %Y})"
            for s, b, d in zip(cols["said"], basis, pd.DatetimeIndex(published) if len(at) else [])]
    if said:
        cols["said"] = pd.array(said, dtype="str")
    out = pd.DataFrame(cols, copy=False)
    if not said:
        out["said"] = said  # an empty page's column as it always was
    return out
