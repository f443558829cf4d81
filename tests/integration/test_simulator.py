"""The bundled KIE simulator speaks KIE's contract over real HTTP on 127.0.0.1."""

from __future__ import annotations

import base64
import errno
import gc
import io
import json
import logging
import math
import os
import signal
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image, ImageChops, ImageStat

from kontext_studio.errors import InputError
from kontext_studio.explain import explain
from kontext_studio.kie import client as client_module
from kontext_studio.kie.client import KieClient
from kontext_studio.kie.models import parse_timestamp
from kontext_studio.session import DEMO_LATENCY_ENV, Session, open_session
from kontext_studio.simulator import Faults, Simulator, SimulatorConfig
from kontext_studio.simulator.journal import TaskJournal
from kontext_studio.simulator.render import size_for_ratio

GENERATE = "/api/v1/flux/kontext/generate"
RECORD = "/api/v1/flux/kontext/record-info"
CREDIT = "/api/v1/chat/credit"
DOWNLOAD_URL = "/api/v1/common/download-url"
STREAM_UPLOAD = "/api/file-stream-upload"
BASE64_UPLOAD = "/api/file-base64-upload"
SAFETY_MESSAGE = "The security tolerance level is out of range and should be 0-2 or 0-6"
FAST = SimulatorConfig(latency_s=(0.02, 0.08), megapixels=0.1, seed=7)


def wait_for(condition: Callable[[], Any], timeout: float = 5.0) -> Any:
    """Poll ``condition`` until it returns something truthy; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.01)
    pytest.fail(f"condition not met within {timeout} s")


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator(FAST) as simulator:
        yield simulator


@pytest.fixture
def client(sim: Simulator) -> Iterator[httpx.Client]:
    headers = {"Authorization": "Bearer test-key", "User-Agent": "kontext-studio-tests"}
    with httpx.Client(base_url=sim.base_url, headers=headers, timeout=5.0) as http:
        yield http


@pytest.fixture
def anon(sim: Simulator) -> Iterator[httpx.Client]:
    """No Authorization header: how result files are fetched."""
    with httpx.Client(base_url=sim.base_url, timeout=5.0) as http:
        yield http


def generate(client: httpx.Client, **body: Any) -> dict[str, Any]:
    reply = client.post(GENERATE, json=body)
    assert reply.status_code == 200
    envelope: dict[str, Any] = reply.json()
    return envelope


def finished(client: httpx.Client, task_id: str) -> dict[str, Any]:
    def record() -> dict[str, Any] | None:
        data: dict[str, Any] = client.get(RECORD, params={"taskId": task_id}).json()["data"]
        return data if data["successFlag"] != 0 else None

    result: dict[str, Any] = wait_for(record)
    return result


def image_of(reply: httpx.Response) -> Image.Image:
    assert reply.status_code == 200
    image = Image.open(io.BytesIO(reply.content))
    image.load()
    return image


def upload_png(client: httpx.Client, source: bytes, folder: str) -> dict[str, Any]:
    """Stream-upload ``source`` as ``folder/in.png``; the reply's ``data``."""
    reply = client.post(
        STREAM_UPLOAD,
        files={"file": ("in.png", source, "image/png")},
        data={"uploadPath": folder, "fileName": "in.png"},
    )
    data: dict[str, Any] = reply.json()["data"]
    return data


