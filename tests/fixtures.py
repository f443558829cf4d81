"""Fixtures shared by integration and UI tests: a fast simulator and a session bound to it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kontext_studio.jobs.schedule import PollSchedule
from kontext_studio.simulator import Simulator, SimulatorConfig

TEST_KEY = "test-key-0123456789"
FAST_LATENCY = (0.05, 0.2)


def fast_schedule() -> PollSchedule:
    """Poll as if KIE took 0.05-0.2 s, like the test simulator."""
    return PollSchedule(prior=(0.05, 0.08, 0.1, 0.15, 0.2), min_interval_s=0.02)


@pytest.fixture
def simulator(monkeypatch: pytest.MonkeyPatch) -> Iterator[Simulator]:
    """A running simulator; the app's KIE URLs and key point at it."""
    sim = Simulator(SimulatorConfig(latency_s=FAST_LATENCY, seed=1)).start()
    monkeypatch.setenv("KONTEXT_STUDIO_KIE_URL", sim.base_url)
    monkeypatch.setenv("KONTEXT_STUDIO_KIE_UPLOAD_URL", sim.base_url)
    monkeypatch.setenv("KIE_API_KEY", TEST_KEY)
    yield sim
    sim.stop()
