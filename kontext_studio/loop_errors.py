"""Errors nobody catches that neither a window nor a command shows as its work's.

Which errors an asyncio loop's exception handler reports as the app's own: the window
(:mod:`kontext_studio.ui.app`) and the command line (:mod:`kontext_studio.cli.uncaught`)
both set a loop exception handler; both log what is not an error of the app's work
(:func:`log_left`). And what a thread's failure becomes when neither hears it (a daemon
thread failing once the window or the command has ended): :func:`after_work`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
from collections.abc import Iterable
from typing import NoReturn

from kontext_studio import i18n
from kontext_studio.explain import explain
from kontext_studio.logs import stop_logging

log = logging.getLogger(__name__)

THREADS_WAITED_S = 5.0
"""How long, in all, the app waits as it ends for the threads it started, from the end of its
work: a command (``cli.run``) and the window (``ui.last_threads``) alike. Each imports it by
name, so a test sets one's own."""

_failed_after: set[threading.Thread] = set()
"""The threads whose failure :func:`after_work` said (:func:`failed_after`)."""


def own_error(context: dict[str, object]) -> Exception | None:
    """The error of the app's work in a loop exception handler's ``context`` (a callback's,
    or a task's nobody awaited), or None for what is not one: a message with no error, a
    connection reset or a transport failing (a server closing, the app closing its
    connections), each failure said by the request that met it."""
    error = context.get("exception")
    if (
        not isinstance(error, Exception)
        or isinstance(error, ConnectionError)
        or "transport" in context
        or "protocol" in context
    ):
        return None
    return error


def log_left(context: dict[str, object]) -> None:
    """Log what a loop's exception handler leaves (not :func:`own_error`) to the log file,
    its traceback with it, never to the terminal. asyncio's own handler logged it to a
    logger no handler of the app's hears, and Python printed it on stderr, traceback and
    all ("Fatal error on transport"), under a command's one line of its own. Only asyncio's
    words are logged, not the transport's or the task's repr (which may hold a URL)."""
    error = context.get("exception")
    log.warning(
        "loop error left",
        exc_info=error if isinstance(error, BaseException) else None,
        extra={"event": "loop_error_left", "said": str(context.get("message", ""))},
    )


def thread_bug(
    args: threading.ExceptHookArgs, interrupted: str = "thread_interrupted"
) -> BaseException | None:
    """The bug that ended a thread (``threading.excepthook``'s ``args``), to be said, or
    None: a thread ended by ``SystemExit`` ends quietly, as Python's own hook has it; one
    interrupted (``KeyboardInterrupt``) is no bug: logged (event ``interrupted``), not
    said. The window's, a command's and :func:`after_work` alike."""
    error = args.exc_value
    if error is None or isinstance(error, SystemExit):
        return None
    if isinstance(error, KeyboardInterrupt):
        log.warning(
            "worker thread interrupted",
            extra={"event": interrupted, "worker": getattr(args.thread, "name", "")},
        )
        return None
    return error


def after_work(args: threading.ExceptHookArgs) -> None:
    """``threading.excepthook`` while neither the window nor a command hears a thread's
    failure (before they start, once they have ended: a daemon thread still running then):
    a bug (:func:`thread_bug`) logged with its traceback, and said in one line on stderr.
    Before, Python printed the traceback."""
    error = thread_bug(args)
    if error is None:
        return
    if args.thread is not None:
        _failed_after.add(args.thread)
    worker = getattr(args.thread, "name", "")
    log.error(
        "worker thread failed",
        exc_info=(args.exc_type, error, args.exc_traceback),
        extra={"event": "thread_crash_after", "worker": worker},
    )
    if sys.stderr is not None:  # started with none (``2>&-``): said nowhere
        with contextlib.suppress(OSError, ValueError):  # a stderr nobody reads, or closed
            print(explain(error).sentences(), file=sys.stderr, flush=True)


def failed_after(threads: Iterable[threading.Thread]) -> bool:
    """Whether one of ``threads`` failed where :func:`after_work` said it: once the window or
    the command that started it had ended."""
    return any(thread in _failed_after for thread in threads)


def end_now(code: int) -> NoReturn:
    """End the process at once with ``code``, what is logged and printed so far written:
    Python's own exit would wait for threads that do not end (the window's), or could no
    longer change its code (a command's thread that failed as Python waited for it)."""
    stop_logging()  # the exit calls that would write the log's last lines do not run
    i18n.drop_compiled_apart()  # nor those that remove the catalogue compiled for the run
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    os._exit(code)
