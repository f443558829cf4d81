"""The simulator's tasks and balance on disk, so that a restarted simulator still knows them.

Demo mode runs the simulator inside the app: without this, closing the app while a job is
generating would leave a task id that the next start's simulator has never heard of, and the
job would end "not found", where the real KIE would simply have finished it. One JSON line per
task (``tasks.jsonl``); an edit's input image beside it (``<task id>.source``), read only to
draw the edit: the app holds no reference in memory for it, however many it edits in a day.
Tasks whose results KIE would have deleted by now (:attr:`SimulatorConfig.result_deleted_s`
after they completed) are dropped when the journal is loaded, so it does not grow without end.
The files uploaded to the simulator are kept in ``uploads/`` for the same reason, until they
expire or their simulator stops (:class:`UploadFolder`). The balance is kept beside them
(``balance.json``) for the day, so a demo artist sees it go down as on a real account, and
gets a full one each new day: kept for good, a demo would run out after a few hundred images
and stay out. A file that cannot be read starts the balance afresh.
The window and a command each run a simulator on the same folder, so the file, not what one
of them read at its start, is the balance: each charge reads it and writes it back while
holding ``balance.lock``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from kontext_studio.jobs.claim import lock_now, unlock_and_close
from kontext_studio.simulator.config import MOST_TASKS

log = logging.getLogger(__name__)

FILE_NAME = "tasks.jsonl"
LOCK_NAME = "tasks.lock"
BALANCE_FILE_NAME = "balance.json"
BALANCE_LOCK_NAME = "balance.lock"
UPLOADS_FOLDER = "uploads"


class TaskJournal:
    """Append-only task records in ``folder``; unreadable lines are skipped, not fatal.

    Bounded while a simulator runs, not only at its start: once this one has written
    ``most`` lines since it last wrote the file anew, the file is written anew
    (:meth:`compact`), keeping the ``most`` newest tasks of the last ``kept_s`` seconds
    (:meth:`load`). Every write holds the folder's ``tasks.lock``, so a line another
    simulator of the folder (the window's, a command's) appends is never lost to it."""

    def __init__(
        self,
        folder: Path,
        *,
        kept_s: float = math.inf,
        most: int = MOST_TASKS,
        dropping: Callable[[list[str]], None] | None = None,
    ) -> None:
        self.folder = folder
        self.kept_s = kept_s
        self.most = most
        self.dropping = dropping
        """Told the ids of the tasks a rewrite drops, before their input images are
        removed: a simulator still holding them forgets them (their pictures could no
        longer be drawn as made)."""
        self._written = 0
        """Lines this journal appended since it last wrote the file anew."""

    def append(self, record: dict[str, Any], source: bytes | None) -> bool:
        """Called after the task exists; a failure only costs resumability, so it is logged.
        Whether the task, and its ``source``, are written (:meth:`source` reads it back).
        A ``source`` whose line is not written is removed: no line names it, so it would stay
        for good, while the caller keeps the input itself. It is written under the journal's
        lock with its line, so a load never takes it for one a kill left (:meth:`load`)."""
        source_path = self.folder / f"{record['task_id']}.source"
        written = False
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
            with self._held(), (self.folder / FILE_NAME).open("a+b") as handle:
                if source is not None:
                    source_path.write_bytes(source)
                if handle.seek(0, os.SEEK_END) > 0:
                    handle.seek(-1, os.SEEK_END)
                    if handle.read(1) != b"\n":
                        line = b"\n" + line  # a line cut short by a crash stays on its own
                handle.write(line)
                handle.flush()
                written = True  # in the file: a later start reads it, and its source
                os.fsync(handle.fileno())
        except OSError as error:
            log.warning("simulator journal not written: %s", error.strerror)
            if source is not None and not written:
                with contextlib.suppress(OSError):
                    source_path.unlink(missing_ok=True)
            return False
        self._written += 1
        if self._written >= self.most:
            self.compact()
        return True

    def load(self, kept_s: float, *, compact: bool = True) -> list[dict[str, Any]]:
        """The tasks that completed (or will) less than ``kept_s`` seconds ago, the time
        their results are kept, at most the :attr:`most` newest (their input images are read
        by :meth:`source`). Others, and lines a crash cut short, are dropped from the file,
        unless ``compact`` is false: a simulator only looking for a task another one of the
        same folder made (:meth:`SimulatorState._adopt`) need not write it anew. So are the
        input images no line keeps (:meth:`_remove_unkept_sources`): before, a kill between
        a rewrite's replace and its removal of the dropped tasks' images left them for good."""
        if not compact:
            return self._read(kept_s)[0]
        with self._held() as held:
            kept, dropped, whole, read = self._read(kept_s)
            if dropped and self.dropping is not None:
                self.dropping(dropped)
            if dropped or not whole:
                self._rewrite(kept, dropped)
            # Only with the lock held (another simulator's append writes its image before
            # its line) and every line read: a read that failed (EMFILE, EIO) keeps none.
            if held and read:
                self._remove_unkept_sources({str(record["task_id"]) for record in kept})
        self._written = 0
        return kept

    def _remove_unkept_sources(self, kept: set[str]) -> None:
        """Remove the input images of tasks not in ``kept``, while the journal's lock is
        held: each is written with its line under it (:meth:`append`), so one no line
        keeps is of a task dropped (a kill cut its rewrite short) or never written."""
        try:
            found = list(self.folder.glob("*.source"))
        except OSError:
            return
        for path in found:
            if path.stem not in kept:
                with contextlib.suppress(OSError):
                    path.unlink(missing_ok=True)

    def compact(self) -> None:
        """Write the file anew with the tasks :meth:`load` keeps (of :attr:`kept_s`)."""
        self.load(self.kept_s)

    def _read(self, kept_s: float) -> tuple[list[dict[str, Any]], list[str], bool, bool]:
        """The tasks :meth:`load` keeps, the ids of those it drops, whether every line
        of the file was a task's, and whether its lines are all the tasks there are: the
        file read, or not there at all. Not a file that could not be read, whose tasks are
        unknown (their input images all kept: :meth:`_remove_unkept_sources`)."""
        path = self.folder / FILE_NAME
        try:
            lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
        except FileNotFoundError:
            return [], [], True, True
        except OSError as error:
            log.warning("simulator journal not read: %s", error.strerror)
            return [], [], True, False
        oldest = time.time() - kept_s
        kept: list[dict[str, Any]] = []
        dropped: list[str] = []
        read = 0
        for line in lines:
            try:
                record = json.loads(line)
                task_id = str(record["task_id"])
                done = float(record["created_epoch"]) + float(record.get("duration_s", 0.0))
                fresh = done >= oldest
            except (ValueError, KeyError, TypeError):
                continue
            read += 1
            if fresh:
                kept.append(record)
            else:
                dropped.append(task_id)
        if len(kept) > self.most:  # the oldest go: lines are appended as tasks are made
            dropped += [str(record["task_id"]) for record in kept[: -self.most]]
            kept = kept[-self.most :]
        return kept, dropped, read == len(lines), True

    def _held(self) -> contextlib.AbstractContextManager[bool]:
        """Hold the folder's journal lock while the file is written: an append of another
        simulator of the folder waits for a rewrite, which would otherwise lose its line.
        Without the lock (a folder that cannot be written) the write goes on, to fail or not
        on its own. Whether the lock is held."""
        return _locked(self.folder / LOCK_NAME, "journal")

    def _rewrite(self, kept: list[dict[str, Any]], dropped: list[str]) -> None:
        path = self.folder / FILE_NAME
        try:
            temporary = path.with_suffix(".tmp")
            temporary.write_text(
                "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in kept), encoding="utf-8"
            )
            os.replace(temporary, path)
            for task_id in dropped:
                (self.folder / f"{task_id}.source").unlink(missing_ok=True)
        except OSError as error:
            log.warning("simulator journal not compacted: %s", error.strerror)

    def source(self, task_id: str) -> bytes | None:
        """The input image of task ``task_id``, as :meth:`append` wrote it; None when there
        is none (a text task, or a file gone)."""
        try:
            return (self.folder / f"{task_id}.source").read_bytes()
        except OSError:
            return None


class UploadFolder:
    """The files uploaded to a simulator with a journal, each in a file of its own in
    ``uploads/`` beside the journal: in memory, every reference the app sent in a day stayed
    there (up to 20 MB each). A file that cannot be written is left to the caller to keep."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder / UPLOADS_FOLDER

    def keep(self, data: bytes) -> Path | None:
        """Write ``data`` to a new file; its path, or None when it could not be written."""
        path = self.folder / uuid.uuid4().hex
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        except OSError as error:
            log.warning("simulator upload not kept on disk: %s", error.strerror)
            self.forget(path)
            return None
        return path

    @staticmethod
    def forget(path: Path) -> None:
        """Remove the file of an upload that expired, or of a simulator that stopped."""
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)

    def forget_older(self, max_age_s: float) -> None:
        """Remove the files older than ``max_age_s``: those a simulator that crashed left.
        Younger ones may be another running simulator's of the same folder (the window's,
        a command's); their links name that simulator's port, so it alone reads them."""
        oldest = time.time() - max_age_s
        with contextlib.suppress(OSError), os.scandir(self.folder) as entries:
            for entry in entries:
                with contextlib.suppress(OSError):
                    if entry.stat().st_mtime < oldest:
                        os.unlink(entry.path)


