"""The async KIE client: generate, record-info, credits, download-url, uploads, result fetch.

Every failure leaves this module as a :class:`~kontext_studio.errors.KontextError` subclass.
The split that matters most is the never-pay-twice rule for ``generate``: an error that proves
the request never left this machine is a retryable :class:`NetworkError`; anything after the
request may have reached KIE is :class:`OutcomeUnknownError`, which is never retried on its own.
The other endpoints are free and idempotent, so the same failures there are plain
:class:`NetworkError` (transport; :class:`ReplyCutError` once the reply's status had come)
or :class:`MalformedReplyError` (garbage body).

Two HTTP clients: one carries ``Authorization`` and only ever talks to the API and upload
hosts; the other fetches result images from public storage and never has the key.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import copy
import functools
import importlib
import logging
import mimetypes
import os
import re
import socket
import ssl
import threading
import time
import urllib.request
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC
from email.utils import parsedate_to_datetime
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO

import httpx

from kontext_studio import __version__, config
from kontext_studio.errors import (
    CERTIFICATE_OUT_OF_DATE,
    SET_THE_CLOCK,
    UNREADABLE,
    ExpiredResultError,
    ImageUnreadableError,
    InputError,
    KeyFormatError,
    KieAddressError,
    KieError,
    KontextError,
    MalformedReplyError,
    NetworkError,
    OutcomeUnknownError,
    RateLimitedError,
    ReplyCutError,
    ResultDownloadError,
    ResultHostRefusedError,
    ServerError,
    Term,
    TlsSetupError,
    UnreachableError,
)
from kontext_studio.i18n import QT_TRANSLATE_NOOP
from kontext_studio.kie import envelope
from kontext_studio.kie.concurrency import MAX_SLOTS, AdaptiveConcurrency, Trip
from kontext_studio.kie.models import (
    MAX_KEY_CHARS,
    MIN_KEY_CHARS,
    GenerateRequest,
    TaskRecord,
    UploadedFile,
)
from kontext_studio.logs import short_prompt
from kontext_studio.loopback import is_loopback
from kontext_studio.network_causes import OUT_OF_DATE, causes, nothing_listening

log = logging.getLogger(__name__)

USER_AGENT = f"KontextStudio/{__version__} (+python-httpx)"
GENERATE_PATH = "/api/v1/flux/kontext/generate"
RECORD_INFO_PATH = "/api/v1/flux/kontext/record-info"
CREDITS_PATH = "/api/v1/chat/credit"
DOWNLOAD_URL_PATH = "/api/v1/common/download-url"
STREAM_UPLOAD_PATH = "/api/file-stream-upload"
BASE64_UPLOAD_PATH = "/api/file-base64-upload"

CONNECT_TIMEOUT = 10.0
UPLOAD_READ_TIMEOUT = 120.0
UPLOAD_WRITE_TIMEOUT = 300.0
MAX_REPLY_BYTES = 4 * 1024 * 1024
EXPIRED_STATUSES = frozenset({403, 404, 410, 422})
"""What a result's host answers a link it no longer serves, or refuses (403, 422): KIE
is asked for a fresh link, free (:class:`ExpiredResultError`). Before, a 422 read "KIE
reported an error" and was fetched again at the same link."""
MAX_PORT = 65535
# Every connection the slots can use stays open. httpcore closes an idle connection whenever
# the pool holds more than the keep-alive number, so that number covers the slots; the few
# more are for uploads, which take no slot.
POOL_LIMITS = httpx.Limits(max_connections=MAX_SLOTS + 8, max_keepalive_connections=MAX_SLOTS)

# Raised before a single byte of the request went out: nothing can have been created.
NEVER_SENT: tuple[type[Exception], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.ProxyError,
    httpx.UnsupportedProtocol,
    httpx.InvalidURL,
)
# Of those, the ones that mean the address itself cannot be used: trying again never helps.
BAD_ADDRESS: tuple[type[Exception], ...] = (httpx.UnsupportedProtocol, httpx.InvalidURL)
# Of those, the ones that mean no connection to the server could be made at all.
NO_CONNECTION: tuple[type[Exception], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.ProxyError,
)


# This computer is reached directly, whatever proxy the environment names: httpx sends
# every request through HTTP(S)_PROXY unless NO_PROXY lists the host, and a proxy cannot
# reach the demo server on this computer (a proxy set for the office, demo mode failed
# whole). A mount of None is httpx's "no proxy here".
DIRECT_TO_LOOPBACK: dict[str, httpx.AsyncBaseTransport | None] = dict.fromkeys(
    ("all://127.0.0.1", "all://localhost", "all://[::1]")
)


def checked_url(url: str, what: str) -> httpx.URL:
    """``url`` parsed, if it is https, or http to a loopback host; else :class:`InputError`.

    The error names the host only, never the full URL, which may carry a signed token.
    """
    try:
        parsed = httpx.URL(url)
        host = parsed.host  # decoded here: a malformed international name raises
    except (httpx.InvalidURL, TypeError, ValueError):  # ValueError: also idna's errors
        raise _not_a_url(what) from None
    if parsed.port is not None and not 0 < parsed.port <= MAX_PORT:
        # httpx takes any number; connecting then raises OverflowError, which a send cannot
        # tell from a request cut off after it went out: the job would be left unknown.
        raise _not_a_url(what)
    if not host:
        raise InputError.worded(
            QT_TRANSLATE_NOOP(
                "Errors",
                "The {what} has no host: it must be a full address starting with https://.",
            ),
            what=what,
        )
    if parsed.scheme == "https":
        return parsed
    if parsed.scheme == "http" and is_loopback(parsed.host):
        return parsed
    raise InputError.worded(
        QT_TRANSLATE_NOOP(
            "Errors",
            "The {what} must use https (plain http only to this computer), not “{scheme}” to "
            "{host}.",
        ),
        what=what,
        scheme=parsed.scheme,
        host=parsed.host,
    )


