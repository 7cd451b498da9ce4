"""The performance report: load, warm start, filter latency against its floor, bytes, memory, browser.

    python benchmarks/run.py                       # N = 10^3 .. 10^6, writes benchmarks/results/
    python benchmarks/run.py --sizes 1e3,1e4 --changes 12 --no-browser

For each N it generates a data folder (``claims-dashboard generate``, seeded,
kept in ``--workdir`` for the next run) and measures, each in a fresh process
where it matters:

* cold: validating, loading and preparing the folder with an empty cache;
* warm: the same with the cache the cold run wrote (see :mod:`dashboard.cache`);
* filter latency: a scripted series of changes (claimant, target, stance,
  outlet, date range, text search, clearing), each timed from setting the
  filter until every view has its new data, in a session built as the server
  builds one; beside it the bare computation the change needs (the row mask
  and the group-bys the views draw, on the same engine), and the bytes of the
  Bokeh patch the browser would be sent;
* server memory: ``claims-dashboard serve`` with no session, one, and several
  (sessions opened over the websocket as a browser opens them).

Once (on the bundled data): the time Chromium takes from request to every
view drawn, beside a minimal Panel page with one HoloViews plot.

Writes ``report.json`` and ``report.md`` (the README's table) to ``--out``.
Timings are this machine's; nothing here asserts them.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "benchmarks")]

TARGETS = {  # N -> p95 filter-change target (ms), from the issue
    100_000: 100, 1_000_000: 300, 10_000_000: 500,
}


# ------------------------------------------------------------------ data
def data_folder(workdir: Path, n: int, seed: int, log) -> tuple[Path, float | None]:
    """A generated folder of ``n`` claims (reused when already generated), and the seconds generating took."""
    from dashboard.generate import generate

    folder = workdir / f"claims-{n}-seed{seed}"
    done = folder / ".complete"
    if done.exists():
        return folder, None
    log(f"generating {n:,} claims in {folder}")
    began = time.perf_counter()
    generate(folder, n, seed=seed, force=True)
    elapsed = time.perf_counter() - began
    done.write_text("")  # not a data file: written after the folder is whole
    return folder, elapsed


# ------------------------------------------------------------------ cold and warm start
_START = """
import json, resource, sys, time
began = time.perf_counter()
from dashboard.cache import load_prepared
imported = time.perf_counter()
stages = []
p = load_prepared(sys.argv[1], progress=lambda m: stages.append(m))
ready = time.perf_counter()
usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
print(json.dumps({"import_s": imported - began, "ready_s": ready - imported, "stages": stages,
                  "claims": len(p.claims), "cpu_s": sum(u.ru_utime + u.ru_stime for u in usage),
                  "peak_rss_mb": usage[0].ru_maxrss / 1024}))
