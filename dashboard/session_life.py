"""A session is never discarded while its page is still loading.

Bokeh discards a session that no browser is connected to once it has gone
unused for ``unused_session_lifetime``, and it counts that time from when the
session was built. A browser connects the page's websocket only after it has
received the page and its scripts; on a busy server (30 pages opened at once)
that took longer than the 15 s lifetime, so each session was discarded and
then built a second time when its websocket arrived, which made the queue
longer still (issue 16).

:func:`hold_while_loading` holds a new session from the moment it exists until
its page reports ``document_ready`` (BokehJS sends it once the websocket is
connected and the document rendered), or until ``timeout`` seconds have passed
for a page that never connects (a client that fetched the HTML only, or a
page whose websocket went to another worker process). From then on Bokeh's
lifetime applies as usual: a closed tab's session goes after the lifetime.

This module is the one place that reaches Bokeh's server-side session object
(``BokehServerContext.application_context``, ``ApplicationContext.get_session``,
``ServerSession.block_expiration``/``unblock_expiration``, documented by Bokeh
as its "Dev API"); ``tests/test_session_life.py`` fails if they change. Bokeh
has no public option for this: see bokeh/bokeh#8577 on the delay between the
page and its websocket.
"""

from __future__ import annotations

import logging

__all__ = ["DEFAULT_TIMEOUT", "hold_while_loading", "server_session"]

log = logging.getLogger(__name__)

#: Seconds a page may take from being built to its websocket reporting it drawn.
DEFAULT_TIMEOUT = 300.0


def server_session(doc):
    """The Bokeh ``ServerSession`` of a served document (None outside a server, or once it is gone)."""
    context = doc.session_context
    server = getattr(context, "server_context", None)
    application = getattr(server, "application_context", None)
    if application is None:
        return None
    try:
        return application.get_session(context.id)
    except Exception:  # noqa: BLE001 - bokeh raises ProtocolError for a session it no longer has
        return None


def hold_while_loading(doc, timeout: float = DEFAULT_TIMEOUT, on_release=None) -> None:
    """Keep the session of ``doc`` (being built now) from expiring until its page is ready.

    Call it while the page is built; ``on_release(reason)``, if given, hears why the hold ended
    ("ready" or "timeout").
    """
    if doc.session_context is None:
        return
    held = {}

    def hold() -> None:  # next tick: Bokeh creates the ServerSession after the page is built
        session = server_session(doc)
        if session is not None and not held:
            session.block_expiration()
            held["session"] = session
            held["timeout"] = doc.add_timeout_callback(lambda: release("timeout"), int(timeout * 1000))

    def release(reason: str) -> None:
        session = held.pop("session", None)
        if session is None:
            return
        if reason != "timeout":
            try:
                doc.remove_timeout_callback(held.pop("timeout"))
            except (KeyError, ValueError):
                pass
        session.unblock_expiration()
        if reason == "timeout":
            log.warning("session %s: its page did not connect within %g s; it may now be discarded",
                        doc.session_context.id, timeout)
        if on_release is not None:
            on_release(reason)

    doc.add_next_tick_callback(hold)
    doc.on_event("document_ready", lambda _event: release("ready"))
