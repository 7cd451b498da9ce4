"""Who may connect to the served dashboard, checked by this project on every request.

Bokeh's own origin allowlist (``--allow-websocket-origin``) is enforced inside
tornado's cross-origin check, which tornado 6.6 skips for a request that
says ``Sec-Fetch-Site: same-origin`` or whose ``Origin`` equals its ``Host``
(tornadoweb/tornado#3495, the new Fetch-metadata protection). Any client can
send those headers, and a page that rebinds its own DNS name to 127.0.0.1
sends the second. Bokeh never checks ``Host`` at all. So the dashboard checks
both itself, whatever the tornado and Bokeh versions:

* :class:`Allowlist` decides: ``Host`` must be one of the allowed names, and
  ``Origin``, when a browser sends one, too. ``Sec-Fetch-Site`` is ignored.
* :func:`install` puts that check in front of every route of the server that
  ``claims-dashboard serve`` starts (pages, websockets, static files, the
  login page), with tornado's public routing API.
* :func:`session_refused` is the same check for the request that opens a
  session, for ``panel serve dashboard/app.py``, whose server this project
  does not start: the page is then built empty.

The Bokeh and tornado internals this needs (the server's tornado application,
the connection behind a session's request) are fenced in :mod:`dashboard.upstream`.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from . import upstream

__all__ = ["Allowlist", "install", "is_loopback", "local_resources", "session_refused"]

log = logging.getLogger(__name__)

#: Names by which a browser on this machine reaches a server listening on the loopback interface.
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def is_loopback(address: str) -> bool:
    """Whether listening on ``address`` keeps the server to this machine."""
    if address in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False


def _split(netloc: str) -> tuple[str, str | None]:
    """(host, port or None) of ``host[:port]``, ``[v6]:port`` included; lower-cased."""
    netloc = netloc.strip().lower()
    host, sep, port = netloc.rpartition(":")
    if sep and port.isdigit() and (not host.startswith("[") or host.endswith("]")):
        return host, port
    return netloc, None


class Allowlist:
    """The ``host[:port]`` names the server answers to, as Host and as Origin.

    A name without a port stands for the default ports (80 and 443); ``*``
    allows every name (not advisable).
    """

    def __init__(self, names: Iterable[str]):
        self.names = tuple(dict.fromkeys(str(n).strip().lower() for n in names if str(n).strip()))
        self.any = "*" in self.names
        self._allowed: set[tuple[str, str | None]] = set()
        for name in self.names:
            host, port = _split(name)
            for p in ((port,) if port not in (None, "80", "443") else (None, "80", "443")):
                self._allowed.add((host, p))

    @classmethod
    def for_server(cls, address: str, port: int, extra: Iterable[str] | None = None) -> "Allowlist":
        """What ``serve --address ADDRESS --port PORT [--allow-websocket-origin ...]`` answers to:
        the names given, else the address and (on loopback) this machine's own names."""
        if extra:
            return cls(extra)
        names = [f"{address}:{port}"]
        if is_loopback(address):
            names += [f"{name}:{port}" for name in LOOPBACK_NAMES]
        else:
            names.append(f"localhost:{port}")
        return cls(names)

    def allows(self, netloc: str) -> bool:
        if self.any:
            return True
        host, port = _split(netloc)
        return (host, port) in self._allowed

    def refuses(self, headers: Mapping[str, str]) -> str | None:
        """Why a request with these headers is refused, or None when it is allowed."""
        if self.any:
            return None
        host = headers.get("Host")
        if not host:
            return "no Host header"
        if not self.allows(host):
            return f"Host {host!r} is not allowed"
        origin = headers.get("Origin")
        if origin is not None:
            parts = urlsplit(origin) if origin != "null" else None
            if parts is None or parts.scheme not in ("http", "https") or not parts.netloc \
                    or not self.allows(parts.netloc):
                return f"Origin {origin!r} is not allowed"
        return None

    def __repr__(self) -> str:
        return f"Allowlist({list(self.names)!r})"


def install(server, allow: Allowlist) -> None:
    """Refuse, with 403 and before any handler runs, every request to ``server`` (a Bokeh or
    Panel server, not started yet) whose Host or Origin ``allow`` refuses."""
    from tornado.routing import Matcher, Rule
    from tornado.web import RequestHandler

    class Refused(Matcher):
        def match(self, request):
            return {} if allow.refuses(request.headers) is not None else None

    class Forbidden(RequestHandler):
        def prepare(self):
            reason = allow.refuses(self.request.headers) or "not allowed"
            log.warning("refused %s %s from %s: %s", self.request.method, self.request.path,
                        self.request.remote_ip, reason)
            self.set_status(403)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish(f"Refused: {reason}. Start the server with --allow-websocket-origin NAME "
                        "for each name it is reached by.\n")

        def check_xsrf_cookie(self):  # refused anyway: no cookie is needed to be refused
            pass

    # A rule for every host, tried before the server's own routes; it matches only refused requests.
    upstream.tornado_application(server).add_handlers(r".*", [Rule(Refused(), Forbidden)])


def _loopback_defaults() -> Allowlist:
    """For ``panel serve``: the names in BOKEH_ALLOW_WS_ORIGIN if set, else this machine's own."""
    from bokeh.settings import settings

    names = settings.allowed_ws_origin() or []
    return Allowlist(names) if names else _LoopbackAnyPort()


class _LoopbackAnyPort(Allowlist):
    """This machine's own names, on any port (``panel serve`` does not tell its app its port)."""

    def __init__(self):
        super().__init__(LOOPBACK_NAMES)

    def allows(self, netloc: str) -> bool:
        return _split(netloc)[0] in LOOPBACK_NAMES


def session_refused(doc, allow: Allowlist | None = None) -> str | None:
    """Why the request that opened ``doc``'s session is refused (None when allowed, or outside a server).

    For ``panel serve dashboard/app.py``: the allowlist is ``BOKEH_ALLOW_WS_ORIGIN``
    (comma-separated names), else 127.0.0.1, localhost and [::1] on any port.
    Both the headers the session was opened with (which an unsigned session
    token carries, so a client can write them) and those of the connection
    itself (the page's request, or the websocket's when another process
    rebuilds the session) must pass.
    """
    context = getattr(doc, "session_context", None)
    proxy = getattr(context, "request", None)
    if proxy is None:
        return None
    allow = allow or _loopback_defaults()
    for headers in (getattr(proxy, "headers", None), upstream.connection_headers(proxy)):
        if headers is not None and (reason := allow.refuses(headers)) is not None:
            return reason
    return None


def local_resources(doc) -> None:
    """Make Panel link its stylesheets from this server for ``doc``, however its session was built
    (see :func:`dashboard.upstream.link_panel_css_locally`)."""
    if getattr(doc, "session_context", None) is not None:
        upstream.link_panel_css_locally(doc)
