"""What leaves the tool: the filtered claims and figures as CSV, safe to open in a spreadsheet."""

from __future__ import annotations

import pandas as pd

__all__ = ["CLAIM_COLUMNS", "FIGURE_COLUMNS", "claims_csv", "figures_csv", "neutralise"]

# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

CLAIM_COLUMNS = {
    "claim_id": "claim_id", "statement_id": "statement_id", "said_on": "said_on",
    "said_on_precision": "said_on_precision", "said_on_basis": "said_on_basis", "actor": "claimant",
    "target": "target", "stance_label": "stance", "outlet": "outlet", "published": "published", "source_id": "source_id",
    "quote": "quote", "mode": "mode", "via": "via", "evidence": "evidence",
}
FIGURE_COLUMNS = {
    "figure_id": "figure_id", "outlet": "outlet", "published": "published", "source_id": "source_id",
    "metric_label": "metric",
    "value": "value", "qualifier": "qualifier", "text": "as_printed", "as_of": "as_of",
    "attributed_to": "attributed_to", "quote": "quote",
}


def neutralise(value):
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv(df: pd.DataFrame, columns: dict[str, str]) -> str:
    out = df[list(columns)].rename(columns=columns)
    for column in out.columns:
        if out[column].dtype.kind in "OSU" or str(out[column].dtype) == "string":
            out[column] = out[column].map(neutralise)
    return out.to_csv(index=False, date_format="%Y-%m-%d", lineterminator="\n")


def claims_csv(claims: pd.DataFrame) -> str:
    """Prepared claims (see :func:`dashboard.query.prepare`) as CSV."""
    return _csv(claims, CLAIM_COLUMNS)


def figures_csv(figures: pd.DataFrame) -> str:
    """Prepared figures as CSV."""
    return _csv(figures, FIGURE_COLUMNS)
