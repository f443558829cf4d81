"""What a screen reader is told a widget of ours is, where Qt's own answer for its class is
wrong: a class says so with ``accessible_role``, and :func:`install` has Qt ask here first.

Qt sets a widget's role by its class, not by how it is used: a row of the Upload list (a
``QFrame``) was read as a frame, and a ratio of the Generate tab (a checkable ``QToolButton``
in an exclusive group) as a check box, one that might be ticked beside another. Neither
class can be told otherwise (``QAccessibleToolButton`` reads a checkable tool button as a
check box whatever its group), and changing the widgets' classes would change how they look
and are laid out: an interface of our own, made by the factory Qt asks before its own, says
the role instead.

PySide keeps each interface the factory makes until the application ends (a small object
for each row a screen reader has met); Qt deletes the C++ side with its widget.

A line edit's clear button (✕) is Qt's own, with no name at all: :func:`clear_button`
gives it one.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleActionInterface, QAccessibleInterface, QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAccessibleWidget,
    QLineEdit,
    QToolButton,
    QWidget,
)

_installed = False


class ChoiceButton(QAccessibleWidget):
    """A checkable button that is one choice among several (an exclusive group's): a radio
    button, checked or not, whose one action chooses it as a click does."""

    def __init__(self, button: QAbstractButton) -> None:
        super().__init__(button, QAccessible.Role.RadioButton)

    def text(self, kind: QAccessible.Text) -> str:
        said = super().text(kind)  # the accessible name, where the widget has one
        button = self.widget()
        if kind is QAccessible.Text.Name and not said and isinstance(button, QAbstractButton):
            return button.text().replace("&", "")  # its words, as Qt's own names a button
        return said

    def state(self) -> QAccessible.State:
        state = super().state()
        button = self.widget()
        if isinstance(button, QAbstractButton):
            state.checkable = True
            state.checked = button.isChecked()
        return state

    def actionNames(self) -> list[str]:
        names = super().actionNames()
        button = self.widget()
        if button is not None and button.isEnabled():
            return [QAccessibleActionInterface.toggleAction(), *names]
        return names

    def doAction(self, name: str) -> None:
        button = self.widget()
        if name != QAccessibleActionInterface.toggleAction():
            super().doAction(name)
        elif isinstance(button, QAbstractButton) and button.isEnabled():
            button.click()  # as the mouse: its group unchecks the one before, its signals tell


_CLEAR_ACTION = "_q_qlineeditclearaction"
"""The name Qt gives the action of a line edit's clear button (``setClearButtonEnabled``)."""


def clear_button(edit: QLineEdit, name: str) -> None:
    """Give ``edit`` a clear button (✕) that a screen reader calls ``name`` ("Clear the
    search"): Qt's own has no words, and was read as a button with no name among the
    field's parts. The button is named, its action left alone: a change of the action shows
    the button, in sight or not, whatever the field holds."""
    edit.setClearButtonEnabled(True)
    action = edit.findChild(QAction, _CLEAR_ACTION)
    for button in edit.findChildren(QToolButton):
        if action is not None and button.defaultAction() is action:
            button.setAccessibleName(name)


def _interface(_class_name: str, obj: QObject) -> QAccessibleInterface | None:
    """The interface of a widget whose class names its ``accessible_role``; ``None`` lets
    Qt make its own."""
    role = getattr(type(obj), "accessible_role", None)
    if not isinstance(obj, QWidget) or not isinstance(role, QAccessible.Role):
        return None
    if role is QAccessible.Role.RadioButton and isinstance(obj, QAbstractButton):
        return ChoiceButton(obj)
    return QAccessibleWidget(obj, role)


def install() -> None:
    """Have Qt ask :func:`_interface` first, once: before the interface of a widget of a
    class with an ``accessible_role`` is made (Qt keeps the first it makes)."""
    global _installed
    if not _installed:
        QAccessible.installFactory(_interface)
        _installed = True
