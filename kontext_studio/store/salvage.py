"""The artworks a damaged library still gives, read back into the new one started in its place.

A library damaged in part (a disk's bad sectors, a file cut short by a full disk or a sync)
was moved aside whole and a new, empty one started: every artwork's prompt, title, tags, star
and published link was gone with the pages that were fine, however few were not (a library of
2 001 artworks, cut to half its length, still read 1 271). Now the rows that still read are
copied into the new library, under their own ids, before it is used: the rest is said lost.

Read from a copy of the damaged file (its ``-wal`` beside it), so the file kept for the artist
is left as it was found; each row is checked as the ledger reads it, so a row of garbage that
SQLite still reads is not taken. Only a library of this version's schema is read: an older
one's columns meant other things until its upgrade, which damage stopped.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import sqlite3
import tempfile
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
_TABLES = ("artwork", "deleted_task")
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
    artwork only where ``usable`` takes its row (the ledger's reading of it). Never raises:
    a library that gives nothing gives :class:`Salvaged` of none."""
    try:
        with _copy_of(damaged) as copy, contextlib.closing(sqlite3.connect(copy)) as source:
            if source.execute("PRAGMA user_version").fetchone()[0] != version:
                return Salvaged()
            counts = {
                table: _copy_table(source, fresh, table, usable if table == "artwork" else None)
                for table in _TABLES
            }
    except (sqlite3.Error, OSError, ValueError) as error:
        log.warning(
            "damaged library not read back",
            extra={"event": "db_salvage_failed", "reason": str(error)},
        )
        return Salvaged()
    read, lost = counts["artwork"]
    log.info(
        "damaged library read back",
        extra={"event": "db_salvaged", "artworks": read, "lost_some": lost},
    )
    return Salvaged(read, lost or counts["deleted_task"][1])


@contextlib.contextmanager
def _copy_of(damaged: Path) -> Iterator[Path]:
    """A copy of ``damaged`` with its ``-wal``, in its folder, removed after: SQLite reading
    the file itself would write its ``-shm``, and may fold the ``-wal`` into it."""
    folder = Path(tempfile.mkdtemp(prefix=".salvage-", dir=damaged.parent))
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
    usable: Callable[[dict[str, Any]], bool] | None,
) -> tuple[int, bool]:
    """Copy the rows of ``table`` that read (and that ``usable`` takes) from ``source`` into
    ``fresh``, by rowid: how many, and whether any could not be read."""
    columns = _shared_columns(source, fresh, table)
    if not columns:
        return 0, True
    listed = ", ".join(columns)
    marks = ", ".join("?" * (len(columns) + 1))
    insert = f"INSERT OR IGNORE INTO {table} (rowid, {listed}) VALUES ({marks})"
    copied, lost = 0, False
    for rows, failed in _readable(source, f"SELECT rowid, {listed} FROM {table}", table):
        lost = lost or failed
        for row in rows:
            if usable is not None and not usable(dict(zip(columns, row[1:], strict=True))):
                lost = True
                continue
            try:
                copied += fresh.execute(insert, row).rowcount
            except sqlite3.IntegrityError:  # a value this schema refuses (NULL where none)
                lost = True
    return copied, lost


def _shared_columns(source: sqlite3.Connection, fresh: sqlite3.Connection, table: str) -> list[str]:
    """The columns ``table`` has in both libraries, in the new one's order."""
    found = {row[1] for row in source.execute(f"PRAGMA table_info({table})")}
    return [row[1] for row in fresh.execute(f"PRAGMA table_info({table})") if row[1] in found]


def _readable(
    source: sqlite3.Connection, select: str, table: str
) -> Iterator[tuple[Sequence[Sequence[Any]], bool]]:
    """The rows of ``select`` (by rowid) a chunk of ids at a time, each with whether some of
    its ids could not be read: a chunk that fails is read again one id at a time."""
    highest = _highest_rowid(source, table)
    start, empty = 1, 0
    while (highest is not None and start <= highest) or (highest is None and empty < _EMPTY_CHUNKS):
        end = start + _CHUNK - 1
        try:
            rows = source.execute(f"{select} WHERE rowid BETWEEN ? AND ?", (start, end)).fetchall()
            failed = False
        except sqlite3.DatabaseError:
            rows, failed = _one_by_one(source, select, start, end)
        empty = 0 if rows or failed else empty + 1
        yield rows, failed
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
    """The highest rowid of ``table``, or None when its pages do not tell it."""
    try:
        found = source.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0]
    except sqlite3.DatabaseError:
        return None
    return int(found) if isinstance(found, int) else None
