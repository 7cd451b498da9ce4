"""CPU per filter change of the live views, for comparing two trees on a busy machine.

    PYTHONPATH=/path/to/tree python benchmarks/change_cpu.py 1e3 [rounds] [--cold] [--send]

Builds a session as ``benchmarks/run.py`` does (from the tree on ``PYTHONPATH``, whose own
``benchmarks/run.py`` generates the data and the scripted changes, so an older tree can be
measured with this file) and times each of the 42 changes by this thread's CPU time, which
other processes on the machine disturb far less than the wall clock. Prints one JSON line.
Run the trees in turn, several times, and compare the medians. The frames that sessions share
(``dashboard.memo.recent``) make a change to filters seen before cheaper: the second round repeats
the first's changes, so compare ``cpu_ms_median_first`` (the first round), or pass ``--cold`` to
forget every shared frame before each change (what a change to filters no session has used costs).
With ``--send`` each change's document events are also made into the PATCH-DOC message a server
sends (held and combined as Panel holds them, then serialised), and its bytes are reported.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(os.environ.get("PYTHONPATH", str(Path(__file__).resolve().parent.parent)).split(os.pathsep)[0])
sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "tests")]


def main() -> None:
    import run
    from bokeh.document import Document

    from dashboard.app import Dashboard
    from dashboard.cache import load_prepared

    from dashboard import memo

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    cold, send = "--cold" in sys.argv, "--send" in sys.argv
    n = int(float(args[0])) if args else 1000
    rounds = int(args[1]) if len(args) > 1 else 2
    folder, _ = run.data_folder(Path("/tmp/claims-dashboard-bench"), n, 1, lambda m: print(m, file=sys.stderr))
    prepared = load_prepared(folder)
    gc.freeze()
    steps = run.script(prepared, 42, 1)
    dash = Dashboard(prepared.dataset)
    doc = Document()
    doc.add_root(dash.__panel__().get_root(doc))
    index = prepared.index
    clear = index.clear_search_cache if hasattr(index, "clear_search_cache") else index._terms.clear  # older trees
    cpu, wall, sent = [], [], []
    if send:
        from bokeh.document.events import DocumentPatchedEvent
        from bokeh.protocol import Protocol

        protocol = Protocol()
    for _ in range(rounds):
        for step in steps:
            clear()
            if cold:
                memo._recent.clear()
            t0, w0 = time.thread_time(), time.perf_counter()
            if send:
                doc.hold("combine")
            dash.state.param.update(**step["change"])
            if send:
                events = [e for e in doc.callbacks._held_events if isinstance(e, DocumentPatchedEvent)]
                doc.callbacks._held_events = []
                doc.unhold()
                msg = protocol.create("PATCH-DOC", events)
                sent.append(len(msg.header_json) + len(msg.metadata_json) + len(msg.content_json)
                            + sum(len(b.to_bytes()) for b in msg._buffers))
            cpu.append((time.thread_time() - t0) * 1000)
            wall.append((time.perf_counter() - w0) * 1000)
    print(json.dumps({"claims": n, "changes": len(cpu), "cold": cold, "cpu_ms_median": statistics.median(cpu),
                      "cpu_ms_median_first": statistics.median(cpu[:len(steps)]),
                      "cpu_ms_mean": statistics.mean(cpu), "wall_ms_median": statistics.median(wall),
                      **({"bytes_median": statistics.median(sent), "bytes_mean": statistics.mean(sent)} if send else {})}))


if __name__ == "__main__":
    main()
