"""Long tooltips shown on lines of a readable width, for the whole app.

Qt shows a plain tooltip on one line however long it is: Test connection's in Settings ran
past the dialog's edge. :func:`wrap_long_tips` has the application break each plain tooltip
wider than about fifty characters (:func:`tip_width`) into lines as it is shown, once every
handler has made its words (a key's suffix, :mod:`~kontext_studio.ui.option_keys`; a
tile's from the model), the widget's own tooltip and accessible description untouched.
Rich text is left to Qt, which wraps it already.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect
from PySide6.QtGui import QFont, QFontMetrics, QHelpEvent, Qt, QTextLayout
from PySide6.QtWidgets import QApplication, QLabel, QToolTip, QWidget

TIP_CHARACTERS = 50
"""The width of a tooltip's line, in the tooltip font's average characters."""

TIP_LABEL = "qtooltip_label"
"""The object name of the label Qt shows a tooltip in."""

TIPS_WRAPPED = "tipsWrapped"
"""The object name of the application's filter that wraps them."""


def tip_width(font: QFont) -> int:
    """The widest a tooltip's line is drawn with ``font``, in pixels."""
    return QFontMetrics(font).averageCharWidth() * TIP_CHARACTERS


def tip_lines(text: str, font: QFont, width: int) -> str:
    """``text`` on lines no wider than ``width`` drawn in ``font``, broken where the language
    breaks a line (at spaces, between Chinese characters): every word kept, a word wider
    than ``width`` on a line of its own, whole. Rich text, and text that fits, as it is."""
    if Qt.mightBeRichText(text):
        return text
    metrics = QFontMetrics(font)
    paragraphs = text.split("\n")
    if all(metrics.horizontalAdvance(paragraph) <= width for paragraph in paragraphs):
        return text
    return "\n".join(line for paragraph in paragraphs for line in _lines(paragraph, font, width))


def _lines(paragraph: str, font: QFont, width: int) -> list[str]:
    """``paragraph`` broken into lines by Qt's line breaking, the space at a break dropped.
    Qt counts in UTF-16 units: an emoji is two of them and one Python character."""
    units = paragraph.encode("utf-16-le")
    layout = QTextLayout(paragraph, font)
    lines: list[str] = []
    layout.beginLayout()
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        start, length = line.textStart(), line.textLength()
        lines.append(units[start * 2 : (start + length) * 2].decode("utf-16-le").rstrip())
    layout.endLayout()
    return lines or [paragraph]


class _TipsWrapped(QObject):
    """The application's filter: a tooltip shown as its widget's handlers show it (passed on
    to them first), then again on lines if it is too wide."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.setObjectName(TIPS_WRAPPED)
        self._passing = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            self._passing
            or event.type() != QEvent.Type.ToolTip
            or not isinstance(event, QHelpEvent)
            or not isinstance(watched, QWidget)
        ):
            return False
        self._passing = True
        try:
            QApplication.sendEvent(watched, event)
        finally:
            self._passing = False
        self._wrap_shown(watched, event)
        return True

    @staticmethod
    def _wrap_shown(widget: QWidget, event: QHelpEvent) -> None:
        """The tooltip shown now on lines, if it is plain text too wide for one: its label's
        text broken in place, so that it keeps the area it hides outside of (a library
        tile's: shown again by :meth:`QToolTip.showText`, the tip of one tile stayed up
        while the pointer crossed the others)."""
        if not QToolTip.isVisible():
            return
        shown = QToolTip.text()
        font = QToolTip.font()
        lines = tip_lines(shown, font, tip_width(font))
        if lines == shown:
            return
        label = _tip_label()
        if label is None:  # not where Qt keeps it: shown again, without its area
            QToolTip.showText(event.globalPos(), lines, widget, QRect(), widget.toolTipDuration())
            return
        label.setText(lines)
        label.resize(label.sizeHint())
        _keep_on_screen(label, event.globalPos())


def _tip_label() -> QLabel | None:
    """The label showing the tooltip now, if it is found."""
    for window in QApplication.topLevelWidgets():
        if window.objectName() == TIP_LABEL and isinstance(window, QLabel) and window.isVisible():
            return window
    return None


def _keep_on_screen(label: QLabel, pointer: QPoint) -> None:
    """``label``, narrower and taller on its lines, placed again as Qt places a tip: under
    the pointer and right of it, above it when there is no room below, further left when
    there is none to the right (placed for the one long line, it was pushed far left)."""
    screen = label.screen().availableGeometry()
    below = label.y() - pointer.y() if label.y() > pointer.y() else 16  # as Qt put it
    place = QRect(QPoint(pointer.x() + 2, pointer.y() + below), label.size())
    if place.right() > screen.right():
        place.moveRight(screen.right())
    if place.bottom() > screen.bottom():
        place.moveTop(pointer.y() + below - 24 - place.height())
    place.moveLeft(max(place.left(), screen.left()))
    place.moveTop(max(place.top(), screen.top()))
    label.move(place.topLeft())


def wrap_long_tips(app: QApplication) -> None:
    """Every tooltip ``app`` shows from now on wrapped to a readable width (once however
    often it is called)."""
    if app.findChild(QObject, TIPS_WRAPPED) is None:
        app.installEventFilter(_TipsWrapped(app))
