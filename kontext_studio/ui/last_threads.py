"""The app's end, bounded: a worker thread that never ends does not keep it alive.

Once the window has closed and its session has shut down, the loop closes, waiting for
its worker threads, and Python waits, as it exits, for every thread that is not a daemon
(a pool's worker among them). A worker stuck in a read (a file on a network drive that
stopped answering, a keyring that does not answer) kept the process alive for ever after
the window had gone. :func:`bounded` gives them :data:`THREADS_WAITED_S`, as a command
gives its own threads (``cli.run``), then names the threads left in the log and ends the
process with the window's exit code.
"""

from __future__ import annotations

import logging
import threading
import time

from kontext_studio.loop_errors import THREADS_WAITED_S, end_now

log = logging.getLogger(__name__)


def bounded(code: int) -> None:
    """From now on, the process ends with ``code`` within :data:`THREADS_WAITED_S`: when
    it has not ended by then of itself, a daemon thread ends it. Call it once the app's
    work is over (the window closed, its session shut): what is left is waiting."""
    watch = threading.Thread(
        target=_end_if_still_here, args=(code,), name="exit-watch", daemon=True
    )
    watch.start()


def _end_if_still_here(code: int) -> None:
    """:func:`bounded`'s thread: still running once the wait is over, the process is held
    by a thread that does not end; name the threads left, and end it."""
    time.sleep(THREADS_WAITED_S)
    me = threading.current_thread()
    left = sorted(
        thread.name
        for thread in threading.enumerate()
        if thread is not me and thread is not threading.main_thread()
    )
    log.error("threads left at exit", extra={"event": "threads_left_at_exit", "threads": left})
    end_now(code)