def _not_a_url(what: str) -> InputError:
    return InputError.worded(
        QT_TRANSLATE_NOOP("Errors", "The {what} is not a valid URL."), what=what
    )


def _base_url(url: str, what: str) -> str:
    """A checked base URL without a trailing slash; endpoint paths are appended to it."""
    parsed = checked_url(url, what)
    if parsed.query or parsed.fragment:
        raise InputError.worded(
            QT_TRANSLATE_NOOP("Errors", "The {what} must not have a query or fragment."), what=what
        )
    return str(parsed).rstrip("/")


# The configured addresses, named with where they are set, for the errors that refuse them.
_SET_API_URL = QT_TRANSLATE_NOOP("Errors", "KIE API URL (set by KONTEXT_STUDIO_KIE_URL)")
_SET_UPLOAD_URL = QT_TRANSLATE_NOOP(
    "Errors", "KIE upload URL (set by KONTEXT_STUDIO_KIE_UPLOAD_URL)"
)


_QUOTES = ('"', '"'), ("'", "'"), ("\u201c", "\u201d"), ("\u2018", "\u2019")


def _quoted(key: str) -> bool:
    """Whether ``key`` is wrapped in quotes, as copied from a ``.env`` or JSON line or a
    word processor: sent with them, KIE rejects it, and the hidden field does not show why."""
    return len(key) > 1 and any(key[0] == left and key[-1] == right for left, right in _QUOTES)


_ASSIGNMENT = re.compile(r"(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*=\s*[^=\s]")
"""A variable's assignment at the start of a line: ``KIE_API_KEY=...``, ``export
KIE_API_KEY=...``, spaces round the "=" as some .env files have them. Something must follow
the "=" but another "=": a key in base64 ends in "=" or "==", and is no assignment."""


def _assigned(key: str) -> bool:
    """Whether ``key`` is written as a variable's assignment, the line copied whole from a
    .env file or a shell's profile: stored with the variable's name, every job sent with it
    was refused by KIE (401), and neither the hidden field nor ``key set`` showed why."""
    return _ASSIGNMENT.match(key) is not None


_KEY_TOO_LONG = QT_TRANSLATE_NOOP(
    "Errors",
    "The KIE API key is longer than {limit} characters, far longer than any key: give the "
    "key alone.",
)


def too_long_key() -> KeyFormatError:
    """The refusal of a key longer than :data:`~kontext_studio.kie.models.MAX_KEY_CHARS`:
    :func:`checked_key`'s, and ``key set``'s of a line it stopped reading there
    (:func:`~kontext_studio.cli.keys.read_key`)."""
    return KeyFormatError.worded(_KEY_TOO_LONG, limit=MAX_KEY_CHARS)


def checked_key(api_key: str) -> str:
    """An HTTP header can only carry visible ASCII; say so without echoing the key. Nor is
    a variable's assignment (:func:`_assigned`) or a whole file (longer than any key) one."""
    if not isinstance(api_key, str) or not api_key.strip():
        raise KeyFormatError(QT_TRANSLATE_NOOP("Errors", "The KIE API key is empty."))
    key = api_key.strip()
    if len(key) > MAX_KEY_CHARS:
        raise too_long_key()
    if _assigned(key):
        raise KeyFormatError(
            QT_TRANSLATE_NOOP(
                "Errors",
                "The KIE API key starts with the name of a variable (NAME= or export NAME=): "
                "give the key alone, without it.",
            )
        )
    if _quoted(key):
        raise KeyFormatError(
            QT_TRANSLATE_NOOP("Errors", "The KIE API key is in quotes: paste it without them.")
        )
    if not key.isascii() or not key.isprintable() or " " in key:
        raise KeyFormatError(
            QT_TRANSLATE_NOOP("Errors", "The KIE API key contains characters that cannot be sent.")
        )
    if len(key) < MIN_KEY_CHARS:
        raise KeyFormatError(
            QT_TRANSLATE_NOOP(
                "Errors", "The KIE API key is too short: check that all of it was pasted."
            )
        )
    return key


async def check_key(key: str) -> float:
    """The balance KIE (or the configured KIE-compatible server) gives ``key``: the settings
    dialog's "Test key" and ``kontext-studio key test``. Creates nothing, charges nothing."""
    async with KieClient(key) as client:
        return await client.credits()


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """Loading the CA bundle costs ~50 ms; do it once per process, not twice per client."""
    return httpx.create_ssl_context()


@dataclass(frozen=True)
class _HttpClients:
    api: httpx.AsyncClient
    public: httpx.AsyncClient


_PREPARING = threading.Lock()


def _prepare() -> None:
    """What a client's first request needs and the event loop's thread should not spend its
    time on: the TLS context and the modules of httpx's transport (~20 ms together). Once per
    process, however many clients ask at the same time."""
    with _PREPARING:
        _tls_context()
        importlib.import_module("httpcore")


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


