"""The walkthrough in real JupyterLab, driven by Chromium with every other host refused.

What a researcher does: open the notebook, Restart & Run All, filter in the output,
set the filters from a new cell, and see every display follow, a view shown twice included.
"""

from __future__ import annotations

import re
import shutil
import time
from urllib.parse import urlparse

import pytest

from browser_support import _WALK, COLUMN_VALUES, COUNT_FIGURES
from dashboard import load
from dashboard.frames import Filters
from dashboard.query import prepare
from jupyter_support import JupyterLab, available

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not available(), reason="JupyterLab is not installed")

ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent
TIMEOUT = 240_000
#: How long a change made in the kernel may take to show in the output (the browser applies changes in order).
UPDATE_TIMEOUT = 180_000
MATRIX_AXIS = "Claims about… (blamed, denied or questioned party)"
#: Messages JupyterLab itself logs in a headless browser; nothing to do with the notebook.
_LAB_NOISE = ("debugger", "Failed to fetch", "kernelspecs")

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


class Notebook:
    """The walkthrough open in a JupyterLab tab, recording requests to other hosts and errors."""

    def __init__(self, browser, lab: JupyterLab):
        self.context = browser.new_context(viewport={"width": 1500, "height": 1100})
        self.page = self.context.new_page()
        self.foreign: list[str] = []
        self.errors: list[str] = []
        host = urlparse(lab.url).netloc

        def route(r):
            url = r.request.url
            if url.startswith(("data:", "blob:")) or urlparse(url).netloc == host:
                return r.continue_()
            self.foreign.append(url)
            return r.abort()

        self.page.route("**/*", route)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(lab.notebook_url("walkthrough.ipynb"))
        self.page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=TIMEOUT)
        self.wait_kernel()

    def wait_kernel(self) -> None:
        """Until the notebook's kernel has started and is idle (the status bar says so)."""
        self.page.wait_for_function(
            "() => /\\|\\s*Idle/.test(document.querySelector('.jp-StatusBar-Widget, #jp-main-statusbar')"
            "?.closest('#jp-main-statusbar')?.textContent ?? document.body.textContent)", timeout=TIMEOUT)

    def restart_and_run_all(self) -> None:
        # the prompts of the last run look idle until the new run reaches them: wait for every
        # output of the last run to be replaced too
        self.page.evaluate("() => document.querySelectorAll('.jp-OutputArea-output').forEach(e => e.dataset.cdOld = '1')")
        self.page.get_by_role("menuitem", name="Kernel").click()
        self.page.get_by_text("Restart Kernel and Run All Cells…").click()
        self.page.locator(".jp-Dialog .jp-mod-accept").click()
        self.page.wait_for_function("() => !document.querySelector('[data-cd-old]')", timeout=TIMEOUT)
        self.wait_idle()

    def wait_idle(self) -> None:
        """Until no cell is queued or running ("[*]") and the last one has run."""
        self.page.wait_for_function(
            """() => {
              const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(p => p.textContent);
              return prompts.length > 0 && prompts.every(p => !p.includes('*')) && /\\[\\d+\\]/.test(prompts.at(-1));
            }""", timeout=TIMEOUT)

    def count(self) -> int:
        """The claim count the dashboard output shows."""
        text = self.page.locator("[data-testid=claim-count]").first.inner_text()
        return int(text.replace(",", ""))

    def wait_count(self, n: int) -> None:
        """Until the output shows ``n`` claims (the count is in a pane's shadow root, so read it by locator)."""
        deadline = time.monotonic() + UPDATE_TIMEOUT / 1000
        while (shown := self.count()) != n:
            assert time.monotonic() < deadline, f"the output shows {shown} claims, not {n}"
            self.page.wait_for_timeout(250)

    def run_new_cell(self, code: str) -> None:
        """Add a cell at the end, type ``code`` and run it, as a user would."""
        self.page.locator(".jp-Notebook .jp-Cell").last.click()
        self.page.keyboard.press("Escape")
        self.page.keyboard.press("b")
        self.page.keyboard.press("Enter")
        self.page.keyboard.type(code)
        # Ctrl+Enter runs the cell and stays on it (Shift+Enter on the last cell adds an empty one below,
        # whose blank prompt ``wait_idle`` would wait on for ever)
        self.page.keyboard.press("Control+Enter")
        self.wait_idle()

    def error_outputs(self) -> list[str]:
        """Exceptions in the outputs, and stderr that reports an error (warnings are not errors)."""
        errors = self.page.locator(".jp-RenderedText[data-mime-type='application/vnd.jupyter.error']").all_inner_texts()
        stderr = self.page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
        return errors + [t for t in stderr.all_inner_texts() if "Traceback" in t or "Error" in t]

    def real_errors(self) -> list[str]:
        return [e for e in self.errors if not any(noise in e for noise in _LAB_NOISE)]


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
    notebook.page.wait_for_timeout(30_000)  # the browser's replies arrive after the last cell
    assert notebook.count() == len(prepared.claims)
    notebook.run_new_cell("print(len(app.state.filtered_claims()))")
    assert notebook.page.locator(".jp-OutputArea-output").last.inner_text().strip() == str(len(prepared.claims))
    assert not notebook.real_errors(), notebook.real_errors()[:5]
