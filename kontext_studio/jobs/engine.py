"""The job engine: carries every job from ``queued`` to a terminal state.

Rules (see design.md):
- the job row is written before any network call, and every state is written before the side
  effect that follows it, so a crash anywhere leaves a state ``resume()`` can act on;
- a generate request whose outcome is unknown ends ``unknown`` and is never sent again without
  the artist; only failures that provably created nothing (network before sending, 429, 455)
  are retried;
- polls follow a learned schedule; transient poll errors delay a job, they never fail it.

All ledger calls run on one worker thread so the caller's event loop (the GUI thread in the
window) never waits on the disk.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any, Protocol, TypeVar

from kontext_studio.cut_short import unended
from kontext_studio.errors import (
    LINK_REFUSED,
    PASSING_KINDS,
    ContentPolicyError,
    DamagedResultError,
    EmptyRecordError,
    ExpiredResultError,
    GenerationFailedError,
    ImageError,
    InputError,
    InternalError,
    JobGoneError,
    JobRunningError,
    JobTimeoutError,
    KeptImageError,
    KieError,
    KontextError,
    LinkRefusedError,
    MaintenanceError,
    MalformedReplyError,
    NetworkError,
    NotFoundError,
    OutcomeUnknownError,
    RateLimitedError,
    Refusal,
    ReplyCutError,
    ResultDeletedError,
    ResultHostRefusedError,
    ServerError,
    StorageError,
    TrashedNotDeletedError,
    TrashError,
    UnreachableError,
    UploadRefusedError,
    UpstreamTimeoutError,
    ValidationError,
)
from kontext_studio.explain import stored_words
from kontext_studio.i18n import QT_TRANSLATE_NOOP
from kontext_studio.images.outgoing import prune_kept_copies
from kontext_studio.images.validate import ImageInfo
from kontext_studio.jobs.claim import Holder, JobsClaim, who_runs
from kontext_studio.jobs.deleting import (
    Removal,
    hold_delete,
    note_removals,
    release_delete,
    remove_ended_deletes,
)
from kontext_studio.jobs.events import EventHub, Listener
from kontext_studio.jobs.files import (
    Saved,
    check_and_save,
    find_cut_writes,
    images_of,
    job_provenance,
    keep_reference,
    library_folders,
    remove_cut_writes,
    remove_left_images,
    result_target,
    saved_before,
    trash_note_as_read,
    trash_note_stale,
    unlink_quietly,
    whole_image_at,
)
from kontext_studio.jobs.given_task import (
    NOT_A_TASK_ID,
    CallOff,
    CheckCalledOff,
    attach_refused,
    deleted_refusal,
    not_found_refusal,
    other_reference_refusal,
    other_task_refusal,
    taken_refusal,
    task_id_problem,
)
from kontext_studio.jobs.limiter import SlidingWindowLimiter
from kontext_studio.jobs.notes import (
    CANCEL_NOTE,
    LATE_TASK_NOTE,
    LATE_TASK_RESENT_NOTE,
    REFUSED_NOTE,
    SENDING_BROKEN_NOTE,
    SENDING_STOPPED_NOTE,
    UPLOAD_CUT,
    UPLOAD_REFUSED,
)
from kontext_studio.jobs.row_watch import RowWatch
from kontext_studio.jobs.schedule import PollSchedule
from kontext_studio.jobs.states import RUNNING, JobState, resume_state
from kontext_studio.jobs.stopped import (
    MADE_NOTHING_KINDS,
    NOT_RUNNING,
    RETRIED,
    RUNS_ALREADY,
    STILL_ON_DISK,
    awaits_link,
    cancel_fields,
    download_expired,
    download_refused,
    kept_image_there,
    last_send_may_have_cost,
    late_answer_fields,
    needs_resubmit,
    never_sent,
    not_carried_on,
    not_unknown_refusal,
    nothing_charged_note,
    other_mode_refusal,
    refused_as_sent,
    refused_as_sent_refusal,
    resubmit_only_refusal,
    resubmit_refused,
    result_gone,
    result_gone_refusal,
    retry_refused,
    retry_sends_anew,
    retry_state,
    sends_anew_refusal,
)
from kontext_studio.jobs.writer import LedgerWriter
from kontext_studio.kie.client import closed_error
from kontext_studio.kie.envelope import server_trouble
from kontext_studio.kie.models import GenerateRequest, SuccessFlag, TaskRecord, UploadedFile
from kontext_studio.logs import short_prompt
from kontext_studio.store.ledger import (
    NO_SUCH_JOB,
    JobChanged,
    Ledger,
    Snapshot,
    links_tried_mark,
    retried_by_artist_mark,
)
from kontext_studio.trash import move_to_trash

log = logging.getLogger(__name__)
T = TypeVar("T")
_Held = tuple[Path, int]
"""A Delete's file, and the descriptor holding its lock (:func:`hold_delete`)."""


@dataclass(frozen=True)
class _DeleteFile:
    """The file of a Delete under way, held by ``held``, and the images it notes already:
    those of all the artworks of a Delete for good of several, noted before the first row
    went (:meth:`JobEngine.deleting_together`)."""

    held: _Held
    noted: frozenset[Removal] = frozenset()


NOT_FINISHED = QT_TRANSLATE_NOOP("Errors", "KIE had not finished it after {seconds} seconds")
NOT_FINISHED_DEMO = QT_TRANSLATE_NOOP(
    "Errors", "The demo server had not finished it after {seconds} seconds"
)


class KieApi(Protocol):
    """What the engine needs of :class:`kontext_studio.kie.client.KieClient`."""

    async def generate(
        self,
        request: GenerateRequest,
        input_image_url: str | None = None,
        *,
        on_wire: Callable[[], None] | None = None,
        still_wanted: Callable[[], Awaitable[None]] | None = None,
    ) -> str:
        """Create a task and return its id; ``on_wire`` is called as the request goes out,
        ``still_wanted`` awaited before, when it waited for a free connection (what it
        raises goes out instead, nothing sent)."""

    async def record_info(self, task_id: str) -> TaskRecord:
        """Read a task's state."""

    async def download_url(self, url: str) -> str:
        """A fresh link for a stored result URL."""

    async def upload_file(
        self, path: Path, *, upload_path: str, file_name: str | None = None
    ) -> UploadedFile:
        """Put a local file on KIE's upload host."""

    async def fetch(self, url: str, *, max_bytes: int) -> tuple[bytes, str]:
        """Download a result without credentials."""


UPLOADS_KEPT = 32
"""How many kept reference copies' uploads :class:`JobEngine` remembers, to send each once."""


@dataclass(frozen=True)
class EngineConfig:
    poll_timeout_s: float = 600.0
    submit_limit: int = 20
    submit_window_s: float = 10.0
    submit_attempts: int = 64
    """Tries to send a job that KIE provably did not take (under maintenance, its rate limit,
    network trouble other than no connection at all), ~30 minutes with the back-off:
    maintenance windows and long rate limits last minutes, and nothing is charged meanwhile."""
    unreachable_attempts: int = 4
    """Tries, in a row, to send a job while no connection to KIE can be made at all (no
    network, a name that does not resolve, a refused connection): a few quick ones (~7 s
    with the back-off) ride out a blip, then the job fails with that reason, so the artist
    learns in seconds, not half an hour, that it never left this computer. Nothing was sent
    or charged, so Retry sends it then without paying twice."""
    not_found_grace_s: float = 60.0
    """How long after KIE answered a job's send with its task id a poll's "no such task"
    (kie-api.md: code 404 or 422 "recordInfo is null", or no record) is read as "not
    visible yet", and the job asks again. KIE made, and charged, the task as it answered,
    and a brand-new task may be unknown for a moment to the side of its service that
    answers polls: failed on the first poll, a few seconds after the send, the job lost a
    paid image, and its Retry asked the artist to pay again. Past it (a job carried on long
    after its send, at a restart too), "no such task" is KIE's word, and fails the job."""
    empty_record_polls: int = 5
    """How many polls in a row KIE may answer with success and no record of the task
    (:class:`~kontext_studio.errors.EmptyRecordError`) before the job stops asking: one such
    reply is a glitch, and the job asks again on its schedule; a run of them stops it as
    timed out, its task kept, so its Retry asks about it again, free. Before, the first one
    failed a job KIE had made and charged as a task KIE does not know, and its Retry asked
    the artist to pay again. KIE's own word that it does not know a task (code 422
    "recordInfo is null") still fails the job as it did (:attr:`not_found_grace_s`)."""
    retry_base_s: float = 1.0
    retry_max_s: float = 30.0
    download_attempts: int = 5
    link_tries_s: tuple[float, ...] = (600.0, 3600.0)
    """How long after a job gave up on a result link the host refused
    (:func:`~kontext_studio.jobs.stopped.awaits_link`) it tries again by itself, free, in the
    same run: once after each of these waits, counted from the try before, then no more
    until the next start, which tries each such job once again. A paid image whose link was
    refused for a while (a CDN's trouble) was left failed for good unless the artist saw
    it and pressed Retry; KIE keeps it 14 days, and the tries end with them."""
    link_limited_first_s: float = 1200.0
    """The wait before an automatic try of a refused link is made again after one that met
    KIE's rate limit (a 429), the try before not having met it: twice the first of
    :attr:`link_tries_s`, as the wait doubled from it before it was kept on the row."""
    link_limited_max_s: float = 4 * 3600.0
    """The longest wait before an automatic try of a refused link is made again after its
    last met KIE's rate limit (a 429): each such try doubles the wait, up to this
    (:meth:`JobEngine._limited_columns`), kept on the job's row so that a restart resumes
    it. Made again after the same wait, every refused job sent a request each 10 minutes
    for 14 days, adding to an account-wide rate limit; kept in memory, each start went
    back to 10 minutes."""
    link_retry_after_least_s: float = 60.0
    """The shortest wait taken from a 429's ``Retry-After`` before an automatic try of a
    refused link is made again (:meth:`JobEngine._limited_columns`): one asking for less
    (none at all) would have every refused job back at once, into the limit it said."""
    link_jitter: float = 0.2
    """How far each wait before an automatic try of a refused link is moved at random, as
    a share of it, either way (±20 %): jobs refused together (a CDN's outage), or held up by
    one account-wide rate limit, come back spread out, not all in the same second. Not
    "full" jitter (anywhere from nothing to the wait), which would send some tries minutes
    into a back-off of hours, against the limit it waits out."""
    link_first_spread_s: float = 30.0
    """How far apart, at most, a start's first automatic tries of the refused links it
    finds due are made, each at a random moment from none to this after it (by a window,
    whose run goes on: :attr:`link_tries_s`; a command tries each at once, and ends with
    them). Before, every such job was tried in the same moment, only the later waits moved
    at random: a CDN's outage that refused many links brought them all back at once, into
    KIE's rate limit."""
    upload_shared_s: float = 3600.0
    """How long a reference's upload is sent again, by a later try or Retry of the job that
    made it and by later presses on that reference: far within the day or so KIE's upload
    service keeps a file (three days per its docs, about one per clients), so a Retry or a
    press on the same reference the next morning does not send a URL the service may have
    deleted meanwhile; uploads are free, and one an hour costs a working session nothing."""
    max_result_bytes: int = 80 * 1024 * 1024
    shutdown_grace_s: float = 10.0
    close_grace_s: float = 10.0
    """How long :meth:`JobEngine.aclose` waits for the job tasks it cancelled to end.
    Cancelled tasks end in a moment; one that never does has lost a step (plain qasync drops
    one when a nested event loop runs inside a task; the window's loop holds it instead) and
    would keep the app from exiting."""
    row_check_s: float = 1.0
    """How often the runs waiting between two steps (the next poll, a back-off) read
    whether another process changed their jobs' rows (a command's ``cancel``, the window's
    Cancel of a command's job): one read of the library for all of them, never a question to
    KIE, so such a cancel is heard within about a second, not at the next poll, which can be
    many seconds away (:class:`~kontext_studio.jobs.row_watch.RowWatch`)."""
    simulated: bool = False
    """Demo mode: the client talks to the simulator. Jobs are marked so, and only the jobs
    of the mode running are carried on: the other side knows nothing of their tasks."""


@dataclass(frozen=True)
class ShownStops:
    """The stops of jobs that could not be recorded (:meth:`JobEngine._stop_on_our_side`),
    by job id, and how they show the rows read. The window's reads on the library's worker
    thread take a copy (:meth:`JobEngine.shown_stops`) on the engine's thread: the engine's
    own map changes there as jobs stop and are retried, and iterated from the worker
    meanwhile it raised "dictionary changed size during iteration", the page never read."""

    notices: Mapping[int, Snapshot]

    def states_to_read(self, shown: Collection[JobState]) -> set[JobState]:
        """The stored states a query for the jobs shown in ``shown`` must read: a job whose
        stop could not be recorded is shown in a state its row does not have."""
        wanted = set(shown)
        if any(notice.state in wanted for notice in self.notices.values()):
            wanted |= {state for state in JobState if state.is_active}
        return wanted

    def as_shown(self, snap: Snapshot) -> Snapshot:
        """``snap`` (read from the ledger) as a window shows it: a job whose stop could not
        be recorded is shown stopped, with the task KIE made for it, while its row still
        says it runs."""
        notice = self.notices.get(snap.id)
        if notice is None or not snap.state.is_active:
            return snap
        stop: dict[str, Any] = {name: getattr(notice, name) for name in _STOP_FIELDS}
        if self.task_of(snap):
            stop["task_id"] = notice.task_id  # made and charged: Retry follows it
        newer = max(snap, notice, key=lambda copy: copy.version)
        return replace(snap, **stop, revision=newer.revision, updated_at=newer.updated_at)

    def task_of(self, snap: Snapshot) -> str | None:
        """The task KIE made for ``snap``'s send, a row still ``submitting`` whose answer
        and stop could not be recorded; None for any other."""
        notice = self.notices.get(snap.id)
        if notice is None or snap.state is not JobState.SUBMITTING or snap.task_id:
            return None
        return notice.task_id if notice.submit_count == snap.submit_count else None


