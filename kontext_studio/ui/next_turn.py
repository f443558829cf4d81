"""Work put off to the loop's next turn, on a timer of the object it is for.

Not ``QTimer.singleShot(0, owner, slot)``: with PySide6 6.11, one whose ``owner`` is deleted
before the next turn never lets go of ``slot``, and a bound method (or a ``partial`` or a
lambda holding one) kept ``owner`` alive, and through it the window it belonged to, for as
long as the app ran. A timer that is ``owner``'s child is deleted with it, and takes its
connection to ``slot`` along. A new such call in ``ui/`` fails
``tests/unit/test_single_shots.py``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


def next_turn(owner: QObject, slot: Callable[[], object]) -> QTimer:
    """A timer of ``owner`` that, each time it is started, calls ``slot`` once on the loop's
    next turn; started again before then, it still calls it once."""
    timer = QTimer(owner, singleShot=True, interval=0)
    timer.timeout.connect(slot)
    return timer
