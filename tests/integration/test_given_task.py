"""A job whose outcome is unknown given the task id the artist found in their logs on kie.ai
(:meth:`JobEngine.attach_task`), against the simulator over real HTTP: its record is asked
(never a generate), a task that is not the job's is refused with the job left as it was, and
one that is brings the image without paying twice."""

from __future__ import annotations

import asyncio
import time
import unicodedata
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image

from kontext_studio.errors import JobGoneError, JobRunningError, Refusal
from kontext_studio.explain import explain
from kontext_studio.jobs.engine import EngineConfig, JobEngine
from kontext_studio.jobs.given_task import CallOff, CheckCalledOff, other_task_refusal
from kontext_studio.jobs.states import JobState
from kontext_studio.kie.client import KieClient
from kontext_studio.kie.models import GenerateRequest, SuccessFlag, TaskRecord
from kontext_studio.simulator import Faults, Simulator, SimulatorConfig
from kontext_studio.simulator.config import GENERATE, RECORD_INFO
from kontext_studio.stats import compute_stats
from kontext_studio.store.ledger import Ledger, Snapshot
from kontext_studio.ui.library_model import elapsed_s
from tests.fixtures import fast_schedule, until

QUICK = SimulatorConfig(latency_s=(0.05, 0.1), megapixels=0.1, seed=5)
# The generate's reply is cut short after KIE made (and charged) the task: outcome unknown.
CUT_REPLIES = Faults(truncate=1.0, endpoints=frozenset({GENERATE}))
FAST = EngineConfig(poll_timeout_s=10.0, retry_base_s=0.01, retry_max_s=0.02)

Parts = tuple[Simulator, Ledger, JobEngine]


@pytest.fixture
async def parts(tmp_path: Path) -> AsyncIterator[Parts]:
    sim = Simulator(QUICK).start()
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    client = KieClient("key-0123456789", base_url=sim.base_url, upload_url=sim.base_url)
    engine = JobEngine(ledger, client, tmp_path / "library", config=FAST, schedule=fast_schedule())
    yield sim, ledger, engine
    await engine.aclose()
    await client.aclose()
    ledger.close()
    sim.stop()


async def unknown_job(parts: Parts, request: GenerateRequest) -> tuple[Snapshot, str]:
    """A job sent once whose reply was cut short: ``unknown``, no task id; and the task KIE
    made for it, as the artist's logs on kie.ai show it."""
    sim, _ledger, engine = parts
    sim.update(faults=CUT_REPLIES)
    job = await engine.wait_for((await engine.submit(request)).id)
    sim.update(faults=Faults())
    assert (job.state, job.task_id) == (JobState.UNKNOWN, None)
    (task,) = sim.tasks_for_prompt(request.prompt)
    return job, task.task_id


def generates(sim: Simulator) -> int:
    return len(sim.generate_requests)


def words(error: BaseException) -> str:
    assert isinstance(error, Refusal)
    return explain(error).sentences()


async def test_the_task_found_in_the_logs_brings_the_image_without_paying_again(
    parts: Parts,
) -> None:
    sim, ledger, engine = parts
    job, task_id = await unknown_job(parts, GenerateRequest("a heron in the reeds"))
    sent = generates(sim)

    given = await engine.attach_task(job.id, f"  {task_id}\n")  # as pasted: trimmed

    assert (given.state, given.task_id, given.error_kind) == (JobState.GENERATING, task_id, "")
    assert given.submit_count == job.submit_count
    final = await engine.wait_for(job.id)
    assert final.state is JobState.COMPLETED
    assert Path(final.file_path).is_file()
    assert generates(sim) == sent  # asked about, never sent again
    assert ledger.get(job.id).task_id == task_id


WAITED = timedelta(hours=3)
"""How long before the artist found the task in their logs on kie.ai KIE made it."""


