"""Work put off to the loop's next turn, on a timer of the object it is for; a widget's
restyle for a new palette, posted to it (:class:`PaletteFollower`).

Not ``QTimer.singleShot(0, owner, slot)``: with PySide6 6.11, one whose ``owner`` is deleted
before the next turn never lets go of ``slot``, and a bound method (or a ``partial`` or a
lambda holding one) kept ``owner`` alive, and through it the window it belonged to, for as
long as the app ran. A timer that is ``owner``'s child is deleted with it, and takes its
connection to ``slot`` along. A new such call in ``ui/`` fails
``tests/unit/test_single_shots.py``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


def next_turn(owner: QObject, slot: Callable[[], object]) -> QTimer:
    """A timer of ``owner`` that, each time it is started, calls ``slot`` once on the loop's
    next turn; started again before then, it still calls it once."""
    timer = QTimer(owner, singleShot=True, interval=0)
    timer.timeout.connect(slot)
    return timer


class PaletteFollower(QObject):
    """A widget's restyle for its new palette (the system's switch between light and dark):
    :meth:`hear` each event of its ``changeEvent``, and ``restyle`` is called once the
    widget's event is over, from the loop, once for any number heard before then, and not
    at all once the widget is deleted (this object, its child, goes with it).

    Not at once, in ``changeEvent``: the window applies its style sheet again as the palette
    changes, and Qt tells its widgets of their new palette from inside that call. A widget
    that set its own style sheet (or palette) there changed the styles of the widgets the
    window's call was going through: the app crashed twice inside it.

    Posted, not on a timer: the loop delivers what was posted before its timers, the
    window's repaint among it, at a lower priority than this. On a timer, about one switch
    in three painted the old theme's colours for a frame, then the new."""

    _RESTYLE = QEvent.Type(QEvent.registerEventType())

    def __init__(self, widget: QWidget, restyle: Callable[[], object]) -> None:
        super().__init__(widget)
        self._restyle = restyle
        self.due = False

    def hear(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange and not self.due:
            self.due = True
            QCoreApplication.postEvent(self, QEvent(self._RESTYLE))

    def customEvent(self, event: QEvent) -> None:
        if event.type() == self._RESTYLE:
            self.due = False
            self._restyle()
