"""Which artworks a Delete is removing this very moment, in any process.

A Delete notes in the artwork's row that it moves the image to the trash
(:attr:`~kontext_studio.store.ledger.Snapshot.trashed_at`), moves it, then removes the row.
A publish (the window's, or the command line's) that meets the image gone reads the note;
the note alone cannot tell a Delete still under way (the artwork about to go) from one that
ended keeping the artwork (its image in the trash). Before, a note younger than the wait for
a busy library was taken for a Delete under way: a Delete that failed at once (a full disk)
was said to be under way, and one that ran longer (a slow trash, a command slow to start)
was said to have failed.

So the Delete holds a lock on a file beside the library (``….deleting-<pid>-<random>.lock``)
from before its first note until it has ended; the file names the artworks it deletes. A
Delete of several (the window's, of 2 000 artworks say) holds one for all of them: a file
made and removed per artwork made such a Delete a third slower (5.3 s against 3.8 s). The
locks are the operating system's, as the jobs' claim's (:mod:`.claim`): they go with their
process, even one killed or crashed, so a Delete that never ended holds none. Its file
stays, though: a start removes those no process holds (:func:`remove_ended_deletes`).

A Delete removes an artwork's row, then its image (one deleted for good, or written as the
Delete stopped its run). Killed between the two, it left the image in the library for good,
named by no row, which the app never showed again. So, before the row goes, the Delete
writes into its file the images it will remove (:func:`note_removals`), synced; a start
that finds the file of a Delete no process holds finishes that work, the image of each row
that is gone (:func:`remove_ended_deletes`). The ids stay the file's first line, all a look
(:func:`delete_under_way`) reads. A Delete for good of several notes the images of all of
them at once, synced once, before the first row goes: a note synced as each row went made
one of 300 take 0.45 s, against 0.29 s before notes. A start removes a noted image only
once its row is gone, so a note ahead of its row removes only the image of an artwork the
Delete was asked to remove; and a start that finds the row still there drops that note for
good, even one it leaves unfinished (a share not mounted): the artwork gone otherwise since
(to the Trash, its image put back by hand), a later start removed its image.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from kontext_studio.jobs.claim import (
    close_and_remove,
    lock_now,
    names,
    open_existing,
    sync_folder,
    unlock_and_close,
)

log = logging.getLogger(__name__)

TRIES = 5
"""Tries to make and lock a Delete's file: a try fails only when a start, removing the
files of ended Deletes, removed the new one before it was locked."""

_NAMES_AT = 1
"""Where the ids begin in a Delete's file: after the byte that is locked (Windows refuses a
read of a locked byte, even to another descriptor of the same process)."""
_SHA256 = re.compile(r"[0-9a-f]{64}")
"""A noted image's hash (:func:`note_removals`), as :func:`hashlib.sha256` writes it."""
_NOTING = threading.Lock()
"""One note at a time is added to a Delete's file (:func:`note_removals`): two Deletes of
one process may share it (:meth:`~kontext_studio.jobs.engine.JobEngine.deleting_together`)."""


@dataclass(frozen=True)
class Removal:
    """An image a Delete removes once the row of ``job_id`` is gone: the file at ``path``,
    whose bytes hash to ``sha256``, as the row or the job's own provenance said."""

    job_id: int
    path: Path
    sha256: str


def _prefix(library: Path) -> str:
    return f"{library.name}.deleting-"


def _files(library: Path) -> list[Path]:
    """The Deletes' files beside the library at ``library``, held or left."""
    prefix = _prefix(library)
    try:
        found = os.listdir(library.parent)
    except OSError:
        return []
    return [
        library.with_name(name)
        for name in found
        if name.startswith(prefix) and name.endswith(".lock")
    ]


def hold_delete(library: Path, job_ids: Collection[int]) -> tuple[Path, int] | None:
    """Blocking: make and lock a file beside the library at ``library`` that says a Delete
    of ``job_ids`` is under way. Its path and the descriptor holding it, for
    :func:`release_delete`; ``None`` when no file can be made (a read-only folder) or locked
    (a folder that takes no locks), said as before by the notes alone."""
    reason = "taken"
    for _ in range(TRIES):
        token = f"{os.getpid()}-{os.urandom(4).hex()}"
        path = library.with_name(f"{_prefix(library)}{token}.lock")
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        except OSError as error:
            reason = error.strerror or ""
            break
        try:
            _write_names(fd, job_ids)
        except OSError as error:
            close_and_remove(path, fd)
            reason = error.strerror or ""
            break
        # Waits only while a look at it holds it a moment (:func:`delete_under_way`).
        if not lock_now(fd, wait=True):
            # A folder that takes no locks (a share mounted without them): each try left
            # its file there for good, no start able to lock it to remove it.
            close_and_remove(path, fd)
            reason = "no lock"
            break
        if names(path, fd):
            return path, fd
        os.close(fd)  # removed by a start before it was locked: a new one
    log.warning(
        "a Delete's lock file cannot be made",
        extra={"event": "delete_lock_unavailable", "reason": reason},
    )
    return None


def _write_names(fd: int, job_ids: Collection[int]) -> None:
    """Write the ids of the artworks a Delete deletes into its file, open as ``fd``, before
    it is locked: a look (:func:`delete_under_way`) reads those of a locked file only, so
    never some of them, nor one cut short (12345 read as 123): the system may write the
    60 KB of a Delete of 10 000 in parts. The file's position is left at its start, the
    byte Windows locks (``msvcrt.locking`` locks from the position): left after the ids,
    the Delete locked a byte no look takes, and ran unseen."""
    os.lseek(fd, _NAMES_AT, os.SEEK_SET)
    _write_all(fd, " ".join(map(str, job_ids)).encode("ascii") + b"\n")
    os.lseek(fd, 0, os.SEEK_SET)


