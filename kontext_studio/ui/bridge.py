"""The one channel from the engine to the widgets, and the funnel for background work.

The engine calls listeners on the event loop thread (the GUI thread under qasync); the bridge
re-emits each snapshot as a Qt signal so views update through ordinary signal/slot wiring.
Coroutines started from slots go through :meth:`Bridge.spawn`, which keeps a strong reference
to the task (so it is not garbage-collected mid-flight) and sends any error to one handler
that shows it to the artist and logs it. Once :meth:`Bridge.aclose` has begun it starts
nothing: the session it would use is about to close.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import re
from collections.abc import Callable, Collection, Coroutine, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from kontext_studio.cut_short import unended
from kontext_studio.errors import (
    JobGoneError,
    KontextError,
    PublishCancelledError,
    PublishError,
    StorageError,
)
from kontext_studio.explain import Explanation, explain
from kontext_studio.session import Session
from kontext_studio.store.ledger import Snapshot
from kontext_studio.ui.recent import Recent
from kontext_studio.ui.save_many import SaveRuns

if TYPE_CHECKING:
    from kontext_studio.ui.task_id_dialog import TaskIdDialog

log = logging.getLogger(__name__)

_SHIBOKEN_DELETED = re.compile(r"Internal C\+\+ object \(.*\) already deleted\.$")
"""What shiboken says of a C++ object deleted under its Python one."""

CLOSE_GRACE_S = 10.0
"""How long :meth:`Bridge.aclose` waits for the writes it lets finish and the work it
cancelled to end. Cancelled work ends in a moment; a task that never does has lost a step
(plain qasync drops one when a nested event loop runs inside a task; the app's loop holds
it instead, :mod:`kontext_studio.ui.event_loop`) and would keep the app from exiting."""

STORAGE = "storage"
"""The topic of an error of the disk or the library (:func:`error_topic`)."""
PUBLISH = "publish"
"""The topic of an error of publishing to, or unpublishing from, the R2 bucket."""
R2_SETTINGS = "r2_settings"
"""The topic of a publishing error the R2 settings put right (the keys, the bucket): shown as
one of :data:`PUBLISH`, with a button that opens them."""


def error_topic(error: BaseException) -> str:
    """What ``error`` from background work is about, for the window to give each its own
    banner: :data:`STORAGE`, :data:`PUBLISH`, or "" (anything else). Before, a publish
    error took the place of a disk that refused an image, never seen again, or the other
    way round."""
    if isinstance(error, PublishError):
        return PUBLISH
    if isinstance(error, StorageError):
        return STORAGE
    return ""


class DeletedHereError(JobGoneError):
    """An action found its artwork gone because a Delete of this window's deleted it
    (:meth:`Bridge.deleted_here`): nothing to say, the artist knows, and the Delete said
    what it deleted. Work the bridge runs (:meth:`Bridge.spawn`) that ends so ends without
    words. Before, a publish, a Star or a Resubmit said the artwork was "deleted by another
    program"."""


@dataclass(frozen=True, eq=False)  # words are what they were said of, not their text
class Said:
    """Words put on a window's banner (``topic`` as :attr:`Bridge.error`'s), whatever
    said them: a failure reported (:meth:`Bridge.report_said`), an Undo's refusal or
    news. The window shows them tagged with this very object and takes them down by it
    (``MessageBanner.holds``): matched by their words, two failures alike of different
    things (two refusals of one title, the same words from Generate and the library)
    were taken for each other, and words reworded or translated between saying and
    taking down were never taken down."""

    message: str
    hint: str
    topic: str = ""


@dataclass(frozen=True)
class DeleteSaid:
    """What the status bar's words said a Delete of the window's deleted as it ended
    (``JobActions._say_gone``), with those of the Deletes it was said together with: each
    artwork removed, with whether its image went to the trash, and those another program
    deleted meanwhile; ``at``, when (``time.monotonic``)."""

    went: tuple[tuple[Snapshot, bool], ...]
    elsewhere: tuple[Snapshot, ...]
    at: float


