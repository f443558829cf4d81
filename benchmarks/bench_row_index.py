"""The library's row of each artwork by its id (``ui.row_index.RowIndex``), in a long library.

``library_index_insert_ratio``
    A row put in at the top of 100 000 rows (a new job, newest first), the index told, and
    the last row looked up: median time over the same with the row put at the end (the
    floor: no row moves). The list's own insertion is not timed. 1 is a new job at the top
    costing what one at the end does, whatever the library's size; placing every row after
    it again, as before, made it thousands.
``library_index_page_ratio``
    A page of 300 rows added after 100 000 (read down: End, Ctrl+A), a row having been put
    in at the top just before, and its last row looked up: median time over the same page
    added after 300 rows (the floor). 1 is a page costing its own rows only.

Runs alternate (floor, measured, floor, ...) in one worker process, on plain rows with an id.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from benchmarks.common import log, median, rounded, run_worker, worker_main

MODULE = "benchmarks.bench_row_index"
ROWS = 100_000
PAGE = 300


@dataclass(frozen=True)
class _Row:
    id: int


def _timed_insert(rows: list[_Row], index: Any, row: int, new_id: int) -> float:
    rows.insert(row, _Row(new_id))  # the list's own cost, the same with any index: untimed
    start = time.perf_counter()
    index.inserted(row, 1)
    index.get(rows[-1].id)
    return time.perf_counter() - start


def _timed_page(rows: list[_Row], index: Any, first_id: int) -> float:
    rows.insert(0, _Row(first_id))  # a new job just before, untimed
    index.inserted(0, 1)
    start = time.perf_counter()
    at = len(rows)
    rows.extend(_Row(first_id + 1 + i) for i in range(PAGE))
    index.appended(at)
    index.get(rows[-1].id)
    return time.perf_counter() - start


def _measure(p: dict[str, Any]) -> dict[str, float]:
    """Worker: the median seconds of each case and its floor, ``p["rounds"]`` of each."""
    from kontext_studio.ui.row_index import RowIndex

    long_rows = [_Row(i) for i in range(ROWS)]
    long_index = RowIndex(long_rows)
    new_id = 10 * ROWS
    at_end: list[float] = []
    at_top: list[float] = []
    short_page: list[float] = []
    long_page: list[float] = []
    for _round in range(p["rounds"]):
        new_id += 1
        at_end.append(_timed_insert(long_rows, long_index, len(long_rows), new_id))
        new_id += 1
        at_top.append(_timed_insert(long_rows, long_index, 0, new_id))
        short_rows = [_Row(i) for i in range(PAGE)]
        short_index = RowIndex(short_rows)
        short_page.append(_timed_page(short_rows, short_index, new_id + 1))
        new_id += PAGE + 1
        page_rows = list(long_rows[:ROWS])
        page_index = RowIndex(page_rows)
        long_page.append(_timed_page(page_rows, page_index, new_id + 1))
        new_id += PAGE + 1
    return {
        "insert_end_s": median(at_end),
        "insert_top_s": median(at_top),
        "page_short_s": median(short_page),
        "page_long_s": median(long_page),
    }


def run(quick: bool = False, only: set[str] | None = None) -> dict[str, Any]:
    import os

    took = run_worker(MODULE, "measure", {"rounds": 50 if quick else 200}, dict(os.environ))
    insert_ratio = took["insert_top_s"] / took["insert_end_s"]
    page_ratio = took["page_long_s"] / took["page_short_s"]
    log(
        f"row index: a row at the top of {ROWS} {took['insert_top_s'] * 1e6:.0f} us "
        f"vs at the end {took['insert_end_s'] * 1e6:.0f} us; a page after {ROWS} "
        f"{took['page_long_s'] * 1e6:.0f} us vs after {PAGE} {took['page_short_s'] * 1e6:.0f} us"
    )
    return {
        "library_index_insert_ratio": rounded(insert_ratio),
        "library_index_page_ratio": rounded(page_ratio),
        "library_index": {
            "rows": ROWS,
            **{key.removesuffix("_s") + "_us": rounded(s * 1e6, 1) for key, s in took.items()},
        },
    }


if __name__ == "__main__":
    worker_main({"measure": _measure})
