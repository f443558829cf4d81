"""A failed or slow test named as it ends, and the run's pace (:mod:`tests.said_at_once`)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests import said_at_once
from tests.said_at_once import _Notes


class Reporter:
    """The terminal reporter's lines, kept; each starts a line of its own."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._tw = SimpleNamespace(width_of_current_line=0)

    def write_line(self, line: str) -> None:
        self.lines.append(line)


def report(nodeid: str, when: str, seconds: float, outcome: str = "passed") -> pytest.TestReport:
    """What a worker sends of one phase of a test."""
    return pytest.TestReport(nodeid, ("t.py", 1, nodeid), {}, outcome, None, when, duration=seconds)


def ran(notes: _Notes, nodeid: str, setup: float, call: float, teardown: float) -> None:
    for when, seconds in (("setup", setup), ("call", call), ("teardown", teardown)):
        notes.note(report(nodeid, when, seconds))


def test_a_failure_is_named_as_it_comes_with_its_phase() -> None:
    """A failing call or teardown is named the moment its report comes, not only at the end."""
    reporter = Reporter()
    notes = _Notes(reporter)  # type: ignore[arg-type]
    notes.note(report("t.py::test_a", "setup", 0.1))
    notes.note(report("t.py::test_a", "call", 0.2, "failed"))
    notes.note(report("t.py::test_b", "???", 0.0, "failed"))
    assert [line.split("] ", 1)[1] for line in reporter.lines] == [
        "FAILED t.py::test_a (in its call)",
        "FAILED t.py::test_b (its worker ended)",
    ]
    assert reporter.lines[0].startswith("[0 s] ")


def test_a_slow_test_is_named_with_the_time_of_each_phase() -> None:
    """Setup, call and teardown together past :data:`SLOW_S`: named, with where the time went;
    a quick one is not."""
    reporter = Reporter()
    notes = _Notes(reporter)  # type: ignore[arg-type]
    ran(notes, "t.py::test_quick", 1.0, 2.0, 1.0)
    ran(notes, "t.py::test_slow", 2.0, 30.0, 40.0)
    assert [line.split("] ", 1)[1] for line in reporter.lines] == [
        "SLOW t.py::test_slow: setup 2 s, call 30 s, teardown 40 s"
    ]


def test_the_pace_is_said_every_few_minutes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Once :data:`PACE_S` has passed since it was last said, the count of finished tests."""
    clock = [1000.0]
    monkeypatch.setattr(said_at_once.time, "monotonic", lambda: clock[0])
    reporter = Reporter()
    notes = _Notes(reporter)  # type: ignore[arg-type]
    ran(notes, "t.py::test_a", 0, 0, 0)
    clock[0] += said_at_once.PACE_S
    ran(notes, "t.py::test_b", 0, 0, 0)
    clock[0] += 10
    ran(notes, "t.py::test_c", 0, 0, 0)
    assert reporter.lines == ["[300 s] 2 tests done"]
