"""Every notebook in ``notebooks/`` runs top to bottom without an error.

Each notebook is executed once per session with nbclient, in a fresh kernel
whose working directory is the notebooks folder. The kernel is pinned to the
interpreter running pytest (see :func:`kernel_manager`), so the notebooks see
the same installed ``dashboard`` package as the tests, whatever other
``python3`` kernelspecs the machine has.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
NOTEBOOK_PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))

KERNEL_NAME = "python3"
CELL_TIMEOUT = 120  # seconds per cell

#: Tag of the walkthrough cell that displays the whole dashboard.
DASHBOARD_TAG = "dashboard"
#: Mime type Panel/HoloViews give the output of a displayed Panel object in Jupyter.
PANEL_MIME = "application/vnd.holoviews_exec.v0+json"

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="session")
def kernel_dirs(tmp_path_factory) -> list[str]:
    """A private ``python3`` kernelspec that runs ``sys.executable``.

    ``jupyter_client`` would otherwise pick the first ``python3`` spec on the
    Jupyter path, which may belong to another environment (a user-level
    kernelspec, for instance). Installing into a temporary prefix writes
    nothing outside the test session.
    """
    from ipykernel.kernelspec import install

    prefix = tmp_path_factory.mktemp("kernel")
    install(kernel_name=KERNEL_NAME, prefix=str(prefix))
    return [str(prefix / "share" / "jupyter" / "kernels")]


@pytest.fixture(scope="session")
def kernel_manager(kernel_dirs):
    """A factory of kernel managers for the pinned ``python3`` kernel."""
    specs = KernelSpecManager(kernel_dirs=kernel_dirs, ensure_native_kernel=False)
    spec = specs.get_kernel_spec(KERNEL_NAME)
    assert spec.argv[0] == sys.executable, spec.argv

    def make() -> KernelManager:
        return KernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=specs)

    return make


@pytest.fixture(scope="session")
def executed(kernel_manager, tmp_path_factory):
    """``executed(path)``: the notebook at ``path`` after running it (once per session), in a
    folder of its own, so that the files it writes stay out of the repository."""
    cache: dict[Path, nbformat.NotebookNode | str] = {}

    def run(path: Path) -> nbformat.NotebookNode:
        if path not in cache:
            nb = nbformat.read(path, as_version=4)
            client = NotebookClient(
                nb, km=kernel_manager(), timeout=CELL_TIMEOUT,
                resources={"metadata": {"path": str(tmp_path_factory.mktemp(path.stem))}},
            )
            try:
                client.execute()
            except CellExecutionError as error:
                cache[path] = _ANSI.sub("", str(error))
            else:
                cache[path] = nb
        result = cache[path]
        if isinstance(result, str):
            pytest.fail(f"{path.name} failed:\n{result}", pytrace=False)
        return result

    return run


def test_there_are_notebooks():
    assert NOTEBOOK_PATHS, f"no notebook found in {NOTEBOOKS}"


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.name)
def test_notebook_runs(path, executed):
    nb = executed(path)
    errors = [out for cell in nb.cells if cell.cell_type == "code"
              for out in cell.outputs if out.output_type == "error"]
    assert not errors, [f"{e.ename}: {e.evalue}" for e in errors]


def test_walkthrough_displays_the_dashboard(executed):
    nb = executed(NOTEBOOKS / "walkthrough.ipynb")
    cells = [c for c in nb.cells if DASHBOARD_TAG in c.metadata.get("tags", [])]
    assert len(cells) == 1, f"expected one cell tagged {DASHBOARD_TAG!r}, found {len(cells)}"
    panes = [out for out in cells[0].outputs
             if out.output_type in ("execute_result", "display_data") and PANEL_MIME in out.get("data", {})]
    assert panes, f"the dashboard cell displayed no Panel output: {[sorted(o.get('data', {})) for o in cells[0].outputs]}"
    # The last one is the Dashboard itself (building it may re-display the extension loader first).
    pane = panes[-1]
    html = pane.data.get("text/html", "")
    root = pane.metadata[PANEL_MIME]["id"]
    assert f"data-root-id=\"{root}\"" in html, "the HTML does not embed the displayed root"
    assert "docs_json" in html, "the HTML carries no Bokeh document"
    # The whole page, not a single view: the claims table and a plot are both in the document.
    assert '"class_name":"ClaimRows"' in html, "no claims table in the displayed document"
    assert '"name":"Figure"' in html, "no plot in the displayed document"


#: Where Panel, Bokeh and HoloViews would fetch their scripts and styles from, were they not inlined.
_CDNS = ("cdn.bokeh.org", "cdn.holoviz.org", "unpkg.com", "cdn.jsdelivr.net", "code.jquery.com")


def test_walkthrough_outputs_carry_their_own_scripts_and_styles(executed):
    """The displayed documents link nothing on a CDN, and the extension loader carries BokehJS
    itself. (The loader's script also names CDNs in branches for RequireJS pages; that no request
    is made is checked in real JupyterLab by test_jupyterlab.py.)"""
    nb = executed(NOTEBOOKS / "walkthrough.ipynb")
    found, loaders = set(), []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            html = data.get("text/html", "")
            html = html if isinstance(html, str) else "".join(html)
            found |= {cdn for cdn in _CDNS if cdn in html}
            found |= set(re.findall(r'(?:src|href)=\\?"(https?://[^"\\]+)', html))
            script = data.get("application/javascript", "")
            if "Bokeh" in script:
                loaders.append(script)
    assert not found, f"notebook output links other hosts: {sorted(found)[:10]}"
    assert loaders and max(len(s) for s in loaders) > 1_000_000, "BokehJS is not written into the output"


def test_walkthrough_saves_figures_and_shows_holoviews_views(executed):
    nb = executed(NOTEBOOKS / "walkthrough.ipynb")
    sources = [c.source for c in nb.cells if c.cell_type == "code"]
    assert any("hv.save(" in s and ".svg" in s for s in sources)
    overlay = next(c for c in nb.cells if c.cell_type == "code" and "app.timeline.element() *" in c.source)
    assert any(PANEL_MIME in o.get("data", {}) or "text/html" in o.get("data", {}) for o in overlay.outputs)
