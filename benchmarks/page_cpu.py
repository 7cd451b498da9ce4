"""Server CPU to open one page of the bundled data, as a browser opens it over the websocket.

    PYTHONPATH=/path/to/tree python benchmarks/page_cpu.py [pages]

Starts ``claims-dashboard serve`` (the tree on ``PYTHONPATH``), then opens ``pages`` sessions
one after another (after one to warm up) with :class:`loadtest.WireSession`: the page, its
websocket, the document, and the "document ready" event, after which the server builds what it
deferred. The server process's CPU time (``/proc``) is read before each page, when the document
has been sent (``first_s``: before the browser can draw it) and once the deferred views have
arrived and the server has gone quiet (``total_s``: no update for 0.5 s after the update that
brought new models), with the models of the document first sent (``models_first``) and of the
whole page (``models``). Prints one JSON line. Other processes do not count, but a busy machine
still slows the server: compare trees run in turn.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(os.environ.get("PYTHONPATH", str(Path(__file__).resolve().parent.parent)).split(os.pathsep)[0])
sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "tests")]


def cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    from loadtest import Expectations, LoadServer, SessionResult, WireSession

    from dashboard.cache import prepared

    pages = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    server = LoadServer(serve_args=["--unused-session-lifetime", "600"])
    try:
        expect, pid, sent = Expectations(prepared(None)), server.process.pid, []
        send = WireSession._send

        async def marked(self, events):
            if any(e.get("msg_data", {}).get("name") == "document_ready" for e in events):
                sent.append(cpu_s(pid))
            return await send(self, events)

        WireSession._send = marked

        async def run():
            out = []
            for i in range(pages + 1):
                session = WireSession(server.url, expect, SessionResult(index=i), timeout=600)
                began = cpu_s(pid)
                await session.open({})
                first = len(session.known)
                # deferred views not in the pulled document come as an update with new models
                # (however busy the machine); then whatever follows them, until the server is quiet
                if session.places:
                    await session._wait(lambda: len(session.known) > first, 600, "the deferred views")
                patches = -1
                while session.patches != patches:
                    patches = session.patches
                    await asyncio.sleep(0.5)
                out.append((cpu_s(pid) - began, sent[-1] - began, first, len(session.known)))
                await session.close()
                await asyncio.sleep(0.3)
            return out[1:]

        runs = asyncio.run(run())
        print(json.dumps({"pages": pages, "first_s": [round(r[1], 2) for r in runs],
                          "total_s": [round(r[0], 2) for r in runs],
                          "median_first_s": statistics.median(r[1] for r in runs),
                          "median_total_s": statistics.median(r[0] for r in runs),
                          "models_first": max(r[2] for r in runs), "models": max(r[3] for r in runs)}))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