def png_bytes(size: tuple[int, int], colour: tuple[int, int, int] = (200, 40, 40)) -> bytes:
    buffer = io.BytesIO()
    picture = Image.new("RGB", size, colour)
    picture.paste((30, 90, 220), (0, 0, size[0] // 3, size[1]))
    picture.save(buffer, "PNG")
    return buffer.getvalue()


def test_text_to_image_follows_the_envelope_contract(
    sim: Simulator, client: httpx.Client, anon: httpx.Client
) -> None:
    reply = generate(
        client, prompt="a lighthouse at dawn", aspectRatio="1:1", model="flux-kontext-max"
    )
    assert reply["code"] == 200 and reply["msg"] == "success"
    task_id = reply["data"]["taskId"]
    assert len(task_id) == 32 and int(task_id, 16) >= 0

    data = finished(client, task_id)

    assert data["successFlag"] == 1
    assert data["errorCode"] is None
    assert json.loads(data["paramJson"]) == {
        "prompt": "a lighthouse at dawn",
        "aspectRatio": "1:1",
        "model": "flux-kontext-max",
    }
    created, completed = parse_timestamp(data["createTime"]), parse_timestamp(data["completeTime"])
    assert created is not None and completed is not None and created <= completed
    # Result files are public, like a CDN: no Authorization header.
    result = anon.get(data["response"]["resultImageUrl"])
    assert result.headers["content-type"] == "image/jpeg"
    assert int(result.headers["content-length"]) == len(result.content)
    assert image_of(result).size == size_for_ratio("1:1", 0.1)
    assert image_of(anon.get(data["response"]["originImageUrl"])).format == "JPEG"
    assert sim.credits == pytest.approx(1000.0 - 10.0)


def test_each_task_of_one_prompt_is_another_picture_and_stays_the_same(
    client: httpx.Client, anon: httpx.Client
) -> None:
    """Four images of one prompt differ, as KIE's do; one task's result is always the same."""
    urls = []
    for _ in range(2):
        task_id = generate(client, prompt="a red kite", aspectRatio="1:1")["data"]["taskId"]
        urls.append(finished(client, task_id)["response"]["resultImageUrl"])
    first, second = (anon.get(url).content for url in urls)
    assert first != second
    assert anon.get(urls[0]).content == first


def test_a_pending_task_has_no_response_and_no_complete_time(
    sim: Simulator, client: httpx.Client
) -> None:
    sim.update(latency_s=(30.0, 30.0))
    task_id = generate(client, prompt="slow")["data"]["taskId"]

    data = client.get(RECORD, params={"taskId": task_id}).json()["data"]

    assert data["successFlag"] == 0
    assert data["response"] is None and data["completeTime"] is None
    assert json.loads(data["paramJson"]) == {"prompt": "slow"}


def test_sizes_follow_the_ratio_in_multiples_of_32() -> None:
    assert size_for_ratio("1:1") == (1024, 1024)
    for ratio in ("21:9", "16:9", "4:3", "3:4", "9:16"):
        width, height = size_for_ratio(ratio, 2.0)
        across, down = (int(part) for part in ratio.split(":"))
        assert width % 32 == 0 and height % 32 == 0
        assert width / height == pytest.approx(across / down, rel=0.05)
        assert width * height == pytest.approx(2 * 1024 * 1024, rel=0.06)


def test_edit_of_an_upload_keeps_the_input_ratio(
    sim: Simulator, client: httpx.Client, anon: httpx.Client
) -> None:
    source = png_bytes((600, 400))
    upload = client.post(
        STREAM_UPLOAD,
        files={"file": ("local name.png", source, "image/png")},
        data={"uploadPath": "kontext/abc123", "fileName": "input.png"},
    ).json()
    assert upload["success"] is True and upload["code"] == 200
    info = upload["data"]
    assert info["fileName"] == "input.png" and info["filePath"] == "kontext/abc123/input.png"
    assert info["fileSize"] == len(source) and info["mimeType"] == "image/png"
    assert parse_timestamp(info["uploadedAt"]) is not None
    assert anon.get(info["downloadUrl"]).content == source

    task_id = generate(
        client, prompt="make it night", inputImage=info["downloadUrl"], outputFormat="png"
    )["data"]["taskId"]
    data = finished(client, task_id)

    assert data["successFlag"] == 1
    result = anon.get(data["response"]["resultImageUrl"])
    assert result.headers["content-type"] == "image/png"
    edited = image_of(result)
    assert edited.format == "PNG"
    assert edited.width / edited.height == pytest.approx(1.5, rel=0.04)
    original = Image.open(io.BytesIO(source)).convert("RGB").resize(edited.size)
    difference = ImageStat.Stat(ImageChops.difference(original, edited.convert("RGB")))
    assert sum(difference.mean) > 60  # visibly transformed, not a copy


async def test_the_apps_stream_upload_arrives_whole_under_its_name(
    sim: Simulator, anon: httpx.Client, tmp_path: Path
) -> None:
    """The app's own client sends the file in pieces it reads as it goes: the simulator
    (as KIE) gets every byte, under the artist's file name, non-ASCII letters included."""
    source = png_bytes((600, 400)) + bytes(range(256)) * 1024  # several pieces
    picture = tmp_path / "café fox.png"
    picture.write_bytes(source)
    async with KieClient("test-key-0001", base_url=sim.base_url, upload_url=sim.base_url) as kie:
        uploaded = await kie.upload_file(picture, upload_path="kontext/stream")
    assert uploaded.file_path == "kontext/stream/café fox.png"
    assert uploaded.file_size == len(source) and uploaded.mime_type == "image/png"
    assert anon.get(uploaded.download_url).content == source


class _RewrittenAsRead(io.BufferedReader):
    """A reference another program rewrites, to ``then``, as soon as it is first read."""

    def __init__(self, path: Path, then: bytes) -> None:
        super().__init__(io.FileIO(path, "rb"))
        self._rewrite: Callable[[], object] | None = partial(path.write_bytes, then)

    def read(self, size: int | None = -1, /) -> bytes:
        if self._rewrite is not None:
            self._rewrite, rewrite = None, self._rewrite
            rewrite()
        return super().read(size)


@pytest.mark.parametrize("then", [b"\x89PNG", png_bytes((600, 400)) * 2], ids=["cut", "grown"])
async def test_a_reference_rewritten_as_it_is_sent_is_refused_in_words(
    sim: Simulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, then: bytes
) -> None:
    """Before: its bytes no longer matched the size announced, and the connection's own
    exception (h11's LocalProtocolError) left the client as a traceback, for the engine to
    take for a bug. Now the artist is told, and Retry reads the file anew."""
    picture = tmp_path / "fox.png"
    picture.write_bytes(png_bytes((600, 400)))
    monkeypatch.setattr(client_module, "_open_for_upload", partial(_RewrittenAsRead, then=then))
    async with KieClient("test-key-0001", base_url=sim.base_url, upload_url=sim.base_url) as kie:
        with pytest.raises(InputError) as caught:
            await kie.upload_file(picture, upload_path="kontext/stream")
    said = explain(caught.value).message
    assert "The reference image fox.png changed while it was being sent." in said


def test_edit_with_a_ratio_crops_to_it_and_base64_uploads_take_data_urls(
    client: httpx.Client, anon: httpx.Client
) -> None:
    encoded = base64.b64encode(png_bytes((300, 500))).decode()
    upload = client.post(
        BASE64_UPLOAD,
        json={
            "base64Data": f"data:image/png;base64,{encoded}",
            "uploadPath": "kontext/b64",
            "fileName": "tall.png",
        },
    ).json()
    assert upload["success"] is True and upload["data"]["mimeType"] == "image/png"

    task_id = generate(
        client, prompt="widen", inputImage=upload["data"]["downloadUrl"], aspectRatio="16:9"
    )["data"]["taskId"]
    data = finished(client, task_id)

    edited = image_of(anon.get(data["response"]["resultImageUrl"]))
    assert edited.size == size_for_ratio("16:9", 0.1)


def test_an_input_on_another_loopback_server_is_fetched(
    client: httpx.Client, anon: httpx.Client
) -> None:
    with Simulator(FAST) as other:
        upload = anon.post(
            other.base_url + STREAM_UPLOAD,
            headers={"Authorization": "Bearer k"},
            files={"file": ("a.png", png_bytes((400, 400)), "image/png")},
            data={"uploadPath": "elsewhere"},
        ).json()
        task_id = generate(client, prompt="square", inputImage=upload["data"]["downloadUrl"])[
            "data"
        ]["taskId"]
        data = finished(client, task_id)
    assert data["successFlag"] == 1
    assert upload["data"]["fileName"].endswith(".png")


def test_an_unreachable_input_fails_creation_and_costs_nothing(
    sim: Simulator, client: httpx.Client
) -> None:
    for url in ("https://example.com/cat.png", f"{sim.base_url}/files/uploads/missing.png"):
        task_id = generate(client, prompt="edit", inputImage=url)["data"]["taskId"]
        data = finished(client, task_id)
        assert data["successFlag"] == 2
        assert data["response"] is None
    assert sim.credits == 1000.0


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer invalid-key"},
        {"Authorization": "k"},
    ],
)
def test_a_missing_or_rejected_key_is_401_inside_http_200(
    sim: Simulator, headers: dict[str, str], anon: httpx.Client
) -> None:
    for path, method in ((GENERATE, "POST"), (CREDIT, "GET"), (RECORD, "GET")):
        reply = anon.request(method, sim.base_url + path, headers=headers, json={"prompt": "x"})
        assert reply.status_code == 200
        assert reply.json()["code"] == 401
    upload = anon.post(sim.base_url + BASE64_UPLOAD, headers=headers, json={}).json()
    assert upload["code"] == 401 and upload["success"] is False
    assert sim.tasks == []


def test_a_configured_key_is_the_only_one_accepted(sim: Simulator, anon: httpx.Client) -> None:
    sim.update(api_key="the-right-key")
    wrong = anon.get(sim.base_url + CREDIT, headers={"Authorization": "Bearer other"})
    right = anon.get(sim.base_url + CREDIT, headers={"Authorization": "Bearer the-right-key"})
    assert wrong.json()["code"] == 401
    assert right.json() == {"code": 200, "msg": "success", "data": 1000.0}


