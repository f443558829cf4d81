"""A crashed test worker's fault-handler report, as the end of the run prints it
(:mod:`tests.worker_crashes`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.worker_crashes import LINES_SAID, crashed_thread_first

ROOT = Path(__file__).resolve().parents[2]

IDLE = [
    "Thread 0x00007f00000{n}6c0 (most recent call first):",
    '  File "/usr/lib/python3.11/threading.py", line 327 in wait',
    '  File "/usr/lib/python3.11/queue.py", line 171 in get',
    '  File "/venv/lib/python3.11/site-packages/qasync/__init__.py", line 128 in run',
    "",
]


def test_the_thread_that_crashed_comes_first_however_many_threads_wait() -> None:
    """The fault handler writes the crashed thread last, after every other: behind a qasync
    loop's ten idle executor threads it was past the lines printed. It comes first now,
    whole, the runner's own frames left out."""
    report = "\n".join(
        [
            "Fatal Python error: Segmentation fault",
            "",
            *(line.format(n=n) for n in range(12) for line in IDLE),
            "Current thread 0x00007f0000000b80 (most recent call first):",
            '  File "/work/kontext_studio/ui/long_tips.py", line 40 in tip_lines',
            '  File "/work/tests/ui/test_long_tips.py", line 250 in test_a_tile',
            '  File "/venv/lib/python3.11/site-packages/_pytest/python.py", line 166 in call',
            "",
            "Extension modules: shiboken6.Shiboken, PySide6.QtCore (total: 2)",
        ]
    )
    said = crashed_thread_first(report)[:LINES_SAID]
    assert said[:5] == [
        "Fatal Python error: Segmentation fault",
        "",
        "Current thread 0x00007f0000000b80 (most recent call first):",
        '  File "/work/kontext_studio/ui/long_tips.py", line 40 in tip_lines',
        '  File "/work/tests/ui/test_long_tips.py", line 250 in test_a_tile',
    ]
    assert said[5] == ""
    assert said[6].startswith("Thread 0x")
    assert not any("/_pytest/" in line for line in said)


def test_an_empty_report_says_nothing() -> None:
    """A worker that did not crash left its file empty: nothing is printed of it."""
    assert crashed_thread_first("") == []


def test_a_hang_names_its_test_and_shows_the_main_thread_first() -> None:
    """A test stuck past ``faulthandler_timeout``: the report starts with the test's name,
    then the timeout's line and the main thread (the one the handler writes last)."""
    report = "\n".join(
        [
            "While running tests/ui/test_long_tips.py::test_a_tile:",
            "",
            "Timeout (0:06:00)!",
            *(line.format(n=n) for n in range(12) for line in IDLE),
            "Thread 0x00007f0000000b80 (most recent call first):",
            '  File "/venv/lib/python3.11/site-packages/qasync/__init__.py", line 9 in run_forever',
            '  File "/work/tests/ui/test_long_tips.py", line 250 in test_a_tile',
            "",
        ]
    )
    said = crashed_thread_first(report)[:LINES_SAID]
    assert said[:6] == [
        "While running tests/ui/test_long_tips.py::test_a_tile:",
        "",
        "Timeout (0:06:00)!",
        "",
        "Thread 0x00007f0000000b80 (most recent call first):",
        '  File "/venv/lib/python3.11/site-packages/qasync/__init__.py", line 9 in run_forever',
    ]


def test_a_worker_that_neither_crashed_nor_hung_says_nothing() -> None:
    """A worker's file names the test it ran last; with no stacks after it, nothing is said."""
    assert crashed_thread_first("While running tests/test_cli.py::test_x:\n\n") == []


def stuck_run(folder: Path, body: str) -> subprocess.CompletedProcess[str]:
    """A real xdist run, one worker, of a quick test and ``body`` as a second one, with the
    fault handler ending a worker stuck for 2 s, as the project's own settings do at 360."""
    (folder / "pytest.ini").write_text(
        "[pytest]\nfaulthandler_timeout = 2\nfaulthandler_exit_on_timeout = true\n"
    )
    (folder / "test_stuck.py").write_text(
        f"import pathlib\nimport time\n\n\ndef test_quick():\n    pass\n\n\n{body}"
    )
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "1", "-p", "no:cacheprovider", *PLUGINS],
        cwd=folder,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )


PLUGINS = ["-p", "tests.worker_crashes", "-p", "tests.said_at_once"]

STUCK_ONCE = """def test_stuck_in_a_call():
    mark = pathlib.Path("stuck-once")
    if not mark.exists():
        mark.touch()
        time.sleep(60)
"""


def test_a_test_whose_worker_hung_once_runs_again_and_the_hang_is_said_at_the_end(
    tmp_path: Path,
) -> None:
    """The worker is ended by the fault handler mid-test; the test runs once more on a fresh
    worker and passes, so the run passes, but it says so: "RERUN" as it happens, "1 rerun" in
    the summary, and at the very end the test's name and where its thread was stuck."""
    run = stuck_run(tmp_path, STUCK_ONCE)
    assert run.returncode == 0, run.stdout
    said = [line for line in run.stdout.splitlines() if "RERUN test_stuck.py" in line]
    assert said[0].startswith("[")  # a line of its own, not after the progress's dots
    assert said[0].endswith(
        "RERUN test_stuck.py::test_stuck_in_a_call: its worker crashed or hung, it runs once more"
    )
    assert "2 passed, 1 rerun" in run.stdout
    tail = run.stdout[run.stdout.index("--- worker gw0") :].splitlines()
    assert tail[1:4] == [
        "While running test_stuck.py::test_stuck_in_a_call:",
        "",
        "Timeout (0:00:02)!",
    ]
    assert any("in test_stuck_in_a_call" in line for line in tail[4:10])


def test_a_test_whose_worker_hangs_twice_fails_the_run(tmp_path: Path) -> None:
    """Run once more, it hangs again: it fails, and the run with it."""
    run = stuck_run(tmp_path, "def test_stuck_in_a_call():\n    time.sleep(60)\n")
    assert run.returncode == 1
    assert "FAILED test_stuck.py::test_stuck_in_a_call" in run.stdout
    assert "1 failed, 1 passed, 1 rerun" in run.stdout
