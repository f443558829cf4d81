"""Stopping a publisher's requests from another thread, at once, whatever they wait on.

A request to a server that stopped answering (the connection open, nothing taken, nothing
answered) holds its thread for its time-outs and retries: a minute for an image's PUT, five
for a large image (its parts, then the abort of its upload, each tried four times). Cancel
is heard only between two blocks of the image; nothing else could end the wait. The app
closing, or a command stopped by Ctrl+C, waited that long, its window gone.

:meth:`Stop.stop` cuts every connection the publisher's clients hold
(``shutdown(SHUT_RDWR)``: a send or a read blocked on it fails at once, on any thread) and
refuses every request after it before it is sent (:class:`Stopped`, which botocore raises
as is and never retries, and s3transfer takes as a cancelled transfer); a try it cut is not
tried again (:meth:`Stop.no_retry`), so its request ends at once, not after botocore's
back-off. A connection being
made at that moment has no socket to cut yet: it is cut as soon as it is made, so such a
request ends within the connect time-out.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import socket
import threading
import weakref
from collections.abc import Callable, Collection
from typing import Any

from kontext_studio.cut_short import unended

STOP_GRACE_S = 3.0
"""How long a publish or an unpublish told to stop (the window closed, Ctrl+C) is given to
end as its Cancel ends it, taking back what it sent, before its requests are cut
(:meth:`Stop.stop`). A server that answers takes a few tenths of a second for that (the next
block of the image hears Cancel, then a DELETE or two); one that has not answered by then
has stopped answering."""
STOPPED_WITHIN_S = 10.0
"""How long work whose requests were cut may still take: a connection being made at that
moment (no socket to cut yet) ends within the connect time-out (10 s), the rest at once."""


async def end_or_cut(
    work: Collection[asyncio.Future[Any]],
    cut: Callable[[], None],
    now: asyncio.Event | None = None,
) -> tuple[set[asyncio.Future[Any]], set[asyncio.Future[Any]]]:
    """Give ``work`` (publishes and unpublishes told to stop, in threads) :data:`STOP_GRACE_S`
    to end as their Cancel ends them, taking back what they sent; then ``cut`` their
    requests (:meth:`Stop.stop`) and give them :data:`STOPPED_WITHIN_S` more. Returns the
    work that was cut, and of it the work still going after that: the window's close and a
    command's Ctrl+C stop their publishing alike. Once ``now`` is set (a second stop signal:
    the artist wants the app gone now) neither wait goes on: the requests are cut at once,
    and the work still going is left to end by itself."""
    if not work:
        return set(), set()
    going_on = await unended(work, STOP_GRACE_S, now)
    if not going_on:
        return set(), set()
    cut()
    return going_on, await unended(going_on, STOPPED_WITHIN_S, now)


class Stopped(concurrent.futures.CancelledError):
    """Raised for a request of a stopped publisher, before it is sent: botocore re-raises a
    ``CancelledError`` as is and never retries it."""


class Stop:
    """The way to stop one publisher's requests (its clients' connections, see
    :func:`.s3_client.make_client`), from any thread. Once stopped, it stays stopped."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stopped = False
        self._open: weakref.WeakSet[socket.socket] = weakref.WeakSet()

    @property
    def stopped(self) -> bool:
        return self._stopped

    def stop(self) -> None:
        """Cut every connection open now, and those made from now on; refuse every request
        not sent yet (:meth:`refuse`)."""
        with self._lock:
            self._stopped = True
            open_now = list(self._open)
            self._open.clear()
        for sock in open_now:
            _cut(sock)

    def opened(self, connection: object) -> None:
        """A connection of the publisher's has been made on ``connection`` (its socket):
        cut when it stops, or now if it has."""
        sock = _plain_socket(connection)
        if sock is None:
            return
        with self._lock:
            if not self._stopped:
                self._open.add(sock)
                return
        _cut(sock)

    def refuse(self, **_: Any) -> None:
        """A ``before-send`` hook: no request goes once stopped."""
        if self._stopped:
            raise Stopped("the publisher was stopped")

    def no_retry(
        self,
        response: tuple[Any, Any] | None = None,
        caught_exception: BaseException | None = None,
        **_: Any,
    ) -> None:
        """A ``needs-retry`` hook, run before botocore's own: once stopped, a try that failed
        (its connection cut, or an answer botocore tries again after, a 5xx or a 429) ends
        its request now, :class:`Stopped`. Else botocore slept its back-off (up to seconds)
        before a retry that :meth:`refuse` then turned away. An answer that came is left
        to botocore: a request carried out as it was cut ends as it went."""
        if not self._stopped:
            return
        status = response[0].status_code if response is not None else None
        if caught_exception is not None or (
            status is not None and (status >= 500 or status == 429)
        ):
            raise Stopped("the publisher was stopped")


def _plain_socket(connection: object) -> socket.socket | None:
    """The socket under ``connection``: itself, or, through an https proxy (TLS inside
    TLS), the one urllib3's ``SSLTransport`` wraps, which is no socket and which
    ``socket.shutdown`` refused with a TypeError that ended the app's close. None for
    anything else: its request ends with its time-out, as it did before."""
    for _layer in range(4):
        if isinstance(connection, socket.socket):
            return connection
        connection = getattr(connection, "socket", None)
    return None


def _cut(sock: socket.socket) -> None:
    """End what ``sock`` carries, both ways, for whichever thread waits on it. The plain
    socket's shutdown, also of a TLS socket: the TLS layer's own would drop its state under
    the thread writing through it. A socket closed meanwhile is left alone."""
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