def test_insufficient_credits_is_402_and_creates_nothing(
    sim: Simulator, client: httpx.Client
) -> None:
    sim.update(credits=7.5)
    assert generate(client, prompt="pro", model="flux-kontext-pro")["code"] == 200
    assert client.get(CREDIT).json()["data"] == 2.5

    reply = generate(client, prompt="max", model="flux-kontext-max")

    assert reply["code"] == 402 and reply["data"] is None
    assert [task.prompt for task in sim.tasks] == ["pro"]
    assert sim.credits == 2.5


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"prompt": "   "},
        {"prompt": 5},
        {"prompt": "x", "aspectRatio": "16:21"},
        {"prompt": "x", "model": "flux-kontext-ultra"},
        {"prompt": "x", "outputFormat": "webp"},
        {"prompt": "x", "safetyTolerance": "2"},
        {"prompt": "x", "inputImage": "/home/artist/cat.png"},
        {"prompt": "x", "enableTranslation": "yes"},
    ],
)
def test_invalid_requests_are_422_and_free(
    sim: Simulator, client: httpx.Client, body: dict[str, Any]
) -> None:
    reply = generate(client, **body)
    assert reply["code"] == 422 and reply["msg"]
    assert sim.tasks == [] and sim.credits == 1000.0


def test_a_body_that_is_not_json_is_422(sim: Simulator, client: httpx.Client) -> None:
    reply = client.post(GENERATE, content=b"prompt=hello", headers={"Content-Type": "text/plain"})
    assert reply.status_code == 200 and reply.json()["code"] == 422


def test_safety_tolerance_is_0_to_6_for_text_and_0_to_2_for_edits(
    sim: Simulator, client: httpx.Client
) -> None:
    upload = client.post(
        STREAM_UPLOAD, files={"file": ("a.png", png_bytes((64, 64)), "image/png")}
    ).json()
    url = upload["data"]["downloadUrl"]

    assert generate(client, prompt="x", safetyTolerance=6)["code"] == 200
    assert generate(client, prompt="x", inputImage=url, safetyTolerance=2)["code"] == 200
    for body in (
        {"prompt": "x", "safetyTolerance": 7},
        {"prompt": "x", "safetyTolerance": -1},
        {"prompt": "x", "inputImage": url, "safetyTolerance": 3},
    ):
        assert generate(client, **body) == {"code": 500, "msg": SAFETY_MESSAGE, "data": None}
    assert len(sim.tasks) == 2


def test_the_rate_limit_drops_excess_requests_without_charging(
    sim: Simulator, client: httpx.Client
) -> None:
    # A window long enough that five requests fit in it on a busy machine (0.3 s did not).
    sim.update(rate_limit=3, rate_window_s=1.0)
    codes = [generate(client, prompt=f"burst {n}")["code"] for n in range(5)]

    assert codes == [200, 200, 200, 429, 429]
    assert len(sim.tasks) == 3
    assert sim.credits == 1000.0 - 3 * 5.0
    assert len(sim.generate_requests) == 5
    # The window slides: the limit admits requests again once old ones age out.
    wait_for(lambda: generate(client, prompt="later")["code"] == 200)


def test_the_rate_limit_can_be_disabled(sim: Simulator, client: httpx.Client) -> None:
    sim.update(rate_limit=None)
    assert {generate(client, prompt=str(n))["code"] for n in range(25)} == {200}


def test_maintenance_answers_455_everywhere(sim: Simulator, client: httpx.Client) -> None:
    sim.update(maintenance=True)
    assert generate(client, prompt="x")["code"] == 455
    assert client.get(CREDIT).json()["code"] == 455
    assert client.get(RECORD, params={"taskId": "abc"}).json()["code"] == 455
    assert client.post(BASE64_UPLOAD, json={}).json()["code"] == 455
    assert sim.tasks == []

    sim.update(maintenance=False)
    assert generate(client, prompt="x")["code"] == 200


def test_the_content_policy_word_fails_the_task_with_400(client: httpx.Client) -> None:
    task_id = generate(client, prompt="Something FORBIDDEN here")["data"]["taskId"]
    data = finished(client, task_id)
    assert data["successFlag"] == 3
    assert data["errorCode"] == 400
    assert "content policy" in data["errorMessage"]
    assert data["response"] is None


def test_an_unknown_task_id_is_422_record_info_is_null(client: httpx.Client) -> None:
    reply = client.get(RECORD, params={"taskId": "nope"})
    assert reply.status_code == 200
    assert reply.json() == {"code": 422, "msg": "recordInfo is null", "data": None}


def test_an_expired_result_gets_a_fresh_link_from_download_url(
    sim: Simulator, client: httpx.Client, anon: httpx.Client
) -> None:
    sim.update(result_ttl_s=0.0)
    task_id = generate(client, prompt="ephemeral", outputFormat="png")["data"]["taskId"]
    stored_url = finished(client, task_id)["response"]["resultImageUrl"]

    expired = anon.get(stored_url)
    assert expired.status_code in (403, 404)
    assert expired.headers["content-type"].startswith("text/html")
    assert "expired" in expired.text.lower()

    fresh = client.post(DOWNLOAD_URL, json={"url": stored_url}).json()
    assert fresh["code"] == 200 and fresh["data"] != stored_url
    assert image_of(anon.get(fresh["data"])).format == "PNG"


def test_expire_results_and_download_url_only_for_its_own_urls(
    sim: Simulator, client: httpx.Client, anon: httpx.Client
) -> None:
    task_id = generate(client, prompt="kept")["data"]["taskId"]
    url = finished(client, task_id)["response"]["resultImageUrl"]
    assert anon.get(url).status_code == 200

    sim.expire_results()

    assert anon.get(url).status_code == 403
    for foreign in ("https://example.com/a.png", sim.base_url + "/files/uploads/unknown.png"):
        assert client.post(DOWNLOAD_URL, json={"url": foreign}).json()["code"] == 422
    assert client.post(DOWNLOAD_URL, json={}).json()["code"] == 422


def test_a_result_link_from_before_a_restart_is_404_once_its_task_is_gone(tmp_path) -> None:
    """The simulator restarted on the same port (``kontext-studio simulator --port``) knows
    none of the links it handed out before. KIE answers download-url for a file of its own
    it no longer has with 404 (kie-api.md), 422 only for an address that is no file of
    its own: so does the simulator, for a task it no longer has, and it gives a fresh link
    to one it still has (its journal's), as KIE would. Before, it answered 422 to both, and
    a result it had deleted was never said to be: the app offered a Retry that failed."""
    headers = {"Authorization": "Bearer k"}
    kept = SimulatorConfig(latency_s=(0.01, 0.01), megapixels=0.1, journal_dir=tmp_path)
    links = []
    with Simulator(FAST) as first, httpx.Client(base_url=first.base_url, headers=headers) as c:
        links.append(finished(c, generate(c, prompt="forgotten")["data"]["taskId"]))
        port = first.port
    with Simulator(kept, port=port) as then, httpx.Client(headers=headers) as c:
        c.base_url = httpx.URL(then.base_url)
        links.append(finished(c, generate(c, prompt="journaled")["data"]["taskId"]))
    forgotten, journaled = (record["response"]["resultImageUrl"] for record in links)

    with Simulator(kept, port=port) as restarted, httpx.Client(headers=headers) as c:
        asked = restarted.base_url + DOWNLOAD_URL
        assert c.post(asked, json={"url": forgotten}).json() == {
            "code": 404,
            "msg": "The file has expired and was deleted",
            "data": None,
        }
        fresh = c.post(asked, json={"url": journaled}).json()
        assert fresh["code"] == 200 and image_of(c.get(fresh["data"])).format == "JPEG"
        restarted.expire_results(deleted=True)
        assert c.post(asked, json={"url": journaled}).json()["code"] == 404


