"""A line of words whose cause, longer, is told without a mouse too.

The line under Generate that says the work was not saved kept its cause (the folder, what
to do) in a tooltip: only a mouse showed it, and keyboard and screen-reader users never
learned it. While it has a cause, the line is a Tab stop that shows the cause under its
words while it has the keyboard's focus (a tooltip shown then went at once: Qt hides one at
the release of the key that moved the focus), and gives it to a screen reader as its
description.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QStyle, QStyleOptionFocusRect, QWidget

from kontext_studio.ui.elided_label import FOCUS_MARGIN
from kontext_studio.ui.plain_text import plain_tooltip


class CauseLabel(QLabel):
    """A word-wrapped line of plain text whose :meth:`set_cause` is its tooltip, its
    accessible description, and shown under its words while it has the keyboard's focus."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setContentsMargins(*(FOCUS_MARGIN,) * 4)  # room for the focus frame
        self._line = ""
        self._cause = ""

    @property
    def line(self) -> str:
        """The words shown, the cause not counted."""
        return self._line

    def setText(self, text: str) -> None:
        self._line = text
        self._show()

    def set_cause(self, cause: str) -> None:
        """Tell ``cause`` with the line (it may name a folder like HTML: shown as named);
        "" for none, which makes the line no Tab stop."""
        if cause == self._cause:
            return
        self._cause = cause
        self.setToolTip(plain_tooltip(cause) if cause else "")
        self.setAccessibleDescription(cause)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus if cause else Qt.FocusPolicy.NoFocus)
        if not cause and self.hasFocus():
            # Back where Tab came from: left here, the keyboard sat on words no Tab stop
            # leads to, framed as if they were one (the save done at a press of Ctrl+Return).
            self.focusPreviousChild()
        self._show()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._show()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._show()

    def _show(self) -> None:
        """The line, and its cause under it while the keyboard is here; read out as the
        line, the cause being its description."""
        told = self.hasFocus() and self._cause and self._line
        super().setText(f"{self._line}\n{self._cause}" if told else self._line)
        self.setAccessibleName(self._line)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.hasFocus():
            painter = QPainter(self)
            frame = QStyleOptionFocusRect()
            frame.initFrom(self)
            frame.backgroundColor = self.palette().color(self.backgroundRole())
            self.style().drawPrimitive(
                QStyle.PrimitiveElement.PE_FrameFocusRect, frame, painter, self
            )
