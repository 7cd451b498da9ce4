"""Page ready in Chromium, with what the browser's main thread did: the dashboard and the minimal page.

    PYTHONPATH=/path/to/tree python benchmarks/page_ready.py [loads]

Run from the tree's own directory (the server puts the working directory first on ``sys.path``).
Loads each page as ``run.browser_ready`` does (one warm-up load, then ``loads``; for the dashboard also
the time its first screen, the timeline and the matrix, is drawn: ``first_screen_s``), reading CDP's
``Performance.getMetrics`` after each (``TaskDuration``: the main thread's busy time; script, layout,
style recalculation) and counting, in the last load, the ``<style>`` elements, stylesheet links and
shadow roots through every shadow root. Prints one JSON line; compare trees run in turn.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(os.environ.get("PYTHONPATH", str(Path(__file__).resolve().parent.parent)).split(os.pathsep)[0])
sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "tests")]

#: Counts through every shadow root of the page.
COUNT = """() => {
  let styles = 0, links = 0, roots = 0, bytes = 0, elements = 0;
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      elements++;
      if (el.tagName === 'STYLE') { styles++; bytes += el.textContent.length; }
      if (el.tagName === 'LINK' && el.rel === 'stylesheet') links++;
      if (el.shadowRoot) { roots++; walk(el.shadowRoot); }
    }
  };
  walk(document);
  return {styles, links, roots, style_bytes: bytes, elements};
}"""
METRICS = ("TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration", "Nodes", "LayoutCount",
           "RecalcStyleCount")


def main() -> None:
    import run  # benchmarks/run.py
    from browser_support import CHROMIUM_ARGS, COUNT_FIGURES, Server, find_chromium
    from playwright.sync_api import sync_playwright

    loads = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    drawn = (f"() => ({COUNT_FIGURES})() >= 3 && ({run._FOUND})('.cd-table tbody tr') "
             f"&& ({run._FOUND})('[data-testid=claim-count]')")
    # the first screen: the timeline and the matrix (the deferred views are the 3rd and 4th figures)
    first = (f"() => ({COUNT_FIGURES})() >= 2 && ({run._FOUND})('.cd-table tbody tr') "
             f"&& ({run._FOUND})('[data-testid=claim-count]')")
    pages = [("dashboard", lambda: Server(None), drawn, first),
             ("minimal", run._MinimalServer, f"() => ({COUNT_FIGURES})() >= 1", None)]
    out = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        try:
            for name, start, ready, shown in pages:
                server = start()
                times, firsts, metrics, counts = [], [], [], {}
                try:
                    for i in range(loads + 1):  # the first load warms the server
                        page = browser.new_page()
                        cdp = page.context.new_cdp_session(page)
                        cdp.send("Performance.enable")
                        began = time.perf_counter()
                        page.goto(server.url)
                        if shown:
                            page.wait_for_function(shown, timeout=120_000, polling=25)
                            firsts.append(time.perf_counter() - began)
                        page.wait_for_function(ready, timeout=120_000, polling=25)
                        times.append(time.perf_counter() - began)
                        got = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
                        metrics.append({k: got.get(k) for k in METRICS})
                        if i == loads:
                            counts = page.evaluate(COUNT)
                        page.close()
                finally:
                    server.stop()
                out[name] = {"ready_s": round(statistics.median(times[1:]), 3),
                             "times": [round(t, 2) for t in times[1:]],
                             **({"first_screen_s": round(statistics.median(firsts[1:]), 3),
                                 "first_times": [round(t, 2) for t in firsts[1:]]} if firsts else {}),
                             **{k: round(statistics.median(m[k] for m in metrics[1:]), 3) for k in METRICS},
                             **counts}
        finally:
            browser.close()
    out["ratio"] = round(out["dashboard"]["ready_s"] / out["minimal"]["ready_s"], 3)
    out["task_ratio"] = round(out["dashboard"]["TaskDuration"] / out["minimal"]["TaskDuration"], 3)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
