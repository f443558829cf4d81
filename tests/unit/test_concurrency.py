"""The adaptive limit on requests in flight: fair, cancel-safe, and it finds its level."""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Callable
from typing import Any

import pytest

from kontext_studio.kie.concurrency import MAX_SLOTS, AdaptiveConcurrency, _WindowMin


async def test_never_more_in_flight_than_the_limit_and_first_come_first_served():
    slots = AdaptiveConcurrency(3, low=3, high=3)
    entered: list[int] = []
    most = 0

    async def request(i: int) -> None:
        nonlocal most
        async with slots.slot("poll"):
            entered.append(i)
            most = max(most, slots.in_flight)
            await asyncio.sleep(0.005)

    await asyncio.gather(*(request(i) for i in range(12)))
    assert most == 3
    assert entered == list(range(12))
    assert slots.in_flight == 0


class OneSlot:
    """A limit of one slot, who got it in turn, and a holder that keeps it until released."""

    def __init__(self) -> None:
        self.slots = AdaptiveConcurrency(1, low=1, high=1)
        self.release = asyncio.Event()
        self.served: list[str] = []

    async def hold(self) -> None:
        async with self.slots.slot("poll"):
            await self.release.wait()

    async def take(self, name: str, urgent: bool = False) -> None:
        async with self.slots.slot("poll", urgent=urgent):
            self.served.append(name)
            await asyncio.sleep(0)


async def test_an_urgent_caller_goes_before_those_already_waiting():
    """A generate, whose job is already marked as sending, does not queue behind polls."""
    one = OneSlot()
    first = asyncio.create_task(one.hold())
    await asyncio.sleep(0)
    callers = [asyncio.create_task(one.take(f"poll {i}")) for i in range(3)]
    await asyncio.sleep(0)
    callers.append(asyncio.create_task(one.take("generate", urgent=True)))
    await asyncio.sleep(0)
    one.release.set()
    await asyncio.gather(first, *callers)
    assert one.served == ["generate", "poll 0", "poll 1", "poll 2"]


@pytest.mark.parametrize("urgent", [False, True])
async def test_a_cancelled_waiter_gives_its_turn_to_the_next(urgent: bool):
    one = OneSlot()
    first = asyncio.create_task(one.hold())
    await asyncio.sleep(0)
    cancelled = asyncio.create_task(one.take("cancelled", urgent=urgent))
    later = asyncio.create_task(one.take("later"))
    await asyncio.sleep(0)
    cancelled.cancel()
    one.release.set()
    await asyncio.wait_for(asyncio.gather(first, later), 1.0)
    assert one.served == ["later"]
    assert cancelled.cancelled()
    assert one.slots.in_flight == 0


async def test_a_slot_handed_to_a_task_cancelled_before_it_ran_is_passed_on():
    slots = AdaptiveConcurrency(1, low=1, high=1)
    served: list[str] = []
    tasks: dict[str, asyncio.Task[None]] = {}

    async def holder() -> None:
        async with slots.slot("poll"):
            await asyncio.sleep(0.01)
        # The slot went to "granted" as this block ended; it has not run yet.
        tasks["granted"].cancel()

    async def waiter(name: str) -> None:
        async with slots.slot("poll"):
            served.append(name)

    first = asyncio.create_task(holder())
    await asyncio.sleep(0)
    tasks["granted"] = asyncio.create_task(waiter("granted"))
    later = asyncio.create_task(waiter("later"))
    await asyncio.wait_for(asyncio.gather(first, later), 1.0)
    assert served == ["later"]
    assert tasks["granted"].cancelled()
    assert slots.in_flight == 0


async def test_a_waiter_cancelled_as_a_slot_frees_ends_cancelled():
    """Cancel and a release in the same tick: the release drops the cancelled waiter first."""
    slots = AdaptiveConcurrency(1, low=1, high=1)
    tasks: dict[str, asyncio.Task[None]] = {}

    async def holder() -> None:
        async with slots.slot("poll"):
            await asyncio.sleep(0.01)
            tasks["victim"].cancel()

    async def waiter() -> None:
        async with slots.slot("poll"):
            pass

    first = asyncio.create_task(holder())
    await asyncio.sleep(0)
    tasks["victim"] = asyncio.create_task(waiter())
    await first
    outcome = await asyncio.gather(tasks["victim"], return_exceptions=True)
    assert isinstance(outcome[0], asyncio.CancelledError)
    assert slots.in_flight == 0
    async with slots.slot("poll"):  # and the slot is free
        assert slots.in_flight == 1


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    """Sleeps take no real time: the loop's clock jumps to the next timer."""

    def __init__(self) -> None:
        super().__init__()
        self.now = 0.0
        select = self._selector.select  # type: ignore[attr-defined]

        def jump(timeout: float | None = None) -> Any:
            if timeout:
                self.now += timeout
            return select(0)

        self._selector.select = jump  # type: ignore[attr-defined]

    def time(self) -> float:
        return self.now


