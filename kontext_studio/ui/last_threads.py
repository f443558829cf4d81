"""The app's end, bounded: a worker thread that never ends does not keep it alive.

Once the window has closed and its session has shut down, the loop closes, waiting for
its worker threads, and Python waits, as it exits, for every thread that is not a daemon
(a pool's worker among them). A worker stuck in a read (a file on a network drive that
stopped answering, a keyring that does not answer) kept the process alive for ever after
the window had gone. :func:`bounded` gives them :data:`THREADS_WAITED_S`, as a command
gives its own threads (``cli.run``), then names the threads left in the log and ends the
process with the window's exit code. One of those threads failing once the window has
ended (said in one line, ``loop_errors.after_work``) makes an exit code of 0 a failure,
as a command's does.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time

from kontext_studio.loop_errors import THREADS_WAITED_S, end_now, failed_after

log = logging.getLogger(__name__)


def bounded(code: int) -> None:
    """From now on, the process ends with ``code`` within :data:`THREADS_WAITED_S`: when
    it has not ended by then of itself, a daemon thread ends it. Call it once the app's
    work is over (the window closed, its session shut): what is left is waiting. A thread
    left that fails meanwhile ends it as a failure (:func:`_ended`)."""
    left = [thread for thread in threading.enumerate() if thread is not threading.main_thread()]
    if code == 0:
        atexit.register(_failed_at_exit, left)
    watch = threading.Thread(
        target=_end_if_still_here, args=(code, left), name="exit-watch", daemon=True
    )
    watch.start()


def _ended(code: int, left: list[threading.Thread]) -> int:
    """The exit code: the window's ``code``, or 1 where it was 0 and one of the threads
    ``left`` at its end failed since. Before, the app ended 0, as if all went well."""
    return 1 if code == 0 and failed_after(left) else code


def _failed_at_exit(left: list[threading.Thread]) -> None:
    """At exit, once Python has waited for the threads ``left``: one that failed meanwhile
    ends the process as a failure."""
    if failed_after(left):
        end_now(1)


def _end_if_still_here(code: int, left: list[threading.Thread]) -> None:
    """:func:`bounded`'s thread: still running once the wait is over, the process is held
    by a thread that does not end; name the threads left, and end it."""
    time.sleep(THREADS_WAITED_S)
    me = threading.current_thread()
    names = sorted(
        thread.name
        for thread in threading.enumerate()
        if thread is not me and thread is not threading.main_thread()
    )
    log.error("threads left at exit", extra={"event": "threads_left_at_exit", "threads": names})
    end_now(_ended(code, left))
