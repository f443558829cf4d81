"""First sizes that fit the screen they open on, and message boxes wide enough to read.

The screen's free area (``availableGeometry``) leaves out the desktop's panels but not the
title bar and borders the desktop draws around a window: a window or dialog as tall as that
area put its bottom edge (the main window's status bar, a dialog's buttons) below the screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QLayout,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kontext_studio.ui.placement import FRAME_GUESS, onto_its_screen

FRAME_ROOM = QSize(
    FRAME_GUESS.left() + FRAME_GUESS.right(), FRAME_GUESS.top() + FRAME_GUESS.bottom()
)
"""What the desktop's title bar and borders may take around a window."""


def fitting(size: QSize, screen: QScreen | None) -> QSize:
    """``size``, no larger than ``screen``'s free area less :data:`FRAME_ROOM`."""
    return size.boundedTo(screen.availableGeometry().size() - FRAME_ROOM) if screen else size


def screen_room(window: QWidget) -> QSize:
    """The room ``window``'s screen has for it: its free area less :data:`FRAME_ROOM`."""
    screen = window.screen()
    return fitting(screen.availableGeometry().size(), screen)


def room_above(dialog: QWidget, below: Sequence[QWidget]) -> QSize:
    """The screen's room (:func:`screen_room`) for the part of ``dialog`` that scrolls, less its
    layout's margins and the widgets ``below`` it that are shown (its buttons, an error),
    each with the layout's spacing: those stay in sight while that part scrolls."""
    room = screen_room(dialog)
    layout = dialog.layout()
    if layout is None:
        return room
    margins = layout.contentsMargins()
    taken = sum(
        layout.spacing() + widget.sizeHint().height()
        for widget in below
        if widget.isVisibleTo(dialog)
    )
    return room - QSize(margins.left() + margins.right(), margins.top() + margins.bottom() + taken)


def at_whole_size(window: QWidget) -> None:
    """``window`` at its size hint, as far as its screen's room goes, as tall as its wrapped
    words need at that width. A window Qt sizes itself (at its first show, ``adjustSize``)
    is made no wider than 2/3 of the screen, nor taller: with a large font on a laptop the
    Rename box cut its line's words at its edge, Edit details drew its Tags row over its
    Description, and Enter task ID cut its intro's first and last lines."""
    room = screen_room(window)
    size = window.sizeHint().expandedTo(window.minimumSize()).boundedTo(room)
    layout = window.layout()
    if layout is not None and layout.hasHeightForWidth():
        size.setWidth(_short_enough(layout, size.width(), room))
        size.setHeight(min(layout.totalHeightForWidth(size.width()), room.height()))
    window.resize(size)
    if window.isVisible():
        on_its_screen(window)


def scrolled_content_size(content: QWidget, room: QSize, bar: int) -> QSize:
    """The size a scroll area with ``room`` asks for ``content``: as wide as its size hint,
    as tall as its wrapped words are at that width; where they are taller than the room,
    as wide as gives them their fewest lines (:func:`_short_enough`) and ``bar`` wider for
    the scroll bar that then stands beside them. Statistics opened 680 x 560 on every
    screen: at 24 pt on a 1024 x 700 one its numbers scrolled by 536 px, 340 px of the
    screen's width unused beside them."""
    least = content.minimumSizeHint().expandedTo(content.minimumSize())
    width = min(content.sizeHint().expandedTo(least).width(), room.width())
    layout = content.layout()
    if layout is None or not layout.hasHeightForWidth():
        return content.sizeHint().expandedTo(least).boundedTo(room)
    width = _short_enough(layout, width, room)
    height = layout.totalHeightForWidth(width)
    if height > room.height():
        width = min(width + bar, room.width())
    return QSize(width, min(height, room.height()))


def _short_enough(layout: QLayout, width: int, room: QSize) -> int:
    """The least width from ``width`` to ``room``'s at which ``layout``'s wrapped words are
    no taller than the room, or, where they are taller at every width, take their fewest
    lines (as at the room's width). Edit details at 15 pt on a 683 x 400 screen opened 520
    px wide, its note on the published copy wrapped so tall that its fields scrolled, with
    150 px of the screen to its side; at 24 pt on a 911 x 512 screen it opened as wide as
    the screen, 190 px wider than its fewest lines need."""
    narrowest, widest = width, room.width()
    tallest = max(room.height(), layout.totalHeightForWidth(widest))
    if layout.totalHeightForWidth(width) <= tallest:
        return width
    while widest - narrowest > 1:  # narrowest too tall, widest short enough
        middle = (narrowest + widest) // 2
        if layout.totalHeightForWidth(middle) <= tallest:
            widest = middle
        else:
            narrowest = middle
    return widest


def on_its_screen(window: QWidget) -> None:
    """``window``, shown and grown, moved back inside its screen (:func:`onto_its_screen`):
    the windows no :func:`~kontext_studio.ui.placement.keep_placed` watches call this."""
    onto_its_screen(window)


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


