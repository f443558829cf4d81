"""The engine's ledger writer: group commit without one write taking the others down."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from kontext_studio.errors import InputError
from kontext_studio.jobs.states import JobState
from kontext_studio.jobs.writer import LedgerWriter
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.store.ledger import IllegalTransition, Ledger


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    yield ledger
    ledger.close()


def request(prompt: str) -> GenerateRequest:
    return GenerateRequest(prompt).validated()


async def test_queued_writes_share_a_batch_and_a_refused_one_fails_alone(ledger: Ledger) -> None:
    job = ledger.create_job(request("a fox"))
    writer = LedgerWriter(ledger)
    batches: list[int] = []
    real_batch = ledger.batch

    def counting_batch():  # type: ignore[no-untyped-def]
        batches.append(1)
        return real_batch()

    ledger.batch = counting_batch  # type: ignore[method-assign]
    try:
        with ledger._lock:  # the writer waits here with a first write while four queue up
            first = writer.submit(lambda: None)
            await asyncio.sleep(0.05)
            created = writer.submit(lambda: ledger.create_job(request("a hare")))
            missing = writer.submit(lambda: ledger.transition(999, JobState.SUBMITTING))
            illegal = writer.submit(lambda: ledger.transition(job.id, JobState.COMPLETED))
            moved = writer.submit(lambda: ledger.transition(job.id, JobState.SUBMITTING))
            await asyncio.sleep(0.05)
        await first
        results = await asyncio.gather(created, missing, illegal, moved, return_exceptions=True)
    finally:
        writer.close()

    assert results[0].prompt == "a hare"
    assert isinstance(results[1], InputError)
    assert isinstance(results[2], IllegalTransition)
    assert results[3].state is JobState.SUBMITTING
    assert len(batches) == 2  # the first write, then the four together
    reopened = Ledger.open(ledger.path)
    try:
        assert [s.prompt for s in reopened.search()] == ["a hare", "a fox"]
        assert reopened.get(job.id).state is JobState.SUBMITTING
    finally:
        reopened.close()


async def test_an_unexpected_error_rolls_the_whole_batch_back(ledger: Ledger) -> None:
    writer = LedgerWriter(ledger)

    def broken() -> None:
        ledger.create_job(request("half written"))
        raise RuntimeError("a bug after a write")

    try:
        with ledger._lock:  # the writer waits here with a first write while two queue up
            await_me = writer.submit(lambda: None)
            await asyncio.sleep(0.05)
            innocent = writer.submit(lambda: ledger.create_job(request("innocent")))
            second = writer.submit(broken)
            await asyncio.sleep(0.05)
        await await_me
        results = await asyncio.gather(innocent, second, return_exceptions=True)
    finally:
        writer.close()

    assert ledger.count() == 0  # nothing half done, and nobody told "written" in vain
    assert all(isinstance(r, RuntimeError) for r in results)


async def test_close_writes_what_is_queued(ledger: Ledger) -> None:
    writer = LedgerWriter(ledger)
    futures = [writer.submit(lambda i=i: ledger.create_job(request(f"job {i}"))) for i in range(50)]
    writer.close()
    await asyncio.sleep(0)  # let the loop run the settle call
    assert ledger.count() == 50
    assert all(f.done() and f.exception() is None for f in futures)
    with pytest.raises(RuntimeError, match="closed"):
        writer.submit(lambda: None)