@dataclass
class _DeleteRun:
    """One Delete the artist confirmed (:meth:`Bridge.deleting_jobs`), kept until the last
    Delete of its kind (:attr:`trashes`) ends."""

    ids: frozenset[int]
    to_trash: frozenset[int]
    """Of :attr:`ids`, those whose image goes to the trash."""
    ended: int | None = None
    """Once it ended: how many of its artworks it was done with."""

    @property
    def trashes(self) -> bool:
        """Whether it moves images to the trash; if not, it deletes every artwork for good."""
        return bool(self.to_trash)


@dataclass(frozen=True)
class DeletesDone:
    """How far the Deletes of one kind the artist confirmed are (:meth:`Bridge.deletes_done`):
    how many artworks they were given and are done with, whether their images go to the
    trash, and whether some artworks (those without an image; all, of a Delete for good)
    go for good without."""

    count: int
    done: int
    to_trash: bool
    for_good: bool


class Bridge(QObject):
    """Engine events as Qt signals, plus the error funnel for background tasks."""

    job_changed = Signal(object)  # Snapshot
    """A copy of an artwork's row, newer than any told of it lately: told by
    :meth:`tell_changed` (the engine's, and every write the window makes)."""
    job_deleted = Signal(int)
    read_again = Signal(object)
    """The artworks asked about when another program's write had the library read again
    (the rows shown, and those :meth:`shows_artworks` gives), as read: a list of
    :class:`Snapshot`. Those it deleted are told :attr:`job_deleted` instead."""
    read_by_itself = Signal(object)
    """Once for each read of the library the window made by itself (another program's write,
    or reads that failed before): every artwork it gave, the query's rows and those
    :attr:`read_again` tells, and the library's newest where the query narrows it (a search,
    a filter), as a list of :class:`Snapshot`. Among them are the artworks the write added
    (a command's new job), which :attr:`read_again` does not tell, and the query may hide."""
    turn_changed = Signal(int)
    """A job began or stopped waiting its turn under KIE's rate (``JobEngine.waits_turn``)."""
    renumbered = Signal(object)
    """The new ids, by old id (a mapping), of the artworks an Undo of a Delete in any window
    on the session brought back (``JobEngine.renumbered``)."""
    told_together = Signal(bool)
    """Changes told as one (:meth:`together`) begin (True), or those of one operation end
    (False) while others told together may go on (:attr:`telling_together`)."""
    told_later = Signal()
    """The changes told over later turns of the loop (:meth:`tells_later`) are all told."""
    error = Signal(str, str, str, object)
    """Words to show: the message, what to do, the topic (:func:`error_topic`), and the
    :class:`Said` to take them down by (:meth:`report_said`), or None."""
    deleting_changed = Signal()
    """A Delete the artist confirmed began, deleted one of its artworks, or ended
    (:meth:`deletes_left`)."""
    closing = Signal()
    """Once, when :meth:`aclose` begins: views stop their own periodic work (timers that read
    the session), which would otherwise run until the window is deleted."""
    window_closed = Signal()
    """The window closed (``MainWindow.closed``; to switch mode too), well before its session
    does (:attr:`closing` waits for a Generate pressed to make its jobs, up to 30 s): a box
    it showed not modal goes with it, not with the session."""

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._tasks: set[asyncio.Task[Any]] = set()
        self._writes: set[asyncio.Task[Any]] = set()
        """Of :attr:`_tasks`, the writes :meth:`aclose` lets finish (:meth:`spawn`)."""
        self._closed = False
        self._together = 0
        self._telling_later: set[asyncio.Task[Any]] = set()
        self.deleting: set[int] = set()
        """The jobs a Delete the artist confirmed is deleting (:meth:`deleting_jobs`), until
        it ends: those told deleted, and those still to go."""
        self.awaiting_answer: set[int] = set()
        """The jobs a Retry or Resubmit the artist pressed (of one, or of several) waits for,
        before it carries them on, for the answer to a send of theirs cancelled while it was
        out (``JobActions``): a press again meanwhile, in either panel, is not a second one,
        Enter task ID opens no box, and the Use this task of a box open before checks
        nothing."""
        self.resubmitting: set[int] = set()
        """The jobs a Resubmit of several the artist answered is to send, until it ends: it
        may first wait (up to KIE's timeout) for the answer to another job's cancelled send,
        and a second Resubmit, or Enter task ID, pressed meanwhile leaves them, said so. Before,
        a second Resubmit asked again and sent one, and the first then sent it once more."""
        self.task_boxes: dict[int, TaskIdDialog] = {}
        """The Enter task ID box shown for each job, from either panel (``JobActions``), by
        id, until it closes: Enter task ID pressed again brings it up, never a second one,
        and so do Retry and Resubmit pressed while it checks a task ID, which send nothing."""
        self.stars: dict[int, tuple[bool, object]] = {}
        """The star each artwork is to have once the Stars pressed and not yet written and
        told are, by id, with the latest press that wants it (``JobActions``): a press
        meanwhile toggles that, not the window's copy, which says what the library held
        before those presses until their rows come back. Kept here, as :attr:`deleting`
        is, for the actions of any panel."""
        self.starring = asyncio.Lock()
        """Held by the Star being written: presses write one after the other, in the order
        pressed."""
        self.deletes_said: list[DeleteSaid] = []
        """What the Deletes of either panel said as they ended, while their words may still
        be up in the status bar: one ending after another that ended while it ran says
        what both deleted (``JobActions._say_gone``), and takes the place of its words
        here, so that each artwork is in one of them."""
        self._deletes_waited: list[asyncio.Future[None]] = []
        self._done_while_deleting: set[int] = set()
        """Of :attr:`deleting`, those told deleted (:attr:`job_deleted`) or passed over
        (:meth:`delete_passed_over`)."""
        self._delete_runs: list[_DeleteRun] = []
        """The Deletes :meth:`deletes_done` counts: those under way, and those that ended
        while another of their kind goes on."""
        self._deleted_here: set[int] = set()
        """The jobs the Deletes the artist confirmed deleted (:meth:`deleted_here`), kept
        once they end: ids are never given twice."""
        self.saves = SaveRuns(self)
        """The Saves of several images into a folder under way, of either panel
        (``JobActions``): the status bar says how far they are and stops them."""
        self._told: Recent[tuple[int, float]] = Recent()
        """The newest copy of each job told lately (its version; :meth:`tell_changed`)."""
        self.job_deleted.connect(self._told_deleted)
        self._shown_elsewhere: list[Callable[[], Iterable[int]]] = []
        self.close_grace_s = CLOSE_GRACE_S
        self._unsubscribe: list[Callable[[], None]] | None = [
            session.engine.subscribe(self.tell_changed),
            session.engine.turns.subscribe(self.turn_changed.emit),
            session.engine.renumbered.subscribe(self.renumbered.emit),
        ]

    def shows_artworks(self, ids: Callable[[], Iterable[int]]) -> None:
        """A part of the window shows artworks besides the library's grid (the Upload tab's
        rows, the count of jobs not sent): ``ids`` gives theirs. When another program's
        write has the library read again, those it deleted are told :attr:`job_deleted`, as
        the grid's are: only the artworks loaded in the grid were, and one the search hid
        or not scrolled to yet stayed in the Upload tab as in the library, in the count."""
        self._shown_elsewhere.append(ids)

    def artworks_shown_elsewhere(self) -> set[int]:
        """The ids every part of the window given to :meth:`shows_artworks` shows now."""
        return {job_id for ids in self._shown_elsewhere for job_id in ids()}

    @property
    def telling_together(self) -> bool:
        """Whether changes are told together (:meth:`together`) now."""
        return bool(self._together)

    def tells_later(self, task: asyncio.Task[Any]) -> None:
        """``task`` tells the views of changes over later turns of the loop, a few hundred
        at each (``JobActions``: Star or Add tags of thousands), until it is done: a view
        may put off until :attr:`told_later` what each of those turns would have it work
        out again over all it shows (:attr:`telling_later`)."""
        self._telling_later.add(task)
        task.add_done_callback(self._told_later)

    @property
    def telling_later(self) -> bool:
        """Whether changes are being told over later turns of the loop (:meth:`tells_later`)."""
        return bool(self._telling_later)

    def _told_later(self, task: asyncio.Task[Any]) -> None:
        self._telling_later.discard(task)
        if not self._telling_later and not self._closed:
            self.told_later.emit()

    @contextlib.contextmanager
    def together(self) -> Iterator[None]:
        """The changes told inside are one: a view may put off what they do to its layout
        until the last is told (the library takes the rows that leave out in runs, not one
        by one). Its end is told (:attr:`told_together`) even while another operation's
        go on: a Delete in the full view while a Delete of several ran kept its row until
        that one ended, and the full view, shown nothing a moment, closed."""
        self._together += 1
        if self._together == 1:
            self.told_together.emit(True)
        try:
            yield
        finally:
            self._together -= 1
            self.told_together.emit(False)

    @contextlib.contextmanager
    def deleting_jobs(
        self, job_ids: Collection[int], to_trash: Collection[int] = ()
    ) -> Iterator[None]:
        """Inside, the window deletes ``job_ids`` one after the other (the images of those in
        ``to_trash`` to the trash, the others for good) and tells :attr:`job_deleted` of
        each. A read of the library meanwhile (another program's write had the rows read
        again) that finds one gone is not to take it for that program's delete: the window
        said the command line deleted the artwork the artist just did, and told every view
        of it twice. Nor is an action pressed meanwhile to act on them
        (``JobActions``): their tiles stay in the grid a moment (``LibraryModel.GOING_MS``),
        and a second Delete deleted each of them again."""
        run = _DeleteRun(frozenset(job_ids), frozenset(to_trash))
        self.deleting.update(job_ids)
        self._delete_runs.append(run)
        self.deleting_changed.emit()
        try:
            yield
        finally:
            run.ended = len(self._done_while_deleting.intersection(job_ids))
            self.deleting.difference_update(job_ids)
            self._done_while_deleting.difference_update(job_ids)
            kind = [other for other in self._delete_runs if other.trashes is run.trashes]
            if all(other.ended is not None for other in kind):
                self._delete_runs = [
                    other for other in self._delete_runs if other.trashes is not run.trashes
                ]
            self.deleting_changed.emit()
            waited, self._deletes_waited = self._deletes_waited, []
            for ended in waited:
                if not ended.done():
                    ended.set_result(None)

    def deletes_left(self) -> int:
        """How many artworks the Deletes the artist confirmed have still to delete: closing
        the window stops them (Quit asks first)."""
        return len(self.deleting - self._done_while_deleting)

    def deletes_done(self) -> list[DeletesDone]:
        """How far the Deletes the artist confirmed are: those that move images to the
        trash, then those that delete for good, each kind counted apart, as the status bar
        says where each kind's go (``DeleteActivityLabel``): counted as one, a Delete for
        good beside one to the Trash was said to move its images there. How many artworks
        each kind was given, and how many of those it is done with (deleted, or passed
        over). Those of one that ended while another of its kind goes on stay counted until
        that ends: else "Deleting 5 artworks… 40 %" went back to "Deleting 3 artworks…
        0 %", the first of two ended."""
        kinds = []
        for trashes in (True, False):
            runs = [run for run in self._delete_runs if run.trashes is trashes]
            if not runs:
                continue
            count = sum(len(run.ids) if run.ended is None else run.ended for run in runs)
            left = sum(
                len(run.ids - self._done_while_deleting) for run in runs if run.ended is None
            )
            for_good = not trashes or any(run.ids - run.to_trash for run in runs)
            kinds.append(DeletesDone(count, count - left, trashes, for_good))
        return kinds

    def delete_passed_over(self, job_id: int) -> None:
        """A Delete the artist confirmed goes on leaving ``job_id`` in the library (the trash
        refused its image): not still to be deleted (:meth:`deletes_left`). Before, Quit
        asked meanwhile counted it among those the Delete had still to delete."""
        self._deleted(job_id)

    def deleted_here(self, job_id: int) -> bool:
        """Whether a Delete the artist confirmed in this window is deleting ``job_id``, or
        deleted it: an action that finds it gone says nothing (:class:`DeletedHereError`).
        Not those a read of the library found deleted by another program."""
        return job_id in self.deleting or self.went_here(job_id)

    def went_here(self, job_id: int) -> bool:
        """Whether a Delete the artist confirmed in this window deleted ``job_id``, whether
        that Delete ended or not: not one it has still to delete (:meth:`deleted_here`)."""
        return job_id in self._deleted_here

    def tell_changed(self, snapshot: Snapshot) -> None:
        """Tell :attr:`job_changed` of ``snapshot``, unless a newer copy of its row was told
        lately (:meth:`Snapshot.older_than`): one read before a write (a page or a check read
        in a worker thread, the engine's) and offered after the write's copy. The views
        that hold a copy compare them too; this keeps what only follows the changes (the
        status bar's word that KIE cannot be reached, the notices of jobs ended, the banner
        of refusals, an open dialog) from going back to what the row said before."""
        if self._told.older(snapshot.id, snapshot.version):
            return
        self._told.note(snapshot.id, snapshot.version)
        self.job_changed.emit(snapshot)

    def _told_deleted(self, job_id: int) -> None:
        self._told.forget(job_id)
        if job_id in self.deleting:  # no read of the library tells of these (deleting_jobs)
            self._deleted_here.add(job_id)
        self._deleted(job_id)

    def _deleted(self, job_id: int) -> None:
        if job_id in self.deleting:
            self._done_while_deleting.add(job_id)
            self.deleting_changed.emit()

    async def delete_ended(self, job_id: int) -> None:
        """Wait until no Delete of this window's is deleting ``job_id`` (:attr:`deleting`),
        whether it deleted it or failed: one that trashed the image may not delete the row."""
        while job_id in self.deleting:
            ended = asyncio.get_running_loop().create_future()
            self._deletes_waited.append(ended)
            await ended

    async def finish_deletes(self, ends: float, cut: asyncio.Event) -> int:
        """Wait for the Deletes under way to end, until the loop's time ``ends`` and no
        longer than until ``cut`` is set; returns how many artworks they had still to
        delete then (:meth:`deletes_left`)."""
        loop = asyncio.get_running_loop()
        while self.deleting and not cut.is_set() and (rest := ends - loop.time()) > 0:
            ended: asyncio.Future[None] = loop.create_future()
            self._deletes_waited.append(ended)
            await unended({ended}, rest, cut)
        return self.deletes_left()

    def spawn(
        self,
        coro: Coroutine[Any, Any, Any],
        *,
        on_done: Callable[[Any], None] | None = None,
        owner: QObject | None = None,
        view: QObject | None = None,
        write: bool = False,
    ) -> asyncio.Task[Any] | None:
        """Run ``coro`` in the background; errors reach :attr:`error` (not a
        :class:`DeletedHereError`: the Delete said it), results ``on_done``. After
        :meth:`aclose` began, ``coro`` is dropped unstarted and ``None`` returned.

        ``owner``: the object ``coro`` and ``on_done`` work for, when the work is only for
        it (a read whose rows it shows): deleted meanwhile (a panel torn down, a dialog
        closed), the task is cancelled, so what comes after its await never touches the
        deleted object. Before, that raised "Internal C++ object already deleted", which
        the artist saw as "Something went wrong". Not for work that must end whatever
        shows it (a write to the library). Deleted after the work was over and before its
        completion ran, too late for the cancel, the completion is dropped (:meth:`_settle`).

        ``view``: the object ``on_done`` shows the result in, when the work must end whatever
        shows it (a write: a style preset saved): deleted meanwhile (its window closed), the
        work runs on and its errors are still reported, and only ``on_done`` is dropped.

        ``write``: ``coro`` writes what the artist already saw as done (a Star, a Rename, an
        Undo, a Cancel confirmed, the settings saved, a prompt remembered): :meth:`aclose`
        lets it finish rather than cancel it. Before, a write still waiting its turn (a Star
        behind another, a prompt behind the one being written) or its thread was cancelled at
        Ctrl+Q, and the artist found it undone at the next start.
        """
        if self._closed:
            log.debug(
                "work after close dropped",
                extra={"event": "spawn_after_close", "work": getattr(coro, "__qualname__", "")},
            )
            coro.close()
            return None
        task = asyncio.get_event_loop().create_task(coro)
        self._tasks.add(task)
        if write:
            self._writes.add(task)
        task.add_done_callback(lambda t: self._settle(t, on_done, owner, view))
        if owner is not None:
            _cancel_with(task, owner)
        return task

    def _settle(
        self,
        task: asyncio.Task[Any],
        on_done: Callable[[Any], None] | None,
        owner: QObject | None,
        view: QObject | None,
    ) -> None:
        """Hand ``task``'s result to ``on_done``, or report its error. An ``owner`` deleted
        once the work was over and before this ran (its cancel came too late) takes nothing,
        as a cancelled one: ``on_done`` filled its deleted widgets, and "Internal C++ object
        already deleted" was reported as "Something went wrong". A deleted ``view`` takes
        no result, and its work's error is reported all the same."""
        self._tasks.discard(task)
        self._writes.discard(task)
        if task.cancelled():
            return
        error = task.exception()  # taken even when dropped: else the loop's handler shows it
        if owner is not None and not shiboken6.isValid(owner):
            if error is not None:
                _log_dropped(error)
            return
        if isinstance(error, DeletedHereError):
            log.debug("artwork deleted here", extra={"event": "deleted_here"})
        elif error is not None:
            self.report(error)
        elif on_done is not None and (view is None or shiboken6.isValid(view)):
            try:
                on_done(task.result())
            except Exception as failed:  # a done-callback's error would bypass the funnel
                self.report(failed)

    def report(
        self,
        error: BaseException,
        topic: str | None = None,
        words: Explanation | None = None,
        *,
        logged: bool = False,
        tag: Said | None = None,
    ) -> Explanation:
        """Log ``error`` and show it to the artist; returns the words used. ``topic``: what
        it is about, by default as :func:`error_topic` tells from its class (a publish that
        could not read its image is still about publishing). ``words``: what to say, by
        default :func:`explain`'s words for it. ``logged``: it was logged when it came (in
        another thread, or while no window was open), and is only shown. ``tag``: what the
        words are of, to take them down by (:meth:`report_said`)."""
        explanation = explain(error) if words is None else words
        if not logged:
            log_reported(error)
        shown = error_topic(error) if topic is None else topic
        self.error.emit(explanation.message, explanation.hint, shown, tag)
        return explanation

    def report_said(
        self, error: BaseException, topic: str | None = None, words: Explanation | None = None
    ) -> Said:
        """:meth:`report` ``error``, its words tagged: returns the :class:`Said` its banner
        holds, for whoever reported it to take that banner down by once what failed works
        again, not by its words, which another failure may share."""
        explanation = explain(error) if words is None else words
        shown = error_topic(error) if topic is None else topic
        said = Said(explanation.message, explanation.hint, shown)
        self.report(error, shown, explanation, tag=said)
        return said

    @property
    def closed(self) -> bool:
        """Whether :meth:`aclose` began: no more work starts."""
        return self._closed

    @property
    def busy(self) -> bool:
        """Whether any background coroutine started through :meth:`spawn` is still running."""
        return bool(self._tasks)

    async def wait_idle(self) -> None:
        """Return once every spawned coroutine (and any they spawned) has finished."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def aclose(self, cut: asyncio.Event | None = None, ends: float | None = None) -> None:
        """Stop listening, start no more work, let the writes finish (``spawn(write=True)``)
        and cancel the rest (reads, the network's work, which the engine takes up again at
        the next start); safe to call more than once. Work that has not ended by the loop's
        time ``ends`` (by default :attr:`close_grace_s` seconds from now: the window's close
        gives the time it began with, its one deadline for every wait), or once ``cut`` is
        set (a second stop signal: the artist wants the app gone now), is cancelled, logged
        and left (:data:`CLOSE_GRACE_S`): the close always finishes."""
        loop = asyncio.get_running_loop()
        if ends is None:
            ends = loop.time() + self.close_grace_s
        self._closed = True
        if self._unsubscribe is not None:
            for unsubscribe in self._unsubscribe:
                unsubscribe()
            self._unsubscribe = None
            self.closing.emit()
        for task in self._tasks - self._writes:
            task.cancel()
        if not self._tasks:
            return
        stuck = await unended(set(self._tasks), ends - loop.time(), cut)
        if stuck:
            unwritten = stuck & self._writes
            for task in unwritten:
                task.cancel()
            log.error(
                "work that never ended left at close",
                extra={
                    "event": "close_abandoned",
                    "work": sorted(map(_work_name, stuck)),
                    "unwritten": sorted(map(_work_name, unwritten)),
                    "cut": cut is not None and cut.is_set(),  # by a stop signal, not the time
                },
            )


def _cancel_with(task: asyncio.Task[Any], owner: QObject) -> None:
    """Cancel ``task`` once ``owner`` is destroyed; the connection goes with whichever ends
    first, so an owner living on does not keep every task it ran."""

    def cancel() -> None:
        task.cancel()

    owner.destroyed.connect(cancel)

    def ended(_task: asyncio.Task[Any]) -> None:
        if shiboken6.isValid(owner):
            owner.destroyed.disconnect(cancel)

    task.add_done_callback(ended)


def _log_dropped(error: BaseException) -> None:
    """Log the error of work whose owner was deleted, not shown (:meth:`Bridge._settle`):
    at debug when it is the work's answer to its owner's teardown, else as a warning, with
    a bug's traceback. Before, every one was at debug, which the log file leaves out: a bug
    in such work was never seen."""
    extra = {"event": "owner_gone_error", "error": type(error).__name__}
    if _stopped_by_teardown(error):
        log.debug("error of work for a deleted owner dropped", extra=extra)
    elif isinstance(error, KontextError):
        log.warning("work for a deleted owner failed", extra={**extra, "kind": error.kind})
    else:
        log.warning("work for a deleted owner failed", exc_info=error, extra=extra)


def _stopped_by_teardown(error: BaseException) -> bool:
    """Whether ``error`` is how work stopped as its owner went: a cancellation said as
    an error, or its owner's C++ object deleted under it (shiboken's "Internal C++ object
    (…) already deleted.", nothing else: a bug whose words speak of something "already
    deleted" is one). Not any error of a task the owner's deletion cancelled: a bug in
    what it does as it stops is a bug (before, it was taken for the teardown, at debug,
    and never seen)."""
    return isinstance(error, PublishCancelledError | concurrent.futures.CancelledError) or (
        isinstance(error, RuntimeError) and _SHIBOKEN_DELETED.search(str(error)) is not None
    )


def log_reported(error: BaseException) -> None:
    """Log ``error``, reported to the artist: a :class:`KontextError` as a warning (its kind
    says what failed), any other error with its traceback, as the bug it is."""
    if isinstance(error, KontextError):
        log.warning("action failed", extra={"event": "ui_error", "kind": error.kind})
    else:
        log.error("unexpected error", exc_info=error, extra={"event": "ui_crash"})


def _work_name(task: asyncio.Task[Any]) -> str:
    """What a task runs, for the log: its coroutine's name (tasks made by
    :meth:`Bridge.spawn` have no name of their own)."""
    return getattr(task.get_coro(), "__qualname__", task.get_name())


def snapshot_of(value: object) -> Snapshot:
    """Signals carry ``object``; this narrows it back for type checkers."""
    assert isinstance(value, Snapshot)
    return value
