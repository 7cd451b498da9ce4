"""Load test: concurrent sessions changing filters over Bokeh's websocket protocol.

    python benchmarks/loadtest.py --sessions 50 --changes 8 [--rounds N] [--data DIR] [--whole-pages] [--json out.json]

Starts ``claims-dashboard serve`` on 127.0.0.1 (a free port; nothing else is
ever contacted) and opens ``--sessions`` sessions as a browser does: GET the
page (the server builds the session), connect the websocket with the page's
token, pull the document, send ``document_ready`` (Panel holds plot updates
back until then). Every third session opens a shared link (``/?stance=...``).
Sessions arrive ``--open-concurrency`` at a time; once all are open, each
applies its own scripted series of filter changes (claimant, target, stance,
outlet, dates, quote search, clearing one filter, the reset button), drawn
from the data with a seeded RNG, by sending the PATCH-DOC messages BokehJS
sends when a user changes a widget or clicks the button.

The client is deliberately thin: it keeps the messages' JSON and follows only
the models it checks, so that 50 sessions in one client process do not
distort the timings. After every change a session waits for the server to push

* the claim count (``<b data-testid="claim-count">``) and
* the page URL (the ``Location`` model's ``search``), which the app updates
  after every view has been redrawn,

and checks both, and the filter widgets' values, against what *its own*
filters give when computed locally with :func:`dashboard.query.claim_mask`
and :meth:`dashboard.state.FilterState.to_query`. A session that sees another
session's filters, a stale count, or any update for a model that is not in its
own document is a leak.

Latency of a change is measured from sending the message to receiving the
server's push: "count" when the count arrives, "settled" when the URL update
arrives (every view redrawn). The server's memory (VmRSS from /proc) is read
after a warm-up session has come and gone (baseline), at its highest while
the sessions are open (VmHWM, the kernel's high-water mark), and after the
sessions have been closed: once the server has destroyed every one of them
and released their memory (it runs with ``--log-sessions``, which prints both).
Memory "returns" when what is left above the baseline is at most
``max(20 MB, 25 % of the peak growth)``.
With ``--rounds N`` the sessions come and go N times against the same server, and
the memory left after each round is reported: kept memory that grows round after
round is a leak, kept memory that stays level is reused.

The server runs with ``PYTHONMALLOC=malloc`` unless ``--allocator pymalloc``:
CPython's own allocator keeps the arenas that freed objects leave behind, so
its resident memory stays near the peak even when every session is gone (it
is reused by later sessions, not leaked).

Exit status: 0 when there were no errors and no leaks, every session was
destroyed and memory returned; 1 otherwise; 2 for usage errors.

Browser mode, ``--browser --pages 30``: real Chromium pages (Playwright, one
browser context each, so no page shares another's cache) are all opened at
once against one server, after one page opened alone. For each page it
reports the time from the request to every view drawn (the same test as
``benchmarks/run.py``'s page-ready measurement), and from the server's
``--log-sessions`` lines how many pages were built more than once (a session
discarded before its websocket connected is built again). Requests to any host
but the server are refused and counted. It passes when every page was drawn,
none was built twice, no other host was asked, and the slowest page took at
most ``--slowest-ratio`` (10) times the single page.

``--num-procs N`` runs the server with N worker processes in either mode (the
memory figures are then the sum over the workers). A page and its websocket
may then reach different workers, which builds the page twice; ``--proxy``
instead runs N servers of one process each behind Debian's nginx with the
README's configuration (docs/nginx.conf: each client routed by a cookie), as
a newsroom would, and fails a run in which any session was built by two.

``--profile FILE`` samples the server (its workers too) with py-spy
(``pip install py-spy``) while the sessions change filters, from the moment
every session is open to the last change, and writes the samples to FILE in
py-spy's "raw" format (one collapsed stack and its count a line), so that page
building is left out. Sampling costs the server some CPU: compare the CPU
per change of runs without it.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import os
import random
import re
import shutil
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "tests") not in sys.path:
    sys.path.insert(0, str(ROOT / "tests"))

from browser_support import CHROMIUM_ARGS, COUNT_FIGURES, Server, find_chromium, free_port
from proxy import nginx_path as proxy_nginx

#: The server only ever listens here, and the client only ever connects here.
HOST = "127.0.0.1"

#: Memory left after closing may exceed the baseline by at most this many MB ...
RSS_SLACK_MB = 20.0
#: ... or this share of the peak growth, whichever is larger.
RSS_SLACK_SHARE = 0.25

_COUNT = re.compile(r'data-testid="claim-count">(\d+)</b> of (\d+)')
_TOKEN = re.compile(r'"token":"([^"]+)"')
_SESSION_LINE = re.compile(r"\[sessions pid \d+\] (created|destroyed|released memory)( \S+)?: (-?\d+) open")

# Filter widget title -> FilterState parameter (the titles are the labels in dashboard/views/filters.py).
WIDGETS = {
    "Claimant": "actors", "About (target)": "targets", "Stance": "stances", "Outlet (article)": "sources",
    "From": "start", "To": "end", "Search quotes": "search",
}
LISTS = ("actors", "targets", "stances", "sources")


# --------------------------------------------------------------------------- memory

def tree_rss_mb(pid: int, field_name: str = "VmRSS") -> float | None:
    """:func:`rss_mb` of a process plus its children (the workers of ``serve --num-procs``)."""
    own = rss_mb(pid, field_name)
    if own is None:
        return None
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    return own + sum(rss_mb(int(c), field_name) or 0.0 for c in children)


def rss_mb(pid: int, field_name: str = "VmRSS") -> float | None:
    """A process's resident memory in MB from /proc (``VmHWM`` is its peak); None off Linux."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


# --------------------------------------------------------------------------- CPU

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_s(pid: int) -> float:
    """User and system CPU seconds a process has used (0 when it is gone or off Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def tree_cpu_s(pid: int) -> float:
    """:func:`cpu_s` of a process plus its children (the workers of ``serve --num-procs``)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    return cpu_s(pid) + sum(cpu_s(int(c)) for c in children)


def named_cpu_s(word: str) -> float:
    """CPU seconds of every running process whose command name contains ``word`` (Chromium's)."""
    total = 0.0
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if word in (proc / "comm").read_text():
                total += cpu_s(int(proc.name))
        except OSError:
            continue
    return total


def machine_busy_s() -> float:
    """CPU seconds all cores have spent busy since boot (/proc/stat, idle and iowait left out)."""
    try:
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0.0
    return (sum(values[:8]) - values[3] - values[4]) / TICK


# --------------------------------------------------------------------------- scripts

class Expectations:
    """What a session with given filters must see: count, URL query and widget values."""

    def __init__(self, prepared):
        from dashboard.state import FilterState

        self.prepared = prepared
        self._state = FilterState(prepared)

    def count(self, filters: dict) -> int:
        from dashboard.query import claim_mask
        return int(claim_mask(self.prepared, **filters).sum())

    def query(self, filters: dict) -> str:
        self._state.reset()
        self._state.param.update(**filters)
        return self._state.to_query()

    def search(self, filters: dict) -> str:
        """The Location model's ``search`` (the URL query with its '?')."""
        q = self.query(filters)
        return f"?{q}" if q else ""

    def widget_value(self, name: str, filters: dict):
        """The Bokeh model value of the filter widget for ``name`` (as BokehJS holds it)."""
        value = filters.get(name)
        if name in LISTS:
            return list(value or [])  # the ids (dashboard/views/widgets.py ChoiceFilter)
        if name in ("start", "end"):
            return value.isoformat() if value else ""
        return value or ""


