"""The watch of the rows of runs waiting between two steps (the next poll, a back-off).

Another process may cancel, delete or carry on a job while its run here waits: a command's
``cancel`` of the window's job, the window's Cancel of a command's job, a ``generate`` in
another terminal. Its run hears of it within about a second, not at its next step, which can
be many seconds away: one read of the library for all the waiting runs, every
:attr:`~kontext_studio.jobs.engine.EngineConfig.row_check_s`, never a question to KIE, ends
the wait of each whose row no longer says it follows the job.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from kontext_studio.errors import StorageError
from kontext_studio.jobs.states import JobState
from kontext_studio.store.ledger import JobChanged, Snapshot

log = logging.getLogger(__name__)

ReadRows = Callable[[list[int]], Awaitable[Mapping[int, Snapshot]]]
"""Reads the rows of some jobs (those that exist, by id), off the event loop's thread."""


class RowWatch:
    """The waits of the runs between two steps, and the task that reads their rows while
    any waits. ``read_rows``: how the rows are read; ``every_s``: how long to wait before
    each read, asked each time (the engine's config may be replaced while it runs)."""

    def __init__(self, read_rows: ReadRows, every_s: Callable[[], float]) -> None:
        self._read_rows = read_rows
        self._every_s = every_s
        self._waits: dict[int, _Wait] = {}
        self._watch: asyncio.Task[None] | None = None

    async def pause(self, snap: Snapshot, seconds: float) -> None:
        """Wait ``seconds`` between two steps of ``snap``'s run, and raise
        :class:`JobChanged` as soon as the row no longer says this run follows the job, as
        :meth:`~kontext_studio.jobs.engine.JobEngine._still_followed` does after a poll.
        Before, a job another process cancelled (a command's ``cancel`` of the window's job,
        or of a ``generate`` in another terminal) ran on here until the run's next step, and
        a task's first poll can be many seconds away. The rows are read by :meth:`_watch_rows`."""
        loop = asyncio.get_running_loop()
        wait = _Wait((snap.state, snap.task_id), loop.create_future())
        self._waits[snap.id] = wait
        if self._watch is None:
            self._watch = loop.create_task(self._watch_rows(), name="row-watch")
        try:
            await asyncio.wait({wait.changed}, timeout=seconds)
        finally:
            if self._waits.get(snap.id) is wait:
                del self._waits[snap.id]
            if not self._waits:
                self.stop()
        if wait.changed.done():
            raise JobChanged(snap.id, wait.changed.result())

    async def _watch_rows(self) -> None:
        """While runs wait between two steps (:meth:`pause`), read their rows at once, every
        ``every_s`` seconds, and end the wait of each whose row changed. Only the waits that
        began before a read are judged by it: a run's own write before its wait is in the
        row read. A read that fails says nothing of the jobs: they wait on, as they would
        have."""
        try:
            while self._waits:
                await asyncio.sleep(self._every_s())
                waits = dict(self._waits)
                try:
                    rows = await self._read_rows(list(waits))
                except StorageError:
                    log.warning("job rows not read", extra={"event": "rows_unread"})
                    continue
                except Exception:  # a bug must not stop the watch of every waiting run
                    log.exception("job rows not read", extra={"event": "rows_unread"})
                    continue
                for job_id, wait in waits.items():
                    wait.judge(rows.get(job_id))
        finally:
            if self._watch is asyncio.current_task():
                self._watch = None

    def stop(self) -> None:
        """Stop reading rows: no run waits (or the engine closes)."""
        if self._watch is not None:
            self._watch.cancel()
            self._watch = None


@dataclass(frozen=True)
class _Wait:
    """A run waiting between two steps (:meth:`RowWatch.pause`): the (state, task id) of
    the row it follows, and what the wait ends with once the row says otherwise (the row as
    it is now; ``None``: deleted)."""

    followed: tuple[JobState, str | None]
    changed: asyncio.Future[Snapshot | None]

    def judge(self, current: Snapshot | None) -> None:
        """End the wait when ``current``, the row read, is not the one followed."""
        if self.changed.done():
            return
        if current is None or (current.state, current.task_id) != self.followed:
            self.changed.set_result(current)
