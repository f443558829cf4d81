"""A check box whose words wrap onto more lines where its row is narrow.

Qt's own keeps its words on one line and asks for their whole width (Qt has no word wrap
for a check box): in the Generate tab's Advanced options, "Enhance the prompt (upsampling)"
made the tab, and so the window, wider than a small screen."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStyleOptionFocusRect,
    QWidget,
)

_TEXT_FLAGS = Qt.TextFlag.TextWordWrap | Qt.TextFlag.TextShowMnemonic
_TALL = 10_000  # room enough for the words' height, or width, when they are measured


class WrappingCheckBox(QCheckBox):
    """A :class:`QCheckBox` that prefers its words on one line and wraps them at the width
    it gets: at the least, as wide as the box and its widest word. The first line stands
    where Qt's one line does, beside the box; the others go under it."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        # Narrower than its one line where it must be (Qt's may not): its height follows.
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def minimumSizeHint(self) -> QSize:
        one_line = super().sizeHint()
        widest_word = self._words_at(1).width()  # each line as short as it can be
        width = one_line.width() - self._words_at(_TALL).width() + widest_word
        return QSize(width, one_line.height())

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        below = self._line_height() - self._words_rect(_TALL).bottom()
        return self._words_rect(width).bottom() + max(below, 1)

    def hitButton(self, pos: QPoint) -> bool:
        """A click on any line of the words, not only on the first, as Qt reckons it."""
        box = self.style().subElementRect(
            QStyle.SubElement.SE_CheckBoxClickRect, self._box_option(), self
        )
        return box.united(self._words_rect(self.width())).contains(pos)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        option = self._box_option()
        # The box alone: Qt's whole check box would frame its focus round the box, there
        # being no words in the option, and the words are framed below.
        option.rect = self.style().subElementRect(
            QStyle.SubElement.SE_CheckBoxIndicator, option, self
        )
        self.style().drawPrimitive(
            QStyle.PrimitiveElement.PE_IndicatorCheckBox, option, painter, self
        )
        words = self._words_rect(self.width())
        room = self._room(self.width())
        self.style().drawItemText(
            painter,
            # As wide as the room they were wrapped in: at their own width, rounded, they
            # might wrap again.
            QRect(room.left(), words.top(), room.width(), words.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | self._drawn_flags()),
            self.palette(),
            self.isEnabled(),
            self.text(),
            self.foregroundRole(),
        )
        if option.state & QStyle.StateFlag.State_HasFocus:
            frame = QStyleOptionFocusRect()
            frame.initFrom(self)
            frame.rect = words.adjusted(-1, 0, 1, 0)
            frame.backgroundColor = self.palette().color(self.backgroundRole())
            self.style().drawPrimitive(
                QStyle.PrimitiveElement.PE_FrameFocusRect, frame, painter, self
            )

    def _drawn_flags(self) -> Qt.TextFlag:
        """The words' flags as drawn: their letter underlined only where the style underlines
        Qt's own (not on macOS, nor on Windows until Alt is held), as Qt's check box draws
        it. The H of "Translate prompts to Englis&h" was underlined on a Mac, where nothing
        else is and Option, not the letter, is the key."""
        option = self._box_option()
        if self.style().styleHint(QStyle.StyleHint.SH_UnderlineShortcut, option, self):
            return _TEXT_FLAGS
        return _TEXT_FLAGS | Qt.TextFlag.TextHideMnemonic

    def _line_height(self) -> int:
        """Qt's height for one line of words: the box is centred in it."""
        return super().sizeHint().height()

    def _box_option(self) -> QStyleOptionButton:
        """The style's option for the box alone, as tall as one line: it stays beside the
        first line, where the style would centre it in the whole height."""
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""
        option.rect = QRect(0, 0, self.width(), self._line_height())
        return option

    def _room(self, width: int) -> QRect:
        """Where the style puts one line of words in a check box ``width`` wide."""
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.rect = QRect(0, 0, width, self._line_height())
        return self.style().subElementRect(QStyle.SubElement.SE_CheckBoxContents, option, self)

    def _words_rect(self, width: int) -> QRect:
        """The words in a check box ``width`` wide: their first line where the style puts
        one, centred in its height, and as many lines under it as they take there."""
        room = self._room(width)
        top = room.top() + (room.height() - self.fontMetrics().height()) // 2
        return self._words_at(max(room.width(), 1)).translated(room.left(), top)

    def _words_at(self, width: int) -> QRect:
        """The words' bounding box wrapped at ``width``, at (0, 0)."""
        return self.fontMetrics().boundingRect(QRect(0, 0, width, _TALL), _TEXT_FLAGS, self.text())
