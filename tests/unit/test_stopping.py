"""Stopping a publisher's requests: what its connections carry is cut, whatever wraps them."""

from __future__ import annotations

import socket
import ssl
import threading

from kontext_studio.publish.stopping import Stop


class TlsInsideTls:
    """What urllib3 hands over for a connection through an https proxy (its
    ``SSLTransport``): no socket, the one it carries as ``socket``."""

    def __init__(self, carried: socket.socket | ssl.SSLSocket) -> None:
        self.socket = carried


def test_a_connection_through_an_https_proxy_is_cut_at_the_socket_it_carries() -> None:
    """Before, ``socket.shutdown`` was given the wrapper and raised TypeError, which ended
    the app's close with a traceback; the read on the connection went on waiting."""
    ours, theirs = socket.socketpair()
    with ours, theirs:
        stop = Stop()
        stop.opened(TlsInsideTls(ours))
        read: list[bytes] = []
        reader = threading.Thread(target=lambda: read.append(ours.recv(1)))
        reader.start()
        stop.stop()
        reader.join(timeout=30)
        assert not reader.is_alive()
        assert read == [b""]  # the wait ended: nothing more comes on a cut connection


def test_something_that_carries_no_socket_is_left_to_its_time_out() -> None:
    stop = Stop()
    stop.opened(object())
    stop.stop()
    assert stop.stopped
