"""Who may connect: Host and Origin checked on every HTTP and websocket request, and a login.

Real clients against servers on 127.0.0.1: a page or a document is sent only
to an allowed name. The DNS-rebinding shape (Origin equal to Host, both the
attacker's name) and ``Sec-Fetch-Site: same-origin`` get through Bokeh's own
origin check with tornado 6.6; they must not get through the dashboard's.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from browser_support import Server, free_port

ROOT = Path(__file__).resolve().parent.parent
TOKEN = re.compile(r'"token":"([^"]+)"')
QUOTE = "Vladimir Putin"  # a claimant of the bundled data: in the document (the filters), never in a refusal


def fetch(url: str, headers: dict | None = None, data: bytes | None = None, opener=None):
    """(status, body text, response headers); redirects are not followed."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = opener or urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers or {}, data=data)
    try:
        with opener.open(request, timeout=60) as r:
            return r.status, r.read().decode("utf-8", "replace"), r.headers
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace"), e.headers


async def _pull_document(port: int, token: str, headers: dict, path: str = "/ws") -> str:
    """Connect the websocket as BokehJS does and pull the document; its JSON text, or raises."""
    from bokeh.client.websocket import WebSocketClientConnectionWrapper
    from bokeh.protocol import Protocol
    from bokeh.protocol.receiver import Receiver
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    request = HTTPRequest(f"ws://127.0.0.1:{port}{path}", headers=headers, request_timeout=60)
    ws = await websocket_connect(request, subprotocols=["bokeh", token], max_message_size=1 << 28)
    protocol = Protocol()
    receiver = Receiver(protocol)

    async def read():
        while True:
            fragment = await asyncio.wait_for(ws.read_message(), 60)
            if fragment is None:
                raise ConnectionError("closed by the server")
            message = await receiver.consume(fragment)
            if message is not None:
                return message

    try:
        assert (await read()).msgtype == "ACK"
        await protocol.create("PULL-DOC-REQ").send(WebSocketClientConnectionWrapper(ws))
        reply = await read()
        return json.dumps(reply.content)
    finally:
        ws.close()


def pull_document(port: int, token: str, headers: dict, path: str = "/ws") -> str:
    return asyncio.run(_pull_document(port, token, headers, path))


def refused(port: int, token: str, headers: dict) -> bool:
    """Whether the websocket handshake is refused (HTTP 403) before any message."""
    from tornado.httpclient import HTTPClientError

    try:
        pull_document(port, token, headers)
    except HTTPClientError as e:
        return e.code == 403
    return False


def crafted_token(headers: dict) -> str:
    """A session token a client writes itself (sessions are not signed): a new session, any headers."""
    from bokeh.util.token import generate_jwt_token, generate_session_id

    return generate_jwt_token(generate_session_id(), extra_payload={"headers": headers, "cookies": {},
                                                                      "arguments": {}})


@pytest.fixture(scope="module")
def server():
    srv = Server(ready="favicon.ico")
    yield srv
    srv.stop()


def test_an_allowed_name_gets_the_page_and_the_document(server):
    status, body, _ = fetch(server.url)
    assert status == 200
    token = TOKEN.search(body).group(1)
    assert QUOTE in pull_document(server.port, token, {"Origin": f"http://127.0.0.1:{server.port}"})
    status, body, _ = fetch(f"http://localhost:{server.port}/")
    assert status == 200 and TOKEN.search(body)


@pytest.mark.parametrize("headers", [
    {"Host": "evil.example"},
    {"Host": "evil.example:{port}"},
    {"Origin": "http://evil.example"},
    {"Origin": "null"},
    {"Host": "evil.example:{port}", "Origin": "http://evil.example:{port}"},  # DNS rebinding
    {"Origin": "http://evil.example", "Sec-Fetch-Site": "same-origin"},
])
def test_an_http_request_from_another_name_gets_no_page(server, headers):
    headers = {k: v.format(port=server.port) for k, v in headers.items()}
    for path in ("", "favicon.ico", "static/js/bokeh.min.js"):
        status, body, _ = fetch(server.url + path, headers)
        assert status == 403, (path, headers)
        assert "Refused" in body and not TOKEN.search(body)


@pytest.mark.parametrize("headers", [
    {"Host": "evil.example:{port}", "Origin": "http://evil.example:{port}"},  # Origin == Host: rebinding
    {"Origin": "http://evil.example", "Sec-Fetch-Site": "same-origin"},
    {"Origin": "http://evil.example"},
    {"Host": "evil.example:{port}"},
])
def test_a_websocket_from_another_name_gets_no_document(server, headers):
    headers = {k: v.format(port=server.port) for k, v in headers.items()}
    token = TOKEN.search(fetch(server.url)[1]).group(1)  # a real session's token, as a page would have it
    assert refused(server.port, token, headers)
    # a session the client makes up (unsigned tokens), claiming allowed headers inside
    made_up = crafted_token({"Host": f"127.0.0.1:{server.port}"})
    assert refused(server.port, made_up, headers)


