"""Views as functions of the state, without a browser."""

from __future__ import annotations

import panel as pn
import pytest

from dashboard import Dashboard, load
from dashboard.views.base import friendly
from test_frames import reading_order


@pytest.fixture(scope="module")
def ds():
    return load()


@pytest.fixture
def app(ds):
    return Dashboard(ds)


def test_table_follows_the_filters(app):
    n = len(app.prepared.claims)
    assert len(app.table.shown) == app.table.page_size
    assert f"of {n}" in app.table._where.object
    app.state.stances = ["denies"]
    denials = int((app.prepared.claims.stance == "denies").sum())
    assert set(app.table.shown.stance) == {"denies"} and len(app.table.shown) == denials
    app.state.selected = "claim:" + app.table.shown.claim_id.iloc[0]
    assert app.table.selected_row == 0


def test_table_pages_and_sorts_on_the_server(app):
    seen = []
    for _ in range(app.table.pages):
        seen += list(app.table.shown.claim_id)
        app.table._turn(1)
    claims = app.prepared.claims
    assert seen == reading_order(app.prepared)  # every claim once, oldest first
    app.table.order = "newest"
    assert app.table.page == 0 and app.table.shown.claim_id.iloc[0] == seen[-1]


def test_table_turns_to_the_page_of_a_claim_chosen_elsewhere(app):
    last = reading_order(app.prepared)[-1]
    app.state.selected = f"claim:{last}"
    assert app.table.page == app.table.pages - 1
    assert app.table.shown.claim_id.iloc[app.table.selected_row] == last


def test_table_selection_opens_the_source(app):
    claim = app.table.shown.iloc[3]
    app.table.open_claim(claim.claim_id)
    assert app.state.selected == f"claim:{claim.claim_id}"
    assert "<mark" in app.source._article.html
    assert app.source._article.header.count("cd-headline") == 1


def test_source_viewer_lists_other_outlets_wordings(app):
    app.state.selected = "claim:c001_08"  # Putin's "window" address, reported by four articles
    texts = " ".join(o.object for o in app.source._others.objects if isinstance(o, pn.pane.HTML))
    cards = app.source._others.objects[-1]
    assert len(cards.objects) == 4
    assert "They tried to hide" in texts or any("They tried to hide" in c.objects[0].object for c in cards.objects)


def _cell(cells, actor, target):
    data = cells.data
    return next(i for i, (a, t) in enumerate(zip(data["actor_id"], data["target_id"])) if (a, t) == (actor, target))


def test_matrix_click_toggles_the_pair(app):
    cells = app.matrix.drawing().cells
    cells.selected.indices = [_cell(cells, "putin", "ukraine")]
    assert (app.state.actors, app.state.targets) == (["putin"], ["ukraine"])
    assert set(cells.data["actor_id"]) == {"putin"} and cells.selected.indices == []
    cells.selected.indices = [0]  # a cell of the pair, again
    assert (app.state.actors, app.state.targets) == ([], [])


def test_a_box_over_several_cells_does_not_filter(app):
    app.matrix.drawing().cells.selected.indices = [0, 1]
    assert app.state.actors == []


def test_a_view_displayed_twice_draws_twice_and_both_follow_the_filters(app):
    first, second = app.matrix.__panel__(), app.matrix.__panel__()
    figures = [next(o.object for o in layout.objects if isinstance(o, pn.pane.Bokeh)) for layout in (first, second)]
    assert figures[0] is not figures[1]
    app.state.actors = ["putin"]
    for figure in figures:
        cells = figure.renderers[0].data_source.data
        assert set(cells["actor_id"]) == {"putin"}


def test_casualties_follow_the_outlet_filter(app):
    herald = app.prepared.sources[app.prepared.sources.outlet == "National Herald"].source_id.iloc[0]
    drawing = app.casualties.drawing()
    app.state.sources = [herald]
    html = " ".join(o.object for o in drawing.column.objects if o.visible and isinstance(o, pn.pane.HTML))
    assert "National Herald" in html and "Russian Spymaster" not in html
    drawn = drawing.plot.marks.data
    figures = app.prepared.figures
    printed = figures[(figures.source_id == herald) & (figures.metric == "deaths")]
    deaths = {t for t, m in zip(drawn["text"], drawn["metric"]) if m == "deaths"}
    assert deaths == set(printed.text)  # a figure printed twice is drawn once, marked ×2
    assert "Deaths (as printed)" in drawing.plot.texts.data["words"]