"""


def start_times(folder: Path, cache: Path) -> dict:
    """Cold (empty cache) then warm (the cache the cold run wrote) starts, each in a new process."""
    out = {}
    for kind in ("cold", "warm"):
        env = {**os.environ, "CLAIMS_DASHBOARD_CACHE": str(cache)}
        began = time.perf_counter()
        result = subprocess.run([sys.executable, "-c", _START, str(folder)], env=env, capture_output=True,
                                text=True, check=True)
        wall = time.perf_counter() - began
        out[kind] = {**json.loads(result.stdout.strip().splitlines()[-1]), "process_s": wall}
    return out


# ------------------------------------------------------------------ filter latency
def script(prepared, changes: int, seed: int) -> list[dict]:
    """A realistic series of filter changes, drawn from the data (seeded)."""
    rng = random.Random(seed)
    c = prepared.claims
    actors = c.actor_id.value_counts().index[:20].tolist()
    targets = [t for t in c.target_id.value_counts().index[:20] if t != "(none)"]
    stances = sorted(set(c.stance))
    sources = c.source_id.value_counts().index[:50].tolist()
    words = [w for w in " ".join(c.quote.sample(min(len(c), 200), random_state=seed)).lower().split()
             if len(w) > 5 and w.isalpha()]
    lo, hi = prepared.date_bounds
    days = (hi - lo).days
    # a user narrows by one or two filters, then resets, then starts again
    kinds = ["actor", "stance", "clear", "outlet", "search", "clear", "target", "dates", "clear"]
    steps, active = [], {}
    for i in range(changes):
        kind = kinds[i % len(kinds)]
        if kind == "actor":
            step = {"actors": [rng.choice(actors)]}
        elif kind == "target":
            step = {"targets": [rng.choice(targets)] if targets else []}
        elif kind == "stance":
            step = {"stances": [rng.choice(stances)]}
        elif kind == "outlet":
            step = {"sources": [rng.choice(sources)]}
        elif kind == "dates":
            import datetime as dt

            first = lo + dt.timedelta(days=rng.randrange(max(days - 7, 1)))
            step = {"start": first, "end": first + dt.timedelta(days=7)}
        elif kind == "search":
            step = {"search": rng.choice(words) if words else "the"}
        else:  # clear everything set so far, as the reset button does
            step = {"actors": [], "targets": [], "stances": [], "sources": [], "start": None, "end": None,
                    "search": ""}
        active.update(step)
        steps.append({"kind": kind, "change": step})
    return steps


def floor(prepared, state) -> None:
    """The bare computation one change needs: the row mask and the group-bys the views draw."""
    from dashboard.query import busiest, claim_mask, claim_order, matrix_cells

    index = prepared.index
    mask = claim_mask(prepared, actors=state.actors, targets=state.targets, stances=state.stances,
                      sources=state.sources, start=state.start, end=state.end, search=state.search)
    int(mask.sum())
    busiest(prepared, mask, "actor", 30)
    busiest(prepared, mask, "target", 30)
    matrix_cells(prepared, mask)
    index.counts(mask, index.actor, index.day, index.stance)
    claim_order(prepared, "date", mask)[:12]


def latency(prepared, steps: list[dict]) -> dict:
    """Time every change in a session built as the server builds one, and its floor and bytes."""
    from bokeh.document import Document
    from bokeh.protocol import Protocol

    from dashboard.app import Dashboard
    from dashboard.state import FilterState

    began = time.perf_counter()
    dash = Dashboard(prepared.dataset)
    doc = Document()
    doc.add_root(dash.__panel__().get_root(doc))
    build = time.perf_counter() - began
    events = []
    doc.on_change(events.append)
    protocol = Protocol()
    shadow = FilterState(prepared)  # the floor's own filters, kept in step
    rows = []
    for step in steps:
        prepared.index.clear_search_cache()  # each change searches afresh, for the app and the floor alike
        shadow.param.update(**step["change"])
        counted = prepared.index.counts_kept()
        t0 = time.perf_counter()
        floor(prepared, shadow)
        bare = time.perf_counter() - t0
        prepared.index.clear_search_cache()
        prepared.index.counts_kept(counted)  # the app counts afresh what the floor just counted
        events.clear()
        t0, c0 = time.perf_counter(), time.process_time()
        dash.state.param.update(**step["change"])
        app, cpu = time.perf_counter() - t0, time.process_time() - c0
        size = 0
        if events:
            msg = protocol.create("PATCH-DOC", list(events))
            size = len(msg.header_json) + len(msg.metadata_json) + len(msg.content_json)
            size += sum(len(b.data) if hasattr(b, "data") else len(bytes(b[1])) for b in msg.buffers)
        rows.append({"kind": step["kind"], "app_ms": app * 1000, "app_cpu_ms": cpu * 1000, "floor_ms": bare * 1000,
                     "bytes": size,
                     "matching": int(dash.state.mask().sum())})
    app = [r["app_ms"] for r in rows]
    bare = [r["floor_ms"] for r in rows]
    sizes = [r["bytes"] for r in rows]
    return {
        "session_build_s": build,
        "app_ms": _stats(app), "app_cpu_ms": _stats([r["app_cpu_ms"] for r in rows]), "floor_ms": _stats(bare),
        "ratio_p95": _stats(app)["p95"] / max(_stats(bare)["p95"], 1e-9),
        "ratio_median": _stats(app)["median"] / max(_stats(bare)["median"], 1e-9),
        "bytes": {"median": statistics.median(sizes), "max": max(sizes)},
        "changes": rows,
    }


def _stats(values: list[float]) -> dict:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, max(0, int(np.ceil(0.95 * len(ordered))) - 1))]
    return {"median": statistics.median(ordered), "p95": p95, "max": ordered[-1]}


# ------------------------------------------------------------------ server memory
def server_memory(folder: Path, cache: Path, sessions: int, log) -> dict:
    """Server RSS with no session, one, and ``sessions``; sessions opened as a browser opens them."""
    import asyncio

    from loadtest import Expectations, LoadServer, SessionResult, WireSession

    from dashboard.cache import prepared as shared

    os.environ["CLAIMS_DASHBOARD_CACHE"] = str(cache)
    server = LoadServer(data=folder, serve_args=["--unused-session-lifetime", "600"], timeout=600,
                        allocator="pymalloc")
    try:
        expect = Expectations(shared(folder))
        rss = {"no_session": _settle(server.process.pid)}

        async def open_sessions(k):
            opened = []
            for _ in range(k):
                s = WireSession(server.url, expect, SessionResult(index=len(opened)), timeout=600)
                await s.open({})
                opened.append(s)
            return opened

        async def measure():
            first = await open_sessions(1)
            rss["one_session"] = _settle(server.process.pid)
            more = await open_sessions(sessions - 1)
            rss[f"{sessions}_sessions"] = _settle(server.process.pid)
            for s in first + more:
                await s.close()

        asyncio.run(measure())
        extra = (rss[f"{sessions}_sessions"] - rss["one_session"]) / max(sessions - 1, 1)
        return {"rss_mb": rss, "per_session_mb": extra, "sessions": sessions}
    finally:
        server.stop()


def smaps_mb(pid: int) -> dict | None:
    """A process's memory from /proc/<pid>/smaps_rollup, in MB: RSS, PSS (shared pages divided
    among the processes mapping them) and USS (pages only this process has: what it adds)."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    kb = {line.split(":")[0]: int(line.split()[1]) for line in text.splitlines()[1:] if line.split()[1:2]}
    return {"rss": kb.get("Rss", 0) / 1024, "pss": kb.get("Pss", 0) / 1024,
            "uss": (kb.get("Private_Clean", 0) + kb.get("Private_Dirty", 0)) / 1024}