class JobEngine:
    """Owns the running jobs. Create it, call :meth:`resume`, then :meth:`submit` freely."""

    def __init__(
        self,
        ledger: Ledger,
        client: KieApi,
        library_dir: Path,
        *,
        config: EngineConfig | None = None,
        schedule: PollSchedule | None = None,
        claim: JobsClaim | None = None,
        rng: random.Random | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.ledger = ledger
        self._rng = rng or random.Random()
        """Where the jitter of the automatic tries' waits comes from (a seeded one in tests)."""
        self._clock = clock
        """The time those waits are kept and measured by (:attr:`Snapshot.link_try_at`)."""
        self.claim = claim
        """Who carries on the unfinished jobs when several processes have the library open
        (:mod:`kontext_studio.jobs.claim`); ``None``: this engine alone."""
        self.client = client
        self.library_dir = library_dir
        self.references_dir = library_dir / "references"
        self.config = config or EngineConfig()
        self.schedule = schedule or PollSchedule()
        self.limiter = SlidingWindowLimiter(self.config.submit_limit, self.config.submit_window_s)
        self.events: EventHub[Snapshot] = EventHub()
        self.turns: EventHub[int] = EventHub()
        """The id of a job that began or stopped waiting its turn under :attr:`limiter`."""
        self.renumbered: EventHub[Mapping[int, int]] = EventHub()
        """The new ids (by old id) of the artworks an Undo of a Delete brought back, told by
        the window that undid it to every window on this engine: the steps of each one's
        Undo that name them are renumbered, not only those of the window that undid it."""
        self._waiting_turn: set[int] = set()
        self._link_waits: dict[int, asyncio.Task[None]] = {}
        """The jobs waiting to try a refused result link again by themselves
        (:meth:`_try_link_later`), by id."""
        self._link_sleeping: set[asyncio.Task[None]] = set()
        """Those of :attr:`_link_waits` in the wait before a try (:meth:`_link_try_after`),
        not trying: one may be replaced by a wait for a due time set since."""
        self._link_trying: set[int] = set()
        """The jobs running an automatic try of a refused result link (:meth:`_link_try`),
        by id, this run's or one a kill cut short (:meth:`_carry_on_left`): their row keeps
        the mark of those tries (:func:`links_tried_mark`), and their failure is their own
        (:meth:`failed_by_itself`)."""
        self.links_held: list[int] = []
        """The jobs awaiting a refused result link that the last start did not try, their
        back-off after KIE's rate limit not over (:attr:`Snapshot.link_try_at`): ``resume``
        says when they are tried again."""
        self._asked_after_gave_up: set[tuple[int, str | None]] = set()
        """The jobs (id, task) whose Retry is asking again about a task KIE answered a poll
        of with its 408, "no result for over 10 minutes" (:meth:`_task_ended`): a second
        408 about that task is taken as KIE's word that it is over, and fails the job; one
        about another task of the job's (a Resubmit's) is a first."""
        self._libraries: list[Path] | None = None
        """What :meth:`_earlier_libraries` read, once a run (one read for the downloads a
        start carries on at once: :attr:`_libraries_reading`)."""
        self._libraries_reading = asyncio.Lock()
        self._failed_by_itself: set[int] = set()
        """The jobs whose last failure was one of their automatic tries (:meth:`_link_try`),
        told apart by :meth:`failed_by_itself`."""
        self._held_turns: set[int] = set()
        """Jobs not to be sent when their turn comes, while Cancel asks (:meth:`hold_turns`)."""
        self._sending_again: set[int] = set()
        """Jobs KIE did not take (a 429, maintenance, no connection) waiting to be sent again."""
        self._getting_url: set[int] = set()
        """Jobs whose run uploads their reference, or waits for another job's upload of it
        (:meth:`_input_url`): nothing paid is out (uploads are free)."""
        self._paid_known: dict[int, tuple[int, bool]] = {}
        """What this engine knows of jobs' sends (job id -> the submit count it knows them
        up to, and whether one of them may have been charged): :meth:`charged_nothing`."""
        self._writer = LedgerWriter(ledger)
        self._tasks: dict[int, asyncio.Task[None]] = {}
        # Jobs of a press of "Generate 4 images" written and not started yet, until all its
        # jobs are (:meth:`submit_several`): this process's, not left by one that ended.
        self._unstarted: set[int] = set()
        # Jobs written whose submit was stopped as they were (a Ctrl+C as `generate` wrote
        # its job): the write lands all the same, shielded, and the job, never started here,
        # waits queued for the next start (:attr:`left_unfinished`).
        self._cut_short: set[int] = set()
        self._sending: set[int] = set()
        # Submits keeping their reference's copy, not yet jobs (:meth:`_nothing_writes`).
        self._keeping = 0
        # Of those, the jobs whose generate request has its slot and is going out: cancelled
        # before, a request was never sent (it waited for a free connection).
        self._on_wire: set[int] = set()
        # Runs the artist's Cancel or Delete left to end by themselves because their generate
        # request was out (job id -> the run): only its answer says whether KIE made the task.
        self._late: dict[int, asyncio.Task[None]] = {}
        # Runs the artist's Cancel or Delete stopped that have not ended yet (job id -> the
        # run): the close waits for them too (:meth:`_stop_task`).
        self._ending: dict[int, asyncio.Task[None]] = {}
        self.kept_apart: dict[int, list[int]] = {}
        """Of each job, the artworks kept for tasks of this engine's sends of it that it
        could not keep (:meth:`_keep_as_own_artwork`): a command waits for them too, and
        names them (its own send was made, and charged)."""
        # Runs that move or moved their job to submitting (job id -> that send): a row sent
        # under another count is in another process's send (:meth:`_stop_on_our_side`).
        self._sent_as: dict[int, _Send] = {}
        # Jobs the artist's Cancel or Delete is stopping (job id -> how many): its stop of the
        # running task comes before its write, so a carry-on must not start one in between.
        self._stopping: dict[int, int] = {}
        # The artworks of the Deletes of several running (:meth:`deleting_together`), each
        # with the file that says so (:mod:`.deleting`), if one could be made.
        self._deleting_together: list[tuple[frozenset[int], _DeleteFile | None]] = []
        # Stops the ledger could not take (job id -> what the window was told): the row
        # still says the job runs while nothing runs it, until it is started again.
        self._unrecorded: dict[int, Snapshot] = {}
        # Runs waiting between two steps, and the reads of their rows while any waits.
        self._row_watch = RowWatch(self._read_rows, lambda: self.config.row_check_s)
        # The last upload of each kept reference copy (its path -> URL, when), and one lock
        # per copy: the jobs of one press of "Generate 4 images", or of one reference used
        # round after round, send it once while its upload is fresh, not once each.
        self._uploads: dict[str, tuple[str, float]] = {}
        self._upload_locks: dict[str, asyncio.Lock] = {}
        self._closing = False
        # Jobs whose runs the close stopped between two steps, not cancelled: a send whose
        # turn came, or an answer that came, while it waited for the requests out.
        self._left_at_close: set[int] = set()
        self._learned = False
        self.left_to_another = False
        """Whether :meth:`resume` left the unfinished jobs to another process that has the
        library open and holds the claim."""
        self.other_mode_jobs: list[int] = []
        """Unfinished jobs of the other mode (demo or live), left as they are by :meth:`resume`
        until the app runs in their mode again."""
        self.waits_for_guests = False
        """Whether :meth:`resume` left the unfinished jobs because a command that runs its
        own jobs without the claim (a guest, :mod:`.claim`) was still running: they are
        carried on by :meth:`carry_on_left_jobs` once it has ended."""
        self.left_unfinished: list[int] = []
        """The jobs :meth:`aclose` stopped whose rows still say they run: left for the next
        start (a ``resume``, the window) to carry on."""
        self.left_to_holder = False
        """Whether :meth:`aclose` left :attr:`left_unfinished` as a guest (:mod:`.claim`)
        while another process still held the claim, the window mostly, which carries them
        on a few seconds after this one has ended (:meth:`carry_on_left_jobs`), and a
        ``resume`` meanwhile is refused. Not once the holder has gone: a ``resume`` does."""
        self.holder: Holder | None = None
        """Who :attr:`left_to_holder` left them to, by its record (:class:`.claim.Holder`):
        the window or which command, and in which mode; ``None`` when unknown."""
        self.holder_waits = False
        """Whether, as :meth:`aclose` left them to the holder, another guest was still
        running its own jobs: the holder carries them on only once it has ended (the
        library does not say which job is whose), not a few seconds after this one."""

    # Public API ---------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        return self.events.subscribe(listener)

    async def submit(
        self, request: GenerateRequest, *, title: str = "", checked: ImageInfo | None = None
    ) -> Snapshot:
        """Freeze ``request``, write the job, and start it. Raises InputError/ImageError for
        input that must never reach the network. ``checked``: its reference's check just
        made (:func:`~kontext_studio.jobs.files.keep_reference`)."""
        return (await self.submit_several(request, 1, title=title, checked=checked))[0]

    async def submit_several(
        self,
        request: GenerateRequest,
        count: int,
        *,
        title: str = "",
        checked: ImageInfo | None = None,
        press: str = "",
        called: str | None = None,
    ) -> list[Snapshot]:
        """:meth:`submit` ``count`` jobs of one ``request`` (the window's "Generate 4
        images"), its reference checked and kept once for all of them, then their jobs
        written and started (below). Kept once per job, a 48 MP photo's copy was made four
        times at once, and the first of the four jobs showed 14 s after Generate instead of
        2 s.
        Of several, each job keeps its place among them (the library's "2 of 4").

        The last place is written first, the first last, all at the time of the first
        written: the library lists the jobs of one time by their place under each order by
        date (:mod:`~kontext_studio.store.order`), and they read "1 of 4 ... 4 of 4" left
        to right, Newest first and Oldest first alike. Oldest first read "4 of 4 ... 1 of 4"
        while each had its own time. They are sent in their places' order once all are
        written, or once a write failed, those written (a job written and not started would
        wait, queued, for the next start).
        Until then, a look for the jobs an ended command left (:meth:`carry_on_left_jobs`)
        passes those written over: it took them for left ones, and sent them first.
        ``press``: the window's press of Generate, written with each job
        (:attr:`Snapshot.press`). ``called``: the reference as a refusal of it names it
        (see :func:`~kontext_studio.jobs.files.keep_reference`)."""
        if count < 1:
            raise ValueError("count must be at least 1")
        frozen = await self._frozen(request, checked, called)
        made: list[Snapshot] = []
        try:
            for place in range(count, 0, -1):
                create = partial(
                    self.ledger.create_job,
                    frozen,
                    title=title,
                    simulated=self.config.simulated,
                    batch=(place, count) if count > 1 else (0, 0),
                    press=press,
                    created_at=made[0].created_at if made else None,
                )
                snapshot = await self._write(
                    create, lambda written: self._cut_short.add(written.id)
                )
                made.insert(0, snapshot)
                self._unstarted.add(snapshot.id)
        finally:
            for snapshot in made:
                self._cut_short.discard(snapshot.id)
                self._unstarted.discard(snapshot.id)
                self.events.emit(snapshot)
                self._start(snapshot)
        return made

    async def _frozen(
        self, request: GenerateRequest, checked: ImageInfo | None = None, called: str | None = None
    ) -> GenerateRequest:
        """``request`` validated, its reference (if any) replaced by the copy the jobs own
        (``checked``: see :func:`~kontext_studio.jobs.files.keep_reference`)."""
        frozen = request.validated()
        await self._stake()
        if frozen.image_path is not None:
            self._keeping += 1
            try:
                stored, sha = await self._in_thread(
                    keep_reference,
                    self.references_dir,
                    Path(frozen.image_path),
                    checked,
                    called,
                )
            finally:
                self._keeping -= 1
            name = Path(frozen.image_path).name
            frozen = GenerateRequest(
                **{
                    **frozen.__dict__,
                    "image_path": str(stored),
                    "image_sha256": sha,
                    "image_name": frozen.image_name or name,
                }
            )
        return frozen

    async def resume(self, *, runs_own_jobs: bool = True, tries_links: bool = True) -> list[int]:
        """Carry every unfinished job of an earlier run on; returns the ids of all of them,
        including those that could only be marked ``unknown``. A job of the other mode (made
        in demo mode while this runs live, or the other way round) is left as it is, in
        :attr:`other_mode_jobs`: asking the wrong side for its task would fail it, and a paid
        live job would then look lost.

        Deletes killed mid-way are finished whoever holds the claim: each Delete holds a
        lock of its own (:mod:`.deleting`), so one under way in another process is left to
        it. Left to a later start, a killed Delete's note of an artwork still there stayed
        through the session of a window started beside a command: moved to the Trash and
        put back meanwhile, its image was removed at that later start.

        ``runs_own_jobs``: whether this process, another holding the claim, goes on to run
        jobs of its own beside it, its guest lock taken now. The ``resume`` command runs
        none: its lock made the holder wait for it to end, and two resumes started together
        each left the jobs to the other.

        ``tries_links``: whether the jobs that gave up on a refused result link are tried
        again (:meth:`_links_again`): by the window and the ``resume`` command, not by a
        command that ends with the one job it was run for (``generate``, ``retry``), which
        would cut them off as it closes, and find the job it retries running already."""
        self.left_to_another = not await self.take_claim()
        await self._remove_ended_deletes()
        if self.left_to_another:
            if runs_own_jobs:
                await self._stake()
            return []  # another process (the window, a command) carries them on
        await self._learn_history()
        self.other_mode_jobs = []
        await self._remove_cut_writes()
        resumed = await self._carry_on_left()
        return resumed + (await self._links_again() if tries_links else [])

    async def _links_again(self) -> list[int]:
        """At a start: try again, free, the jobs of this mode that gave up on a result link
        the host refused while KIE may still keep the image (:func:`awaits_link`), and go on
        trying each later in the run (:attr:`EngineConfig.link_tries_s`); their ids. Nothing
        is sent to be made again: each fetches the image KIE made, or fails as before. One
        whose last try met KIE's rate limit is not tried before its back-off is over
        (:attr:`Snapshot.link_try_at`), only waited for: before, each start tried every such
        job at once, and went back to the shortest wait. A window's run, which goes on,
        spreads the first tries (:attr:`EngineConfig.link_first_spread_s`): they are not
        among the ids; a command tries each at once."""
        now = self._clock()
        # the kinds of a try by itself that failed on the way too (Snapshot.tried_by_itself)
        kinds = {ExpiredResultError.kind, *PASSING_KINDS}
        failed = await self._db(self.ledger.failed_with, kinds)
        tried: list[int] = []
        self.links_held = []
        for snap in failed:
            if snap.simulated is not self.config.simulated or not awaits_link(snap, now):
                continue
            held = self._back_off_end(snap) > self._clock()
            if held:
                self.links_held.append(snap.id)
            elif not self.config.link_tries_s and await self._link_try(snap.id):
                tried.append(snap.id)
            first = None if held else self._rng.uniform(0.0, self.config.link_first_spread_s)
            self._try_link_later(snap, self.config.link_tries_s, first=first)
        return tried

    def _try_link_later(
        self,
        snap: Snapshot,
        waits: tuple[float, ...],
        *,
        first: float | None = None,
        anew: bool = False,
    ) -> None:
        """Try ``snap``'s refused result link again by itself after each of ``waits``
        (:meth:`_links_later`), and first after ``first`` (a start's, spread out), while
        this process carries the library's jobs on (it holds the claim) and none such is
        waiting for it already: the try's own failure asks nothing more. ``anew``: a run
        has just failed and set when the next try is due (the artist's Retry, as a try's
        wait cannot be under way while a try runs): a wait under way is replaced by one
        for that time (:meth:`_replaced_wait`). Before, it went on: a Retry that cleared a
        4-hour back-off (its link refused again) still waited out the rest of those hours."""
        holds = self.claim is None or self.claim.held
        if not waits or self._closing or not holds or not awaits_link(snap, self._clock()):
            return
        if snap.id in self._link_waits and not (anew and self._replaced_wait(snap.id)):
            return
        job_id = snap.id
        task = asyncio.get_running_loop().create_task(
            self._links_later(job_id, waits, first, snap.link_try_at), name=f"link-{job_id}"
        )
        self._link_waits[job_id] = task

        def ended(done: asyncio.Task[None]) -> None:
            self._link_sleeping.discard(done)
            if self._link_waits.get(job_id) is done:
                del self._link_waits[job_id]

        task.add_done_callback(ended)

    def _replaced_wait(self, job_id: int) -> bool:
        """Cancel job ``job_id``'s wait for its next automatic try when it is only waiting
        (:attr:`_link_sleeping`), so that a new one takes its place at once; whether it was.
        One trying is left to go on: never two tries of a job at once."""
        waiting = self._link_waits.get(job_id)
        if waiting is None or waiting not in self._link_sleeping:
            return False
        log.info(
            "refused link's wait follows its new due time",
            extra={"event": "link_wait_replaced", "job_id": job_id},
        )
        self._link_sleeping.discard(waiting)
        waiting.cancel()
        del self._link_waits[job_id]
        return True

    async def _links_later(
        self, job_id: int, waits: tuple[float, ...], first: float | None, planned: float | None
    ) -> None:
        """After ``first`` (a start's try, made then: :meth:`_link_try_after`, ``planned``
        the back-off's end its row kept), or once the run under way has ended, try job
        ``job_id``'s refused link again after each of ``waits`` (:meth:`_link_wait`) while
        it still awaits one (:func:`awaits_link`: not retried, deleted or past KIE's 14 days
        since), until a try brings the image or another process moved the job on. A try KIE's
        rate limit ended (its 429 dropped the request, nothing more) is made again when its
        row says (:attr:`Snapshot.link_try_at`), not spending one of the run's few tries."""
        left = list(waits)
        if first is None:
            ended = await self._link_try_ended(job_id)
        else:
            ended = await self._link_try_after(job_id, first, planned)
        while ended is not None and awaits_link(ended, self._clock()):
            wait = self._link_wait(ended, left)
            if wait is None:
                return
            ended = await self._link_try_after(job_id, wait, ended.link_try_at)

    async def _link_try_ended(self, job_id: int) -> Snapshot | None:
        """Job ``job_id``'s row once its run here, if any, has ended; None once it is gone."""
        task = self._tasks.get(job_id)
        if task is not None:
            await asyncio.wait({task})  # not gather: see wait_idle
        return await self._db(self.ledger.get, job_id)

    def _link_wait(self, snap: Snapshot, waits: list[float]) -> float | None:
        """How long to wait before the next automatic try of ``snap``'s refused link: until
        the time its row keeps, its last try having met the rate limit (a restart waits for
        it too), else the next of ``waits`` (taken from it), moved at random
        (:meth:`_jittered`); None when none is left."""
        if snap.link_try_at is not None:
            return max(0.0, self._back_off_end(snap) - self._clock())
        return self._jittered(waits.pop(0)) if waits else None

    def link_try_due(self, snap: Snapshot) -> float | None:
        """When the next automatic try of ``snap``'s refused link waits for, held back by
        KIE's rate limit (:attr:`Snapshot.link_try_at`), as this engine reads it
        (:meth:`_back_off_end`); None when nothing holds it back: no such time, one gone by,
        or one further ahead than any back-off sets, which is tried as if due now. The
        preview said any time the row kept, a wrong clock's days ahead too, while the
        engine tried the job at once."""
        due = self._back_off_end(snap)
        return due if due == snap.link_try_at and due > self._clock() else None

    def _back_off_end(self, snap: Snapshot) -> float:
        """When the back-off of ``snap``'s automatic tries after KIE's rate limit is over
        (:attr:`Snapshot.link_try_at`; now when it has none). One further ahead than the
        longest back-off sets (:attr:`EngineConfig.link_limited_max_s`, with its jitter) is
        over now: the clock was set back since it was written, or another computer's clock
        wrote it. Waited out, it held the job for as long as the clock was off, days maybe,
        while KIE keeps the image 14 days."""
        now = self._clock()
        longest = self.config.link_limited_max_s * (1.0 + self.config.link_jitter)
        due = snap.link_try_at
        return now if due is None or due - now > longest else due

    def _jittered(self, wait: float) -> float:
        """``wait`` moved at random by up to :attr:`EngineConfig.link_jitter` of it, either
        way, so that jobs waiting alike come back spread out."""
        spread = self.config.link_jitter
        return wait * self._rng.uniform(1.0 - spread, 1.0 + spread)

    def _limited_columns(self, snap: Snapshot, error: KontextError, awaits: bool) -> dict[str, Any]:
        """The columns of the back-off of ``snap``'s automatic tries as its run fails with
        ``error``, ``awaits``: whether its refused link is tried again. A try that met KIE's
        rate limit waits twice the last such wait (:attr:`Snapshot.link_backoff_s`; the
        first, :attr:`EngineConfig.link_limited_first_s`), up to
        :attr:`EngineConfig.link_limited_max_s`, moved at random, and the row keeps when it is
        due: written with the failure, a kill or a restart then resumes it. A 429 that says
        how long to wait (its ``Retry-After``) is taken at its word, within
        :attr:`EngineConfig.link_retry_after_least_s` and that longest wait, moved only
        later, and never below twice the wait before: before, the first wait was 20 minutes
        whatever KIE said, and then a gateway saying a minute at each 429 held every job to
        a try a minute, for 14 days. Any other outcome clears them, and the tries go back to
        their usual waits."""
        if not awaits or not isinstance(error, RateLimitedError):
            return {"link_backoff_s": 0.0, "link_try_at": None}
        first, most = self.config.link_limited_first_s, self.config.link_limited_max_s
        asked = error.retry_after_s
        if asked is not None:
            least = max(self.config.link_retry_after_least_s, snap.link_backoff_s * 2)
            backoff = min(max(asked, least), most)
            later = backoff * self._rng.uniform(1.0, 1.0 + self.config.link_jitter)
            return {"link_backoff_s": backoff, "link_try_at": self._clock() + later}
        backoff = min(max(snap.link_backoff_s * 2, first), most)
        return {"link_backoff_s": backoff, "link_try_at": self._clock() + self._jittered(backoff)}

    async def _link_try_after(
        self, job_id: int, wait: float, planned: float | None
    ) -> Snapshot | None:
        """After ``wait``, try job ``job_id``'s refused link again while it still awaits one
        (:meth:`_links_later`); how the try ended, None when none was made. ``planned``: the
        back-off's end the row kept as ``wait`` was set (:attr:`Snapshot.link_try_at`). One
        kept meanwhile, still ahead (the artist's Retry met the rate limit during the wait),
        is waited out first: the row is returned untried. Before, the wait ended as planned
        and tried at once, into the limit, doubling its back-off."""
        sleeping = asyncio.current_task()
        assert sleeping is not None  # run as a task (:meth:`_try_link_later`)
        self._link_sleeping.add(sleeping)
        try:
            await asyncio.sleep(wait)
            current = await self._db(self.ledger.get, job_id)
        finally:
            self._link_sleeping.discard(sleeping)
        if current is None or not awaits_link(current, self._clock()):
            return None
        if current.link_try_at != planned and self._back_off_end(current) > self._clock():
            return current
        if not await self._link_try(job_id):
            return None
        return await self.wait_for(job_id)

    async def _link_try(self, job_id: int) -> bool:
        """Retry job ``job_id`` for its refused link, as the artist's Retry would (free: its
        image is fetched, never made again); whether it runs. One moved on meanwhile (a
        Retry, a Delete, another process) is left as it is."""
        log.info("refused link tried again", extra={"event": "link_tried_again", "job_id": job_id})
        self._link_trying.add(job_id)
        try:  # a database that fails (a StorageError) ends this try only
            await self.retry(job_id)
        except (KontextError, JobChanged):
            self._link_trying.discard(job_id)
            return False
        return True

    def failed_by_itself(self, job_id: int) -> bool:
        """Whether job ``job_id``'s last failure in this run was one of its automatic tries
        of a refused result link (:meth:`_link_try`), not a run the artist or a command
        asked for: one that fails again as before is no news, and is not announced as a job
        that did not finish (the window's notification, ``resume``'s list and exit code)."""
        return job_id in self._failed_by_itself

    async def _remove_cut_writes(self) -> None:
        """Remove the temp files that writes of a process killed mid-way left in the library
        (:func:`~kontext_studio.jobs.files.find_cut_writes`), when nothing can be writing
        them (:meth:`_nothing_writes`). Looked at before the library is listed, and again
        after: a command started in between (its guest lock taken) may be writing one of
        those listed, while one started after the second look writes files not listed. A
        ``resume`` later in the process's life, with its own jobs running, leaves them to
        the next start."""
        if not await self._nothing_writes():
            return
        found = await self._in_thread(find_cut_writes, self.library_dir, self.references_dir)
        if found and await self._nothing_writes():
            await self._in_thread(remove_cut_writes, found)

    async def _remove_ended_deletes(self) -> None:
        """Remove the lock files of Deletes killed or crashed mid-way (:mod:`.deleting`),
        off the loop's thread, once the images they were about to remove when their rows
        had gone are removed (:meth:`_finish_removals`): before, each file stayed beside
        the library for good, and each such image in it, named by no row."""
        removed = await self._in_thread(
            remove_ended_deletes, self.ledger.path, self._finish_removals
        )
        if removed:
            log.info(
                "lock files of ended Deletes removed",
                extra={"event": "delete_locks_removed", "count": removed},
            )

    def _finish_removals(self, removals: list[Removal]) -> list[Removal] | None:
        """Blocking: remove the images an ended Delete noted (:func:`remove_left_images`)
        whose rows are gone, no other row naming the file; those left to the next start (a
        library that cannot be read now, or not there), ``None`` when the library's rows
        cannot be read: all of them."""
        try:
            removed, left = remove_left_images(self.library_dir, removals, self._still_named)
        except KontextError:
            return None
        if removed:
            log.info(
                "images of ended Deletes removed",
                extra={"event": "delete_images_removed", "count": removed},
            )
        return left

    def _still_named(self, removal: Removal) -> bool:
        """Blocking: whether the artwork of ``removal`` is still there (its Delete ended
        before the row went), or another row names its file or records its bytes (the
        file spelled otherwise than the row does)."""
        return self.ledger.get(removal.job_id) is not None or self.ledger.holds_file(
            str(removal.path), removal.sha256
        )

    async def _nothing_writes(self) -> bool:
        """Whether no job can be writing a file in the library: this process holds the
        claim and runs no job, nor keeps a reference for one, and no other process runs its
        own (a guest writes only under its lock, taken before its first file)."""
        if self._tasks or self._late or self._ending or self._keeping:
            return False
        if self.claim is None:
            return True
        return self.claim.held and await self._in_thread(self.claim.ended_guests) is not None

    async def carry_on_left_jobs(self) -> list[int]:
        """While this process holds the claim, carry on the jobs that processes which ran
        their own jobs beside it (guests: a command started while the window is open) left
        unfinished when they ended, by Ctrl+C, a closed terminal or a kill; returns their
        ids. Cheap while no guest has ended (one look at the library's folder, off the
        event loop's thread): the window asks every few seconds."""
        if self.claim is None or not self.claim.held or self._closing:
            return []
        if not await self._in_thread(self.claim.ended_guests):
            return []  # none has ended, or one still runs its jobs
        return await self._carry_on_left()

    async def _carry_on_left(self) -> list[int]:
        """Carry on the unfinished jobs nobody runs, as at a restart, unless a guest still
        runs its own jobs: the library does not say which are its, so all wait for it
        (:attr:`waits_for_guests`); they are carried on once it has ended."""
        ours = set(self._tasks) | set(self._late) | set(self._ending) | set(self._unrecorded)
        unfinished = await self._db(self.ledger.unfinished)
        # Looked at after the read: a guest writes its first job only once its lock is
        # taken, so every job read here is of a guest seen running now, or of none.
        ended = await self._in_thread(self.claim.ended_guests) if self.claim else []
        self.waits_for_guests = ended is None
        if ended is None:
            return []
        resumed: list[int] = []
        for snap in unfinished:
            if snap.simulated is not self.config.simulated:
                if snap.id not in self.other_mode_jobs:
                    self.other_mode_jobs.append(snap.id)
                continue
            if snap.id in ours or snap.id in self._tasks or snap.id in self._unstarted:
                # Run here (started while another process held the claim, or now), or about
                # to be: written by a press of "Generate 4 images" still writing the others.
                continue
            if snap.state is JobState.DOWNLOADING and snap.links_tried:
                self._link_trying.add(snap.id)  # an automatic try a kill cut short
            try:
                await self._carry_on(snap, SENDING_STOPPED_NOTE)
            except JobChanged:
                # Cancelled, deleted or moved on since the list was read: whoever did it has
                # the job now, and a carry-on from the old row would send, download or revive
                # what the artist stopped. No try by itself of ours: an artist's Retry of it
                # here later is not taken for one (its failure kept quiet).
                self._link_trying.discard(snap.id)
                log.info(
                    "left job changed meanwhile, left as it is",
                    extra={"event": "carry_on_skipped", "job_id": snap.id},
                )
                continue
            resumed.append(snap.id)
        if ended and self.claim is not None:
            await self._in_thread(self.claim.forget_guests, ended)
        return resumed

    async def runs_elsewhere(self) -> bool:
        """Whether another process may be running this library's unfinished jobs: one holds
        the claim (the window, a command), or a guest (a command beside it) still runs its
        own. Else whatever is unfinished is nobody's, left by a process that ended. The claim
        is taken when it is free, as :meth:`resume` takes it."""
        if not await self.take_claim():
            return True
        return self.claim is not None and await self._in_thread(self.claim.ended_guests) is None

    async def take_claim(self) -> bool:
        """Whether this process carries on the unfinished jobs: it holds the claim, taken
        here if it is free. Another one holding it runs them; this one runs only its own new
        jobs, and :meth:`resume` may be asked again once the other has gone. Taken off the
        event loop's thread (the GUI thread in the window): found held, it is asked again
        once a ``jobs`` listing's look is over, which a slow folder makes last."""
        return self.claim is None or await self._in_thread(self.claim.take)

    async def _stake(self) -> None:
        """Before this process writes a job it runs without the claim: its guest lock, so
        the holder leaves the job alone while this process lives (:mod:`.claim`)."""
        if self.claim is not None and not self.claim.held and not self.claim.guest:
            await self._in_thread(self.claim.enter_as_guest)

    async def _carry_on(self, snap: Snapshot, sending_note: str) -> Snapshot:
        """Run a job whose row says it is running while nothing runs it (after a restart, or
        after its stop could not be recorded); one caught sending becomes ``unknown`` with
        ``sending_note``, never sent again.

        ``snap`` may be old (read with a list of jobs): the row is moved, or read again, only
        while it is still in ``snap``'s state, else :class:`JobChanged` is raised and the job
        left as it is."""
        target = resume_state(snap.state)
        if target is not snap.state:
            fields: dict[str, Any] = {
                "error_kind": OutcomeUnknownError.kind,
                "error_message": sending_note,
                "error_code": None,  # no answer: not the code of what held it up before
            }
            snap = await self._move(
                snap.id,
                target,
                expect={snap.state},
                **(fields if target is JobState.UNKNOWN else {}),
            )
            if snap.state is JobState.UNKNOWN:
                broken = sending_note == SENDING_BROKEN_NOTE  # its stop was not recorded
                _log_outcome_unknown(snap, "app_error" if broken else "interrupted")
        else:
            current = await self._db(self.ledger.get, snap.id)
            if current is None or current.state is not snap.state:
                raise JobChanged(snap.id, current)
            snap = current
        if snap.id in self._stopping:
            raise JobChanged(snap.id, snap)  # the artist's stop is being written
        if snap.state.is_active:
            self._start(snap)
        else:
            self._unrecorded.pop(snap.id, None)
        return snap

    def _runs_again(self, job_id: int, snap: Snapshot) -> None:
        """Tell the listeners a job shown stopped runs again; the same loop turn forgets its
        notice, so no reload in between shows it stopped."""
        self._unrecorded.pop(job_id, None)
        self.events.emit(snap)

    async def cancel(self, job_id: int) -> Snapshot:
        """Stop tracking a job. KIE cannot cancel, so say credits may still be spent."""
        with self._stopping_job(job_id):
            return await self._cancel(job_id)

    async def _cancel(self, job_id: int) -> Snapshot:
        """Cancel as the row is when written: the note depends on the row read, so the
        write is made only while the row is still as read: in its state, sent as many
        times, with its task (:func:`_as_read`). Another process may move the job in between
        (send it, or get its task id); then it is read again and decided anew, else a job
        that was sent would be cancelled without its "may have been charged" mark, and a
        Retry would send it again. A state alone cannot tell a job sent again and
        Resubmitted meanwhile: before, its cancel said "nothing was charged" of the send
        KIE had turned away before that one.

        A generate request out is not abandoned (:meth:`_run_stopped`): the job is cancelled
        at once, and the request's answer is kept on the row when it comes."""
        async with self._run_stopped(job_id) as unsent:
            snap = await self._db(self.ledger.get, job_id)
            while True:
                if snap is None or snap.state.is_terminal:
                    raise Refusal.worded(NOT_RUNNING)
                fields = self._cancel_fields(snap, unsent)
                try:
                    cancelled = await self._move(
                        job_id,
                        JobState.CANCELLED,
                        expect={snap.state},
                        expect_values=_as_read(snap),
                        **fields,
                    )
                except JobChanged as changed:
                    log.info(
                        "job changed elsewhere while cancelled, decided again",
                        extra={"event": "cancel_reread", "job_id": job_id},
                    )
                    snap = changed.current
                    continue
                self._unrecorded.pop(job_id, None)
                return cancelled

    def _cancel_fields(self, snap: Snapshot, unsent: _Send | None) -> dict[str, Any]:
        """What a cancel of ``snap`` records (:func:`cancel_fields`): of a send this run
        stopped before it went out (``unsent``), or of a job waiting to be sent again whose
        sends this engine saw make nothing at KIE but what :meth:`charged_nothing` knows (a
        429's back-off), or whose row says KIE did not take its last send (another
        process's back-off). Before, a back-off's cancel wrote no note, and the job was
        taken for one that may have been charged.

        A job whose send KIE answered with a task that could not be recorded, nor its stop
        (:meth:`_stop_on_our_side`), keeps that task, as a late answer is kept: before, the
        cancel said its send may have been charged, and only Resubmit, paying again, brought
        the image KIE had made."""
        if (made := self._unrecorded_task(snap)) is not None:
            return late_answer_fields(made, snap) or {}
        if unsent is not None:
            return cancel_fields(snap, unsent.landed_count, paid_before=unsent.paid_before)
        if snap.state not in _BEFORE_SENDING:
            return cancel_fields(snap)
        known = self._paid_known.get(snap.id)
        if known is not None and known[0] == snap.submit_count:
            return cancel_fields(snap, paid_before=known[1], between_sends=True)
        if snap.error_kind in MADE_NOTHING_KINDS:
            # Another process's run backs off (a command's job, the window's): its row says
            # KIE did not take its last send; only a first send proves nothing was charged.
            return cancel_fields(snap, paid_before=_maybe_paid_before(snap), between_sends=True)
        return cancel_fields(snap)

    async def retry(self, job_id: int, *, pay_again: bool = False) -> Snapshot:
        """Carry a stopped job on without paying twice where that is possible: a timed-out
        or cancelled job KIE has a task for, or one whose task the app's side (a bug, the
        disk) stopped following, is checked again, a failed download is downloaded again, and
        anything else is queued again. Jobs that may have reached KIE unrecorded
        (:func:`needs_resubmit`) need :meth:`resubmit`; a result KIE no longer has
        (:func:`result_gone`) is refused: only a new job brings the image back; so is one
        KIE refused as it was sent, under its content policy or as invalid
        (:func:`refused_as_sent`), which it would refuse again as it stands. A job whose
        task KIE has no record of (:func:`retry_sends_anew`) is sent again only with
        ``pay_again``, the artist's word that a new, charged job is wanted (the window's
        question answered, the command's --yes); so is a job an earlier send of which made
        its image, or is making it, kept as an artwork of its own (:class:`KeptImageError`
        otherwise: :meth:`_retry_move`).

        The move is made only while the row is still in the state read: another process
        retrying the same job meanwhile runs it, and both sending it would charge twice. A
        generate request of the job cancelled while it was out is waited for first: its
        answer decides."""
        await self._late_send_ended(job_id)
        snap = await self.require_here(job_id, retry_refused)
        await self._stake()
        if (refused := _retry_refusal(snap, pay_again=pay_again)) is not None:
            raise refused
        if snap.state.is_active and job_id in self._unrecorded and job_id not in self._tasks:
            # Its stop could not be recorded (see _stop_on_our_side): the window was told it
            # failed while its row still says it is running. Any other running job is run
            # by a process (this one, the window, a command): a second run would send it
            # again and charge twice.
            made = self._unrecorded_task(snap)
            if made is not None:
                return await self._follow_unrecorded(snap, made)
            if resume_state(snap.state) is snap.state:  # no move: tell the window it runs
                snap = await self._write(
                    lambda: self.ledger.update(job_id), partial(self._runs_again, job_id)
                )
            return await self._carry_on(snap, SENDING_BROKEN_NOTE)
        if snap.state not in RETRIED:  # running or completed (unknown: resubmit's, above)
            raise not_carried_on(job_id, snap) or JobChanged(job_id, snap)
        with _lost_to_another(job_id, partial(_retry_refusal, pay_again=pay_again)):
            moved = await self._retry_move(snap, pay_again=pay_again)
        self._note_charged_nothing(moved, snap)
        self._start(moved)
        return moved

    def _unrecorded_task(self, snap: Snapshot) -> str | None:
        """The task KIE made for ``snap``'s send, a row still ``submitting`` whose answer
        and stop could not be recorded (:meth:`_stop_on_our_side`); None for any other."""
        return ShownStops(self._unrecorded).task_of(snap)

    async def _follow_unrecorded(self, snap: Snapshot, task_id: str) -> Snapshot:
        """Retry of a send whose task id could not be recorded: the task KIE made is
        recorded now and followed, as the run would have, never sent again. Its notice is
        forgotten as the move lands, so no view told of it shows the job stopped."""
        moved = await self._move(
            snap.id,
            JobState.GENERATING,
            expect={JobState.SUBMITTING},
            expect_values={"submit_count": snap.submit_count, "task_id": None},
            landed=lambda _moved: self._forget_unrecorded(snap.id),
            task_id=task_id,
            submitted_at=time.time(),
            **_NO_ERROR,
            error_code=None,
        )
        self._start(moved)
        return moved

    def _forget_unrecorded(self, job_id: int) -> None:
        self._unrecorded.pop(job_id, None)

    async def _retry_move(self, snap: Snapshot, *, pay_again: bool) -> Snapshot:
        """:meth:`retry`'s move of a stopped job (:func:`retry_state`), made only while its
        row is as read: in its state, sent as many times, with its task. A state alone
        cannot tell a row carried on and stopped again in between (:func:`_as_read`). One
        queued to be sent again, charged, is refused without ``pay_again`` when an earlier
        send of it made its image, or is making it (:meth:`_refuse_kept_image`). A try by
        itself of a refused link (:meth:`_link_try`) keeps its row's mark of those tries
        (:func:`_links_tried`); the artist's Retry clears it (:func:`_artists_own`)."""
        target, read = retry_state(snap), {snap.state}
        if snap.state is JobState.TIMEOUT and snap.error_kind == UpstreamTimeoutError.kind:
            self._asked_after_gave_up.add((snap.id, snap.task_id))
        else:
            self._asked_after_gave_up.discard((snap.id, snap.task_id))
        if target is JobState.QUEUED:
            return await self._requeue(
                snap.id,
                expect=read,
                expect_values=_as_read(snap),
                before=None if pay_again else partial(self._refuse_kept_image, snap.id),
            )
        tried = snap.id in self._link_trying
        return await self._move(
            snap.id,
            target,
            expect=read,
            expect_values=_as_read(snap),
            **_NO_ERROR,
            error_code=None,
            **(_links_tried(snap) if tried else _artists_own(snap)),
        )

    async def unsent_jobs(self) -> list[int]:
        """This mode's jobs that failed without reaching KIE (:func:`never_sent`), oldest
        first, but those an earlier send of which made their image (:meth:`_with_kept_image`):
        what :meth:`retry_unsent` sends."""
        failed = await self._db(self.ledger.search, states=[JobState.FAILED])
        here = [s for s in failed if never_sent(s) and s.simulated is self.config.simulated]
        kept = await self._with_kept_image([s.id for s in here])
        return [s.id for s in reversed(here) if s.id not in kept]

    async def kept_artworks(self) -> list[Snapshot]:
        """This mode's artworks kept for late tasks of jobs' earlier sends
        (:attr:`Snapshot.made_for_job`): the window's count of the jobs :meth:`retry_unsent`
        sends leaves out those with one that has its image or is making it
        (:meth:`_with_kept_image`). Through the index of the few rows that name a job."""

        def read() -> list[Snapshot]:
            ids = [i for kept in self.ledger.kept_ids().values() for i in kept]
            found = self.ledger.get_many(ids).values() if ids else []
            return [k for k in found if k.simulated is self.config.simulated]

        return await self._db(read)

    def _refuse_kept_image(self, job_id: int) -> None:
        """Raise :class:`KeptImageError` when an earlier send of ``job_id`` made its image,
        or is making it, kept as an artwork of its own (:func:`kept_image_there`): sending
        it again pays for that image twice. Called on the writer thread inside the write
        that queues the job to be sent (:meth:`_move`'s ``before``): a late answer another
        process keeps meanwhile is in the library before the check, or waits for the move.
        Before, the window and the command checked, then called the engine, and one kept in
        between was paid for."""
        there = [k.id for k in self.ledger.kept_for(job_id) if kept_image_there(k)]
        if there:
            raise KeptImageError.of(job_id, there)

    async def _with_kept_image(self, job_ids: Collection[int]) -> set[int]:
        """Those of ``job_ids`` an earlier send of which made their image, or is making it,
        kept as an artwork of its own (:func:`kept_image_there`): sending one again pays
        for that image twice, which only the artist's word does (the window's Retry of it
        alone asks). Through the index of the few rows that name a job."""

        def read() -> set[int]:
            named = self.ledger.kept_ids()
            return {
                job_id
                for job_id in job_ids
                if job_id in named
                and any(kept_image_there(k) for k in self.ledger.kept_for(job_id))
            }

        return await self._db(read) if job_ids else set()

    async def retry_unsent(self, job_ids: Collection[int] | None = None) -> list[Snapshot]:
        """Retry, each once, the jobs that failed without reaching KIE (``job_ids``, by
        default all of :meth:`unsent_jobs`): after a network blip fails a whole batch, one
        click sends it again. Nothing is charged twice: a job is sent only while its row
        is still the one read, failed before reaching KIE and sent as many times, so one
        retried or deleted meanwhile, here or by another process, is passed over; so is one
        an earlier send of which made its image, or is making it (:meth:`_with_kept_image`).

        A generate request of the job cancelled while it was out is waited for first, as
        :meth:`retry` waits: the row may have been failed meanwhile by another process's
        send, and a second run beside the one left to end was stopped mid-request by a
        Cancel once the first ended, the task KIE made for it lost."""
        ids = await self.unsent_jobs() if job_ids is None else list(job_ids)
        await self.late_sends_ended(ids)
        kept = await self._with_kept_image(ids)  # read once their late answers are in
        retried: list[Snapshot] = []
        for job_id in ids:
            await self._late_send_ended(job_id)  # one cancelled with its send out since
            snap = await self._db(self.ledger.get, job_id)
            if snap is None or not never_sent(snap) or snap.simulated is not self.config.simulated:
                continue
            if job_id in kept:
                log.info(
                    "unsent job whose earlier send's image is kept, not retried",
                    extra={"event": "retry_unsent_kept", "job_id": job_id},
                )
                continue
            await self._stake()
            try:
                # Moved only while the row is as read: not :meth:`retry`, which reads it
                # again and would send a job another process sent meanwhile and KIE charged.
                moved = await self._requeue(
                    job_id,
                    expect={JobState.FAILED},
                    expect_values={
                        "submit_count": snap.submit_count,
                        "error_kind": snap.error_kind,
                    },
                    before=partial(self._refuse_kept_image, job_id),
                )
            except KeptImageError:
                log.info(
                    "unsent job whose earlier send's image is kept, not retried",
                    extra={"event": "retry_unsent_kept", "job_id": job_id},
                )
                continue
            except (InputError, JobChanged):
                log.info(
                    "unsent job changed meanwhile, not retried",
                    extra={"event": "retry_unsent_skipped", "job_id": job_id},
                )
                continue
            self._note_charged_nothing(moved, snap)
            self._start(moved)
            retried.append(moved)
        return retried

    async def resubmit(
        self, job_id: int, *, late_answered: bool = False, sends: int | None = None
    ) -> Snapshot:
        """Send a job that may have reached KIE unrecorded (:func:`needs_resubmit`) again, on
        the artist's explicit word (may charge twice), once: not when another process has
        sent it again since it was read.

        A generate request of the job cancelled while it was out is waited for first: when
        its answer shows KIE made the task, or made none, :meth:`retry` carries the job on
        instead, without paying twice; one it sends again is sent on the Resubmit's word to
        pay again, the artwork kept for an earlier send named as it was asked. Before, that
        send was refused for that artwork (:class:`KeptImageError`), and the Resubmit the
        artist answered did nothing. ``late_answered``: such a request was out, and the
        caller waited for its end already (:meth:`late_sends_ended`). ``sends``: the count of
        its sends as the artist was asked about it; a job sent since (by a second Resubmit,
        by the ``resubmit`` command) is refused as changed meanwhile (:class:`JobChanged`),
        as :meth:`retry_unsent` refuses one: before, a Resubmit waiting for another job's
        answer sent it again unasked once its turn came, a third send."""
        if await self._late_send_ended(job_id) or late_answered:
            answered = await self.require_here(job_id, resubmit_refused)
            if not needs_resubmit(answered):
                return await self.retry(job_id, pay_again=True)
        snap = await self.require_here(job_id, resubmit_refused)
        if snap.state.is_active:
            raise JobRunningError.worded(RUNS_ALREADY, job_id=job_id)
        if not needs_resubmit(snap):
            raise not_unknown_refusal(snap)
        if sends is not None and snap.submit_count != sends:
            raise JobChanged(job_id, snap)
        await self._stake()
        with _lost_to_another(job_id):
            moved = await self._requeue(job_id, expect={snap.state}, expect_values=_as_read(snap))
        self._note_charged_nothing(moved, snap)
        self._start(moved)
        return moved

    async def attach_task(
        self, job_id: int, task_id: str, *, call_off: CallOff | None = None
    ) -> Snapshot:
        """Follow ``task_id``, a task the artist found in the logs of their account on kie.ai,
        as the task of a job whose send may have reached KIE unrecorded
        (:func:`needs_resubmit`: a generate that timed out, or got a reply with no task id),
        as if KIE had answered that send with it: nothing is sent, nothing paid again. KIE
        cannot list tasks, so only the artist can find it.

        KIE's record of the task is asked first (free) and must be the job's: a task KIE has
        no record of, one made for another prompt or other settings
        (:func:`other_task_refusal`), or one another artwork of the library follows already,
        or followed until it was deleted (one task, one artwork), is refused and the job left
        as it is. The move is written
        (synced to disk) before any other call: a crash after it leaves the job generating,
        followed at the next start. It is made only while the row is as read, the check
        for another artwork following the task in the same write: a Resubmit, or another
        process giving the job (or another job) the task meanwhile, wins or loses whole. A
        generate request of the job cancelled while it was out is waited for first: its
        answer decides. ``call_off``: the artist's Cancel of this check, which the write
        meets (:class:`CallOff`): called off before it, nothing is written and
        :class:`CheckCalledOff` raised (the caller cancels this call as well, not to wait
        for KIE's answer)."""
        task_id = task_id.strip()
        if task_id_problem(task_id) is not None:
            raise Refusal.worded(NOT_A_TASK_ID)
        await self._late_send_ended(job_id)
        snap = await self.require_here(job_id, attach_refused)
        if snap.state.is_active:
            raise JobRunningError.worded(RUNS_ALREADY, job_id=job_id)
        if (refused := attach_refused(snap)) is not None:
            raise refused
        await self._db(self._refuse_followed, snap, task_id)
        await self._stake()
        try:
            record = await self.client.record_info(task_id)
        except NotFoundError:
            raise not_found_refusal(task_id, simulated=snap.simulated) from None
        if (refused := other_task_refusal(record, snap.request)) is not None:
            raise refused
        if (refused := await self._other_reference(record, snap)) is not None:
            raise refused
        created = record.created_at.timestamp() if record.created_at else None
        with _lost_to_another(job_id, attach_refused):
            moved = await self._move(
                job_id,
                JobState.GENERATING,
                expect={snap.state},
                expect_values=_as_read(snap),
                before=partial(self._before_giving, snap, task_id, call_off),
                task_id=task_id,
                submitted_at=min(created or time.time(), time.time()),
                task_given_at=time.time(),
                task_seconds=None,
                result_url="",
                origin_url="",
                poll_count=0,
                **_NO_ERROR,
                error_code=None,
            )
        log.info(
            "task id given to a job whose outcome was unknown",
            extra={"event": "task_attached", "job_id": job_id, "task_id": task_id},
        )
        self._start(moved)
        return moved

    async def _other_reference(self, record: TaskRecord, snap: Snapshot) -> Refusal | None:
        """:func:`other_reference_refusal` of ``record`` for ``snap``, the jobs that sent
        its ``inputImage`` read off the event loop's thread."""
        url = (record.params or {}).get("inputImage")
        if not isinstance(url, str) or not url:
            return None
        senders = await self._in_thread(
            self.ledger.find_by_input_image, url, simulated=snap.simulated
        )
        return other_reference_refusal(record, snap, senders)

    def _before_giving(self, snap: Snapshot, task_id: str, call_off: CallOff | None) -> None:
        """In the write that gives ``snap``'s job ``task_id``, on the writer thread: refused
        when another artwork follows it (:meth:`_refuse_followed`), or when the artist
        called the check off first (``call_off``); past this, their Cancel is too late."""
        self._refuse_followed(snap, task_id)
        if call_off is not None:
            call_off.writing()

    def _refuse_followed(self, snap: Snapshot, task_id: str) -> None:
        """Raise the refusal of ``task_id`` when another artwork of the library follows it
        already (:func:`taken_refusal`), or did until it was deleted (:func:`deleted_refusal`:
        before, the library forgot it, and a new job of the same prompt was given it, its
        image brought again). Called on the writer thread, also inside the write
        that gives ``snap``'s job the task (:meth:`_move`'s ``before``). The job itself,
        given it meanwhile (the window and a command at once), is left to that write's
        check of the row as read, which says the job runs already: before, the job was
        said to be "another" artwork that had the task."""
        owner = self.ledger.find_by_task(task_id, simulated=snap.simulated)
        if owner is not None and owner.id != snap.id:
            raise taken_refusal(task_id, owner, snap)
        deleted = self.ledger.deleted_task(task_id, simulated=snap.simulated)
        if deleted is not None:
            raise deleted_refusal(deleted)

    async def download_again(self, job_id: int) -> Snapshot:
        """Fetch a finished image again whose file is gone (moved or deleted outside the app)
        or does not open (cut short, damaged: :func:`whole_image_at`), from the link KIE
        keeps for 14 days: nothing is paid, and the download takes the damaged file's place.
        Once KIE no longer keeps the image (its 14 days are over, or it said the image is
        deleted or no longer took its link) it is refused (:func:`download_expired`), asking
        KIE nothing, the finished artwork kept as it was for a copy from a backup."""
        snap = await self.require_here(job_id, download_refused)
        if (refused := download_refused(snap)) is not None:
            raise refused
        if await self._in_thread(whole_image_at, Path(snap.file_path)):
            raise Refusal.worded(STILL_ON_DISK)
        if (expired := download_expired(snap)) is not None:
            raise expired
        await self._stake()
        moved = await self._move(
            job_id, JobState.DOWNLOADING, expect={JobState.COMPLETED}, **_NO_ERROR
        )
        self._start(moved)
        return moved

    async def delete(self, job_id: int, *, for_good: bool = False) -> Snapshot | None:
        """Forget a job. Its image goes to the desktop's trash first, where a slip can be
        undone (the file keeps its provenance, so dropping it back in restores the settings);
        ``for_good`` removes it instead. When the trash refuses the image the job is kept
        and :class:`TrashError` raised, so nothing is gone that the artist did not agree
        to lose."""
        with self._stopping_job(job_id):
            shown = await self._db(self.ledger.get, job_id)
            trashed = shown is not None and bool(shown.file_path) and not for_good
            async with self._deleting(job_id, for_good=for_good) as file:
                if trashed and shown is not None:
                    trashed = await self._trash(shown)
                try:
                    async with self._run_stopped(job_id):
                        snap = await _to_the_end(self._forget(job_id, file))
                except KontextError as error:
                    if trashed:  # the artwork stays, its image in the trash: said so
                        raise TrashedNotDeletedError(error) from error
                    raise
        self._unrecorded.pop(job_id, None)
        return snap

    async def _forget(self, job_id: int, file: _DeleteFile | None) -> Snapshot | None:
        """Remove the row of ``job_id``, then its image if still there (deleted for good,
        or saved as the Delete stopped its run): a step :meth:`delete` sees to the end
        (:func:`_to_the_end`). Before, a Delete stopped as the row's removal was written
        (the window closing, a Ctrl+C) left the image in the library for good, named by no
        row. The image is noted first in the file of the Delete (``file``), unless noted
        there already, for the next start to remove should this process be killed before it
        does (:mod:`.deleting`). Read, noted and removed in one write: the image of the row
        as removed (one changed since a Delete of several noted its images is noted again),
        and no more trips to a thread per artwork than before (a Delete of 2 000 one after
        the other)."""

        def remove() -> tuple[Snapshot | None, list[Removal]]:
            row = self.ledger.get(job_id)
            images = [] if row is None else images_of(self.library_dir, row)
            if file is not None and (unnoted := [i for i in images if i not in file.noted]):
                note_removals(file.held, unnoted)
            return self.ledger.delete(job_id), images

        snap, images = await self._write(remove)
        if snap is not None:
            named = [Path(snap.file_path)] if snap.file_path else []
            for path in dict.fromkeys([*named, *(image.path for image in images)]):
                await self._in_thread(unlink_quietly, path)
        return snap

    @contextlib.asynccontextmanager
    async def deleting_together(
        self, job_ids: Collection[int], *, for_good: bool = False
    ) -> AsyncIterator[None]:
        """Inside, the :meth:`delete` of each of ``job_ids`` (the window's Delete of
        several) is said to be under way by one lock for all of them, held from before the
        first note until the block ends (:mod:`.deleting`), not by one each: a file made and
        removed per artwork made a Delete of 2 000 a third slower. ``for_good``: each is
        deleted for good, and their images are noted in that file at once, before the first
        row goes (:meth:`_hold_delete`), not one note synced per artwork."""
        together = frozenset(job_ids)
        async with self._holding_delete(together, for_good=for_good) as file:
            entry = (together, file)
            self._deleting_together.append(entry)
            try:
                yield
            finally:
                self._deleting_together.remove(entry)

    @contextlib.asynccontextmanager
    async def _deleting(self, job_id: int, *, for_good: bool) -> AsyncIterator[_DeleteFile | None]:
        """While a Delete of ``job_id`` runs, from before its note of the trash
        (:meth:`_trash`) until the row and its image are removed or the Delete has failed:
        said to a publish, in this process or another, that meets the image gone, so that it
        tells a Delete under way from one that ended keeping the artwork; and its file notes
        the images it removes, for the next start should it be killed (:mod:`.deleting`).
        Inside :meth:`deleting_together` of it, that one's file serves. Gives the file held,
        ``None`` when none could be made."""
        for ids, file in self._deleting_together:
            if job_id in ids:
                if file is not None and file.noted and not for_good:
                    # Its image is noted to be removed: were this process killed once its row
                    # went, the next start would remove it, even put back from the trash.
                    raise RuntimeError("a Delete to the trash inside a Delete for good")
                yield file
                return
        async with self._holding_delete((job_id,)) as own:
            yield own

    @contextlib.asynccontextmanager
    async def _holding_delete(
        self, job_ids: Collection[int], *, for_good: bool = False
    ) -> AsyncIterator[_DeleteFile | None]:
        """Hold the lock that says a Delete of ``job_ids`` runs (:meth:`_hold_delete`)."""
        holding = asyncio.ensure_future(self._in_thread(self._hold_delete, job_ids, for_good))
        try:
            file = await asyncio.shield(holding)
        except asyncio.CancelledError:
            # Stopped as it took the lock (the window closed meanwhile): let go of it once
            # taken. Else this process held it for good, and the artworks were said to be
            # being deleted.
            holding.add_done_callback(_let_go_late)
            raise
        try:
            yield file
        finally:
            if file is not None:
                # Shielded: stopped as it lets go (the window closing as the Delete ends,
                # every worker thread taken), the letting go was called off before it ran,
                # and this process held the lock for as long as it ran.
                await asyncio.shield(self._in_thread(release_delete, file.held))

    def _hold_delete(self, job_ids: Collection[int], for_good: bool) -> _DeleteFile | None:
        """Blocking: make and lock the file that says a Delete of ``job_ids`` runs
        (:func:`hold_delete`); for a Delete for good, with the images of their rows noted
        in it, synced (:meth:`_note_images`). In one call to a thread: the file is let go
        of only once noted into, however the Delete is stopped meanwhile."""
        held = hold_delete(self.ledger.path, job_ids)
        if held is None:
            return None
        try:
            noted = self._note_images(held, job_ids) if for_good else frozenset()
        except BaseException:
            release_delete(held)  # else held until the process ends, its artworks said deleted
            raise
        return _DeleteFile(held, noted)

    def _note_images(self, held: _Held, job_ids: Collection[int]) -> frozenset[Removal]:
        """Blocking: note in the Delete's file held by ``held`` the images that the rows of
        ``job_ids`` name (:func:`images_of`), at once, synced once (:func:`note_removals`);
        those noted. A note ahead of its row is safe: a start removes a noted image only
        once its row is gone, and drops the note of a row still there
        (:func:`remove_ended_deletes`). Nothing is noted when the rows cannot be read or
        the note cannot be written: each Delete then notes its image as its row goes, as
        one alone does."""
        try:
            rows = self.ledger.get_many(job_ids)
        except KontextError:
            return frozenset()
        images = [image for row in rows.values() for image in images_of(self.library_dir, row)]
        if images and note_removals(held, images):
            return frozenset(images)
        return frozenset()

    async def forget_stale_trash_note(self, snapshot: Snapshot) -> Snapshot | None:
        """Take back the note that a Delete moved the image of ``snapshot`` to the trash
        (:attr:`Snapshot.trashed_at`) when its image is there as recorded: put back from
        the trash by hand, or never trashed, the app stopped between the note and the trash
        (:func:`trash_note_stale`, read off the loop's thread). The row as written, by the
        ledger's writer; ``None`` when the note holds, or the row changed since
        ``snapshot`` was read (:func:`trash_note_as_read`), or a Cancel or Delete of it
        runs here: that Delete's own note, its image not trashed yet, is not stale."""
        if snapshot.id in self._stopping or snapshot.trashed_at is None:
            return None
        if not await self._in_thread(trash_note_stale, self.ledger.path, snapshot):
            return None
        try:
            return await self._db(
                self.ledger.note,
                snapshot.id,
                expect_values=trash_note_as_read(snapshot),
                trashed_at=None,
            )
        except JobChanged:
            return None

    async def _trash(self, shown: Snapshot) -> bool:
        """Move the image of ``shown``, a job being deleted, to the desktop's trash, noted
        first in its row (:attr:`Snapshot.trashed_at`): should the row then not be removed
        (another program holds the library), the artwork's publish says where its image is,
        not "moved or deleted outside Kontext Studio". Whether its image is in the trash:
        False when the row is gone already (deleted by another program meanwhile, which
        trashes its image itself), and when the image is gone, but for one an earlier Delete
        of it put there (noted so): one moved away outside the app is in no trash, and a
        Delete that then cannot remove the row says only why. Raises as
        :func:`move_to_trash` does, the note taken back."""
        job_id, path = shown.id, Path(shown.file_path)
        if not await self._in_thread(_trashable, path):
            return shown.trashed_at is not None
        try:
            await self._db(self.ledger.note, job_id, trashed_at=time.time())
        except JobGoneError:
            return False
        try:
            await self._in_thread(move_to_trash, path)
        except TrashError:
            try:
                await self._db(self.ledger.note, job_id, trashed_at=None)
            except KontextError as error:  # read only while the image is gone: harmless
                log.warning(
                    "a refused trash's note stays",
                    extra={"event": "trash_note_kept", "job_id": job_id, "kind": error.kind},
                )
            raise
        return True

    @contextlib.contextmanager
    def _stopping_job(self, job_id: int) -> Iterator[None]:
        """While the artist's Cancel or Delete of ``job_id`` runs: no carry-on starts it."""
        self._stopping[job_id] = self._stopping.get(job_id, 0) + 1
        try:
            yield
        finally:
            if self._stopping[job_id] == 1:
                del self._stopping[job_id]
            else:
                self._stopping[job_id] -= 1

    @contextlib.asynccontextmanager
    async def _run_stopped(self, job_id: int) -> AsyncIterator[_Send | None]:
        """Stop the job's run for the artist's Cancel or Delete the block writes. A run whose
        generate request is out is not abandoned: KIE may be making (and charging) the task
        this very moment, and only the answer says so. It is left to end by itself (the
        request's own timeout bounds it), no longer the job's run, and its answer goes on
        the row the block wrote (:meth:`_keep_late_answer`). When the block fails (its write
        could not be made), it is the job's run again, as the row still says.

        A generate request still waiting for a free connection has not gone out: that run
        is stopped, and the block is given its send (the row was moved to submitting, or is
        being moved, for a request that was never sent); None otherwise."""
        late = self._tasks.pop(job_id, None) if job_id in self._on_wire else None
        unsent = self._sent_as.get(job_id) if job_id in self._sending and late is None else None
        if late is None:
            await self._stop_task(job_id)
        else:
            self._late[job_id] = late
        try:
            yield unsent
        except BaseException:
            if late is not None and not late.done() and job_id not in self._tasks:
                self._late.pop(job_id, None)
                self._tasks[job_id] = late
            raise

    async def _late_send_ended(self, job_id: int) -> bool:
        """Wait until a generate request of ``job_id`` that the artist's Cancel left out
        (:meth:`_run_stopped`) has ended and its answer is kept; whether there was one. A run
        started for the job meanwhile could send it a second time, charging twice. So is a
        run of this engine's whose job another process stopped (:meth:`_runs_left`)."""
        late = self._late.get(job_id) or (await self._runs_left([job_id])).get(job_id)
        if late is None:
            return False
        await asyncio.wait({late})  # not gather: a cancelled caller must not abandon it
        return True

    async def late_sends_ended(self, job_ids: Collection[int]) -> None:
        """Wait until the generate requests of ``job_ids`` that the artist's Cancel left out
        have ended (:meth:`_late_send_ended`), together: each request ends by its own
        timeout, so ten waited for in turn, by "Send again" or Retry of several, took up to
        ten of them before the first job was sent."""
        late = {self._late[job_id] for job_id in job_ids if job_id in self._late}
        late |= set((await self._runs_left(job_ids)).values())
        if late:
            await asyncio.wait(late)  # not gather: see _late_send_ended

    async def _runs_left(self, job_ids: Collection[int]) -> dict[int, asyncio.Task[None]]:
        """This engine's runs of ``job_ids`` whose rows say their jobs stopped: another
        process cancelled (or deleted) them while the run waited, its generate request out
        say, and the run leaves at its next step, what that request's answer says kept on
        the row (:meth:`_keep_late_answer`). A Retry or Resubmit here waits for that:
        before, it queued the job again while the old run still waited for its answer,
        started no run beside it, and the old run, answered with a 429 or nothing at all,
        found the row queued and left it, queued and sent by nobody until the next start.

        A run with nothing paid out (:meth:`_nothing_out`) is stopped, as the artist's own
        Cancel stops it, and the wait is for its end alone. Before, a Retry of a job a
        command cancelled as it waited its turn waited for that turn, the window silent for
        as long, and the job was then sent last; one whose reference was uploading, or
        waited for another job's upload of it, waited for that upload to end."""
        runs = {job_id: self._tasks[job_id] for job_id in job_ids if job_id in self._tasks}
        if not runs:
            return {}
        try:
            rows = await self._read_rows(list(runs))
        except StorageError:  # says nothing of the jobs: the caller's own read will say why
            log.warning("job rows not read", extra={"event": "rows_unread"})
            return {}
        left = {
            job_id: run
            for job_id, run in runs.items()
            if job_id not in rows or not rows[job_id].state.is_active
        }
        for job_id, run in left.items():
            if not self._nothing_out(job_id):
                continue
            send = self._sent_as.get(job_id) if job_id in self._sending else None
            run.cancel()
            current = rows.get(job_id)
            if send is not None and send.written and current is not None:
                # Its row says it went out: it did not.
                sent = replace(
                    current, state=JobState.SUBMITTING, submit_count=send.count, task_id=None
                )
                await self._never_sent(current, sent, send.paid_before)
        return left

    def _nothing_out(self, job_id: int) -> bool:
        """Whether the run of ``job_id`` waits with nothing paid out, what the artist's own
        Cancel stops at once (:meth:`_run_stopped`): its turn (:meth:`waits_turn`), the
        back-off before it is sent again (:meth:`sends_again`), its reference's upload, or a
        free connection for a generate request that has not gone out."""
        return (
            self.waits_turn(job_id)
            or self.sends_again(job_id)
            or job_id in self._getting_url
            or (job_id in self._sending and job_id not in self._on_wire)
        )

    @property
    def active_count(self) -> int:
        return len(self._tasks)

    @property
    def waiting_turn_count(self) -> int:
        """Of the jobs running, how many wait their turn to be sent (:meth:`waits_turn`)."""
        return len(self._waiting_turn)

    @property
    def sending_again_count(self) -> int:
        """Of the jobs running, how many KIE did not take (a 429, maintenance, no connection)
        and wait, queued, to be sent again by themselves: the status bar counts them as
        waiting, not running (:attr:`turns` tells when it changes)."""
        return len(self._sending_again)

    def waits_turn(self, job_id: int) -> bool:
        """Whether ``job_id`` is queued only because KIE's rate (``submit_limit`` sends in
        ``submit_window_s``) is reached: it goes by itself as soon as a slot frees. Known
        in memory, not written: a row would change twice a job for nothing a restart uses."""
        return job_id in self._waiting_turn

    def answer_awaited(self, job_id: int) -> bool:
        """Whether a generate request of ``job_id``, a job shown stopped, is still out: one
        its Cancel left out (:meth:`_run_stopped`), or this engine's run's of a job another
        process stopped (:meth:`_runs_left`). A Retry or Resubmit of it waits for its answer
        first, which may take until the request's timeout: the window says so."""
        return job_id in self._late or job_id in self._on_wire

    def sends_again(self, job_id: int) -> bool:
        """Whether ``job_id`` is queued because KIE did not take its last send (a 429,
        maintenance, no connection) and waits out the back-off to be sent again by itself:
        as for a job waiting its turn (:meth:`waits_turn`), none of its sends is out."""
        return job_id in self._sending_again

    def hold_turns(self, job_ids: Collection[int]) -> None:
        """Keep ``job_ids`` from being sent when their turn comes, until
        :meth:`release_turns`; those behind them go first. Cancel's question says a job
        waiting its turn was never sent, so nothing is charged: its turn coming while the
        artist reads that must not send it (and charge) before the cancel lands."""
        self._held_turns.update(job_ids)

    def release_turns(self, job_ids: Collection[int]) -> None:
        """Let ``job_ids`` held by :meth:`hold_turns` be sent when their turn comes (at once
        when it came meanwhile)."""
        if self._held_turns & set(job_ids):
            self._held_turns.difference_update(job_ids)
            self.limiter.changed()

    def charged_nothing(self, snap: Snapshot) -> bool:
        """Whether no send of ``snap`` may have been charged: it was never sent, or each of
        its sends provably made nothing at KIE (it could not be reached, it turned the send
        away with a 429 or for maintenance, its upload service refused the reference, or the
        send was cancelled before it left). A send whose outcome is unknown may have been
        charged, and is never one of them. The row cannot say so once queued again (its
        count of sends is no proof: a job turned away three times was sent three times), so
        it is known in memory, as :meth:`waits_turn` is, for the count of sends it was
        known at: a send since, here or by another process, may have been charged."""
        return snap.submit_count == 0 or self._paid_known.get(snap.id) == (snap.submit_count, False)

    def _note_charged_nothing(self, moved: Snapshot, read: Snapshot) -> None:
        """``read``, stopped, was queued again as ``moved``: :meth:`charged_nothing` of it,
        as this engine saw its sends; else only as its row's note of a cancel says (that of
        a job cancelled before its one send left: :func:`nothing_charged_note`). Not
        from a failed row sent once whose last send never reached KIE: a Resubmit whose
        reference could not be uploaded fails so, at the count of the send it follows,
        whose outcome is unknown. Before, an engine started after that failure (the app
        again, a command) took the job for one that cost nothing."""
        known = self._paid_known.get(read.id)
        if known is not None and known[0] == read.submit_count:
            unpaid = not known[1]
        else:
            unpaid = nothing_charged_note(read)
        if moved.state is JobState.QUEUED and unpaid:
            self._paid_known[moved.id] = (moved.submit_count, False)
        else:
            self._paid_known.pop(moved.id, None)

    def _turn_held(self, job_id: int) -> bool:
        return job_id in self._held_turns

    def _waits_turn(self, job_id: int, waiting: bool) -> None:
        if waiting:
            self._waiting_turn.add(job_id)
        else:
            self._waiting_turn.discard(job_id)
        self.turns.emit(job_id)

    @property
    def sending(self) -> bool:
        """Whether a generate request is out, its answer awaited: what :meth:`aclose` gives
        a moment to come."""
        return bool(self._sending or self._late)

    async def wait_idle(self) -> None:
        """Return when no job is running (used by the CLI and tests). A caller cancelled
        (Ctrl+C) leaves the jobs running, not cut off mid-request: :meth:`aclose` stops them,
        giving a generate request out a moment to answer."""
        while self._tasks or self._late:
            await asyncio.wait({*self._tasks.values(), *self._late.values()})

    async def wait_for(self, job_id: int) -> Snapshot:
        """The job once its run has ended, and the answer of a generate request its Cancel
        left out (:meth:`_run_stopped`) is kept: its row, or how its stop was told where
        that could not be recorded (:meth:`as_shown`)."""
        if (late := self._late.get(job_id)) is not None:
            await asyncio.wait({late})  # not gather: see _late_send_ended
        task = self._tasks.get(job_id)
        if task is not None:
            await asyncio.wait({task})  # not gather: see wait_idle
        return self.as_shown(await self._require(job_id))

    async def aclose(self, cut: asyncio.Event | None = None) -> None:
        """Stop all jobs, leaving each in a state the next start resumes. Requests being
        sent are given a moment to answer so they don't end up ``unknown``, also those of
        cancelled jobs (:meth:`_run_stopped`), whose answer is kept on the cancelled row;
        one that does not answer in time is abandoned, and its job keeps what Cancel wrote
        (an unknown outcome: only Resubmit sends it again). A job whose request had not gone
        out is not sent meanwhile (:meth:`_send`, :meth:`_stop_unsent`): it waits, queued,
        for the next start.

        A job task not ended :attr:`EngineConfig.close_grace_s` seconds after it was
        cancelled is logged and left: the close always finishes. Only that wait is bounded:
        every ledger write queued, a left task's too, is still written before the close
        ends, and a left task can write nothing after it. Its job is resumed from its row
        at the next start, like any other job the app left running.

        Once ``cut`` is set (a second stop signal: the artist wants the app gone now) neither
        wait goes on: a request out is left as one the app was killed in would be."""
        first = not self._closing  # a second close finds the ledger's writer closed
        self._closing = True
        unsent = await self._stop_unsent()
        deadline = time.monotonic() + self.config.shutdown_grace_s
        while (self._sending or self._late) and time.monotonic() < deadline:
            if cut is not None and cut.is_set():
                break
            await asyncio.sleep(0.05)
        for waiting in list(self._link_waits.values()):
            waiting.cancel()
        stopped = list({*unsent, *self._tasks})
        running = [*self._tasks.items(), *self._late.items(), *self._ending.items()]
        for _, task in running:
            task.cancel()
        await self._ended(running, cut)
        await self._record_unrecorded_tasks()
        if first:
            self.left_unfinished = await self._still_running(stopped)
        self._row_watch.stop()
        self._writer.close()
        if self.claim is not None:
            guest = self.claim.guest
            self.claim.release()
            # Left to the holder only while one is still there: a window closed meanwhile
            # carries nothing on, and a `resume` does.
            if guest:
                seen = await self._in_thread(who_runs, self.claim.path)
                self.left_to_holder, self.holder = seen.claimed, seen.holder
                self.holder_waits = seen.guests

    async def _stop_unsent(self) -> list[int]:
        """As the close begins, stop the runs whose generate request has not gone out (it
        waits for a free connection, every slot busy with polls, say) and queue their jobs
        again, never sent, for the next start to send; returns their ids. Before, such a
        request went out once a slot came free, after the close had begun, and one not
        answered within the close's grace left its job ``unknown``: the artist had to
        decide, knowing nothing, whether a request that need not have gone out was charged.

        Each run is stopped in the same step of the loop that finds its request not on the
        wire (:attr:`_on_wire`), as :meth:`_run_stopped` stops one: it cannot go out in
        between. One on the wire may have reached KIE, and is given its moment to answer;
        one the artist's Cancel is stopping is left to it."""
        waiting: dict[int, _Send] = {}
        for job_id in self._sending - self._on_wire:
            run, send = self._tasks.get(job_id), self._sent_as.get(job_id)
            if run is not None and send is not None:
                run.cancel()
                waiting[job_id] = send
        for job_id, send in waiting.items():
            await self._unsend(job_id, send)
        return list(waiting)

    async def _unsend(self, job_id: int, send: _Send) -> None:
        """Queue ``job_id`` again from ``send``, stopped before its request went out
        (:meth:`_stop_unsent`), as a send that never reached KIE is (:meth:`_send_later`),
        its reason kept: a Cancel after a restart then says that nothing was charged. Its
        move to submitting was queued first, so it lands first. A row another process
        cancelled meanwhile says that nothing was sent, as the window's own Cancel would
        (:meth:`_never_sent`); one the library could not take is left for the next start,
        as at any close.

        Only once that move has landed: one that failed (another process had cancelled the
        job and sent it again, under the same count) leaves the row to that process's send,
        which may be out. Before, it was queued again as never sent, and the next start sent
        it once more, charging twice."""
        mine: dict[str, Any] = {"submit_count": send.count, "task_id": None}
        try:
            await self._write(_nothing)  # queued after that move: its outcome is known now
            if not send.written:
                return
            try:
                await self._move(
                    job_id,
                    JobState.QUEUED,
                    expect={JobState.SUBMITTING},
                    expect_values=mine,
                    **_held_fields(closed_error("generate")),
                )
            except JobChanged as changed:
                if (current := changed.current) is not None:
                    sent = replace(current, state=JobState.SUBMITTING, **mine)
                    await self._never_sent(current, sent, send.paid_before)
        except StorageError:
            log.error(
                "unsent job not queued again", extra={"event": "unsent_left", "job_id": job_id}
            )

    async def _still_running(self, stopped: list[int]) -> list[int]:
        """The jobs :meth:`aclose` leaves, whose rows still say they run: of those whose runs
        it ``stopped`` (one may have ended as it was stopped), those whose runs ended at a
        step once it had begun (:attr:`_left_at_close`: a send whose turn came, or whose
        answer came, while it waited for the requests out; before, such a run had ended by
        the time the runs were listed, and a command beside the window said it left no job
        unfinished), and those written for a submit stopped meanwhile (read after every
        write queued has landed); and, in a process that
        holds the claim while no guest runs its own, every other job of its mode, which
        nothing carries on once it has ended (a ``resume`` stopped before it had carried them
        on). Before, such a ``resume`` said it left none. All of its own when the library
        cannot be read."""
        try:
            rows = await self._db(self.ledger.unfinished)
        except StorageError:
            return sorted({*stopped, *self._left_at_close, *self._cut_short})
        ours = {*stopped, *self._left_at_close, *self._cut_short}
        every = self.claim is None or (
            self.claim.held and await self._in_thread(self.claim.ended_guests) is not None
        )
        mode = self.config.simulated
        return [s.id for s in rows if s.id in ours or (every and s.simulated is mode)]

    async def _record_unrecorded_tasks(self) -> None:
        """At close, write once more each stop whose send KIE answered with a task that
        could not be recorded (:meth:`_stop_on_our_side`): the other program's lock may be
        gone by now, or the space back. Left ``submitting``, the next start would call the
        job unknown, and only Resubmit, paying again, would bring its image; failed with
        its task id, Retry follows the task for free, as the artist was told. Any other
        stop not recorded needs nothing: the next start carries its job on from its row.

        A row another process changed meanwhile (cancelled, sent again) gets the task as a
        late answer does (:meth:`_keep_late_answer`), written for the next start to follow:
        before, the task was only logged, its id left out."""
        for job_id, notice in list(self._unrecorded.items()):
            if not notice.task_id:
                continue
            try:
                try:
                    await self._move(
                        job_id,
                        JobState.FAILED,
                        expect={JobState.SUBMITTING},
                        expect_values={"submit_count": notice.submit_count, "task_id": None},
                        landed=lambda moved: self._forget_unrecorded(moved.id),
                        task_id=notice.task_id,
                        submitted_at=time.time(),
                        **{n: getattr(notice, n) for n in _STOP_FIELDS if n != "state"},
                    )
                except JobChanged as changed:
                    sent = replace(notice, state=JobState.SUBMITTING, task_id=None)
                    await self._keep_late_answer(changed.current, sent, notice.task_id)
                    self._forget_unrecorded(job_id)
            except StorageError:
                log.error(
                    "task still not recorded at close",
                    extra={"event": "task_unrecorded", "job_id": job_id, "task_id": notice.task_id},
                )

    async def _ended(
        self, cancelled: list[tuple[int, asyncio.Task[None]]], cut: asyncio.Event | None
    ) -> None:
        """Wait, at most :attr:`EngineConfig.close_grace_s` seconds and no longer than until
        ``cut`` is set, for the ``cancelled`` job tasks (job id, its run) to end; log those
        that did not, left to the loop (the engine keeps them: the loop itself holds a task
        only weakly)."""
        if not cancelled:
            return
        tasks = {task for _, task in cancelled}
        stuck = await unended(tasks, self.config.close_grace_s, cut)
        if stuck:
            log.error(
                "job tasks that never ended left at close",
                extra={
                    "event": "close_abandoned",
                    "job_ids": sorted({job_id for job_id, task in cancelled if task in stuck}),
                    "cut": cut is not None and cut.is_set(),  # by a stop signal, not the time
                },
            )

    # Running one job ----------------------------------------------------------------------

    def _start(self, snap: Snapshot) -> None:
        """Run the job whose row was just written as ``snap``."""
        job_id = snap.id
        if job_id in self._tasks or self._closing:
            return
        self._unrecorded.pop(job_id, None)
        task = asyncio.get_running_loop().create_task(self._run(snap), name=f"job-{job_id}")
        self._tasks[job_id] = task
        task.add_done_callback(lambda t: self._finished(job_id, t))

    def _finished(self, job_id: int, task: asyncio.Task[None]) -> None:
        if self._tasks.get(job_id) is task:
            del self._tasks[job_id]
        if self._late.get(job_id) is task:
            del self._late[job_id]
        if not task.cancelled() and task.exception() is not None:
            log.error(
                "job crashed",
                exc_info=task.exception(),
                extra={"event": "job_crashed", "job_id": job_id},
            )

    async def _stop_task(self, job_id: int) -> None:
        """Stop the run of ``job_id`` and wait for its end. A run ends the step it is in
        first when that step must end once begun (the save of its image:
        :meth:`_store_result`); until then it is one of the runs the close waits for
        (:attr:`_ending`), though the caller (the artist's Delete) was stopped meanwhile.
        Before, the close ended without it, and the image landed named by no row."""
        task = self._tasks.pop(job_id, None)
        if task is not None:
            self._ending[job_id] = task
            task.add_done_callback(partial(self._run_ended, job_id))
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    def _run_ended(self, job_id: int, task: asyncio.Task[None]) -> None:
        if self._ending.get(job_id) is task:
            del self._ending[job_id]

    async def _run(self, snap: Snapshot) -> None:
        steps: dict[JobState, Callable[[Snapshot], Awaitable[Snapshot]]] = {
            JobState.QUEUED: self._send,
            JobState.GENERATING: self._poll,
            JobState.DOWNLOADING: self._download,
        }
        job_id = snap.id
        try:
            # A run left to end its send (:meth:`_run_stopped`) goes no further than that, nor
            # does any run once the close began: the next start carries the job on.
            while (
                snap.state in steps
                and not self._closing
                and self._late.get(job_id) is not asyncio.current_task()
            ):
                snap = await steps[snap.state](snap)
            if self._closing and snap.state in steps:
                self._left_at_close.add(job_id)
        except JobChanged:
            log.info("job stopped elsewhere, left", extra={"event": "job_left", "job_id": job_id})
        except StorageError as error:
            log.error("job stopped: storage", extra={"event": "storage_error", "job_id": job_id})
            await self._stop_on_our_side(snap, error)
        except Exception:
            log.exception("job crashed", extra={"event": "job_crashed", "job_id": job_id})
            await self._stop_on_our_side(snap, InternalError())
        finally:
            self._sent_as.pop(job_id, None)
            self._link_trying.discard(job_id)

    async def _stop_on_our_side(self, last: Snapshot, error: KontextError) -> None:
        """Leave a job stopped by the app's side (a bug, the disk, the database) where the
        artist sees it and can act, never where the window would show it running or a retry
        would pay twice: a generate that may have been sent (its task id not recorded) is
        ``unknown``; anything else fails with its task id and result link kept, so
        :meth:`retry` follows the task KIE already has.

        When even that cannot be recorded (a full disk), the window is told the job failed
        (from its row read back, or from ``last``, the row as this run last knew it, when
        even that read fails) and :meth:`as_shown` keeps it so, while the row keeps its
        running state: Retry then carries it on, and so does the next start.

        A send KIE answered with a task whose id could not be recorded (another program
        held the library locked longer than SQLite waits, the disk filled up) fails with
        that task id kept, not ``unknown``: the task was made and charged, and Retry
        follows it for free, where Resubmit would pay for it again.

        Another process may cancel or delete the job meanwhile, or cancel it and send it
        again: the stop is written only while the row is in the state read and sent as many
        times as this run knows (``last``, or its own send), else the job is left as that
        process left it. A send of another's in flight made "unknown" would lose the task
        KIE makes for it, and only Resubmit, paying twice, would bring its image. The task
        this run's send was answered with is kept even then (:meth:`_record_made`)."""
        send = self._sent_as.get(last.id)
        mine = {"submit_count": send.count if send is not None else last.submit_count}
        made = send.unrecorded_task if send is not None else None
        try:
            count = mine["submit_count"]
            sent = replace(last, state=JobState.SUBMITTING, task_id=None, submit_count=count)
            current = await self._db(self.ledger.get, last.id)
            if made:
                last = current or last
                await self._record_made(sent, error, made)
                return
            if current is None:
                raise JobChanged(last.id, None)
            snap = last = current
            if snap.state is JobState.SUBMITTING:
                unknown = await self._move(
                    snap.id,
                    JobState.UNKNOWN,
                    expect={JobState.SUBMITTING},
                    expect_values=mine,
                    error_kind=OutcomeUnknownError.kind,
                    error_message=SENDING_BROKEN_NOTE,
                    error_code=None,  # no answer: not the code of what held it up before
                )
                _log_outcome_unknown(unknown, "app_error")
            elif snap.state.is_active:
                await self._fail(snap.id, error, expect_values=mine)
        except JobChanged:
            log.info(
                "job changed elsewhere while it was stopped, left",
                extra={"event": "job_left", "job_id": last.id},
            )
        except StorageError as unrecorded:
            log.error(
                "job stop not recorded", extra={"event": "job_stop_unrecorded", "job_id": last.id}
            )
            # Newer than every copy the window holds (views drop an older one): ``last``
            # may be older than one told since, when the read failed (a note, a rename).
            written = self.ledger.written(last.id)
            notice = replace(
                last if written is None or written.older_than(last) else written,
                state=JobState.FAILED,
                updated_at=time.time(),
                error_code=None,
                **_error_fields(unrecorded),
            )
            if made:  # what a Retry follows (:meth:`_unrecorded_task`)
                notice = replace(notice, task_id=made, submit_count=mine["submit_count"])
            self._unrecorded[last.id] = notice
            self.events.emit(notice)

    async def _record_made(self, sent: Snapshot, error: KontextError, task_id: str) -> None:
        """Stop a run whose send (``sent``, the row it moved to submitting) KIE answered with
        ``task_id``, made and charged, when the app's side kept it from going on: the job
        fails with the task kept, and Retry follows it for free. A row another process
        changed meanwhile (cancelled, sent again, deleted) gets the task as a late answer
        does (:meth:`_keep_late_answer`): kept on the cancelled job, or an artwork of its
        own beside a job sent again. Before, the task was left unrecorded there: the
        cancelled job asked for Resubmit, paying again, and beside a job sent again the
        artist never got the image paid for."""
        try:
            await self._fail(
                sent.id,
                error,
                expect={JobState.SUBMITTING},
                expect_values={"submit_count": sent.submit_count, "task_id": None},
                task_id=task_id,
                submitted_at=time.time(),
            )
        except JobChanged as changed:
            followed = await self._keep_late_answer(changed.current, sent, task_id)
            if followed is not None:  # this run's job follows the task: a new run does
                if self._tasks.get(followed.id) is asyncio.current_task():
                    del self._tasks[followed.id]
                self._start(followed)

    def shown_stops(self) -> ShownStops:
        """A copy, as they are now, of the stops that could not be recorded, for a read on
        another thread to show its rows by. Taken on the engine's thread: only there is the
        map not being changed."""
        return ShownStops(dict(self._unrecorded))

    def as_shown(self, snap: Snapshot) -> Snapshot:
        """``snap`` (read from the ledger) as a window shows it (:meth:`ShownStops.as_shown`).
        On the engine's thread only."""
        return ShownStops(self._unrecorded).as_shown(snap)

    async def _send(self, snap: Snapshot) -> Snapshot:
        """queued → (uploading →) submitting → generating, with bounded retries for the
        failures that provably created nothing."""
        request = snap.request
        last: KontextError = NetworkError()
        unreachable = 0  # tries in a row that made no connection at all
        # Whether a send before this run may have been charged: this run's own tries before
        # its last were all turned away (not charged), so a 429 it sends past is not one.
        paid_before = not self.charged_nothing(snap)
        for attempt in range(self.config.submit_attempts):
            try:
                self._getting_url.add(snap.id)
                try:
                    input_url = await self._input_url(snap, request)
                finally:
                    self._getting_url.discard(snap.id)
                async with self.limiter.slot(
                    partial(self._waits_turn, snap.id), partial(self._turn_held, snap.id)
                ):
                    if self._closing:
                        # Not gone out when the close began (Ctrl+C, the window closed): it
                        # waits for the next start, not sent (and charged) after the stop
                        # while the close waits for the answers of the requests that are out.
                        return snap
                    # Sending from before the row says so: a Cancel that reads the row as
                    # submitting before this run goes on must know its request is not out.
                    self._sending.add(snap.id)
                    try:
                        snap = await self._sending_step(snap, paid_before)
                        task_id = await self.client.generate(
                            request,
                            input_url,
                            on_wire=partial(self._on_wire.add, snap.id),
                            still_wanted=partial(self._still_to_send, snap),
                        )
                        self._sent_as[snap.id].task_id = task_id
                    finally:
                        self._sending.discard(snap.id)
                        self._on_wire.discard(snap.id)
            except OutcomeUnknownError as error:
                unknown = await self._answered(
                    snap,
                    error,
                    self._move(
                        snap.id,
                        JobState.UNKNOWN,
                        **_this_send(snap),
                        error_code=error.code,
                        **_error_fields(error),
                    ),
                )
                _log_outcome_unknown(unknown, _unknown_reason(error), error.code)
                return unknown
            except (NetworkError, RateLimitedError, MaintenanceError, UploadRefusedError) as error:
                last = error
                self._paid_known[snap.id] = (snap.submit_count, paid_before)  # made nothing
                unreachable = unreachable + 1 if isinstance(error, UnreachableError) else 0
                if unreachable >= self.config.unreachable_attempts:
                    return await self._answered(
                        snap, error, self._fail(snap.id, error, **_this_send(snap))
                    )
                snap = await self._send_later(snap, error, attempt)
                continue
            except _GivenUp as given_up:
                await self._never_sent(given_up.current, snap, paid_before)
                raise
            except JobChanged:
                raise  # the row is another's now: no failure of this run's to record on it
            except KontextError as error:
                return await self._answered(
                    snap,
                    error,
                    self._fail(snap.id, error, **_this_send(snap), **self._drop_upload(snap)),
                )
            return await self._generating(snap, request, task_id)
        # The last reason it could not be sent: "under maintenance" stays that, in words
        # the window translates, not a generic "cannot be reached".
        return await self._fail(snap.id, last, **_this_send(snap))

    async def _still_to_send(self, sent: Snapshot) -> None:
        """Raise :class:`_GivenUp` when the row no longer says this run sends the job
        (``sent``, the row it moved to submitting): looked at as its generate request has
        its slot after waiting for one (:meth:`KieApi.generate`). Another process (a
        command's ``cancel`` or ``delete``) may have stopped the job meanwhile, and cannot
        stop this run; before, the request went out, and KIE made and charged a task for a
        job the artist had stopped. A read that fails says nothing of the job: it is sent,
        as it would have been."""
        try:
            current = await self._in_thread(self.ledger.get, sent.id)
        except StorageError:
            log.warning("job row not read", extra={"event": "row_unread", "job_id": sent.id})
            return
        if current is None or not _sends(current, sent):
            raise _GivenUp(sent.id, current)

    async def _never_sent(
        self, current: Snapshot | None, sent: Snapshot, paid_before: bool
    ) -> None:
        """Another process cancelled the job while this run's send (``sent``) waited for
        its slot, and it was not sent (:meth:`_still_to_send`, :meth:`_runs_left`,
        :meth:`_unsend`): the cancel, which took it for out ("credits may still be spent",
        only Resubmit sends it again), says what the window's own Cancel says of such a send
        (``paid_before``: as for :func:`cancel_fields`), written only while the row is as
        that cancel left it."""
        if current is None or current.state is not JobState.CANCELLED:
            return
        if current.submit_count != sent.submit_count:
            return  # sent again and cancelled since: another send's
        with contextlib.suppress(JobChanged):  # changed again: as it is now
            await self._move(
                current.id,
                JobState.CANCELLED,
                expect={JobState.CANCELLED},
                expect_values={**_as_read(current), "error_message": CANCEL_NOTE},
                **cancel_fields(sent, sent.submit_count, paid_before=paid_before),
            )

    async def _send_later(self, snap: Snapshot, error: KontextError, attempt: int) -> Snapshot:
        """Back to queued after try ``attempt`` of :meth:`_send`, which KIE provably did not
        take (``error``, kept on the row as what holds the job up), and the back-off before
        the next try."""
        snap = await self._answered(
            snap,
            error,
            self._move(snap.id, JobState.QUEUED, **_this_send(snap), **_held_fields(error)),
        )
        self._sending_again.add(snap.id)
        self.turns.emit(snap.id)
        try:
            await self._row_watch.pause(snap, self._backoff(attempt))
        except JobChanged as changed:
            await self._cancelled_while_waiting(changed.current, snap)
            raise
        finally:
            self._sending_again.discard(snap.id)
            self.turns.emit(snap.id)
        return snap

    async def _cancelled_while_waiting(self, current: Snapshot | None, waited: Snapshot) -> None:
        """Another process cancelled ``waited`` while it waited to be sent again: its cancel
        noted what the row tells, and the row cannot tell that no send of an edit was charged
        (an upload is no send: ``_maybe_paid_before``). This engine saw each send make
        nothing at KIE (:meth:`charged_nothing`), so the note says so, with the kind that
        proves it (:func:`cancel_fields`), written only while the row is as that cancel left
        it. Before, such a job read as one an earlier send of which may have been charged."""
        if current is None or current.state is not JobState.CANCELLED:
            return
        if current.submit_count != waited.submit_count or not self.charged_nothing(waited):
            return
        fields = cancel_fields(waited, paid_before=False, between_sends=True)
        if (current.error_kind, current.error_message) == (
            fields["error_kind"],
            fields["error_message"],
        ):
            return
        expected = {
            **_as_read(current),
            "error_kind": current.error_kind,
            "error_message": current.error_message,
        }
        with contextlib.suppress(JobChanged):  # changed again: as it is now
            await self._move(
                current.id,
                JobState.CANCELLED,
                expect={JobState.CANCELLED},
                expect_values=expected,
                **fields,
            )

    async def _generating(self, snap: Snapshot, request: GenerateRequest, task_id: str) -> Snapshot:
        """Record the task KIE made for the send ``snap`` (:meth:`_answered`), and go on to
        following it."""
        log.info(
            "generation started",
            extra={
                "event": "generation_started",
                "job_id": snap.id,
                "task_id": task_id,
                "model": request.model,
                "prompt": short_prompt(request.prompt),
            },
        )
        return await self._answered(
            snap,
            task_id,
            self._move(
                snap.id,
                JobState.GENERATING,
                landed=self._sent_as[snap.id].record,
                **_this_send(snap),
                task_id=task_id,
                submitted_at=time.time(),
                **_NO_ERROR,
                error_code=None,
            ),
        )

    async def _sending_step(self, snap: Snapshot, paid_before: bool) -> Snapshot:
        """Move to ``submitting`` only from the row as this run last wrote it (``snap``),
        sent as many times: the count is the send's ticket. While this run waited (an
        upload, a slot of the rate limit, a back-off) another process may have taken the
        job over (a Cancel and a Retry) and sent it, its send turned away back to
        ``queued``: the state alone would let this stale run send in place of the run that
        owns the job now, under an old send's number, which the answers and cancels of
        sends are told apart by (:meth:`_keep_late_answer`, :func:`cancel_fields`).

        The send is known before the write is made: the write is seen (by a Cancel reading
        the row) before this run goes on, and that send has not gone out. Whether the write
        landed is known too: a failed one leaves the row to another process's send, though
        under the same count. ``paid_before``: whether a send of the job before this run may
        have been charged, what a cancel of this send notes (:func:`cancel_fields`)."""
        send = _Send(snap.submit_count + 1, paid_before)
        self._paid_known.pop(snap.id, None)
        before = self._sent_as.get(snap.id)
        self._sent_as[snap.id] = send
        try:
            return await self._move(
                snap.id,
                JobState.SUBMITTING,
                expect=_BEFORE_SENDING,
                expect_values={"submit_count": snap.submit_count},
                landed=send.land,
                submit_count=send.count,
            )
        except BaseException:
            if before is None:
                self._sent_as.pop(snap.id, None)
            else:
                self._sent_as[snap.id] = before
            raise

    async def _answered(
        self, sent: Snapshot, answer: str | KontextError, write: Awaitable[Snapshot]
    ) -> Snapshot:
        """``write``: this run's record of ``answer``, its send's task id or failure. When
        the send (``sent``, the row this run moved to submitting) was cancelled or deleted
        while its request was out, here or by another process, what the answer says is kept
        on the cancelled row (:meth:`_keep_late_answer`) and :class:`JobChanged` raised."""
        try:
            return await write
        except JobChanged as changed:
            if sent.state is JobState.SUBMITTING:
                followed = await self._keep_late_answer(changed.current, sent, answer)
                if followed is not None:  # this run follows the task it was answered
                    if (send := self._sent_as.get(sent.id)) is not None:
                        send.record(followed)
                    return followed
            raise

    async def _keep_late_answer(
        self, current: Snapshot | None, sent: Snapshot, answer: str | KontextError
    ) -> Snapshot | None:
        """The job (``current``: deleted when ``None``) was cancelled while its generate
        request (``sent``) was out, and the request ended with ``answer``. A task id means
        KIE made the task and charged it: kept on the row, Retry follows it for free, where
        without it only Resubmit, paying again, would bring its image. A failure that
        provably made no task says so, and Retry sends the job; a reply that never came
        leaves the outcome unknown, as the cancel wrote it. A row sent again meanwhile (by
        another process) and stopped with no task of its own, or waiting for that send to go
        out, keeps the task too (:meth:`_keep_task_of_resent`); one being sent again or
        running on, unknown or with a task of its own cannot keep it, and the task becomes an
        artwork of its own (:meth:`_keep_as_own_artwork`); of a row deleted, a task id is
        only logged, for support. Returns the row when this run now follows the task
        (:meth:`_keep_task_of_resent`)."""
        send = self._sent_as.get(sent.id)
        paid_before = send is None or send.count != sent.submit_count or send.paid_before
        fields = late_answer_fields(answer, sent, paid_before=paid_before)
        if fields is None:
            if isinstance(answer, OutcomeUnknownError):  # as charged as a job left unknown
                gone = "deleted" if current is None else current.state.value
                _log_outcome_unknown(sent, _unknown_reason(answer), answer.code, state=gone)
            return None
        task_id = answer if isinstance(answer, str) else ""
        mine = {"submit_count": sent.submit_count, "task_id": None}
        if current is not None and current.state is JobState.CANCELLED:
            try:
                await self._move(
                    current.id,
                    JobState.CANCELLED,
                    expect={JobState.CANCELLED},
                    expect_values=mine,
                    **fields,
                )
            except JobChanged as changed:
                current = changed.current
            else:
                log.info(
                    "answer of a cancelled job's send kept",
                    extra={"event": "late_answer_kept", "job_id": sent.id, "task_id": task_id},
                )
                return None
        while task_id and current is not None and _takes_late_task(current):
            try:  # changed meanwhile (that send's own answer noted): decided again
                kept = await self._keep_task_of_resent(current, task_id)
            except JobChanged as changed:
                current = changed.current
            else:
                return self._follow_kept(kept)
        if current is not None and _made_nothing_after_late_task(current, sent, fields):
            with contextlib.suppress(JobChanged):  # changed again: as it is now
                await self._move(
                    current.id,
                    JobState.CANCELLED,
                    expect={JobState.CANCELLED},
                    expect_values={**_as_read(current), "error_message": LATE_TASK_RESENT_NOTE},
                    error_message=LATE_TASK_NOTE,
                )
        if task_id and current is not None:
            await self._keep_as_own_artwork(current, sent, task_id)
            return None
        if task_id:
            log.info(
                "task of a job deleted while it was sent, not kept",
                extra={
                    "event": "late_task_dropped",
                    "job_id": sent.id,
                    "task_id": task_id,
                    "state": "deleted",
                },
            )
        return None

    async def _keep_as_own_artwork(self, current: Snapshot, sent: Snapshot, task_id: str) -> None:
        """Keep ``task_id``, the task KIE made (and charged) for ``sent``, a send of the job
        cancelled while it was out, as an artwork of its own, when the job (``current``)
        cannot keep it: it was sent again meanwhile (Retry, "Send again", a command's
        ``resubmit``) and runs that send, or holds a task of its own, or its outcome is
        unknown. Before, the task was only logged: the artist paid for an image they never
        got. The row follows the task as any job does (generating, downloading, completed),
        written before anything else is done with it, synced to disk: a kill at any point
        after leaves it for the next start to follow, never to send again. A task already
        followed by a row is not added twice (:meth:`Ledger.create_following`).

        A job deleted before the answer came keeps none: the artist deleted it, told
        (Delete's question, the cancel's note) that its send may still be charged."""
        made, added = await self._write(
            lambda: self.ledger.create_following(sent, task_id, title=current.title),
            lambda written: self.events.emit(written[0]),
        )
        log.info(
            "task of a job sent again meanwhile kept as an artwork of its own",
            extra={
                "event": "late_task_own_artwork",
                "job_id": sent.id,
                "task_id": task_id,
                "state": current.state.value,
                "artwork_id": made.id,
                "added": added,
            },
        )
        self.kept_apart.setdefault(sent.id, []).append(made.id)
        if added:
            self._start(made)

    async def _keep_task_of_resent(self, current: Snapshot, task_id: str) -> Snapshot:
        """Keep ``task_id``, the task KIE made (and charged) for a send of the job that was
        cancelled while it was out, on ``current``, the row another process has since sent
        again (a command's Resubmit) and stopped with no task of its own
        (:func:`_takes_late_task`). Before, the task was only logged, and "Send again" sent
        the job once more, paying twice for an image KIE had made. Waiting to be sent again
        (queued, its reference uploading), the job follows the task instead: the move is
        made only while the row is as read, and the run that was to send it finds the row
        moved on and leaves it (:meth:`_sending_step`), its send never made; before, the
        task became an artwork of its own and the job was sent, and charged, once more.

        Cancelled again (the artist's word), the task is noted as a late answer's is, and
        Retry follows it for free; when that cancel caught the row's own send out (its
        outcome unknown) or KIE refused it in a way not documented as free, the note says
        that send may have been charged as well (before, "KIE had already taken the job"
        alone); failed (that send never reached KIE, say), the job
        follows it again (:meth:`_follow_kept`). Written only while the row is as read, its
        note too: the answer of the row's own send may land in between, and before, a 429's
        "not charged" was written over with "may have been charged as well"."""
        as_read: dict[str, Any] = {"submit_count": current.submit_count, "task_id": None}
        fields: dict[str, Any] = {"task_id": task_id, "submitted_at": time.time()}
        if current.state is JobState.CANCELLED:
            as_read |= {"error_kind": current.error_kind, "error_message": current.error_message}
            # Its own send, cancelled while out, may have made (and charged) a task too.
            resent = last_send_may_have_cost(current)
            note = LATE_TASK_RESENT_NOTE if resent else LATE_TASK_NOTE
            fields |= {"error_kind": "", "error_message": note}
        else:
            fields |= {**_NO_ERROR, "error_code": None}
        target = JobState.CANCELLED if current.state is JobState.CANCELLED else JobState.GENERATING
        kept = await self._move(
            current.id, target, expect={current.state}, expect_values=as_read, **fields
        )
        log.info(
            "task of a job sent again elsewhere kept",
            extra={"event": "late_task_kept", "job_id": current.id, "task_id": task_id},
        )
        return kept

    def _follow_kept(self, kept: Snapshot) -> Snapshot | None:
        """The row ``kept`` (:meth:`_keep_task_of_resent`) when this run, the job's, follows
        its task now. A run left to end by itself (:meth:`_run_stopped`) ends with its send
        instead, and a new run of the job follows the task: "Send again" and Retry (of
        several too) wait for that run's end as for its send's (:meth:`_late_send_ended`);
        before, they waited for the whole of KIE's generating, the other jobs unsent. None
        for a cancelled row, for a run left to end, or while another run of the job is here
        (none can be: a send waits for the late one): the next start follows a row left
        generating."""
        run = asyncio.current_task()
        if kept.state is not JobState.GENERATING or run is None:
            return None
        if self._late.get(kept.id) is run:
            self._start(kept)
            return None
        return kept if self._tasks.get(kept.id) is run else None

    async def _input_url(self, snap: Snapshot, request: GenerateRequest) -> str | None:
        """The reference's URL on KIE's upload host, uploaded again once older than
        :attr:`EngineConfig.upload_shared_s`, the job's own upload (a Retry the next day
        had sent one of almost a day, which KIE's upload service may have deleted) as
        another job's of this run: before, each of the four jobs of "Generate 4 images"
        uploaded the same 20 MB copy."""
        if request.image_path is None:
            return None
        if snap.input_image_url and self._fresh(snap.input_uploaded_at):
            return snap.input_image_url
        key = request.image_path
        async with self._upload_lock(key):  # the batch's other jobs wait for its one upload
            shared = self._uploads.get(key)
            if shared is not None and self._fresh(shared[1]):
                url, uploaded_at = shared
                await self._db(
                    self.ledger.update,
                    snap.id,
                    input_image_url=url,
                    input_uploaded_at=uploaded_at,
                )
                return url
            url = await self._upload(snap, request.image_path)
            self._uploads[key] = (url, time.time())
            return url

    def _drop_upload(self, snap: Snapshot) -> dict[str, Any]:
        """The upload ``snap`` sent, forgotten as its job fails: KIE may have refused it
        (a file its upload service deleted, sooner than a day), and kept it would be sent
        again by the job's Retry and by every press on that reference for up to an hour
        (:attr:`EngineConfig.upload_shared_s`), each failing alike. Uploads are free: the
        next send uploads the copy anew. Returns the row's fields that forget it there too."""
        if not snap.input_image_url:
            return {}
        key = snap.request.image_path or ""
        shared = self._uploads.get(key)
        if shared is not None and shared[0] == snap.input_image_url:
            del self._uploads[key]
        return {"input_image_url": ""}

    def _upload_lock(self, key: str) -> asyncio.Lock:
        """The lock of the kept copy ``key``'s upload. Only the :data:`UPLOADS_KEPT` copies
        used last are remembered, so nothing grows with a day of references: a copy
        forgotten is at worst uploaded again (uploads are free)."""
        lock = self._upload_locks.pop(key, None) or asyncio.Lock()
        self._upload_locks[key] = lock  # the last used at the end
        for old in list(self._upload_locks)[:-UPLOADS_KEPT]:
            del self._upload_locks[old]
            self._uploads.pop(old, None)
        return lock

    def _fresh(self, uploaded_at: float | None) -> bool:
        """Whether an upload made at ``uploaded_at`` is still young enough to be used."""
        return uploaded_at is not None and time.time() - uploaded_at < self.config.upload_shared_s

    async def _upload(self, snap: Snapshot, image_path: str) -> str:
        """Upload the job's reference copy; its URL, recorded on the job. Whether the copy
        is there is asked in a worker thread: it lives in the artist's library folder, which
        may be a network share slow to answer (this runs on the window's loop). A relative
        path (another program's request, an old version's) names no copy of the job's: taken
        as it is, the file of that name in the app's current folder went to KIE."""
        await self._move(snap.id, JobState.UPLOADING, **_this_send(snap))
        path = Path(image_path)
        if not path.is_absolute() or not await self._in_thread(path.is_file):
            raise InputError.worded(
                QT_TRANSLATE_NOOP("Errors", "The reference image {name} is no longer on disk."),
                name=path.name,
            )
        try:
            uploaded = await self.client.upload_file(
                path, upload_path=f"kontext-studio/{uuid.uuid4().hex}", file_name=path.name
            )
        except (ServerError, MalformedReplyError, ReplyCutError) as error:
            # Uploads are free and the next one goes to a fresh uploadPath: retry, as for a
            # network error, instead of failing the job on one bad gateway; said as KIE's
            # server error, not as a connection that failed (see UploadRefusedError). A
            # reply cut short is one KIE began: it did not give the reference's link.
            log.info(
                "upload failed, will retry",
                extra={"event": "upload_retry", "job_id": snap.id, "kind": error.kind},
            )
            status = error.code if isinstance(error, ServerError) else None  # else unreadable
            words = UPLOAD_CUT if isinstance(error, ReplyCutError) else UPLOAD_REFUSED
            raise UploadRefusedError(words, code=status) from error
        await self._db(
            self.ledger.update,
            snap.id,
            input_image_url=uploaded.download_url,
            input_uploaded_at=time.time(),
        )
        return uploaded.download_url

    async def _poll(self, snap: Snapshot) -> Snapshot:
        """generating → downloading | failed | timeout.

        Past the deadline, KIE's own answer that the task still runs times the job out at
        once; a poll that could not get an answer says nothing of the task. After a laptop
        slept (the wall clock jumped past the deadline) or an outage the job keeps asking,
        for as long again on the clock that stops while the computer sleeps, instead of being
        shown "timed out" while KIE has its image ready."""
        assert snap.task_id is not None
        started = snap.submitted_at or time.time()
        deadline = max(started, snap.updated_at) + self.config.poll_timeout_s
        polls = snap.poll_count
        noted = (snap.error_kind, snap.error_code)
        loop = asyncio.get_running_loop()
        unanswered_since: float | None = None  # loop time of the first such poll past deadline
        empty = 0  # polls in a row KIE answered without a record
        for sleep_s in self.schedule.intervals(snap.model, max(time.time() - started, 0.0)):
            left = max(deadline - time.time(), 0.0)
            await self._row_watch.pause(
                snap, sleep_s if unanswered_since is not None else min(sleep_s, left)
            )
            polls += 1
            trouble: KieError | None = None
            try:
                record = await self.client.record_info(snap.task_id)
            except NotFoundError as error:
                if not self._maybe_not_visible_yet(snap):
                    return await self._fail(snap.id, error, poll_count=polls)
                log.info(
                    "task not known to KIE yet, will retry",
                    extra={"event": "poll_retry", "job_id": snap.id, "kind": error.kind},
                )
                record = _still_generating(snap.task_id)
            except EmptyRecordError as error:
                empty += 1
                log.warning(
                    "poll answered without a record",
                    extra={"event": "poll_empty_record", "job_id": snap.id, "in_a_row": empty},
                )
                if empty >= self.config.empty_record_polls:
                    return await self._time_out(snap, polls, error)
                record, trouble = None, error
            except KieError as error:
                if _ends_task(error):
                    return await self._task_ended(snap, error, polls)
                log.info(
                    "poll failed, will retry",
                    extra={"event": "poll_retry", "job_id": snap.id, "kind": error.kind},
                )
                record, trouble = None, error
            if record is not None:
                empty = 0
                if record.is_terminal:
                    return await self._finish_poll(snap, record, polls)
            await self._still_followed(snap)
            if time.time() >= deadline:
                if unanswered_since is None and record is None:
                    unanswered_since = loop.time()
                waited = loop.time() - (unanswered_since or 0.0)
                if record is not None or waited >= self.config.poll_timeout_s:
                    return await self._time_out(snap, polls, trouble)
            noted = await self._note_trouble(snap.id, noted, trouble)
        raise AssertionError("poll schedule ended")

    def _maybe_not_visible_yet(self, snap: Snapshot) -> bool:
        """Whether KIE's "no such task" to a poll of ``snap`` may only mean that its task,
        made a moment ago, is not visible yet (:attr:`EngineConfig.not_found_grace_s`):
        the job asks again, taking the task for one still being made."""
        sent = snap.submitted_at
        return sent is not None and time.time() - sent < self.config.not_found_grace_s

    async def _task_ended(self, snap: Snapshot, error: KieError, polls: int) -> Snapshot:
        """generating → failed | timeout, on KIE's envelope answering a poll with its word
        that the task brings no image (:func:`_ends_task`): as a task KIE reports failed
        (:meth:`_finish_poll`); "no result for over 10 minutes" as a time-out, whose Retry
        asks about the task again, free, rather than sends it anew. Said again to that
        Retry, it fails the job, whose next Retry sends it anew, as for a task KIE reports
        failed with that code (:func:`_task_error`): before, each Retry asked again and timed
        out again, and Resubmit was refused, the job carried on by Retry."""
        asked_again = (snap.id, snap.task_id) in self._asked_after_gave_up
        self._asked_after_gave_up.discard((snap.id, snap.task_id))
        if isinstance(error, UpstreamTimeoutError) and not asked_again:
            return await self._time_out(snap, polls, error)
        return await self._fail(snap.id, error, poll_count=polls, **self._drop_upload(snap))

    async def _time_out(self, snap: Snapshot, polls: int, trouble: KieError | None) -> Snapshot:
        """generating → timeout. Words of why: KIE said the task still runs, or, when the
        last poll had no answer, what kept KIE from answering (a key KIE rejects since the
        job was sent, an outage): "KIE had not finished it" was then not known, and hid the
        fix. Either way Retry asks again, and pays nothing."""
        seconds = f"{self.config.poll_timeout_s:.0f}"
        why: KontextError = trouble or JobTimeoutError.worded(
            NOT_FINISHED_DEMO if snap.simulated else NOT_FINISHED, seconds=seconds
        )
        return await self._step(snap.id, JobState.TIMEOUT, poll_count=polls, **_held_fields(why))

    async def _still_followed(self, snap: Snapshot) -> None:
        """Raise :class:`JobChanged` once the row no longer says this run follows the task
        (``snap``'s): another process cancelled the job (a command's ``cancel``, the window's
        Cancel of a command's job), deleted it, or carried it on. Without this look, the run
        asked KIE about the task until it ended, and the job counted running here (a window's
        status bar, a ``generate`` waiting for it) as long. A read that fails says nothing
        of the job: the run goes on, as it would have."""
        try:
            current = await self._db(self.ledger.get, snap.id)
        except StorageError:
            log.warning("job row not read", extra={"event": "row_unread", "job_id": snap.id})
            return
        if current is None or (current.state, current.task_id) != (snap.state, snap.task_id):
            raise JobChanged(snap.id, current)

    async def _finish_poll(self, snap: Snapshot, record: TaskRecord, polls: int) -> Snapshot:
        if record.success_flag is SuccessFlag.SUCCESS and record.result_url:
            kie_seconds: float | None = None
            if record.created_at and record.completed_at:
                duration = (record.completed_at - record.created_at).total_seconds()
                self.schedule.learn(snap.model, duration)
                kie_seconds = duration if duration >= 0 else None
            # A job given its task id: KIE's own time for the task is its Duration.
            given = {"task_seconds": kie_seconds} if snap.task_given_at is not None else {}
            return await self._step(
                snap.id,
                JobState.DOWNLOADING,
                poll_count=polls,
                result_url=record.result_url,
                origin_url=record.origin_url or "",
                **_NO_ERROR,
                error_code=None,  # that of a poll held up before: nothing holds it up now
                **given,
            )
        return await self._fail(
            snap.id, _task_error(record), poll_count=polls, **self._drop_upload(snap)
        )

    async def _note_trouble(
        self, job_id: int, noted: tuple[str, int | None], trouble: KieError | None
    ) -> tuple[str, int | None]:
        """Keep on a running job why KIE cannot be asked about it (``trouble``), or clear the
        reason once KIE answers (``None``), so the window says why the job is held up.
        ``noted`` is the kind and code kept now: the row is written only when either changes,
        not on every poll (before, the kind alone: a 502, then a 503, still read 502).
        Returns the kind and code kept after.

        The note moves no ``updated_at`` (:meth:`Ledger.note`): a job resumed after a restart
        times out when it would have. It only informs, so a write that fails (a full disk) is
        logged and the job runs on; the next poll tries it again."""
        fields = _held_fields(trouble) if trouble is not None else {**_NO_ERROR, "error_code": None}
        kept = (fields["error_kind"], fields["error_code"])
        if kept == noted:
            return noted
        try:
            await self._write(
                lambda: self.ledger.note(job_id, expect=RUNNING, **fields), self.events.emit
            )
        except StorageError:
            log.warning("poll note not recorded", extra={"event": "note_failed", "job_id": job_id})
            return noted
        return kept

    async def _earlier_libraries(self) -> list[Path]:
        """The library folders earlier runs saved results under (:func:`library_folders`),
        read once a run: where :func:`saved_before` looks after :attr:`library_dir`."""
        async with self._libraries_reading:
            if self._libraries is None:
                try:
                    self._libraries = library_folders(await self._db(self.ledger.result_folders))
                except StorageError:
                    return []  # read again by the next download
            return self._libraries

    async def _download(self, snap: Snapshot) -> Snapshot:
        """downloading → completed: fetch without credentials, check, write atomically.

        ``link`` is the task's result URL as KIE reports it; ``url`` is what is fetched: the
        link, or a fresh 20-minute copy of it once the link has expired."""
        earlier = await self._earlier_libraries()
        found = await self._in_thread(saved_before, self.library_dir, snap, earlier)
        if found is not None:
            return await self._keep_saved(snap, found)
        link = url = snap.result_url
        stale = refreshed = relinked = False  # stale: ``url`` expired, no fresh copy yet
        failures = 0
        noted = (snap.error_kind, snap.error_code)
        while True:
            try:
                if stale:
                    url = await self._fresh_link(link)
                    stale, refreshed = False, True
                body, _ = await self.client.fetch(url, max_bytes=self.config.max_result_bytes)
                return await self._store_result(snap, body)
            except ExpiredResultError as error:
                if stale and isinstance(error, LinkRefusedError) and not relinked:
                    # No file of KIE's: the link kept may not be the one KIE names now.
                    relinked = True
                    moved = await self._current_result_url(snap, lost_ends=False)
                    if moved:
                        link = url = moved
                        stale = refreshed = False
                        continue
                if stale:  # KIE's word: it has no fresh copy
                    return await self._no_fresh_copy(snap, error)
                if not refreshed:
                    stale = True
                    continue
                # The link KIE has just given is refused too: a gateway's doing, not KIE's
                # word on the result. Tried again, with a link asked for anew; the job that
                # gives up on it reads as a refused link, its Retry free, not as a server
                # error of KIE's (kind ``server``, before).
                trouble: KieError = ExpiredResultError(LINK_REFUSED, code=error.code)
                stale, refreshed = True, False
            except ImageError as error:
                # Not a whole image: a download cut off, a network's sign-in page. Fetched
                # again, like any other trouble on the way; a retry later fetches it free.
                log.info(
                    "result not a whole image",
                    extra={"event": "result_damaged", "job_id": snap.id, "reason": error.message},
                )
                trouble = DamagedResultError()
            except InputError as error:
                return await self._fail(snap.id, error)
            except KieError as error:
                trouble = error
            failures += 1
            if failures == self.config.download_attempts:
                failed = await self._fail(snap.id, trouble, **self._tries_columns(snap, trouble))
                self._try_link_later(failed, self.config.link_tries_s, anew=True)
                return failed
            if isinstance(trouble, NetworkError | MalformedReplyError) and not relinked:
                relinked = True
                try:
                    moved = await self._current_result_url(snap, lost_ends=_leads_nowhere(trouble))
                except NotFoundError as lost:
                    return await self._task_forgotten(snap, lost)
                if moved:  # a new link: it may expire in turn and earns its own refresh
                    link = url = moved
                    stale = refreshed = False
                    # Fetched at once, and nothing said: the old link's host moved, nothing
                    # is wrong. Before, each demo download resumed after a restart (the
                    # simulator's new port) was said "the demo server stopped answering".
                    continue
            noted = await self._note_trouble(snap.id, noted, trouble)
            await self._row_watch.pause(snap, self._backoff(failures - 1))

    def _tries_columns(self, snap: Snapshot, trouble: KieError) -> dict[str, Any]:
        """The columns of ``snap``'s automatic tries of its result link as its download gives
        up on ``trouble``: tried again by itself when the host refused every link, or when a
        run of a job already so tried (one of those tries, or the artist's Retry of it: the
        artist did not give up) met a passing trouble (:data:`PASSING_KINDS`: no network,
        the rate limit); with the back-off of those tries (:meth:`_limited_columns`). The
        mark of the artist's Retry goes otherwise, as at any end of its run
        (:func:`_link_tries_ended`): that run ends the tries."""
        tried_before = snap.links_tried or snap.retried_by_artist
        passing = tried_before and trouble.kind in PASSING_KINDS
        marked = _links_tried(snap) if _host_refused(trouble) or passing else {}
        awaits = bool(marked.get("link_refused_task"))
        return {**marked, **self._limited_columns(snap, trouble, awaits)}

    async def _no_fresh_copy(self, snap: Snapshot, error: ExpiredResultError) -> Snapshot:
        """End the download of ``snap`` that KIE gave no fresh link to its result for
        (``error``). A finished artwork's Download again so refused leaves it completed, its
        file (damaged, or gone) as it was, and keeps KIE's word on the row
        (:attr:`Snapshot.result_deleted`, with the code that says whether KIE deleted the
        result or no longer takes its link): no Download again from then on, as one past
        KIE's 14 days, so a copy put back from a backup still makes it whole. Before, a first
        422 moved it to Failed until its one Retry. A job that never had its
        image fails: for good on KIE's word that the result is deleted, or on the second
        refusal of its link (:func:`_refused_again`); a first refusal (a 422, KIE naming no
        other link for the task) fails it as expired, with one Retry, free."""
        if snap.completed_at is not None:
            log.info(
                "result not downloaded again, artwork kept",
                extra={"event": "result_deleted_kept", "job_id": snap.id, "code": error.code},
            )
            return await self._step(
                snap.id, JobState.COMPLETED, result_deleted=True, error_code=error.code, **_NO_ERROR
            )
        if isinstance(error, ResultDeletedError) or _refused_again(snap, error):
            return await self._fail(snap.id, error, result_deleted=True)
        if isinstance(error, LinkRefusedError):  # its first refusal: one free Retry
            return await self._fail(snap.id, error, link_refused_task=snap.task_id or "")
        return await self._fail(snap.id, error)

    async def _fresh_link(self, link: str) -> str:
        """A fresh 20-minute copy of the result ``link``. Only KIE's word that it has no such
        file means the result is gone: not found, it is deleted (:class:`ResultDeletedError`);
        not a file of its own (422, which kie-api.md gives for any address not KIE's), it
        is refused (:class:`LinkRefusedError`), with no word that it is deleted. Any other
        failure (no connection, a timeout, a server error, a gateway's bare 404 or 422, which
        the client reads as a server error) says nothing of the result and is raised as it
        is, to be tried again."""
        try:
            return await self.client.download_url(link)
        except (NotFoundError, ValidationError) as error:
            gone = ResultDeletedError if isinstance(error, NotFoundError) else LinkRefusedError
            # KIE's own words (its envelope's msg), shown marked as KIE's (explain.kie_words)
            raise gone.said(error.message, code=error.code) from error

    async def _current_result_url(self, snap: Snapshot, *, lost_ends: bool = True) -> str | None:
        """Ask KIE again where the result is, once, when its host cannot be reached or its
        link cannot be used: the link stored before a restart may name a host that has moved
        (the demo simulator listens on a new port after each start), and a link that is no
        https address is KIE's reply gone wrong, which it may have put right since. A new
        link is kept for the next start and shown to the window like any other change of
        the row.

        It is kept only while the row is still this run's, downloading the link read: one
        another process cancelled, deleted or moved on meanwhile raises :class:`JobChanged`,
        and the run stops, leaving the job as that process left it.

        KIE's word that it has no record of the task raises :class:`NotFoundError` for a
        job that never had its image, when ``lost_ends`` (:meth:`_task_forgotten`: its link
        leads nowhere, a restarted demo server that lost it on its old port). A link KIE
        refuses as no file of its own keeps its own words (:meth:`_no_fresh_copy`); one
        whose host could not be reached from here (no network, its name not looked up, a
        firewall or a VPN refusing the connection) is kept, and fetched again: the image
        may be fine on KIE."""
        if snap.task_id is None:
            return None
        try:
            record = await self.client.record_info(snap.task_id)
        except NotFoundError:
            if lost_ends and snap.completed_at is None:
                raise
            log.info(
                "task not found, result link kept",
                extra={"event": "result_link_kept", "job_id": snap.id},
            )
            return None
        except KieError:
            return None
        fresh = record.result_url if record.success_flag is SuccessFlag.SUCCESS else None
        if not fresh or fresh == snap.result_url:
            return None
        log.info("result moved", extra={"event": "result_relinked", "job_id": snap.id})
        await self._move(
            snap.id,
            JobState.DOWNLOADING,
            expect={JobState.DOWNLOADING},
            expect_values={"result_url": snap.result_url},
            result_url=fresh,
        )
        return fresh

    async def _task_forgotten(self, snap: Snapshot, error: NotFoundError) -> Snapshot:
        """Fail ``snap``, whose result link leads nowhere and whose task KIE says it has
        no record of: no link to its image can be had. Its links are let go, so it reads as
        a task KIE lost (:func:`task_lost`), whose Retry sends it anew only on the artist's
        word. Before, the download tried the dead link on and failed as "the demo server
        stopped answering" (a demo job after a restart whose server had lost the task),
        which was not so, and its Retry met the same."""
        return await self._fail(snap.id, error, result_url="", origin_url="")

    async def _store_result(self, snap: Snapshot, body: bytes) -> Snapshot:
        """Save the result ``body`` and complete the job with it (:meth:`_save_result`): a
        step that ends once begun, though the run is stopped meanwhile (the artist's Cancel
        or Delete, the close), and only then lets the run go. Before, the run was stopped at
        its wait for the write, and the worker thread wrote the image all the same, named by
        no row: left in the library for good, that of a job deleted too. Now a Delete removes
        it with the row, a Cancel finds the job completed, and a close leaves it so. A
        second stop (the close stopping a Delete that stops the run) waits too: before, it
        let the run go, the write left to itself, and the close ended before the row was
        told of the image."""
        return await _to_the_end(self._save_result(snap, body), _log_unsaved)

    async def _save_result(self, snap: Snapshot, body: bytes) -> Snapshot:
        """Check and write the image, then complete the job with it; an image whose row was
        changed meanwhile by another process (cancelled, deleted) is removed."""
        saved = await self._in_thread(
            check_and_save,
            body,
            f"result of job {snap.id}",
            job_provenance(snap),
            partial(result_target, self.library_dir, snap),
        )
        return await self._complete_with(snap, saved)

    async def _keep_saved(self, snap: Snapshot, found: Saved) -> Snapshot:
        """Complete the job with the image ``found`` in the library, written whole by an
        earlier save its row was never told of (:func:`saved_before`). Before, the next
        start fetched it again, and with no network, or once KIE's link had expired
        (14 days), the job failed while its image lay in the library, named by no row."""
        log.info(
            "result found saved, kept", extra={"event": "result_found_saved", "job_id": snap.id}
        )
        return await self._complete_with(snap, found)

    async def _complete_with(self, snap: Snapshot, saved: Saved) -> Snapshot:
        """Complete the job with the image ``saved``; removed when its row was changed
        meanwhile by another process (cancelled, deleted)."""
        completed = time.time()
        try:
            done = await self._stored(snap, saved, completed)
        except JobChanged as changed:
            # Cancelled or deleted while it was downloaded: the image is nobody's, unless the
            # row keeps it (a finished image fetched again).
            if changed.current is None or changed.current.file_path != str(saved.path):
                await self._in_thread(unlink_quietly, saved.path)
            raise
        if snap.completed_at is not None:
            # Download again: KIE made nothing, and the job keeps its completion. Logged as a
            # second ``generation_completed``, it was counted twice, its duration running up
            # to the new download.
            log.info(
                "result downloaded again",
                extra={
                    "event": "result_downloaded_again",
                    "job_id": snap.id,
                    "task_id": snap.task_id,
                },
            )
            return done
        log.info(
            "generation completed",
            extra={
                "event": "generation_completed",
                "job_id": snap.id,
                "task_id": snap.task_id,
                "duration_s": _logged_duration(snap, completed),
                "prompt": short_prompt(snap.prompt),
            },
        )
        return done

    async def _stored(self, snap: Snapshot, saved: Saved, completed: float) -> Snapshot:
        """The job completes with the image ``saved``: one fetched again for an image a
        Delete put in the trash (:attr:`Snapshot.trashed_at`, or an Undo left there:
        :attr:`Snapshot.image_left_in_trash`) is no longer there. The code
        of a failure a Retry got past is cleared too: on a finished artwork the code is only
        that of a refused Download again (:func:`~kontext_studio.jobs.stopped.link_refused`)."""
        return await self._step(
            snap.id,
            JobState.COMPLETED,
            trashed_at=None,
            image_left_in_trash=False,
            file_path=str(saved.path),
            sha256=saved.sha256,
            width=saved.width,
            height=saved.height,
            file_size=saved.size,
            completed_at=snap.completed_at or completed,  # kept when downloaded again
            **_NO_ERROR,
            error_code=None,
            link_backoff_s=0.0,
            link_try_at=None,
        )

    # Helpers ------------------------------------------------------------------------------

    async def _move(
        self,
        job_id: int,
        state: JobState,
        *,
        expect: Collection[JobState] | None = None,
        expect_values: Mapping[str, Any] | None = None,
        landed: Callable[[Snapshot], None] | None = None,
        before: Callable[[], None] | None = None,
        **values: Any,
    ) -> Snapshot:
        """Write the transition and tell the listeners, even when the caller is cancelled
        while the write is in flight: the row changes either way, and so must the window.
        ``expect``, ``expect_values``: as for :meth:`Ledger.transition`; ``landed``: told
        of the row written, as the listeners are; ``before``: a check made in the same write
        transaction, under the library's write lock (another process's write waits for it,
        or it for that one), which may raise to leave the row as it is."""

        def written(snap: Snapshot) -> None:
            if landed is not None:
                landed(snap)
            self.events.emit(snap)

        ends_tries = not state.is_active and "link_refused_task" not in values

        def write() -> Snapshot:
            if before is not None:
                before()
            return self.ledger.transition(
                job_id,
                state,
                expect=expect,
                expect_values=expect_values,
                derived=_link_tries_ended if ends_tries else None,
                **values,
            )

        snap: Snapshot = await self._write(write, written)
        return snap

    async def _step(self, job_id: int, state: JobState, **values: Any) -> Snapshot:
        """A running job's move: made only while its row still says it runs. Another process
        may have cancelled or deleted it (a command's ``cancel``), and a cancelled job may
        otherwise be moved on (to generating, downloading, queued) as if nothing happened."""
        return await self._move(job_id, state, expect=RUNNING, **values)

    async def _fail(
        self,
        job_id: int,
        error: KontextError,
        *,
        expect: Collection[JobState] = RUNNING,
        expect_values: Mapping[str, Any] | None = None,
        **values: Any,
    ) -> Snapshot:
        """A running job's move to ``failed`` (:meth:`_step`); ``expect``, ``expect_values``
        as for :meth:`_move`. An automatic try of a refused link (:meth:`_link_try`) that
        fails for a passing reason (a damaged download, the rate limit, the network down at
        a laptop's wake-up) says so: its row keeps the mark of those tries
        (:attr:`Snapshot.tried_by_itself`), so the job is tried again while KIE keeps its
        image. Before, such a failure read "link refused"."""
        self._failed_by_itself.discard(job_id)
        if job_id in self._link_trying:
            self._failed_by_itself.add(job_id)
            self._link_trying.discard(job_id)
        snap = await self._move(
            job_id,
            JobState.FAILED,
            expect=expect,
            expect_values=expect_values,
            error_code=error.code,
            **_error_fields(error),
            **values,
        )
        log.warning(
            "generation failed",
            extra={
                "event": "generation_failed",
                "job_id": job_id,
                "kind": error.kind,
                "code": error.code,
                "prompt": short_prompt(snap.prompt),
            },
        )
        return snap

    async def _requeue(
        self,
        job_id: int,
        *,
        expect: Collection[JobState],
        expect_values: Mapping[str, Any] | None = None,
        before: Callable[[], None] | None = None,
    ) -> Snapshot:
        return await self._move(
            job_id,
            JobState.QUEUED,
            expect=expect,
            expect_values=expect_values,
            before=before,
            task_id=None,
            submitted_at=None,
            task_given_at=None,
            task_seconds=None,
            result_url="",
            origin_url="",
            **_NO_ERROR,
            error_code=None,
            poll_count=0,
        )

    async def _require(self, job_id: int) -> Snapshot:
        snap = await self._db(self.ledger.get, job_id)
        if snap is None:
            raise JobGoneError.worded(NO_SUCH_JOB, job_id=job_id)
        return snap

    async def require_here(
        self, job_id: int, refused: Callable[[Snapshot], Refusal | None] | None = None
    ) -> Snapshot:
        """Job ``job_id``, refused when it is not in the library or is of the other mode
        (its task is unknown here): the one a retry or resubmit may carry on. ``refused``:
        why the action is refused in either mode (:func:`retry_refused`...); a job of the
        other mode is refused in those words, and is said to carry on only in its own mode
        only where that mode would carry it on (a completed job carries on nowhere)."""
        snap = await self._require(job_id)
        if snap.simulated is not self.config.simulated:
            anywhere = refused(snap) if refused is not None else None
            raise anywhere or other_mode_refusal(snap)
        return snap

    async def _learn_history(self) -> None:
        if self._learned:
            return
        self._learned = True
        done = await self._db(self.ledger.search, states=[JobState.COMPLETED], limit=200)
        self.schedule.learn_many(
            (s.model, s.duration_s) for s in reversed(done) if s.duration_s is not None
        )

    async def prune_references(self, held: Collection[str] = ()) -> int:
        """Remove the kept reference copies no job in the library names any more (their
        jobs were deleted), a bounded number at a time, off the event loop's thread
        (:func:`~kontext_studio.images.outgoing.prune_kept_copies`); returns how many.

        Every job's copy is kept, whatever its state: a running one sends it; a stopped one
        may be retried at any time, and a retry uploads the copy again once its upload is
        older than :attr:`EngineConfig.upload_shared_s` (KIE keeps uploads a day or
        three); a finished edit shows it beside its result. The names are read before the
        folder, and a copy kept since is younger than the clean-up's grace period. ``held``:
        the paths of copies the window holds while no job may name them (the prompt form's
        reference, taken from a job by Reuse settings, the job deleted since)."""
        needed = await self._db(self.ledger.reference_names)
        needed |= {Path(path).name for path in held}
        return await self._in_thread(prune_kept_copies, self.references_dir, needed)

    def _backoff(self, attempt: int) -> float:
        # The exponent is capped: 2**1100 does not fit a float (attempts may be many).
        return min(self.config.retry_base_s * 2 ** min(attempt, 64), self.config.retry_max_s)

    async def _db(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await self._write(lambda: fn(*args, **kwargs))

    async def _write(self, call: Callable[[], T], then: Callable[[T], None] | None = None) -> T:
        """Run a ledger call on the writer thread (batched with others), shielded:
        cancelling the caller (app exit, the artist's Cancel) would otherwise cancel a write
        still queued, e.g. the task id that just arrived. The write still lands (``aclose``
        waits for the writer), ``then`` still sees its result, and a failure nobody awaits
        any more is logged."""
        future = self._writer.submit(call)
        if then is not None:
            future.add_done_callback(partial(_deliver, then))
        try:
            return await asyncio.shield(future)
        except asyncio.CancelledError:
            future.add_done_callback(_log_orphaned_failure)
            raise

    async def _read_rows(self, job_ids: list[int]) -> dict[int, Snapshot]:
        """The rows of ``job_ids`` that exist, read off the event loop's thread."""
        return await self._in_thread(self.ledger.get_many, job_ids)

    async def _in_thread(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await asyncio.to_thread(fn, *args, **kwargs)


_BEFORE_SENDING = frozenset({JobState.QUEUED, JobState.UPLOADING})
"""The states a run is in when it moves its job to ``submitting``."""
_NO_ERROR: dict[str, Any] = {"error_kind": "", "error_message": ""}
"""The columns that say why a job stopped, cleared: it runs on, or it succeeded."""
_STOP_FIELDS = ("state", "error_kind", "error_code", "error_message", "error_words")


def _nothing() -> None:
    """A ledger call that writes nothing: awaited, every write queued before it has settled."""


async def _to_the_end(
    step: Awaitable[T], unawaited: Callable[[asyncio.Future[T]], None] | None = None
) -> T:
    """Await ``step``, one that ends once begun: a caller stopped meanwhile, once or again
    (the artist's Delete stopping a run, then the close stopping the Delete), waits for its
    end before it is stopped; ``unawaited`` is then told of the step as it ends. The close
    bounds its own wait for such a caller (:attr:`EngineConfig.close_grace_s`)."""
    doing = asyncio.ensure_future(step)
    try:
        return await asyncio.shield(doing)
    except asyncio.CancelledError:
        if unawaited is not None:
            doing.add_done_callback(unawaited)
        while not doing.done():
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait({doing})  # not gather: a stop must not abandon it
        raise


def _let_go_late(holding: asyncio.Future[_DeleteFile | None]) -> None:
    """Let go of the lock of a Delete stopped as it took it (:meth:`JobEngine._holding_delete`),
    once taken."""
    if not holding.cancelled() and holding.exception() is None:
        file = holding.result()
        if file is not None:
            release_delete(file.held)


def _this_send(snap: Snapshot) -> dict[str, Any]:
    """What a run's write about its send expects of the row: the row as this run last wrote
    it (``snap``), sent as many times. Once ``snap`` is the row this run moved to
    ``submitting``, that send still; before, still waiting to be sent. Another process that
    cancelled the job and sent it again owns the row now, even while it is submitting or
    running again: "still running" alone would let this run's failed upload move that send
    back to queued (or fail it), losing the task KIE makes for it, and send the job again."""
    state = {JobState.SUBMITTING} if snap.state is JobState.SUBMITTING else _BEFORE_SENDING
    return {"expect": state, "expect_values": {"submit_count": snap.submit_count}}


def _retry_refusal(snap: Snapshot, *, pay_again: bool) -> Refusal | None:
    """Why a retry of the stopped ``snap`` is refused (:meth:`JobEngine.retry`); None when
    it carries the job on."""
    if needs_resubmit(snap):
        return resubmit_only_refusal(snap)
    if result_gone(snap):
        return result_gone_refusal(snap)
    if refused_as_sent(snap):
        return refused_as_sent_refusal(snap)
    if retry_sends_anew(snap) and not pay_again:
        return sends_anew_refusal(snap)
    return None


@contextlib.contextmanager
def _lost_to_another(
    job_id: int, refusal: Callable[[Snapshot], Refusal | None] | None = None
) -> Iterator[None]:
    """A retry's or resubmit's move that found the row changed since it was read (another
    process carried the job on first) is refused in the words of the state it found; one
    stopped again, in the words ``refusal`` has for it as it is now (a Retry's: a job sent
    and cancelled again with its request out meanwhile takes Resubmit only now), else as
    changed meanwhile."""
    try:
        yield
    except JobChanged as changed:
        current = changed.current
        refused = not_carried_on(job_id, current)
        if refused is None and current is not None and refusal is not None:
            refused = refusal(current)
        if refused is None:
            raise
        raise refused from changed


def _as_read(snap: Snapshot) -> dict[str, Any]:
    """The columns a retry's, resubmit's or cancel's move of ``snap`` expects as they were
    read: the count of its sends (each send's ticket) and its task. Checked on the state
    alone, a row read stopped, then retried, sent and cancelled while its request was out
    (here, or by another process) before the move landed, was moved on as read: sent again
    beside the request still out, whose outcome is unknown, or followed as a task it no
    longer has (a cancel: noted from its old view, :meth:`JobEngine._cancel`)."""
    return {"submit_count": snap.submit_count, "task_id": snap.task_id}


def _refused_again(snap: Snapshot, error: ExpiredResultError) -> bool:
    """Whether ``error`` is KIE's second word that the job's result link is no file of its
    own (:class:`LinkRefusedError`): its task's link was refused before
    (:attr:`Snapshot.link_refused_task`), whatever link it was for, so the free Retry the
    first refusal offered is spent; kie-api.md gives no passing cause for the 422 that
    another Retry could outlast. Counted per link, a task whose record-info named two
    links in turn (A, B, A…) earned a free Retry at each, for ever; kept in the row's error
    code, any other failure between the two refusals (a gateway's 502), or a Cancel, wrote
    over it and earned one more."""
    refused = snap.link_refused_task
    return isinstance(error, LinkRefusedError) and bool(refused) and refused == snap.task_id


def _host_refused(error: KontextError) -> bool:
    """Whether ``error`` is the host's refusal of every link to a result, the new ones KIE
    gave too (:data:`~kontext_studio.errors.LINK_REFUSED`), not KIE's word on it."""
    return isinstance(error, ExpiredResultError) and error.message == LINK_REFUSED


def _links_tried(snap: Snapshot) -> dict[str, Any]:
    """The column that marks ``snap``'s refused links as tried again by itself
    (:func:`links_tried_mark`), kept on its row through each try. None for a task KIE
    itself refused a link of (:attr:`Snapshot.link_refused_task`): that mark, whose free
    Retry is spent, is kept, and the tries are this run's alone, as before."""
    if not snap.task_id or snap.link_refused_task == snap.task_id:
        return {}
    return {"link_refused_task": links_tried_mark(snap.task_id)}


def _link_tries_ended(row: Snapshot) -> dict[str, Any]:
    """The columns that end the mark of the automatic tries of a refused link
    (:attr:`Snapshot.links_tried`) or of the artist's Retry of it
    (:attr:`Snapshot.retried_by_artist`), and their back-off, as a move of ``row`` (the row
    as the move's own transaction read it) out of the running states ends that run: any end
    but a download that gives up and writes the mark itself
    (:meth:`JobEngine._tries_columns`): the image saved, a cancel, a file over the size
    limit, KIE's deletion, a lost task, a failed poll. Before, the mark of the tries stayed
    on a job whose try brought its image or was cancelled (a later Retry took it for the
    artist's Retry of tries still on), and that of the artist's Retry was read in a second
    query at every move."""
    if not (row.links_tried or row.retried_by_artist):
        return {}
    return {"link_refused_task": "", "link_backoff_s": 0.0, "link_try_at": None}


def _artists_own(snap: Snapshot) -> dict[str, Any]:
    """The column that turns ``snap``'s mark of tries by itself (:attr:`Snapshot.links_tried`)
    into that of the artist's own Retry of it (:func:`retried_by_artist_mark`) as that Retry
    starts: a start after a kill mid-way takes the run for the artist's, and announces its
    failure. Kept, the mark made that start carry it on as a try by itself, its failure
    kept quiet. Should the run give up for a passing reason, or the link be refused again,
    the mark of the tries is written back (:meth:`JobEngine._tries_columns`). KIE's own
    refusal of a link is no such mark."""
    if not snap.links_tried or snap.task_id is None:
        return {}
    return {"link_refused_task": retried_by_artist_mark(snap.task_id)}


def _error_fields(error: KontextError) -> dict[str, Any]:
    """The columns that keep why a job stopped; its code is given apart, by a move that
    stops the job short (failed, timed out, outcome unknown), or with what holds a running
    job up (:func:`_held_fields`)."""
    return {
        "error_kind": error.kind,
        "error_message": error.message,
        "error_words": stored_words(error),
    }


def _held_fields(error: KontextError) -> dict[str, Any]:
    """The columns that keep what holds a running job up (``error``): :func:`_error_fields`
    and its code, KIE's or the HTTP status a server answered (a gateway's 502, a bare 408),
    as ``jobs --json`` gives it. None for the network, where nothing answered, for a reply
    that could not be read, whose status (a 200) is no code of a trouble, and for a
    gateway's page answering in KIE's place with a status that is no server's failure (a
    bare 404 or 422 to a poll): read as KIE's, that code says the task is unknown, which
    fails a job, where this one is asked about again. Before, a running job's row kept
    none, and every server error read 500; then such a job read 404 or 422. A job timed
    out keeps the code it was held up by (:meth:`JobEngine._time_out`): before, a bare 404
    it read null for while it ran read 404 once it timed out."""
    unread = isinstance(error, MalformedReplyError) or _gateway_page(error)
    return {**_error_fields(error), "error_code": None if unread else error.code}


def _gateway_page(error: KontextError) -> bool:
    """Whether ``error`` is a server trouble told by a gateway's bare status that is no
    server's failure (:func:`~kontext_studio.kie.envelope.server_trouble`): a 404 or 422
    to a poll, a result link refused."""
    code = error.code
    return isinstance(error, ServerError) and code is not None and not server_trouble(code)


def _unknown_reason(error: OutcomeUnknownError) -> str:
    """Why the answer to a generate is not known, for the log: no reply came (a time-out,
    the connection cut once the request was out), KIE's side failed (a 5xx, a 408), or what came
    back could not be used (no task id, a body that could not be read)."""
    if error.code is None:
        return "no_reply"
    if server_trouble(error.code):
        return "server_error"
    return "unusable_reply"


def _log_outcome_unknown(
    snap: Snapshot, reason: str, code: int | None = None, *, state: str = ""
) -> None:
    """One WARNING line when a job becomes ``unknown``: its generate request may have
    reached KIE, made a task and been charged, with no answer known. Support finds the
    requests that may have been charged by it (before, a 503 left only an INFO line about
    the reply, naming no job). ``reason``: :func:`_unknown_reason`'s, ``interrupted`` (the
    app stopped with the request out, found at a start) or ``app_error`` (an error inside
    the app stopped it while sending). ``state``: what became of the job, when it is not
    ``snap``'s: a job cancelled or deleted while its request was out, whose answer did not
    come (:meth:`JobEngine._keep_late_answer`), was as likely charged."""
    log.warning(
        "generate request may have been charged: its outcome is unknown",
        extra={
            "event": "generation_outcome_unknown",
            "job_id": snap.id,
            "reason": reason,
            "state": state or snap.state.value,
            "code": code,
            "send": snap.submit_count,
            "model": snap.model,
            "prompt": short_prompt(snap.prompt),
        },
    )


def _deliver(then: Callable[[T], None], future: asyncio.Future[T]) -> None:
    """Runs on the loop before the awaiting caller resumes (callbacks run in order)."""
    if not future.cancelled() and future.exception() is None:
        then(future.result())


def _trashable(path: Path) -> bool:
    """Whether a Delete puts what is at an artwork's ``path`` in the trash: there, and not a
    folder. A row another program wrote naming one (no image: its tile says unreadable) had
    its Delete put the folder in the trash whole, with every file of the artist's in it."""
    return os.path.lexists(path) and not os.path.isdir(path)


def _logged_duration(snap: Snapshot, completed: float) -> float | None:
    """The Duration of ``snap``'s job, completed at ``completed``, as the library shows it
    (:attr:`Snapshot.duration_s`), rounded for the log."""
    duration = replace(snap, completed_at=completed).duration_s
    return None if duration is None else round(duration, 3)


def _log_orphaned_failure(future: asyncio.Future[Any]) -> None:
    """Log how a write nobody awaits any more ended, when it failed. One refused as its
    row was changed elsewhere meanwhile (another process's Cancel or Delete, just as this
    run was stopped here) is no failure: the job is as that process left it."""
    if future.cancelled():
        return
    error = future.exception()
    if isinstance(error, CheckCalledOff):
        log.info(
            "task id not given: its check was called off before the write",
            extra={"event": "task_attach_called_off"},
        )
    elif isinstance(error, JobChanged):
        log.info(
            "ledger write left after its job was stopped: changed elsewhere",
            extra={"event": "orphaned_write_left", "job_id": error.values["job_id"]},
        )
    elif error is not None:
        log.error(
            "ledger write failed after its job was stopped",
            exc_info=error,
            extra={"event": "orphaned_write_failed"},
        )


def _log_unsaved(saving: asyncio.Future[Snapshot]) -> None:
    """Log why a result saved for a stopped run (:meth:`JobEngine._store_result`) was not
    recorded: its job's row is as it was, and the next run of it keeps the image written,
    if it was (:func:`~kontext_studio.jobs.files.saved_before`), or fetches it anew."""
    if saving.cancelled() or saving.exception() is None:
        return
    error = saving.exception()
    if isinstance(error, JobChanged):  # another process stopped it: its image was removed
        return
    log.warning(
        "result of a stopped run not saved",
        exc_info=error,
        extra={"event": "result_unsaved"},
    )


TASK_ENDED_CODES: tuple[type[KieError], ...] = (
    ContentPolicyError,
    GenerationFailedError,
    UpstreamTimeoutError,
)
"""KIE's envelope codes (kie-api.md, "Envelope codes") that, answering a poll, are its word
on the task: 400 refused by the content policy, 501 generation failed, 408 no result for
over 10 minutes. The codes a task's ``errorCode`` and KIE's callback carry for its end."""


def _leads_nowhere(trouble: KieError) -> bool:
    """Whether the download's ``trouble`` says its link leads nowhere now: nothing listens at
    its address on this computer (:class:`ResultHostRefusedError`: a demo server's old
    port), or the link is no address to fetch. Not a network down, a name not looked up, a
    connection that timed out or broke, or one another computer refused (a firewall, a
    proxy, a VPN down): those may be this computer's side, and pass, so KIE's "no record
    of the task" then does not end a job whose image KIE made (kie-api.md keeps a result
    14 days): it fetches the link again, and fails as a download, its Retry free, rather
    than as a task lost, whose Retry only sends the prompt anew, and is charged."""
    return isinstance(trouble, ResultHostRefusedError | MalformedReplyError)


def _ends_task(error: KieError) -> bool:
    """Whether a poll's ``error`` is KIE's word that the task brings no image: one of
    :data:`TASK_ENDED_CODES` in KIE's own envelope. The same bare HTTP status (a gateway's
    page) says nothing of the task, nor does a code about the account (401, 402), which
    the job waits out, saying why."""
    return error.answered and isinstance(error, TASK_ENDED_CODES)


def _still_generating(task_id: str) -> TaskRecord:
    """What a poll of a task too new to be visible yet is taken for: one still being made,
    so the job's time limit counts on as KIE's answer "not finished" does."""
    return TaskRecord(task_id=task_id, success_flag=SuccessFlag.GENERATING)


def _task_error(record: TaskRecord) -> KontextError:
    """The typed error for a task KIE reports as failed. Its errorCode 408 ("no result for
    over 10 minutes") is said as the time-out it is, and fails the job all the same: KIE
    ended the task, so asking about it again (a timed-out job's Retry) brings the same
    answer, where Retry sends the job anew, as for a generation KIE failed."""
    message = record.error_message  # KIE's own words, when it gave any
    if record.error_code == 400:
        return ContentPolicyError.said(message, code=400)
    if record.error_code == 408:
        return UpstreamTimeoutError.said(message, code=408)
    if record.error_code == 500:
        return ServerError.said(message, code=500)
    return GenerationFailedError.said(message, code=record.error_code)


def _maybe_paid_before(snap: Snapshot) -> bool:
    """Whether a send of ``snap``, queued again after KIE did not take its last try (as its
    row's kind says), may have been charged, as far as the row tells: one sent more than
    once may have been (a Resubmit), and so may an edit's, whose try may have been its
    reference's upload, refused before its generate was sent (uploads are not counted): at
    the count of the send before it, whose outcome may be unknown (a Resubmit). Before, a
    command's cancel of such an edit noted that nothing was charged."""
    return snap.submit_count > 1 or snap.request.image_path is not None


def _made_nothing_after_late_task(
    current: Snapshot, sent: Snapshot, fields: Mapping[str, Any]
) -> bool:
    """Whether ``current`` keeps the task of an earlier send with the note that ``sent``, its
    last send, cancelled while out, may have been charged as well
    (:meth:`JobEngine._keep_task_of_resent`), and ``sent``'s answer (its ``fields``,
    :func:`late_answer_fields`) shows it made nothing at KIE: the note then says only that
    KIE had taken the job, as it would had that answer come first."""
    return (
        current.state is JobState.CANCELLED
        and current.error_message == LATE_TASK_RESENT_NOTE
        and current.submit_count == sent.submit_count
        and "task_id" not in fields
        and fields["error_message"] != REFUSED_NOTE
    )


def _takes_late_task(current: Snapshot) -> bool:
    """Whether ``current``, a row sent again since the send a task was late for, keeps that
    task (:meth:`JobEngine._keep_task_of_resent`): stopped, failed or cancelled, with no task
    of its own, or waiting to be sent again (a command's Retry or Resubmit, its reference
    being uploaded, say): its send has not gone out, and taking the task, the job is not
    sent (and charged) again. One being sent is another send's; one unknown may have a
    task of its own."""
    return current.task_id is None and current.state in _TAKES_LATE_TASK


_TAKES_LATE_TASK = frozenset({JobState.FAILED, JobState.CANCELLED, *_BEFORE_SENDING})


def _sends(current: Snapshot, sent: Snapshot) -> bool:
    """Whether ``current``, the row read, is still ``sent``'s send: submitting, as many
    times, with no task."""
    return (current.state, current.submit_count, current.task_id) == (
        JobState.SUBMITTING,
        sent.submit_count,
        None,
    )


class _GivenUp(JobChanged):
    """A send whose job another process stopped while its request waited for a slot
    (:meth:`JobEngine._still_to_send`): it was not sent."""


@dataclass
class _Send:
    """A run's move of its job to submitting (:meth:`JobEngine._sending_step`): the
    submit_count it writes, and whether the write landed. Until it has, a row that says
    submitting under that count is another process's send."""

    count: int
    paid_before: bool = True
    """Whether a send of the job before this run may have been charged (a Resubmit after a
    send whose outcome is unknown); this run's own earlier tries were turned away."""
    written: bool = False
    task_id: str | None = None
    """The task KIE answered this send with, once it has (recorded or not)."""
    task_recorded: bool = False
    """Whether a row follows :attr:`task_id` now, written by this run."""

    def land(self, _moved: Snapshot) -> None:
        self.written = True

    def record(self, _followed: Snapshot) -> None:
        self.task_recorded = True

    @property
    def unrecorded_task(self) -> str | None:
        """The task KIE answered this send with while no row this run wrote follows it."""
        return None if self.task_recorded else self.task_id

    @property
    def landed_count(self) -> int | None:
        """The count written, once the write has landed; ``None`` before."""
        return self.count if self.written else None