class KieClient:
    """One account's connection to KIE. Use ``async with`` or call :meth:`aclose`.

    ``transport`` replaces the network for both HTTP clients (tests, the simulator).
    """

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str | None = None,
        upload_url: str | None = None,
        timeout: float = 30.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._key = checked_key(api_key)
        self._base = _base_url(base_url or config.kie_base_url(), Term(_SET_API_URL))
        self._upload_base = _base_url(upload_url or config.kie_upload_url(), Term(_SET_UPLOAD_URL))
        self._timeout = httpx.Timeout(timeout, connect=CONNECT_TIMEOUT)
        self._upload_timeout = httpx.Timeout(
            timeout,
            connect=CONNECT_TIMEOUT,
            read=max(timeout, UPLOAD_READ_TIMEOUT),
            write=max(timeout, UPLOAD_WRITE_TIMEOUT),
        )
        self._transport = transport
        self._http: _HttpClients | None = None
        self._making = asyncio.Lock()
        self._closed = False
        self._api_slots = AdaptiveConcurrency()
        self._public_slots = AdaptiveConcurrency()

    def __repr__(self) -> str:
        return f"KieClient(base_url={self._base!r}, upload_url={self._upload_base!r})"

    async def aclose(self) -> None:
        self._closed = True
        if self._http is not None:
            await self._http.api.aclose()
            await self._http.public.aclose()

    async def _clients(self, endpoint: str) -> _HttpClients:
        """The HTTP clients, made for the first request rather than with the client: their
        TLS context and transport are built in a worker thread then, so neither the window's
        start nor the event loop's thread waits for them."""
        async with self._making:
            if self._http is None:
                try:
                    await asyncio.to_thread(_prepare)
                except (OSError, ValueError) as exc:  # e.g. an unreadable SSL_CERT_FILE
                    raise _tls_setup_error(exc, endpoint) from exc
                if self._closed:  # closed while the context was made: make nothing to leak
                    raise _closed(endpoint)
                self._http = _HttpClients(self._http_client(api=True), self._http_client())
        return self._http

    def _http_client(self, *, api: bool = False) -> httpx.AsyncClient:
        """The API's client sends the key and follows no redirect; the public one (result
        files on KIE's storage) never has the key and follows redirects."""
        headers = {"User-Agent": USER_AGENT}
        if api:
            headers |= {"Accept": "application/json", "Authorization": f"Bearer {self._key}"}
        return httpx.AsyncClient(
            headers=headers,
            timeout=self._timeout,
            follow_redirects=not api,
            verify=_tls_context(),
            limits=POOL_LIMITS,
            transport=self._transport,
            mounts=DIRECT_TO_LOOPBACK,
        )

    async def __aenter__(self) -> KieClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    # The API calls.

    async def generate(
        self,
        request: GenerateRequest,
        input_image_url: str | None = None,
        *,
        on_wire: Callable[[], None] | None = None,
        still_wanted: Callable[[], Awaitable[None]] | None = None,
    ) -> str:
        """Create a task and return its ``taskId``. Invalid input never reaches the network.

        Raises :class:`OutcomeUnknownError` whenever a task may exist without us knowing its
        id; the caller must not resubmit on its own then. ``on_wire`` is called once the
        request has its slot and goes out: cancelled before that, it was never sent.
        ``still_wanted`` is awaited before that when the request had to wait, for its slot
        or for the first connection's set-up: the job may have been given up meanwhile
        (another process cancelled it), and what it raises goes out instead of the
        request, nothing sent. A request that had its slot at once is not asked: it
        leaves as its caller's last look did.
        """
        body = self._generate_body(request, input_image_url)
        data = await self._call(
            "POST",
            self._base + GENERATE_PATH,
            endpoint="generate",
            charged=True,
            on_wire=on_wire,
            still_wanted=still_wanted,
            json=body,
        )
        task_id = envelope.parse_task_id(data)
        log.info(
            "task created",
            extra={
                "event": "kie.task_created",
                "task_id": task_id,
                "model": body["model"],
                "edit": "inputImage" in body,
                "prompt": short_prompt(body["prompt"]),
            },
        )
        return task_id

    async def record_info(self, task_id: str) -> TaskRecord:
        """The task's state; an unknown id is :class:`NotFoundError`, never a success."""
        if not isinstance(task_id, str) or not task_id.strip():
            raise InputError("The task id is empty.")
        data = await self._call(
            "GET",
            self._base + RECORD_INFO_PATH,
            endpoint="record-info",
            record=True,
            params={"taskId": task_id},
        )
        return envelope.parse_task_record(data, task_id)

    async def credits(self) -> float:
        """The account balance. Creates nothing: the safe "does this key work?" call."""
        data = await self._call("GET", self._base + CREDITS_PATH, endpoint="credits")
        return envelope.parse_credits(data)

    async def download_url(self, url: str) -> str:
        """A fresh link, valid 20 minutes, for a KIE-generated file URL."""
        if not isinstance(url, str) or not url.strip():
            raise InputError("The file URL is empty.")
        data = await self._call(
            "POST",
            self._base + DOWNLOAD_URL_PATH,
            endpoint="download-url",
            lookup=True,
            json={"url": url},
        )
        return envelope.parse_download_url(data)

    async def upload_file(
        self, path: Path, *, upload_path: str, file_name: str | None = None
    ) -> UploadedFile:
        """Stream a local file to KIE's upload host (multipart); for files of any size.

        The file is sent in pieces as it is read, so a 100 MB image is never held in memory.
        ``upload_path`` should be unique per upload: the same name overwrites. The file is
        opened, read and closed in worker threads: the window's loop runs this, and the
        reference copies live in the artist's library folder, which may be a network share
        that takes seconds to answer, or none at all while it is gone.
        """
        name = file_name or Path(path).name
        _check_upload_fields(upload_path, name)
        mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
        handle, size = await _open_in_thread(Path(path))
        async with _closed_in_thread(handle):
            form = _UploadForm.framing(
                {"uploadPath": upload_path, "fileName": name}, (name, mime, size)
            )
            data = await self._call(
                "POST",
                self._upload_base + STREAM_UPLOAD_PATH,
                endpoint="file-stream-upload",
                upload=True,
                timeout=self._upload_timeout,
                headers=form.headers(),
                content=form.body(handle, Path(path).name),
            )
        return envelope.parse_uploaded_file(data)

    async def upload_bytes(
        self, data: bytes, *, upload_path: str, file_name: str, mime_type: str
    ) -> UploadedFile:
        """Upload small in-memory content as a base64 data URL."""
        _check_upload_fields(upload_path, file_name)
        if not isinstance(mime_type, str) or "/" not in mime_type or ";" in mime_type:
            raise InputError("The upload needs a MIME type such as image/png.")
        if not isinstance(data, bytes | bytearray) or not data:
            raise InputError("There is nothing to upload.")
        encoded = base64.b64encode(bytes(data)).decode("ascii")
        reply = await self._call(
            "POST",
            self._upload_base + BASE64_UPLOAD_PATH,
            endpoint="file-base64-upload",
            upload=True,
            timeout=self._upload_timeout,
            json={
                "base64Data": f"data:{mime_type.strip()};base64,{encoded}",
                "uploadPath": upload_path,
                "fileName": file_name,
            },
        )
        return envelope.parse_uploaded_file(reply)

    async def fetch(self, url: str, *, max_bytes: int) -> tuple[bytes, str]:
        """GET a result image from public storage, never with the API key.

        Returns the body and its media type (``image/png``; "" when the server names none).
        403/404/410/422 mean the link is expired or refused (:data:`EXPIRED_STATUSES`):
        :class:`ExpiredResultError`. ``url`` is
        KIE's (a task's result, a fresh link): one that is not https (plain http only to
        this computer) is KIE's reply gone wrong, :class:`MalformedReplyError`.
        """
        target = _result_link(url)
        if max_bytes <= 0:
            raise InputError("max_bytes must be positive.")
        if self._closed:
            raise _closed("fetch")
        public = (await self._clients("fetch")).public
        started = time.monotonic()
        sent: float | None = None
        status: int | None = None
        try:
            async with self._public_slots.slot("fetch"):
                self._check_open("fetch")
                sent = time.monotonic()
                async with public.stream("GET", target) as response:
                    status = response.status_code
                    if not response.is_success:
                        raise asking_wait(_fetch_error(status), response.headers.get("retry-after"))
                    body = await _read_capped(response, max_bytes, "fetch")
                    return body, _media_type(response.headers.get("content-type", ""))
        except KontextError:
            raise
        except (httpx.HTTPError, OSError) as exc:
            reason = _reason(exc, "fetch", by_proxy=self._by_proxy(exc, target))
            cls = ResultHostRefusedError if _host_refused(exc, target) else ResultDownloadError
            raise _step_error(cls, "fetch", reason) from exc
        finally:
            _log_request("fetch", "GET", status, started, sent, host=target.host)

    # Plumbing.

    def _generate_body(
        self, request: GenerateRequest, input_image_url: str | None
    ) -> dict[str, Any]:
        try:
            valid = request.validated()
        except (TypeError, ValueError, AttributeError):
            raise InputError("The request has a field of the wrong type.") from None
        if input_image_url is not None:
            checked_url(input_image_url, Term(QT_TRANSLATE_NOOP("Errors", "reference image URL")))
        elif valid.is_edit:
            raise InputError("The reference image has not been uploaded yet.")
        return valid.body(input_image_url)

    async def _call(
        self,
        method: str,
        url: str,
        *,
        endpoint: str,
        charged: bool = False,
        record: bool = False,
        lookup: bool = False,
        upload: bool = False,
        on_wire: Callable[[], None] | None = None,
        still_wanted: Callable[[], Awaitable[None]] | None = None,
        **kwargs: Any,
    ) -> Any:
        """Send one API request; return the envelope's ``data`` or raise the typed error.

        Uploads take no slot: their time is the artist's upstream bandwidth and the file's
        size, not a queue. A generate goes before every waiting poll: its job is already
        marked as sending, and a long wait there would let an app exit or a Cancel leave a
        request that was never sent looking paid.
        """
        if self._closed:
            raise _closed(endpoint)
        waited = self._http is None  # for the clients to be made, in a worker thread
        api = (await self._clients(endpoint)).api
        started = time.monotonic()
        sent: float | None = None
        status: int | None = None
        asked_wait: str | None = None
        slot = (
            contextlib.nullcontext(Trip())
            if upload
            else self._api_slots.slot(endpoint, urgent=charged)
        )
        try:
            async with slot as trip:
                if still_wanted is not None and (waited or trip.queued):
                    await still_wanted()
                self._check_open(endpoint)
                if on_wire is not None:
                    on_wire()
                sent = time.monotonic()
                async with api.stream(method, url, **kwargs) as response:
                    status = response.status_code
                    asked_wait = response.headers.get("retry-after")
                    trip.counts = response.is_success  # a 429 or 502 from the edge: no measure
                    body = await _read_capped(response, MAX_REPLY_BYTES, endpoint)
            return envelope.unwrap(
                status,
                self._without_key(body),
                charged=charged,
                record=record,
                lookup=lookup,
                upload=upload,
            )
        except MalformedReplyError as exc:
            if not charged:
                raise self._redacted(exc) from None
            # An unreadable answer to generate (one too large to read): a task may exist all
            # the same. Said as such, an answer that came back, not as one that never came
            # (explain tells them apart by the detail); what was wrong is in the log.
            raise OutcomeUnknownError(UNREADABLE, code=exc.code) from None
        except KontextError as exc:
            raise self._redacted(asking_wait(exc, asked_wait)) from None
        except (httpx.HTTPError, httpx.InvalidURL, OSError) as exc:
            raise _transport_error(
                exc,
                endpoint,
                charged=charged,
                answered=status is not None,
                by_proxy=self._by_proxy(exc, url),
            ) from exc
        finally:
            _log_request(endpoint, method, status, started, sent)

    def _by_proxy(self, exc: Exception, url: str | httpx.URL) -> bool:
        """Whether ``exc`` is a connection httpx could not make by a proxy, on the way to
        ``url``: it takes the one the system names (:func:`_proxy_named`), unless a
        transport was given, which takes the network's place and none. (Only a connection
        that failed is asked about: its address was one to connect to.)"""
        return (
            isinstance(exc, httpx.ConnectError)
            and self._transport is None
            and _proxy_named(httpx.URL(url))
        )

    def _check_open(self, endpoint: str) -> None:
        """Raise before a request goes out when the client was closed while it waited (for
        its clients to be made, or for a slot): its httpx client would refuse with a bare
        RuntimeError, after ``on_wire`` had marked a generate as sent."""
        if self._closed:
            raise _closed(endpoint)

    def _without_key(self, body: bytes) -> bytes:
        """The reply with the key cut out, in case a server echoed it back: what is logged
        of it (:mod:`~kontext_studio.kie.envelope`) never carries it."""
        return body.replace(self._key.encode(), b"***")

    def _redacted(self, exc: KontextError) -> KontextError:
        """The error with the key cut out of its text, in case a server echoed it back."""
        if self._key not in exc.message:
            return exc
        redacted = copy.copy(exc)  # the same kind, code and marks (answered, kie_said)
        redacted.message = exc.message.replace(self._key, "***")
        redacted.args = (redacted.message,)
        return redacted


