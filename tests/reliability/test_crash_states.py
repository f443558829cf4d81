"""SIGKILL in the states ``tests/integration/test_cli.py`` does not cover, then ``resume``.

test_cli.py kills ``generate`` in submitting, generating and downloading. Here: ``queued``
(the submission window is full; and again while backing off after a 429), ``uploading`` (an
edit whose upload reply never comes), and the window's process with three jobs generating.
After each kill, ``resume --json`` must finish every job with nothing lost and nothing paid
twice: one created task per prompt, and every extra generate POST a 429 (which creates
nothing).
"""

from __future__ import annotations

import json
import signal
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PIL import Image

from kontext_studio.config import Paths, Settings, save_settings
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.simulator import Faults, Simulator, SimulatorConfig
from kontext_studio.store.ledger import Ledger
from tests.reliability import procs

UPLOAD = "file-stream-upload"


@pytest.fixture
def sim():
    simulator = Simulator(SimulatorConfig(latency_s=(0.05, 0.2), seed=5)).start()
    yield simulator
    simulator.stop()


def generate_argv(prompt: str, *extra: str) -> list[str]:
    return ["-m", "kontext_studio", "generate", prompt, "--format", "png", *extra, "--json"]


def assert_paid_once(sim: Simulator, prompt: str) -> None:
    tasks = sim.tasks_for_prompt(prompt)
    assert len(tasks) == 1, f"{prompt!r}: {len(tasks)} tasks"
    sent = [
        r
        for r in sim.requests
        if r.endpoint == "generate" and (r.body or {}).get("prompt") == prompt
    ]
    assert all(r.fault == "rate_limited" for r in sent[:-1]), [r.fault for r in sent]


def assert_resumed_to_completed(home: Path, sim: Simulator, prompts: list[str]) -> None:
    run = procs.run_cli(home, sim, "resume", "--json")
    assert run.code == 0, (run.result, run.stderr[-2000:])
    assert "Traceback" not in run.stderr
    assert run.result, "resume found nothing to finish"
    assert [r["status"] for r in run.result] == ["completed"] * len(run.result)
    for line in run.result:
        with Image.open(line["path"]) as image:
            image.load()
    for prompt in prompts:
        assert_paid_once(sim, prompt)
    assert procs.states(home) == ["completed"] * len(prompts)
    assert not list((home / "data").rglob("*.part"))
    assert procs.integrity(home / "data" / "library.sqlite3") == "ok"
    # A second resume finds nothing to do and sends nothing.
    before = len(sim.generate_requests)
    again = procs.run_cli(home, sim, "resume", "--json")
    assert again.code == 0 and again.result == []
    assert len(sim.generate_requests) == before


def test_killed_while_queued_behind_a_full_submission_window(app_home: Path, sim: Simulator):
    """settings.json allows one generate per 600 s. An earlier run left a queued job;
    ``generate`` resumes it (it takes the only slot) and its own job waits in ``queued``."""
    paths = Paths.from_env().ensure()
    save_settings(paths, Settings(submit_limit=1, submit_window_s=600.0))
    ledger = Ledger.open(paths.database)
    ledger.create_job(
        GenerateRequest("left queued by an earlier run", aspect_ratio="1:1").validated()
    )
    ledger.close()

    proc = procs.start(app_home, sim, generate_argv("waits for the window"))
    procs.wait_for(
        lambda: len(sim.generate_requests) == 1 and "queued" in procs.states(app_home),
        proc=proc,
    )
    time.sleep(0.5)  # it really waits: no second generate, still queued
    assert len(sim.generate_requests) == 1
    assert "queued" in procs.states(app_home)
    procs.kill(proc)

    assert_resumed_to_completed(
        app_home, sim, ["left queued by an earlier run", "waits for the window"]
    )


