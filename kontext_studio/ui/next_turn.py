"""Work put off to the loop's next turn, on a timer of the object it is for; a widget's
restyle for a new palette or font, in the app's next restyle turn (:class:`ChangeFollower`).

Not ``QTimer.singleShot(0, owner, slot)``: with PySide6 6.11, one whose ``owner`` is deleted
before the next turn never lets go of ``slot``, and a bound method (or a ``partial`` or a
lambda holding one) kept ``owner`` alive, and through it the window it belonged to, for as
long as the app ran. A timer that is ``owner``'s child is deleted with it, and takes its
connection to ``slot`` along. A new such call in ``ui/`` fails
``tests/unit/test_single_shots.py``.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from functools import partial
from types import MethodType

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


def next_turn(owner: QObject, slot: Callable[[], object]) -> QTimer:
    """A timer of ``owner`` that, each time it is started, calls ``slot`` once on the loop's
    next turn; started again before then, it still calls it once."""
    timer = QTimer(owner, singleShot=True, interval=0)
    timer.timeout.connect(slot)
    return timer


PALETTE = (QEvent.Type.PaletteChange,)
"""A widget's own palette changed: the system's switch between light and dark, or a style
sheet set on one of its parents (the window's, set again for the switch)."""
FONT = (QEvent.Type.FontChange,)
"""A widget's own font changed: the application's made larger while it runs."""
THEME = (QEvent.Type.ApplicationPaletteChange,)
"""The application's palette changed, told to every widget: a window's own style sheet is
set again for it."""
THEME_AND_FONT = (*THEME, QEvent.Type.ApplicationFontChange)
"""The application's palette or font changed."""
_ANY_CHANGE = frozenset((*PALETTE, *FONT, *THEME_AND_FONT))


class ChangeFollower(QObject):
    """A widget's restyle (or re-sizing) for its new palette or font: :meth:`hear` each event
    of its ``changeEvent`` (or ``event``), and ``follow`` is called once the event is over,
    in the app's next restyle turn (:class:`_RestyleTurn`), once for any number of
    ``changes`` heard before then, and not at all once the widget is deleted (this object,
    its child, goes with it).

    Not at once, in the handler: Qt tells a widget of its new palette or font from inside
    the call that changed it (the application's ``setPalette``, a parent's
    ``setStyleSheet``). A widget that set its own style sheet, palette or font there changed
    the styles that call was going through; one that set the application's palette there
    (the window's readable placeholder and links) set it inside Qt's own round of the
    widgets for it: the app crashed inside such calls.

    Heard again while its own ``follow`` runs (its own style sheet set), it is not called
    again for it.

    It holds no reference to its widget (:func:`_without_widget`): a child its widget keeps
    alive, it kept its widget alive in turn, and a widget closed and let go of stayed, whole,
    until the garbage collector next ran."""

    def __init__(
        self,
        widget: QWidget,
        follow: Callable[[], object],
        changes: tuple[QEvent.Type, ...] = PALETTE,
    ) -> None:
        super().__init__(widget)
        self._follow = _without_widget(follow, widget)
        self._changes = changes
        self.due = False

    def hear(self, event: QEvent) -> None:
        if event.type() in self._changes and not self.due:
            self.due = True
            _turn().ask(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Installed on its widget, it hears the widget's events itself: a window's, told of
        the application's changes in ``event``, which is called while the window is being
        made too.

        Other events are let by before its fields are looked at: deleted by the garbage
        collector, its widget is told of each child going through this filter after Python
        has emptied them, and every such close printed an AttributeError."""
        if event.type() in _ANY_CHANGE:
            self.hear(event)
        return False

    def depth(self) -> int:
        """How many widgets its widget is inside: a parent restyles before its children."""
        depth = 0
        parent = self.parent()
        while isinstance(parent, QWidget):
            depth += 1
            parent = parent.parent()
        return depth

    def follow(self) -> None:
        try:
            widget = self.parent()
            assert widget is not None  # its widget's child: deleted with it
            self._follow(widget)
        finally:
            self.due = False


def _without_widget(follow: Callable[[], object], widget: QWidget) -> Callable[[QObject], object]:
    """``follow`` as a function of its widget, given it when called, holding it no more: a
    method of ``widget``, or a ``partial`` whose first argument it is (``partial(restyle,
    self, STYLE)``). Any other ``follow`` is called as it is, with what it holds."""
    if isinstance(follow, MethodType) and follow.__self__ is widget:
        return follow.__func__
    if isinstance(follow, partial) and follow.args and follow.args[0] is widget:
        function, rest, named = follow.func, follow.args[1:], follow.keywords
        return lambda held: function(held, *rest, **named)
    return lambda _held: follow()


_MOST_ROUNDS = 8
"""How many rounds of restyles one turn runs: a restyle makes its children's due (a window's
style sheet, its widgets' palettes), and theirs their own children's. Beyond these, the rest
wait for the next turn, and the loop goes on meanwhile."""


class _RestyleTurn(QObject):
    """The app's restyles for a change of palette or font, in one posted event: every
    :class:`ChangeFollower` heard since, parents first, then those their restyles made due,
    until none is.

    Posted, not on a timer: the loop delivers what was posted before its timers, the
    window's repaint among it, at a lower priority than this. On a timer, about one switch
    in three painted the old theme's colours for a frame, then the new. One event for all,
    not one each: a window's own restyle, done in its own posted event, made its widgets'
    due only after the repaint had been queued ahead of them, and painted them in the old
    colours."""

    _RESTYLE = QEvent.Type(QEvent.registerEventType())

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        # Not kept alive here: a dialog closed in the turn it heard of a change, its follower
        # (and the restyle it holds, and through it the dialog) is let go at once.
        self._due: list[weakref.ref[ChangeFollower]] = []
        self._posted = False

    def ask(self, follower: ChangeFollower) -> None:
        self._due.append(weakref.ref(follower))
        self._post()

    def _post(self) -> None:
        if not self._posted:
            self._posted = True
            QCoreApplication.postEvent(self, QEvent(self._RESTYLE))

    def customEvent(self, event: QEvent) -> None:
        if event.type() != self._RESTYLE:
            return
        try:  # still posted: what the restyles make due is done in this turn's rounds
            self._rounds()
        finally:
            self._posted = False
            if self._due:
                self._post()

    def _rounds(self) -> None:
        for _ in range(_MOST_ROUNDS):
            due, self._due = self._due, []
            live = [f for f in (ref() for ref in due) if f is not None and shiboken6.isValid(f)]
            waiting = sorted(live, key=ChangeFollower.depth)
            while waiting:
                follower = waiting.pop(0)
                if not shiboken6.isValid(follower):  # deleted by an earlier restyle
                    continue
                try:
                    follower.follow()
                except BaseException:
                    # Its error goes on to Qt's handler; the others still due run in the
                    # next turn: left out, they stayed due and never heard a change again.
                    self._due.extend(weakref.ref(f) for f in waiting)
                    raise
            if not self._due:
                return


def _turn() -> _RestyleTurn:
    """The application's restyle turn, made as the first change is heard."""
    global _the_turn
    if _the_turn is None or not shiboken6.isValid(_the_turn):
        app = QCoreApplication.instance()
        assert app is not None, "a widget hears changes only inside an application"
        _the_turn = _RestyleTurn(app)
    return _the_turn


_the_turn: _RestyleTurn | None = None
