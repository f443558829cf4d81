"""The app's event loop: qasync's, which never loses a task's step to a nested Qt loop.

qasync runs asyncio's callbacks from Qt's timers, so any of Qt's loops runs them: the app's
own, and also one opened inside a task's step (a question's box, a dialog's ``exec``, a
drag, ``processEvents``). The step of another task due then is entered inside the running
one; asyncio refuses that ("Cannot enter into task"), only logs it, and the step is lost for
good: that task never ends, whatever awaits it waits for ever, and closing the app, which
waits for the tasks it cancelled, hangs until its grace runs out. asyncio's own loop never
runs a callback inside another.

:class:`EventLoop` holds such a step until the running one ends, then runs it on the next
turn, in its task's own context (what a step sets there, the task's next step sees), in the
order it came due; one cancelled meanwhile does not run. Only tasks' steps are held (the
bound ``__step``/``__wakeup`` of an :class:`asyncio.Task`, the only callbacks asyncio
refuses there): every other callback runs as qasync runs it, at no extra cost, and each
callback is on the app's hot path. Held, not scheduled again at once: a dialog open inside a
task for minutes would otherwise spin the CPU on timers of no delay all that time.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Callable
from typing import Any

import qasync

_TASKS: tuple[type, ...] = (asyncio.Task, getattr(asyncio.tasks, "_PyTask", asyncio.Task))
"""The classes of a task: C's (:class:`asyncio.Task`) and Python's, which is not a subclass
of C's (a Python without the C module runs it, and so may a library): its steps were seen
as plain callbacks, run inside a question's loop and lost again."""


def is_step(callback: object) -> bool:
    """Whether ``callback`` is a task's step: its ``__step`` or ``__wakeup`` (in C, a wrapper or
    a builtin method), each bound to the task it runs (:data:`_TASKS`). Any other method of a
    task scheduled alone (``loop.call_soon(task.cancel)``) counts too: held as a step is, it
    only comes a moment later."""
    return isinstance(getattr(callback, "__self__", None), _TASKS)


class _Step(asyncio.Handle):
    """The handle of a task's step, run by its loop's :meth:`EventLoop._step`. It keeps its
    task's context and says whether it was cancelled, as any handle does: held and due
    again, it is the same handle, so nothing is copied, and nothing refers back to it."""

    __slots__ = ()
    _loop: EventLoop  # set by asyncio's Handle

    def _run(self) -> None:
        self._loop._step(self)


class EventLoop(qasync.QEventLoop):
    """qasync's loop, holding a task's step due while another task's step runs
    (:mod:`kontext_studio.ui.event_loop`)."""

    def __init__(self, app: Any = None) -> None:
        super().__init__(app)
        self._stepping = False
        self._held: list[_Step] = []

    def call_later(
        self,
        delay: float,
        callback: Callable[..., object],
        *args: Any,
        context: contextvars.Context | None = None,
    ) -> asyncio.Handle:
        """As qasync's; a task's step is a :class:`_Step`. qasync's ``call_soon`` and
        ``call_at`` come here, and so does ``call_soon_threadsafe`` (through a signal to
        ``call_soon``): every wake-up of a task does. (qasync's own ``_add_callback`` starts
        the Qt timer that runs a handle, as it has since quamash.)"""
        if not is_step(callback):
            return super().call_later(delay, callback, *args, context=context)
        step = _Step(callback, args, self, context)
        self._add_callback(step, delay)
        return step

    def _step(self, step: _Step) -> None:
        """Run a task's step, or hold it while another's runs (a Qt loop inside that one)."""
        if self._stepping:
            self._held.append(step)
            return
        self._stepping = True
        try:
            asyncio.Handle._run(step)  # in the task's context; what it raises, reported
        finally:
            self._stepping = False
            if self._held:
                self._release()

    def _release(self) -> None:
        """The steps held while the last one ran, due on the next turn in the order they
        came; qasync does not run one cancelled meanwhile."""
        held, self._held = self._held, []
        for step in held:
            self._add_callback(step, 0)
