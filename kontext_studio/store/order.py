"""The orders the library can be listed in, as SQL and as the same order of one row.

The store sorts (:meth:`Ledger.search`, a page at a time from a cursor); the window places
one changed or new artwork among the rows it has by :func:`order_key`, which sorts exactly
as the SQL does. Every order ends in the id, so that no two rows tie and a cursor (the last
row's :func:`cursor_of`) names one place: rows added meanwhile cannot shift a page, as they
would an offset.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import peewee

from kontext_studio.store.schema import Artwork
from kontext_studio.store.search import sort_name

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
    def indexed(self) -> bool:
        """Read in the order of an index (by date): no sort of the rows found."""
        return self in (LibraryOrder.NEWEST, LibraryOrder.OLDEST)

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


def _sort_name() -> peewee.ColumnBase:
    """:func:`~kontext_studio.store.search.sort_name` in SQL, from the search text's first
    two lines (the folded prompt, then title; neither holds a line break)."""
    text = searched_text()
    rest = peewee.fn.substr(text, peewee.fn.instr(text, "\n") + 1)
    title = peewee.fn.substr(rest, 1, peewee.fn.instr(rest, "\n") - 1)
    prompt = peewee.fn.substr(text, 1, peewee.fn.instr(text, "\n") - 1)
    return peewee.Case(None, [(title != "", title)], prompt)


def cursor_of(order: LibraryOrder, snapshot: Snapshot) -> Cursor:
    """The values ``order`` sorts ``snapshot`` by, in its columns' order
    (:func:`order_columns`)."""
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
    return tuple(-float(value) for value in cursor) if order.descending else cursor


def order_columns(order: LibraryOrder) -> list[peewee.ColumnBase]:
    """The columns ``order`` sorts by, each in the same direction."""
    if order is LibraryOrder.NAME:
        return [_sort_name(), Artwork.id]
    columns: list[peewee.ColumnBase] = [Artwork.created_at, Artwork.id]
    if order is LibraryOrder.STARRED:
        columns.insert(0, Artwork.starred)
    return columns


def ordered(
    query: peewee.ModelSelect[Artwork], order: LibraryOrder, after: Cursor | None
) -> peewee.ModelSelect[Artwork]:
    """``query`` sorted by ``order``, from the row after ``after`` (a cursor) when given."""
    columns = order_columns(order)
    query = query.order_by(*(c.desc() if order.descending else c.asc() for c in columns))
    if after is None:
        return query
    rows, last = peewee.Tuple(*columns), peewee.Tuple(*after)
    return query.where(rows < last if order.descending else rows > last)
