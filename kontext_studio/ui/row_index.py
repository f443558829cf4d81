"""Each row's place by its id, in a list whose rows are put in and taken out anywhere.

The library's rows are looked up by id at every change of a job, every tick of a running one
and every thumbnail read. Worked out again from the first row that moved, a row put in at the
top (a new job, newest first) had every row after it placed again at the next look-up: 14 ms
to 37 ms at 100 000 rows, on the window's thread, each time. Here each id keeps a place
``base`` such that its row is ``base + shift`` (one number for all): a row put in or taken
out moves the rows on the shorter side of it, the others by a change of ``shift``. At the
top or the bottom that is a few rows whatever the library's size. The rows to place again
are placed at the next look-up, once for all the changes made meanwhile (a run of removals
over a Delete of several), while they stay one stretch of rows; a change apart from the
stretch places it at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol


class HasId(Protocol):
    @property
    def id(self) -> int: ...


class RowIndex:
    """The row of each id of ``rows``, the list itself (not a copy): told of each change
    just after it is made (:meth:`appended`, :meth:`inserted`, :meth:`removed`,
    :meth:`moved`). ``row_of`` is the row of each id, when already made (in a worker
    thread); without it, every row is placed here (:meth:`_place`, which counts them)."""

    def __init__(self, rows: Sequence[HasId], row_of: dict[int, int] | None = None) -> None:
        self._rows = rows
        self._base: dict[int, int] = {} if row_of is None else row_of
        self._shift = 0
        self._stale: tuple[int, int] | None = None
        """The rows from the first to before the second whose ``base`` may be wrong or
        missing; every other row's is right."""
        if row_of is None:
            self._place(0, len(rows))

    def get(self, job_id: int) -> int | None:
        self._place_stale()
        base = self._base.get(job_id)
        return None if base is None else base + self._shift

    def __contains__(self, job_id: int) -> bool:
        return self.get(job_id) is not None

    def holds_any(self, job_ids: Iterable[int]) -> bool:
        self._place_stale()
        return not self._base.keys().isdisjoint(job_ids)

    def __len__(self) -> int:
        self._place_stale()
        return len(self._base)

    def appended(self, start: int) -> None:
        """The rows from ``start`` on were added at the end: placed now, each on its own."""
        shift = self._shift
        added = (row.id for row in self._rows[start:])
        self._base.update(zip(added, range(start - shift, len(self._rows) - shift), strict=True))

    def inserted(self, row: int, count: int) -> None:
        """``count`` rows were put in at ``row``."""
        stale = self._stale
        if stale is not None:
            lo, hi = stale
            stale = (lo if lo < row else lo + count, hi if hi <= row else hi + count)
        if row < len(self._rows) - count - row:  # nearer the top: move the rows above
            self._shift += count
            self._mark(stale, 0, row + count)
        else:
            self._mark(stale, row, len(self._rows))

    def removed(self, first: int, ids: Sequence[int]) -> None:
        """The rows of ``ids``, from ``first`` on, were taken out."""
        for job_id in ids:
            self._base.pop(job_id, None)
        count = len(ids)
        stale = self._stale
        if stale is not None:
            lo, hi = stale
            stale = (_after_removal(lo, first, count), _after_removal(hi, first, count))
        if first < len(self._rows) - first:
            self._shift -= count
            self._mark(stale, 0, first)
        else:
            self._mark(stale, first, len(self._rows))

    def moved(self, row: int, place: int) -> None:
        """The row at ``row`` was moved to ``place``: the rows between moved by one."""
        self._mark(self._stale, min(row, place), max(row, place) + 1)

    def _mark(self, stale: tuple[int, int] | None, lo: int, hi: int) -> None:
        """The rows from ``lo`` to before ``hi`` are to be placed again, with ``stale``
        (where those already to be placed now are); one stretch apart from the other is
        placed now, lest the rows between them be placed again for nothing."""
        if stale is not None and stale[0] >= stale[1]:
            stale = None
        if lo >= hi:
            self._stale = stale
        elif stale is None:
            self._stale = (lo, hi)
        elif stale[1] < lo or hi < stale[0]:
            self._place(*stale)
            self._stale = (lo, hi)
        else:
            self._stale = (min(lo, stale[0]), max(hi, stale[1]))

    def _place_stale(self) -> None:
        if self._stale is not None:
            stale, self._stale = self._stale, None
            self._place(*stale)

    def _place(self, lo: int, hi: int) -> None:
        shift = self._shift
        ids = (row.id for row in self._rows[lo:hi])
        self._base.update(zip(ids, range(lo - shift, hi - shift), strict=True))


def _after_removal(place: int, first: int, count: int) -> int:
    """Where the bound ``place`` of a stretch of rows is once ``count`` rows from ``first``
    are taken out."""
    if place <= first:
        return place
    return max(place - count, first)
