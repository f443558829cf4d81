"""Fuzz every KIE reply: whatever comes back, the client raises only KontextError subclasses.

Garbage bytes, broken JSON, wrong types, missing fields, huge strings and numbers, odd HTTP
statuses and transport failures go through a real KieClient on an httpx.MockTransport.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kontext_studio.errors import (
    KontextError,
    MalformedReplyError,
    NetworkError,
    OutcomeUnknownError,
)
from kontext_studio.kie.client import KieClient
from kontext_studio.kie.models import GenerateRequest, TaskRecord, UploadedFile

KEY = "sk-FUZZ-SENTINEL-0042"
BASE = "https://api.kie.test"
RESULT = "https://cdn.kie.test/r.png"
MAX_BYTES = 4096

HUGE = st.sampled_from(
    ["x" * 200_000, "多" * 50_000, 10**400, -(10**400), 1e308, -1e308, float("inf"), float("nan")]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=40),
    st.sampled_from(["0", "1", "2", "3", "200", "422", "https://cdn.kie.test/a.png", ""]),
    HUGE,
)
FIELDS = [
    "code",
    "msg",
    "data",
    "success",
    "taskId",
    "successFlag",
    "response",
    "resultImageUrl",
    "originImageUrl",
    "createTime",
    "completeTime",
    "errorCode",
    "errorMessage",
    "paramJson",
    "downloadUrl",
    "filePath",
    "fileSize",
    "mimeType",
]
KEYS = st.one_of(st.sampled_from(FIELDS), st.text(max_size=10))
JSON = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=6)
    ),
    max_leaves=20,
)
CODES = st.one_of(
    st.sampled_from([200, 400, 401, 402, 404, 408, 422, 429, 455, 500, 501, 505, "200", "401"]),
    JSON,
)


def maybe(value: Any) -> st.SearchStrategy[Any]:
    """Mostly the value the contract promises, else anything: reaches the deep parsing."""
    return st.one_of(st.just(value), st.just(value), HUGE, JSON)


RECORD_DATA = st.fixed_dictionaries(
    {"successFlag": st.one_of(st.sampled_from([0, 1, 2, 3, "1", "3"]), JSON)},
    optional={
        "taskId": maybe("t1"),
        "response": st.one_of(
            st.none(),
            st.fixed_dictionaries(
                {},
                optional={"resultImageUrl": maybe(RESULT), "originImageUrl": JSON},
            ),
            JSON,
        ),
        "createTime": st.one_of(st.integers(), st.floats(), st.text(max_size=30), HUGE, JSON),
        "completeTime": maybe("2024-03-20T10:30:00Z"),
        "errorCode": st.one_of(st.sampled_from([400, 500, 501, "501"]), HUGE, JSON),
        "errorMessage": JSON,
        "paramJson": st.one_of(st.text(max_size=60), st.just('{"prompt": "x"}'), JSON),
    },
)
UPLOAD_DATA = st.fixed_dictionaries(
    {},
    optional={
        "downloadUrl": maybe("https://u.kie.test/f.png"),
        "filePath": JSON,
        "fileSize": maybe(123),
        "mimeType": maybe("image/png"),
    },
)
ENDPOINT_DATA: dict[str, st.SearchStrategy[Any]] = {
    "generate": st.fixed_dictionaries({"taskId": maybe("task-1")}, optional={"extra": JSON}),
    "record": RECORD_DATA,
    "credits": st.one_of(
        st.floats(), st.integers(), st.sampled_from(["12.5", "1e3", "-0"]), HUGE, JSON
    ),
    "download": maybe("https://cdn.kie.test/fresh.png"),
    "upload": UPLOAD_DATA,
    "fetch": JSON,
}


@st.composite
def envelopes(draw: st.DrawFn, data: st.SearchStrategy[Any]) -> bytes:
    body = draw(
        st.fixed_dictionaries(
            {"code": st.one_of(st.just(200), CODES)},
            optional={"msg": JSON, "data": data, "success": st.one_of(st.just(True), JSON)},
        )
    )
    if draw(st.integers(0, 3)) == 0:
        body.pop("code")
    return json.dumps(body).encode()


RAW_BODIES = st.sampled_from(
    [
        b"",
        b"null",
        b"<html><body>502 Bad Gateway</body></html>",
        b'{"code": 200, "msg": "success", "data": {"taskId": ',
        b'{"code": 200, "data": ' + b"9" * 5000 + b"}",
        b'{"code": ' + b"9" * 5000 + b"}",
        b'{"code": 200, "data": {"successFlag": ' + b"1" * 5000 + b', "taskId": "t1"}}',
        b'{"code": 200, "data": {"taskId": ' + b"7" * 5000 + b"}}",
        b"[" * 50_000 + b"]" * 50_000,
        b'{"code": 200, "data": 1e999}',
        b"\xff\xfe\xfd",
        b'{"code": 200, "data": "\\ud800"}',
    ]
)
STATUSES = st.one_of(
    st.just(200),
    st.sampled_from([201, 204, 301, 302, 400, 401, 403, 404, 410, 422, 429, 500, 502]),
    st.integers(min_value=100, max_value=599),
)
TRANSPORT_ERRORS = st.sampled_from(
    [
        httpx.ConnectError,
        httpx.ConnectTimeout,
        httpx.PoolTimeout,
        httpx.ReadTimeout,
        httpx.WriteTimeout,
        httpx.ReadError,
        httpx.WriteError,
        httpx.RemoteProtocolError,
        httpx.LocalProtocolError,
        httpx.ProxyError,
        httpx.UnsupportedProtocol,
        httpx.DecodingError,
    ]
)
CONTENT_TYPES = st.sampled_from(
    ["application/json", "text/html", "image/png", "", "application/json; charset=utf-16"]
)


@st.composite
def outcomes(draw: st.DrawFn, endpoint: str) -> Any:
    """A transport exception class, or a reply (status, body, content type): half of the
    replies are well-formed envelopes with fuzzed ``data``, half anything at all."""
    roll = draw(st.integers(0, 9))
    if roll == 0:
        return draw(TRANSPORT_ERRORS)
    if roll <= 5:
        data = draw(ENDPOINT_DATA[endpoint])
        return (200, json.dumps({"code": 200, "msg": "success", "data": data}).encode(), "")
    body = st.one_of(
        envelopes(ENDPOINT_DATA[endpoint]),
        envelopes(JSON),
        RAW_BODIES,
        st.binary(max_size=2 * MAX_BYTES),
    )
    return (draw(STATUSES), draw(body), draw(CONTENT_TYPES))


def make_transport(outcome: Any) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        if isinstance(outcome, type):
            raise outcome("fuzzed failure", request=request)
        status, body, content_type = outcome
        headers = {"content-type": content_type} if content_type else {}
        if 300 <= status < 400:
            headers["location"] = "https://elsewhere.kie.test/x"
        return httpx.Response(status, content=body, headers=headers)

    return httpx.MockTransport(handler)


Call = Callable[[KieClient], Awaitable[Any]]


def run(outcome: Any, call: Call) -> tuple[Any, KontextError | None]:
    """Run one call against the fuzzed reply; any non-KontextError fails the test."""

    async def main() -> tuple[Any, KontextError | None]:
        async with KieClient(
            KEY, base_url=BASE, upload_url=BASE, transport=make_transport(outcome)
        ) as kie:
            try:
                return await call(kie), None
            except KontextError as exc:
                assert KEY not in str(exc) and KEY not in repr(exc)
                return None, exc

    return asyncio.run(main())


FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@FUZZ
@given(outcome=outcomes("generate"))
def test_generate_only_raises_typed_errors_and_never_malformed(outcome: Any) -> None:
    result, error = run(outcome, lambda kie: kie.generate(GenerateRequest(prompt="a cat")))
    if error is None:
        assert isinstance(result, str) and result
        return
    # A garbled answer to generate is "outcome unknown", never a plain malformed reply.
    assert type(error) is not MalformedReplyError
    if isinstance(error, NetworkError):
        assert isinstance(outcome, type)
        assert outcome in {
            httpx.ConnectError,
            httpx.ConnectTimeout,
            httpx.PoolTimeout,
            httpx.ProxyError,
            httpx.UnsupportedProtocol,
        }


@FUZZ
@given(outcome=outcomes("record"))
def test_record_info_only_raises_typed_errors(outcome: Any) -> None:
    result, error = run(outcome, lambda kie: kie.record_info("t1"))
    if error is None:
        assert isinstance(result, TaskRecord)
        assert result.task_id == "t1"
        assert result.success_flag != 1 or result.result_url
    else:
        assert not isinstance(error, OutcomeUnknownError)


@FUZZ
@given(outcome=outcomes("credits"))
def test_credits_only_raises_typed_errors(outcome: Any) -> None:
    result, error = run(outcome, lambda kie: kie.credits())
    if error is None:
        assert isinstance(result, float)
        assert result == result and abs(result) != float("inf")


@FUZZ
@given(outcome=outcomes("download"))
def test_download_url_only_raises_typed_errors(outcome: Any) -> None:
    result, error = run(outcome, lambda kie: kie.download_url(RESULT))
    assert error is not None or (isinstance(result, str) and result.startswith("http"))


@FUZZ
@given(outcome=outcomes("upload"))
def test_upload_bytes_only_raises_typed_errors(outcome: Any) -> None:
    result, error = run(
        outcome,
        lambda kie: kie.upload_bytes(
            b"png", upload_path="fuzz/1", file_name="a.png", mime_type="image/png"
        ),
    )
    assert error is not None or isinstance(result, UploadedFile)


@pytest.fixture(scope="module")
def upload_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fuzz") / "ref.png"
    path.write_bytes(b"\x89PNG" + b"\x00" * 100)
    return path


@FUZZ
@given(outcome=outcomes("upload"))
def test_upload_file_only_raises_typed_errors(upload_source: Path, outcome: Any) -> None:
    result, error = run(outcome, lambda kie: kie.upload_file(upload_source, upload_path="fuzz/2"))
    assert error is not None or isinstance(result, UploadedFile)


@FUZZ
@given(outcome=outcomes("fetch"))
def test_fetch_only_raises_typed_errors_and_respects_max_bytes(outcome: Any) -> None:
    result, error = run(outcome, lambda kie: kie.fetch(RESULT, max_bytes=MAX_BYTES))
    if error is None:
        body, content_type = result
        assert isinstance(body, bytes) and len(body) <= MAX_BYTES
        assert isinstance(content_type, str)
