"""What the artist reads when KIE or the way to it fails: words in the window's language,
never an endpoint, a field name or an HTTP status (those are for the log). Each case is
driven through the simulator, the way the tile, the preview, the banner and the CLI meet it."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from kontext_studio import i18n
from kontext_studio.errors import Explanation, KontextError, explain, explain_kind
from kontext_studio.jobs.states import JobState
from kontext_studio.kie.client import KieClient
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.session import Session
from kontext_studio.simulator import Simulator
from kontext_studio.simulator.config import (
    CREDIT,
    DOWNLOAD_URL,
    GENERATE,
    RECORD_INFO,
    STREAM_UPLOAD,
    Faults,
)
from kontext_studio.ui import translations
from tests.fixtures import TEST_KEY

pytestmark = pytest.mark.skipif(i18n.find_tool("lrelease") is None, reason="no lrelease")

JARGON = re.compile(r"HTTP|\b[45]\d\d\b|[A-Za-z]+(?:Info|Id|Url)\b|record-info|download-url")


@pytest.fixture
def chinese(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    assert translations.install_for_cli("zh_CN", tmp_path_factory.mktemp("cache"))
    yield
    i18n.install(None)


def assert_artist_words(words: Explanation) -> None:
    """In Chinese throughout: no English left but the name KIE, nothing technical."""
    text = words.message
    assert not JARGON.search(text), text
    assert not re.search(r"[A-Za-z]", text.replace("KIE", "")), text
    assert text.count("无法连接 KIE") <= 1, text  # said once, not again in the detail


async def refused(call: Awaitable[object]) -> Explanation:
    try:
        await call
    except KontextError as error:
        return explain(error)
    raise AssertionError("the call succeeded")


def client_for(simulator: Simulator, timeout: float = 30.0) -> KieClient:
    return KieClient(
        TEST_KEY, base_url=simulator.base_url, upload_url=simulator.base_url, timeout=timeout
    )


async def finished_result(client: KieClient) -> str:
    task_id = await client.generate(GenerateRequest("a fox"))
    while True:
        record = await client.record_info(task_id)
        if record.result_url:
            return record.result_url
        await asyncio.sleep(0.05)


Case = Callable[[KieClient, Simulator], Awaitable[Explanation]]


async def generate_gets_a_gateway_page(client: KieClient, simulator: Simulator) -> Explanation:
    simulator.update(faults=Faults(http_error=1.0, endpoints=frozenset({GENERATE})))
    return await refused(client.generate(GenerateRequest("a fox")))


async def generate_gets_no_answer(client: KieClient, simulator: Simulator) -> Explanation:
    simulator.update(faults=Faults(timeout=1.0, timeout_s=None, endpoints=frozenset({GENERATE})))
    return await refused(client.generate(GenerateRequest("a fox")))


async def generate_gets_half_an_answer(client: KieClient, simulator: Simulator) -> Explanation:
    simulator.update(faults=Faults(truncate=1.0, endpoints=frozenset({GENERATE})))
    return await refused(client.generate(GenerateRequest("a fox")))


async def kie_is_gone(client: KieClient, simulator: Simulator) -> Explanation:
    simulator.stop()
    return await refused(client.generate(GenerateRequest("a fox")))


async def task_unknown(client: KieClient, simulator: Simulator) -> Explanation:
    return await refused(client.record_info("no-such-task"))  # "recordInfo is null"


async def poll_gets_a_gateway_page(client: KieClient, simulator: Simulator) -> Explanation:
    simulator.update(faults=Faults(http_error=1.0, endpoints=frozenset({RECORD_INFO})))
    return await refused(client.record_info("no-such-task"))


async def balance_gets_a_gateway_page(client: KieClient, simulator: Simulator) -> Explanation:
    simulator.update(faults=Faults(http_error=1.0, http_error_status=503))
    return await refused(client.credits())


async def balance_connection_dropped(client: KieClient, simulator: Simulator) -> Explanation:
    simulator.update(faults=Faults(drop=1.0, endpoints=frozenset({CREDIT})))
    return await refused(client.credits())


async def result_expired(client: KieClient, simulator: Simulator) -> Explanation:
    url = await finished_result(client)
    simulator.expire_results()
    return await refused(client.fetch(url, max_bytes=10**8))  # "answered HTTP 403"


async def result_download_dropped(client: KieClient, simulator: Simulator) -> Explanation:
    url = await finished_result(client)
    simulator.update(faults=Faults(drop=1.0, files=True, endpoints=frozenset({DOWNLOAD_URL})))
    return await refused(client.fetch(url, max_bytes=10**8))


async def result_too_large(client: KieClient, simulator: Simulator) -> Explanation:
    url = await finished_result(client)
    return await refused(client.fetch(url, max_bytes=10))


async def fresh_link_gets_a_gateway_page(client: KieClient, simulator: Simulator) -> Explanation:
    url = await finished_result(client)
    simulator.update(faults=Faults(http_error=1.0, endpoints=frozenset({DOWNLOAD_URL})))
    return await refused(client.download_url(url))


@pytest.mark.parametrize(
    "case",
    [
        generate_gets_a_gateway_page,
        generate_gets_no_answer,
        generate_gets_half_an_answer,
        kie_is_gone,
        task_unknown,
        poll_gets_a_gateway_page,
        balance_gets_a_gateway_page,
        balance_connection_dropped,
        result_expired,
        result_download_dropped,
        result_too_large,
        fresh_link_gets_a_gateway_page,
    ],
)
async def test_what_kie_did_is_said_in_the_artists_language(
    chinese: None, simulator: Simulator, case: Case
) -> None:
    simulator.update(latency_s=(0.0, 0.0))
    async with client_for(simulator, timeout=0.5) as client:
        words = await case(client, simulator)
    assert_artist_words(words)


def reference(tmp_path: Path) -> Path:
    path = tmp_path / "fox.png"
    Image.new("RGB", (64, 48), "orange").save(path)
    return path


async def stopped(session: Session, request: GenerateRequest) -> Explanation:
    """The job's end as its tile and the preview explain it (from its stored row)."""
    job = await session.engine.submit(request)
    snap = await session.engine.wait_for(job.id)
    assert snap.state in {JobState.FAILED, JobState.TIMEOUT}
    return explain_kind(snap.error_kind, snap.error_detail)


async def test_a_reference_kie_would_not_take_is_said_in_the_artists_language(
    chinese: None, session: Session, simulator: Simulator, tmp_path: Path
) -> None:
    """Before: "upload failed, will retry (HTTP 502)"."""
    session.engine.config = replace(session.engine.config, submit_attempts=1)
    simulator.update(faults=Faults(http_error=1.0, endpoints=frozenset({STREAM_UPLOAD})))
    request = GenerateRequest(
        "make it night", aspect_ratio=None, image_path=str(reference(tmp_path))
    )
    words = await stopped(session, request)
    assert_artist_words(words)
    assert "参考图" in words.message


async def test_a_job_kie_did_not_finish_in_time_is_said_in_the_artists_language(
    chinese: None, session: Session, simulator: Simulator
) -> None:
    """Before: "no result after 1 s"."""
    session.engine.config = replace(session.engine.config, poll_timeout_s=1.0)
    simulator.update(latency_s=(60.0, 60.0))
    words = await stopped(session, GenerateRequest("a slow fox"))
    assert_artist_words(words)
    assert "1 秒" in words.message
