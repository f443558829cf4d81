"""The library's orders read a page at a time: the images of one press of Generate in their
places, brought back by an Undo too, and no row lost or shown twice from a cursor, whatever
ties, filter or order."""

from __future__ import annotations

import concurrent.futures
import contextlib
import itertools
import sqlite3
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kontext_studio.jobs.states import JobState
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.store.ledger import Ledger, Snapshot
from kontext_studio.store.order import LibraryOrder, cursor_of, order_key
from kontext_studio.store.search import sort_name
from tests.fixtures import library_begun_at

EXPECTED: dict[LibraryOrder, Callable[[Snapshot], tuple[float, ...]]] = {
    LibraryOrder.NEWEST: lambda row: (-row.created_at, row.batch_place, -row.id),
    LibraryOrder.OLDEST: lambda row: (row.created_at, row.batch_place, row.id),
    LibraryOrder.STARRED: lambda row: (-row.starred, -row.created_at, row.batch_place, -row.id),
    LibraryOrder.NAME: lambda row: (
        sort_name(row.prompt, row.title),
        row.created_at,
        row.batch_place,
        row.id,
    ),
}
"""The orders, as the artist reads them: the newest or the oldest first, or by name and
those of one name from the oldest, and of one time (the images of one press) the first
place first, whatever its id."""

FILTERS: dict[str, dict[str, Any]] = {
    "all": {},
    "one state": {"states": [JobState.COMPLETED]},
    "two states": {"states": [JobState.FAILED, JobState.CANCELLED]},
    "starred": {"starred": True},
    "search": {"text": "heron"},
}


def press(ledger: Ledger, prompt: str, count: int, at: float | None = None) -> list[Snapshot]:
    """The jobs of one press of Generate of ``count`` images in a window (which names each
    press anew), written as the engine writes them (the last place first) at one time,
    ``at`` (the ledger's for the first when None); first place first."""
    return list(pressing(ledger, prompt, count, at))[::-1]


def pressing(
    ledger: Ledger, prompt: str, count: int, at: float | None = None
) -> Iterator[Snapshot]:
    """:func:`press`, a job at a time, the last place first: each written as the one before
    is taken, as the engine writes each in a transaction of its own."""
    pressed, first = uuid.uuid4().hex, at
    for place in range(count, 0, -1):
        written = ledger.create_job(
            GenerateRequest(prompt).validated(),
            batch=(place, count),
            press=pressed,
            created_at=first,
        )
        first = written.created_at
        yield written


def old_press(ledger: Ledger, prompt: str, count: int, at: float) -> list[Snapshot]:
    """A press written before the jobs of one shared a time: each a moment after the one
    before, the last place first; first place first."""
    return [
        ledger.create_job(
            GenerateRequest(prompt).validated(),
            batch=(place, count),
            created_at=at + (count - place) / 1000,
        )
        for place in range(count, 0, -1)
    ][::-1]


def mixed_library(ledger: Ledger, path: Path) -> None:
    """Presses of one time and of the old times, images made alone, imports, rows that tie
    on their time and place with another press's, images of a press deleted and brought
    back by an Undo (under new ids, the highest), of several states, some starred."""
    old_press(ledger, "a heron, old", 4, at=100.0)
    dusk = press(ledger, "a heron at dusk", 4, at=200.0)
    ledger.create_job(GenerateRequest("an owl alone").validated(), created_at=200.0)
    press(ledger, "a fox", 2, at=150.0)
    ledger.create_upload(prompt="an imported heron")
    dawn = press(ledger, "a heron at dawn", 3, at=200.0)
    ledger.create_job(GenerateRequest("a hare alone").validated(), created_at=50.0)
    press(ledger, "a heron now", 4)
    brought_back(ledger, dusk[2:0:-1])
    brought_back(ledger, dawn[:1])
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE artwork SET starred = 1 WHERE id % 3 = 0")
        conn.execute("UPDATE artwork SET state = 'completed' WHERE id % 4 = 0")
        conn.execute("UPDATE artwork SET state = 'failed' WHERE id % 5 = 1")
        conn.execute("UPDATE artwork SET state = 'cancelled' WHERE id % 7 = 2")


