"""Where a dialog opens: centred over its window, wholly on its screen, its title bar in reach.

Qt centres a dialog as it is shown, but takes the corner it works out for the frame the
desktop will draw as the dialog's own (20 px low under openbox), and the window manager
frames the dialog only later. One resized meanwhile (Settings grown for the keyring's
answer, a font or a note) was sent to the corner Qt had heard of last, the unframed
window's (0, 0): under openbox Settings opened there now and then, its title bar above the
screen's top, and could not be dragged. Each dialog is placed here before it is shown, and
placed again wherever it is found framed with its title bar out of reach, or framed
otherwise than the frame it was placed by (its window's, 4 px taller under openbox).
Message boxes (About, the questions) are placed alike where the app makes them
(:func:`keep_placed`): Qt's own centring put them 20 px off their window's centre. Each
box is watched by a filter of its own, never by one on the application, which every event
of every object would have gone through on the GUI thread.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QMargins, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QResizeEvent
from PySide6.QtWidgets import QMessageBox, QWidget

from kontext_studio.ui.next_turn import next_turn

FRAME_GUESS = QMargins(8, 40, 8, 8)
"""What the desktop's title bar and borders may take around a window not framed yet, where
no other window of the app's is framed either."""

PLACINGS = 3
"""How many times a dialog is placed again in one showing: a window manager that keeps
putting it back (a panel's edge) is left to do so."""

WATCHED_S = 2.0
"""How long after a dialog is shown a frame out of reach is taken for the window manager's
(it framed the dialog, a resize sent before put it at the unframed corner) and the dialog
placed again. Later it was the artist who moved it there (onto a panel, or over the top
of a second screen): it is left where they put it."""


def placed(frame: QSize, over: QRect, free: QRect) -> QPoint:
    """The top-left corner of a frame ``frame`` large centred over ``over``, moved into
    ``free`` (the screen's free area). Where the frame is larger than ``free`` its top-left
    corner is the one kept in: the title bar, by which it is moved, and the start of its
    first line."""
    x = over.left() + (over.width() - frame.width()) // 2
    y = over.top() + (over.height() - frame.height()) // 2
    x = max(free.left(), min(x, free.right() + 1 - frame.width()))
    y = max(free.top(), min(y, free.bottom() + 1 - frame.height()))
    return QPoint(x, y)


def framed(window: QWidget) -> bool:
    """Whether the window manager has framed ``window``: till then Qt gives its frame as
    the window itself."""
    return window.frameGeometry() != window.geometry()


def frame_margins(window: QWidget) -> QMargins:
    """The frame the desktop draws around ``window``: its own once framed, else its parent
    window's (one desktop draws both), else :data:`FRAME_GUESS`."""
    parent = window.parentWidget()
    for shown in (window, parent.window() if parent is not None else None):
        if shown is not None and framed(shown):
            outer, inner = shown.frameGeometry(), shown.geometry()
            return QMargins(
                inner.left() - outer.left(),
                inner.top() - outer.top(),
                outer.right() - inner.right(),
                outer.bottom() - inner.bottom(),
            )
    return QMargins(FRAME_GUESS)


def frame_rect(window: QWidget) -> QRect:
    """``window``'s frame: the one drawn, or the one it will be given."""
    return window.geometry().marginsAdded(frame_margins(window))


def move_frame(window: QWidget, corner: QPoint) -> None:
    """``window``'s frame to ``corner``. The window itself is placed, inside the frame:
    Qt's ``move`` takes a frame's corner for the window's own until the window is framed."""
    margins = frame_margins(window)
    window.setGeometry(QRect(corner + QPoint(margins.left(), margins.top()), window.size()))


def place(dialog: QWidget) -> None:
    """``dialog``'s frame centred over its parent window's (:func:`placed`), on its parent's
    screen."""
    parent = dialog.parentWidget()
    screen = (parent or dialog).screen()
    free = screen.availableGeometry()
    over = parent.window().frameGeometry() if parent is not None else free
    move_frame(dialog, placed(frame_rect(dialog).size(), over, free))


def onto_its_screen(window: QWidget) -> None:
    """``window``, shown and grown (a refusal said under a field, a box's details shown),
    moved back inside its screen's free area: it grew down from where it stood, past the
    screen's bottom edge. Its frame is the one it will be given where it is not framed yet
    (:func:`frame_rect`): its title bar was left above the screen's top."""
    free = window.screen().availableGeometry()
    frame = frame_rect(window)
    x = max(free.left(), min(frame.x(), free.right() + 1 - frame.width()))
    y = max(free.top(), min(frame.y(), free.bottom() + 1 - frame.height()))
    if (x, y) != (frame.x(), frame.y()):
        move_frame(window, QPoint(x, y))


def grown(event: QResizeEvent) -> bool:
    """Whether ``event`` made its window larger, across or down (not its first size)."""
    old, new = event.oldSize(), event.size()
    return old.isValid() and (new.width() > old.width() or new.height() > old.height())


def out_of_reach(dialog: QWidget, first: bool) -> bool:
    """Whether framed ``dialog``'s title bar is above its screen's free area; on its
    ``first`` framing, whether any of it is outside that area."""
    free = dialog.screen().availableGeometry()
    frame = frame_rect(dialog)
    if frame.top() < free.top():
        return True
    fits = frame.width() <= free.width() and frame.height() <= free.height()
    return first and fits and not free.contains(frame)


