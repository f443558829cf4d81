"""The colours and icon that mark an outcome in text (ok, warning, error), for a light or a
dark palette.

On a light window they are the app's green, orange and red (the main window's style sheet).
On a dark one those read badly (the red, #c62828, has a contrast of 1.7:1 on a #2b2b2b
window), so lighter tints of the same hues take their place, each above 4.5:1 (WCAG AA).
An error also carries the style's error icon, so it is told apart without its colour.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPalette, QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QStyle, QWidget

LIGHT = {"ok": "#2b8a3e", "warning": "#b35c00", "error": "#c62828"}
DARK = {"ok": "#8ce99a", "warning": "#ffc078", "error": "#ff8a80"}


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def level_colors(palette: QPalette) -> dict[str, str]:
    """The colour of each level's text on ``palette``'s window."""
    return DARK if is_dark(palette) else LIGHT


def outcome_style(palette: QPalette) -> str:
    """Style sheet rules for outcome labels: ``#testResult`` by its ``level`` property, and
    ``#okText``, ``#warningText``, ``#errorText`` by their names."""
    colors = level_colors(palette)
    return "\n".join(
        f'#testResult[level="{level}"], #{level}Text {{ color: {color}; }}'
        for level, color in colors.items()
    )


def level_icon(widget: QWidget, level: str) -> QPixmap:
    """The style's icon for an error or a warning, a line of ``widget``'s text high; an
    empty pixmap for any other level."""
    icons = {
        "error": QStyle.StandardPixmap.SP_MessageBoxCritical,
        "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
    }
    if level not in icons:
        return QPixmap()
    size = widget.fontMetrics().height()
    return widget.style().standardIcon(icons[level], None, widget).pixmap(size, size)


def show_level(text_label: QLabel, icon_label: QLabel, text: str, level: str) -> None:
    """Show ``text`` at ``level`` in ``text_label`` (its colour from the style sheet, by the
    ``level`` property) and the level's icon, if it has one, in ``icon_label``."""
    text_label.setText(text)
    text_label.setProperty("level", level)
    text_label.style().unpolish(text_label)
    text_label.style().polish(text_label)
    icon = level_icon(text_label, level)
    icon_label.setPixmap(icon)
    icon_label.setVisible(bool(text) and not icon.isNull())


def text_height(label: QLabel) -> int:
    """The height ``label``'s text takes wrapped to its width. QLabel's own heightForWidth
    answers its least height for a selectable label, however many lines its text has."""
    margins = label.contentsMargins()
    width = max(label.contentsRect().width(), 1)
    lines = label.fontMetrics().boundingRect(
        QRect(0, 0, width, 1 << 20), Qt.TextFlag.TextWordWrap, label.text()
    )
    return lines.height() + margins.top() + margins.bottom()


class WrappedLabel(QLabel):
    """A word-wrapped label that keeps room for all its lines (an outcome and its hint, a
    note), at least :attr:`least_height` (:meth:`keep_at_least`): in a dialog of tab pages,
    which give no height for a width, a plain one is cut to the height its page had; this
    one grows the dialog instead, at the width it has once laid out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.least_height = 0

    def keep_at_least(self, height: int) -> None:
        """Keep ``height`` px for the outcome, so the dialog need not grow for most."""
        self.least_height = height
        self._keep_room()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._keep_room()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._keep_room()

    def _keep_room(self) -> None:
        needed = max(self.least_height, text_height(self) if self.text() else 0)
        if needed != self.minimumHeight():
            self.setMinimumHeight(needed)
