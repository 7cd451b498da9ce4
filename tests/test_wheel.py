"""An installed wheel finds its bundled data (issue 12).

The sdist is built from a copy of the source, the wheel from the unpacked sdist (as pip builds
one), and the wheel installed into a fresh virtual environment outside the repository. From a
folder that is not the checkout, that copy must validate its bundled data (inside
site-packages, mounted read-only), create a folder with ``init``, build a ``Dashboard()`` and
serve the page.

Why the installed copy, not the checkout, is imported: the venv is made with
``--system-site-packages`` (the dependencies come from the environment running the tests,
without a network), so that environment's editable install of this project is visible too. It
does not win: the venv's own site-packages comes first on ``sys.path``, and setuptools'
editable finder (``__editable___*_finder.py``, started by a ``.pth`` file) is *appended* to
``sys.meta_path``, behind the ordinary ``PathFinder`` that finds the venv's ``dashboard``
first. What could still put the checkout first is removed: ``PYTHONPATH`` is unset and every
command runs from a temporary folder (``python -c`` and ``-m`` put the working folder first on
``sys.path``). ``test_the_wheel_s_own_copy_is_imported`` checks the result.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from browser_support import free_port, readonly_command

ROOT = Path(__file__).resolve().parent.parent
#: What the sdist is built from (MANIFEST.in says what of it the sdist keeps).
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "dashboard", "data", "events")
JUNK = shutil.ignore_patterns("__pycache__", "*.py[cod]", "*.egg-info", "build", "dist")


def _run(cmd, cwd: Path, env: dict, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=timeout)


def _can_build_without_isolation() -> bool:
    """``pip wheel --no-build-isolation`` needs a setuptools with ``bdist_wheel`` (70.1 on) or ``wheel``."""
    return any(importlib.util.find_spec(name) is not None
               for name in ("setuptools.command.bdist_wheel", "wheel"))


def _tracked(*folders: str) -> list[str]:
    """The repository's files under ``folders``: git's list, or (no git checkout) the files there."""
    try:
        out = subprocess.run(["git", "ls-files", "-z", *folders], cwd=ROOT, capture_output=True, check=True,
                             timeout=30).stdout.decode()
        listed = [name for name in out.split("\0") if name]
        if listed:
            return listed
    except (OSError, subprocess.SubprocessError):
        pass
    return sorted(p.relative_to(ROOT).as_posix() for folder in folders for p in (ROOT / folder).rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(venv python, environment, work folder, sdist, wheel): the wheel installed into a fresh venv."""
    tmp = tmp_path_factory.mktemp("wheel")
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONSAFEPATH", "VIRTUAL_ENV",
                        "CLAIMS_DASHBOARD_DATA")}
    env["CLAIMS_DASHBOARD_CACHE"] = str(tmp / "cache")

    # a copy of the source: the build writes build/ and *.egg-info, which stay out of the checkout
    src = tmp / "src"
    src.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=JUNK)
        elif path.is_file():
            shutil.copy2(path, src / name)
    dist = tmp / "dist"
    build_sdist = f"from setuptools import build_meta; print(build_meta.build_sdist({str(dist)!r}))"
    proc = _run([sys.executable, "-c", build_sdist], src, env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    sdist = dist / proc.stdout.strip().splitlines()[-1]
    with tarfile.open(sdist) as archive:
        # the "data" filter (Python 3.11.4 on) refuses links and paths out of the folder
        archive.extractall(tmp / "unpacked", **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    unpacked = tmp / "unpacked" / sdist.name.removesuffix(".tar.gz")

    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", dist]
    isolated = not _can_build_without_isolation()
    # without bdist_wheel here, pip builds in an isolated environment, with setuptools from the index
    proc = _run([*cmd, *([] if isolated else ["--no-build-isolation"]), unpacked], tmp, env, timeout=300)
    if proc.returncode != 0 and isolated and "satisfies the requirement setuptools" in proc.stdout + proc.stderr:
        pytest.skip("cannot build a wheel: setuptools here has no bdist_wheel (nor is wheel installed), "
                    "and no index to fetch a newer one from")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (wheel,) = dist.glob("*.whl")

    venv = tmp / "venv"
    proc = _run([sys.executable, "-m", "venv", "--without-pip", "--system-site-packages", venv], tmp, env)
    assert proc.returncode == 0, proc.stderr
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    # the running environment's pip (visible through the system site-packages) installs into the venv;
    # the editable install outside the venv is left alone ("Not uninstalling ... outside environment")
    proc = _run([python, "-m", "pip", "install", "--no-deps", "--force-reinstall", "--no-index", wheel], tmp, env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    work = tmp / "elsewhere"
    work.mkdir()
    yield python, env, work, sdist, wheel
    subprocess.run(["chmod", "-R", "u+w", str(tmp)], check=False)  # readonly_command without root
    shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="module")
def installed_data(installed) -> Path:
    """The bundled data folder inside the venv's site-packages."""
    python, env, work, *_ = installed
    proc = _run([python, "-c", "import dashboard.dataset as d; print(d.default_path())"], work, env)
    assert proc.returncode == 0, proc.stderr
    return Path(proc.stdout.strip())


def _state(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def test_sdist_and_wheel_carry_data_and_package_files(installed):
    *_, sdist, wheel = installed
    data, package = _tracked("data"), _tracked("dashboard")
    assert data and package
    with tarfile.open(sdist) as archive:
        top = sdist.name.removesuffix(".tar.gz")
        in_sdist = {name.removeprefix(f"{top}/") for name in archive.getnames()}
    assert not [name for name in data + package if name not in in_sdist]
    with zipfile.ZipFile(wheel) as archive:
        in_wheel = set(archive.namelist())
    # data/ is the package dashboard.bundled; every file of the package, .py or not, is there
    expected = [name.replace("data/", "dashboard/bundled/", 1) for name in data] + package
    assert not [name for name in expected if name not in in_wheel]
    # events/ is dashboard.events: each event's folder, but not the review files of its curation
    events = _tracked("events")
    assert any(name.endswith("/datapackage.json") for name in events)
    assert not [name for name in events if name not in in_sdist]
    shipped = [name.replace("events/", "dashboard/events/", 1) for name in events
               if not name.split("/")[1].endswith("-reviews")]
    assert shipped and not [name for name in shipped if name not in in_wheel]
    assert not [name for name in in_wheel if name.startswith("dashboard/events/") and "-reviews/" in name]
    assert not [name for name in in_wheel if "__pycache__" in name or name.endswith(".pyc")]


def test_the_wheel_s_own_copy_is_imported(installed, installed_data):
    python, env, work, *_ = installed
    bundled = installed_data
    proc = _run([python, "-c", "import dashboard; print(dashboard.__file__)"], work, env)
    assert proc.returncode == 0, proc.stderr
    site = Path(python).parent.parent
    assert Path(proc.stdout.strip()).is_relative_to(site), proc.stdout
    assert bundled.is_relative_to(site) and "site-packages" in bundled.parts and bundled.name == "bundled"
    assert (bundled / "datapackage.json").is_file()


def test_the_installed_copy_finds_and_validates_the_other_bundled_events(installed, installed_data):
    python, env, work, *_ = installed
    code = "import dashboard.dataset as d; print(*d.bundled_events(), sep='\\n')"
    proc = _run([python, "-c", code], work, env)
    assert proc.returncode == 0, proc.stderr
    folders = [Path(line) for line in proc.stdout.splitlines()]
    assert folders[0] == installed_data and len(folders) >= 2
    site = Path(python).parent.parent
    for folder in folders[1:]:
        assert folder.is_relative_to(site) and folder.parent.name == "events"
        proc = _run(readonly_command(folder, [str(python), "-m", "dashboard", "validate", str(folder)]), work, env)
        assert proc.returncode == 0 and proc.stdout.startswith(f"{folder} is valid: "), proc.stdout + proc.stderr


def test_installed_copy_validates_inits_builds_and_serves(installed, installed_data):
    python, env, work, *_ = installed
    bundled = installed_data
    before = _state(bundled)
    # the installed data is read-only, as in a system-wide install: nothing may be written into it
    readonly = lambda cmd: readonly_command(bundled, [str(c) for c in cmd])  # noqa: E731

    proc = _run(readonly([python, "-m", "dashboard", "validate"]), work, env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith(f"{bundled} is valid: "), proc.stdout

    script = Path(python).with_name("claims-dashboard")  # the console script runs the same copy
    proc = _run(readonly([script, "validate"]), work, env)
    assert proc.returncode == 0 and proc.stdout.startswith(f"{bundled} is valid: "), proc.stdout + proc.stderr

    proc = _run(readonly([python, "-m", "dashboard", "init", "new-folder", "--title", "Fresh"]), work, env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (work / "new-folder" / "datapackage.json").is_file()
    proc = _run([python, "-m", "dashboard", "validate", "new-folder"], work, env)
    assert proc.returncode == 0, proc.stdout + proc.stderr

    code = "from dashboard import Dashboard; d = Dashboard(); print(len(d.prepared.claims), d.title)"
    proc = _run(readonly([python, "-c", code]), work, env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert int(proc.stdout.split()[0]) > 0
    cache = Path(env["CLAIMS_DASHBOARD_CACHE"])
    assert cache.is_dir() and any(cache.iterdir())  # the warm start is kept outside the data folder

    port = free_port()
    log = open(work / "serve.log", "w+")
    server = subprocess.Popen(
        readonly([python, "-m", "dashboard", "serve", "--port", port, "--address", "127.0.0.1"]),
        cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)  # its own group
    try:
        deadline, status = time.monotonic() + 90, None
        while status != 200 and time.monotonic() < deadline:
            assert server.poll() is None, f"server exited with {server.returncode}:\n{_read(log)}"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/favicon.ico", timeout=5) as response:
                    status = response.status
            except OSError:
                time.sleep(0.3)
        assert status == 200, f"no answer within 90 s:\n{_read(log)}"
        # the page itself: built from the installed page.html, over the bundled data
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=60) as response:
            assert response.status == 200
            assert b"<html" in response.read().lower()
    finally:
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(server.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        server.wait(timeout=10)
        log.close()
    assert f"Serving {bundled} on" in (work / "serve.log").read_text()
    assert _state(bundled) == before


def _read(log) -> str:
    log.flush()
    log.seek(0)
    return log.read()


def test_the_walkthrough_runs_in_jupyterlab_on_the_installed_wheel(installed, installed_data, browser, tmp_path):
    """Issue 12's researcher: the package from a wheel, the walkthrough in JupyterLab with every other
    host refused, Restart & Run All, every view drawn, a filter typed in the output, the SVG written."""
    import re

    from browser_support import COUNT_FIGURES
    from jupyter_support import UPDATE_TIMEOUT, JupyterLab, Notebook, available

    from dashboard import load
    from dashboard.frames import Filters
    from dashboard.query import prepare

    if not available():
        pytest.skip("JupyterLab is not installed")
    python, env, *_ = installed
    folder = tmp_path / "notebooks"
    folder.mkdir()
    shutil.copy(ROOT / "notebooks" / "walkthrough.ipynb", folder)
    lab = JupyterLab(folder, tmp_path / "jupyter", kernel_python=python, env=env)
    notebook = None
    try:
        notebook = Notebook(browser, lab)
        notebook.restart_and_run_all()
        page = notebook.page
        page.wait_for_function(f"({COUNT_FIGURES})() >= 8", timeout=UPDATE_TIMEOUT)
        assert "<svg" in (folder / "matrix.svg").read_text(encoding="utf-8")[:2000]
        notebook.run_new_cell("import dashboard; print(dashboard.__file__)")
        where = Path(page.locator(".jp-OutputArea-output").last.inner_text().strip())
        assert where.is_relative_to(Path(python).parent.parent), where  # the wheel's copy, not the checkout
        # as a reader would: type once the output answers the kernel (a state set in a cell reaches it)
        notebook.run_new_cell("app.state.reset()")
        notebook.wait_count(len(prepare(load(installed_data)).claims))
        box = page.get_by_placeholder(re.compile("words, e.g."))
        box.first.click()
        box.first.fill("window")
        box.first.press("Enter")
        notebook.wait_count(int(Filters(search="window").mask(prepare(load(installed_data))).sum()))
        assert not notebook.error_outputs(), notebook.error_outputs()[:3]
        assert notebook.foreign == [], notebook.foreign[:5]
    finally:
        if notebook is not None:
            notebook.context.close()
        lab.stop()
