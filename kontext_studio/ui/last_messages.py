"""View ▸ Last messages: the status bar's last notices, each with its time, newest first.

It kept the latest alone: a Delete's "Moved “…” to the Trash." was gone from it once a
"Settings saved." came a second later, never read. Shown whole in a box whose words wrap
(a long path too, inside it) and can be selected and copied as written."""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from kontext_studio.ui.fit import screen_room
from kontext_studio.ui.font_scale import icons_as_tall_as_text

KEPT = 10
"""How many notices View ▸ Last messages keeps."""
HEIGHT_LINES = 16
"""The view's height, in lines, before it scrolls."""


@dataclass(frozen=True)
class Notice:
    said_at: float  # time.time() when the bar said it
    text: str


class NoticeLog:
    """The last :data:`KEPT` notices the status bar said, newest first."""

    def __init__(self) -> None:
        self._notices: deque[Notice] = deque(maxlen=KEPT)

    def add(self, text: str) -> None:
        """``text`` said now; the same words as the newest, said again, kept once at the
        time of their last saying (a key held at the library's edge said them twenty
        times)."""
        if self.latest() == text:
            self._notices.popleft()
        self._notices.appendleft(Notice(time.time(), text))

    def latest(self) -> str:
        """The newest notice's words; "" with none kept."""
        return self._notices[0].text if self._notices else ""

    def take_back(self, text: str) -> None:
        """Every notice saying ``text`` forgotten, as no longer true."""
        kept = [notice for notice in self._notices if notice.text != text]
        self._notices = deque(kept, maxlen=KEPT)

    def notices(self) -> list[Notice]:
        return list(self._notices)


def as_text(notices: list[Notice]) -> str:
    """``notices``, each its time and its words, a blank line between them."""
    return "\n\n".join(
        f"{time.strftime('%H:%M:%S', time.localtime(notice.said_at))}  {notice.text}"
        for notice in notices
    )


class LastMessagesDialog(QDialog):
    """The notices of a :class:`NoticeLog`, in words that wrap, the keyboard in them to
    select and copy them (Ctrl+A, Ctrl+C); ``width_chars`` wide, in average characters."""

    def __init__(
        self, log: NoticeLog, title: str, width_chars: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.words = QPlainTextEdit()
        self.words.setReadOnly(True)
        # A path longer than a line breaks inside itself: cut at the side before.
        self.words.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.words.setPlainText(as_text(log.notices()))
        self.words.setAccessibleName(title)
        self.words.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        icons_as_tall_as_text(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.words, 1)
        layout.addWidget(buttons)
        metrics = self.words.fontMetrics()
        wanted = QSize(
            metrics.averageCharWidth() * width_chars, metrics.lineSpacing() * HEIGHT_LINES
        )
        self.resize(self.sizeHint().expandedTo(wanted).boundedTo(screen_room(self)))
        self.words.setFocus()
