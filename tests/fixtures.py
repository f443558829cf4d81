"""Fixtures shared by integration and UI tests: a fast simulator and a session bound to it."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer
from PIL import Image

from kontext_studio import i18n
from kontext_studio.config import Paths
from kontext_studio.images import collect
from kontext_studio.jobs import engine as engine_module
from kontext_studio.jobs.schedule import PollSchedule
from kontext_studio.jobs.states import JobState
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.session import Session
from kontext_studio.simulator import Simulator, SimulatorConfig
from kontext_studio.simulator import state as simulator_state
from kontext_studio.store.ledger import Ledger, Snapshot
from kontext_studio.store.schema import SCHEMA_VERSION

TEST_KEY = "test-key-0123456789"
FAST_LATENCY = (0.05, 0.2)
STOP_POLL_S = 0.005
"""A test simulator's stop() returns within 5 ms, not the app's 50 (~0.04 s a test)."""


def library_image(name: str) -> str:
    """A whole path for an artwork's image ``name`` that no test reads: ``/library/x.png``
    is whole on Linux and macOS, not on Windows (no drive), where the ledger refuses it."""
    return os.path.abspath(os.path.join(os.sep, "library", name))


def refuses_as_invalid(monkeypatch: pytest.MonkeyPatch, prompt: str, said: str) -> None:
    """The simulator (in this process) answers a generate of ``prompt`` as KIE answers a
    request its own checks find invalid, which the app cannot check before sending: 422,
    ``said`` as its msg."""
    answers_generate(monkeypatch, prompt, 422, said)


def answers_generate(monkeypatch: pytest.MonkeyPatch, prompt: str, code: int, said: str) -> None:
    """The simulator (in this process) answers a generate of ``prompt`` with KIE's envelope
    ``code``, ``said`` as its msg (505, "feature disabled")."""
    checked = simulator_state.validate

    def validate(body: Any) -> Any:
        if isinstance(body, dict) and body.get("prompt") == prompt:
            return code, said
        return checked(body)

    monkeypatch.setattr(simulator_state, "validate", validate)


def folders_past_the_limits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path, Path]:
    """With the limits made small (2 images a drop, 3 names a folder): ``first`` holds two
    images, the drop's whole budget; ``second`` one more; ``papers`` four letters, more
    names than a folder may have."""
    monkeypatch.setattr(collect, "MAX_IMAGES", 2)
    monkeypatch.setattr(collect, "MAX_ENTRIES", 3)
    first, second, papers = tmp_path / "first", tmp_path / "second", tmp_path / "papers"
    for folder in (first, second, papers):
        folder.mkdir()
    for n in range(2):
        Image.new("RGB", (8, 8), (n, 0, 0)).save(first / f"a{n}.png")
    Image.new("RGB", (8, 8), (0, 9, 0)).save(second / "b.png")
    for n in range(4):
        (papers / f"{n}.txt").write_text("a letter")
    return first, second, papers


def ctrl_c_heard(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Set once the command has heard a stop signal (its handler has run). Send it with
    :func:`ctrl_c_to_main_thread` from a worker thread."""
    from kontext_studio.cli import signals

    heard = threading.Event()
    hear = signals.StopSignals._hear

    def hearing(self: Any, number: int, frame: Any) -> None:
        try:
            hear(self, number, frame)
        finally:
            heard.set()

    monkeypatch.setattr(signals.StopSignals, "_hear", hearing)
    return heard


def ctrl_c_to_main_thread() -> None:
    """Ctrl+C as the terminal sends it, from a worker thread: to the main thread itself, so
    that its wait for the worker's end is woken (a signal the worker took would leave it
    asleep: Python runs handlers in the main thread only)."""
    signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)


