"""Focus moved for the keyboard, drawn where the keys left it.

A style draws a button's focus only while its window's focus was last moved by the keys
(``WA_KeyboardFocusChange``, which a Tab key or a shortcut sets and a click clears). A
control the keyboard was on that goes away (a row taken off with Delete, a button gone
grey) hands the focus on; moved as a program's move, it stayed undrawn after a dialog had
closed, and the artist did not know where the keyboard was.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, SignalInstance
from PySide6.QtGui import QKeyEvent, QShortcutEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QMenu, QWidget

from kontext_studio.ui.next_turn import next_turn
from kontext_studio.ui.tab_order import round_chain
from kontext_studio.ui.wheel_guard import chosen, handed_on


def focus_as_keys(widget: QWidget, *, named: bool = False) -> None:
    """Give ``widget`` the focus as a move of the keys', drawn by the style; a move of the
    program's (a page turned to), unless the artist ``named`` it by its letter: a wheel over
    a choice changes it only then."""
    with handed_on():
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
    if named:
        chosen(widget)
    # Also when the focus was already there (setFocus then changes nothing).
    widget.window().setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)


def first_focusable(page: QWidget) -> QWidget | None:
    """The first control of ``page`` that Tab stops at, in its focus chain."""
    return next((widget for widget in round_chain(page) if takes_tab(widget, page)), None)


def takes_tab(widget: QWidget, page: QWidget) -> bool:
    """Whether Tab could stop at ``widget``, a shown and enabled control of ``page``."""
    tab_stop = widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value
    shown = page.isAncestorOf(widget) and widget.isVisibleTo(page)
    return bool(tab_stop) and shown and widget.isEnabled()


_KEYED: ContextVar[int] = ContextVar("keyed", default=0)
"""The key press what runs now was started by (:func:`acting_on_key`), counted from 1; 0 for
none. A context variable, so the work a key starts in the background carries it: asyncio
copies the context into a task and its completion as they are made (Retry's read of the
library before its question, Publish's look at the R2 settings before "Publishing is not
set up")."""


class _KeyActs(QObject):
    """Whether an action is acting on its key at this moment, rather than on a click: its
    ``triggered`` does not say which. Watches the actions given keys by
    :func:`~kontext_studio.ui.shortcuts.assign`, the menus chosen from with the keys
    (:func:`watch_menu_keys`) and the buttons pressed with them (:func:`watch_button_keys`).
    A click while it acts ends that: F2's Rename box runs in a loop of its own, and a
    question its Cancel asked when clicked drew its button as if the key had asked it."""

    def __init__(self, kind: QEvent.Type) -> None:
        super().__init__()
        self._kind = kind

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != self._kind:
            return False
        # Handled here, so the action's own handling (and all it triggers) runs in between.
        with _keyed():
            watched.event(event)
        return True


class _ClickEnds(QObject):
    """The keys' marks (:data:`_KEYED`), and the watch that ends them all at the next click
    anywhere in the app: the work a key started may ask its question minutes later (an
    Upload batch's "Publishing is not set up"), the artist back on the mouse meanwhile. The
    watch is on from a key until that click only."""

    def __init__(self) -> None:
        super().__init__()
        self.made = 0
        self.ended = 0

    def mark(self) -> int:
        """A new key's mark, live until the next click."""
        app = QCoreApplication.instance()
        if app is not None and self.ended == self.made:
            app.installEventFilter(self)
        self.made += 1
        return self.made

    def live(self, mark: int) -> bool:
        """Whether ``mark`` is a key's no click has ended since."""
        return mark > self.ended

    def end(self) -> None:
        """End every mark made so far, and the watch for the click that would."""
        self.ended = self.made
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            self.end()
        return False


_CLICKS = _ClickEnds()


def end_key_marks() -> None:
    """End every key's mark as a click does, and with them the watch on every event of the
    app (a filter in Python) that waits for that click."""
    _CLICKS.end()


@contextmanager
def _keyed() -> Iterator[None]:
    """What runs inside, and the work it starts, counted as started by a key, until a click."""
    token = _KEYED.set(_CLICKS.mark())
    try:
        yield
    finally:
        _KEYED.reset(token)


class _MarkPresses(QObject):
    """A button pressed with Alt and its mark (its underlined letter) as Space and Enter press
    it (:func:`pressed_by_key`): Qt pressed it from a timer a tenth of a second later, out of
    the key's reach, and a question it asked drew nothing round the button the keyboard was
    on. A mark two buttons share still only moves the keyboard to one of them, as Qt does."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(event, QShortcutEvent) or not isinstance(watched, QAbstractButton):
            return False
        if event.isAmbiguous():
            return False
        pressed_by_key(watched)
        return True


_KEY_ACTS = _KeyActs(QEvent.Type.Shortcut)
_MENU_KEYS = _KeyActs(QEvent.Type.KeyPress)
_BUTTON_KEYS = _KeyActs(QEvent.Type.KeyRelease)
_BUTTON_MARKS = _MarkPresses()


def watch_key_acts(action: QObject) -> None:
    """Have :func:`acting_on_key` say when ``action`` acts on its key."""
    action.installEventFilter(_KEY_ACTS)


def watch_menu_keys(*menus: QMenu) -> None:
    """Have :func:`acting_on_key` say when an item of ``menus`` is chosen with the keys
    (Return, or its letter, in a menu opened with Alt+E or F10): counted as a click, the
    question it asked (Delete's) drew nothing round the button the keyboard was on."""
    for menu in menus:
        menu.installEventFilter(_MENU_KEYS)


def watch_button_keys(button: QAbstractButton) -> None:
    """Have :func:`acting_on_key` say when ``button`` is pressed with Space (as it is let
    go): Tab to the library's Delete and Space asked as a click did, nothing drawn; so did
    a banner's button and the Upload tab's. A filter that presses a button on Enter itself
    (:class:`LastPress`, a banner's) is installed after this one, so that it sees the key
    first, and presses it :func:`pressed_by_key`; so does Alt and the button's mark
    (:class:`_MarkPresses`)."""
    button.installEventFilter(_BUTTON_KEYS)
    button.installEventFilter(_BUTTON_MARKS)


def pressed_by_key(button: QAbstractButton) -> None:
    """``button`` clicked for a key (Enter, which a filter of its own turns into a press as
    Space is), counted as the key's (:func:`acting_on_key`), not as a click."""
    with _keyed():
        button.click()


def acting_on_key() -> bool:
    """Whether what runs now runs because an action's key was pressed (Delete in the
    library), not because it was clicked: a box it opens draws where the keyboard is. Also
    in the work the key started in the background (:data:`_KEYED`), until a click."""
    return _CLICKS.live(_KEYED.get())


def drawn_if_asked_by_key(dialog: QDialog) -> None:
    """A ``dialog`` put up by a key (:func:`acting_on_key`: Delete's question, F1's
    overview) draws the control the keyboard is on as it comes up: its first button had the
    keyboard with nothing drawn round it, and the artist could not tell which one Space
    would press until a Tab. Put up by a click, it draws nothing, as a click draws no
    focus."""
    if acting_on_key():
        dialog.installEventFilter(_DrawnOnceActive(dialog, _KEYED.get()))


class _DrawnOnceActive(QObject):
    """:func:`drawn_if_asked_by_key`'s drawing, once its dialog first comes up: at the next
    turn of the loop, as Qt moves the focus into a window only after it is active (a
    dialog with no default button has none as it is told so). Not once a click has ended
    the key's ``mark`` meanwhile: come up while the artist was in another program, and
    clicked to come back to, it drew the keyboard's place after that click."""

    def __init__(self, dialog: QDialog, mark: int) -> None:
        super().__init__(dialog)
        self._mark = mark

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate and isinstance(watched, QWidget):
            watched.removeEventFilter(self)
            next_turn(watched, partial(_draw_focus_of, watched, self._mark)).start()
        return False


def _draw_focus_of(window: QWidget, mark: int) -> None:
    focused = window.focusWidget()
    if _CLICKS.live(mark) and focused is not None and window.isActiveWindow():
        focus_as_keys(focused)


def back_when_cancelled(box: QDialog) -> None:
    """Once ``box`` is closed with Esc or Cancel, its window active again, the keyboard where
    it was there (Qt gives it back to the window's focus widget). Left to the window
    manager, which may not do it (none on a bare X server), nothing was active and the keys
    went nowhere: Tab found no control."""
    _back_on(box, box.rejected)


def back_when_answered(box: QDialog) -> None:
    """:func:`back_when_cancelled`, whatever the answer: a question that opens nothing after
    it (Delete's, Retry's). One asked over the full view once the library was read, after
    Ctrl+R there, left no window with the keys once answered."""
    _back_on(box, box.finished)


def _back_on(box: QDialog, closed: SignalInstance) -> None:
    window = box.parentWidget()
    if window is None:
        return
    owner = window.window()

    def back() -> None:
        shown = _shown_window(owner)
        if QApplication.activeWindow() is None and shown is not None:
            shown.activateWindow()

    closed.connect(back)


def _shown_window(window: QWidget) -> QWidget | None:
    """``window`` if it is shown, else the nearest shown window it is a window of: a full
    view closed under its box gives the keys back to the main window."""
    while not window.isVisible():
        parent = window.parentWidget()
        if parent is None:
            return None
        window = parent.window()
    return window


def hand_focus(widget: QWidget, by_keys: bool) -> None:
    """Give ``widget`` the focus, drawn when the keys caused the move (``by_keys``); after a
    click it is not, as the mouse draws no focus."""
    if by_keys:
        focus_as_keys(widget)
    else:
        widget.setFocus(Qt.FocusReason.OtherFocusReason)


class LastPress(QObject):
    """Whether the last press on the buttons it watches (:meth:`watch`) was a key's rather
    than the mouse's: a button's ``clicked`` does not say which. It also has Enter press
    them as Space does: down while the key is, pressed once as it is let go. Pressed as it
    went down, a button that asks a question (Apply to all files) had the key's repeats
    answer it Cancel, and each repeat pressed the button again, or the one the keyboard was
    handed to as the first press took the other away."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.by_keys = False

    def watch(self, *widgets: QAbstractButton) -> None:
        """Also :func:`watch_button_keys`: a question a button asks at Space or Enter draws
        where the keyboard is, as one the toolbars' buttons ask does."""
        for widget in widgets:
            watch_button_keys(widget)
            widget.installEventFilter(self)  # after: Enter is seen here first

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if isinstance(event, QKeyEvent) and isinstance(watched, QAbstractButton):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                return self._enter(watched, event)
            if kind == QEvent.Type.KeyPress:
                self.by_keys = True
        elif kind == QEvent.Type.Shortcut:  # Alt and the button's mark
            self.by_keys = True
        elif kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            self.by_keys = False
        return False

    def _enter(self, button: QAbstractButton, event: QKeyEvent) -> bool:
        """Enter on ``button``, taken from it: its press puts it down, its release (not a
        repeat's) presses it, if it is still down (the focus gone meanwhile, it is not)."""
        if event.isAutoRepeat():
            return True
        if event.type() == QEvent.Type.KeyPress:
            self.by_keys = True
            button.setDown(True)
        elif event.type() == QEvent.Type.KeyRelease and button.isDown():
            button.setDown(False)
            pressed_by_key(button)
        return True


class KeptAcrossWindows(QObject):
    """Keeps a window's focus drawn as it was when the window lost the focus to another (a
    dialog, another program) and gets it back. Qt clears ``WA_KeyboardFocusChange`` as the
    window is active again, so a file chosen after Tab to Browse… and Space left the
    keyboard on Replace… with nothing drawn round it. A click, here or before leaving,
    still draws nothing: the window's state is the one it had."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._away = False
        self._drawn = False
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Deleted with the focus in it (a window whose opening was cut short, the
        self-test's timed out), the window says its focus is gone as it goes: it was read
        then, a traceback ("already deleted") in place of the self-test's one line."""
        window = self._window
        if not shiboken6.isValid(window):
            return
        if not window.isActiveWindow():
            if not self._away:
                self._away = True
                self._drawn = window.testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)
        elif self._away and new is not None and new.window() is window:
            self._away = False
            if self._drawn:
                window.setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)
                new.update()
