"""What went wrong while publishing, in the app's errors and in words: :func:`map_error`.

Every boto3, botocore and file error a publish meets is turned into the app's typed errors
here, at the edge, and nowhere else: R2's refusals (the keys, the bucket, an expired request,
this computer's clock, R2's own trouble), a network that does not reach the endpoint, a file
gone or unreadable, and an answer R2 does not send (a proxy or a sign-in page in the way).
Class names, codes and statuses go to the log; the words name the bucket, the host or the
file, never a credential.
"""

from __future__ import annotations

import contextlib
import logging
import re
import socket
import ssl
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, TypeVar

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    HTTPClientError,
    ProxyConnectionError,
    ReadTimeoutError,
    SSLError,
)
from botocore.exceptions import ConnectionError as BotoConnectionError

from kontext_studio.errors import (
    Every,
    ImageMissingError,
    ImageUnreadableError,
    KontextError,
    PublishAuthError,
    PublishBucketError,
    PublishClockError,
    PublishError,
    PublishExpiredError,
    PublishNetworkError,
    PublishServiceError,
    Term,
)
from kontext_studio.i18n import QT_TRANSLATE_NOOP
from kontext_studio.network_causes import (
    OTHER_NAME,
    causes,
    no_such_host,
    nothing_listening,
)
from kontext_studio.publish.r2_config import ENVIRONMENT_HINT, R2Config

log = logging.getLogger(__name__)

# S3's answer to a request signed at a time too far from its own (with RequestTime and
# ServerTime in the body): it names the clock and nothing else.
_SKEW_CODE = "RequestTimeTooSkewed"
# Answers that say a signature or request has expired: R2's ExpiredRequest (its error codes
# page: "Presigned URL or request signature has expired"), RequestExpired of other
# S3-compatible stores, and a refusal under an auth code whose message names the time
# ("Signature expired: ... is now earlier than ...", "Signature not yet current"). An expired
# presigned link, token or key says the same words, so they are put down to the clock only
# when the answer's Date shows this computer's clock off (:data:`CLOCK_TOLERANCE_S`).
_EXPIRED_CODES = frozenset({"ExpiredRequest", "RequestExpired"})
_CLOCK_MESSAGE = re.compile(
    r"skew|clock|expired|not yet (?:current|valid)|(?:request|server|current) time"
    r"|earlier than|later than|too (?:old|far|late|early)",
    re.IGNORECASE,
)
CLOCK_TOLERANCE_S = 5 * 60
"""A refusal (403) from a server whose ``Date`` is further than this from this computer's
clock is put down to the clock: AWS's tightest signature window is 5 minutes, S3's 15. A HEAD
(the first request of a publish) is refused with no body, so the header is all there is."""
_MINUTE, _HOUR, _DAY = 60, 3600, 86_400
# (seconds in the unit, words when the clock is behind, words when it is ahead)
_OFFSET_WORDS: tuple[tuple[int, str, str], ...] = (
    (
        _DAY,
        QT_TRANSLATE_NOOP("Errors", "about {count} days behind"),
        QT_TRANSLATE_NOOP("Errors", "about {count} days ahead"),
    ),
    (
        _HOUR,
        QT_TRANSLATE_NOOP("Errors", "about {count} h behind"),
        QT_TRANSLATE_NOOP("Errors", "about {count} h ahead"),
    ),
    (
        _MINUTE,
        QT_TRANSLATE_NOOP("Errors", "about {count} min behind"),
        QT_TRANSLATE_NOOP("Errors", "about {count} min ahead"),
    ),
)
_AUTH_CODES = frozenset(
    {
        "InvalidAccessKeyId",
        "SignatureDoesNotMatch",
        "AccessDenied",
        "Forbidden",
        "Unauthorized",
        "403",
    }
)
_AUTH_STATUSES = (401, 403)
"""R2 answers keys it does not take at all (missing, unknown, expired) with 401 Unauthorized
(its error codes page: 10002), keys that do not reach the bucket with 403. A HEAD's answer
has no body: only its status tells."""
# With the clock right, what says the request itself expired: :data:`_EXPIRED_CODES`, S3's
# ExpiredToken (a temporary token past its end), and an auth code whose message says the
# request or its signature expired (S3's AccessDenied "Request has expired", "Signature
# expired: ..."). A key or token said to have expired under an auth code ("The access key
# has expired") is the keys'.
_EXPIRED_TOKEN_CODE = "ExpiredToken"
_REQUEST_EXPIRED = re.compile(r"\b(?:request|signature)\b[^.]*\bexpired\b", re.IGNORECASE)
# R2's throttling, past its rate or bandwidth limit (its code then is ServiceUnavailable, as
# for S3's 503 SlowDown): R2's own trouble, over once a request goes through, not a refusal
# of the one object.
_THROTTLED = 429
# What to do about R2's own trouble (a 5xx, its throttling): it passes by itself. The
# kind's "Check the R2 settings and retry" sent the artist changing settings that were right.
_WAIT_HINT = QT_TRANSLATE_NOOP("Errors", "This passes by itself: wait a few minutes, then retry.")