def test_killed_while_queued_after_a_429(app_home: Path, sim: Simulator):
    """KIE answered 429; the job is back in ``queued``, backing off, when the process dies."""
    sim.update(faults=Faults(rate_limited=1.0, endpoints=frozenset({"generate"})))
    proc = procs.start(app_home, sim, generate_argv("rate limited then killed"))
    procs.wait_for(
        lambda: (
            [(r["state"], r["error_kind"]) for r in procs.rows(app_home)]
            == [("queued", "rate_limited")]
        ),
        proc=proc,
    )
    procs.kill(proc)
    assert sim.tasks == []

    sim.update(faults=Faults())
    assert_resumed_to_completed(app_home, sim, ["rate limited then killed"])


def test_killed_while_uploading_the_reference(app_home: Path, sim: Simulator, tmp_path: Path):
    """The upload reached the host but its reply never comes; the process dies in
    ``uploading``. Uploads are free: resume uploads again and generates once."""
    reference = tmp_path / "portrait.png"
    Image.new("RGB", (300, 450), (200, 120, 40)).save(reference)
    stall = Faults(timeout=1.0, timeout_s=None, endpoints=frozenset({UPLOAD}))
    sim.update(faults=stall)
    proc = procs.start(
        app_home, sim, generate_argv("edit killed while uploading", "--image", str(reference))
    )
    procs.wait_for(
        lambda: procs.states(app_home) == ["uploading"] and sim.counts.get(UPLOAD, 0) == 1,
        proc=proc,
    )
    time.sleep(0.2)
    assert procs.states(app_home) == ["uploading"]
    procs.kill(proc)
    assert sim.generate_requests == []
    reference.unlink()  # the job owns a copy; the artist's original may be gone

    sim.update(faults=Faults())
    assert_resumed_to_completed(app_home, sim, ["edit killed while uploading"])
    assert sim.counts[UPLOAD] == 2
    assert "inputImage" in sim.generate_requests[0]


LAUNCHER = textwrap.dedent(
    """
    import asyncio, sys
    from PySide6.QtWidgets import QApplication
    from kontext_studio.session import open_session
    from kontext_studio.ui.app import configure_application, create_main_window
    from kontext_studio.ui.event_loop import EventLoop

    async def main():
        session = open_session()
        window = await create_main_window(session)
        tab = window.generate_tab
        for prompt in sys.argv[1:]:
            tab.prompt.setPlainText(prompt)
            assert tab.generate(), tab.problem()
        print("submitted", flush=True)
        await asyncio.Event().wait()  # until SIGKILL

    app = QApplication(sys.argv[:1])
    configure_application(app)
    loop = EventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(main())
    """
)


STALLED_FSYNC = textwrap.dedent(
    """
    import os, time

    _marker = os.environ.get("KS_STALL_MARKER", "")
    _fsync = os.fsync

    def fsync(fd):
        if _marker and os.readlink(f"/proc/self/fd/{fd}").endswith(".part"):
            open(_marker, "w").close()
            time.sleep(3600)  # until SIGKILL, the result half written
        return _fsync(fd)

    os.fsync = fsync
    """
)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_killed_while_the_result_is_written_leaves_no_temp_file_after_resume(
    app_home: Path, sim: Simulator, tmp_path: Path
):
    """Killed between the result's temp file and its rename: the temp file stayed in the
    library for good."""
    inject = tmp_path / "inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(STALLED_FSYNC)
    marker = tmp_path / "writing"
    proc = procs.start(
        app_home,
        sim,
        generate_argv("a heron half written"),
        PYTHONPATH=str(inject),
        KS_STALL_MARKER=str(marker),
    )
    procs.wait_for(marker.exists, timeout=45, proc=proc)
    procs.kill(proc)
    assert list((app_home / "data").rglob("*.part"))  # cut short

    assert_resumed_to_completed(app_home, sim, ["a heron half written"])


STALLED_AFTER_RENAME = textwrap.dedent(
    """
    import os, time

    _marker = os.environ.get("KS_STALL_MARKER", "")
    _replace = os.replace

    def replace(src, dst, *args, **kwargs):
        _replace(src, dst, *args, **kwargs)
        if _marker and str(src).endswith(".part"):
            open(_marker, "w").close()
            time.sleep(3600)  # until SIGKILL, the result in place, its row not told

    os.replace = replace
    """
)


