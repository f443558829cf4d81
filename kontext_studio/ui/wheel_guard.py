"""A wheel turned over a form's choice scrolls the form; only a choice the artist clicked,
tabbed into or named by its letter takes it. Qt's combo boxes, spin boxes and sliders take a
wheel as a change even unfocused: scrolling the Generate tab's form over its Model box
switched it to Flux Kontext Max, the dearer model, without the artist choosing it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QSlider, QWidget

# Not QAbstractSlider: a scroll bar is one, and the wheel a scroll area passes it must work.
_CHOICES = (QComboBox, QAbstractSpinBox, QSlider)
_CHOSEN = "wheelTaken"  # the choice's property: the artist brought the keyboard to it
_ARTIST = (
    Qt.FocusReason.MouseFocusReason,
    Qt.FocusReason.TabFocusReason,
    Qt.FocusReason.BacktabFocusReason,
    Qt.FocusReason.ShortcutFocusReason,  # its label's letter; a page's turn is handed_on
)
# The window, a menu or the choice's own list taking the keyboard a while and giving it back:
# the choice stays as it was.
_AWHILE = (
    Qt.FocusReason.ActiveWindowFocusReason,
    Qt.FocusReason.PopupFocusReason,
    Qt.FocusReason.MenuBarFocusReason,
)
_NOT_TYPED_IN = {
    Qt.Key.Key_Escape,
    Qt.Key.Key_Tab,
    Qt.Key.Key_Backtab,
    Qt.Key.Key_Shift,
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_Meta,
    Qt.Key.Key_Super_L,  # the Windows key on Linux (Meta is it on Windows), to the desktop
    Qt.Key.Key_Super_R,
    Qt.Key.Key_Hyper_L,
    Qt.Key.Key_Hyper_R,
    Qt.Key.Key_CapsLock,  # locks switched on or off on the way to typing elsewhere
    Qt.Key.Key_NumLock,
    Qt.Key.Key_ScrollLock,
}
_HELD = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
_handing = 0  # how many handed_on() are open


@contextmanager
def handed_on() -> Iterator[None]:
    """The focus given meanwhile is the program's, a key's reason notwithstanding: a page
    turned to by Alt+2 or Ctrl+Tab puts the keyboard in its first field, Model, and the
    wheel changed the default model there."""
    global _handing
    _handing += 1
    try:
        yield
    finally:
        _handing -= 1


def chosen(widget: QWidget) -> None:
    """``widget`` was named by the artist (its label's letter): a wheel over it changes it."""
    if isinstance(widget, _CHOICES):
        widget.setProperty(_CHOSEN, True)


def _typed_in(event: QKeyEvent) -> bool:
    """A key the choice itself takes (an arrow, a letter, a digit), not a key passing
    through it: Escape closing the dialog, Ctrl+Tab turning its page, Alt alone."""
    return event.key() not in _NOT_TYPED_IN and not event.modifiers() & _HELD


def _window_left(event: QFocusEvent) -> bool:
    """Whether the keyboard went out of the choice's window to another window or program:
    not to a popup (the choice's own list, a menu), which some window systems make the
    active window a moment after it has closed."""
    if event.reason() != Qt.FocusReason.ActiveWindowFocusReason:
        return False
    active = QApplication.activeWindow()
    return active is None or active.windowType() != Qt.WindowType.Popup


class _WheelPassedOn(QObject):
    """Filters the wheel of the choices it is installed on: one the artist has not brought
    the keyboard to leaves it unaccepted, so Qt hands it on to the widgets around it, the
    scroll area last. The keyboard put there by the program (a Settings page turned to, its
    first field, Model, taking it; a dialog opening) is not the artist's. Each coming of the
    keyboard is judged anew; its coming back from the window, a menu or the choice's own
    list leaves it as it was. The window left for another (or another program) ends the
    choosing: a wheel turned over the form on the way back changed the choice left chosen
    there."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A spin box's own line edit is watched too: a click in it reaches only the edit.
        choice = watched if isinstance(watched, _CHOICES) else watched.parent()
        if not isinstance(choice, QWidget):
            return False
        kind = event.type()
        if kind == QEvent.Type.FocusIn and isinstance(event, QFocusEvent):
            if event.reason() not in _AWHILE:
                choice.setProperty(_CHOSEN, event.reason() in _ARTIST and not _handing)
        elif kind == QEvent.Type.MouseButtonPress or (
            isinstance(event, QKeyEvent) and kind == QEvent.Type.KeyPress and _typed_in(event)
        ):
            choice.setProperty(_CHOSEN, True)  # clicked or typed in, focused already
        elif kind == QEvent.Type.FocusOut and isinstance(event, QFocusEvent):
            if _window_left(event):
                choice.setProperty(_CHOSEN, False)
        elif kind == QEvent.Type.Wheel and watched is choice and not self._taken(choice):
            event.ignore()
            return True
        return False

    @staticmethod
    def _taken(choice: QWidget) -> bool:
        return choice.hasFocus() and bool(choice.property(_CHOSEN))


_filter: _WheelPassedOn | None = None


def _shared_filter() -> _WheelPassedOn:
    """One filter for every choice, kept by the application (not by any one window)."""
    global _filter
    if _filter is None:
        _filter = _WheelPassedOn(QApplication.instance())
    return _filter


def wheel_scrolls_past(content: QWidget) -> None:
    """Make the combo boxes, spin boxes and sliders in ``content`` (the widget of a scroll
    area, a panel, built) take the wheel only once the artist has clicked, tabbed into or
    named them. Strong focus, not Qt's wheel focus: a wheel turned over one does not focus
    it either, which would let the next notch change it."""
    wheel_filter = _shared_filter()
    for kind in _CHOICES:
        for choice in content.findChildren(kind):
            choice.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            choice.installEventFilter(wheel_filter)
            if isinstance(choice, QAbstractSpinBox):
                choice.lineEdit().installEventFilter(wheel_filter)
