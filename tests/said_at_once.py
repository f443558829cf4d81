"""A failed or slow test named the moment it ends, and the run's pace every few minutes.

pytest names a failed test only in the summary at the end of the run, and a run that never
gets there (a CI service's time limit, the run slowed down after a hang) leaves an "F" among
the dots and nothing else: the tracker showed one at 42 % of a run ended at 5 400 s, and
which test it was, or where the time went, could not be told. The controller (or the only
process, without xdist) writes these lines as the reports come in, where an output's tail
keeps them."""

from __future__ import annotations

import time

import pytest

SLOW_S = 60.0
"""A test whose setup, call and teardown took longer than this together is named."""

PHASES = ("setup", "call", "teardown")

PACE_S = 300.0
"""How often the run says how many tests it has finished."""


class _Notes:
    """The time each running test has spent so far, and the run's count of finished ones."""

    def __init__(self, reporter: pytest.TerminalReporter) -> None:
        self.reporter = reporter
        self.started = time.monotonic()
        self.last_pace = self.started
        self.spent: dict[str, dict[str, float]] = {}
        self.done = 0

    def note(self, report: pytest.TestReport) -> None:
        """Say at once what ``report`` tells of a failure or a slow test."""
        phases = self.spent.setdefault(report.nodeid, {})
        phases[report.when] = report.duration
        if report.outcome == "rerun":  # type: ignore[comparison-overlap]
            self.say(f"RERUN {report.nodeid}: its worker crashed or hung, it runs once more")
        if report.failed:
            where = f"in its {report.when}" if report.when in PHASES else "its worker ended"
            self.say(f"FAILED {report.nodeid} ({where})")
        if report.when != "teardown":
            return
        del self.spent[report.nodeid]
        self.done += 1
        if sum(phases.values()) > SLOW_S:
            times = ", ".join(f"{when} {seconds:.0f} s" for when, seconds in phases.items())
            self.say(f"SLOW {report.nodeid}: {times}")
        if time.monotonic() - self.last_pace >= PACE_S:
            self.last_pace = time.monotonic()
            self.say(f"{self.done} tests done")

    def say(self, line: str) -> None:
        """Write ``line`` on a line of its own, with the time since the run started (after
        the progress's dots, which xdist's reporter leaves without ending their line)."""
        if self.reporter._tw.width_of_current_line:
            self.reporter.write("\n")
        self.reporter.write_line(f"[{time.monotonic() - self.started:.0f} s] {line}")


_notes: _Notes | None = None


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    """The process that prints the run's progress takes the notes; a worker does not."""
    global _notes
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and not hasattr(config, "workerinput"):
        _notes = _Notes(reporter)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """A phase of a test ended (in this process, or in a worker, reported to this one)."""
    if _notes is not None:
        _notes.note(report)
