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

_Held = tuple[list[asyncio.Handle], contextvars.Context, Callable[..., object], tuple[Any, ...]]
"""A step held (:meth:`EventLoop._step`): the handle it came due by (in a list, emptied once
it runs), its task's context, the step and its arguments."""


def is_step(callback: object) -> bool:
    """Whether ``callback`` is a task's step: its ``__step`` or ``__wakeup`` (in C, a wrapper or
    a builtin method), each bound to the :class:`asyncio.Task` it runs. Any other method of a
    task scheduled alone (``loop.call_soon(task.cancel)``) counts too: held as a step is, it
    only comes a moment later."""
    return isinstance(getattr(callback, "__self__", None), asyncio.Task)


class EventLoop(qasync.QEventLoop):
    """qasync's loop, holding a task's step due while another task's step runs
    (:mod:`kontext_studio.ui.event_loop`)."""

    def __init__(self, app: Any = None) -> None:
        super().__init__(app)
        self._stepping = False
        self._held: list[_Held] = []

    def call_later(
        self,
        delay: float,
        callback: Callable[..., object],
        *args: Any,
        context: contextvars.Context | None = None,
    ) -> asyncio.Handle:
        """As qasync's; a task's step is run by :meth:`_step`. qasync's ``call_soon`` and
        ``call_at`` come here, and so does ``call_soon_threadsafe`` (through a signal to
        ``call_soon``): every wake-up of a task does."""
        if not is_step(callback):
            return super().call_later(delay, callback, *args, context=context)
        if context is None:  # asyncio always gives the task's own
            context = contextvars.copy_context()
        made: list[asyncio.Handle] = []
        handle = super().call_later(
            delay, self._step, made, context, callback, *args, context=context
        )
        made.append(handle)
        return handle

    def _step(
        self,
        made: list[asyncio.Handle],
        context: contextvars.Context,
        callback: Callable[..., object],
        *args: Any,
    ) -> None:
        """Run a task's step, or hold it while another's runs (a Qt loop inside that one)."""
        if made[0].cancelled():
            made.clear()
            return
        if self._stepping:
            self._held.append((made, context, callback, args))
            return
        made.clear()  # the handle, its arguments and this list no longer a cycle to collect
        self._stepping = True
        try:
            callback(*args)
        finally:
            self._stepping = False
            if self._held:
                self._release()

    def _release(self) -> None:
        """The steps held while the last one ran, due on the next turn in the order they came."""
        held, self._held = self._held, []
        for made, context, callback, args in held:
            super().call_later(0, self._step, made, context, callback, *args, context=context)
