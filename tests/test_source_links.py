"""The source viewer's header: the outlet, and a link to the original only where one was found."""

from __future__ import annotations

from types import SimpleNamespace

from dashboard import Dashboard, load
from dashboard.views.source_viewer import original_link


def test_a_found_original_is_linked_to_open_safely_in_a_new_tab():
    html = original_link(SimpleNamespace(outlet="Breitbart", url="https://example.org/a?b=1&c=2",
                                         url_basis="Found by its headline."))
    assert 'href="https://example.org/a?b=1&amp;c=2"' in html
    assert 'target="_blank" rel="noopener noreferrer"' in html and "Original at Breitbart" in html
    assert 'title="Found by its headline."' in html


def test_without_an_outlet_the_link_names_the_site():
    html = original_link(SimpleNamespace(outlet=float("nan"), url="https://news.example.com/x", url_basis=""))
    assert "Original at news.example.com" in html


def test_no_url_or_no_column_or_a_script_url_says_none_was_found():
    for src in (SimpleNamespace(outlet="X", url="", url_basis="No original found."),
                SimpleNamespace(outlet="X"),
                SimpleNamespace(outlet="X", url="javascript:alert(1)", url_basis=None),
                SimpleNamespace(outlet="X", url='https://e.org/"><script>', url_basis=None)):
        html = original_link(src)
        assert "No link to the original was found." in html and "<a " not in html and "<script" not in html


def test_every_bundled_source_says_where_its_original_is():
    app = Dashboard(load())
    for claim_id in app.prepared.claims.groupby("source_id").claim_id.first():
        app.state.selected = f"claim:{claim_id}"
        header = app.source._article.header
        assert ("Original at" in header) != ("No link to the original was found." in header)
