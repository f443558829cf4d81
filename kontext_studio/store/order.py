"""The orders the library can be listed in, as SQL and as the same order of one row.

The store sorts (:meth:`Ledger.search`, a page at a time from a cursor); the window places
one changed or new artwork among the rows it has by :func:`order_key`, which sorts exactly
as the SQL does. Every order ends in the id, so that no two rows tie and a cursor (the last
row's :func:`cursor_of`) names one place: rows added meanwhile cannot shift a page, as they
would an offset.

The jobs of one press of Generate share one time, and no other row has it: the ledger
writes the first job of a press, and any other row, at a time no row has yet, the clock's or
a hair past the rows that have it (:mod:`~kontext_studio.store.moments`), so two presses at
one clock time (two windows at once; a clock as coarse as Windows', 16 ms) read one after
the other, not "1, 1, 2, 2 …" (those written before were separated at the upgrade to schema
32, :func:`~kontext_studio.store.schema._v32`, as were the times of the jobs of one press
written before schema 31, one a moment after the other, given the time of their first).
The orders by date list the rows of one time by their place among the images of their press
(``batch_place``, from the first; 0 for an artwork made alone), Newest first and Oldest
first alike, then by the id as the date goes: the four read "1 of 4 … 4 of 4" left to right
whatever ids they have. An Undo of a Delete brings an artwork back under a new id
(``Ledger.bring_back``): ordered by the id, "3 of 4" brought back alone read "3, 1, 2, 4".
Name A→Z lists the artworks of one name as Oldest first does.
"""

from __future__ import annotations

import enum
import functools
import itertools
import operator
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import peewee

from kontext_studio.store.schema import Artwork
from kontext_studio.store.search import SORT_NAME_INDEXED, sort_name

if TYPE_CHECKING:
    from kontext_studio.store.ledger import Snapshot

Cursor = tuple[float | str, ...]
_SortedBy = list[tuple[peewee.ColumnBase, bool]]
"""The columns an order sorts by, each with whether it goes down."""
_DATED = ("created_at", "batch_place", "id")
"""The columns each order sorts by last (Name A→Z's, as its query's arms name them)."""


class LibraryOrder(enum.Enum):
    NEWEST = "newest"
    OLDEST = "oldest"
    NAME = "name"
    """By title, else prompt (:func:`~kontext_studio.store.search.sort_name`), A to Z; those
    of one name from the oldest, the images of one press by their place."""
    STARRED = "starred"
    """Starred ones first, newest first among each."""

    @classmethod
    def named(cls, value: str) -> LibraryOrder:
        """The order kept as ``value``; Newest first for one no longer known (a later
        version's choice)."""
        return next((order for order in cls if order.value == value), cls.NEWEST)

    @property
    def descending(self) -> bool:
        return self in (LibraryOrder.NEWEST, LibraryOrder.STARRED)


def searched_text() -> peewee.ColumnBase:
    """A row's search text (:func:`~kontext_studio.store.search.search_text`), worked out
    for a row written without one."""
    return peewee.fn.coalesce(
        Artwork.search_text,
        peewee.fn.search_text_of(Artwork.prompt, Artwork.title, Artwork.tags, Artwork.description),
    )


def cursor_of(order: LibraryOrder, snapshot: Snapshot) -> Cursor:
    """The values ``order`` sorts ``snapshot`` by, in the order of its query's columns
    (:func:`page_of`)."""
    dated = (snapshot.created_at, snapshot.batch_place, snapshot.id)
    if order is LibraryOrder.NAME:
        return (sort_name(snapshot.prompt, snapshot.title), *dated)
    return (float(snapshot.starred), *dated) if order is LibraryOrder.STARRED else dated


def order_key(order: LibraryOrder, snapshot: Snapshot) -> Cursor:
    """An ascending key that sorts snapshots as ``order``'s SQL does."""
    return cursor_key(order, cursor_of(order, snapshot))


def cursor_key(order: LibraryOrder, cursor: Cursor) -> Cursor:
    """``cursor`` as an ascending key (:func:`order_key`)."""
    return tuple(
        -float(value) if descending else value
        for value, descending in zip(cursor, _directions(order), strict=True)
    )


def _directions(order: LibraryOrder) -> tuple[bool, ...]:
    """Whether each value of ``order``'s cursor (:func:`cursor_of`) goes down: the place of
    one press's images goes up under every order; Name A→Z's artworks of one name go from
    the oldest."""
    dated = (order.descending, False, order.descending)
    if order is LibraryOrder.NAME:
        return (False, *dated)
    return (True, *dated) if order is LibraryOrder.STARRED else dated


def _sorted_by(order: LibraryOrder, first: peewee.ColumnBase | None = None) -> _SortedBy:
    """The columns ``order`` sorts by, each with whether it goes down (:func:`_directions`);
    ``first``: Name A→Z's name as the arm of its query reads it (:func:`_named`)."""
    columns: list[peewee.ColumnBase] = [getattr(Artwork, name) for name in _DATED]
    if order is LibraryOrder.STARRED:
        columns.insert(0, Artwork.starred)
    if first is not None:
        columns.insert(0, first)
    return list(zip(columns, _directions(order), strict=True))


SORT_KEY = "sort_key"
"""The name of the key Name A→Z's query reads each row with (:func:`page_of`)."""

Narrowing = Callable[["peewee.ModelSelect[Artwork]"], "peewee.ModelSelect[Artwork]"]
"""What narrows a query to the rows a search finds."""


