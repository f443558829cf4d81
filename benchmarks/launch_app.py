"""Start the real app the way the ``kontext-studio`` command does, with measurement hooks.

``python -m benchmarks.launch_app MODE '{params}'`` calls ``kontext_studio.entry.main()`` with
no arguments, as the command does (then ``cli.main``, which calls ``ui.app.run_app``:
QApplication, qasync loop, ``open_session`` in a thread, ``create_main_window``). The only
change is a wrapper around ``ui.app.create_main_window`` (the app has no "ready" hook): when
the original returns (window shown, earlier jobs resumed), the wrapper waits for the library's
first query to be in the model, then for a zero-timer (the event loop has drained what was
queued), and takes that moment as *ready*. It reports
the time (epoch seconds, comparable with the parent's clock) and, depending on MODE:

``startup``  nothing else;
``library``  search timings through the library panel and the ledger, peak RSS;
``stall``    a 5 ms heartbeat's lateness while jobs run through the window (see bench_gui_stall).

It prints one ``BENCH_RESULT {json}`` line, then closes the window, so the app shuts down
through its own path. The KIE key comes from an in-memory keyring; KIE itself is whatever
``KONTEXT_STUDIO_KIE_URL`` names (a simulator process).
"""

from __future__ import annotations

import time

PROCESS_STARTED = time.time()  # as close to the start of the interpreter as Python gets

import asyncio  # noqa: E402
import importlib.abc  # noqa: E402
import importlib.machinery  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
import traceback  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from types import ModuleType  # noqa: E402
from typing import Any  # noqa: E402

RESULT_MARK = "BENCH_RESULT "


def peak_rss_mb() -> float:
    """Peak resident set of this process (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(result: dict[str, Any]) -> None:
    print(RESULT_MARK + json.dumps(result), flush=True)


async def _zero_timer() -> float:
    """When a zero-timer fires: everything queued before it has been processed."""
    from PySide6.QtCore import QTimer

    done: asyncio.Future[float] = asyncio.get_running_loop().create_future()
    QTimer.singleShot(0, lambda: done.done() or done.set_result(time.time()))
    return await done


async def _signal(signal: Any, timeout: float = 120.0) -> None:
    done: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def fire(*_args: Any) -> None:
        if not done.done():
            done.set_result(None)

    signal.connect(fire)
    try:
        await asyncio.wait_for(done, timeout)
    finally:
        signal.disconnect(fire)


async def _until(condition: Any, timeout: float, step: float = 0.01) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(step)
    return True


# Library: searches ------------------------------------------------------------------------


async def _library(window: Any, params: dict[str, Any]) -> dict[str, Any]:
    panel = window.library
    model = panel.model
    ledger = window.session.ledger
    settle = await _until(
        lambda: not model.thumbnails._waiting and not model.thumbnails._loading, 30.0
    )
    searches = []
    for _round in range(params.get("rounds", 3)):
        for query in params.get("queries", []):
            panel.search.blockSignals(True)  # no 200 ms debounce: time the query itself
            panel.search.setText(query)
            panel.search.blockSignals(False)
            started = time.perf_counter()
            reloaded = asyncio.ensure_future(_signal(model.reloaded))
            panel.apply_filter()
            await reloaded
            panel_ms = (time.perf_counter() - started) * 1000
            started = time.perf_counter()
            rows = await asyncio.to_thread(ledger.search, query)
            ledger_ms = (time.perf_counter() - started) * 1000
            searches.append(
                {
                    "query": query,
                    "rows": model.rowCount(),
                    "ledger_rows": len(rows),
                    "panel_ms": panel_ms,
                    "ledger_ms": ledger_ms,
                }
            )
    panel.search.setText("")
    panel.apply_filter()
    await _signal(model.reloaded)
    return {"searches": searches, "thumbnails_settled": settle}


# GUI stall: heartbeat while jobs run ------------------------------------------------------


STALL_S = 0.02
"""Ticks later than this get their time split (:class:`_Heartbeat`): over the 16 ms target."""


class _Heartbeat:
    """A 5 ms precise QTimer; lateness = time between ticks minus 5 ms.

    On Linux each tick also reads the GUI thread's ``schedstat`` (nanoseconds on a CPU and
    waiting in the run queue; ~10 µs). A late tick's time then splits into the GUI thread's
    own work, waiting for a core (other threads and processes had both), and the rest: asleep
    while runnable in Python's eyes, i.e. blocked on the GIL, a lock or I/O."""

    def __init__(self, interval_ms: int = 5) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.interval_s = interval_ms / 1000
        self.ticks: list[tuple[float, float]] = []  # (perf_counter, lateness_s)
        self.stalls: list[tuple[float, float, float, float]] = []  # (at, late, cpu, runqueue) s
        self._last = 0.0
        self._sched = _open_schedstat()  # opened on the GUI thread: "thread-self" is that one
        self._cpu_ns = self._wait_ns = 0
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        late = max(now - self._last - self.interval_s, 0.0)
        self.ticks.append((now, late))
        self._last = now
        if self._sched is None:
            return
        cpu_ns, wait_ns = (int(x) for x in os.pread(self._sched, 64, 0).split()[:2])
        if late > STALL_S and self._cpu_ns:
            cpu, wait = (cpu_ns - self._cpu_ns) / 1e9, (wait_ns - self._wait_ns) / 1e9
            self.stalls.append((now, late, cpu, wait))
        self._cpu_ns, self._wait_ns = cpu_ns, wait_ns

    def lateness_ms(self, start: float, end: float) -> list[float]:
        return [late * 1000 for at, late in self.ticks if start <= at <= end]

    def stall_split(self, start: float, end: float) -> list[dict[str, float]]:
        """Each tick over :data:`STALL_S` late between ``start`` and ``end``, its interval
        split (ms): GUI thread on a CPU, waiting for one, and blocked."""
        split = []
        for at, late, cpu, wait in self.stalls:
            if start <= at <= end:
                span = late + self.interval_s
                split.append(
                    {
                        "at_s": round(at - start, 2),
                        "late_ms": round(late * 1000, 1),
                        "gui_cpu_ms": round(cpu * 1000, 1),
                        "runqueue_ms": round(wait * 1000, 1),
                        "blocked_ms": round(max(span - cpu - wait, 0.0) * 1000, 1),
                    }
                )
        return split