EMPTY = {"actors": [], "targets": [], "stances": [], "sources": [], "start": None, "end": None, "search": ""}


@dataclass
class Step:
    """One user action: a widget change (``name`` -> ``value``) or the reset button."""

    kind: str                 # "set", "clear" or "reset"
    name: str | None          # FilterState parameter changed (None for reset)
    value: object             # new value (FilterState form)
    filters: dict             # the session's filters after this step

    def describe(self) -> str:
        if self.kind == "reset":
            return "reset"
        v = self.value.isoformat() if isinstance(self.value, date) else self.value
        return f"{self.kind} {self.name}={v!r}"


def _words(texts) -> list[str]:
    words = set()
    for text in texts:
        words.update(w for w in re.findall(r"[a-z]{5,}", text.casefold()))
    return sorted(words)


def make_script(expect: Expectations, rng: random.Random, changes: int, start: dict | None = None) -> list[Step]:
    """``changes`` realistic steps from ``start``; every step changes the session's state (its URL)."""
    p = expect.prepared
    c = p.claims
    days = sorted({d.date() for d in c.start} | {d.date() for d in c.end})
    filters = {**EMPTY, **(start or {})}
    steps: list[Step] = []
    kinds = ["actors"] * 3 + ["targets"] * 2 + ["stances"] * 3 + ["sources"] * 2 + ["start", "end"] + ["search"] * 2
    for _ in range(changes):
        current_query = expect.query(filters)
        current_count = expect.count(filters)
        active = [n for n in EMPTY if filters[n] not in (None, "", [])]
        candidates: list[Step] = []
        for _attempt in range(40):
            roll = rng.random()
            if active and roll < 0.08:
                kind, name, value = "reset", None, None
                new = dict(EMPTY)
            elif active and roll < 0.18:
                name = rng.choice(active)
                kind, value = "clear", EMPTY[name]
                new = {**filters, name: value}
            else:
                kind, name = "set", rng.choice(kinds)
                shown = c[expect_mask(expect, filters, ignore=name)]
                if name in LISTS:
                    column = {"actors": "actor_id", "targets": "target_id", "stances": "stance", "sources": "source_id"}[name]
                    pool = sorted(set(shown[column]) - set(filters[name])) or sorted(set(c[column]) - set(filters[name]))
                    if not pool:
                        continue
                    pick = rng.choice(pool)
                    value = filters[name] + [pick] if filters[name] and rng.random() < 0.3 else [pick]
                elif name == "start":
                    value = rng.choice([d for d in days if filters["end"] is None or d <= filters["end"]])
                elif name == "end":
                    value = rng.choice([d for d in days if filters["start"] is None or d >= filters["start"]])
                else:
                    pool = _words(shown.quote) or _words(c.quote)
                    value = rng.choice(pool)
                new = {**filters, name: value}
            if expect.query(new) == current_query:
                continue  # no visible change: a user would not do this
            step = Step(kind, name, value, new)
            n = expect.count(new)
            if n > 0 and n != current_count:
                candidates = [step]
                break
            candidates.append(step)
        if not candidates:
            break
        step = candidates[0]
        steps.append(step)
        filters = step.filters
    return steps


def expect_mask(expect: Expectations, filters: dict, ignore: str | None = None):
    from dashboard.query import claim_mask
    return claim_mask(expect.prepared, **{k: (EMPTY[k] if k == ignore else v) for k, v in filters.items()})


def random_start(expect: Expectations, rng: random.Random) -> dict:
    """Filters some sessions open with, as from a shared link (``/?stance=...``)."""
    c = expect.prepared.claims
    pick = rng.choice(["stances", "actors", "sources"])
    column = {"actors": "actor_id", "stances": "stance", "sources": "source_id"}[pick]
    return {pick: [rng.choice(sorted(set(c[column])))]}


# --------------------------------------------------------------------------- the client

class ProtocolFailure(Exception):
    """The server answered with an error, closed the connection, or did not answer in time."""


class LeakError(Exception):
    """The session saw a state that is not its own."""


def _walk(node, out: dict) -> None:
    """Every serialized Bokeh object (``{"type": "object", "id", "name", ...}``) in ``node``, by id."""
    if isinstance(node, dict):
        if node.get("type") == "object" and "id" in node and "name" in node:
            out[node["id"]] = node
        for value in node.values():
            _walk(value, out)
    elif isinstance(node, list):
        for value in node:
            _walk(value, out)


def _short(name: str) -> str:
    return name.rsplit(".", 1)[-1]


@dataclass
class Change:
    step: str
    count_s: float | None     # send -> count pushed (None when the count did not change)
    settled_s: float          # send -> URL pushed (every view redrawn)


@dataclass
class SessionResult:
    index: int
    start_query: str = ""
    open_s: float | None = None
    changes: list[Change] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    patches_changing: int = 0  # PATCH-DOC messages received while applying the script