# What each call was doing, in an artist's words: the endpoint's name is for the log.
_STEP_WORDS: dict[str, str] = {
    "generate": QT_TRANSLATE_NOOP("Errors", "sending the job"),
    "record-info": QT_TRANSLATE_NOOP("Errors", "checking on the job"),
    "credits": QT_TRANSLATE_NOOP("Errors", "checking the balance"),
    "download-url": QT_TRANSLATE_NOOP("Errors", "asking for a new link to the picture"),
    "file-stream-upload": QT_TRANSLATE_NOOP("Errors", "uploading the reference image"),
    "file-base64-upload": QT_TRANSLATE_NOOP("Errors", "uploading the reference image"),
    "fetch": QT_TRANSLATE_NOOP("Errors", "downloading the picture"),
}
STEP_FAILED = QT_TRANSLATE_NOOP("Errors", "{step}: {reason}")
CLOSED = QT_TRANSLATE_NOOP("Errors", "the app had already closed its connection")
CONNECTION_FAILED = QT_TRANSLATE_NOOP("Errors", "the connection failed")
TOO_LARGE = QT_TRANSLATE_NOOP("Errors", "what came back was too large")
TLS_UNREADABLE = QT_TRANSLATE_NOOP("Errors", "the certificates could not be read")
_TLS_VARIABLES = ("SSL_CERT_FILE", "SSL_CERT_DIR")  # where httpx reads certificates, in turn
BAD_ADDRESS_WORDS = QT_TRANSLATE_NOOP(
    "Errors", "{step}: the {what} cannot be used; it is set by {setting}"
)
_TRANSPORT_WORDS: tuple[tuple[type[Exception], str], ...] = (
    (httpx.ConnectTimeout, QT_TRANSLATE_NOOP("Errors", "connecting timed out")),
    (
        httpx.ConnectError,
        QT_TRANSLATE_NOOP("Errors", "no network, or the server refused the connection"),
    ),
    (httpx.ReadTimeout, QT_TRANSLATE_NOOP("Errors", "the answer timed out")),
    (httpx.WriteTimeout, QT_TRANSLATE_NOOP("Errors", "sending timed out")),
    (httpx.PoolTimeout, QT_TRANSLATE_NOOP("Errors", "too many requests waiting")),
    # The proxy answered the ask for a way to the server with a refusal (407, 403, 502).
    (httpx.ProxyError, QT_TRANSLATE_NOOP("Errors", "the proxy did not let the connection through")),
    (httpx.RemoteProtocolError, QT_TRANSLATE_NOOP("Errors", "the server cut the connection")),
    (httpx.ReadError, QT_TRANSLATE_NOOP("Errors", "the connection broke")),
    (httpx.WriteError, QT_TRANSLATE_NOOP("Errors", "the connection broke")),
)


