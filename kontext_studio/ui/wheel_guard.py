"""A wheel turned over a form's choice scrolls the form; only a choice the artist clicked or
tabbed into takes it. Qt's combo boxes, spin boxes and sliders take a wheel as a change even
unfocused: scrolling the Generate tab's form over its Model box switched it to Flux Kontext
Max, the dearer model, without the artist choosing it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QSlider, QWidget

# Not QAbstractSlider: a scroll bar is one, and the wheel a scroll area passes it must work.
_CHOICES = (QComboBox, QAbstractSpinBox, QSlider)
_CHOSEN = "wheelTaken"  # the choice's property: the artist brought the keyboard to it
_ARTIST = (
    Qt.FocusReason.MouseFocusReason,
    Qt.FocusReason.TabFocusReason,
    Qt.FocusReason.BacktabFocusReason,
    Qt.FocusReason.ShortcutFocusReason,
)


class _WheelPassedOn(QObject):
    """Filters the wheel of the choices it is installed on: one the artist has not brought
    the keyboard to leaves it unaccepted, so Qt hands it on to the widgets around it, the
    scroll area last. The keyboard put there by the program (a Settings page turned to by its
    tab, its first field, Model, taking it unseen) is not the artist's: the wheel changed
    the default model there too. Coming back to the window or from the choice's own list
    leaves it as it was."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A spin box's own line edit is watched too: a click in it reaches only the edit.
        choice = watched if isinstance(watched, _CHOICES) else watched.parent()
        if choice is None:
            return False
        kind = event.type()
        if kind == QEvent.Type.FocusIn and isinstance(event, QFocusEvent):
            if event.reason() in _ARTIST:
                choice.setProperty(_CHOSEN, True)
            elif event.reason() == Qt.FocusReason.OtherFocusReason:
                choice.setProperty(_CHOSEN, False)
        elif kind in (QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress):
            choice.setProperty(_CHOSEN, True)  # clicked or typed in, focused already
        elif kind == QEvent.Type.Wheel and watched is choice and not self._taken(choice):
            event.ignore()
            return True
        return False

    @staticmethod
    def _taken(choice: QObject) -> bool:
        return isinstance(choice, QWidget) and choice.hasFocus() and bool(choice.property(_CHOSEN))


_filter: _WheelPassedOn | None = None


def _shared_filter() -> _WheelPassedOn:
    """One filter for every choice, kept by the application (not by any one window)."""
    global _filter
    if _filter is None:
        _filter = _WheelPassedOn(QApplication.instance())
    return _filter


def wheel_scrolls_past(content: QWidget) -> None:
    """Make the combo boxes, spin boxes and sliders in ``content`` (the widget of a scroll
    area, built) take the wheel only once the artist has clicked or tabbed into them. Strong
    focus, not Qt's wheel focus: a wheel turned over one does not focus it either, which
    would let the next notch change it."""
    wheel_filter = _shared_filter()
    for kind in _CHOICES:
        for choice in content.findChildren(kind):
            choice.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            choice.installEventFilter(wheel_filter)
            if isinstance(choice, QAbstractSpinBox):
                choice.lineEdit().installEventFilter(wheel_filter)
