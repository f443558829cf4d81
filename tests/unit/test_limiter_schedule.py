"""The shared submission limiter and the learned poll schedule."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import random
import time

from kontext_studio.jobs.limiter import SlidingWindowLimiter
from kontext_studio.jobs.schedule import PollSchedule


async def test_no_window_ever_holds_more_than_the_limit():
    limiter = SlidingWindowLimiter(3, 0.3)
    answered: list[float] = []
    sent: list[float] = []

    async def request() -> None:
        async with limiter.slot():
            sent.append(time.monotonic())
            await asyncio.sleep(0.02)
            answered.append(time.monotonic())

    started = time.monotonic()
    await asyncio.gather(*(request() for _ in range(9)))
    elapsed = time.monotonic() - started

    for t in sent:
        in_window = [a for a in answered if t - 0.3 < a <= t]
        assert len(in_window) + 1 <= 3 or t == min(sent)
    assert elapsed >= 0.6  # 9 requests at 3 per 0.3 s need two full windows
    assert elapsed < 1.5  # and are not held back much longer than that


async def test_in_flight_requests_hold_their_slot():
    limiter = SlidingWindowLimiter(1, 0.05)
    order: list[str] = []

    async def slow() -> None:
        async with limiter.slot():
            order.append("slow-start")
            await asyncio.sleep(0.2)
            order.append("slow-end")

    async def fast() -> None:
        await asyncio.sleep(0.01)
        async with limiter.slot():
            order.append("fast")

    await asyncio.gather(slow(), fast())
    assert order == ["slow-start", "slow-end", "fast"]


def polls_until(schedule: PollSchedule, model: str, duration: float) -> tuple[int, float]:
    """How many polls find a task of ``duration`` done, and how late the last one is."""
    at = 0.0
    for polls, sleep in enumerate(schedule.intervals(model), start=1):
        at += sleep
        if at >= duration:
            return polls, at - duration
    raise AssertionError


def test_learned_schedule_polls_less_and_sees_results_sooner_than_fixed_3s():
    rng = random.Random(7)
    durations = [rng.gauss(12.0, 1.0) for _ in range(200)]
    schedule = PollSchedule(rng=random.Random(1))
    schedule.learn_many(("pro", d) for d in durations[:100])

    learned = [polls_until(schedule, "pro", d) for d in durations[100:]]
    fixed = [(int(d // 3) + 1, (int(d // 3) + 1) * 3 - d) for d in durations[100:]]
    assert sum(p for p, _ in learned) < sum(p for p, _ in fixed)
    assert sum(lag for _, lag in learned) < sum(lag for _, lag in fixed)


def test_long_tail_backs_off():
    schedule = PollSchedule(rng=random.Random(1))
    sleeps = [s for _, s in zip(range(40), schedule.intervals("pro"), strict=False)]
    assert max(sleeps[-5:]) > 10
    assert all(s <= 16.5 for s in sleeps)


def test_nonsense_durations_are_ignored():
    """A stale clock's durations (negative, none, years) never move when polls come; learned
    beside enough real ones to be used, where the prior would hide them."""
    schedule = PollSchedule()
    schedule.learn_many(("pro", d) for d in (8.0, 9.0, 10.0, 11.0, 12.0))
    before = schedule.window("pro")
    for bad in (-5.0, 0.0, 1e9):
        schedule.learn("pro", bad)
    assert schedule.window("pro") == before


def test_uniform_durations_are_seen_within_a_second_at_median_with_fewer_polls_than_3s():
    """KIE's 5-20 s spread: the square-root rule's promise, a median wait under 1 s for a
    finished task, without paying for it in polls."""
    rng = random.Random(11)
    durations = [rng.uniform(5.0, 20.0) for _ in range(400)]
    schedule = PollSchedule(rng=random.Random(2))
    schedule.learn_many(("pro", d) for d in durations[:200])

    learned = [polls_until(schedule, "pro", d) for d in durations[200:]]
    lags = sorted(lag for _, lag in learned)
    assert lags[len(lags) // 2] < 1.0
    fixed_polls = sum(int(d // 3) + 1 for d in durations[200:])
    assert sum(p for p, _ in learned) < fixed_polls


def test_a_task_resumed_late_is_polled_soon_not_after_the_usual_first_wait():
    """Past every learned duration it is in the long tail: polled soon, then less and less
    often, not as often as a task just sent."""
    schedule = PollSchedule(rng=random.Random(3))
    sleeps = [s for _, s in zip(range(6), schedule.intervals("pro", elapsed_s=30.0), strict=False)]
    assert 0 < sleeps[0] < 2.0
    assert all(later > earlier for earlier, later in itertools.pairwise(sleeps))


def test_any_sixty_learned_durations_give_fewer_polls_than_3s():
    """What the app has learned after one evening is a small sample; an unlucky one must not
    make the schedule poll more than KIE's fixed 3 s client would."""
    check = random.Random(99)
    durations = [check.uniform(5.0, 20.0) for _ in range(1000)]
    fixed_polls = sum(int(d // 3) + 1 for d in durations)
    for seed in range(12):
        rng = random.Random(seed)
        schedule = PollSchedule(rng=random.Random(seed))
        schedule.learn_many(("pro", rng.uniform(5.0, 20.0)) for _ in range(60))
        polls = sum(polls_until(schedule, "pro", d)[0] for d in durations)
        assert polls < 0.97 * fixed_polls, f"sample {seed}: {polls} vs {fixed_polls}"


def test_the_first_poll_never_comes_before_any_task_could_be_done():
    """Jitter spreads polls apart; it must not move a 30 s wait seconds earlier."""
    rng = random.Random(5)
    schedule = PollSchedule(rng=random.Random(6))
    schedule.learn_many(("pro", rng.uniform(29.5, 30.5)) for _ in range(60))
    firsts = [next(schedule.intervals("pro")) for _ in range(300)]
    assert min(firsts) >= 29.4
    assert max(firsts) <= 31.0


async def test_cancels_as_waits_time_out_never_leave_the_limiter_locked():
    """App exit cancels jobs waiting for a submission slot, some just as their wait times
    out. Under asyncio.wait_for that left the condition's lock taken by a task nobody awaited:
    those jobs crashed ("Lock is not acquired") and every later one hung."""
    rng = random.Random(1)
    for _round in range(200):
        limiter = SlidingWindowLimiter(1, 0.002)

        async def job(limiter: SlidingWindowLimiter = limiter) -> None:
            async with limiter.slot():
                await asyncio.sleep(0)

        tasks = [asyncio.create_task(job()) for _ in range(20)]
        await asyncio.sleep(rng.uniform(0, 0.004))
        for task in tasks:
            task.cancel()
            await asyncio.sleep(rng.choice([0, 0, 0.0005]))
        async with asyncio.timeout(5):
            outcomes = await asyncio.gather(*tasks, return_exceptions=True)
        assert not [o for o in outcomes if not isinstance(o, asyncio.CancelledError | None)]
        async with asyncio.timeout(5), limiter.slot():
            pass


async def test_a_request_held_back_is_told_when_its_wait_begins_and_ends():
    """What the window says of a job the limit holds back ("Waiting its turn"): told once
    when its wait begins, once when it ends, cancelled too; nothing for a free slot."""
    limiter = SlidingWindowLimiter(1, 60.0)
    told: list[tuple[str, bool]] = []
    async with limiter.slot(lambda waiting: told.append(("first", waiting))):
        pass
    second = asyncio.ensure_future(
        limiter.slot(lambda waiting: told.append(("second", waiting))).__aenter__()
    )
    while not told:
        await asyncio.sleep(0.01)
    assert told == [("second", True)]
    second.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await second
    assert told == [("second", True), ("second", False)]


async def test_a_held_request_lets_the_next_go_and_goes_once_let_go():
    """Cancel holds a job waiting its turn while it asks (the question says it was never
    sent): a free slot goes to the one behind it, and it goes once let go."""
    limiter = SlidingWindowLimiter(1, 0.01)
    held = {"first"}
    order: list[str] = []

    async def request(name: str) -> None:
        async with limiter.slot(held=lambda: name in held):
            order.append(name)

    first = asyncio.ensure_future(request("first"))
    await asyncio.sleep(0)
    await request("second")
    assert order == ["second"] and not first.done()
    held.clear()
    limiter.changed()
    await asyncio.wait_for(first, 5)
    assert order == ["second", "first"]
