"""The boto3 S3 clients a publisher talks to R2 through, and how they send.

Two clients reach the same bucket: one for the small requests (a HEAD, a manifest PUT, a
DELETE), which must answer fast, and one for the image's body, which may take long on a slow
uplink (:data:`ANSWER_TIMEOUT_S`, :data:`TRANSFER_TIMEOUT_S`). Both are set up for what R2
accepts: path-style addresses, no CRC checksums or aws-chunked bodies, and a small body sent
with its headers rather than after a ``100 Continue``. An image of :data:`PART_BYTES` or more
goes up in parts, :data:`PARALLEL_PARTS` at once (:func:`transfer_config`).

boto3 is imported when a client is made, not with this module: only a publisher pays for it,
not the window's start-up.
"""

from __future__ import annotations

import functools
import socket
import urllib.parse
from typing import Any

from kontext_studio.loopback import is_loopback
from kontext_studio.publish.r2_config import R2Config
from kontext_studio.publish.r2_errors import map_error, note_unanswered_tries, note_unsent_tries
from kontext_studio.publish.stopping import Stop

PART_BYTES = 8 * 1024 * 1024
PARALLEL_PARTS = 10
"""boto3's default: a 50 MB artwork goes up as seven parts at once (per-connection
latency, not bandwidth, is what limits one part on a distant link)."""
EXPECT_CONTINUE_MIN_BYTES = 1024 * 1024
"""Smaller bodies go up with their headers. botocore asks every file body (an image, a part)
to wait for ``100 Continue`` first: a round trip that only pays for itself when the server
might refuse a body too big to send in vain."""
UNSENT_BYTES = 16 * 1024
"""The most of an image's body the system holds unsent (``TCP_NOTSENT_LOWAT``, where it has
it: Linux, macOS). Else its send buffer, which grows with the link, took the first megabytes
of the file at once: told as sent (:mod:`.sending`), they read 100 % while they still went up
a slow uplink, and "Finishing: waiting for R2…" was said meanwhile."""
ANSWER_TIMEOUT_S = 10.0
ANSWER_RETRIES = 1
"""A HEAD, a manifest PUT or a DELETE: R2 answers in well under a second, so a server that
accepted the connection and stays silent (a captive network, a dead proxy) is said after
about 20 s (two tries and a short pause), not minutes. (botocore's ``max_attempts`` counts
the retries, not the first try.)"""
TRANSFER_TIMEOUT_S = 60.0
TRANSFER_RETRIES = 3
"""The image's PUT and its parts. A time-out bounds each socket operation, not the request:
every send of a block of the body gets it afresh (:func:`_send_within`), and so does the
wait for the answer after the last block, which is also the time the kernel takes to push
out what is in flight (megabytes, shared by every part in flight on a slow uplink). So
these keep a long one: a link that takes the image slowly is not failed, only one that
takes nothing of it for this long."""


def _send_small_bodies_at_once(params: dict[str, Any], **_: Any) -> None:
    """A ``before-call`` hook, run after botocore's own that adds ``Expect: 100-continue``."""
    from botocore.utils import determine_content_length  # loaded with the client already

    headers = params.get("headers", {})
    if "Expect" not in headers:
        return
    size = determine_content_length(params.get("body"))
    if size is not None and size < EXPECT_CONTINUE_MIN_BYTES:
        del headers["Expect"]


def _s3_options(endpoint_url: str) -> dict[str, Any]:
    """Over https, the body is not hashed into each request's signature: TLS protects it on
    the way, and R2 is https-only. (boto3's default also skips that hash over https, but
    sends a CRC trailer in its place, which R2 refuses; so a multipart part here has no
    content check beyond TLS and the final size, a single PUT its MD5 ETag.) Over plain
    http (a local test server) the signature is the only protection the body has, so
    botocore keeps hashing it."""
    options: dict[str, Any] = {"addressing_style": "path"}
    if endpoint_url.lower().startswith("https://"):
        options["payload_signing_enabled"] = False
    return options


