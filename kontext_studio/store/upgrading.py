"""One upgrade of a library's schema at a time; another opener waits for it, and is told.

An upgrade holds SQLite's write lock from its backup to its commit: seconds for a large
library (4.3 s for 100 000 rows, the backup before it, under load). A second instance that
opened the old library meanwhile (the command line, a window on Windows, a second window a
launch could not hand its request to) waited only SQLite's busy timeout for that lock and
ended with "database is locked", in the words of another program holding the library. So
the upgrade also holds a lock of the operating system's on a file beside the library
(``library.sqlite3.upgrade.lock``, left there, as the jobs' claim's file is), from before
it reads the schema's version to its commit. An opener that finds the library old and that
lock held says so (``told``), waits for it without SQLite's timeout, then opens the library
the other upgraded, upgrading nothing itself. The lock goes with its process, killed or
crashed: its upgrade rolled back, the waiting one upgrades. A library of this schema never
touches the file: its open is as fast as before.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from kontext_studio.errors import LibraryUpgradingError
from kontext_studio.i18n import QT_TRANSLATE_NOOP
from kontext_studio.jobs.claim import lock_now, unlock_and_close

log = logging.getLogger(__name__)

UPGRADE_WAIT_S = 600.0
"""How long an opener waits for another instance's upgrade: a library of a million rows
takes under a minute on a slow disk; one that has not finished by then is stuck."""
_LOOK_EVERY_S = 0.05


class UpgradeWaitStopped(Exception):
    """The wait for another instance's upgrade was given up (the window's start closed, a
    stop signal): nothing was written, the library is as the other leaves it."""


def upgrade_lock_path(database: Path) -> Path:
    """The file whose lock an upgrade of the library ``database`` holds."""
    return database.with_name(database.name + ".upgrade.lock")


@contextlib.contextmanager
def upgrading_alone(
    database: Path,
    told: Callable[[], object],
    wait_s: float = UPGRADE_WAIT_S,
    stopped: threading.Event | None = None,
) -> Iterator[None]:
    """Hold the upgrade lock of the library ``database``; calls ``told`` first, once, when
    another instance holds it, then waits for it up to ``wait_s``
    (:class:`LibraryUpgradingError` after), or until ``stopped`` is set
    (:class:`UpgradeWaitStopped`: before, a window's start could not be ended meanwhile,
    neither by closing its notice nor by Ctrl+C or a logout's SIGTERM). A lock file that
    cannot be made (a read-only folder) holds nothing: the upgrade goes on as before and
    says why it cannot write there (its backup)."""
    path = upgrade_lock_path(database)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        yield
        return
    try:
        if not lock_now(fd):
            log.info(
                "library upgraded by another instance: waiting", extra={"event": "upgrade_wait"}
            )
            told()
            _wait_for(fd, database, wait_s, stopped or threading.Event())
        yield
    finally:
        unlock_and_close(fd)


def _wait_for(fd: int, database: Path, wait_s: float, stopped: threading.Event) -> None:
    """Take ``fd``'s lock once the instance upgrading ``database`` lets it go: looked at
    every 50 ms, as a lock that waits cannot be given up after a while, nor when
    ``stopped`` is set."""
    deadline = time.monotonic() + wait_s
    while not lock_now(fd):
        if time.monotonic() >= deadline:
            raise LibraryUpgradingError.worded(
                _NOT_UPGRADED_IN_TIME, path=str(database), minutes=round(wait_s / 60)
            )
        if stopped.wait(_LOOK_EVERY_S):
            log.info("wait for the upgrade stopped", extra={"event": "upgrade_wait_stopped"})
            raise UpgradeWaitStopped


UPGRADING = QT_TRANSLATE_NOOP(
    "Errors",
    "The library is being upgraded by another Kontext Studio; waiting for it to finish…",
)
"""What an opener says while it waits for another instance's upgrade."""
_NOT_UPGRADED_IN_TIME = QT_TRANSLATE_NOOP(
    "Errors",
    "the library {path} is being upgraded by another Kontext Studio, which has not finished "
    "in {minutes} minutes",
)
