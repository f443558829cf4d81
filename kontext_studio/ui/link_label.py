"""Words with links that Tab reaches at once.

Qt's label with links took the focus from Tab with nothing shown round it, and Return there
did nothing of the link (in a dialog it pressed the default button: the keyboard overview's
More… closed the overview); only a second Tab came to the first link."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QLabel


class LinkLabel(QLabel):
    """A label whose links Tab takes the keyboard to at once: the first from Tab, the last
    from Shift+Tab."""

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        reason = event.reason()
        links = self.textInteractionFlags() & Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        if links and reason in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            # With no link chosen, the label's own Tab chooses from its first (or last) one.
            self.focusNextPrevChild(reason == Qt.FocusReason.TabFocusReason)
