"""Driving the served dashboard in Chromium: finding a browser, serving, reading what Bokeh drew."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

#: Flags for a headless Chromium that makes no connection of its own.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def find_chromium() -> str | None:
    """A Chromium executable: $CHROMIUM_PATH or $PLAYWRIGHT_CHROMIUM_EXECUTABLE, then the system one.

    None means "let Playwright use its own download" (``playwright install chromium``).
    """
    for var in ("CHROMIUM_PATH", "PLAYWRIGHT_CHROMIUM_EXECUTABLE"):
        if os.environ.get(var):
            return os.environ[var]
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _QuietFiles(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass


@contextlib.contextmanager
def serve_directory(directory: Path):
    """The files of ``directory`` served on 127.0.0.1 (an ephemeral port): yields the base URL."""
    handler = functools.partial(_QuietFiles, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def readonly_command(folder: Path, cmd: list[str]) -> list[str]:
    """``cmd`` run with ``folder`` read-only.

    As root, permission bits do not stop writes, so the folder is re-mounted
    read-only inside a private mount namespace that only this process sees.
    Otherwise the folder's write permissions are removed (restore them with
    ``chmod -R u+w`` to delete it).
    """
    if os.geteuid() == 0 and shutil.which("unshare"):
        script = 'mount --bind "$0" "$0" && mount -o remount,ro,bind "$0" && exec "$@"'
        return ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, str(folder), *cmd]
    subprocess.run(["chmod", "-R", "a-w", str(folder)], check=True)
    return cmd


class Server:
    """``claims-dashboard serve`` on 127.0.0.1 and a free port, stopped by :meth:`stop`."""

    def __init__(self, data: Path | None = None, timeout: float = 90, port: int | None = None,
                 readonly: bool = False, args: tuple[str, ...] = (), ready: str = ""):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        cmd = [sys.executable, "-m", "dashboard", "serve", "--port", str(self.port), "--address", "127.0.0.1",
               *args]
        if data is not None:
            cmd += ["--data", str(data)]
        if readonly:
            cmd = readonly_command(Path(data), cmd)
        self.log = Path(os.environ.get("TMPDIR", "/tmp")) / f"claims-dashboard-{self.port}.log"
        self._log = open(self.log, "w")
        # its own process group, so that stopping it also stops any worker processes it forked
        self.process = subprocess.Popen(cmd, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}:\n{self.log.read_text()}")
            try:
                # a static file by default: GET / would build a page (slower than 5 s on a busy
                # machine), and keep its session for the page-load timeout
                with urllib.request.urlopen(self.url + (ready or "favicon.ico"), timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"server did not answer within {timeout} s:\n{self.log.read_text()}")

    def kill(self) -> None:
        """Stop the server abruptly, as a crash would."""
        self.process.kill()
        self.process.wait(timeout=10)
        self._log.close()

    def stop(self) -> None:
        if self._log.closed:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        try:  # workers of --num-procs outlive their parent unless told
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self._log.close()


# Walk every Bokeh view on the page; used by the helpers below.
_WALK = """
const figures = [];
const seen = new Set();
function walk(v, depth) {
  if (!v || seen.has(v) || depth > 80) return;
  seen.add(v);
  if (v.model?.type === 'Figure') figures.push(v);
  for (const c of (v.child_views ?? [])) walk(c, depth + 1);
}
const roots = window.Bokeh ? (Bokeh.index.values ? [...Bokeh.index.values()] : Object.values(Bokeh.index)) : [];
for (const v of roots) walk(v, 0);
"""

COUNT_FIGURES = "() => {" + _WALK + "return figures.length; }"

# Values of one column across every glyph whose data has it (e.g. 'claim_id').
COLUMN_VALUES = "(column) => {" + _WALK + """
  const out = [];
  for (const f of figures) for (const r of f.model.renderers) {
    const d = r.data_source?.data;
    const col = d instanceof Map ? d.get(column) : d?.[column];
    if (col) out.push(...Array.from(col));
  }
  return out;
}"""

# Page coordinates of the tick labelled (x_name, y_name) in the figure whose x axis is x_label
# (its figure scrolled into view).
TICK_POINT = "([xLabel, xName, yName]) => {" + _WALK + """
  const tick = (axis, name) => {
    const o = axis.major_label_overrides;
    const hit = (o instanceof Map ? [...o.entries()] : Object.entries(o)).find(([, v]) => v === name);
    return hit ? Number(hit[0]) : null;
  };
  for (const f of figures) {
    if (f.model.below?.[0]?.axis_label !== xLabel) continue;
    const x = tick(f.model.below[0], xName), y = tick(f.model.left[0], yName);
    if (x === null || y === null) continue;
    f.canvas_view.el.scrollIntoView({block: "center"});  // a user scrolls to what they click
    const r = f.canvas_view.el.getBoundingClientRect();
    return [r.left + f.frame.x_scale.compute(x), r.top + f.frame.y_scale.compute(y)];
  }
  return null;
}"""

# Page coordinates of the glyph whose `column` equals `value` (first match, among glyphs with
# columns `xcol` and `ycol`), its figure scrolled into view.
GLYPH_POINT = "([column, value, xcol, ycol]) => {" + _WALK + """
  for (const f of figures) for (const r of f.model.renderers) {
    const d = r.data_source?.data;
    const get = (c) => d instanceof Map ? d.get(c) : d?.[c];
    const col = get(column);
    if (!col || !get(xcol) || !get(ycol)) continue;
    const i = Array.from(col).indexOf(value);
    if (i < 0) continue;
    f.canvas_view.el.scrollIntoView({block: "center"});
    const rect = f.canvas_view.el.getBoundingClientRect();
    return [rect.left + f.frame.x_scale.compute(get(xcol)[i]), rect.top + f.frame.y_scale.compute(get(ycol)[i])];
  }
  return null;
}"""

# Text of every visible Bokeh tooltip (they live in shadow roots).
TOOLTIPS = """() => {
  const out = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) walk(el.shadowRoot);
      const c = typeof el.className === 'string' ? el.className : '';
      if (c.includes('bk-tooltip-content') && el.textContent.trim()) out.push(el.textContent.trim());
    }
  };
  walk(document);
  return out;
}"""


def hover(page, point, attempts: int = 3) -> list[str]:
    """Move the mouse onto ``point`` as a user would and return the tooltips shown.

    ``point`` may be a function giving it: it is then found again for each attempt, as the page
    may still move while its plots are drawn (a user whose tooltip does not show moves again).
    """
    for attempt in range(attempts):
        at = point() if callable(point) else point
        assert at is not None, "nothing to hover"
        page.mouse.move(at[0] - 15, at[1] - 15)
        page.mouse.move(at[0], at[1], steps=4)
        # the tooltips as first shown: a late layout change elsewhere on the page can hide one
        # until the mouse moves again
        try:
            shown = page.wait_for_function(f"() => {{ const t = ({TOOLTIPS})(); return t.length ? t : null }}",
                                           timeout=10_000)
        except Exception:
            if attempt == attempts - 1 or not callable(point):
                raise
            continue
        return shown.json_value()
    raise AssertionError("no tooltip")
