"""Which process carries on a library's unfinished jobs.

The window and the command line may have one library open at the same time. Each runs the
jobs it starts itself; the jobs an earlier run left unfinished are carried on by one process
only: the one that holds a lock on a file beside the library. Two processes carrying on the
same queued job would each send it, and KIE would charge twice.

A process that runs jobs without that claim (a command started while the window is open)
is a guest: before its first job is written it locks a file of its own beside the library
(``….jobs.guest-<pid>-<random>.lock``) and keeps it locked for its life. The file stays
when the process ends, however it ends, and says to the claim's holder that jobs may have
been left: once no guest's file is locked any more, every unfinished job the holder does
not run itself is nobody's, and the holder carries it on (and removes those files). While a
guest is running, its jobs and any others are left alone: the library does not say which
process runs which job.

The locks are the operating system's (``flock`` on Linux and macOS, a locked byte on
Windows), so they go with their process, even one killed or crashed. Taking one never waits.

A ``jobs`` listing looks whether anything carries the unfinished jobs on by taking those
locks for an instant (:func:`who_runs`), and one taken then by a process that means to
hold it would be found held: the claim by a ``resume``, a ``generate`` or the window
starting, which then left every unfinished job to nobody; an ended guest's file by the
holder, which then took that guest for running. A listing looks only while it holds a third
file's lock (``….jobs.look.lock``); a guest's file found held is taken once more after
waiting for that one, so that only a process that holds it for good is found holding it, and
the claim is taken while holding that lock (see below).
(``filelock`` does the same, but costs ~20 ms of start-up to import, a tenth of the budget
the start-up benchmark leaves.)

The holder writes into the claim's file who it is (:class:`Holder`: the window or which
command, in demo mode or live, its process id), so that the command line says who carries
the jobs on, and whether it runs those of their mode (a window in demo mode leaves live jobs
alone), where it said "the window or another command … if it is in live mode". A record is
believed only while another process holds the claim (:func:`who_runs`), and the lock of a
file of the record's (:func:`recorded_path`), which a holder takes with the claim once it
can write its record, and lets go with it. A holder killed leaves its record, cleared as
the next one takes the claim; a version before the record takes the claim alone and clears
nothing, so that record stays while it holds it, believed by no one for want of that lock
(it said a window in demo mode, killed, held the jobs an older `generate` held). Taking
the claim and writing the record happen while the look's lock is held, which a reader holds
too: a look never falls between the two, where a killed holder's record would be read as
the new one's. Windows locks a byte of the file (``msvcrt.locking``), which no other process
can read then: the record begins after that byte, so it is read while the claim is held.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

log = logging.getLogger(__name__)

GUEST_TRIES = 5
"""Tries to make and lock a guest file: a try fails only when the holder, looking at the
guests, finds the new file before it was locked and removes it."""

WINDOW = "window"
"""The :attr:`Holder.kind` of the window; a command's is its name (``generate``)."""

RECORD_LIMIT = 512
"""The most of a claim's file read for its record: one short line."""


class Holder(NamedTuple):
    """Which process holds a library's claim, as it wrote itself into the claim's file:
    ``kind`` the window (:data:`WINDOW`) or a command's name, ``demo`` its mode, ``pid``
    its process id. Nothing secret: a word, a mode and a number. (A named tuple: a
    dataclass costs ten times its start-up.)"""

    kind: str
    demo: bool
    pid: int

    @classmethod
    def here(cls, kind: str, *, demo: bool) -> Holder:
        """This process, as ``kind`` in demo mode or live."""
        return cls(kind, demo=demo, pid=os.getpid())

    def record(self) -> bytes:
        """The file's bytes: one line of JSON after the byte Windows locks (see the module)."""
        mode = "demo" if self.demo else "live"
        line = json.dumps({"kind": self.kind, "mode": mode, "pid": self.pid})
        return b"\n" + line.encode() + b"\n"


