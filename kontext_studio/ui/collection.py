"""Python's cyclic garbage collection, on the GUI thread only.

Left automatic, a collection runs in whichever thread allocates as a generation's count
passes its threshold: a worker thread (a library page's query, a thumbnail's decode, an
upload's read) then frees the reference cycles the GUI thread left, Qt objects among them,
a qasync timer or a widget's helper, and Qt's answer to an object destroyed (its timers
stopped) from the wrong thread is a crash later on.

So, once the window has started (:func:`kontext_studio.entry.launched` ends the launch's
pause), automatic collection stays off and a coarse timer on the GUI thread collects
instead, by CPython's own rule: the oldest generation whose count passed its threshold,
with the younger ones. Between two ticks, reference counting still frees everything that
is not in a cycle at once. The pattern of other PyQt/PySide programs that met the same
crash (Camelot's and OpenCue's ``GarbageCollector``, GitFourchette's ``gc`` module)."""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer

TICK_MS = 1_000
"""How often the GUI thread looks whether a collection is due: a second, with a coarse
timer, so that an idle app wakes once a second at most."""


class _Collector(QObject):
    """The timer that collects on the GUI thread (:func:`collect_on_gui_thread`)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(collect_due)


_collector: _Collector | None = None


def collect_on_gui_thread() -> None:
    """From now on, cyclic garbage is collected on the application's thread (the GUI
    thread) only, every :data:`TICK_MS` as it falls due. Called again (a window opened by a
    switch of mode), it only turns automatic collection off again, should something in
    between have turned it back on."""
    global _collector
    gc.disable()
    if _long_lived not in gc.callbacks:
        gc.callbacks.append(_long_lived)
    if _collector is None:
        app = QCoreApplication.instance()
        assert app is not None, "collected on the GUI thread of an application"
        _collector = _Collector(app)
    if not _collector.timer.isActive():
        _collector.timer.start()


def collecting() -> bool:
    """Cyclic garbage is collected, automatically or by :func:`collect_on_gui_thread`."""
    return gc.isenabled() or (_collector is not None and _collector.timer.isActive())


class _LongLived:
    """CPython's ``long_lived_total`` and ``long_lived_pending``, which Python does not show,
    kept from every collection (by :func:`collect_due`, or ``gc.collect()`` anywhere): the
    objects in the oldest generation after its last collection, and those the middle
    generation's collections have moved into it since."""

    def __init__(self) -> None:
        self.total = 0
        self.pending = 0
        self._young = 0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        generation = info["generation"]
        if phase == "start" and generation == 1:
            self._young = len(gc.get_objects(0)) + len(gc.get_objects(1))
        elif phase == "stop" and generation == 1:
            kept = self._young - info["collected"] - info["uncollectable"]
            self.pending += max(0, kept)
        elif phase == "stop" and generation == 2:
            self.pending = 0
            self.total = len(gc.get_objects(2))

    def oldest_due(self) -> bool:
        """Whether CPython would collect the oldest generation now that its count passed
        its threshold: once a quarter of it is new since its last collection."""
        return self.pending >= self.total // 4


_long_lived = _LongLived()


def collect_due() -> int | None:
    """Collect the oldest generation whose count passed its threshold (with the younger
    ones), as CPython's automatic collection would have at that count; the generation
    collected, or None when none was due.

    As CPython does, the oldest generation is collected only once the objects moved into it
    since its last collection are a quarter of those it then kept
    (:meth:`_LongLived.oldest_due`): a full collection walks every object not frozen, and
    once a switch of mode has thawed the launch's objects
    (:func:`kontext_studio.entry.thaw_launch`) that is the whole heap, ~15-20 ms on the GUI
    thread, which came every hundred collections of the youngest generation without the
    rule."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    if not thresholds[0]:
        return None
    for generation in (2, 1, 0):
        if counts[generation] <= thresholds[generation]:
            continue
        if generation == 2 and not _long_lived.oldest_due():
            continue
        gc.collect(generation)
        return generation
    return None