async def until(condition: Callable[[], Any], timeout: float = 20.0) -> None:
    """Let the running loop go on until ``condition()`` is true; fail after ``timeout`` s."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


def checks_held(session: Session, monkeypatch: pytest.MonkeyPatch) -> asyncio.Event:
    """KIE's answers about a task (asked of the simulator as ever) reach the app only once
    the Event returned is set: a check, or a job's poll, is under way for as long as the test
    needs it to be. Before, KIE answered after a second or three, which a busy machine
    outlasted."""
    client = session.engine.client
    asked = client.record_info
    answer = asyncio.Event()

    async def held(task_id: str) -> Any:
        record = await asked(task_id)
        await answer.wait()
        return record

    monkeypatch.setattr(client, "record_info", held)
    return answer


def sends_held(session: Session, monkeypatch: pytest.MonkeyPatch, *prompts: str) -> asyncio.Event:
    """The simulator's answers to the sends of jobs (made as ever: KIE made the task), of
    those of ``prompts`` when named, reach the app only once the Event returned is set: a
    send is out for as long as the test needs it to be, where a delay of seconds a busy
    machine outlasted was."""
    client = session.engine.client
    send = client.generate
    answer = asyncio.Event()

    async def held(request: GenerateRequest, *args: Any, **kwargs: Any) -> Any:
        if prompts and request.prompt not in prompts:
            return await send(request, *args, **kwargs)
        try:
            task_id = await send(request, *args, **kwargs)
        except Exception:
            await answer.wait()
            raise
        await answer.wait()
        return task_id

    monkeypatch.setattr(client, "generate", held)
    return answer


def fast_schedule() -> PollSchedule:
    """Poll as if KIE took 0.05-0.2 s, like the test simulator."""
    return PollSchedule(prior=(0.05, 0.08, 0.1, 0.15, 0.2), min_interval_s=0.02)


@pytest.fixture
def simulator(monkeypatch: pytest.MonkeyPatch) -> Iterator[Simulator]:
    """A running simulator; the app's KIE URLs and key point at it."""
    sim = Simulator(SimulatorConfig(latency_s=FAST_LATENCY, seed=1), stop_poll_s=STOP_POLL_S)
    sim.start()
    monkeypatch.setenv("KONTEXT_STUDIO_KIE_URL", sim.base_url)
    monkeypatch.setenv("KONTEXT_STUDIO_KIE_UPLOAD_URL", sim.base_url)
    monkeypatch.setenv("KIE_API_KEY", TEST_KEY)
    yield sim
    sim.stop()


async def lantern_gone(session: Session, simulator: Simulator, *, deleted: bool) -> Snapshot:
    """A lantern generated through ``session``, its image file deleted since, and its
    result link expired at the simulator. ``deleted``: KIE deleted the result too, and the
    Download again pressed then was answered in KIE's words that it has no fresh link to it
    (the artwork stays completed, marked); else the job was failed as expired as older
    versions failed one for any failure to get a fresh link, with no word from KIE on the
    result."""
    engine = session.engine
    job = await engine.submit(GenerateRequest("a lantern on old links", aspect_ratio="1:1"))
    done = await engine.wait_for(job.id)
    Path(done.file_path).unlink()
    simulator.expire_results(deleted=deleted)
    if deleted:
        await engine.download_again(done.id)
        return await engine.wait_for(done.id)
    session.ledger.transition(done.id, JobState.DOWNLOADING)
    return session.ledger.transition(
        done.id, JobState.FAILED, error_kind="expired_result", error_code=403
    )


async def lantern_never_fetched(session: Session, simulator: Simulator) -> Snapshot:
    """A lantern generated through ``session`` whose result the simulator deleted before
    its first download: asked for a fresh link, it said so in KIE's words, and the job
    failed, marked as KIE's word that its result is deleted. Results made after it are
    kept as before."""
    kept = simulator.update()  # as it is
    simulator.update(result_ttl_s=0.0, result_deleted_s=0.0)
    job = await session.engine.submit(GenerateRequest("a lantern never seen", aspect_ratio="1:1"))
    failed = await session.engine.wait_for(job.id)
    simulator.expire_results(deleted=True)  # deleted for good, whatever is kept after
    simulator.update(result_ttl_s=kept.result_ttl_s, result_deleted_s=kept.result_deleted_s)
    return failed


@pytest.fixture(scope="session")
def made_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty library, made once a process (:func:`library_copied_from`)."""
    path = tmp_path_factory.mktemp("made-library") / "library.sqlite3"
    Ledger.open(path).close()
    assert not path.with_name(path.name + "-wal").exists(), "closed, it is all in one file"
    return path


def library_copied_from(made: Path) -> None:
    """The test's library (this test's app home) begun as a copy of ``made``
    (:func:`library_begun_at`)."""
    library_begun_at(made, Paths.from_env().ensure().database)


def library_begun_at(made: Path, path: Path) -> Path:
    """``path``, a library begun as a copy of ``made``, an empty library, unless the test
    made one there already: a library made afresh runs each of the schema's steps, ~0.1 s
    of a test's setup on a busy machine, thousands of times a run. For tests that are not
    about how a library is made (those in tests/unit/test_store.py, the commands', the
    app's starts make theirs as the app does)."""
    if not path.exists():
        shutil.copyfile(made, path)
    return path


@pytest.fixture(scope="session")
def compiled_catalogues(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder holding the Chinese catalogue compiled once a process (the app's own
    compile-on-demand, ~0.05-0.1 s of lrelease), for tests that switch language but are not
    about how a catalogue is compiled: its one file is named by the .ts it was compiled
    from and only read after."""
    cache = tmp_path_factory.mktemp("compiled-catalogues")
    assert i18n.catalogue("zh_CN", cache) is not None
    return cache


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(autouse=True)
def no_aws_profile(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The developer's ~/.aws must not change what these tests do."""
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))