class Running(NamedTuple):
    """What a look at a library's locks found (:func:`who_runs`): whether a process holds
    the claim (``claimed``) and who by its record (``holder``; ``None`` when it wrote none
    or it cannot be read), and whether a guest still runs its own jobs (``guests``). Each
    True when unsure."""

    claimed: bool
    holder: Holder | None
    guests: bool

    @property
    def anywhere(self) -> bool:
        """Whether anything may be running the library's unfinished jobs."""
        return self.claimed or self.guests


class JobsClaim:
    """The right to carry on the unfinished jobs of the library beside ``path``, and the
    guest locks of the processes that run jobs without it."""

    def __init__(self, path: Path, holder: Holder | None = None) -> None:
        self._path = path
        self.holder = holder
        """Written into the claim's file while this process holds the claim; ``None``:
        nothing is, and readers say what they said before they knew who holds it."""
        self._fd: int | None = None
        self._recorded: int | None = None  # the record's lock (see the module), while held
        self._guest_fd: int | None = None
        self._guest_path: Path | None = None
        # Files of ended guests whose jobs were carried on but that could not be removed
        # (path -> descriptor holding them locked): locked, no new guest can take one, and
        # they are not looked at again while this process holds the claim.
        self._kept: dict[Path, int] = {}
        stem = path.name.removesuffix(".lock")
        self._guest_prefix = f"{stem}.guest-"
        # Taken off the event loop's thread (the claim, which may wait for a listing's look,
        # and a guest's lock) while the session may close: once released, one taken late
        # is let go at once.
        self._guard = threading.Lock()
        self._released = False

    @property
    def path(self) -> Path:
        return self._path

    @property
    def held(self) -> bool:
        return self._fd is not None

    @property
    def guest(self) -> bool:
        """Whether this process runs jobs without the claim, under a guest lock."""
        return self._guest_fd is not None

    def take(self) -> bool:
        """Whether this process holds the claim now (taken if free, else left at once).
        Taking it ends this process's guest lock: it carries on every job now. Not after
        :meth:`release` (its session has closed): held then, it would be held by nothing that
        runs jobs, as long as the process lives."""
        if self._fd is not None:
            return True
        # Binary on Windows too, where os.open opens text mode, which writes the record's
        # "\n" as "\r\n": cut short by write_record's truncation, no reader could read it.
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0)
        try:
            fd = os.open(self._path, flags, 0o600)
        except OSError as error:
            # No lock file can be made (a read-only folder): carry on as without one.
            log.warning(
                "the jobs' lock file cannot be made",
                extra={"event": "claim_unavailable", "reason": error.strerror or ""},
            )
            return True
        taken, recorded = self._lock_and_record(fd)
        if not taken:
            os.close(fd)
            return False
        with self._guard:
            if self._released:
                let_go(fd, recorded)
                return False
            self._fd, self._recorded = fd, recorded
            self._leave_guest()
        return True

    def _lock_and_record(self, fd: int) -> tuple[bool, int | None]:
        """Lock the claim's file ``fd`` and write :attr:`holder` into it, while the look's
        lock is held (see the module): no ``jobs`` listing looks meanwhile, so a lock found
        held is held by a holder, and no look reads the file between the two. Whether it is
        locked, and the record's lock (:func:`recorded_path`) held with it, ``None`` when
        no record is written. Without the look's lock (its file cannot be made; on Windows,
        a look held ten seconds), as before the record: asked again past a look
        (:func:`lock_past_looks`), and the record of the one before cleared, none written."""
        try:
            look = os.open(look_path(self._path), os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            look = None
        try:
            if look is not None and lock_now(look, wait=True):
                if not lock_now(fd):
                    return False, None
                recorded = self._lock_recorded() if self.holder is not None else None
                write_record(fd, self.holder if recorded is not None else None)
                return True, recorded
        finally:
            if look is not None:
                unlock_and_close(look)
        if not lock_past_looks(fd, self._path):
            return False, None
        write_record(fd, None)
        return True, None

    def _lock_recorded(self) -> int | None:
        """The record's file (:func:`recorded_path`) locked, as the claim is taken under the
        look's lock; ``None`` when it cannot be made or is held still (on Windows, by a
        holder that closed it a moment ago): no record is written then."""
        try:
            fd = os.open(recorded_path(self._path), os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return None
        if lock_now(fd):
            return fd
        os.close(fd)
        return None

    def enter_as_guest(self) -> None:
        """Lock a guest file for this process's life, unless it holds the claim or already
        has one. Call it before the first job this process runs without the claim is
        written: the holder then leaves that job alone while this process lives. Not after
        :meth:`release`: its session, closed, runs no job."""
        if self._fd is not None or self._guest_fd is not None:
            return
        reason = "taken"
        for _ in range(GUEST_TRIES):
            token = f"{os.getpid()}-{os.urandom(4).hex()}"
            path = self._path.with_name(f"{self._guest_prefix}{token}.lock")
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError as error:
                reason = error.strerror or ""
                break
            if lock_now(fd) and names(path, fd):
                with self._guard:
                    if self._released:  # closed meanwhile: running nothing, it is no guest
                        os.close(fd)
                        return
                    self._guest_fd, self._guest_path = fd, path
                return
            os.close(fd)  # removed by the holder before it was locked: a new one
        log.warning(
            "the guest lock file cannot be made",
            extra={"event": "guest_lock_unavailable", "reason": reason},
        )

    def ended_guests(self) -> list[Path] | None:
        """The files of the guests that have ended, or ``None`` while one is running. Only
        the files are looked at; call it off the GUI thread (the folder may be slow)."""
        return self._ended_guests(lambda fd: lock_past_looks(fd, self._path))

    def _ended_guests(self, lock: Callable[[int], bool]) -> list[Path] | None:
        """:meth:`ended_guests`, each guest's file locked by ``lock``."""
        ended: list[Path] = []
        for path in self._guest_files():
            fd = open_existing(path)
            if fd is None:
                continue  # removed meanwhile
            try:
                if not lock(fd):
                    return None
            finally:
                unlock_and_close(fd)
            ended.append(path)
        return ended

    def forget_guests(self, paths: list[Path]) -> None:
        """Remove the files of ended guests (from :meth:`ended_guests`) whose jobs are
        carried on now, so they are not looked at again."""
        for path in paths:
            fd = open_existing(path)
            if fd is None:
                continue
            if lock_past_looks(fd, self._path):
                self._remove_ended(path, fd)
            else:
                os.close(fd)

    def _remove_ended(self, path: Path, fd: int) -> None:
        """Remove an ended guest's file, held locked as ``fd``; one that cannot be removed
        (a permission, a file another program holds open) stays locked by this process,
        else the window would find it ended anew every few seconds, and carry on every
        unfinished job again each time, for as long as it runs."""
        if sys.platform != "win32":
            if _unlink_quietly(path):
                os.close(fd)
            else:
                self._kept[path] = fd
            return
        os.close(fd)  # Windows removes no open file
        if _unlink_quietly(path):
            return
        again = open_existing(path)
        if again is not None and lock_now(again):
            self._kept[path] = again
        elif again is not None:
            os.close(again)

    def release(self) -> None:
        """Free the claim and the guest lock. The guest file stays: it tells the holder that
        this process has ended and may have left jobs unfinished."""
        with self._guard:
            self._released = True
            if self._fd is not None:
                let_go(self._fd, self._recorded)
                self._fd = self._recorded = None
            if self._guest_fd is not None:
                # Free at once, on Windows too: this process's close then looks whether
                # another guest runs (JobEngine.aclose), and would find itself.
                unlock_and_close(self._guest_fd)
                self._guest_fd = self._guest_path = None
            for fd in self._kept.values():
                os.close(fd)
            self._kept.clear()

    def _leave_guest(self) -> None:
        """Drop the guest lock of a process that now holds the claim, and its file."""
        if self._guest_fd is not None and self._guest_path is not None:
            close_and_remove(self._guest_path, self._guest_fd)
            self._guest_fd = self._guest_path = None

    def _guest_files(self) -> list[Path]:
        """The guest files beside the library, except this process's own and those it keeps
        locked (:meth:`_remove_ended`)."""
        try:
            names = os.listdir(self._path.parent)
        except OSError:
            return []
        own = self._guest_path.name if self._guest_path is not None else None
        found = (
            self._path.with_name(name)
            for name in names
            if name.startswith(self._guest_prefix) and name.endswith(".lock") and name != own
        )
        return [path for path in found if path not in self._kept]


def claim_path(database: Path) -> Path:
    """The file whose lock is the claim on the unfinished jobs of the library ``database``."""
    return database.with_name(database.name + ".jobs.lock")


def look_path(path: Path) -> Path:
    """The file whose lock a ``jobs`` listing holds while it looks at the claim's file
    ``path`` and the guests' (:func:`who_runs`)."""
    return path.with_name(path.name.removesuffix(".lock") + ".look.lock")


def recorded_path(path: Path) -> Path:
    """The file whose lock the holder of the claim ``path`` holds while the record it wrote
    stands (see the module): a record is believed only while it is held."""
    return path.with_name(path.name.removesuffix(".lock") + ".recorded.lock")


def who_runs(path: Path, *, guests: bool = True) -> Running:
    """What may be running the unfinished jobs of the library beside ``path`` (the claim's
    file): a process holding the claim (the window, a command), and which by its record, or
    a guest still running its own (looked at with ``guests``). Else whatever is unfinished is
    nobody's until a ``resume`` or the window carries it on. The claim is taken and let go at
    once, its file never made, while the lock of :func:`look_path` is held: one who finds
    the claim held then asks again once it is let go (:func:`lock_past_looks`), and one
    taking it writes its record before it lets the look's lock go. Unsure (a file cannot be
    opened): claimed, and guests running, by no one known. Read the jobs first: a process
    that starts one meanwhile holds a lock by then."""
    unsure = Running(claimed=True, holder=None, guests=guests)
    try:
        look = os.open(look_path(path), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return unsure
    try:
        if not lock_now(look, wait=True):
            return unsure
        claimed = _claim_locked(path)
        holder = read_record(path) if claimed and _held(recorded_path(path)) else None
        runs = guests and JobsClaim(path)._ended_guests(lock_now) is None
        return Running(claimed=claimed, holder=holder, guests=runs)
    finally:
        unlock_and_close(look)  # last: no lock of the listing is held after it


def read_record(path: Path) -> Holder | None:
    """The holder's record in the claim's file ``path`` (:meth:`Holder.record`), read past
    the byte Windows locks; ``None`` when there is none or it cannot be read (cut short,
    of another shape). Believed only while the claim is found held (:func:`who_runs`)."""
    try:
        with open(path, "rb") as file:
            file.seek(1)
            data = file.read(RECORD_LIMIT)
    except OSError:
        return None
    line, ended, _ = data.partition(b"\n")
    if not ended:
        return None
    try:
        value = json.loads(line)
    except ValueError:
        return None
    if not isinstance(value, dict):
        return None
    kind, mode, pid = value.get("kind"), value.get("mode"), value.get("pid")
    if not (isinstance(kind, str) and kind.isascii() and kind.isalpha()):
        return None  # words of our own only, said as they are
    if mode not in ("demo", "live") or type(pid) is not int or pid <= 0:
        return None
    return Holder(kind, demo=mode == "demo", pid=pid)


def write_record(fd: int, holder: Holder | None) -> None:
    """Write ``holder``'s record into the claim's file ``fd``, held locked, in place of what
    was there (nothing, for ``None``). Cut short (a full disk), it is cleared: a record
    that cannot be read names no one. The file's position is left at its start, where
    Windows locks and unlocks its byte."""
    data = holder.record() if holder is not None else b""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        if data:
            os.write(fd, data)
        os.ftruncate(fd, len(data))
    except OSError as error:
        log.warning(
            "the jobs' claim's record cannot be written",
            extra={"event": "claim_record_unwritten", "reason": error.strerror or ""},
        )
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
    finally:
        with contextlib.suppress(OSError):
            os.lseek(fd, 0, os.SEEK_SET)


def let_go(fd: int, recorded: int | None) -> None:
    """Clear the record in the claim's file ``fd``, held locked, let the record's lock
    ``recorded`` go, then close ``fd``, which frees the claim: the next holder finds the
    record's lock free as it takes the claim. Killed before, the holder leaves its record,
    believed by no one."""
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
    if recorded is not None:
        unlock_and_close(recorded)
    os.close(fd)


def _claim_locked(path: Path) -> bool:
    """Whether the claim's file ``path`` is locked (or cannot be opened to know); a file
    that does not exist is made by no one."""
    return _held(path, unopened=path.exists)


def _held(path: Path, *, unopened: Callable[[], bool] = lambda: False) -> bool:
    """Whether another process holds the lock of ``path``, taken and let go at once if it
    is free; for a file that cannot be opened, ``unopened()`` (by default: held by no one)."""
    fd = open_existing(path)
    if fd is None:
        return unopened()
    try:
        return not lock_now(fd)
    finally:
        unlock_and_close(fd)


def lock_past_looks(fd: int, path: Path) -> bool:
    """:func:`lock_now` of ``fd`` (the claim's file ``path``, or a guest's beside it), asked
    once more when it is held, after a ``jobs`` listing that may hold it for an instant has
    let it go (:func:`who_runs`): False only when another process holds it."""
    if lock_now(fd):
        return True
    look = open_existing(look_path(path))
    if look is None:
        return False  # no listing has ever looked: what holds it is no listing
    try:
        lock_now(look, wait=True)
        return lock_now(fd)
    finally:
        unlock_and_close(look)


def lock_now(fd: int, *, wait: bool = False) -> bool:
    """Lock ``fd``'s file for this process without waiting (or, ``wait``, once the one
    holding it lets go; on Windows for ten seconds at most); False when another holds it."""
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except OSError:
        return False
    return True


def unlock_and_close(fd: int) -> None:
    """Let ``fd``'s lock go, then close it. Closing frees it too, but on Windows only in a
    while: a lock held for an instant must be free once this returns. Windows unlocks from
    the file's position, where the lock was taken: its first byte, wherever a read of the
    file has left the position since."""
    if sys.platform == "win32":
        import msvcrt

        with contextlib.suppress(OSError):  # not locked
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    os.close(fd)


def open_existing(path: Path) -> int | None:
    try:
        return os.open(path, os.O_RDWR)
    except OSError:
        return None


def names(path: Path, fd: int) -> bool:
    """Whether ``path`` still names the file open as ``fd`` (the holder may have removed it
    between its making and its locking)."""
    try:
        named, opened = os.stat(path), os.fstat(fd)
    except OSError:
        return False
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


def close_and_remove(path: Path, fd: int) -> None:
    """Close ``fd``, which holds ``path`` locked, and remove the file. Elsewhere than on
    Windows it is removed while still locked: a guest that opened it meanwhile finds, once it
    has locked it, that the name is gone (:func:`names`). Windows removes no open file, so
    it goes after closing, and not at all while a guest has it open."""
    if sys.platform != "win32":
        _unlink_quietly(path)
    os.close(fd)
    if sys.platform == "win32":
        _unlink_quietly(path)


def sync_folder(folder: Path) -> None:
    """Sync ``folder``'s list of names to the disk, after a file was made or renamed (or a
    folder made) in it: a name lasts a power cut only then (ext4 and btrfs may lose it,
    and the row naming the file, synced at once, would name nothing), however synced the
    file's bytes are. Windows has no handle on a folder to sync, and a file system that
    cannot sync one (some network shares) leaves the file as it was written before:
    neither fails the write."""
    if sys.platform == "win32":
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        log.debug("folder not synced", extra={"event": "folder_sync_failed"})
    finally:
        os.close(fd)


def _unlink_quietly(path: Path) -> bool:
    """Remove ``path``; whether it is gone."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        log.warning("a guest lock file cannot be removed", extra={"event": "unlink_failed"})
        return False
    return True