def _client_error(error: ClientError, bucket: str) -> PublishError:
    """R2's refusal in words; its code, status and the operation go to the log only."""
    code = str(error.response.get("Error", {}).get("Code", ""))
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    log.info(
        "R2 refused a request",
        extra={
            "event": "publish_refused",
            "code": code,
            "status": status,
            "operation": error.operation_name,
        },
    )
    if (clock := _clock_error(error.response, code, status)) is not None:
        return clock
    if _request_expired(code, str(error.response.get("Error", {}).get("Message", ""))):
        return PublishExpiredError()
    if code in _AUTH_CODES or status in _AUTH_STATUSES:
        return PublishAuthError.worded(
            QT_TRANSLATE_NOOP("Errors", "they do not give access to bucket '{bucket}'"),
            bucket=bucket,
        )
    if code == "NoSuchBucket" or (status == 404 and error.operation_name == "HeadBucket"):
        return PublishBucketError.worded(
            QT_TRANSLATE_NOOP("Errors", "bucket '{bucket}' does not exist"), bucket=bucket
        )
    if isinstance(status, int) and status >= 500:
        return PublishServiceError(
            QT_TRANSLATE_NOOP("Errors", "R2 had a problem on its side")
        ).advising(_WAIT_HINT)
    if status == _THROTTLED:
        return PublishServiceError(
            QT_TRANSLATE_NOOP("Errors", "R2 asked to slow down: too many requests for now")
        ).advising(_WAIT_HINT)
    return PublishError(QT_TRANSLATE_NOOP("Errors", "R2 refused the request"))


def _clock_error(response: Mapping[str, Any], code: str, status: object) -> PublishError | None:
    """The refusal in words when this computer's clock is what made it; None otherwise.

    Only S3's RequestTimeTooSkewed says so by itself. An answer that a signature expired
    (:data:`_EXPIRED_CODES`, :data:`_CLOCK_MESSAGE`), or any 403, is the clock's only when
    the server's time shows the clock off: an expired token or key is not."""
    offset = _clock_offset(response)
    if code == _SKEW_CODE:
        return _clock_words(offset)
    message = str(response.get("Error", {}).get("Message", ""))
    expired = code in _EXPIRED_CODES or (
        status in (400, 403) and code in _AUTH_CODES and bool(_CLOCK_MESSAGE.search(message))
    )
    skewed = offset is not None and abs(offset) >= CLOCK_TOLERANCE_S
    if skewed and (expired or status == 403):
        return _clock_words(offset)
    return None


def _request_expired(code: str, message: str) -> bool:
    """Whether R2 refused the request as expired (:data:`_REQUEST_EXPIRED`); asked once the
    clock is known to be right, so it is not the clock's."""
    if code in _EXPIRED_CODES or code == _EXPIRED_TOKEN_CODE:
        return True
    return code in _AUTH_CODES and bool(_REQUEST_EXPIRED.search(message))