def test_the_toll_over_time_follows_the_outlet_filter_and_a_click_opens_the_figure(app):
    p = app.prepared
    drawing = app.tolls.drawing()
    marks = drawing.plot.marks

    def drawn(metric, column="figure_id"):
        return [v for v, m in zip(marks.data[column], marks.data["metric"]) if m == metric]

    assert set(drawn("deaths")) == set(p.figures.figure_id[p.figures.metric == "deaths"]) - {
        "f002_03"}  # "nearly 140" printed twice by one article is one mark
    assert {"Deaths", "Injured", "Children killed"} <= set(drawing.plot.decor.data["words"])
    herald = p.sources[p.sources.outlet == "National Herald"].source_id.iloc[0]
    app.state.sources = [herald]
    assert set(drawn("deaths")) == {"f002_01"}
    assert drawn("children_killed") == []  # the Herald prints no such figure
    assert "Children killed" not in set(drawing.plot.decor.data["words"])
    basis = drawn("deaths", "basis")[0]
    assert "not stated" in basis and "25 Mar 2024" in basis
    marks.selected.indices = [list(marks.data["figure_id"]).index("f002_01")]
    assert app.state.selected == "figure:f002_01"
    assert "nearly 140 people" in app.source._article.html
    app.state.selected = "claim:c001_08"  # a claim chosen elsewhere: the view keeps its marks
    assert set(drawn("deaths")) == {"f002_01"}


def test_matrix_cells_carry_their_counts(app):
    drawing = app.matrix.drawing()
    app.state.param.update(actors=["putin"], targets=["united_states"])
    assert sorted(label for label in drawing.cells.data["label"] if label) == ["1", "3"]
    assert drawing.fig.x_range.end - drawing.fig.x_range.start >= 4  # not one bar across the plot
    app.state.param.update(actors=["patrushev"], targets=[])
    axis = drawing.fig.xaxis[0]
    assert axis.major_label_orientation == "horizontal"  # a few parties: level, long names wrapped
    assert any("\n" in t for t in axis.major_label_overrides.values())
    app.state.param.update(actors=[])
    ticks = list(axis.major_label_overrides.values())
    # every party: slanted, one line each, so neighbours do not run into each other
    assert axis.major_label_orientation != "horizontal" and len(ticks) > 5
    assert all("\n" not in t and len(t) <= 24 for t in ticks) and "Ukraine" in ticks


def test_timeline_dims_the_claims_outside_a_dragged_range(app):
    from datetime import date

    d = app.timeline.drawing()
    app.state.param.update(start=date(2024, 3, 1), end=date(2024, 3, 10))
    alpha = dict(zip(d.claims.data["claim_id"], d.claims.data["alpha"]))
    period_alpha = dict(zip(d.periods.data["claim_id"], d.periods.data["alpha"]))
    assert len(alpha) + len(period_alpha) == len(app.prepared.claims)
    kept = set(app.state.filtered_claims().claim_id)
    assert {c for c, a in alpha.items() if a == 1} == kept and period_alpha["c003_13"] < 0.45
    assert len(d.outside.data["x0"]) == 2  # the days either side are greyed
    app.state.param.update(start=None, end=None)
    assert set(d.claims.data["alpha"]) == {1.0} and len(d.outside.data["x0"]) == 0


def test_timeline_draws_claims_one_by_one_or_counted(app):
    t = app.timeline
    d = t.drawing()
    assert set(d.claims.data["claim_id"]) | set(d.periods.data["claim_id"]) == set(app.prepared.claims.claim_id)
    t.max_marks = 10
    app.state.stances = ["accuses"]
    accusations = app.prepared.claims[app.prepared.claims.stance == "accuses"]
    assert len(d.claims.data["claim_id"]) == 0 and sum(d.groups.data["count"]) == len(accusations)
    assert "each mark counts" in t.notice.object
    putin = d.groups.data["actor"].tolist().index("Vladimir Putin")
    d.groups.selected.indices = [putin]  # a counted mark opens that claimant's day
    assert app.state.actors == ["putin"] and app.state.start == app.state.end
    app.state.param.update(actors=[], start=None, end=None)
    t.max_groups = 3  # too many marks: counted per week, then per month
    assert all(w.startswith("week of") for w in d.groups.data["when"]) or all(
        w[:w.index(" ")] in {"March", "April", "May"} for w in d.groups.data["when"])
    assert sum(d.groups.data["count"]) == len(accusations)
    t.max_groups = 1
    months = set(d.groups.data["when"])
    assert months and all(" 2024" in m and not m[0].isdigit() for m in months)
    assert sum(d.groups.data["count"]) == len(accusations)


def test_the_keyboard_list_of_the_timeline_lists_counted_marks(app):
    # beyond max_marks the timeline counts claims per claimant and day: its list gives those counts
    app.timeline.max_marks = 10
    app.state.stances = ["accuses"]
    items = app.timeline_marks._items()
    counted = [text for text, _, _ in items if "claims (filter to them)" in text]
    assert counted and any("Vladimir Putin" in text for text in counted)
    accusations = app.prepared.claims[app.prepared.claims.stance == "accuses"]
    assert sum(int(text.split(" — ")[1].split()[0]) for text in counted) == len(accusations)


def test_matrix_and_timeline_cut_to_the_most_active(app):
    app.matrix.max_rows, app.timeline.max_rows = 3, 2
    app.matrix.drawing(), app.timeline.drawing()
    app.state.search = "the"
    assert len(app.matrix.frame().rows) == 3 and "more claimants" in app.matrix.notice.object
    assert len(app.timeline.frame().rows) == 2 and "most active claimants" in app.timeline.notice.object


