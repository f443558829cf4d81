"""The selected artwork, large, with its details and a before/after view for edits.

The image is decoded in a worker thread (at most :data:`MAX_SIDE` pixels a side, in halving
levels: :mod:`kontext_studio.ui.picture`; all of the file's once zoomed past that), so the
GUI thread only draws it. The panel follows
``bridge.job_changed`` for the job it shows, so a job that finishes while selected appears
the moment it completes.
"""

from __future__ import annotations

import asyncio
import html
import logging
import threading
import time
from collections.abc import Collection, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLocale,
    QObject,
    QPoint,
    QPointF,
    QRectF,
    QSize,
    QSizeF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QCursor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QShortcut,
    QShowEvent,
    QTextDocumentFragment,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QGridLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kontext_studio import desktop
from kontext_studio.batch_place import place_words
from kontext_studio.desktop import Desktop
from kontext_studio.errors import (
    ContentPolicyError,
    DamagedImageError,
    ImageMissingError,
    ImageTrashedError,
    KontextError,
    NotAnImageError,
    ResultNoLongerKeptError,
    StorageError,
    join_names,
)
from kontext_studio.explain import (
    Explanation,
    explain,
    explain_kind,
    image_left_in_trash,
    join_sentences,
)
from kontext_studio.i18n import translate
from kontext_studio.images.thumbnails import DecodeStopped
from kontext_studio.images.validate import FileStamp, file_stamp
from kontext_studio.jobs.files import whole_image_at
from kontext_studio.jobs.notes import FINISHED_NOTE, LATE_TASK_NOTE, LATE_TASK_RESENT_NOTE
from kontext_studio.jobs.states import JobState
from kontext_studio.jobs.stopped import (
    PUT_BACK_A_COPY,
    awaits_link,
    can_download_again,
    link_refused,
    needs_resubmit,
    never_sent,
    reference_uploaded,
    refetchable,
    refused_as_sent,
    result_gone,
    result_gone_hint,
    result_kept,
    retry_state,
)
from kontext_studio.store.ledger import UPLOADED, Ledger, Snapshot
from kontext_studio.text_direction import in_its_direction
from kontext_studio.ui.batch_place import (
    names_its_title,
    place_cut,
    sentence_title,
    shown_title,
    with_place,
)
from kontext_studio.ui.bridge import Bridge, snapshot_of
from kontext_studio.ui.elided_label import ElidedLabel, SelectableElidedLabel
from kontext_studio.ui.font_scale import points, scaled_font
from kontext_studio.ui.job_actions import (
    DOWNLOADED_GONE,
    JobActions,
    StandardDialogs,
    cancelled_retry_words,
    has_image,
    has_request,
    other_mode_advice,
    reference_of,
)
from kontext_studio.ui.levels import readable, readable_on, secondary_color
from kontext_studio.ui.library_model import (
    NEEDS_ATTENTION,
    elapsed_s,
    other_mode_words,
    state_color,
    state_label,
    waiting_reason,
)
from kontext_studio.ui.link_label import LinkLabel
from kontext_studio.ui.next_turn import FONT, ChangeFollower
from kontext_studio.ui.overflow_row import OverflowRow
from kontext_studio.ui.pane_sizes import restore_sizes
from kontext_studio.ui.picture import Picture, draw_picture, load_picture
from kontext_studio.ui.plain_text import (
    breakable,
    broken_to_width,
    left_to_right,
    plain_tooltip,
    unbroken,
)
from kontext_studio.ui.presets_menu import model_label
from kontext_studio.ui.publishing import PublicationBar, PublishController
from kontext_studio.ui.reference_slot import human_size
from kontext_studio.ui.scroll_pane import FOCUS_FRAME_PX, ScrollPane
from kontext_studio.ui.sent_reference import SentReference
from kontext_studio.ui.tab_order import tab_after
from kontext_studio.ui.translations import grouped, moment
from kontext_studio.ui.unbroken_copy import UnbrokenCopy

log = logging.getLogger(__name__)

MAX_SIDE = 4096
DETAILS_HEIGHT = 290 + 2 * FOCUS_FRAME_PX
DETAILS_PART = 3
"""The details' height at the first split, at most :data:`DETAILS_PART` eighths of the
pane: an artwork with a description and tags shows its rows down to the task ID in a
1400 x 900 window (at 250 px, at most a third, the task ID was below the fold), the
picture keeping the rest."""
DETAILS_MARGIN = 8
HEADING_SCALE = 2.0
"""The big state word ("Generating") where the picture will be, this much larger than the
pane's text: 18 pt at Qt's default 9 pt, as when it was fixed at 18 pt, and up to 48 pt at
24 pt, where 18 pt was smaller than the sentence under it."""
TITLE_SCALE = 1.2
"""The artwork's title, bold, this much larger than the text under it."""
STATUS_MARGIN = 12
MIN_ZOOM = 0.02
MAX_ZOOM = 16.0
ZOOM_STEP = 1.2  # one wheel notch, one Ctrl++
PAN_STEP_PX = 64
"""How far an arrow key moves a picture larger than its view (px of the view)."""
PAGE_PART = 0.875
"""Of the view's height (or width), how far Page Up and Page Down move such a picture: most
of it, a strip of what was seen staying in sight, as a page of text keeps a line."""
SPLIT_STEP = 0.05
"""Of the picture's width, how far Shift+Left and Shift+Right move the before/after slider."""
_HANDLE_GRAB_PX = 12
_HANDLE_ARROWS_PX = 12
"""The size of the arrows in the slider's handle, a circle of fixed size: drawn in the
system's text size, at 24 pt they filled it and ran out below it, and no handle showed."""
# Of a generation: an imported artwork has none (its import is said in the State row).
GENERATION_ROWS = ("model", "ratio", "reference", "created", "completed", "duration", "task")
# They wrap between words wherever they stand.
FREE_TEXT_ROWS = ("description", "tags", "made", "kept")


def _side_of(visible: QRectF, split: float, left: bool) -> QRectF:
    """The part of ``visible`` left of the slider at ``split`` (or right of it): a badge
    is cut at the slider and slides away with its picture. Before, with the slider dragged
    near one edge, "Before" (or "After") stayed whole over the other picture, naming it
    wrongly."""
    if left:
        return QRectF(visible.left(), visible.top(), split - visible.left(), visible.height())
    return QRectF(split, visible.top(), visible.right() - split, visible.height())