def _clock_words(offset: float | None) -> PublishClockError:
    """How far the clock is off, in words, when ``offset`` tells it."""
    if offset is None or abs(offset) < _MINUTE:
        return PublishClockError(
            QT_TRANSLATE_NOOP("Errors", "R2 said the time of the request is too far from its own")
        )
    # The largest unit that fits ("about 2 h" from 1 h 54 min); the last, minutes, takes any.
    unit, behind, ahead = next(
        words for words in _OFFSET_WORDS if abs(offset) >= 1.9 * words[0] or words[0] == _MINUTE
    )
    return PublishClockError.worded(
        ahead if offset > 0 else behind, count=round(abs(offset) / unit)
    )


def _clock_offset(response: Mapping[str, Any]) -> float | None:
    """How many seconds this computer's clock is ahead of the server's (negative: behind):
    from the request time and server time S3 puts in a RequestTimeTooSkewed body, else from
    the answer's ``Date`` header against the clock now; None when neither can be read."""
    error = response.get("Error", {})
    requested = _moment(str(error.get("RequestTime", "")))
    served = _moment(str(error.get("ServerTime", "")))
    if requested is not None and served is not None:
        return requested - served
    headers = response.get("ResponseMetadata", {}).get("HTTPHeaders", {})
    served = _moment(str(headers.get("date", "")))
    return None if served is None else time.time() - served


def _moment(text: str) -> float | None:
    """A timestamp written the ways S3 writes them (``20150604T232559Z``, ISO 8601, the HTTP
    date); None for anything else."""
    text = text.strip()
    if not text:
        return None
    with contextlib.suppress(ValueError):
        return datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).timestamp()
    with contextlib.suppress(ValueError):
        moment = datetime.fromisoformat(text)
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()
    with contextlib.suppress(ValueError, TypeError, IndexError):
        return parsedate_to_datetime(text).timestamp()
    return None


def _send_timed_out(error: BaseException) -> bool:
    """A send of the request got nowhere within its time-out: the server (or the way to it)
    took no more. urllib3 says the connection was aborted, botocore that it was closed;
    neither end closed it."""
    return isinstance(error, TimeoutError)


# What went wrong on the way, in words (the class name is for the log), the most specific
# first; the two bases last catch anything else, such as a reset while sending. A row with a
# test of the cause asks the system's own answer under botocore's error (the first OSError
# in the chain): no such host, or nothing listening, is the endpoint's spelling or port, not
# the network, beside the "Open Settings" the publish then offers (:func:`_endpoint_suspect`).
_NETWORK_WORDS: tuple[
    tuple[type[BotoCoreError], Callable[[BaseException], bool] | None, str], ...
] = (
    (ConnectTimeoutError, None, QT_TRANSLATE_NOOP("Errors", "connecting timed out")),
    (ReadTimeoutError, None, QT_TRANSLATE_NOOP("Errors", "the answer timed out")),
    (SSLError, None, QT_TRANSLATE_NOOP("Errors", "a secure connection could not be made")),
    (ProxyConnectionError, None, QT_TRANSLATE_NOOP("Errors", "the proxy could not be reached")),
    (
        EndpointConnectionError,
        no_such_host,
        QT_TRANSLATE_NOOP("Errors", "no server has that name: check the endpoint's spelling"),
    ),
    (
        EndpointConnectionError,
        nothing_listening,
        QT_TRANSLATE_NOOP("Errors", "nothing answered at that address"),
    ),
    (
        EndpointConnectionError,
        None,
        QT_TRANSLATE_NOOP("Errors", "no connection: no network, or the server refused it"),
    ),
    (ConnectionClosedError, _send_timed_out, QT_TRANSLATE_NOOP("Errors", "sending timed out")),
    (ConnectionClosedError, None, QT_TRANSLATE_NOOP("Errors", "the server cut the connection")),
    (BotoConnectionError, None, QT_TRANSLATE_NOOP("Errors", "the connection broke")),
    (HTTPClientError, None, QT_TRANSLATE_NOOP("Errors", "the connection broke")),
)


