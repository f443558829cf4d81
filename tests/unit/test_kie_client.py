"""KieClient against respx: every envelope code, every body field, every transport failure."""

from __future__ import annotations

import asyncio
import base64
import errno
import gc
import io
import json
import logging
import os
import queue
import re
import threading
import time
import warnings
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from kontext_studio import __version__
from kontext_studio.config import DEFAULT_KIE_UPLOAD_URL, DEFAULT_KIE_URL
from kontext_studio.errors import (
    AuthError,
    ContentPolicyError,
    CreditsError,
    EmptyRecordError,
    ExpiredResultError,
    FeatureDisabledError,
    GenerationFailedError,
    ImageUnreadableError,
    InputError,
    KeyFormatError,
    KieAddressError,
    KieError,
    KontextError,
    MaintenanceError,
    MalformedReplyError,
    NetworkError,
    NotFoundError,
    OutcomeUnknownError,
    RateLimitedError,
    ReplyCutError,
    ServerError,
    TlsSetupError,
    UnreachableError,
    UpstreamTimeoutError,
    ValidationError,
)
from kontext_studio.explain import Facts, explain, explain_kind
from kontext_studio.kie import client as client_module
from kontext_studio.kie.client import KieClient
from kontext_studio.kie.concurrency import MAX_SLOTS, AdaptiveConcurrency
from kontext_studio.kie.models import GenerateRequest, SuccessFlag
from kontext_studio.logs import JsonFormatter

KEY = "sk-SENTINEL-7f3c9a1b2d4e"
BASE = "https://api.kie.test"
UPLOAD = "https://upload.kie.test"
GENERATE = f"{BASE}/api/v1/flux/kontext/generate"
RECORD = f"{BASE}/api/v1/flux/kontext/record-info"
CREDITS = f"{BASE}/api/v1/chat/credit"
DOWNLOAD = f"{BASE}/api/v1/common/download-url"
STREAM_UPLOAD = f"{UPLOAD}/api/file-stream-upload"
B64_UPLOAD = f"{UPLOAD}/api/file-base64-upload"
RESULT = "https://cdn.kie.test/results/abc.png"

CODE_CLASSES: list[tuple[int, type[KieError]]] = [
    (400, ContentPolicyError),
    (401, AuthError),
    (402, CreditsError),
    (404, NotFoundError),
    (408, UpstreamTimeoutError),
    (422, ValidationError),
    (429, RateLimitedError),
    (455, MaintenanceError),
    (500, ServerError),
    (501, GenerationFailedError),
    (505, FeatureDisabledError),
]


def env(code: int = 200, msg: str = "success", data: Any = None) -> dict[str, Any]:
    return {"code": code, "msg": msg, "data": data}


def ok(data: Any, status: int = 200) -> httpx.Response:
    return httpx.Response(status, json=env(data=data))


def task_reply(task_id: str = "task-1") -> httpx.Response:
    return ok({"taskId": task_id})


def record(**fields: Any) -> httpx.Response:
    data = {"taskId": "t1", "successFlag": 0, "response": None}
    data.update(fields)
    return ok(data)


@pytest.fixture
def router() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_called=False, assert_all_mocked=True) as mock:
        yield mock


@pytest.fixture
async def client(router: respx.MockRouter) -> AsyncIterator[KieClient]:
    async with KieClient(KEY, base_url=BASE, upload_url=UPLOAD) as kie:
        yield kie


def sent_json(route: respx.Route) -> Any:
    return json.loads(route.calls.last.request.content)


# Construction and headers.


@pytest.mark.parametrize(
    "url",
    [
        "http://api.kie.ai",
        "http://10.0.0.1:8000",
        "http://example.com",
        "ftp://api.kie.ai",
        "https://",
        "not a url",
    ],
)
def test_unsafe_base_urls_are_refused(url: str) -> None:
    with pytest.raises(InputError):
        KieClient(KEY, base_url=url, upload_url=UPLOAD)
    with pytest.raises(InputError):
        KieClient(KEY, base_url=BASE, upload_url=url)


@pytest.mark.parametrize(
    ("url", "setting"),
    [
        ("api.kie.ai", "KONTEXT_STUDIO_KIE_URL"),
        ("https://xn--.com", "KONTEXT_STUDIO_KIE_URL"),  # before: idna's own error escaped
        ("kieai.redpandaai.co", "KONTEXT_STUDIO_KIE_UPLOAD_URL"),
    ],
)
def test_a_configured_address_refused_names_where_it_is_set(url: str, setting: str) -> None:
    """Before: "The KIE API URL has no host.", with no word of what to correct or where."""
    upload = setting.endswith("UPLOAD_URL")
    with pytest.raises(InputError) as caught:
        KieClient(KEY, base_url=BASE if upload else url, upload_url=url if upload else UPLOAD)
    words = explain(caught.value).message
    assert setting in words
    if "xn--" not in url:
        assert "https://" in words


@pytest.mark.parametrize("url", ["http://127.0.0.1:87650", "https://api.kie.ai:65536"])
def test_a_port_past_the_last_one_is_refused_before_anything_is_sent(url: str) -> None:
    """Before: taken, and the generate request crashed connecting (OverflowError): the job
    was left unknown, "it may have been charged", for a port typed with a digit too many."""
    with pytest.raises(InputError) as caught:
        KieClient(KEY, base_url=url, upload_url=UPLOAD)
    assert "KONTEXT_STUDIO_KIE_URL" in explain(caught.value).message


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8765", "http://127.9.8.7", "http://localhost:1234", "http://[::1]:8080"],
)
async def test_plain_http_to_loopback_is_allowed(router: respx.MockRouter, url: str) -> None:
    route = router.get(f"{url}/api/v1/chat/credit").mock(return_value=ok(5))
    async with KieClient(KEY, base_url=url, upload_url=url) as kie:
        assert await kie.credits() == 5.0
    assert route.called


