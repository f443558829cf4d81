"""When to ask KIE whether a task is done.

A fixed 3-5 s interval either polls too often or shows results late. This schedule learns the
distribution of recent generation times per model: it sleeps through the part of the
distribution where almost nothing finishes, polls densely where most tasks finish, and backs
off exponentially in the long tail. Jitter spreads the polls of a burst of jobs apart.
"""

from __future__ import annotations

import os
import random
from collections import deque
from collections.abc import Iterable, Iterator
from statistics import quantiles

SCALE_ENV = "KONTEXT_STUDIO_POLL_SCALE"
# KIE's generation times as seen live (and the simulator's default): roughly 5-20 s.
PRIOR_DURATIONS = (5.0, 7.0, 9.0, 11.0, 13.0, 15.0, 17.0, 20.0)
MIN_SAMPLES = 5
MIN_INTERVAL_S = 0.5
DENSE_INTERVAL_MAX_S = 2.0
# Polls spread over the 10th-90th percentile: fewer than a fixed 3 s schedule for typical
# distributions, and a detection delay of about a quarter of that spread.
DENSE_POLLS = 4
TAIL_MAX_INTERVAL_S = 15.0


class PollSchedule:
    """Learns durations (seconds from submit to done) and yields sleep intervals."""

    def __init__(
        self,
        *,
        prior: tuple[float, ...] = PRIOR_DURATIONS,
        min_interval_s: float = MIN_INTERVAL_S,
        history: int = 200,
        rng: random.Random | None = None,
    ) -> None:
        self._durations: dict[str, deque[float]] = {}
        self._prior = prior
        self._min_interval_s = min_interval_s
        self._history = history
        self._rng = rng or random.Random()

    def learn(self, model: str, duration_s: float) -> None:
        if 0 < duration_s < 3600:  # a stale clock must not poison the schedule
            self._durations.setdefault(model, deque(maxlen=self._history)).append(duration_s)

    def learn_many(self, samples: Iterable[tuple[str, float]]) -> None:
        for model, duration in samples:
            self.learn(model, duration)

    def window(self, model: str) -> tuple[float, float]:
        """The (10th, 90th) percentile of durations for ``model``, from history or the prior."""
        data = list(self._durations.get(model, ()))
        if len(data) < MIN_SAMPLES:
            data = list(self._prior)
        cuts = quantiles(data, n=10, method="inclusive")
        return cuts[0], cuts[-1]

    def intervals(self, model: str, elapsed_s: float = 0.0) -> Iterator[float]:
        """Sleeps before each poll, for a task that has already run ``elapsed_s`` seconds."""
        low, high = self.window(model)
        dense = min(max((high - low) / DENSE_POLLS, self._min_interval_s), DENSE_INTERVAL_MAX_S)
        at = elapsed_s
        first = max(low, self._min_interval_s) - at
        if first > 0:
            yield self._jitter(first)
            at += first
        tail = dense
        while True:
            if at < high:
                step = dense
            else:
                tail = min(tail * 1.5, TAIL_MAX_INTERVAL_S)
                step = tail
            at += step
            yield self._jitter(step)

    def _jitter(self, seconds: float) -> float:
        return max(seconds * self._rng.uniform(0.9, 1.1), self._min_interval_s / 2)


def default_schedule() -> PollSchedule:
    """The schedule for live use. ``KONTEXT_STUDIO_POLL_SCALE`` shrinks the prior and the
    minimum interval for a fast simulator (tests and benchmarks of whole processes)."""
    try:
        scale = float(os.environ.get(SCALE_ENV, "") or 1.0)
    except ValueError:
        scale = 1.0
    scale = min(max(scale, 0.001), 10.0)
    return PollSchedule(
        prior=tuple(d * scale for d in PRIOR_DURATIONS), min_interval_s=MIN_INTERVAL_S * scale
    )
