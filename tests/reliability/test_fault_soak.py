"""Fault soak: 200 jobs through the real engine, real SQLite and real HTTP while the simulator
breaks a third of all replies. What "correct" means for every job is spelled out in
``soak_harness.py``; here it must hold with zero exceptions, and the faults must really have
happened (a soak that injected nothing proves nothing)."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image

from kontext_studio.jobs.engine import EngineConfig, JobEngine
from kontext_studio.jobs.states import JobState
from kontext_studio.kie.client import KieClient
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.simulator import Faults, Simulator, SimulatorConfig
from kontext_studio.store.ledger import Ledger
from tests.reliability.soak_harness import (
    DEFAULT_RATES,
    SoakConfig,
    run_soak,
    sequential_faults,
    soak_schedule,
    summary,
)


def test_sequential_faults_hit_the_asked_overall_rates():
    faults = sequential_faults(DEFAULT_RATES)
    left, overall = 1.0, {}
    for name in ("http_error", "envelope_error", "rate_limited", "timeout", "drop", "truncate"):
        overall[name] = left * getattr(faults, name)
        left -= overall[name]
    for name, rate in DEFAULT_RATES.items():
        assert overall[name] == pytest.approx(rate)


async def test_200_jobs_under_faults_end_correctly_and_never_pay_twice(tmp_path: Path):
    result = await run_soak(tmp_path / "soak", SoakConfig(jobs=200))
    report = summary(result)
    assert result.violations == [], report

    # The faults really happened, every kind (counted over all endpoints: the 2 % envelope
    # error alone may miss the ~250 generate calls), and generate had its share.
    faults = Counter(r.fault for r in result.requests if r.fault)
    for kind in DEFAULT_RATES:
        assert faults[kind] > 0, (kind, report)
    assert sum(1 for r in result.requests if r.endpoint == "generate" and r.fault) > 20
    assert sum(1 for r in result.requests if r.endpoint == "record-info" and r.fault) > 20
    # And every kind of ending was reached.
    states = Counter(s.state for s in result.jobs)
    assert states[JobState.COMPLETED] >= 80, report
    assert set(states) == {JobState.COMPLETED, JobState.FAILED, JobState.UNKNOWN}, report
    tasks = {t.prompt for t in result.tasks}
    unknown = [s for s in result.jobs if s.state is JobState.UNKNOWN]
    assert any(s.prompt in tasks for s in unknown), "no lost reply of a created task"
    assert any(s.prompt not in tasks for s in unknown), "no lost reply without a task"
    retried = [s for s in result.jobs if s.submit_count > 1 and s.state is JobState.COMPLETED]
    assert retried, "no job completed after a 429"
    assert not result.error_records and not result.loop_errors


async def test_closed_with_jobs_in_flight_then_resumed_under_faults(tmp_path: Path):
    """The app is closed (cleanly) 1.5 s into a burst, with faults on; a new engine resumes.
    Jobs cut while ``submitting`` may end ``unknown``; every other rule still holds."""
    config = SoakConfig(jobs=100, interrupt_at_s=1.5, seed=11)
    result = await run_soak(tmp_path / "soak", config)
    report = summary(result)
    assert result.shutdown_wall is not None
    assert result.violations == [], report
    assert len(result.jobs) == 100


async def test_one_5xx_from_the_upload_host_does_not_fail_an_edit(tmp_path: Path):
    upload = "file-stream-upload"
    sim = Simulator(SimulatorConfig(latency_s=(0.02, 0.05), seed=3)).start()
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    client = KieClient("key-0123456789", base_url=sim.base_url, upload_url=sim.base_url)
    engine = JobEngine(
        ledger,
        client,
        tmp_path / "artworks",
        config=EngineConfig(retry_base_s=0.05, retry_max_s=0.1),
        schedule=soak_schedule(),
    )
    reference = tmp_path / "ref.png"
    Image.new("RGB", (64, 64), (10, 20, 30)).save(reference)
    try:
        sim.update(faults=Faults(http_error=1.0, endpoints=frozenset({upload})))
        snap = await engine.submit(
            GenerateRequest("an edit", aspect_ratio=None, image_path=str(reference))
        )
        while sim.counts.get(upload, 0) < 1:
            await asyncio.sleep(0.005)
        sim.update(faults=Faults())  # the upload host is back
        final = await asyncio.wait_for(engine.wait_for(snap.id), 20)
    finally:
        await engine.aclose()
        await client.aclose()
        ledger.close()
        sim.stop()
    assert final.state is JobState.COMPLETED, (final.error_kind, final.error_message)
    assert sim.generate_count("an edit") == 1