def pollers(
    rtt: Callable[[AdaptiveConcurrency, str], float],
    *,
    busy: bool,
    callers: int = 200,
    seconds: float = 120.0,
    kind: Callable[[int], str] = lambda i: "poll",
    fails: Callable[[int], bool] = lambda n: False,
    failure: str = "refused",
    initial: int = 4,
) -> list[int]:
    """``callers`` jobs polling back to back for ``seconds`` of virtual time; the limit every
    second. ``busy``: this thread is on the CPU all the time (the queue is ours) or never."""
    loop = VirtualTimeLoop()
    limits: list[int] = []

    async def main() -> None:
        slots = AdaptiveConcurrency(
            initial, clock=loop.time, cpu_clock=loop.time if busy else lambda: 0.0
        )
        answers = 0

        async def caller(i: int) -> None:
            nonlocal answers
            while loop.time() < seconds:
                with contextlib.suppress(ConnectionError):
                    async with slots.slot(kind(i)) as trip:
                        answers += 1
                        if fails(answers):
                            await asyncio.sleep(0.001)
                            if failure == "refused":
                                raise ConnectionError
                            trip.counts = False  # a 502 from the edge
                            continue
                        await asyncio.sleep(rtt(slots, kind(i)))

        async def sample() -> None:
            while loop.time() < seconds:
                limits.append(slots.limit)
                await asyncio.sleep(1.0)

        await asyncio.gather(sample(), *(caller(i) for i in range(callers)))

    try:
        loop.run_until_complete(main())
    finally:
        loop.close()
    return limits


def test_jittery_long_round_trips_on_an_idle_thread_open_every_slot():
    """Across the internet: 200-400 ms round trips, this thread idle. Jitter is not our
    queue, and more in flight means more polls answered."""
    jitter = random.Random(7)
    limits = pollers(lambda *_: jitter.uniform(0.2, 0.4), busy=False)
    assert limits[-1] == MAX_SLOTS
    assert limits.index(MAX_SLOTS) < 60


def test_a_busy_thread_whose_round_trips_grow_with_the_load_closes_slots():
    """Loopback: the time is spent here, so each request in flight adds to everyone's wait."""
    limits = pollers(lambda slots, _: 0.002 * slots.in_flight, busy=True, initial=16)
    assert max(limits[-30:]) <= 6
    assert min(limits) >= 2


def test_a_busy_thread_with_steady_round_trips_still_opens_slots():
    limits = pollers(lambda *_: 0.1, busy=True, seconds=30.0)
    assert limits[-1] == MAX_SLOTS


def test_slots_nobody_needs_are_given_back():
    """Three jobs polling: each slot left open keeps an idle connection that the pool checks
    on every request."""
    limits = pollers(lambda *_: 0.1, busy=False, callers=3, seconds=30.0, initial=16)
    assert limits[-1] <= 4


def test_kinds_are_compared_with_their_own_best():
    """Result downloads of a second next to polls of a tenth are not a queue."""
    limits = pollers(
        lambda _, kind: 1.0 if kind == "download" else 0.1,
        busy=True,
        seconds=60.0,
        kind=lambda i: "poll" if i % 10 == 0 else "download",
    )
    assert limits[-1] == MAX_SLOTS


@pytest.mark.parametrize("failure", ["refused", "error status"])
def test_a_request_that_failed_at_once_is_not_the_best_round_trip(failure: str):
    """A refused connection or an edge server's 502 ends in a millisecond: taken as the floor,
    every honest answer would look queued and the slots would close."""
    limits = pollers(
        lambda *_: 0.1, busy=True, seconds=30.0, fails=lambda n: n % 50 == 0, failure=failure
    )
    assert limits[-1] == MAX_SLOTS


def test_bounds_are_checked():
    with pytest.raises(ValueError):
        AdaptiveConcurrency(1, low=2, high=4)


def test_the_best_round_trip_is_the_least_of_the_window_and_forgets_older_samples() -> None:
    """The window min holds only samples that may still become the least: a day of answers
    must not pile up in it."""
    best = _WindowMin(window_s=10.0)
    assert best.add(0.0, 0.5) == 0.5
    assert best.add(1.0, 0.2) == 0.2
    for second in range(2, 10):
        assert best.add(float(second), 0.2 + second / 100) == 0.2
    assert best.add(11.5, 0.9) == 0.22  # the 0.2 of t=1 has left the window, t=2 is next
    for second in range(12, 3600):
        best.add(float(second), 0.3 + (second % 7) / 100)
    assert len(best._rising) <= 10