_API_URL = (QT_TRANSLATE_NOOP("Errors", "KIE API URL"), config.KIE_URL_ENV)
_UPLOAD_URL = (QT_TRANSLATE_NOOP("Errors", "KIE upload URL"), config.KIE_UPLOAD_URL_ENV)
# The endpoints on the hosts the artist's settings name (a result's host is KIE's choice),
# with the setting's name for the artist and where it is set.
_CONFIGURED_HOST: dict[str, tuple[str, str]] = {
    "generate": _API_URL,
    "record-info": _API_URL,
    "credits": _API_URL,
    "download-url": _API_URL,
    "file-stream-upload": _UPLOAD_URL,
    "file-base64-upload": _UPLOAD_URL,
}


# Why a connection could not be made, read from the socket or TLS failure under httpx's
# ConnectError: its own words ("no network, or the server refused the connection") blamed
# the network for a certificate the computer's wrong clock, or a network inspecting secure
# connections, refused.
_NAME_NOT_FOUND = QT_TRANSLATE_NOOP(
    "Errors", "the server's name could not be looked up: no network, or a wrong address"
)
# The host of a result's link is KIE's choice, not an address the artist set.
_RESULT_HOST_NOT_FOUND = QT_TRANSLATE_NOOP(
    "Errors",
    "the name of the server holding the picture could not be looked up: no network, or "
    "KIE's link names a server that is not there",
)
_REFUSED = QT_TRANSLATE_NOOP("Errors", "the server refused the connection")
# What to do that a cause says better than its kind's words ("Check your internet
# connection"), kept with the job it stops (KontextError.hint).
_CAUSE_HINTS = {CERTIFICATE_OUT_OF_DATE: SET_THE_CLOCK}
_CERTIFICATE_REFUSED = QT_TRANSLATE_NOOP(
    "Errors",
    "the server's certificate could not be verified (a network that inspects secure "
    "connections can cause this)",
)
_NOT_SECURE = QT_TRANSLATE_NOOP("Errors", "a secure connection could not be made")
_PROXY_UNREACHED = QT_TRANSLATE_NOOP("Errors", "the proxy could not be reached")