def worker_memory(folder: Path, cache: Path, workers: int, log) -> dict:
    """Each worker's RSS, PSS and USS under ``serve --num-procs workers``, with sessions open on
    every worker: the prepared data is mapped from the cache, so a worker adds its USS."""
    import asyncio

    from loadtest import Expectations, LoadServer, SessionResult, WireSession

    from dashboard.cache import prepared as shared

    os.environ["CLAIMS_DASHBOARD_CACHE"] = str(cache)
    server = LoadServer(data=folder, serve_args=["--num-procs", str(workers), "--log-sessions",
                                                 "--unused-session-lifetime", "600"], timeout=600)
    try:
        children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children")
        deadline = time.monotonic() + 60
        while len(children.read_text().split()) < workers and time.monotonic() < deadline:
            time.sleep(0.2)
        pids = [int(p) for p in children.read_text().split()]
        expect = Expectations(shared(folder))

        async def open_until_every_worker_has_one():
            opened = []
            for _ in range(6 * workers):  # the kernel picks the worker of each connection
                s = WireSession(server.url, expect, SessionResult(index=len(opened)), timeout=600)
                await s.open({})
                opened.append(s)
                served = set(re.findall(r"\[sessions pid (\d+)\] created", server.log.read_text()))
                if len(served) >= workers:
                    break
            time.sleep(2)
            memory = {pid: smaps_mb(pid) for pid in pids}
            for s in opened:
                await s.close()
            return memory, len(opened)

        memory, sessions = asyncio.run(open_until_every_worker_has_one())
        per = list(memory.values())
        return {"workers": workers, "sessions": sessions, "by_worker_mb": per,
                "uss_mb_max": max(m["uss"] for m in per), "pss_mb_total": sum(m["pss"] for m in per),
                "rss_mb_total": sum(m["rss"] for m in per)}
    finally:
        server.stop()


def _settle(pid: int) -> float:
    """RSS (MB) once it stops moving."""
    from loadtest import rss_mb

    last = rss_mb(pid)
    for _ in range(20):
        time.sleep(0.5)
        now = rss_mb(pid)
        if now is not None and last is not None and abs(now - last) < 0.5:
            return now
        last = now
    return last


# ------------------------------------------------------------------ browser
MINIMAL_APP = ROOT / "benchmarks" / "minimal_app.py"


# Whether an element matching a selector exists anywhere, shadow roots included (Panel renders in them).
_FOUND = """(selector) => {
  const find = (root) => root.querySelector(selector) !== null
    || [...root.querySelectorAll('*')].some((el) => el.shadowRoot && find(el.shadowRoot));
  return find(document);
}"""