def test_killed_after_the_result_is_in_place_keeps_it_at_the_next_start(
    app_home: Path, sim: Simulator, tmp_path: Path
):
    """Killed between the result's rename into place and its row's write (as when a slow
    write outlives the close's grace): the row says "downloading" of an image that is in
    the library. ``resume`` keeps that image; before, it fetched it again, and with KIE's
    link no longer serving it (expired, here damaged), the job failed, its image named by
    no row."""
    inject = tmp_path / "inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(STALLED_AFTER_RENAME)
    marker = tmp_path / "renamed"
    prompt = "a heron in place but not recorded"
    proc = procs.start(
        app_home, sim, generate_argv(prompt), PYTHONPATH=str(inject), KS_STALL_MARKER=str(marker)
    )
    procs.wait_for(marker.exists, timeout=45, proc=proc)
    procs.kill(proc)
    assert procs.states(app_home) == ["downloading"]
    sim.update(faults=Faults(truncate=1.0, endpoints=frozenset(), files=True))

    run = procs.run_cli(app_home, sim, "resume", "--json", KONTEXT_STUDIO_RETRY_SCALE="0.01")
    assert run.code == 0, (run.result, run.stderr[-2000:])
    assert [line["status"] for line in run.result] == ["completed"]
    (row,) = procs.rows(app_home)
    images = [p for p in (app_home / "data").rglob("*.png") if "references" not in p.parts]
    assert images == [Path(row["file_path"])]
    with Image.open(images[0]) as image:
        image.load()
    assert_paid_once(sim, prompt)


FAST = {"KONTEXT_STUDIO_RETRY_SCALE": "0.01"}
"""The commands' retry waits, a hundredth as long."""


@contextmanager
def gave_up_behind_a_refusing_host(app_home: Path, prompt: str) -> Iterator[Simulator]:
    """A paid image of ``prompt`` whose every link the host refused until ``generate`` gave
    up: its job failed, marked for tries by itself. The simulator is stopped after."""
    refusing = SimulatorConfig(latency_s=(0.05, 0.2), seed=5, result_ttl_s=0.0, fresh_url_ttl_s=0.0)
    sim = Simulator(refusing).start()
    try:
        gave_up = procs.run_cli(app_home, sim, *generate_argv(prompt)[2:], **FAST)
        assert gave_up.code != 0, gave_up.stderr[-2000:]
        assert procs.states(app_home) == ["failed"]
        yield sim
    finally:
        sim.stop()


def test_a_kill_during_a_refused_links_try_by_itself_then_no_network_keeps_its_tries(
    app_home: Path,
):
    """The host refused every link to a paid image until ``generate`` gave up. A ``resume``
    tries it again by itself and is killed as it fetches; the next ``resume`` meets no
    network. Before, whether the job was on its try by itself died with the process: that
    failure read as a new one (exit code 1) and ended its 14 days of free tries, the image
    never fetched. Now the row keeps it: the failure says what happened, quietly, and the
    ``resume`` after that brings the image. Nothing is generated twice."""
    prompt = "a heron behind a refusing host"
    with gave_up_behind_a_refusing_host(app_home, prompt) as sim:
        sim.update(fresh_url_ttl_s=1200.0, file_delay_s=600.0)  # the try hangs on the image
        proc = procs.start(app_home, sim, ["-m", "kontext_studio", "resume", "--json"], **FAST)
        procs.wait_for(lambda: procs.states(app_home) == ["downloading"], proc=proc)
        procs.kill(proc)

        sim.update(file_delay_s=0.0, faults=Faults(drop=1.0, files=True))
        offline = procs.run_cli(app_home, sim, "resume", "--json", **FAST)
        assert offline.code == 0, (offline.result, offline.stderr[-2000:])
        assert "could not be fetched yet" in offline.stderr
        (row,) = procs.rows(app_home)
        assert row["state"] == "failed"
        assert row["error_kind"] in ("network", "result_download")  # not "link refused"

        sim.update(faults=Faults())
        back = procs.run_cli(app_home, sim, "resume", "--json", **FAST)
        assert back.code == 0, (back.result, back.stderr[-2000:])
        (row,) = procs.rows(app_home)
        assert row["state"] == "completed", (
            {
                k: row[k]
                for k in (
                    "error_kind",
                    "error_message",
                    "link_refused_task",
                    "task_id",
                    "result_url",
                )
            },
            back.result,
        )
        with Image.open(row["file_path"]) as image:
            image.load()
        assert len(sim.tasks_for_prompt(prompt)) == 1


