"""The suite's own guard: a test stuck where pytest-timeout cannot reach it ends the run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

STUCK = """
from PySide6.QtCore import QCoreApplication, QEventLoop


def test_stuck_inside_qts_event_loop():
    app = QCoreApplication.instance() or QCoreApplication([])
    QEventLoop(app).exec()  # nothing ever quits it, and no Python code runs meanwhile
"""


def test_a_test_stuck_inside_qts_event_loop_ends_the_run_with_its_stack(tmp_path: Path) -> None:
    """pytest-timeout's alarm (1 s here) never fires inside Qt's loop; the suite's settings
    (faulthandler_timeout with faulthandler_exit_on_timeout, 3 s here) end the run and
    print where it was stuck, instead of leaving CI waiting for ever."""
    stuck = tmp_path / "test_stuck.py"
    stuck.write_text(STUCK, encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-c",
            str(REPO / "pyproject.toml"),
            "--rootdir",
            str(tmp_path),
            "-p",
            "no:cacheprovider",
            "-o",
            "timeout=1",
            "-o",
            "faulthandler_timeout=3",
            str(stuck),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert done.returncode != 0
    told = done.stdout + done.stderr
    assert "Timeout" in told
    assert "test_stuck_inside_qts_event_loop" in told