@pytest.mark.parametrize("value", ["", "  "])
async def test_an_address_variable_set_empty_means_kie_s_own_address(
    router: respx.MockRouter, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    """``KONTEXT_STUDIO_KIE_URL=`` (set but empty, as a script or an env file leaves a
    variable it does not use) was refused as an address: every job failed at once, asking
    to correct the variable. Empty is unset, as for KONTEXT_STUDIO_HOME."""
    monkeypatch.setenv("KONTEXT_STUDIO_KIE_URL", value)
    monkeypatch.setenv("KONTEXT_STUDIO_KIE_UPLOAD_URL", value)
    credit = router.get(f"{DEFAULT_KIE_URL}/api/v1/chat/credit").mock(return_value=ok(1))
    upload = router.post(f"{DEFAULT_KIE_UPLOAD_URL}/api/file-base64-upload").mock(
        return_value=ok({"downloadUrl": f"{DEFAULT_KIE_UPLOAD_URL}/f/a.png"})
    )
    async with KieClient(KEY) as kie:
        assert await kie.credits() == 1.0
        await kie.upload_bytes(b"x", upload_path="u/1", file_name="a.png", mime_type="image/png")
    assert credit.called and upload.called


async def test_urls_default_to_config(
    router: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KONTEXT_STUDIO_KIE_URL", "http://127.0.0.1:9001/")
    monkeypatch.setenv("KONTEXT_STUDIO_KIE_UPLOAD_URL", "http://127.0.0.1:9002")
    credit = router.get("http://127.0.0.1:9001/api/v1/chat/credit").mock(return_value=ok(1))
    upload = router.post("http://127.0.0.1:9002/api/file-base64-upload").mock(
        return_value=ok({"downloadUrl": "http://127.0.0.1:9002/f/a.png"})
    )
    async with KieClient(KEY) as kie:
        await kie.credits()
        await kie.upload_bytes(b"x", upload_path="u/1", file_name="a.png", mime_type="image/png")
    assert credit.called and upload.called


@pytest.mark.parametrize("key", ["", "   ", "sk-abc\ndef", "sk-ключ-123"])
def test_unusable_keys_are_refused_without_echoing_them(key: str) -> None:
    with pytest.raises(InputError) as caught:
        KieClient(key, base_url=BASE, upload_url=UPLOAD)
    if key.strip():
        assert key.strip() not in str(caught.value)


@pytest.mark.parametrize(
    "key",
    [
        "KIE_API_KEY=0123456789abcdef",
        "kie_api_key=0123456789abcdef",
        "export KIE_API_KEY=0123456789abcdef",
        "export\tKIE_API_KEY='0123456789abcdef'",
        'KIE_API_KEY="0123456789abcdef"',
        "KIE_API_KEY = 0123456789abcdef",
    ],
)
def test_a_key_written_as_a_variable_s_assignment_is_refused_without_echoing_it(key: str) -> None:
    """Before: "KIE_API_KEY=0123..." (a .env file's line, a shell's ``export``) passed as a
    key, stored and sent whole: every job was refused by KIE (401). Now it is refused with
    what to give instead, in the window's Settings and ``key set`` alike."""
    with pytest.raises(KeyFormatError) as caught:
        client_module.checked_key(key)
    assert str(caught.value) == (
        "The KIE API key starts with the name of a variable (NAME= or export NAME=): give the "
        "key alone, without it."
    )
    assert "0123456789abcdef" not in str(caught.value)


@pytest.mark.parametrize(
    "key", ["QUJDREVGR0hJSktMTU5PUA==", "QUJDREVGR0hJSktMTU5PUFE=", "0123456789abcdef"]
)
def test_a_key_ending_in_base64_padding_is_no_assignment(key: str) -> None:
    assert client_module.checked_key(key) == key


def test_a_key_longer_than_any_key_is_refused_without_echoing_it() -> None:
    """Before: a key of any length passed (a 66 MB line was stored as the key). Now one of
    more than 4096 characters is refused; one of 4096 still passes."""
    assert client_module.checked_key("k" * 4096) == "k" * 4096
    with pytest.raises(KeyFormatError) as caught:
        client_module.checked_key("k" * 4097)
    assert str(caught.value) == (
        "The KIE API key is longer than 4096 characters, far longer than any key: give the "
        "key alone."
    )


def test_base_url_with_query_is_refused() -> None:
    with pytest.raises(InputError):
        KieClient(KEY, base_url=f"{BASE}/?x=1", upload_url=UPLOAD)


async def test_closed_client_raises_typed_error_offline(router: respx.MockRouter) -> None:
    kie = KieClient(KEY, base_url=BASE, upload_url=UPLOAD)
    await kie.aclose()
    with pytest.raises(NetworkError):
        await kie.generate(GenerateRequest(prompt="x"))
    with pytest.raises(NetworkError):
        await kie.fetch(RESULT, max_bytes=10)
    assert router.calls.call_count == 0


def test_repr_hides_the_key() -> None:
    kie = KieClient(KEY, base_url=BASE, upload_url=UPLOAD)
    assert KEY not in repr(kie)
    assert BASE in repr(kie)


async def test_api_calls_send_user_agent_and_bearer(
    router: respx.MockRouter, client: KieClient
) -> None:
    route = router.get(CREDITS).mock(return_value=ok(3))
    await client.credits()
    headers = route.calls.last.request.headers
    assert headers["user-agent"] == f"KontextStudio/{__version__} (+python-httpx)"
    assert headers["authorization"] == f"Bearer {KEY}"


# generate: the body.


async def test_generate_maps_every_field(router: respx.MockRouter, client: KieClient) -> None:
    route = router.post(GENERATE).mock(return_value=task_reply("abc123"))
    request = GenerateRequest(
        prompt="  a red fox in snow  ",
        model="max",
        aspect_ratio="21:9",
        output_format="png",
        enable_translation=False,
        prompt_upsampling=True,
        safety_tolerance=5,
        watermark="studio",
    )
    assert await client.generate(request) == "abc123"
    assert sent_json(route) == {
        "prompt": "a red fox in snow",
        "model": "flux-kontext-max",
        "aspectRatio": "21:9",
        "outputFormat": "png",
        "enableTranslation": False,
        "promptUpsampling": True,
        "safetyTolerance": 5,
        "watermark": "studio",
    }
    assert route.calls.last.request.headers["content-type"] == "application/json"


async def test_generate_defaults_and_no_watermark(
    router: respx.MockRouter, client: KieClient
) -> None:
    route = router.post(GENERATE).mock(return_value=task_reply())
    await client.generate(GenerateRequest(prompt="cat"))
    body = sent_json(route)
    assert body == {
        "prompt": "cat",
        "model": "flux-kontext-pro",
        "aspectRatio": "16:9",
        "outputFormat": "jpeg",
        "enableTranslation": True,
        "promptUpsampling": False,
        "safetyTolerance": 2,
    }
    assert "inputImage" not in body and "watermark" not in body


async def test_generate_edit_mode_sends_input_image_clamps_safety_and_omits_ratio(
    router: respx.MockRouter, client: KieClient
) -> None:
    route = router.post(GENERATE).mock(return_value=task_reply())
    request = GenerateRequest(
        prompt="make it night", aspect_ratio=None, safety_tolerance=6, image_path="/tmp/ref.png"
    )
    await client.generate(request, input_image_url="https://upload.kie.test/f/ref.png")
    body = sent_json(route)
    assert body["inputImage"] == "https://upload.kie.test/f/ref.png"
    assert body["safetyTolerance"] == 2
    assert "aspectRatio" not in body


async def test_generate_with_url_but_no_local_image_still_clamps(
    router: respx.MockRouter, client: KieClient
) -> None:
    route = router.post(GENERATE).mock(return_value=task_reply())
    await client.generate(
        GenerateRequest(prompt="x", aspect_ratio="1:1", safety_tolerance=6),
        input_image_url="https://upload.kie.test/f/ref.png",
    )
    assert sent_json(route)["safetyTolerance"] == 2
    assert sent_json(route)["aspectRatio"] == "1:1"


async def test_generate_mode_keeps_high_safety_and_clamps_above_six(
    router: respx.MockRouter, client: KieClient
) -> None:
    route = router.post(GENERATE).mock(return_value=task_reply())
    await client.generate(GenerateRequest(prompt="x", safety_tolerance=6))
    assert sent_json(route)["safetyTolerance"] == 6
    await client.generate(GenerateRequest(prompt="x", safety_tolerance=42))
    assert sent_json(route)["safetyTolerance"] == 6


@pytest.mark.parametrize(
    ("request_", "input_url"),
    [
        (GenerateRequest(prompt="   "), None),
        (GenerateRequest(prompt="\u200b\u200b\u2060\ufeff"), None),  # shows nothing
        (GenerateRequest(prompt="x" * 5001), None),
        (GenerateRequest(prompt="x", aspect_ratio="16:21"), None),
        (GenerateRequest(prompt="x", model="flux-dev"), None),
        (GenerateRequest(prompt="x", output_format="webp"), None),
        (GenerateRequest(prompt="x", aspect_ratio=None), None),
        (GenerateRequest(prompt="x", safety_tolerance="high"), None),  # type: ignore[arg-type]
        (GenerateRequest(prompt=None), None),  # type: ignore[arg-type]
        (GenerateRequest(prompt="x", image_path="/tmp/a.png", aspect_ratio=None), None),
        (GenerateRequest(prompt="x"), "http://example.com/a.png"),
        (GenerateRequest(prompt="x"), "file:///etc/passwd"),
    ],
)
async def test_invalid_input_never_reaches_the_network(
    router: respx.MockRouter,
    client: KieClient,
    request_: GenerateRequest,
    input_url: str | None,
) -> None:
    route = router.post(GENERATE).mock(return_value=task_reply())
    with pytest.raises(InputError):
        await client.generate(request_, input_image_url=input_url)
    assert not route.called
    assert router.calls.call_count == 0


# Envelope codes, on HTTP 200 and as the real HTTP status.


@pytest.mark.parametrize(("code", "cls"), CODE_CLASSES)
@pytest.mark.parametrize("http_status", [200, "same"])
async def test_envelope_codes_map_to_one_typed_error(
    router: respx.MockRouter,
    client: KieClient,
    code: int,
    cls: type[KieError],
    http_status: int | str,
) -> None:
    status = code if http_status == "same" else 200
    router.get(CREDITS).mock(
        return_value=httpx.Response(status, json=env(code, f"server says {code}"))
    )
    with pytest.raises(KieError) as caught:
        await client.credits()
    assert type(caught.value) is cls
    assert caught.value.code == code
    assert f"server says {code}" in caught.value.message


@pytest.mark.parametrize(("code", "cls"), [c for c in CODE_CLASSES if c[0] != 408])
async def test_generate_error_codes_map_the_same(
    router: respx.MockRouter, client: KieClient, code: int, cls: type[KieError]
) -> None:
    router.post(GENERATE).mock(return_value=httpx.Response(200, json=env(code, "nope")))
    with pytest.raises(KieError) as caught:
        await client.generate(GenerateRequest(prompt="x"))
    assert type(caught.value) is cls
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("status", "code"),
    [(200, 408), (504, 408), (500, 500), (502, 502), (503, 503), (504, 504), (200, 504)],
)
async def test_a_generate_answered_with_a_code_of_waiting_given_up_may_have_made_its_task(
    router: respx.MockRouter, client: KieClient, status: int, code: int
) -> None:
    """KIE's 408 ("no result for over 10 minutes": it gave up waiting on the generator), its
    500 under a server's failure status, and a gateway's 502-504 sent in JSON rather than as
    a page. Before, each was taken for KIE's word that the generate failed: the job failed,
    and its Retry sent it anew, charged twice had the first made its image. Now the outcome
    is unknown, as for the same bare status: only the artist's Resubmit sends it again."""
    router.post(GENERATE).mock(
        return_value=httpx.Response(status, json=env(code, "Gateway Time-out"))
    )
    with pytest.raises(OutcomeUnknownError) as caught:
        await client.generate(GenerateRequest(prompt="x"))
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("status", "code", "cls"),
    [(200, 500, ServerError), (500, 501, GenerationFailedError), (503, 429, RateLimitedError)],
)
async def test_a_generate_kie_answered_that_it_made_nothing_fails_as_it_said(
    router: respx.MockRouter, client: KieClient, status: int, code: int, cls: type[KieError]
) -> None:
    """KIE's 500 under HTTP 200 (a request it found out of range: kie-api.md), its 501
    "generation failed" and its 429 under whatever status: its considered word, no unknown."""
    router.post(GENERATE).mock(return_value=httpx.Response(status, json=env(code, "nope")))
    with pytest.raises(KieError) as caught:
        await client.generate(GenerateRequest(prompt="x"))
    assert type(caught.value) is cls


async def test_codes_may_arrive_as_digit_strings(
    router: respx.MockRouter, client: KieClient
) -> None:
    router.get(CREDITS).mock(return_value=httpx.Response(200, json=env("402", "broke")))  # type: ignore[arg-type]
    with pytest.raises(CreditsError):
        await client.credits()


async def test_unknown_code_is_plain_kie_error_with_the_code(
    router: respx.MockRouter, client: KieClient
) -> None:
    router.get(CREDITS).mock(return_value=httpx.Response(200, json=env(777, "odd")))
    with pytest.raises(KieError) as caught:
        await client.credits()
    assert type(caught.value) is KieError
    assert caught.value.code == 777
    assert "odd" in caught.value.message


async def test_kies_words_with_the_key_echoed_stay_marked_as_kies(
    router: respx.MockRouter, client: KieClient
) -> None:
    """The key is cut out of KIE's words; they are still shown as KIE's, not as ours."""
    reply = env(422, f"key {KEY} may not use model x")
    router.get(CREDITS).mock(return_value=httpx.Response(200, json=reply))
    with pytest.raises(ValidationError) as caught:
        await client.credits()
    assert caught.value.answered
    assert explain(caught.value).message == (
        "KIE did not accept the request. KIE says: “key *** may not use model x”"
    )