def _connect_cause(exc: Exception, endpoint: str, *, by_proxy: bool) -> str | None:
    """The words for what under a failed connection to ``endpoint`` says why, if anything
    does. By a proxy, a name not found or a refused connection is the proxy's: the proxy
    looks up the server's name and connects to it, and says when it cannot with a refusal
    of its own (``httpx.ProxyError``); a certificate is still the server's, sent through
    the proxy. A name not found is a wrong address only on a host the artist's settings
    name (:data:`_CONFIGURED_HOST`)."""
    for item in causes(exc):
        if isinstance(item, ssl.SSLCertVerificationError):
            if item.verify_code in OUT_OF_DATE:
                return CERTIFICATE_OUT_OF_DATE
            return _CERTIFICATE_REFUSED
        if isinstance(item, ssl.SSLError):
            return _NOT_SECURE
        if by_proxy and (isinstance(item, socket.gaierror) or nothing_listening(item)):
            return _PROXY_UNREACHED
        if isinstance(item, socket.gaierror):
            return _NAME_NOT_FOUND if endpoint in _CONFIGURED_HOST else _RESULT_HOST_NOT_FOUND
        if nothing_listening(item):
            return _REFUSED
    return None


def _host_refused(exc: Exception, target: httpx.URL) -> bool:
    """Whether nothing listens at ``target``'s address on this computer
    (:func:`nothing_listening` on a loopback host, reached directly:
    :data:`DIRECT_TO_LOOPBACK`): a demo server's old port. A refusal from any other host is
    no such word: a firewall, a proxy or a VPN on the way answers so too, for a while,
    however fine the image is on KIE's storage."""
    return (
        is_loopback(target.host)
        and isinstance(exc, httpx.ConnectError)
        and any(nothing_listening(item) for item in causes(exc))
    )


def _proxy_named(url: httpx.URL) -> bool:
    """Whether the system names a proxy for ``url`` (HTTPS_PROXY or ALL_PROXY; on Windows
    and macOS its settings too), as httpx reads them, and NO_PROXY leaves its host to it.
    Never for this computer, which is reached directly (:data:`DIRECT_TO_LOOPBACK`)."""
    if is_loopback(url.host):
        return False
    proxies = urllib.request.getproxies()
    if not (proxies.get(url.scheme) or proxies.get("all")):
        return False
    return not urllib.request.proxy_bypass(url.host)


def _reason(exc: Exception, endpoint: str, *, by_proxy: bool) -> Term:
    """What went wrong on the way to ``endpoint``, in words (the exception's class name is
    for the log)."""
    if (
        isinstance(exc, httpx.ConnectError)
        and (words := _connect_cause(exc, endpoint, by_proxy=by_proxy)) is not None
    ):
        return Term(words)
    for kind, words in _TRANSPORT_WORDS:
        if isinstance(exc, kind):
            return Term(words)
    return Term(CONNECTION_FAILED)


def _step_error(cls: type[KieError], endpoint: str, reason: Term) -> KieError:
    """``cls`` saying what the call was doing and what went wrong, in words, and what to
    do when the reason says it (:data:`_CAUSE_HINTS`)."""
    error = cls.worded(STEP_FAILED, step=Term(_STEP_WORDS[endpoint]), reason=reason)
    return error.advising(_CAUSE_HINTS.get(reason, ""))


def _closed(endpoint: str) -> KieError:
    """A call after :meth:`KieClient.aclose` (a late one while the app shuts down)."""
    log.debug("call on a closed client", extra={"event": "kie.closed", "endpoint": endpoint})
    return closed_error(endpoint)


def closed_error(endpoint: str) -> KieError:
    """A call that never went out as the app closed: after :meth:`KieClient.aclose`, or a
    generate the engine's close stopped while it waited for a free connection
    (:meth:`~kontext_studio.jobs.engine.JobEngine.aclose`), in the same words."""
    return _step_error(NetworkError, endpoint, Term(CLOSED))


def _tls_setup_error(exc: Exception, endpoint: str) -> KieError:
    """The TLS context could not be made: before any connection, so nothing was sent. Logged
    at WARNING with the variable httpx read the certificates from (none: certifi's bundle),
    as nothing else would tell support why."""
    log.warning(
        "TLS context cannot be made",
        extra={
            "event": "kie.tls_setup_failed",
            "endpoint": endpoint,
            "error": type(exc).__name__,
            "reason": str(exc),
            "variable": next((name for name in _TLS_VARIABLES if os.environ.get(name)), ""),
        },
    )
    return _step_error(TlsSetupError, endpoint, Term(TLS_UNREADABLE))


