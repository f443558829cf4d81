"""Words of the status bar that give way last: whole while the bar has room for them beside
the others at their least, else cut to the room there is.

The bar shares a shortfall out among all its widgets that can give way, each as much: the
demo mode's words, whole, kept the bar wider than a 24 pt window on a 1024 px screen, and
Qt cut the balance beside them; able to give way, they were cut at 820 px with the default
font, where the publishing's words alone should be (they end in "…" and their tooltip says
them all). So their least width follows the bar's: all of them where it has the room.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QStatusBar, QWidget


class GivesWayLast(QObject):
    """Keeps the least width of ``words``, in ``bar``, at the room the bar has for them."""

    def __init__(self, bar: QStatusBar, words: QWidget) -> None:
        super().__init__(bar)
        self._bar = bar
        self._words = words
        bar.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._bar and event.type() in (
            QEvent.Type.Resize,
            QEvent.Type.LayoutRequest,
        ):
            self.fit()
        return super().eventFilter(watched, event)

    def fit(self) -> None:
        """The words' least width: whole, less what the bar lacks for them whole."""
        words = self._words
        if not words.isVisibleTo(self._bar):  # the live mode has none
            return
        whole = words.sizeHint().width()
        least = words.minimumWidth() or whole
        wanted = self._bar.minimumSizeHint().width() - least + whole
        short = max(wanted - self._bar.width(), 0)
        words.setMinimumWidth(max(whole - short, 1))