async def test_server_message_is_truncated(router: respx.MockRouter, client: KieClient) -> None:
    router.get(CREDITS).mock(return_value=httpx.Response(200, json=env(500, "boom " * 500)))
    with pytest.raises(ServerError) as caught:
        await client.credits()
    assert 10 < len(caught.value.message) <= 300
    assert caught.value.message.startswith("boom boom")


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, KieError),  # a bare 400 is no content-policy refusal: only errorCode 400 is
        (401, AuthError),
        (402, CreditsError),
        (403, KieError),
        (422, KieError),  # nor is a bare 422 KIE's check of the request: only its envelope's
        (429, RateLimitedError),
        (455, MaintenanceError),
    ],
)
@pytest.mark.parametrize("endpoint", ["generate", "credits"])
async def test_http_status_without_envelope_maps_by_status(
    router: respx.MockRouter,
    client: KieClient,
    status: int,
    cls: type[KieError],
    endpoint: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="kontext_studio.kie")
    reply = httpx.Response(status, text="error code: 1010")
    router.post(GENERATE).mock(return_value=reply)
    router.get(CREDITS).mock(return_value=reply)
    with pytest.raises(KieError) as caught:
        if endpoint == "generate":
            await client.generate(GenerateRequest(prompt="x"))
        else:
            await client.credits()
    assert type(caught.value) is cls
    assert caught.value.code == status
    # What the gateway said is for the log; the artist reads what it means.
    assert "1010" not in explain(caught.value).message
    assert "HTTP 403" not in explain(caught.value).message
    assert f"HTTP {status}: error code: 1010" in caplog.text


@pytest.mark.parametrize("status", [408, 500, 502, 503, 504])
async def test_5xx_without_envelope(
    router: respx.MockRouter, client: KieClient, status: int
) -> None:
    """A bare 408 (a server's "Request Timeout" page, not KIE's "no result for over 10
    minutes") is read as a bare 5xx: a generate answered so may have made a task."""
    router.post(GENERATE).mock(return_value=httpx.Response(status, html="<html>bad gw</html>"))
    router.get(CREDITS).mock(return_value=httpx.Response(status, html="<html>bad gw</html>"))
    with pytest.raises(OutcomeUnknownError) as unknown:
        await client.generate(GenerateRequest(prompt="x"))
    assert unknown.value.code == status
    with pytest.raises(ServerError) as server:
        await client.credits()
    assert "<html>" not in server.value.message


async def test_code_200_with_http_error_status_is_not_success(
    router: respx.MockRouter, client: KieClient
) -> None:
    router.post(GENERATE).mock(return_value=httpx.Response(502, json=env(data={"taskId": "t"})))
    with pytest.raises(OutcomeUnknownError):
        await client.generate(GenerateRequest(prompt="x"))


@pytest.mark.parametrize(
    "reply",
    [
        httpx.Response(200, json=env(data=None)),
        httpx.Response(200, json=env(data={})),
        httpx.Response(200, json=env(data={"taskId": ""})),
        httpx.Response(200, json=env(data={"taskId": None})),
        httpx.Response(200, json=env(data={"taskId": ["t"]})),
        httpx.Response(200, json=env(data={"taskId": "x" * 1000})),
        httpx.Response(200, json=env(data="task-1")),
        httpx.Response(200, text="<html>hello</html>"),
        httpx.Response(200, text=""),
        httpx.Response(200, json=[1, 2]),
        httpx.Response(200, json={"msg": "no code"}),
        httpx.Response(302, headers={"location": "https://elsewhere.test/"}),
        httpx.Response(200, content=b"{" * 5 * 1024 * 1024),
    ],
)
async def test_generate_without_usable_task_id_is_outcome_unknown(
    router: respx.MockRouter, client: KieClient, reply: httpx.Response
) -> None:
    router.post(GENERATE).mock(return_value=reply)
    with pytest.raises(OutcomeUnknownError) as caught:
        await client.generate(GenerateRequest(prompt="x"))
    assert caught.value.retryable is False


async def test_generate_accepts_numeric_task_id(
    router: respx.MockRouter, client: KieClient
) -> None:
    router.post(GENERATE).mock(return_value=ok({"taskId": 98765, "extra": [1]}))
    assert await client.generate(GenerateRequest(prompt="x")) == "98765"


@pytest.mark.parametrize(
    "reply",
    [
        httpx.Response(200, text="<html>hello</html>"),
        httpx.Response(200, json=[1]),
        httpx.Response(200, content=b"\xff\xfe\x00garbage"),
        httpx.Response(200, content=b"[" * 100_000),
        httpx.Response(200, content=b"{" * 5 * 1024 * 1024),
    ],
)
async def test_garbage_on_free_endpoints_is_malformed_reply(
    router: respx.MockRouter, client: KieClient, reply: httpx.Response
) -> None:
    router.get(CREDITS).mock(return_value=reply)
    with pytest.raises(MalformedReplyError):
        await client.credits()


# Transport failures and the never-pay-twice rule.

NEVER_SENT = [httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout]
MAYBE_SENT = [
    httpx.ReadTimeout,
    httpx.WriteTimeout,
    httpx.ReadError,
    httpx.WriteError,
    httpx.RemoteProtocolError,
]


@pytest.mark.parametrize("exc", NEVER_SENT)
async def test_generate_never_sent_is_retryable_network_error(
    router: respx.MockRouter, client: KieClient, exc: type[httpx.TransportError]
) -> None:
    router.post(GENERATE).mock(side_effect=exc("refused"))
    with pytest.raises(NetworkError) as caught:
        await client.generate(GenerateRequest(prompt="x"))
    assert caught.value.retryable is True


@pytest.mark.parametrize(
    ("exc", "unreachable"),
    [
        (httpx.ConnectError, True),
        (httpx.ConnectTimeout, True),
        (httpx.PoolTimeout, False),  # our own queue of requests, not the server
        (httpx.ReadError, False),  # an upload cut off on the way: it had a connection
    ],
)
async def test_no_connection_at_all_is_told_apart_from_other_network_trouble(
    router: respx.MockRouter,
    client: KieClient,
    tmp_path: Path,
    exc: type[httpx.TransportError],
    unreachable: bool,
) -> None:
    """The engine gives up on a job within seconds only when no connection could be made
    (for its generate, or the upload of its reference), never when one broke."""
    image = tmp_path / "ref.png"
    image.write_bytes(b"not looked at here")
    router.post(STREAM_UPLOAD).mock(side_effect=exc("no"))
    with pytest.raises(NetworkError) as caught:
        await client.upload_file(image, upload_path="u/1")
    assert isinstance(caught.value, UnreachableError) is unreachable
    if exc in NEVER_SENT:  # the others, on a generate, are an unknown outcome
        router.post(GENERATE).mock(side_effect=exc("no"))
        with pytest.raises(NetworkError) as caught:
            await client.generate(GenerateRequest(prompt="x"))
        assert isinstance(caught.value, UnreachableError) is unreachable


@pytest.mark.parametrize("exc", [httpx.UnsupportedProtocol, httpx.InvalidURL])
async def test_an_address_that_cannot_be_used_is_not_a_network_error(
    router: respx.MockRouter, client: KieClient, tmp_path: Path, exc: type[Exception]
) -> None:
    """Before: a plain NetworkError, so a job tried it again for about half an hour. It
    never succeeds: the words say which address is wrong and where it is set."""
    image = tmp_path / "ref.png"
    image.write_bytes(b"not looked at here")
    router.post(GENERATE).mock(side_effect=exc("Request URL is missing a protocol"))
    router.post(STREAM_UPLOAD).mock(side_effect=exc("Request URL is missing a protocol"))
    with pytest.raises(KieAddressError) as caught:
        await client.generate(GenerateRequest(prompt="x"))
    assert not isinstance(caught.value, NetworkError) and not caught.value.retryable
    words = explain(caught.value)
    assert "address" in words.message and "https://" in words.hint
    assert "KONTEXT_STUDIO_KIE_URL" in words.message
    with pytest.raises(KieAddressError) as caught:
        await client.upload_file(image, upload_path="u/1")
    assert "KONTEXT_STUDIO_KIE_UPLOAD_URL" in explain(caught.value).message


@pytest.mark.parametrize("exc", MAYBE_SENT)
async def test_generate_maybe_sent_is_outcome_unknown(
    router: respx.MockRouter, client: KieClient, exc: type[httpx.TransportError]
) -> None:
    router.post(GENERATE).mock(side_effect=exc("lost"))
    with pytest.raises(OutcomeUnknownError):
        await client.generate(GenerateRequest(prompt="x"))


@pytest.mark.parametrize("exc", NEVER_SENT + MAYBE_SENT)
async def test_free_endpoints_map_every_transport_error_to_network_error(
    router: respx.MockRouter, client: KieClient, exc: type[httpx.TransportError]
) -> None:
    router.get(RECORD).mock(side_effect=exc("lost"))
    router.get(CREDITS).mock(side_effect=exc("lost"))
    with pytest.raises(NetworkError):
        await client.record_info("t1")
    with pytest.raises(NetworkError) as caught:
        await client.credits()
    # What went wrong in words: the class name ("ConnectError") is for the log only.
    assert exc.__name__ not in explain(caught.value).message


class CutBody(httpx.AsyncByteStream):
    """A reply whose status and first bytes came, and then its connection broke."""

    def __init__(self, error: type[httpx.TransportError]) -> None:
        self._error = error

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield b'{"code": 200, "msg": "suc'
        raise self._error("peer closed connection without sending complete message body")


def cut_reply(error: type[httpx.TransportError] = httpx.RemoteProtocolError) -> httpx.Response:
    return httpx.Response(200, stream=CutBody(error))


@pytest.mark.parametrize("error", [httpx.RemoteProtocolError, httpx.ReadError])
async def test_a_free_call_whose_reply_is_cut_says_kie_answered_not_that_it_cannot_be_reached(
    router: respx.MockRouter, client: KieClient, error: type[httpx.TransportError]
) -> None:
    """Before: "KIE cannot be reached" (and the status bar's "Credits: no connection") of a
    reply KIE had begun, whose status had come. Still a network error to what retries one:
    nothing came back, and asking again is free."""
    router.get(CREDITS).mock(return_value=cut_reply(error))
    with pytest.raises(NetworkError) as caught:
        await client.credits()
    cut = caught.value
    assert cut.kind == "reply_cut" and cut.retryable
    assert not isinstance(cut, UnreachableError)
    words = explain(cut)
    assert "KIE cannot be reached" not in words.message
    assert words.message.startswith("KIE’s answer stopped before it was complete.")
    assert "checking the balance" in words.message


