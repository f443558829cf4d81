"""The main window's status bar, whose notices can be read whole: one too long for the room
the bar has for it is cut with "…", and its whole words are the bar's tooltip and
accessible description. Qt's own bar clipped it at the first permanent widget, mid-word
("… put it in its"), with no way to read the rest.

A notice's time is up only once the pointer is off its words (:class:`NoticeClock`, which
the full view's notice keeps its time by too): Qt's bar took it away after its 5 s whatever
the pointer did, the tooltip that said it whole with it, while it was being read there. It
goes :data:`LINGER_MS` after the pointer leaves, or :data:`HOLD_MS` after its time was up
with the pointer resting there. Over the rest of the bar (the credits, the job count) the
pointer holds nothing: resting on the balance it kept every notice up its 30 s."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import shiboken6
from PySide6.QtCore import QDeadlineTimer, QEvent, QObject, QPoint, QRect, QTimer
from PySide6.QtGui import QCursor, QHelpEvent, QHoverEvent, QPainter, QPaintEvent, Qt
from PySide6.QtWidgets import (
    QApplication,
    QSizePolicy,
    QStatusBar,
    QStyle,
    QStyleOption,
    QToolTip,
    QWidget,
)

from kontext_studio.ui.plain_text import plain_tooltip

MESSAGE_START = 6
"""Where Qt's status bar starts its message, from the bar's edge."""
MESSAGE_END = 12
"""The room Qt's status bar keeps after its message with no permanent widget shown."""
ITEM_GAP = 2
"""The room Qt's status bar keeps between its message and the first permanent widget."""
LINGER_MS = 1500
"""How long a notice whose time was up while the pointer was on the bar stays once the
pointer leaves: a slip of the hand off its last words does not take them at once."""
HOLD_MS = 30_000
"""The longest a notice stays past its time for the pointer on the bar, from when its time
was up or the pointer came back: one left resting there while the artist worked by keys
kept "Settings saved." for good, the connection's state, which the bar hides while it says
something, hidden with it. View ▸ Last messages still has it."""


_OFF = frozenset({QEvent.Type.HoverLeave, QEvent.Type.Leave, QEvent.Type.Hide})
"""What takes the pointer off the words: it leaves the widget they are drawn on, or that
widget is hidden (their window closed with the pointer on them kept the notice held its
30 s)."""
_MOVES = frozenset({QEvent.Type.HoverEnter, QEvent.Type.HoverMove})
_MOVED_UNDER = frozenset({QEvent.Type.LayoutRequest, QEvent.Type.Resize})
"""What moves the words under a resting pointer: the widget they are drawn on laid out
anew (the bar's progress of a publish shown, its words cut shorter) or resized."""