def page_of(
    columns: list[peewee.Field],
    narrow: Narrowing,
    order: LibraryOrder,
    after: Cursor | None,
    limit: int | None,
    through: Cursor | None = None,
    states: Sequence[str] = (),
) -> peewee.SelectBase:
    """``columns`` of the rows ``narrow`` keeps, of ``states`` (their values; any state when
    none), in ``order``, from the row after ``after`` (a cursor) when given, down to the row
    at ``through`` (a cursor; that row too) when given, ``limit`` of them at most. Each
    order is read along an index (the orders by date, :func:`~kontext_studio.store.schema._v32`;
    Name A→Z's, :func:`~kontext_studio.store.schema._v25` and, under a filter of states,
    :func:`~kontext_studio.store.schema._v29`): no sort of every row found for a
    page, which took Name A→Z 100 to 180 ms a page in a library of 10 000, 6 s down to its
    end."""
    if order is LibraryOrder.NAME:
        return _by_name(columns, narrow, after, limit, through, states)
    sorted_by = _sorted_by(order)
    query = narrow(_from(Artwork.select(*columns), sorted_by, after, through))
    if states:
        query = query.where(Artwork.state.in_(list(states)))
    query = query.order_by(*(c.desc() if down else c.asc() for c, down in sorted_by))
    return query if limit is None else query.limit(limit)


def _by_name(
    columns: list[peewee.Field],
    narrow: Narrowing,
    after: Cursor | None,
    limit: int | None,
    through: Cursor | None,
    states: Sequence[str],
) -> peewee.SelectBase:
    """Name A→Z: the rows with a search text along the index of their name (of ``states``,
    one state at a time along the index of the state and the name, merged: a filter of
    states read every row of them and sorted them for each page), merged with the few
    without one (changed by another program), named by the ledger's ``sort_name_of``
    (:func:`~kontext_studio.store.search.sort_name`, which names them as their search text
    would), read along the index of them; each with its name as :data:`SORT_KEY`."""
    indexed, folded = peewee.SQL(SORT_NAME_INDEXED), Artwork.search_text.is_null(False)
    arms = [
        _named(columns, narrow, indexed, kept, after, through)
        for kept in ([folded & (Artwork.state == state) for state in states] or [folded])
    ]
    unfolded: peewee.ColumnBase = Artwork.search_text.is_null()
    if states:  # not along the index of a state (every row of it), along that of the unfolded
        unfolded &= peewee.NodeList((peewee.SQL("+"), Artwork.state), glue="").in_(list(states))
    named = peewee.fn.sort_name_of(Artwork.prompt, Artwork.title)
    arms.append(_named(columns, narrow, named, unfolded, after, through))
    merged = functools.reduce(operator.add, arms)
    merged = merged.order_by(*(peewee.SQL(name) for name in (SORT_KEY, *_DATED)))
    return merged if limit is None else merged.limit(limit)


def _named(
    columns: list[peewee.Field],
    narrow: Narrowing,
    name: peewee.ColumnBase,
    kept: peewee.ColumnBase,
    after: Cursor | None,
    through: Cursor | None,
) -> peewee.ModelSelect[Artwork]:
    """One arm of :func:`_by_name`: ``columns`` of the rows ``kept`` and ``narrow`` keep,
    with their ``name`` as :data:`SORT_KEY`, from ``after`` down to ``through``."""
    arm = Artwork.select(*columns, name.alias(SORT_KEY)).where(kept)
    return narrow(_from(arm, _sorted_by(LibraryOrder.NAME, name), after, through))


def _from(
    query: peewee.ModelSelect[Artwork],
    sorted_by: _SortedBy,
    after: Cursor | None,
    through: Cursor | None,
) -> peewee.ModelSelect[Artwork]:
    """``query``, sorted by ``sorted_by`` (each column with whether it goes down), from the
    row after the cursor ``after`` down to the one at ``through``, each when given. The
    first column's bound is said on its own too: SQLite seeks an index to it, where it read
    the index from its start for the row value alone (36 ms for a page deep in Name A→Z, 0.1
    with it)."""
    (first, down), *_ = sorted_by
    if after is not None:
        query = query.where(_beyond(first, after[0], down, or_at=True) & _past(sorted_by, after))
    if through is not None:
        back = [(column, not down) for column, down in sorted_by]
        query = query.where(
            _beyond(first, through[0], not down, or_at=True) & _past(back, through, or_at=True)
        )
    return query


def _past(sorted_by: _SortedBy, cursor: Cursor, *, or_at: bool = False) -> peewee.ColumnBase:
    """The rows after the one at ``cursor`` in the order ``sorted_by``; ``or_at``: that row
    too. One row value for each run of columns that go the same way."""
    down = sorted_by[0][1]
    run = len(list(itertools.takewhile(lambda sort: sort[1] == down, sorted_by)))
    rows = peewee.Tuple(*(column for column, _ in sorted_by[:run]))
    at = peewee.Tuple(*cursor[:run])
    if run == len(sorted_by):
        return _beyond(rows, at, down, or_at=or_at)
    rest = _past(sorted_by[run:], cursor[run:], or_at=or_at)
    return _beyond(rows, at, down) | ((rows == at) & rest)


def _beyond(
    column: peewee.ColumnBase, value: object, descending: bool, *, or_at: bool = False
) -> peewee.ColumnBase:
    """``column`` past ``value`` in an order ``descending`` or not; ``or_at``: or at it."""
    if descending:
        return column <= value if or_at else column < value
    return column >= value if or_at else column > value
