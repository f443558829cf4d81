"""The engine fetching results from the simulator over real HTTP: an expired link, a fresh
link that cannot be had for now (also for KIE's rate limit), and a result KIE no longer has."""

from __future__ import annotations

import random
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from kontext_studio import i18n
from kontext_studio.errors import InputError
from kontext_studio.explain import explain, explain_kind
from kontext_studio.jobs.engine import EngineConfig, JobEngine
from kontext_studio.jobs.states import JobState
from kontext_studio.jobs.stopped import awaits_link, result_gone, result_gone_hint
from kontext_studio.kie.client import KieClient
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.simulator import Faults, Simulator, SimulatorConfig
from kontext_studio.simulator.config import DOWNLOAD_URL
from kontext_studio.stats import compute_stats
from kontext_studio.store.ledger import Ledger, Snapshot
from tests.fixtures import fast_schedule, library_begun_at, until

# The stored result link has expired by the time the job fetches it.
EXPIRED_AT_ONCE = SimulatorConfig(latency_s=(0.05, 0.1), megapixels=0.1, seed=3, result_ttl_s=0.0)
KEEPS_TRYING = EngineConfig(retry_base_s=0.02, retry_max_s=0.05, download_attempts=10_000)
GIVES_UP = EngineConfig(retry_base_s=0.02, retry_max_s=0.05, download_attempts=2)


NOW = time.time()
"""The time of the engines whose automatic tries' waits a test checks (:func:`engine_on`'s
``clock``): frozen, each wait the engine measures is the one it set, not less the time the
test took. Taken as the tests begin: the engine measures KIE's 14 days by it too."""


@asynccontextmanager
async def engine_on(
    sim: Simulator,
    ledger: Ledger,
    tmp_path: Path,
    config: EngineConfig,
    *,
    rng: random.Random | None = None,
    clock: Callable[[], float] = time.time,
    stops_sim: bool = True,
) -> AsyncIterator[JobEngine]:
    """An engine on ``ledger`` talking to ``sim``, as a start of the app runs; at the end
    the engine, its client and ``sim`` (unless not ``stops_sim``) stop, as the app and its
    demo server quit. ``rng``, ``clock``: the engine's jitter and time of its tries."""
    client = KieClient("key-0123456789", base_url=sim.base_url, upload_url=sim.base_url)
    engine = JobEngine(
        ledger,
        client,
        tmp_path / "library",
        config=config,
        schedule=fast_schedule(),
        rng=rng,
        clock=clock,
    )
    try:
        yield engine
    finally:
        await engine.aclose()
        await client.aclose()
        if stops_sim:
            sim.stop()


@pytest.fixture
async def parts(
    tmp_path: Path, made_library: Path
) -> AsyncIterator[tuple[Simulator, Ledger, JobEngine]]:
    sim = Simulator(EXPIRED_AT_ONCE).start()
    ledger = Ledger.open(library_begun_at(made_library, tmp_path / "library.sqlite3"))
    async with engine_on(sim, ledger, tmp_path, KEEPS_TRYING) as engine:
        yield sim, ledger, engine
    ledger.close()