def _open_schedstat() -> int | None:
    """The calling thread's ``/proc/thread-self/schedstat``; None where there is none."""
    try:
        return os.open("/proc/thread-self/schedstat", os.O_RDONLY)
    except OSError:
        return None


class _StallSampler:
    """With ``diagnose``: a thread that, whenever the heartbeat is more than ``threshold`` late,
    records where the GUI thread is (the frames of its Python stack), for the report."""

    def __init__(self, heartbeat: _Heartbeat, threshold_s: float = 0.012) -> None:
        self.heartbeat = heartbeat
        self.threshold_s = threshold_s
        self.samples: dict[str, int] = {}
        self._stop = threading.Event()
        self._gui = threading.get_ident()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)

    def _run(self) -> None:
        while not self._stop.wait(0.002):
            ticks = self.heartbeat.ticks
            if not ticks or time.perf_counter() - ticks[-1][0] < self.threshold_s:
                continue
            frame = sys._current_frames().get(self._gui)
            if frame is None:
                continue
            stack = traceback.extract_stack(frame)[-6:]
            key = " <- ".join(
                f"{f.filename.rsplit('/', 2)[-1]}:{f.name}:{f.lineno}" for f in reversed(stack)
            )
            self.samples[key] = self.samples.get(key, 0) + 1


