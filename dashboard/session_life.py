"""A session is never discarded while its page is still loading.

Bokeh discards a session that no browser is connected to once it has gone
unused for ``unused_session_lifetime``, and it counts that time from when the
session was built. A browser connects the page's websocket only after it has
received the page and its scripts; on a busy server (30 pages opened at once)
that took longer than the 15 s lifetime, so each session was discarded and
then built a second time when its websocket arrived, which made the queue
longer still (issue 16).

:class:`PageLoadHolds` holds each new session from the moment it exists until
its page reports ``document_ready`` (BokehJS sends it once the websocket is
connected and the document rendered), or until ``timeout`` seconds have passed
for a page that never connects (a client that fetched the HTML only, or a
page whose websocket went to another worker process). From then on Bokeh's
lifetime applies as usual: a closed tab's session goes after the lifetime.

It holds Bokeh's server-side session object, which ``dashboard.upstream.server_session``
reaches (Bokeh's "Dev API"; ``ServerSession.block_expiration``/``unblock_expiration``);
``tests/test_session_life.py`` fails if they change. Bokeh has no
public option for this: see bokeh/bokeh#8577 on the delay between the page and its websocket.
"""

from __future__ import annotations

import logging
import weakref

from .upstream import server_session

__all__ = ["DEFAULT_TIMEOUT", "PageLoadHolds"]

log = logging.getLogger(__name__)

#: Seconds a page may take from being built to its websocket reporting it drawn.
DEFAULT_TIMEOUT = 300.0


class PageLoadHolds:
    """The sessions of one server process whose pages are still loading, held from expiring.

    Bokeh makes a session's ``ServerSession`` only once its page is built, so a page is held on
    the next tick of the event loop, and again before the next page is built: a page build is
    the long task that could otherwise run while an unheld session's lifetime passes.
    ``on_release(doc, reason)``, if given, hears why a hold ended ("ready" or "timeout").
    """

    def __init__(self, timeout: float = DEFAULT_TIMEOUT, on_release=None):
        self.timeout = timeout
        self.on_release = on_release
        self._waiting: weakref.WeakSet = weakref.WeakSet()  # documents whose session is not held yet
        self._held: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # document -> (session, timer)

    def add(self, doc) -> None:
        """Hold the session of ``doc``, a page being built now, until the page is ready."""
        if doc.session_context is None:
            return
        self.hold_waiting()
        self._waiting.add(doc)
        doc.add_next_tick_callback(self.hold_waiting)
        doc.on_event("document_ready", lambda _event: self.release(doc, "ready"))

    def hold_waiting(self) -> None:
        """Hold every waiting page's session that Bokeh has made by now."""
        for doc in list(self._waiting):
            session = server_session(doc)
            if session is None:
                continue
            self._waiting.discard(doc)
            session.block_expiration()
            timer = doc.add_timeout_callback(lambda doc=doc: self.release(doc, "timeout"), int(self.timeout * 1000))
            self._held[doc] = (session, timer)

    def release(self, doc, reason: str) -> None:
        """End the hold of ``doc`` (its page is ready, or it never connected in time)."""
        self._waiting.discard(doc)
        held = self._held.pop(doc, None)
        if held is None:
            return
        session, timer = held
        if reason != "timeout":
            try:
                doc.remove_timeout_callback(timer)
            except ValueError:
                pass
        session.unblock_expiration()
        if reason == "timeout":
            log.warning("session %s: its page did not connect within %g s; it may now be discarded",
                        doc.session_context.id, self.timeout)
        if self.on_release is not None:
            self.on_release(doc, reason)
