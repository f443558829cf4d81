"""A box of several lines of text that shows the focus by its border, as a one-line field does.

The style draws a one-line field's frame with the focus in it (Fusion's highlight ring,
Windows' accent line), but a multi-line box's as a plain panel: with the caret blinked off,
the prompt box with the keyboard in it looked the same as without. :class:`TextBox` draws
its frame as the style draws a one-line field's, focus and all, so both look alike in any
style and palette (dark, high contrast).

Words pasted or dropped into it come without the isolates the window adds round a title
(:mod:`~kontext_studio.ui.pasted_text`), as in a one-line field: a box of several lines
holds what the artist writes (the prompt, a description, a preset's words).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMimeData
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QStyle, QStyleOptionFrame, QStylePainter

from kontext_studio.ui.pasted_text import without_added_isolates


class TextBox(QPlainTextEdit):
    """A :class:`QPlainTextEdit` framed as a line edit is (its words wrap, so no horizontal
    scroll bar, and no corner between two bars, is left unpainted)."""

    def event(self, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Paint or self.frameShape() == QFrame.Shape.NoFrame:
            return super().event(event)
        # The scroll area's own paint is its frame alone: its viewport and scroll bars are
        # widgets of their own, drawn over the inside.
        painter = QStylePainter(self)
        option = QStyleOptionFrame()
        option.initFrom(self)
        option.lineWidth = self.frameWidth()
        painter.drawPrimitive(QStyle.PrimitiveElement.PE_FrameLineEdit, option)
        return True

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()  # the frame, which the viewport's repaint leaves as it was

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def insertFromMimeData(self, source: QMimeData) -> None:
        super().insertFromMimeData(without_added_isolates(source))
