"""The app's loop loses no task's step to a Qt loop opened inside another task's step."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any

import pytest
import qasync
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from kontext_studio.ui import event_loop
from kontext_studio.ui.event_loop import EventLoop
from kontext_studio.ui.question import ask

_EXEC = QDialog.exec
"""The dialogs' own ``exec``, which the tests' guard refuses inside a task
(:func:`tests.ui.conftest.no_nested_loops`): here the app's loop is tried with one."""


_Woken = Callable[
    [asyncio.AbstractEventLoop, list[Any]], tuple[Callable[[], Any], Callable[[], None]]
]
"""A wait, made on a loop: how it starts (its task), and how it is woken, from Qt's loop."""


def _by_a_timer(
    loop: asyncio.AbstractEventLoop, owned: list[Any]
) -> tuple[Callable[[], Any], Callable[[], None]]:
    """A wait for a future that Qt's loop sets."""
    woken = loop.create_future()

    async def waits() -> None:
        await woken

    def wake() -> None:
        woken.set_result(None)  # the waiting task's step due now, inside the question's loop
        loop.call_soon(_answer)  # after it

    return lambda: asyncio.ensure_future(waits()), wake


def _by_a_thread(
    loop: asyncio.AbstractEventLoop, owned: list[Any]
) -> tuple[Callable[[], Any], Callable[[], None]]:
    """A wait for a worker thread that Qt's loop lets go: its answer comes by
    ``call_soon_threadsafe``."""
    release = threading.Event()
    answered: list[asyncio.Future[bool]] = []

    async def waits() -> None:
        answered.append(loop.run_in_executor(None, release.wait))
        await answered[0]

    def when_answered() -> None:
        if answered[0].done():  # the waiting task's step due now
            poll.stop()
            loop.call_soon(_answer)  # after it

    poll = QTimer()
    owned.append(poll)
    poll.timeout.connect(when_answered)

    def wake() -> None:
        release.set()
        poll.start(5)

    return lambda: asyncio.ensure_future(waits()), wake


def _answer() -> None:
    """Answer the question open: Delete."""
    for box in QApplication.topLevelWidgets():
        if isinstance(box, QMessageBox) and box.isVisible():
            for button in box.buttons():
                if box.buttonRole(button) is QMessageBox.ButtonRole.AcceptRole:
                    button.click()


@pytest.mark.parametrize("woken", [_by_a_timer, _by_a_thread], ids=["timer", "thread"])
def test_a_question_asked_inside_a_task_loses_no_other_task_s_step(
    qapp: QApplication,
    owned: list[Any],
    monkeypatch: pytest.MonkeyPatch,
    woken: _Woken,
) -> None:
    """A question asked inside a task's step runs its own Qt loop there, and another task's
    step that comes due meanwhile ran inside it: on qasync's loop asyncio refused it ("Cannot
    enter into task"), only logged it, and that task never ended; closing the app waited for
    it until its grace ran out. On the app's loop it runs once the asking step has ended."""
    monkeypatch.setattr(QDialog, "exec", _EXEC)
    window = QWidget()
    owned.append(window)
    window.show()
    loop = EventLoop(qapp)
    start, wake = woken(loop, owned)

    async def asks_as_another_waits() -> tuple[bool, bool]:
        other = start()
        await asyncio.sleep(0)  # it waits
        QTimer.singleShot(0, wake)  # from the question's loop
        deleted = ask(window, "Delete", "Delete “fox”?", "&Delete")
        ended, _ = await asyncio.wait([other], timeout=10)
        return deleted, other in ended

    with loop:
        assert loop.run_until_complete(asks_as_another_waits()) == (True, True)


def test_the_private_names_the_loop_relies_on_are_there() -> None:
    """The app's loop runs a task's step through qasync's and asyncio's private names; a
    qasync or Python without them fails here, by name, not as a job that never ends."""
    assert callable(getattr(qasync.QEventLoop, "_add_callback", None)), (
        "qasync.QEventLoop._add_callback is gone: kontext_studio/ui/event_loop.py needs it"
    )
    assert "_run" in vars(asyncio.Handle), "asyncio.Handle._run is gone"
    assert "_run" in vars(event_loop._Step)


@pytest.mark.parametrize(
    "task_type",
    [asyncio.tasks._PyTask, asyncio.Task],  # type: ignore[attr-defined]
    ids=["python", "c"],
)
def test_each_step_of_a_task_is_held_as_a_step(qapp: QApplication, task_type: type) -> None:
    """A task's first step and its wake-ups (C's or Python's, on the Python the app runs
    on) are all seen as steps: one that is not would be run inside a question's loop and
    lost again, silently."""
    loop = EventLoop(qapp)
    given: list[asyncio.Handle] = []
    add = loop._add_callback

    def recorded(handle: asyncio.Handle, delay: float = 0) -> asyncio.Handle:
        given.append(handle)
        return add(handle, delay)

    loop._add_callback = recorded

    async def waits(woken: asyncio.Future[None]) -> None:
        await woken

    async def main() -> None:
        woken = loop.create_future()
        task = task_type(waits(woken), loop=loop)
        loop.call_soon(woken.set_result, None)
        await task

    with loop:
        loop.run_until_complete(main())
    steps = [
        handle
        for handle in given
        if isinstance(getattr(handle._callback, "__self__", None), task_type)  # type: ignore[attr-defined]
    ]
    assert len(steps) >= 2  # its first step and its wake-up
    assert all(isinstance(handle, event_loop._Step) for handle in steps)
