"""Wrapped lines of words, as tall as they need up to a share of the screen's height and
scrolled past it."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtGui import QScreen, QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kontext_studio.ui.scroll_pane import ScrollPane

SCREEN_SHARE = 0.25
"""How much of the screen's height the lines take at the most."""


class CappedLines(ScrollPane):
    """The lines :meth:`add` is given, stacked, as tall as they are at its width, at most
    :data:`SCREEN_SHARE` of its screen's available height, scrolled up and down past that.
    Hidden while every line is (:meth:`fit_shown`). A Tab stop only while they scroll,
    framed then while it has the focus, and called ``name`` by a screen reader
    (:class:`~kontext_studio.ui.scroll_pane.ScrollPane`)."""

    def __init__(self, name: str, spacing: int, parent: QWidget | None = None) -> None:
        super().__init__(name, parent)
        self._inner = QWidget(self)
        self._inner.setAutoFillBackground(False)
        self._layout = QVBoxLayout(self._inner)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(spacing)
        self._lines: list[QWidget] = []
        self.setWidget(self._inner)
        self.viewport().setAutoFillBackground(False)
        self._follows_screen = False
        self._screen: QScreen | None = None

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        handle = self.window().windowHandle()
        if handle is not None and not self._follows_screen:
            self._follows_screen = True
            handle.screenChanged.connect(self._follow_screen)
            self._follow_screen(handle.screen())

    def _follow_screen(self, screen: QScreen) -> None:
        """Its height asked again on the window's new screen, and as that screen's free area
        changes (a panel moved, the resolution changed): its cap is a share of it, and it
        kept the one it had until its lines changed."""
        if self._screen is not None and shiboken6.isValid(self._screen):
            self._screen.availableGeometryChanged.disconnect(self.updateGeometry)
        self._screen = screen
        screen.availableGeometryChanged.connect(self.updateGeometry)
        self.updateGeometry()

    def add(self, line: QWidget) -> None:
        self._lines.append(line)
        self._layout.addWidget(line)

    def fit_shown(self) -> None:
        """Shown while one of its lines is, and its height asked again for them."""
        self.setVisible(any(not line.isHidden() for line in self._lines))
        self.updateGeometry()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A line's words changed: its height is asked again (the scroll area watches the
        lines' widget already, for its size)."""
        if event.type() == QEvent.Type.LayoutRequest and watched is self.widget():
            self.updateGeometry()
        return super().eventFilter(watched, event)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        frame = 2 * self.frameWidth()
        lines = self._layout.totalHeightForWidth(max(width - frame, 0))
        return min(lines + frame, self._most())

    def sizeHint(self) -> QSize:
        return self._around(self._inner.sizeHint().width())

    def minimumSizeHint(self) -> QSize:
        """As narrow as its lines go (their longest word), and the scroll bar beside them
        where they are scrolled at that width: taken at the width it has, the words were
        cut at its edge once a narrower preview scrolled them."""
        return self._around(self._inner.minimumSizeHint().width())

    def _around(self, lines_width: int) -> QSize:
        frame = 2 * self.frameWidth()
        if self._layout.totalHeightForWidth(lines_width) + frame > self._most():
            lines_width += self.verticalScrollBar().sizeHint().width()
        return QSize(lines_width + frame, self.heightForWidth(self.width()))

    def _most(self) -> int:
        return round(self.screen().availableGeometry().height() * SCREEN_SHARE)