def test_results_expired_and_deleted_have_no_fresh_link_as_on_kie_after_14_days(
    sim: Simulator, client: httpx.Client, anon: httpx.Client
) -> None:
    """Expired alone, a result's link is refused and download-url gives a fresh one; once
    KIE has deleted it (after its 14 days) there is no fresh link either. Before, the
    simulator always gave one, and an expired link never made a download fail."""
    task_id = generate(client, prompt="deleted at last")["data"]["taskId"]
    url = finished(client, task_id)["response"]["resultImageUrl"]

    sim.expire_results()
    fresh = client.post(DOWNLOAD_URL, json={"url": url}).json()
    assert fresh["code"] == 200 and anon.get(fresh["data"]).status_code == 200

    sim.expire_results(deleted=True)
    assert anon.get(url).status_code == 403
    assert client.post(DOWNLOAD_URL, json={"url": url}).json()["code"] == 404
    assert anon.get(fresh["data"]).status_code == 403


def test_a_result_is_deleted_once_its_keeping_time_after_it_completed_is_over(
    sim: Simulator, client: httpx.Client, anon: httpx.Client
) -> None:
    """As KIE deletes a result 14 days after it is made, the simulator deletes one
    ``result_deleted_s`` after: download-url has no fresh link to it. Before, only
    expire_results(deleted=True), called in the simulator's own process, deleted any."""
    sim.update(result_ttl_s=0.0, result_deleted_s=0.0)
    task_id = generate(client, prompt="deleted in no time")["data"]["taskId"]
    url = finished(client, task_id)["response"]["resultImageUrl"]

    assert anon.get(url).status_code == 403
    assert client.post(DOWNLOAD_URL, json={"url": url}).json() == {
        "code": 404,
        "msg": "The file has expired and was deleted",
        "data": None,
    }


def test_an_http_5xx_fault_has_a_non_json_body(sim: Simulator, client: httpx.Client) -> None:
    sim.update(faults=Faults(http_error=1.0))
    reply = client.post(GENERATE, json={"prompt": "x"})
    assert reply.status_code == 502
    assert reply.headers["content-type"].startswith("text/html")
    assert "Bad Gateway" in reply.text

    sim.update(faults=Faults(http_error=1.0, http_error_status=500))
    plain = client.get(CREDIT)
    assert plain.status_code == 500 and plain.text == "error code: 500"
    assert sim.tasks == []


def test_envelope_faults_create_nothing(sim: Simulator, client: httpx.Client) -> None:
    sim.update(faults=Faults(envelope_error=1.0))
    assert generate(client, prompt="x")["code"] == 500
    sim.update(faults=Faults(rate_limited=1.0))
    assert generate(client, prompt="x")["code"] == 429
    assert sim.tasks == [] and sim.credits == 1000.0
    assert [record.fault for record in sim.requests] == ["envelope_error", "rate_limited"]


def test_a_dropped_reply_after_generate_leaves_a_task_the_client_never_saw(
    sim: Simulator, client: httpx.Client
) -> None:
    sim.update(faults=Faults(drop=1.0, endpoints=frozenset({"generate"})))

    with pytest.raises(httpx.RemoteProtocolError):
        client.post(GENERATE, json={"prompt": "lost reply"})

    assert sim.generate_count("lost reply") == 1
    assert len(sim.tasks_for_prompt("lost reply")) == 1
    assert client.get(CREDIT).json()["code"] == 200  # other endpoints unaffected


def test_a_truncated_body_raises(sim: Simulator, client: httpx.Client) -> None:
    sim.update(faults=Faults(truncate=1.0))
    with pytest.raises(httpx.RemoteProtocolError):
        client.get(CREDIT)


def test_a_timeout_fault_stalls_or_never_answers(sim: Simulator, client: httpx.Client) -> None:
    sim.update(faults=Faults(timeout=1.0, timeout_s=0.2))
    started = time.monotonic()
    assert client.get(CREDIT).json()["code"] == 200
    assert time.monotonic() - started >= 0.2

    sim.update(faults=Faults(timeout=1.0, timeout_s=None))
    with pytest.raises(httpx.ReadTimeout):
        client.get(CREDIT, timeout=0.3)


def test_file_faults_hit_result_downloads_when_enabled(
    sim: Simulator, client: httpx.Client, anon: httpx.Client
) -> None:
    task_id = generate(client, prompt="fragile")["data"]["taskId"]
    url = finished(client, task_id)["response"]["resultImageUrl"]
    sim.update(faults=Faults(truncate=1.0, endpoints=frozenset({"credit"})))
    assert anon.get(url).status_code == 200

    sim.update(faults=Faults(truncate=1.0, endpoints=frozenset({"credit"}), files=True))
    with pytest.raises(httpx.RemoteProtocolError):
        anon.get(url)
    sim.update(faults=Faults(drop=1.0, files=True))
    with pytest.raises(httpx.RemoteProtocolError):
        anon.get(url)


def test_task_failure_fault_ends_with_501(sim: Simulator, client: httpx.Client) -> None:
    sim.update(faults=Faults(task_failure=1.0))
    data = finished(client, generate(client, prompt="x")["data"]["taskId"])
    assert (data["successFlag"], data["errorCode"]) == (3, 501)


def test_faults_are_reproducible_with_a_seed() -> None:
    def fault_sequence() -> list[str | None]:
        config = SimulatorConfig(seed=42, faults=Faults(envelope_error=0.5))
        with Simulator(config) as simulator, httpx.Client(base_url=simulator.base_url) as http:
            for _ in range(12):
                http.get(CREDIT, headers={"Authorization": "Bearer k"})
            return [record.fault for record in simulator.requests]

    first = fault_sequence()
    assert first == fault_sequence()
    assert "envelope_error" in first and None in first


def test_a_slow_generate_reply_still_creates_the_task_exactly_once(
    sim: Simulator, client: httpx.Client
) -> None:
    sim.update(generate_delay_s=5.0)
    with pytest.raises(httpx.ReadTimeout):
        client.post(GENERATE, json={"prompt": "in flight"}, timeout=0.2)

    assert sim.generate_count("in flight") == 1
    assert len(sim.tasks_for_prompt("in flight")) == 1


def test_a_slow_file_reply_is_delayed(
    sim: Simulator, client: httpx.Client, anon: httpx.Client
) -> None:
    url = finished(client, generate(client, prompt="x")["data"]["taskId"])["response"][
        "resultImageUrl"
    ]
    sim.update(file_delay_s=5.0)
    with pytest.raises(httpx.ReadTimeout):
        anon.get(url, timeout=0.2)


