"""First sizes that fit the screen they open on, and message boxes wide enough to read.

The screen's free area (``availableGeometry``) leaves out the desktop's panels but not the
title bar and borders the desktop draws around a window: a window or dialog as tall as that
area put its bottom edge (the main window's status bar, a dialog's buttons) below the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QLabel, QMessageBox

FRAME_ROOM = QSize(16, 48)
"""What the desktop's title bar and borders may take around a window."""


def fitting(size: QSize, screen: QScreen | None) -> QSize:
    """``size``, no larger than ``screen``'s free area less :data:`FRAME_ROOM`."""
    return size.boundedTo(screen.availableGeometry().size() - FRAME_ROOM) if screen else size


def widened(box: QMessageBox, chars: int) -> None:
    """``box`` at least ``chars`` average characters wide. Qt sizes a message box to its
    first line, and the paragraph under a short one stood in a column a few words wide:
    the About box's five lines, the Quit box's seven. Its first line's label is made that
    wide, which the box keeps while it lays itself out anew (its icon or buttons set): a
    spacer put in its layout went with the layout, and Python's copy of it stood for the
    next layout made at its address."""
    label = box.findChild(QLabel, "qt_msgbox_label")
    if label is not None:
        label.setMinimumWidth(box.fontMetrics().averageCharWidth() * chars)
