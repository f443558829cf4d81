"""Each press of Generate's own time in the library.

The jobs of one press share one time (``created_at``), and the orders by date
(:mod:`~kontext_studio.store.order`) list the rows of one time by their place among its
images. Two presses written at one time (two windows at once; a clock that moves in 16 ms
steps, as Windows' does) read their images mixed, "1, 1, 2, 2 …". So the ledger writes the
first job of a press, and every row that is not a later job of one, at a time no row has:
the clock's, or a step past it for each row there that has it (:func:`unused_time`), read
and written in one write transaction, so that two windows or processes cannot both take it.
A step is a microsecond, which the time's float keeps at today's epoch (one unit of its last
place is a quarter of one) and for long after: tied rows stay within a few of their time.
"""

from __future__ import annotations

import math

import peewee

STEP_S = 1e-6
"""How far past a time taken the next row goes."""


def after(moment: float) -> float:
    """The time a step past ``moment``: later than it, whatever its size."""
    return max(moment + STEP_S, math.nextafter(moment, math.inf))


def unused_time(db: peewee.SqliteDatabase, moment: float) -> float:
    """``moment``, or the first time a step past it that no row of the library has; read in
    the caller's write transaction, along the index of the orders by date."""
    while db.execute_sql("SELECT 1 FROM artwork WHERE created_at = ?", (moment,)).fetchone():
        moment = after(moment)
    return moment
