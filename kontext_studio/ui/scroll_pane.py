"""Words that scroll up and down in a pane too short for them, a Tab stop only then."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

FOCUS_FRAME_PX = 2  # round a ScrollPane: #scrollPane in the window's style sheet


class ScrollPane(QScrollArea):
    """Words as wide as the pane, scrolling up and down when they are too tall. A Tab stop
    only while there is something to scroll, framed in the highlight colour while it has the
    focus (``#scrollPane:focus`` in the window's style sheet): a Tab stop where nothing
    showed focused, it was one even when there was nothing to scroll to. Words hidden (no
    artwork selected) keep their height, but there is nothing to scroll to then either.

    ``name`` is what a screen reader calls it as Tab comes to it: a pane with no name was
    read as a bare "scroll area"."""

    resized = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scrollPane")
        self.setAccessibleName(name)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.verticalScrollBar().rangeChanged.connect(self._update_focus_policy)

    def setWidget(self, widget: QWidget) -> None:
        super().setWidget(widget)
        widget.installEventFilter(self)
        self._update_focus_policy()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() in (QEvent.Type.Show, QEvent.Type.Hide):
            self._update_focus_policy()
        return super().eventFilter(watched, event)

    def _update_focus_policy(self) -> None:
        bar = self.verticalScrollBar()
        content = self.widget()
        scrolls = bar.maximum() > bar.minimum() and content is not None and not content.isHidden()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if scrolls else Qt.FocusPolicy.NoFocus)