def test_the_request_log_counts_every_call(sim: Simulator, client: httpx.Client) -> None:
    generate(client, prompt="counted")
    generate(client, prompt="counted")
    generate(client, prompt="other", aspectRatio="4:3")
    client.get(CREDIT)

    assert sim.generate_count("counted") == 2
    assert sim.generate_requests[2] == {"prompt": "other", "aspectRatio": "4:3"}
    assert sim.counts == {"generate": 3, "credit": 1}
    assert [record.method for record in sim.requests] == ["POST"] * 3 + ["GET"]
    assert all(record.time > 0 for record in sim.requests)
    assert {task.prompt for task in sim.tasks} == {"counted", "other"}


def test_a_chinese_prompt_renders(client: httpx.Client, anon: httpx.Client) -> None:
    prompt = "一只在月光下的猫，水墨画风格，宁静的夜晚" * 20
    data = finished(client, generate(client, prompt=prompt, aspectRatio="9:16")["data"]["taskId"])
    assert data["successFlag"] == 1
    assert json.loads(data["paramJson"])["prompt"] == prompt
    image = image_of(anon.get(data["response"]["resultImageUrl"]))
    assert image.size == size_for_ratio("9:16", 0.1)


def test_unknown_paths_are_http_404(sim: Simulator, anon: httpx.Client) -> None:
    assert anon.get(sim.base_url + "/api/v1/nothing").status_code == 404
    assert anon.get(sim.base_url + "/files/r/none/x.png").status_code == 404


def test_stop_releases_the_port_and_open_connections() -> None:
    simulator = Simulator(FAST).start()
    http = httpx.Client(base_url=simulator.base_url, headers={"Authorization": "Bearer k"})
    assert http.get(CREDIT).json()["code"] == 200

    started = time.monotonic()
    simulator.stop()

    assert time.monotonic() - started < 2.0
    with pytest.raises(httpx.TransportError):
        http.get(CREDIT, timeout=1.0)
    http.close()
    Simulator(FAST, port=simulator.port).stop()  # the port is free again


def test_serve_forever_runs_in_the_foreground_until_stopped() -> None:
    simulator = Simulator(FAST)
    foreground = threading.Thread(target=simulator.serve_forever)
    foreground.start()
    try:
        with httpx.Client(base_url=simulator.base_url) as http:
            reply = http.get(CREDIT, headers={"Authorization": "Bearer k"})
        assert reply.json()["code"] == 200
    finally:
        simulator.stop()
        foreground.join(timeout=5)
    assert not foreground.is_alive()


def test_download_url_accepts_localhost_for_its_own_links(
    sim: Simulator, client: httpx.Client
) -> None:
    url = finished(client, generate(client, prompt="x")["data"]["taskId"])["response"][
        "resultImageUrl"
    ]
    alias = url.replace("127.0.0.1", "localhost")
    assert client.post(DOWNLOAD_URL, json={"url": alias}).json()["code"] == 200


def test_a_journal_keeps_tasks_across_a_restart(tmp_path) -> None:
    """Demo mode's simulator restarts with the app: a task created before must still be
    known, finish on time, and serve its picture; the edit keeps its input image."""
    config = SimulatorConfig(latency_s=(1.0, 1.0), megapixels=0.1, journal_dir=tmp_path)
    headers = {"Authorization": "Bearer test-key"}
    source = png_bytes((300, 200))
    with Simulator(config) as first, httpx.Client(base_url=first.base_url, headers=headers) as c:
        upload = upload_png(c, source, "kontext/j")
        text_id = generate(c, prompt="a lighthouse", aspectRatio="1:1")["data"]["taskId"]
        edit_id = generate(c, prompt="make it night", inputImage=upload["downloadUrl"])["data"][
            "taskId"
        ]
        refused_id = generate(c, prompt="a forbidden thing")["data"]["taskId"]
        spent = first.credits

    with (
        Simulator(config) as second,
        httpx.Client(base_url=second.base_url, headers=headers, timeout=5.0) as c,
        httpx.Client(base_url=second.base_url, timeout=5.0) as files,
    ):
        assert spent < config.credits
        assert second.credits == spent, "the balance goes down over days, not back to full"
        text = finished(c, text_id)
        assert text["successFlag"] == 1
        assert image_of(files.get(text["response"]["resultImageUrl"])).size[0] > 0
        edit = finished(c, edit_id)
        edited = image_of(files.get(edit["response"]["resultImageUrl"]))
        assert edited.width / edited.height == pytest.approx(1.5, rel=0.05)
        assert finished(c, refused_id)["errorCode"] == 400


def test_a_task_another_simulator_of_the_journal_made_meanwhile_is_known(tmp_path) -> None:
    """Demo mode: the window and a command each run a simulator on the same journal. Before,
    the window's knew only the tasks journaled before it started, so a command's job it
    carried on (the command was stopped) failed as "not found"."""
    config = SimulatorConfig(latency_s=(0.5, 0.5), megapixels=0.1, journal_dir=tmp_path)
    headers = {"Authorization": "Bearer test-key"}
    with (
        Simulator(config) as window,
        httpx.Client(base_url=window.base_url, headers=headers, timeout=5.0) as at_window,
        httpx.Client(base_url=window.base_url, timeout=5.0) as files,
    ):
        with Simulator(config) as command, httpx.Client(base_url=command.base_url) as c:
            c.headers["Authorization"] = "Bearer test-key"
            task_id = generate(c, prompt="a command's heron")["data"]["taskId"]
        done = finished(at_window, task_id)
        assert done["successFlag"] == 1
        assert image_of(files.get(done["response"]["resultImageUrl"])).size[0] > 0
        assert [task.task_id for task in window.tasks] == [task_id]
        unknown = at_window.get(RECORD, params={"taskId": "never-made"}).json()
        assert unknown["code"] == 422


def test_a_command_run_while_the_window_is_open_spends_the_same_demo_balance(tmp_path) -> None:
    """Demo mode: the window and a command each run a simulator on the same folder. Before,
    each kept the balance it had read at its start: the window's balance did not go down
    for the command's image (not even when asked again), and its next charge wrote over the
    command's, which was lost."""
    config = SimulatorConfig(latency_s=(0.01, 0.01), megapixels=0.1, journal_dir=tmp_path)
    headers = {"Authorization": "Bearer test-key"}
    with (
        Simulator(config) as window,
        httpx.Client(base_url=window.base_url, headers=headers, timeout=5.0) as at_window,
    ):
        with Simulator(config) as command, httpx.Client(base_url=command.base_url) as c:
            c.headers["Authorization"] = "Bearer test-key"
            generate(c, prompt="a command's heron", model="flux-kontext-max")  # 10 credits
        assert at_window.get(CREDIT).json()["data"] == config.credits - 10
        generate(at_window, prompt="the window's fox")  # 5 credits (Pro)
        assert window.credits == config.credits - 15
    with Simulator(config) as restarted:
        assert restarted.credits == config.credits - 15, "neither charge was lost"