def test_serve_warns_when_it_listens_beyond_this_machine(tmp_path):
    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "w") as out:
        process = subprocess.Popen([sys.executable, "-m", "dashboard", "serve", "--address", "0.0.0.0",
                                    "--port", str(port)], stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    try:
        deadline = time.monotonic() + 120
        while "Serving" not in log.read_text() and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.3)
        text = log.read_text()
        assert "Warning: listening on 0.0.0.0, not only on this machine" in text
        assert "--basic-auth" in text
    finally:
        process.kill()
        process.wait(timeout=30)


def test_a_login_is_required_with_basic_auth(tmp_path):
    users = tmp_path / "users.json"
    users.write_text(json.dumps({"editor": "correct horse"}))
    srv = Server(args=("--basic-auth", str(users), "--cookie-secret", "x" * 32), ready="favicon.ico")
    try:
        status, body, headers = fetch(srv.url)  # not logged in: the login page, no session
        assert status == 302 and "/login" in headers["Location"] and not TOKEN.search(body)
        status, body, _ = fetch(srv.url + "login")
        assert status == 200 and 'name="password"' in body
        assert "cdn.holoviz.org" not in body and "http" not in body.split("<body", 1)[1]
        assert refused(srv.port, crafted_token({}), {"Origin": f"http://127.0.0.1:{srv.port}"})

        import http.cookiejar

        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        form = urllib.parse.urlencode({"username": "editor", "password": "wrong"}).encode()
        status, body, _ = fetch(srv.url + "login", data=form, opener=opener)
        assert not TOKEN.search(body)
        form = urllib.parse.urlencode({"username": "editor", "password": "correct horse"}).encode()
        status, body, _ = fetch(srv.url + "login", data=form, opener=opener)
        assert status == 200 and TOKEN.search(body), body[:300]  # redirected to the dashboard
        token = TOKEN.search(body).group(1)
        cookies = "; ".join(f"{c.name}={c.value}" for c in jar)
        assert QUOTE in pull_document(srv.port, token, {"Cookie": cookies,
                                                        "Origin": f"http://127.0.0.1:{srv.port}"})
    finally:
        srv.stop()


def test_panel_serve_of_the_app_builds_no_dashboard_for_another_name(tmp_path):
    """``panel serve dashboard/app.py``: tornado lets the rebinding websocket in, the app refuses the session."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "BOKEH_ALLOW_WS_ORIGIN"}
    log = open(tmp_path / "panel.log", "w")
    process = subprocess.Popen([sys.executable, "-m", "panel", "serve", "dashboard/app.py", "--port", str(port),
                                "--address", "127.0.0.1", "--allow-websocket-origin", f"evil.example:{port}",
                                "--allow-websocket-origin", f"127.0.0.1:{port}"],
                               cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/app"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                status, body, _ = fetch(url)
                if status == 200:
                    break
            except OSError:
                time.sleep(0.5)
        token = TOKEN.search(body).group(1)
        assert QUOTE in pull_document(port, token, {"Origin": f"http://127.0.0.1:{port}"}, "/app/ws")
        evil = {"Host": f"evil.example:{port}", "Origin": f"http://evil.example:{port}"}
        status, body, _ = fetch(url, evil)
        document = pull_document(port, TOKEN.search(body).group(1), evil, "/app/ws")
        assert "Refused" in document and QUOTE not in document
        made_up = crafted_token({"Host": f"127.0.0.1:{port}"})
        document = pull_document(port, made_up, evil, "/app/ws")
        assert "Refused" in document and QUOTE not in document
    finally:
        os.killpg(process.pid, 9)
        process.wait(timeout=30)
        log.close()


def test_the_allowlist():
    from dashboard.server_guard import Allowlist

    allow = Allowlist.for_server("127.0.0.1", 5006)
    assert allow.refuses({"Host": "127.0.0.1:5006"}) is None
    assert allow.refuses({"Host": "localhost:5006", "Origin": "http://localhost:5006"}) is None
    assert allow.refuses({"Host": "[::1]:5006"}) is None
    assert allow.refuses({"Host": "127.0.0.1:5007"})
    assert allow.refuses({})
    assert allow.refuses({"Host": "127.0.0.1:5006", "Origin": "file://"})
    named = Allowlist.for_server("0.0.0.0", 5006, ["dashboard.example.org"])
    assert named.refuses({"Host": "dashboard.example.org", "Origin": "https://dashboard.example.org"}) is None
    assert named.refuses({"Host": "dashboard.example.org:443"}) is None
    assert named.refuses({"Host": "dashboard.example.org:8080"})
    assert named.refuses({"Host": "127.0.0.1:5006"})