class BalanceFile:
    """The account balance in ``folder``; a file that cannot be read or written is logged,
    never fatal: the balance then starts from the configured one."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / BALANCE_FILE_NAME
        self.day = date.today().isoformat()
        """The day the balance was last full: a write later that day keeps it, and the
        first check on a later day (:meth:`new_day`) refills it, app closed or open."""

    def load(self, default: float) -> float:
        """The balance kept by an earlier run today; ``default`` on the first run of a day,
        and when the file cannot be read or holds no balance (a crash mid-write, an edit by
        hand)."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return default
        except OSError as error:
            log.warning("simulator balance not read: %s", error.strerror)
            return default
        kept = _kept(raw)
        if kept is None:
            log.warning("simulator balance unreadable, starting from %s", default)
            return default
        credits, day = kept
        if day != self.day:
            log.info("simulator balance refilled for a new day: %s", default)
            return default
        return credits

    def current(self) -> float | None:
        """The balance the file holds now, if kept under this balance's day: another
        simulator of the folder may have spent some since this one read it. None when it
        holds none to go by (gone, unreadable, another day's): the caller keeps its own."""
        try:
            kept = _kept(self.path.read_bytes())
        except OSError:
            return None
        if kept is None or kept[1] != self.day:
            return None
        return kept[0]

    def held(self) -> contextlib.AbstractContextManager[bool]:
        """Hold the folder's balance lock while a charge reads the balance and writes it
        back, so that two simulators charging at the same instant both count. Without the
        lock (a folder that cannot be written) the charge goes on: it is a demo's balance."""
        return _locked(self.path.with_name(BALANCE_LOCK_NAME), "balance")

    def new_day(self) -> bool:
        """Whether a day began since the balance was last full; it counts as full from now."""
        today = date.today().isoformat()
        if today == self.day:
            return False
        self.day = today
        log.info("simulator balance refilled for a new day")
        return True

    def save(self, credits: float) -> None:
        """Replace the kept balance whole, so a crash leaves the old one or the new one."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".tmp")
            kept = {"credits": credits, "day": self.day}
            temporary.write_text(json.dumps(kept), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError as error:
            log.warning("simulator balance not written: %s", error.strerror)


def _kept(raw: bytes) -> tuple[float, str] | None:
    """The balance ``raw`` holds and the day it was kept (``""`` when not said), or ``None``
    when it holds none: not JSON, no ``credits``, or not a finite number that is not
    negative."""
    try:
        kept = json.loads(raw)
        value = kept["credits"]
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        credits = float(value)
        day = kept.get("day")
    except (ValueError, KeyError, TypeError, OverflowError, AttributeError):
        return None
    if not (math.isfinite(credits) and credits >= 0):
        return None
    return credits, day if isinstance(day, str) else ""


@contextlib.contextmanager
def _locked(lock: Path, what: str) -> Iterator[bool]:
    """Hold the lock file ``lock`` (made with its folder) while the block runs, waiting for
    another simulator of the folder that holds it; whether it is held. Without it (a folder
    that cannot be written) the block runs all the same, the ``what`` not locked logged."""
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as error:
        log.warning("simulator %s not locked: %s", what, error.strerror)
        yield False
        return
    try:
        lock_now(fd, wait=True)
        yield True
    finally:
        unlock_and_close(fd)