class FittedScroll(QScrollArea):
    """Scrolls its content only on a screen too small for it: elsewhere it asks for all the
    room the content needs (the dialog grows for it), as far as ``room`` gives: the
    Statistics' numbers, each Settings page."""

    def __init__(self, room: Callable[[], QSize], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._room = room
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # Without a frame its focus could not be seen: it takes none. The keyboard stays on
        # the fields and buttons (a field Tab comes to is scrolled into sight).
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focused)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Its content laid out anew (a note shown once the keyring answered) asks the
        dialog for room again: a scroll area keeps what its content needs to itself, and
        the Publishing page, shown as Settings opened, scrolled by the note's lines on a
        large screen."""
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)

    def _focused(self, _old: QWidget | None, new: QWidget | None) -> None:
        """A field the keyboard comes to scrolled into sight, from the dialog's buttons too:
        Qt scrolls to one Tab reaches from within the area only, and Shift+Tab from Save to
        a page's last field left it out of sight."""
        content = self.widget()
        if new is not None and content is not None and content.isAncestorOf(new):
            self.ensureWidgetVisible(new)

    def sizeHint(self) -> QSize:
        """Qt's (the content's hint, no larger than 36 by 24 lines), the content's hint
        asked anew: Qt's keeps the first it had, and a dialog grown for a font made larger
        while it was open (Settings) stayed as small as its pages were at the old font."""
        content = self.widget()
        if content is None:
            return super().sizeHint()
        frame = 2 * self.frameWidth()
        line = self.fontMetrics().height()
        return (content.sizeHint() + QSize(frame, frame)).boundedTo(QSize(36 * line, 24 * line))

    def minimumSizeHint(self) -> QSize:
        content = self.widget()
        if content is None:
            return super().minimumSizeHint()
        frame = 2 * self.frameWidth()
        needed = self._least(content, frame)
        room = self._room()
        if needed.height() + frame > room.height():
            # It scrolls up and down: as wide again as its bar, which takes its room from the
            # content's. At 24 pt on a 1024 x 700 screen the Statistics were 14 px too
            # narrow for their numbers beside it, and scrolled sideways too.
            needed.setWidth(needed.width() + self.verticalScrollBar().sizeHint().width())
        return (needed + QSize(frame, frame)).boundedTo(room)

    def _least(self, content: QWidget, frame: int) -> QSize:
        """The least size of ``content``: as tall as its wrapped words at the width it has."""
        needed = content.minimumSizeHint().expandedTo(content.minimumSize())
        if content.hasHeightForWidth():  # wrapped words are taller in a narrower dialog
            width = max(self.width() - frame, needed.width())
            needed.setHeight(max(needed.height(), content.heightForWidth(width)))
        return needed


class WindowScroll(FittedScroll):
    """The main window's panes, scrolled only on a screen smaller than their least size
    (a 1024 x 700 screen at 256 dpi, 384 x 263 to Qt). Its least is its content's least:
    not, as a dialog's pages ask, the height the content's words take at its width, which
    is the panes' full height, and would have kept the window from being made shorter."""

    def _least(self, content: QWidget, frame: int) -> QSize:
        """The content's least; where that is wider than the screen's room, as tall again as
        the bar that scrolls it sideways: at 24 pt on an 800 x 600 screen the window made as
        short as it went scrolled its panes up and down by the bar's height too."""
        needed = content.minimumSizeHint().expandedTo(content.minimumSize())
        if needed.width() + frame > self._room().width():
            needed.setHeight(needed.height() + self.horizontalScrollBar().sizeHint().height())
        return needed


class PanesColumn(QVBoxLayout):
    """The window's banners over its panes, in a :class:`WindowScroll`, as tall as it lets
    them be (its least where the screen is smaller). Its height for a width is kept from
    the scroll area, which made its content as tall as that: the banners' wrapped words
    over the panes' full height (their size hint). With a banner up at 15 pt, a 1264 x 752
    window scrolled its panes up and down by 87 px, at 24 pt by 521 px. The banners still
    take the height their words need at the column's width, among its rows, and its least
    height counts them so: at its own least, a banner's last line was cut at its bottom
    wherever the panes' least was taller than the room (at 24 pt a 1024 x 700 window made
    as short as it goes, any window on a 1024 x 700 screen at 256 dpi)."""

    def hasHeightForWidth(self) -> bool:
        return False

    def minimumSize(self) -> QSize:
        least = super().minimumSize()
        column = self.parentWidget()
        width = max(column.width() if column is not None else 0, least.width())
        more = 0
        for index in range(self.count()):
            item = self.itemAt(index)
            if item is not None and not item.isEmpty() and item.hasHeightForWidth():
                more += max(item.heightForWidth(width) - item.minimumSize().height(), 0)
        return QSize(least.width(), least.height() + more)
