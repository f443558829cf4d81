"""Which process carries on a library's unfinished jobs.

The window and the command line may have one library open at the same time. Each runs the
jobs it starts itself; the jobs an earlier run left unfinished are carried on by one process
only: the one that holds a lock on a file beside the library. Two processes carrying on the
same queued job would each send it, and KIE would charge twice.

The lock is the operating system's (``flock`` on Linux and macOS, a locked byte on Windows),
so it goes with its process, even one killed or crashed, and the next start carries on
whatever is left. Taking it never waits. (``filelock`` does the same, but costs ~20 ms of
start-up to import, a tenth of the budget the start-up benchmark leaves.)
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

log = logging.getLogger(__name__)


class JobsClaim:
    """The right to carry on the unfinished jobs of the library beside ``path``."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def take(self) -> bool:
        """Whether this process holds the claim now (taken if free, else left at once)."""
        if self._fd is not None:
            return True
        try:
            fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            # No lock file can be made (a read-only folder): carry on as without one.
            log.warning(
                "the jobs' lock file cannot be made",
                extra={"event": "claim_unavailable", "reason": error.strerror or ""},
            )
            return True
        if not _lock(fd):
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor frees the lock
            self._fd = None


def _lock(fd: int) -> bool:
    """Lock ``fd``'s file for this process without waiting; False when another holds it."""
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True
