"""The walkthrough in real JupyterLab, driven by Chromium with every other host refused.

What a researcher does: open the notebook, Restart & Run All, filter in the output,
set the filters from a new cell, and see every display follow, a view shown twice included.
"""

from __future__ import annotations

import re
import shutil

import pytest

from browser_support import _WALK, COLUMN_VALUES, COUNT_FIGURES
from dashboard import load
from dashboard.frames import Filters
from dashboard.query import prepare
from jupyter_support import UPDATE_TIMEOUT, JupyterLab, Notebook, available

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not available(), reason="JupyterLab is not installed")

ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent
MATRIX_AXIS = "Claims about… (blamed, denied or questioned party)"

# Row ids of the matrix's cells, per matrix figure on the page (each display has its own).
MATRIX_ACTORS = "(axis) => {" + _WALK + """
  const column = (r, name) => { const d = r.data_source?.data; return d instanceof Map ? d.get(name) : d?.[name] };
  const cells = (f) => f.model.renderers.filter(r => column(r, 'actor_id') && column(r, 'target_id'));
  // the live matrices (a HoloViews matrix, drawn once, has no id columns)
  return figures.filter(f => f.model.below?.[0]?.axis_label === axis && cells(f).length).map(f => {
    const out = new Set();
    for (const r of cells(f)) for (const v of column(r, 'actor_id')) out.add(v);
    return [...out].sort();
  });
}"""


@pytest.fixture(scope="module")
def prepared():
    return prepare(load())


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    folder = tmp_path_factory.mktemp("notebooks")
    shutil.copy(ROOT / "notebooks" / "walkthrough.ipynb", folder)
    server = JupyterLab(folder, tmp_path_factory.mktemp("jupyter"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def notebook(browser, lab):
    nb = Notebook(browser, lab)
    nb.restart_and_run_all()
    yield nb
    nb.context.close()


def test_every_view_renders_offline_after_restart_and_run_all(notebook, prepared):
    page = notebook.page
    # the dashboard (timeline, matrix, casualty and toll plots), the matrix again, and the HoloViews views
    page.wait_for_function(f"({COUNT_FIGURES})() >= 8", timeout=UPDATE_TIMEOUT)
    assert page.locator(".cd-table tbody tr").count() > 0
    assert set(page.evaluate(COLUMN_VALUES, "claim_id")) <= set(prepared.claims.claim_id)
    assert not notebook.error_outputs()
    assert notebook.foreign == [], notebook.foreign[:5]


def test_setting_the_state_from_a_cell_updates_every_display(notebook, prepared):
    notebook.run_new_cell('app.state.reset(); app.state.actors = ["putin"]')
    notebook.wait_count(int((prepared.claims.actor_id == "putin").sum()))
    notebook.page.wait_for_function(
        f"(axis) => {{ const m = ({MATRIX_ACTORS})(axis); return m.length >= 2 && m.every(a => a.join() === 'putin') }}",
        arg=MATRIX_AXIS, timeout=UPDATE_TIMEOUT)  # the matrix in the dashboard and the one displayed on its own
    assert not notebook.error_outputs()


def test_typing_in_the_search_box_filters_the_output(notebook, prepared):
    notebook.run_new_cell("app.state.reset()")
    notebook.wait_count(len(prepared.claims))
    box = notebook.page.get_by_placeholder(re.compile("words, e.g."))
    box.first.click()
    box.first.fill("window")
    box.first.press("Enter")
    notebook.wait_count(int(Filters(search="window").mask(prepared).sum()))
    notebook.run_new_cell("print(app.state.search)")
    assert "window" in notebook.page.locator(".jp-OutputArea-output").last.inner_text()


def test_restart_and_run_all_ends_on_the_last_cells_state(notebook, prepared):
    notebook.restart_and_run_all()
    notebook.wait_count(len(prepared.claims))  # the walkthrough ends with the filters reset
    notebook.page.wait_for_timeout(10_000)  # replies from the browser would arrive within seconds of the last cell
    assert notebook.count() == len(prepared.claims)
    notebook.run_new_cell("print(len(app.state.filtered_claims()))")
    assert notebook.page.locator(".jp-OutputArea-output").last.inner_text().strip() == str(len(prepared.claims))
    assert not notebook.real_errors(), notebook.real_errors()[:5]
