"""Wiring: one place that builds the ledger, the KIE client and the engine, live or demo.

The CLI and the window both start here, so demo mode and live mode run the same code path
(only the base URL and the key differ).
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from kontext_studio import secrets
from kontext_studio.config import (
    Paths,
    Settings,
    absolute_folder,
    kie_base_url,
    kie_upload_url,
    read_settings,
    with_r2_kept_here,
)
from kontext_studio.errors import StorageError
from kontext_studio.jobs.claim import WINDOW, Holder, JobsClaim, claim_path
from kontext_studio.jobs.engine import EngineConfig, JobEngine
from kontext_studio.jobs.schedule import PollSchedule, default_schedule
from kontext_studio.kie.client import KieClient
from kontext_studio.logs import register_secret, setup_logging
from kontext_studio.store.ledger import Ledger

if TYPE_CHECKING:
    import threading
    from collections.abc import Callable

    from kontext_studio.simulator import Simulator

log = logging.getLogger(__name__)

DEMO_KEY = "demo-key-simulated"
DEMO_LATENCY_S = (3.0, 8.0)
DEMO_LATENCY_ENV = "KONTEXT_STUDIO_DEMO_LATENCY"
RETRY_SCALE_ENV = "KONTEXT_STUDIO_RETRY_SCALE"


def demo_latency() -> tuple[float, float]:
    """The simulator's task duration in demo mode; ``KONTEXT_STUDIO_DEMO_LATENCY=S`` makes
    tasks take between S/2 and S seconds (self-test, tests)."""
    try:
        top = float(os.environ.get(DEMO_LATENCY_ENV, ""))
    except ValueError:
        return DEMO_LATENCY_S
    return (top / 2, top) if 0 < top < 600 else DEMO_LATENCY_S


def demo_schedule(latency: tuple[float, float]) -> PollSchedule:
    """A poll schedule that already knows the simulator's speed."""
    low, high = latency
    prior = tuple(low + (high - low) * i / 7 for i in range(8))
    return PollSchedule(prior=prior, min_interval_s=min(0.5, max(low / 4, 0.01)))


@dataclass
class Session:
    """Everything a running app needs; :meth:`aclose` leaves every job resumable."""

    paths: Paths
    settings: Settings
    ledger: Ledger
    client: KieClient
    engine: JobEngine
    simulator: Simulator | None
    settings_ignored: tuple[str, ...] = ()
    """Settings in the file that could not be used (their defaults apply), for the window."""
    key: str | None = field(default=None, repr=False)
    """The KIE key a live session opened with (None in demo mode): a switch of mode that
    fails opens a session with it again, whatever the keyring says by then."""

    @property
    def demo(self) -> bool:
        return self.simulator is not None

    async def aclose(self, cut: asyncio.Event | None = None) -> None:
        """Stop the jobs and close the library; ``cut`` set (a second stop signal) ends the
        engine's waits for its requests and jobs at once (:meth:`JobEngine.aclose`)."""
        await self.engine.aclose(cut)
        await self.client.aclose()
        self.ledger.close()
        if self.simulator is not None:
            self.simulator.stop()


def library_dir(paths: Paths, settings: Settings, ignored: list[str] | None = None) -> Path:
    """Where new images go: the folder chosen in Settings, else the default one.

    A chosen folder that cannot be a path (an unknown ``~user``, a relative path that would
    depend on where the app was started) gives the default one with a warning instead of
    stopping the app, which could then not be started to correct it: the library lists every
    image wherever it was saved, and Settings still shows the text. Such a fallback adds
    ``library_dir`` to ``ignored``.
    """
    if not settings.library_dir:
        return paths.library
    try:
        return absolute_folder(settings.library_dir)
    except StorageError as error:
        log.warning(
            "library folder unusable, the default one is used",
            extra={"event": "library_dir_fallback", "reason": error.message},
        )
        if ignored is not None:
            ignored.append("library_dir")
        return paths.library


def retry_scale() -> float:
    """``KONTEXT_STUDIO_RETRY_SCALE=F`` multiplies the engine's back-off between tries by F
    (tests of whole processes: the 1 s, 2 s, 4 s ... before a job that cannot connect fails
    are the same tries at F times the wait)."""
    try:
        scale = float(os.environ.get(RETRY_SCALE_ENV, "") or 1.0)
    except ValueError:
        return 1.0
    return min(max(scale, 0.001), 10.0) if math.isfinite(scale) else 1.0