@functools.cache
def _data_loader() -> Any:
    """botocore's reader of its service models, shared by every client made here. Each new
    session has a reader of its own, which reads and parses the S3 model (megabytes of JSON)
    again: 0.2-0.5 s for every client, two per publisher, paid again by every Settings
    check and after every change of the R2 settings. The reader only caches what it read
    from botocore's own files, the same for every session (two threads asking at once at
    worst read one twice)."""
    import botocore.session

    return botocore.session.get_session().get_component("data_loader")


def _session() -> Any:
    """A fresh boto3 session (sessions are not for sharing between threads; clients made from
    them are) that reads botocore's models through :func:`_data_loader`."""
    import boto3
    import botocore.session

    core = botocore.session.get_session()
    loader = _data_loader()
    core.register_component("data_loader", loader)
    session = boto3.session.Session(botocore_session=core)
    # Every boto3 session adds boto3's own data folder to its loader's search paths: the
    # shared loader's would grow by one folder a client, searched on, for the app's life.
    # (A session made at the same moment in another thread only adds a folder there already.)
    loader.search_paths[:] = dict.fromkeys(loader.search_paths)
    return session


def _hold_little_unsent(client: Any) -> None:
    """Have ``client``'s connections hold at most :data:`UNSENT_BYTES` unsent. botocore has no
    setting for a socket option: its connection pools read the options from this list as they
    open a connection. Without it (another system, another botocore), progress runs ahead."""
    option = getattr(socket, "TCP_NOTSENT_LOWAT", None)
    session = getattr(getattr(client, "_endpoint", None), "http_session", None)
    options = getattr(session, "_socket_options", None)
    if option is not None and isinstance(options, list):
        options.append((socket.IPPROTO_TCP, option, UNSENT_BYTES))


class _SendsWithin:
    """Mixed into the connection class of a client that sends images' bodies
    (:func:`_send_within`): each send of the request waits up to :attr:`send_timeout`.
    Only the request's: a connection through a proxy sends its ask for the way to R2
    (``CONNECT``) as it connects, and that, with the TLS handshake after it, keeps the
    connect time-out, so a proxy that never lets it through is said as soon as a
    direct connection that fails is."""

    sock: socket.socket | None
    send_timeout: float
    _requesting = False

    def request(self, *args: Any, **kwargs: Any) -> None:
        self._requesting = True
        try:
            super().request(*args, **kwargs)  # type: ignore[misc]
        finally:
            self._requesting = False

    def send(self, data: Any) -> None:
        # With no socket it connects first, within the connect time-out.
        if self._requesting and self.sock is not None:
            self.sock.settimeout(self.send_timeout)
        super().send(data)  # type: ignore[misc]


def _send_within(client: Any, seconds: float) -> None:
    """Give each send of ``client``'s requests ``seconds``, as each read of their answers
    has. urllib3 gives the sends the connect time-out (10 s), and the read time-out only once
    the request is sent: a block of the image's body (16 KiB) not taken within 10 s failed
    the try, so a link slower than 1.6 KB/s a connection (ten parts sharing 80 kbit/s) was
    failed while its bytes kept going, and a server that took nothing was tried again every
    10 s, each new connection taking a first block, before :data:`.transfer.QUIET_S` could
    pass. Without it (another botocore), the sends keep 10 s."""
    _mixed_into_connections(client, "Patient", _SendsWithin, send_timeout=seconds)


class _Cuttable:
    """Mixed into the connection class of a client that a :class:`.stopping.Stop` cuts
    (:func:`_cut_by`): each connection made is handed to it."""

    sock: socket.socket | None
    stopped_by: Stop

    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        if self.sock is not None:
            self.stopped_by.opened(self.sock)


