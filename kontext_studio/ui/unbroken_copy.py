"""Selectable words that wrap at the invisible breaks of :func:`breakable`, copied, dragged
and read out as typed.

A label's copy (Ctrl+C, the menu's Copy, the selection X11 pastes with the middle button)
and its drag carried the breaks: pasted or dropped into the prompt box, they went to KIE
inside its words. A screen reader was given them too. Qt makes some of these labels itself
(a message box's), so this watches a label from outside rather than being one. Of a label
that names a title in its own direction (the preview's heading), the direction controls
the window added round the title are left out too
(:func:`~kontext_studio.text_direction.added_controls`): pasted into Rename, they became
part of the title.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QMimeData, QObject, QPoint, Qt
from PySide6.QtGui import QClipboard, QDrag, QGuiApplication, QMouseEvent
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from kontext_studio.text_direction import added_controls
from kontext_studio.ui.plain_text import indices, unbroken

_LINE_ENDS = str.maketrans("\u2028\u2029", "\n\n")
"""A selection's line and paragraph separators, as its copy writes them."""


class UnbrokenCopy(QObject):
    """``label``'s selected words copied and dragged without the breaks; ``typed``, of a
    label that names a title, gives the title as typed, whose own direction controls are
    kept, and the others left out."""

    def __init__(self, label: QLabel, typed: Callable[[], str] | None = None) -> None:
        super().__init__(label)
        self._label = label
        self._typed = typed
        self._press: tuple[QPoint, int, str] | None = None
        """Where a press inside a selection with breaks was, and that selection: a move
        away drags it, once (the moves after it are the drag's, not Qt's, until the button
        is released)."""
        self._dragged = False
        label.installEventFilter(self)
        QGuiApplication.clipboard().changed.connect(self._copied)

    def _selected(self) -> str:
        """What is selected as Qt's copy of it writes it: the selection has a new line as
        U+2029, its copy "\n" (a prompt on several lines was copied with its breaks)."""
        return self._label.selectedText().translate(_LINE_ENDS)

    def _as_typed(self, selected: str) -> str:
        """``selected`` without the breaks, and without the direction controls the label
        added round the title (``typed``)."""
        typed = self._typed() if self._typed is not None else ""
        if typed:
            text = self._label.text()
            first = indices(text).get(self._label.selectionStart(), 0)  # -1: none
            added = added_controls(text, typed)[first : first + len(selected)]
            selected = "".join(char for char, out in zip(selected, added, strict=False) if not out)
        return unbroken(selected)

    def _copied(self, mode: QClipboard.Mode) -> None:
        selected = self._selected()
        clipboard = QGuiApplication.clipboard()
        kept = self._as_typed(selected)
        # Qt's copy has a space for a no-break space (``QTextDocument.toPlainText``).
        if kept != selected and clipboard.text(mode) == selected.replace("\xa0", " "):
            clipboard.setText(kept, mode)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A press inside the selection, which Qt's label keeps to drag it, is noted, and
        the moves after it drag it here: Qt's drag carried the breaks."""
        if watched is not self._label or not isinstance(event, QMouseEvent):
            return False
        kind = event.type()
        if kind is QEvent.Type.MouseButtonPress:
            self._pressed(event)
        elif kind is QEvent.Type.MouseMove and self._press is not None:
            return self._moved(event)
        elif kind is QEvent.Type.MouseButtonRelease:
            self._press = None
        return False

    def _pressed(self, event: QMouseEvent) -> None:
        label = self._label
        selected = label.selectedText()
        plain = not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        left = event.button() is Qt.MouseButton.LeftButton
        dragged = left and plain and self._as_typed(selected) != selected
        self._press = (
            (event.position().toPoint(), label.selectionStart(), selected) if dragged else None
        )
        self._dragged = False

    def _moved(self, event: QMouseEvent) -> bool:
        """Whether the move is this drag's (and not Qt's to handle)."""
        assert self._press is not None
        start, selection_start, selected = self._press
        label = self._label
        kept = (label.selectionStart(), label.selectedText()) == (selection_start, selected)
        if not kept or not event.buttons() & Qt.MouseButton.LeftButton:
            self._press = None  # the press chose another place: Qt selects from there
            return False
        moved = (event.position().toPoint() - start).manhattanLength()
        if moved < QApplication.startDragDistance() or self._dragged:
            return True
        self._dragged = True
        words = QMimeData()
        words.setText(self._as_typed(self._selected()))
        drag = QDrag(label)
        drag.setMimeData(words)
        drag.exec(Qt.DropAction.CopyAction)
        return True


def question_unbroken(box: QMessageBox) -> None:
    """``box``'s question, whose name may wrap at breaks (``whole_name``), or its words
    given :func:`breakable`, copied, dragged and read out as typed:
    Qt's message box lets its words be selected, and its label, word-wrapped, cannot break
    inside a word without them."""
    label = box.findChild(QLabel, "qt_msgbox_label")
    if label is not None:
        UnbrokenCopy(label)
        label.setAccessibleName(unbroken(label.text()))
