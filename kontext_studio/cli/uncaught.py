"""Errors nobody catches in a command: those that end its worker threads (a thread nobody
joins for its result: the ledger's writer, a publish's watch) and those of its work nobody
awaited (a task whose error no one took). Each is logged with its traceback to the log
file, the first said in one line, and the command ends with a failure's exit code. Before,
Python's own hook and asyncio's logger printed each traceback to the terminal, and the
command ended as if all went well.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Awaitable, Iterator
from contextlib import contextmanager
from types import TracebackType

from kontext_studio.cli.output import say
from kontext_studio.explain import explain
from kontext_studio.loop_errors import log_left, own_error, thread_bug

log = logging.getLogger(__name__)


class Uncaught:
    """``threading.excepthook`` while a command runs (:func:`reported`), and its loop's
    exception handler (:meth:`in_loop`)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.first: BaseException | None = None
        """The first error nobody caught while the command ran (or once its result was
        printed, asyncio closing), if one came."""

    def __call__(self, args: threading.ExceptHookArgs) -> None:
        """Log the error that ended a thread; say the first. A thread ended by
        ``SystemExit`` ends quietly, as Python's own hook has it; one interrupted
        (``KeyboardInterrupt``) is no bug: logged, not said, and the command's result
        stands."""
        error = thread_bug(args, "cli_thread_interrupted")
        if error is None:
            return
        worker = getattr(args.thread, "name", "")
        self._take(error, args.exc_traceback, "worker thread failed", "cli_thread_crash", worker)

    async def heard(self, command: Awaitable[int]) -> int:
        """``command``, awaited in its loop with :meth:`in_loop` as the loop's handler."""
        asyncio.get_running_loop().set_exception_handler(self.in_loop)
        return await command

    def in_loop(self, loop: asyncio.AbstractEventLoop, context: dict[str, object]) -> None:
        """The loop's exception handler: an error of the command's work nobody awaited is
        taken as a thread's is; what is not one (:func:`~kontext_studio.loop_errors.own_error`)
        is logged (:func:`~kontext_studio.loop_errors.log_left`), as the window does."""
        error = own_error(context)
        if error is None:
            log_left(context)
            return
        self._take(error, error.__traceback__, str(context.get("message", "")), "cli_task_crash")

    def _take(
        self,
        error: BaseException,
        trace: TracebackType | None,
        message: str,
        event: str,
        worker: str = "",
    ) -> None:
        """Log ``error`` with its traceback; say it when it is the first."""
        extra = {"event": event, **({"worker": worker} if worker else {})}
        log.error(message, exc_info=(type(error), error, trace), extra=extra)
        with self._lock:
            first = self.first is None
            if first:
                self.first = error
        if first:
            say(explain(error).sentences())


@contextmanager
def reported() -> Iterator[Uncaught]:
    """:class:`Uncaught` as ``threading.excepthook`` for the time of the block; the hook
    it replaced is put back after it, unless another has taken its place since. The
    command's loop takes :meth:`Uncaught.in_loop` (:meth:`Uncaught.heard`)."""
    errors = Uncaught()
    previous = threading.excepthook
    threading.excepthook = errors
    try:
        yield errors
    finally:
        if threading.excepthook is errors:
            threading.excepthook = previous