def test_an_artist_s_retry_of_a_refused_link_killed_mid_download_is_the_artist_s_at_restart(
    app_home: Path,
):
    """The host refused every link to a paid image until ``generate`` gave up, which marks
    the job for tries by itself. The artist's own ``retry`` of it is killed as it fetches;
    the next ``resume`` meets no network. Before, the mark outlived the artist's Retry: that
    start took the download for a try by itself, and its failure went unannounced (left out
    of the list, exit code 0). Now it is the artist's: listed as failed, exit code 1.
    Nothing is generated twice."""
    prompt = "a heron the artist retried"
    with gave_up_behind_a_refusing_host(app_home, prompt) as sim:
        (row,) = procs.rows(app_home)

        sim.update(fresh_url_ttl_s=1200.0, file_delay_s=600.0)  # the Retry hangs on the image
        argv = ["-m", "kontext_studio", "retry", str(row["id"]), "--json"]
        proc = procs.start(app_home, sim, argv, **FAST)
        procs.wait_for(lambda: procs.states(app_home) == ["downloading"], proc=proc)
        procs.kill(proc)

        sim.update(file_delay_s=0.0, faults=Faults(drop=1.0, files=True))
        offline = procs.run_cli(app_home, sim, "resume", "--json", **FAST)
        assert offline.code == 1, (offline.result, offline.stderr[-2000:])
        assert "Traceback" not in offline.stderr
        assert "could not be fetched yet" not in offline.stderr
        assert [(line["id"], line["status"]) for line in offline.result] == [(row["id"], "failed")]
        assert len(sim.tasks_for_prompt(prompt)) == 1


KILLED_DELETER = textwrap.dedent(
    """
    import asyncio, io, sys
    from functools import partial
    from PIL import Image
    from kontext_studio.jobs import files
    from kontext_studio.jobs.states import JobState
    from kontext_studio.kie.models import GenerateRequest
    from kontext_studio.session import open_session

    async def main(case):
        session = open_session()
        ledger, engine = session.ledger, session.engine
        jobs = []
        for n in range(3 if case == "several for good" else 1):
            job = ledger.create_job(GenerateRequest(f"a heron {n} deleted").validated())
            ledger.transition(job.id, JobState.SUBMITTING)
            ledger.transition(job.id, JobState.GENERATING, task_id=f"task-{n}", submitted_at=1.0)
            job = ledger.transition(job.id, JobState.DOWNLOADING, result_url="https://x.example/k")
            body = io.BytesIO()
            Image.new("RGB", (64, 48), (30, 90, 160 + n)).save(body, "PNG")
            saved = files.check_and_save(
                body.getvalue(),
                "result",
                files.job_provenance(job),
                partial(files.result_path, engine.library_dir, job),
            )
            if case != "downloading":  # a finished artwork; else its row was never told
                ledger.transition(
                    job.id, JobState.COMPLETED, file_path=str(saved.path), sha256=saved.sha256
                )
            jobs.append(job)
        if case == "several for good":  # the window's Delete for good of a selection
            async with engine.deleting_together([job.id for job in jobs], for_good=True):
                for job in jobs:
                    await engine.delete(job.id, for_good=True)
        else:
            await engine.delete(jobs[0].id, for_good=case == "for good")

    asyncio.run(main(sys.argv[1]))
    """
)


STALLED_UNLINK = textwrap.dedent(
    """
    import os, time

    _marker = os.environ.get("KS_STALL_MARKER", "")
    _unlink = os.unlink

    def unlink(path, *args, **kwargs):
        if _marker and str(path).endswith(".png"):
            open(_marker, "w").close()
            time.sleep(3600)  # until SIGKILL, the row removed, its image not yet
        return _unlink(path, *args, **kwargs)

    os.unlink = unlink
    """
)