def _cut_by(client: Any, stop: Stop) -> None:
    """Have ``stop`` end ``client``'s requests: those under way by cutting their connections,
    those to come by refusing them, a try it cut not tried again (:mod:`.stopping`). Without
    the connection classes (another botocore), a request under way ends only with its
    time-out."""
    client.meta.events.register_first("before-send.s3", stop.refuse)
    client.meta.events.register_first("needs-retry.s3", stop.no_retry)
    _mixed_into_connections(client, "Cuttable", _Cuttable, stopped_by=stop)


def _mixed_into_connections(client: Any, name: str, mixin: type, **attributes: Any) -> None:
    """Make ``client``'s connections of classes with ``mixin`` (and ``attributes``) mixed in.
    botocore has no setting for what these add: its connection pools make their connections
    from these classes, per client."""
    session = getattr(getattr(client, "_endpoint", None), "http_session", None)
    pools = getattr(session, "_pool_classes_by_scheme", None)
    if not isinstance(pools, dict):
        return
    for scheme, pool in list(pools.items()):
        connection = type(
            f"{name}{pool.ConnectionCls.__name__}", (mixin, pool.ConnectionCls), attributes
        )
        pools[scheme] = type(f"{name}{pool.__name__}", (pool,), {"ConnectionCls": connection})


def _direct_to_loopback(endpoint_url: str) -> dict[str, str] | None:
    """No proxy for an endpoint on this computer (a local MinIO), whatever proxy the
    environment names (:mod:`kontext_studio.loopback`); None, botocore's own choice (the
    environment's proxy, unless NO_PROXY lists the host), for any other."""
    return {} if is_loopback(urllib.parse.urlsplit(endpoint_url).hostname or "") else None


def make_client(
    config: R2Config,
    connect_timeout: float,
    read_timeout: float,
    retries: int,
    *,
    sending: bool = False,
    stop: Stop | None = None,
) -> Any:
    """A boto3 S3 client for ``config`` with these time-outs and retries; ``sending`` images'
    bodies (:func:`_hold_little_unsent`, :func:`_send_within` the read time-out); whose
    requests ``stop`` ends (:func:`_cut_by`)."""
    # boto3 costs ~0.2 s to import: only a Publisher pays it, not the window's start-up.
    import botocore.config

    client_config = botocore.config.Config(
        region_name="auto",
        signature_version="s3v4",
        s3=_s3_options(config.endpoint_url),
        retries={"max_attempts": retries, "mode": "standard"},
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
        # Two publishes share this client; its default pool of 10 equals one's parts.
        max_pool_connections=2 * PARALLEL_PARTS,
        # Flexible (CRC) checksums and aws-chunked bodies are not what every
        # S3-compatible store accepts; integrity is checked with MD5/ETag instead.
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        proxies=_direct_to_loopback(config.endpoint_url),
    )
    try:
        client = _session().client(
            "s3",
            endpoint_url=config.endpoint_url,
            aws_access_key_id=config.access_key_id,
            aws_secret_access_key=config.secret_access_key,
            config=client_config,
        )
    except Exception as error:
        raise map_error(error, config=config) from error
    client.meta.events.register_last("before-call.s3", _send_small_bodies_at_once)
    client.meta.events.register("needs-retry.s3", note_unanswered_tries)
    client.meta.events.register("needs-retry.s3", note_unsent_tries)
    if sending:
        _hold_little_unsent(client)
        _send_within(client, read_timeout)
    if stop is not None:
        _cut_by(client, stop)
    return client


def transfer_config() -> Any:
    """How the transfer manager sends an image: in parts from :data:`PART_BYTES` on,
    :data:`PARALLEL_PARTS` at once, on threads of its own."""
    # boto3's transfer manager costs ~0.2 s to import: only a Publisher pays it.
    from boto3.s3.transfer import TransferConfig

    return TransferConfig(
        multipart_threshold=PART_BYTES,
        multipart_chunksize=PART_BYTES,
        max_concurrency=PARALLEL_PARTS,
        use_threads=True,
    )