def found_later(
    engine: JobEngine, monkeypatch: pytest.MonkeyPatch, *, completed: bool = True
) -> None:
    """KIE's records of tasks say they were made :data:`WAITED` before now (``completed``:
    and when they were done; else, no completeTime at all)."""
    asked = engine.client.record_info

    async def earlier(task_id: str) -> TaskRecord:
        record = await asked(task_id)
        assert record.created_at is not None
        done = record.completed_at - WAITED if record.completed_at and completed else None
        return replace(record, created_at=record.created_at - WAITED, completed_at=done)

    monkeypatch.setattr(engine.client, "record_info", earlier)


async def test_a_task_found_hours_later_takes_kies_time_on_it_as_its_duration(
    parts: Parts, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The artist gives the job its task three hours after KIE made it: the job was sent
    then, but its Duration (the preview, the Statistics' averages) counted from then to the
    image stored, their wait included. It is KIE's own time on the task; while it runs,
    its seconds count from when the task id was given."""
    _sim, ledger, engine = parts
    job, task_id = await unknown_job(parts, GenerateRequest("a heron at dusk"))
    found_later(engine, monkeypatch)

    given = await engine.attach_task(job.id, task_id)

    assert given.submitted_at is not None  # when KIE made it: its result is kept 14 days after
    assert given.submitted_at <= time.time() - WAITED.total_seconds() + 60
    assert elapsed_s(given) is not None and elapsed_s(given) < 60  # type: ignore[operator]
    final = await engine.wait_for(job.id)
    assert final.state is JobState.COMPLETED
    record = await engine.client.record_info(task_id)
    assert record.created_at is not None and record.completed_at is not None
    took = (record.completed_at - record.created_at).total_seconds()
    assert final.duration_s == pytest.approx(took)
    assert compute_stats([final], demo=False).mean_duration_s == pytest.approx(took)
    assert ledger.get(job.id) == final


async def test_a_task_kie_gives_no_completion_time_of_has_no_duration(
    parts: Parts, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without KIE's completeTime, how long KIE took is unknown ("—"), and the job is left
    out of the Statistics' averages, not counted from KIE's making it hours before."""
    _sim, _ledger, engine = parts
    job, task_id = await unknown_job(parts, GenerateRequest("a heron at noon"))
    found_later(engine, monkeypatch, completed=False)

    await engine.attach_task(job.id, task_id)
    final = await engine.wait_for(job.id)

    assert final.state is JobState.COMPLETED
    assert final.duration_s is None
    assert compute_stats([final], demo=False).mean_duration_s is None


async def test_a_task_kie_says_was_done_before_it_was_made_has_no_duration(
    parts: Parts, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record whose completeTime comes before its createTime (a clock of KIE's set wrong)
    says nothing of how long KIE took: "—", not a negative Duration in the preview and in
    the Statistics' averages."""
    _sim, _ledger, engine = parts
    job, task_id = await unknown_job(parts, GenerateRequest("a heron at midnight"))
    asked = engine.client.record_info

    async def backwards(task_id: str) -> TaskRecord:
        record = await asked(task_id)
        if record.created_at is None or record.completed_at is None:
            return record
        return replace(record, completed_at=record.created_at - timedelta(seconds=5))

    monkeypatch.setattr(engine.client, "record_info", backwards)

    await engine.attach_task(job.id, task_id)
    final = await engine.wait_for(job.id)

    assert final.state is JobState.COMPLETED
    assert final.duration_s is None
    assert compute_stats([final], demo=False).mean_duration_s is None


async def test_a_job_given_a_task_that_failed_and_sent_anew_times_its_own_send(
    parts: Parts, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The task given failed at KIE; Retry sends the job anew, which gets its own task: its
    Duration is that send's again, not KIE's time on the task given before."""
    sim, _ledger, engine = parts
    sim.update(faults=Faults(task_failure=1.0, truncate=1.0, endpoints=frozenset({GENERATE})))
    job = await engine.wait_for((await engine.submit(GenerateRequest("a squall"))).id)
    sim.update(faults=Faults())
    (task,) = sim.tasks_for_prompt("a squall")
    await engine.attach_task(job.id, task.task_id)
    assert (await engine.wait_for(job.id)).state is JobState.FAILED

    await engine.retry(job.id, pay_again=True)
    final = await engine.wait_for(job.id)

    assert final.state is JobState.COMPLETED and final.task_id != task.task_id
    assert final.task_given_at is None
    assert final.duration_s is not None
    assert final.submitted_at is not None and final.completed_at is not None
    assert final.duration_s == final.completed_at - final.submitted_at


async def test_the_task_is_written_before_anything_else_is_asked(parts: Parts) -> None:
    """The row says ``generating`` with the task before the first poll: a crash between
    leaves a job the next start follows, never one sent again."""
    sim, ledger, engine = parts
    job, task_id = await unknown_job(parts, GenerateRequest("a wren on a gate"))
    asked: list[int] = []
    before = len(sim.requests)

    def first_poll(snap: Snapshot) -> None:
        if snap.state is JobState.GENERATING and not asked:
            asked.append(sum(1 for r in sim.requests[before:] if r.endpoint == RECORD_INFO))

    engine.subscribe(first_poll)
    await engine.attach_task(job.id, task_id)
    assert asked == [1]  # the check of the task alone, before the row was written
    assert ledger.get(job.id).task_id == task_id


async def test_a_task_kie_has_no_record_of_is_refused_and_the_job_left(parts: Parts) -> None:
    _sim, ledger, engine = parts
    job, _task_id = await unknown_job(parts, GenerateRequest("a lark at dawn"))

    with pytest.raises(Refusal) as refused:
        await engine.attach_task(job.id, "0123456789abcdef0123456789abcdef")

    assert words(refused.value) == (
        "KIE has no task “0123456789abcdef0123456789abcdef”: check that it was copied whole "
        "from the logs of your account on kie.ai. The job was left as it was."
    )
    assert ledger.get(job.id) == job


async def test_the_task_of_another_prompt_is_refused_naming_that_prompt(parts: Parts) -> None:
    _sim, ledger, engine = parts
    job, _own = await unknown_job(parts, GenerateRequest("a lark at dawn"))
    other = GenerateRequest("an owl on a moonlit branch, " + "silver feathers " * 8)
    other_task = await engine.client.generate(other)

    with pytest.raises(Refusal) as refused:
        await engine.attach_task(job.id, other_task)

    assert words(refused.value) == (
        f"Task “{other_task}” was made for another prompt, “an owl on a moonlit branch, "
        "silver feathers silver feathers…”, not this job's: it was not taken, and the job was "
        "left as it was."
    )
    assert ledger.get(job.id) == job


async def test_the_task_of_the_same_prompt_with_another_ratio_is_refused(parts: Parts) -> None:
    _sim, ledger, engine = parts
    request = GenerateRequest("a lark at dawn", aspect_ratio="16:9")
    job, _own = await unknown_job(parts, request)
    other_task = await engine.client.generate(replace(request, aspect_ratio="1:1"))

    with pytest.raises(Refusal) as refused:
        await engine.attach_task(job.id, other_task)

    assert words(refused.value) == (
        f"Task “{other_task}” has this job's prompt but was made with another setting "
        "(aspect ratio 1:1, not 16:9): it was not taken, and the job was left as it was."
    )
    assert ledger.get(job.id) == job


async def test_the_task_of_the_same_prompt_with_another_model_is_refused(parts: Parts) -> None:
    """A Max job must not take a Pro task's image (nor its price) for its own."""
    _sim, ledger, engine = parts
    request = GenerateRequest("a lark at dawn", model="flux-kontext-max")
    job, _own = await unknown_job(parts, request)
    other_task = await engine.client.generate(replace(request, model="flux-kontext-pro"))

    with pytest.raises(Refusal) as refused:
        await engine.attach_task(job.id, other_task)

    assert words(refused.value) == (
        f"Task “{other_task}” has this job's prompt but was made with another setting "
        "(model flux-kontext-pro, not flux-kontext-max): it was not taken, and the job was "
        "left as it was."
    )
    assert ledger.get(job.id) == job


async def test_a_task_another_artwork_follows_is_not_taken_twice(parts: Parts) -> None:
    sim, ledger, engine = parts
    request = GenerateRequest("twin foxes")
    first, task_id = await unknown_job(parts, request)
    sim.update(faults=CUT_REPLIES)
    second = await engine.wait_for((await engine.submit(request)).id)
    sim.update(faults=Faults())
    await engine.attach_task(first.id, task_id)
    asked = len(sim.requests)

    with pytest.raises(Refusal) as refused:
        await engine.attach_task(second.id, task_id)

    assert words(refused.value) == (
        f"Task “{task_id}” is already in the library, as the task of “twin foxes”: one task "
        "makes one artwork, so it was not taken again."
    )
    assert ledger.get(second.id) == second
    assert len(sim.requests) == asked  # refused before KIE was asked


async def test_the_task_of_an_artwork_deleted_since_is_not_taken_again(parts: Parts) -> None:
    """The artwork of a task was deleted from the library; a new job of the same prompt,
    its outcome unknown, is given that task: the library had forgotten it, and brought its
    image a second time. Refused, saying which artwork had it and when it was deleted,
    before KIE is asked."""
    sim, ledger, engine = parts
    request = GenerateRequest("a heron deleted")
    first, task_id = await unknown_job(parts, request)
    await engine.attach_task(first.id, task_id)
    assert (await engine.wait_for(first.id)).state is JobState.COMPLETED
    await engine.delete(first.id, for_good=True)
    sim.update(faults=CUT_REPLIES)
    second = await engine.wait_for((await engine.submit(request)).id)
    sim.update(faults=Faults())
    asked = len(sim.requests)

    with pytest.raises(Refusal) as refused:
        await engine.attach_task(second.id, task_id)

    deleted = ledger.deleted_task(task_id, simulated=second.simulated)
    assert deleted is not None and deleted.job_id == first.id
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(deleted.deleted_at))
    assert words(refused.value) == (
        f"Task “{task_id}” was the task of “a heron deleted”, which was deleted from the "
        f"library on {when}: one task makes one artwork, so it was not taken again."
    )
    assert ledger.get(second.id) == second
    assert len(sim.requests) == asked  # refused before KIE was asked


async def test_the_task_of_a_job_deleted_before_its_image_came_is_still_taken(
    parts: Parts,
) -> None:
    """A job followed the task and was cancelled before KIE's image came, then deleted: the
    image was never in the library. Its task, entered for a new job of the prompt, was
    refused as "not taken again", and the image paid for was never to be had. Taken."""
    _sim, ledger, engine = parts
    request = GenerateRequest("a heron never brought")
    second, task_id = await unknown_job(parts, request)
    first = ledger.create_job(request)
    ledger.transition(first.id, JobState.SUBMITTING, submit_count=1)
    ledger.transition(first.id, JobState.GENERATING, task_id=task_id, submitted_at=time.time())
    ledger.transition(first.id, JobState.CANCELLED)
    await engine.delete(first.id, for_good=True)

    await engine.attach_task(second.id, task_id)

    final = await engine.wait_for(second.id)
    assert (final.state, final.task_id) == (JobState.COMPLETED, task_id)
    assert Path(final.file_path).is_file()


async def test_a_task_kept_for_an_earlier_send_of_the_job_is_said_kept_from_that_send(
    parts: Parts, tmp_path: Path
) -> None:
    """The task of an earlier send of the job, cancelled while it was out and kept as an
    artwork of its own when its late answer came: the refusal said the task was "already in
    the library, as the task of “a fox kept apart”", the job's own title (the kept artwork
    has its prompt), as if the job itself had it. It names the kept artwork as what an
    earlier send of this job made, running or done."""
    sim, ledger, engine = parts
    job, task_id = await unknown_job(parts, GenerateRequest("a fox kept apart"))
    kept, _ = ledger.create_following(job, task_id)
    asked = len(sim.requests)

    with pytest.raises(Refusal) as refused:
        await engine.attach_task(job.id, task_id)

    assert words(refused.value) == (
        f"Task “{task_id}” is already kept in your library as “a fox kept apart”, from an "
        "earlier send of this job: one task makes one artwork, so it was not taken again."
    )
    ledger.transition(kept.id, JobState.DOWNLOADING)
    ledger.transition(kept.id, JobState.COMPLETED, file_path=str(tmp_path / "kept.png"))
    with pytest.raises(Refusal) as refused:
        await engine.attach_task(job.id, task_id)

    assert words(refused.value) == (
        f"The image of task “{task_id}” is already kept in your library as “a fox kept "
        "apart”, from an earlier send of this job: one task makes one artwork, so it was not "
        "taken again."
    )
    assert ledger.get(job.id) == job
    assert len(sim.requests) == asked  # refused before KIE was asked


async def test_two_jobs_given_one_task_at_once_make_one_artwork(parts: Parts) -> None:
    """The window and a command each give a job the same task at the same moment: both
    checks pass before either writes; the write's own check refuses the second."""
    sim, ledger, engine = parts
    request = GenerateRequest("twin herons")
    first, task_id = await unknown_job(parts, request)
    sim.update(faults=CUT_REPLIES)
    second = await engine.wait_for((await engine.submit(request)).id)
    sim.update(faults=Faults())

    results = await asyncio.gather(
        engine.attach_task(first.id, task_id),
        engine.attach_task(second.id, task_id),
        return_exceptions=True,
    )

    taken = [r for r in results if isinstance(r, Snapshot)]
    assert len(taken) == 1
    (refusal,) = [r for r in results if isinstance(r, BaseException)]
    assert "is already in the library" in words(refusal)
    followers = [s for s in ledger.search() if s.task_id == task_id]
    assert [s.id for s in followers] == [taken[0].id]


async def test_a_resubmit_meanwhile_wins_and_the_task_is_refused(parts: Parts) -> None:
    """Resubmit pressed while KIE is asked about the task: the job runs that send now, and
    giving it the task as well is refused, not written over it."""
    sim, ledger, engine = parts
    job, task_id = await unknown_job(parts, GenerateRequest("a kite over dunes"))
    sim.update(latency_s=(5.0, 5.0))  # the resubmitted task stays generating
    sim.update(faults=Faults(timeout=1.0, timeout_s=0.5, endpoints=frozenset({RECORD_INFO})))
    attaching = asyncio.ensure_future(engine.attach_task(job.id, task_id))
    await until(lambda: any(r.endpoint == RECORD_INFO for r in sim.requests))
    sim.update(faults=Faults())
    await engine.resubmit(job.id)

    with pytest.raises(JobRunningError):
        await attaching
    assert ledger.get(job.id).task_id != task_id


async def test_a_check_called_off_while_kie_is_asked_gives_the_job_nothing(
    parts: Parts,
) -> None:
    """Called off while KIE is slow to answer: however late it answers, the write that
    would give the job the task is refused, and the job is left as it was."""
    sim, ledger, engine = parts
    job, task_id = await unknown_job(parts, GenerateRequest("a vole in the grass"))
    sim.update(faults=Faults(timeout=1.0, timeout_s=0.5, endpoints=frozenset({RECORD_INFO})))
    call_off = CallOff()
    attaching = asyncio.ensure_future(engine.attach_task(job.id, task_id, call_off=call_off))
    await until(lambda: any(r.endpoint == RECORD_INFO for r in sim.requests))

    assert call_off.call_off()
    with pytest.raises(CheckCalledOff):
        await attaching
    assert ledger.get(job.id) == job


async def test_a_check_cannot_be_called_off_once_its_task_is_written(parts: Parts) -> None:
    _sim, ledger, engine = parts
    job, task_id = await unknown_job(parts, GenerateRequest("a vole at dusk"))
    call_off = CallOff()

    given = await engine.attach_task(job.id, task_id, call_off=call_off)

    assert not call_off.call_off()
    assert given.task_id == task_id
    assert ledger.get(job.id).task_id == task_id  # type: ignore[union-attr]


async def test_a_job_deleted_meanwhile_is_said_gone(parts: Parts) -> None:
    sim, ledger, engine = parts
    job, task_id = await unknown_job(parts, GenerateRequest("a moth at a lamp"))
    sim.update(faults=Faults(timeout=1.0, timeout_s=0.5, endpoints=frozenset({RECORD_INFO})))
    attaching = asyncio.ensure_future(engine.attach_task(job.id, task_id))
    await until(lambda: any(r.endpoint == RECORD_INFO for r in sim.requests))
    ledger.delete(job.id)

    with pytest.raises(JobGoneError):
        await attaching
    assert ledger.get(job.id) is None


@pytest.mark.parametrize("text", ["", "   ", "abc def", "https://kie.ai/logs?taskId=abc"])
async def test_text_that_is_no_task_id_is_refused_before_kie_is_asked(
    parts: Parts, text: str
) -> None:
    sim, ledger, engine = parts
    job, _task_id = await unknown_job(parts, GenerateRequest("a crane in mist"))
    asked = len(sim.requests)

    with pytest.raises(Refusal) as refused:
        await engine.attach_task(job.id, text)

    assert "That is not a task ID" in words(refused.value)
    assert len(sim.requests) == asked
    assert ledger.get(job.id) == job


async def test_a_job_whose_outcome_is_known_is_given_no_task(parts: Parts) -> None:
    sim, ledger, engine = parts
    done = await engine.wait_for((await engine.submit(GenerateRequest("a finch"))).id)
    (task,) = sim.tasks_for_prompt("a finch")

    with pytest.raises(Refusal) as refused:
        await engine.attach_task(done.id, task.task_id)

    assert words(refused.value) == (
        "Only a job whose outcome is unknown can be given a task ID; this one's outcome is known."
    )
    assert ledger.get(done.id) == done


async def test_a_task_that_failed_at_kie_fails_the_job_with_kies_reason(parts: Parts) -> None:
    sim, _ledger, engine = parts
    sim.update(faults=Faults(task_failure=1.0, truncate=1.0, endpoints=frozenset({GENERATE})))
    job = await engine.wait_for((await engine.submit(GenerateRequest("a storm"))).id)
    sim.update(faults=Faults())
    (task,) = sim.tasks_for_prompt("a storm")

    await engine.attach_task(job.id, task.task_id)
    final = await engine.wait_for(job.id)

    assert (final.state, final.task_id, final.error_code) == (
        JobState.FAILED,
        task.task_id,
        501,
    )


async def test_a_job_given_its_task_and_stopped_at_once_is_followed_at_the_next_start(
    parts: Parts, tmp_path: Path
) -> None:
    """The app ends as the task is written (the run not started, or stopped at its first
    poll): the row says generating with the task, and the next start follows it."""
    sim, ledger, engine = parts
    job, task_id = await unknown_job(parts, GenerateRequest("a gull over a pier"))
    sent = generates(sim)
    await engine.attach_task(job.id, task_id)
    await engine.aclose()
    assert (ledger.get(job.id).state, ledger.get(job.id).task_id) == (
        JobState.GENERATING,
        task_id,
    )

    again = JobEngine(
        ledger, engine.client, tmp_path / "library", config=FAST, schedule=fast_schedule()
    )
    try:
        assert job.id in await again.resume()
        final = await again.wait_for(job.id)
    finally:
        await again.aclose()
    assert final.state is JobState.COMPLETED
    assert generates(sim) == sent


async def test_a_job_cancelled_while_it_was_sent_can_be_given_its_task(parts: Parts) -> None:
    """Cancelled while its generate was out, with no answer kept: its outcome is unknown too
    (Resubmit is offered), and the task found for it is followed."""
    sim, ledger, engine = parts
    request = GenerateRequest("a seal on a rock")
    job = ledger.create_job(request)
    ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
    ledger.transition(job.id, JobState.CANCELLED, error_kind="outcome_unknown")
    task_id = await engine.client.generate(request)

    given = await engine.attach_task(job.id, task_id)

    assert (given.state, given.task_id) == (JobState.GENERATING, task_id)
    assert (await engine.wait_for(job.id)).state is JobState.COMPLETED
    assert sim.generate_count("a seal on a rock") == 1


async def test_one_job_given_its_task_twice_at_once_says_it_runs_not_that_another_has_it(
    parts: Parts,
) -> None:
    """The window and a command give the same job the same task at once: the second is
    told the job runs already, not that "another artwork" (the job itself) follows it."""
    _sim, ledger, engine = parts
    job, task_id = await unknown_job(parts, GenerateRequest("a heron twice"))

    answers = await asyncio.gather(
        engine.attach_task(job.id, task_id),
        engine.attach_task(job.id, task_id),
        return_exceptions=True,
    )

    # Either may win the write: which one is a matter of the threads' turns.
    given = [a for a in answers if isinstance(a, Snapshot)]
    refused = [a for a in answers if not isinstance(a, Snapshot)]
    assert [s.task_id for s in given] == [task_id], answers
    assert [type(r) for r in refused] == [JobRunningError], answers
    assert ledger.get(job.id).task_id == task_id


async def unknown_edit(parts: Parts, photo: Path, prompt: str) -> Snapshot:
    """An edit of ``photo`` sent once whose reply was cut short: ``unknown``, no task id."""
    sim, _ledger, engine = parts
    sim.update(faults=CUT_REPLIES)
    edit = GenerateRequest(prompt, aspect_ratio=None, image_path=str(photo))
    job = await engine.wait_for((await engine.submit(edit)).id)
    sim.update(faults=Faults())
    assert (job.state, job.task_id) == (JobState.UNKNOWN, None)
    return job


async def test_an_edit_is_not_given_the_task_of_the_same_edit_of_another_image(
    parts: Parts, tmp_path: Path
) -> None:
    """One edit, "make it a watercolour", sent for two photos as the connection dropped: both
    jobs unknown, and the artist's logs on kie.ai show two tasks of that prompt. The one made
    from the other photo is refused (its image is the other photo's, and that job, its own
    task taken, could only be paid for again); the job's own is followed."""
    sim, ledger, engine = parts
    prompt = "make it a watercolour"
    photos = [tmp_path / "harbour.png", tmp_path / "meadow.png"]
    Image.new("RGB", (64, 48), (200, 40, 40)).save(photos[0])
    Image.new("RGB", (64, 48), (40, 160, 60)).save(photos[1])
    harbour = await unknown_edit(parts, photos[0], prompt)
    meadow = await unknown_edit(parts, photos[1], prompt)
    task_of = {t.params["inputImage"]: t.task_id for t in sim.tasks_for_prompt(prompt)}
    meadow_task = task_of[meadow.input_image_url]

    with pytest.raises(Refusal) as refused:
        await engine.attach_task(harbour.id, meadow_task)

    assert words(refused.value) == (
        f"Task “{meadow_task}” has this job's prompt but was made with another setting "
        "(another job's reference image): it was not taken, and the job was left as it was."
    )
    assert ledger.get(harbour.id) == harbour
    given = await engine.attach_task(harbour.id, task_of[harbour.input_image_url])
    assert given.state is JobState.GENERATING


def test_a_prompt_kie_kept_in_another_unicode_form_is_this_job_s() -> None:
    """The prompt "café" typed on a Mac is sent as "cafe" and a combining accent; a record
    that keeps it composed (one "é") is the same text, shown alike. Refused, it read as made
    for "another prompt" that is the job's own, and the artist was left with Resubmit, which
    may pay twice."""
    decomposed = unicodedata.normalize("NFD", "a café at dawn")
    composed = unicodedata.normalize("NFC", decomposed)
    assert composed != decomposed
    record = TaskRecord("task-1", SuccessFlag.SUCCESS, params={"prompt": composed})

    assert other_task_refusal(record, GenerateRequest(decomposed)) is None
    assert other_task_refusal(record, GenerateRequest("a cafe at dawn")) is not None
