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
    if _collector is None:
        app = QCoreApplication.instance()
        assert app is not None, "collected on the GUI thread of an application"
        _collector = _Collector(app)
    if not _collector.timer.isActive():
        _collector.timer.start()


def collecting() -> bool:
    """Cyclic garbage is collected, automatically or by :func:`collect_on_gui_thread`."""
    return gc.isenabled() or (_collector is not None and _collector.timer.isActive())


def collect_due() -> int | None:
    """Collect the oldest generation whose count passed its threshold (with the younger
    ones), as CPython's automatic collection would have at that count; the generation
    collected, or None when none was due."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    for generation in (2, 1, 0):
        if thresholds[0] and counts[generation] > thresholds[generation]:
            gc.collect(generation)
            return generation
    return None