def browser_ready(repeats: int, log, folders: dict | None = None) -> dict:
    """Median seconds from request to every view drawn: the dashboard (bundled data) and a minimal page;
    and the dashboard on each generated folder of ``folders`` (N -> (folder, cache)), served from its
    warm-start cache, as ``dashboard_<N>_s`` beside its ratio to the bundled page."""
    from playwright.sync_api import sync_playwright

    from browser_support import CHROMIUM_ARGS, COUNT_FIGURES, Server, find_chromium

    drawn = (f"() => ({COUNT_FIGURES})() >= 3 && ({_FOUND})('.cd-table tbody tr') "
             f"&& ({_FOUND})('[data-testid=claim-count]')")
    pages = [("dashboard", lambda: Server(None), drawn),
             ("minimal", _MinimalServer, f"() => ({COUNT_FIGURES})() >= 1")]
    for n, (folder, cache) in (folders or {}).items():
        pages.append((f"dashboard_{n}", lambda folder=folder, cache=cache: _data_server(folder, cache), drawn))
    out = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        try:
            for name, start_server, ready in pages:
                server = start_server()  # one at a time, each stopped below even when a load fails
                times = []
                try:
                    for _ in range(repeats + 1):  # the first load warms the server
                        page = browser.new_page()
                        began = time.perf_counter()
                        page.goto(server.url)
                        page.wait_for_function(ready, timeout=120_000, polling=25)
                        times.append(time.perf_counter() - began)
                        page.close()
                finally:
                    server.stop()
                out[f"{name}_s"] = statistics.median(times[1:])
                log(f"{name}: ready in {out[f'{name}_s']:.2f} s (median of {repeats})")
        finally:
            browser.close()
    out["ratio"] = out["dashboard_s"] / out["minimal_s"]
    for n in folders or {}:
        out[f"ratio_{n}"] = out[f"dashboard_{n}_s"] / out["dashboard_s"]
    return out


def _data_server(folder: Path, cache: Path):
    """``claims-dashboard serve --data folder`` reading its prepared data from ``cache``."""
    from browser_support import Server

    previous = os.environ.get("CLAIMS_DASHBOARD_CACHE")
    os.environ["CLAIMS_DASHBOARD_CACHE"] = str(cache)
    try:
        return Server(folder, timeout=600)
    finally:
        if previous is None:
            os.environ.pop("CLAIMS_DASHBOARD_CACHE", None)
        else:
            os.environ["CLAIMS_DASHBOARD_CACHE"] = previous