class WireSession:
    """One browser-like session over Bokeh's websocket protocol, tracking the models it checks."""

    def __init__(self, base_url: str, expect: Expectations, result: SessionResult, timeout: float):
        from bokeh.protocol import Protocol
        from bokeh.protocol.receiver import Receiver

        self.base_url = base_url
        self.expect = expect
        self.result = result
        self.timeout = timeout
        self._protocol = Protocol()
        self._receiver = Receiver(self._protocol)
        self._ws = None
        self._socket = None
        self._reader: asyncio.Task | None = None
        self._changed = asyncio.Event()
        self._closed = False
        self._server_errors: list[str] = []
        self.values: dict[str, dict] = {}       # model id -> {attr: value}, for the tracked models
        self.ids: dict[str, str] = {}           # role ("count", "location", "reset", parameter name) -> model id
        self.count_at: float | None = None      # when the count text last changed
        self.search_at: float | None = None     # when the location search last changed
        self.known: set[str] = set()            # ids of every model this session's document has had
        self.foreign: list[str] = []            # patches received for models not in it
        self.patches = 0                        # PATCH-DOC messages received so far

    # ----------------------------------------------------------------- messages
    async def _read(self):
        while True:
            fragment = await self._ws.read_message()
            if fragment is None:
                return None
            message = await self._receiver.consume(fragment)
            if message is not None:
                return message

    async def _read_loop(self) -> None:
        try:
            while True:
                message = await self._read()
                if message is None:
                    if not self._closed:
                        self._server_errors.append("the server closed the connection")
                    break
                now = time.perf_counter()
                if message.msgtype == "ERROR":
                    self._server_errors.append(f"server error: {message.content.get('text', '')[:300]}")
                elif message.msgtype == "PATCH-DOC":
                    self.patches += 1
                    self._apply(message.content, now)
                self._changed.set()
        except Exception as e:  # noqa: BLE001 - reported as this session's error
            if not self._closed:
                self._server_errors.append(f"reading: {type(e).__name__}: {e}")
        finally:
            self._changed.set()

    def _apply(self, content: dict, now: float) -> None:
        new: dict = {}
        _walk(content, new)
        self.known.update(new)
        for event in content.get("events", []):
            target = event.get("model")
            if isinstance(target, dict) and target.get("id") not in self.known:
                # Model ids are unique across the server process: this is another session's model.
                self.foreign.append(f"{event.get('kind')} of {target.get('id')}.{event.get('attr', '')}")
            if event.get("kind") != "ModelChanged":
                continue
            ident = event["model"]["id"]
            if ident not in self.values:
                continue
            self.values[ident][event["attr"]] = event["new"]
            if ident == self.ids["count"] and event["attr"] == "text":
                self.count_at = now
            elif ident == self.ids["location"] and event["attr"] == "search":
                self.search_at = now

    async def _send(self, events: list[dict]) -> float:
        from bokeh.protocol.messages.patch_doc import patch_doc

        message = patch_doc(patch_doc.create_header(), {}, {"events": events})
        sent = time.perf_counter()
        await message.send(self._socket)
        return sent

    async def _wait(self, predicate, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if self._server_errors:
                raise ProtocolFailure("; ".join(self._server_errors))
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ProtocolFailure(f"no {what} within {timeout:g} s")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                pass

    # ----------------------------------------------------------------- reading the page
    @property
    def count(self) -> int | None:
        match = _COUNT.search(html.unescape(self.values[self.ids["count"]].get("text", "")))
        return int(match.group(1)) if match else None

    @property
    def search(self) -> str:
        return self.values[self.ids["location"]].get("search") or ""

    def widget(self, name: str):
        value = self.values[self.ids[name]].get("value")
        if name in ("start", "end"):
            return (value or "")[:10]
        if name == "search":
            return value or ""
        if name in LISTS:
            return list(value or [])
        return value

    def check(self, filters: dict, when: str) -> None:
        """Raise :class:`LeakError` unless count, URL and every widget show ``filters``."""
        problems = []
        if self.foreign:
            problems.append(f"{len(self.foreign)} update(s) for models of another document, e.g. {self.foreign[0]}")
        want = self.expect.count(filters)
        if self.count != want:
            problems.append(f"count {self.count}, expected {want}")
        want_search = self.expect.search(filters)
        if self.search != want_search:
            problems.append(f"URL {self.search!r}, expected {want_search!r}")
        for name in WIDGETS.values():
            want_value = self.expect.widget_value(name, filters)
            if self.widget(name) != want_value:
                problems.append(f"widget {name} {self.widget(name)!r}, expected {want_value!r}")
        if problems:
            raise LeakError(f"{when}: " + "; ".join(problems))

    # ----------------------------------------------------------------- actions
    async def open(self, start: dict, connect_after: float = 0, whole: bool = False) -> None:
        """GET the page, then (``connect_after`` seconds later, as a slow browser would) connect
        its websocket, pull the document and report it rendered."""
        from bokeh.client.websocket import WebSocketClientConnectionWrapper
        from tornado.httpclient import AsyncHTTPClient, HTTPRequest
        from tornado.websocket import websocket_connect

        query = self.expect.query({**EMPTY, **start})
        self.result.start_query = query
        began = time.perf_counter()
        client = AsyncHTTPClient(force_instance=True, max_clients=1)
        try:
            page = await client.fetch(HTTPRequest(self.base_url + (f"?{query}" if query else ""),
                                                  connect_timeout=self.timeout, request_timeout=self.timeout))
        finally:
            client.close()
        token = _TOKEN.search(page.body.decode("utf-8"))
        if token is None:
            raise ProtocolFailure("no session token in the page")
        if connect_after:
            await asyncio.sleep(connect_after)
        ws_url = self.base_url.replace("http://", "ws://", 1) + "ws"
        # cookies the page set go back with the websocket, as a browser sends them (a proxy's
        # sticky-routing cookie, for one)
        cookies = "; ".join(c.split(";", 1)[0].strip() for c in page.headers.get_list("Set-Cookie"))
        self.cookies = cookies
        self._ws = await asyncio.wait_for(
            websocket_connect(HTTPRequest(ws_url, connect_timeout=self.timeout,
                                          headers={"Cookie": cookies} if cookies else None),
                              subprotocols=["bokeh", token.group(1)], max_message_size=256 * 1024 * 1024),
            self.timeout)
        self._socket = WebSocketClientConnectionWrapper(self._ws)
        ack = await asyncio.wait_for(self._read(), self.timeout)
        if ack is None or ack.msgtype != "ACK":
            raise ProtocolFailure(f"expected ACK, got {ack and ack.msgtype}")
        await self._protocol.create("PULL-DOC-REQ").send(self._socket)
        reply = await asyncio.wait_for(self._read(), self.timeout)
        if reply is None or reply.msgtype != "PULL-DOC-REPLY":
            raise ProtocolFailure(f"expected PULL-DOC-REPLY, got {reply and reply.msgtype}")
        objects: dict = {}
        _walk(reply.content["doc"], objects)
        self.known = set(objects)
        # the empty places of views still to come (the server builds them once "document ready" arrives)
        self.places = sum(1 for obj in objects.values()
                          if "cd-later" in (obj.get("attributes", {}).get("css_classes") or []))
        for ident, obj in objects.items():
            attrs = obj.get("attributes", {})
            kind = _short(obj["name"])
            if attrs.get("label") in WIDGETS:  # the filter inputs (their data models)
                self.ids[WIDGETS[attrs["label"]]] = ident
            elif kind == "Button" and attrs.get("label") == "Reset all filters":
                self.ids["reset"] = ident
            elif kind == "Location":
                self.ids["location"] = ident
            elif "claim-count" in str(attrs.get("text", "")):
                self.ids["count"] = ident
        missing = {"count", "location", "reset", *WIDGETS.values()} - set(self.ids)
        if missing:
            raise ProtocolFailure(f"models not found in the document: {', '.join(sorted(missing))}")
        self.values = {ident: dict(objects[ident].get("attributes", {})) for ident in self.ids.values()}
        self._reader = asyncio.create_task(self._read_loop())
        # What BokehJS sends once it has rendered the document; Panel holds back plot updates until then.
        await self._send([{"kind": "MessageSent", "msg_type": "bokeh_event",
                           "msg_data": {"type": "event", "name": "document_ready",
                                        "values": {"type": "map", "entries": []}}}])
        if whole and self.places:  # the deferred views not in the document yet come as an update with new models
            known = len(self.known)
            await self._wait(lambda: len(self.known) > known, self.timeout, "the deferred views")
        self.result.open_s = time.perf_counter() - began
        self.check({**EMPTY, **start}, "on opening")

    async def apply(self, step: Step) -> Change:
        if step.kind == "reset":
            events = [{"kind": "MessageSent", "msg_type": "bokeh_event",
                       "msg_data": {"type": "event", "name": "button_click",
                                    "values": {"type": "map", "entries": [["model", {"id": self.ids["reset"]}]]}}}]
        else:
            new = self.expect.widget_value(step.name, step.filters)
            ident = self.ids[step.name]
            if step.name in LISTS:
                options = self.values[ident].get("options", [])
                known = [o[0] for o in options]
                for label in new:
                    if label not in known:
                        raise ProtocolFailure(f"{label!r} is not an option of {step.name}")
            self.values[ident]["value"] = new  # the client's copy changes first, as in the browser
            events = [{"kind": "ModelChanged", "model": {"id": ident}, "attr": "value", "new": new}]
        want_search = self.expect.search(step.filters)
        count_before = self.count
        count_was = self.count_at
        sent = await self._send(events)
        try:
            await self._wait(lambda: self.search == want_search, self.timeout, f"URL update after {step.describe()}")
        except ProtocolFailure:
            if self.search_at is not None and self.search_at > sent and not self._server_errors:
                raise LeakError(f"after {step.describe()}: URL {self.search!r}, expected {want_search!r}") from None
            raise
        settled = self.search_at - sent
        if self.count != self.expect.count(step.filters):
            # the count is pushed before the URL; give a reordered message a moment before calling it a leak
            try:
                await self._wait(lambda: self.count == self.expect.count(step.filters), 2.0, "count")
            except ProtocolFailure:
                pass
        self.check(step.filters, f"after {step.describe()}")
        changed = self.count_at is not None and self.count_at != count_was and self.count != count_before
        return Change(step.describe(), (self.count_at - sent) if changed else None, settled)

    async def close(self) -> None:
        self._closed = True
        if self._ws is not None:
            self._ws.close(1000, "done")
        if self._reader is not None:
            try:
                await asyncio.wait_for(self._reader, 5)
            except Exception:  # noqa: BLE001 - closing anyway
                self._reader.cancel()


# --------------------------------------------------------------------------- the run

@dataclass
class Report:
    sessions: int
    changes_per_session: int
    seed: int
    allocator: str = "malloc"
    num_procs: int = 1
    opened: int = 0
    changes_done: int = 0
    #: The server's CPU seconds (every worker's) from the moment every session was open to the last change.
    change_cpu_s: float = 0.0
    #: PATCH-DOC messages the sessions received while changing filters (server to client).
    patches_changing: int = 0
    errors: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    open_s: dict = field(default_factory=dict)
    settled_s: dict = field(default_factory=dict)
    count_s: dict = field(default_factory=dict)
    rss_mb: dict = field(default_factory=dict)
    sessions_destroyed: int = 0
    sessions_created: int = 0
    server_log_problems: list[str] = field(default_factory=list)
    memory_returned: bool | None = None
    memory_tolerance_mb: float | None = None
    duration_s: dict = field(default_factory=dict)
    server_log: str = ""
    rounds: int = 1
    #: sessions built again by another worker (--num-procs): expected without a sticky proxy
    rebuilt_elsewhere: list[str] = field(default_factory=list)
    #: --proxy: servers of one process each behind nginx, and the sessions each one built
    proxy: bool = False
    sessions_by_server: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (not self.errors and not self.leaks and not self.server_log_problems and self.memory_returned is True
                and self.sessions_destroyed == self.sessions_created and self.opened == self.sessions * self.rounds)


def _stats(values: list[float]) -> dict:
    if not values:
        return {"n": 0}
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {"n": len(values), "median": statistics.median(ordered), "p95": p95, "max": ordered[-1]}


async def _one_session(index, base_url, expect, script, start, timeout, think, rng,
                       opening: asyncio.Semaphore, opened: asyncio.Barrier | None, on_opened=None,
                       whole: bool = False):
    result = SessionResult(index)
    session = WireSession(base_url, expect, result, timeout)
    try:
        try:
            async with opening:
                await session.open(start, whole=whole)
        finally:
            if opened is not None:
                if await opened.wait() == 0 and on_opened is not None:  # every session is open before
                    on_opened()                                          # anyone changes a filter
        patches = session.patches
        for step in script:
            await asyncio.sleep(rng.uniform(0, think))
            result.changes.append(await session.apply(step))
            result.patches_changing = session.patches - patches
    except LeakError as e:
        result.leaks.append(f"session {index}: {e}")
    except Exception as e:  # noqa: BLE001 - any failure is this session's error
        result.errors.append(f"session {index}: {type(e).__name__}: {e}")
    finally:
        await session.close()
    return result


async def run_sessions(base_url: str, expect: Expectations, sessions: int, changes: int, seed: int,
                       timeout: float, think: float, deadline: float, open_concurrency: int = 2,
                       on_opened=None, whole_pages: bool = False) -> list[SessionResult]:
    """``sessions`` concurrent sessions, each with its own script; all opened before any changes
    (then ``on_opened()`` is called, once). With ``whole_pages`` a session is open once the views
    the server builds after "document ready" have arrived, so that no page is still being built
    while the sessions change filters.

    At most ``open_concurrency`` sessions are being opened at a time (users arriving one after
    another); the changes then all run concurrently.
    """
    barrier = asyncio.Barrier(sessions) if sessions > 1 else None
    opening = asyncio.Semaphore(open_concurrency)
    tasks = []
    for i in range(sessions):
        rng = random.Random(seed * 100_003 + i)
        start = random_start(expect, rng) if i % 3 == 1 else {}
        script = make_script(expect, rng, changes, start)
        tasks.append(asyncio.create_task(
            _one_session(i, base_url, expect, script, start, timeout, think, rng, opening, barrier, on_opened,
                         whole_pages)))
    done, pending = await asyncio.wait(tasks, timeout=deadline)
    results = [t.result() for t in done]
    for t in pending:
        t.cancel()
    if pending:
        await asyncio.wait(pending, timeout=10)
        results.append(SessionResult(-1, errors=[f"{len(pending)} session(s) still running after {deadline:g} s"]))
    return sorted(results, key=lambda r: r.index)


class LoadServer(Server):
    """``claims-dashboard serve`` like :class:`browser_support.Server`, with extra serve options."""

    def __init__(self, data: Path | None = None, serve_args: list[str] = (), timeout: float = 90,
                 allocator: str = "malloc"):
        import os
        import subprocess
        import urllib.request

        env = {k: v for k, v in os.environ.items() if k != "PYTHONMALLOC"}
        if allocator != "pymalloc":
            env["PYTHONMALLOC"] = allocator
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}/"
        cmd = [sys.executable, "-m", "dashboard", "serve", "--port", str(self.port), "--address", HOST, *serve_args]
        if "--allow-websocket-origin" in serve_args:
            # names given replace the server's own, which the readiness check below and direct clients use
            cmd += ["--allow-websocket-origin", f"{HOST}:{self.port}"]
        if data is not None:
            cmd += ["--data", str(data)]
        self.log = Path(os.environ.get("TMPDIR", "/tmp")) / f"claims-dashboard-load-{self.port}.log"
        self._log = open(self.log, "w")  # noqa: SIM115 - closed by stop()
        self.process = subprocess.Popen(cmd, stdout=self._log, stderr=subprocess.STDOUT, cwd=ROOT, env=env,
                                        start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}:\n{self.log.read_text()}")
            try:
                # a static file: GET / would build (and keep for a while) a session
                with urllib.request.urlopen(self.url + "favicon.ico", timeout=5) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"server did not answer within {timeout} s:\n{self.log.read_text()}")

    @property
    def pids(self) -> list[int]:
        """The server's process (its workers are its children)."""
        return [self.process.pid]

    @property
    def direct_urls(self) -> list[str]:
        return [self.url]

    def sessions(self) -> tuple[int, int]:
        """(created, destroyed) so far, from the ``--log-sessions`` lines."""
        created = destroyed = 0
        for m in _SESSION_LINE.finditer(self.log.read_text(errors="replace")):
            if m.group(1) == "created":
                created += 1
            elif m.group(1) == "destroyed":
                destroyed += 1
        return created, destroyed

    def released(self) -> bool:
        """Every session created so far was destroyed, and memory was released after the last one."""
        last = None
        for m in _SESSION_LINE.finditer(self.log.read_text(errors="replace")):
            last = m
        created, destroyed = self.sessions()
        return created == destroyed and last is not None and last.group(1) == "released memory" \
            and last.group(3) == "0"

    def recreated(self) -> list[str]:
        """Session ids created more than once by one process: discarded as unused before their
        websocket connected, then built again when it did."""
        return [ident for ident, pids in self.creations().items() if len(pids) > len(set(pids))]

    def rebuilt_elsewhere(self) -> list[str]:
        """Session ids created by two worker processes (``--num-procs``): the page's websocket
        reached another worker than the one that built the page, which built it again."""
        return [ident for ident, pids in self.creations().items() if len(set(pids)) > 1]

    def creations(self) -> dict[str, list[str]]:
        """Each session id created, with the pid of the process that built it, once per build."""
        creations: dict[str, list[str]] = {}
        for m in re.finditer(r"\[sessions pid (\d+)\] created (\S+):", self.log.read_text(errors="replace")):
            creations.setdefault(m.group(2), []).append(m.group(1))
        return creations

    def problems(self) -> list[str]:
        """Tracebacks and error lines in the server log."""
        text = self.log.read_text(errors="replace")
        out = []
        for block in re.split(r"\n(?=\S)", text):
            if "Traceback" in block or re.search(r"\bERROR\b|\bException\b", block):
                out.append(block.strip()[:2000])
        return out