class ImageCanvas(QWidget):
    """Shows one image fitted to the widget or zoomed; wheel zooms around the pointer, a drag
    pans, and so do the keys (:meth:`keyPressEvent`). With a ``before`` image and comparing
    on, a vertical slider splits the view: the before image left of it, the result right of
    it; drag the slider (or Shift+Left, Shift+Right) to wipe between them.

    Tab stops at it, and a frame in the highlight colour (as round a :class:`ScrollPane`),
    with room of its own kept round the picture (:meth:`_room`), shows it has the focus.
    ``framed``: whenever it has the focus, as the preview's, among other controls, where
    the keys that move a zoomed picture were reached by a click alone, and nothing showed
    they went to it. Else (the full view's), only once the keys have moved the focus (Tab
    from a banner of the full view's back to the picture), as a style frames a button: it
    has the focus as it opens, the one thing in its window, where a frame said nothing.
    Before, it was no Tab stop, and Tab went round the banner's words and buttons, never
    back to the picture and its arrow keys."""

    zoom_changed = Signal()
    pans_changed = Signal()
    """The view was resized, the zoom kept, and the picture now moves another way than
    before (:meth:`pans`): it fits where it did not, or no longer fits."""

    def __init__(self, parent: QWidget | None = None, *, framed: bool = False) -> None:
        super().__init__(parent)
        self._framed = framed
        self.after: Picture | None = None
        self.before: Picture | None = None
        self.comparing = False
        self.split = 0.5
        self.fit = True
        self.scale = 1.0
        self._offset = QPointF(0, 0)
        self._drag: str | None = None  # "split" | "pan"
        self._last = QPointF(0, 0)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 120)

    # API ----------------------------------------------------------------------------------

    def set_images(self, after: Picture | None, before: Picture | None = None) -> None:
        self.after = after
        self.before = before
        self.split = 0.5
        self.fit_to_window()

    def set_comparing(self, comparing: bool) -> None:
        self.comparing = comparing
        self.update()

    def can_compare(self) -> bool:
        return self.after is not None and self.before is not None

    def fit_to_window(self) -> None:
        self.fit = True
        self._layout()
        self.zoom_changed.emit()

    def actual_size(self) -> None:
        """One pixel of the file per screen pixel (not of the decoded copy, which may be
        smaller), centred on what is in the middle now."""
        self.zoom_to(1.0 / self.devicePixelRatioF(), QPointF(self.rect().center()))

    def zoom_by(self, factor: float) -> None:
        """Zoom around the middle of the view (the keyboard's zoom)."""
        self.zoom_to(self.scale * factor, QPointF(self.rect().center()))

    def toggle_actual_size(self) -> None:
        if self.fit:
            self.actual_size()
        else:
            self.fit_to_window()

    def stretches_its_copy(self) -> bool:
        """Whether the view spreads each pixel of a reduced copy of the file
        (:attr:`Picture.reduced`) over more than one device pixel, soft where the file's
        own pixels are sharp."""
        after = self.after
        if after is None or not after.reduced:
            return False
        copy_scale = after.size.width() / after.levels[0].width()
        return self.scale * self.devicePixelRatioF() * copy_scale > 1.0 + 1e-6

    def sharpen(self, picture: Picture) -> None:
        """Show ``picture``, the file's own pixels of the reduced copy shown, where the view
        stands: both are of the file's size, so the zoom and the place are kept."""
        self.after = picture
        self.update()

    def zoom_percent(self) -> int:
        return round(self.scale * self.devicePixelRatioF() * 100)

    def zoom_to(self, scale: float, anchor: QPointF) -> None:
        """Set the scale, keeping the image point under ``anchor`` where it is."""
        if self.after is None:
            return
        scale = min(max(scale, MIN_ZOOM), MAX_ZOOM)
        image_point = (anchor - self._offset) / self.scale
        self.fit = False
        self.scale = scale
        self._offset = anchor - image_point * scale
        self._clamp()
        self.update()
        self.zoom_changed.emit()

    def split_x(self) -> float:
        return self.image_rect().left() + self.image_rect().width() * self.split

    def image_rect(self) -> QRectF:
        if self.after is None:
            return QRectF()
        size = self._image_size()
        return QRectF(self._offset, QSizeF(size) * self.scale)  # a QSize would round it

    # Layout -------------------------------------------------------------------------------

    def _image_size(self) -> QSize:
        assert self.after is not None
        return self.after.size

    def _layout(self) -> None:
        if self.after is None:
            self.update()
            return
        size = self._image_size()
        room = self._room()
        if self.fit:
            # Shrunk to fit, never enlarged past 100 %: a 256 x 256 artwork filled the pane,
            # each of its pixels a blurred block of four or more.
            whole = min(room.width() / size.width(), room.height() / size.height())
            self.scale = max(min(whole, 1.0 / self.devicePixelRatioF()), MIN_ZOOM)
        scaled = QSizeF(size) * self.scale
        self._offset = room.center() - QPointF(scaled.width(), scaled.height()) / 2
        self.update()

    def _room(self, size: QSize | None = None) -> QRectF:
        """Where the picture lies in the view (of ``size``; by default the view's own): all
        of it but the focus frame's width round it, kept clear whether or not the frame
        shows, as a :class:`ScrollPane`'s border is, so that nothing moves when the focus
        comes. Drawn over the picture, the frame hid its edges while it had the focus:
        fitted, its top and bottom rows (or its sides); zoomed in, its first and last rows
        and columns, however far it was moved. The full view's too, framed since Tab
        comes to it."""
        room = QRectF(QPointF(0, 0), QSizeF(size if size is not None else self.size()))
        margin = FOCUS_FRAME_PX
        return room.adjusted(margin, margin, -margin, -margin)

    def _clamp(self) -> None:
        """Centre the image along an axis where it is smaller than the view; elsewhere keep
        the view covered (no panning off into the void)."""
        rect, room = self.image_rect(), self._room()
        x, y = self._offset.x(), self._offset.y()
        if rect.width() <= room.width():
            x = room.center().x() - rect.width() / 2
        else:
            x = min(room.left(), max(x, room.right() - rect.width()))
        if rect.height() <= room.height():
            y = room.center().y() - rect.height() / 2
        else:
            y = min(room.top(), max(y, room.bottom() - rect.height()))
        self._offset = QPointF(x, y)

    def resizeEvent(self, event: QResizeEvent) -> None:
        if self.fit:
            self._layout()
            self.zoom_changed.emit()
        else:
            old = self._room(event.oldSize())
            rect = self.image_rect()
            panned = rect.width() > old.width() + 0.5, rect.height() > old.height() + 0.5
            self._clamp()
            if self.pans() != panned:
                self.pans_changed.emit()
        super().resizeEvent(event)

    # Painting -----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Window).darker(115))
        if self.after is not None:
            painter.save()
            painter.setClipRect(self._room())
            self._paint_pictures(painter)
            painter.restore()
        by_keys = self.window().testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)
        if self.hasFocus() and (self._framed or by_keys):
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            half = FOCUS_FRAME_PX / 2
            pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), FOCUS_FRAME_PX)
            pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)  # beveled, a corner pixel was left out
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(self.rect()).adjusted(half, half, -half, -half))

    def _paint_pictures(self, painter: QPainter) -> None:
        """The picture, and with comparing on, the before image left of the slider."""
        assert self.after is not None
        target = self.image_rect()
        draw_picture(painter, self.after, target)
        if not (self.comparing and self.before is not None):
            return
        split = self.split_x()
        painter.save()
        painter.setClipRect(
            QRectF(target.left(), target.top(), split - target.left(), target.height()),
            Qt.ClipOperation.IntersectClip,
        )
        before_size = self.before.size.scaled(
            target.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio
        )
        before_rect = QRectF(QPointF(0, 0), before_size.toSizeF())
        before_rect.moveCenter(target.center())
        painter.fillRect(target, self.palette().color(QPalette.ColorRole.Window).darker(115))
        draw_picture(painter, self.before, before_rect)
        painter.restore()
        self._paint_slider(painter, target, split, before_rect)

    def _paint_slider(
        self, painter: QPainter, target: QRectF, split: float, before_rect: QRectF
    ) -> None:
        """The slider over a badge on each picture (:meth:`_paint_badges`)."""
        visible = target.intersected(self._room())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_badges(painter, visible, split, before_rect)
        painter.setPen(QColor(255, 255, 255, 230))
        painter.drawLine(QPointF(split, visible.top()), QPointF(split, visible.bottom()))
        centre = QPointF(split, visible.center().y())
        painter.setBrush(QColor(255, 255, 255, 235))
        painter.setPen(QColor(0, 0, 0, 90))
        painter.drawEllipse(centre, 14, 14)
        painter.setPen(QColor(40, 40, 40))
        arrows = QFont(painter.font())
        arrows.setPixelSize(_HANDLE_ARROWS_PX)
        painter.setFont(arrows)
        painter.drawText(
            QRectF(centre.x() - 14, centre.y() - 14, 28, 28), Qt.AlignmentFlag.AlignCenter, "◀▶"
        )

    def _paint_badges(
        self, painter: QPainter, visible: QRectF, split: float, before_rect: QRectF
    ) -> None:
        """ "Before" and "After" on each picture's outer top corner, cut at the slider. A
        reference of another shape is letterboxed (``before_rect``): before, "Before"
        floated on the grey space above it, naming nothing. Under the slider's handle, which
        a badge on a short reference reaches."""
        painter.save()
        font = QFont(painter.font())
        font.setBold(True)
        painter.setFont(font)
        for text, left in ((self.tr("Before"), True), (self.tr("After"), False)):
            width = painter.fontMetrics().horizontalAdvance(text) + 16
            shown = before_rect.intersected(self._room()) if left else visible
            if shown.isEmpty():  # zoomed in on the grey beside the reference
                shown = visible
            x = shown.left() + 10 if left else shown.right() - 10 - width
            label = QRectF(x, shown.top() + 10, width, painter.fontMetrics().height() + 8)
            painter.save()
            painter.setClipRect(_side_of(visible, split, left), Qt.ClipOperation.IntersectClip)
            path = QPainterPath()
            path.addRoundedRect(label, 6, 6)
            painter.fillPath(path, QColor(0, 0, 0, 140))
            painter.setPen(QColor(255, 255, 255))
            painter.drawText(label, Qt.AlignmentFlag.AlignCenter, text)
            painter.restore()
        painter.restore()

    # Mouse --------------------------------------------------------------------------------

    def _on_handle(self, x: float) -> bool:
        return (
            self.comparing
            and self.before is not None
            and abs(x - self.split_x()) <= _HANDLE_GRAB_PX
        )

    def pans(self) -> tuple[bool, bool]:
        """Whether the picture is larger than the view across, and down: it moves that way
        (a drag, the keys)."""
        rect, room = self.image_rect(), self._room()
        return rect.width() > room.width() + 0.5, rect.height() > room.height() + 0.5

    def _pannable(self) -> bool:
        return any(self.pans())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self.after is None:
            super().mousePressEvent(event)
            return
        position = event.position()
        if self._on_handle(position.x()):
            self._drag = "split"
        elif self._pannable():
            self._drag = "pan"
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        self._last = position
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        position = event.position()
        if self._drag == "split":
            rect = self.image_rect()
            self.split = min(max((position.x() - rect.left()) / max(rect.width(), 1.0), 0.0), 1.0)
            self.update()
        elif self._drag == "pan":
            self._offset += position - self._last
            self._clamp()
            self.update()
        elif self._on_handle(position.x()):
            self.setCursor(Qt.CursorShape.SplitHCursor)
        elif self._pannable():
            self.setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            self.unsetCursor()
        self._last = position

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag == "pan":
            self.setCursor(QCursor(Qt.CursorShape.OpenHandCursor))
        self._drag = None
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.after is not None:
            if self.fit:
                self.zoom_to(1.0 / self.devicePixelRatioF(), event.position())
            else:
                self.fit_to_window()

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if self.after is None or not steps:
            return
        self.zoom_to(self.scale * ZOOM_STEP**steps, event.position())
        event.accept()

    # Keys ---------------------------------------------------------------------------------

    def _key_move(self, event: QKeyEvent) -> QPointF | None:
        """How far ``event``'s key moves the picture, ``None`` when it moves nothing: the
        arrows a step along each way the picture is larger than the view (:meth:`pans`);
        Page Up and Page Down most of the view (:data:`PAGE_PART`), Home and End to its
        start and end, down a picture taller than the view, else across a wider one. Where
        the picture fits, a key keeps its meaning (the full view's Left and Right, Home and
        End go to the other artworks)."""
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return None
        across, down = self.pans()
        key = Qt.Key(event.key())
        arrows = {
            Qt.Key.Key_Left: (across, QPointF(PAN_STEP_PX, 0)),
            Qt.Key.Key_Right: (across, QPointF(-PAN_STEP_PX, 0)),
            Qt.Key.Key_Up: (down, QPointF(0, PAN_STEP_PX)),
            Qt.Key.Key_Down: (down, QPointF(0, -PAN_STEP_PX)),
        }
        if key in arrows:
            moves, move = arrows[key]
            return move if moves else None
        if not (across or down):
            return None
        rect = self.image_rect()
        room = self._room()
        page = room.height() if down else room.width()
        ends = rect.height() if down else rect.width()
        distance = {
            Qt.Key.Key_PageUp: page * PAGE_PART,
            Qt.Key.Key_PageDown: -page * PAGE_PART,
            Qt.Key.Key_Home: ends,  # past the start: held there by _clamp
            Qt.Key.Key_End: -ends,
        }.get(key)
        if distance is None:
            return None
        return QPointF(0, distance) if down else QPointF(distance, 0)

    def _split_move(self, event: QKeyEvent) -> float | None:
        """How far ``event``'s key moves the before/after slider (of the picture's width),
        ``None`` when it moves nothing: Shift+Left and Shift+Right while it shows. Shifted,
        as the plain arrows are the full view's other artworks and move a zoomed picture."""
        if not (self.comparing and self.before is not None):
            return None
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier != (
            Qt.KeyboardModifier.ShiftModifier
        ):
            return None
        return {Qt.Key.Key_Left: -SPLIT_STEP, Qt.Key.Key_Right: SPLIT_STEP}.get(Qt.Key(event.key()))

    def event(self, event: QEvent) -> bool:
        """Keys that move the picture or its slider are its own, before any shortcut on
        them (the full view's Left, Right, Home and End), while there is somewhere to move
        it. Fitted, moved to a screen of another pixel ratio, it is fitted anew: 100 %,
        which Fit goes no further than, is another size there."""
        if event.type() == QEvent.Type.DevicePixelRatioChange and self.fit:
            self.fit_to_window()
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and (self._key_move(event) is not None or self._split_move(event) is not None)
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Move a picture larger than the view as an image viewer does (:meth:`_key_move`):
        zoomed in, its top and bottom were reached with the mouse alone; and the
        before/after slider (:meth:`_split_move`), which a drag alone moved."""
        split = self._split_move(event)
        if split is not None:
            self.split = min(max(self.split + split, 0.0), 1.0)
            self.update()
            event.accept()
            return
        move = self._key_move(event)
        if move is None:
            super().keyPressEvent(event)
            return
        self._offset += move
        self._clamp()
        self.update()
        event.accept()


MEASURED_ONCE_FROM = 1_000
"""The length of a details row's words from which their widths are kept
(:meth:`DetailText._broken`): a 10 000-character Chinese prompt took 540 ms at each step of
a pane dragged narrower."""


class DetailText(LinkLabel):
    """A details row's words. Of a row with links (an edit's reference, the artwork kept for
    a job), Tab takes the keyboard to its first link at once, Shift+Tab to its last.

    Plain words wrap where they have no spaces (:func:`breakable`: a prompt of tags, a link,
    a file's name; a row cut them at the pane's edge), and are copied, dragged
    (:class:`UnbrokenCopy`) and read out by a screen reader as typed, without the breaks."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        UnbrokenCopy(self)
        self._breakable = ""  # plain words as set, with the breaks :func:`breakable` adds
        self._advances: dict[str, int] = {}  # their widths at the font now (:meth:`_broken`)
        self._refont = ChangeFollower(self, self._measure_again, FONT)

    def setText(self, text: str) -> None:
        """``text``, able to wrap when plain (rich text comes escaped by :func:`_words`),
        inside a word wider than the row too (:meth:`_broken`)."""
        plain = self.textFormat() is Qt.TextFormat.PlainText
        self._breakable = breakable(text) if plain else ""
        self._advances.clear()
        super().setText(self._broken() if plain else text)
        self.setAccessibleName(_shown_text(self))

    def clear(self) -> None:
        super().clear()
        self._breakable = ""
        self._advances.clear()
        self.setAccessibleName("")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._break_again()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        self._refont.hear(event)

    def _measure_again(self) -> None:
        """At a new font the words are measured again (:meth:`_broken` keeps their widths):
        with the widths of the font before, a word now wider than the row was cut at the
        pane's edge."""
        self._advances.clear()
        self._break_again()

    def _break_again(self) -> None:
        if self._breakable and (broken := self._broken()) != self.text():
            super().setText(broken)

    def _broken(self) -> str:
        """The plain words as set, broken inside each word wider than the row
        (:func:`broken_to_width`): a long first word was cut at the pane's edge. Each
        word is measured once at a font: a pane dragged narrower measured every word of
        a long prompt again at each step. A shorter row's words (every row but a long
        prompt's) are measured again instead: cheap, and each row keeps nothing for them."""
        width = self.contentsRect().width()
        if width <= 0:  # not laid out yet
            return self._breakable
        metrics, advances = self.fontMetrics(), self._advances

        def advance(word: str) -> int:
            if (known := advances.get(word)) is None:
                known = metrics.horizontalAdvance(word)
                if len(self._breakable) >= MEASURED_ONCE_FROM:
                    advances[word] = known
            return known

        return broken_to_width(self._breakable, lambda word: advance(word) > width)


async def _file_pixels(path: Path, stop: threading.Event) -> Picture | None:
    """All the pixels of the file at ``path``; ``None`` when it cannot be read now (moved or
    deleted meanwhile: the reduced copy stays, and the next show of it says so), or once
    ``stop`` is set."""
    with suppress(KontextError, DecodeStopped):
        return await load_picture(path, None, stop)
    return None


@dataclass(frozen=True)
class _FilePixels:
    """A decode of the file's own pixels for the reduced copy shown
    (:meth:`PreviewPanel.want_file_pixels`)."""

    reduced: Picture
    path: Path
    stop: threading.Event = field(default_factory=threading.Event)
    """Set once they are no longer wanted: the worker stops at its next read of the file."""


def _names_no_file(snap: Snapshot) -> bool:
    """Whether ``snap`` is finished but its row names no image file
    (:meth:`PreviewPanel._say_no_file`)."""
    return snap.state is JobState.COMPLETED and not snap.file_path


@dataclass(frozen=True)
class _Shown:
    """What the canvas holds, so a repeated ``show_snapshot`` does not decode again."""

    job_id: int
    file_path: str
    sha256: str
    reference: str


@dataclass(frozen=True)
class _Decoded:
    """What :meth:`PreviewPanel._decode` read: the image or why it cannot be shown, the
    reference, and the image file's stamp as it began."""

    after: Picture | KontextError
    before: Picture | None
    stamp: FileStamp | None