def _endpoint_suspect(chain: list[BaseException]) -> bool:
    """Whether the socket or TLS failure in ``chain`` (a network error and its causes) says
    the endpoint as set is wrong rather than the network
    (:attr:`~kontext_studio.errors.PublishNetworkError.endpoint_suspect`)."""
    for item in chain:
        if isinstance(item, socket.gaierror | ConnectionRefusedError):
            return no_such_host(item) or nothing_listening(item)
        if isinstance(item, ssl.SSLCertVerificationError):
            return item.verify_code in OTHER_NAME
    return False


def _network_reason(chain: list[BaseException]) -> Term | None:
    """Why the endpoint could not be reached, in words, when ``chain[0]`` (an error, then
    its causes) is botocore's network error; None for other errors."""
    error, causes = chain[0], chain[1:]
    cause = next((item for item in causes if isinstance(item, OSError)), None)
    for kind, test, words in _NETWORK_WORDS:
        if isinstance(error, kind) and (test is None or (cause is not None and test(cause))):
            return Term(words)
    return None


# What to do about a value R2 refused that an environment variable set, beside another
# value (Settings', the network): correct the variable, which is read as Kontext Studio
# starts ("start it again": the window, or the command run again, the CLI's words too;
# ENVIRONMENT_HINT when the variables alone are at fault). Settings shows such a value
# read-only, and the kinds' words sent the artist there ("Check the bucket name in Settings.").
_NETWORK_ENVIRONMENT_HINT = QT_TRANSLATE_NOOP(
    "Errors",
    "Check the network, and {variables} in the environment; after changing the environment, "
    "start Kontext Studio again, which reads the environment only as it starts.",
)
_SECRET_IN_SETTINGS_HINT = QT_TRANSLATE_NOOP(
    "Errors",
    "Check the secret access key in Settings, and {variables} in the environment; after "
    "changing the environment, start Kontext Studio again, which reads the environment only as "
    "it starts.",
)
_KEY_ID_IN_SETTINGS_HINT = QT_TRANSLATE_NOOP(
    "Errors",
    "Check the access key ID in Settings, and {variables} in the environment; after changing "
    "the environment, start Kontext Studio again, which reads the environment only as it starts.",
)
_KEYS = ("access_key_id", "secret_access_key")
Named = TypeVar("Named", bound=PublishError)


def _where_to_correct(error: KontextError, config: R2Config) -> KontextError:
    """``error``, advising to correct the variables that set what R2 refused (the bucket,
    the keys) or the endpoint not reached, when ``config`` took it from the environment; as
    it is otherwise, or when it knows what to do already. What the variables alone set is
    marked so (:attr:`~kontext_studio.errors.PublishError.environment_only`): Settings
    cannot put it right."""
    variables = config.variables
    if error.hint:
        return error
    if isinstance(error, PublishBucketError) and "bucket" in variables:
        return _naming(error, [variables["bucket"]]).correcting_environment(ENVIRONMENT_HINT)
    if isinstance(error, PublishNetworkError) and "endpoint" in variables:
        error = _naming(error, [variables["endpoint"]])
        return error.correcting_environment(_NETWORK_ENVIRONMENT_HINT)
    if not isinstance(error, PublishAuthError):
        return error
    named = [variables[name] for name in _KEYS if name in variables]
    if len(named) == len(_KEYS):
        return _naming(error, named).correcting_environment(ENVIRONMENT_HINT)
    if "access_key_id" in variables:
        return _naming(error, named).advising(_SECRET_IN_SETTINGS_HINT)
    if named:
        return _naming(error, named).advising(_KEY_ID_IN_SETTINGS_HINT)
    return error


def _naming(error: Named, variables: list[str]) -> Named:
    """``error``, the ``{variables}`` of its hint filled with ``variables``."""
    error.values = {**error.values, "variables": Every(variables)}
    return error


def map_error(error: BaseException, *, config: R2Config, path: Path | None = None) -> KontextError:
    """The one translation from boto3, botocore and file errors to the app's errors, in
    words: a class name (``ResponseParserError``, ``KeyError``) goes to the log, never into
    what the artist reads. Messages name the bucket, host or file, never a credential.
    What R2 refused of a value the environment sets is said to be corrected there
    (:func:`_where_to_correct`)."""
    return _where_to_correct(_mapped(error, config, path), config)