def _apply_variants(window: Any, variants: list[str]) -> None:
    """Diagnostic switches (``--diagnose-variants``): take one suspect out at a time."""
    if "no_thumbnails" in variants:  # tiles never ask for a thumbnail
        window.library.model.thumbnails.get = lambda snapshot, device_ratio=None: None
    if "no_follow" in variants:  # a press's new job is not shown (preview stays put)
        window.reveal_job = lambda job_id: None
    if "no_preview" in variants:
        window.preview.hide()
    if "switch_1ms" in variants:  # shorter GIL switch interval: less waiting for workers
        sys.setswitchinterval(0.001)
    if "no_ticker" in variants:  # no once-a-second repaint of running tiles
        window.library.model._update_ticker = lambda: None
    if "sniffio" in variants:  # what installing sniffio would do: httpcore finds it at once
        import types

        fake = types.ModuleType("sniffio")
        fake.current_async_library = lambda: "asyncio"  # type: ignore[attr-defined]
        sys.modules["sniffio"] = fake
    if "flat_tiles" in variants:  # tile backgrounds without antialiased path fills
        from kontext_studio.ui.library_panel import TileDelegate

        def flat(painter: Any, rect: Any, fill: Any, pen: Any = None) -> None:
            painter.fillRect(rect, fill)

        TileDelegate._rounded = staticmethod(flat)


async def _stall(window: Any, params: dict[str, Any]) -> dict[str, Any]:
    from kontext_studio.jobs.states import JobState

    model = window.library.model
    tab = window.generate_tab
    jobs = params["jobs"]
    _apply_variants(window, params.get("variants", []))
    events: list[tuple[float, str]] = []
    window.bridge.job_changed.connect(
        lambda snap: events.append((time.perf_counter(), snap.state.value))
    )
    heartbeat = _Heartbeat()
    sampler = _StallSampler(heartbeat) if params.get("diagnose") else None
    heartbeat.start()
    if sampler:
        sampler.start()
    idle_from = time.perf_counter()
    await asyncio.sleep(params.get("idle_s", 1.0))
    idle_to = busy_from = time.perf_counter()
    cpu_from = time.thread_time()
    process_from = time.process_time()
    profiler = None
    if params.get("profile"):  # cProfile of the GUI thread (diagnosis only: it slows it down)
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    for i in range(jobs):  # 100 presses of Ctrl+Enter, as fast as the loop takes them
        tab.prompt.setPlainText(f"stall benchmark {i}: a fox in the snow, ink and watercolor")
        if not tab.generate():
            raise RuntimeError(f"Generate refused: {tab.problem()}")
        await asyncio.sleep(0)  # each press is its own event, as real key presses are
    submitted = time.perf_counter()

    def done() -> bool:
        rows = [model.snapshot(r) for r in range(model.rowCount())]
        finished = [s for s in rows if s.state.is_terminal]
        return len(finished) >= jobs and not any(s.state.is_active for s in rows)

    if profiler is not None and params["profile"] == "burst":
        await asyncio.sleep(1.5)
        profiler.disable()
    finished = await _until(done, params.get("timeout_s", 600.0), step=0.05)
    busy_to = time.perf_counter()
    gui_cpu_s = time.thread_time() - cpu_from
    process_cpu_s = time.process_time() - process_from
    # Thumbnails of the visible tiles land a moment later; they are part of "in the library".
    await _until(
        lambda: not model.thumbnails._waiting and not model.thumbnails._loading, 30.0, 0.05
    )
    settled = time.perf_counter()
    heartbeat.stop()
    if sampler:
        sampler.stop()
    profile_text = ""
    if profiler is not None:
        import io
        import pstats

        profiler.disable()
        buffer = io.StringIO()
        stats = pstats.Stats(profiler, stream=buffer)
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumtime").print_stats("kontext_studio|qasync|PySide6", 60)
        profile_text = buffer.getvalue()
    states: dict[str, int] = {}
    for r in range(model.rowCount()):
        name = model.snapshot(r).state.value
        states[name] = states.get(name, 0) + 1
    busy = heartbeat.lateness_ms(busy_from, settled)
    burst = heartbeat.lateness_ms(busy_from, busy_from + 1.5)
    steady = heartbeat.lateness_ms(busy_from + 1.5, settled)
    worst = sorted(((late, at) for at, late in heartbeat.ticks if at >= busy_from), reverse=True)[
        :15
    ]

    def around(late: float, at: float) -> dict[str, int]:
        """Job events the GUI thread handled during (or just before) that late tick."""
        seen: dict[str, int] = {}
        for when, state in events:
            if at - late - 0.01 <= when <= at:
                seen[state] = seen.get(state, 0) + 1
        return seen

    return {
        "finished": finished,
        "states": states,
        "completed": states.get(JobState.COMPLETED.value, 0),
        "lateness_ms": busy,
        "burst_max_ms": max(burst, default=0.0),
        "steady_lateness_ms": steady,
        "idle_lateness_ms": heartbeat.lateness_ms(idle_from, idle_to),
        "submit_loop_s": submitted - busy_from,
        "busy_s": busy_to - busy_from,
        "gui_thread_cpu_s": gui_cpu_s,
        "process_cpu_s": process_cpu_s,
        "settle_s": settled - busy_to,
        "worst": [
            {
                "late_ms": round(late * 1000, 1),
                "at_s": round(at - busy_from, 2),
                "events": around(late, at),
            }
            for late, at in worst
        ],
        "stalls": heartbeat.stall_split(busy_from, settled),
        "variants": params.get("variants", []),
        "profile": profile_text,
        "stall_stacks": (
            sorted(sampler.samples.items(), key=lambda kv: -kv[1])[:12] if sampler else []
        ),
    }