class Placement(QObject):
    """Places the dialog it is installed on (:func:`place`) as it is shown, Qt's own
    centring left out, and again where its framing or a late move left it out of reach
    (:func:`out_of_reach`) in its first :data:`WATCHED_S`; grown by the app at any time
    (details shown, a note), it is moved back onto its screen (:func:`onto_its_screen`).
    Not grown by the artist, who drags its edge: the window manager resizes it, and Qt
    tells that resize as spontaneous, the app's own not. Before, a dialog moved partly off
    the screen on purpose jumped back onto it as the artist enlarged it. It keeps no
    reference to the dialog, its parent: the two would have kept each other alive."""

    def __init__(self, dialog: QWidget) -> None:
        super().__init__(dialog)
        self._first = True
        self._left = PLACINGS
        self._shown_at = 0.0
        self._placed_at = 0.0
        self._guessed: QMargins | None = None  # the frame it was placed by, not framed yet
        self.moved_by_artist = False
        self._framing = next_turn(self, self._painted)
        dialog.installEventFilter(self)

    def placed(self, dialog: QWidget) -> None:
        """``dialog`` centred over its window (:func:`place`) by the app."""
        self._placed_at = time.monotonic()
        self._guessed = None if framed(dialog) else frame_margins(dialog)
        place(dialog)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Show and not event.spontaneous() and isinstance(watched, QWidget):
            self._first, self._left = True, PLACINGS
            self._shown_at = time.monotonic()
            self.moved_by_artist = False
            self.placed(watched)
        elif kind in (QEvent.Type.Move, QEvent.Type.Resize) and isinstance(watched, QWidget):
            self._heard_move(event)
            self._framed_at(watched)
            if not isinstance(event, QResizeEvent) or not watched.isVisible():
                return False
            if self._sizing(watched):
                self.placed(watched)  # sized as it was shown (a message box's words): centred
            elif grown(event) and not event.spontaneous():
                onto_its_screen(watched)  # grown after it opened, off a small screen
        elif kind == QEvent.Type.Paint and self._guessed is not None:
            self._framing.start()  # framed without a move: looked at once it is painted
        return False

    def _heard_move(self, event: QEvent) -> None:
        """A move the platform tells (not the app's own) :data:`WATCHED_S` after the app
        last placed the dialog is the artist's, who dragged it: before then it is the window
        manager's, framing it or answering the app's placing."""
        told = event.type() == QEvent.Type.Move and event.spontaneous()
        if told and time.monotonic() - self._placed_at > WATCHED_S:
            self.moved_by_artist = True

    def _painted(self) -> None:
        """The dialog's frame looked at once it is painted, mapped, framed: the window manager
        frames it where it stands, and Qt tells no move. A message box placed by its
        window's frame (openbox draws a 5 px bottom border under a window that can be
        resized, 1 px under a box that cannot) stood 2 px above its window's centre."""
        dialog = self.parent()
        if isinstance(dialog, QWidget):
            self._framed_at(dialog)

    def _sizing(self, dialog: QWidget) -> bool:
        """Whether ``dialog`` is a message box (which the artist cannot resize) still taking
        its size, in its first :data:`WATCHED_S`: it sizes itself to its words as it is
        shown, after it was placed (on X11 in steps, as the window manager answers), and
        stood off its window's centre (46 px, a notice's long words). A dialog's resize may
        be the artist's, never undone by a jump to the centre."""
        recent = time.monotonic() - self._shown_at <= WATCHED_S
        return recent and isinstance(dialog, QMessageBox)

    def _framed_at(self, dialog: QWidget) -> None:
        if not dialog.isVisible() or not framed(dialog):
            return
        if time.monotonic() - self._shown_at > WATCHED_S:
            return
        first, self._first = self._first, False
        guessed, self._guessed = self._guessed, None
        misjudged = guessed is not None and guessed != frame_margins(dialog)
        if self._left > 0 and (out_of_reach(dialog, first) or misjudged):
            self._left -= 1
            self.placed(dialog)


def _placing() -> bool:
    """Whether a window can place itself: not on Wayland, where the compositor does, and Qt
    gives no frame's place."""
    return not QGuiApplication.platformName().startswith("wayland")


def _placement(dialog: QWidget) -> Placement | None:
    return dialog.findChild(Placement, options=Qt.FindChildOption.FindDirectChildrenOnly)


def keep_placed(dialog: QWidget) -> None:
    """``dialog`` placed by a :class:`Placement` each time it is shown (not on Wayland)."""
    if _placing() and _placement(dialog) is None:
        Placement(dialog)


def place_again(dialog: QWidget) -> None:
    """``dialog``, kept placed (:func:`keep_placed`), centred again over its window, on its
    screen, where the app resized it: Statistics shrank as it opened (no jobs yet) and stood
    high over its window; grown from there for the first jobs, it kept its corner and hung
    off the window's right and bottom. Not where the artist moved it since it was shown: it
    stays where they put it."""
    placement = _placement(dialog)
    if placement is not None and not placement.moved_by_artist:
        placement.placed(dialog)