def _mapped(error: BaseException, config: R2Config, path: Path | None) -> KontextError:
    chain = list(causes(error))
    for index, item in enumerate(chain):
        if isinstance(item, KontextError):
            return item
        if isinstance(item, ClientError):
            return _client_error(item, config.bucket)
        if (words := _network_reason(chain[index:])) is not None:
            unreached = PublishNetworkError.worded(
                QT_TRANSLATE_NOOP("Errors", "cannot reach {host} ({reason})"),
                host=config.host,
                reason=words,
            )
            unreached.endpoint_suspect = _endpoint_suspect(chain[index:])
            unreached.sent_nothing = bool(getattr(item, _UNSENT, False))
            return unreached
        if isinstance(item, OSError) and path is not None:
            # Gone since the library saved it (moved or deleted outside the app), or there
            # and not readable (no permission): nothing was written, where the words of a
            # StorageError ("could not be written, free disk space") misled.
            gone = isinstance(item, FileNotFoundError)
            cls = ImageMissingError if gone else ImageUnreadableError
            return cls.worded(
                QT_TRANSLATE_NOOP("Errors", "cannot read {path}: {reason}"),
                path=str(path),
                reason=item.strerror or Term(QT_TRANSLATE_NOOP("Errors", "the system refused")),
            )
    log.warning(
        "unexpected error while talking to R2",
        exc_info=error,
        extra={"event": "publish_unexpected", "error": [type(item).__name__ for item in chain]},
    )
    if any(_unreadable_answer(item) for item in chain):
        return PublishServiceError.worded(
            QT_TRANSLATE_NOOP(
                "Errors",
                "{host} sent an answer that R2 does not send (is a proxy or a sign-in page "
                "in the way?)",
            ),
            host=config.host,
        )
    if any(isinstance(item, BotoCoreError) for item in chain):
        return PublishError.worded(
            QT_TRANSLATE_NOOP("Errors", "the request to {host} could not be made"),
            host=config.host,
        )
    return PublishError(
        QT_TRANSLATE_NOOP("Errors", "an unexpected error stopped it; the log has the details")
    )


def sent_too_slowly(error: BaseException, config: R2Config, path: Path) -> PublishError | None:
    """The failure of an image's upload that R2 answered a request of, before it, when its
    body got no answer in time (a read time-out, every try's): a file too large for the
    uplink to push out before the answer's time-out, not a network that is gone, which
    refuses the connection of the last try instead. Said as that file's failure, so a batch
    goes on to the files after it; None for any other failure (:func:`map_error`'s)."""
    for item in causes(error):
        if isinstance(item, ReadTimeoutError):
            return PublishError.worded(
                QT_TRANSLATE_NOOP(
                    "Errors",
                    "{host} answered, but sending {name} timed out: the connection may be "
                    "too slow for a file this size",
                ),
                host=config.host,
                name=path.name,
            ).advising(_SLOW_HINT)
        if isinstance(item, KontextError | ClientError | BotoCoreError):
            return None
    return None


_SLOW_HINT = QT_TRANSLATE_NOOP("Errors", "Publish it again later, or over a faster connection.")


def stored_nothing(error: BaseException) -> bool:
    """Whether an upload that raised ``error`` certainly left no object behind: R2 refused
    it (a 4xx: no such bucket, no access, a wrong clock), every try before refused too, or
    its file could not be read. After a 5xx, a timeout or a broken connection the object
    may be there, and so it may after a refusal that came on a retry of such a try
    (:func:`refused_on_a_retry`)."""
    for item in causes(error):
        if isinstance(item, ClientError):
            return _refused(item) and not _retried(item)
        if isinstance(item, FileNotFoundError | PermissionError | IsADirectoryError):
            return True
    return False