# The hook ---------------------------------------------------------------------------------


class _AfterImport(importlib.abc.MetaPathFinder):
    """Calls ``then(module)`` as soon as the app imports ``name``, before anything uses it.

    The launcher must not import the window's modules itself: ``cli.main`` loads them only
    once it knows a window is wanted (after claiming the library's one window)."""

    def __init__(self, name: str, then: Callable[[ModuleType], None]) -> None:
        self.name = name
        self.then = then

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or spec.loader is None:
            raise ImportError(f"{fullname} not found")
        run = spec.loader.exec_module
        then = self.then

        def exec_module(module: ModuleType) -> None:
            run(module)
            then(module)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def main(argv: list[str]) -> int:
    mode = argv[0] if argv else "startup"
    params: dict[str, Any] = json.loads(argv[1]) if len(argv) > 1 else {}

    from benchmarks.memory_keyring import install_memory_keyring

    install_memory_keyring()
    outcome: dict[str, Any] = {"process_started": PROCESS_STARTED}
    original: Any = None
    open_session: Any = None

    def timed_open_session(*args: Any, **kwargs: Any) -> Any:
        outcome["session_opening"] = time.time()
        try:
            return open_session(*args, **kwargs)
        finally:
            outcome["session_opened"] = time.time()

    async def measured(session: Any, bridge: Any = None, **options: Any) -> Any:
        outcome["window_creating"] = time.time()
        window = await original(session, bridge, **options)
        outcome["window_returned"] = time.time()
        model = window.library.model
        if not model.loaded:
            await _signal(model.reloaded)
        outcome["library_loaded"] = time.time()
        outcome["ready"] = await _zero_timer()
        outcome["rows"] = model.rowCount()  # the first page: the model loads more on scroll
        outcome["rss_at_ready_mb"] = peak_rss_mb()
        outcome["library_rows"] = window.bridge.session.ledger.count()
        try:
            if mode == "library":
                outcome.update(await _library(window, params))
            elif mode == "stall":
                outcome.update(await _stall(window, params))
        except Exception as error:  # report it rather than hang the parent
            outcome["error"] = f"{type(error).__name__}: {error}"
            outcome["traceback"] = traceback.format_exc()
        outcome["peak_rss_mb"] = peak_rss_mb()
        report(outcome)
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, window.close)
        return window

    def wrap(ui_app: ModuleType) -> None:
        nonlocal original, open_session
        original = ui_app.create_main_window
        open_session = ui_app.open_session
        ui_app.create_main_window = measured  # type: ignore[attr-defined]
        ui_app.open_session = timed_open_session  # type: ignore[attr-defined]
        outcome["imported"] = time.time()

    sys.meta_path.insert(0, _AfterImport("kontext_studio.ui.app", wrap))
    sys.argv = ["kontext-studio"]
    from kontext_studio import entry

    code = entry.main()
    if "ready" not in outcome:
        report({"error": f"the app exited ({code}) before its window was ready"})
    return code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
