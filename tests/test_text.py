"""Whitespace/quote normalisation and quote location."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.text import describe_mismatch, locate, normalise


@pytest.mark.parametrize("raw, expected", [
    ("  a  b\n\tc ", "a b c"),
    ("a\u00a0\u00a0b\u202fc", "a b c"),
    ("\u2018single\u2019 \u201adouble\u201b \u2032 \u02bc", "'single' 'double' ' '"),
    ("\u201cquoted\u201d \u201elow\u201f \u2033", '"quoted" "low" "'),
    ("Keep CASE and «guillemets»", "Keep CASE and «guillemets»"),
    ("", ""),
    (" \n\u00a0 ", ""),
])
def test_normalise(raw, expected):
    assert normalise(raw) == expected


TEXT = (
    "Headline\n\n"
    "\u201cThey are trying to impose it on us,\u201d the  secretary said.\n"
    "He added that the traces\nlead to\u00a0Ukraine\u2019s services.\n"
)


@pytest.mark.parametrize("quote, span", [
    ('"They are trying to impose it on us,"', "\u201cThey are trying to impose it on us,\u201d"),
    ("us,\u201d the secretary said", "us,\u201d the  secretary said"),
    ("the traces lead to Ukraine's services.", "the traces\nlead to\u00a0Ukraine\u2019s services."),
    ("  Headline \n", "Headline"),
    ("traces  \n  lead", "traces\nlead"),
])
def test_locate_returns_original_span(quote, span):
    start, end = locate(TEXT, quote)
    assert TEXT[start:end] == span


@pytest.mark.parametrize("quote", ["not there", "headline", "", "   ", "services. He"])
def test_locate_missing(quote):
    assert locate(TEXT, quote) is None


def test_locate_first_occurrence():
    assert locate("ab ab", "ab") == (0, 2)


def test_describe_mismatch():
    msg = describe_mismatch(TEXT, "the traces lead to Russia's services")
    assert msg == ("the first 19 of 36 characters match; then the quote has "
                   "\"Russia's services\" where the article has \"Ukraine's services.\"")
    assert describe_mismatch(TEXT, "Invented") == "its beginning does not occur in the article"


ALPHABET = st.sampled_from(list("ab ,.'\"\n\t\u00a0\u2018\u2019\u201c\u201d\u2032"))


@settings(max_examples=200, deadline=None)
@given(st.text(ALPHABET, max_size=40), st.data())
def test_any_slice_is_located(text, data):
    i = data.draw(st.integers(0, len(text)))
    j = data.draw(st.integers(i, len(text)))
    quote = text[i:j]
    span = locate(text, quote)
    if not normalise(quote):
        assert span is None
    else:
        start, end = span
        assert normalise(text[start:end]) == normalise(quote)
        assert text[start:end] == text[start:end].strip()


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_normalise_is_idempotent(s):
    once = normalise(s)
    assert normalise(once) == once
    assert once == once.strip() and "  " not in once