def _transport_error(
    exc: Exception, endpoint: str, *, charged: bool, answered: bool, by_proxy: bool
) -> KieError:
    """Map an httpx failure by whether the request can have reached the server (``by_proxy``:
    it went by a proxy, :func:`_connect_cause`). ``answered``: the reply's status had come,
    its body was cut: KIE was reached (:class:`ReplyCutError`), but a generate's outcome is
    unknown all the same."""
    log.debug(
        "transport error",
        extra={"event": "kie.transport_error", "endpoint": endpoint, "error": type(exc).__name__},
    )
    if isinstance(exc, BAD_ADDRESS) and endpoint in _CONFIGURED_HOST:
        what, setting = _CONFIGURED_HOST[endpoint]
        return KieAddressError.worded(
            BAD_ADDRESS_WORDS, step=Term(_STEP_WORDS[endpoint]), what=Term(what), setting=setting
        )
    if isinstance(exc, NO_CONNECTION):
        return _step_error(UnreachableError, endpoint, _reason(exc, endpoint, by_proxy=by_proxy))
    sent = charged and not isinstance(exc, NEVER_SENT)
    kind = OutcomeUnknownError if sent else ReplyCutError if answered else NetworkError
    return _step_error(kind, endpoint, _reason(exc, endpoint, by_proxy=by_proxy))


# What the public storage of a result said, in words (its status is in the request's log).
_FETCH_LIMITED = QT_TRANSLATE_NOOP("Errors", "the server holding the picture asks to wait")
_FETCH_BROKEN = QT_TRANSLATE_NOOP("Errors", "the server holding the picture had a problem")
_FETCH_REFUSED = QT_TRANSLATE_NOOP("Errors", "the server holding the picture refused to send it")


BAD_LINK = QT_TRANSLATE_NOOP("Errors", "the link KIE gave to the picture is not an https address")


def _result_link(url: str) -> httpx.URL:
    """A result's link as KIE gave it, checked as :func:`checked_url` checks an address: one
    that is not a web address, or plain http to another computer, is not the artist's input
    to correct but KIE's reply that cannot be used."""
    try:
        return checked_url(url, Term(QT_TRANSLATE_NOOP("Errors", "result URL")))
    except InputError:
        log.info("unusable result link", extra={"event": "kie.bad_link"})
        raise MalformedReplyError(BAD_LINK) from None


RETRY_AFTER_MAX_S = 24 * 3600.0
"""The longest ``Retry-After`` taken from a reply: a number of seconds beyond it reads as
it (asking longer never waits less), a date further ahead is left out (a wrong clock's)."""


def asking_wait(error: KontextError, header: str | None) -> KontextError:
    """``error`` with the wait a 429's ``Retry-After`` ``header`` asked for
    (:attr:`RateLimitedError.retry_after_s`): seconds, or an HTTP date, measured from now.
    One unreadable, or a date gone by or more than :data:`RETRY_AFTER_MAX_S` ahead, is left
    out: the engine keeps its own schedule then."""
    if isinstance(error, RateLimitedError) and header:
        error.retry_after_s = _retry_after_s(header.strip(), time.time())
    return error


def _retry_after_s(value: str, now: float) -> float | None:
    """``Retry-After``'s wait in seconds from ``now`` (RFC 9110: ASCII digits, or an HTTP
    date, in GMT: one that names no zone, ``-0000``, is read as GMT too, not local time);
    None for one unreadable or out of bounds (:func:`asking_wait`). Only ASCII digits:
    ``str.isdigit`` takes "²" too, which ``float`` cannot read, and its ValueError escaped
    the client as a crash of the job."""
    if value.isascii() and value.isdigit():
        return min(float(value), RETRY_AFTER_MAX_S)
    try:
        when = parsedate_to_datetime(value)
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = when.timestamp() - now
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return seconds if 0.0 <= seconds <= RETRY_AFTER_MAX_S else None


def _fetch_error(status: int) -> KieError:
    if status in EXPIRED_STATUSES:
        return ExpiredResultError(code=status)
    if status == RateLimitedError.CODE:
        return RateLimitedError(_FETCH_LIMITED, code=status)
    if status >= 500:
        return ServerError(_FETCH_BROKEN, code=status)
    return KieError(_FETCH_REFUSED, code=status)


async def _read_capped(response: httpx.Response, max_bytes: int, endpoint: str) -> bytes:
    """The body, read in chunks and abandoned as soon as it passes ``max_bytes``."""
    declared = envelope.as_int(response.headers.get("content-length"))
    if declared is not None and declared > max_bytes:
        raise _too_large(endpoint, declared, max_bytes)
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise _too_large(endpoint, size, max_bytes)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(endpoint: str, size: int, max_bytes: int) -> MalformedReplyError:
    log.info(
        "reply too large",
        extra={"event": "kie.too_large", "endpoint": endpoint, "size": size, "limit": max_bytes},
    )
    return MalformedReplyError(TOO_LARGE)


def _check_upload_fields(upload_path: str, file_name: str) -> None:
    if not isinstance(upload_path, str) or not upload_path.strip():
        raise InputError("The upload needs a folder (uploadPath).")
    if not isinstance(file_name, str) or not file_name.strip() or "/" in file_name:
        raise InputError("The upload needs a plain file name.")


def _open_for_upload(path: Path) -> BinaryIO:
    """Open a file for reading; a missing or unreadable file is :class:`InputError`."""
    try:
        return path.open("rb")
    except OSError as exc:
        log.info("upload file unreadable", extra={"event": "kie.unreadable", "error": exc.strerror})
        raise _unopenable(path) from None