def _write_all(fd: int, data: bytes) -> None:
    """Write ``data`` at ``fd``'s place, however many parts the system takes it in."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def note_removals(held: tuple[Path, int], removals: Collection[Removal]) -> bool:
    """Blocking: write into the file of the Delete holding ``held`` the images it removes
    once their rows are gone, synced before the rows go: a Delete killed (or a power cut)
    between a row and its image leaves the note for the next start
    (:func:`remove_ended_deletes`). So is the file's name in its folder: new, it may not
    last a power cut its bytes last, and the note would go with it. Synced here, not as
    :func:`hold_delete` makes the file: a Delete to the trash notes nothing. Whether it
    was written: one that cannot be (a full disk) is only logged, and the Delete goes on,
    as one with no file does."""
    lines = "".join(
        json.dumps({"job": r.job_id, "path": os.fspath(r.path), "sha256": r.sha256}) + "\n"
        for r in removals
    )
    fd = held[1]
    try:
        with _NOTING:
            os.lseek(fd, 0, os.SEEK_END)
            _write_all(fd, lines.encode("utf-8", "surrogateescape"))
            os.fsync(fd)
        sync_folder(held[0].parent)
    except OSError as error:
        log.warning(
            "a Delete's images cannot be noted",
            extra={"event": "delete_note_failed", "reason": error.strerror or ""},
        )
        return False
    return True


def release_delete(held: tuple[Path, int]) -> None:
    """The Delete holding ``held`` (:func:`hold_delete`) has ended."""
    close_and_remove(*held)


def delete_under_way(library: Path, job_id: int) -> bool:
    """Whether a Delete of ``job_id`` runs now, in this process or another: its image about
    to go to the trash, or gone there, and the artwork about to be removed."""
    for path in _files(library):
        fd = open_existing(path)
        if fd is None:
            continue  # removed meanwhile
        try:
            if not lock_now(fd) and job_id in _named(fd):
                return True
        finally:
            unlock_and_close(fd)  # the lock taken, if any, free at once on Windows too
    return False


def _named(fd: int) -> set[int]:
    """The artworks the Delete's file open as ``fd`` names: its first line (a file of a
    version before the notes of images has no other)."""
    ids = _read(fd).split(b"\n", 1)[0]
    return {int(word) for word in ids.split() if word.isdigit()}


def _removals(fd: int) -> list[Removal]:
    """The images the Delete's file open as ``fd`` notes (:func:`note_removals`), but for a
    line cut short (a power cut as it was written: the row it speaks of was not removed)
    or damaged: a hash that is not one (the ledger, asked about it, raised on a byte not
    UTF-8, and stopped the start)."""
    found = []
    for line in _read(fd).split(b"\n")[1:]:
        try:
            note = json.loads(line.decode("utf-8", "surrogateescape"))
            removal = Removal(int(note["job"]), Path(note["path"]), str(note["sha256"]))
        except (ValueError, TypeError, KeyError):
            continue
        if _SHA256.fullmatch(removal.sha256):
            found.append(removal)
    return found


def _read(fd: int) -> bytes:
    """What the Delete's file open as ``fd`` holds after its locked byte; nothing when it
    cannot be read."""
    try:
        os.lseek(fd, _NAMES_AT, os.SEEK_SET)
        chunks = []
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
    except OSError:
        return b""
    return b"".join(chunks)


def remove_ended_deletes(
    library: Path, finish: Callable[[list[Removal]], list[Removal] | None]
) -> int:
    """Blocking (it lists the library's folder): remove the lock files that Deletes killed
    or crashed mid-way left (:func:`release_delete` never ran), those no process holds;
    how many. Each is locked before it goes, as the claim's ended guests are: a Delete that
    opened it meanwhile finds, once it has locked it, that the name is gone, and makes a
    new one (:func:`hold_delete`). ``finish`` is given first the images the Delete noted
    (:func:`note_removals`), to remove those whose rows are gone; it gives back those it
    could not, or ``None`` for all of them. A file stays, for the next start, noting only
    those (:func:`_noted_anew`): before, it kept the note of an artwork whose row stood
    (its Delete killed first), and once that artwork went otherwise (to the Trash, its
    image put back by hand), a later start removed its image."""
    removed = 0
    for path in _files(library):
        fd = open_existing(path)
        if fd is None:
            continue  # removed meanwhile
        if not (lock_now(fd) and names(path, fd)):
            unlock_and_close(fd)  # a Delete under way, or a file made anew meanwhile
            continue
        noted = _removals(fd)
        left = finish(noted)
        if left == []:
            close_and_remove(path, fd)
            removed += 1
        elif left is not None and len(left) < len(noted) and _noted_anew(library, fd, left):
            close_and_remove(path, fd)
        else:
            unlock_and_close(fd)  # unfinished: all it notes is left for the next start
    return removed


def _noted_anew(library: Path, fd: int, left: list[Removal]) -> bool:
    """Blocking: note ``left`` in a new file of the ended Delete whose file is open as
    ``fd``, for a later start, in place of that one; whether it was. The new file is made
    and synced first: killed meanwhile, the old one stays, as it was."""
    held = hold_delete(library, _named(fd))
    if held is None:
        return False
    if not note_removals(held, left):
        release_delete(held)
        return False
    unlock_and_close(held[1])  # no Delete runs it: the next start finishes it
    return True
