"""The jobs that failed without reaching KIE, and the one action that sends them all again.

A network blip in the middle of a batch fails every queued job within seconds (KIE cannot be
reached: nothing was charged). Each could be retried on its own; this keeps count of
them from the engine's events and offers "Retry N jobs that were not sent", which sends each
once (:meth:`~kontext_studio.jobs.engine.JobEngine.retry_unsent`).
"""

from __future__ import annotations

import time
from functools import partial

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction

from kontext_studio.jobs.stopped import (
    kept_image_there,
    never_sent,
    reference_uploaded,
    upload_refused,
)
from kontext_studio.store.ledger import Snapshot
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.plain_text import plain_tooltip
from kontext_studio.ui.recent import Recent
from kontext_studio.ui.translations import grouped


class UnsentJobs(QObject):
    """Counts this mode's jobs that :func:`never_sent` says failed before reaching KIE.

    :attr:`changed` carries the count whenever it changes (the library's More menu offers
    them all); :attr:`failed_now` the count of those seen running in this window, when one
    has just joined them, and :attr:`now_changed` whenever that count changes. The window's
    banner tells of these once for a whole batch, and its button sends only these: jobs that
    failed before this window opened may be ones the artist gave up on, and sending them
    would charge for them without being asked.

    Not counted: a job an earlier send of which made its image, or is making it, kept as an
    artwork of its own (:func:`kept_image_there`), which the engine's
    :meth:`~kontext_studio.jobs.engine.JobEngine.retry_unsent` passes over (Retry of it alone
    asks first). Before, the banner counted it as it failed, and its button did nothing for
    it. Known from those artworks' own changes, read as the window opens, and again whenever
    another program's write has the library read again (:meth:`_read_again`): one a command
    kept is a new artwork, which no read of those the count asks about tells of."""

    changed = Signal(int)
    failed_now = Signal(int)
    now_changed = Signal(int)
    passed_over = Signal(int, int)
    """A press sent fewer jobs than it counted: how many it sent, and how many it found sent
    again or deleted meanwhile by another window or command (which this window had not yet
    read), which are no longer counted."""

    def __init__(self, bridge: Bridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._simulated = bridge.session.demo
        self._ids: set[int] = set()
        self._now: set[int] = set()  # of those, the ones seen running in this window
        self._uploaded: set[int] = set()  # of those, the ones whose reference KIE has
        self._refused: set[int] = set()  # of those, the ones whose reference it refused
        self._running: set[int] = set()
        # Artworks kept for late tasks of earlier sends that have their image or are making
        # it, to the job each was kept for: those jobs are not counted (:meth:`_note_kept`).
        self._kept: dict[int, int] = {}
        # The newest copy of each job told here lately (its version), and the jobs told
        # deleted lately (when; ids are never given twice), oldest first (:class:`Recent`).
        self._seen: Recent[tuple[int, float]] = Recent()
        self._gone: Recent[float] = Recent()
        self._read_only: set[int] = set()  # of those counted, the ones only a read told of
        self._held = ""  # why sending them is held (hold); empty while it is not
        # Of those counted, the ones a press here is sending: a second press (the banner's,
        # then More's) leaves them to it, rather than find them sent and blame another.
        self._pressed: set[int] = set()
        self.action = QAction(self)
        self.action.setObjectName("action_retry_unsent")
        self._tip = (
            self.tr("Send again, once each, the jobs that failed before reaching the demo server")
            if self._simulated
            else self.tr("Send again, once each, the jobs that failed before reaching KIE")
        )
        self.action.setToolTip(plain_tooltip(self._tip))
        self.action.triggered.connect(self.retry_all)
        self._show_count()
        bridge.job_changed.connect(self._job_changed)
        bridge.job_deleted.connect(self._job_deleted)
        bridge.read_again.connect(self._read_again)
        bridge.shows_artworks(lambda: self._ids | self._kept.keys())
        bridge.spawn(bridge.session.engine.unsent_jobs(), on_done=self._seed, owner=self)
        bridge.spawn(bridge.session.engine.kept_artworks(), on_done=self._seed_kept, owner=self)

    @property
    def count(self) -> int:
        """How many jobs :meth:`retry_all` sends."""
        return len(self._sendable(self._ids))

    @property
    def now_count(self) -> int:
        """How many jobs :meth:`retry_now` sends."""
        return len(self._sendable(self._now))

    def _sendable(self, job_ids: set[int]) -> set[int]:
        """Those of ``job_ids`` the engine sends again: not those with a kept image."""
        return job_ids.difference(self._kept.values())

    @property
    def uploaded_now(self) -> bool:
        """Whether a job of :meth:`retry_now`'s had its reference image uploaded to KIE
        before its send failed: "nothing was sent" is not true of that batch."""
        return bool(self._sendable(self._now) & self._uploaded)

    @property
    def refused_now(self) -> bool:
        """Whether every job of :meth:`retry_now`'s failed because KIE's upload service
        would not take its reference: KIE answered, so "cannot be reached" is not true."""
        now = self._sendable(self._now)
        return bool(now) and now <= self._refused

    def label(self, count: int) -> str:
        if count == 1:
            return self.tr("Retry 1 job that was not sent")
        return self.tr("Retry {count} jobs that were not sent").format(count=grouped(count))

    def hold(self, why: str) -> None:
        """Hold the action, saying ``why``; an empty ``why`` lets it go (as
        :meth:`~kontext_studio.ui.job_actions.JobActions.hold_sends` does a job's Retry)."""
        self._held = why
        self.action.setToolTip(plain_tooltip(why or self._tip))
        self._show_count()

    def retry_all(self) -> None:
        """Send each counted job again, once: the engine passes over any job retried or
        deleted meanwhile, so a second click sends nothing twice."""
        self._retry(self._sendable(self._ids))

    def retry_now(self) -> None:
        """Send again, once each, only the jobs that failed while this window ran them.
        Those it sends are no longer this window's news (:attr:`failed_now`): the rest of
        their batch failing after the press is, counted without them. Before, the press
        left them counted, and the window kept its banner away for the batch, the rest
        offered only in More. A send that failed (the library could not be written) gives
        them back (:meth:`_send`)."""
        sent = self._retry(self._sendable(self._now), now=True)
        if sent:
            self._now -= sent
            self.now_changed.emit(self.now_count)

    def _retry(self, job_ids: set[int], *, now: bool = False) -> set[int]:
        """Send ``job_ids`` again, each as its row is at the press: the engine reads each
        once more and sends only one still failed unsent, so one another window or command
        sent again (or deleted) since this window last read it is passed over, never sent
        twice; :meth:`_sent` counts again and says so (:attr:`passed_over`). Those it set
        out to send: none while sending is held, nor those a press is sending already.
        ``now``: they are :meth:`retry_now`'s, given back to it when the send fails."""
        asked = job_ids - self._pressed
        if not asked or self._held:
            return set()
        self._pressed |= asked
        self._bridge.spawn(self._send(asked, now=now), on_done=partial(self._sent, asked))
        return asked

    async def _send(
        self, asked: set[int], *, now: bool = False
    ) -> tuple[list[Snapshot], list[Snapshot]]:
        """The engine's send of ``asked``, and, when it passed some over, the artworks kept
        for late tasks as they are then (:meth:`_sent`); one that failed (the library busy,
        said as the bridge says any) leaves them to the next press."""
        engine = self._bridge.session.engine
        try:
            retried = await engine.retry_unsent(sorted(asked))
            passed = asked.difference(snapshot.id for snapshot in retried)
            return retried, await engine.kept_artworks() if passed else []
        except BaseException:
            self._pressed -= asked
            if now:
                self._give_back(asked)
            raise

    def _give_back(self, job_ids: set[int]) -> None:
        """The banner's press of ``job_ids`` (:meth:`retry_now`) sent none of them: those
        still counted are this window's news again, offered when the banner next comes.
        Before, the press had taken them out of its count for good, and the next job of
        the batch to fail raised "Retry 1 job", theirs left to More."""
        back = (job_ids & self._ids) - self._now
        if back:
            self._now |= back
            self.now_changed.emit(self.now_count)

    def _sent(self, asked: set[int], sent: tuple[list[Snapshot], list[Snapshot]]) -> None:
        """The press of ``asked`` sent the first of ``sent``. The others were passed over:
        those an earlier send of which has its image kept by another program meanwhile
        (the second of ``sent``, which this window had not heard of yet) stay counted apart,
        as any such (:meth:`_note_kept`); the rest were found sent again or deleted
        meanwhile, elsewhere, and are no longer counted. Before, the kept ones were said
        sent again or deleted, and dropped for good: not counted again once the kept
        artwork's task failed, with no image."""
        retried, kept = sent
        passed = asked.difference(snapshot.id for snapshot in retried)
        self._pressed -= passed
        self._seed_kept(kept)
        gone = passed.difference(self._kept.values())
        for job_id in gone:
            self._drop(job_id)
        if gone:
            self.passed_over.emit(len(retried), len(gone))

    def _seed(self, job_ids: list[int]) -> None:
        """The jobs that had failed so before this window opened (read off the GUI thread)."""
        self._ids.update(job_ids)
        self._show_count()

    def _seed_kept(self, kept: list[Snapshot]) -> None:
        """The artworks kept for late tasks of earlier sends, as read off the GUI thread
        (as the window opened, or for another program's write), but those changed or
        deleted here since the read."""
        for snapshot in kept:
            if snapshot.id in self._gone or self._seen.older(snapshot.id, snapshot.version):
                continue
            self._note_kept(snapshot)

    def _note_kept(self, snapshot: Snapshot) -> None:
        """``snapshot``, an artwork kept for a late task of an earlier send of a job
        (:attr:`Snapshot.made_for_job`), as it is now: while it has its image or is making
        it, that job is not counted; once its task failed (no image), it is again."""
        self._keep(snapshot.id, snapshot.made_for_job if kept_image_there(snapshot) else None)

    def _keep(self, artwork_id: int, job_id: int | None) -> None:
        """Note that ``artwork_id`` holds an image for ``job_id`` (None: no longer), and
        count again what that changes."""
        count, now = self.count, self.now_count
        if job_id is None:
            self._kept.pop(artwork_id, None)
        else:
            self._kept[artwork_id] = job_id
        if self.now_count != now:
            self.now_changed.emit(self.now_count)
        if self.count != count:
            self._show_count()

    def _job_changed(self, snapshot: Snapshot) -> None:
        if snapshot.simulated is not self._simulated:
            return
        self._seen.note(snapshot.id, snapshot.version)
        ran_here = snapshot.id in self._running
        if snapshot.made_for_job is not None:
            self._note_kept(snapshot)
        if snapshot.state.is_active:
            self._running.add(snapshot.id)
        else:
            self._running.discard(snapshot.id)
        if never_sent(snapshot):
            joined = snapshot.id not in self._ids or snapshot.id in self._read_only
            self._read_only.discard(snapshot.id)
            if ran_here:  # failed again after a press sent it: the next press sends it
                self._pressed.discard(snapshot.id)
            self._count(snapshot)
            if joined and ran_here:
                self._now.add(snapshot.id)
                if snapshot.id in self._sendable(self._now):  # not one the button passes over
                    self.now_changed.emit(self.now_count)
                    self.failed_now.emit(self.now_count)
        else:
            self._drop(snapshot.id)

    def _read_again(self, snapshots: list[Snapshot]) -> None:
        """Another program's write had the library read again (``Bridge.read_again``): the
        counted jobs it sent again (``kontext-studio retry``) are not counted. Before, More
        went on offering to send them, and its Retry sent nothing. Those it read failed
        unsent are counted, as the count of a window opening then would (one the command
        line sent again in vain was dropped for good), but are no news of this window's
        (:attr:`failed_now`). A copy older than this window's last change of the job is
        passed over: read before this window failed it (the command line's jobs failing
        in the same network blip had the library read again), it showed the job still
        being sent, and dropped it. So is a copy of a job deleted since: read before the
        delete, it showed the job failed unsent, and counted it again for good. The
        engine's word of a job counted so is still news (:meth:`_job_changed`): a read made
        just after it wrote the failure of a job this window ran could tell of it first."""
        if self._ids:  # a command may have kept a late answer for one counted
            self._bridge.spawn(
                self._bridge.session.engine.kept_artworks(), on_done=self._seed_kept, owner=self
            )
        for snapshot in snapshots:
            if snapshot.simulated is not self._simulated or snapshot.id in self._gone:
                continue
            if self._seen.older(snapshot.id, snapshot.version):
                continue
            if snapshot.made_for_job is not None:
                self._note_kept(snapshot)
            if never_sent(snapshot):
                if snapshot.id not in self._ids:
                    self._read_only.add(snapshot.id)
                    self._count(snapshot)
            elif snapshot.id in self._ids:
                self._drop(snapshot.id)

    def _count(self, snapshot: Snapshot) -> None:
        """Count ``snapshot``, which :func:`never_sent` says failed before reaching KIE."""
        self._ids.add(snapshot.id)
        if reference_uploaded(snapshot):
            self._uploaded.add(snapshot.id)
        if upload_refused(snapshot):
            self._refused.add(snapshot.id)
        self._show_count()

    def _job_deleted(self, job_id: int) -> None:
        self._seen.forget(job_id)
        self._gone.note(job_id, time.time())
        self._keep(job_id, None)
        self._drop(job_id)

    def _drop(self, job_id: int) -> None:
        self._pressed.discard(job_id)
        self._read_only.discard(job_id)
        self._uploaded.discard(job_id)
        self._refused.discard(job_id)
        count, now = self.count, self.now_count
        self._now.discard(job_id)
        self._ids.discard(job_id)
        if self.now_count != now:
            self.now_changed.emit(self.now_count)
        if self.count != count:
            self._show_count()

    def _show_count(self) -> None:
        count = self.count
        self.action.setText(self.label(count))
        self.action.setVisible(count > 0)
        self.action.setEnabled(count > 0 and not self._held)
        self.changed.emit(count)
