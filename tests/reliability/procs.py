"""Running the real program in child processes: the CLI, and a tiny launcher for the window.

Every run's stdout and stderr are kept in :data:`TRANSCRIPTS` so the secrets test can search
all of them afterwards.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kontext_studio.simulator import Simulator

ROOT = Path(__file__).resolve().parents[2]
TRANSCRIPTS: list[str] = []


@dataclass
class Run:
    code: int
    result: Any
    stdout: str
    stderr: str


def child_env(home: Path, sim: Simulator | None, key: str | None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIE_", "KONTEXT_", "R2_"))}
    env.update(
        KONTEXT_STUDIO_HOME=str(home),
        KONTEXT_STUDIO_POLL_SCALE="0.01",
        QT_QPA_PLATFORM="offscreen",
    )
    if sim is not None:
        env.update(KONTEXT_STUDIO_KIE_URL=sim.base_url, KONTEXT_STUDIO_KIE_UPLOAD_URL=sim.base_url)
    if key is not None:
        env["KIE_API_KEY"] = key
    env.update(extra)
    return env


def keyring_backend(folder: Path, module: str, source: str) -> dict[str, str]:
    """The environment that makes a child process use the keyring backend written in
    ``source`` (class ``Keyring`` of module ``module``), kept in ``folder``."""
    folder.mkdir()
    (folder / f"{module}.py").write_text(source)
    return {"PYTHONPATH": str(folder), "PYTHON_KEYRING_BACKEND": f"{module}.Keyring"}


def run_cli(
    home: Path,
    sim: Simulator | None,
    *args: str,
    key: str | None = "test-key-0123456789",
    timeout: float = 60,
    stdin: str | None = None,
    wrapper: Sequence[str] = (),
    **extra: str,
) -> Run:
    """``kontext-studio ARGS`` in a child process; ``stdin``: what its stdin pipe holds (by
    default it reads from the test run's own); ``wrapper``: a command that runs it."""
    proc = subprocess.run(
        [*wrapper, sys.executable, "-m", "kontext_studio", *args],
        env=child_env(home, sim, key, **extra),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )
    TRANSCRIPTS.extend([proc.stdout, proc.stderr])
    lines = proc.stdout.strip().splitlines()
    try:
        result = json.loads(lines[-1]) if lines else None
    except ValueError:
        result = None
    return Run(proc.returncode, result, proc.stdout, proc.stderr)


def start(
    home: Path,
    sim: Simulator | None,
    argv: list[str],
    *,
    key: str | None = "test-key-0123456789",
    **extra: str,
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, *argv],
        env=child_env(home, sim, key, **extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )


def kill(proc: subprocess.Popen[str]) -> tuple[str, str]:
    """SIGKILL: no handler, no ``finally``, no flush. Returns what it had printed."""
    proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=10)
    assert proc.returncode == -signal.SIGKILL, (proc.returncode, err[-2000:])
    TRANSCRIPTS.extend([out, err])
    return out, err


def rows(home: Path) -> list[dict[str, Any]]:
    """Every artwork row, read-only, from outside the program."""
    db = home / "data" / "library.sqlite3"
    if not db.exists():
        return []
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            conn.row_factory = sqlite3.Row
            return [dict(r) for r in conn.execute("SELECT * FROM artwork ORDER BY id")]
    except sqlite3.Error:
        return []


def states(home: Path) -> list[str]:
    return [r["state"] for r in rows(home)]


def integrity(path: Path) -> str:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def wait_for(
    condition: Callable[[], bool],
    timeout: float = 30,
    proc: subprocess.Popen[str] | None = None,
) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if proc is not None and proc.poll() is not None:
            _out, err = proc.communicate()
            raise AssertionError(f"process ended early ({proc.returncode}): {err[-3000:]}")
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)