def test_a_line_cut_short_by_a_crash_costs_no_other_task(tmp_path) -> None:
    config = SimulatorConfig(latency_s=(0.01, 0.01), megapixels=0.1, journal_dir=tmp_path)
    headers = {"Authorization": "Bearer test-key"}
    with Simulator(config) as first, httpx.Client(base_url=first.base_url, headers=headers) as c:
        kept = generate(c, prompt="before the crash")["data"]["taskId"]
    with (tmp_path / "tasks.jsonl").open("ab") as journal:
        journal.write(b'{"task_id": "cut-short", "bo\xff')  # no newline, not even UTF-8
    with Simulator(config) as second, httpx.Client(base_url=second.base_url, headers=headers) as c:
        after = generate(c, prompt="after the crash")["data"]["taskId"]
    with Simulator(config) as third:
        assert sorted(task.task_id for task in third.tasks) == sorted([kept, after])


def test_tasks_whose_results_are_deleted_leave_the_journal(tmp_path) -> None:
    config = SimulatorConfig(
        latency_s=(0.01, 0.01), megapixels=0.1, journal_dir=tmp_path, result_deleted_s=0.5
    )
    source = png_bytes((60, 40))
    headers = {"Authorization": "Bearer test-key"}
    with Simulator(config) as first, httpx.Client(base_url=first.base_url, headers=headers) as c:
        upload = upload_png(c, source, "kontext/old")
        generate(c, prompt="an old edit", inputImage=upload["downloadUrl"])
    assert list(tmp_path.glob("*.source"))
    time.sleep(0.6)
    with Simulator(config) as second:
        assert second.tasks == []
    assert not list(tmp_path.glob("*.source"))
    assert (tmp_path / "tasks.jsonl").read_text() == ""


def test_a_journal_whose_links_expire_at_once_keeps_its_tasks_across_a_restart(
    tmp_path,
) -> None:
    """The demo folder's simulator started with result links that expire at once
    (``result_ttl_s=0``, to try a job's refresh of its link): a restart still knows the
    tasks, one still generating and one finished, and gives a fresh link to the result.
    Before, the journal kept tasks only as long as a link lasts, so this start emptied it
    and answered "recordInfo is null" for both, jobs fine a moment before."""
    config = SimulatorConfig(
        latency_s=(0.01, 0.01), megapixels=0.1, journal_dir=tmp_path, result_ttl_s=0.0
    )
    headers = {"Authorization": "Bearer test-key"}
    with Simulator(config) as first, httpx.Client(base_url=first.base_url, headers=headers) as c:
        done_id = generate(c, prompt="a finished fox")["data"]["taskId"]
        finished(c, done_id)
    slow = replace(config, latency_s=(60.0, 60.0))
    with Simulator(slow) as second, httpx.Client(base_url=second.base_url, headers=headers) as c:
        running_id = generate(c, prompt="a fox still drawn")["data"]["taskId"]

    with Simulator(config) as third, httpx.Client(base_url=third.base_url, headers=headers) as c:
        assert c.get(RECORD, params={"taskId": running_id}).json()["data"]["successFlag"] == 0
        link = finished(c, done_id)["response"]["resultImageUrl"]
        assert c.get(link).status_code == 403  # expired at once, as configured
        fresh = c.post(DOWNLOAD_URL, json={"url": link}).json()["data"]
        assert image_of(c.get(fresh)).size[0] > 0
    assert len((tmp_path / "tasks.jsonl").read_text().splitlines()) == 2


def test_a_damaged_journal_line_is_skipped(tmp_path) -> None:
    config = SimulatorConfig(latency_s=(0.01, 0.01), megapixels=0.1, journal_dir=tmp_path)
    with Simulator(config) as first, httpx.Client(base_url=first.base_url) as c:
        c.headers["Authorization"] = "Bearer test-key"
        task_id = generate(c, prompt="kept")["data"]["taskId"]
    with (tmp_path / "tasks.jsonl").open("a") as journal:
        journal.write('{"task_id": "cut-short", "bo')
    with Simulator(config) as second:
        assert [task.task_id for task in second.tasks] == [task_id]


@pytest.mark.parametrize(
    "kept",
    [b'{"credits": 9', b"\xff\xfe", b'{"credits": "lots"}', b'{"credits": -5}', b"[]", None],
)
def test_a_balance_that_cannot_be_read_starts_afresh_and_says_so(
    tmp_path, caplog: pytest.LogCaptureFixture, kept: bytes | None
) -> None:
    """A crash mid-write, an edit by hand, a folder in the file's place: the simulator starts
    with the configured balance and logs why, never fails to start."""
    if kept is None:
        (tmp_path / "balance.json").mkdir()
    else:
        (tmp_path / "balance.json").write_bytes(kept)
    config = SimulatorConfig(latency_s=(0.01, 0.01), megapixels=0.1, journal_dir=tmp_path)
    with (
        caplog.at_level(logging.WARNING, logger="kontext_studio.simulator.journal"),
        Simulator(config) as sim,
    ):
        assert sim.credits == config.credits
    assert any("balance" in record.getMessage() for record in caplog.records)


def test_a_new_day_brings_a_full_demo_balance(tmp_path) -> None:
    """Kept for good, a demo balance would run out after a few hundred images and stay out."""
    config = SimulatorConfig(latency_s=(0.01, 0.01), megapixels=0.1, journal_dir=tmp_path)
    (tmp_path / "balance.json").write_text('{"credits": 12.5, "day": "2001-02-03"}')
    with Simulator(config) as sim:
        assert sim.credits == config.credits
    (tmp_path / "balance.json").write_text(
        json.dumps({"credits": 12.5, "day": date.today().isoformat()})
    )
    with Simulator(config) as sim:
        assert sim.credits == 12.5, "the same day keeps what was spent"