def test_timeline_range_selection_sets_dates(app):
    scale = app.prepared.time_scale
    lo, hi = scale.position(["2024-03-22", "2024-03-25"])
    app.timeline.select_slots(hi + 0.1, lo - 0.1)
    assert (str(app.state.start), str(app.state.end)) == ("2024-03-22", "2024-03-25")


def test_a_failing_view_shows_a_message():
    @friendly
    def broken():
        raise KeyError("boom")

    out = broken()
    assert isinstance(out, pn.pane.HTML) and "could not be drawn" in out.object and "boom" not in out.object


def test_single_views_are_displayable(app):
    for view in (app.timeline, app.matrix, app.casualties, app.tolls, app.table, app.source, app.filters):
        assert isinstance(view.__panel__(), pn.viewable.Viewable)


def test_sessions_share_the_data_but_not_the_state(ds):
    a, b = Dashboard(), Dashboard()
    assert a.prepared is b.prepared and a.prepared.dataset is b.prepared.dataset
    assert a.state is not b.state


def test_sessions_leave_no_trace_on_the_shared_tables(ds):
    """pandas records each view of a frame on the frame (copy-on-write bookkeeping). Records
    left by every session on the tables all sessions share would pile up in the server's memory,
    scattered among the sessions' own objects, so that closing them gave little memory back."""
    p = Dashboard(ds).prepared
    shared = [p.claims, p.figures, p.events, p.sources]
    mention = p.dataset.event_mentions.iloc[0]
    actor, sources = p.claims.actor_id.iloc[0], list(p.sources.source_id[:2])
    selections = [f"claim:{p.claims.claim_id.iloc[3]}", f"figure:{p.figures.figure_id.iloc[0]}",
                  f"event:{mention.event_id}@{mention.source_id}"]

    def records() -> int:
        try:
            return sum(len(block.refs.referenced_blocks) for frame in shared for block in frame._mgr.blocks)
        except AttributeError:
            pytest.skip("this pandas keeps no records of views")

    def session() -> None:
        app = Dashboard(ds)
        app.state.param.update(actors=[actor], sources=sources, search="attack")
        app.table.order = "outlet"
        app.state.filtered_claims()
        app.state.reset()
        for selected in selections:
            app.state.selected = selected

    session()  # fills the caches every session shares
    before = records()
    session()
    session()
    assert records() == before


def test_the_page_passes_bokehs_integrity_checks(ds):
    # the server skips Bokeh's per-session check of the page (every page is the same graph)
    from bokeh.core.validation.check import check_integrity
    from bokeh.document import Document

    doc = Document()
    Dashboard(ds).template().server_doc(doc)
    issues = check_integrity([m for root in doc.roots for m in root.references()])
    assert issues.error == []


def test_the_text_styles_go_only_to_the_panes_that_lay_out_text(ds):
    """The page's CSS is in the shadow roots of the text panes (and the article viewer) alone, not in
    every component's as Panel's ``raw_css`` puts it; the template's is in the document only."""
    from bokeh.document import Document
    from panel.models.esm import ReactiveESM
    from panel.models.markup import HTML

    from dashboard.app import PAGE_CSS
    from dashboard.views.text import TEXT_CSS

    assert PAGE_CSS in pn.config.global_css and not any(".cd-" in css for css in pn.config.raw_css)
    doc = Document()
    Dashboard(ds).template().server_doc(doc)
    models = [m for root in doc.roots for m in root.references() if hasattr(m, "stylesheets")]
    styled = [m for m in models if TEXT_CSS in m.stylesheets]
    texts = [m for m in styled if isinstance(m, HTML)]
    assert [type(m) for m in styled if m not in texts] == [ReactiveESM]  # the article viewer
    assert any("cd-legend" in m.text for m in texts) and any("cd-section" in m.text for m in texts)
    assert not [m for m in models if isinstance(m, HTML) and "cd-" in m.text and m not in texts]
    assert len(styled) < len(models) / 3 and not any(PAGE_CSS in m.stylesheets for m in models)


def test_a_page_that_cannot_be_built_shows_a_message(monkeypatch):
    import dashboard.app as app_module

    def broken(_data=None):
        raise RuntimeError("internal detail")

    monkeypatch.setattr(app_module, "create_app", broken)
    shown = app_module.page()
    html = shown.objects[0].object
    assert "could not be built" in html and "internal detail" not in html and "Traceback" not in html


def test_every_notebook_display_carries_the_comm_fix():
    """Panel's notebook comm returns the kernel's own changes unless ``NotebookEchoGuard`` is on the
    page (tests/test_jupyterlab.py shows what it breaks); the dashboard and a view shown alone carry it."""
    app = Dashboard()
    for shown in (app, app.matrix, app.casualties):
        data, _ = shown._repr_mimebundle_()
        assert "NotebookEchoGuard" in str(data), type(shown).__name__
