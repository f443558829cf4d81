"""The orders the library can be listed in, as SQL and as the same order of one row.

The store sorts (:meth:`Ledger.search`, a page at a time from a cursor); the window places
one changed or new artwork among the rows it has by :func:`order_key`, which sorts exactly
as the SQL does. Every order ends in the id, so that no two rows tie and a cursor (the last
row's :func:`cursor_of`) names one place: rows added meanwhile cannot shift a page, as they
would an offset.

The jobs of one press of Generate share one time (``Ledger.create_job``), the last place
written first (``JobEngine.submit_several``): the highest id is the first place. The orders
by date end in the id from the highest, Oldest first too
(:attr:`LibraryOrder.ids_descending`), so that both read "1 of 4 … 4 of 4" left to right.
"""

from __future__ import annotations

import enum
import functools
import operator
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import peewee

from kontext_studio.store.schema import Artwork
from kontext_studio.store.search import SORT_NAME_INDEXED, sort_name

if TYPE_CHECKING:
    from kontext_studio.store.ledger import Snapshot

Cursor = tuple[float | str, ...]


class LibraryOrder(enum.Enum):
    NEWEST = "newest"
    OLDEST = "oldest"
    NAME = "name"
    """By title, else prompt (:func:`~kontext_studio.store.search.sort_name`), A to Z."""
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

    @property
    def ids_descending(self) -> bool:
        """Whether rows that tie on the rest of the order go from the highest id: under every
        order by date, Oldest first's too, where the one press's rows read "4 of 4 … 1 of 4"
        by the lowest id first."""
        return self is not LibraryOrder.NAME


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
    if order is LibraryOrder.STARRED:
        return (float(snapshot.starred), snapshot.created_at, snapshot.id)
    if order is LibraryOrder.NAME:
        return (sort_name(snapshot.prompt, snapshot.title), snapshot.id)
    return (snapshot.created_at, snapshot.id)


def order_key(order: LibraryOrder, snapshot: Snapshot) -> Cursor:
    """An ascending key that sorts snapshots as ``order``'s SQL does."""
    return cursor_key(order, cursor_of(order, snapshot))


def cursor_key(order: LibraryOrder, cursor: Cursor) -> Cursor:
    """``cursor`` as an ascending key (:func:`order_key`)."""
    *leading, last_id = cursor
    key = tuple(-float(value) for value in leading) if order.descending else tuple(leading)
    return (*key, -float(last_id) if order.ids_descending else last_id)


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
    order is read along an index (:func:`~kontext_studio.store.schema._v25`; under a filter
    of one state, :func:`~kontext_studio.store.schema._v26` and, Oldest first's,
    :func:`~kontext_studio.store.schema._v31`; Name A→Z's under a filter of states,
    :func:`~kontext_studio.store.schema._v29`): no sort of every row found for a
    page, which took Name A→Z 100 to 180 ms a page in a library of 10 000, 6 s down to its
    end."""
    if order is LibraryOrder.NAME:
        return _by_name(columns, narrow, after, limit, through, states)
    leading: list[peewee.ColumnBase] = [Artwork.created_at]
    if order is LibraryOrder.STARRED:
        leading.insert(0, Artwork.starred)
    query = narrow(_from(Artwork.select(*columns), leading, order, after, through))
    if states:
        query = query.where(Artwork.state.in_(list(states)))
    query = query.order_by(
        *(c.desc() if order.descending else c.asc() for c in leading),
        Artwork.id.desc() if order.ids_descending else Artwork.id.asc(),
    )
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
    merged = merged.order_by(peewee.SQL(SORT_KEY), peewee.SQL("id"))
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
    return narrow(_from(arm, [name], LibraryOrder.NAME, after, through))


def _from(
    query: peewee.ModelSelect[Artwork],
    leading: list[peewee.ColumnBase],
    order: LibraryOrder,
    after: Cursor | None,
    through: Cursor | None,
) -> peewee.ModelSelect[Artwork]:
    """``query``, sorted by ``leading`` then the id as ``order`` sorts, from the row after
    the cursor ``after`` down to the one at ``through``, each when given. The first
    column's bound is said on its own too: SQLite seeks an index to it, where it read the
    index from its start for the row value alone (36 ms for a page deep in Name A→Z, 0.1
    with it)."""
    first = leading[0]
    if after is not None:
        query = query.where(
            _beyond(first, after[0], order.descending, or_at=True)
            & _past(leading, order.descending, order.ids_descending, after)
        )
    if through is not None:
        query = query.where(
            _beyond(first, through[0], not order.descending, or_at=True)
            & _past(leading, not order.descending, not order.ids_descending, through, or_at=True)
        )
    return query


def _past(
    leading: list[peewee.ColumnBase],
    descending: bool,
    ids_descending: bool,
    cursor: Cursor,
    *,
    or_at: bool = False,
) -> peewee.ColumnBase:
    """The rows after the one at ``cursor`` in the order by ``leading`` (``descending``
    or not), then by the id (``ids_descending`` or not); ``or_at``: that row too. One row
    value where the id goes the way of the rest."""
    *values, last_id = cursor
    if ids_descending == descending:
        rows, at = peewee.Tuple(*leading, Artwork.id), peewee.Tuple(*cursor)
        return _beyond(rows, at, descending, or_at=or_at)
    rows, at = peewee.Tuple(*leading), peewee.Tuple(*values)
    tie = _beyond(Artwork.id, last_id, ids_descending, or_at=or_at)
    return _beyond(rows, at, descending) | ((rows == at) & tie)


def _beyond(
    column: peewee.ColumnBase, value: object, descending: bool, *, or_at: bool = False
) -> peewee.ColumnBase:
    """``column`` past ``value`` in an order ``descending`` or not; ``or_at``: or at it."""
    if descending:
        return column <= value if or_at else column < value
    return column >= value if or_at else column > value
