"""View ▸ Last messages: the status bar's last notices, each with its time, newest first.

It kept the latest alone: a Delete's "Moved “…” to the Trash." was gone from it once a
"Settings saved." came a second later, never read. Shown whole in a box whose words wrap
(a long path too, inside it) and can be selected and copied as written. What the bar says
while it is open comes into it, the words being read or selected staying where they are."""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QTextCursor, QTextOption
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kontext_studio.ui.fit import screen_room
from kontext_studio.ui.font_scale import icons_as_tall_as_text
from kontext_studio.ui.placement import keep_placed

KEPT = 10
"""How many notices View ▸ Last messages keeps."""
HEIGHT_LINES = 16
"""The view's height, in lines, before it scrolls."""


@dataclass(frozen=True)
class Notice:
    said_at: float  # time.time() when the bar said it
    text: str


class NoticeLog(QObject):
    """The last :data:`KEPT` notices the status bar said, newest first."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._notices: deque[Notice] = deque(maxlen=KEPT)

    def add(self, text: str) -> None:
        """``text`` said now; the same words as the newest, said again, kept once at the
        time of their last saying (a key held at the library's edge said them twenty
        times)."""
        if self.latest() == text:
            self._notices.popleft()
        self._notices.appendleft(Notice(time.time(), text))
        self.changed.emit()

    def latest(self) -> str:
        """The newest notice's words; "" with none kept."""
        return self._notices[0].text if self._notices else ""

    def take_back(self, text: str) -> None:
        """Every notice saying ``text`` forgotten, as no longer true."""
        kept = [notice for notice in self._notices if notice.text != text]
        self._notices = deque(kept, maxlen=KEPT)
        self.changed.emit()

    def notices(self) -> list[Notice]:
        return list(self._notices)


SEPARATOR = "\n\n"
"""Between two notices in the box: a blank line."""


def said_at(notice: Notice) -> str:
    """When ``notice`` was said, as the box shows it."""
    return time.strftime("%H:%M:%S", time.localtime(notice.said_at))


def as_line(notice: Notice) -> str:
    """``notice``: its time and its words."""
    return f"{said_at(notice)}  {notice.text}"


def as_text(notices: list[Notice]) -> str:
    """``notices``, each its time and its words, a blank line between them."""
    return SEPARATOR.join(as_line(notice) for notice in notices)


def _length(text: str) -> int:
    """The length of ``text`` as a text document counts it: in UTF-16 units (an emoji is
    two), a Windows line end ("\\r\\n") one, as it breaks the line once."""
    return len(text.replace("\r\n", "\n").encode("utf-16-le")) // 2


class LastMessagesDialog(QDialog):
    """The notices of a :class:`NoticeLog`, in words that wrap, the keyboard in them to
    select and copy them (Ctrl+A, Ctrl+C); ``width_chars`` wide, in average characters."""

    def __init__(
        self, log: NoticeLog, title: str, width_chars: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        keep_placed(self)
        self.setWindowTitle(title)
        self.words = QPlainTextEdit()
        self.words.setReadOnly(True)
        # Read-only: each notice written in while it is open kept an undo step, for good.
        self.words.document().setUndoRedoEnabled(False)
        # A path longer than a line breaks inside itself: cut at the side before.
        self.words.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self._log = log
        self._shown = log.notices()  # as the box says them now
        self.words.setPlainText(as_text(self._shown))
        log.changed.connect(self._follow)
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

    @staticmethod
    def says_new_notices() -> bool:
        """Whether a notice said now is heard from a Last messages box: one has the
        keyboard in its words, where a screen reader says the words written in (the
        newest notice, at the top). Not one minimised: Qt keeps the keyboard in it, but
        out of sight it is not read."""
        focused = QApplication.focusWidget()
        box = focused.window() if focused is not None else None
        return (
            isinstance(box, LastMessagesDialog) and focused is box.words and not box.isMinimized()
        )

    def _follow(self) -> None:
        """The box brought to the log's notices by editing its text where they changed (a
        notice said comes in at the top, the oldest goes, one taken back goes): the text
        cursor and the selection stay on the words they were on, and so do the lines in
        sight once scrolled down (at the top, the new notice comes into sight). It was a
        snapshot: what the bar said while it was open never came into it."""
        bar = self.words.verticalScrollBar()
        top = self.words.firstVisibleBlock()
        # The line in sight at the top, held by a cursor that the edits below move with it.
        in_sight = QTextCursor(top) if bar.value() > 0 else None
        lines_in = bar.value() - top.firstLineNumber()
        wanted = self._log.notices()
        shown = self._shown
        edit = QTextCursor(self.words.document())
        edit.beginEditBlock()
        if shown and wanted and shown[0] not in wanted and shown[0].text == wanted[0].text:
            _retime(edit, shown[0], wanted[0])
            shown[0] = wanted[0]
        for index in reversed(range(len(shown))):
            if shown[index] not in wanted:
                start, end = _span(shown, index)
                edit.setPosition(start)
                edit.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
                edit.removeSelectedText()
                del shown[index]
        for index, notice in enumerate(wanted):
            if index < len(shown) and shown[index] == notice:
                continue
            line = as_line(notice)
            if not shown:
                edit.setPosition(0)
            elif index < len(shown):
                edit.setPosition(_start(shown, index))
                line += SEPARATOR
            else:
                edit.setPosition(_start(shown, index - 1) + _length(as_line(shown[-1])))
                line = SEPARATOR + line
            edit.insertText(line)
            shown.insert(index, notice)
        edit.endEditBlock()
        if in_sight is not None:
            bar.setValue(in_sight.block().firstLineNumber() + lines_in)


def _retime(edit: QTextCursor, shown: Notice, said: Notice) -> None:
    """The newest notice ``shown``, said again (:meth:`NoticeLog.add` keeps it once),
    given the time it was ``said``: its words are left as they are, and so are the text
    cursor and the selection on them, which went with the line taken out and put back."""
    was = _length(said_at(shown))
    edit.setPosition(was)
    edit.insertText(said_at(said))
    edit.setPosition(0)
    edit.setPosition(was, QTextCursor.MoveMode.KeepAnchor)
    edit.removeSelectedText()


def _start(shown: list[Notice], index: int) -> int:
    """Where the ``index``-th of the notices ``shown`` starts in the box's text."""
    return sum(_length(as_line(notice) + SEPARATOR) for notice in shown[:index])


def _span(shown: list[Notice], index: int) -> tuple[int, int]:
    """The ``index``-th of the notices ``shown`` in the box's text, the blank line after
    it (or before it, the last) taken with it unless it is alone."""
    start = _start(shown, index)
    end = start + _length(as_line(shown[index]))
    if index + 1 < len(shown):
        return start, end + _length(SEPARATOR)
    if index > 0:
        return start - _length(SEPARATOR), end
    return start, end