@pytest.mark.parametrize("case", ["for good", "downloading", "several for good"])
def test_killed_between_a_delete_s_row_and_its_image_removes_the_image_at_the_next_start(
    app_home: Path, sim: Simulator, tmp_path: Path, case: str
):
    """A Delete removes the artwork's row, then its image: one deleted for good (the trash
    refused it), or a downloading job's that a save wrote under its name while its row was
    never told. Killed between the two, the image stayed in the library for good, named by
    no row, which the app never showed again: the artist could not even delete it. The
    next start removes it, as the Delete would have. A Delete for good of several notes
    the images of all of them before the first row goes: killed at the first, the next
    start removes that one's image, and leaves the others with their artworks."""
    inject = tmp_path / "inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(STALLED_UNLINK)
    marker = tmp_path / "unlinking"
    proc = procs.start(
        app_home,
        sim,
        ["-c", KILLED_DELETER, case],
        PYTHONPATH=str(inject),
        KS_STALL_MARKER=str(marker),
    )
    procs.wait_for(marker.exists, timeout=45, proc=proc)
    procs.kill(proc)
    kept = [Path(row["file_path"]) for row in procs.rows(app_home)]
    assert len(kept) == (2 if case == "several for good" else 0)
    library = app_home / "data"
    assert len(list(library.rglob("*.png"))) == len(kept) + 1  # one named by no row

    run = procs.run_cli(app_home, sim, "resume", "--json")
    assert run.code == 0, (run.result, run.stderr[-2000:])
    assert "Traceback" not in run.stderr
    assert sorted(library.rglob("*.png")) == sorted(kept)
    assert list(library.rglob("*.deleting-*")) == []


def test_window_killed_with_three_jobs_generating(app_home: Path, sim: Simulator, tmp_path):
    pytest.importorskip("kontext_studio.ui.app")
    sim.update(latency_s=(2.5, 2.5))
    launcher = tmp_path / "launch_window.py"
    launcher.write_text(LAUNCHER)
    prompts = [f"window job {i}: a kite over dunes" for i in range(3)]
    proc = procs.start(app_home, sim, [str(launcher), *prompts])
    procs.wait_for(lambda: procs.states(app_home) == ["generating"] * 3, timeout=45, proc=proc)
    procs.kill(proc)
    assert sorted(t.prompt for t in sim.tasks) == sorted(prompts)

    assert_resumed_to_completed(app_home, sim, prompts)


LATE_TASK_KILLER = textwrap.dedent(
    """
    import asyncio, os, signal, sys
    from kontext_studio.jobs.engine import JobEngine
    from kontext_studio.jobs.states import JobState
    from kontext_studio.kie.client import KieClient
    from kontext_studio.kie.models import GenerateRequest
    from kontext_studio.session import kie_base_url, kie_upload_url, open_session
    from kontext_studio.store.ledger import Ledger

    async def main():
        window = open_session(key=os.environ["KIE_API_KEY"])
        engine = window.engine
        await engine.resume()
        job = await engine.submit(GenerateRequest(sys.argv[1]))
        while job.id not in engine._on_wire:
            await asyncio.sleep(0.01)
        await engine.cancel(job.id)  # its send is out: KIE makes (and charges) its task
        # A command Resubmits it meanwhile: its own send is out as the window's answer comes.
        client = KieClient(
            os.environ["KIE_API_KEY"], base_url=kie_base_url(), upload_url=kie_upload_url()
        )
        command = JobEngine(
            Ledger.open(window.paths.database),
            client,
            engine.library_dir,
            config=engine.config,
            schedule=engine.schedule,
        )

        def killed_once_written(snap):
            if snap.id != job.id and snap.task_id:  # the late task's own artwork, written
                print("written", snap.id, snap.state.value, flush=True)
                os.kill(os.getpid(), signal.SIGKILL)

        engine.subscribe(killed_once_written)
        await command.resubmit(job.id)
        await engine.wait_idle()  # killed before, once the late task's artwork is written
        await command.wait_idle()

    asyncio.run(main())
    """
)


