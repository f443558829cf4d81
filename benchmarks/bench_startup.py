"""Start-up time of the window, over a bare PySide6 window (the floor).

``startup_ratio``
    From the parent's ``Popen`` (epoch clock) to *ready* in the child, app over floor, medians
    of alternating runs (quick 5 + 5, full 9 + 9) after one discarded warm-up of each (so the
    OS file cache and ``.pyc`` files are warm for both).

    * floor: ``python -c`` creating a ``QApplication`` and a ``QMainWindow``, ``show()``, and a
      zero-timer that reports when it fires (the loop has drained what ``show`` queued);
    * app: ``python -m benchmarks.launch_app startup``: the real ``kontext_studio.entry.main()``
      with a wrapper around ``ui.app.create_main_window`` that reports when the window is shown,
      earlier jobs are resumed, the library's first query is in its model and then a
      zero-timer has fired. Live mode (a key from an in-memory keyring) against a simulator
      process, empty library, offscreen Qt, a fresh home.

``startup_stack_ratio`` (a reference, not a target)
    The same bare window, but first importing the libraries the stack this app is built on
    loads before any window of its could show (asyncio and qasync for the loop, httpx, peewee,
    keyring) and running under a qasync loop, over the floor. It says how much of
    ``startup_ratio`` the chosen stack takes before the app's own code; ``startup_app_over_stack``
    is the app over that script.

``library_start_ratio`` (in ``bench_library``) uses the same launcher.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path
from typing import Any

from benchmarks.common import (
    PYTHON,
    REPO,
    SimProcess,
    app_env,
    log,
    median,
    rounded,
    temp_home,
)
from benchmarks.launch_app import RESULT_MARK

_WINDOW_SCRIPT = """
import sys, time
IMPORTS
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1400, 880)
window.show()
def ready():
    print("BENCH_RESULT {\\"ready\\": %r}" % time.time(), flush=True)
    app.quit()
QTimer.singleShot(0, ready)
RUN
"""
FLOOR_SCRIPT = _WINDOW_SCRIPT.replace("IMPORTS", "").replace("RUN", "app.exec()")
STACK_FLOOR_SCRIPT = _WINDOW_SCRIPT.replace(
    "IMPORTS", "import asyncio, httpx, keyring, peewee, qasync"
).replace("RUN", "loop = qasync.QEventLoop(app)\nasyncio.set_event_loop(loop)\nloop.run_forever()")


def _result(stdout: str) -> dict[str, Any]:
    for line in reversed(stdout.splitlines()):
        if line.startswith(RESULT_MARK):
            result: dict[str, Any] = json.loads(line[len(RESULT_MARK) :])
            return result
    raise RuntimeError(f"no result in: {stdout[-2000:]!r}")


def time_floor(env: dict[str, str], script: str = FLOOR_SCRIPT) -> float:
    started = time.time()
    done = subprocess.run(
        [PYTHON, "-c", script], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    return float(_result(done.stdout)["ready"]) - started


def launch_app(
    env: dict[str, str], mode: str = "startup", params: dict[str, Any] | None = None
) -> tuple[float, dict[str, Any]]:
    """Run the app once; (seconds from spawn to ready, everything it reported)."""
    started = time.time()
    done = subprocess.run(
        [PYTHON, "-m", "benchmarks.launch_app", mode, json.dumps(params or {})],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    try:
        result = _result(done.stdout)
    except RuntimeError as error:
        tail = "\n".join(done.stderr.splitlines()[-20:])
        raise RuntimeError(f"app run failed ({done.returncode}): {error}\n{tail}") from None
    if "error" in result:
        raise RuntimeError(f"app run failed: {result['error']}\n{result.get('traceback', '')}")
    return float(result["ready"]) - started, result


def app_phases(result: dict[str, Any], seconds: float) -> dict[str, float]:
    """Where the app's start-up went (seconds), from the launcher's timestamps."""
    spawned = result["ready"] - seconds
    return {
        "interpreter_start": result["process_started"] - spawned,
        "imports": result["imported"] - result["process_started"],
        "qt_app_and_loop": result["session_opening"] - result["imported"],
        "open_session": result["session_opened"] - result["session_opening"],
        "to_window_call": result["window_creating"] - result["session_opened"],
        "window_and_resume": result["window_returned"] - result["window_creating"],
        "library_query": result["library_loaded"] - result["window_returned"],
        "loop_idle": result["ready"] - result["library_loaded"],
    }


def startup_pair(home: Path, kie_url: str, runs: int) -> dict[str, Any]:
    env = app_env(home, kie_url=kie_url)
    time_floor(env)  # warm-ups, discarded
    time_floor(env, STACK_FLOOR_SCRIPT)
    launch_app(env)
    floor: list[float] = []
    stack: list[float] = []
    app: list[float] = []
    phases: list[dict[str, float]] = []
    for _ in range(runs):
        floor.append(time_floor(env))
        stack.append(time_floor(env, STACK_FLOOR_SCRIPT))
        seconds, result = launch_app(env)
        app.append(seconds)
        phases.append(app_phases(result, seconds))
    return {"floor": floor, "stack": stack, "app": app, "phases": phases}


def run(quick: bool = False, only: set[str] | None = None) -> dict[str, Any]:
    runs = 5 if quick else 9
    with temp_home("startup") as home, SimProcess(latency_s=[1.0, 2.0]) as sim:
        data = startup_pair(home, sim.url, runs)
    floor, stack, app = median(data["floor"]), median(data["stack"]), median(data["app"])
    log(f"startup: floor {floor:.3f} s, stack {stack:.3f} s, app {app:.3f} s over {runs} runs each")
    phase_names = data["phases"][0].keys() if data["phases"] else []
    return {
        "startup_ratio": rounded(app / floor),
        "startup_stack_ratio": rounded(stack / floor),
        "startup_app_over_stack": rounded(app / stack),
        "startup": {
            "runs": runs,
            "floor_median_s": rounded(floor),
            "stack_median_s": rounded(stack),
            "app_median_s": rounded(app),
            "floor_s": [rounded(x) for x in data["floor"]],
            "stack_s": [rounded(x) for x in data["stack"]],
            "app_s": [rounded(x) for x in data["app"]],
            "app_phases_median_s": {
                name: rounded(median([p[name] for p in data["phases"]])) for name in phase_names
            },
        },
    }
