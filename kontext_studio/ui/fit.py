"""First sizes that fit the screen they open on.

The screen's free area (``availableGeometry``) leaves out the desktop's panels but not the
title bar and borders the desktop draws around a window: a window or dialog as tall as that
area put its bottom edge (the main window's status bar, a dialog's buttons) below the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QScreen

FRAME_ROOM = QSize(16, 48)
"""What the desktop's title bar and borders may take around a window."""


def fitting(size: QSize, screen: QScreen | None) -> QSize:
    """``size``, no larger than ``screen``'s free area less :data:`FRAME_ROOM`."""
    return size.boundedTo(screen.availableGeometry().size() - FRAME_ROOM) if screen else size
