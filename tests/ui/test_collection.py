"""Cyclic garbage is freed on the GUI thread alone, never by a worker thread that happens to
allocate (:mod:`kontext_studio.ui.collection`)."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject, Qt

from kontext_studio.ui.collection import collect_due, collecting
from tests.ui.conftest import until


def a_qt_object_in_a_cycle(freed_on: list[str]) -> None:
    """A QObject made here that only a reference cycle holds, once this returns; the name
    of the thread it is destroyed on goes to ``freed_on``."""
    holder = QObject()
    holder.setObjectName("held by itself")
    holder.destroyed.connect(
        lambda: freed_on.append(threading.current_thread().name),
        Qt.ConnectionType.DirectConnection,
    )
    holder.itself = holder  # type: ignore[attr-defined]


def allocating_in_a_worker(kept: list[object]) -> None:
    """A worker thread allocating more than a collection's threshold of containers, as a
    library page's query or an upload's read does."""

    def allocate() -> None:
        kept.extend([] for _ in range(20 * gc.get_threshold()[0]))

    worker = threading.Thread(target=allocate, name="a worker")
    worker.start()
    worker.join()


async def test_a_cycle_with_a_qt_object_is_freed_on_the_gui_thread_not_by_a_worker() -> None:
    """Qt objects the GUI thread left in a reference cycle (a qasync timer, a widget's helper)
    were freed by whichever thread next allocated past the threshold: Qt stops a timer
    destroyed on the wrong thread, and crashes later. A worker's allocations free nothing
    now; the GUI thread's own collection, as it falls due, frees the cycle."""
    freed_on: list[str] = []
    kept: list[object] = []
    a_qt_object_in_a_cycle(freed_on)
    allocating_in_a_worker(kept)
    assert freed_on == []
    assert collecting()
    await until(lambda: freed_on)
    assert freed_on == [threading.current_thread().name]


def test_the_generation_collected_is_the_oldest_due_as_python_would_choose() -> None:
    """Collections by hand keep Python's schedule: the youngest generation once enough new
    objects are tracked, an older one once the younger was collected often enough."""
    gc.collect()
    assert collect_due() is None
    _kept: list[list[object]] = [[] for _ in range(2 * gc.get_threshold()[0])]
    assert collect_due() == 0
    for _ in range(gc.get_threshold()[1]):
        gc.collect(0)
    assert collect_due() == 1
    for _ in range(gc.get_threshold()[2]):
        gc.collect(1)
    assert collect_due() == 2
    assert gc.get_count()[2] == 0


def test_the_oldest_generation_waits_until_a_quarter_of_it_is_new_as_python_s_does() -> None:
    """A full collection walks every object not frozen: after a switch of mode thawed the
    launch's objects, the whole heap, ~15-20 ms on the GUI thread. Python collects the
    oldest generation only once a quarter of it is new since its last collection; by hand
    it came every hundred collections of the youngest, whatever the heap's size."""
    # The thawed launch, say: long-lived objects in the oldest generation.
    lasting: list[list[object]] = [[] for _ in range(40 * gc.get_threshold()[0])]
    gc.collect()
    for _ in range(gc.get_threshold()[2] + 1):
        gc.collect(1)  # little new kept meanwhile
    assert gc.get_count()[2] > gc.get_threshold()[2]
    assert collect_due() is None  # neither the oldest nor a younger one
    more: list[list[object]] = [[] for _ in range(len(lasting) // 2)]  # half as many again kept
    gc.collect(1)
    assert collect_due() == 2
    assert more