class _MinimalServer:
    """``panel serve benchmarks/minimal_app.py`` on 127.0.0.1 and a free port."""

    def __init__(self, timeout: float = 90):
        import urllib.request

        from browser_support import free_port

        port = free_port()
        self.url = f"http://127.0.0.1:{port}/minimal_app"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "panel", "serve", str(MINIMAL_APP), "--port", str(port), "--address",
             "127.0.0.1", "--allow-websocket-origin", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url, timeout=5):
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("the minimal Panel page did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


# ------------------------------------------------------------------ report
def markdown(report: dict) -> str:
    lines = [
        "| claims | cold start (validate, prepare, write cache) | warm start | filter change median / p95 | floor p95 | ratio p95 "
        "| bytes per change (median / max) | server RSS, 1 session | per extra session | per extra worker (USS) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in report["sizes"]:
        lat, start, mem, workers = row["latency"], row["start"], row.get("memory"), row.get("workers")
        target = TARGETS.get(row["claims"])
        p95 = f"{lat['app_ms']['p95']:.0f} ms" + (f" (target {target})" if target else "")
        if "app_cpu_ms" in lat:
            p95 += f", CPU p95 {lat['app_cpu_ms']['p95']:.0f} ms"
        lines.append(
            f"| {row['claims']:,} | {start['cold']['ready_s']:.1f} s{_cpu_peak(start['cold'])} "
            f"| {start['warm']['ready_s']:.2f} s{_cpu_peak(start['warm'])} "
            f"| {lat['app_ms']['median']:.0f} ms / {p95} | {lat['floor_ms']['p95']:.1f} ms "
            f"| {lat['ratio_p95']:.1f}× | {lat['bytes']['median'] / 1024:.0f} / {lat['bytes']['max'] / 1024:.0f} KB "
            + (f"| {mem['rss_mb']['one_session']:.0f} MB | {mem['per_session_mb']:.1f} MB " if mem else "| – | – ")
            + (f"| {workers['uss_mb_max']:.0f} MB |" if workers else "| – |"))
    if report.get("browser"):
        b = report["browser"]
        lines += ["", f"Page ready in Chromium (bundled data): {b['dashboard_s']:.2f} s, a minimal Panel page "
                      f"with one HoloViews plot {b['minimal_s']:.2f} s: {b['ratio']:.2f}×."]
        for key in sorted((k for k in b if k.startswith("ratio_")), key=lambda k: int(k[6:])):
            n = int(key[6:])
            lines.append(f"Page ready with {n:,} claims: {b[f'dashboard_{n}_s']:.2f} s, {b[key]:.2f}× the bundled page.")
    lines += ["", f"{report['machine']}; {report['when']}."]
    return "\n".join(lines) + "\n"


def _cpu_peak(start: dict) -> str:
    """' (CPU …, peak …)' of a start, when it was measured."""
    if "cpu_s" not in start:
        return ""
    return f" (CPU {start['cpu_s']:.1f} s, peak {start['peak_rss_mb'] / 1024:.2f} GB)"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1e3,1e4,1e5,1e6", help="claim counts (default: 1e3,1e4,1e5,1e6)")
    parser.add_argument("--changes", type=int, default=42, help="filter changes timed per size (default: 42)")
    parser.add_argument("--sessions", type=int, default=5, help="sessions for the memory measurement (default: 5)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "claims-dashboard-bench",
                        help="where generated folders are kept between runs")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    parser.add_argument("--no-memory", action="store_true", help="skip the server memory measurement")
    parser.add_argument("--workers", type=int, default=2,
                        help="worker processes for the shared-memory measurement (default: 2; 1 skips it)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measurement")
    parser.add_argument("--browser-repeats", type=int, default=5)
    parser.add_argument("--page-sizes", default="",
                        help="sizes whose page is also timed in Chromium, beside the bundled page (e.g. 1e7)")
    args = parser.parse_args(argv)
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    page_sizes = {int(float(s)) for s in args.page_sizes.split(",") if s.strip()}
    if not page_sizes <= set(sizes):
        parser.error("--page-sizes must be among --sizes")
    if any(not 10 <= n <= 10**7 for n in sizes) or not 1 <= args.changes <= 1000 or not 2 <= args.sessions <= 50:
        parser.error("sizes must be 10..1e7, --changes 1..1000, --sessions 2..50")

    def log(message):
        print(message, file=sys.stderr, flush=True)

    args.workdir.mkdir(parents=True, exist_ok=True)
    report = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
              "when": time.strftime("%Y-%m-%d"), "sizes": []}
    from dashboard.cache import load_prepared

    kept = {}  # N -> (folder, cache directory) of the sizes whose page Chromium times
    for n in sizes:
        folder, generated = data_folder(args.workdir, n, args.seed, log)
        caches = tempfile.TemporaryDirectory(prefix="claims-cache-")
        if n in page_sizes:
            kept[n] = (folder, caches)
        with contextlib.ExitStack() as stack:
            if n not in page_sizes:
                stack.enter_context(caches)
            cache = caches.name
            log(f"{n:,} claims: cold and warm start")
            start = start_times(folder, Path(cache))
            os.environ["CLAIMS_DASHBOARD_CACHE"] = cache
            prepared = load_prepared(folder)
            gc.freeze()  # as `claims-dashboard serve` does with the shared data
            log(f"{n:,} claims: {args.changes} filter changes")
            lat = latency(prepared, script(prepared, args.changes, args.seed))
            memory = workers = None
            if not args.no_memory:
                log(f"{n:,} claims: server memory with 1 and {args.sessions} sessions")
                memory = server_memory(folder, Path(cache), args.sessions, log)
                if args.workers > 1:
                    log(f"{n:,} claims: memory of {args.workers} worker processes")
                    workers = worker_memory(folder, Path(cache), args.workers, log)
        row = {"claims": n, "generated_s": generated, "start": start, "latency": lat, "memory": memory,
               "workers": workers}
        report["sizes"].append(row)
        log(f"{n:,} claims: change p95 {lat['app_ms']['p95']:.0f} ms, CPU {lat['app_cpu_ms']['p95']:.0f} ms "
            f"(floor {lat['floor_ms']['p95']:.1f} ms), "
            f"warm start {start['warm']['ready_s']:.2f} s, cold {start['cold']['ready_s']:.1f} s")
    if not args.no_browser:
        report["browser"] = browser_ready(args.browser_repeats, log,
                                          {n: (folder, Path(c.name)) for n, (folder, c) in kept.items()})
    for _folder, caches in kept.values():
        caches.cleanup()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "report.json").write_text(json.dumps(report, indent=2, default=str))
    (args.out / "report.md").write_text(markdown(report))
    print(markdown(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