async def test_a_free_calls_reply_that_timed_out_after_its_status_is_not_said_cut_off(
    router: respx.MockRouter, client: KieClient
) -> None:
    """The balance's status came, then its body stopped coming and the read timed out: a
    reply cut short to what retries it, whose words say it timed out. Before, they said
    both: "KIE’s answer was cut off on the way. Cause: …: the answer timed out"."""
    router.get(CREDITS).mock(return_value=cut_reply(httpx.ReadTimeout))
    with pytest.raises(ReplyCutError) as caught:
        await client.credits()
    words = explain(caught.value)
    assert "cut off" not in words.message
    assert words.message == (
        "KIE’s answer stopped before it was complete. Cause: checking the balance: the "
        "answer timed out."
    )


async def test_a_generate_whose_reply_is_cut_is_still_an_unknown_outcome(
    router: respx.MockRouter, client: KieClient
) -> None:
    """The task may exist and be charged: never a network error a job would send again."""
    router.post(GENERATE).mock(return_value=cut_reply())
    with pytest.raises(OutcomeUnknownError):
        await client.generate(GenerateRequest(prompt="x"))


async def test_a_reply_that_never_began_is_still_a_network_error(
    router: respx.MockRouter, client: KieClient
) -> None:
    """No status came: nothing says KIE was reached."""
    router.get(CREDITS).mock(side_effect=httpx.RemoteProtocolError("closed"))
    with pytest.raises(NetworkError) as caught:
        await client.credits()
    assert caught.value.kind == NetworkError.kind


# record-info.


async def test_record_info_generating_with_null_response(
    router: respx.MockRouter, client: KieClient
) -> None:
    route = router.get(RECORD).mock(return_value=record(successFlag=0, response=None))
    info = await client.record_info("t1")
    assert route.calls.last.request.url.params["taskId"] == "t1"
    assert info.success_flag is SuccessFlag.GENERATING
    assert not info.is_terminal
    assert info.result_url is None and info.origin_url is None


async def test_record_info_success_parses_everything(
    router: respx.MockRouter, client: KieClient
) -> None:
    router.get(RECORD).mock(
        return_value=record(
            successFlag=1,
            response={
                "originImageUrl": "https://cdn.kie.test/o.png",
                "resultImageUrl": "https://cdn.kie.test/r.png",
                "somethingNew": True,
            },
            createTime="2024-03-20T10:25:00Z",
            completeTime="2024-03-20T10:30:00+00:00",
            paramJson=json.dumps({"prompt": "cat", "aspectRatio": "16:9"}),
            errorCode=None,
            errorMessage="",
            unknownTopLevel={"x": 1},
        )
    )
    info = await client.record_info("t1")
    assert info.task_id == "t1"
    assert info.success_flag is SuccessFlag.SUCCESS
    assert info.is_terminal
    assert info.result_url == "https://cdn.kie.test/r.png"
    assert info.origin_url == "https://cdn.kie.test/o.png"
    assert info.created_at == datetime(2024, 3, 20, 10, 25, tzinfo=UTC)
    assert info.completed_at == datetime(2024, 3, 20, 10, 30, tzinfo=UTC)
    assert info.params == {"prompt": "cat", "aspectRatio": "16:9"}
    assert info.error_code is None


@pytest.mark.parametrize(
    ("flag", "error_code", "expected_code", "expected_flag"),
    [
        (2, 500, 500, SuccessFlag.CREATE_FAILED),
        (3, "501", 501, SuccessFlag.GENERATE_FAILED),
        (3, 400, 400, SuccessFlag.GENERATE_FAILED),
        (3, None, None, SuccessFlag.GENERATE_FAILED),
        ("2", "junk", None, SuccessFlag.CREATE_FAILED),
    ],
)
async def test_record_info_failures_carry_error_code_and_message(
    router: respx.MockRouter,
    client: KieClient,
    flag: Any,
    error_code: Any,
    expected_code: int | None,
    expected_flag: SuccessFlag,
) -> None:
    router.get(RECORD).mock(
        return_value=record(successFlag=flag, errorCode=error_code, errorMessage="flagged")
    )
    info = await client.record_info("t1")
    assert info.success_flag is expected_flag
    assert info.is_terminal
    assert info.error_code == expected_code
    assert info.error_message == "flagged"


async def test_success_flag_as_string_is_accepted(
    router: respx.MockRouter, client: KieClient
) -> None:
    router.get(RECORD).mock(
        return_value=record(successFlag="1", response={"resultImageUrl": RESULT})
    )
    info = await client.record_info("t1")
    assert info.success_flag is SuccessFlag.SUCCESS
    assert info.result_url == RESULT


@pytest.mark.parametrize("flag", ["abc", 7, -1, True, None, 1.5, [1], {"v": 1}, "1e3"])
async def test_garbage_success_flag_is_malformed(
    router: respx.MockRouter, client: KieClient, flag: Any
) -> None:
    router.get(RECORD).mock(return_value=record(successFlag=flag))
    with pytest.raises(MalformedReplyError):
        await client.record_info("t1")


@pytest.mark.parametrize("response", [None, {}, {"resultImageUrl": ""}, {"resultImageUrl": 5}])
async def test_success_without_result_url_is_malformed(
    router: respx.MockRouter, client: KieClient, response: Any
) -> None:
    router.get(RECORD).mock(return_value=record(successFlag=1, response=response))
    with pytest.raises(MalformedReplyError):
        await client.record_info("t1")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1710930300, datetime(2024, 3, 20, 10, 25, tzinfo=UTC)),
        (1710930300000, datetime(2024, 3, 20, 10, 25, tzinfo=UTC)),
        ("1710930300", datetime(2024, 3, 20, 10, 25, tzinfo=UTC)),
        ("2024-03-20T10:25:00Z", datetime(2024, 3, 20, 10, 25, tzinfo=UTC)),
        ("2024-03-20 10:25:00", datetime(2024, 3, 20, 10, 25, tzinfo=UTC)),
        (None, None),
        ("yesterday", None),
        pytest.param(10**400, None, id="huge-int"),
        pytest.param("9" * 5000, None, id="huge-digits"),
        (1e308, None),
    ],
)
async def test_timestamps_epoch_iso_null_and_absurd(
    router: respx.MockRouter, client: KieClient, value: Any, expected: datetime | None
) -> None:
    router.get(RECORD).mock(
        return_value=httpx.Response(
            200,
            content=json.dumps(
                env(data={"taskId": "t1", "successFlag": 0, "createTime": value})
            ).encode(),
        )
    )
    info = await client.record_info("t1")
    assert info.created_at == expected


@pytest.mark.parametrize(
    ("param_json", "expected"),
    [
        ('{"prompt": "cat"}', {"prompt": "cat"}),
        ({"prompt": "cat"}, {"prompt": "cat"}),
        ("{not json", None),
        ('["a list"]', None),
        ("", None),
        (None, None),
        (12, None),
    ],
)
async def test_param_json(
    router: respx.MockRouter, client: KieClient, param_json: Any, expected: Any
) -> None:
    router.get(RECORD).mock(return_value=record(paramJson=param_json))
    assert (await client.record_info("t1")).params == expected


@pytest.mark.parametrize(
    "reply",
    [
        httpx.Response(200, json=env(422, "recordInfo is null")),
        httpx.Response(200, json=env(404, "not found")),
        httpx.Response(422, json=env(422, "recordInfo is null")),
    ],
)
async def test_unknown_task_id_is_not_found(
    router: respx.MockRouter, client: KieClient, reply: httpx.Response
) -> None:
    router.get(RECORD).mock(return_value=reply)
    with pytest.raises(NotFoundError) as caught:
        await client.record_info("missing")
    assert caught.value.answered  # KIE's own word, in its envelope
    assert "recordInfo" not in explain(caught.value).message


async def test_a_success_without_a_record_is_a_reply_that_says_nothing_not_an_unknown_task(
    router: respx.MockRouter, client: KieClient
) -> None:
    """Code 200 with ``data`` null is no answer kie-api.md documents (an unknown task is code
    422 "recordInfo is null"): a reply that says nothing, which the job asks again after,
    not KIE's word that the task is unknown, which fails a paid job."""
    router.get(RECORD).mock(return_value=httpx.Response(200, json=env(data=None)))
    with pytest.raises(EmptyRecordError) as caught:
        await client.record_info("t1")
    assert not isinstance(caught.value, NotFoundError)
    assert explain(caught.value).message == (
        "KIE sent a reply the app does not understand. Cause: KIE answered about the job "
        "without any of its details."
    )


@pytest.mark.parametrize(
    "reply",
    [
        httpx.Response(404, html="<html><h1>404 Not Found</h1><hr>nginx</html>"),
        httpx.Response(404, text="Not Found"),
        httpx.Response(422, text="nope"),
    ],
)
async def test_a_bare_404_or_422_to_a_poll_is_a_gateways_trouble_not_a_lost_task(
    router: respx.MockRouter, client: KieClient, reply: httpx.Response
) -> None:
    """A gateway's page without KIE's envelope says nothing of the task. Before: it was
    "KIE does not know this task", which failed the job and offered only a new, charged
    send; during an outage of KIE's gateway every running job would have ended so."""
    router.get(RECORD).mock(return_value=reply)
    with pytest.raises(KieError) as caught:
        await client.record_info("t1")
    assert not isinstance(caught.value, NotFoundError)
    assert isinstance(caught.value, ServerError)
    assert "does not know this task" not in explain(caught.value).message


async def test_record_for_another_task_is_refused(
    router: respx.MockRouter, client: KieClient
) -> None:
    router.get(RECORD).mock(return_value=record(taskId="someone-else", successFlag=0))
    with pytest.raises(MalformedReplyError):
        await client.record_info("t1")


async def test_record_info_rejects_empty_task_id_offline(
    router: respx.MockRouter, client: KieClient
) -> None:
    with pytest.raises(InputError):
        await client.record_info("  ")
    assert router.calls.call_count == 0


# credits and download-url.


