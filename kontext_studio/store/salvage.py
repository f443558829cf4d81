"""The artworks a damaged library still gives, read back into the new one started in its place.

A library damaged in part (a disk's bad sectors, a file cut short by a full disk or a sync)
was moved aside whole and a new, empty one started: every artwork's prompt, title, tags, star
and published link was gone with the pages that were fine, however few were not (a library of
2 001 artworks, cut to half its length, still read 1 271). Now the rows that still read are
copied into the new library, under their own ids, before it is used: the rest is said lost.

Read from a copy of the damaged file (its ``-wal`` beside it), so the file kept for the artist
is left as it was found; each row is checked as the ledger reads it, so a row of garbage that
SQLite still reads is not taken. Only a library of this version's schema is read: an older
one's columns meant other things until its upgrade, which damage stopped. A job that was to
be sent (queued, uploading, submitting) is not read back: the damaged file may be older than
the library was (SQLite drops the commits after a damaged one), the job sent since, and
carried on, it would be sent and paid for again. The read ends at the ids the library gave
(never a new id given twice), and in any case within :data:`_TIME_LIMIT_S`.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

_CHUNK = 256
"""Ids read at once; a chunk on a damaged page is read again one id at a time."""
_EMPTY_CHUNKS = 64
"""Chunks found empty in a row past the last row read that end the read, when the library
does not say its highest id."""
_COPY_PREFIX = ".salvage-"
_TIME_LIMIT_S = 60.0
"""The longest the read of a damaged library takes: the window waits for it to open."""
_UNSENT = frozenset({"queued", "uploading", "submitting"})
"""The states of a job still to be sent, or being sent: not read back (see the module)."""
_ARTWORK = "artwork"
_TABLES = (_ARTWORK, "deleted_task")
"""The tables read back: the artworks, and the tasks of deleted ones (a late answer to one
is then not taken for a new artwork)."""


@dataclass(frozen=True)
class Salvaged:
    """What :func:`salvage` read back: the artworks, and whether any row could not be read."""

    artworks: int = 0
    lost_some: bool = True


def salvage(
    damaged: Path,
    fresh: sqlite3.Connection,
    version: int,
    usable: Callable[[dict[str, Any]], bool],
) -> Salvaged:
    """Copy the rows of the library ``damaged`` (moved aside) that still read into the new
    library ``fresh``, empty and of schema ``version``, in the caller's transaction; an
    artwork only where ``usable`` takes its row (the ledger's reading of it). A damaged
    file that gives nothing gives :class:`Salvaged` of none; only a write into ``fresh``
    that fails raises (:class:`FreshLibraryError`)."""
    ends = time.monotonic() + _TIME_LIMIT_S
    try:
        with _copy_of(damaged) as copy, contextlib.closing(sqlite3.connect(copy)) as source:
            # A schema SQLite finds malformed (a file cut short) is still read as it stands.
            source.execute("PRAGMA writable_schema = ON")
            if source.execute("PRAGMA user_version").fetchone()[0] != version:
                return Salvaged()
            counts = {
                table: _copy_table(
                    source, fresh, table, ends, usable if table == _ARTWORK else None
                )
                for table in _TABLES
            }
            _never_again(source, fresh)
    except (sqlite3.DatabaseError, OSError, ValueError) as error:  # the damaged file's
        log.warning(
            "damaged library not read back",
            extra={"event": "db_salvage_failed", "reason": str(error)},
        )
        return Salvaged()
    read, lost = counts[_ARTWORK]
    log.info(
        "damaged library read back",
        extra={"event": "db_salvaged", "artworks": read, "lost_some": lost},
    )
    return Salvaged(read, lost or counts["deleted_task"][1])


class FreshLibraryError(Exception):
    """A write into the new library failed (a full disk, an I/O error): not the damaged
    file's, which only ends the read; the caller's to tell, as its own ``error``."""

    def __init__(self, error: sqlite3.DatabaseError) -> None:
        super().__init__(str(error))
        self.error = error


@contextlib.contextmanager
def _copy_of(damaged: Path) -> Iterator[Path]:
    """A copy of ``damaged`` with its ``-wal``, in its folder, removed after: SQLite reading
    the file itself would write its ``-shm``, and may fold the ``-wal`` into it. A copy a
    read killed before left is removed first."""
    for left in damaged.parent.glob(f"{_COPY_PREFIX}*"):
        shutil.rmtree(left, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix=_COPY_PREFIX, dir=damaged.parent))
    try:
        copy = folder / damaged.name
        for suffix in ("", "-wal"):
            source = Path(f"{damaged}{suffix}")
            if source.exists():
                shutil.copyfile(source, f"{copy}{suffix}")
        yield copy
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _copy_table(
    source: sqlite3.Connection,
    fresh: sqlite3.Connection,
    table: str,
    ends: float,
    usable: Callable[[dict[str, Any]], bool] | None,
) -> tuple[int, bool]:
    """Copy the rows of ``table`` that read (and that ``usable`` takes) from ``source`` into
    ``fresh``, by rowid, until ``ends`` (a monotonic time): how many, and whether any could
    not be read."""
    columns = _shared_columns(source, fresh, table)
    if not columns:
        return 0, True
    listed = ", ".join(columns)
    marks = ", ".join("?" * (len(columns) + 1))
    insert = f"INSERT OR IGNORE INTO {table} (rowid, {listed}) VALUES ({marks})"
    copied, lost = 0, False
    select = f"SELECT rowid, {listed} FROM {table}"
    for rows, failed in _readable(source, select, _highest_rowid(source, table), ends):
        lost = lost or failed
        for row in rows:
            values = dict(zip(columns, row[1:], strict=True))
            if usable is not None and (values.get("state") in _UNSENT or not usable(values)):
                lost = True
                continue
            copied += _inserted(fresh, insert, row)
    return copied, lost


def _inserted(fresh: sqlite3.Connection, insert: str, row: Sequence[Any]) -> int:
    """Insert ``row`` into the new library: 1, or 0 for a row its schema refuses (NULL where
    none may be). Any other failure is the new library's (:class:`FreshLibraryError`)."""
    try:
        return int(fresh.execute(insert, row).rowcount)
    except sqlite3.IntegrityError:
        return 0
    except sqlite3.DatabaseError as error:
        raise FreshLibraryError(error) from error


def _never_again(source: sqlite3.Connection, fresh: sqlite3.Connection) -> None:
    """Have the new library give no id the damaged one gave (its AUTOINCREMENT counter, or
    the highest id of an artwork or a deleted job's task it still shows): an artwork lost
    on a damaged page, or deleted, left its id in a published manifest."""
    given = [
        _one(source, "SELECT seq FROM sqlite_sequence WHERE name = 'artwork'"),
        _one(source, "SELECT max(job_id) FROM deleted_task"),
        _one(fresh, "SELECT max(id) FROM artwork"),
    ]
    highest = max((n for n in given if isinstance(n, int) and 0 < n < _ID_LIMIT), default=0)
    if highest:
        try:
            fresh.execute("DELETE FROM sqlite_sequence WHERE name = 'artwork'")
            fresh.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES ('artwork', ?)", (highest,)
            )
        except sqlite3.DatabaseError as error:
            raise FreshLibraryError(error) from error


