"""A one-line label that cuts its text with an ellipsis instead of widening its pane."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QEvent, QRect, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QFontMetrics,
    QFontMetricsF,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QLabel,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyleOptionFocusRect,
    QToolTip,
    QWidget,
)

from kontext_studio.file_names import split_extension
from kontext_studio.ui.plain_text import line_breaks, plain_tooltip
from kontext_studio.ui.unbroken_copy import UnbrokenCopy

Cut = Callable[[QFontMetrics, int], str]
"""How a label's text is cut to a width, in its font (a heading ended by a place among the
images of one generate: :func:`~kontext_studio.ui.batch_place.cut_with_place`)."""
FOCUS_MARGIN = 2  # room round the text for the focus frame of a label that takes focus
_PAST_LETTERS = 8  # how far past a cut at any letter a cut after a word is looked for


def cut_keeping_end(
    metrics: QFontMetrics, text: str, kept: str, width: int, numbers_whole: bool = False
) -> str:
    """``text``, which ends with ``kept`` (a line of progress's " 35%"), cut at its end to
    ``width``, what is before ``kept`` cut and ``kept`` whole; cut as any text is when
    there is no room for any of what is before it. ``numbers_whole``: cut before a number
    there is no room for all of (:func:`cut_before_number`)."""
    room = max(width - metrics.horizontalAdvance(kept), 0)
    before = text[: -len(kept)]
    head = metrics.elidedText(before, Qt.TextElideMode.ElideRight, room)
    if numbers_whole:
        head = cut_before_number(head, before)
    if head.rstrip("…").strip():
        return head + kept
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)


_NUMBER = re.compile(r"\d(?:[\d,.]*\d)?")


def cut_before_number(head: str, text: str) -> str:
    """``head``, ``text`` cut at its end with "…", cut before the number it cut into
    instead: "正在将 1,… 35%" read as a Delete of one artwork, "… 3…" as 3 %. Words that
    end with "…" before the number get no second one ("件作品… …")."""
    cut = len(head) - 1
    if not head.endswith("…") or not text.startswith(head[:cut]):
        return head
    for number in _NUMBER.finditer(text):
        if number.start() < cut < number.end():
            before = text[: number.start()].rstrip()
            return before if before.endswith("…") else before + "…"
    return head


def cut_file_name(metrics: QFontMetrics, name: str, width: int) -> str:
    """A file's ``name`` cut in its middle to ``width``, its extension whole
    (:func:`~kontext_studio.file_names.split_extension`, as the command line keeps it):
    "harbour_serie…_042.png". The start and the end tell most files apart (a number, the
    kind); a whole name of 200 characters made a sentence naming several a page long."""
    stem, kept = split_extension(name)
    if not kept:
        return metrics.elidedText(name, Qt.TextElideMode.ElideMiddle, width)
    room = max(width - metrics.horizontalAdvance(kept), 0)
    return metrics.elidedText(stem, Qt.TextElideMode.ElideMiddle, room) + kept


def cut_to_lines(metrics: QFontMetrics, text: str, width: int, lines: int) -> str:
    """``text`` as it wraps at ``width`` on ``lines`` lines at most (:func:`cut_to_height`)."""
    # A line as high as the text's own (Chinese is drawn in a taller font than the Latin
    # one the metrics are of: two lines of it were taken for three, and it was cut to one).
    line = metrics.boundingRect(QRect(0, 0, 1 << 20, 0), 0, text).height()
    most = lines * line + (lines - 1) * max(metrics.leading(), 0)
    return cut_to_height(metrics, text, width, most)


def cut_to_height(metrics: QFontMetrics, text: str, width: int, height: int) -> str:
    """``text`` as it wraps at ``width`` within ``height``: cut with "…" where a line may
    break (after a word; between two Chinese characters), never inside a word, a number
    or a character made of several (an emoji and its skin tone). A colon, comma or full
    stop left at the cut goes ("on their way…", not "on their way:…"; "if they match…",
    not "if they match.…" where a sentence ends at the cut). Cut as one line is, at any
    letter, where not even its first word and "…" fit."""
    room = QRect(0, 0, max(width, 1), 0)
    flags = int(Qt.TextFlag.TextWordWrap)

    def fits(words: str) -> bool:
        needed = metrics.boundingRect(room, flags, words)
        return needed.height() <= height and needed.width() <= room.width()

    if fits(text):
        return text
    words = _cut_after_word(text, fits)
    return words or metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)


def cut_to_width(metrics: QFontMetrics, text: str, width: int) -> str:
    """``text`` on one line ``width`` wide, cut as :func:`cut_to_height` cuts it: after its
    last word with room, with "…". At any letter where that keeps less than half of what
    such a cut does: "a lighthouse on a cl…" is cut to "a lighthouse on a…", but "a
    supercalifragi…" is not cut to "a…"."""
    text = _head_wider(metrics, text, width)
    if metrics.horizontalAdvance(text) <= width:
        return text
    letters = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
    most = len(letters.removesuffix("…"))
    # Its breaks looked for only as far as a cut may reach (a few letters past the cut at a
    # letter, for the comma it drops): a tile's title may be a prompt of thousands, asked
    # at each paint of its tile.
    head = text[: most + _PAST_LETTERS]
    words = _cut_after_word(head, lambda shown: metrics.horizontalAdvance(shown) <= width)
    return words if 2 * len(words.removesuffix("…")) >= most else letters


def _head_wider(metrics: QFontMetrics, text: str, width: int) -> str:
    """Of a ``text`` far longer than ``width`` has room for, a head of it wider than
    ``width``, which is cut as ``text`` is: the whole of a prompt of thousands of
    characters was laid out to show the few letters of it a tile has room for, at each
    paint of each tile (4.5 ms a tile, a grid of them 130 ms at each step of a scroll).
    ``text`` itself where no head is wider (letters that take no room: accents, joiners)."""
    most = max(width, 0) // 4 + _PAST_LETTERS  # few letters are narrower than 4 px
    while len(text) > most:
        head = text[:most]
        if metrics.horizontalAdvance(head) > width:
            return head
        most *= 4
    return text


def _cut_after_word(text: str, fits: Callable[[str], bool]) -> str:
    """``text`` cut where a line may break, the most of it that ``fits`` with "…"
    (:func:`_cut_at`); "" where not even its first word does."""
    breaks = line_breaks(text)
    low, high = 0, len(breaks)  # breaks[:low] fit with "…" after them
    while low < high:
        middle = (low + high + 1) // 2
        if fits(_cut_at(text, breaks[middle - 1])):
            low = middle
        else:
            high = middle - 1
    return _cut_at(text, breaks[low - 1]) if low else ""


def _cut_at(text: str, at: int) -> str:
    return text[:at].rstrip().rstrip(".:;,。：；，、") + "…"


def tail_from(words: str, field: str, **values: object) -> str:
    """What follows ``field`` ("{percent}") in ``words`` filled with ``values``, the space
    before it too: what a line of progress keeps whole when cut (:meth:`ElidedLabel.keep_end`).
    "" where ``words`` has no ``field``. Found in the words as translated, so a language that
    writes "35%" keeps its own."""
    at = words.find(field)
    if at < 0:
        return ""
    return words[len(words[:at].rstrip()) :].format(**values)


def show_whole_tip(label: QLabel, event: QEvent, whole: str) -> bool:
    """Show ``whole`` (a title the label cuts, a line and why it says so) as ``label``'s
    tooltip when ``event`` asks for one, as Qt shows a tooltip set on it (on lines:
    :func:`plain_tooltip`); whether ``event`` was that ask. The tip is not
    set on the label: Qt describes a widget to a screen reader by its tooltip where it has
    no description of its own (an empty one set counts as none), and a title was heard
    twice, its name then its tip. Qt's own interface for a label is kept (its role, its
    language, what it offers a screen reader), only the tooltip held apart."""
    if event.type() != QEvent.Type.ToolTip or not isinstance(event, QHelpEvent):
        return False
    if whole:
        QToolTip.showText(event.globalPos(), plain_tooltip(whole), label)
    else:
        QToolTip.hideText()
        event.ignore()  # a parent's tip, if it has one, as Qt does for a widget with none
    return True


class ElidedLabel(QLabel):
    """One line of plain text, cut with an ellipsis to the width it gets; or a few
    (:meth:`wrap_to`)."""

    def __init__(
        self,
        parent: QWidget | None = None,
        mode: Qt.TextElideMode = Qt.TextElideMode.ElideRight,
    ) -> None:
        super().__init__(parent)
        self._mode = mode
        self._kept = ""
        self._cut: Cut | None = None
        self._numbers_whole = False
        self._lines = 1
        self._tip_whole = False
        self._whole = ""  # shown on hover in place of the text (:meth:`tip_whole_text`)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def tip_whole_text(self, whole: str = "") -> None:
        """Show the whole text as the tooltip from now on, or ``whole`` where given (a
        file's path beside its name), heard once, as the label's name
        (:func:`show_whole_tip`): a title cut at the screen's width."""
        self._tip_whole = True
        self._whole = whole

    def event(self, event: QEvent) -> bool:
        if self._tip_whole and show_whole_tip(self, event, self._whole or self.text()):
            return True
        return super().event(event)

    def wrap_to(self, lines: int) -> None:
        """Wrap the text on ``lines`` lines at most, as tall as it needs up to them, cut
        after the last word with room (:func:`cut_to_lines`): a sentence over the grid took
        five lines of a narrow pane at 24 pt, and left it less than one tile."""
        self._lines = lines
        self.updateGeometry()
        self.update()

    def hasHeightForWidth(self) -> bool:
        return self._lines > 1 or super().hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:
        if self._lines == 1:
            return super().heightForWidth(width)
        margins = self.contentsMargins()
        room = max(width - margins.left() - margins.right(), 1)
        shown = cut_to_lines(self.fontMetrics(), self.text(), room, self._lines)
        flags = int(Qt.TextFlag.TextWordWrap)
        needed = self.fontMetrics().boundingRect(QRect(0, 0, room, 0), flags, shown).height()
        return needed + margins.top() + margins.bottom()

    def shown_text(self) -> str:
        """The text as drawn: cut to the label's width. Qt's cut in the middle or at the
        start keeps the two sides even and can come out a few pixels wider than asked (a
        task ID's last digit clipped at the pane's edge): it is cut again, narrower by as
        much, until it fits."""
        metrics = self.fontMetrics()
        width = self.contentsRect().width()
        if self._lines > 1:
            return cut_to_lines(metrics, self.text(), width, self._lines)
        if self._cut is not None:
            return self._cut(metrics, width)
        text, kept = self.text(), self._kept
        cut_before = self._mode is Qt.TextElideMode.ElideRight and text.endswith(kept)
        # Measured as Qt's cut measures it, in fractions of a pixel: a text a fraction wider
        # than the width, rounded to it, was cut as any is, at its end ("… 3…").
        if kept and cut_before and QFontMetricsF(self.font()).horizontalAdvance(text) > width:
            return cut_keeping_end(metrics, text, kept, width, self._numbers_whole)
        room = width
        shown = metrics.elidedText(self.text(), self._mode, room)
        while room > 0 and metrics.horizontalAdvance(shown) > width:
            room -= metrics.horizontalAdvance(shown) - width
            shown = metrics.elidedText(self.text(), self._mode, room)
        if self._numbers_whole and self._mode is Qt.TextElideMode.ElideRight:
            return cut_before_number(shown, text)
        return shown

    def keep_end(self, kept: str) -> None:
        """Of a text that ends with ``kept`` (a line of progress's "35%"), cut what is
        before it, ``kept`` whole: it is what the line tells (:func:`cut_keeping_end`).
        An empty ``kept``: the text is cut as any is."""
        if kept != self._kept:
            self._kept = kept
            self.update()

    def cut_by(self, cut: Cut | None) -> None:
        """Cut the text to the label's width by ``cut`` (a heading ended by its place among
        the images of one generate); None: as any text is."""
        self._cut = cut
        self.update()

    def keep_numbers_whole(self) -> None:
        """Cut the text before a number it would cut into (a count, a percent), never
        inside it: a line of progress whose numbers are what it says."""
        self._numbers_whole = True
        self.update()

    def set_mode(self, mode: Qt.TextElideMode) -> None:
        """Cut the text at ``mode``'s side from now on: a label that shows a file name (its
        middle) or words (their end) in turn."""
        if mode != self._mode:
            self._mode = mode
            self.update()

    def take_focus(self) -> None:
        """Let Tab stop here (a label with a menu of things to do with its text), with room
        round the text for the style's focus frame, drawn while it has the focus."""
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setContentsMargins(*(FOCUS_MARGIN,) * 4)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Scrolled into sight in a scroll area: Qt scrolls to a widget that Tab reaches
        from within the area, not to one it reaches from outside."""
        super().focusInEvent(event)
        area = self.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        if area is not None:
            area.ensureWidgetVisible(self)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        flags = int(Qt.AlignmentFlag.AlignLeft)
        if self._lines > 1:
            flags |= int(Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap)
        else:
            flags |= int(Qt.AlignmentFlag.AlignVCenter)
        self.style().drawItemText(
            painter,
            self.contentsRect(),
            flags,
            self.palette(),
            self.isEnabled(),
            self.shown_text(),
            self.foregroundRole(),
        )
        if self.hasFocus():
            frame = QStyleOptionFocusRect()
            frame.initFrom(self)
            frame.backgroundColor = self.palette().color(self.backgroundRole())
            self.style().drawPrimitive(
                QStyle.PrimitiveElement.PE_FrameFocusRect, frame, painter, self
            )


class SelectableElidedLabel(QLabel):
    """One line of plain text that can be selected and copied as it shows, cut with an
    ellipsis to the width it gets; the whole text is its tooltip, heard once, as its
    name (:func:`show_whole_tip`). For a heading that must
    not wrap a word to a line in a narrow pane. ``shown_changed`` fires when what it
    shows changes (cut or whole). Copied and dragged with the title it names as typed
    (:class:`UnbrokenCopy`)."""

    shown_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._whole = ""
        self._cut: Cut | None = None
        self._typed = ""
        UnbrokenCopy(self, lambda: self._typed)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_whole_text(self, text: str, typed: str = "", cut: Cut | None = None) -> None:
        """Show ``text``, cut to the label's width by ``cut`` (a heading ended by its place
        among the images of one generate, which tells it apart from others alike), else as
        any text is. ``typed``: the title ``text`` names in its own direction, as typed,
        which a copy carries without the direction controls added round it."""
        self._whole = text
        self._typed = typed
        self._cut = cut
        # Heard whole: named by what it shows, a screen reader read the cut, "…" and all.
        self.setAccessibleName(text)
        self._elide()

    def whole_text(self) -> str:
        return self._whole

    def event(self, event: QEvent) -> bool:
        return show_whole_tip(self, event, self._whole) or super().event(event)

    def is_cut(self) -> bool:
        return self.text() != self._whole

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = self.contentsRect().width()
        metrics = self.fontMetrics()
        if self._cut is not None:
            shown = self._cut(metrics, width)
        else:
            shown = metrics.elidedText(self._whole, Qt.TextElideMode.ElideRight, width)
        if shown != self.text():
            self.setText(shown)
            self.shown_changed.emit()
