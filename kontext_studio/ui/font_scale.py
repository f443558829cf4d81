"""Fonts sized relative to the one a widget is given, so they grow with the application font.

A size fixed in pixels or points stays put when an artist with low vision sets 24 pt: the
Upload tab's heading at 15 px was then half the height of the text under it. Sizes here are
a scale of the font in use instead, chosen to match the old fixed size at Qt's default
application font (:data:`DEFAULT_POINTS`), so nothing moves at the default.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtGui import QFont, QFontInfo, QFontMetrics
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QStyle

from kontext_studio.ui.next_turn import FONT, ChangeFollower

DEFAULT_POINTS = 9.0
"""Qt's default application font on Linux (on a 96 dpi screen, 12 px): the size the old
fixed sizes were chosen at."""


def scaled_font(font: QFont, scale: float, *, bold: bool = False) -> QFont:
    """``font`` at ``scale`` times its size, in points or pixels as it is given; ``bold``:
    made bold too (a title, a number read at a glance)."""
    scaled = QFont(font)
    if bold:
        scaled.setBold(True)
    if font.pointSizeF() > 0:
        scaled.setPointSizeF(font.pointSizeF() * scale)
    else:
        scaled.setPixelSize(max(1, round(font.pixelSize() * scale)))
    return scaled


def points(font: QFont) -> float:
    """The size ``font`` is shown at, in points, whether it was given in points or pixels."""
    return QFontInfo(font).pointSizeF()


def icons_as_tall_as_text(box: QDialogButtonBox | QMessageBox) -> None:
    """The icons of ``box``'s buttons (Save, Cancel, Close; a message box's OK, Quit anyway)
    as tall as a line of their words, and no smaller than the style's, now, when the box is
    shown (a message box's buttons are added after it is made) and whenever the font
    changes: at 24 pt they stayed at 16 px beside words twice as tall."""
    buttons = box if isinstance(box, QDialogButtonBox) else box.findChild(QDialogButtonBox)
    if buttons is None:
        return
    _size_icons(buttons)
    buttons.installEventFilter(_IconsFollowFont(buttons))
    # And when its font changes (the application's made larger while a dialog is open).
    buttons.installEventFilter(ChangeFollower(buttons, partial(_size_icons, buttons), FONT))


def _size_icons(box: QDialogButtonBox) -> None:
    for button in box.buttons():
        least = button.style().pixelMetric(QStyle.PixelMetric.PM_ButtonIconSize, None, button)
        side = max(least, QFontMetrics(button.font()).height())
        button.setIconSize(QSize(side, side))


class _IconsFollowFont(QObject):
    """Sizes its button box's icons again when the box is shown (its buttons added since)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QDialogButtonBox):
            _size_icons(watched)
        return super().eventFilter(watched, event)
