"""The moment between "KIE answered generate" and "the task id is written".

``SlidingWindowLimiter.slot()`` gives its slot back in a ``finally`` that *awaits* the
condition's lock. When that lock is contended (a burst: ``notify_all`` has just woken other
jobs, which queue for it) the job yields there, after it left ``engine._sending`` but before
it wrote ``generating`` + task id. A cancel arriving in that window (``aclose()`` on app exit,
or the artist's Cancel) lands in the ``finally``: the task id KIE just returned is dropped and
the slot is never given back.

The tests hold the limiter's lock to open the window deterministically (that is what queued
waiters do for a loop iteration or more); the real simulator and client do the rest.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from kontext_studio.jobs.engine import EngineConfig, JobEngine
from kontext_studio.jobs.states import JobState
from kontext_studio.kie.client import KieClient
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.simulator import Simulator, SimulatorConfig
from kontext_studio.store.ledger import Ledger
from tests.fixtures import until
from tests.reliability.soak_harness import soak_schedule


@pytest.fixture
async def parts(tmp_path: Path) -> AsyncIterator[tuple[Simulator, Ledger, KieClient, JobEngine]]:
    sim = Simulator(SimulatorConfig(latency_s=(0.05, 0.1), generate_delay_s=0.3, seed=4))
    sim.start()
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    client = KieClient("key-0123456789", base_url=sim.base_url, upload_url=sim.base_url)
    engine = JobEngine(
        ledger,
        client,
        tmp_path / "artworks",
        config=EngineConfig(submit_limit=1, submit_window_s=0.05, shutdown_grace_s=2.0),
        schedule=soak_schedule(),
    )
    yield sim, ledger, client, engine
    await engine.aclose()
    await client.aclose()
    ledger.close()
    sim.stop()


async def reply_arrives_while_the_limiter_lock_is_busy(
    sim: Simulator, engine: JobEngine, prompt: str
) -> tuple[int, asyncio.Event, asyncio.Task[None]]:
    snap = await engine.submit(GenerateRequest(prompt, aspect_ratio="1:1"))
    while sim.generate_count(prompt) < 1:
        await asyncio.sleep(0.005)
    release, held = asyncio.Event(), asyncio.Event()

    async def hold() -> None:
        async with engine.limiter._changed:  # what queued waiters do during a burst
            held.set()
            await release.wait()

    holder = asyncio.create_task(hold())
    await held.wait()
    while engine._sending:  # the reply came; the job now waits to give its slot back
        await asyncio.sleep(0.005)
    return snap.id, release, holder


async def test_closing_right_after_the_reply_keeps_the_task_id(parts):
    sim, ledger, _client, engine = parts
    job_id, release, holder = await reply_arrives_while_the_limiter_lock_is_busy(
        sim, engine, "closed just after the reply"
    )
    await engine.aclose()  # the app is closed cleanly
    release.set()
    await holder

    (task,) = sim.tasks_for_prompt("closed just after the reply")
    job = ledger.get(job_id)
    # KIE created the task and told us its id before the close began: it must be kept, so
    # the next start polls it instead of calling the job "unknown (maybe charged)".
    assert (job.state, job.task_id) == (JobState.GENERATING, task.task_id)


async def test_cancel_right_after_the_reply_does_not_leak_a_submission_slot(parts):
    sim, _ledger, _client, engine = parts
    job_id, release, holder = await reply_arrives_while_the_limiter_lock_is_busy(
        sim, engine, "cancelled just after the reply"
    )
    cancelling = asyncio.create_task(engine.cancel(job_id))
    await asyncio.sleep(0.05)
    release.set()
    await holder
    cancelled = await cancelling
    assert cancelled.state is JobState.CANCELLED

    sim.update(generate_delay_s=0.0)
    nxt = await engine.submit(GenerateRequest("the next job", aspect_ratio="1:1"))
    # submit_limit=1 per 0.05 s: the next job is sent at once, where a leaked slot would
    # hold it for ever. Waited for as such: a loaded machine outlasted the 2 s of 100 looks.
    await until(lambda: sim.generate_count("the next job") > 0)
    await engine.cancel(nxt.id) if engine.active_count else None
    assert sim.generate_count("the next job") == 1
