"""Where a test worker crashed or hung, and how: said again at the very end of the run's output.

A worker process that dies of a signal (a segmentation fault in Qt) is reported by xdist as
"worker 'gw0' crashed while running …" and nothing more; Python's fault handler wrote the
threads' stacks to the run's stderr at the moment of the crash, somewhere among thousands
of lines of progress, and a CI service that keeps only the output's tail lost them. So did
the stacks of a test stuck in Qt's loop, which the fault handler writes once
``faulthandler_timeout`` has passed before it ends the worker. Here each worker's fault
handler writes both to a file of its own, under the name of the test it was running, and
the run prints what any of them holds after everything else, where the tail keeps it.

A test whose worker crashed or hung runs once more, on the worker xdist starts in its place:
twice in full runs a worker's Qt loop stopped coming back to Python for good, in a different
test each time, under load, and never when the test ran again (the cause, inside Qt or
qasync, is not known). A second crash or hang of the same test fails the run; the first is
said as "RERUN" in the progress, counted in the summary and its stacks printed at the end."""

from __future__ import annotations

import faulthandler
import shutil
import tempfile
from pathlib import Path
from typing import IO, Any

import pytest

FOLDER = "kontext_studio_crash_folder"
"""The key of the controller's folder in each worker's ``workerinput``."""

LINES_SAID = 60
"""Lines of each crash report printed, pytest's and pluggy's own frames left out."""

RUNNER_FRAMES = ("/_pytest/", "/pluggy/", "/xdist/", "/execnet/")

RUNNING = "While running "
"""How a report's first line begins: the test the worker was running."""

_rerun: set[str] = set()
"""The tests run once more after their worker crashed or hung (:func:`pytest_handlecrashitem`)."""

_folder: Path | None = None
_report: IO[str] | None = None


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    """The controller makes the folder; a worker points its fault handler at its own file
    there, after pytest's own fault handler plugin pointed it at stderr."""
    global _folder, _report
    worker: dict[str, Any] | None = getattr(config, "workerinput", None)
    if worker is None:
        _folder = Path(tempfile.mkdtemp(prefix="ks-test-crashes-"))
    elif FOLDER in worker:
        _report = open(Path(worker[FOLDER]) / f"{worker['workerid']}.txt", "w")  # noqa: SIM115
        faulthandler.enable(file=_report, all_threads=True)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A worker starts a test: its report names it, and a hang's stacks come there too (pytest
    armed the timeout's dump to stderr as the test began; arming it again moves it)."""
    if _report is None:
        return
    _report.seek(0)
    _report.truncate()
    _report.write(f"{RUNNING}{item.nodeid}:\n\n")
    _report.flush()
    timeout = float(item.config.getini("faulthandler_timeout") or 0)
    if timeout > 0:
        ends = bool(item.config.getini("faulthandler_exit_on_timeout"))
        faulthandler.dump_traceback_later(timeout, exit=ends, file=_report)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """xdist starts a worker: it is told where to write."""
    if _folder is not None:
        node.workerinput[FOLDER] = str(_folder)


@pytest.hookimpl(optionalhook=True)
def pytest_handlecrashitem(crashitem: str, report: pytest.TestReport, sched: Any) -> None:
    """xdist lost the worker running ``crashitem``: the first time, the test goes back to
    the front of the queue and its report says "rerun" rather than "failed"."""
    if crashitem in _rerun:
        return
    try:
        sched.mark_test_pending(crashitem)
    except NotImplementedError:  # a scheduler that cannot take a test back
        return
    _rerun.add(crashitem)
    report.outcome = "rerun"  # type: ignore[assignment]


def pytest_report_teststatus(report: pytest.TestReport) -> tuple[str, str, str] | None:
    """A test run once more is shown as "R" and counted as "rerun", not as a failure."""
    if report.outcome == "rerun":  # type: ignore[comparison-overlap]
        return "rerun", "R", "RERUN"
    return None


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """The controller prints the start of every worker's crash or hang report, then removes
    them."""
    if _folder is None or hasattr(config, "workerinput"):
        return
    for report in sorted(_folder.glob("*.txt")):
        lines = crashed_thread_first(report.read_text(errors="replace"))
        if lines:
            print(f"\n--- worker {report.stem} crashed or hung; its fault handler wrote:")
            print("\n".join(lines[:LINES_SAID]), flush=True)
    shutil.rmtree(_folder, ignore_errors=True)


def crashed_thread_first(report: str) -> list[str]:
    """The lines of a fault handler's ``report``, the test it ran and the thread that
    crashed ("Current thread") or, for a hang, the main thread before the others, runner
    frames left out; none when the worker neither crashed nor hung. The handler writes the
    newest thread first and the main one, the GUI thread, last: after the ten idle workers
    of a qasync loop's executor, it came past :data:`LINES_SAID` and was never printed."""
    blocks: list[list[str]] = [[]]
    for line in report.splitlines():
        if not line.strip():
            blocks.append([])
        elif not any(runner in line for runner in RUNNER_FRAMES):
            blocks[-1].append(line)
            if line.startswith("Timeout ("):  # a hang's first line, its thread right after
                blocks.append([])
    blocks = [block for block in blocks if block]
    running = [block for block in blocks[:1] if block[0].startswith(RUNNING)]
    blocks = blocks[len(running) :]
    threads = [block for block in blocks if block[0].startswith(("Current thread", "Thread"))]
    if not threads:
        return []
    current = [block for block in threads if block[0].startswith("Current thread")]
    first = (current or threads[-1:])[0]
    head = blocks[: blocks.index(threads[0])]  # "Fatal Python error: …" or "Timeout (…)!"
    rest = [block for block in blocks[len(head) :] if block is not first]
    return [line for block in running + head + [first] + rest for line in [*block, ""]][:-1]
