"""The adaptive limit on requests in flight: fair, cancel-safe, and it finds its level."""

from __future__ import annotations

import asyncio

import pytest

from kontext_studio.kie.concurrency import AdaptiveConcurrency


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


async def test_a_cancelled_waiter_gives_its_turn_to_the_next():
    slots = AdaptiveConcurrency(1, low=1, high=1)
    release = asyncio.Event()
    served: list[str] = []

    async def holder() -> None:
        async with slots.slot("poll"):
            await release.wait()

    async def waiter(name: str) -> None:
        async with slots.slot("poll"):
            served.append(name)

    first = asyncio.create_task(holder())
    await asyncio.sleep(0)
    cancelled = asyncio.create_task(waiter("cancelled"))
    later = asyncio.create_task(waiter("later"))
    await asyncio.sleep(0)
    cancelled.cancel()
    release.set()
    await asyncio.wait_for(asyncio.gather(first, later), 1.0)
    assert served == ["later"]
    assert cancelled.cancelled()
    assert slots.in_flight == 0


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


async def test_steady_round_trips_with_callers_waiting_open_more_slots():
    """Across the internet the wire is the slow part: more in flight means more done."""
    slots = AdaptiveConcurrency(4, low=2, high=16)

    async def request() -> None:
        async with slots.slot("poll"):
            await asyncio.sleep(0.02)

    await asyncio.gather(*(request() for _ in range(300)))
    assert slots.limit == 16


async def test_round_trips_that_grow_with_the_load_close_slots():
    """A host serving one request at a time: more in flight only lengthens the queue."""
    slots = AdaptiveConcurrency(8, low=2, high=32)
    server = asyncio.Lock()
    limits: list[int] = []

    async def request() -> None:
        async with slots.slot("poll"), server:
            await asyncio.sleep(0.003)
        limits.append(slots.limit)

    await asyncio.gather(*(request() for _ in range(200)))
    assert max(limits[100:]) <= 5
    assert slots.limit >= 2


async def test_kinds_are_compared_with_their_own_best():
    """Slow generates next to quick polls are not a queue."""
    slots = AdaptiveConcurrency(4, low=2, high=12)

    async def request(kind: str, seconds: float) -> None:
        async with slots.slot(kind):
            await asyncio.sleep(seconds)

    work = [request("generate", 0.06) if i % 3 == 0 else request("poll", 0.01) for i in range(240)]
    await asyncio.gather(*work)
    assert slots.limit == 12


def test_bounds_are_checked():
    with pytest.raises(ValueError):
        AdaptiveConcurrency(1, low=2, high=4)