_ID_LIMIT = 1 << 62
"""An id beyond this, read from a damaged page, is garbage: the counter is not set to it."""


def _one(connection: sqlite3.Connection, select: str) -> Any:
    """The one value of ``select``; None when it cannot be read."""
    try:
        found = connection.execute(select).fetchone()
    except sqlite3.DatabaseError:
        return None
    return found[0] if found else None


def _shared_columns(source: sqlite3.Connection, fresh: sqlite3.Connection, table: str) -> list[str]:
    """The columns ``table`` has in both libraries, in the new one's order."""
    found = {row[1] for row in source.execute(f"PRAGMA table_info({table})")}
    return [row[1] for row in fresh.execute(f"PRAGMA table_info({table})") if row[1] in found]


def _readable(
    source: sqlite3.Connection, select: str, highest: int | None, ends: float
) -> Iterator[tuple[Sequence[Sequence[Any]], bool]]:
    """The rows of ``select`` (by rowid) a chunk of ids at a time, each with whether some of
    its ids could not be read: a chunk that fails is read again one id at a time. Up to
    ``highest`` when it is known; else until :data:`_EMPTY_CHUNKS` in a row give nothing (a
    chunk that fails and gives nothing counts: past a damaged last page, every one does);
    and until ``ends``, a monotonic time (the rest then said lost)."""
    start, empty = 1, 0
    while (highest is not None and start <= highest) or (highest is None and empty < _EMPTY_CHUNKS):
        end = start + _CHUNK - 1
        try:
            rows = source.execute(f"{select} WHERE rowid BETWEEN ? AND ?", (start, end)).fetchall()
            failed = False
        except sqlite3.DatabaseError:
            rows, failed = _one_by_one(source, select, start, end)
        empty = 0 if rows else empty + 1
        out_of_time = time.monotonic() > ends
        yield rows, failed or out_of_time
        if out_of_time:
            return
        start = end + 1


def _one_by_one(
    source: sqlite3.Connection, select: str, start: int, end: int
) -> tuple[list[Sequence[Any]], bool]:
    rows: list[Sequence[Any]] = []
    failed = False
    for rowid in range(start, end + 1):
        try:
            rows.extend(source.execute(f"{select} WHERE rowid = ?", (rowid,)).fetchall())
        except sqlite3.DatabaseError:
            failed = True
    return rows, failed


def _highest_rowid(source: sqlite3.Connection, table: str) -> int | None:
    """The highest rowid of ``table``, or None when its pages do not tell it (or tell a
    number no library reaches: garbage)."""
    found = _one(source, f"SELECT max(rowid) FROM {table}")
    return found if isinstance(found, int) and 0 < found < _ID_LIMIT else None
