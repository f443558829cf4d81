"""A crashed test worker's fault-handler report, as the end of the run prints it
(:mod:`tests.worker_crashes`)."""

from __future__ import annotations

from tests.worker_crashes import LINES_SAID, crashed_thread_first

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
