"""Errors that end a command's worker threads (a thread nobody joins for its result: the
ledger's writer, a publish's watch): each logged with its traceback to the log file, the
first said in one line, and the command ends with a failure's exit code. Before, Python's
own hook printed each traceback to the terminal, and the command ended as if all went well.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from kontext_studio.cli.output import say
from kontext_studio.explain import explain

log = logging.getLogger(__name__)


class ThreadErrors:
    """``threading.excepthook`` while a command runs (:func:`reported`)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.failed = False
        """Whether a thread of the command's ended in an error."""

    def __call__(self, args: threading.ExceptHookArgs) -> None:
        """Log the error that ended a thread; say the first. A thread ended by
        ``SystemExit`` ends quietly, as Python's own hook has it."""
        error = args.exc_value
        if error is None or isinstance(error, SystemExit):
            return
        log.error(
            "worker thread failed",
            exc_info=(args.exc_type, error, args.exc_traceback),
            extra={"event": "cli_thread_crash", "worker": getattr(args.thread, "name", "")},
        )
        with self._lock:
            first, self.failed = not self.failed, True
        if first:
            say(explain(error).sentences())


@contextmanager
def reported() -> Iterator[ThreadErrors]:
    """:class:`ThreadErrors` as ``threading.excepthook`` for the time of the block; the hook
    it replaced is put back after it, unless another has taken its place since."""
    errors = ThreadErrors()
    previous = threading.excepthook
    threading.excepthook = errors
    try:
        yield errors
    finally:
        if threading.excepthook is errors:
            threading.excepthook = previous