def test_a_demo_left_open_overnight_is_full_the_next_day(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new day is checked at every charge, not only at start: a balance spent before
    midnight is neither carried over nor written down under the new day's date."""
    today = [date(2026, 11, 29)]

    class Clock(date):
        @classmethod
        def today(cls) -> date:
            return today[0]

    monkeypatch.setattr("kontext_studio.simulator.journal.date", Clock)
    config = SimulatorConfig(
        latency_s=(0.01, 0.01), megapixels=0.1, journal_dir=tmp_path, credits=12.0
    )
    headers = {"Authorization": "Bearer test-key"}
    with Simulator(config) as sim, httpx.Client(base_url=sim.base_url, headers=headers) as c:
        generate(c, prompt="a fox before midnight")  # 5 credits (Pro)
        assert sim.credits == 7.0
        today[0] = date(2026, 11, 30)
        generate(c, prompt="a fox after midnight")
        assert sim.credits == 7.0, "full again, then 5 spent; not 2 carried over"
    with Simulator(config) as restarted:
        assert restarted.credits == 7.0, "the new day's balance was kept under the new day"


def test_without_a_journal_each_simulator_starts_full() -> None:
    config = SimulatorConfig(latency_s=(0.01, 0.01), megapixels=0.1)
    headers = {"Authorization": "Bearer test-key"}
    with Simulator(config) as first, httpx.Client(base_url=first.base_url, headers=headers) as c:
        generate(c, prompt="a paid fox")
        assert first.credits < config.credits
    with Simulator(config) as second:
        assert second.credits == config.credits


# Demo mode: the simulator lives inside the app, all day ------------------------------------

REFERENCE_PADDING = 1_000_000
"""Bytes after a reference's end (as a photo's trailing data): each reference weighs ~1 MB
while its picture, and so the edit drawn from it, stays small."""


def heavy_reference(seed: int) -> bytes:
    """A 700 x 500 PNG of ~1 MB, unlike every other one."""
    return png_bytes((700, 500), (seed * 40 % 256, 80, 120)) + os.urandom(REFERENCE_PADDING)


def held_bytes() -> int:
    """Python's memory in use now, what is left to the collector collected first."""
    gc.collect()
    return tracemalloc.get_traced_memory()[0]


def make_edits(session: Session, references: list[bytes]) -> list[str]:
    """Upload each of ``references`` to the session's simulator, as the app does, and ask
    for an edit of it; the task ids."""
    assert session.simulator is not None
    headers = {"Authorization": "Bearer demo"}
    made = []
    with httpx.Client(base_url=session.simulator.base_url, headers=headers, timeout=10) as c:
        for number, source in enumerate(references):
            upload = upload_png(c, source, "kontext/demo")
            made.append(
                generate(c, prompt=f"edit {number}", inputImage=upload["downloadUrl"])["data"][
                    "taskId"
                ]
            )
    return made


def assert_drawn_from_their_references(session: Session, task_ids: list[str]) -> None:
    assert session.simulator is not None
    headers = {"Authorization": "Bearer demo"}
    base = session.simulator.base_url
    with (
        httpx.Client(base_url=base, headers=headers, timeout=10) as c,
        httpx.Client(base_url=base, timeout=10) as files,
    ):
        for task_id in task_ids:
            edited = image_of(files.get(finished(c, task_id)["response"]["resultImageUrl"]))
            assert edited.width / edited.height == pytest.approx(1.4, rel=0.05)


@pytest.fixture
def quick_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DEMO_LATENCY_ENV, "0.2")


@pytest.mark.usefixtures("quick_demo")
async def test_a_demo_keeps_no_reference_it_was_sent_in_memory() -> None:
    """Demo mode runs the simulator inside the app. Each reference sent for an edit (up to
    20 MB, a phone photo's few MB) stayed in the app's memory until it closed, once as the
    upload and once as the edit's input, and each request it answered was logged there, for
    tests to read. An artist editing photo after photo all day saw the app grow by each."""
    session = open_session(demo=True)
    references = [heavy_reference(seed) for seed in range(6)]
    tracemalloc.start()
    try:
        before = held_bytes()
        edits = make_edits(session, references)
        assert_drawn_from_their_references(session, edits)
        grown = held_bytes() - before
    finally:
        tracemalloc.stop()
        await session.aclose()
    assert grown < sum(map(len, references)) / 3
    assert session.simulator is not None
    assert session.simulator.requests == [], "no log of every request answered"
    assert session.simulator.counts["generate"] == len(references)


@pytest.mark.usefixtures("quick_demo")
async def test_a_demo_reads_the_references_of_its_earlier_edits_only_to_draw_them() -> None:
    """Each start of the app in demo mode read the input of every edit of the last 14 days
    into memory (the simulator's journal keeps them, so that a task made before a restart
    can still be drawn), ~1 MB each here and up to 20 MB for a photo."""
    first = open_session(demo=True)
    references = [heavy_reference(seed) for seed in range(6)]
    try:
        edits = make_edits(first, references)
    finally:
        await first.aclose()
    tracemalloc.start()
    try:
        before = held_bytes()
        again = open_session(demo=True)
        grown = held_bytes() - before
    finally:
        tracemalloc.stop()
    try:
        assert_drawn_from_their_references(again, edits)
    finally:
        await again.aclose()
    assert grown < sum(map(len, references)) / 3


def test_a_journaled_simulator_leaves_no_upload_behind_on_disk(tmp_path: Path) -> None:
    """Kept on disk, the uploads go with their lifetime, with the simulator that took them,
    and, for those a crash left, at a later start once past their lifetime; those another
    simulator of the folder has just taken stay."""
    config = SimulatorConfig(
        latency_s=(0.01, 0.01), megapixels=0.1, journal_dir=tmp_path, upload_ttl_s=0.5
    )
    uploads = tmp_path / "uploads"
    headers = {"Authorization": "Bearer test-key"}
    with Simulator(config) as sim, httpx.Client(base_url=sim.base_url, headers=headers) as c:
        early = upload_png(c, heavy_reference(1), "kontext/early")
        assert len(list(uploads.iterdir())) == 1
        time.sleep(0.6)
        reference = heavy_reference(2)
        later = upload_png(c, reference, "kontext/later")
        assert len(list(uploads.iterdir())) == 1, "the expired upload's file is gone"
        assert c.get(early["downloadUrl"]).status_code == 404
        assert c.get(later["downloadUrl"]).content == reference
    assert not list(uploads.iterdir())

    left, taken = uploads / "left-by-a-crash", uploads / "taken-just-now"
    left.write_bytes(b"old")
    taken.write_bytes(b"new")
    long_ago = time.time() - 3600
    os.utime(left, (long_ago, long_ago))
    with Simulator(config):
        assert not left.exists() and taken.exists()


