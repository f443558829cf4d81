"""The library's row of each artwork by its id (``ui.row_index``): right after every change,
and a row put in or taken out near the top or the bottom of a long library places a few rows
again, not all those after it."""

from __future__ import annotations

import random
from dataclasses import dataclass

import pytest

from kontext_studio.ui.row_index import RowIndex

LONG = 100_000


@dataclass(frozen=True)
class Row:
    id: int


def rows_of(count: int, first_id: int = 1) -> list[Row]:
    return [Row(job_id) for job_id in range(first_id, first_id + count)]


def assert_right(index: RowIndex, rows: list[Row], gone: set[int]) -> None:
    assert len(index) == len(rows)
    for row, each in enumerate(rows):
        assert index.get(each.id) == row
    for job_id in gone:
        assert index.get(job_id) is None and job_id not in index


def counting_placed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of rows placed again by their id at each placing, from now on, by any
    index (the library's models' too, on the window's thread)."""
    placed: list[int] = []
    real = RowIndex._place

    def place(self: RowIndex, lo: int, hi: int) -> None:
        placed.append(hi - lo)
        real(self, lo, hi)

    monkeypatch.setattr(RowIndex, "_place", place)
    return placed


@pytest.mark.parametrize("seed", range(12))
def test_every_row_is_found_in_its_place_after_any_changes(seed: int) -> None:
    """Pages added, rows put in, taken out (runs of them) and moved anywhere, looked up
    between the changes or only after several: each id is found at its row, and one taken
    out is not found."""
    rng = random.Random(seed)
    rows = rows_of(rng.randint(0, 40))
    index = RowIndex(rows)
    next_id, gone = len(rows) + 1, set[int]()
    for _step in range(300):
        action = rng.choice(["append", "insert", "remove", "move"])
        if action == "append":
            start, count = len(rows), rng.randint(1, 5)
            rows.extend(rows_of(count, next_id))
            next_id += count
            index.appended(start)
        elif action == "insert":
            row, count = rng.randint(0, len(rows)), rng.randint(1, 3)
            rows[row:row] = rows_of(count, next_id)
            next_id += count
            index.inserted(row, count)
        elif action == "remove" and rows:
            first = rng.randrange(len(rows))
            last = min(len(rows) - 1, first + rng.randint(0, 3))
            ids = [each.id for each in rows[first : last + 1]]
            del rows[first : last + 1]
            gone.update(ids)
            index.removed(first, ids)
        elif action == "move" and rows:
            row, place = rng.randrange(len(rows)), rng.randrange(len(rows))
            rows.insert(place, rows.pop(row))
            index.moved(row, place)
        if rng.random() < 0.3:
            assert_right(index, rows, gone)
    assert_right(index, rows, gone)


def test_a_row_put_in_at_the_top_of_a_long_library_places_no_other_row(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A new job at the top of 100 000 rows (newest first), then looked up with the last:
    before, every row after it was placed again (14-37 ms on the window's thread)."""
    rows = rows_of(LONG)
    index = RowIndex(rows)
    placed = counting_placed(monkeypatch)
    rows.insert(0, Row(LONG + 1))
    index.inserted(0, 1)
    assert index.get(LONG + 1) == 0
    assert index.get(LONG) == LONG
    assert sum(placed) == 1


def test_pages_added_after_a_row_put_in_near_the_top_place_only_their_own_rows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A new job near the top, a row taken out near the top, then the rest of the library
    read down (End, Ctrl+A) a page at a time: each page places its rows and the few near the
    top, not the 100 000 above them again."""
    rows = rows_of(LONG)
    index = RowIndex(rows)
    placed = counting_placed(monkeypatch)
    rows.insert(2, Row(LONG + 1))
    index.inserted(2, 1)
    ids = [rows[5].id]
    del rows[5]
    index.removed(5, ids)
    next_id = LONG + 2
    for _page in range(3):
        start = len(rows)
        rows.extend(rows_of(300, next_id))
        next_id += 300
        index.appended(start)
        assert index.get(next_id - 1) == len(rows) - 1
    assert index.get(LONG + 1) == 2
    assert sum(placed) < 10
    assert_right(index, rows, set(ids))


def test_rows_taken_out_near_the_top_and_the_bottom_place_only_the_rows_beside_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A Delete of two artworks, one near the top and one near the bottom of 100 000 rows:
    the rows between them are not placed again."""
    rows = rows_of(LONG)
    index = RowIndex(rows)
    placed = counting_placed(monkeypatch)
    for row in (3, LONG - 4):
        ids = [rows[row].id]
        del rows[row]
        index.removed(row, ids)
    assert index.get(LONG) == LONG - 3
    assert index.get(1) == 0
    assert sum(placed) < 10