class ProxiedServers:
    """``count`` single-process servers behind Debian's nginx configured with docs/nginx.conf (each
    client routed to one process by its cookie), with :class:`LoadServer`'s checks summed over them."""

    def __init__(self, count: int, data: Path | None = None, serve_args: list[str] = (), allocator: str = "malloc"):
        import tempfile

        from proxy import Nginx

        port = free_port()  # taken first so every server can be told the host its clients use
        origin = ["--allow-websocket-origin", f"{HOST}:{port}"]
        self.servers: list[LoadServer] = []
        self._tmp = tempfile.TemporaryDirectory(prefix="claims-dashboard-nginx-")
        try:
            for _ in range(count):
                self.servers.append(LoadServer(data, [*serve_args, *origin], allocator=allocator))
            self.nginx = Nginx(Path(self._tmp.name), [s.port for s in self.servers], port)
        except BaseException:
            for server in self.servers:
                server.stop()
            self._tmp.cleanup()
            raise
        self.url = self.nginx.url
        self.log = ", ".join(str(s.log) for s in self.servers)

    @property
    def pids(self) -> list[int]:
        return [s.process.pid for s in self.servers]

    @property
    def direct_urls(self) -> list[str]:
        """Each server's own address, bypassing the proxy (for warming each one up)."""
        return [s.url for s in self.servers]

    def sessions(self) -> tuple[int, int]:
        counts = [s.sessions() for s in self.servers]
        return sum(c for c, _ in counts), sum(d for _, d in counts)

    def released(self) -> bool:
        return all(s.released() or s.sessions() == (0, 0) for s in self.servers)

    def recreated(self) -> list[str]:
        return [ident for s in self.servers for ident in s.recreated()]

    def rebuilt_elsewhere(self) -> list[str]:
        """Session ids created by more than one of the servers: the proxy sent a page's websocket elsewhere."""
        seen: dict[str, int] = {}
        for s in self.servers:
            for ident in set(s.creations()):
                seen[ident] = seen.get(ident, 0) + 1
        return sorted(ident for ident, n in seen.items() if n > 1)

    def used(self) -> list[int]:
        """Sessions created by each server."""
        return [s.sessions()[0] for s in self.servers]

    def problems(self) -> list[str]:
        return [p for s in self.servers for p in s.problems()]

    def stop(self) -> None:
        self.nginx.stop()
        for s in self.servers:
            s.stop()
        self._tmp.cleanup()