def brought_back(ledger: Ledger, rows: list[Snapshot]) -> list[Snapshot]:
    """``rows`` deleted, then brought back by an Undo (under new ids), in the order given."""
    gone = [ledger.delete(row.id) for row in rows]
    return ledger.bring_back([row for row in gone if row is not None])


@pytest.fixture
def library(tmp_path: Path, made_library: Path) -> Iterator[Ledger]:
    path = library_begun_at(made_library, tmp_path / "library.sqlite3")
    ledger = Ledger.open(path)
    mixed_library(ledger, path)
    yield ledger
    ledger.close()


def paged(ledger: Ledger, order: LibraryOrder, size: int, **filters: Any) -> list[int]:
    """The ids the library lists in ``order``, read ``size`` at a time from the last row
    read (its cursor), as the window reads them while the grid is scrolled."""
    read: list[Snapshot] = []
    while page := ledger.search(
        order=order, limit=size, before=cursor_of(order, read[-1]) if read else None, **filters
    ):
        read.extend(page)
    return [row.id for row in read]


def ids(rows: list[Snapshot]) -> list[int]:
    return [row.id for row in rows]


@pytest.mark.parametrize("order", list(LibraryOrder))
@pytest.mark.parametrize("filters", FILTERS.values(), ids=FILTERS.keys())
def test_a_library_read_a_page_at_a_time_lists_each_artwork_once_in_its_order(
    library: Ledger, order: LibraryOrder, filters: dict[str, Any]
) -> None:
    """Read from the cursor one, two or three at a time, under a filter or a search, the
    library lists what it lists read whole, each artwork once, though the images of one
    press share one time and the orders by date end in the highest id first. The window
    places a changed artwork by :func:`order_key`, which sorts them alike, and reads the
    rows down to one (``through``) as a page ends at it."""
    whole = library.search(order=order, **filters)
    assert len(whole) >= 3
    assert whole == sorted(whole, key=EXPECTED[order])
    for size in (1, 2, 3):
        assert paged(library, order, size, **filters) == ids(whole), size
    assert sorted(whole, key=lambda row: order_key(order, row)) == whole
    for at, row in enumerate(whole):
        through = library.search(order=order, through=cursor_of(order, row), **filters)
        assert ids(through) == ids(whole[: at + 1])


@pytest.mark.parametrize("order", [LibraryOrder.NEWEST, LibraryOrder.OLDEST])
def test_the_images_of_one_press_read_first_place_to_last_newest_and_oldest_first(
    tmp_path: Path, order: LibraryOrder
) -> None:
    """Sorted Oldest first, the four images of one press read "4 of 4, 3 of 4, 2 of 4, 1 of
    4" left to right, where Newest first they read 1 of 4 to 4 of 4. Both read 1 to 4 now,
    the presses still in their order, and the image made alone between them too."""
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    try:
        first = press(ledger, "a heron at dusk", 4)
        alone = ledger.create_job(GenerateRequest("an owl").validated())
        second = press(ledger, "a heron at dawn", 4)
        listed = ledger.search(order=order)
    finally:
        ledger.close()
    presses = [ids(first), [alone.id], ids(second)]
    if order is LibraryOrder.NEWEST:
        presses.reverse()
    assert ids(listed) == [job for made in presses for job in made]
    assert [row.batch_place for row in listed if row.id in ids(first)] == [1, 2, 3, 4]


@pytest.mark.parametrize("clock", [100.0, 1_780_000_000.0], ids=["at 100", "in 2026"])
@pytest.mark.parametrize("order", [LibraryOrder.NEWEST, LibraryOrder.OLDEST, LibraryOrder.NAME])
def test_two_presses_asked_at_one_clock_time_read_one_after_the_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, order: LibraryOrder, clock: float
) -> None:
    """Two presses of Generate at one clock time (two windows at once, their jobs written
    turn about; a clock that moves in steps, as Windows' does, 16 ms apart) read their
    images mixed: "1 of 4, 1 of 4, 2 of 4, 2 of 4 …", an image made alone, imported or
    kept for a late task ("1 of 4, an extra image") at that time among them. Each press,
    and each lone image, has a time of its own, a hair past the one before: each press reads
    1 of 4 to 4 of 4, all in the order they were asked for, by date and by name, whole or a
    page at a time, each image dated as the clock said to the second."""
    monkeypatch.setattr(time, "time", lambda: clock)
    path = tmp_path / "library.sqlite3"
    ledger, other_window = Ledger.open(path), Ledger.open(path)
    try:
        mine, theirs = pressing(ledger, "a heron", 4), pressing(other_window, "a heron", 4)
        first, second = zip(*zip(mine, theirs, strict=True), strict=True)
        alone = ledger.create_job(GenerateRequest("a heron").validated())
        imported = other_window.create_upload(prompt="a heron")
        extra, _ = ledger.create_following(first[-1], "task-of-an-earlier-send")
        listed = ledger.search(order=order)
        for size in (1, 2, 3):
            assert paged(ledger, order, size) == ids(listed), size
    finally:
        other_window.close()
        ledger.close()
    asked = [ids(list(first))[::-1], ids(list(second))[::-1], [alone.id], [imported.id]]
    asked.append([extra.id])
    if order is LibraryOrder.NEWEST:
        asked.reverse()
    assert ids(listed) == [job for made in asked for job in made]
    assert [row.batch_place for row in listed if row.press] == [1, 2, 3, 4] * 2
    assert all(abs(row.created_at - clock) < 0.001 for row in listed)


