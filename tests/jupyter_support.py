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

from browser_support import free_port

#: Cell-list rendering of JupyterLab 4 without windowing, so every cell's output is in the page.
_SETTINGS = {"@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
             "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                                  "checkForUpdates": False}}


class JupyterLab:
    """``jupyter lab`` serving ``folder``, its Python kernel the interpreter running the tests.

    Everything it writes (settings, runtime files, workspaces, kernelspec) lives under
    ``home``; it asks no other host for news or updates. Stopped by :meth:`stop`.
    """

    def __init__(self, folder: Path, home: Path, timeout: float = 120):
        self.port = free_port()
        self.token = os.urandom(12).hex()
        self.url = f"http://127.0.0.1:{self.port}"
        prefix = home / "prefix"
        from ipykernel.kernelspec import install

        install(kernel_name="python3", prefix=str(prefix))
        for relative, settings in _SETTINGS.items():
            path = home / "settings" / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(settings))
        env = {**os.environ, "JUPYTER_PATH": str(prefix / "share" / "jupyter"),
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