def servers_rss_mb(server, field_name: str = "VmRSS") -> float | None:
    """:func:`tree_rss_mb` summed over the server's processes (None if one is gone)."""
    values = [tree_rss_mb(pid, field_name) for pid in server.pids]
    return None if None in values else sum(values)


def servers_cpu_s(server) -> float:
    return sum(tree_cpu_s(pid) for pid in server.pids)


async def _until(predicate, timeout: float, interval: float = 0.25) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        await asyncio.sleep(interval)
    return predicate()


async def _settled_rss(server, timeout: float) -> float | None:
    """RSS once it stops moving (three readings 1 s apart within 1 MB), or the last reading after ``timeout``."""
    deadline = time.monotonic() + timeout
    readings = []
    while True:
        readings.append(servers_rss_mb(server))
        if readings[-1] is None:
            return None
        if len(readings) >= 3 and max(readings[-3:]) - min(readings[-3:]) <= 1.0:
            return readings[-1]
        if time.monotonic() >= deadline:
            return readings[-1]
        await asyncio.sleep(1.0)


async def _released_rss(server: LoadServer, timeout: float) -> float | None:
    """The server's RSS once every session is destroyed and it has released their memory."""
    if not await _until(server.released, timeout):
        return None
    return await _settled_rss(server, 20)