class PreviewPanel(QWidget, StandardDialogs):
    """The selected artwork: image, comparison, details and actions."""

    # The image file, its name for the artist, and how it was made when the library knows
    # (a Provenance; None for an artwork made elsewhere, whose file may say).
    use_as_reference = Signal(str, str, object, int)  # JobActions.use_as_reference
    show_job = Signal(int)  # the artwork an edit's reference was: its link was clicked
    show_linked = Signal(int)  # an artwork kept for the job's late task: its link was clicked
    show_made_for = Signal(int)  # the job an artwork was kept for: its link was clicked
    publish_requested = Signal(object)  # Snapshot, as shown
    publish_several_requested = Signal(object)  # list of Snapshots, as shown
    unpublish_requested = Signal(object)  # Snapshot, as shown: asked and confirmed
    republish_offered = Signal(object)  # JobActions.republish_offered
    copy_url_requested = Signal(object)  # Snapshot, as shown
    file_missing = Signal(object)  # Snapshot: its image file was found gone
    file_returned = Signal(object)  # Snapshot: ...and found there again
    file_read = Signal(object)  # Snapshot: its image file was read whole
    file_unreadable = Signal(object, object)  # Snapshot, FileStamp | None: ...found damaged
    display_changed = Signal()  # another picture, page or status text: the full view follows
    zoomable_changed = Signal()
    """A picture to zoom came or went (:meth:`zoom_why_not`): Fit and 100 % follow it, and
    the window's View menu with them."""
    file_pixels_came = Signal(object, object)  # Pictures: the reduced copy, the file's own
    notice = Signal(str)  # a done action worth a word in the status bar

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._recolour = ChangeFollower(self, self._recolour_all)
        self._refit = ChangeFollower(self, self._fit_font, FONT)
        self.bridge = bridge
        self.snapshot: Snapshot | None = None
        self.publication: PublicationBar | None = None
        self.detail_labels: list[QLabel] = []  # the details rows' names
        self.job_actions = JobActions(bridge, self, self)
        self.link_actions = JobActions(bridge, self, self)
        """The publication bar's, beside the link it shows: about the artwork shown alone,
        also while it is one of several selected (whose Copy link and Unpublish are greyed,
        as the library's are, for they are about one artwork)."""
        self.deletes_from = bridge  # an Edit details or a Rename open says so
        self.commands = self.job_actions.actions
        self._shown: _Shown | None = None
        self._generation = 0
        self._sharpening: Picture | None = None
        """The reduced copy whose file's own pixels are being decoded (:meth:`want_file_pixels`),
        or wait to be, or could not be: not decoded again while it is shown."""
        self._decoding: _FilePixels | None = None
        """The one decode of a file's own pixels that runs: some 270 MB for a 50 MP photo."""
        self._waiting: _FilePixels | None = None
        """The decode asked for last while :attr:`_decoding` runs, started once it ends."""
        self._sized = False
        self._heading: tuple[str, str, str] | None = None  # state word, its colour, the rest
        self._titled = ("", "")
        """The title the heading names, as typed, and its place among the images of its
        generate ("2 of 4", or ""): what :meth:`_place_details_button` makes room for."""
        self._linked: _Linked | None = None  # the rows "Made by" and "Also made" name
        self._message = ""
        self._several: tuple[Snapshot, ...] = ()
        """Every artwork selected in the library while several are (:meth:`show_several`)."""
        self._several_missing: frozenset[int] = frozenset()
        self._several_unreadable: frozenset[int] = frozenset()
        """Of :attr:`_several`, the ids whose image file was found gone."""

        self.fit_button = self._tool(self.tr("Fit"), self.tr("Fit the image to the window"))
        self.fit_button.setCheckable(True)
        self.actual_button = self._tool(
            left_to_right(self.tr("100 %")), self.tr("Show actual pixels")
        )
        self.actual_button.setCheckable(True)
        self.compare_button = self._tool(
            self.tr("Compare"),
            self.tr("Before/after: drag the slider (or Shift+Left, Shift+Right) to compare"),
        )
        self.compare_button.setCheckable(True)
        self.zoom_label = QLabel(self)
        # In a narrow pane the zoom figure, then the buttons whose actions the library's
        # buttons, More menu and context menu also offer, give way to the toolbar's own
        # More menu (»); Compare never does.
        self.toolbar = toolbar = OverflowRow(self)
        toolbar.add(self.fit_button)
        toolbar.add(self.actual_button)
        toolbar.add(self.compare_button)  # no other way to it: never gives way
        toolbar.add(self.zoom_label, priority=1)
        toolbar.add_stretch()
        self.save_button = self._action_button("save_as")
        self.reference_button = self._action_button("use_as_reference")
        self.publish_button = self._action_button("publish")  # not among the library's buttons
        toolbar.add(self.save_button, priority=3)
        toolbar.add(self.reference_button, priority=2)
        toolbar.add(self.publish_button, priority=5)
        # Those that gave way are in it, one click away in the toolbar itself.
        self.more_button = self._tool(self.tr("»"), self.tr("More actions"))
        self.more_button.setAccessibleName(self.tr("More actions"))
        # The style's own arrow is drawn over the text of a text-only button.
        self.more_button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        toolbar.set_overflow(self.more_button)
        self.job_actions.menu_opened(self.more_button.menu())  # it acts on what it was opened for

        # Made after the toolbar, the picture, or the words in its place, come after its
        # buttons in the Tab order, as they are seen: Tab goes down the pane.
        self.canvas = ImageCanvas(self, framed=True)
        self.canvas.addActions([self.commands["save_as"], self.commands["copy_image"]])
        self.empty = QLabel(self.tr("Select an artwork to see it here."), self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status.setWordWrap(True)
        self.status.setMargin(STATUS_MARGIN)
        # Whatever the words, the pane's width decides, not the longest of them.
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.download_again = QPushButton(self.tr("&Download again"), self)
        # A job this tip is shown for is of this mode (one of the other mode's is held, and
        # says why): a demo job's image is the demo server's, and costs no real credits.
        self._download_tip = (
            self.tr(
                "Fetch the image again from the demo server, which keeps it for 14 days; the "
                "demo balance does not go down"
            )
            if bridge.session.demo
            else self.tr(
                "Fetch the image again from KIE, which keeps it for 14 days; nothing is paid"
            )
        )
        self.download_again.setToolTip(plain_tooltip(self._download_tip))
        self.download_again.clicked.connect(self._download_again)
        self.download_again.hide()
        # A job whose outcome is unknown: its task, found in the artist's logs on kie.ai,
        # is given here, beside the words that say to look for it there.
        self.task_id_button = QToolButton(self)
        self.task_id_button.setDefaultAction(self.commands["enter_task_id"])
        self.task_id_button.hide()
        self.sent_reference = SentReference(bridge, self)
        status_box = QWidget(self)
        status_layout = QVBoxLayout(status_box)
        status_layout.setContentsMargins(*(STATUS_MARGIN,) * 4)
        status_layout.addStretch(1)
        status_layout.addWidget(self.status)
        status_layout.addWidget(self.sent_reference)
        status_layout.addWidget(self.download_again, 0, Qt.AlignmentFlag.AlignHCenter)
        status_layout.addWidget(self.task_id_button, 0, Qt.AlignmentFlag.AlignHCenter)
        status_layout.addStretch(1)
        # In a short pane the words scroll instead of being cut off.
        self.status_page = self._scrolling(status_box, self.tr("Job status"))
        # A stacked page gets its size when first shown, not with the preview's: the
        # heading fitted to its width then, and again at each resize.
        self.status_page.resized.connect(self._fit_heading)
        self.stack = QStackedWidget(self)
        for page in (self.empty, self.canvas, self.status_page):
            self.stack.addWidget(page)
        self.stack.currentChanged.connect(self.display_changed)

        self.details = self._build_details()
        self.details_scroll = self._scrolling(self.details, self.tr("Details"))
        self.details.installEventFilter(self)  # its width: Edit details' place (eventFilter)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(self.details_scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(toolbar)
        layout.addWidget(self.splitter, 1)

        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._refresh_status)
        bridge.closing.connect(self._ticker.stop)
        self.fit_button.clicked.connect(self.canvas.fit_to_window)
        self.actual_button.clicked.connect(self.canvas.actual_size)
        self.compare_button.toggled.connect(self.canvas.set_comparing)
        self.canvas.zoom_changed.connect(self._zoom_changed)
        self.job_actions.use_as_reference.connect(self.use_as_reference)
        self.job_actions.notice.connect(self.notice)
        self.job_actions.publish_requested.connect(self.publish_requested)
        self.job_actions.publish_several_requested.connect(self.publish_several_requested)
        self.job_actions.unpublish_requested.connect(self.unpublish_requested)
        self.job_actions.republish_offered.connect(self.republish_offered)
        self.job_actions.copy_url_requested.connect(self.copy_url_requested)
        self.link_actions.notice.connect(self.notice)
        self.link_actions.publish_requested.connect(self.publish_requested)
        self.link_actions.unpublish_requested.connect(self.unpublish_requested)
        self.link_actions.copy_url_requested.connect(self.copy_url_requested)
        bridge.job_changed.connect(self._job_changed)
        bridge.turn_changed.connect(self._turn_changed)
        bridge.job_deleted.connect(self._job_deleted)
        self.show_snapshot(None)

    # Building -----------------------------------------------------------------------------

    def _tool(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(plain_tooltip(tip))
        return button

    def _scrolling(self, content: QWidget, name: str) -> ScrollPane:
        """``content`` as wide as the pane, scrolling up and down when it is too tall;
        ``name``: what a screen reader calls it."""
        scroll = ScrollPane(name, self)
        scroll.setWidget(content)
        return scroll

    def _action_button(self, key: str) -> QToolButton:
        button = QToolButton(self)
        button.setDefaultAction(self.commands[key])
        return button

    def _selectable(self) -> DetailText:
        """A details row: its text (a title, a prompt, a server's message) is shown as it is,
        a prompt "<b>bold</b> cat" with its tags, never as rich text."""
        label = DetailText(self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        return label

    def _detail_label(self, text: str) -> QLabel:
        """A row's name, in the system's secondary text colour (light and dark themes alike):
        stacked over their values in a narrow pane, names and values in one colour read as
        one list of words. The colour is :func:`secondary_color`'s (:meth:`_colour_secondary`):
        the light palette's own reads at 3.9:1."""
        label = QLabel(text, self)
        label.setObjectName("detailLabel")
        self.detail_labels.append(label)
        return label

    def _colour_secondary(self) -> None:
        """The rows' names, the zoom figure, the words of an empty preview and how many are
        selected in the secondary colour for the palette now."""
        sheet = f"color: {secondary_color(self.palette()).name()};"
        for label in (*self.detail_labels, self.zoom_label, self.empty, self.selected_label):
            if label.styleSheet() != sheet:
                label.setStyleSheet(sheet)

    def _task_id(self) -> ElidedLabel:
        """KIE's task ID, 32 characters, on one line cut in the middle where the pane is
        narrow: the ID is quoted whole (to KIE's support, in their logs), not read, so the
        whole of it is in the tooltip and copied by the label's menu, and the ends that
        tell two IDs apart stay in sight. A selectable label cut it at the pane's edge, and
        one wrapped on two lines would copy the invisible breaks with it.

        The keyboard reaches it too: Tab stops at it, Ctrl+C copies the ID and Shift+F10 or
        the Menu key opens its menu, as they open a tile's in the library."""
        label = ElidedLabel(self, Qt.TextElideMode.ElideMiddle)
        label.setObjectName("taskId")
        label.take_focus()
        label.setAccessibleName(self.tr("Task ID"))
        label.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        label.customContextMenuRequested.connect(lambda at: self._task_id_menu(label, at))
        self.copy_task_id = QAction(self.tr("Copy task ID"), label)
        self.copy_task_id.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_task_id.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_task_id.triggered.connect(self._copy_task_id)
        label.addAction(self.copy_task_id)
        menu_keys = QShortcut(label)
        menu_keys.setKeys([QKeySequence("Shift+F10"), QKeySequence(Qt.Key.Key_Menu)])
        menu_keys.setContext(Qt.ShortcutContext.WidgetShortcut)
        menu_keys.activated.connect(lambda: self._task_id_menu(label))
        return label

    def _task_id_menu(self, label: ElidedLabel, at: QPoint | None = None) -> None:
        """The task ID's menu: at ``at`` (a right-click), else under the ID (a key). One:
        on X11 the Menu key comes again as a request for a menu where the mouse is."""
        if QApplication.activePopupWidget() is not None:
            return
        menu = QMenu(label)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addActions(label.actions())
        menu.popup(label.mapToGlobal(label.contentsRect().bottomLeft() if at is None else at))

    def _copy_task_id(self) -> None:
        if self.snapshot is not None and self.snapshot.task_id:
            QApplication.clipboard().setText(self.snapshot.task_id)
            self.notice.emit(self.tr("Task ID copied."))

    def _build_details(self) -> QWidget:
        box = QWidget(self)
        # Above the title, while several tiles are selected (:meth:`show_selected_count`).
        self.selected_label = QLabel(self)
        self.selected_label.setObjectName("selectedCount")
        self.selected_label.setWordWrap(True)
        self.selected_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.selected_label.hide()
        # One line, cut with an ellipsis where the pane is narrow (the whole title in its
        # tooltip, and the prompt shown under it): wrapped, a narrow pane at a large font
        # put one word on each line.
        self.title_label = SelectableElidedLabel(self)
        self._size_title()
        self.title_label.shown_changed.connect(self._show_whole_prompt)
        # Beside the title it edits, in sight whatever the pane's height: under the rows,
        # an artwork with a description and tags put it below the fold at the first split
        # (1400 x 900 and 1024 x 700 alike), to be scrolled for. Made here, after the title
        # and before the rows, so Tab reaches it in the order it is seen.
        self.details_button = self._action_button("details")
        self.details_button.setObjectName("editDetails")
        self.error_label = self._selectable()
        self.hint_label = self._selectable()
        self.prompt_label = self._selectable()
        self.fields: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.details_form = form
        rows = (
            ("state", self.tr("State")),
            ("description", self.tr("Description")),
            ("tags", self.tr("Tags")),
            ("made", self.tr("Made by")),
            ("kept", self.tr("Also made")),
            ("model", self.tr("Model")),
            ("ratio", self.tr("Aspect ratio")),
            ("reference", self.tr("Reference")),
            ("created", self.tr("Created")),
            ("completed", self.tr("Completed")),
            ("duration", self.tr("Duration")),
            ("image", self.tr("Image")),
            ("task", self.tr("Task ID")),
        )
        for key, text in rows:
            value = self._task_id() if key == "task" else self._selectable()
            self.fields[key] = value
            form.addRow(self._detail_label(text), value)
        self.fields["reference"].linkActivated.connect(lambda job: self.show_job.emit(int(job)))
        self.fields["made"].linkActivated.connect(lambda job: self.show_made_for.emit(int(job)))
        self.fields["kept"].linkActivated.connect(lambda job: self.show_linked.emit(int(job)))
        self._colour_secondary()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(*(DETAILS_MARGIN,) * 4)
        layout.addWidget(self.selected_label)
        self._button_under = False  # Edit details under the title (_place_details_button)
        self._heading_row = QGridLayout()
        self._heading_row.setColumnStretch(0, 1)
        self._heading_row.addWidget(self.title_label, 0, 0)
        self._heading_row.addWidget(self.details_button, 0, 1, Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(self._heading_row)
        for widget in (self.error_label, self.hint_label, self.prompt_label):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addStretch(1)
        return box

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_rows()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Edit details placed again as the details' width changes, the pane's or a scroll
        bar's doing: one coming as the pane grew shorter (or the details taller) narrowed
        the heading's row while the pane kept its width, and the heading read "1 of 4"
        alone beside the button, placed by the row's width before."""
        if watched is self.details and event.type() == QEvent.Type.Resize:
            self._place_details_button()
        return super().eventFilter(watched, event)

    def _place_details_button(self) -> None:
        """Edit details beside the heading, or under it where the heading beside it would
        not name the artwork (:func:`~kontext_studio.ui.batch_place.names_its_title`): at a
        large font in a narrow pane the heading read "1 of 4" alone beside it, narrower
        still a lone "…", while a line of its own held "Supercalifrag… · 1 of 4"."""
        button, row = self.details_button, self._heading_row
        width = self.details_scroll.viewport().width() - 2 * DETAILS_MARGIN
        beside = width - button.sizeHint().width() - max(row.horizontalSpacing(), 0)
        title, place = self._titled
        metrics = self.title_label.fontMetrics()
        under = not names_its_title(metrics, title, place, beside)
        if under == self._button_under:
            return
        self._button_under = under
        row.removeWidget(button)
        if under:
            row.addWidget(button, 1, 0, Qt.AlignmentFlag.AlignLeft)
        else:
            row.addWidget(button, 0, 1, Qt.AlignmentFlag.AlignVCenter)

    def _size_title(self) -> None:
        """The title at :data:`TITLE_SCALE` of the panel's font, set again when that changes:
        a font set on the label no longer follows the panel's, and one scaled by its point
        size had none (-1) to scale when the application font was set in pixels."""
        self.title_label.setFont(scaled_font(self.font(), TITLE_SCALE, bold=True))

    def _fit_heading(self) -> None:
        if self._heading is not None:
            self.status.setText(self._heading_html(self._heading_points()))

    def _show_whole_prompt(self) -> None:
        """The prompt under the title when it says more: another text, or the whole of a
        title (its first line) cut to the pane's width."""
        snap = self.snapshot
        if snap is None:
            return
        # The title without its place among the images of its generate (it is not a title).
        cut = self.title_label.is_cut()
        self.prompt_label.setVisible(
            bool(snap.prompt) and (snap.prompt != snap.display_title or cut)
        )

    def _fit_rows(self) -> None:
        """Every value under its label when one that reads as a single line ("Completed",
        "flux-kontext-pro", a date) does not fit beside the labels: in a narrow pane it was
        broken at its hyphens and spaces, or cut ("Complet")."""
        form = self.details_form
        shown = [field for field in self.fields.values() if form.isRowVisible(field)]
        labels = [form.labelForField(field) for field in shown]
        label_width = max((label.sizeHint().width() for label in labels if label), default=0)
        room = (
            self.details_scroll.viewport().width()
            - 2 * DETAILS_MARGIN
            - label_width
            - max(form.horizontalSpacing(), 0)
        )
        needed = max(
            (
                field.fontMetrics().horizontalAdvance(_shown_text(field))
                for key, field in self.fields.items()
                if key not in FREE_TEXT_ROWS and field in shown
            ),
            default=0,
        )
        policy = (
            QFormLayout.RowWrapPolicy.WrapAllRows
            if needed > room
            else QFormLayout.RowWrapPolicy.DontWrapRows
        )
        if form.rowWrapPolicy() != policy:
            form.setRowWrapPolicy(policy)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        self._refit.hear(event)  # the app's font changed while it runs
        self._recolour.hear(event)

    def _fit_font(self) -> None:
        self._size_title()
        self._fit_heading()
        self._place_details_button()

    def _recolour_all(self) -> None:
        """The state's colour and the names' again when the system switches between light
        and dark: they are taken darker or lighter to read on the palette."""
        self._colour_secondary()
        if self.snapshot is not None:
            self._fill_details(self.snapshot)
            self._refresh_status()

    def showEvent(self, event: QShowEvent) -> None:
        """On first show, give the picture the room and the details what they need."""
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            self.share_height()

    def restore_split(self, state: object) -> None:
        """The picture's split with the details as the artist left it (``state``, from
        :meth:`QSplitter.saveState`, kept with the window's layout), instead of the first
        show's share; that share when ``state`` is none to restore (nothing saved yet, or
        forgotten by Reset layout). Before, a split dragged to suit the artist went back to
        the first show's at every start."""
        if restore_sizes(self.splitter, state):
            self._sized = True

    def share_height(self) -> None:
        """The first show's split of the height between the picture and the details (and
        Reset layout's)."""
        total = sum(self.splitter.sizes())
        details = min(DETAILS_HEIGHT, total * DETAILS_PART // 8)
        self.splitter.setSizes([total - details, details])

    # Public API ---------------------------------------------------------------------------

    @property
    def publish_enabled(self) -> bool:
        return self.job_actions.publish_enabled

    @publish_enabled.setter
    def publish_enabled(self, enabled: bool) -> None:
        self.job_actions.set_publish_enabled(enabled)
        self.link_actions.set_publish_enabled(enabled)
        self._show_publishing()

    def attach_publishing(self, controller: PublishController) -> None:
        """Show where the artwork stands with R2 (progress and Cancel, the link, the last
        error) in a bar under the toolbar."""
        self.publication = PublicationBar(controller, self.link_actions.actions, self)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, self.publication)
        # Made after the rest of the pane, the bar came last in the Tab order, after the
        # details and the task ID: Tab reaches it where it is drawn, after the toolbar.
        tab_after(self.toolbar, self.publication)
        controller.changed.connect(self._publishing_changed)
        controller.many_changed.connect(self._many_publishing_changed)
        self._show_publishing()

    def _publishing_changed(self, job_id: int) -> None:
        if self.snapshot is not None and self.snapshot.id == job_id:
            self._show_publishing()

    def _many_publishing_changed(self, job_ids: frozenset[int]) -> None:
        if self.snapshot is not None and self.snapshot.id in job_ids:
            self._show_publishing()

    def _show_publishing(self) -> None:
        """Publish in the toolbar only while there is nothing to show in the bar, nor its own
        Publish beside a failed publish's reason: both showed, one after the other, and Tab
        and a screen reader went from "Publish" to "Publish". With several selected, while
        any of them can be published."""
        snap = self.snapshot
        bar = self.publication
        if bar is not None:
            bar.set_snapshot(snap if self.publish_enabled else None)
        busy = snap is not None and bar is not None and bar.controller.activity(snap.id)
        published = snap is not None and bool(snap.published_key)
        if self.job_actions.several:
            wanted = self.commands["publish"].isEnabled()
        else:
            offered = bar is not None and bar.offers_publish()
            wanted = not (published or busy or offered)
        self.toolbar.set_wanted(self.publish_button, self.publish_enabled and wanted)

    def show_snapshot(self, snapshot: Snapshot | None) -> None:
        """Show ``snapshot`` (``None``: the empty state). Decodes only when the image or the
        reference differs from what is already on screen."""
        self.snapshot = snapshot
        self._point_actions(file_missing=False)
        self._name_picture(snapshot)
        self._show_publishing()
        self._fill_details(snapshot)
        self._show_sent_reference(snapshot)
        if snapshot is not None and snapshot.state.is_active:
            self._ticker.start()
        else:
            self._ticker.stop()
        if snapshot is None:
            self._set_images(None, None, None)
            self.stack.setCurrentWidget(self.empty)
            return
        if _names_no_file(snapshot):
            self._say_no_file(snapshot)
            return
        if not has_image(snapshot):
            self._set_images(None, None, None)
            self._refresh_status()
            self._show_status()
            return
        reference = reference_of(snapshot)
        wanted = _Shown(snapshot.id, snapshot.file_path, snapshot.sha256, reference)
        if wanted == self._shown:
            self.display_changed.emit()  # the same picture; its title may be new
            self._forget_stale_trash_note(snapshot)
            return
        self._generation += 1
        generation = self._generation
        self._shown = wanted
        self._show_loading()
        self.bridge.spawn(
            self._decode(snapshot.file_path, reference),
            on_done=lambda images: self._decoded(generation, wanted, images),
            owner=self,
        )

    def _show_sent_reference(self, snapshot: Snapshot | None) -> None:
        """The reference of an edit without a picture, under its state: the words alone did
        not say which of several edits of one prompt failed."""
        path = reference_of(snapshot) if snapshot is not None else ""
        if snapshot is not None and path and not has_image(snapshot):
            self.sent_reference.show_reference(path, _reference_name(snapshot))
        else:
            self.sent_reference.clear()

    def show_selected_count(self, count: int) -> None:
        """How many artworks the library has selected, said above the details while there
        are several: what the preview shows is the library's current tile (the one clicked
        last, or where the arrow keys left it: Ctrl+A keeps it), and its buttons are the
        library's (:meth:`show_several`), so the greyed ones are said to wait for it alone.
        It said "the one chosen last", which after Ctrl+A it was not."""
        self.selected_label.setVisible(count > 1)
        self.selected_label.setText(
            self.tr(
                "{count} artworks selected in the library; this is the current one there, "
                "which its arrow keys move from. Select it alone to use it as a reference."
            ).format(count=grouped(count))
            if count > 1
            else ""
        )

    def show_several(
        self,
        selected: Sequence[Snapshot],
        missing: Collection[int],
        unreadable: Collection[int] = frozenset(),
    ) -> None:
        """The artworks ``selected`` in the library while several are (empty once one or
        none is; ``missing``: the ids whose image file was found gone; ``unreadable``, found
        damaged): the preview's
        buttons act on them as the library's do, greyed alike. Before, with three selected,
        the library greyed Save as and Use as reference while the toolbar over the picture
        offered them, and its Publish sent one where the library's sent the three."""
        self._several = tuple(selected)
        self._several_missing = frozenset(missing)
        self._several_unreadable = frozenset(unreadable)
        self._point_actions(file_missing=self.job_actions.file_missing)
        self._show_publishing()

    def _point_actions(self, *, file_missing: bool) -> None:
        """Point the actions at the artwork shown (``file_missing``: its image file was
        found gone), or at every one selected while it is one of several."""
        snap = self.snapshot
        self.link_actions.set_snapshot(snap, file_missing=file_missing)
        if snap is not None and any(s.id == snap.id for s in self._several):
            gone = self._several_missing | {snap.id} if file_missing else self._several_missing
            self.job_actions.set_several(snap, self._several, gone, self._several_unreadable)
        else:
            self.job_actions.set_snapshot(snap, file_missing=file_missing)

    def _name_picture(self, snapshot: Snapshot | None) -> None:
        """The picture's text alternative for a screen reader: its title (and place among the
        images of its generate), whether it is starred, as its tile's name says, then its
        prompt. The full view takes it over: its "★ Starred" is a label beside the picture,
        which a reader going through the artworks with the arrows never reached. One with no
        title nor prompt is "Untitled", as its tile says: it was named nothing. The title in
        its own direction, as the heading shows it: an Arabic or Hebrew one turned "Image:"
        and ", starred" round it."""
        if snapshot is None:
            self.canvas.setAccessibleName("")
            self.canvas.setAccessibleDescription("")
            return
        # Of one of several, its place among them.
        title = with_place(in_its_direction(shown_title(snapshot.display_title)), snapshot)
        if snapshot.starred:
            name = self.tr("Image: {title}, starred").format(title=title)
        else:
            name = self.tr("Image: {title}").format(title=title)
        self.canvas.setAccessibleName(name)
        self.canvas.setAccessibleDescription(snapshot.prompt)

    # Loading ------------------------------------------------------------------------------

    def _show_loading(self) -> None:
        """The last picture stays until the next one is decoded, with "Loading…" where the
        zoom figure goes: going through the library, a page of words between two pictures
        flashed at every step."""
        self._set_status(self.tr("Loading…"))
        if self.canvas.after is None:
            self._show_status()
        else:
            self.zoom_label.setText(self.tr("Loading…"))
            self.toolbar.refit()
        self._show_zoomable()

    @staticmethod
    async def _decode(path: str, reference: str) -> _Decoded:
        """Both images, decoded off the GUI thread: the image, or why it cannot be shown; the
        reference, or ``None`` (the image is shown without the before/after slider); and the
        image file's stamp, taken before it was read."""
        stamp = await asyncio.to_thread(file_stamp, Path(path))
        try:
            after: Picture | KontextError = await load_picture(Path(path), MAX_SIDE)
        except KontextError as error:
            after = error
        before = None
        if reference and not isinstance(after, KontextError):
            with suppress(KontextError):
                before = await load_picture(Path(reference), MAX_SIDE)
        return _Decoded(after, before, stamp)

    def _decoded(self, generation: int, wanted: _Shown, images: _Decoded) -> None:
        if generation != self._generation:
            return
        after, before = images.after, images.before
        if isinstance(after, KontextError):
            self._say_unshown(after, wanted, images.stamp)
            return
        self._set_images(after, before, wanted)
        self.stack.setCurrentWidget(self.canvas)
        if self.snapshot is not None and self.snapshot.id == wanted.job_id:
            if self.snapshot.image_left_in_trash:
                self.job_actions.undo.image_seen(self.snapshot.id)
            self._forget_stale_trash_note(self.snapshot)
            self.file_read.emit(self.snapshot)

    def _say_unshown(self, error: KontextError, wanted: _Shown, stamp: FileStamp | None) -> None:
        """Say why the image ``wanted`` cannot be shown: gone, or damaged (in words for a
        library artwork: they were a reference image's, "Choose another image"), or
        unreadable; with Download again where KIE can give it again (:func:`refetchable`).
        A damaged one is told to its tile with its ``stamp`` (:attr:`file_unreadable`): made
        while the file was whole, its thumbnail showed the picture, and the file was not
        looked at again when the artist came back with a copy put back."""
        self._set_images(None, None, None)
        missing = isinstance(error, ImageMissingError)
        damaged = isinstance(error, DamagedImageError | NotAnImageError)
        snap = self.snapshot
        # The path is shown below: the detail ("x.png does not exist") would say it twice.
        if missing:
            words = self._missing_words(snap)
        elif damaged and snap is not None:
            words = self._damaged_words(snap)
        else:
            words = explain(error)
        refetch = snap is not None and (missing or damaged) and refetchable(snap)
        self._set_status(self._unshown_text(words, wanted.file_path, snap, refetch=refetch))
        if missing and self.snapshot is not None:
            self._point_actions(file_missing=True)
            self.file_missing.emit(self.snapshot)
        elif damaged and self.snapshot is not None:
            self.file_unreadable.emit(self.snapshot, stamp)
        self._show_status(offer_download=refetch)

    def _unshown_text(
        self, words: Explanation, path: str, snap: Snapshot | None, *, refetch: bool
    ) -> str:
        """The status page's words for an image not shown: why, its file's ``path`` (none
        when the row names no file), what to do, and why a Download again offered
        (``refetch``) is held in this mode."""
        text = f"<p><b>{_words(words.message)}</b></p>"
        if path:
            text += f"<p>{_words(path)}</p>"
        text += f"<p>{_words(words.hint)}</p>"
        if refetch and snap is not None and self._other_mode(snap):
            text += f"<p>{_words(other_mode_advice(snap))}</p>"  # why Download again is held
        return text

    def _say_no_file(self, snap: Snapshot) -> None:
        """A finished row that names no image file (another program's, an old version's) is
        said to be missing its image, with Download again where KIE still keeps it, as for
        a file gone from the disk: before, the page said "Completed" over no picture, and
        its tile "Loading…" for ever. Not told to check the file's name and folder: the
        row names none."""
        self._set_images(None, None, None)
        refetch = refetchable(snap)
        named_none = self.tr(
            "The library names no file for this artwork: another program or an older "
            "version of Kontext Studio recorded it without one."
        )
        words = self._missing_words(snap, named_none)
        self._set_status(self._unshown_text(words, "", snap, refetch=refetch))
        self._show_status(offer_download=refetch)

    def _missing_words(self, snap: Snapshot | None, hint: str | None = None) -> Explanation:
        """What the page says of ``snap``'s image file that is gone: its kind's words (with
        ``hint`` in place of theirs, when given), and, when KIE no longer keeps the image,
        that it cannot be downloaded again (before, a Download again was offered, and failed
        the job as expired)."""
        # Both noted (put back by hand unseen, then trashed by a Delete that could not
        # remove it): that Delete put it there last, and its words hold for both.
        if snap is not None and snap.image_left_in_trash and snap.trashed_at is None:
            words = self._left_in_trash_words()
        else:
            words = explain_kind(self._missing_kind(snap))
        hint = words.hint if hint is None else hint
        if snap is None or not can_download_again(snap) or result_kept(snap):
            return Explanation(words.message, hint)
        return Explanation(words.message, join_sentences(hint, self._not_kept_words(snap)))

    def _left_in_trash_words(self) -> Explanation:
        """What the page says of an image an Undo of a Delete did not bring back with its
        artwork (:attr:`Snapshot.image_left_in_trash`), by the name this system gives the trash
        (:func:`image_left_in_trash`, as its publish says it); the place it was, where
        Restore puts it back, is shown between the two."""
        current = desktop.current()
        if current is Desktop.WINDOWS:
            todo = self.tr(
                "If it is still in the Recycle Bin, restore it from there: it goes back to "
                "the place above."
            )
        elif current is Desktop.MACOS:
            todo = QCoreApplication.translate(
                "PreviewPanel",
                "If it is still in the Trash, restore it from there: it goes back to the "
                "place above.",
                "macOS",
            )
        else:
            todo = QCoreApplication.translate(
                "PreviewPanel",
                "If it is still in the Trash, restore it from there: it goes back to the "
                "place above.",
                "Linux",
            )
        return Explanation(image_left_in_trash(), todo)

    def _not_kept_words(self, snap: Snapshot) -> str:
        """That ``snap``'s server keeps an image 14 days, over now, or said it deleted it:
        no Download again; or no longer accepts its link (:func:`link_refused`)."""
        if link_refused(snap):
            if snap.simulated:
                return self.tr(
                    "The demo server no longer accepts the link to this image, so it cannot be "
                    "downloaded again."
                )
            return self.tr(
                "KIE no longer accepts the link to this image, so it cannot be downloaded again."
            )
        if snap.result_deleted:
            if snap.simulated:
                return self.tr(
                    "The demo server said it has deleted this image, so it cannot be "
                    "downloaded again."
                )
            return self.tr("KIE said it has deleted this image, so it cannot be downloaded again.")
        if snap.simulated:
            return self.tr(
                "The demo server keeps an image for 14 days only, so it cannot be downloaded again."
            )
        return self.tr("KIE keeps an image for 14 days only, so it cannot be downloaded again.")

    def _damaged_words(self, snap: Snapshot) -> Explanation:
        """What the page says of ``snap``'s image file that is there but does not open (cut
        short, damaged, or another file put in its place), and what the artist can do:
        download it again where KIE still has it, else (imported, or no longer kept) put
        back a copy."""
        message = self.tr("The image file does not open: it is damaged, or not an image.")
        demo = snap.simulated
        if refetchable(snap):
            hint = (
                self.tr(
                    "Download it again from the demo server, or put a copy from a backup in "
                    "its place, under the same name."
                )
                if demo
                else self.tr(
                    "Download it again from KIE, free, or put a copy from a backup in its "
                    "place, under the same name."
                )
            )
        elif can_download_again(snap):  # KIE no longer keeps it
            hint = join_sentences(self._not_kept_words(snap), translate("Errors", PUT_BACK_A_COPY))
        else:
            hint = self.tr(
                "If you have a copy, from a backup or the program it came from, put it in its "
                "place, under the same name."
            )
        back = self.tr("The library reads it again when you come back to this window.")
        return Explanation(message, join_sentences(hint, back))

    def _forget_stale_trash_note(self, snapshot: Snapshot) -> None:
        """Shown with its image, ``snapshot`` noted as moved to the trash by a Delete that
        could not remove it (:attr:`Snapshot.trashed_at`) has the note taken back when its
        image is there as recorded: put back from the trash by hand, or never trashed (the
        app stopped between the note and the trash). Left, once the file went again (moved
        away outside the app), the preview said a Delete had put it in the trash."""
        if snapshot.trashed_at is not None:
            self.bridge.spawn(self._forget_trash_note(snapshot))

    async def _forget_trash_note(self, snapshot: Snapshot) -> None:
        engine = self.bridge.session.engine
        forgotten = await engine.forget_stale_trash_note(snapshot)
        if forgotten is not None:
            self.bridge.tell_changed(engine.as_shown(forgotten))

    @staticmethod
    def _missing_kind(snap: Snapshot | None) -> str:
        """The kind of error a missing image of ``snap`` is: in the trash, where a Delete
        that could not remove the artwork put it (:attr:`Snapshot.trashed_at`), or gone
        for no reason the library knows. Before, the first said to put it back "if it was
        moved or deleted outside Kontext Studio", where its Delete and its Publish said it
        was in the trash."""
        if snap is not None and snap.trashed_at is not None:
            return ImageTrashedError.kind
        return ImageMissingError.kind

    def _set_images(
        self, after: Picture | None, before: Picture | None, shown: _Shown | None
    ) -> None:
        if after is None:
            self._generation += 1
        self._shown = shown
        self._sharpening = None
        self._waiting = None
        if self._decoding is not None:
            self._decoding.stop.set()  # its picture is no longer shown
        self.canvas.set_images(after, before)
        comparable = self.canvas.can_compare()
        self.toolbar.set_wanted(self.compare_button, comparable)
        self.compare_button.setChecked(comparable)
        self.canvas.set_comparing(comparable)
        self._show_zoomable()
        self._zoom_changed()
        self.display_changed.emit()

    def message_text(self, background: QColor | None = None) -> str:
        """The words shown instead of a picture (rich text): the status or the empty state;
        with a ``background`` (the full view's), the state's heading in a colour made to read
        on it instead of on the window."""
        if self.stack.currentWidget() is not self.status_page:
            return self.empty.text()
        if background is not None and self._heading is not None:
            return self._heading_html(self._heading_full_points(), background)
        return self._message

    def zoom_why_not(self) -> str:
        """Why there is no picture to zoom, in a sentence; empty while there is one."""
        snap = self.snapshot
        if self.canvas.after is not None:
            return ""
        if snap is None:
            return self.tr("Nothing to zoom: no artwork is selected.")
        if snap.state is JobState.DOWNLOADING and snap.completed_at is not None:
            # A finished job keeps its completion while Download again fetches its image.
            return self.tr("Nothing to zoom yet: the image is being downloaded again.")
        if snap.state.is_active:
            return self.tr("Nothing to zoom yet: the job is still running.")
        if not has_image(snap):
            return self.tr("Nothing to zoom: this job has no image.")
        if self._shown is not None:  # decoding the first picture shown
            return self.tr("Nothing to zoom yet: the image is loading.")
        return self.tr("Nothing to zoom: the image cannot be shown.")

    def _show_zoomable(self) -> None:
        """Fit and 100 % usable while there is a picture, and whoever follows them told."""
        zoomable = self.canvas.after is not None
        for button in (self.fit_button, self.actual_button):
            button.setEnabled(zoomable)
        self.zoomable_changed.emit()

    def _zoom_changed(self) -> None:
        has_picture = self.canvas.after is not None
        self.fit_button.setChecked(has_picture and self.canvas.fit)
        percent = self.canvas.zoom_percent()
        self.actual_button.setChecked(has_picture and not self.canvas.fit and percent == 100)
        zoom = left_to_right(self.tr("{0} %").format(grouped(percent))) if has_picture else ""
        self.zoom_label.setText(zoom)
        self.toolbar.refit()  # a hidden label's new width reaches no layout by itself
        self.want_file_pixels(self.canvas)

    def want_file_pixels(self, canvas: ImageCanvas) -> None:
        """Decode the file's own pixels once ``canvas`` (this preview's, or the full view's,
        which shows the same picture) is zoomed past the reduced copy decoded for it: they
        take the copy's place in both, where each view stands (:attr:`file_pixels_came`).
        Before, 100 % of a 24 MP photo stretched a 4096-pixel copy over its 6000 pixels, soft
        where the artist looked for sharpness. Only then, not at once: going through a library
        of camera photos, each is decoded at the bounded size."""
        picture = canvas.after
        shown = self._shown
        if (
            picture is None
            or picture is not self.canvas.after
            or picture is self._sharpening
            or shown is None
            or not canvas.stretches_its_copy()
        ):
            return
        self._sharpening = picture
        asked = _FilePixels(picture, Path(shown.file_path))
        if self._decoding is None:
            self._start_file_pixels(asked)
        else:
            self._waiting = asked  # over any asked for before it

    def _start_file_pixels(self, asked: _FilePixels) -> None:
        """Decode ``asked`` as the one decode that runs. Before, artworks zoomed into one after
        the other were decoded all at once, those no longer shown to the end: each of a 50 MP
        photo held some 270 MB meanwhile, for nothing."""
        self._decoding = asked
        self.bridge.spawn(self._decode_file_pixels(asked), owner=self)

    async def _decode_file_pixels(self, asked: _FilePixels) -> None:
        try:
            full = await _file_pixels(asked.path, asked.stop)
        finally:
            asked.stop.set()  # cancelled (the window closing): the worker stops too
            self._decoding = None
        if full is not None:
            self._file_pixels_came(asked.reduced, full)
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            self._start_file_pixels(waiting)

    def _file_pixels_came(self, reduced: Picture, full: Picture) -> None:
        """Not called when the file could not be decoded whole (moved away, or cut short
        meanwhile): the copy stays, and ``reduced`` stays :attr:`_sharpening`, so the next
        step of the wheel does not decode the whole file again for nothing."""
        if self._sharpening is reduced:
            self._sharpening = None
        if self.canvas.after is not reduced:
            return  # another artwork is shown
        self.canvas.sharpen(full)
        self.file_pixels_came.emit(reduced, full)

    # Details ------------------------------------------------------------------------------

    def _show_status(self, *, offer_download: bool = False) -> None:
        """The status page; ``offer_download``: the file is gone, or damaged while KIE still
        keeps the image (:meth:`_say_unshown`), and Download again is offered when KIE has a
        link to it."""
        snap = self.snapshot
        self.download_again.setVisible(
            offer_download and snap is not None and can_download_again(snap)
        )
        self.task_id_button.setVisible(snap is not None and needs_resubmit(snap))
        held = snap is not None and self._other_mode(snap)
        self.download_again.setEnabled(not held)
        self.download_again.setToolTip(
            plain_tooltip(
                other_mode_advice(snap, lines=True)
                if snap is not None and held
                else self._download_tip
            )
        )
        self.stack.setCurrentWidget(self.status_page)

    def _other_mode(self, snap: Snapshot) -> bool:
        """Whether ``snap`` is a job of the other mode. Its image is not downloaded again
        here (the engine refuses it): its link is of the other mode's server, and once it is
        refused this mode's server would be asked about it, a task and a link it never made,
        and could fail the job as expired when its own server still keeps the image."""
        return snap.simulated is not self.bridge.session.demo

    def _set_status(self, text: str, heading: tuple[str, str, str] | None = None) -> None:
        """Show ``text``; with a ``heading`` (state word, colour, the rest), the text is
        rebuilt with the word as large as fits the pane: at 18 pt "Generating" was cut
        ("Generati") in a 160 px one. The full view gets the full size."""
        self._heading = heading
        self._message = text
        self.status.setText(self._heading_html(self._heading_points()) if heading else text)
        self.display_changed.emit()

    def _heading_html(self, points: float, background: QColor | None = None) -> str:
        """The heading at ``points``, its state's colour made to read on ``background`` (the
        window's when none is given)."""
        assert self._heading is not None
        word, state_colour, rest = self._heading
        behind = background or self.palette().color(QPalette.ColorRole.Window)
        colour = readable_on(QColor(state_colour), (behind,)).name()
        return f"<p style='font-size:{points:g}pt; color:{colour}'><b>{_words(word)}</b></p>{rest}"

    def _heading_full_points(self) -> float:
        """The heading's size where there is room: :data:`HEADING_SCALE` times the text's."""
        return points(self.status.font()) * HEADING_SCALE

    def _heading_points(self) -> float:
        """The heading's full size, or less, in half points, to fit the page."""
        full = self._heading_full_points()
        if self._heading is None:
            return full
        font = QFont(self.status.font())
        font.setBold(True)
        font.setPointSizeF(full)
        needed = QFontMetricsF(font).horizontalAdvance(self._heading[0])
        room = self.status_page.viewport().width() - 4 * STATUS_MARGIN
        if needed <= room:
            return full
        return max(int(2 * full * room / needed) / 2, 8.0)

    def _download_again(self) -> None:
        if self.snapshot is not None:
            self.download_again.setEnabled(False)
            self.bridge.spawn(self._fetch_again(self.snapshot))

    async def _fetch_again(self, snapshot: Snapshot) -> None:
        """A file that came back whole meanwhile (restored from the trash, or a backup) is
        shown again, and KIE is not asked (:func:`whole_image_at`, as the engine asks). A
        download that starts changes the job, and the page with it; a refusal (the job
        changed meanwhile) changes nothing, so the button is usable again here, and the
        refusal goes on to the bridge, which shows it, naming the artwork by its title
        (:meth:`JobActions.carried_on`): "There is no job 42" named a number the window shows
        nowhere. Deleted by another program, every view lets it go at once. A damaged file
        whose result KIE no longer keeps (the page, left open, offered it before the 14 days
        were over: :func:`refetchable`), damaged or gone, is refused by the engine
        (:class:`ResultNoLongerKeptError`), which asks KIE nothing: the download failed the
        finished artwork as expired, where a backup can still put its file right; that is
        said, and the page says it as of such a file."""
        try:
            if await asyncio.to_thread(whole_image_at, Path(snapshot.file_path)):
                self._file_back(snapshot)
                return
            fetched = self.bridge.session.engine.download_again(snapshot.id)
            await self.job_actions.carried_on(fetched, snapshot, DOWNLOADED_GONE)
        except ResultNoLongerKeptError as refused:
            self._kept_no_longer(snapshot, refused)
        except Exception:
            self.download_again.setEnabled(True)
            raise

    def file_gone(self, job_id: int) -> None:
        """The library found job ``job_id``'s image file gone (its tile's thumbnail could not
        be read): a picture of it decoded before is read again, off the GUI thread, and the
        page says the file is missing, as the tile does, with Download again. So does a page
        that said the file does not open (deleted since it was read): before, it went on
        saying so beside a tile saying "Image missing", with no Download again."""
        snap = self.snapshot
        if snap is None or snap.id != job_id:
            return
        said_unshown = self.stack.currentWidget() is self.status_page
        if self.canvas.after is not None or (said_unshown and not self.job_actions.file_missing):
            self._shown = None
            self.show_snapshot(snap)

    def file_changed(self, job_id: int) -> None:
        """The library read job ``job_id``'s image file, which it could not read before (an
        outside editor was saving over it), or found it changed since (put back from a
        backup, or deleted: ``ThumbnailCache.look_again``): the page that says it cannot be
        read, or is missing, reads it again. Before, it said so while its tile showed the
        picture, or until the artwork was chosen again."""
        snap = self.snapshot
        if (
            snap is not None
            and snap.id == job_id
            and self.stack.currentWidget() is self.status_page
        ):
            self._shown = None
            self.show_snapshot(snap)

    def _kept_no_longer(self, snapshot: Snapshot, refused: ResultNoLongerKeptError) -> None:
        """Say why ``snapshot``'s damaged image was not downloaded again, in the engine's
        words (``refused``, by the artwork's title: :meth:`JobActions.carried_on`), and show
        its page again, which says so without the button. The engine read the row as it is
        now: its 14 days are over, or its server said it deleted the image or no longer
        accepts its link, perhaps told to another process meanwhile (a command's
        ``download``). Before, the page worded it from the row as it had shown it: "KIE no
        longer has this image" of a link KIE had refused meanwhile."""
        words = explain(refused)
        self.notice.emit(join_sentences(words.message, words.hint))
        if self.snapshot is not None and self.snapshot.id == snapshot.id:
            self.show_snapshot(self.snapshot)

    def _file_back(self, snapshot: Snapshot) -> None:
        """Read the image again: its tile's thumbnail, and the page if it still shows it."""
        self.file_returned.emit(snapshot)
        if self.snapshot is not None and self.snapshot.id == snapshot.id:
            self.show_snapshot(self.snapshot)

    def _refresh_status(self) -> None:
        """The big state text for a job without an image, with the seconds ticking."""
        snap = self.snapshot
        if snap is None or has_image(snap) or _names_no_file(snap):
            return
        label = state_label(snap.state)
        colour = state_color(snap.state).name()
        detail = page = other_mode_words(snap, self.bridge.session.demo)
        waiting = self._waiting_words(snap)
        if detail:
            page = self._other_mode_words(snap)
            waiting = ""  # nothing tries it by itself in this mode
        elif snap.state.is_active:
            seconds = int(elapsed_s(snap, time.time()) or 0)
            detail = page = self.tr("{0} s").format(seconds)
        elif snap.state in NEEDS_ATTENTION:
            detail = page = _error_words(snap)[0]
        rest = f"<p>{_words(page)}</p>{waiting}"
        self._heading = (label, colour, rest)
        self._set_status(self._heading_html(self._heading_full_points()), self._heading)
        self.fields["state"].setText(label if not snap.state.is_active else f"{label} · {detail}")
        self._name_values()
        self._fit_rows()

    def _other_mode_words(self, snap: Snapshot) -> str:
        """Why a running job of the other mode stands still, and when it carries on."""
        if snap.simulated:
            return self.tr("A demo job: it carries on when Kontext Studio runs in demo mode again.")
        if snap.state in (JobState.QUEUED, JobState.UPLOADING):  # no generate has gone out
            return self.tr(
                "Made in live mode; its request has not gone to KIE yet: it goes when Kontext "
                "Studio starts with your API key."
            )
        return self.tr(
            "Sent to KIE in live mode: it carries on, without being paid for again, when "
            "Kontext Studio starts with your API key."
        )

    def _waiting_words(self, snap: Snapshot) -> str:
        """A paragraph saying why a running job is held up, that it goes on by itself, and
        that the send KIE did not take costs nothing: said of the send, not of the job, as a
        job Resubmitted after a send whose outcome is unknown may have been charged for it."""
        engine = self.bridge.session.engine
        reason = waiting_reason(snap, engine)
        if not reason:
            return ""
        if snap.state is JobState.QUEUED and engine.waits_turn(snap.id):
            then = self._turn_then(snap)
        elif snap.simulated:  # the demo server's: no real credits, only the demo balance
            then = self._demo_waiting_words(snap)
        elif snap.state is JobState.QUEUED:
            then = self.tr(
                "It will be sent again by itself. A send KIE does not take is not charged."
            )
        else:
            then = self.tr("Still trying by itself; nothing is sent or charged again.")
        return f"<p>{_words(reason)}<br>{_words(then)}</p>"

    def _turn_then(self, snap: Snapshot) -> str:
        """That a job waiting its turn goes by itself, and that this send costs nothing until
        KIE takes it. Not that nothing of the job was charged: one Resubmitted after a send
        whose outcome is unknown may have been charged for that send."""
        if snap.simulated:
            return self.tr(
                "It goes by itself as soon as a slot frees; this send lowers the demo balance "
                "only once the demo server takes it."
            )
        return self.tr(
            "It goes by itself as soon as a slot frees; this send is charged only once KIE "
            "takes it."
        )

    def _demo_waiting_words(self, snap: Snapshot) -> str:
        """That a held-up demo job goes on by itself, in the demo balance's words: a send the
        demo server did not take did not lower it (an earlier send of a Resubmitted job may
        have)."""
        if snap.state is JobState.QUEUED:
            return self.tr(
                "It will be sent again by itself. A send the demo server does not take does "
                "not lower the demo balance."
            )
        return self.tr(
            "Still trying by itself; nothing is sent again, and the demo balance does not go "
            "down again."
        )

    def _fill_details(self, snap: Snapshot | None) -> None:
        self.title_label.set_whole_text("")
        for label in (self.error_label, self.hint_label, self.prompt_label):
            label.clear()
        self.error_label.setVisible(False)
        self.hint_label.setVisible(False)
        for value in self.fields.values():
            value.clear()
        self.fields["task"].setToolTip("")
        self.details.setVisible(snap is not None)
        # The hidden details still have their height: no scroll bar over an empty pane.
        self.details_scroll.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff
            if snap is None
            else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        )
        if snap is None:
            return
        locale = QLocale()
        # Of one of several images of one generate, its place among them, kept whole as on
        # its tile (cut_with_place); the title in its own direction: a right-to-left
        # override in it turned "· 2 of 4" around.
        typed = shown_title(snap.display_title)
        named = with_place(in_its_direction(typed), snap)
        self.title_label.set_whole_text(named, typed, place_cut(typed, snap))
        self._titled = (typed, place_words(snap))
        self._place_details_button()
        self.prompt_label.setText(snap.prompt)
        self._show_whole_prompt()
        self.fields["state"].setText(self._state_words(snap, locale))
        # The Generate tab's name for it ("Flux Kontext Max"), not KIE's id.
        self.fields["model"].setText(model_label(snap.model) if snap.model else "—")
        self.fields["ratio"].setText(self._ratio(snap))
        self._show_reference(snap)
        self.fields["created"].setText(moment(snap.created_at, locale))
        self.fields["completed"].setText(
            moment(snap.completed_at, locale) if snap.completed_at else "—"
        )
        duration = snap.duration_s
        self.fields["duration"].setText(
            self.tr("{0} s").format(locale.toString(duration, "f", 1)) if duration else "—"
        )
        self.fields["duration"].setToolTip(plain_tooltip(self._duration_tip(snap)))
        self.fields["image"].setText(self._image_words(snap))
        self.fields["task"].setText(snap.task_id or "—")
        self.fields["task"].setToolTip(plain_tooltip(snap.task_id or ""))
        self.copy_task_id.setEnabled(bool(snap.task_id))
        self.fields["task"].setFocusPolicy(  # no Tab stop at a dash
            Qt.FocusPolicy.StrongFocus if snap.task_id else Qt.FocusPolicy.NoFocus
        )
        self.fields["task"].setAccessibleDescription(snap.task_id or "")
        self.fields["description"].setText(snap.description)
        self.fields["tags"].setText(", ".join(snap.tag_list))
        self._show_links(snap)
        self._read_links(snap)
        self._show_rows(snap)
        if snap.state in NEEDS_ATTENTION or (
            snap.state is JobState.CANCELLED and (snap.error_message or cancelled_retry_words(snap))
        ):
            message, hint = _error_words(snap)
            # KIE could not be reached: the artist may fear a charge. A demo job never goes
            # to KIE (nor its reference) and is never charged.
            if never_sent(snap) and not snap.simulated:
                hint = self._not_sent(snap).format(hint=hint)
            # What Retry does with a cancelled job; the note of a late task, or of a finished
            # one, says it already.
            said = snap.error_message in (LATE_TASK_NOTE, LATE_TASK_RESENT_NOTE, FINISHED_NOTE)
            if snap.state is JobState.CANCELLED and not said:
                hint = cancelled_retry_words(snap) or hint
            if refused_as_sent(snap) and snap.error_kind != ContentPolicyError.kind:
                # Retry would send it as it was refused, or stop before sending it as it
                # stopped (its saved request cannot be sent): the artist changes it first. An
                # edit's words may be about its reference (its upload refused, too large).
                hint = (
                    self.tr(
                        "Reuse settings loads its prompt, reference image and options into "
                        "Generate, to change them as the message says, and generate it again "
                        "as a new job."
                    )
                    if reference_of(snap)
                    else self.tr(
                        "Reuse settings loads its prompt and options into Generate, to change "
                        "them and generate it again as a new job."
                    )
                )
            if result_gone(snap):
                hint = self._gone_for_good(snap)
            if self._other_mode(snap):
                # Its own mode's hints cannot be followed here, where Retry and Resubmit are
                # held for it; and a live job's speak of real charges a demo job never made.
                hint = other_mode_advice(snap)
            elif awaits_link(snap) and (due := self.bridge.session.engine.link_try_due(snap)):
                hint = join_sentences(hint, self._next_try_words(due, locale))
            if message:  # a job cancelled before this version wrote its note has none
                self.error_label.setText(message)
                colour = readable(state_color(snap.state), self.palette())
                self.error_label.setStyleSheet(f"color: {colour.name()};")
                self.error_label.setVisible(True)
            if hint:
                self.hint_label.setText(self.tr("What to do: {0}").format(hint))
                self.hint_label.setVisible(True)

    def _next_try_words(self, due: float, locale: QLocale) -> str:
        """When the next automatic try of a refused link whose last try met KIE's rate limit
        is due (:attr:`Snapshot.link_try_at`), in local time: ``resume`` and ``jobs`` said
        it, the window only that it tries again by itself, and a job held for hours looked
        forgotten. Shown anew as the row's due time changes (an artist's Retry); only one
        the engine waits for (:meth:`~kontext_studio.jobs.engine.JobEngine.link_try_due`)."""
        return self.tr("Its next try by itself is due at {0}.").format(moment(due, locale))

    def _gone_for_good(self, snap: Snapshot) -> str:
        """What to do with a job whose image is gone for good (:func:`result_gone`): no
        Retry is offered, so the words of its kind, which offer one while KIE may keep the
        image (14 days), are not true of it once KIE said it is deleted."""
        reuse = (
            self.tr("Reuse settings loads its prompt, reference image and options into Generate.")
            if reference_of(snap)
            else self.tr("Reuse settings loads its prompt and options into Generate.")
        )
        return join_sentences(translate("Errors", result_gone_hint(snap)), reuse)

    def _show_reference(self, snap: Snapshot) -> None:
        """The reference's name; of one taken from the library (Use as reference), once the
        library is read (:meth:`_read_links`), with a link to that artwork: a batch's results
        share one title, and the name alone did not tell which of them an edit came from,
        nor lead back to it. Of one deleted since, that it was: its link, followed, only
        said it was gone."""
        label = self.fields["reference"]
        name = _reference_name(snap)
        linked = self._linked_for(snap)
        if name and snap.request.image_job is not None and linked is not None:
            if linked.reference is None:
                name = self.tr("{0} · deleted from the library since").format(name)
            else:
                link = html.escape(self.tr("show it in the library"))
                label.setTextFormat(Qt.TextFormat.RichText)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
                label.setText(f'{_words(name)} · <a href="{linked.reference.id}">{link}</a>')
                return
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setText(name or self.tr("None"))

    def _not_sent(self, snap: Snapshot) -> str:
        """What reached KIE of a job whose send never reached its generate call: nothing, or
        its reference image alone, uploaded (free) for a send that then failed. Said of this
        send, not of the job: one Resubmitted after a send whose outcome is unknown may have
        been charged for that send."""
        if reference_uploaded(snap):
            return self.tr(
                "Only the reference image was uploaded to KIE (uploads are free); the job "
                "itself did not reach KIE this time, so this send was not charged. {hint}"
            )
        return self.tr("This send did not reach KIE, so it was not charged. {hint}")

    def _state_words(self, snap: Snapshot, locale: QLocale) -> str:
        """The State row: an imported artwork's import and its time. Before, it said
        "Completed", with a Completed time, as if it had been generated."""
        if snap.source == UPLOADED:
            return self.tr("Imported on {date}").format(date=moment(snap.created_at, locale))
        return state_label(snap.state)

    def _show_rows(self, snap: Snapshot) -> None:
        """An uploaded artwork has a description and tags, and no model, ratio, reference,
        duration or task to show a row of dashes for, nor a generation's times."""
        generated = snap.source != UPLOADED
        for key in GENERATION_ROWS:
            self.details_form.setRowVisible(self.fields[key], generated)
        for key in FREE_TEXT_ROWS:
            self.details_form.setRowVisible(self.fields[key], bool(self.fields[key].text()))
        self._name_values()
        self._fit_rows()

    def _name_values(self) -> None:
        """Each row's value named with its row ("State: Completed"), for a screen reader,
        which reads a label by its name: a value read alone ("Completed", "4:3", a date)
        did not say what it was. The task ID, which Tab stops at, keeps the name "Task ID",
        the ID its description."""
        form = self.details_form
        for key, value in self.fields.items():
            label = form.labelForField(value)
            if key != "task" and isinstance(label, QLabel):
                value.setAccessibleName(
                    self.tr("{label}: {value}").format(label=label.text(), value=_shown_text(value))
                )

    def _show_links(self, snap: Snapshot) -> None:
        """The rows that link an artwork kept for a task another job could not keep (its
        send cancelled while out, the job sent again meanwhile: :attr:`Snapshot.made_for_job`)
        and that job, both ways, by title, each with a link to the other: "Made by" on the
        artwork, "Also made" on the job (whose Resubmit, its outcome unknown, pays again for
        an image already there). Before the other rows are read (:meth:`_read_links`), the
        artwork's says what it can without them."""
        linked = self._linked_for(snap)
        made = self._made_words(snap, linked)
        kept = self._kept_words(snap, linked) if linked is not None else ""
        for key, text in (("made", made), ("kept", kept)):
            label = self.fields[key]
            rich = "<a " in text
            label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextBrowserInteraction
                if rich
                else Qt.TextInteractionFlag.TextSelectableByMouse
            )
            label.setText(text)

    def _linked_for(self, snap: Snapshot) -> _Linked | None:
        """What the library was read to hold of ``snap``'s links; ``None`` until read."""
        return self._linked if self._linked is not None and self._linked.id == snap.id else None

    def _read_links(self, snap: Snapshot) -> None:
        """Read, off the GUI thread, the rows :meth:`_show_links` names: the job an artwork
        was kept for, or the artworks kept for a job's tasks. An imported artwork has
        none."""
        if snap.source == UPLOADED:
            self._linked = None
            return
        ledger = self.bridge.session.ledger
        self.bridge.spawn(_links_of(ledger, snap), on_done=self._links_read, owner=self)

    def _links_read(self, linked: _Linked | None) -> None:
        """Show ``linked`` for the artwork shown (not called once the panel is deleted:
        :meth:`Bridge.spawn`'s ``owner``)."""
        shown = self.snapshot
        if linked is None or shown is None or shown.id != linked.id:
            return  # not read, or another artwork is shown now
        self._linked = linked
        self._show_reference(shown)
        self._show_links(shown)
        self._show_rows(shown)

    def _made_words(self, snap: Snapshot, linked: _Linked | None) -> str:
        """Of an artwork made for a task another job could not keep, why it is there and
        that it was charged, naming that job once it is read (or that it was deleted since),
        with a link to it; empty for any other. Shown here, not written in its description:
        that goes out with the artwork when it is published."""
        if snap.made_for_job is None:
            return ""
        if linked is None:  # not read yet
            job = self.tr("the job with this prompt")
        elif linked.made_for is None:
            job = self.tr("a job deleted since")
        else:
            job = self.tr("“{0}”").format(sentence_title(linked.made_for))
        words = self._made_sentence(snap)
        if linked is None or linked.made_for is None:
            return words.format(job=job)
        link = self.tr("show that job")
        return (
            f"{_words(words.format(job=job))} · "
            f'<a href="{linked.made_for.id}">{html.escape(link)}</a>'
        )

    def _made_sentence(self, snap: Snapshot) -> str:
        """:meth:`_made_words`'s sentence, by the kept artwork's own state: its image kept,
        still being made, or none (its task failed, or stopped before the image came).
        Before, it said "this image is kept" of a task still running, or failed."""
        state = _kept_state(snap)
        if snap.simulated:
            return {
                _KEPT_DONE: self.tr(
                    "An earlier send of {job} to the demo server, cancelled while it was out, "
                    "which lowered the demo balance for it too (no real credits). That job was "
                    "sent again meanwhile, so this image is kept as an artwork of its own."
                ),
                _KEPT_MAKING: self.tr(
                    "An earlier send of {job} to the demo server, cancelled while it was out, "
                    "which lowered the demo balance for it too (no real credits). That job was "
                    "sent again meanwhile, so this send's image, still being made, is kept as "
                    "an artwork of its own."
                ),
                _KEPT_FAILED: self.tr(
                    "An earlier send of {job} to the demo server, cancelled while it was out. "
                    "That job was sent again meanwhile, so this send is kept as an artwork of "
                    "its own; it failed, and nothing was made."
                ),
                _KEPT_STOPPED: self.tr(
                    "An earlier send of {job} to the demo server, cancelled while it was out, "
                    "which lowered the demo balance for it too (no real credits). That job was "
                    "sent again meanwhile, so this send is kept as an artwork of its own; it "
                    "stopped before its image came."
                ),
            }[state]
        return {
            _KEPT_DONE: self.tr(
                "An earlier send of {job}, cancelled while it was out, which KIE charged too. "
                "That job was sent again meanwhile, so this image is kept as an artwork of its "
                "own."
            ),
            _KEPT_MAKING: self.tr(
                "An earlier send of {job}, cancelled while it was out, which KIE charged too. "
                "That job was sent again meanwhile, so this send's image, still being made, is "
                "kept as an artwork of its own."
            ),
            _KEPT_FAILED: self.tr(
                "An earlier send of {job}, cancelled while it was out. That job was sent again "
                "meanwhile, so this send is kept as an artwork of its own; it failed, and "
                "nothing was made."
            ),
            _KEPT_STOPPED: self.tr(
                "An earlier send of {job}, cancelled while it was out, which KIE charged too. "
                "That job was sent again meanwhile, so this send is kept as an artwork of its "
                "own; it stopped before its image came."
            ),
        }[state]

    def _kept_words(self, snap: Snapshot, linked: _Linked) -> str:
        """Of a job whose earlier send, cancelled while it was out, KIE answered late with a
        task the job could not keep: the artwork (or artworks, one per such send) kept for
        it, by title, with a link to each; empty for any other job. Of several, the links
        have a line of their own, numbered in the order of the titles (which a job's late
        tasks share): they followed the sentence, whose last title may say why it has no
        image, and read "… (failed: nothing was made). · show image 1". Where one has no
        image, they are artworks to show, not images (:meth:`_kept_link`)."""
        if not linked.kept:
            return ""
        several = len(linked.kept) > 1
        titles = join_names([self._kept_title(kept, several) for kept in linked.kept])
        sentence = _words(
            self._kept_sentence(snap.simulated, linked.kept).format(
                titles=titles, count=len(linked.kept)
            )
        )
        if not several:
            link = html.escape(self.tr("show it in the library"))
            return f'{sentence} · <a href="{linked.kept[0].id}">{link}</a>'
        words = self._kept_link(linked.kept)
        anchors = " · ".join(
            f'<a href="{kept.id}">{html.escape(words.format(number))}</a>'
            for number, kept in enumerate(linked.kept, start=1)
        )
        return f"{sentence}<br>{anchors}"

    def _kept_link(self, kept: Sequence[Snapshot]) -> str:
        """The words of the links to ``kept``, several (:meth:`_kept_words`): images to show
        while each has its image, else artworks, all alike ("show artwork 1 · show image
        2" read as if they were two kinds of thing)."""
        if all(_kept_state(each) == _KEPT_DONE for each in kept):
            return self.tr("show image {0}")
        return self.tr("show artwork {0}")

    def _kept_title(self, kept: Snapshot, several: bool) -> str:
        """The title of ``kept`` as :meth:`_kept_words` names it: of several, one without
        its image says why (still being made, failed), as their sentence cannot."""
        state = _kept_state(kept)
        if not several or state == _KEPT_DONE:
            return self.tr("“{0}”").format(sentence_title(kept))
        words = {
            _KEPT_MAKING: self.tr("“{0}” (still being made)"),
            _KEPT_FAILED: self.tr("“{0}” (failed: nothing was made)"),
            _KEPT_STOPPED: self.tr("“{0}” (stopped before its image came)"),
        }[state]
        return words.format(sentence_title(kept))

    def _kept_sentence(self, simulated: bool, kept: Sequence[Snapshot]) -> str:
        """:meth:`_kept_words`'s sentence, of one artwork, by its state, or of several: as
        images kept only when each has its image (the others' titles say why not)."""
        if len(kept) > 1 and all(_kept_state(k) == _KEPT_DONE for k in kept):
            if simulated:
                return self.tr(
                    "The demo server answered {count} earlier sends of this job late, each "
                    "after it was cancelled while out; those images are kept as the artworks "
                    "{titles}, and lowered the demo balance too (no real credits)."
                )
            return self.tr(
                "KIE answered {count} earlier sends of this job late, each after it was "
                "cancelled while out; those images, charged too, are kept as the artworks "
                "{titles}."
            )
        if len(kept) > 1:
            if simulated:
                return self.tr(
                    "The demo server answered {count} earlier sends of this job late, each "
                    "after it was cancelled while out; they are kept as the artworks {titles}."
                )
            return self.tr(
                "KIE answered {count} earlier sends of this job late, each after it was "
                "cancelled while out; they are kept as the artworks {titles}."
            )
        return self._kept_one(simulated, _kept_state(kept[0]))

    def _kept_one(self, simulated: bool, state: str) -> str:
        """:meth:`_kept_sentence` of one artwork in ``state``."""
        if simulated:
            return {
                _KEPT_DONE: self.tr(
                    "The demo server answered an earlier send of this job late, after it was "
                    "cancelled while out; that image is kept as the artwork {titles}, and "
                    "lowered the demo balance too (no real credits)."
                ),
                _KEPT_MAKING: self.tr(
                    "The demo server answered an earlier send of this job late, after it was "
                    "cancelled while out; that image is still being made, as the artwork "
                    "{titles}, and lowered the demo balance too (no real credits)."
                ),
                _KEPT_FAILED: self.tr(
                    "The demo server answered an earlier send of this job late, after it was "
                    "cancelled while out, with a task kept as the artwork {titles}; it failed, "
                    "and nothing was made."
                ),
                _KEPT_STOPPED: self.tr(
                    "The demo server answered an earlier send of this job late, after it was "
                    "cancelled while out, with a task kept as the artwork {titles}; it stopped "
                    "before its image came."
                ),
            }[state]
        return {
            _KEPT_DONE: self.tr(
                "KIE answered an earlier send of this job late, after it was cancelled while "
                "out; that image, charged too, is kept as the artwork {titles}."
            ),
            _KEPT_MAKING: self.tr(
                "KIE answered an earlier send of this job late, after it was cancelled while "
                "out; that image, charged too, is still being made, as the artwork {titles}."
            ),
            _KEPT_FAILED: self.tr(
                "KIE answered an earlier send of this job late, after it was cancelled while "
                "out, with a task kept as the artwork {titles}; it failed, and nothing was made."
            ),
            _KEPT_STOPPED: self.tr(
                "KIE answered an earlier send of this job late, after it was cancelled while "
                "out, with a task kept as the artwork {titles}, charged too; it stopped before "
                "its image came."
            ),
        }[state]

    def _ratio(self, snap: Snapshot) -> str:
        if not has_request(snap):
            return snap.ratio or "—"
        request = snap.request
        if request.aspect_ratio is None:
            return self.tr("Same as the reference")
        return request.aspect_ratio

    def _duration_tip(self, snap: Snapshot) -> str:
        """Of a completed job given its task id, whose Duration is KIE's own time for the
        task (from KIE's making it, it took in the hours before the ID was entered); empty
        for any other job."""
        if snap.task_given_at is None or snap.completed_at is None:
            return ""
        if snap.duration_s is None:
            return self.tr(
                "KIE did not say how long it took on the task whose ID you entered for this job."
            )
        return self.tr("KIE's own time on the task whose ID you entered for this job.")

    def _image_words(self, snap: Snapshot) -> str:
        if not snap.width or not snap.height:
            return "—"
        words = left_to_right(self.tr("{0} × {1} px").format(snap.width, snap.height))
        if snap.file_size:
            words += " · " + human_size(snap.file_size)  # as the reference slot says it
        if snap.file_path:
            words += " · " + Path(snap.file_path).suffix.lstrip(".").upper()
        return words

    # Live updates -------------------------------------------------------------------------

    def _turn_changed(self, job_id: int) -> None:
        """The job shown began or stopped waiting its turn: say so at once."""
        if self.snapshot is not None and self.snapshot.id == job_id:
            self._refresh_status()

    def _job_changed(self, value: object) -> None:
        snap = snapshot_of(value)
        shown = self.snapshot
        if shown is not None and snap.id == shown.id and not snap.older_than(shown):
            self.show_snapshot(snap)
        elif shown is not None and (snap.made_for_job == shown.id or self._links_to(snap.id)):
            self._read_links(shown)  # kept for the job shown just now, or renamed

    def _job_deleted(self, job_id: int) -> None:
        if self.snapshot is not None and self.snapshot.id == job_id:
            self.show_snapshot(None)
        elif self.snapshot is not None and self._links_to(job_id):
            self._read_links(self.snapshot)

    def _links_to(self, job_id: int) -> bool:
        """Whether the rows :meth:`_show_links` and :meth:`_show_reference` show name
        ``job_id``."""
        linked = self._linked
        if linked is None or self.snapshot is None or linked.id != self.snapshot.id:
            return False
        return (
            self.snapshot.made_for_job == job_id
            or (linked.reference is not None and linked.reference.id == job_id)
            or any(k.id == job_id for k in linked.kept)
        )


_KEPT_DONE = "done"
_KEPT_MAKING = "making"
_KEPT_FAILED = "failed"
_KEPT_STOPPED = "stopped"


def _kept_state(kept: Snapshot) -> str:
    """What the rows linking an artwork kept for a late task say of it: its image is kept
    (:data:`_KEPT_DONE`), still being made (:data:`_KEPT_MAKING`), or none: its task failed
    (:data:`_KEPT_FAILED`: nothing was made, a retry sends its prompt again), or it stopped
    before the image came (timed out, cancelled, its download failed or the app's side
    stopped following it: :data:`_KEPT_STOPPED`, charged). Before, any failure was said
    to have made nothing, of one whose image KIE made and Retry fetches for free too."""
    if kept.state is JobState.COMPLETED:
        return _KEPT_DONE
    if kept.state.is_active:
        return _KEPT_MAKING
    made_nothing = retry_state(kept) is JobState.QUEUED and not result_gone(kept)
    return _KEPT_FAILED if kept.state is JobState.FAILED and made_nothing else _KEPT_STOPPED


@dataclass(frozen=True)
class _Linked:
    """What :meth:`PreviewPanel._show_links` names of artwork ``id``: the job it was kept
    for (``None``: none, or deleted since), and the artworks kept for its own late tasks;
    and the library artwork it was edited from (:meth:`PreviewPanel._show_reference`;
    ``None``: none, or deleted since)."""

    id: int
    made_for: Snapshot | None
    kept: tuple[Snapshot, ...]
    reference: Snapshot | None


async def _links_of(ledger: Ledger, snap: Snapshot) -> _Linked | None:
    """:class:`_Linked` of ``snap``, read off the GUI thread; ``None`` when the library
    could not be read (the rows then say what they can without it)."""

    def read() -> _Linked:
        made_for = ledger.get(snap.made_for_job) if snap.made_for_job is not None else None
        edited = snap.request.image_job if has_request(snap) else None
        reference = ledger.get(edited) if edited is not None else None
        return _Linked(snap.id, made_for, tuple(ledger.kept_for(snap.id)), reference)

    try:
        return await asyncio.to_thread(read)
    except StorageError:
        log.warning("linked jobs not read", extra={"event": "links_unread", "job_id": snap.id})
        return None


def _words(text: str) -> str:
    """Plain ``text`` for the status page's rich text: escaped, and able to wrap anywhere a
    path or a server's message needs, so it never widens the window."""
    return html.escape(breakable(text))


def _shown_text(label: QLabel) -> str:
    """The words ``label`` shows, as a screen reader should read them: of rich text (a
    link), without its markup; without the breaks that let them wrap."""
    if label.textFormat() is Qt.TextFormat.RichText:
        return unbroken(QTextDocumentFragment.fromHtml(label.text()).toPlainText())
    return unbroken(label.text())


def _reference_name(snapshot: Snapshot) -> str:
    """The reference's name as the artist knew it (jobs before it was kept: its copy's)."""
    request = snapshot.request if has_request(snapshot) else None
    if request is None or request.image_path is None:
        return ""
    return request.image_name or Path(request.image_path).name


def _error_words(snap: Snapshot) -> tuple[str, str]:
    if snap.state is JobState.CANCELLED:
        return snap.error_detail, ""
    explanation = explain_kind(snap.error_kind or snap.state.value, snap.error_detail, snap.facts)
    return explanation.message, explanation.hint