def refused_on_a_retry(error: BaseException) -> bool:
    """Whether an upload that raised ``error`` was refused (a 4xx, R2's throttling among
    them) on a retry after a try that went unanswered: that try may have stored the object
    and lost its answer (timed out), so only a look at the bucket tells whether it is
    there. R2 answers then, so the look waits on no silent server."""
    for item in causes(error):
        if isinstance(item, ClientError):
            return _refused(item) and _retried(item)
    return False


def _refused(error: ClientError) -> bool:
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    return isinstance(status, int) and 400 <= status < 500


_UNANSWERED = "KontextUnansweredBefore"
"""Set by :func:`note_unanswered_tries` in a request's context once a try of it went
unanswered, and in the metadata of every answer after that."""


def note_unanswered_tries(
    response: tuple[Any, Mapping[str, Any]] | None,
    caught_exception: BaseException | None,
    request_dict: dict[str, Any],
    **_: Any,
) -> None:
    """A ``needs-retry`` hook, told of every try of a request: an answer that came after a
    try R2 may have carried out without a word (no answer, or one of its own trouble, a 5xx)
    says so in its metadata (:func:`_retried`). Not a try turned away (a 429): the refusal
    of a retry after such tries alone leaves nothing that a look must find."""
    context = request_dict.setdefault("context", {})
    status = response[0].status_code if response is not None else None
    if caught_exception is not None or (status is not None and status >= 500):
        context[_UNANSWERED] = True
    elif response is not None and context.get(_UNANSWERED):
        metadata = response[1].get("ResponseMetadata")
        if isinstance(metadata, dict):
            metadata[_UNANSWERED] = True


_UNSENT = "kontext_sent_nothing"
"""Set by :func:`note_unsent_tries` on botocore's error of a try that connected to nothing,
when no try before it did either."""
_SENT = "KontextSentBefore"
"""Set by :func:`note_unsent_tries` in a request's context once a try of it may have
reached the endpoint."""
_UNCONNECTED = (EndpointConnectionError, ConnectTimeoutError)
"""botocore's errors of a try that made no connection (urllib3's ``NewConnectionError``, a
name not found, a connect time-out): its request never left this computer. Not a proxy's
(it may have failed past the proxy), nor TLS's but for a certificate of another name
(:func:`_unsent`)."""


def _unsent(error: BaseException | None) -> bool:
    """Whether the try that failed with ``error`` sent nothing to the endpoint: it made no
    connection (:data:`_UNCONNECTED`), or the endpoint as set is wrong
    (:func:`_endpoint_suspect`: a certificate of another name fails before the request)."""
    if isinstance(error, _UNCONNECTED):
        return True
    return isinstance(error, SSLError) and _endpoint_suspect(list(causes(error)))


def note_unsent_tries(
    caught_exception: BaseException | None, request_dict: dict[str, Any], **_: Any
) -> None:
    """A ``needs-retry`` hook, told of every try of a request: the error of a try that sent
    nothing (:func:`_unsent`), every try before it alike, is marked so
    (:attr:`PublishNetworkError.sent_nothing <kontext_studio.errors.PublishNetworkError>`). The
    last try's error is the one raised: one unmarked, a try before may have been carried
    out (a time-out, a cut connection) where a later one found the network gone, or the
    connection refused."""
    context = request_dict.setdefault("context", {})
    if _unsent(caught_exception) and not context.get(_SENT):
        setattr(caught_exception, _UNSENT, True)
    else:
        context[_SENT] = True


def _retried(error: ClientError) -> bool:
    """Whether botocore tried the request before this answer, and a try went unanswered
    (:func:`note_unanswered_tries`)."""
    return bool(error.response.get("ResponseMetadata", {}).get(_UNANSWERED))


def _unreadable_answer(error: BaseException) -> bool:
    """botocore could not parse the answer, or the answer lacked or garbled what boto3 and
    the publisher read from it (an ``UploadId``, a ``Content-Length``, a date): a 200 from a
    captive portal or a proxy's page where R2's XML or headers should be."""
    from botocore.parsers import ResponseParserError  # loaded with the client already

    return isinstance(error, ResponseParserError | LookupError | ValueError | TypeError)
