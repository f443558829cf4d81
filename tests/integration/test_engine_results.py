"""The engine fetching results from the simulator over real HTTP: an expired link, a fresh
link that cannot be had for now, and a result KIE no longer has."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from kontext_studio.errors import InputError
from kontext_studio.jobs.engine import EngineConfig, JobEngine
from kontext_studio.jobs.states import JobState
from kontext_studio.kie.client import KieClient
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.simulator import Faults, Simulator, SimulatorConfig
from kontext_studio.simulator.config import DOWNLOAD_URL
from kontext_studio.store.ledger import Ledger
from tests.fixtures import fast_schedule

# The stored result link has expired by the time the job fetches it.
EXPIRED_AT_ONCE = SimulatorConfig(latency_s=(0.05, 0.1), megapixels=0.1, seed=3, result_ttl_s=0.0)
KEEPS_TRYING = EngineConfig(retry_base_s=0.02, retry_max_s=0.05, download_attempts=10_000)


@pytest.fixture
async def parts(tmp_path: Path) -> AsyncIterator[tuple[Simulator, Ledger, JobEngine]]:
    sim = Simulator(EXPIRED_AT_ONCE).start()
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    client = KieClient("key-0123456789", base_url=sim.base_url, upload_url=sim.base_url)
    engine = JobEngine(
        ledger, client, tmp_path / "library", config=KEEPS_TRYING, schedule=fast_schedule()
    )
    yield sim, ledger, engine
    await engine.aclose()
    await client.aclose()
    ledger.close()
    sim.stop()


async def until(condition: Callable[[], Any], timeout: float = 20.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


@pytest.mark.parametrize(
    ("faults", "kind"),
    [
        (Faults(drop=1.0, endpoints=frozenset({DOWNLOAD_URL})), "network"),
        (Faults(http_error=1.0, endpoints=frozenset({DOWNLOAD_URL})), "server"),
    ],
)
async def test_a_fresh_link_kie_cannot_give_for_now_is_asked_again_not_called_expired(
    parts: tuple[Simulator, Ledger, JobEngine], faults: Faults, kind: str
) -> None:
    """The link has expired and download-url gets no answer (or a gateway error): that says
    nothing of the result, so the job says why it is held up and keeps asking; once KIE
    answers, the image arrives."""
    sim, ledger, engine = parts
    sim.update(faults=faults)
    snap = await engine.submit(GenerateRequest("a fox behind a flaky gateway"))
    await until(lambda: ledger.get(snap.id).error_kind == kind)  # says why it is held up
    assert ledger.get(snap.id).state is JobState.DOWNLOADING

    sim.update(faults=Faults())
    final = await engine.wait_for(snap.id)
    assert (final.state, final.error_kind) == (JobState.COMPLETED, "")
    assert Path(final.file_path).is_file()
    assert sim.generate_count("a fox behind a flaky gateway") == 1


async def test_a_result_whose_fresh_link_is_refused_too_is_expired_and_not_retried(
    parts: tuple[Simulator, Ledger, JobEngine],
) -> None:
    """The fresh link answers 403 as well: KIE no longer has the image. The job fails as
    expired, and Retry, which could only fail again or pay again, is refused."""
    sim, ledger, engine = parts
    sim.update(fresh_url_ttl_s=0.0)
    snap = await engine.submit(GenerateRequest("a fox gone for good"))
    failed = await engine.wait_for(snap.id)
    assert (failed.state, failed.error_kind) == (JobState.FAILED, "expired_result")
    assert sim.counts[DOWNLOAD_URL] == 1

    with pytest.raises(InputError):
        await engine.retry(snap.id)
    assert ledger.get(snap.id).state is JobState.FAILED
    assert sim.generate_count("a fox gone for good") == 1