class NoticeClock(QObject):
    """The time of a notice that the pointer holds while it rests on its words: when its
    time is up there, it stays until :data:`LINGER_MS` after the pointer leaves them,
    :data:`HOLD_MS` at most from when its time was up or the pointer came back, and then
    ``ends``. The words are ``words()`` of ``surface()``, in its coordinates: the widget
    they are drawn on, or the one under them where they are drawn by a widget that takes no
    pointer (the full view's notice, which the wheel and drags go through to the picture).

    While it is held, the hover events of that one widget say where the pointer goes. It
    watched every event of the app for its moves, asking the system where the pointer was
    at each: a round trip to the display per event, the app's busiest work (a publish's
    progress, the grid's paints) slowed by it meanwhile."""

    def __init__(
        self,
        surface: Callable[[], QWidget],
        words: Callable[[], QRect],
        ends: Callable[[], None],
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self._surface = surface
        self._words = words
        self._ends = ends
        self._watched: QWidget | None = None  # the surface, while the notice is held
        self._hovered_before = False  # whether it had hover events of its own then
        self._was_over = False  # the pointer was on the words at its last move seen
        self._popup_left = False  # it was said to leave them as a popup opened
        self._popup: QWidget | None = None  # the popup open while held, watched for its close
        self._hold_ends = QDeadlineTimer()  # the end of the hold, from when it began
        self._clock = QTimer(self)
        self._clock.setSingleShot(True)
        self._clock.timeout.connect(self._due)

    def start(self, timeout: int) -> None:
        """The notice's time starts anew: ``timeout`` ms (0: until the next one)."""
        self.stop()
        if timeout:
            self._clock.start(timeout)

    def stop(self) -> None:
        """The notice went: no time, nothing held."""
        self._clock.stop()
        self._release()
        self._unwatch_popup()

    def held(self) -> bool:
        """Whether the notice stays only because the pointer is on it."""
        return self._watched is not None

    def _due(self) -> None:
        """The notice's time, or the time it lingers after the pointer left, is up: it stays,
        held, while the pointer is on its words then, as they are now, and goes otherwise,
        or when it has been held :data:`HOLD_MS`. A popup (a menu, a drop-down) opened over
        the window says the pointer left, and its close says nothing of where the pointer
        is: a notice with the pointer back on it (a menu closed within the moment it
        lingers) went, and so did one whose time was up while a menu opened from the keys
        was open, the pointer resting on it all along. Where it lingers for a move off
        its words, the move said where the pointer went: it goes. Held again so, it stays
        what is left of its hold: each menu opened from the keys gave it its whole hold
        anew, and the pointer left resting there kept it for good."""
        surface = self._surface()
        ask = self._watched is None or (self._popup_left and not self._was_over)
        if ask and pointer_on(surface, self._words()):
            self._hold(surface)
        else:
            self.stop()
            self._ends()

    def _hold(self, surface: QWidget) -> None:
        """Held by the pointer on its words, :data:`HOLD_MS` at most from when its time was
        up, its moves watched, and the close of a popup open now."""
        if self._watched is None:
            self._watched = surface
            self._hovered_before = surface.testAttribute(Qt.WidgetAttribute.WA_Hover)
            surface.setAttribute(Qt.WidgetAttribute.WA_Hover)
            surface.installEventFilter(self)
            self._hold_ends = QDeadlineTimer(HOLD_MS)
        self._was_over = True
        self._popup_left = False
        self._watch_popup()
        self._clock.start(self._hold_left())

    def _hold_left(self) -> int:
        return max(self._hold_ends.remainingTime(), 0)

    def _watch_popup(self) -> None:
        """The popup open now (a menu, a drop-down), watched for its close: the bar sees
        no move while it is open, and its close says nothing of where the pointer went."""
        popup = QApplication.activePopupWidget()
        if popup is not None and popup is not self._popup:
            self._unwatch_popup()
            self._popup = popup
            popup.installEventFilter(self)

    def _unwatch_popup(self) -> None:
        popup, self._popup = self._popup, None
        if popup is not None and shiboken6.isValid(popup):
            popup.removeEventFilter(self)

    def _popup_closed(self) -> None:
        """The popup open while the notice was held closed: the pointer, moved meanwhile
        where the bar saw nothing (onto the tiles, then Esc), or resting on the words all
        along, is where it is now. The notice lingers for a pointer off its words, and
        stays what is left of its hold for one on them."""
        self._unwatch_popup()
        surface = self._watched
        if surface is None:
            return
        over = _on_words_on_top(surface, self._words())
        self._popup_left = False
        self._watch_popup()  # the menu a closed submenu was opened from
        if over != self._was_over:
            self._was_over = over
            self._clock.start(self._hold_left() if over else LINGER_MS)

    def _release(self) -> None:
        watched, self._watched = self._watched, None
        if watched is not None:
            watched.removeEventFilter(self)
            watched.setAttribute(Qt.WidgetAttribute.WA_Hover, self._hovered_before)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._popup:
            if event.type() is QEvent.Type.Hide:
                self._popup_closed()
            return False
        came_back = False  # the pointer moved onto the words: a hold of its own
        if event.type() in _OFF:
            over = False
            self._popup_left = QApplication.activePopupWidget() is not None
            self._watch_popup()
        elif event.type() in _MOVES and isinstance(event, QHoverEvent):
            over = came_back = self._words().contains(event.position().toPoint())
            self._popup_left = False
        elif event.type() in _MOVED_UNDER and isinstance(watched, QWidget):
            over = pointer_on(watched, self._words())
            self._popup_left = False
        else:
            return False
        if over != self._was_over:
            self._was_over = over
            if came_back:
                self._hold_ends = QDeadlineTimer(HOLD_MS)
            self._clock.start(self._hold_left() if over else LINGER_MS)
        return False


def pointer_on(widget: QWidget, rect: QRect) -> bool:
    """Whether the pointer is on ``rect`` of ``widget`` (in its own coordinates), shown
    and under the pointer: not behind another window, nor under a popup. While a popup is
    open its window is not under the pointer for Qt, which said the pointer left as it
    opened (one opened from the keys too, away from the pointer): there the pointer is on
    the words where it is not on the popup (:func:`_on_words_on_top`)."""
    if QApplication.activePopupWidget() is not None:
        return _on_words_on_top(widget, rect)
    return _on_words(widget, rect, QCursor.pos()) and widget.window().underMouse()


def _on_words_on_top(widget: QWidget, rect: QRect) -> bool:
    """Whether the pointer is on ``rect`` of ``widget``, shown, and its window on top there,
    by where they are alone: while a popup is open, and as it closes (Qt tells the window
    the pointer is back in it only later, if at all), Qt's window under the pointer says
    nothing of it. On no popup, nor on another window of the app over the words (Settings
    over the bar: held from behind it, the notice stayed its 30 s there); the system says
    which window is on top (where it cannot, as under Wayland, it says none)."""
    at = QCursor.pos()
    if not _on_words(widget, rect, at):
        return False
    popup = QApplication.activePopupWidget()
    if popup is not None and any(shown.frameGeometry().contains(at) for shown in _popups(popup)):
        return False
    top = QApplication.topLevelAt(at)
    return top is None or top is widget.window()


def _on_words(widget: QWidget, rect: QRect, at: QPoint) -> bool:
    return widget.isVisible() and rect.contains(widget.mapFromGlobal(at))


def _popups(popup: QWidget) -> Iterator[QWidget]:
    """``popup`` and the popups it was opened from (a submenu's menus)."""
    shown: QWidget | None = popup
    while shown is not None and shown.windowType() is Qt.WindowType.Popup:
        yield shown
        parent = shown.parentWidget()
        shown = parent.window() if parent is not None else None


class NoticeBar(QStatusBar):
    """A status bar that draws its message as Qt's does, cut with "…" where it has no room
    for it whole, and says it whole in its tooltip and accessible description."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # As QMainWindow.statusBar() makes its own: the window's width is not the bar's to set.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._tip = ""  # the tooltip shown over the message, while it may still be up
        self._clock = NoticeClock(lambda: self, self._message_words, self.clearMessage, self)
        self.messageChanged.connect(self._message_changed)

    def showMessage(self, text: str, /, timeout: int | None = 0) -> None:
        """Show ``text``; ``timeout`` ms later (0: until the next one) it goes, or, with the
        pointer on its words then, :data:`LINGER_MS` after the pointer leaves them
        (:data:`HOLD_MS` at most). Qt's own clock is not given it: it cannot be held."""
        super().showMessage(text)
        # The same words again: Qt's bar sends no change, their time starts anew.
        self._clock.start((timeout or 0) if text else 0)

    def held_by_pointer(self) -> bool:
        """Whether the notice stays only because the pointer is on its words."""
        return self._clock.held()

    def _message_words(self) -> QRect:
        """Where the message's words are drawn, not the room after them."""
        words = self.fontMetrics().horizontalAdvance(self.shown_message())
        room = self.message_rect()
        if self.layoutDirection() is Qt.LayoutDirection.RightToLeft:
            room.setLeft(room.right() + 1 - words)
        else:
            room.setWidth(words)
        return room

    def message_rect(self) -> QRect:
        """Where the message is drawn: as Qt's bar lays it out, from its start to just
        before the first widget shown (while a message shows, only the permanent ones and
        the size grip are)."""
        start, end = MESSAGE_START, self.width() - MESSAGE_END
        rtl = self.layoutDirection() is Qt.LayoutDirection.RightToLeft
        if rtl:
            start, end = MESSAGE_END, self.width() - MESSAGE_START
        for child in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if not child.isVisibleTo(self):
                continue
            if rtl:
                start = max(start, child.geometry().right() + 1 + ITEM_GAP)
            else:
                end = min(end, child.x() - ITEM_GAP)
        return QRect(start, 0, max(end - start, 0), self.height())

    def shown_message(self) -> str:
        """The message as drawn: cut with "…" to :meth:`message_rect`'s width."""
        return self.fontMetrics().elidedText(
            self.currentMessage(), Qt.TextElideMode.ElideRight, self.message_rect().width()
        )

    def is_cut(self) -> bool:
        return self.shown_message() != self.currentMessage()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Qt's ``QStatusBar::paintEvent``, the message cut to its room: the panel, the
        frames of the widgets shown, the message."""
        painter = QPainter(self)
        panel = QStyleOption()
        panel.initFrom(self)
        style = self.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelStatusBar, panel, painter, self)
        for child in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            frame = child.geometry().adjusted(-2, -1, 2, 1)
            if not child.isVisibleTo(self) or not event.rect().intersects(frame):
                continue
            item = QStyleOption()
            item.rect = frame
            item.palette = self.palette()
            item.state = QStyle.StateFlag.State_None
            style.drawPrimitive(QStyle.PrimitiveElement.PE_FrameStatusBarItem, item, painter, child)
        if self.currentMessage():
            painter.setPen(self.palette().windowText().color())
            painter.drawText(
                self.message_rect(),
                int(
                    Qt.AlignmentFlag.AlignLeading
                    | Qt.AlignmentFlag.AlignVCenter
                    | Qt.TextFlag.TextSingleLine
                ),
                self.shown_message(),
            )

    def event(self, event: QEvent) -> bool:
        """Over a cut message, its whole words as a tooltip, on lines as wide as any tooltip's."""
        if event.type() is QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            room = self.message_rect()
            if self.is_cut() and room.contains(event.pos()):
                QToolTip.showText(
                    event.globalPos(), plain_tooltip(self.currentMessage()), self, room
                )
                self._tip = QToolTip.text()
                return True
        return super().event(event)

    def _message_changed(self, text: str) -> None:
        """The message whole for a screen reader, which hears the bar's description: the
        words are drawn, not held by a widget it could read. The tooltip of the message
        before goes with it, and the clock of its time (a new one starts its own)."""
        self._clock.stop()
        self.setAccessibleDescription(text)
        if self._tip and QToolTip.isVisible() and QToolTip.text() == self._tip:
            QToolTip.hideText()
        self._tip = ""