def test_killed_as_a_late_task_s_own_artwork_is_written_follows_it_at_the_next_start(
    app_home: Path, sim: Simulator, tmp_path: Path
):
    """The window cancels a job while its send is out, a command sends it again, and KIE
    answers the window's send with the task it made (and charged): the job, sent again,
    cannot keep it, so it becomes an artwork of its own. Killed the moment that artwork's
    row is written (before anything else is done with the task), the next start follows
    the task to its image, never sending it again. The job sent again was caught sending
    by the kill: it waits as an unknown outcome, for the artist's Resubmit only (or its
    own task was written first, and it is followed too)."""
    sim.update(generate_delay_s=1.5)
    launcher = tmp_path / "late_task_killer.py"
    launcher.write_text(LATE_TASK_KILLER)
    prompt = "a fox sent from two places"
    proc = procs.start(app_home, sim, [str(launcher), prompt])
    out, err = proc.communicate(timeout=60)
    procs.TRANSCRIPTS.extend([out, err])
    assert proc.returncode == -signal.SIGKILL, (proc.returncode, err[-3000:])
    assert out.split()[:3] == ["written", "2", "generating"], (out, err[-3000:])
    assert len(sim.tasks_for_prompt(prompt)) == 2  # both sends made (and charged) a task

    sim.update(generate_delay_s=0.0)
    run = procs.run_cli(app_home, sim, "resume", "--json")
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    rows = procs.rows(app_home)
    # On a loaded machine the command's own answer may be written before the kill: the job
    # then follows its own task to an image too, as it should.
    assert [(r["id"], r["state"]) for r in rows] in (
        [(1, "unknown"), (2, "completed")],
        [(1, "completed"), (2, "completed")],
    )
    job, own = rows
    late = sim.tasks_for_prompt(prompt)[0]
    assert own["task_id"] == late.task_id and own["prompt"] == prompt
    with Image.open(own["file_path"]) as image:
        image.load()
    assert len(sim.generate_requests) == 2  # followed, never sent again
    assert own["made_for_job"] == 1 and own["description"] == ""
    assert (job["task_id"] is None) == (job["state"] == "unknown")
    assert job["task_id"] != own["task_id"]


def _demo_tasks(home: Path) -> list[dict[str, object]]:
    journal = home / "data" / "demo-simulator" / "tasks.jsonl"
    return [json.loads(line) for line in journal.read_text().splitlines() if line.strip()]


def test_a_demo_command_killed_beside_the_demo_window_is_finished_by_the_window(
    app_home: Path,
):
    """Demo mode: the window and a ``generate`` each run the simulator, on one journal. The
    command is killed while its job generates; the window carries the job on. Before, the
    window's simulator did not know the command's task, and the job failed "not found"."""
    pytest.importorskip("kontext_studio.ui.app")
    demo = {"key": None, "KONTEXT_STUDIO_DEMO_LATENCY": "3"}
    window = procs.start(app_home, None, ["-m", "kontext_studio"], **demo)
    try:
        log = app_home / "logs" / "kontext-studio.jsonl"
        procs.wait_for(lambda: log.is_file() and "app_started" in log.read_text(), proc=window)
        command = procs.start(app_home, None, generate_argv("a heron left by a command"), **demo)
        procs.wait_for(lambda: procs.states(app_home) == ["generating"], proc=command)
        procs.kill(command)
        ended = {"completed", "failed", "unknown", "timeout"}
        procs.wait_for(lambda: set(procs.states(app_home)) <= ended, timeout=60, proc=window)
        assert procs.states(app_home) == ["completed"], procs.rows(app_home)
        assert len(_demo_tasks(app_home)) == 1
    finally:
        window.send_signal(signal.SIGTERM)
        _out, err = window.communicate(timeout=30)
    assert window.returncode == 0 and "Traceback" not in err, err[-2000:]


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_ctrl_c_or_sigterm_closes_the_window_and_leaves_its_job_for_the_next_start(
    app_home: Path, sim: Simulator, stop: signal.Signals
):
    """SIGHUP: the terminal the window was started from closed. Before, that ended the app
    outright, a generate on the wire left unknown ("may have been charged")."""
    pytest.importorskip("kontext_studio.ui.app")
    sim.update(latency_s=(2.5, 2.5))
    ledger = Ledger.open(Paths.from_env().ensure().database)
    ledger.create_job(GenerateRequest("a kite over dunes").validated())
    ledger.close()
    proc = procs.start(app_home, sim, ["-m", "kontext_studio"])
    procs.wait_for(lambda: procs.states(app_home) == ["generating"], timeout=45, proc=proc)

    proc.send_signal(stop)
    try:
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:  # it ignored the signal: do not leave it running
            procs.kill(proc)
    procs.TRANSCRIPTS.extend([out, err])
    assert proc.returncode == 0, err[-2000:]
    assert "KeyboardInterrupt" not in err
    assert procs.states(app_home) == ["generating"]
    assert_resumed_to_completed(app_home, sim, ["a kite over dunes"])


