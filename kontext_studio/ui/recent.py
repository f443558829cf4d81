"""What was told of each job lately, kept against reads of the library made before it.

A read of the library (a page or a check in a worker thread, the engine's, a read again
after another program's write) can come back after a write made meanwhile was told. What
follows changes keeps the newest it was told of each job for as long as such a read can
still come back, not for as long as the window stays open: kept for good, it grew with
every job of the day.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Generic, TypeVar

REMEMBERED_S = 120.0
"""How long a job's last change, or its delete, is remembered against reads of the library
made before it: such a read comes back within seconds."""

_Noted = TypeVar("_Noted", float, tuple[int, float])
"""What :class:`Recent` notes of a job: a moment, or a copy's ``Snapshot.version``."""


class Recent(Generic[_Noted]):
    """What was noted of each job lately, newest last, each forgotten (as another is noted)
    once it was noted more than :data:`REMEMBERED_S` ago: by then no read of the library
    made before it can still come back. Forgotten by when it was noted, not by the copy's
    ``updated_at``, which a note leaves as it was."""

    def __init__(self) -> None:
        self.noted: dict[int, tuple[_Noted, float]] = {}
        """By job, what was noted (the newest of what was) and when."""

    def note(self, job_id: int, value: _Noted) -> None:
        was = self.noted.pop(job_id, None)
        now = time.time()
        self.noted[job_id] = (value if was is None else max(value, was[0]), now)
        horizon = now - REMEMBERED_S
        while (oldest := next(iter(self.noted))) != job_id and self.noted[oldest][1] < horizon:
            del self.noted[oldest]

    def get(self, job_id: int) -> _Noted | None:
        found = self.noted.get(job_id)
        return None if found is None else found[0]

    def older(self, job_id: int, value: _Noted) -> bool:
        """Whether ``value`` is older than what was noted of ``job_id`` lately: a copy read
        before the one noted, or a moment before it."""
        noted = self.get(job_id)
        return noted is not None and value < noted

    def forget(self, job_id: int) -> None:
        self.noted.pop(job_id, None)

    def __contains__(self, job_id: int) -> bool:
        return job_id in self.noted

    def __iter__(self) -> Iterator[int]:
        return iter(self.noted)
