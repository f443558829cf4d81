"""What lies under a network library's error: the socket and TLS failures it was raised from.

httpx and botocore each wrap the operating system's answer (a name not found, a refused
connection, a certificate that failed its check) in their own error; the cause tells the
artist what to correct, so both KIE's client and the publisher read it here.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

# The name server's answer that no host has the name (EAI_NONAME; EAI_NODATA where the
# system has it), not its silence (EAI_AGAIN), which an offline computer meets.
NO_SUCH_HOST = frozenset(
    code
    for name in ("EAI_NONAME", "EAI_NODATA")
    if (code := getattr(socket, name, None)) is not None
)
# OpenSSL's X509_V_ERR_HOSTNAME_MISMATCH and X509_V_ERR_IP_ADDRESS_MISMATCH: a certificate
# good but for another name, as a server other than the one meant sends.
OTHER_NAME = frozenset({62, 64})
# OpenSSL's X509_V_ERR_CERT_NOT_YET_VALID and X509_V_ERR_CERT_HAS_EXPIRED: a certificate
# outside its dates, which a computer whose clock is wrong sees of every server.
OUT_OF_DATE = frozenset({9, 10})


def causes(error: BaseException) -> Iterator[BaseException]:
    """The error and its causes, outermost first (each once, however they loop), with the
    errors an exception group holds, each followed by its own causes, before the group's
    cause: a name with several addresses is tried at each (happy eyeballs: IPv6 and IPv4),
    and the failure of each lies in a group under "All connection attempts failed"."""
    seen: set[int] = set()
    waiting: list[BaseException | None] = [error]
    while waiting:
        current = waiting.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        waiting.append(current.__cause__ or current.__context__)
        if isinstance(current, BaseExceptionGroup):
            waiting.extend(reversed(current.exceptions))


def no_such_host(error: BaseException) -> bool:
    """The name server answered that no host has the name (:data:`NO_SUCH_HOST`)."""
    return isinstance(error, socket.gaierror) and error.errno in NO_SUCH_HOST


def nothing_listening(error: BaseException) -> bool:
    """The host refused the connection: nothing listens at the address and port."""
    return isinstance(error, ConnectionRefusedError)