async def load_test(sessions: int = 50, changes: int = 8, data: Path | None = None, seed: int = 1,
                    timeout: float = 300, think: float = 0.5, deadline: float = 1800,
                    unused_lifetime: float = 10, check_every: float = 1, open_concurrency: int = 2,
                    whole_pages: bool = False,
                    allocator: str = "malloc", warmup_changes: int = 2, rounds: int = 1, num_procs: int = 1,
                    proxy: bool = False, profile: Path | None = None, log=print) -> Report:
    """Start a server, run the load against it ``rounds`` times, measure its memory after each;
    never raises for a failed check. With ``proxy``, ``num_procs`` servers of one process each
    run behind nginx (docs/nginx.conf) instead of one server with ``num_procs`` workers."""
    from dashboard.dataset import load
    from dashboard.query import prepare

    expect = Expectations(prepare(load(data)))
    report = Report(sessions=sessions, changes_per_session=changes, seed=seed, allocator=allocator, rounds=rounds,
                    num_procs=num_procs, proxy=proxy)
    began = time.monotonic()
    serve_args = ["--log-sessions", "--unused-session-lifetime", f"{unused_lifetime:g}",
                  "--check-unused-sessions", f"{check_every:g}"]
    if proxy:
        server = ProxiedServers(num_procs, data, serve_args, allocator=allocator)
    else:
        server = LoadServer(data, [*serve_args, *(["--num-procs", str(num_procs)] if num_procs > 1 else [])],
                            allocator=allocator)
    cleanup_wait = unused_lifetime + check_every + 60
    try:
        report.duration_s["server_start"] = time.monotonic() - began

        # Warm-up: one session comes and goes (on each server), so caches and lazy imports are in the baseline.
        t = time.monotonic()
        for url in server.direct_urls:
            for r in await run_sessions(url, expect, 1, warmup_changes, seed + 10_000, timeout, 0, timeout * 3):
                report.errors += [f"warm-up: {e}" for e in r.errors]
                report.leaks += [f"warm-up: {e}" for e in r.leaks]
        baseline = await _released_rss(server, cleanup_wait)
        if baseline is None:
            report.errors.append(f"the warm-up session was not destroyed and released within {cleanup_wait:g} s")
            baseline = servers_rss_mb(server)
        report.duration_s["warm_up"] = time.monotonic() - t
        log(f"baseline RSS {_mb(baseline)} MB after the warm-up session ({report.duration_s['warm_up']:.0f} s)")

        # The load, round after round against the same server. VmHWM is the kernel's exact
        # high-water mark of the resident set.
        opens, settled, counts, after_rounds = [], [], [], []
        after = closed_rss = peak = None
        for round_ in range(rounds):
            t = time.monotonic()
            opened_at, sampler = [], []

            def on_opened():
                opened_at.append(servers_cpu_s(server))
                if profile is not None and not sampler:
                    for i, pid in enumerate(server.pids):
                        name = profile.stem + (f".{round_ + 1}" if rounds > 1 else "") + (
                            f".server{i + 1}" if len(server.pids) > 1 else "")
                        sampler.append(_py_spy(pid, profile.with_name(name + profile.suffix)))

            results = await run_sessions(server.url, expect, sessions, changes, seed + 7919 * round_, timeout, think,
                                         deadline, open_concurrency, on_opened=on_opened, whole_pages=whole_pages)
            if opened_at:  # the server's CPU while the sessions changed filters (all open by then)
                report.change_cpu_s += servers_cpu_s(server) - opened_at[0]
            for process in sampler:
                _stop_py_spy(process, log)
            report.duration_s["load"] = report.duration_s.get("load", 0) + time.monotonic() - t
            closed_rss = servers_rss_mb(server)
            peak = servers_rss_mb(server, "VmHWM")
            log(f"round {round_ + 1}: load done in {time.monotonic() - t:.0f} s; peak RSS {_mb(peak)} MB")
            for r in results:
                report.errors += r.errors
                report.leaks += r.leaks
                if r.open_s is not None and r.index >= 0:
                    report.opened += 1
                    opens.append(r.open_s)
                report.changes_done += len(r.changes)
                report.patches_changing += r.patches_changing
                settled += [c.settled_s for c in r.changes]
                counts += [c.count_s for c in r.changes if c.count_s is not None]

            # After closing: every session destroyed by the server, its memory collected and released.
            t = time.monotonic()
            after = await _released_rss(server, cleanup_wait)
            if after is None:
                report.errors.append(f"round {round_ + 1}: not every session was destroyed and released within "
                                     f"{cleanup_wait:g} s of closing (created, destroyed: {server.sessions()})")
            report.duration_s["cleanup"] = report.duration_s.get("cleanup", 0) + time.monotonic() - t
            after_rounds.append(after)
            if rounds > 1:
                log(f"round {round_ + 1}: RSS after close {_mb(after)} MB")
        report.open_s, report.settled_s, report.count_s = _stats(opens), _stats(settled), _stats(counts)
        report.sessions_created, report.sessions_destroyed = server.sessions()
        recreated = server.recreated()
        if recreated:
            report.errors.append(f"{len(recreated)} session(s) discarded before their websocket connected and "
                                 f"built again: {', '.join(recreated)}")
        report.rebuilt_elsewhere = server.rebuilt_elsewhere()
        if proxy:
            report.sessions_by_server = server.used()
            if report.rebuilt_elsewhere:
                report.errors.append(f"{len(report.rebuilt_elsewhere)} session(s) built by two servers behind the "
                                     f"proxy: {', '.join(report.rebuilt_elsewhere)}")
        report.rss_mb = {"baseline": baseline, "peak": peak, "closed_not_yet_destroyed": closed_rss,
                         "after_close": after, "after_close_by_round": after_rounds}
        if None not in (baseline, peak, after):
            growth = max(peak - baseline, 0.0)
            report.memory_tolerance_mb = max(RSS_SLACK_MB, RSS_SLACK_SHARE * growth)
            report.memory_returned = after - baseline <= report.memory_tolerance_mb
        elif servers_rss_mb(server) is None:
            report.errors.append("no /proc/<pid>/status to read the server's memory from (Linux only)")
    finally:
        server.stop()
        report.server_log_problems = server.problems()
        report.duration_s["total"] = time.monotonic() - began
        report.server_log = str(server.log)
    return report


