"""How many requests to one host are in flight at once, found by watching their round trips.

httpcore's connection pool, on every request that starts or ends, asks each idle connection
whether the server closed it (two system calls, each letting go of the GIL) and matches every
queued request against every connection. With 200 jobs polling the loopback simulator that
bookkeeping was most of the engine's time, and the more requests in flight, the more of it.
More requests in flight only help while the network, not this process, is the slow part.

TCP Vegas's rule tells the two apart. A request whose round trip took ``rtt`` where the best
recent one of its kind took ``best`` spent about ``1 - best / rtt`` of its time queueing (in
this process or at the server) rather than travelling; with ``limit`` slots in use, about
``limit * (1 - best / rtt)`` requests are queued. After each round (``limit`` answers): few
queued while callers had to wait, one slot more; many queued, one slot fewer. Against the
loopback simulator that settles at a handful of slots; across the internet, where round trips
are long and steady, it climbs until every poll is on the wire, up to ``high``.

The round trip is compared per kind of request (record-info, generate, a result download),
because their honest durations differ: a generate that takes a second while polls take a
tenth is not a queue. The best is kept over a minute, not a few samples: under a steady load
every recent round trip includes the queue, and a short memory would take that as the floor
and let the limit creep up.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

INITIAL_SLOTS = 4
MIN_SLOTS = 2
MAX_SLOTS = 32
QUEUED_LOW = 2.0
QUEUED_HIGH = 4.0
BEST_RTT_WINDOW_S = 60.0


class _WindowMin:
    """The smallest value seen in the last ``window_s`` seconds, in O(1) per sample."""

    def __init__(self, window_s: float) -> None:
        self._window_s = window_s
        self._rising: deque[tuple[float, float]] = deque()

    def add(self, at: float, value: float) -> float:
        while self._rising and self._rising[-1][1] >= value:
            self._rising.pop()
        self._rising.append((at, value))
        while self._rising[0][0] < at - self._window_s:
            self._rising.popleft()
        return self._rising[0][1]


class AdaptiveConcurrency:
    """A first-come, first-served limit on requests in flight that adjusts itself."""

    def __init__(
        self,
        initial: int = INITIAL_SLOTS,
        *,
        low: int = MIN_SLOTS,
        high: int = MAX_SLOTS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not 1 <= low <= initial <= high:
            raise ValueError("slots must satisfy 1 <= low <= initial <= high")
        self.limit = initial
        self._low = low
        self._high = high
        self._clock = clock
        self._in_flight = 0
        self._waiters: deque[asyncio.Future[None]] = deque()
        self._best: dict[str, _WindowMin] = {}
        self._round_answers = 0
        self._round_ratio_sum = 0.0
        self._round_waited = False

    @property
    def in_flight(self) -> int:
        return self._in_flight

    @asynccontextmanager
    async def slot(self, kind: str) -> AsyncIterator[None]:
        """Hold one slot while the block runs; its duration is a round trip of ``kind``."""
        await self._acquire()
        started = self._clock()
        try:
            yield
        finally:
            self._in_flight -= 1
            self._observe(kind, self._clock() - started)
            self._grant()

    async def _acquire(self) -> None:
        if self._in_flight < self.limit and not self._waiters:
            self._in_flight += 1
            return
        self._round_waited = True
        granted = asyncio.get_running_loop().create_future()
        self._waiters.append(granted)
        try:
            await granted
        except asyncio.CancelledError:
            if granted.done() and not granted.cancelled():
                # The slot was handed over as the caller was cancelled: pass it on.
                self._in_flight -= 1
                self._grant()
            else:
                self._waiters.remove(granted)
            raise

    def _grant(self) -> None:
        while self._waiters and self._in_flight < self.limit:
            granted = self._waiters.popleft()
            if not granted.done():
                self._in_flight += 1
                granted.set_result(None)

    def _observe(self, kind: str, rtt: float) -> None:
        best = self._best.setdefault(kind, _WindowMin(BEST_RTT_WINDOW_S)).add(self._clock(), rtt)
        self._round_ratio_sum += best / rtt if rtt > 0 else 1.0
        self._round_answers += 1
        if self._round_answers >= self.limit:
            self._end_round()

    def _end_round(self) -> None:
        queued = self.limit * (1.0 - self._round_ratio_sum / self._round_answers)
        if queued < QUEUED_LOW and (self._round_waited or self._waiters):
            self.limit = min(self.limit + 1, self._high)
        elif queued > QUEUED_HIGH:
            self.limit = max(self.limit - 1, self._low)
        self._round_answers = 0
        self._round_ratio_sum = 0.0
        self._round_waited = False
