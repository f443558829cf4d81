"""The fault soak, shared by ``test_fault_soak.py`` (200 jobs) and ``benchmarks/soak.py`` (more).

Many jobs run through the real :class:`JobEngine`, a real SQLite ledger and real HTTP to the
simulator, while the simulator injects faults into every API endpoint and into result files.
Then every job is checked against what the simulator itself saw (its request log, with the
fault drawn for each request, and its task list):

* ``completed``: the simulator has exactly one task for the prompt, it succeeded, it is the
  job's ``task_id``, and the file on disk hashes to the stored sha256, decodes at the stored
  size and carries the task id in its provenance;
* ``failed`` with a ``task_id``: the simulator's task failed and the job names the same code;
* ``failed`` without one: no task exists, and the last generate was refused with an envelope
  error (code 500), or no generate was sent at all (an edit whose upload was refused);
* ``unknown``: the last generate reply was lost (5xx page, stalled past the client timeout,
  or truncated); a task exists exactly when the simulator processed the request;
* nothing is left active, nothing ends ``timeout`` or ``cancelled``;
* never pay twice: at most one created task per prompt, and every generate before the last
  one for a prompt was a 429 (which creates nothing);
* no ERROR log record anywhere (``job_crashed`` above all), no exception reaching the event
  loop's handler ("Task exception was never retrieved"), ``PRAGMA integrity_check`` ok, no
  ``*.part`` file and no orphan file in the library.

Unique prompts map requests and tasks to jobs.
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import io
import logging
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image

from kontext_studio.images.metadata import read_provenance
from kontext_studio.jobs.engine import EngineConfig, JobEngine
from kontext_studio.jobs.schedule import PollSchedule
from kontext_studio.jobs.states import JobState
from kontext_studio.kie.client import KieClient
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.logs import setup_logging, stop_logging
from kontext_studio.simulator import Faults, RequestRecord, Simulator, SimulatorConfig, TaskInfo
from kontext_studio.store.ledger import Ledger, Snapshot

SOAK_KEY = "soak-key-0123456789"
# Per-request rates the issue asks for, of the requests to each endpoint.
DEFAULT_RATES: dict[str, float] = {
    "http_error": 0.20,  # 502 gateway page
    "envelope_error": 0.02,  # HTTP 200 + {"code": 500}
    "rate_limited": 0.10,  # HTTP 200 + {"code": 429}
    "timeout": 0.05,  # stalled past the client's timeout
    "truncate": 0.05,  # half the body, then the connection closes
}
# The simulator tries its faults in this order, each with its own probability.
FAULT_ORDER = ("http_error", "envelope_error", "rate_limited", "timeout", "drop", "truncate")
LOST_REPLIES = frozenset({"http_error", "timeout", "truncate", "drop"})
CREATED_THEN_LOST = frozenset({"timeout", "truncate", "drop"})
UPLOAD = "file-stream-upload"


def sequential_faults(rates: dict[str, float], **extra: Any) -> Faults:
    """Faults whose *overall* rates are ``rates``: the simulator draws them one after the
    other, so each probability is divided by the share of requests still unfaulted."""
    left = 1.0
    probabilities: dict[str, Any] = {}
    for name in FAULT_ORDER:
        rate = rates.get(name, 0.0)
        probabilities[name] = min(rate / left, 1.0) if left > 0 else 0.0
        left -= rate
    if left < 0:
        raise ValueError("fault rates add up to more than 1")
    return Faults(**probabilities, **extra)


def soak_schedule() -> PollSchedule:
    return PollSchedule(prior=(0.03, 0.05, 0.08, 0.1, 0.12), min_interval_s=0.02)


@dataclass(frozen=True)
class SoakConfig:
    jobs: int = 200
    rates: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_RATES))
    task_failure: float = 0.05
    files: bool = True
    """Also truncate result downloads (at the ``truncate`` rate)."""
    client_timeout_s: float = 1.0
    stall_s: float = 2.5
    """How long a ``timeout`` fault stalls: longer than the client waits, so the reply is lost."""
    latency_s: tuple[float, float] = (0.02, 0.1)
    megapixels: float = 0.05
    edit_every: int = 10
    """Every n-th job is an edit with its own reference image (0: none)."""
    forbidden_every: int = 25
    """Every n-th job has the content-policy word in its prompt (0: none)."""
    seed: int = 20240601
    deadline_s: float = 75.0
    submit_limit: int = 20
    submit_window_s: float = 0.2
    interrupt_at_s: float | None = None
    """Close the engine this long after the start (a clean app exit with jobs in flight;
    submitting stops then), start a new engine on the same library, ``resume()`` and submit
    the rest."""


@dataclass
class SoakResult:
    config: SoakConfig
    jobs: list[Snapshot]
    prompts: dict[int, str]
    requests: list[RequestRecord]
    tasks: list[TaskInfo]
    counts: dict[str, int]
    error_records: list[str]
    loop_errors: list[str]
    integrity_ok: bool
    library: Path
    elapsed_s: float
    timed_out: bool
    submit_s: float = 0.0
    shutdown_wall: float | None = None
    left_at_shutdown: dict[int, JobState] = field(default_factory=dict)
    violations: list[str] = field(default_factory=list)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def capture_errors(loop: asyncio.AbstractEventLoop) -> Iterator[tuple[_Collect, list[str]]]:
    """Every ERROR log record (any logger) and every call of the loop's exception handler."""
    handler = _Collect()
    root = logging.getLogger()
    root.addHandler(handler)
    loop_errors: list[str] = []
    previous = loop.get_exception_handler()

    def on_loop_error(_loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        loop_errors.append(f"{context.get('message')}: {context.get('exception')!r}")

    loop.set_exception_handler(on_loop_error)
    try:
        yield handler, loop_errors
    finally:
        gc.collect()  # "Task exception was never retrieved" is reported on collection
        loop.set_exception_handler(previous)
        root.removeHandler(handler)


def reference_png(index: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (96, 64), ((index * 37) % 256, (index * 91) % 256, 120)).save(out, "PNG")
    return out.getvalue()


def prompt_for(index: int, config: SoakConfig) -> str:
    words = f"soak job {index:05d}: a lantern over a quiet harbour"
    if config.forbidden_every and index % config.forbidden_every == config.forbidden_every - 1:
        words += ", forbidden"
    return words


async def run_soak(home: Path, config: SoakConfig | None = None) -> SoakResult:
    """Run the soak in ``home`` (data, logs, references) and return everything to check."""
    config = config or SoakConfig()
    faults = sequential_faults(
        config.rates,
        task_failure=config.task_failure,
        timeout_s=config.stall_s,
        files=config.files,
    )
    sim_config = SimulatorConfig(
        latency_s=config.latency_s,
        api_key=SOAK_KEY,
        rate_limit=None,  # the only 429s are the injected ones: each provably created nothing
        credits=1e9,
        megapixels=config.megapixels,
        seed=config.seed,
        faults=faults,
    )
    (home / "refs").mkdir(parents=True, exist_ok=True)
    log_path = setup_logging(home / "logs")
    loop = asyncio.get_running_loop()
    started = time.monotonic()
    timed_out = False
    with Simulator(sim_config) as sim, capture_errors(loop) as (handler, loop_errors):
        ledger = Ledger.open(home / "data" / "library.sqlite3")
        client, engine = _engine(ledger, sim, home, config)
        prompts: dict[int, str] = {}
        shutdown_wall: float | None = None
        left: dict[int, JobState] = {}
        try:
            index = 0
            cut_at = started + (config.interrupt_at_s or 0.0)
            while index < config.jobs:
                if config.interrupt_at_s is not None and time.monotonic() >= cut_at:
                    break
                snap = await engine.submit(_request(index, home, config))
                prompts[snap.id] = snap.prompt
                index += 1
            if config.interrupt_at_s is not None:
                await asyncio.sleep(max(cut_at - time.monotonic(), 0.0))
                shutdown_wall = time.time()
                await engine.aclose()
                await client.aclose()
                left = {
                    s.id: s.state
                    for s in (ledger.get(i) for i in prompts)
                    if s and s.state.is_active
                }
                client, engine = _engine(ledger, sim, home, config)
                await engine.resume()
                for rest in range(index, config.jobs):
                    snap = await engine.submit(_request(rest, home, config))
                    prompts[snap.id] = snap.prompt
            submitted = time.monotonic()
            try:
                await asyncio.wait_for(engine.wait_idle(), config.deadline_s)
            except TimeoutError:
                timed_out = True
        finally:
            await engine.aclose()
            await client.aclose()
            jobs = [s for s in (ledger.get(i) for i in prompts) if s is not None]
            integrity = ledger.integrity_ok()
            ledger.close()
        requests, tasks, counts = sim.requests, sim.tasks, sim.counts
    elapsed = time.monotonic() - started
    stop_logging()  # every line written before the log is read
    result = SoakResult(
        config=config,
        jobs=jobs,
        prompts=prompts,
        requests=requests,
        tasks=tasks,
        counts=counts,
        error_records=[_describe(r) for r in handler.records],
        loop_errors=loop_errors,
        integrity_ok=integrity,
        library=home / "data" / "artworks",
        elapsed_s=elapsed,
        timed_out=timed_out,
        shutdown_wall=shutdown_wall,
        left_at_shutdown=left,
        submit_s=submitted - started,
    )
    result.violations = check(result, log_path)
    return result


def _engine(
    ledger: Ledger, sim: Simulator, home: Path, config: SoakConfig
) -> tuple[KieClient, JobEngine]:
    client = KieClient(
        SOAK_KEY, base_url=sim.base_url, upload_url=sim.base_url, timeout=config.client_timeout_s
    )
    engine = JobEngine(
        ledger,
        client,
        home / "data" / "artworks",
        config=EngineConfig(
            poll_timeout_s=max(config.deadline_s, 30.0),
            submit_limit=config.submit_limit,
            submit_window_s=config.submit_window_s,
            retry_base_s=0.02,
            retry_max_s=0.2,
            shutdown_grace_s=1.0,
        ),
        schedule=soak_schedule(),
    )
    return client, engine


def _request(index: int, home: Path, config: SoakConfig) -> GenerateRequest:
    image = None
    if config.edit_every and index % config.edit_every == config.edit_every - 1:
        path = home / "refs" / f"ref-{index:05d}.png"
        path.write_bytes(reference_png(index))
        image = str(path)
    return GenerateRequest(
        prompt_for(index, config),
        aspect_ratio=None if image else "1:1",
        output_format="png" if index % 2 else "jpeg",
        image_path=image,
    )


def _describe(record: logging.LogRecord) -> str:
    event = getattr(record, "event", "")
    return f"{record.name} {record.levelname} {event} {record.getMessage()}"


def check(result: SoakResult, log_path: Path | None = None) -> list[str]:
    """Every broken rule, one line each; empty when the soak was clean."""
    problems: list[str] = []
    generates: dict[str, list[RequestRecord]] = {}
    for record in result.requests:
        if record.endpoint == "generate":
            generates.setdefault((record.body or {}).get("prompt", ""), []).append(record)
    tasks_by_prompt: dict[str, list[TaskInfo]] = {}
    for task in result.tasks:
        tasks_by_prompt.setdefault(task.prompt, []).append(task)

    if result.timed_out:
        problems.append(f"jobs still running after {result.config.deadline_s} s")
    if len(result.jobs) != result.config.jobs:
        problems.append(f"{result.config.jobs} jobs submitted, {len(result.jobs)} in the ledger")
    known = set(result.prompts.values())
    strays = [t.task_id for t in result.tasks if t.prompt not in known]
    if strays:
        problems.append(f"tasks for no job: {strays[:5]}")
    upload_refusals = sum(
        1
        for r in result.requests
        if r.endpoint == UPLOAD and r.fault in ("http_error", "envelope_error")
    )
    failed_at_upload = 0
    for snap in result.jobs:
        reqs = generates.get(snap.prompt, [])
        tasks = tasks_by_prompt.get(snap.prompt, [])
        cut = result.left_at_shutdown.get(snap.id) is JobState.SUBMITTING
        found = _check_job(snap, reqs, tasks, cut_while_sending=cut)
        if cut and snap.state is JobState.UNKNOWN and reqs and tasks and reqs[-1].fault is None:
            assert result.shutdown_wall is not None
            if reqs[-1].time < result.shutdown_wall - 0.5:
                found.append(
                    "the simulator answered its generate well before the shutdown, "
                    "yet the task id was not kept"
                )
        problems += [f"job {snap.id} ({snap.state}): {p}" for p in found]
        if snap.state is JobState.FAILED and not reqs:
            failed_at_upload += 1
    if failed_at_upload > upload_refusals:
        problems.append(
            f"{failed_at_upload} jobs failed before generate, "
            f"only {upload_refusals} uploads were refused"
        )
    problems += [f"ERROR logged: {line}" for line in result.error_records]
    problems += [f"event loop error: {line}" for line in result.loop_errors]
    if log_path is not None and log_path.exists():
        for line in log_path.read_text(encoding="utf-8").splitlines():
            if '"level": "ERROR"' in line or '"level": "CRITICAL"' in line:
                problems.append(f"ERROR in the JSON log: {line[:300]}")
    if not result.integrity_ok:
        problems.append("PRAGMA integrity_check is not ok")
    problems += _check_library(result)
    return problems


def _check_job(
    snap: Snapshot,
    reqs: list[RequestRecord],
    tasks: list[TaskInfo],
    *,
    cut_while_sending: bool = False,
) -> list[str]:
    """``cut_while_sending``: the app was closed while this job was ``submitting``, so
    ``unknown`` is the right end whatever became of the request."""
    problems: list[str] = []
    if len(tasks) > 1:
        problems.append(f"paid twice: {len(tasks)} tasks created")
    if any(r.fault != "rate_limited" for r in reqs[:-1]):
        faults = [r.fault for r in reqs]
        problems.append(f"generate resent after a reply that was not a 429: {faults}")
    if snap.submit_count < len(reqs):
        problems.append(f"submit_count {snap.submit_count} < {len(reqs)} generates seen")
    last = reqs[-1].fault if reqs else None
    task = tasks[0] if len(tasks) == 1 else None
    state = snap.state
    if state.is_active or state in (JobState.TIMEOUT, JobState.CANCELLED):
        problems.append("did not end completed, failed or unknown")
    elif state is JobState.COMPLETED:
        problems += _check_completed(snap, task, last)
    elif state is JobState.UNKNOWN and cut_while_sending:
        if snap.task_id is not None or snap.error_kind != "outcome_unknown":
            problems.append(f"unknown with task_id {snap.task_id} kind {snap.error_kind}")
    elif state is JobState.UNKNOWN:
        if last not in LOST_REPLIES:
            problems.append(f"unknown, but the last generate reply was not lost (fault {last})")
        if snap.task_id is not None or snap.error_kind != "outcome_unknown":
            problems.append(f"unknown with task_id {snap.task_id} kind {snap.error_kind}")
        created = last in CREATED_THEN_LOST
        if bool(tasks) != created:
            problems.append(f"unknown after {last}: {len(tasks)} tasks (expected {int(created)})")
    elif state is JobState.FAILED and snap.task_id:
        if task is None or task.task_id != snap.task_id:
            problems.append("failed with a task id the simulator does not have for this prompt")
        elif task.success_flag not in (2, 3):
            problems.append(f"failed, but its task has successFlag {task.success_flag}")
        elif snap.error_code != task.error_code:
            problems.append(f"failed with code {snap.error_code}, task says {task.error_code}")
        else:
            expected = {400: "content_policy", 500: "server"}.get(task.error_code or 0)
            if snap.error_kind != (expected or "generation_failed"):
                problems.append(f"kind {snap.error_kind} for task code {task.error_code}")
    elif state is JobState.FAILED:
        if tasks:
            problems.append("failed without a task id, but a task was created")
        if reqs and last == "envelope_error":
            if (snap.error_kind, snap.error_code) != ("server", 500):
                problems.append(f"envelope 500 gave {snap.error_kind}/{snap.error_code}")
        elif reqs and all(r.fault == "rate_limited" for r in reqs):
            if snap.error_kind != "rate_limited":
                problems.append(f"gave up after 429s with kind {snap.error_kind}")
        elif reqs:
            problems.append(f"failed without a task after a generate with fault {last}")
        elif not snap.request.is_edit:
            problems.append("failed before any generate, but it is not an edit")
        elif snap.error_kind not in ("upload_refused", "network"):
            problems.append(f"upload failure of kind {snap.error_kind}")
    return problems


def _check_completed(snap: Snapshot, task: TaskInfo | None, last: str | None) -> list[str]:
    if task is None or task.task_id != snap.task_id or task.success_flag != 1:
        return ["completed without a matching successful task at the simulator"]
    if last is not None:
        return [f"completed, but its generate reply had fault {last}"]
    path = Path(snap.file_path)
    if not path.is_file():
        return ["completed without a file"]
    data = path.read_bytes()
    problems = []
    if hashlib.sha256(data).hexdigest() != snap.sha256 or len(data) != snap.file_size:
        problems.append("file does not match the stored sha256/size")
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            if image.size != (snap.width, snap.height):
                problems.append(f"file is {image.size}, ledger says {snap.width}x{snap.height}")
    except Exception as error:  # any decoding failure is the finding
        problems.append(f"file does not decode: {error!r}")
    provenance = read_provenance(path)
    if provenance is None or provenance.task_id != snap.task_id:
        problems.append("provenance does not name the task")
    return problems


def _check_library(result: SoakResult) -> list[str]:
    if not result.library.exists():
        return []
    files = {p for p in result.library.rglob("*") if p.is_file()}
    problems = [f"half-written file left: {p.name}" for p in files if p.suffix == ".part"]
    owned = {Path(s.file_path) for s in result.jobs if s.file_path}
    references = result.library / "references"
    orphans = [p for p in files - owned if references not in p.parents and p.suffix != ".part"]
    problems += [f"file no job owns: {p.name}" for p in orphans]
    return problems


def summary(result: SoakResult) -> str:
    """A plain-text table: final states, generate counts, faults, error kinds, violations."""
    lines = [
        f"soak: {len(result.jobs)} jobs in {result.elapsed_s:.1f} s"
        + ("  (DEADLINE HIT)" if result.timed_out else "")
        + f"; submitting them took {result.submit_s:.1f} s",
    ]
    if result.shutdown_wall is not None:
        left = Counter(s.value for s in result.left_at_shutdown.values())
        lines.append(f"closed with jobs in flight, then resumed: {dict(sorted(left.items()))}")
    lines += [
        "",
        "final state         jobs",
    ]
    states = Counter(s.state.value for s in result.jobs)
    lines += [f"  {state:<16} {count:>5}" for state, count in sorted(states.items())]
    per_prompt = Counter(
        (r.body or {}).get("prompt") for r in result.requests if r.endpoint == "generate"
    )
    sends = Counter(per_prompt.get(p, 0) for p in result.prompts.values())
    created = Counter(t.prompt for t in result.tasks)
    lines += ["", "generates per job   jobs"]
    lines += [f"  {n:<16} {c:>5}" for n, c in sorted(sends.items())]
    lines += [
        f"  tasks created: {len(result.tasks)}; most per prompt: {max(created.values(), default=0)}"
    ]
    faults = Counter((r.endpoint, r.fault) for r in result.requests if r.fault)
    lines += ["", "endpoint             requests  faulted"]
    for endpoint, total in sorted(result.counts.items()):
        hit = sum(c for (e, _), c in faults.items() if e == endpoint)
        lines.append(f"  {endpoint:<19} {total:>8} {hit:>8}")
    kinds = Counter(f"{s.state.value}/{s.error_kind or '-'}" for s in result.jobs if s.error_kind)
    lines += ["", "error kinds         jobs"]
    lines += [f"  {k:<30} {c:>5}" for k, c in sorted(kinds.items())]
    lines += ["", f"ERROR log records: {len(result.error_records)}"]
    lines += [f"event loop errors: {len(result.loop_errors)}"]
    lines += [f"integrity_check: {'ok' if result.integrity_ok else 'FAILED'}"]
    lines += [f"violations: {len(result.violations)}"]
    lines += [f"  {v}" for v in result.violations[:40]]
    return "\n".join(lines)
