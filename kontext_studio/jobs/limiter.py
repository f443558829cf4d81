"""A sliding-window limiter for KIE's "20 new generation requests per 10 s" rule.

KIE counts a request when it arrives, which is somewhere between our send and its answer. A
slot therefore counts as "now" for as long as the request is in flight and is dated by the
moment its answer came back, the latest time the server can have counted it. That keeps a burst
under the limit without a safety margin guessed from network latency.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress


class SlidingWindowLimiter:
    """At most ``limit`` requests in any ``window_s`` seconds, shared by every job."""

    def __init__(
        self, limit: int, window_s: float, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if limit < 1 or window_s <= 0:
            raise ValueError("limit must be >= 1 and window positive")
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._done: deque[float] = deque()
        self._in_flight = 0
        self._changed = asyncio.Condition()
        self._wakers: set[asyncio.Task[None]] = set()

    def _expire(self, now: float) -> None:
        while self._done and self._done[0] <= now - self.window_s:
            self._done.popleft()

    def _wait_time(self) -> float | None:
        """Seconds until a slot frees by time alone; None when only an answer can free one."""
        now = self._clock()
        self._expire(now)
        if len(self._done) + self._in_flight < self.limit:
            return 0.0
        if not self._done:
            return None
        return self._done[0] + self.window_s - now

    @asynccontextmanager
    async def slot(
        self,
        waits: Callable[[bool], None] | None = None,
        held: Callable[[], bool] | None = None,
    ) -> AsyncIterator[None]:
        """Hold a slot for one request; it is dated when the block exits. ``waits`` is told
        ``True`` when the request must wait for a slot (the limit is reached) and ``False``
        when that wait ends (the slot is had, or the wait is cancelled); nothing when a
        slot is free at once. While ``held`` says so, the request does not take a slot even
        when one is free (the others waiting go first): it waits until :meth:`changed` is
        called with ``held`` saying otherwise."""
        async with self._changed:
            waited = False
            try:
                while (wait := self._wait_time()) != 0.0 or (held is not None and held()):
                    if wait == 0.0:
                        wait = None  # free, but held: until the hold ends
                    if waits is not None and not waited:
                        waits(True)
                    waited = True
                    # asyncio.timeout, not wait_for: wait_for runs the wait in a task of its
                    # own, and a cancel (app exit) arriving as its timeout fires left that
                    # task to take the lock back after this block had released it; the lock
                    # stayed held and every job waiting for a slot hung (Python 3.11).
                    with suppress(TimeoutError):
                        async with asyncio.timeout(wait):
                            await self._changed.wait()
            finally:
                if waits is not None and waited:
                    waits(False)
            self._in_flight += 1
        try:
            yield
        finally:
            # No await before the books are right: a cancel arriving here (app exit, the
            # artist's Cancel) must neither leak the slot nor stop the caller from recording
            # what the request returned. Waiters are woken from a separate task.
            self._in_flight -= 1
            self._done.append(self._clock())
            self.changed()

    def changed(self) -> None:
        """Have the requests waiting look again (a ``held`` of :meth:`slot` changed)."""
        waker = asyncio.get_running_loop().create_task(self._wake())
        self._wakers.add(waker)
        waker.add_done_callback(self._wakers.discard)

    async def _wake(self) -> None:
        async with self._changed:
            self._changed.notify_all()
