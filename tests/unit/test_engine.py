"""The job engine against a scripted KIE: the rules that keep work safe and money unspent."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import hashlib
import io
import itertools
import json
import logging
import os
import random
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any
from unittest.mock import AsyncMock
from urllib.parse import unquote

import httpx
import pytest
import send2trash
from PIL import Image, ImageCms, PngImagePlugin

from kontext_studio import i18n
from kontext_studio.config import Settings
from kontext_studio.errors import (
    SERVER_TROUBLE,
    AuthError,
    ContentPolicyError,
    CreditsError,
    ExpiredResultError,
    FileReadOnlyError,
    FolderError,
    InputError,
    JobRunningError,
    KeptImageError,
    KieAddressError,
    KontextError,
    LibraryBusyError,
    MaintenanceError,
    MalformedReplyError,
    NetworkError,
    NotFoundError,
    OutcomeUnknownError,
    RateLimitedError,
    Refusal,
    ServerError,
    StorageError,
    TlsSetupError,
    TrashedNotDeletedError,
    TrashError,
    UnreachableError,
    ValidationError,
)
from kontext_studio.explain import Explanation, explain, explain_kind
from kontext_studio.images.export import NEW_FILE_MODE
from kontext_studio.images.outgoing import prune_kept_copies
from kontext_studio.images.validate import REFERENCE_LIMITS
from kontext_studio.jobs import claim as claim_module
from kontext_studio.jobs import deleting as deleting_module
from kontext_studio.jobs import engine as engine_module
from kontext_studio.jobs import files as files_module
from kontext_studio.jobs.claim import JobsClaim
from kontext_studio.jobs.engine import EngineConfig, JobEngine
from kontext_studio.jobs.notes import (
    CANCEL_NOTE,
    LATE_TASK_NOTE,
    LATE_TASK_RESENT_NOTE,
    NOT_SENT_AGAIN_NOTE,
    NOT_SENT_AGAIN_UPLOADED_NOTE,
    NOT_SENT_NOTE,
    NOT_SENT_UPLOADED_NOTE,
    NOT_TAKEN_AGAIN_NOTE,
    NOT_TAKEN_NOTE,
    REFUSED_NOTE,
    SENDING_STOPPED_NOTE,
)
from kontext_studio.jobs.schedule import PollSchedule
from kontext_studio.jobs.states import JobState, resume_state
from kontext_studio.jobs.stopped import (
    MADE_NOTHING_KINDS,
    awaits_link,
    cancelled_unsent,
    late_answer_fields,
    link_refused,
    needs_resubmit,
    never_sent,
    nothing_charged_note,
    refetchable,
    result_gone,
    result_gone_hint,
    result_kept,
    retry_sends_cancelled,
    retry_state,
)
from kontext_studio.kie.client import KieClient
from kontext_studio.kie.concurrency import AdaptiveConcurrency
from kontext_studio.kie.models import (
    RESULT_KEPT_S,
    GenerateRequest,
    SuccessFlag,
    TaskRecord,
    UploadedFile,
)
from kontext_studio.logs import PROMPT_LOG_CHARS, setup_logging, short_prompt, stop_logging
from kontext_studio.session import RETRY_SCALE_ENV, engine_config, open_session
from kontext_studio.stats import compute_stats
from kontext_studio.store.ledger import JobChanged, Ledger, Snapshot
from tests.conftest import TRASH_HOME
from tests.fixtures import hold_reference_copy, library_begun_at, until

FAST = EngineConfig(poll_timeout_s=5.0, retry_base_s=0.01, retry_max_s=0.02)


def png_bytes(size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 80, 20)).save(out, "PNG")
    return out.getvalue()


class FakeKie:
    """A KIE that does what each test scripts, and records every call."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.generate_calls: list[dict[str, object]] = []
        self.generate_script: list[BaseException | str] = []
        self.records: dict[str, list[TaskRecord | BaseException]] = {}
        self.fetch_script: list[BaseException | bytes] = []
        self.refreshed: list[str] = []
        self.refresh_script: list[BaseException] = []  # download-url failures, then fresh links
        self.uploads: list[Path] = []
        self.fetched: list[str] = []
        self.polled: list[str] = []
        self.states_seen_at_generate: list[JobState] = []
        self.answer: asyncio.Event | None = None  # set: generate answers; None: at once

    async def generate(
        self,
        request: GenerateRequest,
        input_image_url: str | None = None,
        *,
        on_wire: Callable[[], None] | None = None,
        still_wanted: Callable[[], Awaitable[None]] | None = None,
    ) -> str:
        if on_wire is not None:
            on_wire()
        self.generate_calls.append(request.body(input_image_url))
        self.states_seen_at_generate.extend(s.state for s in self.ledger.search())
        if self.answer is not None:
            await self.answer.wait()
        outcome = self.generate_script.pop(0) if self.generate_script else "task-1"
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    async def record_info(self, task_id: str) -> TaskRecord:
        self.polled.append(task_id)
        script = self.records.get(task_id) or [done(task_id)]
        item = script.pop(0) if len(script) > 1 else script[0]
        if isinstance(item, BaseException):
            raise item
        return item

    async def download_url(self, url: str) -> str:
        self.refreshed.append(url)
        if self.refresh_script:
            raise self.refresh_script.pop(0)
        return url + "?fresh"

    async def upload_file(
        self, path: Path, *, upload_path: str, file_name: str | None = None
    ) -> UploadedFile:
        self.uploads.append(path)
        return UploadedFile(download_url=f"https://files.example/{upload_path}/{file_name}")

    async def fetch(self, url: str, *, max_bytes: int) -> tuple[bytes, str]:
        self.fetched.append(url)
        item = self.fetch_script.pop(0) if self.fetch_script else png_bytes()
        if isinstance(item, BaseException):
            raise item
        return item, "image/png"


def done(task_id: str) -> TaskRecord:
    return TaskRecord(
        task_id=task_id,
        success_flag=SuccessFlag.SUCCESS,
        result_url=f"https://cdn.example/{task_id}.png",
        created_at=datetime(2026, 1, 1, 0, 0, 0, tzinfo=UTC),
        completed_at=datetime(2026, 1, 1, 0, 0, 9, tzinfo=UTC),
    )


def running(task_id: str) -> TaskRecord:
    return TaskRecord(task_id=task_id, success_flag=SuccessFlag.GENERATING)


@pytest.fixture
def ledger(tmp_path: Path, made_library: Path) -> Iterator[Ledger]:
    opened = Ledger.open(library_begun_at(made_library, tmp_path / "library.sqlite3"))
    yield opened
    opened.close()


@pytest.fixture
def kie(ledger: Ledger) -> FakeKie:
    return FakeKie(ledger)


def make_engine(
    ledger: Ledger,
    kie: FakeKie,
    tmp_path: Path,
    claim: JobsClaim | None = None,
    library: Path | None = None,
    **config: float,
) -> JobEngine:
    """An engine with a fast schedule, its library folder ``library`` (else one in
    ``tmp_path``, made as the app's data folder is, the library folder in it is not)."""
    schedule = PollSchedule(prior=(0.01, 0.02, 0.03, 0.04, 0.05), min_interval_s=0.01)
    if "retry_base_s" in config:  # FAST's 20 ms cap would cut the back-off a test asks for
        config.setdefault("retry_max_s", max(config["retry_base_s"], FAST.retry_max_s))
    cfg = EngineConfig(**{**FAST.__dict__, **config})
    if library is None:
        tmp_path.mkdir(parents=True, exist_ok=True)
    folder = library or tmp_path / "library"
    return JobEngine(ledger, kie, folder, config=cfg, schedule=schedule, claim=claim)


def link_engine(
    ledger: Ledger, kie: FakeKie, tmp_path: Path, link_tries_s: tuple[float, ...] = ()
) -> JobEngine:
    """An engine that downloads a result twice before it gives up, and tries a refused link
    again by itself after each of ``link_tries_s`` (none unless a test means them)."""
    engine = make_engine(ledger, kie, tmp_path, download_attempts=2)
    engine.config = replace(engine.config, link_tries_s=link_tries_s)
    return engine


def refusing_engine(ledger: Ledger, kie: FakeKie, tmp_path: Path, refusals: int = 3) -> JobEngine:
    """A `link_engine` whose result links the host refuses ``refusals`` times (two
    downloads a job)."""
    kie.fetch_script = [ExpiredResultError("403")] * refusals
    return link_engine(ledger, kie, tmp_path)


async def link_left_refused(
    ledger: Ledger, kie: FakeKie, tmp_path: Path, prompt: str, refusals: int = 3
) -> str:
    """The id of a job whose result link the host refused until an engine, closed since,
    left it awaiting one (``refusals`` as `refusing_engine` takes them)."""
    engine = refusing_engine(ledger, kie, tmp_path, refusals)
    try:
        job = (await engine.submit(GenerateRequest(prompt))).id
        assert awaits_link(await engine.wait_for(job))
    finally:
        await engine.aclose()
    return job


async def run_one(engine: JobEngine, request: GenerateRequest) -> JobState:
    snap = await engine.submit(request)
    return (await engine.wait_for(snap.id)).state


async def test_job_completes_and_image_is_on_disk(ledger, kie, tmp_path):
    engine = make_engine(ledger, kie, tmp_path)
    seen: list[JobState] = []
    engine.subscribe(lambda s: seen.append(s.state))
    snap = await engine.submit(GenerateRequest("a red fox at dawn", aspect_ratio="1:1"))
    final = await engine.wait_for(snap.id)
    await engine.aclose()

    assert final.state is JobState.COMPLETED
    data = Path(final.file_path).read_bytes()
    assert hashlib.sha256(data).hexdigest() == final.sha256
    assert (final.width, final.height) == (64, 48)
    assert seen[:4] == [
        JobState.QUEUED,
        JobState.SUBMITTING,
        JobState.GENERATING,
        JobState.DOWNLOADING,
    ]
    assert seen[-1] is JobState.COMPLETED
    assert not list(Path(final.file_path).parent.glob("*.part"))


async def test_a_finished_image_is_readable_as_any_file_the_artist_saves(ledger, kie, tmp_path):
    """Finished images were written through a private temp file and kept its mode (0600):
    in a library folder the artist chose (a shared or synced folder, a web server's), nobody
    else could open them, where Save as gives the mode any saved file gets."""
    engine = make_engine(ledger, kie, tmp_path)
    final = await engine.wait_for((await engine.submit(GenerateRequest("a red fox"))).id)
    await engine.aclose()
    assert Path(final.file_path).stat().st_mode & 0o777 == NEW_FILE_MODE


async def test_deleting_puts_the_image_in_the_trash_and_a_gone_file_is_no_obstacle(
    ledger, kie, tmp_path
):
    engine = make_engine(ledger, kie, tmp_path)
    kept = await engine.wait_for((await engine.submit(GenerateRequest("a red fox"))).id)
    gone = await engine.wait_for((await engine.submit(GenerateRequest("an owl"))).id)
    Path(gone.file_path).unlink()  # removed by hand, outside the app
    await engine.delete(kept.id)
    await engine.delete(gone.id)
    await engine.aclose()

    trashed = TRASH_HOME / "Trash" / "files" / Path(kept.file_path).name
    assert trashed.read_bytes() and not Path(kept.file_path).exists()
    assert ledger.get(kept.id) is None and ledger.get(gone.id) is None


async def test_deleting_an_artwork_whose_row_names_a_folder_leaves_the_folder_alone(
    ledger, kie, tmp_path
):
    """Another program (or a hand edit) left a finished row naming a folder, not an image:
    its tile says the image is unreadable. Its Delete put the whole folder, and every file
    of the artist's in it, in the trash. The artwork is forgotten; the folder stays."""
    engine = make_engine(ledger, kie, tmp_path)
    done = await engine.wait_for((await engine.submit(GenerateRequest("a red fox"))).id)
    folder = tmp_path / "Pictures"
    folder.mkdir()
    (folder / "holiday.jpg").write_bytes(b"the artist's own")
    ledger.update(done.id, file_path=str(folder))
    await engine.delete(done.id)
    await engine.aclose()
    assert (folder / "holiday.jpg").read_bytes() == b"the artist's own"
    assert ledger.get(done.id) is None


def artists_file_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> Path:
    """The artist's own file ``name`` in the app's current folder (their home folder,
    often), which a relative path would reach. Returns that folder."""
    home = tmp_path / "home"
    home.mkdir()
    (home / name).write_bytes(b"the artist's own")
    monkeypatch.chdir(home)
    return home


def name_relative_file(ledger: Ledger, job_id: int, name: str) -> None:
    """Write ``name``, a relative path, as the file of ``job_id``'s row, as another program
    (or an old version) could: the ledger's own writes are whole paths."""
    with contextlib.closing(sqlite3.connect(ledger.path)) as conn, conn:
        conn.execute("UPDATE artwork SET file_path = ? WHERE id = ?", (name, job_id))


async def test_deleting_an_artwork_whose_row_names_a_relative_path_leaves_that_name_alone(
    ledger, kie, tmp_path, monkeypatch
):
    """A finished row naming "b.png", no folder: its Delete sent the file of that name in
    the app's current folder (the artist's home folder, often) to the Trash. The artwork is
    forgotten; the artist's file stays where it was, and nothing of theirs is in the Trash."""
    engine = make_engine(ledger, kie, tmp_path)
    done = await engine.wait_for((await engine.submit(GenerateRequest("a red fox"))).id)
    home = artists_file_in_the_current_folder(tmp_path, monkeypatch, "b.png")
    name_relative_file(ledger, done.id, "b.png")
    await engine.delete(done.id)
    await engine.aclose()
    assert (home / "b.png").read_bytes() == b"the artist's own"
    assert not (TRASH_HOME / "Trash" / "files" / "b.png").exists()
    assert ledger.get(done.id) is None


async def test_a_gone_file_is_no_obstacle_where_the_trash_says_only_oserror(
    ledger, kie, tmp_path, monkeypatch
):
    """The Finder's Trash and the Recycle Bin answer a missing file with a bare OSError,
    not FileNotFoundError: deleting an artwork whose file is gone still just forgets it,
    and never reads as "the trash refused the image"."""

    def finder_trash(path: object) -> None:
        if not Path(str(path)).exists():
            raise OSError("The file “x.png” couldn’t be found.")  # as send2trash.mac says
        raise AssertionError("only a gone file is sent here")

    monkeypatch.setattr(send2trash, "send2trash", finder_trash)
    engine = make_engine(ledger, kie, tmp_path)
    gone = await engine.wait_for((await engine.submit(GenerateRequest("an owl"))).id)
    Path(gone.file_path).unlink()  # removed by hand, outside the app
    await engine.delete(gone.id)
    await engine.aclose()
    assert ledger.get(gone.id) is None


async def test_a_delete_that_trashed_nothing_and_could_not_remove_the_row_says_only_why(
    ledger, kie, tmp_path, monkeypatch
):
    """The artwork's file was gone already (moved away outside the app), and another
    program held the library, so the Delete could not remove the row. It said "The image
    of … was moved to the Trash" (TrashedNotDeletedError), and noted the row so: its
    preview and its Publish then sent the artist to the Trash for a file never put there."""
    engine = make_engine(ledger, kie, tmp_path)
    gone = await engine.wait_for((await engine.submit(GenerateRequest("an owl"))).id)
    Path(gone.file_path).unlink()  # moved away outside the app

    def busy(_job_id: int) -> None:
        raise LibraryBusyError()

    monkeypatch.setattr(ledger, "delete", busy)
    with pytest.raises(KontextError) as raised:
        await engine.delete(gone.id)
    await engine.aclose()
    assert not isinstance(raised.value, TrashedNotDeletedError)
    assert isinstance(raised.value, LibraryBusyError)
    kept = ledger.get(gone.id)
    assert kept is not None and kept.trashed_at is None


async def test_a_delete_again_of_an_artwork_an_earlier_delete_trashed_still_says_where_it_is(
    ledger, kie, tmp_path, monkeypatch
):
    """Deleted again while another program still holds the library, the artwork an earlier
    Delete trashed the image of is still said to have it in the trash: the file is gone
    from the library folder, but not by a hand outside the app."""
    engine = make_engine(ledger, kie, tmp_path)
    done = await engine.wait_for((await engine.submit(GenerateRequest("an owl"))).id)

    def busy(_job_id: int) -> None:
        raise LibraryBusyError()

    monkeypatch.setattr(ledger, "delete", busy)
    for _ in range(2):
        with pytest.raises(TrashedNotDeletedError):
            await engine.delete(done.id)
    await engine.aclose()
    assert not Path(done.file_path).exists()


async def test_an_image_the_trash_refuses_leaves_the_artwork_as_it_was(
    ledger, kie, tmp_path, monkeypatch
):
    """The Delete notes the row before it trashes the image; when the trash refuses it, the
    artwork is kept as it was, the note taken back: nothing says it is in the Trash."""
    engine = make_engine(ledger, kie, tmp_path)
    done = await engine.wait_for((await engine.submit(GenerateRequest("an owl"))).id)

    def refused(path: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(send2trash, "send2trash", refused)
    with pytest.raises(TrashError):
        await engine.delete(done.id)
    await engine.aclose()
    assert ledger.get(done.id) == done
    assert Path(done.file_path).is_file()


async def test_the_window_starting_beside_a_holder_waits_for_no_lock_on_its_thread(
    ledger, kie, tmp_path, monkeypatch
):
    """A claim found held is asked again once a `jobs` listing's look is over, waiting for
    the look's lock (:func:`lock_past_looks`). The window took the claim on its GUI thread
    (its start, and its check every five seconds while a command holds it): a listing
    looking at a slow folder froze the window for as long (3 s in a reproduction with a
    look held 3 s). It waits off the event loop's thread."""
    lock = tmp_path / "library.jobs.lock"
    command = JobsClaim(lock)
    assert command.take()
    claim_module.who_runs(lock)  # a listing has looked: its look's file is there
    waited_on: list[threading.Thread] = []
    lock_now = claim_module.lock_now

    def noting_waits(fd: int, *, wait: bool = False) -> bool:
        if wait:
            waited_on.append(threading.current_thread())
        return lock_now(fd, wait=wait)

    monkeypatch.setattr(claim_module, "lock_now", noting_waits)
    window = make_engine(ledger, kie, tmp_path, claim=JobsClaim(lock))
    try:
        assert await window.resume() == [] and window.left_to_another
    finally:
        await window.aclose()
        command.release()
    assert waited_on and threading.current_thread() not in waited_on


def test_a_claim_taken_as_its_session_closes_is_let_go(tmp_path, monkeypatch):
    """The claim is taken off the event loop's thread, and the window may close meanwhile
    (to switch between demo and live mode, in the same process): taken after the close had
    let everything go, it stayed held by the closed session, and the next window, finding
    it held, left every unfinished job to nobody until the app quit."""
    lock = tmp_path / "library.jobs.lock"
    closing = JobsClaim(lock)
    record = claim_module.write_record

    def closed_meanwhile(fd: int, holder: claim_module.Holder | None) -> None:
        record(fd, holder)  # taken: its record is written
        closing.release()

    monkeypatch.setattr(claim_module, "write_record", closed_meanwhile)
    assert not closing.take() and not closing.held
    monkeypatch.setattr(claim_module, "write_record", record)
    assert JobsClaim(lock).take()


def test_a_guest_lock_taken_as_its_session_closes_is_let_go(tmp_path, monkeypatch):
    """A job's guest lock is taken off the event loop's thread before the job is written,
    and the session may close meanwhile (the window switching between demo and live mode
    while another process holds the claim): taken after the close had let everything go,
    it stayed held, and the holder took it for a command still running its jobs, leaving
    every unfinished job waiting until the app quit."""
    lock = tmp_path / "library.jobs.lock"
    holder = JobsClaim(lock)
    assert holder.take()
    closing = JobsClaim(lock)
    still_named = claim_module.names

    def closed_meanwhile(path: Path, fd: int) -> bool:
        closing.release()
        return still_named(path, fd)

    monkeypatch.setattr(claim_module, "names", closed_meanwhile)
    closing.enter_as_guest()
    assert not closing.guest
    assert holder.ended_guests() is not None
    holder.release()


async def test_one_process_carries_on_the_unfinished_jobs_and_the_other_takes_over_after(
    ledger, kie, tmp_path
):
    """The window and a command with the library open at once: before, each carried on
    every unfinished job, so a queued one was sent by both and charged twice."""
    job = ledger.create_job(GenerateRequest("a fox left queued").validated())
    lock = tmp_path / "library.jobs.lock"
    window = make_engine(ledger, kie, tmp_path, claim=JobsClaim(lock))
    other_ledger = Ledger.open(tmp_path / "library.sqlite3")
    other_kie = FakeKie(other_ledger)
    command = make_engine(other_ledger, other_kie, tmp_path, claim=JobsClaim(lock))
    try:
        assert await window.resume() == [job.id]
        assert await command.resume() == [] and command.left_to_another
        assert (await window.wait_for(job.id)).state is JobState.COMPLETED
        assert len(kie.generate_calls) == 1 and other_kie.generate_calls == []

        later = ledger.create_job(GenerateRequest("a fox left by the window").validated())
        await window.aclose()  # the window closes: the command may carry on now
        assert await command.resume() == [later.id] and not command.left_to_another
        assert (await command.wait_for(later.id)).state is JobState.COMPLETED
    finally:
        await command.aclose()
        other_ledger.close()


async def guest_of(
    tmp_path: Path, lock: Path, **config: float
) -> tuple[JobEngine, FakeKie, Ledger]:
    """A second process's engine on the same library, run while another holds the claim:
    it runs only the jobs it starts (a command started while the window is open)."""
    guest_ledger = Ledger.open(tmp_path / "library.sqlite3")
    guest_kie = FakeKie(guest_ledger)
    guest = make_engine(guest_ledger, guest_kie, tmp_path, claim=JobsClaim(lock), **config)
    assert await guest.resume() == [] and guest.left_to_another
    return guest, guest_kie, guest_ledger


async def until_state(ledger: Ledger, job_id: int, state: JobState) -> None:
    while (snap := ledger.get(job_id)) is None or snap.state is not state:
        await asyncio.sleep(0.01)


async def test_the_holder_carries_on_a_job_a_command_left_when_it_ended(ledger, kie, tmp_path):
    """Before: the window (holding the claim) ran only the jobs it found at its start; a
    command's job left generating by Ctrl+C waited, paid for, until the window restarted.
    A command still running keeps its job: the window leaves it alone."""
    lock = tmp_path / "library.jobs.lock"
    window = make_engine(ledger, kie, tmp_path, claim=JobsClaim(lock))
    assert await window.resume() == []
    command, command_kie, command_ledger = await guest_of(tmp_path, lock)
    try:
        command_kie.records["task-1"] = [running("task-1")]  # KIE takes its time
        job = await command.submit(GenerateRequest("a fox from the terminal"))
        await until_state(ledger, job.id, JobState.GENERATING)
        assert await window.carry_on_left_jobs() == []  # the command still runs it
        assert window.active_count == 0
        await command.aclose()  # Ctrl+C: the job is left generating
    finally:
        command_ledger.close()
    assert await window.carry_on_left_jobs() == [job.id]
    assert (await window.wait_for(job.id)).state is JobState.COMPLETED
    assert kie.generate_calls == [] and len(command_kie.generate_calls) == 1
    assert await window.carry_on_left_jobs() == []  # once
    await window.aclose()
    assert not list(tmp_path.glob("*guest*"))


async def test_a_job_a_command_left_while_sending_becomes_unknown_not_sent_again(
    ledger, kie, tmp_path
):
    lock = tmp_path / "library.jobs.lock"
    window = make_engine(ledger, kie, tmp_path, claim=JobsClaim(lock))
    assert await window.resume() == []
    command, command_kie, command_ledger = await guest_of(tmp_path, lock, shutdown_grace_s=0.01)
    try:
        command_kie.answer = asyncio.Event()  # KIE never answers the generate
        job = await command.submit(GenerateRequest("a fox caught sending"))
        await until(lambda: command_kie.generate_calls)  # on the wire, not only about to be
        await command.aclose()
    finally:
        command_ledger.close()
    assert await window.carry_on_left_jobs() == [job.id]
    left = ledger.get(job.id)
    assert left.state is JobState.UNKNOWN and "may or may not" in left.error_message
    assert kie.generate_calls == []
    await window.aclose()


async def test_a_window_opened_while_a_command_runs_its_job_leaves_it_to_the_command(
    ledger, kie, tmp_path
):
    """The window that held the claim closed while a command ran its own job; the window
    opened again takes the claim: before, it carried that job on too, and a queued one was
    sent twice."""
    lock = tmp_path / "library.jobs.lock"
    first = make_engine(ledger, kie, tmp_path, claim=JobsClaim(lock))
    assert await first.resume() == []
    command, command_kie, command_ledger = await guest_of(tmp_path, lock)
    command_kie.records["task-1"] = [running("task-1")]
    job = await command.submit(GenerateRequest("a fox the command runs"))
    await until_state(ledger, job.id, JobState.GENERATING)
    await first.aclose()
    again = make_engine(ledger, kie, tmp_path, claim=JobsClaim(lock))
    try:
        assert await again.resume() == [] and again.waits_for_guests
        assert again.active_count == 0
        await command.aclose()
        assert await again.carry_on_left_jobs() == [job.id]
        assert (await again.wait_for(job.id)).state is JobState.COMPLETED
        assert kie.generate_calls == []
    finally:
        command_ledger.close()
        await again.aclose()


async def test_a_guest_file_that_cannot_be_removed_is_not_found_ended_again_and_again(
    ledger, kie, tmp_path, monkeypatch
):
    """Before: an ended command's file that could not be removed (a permission) was found
    ended at every look, and the window read the whole list of unfinished jobs every five
    seconds for as long as it ran. A command started after is still seen running."""
    lock = tmp_path / "library.jobs.lock"
    window = make_engine(ledger, kie, tmp_path, claim=JobsClaim(lock))
    assert await window.resume() == []
    command = JobsClaim(lock)
    command.enter_as_guest()
    command.release()  # the command ended; its file stays and says so
    unlink = Path.unlink

    def refused(path: Path, missing_ok: bool = False) -> None:
        if ".guest-" in path.name:
            raise PermissionError(errno.EACCES, "Permission denied")
        unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", refused)
    reads = 0
    read = ledger.unfinished

    def counted() -> list[Snapshot]:
        nonlocal reads
        reads += 1
        return read()

    ledger.unfinished = counted  # type: ignore[method-assign]
    for _ in range(3):  # the window's looks, five seconds apart
        assert await window.carry_on_left_jobs() == []
    assert reads == 1
    later = JobsClaim(lock)
    later.enter_as_guest()
    assert later.guest and window.claim is not None and window.claim.ended_guests() is None
    later.release()
    await window.aclose()
    monkeypatch.setattr(Path, "unlink", unlink)
    assert len(JobsClaim(lock).ended_guests() or []) == 2  # the next holder tries again


def _cut_writes(library: Path) -> list[Path]:
    """A result's and a reference copy's temp files, as a process killed while it wrote them
    leaves them, and a file of the artist's that only looks alike."""
    (library / "2026-11").mkdir(parents=True)
    (library / "references").mkdir()
    planted = [library / "2026-11" / "tmpab12_cd3.part", library / "references" / "tmpxy9z8_w7"]
    for path in [*planted, library / "2026-11" / "tmp-notes.txt"]:
        path.write_bytes(b"half an image")
    return planted


async def test_the_temp_files_of_writes_cut_short_are_removed_once_nothing_writes(
    ledger, kie, tmp_path
):
    """A process killed while it wrote a result (or a reference copy) left its temp file in
    the library for good. They are removed when a start carries the jobs on and nothing can
    be writing them: not while a command beside it runs jobs of its own."""
    lock = tmp_path / "library.jobs.lock"
    planted = _cut_writes(tmp_path / "library")
    command = JobsClaim(lock)
    command.enter_as_guest()  # a generate in another terminal, writing its own files
    first = make_engine(ledger, kie, tmp_path, claim=JobsClaim(lock))
    await first.resume()
    await first.aclose()
    assert all(path.exists() for path in planted)
    command.release()  # it ended

    window = make_engine(ledger, kie, tmp_path, claim=JobsClaim(lock))
    await window.resume()
    await window.aclose()
    assert not any(path.exists() for path in planted)
    assert (tmp_path / "library" / "2026-11" / "tmp-notes.txt").exists()


async def test_a_command_that_starts_as_the_start_looks_keeps_its_temp_files(
    ledger, kie, tmp_path, monkeypatch
):
    """Before, the start looked for a running command once, then listed and removed the
    temp files: a ``generate`` started in another terminal in between (its guest lock taken,
    its reference copy being written) had that copy removed under it, and failed."""
    lock = tmp_path / "library.jobs.lock"
    planted = _cut_writes(tmp_path / "library")
    command = JobsClaim(lock)
    entries = files_module._entries

    def listed_as_a_command_starts(folder: Path) -> list[Path]:
        if not command.guest:
            command.enter_as_guest()  # then writes its reference copy: one of those listed
        return entries(folder)

    monkeypatch.setattr(files_module, "_entries", listed_as_a_command_starts)
    window = make_engine(ledger, kie, tmp_path, claim=JobsClaim(lock))
    await window.resume()
    await window.aclose()
    command.release()
    assert all(path.exists() for path in planted)


async def test_a_generate_made_as_the_window_starts_keeps_its_reference_copy(
    ledger, kie, tmp_path, monkeypatch
):
    """The window's own Generate, made while its start looks for temp files: the copy of
    its reference is being written (no job runs yet), and must not be removed under it."""
    planted = _cut_writes(tmp_path / "library")
    keeping, go_on = hold_reference_copy(monkeypatch, 10)
    reference = tmp_path / "fox.png"
    reference.write_bytes(png_bytes())
    window = make_engine(ledger, kie, tmp_path, claim=JobsClaim(tmp_path / "jobs.lock"))
    submit = asyncio.create_task(
        window.submit(GenerateRequest("a fox in a hat", image_path=str(reference)))
    )
    await asyncio.to_thread(keeping.wait, 10)
    await window.resume()
    go_on.set()
    await submit
    await window.aclose()
    assert all(path.exists() for path in planted)


async def test_several_jobs_of_one_request_keep_its_reference_once(
    ledger, kie, tmp_path, monkeypatch
):
    """The window's "Generate 4 images" of an edit: one check and one copy of the reference
    for the four jobs, each written and run as a job of its own."""
    kept: list[Path] = []
    keep = engine_module.keep_reference

    def counted(folder: Path, path: Path, *checked: Any) -> tuple[Path, str]:
        kept.append(path)
        return keep(folder, path, *checked)

    monkeypatch.setattr(engine_module, "keep_reference", counted)
    reference = tmp_path / "fox.png"
    reference.write_bytes(png_bytes())
    engine = make_engine(ledger, kie, tmp_path)
    request = GenerateRequest("a fox in a hat", image_path=str(reference))
    made = await engine.submit_several(request, 4)
    finals = [await engine.wait_for(snap.id) for snap in made]
    await engine.aclose()
    assert kept == [reference]
    assert len({snap.id for snap in made}) == 4
    assert all(final.state is JobState.COMPLETED for final in finals)
    assert len({final.request.image_path for final in finals}) == 1
    assert {final.request.image_name for final in finals} == {"fox.png"}


async def test_several_jobs_are_sent_in_their_places_order_and_a_failed_write_leaves_none_queued(
    ledger: Ledger, kie: FakeKie, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The places of "Generate 4 images" are written last first (the library, newest first,
    reads them 1 of 4 to 4 of 4) and sent first first. A write that fails on the way leaves
    none of those written waiting, queued, for the next start: they are sent."""
    engine = make_engine(ledger, kie, tmp_path)
    kie.generate_script = ["task-a", "task-b", "task-c", "task-d"]
    made = await engine.submit_several(GenerateRequest("a fox in four"), 4)
    finals = [await engine.wait_for(snap.id) for snap in made]
    assert [(snap.batch_place, snap.batch_size) for snap in made] == [(n, 4) for n in (1, 2, 3, 4)]
    assert [snap.id for snap in made] == sorted((snap.id for snap in made), reverse=True)
    assert [final.task_id for final in finals] == ["task-a", "task-b", "task-c", "task-d"]
    assert all(final.state is JobState.COMPLETED for final in finals)

    create = ledger.create_job
    writes: list[int] = []

    def failing_third(*args: Any, **kwargs: Any) -> Snapshot:
        writes.append(1)
        if len(writes) == 3:
            raise StorageError("disk I/O error")
        return create(*args, **kwargs)

    monkeypatch.setattr(ledger, "create_job", failing_third)
    with pytest.raises(StorageError):
        await engine.submit_several(GenerateRequest("a fox in a storm"), 4)
    written = ledger.search("storm")
    assert sorted(snap.batch_place for snap in written) == [3, 4]
    finals = [await engine.wait_for(snap.id) for snap in written]
    await engine.aclose()
    assert all(final.state is JobState.COMPLETED for final in finals)


async def test_several_jobs_of_one_reference_upload_it_once(ledger, kie, tmp_path):
    """An edit's "Generate 4 images", then another round on the same reference: its copy
    goes to KIE's upload service once, and every job sends that one URL. Before, each job
    uploaded the same copy (four times 20 MB on a slow line for one press)."""
    reference = tmp_path / "fox.png"
    reference.write_bytes(png_bytes())
    engine = make_engine(ledger, kie, tmp_path)
    request = GenerateRequest("a fox in a hat", image_path=str(reference))
    made = await engine.submit_several(request, 4)
    made += await engine.submit_several(replace(request, prompt="a fox in a scarf"), 2)
    finals = [await engine.wait_for(snap.id) for snap in made]
    await engine.aclose()
    assert all(final.state is JobState.COMPLETED for final in finals)
    assert len(kie.uploads) == 1
    assert len({call["inputImage"] for call in kie.generate_calls}) == 1
    assert len(kie.generate_calls) == 6


async def test_a_press_the_next_day_uploads_its_reference_anew(
    ledger: Ledger, kie: FakeKie, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same reference edited again after a night: its upload is twenty hours old, near
    the day or so KIE's upload service keeps a file (three days per its docs, about one
    per clients), and the new press uploads the copy anew rather than send a URL the service
    may have deleted (a job failed on KIE's side). Before, any upload under a day was sent."""
    clock = {"now": 1000.0}
    monkeypatch.setattr(engine_module.time, "time", lambda: clock["now"])
    reference = tmp_path / "fox.png"
    reference.write_bytes(png_bytes())
    engine = make_engine(ledger, kie, tmp_path)
    request = GenerateRequest("a fox in a hat", image_path=str(reference))
    first = await engine.wait_for((await engine.submit(request)).id)
    clock["now"] += 20 * 3600.0
    second = await engine.wait_for((await engine.submit(request)).id)
    await engine.aclose()
    assert (first.state, second.state) == (JobState.COMPLETED, JobState.COMPLETED)
    assert len(kie.uploads) == 2
    assert kie.generate_calls[0]["inputImage"] != kie.generate_calls[1]["inputImage"]


async def test_a_retry_the_next_day_uploads_its_reference_anew(
    ledger: Ledger, kie: FakeKie, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit that could not reach KIE (no network) is retried after a night: its own
    upload is twenty hours old, and the Retry uploads the copy anew as a new press would,
    rather than send a URL KIE's upload service may have deleted. Before, a job's own upload
    was sent again by its Retry for up to a day, a later press's only for an hour."""
    clock = {"now": 1000.0}
    monkeypatch.setattr(engine_module.time, "time", lambda: clock["now"])
    reference = tmp_path / "fox.png"
    reference.write_bytes(png_bytes())
    kie.generate_script = [NO_CONNECTION] * EngineConfig().unreachable_attempts
    engine = make_engine(ledger, kie, tmp_path)
    request = GenerateRequest("a fox in a hat", image_path=str(reference))
    failed = await engine.wait_for((await engine.submit(request)).id)
    assert failed.state is JobState.FAILED and failed.input_image_url
    clock["now"] += 20 * 3600.0
    retried = await engine.wait_for((await engine.retry(failed.id)).id)
    await engine.aclose()
    assert retried.state is JobState.COMPLETED
    assert len(kie.uploads) == 2
    assert kie.generate_calls[-1]["inputImage"] != failed.input_image_url


async def test_an_upload_kie_could_not_fetch_is_not_sent_again(ledger, kie, tmp_path):
    """KIE's upload service deleted the reference's upload sooner than a day (it says three
    days, clients see about one): the edit fails, and neither its Retry nor the next press
    on that reference sends that URL again, each failing alike for the rest of the day:
    the copy is uploaded anew (uploads are free)."""
    reference = tmp_path / "fox.png"
    reference.write_bytes(png_bytes())
    kie.generate_script = ["task-1", "task-2", "task-3"]
    kie.records["task-1"] = [
        TaskRecord(
            task_id="task-1",
            success_flag=SuccessFlag.GENERATE_FAILED,
            error_code=500,
            error_message="The input image could not be fetched.",
        )
    ]
    engine = make_engine(ledger, kie, tmp_path)
    request = GenerateRequest("a fox in a hat", image_path=str(reference))
    failed = await engine.wait_for((await engine.submit(request)).id)
    assert failed.state is JobState.FAILED
    gone = kie.generate_calls[0]["inputImage"]
    later = await engine.wait_for((await engine.submit(request)).id)
    retried = await engine.wait_for((await engine.retry(failed.id)).id)
    await engine.aclose()
    assert (later.state, retried.state) == (JobState.COMPLETED, JobState.COMPLETED)
    assert [call["inputImage"] for call in kie.generate_calls[1:]].count(gone) == 0
    assert len(kie.uploads) == 2


def test_a_guest_lock_removed_before_it_was_taken_is_made_anew(tmp_path, monkeypatch):
    """The holder may look at a guest's new file before the guest has locked it, find it
    free and remove it: the guest must not then count on a lock on a file nobody sees."""

    lock = tmp_path / "library.jobs.lock"
    holder = JobsClaim(lock)
    assert holder.take()
    guest = JobsClaim(lock)
    locking = claim_module.lock_now
    looked: list[bool] = []

    def holder_looks_first(fd: int) -> bool:
        if not looked:
            looked.append(True)
            holder.forget_guests(holder.ended_guests() or [])
        return locking(fd)

    monkeypatch.setattr(claim_module, "lock_now", holder_looks_first)
    guest.enter_as_guest()
    monkeypatch.setattr(claim_module, "lock_now", locking)
    assert looked and guest.guest
    assert holder.ended_guests() is None  # the guest's lock is seen
    guest.release()
    assert len(holder.ended_guests() or []) == 1
    holder.release()


@pytest.mark.parametrize("looked_at", ["claim", "guest"])
def test_a_jobs_listing_looking_at_the_same_instant_leaves_the_jobs_to_no_one(
    tmp_path, monkeypatch, looked_at
):
    """`jobs` locks the claim's file, then each ended guest's, for an instant to see whether
    anything carries the unfinished jobs on (:func:`who_runs`). A `resume`, a `generate`
    or the window that took the claim at that instant found it held, and left every
    unfinished job to a process that does not exist ("open on this library elsewhere …
    nothing was resumed here"); one that had it and looked at an ended guest's file found
    that guest still running, and left them too."""

    lock = tmp_path / "library.db.jobs.lock"
    if looked_at == "claim":
        lock.touch()  # made by an earlier run
        looked = lock
    else:
        ended = JobsClaim(lock)
        ended.enter_as_guest()
        ended.release()  # a command that ran its own jobs beside the window, killed
        looked = next(tmp_path.glob("*.guest-*"))
    locking = claim_module.lock_now
    holds, refused = threading.Event(), threading.Event()

    def jobs_looks_meanwhile(fd: int, *, wait: bool = False) -> bool:
        listing = threading.current_thread().name == "jobs"
        if not listing and wait and not locking(fd):
            refused.set()  # the look's lock, which the claim is taken under: after the look
            return locking(fd, wait=True)
        got = locking(fd, wait=wait)
        if listing and got and os.fstat(fd).st_ino == looked.stat().st_ino:
            holds.set()
            refused.wait(10)  # until the other process has found the file locked
        elif not listing and not got:
            refused.set()
        return got

    monkeypatch.setattr(claim_module, "lock_now", jobs_looks_meanwhile)
    listing = threading.Thread(target=claim_module.who_runs, args=(lock,), name="jobs")
    listing.start()
    holds.wait(10)
    starting = JobsClaim(lock)
    try:
        assert starting.take()
        assert starting.ended_guests() == ([] if looked_at == "claim" else [looked])
    finally:
        refused.set()
        listing.join()
        starting.release()


async def test_job_row_is_written_before_the_request_is_sent(ledger, kie, tmp_path):
    engine = make_engine(ledger, kie, tmp_path)
    await run_one(engine, GenerateRequest("a lighthouse"))
    await engine.aclose()
    assert kie.states_seen_at_generate == [JobState.SUBMITTING]


async def test_a_job_written_as_its_command_is_stopped_is_named_left_unfinished(
    ledger, kie, tmp_path, monkeypatch
):
    """A Ctrl+C that lands while `generate` writes its job: the write lands all the same (it
    is shielded), and the job, never started, waits queued for the next start to send it,
    and charge for it. The command said "Interrupted; this command left no job
    unfinished.", its --json line without the job's id."""
    engine = make_engine(ledger, kie, tmp_path)
    writing, written = threading.Event(), threading.Event()
    create = ledger.create_job

    def create_as_ctrl_c_lands(*args: Any, **kwargs: Any) -> Snapshot:
        writing.set()
        written.wait(10)  # until the command's wait for the write was cancelled
        return create(*args, **kwargs)

    monkeypatch.setattr(ledger, "create_job", create_as_ctrl_c_lands)
    submit = asyncio.create_task(engine.submit(GenerateRequest("a fox stopped as it was written")))
    await asyncio.to_thread(writing.wait, 10)
    submit.cancel()
    with pytest.raises(asyncio.CancelledError):
        await submit
    written.set()
    await engine.aclose()
    left = [snap.id for snap in ledger.unfinished()]
    assert len(left) == 1
    assert engine.left_unfinished == left
    assert kie.generate_calls == []


@pytest.mark.parametrize("holds", [True, False])
async def test_a_resume_stopped_before_it_carried_the_jobs_on_names_them_left(
    ledger, kie, tmp_path, monkeypatch, holds
):
    """A Ctrl+C as `resume` (or `generate`) looked at the library before carrying the
    unfinished jobs on: none had been started, and the command said "Interrupted; this
    command left no job unfinished." of a library with jobs that nothing ran. The jobs a
    process that holds the claim leaves at its close are all those of its mode still
    running; a guest, beside the window, leaves only its own."""
    job = ledger.create_job(GenerateRequest("a fox left queued").validated())
    window = JobsClaim(tmp_path / "library.jobs.lock")
    if not holds:
        assert window.take()
    engine = make_engine(ledger, kie, tmp_path, claim=JobsClaim(tmp_path / "library.jobs.lock"))
    looking, stopped = asyncio.Event(), asyncio.Event()

    async def ctrl_c_as_it_looks() -> None:
        looking.set()
        await stopped.wait()

    monkeypatch.setattr(engine, "_remove_cut_writes", ctrl_c_as_it_looks)
    resume = asyncio.create_task(engine.resume())
    if holds:
        await looking.wait()
    resume.cancel()
    with pytest.raises(asyncio.CancelledError):
        await resume
    await engine.aclose()
    window.release()
    assert engine.left_unfinished == ([job.id] if holds else [])
    assert kie.generate_calls == []


async def test_a_send_whose_turn_came_as_the_close_began_is_named_left_unfinished(
    ledger, kie, tmp_path
):
    """A command beside the window (a guest) is stopped while one job's generate request is
    out and another waits its turn. The turn comes while the close waits for that request's
    answer: the second job is not sent, and waits queued for the window to carry it on.
    Before, its run had ended by the time the close listed the jobs it left, as had the
    first's once answered, and the command said it left neither: "left no job
    unfinished"."""
    window = JobsClaim(tmp_path / "library.jobs.lock")
    assert window.take()
    engine = make_engine(ledger, kie, tmp_path, claim=JobsClaim(tmp_path / "library.jobs.lock"))
    kie.answer = asyncio.Event()
    try:
        out = await engine.submit(GenerateRequest("a fox whose request is out"))
        while not kie.generate_calls:
            await asyncio.sleep(0.01)
        waiting = await engine.submit(GenerateRequest("a fox waiting its turn"))
        engine.hold_turns([waiting.id])  # its turn comes when the test says
        while not engine.waits_turn(waiting.id):
            await asyncio.sleep(0.01)
        closing = asyncio.ensure_future(engine.aclose())
        await asyncio.sleep(0)  # the close begins
        engine.release_turns([waiting.id])
        left_queued = await engine.wait_for(waiting.id)
        kie.answer.set()
        await closing
    finally:
        kie.answer.set()
        await engine.aclose()
        window.release()
    assert left_queued.state is JobState.QUEUED
    assert len(kie.generate_calls) == 1  # the job whose turn came was not sent
    assert engine.left_unfinished == [out.id, waiting.id]
    assert [snap.id for snap in ledger.unfinished()] == [out.id, waiting.id]


async def test_unknown_outcome_is_never_sent_again(ledger, kie, tmp_path):
    kie.generate_script = [OutcomeUnknownError("read timed out")]
    engine = make_engine(ledger, kie, tmp_path)
    snap = await engine.submit(GenerateRequest("a storm"))
    final = await engine.wait_for(snap.id)
    await engine.resume()
    await engine.wait_idle()
    await engine.aclose()

    assert final.state is JobState.UNKNOWN
    assert len(kie.generate_calls) == 1
    assert ledger.get(snap.id).state is JobState.UNKNOWN


def outcome_unknown_lines(log_path: Path) -> list[dict[str, Any]]:
    """The log file's lines that say a job's generate may have been charged."""
    lines = [json.loads(line) for line in log_path.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line.get("event") == "generation_outcome_unknown"]


@pytest.mark.parametrize(
    ("reply", "reason", "code"),
    [
        (httpx.Response(503, text="Service Unavailable"), "server_error", 503),
        (httpx.ReadTimeout("timed out"), "no_reply", None),
    ],
)
async def test_a_generate_whose_outcome_is_unknown_is_logged_as_maybe_charged(
    ledger: Ledger,
    tmp_path: Path,
    reply: httpx.Response | httpx.TimeoutException,
    reason: str,
    code: int | None,
) -> None:
    """Before, a 503 or a time-out on generate left only an INFO ``kie.unusable_reply`` (or
    nothing) in the log: support looking for requests that may have been charged found no
    line naming the job. One WARNING line names it and why, its prompt cut as the logs cut
    prompts; never the key."""
    key = "sk-test-0123456789"

    def answer(request: httpx.Request) -> httpx.Response:
        if isinstance(reply, httpx.Response):
            return reply
        raise reply

    client = KieClient(key, transport=httpx.MockTransport(answer))
    prompt = "a fox under a paper moon, " * 10
    log_path = setup_logging(tmp_path / "logs")
    try:
        engine = make_engine(ledger, client, tmp_path)
        final = await engine.wait_for((await engine.submit(GenerateRequest(prompt))).id)
        await engine.aclose()
        await client.aclose()
    finally:
        stop_logging()
    assert final.state is JobState.UNKNOWN
    (line,) = outcome_unknown_lines(log_path)
    assert line["level"] == "WARNING"
    assert (line["job_id"], line["reason"], line["code"]) == (final.id, reason, code)
    assert line["state"] == "unknown"
    assert line["prompt"] == short_prompt(prompt) and len(line["prompt"]) == PROMPT_LOG_CHARS
    assert key not in log_path.read_text(encoding="utf-8")


async def test_jobs_stopped_while_sending_are_logged_as_maybe_charged(
    ledger: Ledger, kie: FakeKie, tmp_path: Path
) -> None:
    """A job found sending at a start (the app quit or crashed with its request out), and one
    an error inside the app stopped while sending, become unknown too: each has its line."""
    left = ledger.create_job(GenerateRequest("a fox left sending").validated())
    ledger.transition(left.id, JobState.SUBMITTING)
    kie.generate_script = [RuntimeError("a bug while sending")]
    log_path = setup_logging(tmp_path / "logs")
    try:
        engine = make_engine(ledger, kie, tmp_path)
        await engine.resume()
        broken = await engine.wait_for((await engine.submit(GenerateRequest("a fox"))).id)
        await engine.aclose()
    finally:
        stop_logging()
    assert ledger.get(left.id).state is JobState.UNKNOWN and broken.state is JobState.UNKNOWN
    lines = outcome_unknown_lines(log_path)
    assert [(line["job_id"], line["reason"]) for line in lines] == [
        (left.id, "interrupted"),
        (broken.id, "app_error"),
    ]
    assert all(line["level"] == "WARNING" for line in lines)


@pytest.mark.parametrize("elsewhere", ["cancelled", "deleted"])
async def test_a_job_stopped_while_its_generate_is_out_and_unanswered_is_logged_too(
    ledger: Ledger, held_kie: tuple[HeldKie, KieClient], tmp_path: Path, elsewhere: str
) -> None:
    """Cancelled (or deleted) while its generate request was out, and that request then got
    a 503: it may have been charged as much as a job left unknown (the cancelled one asks
    for Resubmit), yet no line named it, and support looking for the requests that may
    have been charged by ``generation_outcome_unknown`` missed it. It has its line, with
    what became of the job."""
    server, client = held_kie
    server.script = [httpx.Response(503, text="Service Unavailable")]
    log_path = setup_logging(tmp_path / "logs")
    try:
        engine = make_engine(ledger, client, tmp_path)
        cancelled, _ = await cancelled_while_sent(engine, server, "a fox stopped in flight")
        if elsewhere == "deleted":
            ledger.delete(cancelled.id)
        server.release()
        while server.answered < 1:
            await asyncio.sleep(0.01)
        await engine.aclose()
    finally:
        stop_logging()
    (line,) = outcome_unknown_lines(log_path)
    assert line["level"] == "WARNING"
    assert (line["job_id"], line["reason"], line["code"]) == (cancelled.id, "server_error", 503)
    assert line["state"] == elsewhere


async def test_rate_limited_submission_is_retried_and_completes(ledger, kie, tmp_path):
    kie.generate_script = [RateLimitedError("slow down", code=429), NetworkError("refused")]
    kie.generate_script.append("task-9")
    engine = make_engine(ledger, kie, tmp_path)
    state = await run_one(engine, GenerateRequest("a tower"))
    await engine.aclose()
    assert state is JobState.COMPLETED
    assert len(kie.generate_calls) == 3


async def test_a_job_waits_out_minutes_of_maintenance_and_is_then_sent_once(ledger, kie, tmp_path):
    """Before: eight tries (~2 minutes with the back-off), then failed: a five-minute
    maintenance failed every job of a batch, each to be retried by hand."""
    maintenance = MaintenanceError("The service is under maintenance", code=455)
    kie.generate_script = [maintenance] * 20 + ["task-9"]  # ~9 minutes at real back-off
    # KIE's 20 sends a window over 0.5 s, not 10 s: the 21st try waited ~10 s for a slot.
    engine = make_engine(ledger, kie, tmp_path, submit_window_s=0.5)
    state = await run_one(engine, GenerateRequest("a patient tower"))
    await engine.aclose()
    assert state is JobState.COMPLETED
    assert len(kie.generate_calls) == 21  # one accepted, the rest refused by KIE


NO_CONNECTION = UnreachableError("sending the job: no network, or the server refused it")


async def test_a_job_kie_cannot_be_reached_at_all_fails_after_a_few_tries(ledger, kie, tmp_path):
    """Before: 64 tries, about half an hour with the back-off, with nothing more said than
    "queued - KIE cannot be reached"; the command line waited all that time."""
    kie.generate_script = [NO_CONNECTION] * 10 + ["task-9"]
    engine = make_engine(ledger, kie, tmp_path)
    final = await engine.wait_for((await engine.submit(GenerateRequest("an offline fox"))).id)
    await engine.aclose()
    assert final.state is JobState.FAILED
    assert final.error_kind == NetworkError.kind and never_sent(final)
    assert len(kie.generate_calls) == EngineConfig().unreachable_attempts
    assert final.task_id is None


@pytest.mark.parametrize(
    ("value", "base_s"), [("0.1", 0.1), ("", 1.0), ("fast", 1.0), ("nan", 1.0)]
)
def test_the_retry_scale_shortens_the_back_off_and_nothing_else(
    monkeypatch: pytest.MonkeyPatch, value: str, base_s: float
) -> None:
    """KONTEXT_STUDIO_RETRY_SCALE (tests of whole processes) changes the wait between
    tries, never how many there are; a value that is no number leaves the app's."""
    monkeypatch.setenv(RETRY_SCALE_ENV, value)
    scaled = engine_config(Settings())
    monkeypatch.delenv(RETRY_SCALE_ENV)
    assert engine_config(Settings()) == EngineConfig()
    assert (scaled.retry_base_s, scaled.retry_max_s) == pytest.approx((base_s, base_s * 30))
    assert replace(scaled, retry_base_s=1.0, retry_max_s=30.0) == EngineConfig()


@pytest.mark.parametrize(("holder", "later"), [("generate", ()), ("window", (600.0, 3600.0))])
async def test_only_the_window_tries_a_refused_link_again_later_in_its_run(
    app_home: Path, holder: str, later: tuple[float, ...]
) -> None:
    """A job of ``generate`` (``retry``, ``resume`` alike) that gave up on a link the host
    refused was given a try by itself ten minutes on, which the command's close, seconds
    later, cancelled: its words promise the tries of each start alone. A command's engine
    schedules none; the window's, which runs on, still does."""
    session = open_session(demo=True, holder=holder, opens_log=False)
    try:
        assert session.engine.config.link_tries_s == later
    finally:
        await session.aclose()


async def test_a_kie_address_that_cannot_be_used_fails_the_job_at_once(ledger, tmp_path):
    """Before: httpx's UnsupportedProtocol was a network error, tried for ~30 minutes."""
    sent: list[httpx.Request] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        raise httpx.UnsupportedProtocol("Request URL has an unsupported protocol 'htps://'")

    client = KieClient("sk-test-0123456789", transport=httpx.MockTransport(refuse))
    engine = make_engine(ledger, client, tmp_path)
    final = await engine.wait_for((await engine.submit(GenerateRequest("a lost fox"))).id)
    await engine.aclose()
    await client.aclose()
    assert final.state is JobState.FAILED
    assert final.error_kind == KieAddressError.kind and not never_sent(final)
    assert len(sent) == 1
    assert "KONTEXT_STUDIO_KIE_URL" in explain_kind(final.error_kind, final.error_detail).message


async def test_a_job_whose_tls_context_cannot_be_made_fails_at_once_saying_why(
    ledger, tmp_path, monkeypatch
):
    """An SSL_CERT_FILE naming no readable file: no request can be made until it is set
    right and the app started again. Before: a network error, tried for ~30 minutes with
    "KIE cannot be reached. Check your internet connection"."""
    from kontext_studio.kie import client as client_module

    tries: list[int] = []

    def broken(*args: Any, **kwargs: Any) -> Any:
        tries.append(1)
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr(httpx, "create_ssl_context", broken)
    client_module._tls_context.cache_clear()
    client = KieClient("sk-test-0123456789", transport=httpx.MockTransport(lambda r: None))
    engine = make_engine(ledger, client, tmp_path)
    try:
        final = await engine.wait_for((await engine.submit(GenerateRequest("a fox"))).id)
    finally:
        await engine.aclose()
        await client.aclose()
        client_module._tls_context.cache_clear()
    assert final.state is JobState.FAILED
    assert final.error_kind == TlsSetupError.kind and not never_sent(final)
    assert len(tries) == 1
    words = explain_kind(final.error_kind, final.error_detail)
    assert "internet" not in words.sentences() and "SSL_CERT_FILE" in words.hint


async def test_a_wrong_generate_address_after_an_upload_does_not_say_nothing_was_sent(
    ledger, tmp_path
):
    """Before: "Nothing was sent or charged." for an edit whose reference image had gone
    through the (working) upload address before the generate address refused the job."""
    reference = tmp_path / "fox.png"
    reference.write_bytes(png_bytes())
    uploaded = {"fileName": "fox.png", "downloadUrl": "https://files.kie.test/fox.png"}

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("file-stream-upload"):
            return httpx.Response(200, json={"code": 200, "msg": "success", "data": uploaded})
        raise httpx.UnsupportedProtocol("Request URL has an unsupported protocol 'htps://'")

    client = KieClient("sk-test-0123456789", transport=httpx.MockTransport(answer))
    engine = make_engine(ledger, client, tmp_path)
    request = GenerateRequest("a fox in a hat", image_path=str(reference))
    final = await engine.wait_for((await engine.submit(request)).id)
    await engine.aclose()
    await client.aclose()
    assert final.error_kind == KieAddressError.kind and final.task_id is None
    hint = explain_kind(final.error_kind, final.error_detail, final.facts).hint
    assert hint.startswith(
        "Only the reference image was uploaded to KIE (uploads are free); the job did not reach "
        "KIE this time, so this send was not charged."
    )
    assert "Nothing was sent" not in hint


async def test_all_jobs_that_were_not_sent_are_retried_once_each(ledger, kie, tmp_path):
    """A blip fails a whole batch, each job after a few tries; one call sends each of them
    again, once, even when asked twice at once; a job that reached KIE is left alone."""
    tries = EngineConfig().unreachable_attempts
    kie.generate_script = [NO_CONNECTION] * (3 * tries)
    engine = make_engine(ledger, kie, tmp_path)
    batch = [await engine.submit(GenerateRequest(f"fox {n}")) for n in range(3)]
    for job in batch:
        await engine.wait_for(job.id)
    kie.generate_script = [OutcomeUnknownError("no answer")]
    unknown = await engine.wait_for((await engine.submit(GenerateRequest("an owl"))).id)
    assert unknown.state is JobState.UNKNOWN
    assert await engine.unsent_jobs() == [job.id for job in batch]
    kie.generate_calls.clear()

    first, second = await asyncio.gather(engine.retry_unsent(), engine.retry_unsent())
    finals = [await engine.wait_for(job.id) for job in batch]
    left = await engine.unsent_jobs()
    await engine.aclose()
    assert sorted(s.id for s in first + second) == [job.id for job in batch]
    assert [s.state for s in finals] == [JobState.COMPLETED] * 3
    assert sorted(call["prompt"] for call in kie.generate_calls) == ["fox 0", "fox 1", "fox 2"]
    assert left == []


async def test_retry_all_leaves_a_job_sent_elsewhere_after_it_was_counted(
    ledger, kie, tmp_path, monkeypatch
):
    """Retry-all reads the job, then another process (a command's retry, or the window's
    own Retry) sends it: KIE makes a task, charges it and refuses the image. Before, the
    job was read a second time and, no longer "not sent" but failed, queued and sent again:
    charged twice on a click meant only for jobs that never reached KIE."""
    tries = EngineConfig().unreachable_attempts
    kie.generate_script = [NO_CONNECTION] * tries
    engine = make_engine(ledger, kie, tmp_path)
    job = await engine.wait_for((await engine.submit(GenerateRequest("a fox"))).id)
    assert never_sent(job)
    kie.generate_calls.clear()
    read = ledger.get

    def read_then_sent_elsewhere(job_id: int) -> Snapshot | None:
        snap = read(job_id)
        monkeypatch.setattr(ledger, "get", read)
        ledger.transition(job_id, JobState.QUEUED, expect={JobState.FAILED})
        ledger.transition(job_id, JobState.SUBMITTING, submit_count=job.submit_count + 1)
        ledger.transition(job_id, JobState.GENERATING, task_id="task-elsewhere")
        ledger.transition(
            job_id, JobState.FAILED, error_kind=ContentPolicyError.kind, error_code=400
        )
        return snap

    monkeypatch.setattr(ledger, "get", read_then_sent_elsewhere)
    retried = await engine.retry_unsent([job.id])
    final = await engine.wait_for(job.id)
    await engine.aclose()
    assert retried == []
    assert kie.generate_calls == []
    assert final.task_id == "task-elsewhere"


async def test_a_moment_without_a_connection_is_ridden_out(ledger, kie, tmp_path):
    """Only tries in a row that reached nobody count: KIE's answer in between starts again."""
    maintenance = MaintenanceError("The service is under maintenance", code=455)
    few = EngineConfig().unreachable_attempts - 1
    kie.generate_script = [NO_CONNECTION] * few + [maintenance] + [NO_CONNECTION] * few
    engine = make_engine(ledger, kie, tmp_path)
    state = await run_one(engine, GenerateRequest("a patient fox"))
    await engine.aclose()
    assert state is JobState.COMPLETED
    assert len(kie.generate_calls) == 2 * few + 2


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (MaintenanceError("The service is under maintenance", code=455), "under maintenance"),
        (RateLimitedError("Too many requests", code=429), "limiting how fast"),
        (NetworkError("refused"), "cannot be reached"),
    ],
)
async def test_a_job_that_could_not_be_sent_fails_with_the_reason_and_a_hint_to_retry(
    ledger, kie, tmp_path, error, words
):
    """Not "KIE cannot be reached (gave up after repeated attempts)" for a service under
    maintenance, nor a hint that the job will wait or be sent again once it has failed."""
    kie.generate_script = [error] * 3
    engine = make_engine(ledger, kie, tmp_path, submit_attempts=3)
    final = await engine.wait_for((await engine.submit(GenerateRequest("a patient fox"))).id)
    await engine.aclose()
    assert final.state is JobState.FAILED
    assert final.error_kind == error.kind
    shown = explain_kind(final.error_kind, final.error_detail)
    assert words in shown.message
    assert "retry" in shown.hint.lower() or "try again" in shown.hint.lower()
    assert "wait" not in shown.hint and "shortly" not in shown.hint


async def test_content_policy_refusal_fails_with_its_code(ledger, kie, tmp_path):
    kie.records["task-1"] = [
        TaskRecord("task-1", SuccessFlag.GENERATE_FAILED, error_code=400, error_message="flagged")
    ]
    engine = make_engine(ledger, kie, tmp_path)
    snap = await engine.submit(GenerateRequest("something flagged"))
    final = await engine.wait_for(snap.id)
    await engine.aclose()
    assert final.state is JobState.FAILED
    assert (final.error_kind, final.error_code) == (ContentPolicyError.kind, 400)
    assert "flagged" in final.error_message


async def test_a_retry_of_a_content_policy_refusal_is_refused_and_sends_nothing(
    ledger, kie, tmp_path
):
    """Before, it sent the same prompt again: refused again, and perhaps charged."""
    kie.records["task-1"] = [
        TaskRecord("task-1", SuccessFlag.GENERATE_FAILED, error_code=400, error_message="flagged")
    ]
    engine = make_engine(ledger, kie, tmp_path)
    snap = await engine.submit(GenerateRequest("something flagged"))
    await engine.wait_for(snap.id)
    with pytest.raises(Refusal) as refused:
        await engine.retry(snap.id)
    await engine.aclose()
    assert "Change the prompt or the image" in explain(refused.value).message
    assert len(kie.generate_calls) == 1
    assert ledger.get(snap.id).state is JobState.FAILED


async def refused_retry(ledger: Ledger, kie: FakeKie, tmp_path: Path, demo: bool, kind: str) -> str:
    """Submit a fox whose send KIE's script fails as ``kind``, then retry it: what the
    refusal says. The retry sent nothing and left the job failed."""
    engine = make_engine(ledger, kie, tmp_path, simulated=demo)
    snap = await engine.submit(GenerateRequest("a fox"))
    failed = await engine.wait_for(snap.id)
    assert (failed.state, failed.error_kind) == (JobState.FAILED, kind)
    with pytest.raises(Refusal) as refused:
        await engine.retry(snap.id)
    await engine.aclose()
    assert len(kie.generate_calls) == 1
    assert ledger.get(snap.id).state is JobState.FAILED
    return explain(refused.value).message


@pytest.mark.parametrize(
    ("demo", "server"), [(False, "KIE"), (True, "The demo server")], ids=["live", "demo"]
)
async def test_a_retry_of_a_request_refused_as_invalid_is_refused_and_sends_nothing(
    ledger, kie, tmp_path, demo, server
):
    """KIE answered the generate with a validation error (422): a retry sends the request
    the job froze, which KIE refuses again. Before, it was queued and sent again."""
    kie.generate_script = [ValidationError.said("aspectRatio must be one of 1:1", code=422)]
    said = await refused_retry(ledger, kie, tmp_path, demo, ValidationError.kind)
    assert said.startswith(f"{server} did not accept this job's request")
    assert "Change the prompt, image or options" in said


@pytest.mark.parametrize("demo", [False, True], ids=["live", "demo"])
async def test_a_retry_of_a_request_that_cannot_be_sent_as_saved_is_refused(
    ledger, kie, tmp_path, demo
):
    """The job's saved request is not one that can be sent (a ratio no longer accepted):
    its send stopped before anything left, as invalid input. Before, Retry was offered and
    queued it again, to stop the same way."""
    kie.generate_script = [
        InputError.worded("Unknown aspect ratio “{ratio}”; use 1:1.", ratio="16:21")
    ]
    said = await refused_retry(ledger, kie, tmp_path, demo, InputError.kind)
    assert said.startswith("This job's saved request cannot be sent as it is")
    assert "Change the prompt, image or options as its message says" in said
    assert ("KIE" in said) is not demo


async def test_unknown_task_ends_as_not_found_never_success(ledger, kie, tmp_path):
    kie.records["task-1"] = [NotFoundError("recordInfo is null", code=422)]
    engine = make_engine(ledger, kie, tmp_path, not_found_grace_s=0.0)  # KIE's word at once
    final = await engine.wait_for((await engine.submit(GenerateRequest("x"))).id)
    await engine.aclose()
    assert final.state is JobState.FAILED
    assert final.error_kind == "not_found"
    assert final.file_path == ""


class KieThatEndsTheTask:
    """A KIE that answers each poll with the next of ``polls``: an HTTP status and a body,
    KIE's envelope (a dict) or a gateway's page (str); the last is kept. It counts the
    generate requests and the polls."""

    def __init__(self, *polls: tuple[int, dict[str, object] | str]) -> None:
        self.polls_left = list(polls)
        self.generates = 0
        self.polls = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.endswith("/generate"):
            self.generates += 1
            reply = {"code": 200, "msg": "success", "data": {"taskId": "task-1"}}
            return httpx.Response(200, json=reply)
        if path.endswith("/record-info"):
            self.polls += 1
            status, body = (
                self.polls_left.pop(0) if len(self.polls_left) > 1 else self.polls_left[0]
            )
            if isinstance(body, str):
                return httpx.Response(status, text=body)
            return httpx.Response(status, json=body)
        return httpx.Response(200, content=png_bytes(), headers={"content-type": "image/png"})


@pytest.mark.parametrize(
    ("code", "msg", "state", "kind"),
    [
        (501, "Image generation failed", JobState.FAILED, "generation_failed"),
        (400, "The prompt was flagged", JobState.FAILED, "content_policy"),
        (408, "No result for over 10 minutes", JobState.TIMEOUT, "upstream_timeout"),
    ],
    ids=["generation-failed", "content-policy", "no-result"],
)
async def test_kies_word_on_a_poll_that_the_task_ended_ends_the_job_at_once(
    ledger, tmp_path, code, msg, state, kind
):
    """KIE answered a poll with its envelope code for a task that will bring no image
    (kie-api.md, "Envelope codes": 501 generation failed, 400 content policy, both terminal;
    408 no result for over 10 minutes). Before, each was taken for a poll that got no
    answer: the job showed as generating for twice its time limit (20 minutes), then timed
    out, and its Retry asked again only to wait as long. Now the first such answer ends it,
    in KIE's words; 408 as a time-out, whose Retry asks again without paying. Each keeps
    KIE's code, as ``jobs --json`` gives it (a time-out's was left out)."""
    server = KieThatEndsTheTask((200, {"code": code, "msg": msg, "data": None}))
    client = KieClient("sk-test-0123456789", transport=httpx.MockTransport(server))
    engine = make_engine(ledger, client, tmp_path, poll_timeout_s=0.5)  # type: ignore[arg-type]
    try:
        final = await engine.wait_for((await engine.submit(GenerateRequest("a fox"))).id)
    finally:
        await engine.aclose()
        await client.aclose()
    assert (final.state, final.error_kind, final.error_code) == (state, kind, code)
    assert msg in final.error_message
    assert (server.generates, server.polls) == (1, 1)


async def test_kies_no_result_said_again_to_a_retry_fails_the_job_and_the_next_retry_sends_it(
    ledger, tmp_path
):
    """KIE answered a poll with its code 408, "no result for over 10 minutes": the job timed
    out, and its Retry asked about the task again, free. KIE said 408 again. Before, the job
    timed out again, every Retry after it the same, and Resubmit was refused ("Retry carries
    this one on"): the artist could only make a new job by hand. Now the second 408 fails
    the job in the same words, and its next Retry sends it anew, once."""
    gave_up = (200, {"code": 408, "msg": "No result for over 10 minutes", "data": None})
    server = KieThatEndsTheTask(gave_up, gave_up, (200, DONE_REPLY))
    client = KieClient("sk-test-0123456789", transport=httpx.MockTransport(server))
    engine = make_engine(ledger, client, tmp_path, poll_timeout_s=0.5)  # type: ignore[arg-type]
    try:
        job = await engine.submit(GenerateRequest("a fox"))
        timed_out = await engine.wait_for(job.id)
        asked_again = await engine.wait_for((await engine.retry(job.id)).id)
        counts = (server.generates, server.polls)
        sent_anew = await engine.wait_for((await engine.retry(job.id)).id)
    finally:
        await engine.aclose()
        await client.aclose()
    assert timed_out.state is JobState.TIMEOUT
    assert (asked_again.state, asked_again.error_kind) == (JobState.FAILED, "upstream_timeout")
    words = explain_kind(asked_again.error_kind, asked_again.error_detail, asked_again.facts)
    assert words.message.startswith("KIE gave no result in time.")
    assert counts == (1, 2)  # the first Retry only asked again
    assert (sent_anew.state, server.generates) == (JobState.COMPLETED, 2)


async def test_a_retry_after_another_stop_takes_kies_first_no_result_as_a_time_out(
    ledger, tmp_path
):
    """A job timed out on KIE's 408 once and, retried, stopped for another reason (KIE still
    working at its time limit). Its next Retry meets KIE's 408 as the first of that send's
    checks: a time-out again, asked about again for free, not failed to be sent anew."""
    gave_up = (200, {"code": 408, "msg": "No result for over 10 minutes", "data": None})
    running = (200, {"code": 200, "msg": "success", "data": {"taskId": "task-1", "successFlag": 0}})
    server = KieThatEndsTheTask(gave_up, running)
    client = KieClient("sk-test-0123456789", transport=httpx.MockTransport(server))
    engine = make_engine(ledger, client, tmp_path, poll_timeout_s=0.5)  # type: ignore[arg-type]
    try:
        job = await engine.submit(GenerateRequest("a fox"))
        await engine.wait_for(job.id)
        still_running = await engine.wait_for((await engine.retry(job.id)).id)
        server.polls_left = [gave_up]
        again = await engine.wait_for((await engine.retry(job.id)).id)
    finally:
        await engine.aclose()
        await client.aclose()
    assert (still_running.state, still_running.error_kind) == (JobState.TIMEOUT, "timeout")
    assert (again.state, again.error_kind) == (JobState.TIMEOUT, "upstream_timeout")
    assert server.generates == 1


@pytest.mark.parametrize("flag", [SuccessFlag.CREATE_FAILED, SuccessFlag.GENERATE_FAILED])
async def test_a_task_kie_ended_for_no_result_in_time_says_so_and_its_retry_sends_it_anew(
    ledger, kie, tmp_path, flag
):
    """KIE reported the task failed with errorCode 408, "no result for over 10 minutes"
    (kie-api.md, "Envelope codes"). Before, the job said "KIE could not generate this
    image." Now it says KIE gave no result in time. It ends failed, not timed out: KIE
    ended the task, so asking about it again (a timed-out job's Retry) would only bring the
    same answer; its Retry sends it anew, as for a generation KIE failed."""
    kie.generate_script = ["task-1", "task-2"]
    kie.records["task-1"] = [
        TaskRecord("task-1", flag, error_code=408, error_message="No result for over 10 minutes")
    ]
    engine = make_engine(ledger, kie, tmp_path)
    failed = await engine.wait_for((await engine.submit(GenerateRequest("a slow fox"))).id)
    assert (failed.state, failed.error_kind) == (JobState.FAILED, "upstream_timeout")
    words = explain_kind(failed.error_kind, failed.error_detail, failed.facts)
    assert words.message == "KIE gave no result in time."
    retried = await engine.wait_for((await engine.retry(failed.id)).id)
    await engine.aclose()
    assert (retried.state, retried.task_id) == (JobState.COMPLETED, "task-2")
    assert len(kie.generate_calls) == 2


DONE_REPLY = {
    "code": 200,
    "msg": "success",
    "data": {
        "taskId": "task-1",
        "successFlag": 1,
        "response": {"resultImageUrl": "https://cdn.example/task-1.png"},
    },
}


@pytest.mark.parametrize("status", [400, 408, 501])
async def test_a_gateways_bare_status_to_a_poll_still_only_delays_the_job(ledger, tmp_path, status):
    """The same codes as a bare HTTP status, a gateway's page, say nothing of the task: the
    job asks again and gets its image, sent once."""
    server = KieThatEndsTheTask((status, "<html>gateway</html>"), (200, DONE_REPLY))
    client = KieClient("sk-test-0123456789", transport=httpx.MockTransport(server))
    engine = make_engine(ledger, client, tmp_path)  # type: ignore[arg-type]
    try:
        final = await engine.wait_for((await engine.submit(GenerateRequest("a fox"))).id)
    finally:
        await engine.aclose()
        await client.aclose()
    assert (final.state, final.error_kind) == (JobState.COMPLETED, "")
    assert (server.generates, server.polls) == (1, 2)


async def test_a_bare_408_to_generate_leaves_its_outcome_unknown_never_sent_again_unasked(
    ledger, tmp_path
):
    """A server between the app and KIE (a proxy, KIE's own front) answered the send with
    its bare "408 Request Timeout" page: the request may have reached KIE whole before it
    gave up, and a task been made and charged. Before, the job failed as "KIE gave no result
    in time", and one click of Retry sent it again, maybe charging twice. Now its outcome is
    unknown, said as such, and only Resubmit, on the artist's word, sends it again."""
    generates: list[httpx.Request] = []

    def request_timeout_page(request: httpx.Request) -> httpx.Response:
        generates.append(request)
        return httpx.Response(408, html="<html><h1>408 Request Time-out</h1></html>")

    client = KieClient("sk-test-0123456789", transport=httpx.MockTransport(request_timeout_page))
    engine = make_engine(ledger, client, tmp_path)  # type: ignore[arg-type]
    try:
        final = await engine.wait_for((await engine.submit(GenerateRequest("a fox"))).id)
        with pytest.raises(InputError, match="only Resubmit sends it again"):
            await engine.retry(final.id)
    finally:
        await engine.aclose()
        await client.aclose()
    assert (final.state, final.error_kind) == (JobState.UNKNOWN, "outcome_unknown")
    assert explain_kind(final.error_kind, final.error_detail, final.facts).message == (
        "KIE's server answered with an error, so it cannot be told whether the task was made; "
        "it may or may not have been charged."
    )
    assert len(generates) == 1


@pytest.mark.parametrize(
    "unknown",
    [
        {"code": 422, "msg": "recordInfo is null", "data": None},
        {"code": 200, "msg": "success", "data": None},
    ],
    ids=["recordInfo-is-null", "no-record"],
)
async def test_a_new_task_kie_does_not_know_yet_is_asked_about_again_not_lost(
    ledger, tmp_path, unknown
):
    """KIE answered generate with the task id, and its first poll, a moment later, met
    "no such task": a brand-new task may not be visible yet to the side of KIE's service
    that answers polls. Before, the job failed at once, the paid image was never fetched,
    and its Retry asked the artist to pay for a new job. Now it asks again, and gets the
    image of the one task sent."""
    server = KieThatEndsTheTask((200, unknown), (200, DONE_REPLY))
    client = KieClient("sk-test-0123456789", transport=httpx.MockTransport(server))
    engine = make_engine(ledger, client, tmp_path)  # type: ignore[arg-type]
    seen: list[tuple[JobState, str]] = []
    engine.subscribe(lambda snap: seen.append((snap.state, snap.error_kind)))
    try:
        final = await engine.wait_for((await engine.submit(GenerateRequest("a new fox"))).id)
    finally:
        await engine.aclose()
        await client.aclose()
    assert (final.state, final.error_kind) == (JobState.COMPLETED, "")
    assert Path(final.file_path).is_file()
    assert (server.generates, server.polls) == (1, 2)
    assert all(kind != "not_found" for _state, kind in seen)  # never shown lost meanwhile


async def test_a_task_kie_still_does_not_know_after_the_grace_fails_the_job(
    ledger: Ledger, kie: FakeKie, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The grace in which a new task may not be visible yet is short: a task KIE still has
    no record of a minute after it answered the send fails the job as KIE's word, as before
    (its Retry sends it anew only on the artist's word)."""
    clock = {"now": 1000.0}
    monkeypatch.setattr(engine_module.time, "time", lambda: clock["now"])
    kie.records["task-1"] = [NotFoundError("recordInfo is null", code=422)]
    asked = kie.record_info

    async def each_poll_40_s_later(task_id: str) -> TaskRecord:
        clock["now"] += 40.0
        return await asked(task_id)

    kie.record_info = each_poll_40_s_later  # type: ignore[method-assign]
    engine = make_engine(ledger, kie, tmp_path, poll_timeout_s=600.0)
    final = await engine.wait_for((await engine.submit(GenerateRequest("a lost fox"))).id)
    await engine.aclose()
    assert (final.state, final.error_kind) == (JobState.FAILED, "not_found")
    assert len(kie.polled) == 2  # 40 s after the send: not visible yet; 80 s: lost
    assert len(kie.generate_calls) == 1


async def test_a_job_resumed_long_after_its_send_whose_task_kie_does_not_know_fails_at_once(
    ledger: Ledger, kie: FakeKie, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A job left generating when the app closed, carried on an hour later: "no such task"
    then is KIE's word, not a task too new to be seen, and the job fails on it."""
    clock = {"now": 1000.0}
    monkeypatch.setattr(engine_module.time, "time", lambda: clock["now"])
    job = ledger.create_job(GenerateRequest("an old fox").validated())
    ledger.transition(job.id, JobState.SUBMITTING)
    ledger.transition(job.id, JobState.GENERATING, task_id="task-1", submitted_at=1000.0)
    clock["now"] = 1000.0 + 3600.0
    kie.records["task-1"] = [NotFoundError("recordInfo is null", code=422)]
    engine = make_engine(ledger, kie, tmp_path, poll_timeout_s=7200.0)
    await engine.resume()
    final = await engine.wait_for(job.id)
    await engine.aclose()
    assert (final.state, final.error_kind) == (JobState.FAILED, "not_found")
    assert len(kie.polled) == 1
    assert kie.generate_calls == []


NO_RECORD = {"code": 200, "msg": "success", "data": None}


def a_paid_job_resumed_an_hour_after_its_send(ledger: Ledger) -> int:
    """A job KIE took (and charged) an hour ago, left generating when the app closed: past
    the grace in which "no such task" may only mean a task too new to be seen."""
    job = ledger.create_job(GenerateRequest("a paid fox").validated())
    ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
    sent = time.time() - 3600.0
    ledger.transition(job.id, JobState.GENERATING, task_id="task-1", submitted_at=sent)
    return job.id


async def paid_job_resumed_against(
    ledger: Ledger, tmp_path: Path, server: KieThatEndsTheTask
) -> Snapshot:
    """:func:`a_paid_job_resumed_an_hour_after_its_send`, resumed by an engine whose KIE is
    ``server``; its row once the engine is done with it."""
    client = KieClient("sk-test-0123456789", transport=httpx.MockTransport(server))
    job_id = a_paid_job_resumed_an_hour_after_its_send(ledger)
    engine = make_engine(ledger, client, tmp_path, poll_timeout_s=7200.0)  # type: ignore[arg-type]
    try:
        await engine.resume()
        return await engine.wait_for(job_id)
    finally:
        await engine.aclose()
        await client.aclose()


async def test_one_poll_answered_without_a_record_does_not_end_a_paid_job(ledger, tmp_path):
    """KIE answered one poll of a job it made an hour ago with success and ``data`` null, a
    glitch: kie-api.md gives code 422 "recordInfo is null" for a task it does not know.
    Before, that one reply failed the paid job as "KIE does not know this task", and its
    Retry asked the artist to pay again. Now the job asks again and gets its image."""
    server = KieThatEndsTheTask((200, NO_RECORD), (200, DONE_REPLY))
    final = await paid_job_resumed_against(ledger, tmp_path, server)
    assert (final.state, final.error_kind) == (JobState.COMPLETED, "")
    assert Path(final.file_path).is_file()
    assert (server.generates, server.polls) == (0, 2)


async def test_polls_answered_without_a_record_again_and_again_stop_the_job_with_a_free_retry(
    ledger, tmp_path
):
    """Every poll answered with success and no record: the job asks a few times, then stops,
    saying what KIE did, in words, not that KIE does not know the task; its task is kept,
    so Retry asks about it again, free."""
    server = KieThatEndsTheTask((200, NO_RECORD))
    final = await paid_job_resumed_against(ledger, tmp_path, server)
    assert final.state is JobState.TIMEOUT
    assert server.polls == EngineConfig().empty_record_polls
    assert (final.task_id, retry_state(final)) == ("task-1", JobState.GENERATING)
    words = explain_kind(final.error_kind, final.error_detail, final.facts)
    assert "does not know" not in words.message
    assert words.message == (
        "KIE sent a reply the app does not understand. Cause: KIE answered about the job "
        "without any of its details."
    )
    assert words.hint == (
        "KIE had already taken this job, so it was charged; retry in a moment: Retry gets "
        "its image without paying again."
    )
    assert server.generates == 0


RUNNING_REPLY = {
    "code": 200,
    "msg": "success",
    "data": {"taskId": "task-1", "successFlag": 0, "response": None},
}


async def test_polls_without_a_record_count_only_in_a_row(ledger, tmp_path):
    """Replies without a record come in two runs, each shorter than the run that stops a
    job, with a reply that the task still runs between them: the job keeps asking and gets
    its image. Counted across that reply, the two runs would stop a job KIE was making,
    its image not fetched until the artist's Retry."""
    glitches = [(200, NO_RECORD)] * (EngineConfig().empty_record_polls - 1)
    server = KieThatEndsTheTask(*glitches, (200, RUNNING_REPLY), *glitches, (200, DONE_REPLY))
    final = await paid_job_resumed_against(ledger, tmp_path, server)
    assert (final.state, final.error_kind) == (JobState.COMPLETED, "")
    assert (server.generates, server.polls) == (0, 2 * len(glitches) + 2)


async def test_a_job_stopped_by_polls_without_a_record_gets_its_image_on_retry_unpaid(
    ledger, tmp_path
):
    """The job that replies without a record stopped keeps its task: once KIE answers
    again, Retry asks about that task and fetches its image, with no new generate (no
    second charge)."""
    server = KieThatEndsTheTask((200, NO_RECORD))
    client = KieClient("sk-test-0123456789", transport=httpx.MockTransport(server))
    job_id = a_paid_job_resumed_an_hour_after_its_send(ledger)
    engine = make_engine(ledger, client, tmp_path, poll_timeout_s=7200.0)  # type: ignore[arg-type]
    try:
        await engine.resume()
        stopped = await engine.wait_for(job_id)
        assert stopped.state is JobState.TIMEOUT
        server.polls_left = [(200, DONE_REPLY)]
        await engine.retry(job_id)
        final = await engine.wait_for(job_id)
    finally:
        await engine.aclose()
        await client.aclose()
    assert (final.state, final.task_id) == (JobState.COMPLETED, "task-1")
    assert Path(final.file_path).is_file()
    assert server.generates == 0


class GatewayOutage:
    """A KIE behind a gateway that answers record-info with its own bare 404 page for
    ``outage`` polls, then lets KIE answer again; it counts the generate requests."""

    def __init__(self, outage: int) -> None:
        self.outage = outage
        self.generates = 0
        self.polls = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        data: object
        if path.endswith("/generate"):
            self.generates += 1
            data = {"taskId": "task-1"}
        elif path.endswith("/record-info"):
            self.polls += 1
            if self.polls <= self.outage:
                return httpx.Response(404, html="<html><h1>404 Not Found</h1>nginx</html>")
            data = {
                "taskId": "task-1",
                "successFlag": 1,
                "response": {"resultImageUrl": "https://cdn.example/task-1.png"},
            }
        else:
            return httpx.Response(200, content=png_bytes(), headers={"content-type": "image/png"})
        return httpx.Response(200, json={"code": 200, "msg": "success", "data": data})


async def test_a_gateways_bare_404_to_a_poll_delays_the_job_but_never_fails_it(ledger, tmp_path):
    """During an outage of KIE's gateway its polls met a bare 404 page. Before: each job
    failed as "KIE does not know this task", whose Retry sends it anew, charged. Now the
    job says why it is held up, asks again, and gets its image, sent once."""
    server = GatewayOutage(outage=3)
    client = KieClient("sk-test-0123456789", transport=httpx.MockTransport(server))
    engine = make_engine(ledger, client, tmp_path)  # type: ignore[arg-type]
    seen: list[str] = []
    engine.subscribe(lambda snap: seen.append(snap.error_kind))
    try:
        final = await engine.wait_for((await engine.submit(GenerateRequest("a fox"))).id)
    finally:
        await engine.aclose()
        await client.aclose()
    assert (final.state, final.error_kind) == (JobState.COMPLETED, "")
    assert Path(final.file_path).is_file()
    assert "not_found" not in seen and "server" in seen  # held up, said why
    assert (server.generates, server.polls) == (1, 4)


class KieTroubledOnce:
    """A KIE that answers the first reference uploads, or the first polls, with
    ``troubles`` in turn (replies as a gateway or KIE's envelope gives them), then as it
    should."""

    def __init__(self, *troubles: httpx.Response, at: str) -> None:
        self.troubles = list(troubles)
        self.at = at

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.endswith(self.at) and self.troubles:
            return self.troubles.pop(0)
        if path.endswith("/record-info"):
            return httpx.Response(200, json=DONE_REPLY)
        data: object
        if path.endswith("/generate"):
            data = {"taskId": "task-1"}
        elif path.endswith("/api/file-stream-upload"):
            data = {"downloadUrl": "https://files.example/reference.png"}
        else:
            return httpx.Response(200, content=png_bytes(), headers={"content-type": "image/png"})
        return httpx.Response(200, json={"code": 200, "msg": "success", "data": data})


_GATEWAY_PAGE = "<html><h1>Bad Gateway</h1></html>"


async def generated_through(
    ledger: Ledger,
    tmp_path: Path,
    kie: Callable[[httpx.Request], httpx.Response],
    seen: Callable[[Snapshot], None],
    request: GenerateRequest | None = None,
) -> Snapshot:
    """``request`` (a fox by default) generated by an engine whose KIE answers as ``kie``
    does, ``seen`` told of each move of the job: the job as it ended."""
    client = KieClient("sk-test-0123456789", transport=httpx.MockTransport(kie))
    engine = make_engine(ledger, client, tmp_path)  # type: ignore[arg-type]
    engine.subscribe(seen)
    try:
        job = await engine.submit(request or GenerateRequest("a fox"))
        return await engine.wait_for(job.id)
    finally:
        await engine.aclose()
        await client.aclose()


@pytest.mark.parametrize(
    ("at", "trouble", "code"),
    [
        ("/record-info", httpx.Response(502, html=_GATEWAY_PAGE), 502),
        ("/record-info", httpx.Response(501, html=_GATEWAY_PAGE), 501),
        ("/record-info", httpx.Response(408, html=_GATEWAY_PAGE), 408),
        ("/record-info", httpx.Response(404, html=_GATEWAY_PAGE), None),
        ("/record-info", httpx.Response(422, html=_GATEWAY_PAGE), None),
        ("/record-info", httpx.Response(200, json={"code": 505, "msg": "feature off"}), 505),
        ("/api/file-stream-upload", httpx.Response(503, html=_GATEWAY_PAGE), 503),
        ("/api/file-stream-upload", httpx.Response(200, text="not json"), None),
    ],
)
async def test_a_running_job_held_up_by_kie_gives_the_code_it_was_answered(
    ledger, tmp_path, at, trouble, code
):
    """`jobs --json` of a job held up while it runs gives the code it was answered: before,
    500 for every 5xx (a gateway's 502, 501, a bare 408) and for an upload reply that could
    not be read, which has none, and null for KIE's own 505. A gateway's bare 404 or 422 to
    a poll gives none: read as KIE's, it says the task is unknown, which fails a job, where
    this one is asked about again (it read 404 or 422)."""
    from kontext_studio.cli.job_output import job_json

    reference = tmp_path / "fox.png"
    reference.write_bytes(png_bytes())
    held: list[tuple[str, int | None]] = []

    def seen(snap: Snapshot) -> None:
        if snap.state.is_active and snap.error_kind:
            held.append((snap.error_kind, job_json(snap)["error_code"]))

    request = GenerateRequest("a fox", image_path=str(reference))
    final = await generated_through(
        ledger, tmp_path, KieTroubledOnce(trouble, at=at), seen, request
    )
    assert final.state is JobState.COMPLETED
    assert held and {shown for _, shown in held} == {code}


@pytest.mark.parametrize(("status", "code"), [(404, None), (422, None), (502, 502)])
async def test_a_job_timed_out_while_a_gateway_answered_its_polls_gives_the_code_it_ran_with(
    ledger, tmp_path, status, code
):
    """Every poll answered by a gateway's bare page until the job timed out: `jobs --json`
    of the timed-out job gives the code it gave while it ran. Before, a bare 404 or 422
    read null while the job ran, then 404 or 422 once it timed out: KIE's word that its
    task is unknown, where its Retry asks about that task again, free."""
    from kontext_studio.cli.job_output import job_json

    troubles = [httpx.Response(status, html=_GATEWAY_PAGE) for _ in range(10_000)]
    kie = KieTroubledOnce(*troubles, at="/record-info")
    client = KieClient("sk-test-0123456789", transport=httpx.MockTransport(kie))
    engine = make_engine(ledger, client, tmp_path, poll_timeout_s=0.2)  # type: ignore[arg-type]
    try:
        final = await engine.wait_for((await engine.submit(GenerateRequest("a fox"))).id)
    finally:
        await engine.aclose()
        await client.aclose()
    assert final.state is JobState.TIMEOUT
    assert final.error_kind == "server"
    assert job_json(final)["error_code"] == code


async def test_a_running_job_held_up_by_another_server_error_gives_its_code(ledger, tmp_path):
    """A poll answered 502, then 503 (the gateway, then KIE's server down): `jobs --json`
    gives 503 once it is what holds the job up. Before, the note was written again only
    when the kind of trouble changed, and the job read 502 while KIE answered 503."""
    from kontext_studio.cli.job_output import job_json

    troubles = (httpx.Response(502, html=_GATEWAY_PAGE), httpx.Response(503, html=_GATEWAY_PAGE))
    kie = KieTroubledOnce(*troubles, at="/record-info")
    held: list[int | None] = []

    def seen(snap: Snapshot) -> None:
        if snap.state.is_active and snap.error_kind:
            held.append(job_json(snap)["error_code"])

    final = await generated_through(ledger, tmp_path, kie, seen)
    assert final.state is JobState.COMPLETED
    assert held == [502, 503]


async def test_a_job_downloading_after_a_held_up_poll_keeps_no_code_of_it(ledger, tmp_path):
    """A poll answered 502, then the task's image: the job downloading is held up by
    nothing, and its row keeps no code. Before, it kept the poll's 502 (which `jobs --json`
    hid) until the job moved on."""
    kie = KieTroubledOnce(httpx.Response(502, html=_GATEWAY_PAGE), at="/record-info")
    downloading: list[tuple[str, int | None]] = []

    def seen(snap: Snapshot) -> None:
        if snap.state is JobState.DOWNLOADING:
            downloading.append((snap.error_kind, snap.error_code))

    final = await generated_through(ledger, tmp_path, kie, seen)
    assert final.state is JobState.COMPLETED
    assert downloading and set(downloading) == {("", None)}


class KieWithABadLink:
    """A KIE whose finished task's result link is ``link`` (changed by the test), served as
    a picture when it is an https address; it counts the generate requests."""

    def __init__(self, link: str) -> None:
        self.link = link
        self.generates = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        data: object
        if path.endswith("/generate"):
            self.generates += 1
            data = {"taskId": "task-1"}
        elif path.endswith("/record-info"):
            data = {"taskId": "task-1", "successFlag": 1, "response": {"resultImageUrl": self.link}}
        else:
            return httpx.Response(200, content=png_bytes(), headers={"content-type": "image/png"})
        return httpx.Response(200, json={"code": 200, "msg": "success", "data": data})


@pytest.mark.parametrize("link", ["result ready", "http://cdn.example/task-1.png"])
async def test_a_result_link_that_is_no_https_address_is_kies_fault_and_retry_is_free(
    ledger, tmp_path, link
):
    """KIE reports the image done with a link that is no web address (or plain http).
    Before: the job failed with "The request is not valid. Correct it and try again.",
    blaming the artist for KIE's reply. Now it is KIE's unusable reply; the image KIE made
    is kept to: Retry asks KIE for its link again, and never sends the job anew."""
    server = KieWithABadLink(link)
    client = KieClient("sk-test-0123456789", transport=httpx.MockTransport(server))
    engine = make_engine(ledger, client, tmp_path)  # type: ignore[arg-type]
    try:
        job = await engine.submit(GenerateRequest("a fox"))
        failed = await engine.wait_for(job.id)
        assert (failed.state, failed.error_kind) == (JobState.FAILED, "malformed_reply")
        words = explain_kind(failed.error_kind, failed.error_detail, failed.facts)
        assert "not valid" not in words.message and "Correct it" not in words.hint
        assert words.message.startswith("KIE sent a reply the app does not understand.")

        server.link = "https://cdn.example/task-1.png"  # KIE has put it right
        await engine.retry(job.id)  # no anew: it must not need the artist's word to pay
        done = await engine.wait_for(job.id)
    finally:
        await engine.aclose()
        await client.aclose()
    assert (done.state, done.error_kind) == (JobState.COMPLETED, "")
    assert Path(done.file_path).is_file()
    assert server.generates == 1


async def test_transient_poll_errors_delay_but_never_fail(ledger, kie, tmp_path):
    kie.records["task-1"] = [
        NetworkError("down"),
        MalformedReplyError("garbage"),
        running("task-1"),
        RateLimitedError("busy", code=429),
        done("task-1"),
    ]
    engine = make_engine(ledger, kie, tmp_path)
    final = await engine.wait_for((await engine.submit(GenerateRequest("x"))).id)
    await engine.aclose()
    assert final.state is JobState.COMPLETED
    assert final.poll_count == 5


async def test_failing_polls_say_why_once_and_clear_when_kie_answers(ledger, kie, tmp_path):
    """KIE cannot be reached while the job generates: the job says so (written once, not on
    every failed poll), says so no more once a poll is answered, and is never sent again."""
    kie.records["task-1"] = [
        NetworkError("down"),
        NetworkError("down"),
        NetworkError("down"),
        running("task-1"),
        done("task-1"),
    ]
    seen: list[tuple[JobState, str]] = []
    engine = make_engine(ledger, kie, tmp_path)
    engine.subscribe(lambda s: seen.append((s.state, s.error_kind)))
    final = await engine.wait_for((await engine.submit(GenerateRequest("x"))).id)
    await engine.aclose()
    generating = [kind for state, kind in seen if state is JobState.GENERATING]
    assert generating == ["", "network", ""]
    assert (final.state, final.error_kind) == (JobState.COMPLETED, "")
    assert len(kie.generate_calls) == 1


async def test_a_job_whose_polls_fail_until_its_result_comes_keeps_no_stale_reason(
    ledger, kie, tmp_path
):
    kie.records["task-1"] = [MalformedReplyError("garbage"), done("task-1")]
    seen: list[tuple[JobState, str]] = []
    engine = make_engine(ledger, kie, tmp_path)
    engine.subscribe(lambda s: seen.append((s.state, s.error_kind)))
    await engine.wait_for((await engine.submit(GenerateRequest("x"))).id)
    await engine.aclose()
    assert (JobState.GENERATING, "malformed_reply") in seen
    assert [kind for state, kind in seen if state is JobState.DOWNLOADING] == [""]


@pytest.mark.parametrize("kie_says", ["still running", "nothing"], ids=["running", "never answers"])
async def test_a_timed_out_job_s_retry_checks_on_its_task_without_resubmitting(
    ledger, kie, tmp_path, kie_says
):
    """A job KIE keeps generating past the deadline, or never answers about (waiting for
    its answer has its own bound: a job is never left generating for ever), times out; its
    retry checks on the task again instead of paying anew."""
    kie.records["task-1"] = [
        running("task-1") if kie_says == "still running" else NetworkError("down")
    ]
    engine = make_engine(ledger, kie, tmp_path, poll_timeout_s=0.2)
    snap = await engine.submit(GenerateRequest("a fox in the fog"))
    assert (await engine.wait_for(snap.id)).state is JobState.TIMEOUT

    kie.records["task-1"] = [done("task-1")]
    await engine.retry(snap.id)
    final = await engine.wait_for(snap.id)
    await engine.aclose()
    assert final.state is JobState.COMPLETED
    assert len(kie.generate_calls) == 1


@pytest.mark.parametrize(
    ("simulated", "server"), [(True, "The demo server"), (False, "KIE")], ids=["demo", "live"]
)
async def test_a_timed_out_job_says_which_server_had_not_finished_it(
    ledger, kie, tmp_path, simulated, server
):
    """Before: a demo job that timed out read "No result arrived within the time limit.
    (KIE had not finished it after 600 seconds)", in the window and the command line,
    though it was the demo server on this computer that had not finished it."""
    kie.records["task-1"] = [running("task-1")]
    engine = make_engine(ledger, kie, tmp_path, poll_timeout_s=0.2, simulated=simulated)
    snap = await engine.submit(GenerateRequest("a fox in the fog"))
    late = await engine.wait_for(snap.id)
    await engine.aclose()
    assert late.state is JobState.TIMEOUT
    assert explain_kind(late.error_kind, late.error_detail, late.facts).message == (
        f"No result arrived within the time limit. Cause: {server} had not finished it after "
        "0 seconds."
    )


async def test_a_job_kie_cannot_be_asked_about_past_its_deadline_waits_for_kie_s_answer(
    ledger: Ledger, kie: FakeKie, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The laptop slept for half an hour with a job generating, and on waking the network
    takes a moment to come back. Before, the first poll that could not reach KIE timed the
    job out ("KIE had not finished it after 600 seconds") while KIE had its image ready."""
    clock = {"now": 1000.0}
    monkeypatch.setattr(engine_module.time, "time", lambda: clock["now"])
    job = ledger.create_job(GenerateRequest("a sleepy fox").validated())
    ledger.transition(job.id, JobState.SUBMITTING)
    ledger.transition(job.id, JobState.GENERATING, task_id="task-1", submitted_at=1000.0)
    clock["now"] = 1000.0 + 1800.0  # woken, far past the job's 600 s
    kie.records["task-1"] = [NetworkError("down"), NetworkError("down"), done("task-1")]
    engine = make_engine(ledger, kie, tmp_path, poll_timeout_s=600.0)
    await engine.resume()
    final = await engine.wait_for(job.id)
    await engine.aclose()
    assert (final.state, final.error_kind) == (JobState.COMPLETED, "")
    assert len(kie.generate_calls) == 0


@pytest.mark.parametrize(
    ("trouble", "said"),
    [
        (
            AuthError("You do not have access permissions", code=401),
            Explanation(
                "KIE rejected the API key.",
                "KIE had already taken this job, so it was charged; open Settings and enter a "
                "valid KIE API key: then Retry gets its image without paying again.",
            ),
        ),
        (
            NetworkError("down"),
            Explanation(
                "KIE cannot be reached. Cause: down.",
                "KIE had already taken this job, so it was charged; check your internet "
                "connection: then Retry gets its image without paying again.",
            ),
        ),
    ],
    ids=["key-rejected", "no-connection"],
)
async def test_a_job_kie_could_not_be_asked_about_times_out_saying_why(
    ledger: Ledger, kie: FakeKie, tmp_path: Path, trouble: Exception, said: Explanation
) -> None:
    """The key was revoked (or the network went) after the job was sent: every poll failed
    until the time limit. Before, the job timed out saying "KIE had not finished it after
    600 seconds", which was not known, and hid the fix (a valid key in Settings). It says
    why KIE could not be asked, and that Retry, not a new job, then gets the image without
    paying again; and it does."""
    kie.records["task-1"] = [trouble]
    engine = make_engine(ledger, kie, tmp_path, poll_timeout_s=0.2)
    snap = await engine.submit(GenerateRequest("a fox in the fog"))
    late = await engine.wait_for(snap.id)
    assert late.state is JobState.TIMEOUT
    assert explain_kind(late.error_kind, late.error_detail, late.facts) == said

    kie.records["task-1"] = [done("task-1")]
    await engine.retry(snap.id)
    final = await engine.wait_for(snap.id)
    await engine.aclose()
    assert final.state is JobState.COMPLETED
    assert len(kie.generate_calls) == 1


async def test_expired_result_gets_one_fresh_link(ledger, kie, tmp_path):
    kie.fetch_script = [ExpiredResultError("403"), png_bytes()]
    engine = make_engine(ledger, kie, tmp_path)
    final = await engine.wait_for((await engine.submit(GenerateRequest("x"))).id)
    await engine.aclose()
    assert final.state is JobState.COMPLETED
    assert kie.refreshed == ["https://cdn.example/task-1.png"]


async def test_no_connection_for_a_fresh_link_is_tried_again_not_called_expired(
    ledger, kie, tmp_path
):
    """KIE could not be asked for a fresh link: that says nothing of the result, so the job
    keeps trying, and gets its image once KIE answers."""
    kie.fetch_script = [ExpiredResultError("403"), png_bytes()]
    kie.refresh_script = [NetworkError("refused")]
    engine = make_engine(ledger, kie, tmp_path)
    final = await engine.wait_for((await engine.submit(GenerateRequest("x"))).id)
    await engine.aclose()
    assert final.state is JobState.COMPLETED
    assert len(kie.refreshed) == 2


async def test_a_fresh_link_kie_cannot_give_for_a_server_error_fails_retryable(
    ledger, kie, tmp_path
):
    """Every try to get a fresh link meets a server error: the job fails saying so (Retry
    downloads again, nothing paid), not that the result has expired."""
    kie.fetch_script = [ExpiredResultError("403")]
    kie.refresh_script = [ServerError("HTTP 502", code=502)] * 5
    engine = make_engine(ledger, kie, tmp_path)
    snap = await engine.submit(GenerateRequest("x"))
    failed = await engine.wait_for(snap.id)
    assert (failed.state, failed.error_kind) == (JobState.FAILED, "server")

    await engine.retry(snap.id)
    final = await engine.wait_for(snap.id)
    await engine.aclose()
    assert final.state is JobState.COMPLETED
    assert len(kie.generate_calls) == 1


def kie_says_not_its_file() -> ValidationError:
    """download-url's answer for a link that is no file of KIE's, in KIE's envelope (as
    the client marks it)."""
    not_kie = ValidationError("Only files generated by KIE are supported", code=422)
    not_kie.answered = True
    return not_kie


async def test_a_result_kie_says_is_deleted_is_gone_for_good_however_young(ledger, kie, tmp_path):
    """KIE answers it has no such file: the result is deleted. Before, while the job was
    less than 14 days old, Retry asked KIE for a fresh link again, free, and failed the same
    way every time: a loop an artist could fall into forever. The row now keeps KIE's word,
    and a retry is refused at once, in the words that say only a new job brings the image
    back: nothing is asked of KIE, nothing sent."""
    kie.fetch_script = [ExpiredResultError("403")]
    gone = NotFoundError("The file has expired and was deleted", code=404)
    gone.answered = True  # in KIE's envelope, as the client marks it
    kie.refresh_script = [gone]
    engine = make_engine(ledger, kie, tmp_path)
    snap = await engine.submit(GenerateRequest("x"))
    failed = await engine.wait_for(snap.id)
    assert (failed.state, failed.error_kind) == (JobState.FAILED, "expired_result")
    assert failed.result_deleted and result_gone(failed)

    with pytest.raises(InputError) as refused:
        await engine.retry(snap.id)
    await engine.aclose()
    assert explain(refused.value).message == (
        "KIE no longer has this image, so a retry cannot fetch it; generate it again as a new job."
    )
    assert ledger.get(snap.id) == failed
    assert (len(kie.refreshed), len(kie.generate_calls)) == (1, 1)


async def test_a_link_kie_says_is_not_its_file_is_retried_free_not_marked_deleted(
    ledger, kie, tmp_path
):
    """download-url answers 422 ("Only files generated by KIE are supported") for an
    address that is no KIE file (kie-api.md), which says nothing of the result being
    deleted: the job fails as expired, and keeps its free Retry while KIE may keep the
    image. Before, it was marked deleted for good, and only a new, paid job was left."""
    kie.fetch_script = [ExpiredResultError("403"), ExpiredResultError("403")]
    not_kie = kie_says_not_its_file()
    kie.refresh_script = [not_kie]
    engine = make_engine(ledger, kie, tmp_path)
    snap = await engine.submit(GenerateRequest("x"))
    failed = await engine.wait_for(snap.id)
    assert (failed.state, failed.error_kind) == (JobState.FAILED, "expired_result")
    assert not failed.result_deleted and not result_gone(failed)

    await engine.retry(snap.id)
    again = await engine.wait_for(snap.id)
    await engine.aclose()
    assert again.state is JobState.COMPLETED and Path(again.file_path).is_file()
    assert (len(kie.refreshed), len(kie.generate_calls)) == (2, 1)


async def test_a_link_kie_refuses_twice_as_not_its_file_offers_no_retry_loop(ledger, kie, tmp_path):
    """download-url answers 422 for the result link, and again to the free Retry that
    first answer left: kie-api.md gives no passing cause for it, and every Retry failed the
    same way, for ever, a loop an artist could click all day. The second answer marks the
    result gone, as one KIE said is deleted: a third Retry is refused at once, asking KIE
    nothing and sending nothing. Its words say what KIE said, each time: it turned the new
    link down; before, the second read "KIE no longer has this image", which KIE never
    said."""
    kie.fetch_script = [ExpiredResultError("403"), ExpiredResultError("403")]
    not_kie = kie_says_not_its_file()
    kie.refresh_script = [not_kie, not_kie]
    engine = make_engine(ledger, kie, tmp_path)
    snap = await engine.submit(GenerateRequest("x"))
    first = await engine.wait_for(snap.id)
    assert not first.result_deleted and not result_gone(first)

    await engine.retry(snap.id)
    again = await engine.wait_for(snap.id)
    assert (again.state, again.error_kind) == (JobState.FAILED, "expired_result")
    assert again.result_deleted and result_gone(again)
    for job in (first, again):
        words = explain_kind(job.error_kind, job.error_detail, job.facts)
        assert words.message.startswith("KIE turned down the request for a new link to the image.")
        assert "Only files generated by KIE are supported" in words.message
    assert "free" in explain_kind(first.error_kind, first.error_detail, first.facts).hint
    assert explain_kind(again.error_kind, again.error_detail, again.facts).hint == ""
    assert result_gone_hint(again) == "A retry cannot fetch it; generate it again as a new job."
    with pytest.raises(InputError) as refused:
        await engine.retry(snap.id)
    await engine.aclose()
    assert explain(refused.value).message == (
        "KIE turned down a new link to this image twice, so a retry cannot fetch it; generate "
        "it again as a new job."
    )
    assert ledger.get(snap.id) == again
    assert (len(kie.refreshed), len(kie.generate_calls)) == (2, 1)


async def test_a_cancel_between_two_refusals_of_a_link_earns_no_second_free_retry(
    ledger, kie, tmp_path
):
    """KIE refuses the result link (422): one free Retry. The artist cancels that Retry
    while its download waits out a network that is down, and retries again: KIE refuses
    the link again. Before, the Cancel left the first refusal's code with no kind, that
    Retry's move dropped it, the refusal was taken for a first and offered yet another
    free Retry. It marks the result gone: a third Retry is refused, asking KIE nothing."""
    kie.fetch_script = [ExpiredResultError("403")] + [NetworkError("down")] * 1000
    kie.refresh_script = [kie_says_not_its_file()]
    engine = make_engine(ledger, kie, tmp_path, download_attempts=10_000)
    snap = await engine.submit(GenerateRequest("x"))
    first = await engine.wait_for(snap.id)
    assert (first.state, first.error_kind, first.result_deleted) == (
        JobState.FAILED,
        "expired_result",
        False,
    )

    await engine.retry(snap.id)  # the free Retry: its download meets a network that is down
    await until(lambda: ledger.get(snap.id).error_kind == "network")
    cancelled = await engine.cancel(snap.id)
    assert cancelled.state is JobState.CANCELLED

    kie.fetch_script = [ExpiredResultError("403")]
    kie.refresh_script = [kie_says_not_its_file()]
    await engine.retry(snap.id)  # free still: the image was made, nothing said it is gone
    second = await engine.wait_for(snap.id)
    assert (second.state, second.error_kind) == (JobState.FAILED, "expired_result")
    assert second.result_deleted and result_gone(second)
    with pytest.raises(InputError):
        await engine.retry(snap.id)
    await engine.aclose()
    assert ledger.get(snap.id) == second
    assert len(kie.generate_calls) == 1


async def test_a_gateways_422_is_not_counted_as_kies_first_refusal_of_the_link(
    ledger, kie, tmp_path
):
    """download-url meets a gateway's bare 422 page (no KIE envelope) at every try: the job
    fails as server trouble, code 422. Its Retry then meets KIE's own first refusal of the
    link. Before, the Retry kept the gateway's code, that refusal was taken for the second,
    and the result was marked gone with no free Retry left; now it leaves the one free
    Retry a first refusal offers, which fetches the image."""
    gateway = ServerError(SERVER_TROUBLE, code=422)  # as the client reads a bare 422
    kie.fetch_script = [ExpiredResultError("403"), ExpiredResultError("403")]
    kie.refresh_script = [gateway] * FAST.download_attempts + [kie_says_not_its_file()]
    engine = make_engine(ledger, kie, tmp_path)
    snap = await engine.submit(GenerateRequest("x"))
    failed = await engine.wait_for(snap.id)
    assert (failed.state, failed.error_kind, failed.error_code) == (JobState.FAILED, "server", 422)

    await engine.retry(snap.id)
    refused = await engine.wait_for(snap.id)
    assert (refused.state, refused.error_kind) == (JobState.FAILED, "expired_result")
    assert not refused.result_deleted and not result_gone(refused)
    await engine.retry(snap.id)  # the one free Retry a first refusal offers
    final = await engine.wait_for(snap.id)
    await engine.aclose()
    assert final.state is JobState.COMPLETED and Path(final.file_path).is_file()
    assert len(kie.generate_calls) == 1


async def test_a_download_again_kie_refuses_leaves_a_finished_artwork_finished(
    ledger, kie, tmp_path
):
    """A finished artwork whose file no longer opens (cut short by a full disk): Download
    again, and download-url answers 422, the first refusal of its link. Before, the artwork
    moved to Failed until its one Retry, as if the image had never been made. It stays
    completed, with its file as it was and its title; the tile and preview say the link is
    gone, and Download again is refused from then on, asking KIE nothing, in words that
    say so. Nothing is generated again."""
    engine = make_engine(ledger, kie, tmp_path)
    done = await engine.wait_for((await engine.submit(GenerateRequest("x"))).id)
    done = ledger.update(done.id, title="Lantern")
    image = Path(done.file_path)
    kept = image.read_bytes()[:100]
    image.write_bytes(kept)  # cut short: it no longer opens
    kie.fetch_script = [ExpiredResultError("403")]
    kie.refresh_script = [kie_says_not_its_file()]

    await engine.download_again(done.id)
    refused = await engine.wait_for(done.id)
    assert (refused.state, refused.error_kind) == (JobState.COMPLETED, "")
    assert (refused.title, refused.file_path, image.read_bytes()) == (
        "Lantern",
        done.file_path,
        kept,
    )
    assert link_refused(refused) and not refetchable(refused) and not result_gone(refused)
    asked = (len(kie.fetched), len(kie.refreshed), len(kie.polled))
    with pytest.raises(Refusal) as again:
        await engine.download_again(done.id)
    await engine.aclose()
    assert explain(again.value) == Explanation(
        f"Job {done.id}'s image cannot be downloaded again: KIE no longer accepts its link.",
        "If you have a copy from a backup, put it in its place, under the same name.",
    )
    assert (len(kie.fetched), len(kie.refreshed), len(kie.polled)) == asked
    assert ledger.get(done.id) == refused
    assert len(kie.generate_calls) == 1


async def test_links_kie_names_in_turn_earn_one_free_retry_in_all(ledger, kie, tmp_path):
    """download-url refuses the result link (422), and record-info, asked where the result
    is now, names another, refused too; asked again at the Retry, it names the first one
    back (A, B, A…). Before, each refusal was counted against its own link only, so every
    Retry met a "first" refusal and offered another free Retry, for ever. Refusals are
    counted for the job: the Retry's refusal marks the result gone, and a third Retry is
    refused at once, asking KIE nothing."""
    first = done("task-1")
    other = replace(first, result_url="https://other-cdn.example/task-1.png")
    kie.records["task-1"] = [first, other, first, other, first]
    kie.fetch_script = [ExpiredResultError("403")] * 4
    kie.refresh_script = [kie_says_not_its_file()] * 4
    engine = make_engine(ledger, kie, tmp_path)
    snap = await engine.submit(GenerateRequest("x"))
    failed = await engine.wait_for(snap.id)
    assert (failed.state, failed.error_kind) == (JobState.FAILED, "expired_result")
    assert not result_gone(failed)

    await engine.retry(snap.id)
    again = await engine.wait_for(snap.id)
    assert (again.state, again.error_kind) == (JobState.FAILED, "expired_result")
    assert again.result_deleted and result_gone(again)
    asked = (len(kie.refreshed), len(kie.polled))
    with pytest.raises(InputError):
        await engine.retry(snap.id)
    await engine.aclose()
    assert (len(kie.refreshed), len(kie.polled)) == asked
    assert len(kie.generate_calls) == 1


async def test_a_job_failed_on_a_deleted_result_before_schema_24_is_marked_by_its_one_retry(
    ledger, kie, tmp_path
):
    """A row failed on KIE's 404 before ``result_deleted`` was kept (schema 24) has it
    unset. Its stored failure (expired, code 404, KIE's words) is left to the one Retry it
    offers, not mended in a migration: that Retry is free, asks KIE, and its answer marks
    the row; and for a finished artwork so failed it takes back a backup copy, or leaves it
    completed, which no migration could tell without reading its file. No second Retry."""
    kie.fetch_script = [ExpiredResultError("403"), ExpiredResultError("403")]
    gone = NotFoundError("The file has expired and was deleted", code=404)
    gone.answered = True
    kie.refresh_script = [gone, gone]
    engine = make_engine(ledger, kie, tmp_path)
    snap = await engine.submit(GenerateRequest("x"))
    await engine.wait_for(snap.id)
    old = ledger.update(snap.id, result_deleted=False)  # as a version before 24 left it
    assert (old.error_kind, old.error_code, result_gone(old)) == ("expired_result", 404, False)

    await engine.retry(snap.id)
    marked = await engine.wait_for(snap.id)
    assert marked.state is JobState.FAILED and marked.result_deleted and result_gone(marked)
    with pytest.raises(InputError):
        await engine.retry(snap.id)
    await engine.aclose()
    assert (len(kie.refreshed), len(kie.generate_calls)) == (2, 1)


async def test_a_download_again_kie_says_is_deleted_keeps_the_artwork_for_a_backup_copy(
    ledger, kie, tmp_path
):
    """A finished artwork less than 14 days old whose file is gone: Download again, and KIE
    says the result is deleted. Before, the artwork failed, and no Retry was offered: a copy
    put back from a backup under its name no longer brought it back (Retry took it), only a
    new, paid job. It stays completed, its title and tags kept; Download again is refused
    from then on in words that say KIE deleted it, asking KIE nothing; and the copy put
    back is its image."""
    engine = make_engine(ledger, kie, tmp_path)
    done = await engine.wait_for((await engine.submit(GenerateRequest("x"))).id)
    done = ledger.update(done.id, title="Lantern", tags="night")
    image = Path(done.file_path)
    backup = image.read_bytes()
    image.unlink()
    kie.fetch_script = [ExpiredResultError("403")]
    gone = NotFoundError("The file has expired and was deleted", code=404)
    gone.answered = True
    kie.refresh_script = [gone]

    await engine.download_again(done.id)
    kept = await engine.wait_for(done.id)
    assert (kept.state, kept.error_kind, kept.result_deleted) == (JobState.COMPLETED, "", True)
    assert (kept.title, kept.tags, kept.file_path) == ("Lantern", "night", done.file_path)
    assert not refetchable(kept) and not result_gone(kept)
    asked = (len(kie.fetched), len(kie.refreshed))
    with pytest.raises(Refusal) as refused:
        await engine.download_again(done.id)
    assert explain(refused.value) == Explanation(
        f"Job {done.id}'s image cannot be downloaded again: KIE said it has deleted it.",
        "If you have a copy from a backup, put it in its place, under the same name.",
    )
    assert (len(kie.fetched), len(kie.refreshed)) == asked

    image.write_bytes(backup)  # the artist puts the backup copy back
    with pytest.raises(Refusal):
        await engine.download_again(done.id)  # still there: nothing to download
    await engine.aclose()
    assert ledger.get(done.id) == kept and image.read_bytes() == backup
    assert len(kie.generate_calls) == 1


async def test_a_result_only_marked_expired_is_retried_free_while_kie_may_keep_it(
    ledger, kie, tmp_path, monkeypatch
):
    """A row marked expired with no word from KIE (older versions did so for any failure to
    get a fresh link) keeps its free Retry while KIE may still keep the image: the retry
    asks KIE for a fresh link, and fetches the image with it. After KIE's 14 days it is
    refused. Neither sends a new, paid generate."""
    kie.fetch_script = [ExpiredResultError("403"), ExpiredResultError("403"), png_bytes()]
    kie.refresh_script = [ServerError("HTTP 502", code=502)] * 5
    engine = make_engine(ledger, kie, tmp_path, download_attempts=1)
    snap = await engine.submit(GenerateRequest("x"))
    await engine.wait_for(snap.id)
    marked = ledger.update(snap.id, error_kind="expired_result")  # as older versions wrote
    assert marked.state is JobState.FAILED and not marked.result_deleted
    hint = explain_kind(marked.error_kind).hint
    assert hint.startswith("Retry asks KIE for it again, free")  # as the button offers it

    later = marked.submitted_at + RESULT_KEPT_S
    monkeypatch.setattr(engine_module.time, "time", lambda: later)
    with pytest.raises(InputError):
        await engine.retry(snap.id)
    monkeypatch.undo()
    kie.refresh_script = []
    await engine.retry(snap.id)
    final = await engine.wait_for(snap.id)
    await engine.aclose()
    assert final.state is JobState.COMPLETED and Path(final.file_path).is_file()
    assert len(kie.generate_calls) == 1


def test_kie_keeps_a_result_for_less_than_14_days_after_its_task_was_made(ledger) -> None:
    """The age rule of an expired result, at its boundary: Retry (a fresh link, free) while
    KIE may keep it, only Reuse settings after."""
    day = 24 * 3600.0
    expired = replace(
        ledger.create_job(GenerateRequest("x").validated()),
        state=JobState.FAILED,
        error_kind="expired_result",
        result_url="https://cdn.example/task-1.png",
        submitted_at=1000.0,
    )
    assert result_kept(expired, now=1000.0 + 14 * day - 1)
    assert not result_kept(expired, now=1000.0 + 14 * day)
    assert not result_gone(expired, now=1000.0 + 14 * day - 1)
    assert result_gone(expired, now=1000.0 + 14 * day)
    # No send recorded: the job's creation counts; no link kept: nothing could fetch it.
    made = replace(expired, submitted_at=None, created_at=5000.0)
    assert not result_gone(made, now=5000.0 + 14 * day - 1)
    assert result_gone(made, now=5000.0 + 14 * day)
    assert result_gone(replace(expired, result_url=""), now=1000.0)
    # KIE itself said it is deleted: gone, however young.
    assert result_gone(replace(expired, result_deleted=True), now=1000.0)


@pytest.mark.parametrize(
    ("refresh", "fetch"),
    [
        # a gateway's 404 page, as the client reads it
        ([ServerError(SERVER_TROUBLE, code=404), "ok"], [ExpiredResultError("403")]),
        (["ok", "ok"], [ExpiredResultError("403"), ExpiredResultError("403")]),  # fresh link too
    ],
)
async def test_a_gateway_s_word_is_not_taken_for_kie_s_on_the_result(
    ledger, kie, tmp_path, refresh, fetch
):
    """Review finding: a bare HTTP 404 page from download-url, or the fresh link KIE had
    just given answering 403, marked the result gone for good: no Retry, only a paid
    generate. Neither is KIE's word on the result: it is asked again, and fetched."""
    kie.refresh_script = [item for item in refresh if item != "ok"]
    kie.fetch_script = [*fetch, png_bytes()]
    engine = make_engine(ledger, kie, tmp_path)
    final = await engine.wait_for((await engine.submit(GenerateRequest("x"))).id)
    await engine.aclose()
    assert final.state is JobState.COMPLETED
    assert len(kie.generate_calls) == 1


async def test_a_moved_result_that_has_also_expired_is_refreshed_at_its_new_address(
    ledger, kie, tmp_path
):
    """The stored link's host is gone; KIE names a new link, and that one has expired too:
    the fresh copy must be asked for the new link, not the dead one. The host that moved
    is no trouble to tell of: before, the job said "KIE cannot be reached" meanwhile (the
    window's status bar too), each time a demo download resumed after a restart."""
    moved = replace(done("task-1"), result_url="https://new-cdn.example/task-1.png")
    kie.records["task-1"] = [done("task-1"), moved]
    kie.fetch_script = [NetworkError("refused"), ExpiredResultError("403"), png_bytes()]
    seen: list[Snapshot] = []
    engine = make_engine(ledger, kie, tmp_path)
    engine.subscribe(seen.append)
    final = await engine.wait_for((await engine.submit(GenerateRequest("x"))).id)
    await engine.aclose()
    assert final.state is JobState.COMPLETED
    assert kie.refreshed == [moved.result_url]
    assert ledger.get(final.id).result_url == moved.result_url
    assert moved.result_url in [snap.result_url for snap in seen]  # the window hears of it
    assert [snap.error_kind for snap in seen if snap.error_kind] == []


async def test_a_link_kie_says_is_not_its_file_is_asked_for_where_kie_has_it_now(
    ledger, kie, tmp_path
):
    """download-url answers 422 for the stored link: it is no file of KIE's (kie-api.md),
    which is what a link KIE's reply got wrong, or one that moved since, would get. KIE is
    asked where the result is now, once, and its new link is fetched: before, the job
    failed, and its Retry asked for the same link again, to be refused again."""
    moved = replace(done("task-1"), result_url="https://new-cdn.example/task-1.png")
    kie.records["task-1"] = [done("task-1"), moved]
    kie.fetch_script = [ExpiredResultError("403"), png_bytes()]
    not_kie = kie_says_not_its_file()
    kie.refresh_script = [not_kie]
    engine = make_engine(ledger, kie, tmp_path)
    final = await engine.wait_for((await engine.submit(GenerateRequest("x"))).id)
    await engine.aclose()
    assert final.state is JobState.COMPLETED and Path(final.file_path).is_file()
    assert final.result_url == moved.result_url
    assert (kie.refreshed, len(kie.generate_calls)) == (["https://cdn.example/task-1.png"], 1)


def kie_without_the_file(said: str) -> Callable[[httpx.Request], httpx.Response]:
    """A KIE whose task is done but whose result link is refused (403), and whose
    download-url answers ``{"code": 422, "msg": said}``: it has no such file any more."""

    def answer(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.endswith("/generate"):
            return httpx.Response(
                200, json={"code": 200, "msg": "success", "data": {"taskId": "task-1"}}
            )
        if path.endswith("/record-info"):
            return httpx.Response(200, json=DONE_REPLY)
        if path.endswith("/download-url"):
            return httpx.Response(200, json={"code": 422, "msg": said, "data": None})
        return httpx.Response(403, html="<html><h1>Link expired</h1></html>")

    return answer


async def test_kies_words_on_a_result_it_no_longer_has_are_shown_as_kies(ledger, tmp_path):
    """download-url answered 422 for the expired result: the job ends expired, and what KIE
    said is marked as KIE's, as for every other refusal. Before: it came after the sentence
    unmarked, as if it were the app's, and stayed English in a translated window. Its words
    say KIE turned the new link down, not that the link expired after 14 days (before, of a
    job minutes old); the statistics count it on a line of its own."""
    said = "The file has been deleted"
    client = KieClient(
        "sk-test-0123456789", transport=httpx.MockTransport(kie_without_the_file(said))
    )
    engine = make_engine(ledger, client, tmp_path)  # type: ignore[arg-type]
    try:
        failed = await engine.wait_for((await engine.submit(GenerateRequest("a lost fox"))).id)
    finally:
        await engine.aclose()
        await client.aclose()
    assert (failed.state, failed.error_kind) == (JobState.FAILED, "expired_result")
    assert failed.error_message == said  # kept as KIE sent it, for the log and --json
    assert explain_kind(failed.error_kind, failed.error_detail, failed.facts).message == (
        f"KIE turned down the request for a new link to the image. KIE says: “{said}”"
    )
    expired = replace(failed, error_code=403, error_message="")
    assert [row.label for row in compute_stats([failed, expired], demo=False).errors] == [
        "KIE turned down the request for a new link to the image",
        "The result link has expired (KIE keeps results 14 days)",
    ]


async def test_html_expired_page_is_not_saved_as_an_image(ledger, kie, tmp_path):
    kie.fetch_script = [b"<html><body>This link has expired</body></html>"] * 5
    engine = make_engine(ledger, kie, tmp_path)
    final = await engine.wait_for((await engine.submit(GenerateRequest("x"))).id)
    await engine.aclose()
    assert final.state is JobState.FAILED
    assert final.file_path == ""
    assert not list((tmp_path / "library").rglob("*.png"))


@pytest.mark.parametrize(
    "first",
    [png_bytes()[:60], b"<html><body>Sign in to the hotel Wi-Fi</body></html>"],
    ids=["cut-off", "sign-in-page"],
)
async def test_a_result_that_arrives_broken_is_downloaded_again_and_never_paid_twice(
    ledger, kie, tmp_path, first
):
    """Before: the job failed at once with "This image cannot be used. Choose another image,
    one that opens in other apps", words for a reference the artist picked."""
    kie.fetch_script = [first, png_bytes()]
    engine = make_engine(ledger, kie, tmp_path)
    final = await engine.wait_for((await engine.submit(GenerateRequest("x"))).id)
    await engine.aclose()
    assert (final.state, final.error_kind) == (JobState.COMPLETED, "")
    assert Path(final.file_path).is_file()
    assert len(kie.generate_calls) == 1


async def test_a_result_that_never_arrives_whole_fails_with_a_free_retry(ledger, kie, tmp_path):
    kie.fetch_script = [png_bytes()[:60]] * 5
    engine = make_engine(ledger, kie, tmp_path)
    failed = await engine.wait_for((await engine.submit(GenerateRequest("x"))).id)
    words = explain_kind(failed.error_kind, failed.error_detail)
    assert "did not arrive whole" in words.message
    assert "Choose another image" not in words.hint
    assert "free" in words.hint
    await engine.retry(failed.id)
    final = await engine.wait_for(failed.id)
    await engine.aclose()
    assert final.state is JobState.COMPLETED
    assert len(kie.generate_calls) == 1


@pytest.mark.skipif(sys.platform == "win32", reason="folders are synced on POSIX only")
async def test_files_a_job_names_are_on_disk_before_its_row_names_them(
    ledger: Ledger, kie: FakeKie, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A power cut after a row is committed (synced to disk) must not leave it naming a
    file that is not there: each file's bytes are synced before it is renamed into place,
    and its folder after, so the rename lasts too. Before, the kept reference copy was never
    synced (after a power cut, a row named an empty copy, uploaded and sent, and reused by
    every later press of that image, its name being the image's hash), and no folder was:
    a completed job could name a result whose rename was lost, its ``.part`` file then
    removed by the next start."""
    events: list[tuple[str, tuple[int, int]]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def node(stat: os.stat_result) -> tuple[int, int]:
        return stat.st_dev, stat.st_ino

    def fsync(fd: int) -> None:
        real_fsync(fd)
        events.append(("synced", node(os.fstat(fd))))

    def replace(source: Any, target: Any) -> None:
        moved = node(os.stat(source))
        real_replace(source, target)
        events.append(("renamed", moved))

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    reference = tmp_path / "fox.png"
    reference.write_bytes(png_bytes())
    engine = make_engine(ledger, kie, tmp_path)
    snap = await engine.submit(GenerateRequest("a fox in a hat", image_path=str(reference)))
    final = await engine.wait_for(snap.id)
    await engine.aclose()
    assert final.state is JobState.COMPLETED

    library = tmp_path / "library"
    for path in (Path(final.file_path), Path(final.request.image_path or "")):
        file, folder = node(os.stat(path)), node(os.stat(path.parent))
        renamed = events.index(("renamed", file))
        assert ("synced", file) in events[:renamed], path.name
        assert ("synced", folder) in events[renamed:], path.name
        # The folder made for it is in its own folder's list for good, too.
        assert ("synced", node(os.stat(library))) in events, path.name


@pytest.mark.parametrize("task_id", ["../../../../../fox", "a/b:c*d?e|f<g>h\\i"])
async def test_a_task_id_that_is_no_file_name_still_names_the_result_in_its_folder(
    ledger: Ledger, kie: FakeKie, tmp_path: Path, task_id: str
) -> None:
    """KIE's task id goes into the result's file name, and a reply may carry any printable
    id: one with ``/`` or ``..`` wrote the image outside the library (or in a folder of its
    own inside), and one with a character Windows refuses in a name failed the download,
    again at every Retry, for a task KIE had made and charged."""
    kie.generate_script = [task_id]
    engine = make_engine(ledger, kie, tmp_path)
    final = await engine.wait_for((await engine.submit(GenerateRequest("a red fox"))).id)
    await engine.aclose()
    assert final.state is JobState.COMPLETED
    assert final.task_id == task_id
    result = Path(final.file_path)
    month = time.strftime("%Y-%m", time.localtime(final.created_at))
    assert result.parent == tmp_path / "library" / month
    assert result.name.startswith("000001-")
    assert not set(result.name) & set('/\\:*?"<>|')


@dataclass
class HeldWrite:
    """A result's write held on its worker thread (:func:`write_held`)."""

    begun: threading.Event = field(default_factory=threading.Event)
    go: threading.Event = field(default_factory=threading.Event)
    """Set: the write goes on."""
    written: threading.Event = field(default_factory=threading.Event)
    """Set once the image is in the library, whoever waited for it or not."""


def write_held(monkeypatch: pytest.MonkeyPatch) -> HeldWrite:
    """Hold every result's write on its worker thread until the test lets it go."""
    real_write = files_module._write_atomically
    held = HeldWrite()

    def write(target: Path, data: bytes) -> None:
        held.begun.set()
        held.go.wait()
        try:
            real_write(target, data)
        finally:
            held.written.set()

    monkeypatch.setattr(files_module, "_write_atomically", write)
    return held


def files_in(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


def stopped_as_it_writes(engine: JobEngine, write: HeldWrite, monkeypatch) -> None:
    """Let ``write`` go on as ``engine`` stops a run (the artist's Cancel or Delete), in the
    same step of the loop: the run is stopped at its wait for the write."""
    stop = engine._stop_task

    async def stopping_as_it_goes_on(job_id: int) -> None:
        stopping = stop(job_id)
        write.go.set()
        await stopping

    monkeypatch.setattr(engine, "_stop_task", stopping_as_it_goes_on)


async def test_an_image_written_as_its_job_is_deleted_goes_with_it(
    ledger, kie, tmp_path, monkeypatch
):
    """The artist deletes a job while its image is being written into the library. Before:
    the Delete stopped the run at its wait for the write and removed the row, and the worker
    thread wrote the image all the same, named by no row, left in the library for good."""
    write = write_held(monkeypatch)
    engine = make_engine(ledger, kie, tmp_path)
    stopped_as_it_writes(engine, write, monkeypatch)
    try:
        job = await engine.submit(GenerateRequest("a fox deleted as it was saved"))
        await asyncio.to_thread(write.begun.wait)
        assert await engine.delete(job.id) is not None
        await engine.wait_idle()
    finally:
        write.go.set()
        await engine.aclose()
    await asyncio.to_thread(write.written.wait)
    assert ledger.get(job.id) is None
    assert files_in(tmp_path / "library") == []


async def test_an_image_written_as_a_delete_stopped_by_the_close_waits_is_kept_with_its_job(
    ledger, kie, tmp_path, monkeypatch
):
    """The artist deletes a job while its image is written, and the window closes as the
    Delete waits for that write (the close stops the Delete): the Delete is not made, and
    the image is the job's, its row naming it once the app has closed. Before, the stop
    reached the job's run a second time, which then left the write to itself; the close
    no longer waited for it, and the row stayed "downloading", the image named by none."""
    write = write_held(monkeypatch)
    engine = make_engine(ledger, kie, tmp_path)
    try:
        job = await engine.submit(GenerateRequest("a fox deleted as the app closed"))
        await asyncio.to_thread(write.begun.wait)
        deleting = asyncio.ensure_future(engine.delete(job.id))
        while engine.active_count:  # the Delete is stopping the run, which waits for its write
            await asyncio.sleep(0.01)
        deleting.cancel()  # the window's close stops its work
        closing = asyncio.ensure_future(engine.aclose())
        await asyncio.sleep(0)  # the close begins
        write.go.set()
        await closing
        with pytest.raises(asyncio.CancelledError):
            await deleting
    finally:
        write.go.set()
        await engine.aclose()
    kept = ledger.get(job.id)
    assert kept.state is JobState.COMPLETED
    assert files_in(tmp_path / "library") == [Path(kept.file_path)]


async def test_an_image_deleted_for_good_as_its_delete_is_stopped_goes_with_its_row(
    ledger, kie, tmp_path, monkeypatch
):
    """A Delete for good (the trash refused the image) is stopped (the window closing, a
    Ctrl+C) as the artwork's row is removed: the removal lands, and so must the image's.
    Before, the row went and the image stayed in the library for good, named by no row."""
    engine = make_engine(ledger, kie, tmp_path)
    job = await engine.submit(GenerateRequest("a fox deleted for good as the app closed"))
    assert (await engine.wait_for(job.id)).state is JobState.COMPLETED
    removing, go = threading.Event(), threading.Event()
    remove = ledger.delete

    def removed_as_the_delete_is_stopped(job_id: int) -> Snapshot | None:
        removing.set()
        go.wait(10)  # until the Delete's caller was cancelled
        return remove(job_id)

    monkeypatch.setattr(ledger, "delete", removed_as_the_delete_is_stopped)
    try:
        deleting = asyncio.ensure_future(engine.delete(job.id, for_good=True))
        await asyncio.to_thread(removing.wait, 10)
        deleting.cancel()
        go.set()
        with pytest.raises(asyncio.CancelledError):
            await deleting
    finally:
        go.set()
        await engine.aclose()
    assert ledger.get(job.id) is None
    assert files_in(tmp_path / "library") == []


def saved_unrecorded(ledger: Ledger, library: Path, snap: Snapshot, *, provenance: bool) -> Path:
    """An image an earlier save wrote under the name of ``snap`` (downloading), its row
    never told (the close's grace outlived, or a kill after the rename): with the job's
    provenance, as the app writes it, or without (some other file under that name)."""
    made = files_module.job_provenance(snap)
    if not provenance:
        made = replace(made, task_id="someone-else")
    saved = files_module.check_and_save(
        png_bytes(), "result", made, partial(files_module.result_path, library, snap)
    )
    return saved.path


@pytest.mark.parametrize("provenance", [True, False], ids=["the job's image", "another file"])
async def test_a_delete_of_a_downloading_job_removes_the_image_saved_under_its_name(
    ledger, kie, tmp_path, provenance: bool
):
    """A downloading job whose image a save wrote in the library while its row was never
    told (the next start would keep it), deleted before it is carried on (of the other
    mode, say): only its row went, its file_path empty, and the image stayed in the library
    for good, named by no row. It goes with the row now; a file under that name that this
    app did not write for the job's task is left."""
    job = left_in(ledger, JobState.DOWNLOADING)
    image = saved_unrecorded(ledger, tmp_path / "library", job, provenance=provenance)
    engine = make_engine(ledger, kie, tmp_path)
    await engine.delete(job.id)
    await engine.aclose()
    assert ledger.get(job.id) is None
    assert files_in(tmp_path / "library") == ([] if provenance else [image])
    assert not list(ledger.path.parent.glob(f"{ledger.path.name}.deleting-*"))


@pytest.fixture
def time_zone(monkeypatch) -> Iterator[Callable[[str], None]]:
    """Set the system's time zone for this process (as a laptop taken abroad does)."""

    def set_zone(zone: str) -> None:
        monkeypatch.setenv("TZ", zone)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="time.tzset: not on Windows")
async def test_an_image_saved_before_the_time_zone_changed_is_kept_at_the_next_start(
    ledger, kie, tmp_path, time_zone
):
    """A job made at 00:30 on 1 February in Tokyo (still January in London) had its image
    written into the library's 2026-02 folder as the app closed, its row never told. Started
    again in London, the app looked for it in 2026-01 only, and fetched it again (the job
    failed once KIE's link had expired), leaving the image saved before named by no row."""
    time_zone("JST-9")  # POSIX: no time zone database needed
    made = datetime(2026, 2, 1, 0, 30, tzinfo=UTC).timestamp() - 9 * 3600
    job = left_in(ledger, JobState.DOWNLOADING)
    job = ledger.transition(job.id, JobState.DOWNLOADING, created_at=made)
    image = saved_unrecorded(ledger, tmp_path / "library", job, provenance=True)
    assert image.parent.name == "2026-02"
    time_zone("GMT0")
    engine = make_engine(ledger, kie, tmp_path)
    await engine.resume()
    await engine.wait_idle()
    await engine.aclose()
    kept = ledger.get(job.id)
    assert kept.state is JobState.COMPLETED
    assert kept.file_path == str(image)
    assert kie.fetched == []
    assert files_in(tmp_path / "library") == [image]


async def test_an_image_saved_in_the_library_folder_before_a_change_is_kept_at_the_next_start(
    ledger, kie, tmp_path
):
    """The library folder was changed in Settings (taken at the next start) while a
    download's image was written into the folder before, its row never told (the app killed
    after the rename). Started again, the app looked for it in the new folder only: it
    fetched the image again (the job failed once KIE had deleted it), and the one saved
    before stayed in the old folder, named by no row. The library's other results say which
    folders it had."""
    old = tmp_path / "old library"
    earlier = left_in(ledger, JobState.DOWNLOADING, "an earlier fox")
    earlier_image = saved_unrecorded(ledger, old, earlier, provenance=True)
    ledger.transition(earlier.id, JobState.COMPLETED, file_path=str(earlier_image))
    job = left_in(ledger, JobState.DOWNLOADING)
    image = saved_unrecorded(ledger, old, job, provenance=True)
    engine = make_engine(ledger, kie, tmp_path)
    await engine.resume()
    await engine.wait_idle()
    await engine.aclose()
    kept = ledger.get(job.id)
    assert (kept.state, kept.file_path) == (JobState.COMPLETED, str(image))
    assert kie.fetched == []
    assert files_in(tmp_path / "library") == []


def test_the_library_folders_are_read_off_the_results_months(ledger, tmp_path):
    """Only a result's month folder names a library folder: an upload's folder does not."""
    for n, folder in enumerate(["lib a/2026-11", "lib a/2026-12", "lib b/2025-01", "shots"]):
        job = left_in(ledger, JobState.DOWNLOADING, f"fox {n}")
        path = tmp_path / folder / f"{n}.png"
        ledger.transition(job.id, JobState.COMPLETED, file_path=str(path))
    ledger.create_upload(
        prompt="mine", file_path=str(tmp_path / "2026-10" / "mine.png"), width=1, height=1
    )
    found = files_module.library_folders(ledger.result_folders())
    assert sorted(found) == [tmp_path / "lib a", tmp_path / "lib b"]


async def test_a_result_is_not_saved_while_the_librarys_drive_is_not_plugged_in(
    ledger, kie, tmp_path
):
    """The library folder is on a drive that was taken away (its mount point gone). Before,
    the app made the drive's folders on the system disk and saved the image there, saying
    nothing: plugged in again, the drive hid it. Now the job fails, saying the library
    folder cannot be reached, and nothing is made; with the drive back, Retry saves the
    image, fetched again: sent to KIE once."""
    drive = tmp_path / "drive"
    engine = make_engine(ledger, kie, tmp_path, library=drive / "art")
    try:
        failed = await engine.wait_for((await engine.submit(GenerateRequest("a fox"))).id)
        assert not drive.exists()
        drive.mkdir()  # plugged in
        done = await engine.wait_for((await engine.retry(failed.id)).id)
    finally:
        await engine.aclose()
    assert (failed.state, failed.error_kind) == (JobState.FAILED, "folder")
    words = explain_kind(failed.error_kind, failed.error_detail, failed.facts)
    assert f"{drive / 'art'}: the folder it is in is not there" in words.message
    assert "disk space" not in words.hint
    assert done.state is JobState.COMPLETED
    assert Path(done.file_path).is_relative_to(drive / "art")
    assert len(kie.generate_calls) == 1


async def test_an_edits_reference_is_not_kept_while_the_librarys_drive_is_not_plugged_in(
    ledger, kie, tmp_path
):
    """The copy an edit keeps of its reference goes in the library folder too: refused
    before anything is sent while that folder's drive is away, the drive's folders not made
    on the system disk."""
    drive = tmp_path / "drive"
    reference = tmp_path / "photo.png"
    reference.write_bytes(png_bytes())
    engine = make_engine(ledger, kie, tmp_path, library=drive / "art")
    try:
        with pytest.raises(FolderError, match="is its drive connected"):
            await engine.submit(GenerateRequest("make it blue", image_path=str(reference)))
    finally:
        await engine.aclose()
    assert not drive.exists()
    assert kie.generate_calls == []


async def test_an_image_written_as_its_job_is_cancelled_is_kept_with_its_job(
    ledger, kie, tmp_path, monkeypatch
):
    """The artist cancels a job while its image is being written: the image, paid for, is
    written and the job completes with it, as had the Cancel come a moment later. Before:
    the job was cancelled and its image left in the library, named by no row."""
    write = write_held(monkeypatch)
    engine = make_engine(ledger, kie, tmp_path)
    stopped_as_it_writes(engine, write, monkeypatch)
    try:
        job = await engine.submit(GenerateRequest("a fox cancelled as it was saved"))
        await asyncio.to_thread(write.begun.wait)
        with pytest.raises(Refusal):
            await engine.cancel(job.id)
    finally:
        write.go.set()
        await engine.aclose()
    kept = ledger.get(job.id)
    assert kept.state is JobState.COMPLETED
    assert files_in(tmp_path / "library") == [Path(kept.file_path)]


async def test_an_image_written_as_the_app_closes_is_kept_with_its_job(
    ledger, kie, tmp_path, monkeypatch
):
    """The app closes while a job's image is being written: the image is the job's, whose
    row names it, not a file left for the next start to write again."""
    write = write_held(monkeypatch)
    engine = make_engine(ledger, kie, tmp_path)
    try:
        job = await engine.submit(GenerateRequest("a fox saved as the app closed"))
        await asyncio.to_thread(write.begun.wait)
        closing = asyncio.ensure_future(engine.aclose())
        await asyncio.sleep(0)  # the close begins: its first step runs before this one goes on
        write.go.set()
        await closing
    finally:
        write.go.set()
        await engine.aclose()
    await asyncio.to_thread(write.written.wait)
    kept = ledger.get(job.id)
    assert kept.state is JobState.COMPLETED
    assert files_in(tmp_path / "library") == [Path(kept.file_path)]
    assert hashlib.sha256(Path(kept.file_path).read_bytes()).hexdigest() == kept.sha256


@pytest.mark.parametrize("found", ["its own", "another file"])
async def test_an_image_written_after_the_close_gave_up_on_it_is_kept_by_the_next_start(
    ledger, kie, tmp_path, monkeypatch, found: str
):
    """The app closes while a job's image is written to a disk so slow (a network share
    that stalls) that the write outlives the close's grace: the image lands under its name
    after the close has ended, its row still "downloading". Before, the next start fetched
    it again: with no network, or once KIE's link had expired, the job failed while its
    image lay in the library, named by no row. The next start keeps the image it finds
    written, whole and of the job's task, and fetches nothing; another file under that
    name (without the task's provenance) is not taken for it: the image is fetched."""
    write = write_held(monkeypatch)
    engine = make_engine(ledger, kie, tmp_path, close_grace_s=0.0)
    try:
        job = await engine.submit(GenerateRequest("a fox saved after the app closed"))
        await asyncio.to_thread(write.begun.wait)
        await engine.aclose()
    finally:
        write.go.set()
    await asyncio.to_thread(write.written.wait)
    assert ledger.get(job.id).state is JobState.DOWNLOADING
    if found == "its own":
        kie.fetch_script = [NetworkError()] * FAST.download_attempts  # no network now
    else:
        (written,) = files_in(tmp_path / "library")
        written.write_bytes(png_bytes((32, 32)))
    restarted = make_engine(ledger, kie, tmp_path)
    try:
        assert await restarted.resume() == [job.id]
        final = await restarted.wait_for(job.id)
    finally:
        await restarted.aclose()
    assert final.state is JobState.COMPLETED
    assert files_in(tmp_path / "library") == [Path(final.file_path)]
    assert hashlib.sha256(Path(final.file_path).read_bytes()).hexdigest() == final.sha256
    assert (final.width, final.height) == (64, 48)
    assert len(kie.fetched) == (1 if found == "its own" else 2)


async def test_disk_full_fails_cleanly_and_retry_downloads_again(
    ledger, kie, tmp_path, monkeypatch
):
    real_write = files_module._write_atomically

    def full_disk(target: Path, data: bytes) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        raise StorageError(f"cannot save {target.name}: {errno.ENOSPC}")

    monkeypatch.setattr(files_module, "_write_atomically", full_disk)
    engine = make_engine(ledger, kie, tmp_path)
    snap = await engine.submit(GenerateRequest("x"))
    failed = await engine.wait_for(snap.id)
    assert failed.state is JobState.FAILED
    assert failed.error_kind == "storage"
    assert not [p for p in (tmp_path / "library").rglob("*") if p.is_file()]

    monkeypatch.setattr(files_module, "_write_atomically", real_write)
    await engine.retry(snap.id)
    final = await engine.wait_for(snap.id)
    await engine.aclose()
    assert final.state is JobState.COMPLETED
    assert len(kie.generate_calls) == 1


async def test_resume_after_crash_in_every_state(ledger, kie, tmp_path):
    ids = {}
    for state in (JobState.UPLOADING, JobState.SUBMITTING, JobState.GENERATING):
        snap = ledger.create_job(GenerateRequest(f"job {state}").validated())
        if state is JobState.UPLOADING:
            ledger.transition(snap.id, state)
        else:
            ledger.transition(snap.id, JobState.SUBMITTING)
            if state is JobState.GENERATING:
                ledger.transition(snap.id, state, task_id="task-g", submitted_at=1.0)
        ids[state] = snap.id
    downloading = ledger.create_job(GenerateRequest("job downloading").validated())
    ledger.transition(downloading.id, JobState.SUBMITTING)
    ledger.transition(downloading.id, JobState.GENERATING, task_id="task-d", submitted_at=1.0)
    ledger.transition(downloading.id, JobState.DOWNLOADING, result_url="https://cdn.example/d.png")

    engine = make_engine(ledger, kie, tmp_path)
    await engine.resume()
    await engine.wait_idle()
    await engine.aclose()

    assert ledger.get(ids[JobState.UPLOADING]).state is JobState.COMPLETED
    assert ledger.get(ids[JobState.SUBMITTING]).state is JobState.UNKNOWN
    assert ledger.get(ids[JobState.GENERATING]).state is JobState.COMPLETED
    assert ledger.get(downloading.id).state is JobState.COMPLETED
    assert len(kie.generate_calls) == 1  # only the job that never reached submitting


def left_in(ledger: Ledger, state: JobState, prompt: str = "a fox left running") -> Snapshot:
    """A job an earlier run (or an ended command) left in ``state``."""
    snap = ledger.create_job(GenerateRequest(prompt).validated())
    if state is JobState.QUEUED:
        return snap
    if state is JobState.UPLOADING:
        return ledger.transition(snap.id, state)
    snap = ledger.transition(snap.id, JobState.SUBMITTING)
    if state is JobState.SUBMITTING:
        return snap
    snap = ledger.transition(snap.id, JobState.GENERATING, task_id="task-l", submitted_at=1.0)
    if state is JobState.GENERATING:
        return snap
    return ledger.transition(snap.id, state, result_url="https://cdn.example/l.png")


def changed_after_the_list_is_read(ledger: Ledger, change: Callable[[], object]) -> None:
    """The artist's Cancel or Delete lands just after the engine has read the list of
    unfinished jobs, before it carries them on: after that first read only. The close
    reads the list too (:meth:`JobEngine.aclose` names the jobs it leaves); before, the
    change came again then: a second Cancel or Delete, started as the engine closed and
    awaited by nobody, met the ledger's writer closed, and its task's error, logged when
    the garbage collector freed it, failed whichever later test was running."""
    read = ledger.unfinished

    def then_changed() -> list[Snapshot]:
        del ledger.unfinished  # the later reads are the ledger's own
        found = read()
        change()
        return found

    ledger.unfinished = then_changed  # type: ignore[method-assign]


LEFT_STATES = [
    JobState.QUEUED,
    JobState.UPLOADING,
    JobState.SUBMITTING,
    JobState.GENERATING,
    JobState.DOWNLOADING,
]


@pytest.mark.parametrize("state", LEFT_STATES)
async def test_a_left_job_cancelled_after_the_list_was_read_is_not_carried_on(
    ledger, kie, tmp_path, state
):
    """Before: a job left uploading was queued again and sent, one left generating was
    followed and its image downloaded, one left downloading was downloaded, and one left
    sending stopped the carry-on of every job after it."""
    job = left_in(ledger, state)
    other = ledger.create_job(GenerateRequest("a fox nobody touched").validated())
    cancel = partial(ledger.transition, job.id, JobState.CANCELLED, error_message=CANCEL_NOTE)
    changed_after_the_list_is_read(ledger, cancel)
    engine = make_engine(ledger, kie, tmp_path)
    assert await engine.resume() == [other.id]
    await engine.wait_idle()
    await engine.aclose()
    left = ledger.get(job.id)
    assert (left.state, left.error_message) == (JobState.CANCELLED, CANCEL_NOTE)
    assert ledger.get(other.id).state is JobState.COMPLETED
    assert len(kie.generate_calls) == 1  # the untouched job's only
    assert "task-l" not in kie.polled and "https://cdn.example/l.png" not in kie.fetched
    assert not left.file_path


@pytest.mark.parametrize("state", LEFT_STATES)
async def test_a_left_job_deleted_after_the_list_was_read_is_left_gone(
    ledger, kie, tmp_path, state, caplog
):
    """Before: a job left uploading or sending stopped the carry-on of every job after it
    with "There is no job", and one left queued, generating or downloading ran as a ghost
    that crashed at its first step."""
    job = left_in(ledger, state)
    other = ledger.create_job(GenerateRequest("a fox nobody touched").validated())
    changed_after_the_list_is_read(ledger, partial(ledger.delete, job.id))
    engine = make_engine(ledger, kie, tmp_path)
    assert await engine.resume() == [other.id]
    await engine.wait_idle()
    await engine.aclose()
    assert ledger.get(job.id) is None
    assert ledger.get(other.id).state is JobState.COMPLETED
    assert len(kie.generate_calls) == 1 and "task-l" not in kie.polled
    assert "job crashed" not in caplog.text


@pytest.mark.parametrize("stop", ["cancel", "delete"])
@pytest.mark.parametrize("state", [JobState.QUEUED, JobState.GENERATING, JobState.DOWNLOADING])
async def test_the_artist_s_stop_while_a_left_job_is_carried_on_stops_it_for_good(
    ledger, kie, tmp_path, state, stop, caplog
):
    """The window's Cancel or Delete lands while the carry-on checks the row again: the row
    still says the job runs (the stop is not written yet) and no task runs it, so the stop
    ended nothing. Before: the carry-on then started the job, and it downloaded the stopped
    job's image, or followed a cancelled one to "completed" over the cancel."""
    job = left_in(ledger, state)
    engine = make_engine(ledger, kie, tmp_path)
    loop = asyncio.get_running_loop()
    stops: list[asyncio.Future[Snapshot | None]] = []

    def artist_stops() -> None:
        stops.append(asyncio.ensure_future(getattr(engine, stop)(job.id)))

    changed_after_the_list_is_read(ledger, partial(loop.call_soon_threadsafe, artist_stops))
    await engine.resume()
    await stops[0]
    await engine.wait_idle()
    await engine.aclose()
    assert len(stops) == 1  # the close's own read of the list stops nothing again
    left = ledger.get(job.id)
    assert left is None if stop == "delete" else left.state is JobState.CANCELLED
    assert kie.generate_calls == [] and kie.polled == [] and kie.fetched == []
    assert not list((tmp_path / "library").rglob("*.png"))
    assert "job crashed" not in caplog.text


@pytest.mark.parametrize(
    ("state", "call"),
    [
        (JobState.QUEUED, "generate"),
        (JobState.GENERATING, "record_info"),
        (JobState.DOWNLOADING, "fetch"),
    ],
)
async def test_a_carried_on_job_a_command_cancels_while_kie_is_asked_stays_cancelled(
    ledger, kie, tmp_path, state, call, caplog
):
    """A command (another process) cancels a job the window carries on, while KIE is being
    asked about it. Before: the window's run moved the cancelled row on as if nothing had
    happened (cancelled -> generating, -> downloading) and finished it, or kept the image
    of a job nobody has any more; now it leaves the job as the command left it."""
    job = left_in(ledger, state)
    command_ledger = Ledger.open(tmp_path / "library.sqlite3")
    asked = getattr(kie, call)

    async def cancelled_meanwhile(*args: object, **kwargs: object) -> object:
        command_ledger.transition(job.id, JobState.CANCELLED, error_message=CANCEL_NOTE)
        return await asked(*args, **kwargs)

    setattr(kie, call, cancelled_meanwhile)
    engine = make_engine(ledger, kie, tmp_path)
    try:
        assert await engine.resume() == [job.id]
        await engine.wait_idle()
    finally:
        await engine.aclose()
        command_ledger.close()
    left = ledger.get(job.id)
    # A task KIE made while the command cancelled is kept, and said so (credits spent).
    note = LATE_TASK_NOTE if call == "generate" else CANCEL_NOTE
    assert (left.state, left.error_message) == (JobState.CANCELLED, note)
    assert len(kie.polled) + len(kie.fetched) <= 1  # the one call under way, no other
    assert not left.file_path and not list((tmp_path / "library").rglob("*.png"))
    assert "job crashed" not in caplog.text


@pytest.mark.parametrize("stop", ["cancel", "delete"])
async def test_a_job_a_command_stops_while_its_moved_result_is_asked_for_is_left_stopped(
    ledger, kie, tmp_path, stop, caplog
):
    """A download cannot reach the result's host, so KIE is asked where the result is now;
    meanwhile a command (another process) cancels or deletes the job. Before: the new link
    was written on the row whatever had become of it: a deleted job's run ended as "job
    crashed" at ERROR, and a cancelled job took a link it no longer follows. Now the run
    stops quietly (INFO) and the job is as the command left it."""
    job = left_in(ledger, JobState.DOWNLOADING)
    moved = replace(done("task-l"), result_url="https://new-cdn.example/l.png")
    kie.fetch_script = [NetworkError("the host is gone")]
    command_ledger = Ledger.open(tmp_path / "library.sqlite3")
    asked = kie.record_info

    async def stopped_meanwhile(task_id: str) -> TaskRecord:
        if stop == "delete":
            command_ledger.delete(job.id)
        else:
            command_ledger.transition(job.id, JobState.CANCELLED, error_message=CANCEL_NOTE)
        await asked(task_id)
        return moved

    kie.record_info = stopped_meanwhile  # type: ignore[method-assign]
    caplog.set_level(logging.INFO, logger=engine_module.__name__)
    engine = make_engine(ledger, kie, tmp_path)
    try:
        assert await engine.resume() == [job.id]
        await engine.wait_idle()
    finally:
        await engine.aclose()
        command_ledger.close()
    assert kie.polled == ["task-l"]
    left = ledger.get(job.id)
    if stop == "delete":
        assert left is None
    else:
        assert (left.state, left.result_url) == (JobState.CANCELLED, "https://cdn.example/l.png")
    assert kie.fetched == ["https://cdn.example/l.png"]  # the moved link is not fetched
    assert not list((tmp_path / "library").rglob("*.png"))
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [r.job_id for r in caplog.records if getattr(r, "event", "") == "job_left"] == [job.id]


async def test_cancel_stops_tracking_and_says_credits_may_be_spent(ledger, kie, tmp_path):
    kie.records["task-1"] = [running("task-1")]
    engine = make_engine(ledger, kie, tmp_path)
    snap = await engine.submit(GenerateRequest("x"))
    while ledger.get(snap.id).state is not JobState.GENERATING:
        await asyncio.sleep(0.01)
    cancelled = await engine.cancel(snap.id)
    await engine.aclose()
    assert cancelled.state is JobState.CANCELLED
    assert "credits may still be spent" in cancelled.error_message


@pytest.mark.parametrize("uploaded", [False, True], ids=["prompt", "reference-uploaded"])
async def test_a_job_cancelled_before_it_was_sent_says_so_and_retry_sends_it_once(
    ledger, kie, tmp_path, uploaded: bool
):
    """A job cancelled while queued (here: left queued by a command that was killed) never
    reached KIE. Before: its row kept no note, so the window and `jobs ID` said nothing of
    what it cost nor what Retry would do. Now it says nothing was sent or charged (or only
    its reference uploaded, free), and Retry sends it: one generate, charged as any job."""
    job = ledger.create_job(GenerateRequest("a fox stopped in the queue").validated())
    if uploaded:  # its reference went to KIE's upload service before it was stopped
        ledger.update(job.id, input_image_url="https://files.example/r.png", input_uploaded_at=1.0)
    engine = make_engine(ledger, kie, tmp_path)
    try:
        cancelled = await engine.cancel(job.id)
        note = NOT_SENT_UPLOADED_NOTE if uploaded else NOT_SENT_NOTE
        assert (cancelled.state, cancelled.error_message) == (JobState.CANCELLED, note)
        assert retry_sends_cancelled(cancelled)
        assert cancelled_unsent(cancelled)
        assert kie.generate_calls == []
        assert (await engine.retry(job.id)).state is JobState.QUEUED
        final = await engine.wait_for(job.id)
    finally:
        await engine.aclose()
    assert final.state is JobState.COMPLETED
    assert len(kie.generate_calls) == 1


async def test_retry_after_cancel_follows_the_task_kie_ran_on_and_pays_nothing(
    ledger, kie, tmp_path
):
    kie.records["task-1"] = [running("task-1"), running("task-1"), done("task-1")]
    engine = make_engine(ledger, kie, tmp_path)
    snap = await engine.submit(GenerateRequest("x"))
    while ledger.get(snap.id).state is not JobState.GENERATING:
        await asyncio.sleep(0.01)
    await engine.cancel(snap.id)

    retried = await engine.retry(snap.id)
    final = await engine.wait_for(snap.id)
    await engine.aclose()
    assert retried.state is JobState.GENERATING
    assert (final.state, final.task_id) == (JobState.COMPLETED, "task-1")
    assert Path(final.file_path).is_file()
    assert len(kie.generate_calls) == 1


async def test_a_job_cancelled_while_sending_is_resubmitted_only_on_the_artists_word(
    ledger, kie, tmp_path
):
    """Cancelled while its request was out, which then got no answer: it may have been
    charged, so nothing sends it again but the artist's Resubmit."""
    kie.answer = asyncio.Event()
    kie.generate_script = [OutcomeUnknownError("the answer timed out")]
    engine = make_engine(ledger, kie, tmp_path)
    snap = await engine.submit(GenerateRequest("x"))
    while not kie.generate_calls:
        await asyncio.sleep(0.01)
    cancelled = await engine.cancel(snap.id)
    assert needs_resubmit(cancelled)

    kie.answer.set()
    assert needs_resubmit(await engine.wait_for(snap.id))
    with pytest.raises(InputError, match="only Resubmit sends it again"):
        await engine.retry(snap.id)
    assert ledger.get(snap.id).state is JobState.CANCELLED
    await engine.resubmit(snap.id)
    final = await engine.wait_for(snap.id)
    await engine.aclose()
    assert final.state is JobState.COMPLETED
    assert len(kie.generate_calls) == 2


def moved_on_after_the_engine_reads(ledger: Ledger, move: Callable[[], object]) -> None:
    """Another process moves the job on just after the engine first reads it alone (Cancel,
    the stop of a crashed run), before the engine writes (on the loop's thread: the read's
    transaction is the writer thread's)."""
    read = ledger.get
    loop = asyncio.get_running_loop()
    pending = [move]

    def then_moved(job_id: int) -> Snapshot | None:
        found = read(job_id)
        while pending:
            loop.call_soon_threadsafe(pending.pop())
        return found

    ledger.get = then_moved  # type: ignore[method-assign]


@pytest.mark.parametrize("moved_to", [JobState.SUBMITTING, JobState.GENERATING])
async def test_a_job_another_process_sends_while_it_is_cancelled_keeps_the_charged_mark(
    ledger, kie, tmp_path, moved_to
):
    """A command runs the job; the window's Cancel reads it queued, then the command sends
    it. Before: it was recorded cancelled as if never sent, without "credits may still be
    spent", and Retry sent it again (charged twice)."""
    job = ledger.create_job(GenerateRequest("a fox a command sends").validated())
    command_ledger = Ledger.open(tmp_path / "library.sqlite3")

    def command_sends() -> None:
        command_ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
        if moved_to is JobState.GENERATING:
            command_ledger.transition(job.id, moved_to, task_id="task-c", submitted_at=1.0)

    moved_on_after_the_engine_reads(ledger, command_sends)
    engine = make_engine(ledger, kie, tmp_path)
    try:
        cancelled = await engine.cancel(job.id)
        if moved_to is JobState.SUBMITTING:
            with pytest.raises(InputError, match="only Resubmit sends it again"):
                await engine.retry(job.id)
    finally:
        await engine.aclose()
        command_ledger.close()
    stored = ledger.get(job.id)
    assert stored == cancelled
    assert (stored.state, stored.error_message) == (JobState.CANCELLED, CANCEL_NOTE)
    assert needs_resubmit(stored) is (moved_to is JobState.SUBMITTING)
    assert kie.generate_calls == []


@pytest.mark.parametrize(("stopped", "again"), [("failed", "retry"), ("unknown", "resubmit")])
async def test_a_job_sent_again_by_another_process_meanwhile_is_not_sent_twice(
    ledger, kie, tmp_path, stopped, again
):
    """The window and a command both carry the same stopped job on (Retry, or Resubmit after
    checking KIE's logs): the command sends it just after the window read it. Before: the
    window queued it again over the command's send and sent it too, charging twice."""
    job = ledger.create_job(GenerateRequest("a fox sent twice").validated())
    ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
    ledger.transition(job.id, JobState(stopped), error_kind="network", error_message="no network")
    command_ledger = Ledger.open(tmp_path / "library.sqlite3")

    def command_sends_it_again() -> None:
        command_ledger.transition(job.id, JobState.QUEUED, error_kind="", error_message="")
        command_ledger.transition(job.id, JobState.SUBMITTING, submit_count=2)

    moved_on_after_the_engine_reads(ledger, command_sends_it_again)
    engine = make_engine(ledger, kie, tmp_path)
    try:
        (answer,) = await asyncio.gather(getattr(engine, again)(job.id), return_exceptions=True)
        await engine.wait_idle()
    finally:
        await engine.aclose()
        command_ledger.close()
    assert kie.generate_calls == []  # the command's send is the only one
    assert isinstance(answer, JobRunningError)  # said in words: running already, elsewhere
    assert ledger.get(job.id).state is JobState.SUBMITTING


async def test_a_task_kie_made_for_a_job_cancelled_elsewhere_is_kept_for_a_free_retry(
    ledger, kie, tmp_path
):
    """A command cancels the job while the window's generate is out, then KIE answers with
    the task it made (and charges). Before: the task id was dropped, the job stayed "may
    have been charged", and only Resubmit (paying again) could bring its image."""
    command_ledger = Ledger.open(tmp_path / "library.sqlite3")
    generate = kie.generate

    async def cancelled_while_sent(*args: object, **kwargs: object) -> str:
        newest = command_ledger.search(limit=1)[0]
        command_ledger.transition(
            newest.id,
            JobState.CANCELLED,
            error_kind="outcome_unknown",
            error_message=CANCEL_NOTE,
        )
        return await generate(*args, **kwargs)

    kie.generate = cancelled_while_sent  # type: ignore[method-assign]
    engine = make_engine(ledger, kie, tmp_path)
    try:
        snap = await engine.submit(GenerateRequest("a fox cancelled in flight"))
        cancelled = await engine.wait_for(snap.id)
        assert (cancelled.state, cancelled.task_id) == (JobState.CANCELLED, "task-1")
        assert cancelled.error_message == LATE_TASK_NOTE
        assert not needs_resubmit(cancelled)
        assert (await engine.retry(snap.id)).state is JobState.GENERATING
        final = await engine.wait_for(snap.id)
    finally:
        await engine.aclose()
        command_ledger.close()
    assert final.state is JobState.COMPLETED and Path(final.file_path).is_file()
    assert len(kie.generate_calls) == 1


@pytest.mark.parametrize("elsewhere", ["cancelled", "deleted"])
async def test_a_job_cancelled_elsewhere_is_no_longer_asked_about_after_its_next_poll(
    ledger, kie, tmp_path, elsewhere
):
    """A command's `cancel` (or the window's Cancel, while a command runs the job) stops a
    job whose task KIE is still making. Before: this run went on asking KIE about the task
    until it ended (minutes, at worst the poll time-out): the window counted the job running
    all that time, and a `generate` waiting for it waited as long."""
    kie.records["task-1"] = [running("task-1")]  # KIE is still making it
    command = Ledger.open(tmp_path / "library.sqlite3")
    engine = make_engine(ledger, kie, tmp_path, poll_timeout_s=600.0)
    engine.schedule.intervals = lambda *_: itertools.repeat(0.01)  # type: ignore[method-assign]
    try:
        snap = await engine.submit(GenerateRequest("a heron cancelled elsewhere"))
        while not kie.polled:
            await asyncio.sleep(0.01)
        if elsewhere == "cancelled":
            command.transition(
                snap.id,
                JobState.CANCELLED,
                error_kind="",
                error_message=CANCEL_NOTE,
            )
        else:
            command.delete(snap.id)
        asked = len(kie.polled)
        while engine.active_count and len(kie.polled) < asked + 50:
            await asyncio.sleep(0.01)
        assert engine.active_count == 0, "the run still asks KIE about a job stopped elsewhere"
        assert len(kie.polled) <= asked + 1
    finally:
        await engine.aclose()
        command.close()
    stored = ledger.get(snap.id)
    if elsewhere == "cancelled":
        assert (stored.state, stored.error_message) == (
            JobState.CANCELLED,
            CANCEL_NOTE,
        )
    else:
        assert stored is None
    assert kie.fetched == []


async def cancelled_elsewhere_before_the_first_poll(
    ledger, kie, tmp_path, prompt: str, before_cancel: Callable[[], bool] = lambda: True
) -> Snapshot:
    """Run a job whose first poll is 5 s away; once it is generating (and ``before_cancel``
    holds), another process cancels it. The job as the run leaves it."""
    kie.records["task-1"] = [running("task-1")]  # KIE is still making it
    command = Ledger.open(tmp_path / "library.sqlite3")
    engine = make_engine(ledger, kie, tmp_path, poll_timeout_s=600.0, row_check_s=0.01)
    engine.schedule.intervals = lambda *_: itertools.repeat(5.0)  # type: ignore[method-assign]
    try:
        snap = await engine.submit(GenerateRequest(prompt))
        while ledger.get(snap.id).state is not JobState.GENERATING or not before_cancel():
            await asyncio.sleep(0.01)
        command.transition(snap.id, JobState.CANCELLED, error_kind="", error_message=CANCEL_NOTE)
        return await engine.wait_for(snap.id)
    finally:
        await engine.aclose()
        command.close()


async def test_a_job_cancelled_elsewhere_before_its_first_poll_is_left_unasked(
    ledger, kie, tmp_path
):
    """A command's `cancel` of a job this engine runs (the window's job, or a `generate` in
    another terminal) while the run waits for the task's first poll. Before: the run heard
    of it only at that poll, which can be many seconds away, and counted the job running
    till then. Now it reads the row while it waits and leaves the job, asking KIE nothing."""
    final = await cancelled_elsewhere_before_the_first_poll(
        ledger, kie, tmp_path, "a heron cancelled before its first poll"
    )
    assert final.state is JobState.CANCELLED
    assert kie.polled == [], "the run asked KIE about a job cancelled elsewhere"


async def test_a_failed_read_of_the_rows_does_not_stop_hearing_a_cancel(
    ledger, kie, tmp_path, monkeypatch
):
    """The watch of waiting runs met an unexpected error in one read (a row it could not
    make sense of): it ended, and the runs waiting then heard a cancel only at their next
    poll. It logs the error and reads again."""
    reads = 0
    get_many = ledger.get_many

    def failing_once(job_ids):
        nonlocal reads
        reads += 1
        if reads == 1:
            raise ValueError("a state this version does not know")
        return get_many(job_ids)

    monkeypatch.setattr(ledger, "get_many", failing_once)
    final = await cancelled_elsewhere_before_the_first_poll(
        ledger, kie, tmp_path, "a heron whose row was misread once", lambda: reads > 0
    )
    assert final.state is JobState.CANCELLED
    assert kie.polled == [], "the cancel was heard only at the next poll"


async def test_a_job_cancelled_elsewhere_while_kie_s_maintenance_is_waited_out_is_left(
    ledger, kie, tmp_path
):
    """A command cancels a job whose send waits out KIE's maintenance (tries spaced up to
    30 s apart, for about half an hour). Before: the run heard of it only at its next try;
    now the back-off reads the row and the run leaves the job at once, sending nothing more.
    The wait is bounded far beyond the row's read only so that the test ends without the
    fix."""
    kie.generate_script = [MaintenanceError("The service is under maintenance", code=455)]
    command = Ledger.open(tmp_path / "library.sqlite3")
    engine = make_engine(
        ledger, kie, tmp_path, row_check_s=0.01, retry_base_s=600.0, retry_max_s=600.0
    )
    try:
        snap = await engine.submit(GenerateRequest("a heron KIE's maintenance holds up"))
        while ledger.get(snap.id).error_kind != MaintenanceError.kind:  # waiting it out
            await asyncio.sleep(0.01)
        command.transition(snap.id, JobState.CANCELLED, error_kind="", error_message=CANCEL_NOTE)
        final = await asyncio.wait_for(engine.wait_for(snap.id), 60)
    finally:
        await engine.aclose()
        command.close()
    assert final.state is JobState.CANCELLED
    assert len(kie.generate_calls) == 1


@pytest.mark.parametrize("stop", ["aclose", "cancel"])
@pytest.mark.parametrize("elsewhere", [True, False], ids=["cancelled-elsewhere", "a-bug"])
async def test_a_write_refused_elsewhere_after_the_run_stopped_here_is_logged_as_no_error(
    ledger: Ledger,
    kie: FakeKie,
    tmp_path: Path,
    stop: str,
    elsewhere: bool,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A command cancels a job the window runs, just as KIE says its image is ready; the
    window's write of that answer is queued when the window closes (or its Cancel stops
    the run too), and the write, refused as the row is cancelled, fails with nobody
    awaiting it. Before: logged at ERROR with a traceback, as a failed write, though it is
    the expected end of two stops at once. A write that fails for a bug stays an error."""
    command_ledger = Ledger.open(tmp_path / "library.sqlite3")
    loop = asyncio.get_running_loop()
    writing = asyncio.Event()
    run_stopped = threading.Event()
    transition = ledger.transition

    async def asked(task_id: str) -> TaskRecord:
        if elsewhere:
            newest = command_ledger.search(limit=1)[0]
            command_ledger.transition(newest.id, JobState.CANCELLED, error_message=CANCEL_NOTE)
        return done(task_id)

    def held_until_the_run_stopped(job_id: int, new: JobState, **values: Any) -> Snapshot:
        if new is JobState.DOWNLOADING:
            loop.call_soon_threadsafe(writing.set)
            run_stopped.wait()
            if not elsewhere:
                raise RuntimeError("a bug")
        return transition(job_id, new, **values)

    kie.record_info = asked  # type: ignore[method-assign]
    ledger.transition = held_until_the_run_stopped  # type: ignore[method-assign]
    caplog.set_level(logging.INFO, logger=engine_module.__name__)
    engine = make_engine(ledger, kie, tmp_path)
    orphaned = {"orphaned_write_failed", "orphaned_write_left"}
    try:
        snap = await engine.submit(GenerateRequest("a fox stopped twice"))
        await writing.wait()
        (run,) = [t for t in asyncio.all_tasks() if t.get_name() == f"job-{snap.id}"]
        run.add_done_callback(lambda _: run_stopped.set())
        if stop == "cancel":
            await asyncio.gather(engine.cancel(snap.id), return_exceptions=True)
        await engine.aclose()
        while not any(getattr(r, "event", "") in orphaned for r in caplog.records):
            await asyncio.sleep(0.01)  # the write's end reaches the loop after the close
    finally:
        run_stopped.set()
        command_ledger.close()
    (record,) = [r for r in caplog.records if getattr(r, "event", "") in orphaned]
    if elsewhere:
        assert ledger.get(snap.id).state is JobState.CANCELLED
        assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
        assert (record.event, record.levelno, record.exc_info) == (
            "orphaned_write_left",
            logging.INFO,
            None,
        )
        assert record.job_id == snap.id
    else:
        assert (record.event, record.levelno) == ("orphaned_write_failed", logging.ERROR)
        assert isinstance(record.exc_info[1], RuntimeError)


class HeldKie:
    """KIE over HTTP, for the real client (a mocked transport): generate requests are held
    until the test lets them go (``hold`` cleared or set), then answered from ``script``, a
    task id, the transport failure to raise or the response to give; polls report the task
    done; results are a PNG."""

    def __init__(self) -> None:
        self.generates = 0
        self.answered = 0
        self.hold: asyncio.Event | None = asyncio.Event()
        self.script: list[str | Exception | httpx.Response] = []

    def release(self) -> None:
        """Let the held requests (and every later one) be answered."""
        if self.hold is not None:
            self.hold.set()
        self.hold = None

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/generate"):
            self.generates += 1
            if self.hold is not None:
                await self.hold.wait()
            self.answered += 1
            outcome = self.script.pop(0) if self.script else f"task-{self.generates}"
            if isinstance(outcome, Exception):
                raise outcome
            if isinstance(outcome, httpx.Response):
                return outcome
            return httpx.Response(
                200, json={"code": 200, "msg": "success", "data": {"taskId": outcome}}
            )
        if request.url.path.endswith("/record-info"):
            task_id = request.url.params["taskId"]
            data = {
                "taskId": task_id,
                "successFlag": 1,
                "response": {"resultImageUrl": f"https://cdn.example/{task_id}.png"},
            }
            return httpx.Response(200, json={"code": 200, "msg": "success", "data": data})
        if request.url.path.endswith("/api/file-stream-upload"):
            data = {"downloadUrl": "https://files.example/reference.png"}
            return httpx.Response(200, json={"code": 200, "msg": "success", "data": data})
        return httpx.Response(200, content=png_bytes(), headers={"content-type": "image/png"})


@pytest.fixture
async def held_kie() -> AsyncIterator[tuple[HeldKie, KieClient]]:
    server = HeldKie()
    client = KieClient("sk-test-0123456789", transport=httpx.MockTransport(server))
    yield server, client
    await client.aclose()


async def cancel_once_sent(engine: JobEngine, server: HeldKie, job_id: int, sends: int) -> Snapshot:
    """Cancel ``job_id`` once KIE has had ``sends`` generate requests in all (the last held,
    out), then let them be answered; the job as it settles."""
    while server.generates < sends:
        await asyncio.sleep(0.01)
    await engine.cancel(job_id)
    server.release()
    return await engine.wait_for(job_id)


async def cancelled_while_sent(
    engine: JobEngine, server: HeldKie, prompt: str, reference: Path | None = None
) -> tuple[Snapshot, list[Snapshot]]:
    """Submit a job (an edit of ``reference``, when given) and cancel it while its generate
    request is out; returns what Cancel returned and what the window hears (kept up to
    date)."""
    seen: list[Snapshot] = []
    engine.subscribe(seen.append)
    image = None if reference is None else str(reference)
    job = await engine.submit(GenerateRequest(prompt, image_path=image))
    while not server.generates:
        await asyncio.sleep(0.01)
    cancelled = await engine.cancel(job.id)
    assert server.answered == 0  # Cancel did not wait for the request
    return cancelled, seen


def resent_and_stopped_elsewhere(
    elsewhere: Ledger, job_id: int, state: JobState, note: str
) -> None:
    """Another process (a command) sends the cancelled job again and its send stops in
    ``state``, its outcome unknown, with ``note``."""
    elsewhere.transition(job_id, JobState.QUEUED, error_kind="", error_message="")
    elsewhere.transition(job_id, JobState.SUBMITTING, submit_count=2)
    elsewhere.transition(job_id, state, error_kind=OutcomeUnknownError.kind, error_message=note)


async def test_a_task_kie_makes_for_a_job_cancelled_while_it_was_sent_is_kept_for_a_free_retry(
    ledger, held_kie, tmp_path
):
    """The artist cancels while the generate request is out, and KIE answers a moment later
    with the task it made (and charged). Before: the request was abandoned, the job said
    "may have been charged", and only Resubmit, paying a second time, could bring the
    image."""
    server, client = held_kie
    engine = make_engine(ledger, client, tmp_path)
    try:
        cancelled, seen = await cancelled_while_sent(engine, server, "a fox cancelled in flight")
        assert cancelled.state is JobState.CANCELLED and seen[-1] == cancelled
        assert needs_resubmit(cancelled)  # until KIE answers, nobody knows

        server.release()
        answered = await engine.wait_for(cancelled.id)
        assert (answered.state, answered.task_id) == (JobState.CANCELLED, "task-1")
        assert answered.error_message == LATE_TASK_NOTE
        assert "credits are spent" in answered.error_detail
        assert not needs_resubmit(answered)
        assert seen[-1] == answered  # the window heard it too
        assert (await engine.retry(cancelled.id)).state is JobState.GENERATING
        final = await engine.wait_for(cancelled.id)
    finally:
        await engine.aclose()
    assert final.state is JobState.COMPLETED and Path(final.file_path).is_file()
    assert final.task_id == "task-1"
    assert server.generates == 1  # the image came without a second charge


async def test_resubmit_pressed_before_the_cancelled_request_answers_follows_its_task(
    ledger, held_kie, tmp_path
):
    """Cancel, then Resubmit at once (the tile offers it while KIE has not answered), and
    KIE answers with the task it made: the job follows that task instead of being sent a
    second time and charged twice."""
    server, client = held_kie
    engine = make_engine(ledger, client, tmp_path)
    try:
        cancelled, _ = await cancelled_while_sent(engine, server, "a fox sent once")
        resubmitting = asyncio.ensure_future(engine.resubmit(cancelled.id))
        await asyncio.sleep(0)
        server.release()
        assert (await resubmitting).state is JobState.GENERATING
        final = await engine.wait_for(cancelled.id)
    finally:
        await engine.aclose()
    assert (final.state, final.task_id) == (JobState.COMPLETED, "task-1")
    assert server.generates == 1


async def test_a_job_cancelled_while_its_request_could_not_connect_says_nothing_was_sent(
    ledger, held_kie, tmp_path
):
    """The artist cancels while the generate request is still trying to connect, and the
    connection then fails: nothing reached KIE. Before: the job stayed "may have been
    charged", with only Resubmit (warning of a second charge) to send it."""
    server, client = held_kie
    server.script = [httpx.ConnectTimeout("connecting timed out")]
    engine = make_engine(ledger, client, tmp_path)
    try:
        cancelled, _ = await cancelled_while_sent(engine, server, "a fox offline")
        assert cancelled.state is JobState.CANCELLED
        server.release()
        settled = await engine.wait_for(cancelled.id)
        assert (settled.state, settled.task_id) == (JobState.CANCELLED, None)
        assert "nothing was sent or charged" in settled.error_detail
        assert not needs_resubmit(settled)
        await engine.retry(cancelled.id)  # sent again without a warning: it never left
        final = await engine.wait_for(cancelled.id)
    finally:
        await engine.aclose()
    assert final.state is JobState.COMPLETED
    assert server.generates == 2


async def test_a_cancelled_edit_whose_request_could_not_connect_says_its_reference_went(
    ledger, held_kie, tmp_path
):
    """As above, for an edit: its reference image had gone to KIE's upload service before
    the generate request could not connect. Before: "nothing was sent or charged", which was
    not true of the picture."""
    server, client = held_kie
    server.script = [httpx.ConnectTimeout("connecting timed out")]
    reference = tmp_path / "fox.png"
    reference.write_bytes(png_bytes())
    engine = make_engine(ledger, client, tmp_path)
    try:
        cancelled, _ = await cancelled_while_sent(engine, server, "a fox in a hat", reference)
        server.release()
        settled = await engine.wait_for(cancelled.id)
    finally:
        await engine.aclose()
    assert (settled.state, settled.task_id) == (JobState.CANCELLED, None)
    assert "nothing was sent" not in settled.error_detail
    assert settled.error_detail == (
        "Stopped before it reached KIE: only the reference image was uploaded (uploads are "
        "free), and nothing was charged."
    )
    assert not needs_resubmit(settled)


@pytest.mark.parametrize(
    ("answer", "note"),
    [
        (httpx.ConnectTimeout("connecting timed out"), NOT_SENT_AGAIN_NOTE),
        (httpx.Response(429, json={"code": 429, "msg": "Too many requests"}), NOT_TAKEN_AGAIN_NOTE),
    ],
)
async def test_a_resubmitted_job_cancelled_while_sent_is_not_said_to_have_cost_nothing(
    ledger, held_kie, tmp_path, answer: Exception | httpx.Response, note: str
):
    """A send cut off after KIE made (and charged) its task, Resubmitted, and cancelled
    while the new send is out, which then finds no connection or a 429. Before, the note
    read "Stopped before it reached KIE: nothing was sent or charged." (or "KIE did not take
    the job, so nothing was charged."): its first send was charged. It says this send was
    not charged, and that an earlier one may have been."""
    server, client = held_kie
    server.script = [httpx.ReadError("connection reset"), answer]
    server.release()
    engine = make_engine(ledger, client, tmp_path)
    try:
        job = await engine.submit(GenerateRequest("a fox sent twice"))
        assert (await engine.wait_for(job.id)).state is JobState.UNKNOWN
        server.hold = asyncio.Event()
        await engine.resubmit(job.id)
        settled = await cancel_once_sent(engine, server, job.id, 2)
    finally:
        await engine.aclose()
    assert (settled.state, settled.error_message) == (JobState.CANCELLED, note)
    assert "nothing was" not in settled.error_detail
    assert "an earlier send of the job may have been" in settled.error_detail
    assert not needs_resubmit(settled)


@pytest.mark.parametrize(
    ("answer", "note"),
    [
        (httpx.ConnectTimeout("connecting timed out"), NOT_TAKEN_NOTE),
        (httpx.Response(429, json={"code": 429, "msg": "Too many requests"}), NOT_TAKEN_NOTE),
    ],
    ids=["no-connection", "429"],
)
async def test_a_new_job_sent_again_after_a_429_and_cancelled_is_said_to_have_cost_nothing(
    ledger, held_kie, tmp_path, answer: Exception | httpx.Response, note: str
):
    """A new job KIE turned away with a 429, sent again by the engine itself, and cancelled
    while that second send is out, which then finds no connection or another 429. Before,
    its note said "an earlier send of the job may have been" charged: its only earlier send
    was the 429, which KIE did not take. It says KIE did not take the job, so nothing was
    charged; not that nothing was sent, which the 429 was."""
    server, client = held_kie
    server.script = [httpx.Response(429, json={"code": 429, "msg": "Too many requests"}), answer]
    first = server.hold
    assert first is not None
    engine = make_engine(ledger, client, tmp_path)
    try:
        job = await engine.submit(GenerateRequest("a fox turned away once"))
        while server.generates < 1:
            await asyncio.sleep(0.01)
        server.hold = asyncio.Event()
        first.set()  # the first send is answered 429; the second waits
        settled = await cancel_once_sent(engine, server, job.id, 2)
    finally:
        await engine.aclose()
    assert (settled.state, settled.error_message) == (JobState.CANCELLED, note)
    assert "may have been" not in settled.error_detail
    assert not needs_resubmit(settled)


@pytest.mark.parametrize(
    "refusal",
    [
        {"code": 400, "msg": "The prompt or image was flagged by the content policy."},
        {"code": 500, "msg": "Internal error"},
    ],
    ids=["content-policy", "server-error"],
)
async def test_a_job_kie_refused_after_its_cancel_is_not_said_to_have_cost_nothing(
    ledger, held_kie, tmp_path, refusal: dict[str, object]
):
    """A new job cancelled while its send is out, which KIE then answers with a refusal
    other than its rate limit or maintenance (kie-api.md documents only those as free).
    Before, its note said "KIE did not take the job, so nothing was charged", and a Retry
    took that as proof: a cancel of the retried send said nothing was sent or charged at
    all. Now the note says it may have been charged, and the retried send's cancel that an
    earlier send may have been, as for a job that failed so uncancelled."""
    server, client = held_kie
    server.script = [httpx.Response(200, json=refusal), httpx.ConnectTimeout("timed out")]
    engine = make_engine(ledger, client, tmp_path)
    try:
        cancelled, _ = await cancelled_while_sent(engine, server, "a fox KIE refused")
        server.release()
        refused = await engine.wait_for(cancelled.id)
        assert (refused.state, refused.error_message) == (JobState.CANCELLED, REFUSED_NOTE)
        assert "nothing was charged" not in refused.error_detail
        assert not needs_resubmit(refused)
        server.hold = asyncio.Event()
        await engine.retry(cancelled.id)
        settled = await cancel_once_sent(engine, server, cancelled.id, 2)
    finally:
        await engine.aclose()
    assert (settled.state, settled.error_message) == (JobState.CANCELLED, NOT_SENT_AGAIN_NOTE)


@pytest.mark.parametrize(
    ("sends", "note"),
    [(2, NOT_SENT_NOTE), (2, NOT_SENT_UPLOADED_NOTE), (1, NOT_TAKEN_NOTE)],
    ids=["resubmitted-not-sent", "resubmitted-upload-only", "refused"],
)
async def test_a_note_older_builds_wrote_is_no_proof_that_a_retry_costs_nothing(
    ledger, held_kie, tmp_path, sends: int, note: str
):
    """Rows of older builds: a Resubmitted job (its first send's outcome unknown) cancelled
    before its second send left, noted "nothing was sent or charged" before the notes of
    this send only existed; a job whose cancelled send KIE refused under its content policy,
    noted "KIE did not take the job, so nothing was charged". Before, a Retry took either
    note for proof: its cancel while sent wrote "Stopped before it reached KIE: nothing was
    sent or charged". It says an earlier send of the job may have been charged."""
    server, client = held_kie
    server.script = [httpx.ConnectTimeout("timed out")]
    job = ledger.create_job(GenerateRequest("a fox from an older build"))
    ledger.transition(job.id, JobState.SUBMITTING, submit_count=sends)
    ledger.transition(job.id, JobState.CANCELLED, error_kind="", error_message=note)
    engine = make_engine(ledger, client, tmp_path)
    try:
        await engine.retry(job.id)
        settled = await cancel_once_sent(engine, server, job.id, 1)
    finally:
        await engine.aclose()
    assert (settled.state, settled.error_message) == (JobState.CANCELLED, NOT_SENT_AGAIN_NOTE)


def resubmitted_after_an_unknown_send(ledger: Ledger, job_id: int) -> None:
    """The job's one send got no answer (it may have been charged), and the artist
    Resubmitted it: queued again."""
    ledger.transition(job_id, JobState.SUBMITTING, submit_count=1)
    ledger.transition(job_id, JobState.UNKNOWN, error_kind=OutcomeUnknownError.kind)
    ledger.transition(job_id, JobState.QUEUED, error_kind="")


async def cancelled_by_a_command_as_it_waits(
    ledger: Ledger, kie: FakeKie, tmp_path: Path, job_id: int
) -> Snapshot:
    """The window's engine sends the job, turned away, and waits to send it again; a
    command (``kontext-studio cancel``), whose engine never saw its sends, cancels it."""
    window = make_engine(ledger, kie, tmp_path, retry_base_s=60.0)
    elsewhere = Ledger.open(tmp_path / "library.sqlite3")
    command = make_engine(elsewhere, FakeKie(elsewhere), tmp_path / "command")
    try:
        await window.resume()
        while not window.sending_again_count:
            await asyncio.sleep(0.01)
        return await command.cancel(job_id)
    finally:
        await command.aclose()
        await window.aclose()
        elsewhere.close()


async def test_an_edit_whose_upload_was_refused_cancelled_elsewhere_as_it_waits_cost_nothing(
    ledger, kie, tmp_path
):
    """A new edit KIE turned away twice (a 429), whose reference's next upload KIE's upload
    service refused (a 502): the window waits to send it again, and a command cancels it.
    Nothing was charged, which the window's engine saw; the row alone cannot tell (an upload
    is no send). Before, the job kept a server error's kind, and the cancel's note said an
    earlier send may have been charged. Now the window notes that KIE did not take the job,
    beside the upload's own kind: proof that nothing was charged, for Retry and Delete."""
    reference = tmp_path / "cat.png"
    reference.write_bytes(png_bytes((80, 80)))
    kie.generate_script = [RateLimitedError("Too many requests", code=429)] * 2
    uploaded = kie.upload_file

    async def refused_from_the_third(path: Path, **fields: Any) -> UploadedFile:
        if len(kie.uploads) >= 2:
            raise ServerError("bad gateway", code=502)
        return await uploaded(path, **fields)

    kie.upload_file = refused_from_the_third  # type: ignore[method-assign]
    window = make_engine(ledger, kie, tmp_path, upload_shared_s=0.0, row_check_s=0.01)
    window._backoff = lambda attempt: 0.01 if attempt < 2 else 60.0  # type: ignore[method-assign]
    elsewhere = Ledger.open(tmp_path / "library.sqlite3")
    command = make_engine(elsewhere, FakeKie(elsewhere), tmp_path / "command")
    try:
        job = await window.submit(GenerateRequest("make it night", image_path=str(reference)))
        while (ledger.get(job.id) or job).error_kind != "upload_refused":
            await asyncio.sleep(0.01)
        await command.cancel(job.id)
        await until(lambda: (ledger.get(job.id) or job).error_message == NOT_TAKEN_NOTE)
    finally:
        await command.aclose()
        await window.aclose()
        elsewhere.close()
    cancelled = ledger.get(job.id)
    assert cancelled is not None and cancelled.state is JobState.CANCELLED
    assert (cancelled.submit_count, len(kie.generate_calls)) == (2, 2)
    assert cancelled.error_kind == "upload_refused"
    assert nothing_charged_note(cancelled)
    assert "nothing was charged" in cancelled.error_detail


@pytest.mark.parametrize(("sends", "note"), [(1, NOT_TAKEN_NOTE), (2, NOT_TAKEN_AGAIN_NOTE)])
async def test_a_job_another_process_cancels_as_it_waits_to_be_sent_again_is_noted_so(
    ledger, kie, tmp_path, sends: int, note: str
):
    """The window's job, turned away by KIE (a 429) and waiting out the back-off, is
    cancelled by a command (``kontext-studio cancel``), whose engine never saw its sends.
    Before, the cancel wrote no note: the job read as one that may have been charged. Its
    row says KIE did not take its last send: the job's only one (nothing was charged), or
    the last of several, an earlier one of which may have been (a Resubmit)."""
    kie.generate_script = [RateLimitedError("Too many requests", code=429)]
    job = ledger.create_job(GenerateRequest("a fox the command stopped"))
    if sends > 1:
        resubmitted_after_an_unknown_send(ledger, job.id)
    cancelled = await cancelled_by_a_command_as_it_waits(ledger, kie, tmp_path, job.id)
    assert (cancelled.state, cancelled.error_message) == (JobState.CANCELLED, note)
    assert cancelled.submit_count == sends
    assert not needs_resubmit(cancelled)


@pytest.mark.parametrize(
    "answer",
    [RateLimitedError("Too many requests", code=429), OutcomeUnknownError("no answer")],
    ids=["429", "no-answer"],
)
async def test_a_job_cancelled_elsewhere_and_sent_again_here_while_out_is_run(
    ledger, kie, tmp_path, answer: BaseException
):
    """The window's generate is out; a command (``kontext-studio cancel``) cancels the job,
    and the artist sends it again in the window (Resubmit: "Send again") before the answer
    comes, which then says KIE made nothing (a 429) or never comes. Before, the job was
    queued again while its old run still waited for that answer: no new run was started,
    the old one found its row queued and left it, and the job stayed queued, sent by
    nobody, until the next start. The answer is waited for first, as for a send the
    window's own Cancel left out, and the job is then sent again."""
    kie.answer = asyncio.Event()
    kie.generate_script = [answer, "task-2"]
    window = make_engine(ledger, kie, tmp_path)
    elsewhere = Ledger.open(tmp_path / "library.sqlite3")
    command = make_engine(elsewhere, FakeKie(elsewhere), tmp_path / "command")
    try:
        job = await window.submit(GenerateRequest("a fox cancelled by a command while out"))
        while not kie.generate_calls:
            await asyncio.sleep(0.01)
        cancelled = await command.cancel(job.id)
        assert needs_resubmit(cancelled)
        sent_again = asyncio.ensure_future(window.resubmit(job.id))
        await asyncio.sleep(0.05)  # the artist's Send again comes before KIE's answer
        kie.answer.set()
        await sent_again
        final = await asyncio.wait_for(window.wait_for(job.id), 10)
    finally:
        await command.aclose()
        await window.aclose()
        elsewhere.close()
    assert final.state is JobState.COMPLETED, final
    assert len(kie.generate_calls) == 2


async def test_a_job_cancelled_elsewhere_as_it_waits_its_turn_is_retried_here_at_once(
    ledger, kie, tmp_path
):
    """The window's job waits its turn (KIE's rate is reached); a command cancels it, and
    the artist retries it in the window. Nothing of it is out: its run is stopped, as the
    window's own Cancel stops it, and the job queued again at once. Before, the Retry
    waited for that turn to come (an hour here), the window silent all along."""
    kie.answer = asyncio.Event()  # the first job's send holds the one slot
    window = make_engine(ledger, kie, tmp_path, submit_limit=1, submit_window_s=3600.0)
    elsewhere = Ledger.open(tmp_path / "library.sqlite3")
    command = make_engine(elsewhere, FakeKie(elsewhere), tmp_path / "command")
    try:
        await window.submit(GenerateRequest("a fox sent first"))
        waiting = await window.submit(GenerateRequest("a fox waiting its turn"))
        while not window.waits_turn(waiting.id):
            await asyncio.sleep(0.01)
        await command.cancel(waiting.id)
        retried = asyncio.ensure_future(window.retry(waiting.id))
        await asyncio.wait({retried}, timeout=10)
        assert retried.done(), "the Retry waited for the job's turn"
        assert retried.result().state is JobState.QUEUED
        while not window.waits_turn(waiting.id):  # its new run waits its turn, as any
            await asyncio.sleep(0.01)
    finally:
        kie.answer.set()
        await command.aclose()
        await window.aclose()
        elsewhere.close()
    assert len(kie.generate_calls) == 1


@pytest.mark.parametrize("whose", ["own", "another-job-s"])
async def test_a_job_cancelled_elsewhere_as_its_reference_uploads_is_retried_here_at_once(
    ledger, kie, tmp_path, whose: str
):
    """The window's edit uploads its reference (or waits for another job's upload of the
    same file, "Generate 2 images"); a command cancels it, and the artist retries it in
    the window. Nothing paid is out (uploads are free): its run is stopped, as the
    window's own Cancel stops it, and the job queued again at once. Before, the Retry
    waited silently for that upload to end, however long a large file takes."""
    reference = tmp_path / "cat.png"
    reference.write_bytes(png_bytes((80, 80)))
    uploading, uploaded = asyncio.Event(), asyncio.Event()
    upload = kie.upload_file

    async def slow_upload(path: Path, **kwargs: Any) -> UploadedFile:
        uploading.set()
        await uploaded.wait()
        return await upload(path, **kwargs)

    kie.upload_file = slow_upload  # type: ignore[method-assign]
    window = make_engine(ledger, kie, tmp_path)
    elsewhere = Ledger.open(tmp_path / "library.sqlite3")
    command = make_engine(elsewhere, FakeKie(elsewhere), tmp_path / "command")
    request = GenerateRequest("make it night", image_path=str(reference))
    try:
        jobs = await window.submit_several(request, 1 if whose == "own" else 2)
        await uploading.wait()
        job = jobs[-1]
        await command.cancel(job.id)
        retried = asyncio.ensure_future(window.retry(job.id))
        await asyncio.wait({retried}, timeout=10)
        assert retried.done(), "the Retry waited for the upload to end"
        assert retried.result().state is JobState.QUEUED
        uploaded.set()
        final = await asyncio.wait_for(window.wait_for(job.id), 10)
    finally:
        uploaded.set()
        await command.aclose()
        await window.aclose()
        elsewhere.close()
    assert final.state is JobState.COMPLETED


async def test_a_cancel_read_before_another_process_sent_the_job_again_is_not_noted_free(
    ledger, kie, tmp_path
):
    """The window's job, turned away by KIE (a 429), waits to be sent again; a command's
    Cancel reads it so. Before the cancel writes, the window sends it again, gets no answer
    and the artist Resubmits it: queued again, as read. Before, the cancel was written from
    its old view, "KIE did not take the job, so nothing was charged", with the kind that makes
    that note proof, of a job whose last send may have been charged. The write expects the
    count of sends (and the task) it read, and the cancel is decided again."""
    job = ledger.create_job(GenerateRequest("a fox sent again as it was cancelled"))
    ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
    ledger.transition(job.id, JobState.QUEUED, error_kind=RateLimitedError.kind)
    window_ledger = Ledger.open(tmp_path / "library.sqlite3")

    def window_sends_again_and_resubmits() -> None:
        window_ledger.transition(job.id, JobState.SUBMITTING, submit_count=2, error_kind="")
        window_ledger.transition(job.id, JobState.UNKNOWN, error_kind=OutcomeUnknownError.kind)
        window_ledger.transition(job.id, JobState.QUEUED, error_kind="")

    moved_on_after_the_engine_reads(ledger, window_sends_again_and_resubmits)
    command = make_engine(ledger, kie, tmp_path)
    try:
        cancelled = await command.cancel(job.id)
    finally:
        await command.aclose()
        window_ledger.close()
    assert (cancelled.state, cancelled.submit_count) == (JobState.CANCELLED, 2)
    assert not nothing_charged_note(cancelled)
    assert "nothing was charged" not in cancelled.error_message


@pytest.mark.parametrize(
    ("reference", "note"),
    [(False, NOT_SENT_AGAIN_NOTE), (True, NOT_SENT_AGAIN_UPLOADED_NOTE)],
    ids=["queued", "uploading"],
)
async def test_a_resubmitted_job_cancelled_before_it_is_sent_again_may_have_cost(
    ledger, kie, tmp_path, reference: bool, note: str
):
    """A job whose send got no answer, Resubmitted, cancelled while it waits to be sent again
    (queued, or its reference uploading): before, its row kept no note, and its preview and
    Delete said nothing of the charge its first send may have made. This send was not
    charged; the earlier one may have been."""
    image = tmp_path / "cat.png"
    image.write_bytes(png_bytes((80, 80)))
    request = GenerateRequest("a fox resubmitted", image_path=str(image) if reference else None)
    job = ledger.create_job(request)
    resubmitted_after_an_unknown_send(ledger, job.id)
    if reference:
        ledger.transition(job.id, JobState.UPLOADING)
    engine = make_engine(ledger, kie, tmp_path)
    try:
        cancelled = await engine.cancel(job.id)
    finally:
        await engine.aclose()
    assert (cancelled.state, cancelled.error_message) == (JobState.CANCELLED, note)
    assert not nothing_charged_note(cancelled) and not needs_resubmit(cancelled)


@pytest.mark.parametrize(
    "refusal",
    [RateLimitedError("Too many requests", code=429), UnreachableError("No connection")],
    ids=["429", "no-connection"],
)
async def test_a_resubmit_whose_reference_upload_another_process_cancels_may_have_cost(
    ledger, kie, tmp_path, refusal: Exception
):
    """An edit sent once with an unknown outcome (it may have been charged), Resubmitted by
    the window: KIE's upload service turns its reference away (a 429, no connection), and
    the window waits to send it again. A command cancels it. Its row keeps the count of the
    first send (an upload is no send) and why it waits: before, the command took that for
    the job's one send turned away, noted "nothing was charged", and the row was proof of
    it (Retry and Delete said so). An earlier send may have been charged."""
    reference = tmp_path / "cat.png"
    reference.write_bytes(png_bytes((80, 80)))
    job = ledger.create_job(GenerateRequest("make it night", image_path=str(reference)))
    resubmitted_after_an_unknown_send(ledger, job.id)

    async def turned_away(path: Path, **_: object) -> UploadedFile:
        raise refusal

    kie.upload_file = turned_away  # type: ignore[method-assign]
    cancelled = await cancelled_by_a_command_as_it_waits(ledger, kie, tmp_path, job.id)
    assert not kie.generate_calls and cancelled.submit_count == 1
    assert cancelled.state is JobState.CANCELLED
    assert not nothing_charged_note(cancelled)
    assert "an earlier send of the job may have been" in cancelled.error_message


@pytest.mark.parametrize("while_sent", [False, True], ids=["backing-off", "sent"])
async def test_after_a_restart_a_job_kie_turned_away_and_cancelled_is_known_to_cost_nothing(
    ledger, kie, tmp_path, while_sent: bool
):
    """A new job KIE turned away with a 429, cancelled (while it waited to be sent again, or
    while a send was out that KIE then turned away too): "KIE did not take the job, so
    nothing was charged". After a restart the row was all there was, and that note alone is
    no proof (older builds wrote it for any refusal): Retry, cancelled while sent and turned
    away again, said "an earlier send of the job may have been" charged. The row keeps the
    answer's kind beside the note, which older builds never wrote: it is proof."""
    kie.generate_script = [RateLimitedError("Too many requests", code=429)] * 3
    kie.answer = first = asyncio.Event()
    engine = make_engine(ledger, kie, tmp_path, retry_base_s=0.01 if while_sent else 60.0)
    try:
        job = await engine.submit(GenerateRequest("a fox turned away before a restart"))
        while not kie.generate_calls:
            await asyncio.sleep(0.01)
        kie.answer = asyncio.Event()  # the first send is answered, a second one held
        first.set()
        while len(kie.generate_calls) < 2 and not engine.sending_again_count:
            await asyncio.sleep(0.01)
        await engine.cancel(job.id)
        kie.answer.set()
        settled = await engine.wait_for(job.id)
    finally:
        await engine.aclose()
    assert (settled.state, settled.error_message) == (JobState.CANCELLED, NOT_TAKEN_NOTE)
    sent = len(kie.generate_calls)
    kie.answer = asyncio.Event()
    restarted = make_engine(ledger, kie, tmp_path)
    try:
        await restarted.retry(job.id)
        while len(kie.generate_calls) == sent:
            await asyncio.sleep(0.01)
        await restarted.cancel(job.id)
        kie.answer.set()
        again = await restarted.wait_for(job.id)
    finally:
        await restarted.aclose()
    assert (again.state, again.error_message) == (JobState.CANCELLED, NOT_TAKEN_NOTE)
    assert "may have been" not in again.error_detail


async def test_a_new_job_cancelled_as_it_waits_to_be_sent_again_after_a_429_cost_nothing(
    ledger, held_kie, tmp_path
):
    """A new job KIE turned away with a 429, cancelled while the engine's second send of it
    still waits for a free connection. Before, its note said "an earlier send of the job may
    have been" charged, of the 429 KIE did not take; then "nothing was sent or charged",
    though the 429 was sent. KIE did not take the job, and nothing was charged."""
    server, client = held_kie
    client._api_slots = AdaptiveConcurrency(1, low=1, high=1)
    server.script = [httpx.Response(429, json={"code": 429, "msg": "Too many requests"})]
    first = server.hold
    assert first is not None
    freed = asyncio.Event()

    async def hold_the_only_slot() -> None:
        async with client._api_slots.slot("record-info"):
            await freed.wait()

    engine = make_engine(ledger, client, tmp_path)
    try:
        job = await engine.submit(GenerateRequest("a fox turned away, then kept waiting"))
        while server.generates < 1:
            await asyncio.sleep(0.01)
        holder = asyncio.ensure_future(hold_the_only_slot())  # next in line for the slot
        await asyncio.sleep(0)
        server.release()  # the first send is answered 429; the second waits for the slot
        while (row := ledger.get(job.id)).state is not JobState.SUBMITTING or row.submit_count < 2:
            await asyncio.sleep(0.01)
        settled = await engine.cancel(job.id)
        freed.set()
        await holder
        await engine.wait_idle()
    finally:
        await engine.aclose()
    assert server.generates == 1  # the second send never went out
    assert (settled.state, settled.error_message) == (JobState.CANCELLED, NOT_TAKEN_NOTE)
    assert not needs_resubmit(settled)


@pytest.mark.parametrize(
    ("earlier", "turned_away", "note"),
    [
        ([], RateLimitedError("Too many requests", code=429), NOT_TAKEN_NOTE),
        ([], MaintenanceError("The service is under maintenance", code=455), NOT_TAKEN_NOTE),
        (
            [OutcomeUnknownError("read timed out")],
            RateLimitedError("Too many requests", code=429),
            NOT_TAKEN_AGAIN_NOTE,
        ),
    ],
    ids=["429", "455", "resubmitted-429"],
)
async def test_a_job_cancelled_while_it_waits_to_be_sent_again_after_kie_turned_it_away(
    ledger, kie, tmp_path, earlier: list[Exception], turned_away: Exception, note: str
):
    """KIE turned the job's send away (its rate limit, maintenance: documented free), and
    the artist cancels while the engine waits to send it again. Before, the cancel wrote no
    note at all, as of a job queued again after a send that may have been charged, and
    Cancel's question said its credits may still be spent. KIE did not take it: nothing was
    charged (an earlier send, when Resubmitted after one whose outcome is unknown, may
    have been)."""
    kie.generate_script = [*earlier, turned_away]
    engine = make_engine(ledger, kie, tmp_path, retry_base_s=60.0)
    try:
        job = await engine.submit(GenerateRequest("a fox turned away, waiting to go again"))
        if earlier:
            assert (await engine.wait_for(job.id)).state is JobState.UNKNOWN
            await engine.resubmit(job.id)
        while not engine.sending_again_count:
            await asyncio.sleep(0.01)
        cancelled = await engine.cancel(job.id)
        await engine.wait_idle()
    finally:
        await engine.aclose()
    assert len(kie.generate_calls) == len(earlier) + 1
    assert (cancelled.state, cancelled.error_message) == (JobState.CANCELLED, note)
    assert not needs_resubmit(cancelled)
    assert ("may have been" in cancelled.error_detail) == bool(earlier)


@pytest.mark.parametrize(
    "turned_away",
    [
        [httpx.ConnectError("connection refused")] * 4,
        [httpx.Response(429, json={"code": 429, "msg": "Too many requests"})]
        + [httpx.ConnectError("connection refused")] * 4,
    ],
    ids=["no-connection", "429-then-no-connection"],
)
async def test_a_job_retried_after_sends_that_never_reached_kie_is_said_to_have_cost_nothing(
    ledger, held_kie, tmp_path, turned_away: list[Exception | httpx.Response]
):
    """A network outage: KIE could not be reached at each of the job's sends (and, before,
    turned one away with a 429), so it failed, sent four or five times; Retry once KIE
    could be reached, cancelled while that send is out, which finds no connection either.
    Before, its note said "an earlier send of the job may have been" charged, because it
    had been sent more than once: none of its sends reached KIE, and nothing was charged.
    Then it said "nothing was sent", though it was sent four or five times, and a 429 is
    KIE's answer to one: KIE did not take the job."""
    server, client = held_kie
    server.script = [*turned_away, httpx.ConnectTimeout("connecting timed out")]
    server.release()
    engine = make_engine(ledger, client, tmp_path)
    try:
        job = await engine.submit(GenerateRequest("a fox offline all morning"))
        failed = await engine.wait_for(job.id)
        assert (failed.state, failed.submit_count) == (JobState.FAILED, len(turned_away))
        server.hold = asyncio.Event()
        await engine.retry(job.id)
        while server.generates <= len(turned_away):
            await asyncio.sleep(0.01)
        await engine.cancel(job.id)
        server.release()
        settled = await engine.wait_for(job.id)
    finally:
        await engine.aclose()
    assert (settled.state, settled.error_message) == (JobState.CANCELLED, NOT_TAKEN_NOTE)
    assert "may have been" not in settled.error_detail


async def test_a_resubmitted_job_retried_after_no_connection_still_may_have_been_charged(
    ledger, held_kie, tmp_path
):
    """Never under-warn: a job whose first send's outcome is unknown, Resubmitted, whose
    sends then found no connection, retried and cancelled while sent: its first send may
    have been charged, and its note says so."""
    server, client = held_kie
    server.script = [
        httpx.ReadError("connection reset"),
        *[httpx.ConnectError("connection refused")] * 4,
        httpx.ConnectTimeout("connecting timed out"),
    ]
    server.release()
    engine = make_engine(ledger, client, tmp_path)
    try:
        job = await engine.submit(GenerateRequest("a fox perhaps paid for"))
        assert (await engine.wait_for(job.id)).state is JobState.UNKNOWN
        await engine.resubmit(job.id)
        assert (await engine.wait_for(job.id)).state is JobState.FAILED
        server.hold = asyncio.Event()
        await engine.retry(job.id)
        settled = await cancel_once_sent(engine, server, job.id, 6)
    finally:
        await engine.aclose()
    assert (settled.state, settled.error_message) == (JobState.CANCELLED, NOT_SENT_AGAIN_NOTE)


@pytest.mark.parametrize("restarted", [False, True])
async def test_a_resubmit_whose_reference_could_not_be_uploaded_still_may_have_been_charged(
    ledger, held_kie, tmp_path, monkeypatch, restarted
):
    """Never under-warn: an edit whose one send's outcome is unknown, Resubmitted, whose
    reference could then not be uploaded (no connection), so it failed before its generate
    was sent again, at the count of the send whose outcome is unknown; retried and
    cancelled while sent. Its row looks like that of a job whose one send never reached
    KIE: its note must still say an earlier send may have been charged. ``restarted``: the
    app started again (or the job carried on by a command) before the Retry, the new engine
    knowing only the row; before, it took the job for one that had cost nothing."""
    server, client = held_kie
    server.script = [httpx.ReadError("connection reset"), httpx.ConnectTimeout("timed out")]
    server.release()
    reference = tmp_path / "fox.png"
    reference.write_bytes(png_bytes())
    engine = make_engine(ledger, client, tmp_path, upload_shared_s=0.0)
    try:
        job = await engine.submit(GenerateRequest("a fox in a hat", image_path=str(reference)))
        assert (await engine.wait_for(job.id)).state is JobState.UNKNOWN
        upload = client.upload_file
        monkeypatch.setattr(client, "upload_file", AsyncMock(side_effect=UnreachableError()))
        await engine.resubmit(job.id)
        failed = await engine.wait_for(job.id)
        assert (failed.state, failed.submit_count) == (JobState.FAILED, 1)
        monkeypatch.setattr(client, "upload_file", upload)
        if restarted:
            await engine.aclose()
            engine = make_engine(ledger, client, tmp_path, upload_shared_s=0.0)
        server.hold = asyncio.Event()
        await engine.retry(job.id)
        settled = await cancel_once_sent(engine, server, job.id, 2)
    finally:
        await engine.aclose()
    assert settled.state is JobState.CANCELLED
    assert settled.error_message == NOT_SENT_AGAIN_UPLOADED_NOTE


async def sent_again_beside_its_cancelled_send(
    engine: JobEngine, server: HeldKie, tmp_path: Path, prompt: str
) -> Snapshot:
    """A job the window cancels while its request is out (its run left to end by itself);
    meanwhile a command sends it again, which fails for want of a connection, and the
    window's "Send again" (:meth:`JobEngine.retry_unsent`) is pressed while the first
    request is still out. That request is answered (as ``server`` scripts it: a task it
    made would be kept on the job, which "Send again" then leaves to follow it) once "Send
    again" waits for it, or has sent the job beside it; returns the job once sent again,
    the first run ended, the second send held until ``server`` releases it."""
    first = server.hold
    assert first is not None
    waited = asyncio.Event()
    late_sends_ended = engine.late_sends_ended

    async def waits(job_ids: Collection[int]) -> None:
        waited.set()
        await late_sends_ended(job_ids)

    async def answer_first() -> None:
        while not waited.is_set() and server.generates < 2:
            await asyncio.sleep(0.01)
        first.set()

    job = await engine.submit(GenerateRequest(prompt))
    while server.generates < 1:
        await asyncio.sleep(0.01)
    await engine.cancel(job.id)  # its request stays out
    # The command's Resubmit, which found no connection.
    with contextlib.closing(Ledger.open(tmp_path / "library.sqlite3")) as command_ledger:
        command_ledger.transition(job.id, JobState.QUEUED)
        command_ledger.transition(job.id, JobState.SUBMITTING, submit_count=2)
        command_ledger.transition(job.id, JobState.FAILED, error_kind=NetworkError.kind)
    server.hold = asyncio.Event()
    engine.late_sends_ended = waits  # type: ignore[method-assign]
    answering = asyncio.ensure_future(answer_first())
    try:
        assert [s.id for s in await engine.retry_unsent([job.id])] == [job.id]
        while server.generates < 2 or job.id in engine._late:
            await asyncio.sleep(0.01)
    finally:
        answering.cancel()
        engine.late_sends_ended = late_sends_ended  # type: ignore[method-assign]
    return job


def stake_held_once(engine: JobEngine) -> tuple[asyncio.Event, asyncio.Event]:
    """Hold the engine's first :meth:`JobEngine._stake` (a guest lock slow to take) until
    the second event is set; the first is set once it is held."""
    stake = engine._stake
    waiting, go = asyncio.Event(), asyncio.Event()

    async def slow_first_stake() -> None:
        if not waiting.is_set():
            waiting.set()
            await go.wait()
        await stake()

    engine._stake = slow_first_stake  # type: ignore[method-assign]
    return waiting, go


async def test_a_retry_read_before_the_job_was_sent_and_cancelled_again_does_not_send_it(
    ledger, held_kie, tmp_path
):
    """A Retry that read the cancelled row, then waited (for this process's guest lock),
    while another Retry of the job sent it and the artist cancelled it with its request
    still out: the row is cancelled again, as read, but its outcome is unknown now. Before,
    the waiting Retry moved it on, its state alone matching, and sent the job a second time
    beside the request still out: charged twice, without Resubmit's word. It is refused in
    the words a Retry of the row as it is now gets (only Resubmit sends it again), not as
    "cancelled, deleted or carried on elsewhere", which left the artist to Retry again."""
    server, client = held_kie
    job = ledger.create_job(GenerateRequest("a fox retried twice at once"))
    ledger.transition(job.id, JobState.CANCELLED, error_message=NOT_SENT_NOTE)
    engine = make_engine(ledger, client, tmp_path)
    waiting, go = stake_held_once(engine)
    try:
        late = asyncio.ensure_future(engine.retry(job.id))
        await waiting.wait()  # it has read the row
        await engine.retry(job.id)
        while server.generates < 1:
            await asyncio.sleep(0.01)
        cancelled = await engine.cancel(job.id)  # its request stays out
        assert needs_resubmit(cancelled)
        go.set()
        with pytest.raises(InputError, match="only Resubmit sends it again"):
            await late
        server.release()
        settled = await engine.wait_for(job.id)
    finally:
        await engine.aclose()
    assert server.generates == 1
    assert (settled.state, settled.task_id) == (JobState.CANCELLED, "task-1")


async def test_a_resubmit_read_before_another_resubmit_ended_unknown_does_not_send_again(
    ledger, held_kie, tmp_path
):
    """Resubmit promises one send: not when the job was sent again since it was read. A
    Resubmit that read the unknown row, then waited, while another Resubmit sent the job,
    whose answer never came: unknown again, as read. Before, the waiting one sent it a
    third time, as its state alone matched."""
    server, client = held_kie
    server.script = [httpx.ReadError("connection reset")]
    server.release()
    job = ledger.create_job(GenerateRequest("a fox resubmitted twice at once"))
    ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
    ledger.transition(job.id, JobState.UNKNOWN, error_kind=OutcomeUnknownError.kind)
    engine = make_engine(ledger, client, tmp_path)
    waiting, go = stake_held_once(engine)
    try:
        late = asyncio.ensure_future(engine.resubmit(job.id))
        await waiting.wait()  # it has read the row
        await engine.resubmit(job.id)
        assert (await engine.wait_for(job.id)).state is JobState.UNKNOWN
        go.set()
        with pytest.raises(JobChanged):
            await late
        await engine.wait_idle()
    finally:
        await engine.aclose()
    assert server.generates == 1


async def test_send_again_waits_for_the_cancelled_send_still_out_so_cancel_keeps_the_new_task(
    ledger, held_kie, tmp_path
):
    """Before, "Send again" started a second run at once beside the cancelled send still
    out, and the first, ending, took the second's mark of a request out: Cancel of the
    second then stopped it mid-request, its answer never kept, and only Resubmit, paying
    again, could bring the image KIE made for it. Now it waits for the first request's
    answer, as Retry does, and the task of its own send is kept on the cancelled row. KIE
    turns the first send away: a task made for it would be the job's, followed, not sent
    again."""
    server, client = held_kie
    server.script = [httpx.Response(429, json={"code": 429, "msg": "Too many requests"})]
    engine = make_engine(ledger, client, tmp_path)
    try:
        job = await sent_again_beside_its_cancelled_send(
            engine, server, tmp_path, "a fox sent again beside its first send"
        )
        await engine.cancel(job.id)
        server.release()
        settled = await engine.wait_for(job.id)
        assert (settled.state, settled.task_id) == (JobState.CANCELLED, "task-2")
        await engine.retry(job.id)
        final = await engine.wait_for(job.id)
    finally:
        await engine.aclose()
    assert final.state is JobState.COMPLETED
    assert server.generates == 2


async def test_send_again_of_several_waits_for_their_cancelled_sends_together(
    ledger, held_kie, tmp_path, monkeypatch
):
    """Several jobs the window cancelled while their sends were out, which a command then
    sent again and failed for want of a connection; "Send again" is pressed while the first
    sends are still out. Before, it waited for them one job at a time, each up to the
    request's timeout: ten such jobs, ten timeouts. It waits for them all at once."""
    server, client = held_kie
    turned_away = httpx.Response(429, json={"code": 429, "msg": "Too many requests"})
    server.script = [turned_away, turned_away]
    engine = make_engine(ledger, client, tmp_path)
    waited: list[set[object]] = []
    wait = asyncio.wait

    async def seen_waiting(tasks: Any, **kwargs: Any) -> Any:
        waited.append(set(tasks))
        return await wait(tasks, **kwargs)

    monkeypatch.setattr(engine_module.asyncio, "wait", seen_waiting)
    try:
        jobs = [await engine.submit(GenerateRequest(f"a fox sent twice, {n}")) for n in (1, 2)]
        while server.generates < 2:
            await asyncio.sleep(0.01)
        for job in jobs:
            await engine.cancel(job.id)  # its request stays out
        late = {engine._late[job.id] for job in jobs}
        with contextlib.closing(Ledger.open(tmp_path / "library.sqlite3")) as command_ledger:
            for job in jobs:  # the command's Resubmit, which found no connection
                command_ledger.transition(job.id, JobState.QUEUED)
                command_ledger.transition(job.id, JobState.SUBMITTING, submit_count=2)
                command_ledger.transition(job.id, JobState.FAILED, error_kind=NetworkError.kind)
        sending = asyncio.ensure_future(engine.retry_unsent([job.id for job in jobs]))
        for _ in range(300):
            if any(late <= tasks for tasks in waited):
                break
            await asyncio.sleep(0.01)
        assert any(late <= tasks for tasks in waited), "waited for one late send at a time"
        server.release()
        assert len(await sending) == 2
        settled = [await engine.wait_for(job.id) for job in jobs]
    finally:
        await engine.aclose()
    assert [s.state for s in settled] == [JobState.COMPLETED] * 2
    assert server.generates == 4


async def only_slot_held(client: KieClient) -> tuple[asyncio.Future[None], asyncio.Event]:
    """``client`` down to one request slot, which a record-info holds until the event
    returned is set (the future: that holder, to await once it is)."""
    client._api_slots = AdaptiveConcurrency(1, low=1, high=1)
    busy, freed = asyncio.Event(), asyncio.Event()

    async def hold_the_only_slot() -> None:
        async with client._api_slots.slot("record-info"):
            busy.set()
            await freed.wait()

    holder = asyncio.ensure_future(hold_the_only_slot())
    await busy.wait()
    return holder, freed


async def test_a_job_cancelled_while_its_request_waited_for_a_connection_was_never_sent(
    ledger, held_kie, tmp_path
):
    """The artist cancels while the generate request still waits for a free connection (every
    slot busy with other requests): it has not gone out. Cancel stops it there, and the job
    says nothing was sent or charged. Before: the request, left to finish, went out after
    the Cancel, and KIE made and charged a task for a job the artist had cancelled."""
    server, client = held_kie
    holder, freed = await only_slot_held(client)
    engine = make_engine(ledger, client, tmp_path)
    try:
        job = await engine.submit(GenerateRequest("a fox kept waiting"))
        while ledger.get(job.id).state is not JobState.SUBMITTING:
            await asyncio.sleep(0.01)
        cancelled = await engine.cancel(job.id)
        server.release()
        freed.set()
        await holder
        await engine.wait_idle()
        settled = await engine.wait_for(job.id)
        assert server.generates == 0  # it never went out
        assert (cancelled.state, settled.state) == (JobState.CANCELLED, JobState.CANCELLED)
        assert "nothing was sent or charged" in settled.error_detail
        assert not needs_resubmit(settled)
        await engine.retry(job.id)
        final = await engine.wait_for(job.id)
    finally:
        await engine.aclose()
    assert final.state is JobState.COMPLETED
    assert server.generates == 1


@pytest.mark.parametrize("deleted", [False, True], ids=["cancelled", "deleted"])
async def test_a_job_a_command_stops_while_its_request_waits_for_a_connection_is_never_sent(
    ledger, held_kie, tmp_path, deleted: bool
):
    """The window's generate request waits for a free connection (every slot busy with
    other requests), its row "submitting"; a command (``kontext-studio cancel`` or
    ``delete``), whose engine cannot stop that run, stops the job. Before: once the slot
    came, the request went out, and KIE made and charged a task for a job the artist had
    stopped. The request is looked at again as it gets its slot, and is not sent: the
    cancelled job says nothing was sent or charged, as after the window's own Cancel, and
    Retry sends it once."""
    server, client = held_kie
    server.release()
    await client._clients("record-info")  # set up already: the wait is for the slot alone
    holder, freed = await only_slot_held(client)
    window = make_engine(ledger, client, tmp_path)
    elsewhere = Ledger.open(tmp_path / "library.sqlite3")
    command = make_engine(elsewhere, FakeKie(elsewhere), tmp_path / "command")
    try:
        job = await window.submit(GenerateRequest("a fox a command stopped as it waited"))
        while ledger.get(job.id).state is not JobState.SUBMITTING:
            await asyncio.sleep(0.01)
        if deleted:
            await command.delete(job.id)
        else:
            await command.cancel(job.id)
        freed.set()
        await holder
        await window.wait_idle()
        assert server.generates == 0  # it never went out
        if not deleted:
            settled = ledger.get(job.id)
            assert settled.state is JobState.CANCELLED
            assert settled.error_message == NOT_SENT_NOTE
            assert not needs_resubmit(settled)
            await window.retry(job.id)
            final = await window.wait_for(job.id)
            assert final.state is JobState.COMPLETED
            assert server.generates == 1
        else:
            assert ledger.get(job.id) is None
    finally:
        freed.set()
        await command.aclose()
        await window.aclose()
        elsewhere.close()


async def test_a_job_a_command_sends_again_while_its_request_waits_is_sent_once(
    ledger, held_kie, tmp_path
):
    """The window's generate request waits for a free connection; a command cancels the job
    and the artist sends it again there (``resubmit``), its request out. The row says
    submitting again, with no task: the command's send, not the window's, which is not sent
    when its slot comes, or KIE charges for the job twice."""
    server, client = held_kie
    server.release()
    await client._clients("record-info")  # set up already: the wait is for the slot alone
    holder, freed = await only_slot_held(client)
    window = make_engine(ledger, client, tmp_path)
    elsewhere = Ledger.open(tmp_path / "library.sqlite3")
    command_kie = FakeKie(elsewhere)
    command_kie.answer = asyncio.Event()
    command = make_engine(elsewhere, command_kie, tmp_path / "command")
    try:
        job = await window.submit(GenerateRequest("a fox a command sent again as it waited"))
        while ledger.get(job.id).state is not JobState.SUBMITTING:
            await asyncio.sleep(0.01)
        await command.cancel(job.id)
        await command.resubmit(job.id)
        while not command_kie.generate_calls:
            await asyncio.sleep(0.01)
        freed.set()
        await holder
        await window.wait_idle()
        assert server.generates == 0  # the command's send is the job's only one
        command_kie.answer.set()
        final = await command.wait_for(job.id)
    finally:
        freed.set()
        await command.aclose()
        await window.aclose()
        elsewhere.close()
    assert (final.state, final.submit_count) == (JobState.COMPLETED, 2)
    assert len(command_kie.generate_calls) == 1


async def test_a_job_a_command_sent_again_as_the_windows_turn_waited_is_not_sent_by_it(
    ledger, kie, tmp_path
):
    """The window's job waits its turn; meanwhile a command cancels it, the artist retries
    it there, and KIE turns the command's send away (a 429): the row is queued again, sent
    once, and the command's run waits to send it again. When the window's turn comes, its
    row looks as the window left it, queued, but its count of sends has moved on: the job is
    the command's, and the window does not send it. Checked on the state alone, the window
    sent it from under the command's run (which then left it), its send written under the
    count the command's turned-away one had used: the row said "sent once" after two
    requests, and a send's count no longer told which send the row was."""
    job = ledger.create_job(GenerateRequest("a fox a command took over as it waited"))
    window = make_engine(ledger, kie, tmp_path)
    window.hold_turns([job.id])  # its turn comes when the test says
    elsewhere = Ledger.open(tmp_path / "library.sqlite3")
    command_kie = FakeKie(elsewhere)
    command_kie.answer = asyncio.Event()
    command_kie.generate_script = [RateLimitedError("Too many requests", code=429), "task-2"]
    command = make_engine(elsewhere, command_kie, tmp_path / "command")
    try:
        assert await window.resume() == [job.id]
        while not window.waits_turn(job.id):
            await asyncio.sleep(0.01)
        await command.cancel(job.id)
        await command.retry(job.id)
        while not command_kie.generate_calls:
            await asyncio.sleep(0.01)
        command.hold_turns([job.id])  # its send again waits its turn too
        command_kie.answer.set()  # the 429
        while not command.waits_turn(job.id):
            await asyncio.sleep(0.01)
        turned_away = ledger.get(job.id)
        window.release_turns([job.id])
        await window.wait_idle()
        assert kie.generate_calls == []  # the window's stale run did not send it
        assert ledger.get(job.id) == turned_away
        command.release_turns([job.id])
        final = await command.wait_for(job.id)
    finally:
        command_kie.answer.set()
        await command.aclose()
        await window.aclose()
        elsewhere.close()
    assert (turned_away.state, turned_away.submit_count) == (JobState.QUEUED, 1)
    assert (final.state, final.submit_count, final.task_id) == (JobState.COMPLETED, 2, "task-2")
    assert len(command_kie.generate_calls) == 2  # the one turned away, and the one sent


async def test_a_retried_job_never_sent_before_cancelled_as_it_waits_is_said_to_cost_nothing(
    ledger, kie, tmp_path
):
    """A job cancelled before its one send left (read so after a restart), retried, turned
    away by KIE (a 429) and cancelled as it waits to be sent again: no send of it reached
    KIE, and its note says nothing was charged, not that an earlier send may have been."""
    job = ledger.create_job(GenerateRequest("a fox stopped before it was sent"))
    ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
    ledger.transition(job.id, JobState.CANCELLED, error_message=NOT_SENT_NOTE)
    kie.generate_script = [RateLimitedError("Too many requests", code=429)]
    engine = make_engine(ledger, kie, tmp_path, retry_base_s=60.0)
    try:
        await engine.retry(job.id)
        while not engine.sending_again_count:
            await asyncio.sleep(0.01)
        cancelled = await engine.cancel(job.id)
    finally:
        await engine.aclose()
    assert (cancelled.state, cancelled.error_message) == (JobState.CANCELLED, NOT_TAKEN_NOTE)
    assert not needs_resubmit(cancelled)


@pytest.mark.parametrize("freed", ["in-the-grace", "after-the-close"])
async def test_a_send_waiting_for_a_connection_as_the_close_begins_is_not_sent(
    ledger, held_kie, tmp_path, freed: str
):
    """The app closes while a job's generate request waits for a free connection (every
    slot busy with other requests), its row "submitting". Before: the request went out once
    a slot came free during the close's grace, and had its answer not come in time the next
    start called the job unknown; a slot busy past the grace left the row "submitting" all
    the same, for a request that never went out. It is not sent, and the job is queued
    again, never sent: the next start sends it, once."""
    server, client = held_kie
    server.release()
    holder, free = await only_slot_held(client)
    grace = 10.0 if freed == "in-the-grace" else 0.0
    engine = make_engine(ledger, client, tmp_path, shutdown_grace_s=grace)
    submitting = asyncio.Event()
    engine.subscribe(lambda s: submitting.set() if s.state is JobState.SUBMITTING else None)
    try:
        job = await engine.submit(GenerateRequest("a fox kept waiting as the app closed"))
        await submitting.wait()
        closing = asyncio.ensure_future(engine.aclose())
        await asyncio.sleep(0)  # the close begins: its first step runs before this one goes on
        if freed == "in-the-grace":
            free.set()
            await holder
        await closing
    finally:
        free.set()
        await holder
        await engine.aclose()
    left = ledger.get(job.id)
    assert server.generates == 0  # it never went out
    assert (left.state, resume_state(left.state)) == (JobState.QUEUED, JobState.QUEUED)
    assert left.error_kind == NetworkError.kind  # never reached KIE: nothing was charged
    assert not needs_resubmit(left)
    assert engine.left_unfinished == [job.id]
    restarted = make_engine(ledger, client, tmp_path)
    try:
        assert await restarted.resume() == [job.id]
        final = await restarted.wait_for(job.id)
    finally:
        await restarted.aclose()
    assert final.state is JobState.COMPLETED
    assert server.generates == 1


async def test_the_close_leaves_a_send_another_process_made_while_this_run_moved_to_submitting(
    ledger, held_kie, tmp_path
):
    """Another process sends the job (a command's Retry, say) while this run's own move to
    submitting waits to be written, and the app closes meanwhile. That move fails, the row
    being the other's send now, under the very count this run meant to write. Before, the
    close took that row for its own unsent request and queued the job again as never sent,
    though the other's request was out: the next start sent it once more, charging twice.
    The row is left as the other process left it."""
    server, client = held_kie
    engine = make_engine(ledger, client, tmp_path)
    gate = threading.Event()

    def sent_elsewhere() -> None:
        gate.wait()
        ledger.transition(job.id, JobState.SUBMITTING, expect={JobState.QUEUED}, submit_count=1)

    try:
        job = await engine.submit(GenerateRequest("a fox sent by another process"))
        blocker = engine._writer.submit(sent_elsewhere)  # ahead of the run's move
        while job.id not in engine._sending:
            await asyncio.sleep(0)
        closing = asyncio.ensure_future(engine.aclose())
        await asyncio.sleep(0)  # the close begins while the move to submitting is queued
        gate.set()
        await blocker
        await closing
    finally:
        gate.set()
        await engine.aclose()
    left = ledger.get(job.id)
    assert (left.state, left.submit_count, left.error_kind) == (JobState.SUBMITTING, 1, "")
    assert server.generates == 0


async def test_a_job_cancelled_elsewhere_as_its_request_waits_for_a_connection_is_retried_at_once(
    ledger, held_kie, tmp_path
):
    """The window's generate request waits for a free connection, its row "submitting"; a
    command cancels the job, and the artist retries it in the window. The request has not
    gone out: its run is stopped, as the window's own Cancel stops it, and the job queued
    again at once. Before, the Retry waited silently until a connection freed."""
    server, client = held_kie
    server.release()
    await client._clients("record-info")  # set up already: the wait is for the slot alone
    holder, freed = await only_slot_held(client)
    window = make_engine(ledger, client, tmp_path)
    elsewhere = Ledger.open(tmp_path / "library.sqlite3")
    command = make_engine(elsewhere, FakeKie(elsewhere), tmp_path / "command")
    try:
        job = await window.submit(GenerateRequest("a fox retried as it waited"))
        while ledger.get(job.id).state is not JobState.SUBMITTING:
            await asyncio.sleep(0.01)
        await command.cancel(job.id)
        retried = asyncio.ensure_future(window.retry(job.id))
        await asyncio.wait({retried}, timeout=10)
        assert retried.done(), "the Retry waited for a free connection"
        assert retried.result().state is JobState.QUEUED
        freed.set()
        await holder
        final = await asyncio.wait_for(window.wait_for(job.id), 10)
    finally:
        freed.set()
        await command.aclose()
        await window.aclose()
        elsewhere.close()
    assert final.state is JobState.COMPLETED
    assert server.generates == 1


async def test_a_job_cancelled_as_it_became_submitting_says_nothing_was_sent(
    ledger, held_kie, tmp_path, monkeypatch
):
    """The artist cancels in the moment the job's row says "submitting" but its run has not
    yet handed the request to the client. Before: Cancel took the request for out ("credits
    may still be spent"; only Resubmit, paying again, could send it); nothing had been
    sent, and Retry sends it once."""
    server, client = held_kie
    engine = make_engine(ledger, client, tmp_path)
    written = asyncio.Event()
    go_on = asyncio.Event()
    move = engine._move

    async def slow_to_go_on(job_id: int, state: JobState, **kwargs: Any) -> Snapshot:
        moved = await move(job_id, state, **kwargs)
        if state is JobState.SUBMITTING and not go_on.is_set():
            written.set()
            await go_on.wait()
        return moved

    monkeypatch.setattr(engine, "_move", slow_to_go_on)
    try:
        job = await engine.submit(GenerateRequest("a fox caught at the door"))
        await written.wait()
        assert ledger.get(job.id).state is JobState.SUBMITTING
        cancelled = await engine.cancel(job.id)
        go_on.set()
        await engine.wait_idle()
        assert server.generates == 0
        assert cancelled.state is JobState.CANCELLED
        assert "nothing was sent or charged" in cancelled.error_detail
        assert not needs_resubmit(cancelled)
        server.release()
        await engine.retry(job.id)
        final = await engine.wait_for(job.id)
    finally:
        go_on.set()
        await engine.aclose()
    assert final.state is JobState.COMPLETED
    assert server.generates == 1


async def test_a_job_another_process_sent_as_this_one_tried_to_is_not_cancelled_as_unsent(
    ledger, held_kie, tmp_path, monkeypatch
):
    """This window's run writes its job's move to "submitting" while another process that
    has the library open (it cancelled and retried the job meanwhile) has just sent it; the
    artist cancels here in that moment. This run's write fails (the row is that send's), but
    the row says "submitting" with the very count this run meant to write. Before: Cancel
    took the other process's request for this run's, never sent: "nothing was sent or
    charged", and Retry would send the job a second time while the first may be charged."""
    server, client = held_kie
    engine = make_engine(ledger, client, tmp_path)
    other = Ledger.open(tmp_path / "library.sqlite3")
    move = engine._move
    cancelling: list[asyncio.Task[Snapshot]] = []

    async def sent_elsewhere_meanwhile(job_id: int, state: JobState, **kwargs: Any) -> Snapshot:
        if state is JobState.SUBMITTING and not cancelling:
            read = other.get(job_id)
            other.transition(
                job_id,
                JobState.SUBMITTING,
                expect={read.state},
                submit_count=read.submit_count + 1,
            )
            cancelling.append(asyncio.get_running_loop().create_task(engine.cancel(job_id)))
        return await move(job_id, state, **kwargs)

    monkeypatch.setattr(engine, "_move", sent_elsewhere_meanwhile)
    try:
        job = await engine.submit(GenerateRequest("a fox caught at the door"))
        await engine.wait_idle()
        cancelled = await cancelling[0]
    finally:
        await engine.aclose()
        other.close()
    assert server.generates == 0  # this process sent nothing: the other one did
    assert cancelled.state is JobState.CANCELLED
    assert "nothing was sent" not in cancelled.error_detail
    assert needs_resubmit(ledger.get(job.id))


@pytest.mark.parametrize("cancelled_again", [False, True], ids=["failed", "cancelled-again"])
async def test_a_task_kie_makes_after_another_process_resent_and_stopped_the_job_is_kept(
    ledger, held_kie, tmp_path, cancelled_again: bool
):
    """The window cancels a job while its send is out; a command Resubmits it meanwhile,
    and that send fails (no connection) or is cancelled before it leaves; then KIE answers
    the window's send with the task it made, and charged. Before, the task id was only
    logged: the job stayed failed (or cancelled), and "Send again" (Retry) sent it again,
    paying twice for an image KIE had made. The task is kept on the job: a failed one
    follows it, a cancelled one notes it for a free Retry."""
    server, client = held_kie
    engine = make_engine(ledger, client, tmp_path)
    elsewhere = Ledger.open(tmp_path / "library.sqlite3")
    command_kie = FakeKie(elsewhere)
    command_kie.generate_script = [UnreachableError("no network")]
    if cancelled_again:
        command_kie.answer = asyncio.Event()  # its send waits for a connection, never out
    command = make_engine(elsewhere, command_kie, tmp_path / "command", unreachable_attempts=1)
    try:
        cancelled, _ = await cancelled_while_sent(engine, server, "a fox sent from two places")
        await command.resubmit(cancelled.id)
        if cancelled_again:
            while not command_kie.generate_calls:
                await asyncio.sleep(0.01)
            await command.cancel(cancelled.id)
            command_kie.answer.set()
        stopped = await command.wait_for(cancelled.id)
        assert stopped.state is (JobState.CANCELLED if cancelled_again else JobState.FAILED)
        server.release()
        settled = await engine.wait_for(cancelled.id)
        assert await command.unsent_jobs() == []
        if cancelled_again:
            assert (settled.state, settled.task_id) == (JobState.CANCELLED, "task-1")
            assert settled.error_message == LATE_TASK_NOTE
            await engine.retry(cancelled.id)  # follows the task: free
            settled = await engine.wait_for(cancelled.id)
    finally:
        await command.aclose()
        await engine.aclose()
        elsewhere.close()
    assert (settled.state, settled.task_id) == (JobState.COMPLETED, "task-1")
    assert server.generates == 1


class SlowTaskKie(HeldKie):
    """:class:`HeldKie` whose tasks KIE reports still generating for their first ``polls``
    questions; ``at_send`` is called at each generate request as it comes."""

    def __init__(self, polls: int, at_send: Callable[[], None]) -> None:
        super().__init__()
        self.polls = polls
        self.at_send = at_send

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/generate"):
            self.at_send()
        elif request.url.path.endswith("/record-info") and self.polls > 0:
            self.polls -= 1
            data = {"taskId": request.url.params["taskId"], "successFlag": 0}
            return httpx.Response(200, json={"code": 200, "msg": "success", "data": data})
        return await super().__call__(request)


async def test_send_again_of_several_does_not_wait_for_a_kept_task_to_finish(ledger, tmp_path):
    """The window cancels a job while its send is out; a command Resubmits it, and that
    send finds no connection. "Send again" of it and another job that never reached KIE
    waits for the window's send: KIE answers with the task it made, which the job keeps
    and follows. Before, "Send again" (and Retry of several) waited for the whole of that
    task, minutes of KIE's generating, before the other job was sent."""
    seen_at_sends: list[JobState | None] = []
    server = SlowTaskKie(polls=3, at_send=lambda: seen_at_sends.append(followed_state()))
    client = KieClient("sk-test-0123456789", transport=httpx.MockTransport(server))
    engine = make_engine(ledger, client, tmp_path)
    elsewhere = Ledger.open(tmp_path / "library.sqlite3")
    command_kie = FakeKie(elsewhere)
    command_kie.generate_script = [UnreachableError("no network")]
    command = make_engine(elsewhere, command_kie, tmp_path / "command", unreachable_attempts=1)
    followed_id: list[int] = []

    def followed_state() -> JobState | None:
        return ledger.get(followed_id[0]).state if followed_id else None

    other = ledger.create_job(GenerateRequest("an owl that never reached KIE"))
    ledger.transition(other.id, JobState.FAILED, error_kind=NetworkError.kind)
    try:
        cancelled, _ = await cancelled_while_sent(engine, server, "a fox sent from two places")
        followed_id.append(cancelled.id)
        await command.resubmit(cancelled.id)
        assert (await command.wait_for(cancelled.id)).state is JobState.FAILED
        sent_again = asyncio.create_task(engine.retry_unsent([cancelled.id, other.id]))
        server.release()
        await sent_again
        final = [await engine.wait_for(job_id) for job_id in (cancelled.id, other.id)]
    finally:
        await command.aclose()
        await engine.aclose()
        elsewhere.close()
        await client.aclose()
    assert [(s.state, s.task_id) for s in final] == [
        (JobState.COMPLETED, "task-1"),
        (JobState.COMPLETED, "task-2"),
    ]
    assert seen_at_sends[1] is JobState.GENERATING  # the other job sent as the task ran on


@pytest.mark.parametrize(
    ("answer", "note"),
    [
        ("task-2", LATE_TASK_RESENT_NOTE),
        (RateLimitedError("Too many requests", code=429), LATE_TASK_NOTE),
    ],
    ids=["answered-later", "turned-away-later"],
)
async def test_a_task_kept_over_a_resend_cancelled_while_out_says_that_send_may_have_cost_too(
    ledger, held_kie, tmp_path, answer: str | Exception, note: str
):
    """The window cancels a job while its send is out; a command Resubmits it and cancels
    it while its own send is out too; then KIE answers the window's send with the task it
    made. The task is kept on the row, as "KIE had already taken the job"; before, the note
    said only that, and nothing of the command's send, whose outcome is unknown and which
    may have been charged as well. Once its answer shows it made nothing (a 429), the note
    says only that KIE had taken the job."""
    server, client = held_kie
    engine = make_engine(ledger, client, tmp_path)
    elsewhere = Ledger.open(tmp_path / "library.sqlite3")
    command_kie = FakeKie(elsewhere)
    command_kie.generate_script = [answer]
    command_kie.answer = asyncio.Event()  # its send is out, its answer held
    command = make_engine(elsewhere, command_kie, tmp_path / "command")
    try:
        cancelled, _ = await cancelled_while_sent(engine, server, "a fox sent from two places")
        await command.resubmit(cancelled.id)
        while not command_kie.generate_calls:
            await asyncio.sleep(0.01)
        resent = await command.cancel(cancelled.id)
        assert needs_resubmit(resent) and resent.submit_count == 2
        server.release()
        settled = await engine.wait_for(cancelled.id)
        command_kie.answer.set()
        await command.wait_idle()
        stored = ledger.get(cancelled.id)
    finally:
        await command.aclose()
        await engine.aclose()
        elsewhere.close()
    assert (settled.state, settled.task_id) == (JobState.CANCELLED, "task-1")
    assert settled.error_message == LATE_TASK_RESENT_NOTE
    assert "may or may not have been charged" in settled.error_message
    assert stored is not None and (stored.task_id, stored.error_message) == ("task-1", note)
    assert not needs_resubmit(stored)


async def test_a_resend_turned_away_as_the_task_of_the_earlier_send_is_kept_is_not_said_to_cost(
    ledger, held_kie, tmp_path, monkeypatch
):
    """The window cancels a job while its send is out; a command Resubmits it and cancels it
    while its own send is out too. KIE answers the window's send with its task, and the
    command's with a 429 that lands just after the window read the row, before it keeps the
    task. Before, the window wrote its note from that read, "the last send may or may not
    have been charged as well", over the 429's, of a send KIE documents as free, and no
    answer was left to take it back."""
    server, client = held_kie
    engine = make_engine(ledger, client, tmp_path)
    elsewhere = Ledger.open(tmp_path / "library.sqlite3")
    try:
        cancelled, _ = await cancelled_while_sent(engine, server, "a fox turned away twice")
        resent_and_stopped_elsewhere(elsewhere, cancelled.id, JobState.CANCELLED, CANCEL_NOTE)
        move = engine._move

        async def command_answer_lands_first(
            job_id: int, state: JobState, **kwargs: Any
        ) -> Snapshot:
            keeps = kwargs.get("task_id") == "task-1"
            if keeps and kwargs["expect_values"]["submit_count"] == 2:  # over the resend
                elsewhere.transition(
                    job_id,
                    JobState.CANCELLED,
                    expect={JobState.CANCELLED},
                    expect_values={"submit_count": 2, "task_id": None},
                    error_kind=RateLimitedError.kind,
                    error_message=NOT_TAKEN_AGAIN_NOTE,
                )
            return await move(job_id, state, **kwargs)

        monkeypatch.setattr(engine, "_move", command_answer_lands_first)
        server.release()
        settled = await engine.wait_for(cancelled.id)
    finally:
        await engine.aclose()
        elsewhere.close()
    stored = ledger.get(cancelled.id)
    assert stored is not None and stored.task_id == "task-1" and settled.task_id == "task-1"
    assert stored.error_message == LATE_TASK_NOTE
    assert not needs_resubmit(stored)


async def test_the_task_of_a_job_deleted_while_it_was_sent_is_logged_for_support(
    ledger, held_kie, tmp_path, caplog
):
    """The artist deletes a job while its generate request is out: the row goes at once,
    and the task KIE then makes (and charges) has no job to go to. Before: the request was
    abandoned and the task was nowhere to be found; now its id is in the log."""
    server, client = held_kie
    engine = make_engine(ledger, client, tmp_path)
    caplog.set_level(logging.INFO, logger=engine_module.__name__)
    try:
        job = await engine.submit(GenerateRequest("a fox deleted in flight"))
        while not server.generates:
            await asyncio.sleep(0.01)
        await engine.delete(job.id)
        assert ledger.get(job.id) is None and server.answered == 0
        server.release()
        await engine.wait_idle()
    finally:
        await engine.aclose()
    (dropped,) = [r for r in caplog.records if getattr(r, "event", "") == "late_task_dropped"]
    assert (dropped.levelno, dropped.task_id, dropped.job_id) == (logging.INFO, "task-1", job.id)
    assert ledger.count() == 0 and not list((tmp_path / "library").rglob("*.png"))
    assert server.generates == 1


class OneHeldSendKie(HeldKie):
    """:class:`HeldKie` holding only the generate requests whose number (1 for the first)
    is in ``held`` until :meth:`release`, answering the others at once; each task's image is
    its own (its colour from the task's number)."""

    def __init__(self, held: Collection[int]) -> None:
        super().__init__()
        self.held = set(held)

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.endswith("/generate"):
            self.generates += 1
            number = self.generates
            if number in self.held and self.hold is not None:
                await self.hold.wait()
            self.answered += 1
            task = {"taskId": f"task-{number}"}
            return httpx.Response(200, json={"code": 200, "msg": "success", "data": task})
        if path.startswith("/task-"):
            number = int(path.removeprefix("/task-").removesuffix(".png"))
            out = io.BytesIO()
            Image.new("RGB", (64, 48), (20 * number, 80, 20)).save(out, "PNG")
            png = {"content-type": "image/png"}
            return httpx.Response(200, content=out.getvalue(), headers=png)
        return await super().__call__(request)


@pytest.mark.parametrize("resent", ["completed", "still-sending"])
async def test_a_task_kie_makes_after_the_job_was_sent_again_elsewhere_is_an_artwork_of_its_own(
    ledger, tmp_path, resent: str
):
    """The window cancels a job while its send is out; a command Resubmits it, and KIE gives
    that send a task of its own (the job completes with it, or is still being sent when
    the window's answer comes); then KIE answers the window's send with the task it made,
    and charged. Before, that task was only logged: the artist paid for an image they never
    got. It is an artwork of its own now, of the same request, followed to its image: two
    artworks, each its own image, for the two generate calls KIE charged."""
    server = OneHeldSendKie(held={1} if resent == "completed" else {1, 2})
    client = KieClient("sk-test-0123456789", transport=httpx.MockTransport(server))
    engine = make_engine(ledger, client, tmp_path)
    elsewhere = Ledger.open(tmp_path / "library.sqlite3")
    command_client = KieClient("sk-test-0123456789", transport=httpx.MockTransport(server))
    command = make_engine(elsewhere, command_client, tmp_path / "command")
    prompt = "a fox sent from two places"
    try:
        cancelled, _ = await cancelled_while_sent(engine, server, prompt)
        await command.resubmit(cancelled.id)
        if resent == "completed":
            assert (await command.wait_for(cancelled.id)).task_id == "task-2"
        else:
            while server.generates < 2:
                await asyncio.sleep(0.01)
        assert ledger.get(cancelled.id).state is not JobState.CANCELLED  # running again
        server.release()
        await engine.wait_idle()
        await command.wait_idle()
        artworks = sorted(ledger.search(), key=lambda s: s.id)
    finally:
        await command.aclose()
        await engine.aclose()
        elsewhere.close()
        await command_client.aclose()
        await client.aclose()
    assert server.generates == 2
    assert [(s.state, s.prompt) for s in artworks] == [(JobState.COMPLETED, prompt)] * 2
    job, own = artworks
    assert (job.id, job.task_id, own.task_id) == (cancelled.id, "task-2", "task-1")
    assert own.request == job.request and (own.model, own.ratio) == (job.model, job.ratio)
    assert Path(job.file_path).is_file() and Path(own.file_path).is_file()
    assert job.file_path != own.file_path and job.sha256 != own.sha256
    assert own.made_for_job == job.id and job.made_for_job is None
    assert own.description == ""  # the artist's, published with it: no note of job numbers


async def test_a_task_kie_makes_after_the_job_was_resent_and_left_unknown_elsewhere_is_kept(
    ledger, held_kie, tmp_path
):
    """The window cancels a job while its send is out; a command sends it again and is
    killed while that send is out: its next start leaves the job unknown (Resubmit's, the
    outcome of that send not known). Then KIE answers the window's send with the task it
    made. Before, that task was only logged; it is an artwork of its own now, followed to
    its image, and the unknown job stays as it is for the artist to decide."""
    server, client = held_kie
    engine = make_engine(ledger, client, tmp_path)
    elsewhere = Ledger.open(tmp_path / "library.sqlite3")
    try:
        cancelled, _ = await cancelled_while_sent(engine, server, "a fox left unknown")
        resent_and_stopped_elsewhere(
            elsewhere, cancelled.id, JobState.UNKNOWN, SENDING_STOPPED_NOTE
        )
        server.release()
        await engine.wait_idle()
    finally:
        await engine.aclose()
        elsewhere.close()
    job, own = sorted(ledger.search(), key=lambda s: s.id)
    assert (job.id, job.state, job.task_id) == (cancelled.id, JobState.UNKNOWN, None)
    assert (own.state, own.task_id, own.prompt) == (JobState.COMPLETED, "task-1", job.prompt)
    assert Path(own.file_path).is_file() and server.generates == 1


@pytest.mark.parametrize("waiting", [JobState.QUEUED, JobState.UPLOADING])
async def test_a_task_kie_makes_while_the_job_waits_to_be_sent_again_elsewhere_is_the_job_s(
    ledger, held_kie, tmp_path, waiting: JobState
):
    """The window cancels a job while its send is out; a command Retries it, and is still
    uploading its reference (or waiting for a slot) when KIE answers the window's send with
    the task it made, and charged. Before, the task became an artwork of its own, and the
    command then sent the job again: two charges for one image asked for, where the
    window's own Retry waits for that answer and follows the task. The job takes the task
    now, followed to its image; the command's send, not gone out, is never made (its move
    to submitting finds the row moved on)."""
    server, client = held_kie
    engine = make_engine(ledger, client, tmp_path)
    elsewhere = Ledger.open(tmp_path / "library.sqlite3")
    try:
        cancelled, _ = await cancelled_while_sent(engine, server, "a fox retried elsewhere")
        queued = elsewhere.transition(
            cancelled.id, JobState.QUEUED, error_kind="", error_message=""
        )
        if waiting is JobState.UPLOADING:
            queued = elsewhere.transition(cancelled.id, JobState.UPLOADING)
        server.release()
        await engine.wait_idle()
        with pytest.raises(JobChanged):  # the command's send, when its turn comes
            elsewhere.transition(
                cancelled.id,
                JobState.SUBMITTING,
                expect={waiting},
                expect_values={"submit_count": queued.submit_count},
                submit_count=queued.submit_count + 1,
            )
    finally:
        await engine.aclose()
        elsewhere.close()
    (job,) = ledger.search()
    assert (job.id, job.state, job.task_id) == (cancelled.id, JobState.COMPLETED, "task-1")
    assert Path(job.file_path).is_file() and server.generates == 1


@pytest.mark.parametrize("answers", [True, False])
async def test_closing_the_app_while_a_cancelled_job_is_sent_leaves_it_recoverable(
    ledger, held_kie, tmp_path, answers
):
    """The window is closed just after a Cancel, while the request is still out. An answer
    within the close's grace keeps the task for a free Retry at the next start (before: the
    request had been abandoned at Cancel); without one, the request is abandoned and the
    job waits as an unknown outcome: Resubmit sends it again."""
    server, client = held_kie
    engine = make_engine(ledger, client, tmp_path, shutdown_grace_s=5.0 if answers else 0.1)
    cancelled, _ = await cancelled_while_sent(engine, server, "a fox at closing time")
    closing = asyncio.ensure_future(engine.aclose())
    if answers:
        server.release()
    await closing
    left = ledger.get(cancelled.id)
    assert left.state is JobState.CANCELLED

    server.release()  # the next start, with KIE answering
    again = make_engine(ledger, client, tmp_path)
    try:
        assert await again.resume() == []  # nothing is sent by itself
        if answers:
            assert left.task_id == "task-1" and not needs_resubmit(left)
            await again.retry(cancelled.id)
        else:
            assert needs_resubmit(left)
            await again.resubmit(cancelled.id)
        final = await again.wait_for(cancelled.id)
    finally:
        await again.aclose()
    assert final.state is JobState.COMPLETED
    assert server.generates == (1 if answers else 2)


class LostStepKie(FakeKie):
    """A KIE whose download never ends, cancelled or not: it stands for a job task that lost
    a step (qasync drops one when a nested event loop runs inside a task), which no cancel
    reaches. As it is cancelled it queues a ledger write (``written_as_stopped``): one of
    the writes a close finds in flight."""

    def __init__(self, ledger: Ledger) -> None:
        super().__init__(ledger)
        self.release = asyncio.Event()
        self.fetching = asyncio.Event()
        self.written_as_stopped: Callable[[], object] | None = None
        self.writer: Callable[[Callable[[], object]], object] | None = None

    async def fetch(self, url: str, *, max_bytes: int) -> tuple[bytes, str]:
        self.fetching.set()
        while not self.release.is_set():
            try:
                await self.release.wait()
            except asyncio.CancelledError:
                if self.writer is not None and self.written_as_stopped is not None:
                    self.writer(self.written_as_stopped)
                    self.written_as_stopped = None
        raise asyncio.CancelledError  # the test's end: the step is found again


async def test_the_close_ends_though_a_job_task_never_does_and_nothing_is_lost(
    ledger, tmp_path, caplog
):
    """Before: the engine's close waited without a limit for its job tasks, and one that
    never ended (a lost step) kept the app from exiting. Now it is left after a while and
    named in the log; what was queued for the ledger is still written, the claim is given
    back, and the next start downloads the job without paying for it again."""
    lost = LostStepKie(ledger)
    lock = tmp_path / "library.jobs.lock"
    engine = make_engine(ledger, lost, tmp_path, claim=JobsClaim(lock), close_grace_s=0.2)
    assert await engine.resume() == []
    job = await engine.submit(GenerateRequest("a fox whose download lost a step"))
    await lost.fetching.wait()
    lost.writer = engine._writer.submit
    lost.written_as_stopped = lambda: ledger.update(job.id, title="written as it stopped")
    try:
        closing = asyncio.ensure_future(engine.aclose())
        done, _ = await asyncio.wait({closing}, timeout=30)  # a hang fails, not a slow close
        assert done, "the close never ended"
        await closing
        (left,) = [r for r in caplog.records if getattr(r, "event", "") == "close_abandoned"]
        assert (left.levelno, left.job_ids) == (logging.ERROR, [job.id])
        kept = ledger.get(job.id)
        assert (kept.state, kept.title) == (JobState.DOWNLOADING, "written as it stopped")
        with pytest.raises(RuntimeError, match="closed"):  # nothing lands after the close
            engine._writer.submit(lambda: None)
    finally:
        lost.release.set()
        await asyncio.gather(*engine._tasks.values(), return_exceptions=True)

    kie = FakeKie(ledger)  # the next start
    again = make_engine(ledger, kie, tmp_path, claim=JobsClaim(lock))
    try:
        assert await again.resume() == [job.id] and not again.left_to_another
        final = await again.wait_for(job.id)
    finally:
        await again.aclose()
    assert final.state is JobState.COMPLETED
    assert (len(lost.generate_calls), kie.generate_calls) == (1, [])


async def test_a_second_stop_signal_ends_the_closes_wait_for_a_job_task_at_once(
    ledger, tmp_path, caplog
):
    """A logout's SIGTERM came twice while the close waited for a job task that never
    ends: the wait went on for its whole grace all the same, and the logout killed the app
    first. Cut, it ends at once; the task is named in the log as cut."""
    lost = LostStepKie(ledger)
    engine = make_engine(ledger, lost, tmp_path, close_grace_s=600.0)  # ended by the cut alone
    job = await engine.submit(GenerateRequest("a fox whose download lost a step"))
    await lost.fetching.wait()
    cut = asyncio.Event()
    cut.set()
    try:
        closing = asyncio.ensure_future(engine.aclose(cut))
        done, _ = await asyncio.wait({closing}, timeout=30)  # a hang fails, not a slow close
        assert done, "the close never ended"
        await closing
        (left,) = [r for r in caplog.records if getattr(r, "event", "") == "close_abandoned"]
        assert (left.job_ids, left.cut) == ([job.id], True)
    finally:
        lost.release.set()
        await asyncio.gather(*engine._tasks.values(), return_exceptions=True)


async def test_a_command_s_retry_of_a_job_the_window_is_sending_is_refused(ledger, kie, tmp_path):
    """`kontext-studio retry 5` while the window waits to send job 5 again (KIE could not
    be reached). Before: the command took the running job for one whose stop was not
    recorded, ran it too, and both sent it: charged twice."""
    kie.generate_script = [NetworkError("no route")]
    lock = tmp_path / "library.jobs.lock"
    # Both bounds of the back-off: under FAST's retry_max_s (20 ms) the window sent the job
    # again, rightly, whenever the command took longer than that to start (a loaded machine).
    window = make_engine(
        ledger, kie, tmp_path, claim=JobsClaim(lock), retry_base_s=600.0, retry_max_s=600.0
    )
    assert await window.resume() == []
    job = await window.submit(GenerateRequest("a fox the window sends"))
    while ledger.get(job.id).error_kind != "network":
        await asyncio.sleep(0.01)
    command, command_kie, command_ledger = await guest_of(tmp_path, lock)
    try:
        with pytest.raises(JobRunningError, match="retried, resubmitted or resumed meanwhile"):
            await command.retry(job.id)
        await command.wait_idle()
    finally:
        await command.aclose()
        await window.aclose()
        command_ledger.close()
    assert command_kie.generate_calls == [] and len(kie.generate_calls) == 1
    assert ledger.get(job.id).state is JobState.QUEUED  # the window sends it when it can


async def test_a_retry_that_loses_to_another_says_the_job_runs_already(
    ledger, kie, tmp_path, monkeypatch
):
    """Two retries of one failed job at once: both read it failed, the other moves it first.
    Before, the one that lost said "job 1 was cancelled, deleted or carried on elsewhere";
    one that read it after said "Only failed, cancelled or timed-out jobs can be retried"."""
    kie.generate_script = [CreditsError("Credits insufficient", code=402)]
    engine = make_engine(ledger, kie, tmp_path)
    job = await engine.wait_for((await engine.submit(GenerateRequest("a fox"))).id)
    assert job.state is JobState.FAILED
    read = ledger.get

    def read_then_retried_elsewhere(job_id: int) -> Snapshot | None:
        snap = read(job_id)
        monkeypatch.setattr(ledger, "get", read)
        ledger.transition(job_id, JobState.QUEUED, expect={JobState.FAILED})
        return snap

    monkeypatch.setattr(ledger, "get", read_then_retried_elsewhere)
    try:
        with pytest.raises(JobRunningError) as lost:
            await engine.retry(job.id)
        with pytest.raises(JobRunningError):  # read after the other's move
            await engine.retry(job.id)
        with pytest.raises(JobRunningError):
            await engine.resubmit(job.id)
    finally:
        await engine.aclose()
    assert explain(lost.value) == Explanation(
        "Job 1 is running already: it was retried, resubmitted or resumed meanwhile, perhaps by "
        "the window or another command. Wait for it to end; the library shows how it goes.",
        "",
    )
    assert len(kie.generate_calls) == 1


async def test_a_retry_of_a_completed_job_says_it_has_completed(ledger, kie, tmp_path):
    engine = make_engine(ledger, kie, tmp_path)
    try:
        job = await engine.wait_for((await engine.submit(GenerateRequest("a fox"))).id)
        with pytest.raises(InputError, match="Job 1 has completed: there is nothing to retry"):
            await engine.retry(job.id)
    finally:
        await engine.aclose()


@dataclass
class HeldUpload:
    """A window engine and a guest command engine on one library, whose KIE fakes are
    ``kie`` and ``command_kie``; the command's upload of ``reference`` waits for ``ends``."""

    window: JobEngine
    command: JobEngine
    command_kie: FakeKie
    reference: Path
    ends: asyncio.Event


@contextlib.asynccontextmanager
async def a_command_with_a_held_upload(
    ledger: Ledger, kie: FakeKie, tmp_path: Path, failure: BaseException | None = None
) -> AsyncIterator[HeldUpload]:
    """Once ``ends`` is set the command's upload goes on, or fails with ``failure``. The
    window's generate waits for ``kie.answer``. Both engines are closed on the way out."""
    reference = tmp_path / "cat.png"
    reference.write_bytes(png_bytes((80, 80)))
    lock = tmp_path / "library.jobs.lock"
    window = make_engine(ledger, kie, tmp_path, claim=JobsClaim(lock))
    assert await window.resume() == []
    command, command_kie, command_ledger = await guest_of(tmp_path, lock)
    ends = asyncio.Event()
    upload = command_kie.upload_file

    async def held_upload(*args: object, **kwargs: object) -> UploadedFile:
        await ends.wait()
        if failure is not None:
            raise failure
        return await upload(*args, **kwargs)

    command_kie.upload_file = held_upload  # type: ignore[method-assign]
    kie.answer = asyncio.Event()
    try:
        yield HeldUpload(window, command, command_kie, reference, ends)
    finally:
        await command.aclose()
        await window.aclose()
        command_ledger.close()


async def the_window_retries_the_command_s_job(
    held: HeldUpload, ledger: Ledger, kie: FakeKie, prompt: str
) -> Snapshot:
    """The command submits an edit of the reference; while its upload waits, the window
    cancels the job and retries it, and its generate is out."""
    job = await held.command.submit(
        GenerateRequest(prompt, aspect_ratio=None, image_path=str(held.reference))
    )
    await until_state(ledger, job.id, JobState.UPLOADING)
    await held.window.cancel(job.id)
    await held.window.retry(job.id)
    while not kie.generate_calls:
        await asyncio.sleep(0.01)
    return job


async def test_a_job_cancelled_and_retried_elsewhere_while_its_run_waited_is_sent_once(
    ledger, kie, tmp_path
):
    """A command's job waits for its reference to upload; the window cancels it and retries
    it, and the window's run sends it. Before: the command's run, once its upload ended,
    found the row running again, moved it to submitting over the window's send and sent it
    too: charged twice."""
    async with a_command_with_a_held_upload(ledger, kie, tmp_path) as held:
        job = await the_window_retries_the_command_s_job(held, ledger, kie, "make it night")
        held.ends.set()
        await held.command.wait_idle()
        kie.answer.set()
        final = await held.window.wait_for(job.id)
    assert len(kie.generate_calls) + len(held.command_kie.generate_calls) == 1
    assert final.state is JobState.COMPLETED and final.submit_count == 1


@pytest.mark.parametrize(
    "failure",
    [
        NetworkError("uploading the reference image: the connection broke"),
        UnreachableError("uploading the reference image: no network"),
        ServerError("bad gateway", code=502),
        RuntimeError("a bug in the upload"),  # the run's crash handling stops it
    ],
)
async def test_a_command_s_failed_upload_leaves_the_job_the_window_sends_meanwhile(
    ledger, kie, tmp_path, failure
):
    """A command's job waits for its reference to upload; the window cancels it and retries
    it, and its generate is out. Then the command's upload fails. Before: the command's run
    moved the window's job, caught sending, back to queued, and sent it again: the window's
    task (made and charged) was dropped when KIE answered, and the job was charged twice."""
    async with a_command_with_a_held_upload(ledger, kie, tmp_path, failure) as held:
        job = await the_window_retries_the_command_s_job(held, ledger, kie, "make it dusk")
        held.ends.set()
        await held.command.wait_idle()
        assert ledger.get(job.id).state is JobState.SUBMITTING  # the window's send, as it was
        kie.answer.set()
        final = await held.window.wait_for(job.id)
    assert held.command_kie.generate_calls == [] and len(kie.generate_calls) == 1
    assert (final.state, final.task_id) == (JobState.COMPLETED, "task-1")


async def test_a_command_s_late_answer_leaves_the_job_the_window_resubmitted_running(
    ledger, kie, tmp_path, caplog
):
    """A command's generate hangs; the window cancels the job and resubmits it (the artist
    checked KIE's logs), and it generates. Then the command's request fails with no
    connection. Before: the command's run moved the window's running job back to queued,
    which the state machine refused; its crash handling then failed the job (shown failed,
    "job crashed" in the log) while the window was fetching its image."""
    lock = tmp_path / "library.jobs.lock"
    window = make_engine(ledger, kie, tmp_path, claim=JobsClaim(lock))
    assert await window.resume() == []
    command, command_kie, command_ledger = await guest_of(tmp_path, lock)
    command_kie.answer = asyncio.Event()
    command_kie.generate_script = [NetworkError("connection reset")]
    kie.records["task-1"] = [running("task-1")]  # until the command's run has ended
    try:
        job = await command.submit(GenerateRequest("a fox sent from the terminal"))
        while not command_kie.generate_calls:
            await asyncio.sleep(0.01)
        await window.cancel(job.id)
        await window.resubmit(job.id)
        await until_state(ledger, job.id, JobState.GENERATING)
        command_kie.answer.set()
        await command.wait_idle()
        assert ledger.get(job.id).state is JobState.GENERATING
        kie.records["task-1"] = [done("task-1")]
        final = await window.wait_for(job.id)
    finally:
        await command.aclose()
        await window.aclose()
        command_ledger.close()
    assert (final.state, final.task_id) == (JobState.COMPLETED, "task-1")
    assert "job crashed" not in caplog.text


async def test_a_finished_image_gone_from_disk_is_downloaded_again_not_paid_again(
    ledger, kie, tmp_path
):
    engine = make_engine(ledger, kie, tmp_path)
    done = await engine.wait_for((await engine.submit(GenerateRequest("x"))).id)
    with pytest.raises(InputError, match="still there"):
        await engine.download_again(done.id)
    Path(done.file_path).unlink()

    await engine.download_again(done.id)
    again = await engine.wait_for(done.id)
    upload = ledger.create_upload(prompt="mine", file_path=str(tmp_path / "gone.png"))
    with pytest.raises(InputError, match="KIE made"):
        await engine.download_again(upload.id)
    await engine.aclose()
    assert again.state is JobState.COMPLETED and Path(again.file_path).is_file()
    assert (again.file_path, again.completed_at) == (done.file_path, done.completed_at)
    assert len(kie.generate_calls) == 1


@pytest.mark.parametrize("damaged", [False, True], ids=["missing", "damaged"])
async def test_download_again_past_the_14_days_is_refused_and_the_job_kept(
    ledger, kie, tmp_path, damaged
):
    """KIE keeps a result 14 days. Asked of a job made 15 days ago whose file is gone, the
    download failed the finished artwork as expired ("KIE no longer has this image"), where
    a copy from a backup could still put it right; only the window guarded a damaged one.
    The engine refuses it for any caller, asking KIE nothing, the job kept as it was."""
    engine = make_engine(ledger, kie, tmp_path)
    done = await engine.wait_for((await engine.submit(GenerateRequest("x"))).id)
    ledger.update(done.id, submitted_at=time.time() - 15 * 24 * 3600)
    image = Path(done.file_path)
    if damaged:
        image.write_bytes(image.read_bytes()[:100])
    else:
        image.unlink()
    fetched = len(kie.fetched)

    with pytest.raises(Refusal) as refused:
        await engine.download_again(done.id)
    await engine.aclose()
    assert explain(refused.value) == Explanation(
        f"Job {done.id}'s image cannot be downloaded again: KIE keeps an image for 14 days "
        "only, and they are over, so its link has expired.",
        "If you have a copy from a backup, put it in its place, under the same name.",
    )
    kept = ledger.get(done.id)
    assert kept is not None and kept.state is JobState.COMPLETED and not kept.error_kind
    assert (kept.file_path, kept.sha256) == (done.file_path, done.sha256)
    assert len(kie.fetched) == fetched and not kie.refreshed


async def test_a_finished_image_damaged_on_disk_is_downloaded_again_in_its_place(
    ledger, kie, tmp_path
):
    """A file cut short (a disk, a sync gone wrong) was "still there" for Download again,
    which refused it: the artist had no way to get the image KIE still kept."""
    engine = make_engine(ledger, kie, tmp_path)
    done = await engine.wait_for((await engine.submit(GenerateRequest("x"))).id)
    image = Path(done.file_path)
    whole = image.read_bytes()
    image.write_bytes(whole[: len(whole) // 2])

    await engine.download_again(done.id)
    again = await engine.wait_for(done.id)
    await engine.aclose()
    assert again.state is JobState.COMPLETED
    assert (again.file_path, again.sha256) == (done.file_path, done.sha256)
    assert image.read_bytes() == whole
    assert len(kie.generate_calls) == 1


async def test_download_again_of_a_row_naming_a_relative_path_writes_in_the_library(
    ledger, kie, tmp_path, monkeypatch
):
    """A finished row naming "b.png", no folder: Download again took the file of that name
    in the app's current folder, not an image it could open, for a damaged copy of its own,
    and wrote the image over it. The artist's file stays; the image goes in the library."""
    engine = make_engine(ledger, kie, tmp_path)
    done = await engine.wait_for((await engine.submit(GenerateRequest("x"))).id)
    Path(done.file_path).unlink()
    home = artists_file_in_the_current_folder(tmp_path, monkeypatch, "b.png")
    name_relative_file(ledger, done.id, "b.png")

    await engine.download_again(done.id)
    again = await engine.wait_for(done.id)
    await engine.aclose()
    assert (home / "b.png").read_bytes() == b"the artist's own"
    assert again.state is JobState.COMPLETED and again.sha256 == done.sha256
    assert Path(again.file_path).parent.parent == tmp_path / "library"


async def test_a_damaged_image_in_another_month_s_folder_is_downloaded_again_in_its_place(
    ledger, kie, tmp_path
):
    """Saved under the month of another time zone (the laptop taken abroad since): the
    download went under this zone's month, and the damaged file stayed in the library,
    named by no row."""
    engine = make_engine(ledger, kie, tmp_path)
    done = await engine.wait_for((await engine.submit(GenerateRequest("x"))).id)
    image = Path(done.file_path)
    whole = image.read_bytes()
    elsewhere = image.parent.parent / "1999-01" / image.name
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(whole[: len(whole) // 2])
    image.unlink()
    ledger.update(done.id, file_path=str(elsewhere))

    await engine.download_again(done.id)
    again = await engine.wait_for(done.id)
    await engine.aclose()
    assert again.state is JobState.COMPLETED and again.file_path == str(elsewhere)
    assert elsewhere.read_bytes() == whole
    assert [p for p in (tmp_path / "library").rglob("*") if p.is_file()] == [elsewhere]


async def test_an_image_downloaded_again_is_logged_as_such_not_as_a_second_generation(
    ledger, kie, tmp_path, caplog
):
    """`grep generation_completed` counts the images KIE made and how long each took, as the
    library's Duration says: Download again made none. It logged a second
    ``generation_completed`` for the job, its duration counted up to the new download."""
    caplog.set_level(logging.INFO, logger=engine_module.__name__)
    engine = make_engine(ledger, kie, tmp_path)
    done = await engine.wait_for((await engine.submit(GenerateRequest("x"))).id)
    Path(done.file_path).unlink()
    await asyncio.sleep(0.05)  # the download comes later than the job's end

    await engine.download_again(done.id)
    await engine.wait_for(done.id)
    await engine.aclose()
    events = {
        event: [r for r in caplog.records if getattr(r, "event", "") == event]
        for event in ("generation_completed", "result_downloaded_again")
    }
    (completed,) = events["generation_completed"]
    assert completed.duration_s == round(done.duration_s, 3)
    (again,) = events["result_downloaded_again"]
    assert (again.job_id, again.task_id) == (done.id, done.task_id)


async def test_an_image_a_failed_delete_trashed_then_downloaded_again_is_no_longer_noted_trashed(
    ledger, kie, tmp_path
):
    """A Delete moved the image to the Trash and could not remove the artwork (another
    program held the library); Download again fetched it back. The row still noted it in
    the Trash: once its file went again (moved away outside the app), its preview and its
    Publish said a Delete had put it in the Trash."""
    engine = make_engine(ledger, kie, tmp_path)
    done = await engine.wait_for((await engine.submit(GenerateRequest("x"))).id)
    ledger.note(done.id, trashed_at=time.time())
    Path(done.file_path).unlink()  # in the Trash, the artwork kept

    await engine.download_again(done.id)
    again = await engine.wait_for(done.id)
    await engine.aclose()
    assert Path(again.file_path).is_file()
    assert again.trashed_at is None
    assert ledger.get(done.id).trashed_at is None


async def test_an_image_undo_left_in_the_trash_then_downloaded_again_is_no_longer_noted_there(
    ledger, kie, tmp_path
):
    """Undo of a Delete brought the artwork back without its image, left in the Trash;
    Download again fetched it back. Had the row still noted it in the Trash, once its file
    went again (moved away outside the app) its preview and its Publish would say it went
    to the Trash with its Delete, to be restored from there."""
    engine = make_engine(ledger, kie, tmp_path)
    done = await engine.wait_for((await engine.submit(GenerateRequest("x"))).id)
    ledger.note(done.id, image_left_in_trash=True)
    Path(done.file_path).unlink()  # in the Trash, the artwork back without it

    await engine.download_again(done.id)
    again = await engine.wait_for(done.id)
    await engine.aclose()
    assert Path(again.file_path).is_file()
    assert not again.image_left_in_trash
    assert not ledger.get(done.id).image_left_in_trash


def _holding_delete(
    library: Path, job_id: int, noted: tuple[Path, str] | None = None
) -> subprocess.Popen[str]:
    """Another process that has taken the lock saying it deletes ``job_id``
    (:mod:`kontext_studio.jobs.deleting`), holding it until its stdin closes; ``noted``:
    the image (and its bytes' hash) it noted it removes once the row is gone."""
    script = (
        "import sys; from pathlib import Path\n"
        "from kontext_studio.jobs.deleting import Removal, hold_delete, note_removals\n"
        f"held = hold_delete(Path({str(library)!r}), [{job_id}])\n"
        "assert held is not None\n"
    )
    if noted is not None:
        image, sha256 = noted
        script += f"note_removals(held, [Removal({job_id}, Path({str(image)!r}), {sha256!r})])\n"
    script += "print('held', flush=True)\nsys.stdin.read()\n"
    other = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert other.stdout is not None and other.stdout.readline() == "held\n"
    return other


@contextlib.contextmanager
def delete_in_another_process(library: Path, job_id: int) -> Iterator[None]:
    """Another process (a command, a second window) deleting ``job_id``: it holds the lock
    that says so until the block ends."""
    other = _holding_delete(library, job_id)
    try:
        yield
    finally:
        other.communicate(timeout=60)


def _killed_mid_delete(library: Path, job_id: int, noted: tuple[Path, str] | None = None) -> None:
    """A process (the window, a command) killed while its Delete of ``job_id`` ran: it took
    the lock that says so (and noted the image ``noted``), then was killed."""
    other = _holding_delete(library, job_id, noted)
    other.kill()
    other.communicate(timeout=60)


async def test_the_lock_file_of_a_delete_killed_mid_way_is_removed_at_the_next_start(
    ledger, kie, tmp_path
):
    """A process killed (or crashed) during a Delete left its ``….deleting-<id>.lock``
    beside the library for good, one more at each such Delete. The next start removes those
    no running process holds, and leaves the one of a Delete under way in another process."""
    _killed_mid_delete(ledger.path, 7)
    (left,) = ledger.path.parent.glob(f"{ledger.path.name}.deleting-*.lock")
    with delete_in_another_process(ledger.path, 8):
        window = make_engine(ledger, kie, tmp_path, claim=JobsClaim(tmp_path / "jobs.lock"))
        await window.resume()
        await window.aclose()
        assert not left.exists()
        assert deleting_module.delete_under_way(ledger.path, 8)


def windows_byte_locks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows' locks (``msvcrt.locking``), as the app meets them there: a lock is on the
    bytes from the file's current position, held by the descriptor that took it (another
    descriptor of the same process is refused too), and a file open elsewhere can still be
    removed here, as Linux allows. Emulated with Linux's open file description locks."""
    import fcntl
    import struct
    import types

    unlock, wait = 0, 1

    def locking(fd: int, mode: int, nbytes: int) -> None:
        start = os.lseek(fd, 0, os.SEEK_CUR)
        kind = fcntl.F_UNLCK if mode == unlock else fcntl.F_WRLCK
        command = fcntl.F_OFD_SETLKW if mode == wait else fcntl.F_OFD_SETLK
        fcntl.fcntl(fd, command, struct.pack("hhqqi4x", kind, os.SEEK_SET, start, nbytes, 0))

    msvcrt = types.SimpleNamespace(LK_UNLCK=unlock, LK_LOCK=wait, LK_NBLCK=2, locking=locking)
    monkeypatch.setitem(sys.modules, "msvcrt", msvcrt)
    monkeypatch.setattr(sys, "platform", "win32")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="emulated with Linux's locks")
def test_a_delete_under_way_on_windows_is_seen_and_its_file_kept(tmp_path, monkeypatch):
    """On Windows a Delete locked the byte after the ids it had written into its file, where
    ``msvcrt.locking`` left the position, not the first byte every look locks: a publish
    meeting its image gone said the Delete "could not remove the artwork", and a start
    took its file for one a killed Delete left."""
    windows_byte_locks(monkeypatch)
    library = tmp_path / "library.sqlite3"
    held = deleting_module.hold_delete(library, [7, 12345])
    assert held is not None
    try:
        assert deleting_module.delete_under_way(library, 7)
        assert not deleting_module.delete_under_way(library, 8)
        finished: list[list[deleting_module.Removal]] = []

        def finish(removals: list[deleting_module.Removal]) -> list[deleting_module.Removal]:
            finished.append(removals)
            return []

        assert deleting_module.remove_ended_deletes(library, finish) == 0
        assert held[0].exists() and finished == []  # a Delete under way: nothing finished
    finally:
        deleting_module.release_delete(held)
    assert not deleting_module.delete_under_way(library, 7)
    assert not held[0].exists()


@pytest.mark.parametrize(
    ("case", "removed"),
    [
        ("row gone", True),
        ("row kept", False),
        ("named by another row", False),
        ("other bytes", False),
    ],
)
async def test_a_start_removes_an_image_a_killed_delete_noted_only_once_its_row_is_gone(
    ledger, kie, tmp_path, case: str, removed: bool
):
    """A Delete notes in its file the image it removes once the artwork's row is gone. Killed
    after its note, the next start removes that image if the row went, and only then: not
    while the row is there (killed before it went), nor when another row names the file,
    nor when the file there is not the image noted (other bytes)."""
    engine = make_engine(ledger, kie, tmp_path)
    done = await engine.wait_for((await engine.submit(GenerateRequest("x"))).id)
    await engine.aclose()
    image = Path(done.file_path)
    if case != "row kept":
        ledger.delete(done.id)
    if case == "named by another row":
        other = ledger.create_job(GenerateRequest("y").validated())
        ledger.transition(other.id, JobState.CANCELLED, file_path=str(image))
    if case == "other bytes":
        image.write_bytes(image.read_bytes() + b"edited")
    _killed_mid_delete(ledger.path, done.id, noted=(image, done.sha256))

    window = make_engine(ledger, kie, tmp_path, claim=JobsClaim(tmp_path / "jobs.lock"))
    await window.resume()
    await window.aclose()
    assert image.exists() is not removed
    assert not list(ledger.path.parent.glob(f"{ledger.path.name}.deleting-*.lock"))


def _noted_elsewhere(case: str, done: Snapshot, tmp_path: Path) -> tuple[Path, Path, str]:
    """The note a damaged or crafted Delete's file holds for ``case`` (the path it names
    and its hash), and the file that path reaches."""
    image = Path(done.file_path)
    library = tmp_path / "library"
    month, name = image.parent.name, image.name
    pictures = tmp_path / "Pictures"
    pictures.mkdir()
    portrait = pictures / "portrait.png"
    portrait.write_bytes(image.read_bytes() + b"the artist's own")
    portrait_sha = hashlib.sha256(portrait.read_bytes()).hexdigest()
    if case == "outside the library":
        return portrait, portrait, portrait_sha
    if case == "through a linked folder":
        (library / "2020-01").symlink_to(pictures, target_is_directory=True)
        return library / "2020-01" / "portrait.png", portrait, portrait_sha
    if case == "through ..":
        return library / month / ".." / month / name, image, done.sha256
    if case == "another spelling of a row's file":
        (tmp_path / "alias").symlink_to(library, target_is_directory=True)
        return tmp_path / "alias" / month / name, image, done.sha256
    assert case == "a name not UTF-8"
    odd = Path(os.fsdecode(os.fsencode(library / month) + b"/\xff.png"))
    odd.write_bytes(image.read_bytes())
    return odd, odd, done.sha256


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="links and byte names")
@pytest.mark.parametrize(
    "case",
    [
        "outside the library",
        "through a linked folder",
        "through ..",
        "another spelling of a row's file",
        "a name not UTF-8",
    ],
)
async def test_a_start_leaves_a_file_a_damaged_delete_note_names_outside_the_library_or_a_rows(
    ledger, kie, tmp_path, case: str
):
    """A start removes the images a killed Delete noted, their rows gone. A note damaged or
    written by another program named any file with its hash: one outside the library (the
    artist's own picture, straight or through a link in the library), or an artwork's image
    still there spelled otherwise (``..``, the library through a link), which no row named
    by that spelling, was removed; a name not UTF-8, which no row can hold, stopped the
    start, and each start after. Each stays, and the start goes on."""
    engine = make_engine(ledger, kie, tmp_path)
    done = await engine.wait_for((await engine.submit(GenerateRequest("x"))).id)
    await engine.aclose()
    noted, reached, sha256 = _noted_elsewhere(case, done, tmp_path)
    _killed_mid_delete(ledger.path, 999_999, noted=(noted, sha256))

    window = make_engine(ledger, kie, tmp_path, claim=JobsClaim(tmp_path / "jobs.lock"))
    await window.resume()
    await window.aclose()
    assert reached.is_file()
    assert Path(done.file_path).is_file()


async def test_a_start_leaves_an_image_saved_over_as_it_reads_a_killed_deletes_note(
    ledger, kie, tmp_path, monkeypatch
):
    """A start removing the image a killed Delete noted checked its bytes, then removed
    the file under its name: one the artist's editor saved over it meanwhile (a new file
    renamed there) went in its place. The file checked is the one removed, or none."""
    engine = make_engine(ledger, kie, tmp_path)
    done = await engine.wait_for((await engine.submit(GenerateRequest("x"))).id)
    await engine.aclose()
    image = Path(done.file_path)
    ledger.delete(done.id)
    _killed_mid_delete(ledger.path, done.id, noted=(image, done.sha256))
    edited = image.read_bytes() + b"edited"
    hashed = files_module.sha256_file

    def saved_over_as_read(path: Path) -> str:
        found = hashed(path)
        saved = path.with_name("edit.tmp")
        saved.write_bytes(edited)
        os.replace(saved, path)  # the editor's save, as the start reads the file
        return found

    monkeypatch.setattr(files_module, "sha256_file", saved_over_as_read)
    window = make_engine(ledger, kie, tmp_path, claim=JobsClaim(tmp_path / "jobs.lock"))
    await window.resume()
    await window.aclose()
    assert image.read_bytes() == edited


async def test_a_killed_deletes_note_waits_for_a_library_folder_not_there_at_the_start(
    ledger, kie, tmp_path
):
    """A start finishes a killed Delete: removes the images it noted, then its file. With
    the library's folder not there (a share not mounted yet), nothing was removed and the
    file went all the same: the image stayed in the library for good, named by no row.
    The file now waits for a start that finds the folder."""
    engine = make_engine(ledger, kie, tmp_path)
    done = await engine.wait_for((await engine.submit(GenerateRequest("x"))).id)
    await engine.aclose()
    image = Path(done.file_path)
    ledger.delete(done.id)
    _killed_mid_delete(ledger.path, done.id, noted=(image, done.sha256))
    library = tmp_path / "library"
    library.rename(tmp_path / "share")  # unmounted

    window = make_engine(ledger, kie, tmp_path, claim=JobsClaim(tmp_path / "jobs.lock"))
    await window.resume()
    await window.aclose()
    assert list(ledger.path.parent.glob(f"{ledger.path.name}.deleting-*.lock"))

    (tmp_path / "share").rename(library)  # mounted again
    again = make_engine(ledger, kie, tmp_path, claim=JobsClaim(tmp_path / "jobs.lock"))
    await again.resume()
    await again.aclose()
    assert not image.exists()
    assert not list(ledger.path.parent.glob(f"{ledger.path.name}.deleting-*.lock"))


@pytest.mark.parametrize("library_holds", ["an older month", "nothing"])
async def test_a_killed_deletes_note_whose_image_and_month_folder_are_gone_is_finished(
    ledger, kie, tmp_path, library_holds: str
):
    """A killed Delete's note waits while a noted image's folder is not there: the library's
    own folder may be a share's mount point, there but empty until the share is mounted.
    A month folder the artist emptied and removed by hand was taken for that: its note was
    read at every start and never went. With the library's folder holding anything else
    (an older month), the folder is mounted, and a month folder not there is gone."""
    engine = make_engine(ledger, kie, tmp_path)
    done = await engine.wait_for((await engine.submit(GenerateRequest("x"))).id)
    await engine.aclose()
    image = Path(done.file_path)
    library = tmp_path / "library"
    if library_holds == "an older month":
        (library / "2020-01").mkdir()
        older = library / "2020-01" / "older.png"
        older.write_bytes(image.read_bytes())
    ledger.delete(done.id)
    _killed_mid_delete(ledger.path, done.id, noted=(image, done.sha256))
    image.unlink()
    image.parent.rmdir()  # emptied and removed by hand
    assert {p.name for p in library.iterdir()} == (
        {"2020-01"} if library_holds == "an older month" else set()
    )

    window = make_engine(ledger, kie, tmp_path, claim=JobsClaim(tmp_path / "jobs.lock"))
    await window.resume()
    await window.aclose()
    left = list(ledger.path.parent.glob(f"{ledger.path.name}.deleting-*.lock"))
    assert bool(left) is (library_holds == "nothing")
    if library_holds == "an older month":
        assert older.is_file()  # named by no note: the artist's, left


@pytest.mark.parametrize(
    ("put_back", "noted_ago", "under_way", "forgotten"),
    [
        ("same bytes", 3600.0, False, True),
        ("other bytes", 3600.0, False, False),
        ("nothing", 3600.0, False, False),
        ("same bytes", 0.0, False, True),
        ("same bytes", 0.0, True, False),
        ("same bytes", 3600.0, True, False),
    ],
    ids=[
        "put back",
        "other bytes there",
        "still gone",
        "a Delete that failed a moment ago",
        "a Delete under way",
        "a slow Delete under way",
    ],
)
async def test_a_note_of_the_trash_whose_image_is_back_is_forgotten(
    ledger, kie, tmp_path, put_back: str, noted_ago: float, under_way: bool, forgotten: bool
):
    """A Delete noted in the row that it moved the image to the Trash, then could not
    remove the artwork; the artist put the image back from the Trash by hand (or the app
    stopped between the note and the trash). The note stayed: once the file went again
    (moved away outside the app), the preview and Publish said a Delete had put it in the
    Trash. Only the file at its place with the bytes recorded takes the note back, and not
    while a Delete of it runs in another process (its file not trashed yet), however long
    it has run. A note younger than 5 s was taken for a Delete under way, an older one for
    a Delete that had ended."""
    engine = make_engine(ledger, kie, tmp_path)
    done = await engine.wait_for((await engine.submit(GenerateRequest("x"))).id)
    image = Path(done.file_path)
    data = image.read_bytes()
    noted = ledger.note(done.id, trashed_at=time.time() - noted_ago)
    image.unlink()  # in the Trash, the artwork kept
    if put_back == "same bytes":
        image.write_bytes(data)
    elif put_back == "other bytes":
        image.write_bytes(data + b"edited")

    deleting = delete_in_another_process(ledger.path, done.id)
    with deleting if under_way else contextlib.nullcontext():
        again = await engine.forget_stale_trash_note(noted)
    await engine.aclose()
    stored = Ledger.open(ledger.path)  # read through a connection of its own
    try:
        kept = stored.get(done.id)
    finally:
        stored.close()
    assert kept is not None
    if forgotten:
        assert again is not None and again.trashed_at is None
        assert kept.trashed_at is None
    else:
        assert again is None
        assert kept.trashed_at == noted.trashed_at


async def test_a_delete_stopped_as_it_waits_for_another_process_s_leaves_none_under_way(
    ledger, kie, tmp_path, monkeypatch
):
    """The window closed (a switch of mode) while its Delete of an artwork took the lock
    that says a Delete of it runs (a slow folder; before, the wait for a command's Delete of
    the same artwork): once taken, the window's process went on holding it, for as long as
    it ran. Every publish of the artwork then said it was being deleted, and a note of the
    Trash whose image was back was never taken back."""
    engine = make_engine(ledger, kie, tmp_path)
    done = await engine.wait_for((await engine.submit(GenerateRequest("x"))).id)
    waiting, go_on, returned = threading.Event(), threading.Event(), threading.Event()
    hold = engine_module.hold_delete

    def held(library: Path, job_ids: Collection[int]) -> tuple[Path, int] | None:
        waiting.set()
        try:
            assert go_on.wait(timeout=30)
            return hold(library, job_ids)
        finally:
            returned.set()

    monkeypatch.setattr(engine_module, "hold_delete", held)
    deleting = asyncio.ensure_future(engine.delete(done.id))
    await asyncio.to_thread(waiting.wait, 30)
    deleting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await deleting
    go_on.set()  # the stopped Delete takes the lock now
    await asyncio.to_thread(returned.wait, 30)
    for _ in range(500):
        if not await asyncio.to_thread(deleting_module.delete_under_way, ledger.path, done.id):
            break
        await asyncio.sleep(0.01)

    noted = ledger.note(done.id, trashed_at=time.time() - 3600)  # of an earlier Delete
    again = await engine.forget_stale_trash_note(noted)
    await engine.aclose()
    assert again is not None and again.trashed_at is None
    assert Path(done.file_path).exists()


@pytest.mark.parametrize("several", [False, True])
async def test_a_delete_for_good_syncs_each_row_s_removal_before_its_image_goes(
    ledger, kie, tmp_path, monkeypatch, several: bool
):
    """A Delete for good removes an artwork's row, then its image. A removal lost to a power
    cut after its image was gone brought the artwork back, said to be missing its file: each
    image goes only once its row's removal is committed with synchronous=FULL, alone or in a
    Delete of several."""
    engine = make_engine(ledger, kie, tmp_path)
    done = [
        await engine.wait_for((await engine.submit(GenerateRequest(f"x{n}"))).id)
        for n in range(3 if several else 1)
    ]
    events: list[str] = []
    ledger._db.connection().set_trace_callback(events.append)
    unlink = engine_module.unlink_quietly

    def removing(path: Path) -> None:
        events.append(f"unlink {path}")
        unlink(path)

    monkeypatch.setattr(engine_module, "unlink_quietly", removing)
    await deleted_for_good(engine, done, several=several)
    await engine.aclose()
    ledger._db.connection().set_trace_callback(None)

    level, pending, synced = "NORMAL", 0, 0
    for event in events:
        if event.startswith("PRAGMA synchronous"):
            level = event.rsplit(" ", 1)[-1]
        elif event.startswith("DELETE FROM artwork"):
            pending += 1
        elif event.startswith("COMMIT"):
            synced += pending if level == "FULL" else 0
            pending = 0
        elif event.startswith("unlink"):
            assert synced, f"an image went before its row's removal was synced: {events}"
            synced -= 1
    assert [e for e in events if e.startswith("unlink")] == [f"unlink {d.file_path}" for d in done]
    assert not any(Path(d.file_path).exists() for d in done)


@pytest.mark.skipif(sys.platform == "win32", reason="folders are synced on POSIX only")
@pytest.mark.parametrize("several", [False, True])
async def test_a_delete_for_good_syncs_its_new_file_s_name_before_the_first_row_goes(
    ledger, kie, tmp_path, monkeypatch, several: bool
):
    """A Delete for good notes in a file it makes the images it removes, synced, so that a
    power cut between a row's removal (synced) and its image leaves the note for the next
    start. The file's bytes were synced, but not its name in its folder, which a power cut
    may lose (ext4 and btrfs may, as the library's own renames): the row gone, the note
    with it, and the image left for good, named by no row. The folder is synced once the
    file is made, before the first row goes."""
    engine = make_engine(ledger, kie, tmp_path)
    done = [
        await engine.wait_for((await engine.submit(GenerateRequest(f"x{n}"))).id)
        for n in range(3 if several else 1)
    ]
    events: list[tuple[str, tuple[int, int]]] = []
    real_fsync, hold, delete = os.fsync, engine_module.hold_delete, ledger.delete

    def node(stat: os.stat_result) -> tuple[int, int]:
        return stat.st_dev, stat.st_ino

    def fsync(fd: int) -> None:
        real_fsync(fd)
        events.append(("synced", node(os.fstat(fd))))

    def holding(library: Path, job_ids: Collection[int]) -> tuple[Path, int] | None:
        held = hold(library, job_ids)
        assert held is not None
        events.append(("made", node(os.fstat(held[1]))))
        return held

    def deleting(job_id: int) -> Snapshot | None:
        events.append(("row", (0, job_id)))
        return delete(job_id)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(engine_module, "hold_delete", holding)
    monkeypatch.setattr(ledger, "delete", deleting)
    await deleted_for_good(engine, done, several=several)
    await engine.aclose()

    (made,) = [i for i, (kind, _) in enumerate(events) if kind == "made"]
    first_row = next(i for i, (kind, _) in enumerate(events) if kind == "row")
    folder = node(os.stat(ledger.path.parent))
    assert ("synced", events[made][1]) in events[made:first_row], "the note is synced"
    assert ("synced", folder) in events[made:first_row], f"its name is not: {events}"
    assert not any(Path(d.file_path).exists() for d in done)


async def test_a_delete_for_good_of_many_notes_their_images_once_before_the_first_row_goes(
    ledger, kie, tmp_path, monkeypatch
):
    """A Delete notes in its file the images it removes, synced, before their rows go. A
    Delete for good of many wrote and synced a note per artwork, as each row went: 300 took
    0.45 s, against 0.29 s before notes. It notes the images of all of them at once, before
    the first row goes."""
    engine = make_engine(ledger, kie, tmp_path)
    done = [
        await engine.wait_for((await engine.submit(GenerateRequest(f"x{n}"))).id) for n in range(6)
    ]
    ids = [d.id for d in done]
    notes: list[tuple[set[Path], int]] = []  # the images noted, and the rows there then
    note = engine_module.note_removals

    def noting(held: tuple[Path, int], removals: Collection[deleting_module.Removal]) -> bool:
        notes.append(({r.path for r in removals}, len(ledger.get_many(ids))))
        return note(held, removals)

    monkeypatch.setattr(engine_module, "note_removals", noting)
    async with engine.deleting_together(ids, for_good=True):
        for snap in done:
            await engine.delete(snap.id, for_good=True)
    await engine.aclose()
    assert notes == [({Path(d.file_path) for d in done}, len(done))]
    assert ledger.get_many(ids) == {}
    assert not any(Path(d.file_path).exists() for d in done)


async def test_an_image_changed_after_a_delete_of_many_noted_it_is_noted_before_its_row_goes(
    ledger, kie, tmp_path, monkeypatch
):
    """A Delete for good of many notes their images at once, before the first row goes. An
    artwork's image that changed after (another file, other bytes) is noted too, before its
    row goes: killed between that row and its image, the next start removes that image."""
    engine = make_engine(ledger, kie, tmp_path)
    first, second = [
        await engine.wait_for((await engine.submit(GenerateRequest(f"x{n}"))).id) for n in range(2)
    ]
    events: list[tuple[str, int, Path, str]] = []  # what, of which job, which file, bytes
    note, unlink, delete = engine_module.note_removals, engine_module.unlink_quietly, ledger.delete

    def noting(held: tuple[Path, int], removals: Collection[deleting_module.Removal]) -> bool:
        events.extend(("noted", r.job_id, r.path, r.sha256) for r in removals)
        return note(held, removals)

    def removing(path: Path) -> None:
        events.append(("unlink", 0, path, hashlib.sha256(path.read_bytes()).hexdigest()))
        unlink(path)

    def deleting(job_id: int) -> Snapshot | None:
        events.append(("row", job_id, Path(), ""))
        return delete(job_id)

    monkeypatch.setattr(engine_module, "note_removals", noting)
    monkeypatch.setattr(engine_module, "unlink_quietly", removing)
    monkeypatch.setattr(ledger, "delete", deleting)
    async with engine.deleting_together([first.id, second.id], for_good=True):
        edited = Path(second.file_path).with_name("edited.png")
        edited.write_bytes(Path(second.file_path).read_bytes() + b"edited")
        Path(second.file_path).unlink()
        ledger.update(
            second.id,
            file_path=str(edited),
            sha256=hashlib.sha256(edited.read_bytes()).hexdigest(),
        )
        for snap in (first, second):
            await engine.delete(snap.id, for_good=True)
    await engine.aclose()

    unlinked = [(path, sha256) for kind, _, path, sha256 in events if kind == "unlink"]
    assert [path for path, _ in unlinked] == [Path(first.file_path), edited]
    for (path, sha256), job_id in zip(unlinked, (first.id, second.id), strict=True):
        row_went = events.index(("row", job_id, Path(), ""))
        assert ("noted", job_id, path, sha256) in events[:row_went]


def trashed_from(path: Path) -> bool:
    """Whether the Trash holds an image trashed from ``path``."""
    return any(
        f"Path={path}" in unquote(info.read_text(encoding="utf-8")).splitlines()
        for info in (TRASH_HOME / "Trash" / "info").glob("*.trashinfo")
    )


async def test_a_delete_to_the_trash_inside_a_delete_for_good_moves_nothing_and_loses_nothing(
    ledger, kie, tmp_path
):
    """Inside a Delete for good of several, the images are noted for the next start to
    remove. A Delete to the trash of one of them there (no window or command asks for
    one: the window's Delete of several deletes each as it was asked, and an artwork it
    deletes offers no Delete meanwhile) is refused before it does anything: had it moved
    the image to the trash and been killed once its row went, the image put back from the
    trash would have been removed by the next start. The artwork stays as it was, and
    the Delete for good goes on to remove it."""
    engine = make_engine(ledger, kie, tmp_path)
    done = [
        await engine.wait_for((await engine.submit(GenerateRequest(f"x{n}"))).id) for n in range(2)
    ]
    ids = [d.id for d in done]
    async with engine.deleting_together(ids, for_good=True):
        with pytest.raises(RuntimeError, match="to the trash inside a Delete for good"):
            await engine.delete(done[0].id)
        kept = ledger.get(done[0].id)
        assert kept is not None and kept.trashed_at is None
        assert Path(done[0].file_path).exists() and not trashed_from(Path(done[0].file_path))
        for snap in done:
            assert await engine.delete(snap.id, for_good=True) is not None
    await engine.aclose()
    assert ledger.get_many(ids) == {}
    assert not any(Path(d.file_path).exists() or trashed_from(Path(d.file_path)) for d in done)


def put_back_from_trash(path: Path) -> None:
    """The artist puts the image trashed from ``path`` back by hand: found by the place the
    Trash notes for it, as other tests' trashed images may bear its name."""
    for info in (TRASH_HOME / "Trash" / "info").glob("*.trashinfo"):
        if f"Path={path}" in unquote(info.read_text(encoding="utf-8")).splitlines():
            (TRASH_HOME / "Trash" / "files" / info.stem).rename(path)
            return
    raise AssertionError(f"{path} is not in the Trash")


async def test_an_artwork_a_killed_delete_for_good_noted_but_left_is_not_removed_later(
    ledger, kie, tmp_path
):
    """A Delete for good of several notes all their images before the first row goes.
    Killed after the first, its note stayed for a later start while the library's share
    was not mounted, the note of the second, whose artwork stood, with it. The artist
    then moved that artwork to the Trash, and put its image back by hand: the next start
    removed it for good, as if that Delete for good had been asked again. A start that
    finds an artwork still there drops its note: that Delete will never remove it."""
    engine = make_engine(ledger, kie, tmp_path)
    first, second = [
        await engine.wait_for((await engine.submit(GenerateRequest(f"x{n}"))).id) for n in range(2)
    ]
    await engine.aclose()
    window = _noting_delete(ledger, [first, second])
    ledger.delete(first.id)  # the first's row went, then the window was killed
    window.kill()
    window.communicate(timeout=60)

    library, away = tmp_path / "library", tmp_path / "share"
    library.rename(away)  # the share is not mounted at the next start
    started = make_engine(ledger, kie, tmp_path, claim=JobsClaim(tmp_path / "jobs.lock"))
    await started.resume()
    await started.aclose()
    away.rename(library)
    trashing = make_engine(ledger, kie, tmp_path)
    await trashing.delete(second.id)  # to the Trash, then put back by hand
    await trashing.aclose()
    put_back_from_trash(Path(second.file_path))

    again = make_engine(ledger, kie, tmp_path, claim=JobsClaim(tmp_path / "jobs.lock"))
    await again.resume()
    await again.aclose()
    assert Path(second.file_path).is_file()
    assert not Path(first.file_path).exists()
    assert not list(ledger.path.parent.glob(f"{ledger.path.name}.deleting-*.lock"))


async def deleted_for_good(engine: JobEngine, done: list[Snapshot], *, several: bool) -> None:
    """A Delete for good of ``done``: of several (``Bridge``'s way, together), else of the
    first alone."""
    if several:
        async with engine.deleting_together([d.id for d in done], for_good=True):
            for snap in done:
                await engine.delete(snap.id, for_good=True)
    else:
        await engine.delete(done[0].id, for_good=True)


def _noting_delete(ledger: Ledger, snaps: list[Snapshot]) -> subprocess.Popen[str]:
    """Another process (a window) holding a Delete of ``snaps`` that has noted their images,
    and stays until killed."""
    script = (
        "import sys; from pathlib import Path\n"
        "from kontext_studio.jobs.deleting import Removal, hold_delete, note_removals\n"
        f"held = hold_delete(Path({str(ledger.path)!r}), {[d.id for d in snaps]})\n"
        "note_removals(held, [\n"
        + "".join(f"    Removal({d.id}, Path({d.file_path!r}), {d.sha256!r}),\n" for d in snaps)
        + "])\nprint('noted', flush=True)\nsys.stdin.read()\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stdout.readline() == "noted\n"
    return process


async def test_a_start_beside_a_command_finishes_a_killed_deletes_note_and_leaves_its_delete(
    ledger, kie, tmp_path
):
    """The window started while a command held the jobs' claim left a killed Delete for
    good's note to a later start, the note of an artwork whose row stood with it: moved to
    the Trash and put back by hand in that session, its image was removed at the next
    start. A start finishes killed Deletes whoever holds the claim; a Delete under way in
    the command (its own lock held) is left to it, its image with it."""
    engine = make_engine(ledger, kie, tmp_path)
    first, second, third = [
        await engine.wait_for((await engine.submit(GenerateRequest(f"x{n}"))).id) for n in range(3)
    ]
    await engine.aclose()
    killed = _noting_delete(ledger, [first, second])
    ledger.delete(first.id)  # the first's row went, then the window was killed
    killed.kill()
    killed.communicate(timeout=60)
    (ended,) = ledger.path.parent.glob(f"{ledger.path.name}.deleting-*.lock")

    lock = tmp_path / "library.jobs.lock"
    command = JobsClaim(lock)
    assert command.take()
    deleting = _holding_delete(ledger.path, third.id, noted=(Path(third.file_path), third.sha256))
    try:
        ledger.delete(third.id)  # the command's Delete: the row gone, its image next
        window, _window_kie, window_ledger = await guest_of(tmp_path, lock)
        assert not ended.exists()
        assert not Path(first.file_path).exists()
        assert Path(third.file_path).is_file()
        assert deleting_module.delete_under_way(ledger.path, third.id)
        await window.delete(second.id)  # to the Trash, then put back by hand
        await window.aclose()
        window_ledger.close()
        put_back_from_trash(Path(second.file_path))
    finally:
        deleting.communicate(timeout=60)
        command.release()

    again = make_engine(ledger, kie, tmp_path, claim=JobsClaim(lock))
    await again.resume()
    await again.aclose()
    assert Path(second.file_path).is_file()


async def test_a_delete_stopped_as_it_lets_go_of_its_lock_lets_go_of_it_all_the_same(
    ledger, kie, tmp_path
):
    """The window closed (a switch of mode) just as its Delete of several ended, while
    every worker thread was taken (thumbnails, publishes): the letting go of the lock that
    says a Delete runs, still waiting for a thread, was called off with the Delete. The
    window's process (the new window's, after the switch) held it for as long as it ran: a
    publish of an artwork of that Delete said it was being deleted, and the note of an
    image put back from the Trash was never taken back."""
    engine = make_engine(ledger, kie, tmp_path)
    done = await engine.wait_for((await engine.submit(GenerateRequest("x"))).id)
    queued, free = asyncio.Event(), threading.Event()
    taken = False

    class Busy(ThreadPoolExecutor):
        def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
            if taken:
                queued.set()  # work waits for the thread
            return super().submit(fn, *args, **kwargs)

    busy = Busy(max_workers=1)
    asyncio.get_running_loop().set_default_executor(busy)

    async def delete_several() -> None:
        nonlocal taken
        async with engine.deleting_together([done.id]):
            await engine.delete(done.id)
            busy.submit(free.wait, 30)  # the one worker thread taken as the Delete ends
            taken = True

    deleting = asyncio.ensure_future(delete_several())
    await queued.wait()
    deleting.cancel()  # the window closes
    with pytest.raises(asyncio.CancelledError):
        await deleting
    free.set()
    await asyncio.to_thread(lambda: None)  # after all the work queued before it

    under_way = await asyncio.to_thread(deleting_module.delete_under_way, ledger.path, done.id)
    await engine.aclose()
    assert not under_way
    assert not list(ledger.path.parent.glob(f"{ledger.path.name}.deleting-*.lock"))


@pytest.mark.skipif(sys.platform == "win32", reason="flock: Linux and macOS")
async def test_a_delete_in_a_folder_that_takes_no_locks_leaves_no_files_beside_the_library(
    ledger, kie, tmp_path, monkeypatch
):
    """A library in a folder whose file system takes no locks (a network share mounted
    without them): each Delete made five files beside it, one per try to lock the file
    that says it runs, and left them all there, for good (no start can lock them to remove
    them). The Delete goes on without that file, as in a folder where none can be made."""
    engine = make_engine(ledger, kie, tmp_path)
    done = await engine.wait_for((await engine.submit(GenerateRequest("x"))).id)
    import fcntl

    def no_locks(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, os.strerror(errno.ENOLCK))

    monkeypatch.setattr(fcntl, "flock", no_locks)
    await engine.delete(done.id)
    await engine.aclose()
    assert ledger.get(done.id) is None
    assert not list(ledger.path.parent.glob(f"{ledger.path.name}.deleting-*"))


def test_a_look_while_a_delete_writes_what_it_deletes_names_none_it_does_not(ledger, monkeypatch):
    """A Delete of thousands writes their ids into its file (60 KB for 10 000), which the
    system may write in parts. It wrote them once it held the lock: a look meanwhile (a
    publish, the taking back of a note of the Trash) read the ids written so far, 12345 cut
    to 123, and said a Delete of artwork 123 ran. A look sees the lock held only once every
    id is there."""
    halfway, go_on = threading.Event(), threading.Event()
    write = os.write
    held: list[tuple[Path, int] | None] = []

    def in_parts(fd: int, data: bytes) -> int:
        if threading.current_thread() is not deleting:
            return write(fd, data)
        written = write(fd, data[:3])
        halfway.set()
        assert go_on.wait(timeout=30)
        return written + write(fd, data[3:])

    monkeypatch.setattr(os, "write", in_parts)
    deleting = threading.Thread(  # the Delete, in a thread of its own
        target=lambda: held.append(deleting_module.hold_delete(ledger.path, [12345]))
    )
    deleting.start()
    try:
        assert halfway.wait(timeout=30)
        cut = deleting_module.delete_under_way(ledger.path, 123)
    finally:
        go_on.set()
        deleting.join(timeout=30)
    (taken,) = held
    assert taken is not None
    try:
        assert deleting_module.delete_under_way(ledger.path, 12345)
        assert not deleting_module.delete_under_way(ledger.path, 123)
    finally:
        deleting_module.release_delete(taken)
    assert not cut


async def test_download_again_of_an_unfinished_demo_job_is_refused_in_the_demo_server_s_words(
    ledger, kie, tmp_path
):
    """Before: it was refused as "Only a finished image that KIE made can be downloaded
    again.", though a demo job's image is the demo server's."""
    engine = make_engine(ledger, kie, tmp_path, simulated=True)
    job = ledger.create_job(GenerateRequest("x").validated(), simulated=True)
    failed = ledger.transition(job.id, JobState.FAILED, error_kind="server")
    with pytest.raises(InputError) as refused:
        await engine.download_again(failed.id)
    await engine.aclose()
    assert refused.value.message == (
        "Only a finished image that the demo server made can be downloaded again."
    )


async def test_a_job_cancelled_while_sending_by_an_older_version_needs_resubmit_too(
    ledger, kie, tmp_path
):
    """Before the kind was recorded, cancel left only its note on such a job."""
    snap = ledger.create_job(GenerateRequest("x").validated())
    ledger.transition(snap.id, JobState.SUBMITTING, submit_count=1)
    old = ledger.transition(snap.id, JobState.CANCELLED, error_message=CANCEL_NOTE)
    engine = make_engine(ledger, kie, tmp_path)
    assert needs_resubmit(old)
    with pytest.raises(InputError, match="only Resubmit sends it again"):
        await engine.retry(snap.id)
    await engine.aclose()
    assert kie.generate_calls == []


async def test_a_task_kie_has_no_record_of_is_sent_again_only_on_the_artists_word(
    ledger, kie, tmp_path
):
    """Before, Retry of a job whose task KIE did not know sent a new, charged generate."""
    kie.records["task-1"] = [NotFoundError("recordInfo is null", code=422)]
    engine = make_engine(ledger, kie, tmp_path, not_found_grace_s=0.0)  # KIE's word at once
    snap = await engine.submit(GenerateRequest("a lost fox"))
    assert (await engine.wait_for(snap.id)).error_kind == "not_found"

    with pytest.raises(InputError, match="charged"):
        await engine.retry(snap.id)
    assert len(kie.generate_calls) == 1
    kie.generate_script = ["task-2"]
    await engine.retry(snap.id, pay_again=True)
    final = await engine.wait_for(snap.id)
    await engine.aclose()
    assert (final.state, final.task_id) == (JobState.COMPLETED, "task-2")
    assert len(kie.generate_calls) == 2


async def test_a_demo_task_the_demo_server_has_no_record_of_is_not_said_to_be_charged(
    ledger, kie, tmp_path
):
    """Before: Retry of such a demo job (without the artist's word) was refused with "KIE
    has no record of this job's task: a retry sends it again as a new job, which is
    charged.": a demo job uses no real credits, only the demo balance goes down."""
    kie.records["task-1"] = [NotFoundError("recordInfo is null", code=422)]
    engine = make_engine(ledger, kie, tmp_path, simulated=True, not_found_grace_s=0.0)
    snap = await engine.submit(GenerateRequest("a fox the demo server lost"))
    assert (await engine.wait_for(snap.id)).error_kind == "not_found"
    with pytest.raises(InputError) as refused:
        await engine.retry(snap.id)
    await engine.aclose()
    assert explain(refused.value).message == (
        "The demo server has no record of this job's task: a retry sends it again as a new job. "
        "A demo job uses no real credits: only the demo balance goes down."
    )
    assert len(kie.generate_calls) == 1


async def test_resubmit_is_explicit_for_unknown_jobs(ledger, kie, tmp_path):
    kie.generate_script = [OutcomeUnknownError("no answer")]
    engine = make_engine(ledger, kie, tmp_path)
    snap = await engine.submit(GenerateRequest("x"))
    assert (await engine.wait_for(snap.id)).state is JobState.UNKNOWN
    with pytest.raises(InputError, match="only Resubmit sends it again"):
        await engine.retry(snap.id)
    await engine.resubmit(snap.id)
    final = await engine.wait_for(snap.id)
    await engine.aclose()
    assert final.state is JobState.COMPLETED
    assert len(kie.generate_calls) == 2


async def test_edit_uploads_a_kept_copy_of_the_reference(ledger, kie, tmp_path):
    reference = tmp_path / "cat.png"
    reference.write_bytes(png_bytes((80, 80)))
    engine = make_engine(ledger, kie, tmp_path)
    snap = await engine.submit(
        GenerateRequest("make it night", aspect_ratio=None, image_path=str(reference))
    )
    reference.unlink()  # the artist moves the original away; the job kept its own copy
    final = await engine.wait_for(snap.id)
    await engine.aclose()
    assert final.state is JobState.COMPLETED
    body = kie.generate_calls[0]
    assert body["inputImage"].startswith("https://files.example/kontext-studio/")
    assert "aspectRatio" not in body
    assert final.request.image_sha256 == hashlib.sha256(png_bytes((80, 80))).hexdigest()


async def test_the_reference_copy_is_looked_for_off_the_event_loops_thread(
    ledger, kie, tmp_path, monkeypatch
):
    """The window's loop runs the engine: a library folder on a share that does not answer
    held the whole window while the copy's presence was asked."""
    reference = tmp_path / "cat.png"
    reference.write_bytes(png_bytes((80, 80)))
    engine = make_engine(ledger, kie, tmp_path)
    looked_on: list[threading.Thread] = []
    is_file = Path.is_file

    def recording(path: Path) -> bool:
        if path.parent == engine.references_dir:
            looked_on.append(threading.current_thread())
        return is_file(path)

    monkeypatch.setattr(Path, "is_file", recording)
    snap = await engine.submit(
        GenerateRequest("make it night", aspect_ratio=None, image_path=str(reference))
    )
    final = await engine.wait_for(snap.id)
    await engine.aclose()
    assert final.state is JobState.COMPLETED and kie.uploads
    assert looked_on and threading.main_thread() not in looked_on


async def test_a_turned_photo_whose_upright_copy_is_over_kies_limit_is_sent_scaled_to_fit(
    ledger, kie, tmp_path
):
    """A 20 MP phone photo of 14 MB, stored turned: its upright copy, encoded anew, is over
    the 20 MB a reference may be. Before: the job was refused. Now the copy is scaled down
    until it fits, and the job is made with it."""
    reference = tmp_path / "phone.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # shown turned a quarter clockwise: a portrait photo
    noise = Image.frombytes("RGB", (5000, 4000), random.Random(7).randbytes(5000 * 4000 * 3))
    noise.save(reference, "JPEG", exif=exif, quality=85)
    assert reference.stat().st_size < REFERENCE_LIMITS.max_bytes  # the file itself passes

    await _sent_reference(ledger, kie, tmp_path, reference)

    assert kie.uploads[0].stat().st_size <= REFERENCE_LIMITS.max_bytes
    with Image.open(kie.uploads[0]) as sent:
        assert sent.format == "JPEG" and sent.height > sent.width  # upright
        assert abs(sent.height / sent.width - 5000 / 4000) < 0.01


async def test_a_24_mp_photo_is_sent_as_a_copy_within_kies_limits(ledger, kie, tmp_path):
    """Before: "camera.jpg is 6000×4000 (24 MP); the limit is 20 MP", and the artist had to
    scale it down elsewhere. Now a copy scaled down to fit is sent; the file is unchanged."""
    reference = tmp_path / "camera.jpg"
    exif = Image.Exif()
    exif[0x8825] = {2: (52.0, 31.0, 0.0)}  # where it was taken
    Image.linear_gradient("L").resize((6000, 4000)).convert("RGB").save(
        reference, "JPEG", quality=90, exif=exif
    )
    original = reference.read_bytes()

    await _sent_reference(ledger, kie, tmp_path, reference)

    assert reference.read_bytes() == original
    with Image.open(kie.uploads[0]) as sent:
        assert sent.format == "JPEG" and not sent.getexif()
        assert 19_000_000 < sent.width * sent.height <= REFERENCE_LIMITS.max_pixels
        assert abs(sent.width / sent.height - 1.5) < 0.001
    assert kie.uploads[0].stat().st_size <= REFERENCE_LIMITS.max_bytes


async def test_a_photo_stored_turned_is_uploaded_upright_without_its_exif(ledger, kie, tmp_path):
    reference = tmp_path / "phone.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # shown turned a quarter clockwise: a portrait photo
    exif[0x8825] = {2: (52.0, 31.0, 0.0)}  # where it was taken
    stored = Image.new("RGB", (80, 40), "red")
    stored.paste(Image.new("RGB", (10, 40), "blue"), (0, 0))  # the shown top edge is blue
    stored.save(reference, "JPEG", exif=exif, quality=95, comment=b"Pixel 8, Lisbon")
    engine = make_engine(ledger, kie, tmp_path)
    snap = await engine.submit(
        GenerateRequest("make it night", aspect_ratio=None, image_path=str(reference))
    )
    final = await engine.wait_for(snap.id)
    await engine.aclose()

    assert final.state is JobState.COMPLETED
    with Image.open(kie.uploads[0]) as sent:
        assert sent.format == "JPEG"
        assert sent.size == (40, 80)
        assert 0x0112 not in sent.getexif() and 0x8825 not in sent.getexif()
        assert "comment" not in sent.info  # as an upright photo's (what describes it)
        red, _, blue = sent.convert("RGB").getpixel((20, 2))
        assert blue > 200 and red < 60
    assert final.request.image_sha256 == hashlib.sha256(reference.read_bytes()).hexdigest()


async def test_an_upright_photo_is_sent_without_its_location_and_not_re_encoded(
    ledger, kie, tmp_path
):
    reference = tmp_path / "street.jpg"
    exif = Image.Exif()
    exif[0x8825] = {2: (52.0, 31.0, 0.0)}  # where it was taken
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    Image.effect_noise((64, 48), 60).convert("RGB").save(
        reference, "JPEG", exif=exif, icc_profile=profile, comment=b"shot on a phone"
    )
    sent_bytes = await _sent_reference(ledger, kie, tmp_path, reference)
    with Image.open(kie.uploads[0]) as sent, Image.open(reference) as original:
        assert not sent.getexif() and "comment" not in sent.info
        assert sent.info["icc_profile"] == profile  # the colours are drawn the same
        assert sent.tobytes() == original.tobytes()
    original_scan = reference.read_bytes()
    assert original_scan[original_scan.index(b"\xff\xda") :] in sent_bytes  # not re-encoded


@pytest.mark.parametrize("kind", ["second picture", "motion photo", "progressive"])
async def test_what_a_phone_puts_after_the_photo_is_not_sent(ledger, kie, tmp_path, kind):
    """A phone's JPEG may carry more after the end of its image: a second picture with its
    own Exif (an MPO, an HDR gain map) or the video of a motion photo, with the place."""
    reference = tmp_path / "phone.jpg"
    exif = Image.Exif()
    exif[0x8825] = {2: (52.0, 31.0, 0.0)}
    exif[0x010F] = "PhoneMaker"
    picture = Image.effect_noise((64, 48), 60).convert("RGB")
    if kind == "second picture":
        depth = Image.new("RGB", (32, 24), "blue")
        picture.save(reference, "MPO", save_all=True, append_images=[depth], exif=exif)
    else:
        picture.save(reference, "JPEG", exif=exif, progressive=kind == "progressive")
        video = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\xa9xyz+52.5-009.1/"
        reference.write_bytes(reference.read_bytes() + video)
    sent_bytes = await _sent_reference(ledger, kie, tmp_path, reference)
    assert b"PhoneMaker" not in sent_bytes and b"+52.5" not in sent_bytes
    assert sent_bytes.endswith(b"\xff\xd9")
    with Image.open(kie.uploads[0]) as sent, Image.open(reference) as original:
        assert sent.format == "JPEG" and not sent.getexif()
        assert sent.tobytes() == original.tobytes()


def _photo_with_location(path: Path, fmt: str, orientation: int = 1) -> None:
    """Save a picture at ``path`` as a phone or an editor would: Exif with a GPS position
    (and ``orientation``), XMP and, for a PNG, a comment and a time."""
    exif = Image.Exif()
    exif[0x8825] = {2: (52.0, 31.0, 0.0)}  # where it was taken
    if orientation != 1:
        exif[0x0112] = orientation
    picture = Image.effect_noise((64, 48), 60).convert("RGBA")
    picture.putpixel((0, 0), (10, 20, 30, 0))  # transparency must survive
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><exif:GPSLatitude>52,31N</exif:GPSLatitude>'
    if fmt == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_itxt("XML:com.adobe.xmp", xmp.decode())
        text.add_text("Comment", "Lisbon, at home")
        text.add(b"tIME", b"\x07\xea\x0b\x1e\x0c\x00\x00")
        picture.save(path, "PNG", exif=exif, pnginfo=text, icc_profile=profile)
    else:
        picture.save(path, "WEBP", exif=exif, xmp=xmp, icc_profile=profile, lossless=True)


async def _sent_reference(ledger, kie, tmp_path, reference: Path) -> bytes:
    """Edit with ``reference`` to completion; returns the bytes uploaded to KIE."""
    engine = make_engine(ledger, kie, tmp_path)
    snap = await engine.submit(
        GenerateRequest("make it night", aspect_ratio=None, image_path=str(reference))
    )
    assert (await engine.wait_for(snap.id)).state is JobState.COMPLETED
    await engine.aclose()
    return kie.uploads[0].read_bytes()


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
async def test_an_upright_png_or_webp_is_sent_without_its_location_and_not_re_encoded(
    ledger, kie, tmp_path, fmt
):
    reference = tmp_path / f"street.{fmt.lower()}"
    _photo_with_location(reference, fmt)
    sent_bytes = await _sent_reference(ledger, kie, tmp_path, reference)
    assert b"52,31N" not in sent_bytes and b"Lisbon" not in sent_bytes
    with Image.open(kie.uploads[0]) as sent:
        assert sent.format == fmt
        assert not sent.getexif()
        assert not {"xmp", "XML:com.adobe.xmp", "Comment", "exif"} & set(sent.info)
        assert "icc_profile" in sent.info  # the colours are drawn the same
        with Image.open(reference) as original:
            assert sent.tobytes() == original.tobytes()
            assert original.getexif()  # the original is left as it was
        assert sent.getpixel((0, 0))[3] == 0  # transparent still
    if fmt == "PNG":
        idat = reference.read_bytes().index(b"IDAT")
        assert reference.read_bytes()[idat : idat + 200] in sent_bytes  # not re-encoded


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
async def test_a_turned_png_or_webp_is_sent_upright_without_its_location(
    ledger, kie, tmp_path, fmt
):
    reference = tmp_path / f"phone.{fmt.lower()}"
    _photo_with_location(reference, fmt, orientation=6)
    sent_bytes = await _sent_reference(ledger, kie, tmp_path, reference)
    assert b"52,31N" not in sent_bytes and b"Lisbon" not in sent_bytes
    with Image.open(kie.uploads[0]) as sent:
        assert sent.size == (48, 64)
        assert not sent.getexif()


def _gif_with_private_data(path: Path) -> None:
    """An animated GIF as an editor may leave it: two frames with their timing and a
    transparent colour, looping, with a comment, an XMP packet (built as Adobe writes it:
    the packet raw, then a "magic trailer" that any reader of sub-blocks steps through)
    and another program's private application extension."""
    first = Image.new("P", (24, 16), 1)
    first.putpalette([0, 0, 0, 255, 0, 0, 0, 0, 255] + [0] * 759)
    first.paste(0, (0, 0, 8, 16))
    second = first.copy()
    second.paste(2, (8, 0, 24, 16))
    out = io.BytesIO()
    first.save(
        out, "GIF", save_all=True, append_images=[second], duration=[120, 250], loop=0,
        transparency=0, comment=b"Lisbon, at home",
    )  # fmt: skip
    data = out.getvalue()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><exif:GPSLatitude>52,31N</exif:GPSLatitude>'
    xmp += b"</x:xmpmeta>"
    magic = b"\x01" + bytes(range(255, -1, -1)) + b"\x00"
    extensions = b"!\xff\x0bXMP DataXMP" + xmp + magic
    extensions += b"!\xff\x0bPHOTOEDIT10\x0cAda Lovelace\x00"
    first_image = data.index(b"!\xf9")  # the first frame's graphic control extension
    path.write_bytes(data[:first_image] + extensions + data[first_image:])


def _frames(image: Image.Image) -> list[tuple[bytes, int]]:
    frames = []
    for number in range(image.n_frames):
        image.seek(number)
        frames.append((image.convert("RGBA").tobytes(), image.info["duration"]))
    return frames


async def test_a_gif_is_sent_without_its_comment_xmp_and_private_data(ledger, kie, tmp_path):
    reference = tmp_path / "loop.gif"
    _gif_with_private_data(reference)
    with Image.open(reference) as original:
        assert original.info["comment"] == b"Lisbon, at home"
    sent_bytes = await _sent_reference(ledger, kie, tmp_path, reference)
    assert b"Lisbon" not in sent_bytes and b"52,31N" not in sent_bytes
    assert b"Ada Lovelace" not in sent_bytes
    with Image.open(kie.uploads[0]) as sent, Image.open(reference) as original:
        assert sent.format == "GIF" and "comment" not in sent.info
        assert sent.info["loop"] == 0
        assert _frames(sent) == _frames(original)  # timing and transparency too
        sent.seek(0)
        assert sent.convert("RGBA").getpixel((0, 0))[3] == 0  # transparent still
    original_bytes = reference.read_bytes()
    image_data = original_bytes[original_bytes.index(b",\x00\x00\x00\x00") :][:40]
    assert image_data in sent_bytes  # not re-encoded


async def test_reuse_settings_of_an_edit_sends_its_kept_copy_as_it_is(ledger, kie, tmp_path):
    """Reuse settings of an edit loads the job's kept copy as the reference: the next job
    sends that copy, the same file and the same upload. Before, it was copied again under a
    name of its own, and uploaded again."""
    reference = tmp_path / "cat.png"
    described = PngImagePlugin.PngInfo()
    described.add_text("Comment", "my cat, at home")  # left out of the copy: another file
    Image.new("RGB", (80, 80), (200, 120, 40)).save(reference, pnginfo=described)
    engine = make_engine(ledger, kie, tmp_path)
    request = GenerateRequest("make it night", aspect_ratio=None, image_path=str(reference))
    first = await engine.wait_for((await engine.submit(request)).id)
    reused = replace(first.request, prompt="add a red moon")
    second = await engine.wait_for((await engine.submit(reused)).id)
    await engine.aclose()
    assert second.state is JobState.COMPLETED
    assert second.request.image_path == first.request.image_path
    assert second.request.image_name == "cat.png"
    assert len(list(Path(first.request.image_path or "").parent.iterdir())) == 1
    assert len(kie.uploads) == 1


async def test_a_gif_kept_unstripped_by_an_earlier_version_is_not_sent_again(ledger, kie, tmp_path):
    """Earlier versions kept a GIF as it came, under the name a copy has now: the job
    would have sent that copy, comment and all."""
    reference = tmp_path / "loop.gif"
    _gif_with_private_data(reference)
    digest = hashlib.sha256(reference.read_bytes()).hexdigest()
    old = tmp_path / "library" / "references" / f"{digest}.sent3.gif"
    old.parent.mkdir(parents=True)
    old.write_bytes(reference.read_bytes())
    sent_bytes = await _sent_reference(ledger, kie, tmp_path, reference)
    assert b"Lisbon" not in sent_bytes and b"Ada Lovelace" not in sent_bytes


async def test_frozen_request_ignores_later_changes(ledger, kie, tmp_path):
    engine = make_engine(ledger, kie, tmp_path)
    request = GenerateRequest("  a castle  ", model="max", aspect_ratio="9:16", safety_tolerance=9)
    final = await engine.wait_for((await engine.submit(request)).id)
    await engine.aclose()
    body = kie.generate_calls[0]
    assert body["prompt"] == "a castle"
    assert body["model"] == "flux-kontext-max"
    assert body["aspectRatio"] == "9:16"
    assert body["safetyTolerance"] == 6
    assert final.request.model == "flux-kontext-max"


async def test_a_write_still_in_flight_when_the_job_is_cancelled_still_reaches_the_window(
    ledger: Ledger, kie: FakeKie, tmp_path: Path
) -> None:
    """The artist cancels just as the result is being recorded: the row ends ``completed``
    and the listeners hear it, instead of a tile stuck at "Downloading" until a restart."""
    engine = make_engine(ledger, kie, tmp_path)
    seen: list[JobState] = []
    engine.subscribe(lambda snap: seen.append(snap.state))
    gate, entered = threading.Event(), threading.Event()
    real = ledger.transition

    def slow(job_id: int, new: JobState, **values: object) -> object:
        if new is JobState.COMPLETED:
            entered.set()
            gate.wait(5)
        return real(job_id, new, **values)

    ledger.transition = slow  # type: ignore[method-assign]
    snap = await engine.submit(GenerateRequest("a fox"))
    while not entered.is_set():
        await asyncio.sleep(0.01)
    cancel = asyncio.ensure_future(engine.cancel(snap.id))
    await asyncio.sleep(0.05)
    gate.set()
    await asyncio.gather(cancel, return_exceptions=True)
    await engine.aclose()
    assert ledger.get(snap.id).state is JobState.COMPLETED
    assert seen[-1] is JobState.COMPLETED


def _bug_once(kie: FakeKie, method: str) -> None:
    """The first call of ``method`` raises what no handler expects: a bug in the app."""
    real = getattr(kie, method)
    calls = {"n": 0}

    async def buggy(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("a bug")
        return await real(*args, **kwargs)

    setattr(kie, method, buggy)


@pytest.mark.parametrize("method", ["upload_file", "record_info", "fetch"])
async def test_a_bug_stops_the_job_visibly_and_retry_follows_it_without_paying_twice(
    ledger: Ledger, kie: FakeKie, tmp_path: Path, method: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Before, the job kept its running state (its tile said "Generating" until a restart)
    while nothing ran it any more."""
    reference = tmp_path / "cat.png"
    reference.write_bytes(png_bytes((80, 80)))
    _bug_once(kie, method)
    engine = make_engine(ledger, kie, tmp_path)
    seen: list[JobState] = []
    engine.subscribe(lambda snap: seen.append(snap.state))
    snap = await engine.submit(
        GenerateRequest("make it night", aspect_ratio=None, image_path=str(reference))
    )
    stopped = await engine.wait_for(snap.id)

    assert stopped.state is JobState.FAILED
    assert stopped.error_kind == "internal"
    assert seen[-1] is JobState.FAILED  # the window heard it
    assert any(r.exc_info and getattr(r, "event", "") == "job_crashed" for r in caplog.records)
    await engine.retry(snap.id)
    final = await engine.wait_for(snap.id)
    await engine.aclose()
    assert final.state is JobState.COMPLETED
    assert len(kie.generate_calls) == 1


async def test_a_bug_while_sending_leaves_the_job_unknown_not_sent_again(
    ledger: Ledger, kie: FakeKie, tmp_path: Path
) -> None:
    _bug_once(kie, "generate")
    engine = make_engine(ledger, kie, tmp_path)
    snap = await engine.submit(GenerateRequest("a storm"))
    stopped = await engine.wait_for(snap.id)
    with pytest.raises(InputError):
        await engine.retry(snap.id)
    await engine.aclose()
    assert stopped.state is JobState.UNKNOWN
    assert stopped.error_kind == "outcome_unknown"
    assert "may or may not have been charged" in stopped.error_message
    assert kie.generate_calls == []  # the bug struck before the call was recorded


@pytest.mark.parametrize(("method", "state"), [("generate", "submitting"), ("record_info", "")])
async def test_a_crashed_run_a_command_cancels_meanwhile_stays_as_the_command_left_it(
    ledger: Ledger,
    kie: FakeKie,
    tmp_path: Path,
    method: str,
    state: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A bug stops the job's run; a command cancels the job before the stop is written.
    Before: the stop's write (refused: the job was cancelled) escaped as a second "job
    crashed", the one a crash count or a diagnostic would read, though nothing crashed."""
    _bug_once(kie, method)
    command_ledger = Ledger.open(tmp_path / "library.sqlite3")
    kind = "outcome_unknown" if state else ""
    note = CANCEL_NOTE

    def command_cancels() -> None:
        newest = command_ledger.search(limit=1)[0]
        command_ledger.transition(
            newest.id, JobState.CANCELLED, error_kind=kind, error_message=note
        )

    moved_on_after_the_engine_reads(ledger, command_cancels)
    caplog.set_level(logging.INFO, logger=engine_module.__name__)
    engine = make_engine(ledger, kie, tmp_path)
    try:
        snap = await engine.submit(GenerateRequest("a storm"))
        stopped = await engine.wait_for(snap.id)
    finally:
        await engine.aclose()
        command_ledger.close()
    assert (stopped.state, stopped.error_kind, stopped.error_message) == (
        JobState.CANCELLED,
        kind,
        note,
    )
    crashes = [r for r in caplog.records if getattr(r, "event", "") == "job_crashed"]
    assert [type(r.exc_info[1]) for r in crashes] == [RuntimeError]  # the bug, once
    assert any(getattr(r, "event", "") == "job_left" for r in caplog.records)


@pytest.mark.parametrize("failing", [JobState.GENERATING, JobState.DOWNLOADING])
async def test_a_database_error_after_the_task_was_made_never_leads_to_paying_twice(
    ledger: Ledger, kie: FakeKie, tmp_path: Path, failing: JobState
) -> None:
    """Recording the task id (or its result link) fails once (another program held the
    library locked). Before, the job failed as any storage error and Retry queued it again:
    a second generate, a second charge. Later, a task id not recorded left the job
    unknown: the task KIE made and charged was lost, and only Resubmit, paying again,
    brought its image. The stop keeps the task id now, and Retry follows it."""
    real = ledger.transition
    failed = {"done": False}

    def once(job_id: int, new: JobState, **values: object) -> object:
        if new is failing and not failed["done"]:
            failed["done"] = True
            raise StorageError("database is locked")
        return real(job_id, new, **values)

    ledger.transition = once  # type: ignore[method-assign]
    engine = make_engine(ledger, kie, tmp_path)
    snap = await engine.submit(GenerateRequest("a lighthouse"))
    stopped = await engine.wait_for(snap.id)
    assert (stopped.state, stopped.error_kind) == (JobState.FAILED, "storage")
    assert stopped.task_id  # kept: the stop was recorded
    assert "database is locked" in stopped.error_message
    await engine.retry(snap.id)
    assert (await engine.wait_for(snap.id)).state is JobState.COMPLETED
    await engine.aclose()
    assert len(kie.generate_calls) == 1


@pytest.mark.parametrize("elsewhere", ["cancelled", "sent-again"])
async def test_a_task_whose_id_could_not_be_recorded_as_another_process_stopped_the_job_is_kept(
    ledger: Ledger, kie: FakeKie, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, elsewhere: str
) -> None:
    """KIE answers the send with its task, and recording it fails (another program held the
    library locked) just as a command cancels the job (and sends it again). Before, the
    stop found the row changed and left it so: the task KIE made and charged was nowhere,
    the cancelled job asked for Resubmit (paying again), and beside the job sent again the
    artist never got the image. The cancelled job keeps the task for a free Retry; beside
    the job sent again, the task is an artwork of its own, followed to its image."""
    engine = make_engine(ledger, kie, tmp_path)
    command = Ledger.open(tmp_path / "library.sqlite3")
    move = engine._move

    async def locked_as_the_command_stops_it(
        job_id: int, state: JobState, **kwargs: Any
    ) -> Snapshot:
        if state is JobState.GENERATING and kwargs.get("task_id") == "task-1":
            command.transition(job_id, JobState.CANCELLED, error_message=CANCEL_NOTE)
            if elsewhere == "sent-again":
                command.transition(job_id, JobState.QUEUED, error_message="")
                command.transition(job_id, JobState.SUBMITTING, submit_count=2)
            raise StorageError("database is locked")
        return await move(job_id, state, **kwargs)

    monkeypatch.setattr(engine, "_move", locked_as_the_command_stops_it)
    try:
        job = await engine.submit(GenerateRequest("a lighthouse stopped twice"))
        await engine.wait_idle()
        if elsewhere == "cancelled":
            kept = ledger.get(job.id)
            assert (kept.state, kept.task_id) == (JobState.CANCELLED, "task-1")
            assert kept.error_message == LATE_TASK_NOTE and not needs_resubmit(kept)
            await engine.retry(job.id)
            await engine.wait_idle()
    finally:
        await engine.aclose()
        command.close()
    artworks = sorted(ledger.search(), key=lambda s: s.id)
    completed = [s for s in artworks if s.state is JobState.COMPLETED]
    assert [s.task_id for s in completed] == ["task-1"]
    assert Path(completed[0].file_path).is_file()
    assert len(artworks) == (1 if elsewhere == "cancelled" else 2)
    assert len(kie.generate_calls) == 1


def fill_the_disk(ledger: Ledger, step: JobState) -> dict[str, bool]:
    """A full disk for ``ledger``: a move to ``step``, and the failure or unknown outcome
    recorded after it, fail while the returned ``{"full": ...}`` says so."""
    real = ledger.transition
    disk = {"full": True}

    def full(job_id: int, new: JobState, **values: object) -> object:
        if disk["full"] and new in (step, JobState.FAILED, JobState.UNKNOWN):
            raise StorageError("database or disk is full")
        return real(job_id, new, **values)

    ledger.transition = full  # type: ignore[method-assign]
    return disk


async def test_a_task_not_recorded_until_the_close_of_a_job_sent_again_meanwhile_is_followed(
    ledger: Ledger, kie: FakeKie, tmp_path: Path
) -> None:
    """A full disk: neither the task id KIE answered the send with nor the job's stop can be
    recorded. A command sends the job again meanwhile; then the app closes, with space
    again. Before, the close found the row changed and only logged that a task was not
    recorded (without its id): the image paid for was lost. It is an artwork of its own
    now, which the next start follows to its image without sending anything again."""
    disk = fill_the_disk(ledger, JobState.GENERATING)
    engine = make_engine(ledger, kie, tmp_path)
    command = Ledger.open(tmp_path / "library.sqlite3")
    try:
        job = await engine.submit(GenerateRequest("a harbour sent twice"))
        await engine.wait_idle()
        assert engine.as_shown(ledger.get(job.id)).task_id == "task-1"  # shown, not written
        command.transition(job.id, JobState.CANCELLED, error_message=CANCEL_NOTE)
        command.transition(job.id, JobState.QUEUED, error_message="")
        command.transition(job.id, JobState.SUBMITTING, submit_count=2)  # its send is out
        disk["full"] = False
    finally:
        await engine.aclose()
        command.close()
    (own,) = [s for s in ledger.search() if s.id != job.id]
    assert (own.state, own.task_id, own.prompt) == (JobState.GENERATING, "task-1", job.prompt)

    again = make_engine(ledger, kie, tmp_path)  # the next start
    try:
        assert sorted(await again.resume()) == [job.id, own.id]
        await again.wait_idle()
    finally:
        await again.aclose()
    final = ledger.get(own.id)
    assert final.state is JobState.COMPLETED and Path(final.file_path).is_file()
    assert ledger.get(job.id).state is JobState.UNKNOWN  # caught sending: Resubmit's
    assert len(kie.generate_calls) == 1


async def test_cancel_of_a_job_whose_task_could_not_be_recorded_keeps_the_task(
    ledger: Ledger, kie: FakeKie, tmp_path: Path
) -> None:
    """A full disk: neither the task id KIE answered the send with nor the job's stop could
    be recorded, and the window shows the job failed with its task. The artist cancels it
    once there is space again. Before, Cancel forgot the task: the job said its send may
    have been charged, and only Resubmit, paying again, brought the image KIE had made.
    The cancelled job keeps the task now, and Retry fetches its image without paying."""
    disk = fill_the_disk(ledger, JobState.GENERATING)
    engine = make_engine(ledger, kie, tmp_path)
    try:
        job = await engine.submit(GenerateRequest("a harbour cancelled after a full disk"))
        await engine.wait_idle()
        disk["full"] = False
        cancelled = await engine.cancel(job.id)
        assert (cancelled.state, cancelled.task_id) == (JobState.CANCELLED, "task-1")
        assert cancelled.error_message == LATE_TASK_NOTE and not needs_resubmit(cancelled)
        await engine.retry(job.id)
        final = await engine.wait_for(job.id)
    finally:
        await engine.aclose()
    assert (final.state, final.task_id) == (JobState.COMPLETED, "task-1")
    assert len(kie.generate_calls) == 1


@pytest.mark.parametrize("failing", [JobState.DOWNLOADING, JobState.GENERATING])
async def test_a_stop_that_cannot_be_recorded_is_shown_and_retry_carries_the_job_on(
    ledger: Ledger, kie: FakeKie, tmp_path: Path, failing: JobState
) -> None:
    """A full disk: recording the next step fails, and so does recording the failure. Before,
    the tile said "Generating" until a restart while nothing ran the job. A task id that
    could not be recorded (``generating``) was lost: Retry marked the job unknown, and only
    Resubmit, paying again, brought its image; Retry follows that task now."""
    disk = fill_the_disk(ledger, failing)
    engine = make_engine(ledger, kie, tmp_path)
    seen: list[Snapshot] = []
    engine.subscribe(seen.append)
    shown: list[JobState] = []  # what a view reading the ledger at each event would show
    engine.subscribe(lambda event: shown.append(engine.as_shown(ledger.get(event.id)).state))
    snap = await engine.submit(GenerateRequest("a harbour at dawn"))
    waited = await engine.wait_for(snap.id)
    row = ledger.get(snap.id)

    assert row is not None and row.state.is_active  # nothing could be written...
    assert waited.state is JobState.FAILED  # ...but a command waiting for the job is told
    assert (seen[-1].state, seen[-1].error_kind) == (JobState.FAILED, "storage")  # ...but shown
    assert "disk is full" in seen[-1].error_message
    assert engine.as_shown(row).state is JobState.FAILED  # and so is the row, read again
    disk["full"] = False
    seen.clear()
    shown.clear()
    await engine.retry(snap.id)
    final = await engine.wait_for(snap.id)
    await engine.aclose()
    assert final.state is JobState.COMPLETED
    assert seen[0].state in (row.state, JobState.GENERATING)  # the tile runs again
    assert shown[0] is seen[0].state  # a reload at that moment agrees
    assert seen[-1].state is JobState.COMPLETED
    assert len(kie.generate_calls) == 1  # the task followed, never sent again


async def test_a_worded_failure_is_kept_with_the_job_and_read_in_the_installed_language(
    ledger: Ledger, kie: FakeKie, tmp_path: Path
) -> None:
    """Before, only the English detail was kept: a failed tile in Chinese read "…（The
    reference image fox.png is no longer on disk.）"."""
    gone = tmp_path / "fox.png"
    request = GenerateRequest("make it night", aspect_ratio=None, image_path=str(gone))
    job = ledger.create_job(request)
    engine = make_engine(ledger, kie, tmp_path)
    await engine.resume()
    await engine.wait_for(job.id)
    await engine.aclose()
    stored = Ledger.open(tmp_path / "library.sqlite3").get(job.id)  # as the next start reads it

    assert stored is not None
    assert stored.error_message == "The reference image fox.png is no longer on disk."
    template = "The reference image {name} is no longer on disk."
    i18n.install(lambda context, text: "参考图片 {name} 已不在磁盘上。" if text == template else "")
    try:
        assert stored.error_detail == "参考图片 fox.png 已不在磁盘上。"
    finally:
        i18n.install(None)
    assert stored.error_detail == "The reference image fox.png is no longer on disk."


async def test_a_job_whose_request_names_a_relative_reference_uploads_no_file_of_the_current_folder(
    ledger: Ledger, kie: FakeKie, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A queued job whose request (another program's, an old version's) names "fox.png", no
    folder, as its reference: its send found the file of that name in the app's current
    folder (the artist's home folder, often) and uploaded a stranger's picture to KIE. The
    job fails saying its reference is not on disk; nothing is uploaded."""
    artists_file_in_the_current_folder(tmp_path, monkeypatch, "fox.png")
    request = GenerateRequest("make it night", aspect_ratio=None, image_path="fox.png")
    job = ledger.create_job(request)
    engine = make_engine(ledger, kie, tmp_path)
    await engine.resume()
    final = await engine.wait_for(job.id)
    await engine.aclose()
    assert kie.uploads == []
    assert final.state is JobState.FAILED
    assert final.error_message == "The reference image fox.png is no longer on disk."


async def test_a_job_resumed_after_a_restart_times_out_when_it_would_have(
    ledger: Ledger, kie: FakeKie, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """KIE cannot be reached while a job generates, and the app quits. Before, the note that
    said so moved the moment the job's timeout is measured from, so after a restart the job
    waited up to one more timeout window before it timed out."""
    clock = {"now": 1000.0}
    monkeypatch.setattr(engine_module.time, "time", lambda: clock["now"])
    job = ledger.create_job(GenerateRequest("a slow fox").validated())
    ledger.transition(job.id, JobState.SUBMITTING)
    ledger.transition(job.id, JobState.GENERATING, task_id="task-1", submitted_at=1000.0)
    kie.records["task-1"] = [NetworkError("down")]
    first = make_engine(ledger, kie, tmp_path, poll_timeout_s=600.0)
    noted = asyncio.Event()
    first.subscribe(lambda snap: snap.error_kind == "network" and noted.set())
    clock["now"] = 1500.0  # within the job's window (it ends at 1600)
    await first.resume()
    await noted.wait()
    await first.aclose()  # the app quits

    clock["now"] = 1700.0  # restarted past the window's end: KIE's first answer times it out
    kie.records["task-1"] = [running("task-1")]
    second = make_engine(ledger, kie, tmp_path, poll_timeout_s=600.0)
    await second.resume()
    final = await second.wait_for(job.id)
    await second.aclose()
    assert final.state is JobState.TIMEOUT
    assert len(kie.generate_calls) == 0


async def test_a_poll_note_that_cannot_be_written_is_left_and_the_job_carries_on(
    ledger: Ledger, kie: FakeKie, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The disk is full while KIE cannot be reached: the note saying so cannot be written.
    Before, the job stopped as a storage error although the note only informs."""
    real = ledger.note

    def full(job_id: int, **values: object) -> object:
        raise StorageError("database or disk is full")

    ledger.note = full  # type: ignore[method-assign]
    kie.records["task-1"] = [NetworkError("down"), NetworkError("down"), done("task-1")]
    engine = make_engine(ledger, kie, tmp_path)
    final = await engine.wait_for((await engine.submit(GenerateRequest("a full disk"))).id)
    await engine.aclose()
    ledger.note = real  # type: ignore[method-assign]
    assert (final.state, final.error_kind) == (JobState.COMPLETED, "")
    assert Path(final.file_path).is_file()
    assert "poll note not recorded" in caplog.text
    assert len(kie.generate_calls) == 1


async def test_a_job_of_the_other_mode_is_left_for_it_never_failed(ledger, kie, tmp_path):
    """A live job (paid, running at KIE) was failed as "not found" when the app next started
    in demo mode (key removed, keyring locked, ``--demo`` from the terminal): the simulator
    knows nothing of KIE's tasks, and Retry then offered to pay again. Each mode now carries
    on only its own jobs; the others wait, untouched, for theirs."""
    live = ledger.create_job(GenerateRequest("a paid fox").validated())
    ledger.transition(live.id, JobState.SUBMITTING)
    ledger.transition(live.id, JobState.GENERATING, task_id="task-live", submitted_at=1.0)
    demo = ledger.create_job(GenerateRequest("a demo owl").validated(), simulated=True)
    ledger.transition(demo.id, JobState.SUBMITTING)
    ledger.transition(demo.id, JobState.GENERATING, task_id="task-demo", submitted_at=1.0)

    in_demo = make_engine(ledger, kie, tmp_path, simulated=True)
    assert await in_demo.resume() == [demo.id]
    await in_demo.wait_idle()
    with pytest.raises(InputError, match="live mode"):
        await in_demo.retry(live.id)
    made = await in_demo.wait_for((await in_demo.submit(GenerateRequest("a demo hare"))).id)
    await in_demo.aclose()
    assert in_demo.other_mode_jobs == [live.id]
    assert ledger.get(live.id).state is JobState.GENERATING  # untouched, still KIE's
    assert ledger.get(demo.id).state is JobState.COMPLETED
    assert ledger.get(made.id).simulated

    back_live = make_engine(ledger, kie, tmp_path)
    assert await back_live.resume() == [live.id]
    await back_live.wait_idle()
    await back_live.aclose()
    assert ledger.get(live.id).state is JobState.COMPLETED
    assert len(kie.generate_calls) == 1  # the new demo job's: nothing was sent again


def reference_image(folder: Path, name: str, colour: tuple[int, int, int]) -> Path:
    path = folder / name
    Image.new("RGB", (32, 24), colour).save(path, "PNG")
    return path


def age(folder: Path, days: float) -> None:
    """Make every file in ``folder`` look last written ``days`` ago."""
    then = time.time() - days * 24 * 3600
    for path in folder.iterdir():
        os.utime(path, (then, then))


async def test_reference_copies_no_job_names_are_cleaned_up_and_the_others_kept(
    ledger, kie, tmp_path
):
    """Before: every kept copy stayed for good, those of deleted jobs too. Now only what no
    job names goes: a running job's, a failed one's (a Retry uploads it again once its
    upload is a day old) and a finished edit's (shown beside its result) stay."""
    originals = tmp_path / "originals"
    originals.mkdir()

    def edit(prompt: str, colour: tuple[int, int, int]) -> GenerateRequest:
        image = reference_image(originals, f"{prompt}.png", colour)
        return GenerateRequest(prompt, aspect_ratio=None, image_path=str(image))

    engine = make_engine(ledger, kie, tmp_path)
    done_job = await engine.wait_for((await engine.submit(edit("done", (1, 2, 3)))).id)
    kie.generate_script = [NO_CONNECTION] * EngineConfig().unreachable_attempts
    failed = await engine.wait_for((await engine.submit(edit("failed", (4, 5, 6)))).id)
    gone = await engine.wait_for((await engine.submit(edit("gone", (7, 8, 9)))).id)
    await engine.delete(gone.id, for_good=True)
    kie.answer = asyncio.Event()  # the next job waits in its send
    running = await engine.submit(edit("running", (9, 9, 9)))
    await until_state(ledger, running.id, JobState.SUBMITTING)
    folder = engine.references_dir
    (folder / "tmpab12cd_9").write_bytes(b"cut short")  # a write the app was killed in
    (folder / "notes.txt").write_text("the artist's own file")
    age(folder, 2)

    assert await engine.prune_references() == 2
    kept = {Path(job.request.image_path or "").name for job in (done_job, failed, running)}
    assert {path.name for path in folder.iterdir()} == kept | {"notes.txt"}
    assert done_job.state is JobState.COMPLETED and never_sent(failed)

    # A copy reused by a new job is its again, even if an older one's had been forgotten.
    await engine.delete(failed.id, for_good=True)
    again = await engine.submit(edit("failed", (4, 5, 6)))
    copy = Path(again.request.image_path or "")
    assert time.time() - copy.stat().st_mtime < 3600  # fresh: no clean-up takes it meanwhile
    assert await engine.prune_references() == 0
    assert copy.is_file()
    kie.answer.set()
    await engine.wait_idle()
    await engine.aclose()


def test_the_clean_up_of_reference_copies_is_bounded_and_spares_young_ones(tmp_path):
    names = [f"{n:064x}.sent{1 + n % 4}.png" for n in range(6)]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    age(tmp_path, 2)
    (tmp_path / f"{99:064x}.sent4.png").write_bytes(b"kept a moment ago")
    assert prune_kept_copies(tmp_path, needed={names[0]}, max_removals=3) == 3
    assert prune_kept_copies(tmp_path, needed={names[0]}, max_removals=3) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([names[0], f"{99:064x}.sent4.png"])


class UploadHeldKie(FakeKie):
    """A KIE whose reference uploads wait until :attr:`uploaded` is set."""

    def __init__(self, ledger: Ledger) -> None:
        super().__init__(ledger)
        self.uploaded = asyncio.Event()

    async def upload_file(
        self, path: Path, *, upload_path: str, file_name: str | None = None
    ) -> UploadedFile:
        await self.uploaded.wait()
        return await super().upload_file(path, upload_path=upload_path, file_name=file_name)


async def test_a_job_not_sent_yet_when_the_close_begins_is_not_sent_while_it_waits(
    ledger, tmp_path
):
    """Ctrl+C on a command, or the window closed, while one job is being sent and another
    still uploads its reference (or waits for its turn, or out a back-off). Before: the close
    waited for the first one's answer, and meanwhile the other went out too: sent, and
    charged, after the stop; one going out as the grace ended was left unknown."""
    kie = UploadHeldKie(ledger)
    kie.answer = asyncio.Event()
    engine = make_engine(ledger, kie, tmp_path, shutdown_grace_s=30.0)
    sent = await engine.submit(GenerateRequest("a fox being sent"))
    await until_state(ledger, sent.id, JobState.SUBMITTING)
    reference = tmp_path / "fox.png"
    reference.write_bytes(png_bytes())
    waiting = await engine.submit(GenerateRequest("make it night", image_path=str(reference)))
    await until_state(ledger, waiting.id, JobState.UPLOADING)

    closing = asyncio.ensure_future(engine.aclose())
    await asyncio.sleep(0)  # the close has begun: it waits for the first one's answer
    kie.uploaded.set()
    while len(kie.generate_calls) < 2 and engine.active_count > 1:
        await asyncio.sleep(0.01)
    kie.answer.set()
    await closing

    assert [call["prompt"] for call in kie.generate_calls] == ["a fox being sent"]
    left = ledger.get(waiting.id)
    assert left is not None and left.submit_count == 0
    assert resume_state(left.state) is JobState.QUEUED, left.state
    assert ledger.get(sent.id).state is JobState.GENERATING


async def test_a_reply_cut_after_a_send_went_out_leaves_its_outcome_unknown(ledger):
    """A generate's reply cut short came from KIE, which may have made (and charged) the
    task: as a late answer it says nothing of the job, which only Resubmit sends again.
    Read as the network error it subclasses, it was "never left this computer", nothing
    charged, and a Retry would send it again silently."""
    job = ledger.create_job(GenerateRequest("a fox whose answer was cut"))
    cut = next(e for e in NetworkError.__subclasses__() if e.kind == "reply_cut")
    assert late_answer_fields(cut("sending the job: the server cut the connection"), job) is None
    assert "reply_cut" not in MADE_NOTHING_KINDS


async def test_edits_kie_upload_service_refused_until_they_failed_are_retried_as_not_sent(
    ledger, kie, tmp_path, monkeypatch
):
    """KIE's upload service answers 502 for half an hour: each edit of a batch fails once
    its tries are spent, before any generate request, so nothing was charged. As when they
    failed for want of a connection, they are among the jobs that were not sent, which the
    window's "Retry N jobs that were not sent" sends again, once each."""
    reference = tmp_path / "fox.png"
    reference.write_bytes(png_bytes())
    upload = kie.upload_file
    down = True

    async def refused(path: Path, *, upload_path: str, file_name: str | None = None):
        if down:
            raise ServerError("Bad Gateway")
        return await upload(path, upload_path=upload_path, file_name=file_name)

    monkeypatch.setattr(kie, "upload_file", refused)
    engine = make_engine(ledger, kie, tmp_path, submit_attempts=3)
    request = GenerateRequest("a fox in a hat", image_path=str(reference))
    batch = await engine.submit_several(request, 2)
    failed = [await engine.wait_for(job.id) for job in batch]
    assert [job.state for job in failed] == [JobState.FAILED] * 2
    assert kie.generate_calls == []
    assert all(never_sent(job) for job in failed)
    assert sorted(await engine.unsent_jobs()) == sorted(job.id for job in batch)

    down = False
    retried = await engine.retry_unsent()
    finals = [await engine.wait_for(job.id) for job in batch]
    await engine.aclose()
    assert sorted(s.id for s in retried) == sorted(job.id for job in batch)
    assert [job.state for job in finals] == [JobState.COMPLETED] * 2
    assert len(kie.generate_calls) == 2


async def test_a_job_a_read_only_library_stopped_after_kie_made_its_task_is_followed_by_retry(
    ledger, kie, tmp_path, monkeypatch
):
    """A write of a job KIE had made the task of fails with "attempt to write a readonly
    database" (the library file made read-only meanwhile, another user's -shm), and its stop
    lands once the artist allowed changes as the message asked: the job fails with its task
    kept. Before, that failure's kind was none of the app's side, so Retry sent the job as
    a new generate, charged again for the image KIE was making; it follows the task."""
    engine = make_engine(ledger, kie, tmp_path)
    transition = ledger.transition
    refused: list[JobState] = []

    def read_only_once(job_id: int, new: JobState, **kwargs: Any) -> Snapshot:
        if new is JobState.DOWNLOADING and not refused:
            refused.append(new)
            error = sqlite3.OperationalError("attempt to write a readonly database")
            error.sqlite_errorname = "SQLITE_READONLY"
            raise error
        return transition(job_id, new, **kwargs)

    monkeypatch.setattr(ledger, "transition", read_only_once)
    try:
        job = await engine.submit(GenerateRequest("a fox in a read-only library"))
        failed = await engine.wait_for(job.id)
        assert (failed.state, failed.error_kind) == (JobState.FAILED, FileReadOnlyError.kind)
        assert failed.task_id
        await engine.retry(job.id)
        final = await engine.wait_for(job.id)
    finally:
        await engine.aclose()
    assert final.state is JobState.COMPLETED
    assert len(kie.generate_calls) == 1


async def test_a_failed_kept_artwork_is_sent_again_only_on_the_artists_word(ledger, kie, tmp_path):
    """An artwork kept for a late task of another job's earlier send, whose task KIE failed:
    a retry sends its prompt again as a new generate, charged, for an image the job it was
    kept for was sent again to make. Before, Retry sent it at once, one click, and the
    artist paid for a second image of that prompt unasked; now only with the artist's word
    (``anew``), as for a task KIE has no record of."""
    engine = make_engine(ledger, kie, tmp_path)
    job = await engine.submit(GenerateRequest("a fox sent twice"))
    job = await engine.wait_for(job.id)
    own, _ = ledger.create_following(job, "task-late", title="Fox kept apart")
    failed = ledger.transition(own.id, JobState.FAILED, error_kind="generation_failed")
    assert retry_state(failed) is JobState.QUEUED
    with pytest.raises(InputError) as refused:
        await engine.retry(own.id)
    assert explain(refused.value).message == (
        f"This artwork was kept for a late answer to an earlier send of job {job.id}, and its "
        "task failed: a retry sends its prompt again as a new job, which is charged."
    )
    assert len(kie.generate_calls) == 1
    kie.generate_script = ["task-again"]
    await engine.retry(own.id, pay_again=True)
    final = await engine.wait_for(own.id)
    await engine.aclose()
    assert (final.state, final.task_id) == (JobState.COMPLETED, "task-again")
    assert len(kie.generate_calls) == 2


async def test_a_job_not_sent_whose_earlier_send_made_its_image_is_not_sent_with_the_others(
    ledger, kie, tmp_path
):
    """A job whose send failed before reaching KIE, while an earlier send of it, cancelled
    while out, was answered late with a task kept as an artwork of its own (its image made,
    or still being made): the window's "Retry N jobs that were not sent" sent it again
    with the others, paying twice for that image without a question. It is passed over,
    as Retry of several leaves it; Retry of it alone asks first. One whose kept task failed
    is sent."""
    engine = make_engine(ledger, kie, tmp_path)
    made, making, plain = (
        ledger.create_job(GenerateRequest(prompt)) for prompt in ("made", "making", "plain")
    )
    own, _ = ledger.create_following(made, "task-made")
    ledger.transition(own.id, JobState.DOWNLOADING)
    ledger.transition(own.id, JobState.COMPLETED, file_path=str(tmp_path / "made.png"))
    ledger.create_following(making, "task-making")
    failed, _ = ledger.create_following(plain, "task-failed")
    ledger.transition(failed.id, JobState.FAILED, error_kind="generation_failed")
    for job in (made, making, plain):
        ledger.transition(job.id, JobState.FAILED, error_kind=NetworkError.kind)
    assert await engine.unsent_jobs() == [plain.id]

    retried = await engine.retry_unsent([made.id, making.id, plain.id])
    await engine.wait_for(plain.id)
    await engine.aclose()
    assert [s.id for s in retried] == [plain.id]
    assert [call["prompt"] for call in kie.generate_calls] == ["plain"]


def kept_by_another(library: Path, job: Snapshot, task_id: str) -> None:
    """Another process (its own ledger on the same file) keeps ``task_id``, a late answer
    to an earlier send of ``job``, as an artwork of its own, still making its image."""
    other = Ledger.open(library)
    try:
        other.create_following(job, task_id)
    finally:
        other.close()


@pytest.mark.parametrize("stopped", [JobState.CANCELLED, JobState.FAILED])
async def test_a_retry_the_caller_checked_is_refused_when_another_process_kept_an_image_since(
    ledger, kie, tmp_path, stopped
):
    """The window's Retry and the command's `retry` read the artworks kept for the job,
    found none, and called the engine; meanwhile another process kept a late answer to an
    earlier send of the job, its image being made. Before, the engine sent the job again,
    and that image was paid for twice unasked. The engine refuses it in a typed error naming
    that artwork, and sends it only on the caller's word that paying again is wanted."""
    engine = make_engine(ledger, kie, tmp_path)
    job = ledger.create_job(GenerateRequest("a fox sent once already"))
    if stopped is JobState.CANCELLED:
        job = ledger.transition(job.id, stopped, error_kind="", error_message="")
    else:
        job = ledger.transition(job.id, stopped, error_kind=NetworkError.kind)
    kept_by_another(ledger.path, job, "late-earlier")
    own = ledger.kept_for(job.id)[0]

    with pytest.raises(KeptImageError) as refused:
        await engine.retry(job.id)
    assert (refused.value.job_id, refused.value.kept) == (job.id, (own.id,))
    assert ledger.get(job.id) == job
    retried = await engine.retry(job.id, pay_again=True)
    await engine.wait_for(retried.id)
    await engine.aclose()
    assert [call["prompt"] for call in kie.generate_calls] == ["a fox sent once already"]


async def test_a_late_answer_kept_while_a_retry_waits_for_the_library_stops_that_retry(
    ledger, kie, tmp_path
):
    """Another process writes the late answer it keeps for an earlier send of the job while
    the engine's Retry of it is on its way: the engine's look at the kept artworks and its
    move of the job to be sent are one write, under the library's write lock, so the retry
    waits for that process and then leaves the job. Before, the job was sent again, paid
    twice."""
    engine = make_engine(ledger, kie, tmp_path)
    job = ledger.create_job(GenerateRequest("a fox sent once already"))
    job = ledger.transition(job.id, JobState.FAILED, error_kind=NetworkError.kind)
    other = Ledger.open(ledger.path)
    holding, release = threading.Event(), threading.Event()

    def keep() -> None:
        with other.batch():  # the other process's write transaction, lock held
            other.create_following(job, "late-earlier")
            holding.set()
            release.wait()

    keeper = threading.Thread(target=keep)
    keeper.start()
    try:
        await asyncio.to_thread(holding.wait)
        retrying = asyncio.ensure_future(engine.retry(job.id))
        await asyncio.sleep(0.3)  # on its way: waiting for the lock
    finally:
        release.set()
        await asyncio.to_thread(keeper.join)
        other.close()
    with pytest.raises(KeptImageError):
        await retrying
    await engine.aclose()
    assert ledger.get(job.id) == job
    assert kie.generate_calls == []


async def test_retry_unsent_leaves_a_job_whose_image_another_process_kept_after_its_look(
    ledger, kie, tmp_path, monkeypatch
):
    """ "Retry N jobs that were not sent" looks at the artworks kept for its jobs once, then
    sends them one by one: a late answer another process keeps after that look, before the
    job's send starts, was paid for twice. The look is made again in the write that queues
    each job, and the job is passed over."""
    engine = make_engine(ledger, kie, tmp_path)
    job = ledger.create_job(GenerateRequest("a fox sent once already"))
    job = ledger.transition(job.id, JobState.FAILED, error_kind=NetworkError.kind)
    looked = engine._with_kept_image

    async def then_kept(job_ids: Collection[int]) -> set[int]:
        found = await looked(job_ids)
        kept_by_another(ledger.path, job, "late-earlier")  # between the look and the send
        return found

    monkeypatch.setattr(engine, "_with_kept_image", then_kept)
    assert await engine.retry_unsent([job.id]) == []
    await engine.aclose()
    assert ledger.get(job.id) == job
    assert kie.generate_calls == []


async def test_a_resubmit_that_waited_for_the_cancelled_send_s_answer_sends_on_the_artist_s_word(
    ledger, held_kie, tmp_path
):
    """Resubmit pressed (the artist's word to pay again, given as the window's question or
    the command's --yes named the artwork kept for an earlier send) while the send it
    cancelled is still out, which then finds no connection: nothing reached KIE, and the
    engine sends the job as Retry would. Before, that send was refused for the artwork
    kept for an earlier send, in words naming numbers, as though the artist had not
    answered: the Resubmit did nothing."""
    server, client = held_kie
    server.script = [httpx.ConnectTimeout("connecting timed out")]
    engine = make_engine(ledger, client, tmp_path)
    try:
        cancelled, _ = await cancelled_while_sent(engine, server, "a fox sent once already")
        kept_by_another(ledger.path, cancelled, "late-earlier")
        resubmitting = asyncio.ensure_future(engine.resubmit(cancelled.id))
        await asyncio.sleep(0)
        server.release()
        await resubmitting
        final = await engine.wait_for(cancelled.id)
    finally:
        await engine.aclose()
    assert final.state is JobState.COMPLETED
    assert server.generates == 2


async def test_a_look_for_jobs_a_command_left_takes_none_of_a_batch_being_written(
    ledger: Ledger, kie: FakeKie, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window looks every few seconds for the jobs an ended command left. One look that
    came while "Generate 4 images" was writing its jobs (last place first, sent once all are
    written) took those written for left ones: it carried them on as a restart does, told the
    window they were resumed, and they went to KIE before the first place."""
    lock = tmp_path / "library.jobs.lock"
    window = make_engine(ledger, kie, tmp_path, claim=JobsClaim(lock))
    assert await window.resume() == []
    (tmp_path / "library.jobs.guest-1-ended.lock").touch()  # a command that has ended
    kie.generate_script = ["task-a", "task-b", "task-c", "task-d"]
    create = ledger.create_job
    second = threading.Event()
    let_go = threading.Event()

    def held_second(*args: Any, **kwargs: Any) -> Snapshot:
        made = create(*args, **kwargs)
        if made.batch_place == 3:
            second.set()
            let_go.wait(10)
        return made

    db = window._db
    read_asked = asyncio.Event()

    async def noting_the_read(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if fn == ledger.unfinished:
            read_asked.set()  # queued behind the held write by the time the test goes on
        return await db(fn, *args, **kwargs)

    monkeypatch.setattr(ledger, "create_job", held_second)
    monkeypatch.setattr(window, "_db", noting_the_read)
    pressed = asyncio.create_task(window.submit_several(GenerateRequest("four owls"), 4))
    await asyncio.to_thread(second.wait, 10)
    look = asyncio.create_task(window.carry_on_left_jobs())
    await read_asked.wait()
    let_go.set()
    made, resumed = await asyncio.gather(pressed, look)
    finals = [await window.wait_for(snap.id) for snap in made]
    await window.aclose()
    assert resumed == []
    assert [final.task_id for final in finals] == ["task-a", "task-b", "task-c", "task-d"]
    assert len(kie.generate_calls) == 4


async def test_a_second_stop_signal_still_lets_job_tasks_end_as_they_are_stopped(
    ledger, kie, tmp_path, caplog
):
    """A second Ctrl+C or SIGTERM came before the close stopped its job tasks: a job
    being polled, which ends as soon as it is stopped, was named in the log among the
    tasks that never ended, an error, the close not having let it end."""
    kie.records["task-1"] = [running("task-1")]
    engine = make_engine(ledger, kie, tmp_path, close_grace_s=600.0)
    job = await engine.submit(GenerateRequest("a fox being drawn"))
    await until(lambda: kie.polled)
    cut = asyncio.Event()
    cut.set()
    await engine.aclose(cut)
    assert [r for r in caplog.records if getattr(r, "event", "") == "close_abandoned"] == []
    assert ledger.get(job.id).state is JobState.GENERATING  # the next start follows it


async def test_a_request_on_the_wire_as_a_second_stop_signal_comes_is_not_sent_again(
    ledger, kie, tmp_path
):
    """A second stop signal cuts the close's wait for KIE's answer to a request on the
    wire, as a kill would: the next start does not send it again (it may have been
    charged), and the artist is asked, as after a kill."""
    kie.answer = asyncio.Event()  # KIE never answers
    engine = make_engine(ledger, kie, tmp_path, shutdown_grace_s=600.0)
    job = await engine.submit(GenerateRequest("a fox on the wire"))
    await until(lambda: kie.generate_calls)
    cut = asyncio.Event()
    cut.set()
    closing = asyncio.ensure_future(engine.aclose(cut))
    done, _ = await asyncio.wait({closing}, timeout=30)  # a hang fails, not a slow close
    assert done, "the close waited for KIE's answer"
    await closing

    next_kie = FakeKie(ledger)
    again = make_engine(ledger, next_kie, tmp_path)  # the next start
    try:
        await again.resume()
        assert ledger.get(job.id).state is JobState.UNKNOWN
        assert next_kie.generate_calls == []
    finally:
        await again.aclose()


async def test_an_automatic_try_of_a_refused_link_that_meets_no_network_keeps_the_job_tried(
    ledger, kie, tmp_path
):
    """The host refused every link to a paid image until the job gave up; its first try by
    itself meets no network (a laptop just woken). Before, that failure took the refusal's
    place and the job was never tried again; now it still awaits its link, and the next try
    brings the image. Nothing is generated twice."""
    refused = [ExpiredResultError("403")] * 3  # the first link, then each new one, refused
    kie.fetch_script = [*refused, NetworkError("down"), NetworkError("down"), png_bytes()]
    engine = link_engine(ledger, kie, tmp_path, link_tries_s=(0.0, 0.0))
    tries: list[Snapshot] = []
    engine.subscribe(lambda snap: tries.append(snap) if snap.state is JobState.FAILED else None)
    snap = await engine.submit(GenerateRequest("a fox behind a host that recovers"))
    await until(lambda: ledger.get(snap.id).state is JobState.COMPLETED)
    await engine.aclose()
    assert len(tries) == 2 and all(awaits_link(failed) for failed in tries)
    assert Path(ledger.get(snap.id).file_path).is_file()
    assert len(kie.generate_calls) == 1


async def test_a_killed_try_by_itself_moved_on_meanwhile_is_not_taken_for_one_later(
    ledger, kie, tmp_path, monkeypatch
):
    """A kill cut a try by itself short (the row downloading, its refused links marked), and
    the job moved on before the next start carried it on (JobChanged). Before, the start
    kept it as on a try by itself: an artist's Retry of it in this run was taken for one,
    its failure kept quiet (no notification, left out of ``resume``'s list)."""
    engine = refusing_engine(ledger, kie, tmp_path)
    snap = await engine.submit(GenerateRequest("a fox whose try a kill cut short"))
    failed = await engine.wait_for(snap.id)
    assert awaits_link(failed) and failed.links_tried
    await engine.aclose()
    ledger.transition(snap.id, JobState.DOWNLOADING, expect={JobState.FAILED})

    again = make_engine(ledger, kie, tmp_path)

    async def moved_on(left: Snapshot, _note: str) -> Snapshot:
        raise JobChanged(left.id, None)

    monkeypatch.setattr(again, "_carry_on", moved_on)
    try:
        await again.resume(tries_links=False)
        assert snap.id not in again._link_trying
    finally:
        await again.aclose()


async def test_a_try_by_itself_that_met_no_network_says_the_tries_stopped_after_14_days(
    ledger, kie, tmp_path
):
    """The host refused every link to a paid image until the job gave up; its last try by
    itself met no network. While KIE keeps the image it is tried again; once its 14 days
    are over, its words say the tries have stopped and no Retry is offered, as of a job
    whose last try was refused. Before, it read as any job the network stopped: a Retry
    offered, and the tries' end never said. Nothing is generated again."""
    engine = refusing_engine(ledger, kie, tmp_path)
    snap = await engine.submit(GenerateRequest("a fox whose last try met no network"))
    assert (await engine.wait_for(snap.id)).links_tried
    offline = ledger.update(snap.id, error_kind=NetworkError.kind, error_message="down")
    assert awaits_link(offline) and not result_gone(offline)
    hint = explain_kind(offline.error_kind, facts=offline.facts).hint
    assert hint.startswith("Kontext Studio tries again by itself, free")

    days_ago = time.time() - 15 * 86400
    over = ledger.update(snap.id, submitted_at=days_ago, created_at=days_ago)
    assert not awaits_link(over) and result_gone(over)
    assert result_gone_hint(over).startswith(
        "KIE keeps an image for 14 days, and this one's days are over: Kontext Studio "
        "has stopped trying to fetch it"
    )
    with pytest.raises(InputError):
        await engine.retry(snap.id)
    await engine.aclose()
    assert len(kie.generate_calls) == 1


async def test_an_automatic_try_whose_read_of_the_job_fails_ends_that_try_only(
    ledger, kie, tmp_path, monkeypatch
):
    """The database fails the read an automatic try of a refused link begins with: that try
    is given up, as one whose retry fails, and no marker is left. Before, the read stood
    outside the try's guard, and its StorageError ended the start that tried the links."""
    refused = [ExpiredResultError("403")] * 3
    kie.fetch_script = [*refused]
    engine = link_engine(ledger, kie, tmp_path)
    snap = await engine.submit(GenerateRequest("a fox behind a refusing host"))
    assert awaits_link(await engine.wait_for(snap.id))

    def broken(job_id: int) -> None:
        raise StorageError("disk I/O error")

    monkeypatch.setattr(ledger, "get", broken)
    try:
        assert await engine._link_try(snap.id) is False
        assert not engine._link_trying
    finally:
        monkeypatch.undo()
        await engine.aclose()


async def test_an_artists_retry_a_close_cut_short_goes_on_as_theirs_and_the_tries_go_on(
    ledger, kie, tmp_path, monkeypatch
):
    """The engine tries a refused link again by itself; the artist presses Retry, and the
    app is closed (or killed) while that Retry downloads. The next start carries it on as
    the artist's run (its failure announced, not kept quiet as a try by itself), and when it
    gives up on no network, the tries by itself go on. Before, the artist's Retry cleared
    their mark: its failure for a passing reason ended the tries for good. Nothing is
    generated twice."""
    engine = refusing_engine(ledger, kie, tmp_path)
    snap = await engine.submit(GenerateRequest("a fox retried as the app closed"))
    assert (await engine.wait_for(snap.id)).links_tried
    fetching = asyncio.Event()

    async def hangs(url: str, *, max_bytes: int) -> tuple[bytes, str]:
        fetching.set()
        await asyncio.Event().wait()
        raise AssertionError("never answered")

    monkeypatch.setattr(kie, "fetch", hangs)
    await engine.retry(snap.id)
    await until(fetching.is_set)
    await engine.aclose()
    assert ledger.get(snap.id).state is JobState.DOWNLOADING
    monkeypatch.undo()

    kie.fetch_script = [NetworkError("down")] * 2
    again = link_engine(ledger, kie, tmp_path)
    try:
        await again.resume()
        failed = await again.wait_for(snap.id)
        assert failed.error_kind == NetworkError.kind and awaits_link(failed)
        assert not again.failed_by_itself(snap.id)  # the artist's: announced
    finally:
        await again.aclose()
    assert len(kie.generate_calls) == 1


def hold_link_sleeps(
    monkeypatch: pytest.MonkeyPatch, *, each_woken: bool
) -> tuple[list[float], asyncio.Event]:
    """The waits of the engine's tries of refused links (its tasks named ``link-…``) noted
    and held until the event returned is set; ``each_woken``: each held wait needs a set of
    its own (the event is cleared as it ends), else one set lets all through."""
    real_sleep = asyncio.sleep
    waits: list[float] = []
    wakes = asyncio.Event()

    async def held_sleep(delay: float, result: object = None) -> object:
        task = asyncio.current_task()
        if task is None or not task.get_name().startswith("link-"):
            return await real_sleep(delay, result)
        waits.append(delay)
        await wakes.wait()
        if each_woken:
            wakes.clear()
        return result

    monkeypatch.setattr(asyncio, "sleep", held_sleep)
    return waits, wakes


async def test_a_waiting_try_honours_the_back_off_an_artists_retry_met_meanwhile(
    ledger, kie, tmp_path, monkeypatch
):
    """The window waits to try a refused link again by itself (10 minutes); meanwhile the
    artist presses Retry, which meets KIE's rate limit, and the row keeps its back-off (20
    minutes). Before, the wait already under way ended as planned and tried the link at
    once, into the limit, adding to it and doubling the back-off; now the wait follows the
    back-off the row keeps, sending nothing before then."""
    kie.fetch_script = [ExpiredResultError("403")] * 4
    engine = link_engine(ledger, kie, tmp_path, link_tries_s=(600.0,))
    waits, _ = hold_link_sleeps(monkeypatch, each_woken=True)
    try:
        job = (await engine.submit(GenerateRequest("a fox retried into a rate limit"))).id
        assert (await engine.wait_for(job)).links_tried
        await until(lambda: len(waits) == 1)

        kie.fetch_script = [RateLimitedError("Too many requests", code=429)] * 2
        await engine.retry(job)
        limited = await engine.wait_for(job)
        assert limited.error_kind == RateLimitedError.kind and limited.link_try_at is not None
        fetched = len(kie.fetched)

        await until(lambda: len(waits) == 2 or len(kie.fetched) > fetched)
        assert len(kie.fetched) == fetched  # nothing sent into the limit
        assert waits[1] == pytest.approx(limited.link_try_at - time.time(), abs=5.0)
        assert ledger.get(job).link_backoff_s == limited.link_backoff_s
    finally:
        monkeypatch.undo()
        await engine.aclose()
    assert len(kie.generate_calls) == 1


async def test_an_artists_retry_that_clears_a_long_back_off_brings_the_next_try_forward(
    ledger, kie, tmp_path, monkeypatch
):
    """A refused link's automatic tries met KIE's rate limit until their back-off reached
    4 hours; the window waits out the rest of it. The artist presses Retry, and the host
    refuses the link again: that clears the back-off, and the next try is due after the
    usual 10 minutes (moved at random). Before, the wait under way went on, and the next
    try came hours later; now it follows the new due time. The replaced wait makes no try
    of its own: one try brings the image, generated once."""
    job = await link_left_refused(ledger, kie, tmp_path, "a fox behind a long back-off")
    ledger.note(job, link_backoff_s=4 * 3600.0, link_try_at=time.time() + 3.5 * 3600.0)

    again = link_engine(ledger, kie, tmp_path, link_tries_s=(600.0,))
    waits, wakes = hold_link_sleeps(monkeypatch, each_woken=True)
    try:
        assert await again.resume() == [] and again.links_held == [job]
        await until(lambda: len(waits) == 1)
        assert waits[0] == pytest.approx(3.5 * 3600.0, abs=5.0)

        kie.fetch_script = [ExpiredResultError("403")] * 3
        await again.retry(job)
        refused = await again.wait_for(job)
        assert awaits_link(refused) and refused.link_try_at is None
        await until(lambda: len(waits) == 2)
        assert 480.0 <= waits[1] <= 720.0  # 10 minutes, not the rest of the 4 hours

        fetched = len(kie.fetched)
        wakes.set()
        await until(lambda: ledger.get(job).state is JobState.COMPLETED)
        assert len(kie.fetched) == fetched + 1  # one try, not one of each wait
        assert len(waits) == 2
    finally:
        monkeypatch.undo()
        await again.aclose()
    assert len(kie.generate_calls) == 1


@pytest.mark.parametrize(
    ("retry_after", "low", "high"),
    [
        (300.0, 300.0, 360.0),  # KIE's 5 minutes, moved only later
        (5.0, 60.0, 72.0),  # too soon: a minute at least
        (86_000.0, 4 * 3600.0, 4 * 3600.0 * 1.2),  # too late: the longest back-off
        (None, 1200.0 * 0.8, 1200.0 * 1.2),  # not said: the schedule's 20 minutes
    ],
)
async def test_the_first_wait_after_a_429_follows_its_retry_after(
    ledger, kie, tmp_path, retry_after, low, high
):
    """The host refused every link to a paid image until the job gave up; the artist's
    Retry meets KIE's rate limit, whose 429 says how long to wait (Retry-After). Before,
    the next automatic try came after 20 minutes whatever it said; now after the wait it
    asked for, within a minute and 4 hours, as the row keeps it (and resume, jobs and the
    window say). Without one, the schedule stays."""
    engine = refusing_engine(ledger, kie, tmp_path)
    limited = RateLimitedError("Too many requests", code=429)
    limited.retry_after_s = retry_after
    try:
        job = (await engine.submit(GenerateRequest("a fox told when to come back"))).id
        assert awaits_link(await engine.wait_for(job))
        kie.fetch_script = [limited] * 2
        before = time.time()
        await engine.retry(job)
        failed = await engine.wait_for(job)
        assert failed.error_kind == RateLimitedError.kind and awaits_link(failed)
        assert failed.link_try_at is not None
        assert low - 5.0 <= failed.link_try_at - before <= high + 5.0
    finally:
        await engine.aclose()


async def test_a_retry_after_said_each_time_does_not_stop_the_back_off_growing(
    ledger, kie, tmp_path
):
    """A gateway whose every 429 says "Retry-After: 60": the first wait after it is that
    minute, but each next one, the limit met again, still doubles the wait before. Before,
    every 429 that said a minute set the wait back to a minute, and each refused job asked
    once a minute for 14 days, into the account-wide limit the back-off spares."""
    engine = refusing_engine(ledger, kie, tmp_path)
    limited = RateLimitedError("Too many requests", code=429)
    limited.retry_after_s = 60.0
    try:
        job = (await engine.submit(GenerateRequest("a fox told a minute each time"))).id
        assert awaits_link(await engine.wait_for(job))
        backoffs = []
        for _ in range(3):
            kie.fetch_script = [limited] * 2
            await engine.retry(job)
            failed = await engine.wait_for(job)
            assert failed.error_kind == RateLimitedError.kind and awaits_link(failed)
            backoffs.append(failed.link_backoff_s)
    finally:
        await engine.aclose()
    assert backoffs == [60.0, 120.0, 240.0]


async def test_an_automatic_try_that_brings_the_image_leaves_no_mark_of_the_tries(
    ledger, kie, tmp_path
):
    """The host refused every link to a paid image until the job gave up; the engine's try
    by itself brings the image. Before, the row kept the mark of those tries: the artwork
    read as one the engine was still trying, and a later Retry of it took itself for the
    artist's Retry of tries still on."""
    kie.fetch_script = [ExpiredResultError("403")] * 3
    engine = link_engine(ledger, kie, tmp_path, link_tries_s=(0.0,))
    try:
        job = (await engine.submit(GenerateRequest("a fox a try by itself brings"))).id
        await until(lambda: ledger.get(job).state is JobState.COMPLETED)
        done = ledger.get(job)
        assert done.link_refused_task == "" and not done.links_tried
        assert (done.link_backoff_s, done.link_try_at) == (0.0, None)
    finally:
        await engine.aclose()
    assert len(kie.generate_calls) == 1


async def test_an_automatic_try_cancelled_mid_way_ends_the_tries(
    ledger, kie, tmp_path, monkeypatch
):
    """The engine tries a refused link again by itself, and the artist cancels the job
    while that try downloads. Before, the row kept the mark of the tries: the artist's
    next Retry, cut off by no network, turned them back on against the Cancel; now that
    failure is the artist's alone, and nothing is tried by itself."""
    kie.fetch_script = [ExpiredResultError("403")] * 3
    engine = link_engine(ledger, kie, tmp_path, link_tries_s=(0.0,))
    scripted = kie.fetch
    fetching = asyncio.Event()

    async def refused_then_hangs(url: str, *, max_bytes: int) -> tuple[bytes, str]:
        if kie.fetch_script:
            return await scripted(url, max_bytes=max_bytes)
        fetching.set()
        await asyncio.Event().wait()
        raise AssertionError("never answered")

    monkeypatch.setattr(kie, "fetch", refused_then_hangs)
    try:
        job = (await engine.submit(GenerateRequest("a fox whose try is cancelled"))).id
        await until(fetching.is_set)  # the try by itself downloads
        await cancelled_then_retried_with_no_network(engine, kie, job, monkeypatch)
    finally:
        monkeypatch.undo()
        await engine.aclose()
    assert len(kie.generate_calls) == 1


async def cancelled_then_retried_with_no_network(
    engine: JobEngine, kie: FakeKie, job: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The artist cancels ``job`` while a try of its link downloads (through a ``fetch``
    ``monkeypatch`` holds), then its Retry meets no network: the cancel leaves no mark of
    the tries, and the failure is the artist's alone, not one that turns the tries of the
    link by itself back on."""
    cancelled = await engine.cancel(job)
    assert cancelled.state is JobState.CANCELLED
    assert cancelled.link_refused_task == "" and not cancelled.links_tried
    monkeypatch.undo()
    kie.fetch_script = [NetworkError("down")] * 2
    await engine.retry(job)
    failed = await engine.wait_for(job)
    assert failed.error_kind == NetworkError.kind and not awaits_link(failed)


async def test_a_back_off_kept_further_ahead_than_any_the_engine_sets_does_not_hold_the_job(
    ledger, kie, tmp_path
):
    """A refused link's automatic try met KIE's rate limit, and its row keeps when the next
    is due; then the computer's clock was set back a month (or another computer's clock,
    wrong, wrote it). Before, each start held the job back for that whole month, past the
    14 days KIE keeps the image; now a back-off longer than any the engine sets (4 hours,
    with its jitter) is taken as over, and the start tries the link at once, free."""
    job = await link_left_refused(
        ledger, kie, tmp_path, "a fox held back by a wrong clock", refusals=4
    )
    ledger.note(job, link_backoff_s=4 * 3600.0, link_try_at=time.time() + 30 * 86400.0)

    again = link_engine(ledger, kie, tmp_path)
    try:
        assert await again.resume() == [job]
        assert again.links_held == []
        assert (await again.wait_for(job)).state is JobState.COMPLETED
    finally:
        await again.aclose()
    assert len(kie.generate_calls) == 1


async def test_an_artists_retry_of_a_refused_link_that_brings_the_image_ends_the_tries(
    ledger, kie, tmp_path
):
    """The engine tries a refused link again by itself; the artist's Retry brings the
    image. Before, the row kept that Retry's mark, so a later failure of the artwork's
    download for a passing reason (no network) turned the tries by itself back on."""
    engine = refusing_engine(ledger, kie, tmp_path)
    try:
        job = (await engine.submit(GenerateRequest("a fox the artist's Retry brings"))).id
        assert (await engine.wait_for(job)).links_tried
        kie.fetch_script = [png_bytes()]
        await engine.retry(job)
        done = await engine.wait_for(job)
        assert done.state is JobState.COMPLETED
        assert done.link_refused_task == "" and not done.retried_by_artist
        assert done.link_try_at is None
    finally:
        await engine.aclose()
    assert len(kie.generate_calls) == 1


async def test_an_artists_cancelled_retry_of_a_refused_link_ends_the_tries(
    ledger, kie, tmp_path, monkeypatch
):
    """The engine tries a refused link again by itself; the artist presses Retry, then
    Cancel while it downloads. Before, the row kept that Retry's mark: the next Retry, cut
    off by no network, turned the tries by itself back on, against the artist's Cancel;
    now that failure is the artist's alone, and nothing is tried by itself."""
    engine = refusing_engine(ledger, kie, tmp_path)
    fetching = asyncio.Event()

    async def hangs(url: str, *, max_bytes: int) -> tuple[bytes, str]:
        fetching.set()
        await asyncio.Event().wait()
        raise AssertionError("never answered")

    try:
        job = (await engine.submit(GenerateRequest("a fox whose Retry is cancelled"))).id
        assert (await engine.wait_for(job)).links_tried
        monkeypatch.setattr(kie, "fetch", hangs)
        await engine.retry(job)
        await until(fetching.is_set)
        await cancelled_then_retried_with_no_network(engine, kie, job, monkeypatch)
    finally:
        monkeypatch.undo()
        await engine.aclose()
    assert len(kie.generate_calls) == 1


async def test_a_start_spreads_the_first_tries_of_the_refused_links_it_finds_due(
    ledger, kie, tmp_path, monkeypatch
):
    """Two jobs gave up on links a CDN's outage refused; the window opens again. Before,
    the start tried both in the same moment (only the later waits were moved at random),
    all of them into KIE's rate limit after an outage that refused many. Now each first try
    waits a random moment of its own, up to 30 seconds, nothing sent before; then each
    brings its image, generated once."""
    engine = refusing_engine(ledger, kie, tmp_path, refusals=6)
    try:
        jobs = [
            (await engine.submit(GenerateRequest(f"fox {n} behind an outage"))).id for n in (1, 2)
        ]
        for job in jobs:
            assert awaits_link(await engine.wait_for(job))
    finally:
        await engine.aclose()

    kie.fetch_script = [png_bytes(), png_bytes()]
    fetched = len(kie.fetched)
    again = link_engine(ledger, kie, tmp_path, link_tries_s=(600.0,))
    again._rng = random.Random(4)
    waits, wakes = hold_link_sleeps(monkeypatch, each_woken=False)
    try:
        assert await again.resume() == []  # none tried at once
        await until(lambda: len(waits) == 2)
        seeded = random.Random(4)
        assert waits == [seeded.uniform(0.0, 30.0), seeded.uniform(0.0, 30.0)]
        assert waits[0] != waits[1] and len(kie.fetched) == fetched
        wakes.set()
        await until(lambda: all(ledger.get(job).state is JobState.COMPLETED for job in jobs))
    finally:
        monkeypatch.undo()
        await again.aclose()
    assert len(kie.generate_calls) == 2
