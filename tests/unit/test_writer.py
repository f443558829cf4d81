"""The engine's ledger writer: group commit without one write taking the others down."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import peewee
import pytest

from kontext_studio.errors import InputError, RelativeFilePathError, StorageError
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


async def queued_together(writer: LedgerWriter, *calls: Any) -> list[Any]:
    """Submit ``calls`` while the writer is inside a first write, so that they land in one
    batch after it; their outcomes."""
    inside, go_on = threading.Event(), threading.Event()
    first = writer.submit(lambda: (inside.set(), go_on.wait(10)))
    assert await asyncio.to_thread(inside.wait, 10)
    futures = [writer.submit(call) for call in calls]
    go_on.set()
    await asyncio.gather(first, return_exceptions=True)  # its failure, if any, is heard
    return await asyncio.gather(*futures, return_exceptions=True)


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
        results = await queued_together(
            writer,
            lambda: ledger.create_job(request("a hare")),
            lambda: ledger.transition(999, JobState.SUBMITTING),
            lambda: ledger.transition(job.id, JobState.COMPLETED),
            lambda: ledger.transition(job.id, JobState.SUBMITTING),
        )
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


async def test_a_write_that_raises_is_undone_alone(ledger: Ledger) -> None:
    writer = LedgerWriter(ledger)

    def broken() -> None:
        ledger.create_job(request("half written"))
        raise ValueError("a bug after a write")

    def exits() -> None:
        ledger.create_job(request("exits"))
        raise SystemExit(3)

    try:
        results = await queued_together(
            writer,
            lambda: ledger.create_job(request("before")),
            broken,
            exits,
            lambda: ledger.create_job(request("after")),
        )
        later = await writer.submit(lambda: ledger.create_job(request("later")))
    finally:
        writer.close()

    assert isinstance(results[1], ValueError)
    assert isinstance(results[2], RuntimeError)  # not SystemExit loose in the event loop
    assert [results[0].prompt, results[3].prompt, later.prompt] == ["before", "after", "later"]
    assert sorted(s.prompt for s in ledger.search()) == ["after", "before", "later"]


async def test_an_image_named_by_a_partial_path_fails_alone_not_the_jobs_beside_it(
    ledger: Ledger,
) -> None:
    """A write naming an image by a relative path is a mistake of the program that made it
    (``RelativeFilePathError``), refused before anything is written: the other jobs' writes
    in its batch land. As a storage error it rolled the whole batch back, and each job
    beside it was stopped with words about an image named without its folders."""
    writer = LedgerWriter(ledger)
    try:
        results = await queued_together(
            writer,
            lambda: ledger.create_job(request("innocent")),
            lambda: ledger.create_upload(file_path="partial.png", sha256="p"),
        )
    finally:
        writer.close()

    assert isinstance(results[1], RelativeFilePathError)
    assert results[0].prompt == "innocent"
    assert [s.prompt for s in ledger.search()] == ["innocent"]


@pytest.mark.parametrize(
    "failure",
    [
        StorageError("the library could not be written: database or disk is full"),
        peewee.OperationalError("disk I/O error"),
        peewee.DatabaseError("database disk image is malformed"),
    ],
)
async def test_a_storage_failure_rolls_the_whole_batch_back(
    ledger: Ledger, failure: Exception
) -> None:
    writer = LedgerWriter(ledger)

    def disk_full() -> None:
        ledger.create_job(request("half written"))
        raise failure

    try:
        results = await queued_together(
            writer, lambda: ledger.create_job(request("innocent")), disk_full
        )
    finally:
        writer.close()

    assert ledger.count() == 0  # nothing half done, and nobody told "written" in vain
    assert all(isinstance(r, StorageError) for r in results)


async def test_a_commit_that_fails_fails_the_batch_as_a_storage_error(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk goes bad at COMMIT: every write in the batch hears a StorageError (which the
    engine turns into a message), not a raw database exception."""
    writer = LedgerWriter(ledger)

    def broken_commit() -> None:
        raise peewee.DatabaseError("database disk image is malformed")

    try:
        monkeypatch.setattr(ledger._db, "commit", broken_commit)
        results = await queued_together(
            writer,
            lambda: ledger.create_job(request("one")),
            lambda: ledger.create_job(request("two")),
        )
    finally:
        monkeypatch.undo()
        writer.close()

    assert all(isinstance(r, StorageError) for r in results)
    assert "malformed" in results[0].message
    assert ledger.count() == 0


async def test_close_writes_what_is_queued(ledger: Ledger) -> None:
    writer = LedgerWriter(ledger)
    futures = [writer.submit(lambda i=i: ledger.create_job(request(f"job {i}"))) for i in range(50)]
    writer.close()
    await asyncio.sleep(0)  # let the loop run the settle call
    assert ledger.count() == 50
    assert all(f.done() and f.exception() is None for f in futures)
    with pytest.raises(RuntimeError, match="closed"):
        writer.submit(lambda: None)
