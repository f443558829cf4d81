"""Turn KIE's replies into values or typed errors (see kie-api.md, "Envelope codes").

Functions over a status code and the raw body bytes, so every branch is testable without a
network. What was wrong with a reply goes to the log; the error says it in an artist's words.
The one rule: anything that is not exactly what the contract promises becomes a
:class:`~kontext_studio.errors.KontextError` subclass, never a ``KeyError`` or ``ValueError``.

``charged=True`` marks the reply of ``generate``, the one call that may cost credits: a garbled
answer there means a task may or may not exist, so it becomes :class:`OutcomeUnknownError`
instead of :class:`MalformedReplyError` and the job is never sent again automatically.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kontext_studio.errors import (
    EMPTY_RECORD,
    NO_TASK_ID,
    SERVER_TROUBLE,
    UNREADABLE,
    AuthError,
    ContentPolicyError,
    CreditsError,
    EmptyRecordError,
    FeatureDisabledError,
    GenerationFailedError,
    KieError,
    MaintenanceError,
    MalformedReplyError,
    NotFoundError,
    OutcomeUnknownError,
    RateLimitedError,
    ServerError,
    UpstreamTimeoutError,
    ValidationError,
)
from kontext_studio.i18n import QT_TRANSLATE_NOOP
from kontext_studio.kie.models import SuccessFlag, TaskRecord, UploadedFile, parse_timestamp
from kontext_studio.logs import PROMPT_LOG_CHARS

log = logging.getLogger(__name__)

MSG_LIMIT = 300
MAX_TASK_ID_CHARS = 256
_INT_LIMIT = 10**12

CODE_ERRORS: Mapping[int, type[KieError]] = {
    400: ContentPolicyError,
    AuthError.CODE: AuthError,
    CreditsError.CODE: CreditsError,
    404: NotFoundError,
    UpstreamTimeoutError.CODE: UpstreamTimeoutError,
    422: ValidationError,
    RateLimitedError.CODE: RateLimitedError,
    MaintenanceError.CODE: MaintenanceError,
    ServerError.CODE: ServerError,
    501: GenerationFailedError,
    505: FeatureDisabledError,
}
RECORD_NOT_FOUND_CODES = frozenset({404, 422})
CONTENT_POLICY_CODE = 400
"""KIE's content-policy refusal: so documented in a task's ``errorCode`` and a callback (and
taken so in an envelope of the API's own calls), never as a bare HTTP status nor from the
upload service, where it is a refusal of the upload (kie-api.md, "Envelope codes")."""

REQUEST_TIMEOUT = 408
"""A bare HTTP 408 "Request Timeout" is a server's or gateway's page (KIE's "no result for
over 10 minutes" is its envelope's code): it gave up on a request it may have passed on
whole, so it is read as a bare 5xx is (:func:`server_trouble`)."""
VALIDATION_CODE = 422
BARE_SAYS_NOTHING = frozenset({CONTENT_POLICY_CODE, VALIDATION_CODE})
"""Codes that are KIE's word on the job's prompt, image or request only in its envelope (a
content policy, its checks of the request): the same bare HTTP status is a gateway's page,
which says nothing of them, so a job it stopped is not taken for one refused as it was
sent, which only a new job replaces (:func:`~kontext_studio.jobs.stopped.refused_as_sent`),
and Retry sends it again."""

# Why a reply could not be used, in an artist's words (UNREADABLE, NO_TASK_ID: errors.py);
# what KIE sent (status, body, field names) goes to the log only.
TURNED_AWAY = QT_TRANSLATE_NOOP("Errors", "KIE turned the request away")


@dataclass(frozen=True)
class Envelope:
    """``{"code": int, "msg": str, "data": ...}`` with ``msg`` already clipped."""

    code: int
    msg: str
    data: Any
    success: Any = None


def clip(text: str, limit: int = MSG_LIMIT) -> str:
    """Cut server text to something a person can read in one line."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def as_int(value: Any) -> int | None:
    """An int from an int, an integral float or a string of ASCII digits; else None.

    Values beyond 10**12 are refused too: no code, flag or size is that large, and Python
    cannot even print an int of more than 4300 digits.
    """
    number: int | None = None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str):
        text = value.strip()
        if text.isascii() and text.isdigit() and len(text) <= 12:
            number = int(text)
    return number if number is not None and abs(number) < _INT_LIMIT else None


def error_for_code(code: int, msg: str) -> KieError:
    """The one typed error for an envelope code, ``msg`` kept as KIE's own words; unknown
    codes stay plain :class:`KieError`."""
    cls = CODE_ERRORS.get(code)
    return (cls or KieError).said(msg, code=code)


def decode_json(body: bytes) -> Any:
    """Parsed JSON, or None for anything that is not JSON (also absurd nesting or numbers)."""
    if not body:
        return None
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return None


def read_envelope(body: bytes) -> Envelope | None:
    """The envelope in ``body``, or None when the body is not one."""
    parsed = decode_json(body)
    if not isinstance(parsed, dict):
        return None
    code = as_int(parsed.get("code"))
    if code is None:
        return None
    msg = parsed.get("msg")
    return Envelope(
        code=code,
        msg=clip(msg) if isinstance(msg, str) else "",
        data=parsed.get("data"),
        success=parsed.get("success"),
    )


def _describe(status: int, body: bytes) -> str:
    """``HTTP 403: error code: 1010``; HTML pages and binary bodies are left out."""
    text = body[:2000].decode("utf-8", errors="replace").strip()
    if not text or text.startswith("<") or "\ufffd" in text:
        return f"HTTP {status}"
    return f"HTTP {status}: {clip(text)}"


def _unusable(what: str, status: int | None = None) -> None:
    """Log what was wrong with a reply: the error the artist sees says it in words. Cut as
    prompts are (:data:`logs.PROMPT_LOG_CHARS`): a reply may echo the prompt."""
    log.info(
        "unusable KIE reply: %s",
        clip(what, PROMPT_LOG_CHARS),
        extra={"event": "kie.unusable_reply", "status": status},
    )


def server_trouble(status: int) -> bool:
    """Whether a bare HTTP ``status`` (no envelope) is a server's or gateway's failure: a
    5xx, or a 408 (:data:`REQUEST_TIMEOUT`)."""
    return 500 <= status <= 599 or status == REQUEST_TIMEOUT


def _may_have_made(status: int, code: int) -> bool:
    """Whether a generate answered with envelope ``code`` under HTTP ``status`` may have made
    a task all the same: KIE's 408 (it gave up waiting on the generator, which may have the
    request whole), a code of KIE's server failing (500) under a server's failure status,
    and a gateway's codes (502-504 and other 5xx KIE does not give) sent in JSON. Before, each
    failed the job, and its Retry sent it anew, charged twice had the first made its image;
    as the same bare status does (:func:`_status_error`), the outcome is now unknown. KIE's
    500 under HTTP 200 is its considered answer (a request it found out of range), and its
    501 and 505 its word that it made nothing."""
    if code == UpstreamTimeoutError.CODE:
        return True
    if code == ServerError.CODE:
        return server_trouble(status)
    return code >= ServerError.CODE and code not in CODE_ERRORS


def _status_error(status: int, body: bytes, *, charged: bool, lookup: bool) -> KieError:
    """The error for a reply that is not a usable envelope, from the HTTP status alone.

    4xx statuses use the envelope table (Cloudflare's 429 is KIE's 429). Every bare 5xx is a
    server/gateway failure, not KIE's 501 "generation failed" or 505 "feature disabled",
    which only mean that inside an envelope; so is a bare 408, not KIE's "no result for
    over 10 minutes": a server that gave up waiting on a request it may have passed on to
    KIE whole, so a generate answered so may have made a task, and been charged. A bare 404
    or 422 to a ``lookup`` (a gateway's page while KIE is out of reach) says nothing of the
    task or file asked after either: a server trouble that the job asks again after. Only
    KIE's envelope says a task is gone (record-info), or a result deleted or no file of its
    own (download-url), which fail the job or mark its link refused.
    """
    _unusable(_describe(status, body), status)
    if lookup and status in RECORD_NOT_FOUND_CODES:
        return ServerError(SERVER_TROUBLE, code=status)
    if server_trouble(status):
        if charged:
            return OutcomeUnknownError(SERVER_TROUBLE, code=status)
        return ServerError(code=status)
    if 400 <= status <= 499:
        cls = None if status in BARE_SAYS_NOTHING else CODE_ERRORS.get(status)
        return cls(code=status) if cls else KieError(TURNED_AWAY, code=status)
    if charged:
        return OutcomeUnknownError(UNREADABLE, code=status)
    return MalformedReplyError(code=status)


def unwrap(
    status: int,
    body: bytes,
    *,
    charged: bool = False,
    record: bool = False,
    lookup: bool = False,
    upload: bool = False,
) -> Any:
    """Check the HTTP status and the envelope code; return ``data`` or raise the typed error.

    ``record=True`` is record-info, where KIE's codes 404 and 422 ("recordInfo is null") mean
    the task is unknown: :class:`NotFoundError`, never a success and never a retry.
    ``lookup=True`` is a call asking after a task or a file of KIE's (record-info,
    download-url): its 404 and 422 are KIE's word only in KIE's envelope; the same bare HTTP
    status is a gateway's page, a :class:`ServerError` (:func:`_status_error`).
    ``upload=True`` is KIE's upload service, whose code 400 refuses the upload (a file it
    did not receive whole, a field it wants): an error in KIE's own words, not a content
    policy refusal of the artist's prompt or image.
    """
    envelope = read_envelope(body)
    http_ok = 200 <= status <= 299
    if envelope is None or (envelope.code == 200 and not http_ok):
        raise _status_error(status, body, charged=charged, lookup=lookup or record)
    if envelope.code != 200:
        if charged and _may_have_made(status, envelope.code):
            _unusable(f"code {envelope.code} to a generate: {envelope.msg}", status)
            raise OutcomeUnknownError(SERVER_TROUBLE, code=envelope.code)
        if record and envelope.code in RECORD_NOT_FOUND_CODES:
            _unusable(f"task not found: {envelope.msg}", envelope.code)  # "recordInfo is null"
            error: KieError = NotFoundError(code=envelope.code)
        elif upload and envelope.code == CONTENT_POLICY_CODE:
            error = KieError.said(envelope.msg, code=envelope.code)
        else:
            error = error_for_code(envelope.code, envelope.msg)
        error.answered = True
        raise error
    if envelope.success is False:
        _unusable(f"code 200 with success=false: {envelope.msg}", status)
        if charged:
            raise OutcomeUnknownError(UNREADABLE, code=200)
        raise MalformedReplyError(code=200)
    return envelope.data


def parse_task_id(data: Any) -> str:
    """``data.taskId`` of a generate reply. Missing means we cannot know what was created."""
    task_id = _id_text(data.get("taskId") if isinstance(data, dict) else None)
    if task_id is None or not _usable_id(task_id):
        _unusable("generate answered success without a usable taskId")
        raise OutcomeUnknownError(NO_TASK_ID, code=200)
    return task_id


def _id_text(value: Any) -> str | None:
    """A task id as text: a string, or an int some servers send instead."""
    if isinstance(value, str):
        return value
    number = as_int(value) if isinstance(value, int) else None
    return str(number) if number is not None else None


def _usable_id(task_id: str) -> bool:
    return (
        0 < len(task_id) <= MAX_TASK_ID_CHARS
        and task_id.isprintable()
        and task_id.strip() == task_id
    )


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _safe_timestamp(value: Any) -> datetime | None:
    """:func:`parse_timestamp`, with absurd numbers (``10**400``, 5000 digits) read as None."""
    try:
        return parse_timestamp(value)
    except (OverflowError, ValueError):
        return None


def _params(value: Any) -> dict[str, Any] | None:
    """``paramJson`` is a JSON string per the docs; accept an object too, else None."""
    if isinstance(value, dict):
        return value
    parsed = (
        decode_json(value.encode("utf-8", errors="replace")) if isinstance(value, str) else None
    )
    return parsed if isinstance(parsed, dict) else None


def _malformed(what: str) -> MalformedReplyError:
    """A reply the app cannot use: its kind says so in words, ``what`` (with the endpoint and
    field names) goes to the log."""
    _unusable(what)
    return MalformedReplyError()


def _success_flag(value: Any) -> SuccessFlag:
    number = as_int(value)
    if number is not None and number in {flag.value for flag in SuccessFlag}:
        return SuccessFlag(number)
    raise _malformed(f"record-info has an unusable successFlag ({type(value).__name__})")


def parse_task_record(data: Any, task_id: str) -> TaskRecord:
    """A ``record-info`` ``data`` object as a :class:`TaskRecord`.

    ``data`` null with code 200 is no documented answer: KIE says it does not know a task
    with code 422 "recordInfo is null" (:func:`unwrap`), so a success without a record is a
    reply that says nothing (:class:`EmptyRecordError`), never a failed task. A record for
    another taskId is refused, so a result can never be attached to the wrong job.
    """
    if data is None:
        _unusable("record-info answered success with data null")
        raise EmptyRecordError(EMPTY_RECORD, code=200)
    if not isinstance(data, dict):
        raise _malformed("record-info data is not an object")
    reply_id = _id_text(data.get("taskId"))
    if reply_id is not None and reply_id != task_id:
        raise _malformed("record-info answered for another taskId")
    flag = _success_flag(data.get("successFlag"))
    response = data.get("response")
    response = response if isinstance(response, dict) else {}
    result_url = _text(response.get("resultImageUrl"))
    if flag == SuccessFlag.SUCCESS and result_url is None:
        raise _malformed("record-info reports success without resultImageUrl")
    message = data.get("errorMessage")
    return TaskRecord(
        task_id=task_id,
        success_flag=flag,
        result_url=result_url,
        origin_url=_text(response.get("originImageUrl")),
        error_code=as_int(data.get("errorCode")),
        error_message=clip(message) if isinstance(message, str) else "",
        created_at=_safe_timestamp(data.get("createTime")),
        completed_at=_safe_timestamp(data.get("completeTime")),
        params=_params(data.get("paramJson")),
    )


def parse_credits(data: Any) -> float:
    """The balance: a number, maybe with decimals, maybe as a numeric string."""
    value: float | None = None
    if isinstance(data, int | float) and not isinstance(data, bool):
        try:
            value = float(data)
        except OverflowError:
            value = None
    elif isinstance(data, str):
        try:
            value = float(data.strip()) if len(data) <= 64 else None
        except ValueError:
            value = None
    if value is None or not math.isfinite(value):
        raise _malformed("credit balance is not a number")
    return value


def parse_download_url(data: Any) -> str:
    url = _text(data)
    if url is None or not url.startswith(("https://", "http://")):
        raise _malformed("download-url did not return a URL")
    return url


def parse_uploaded_file(data: Any) -> UploadedFile:
    """An upload reply's ``data``; ``downloadUrl`` is the one field that must be there."""
    if not isinstance(data, dict):
        raise _malformed("upload reply data is not an object")
    url = _text(data.get("downloadUrl"))
    if url is None or not url.startswith(("https://", "http://")):
        raise _malformed("upload reply has no downloadUrl")
    size = as_int(data.get("fileSize"))
    return UploadedFile(
        download_url=url,
        file_path=_text(data.get("filePath")) or "",
        file_size=size if size is not None and size >= 0 else None,
        mime_type=_text(data.get("mimeType")) or "",
    )
