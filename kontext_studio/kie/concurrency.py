"""How many requests an HTTP client has in flight at once, found by watching round trips.

httpcore's connection pool, on every request that starts or ends, asks each idle connection
whether the server closed it (two system calls, each letting go of the GIL) and matches every
queued request against every connection. With 200 jobs polling the loopback simulator that
bookkeeping was most of the engine's time, and the more requests in flight, the more of it.
More requests in flight only help while the network, not this process, is the slow part.

Two signals tell which it is. TCP Vegas's rule: a request whose round trip took ``rtt``
where the best recent one of its kind took ``best`` spent about ``1 - best / rtt`` of its
time queueing rather than travelling, so with ``n`` requests in flight about
``n * (1 - best / rtt)`` of them are queued. But jitter on a long link looks the same
(200-400 ms round trips read as a third queued), so the rule only closes slots while this
thread is busy, more than half of the round's time on the CPU: then the queue is ours.

After each round (``limit`` answers and at least :data:`ROUND_MIN_S`): one slot fewer if
many requests queued on a busy thread; otherwise, if callers had to wait, one more when few
queued or this thread had time to spare; and if nobody waited and two slots or more stood
unused all round, one fewer (each slot once used keeps a connection open, and every idle one
is checked on every request). Against the loopback simulator that settles at a handful of
slots; across the internet, where this thread is idle, it climbs while callers wait, up to
``high``.

The round trip is compared per kind of request (record-info, a result download), because
their honest durations differ. The best is kept over a minute, not a few samples: under a
steady load every recent round trip includes the queue, and a short memory would take that
as the floor and let the limit creep up; on a busy thread, once no answer has come near the
best for half a minute, the limit drops to ``low`` for a round so that fresh answers can
show it again. Only answers to requests sent under the current limit decide its next step,
and only real answers count: a refused connection, a cancelled request or an error status
is not a round trip of the request's work.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

INITIAL_SLOTS = 4
MIN_SLOTS = 2
MAX_SLOTS = 32
QUEUED_LOW = 2.0
QUEUED_HIGH = 4.0
BUSY = 0.5
"""Share of a round's wall time this thread spent on the CPU above which the queue is ours."""
ROUND_MIN_S = 0.05
"""Rounds shorter than this would measure CPU time below the clock's resolution (Windows:
15.6 ms) and move the limit faster than the answers can show an effect."""
BEST_RTT_WINDOW_S = 60.0
CONFIRM = 1.1
"""An answer within 10 % of the best shows that the best still holds."""
PROBE_EVERY_S = BEST_RTT_WINDOW_S / 2
"""On a busy thread every answer waits in our queue, so no fresh sample shows the best round
trip, and once the old best leaves the window the limit would creep up. Vegas's remedy: when
no answer has come near the best for this long, drop to ``low`` for a round, so that a few
answers travel with little queue ahead of them."""


class _WindowMin:
    """The smallest value seen in the last ``window_s`` seconds, in O(1) per sample, and when
    a sample last came within :data:`CONFIRM` of it."""

    def __init__(self, window_s: float) -> None:
        self._window_s = window_s
        self._rising: deque[tuple[float, float]] = deque()
        self.confirmed_at = 0.0

    def add(self, at: float, value: float) -> float:
        while self._rising and self._rising[-1][1] >= value:
            self._rising.pop()
        self._rising.append((at, value))
        while self._rising[0][0] < at - self._window_s:
            self._rising.popleft()
        best = self._rising[0][1]
        if value <= best * CONFIRM:
            self.confirmed_at = at
        return best


@dataclass
class Trip:
    """One request's hold on a slot. ``counts = False``: its time is no round trip of the
    work (an error status answered at once by an edge server), so it must not become the
    best against which the others are judged."""

    counts: bool = True
    queued: bool = False
    """Whether the request waited for its slot: whoever asked for it may have given it up
    meanwhile (:meth:`~kontext_studio.kie.client.KieClient.generate`'s ``still_wanted``)."""