@pytest.mark.parametrize(
    ("data", "expected"), [(100, 100.0), (12.75, 12.75), ("37.25", 37.25), (" 8 ", 8.0), (0, 0.0)]
)
async def test_credits(
    router: respx.MockRouter, client: KieClient, data: Any, expected: float
) -> None:
    router.get(CREDITS).mock(return_value=ok(data))
    assert await client.credits() == expected


@pytest.mark.parametrize("data", [None, "abc", True, [1], {"credits": 1}, "nan", "inf", ""])
async def test_credits_garbage_is_malformed(
    router: respx.MockRouter, client: KieClient, data: Any
) -> None:
    router.get(CREDITS).mock(return_value=ok(data))
    with pytest.raises(MalformedReplyError):
        await client.credits()


async def test_download_url(router: respx.MockRouter, client: KieClient) -> None:
    fresh = "https://cdn.kie.test/fresh.png?token=abc"
    route = router.post(DOWNLOAD).mock(return_value=ok(fresh))
    assert await client.download_url(RESULT) == fresh
    assert sent_json(route) == {"url": RESULT}
    assert route.calls.last.request.headers["authorization"] == f"Bearer {KEY}"


async def test_download_url_for_foreign_url_is_validation_error(
    router: respx.MockRouter, client: KieClient
) -> None:
    router.post(DOWNLOAD).mock(return_value=httpx.Response(200, json=env(422, "not KIE")))
    with pytest.raises(ValidationError):
        await client.download_url("https://example.com/a.png")


@pytest.mark.parametrize(
    "reply",
    [
        httpx.Response(422, text="Unprocessable Entity"),
        httpx.Response(404, html="<html><h1>404 Not Found</h1><hr>nginx</html>"),
    ],
)
async def test_a_bare_404_or_422_to_download_url_is_a_gateways_trouble_not_kies_word(
    router: respx.MockRouter, client: KieClient, reply: httpx.Response
) -> None:
    """Without KIE's envelope a 422 is no refusal of the link as no file of KIE's, nor a 404
    KIE's word that the result is deleted: a gateway's page, read as KIE's server trouble
    that the job asks again after, its Retry free. Before, a bare 422 was "KIE reported an
    error" (KIE turning the request away), and a bare 404 was told apart in the engine."""
    router.post(DOWNLOAD).mock(return_value=reply)
    with pytest.raises(ServerError) as caught:
        await client.download_url(RESULT)
    assert caught.value.code == reply.status_code and not caught.value.answered
    assert explain(caught.value).message.startswith("KIE reported a server error.")


@pytest.mark.parametrize("data", [None, "", 5, {"url": "x"}, "ftp://x"])
async def test_download_url_garbage_is_malformed(
    router: respx.MockRouter, client: KieClient, data: Any
) -> None:
    router.post(DOWNLOAD).mock(return_value=ok(data))
    with pytest.raises(MalformedReplyError):
        await client.download_url(RESULT)


# Uploads.

UPLOAD_REPLY = {
    "fileName": "ref.png",
    "filePath": "u/42/ref.png",
    "downloadUrl": "https://upload.kie.test/files/u/42/ref.png",
    "fileSize": 11,
    "mimeType": "image/png",
    "uploadedAt": "2024-03-20T10:25:00Z",
}


def multipart_fields(request: httpx.Request) -> dict[str, tuple[str | None, bytes]]:
    """name -> (filename, value) from a multipart/form-data body."""
    boundary = request.headers["content-type"].split("boundary=")[1].encode()
    fields: dict[str, tuple[str | None, bytes]] = {}
    for part in request.content.split(b"--" + boundary)[1:-1]:
        head, _, value = part.strip(b"\r\n").partition(b"\r\n\r\n")
        disposition = head.decode().split("\r\n")[0]
        name = disposition.split('name="')[1].split('"')[0]
        filename = (
            disposition.split('filename="')[1].split('"')[0]
            if "filename=" in head.decode()
            else None
        )
        fields[name] = (filename, value)
    return fields


async def test_upload_file_streams_multipart_fields(
    router: respx.MockRouter, client: KieClient, tmp_path: Path
) -> None:
    image = tmp_path / "ref.png"
    image.write_bytes(b"\x89PNG-bytes")
    route = router.post(STREAM_UPLOAD).mock(
        return_value=httpx.Response(200, json={"success": True, **env(data=UPLOAD_REPLY)})
    )
    uploaded = await client.upload_file(image, upload_path="kontext/9f8e7d")
    request = route.calls.last.request
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert request.headers["content-type"].startswith("multipart/form-data")
    assert int(request.headers["content-length"]) == len(request.content)
    fields = multipart_fields(request)
    assert fields["file"] == ("ref.png", b"\x89PNG-bytes")
    assert fields["uploadPath"] == (None, b"kontext/9f8e7d")
    assert fields["fileName"] == (None, b"ref.png")
    assert uploaded.download_url == UPLOAD_REPLY["downloadUrl"]
    assert uploaded.file_path == "u/42/ref.png"
    assert uploaded.file_size == 11
    assert uploaded.mime_type == "image/png"


async def test_upload_file_with_explicit_name(
    router: respx.MockRouter, client: KieClient, tmp_path: Path
) -> None:
    image = tmp_path / "local.jpg"
    image.write_bytes(b"jpeg")
    route = router.post(STREAM_UPLOAD).mock(return_value=ok(UPLOAD_REPLY))
    await client.upload_file(image, upload_path="a/b", file_name="input.jpg")
    fields = multipart_fields(route.calls.last.request)
    assert fields["file"][0] == "input.jpg"
    assert fields["fileName"] == (None, b"input.jpg")


