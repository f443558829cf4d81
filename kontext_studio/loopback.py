"""This computer's addresses: reached directly, never through a proxy the environment names.

A proxy set for the office (HTTPS_PROXY, HTTP_PROXY) cannot reach a server on the artist's
own computer: the demo server, or a local S3 store (MinIO) standing in for R2. httpx and
botocore both send such a request through it unless NO_PROXY lists the host, so KIE's client
and the publisher each leave these hosts out (:data:`~kontext_studio.kie.client.DIRECT_TO_LOOPBACK`,
:func:`~kontext_studio.publish.s3_client.make_client`).
"""

from __future__ import annotations

import ipaddress

LOOPBACK_NAMES = frozenset({"localhost", "localhost."})


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 and localhost: the only hosts plain http may reach."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
