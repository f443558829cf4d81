"""Which artworks a Delete is removing this very moment, in any process.

A Delete notes in the artwork's row that it moves the image to the trash
(:attr:`~kontext_studio.store.ledger.Snapshot.trashed_at`), moves it, then removes the row.
A publish (the window's, or the command line's) that meets the image gone reads the note;
the note alone cannot tell a Delete still under way (the artwork about to go) from one that
ended keeping the artwork (its image in the trash). Before, a note younger than the wait for
a busy library was taken for a Delete under way: a Delete that failed at once (a full disk)
was said to be under way, and one that ran longer (a slow trash, a command slow to start)
was said to have failed.

So the Delete holds a lock on a file beside the library (``….deleting-<id>.lock``) from
before its note until it has ended. The locks are the operating system's, as the jobs'
claim's (:mod:`.claim`): they go with their process, even one killed or crashed, so a
Delete that never ended holds none. Its file stays, though: a start removes those no
process holds (:func:`remove_ended_deletes`).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from kontext_studio.jobs.claim import close_and_remove, lock_now, names, open_existing

log = logging.getLogger(__name__)


def _lock_path(library: Path, job_id: int) -> Path:
    return library.with_name(f"{library.name}.deleting-{job_id}.lock")


def hold_delete(library: Path, job_id: int) -> int | None:
    """Blocking (it may wait for another process's Delete of the same artwork to end): lock
    the file that says a Delete of ``job_id`` in the library at ``library`` is under way.
    The descriptor holding it, for :func:`release_delete`; ``None`` when no file can be
    made (a read-only folder), said as before by the note alone."""
    path = _lock_path(library, job_id)
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            log.warning(
                "a Delete's lock file cannot be made",
                extra={"event": "delete_lock_unavailable", "reason": error.strerror or ""},
            )
            return None
        if not lock_now(fd, wait=True):
            os.close(fd)
            return None
        if names(path, fd):
            return fd
        os.close(fd)  # removed by the Delete that held it before: a new one


def release_delete(library: Path, job_id: int, fd: int) -> None:
    """The Delete of ``job_id`` holding ``fd`` (:func:`hold_delete`) has ended."""
    close_and_remove(_lock_path(library, job_id), fd)


def delete_under_way(library: Path, job_id: int) -> bool:
    """Whether a Delete of ``job_id`` runs now, in this process or another: its image about
    to go to the trash, or gone there, and the artwork about to be removed."""
    fd = open_existing(_lock_path(library, job_id))
    if fd is None:
        return False
    try:
        return not lock_now(fd)
    finally:
        os.close(fd)  # frees the lock taken, if any


def remove_ended_deletes(library: Path) -> int:
    """Blocking (it lists the library's folder): remove the lock files that Deletes killed
    or crashed mid-way left (:func:`release_delete` never ran), those no process holds;
    how many. Each is locked before it goes, as the claim's ended guests are: a Delete that
    opened it meanwhile finds, once it has locked it, that the name is gone, and makes a
    new one (:func:`hold_delete`)."""
    prefix = f"{library.name}.deleting-"
    try:
        found = os.listdir(library.parent)
    except OSError:
        return 0
    removed = 0
    for name in found:
        if not (name.startswith(prefix) and name.endswith(".lock")):
            continue
        path = library.with_name(name)
        fd = open_existing(path)
        if fd is None:
            continue  # removed meanwhile
        if lock_now(fd) and names(path, fd):
            close_and_remove(path, fd)
            removed += 1
        else:
            os.close(fd)  # a Delete under way, or a file made anew meanwhile
    return removed
