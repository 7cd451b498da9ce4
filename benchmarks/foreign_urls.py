"""Count the links to other hosts in the pages and documents the server sends.

    python benchmarks/foreign_urls.py [--sessions 50] [--num-procs 2] [--concurrency 5]

Starts ``claims-dashboard serve --num-procs N`` on 127.0.0.1 and opens
``--sessions`` sessions as a browser does (GET the page, connect the
websocket with its token, pull the document). With several processes a
websocket often reaches another worker than the page, which rebuilds the
session. Every ``http(s)://`` URL in the page and the document that names
another host is one request a browser would make to it (a stylesheet, a
script, an image); the report counts them by host. Exit status 1 if any.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from loadtest import _TOKEN, HOST, LoadServer  # noqa: E402

_URL = re.compile(r"https?://([A-Za-z0-9.-]+)(?::\d+)?/[^\s\"'<>)]*")


async def _session(url: str, timeout: float = 300) -> str:
    from bokeh.client.websocket import WebSocketClientConnectionWrapper
    from bokeh.protocol import Protocol
    from bokeh.protocol.receiver import Receiver
    from tornado.httpclient import AsyncHTTPClient, HTTPRequest
    from tornado.websocket import websocket_connect

    client = AsyncHTTPClient(force_instance=True)
    try:
        page = (await client.fetch(HTTPRequest(url, request_timeout=timeout))).body.decode("utf-8")
    finally:
        client.close()
    token = _TOKEN.search(page).group(1)
    ws = await websocket_connect(HTTPRequest(url.replace("http://", "ws://", 1) + "ws", request_timeout=timeout),
                                 subprotocols=["bokeh", token], max_message_size=1 << 28)
    protocol = Protocol()
    receiver = Receiver(protocol)

    async def read():
        while True:
            message = await receiver.consume(await ws.read_message())
            if message is not None:
                return message

    await read()  # ACK
    await protocol.create("PULL-DOC-REQ").send(WebSocketClientConnectionWrapper(ws))
    reply = await read()
    ws.close()
    return page + json.dumps(reply.content)


async def _all(url: str, sessions: int, concurrency: int) -> list[str]:
    gate = asyncio.Semaphore(concurrency)

    async def one():
        async with gate:
            return await _session(url)

    return await asyncio.gather(*(one() for _ in range(sessions)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--num-procs", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=5)
    args = parser.parse_args(argv)
    server = LoadServer(serve_args=["--num-procs", str(args.num_procs)], timeout=300)
    try:
        texts = asyncio.run(_all(server.url, args.sessions, args.concurrency))
    finally:
        server.stop()
    hosts = Counter(m.group(1) for text in texts for m in _URL.finditer(text) if m.group(1) != HOST)
    # schema.org and w3.org appear as identifiers in the data's JSON, not as resources
    hosts = Counter({h: n for h, n in hosts.items() if h not in ("www.w3.org", "schema.org")})
    print(f"{args.sessions} sessions on {args.num_procs} processes: {sum(hosts.values())} links to other hosts"
          + "".join(f"\n  {host}: {n}" for host, n in hosts.most_common()))
    return 1 if hosts else 0


if __name__ == "__main__":
    raise SystemExit(main())