def test_a_full_disk_leaves_no_part_of_an_edits_input_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Demo mode on a full disk: the edit is still drawn from its reference (kept in memory
    then), and the part of its input written before the disk filled does not stay in the
    journal's folder for good: no journal line names it, so nothing ever removed it."""
    config = SimulatorConfig(latency_s=(0.01, 0.01), megapixels=0.1, journal_dir=tmp_path)
    headers = {"Authorization": "Bearer test-key"}

    def fill_the_disk(path: Path, data: bytes) -> int:
        with path.open("wb") as handle:
            handle.write(bytes(data)[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with Simulator(config) as sim, httpx.Client(base_url=sim.base_url, headers=headers) as c:
        monkeypatch.setattr(Path, "write_bytes", fill_the_disk)
        upload = upload_png(c, png_bytes((300, 200)), "kontext/full")
        edit_id = generate(c, prompt="make it night", inputImage=upload["downloadUrl"])["data"][
            "taskId"
        ]
        monkeypatch.undo()
        edit = finished(c, edit_id)
        edited = image_of(c.get(edit["response"]["resultImageUrl"]))
        assert edited.width / edited.height == pytest.approx(1.5, rel=0.05)
    assert not list(tmp_path.glob("*.source")), "a half-written input stays for good"
    assert not list((tmp_path / "uploads").iterdir())


def test_a_demo_server_left_running_keeps_its_journal_bounded(tmp_path) -> None:
    """A demo left running writes a journal line for each task. Before, the file was
    written anew only at the next start, and grew for as long as the demo ran; now it keeps
    the newest tasks (``journal_most``) as it runs, those a restart still knows, and the
    input images of the tasks it dropped go with them."""
    config = SimulatorConfig(
        latency_s=(0.01, 0.01), megapixels=0.1, journal_dir=tmp_path, journal_most=4
    )
    headers = {"Authorization": "Bearer test-key"}
    source = png_bytes((60, 40))
    with Simulator(config) as sim, httpx.Client(base_url=sim.base_url, headers=headers) as c:
        upload = upload_png(c, source, "kontext/many")
        made = [
            generate(c, prompt=f"edit {n}", inputImage=upload["downloadUrl"])["data"]["taskId"]
            for n in range(13)
        ]
        lines = (tmp_path / "tasks.jsonl").read_text().splitlines()
        assert len(lines) < 2 * config.journal_most
        assert len(list(tmp_path.glob("*.source"))) == len(lines)
        assert json.loads(lines[-1])["task_id"] == made[-1]
    with Simulator(config) as restarted:
        assert {task.task_id for task in restarted.tasks} <= set(made[-8:])
        assert made[-1] in {task.task_id for task in restarted.tasks}


KILLED_AS_THE_JOURNAL_IS_REWRITTEN = """
import os, signal, sys
from pathlib import Path
import httpx
from kontext_studio.simulator import Simulator, SimulatorConfig
from tests.integration.test_simulator import generate, png_bytes, upload_png

_replace = os.replace

def replace(src, dst, *args, **kwargs):
    _replace(src, dst, *args, **kwargs)
    if str(dst).endswith("tasks.jsonl"):  # replaced, its dropped tasks' images not removed
        os.kill(os.getpid(), signal.SIGKILL)

os.replace = replace
config = SimulatorConfig(
    latency_s=(0.01, 0.01), megapixels=0.1, journal_dir=Path(sys.argv[1]), journal_most=2
)
headers = {"Authorization": "Bearer test-key"}
with Simulator(config) as sim, httpx.Client(base_url=sim.base_url, headers=headers) as c:
    upload = upload_png(c, png_bytes((60, 40)), "kontext/killed")
    for n in range(6):
        generate(c, prompt=f"edit {n}", inputImage=upload["downloadUrl"])
"""


def test_input_images_a_kill_left_as_the_journal_was_rewritten_go_at_the_next_start(
    tmp_path: Path,
) -> None:
    """The demo server is killed between its journal's rewrite (the file replaced) and the
    removal of the input images of the tasks it dropped. Before, those images, named by no
    line, stayed in the folder for good; the next start removes them, and keeps those of
    the tasks it knows."""
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_AS_THE_JOURNAL_IS_REWRITTEN, str(tmp_path)],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        timeout=60,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]

    def named() -> set[str]:
        lines = (tmp_path / "tasks.jsonl").read_text().splitlines()
        return {f"{json.loads(line)['task_id']}.source" for line in lines}

    assert {p.name for p in tmp_path.glob("*.source")} > named()  # left by the kill
    config = SimulatorConfig(latency_s=(0.01, 0.01), megapixels=0.1, journal_dir=tmp_path)
    with Simulator(config) as restarted:
        assert {p.name for p in tmp_path.glob("*.source")} == named()
        assert {f"{task.task_id}.source" for task in restarted.tasks} == named()


def _journal_with_an_edit(folder: Path) -> tuple[TaskJournal, str]:
    """A journal of ``folder`` holding one edit's line and its input image; its task id."""
    journal = TaskJournal(folder)
    record = {"task_id": "kept-edit", "created_epoch": time.time(), "duration_s": 0.0}
    assert journal.append(record, b"input image")
    return journal, "kept-edit"


def test_a_journal_that_could_not_be_read_keeps_every_input_image(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The journal's file is there but its read fails (too many open files, an I/O error):
    its tasks are unknown. Before, the start took it for a journal of no task and removed
    every input image of the folder, a running task's too."""
    journal, task_id = _journal_with_an_edit(tmp_path)
    read_bytes = Path.read_bytes

    def fails_on_the_journal(path: Path) -> bytes:
        if path.name == "tasks.jsonl":
            raise OSError(errno.EMFILE, "Too many open files")
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", fails_on_the_journal)
    assert journal.load(math.inf) == []
    monkeypatch.undo()
    assert journal.source(task_id) == b"input image"


def test_a_journal_whose_lock_could_not_be_taken_keeps_every_input_image(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The journal's lock file cannot be opened: another simulator of the folder may be
    appending, its input image written before its line. Before, the start removed the
    images no line it read named, that one's too; now only a load holding the lock does."""
    journal, task_id = _journal_with_an_edit(tmp_path)
    (tmp_path / "appending.source").write_bytes(b"its line not yet written")
    os_open = os.open

    def no_lock(path: Any, *args: Any, **kwargs: Any) -> int:
        if str(path).endswith("tasks.lock"):
            raise OSError(errno.EMFILE, "Too many open files")
        return os_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", no_lock)
    assert [record["task_id"] for record in journal.load(math.inf)] == [task_id]
    monkeypatch.undo()
    assert (tmp_path / "appending.source").is_file()
    journal.load(math.inf)  # the lock held: no line names it
    assert not (tmp_path / "appending.source").exists()
    assert journal.source(task_id) == b"input image"


def test_an_edit_the_running_journal_dropped_is_forgotten_not_drawn_without_its_input(
    tmp_path,
) -> None:
    """The journal drops the oldest tasks as a demo runs, their input images with them.
    Before, the simulator still knew such an edit, and its Download again drew a picture of
    the prompt alone, not the edit it had made; now it is forgotten, as a restart forgets
    it: download-url says its result is deleted, and no file is served for it."""
    config = SimulatorConfig(
        latency_s=(0.01, 0.01), megapixels=0.1, journal_dir=tmp_path, journal_most=2
    )
    headers = {"Authorization": "Bearer test-key"}
    with Simulator(config) as sim, httpx.Client(base_url=sim.base_url, headers=headers) as c:
        upload = upload_png(c, png_bytes((60, 40)), "kontext/dropped")
        first = generate(c, prompt="an edit", inputImage=upload["downloadUrl"])["data"]["taskId"]
        link = finished(c, first)["response"]["resultImageUrl"]
        for n in range(3):
            generate(c, prompt=f"later {n}", inputImage=upload["downloadUrl"])
        assert not (tmp_path / f"{first}.source").exists()
        asked = c.post(DOWNLOAD_URL, json={"url": link}).json()
        assert asked["code"] == 404
        assert httpx.get(link).status_code == 404
        assert first not in {task.task_id for task in sim.tasks}