class AdaptiveConcurrency:
    """A limit on requests in flight that adjusts itself: first come, first served, with the
    urgent lane served before the other.

    ``clock`` times round trips; ``cpu_clock`` is this thread's CPU time (both injectable
    for tests on virtual time).
    """

    def __init__(
        self,
        initial: int = INITIAL_SLOTS,
        *,
        low: int = MIN_SLOTS,
        high: int = MAX_SLOTS,
        clock: Callable[[], float] = time.perf_counter,
        cpu_clock: Callable[[], float] = time.thread_time,
    ) -> None:
        if not 1 <= low <= initial <= high:
            raise ValueError("slots must satisfy 1 <= low <= initial <= high")
        self.limit = initial
        self._low = low
        self._high = high
        self._clock = clock
        self._cpu_clock = cpu_clock
        self._in_flight = 0
        self._waiters: deque[asyncio.Future[None]] = deque()
        self._urgent: deque[asyncio.Future[None]] = deque()
        self._best: dict[str, _WindowMin] = {}
        self._round_started: tuple[float, float] | None = None
        self._probed_at = clock()
        self._round_answers = 0
        self._round_ratio_sum = 0.0
        self._round_waited = False
        self._round_peak = 0
        self._epoch = 0
        self._best_is_old = False

    @property
    def in_flight(self) -> int:
        return self._in_flight

    @asynccontextmanager
    async def slot(self, kind: str, *, urgent: bool = False) -> AsyncIterator[Trip]:
        """Hold one slot while the block runs; if it ends normally and the :class:`Trip`
        still counts, its duration is a round trip of ``kind``. ``urgent`` callers are served
        before the others that wait."""
        queued = await self._acquire(self._urgent if urgent else self._waiters)
        started, epoch = self._clock(), self._epoch
        trip = Trip(queued=queued)
        answered = False
        try:
            yield trip
            answered = trip.counts
        finally:
            self._in_flight -= 1
            try:
                if answered:
                    self._observe(kind, started, epoch)
            finally:
                self._grant()

    async def _acquire(self, queue: deque[asyncio.Future[None]]) -> bool:
        """Take a slot, waiting in ``queue`` while none is free; whether it waited."""
        ahead = self._urgent if queue is self._urgent else (self._urgent or self._waiters)
        if self._in_flight < self.limit and not ahead:
            self._in_flight += 1
            self._round_peak = max(self._round_peak, self._in_flight)
            return False
        self._round_waited = True
        granted = asyncio.get_running_loop().create_future()
        queue.append(granted)
        try:
            await granted
        except asyncio.CancelledError:
            if granted.done() and not granted.cancelled():
                # The slot was handed over as the caller was cancelled: pass it on.
                self._in_flight -= 1
                self._grant()
            elif granted in queue:  # a release may have dropped it already
                queue.remove(granted)
            raise
        return True

    def _grant(self) -> None:
        for queue in (self._urgent, self._waiters):
            while queue and self._in_flight < self.limit:
                granted = queue.popleft()
                if not granted.done():
                    self._in_flight += 1
                    self._round_peak = max(self._round_peak, self._in_flight)
                    granted.set_result(None)

    def _observe(self, kind: str, started: float, epoch: int) -> None:
        now = self._clock()
        rtt = now - started
        if rtt <= 0:
            return
        if self._round_started is None:  # on the loop's thread, whose CPU time is measured
            self._round_started = (now, self._cpu_clock())
        window = self._best.setdefault(kind, _WindowMin(BEST_RTT_WINDOW_S))
        best = window.add(now, rtt)
        self._best_is_old |= now - window.confirmed_at >= PROBE_EVERY_S
        if epoch != self._epoch:  # sent under another limit: says nothing about this one
            return
        self._round_ratio_sum += best / rtt
        self._round_answers += 1
        wall_started, cpu_started = self._round_started
        if self._round_answers >= self.limit and now - wall_started >= ROUND_MIN_S:
            self._end_round(now, wall_started, cpu_started)

    def _end_round(self, now: float, wall_started: float, cpu_started: float) -> None:
        cpu_now = self._cpu_clock()
        busy = (cpu_now - cpu_started) / (now - wall_started) >= BUSY
        queued = self._round_peak * (1.0 - self._round_ratio_sum / self._round_answers)
        waited = self._round_waited or bool(self._waiters or self._urgent)
        limit = self.limit
        if busy and self._best_is_old and now - self._probed_at >= PROBE_EVERY_S:
            self._probed_at = now
            self._best_is_old = False
            self.limit = self._low
        elif busy and queued > QUEUED_HIGH:
            self.limit = max(self.limit - 1, self._low)
        elif waited and (queued < QUEUED_LOW or not busy):
            self.limit = min(self.limit + 1, self._high)
        elif not waited and self._round_peak < self.limit - 1:
            self.limit = max(self.limit - 1, self._low)
        if self.limit != limit:
            self._epoch += 1
        self._round_started = (now, cpu_now)
        self._round_peak = self._in_flight
        self._round_answers = 0
        self._round_ratio_sum = 0.0
        self._round_waited = False