@pytest.fixture(scope="session")
def admin(s3_endpoint: str) -> Any:
    """A plain client for setting up and inspecting the bucket behind the publisher's back."""
    return boto3.session.Session().client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="auto",
        aws_access_key_id="admin",
        aws_secret_access_key="admin-secret",
    )


@pytest.fixture
def bucket(admin: Any) -> str:
    name = f"art-{uuid.uuid4().hex[:12]}"
    admin.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "auto"})
    return name


def hold_reference_copy(
    monkeypatch: pytest.MonkeyPatch, wait_s: float, then: Callable[[], None] | None = None
) -> tuple[threading.Event, threading.Event]:
    """Hold the engine's copy of a job's reference (``keep_reference``, seconds for a large
    photo): returns ``(keeping, go_on)``; ``keeping`` is set once the copy began, and it is
    made once ``go_on`` is set (or ``wait_s`` passed), ``then`` run first (the file moved
    away, a disk that never answers)."""
    keeping, go_on = threading.Event(), threading.Event()
    keep = engine_module.keep_reference

    def held(folder: Path, path: Path, *checked: Any) -> tuple[Path, str]:
        keeping.set()
        go_on.wait(wait_s)
        if then is not None:
            then()
        return keep(folder, path, *checked)

    monkeypatch.setattr(engine_module, "keep_reference", held)
    return keeping, go_on


def chinese_library(path: Path, count: int) -> None:
    """A library at ``path`` of ``count`` uploads with Chinese prompts and titles: none all
    ASCII, so each is folded with the Unicode data of the Python that opens it."""
    ledger = Ledger.open(path)
    with ledger.batch():
        for n in range(count):
            ledger.create_upload(prompt=f"山水 {n}", title=f"水墨 {n}")
    ledger.close()


HOLDS_ITS_UPGRADE = """
import sys
from pathlib import Path
from kontext_studio.store import schema
from kontext_studio.store.ledger import Ledger

last = schema.MIGRATIONS[-1]

def held(db):
    last(db)
    print("upgrading", flush=True)
    sys.stdin.readline()

schema.MIGRATIONS[-1] = held
Ledger.open(Path(sys.argv[1])).close()
"""


@contextlib.contextmanager
def upgrade_held(path: Path) -> Iterator[Callable[[], None]]:
    """Another Kontext Studio upgrading the old library at ``path``, held in its last step
    (its backup made, the write lock held) until the call given is made; then it ends,
    the library upgraded, before the call returns. Killed on the way out if still held."""
    other = subprocess.Popen(
        [sys.executable, "-c", HOLDS_ITS_UPGRADE, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert other.stdin is not None and other.stdout is not None
    stdin = other.stdin

    def let_go() -> None:
        stdin.write("go\n")
        stdin.flush()
        assert other.wait(timeout=60) == 0

    try:
        assert other.stdout.readline() == "upgrading\n"
        yield let_go
    finally:
        if other.poll() is None:
            other.kill()
        other.communicate()


def old_library(path: Path, *prompts: str) -> None:
    """A library at ``path`` of the schema before this one, holding a job of each of
    ``prompts``: its upgrade is the last step's alone."""
    ledger = Ledger.open(path)
    for prompt in prompts:
        ledger.create_job(GenerateRequest(prompt))
    ledger.close()
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("ALTER TABLE artwork DROP COLUMN revision")  # what _v35 adds
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")


def snapshot(state: JobState, **values: Any) -> Snapshot:
    """A row's :class:`Snapshot` in ``state`` with nothing set but ``values``: a job of "a
    fox" made now, never sent, each other field empty, for tests of what is said of a row."""
    now = time.time()
    empty: dict[str, Any] = {
        "id": 0,
        "source": "generated",
        "request_json": "{}",
        "prompt": "a fox",
        "model": "flux-kontext-pro",
        "ratio": "1:1",
        "task_id": None,
        "created_at": now,
        "updated_at": now,
        "submitted_at": None,
        "completed_at": None,
        "submit_count": 1,
        "poll_count": 0,
        "error_code": None,
        "error_kind": "",
        "error_message": "",
        "error_words": "",
        "input_image_url": "",
        "input_uploaded_at": None,
        "result_url": "",
        "origin_url": "",
        "file_path": "",
        "sha256": "",
        "width": None,
        "height": None,
        "file_size": None,
        "title": "",
        "description": "",
        "tags": "",
        "starred": False,
        "published_key": "",
        "published_url": "",
        "published_at": None,
    }
    return Snapshot(**{**empty, "state": state, **values})