def _unopenable(path: Path) -> InputError:
    return InputError.worded(
        QT_TRANSLATE_NOOP("Errors", "The reference image {name} cannot be opened."),
        name=path.name,
    )


def _opened_with_size(path: Path) -> tuple[BinaryIO, int]:
    """The file open for reading, and its size then: the upload's Content-Length."""
    handle = _open_for_upload(path)
    try:
        return handle, os.fstat(handle.fileno()).st_size
    except OSError:
        handle.close()
        raise _unopenable(path) from None


async def _open_in_thread(path: Path) -> tuple[BinaryIO, int]:
    """The file opened in a worker thread. Cancelled meanwhile (its job was), the caller
    leaves at once, not after the share answers; the file, once open, is closed then, in a
    worker thread too, rather than left to the garbage collector."""
    opening = asyncio.ensure_future(asyncio.to_thread(_opened_with_size, path))
    try:
        return await asyncio.shield(opening)
    except asyncio.CancelledError:
        opening.add_done_callback(_close_unwanted)
        raise


def _close_unwanted(opening: asyncio.Future[tuple[BinaryIO, int]]) -> None:
    if opening.cancelled() or opening.exception() is not None:
        return
    handle, _ = opening.result()
    _close_later(handle)


@contextlib.asynccontextmanager
async def _closed_in_thread(handle: BinaryIO) -> AsyncIterator[None]:
    """Close ``handle`` in a worker thread on the way out. Left on a cancel, not waited for:
    the close waits for a read under way, which a share slow to answer may hold, and the
    cancel (the app's close waits for it) would wait as long."""
    cancelled = False
    try:
        yield
    except asyncio.CancelledError:
        cancelled = True
        raise
    finally:
        closing = _close_later(handle)
        if not cancelled:
            await closing


def _close_later(handle: BinaryIO) -> asyncio.Future[None]:
    return asyncio.get_running_loop().run_in_executor(None, _close_quietly, handle)


def _close_quietly(handle: BinaryIO) -> None:
    """Close a file only read from: nothing of it can be lost, so a share that is gone by
    then is no reason to fail an upload that went through."""
    with contextlib.suppress(OSError):
        handle.close()


UPLOAD_CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class _UploadForm:
    """The multipart/form-data body of a stream upload: text fields, then the file, whose
    ``size`` bytes go between ``head`` and ``tail`` as they are read."""

    content_type: str
    head: bytes
    tail: bytes
    size: int

    @classmethod
    def framing(cls, fields: dict[str, str], file: tuple[str, str, int]) -> _UploadForm:
        """The framing httpx itself gives these fields and a file (name, type, size): its
        boundary and its quoting of names, taken from a form whose file is empty. The file
        is last, so its bytes go just before the closing boundary."""
        name, mime, size = file
        empty = httpx.Request(
            "POST", "https://form.invalid", data=fields, files={"file": (name, b"", mime)}
        )
        content_type = empty.headers["Content-Type"]
        boundary = content_type.partition("boundary=")[2].encode("ascii")
        tail = b"\r\n--" + boundary + b"--\r\n"
        return cls(content_type, empty.read().removesuffix(tail), tail, size)

    def headers(self) -> dict[str, str]:
        length = len(self.head) + self.size + len(self.tail)
        return {"Content-Type": self.content_type, "Content-Length": str(length)}

    async def body(self, handle: BinaryIO, name: str) -> AsyncIterator[bytes]:
        """The body, the file read in a worker thread piece by piece. A file whose size
        changed since it was opened (another program rewrote it) no longer matches the
        Content-Length sent: the upload stops, in words, before the connection refuses."""
        yield self.head
        left = self.size
        while chunk := await _read_piece(handle, name):
            left -= len(chunk)
            if left < 0:
                raise _changed_while_sent(name)
            yield chunk
        if left:
            raise _changed_while_sent(name)
        yield self.tail


async def _read_piece(handle: BinaryIO, name: str) -> bytes:
    """The file's next piece, read in a worker thread. A read that fails (a share gone, a
    bad disk) is the file's trouble, said so: the client's transport errors would blame
    the connection to KIE."""
    try:
        return await asyncio.to_thread(handle.read, UPLOAD_CHUNK_BYTES)
    except OSError as exc:
        log.info("upload file unreadable", extra={"event": "kie.unreadable", "error": exc.strerror})
        raise ImageUnreadableError.worded(
            QT_TRANSLATE_NOOP(
                "Errors", "The reference image {name} could not be read while it was being sent."
            ),
            name=name,
        ) from None


def _changed_while_sent(name: str) -> InputError:
    log.info("upload file changed", extra={"event": "kie.upload_file_changed"})
    return InputError.worded(
        QT_TRANSLATE_NOOP("Errors", "The reference image {name} changed while it was being sent."),
        name=name,
    )


def _log_request(
    endpoint: str,
    method: str,
    status: int | None,
    started: float,
    sent: float | None,
    *,
    host: str = "",
) -> None:
    """``duration_ms`` is the request's own time, from when it got a slot (``sent``);
    ``slot_wait_ms`` the time before, waiting for one (all of it when it never got one)."""
    now = time.monotonic()
    got_slot = now if sent is None else sent
    extra: dict[str, Any] = {
        "event": "kie.request",
        "endpoint": endpoint,
        "method": method,
        "status": status,
        "duration_ms": round((now - got_slot) * 1000, 1),
        "slot_wait_ms": round((got_slot - started) * 1000, 1),
    }
    if host:
        extra["host"] = host
    log.debug("%s %s -> %s", method, endpoint, status, extra=extra)