@pytest.mark.parametrize(
    ("faults", "kind"),
    [
        (Faults(drop=1.0, endpoints=frozenset({DOWNLOAD_URL})), "network"),
        (Faults(http_error=1.0, endpoints=frozenset({DOWNLOAD_URL})), "server"),
        # A gateway's bare 422 page: not KIE's word that the link is no file of its own
        (
            Faults(http_error=1.0, http_error_status=422, endpoints=frozenset({DOWNLOAD_URL})),
            "server",
        ),
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


async def test_a_fresh_link_refused_as_well_is_asked_for_again_never_paid_again(
    parts: tuple[Simulator, Ledger, JobEngine],
) -> None:
    """The fresh link KIE has just given answers 403 as well. That is not KIE's word that
    the image is gone (review finding: it was taken for it, and Retry refused): the job
    keeps asking for a link, and gets its image once one works. Nothing is generated
    twice."""
    sim, ledger, engine = parts
    sim.update(fresh_url_ttl_s=0.0)
    snap = await engine.submit(GenerateRequest("a fox behind a bad gateway"))
    await until(lambda: sim.counts.get(DOWNLOAD_URL, 0) >= 3)
    current = ledger.get(snap.id)
    assert current is not None and current.state is JobState.DOWNLOADING

    sim.update(fresh_url_ttl_s=1200.0)
    done = await engine.wait_for(snap.id)
    assert done.state is JobState.COMPLETED
    assert sim.generate_count("a fox behind a bad gateway") == 1


async def test_a_job_that_gives_up_on_a_refused_fresh_link_reads_as_a_refused_link(
    parts: tuple[Simulator, Ledger, JobEngine],
) -> None:
    """Every fresh link KIE gives is refused by the host (403) until the job gives up.
    Before, it failed as "KIE reported a server error" (kind ``server``) with code 403;
    it reads as a refused link now, and its Retry, free, gets the image once a link
    works. Nothing is generated twice."""
    sim, _, engine = parts
    engine.config = replace(engine.config, download_attempts=2)
    sim.update(fresh_url_ttl_s=0.0)
    snap = await engine.submit(GenerateRequest("a fox behind a refusing host"))
    failed = await engine.wait_for(snap.id)
    assert (failed.state, failed.error_kind, failed.error_code) == (
        JobState.FAILED,
        "expired_result",
        403,
    )
    words = explain_kind(failed.error_kind, failed.error_detail, failed.facts)
    assert words.message == (
        "The server holding the image refused its download link, even the new one KIE had "
        "just given."
    )
    assert "free" in words.hint and "expired" not in words.message + words.hint
    demo = explain_kind(failed.error_kind, failed.error_detail, replace(failed.facts, demo=True))
    assert demo.message.startswith("The demo server refused the image's download link")
    # The window installs a translator even in English, which marks a detail the catalogue
    # lacks as the server's words: the refused link is still told (before: "expired").
    i18n.install(lambda context, text, *_: text)
    try:
        shown = explain_kind(failed.error_kind, failed.error_detail, failed.facts)
    finally:
        i18n.install(None)
    assert shown.message == words.message
    # The statistics count it on a line of its own, in the same words, not as expired.
    (counted,) = compute_stats([failed], demo=False).errors
    assert counted.label == words.message.rstrip(".")

    sim.update(fresh_url_ttl_s=1200.0)
    await engine.retry(snap.id)
    done = await engine.wait_for(snap.id)
    assert done.state is JobState.COMPLETED
    assert sim.generate_count("a fox behind a refusing host") == 1


async def test_a_paid_image_held_up_by_the_rate_limit_is_not_said_to_be_uncharged(
    parts: tuple[Simulator, Ledger, JobEngine],
) -> None:
    """KIE's 429 drops the request that met it, not the task it had made, and charged, for
    the job. Before: a job whose fresh link was refused that way until it gave up read
    "Nothing was charged; retry in a minute." The words now say it was charged, and that
    Retry fetches it without paying again, which it does."""
    sim, _, engine = parts
    engine.config = replace(engine.config, download_attempts=2)
    sim.update(faults=Faults(rate_limited=1.0, endpoints=frozenset({DOWNLOAD_URL})))
    snap = await engine.submit(GenerateRequest("a fox behind a busy gateway"))
    failed = await engine.wait_for(snap.id)
    assert (failed.state, failed.error_kind) == (JobState.FAILED, "rate_limited")

    hint = explain_kind(failed.error_kind, failed.error_detail, failed.facts).hint
    assert "Nothing was charged" not in hint
    assert "it was charged" in hint and "without paying again" in hint

    sim.update(faults=Faults())
    await engine.retry(snap.id)
    done = await engine.wait_for(snap.id)
    assert done.state is JobState.COMPLETED
    assert sim.generate_count("a fox behind a busy gateway") == 1


@pytest.mark.parametrize("gateway_status", [502, 422, 404])
async def test_a_gateway_failure_between_two_refusals_of_a_link_earns_no_second_free_retry(
    parts: tuple[Simulator, Ledger, JobEngine], gateway_status: int
) -> None:
    """KIE refuses the job's result link as no file of its own (422) and its task names no
    other: the job fails as expired, with one free Retry. That Retry meets a gateway's page
    at download-url until it gives up (a 502, or a bare 422 or 404 with no KIE envelope:
    kie-api.md's envelope is KIE's word, not a status alone), and fails as KIE's server
    trouble, its link kept (a bare 422 failed it as "KIE reported an error", KIE's turning
    the request away); the next Retry meets KIE's refusal again. Before, the 502 wrote over
    the code that kept the first refusal, that second refusal was taken for a first, and
    each gateway failure in between earned one more free Retry, asking KIE again for ever.
    The second refusal marks the result gone: a third Retry is refused at once, asking KIE
    nothing, and nothing is ever generated."""
    sim, ledger, engine = parts
    engine.config = replace(engine.config, download_attempts=2)
    job = ledger.create_job(GenerateRequest("a fox whose link KIE refuses"))
    # Sent and finished: a task this KIE no longer knows, its link one it never handed out.
    ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
    ledger.transition(job.id, JobState.GENERATING, task_id="task-kie-forgot")
    ledger.transition(
        job.id, JobState.DOWNLOADING, result_url=f"{sim.base_url}/files/moved/fox.png"
    )
    await engine.resume()
    first = await engine.wait_for(job.id)
    assert (first.state, first.error_kind, first.result_deleted) == (
        JobState.FAILED,
        "expired_result",
        False,
    )

    gateway = Faults(
        http_error=1.0, http_error_status=gateway_status, endpoints=frozenset({DOWNLOAD_URL})
    )
    sim.update(faults=gateway)
    await engine.retry(job.id)  # the free Retry the first refusal offers
    between = await engine.wait_for(job.id)
    assert (between.state, between.error_kind, between.error_code) == (
        JobState.FAILED,
        "server",
        gateway_status,
    )
    assert between.result_url and not between.result_deleted
    words = explain_kind(between.error_kind, between.error_detail, between.facts)
    assert words.message.startswith("KIE reported a server error.")

    sim.update(faults=Faults())
    await engine.retry(job.id)  # free: the gateway's failure said nothing of the result
    second = await engine.wait_for(job.id)
    assert (second.state, second.error_kind) == (JobState.FAILED, "expired_result")
    assert second.result_deleted
    asked = sim.counts.get(DOWNLOAD_URL, 0)
    with pytest.raises(InputError) as refused:
        await engine.retry(job.id)
    assert explain(refused.value).message == (
        "KIE turned down a new link to this image twice, so a retry cannot fetch it; generate "
        "it again as a new job."
    )
    assert sim.counts.get(DOWNLOAD_URL, 0) == asked
    assert ledger.get(job.id) == second
    assert sim.generate_count("a fox whose link KIE refuses") == 0


def downloading(ledger: Ledger, prompt: str, task_id: str, link: str) -> int:
    """A job sent and finished, its image to fetch at ``link``: as a restart finds it."""
    job = ledger.create_job(GenerateRequest(prompt))
    ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
    ledger.transition(job.id, JobState.GENERATING, task_id=task_id)
    ledger.transition(job.id, JobState.DOWNLOADING, result_url=link)
    return job.id


async def test_an_image_cut_off_from_here_is_fetched_again_though_kie_has_no_record_of_it(
    tmp_path: Path,
) -> None:
    """The job's image waits on a storage server of its own (KIE's is not its API's), and
    each connection to it breaks on the way, as when this computer's network drops for a
    minute; asked where the result is, the API answers it has no record of the task. That
    is no word that the image is gone: the job keeps its link, fetches it again, and has
    its image once the network is back. Before, it failed at once as a task KIE lost, its
    links let go, and only a new, charged send was left. Nothing is generated."""
    storage = Simulator(replace(EXPIRED_AT_ONCE, result_ttl_s=1200.0)).start()
    maker = KieClient("key-0123456789", base_url=storage.base_url, upload_url=storage.base_url)
    try:
        task_id = await maker.generate(GenerateRequest("a fox on a flaky network"))
        await until(lambda: (task := storage.task(task_id)) is not None and task.result_url)
        link = storage.task(task_id).result_url  # type: ignore[union-attr]
        storage.update(faults=Faults(drop=1.0, files=True, endpoints=frozenset()))
        ledger = Ledger.open(tmp_path / "library.sqlite3")
        job_id = downloading(ledger, "a fox on a flaky network", task_id, link)
        api = Simulator(EXPIRED_AT_ONCE).start()  # never heard of the task
        async with engine_on(api, ledger, tmp_path, KEEPS_TRYING) as engine:
            await engine.resume()
            await until(lambda: api.counts.get("record-info", 0) >= 1)
            await until(lambda: ledger.get(job_id).error_kind == "result_download")
            held = ledger.get(job_id)
            assert (held.state, held.result_url) == (JobState.DOWNLOADING, link)

            storage.update(faults=Faults())  # the network is back
            done = await engine.wait_for(job_id)
            assert done.state is JobState.COMPLETED and Path(done.file_path).is_file()
            assert api.generate_count("a fox on a flaky network") == 0
        ledger.close()
    finally:
        await maker.aclose()
        storage.stop()


async def test_a_link_whose_host_cannot_be_looked_up_here_is_kept_though_kie_has_no_record(
    tmp_path: Path,
) -> None:
    """The name of the server holding the image cannot be looked up (no network, or a DNS
    that fails), and KIE answers it has no record of the task: the job fails as a download
    that could not be made, its link kept, its Retry free and fetching it again. Before, it
    failed as a task KIE lost, its link let go, its Retry only sending the prompt anew."""
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    link = "https://results.kie-studio-test.invalid/fox.png"
    job_id = downloading(ledger, "a fox out of reach", "task-out-of-reach", link)
    api = Simulator(EXPIRED_AT_ONCE).start()
    try:
        async with engine_on(api, ledger, tmp_path, GIVES_UP) as engine:
            await engine.resume()
            failed = await engine.wait_for(job_id)
            assert (failed.state, failed.error_kind) == (JobState.FAILED, "result_download")
            assert (failed.result_url, failed.task_id) == (link, "task-out-of-reach")
            words = explain_kind(failed.error_kind, failed.error_detail, failed.facts)
            assert "Retry gets its image without paying again" in words.hint
            await engine.retry(job_id)  # free: asks nothing of the artist
            again = await engine.wait_for(job_id)
            assert (again.error_kind, again.result_url) == ("result_download", link)
            assert api.generate_count("a fox out of reach") == 0
    finally:
        ledger.close()


async def test_a_refused_link_retried_after_a_restart_whose_server_lost_the_task_says_so(
    tmp_path: Path,
) -> None:
    """A demo job failed on a refused link; the app restarts, its demo server on a new port
    with no record of the task (as KIE answers for one it does not know: "recordInfo is
    null"). Its Retry reads the old link's host as gone and asks KIE where the result is
    now: KIE's word that it has no record of the task ends it as such, its Retry asking
    before it sends the prompt anew. Before, it tried the dead port until it gave up and
    read "The demo server stopped answering", which was not so, and its Retry met the same.
    Nothing is generated again unasked."""
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    earlier = Simulator(replace(EXPIRED_AT_ONCE, fresh_url_ttl_s=0.0)).start()
    async with engine_on(earlier, ledger, tmp_path, GIVES_UP) as engine:
        snap = await engine.submit(GenerateRequest("a fox the demo server forgot"))
        assert (await engine.wait_for(snap.id)).error_kind == "expired_result"

    later = Simulator(replace(EXPIRED_AT_ONCE, result_ttl_s=1200.0)).start()
    try:
        async with engine_on(later, ledger, tmp_path, GIVES_UP) as engine:
            await engine.retry(snap.id)
            failed = await engine.wait_for(snap.id)
            assert (failed.state, failed.error_kind) == (JobState.FAILED, "not_found")
            words = explain_kind(
                failed.error_kind, failed.error_detail, replace(failed.facts, demo=True)
            )
            assert words.message == "The demo server on this computer has no record of this task."
            assert words.hint.startswith("Retry sends it to the demo server again as a new job.")
            with pytest.raises(InputError):
                await engine.retry(snap.id)  # sent anew only on the artist's word
            assert later.generate_count("a fox the demo server forgot") == 0
    finally:
        ledger.close()


async def test_a_download_again_after_a_restart_whose_server_lost_the_task_keeps_the_artwork(
    tmp_path: Path,
) -> None:
    """A finished artwork whose file is gone, downloaded again after a restart whose demo
    server has no record of its task (its old port dead): KIE's "not found" ends only a job
    that never had its image. The artwork keeps its links and is not made a task KIE lost,
    whose Retry would send its prompt anew."""
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    earlier = Simulator(replace(EXPIRED_AT_ONCE, result_ttl_s=1200.0)).start()
    async with engine_on(earlier, ledger, tmp_path, GIVES_UP) as engine:
        done = await engine.wait_for((await engine.submit(GenerateRequest("a fox kept"))).id)
        assert done.state is JobState.COMPLETED
    Path(done.file_path).unlink()

    later = Simulator(replace(EXPIRED_AT_ONCE, result_ttl_s=1200.0)).start()
    try:
        async with engine_on(later, ledger, tmp_path, GIVES_UP) as engine:
            await engine.download_again(done.id)
            after = await engine.wait_for(done.id)
            assert after.error_kind != "not_found", after.state
            assert after.result_url == done.result_url
            assert after.completed_at == done.completed_at
            assert later.generate_count("a fox kept") == 0
    finally:
        ledger.close()


async def test_a_link_refused_until_the_job_gave_up_is_tried_again_by_itself_later_in_the_run(
    tmp_path: Path,
) -> None:
    """The host refuses every link to a paid image until the job gives up. Before, it stayed
    failed for good unless the artist saw it and pressed Retry; now it tries again by
    itself a while later (:attr:`EngineConfig.link_tries_s`), and gets the image once the
    host takes its link again. Nothing is generated twice."""
    sim = Simulator(replace(EXPIRED_AT_ONCE, fresh_url_ttl_s=0.0)).start()
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    config = replace(GIVES_UP, link_tries_s=(0.0,))

    def host_takes_links_once_it_gave_up(snap: Snapshot) -> None:
        if snap.state is JobState.FAILED:
            assert awaits_link(snap)
            sim.update(fresh_url_ttl_s=1200.0)

    try:
        async with engine_on(sim, ledger, tmp_path, config) as engine:
            engine.subscribe(host_takes_links_once_it_gave_up)
            snap = await engine.submit(GenerateRequest("a fox behind a host that recovers"))
            await until(lambda: ledger.get(snap.id).state is JobState.COMPLETED)
            assert Path(ledger.get(snap.id).file_path).is_file()
            assert sim.generate_count("a fox behind a host that recovers") == 1
    finally:
        ledger.close()


async def test_a_link_refused_until_the_job_gave_up_is_tried_again_at_the_next_start(
    tmp_path: Path,
) -> None:
    """A job gave up on a link the host refused, and the app closed. The next start tries
    it again by itself, free (its words said it would), and the image arrives; one whose
    14 days on KIE are over is left, its words saying the tries have stopped. Nothing is
    generated twice."""
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    demo = replace(EXPIRED_AT_ONCE, journal_dir=tmp_path / "demo-server")  # keeps its tasks
    earlier = Simulator(replace(demo, fresh_url_ttl_s=0.0)).start()
    async with engine_on(earlier, ledger, tmp_path, replace(GIVES_UP, link_tries_s=())) as engine:
        young = await engine.submit(GenerateRequest("a fox tried again at the next start"))
        old = await engine.submit(GenerateRequest("a fox past its days"))
        failed = await engine.wait_for(young.id)
        assert (await engine.wait_for(old.id)).state is JobState.FAILED
    hint = explain_kind(failed.error_kind, failed.error_detail, failed.facts).hint
    # Only the starts are promised: this run's tries are over (none here), and before, the
    # hint said "later and at its next start"
    assert hint.startswith(
        "Kontext Studio tries again by itself, free, each time its window opens (and at each "
        "resume command)"
    )
    assert "later" not in hint
    days_ago = time.time() - 15 * 86400
    ledger.update(old.id, submitted_at=days_ago, created_at=days_ago)

    later = Simulator(replace(demo, result_ttl_s=1200.0)).start()
    try:
        config = replace(GIVES_UP, link_first_spread_s=0.0)
        async with engine_on(later, ledger, tmp_path, config) as engine:
            assert await engine.resume() == []  # tried a moment later, as the window's run goes on
            await until(lambda: ledger.get(young.id).state is JobState.COMPLETED)
            done = ledger.get(young.id)
            assert Path(done.file_path).is_file()
            left = ledger.get(old.id)
            assert left.state is JobState.FAILED and result_gone(left)
            assert result_gone_hint(left).startswith(
                "KIE keeps an image for 14 days, and this one's days are over: Kontext Studio "
                "has stopped trying to fetch it"
            )
        assert earlier.generate_count("a fox tried again at the next start") == 1
        assert later.generate_count("a fox tried again at the next start") == 0
    finally:
        ledger.close()


async def _tried_by_itself_meeting(
    faults: Faults, tmp_path: Path, prompt: str, tries: tuple[float, ...]
) -> Snapshot:
    """A paid image whose host refused every link until its job gave up; the host takes
    links again, but the job's first try by itself later in the run (``tries``:
    :attr:`EngineConfig.link_tries_s`) meets ``faults``, which are then lifted. How that
    try ended, once the job is completed (its image in place)."""
    sim = Simulator(replace(EXPIRED_AT_ONCE, fresh_url_ttl_s=0.0)).start()
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    failures: list[Snapshot] = []

    def host_takes_links_then_faults_meet_the_try(snap: Snapshot) -> None:
        if snap.state is JobState.FAILED:
            failures.append(snap)
            sim.update(fresh_url_ttl_s=1200.0, faults=faults if len(failures) == 1 else Faults())

    try:
        # the try a 429 ended is made again at once here (the back-off has its own tests)
        config = replace(GIVES_UP, link_tries_s=tries, link_limited_first_s=0.0)
        async with engine_on(sim, ledger, tmp_path, config) as engine:
            engine.subscribe(host_takes_links_then_faults_meet_the_try)
            snap = await engine.submit(GenerateRequest(prompt))
            await until(lambda: ledger.get(snap.id).state is JobState.COMPLETED)
            assert Path(ledger.get(snap.id).file_path).is_file()
            assert sim.generate_count(prompt) == 1
            assert len(failures) == 2 and awaits_link(failures[0])
            return failures[1]
    finally:
        ledger.close()


async def test_an_automatic_try_that_meets_a_damaged_download_says_so_and_goes_on(
    tmp_path: Path,
) -> None:
    """The try by itself of a link the host refused gets a new link, but the image's
    download is cut short each time. Before, the job read "link refused" again; now it says
    the download was cut short, as any other download of it would, and that it is tried
    again by itself, as the run's next try then is."""
    damaged = Faults(truncate=1.0, endpoints=frozenset(), files=True)
    tried = await _tried_by_itself_meeting(damaged, tmp_path, "a fox cut short", (0.0, 0.0))
    assert tried.error_kind == "result_download" and awaits_link(tried)
    words = explain_kind(tried.error_kind, tried.error_detail, tried.facts)
    assert words.message == (
        "The finished image could not be downloaded. Cause: downloading the picture: the "
        "server cut the connection."
    )
    assert words.hint.startswith("Kontext Studio tries again by itself, free")


async def test_an_automatic_try_that_meets_the_rate_limit_says_so_and_is_made_again(
    tmp_path: Path,
) -> None:
    """The try by itself of a link the host refused meets KIE's rate limit (429 to its
    request for a new link). Before, the job read "link refused", and that try was the
    run's last (one here): the image stayed unfetched. Now it says the rate limit, and the
    try is made again, not counted, bringing the image."""
    tried = await _tried_by_itself_meeting(
        Faults(rate_limited=1.0, endpoints=frozenset({DOWNLOAD_URL})),
        tmp_path,
        "a fox behind the rate limit",
        (0.0,),
    )
    assert tried.error_kind == "rate_limited" and awaits_link(tried)
    words = explain_kind(tried.error_kind, tried.error_detail, tried.facts)
    assert words.message == "KIE is limiting how fast requests can be sent."
    assert words.hint.startswith("Kontext Studio tries again by itself, free")


def record_link_waits(
    engine: JobEngine,
    monkeypatch: pytest.MonkeyPatch,
    waits: list[float],
    before_try: Callable[[int], None],
) -> None:
    """The engine's waits before its tries of a refused link noted in ``waits`` and not
    waited; ``before_try`` called with the count of tries so far, before each is made."""
    try_after = engine._link_try_after

    async def recorded(job_id: int, wait: float, planned: float | None) -> Snapshot | None:
        waits.append(wait)
        before_try(len(waits))
        return await try_after(job_id, 0.0, planned)

    monkeypatch.setattr(engine, "_link_try_after", recorded)


async def test_automatic_tries_that_keep_meeting_the_rate_limit_wait_longer_each_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The host refused every link to a paid image until the job gave up; its tries by
    itself then meet KIE's rate limit (429) six times in a row. Before, each was made again
    after the same 10 minutes, for 14 days, every refused job adding to an account-wide
    rate limit; now each waits twice as long as the last, up to 4 hours, each wait moved at
    random by up to 20 % either way (a seeded source here), and a try that ends otherwise
    (the link refused again) goes back to the usual wait. The row keeps each back-off. The
    waits are recorded, not waited. The image arrives, and nothing is generated twice."""
    sim = Simulator(replace(EXPIRED_AT_ONCE, fresh_url_ttl_s=0.0)).start()
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    limited = Faults(rate_limited=1.0, endpoints=frozenset({DOWNLOAD_URL}))
    # what KIE and the host do from each try on: 429s, then a refusal, then the image
    meets = {1: (1200.0, limited), 7: (0.0, Faults()), 8: (1200.0, Faults())}

    def meets_the_try(tries: int) -> None:
        if tries in meets:
            fresh_url_ttl_s, faults = meets[tries]
            sim.update(fresh_url_ttl_s=fresh_url_ttl_s, faults=faults)

    waits: list[float] = []
    backoffs: list[float] = []
    config = replace(GIVES_UP, link_tries_s=(600.0, 600.0), link_limited_max_s=4 * 3600.0)
    prompt = "a fox behind a long rate limit"

    def kept(snap: Snapshot) -> None:
        if snap.state is JobState.FAILED:
            backoffs.append(snap.link_backoff_s)

    try:
        async with engine_on(
            sim, ledger, tmp_path, config, rng=random.Random(7), clock=lambda: NOW
        ) as engine:
            record_link_waits(engine, monkeypatch, waits, meets_the_try)
            engine.subscribe(kept)
            snap = await engine.submit(GenerateRequest(prompt))
            await until(lambda: ledger.get(snap.id).state is JobState.COMPLETED)
            done = ledger.get(snap.id)
            assert Path(done.file_path).is_file()
            assert (done.link_backoff_s, done.link_try_at) == (0.0, None)
            assert sim.generate_count(prompt) == 1
        steps = [600.0, 1200.0, 2400.0, 4800.0, 9600.0, 14400.0, 14400.0, 600.0]
        assert backoffs == [0.0, *steps[1:-1], 0.0]  # the give-up, each 429, the refusal
        same = random.Random(7)
        assert waits == pytest.approx([step * same.uniform(0.8, 1.2) for step in steps])
        assert len({round(wait / step, 6) for wait, step in zip(waits, steps, strict=True)}) == len(
            steps
        )
    finally:
        ledger.close()


async def test_a_restart_waits_out_the_rate_limits_back_off_and_doubles_it_from_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An automatic try of a refused link met KIE's rate limit, and the app closed while it
    waited (20 minutes, moved at random). Before, the next start tried it at once and, the
    limit still on, went back to 10 minutes: every start sent every such job's request
    together. Now the start waits for what the row kept, not trying at once, and a 429
    then doubles that back-off (40 minutes), not the first. Once the limit is over, the
    image arrives, generated once."""
    demo = replace(EXPIRED_AT_ONCE, journal_dir=tmp_path / "demo-server", fresh_url_ttl_s=0.0)
    sim = Simulator(demo).start()
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    limited = Faults(rate_limited=1.0, endpoints=frozenset({DOWNLOAD_URL}))
    config = replace(GIVES_UP, link_tries_s=(0.0,))
    prompt = "a fox behind a rate limit across a restart"

    def limit_meets_the_try(snap: Snapshot) -> None:
        if snap.state is JobState.FAILED and not snap.link_try_at:
            sim.update(fresh_url_ttl_s=1200.0, faults=limited)

    try:
        async with engine_on(
            sim, ledger, tmp_path, config, rng=random.Random(3), clock=lambda: NOW, stops_sim=False
        ) as engine:
            engine.subscribe(limit_meets_the_try)
            job = (await engine.submit(GenerateRequest(prompt))).id
            await until(lambda: ledger.get(job).link_try_at is not None)
            held = ledger.get(job)
        assert held.state is JobState.FAILED and awaits_link(held)
        assert held.link_backoff_s == 1200.0
        asked = sim.counts.get(DOWNLOAD_URL, 0)

        waits: list[float] = []

        def lifted_at_the_second_try(tries: int) -> None:
            if tries == 2:
                sim.update(faults=Faults())

        async with engine_on(
            sim, ledger, tmp_path, config, rng=random.Random(5), clock=lambda: NOW
        ) as engine:
            record_link_waits(engine, monkeypatch, waits, lifted_at_the_second_try)
            assert await engine.resume() == []  # not tried at once
            assert sim.counts.get(DOWNLOAD_URL, 0) == asked
            await until(lambda: ledger.get(job).state is JobState.COMPLETED)
            assert Path(ledger.get(job).file_path).is_file()
        again = random.Random(5)
        assert waits == pytest.approx([held.link_try_at - NOW, 2400.0 * again.uniform(0.8, 1.2)])
        assert sim.generate_count(prompt) == 1
    finally:
        ledger.close()


async def test_an_artists_retry_that_meets_the_rate_limit_leaves_the_automatic_tries_on(
    tmp_path: Path,
) -> None:
    """The host refused every link to a paid image until the job gave up, and the engine
    tries it again by itself. The artist presses Retry, which meets KIE's rate limit until
    it gives up. Before, that ended the tries for good, though the artist had not given up
    on the image: its words offered only another Retry. Now that failure is still the
    artist's (announced, not a try by itself), its words say the tries go on, its back-off
    is kept, and the first start once it is over brings the image, generated once."""
    demo = replace(EXPIRED_AT_ONCE, journal_dir=tmp_path / "demo-server", fresh_url_ttl_s=0.0)
    sim = Simulator(demo).start()
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    config = replace(GIVES_UP, link_tries_s=())
    prompt = "a fox retried into a rate limit"
    try:
        async with engine_on(
            sim, ledger, tmp_path, config, rng=random.Random(1), clock=lambda: NOW, stops_sim=False
        ) as engine:
            job = (await engine.submit(GenerateRequest(prompt))).id
            assert awaits_link(await engine.wait_for(job))
            sim.update(
                fresh_url_ttl_s=1200.0,
                faults=Faults(rate_limited=1.0, endpoints=frozenset({DOWNLOAD_URL})),
            )
            await engine.retry(job)
            failed = await engine.wait_for(job)
            assert failed.error_kind == "rate_limited" and awaits_link(failed)
            assert not engine.failed_by_itself(job)
        words = explain_kind(failed.error_kind, failed.error_detail, failed.facts)
        assert words.hint.startswith("Kontext Studio tries again by itself, free")
        assert failed.link_backoff_s == 1200.0 and failed.link_try_at is not None

        sim.update(faults=Faults())
        due = failed.link_try_at
        async with engine_on(sim, ledger, tmp_path, config, clock=lambda: due) as engine:
            assert await engine.resume() == [job]
            done = await engine.wait_for(job)
        assert done.state is JobState.COMPLETED and Path(done.file_path).is_file()
        assert sim.generate_count(prompt) == 1
    finally:
        ledger.close()
