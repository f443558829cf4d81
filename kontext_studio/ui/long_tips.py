"""Long tooltips shown on lines of a readable width, for the whole app.

Qt shows a plain tooltip on one line however long it is: Test connection's in Settings ran
past the dialog's edge. :func:`wrap_long_tips` has the application break each plain tooltip
wider than about fifty characters (:func:`tip_width`) into lines as it is shown, once every
handler has made its words (a key's suffix, :mod:`~kontext_studio.ui.option_keys`; a
tile's from the model), the widget's own tooltip and accessible description untouched.
Rich text is left to Qt, which wraps it already.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtGui import QFont, QFontMetrics, QHelpEvent, Qt, QTextLayout
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

TIP_CHARACTERS = 50
"""The width of a tooltip's line, in the tooltip font's average characters."""

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
        """The tooltip shown now on lines, if it is plain text too wide for one."""
        if not QToolTip.isVisible():
            return
        shown = QToolTip.text()
        font = QToolTip.font()
        lines = tip_lines(shown, font, tip_width(font))
        if lines != shown:
            QToolTip.showText(event.globalPos(), lines, widget, QRect(), widget.toolTipDuration())


def wrap_long_tips(app: QApplication) -> None:
    """Every tooltip ``app`` shows from now on wrapped to a readable width (once however
    often it is called)."""
    if app.findChild(QObject, TIPS_WRAPPED) is None:
        app.installEventFilter(_TipsWrapped(app))