MODAL_LAUNCHER = textwrap.dedent(
    """
    import os, signal, sys
    from PySide6.QtCore import QTimer
    from kontext_studio.ui import app

    make_window = app.create_main_window

    async def with_a_question(session, bridge=None, **options):
        window = await make_window(session, bridge, **options)

        def ask():
            QTimer.singleShot(500, lambda: os.kill(os.getpid(), int(sys.argv[1])))
            print("asked", window.library.confirm("Delete", "Delete it?", "&Delete"), flush=True)

        QTimer.singleShot(300, ask)
        return window

    app.create_main_window = with_a_question
    sys.exit(app.run_app(sys.argv[:1]))
    """
)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_while_a_question_is_open_dismisses_it_and_closes_cleanly(
    app_home: Path, sim: Simulator, tmp_path: Path, stop: signal.Signals
):
    """A question runs its own event loop: the shutdown must not run inside it, under a
    dialog the window owns (that crashed: double free, SIGABRT)."""
    pytest.importorskip("kontext_studio.ui.app")
    launcher = tmp_path / "launch_question.py"
    launcher.write_text(MODAL_LAUNCHER)
    proc = procs.start(app_home, sim, [str(launcher), str(int(stop))])
    try:
        out, err = proc.communicate(timeout=45)
    finally:
        if proc.poll() is None:
            procs.kill(proc)
    procs.TRANSCRIPTS.extend([out, err])
    assert proc.returncode == 0, err[-2000:]
    assert "Traceback" not in err, err[-2000:]
    assert "asked False" in out


def test_a_second_sigterm_during_the_wait_for_kie_s_answer_leaves_the_job_as_a_kill_does(
    app_home: Path, sim: Simulator
):
    """A logout's SIGTERM closed the window while a generate request waited for KIE's
    answer: the close waits for it, and a second SIGTERM cuts that wait. The job is left as
    a kill leaves it: the next start calls it unknown ("may have been charged") and sends
    nothing again."""
    pytest.importorskip("kontext_studio.ui.app")
    sim.update(generate_delay_s=60.0)
    prompt = "a kite whose answer never came"
    paths = Paths.from_env().ensure()
    ledger = Ledger.open(paths.database)
    ledger.create_job(GenerateRequest(prompt).validated())
    ledger.close()
    log = paths.logs / "kontext-studio.jsonl"
    proc = procs.start(app_home, sim, ["-m", "kontext_studio"])
    try:
        procs.wait_for(lambda: sim.generate_count(prompt) == 1, timeout=45, proc=proc)
        proc.send_signal(signal.SIGTERM)
        procs.wait_for(lambda: log.is_file() and "stop_signal" in log.read_text(), proc=proc)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            procs.kill(proc)
    procs.TRANSCRIPTS.extend([out, err])
    assert proc.returncode == 0, err[-2000:]
    assert procs.states(app_home) == ["submitting"]

    sim.update(generate_delay_s=0.0)
    run = procs.run_cli(app_home, sim, "resume", "--json")
    assert [line["status"] for line in run.result] == ["unknown"], run.stderr[-2000:]
    assert sim.generate_count(prompt) == 1
