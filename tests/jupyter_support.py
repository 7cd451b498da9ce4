"""A private JupyterLab on 127.0.0.1 for the browser tests of the notebook experience."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

from browser_support import free_port

#: How long JupyterLab may take to start a kernel or run the walkthrough (ms).
TIMEOUT = 240_000
#: How long a change made in the kernel may take to show in the output (ms).
UPDATE_TIMEOUT = 180_000
#: Messages JupyterLab itself logs in a headless browser; nothing to do with the notebook.
_LAB_NOISE = ("debugger", "Failed to fetch", "kernelspecs")

#: Cell-list rendering of JupyterLab 4 without windowing, so every cell's output is in the page.
_SETTINGS = {"@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
             "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                                  "checkForUpdates": False}}


class JupyterLab:
    """``jupyter lab`` serving ``folder``, its Python kernel the interpreter running the tests
    (or ``kernel_python``), in ``env`` (default: this process's environment).

    Everything it writes (settings, runtime files, workspaces, kernelspec) lives under
    ``home``; it asks no other host for news or updates. Stopped by :meth:`stop`.
    """

    def __init__(self, folder: Path, home: Path, timeout: float = 120, kernel_python: Path | None = None,
                 env: dict | None = None):
        self.port = free_port()
        self.token = os.urandom(12).hex()
        self.url = f"http://127.0.0.1:{self.port}"
        prefix = home / "prefix"
        from ipykernel.kernelspec import install

        spec = install(kernel_name="python3", prefix=str(prefix))
        if kernel_python is not None:  # the kernel runs another interpreter (a venv with the wheel installed)
            kernel_json = Path(spec) / "kernel.json"
            kernel = json.loads(kernel_json.read_text())
            kernel["argv"][0] = str(kernel_python)
            kernel_json.write_text(json.dumps(kernel))
        for relative, settings in _SETTINGS.items():
            path = home / "settings" / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(settings))
        env = {**(os.environ if env is None else env), "JUPYTER_PATH": str(prefix / "share" / "jupyter"),
               "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
               "JUPYTER_DATA_DIR": str(home / "data"), "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
               "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"), "IPYTHONDIR": str(home / "ipython")}
        cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip", "127.0.0.1", "--port", str(self.port),
               f"--ServerApp.token={self.token}", f"--ServerApp.root_dir={folder}",
               "--ServerApp.open_browser=False", "--LabApp.news_url=None",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               "--KernelSpecManager.ensure_native_kernel=False"]
        if os.geteuid() == 0:
            cmd.append("--allow-root")
        self.log = home / "jupyterlab.log"
        self._log = open(self.log, "w")
        self.process = subprocess.Popen(cmd, env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with {self.process.returncode}:\n{self.log.read_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/status?token={self.token}", timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"jupyter lab did not answer within {timeout} s:\n{self.log.read_text()}")

    def notebook_url(self, name: str) -> str:
        return f"{self.url}/lab/tree/{name}?token={self.token}"

    def stop(self) -> None:
        if self._log.closed:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self._log.close()


def available() -> bool:
    """True when JupyterLab is installed (the test extra installs it)."""
    return shutil.which("jupyter-lab") is not None or _importable("jupyterlab")


def _importable(name: str) -> bool:
    try:
        __import__(name)
    except ImportError:
        return False
    return True


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
