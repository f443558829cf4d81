"""The stop signals (Ctrl+C, SIGTERM, SIGHUP) while a command runs: heard alike, the first
cancels the command, the next ends it at once."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
import threading
import time
from collections.abc import Coroutine, Iterator
from types import FrameType
from typing import Any

from kontext_studio.entry import EXIT_INTERRUPTED, STOP_SIGNALS

ONE_STOP_S = 0.25
"""A signal repeated within this long after the first of its kind is the same stop sent
twice, not a second one: ``timeout`` sends its signal to the command and then, at once, to
the command's process group, the command again. Heard as a second, it cut off the request
being sent that the first had given its moment. A person's second Ctrl+C comes later."""

STOPPED = threading.Event()
"""Set by the first stop signal while a command runs: its open's wait for another
instance's upgrade of the library ends (:func:`kontext_studio.cli.library.open_ledger`),
where the cancel the signal asks for comes only at the command's next await, after it."""


class StopSignals:
    """Ctrl+C (SIGINT), SIGTERM (``kill``, ``timeout 60 kontext-studio ...``, a logout) and
    SIGHUP (the terminal closed) while a command runs, all heard alike, as the window hears
    Ctrl+C and SIGTERM alike. The first cancels the command, whose ``finally`` closes its
    session: a generate request out is given a moment to answer, so that its job is not left
    with an unknown outcome. The next ends the command at once (KeyboardInterrupt).

    It stands in for ``asyncio.run``'s own handling, which hears only SIGINT (SIGTERM and
    SIGHUP ended the process outright, mid-request); one count serves all three, so a
    SIGTERM and then a Ctrl+C is the second. A signal the command was started with ignored
    (``nohup``, a background job) stays ignored.

    Once the command has returned (its result said; with ``--json``, its line printed then:
    :func:`~kontext_studio.cli.output.holding`), asyncio still closes: it waits for its
    worker threads. A signal then stops nothing: the first lets the close finish, the next
    cuts it short, and either way the command ends with its own result's exit code (a
    failure's when a worker thread failed meanwhile), never with an "interrupted" line after
    its result."""

    def __init__(self) -> None:
        self.first: int | None = None
        self._first_at = 0.0
        self.result: int | None = None
        """The command's exit code, once it has returned."""
        self._heard_after_result = False
        self._reading = False
        self._task: asyncio.Task[Any] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @contextlib.contextmanager
    def heard(self) -> Iterator[None]:
        """Route the stop signals to this object while the command runs."""
        before: dict[int, Any] = {}
        STOPPED.clear()
        if threading.current_thread() is threading.main_thread():
            for number in STOP_SIGNALS:
                handler = signal.getsignal(number)
                if handler is not signal.SIG_IGN:
                    before[number] = signal.signal(number, self._hear)
        try:
            yield
        finally:
            for number, handler in before.items():
                signal.signal(number, handler)

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """While the command reads its input before its loop starts (``key set``'s prompt): a
        stop signal ends the read at once, in KeyboardInterrupt. Heard as any other, the read
        would go on (Python resumes a read a signal interrupted) until Enter; and a read in a
        worker thread would hold the exit, with the terminal's echo off, until Enter too."""
        self._reading = True
        try:
            yield
        finally:
            self._reading = False

    async def run(self, command: Coroutine[Any, Any, int]) -> int:
        """Run ``command``; one cancelled by a stop signal ends in KeyboardInterrupt, as
        ``asyncio.run`` ends one cancelled by Ctrl+C, and so does one a stop signal came
        before (while the loop was made): it is not started."""
        task = self._task = asyncio.current_task()
        self._loop = asyncio.get_running_loop()
        if self.first is not None:
            command.close()
            raise KeyboardInterrupt
        try:
            with signals_wake(self._loop):
                self.result = await command
        except asyncio.CancelledError:
            if self.first is not None and task is not None and task.uncancel() == 0:
                raise KeyboardInterrupt from None
            raise
        if task is not None and task.cancelling():
            await self._take_back_cancel(task)
        return self.result

    @staticmethod
    async def _take_back_cancel(task: asyncio.Task[Any]) -> None:
        """A stop signal came while the command ran steps that await nothing (``jobs``
        printing its listing) and it returned, its result whole and said: the cancel the
        signal asked for, due at the task's next await, is taken here and back, as for a
        signal after the result. Left, it ended ``asyncio.run`` in a CancelledError, whose
        traceback the person read."""
        try:
            await asyncio.sleep(0)
        except asyncio.CancelledError:
            task.uncancel()

    def _hear(self, number: int, _frame: FrameType | None) -> None:
        if self.result is not None and not self._heard_after_result:
            self._heard_after_result = True
            return
        if number == self.first and time.monotonic() - self._first_at < ONE_STOP_S:
            return  # the first sent again (ONE_STOP_S)
        first = self.first is None
        if first:
            self.first = number
            self._first_at = time.monotonic()
            STOPPED.set()
        if self._reading:
            raise KeyboardInterrupt
        task, loop = self._task, self._loop
        if first and task is None:
            # The command's task has not started (asyncio.run is making its loop): run()
            # ends it before it does. A KeyboardInterrupt here left the command's coroutine
            # never awaited, which Python said on the terminal in RuntimeWarnings.
            return
        if first and task is not None and loop is not None and not task.done():
            task.cancel()
            loop.call_soon_threadsafe(lambda: None)  # wakes a loop waiting in select()
            return
        raise KeyboardInterrupt

    def exit_code(self) -> int:
        """128 + the signal that stopped the command, as a shell shows a tool it ended: 130
        for Ctrl+C, 143 for SIGTERM, 129 for SIGHUP."""
        return EXIT_INTERRUPTED if self.first is None else 128 + self.first


@contextlib.contextmanager
def signals_wake(loop: asyncio.AbstractEventLoop) -> Iterator[None]:
    """While the command runs: a stop signal wakes ``loop`` from its wait in ``select()``.
    Python runs a signal's handler only when the main thread runs Python code; a signal that
    came just before the loop went to sleep (nothing due, a worker thread busy) was heard only
    when something else woke it, a file's import later. The signal's number written to a
    socket the loop watches wakes it at once (what ``loop.add_signal_handler`` does, without
    taking the handlers over). Outside the main thread, nothing to do."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    reader, writer = socket.socketpair()
    with reader, writer:
        reader.setblocking(False)
        writer.setblocking(False)
        try:
            loop.add_reader(reader.fileno(), _drain, reader)
        except NotImplementedError:  # Windows' proactor loop watches no sockets so
            yield
            return
        before = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
        try:
            yield
        finally:
            signal.set_wakeup_fd(before)
            loop.remove_reader(reader.fileno())


def _drain(reader: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while reader.recv(4096):
            pass


def uncancel() -> None:
    """Take back the Ctrl+C that cancelled the running command: it goes on to report, and
    ``asyncio.run`` must not turn its end into a KeyboardInterrupt."""
    task = asyncio.current_task()
    if task is not None:
        task.uncancel()