def test_presses_asked_at_once_from_two_threads_each_take_a_time_of_their_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two windows writing at the very same moment, each in a thread of its own on a
    connection of its own, the clock standing still: the look for a free time and the
    insert are one write transaction, begun with the write lock (BEGIN IMMEDIATE), so the
    second waits for the first and never takes the time the first just took."""
    monkeypatch.setattr(time, "time", lambda: 1_780_000_000.0)
    path = tmp_path / "library.sqlite3"
    ledgers = [Ledger.open(path), Ledger.open(path)]
    start = threading.Barrier(2)

    def write(ledger: Ledger) -> list[float]:
        start.wait()
        request = GenerateRequest("a heron").validated()
        return [ledger.create_job(request).created_at for _ in range(60)]

    try:
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            taken = [t for times in pool.map(write, ledgers) for t in times]
    finally:
        for ledger in ledgers:
            ledger.close()
    assert len(set(taken)) == len(taken) == 120


def test_a_press_written_before_keeps_its_times_and_still_reads_from_the_cursor(
    tmp_path: Path,
) -> None:
    """The images of a press written before its jobs shared one time keep the times they
    have (one a moment after the other, the last place first): read a page at a time, each
    is listed once, as they read before, beside a press of one time."""
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    try:
        old = old_press(ledger, "a heron, old", 4, at=100.0)
        new = press(ledger, "a heron, new", 4, at=100.0)
        oldest = ledger.search(order=LibraryOrder.OLDEST)
        for size in (1, 2, 3):
            assert paged(ledger, LibraryOrder.OLDEST, size) == ids(oldest)
    finally:
        ledger.close()
    *new_first, new_last = ids(new)
    old_last, *old_before = ids(old)[::-1]  # its last place at the time of the new press
    assert ids(oldest) == [*new_first, old_last, new_last, *old_before]


@pytest.mark.parametrize("order", [LibraryOrder.NEWEST, LibraryOrder.OLDEST, LibraryOrder.NAME])
@pytest.mark.parametrize("undone", [[2], [1, 3], [3, 0]], ids=["3 of 4", "2 and 4", "4 and 1"])
def test_images_of_a_press_deleted_and_brought_back_read_in_their_places(
    tmp_path: Path, order: LibraryOrder, undone: list[int]
) -> None:
    """An Undo of a Delete brings the images back under new ids, the highest: "3 of 4"
    deleted alone and brought back read "3, 1, 2, 4", Newest first and Oldest first, and
    last of the four by name. The images of one time go by their place, whatever their ids,
    read whole or a page at a time, and among the presses made before and after (by name,
    "dawn", "dusk", "night")."""
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    try:
        before = press(ledger, "a heron at dawn", 4, at=100.0)
        four = press(ledger, "a heron at dusk", 4, at=200.0)
        after = press(ledger, "a heron at night", 2, at=300.0)
        brought_back(ledger, [four[at] for at in undone])
        listed = ledger.search(order=order)
        for size in (1, 2, 3):
            assert paged(ledger, order, size) == ids(listed), size
    finally:
        ledger.close()
    made = [after, four, before] if order is LibraryOrder.NEWEST else [before, four, after]
    assert [(row.prompt, row.batch_place) for row in listed] == [
        (job.prompt, job.batch_place) for jobs in made for job in jobs
    ]


def test_under_name_a_to_z_each_generate_of_one_prompt_reads_first_place_to_last(
    tmp_path: Path,
) -> None:
    """Name A→Z listed the artworks of one name by their ids: one prompt generated twice
    read "4 of 4 … 1 of 4" twice, and an image brought back by an Undo came last. Of one
    name, each generate reads 1 of 4 to 4 of 4, the older first, brought back ones too."""
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    try:
        older = press(ledger, "a heron", 4, at=100.0)
        newer = press(ledger, "a heron", 4, at=200.0)
        brought_back(ledger, [older[1]])
        listed = ledger.search(order=LibraryOrder.NAME)
        for size in (1, 2, 3):
            assert paged(ledger, LibraryOrder.NAME, size) == ids(listed), size
    finally:
        ledger.close()
    assert [(row.created_at, row.batch_place) for row in listed] == [
        (job.created_at, job.batch_place) for job in older + newer
    ]


_ROW = st.tuples(
    st.sampled_from([100.0, 200.0, 300.0]),  # created_at: many rows of one time
    st.integers(0, 3),  # batch_place: ties within one time too
    st.booleans(),  # starred
    st.sampled_from([JobState.COMPLETED, JobState.FAILED, JobState.CANCELLED]),
    st.sampled_from(["a heron", "A heron", "a fox", "an owl"]),  # names that tie
    st.booleans(),  # changed by another program: no search text, named as it is read
)


_Row = tuple[float, int, bool, JobState, str, bool]


def write_rows(ledger: Ledger, rows: list[_Row]) -> None:
    for at, place, starred, state, prompt, unfolded in rows:
        made = ledger.create_job(GenerateRequest(prompt).validated(), created_at=at)
        ledger._db.execute_sql(
            "UPDATE artwork SET batch_place = ?, starred = ?, state = ?,"
            " search_text = CASE WHEN ? THEN NULL ELSE search_text END WHERE id = ?",
            (place, int(starred), state.value, int(unfolded), made.id),
        )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(_ROW, min_size=1, max_size=14),
    added=st.lists(_ROW, max_size=4),
    order=st.sampled_from(list(LibraryOrder)),
    filters=st.sampled_from(list(FILTERS.values())),
    size=st.integers(1, 3),
    pages_first=st.integers(0, 4),
)
def test_any_library_read_a_page_at_a_time_while_a_press_lands_lists_each_artwork_once(
    rows: list[_Row],
    added: list[_Row],
    order: LibraryOrder,
    filters: dict[str, Any],
    size: int,
    pages_first: int,
) -> None:
    """Any library, with rows tied on their time, place and name, scrolled a page at a time
    while new rows land after ``pages_first`` pages: each artwork there from the start
    listed once, in the order the window places rows in (:func:`order_key`), and a row
    landed listed once when it falls below the last row read, else not (the window places
    it), as ``through`` reads down to a row as a whole read does."""
    with tempfile.TemporaryDirectory() as folder:
        ledger = Ledger.open(Path(folder) / "library.sqlite3")
        try:
            write_rows(ledger, rows)
            whole = ledger.search(order=order, **filters)
            assert ids(whole) == ids(sorted(whole, key=lambda row: order_key(order, row)))
            for at, row in enumerate(whole):
                through = ledger.search(order=order, through=cursor_of(order, row), **filters)
                assert ids(through) == ids(whole[: at + 1])
            read: list[Snapshot] = []
            landed_below: set[int] = set()
            for page_number in itertools.count():
                if page_number == pages_first and read:
                    before = set(ids(ledger.search(order=order, **filters)))
                    write_rows(ledger, added)
                    last = order_key(order, read[-1])
                    landed_below = {
                        row.id
                        for row in ledger.search(order=order, **filters)
                        if row.id not in before and order_key(order, row) > last
                    }
                page = ledger.search(
                    order=order,
                    limit=size,
                    before=cursor_of(order, read[-1]) if read else None,
                    **filters,
                )
                if not page:
                    break
                read.extend(page)
        finally:
            ledger.close()
    listed = ids(read)
    assert len(listed) == len(set(listed))
    assert listed == ids(sorted(read, key=lambda row: order_key(order, row)))
    assert set(listed) == set(ids(whole)) | landed_below