def engine_config(
    settings: Settings, *, simulated: bool = False, tries_later: bool = True
) -> EngineConfig:
    """The engine's settings. ``tries_later``: whether a job that gave up on a result link
    the host refused is tried again later in the run (:attr:`EngineConfig.link_tries_s`):
    by the window, which runs on, not by a command (``generate``, ``retry``, ``resume``),
    which ends with its jobs: its close cancelled a try it had just scheduled, minutes
    ahead, and its words promise the tries of each start alone."""
    scale = retry_scale()
    config = EngineConfig(
        poll_timeout_s=settings.poll_timeout_s,
        submit_limit=settings.submit_limit,
        submit_window_s=settings.submit_window_s,
        retry_base_s=EngineConfig.retry_base_s * scale,
        retry_max_s=EngineConfig.retry_max_s * scale,
        simulated=simulated,
    )
    return config if tries_later else replace(config, link_tries_s=())


def open_session(
    *,
    demo: bool = False,
    paths: Paths | None = None,
    schedule: PollSchedule | None = None,
    demo_latency_s: tuple[float, float] | None = None,
    key: str | None = None,
    holder: str = WINDOW,
    opens_log: bool = True,
    upgrade_elsewhere: Callable[[], object] = lambda: None,
    upgrade_wait_stopped: threading.Event | None = None,
) -> Session:
    """Open the library and connect. With ``demo`` or without a key, start the bundled
    simulator on 127.0.0.1 and talk to it instead of KIE. ``schedule`` replaces the learned
    poll schedule (tests and benchmarks run the simulator at other speeds); ``key`` the one
    the keyring or the environment gives. ``holder``: what this process is, the window or a
    command's name, written with its mode into the jobs' claim while it holds it
    (:class:`~kontext_studio.jobs.claim.Holder`). ``opens_log``: whether the session opens
    the log file, a log file that cannot be opened stopping it; not a command's, nor the
    window's, which have opened it as they started, or go on without one they cannot write
    (``cli.run``, ``ui.app``). ``upgrade_elsewhere`` is called when another instance is
    upgrading the library, which the open waits for until ``upgrade_wait_stopped`` is set
    (:meth:`Ledger.open`)."""
    paths = (paths or Paths.from_env()).ensure()
    if opens_log:
        setup_logging(paths.logs)
    settings, ignored = read_settings(paths)
    settings = with_r2_kept_here(paths, settings)
    key = None if demo else key or secrets.get_secret(secrets.KIE_KEY)
    simulator: Simulator | None = None
    if key:
        register_secret(key)
        client = KieClient(key, base_url=kie_base_url(), upload_url=kie_upload_url())
    else:
        latency = demo_latency_s or demo_latency()
        # Imported here: live mode never needs the simulator (nor its start-up cost).
        from kontext_studio.simulator import Simulator, SimulatorConfig

        # The journal lets jobs left generating when the app closed finish after a restart.
        journal = paths.data / "demo-simulator"
        config = SimulatorConfig(latency_s=latency, journal_dir=journal, log_requests=False)
        simulator = Simulator(config).start()
        schedule = schedule or demo_schedule(latency)
        client = KieClient(DEMO_KEY, base_url=simulator.base_url, upload_url=simulator.base_url)
        log.info("demo mode: simulator started", extra={"event": "demo_mode"})
    try:
        ledger = Ledger.open(
            paths.database,
            upgrade_elsewhere=upgrade_elsewhere,
            upgrade_wait_stopped=upgrade_wait_stopped,
        )
    except BaseException:
        if simulator is not None:  # left serving, in a start that ends (a stop, an error)
            simulator.stop()
        raise
    folder = library_dir(paths, settings, ignored)
    engine = JobEngine(
        ledger,
        client,
        folder,
        config=engine_config(
            settings, simulated=simulator is not None, tries_later=holder == WINDOW
        ),
        schedule=schedule or default_schedule(),
        claim=JobsClaim(
            claim_path(paths.database), Holder.here(holder, demo=simulator is not None)
        ),
    )
    return Session(paths, settings, ledger, client, engine, simulator, tuple(ignored), key)
