"""Memory with a very large article: a server showing one of its claims, and ``validate``.

    python benchmarks/big_article.py [--mb 50] [--json out.json]

Copies the bundled data into a temporary folder and pads the first article
with ``--mb`` megabytes of paragraphs after its own text (words of the
article, shuffled with a fixed seed), so every quote is still found. Then:

* runs ``claims-dashboard validate`` on it and reports the peak memory of that process;
* starts ``claims-dashboard serve`` on 127.0.0.1 and reads the server's memory
  (VmRSS) before any session, then opens the page with a claim of that
  article selected, as a browser does (GET the page, connect the websocket,
  pull the document), and reports the server's peak (VmHWM), its memory
  after, and the size of the document sent.

Nothing but 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from loadtest import _TOKEN, HOST, LoadServer, rss_mb  # noqa: E402

from dashboard.dataset import default_path  # noqa: E402


def padded_copy(dest: Path, megabytes: float, seed: int = 0) -> tuple[str, str]:
    """A copy of the bundled data whose first article has ``megabytes`` MB of paragraphs appended.

    Returns (source_id, claim_id of a claim quoting that article).
    """
    shutil.copytree(default_path(), dest, copy_function=shutil.copyfile)
    with open(dest / "sources.csv", encoding="utf-8", newline="") as fh:
        source = next(csv.DictReader(fh))
    with open(dest / "claims.csv", encoding="utf-8", newline="") as fh:
        claim = next(r for r in csv.DictReader(fh) if r["source_id"] == source["source_id"])
    article = dest / source["text_path"]
    text = article.read_text(encoding="utf-8")
    words = text.split()
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    with open(article, "a", encoding="utf-8", newline="") as fh:
        written = 0
        while written < target:
            paragraph = "\n\n" + " ".join(rng.choices(words, k=120)) + "."
            fh.write(paragraph)
            written += len(paragraph.encode("utf-8"))
    return source["source_id"], claim["claim_id"]


def validate_peak(folder: Path) -> tuple[float, float, int]:
    """(peak MB, seconds, exit status) of ``claims-dashboard validate`` on ``folder``."""
    script = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
              "r = subprocess.run([sys.executable, '-m', 'dashboard', 'validate', sys.argv[1]], "
              "capture_output=True); "
              "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, "
              "time.perf_counter() - t, r.returncode)")
    out = subprocess.run([sys.executable, "-c", script, str(folder)], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout.split()
    return float(out[0]), float(out[1]), int(out[2])


async def open_page(url: str, timeout: float = 300) -> int:
    """Open ``url`` as a browser does; returns the bytes of the document the server sent."""
    from bokeh.client.websocket import WebSocketClientConnectionWrapper
    from bokeh.protocol import Protocol
    from bokeh.protocol.receiver import Receiver
    from tornado.httpclient import AsyncHTTPClient, HTTPRequest
    from tornado.websocket import websocket_connect

    client = AsyncHTTPClient(force_instance=True)
    try:
        page = await client.fetch(HTTPRequest(url, request_timeout=timeout))
    finally:
        client.close()
    token = _TOKEN.search(page.body.decode("utf-8")).group(1)
    base = url.split("?")[0]
    ws = await websocket_connect(HTTPRequest(base.replace("http://", "ws://", 1) + "ws", request_timeout=timeout),
                                 subprotocols=["bokeh", token], max_message_size=1 << 31)
    protocol = Protocol()
    receiver = Receiver(protocol)
    size = 0

    async def read():
        nonlocal size
        while True:
            fragment = await ws.read_message()
            size += len(fragment) if fragment is not None else 0
            message = await receiver.consume(fragment)
            if message is not None:
                return message

    await read()  # ACK
    await protocol.create("PULL-DOC-REQ").send(WebSocketClientConnectionWrapper(ws))
    await read()  # PULL-DOC-REPLY
    ws.close()
    return size + len(page.body)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=50, help="megabytes added to the article (default: 50)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="big-article-") as tmp:
        folder = Path(tmp) / "data"
        source_id, claim_id = padded_copy(folder, args.mb)
        size = (folder / "articles").glob(f"{source_id}.txt")
        article_mb = next(size).stat().st_size / 1e6
        v_peak, v_s, v_rc = validate_peak(folder)
        print(f"article {source_id}: {article_mb:.1f} MB")
        print(f"validate: exit {v_rc}, peak {v_peak:.0f} MB, {v_s:.1f} s")
        server = LoadServer(data=folder, timeout=600)
        try:
            time.sleep(1)
            idle = rss_mb(server.process.pid)
            began = time.perf_counter()
            sent = asyncio.run(open_page(f"http://{HOST}:{server.port}/?selected=claim:{claim_id}"))
            took = time.perf_counter() - began
            peak = rss_mb(server.process.pid, "VmHWM")
            after = rss_mb(server.process.pid)
        finally:
            server.stop()
        print(f"server: {idle:.0f} MB before any session, peak {peak:.0f} MB, {after:.0f} MB after opening "
              f"the page with {claim_id} selected ({took:.1f} s); page and document sent: {sent / 1e6:.2f} MB")
    figures = {"article_mb": article_mb, "validate_peak_mb": v_peak, "validate_s": v_s, "validate_exit": v_rc,
               "server_idle_mb": idle, "server_peak_mb": peak, "server_after_mb": after, "sent_mb": sent / 1e6,
               "open_s": took, "self_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
