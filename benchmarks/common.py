"""Helpers shared by the benchmarks: isolated app homes, server processes, worker processes,
statistics and a description of the machine.

Every measurement that compares two things runs both in the same kind of process against the
same kind of server, so the ratio only shows what differs: the app's own work.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from benchmarks.memory_keyring import BENCH_KEY

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
RESULT_MARK = "BENCH_RESULT "
DEFAULT_TIMEOUT_S = 900.0
PYCACHE = Path(tempfile.gettempdir()) / "ks-bench-pycache"


# Statistics -------------------------------------------------------------------------------


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values)) if values else float("nan")


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (``pct`` in 0..100): a value that was actually observed."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-pct * len(ordered) // 100))))
    return float(ordered[rank - 1])


def rounded(value: float | None, digits: int = 3) -> float | None:
    if value is None or value != value:  # NaN
        return None
    return round(float(value), digits)


# The machine ------------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_info() -> dict[str, Any]:
    info: dict[str, Any] = {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
    }
    try:
        import PySide6
        from PySide6 import QtCore

        info["pyside6"] = PySide6.__version__
        info["qt"] = QtCore.qVersion()
    except ImportError:
        info["qt"] = None
    try:
        info["memory_mb"] = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**20)
        info["load_avg_at_start"] = [round(x, 2) for x in os.getloadavg()]
    except (OSError, ValueError, AttributeError):
        pass
    return info


# An isolated app --------------------------------------------------------------------------


@contextlib.contextmanager
def temp_home(name: str) -> Iterator[Path]:
    """A fresh folder for KONTEXT_STUDIO_HOME (and anything else a run writes)."""
    folder = Path(tempfile.mkdtemp(prefix=f"ks-bench-{name}-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def app_env(
    home: Path, *, kie_url: str | None = None, extra: dict[str, str] | None = None
) -> dict[str, str]:
    """Environment for a process running the app: its own home, offscreen Qt, a key, KIE
    pointed at a local simulator, no AWS profile, no poll-scale leaking in from outside."""
    env = dict(os.environ)
    for name in ("KONTEXT_STUDIO_POLL_SCALE", "KONTEXT_STUDIO_DEMO_LATENCY"):
        env.pop(name, None)
    env.pop("R2_SECRET_ACCESS_KEY", None)
    # An installed app has its .pyc files; this shell may say PYTHONDONTWRITEBYTECODE, which
    # would make every run compile the app from source. Compiled files go to a cache of the
    # benchmarks' own (PYTHONPYCACHEPREFIX), never into the source tree.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    env.update(
        KONTEXT_STUDIO_HOME=str(home),
        QT_QPA_PLATFORM="offscreen",
        KIE_API_KEY=BENCH_KEY,
        AWS_CONFIG_FILE=str(home / "no-aws-config"),
        AWS_SHARED_CREDENTIALS_FILE=str(home / "no-aws-credentials"),
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")])),
    )
    if kie_url:
        env["KONTEXT_STUDIO_KIE_URL"] = kie_url
        env["KONTEXT_STUDIO_KIE_UPLOAD_URL"] = kie_url
    env.update(extra or {})
    return env


def write_settings(home: Path, **values: Any) -> None:
    """The app's settings file (``config/settings.json`` under KONTEXT_STUDIO_HOME)."""
    config = home / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.json").write_text(json.dumps(values), encoding="utf-8")


# Server processes -------------------------------------------------------------------------


class _Server:
    """A child process from ``benchmarks.servers`` that printed ``READY <url>``."""

    def __init__(self, args: list[str], env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [PYTHON, "-m", "benchmarks.servers", *args],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if not line.startswith("READY "):
            self.stop()
            raise RuntimeError(f"server {args[0]} did not start: {line!r}")
        self.url = line.split(" ", 1)[1]

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(OSError, ValueError):
                assert self.process.stdin is not None
                self.process.stdin.write(json.dumps({"cmd": "stop"}) + "\n")
                self.process.stdin.close()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> _Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class SimProcess(_Server):
    """The KIE simulator in its own process; ``url`` is its base URL."""

    def __init__(self, **config: Any) -> None:
        config.setdefault("credits", 1e9)  # the default 1 000 pays for only 200 jobs
        super().__init__(["kie", json.dumps(config)])

    def _ask(self, command: dict[str, Any]) -> Any:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def counts(self) -> dict[str, int]:
        result: dict[str, int] = self._ask({"cmd": "counts"})
        return result

    def tasks(self) -> dict[str, Any]:
        """``{"counts": {...}, "tasks": [{"task_id", "created", "completed", ...}]}``."""
        result: dict[str, Any] = self._ask({"cmd": "tasks"})
        return result

    def update(self, **changes: Any) -> None:
        self._ask({"cmd": "update", "changes": changes})

    def __enter__(self) -> SimProcess:
        return self


class S3Process(_Server):
    """moto's S3 server in its own process; ``url`` is its endpoint. With ``tls_folder`` it
    speaks https with a self-signed certificate, ``cert_path``, for ``AWS_CA_BUNDLE``."""

    def __init__(self, tls_folder: Path | None = None) -> None:
        super().__init__(["s3", str(tls_folder)] if tls_folder else ["s3"])
        self.cert_path = tls_folder / "s3-cert.pem" if tls_folder else None

    def __enter__(self) -> S3Process:
        return self


# Worker processes -------------------------------------------------------------------------


def run_worker(
    module: str,
    role: str,
    params: dict[str, Any],
    env: dict[str, str],
    *,
    timeout: float = DEFAULT_TIMEOUT_S,
) -> Any:
    """Run ``python -m <module> worker <role> <params>`` in a fresh process and return the
    JSON it reported. Each measured run gets a fresh interpreter: no warm caches, no state
    left over from the run before."""
    command = [PYTHON, "-m", module, "worker", role, json.dumps(params)]
    done = subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout
    )
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(RESULT_MARK):
            return json.loads(line[len(RESULT_MARK) :])
    tail = "\n".join((done.stderr or "").splitlines()[-25:])
    raise RuntimeError(f"{module} {role} exited {done.returncode} without a result:\n{tail}")


def report(result: Any) -> None:
    """Called by a worker: hand its result to :func:`run_worker`."""
    print(RESULT_MARK + json.dumps(result), flush=True)


def worker_main(roles: dict[str, Callable[[dict[str, Any]], Any]]) -> None:
    """Entry point of a benchmark module run as a worker process."""
    if len(sys.argv) >= 3 and sys.argv[1] == "worker" and sys.argv[2] in roles:
        params = json.loads(sys.argv[3]) if len(sys.argv) > 3 else {}
        report(roles[sys.argv[2]](params))
        return
    print(f"usage: python -m ... worker {{{','.join(roles)}}} '{{json}}'", file=sys.stderr)
    raise SystemExit(2)


def log(message: str) -> None:
    """Progress for the person watching, on stderr (stdout carries the table)."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)