def _py_spy(pid: int, out: Path):
    """py-spy sampling process ``pid`` into ``out`` (raw collapsed stacks) until :func:`_stop_py_spy`."""
    import subprocess

    exe = shutil.which("py-spy")
    if exe is None:
        raise RuntimeError("--profile needs py-spy (pip install py-spy)")
    return subprocess.Popen([exe, "record", "--pid", str(pid), "--rate", "200", "--format", "raw",
                             "--output", str(out), "--nonblocking", "--subprocesses"],  # the workers too
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _stop_py_spy(process, log) -> None:
    import signal

    process.send_signal(signal.SIGINT)  # py-spy writes its file when interrupted
    try:
        _, err = process.communicate(timeout=60)
    except Exception:  # noqa: BLE001 - a sampler that does not stop is killed, the run goes on
        process.kill()
        err = b""
    lines = [line for line in err.decode("utf-8", "replace").splitlines() if "Wrote" in line or "rror" in line]
    log("py-spy: " + (" ".join(lines) or f"exited with {process.returncode}"))


def _mb(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _fmt(stats: dict, key: str) -> str:
    return f"{stats[key]:.2f}" if key in stats else "-"


def print_report(report: Report, out=sys.stdout) -> None:
    rss = report.rss_mb
    rows = [
        ("rounds", str(report.rounds)),
        ("sessions (opened / asked)", f"{report.opened} / {report.sessions * report.rounds}"),
        ("filter changes (done / scripted max)",
         f"{report.changes_done} / {report.sessions * report.changes_per_session * report.rounds}"),
        ("errors", str(len(report.errors))),
        ("state leaks", str(len(report.leaks))),
        ("server log tracebacks/errors", str(len(report.server_log_problems))),
        ("open page, s (median / p95 / max)",
         f"{_fmt(report.open_s, 'median')} / {_fmt(report.open_s, 'p95')} / {_fmt(report.open_s, 'max')}"),
        ("change -> count, s (median / p95 / max)",
         f"{_fmt(report.count_s, 'median')} / {_fmt(report.count_s, 'p95')} / {_fmt(report.count_s, 'max')}"),
        ("change -> settled, s (median / p95 / max)",
         f"{_fmt(report.settled_s, 'median')} / {_fmt(report.settled_s, 'p95')} / {_fmt(report.settled_s, 'max')}"),
        ("server RSS MB baseline / peak / after close",
         " / ".join(_mb(rss.get(k)) for k in ("baseline", "peak", "after_close"))),
        ("server RSS MB after each round's close", ", ".join(_mb(v) for v in rss.get("after_close_by_round", []))),
        ("server CPU while changing, s (per change, ms)",
         f"{report.change_cpu_s:.1f} ({1000 * report.change_cpu_s / max(report.changes_done, 1):.0f})"),
        ("PATCH-DOC messages per change", f"{report.patches_changing / max(report.changes_done, 1):.2f}"),
        ("server worker processes", str(report.num_procs) + (
            f" (servers behind nginx; sessions each built: {', '.join(map(str, report.sessions_by_server))})"
            if report.proxy else "")),
        ("server allocator", report.allocator + (" (PYTHONMALLOC=malloc)" if report.allocator == "malloc" else "")),
        ("memory returned (tolerance MB)",
         f"{report.memory_returned} ({report.memory_tolerance_mb:.0f})" if report.memory_tolerance_mb else "-"),
        ("sessions created / destroyed by the server", f"{report.sessions_created} / {report.sessions_destroyed}"),
        ("sessions built again by another worker", str(len(report.rebuilt_elsewhere))),
        ("time s (load / cleanup / total)",
         " / ".join(f"{report.duration_s.get(k, 0):.0f}" for k in ("load", "cleanup", "total"))),
    ]
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v}", file=out)
    for title, items in (("errors", report.errors), ("leaks", report.leaks),
                         ("server log", report.server_log_problems)):
        for item in items[:10]:
            print(f"[{title}] {item}", file=out)
        if len(items) > 10:
            print(f"[{title}] ... and {len(items) - 10} more", file=out)
    print("OK" if report.ok else "FAILED", file=out)


# --------------------------------------------------------------------------- browser mode

# Every view drawn: the dashboard's figures, a row of the claims table and the claim count
# (the same test as benchmarks/run.py's page-ready measurement); shadow roots included.
_FOUND = """(selector) => {
  const find = (root) => root.querySelector(selector) !== null
    || [...root.querySelectorAll('*')].some((el) => el.shadowRoot && find(el.shadowRoot));
  return find(document);
}"""
PAGE_DRAWN = (f"() => ({COUNT_FIGURES})() >= 3 && ({_FOUND})('.cd-table tbody tr') "
              f"&& ({_FOUND})('[data-testid=claim-count]')")


@dataclass
class PageResult:
    index: int
    open_s: float | None = None   # request -> every view drawn (None: never drawn)
    error: str = ""


@dataclass
class BrowserReport:
    pages: int
    num_procs: int = 1
    single_s: float | None = None          # one page opened alone, on the warm server
    open_s: dict = field(default_factory=dict)
    drawn: int = 0
    sessions_created: int = 0
    built_twice: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    server_log_problems: list[str] = field(default_factory=list)
    slowest_ratio: float | None = None
    slowest_ratio_limit: float = 10.0
    rss_mb: dict = field(default_factory=dict)
    cpu_s: dict = field(default_factory=dict)   # while the pages opened: server, Chromium, the whole machine
    duration_s: float = 0.0
    server_log: str = ""

    @property
    def ok(self) -> bool:
        return (self.drawn == self.pages and not self.built_twice and not self.foreign_requests
                and not self.errors and not self.server_log_problems and self.slowest_ratio is not None
                and self.slowest_ratio <= self.slowest_ratio_limit)


async def _browser_page(browser, url: str, index: int, timeout: float, foreign: list[str]) -> PageResult:
    """Open ``url`` in a fresh browser context and time it until every view is drawn."""
    from urllib.parse import urlsplit

    result = PageResult(index)
    own = urlsplit(url).netloc
    context = await browser.new_context()
    try:
        async def guard(route):
            if urlsplit(route.request.url).netloc != own and not route.request.url.startswith("data:"):
                foreign.append(route.request.url)
                await route.abort()
            else:
                await route.continue_()

        await context.route("**/*", guard)
        page = await context.new_page()
        began = time.perf_counter()
        await page.goto(url, timeout=timeout * 1000)
        await page.wait_for_function(PAGE_DRAWN, timeout=timeout * 1000, polling=100)
        result.open_s = time.perf_counter() - began
    except Exception as e:  # noqa: BLE001 - reported as this page's error
        result.error = f"page {index}: {type(e).__name__}: {str(e).splitlines()[0][:300]}"
    finally:
        await context.close()
    return result


async def browser_test(pages: int = 30, data: Path | None = None, num_procs: int = 1, timeout: float = 600,
                       slowest_ratio: float = 10.0, serve_args: list[str] = (), log=print) -> BrowserReport:
    """Open ``pages`` Chromium pages at once against one server; never raises for a failed check."""
    from playwright.async_api import async_playwright

    report = BrowserReport(pages=pages, num_procs=num_procs, slowest_ratio_limit=slowest_ratio)
    began = time.monotonic()
    # a page is held for as long as this test waits for it to be drawn
    args = ["--log-sessions", "--page-load-timeout", f"{timeout:g}",
            *(["--num-procs", str(num_procs)] if num_procs > 1 else []), *serve_args]
    server = LoadServer(data, args, timeout=max(90, timeout))
    foreign: list[str] = []
    try:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
            try:
                for attempt in ("warm-up", "single"):  # the first page warms the server's caches
                    single = await _browser_page(browser, server.url, -1, timeout, foreign)
                    if single.error:
                        report.errors.append(f"{attempt}: {single.error}")
                    log(f"{attempt} page: {single.open_s or float('nan'):.2f} s")
                report.single_s = single.open_s
                baseline = tree_rss_mb(server.process.pid)
                before = (tree_cpu_s(server.process.pid), named_cpu_s("chrom"), machine_busy_s(), time.monotonic())
                results = await asyncio.gather(*(_browser_page(browser, server.url, i, timeout, foreign)
                                                 for i in range(pages)))
                after = (tree_cpu_s(server.process.pid), named_cpu_s("chrom"), machine_busy_s(), time.monotonic())
                peak = tree_rss_mb(server.process.pid, "VmHWM")
                report.cpu_s = dict(zip(("server", "chromium", "machine", "wall"),
                                        (round(b - a, 2) for a, b in zip(before, after))))
            finally:
                await browser.close()
        times = [r.open_s for r in results if r.open_s is not None]
        report.drawn = len(times)
        report.errors += [r.error for r in results if r.error]
        report.open_s = _stats(times)
        if times and report.single_s:
            report.slowest_ratio = max(times) / report.single_s
        report.sessions_created = server.sessions()[0]
        report.built_twice = server.recreated() + server.rebuilt_elsewhere()
        report.foreign_requests = sorted(set(foreign))
        report.rss_mb = {"before_pages": baseline, "peak": peak}
        log(f"{pages} pages at once: {report.drawn} drawn, slowest {report.open_s.get('max', float('nan')):.1f} s")
    finally:
        server.stop()
        report.server_log_problems = server.problems()
        report.server_log = str(server.log)
        report.duration_s = time.monotonic() - began
    return report


def print_browser_report(report: BrowserReport, out=sys.stdout) -> None:
    rows = [
        ("pages opened at once", str(report.pages)),
        ("server worker processes", str(report.num_procs)),
        ("one page alone, s", f"{report.single_s:.2f}" if report.single_s else "-"),
        ("pages drawn", f"{report.drawn} / {report.pages}"),
        ("open page, s (median / p95 / max)",
         f"{_fmt(report.open_s, 'median')} / {_fmt(report.open_s, 'p95')} / {_fmt(report.open_s, 'max')}"),
        ("slowest / one page alone", f"{report.slowest_ratio:.1f}× (limit {report.slowest_ratio_limit:g}×)"
         if report.slowest_ratio else "-"),
        ("sessions built by the server", str(report.sessions_created)),
        ("pages built twice", str(len(report.built_twice))),
        ("requests to other hosts", str(len(report.foreign_requests))),
        ("server RSS MB before / peak", " / ".join(_mb(report.rss_mb.get(k)) for k in ("before_pages", "peak"))),
        ("CPU s while they opened: server / Chromium / whole machine / wall",
         " / ".join(f"{report.cpu_s[k]:.0f}" if k in report.cpu_s else "-"
                    for k in ("server", "chromium", "machine", "wall"))),
        ("time s", f"{report.duration_s:.0f}"),
    ]
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v}", file=out)
    for title, items in (("errors", report.errors), ("built twice", report.built_twice),
                         ("other hosts", report.foreign_requests), ("server log", report.server_log_problems)):
        for item in items[:10]:
            print(f"[{title}] {item}", file=out)
    print("OK" if report.ok else "FAILED", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=50, help="concurrent sessions (default: 50, at most 200)")
    parser.add_argument("--changes", type=int, default=8, help="filter changes per session (default: 8, at most 50)")
    parser.add_argument("--data", type=Path, metavar="DIR", help="data folder (default: the bundled data)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the sessions' scripts (default: 1)")
    parser.add_argument("--think", type=float, default=0.5, metavar="SECONDS",
                        help="each session waits up to this long (uniformly) before each change (default: 0.5)")
    parser.add_argument("--timeout", type=float, default=300, metavar="SECONDS",
                        help="longest wait for opening a session or for one change's update (default: 300)")
    parser.add_argument("--deadline", type=float, default=1800, metavar="SECONDS",
                        help="the whole load phase is stopped (and failed) after this long (default: 1800)")
    parser.add_argument("--whole-pages", action="store_true",
                        help="a session is open once the views deferred until the page is drawn have arrived "
                             "(default: once it has sent document_ready; their building then overlaps the changes)")
    parser.add_argument("--open-concurrency", type=int, default=2, metavar="N",
                        help="sessions being opened at the same time (default: 2; the server builds one at a time)")
    parser.add_argument("--unused-session-lifetime", type=float, default=10, metavar="SECONDS",
                        help="server option: destroy closed sessions after this long (default: 10)")
    parser.add_argument("--allocator", choices=["malloc", "pymalloc"], default="malloc",
                        help="the server's Python allocator: malloc (PYTHONMALLOC=malloc, whose freed memory the "
                             "server can give back to the OS) or pymalloc (CPython's default, which keeps it for "
                             "reuse, so memory stays near its peak) (default: malloc)")
    parser.add_argument("--rounds", type=int, default=1, metavar="N",
                        help="run the sessions N times against the same server, measuring memory after each "
                             "round (default: 1, at most 20); memory must return after the last")
    parser.add_argument("--num-procs", type=int, default=1, metavar="N",
                        help="server option: worker processes (default: 1)")
    parser.add_argument("--proxy", action="store_true",
                        help="run --num-procs servers of one process each behind Debian's nginx, configured with "
                             "docs/nginx.conf (sticky routing by cookie), and send the sessions through it")
    parser.add_argument("--browser", action="store_true",
                        help="browser mode: open --pages real Chromium pages at once (Playwright)")
    parser.add_argument("--pages", type=int, default=30, metavar="N",
                        help="browser mode: pages opened at once (default: 30, at most 100)")
    parser.add_argument("--slowest-ratio", type=float, default=10.0, metavar="X",
                        help="browser mode: the slowest page may take X times one page alone (default: 10)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the report as JSON")
    parser.add_argument("--profile", type=Path, metavar="FILE",
                        help="sample the server with py-spy while the sessions change filters, into FILE (raw stacks)")
    args = parser.parse_args(argv)
    if not 1 <= args.num_procs <= 16:
        parser.error("--num-procs must be 1..16")
    if args.proxy and (args.browser or not Path(proxy_nginx()).exists()):
        parser.error("--proxy needs nginx (apt-get install nginx) and is for the websocket mode")
    if args.profile is not None and shutil.which("py-spy") is None:
        parser.error("--profile needs py-spy (pip install -e \".[bench]\")")
    if args.browser:
        if not 1 <= args.pages <= 100:
            parser.error("--pages must be 1..100")
        report = asyncio.run(browser_test(args.pages, args.data, num_procs=args.num_procs, timeout=args.timeout * 2,
                                          slowest_ratio=args.slowest_ratio,
                                          log=lambda s: print(s, file=sys.stderr, flush=True)))
        print_browser_report(report)
        if args.json:
            args.json.write_text(json.dumps({**asdict(report), "ok": report.ok}, indent=2, default=str))
        return 0 if report.ok else 1
    if not 1 <= args.sessions <= 200 or not 1 <= args.changes <= 50 or not 1 <= args.open_concurrency <= 200 \
            or not 1 <= args.rounds <= 20:
        parser.error("--sessions must be 1..200, --changes 1..50, --open-concurrency 1..200 and --rounds 1..20")
    if not (0 < args.timeout <= 3600 and 0 < args.deadline <= 4 * 3600 and 0 <= args.think <= 60
            and 0 < args.unused_session_lifetime <= 600):
        parser.error("--timeout, --deadline, --think or --unused-session-lifetime out of range")
    if args.data is not None and not args.data.is_dir():
        parser.error(f"{args.data} is not a directory")
    report = asyncio.run(load_test(
        args.sessions, args.changes, args.data, seed=args.seed, timeout=args.timeout, think=args.think,
        deadline=args.deadline, unused_lifetime=args.unused_session_lifetime, open_concurrency=args.open_concurrency,
        whole_pages=args.whole_pages,
        allocator=args.allocator, rounds=args.rounds, num_procs=args.num_procs, proxy=args.proxy, profile=args.profile,
        log=lambda s: print(s, file=sys.stderr, flush=True)))
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps({**asdict(report), "ok": report.ok}, indent=2, default=str))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