async def test_upload_file_opens_its_file_off_the_event_loops_thread(
    router: respx.MockRouter,
    client: KieClient,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The window's loop runs uploads: a library folder on a share that does not answer
    held the whole window while the reference was opened."""
    image = tmp_path / "ref.png"
    image.write_bytes(b"\x89PNG-bytes")
    router.post(STREAM_UPLOAD).mock(return_value=ok(UPLOAD_REPLY))
    opened_on: list[threading.Thread] = []
    open_for_upload = client_module._open_for_upload

    def recording(path: Path) -> Any:
        opened_on.append(threading.current_thread())
        return open_for_upload(path)

    monkeypatch.setattr(client_module, "_open_for_upload", recording)
    await client.upload_file(image, upload_path="kontext/9f8e7d")
    assert opened_on and threading.main_thread() not in opened_on


class _WatchedFile(io.BufferedReader):
    """A reference file that notes the thread of each read, and says when it is closed."""

    def __init__(self, path: Path) -> None:
        super().__init__(io.FileIO(path, "rb"))
        self.read_on: set[int] = set()
        self.closed_event = threading.Event()

    def read(self, size: int | None = -1, /) -> bytes:
        self.read_on.add(threading.get_ident())
        return super().read(size)

    def close(self) -> None:
        super().close()
        self.closed_event.set()


async def test_upload_file_reads_its_file_off_the_event_loops_thread(
    router: respx.MockRouter,
    client: KieClient,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before: the file was opened in a worker thread, but httpx read it on the loop's
    thread as it sent it, 64 KiB at a time: a reference on a share slow to answer held the
    window for as long as the upload. The whole file still arrives, as it is."""
    image = tmp_path / "ref.png"
    content = bytes(range(256)) * 1024  # four of httpx's pieces
    image.write_bytes(content)
    route = router.post(STREAM_UPLOAD).mock(return_value=ok(UPLOAD_REPLY))
    opened: list[_WatchedFile] = []

    def watched(path: Path) -> _WatchedFile:
        opened.append(_WatchedFile(path))
        return opened[-1]

    monkeypatch.setattr(client_module, "_open_for_upload", watched)
    await client.upload_file(image, upload_path="kontext/9f8e7d")
    assert opened[0].read_on and threading.get_ident() not in opened[0].read_on
    assert opened[0].closed
    request = route.calls.last.request
    assert multipart_fields(request)["file"] == ("ref.png", content)
    assert int(request.headers["content-length"]) == len(request.content)


class _VanishingFile(_WatchedFile):
    """A reference on a share that goes away after its first piece is read."""

    def read(self, size: int | None = -1, /) -> bytes:
        if self.read_on:
            raise OSError(errno.EIO, "Input/output error")
        return super().read(size)


async def test_a_reference_that_cannot_be_read_mid_upload_is_not_blamed_on_kie(
    router: respx.MockRouter,
    client: KieClient,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before: a read failing halfway through the upload (a share gone, a bad disk) came
    back as "KIE cannot be reached (uploading the reference image: the connection
    failed)", sending the artist to check their network for a problem of their disk."""
    image = tmp_path / "ref.png"
    image.write_bytes(bytes(range(256)) * 1024)
    router.post(STREAM_UPLOAD).mock(return_value=ok(UPLOAD_REPLY))
    opened: list[_WatchedFile] = []

    def vanishing(path: Path) -> _WatchedFile:
        opened.append(_VanishingFile(path))
        return opened[-1]

    monkeypatch.setattr(client_module, "_open_for_upload", vanishing)
    with pytest.raises(ImageUnreadableError) as raised:
        await client.upload_file(image, upload_path="kontext/9f8e7d")
    assert raised.value.message == (
        "The reference image ref.png could not be read while it was being sent."
    )
    assert explain(raised.value).message.startswith("The image file cannot be read.")
    assert await asyncio.to_thread(opened[0].closed_event.wait, timeout=5)


async def test_a_reference_opened_as_its_upload_is_cancelled_is_closed_at_once(
    router: respx.MockRouter,
    client: KieClient,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before: a job cancelled while its reference was opened (a share slow to answer) left
    the file to the garbage collector, with a ResourceWarning. The cancel still leaves at
    once, without waiting for the share; the file is closed as soon as it is open."""
    image = tmp_path / "ref.png"
    image.write_bytes(b"\x89PNG-bytes")
    loop = asyncio.get_running_loop()
    opening: asyncio.Future[None] = loop.create_future()
    answer = threading.Event()
    opened: queue.SimpleQueue[_WatchedFile] = queue.SimpleQueue()

    def slow_share(path: Path) -> _WatchedFile:
        loop.call_soon_threadsafe(opening.set_result, None)
        answer.wait(timeout=10)
        handle = _WatchedFile(path)
        opened.put(handle)
        return handle

    monkeypatch.setattr(client_module, "_open_for_upload", slow_share)
    upload = asyncio.create_task(client.upload_file(image, upload_path="kontext/9f8e7d"))
    await opening
    upload.cancel()
    with pytest.raises(asyncio.CancelledError):
        await upload
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        answer.set()
        handle = await asyncio.to_thread(opened.get, timeout=10)
        closed = await asyncio.to_thread(handle.closed_event.wait, timeout=5)
        gc.collect()
    assert closed
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]
    assert router.calls.call_count == 0


async def test_an_upload_cancelled_while_a_share_is_slow_to_read_ends_at_once(
    router: respx.MockRouter,
    client: KieClient,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A job cancelled (or the app closed) while its reference is read from a share slow to
    answer ends at once, not when the share answers; its file is closed once the read ends."""
    image = tmp_path / "ref.png"
    image.write_bytes(b"\x89PNG-bytes")
    router.post(STREAM_UPLOAD).mock(return_value=ok(UPLOAD_REPLY))
    loop = asyncio.get_running_loop()
    reading: asyncio.Future[None] = loop.create_future()
    answer = threading.Event()
    answered: list[bool] = []
    opened: list[_WatchedFile] = []

    class SlowShare(_WatchedFile):
        """As a file object does, a close waits for the read under way."""

        lock = threading.Lock()

        def read(self, size: int | None = -1, /) -> bytes:
            with self.lock:
                loop.call_soon_threadsafe(reading.set_result, None)
                answered.append(answer.wait(timeout=5))
                return super().read(size)

        def close(self) -> None:
            with self.lock:
                super().close()

    def slow_share(path: Path) -> _WatchedFile:
        opened.append(SlowShare(path))
        return opened[-1]

    monkeypatch.setattr(client_module, "_open_for_upload", slow_share)
    upload = asyncio.create_task(client.upload_file(image, upload_path="kontext/9f8e7d"))
    await reading
    upload.cancel()
    with pytest.raises(asyncio.CancelledError):
        await upload
    answer.set()  # the share answers only now
    assert await asyncio.to_thread(opened[0].closed_event.wait, timeout=5)
    assert answered == [True]  # not given up on by its timeout while the cancel waited


async def test_upload_missing_file_is_input_error_offline(
    router: respx.MockRouter, client: KieClient, tmp_path: Path
) -> None:
    with pytest.raises(InputError):
        await client.upload_file(tmp_path / "nope.png", upload_path="a")
    with pytest.raises(InputError):
        await client.upload_file(tmp_path, upload_path="")
    assert router.calls.call_count == 0


async def test_upload_bytes_sends_a_data_url(router: respx.MockRouter, client: KieClient) -> None:
    route = router.post(B64_UPLOAD).mock(return_value=ok(UPLOAD_REPLY))
    uploaded = await client.upload_bytes(
        b"\x89PNG-small", upload_path="kontext/unique-1", file_name="ref.png", mime_type="image/png"
    )
    body = sent_json(route)
    assert set(body) == {"base64Data", "uploadPath", "fileName"}
    prefix, encoded = body["base64Data"].split(",", 1)
    assert prefix == "data:image/png;base64"
    assert base64.b64decode(encoded) == b"\x89PNG-small"
    assert body["uploadPath"] == "kontext/unique-1"
    assert body["fileName"] == "ref.png"
    assert route.calls.last.request.headers["authorization"] == f"Bearer {KEY}"
    assert uploaded.download_url == UPLOAD_REPLY["downloadUrl"]


@pytest.mark.parametrize(
    "reply",
    [
        httpx.Response(200, json=env(data={"filePath": "x"})),
        httpx.Response(200, json=env(data=None)),
        httpx.Response(200, json={"success": False, **env(data=UPLOAD_REPLY)}),
        httpx.Response(200, text="OK"),
    ],
)
async def test_upload_garbage_is_malformed(
    router: respx.MockRouter, client: KieClient, reply: httpx.Response
) -> None:
    router.post(B64_UPLOAD).mock(return_value=reply)
    with pytest.raises(MalformedReplyError):
        await client.upload_bytes(b"x", upload_path="a", file_name="a.png", mime_type="image/png")


async def test_upload_auth_error(router: respx.MockRouter, client: KieClient) -> None:
    router.post(B64_UPLOAD).mock(return_value=httpx.Response(200, json=env(401, "bad key")))
    with pytest.raises(AuthError):
        await client.upload_bytes(b"x", upload_path="a", file_name="a.png", mime_type="image/png")


CONTENT_POLICY_WORDS = re.compile(r"content policy|prompt|Rephrase", re.IGNORECASE)


@pytest.mark.parametrize(
    "endpoint", ["generate", "record-info", "credits", "download-url", "upload", "stream-upload"]
)
async def test_a_bare_400_is_not_called_a_content_policy_refusal(
    router: respx.MockRouter, client: KieClient, endpoint: str, tmp_path: Path
) -> None:
    """A gateway's "400 Bad Request" page says nothing of the prompt. Before: "KIE refused
    the prompt or image under its content policy. Rephrase the prompt or use another
    image." KIE documents 400 as content policy only in a task's errorCode."""
    reply = httpx.Response(400, html="<html><h1>400 Bad Request</h1>nginx</html>")
    for route in (router.post(GENERATE), router.get(RECORD), router.get(CREDITS)):
        route.mock(return_value=reply)
    for route in (router.post(DOWNLOAD), router.post(B64_UPLOAD), router.post(STREAM_UPLOAD)):
        route.mock(return_value=reply)
    picture = tmp_path / "a.png"
    picture.write_bytes(b"png")
    calls = {
        "generate": lambda: client.generate(GenerateRequest(prompt="x")),
        "record-info": lambda: client.record_info("t1"),
        "credits": lambda: client.credits(),
        "download-url": lambda: client.download_url(RESULT),
        "upload": lambda: client.upload_bytes(
            b"x", upload_path="a", file_name="a.png", mime_type="image/png"
        ),
        "stream-upload": lambda: client.upload_file(picture, upload_path="a"),
    }
    with pytest.raises(KieError) as caught:
        await calls[endpoint]()
    assert not isinstance(caught.value, ContentPolicyError)
    words = explain(caught.value)
    assert not CONTENT_POLICY_WORDS.search(f"{words.message} {words.hint}"), words


async def test_an_upload_refused_with_code_400_is_not_called_a_content_policy_refusal(
    router: respx.MockRouter, client: KieClient, tmp_path: Path
) -> None:
    """KIE's upload service answers code 400 for an upload it cannot take ("No file content
    was received"). Before: the job failed as the artist's prompt or image refused under
    the content policy. Now it is KIE's error, in KIE's words."""
    said = "No file content was received"
    router.post(STREAM_UPLOAD).mock(return_value=httpx.Response(200, json=env(400, said)))
    picture = tmp_path / "a.png"
    picture.write_bytes(b"png")
    with pytest.raises(KieError) as caught:
        await client.upload_file(picture, upload_path="a")
    assert not isinstance(caught.value, ContentPolicyError)
    assert caught.value.answered and caught.value.message == said
    words = explain(caught.value)
    assert not CONTENT_POLICY_WORDS.search(f"{words.message} {words.hint}"), words
    assert f"KIE says: “{said}”" in words.message


# Result fetch.


async def test_fetch_sends_no_authorization(router: respx.MockRouter, client: KieClient) -> None:
    route = router.get(RESULT).mock(
        return_value=httpx.Response(
            200, content=b"PNGDATA", headers={"content-type": "image/PNG; charset=binary"}
        )
    )
    body, content_type = await client.fetch(RESULT, max_bytes=1000)
    assert (body, content_type) == (b"PNGDATA", "image/png")
    headers = route.calls.last.request.headers
    assert "authorization" not in headers
    assert KEY not in str(headers.raw)
    assert headers["user-agent"].startswith("KontextStudio/")


async def test_fetch_follows_redirects_without_authorization(
    router: respx.MockRouter, client: KieClient
) -> None:
    router.get(RESULT).mock(
        return_value=httpx.Response(302, headers={"location": "https://cdn2.kie.test/r.png"})
    )
    final = router.get("https://cdn2.kie.test/r.png").mock(
        return_value=httpx.Response(200, content=b"img", headers={"content-type": "image/jpeg"})
    )
    assert await client.fetch(RESULT, max_bytes=100) == (b"img", "image/jpeg")
    assert "authorization" not in final.calls.last.request.headers


@pytest.mark.parametrize("status", [403, 404, 410, 422])
async def test_fetch_gone_is_expired(
    router: respx.MockRouter, client: KieClient, status: int
) -> None:
    router.get(RESULT).mock(return_value=httpx.Response(status, text="AccessDenied"))
    with pytest.raises(ExpiredResultError) as caught:
        await client.fetch(RESULT, max_bytes=100)
    assert caught.value.code == status


@pytest.mark.parametrize(
    ("status", "cls"), [(500, ServerError), (503, ServerError), (429, RateLimitedError)]
)
async def test_fetch_other_failures_are_typed(
    router: respx.MockRouter, client: KieClient, status: int, cls: type[KieError]
) -> None:
    router.get(RESULT).mock(return_value=httpx.Response(status))
    with pytest.raises(cls):
        await client.fetch(RESULT, max_bytes=100)


@pytest.mark.parametrize(
    ("retry_after", "asked"),
    [
        ("90", 90.0),
        ("Sun, 06 Nov 1994 08:49:37 GMT", None),  # a date gone by
        ("soon", None),
        ("999999999", 24 * 3600.0),  # asking longer never waits less: read as a day
        (
            "\u00b2".encode("latin-1"),
            None,
        ),  # a digit to str.isdigit, none to float: once a crash of the job
        ("-5", None),
        (None, None),
    ],
)
async def test_a_429_says_how_long_it_asked_to_wait(
    router: respx.MockRouter,
    client: KieClient,
    retry_after: str | bytes | None,
    asked: float | None,
) -> None:
    """KIE's (or its gateway's) 429 may carry Retry-After, in seconds or as an HTTP date:
    the error keeps the wait it asked for, for the engine's back-off; one unreadable, past
    or absurd is left out. Both on download-url (KIE's API) and on the result's fetch."""
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    router.post(DOWNLOAD).mock(return_value=httpx.Response(429, headers=headers))
    router.get(RESULT).mock(return_value=httpx.Response(429, headers=headers))
    with pytest.raises(RateLimitedError) as from_api:
        await client.download_url(RESULT)
    with pytest.raises(RateLimitedError) as from_host:
        await client.fetch(RESULT, max_bytes=100)
    assert from_api.value.retry_after_s == asked
    assert from_host.value.retry_after_s == asked


async def test_a_429_retry_after_as_a_date_is_the_wait_until_then(
    router: respx.MockRouter, client: KieClient
) -> None:
    """An HTTP date in Retry-After is the wait from now until it."""
    then = datetime.now(UTC).timestamp() + 600
    date = format_datetime(datetime.fromtimestamp(then, UTC), usegmt=True)
    router.post(DOWNLOAD).mock(return_value=httpx.Response(429, headers={"Retry-After": date}))
    with pytest.raises(RateLimitedError) as caught:
        await client.download_url(RESULT)
    assert caught.value.retry_after_s == pytest.approx(600.0, abs=5.0)


async def test_a_429_retry_after_date_naming_no_zone_is_read_as_gmt(
    router: respx.MockRouter, client: KieClient
) -> None:
    """An HTTP date is in GMT; one written with ``-0000`` (no zone named) is read as GMT
    too, not the computer's local time: far from GMT, the wait was off by hours."""
    zone = os.environ.get("TZ")
    os.environ["TZ"] = "America/Los_Angeles"
    time.tzset()
    try:
        then = datetime.now(UTC).timestamp() + 600
        date = format_datetime(datetime.fromtimestamp(then, UTC)).replace("+0000", "-0000")
        router.post(DOWNLOAD).mock(return_value=httpx.Response(429, headers={"Retry-After": date}))
        with pytest.raises(RateLimitedError) as caught:
            await client.download_url(RESULT)
    finally:
        if zone is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = zone
        time.tzset()
    assert caught.value.retry_after_s == pytest.approx(600.0, abs=5.0)


async def test_fetch_stops_at_declared_size(router: respx.MockRouter, client: KieClient) -> None:
    router.get(RESULT).mock(return_value=httpx.Response(200, content=b"x" * 1000))
    with pytest.raises(MalformedReplyError):
        await client.fetch(RESULT, max_bytes=999)
    assert await client.fetch(RESULT, max_bytes=1000) == (b"x" * 1000, "")


class Chunks(httpx.AsyncByteStream):
    """A body without Content-Length that counts how much of it was read."""

    def __init__(self, count: int, size: int) -> None:
        self.count, self.size, self.sent = count, size, 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for _ in range(self.count):
            self.sent += 1
            yield b"y" * self.size


async def test_fetch_stops_streaming_past_max_bytes(
    router: respx.MockRouter, client: KieClient
) -> None:
    stream = Chunks(count=1000, size=1024)
    router.get(RESULT).mock(return_value=httpx.Response(200, stream=stream))
    with pytest.raises(MalformedReplyError):
        await client.fetch(RESULT, max_bytes=10 * 1024)
    assert stream.sent <= 12


@pytest.mark.parametrize(
    "url", ["http://cdn.kie.test/a.png", "ftp://cdn.kie.test/a.png", "file:///etc/passwd", ""]
)
async def test_fetch_refuses_unsafe_urls_offline_as_kies_unusable_reply(
    router: respx.MockRouter, client: KieClient, url: str
) -> None:
    """The link is KIE's (a task's result): one that is not https is KIE's reply gone wrong.
    Before: "The request is not valid. Correct it and try again.", blaming the artist."""
    with pytest.raises(MalformedReplyError) as caught:
        await client.fetch(url, max_bytes=100)
    assert router.calls.call_count == 0
    words = explain(caught.value)
    assert words.message == (
        "KIE sent a reply the app does not understand. "
        "Cause: the link KIE gave to the picture is not an https address."
    )
    assert "Correct it" not in words.hint


async def test_fetch_plain_http_to_loopback(router: respx.MockRouter, client: KieClient) -> None:
    router.get("http://127.0.0.1:8765/r.png").mock(return_value=httpx.Response(200, content=b"i"))
    assert await client.fetch("http://127.0.0.1:8765/r.png", max_bytes=10) == (b"i", "")


@pytest.mark.parametrize("exc", [httpx.ConnectError, httpx.ReadTimeout, httpx.RemoteProtocolError])
async def test_fetch_transport_errors_are_network_errors(
    router: respx.MockRouter, client: KieClient, exc: type[httpx.TransportError]
) -> None:
    router.get(RESULT).mock(side_effect=exc("down"))
    with pytest.raises(NetworkError):
        await client.fetch(RESULT, max_bytes=100)


@pytest.mark.parametrize("exc", [httpx.RemoteProtocolError, httpx.ReadError, httpx.ConnectError])
async def test_a_failed_download_of_the_image_is_not_said_to_be_kie_unreachable(
    router: respx.MockRouter, client: KieClient, exc: type[httpx.TransportError]
) -> None:
    """The server holding a finished image dropping its download: KIE had answered. Before,
    the tile (and the status bar, told by the kind) said "KIE cannot be reached"."""
    router.get(RESULT).mock(side_effect=exc("peer closed connection"))
    with pytest.raises(NetworkError) as raised:
        await client.fetch(RESULT, max_bytes=100)
    error = raised.value
    assert error.kind != NetworkError.kind
    words = explain_kind(error.kind, error.message, Facts(charged=True))
    assert "KIE cannot be reached" not in words.message
    assert words.message.startswith("The finished image could not be downloaded.")
    assert "Retry gets its image without paying again" in words.hint


# Logging and the key.


async def test_each_request_is_logged_at_debug(
    router: respx.MockRouter, client: KieClient, caplog: pytest.LogCaptureFixture
) -> None:
    router.get(CREDITS).mock(return_value=ok(3))
    with caplog.at_level(logging.DEBUG, logger="kontext_studio"):
        await client.credits()
    entries = [r for r in caplog.records if getattr(r, "event", None) == "kie.request"]
    assert len(entries) == 1
    entry = entries[0]
    assert entry.levelno == logging.DEBUG
    assert entry.__dict__["endpoint"] == "credits"
    assert entry.__dict__["status"] == 200
    assert entry.__dict__["duration_ms"] >= 0


async def test_the_log_tells_the_wait_for_a_slot_from_the_request_itself(
    router: respx.MockRouter, client: KieClient, caplog: pytest.LogCaptureFixture
) -> None:
    """A poll that queued behind others is not a slow server: the log says which it was."""
    release = asyncio.Event()

    async def held(request: httpx.Request) -> httpx.Response:
        if request.url.params["taskId"] != "late":
            await release.wait()
        return record(taskId=request.url.params["taskId"])

    router.get(RECORD).mock(side_effect=held)
    slots = client._api_slots
    with caplog.at_level(logging.DEBUG, logger="kontext_studio"):
        early = [asyncio.create_task(client.record_info(f"t{i}")) for i in range(slots.limit)]
        waiting = asyncio.create_task(client.record_info("late"))
        await asyncio.sleep(0.3)
        release.set()
        await asyncio.gather(*early, waiting)
    entries = [r.__dict__ for r in caplog.records if getattr(r, "event", None) == "kie.request"]
    # Compared within each entry, and against 0.2 s of the 0.3 s hold: no race with the clock.
    late = entries[-1]
    assert late["slot_wait_ms"] > max(200, late["duration_ms"])
    assert all(e["duration_ms"] > max(200, e["slot_wait_ms"]) for e in entries[:-1])


async def test_task_creation_log_cuts_the_prompt(
    router: respx.MockRouter, client: KieClient, caplog: pytest.LogCaptureFixture
) -> None:
    router.post(GENERATE).mock(return_value=task_reply("t9"))
    with caplog.at_level(logging.DEBUG, logger="kontext_studio"):
        await client.generate(GenerateRequest(prompt="p" * 3000))
    text = "\n".join(JsonFormatter().format(r) for r in caplog.records)
    assert "t9" in text
    assert "p" * 101 not in text


ECHO = f"invalid header Authorization: Bearer {KEY}"
LEAK_SCENARIOS: list[tuple[str, Any]] = [
    ("credits", httpx.Response(200, json=env(401, ECHO))),
    ("credits", httpx.Response(401, text=ECHO)),
    ("credits", httpx.Response(500, json=env(999, ECHO))),
    ("credits", httpx.ConnectError(ECHO)),
    ("generate", httpx.Response(200, json=env(401, ECHO))),
    ("generate", httpx.Response(200, json=env(408, ECHO))),
    ("generate", httpx.Response(403, text=ECHO)),
    ("generate", httpx.Response(200, text=ECHO)),
    ("generate", httpx.ReadTimeout(ECHO)),
    ("record", httpx.Response(200, json=env(422, ECHO))),
    ("record", httpx.Response(200, json=env(data={"taskId": "t1", "successFlag": ECHO}))),
    ("upload", httpx.Response(200, json=env(402, ECHO))),
    ("fetch", httpx.Response(403, text=ECHO)),
]


@pytest.mark.parametrize(("endpoint", "outcome"), LEAK_SCENARIOS)
async def test_key_never_appears_in_errors_or_logs(
    router: respx.MockRouter,
    client: KieClient,
    caplog: pytest.LogCaptureFixture,
    endpoint: str,
    outcome: Any,
) -> None:
    mock = {"side_effect": outcome} if isinstance(outcome, Exception) else {"return_value": outcome}
    router.get(CREDITS).mock(**mock)
    router.post(GENERATE).mock(**mock)
    router.get(RECORD).mock(**mock)
    router.post(B64_UPLOAD).mock(**mock)
    router.get(RESULT).mock(**mock)
    calls = {
        "credits": lambda: client.credits(),
        "generate": lambda: client.generate(GenerateRequest(prompt="x")),
        "record": lambda: client.record_info("t1"),
        "upload": lambda: client.upload_bytes(
            b"x", upload_path="a", file_name="a.png", mime_type="image/png"
        ),
        "fetch": lambda: client.fetch(RESULT, max_bytes=100),
    }
    with caplog.at_level(logging.DEBUG), pytest.raises(KontextError) as caught:
        await calls[endpoint]()
    error = caught.value
    assert KEY not in str(error)
    assert KEY not in repr(error)
    assert KEY not in error.message
    assert KEY not in repr(error.args)
    for entry in caplog.records:
        assert KEY not in entry.getMessage()
        assert KEY not in repr(entry.__dict__.get("args"))
        for field, value in vars(entry).items():
            if field not in {"exc_info", "exc_text", "stack_info"}:
                assert KEY not in repr(value)


# How many requests are in flight.


async def test_many_polls_at_once_are_held_to_the_slots_and_all_answered(
    router: respx.MockRouter, client: KieClient
) -> None:
    in_flight = 0
    most = 0

    async def answer(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        await asyncio.sleep(0.002)
        in_flight -= 1
        return record(taskId=request.url.params["taskId"])

    router.get(RECORD).mock(side_effect=answer)
    records = await asyncio.gather(*(client.record_info(f"t{i}") for i in range(200)))
    assert [r.task_id for r in records] == [f"t{i}" for i in range(200)]
    assert 2 <= most <= MAX_SLOTS


async def test_an_upload_is_not_queued_behind_polls(
    router: respx.MockRouter, client: KieClient
) -> None:
    stalled = asyncio.Event()

    async def stuck(request: httpx.Request) -> httpx.Response:
        await stalled.wait()
        return record(taskId=request.url.params["taskId"])

    router.get(RECORD).mock(side_effect=stuck)
    router.post(B64_UPLOAD).mock(return_value=ok(UPLOAD_REPLY))
    polls = [asyncio.create_task(client.record_info(f"t{i}")) for i in range(MAX_SLOTS + 5)]
    await asyncio.sleep(0.01)
    uploaded = await asyncio.wait_for(
        client.upload_bytes(
            b"\x89PNG", upload_path="k/1", file_name="r.png", mime_type="image/png"
        ),
        2.0,
    )
    assert uploaded.download_url == UPLOAD_REPLY["downloadUrl"]
    assert not any(p.done() for p in polls)
    stalled.set()
    await asyncio.gather(*polls)


def test_a_reply_that_echoes_the_prompt_is_logged_cut_as_prompts_are(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Review finding: a reply that was not an envelope was logged with 300 characters of
    its body, a prompt echoed in ``paramJson`` among them; prompts are logged cut to 100."""
    from kontext_studio.kie import envelope
    from kontext_studio.logs import PROMPT_LOG_CHARS

    prompt = "a secret garden " * 40
    body = json.dumps({"data": {"paramJson": json.dumps({"prompt": prompt})}}).encode()
    with (
        caplog.at_level(logging.INFO, logger="kontext_studio.kie.envelope"),
        pytest.raises(KontextError),
    ):
        envelope.unwrap(200, body, record=True)
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "a secret garden" in logged
    assert logged.count("a secret garden") * len("a secret garden ") <= PROMPT_LOG_CHARS


@pytest.fixture
def tls_contexts_made(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """kie.client as a new process has it (no TLS context made yet); the list names the
    thread of each TLS context made (each read of the CA bundle)."""
    from kontext_studio.kie import client as module

    module._tls_context.cache_clear()
    made: list[str] = []
    real = httpx.create_ssl_context

    def counted(*args: Any, **kwargs: Any) -> Any:
        made.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(httpx, "create_ssl_context", counted)
    yield made
    module._tls_context.cache_clear()


async def test_the_ca_bundle_is_read_once_for_the_first_request_and_not_on_the_loops_thread(
    router: respx.MockRouter, tls_contexts_made: list[str]
) -> None:
    router.get(CREDITS).mock(return_value=ok(5))
    first = KieClient(KEY, base_url=BASE)
    second = KieClient(KEY, base_url=BASE)
    assert tls_contexts_made == [], "making a client (the window's start) reads no CA bundle"
    try:
        assert await asyncio.gather(first.credits(), first.credits(), second.credits()) == [5] * 3
    finally:
        await first.aclose()
        await second.aclose()
    assert len(tls_contexts_made) == 1
    assert tls_contexts_made[0] != threading.current_thread().name


async def test_a_tls_context_that_cannot_be_made_is_a_typed_error_and_nothing_is_sent(
    router: respx.MockRouter,
    tls_contexts_made: list[str],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An SSL_CERT_FILE that names no readable file (httpx reads it for every TLS context).
    Before: a plain network error, "KIE cannot be reached. Check your internet connection",
    retried for half an hour, and nothing in the log said why."""

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr(httpx, "create_ssl_context", broken)
    monkeypatch.setenv("SSL_CERT_FILE", "/nowhere/ca.pem")
    route = router.post(GENERATE).mock(return_value=task_reply())
    with caplog.at_level(logging.INFO, logger="kontext_studio"):
        async with KieClient(KEY, base_url=BASE) as kie:
            with pytest.raises(TlsSetupError) as raised:
                await kie.generate(GenerateRequest(prompt="a lighthouse at dusk"))
    assert not isinstance(raised.value, NetworkError | OutcomeUnknownError)
    assert not route.called
    words = explain(raised.value)
    assert "internet" not in words.sentences()
    assert "This request was not sent" in words.hint and "SSL_CERT_FILE" in words.hint
    (logged,) = [r for r in caplog.records if getattr(r, "event", "") == "kie.tls_setup_failed"]
    assert logged.levelno == logging.WARNING
    assert logged.variable == "SSL_CERT_FILE"
    assert KEY not in "\n".join(JsonFormatter().format(r) for r in caplog.records)


async def test_a_client_closed_while_its_first_request_waits_makes_no_connection(
    router: respx.MockRouter, tls_contexts_made: list[str]
) -> None:
    route = router.get(CREDITS).mock(return_value=ok(5))
    kie = KieClient(KEY, base_url=BASE)
    first = asyncio.ensure_future(kie.credits())
    await asyncio.sleep(0)  # the request waits for its TLS context in a worker thread
    await kie.aclose()
    with pytest.raises(NetworkError):
        await first
    assert not route.called


@pytest.mark.parametrize("endpoint", ["generate", "fetch"])
async def test_a_request_waiting_for_a_slot_when_the_client_closes_is_never_sent(
    router: respx.MockRouter, endpoint: str
) -> None:
    """A request that waited (for a free connection, or for its clients to be made) while the
    client was closed must not go out. Before: it was marked as on the wire (a generate's
    job then read as possibly charged) and failed with httpx's RuntimeError, no typed error."""
    holding: list[httpx.Request] = []
    freed = asyncio.Event()

    async def hold(request: httpx.Request) -> httpx.Response:
        holding.append(request)
        await freed.wait()
        return record()

    busy_result = "https://cdn.kie.test/results/busy.png"
    router.get(RECORD).mock(side_effect=hold)
    router.get(busy_result).mock(side_effect=hold)
    generate = router.post(GENERATE).mock(return_value=task_reply())
    result = router.get(RESULT).mock(return_value=httpx.Response(200, content=b"png"))
    kie = KieClient(KEY, base_url=BASE)
    kie._api_slots = AdaptiveConcurrency(1, low=1, high=1)
    kie._public_slots = AdaptiveConcurrency(1, low=1, high=1)
    wired: list[str] = []
    if endpoint == "fetch":
        busy = asyncio.ensure_future(kie.fetch(busy_result, max_bytes=100))
        waiting = asyncio.ensure_future(kie.fetch(RESULT, max_bytes=100))
    else:
        busy = asyncio.ensure_future(kie.record_info("t1"))
        request = GenerateRequest(prompt="a lighthouse at dusk")
        waiting = asyncio.ensure_future(
            kie.generate(request, on_wire=lambda: wired.append("on the wire"))
        )
    while not holding:  # the only slot is taken: the second request waits for it
        await asyncio.sleep(0.01)
    await kie.aclose()
    freed.set()
    await asyncio.gather(busy, return_exceptions=True)
    with pytest.raises(NetworkError) as raised:
        await waiting
    assert not isinstance(raised.value, OutcomeUnknownError)
    assert wired == []
    assert not generate.called
    assert not result.called


async def test_a_generate_that_waited_for_its_slot_is_asked_whether_it_is_still_wanted(
    router: respx.MockRouter,
) -> None:
    """A generate that waited for a free connection asks its caller, as it gets the slot,
    whether it is still wanted (another process may have cancelled its job meanwhile), as
    does the first, which waits for the clients to be made: what that raises goes out, and
    nothing is sent. One that had its slot at once is not asked:
    no look at the library on every send (the engine's benchmarks would see it)."""
    freed = asyncio.Event()

    async def hold(request: httpx.Request) -> httpx.Response:
        await freed.wait()
        return record()

    router.get(RECORD).mock(side_effect=hold)
    generate = router.post(GENERATE).mock(return_value=task_reply())
    kie = KieClient(KEY, base_url=BASE)
    kie._api_slots = AdaptiveConcurrency(1, low=1, high=1)
    asked: list[str] = []
    wired: list[str] = []

    async def given_up() -> None:
        asked.append("asked")
        raise InputError("given up")

    request = GenerateRequest(prompt="a lighthouse at dusk")
    try:
        with pytest.raises(InputError):  # it waited for the clients to be made
            await kie.generate(request, still_wanted=given_up)
        assert asked == ["asked"] and not generate.called
        assert await kie.generate(request, still_wanted=given_up) == "task-1"
        assert asked == ["asked"] and generate.call_count == 1  # the slot was free: not asked
        busy = asyncio.ensure_future(kie.record_info("t1"))
        while not kie._api_slots.in_flight:
            await asyncio.sleep(0.01)
        waiting = asyncio.ensure_future(
            kie.generate(
                request, on_wire=partial(wired.append, "on the wire"), still_wanted=given_up
            )
        )
        await asyncio.sleep(0.05)
        freed.set()
        await busy
        with pytest.raises(InputError):
            await waiting
    finally:
        await kie.aclose()
    assert asked == ["asked"] * 2 and wired == []
    assert generate.call_count == 1  # the one that waited never went out
