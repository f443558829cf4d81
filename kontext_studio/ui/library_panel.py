"""The library: a grid of tiles with search, filters and the job actions.

The view is a ``QListView`` (:class:`TileView`) with uniform item sizes and one painting
delegate, so a library of 10 000 artworks costs one row of Python per painted tile and nothing
per hidden one; a thumbnail is asked for only when its tile is painted. Buttons and the context
menu share the ``QAction``\\ s of :class:`JobActions`, enabled from the selected job's
snapshot alone, or, with several tiles selected (Ctrl/Cmd+click, Shift+click, Ctrl+A), from
all of them: Delete, Star and Publish then act on every one, the actions about one artwork
are off. The current tile (the last clicked, the one the preview shows) is always one of
those selected. A tile pressed and dragged (or the tiles selected, pressed on one of them)
goes to another app, or to the reference slot, as its image file, a copy only; a drag begun
on the grid's empty space selects the tiles it sweeps over, the band it sweeps drawn.
"""

from __future__ import annotations

import bisect
import contextlib
import itertools
import math
import sys
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import replace
from functools import partial
from typing import NamedTuple

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QKeyCombination,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSignalBlocker,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QAction,
    QActionGroup,
    QColor,
    QContextMenuEvent,
    QDrag,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QRegion,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kontext_studio.errors import join_names
from kontext_studio.jobs.states import SHOWN_AS, JobState
from kontext_studio.store.ledger import Snapshot
from kontext_studio.store.order import LibraryOrder
from kontext_studio.store.search import QUOTES
from kontext_studio.text_direction import in_its_direction, isolated
from kontext_studio.ui import shortcuts
from kontext_studio.ui.accessible_roles import clear_button
from kontext_studio.ui.batch_place import cut_with_place, sentence_title
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.elided_label import ElidedLabel, cut_to_height, cut_to_width
from kontext_studio.ui.font_scale import scaled_font
from kontext_studio.ui.job_actions import (
    JobActions,
    StandardDialogs,
    button_words,
    reference_of,
)
from kontext_studio.ui.key_focus import watch_menu_keys
from kontext_studio.ui.levels import (
    BADGE_EDGE,
    BADGE_EDGE_WIDTH,
    BADGES,
    STAR,
    STAR_DISC,
    mix,
    readable,
    readable_on,
    secondary_color,
    secondary_on,
)
from kontext_studio.ui.library_model import (
    Filter,
    LibraryModel,
    state_color,
    state_label,
    waiting_reason,
)
from kontext_studio.ui.next_turn import FONT, ChangeFollower
from kontext_studio.ui.notifications import MessageBanner, announce
from kontext_studio.ui.overflow_row import OverflowRow
from kontext_studio.ui.pasted_text import PastedIsolates
from kontext_studio.ui.picture import checkerboard, device_ratio, on_device_pixels
from kontext_studio.ui.plain_text import plain_tooltip, set_plain_tooltip, spoken
from kontext_studio.ui.reference_badges import SIDE as BADGE_SIDE
from kontext_studio.ui.reference_badges import ReferenceBadges
from kontext_studio.ui.thumbnail_label import SHRINK, fitted_font
from kontext_studio.ui.thumbnails import THUMBNAIL_SIDE
from kontext_studio.ui.translations import grouped
from kontext_studio.ui.unsent import UnsentJobs

AnyIndex = QModelIndex | QPersistentModelIndex

_MARGIN = 8
_INSET = 3  # between a tile's cell and its rounded frame (the highlight), each side
_FRAMED = 2 * (_MARGIN + _INSET)  # a tile's width beyond its picture and the lines under it
TILE = QSize(THUMBNAIL_SIDE + _FRAMED, 232)
"""A tile's cell at the default font, and its least at any other."""
TILE_MOST = 320
"""The widest a tile grows for a large font (:func:`tile_shape`): wider, at a font larger
still, a library would show one column in most windows."""
LEAST_COLUMNS = 2
"""The columns a grid with room for as many tiles keeps at any font, its tiles narrowed as
far as their words stay whole (:attr:`TileShape.least`, :meth:`TileView.spread`)."""
COMING_LINES = 2
"""The most lines the jobs of a press on their way take over the grid, cut after a word."""
LEAST_PICTURE = 96
"""The smallest a tile's picture is made in a grid too low for a whole tile with the default
picture (:func:`picture_room`): a state word and its seconds still fit in it."""
LEAST_TEXT = 0.75
"""The least the words under a tile's picture are scaled to where a grid is too low for a
whole tile even with its picture at :data:`LEAST_PICTURE` (:func:`text_scale`)."""
_TEXT_STEP = 0.05  # how much smaller the words under a picture are made at a time
_WORD_PADDING = 10  # between a placeholder's edge and its words, each side
_BADGE_GAP = 6  # between a reference's badge and the foot of its placeholder
_LEAST_WORD_PADDING = 2  # the least of it, where a narrowed tile's word needs the room
_THUMBNAIL_STEPS = 4  # a larger picture's thumbnail is made in quarters of the default's side
_RADIUS = 8.0
_FOCUS_PEN = 2.0  # the focus ring's width, in the inset round a tile's frame
_TEXT_GAP = 6  # between the image and the title
_STAR_LEFT = 28  # how far left of a tile picture's right edge its star's disc begins
_PILL_PADDING = 12  # the Published pill's width beyond its words
_PILL_ROOM = 6 + _PILL_PADDING + _STAR_LEFT + 2 + 1
"""A picture's side beyond its pill's words, the pill beside the star (:meth:`_paint_published`)."""

FILTERS: tuple[tuple[str, list[JobState] | None], ...] = (
    ("All", None),
    ("Active", list(SHOWN_AS["active"])),
    ("Completed", list(SHOWN_AS["completed"])),
    ("Failed/Timeout/Unknown", list(SHOWN_AS["failed"])),
    ("Cancelled", list(SHOWN_AS["cancelled"])),
)
SEARCH_DEBOUNCE_MS = 200
SEARCH_LEAST_CHARS = 18  # narrower, the search box takes a row of its own
STATE_FILTER_LEAST_CHARS = 9  # the state filter's width for "All" and "Completed"
HEADER_MOST_ROWS = 3  # search, state filter and Starred each on a row of its own
GONE_TITLE_CHARS = 30
"""The title in "“…” was deleted by another program." is cut to about this many characters'
width (``batch_place.sentence_title``): in an 800 px window the sentence then ends in sight,
beside the status bar's permanent words. Whole, a prompt as the title pushed all but its
first words out of sight."""
_BUTTON_KEYS = (
    "use_as_reference",
    "reuse_settings",
    "retry",
    "resubmit",
    "enter_task_id",
    "cancel",
    "delete",
)
_GRID_GREYED = ("retry", "full_view", "cancel")
"""The actions whose keys, greyed with an artwork selected, reach the grid as plain keys,
which acts on them (:meth:`LibraryPanel._greyed_key`)."""
_MENU_GROUPS = (
    ("full_view", "use_as_reference", "reuse_settings"),
    ("cancel", "retry", "resubmit", "enter_task_id"),
    ("copy_prompt", "copy_image", "save_as", "show_in_folder"),
    ("star", "rename", "details"),
    ("publish", "copy_url", "unpublish"),
    ("delete",),
)


class TileShape(NamedTuple):
    """A tile's width, its square picture's side, the width of the widest status line under
    its picture, and the narrowest the tile may be with its words whole: the status lines
    on two lines (:func:`status_lines`), the state words with less room round them
    (:func:`_word_padding`)."""

    width: int
    side: int
    line: int = 0
    least: int = TILE.width()
    text: float = 1.0
    """The scale of the words under the picture (:func:`text_scale`)."""

    def within(self, width: int, side: int, text: float = 1.0) -> TileShape:
        """This shape, narrowed to ``width`` where it is wider, its picture with it, its
        picture's side to ``side``, and its words under the picture scaled by ``text``."""
        narrowed = min(self.width, width)
        side = min(self.side, narrowed - _FRAMED, side)
        return TileShape(narrowed, side, self.line, self.least, text)

    def text_font(self, font: QFont) -> QFont:
        """``font`` as the words under the picture are drawn in."""
        return font if self.text == 1.0 else scaled_font(font, self.text)

    @property
    def status_lines(self) -> int:
        """How many lines the status under the picture may take: two where the widest is
        wider than the tile (:func:`status_lines`), every tile of the grid as high for it."""
        return 1 if self.line <= self.width - _FRAMED else 2


DEFAULT_SHAPE = TileShape(TILE.width(), THUMBNAIL_SIDE)


def tile_shape(font: QFont, lines: Iterable[str], pills: Iterable[str] = ()) -> TileShape:
    """A tile's shape for ``font``: :data:`TILE`'s, wider where a large font needs it for
    the status ``lines`` under the picture, up to :data:`TILE_MOST`, its picture larger
    only where a placeholder's state word needs it (:func:`state_word_font`, each word of
    it on a line of its own) or a published one's pill beside its star (``pills``, in
    :func:`pill_font`): at 24 pt, in the width it had at the default font,
    "Generating · 12 s" was cut to "Generat…" and "Outcome unknown" shrunk to 9.6 pt.
    A picture as wide as the tile made it taller than the library of a 1024 x 700 screen:
    no tile was seen whole (the grid keeps its pictures lower still: :meth:`TileView.spread`).
    A line still wider than the tile is broken in two (:attr:`TileShape.status_lines`)."""
    metrics = QFontMetricsF(font)
    lines = list(lines)
    line = max(_advance(text, metrics) for text in lines)
    broken = max(least_line_width(text, metrics) for text in lines)
    word_metrics = QFontMetricsF(state_word_font(font))
    words = (word for state in JobState for word in state_label(state).split())
    word = math.ceil(max(word_metrics.horizontalAdvance(word) for word in words))
    pill_metrics = QFontMetrics(pill_font(font))
    pill = max((pill_metrics.horizontalAdvance(text) for text in pills), default=0)
    side = max(THUMBNAIL_SIDE, word + 2 * _WORD_PADDING, pill + _PILL_ROOM)
    width = max(TILE.width(), line + _FRAMED, side + _FRAMED)
    least = max(TILE.width(), broken + _FRAMED, word + 2 * _LEAST_WORD_PADDING + _FRAMED)
    return TileShape(width, side, line, min(least, TILE_MOST)).within(TILE_MOST, side)


def tile_height(side: int, metrics: QFontMetrics, status_lines: int = 1) -> int:
    """The height of a tile whose picture is ``side`` square, with the title and
    ``status_lines`` under it in the font ``metrics`` measure; :data:`TILE`'s at the least,
    but for a picture made smaller than the default for a low grid (:func:`picture_room`)."""
    height = side + _beside_picture(metrics, status_lines)
    return height if side < THUMBNAIL_SIDE else max(TILE.height(), height)


def picture_room(height: int, metrics: QFontMetrics, status_lines: int = 1) -> int:
    """The largest picture a tile ``height`` high has room for, with the lines under it in
    the font ``metrics`` measure, down to :data:`LEAST_PICTURE`: at 24 pt on a 1024 x 700
    screen, with a search's bar and the jobs coming over the grid, the default picture was
    kept and the tile's title and status were out of sight below. The default picture's
    where not even that leaves room for a whole tile (a grid not laid out yet)."""
    room = height - _beside_picture(metrics, status_lines)
    return room if room >= LEAST_PICTURE else THUMBNAIL_SIDE


def text_scale(font: QFont, height: int, status_lines: int) -> float:
    """The scale of the words under a tile's picture in ``font``: whole where a tile
    ``height`` high has room for them and a picture of :data:`LEAST_PICTURE`; else made
    smaller, as far as the tile needs, down to :data:`LEAST_TEXT`; whole again where not
    even that leaves room for a whole tile (:func:`picture_room`)."""
    scale = 1.0
    while True:
        metrics = QFontMetrics(scaled_font(font, scale))
        if height - _beside_picture(metrics, status_lines) >= LEAST_PICTURE:
            return scale
        if scale <= LEAST_TEXT:
            return 1.0
        scale = max(scale - _TEXT_STEP, LEAST_TEXT)


def _beside_picture(metrics: QFontMetrics, status_lines: int) -> int:
    """A tile's height beyond its picture: its inset and margin above, the title and
    ``status_lines`` under it in the font ``metrics`` measure."""
    lines = 1 + status_lines
    return 2 * _INSET + _MARGIN + _TEXT_GAP + lines * metrics.height() + 2 + _MARGIN


def status_lines(text: str, metrics: QFontMetrics, width: int, most: int) -> list[str]:
    """``text`` on at most ``most`` lines ``width`` wide: whole on one where it fits, else
    broken in two that fit, after a " · " where one does ("Downloading ·" over "12 s"),
    else at a space; cut short on one line where no break fits. What fits is what Qt
    draws uncut: measured in whole pixels, "Generating · 12 s" took 277 px in a room of
    277, and was drawn 277.3 px wide, cut to "Generating · 1…"."""
    whole = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
    if most < 2 or whole == text:
        return [whole]
    for first, rest in _breaks(text):
        if all(
            metrics.elidedText(part, Qt.TextElideMode.ElideRight, width) == part
            for part in (first, rest)
        ):
            return [first, rest]
    return [whole]


def least_line_width(text: str, metrics: QFontMetricsF) -> int:
    """The narrowest width ``text`` is read whole in on two lines (:func:`status_lines`)."""
    widths = [_advance(text, metrics)]
    widths += [max(_advance(line, metrics) for line in lines) for lines in _breaks(text)]
    return min(widths)


def _advance(text: str, metrics: QFontMetricsF) -> int:
    """``text``'s width in whole pixels, rounded up: the room it is drawn uncut in."""
    return math.ceil(metrics.horizontalAdvance(text))


def _breaks(text: str) -> Iterator[tuple[str, str]]:
    """The two lines ``text`` may be broken into, as :func:`status_lines` tries them: after
    a " · ", then at a space, the longest first line first."""
    for mark in (" · ", " "):
        end = len(text)
        while (end := text.rfind(mark, 0, end)) > 0:
            yield text[:end] + mark.rstrip(), text[end + len(mark) :]


def pill_font(font: QFont) -> QFont:
    """The font of a published tile's pill: ``font``'s small print, bold."""
    small = small_print(font)
    small.setBold(True)
    return small


def state_word_font(font: QFont) -> QFont:
    """The font of the state word in a placeholder (a job without a picture): ``font``
    larger and bold."""
    return scaled_font(font, 1.15, bold=True)


_WASH = 0.15  # how much of its state's colour a job's place for a picture takes
_TOGGLE_TINT = 0.6  # how much of the selection colour a toggle that is on is filled with
_DRAWN_LIGHTER = 130  # at most how much lighter the style draws a button's fill (percent)


def small_print(font: QFont) -> QFont:
    """``font`` at 0.85 of its size, and in points never under 7: a tile's notes and its
    badges. Scaled by its point size alone, a font given in pixels (-1 pt) was drawn at its
    full size, Qt warning at each tile painted."""
    if font.pointSizeF() > 0 and font.pointSizeF() * 0.85 < 7.0:
        smaller = QFont(font)
        smaller.setPointSizeF(7.0)
        return smaller
    return scaled_font(font, 0.85)


class ToggleButton(QToolButton):
    """A checkable tool button that reads as on: filled, while it is checked, with a tint of
    the palette's selection colour, its words made to read on it. As the style draws it,
    ★ Starred on was a shade darker than off (1.1:1, less on a dark theme): the artist
    could not tell whether the library showed only the starred artworks."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._colouring = False
        self._recolour = ChangeFollower(self, self._colour)
        self.setCheckable(True)

    def checkStateSet(self) -> None:
        """Checked or not, by a click or by the code (signals blocked or not)."""
        super().checkStateSet()
        self._colour()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if not self._colouring:  # not its own palette set
            self._recolour.hear(event)  # the system switched between light and dark

    def _colour(self) -> None:
        """Fill and words for the state and the parent's palette now; off, the palette's
        own, as the other buttons have."""
        parent = self.parentWidget()
        base = parent.palette() if parent is not None else self.palette()
        own = QPalette()
        if self.isChecked():
            button = base.color(QPalette.ColorRole.Button)
            fill = mix(button, base.color(QPalette.ColorRole.Highlight), _TOGGLE_TINT)
            # The style draws a dark button's fill lighter than its colour (Fusion: up to a
            # quarter): the words read on both.
            drawn = (fill, fill.lighter(_DRAWN_LIGHTER))
            words = readable_on(base.color(QPalette.ColorRole.ButtonText), drawn)
            own.setColor(QPalette.ColorRole.Button, fill)
            own.setColor(QPalette.ColorRole.ButtonText, words)
        self._colouring = True
        try:
            self.setPalette(own)
        finally:
            self._colouring = False


class TileDelegate(QStyledItemDelegate):
    """Paints one tile: thumbnail or state placeholder, title, status line, star."""

    def __init__(self, model: LibraryModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.badges = ReferenceBadges(model.bridge, self)
        if isinstance(parent, QAbstractItemView):
            self.badges.ready.connect(parent.viewport().update)

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        """The grid's cell: a tile, as wide as the columns spread over the grid make it
        (:meth:`TileView.spread`)."""
        shape = self._drawn()
        metrics = QFontMetrics(shape.text_font(option.font))
        size = QSize(shape.width, tile_height(shape.side, metrics, shape.status_lines))
        view = self.parent()
        if isinstance(view, QListView):
            size.setWidth(max(size.width(), view.gridSize().width()))
        return size

    def _drawn(self) -> TileShape:
        """A tile's shape as the grid lays them out now (:attr:`TileView.drawn`)."""
        view = self.parent()
        return view.drawn if isinstance(view, TileView) else DEFAULT_SHAPE

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        snap: Snapshot | None = index.data(LibraryModel.SnapshotRole)
        if snap is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(option.font)
        palette = option.palette
        shape = self._drawn()
        cell = _middle(option.rect, shape.width)
        tile = cell.adjusted(_INSET, _INSET, -_INSET, -_INSET)
        state = option.state
        fill = _tile_fill(palette, state)
        if state & QStyle.StateFlag.State_Selected:
            self._rounded(painter, tile, fill, palette.color(QPalette.ColorRole.Highlight))
        elif state & QStyle.StateFlag.State_MouseOver:
            self._rounded(painter, tile, fill)
        if state & QStyle.StateFlag.State_HasFocus or self._keys_come_to(index):
            self._paint_focus(painter, cell, palette)
        side = min(shape.side, tile.width() - 2 * _MARGIN)
        left = tile.x() + (tile.width() - side) // 2
        image_rect = QRect(left, tile.y() + _MARGIN, side, side)
        # Each part sets its own fonts and pens; save/restore keeps them from leaking.
        on_tile = _on_tile(palette, fill)
        painter.save()
        if snap.state is JobState.COMPLETED:
            self._paint_image(painter, image_rect, index, snap, on_tile)
        else:
            self._paint_placeholder(painter, image_rect, index, snap, on_tile)
        painter.restore()
        if snap.starred:
            painter.save()
            self._paint_star(painter, image_rect)
            painter.restore()
        if snap.published_key:
            painter.save()
            elsewhere = bool(index.data(LibraryModel.PublishedElsewhereRole))
            self._paint_published(
                painter, image_rect, self._pill(snap, elsewhere=elsewhere), starred=snap.starred
            )
            painter.restore()
        painter.setFont(shape.text_font(option.font))
        self._paint_text(painter, tile, image_rect, index, snap, on_tile)
        painter.restore()

    @staticmethod
    def _rounded(painter: QPainter, rect: QRect, fill: QColor, pen: QColor | None = None) -> None:
        path = QPainterPath()
        path.addRoundedRect(rect.adjusted(0, 0, -1, -1), _RADIUS, _RADIUS)
        painter.fillPath(path, fill)
        if pen is not None:
            painter.setPen(pen)
            painter.drawPath(path)

    def _keys_come_to(self, index: AnyIndex) -> bool:
        """Whether ``index`` is the tile the keys come to while the grid has the keyboard
        focus with no tile current (:attr:`TileView.keys_come_to`)."""
        view = self.parent()
        return isinstance(view, TileView) and view.keys_come_to == index.row()

    @staticmethod
    def _paint_focus(painter: QPainter, cell: QRect, palette: QPalette) -> None:
        """A ring round the current tile while the grid has the keyboard focus: Tab came
        to the grid and nothing showed it (the selected tile looks the same either way).
        With no tile current, round the one the keys come to, unselected."""
        painter.save()
        pen = QPen(palette.color(QPalette.ColorRole.Highlight), _FOCUS_PEN)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        ring = QRectF(cell).adjusted(*(_FOCUS_PEN / 2,) * 2, *(-_FOCUS_PEN / 2,) * 2)
        painter.drawRoundedRect(ring, _RADIUS + _INSET, _RADIUS + _INSET)
        painter.restore()

    def _paint_image(
        self,
        painter: QPainter,
        rect: QRect,
        index: AnyIndex,
        snap: Snapshot,
        on_tile: QPalette,
    ) -> None:
        """The thumbnail on a faint backdrop, or words in its place (loading, missing,
        unreadable) in the secondary colour for that backdrop laid over the tile
        (``on_tile``'s base); the backdrop alone for a tile a Delete is taking out, whose
        thumbnail is not read (``ThumbnailCache.get``): "Loading…" would never end."""
        backdrop = on_tile.color(QPalette.ColorRole.Mid)
        backdrop.setAlpha(60)
        self._rounded(painter, rect, backdrop)
        pixmap = self.model.thumbnails.get(snap, _thumbnail_ratio(painter, rect.width()))
        if pixmap is None or pixmap.isNull():
            text = self._image_words(snap)
            if not text:
                return
            behind = mix(on_tile.color(QPalette.ColorRole.Base), backdrop, backdrop.alphaF())
            painter.setPen(secondary_on(on_tile, behind))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
            return
        # Made at the screen's pixels: on a device pixel, it is drawn one for one.
        target = on_device_pixels(painter, _fitted(pixmap, QRectF(rect)))
        clip = QPainterPath()
        clip.addRoundedRect(target, 4.0, 4.0)
        painter.save()
        painter.setClipPath(clip)
        if pixmap.hasAlphaChannel():
            # Over the checkerboard, as the preview, the full view and the Upload tab draw
            # it: on the tile's backdrop a fully transparent artwork's tile looked empty,
            # as if its picture had not loaded, and a sticker's edges could not be seen.
            painter.setBrushOrigin(target.topLeft())
            painter.fillRect(target, checkerboard())
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawPixmap(target, pixmap, QRectF(pixmap.rect()))
        painter.restore()

    def _image_words(self, snap: Snapshot) -> str:
        """What a tile says in place of its picture: missing (gone), unreadable (there,
        but damaged or cut short: before, it said "Image missing" of a file that was
        there), or loading; nothing while a Delete takes it out."""
        if trouble := self.model.image_trouble(snap):
            return trouble
        if snap.id in self.model.bridge.deleting:
            return ""
        return self.tr("Loading…")

    def _paint_placeholder(
        self,
        painter: QPainter,
        rect: QRect,
        index: AnyIndex,
        snap: Snapshot,
        palette: QPalette,
    ) -> None:
        """A job without a picture: its state's word in the state's colour, on a faint wash
        of it over the tile (``palette``'s base, as :func:`_on_tile` makes it), and the
        seconds it has run or why it stopped. The word's colour is taken as far as it must
        go to read on the wash: as it was, the violet of a running job read at 2.6:1 on a
        selected tile, an unknown outcome's yellow at 2.1:1 on the light grid. The wash is
        painted opaque, as it was measured: laid over the tile, it came out a shade off."""
        option_font = QFont(painter.font())
        colour = state_color(snap.state)
        wash = mix(palette.color(QPalette.ColorRole.Base), colour, _WASH)
        self._rounded(painter, rect, wash, colour)
        if self._paint_badge(painter, rect, snap, colour):  # the words stay clear of it
            rect = rect.adjusted(0, 0, 0, -(BADGE_SIDE + _BADGE_GAP))
        title_font = state_word_font(painter.font())
        painter.setFont(title_font)
        painter.setPen(readable_on(colour, (wash,)))
        label = state_label(snap.state)
        pad = _word_padding(title_font, label, rect.width())
        inner = rect.adjusted(pad, _WORD_PADDING, -pad, -_WORD_PADDING)
        metrics = painter.fontMetrics()
        lines, high = _state_word_lines(title_font, label, inner.width())
        head = QRect(inner.x(), inner.center().y() - high - 4, inner.width(), high)
        if snap.state.is_active:
            self._paint_state_word(painter, head, label, lines)
            seconds = index.data(LibraryModel.ElapsedRole) or 0.0
            waits = index.data(LibraryModel.OtherModeRole)
            painter.setFont(option_font)
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            below = QRect(inner.x(), head.bottom() + 6, inner.width(), metrics.height())
            painter.drawText(
                below,
                Qt.AlignmentFlag.AlignCenter,
                waits or self.tr("{0} s").format(int(seconds)),
            )
            engine = self.model.bridge.session.engine
            held_up = "" if waits else waiting_reason(snap, engine)  # nothing tries it here
            self._paint_small_text(painter, held_up, inner, below.bottom())
            return
        error = self.model.error_text(snap, brief=True)
        if not error:
            self._paint_state_word(painter, inner, label, lines)
            return
        head.moveTop(inner.y() + 8)
        self._paint_state_word(painter, head, label, lines)
        painter.setFont(option_font)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        self._paint_small_text(painter, error, inner, head.bottom())

    def _paint_badge(self, painter: QPainter, rect: QRect, snap: Snapshot, pen: QColor) -> bool:
        """The reference of an edit without a picture, small, in the foot of ``rect``: two
        edits of one prompt read alike otherwise. Whether there is one (drawn once made):
        a reference that cannot be read (deleted since) leaves the words their room."""
        path = reference_of(snap)
        if not path:
            return False
        badge = self.badges.get(path, device_ratio(painter))
        if badge is not None and badge.isNull():
            return False
        if badge is not None:
            size = badge.deviceIndependentSize()
            spot = QRectF(0, 0, size.width(), size.height())
            spot.moveCenter(QPointF(rect.center().x(), rect.bottom() - _BADGE_GAP - BADGE_SIDE / 2))
            painter.drawPixmap(spot.topLeft(), badge)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(spot)
        return True

    @staticmethod
    def _paint_state_word(painter: QPainter, rect: QRect, label: str, lines: int) -> None:
        """``label`` centred in ``rect`` on ``lines`` lines (:func:`_state_word_lines`), in
        the painter's font made smaller where it is still wider than the tile
        (:func:`fitted_font`): at 24 pt "Generating" was cut on both sides to "enerati".
        Fitted to the width alone (:func:`_word_room`)."""
        flags = _word_flags(lines)
        font = painter.font()
        room = _word_room(QRectF(rect), font, lines)
        painter.setFont(fitted_font(font, label, room, flags))
        painter.drawText(rect, flags, label)

    @staticmethod
    def _paint_small_text(painter: QPainter, text: str, inner: QRect, top: int) -> None:
        """``text`` (why a job stopped or waits) in a smaller font, wrapped below ``top``."""
        if not text:
            return
        small = small_print(painter.font())
        painter.setFont(small)
        body = QRect(inner.x(), top + 8, inner.width(), inner.bottom() - top - 8)
        painter.drawText(
            body,
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
            _elide_lines(painter, text, body),
        )

    @staticmethod
    def _paint_star(painter: QPainter, rect: QRect) -> None:
        badge = QRect(rect.right() - _STAR_LEFT, rect.y() + 6, 22, 22)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(STAR_DISC))
        painter.drawEllipse(badge)
        painter.setPen(QColor(STAR))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, "★")

    def _pill(self, snap: Snapshot, *, elsewhere: bool) -> tuple[str, str, str]:
        """The words of a published tile's pill, its shorter words, and its colour's name in
        :data:`BADGES`. ``elsewhere``: in another bucket than the R2 settings name, as the
        preview says: violet, and said (it said "Published", as of one in the bucket
        publishing goes to). An unpublish of it that did not finish
        (:attr:`Snapshot.may_be_gone`): orange, "May be gone", as the preview says; a green
        "Published" beside "May be gone from R2" under the picture told two things."""
        pills = self.pills()
        if elsewhere:
            return pills[0]
        return pills[1] if snap.may_be_gone else pills[2]

    def pills(self) -> tuple[tuple[str, str, str], ...]:
        """Each pill's words, its shorter words and its colour's name (:meth:`_pill`):
        the tiles are made wide enough for the longer words (:func:`tile_shape`)."""
        published = self.tr("Published")
        return (
            (self.tr("Published elsewhere"), self.tr("Elsewhere"), "elsewhere_badge"),
            # Not "May be…" at a large font, which says nothing of the artwork.
            (self.tr("May be gone"), self.tr("Gone?"), "maybe_gone_badge"),
            (published, published, "live_badge"),
        )

    def _paint_published(
        self, painter: QPainter, rect: QRect, pill_words: tuple[str, str, str], *, starred: bool
    ) -> None:
        """A small pill in the top-left corner: this artwork is in the R2 bucket, or what is
        unsure of it (:meth:`_pill`). Green, the Live badge's, opaque: see-through, its
        white words read at 3.5:1 where the picture under it is light. Its shorter words
        where a large font would take the words under the star (``starred``) or past the
        picture: "Published elsewhere" was cut to "Published…", only its colour told it
        from a plain Published. Words still too long are cut short. Ringed
        (:data:`BADGE_EDGE`), as the star's disc is dark: without, a pill on a picture of its
        own colour was not seen."""
        text, short, badge = pill_words
        painter.setFont(pill_font(painter.font()))
        metrics = painter.fontMetrics()
        end = rect.right() - (_STAR_LEFT + 2 if starred else 6)
        room = end - (rect.x() + 6) - _PILL_PADDING
        if metrics.horizontalAdvance(text) > room:
            text = short
        text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
        width = metrics.horizontalAdvance(text) + _PILL_PADDING
        pill = QRect(rect.x() + 6, rect.y() + 6, width, metrics.height() + 6)
        path = QPainterPath()
        path.addRoundedRect(pill, pill.height() / 2, pill.height() / 2)
        painter.fillPath(path, QColor(BADGES[badge]))
        painter.strokePath(path, QPen(QColor(BADGE_EDGE), BADGE_EDGE_WIDTH))
        painter.setPen(QColor("white"))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)

    def caption(self, index: AnyIndex, metrics: QFontMetrics, width: int) -> str:
        """A tile's title line, cut to ``width``: its title, cut after a whole word
        (:func:`cut_to_width`), and of one of several images of one generate its place among
        them, kept whole (:func:`~kontext_studio.ui.batch_place.cut_with_place`): "a
        lighthouse on a… · 2 of 4", or "2 of 4" alone where no word of the title has room
        beside it. The four tiles of Images: 4 read alike, cut before the end of their one
        prompt. The place alone, the title is still in the tile's tooltip, the name a screen
        reader says and the preview's heading."""
        title = str(index.data(LibraryModel.TitleRole))
        place = str(index.data(LibraryModel.PlaceRole) or "")
        if place:
            return cut_with_place(metrics, title, place, width)
        cut = cut_to_width(metrics, title, width)
        return isolated(cut) if in_its_direction(title) != title else cut

    def _paint_text(
        self,
        painter: QPainter,
        tile: QRect,
        image_rect: QRect,
        index: AnyIndex,
        snap: Snapshot,
        palette: QPalette,
    ) -> None:
        metrics = painter.fontMetrics()
        x, width = tile.x() + _MARGIN, tile.width() - 2 * _MARGIN
        title_rect = QRect(x, image_rect.bottom() + _TEXT_GAP, width, metrics.height())
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.drawText(
            title_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self.caption(index, metrics, width),
        )
        top = title_rect.bottom() + 2
        if snap.state is JobState.COMPLETED and index.data(LibraryModel.PublishFailedRole):
            painter.setPen(readable(state_color(JobState.FAILED), palette))
        elif snap.state is JobState.COMPLETED:
            painter.setPen(secondary_color(palette))
        else:
            painter.setPen(readable(state_color(snap.state), palette))
        status = str(index.data(LibraryModel.StatusRole))
        most = self._drawn().status_lines
        for line in status_lines(status, metrics, width, most):
            status_rect = QRect(x, top, width, metrics.height())
            painter.drawText(
                status_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line
            )
            top += metrics.height()


def _thumbnail_ratio(painter: QPainter, side: int) -> float:
    """The device pixel ratio to make a thumbnail at for a picture ``side`` square: a tile's
    larger picture at a large font (:func:`tile_shape`) has its thumbnail made at as many
    more pixels, not stretched; in steps of a quarter of :data:`THUMBNAIL_SIDE`, so that a
    window made taller bit by bit does not have one made at each size it goes through."""
    steps = math.ceil(side / THUMBNAIL_SIDE * _THUMBNAIL_STEPS) / _THUMBNAIL_STEPS
    return device_ratio(painter) * max(steps, 1.0)


def _word_padding(font: QFont, label: str, side: int) -> int:
    """The room either side of a placeholder's state word ``label`` in ``font``, in a
    picture ``side`` wide: :data:`_WORD_PADDING`, less where the longest word of it needs
    it. In a 1024 px screen's library at 24 pt, "Downloading" lacked 2 px of it and was
    drawn a step smaller."""
    metrics = QFontMetricsF(font)
    word = math.ceil(max(metrics.horizontalAdvance(part) for part in label.split() or [""]))
    return max(min(_WORD_PADDING, (side - word) // 2), _LEAST_WORD_PADDING)


def _word_flags(lines: int) -> int:
    """How a state word on ``lines`` lines is laid out: centred, broken at its spaces when
    it takes two."""
    wrap = Qt.TextFlag.TextWordWrap.value if lines > 1 else 0
    return Qt.AlignmentFlag.AlignCenter.value | wrap


def _state_word_lines(font: QFont, label: str, width: int) -> tuple[int, int]:
    """How many lines a placeholder's state word ``label`` takes in ``font`` across
    ``width``, and their height: one where it fits a step smaller at the most (at the
    default font "Outcome unknown" is a pixel too wide, and drawn so, as it was), else two
    broken at its spaces where they fit ("Outcome" over "unknown" at 24 pt, at its full
    size), else one, made smaller as it is painted."""
    one = (1, QFontMetrics(font).height())
    nearly = QFontMetricsF(scaled_font(font, SHRINK))
    if nearly.horizontalAdvance(label) <= width or " " not in label.strip():
        return one
    room = _word_room(QRectF(0, 0, width, 0), font, 2)
    needed = QFontMetricsF(font).boundingRect(room, _word_flags(2), label).size()
    fits = needed.width() <= width and needed.height() <= room.height()
    return (2, math.ceil(needed.height())) if fits else one


def _word_room(rect: QRectF, font: QFont, lines: int) -> QRectF:
    """``rect``, as high as a state word on ``lines`` lines may take in ``font``: half a line
    more, as two lines laid out take a fraction more than two lines' height, and a word
    fitted to a room one line high was found a fraction too high, and every word shrunk."""
    return QRectF(rect.x(), rect.y(), rect.width(), (lines + 0.5) * QFontMetricsF(font).height())


def _middle(cell: QRect, width: int) -> QRect:
    """The part ``width`` wide in the middle of ``cell`` (all of it, when narrower): a
    tile's place in a cell the spread columns made wider (:meth:`TileView.spread`)."""
    room = max(cell.width() - width, 0)
    return cell.adjusted(room // 2, 0, room // 2 - room, 0)


def _tile_fill(palette: QPalette, state: QStyle.StateFlag) -> QColor:
    """A tile's tint: the highlight, strong on a selected tile, faint under the pointer;
    transparent on any other."""
    fill = palette.color(QPalette.ColorRole.Highlight)
    if state & QStyle.StateFlag.State_Selected:
        fill.setAlpha(70)
    elif state & QStyle.StateFlag.State_MouseOver:
        fill.setAlpha(25)
    else:
        fill.setAlpha(0)
    return fill


def _on_tile(palette: QPalette, fill: QColor) -> QPalette:
    """``palette`` with the tile's colour (``fill`` laid over the grid's base) as its window
    and base, for the words under the picture to read on: the selected tile's tint makes
    the base darker, and the light palette's grey size line, 4.6:1 on the window, read at
    3.9:1 on it."""
    tile = mix(palette.color(QPalette.ColorRole.Base), fill, fill.alphaF())
    behind = QPalette(palette)
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        behind.setColor(role, tile)
    return behind


def _fitted(pixmap: QPixmap, rect: QRectF) -> QRectF:
    """Where ``pixmap`` goes: as large as fits ``rect``, centred."""
    size = pixmap.deviceIndependentSize().scaled(rect.size(), Qt.AspectRatioMode.KeepAspectRatio)
    fitted = QRectF(QPointF(0, 0), size)
    fitted.moveCenter(rect.center())
    return fitted


def _elide_lines(painter: QPainter, text: str, rect: QRect) -> str:
    """``text`` cut to fit ``rect`` word-wrapped, after its last whole word with "…"
    (:func:`cut_to_height`): cut at the last letter with room, a reason read "flagged by
    it…"."""
    return cut_to_height(painter.fontMetrics(), text, rect.width(), rect.height())


_NAVIGATION_KEYS = frozenset(
    {
        Qt.Key.Key_Up,
        Qt.Key.Key_Down,
        Qt.Key.Key_Left,
        Qt.Key.Key_Right,
        Qt.Key.Key_Home,
        Qt.Key.Key_End,
        Qt.Key.Key_PageUp,
        Qt.Key.Key_PageDown,
    }
)


_FORWARD_KEYS = frozenset({Qt.Key.Key_Down, Qt.Key.Key_Right, Qt.Key.Key_PageDown})
"""The moves towards the end of the library, which may reach the end of the rows loaded."""


def _copy(event: QKeyEvent) -> QKeyEvent:
    """A key press to make later: Qt reuses the one it handed over."""
    return QKeyEvent(event.type(), event.key(), event.modifiers(), event.text())


def _presses(event: QKeyEvent, action: QAction) -> bool:
    """Whether ``event`` is one of ``action``'s keys. A key of the keypad is also the key
    without its keypad modifier, as Qt's shortcuts take it: the keypad's Enter (a Mac's
    fn+Return) is View full screen's "Enter", and opened the full view of one artwork while
    it did nothing with several selected (:meth:`LibraryPanel._greyed_key`)."""
    combination = event.keyCombination()
    plain = QKeyCombination(
        combination.keyboardModifiers() & ~Qt.KeyboardModifier.KeypadModifier, combination.key()
    )
    exact = QKeySequence.SequenceMatch.ExactMatch
    return any(
        QKeySequence(pressed).matches(keys) == exact
        for pressed in (combination, plain)
        for keys in action.shortcuts()
    )


class TileView(QListView):
    """The grid, selecting several tiles and dragging them out as a desktop file or photo
    browser does."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = 0
        """How many times the artist chose a tile (a click, a key that moves or selects, the
        full view's arrows, Home and End: :meth:`LibraryPanel.select_neighbour`,
        :meth:`LibraryPanel.select_end`): a key that waits for the rest of the library
        (End, Ctrl+A, the full view's End) is dropped when it changed meanwhile, as when
        the current tile left the grid (:attr:`departures`). Not the current index: a read
        of the rows again (a new search, another program's write) makes every index new,
        and the key was dropped as if the artist had chosen."""
        self.departures = 0
        """How many times the current tile left the grid (:meth:`LibraryPanel._rows_leaving`):
        no choice of the artist's, but a wait for the rest of the library is dropped as for
        one (:meth:`_moves`). Counted among :attr:`choices`, a Delete of the tile shown, or
        its job ending under the Active filter, as a press of Generate made its job, kept
        that job from being shown (``MainWindow._show_new``)."""
        self.choosing = False
        """Whether a click, drag or key of the artist's is being made (or the full view's
        arrow or Home: :meth:`choosing_now`): a tile made current meanwhile is their choice,
        not one the window selects again (:meth:`LibraryPanel._current_changed`). Not told by
        :attr:`choices`, which a click on a tile already selected counts as the button comes
        up, the tile current already: the window's selecting it again later, as the rows
        were read again, was taken for the artist's click."""
        self.tile = DEFAULT_SHAPE
        """A tile's shape for the font in use (:func:`tile_shape`)."""
        self.drawn = DEFAULT_SHAPE
        """A tile's shape as the tiles are laid out now: :attr:`tile`, narrowed to the
        grid's whole width where that is narrower (:meth:`spread`)."""
        self._held: list[QKeyEvent] = []
        """Moves that reached the end of the rows loaded while the next page is read, in
        the order pressed (:meth:`_move_on`), made once it is in (:meth:`replay_held`)."""
        self._held_at = (0, 0)
        """:meth:`_moves` when they were held: a tile chosen since drops them."""
        self._held_for: Filter | None = None
        """The query they were held in: a search or filter begun since drops them."""
        self.place: int | None = None
        """The artwork whose tile the keys go on from while no tile is current: the one that
        took the place of a tile left unselected as it went (:meth:`moveCursor`)."""
        self.going: set[int] = set()
        """The artworks the Deletes of several are taking out, from the artist's yes (before
        the Delete begins: ``Bridge.deleting`` has them only then) to its end: no key, nor
        the focus, comes to their tiles from nowhere (:meth:`_row_from_nowhere`)."""
        self.keys_come_to: int | None = None
        """While the grid has the keyboard focus with no tile current, the row of the tile
        the keys come to (:meth:`moveCursor`), worked out as the grid is painted: the
        delegate rings it, unselected. Before, nothing in the grid showed the focus (a
        search that hid the tile chosen, a click on the grid's empty space, the tile
        chosen deleted), and the artist could not tell where the keys went."""
        self._ring_from: tuple[int | None, int, int] | None = None
        """What :attr:`_ring_row` was worked out from (:meth:`_ring_inputs`); ``None`` once
        the rows changed since."""
        self._ring_row: int | None = None
        """The row the keys come to from nowhere, as last looked for
        (:meth:`_ringed_from_nowhere`)."""
        self._ring_told: int | None = None
        """The artwork whose ringed tile screen readers were last told the keys are on
        (:meth:`_tell_ring`); ``None`` while none is ringed."""
        self._current_kept = False
        """Whether the next layout scrolls to the current tile, in sight before a resize
        (:meth:`_keep_current_in_sight`)."""

    def set_tile(self, shape: TileShape) -> None:
        """Lay the tiles out in ``shape`` where the grid has room for one."""
        self.tile = shape
        self.spread()

    def spread(self) -> None:
        """As many columns as tiles fit across, sharing the whole width, a tile in the middle
        of each: a tile's width each from the left left the rest of the grid empty on the
        right (150 px of a 1400 px window, 200 px beside the one column of a 1024 px one).
        Worked out for the width Qt lays the tiles out in (the scroll bar's room kept
        whether it shows or not, and a pixel: a row as wide as the rest does not fit), so
        the bar's coming and going changes nothing; a change of the cell lays the tiles out
        on the turn a resize does, not once more. A tile is narrowed to the grid's width, and
        its picture kept low enough for the whole tile to be seen in the grid's height, in a
        grid lower still its words too (:func:`text_scale`). A
        grid with room for two tiles of the default width keeps two columns whatever the
        font (:data:`LEAST_COLUMNS`) where its tiles, narrowed, still show their words whole
        (:attr:`TileShape.least`), a status line broken in two: widened for the words, the
        tiles stood one to a row in the library of a 1400 px window at 20 pt. Narrowed
        further, at 24 pt "Generating · 12 s" was cut to "Generating ·…" in a 540 px one,
        and "Downloading" shrunk."""
        bar = self.style().pixelMetric(
            QStyle.PixelMetric.PM_ScrollBarExtent, None, self.verticalScrollBar()
        )
        width = self.maximumViewportSize().width() - bar - 1
        kept = LEAST_COLUMNS if width >= LEAST_COLUMNS * self.tile.least else 1
        columns = max(width // max(self.tile.width, 1), kept, 1)
        across = max(width // columns, TILE.width())
        lines = self.tile.within(across, self.tile.side).status_lines
        height = self.maximumViewportSize().height()
        text = text_scale(self.font(), height, lines)
        metrics = QFontMetrics(scaled_font(self.font(), text))
        room = picture_room(height, metrics, lines)
        self.drawn = self.tile.within(across, room, text)
        cell = QSize(across, tile_height(self.drawn.side, metrics, lines))
        before = self.gridSize()
        if cell != before:
            self.setGridSize(cell)
            if 0 < before.height() != cell.height():
                self._keep_rows_shown(before.height(), cell.height())

    def _keep_rows_shown(self, was: int, now: int) -> None:
        """The rows of tiles shown before their cells' height changed from ``was`` to ``now``
        (:meth:`spread`: their pictures follow the grid's height at a large font) shown still:
        scrolled down, the library made 20 px taller showed artworks two rows further on, and
        many more rows on in a long library. The tiles are laid out now, for the scroll bar's
        new range, once: the layout the resize asked for is that one."""
        bar = self.verticalScrollBar()
        if bar.value() == 0:
            return
        value = round(bar.value() * now / was)
        self.executeDelayedItemsLayout()
        bar.setValue(value)

    def indexAt(self, point: QPoint) -> QModelIndex:
        """The tile at ``point``; none in the room a spread cell has either side of its tile
        (:meth:`spread`), the window's background to the eye and empty space as under the
        last tile: a click there selected the tile 40 px away, the pointer there lit it."""
        index = super().indexAt(point)
        tile = _middle(self.visualRect(index), self.drawn.width)
        if index.isValid() and not tile.contains(point):
            return QModelIndex()
        return index

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """With no tile current, a key (or a Tab into the grid) comes to the tile in the
        place the artist was (:attr:`place`), as one of theirs that left the grid leaves it:
        Qt starts from the library's first tile, and a Right pressed after a tile clicked as
        its Delete took it went there, the grid scrolled back from the 2 000th. Home and End
        still go to the first tile and the last: they went to that place too (Qt's own way,
        to the first), and End then Up ended a row above the middle of the grid."""
        model = self.model()
        if not self.currentIndex().isValid() and isinstance(model, LibraryModel):
            row = self._row_from_nowhere(model, cursorAction)
            return QModelIndex() if row is None else model.index(row)
        return super().moveCursor(cursorAction, modifiers)

    def _row_from_nowhere(
        self, model: LibraryModel, cursorAction: QAbstractItemView.CursorAction
    ) -> int | None:
        """The row a key comes to with no tile current (:meth:`moveCursor`), and the focus
        coming back to the grid (Qt makes it current then): End, the last; Home, or with no
        :attr:`place` loaded, the first; else the place. Not a tile a Delete is taking out:
        the nearest one from there that stays, after it, else before it (End: above it);
        ``None`` when none does. Before, a Delete of every tile shown (Ctrl+A, Delete) left
        none current, the grid got the focus back as its question closed, and the first of
        them was made current: the preview showed each artwork on its way out, one after
        the other. Looked for after the place alone, the keys did nothing while a Delete
        of the last tiles ran (the place one of them), the tiles above it staying."""
        going = self.going.union(model.bridge.deleting)
        rows = model.rowCount()
        end = cursorAction == QAbstractItemView.CursorAction.MoveEnd
        place = None
        if self.place is not None and not end:
            place = model.row_of(self.place)
        if cursorAction == QAbstractItemView.CursorAction.MoveHome or place is None:
            place = 0
        after = range(rows - 1, -1, -1) if end else range(place, rows)
        order = itertools.chain(after, range(place - 1, -1, -1))  # End: none before row 0
        return next((row for row in order if model.snapshot(row).id not in going), None)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        self._ring_from = None
        if model is None:
            return
        for told in (model.rowsInserted, model.rowsMoved, model.modelReset, model.layoutChanged):
            told.connect(self._rows_changed)
        model.rowsRemoved.connect(self._rows_removed)
        if isinstance(model, LibraryModel):
            model.bridge.deleting_changed.connect(self._deletes_changed)

    def paintEvent(self, event: QPaintEvent) -> None:
        self.keys_come_to = self._ringed_from_nowhere()
        self._tell_ring()
        super().paintEvent(event)

    def _tell_ring(self) -> None:
        """Tell screen readers the keys are on the ringed tile (:attr:`keys_come_to`), once
        for each tile ringed, as Qt tells them of a current tile. No tile is current there
        (the one shown, selected: the ring's is neither), so they heard "Artworks, list"
        alone and nothing of where the keys were. Told as the ring is worked out, which is
        as the grid is painted."""
        model = self.model()
        row = self.keys_come_to
        ringed = (
            model.snapshot(row).id if row is not None and isinstance(model, LibraryModel) else None
        )
        if ringed == self._ring_told:
            return
        self._ring_told = ringed
        if ringed is None or row is None:
            return
        event = QAccessibleEvent(self, QAccessible.Event.Focus)
        event.setChild(row)  # a list's children are its rows' items, in order
        QAccessible.updateAccessibility(event)

    def _ringed_from_nowhere(self) -> int | None:
        """:attr:`keys_come_to`, as the grid is painted now: looked for again only when what
        it depends on changed (:meth:`_ring_inputs`). Looked for at each paint, with every
        tile going (Ctrl+A, Delete of 10 000), each paint (a hover's too) went through all
        of them to find none: ~12 ms, more than the paint itself."""
        inputs = self._ring_inputs()
        model = self.model()
        if inputs is None or not isinstance(model, LibraryModel):
            return None
        if inputs != self._ring_from:
            self._ring_from = inputs
            self._ring_row = self._row_from_nowhere(model, QAbstractItemView.CursorAction.MoveNext)
        return self._ring_row

    def _ring_inputs(self) -> tuple[int | None, int, int] | None:
        """What the tile the keys come to from nowhere depends on besides the rows
        (:meth:`_rows_changed`): the :attr:`place`, and the tiles Deletes take out, told
        by how many (a Delete adds its own as it begins and takes them away as it ends);
        ``None`` while no tile is ringed: a tile is current, or the keys are elsewhere."""
        model = self.model()
        focused = self.hasFocus() or self.viewport().hasFocus()  # as Qt's own, for the current
        if not focused or self.currentIndex().isValid() or not isinstance(model, LibraryModel):
            return None
        return (self.place, len(self.going), len(model.bridge.deleting))

    def _rows_changed(self, *_: object) -> None:
        """Rows came, went or were read again: the tile the keys come to is looked for
        again as Qt paints the grid anew."""
        self._ring_from = None

    def _rows_removed(self, *_: object) -> None:
        """Rows went: as :meth:`_rows_changed`, unless no tile was to be ringed (every one
        going), which the rows left cannot change. A Delete of every tile takes them out
        a run at a time, and each run went through all those left."""
        if self._ring_row is not None:
            self._rows_changed()

    def _deletes_changed(self) -> None:
        """A Delete began or ended: the grid is painted again where that moves the ring. A
        Delete of every tile stopped by a busy library left the keys coming to the first
        tile it left, and no ring round it (the tiles it left are not painted again).
        Not at each artwork deleted, which changes nothing of it."""
        inputs = self._ring_inputs()
        if inputs is not None and inputs != self._ring_from:
            self.viewport().update()

    def currentChanged(self, current: AnyIndex, previous: AnyIndex) -> None:
        """Qt repaints the tiles of ``previous`` and ``current`` alone: the one the keys
        come to with none current (:attr:`keys_come_to`) is painted again as that changes."""
        super().currentChanged(current, previous)
        if not (current.isValid() and previous.isValid()):
            self.viewport().update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        # In the grid's old size, the tiles still where they were (the viewport has its new).
        # Wholly: one the artist had scrolled partly out of sight was scrolled back whole by
        # a banner coming or going.
        current = self.currentIndex()
        shrunk = event.oldSize() - event.size()
        before = self.viewport().rect().adjusted(0, 0, shrunk.width(), shrunk.height())
        in_sight = current.isValid() and before.contains(self.visualRect(current))
        super().resizeEvent(event)  # Qt puts the layout off by 100 ms while a drag goes on
        self.spread()  # and the new cell waits for it: a layout of its own came at once
        if in_sight:
            self._keep_current_in_sight(event)

    def _keep_current_in_sight(self, event: QResizeEvent) -> None:
        """The current tile, wholly in sight before the grid was resized, kept in sight: the
        window un-maximised left it partly or wholly below the grid's edge, fewer columns
        moving it rows down and the grid lower. Scrolled to now when only the height
        changed (the tiles stay where they are), else once Qt lays them out again
        (:meth:`doItemsLayout`)."""
        if event.size().width() == event.oldSize().width():
            self.scrollTo(self.currentIndex())
        else:
            self._current_kept = True

    def doItemsLayout(self) -> None:
        super().doItemsLayout()
        if self._current_kept:
            self._current_kept = False
            if self.currentIndex().isValid():
                self.scrollTo(self.currentIndex())

    def selectAll(self) -> None:
        """Every tile, as one range. Qt's own walks the rows for hidden ones (the grid hides
        none), asking the model how many rows it has at each: 10 000 times at Ctrl+A."""
        model = self.model()
        if self.selectionMode() != QAbstractItemView.SelectionMode.ExtendedSelection:
            super().selectAll()
        elif model is not None and (rows := model.rowCount()):
            every = QItemSelection(model.index(0, 0), model.index(rows - 1, 0))
            self.selectionModel().select(every, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def selected_rows(self) -> list[int]:
        """The rows selected, in the grid's order, read from the selection's ranges (one
        for Ctrl+A): ``selectedIndexes`` makes an index of each row and asks the model for
        its flags, ~30 ms for 3 000 selected, and a change of them asked several times."""
        selection = self.selectionModel().selection()
        rows: set[int] = set()
        for part in (selection.at(n) for n in range(selection.count())):
            rows.update(range(part.top(), part.bottom() + 1))
        return sorted(rows)

    def startDrag(self, supportedActions: Qt.DropAction) -> None:
        """The tile pressed, or the tiles selected when it is one of them, dragged out of
        the window as their image files (``LibraryModel.mimeData``; those without one stay),
        the one pressed first: the reference slot takes the first. A copy alone, whatever
        ``supportedActions`` says and whatever a target answers: nothing is done with the
        answer (Qt's own drag removes the rows of one a target answers as a move). Its
        picture is the first one's thumbnail (:meth:`_drag_picture`), where Qt's paints
        every selected tile in sight. A drag lasts as long as the button is held, and
        chooses no tile (:attr:`choosing`)."""
        model = self.model()
        if not isinstance(model, LibraryModel):
            return
        rows = self.selected_rows()
        pressed = self.currentIndex().row()
        if pressed in rows:
            rows.remove(pressed)
            rows.insert(0, pressed)
        snaps = model.dragged([model.index(row) for row in rows])
        mime = model.drag_data(snaps)
        if mime is None:
            return
        drag = QDrag(self)
        drag.setMimeData(mime)
        picture = self._drag_picture(model, snaps)
        if picture is not None:
            drag.setPixmap(picture)
            size = picture.deviceIndependentSize()
            drag.setHotSpot(QPoint(round(size.width() / 2), round(size.height() / 2)))
        before, self.choosing = self.choosing, False
        try:
            drag.exec(Qt.DropAction.CopyAction, Qt.DropAction.CopyAction)
        finally:
            self.choosing = before

    def _drag_picture(self, model: LibraryModel, snaps: Sequence[Snapshot]) -> QPixmap | None:
        """Under the pointer as ``snaps`` are dragged: the first one's thumbnail as the cache
        holds it (none while it is still being made: nothing is decoded for a drag), and on
        it, when several go, how many."""
        thumbnail = model.thumbnails.get(snaps[0])
        if thumbnail is None or thumbnail.isNull() or len(snaps) == 1:
            return thumbnail
        picture = QPixmap(thumbnail)
        painter = QPainter(picture)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        count = grouped(len(snaps))
        metrics = painter.fontMetrics()
        height = metrics.height() + 6
        width = max(metrics.horizontalAdvance(count) + 12, height)
        right = round(picture.deviceIndependentSize().width())
        badge = QRect(right - width - 4, 4, width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.palette().color(QPalette.ColorRole.Highlight))
        painter.drawRoundedRect(badge, height / 2, height / 2)
        painter.setPen(self.palette().color(QPalette.ColorRole.HighlightedText))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, count)
        painter.end()
        return picture

    def visualRegionForSelection(self, selection: QItemSelection) -> QRegion:
        """The tiles in sight among ``selection``: what a change of the selection repaints.
        Qt's own, for a grid that wraps, works out the place of every tile selected, asking
        the model for an index of each: Ctrl+A of 10 000 asked it 40 000 times, ~50 ms of a
        frozen window, and the click after it that selected one tile alone as many."""
        model = self.model()
        region = QRegion()
        if model is None:
            return region
        first, last = self._rows_in_sight(model)
        for part in (selection.at(n) for n in range(selection.count())):
            if part.isValid():
                for row in range(max(part.top(), first), min(part.bottom(), last) + 1):
                    region += self.visualRect(model.index(row, 0))
        return region

    def _rows_in_sight(self, model: QAbstractItemModel) -> tuple[int, int]:
        """The first and the last row whose tile the viewport shows some of (the tiles are
        laid out in the rows' order, line after line); ``last`` is before ``first`` when it
        shows none."""
        rows = range(model.rowCount())
        height = self.viewport().height()

        def top(row: int) -> int:
            return self.visualRect(model.index(row, 0)).top()

        def bottom(row: int) -> int:
            return self.visualRect(model.index(row, 0)).bottom()

        first = bisect.bisect_left(rows, 0, key=bottom)
        return first, bisect.bisect_left(rows, height, key=top) - 1

    def selectionCommand(
        self, index: AnyIndex, event: QEvent | None = None
    ) -> QItemSelectionModel.SelectionFlag:
        """Ctrl (Cmd) with an arrow key moves and selects as the arrow key alone does
        (Ctrl+Shift as Shift): the list's own way moved the focus to a tile it left
        unselected, and the preview would show one artwork while Delete acted on others.
        Ctrl+click, Shift+click and Shift+arrows select several."""
        if event is not None:  # the artist's click or key; without one, code's choice
            self.chosen()
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in _NAVIGATION_KEYS
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            event = QKeyEvent(
                QEvent.Type.KeyPress,
                event.key(),
                event.modifiers() & ~Qt.KeyboardModifier.ControlModifier,
            )
        return super().selectionCommand(index, event)

    @contextlib.contextmanager
    def choosing_now(self) -> Iterator[None]:
        """Inside, the artist chooses (:attr:`choosing`)."""
        before, self.choosing = self.choosing, True
        try:
            yield
        finally:
            self.choosing = before

    def mousePressEvent(self, event: QMouseEvent) -> None:
        with self.choosing_now():
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        with self.choosing_now():
            super().mouseMoveEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """End (Shift+End: selecting up to it) goes to the library's last artwork, not the
        last of the pages read so far: those not read yet are read first, as for Ctrl+A and
        the full view's End. Before, End in a library of 3 000 stopped at the 300th tile,
        then at the 600th, as if the library ended there. A tile chosen while the rest is
        read is the artist's: the End is dropped, as the full view's is."""
        with self.choosing_now():
            self._key_pressed(event)

    def _key_pressed(self, event: QKeyEvent) -> None:
        model = self.model()
        if not isinstance(model, LibraryModel):
            super().keyPressEvent(event)
        elif event.key() in _NAVIGATION_KEYS and self._holding(model):
            self._held.append(_copy(event))  # made after the moves held, in order
        elif event.key() == Qt.Key.Key_End and model.more_to_read:
            self.chosen()  # when pressed, as the full view's End: made later, if at all
            self.when_all_read(partial(super().keyPressEvent, _copy(event)))
        elif event.key() in _FORWARD_KEYS:
            self._move_on(model, event)
        elif event.key() == Qt.Key.Key_Space and not self.currentIndex().isValid():
            self._choose_ringed()
        else:
            super().keyPressEvent(event)

    def _choose_ringed(self) -> None:
        """Space (Ctrl+Space too) with no tile current: the tile the keys come to, ringed
        (:attr:`keys_come_to`), is selected and shown, as Space selects the current item
        of a Qt list. Qt's own did nothing there: there is no current item to select (and
        none is selected, else one would be current: ``LibraryPanel._keep_current_selected``)."""
        index = self.ringed()
        if not index.isValid():
            return
        self.chosen()
        self.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.scrollTo(index)

    def ringed(self) -> QModelIndex:
        """The tile the keys come to with none current (:attr:`keys_come_to`, ringed while
        the grid has the focus), which Space and Shift+F10 act on there; invalid when a tile
        is current, or none is to come to."""
        model = self.model()
        if self.currentIndex().isValid() or not isinstance(model, LibraryModel):
            return QModelIndex()
        row = self._row_from_nowhere(model, QAbstractItemView.CursorAction.MoveNext)
        return QModelIndex() if row is None else model.index(row)

    def _move_on(self, model: LibraryModel, event: QKeyEvent) -> None:
        """Down, Right or Page Down (Shift or Ctrl with them too): near the end of the rows
        loaded the next page is read ahead (:meth:`LibraryModel.read_ahead`); a move that
        reaches their end while more are to read is held until the page is in
        (:meth:`replay_held`), and so is every move pressed after it meanwhile, in order
        (:meth:`_holding`). Before, the page was read only once the grid scrolled to its
        end, and the moves pressed while it was read were dropped: Shift+Down held from the
        first tile of 10 000 stopped at the 300th. Nothing waits for the read on the GUI
        thread. A move held is the artist's choice as it is pressed (:meth:`chosen`), as
        one made at once is: a new job made while it waited was shown, and the move then
        made from its tile."""
        before = self.currentIndex()
        super().keyPressEvent(event)
        current = self.currentIndex()
        if current.isValid():
            model.read_ahead(current.row())
        if current == before and model.more_to_read:
            model.fetchMore()  # (else rows are being read: their page, or all read again)
            if model.reading:
                self.chosen()
                self._held, self._held_at = [_copy(event)], self._moves()
                self._held_for = model.filter

    def _holding(self, model: LibraryModel) -> bool:
        """Whether moves are held for the next page (:meth:`_move_on`): then every move or
        jump pressed meanwhile (Up, Home, End too) is held after them, to be made in the
        order pressed. Before, an Up was made at once, from where the grid stood, and the
        Downs held were dropped: three Downs and an Up ended a row up, not two down. Held
        moves no longer the artist's to make (:meth:`_still_held`), or whose read failed,
        are dropped here."""
        if not self._held:
            return False
        if model.reading and self._still_held(model):
            return True
        self._held = []
        return False

    def _still_held(self, model: LibraryModel) -> bool:
        """Whether the held moves are still the artist's to make: no tile chosen (nor the
        current one gone), no other search or filter begun, since they were held."""
        return self._held_at == self._moves() and self._held_for == model.filter

    def replay_held(self) -> None:
        """Rows the held moves wait for are in (:meth:`_move_on`): a later page, or the
        rows read again after another program's write. The moves are made, in the order
        pressed, unless the artist chose otherwise meanwhile (:meth:`_still_held`)."""
        model = self.model()
        held, self._held = self._held, []
        if held and isinstance(model, LibraryModel) and self._still_held(model):
            for event in held:
                self.keyPressEvent(event)

    def drop_held(self) -> None:
        """The rows the held moves wait for will not come (their read failed): they are
        dropped, not made at some later page, from wherever the artist is then. The keys
        held after them that need no later page (Up, Home: :meth:`_holding`) are made
        now, in order, from where the grid stands: a Home pressed behind a Down was lost
        with it. An End among them reads the rest of the library anew, as one pressed
        after the failed read does."""
        held, self._held = self._held, []
        model = self.model()
        if held and isinstance(model, LibraryModel) and self._still_held(model):
            for event in held:
                if event.key() not in _FORWARD_KEYS:
                    self.keyPressEvent(event)

    def let_go_held(self) -> None:
        """The window selected another tile (:meth:`LibraryPanel.select_job`): the moves held
        for the next page (:meth:`_move_on`) are dropped, not made from that tile once the
        page comes: a Down held as Ctrl+Enter's new job was shown selected the tile after
        the new job."""
        self._held = []

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """The artist went elsewhere (the search field, a menu, a question, another
        window): the moves held for the next page (:meth:`_move_on`) are dropped. Before,
        they were made once it came, the grid and the preview moving under the search
        being typed."""
        self._held = []
        super().focusOutEvent(event)

    def chosen(self) -> None:
        """The artist chose a tile (:attr:`choices`): a wait for the rest of the library
        (:meth:`when_all_read`) is dropped."""
        self.choices += 1

    def current_left(self) -> None:
        """The current tile left the grid (:attr:`departures`): a wait for the rest of the
        library is dropped, as for a choice."""
        self.departures += 1

    def _moves(self) -> tuple[int, int]:
        """What a wait for the rest of the library, or moves held for a page, are dropped
        at a change of: the artist's :attr:`choices` and the current tile's
        :attr:`departures`."""
        return self.choices, self.departures

    def when_all_read(self, then: Callable[[], None]) -> None:
        """Read every row of the query not read yet (:meth:`LibraryModel.fetch_all`), then
        call ``then`` (End from the tile it was pressed on, Ctrl+A's select all, the full
        view's End: :meth:`LibraryPanel.select_end`): unless the artist chose a tile
        meanwhile (:attr:`choices`), which the read must not overrule, or the current one
        left the grid (:attr:`departures`). Moves held for the next page (:meth:`_move_on`)
        are dropped: pressed before, they are overruled by it. Before, a Down held so, made
        once the page was in, chose its tile alone and had a Ctrl+A pressed after it
        dropped: one selected."""
        self._held = []
        model = self.model()
        if not isinstance(model, LibraryModel):
            then()
            return
        moves = self._moves()

        def read() -> None:
            if moves == self._moves():
                then()

        model.fetch_all(read)


class LibraryPanel(QWidget, StandardDialogs):
    """Search, filter and act on every job. Dialogs go through :meth:`confirm`,
    :meth:`ask_title`, :meth:`ask_save_path` and :meth:`open_folder` so tests can answer them."""

    selection_changed = Signal(object)  # Snapshot | None: the current one
    selected_count_changed = Signal(int)  # how many tiles are selected
    # With several selected, at every change of them: every one (a tuple of Snapshot) and
    # the ids whose image file was found gone, and those whose file was found damaged; once
    # none or one is, an empty tuple.
    several_selected = Signal(object, object, object)
    # The image file, its name for the artist, how it was made when the library knows (a
    # Provenance; None for an artwork made elsewhere, whose file may say), and its job's number.
    use_as_reference = Signal(str, str, object, int)
    reuse_settings = Signal(object)  # Snapshot
    publish_requested = Signal(object)  # Snapshot, as shown
    publish_several_requested = Signal(object)  # list of Snapshots, as shown
    unpublish_requested = Signal(object)  # Snapshot, as shown: asked and confirmed
    republish_offered = Signal(object)  # JobActions.republish_offered
    copy_url_requested = Signal(object)  # Snapshot, as shown
    full_view_requested = Signal(object)  # Snapshot: Enter or double-click on a tile
    notice = Signal(str)  # a done action worth a word in the status bar

    def __init__(
        self,
        bridge: Bridge,
        parent: QWidget | None = None,
        *,
        order: LibraryOrder = LibraryOrder.NEWEST,
    ) -> None:
        """``order``: the Sort choice the library is first read in (the one kept from the
        last start), so that it is read once, not in the default order and then again."""
        super().__init__(parent)
        self._recolour = ChangeFollower(self, self._colour_empty)
        self._refit = ChangeFollower(self, self._fit_font, FONT)
        self.bridge = bridge
        self.model = LibraryModel(bridge, self)
        self.job_actions = JobActions(bridge, self, self)
        self.model.thumbnails.found_there.connect(self._image_there)
        self.deletes_from = bridge  # an Edit details or a Rename open says so
        self.commands: dict[str, QAction] = self.job_actions.actions
        self._shown: Snapshot | None = None
        self._on_their_way = 0  # jobs of a press of Generate not in the library yet
        self._asked = 0
        """How many times the artist asked the library to show other artworks than by
        choosing tiles (:meth:`asked`), counted among :attr:`choices`."""
        self._wanted: int | None = None
        self._restore: int | None = None
        self._grid_when_read = False
        """Return or Down in the search box came before its search's rows: the keys go to
        the tiles once they are in (:meth:`focus_grid`), unless its words change."""
        # The wanted artwork's row as the query shows it, once read (:meth:`_seek_wanted`):
        # how far down the pages to read for it. The id being read meanwhile.
        self._sought: Snapshot | None = None
        self._looking_up: int | None = None
        # The others selected with the current one, kept across a reload (a model reset).
        self._kept: list[int] = []
        # Those to select with the one wanted once the rows being read are in (reveal_jobs).
        self._also: list[int] = []
        # The row the last tile loaded left, while the page that follows it is read.
        self._place_left: int | None = None
        self._selected_count = 0
        # While several are deleted (:meth:`_deleting_several`): the tile shown meanwhile,
        # kept in view as the rows above it go, and the ids still to go.
        self._kept_in_view: int | None = None
        self._leaving: set[int] = set()
        # The tile the artist made current (TileView.choosing) while a Delete of theirs was
        # deleting it: it hands its place to no other as it leaves (:meth:`_rows_leaving`).
        self._chosen_going: int | None = None
        self._handing_over = False
        # The tile shown, taken out as its change sorts it past the pages loaded.
        self._moving_on: int | None = None
        # A query the artist asked for (:meth:`apply_filter`) is shown from its first row;
        # one read again for another program's write keeps the place scrolled to.
        self._from_top = False

        self.search = QLineEdit(self)
        hint = self.tr("Search prompts, titles, tags and descriptions")
        self.search.setPlaceholderText(hint)
        self.search.setToolTip(
            plain_tooltip(hint)
        )  # a narrow library cuts the hint ("Search prompts, ti…")
        clear_button(self.search, self.tr("Clear the search"))
        self.search.setAccessibleName(self.tr("Search the library"))
        PastedIsolates(self.search)
        self._search_given_keys = False
        """Whether the keyboard is in the search box because a Delete emptied the grid, the
        artist not having typed there since: its Ctrl+Z is then the library's, whatever
        typing the box could undo (:meth:`_undo_key_passed`)."""
        # A button as narrow as its sign, its choices in its menu: a choice box beside the
        # search took the state filter's room, and put it on a row of its own in the
        # library of the default window, a row of tiles less.
        self.sort = QToolButton(self)
        self.sort.setText("⇅")
        self.sort.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.sort.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        # Its sign has no letter to mark: the menu is also View ▸ Sort library (Alt+V, L),
        # each choice with a letter of its own.
        self.sort_menu = QMenu(self.tr("Sort &library"), self.sort)
        self.sort_menu.setObjectName("sort_menu")
        orders = QActionGroup(self.sort_menu)
        for choice, label in (
            (LibraryOrder.NEWEST, self.tr("&Newest first")),
            (LibraryOrder.OLDEST, self.tr("&Oldest first")),
            (LibraryOrder.NAME, self.tr("N&ame A→Z")),
            (LibraryOrder.STARRED, self.tr("&Starred first")),
        ):
            action = orders.addAction(label)
            action.setCheckable(True)
            action.setData(choice.value)
            action.setChecked(choice is order)
            self.sort_menu.addAction(action)
        self._sort_actions = orders.actions()
        orders.triggered.connect(self._sort_chosen)
        self.sort.setMenu(self.sort_menu)
        self._say_sort()
        self.state_filter = QComboBox(self)
        labels = {
            "All": self.tr("All"),
            "Active": self.tr("Active"),
            "Completed": self.tr("Completed"),
            "Failed/Timeout/Unknown": self.tr("Failed / timed out / unknown"),
            "Cancelled": self.tr("Cancelled"),
        }
        for name, _states in FILTERS:
            self.state_filter.addItem(labels[name])
        said = self.tr("Which jobs to show")
        self.state_filter.setAccessibleName(said)
        # Linux and macOS name a choice box by its value ("All"), whatever its accessible
        # name, and read the label related to it: one no one sees, as the choices say it.
        self._state_filter_label = QLabel(said, self)
        self._state_filter_label.setBuddy(self.state_filter)
        self._state_filter_label.hide()
        self.starred_only = ToggleButton(self)
        self.starred_only.setText(self.tr("★ Starred"))
        self.starred_only.setToolTip(plain_tooltip(self.tr("Show starred artworks only")))
        self.starred_only.setAccessibleName(spoken(self.starred_only.text()))

        self.view = TileView(self)
        # Said before the tile a screen reader comes to: the tiles alone were named.
        self.view.setAccessibleName(self.tr("Artworks"))
        self.view.setModel(self.model)
        self._delegate = TileDelegate(self.model, self.view)
        self.view.setItemDelegate(self._delegate)
        self.view.setViewMode(QListView.ViewMode.ListMode)
        self.view.setFlow(QListView.Flow.LeftToRight)
        self.view.setWrapping(True)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setUniformItemSizes(True)
        self.fit_tiles()
        self.view.setMovement(QListView.Movement.Static)
        # After the movement, which turns dragging off: a tile pressed and dragged goes out
        # of the window as its image file (TileView.startDrag), as a file manager's does;
        # a drag begun on the grid's empty space selects the tiles it sweeps over, the band
        # it sweeps drawn as it goes (Qt draws none unless told): the artist saw tiles
        # selected with nothing to show what the sweep took in.
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setSelectionRectVisible(True)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.verticalScrollBar().setSingleStep(24)
        self.view.setMouseTracking(True)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.installEventFilter(self)  # a menu asked for by the keyboard: eventFilter
        self.view.addActions(list(self.commands.values()))
        # A greyed action's keys do nothing: with no artwork selected (a click on the grid's
        # empty space) the artwork keys say so, and with one, why (_follow_greyed).
        self._greyed_keys = {
            key: shortcuts.greyed_keys(
                action, self.view, partial(self.job_actions.say_why_greyed, key)
            )
            for key, action in self.commands.items()
            if action.shortcuts()
        }
        self.job_actions.refreshed.connect(self._follow_greyed)
        self._follow_greyed()

        # Why the grid is empty; after a read that failed, with Try again under the words.
        self.empty_page = QWidget(self)
        self.empty = QLabel(self.empty_page)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.try_again = QPushButton(self.tr("Try &again"), self.empty_page)
        self.try_again.setAutoDefault(True)  # Enter clicks it, as Space does
        # In the link's colour, as the link it was (_restyle_links), but not underlined:
        # underlined whole, it hid the one letter its mark underlines (Alt+A).
        self.try_again.setCursor(Qt.CursorShape.PointingHandCursor)
        self.try_again.clicked.connect(self.apply_filter)
        self.try_again.hide()
        empty_layout = QVBoxLayout(self.empty_page)
        empty_layout.setContentsMargins(24, 24, 24, 24)
        empty_layout.addStretch()
        empty_layout.addWidget(self.empty)
        empty_layout.addWidget(self.try_again, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch()
        # What hides artworks, over the grid, with Show all: a filter left on at the last
        # close comes back at start, and the toggle's tint alone did not say so.
        self.filter_bar = QWidget(self)
        self.filter_note = ElidedLabel(self.filter_bar)
        self.show_all = QPushButton(self.tr("Show all"), self.filter_bar)
        self.show_all.setAccessibleName(self.tr("Show all artworks"))
        self.show_all.setAutoDefault(True)  # Enter clicks it, as Space does
        self.show_all.setCursor(Qt.CursorShape.PointingHandCursor)
        underlined = self.show_all.font()
        underlined.setUnderline(True)  # it looks like the link it was, and is a button
        self.show_all.setFont(underlined)
        self.show_all.clicked.connect(self.clear_filters)
        bar_layout = QHBoxLayout(self.filter_bar)
        bar_layout.setContentsMargins(4, 2, 4, 2)
        bar_layout.addWidget(self.filter_note, 1)
        bar_layout.addWidget(self.show_all)
        self.filter_bar.hide()
        # The jobs of a press of Generate not in the library yet, over a grid of others: the
        # empty library said they were coming, and a library with artworks showed nothing
        # new until they were in it, for as long as a disk that stalls held them. Two lines
        # at most, the grid keeping its room for a tile at 24 pt in a narrow pane.
        self.coming = ElidedLabel(self)
        self.coming.setObjectName("comingJobs")
        self.coming.wrap_to(COMING_LINES)
        self.coming.setContentsMargins(4, 2, 4, 2)
        self.coming.hide()
        self._colour_empty()
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.view)
        self.pages.addWidget(self.empty_page)

        self.more = QToolButton(self)
        self.more.setText(self.tr("More ▾"))
        self.more.setAccessibleName(self.tr("More actions"))
        self.more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # The style's own arrow is drawn over the text of a text-only button.
        self.more.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        # Not a job's action: after a network blip, the whole batch KIE never got, at once.
        self.unsent = UnsentJobs(bridge, self)
        more_menu = self._menu(all_actions=True)
        more_menu.addSeparator()
        more_menu.addAction(self.unsent.action)
        self.job_actions.menu_opened(more_menu)  # it acts on what it was opened for
        self.more.setMenu(more_menu)

        # As wide as its current choice needs, not its longest one ("Failed / timed out / …").
        self.state_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.header = QGridLayout()
        self.header.setColumnStretch(0, 1)
        self._header_rows = 0
        self._fit_state_filter()
        # Narrowest until a resize finds room: the first split takes the pane's least width.
        self._arrange_header(HEADER_MOST_ROWS)
        # Every button's action is in More too: in a narrow pane the last ones give way,
        # Enter task ID first (of use for a job whose outcome is unknown alone): added, it
        # pushed Delete into More where the row had room for the others.
        buttons = OverflowRow(self)
        self.buttons: dict[str, QToolButton] = {}
        for index, key in enumerate(_BUTTON_KEYS):
            button = QToolButton(self)
            button.setDefaultAction(self.commands[key])
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self.buttons[key] = button
            buttons.add(button, priority=0 if key == "enter_task_id" else len(_BUTTON_KEYS) - index)
        buttons.add_stretch()
        buttons.add(self.more)
        QWidget.setTabOrder(self.buttons[_BUTTON_KEYS[-1]], self.more)  # More comes last
        # Show all where it is seen, between the filters and the grid it shows in full.
        QWidget.setTabOrder(self.starred_only, self.show_all)
        QWidget.setTabOrder(self.show_all, self.view)
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.addLayout(self.header)
        self._column.addWidget(self.filter_bar)
        self._column.addWidget(self.coming)
        self._column.addWidget(self.pages, 1)
        self._column.addWidget(buttons)

        # The actions of several selected, worked out once for every change that came in one
        # turn of the loop (:meth:`_data_changed`).
        self._actions_due = QTimer(self)
        self._actions_due.setSingleShot(True)
        self._actions_due.setInterval(0)
        self._actions_due.timeout.connect(self._update_actions)
        self.bridge.closing.connect(self._actions_due.stop)
        self._actions_when_told = False
        """Whether the actions of the several selected are to be worked out once the changes
        told over later turns are all told (:meth:`_data_changed`)."""
        self.bridge.told_later.connect(self._all_told)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_filter)
        self.bridge.closing.connect(self._debounce.stop)
        self.search.textChanged.connect(self._debounce.start)
        self.search.textChanged.connect(self._stay_in_search)
        self.search.textEdited.connect(self._typed_in_search)
        self.state_filter.currentIndexChanged.connect(self._fit_state_filter)
        self.state_filter.currentIndexChanged.connect(self.apply_filter)
        self.starred_only.toggled.connect(self.apply_filter)
        for query_chosen in (
            self.search.textEdited,
            self.state_filter.activated,
            self.starred_only.clicked,
            self.show_all.clicked,
        ):
            query_chosen.connect(self.asked)

        self.key_actions = {
            "clear_search": self._key_action(self.search, "clear_search", self._clear_search),
            "search_to_grid": self._key_action(self.search, "search_to_grid", self.focus_grid),
            "actions_menu": self._key_action(self.view, "actions_menu", self._open_actions_menu),
            "select_all": self._key_action(self.view, "select_all", self._select_all),
            # Ctrl+Z while the grid has focus: a text box keeps its own Undo; the search
            # box with no typing to undo gives it to the library (:meth:`_undo_key_passed`).
            "undo": self.job_actions.undo.undo_action,
            "redo": self.job_actions.undo.redo_action,
        }
        self.view.addActions([self.key_actions["undo"], self.key_actions["redo"]])
        self.search.addActions([self.key_actions["undo"], self.key_actions["redo"]])
        self.search.installEventFilter(self)  # Ctrl+Z there: eventFilter
        self.job_actions.undo.say_greyed_in(self.view)
        selection = self.view.selectionModel()
        selection.currentChanged.connect(self._current_changed)
        selection.selectionChanged.connect(self._selected_changed)
        self.view.customContextMenuRequested.connect(self._show_context_menu)
        self.view.doubleClicked.connect(lambda _index: self.commands["full_view"].trigger())
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.reloaded.connect(self._reloaded)
        self.model.dataChanged.connect(self._data_changed)
        self.model.rowsInserted.connect(self._rows_inserted)
        self.model.page_added.connect(self._seek_wanted)
        self.model.page_added.connect(self._page_read)
        self.model.page_added.connect(self.view.replay_held)
        self.model.page_added.connect(self._say_coming)  # the last: "at the end, below"
        self.model.reloaded.connect(self.view.replay_held)  # after _reloaded's selection
        self.model.page_not_read.connect(self.view.drop_held)
        self.model.page_not_read.connect(self._to_grid_if_waited)
        self.model.rows_leaving.connect(self._rows_leaving)
        self.model.rowsRemoved.connect(self._rows_removed)
        self.model.rowsMoved.connect(self._first_tile_changed)
        self.model.dataChanged.connect(self._first_tile_changed)
        self.job_actions.use_as_reference.connect(self.use_as_reference)
        self.job_actions.reuse_settings.connect(self.reuse_settings)
        self.job_actions.publish_requested.connect(self.publish_requested)
        self.job_actions.publish_several_requested.connect(self.publish_several_requested)
        self.job_actions.unpublish_requested.connect(self.unpublish_requested)
        self.job_actions.republish_offered.connect(self.republish_offered)
        self.job_actions.copy_url_requested.connect(self.copy_url_requested)
        self.job_actions.full_view_requested.connect(self.asked)
        self.job_actions.full_view_requested.connect(self.full_view_requested)
        self.job_actions.notice.connect(self.notice)
        self.job_actions.deleting_several.connect(self._deleting_several)
        self.job_actions.deleted_several.connect(self._deleted_several)
        self.job_actions.acting.connect(self._actions_now)
        self.job_actions.brought_back.connect(self.reveal_jobs)
        self.job_actions.undo.notice.connect(self._stepped)
        self.bridge.deleting_changed.connect(self._forget_chosen_going)
        self.view.verticalScrollBar().actionTriggered.connect(self._scrolled_by_artist)
        self.apply_filter()

    # Public API ---------------------------------------------------------------------------

    @property
    def publish_enabled(self) -> bool:
        return self.job_actions.publish_enabled

    @publish_enabled.setter
    def publish_enabled(self, enabled: bool) -> None:
        self.job_actions.set_publish_enabled(enabled)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        self._recolour.hear(event)  # the system's light or dark
        self._refit.hear(event)  # the app's font changed while it runs

    def _fit_font(self) -> None:
        self.fit_tiles()
        self._fit_state_filter()
        self._arrange_header(self._header_rows_fitting())

    def fit_tiles(self) -> None:
        """The tiles' cell for the font in use and the words they say (the window calls it
        again once a publish's words are known), and a view never too narrow for one tile
        beside the room Qt keeps for the scroll bar: a tile that does not fit there is laid
        out on a second line under an empty first one, even when it is the only tile (the
        library at its narrowest in an 800 px window showed a tile's height of nothing
        above its first tile)."""
        pills = (words for words, _, _ in self._delegate.pills())
        lines = self.model.widest_status_lines()
        self.view.set_tile(tile_shape(self.view.font(), lines, pills))
        bar = self.view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self.view)
        self.view.setMinimumWidth(TILE.width() + bar + 1 + 2 * self.view.frameWidth())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange_header(self._header_rows_fitting())

    def _colour_empty(self) -> None:
        """The words of an empty library, and those over the grid that say what hides
        artworks, in the secondary colour for the palette now: the light palette's
        placeholder colour reads at 3.9:1. Try again and Show all in the link colour (made
        to read on the window: ``levels.keep_text_readable``), framed while they have the
        focus."""
        palette = self.palette()
        sheet = f"color: {secondary_color(palette).name()};"
        for label in (self.empty, self.filter_note, self.coming):
            if label.styleSheet() != sheet:
                label.setStyleSheet(sheet)
        link = palette.color(QPalette.ColorRole.Link).name()
        focus = palette.color(QPalette.ColorRole.Highlight).name()
        button = (
            f"QPushButton {{ color: {link}; background: transparent; padding: 1px 4px;"
            " border: 1px solid transparent; border-radius: 3px; }"
            f" QPushButton:focus {{ border-color: {focus}; }}"
        )
        for linked in (self.try_again, self.show_all):
            if linked.styleSheet() != button:
                linked.setStyleSheet(button)

    def _fit_state_filter(self) -> None:
        """The state filter as wide as the choice it shows: at a fixed 9 characters the
        default window showed "Failed / timed ou"."""
        self.state_filter.setMinimumContentsLength(
            self._state_filter_chars(self.state_filter.currentText())
        )

    def _state_filter_chars(self, text: str) -> int:
        """The filter's width for ``text``, in the "X"s Qt counts it in."""
        metrics = self.state_filter.fontMetrics()
        chars = -(-metrics.horizontalAdvance(text) // max(metrics.horizontalAdvance("X"), 1))
        return max(STATE_FILTER_LEAST_CHARS, chars)

    def _header_rows_fitting(self) -> int:
        """The rows the search box, the filter and the Starred toggle take at the pane's
        width: one when the search box keeps :data:`SEARCH_LEAST_CHARS` characters beside
        the other two (in an 800 px window it was left 46 px, "Sear…"); two, the search
        above, when the filter at its narrowest ("All") and Starred fit side by side; else
        three, each on its own (at 24 pt the two side by side kept the library 439 px wide,
        and the window wider than a 1024 px screen). Counted at its widest choice there, the
        filter sent Starred to a third row in the library of an 800 px window at the
        default font, where it had stood beside the filter. The filter counted at a choice
        of its own, not the one shown: the arrangement is the width's alone. At the width of
        the choice shown, choosing "Failed / timed out / unknown" in a library 320 to 420 px
        wide sent the filter just used below the search box, and the tiles a row down, and
        the next choice brought them back up."""
        least = self.search.fontMetrics().averageCharWidth() * SEARCH_LEAST_CHARS
        spacing = max(self.header.horizontalSpacing(), 0)
        starred = spacing + self.starred_only.sizeHint().width()
        sort = spacing + self.sort.sizeHint().width()
        if self.width() >= least + sort + spacing + self._state_filter_width(widest=True) + starred:
            return 1
        if self.width() >= self._state_filter_width(widest=False) + starred:
            return 2
        return HEADER_MOST_ROWS

    def _state_filter_width(self, *, widest: bool) -> int:
        """The filter's width at its widest choice, or at its narrowest."""
        choices = [self.state_filter.itemText(i) for i in range(self.state_filter.count())]
        pick = max if widest else min
        chars = pick(map(self._state_filter_chars, choices), default=STATE_FILTER_LEAST_CHARS)
        x = self.state_filter.fontMetrics().horizontalAdvance("X")
        more = chars - self.state_filter.minimumContentsLength()
        return self.state_filter.sizeHint().width() + more * x

    def _arrange_header(self, rows: int) -> None:
        """Search, sort, filter and Starred on ``rows`` rows: all four on one; the search
        and its sort on a row of their own above the other two; or the filter and Starred
        each on its own, Starred under the filter's right end, where it stood beside it (a
        wide pane spends no height on more rows)."""
        if rows == self._header_rows:
            return
        self._header_rows = rows
        for widget in (self.search, self.sort, self.state_filter, self.starred_only):
            self.header.removeWidget(widget)
        if rows == 1:
            self.header.addWidget(self.search, 0, 0)
            self.header.addWidget(self.sort, 0, 1)
            self.header.addWidget(self.state_filter, 0, 2)
            self.header.addWidget(self.starred_only, 0, 3)
        elif rows == 2:
            self.header.addWidget(self.search, 0, 0, 1, 3)
            self.header.addWidget(self.sort, 0, 3)
            self.header.addWidget(self.state_filter, 1, 0, 1, 3)
            self.header.addWidget(self.starred_only, 1, 3)
        else:
            self.header.addWidget(self.search, 0, 0, 1, 3)
            self.header.addWidget(self.sort, 0, 3)
            self.header.addWidget(self.state_filter, 1, 0, 1, 4)
            self.header.addWidget(self.starred_only, 2, 3)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def focus_grid(self) -> None:
        """Down, Return or Enter in the search box: to the tiles found, on the current one,
        else the first (selected). Tab went through the state filter and the Starred toggle
        first, three presses, and Return did nothing. A search still waiting for the pause
        after typing runs at once, and the keys go to its tiles once they are read: pressed
        as the last word was typed, Down went to the first tile of the search before, which
        the new one then hid. Nothing found: the search box keeps the keys, and what the
        grid's place says is read out (a screen reader's user heard nothing at all)."""
        if self._debounce.isActive():
            self.apply_filter()
        if self.model.reading_query:
            self._grid_when_read = True
            return
        if self.pages.currentWidget() is not self.view:
            if not self.model.read_failed:  # a failed read: its banner says so already
                announce(self.search, self.empty.text(), MessageBanner.INFO)
            return
        if not self.view.currentIndex().isValid() and self.model.rowCount():
            self.view.selectionModel().setCurrentIndex(
                self.model.index(0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _stay_in_search(self) -> None:
        """Typing on after Return, or Esc: the keys stay in the search box when its rows
        come. Esc's clear, not an edit, took them to the tiles of the whole library."""
        self._grid_when_read = False

    def _to_grid_if_waited(self) -> None:
        """The rows of a search Return or Down waited for are in: the keys go to them, if
        the search box still has them."""
        if self._grid_when_read:
            self._grid_when_read = False
            if self.search.hasFocus():
                self.focus_grid()

    def _clear_search(self) -> None:
        """Esc in the search box: the search is cleared, the artist's choice when there
        was one (:meth:`asked`)."""
        if self.search.text():
            self.asked()
        self.search.clear()

    def select_job(self, job_id: int) -> None:
        """Select and show ``job_id``; if it is not loaded yet, as soon as it is. An artwork
        other than the one shown drops the moves held for the next page
        (:meth:`TileView.let_go_held`)."""
        if self._shown is None or self._shown.id != job_id:
            self.view.let_go_held()
        row = self.model.row_of(job_id)
        if row is None:
            self._wanted = job_id
            return
        self._wanted = None
        index = self.model.index(row)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.view.scrollTo(index)

    def reveal_job(self, job_id: int) -> bool:
        """Select a job the artist just made (generated or imported). If the search, the
        state filter or the starred toggle hide it, they are cleared first: a new image that
        never appears looks like a Generate that did nothing. True when they were cleared."""
        cleared = self.model.row_of(job_id) is None and self.model.filter.narrows
        if cleared:
            self.clear_filters()
        elif self.model.read_failed:  # its rows could not be read: read them again
            self.apply_filter()
        self.select_job(job_id)
        return cleared

    def hides(self, snapshot: Snapshot) -> bool:
        """Whether the search, the state filter or the starred toggle hide ``snapshot``."""
        return not self.model.filter.matches(snapshot)

    def hides_new(self, snapshot: Snapshot) -> bool:
        """Whether the search, the state filter or the starred toggle hide ``snapshot``, an
        artwork just made, once its job is done: a job still running is judged by the
        search and the starred toggle alone, the state it ends in not known yet
        ("Completed" shows it once done, "Failed/Timeout/Unknown" should it fail). Judged
        as made, a new job under "Completed" was said hidden, then appeared as it
        finished."""
        query = self.model.filter
        if snapshot.state.is_active:
            query = replace(query, states=None)
        return not query.matches(snapshot)

    def reveal_jobs(self, snapshots: Sequence[Snapshot]) -> bool:
        """Select ``snapshots`` together, the first current (:meth:`reveal_job`); those the
        rows read do not hold are left out. True when the search and filters were cleared
        to show them, as they are when they hide any of them: then they are selected once
        the rows are read again (:meth:`_remember_selection`). Before, a search that showed
        the first but hid others was kept, and the first was selected alone."""
        first, *others = snapshots
        hidden = any(map(self.hides, snapshots))
        if hidden:
            self.clear_filters()
        cleared = self.reveal_job(first.id) or hidden
        if not (self.model.reading_query or self.model.within_loaded(first)):
            # Past the pages read (a new artwork under Oldest first): they are read down to
            # it. Before, it waited for the artist to scroll to the end of the library.
            self._seek_wanted()
        also = [snapshot.id for snapshot in others]
        if self.model.reading_query:
            self._also = also
        else:
            self._select_also(also)
        return cleared

    def _stepped(self, _said: str) -> None:
        """An Undo or Redo taken (its words said): the tiles it brought back get the
        keyboard when it was put in the search box and nothing typed there since. Ctrl+Z
        pressed there brought back the artworks of a Delete (selected by :meth:`reveal_jobs`
        as the rows came) or the last starred tile unstarred under Starred only, and the
        keys stayed in the box, Delete or Ctrl+C typing there rather than acting on them.
        Tiles still being read (a search that hid those of a Delete, cleared) get them once
        read (:meth:`focus_grid`)."""
        shown = self.model.reading_query or self.pages.currentWidget() is self.view
        if self._search_given_keys and self.search.hasFocus() and shown:
            self.focus_grid()

    def clear_filters(self) -> None:
        """Show every job: no search text, all states, starred or not (one query). The
        filter fitted to All, as a choice by hand is (its signals blocked, it stayed as
        wide as "Failed / timed out / unknown", and the search box beside it cut)."""
        with QSignalBlocker(self.state_filter), QSignalBlocker(self.starred_only):
            self.state_filter.setCurrentIndex(0)
            self.starred_only.setChecked(False)
        self._fit_state_filter()
        self.search.clear()
        self.apply_filter()

    def select_neighbour(self, delta: int) -> None:
        """Select the artwork ``delta`` places on in the list (the full view's arrows); at
        the end of what is loaded, load the next page and stay. The artist's choice: an End
        or Ctrl+A pressed in the grid and waiting for the rest is dropped (TileView.choices)."""
        self.view.chosen()
        row = self.view.currentIndex().row() + delta
        if 0 <= row < self.model.rowCount():
            with self.view.choosing_now():
                self.select_job(self.model.snapshot(row).id)
        elif row >= 0 and self.model.canFetchMore():
            self.model.fetchMore()

    def select_end(self, end: int) -> None:
        """Select the first artwork of the list (``end`` -1) or its last (+1): the full
        view's Home and End. The last is the query's, not the last of the pages read so
        far: those not read yet are read first, as for End in the grid
        (:meth:`TileView.when_all_read`), and an arrow, Home or a Delete meanwhile is not
        overruled. The artist's choice, as an arrow is (:meth:`select_neighbour`)."""
        self.view.chosen()
        if end < 0:
            if self.model.rowCount():
                with self.view.choosing_now():
                    self.select_job(self.model.snapshot(0).id)
        else:
            self.view.when_all_read(self._select_last)

    def _select_last(self) -> None:
        if rows := self.model.rowCount():
            self.select_job(self.model.snapshot(rows - 1).id)

    def _select_all(self) -> None:
        """Ctrl+A: every artwork the query shows, those not read yet read first. A tile
        chosen while they are read (seconds, for a large library) is the artist's: the
        Ctrl+A is dropped, as End's is (:meth:`TileView.keyPressEvent`). It is the artist's
        choice too: the artwork selected at the last close, still read down to, is no
        longer sought (its selection, once its page came, dropped the Ctrl+A). Pressed
        while a search just typed is read, it selects what that search shows, once in (it
        selected the rows of the one before); while another program's write has the rows
        read again, it is done once they are in (it was dropped without a word)."""
        self._restore = self._wanted = None
        self.view.chosen()
        self.view.when_all_read(self.view.selectAll)

    @property
    def choices(self) -> int:
        """How many times the artist chose what the library shows: among the tiles
        (:attr:`TileView.choices`), a Ctrl+A too, or otherwise (:meth:`asked`); not a tile's
        leaving the grid, which is none of theirs."""
        return self.view.choices + self._asked

    def asked(self) -> None:
        """The artist asked the library to show other artworks than by choosing tiles: a
        search typed, a state filter or ★ Starred chosen, Show all, the full view opened,
        a "Show in the library" (the preview's links, the crash banner's button). Counted
        among :attr:`choices`, as a click is, so that a new artwork made meanwhile does not
        take the library over (``MainWindow._show_new``): it cleared the search being typed.
        Not among :attr:`TileView.choices`: a Ctrl+A pressed as a new search is read still
        selects what that search shows (:meth:`_select_all`)."""
        self._asked += 1

    def current_snapshot(self) -> Snapshot | None:
        return self._shown

    def selected_snapshots(self) -> list[Snapshot]:
        """Every artwork selected, in the grid's order (the current one among them)."""
        return [self.model.snapshot(row) for row in self.view.selected_rows()]

    def selected_id(self) -> int | None:
        """The artwork selected, else the one asked for that is still being looked for (its
        page has not come yet), else the one the search or a filter hides now: the one a
        switch of mode or the next start selects. A hidden one comes back as it is here:
        unselected under the search brought back, selected again once it is cleared (before,
        the close forgot it). When nothing hides artworks, one kept is gone or was given up
        beyond the first page: nothing is selected, and nothing is handed on."""
        if self._shown is not None:
            return self._shown.id
        if self._wanted is not None:
            return self._wanted
        return self._restore if self.model.filter.narrows else None

    def filters(self) -> tuple[str, bool]:
        """The state filter's name (in :data:`FILTERS`) and whether only starred artworks
        are shown: what a switch of mode or the next start shows again."""
        return FILTERS[max(self.state_filter.currentIndex(), 0)][0], self.starred_only.isChecked()

    def order(self) -> LibraryOrder:
        """The order the library is listed in (its Sort choice)."""
        return LibraryOrder(self._sort_choice().data())

    def _sort_choice(self) -> QAction:
        return next(action for action in self._sort_actions if action.isChecked())

    def _sort_chosen(self) -> None:
        """Read the library in the order chosen; the one already shown chosen again does
        nothing: the library was read again, flickering, scrolled back to its top. Unless
        its read failed: chosen again, as an artist retries, it is read again."""
        self._say_sort()
        if self.order() is not self.model.filter.order or self.model.read_failed:
            self.apply_filter()

    def _say_sort(self) -> None:
        """The Sort button's name and tooltip say its choice: its sign alone does not. The
        tooltip names the menu that holds it too, as the keyboard reaches it there."""
        order = button_words(self._sort_choice().text())
        said = self.tr("Sort the library: {order}").format(order=order)
        self.sort.setAccessibleName(said)
        self.sort.setToolTip(plain_tooltip(f"{said}\n{self._sort_in_menu()}"))

    def _sort_in_menu(self) -> str:
        """Where the menu bar holds Sort's choices, and its keys but on a Mac, whose menus
        take no Alt+letter."""
        if sys.platform == "darwin":
            return self.tr("Also in View ▸ Sort library.")
        return self.tr("Also in View ▸ Sort library (Alt+V, L).")

    def restore_filters(self, shown: str, starred: bool) -> None:
        """Show again what :meth:`filters` gave (a name no longer known: every state); the
        query runs at the next :meth:`apply_filter`. The filter fitted to its choice, as by
        :meth:`clear_filters`."""
        names = [name for name, _states in FILTERS]
        with QSignalBlocker(self.state_filter), QSignalBlocker(self.starred_only):
            self.state_filter.setCurrentIndex(names.index(shown) if shown in names else 0)
            self.starred_only.setChecked(starred)
        self._fit_state_filter()

    def apply_filter(self) -> None:
        """Run the query for the search text, the state filter and the starred toggle now,
        and say over the grid what of them hides artworks."""
        self._debounce.stop()
        states = FILTERS[max(self.state_filter.currentIndex(), 0)][1]
        starred = True if self.starred_only.isChecked() else None
        self._from_top = True
        self.model.reload(self.search.text(), states, starred, order=self.order())
        self._say_filtered()

    def _say_filtered(self) -> None:
        """Name over the grid each of the search, the state filter and the starred toggle
        that narrows what it shows, with Show all; nothing when none does. The toggle's tint
        alone did not say it: ★ Starred brought back at start opened the library on 2 of
        33 artworks, and the artist took the rest for lost."""
        parts: list[tuple[str, str]] = []  # each as shown, and as a screen reader says it
        if text := self.search.text().strip():
            # Quoted only when the artist did not: “"red fox"” was a pair round theirs.
            searched = text if QUOTES.search(text) else self.tr("“{words}”").format(words=text)
            parts.append((searched, searched))
        if self.state_filter.currentIndex() > 0:
            state = self.state_filter.currentText()
            parts.append((state, state))
        if self.starred_only.isChecked():
            parts.append((self.starred_only.text(), self.starred_only.accessibleName()))
        showing = self.tr("Showing only: {filters}")
        words = showing.format(filters=" · ".join(shown for shown, _said in parts))
        # Read as words: the signs were read out ("black star Starred", "middle dot").
        said = showing.format(filters=join_names([said for _shown, said in parts]))
        self.filter_note.setText(words if parts else "")
        set_plain_tooltip(self.filter_note, words if parts else "")
        self.filter_note.setAccessibleName(said if parts else "")
        self.show_all.setAccessibleDescription(said if parts else "")
        if self.show_all.hasFocus() and not parts:
            # Show all pressed from the keyboard goes with its line: the search box beside
            # it takes the keys, rather than whatever Qt passes them on to.
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)
        self.filter_bar.setVisible(bool(parts))

    # Selection ----------------------------------------------------------------------------

    def _show(self, snap: Snapshot | None) -> None:
        self._shown = snap
        self._actions_changed()
        self.selection_changed.emit(snap)

    def _update_actions(self) -> None:
        """Enable what applies to the shown job, or to every one selected when there are
        several; what reads an image file not while that file is known to be gone (as in
        the preview, which offers Download again)."""
        self._actions_due.stop()  # worked out now
        self._actions_when_told = False
        snap = self._shown
        selected = tuple(self.selected_snapshots())  # one for both panels' actions
        if snap is not None and len(selected) > 1:
            missing = self.model.files_missing(selected)
            unreadable = self.model.files_unreadable(selected)
            self.job_actions.set_several(snap, selected, missing, unreadable)
            self.several_selected.emit(selected, missing, unreadable)
        else:
            missing_file = snap is not None and self.model.file_missing(snap)
            self.job_actions.set_snapshot(snap, file_missing=missing_file)
            if self._selected_count > 1:
                self.several_selected.emit((), frozenset(), frozenset())
        if len(selected) != self._selected_count:
            self._selected_count = len(selected)
            self.selected_count_changed.emit(len(selected))

    def _actions_now(self) -> None:
        """An action acts before the actions put off (:meth:`_data_changed`) were worked out:
        they are now. Else a second Star pressed in that moment, the several selected just
        starred, starred them all again instead of taking their stars off; a Cancel asked
        to stop jobs that had ended."""
        if self._actions_due.isActive() or self._actions_when_told:
            self._update_actions()

    def _all_told(self) -> None:
        """The changes told over later turns are all told: the actions put off for them
        (:meth:`_data_changed`) are worked out, once."""
        if self._actions_when_told:
            self._actions_due.start()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        snap = self.model.snapshot(current.row()) if current.isValid() else None
        if snap is not None:
            self.view.place = None
        chosen = self.view.choosing and not (self._handing_over or self.model.removing)
        going = snap is not None and snap.id in self.bridge.deleting
        if snap is None or not going:
            self._chosen_going = None
        elif chosen:
            self._chosen_going = snap.id
        elif snap.id != self._chosen_going:  # the window's choice; the artist's kept
            self._chosen_going = None
        if snap is None or snap.id != self._kept_in_view:
            self._kept_in_view = None  # the artist chose another: the grid is theirs
        if snap is not None:
            # The artist's own choice replaces the one kept and the one waited for (an
            # artwork brought back at start that another program deleted meanwhile): else a
            # new search would select that one, or nothing, instead of theirs.
            self._restore = self._wanted = None
        if snap is not self._shown:
            self._show(snap)
        if not self.view.selectionModel().hasSelection():
            # Tabbing into the grid makes the first tile current, selecting nothing. With
            # tiles selected, a Ctrl+click makes the tile current before it selects it.
            self._keep_current_selected()

    def _selected_changed(self) -> None:
        self._keep_current_selected()
        self._actions_changed()

    def _actions_changed(self) -> None:
        """Work the actions out now; while rows are taken out of the grid, once for all of
        one turn of the loop, as for their rows' changes (:meth:`_data_changed`): Unstar of
        10 000 under ★ Starred took them out one by one, and each worked out the actions of
        all those still selected again, for minutes."""
        if self.model.removing:
            self._actions_due.start()
        else:
            self._update_actions()

    def _keep_current_selected(self) -> None:
        """The tile the preview shows is the current one: keep it among those selected.
        One Ctrl+click (or Ctrl+Space) unselected while others stay selected hands its place
        to the nearest of them; the last one selected stays, as before: Ctrl+Space had left
        Delete acting on a tile that did not look chosen."""
        selection = self.view.selectionModel()
        current = selection.currentIndex()
        if not current.isValid():
            # Ctrl+A with no tile current (a click on the grid's empty space gave it the
            # focus): the tiles were selected, but nothing was shown and no action (Publish,
            # Delete) applied to them. The first of them becomes the one shown.
            if chosen := self.view.selected_rows():
                first = self.model.index(chosen[0])
                selection.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
            return
        if selection.isSelected(current):
            return
        others = self.view.selected_rows()
        if others:
            nearest = min(others, key=lambda row: abs(row - current.row()))
            selection.setCurrentIndex(
                self.model.index(nearest), QItemSelectionModel.SelectionFlag.NoUpdate
            )
        else:
            selection.select(current, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _image_there(self, job_id: int) -> None:
        """A tile read the image of ``job_id`` in its place: restored from the trash (in
        this run or while the app was closed), it is no longer where an Undo of a Delete
        left it (:attr:`Snapshot.image_left_in_trash`), and gone again later, its preview
        would say it was still there. Only a row that says so is written: every tile of a
        folder back online wrote to the library, 10 000 writes for 10 000 tiles."""
        row = self.model.row_of(job_id)
        if row is not None and self.model.snapshot(row).image_left_in_trash:
            self.job_actions.undo.image_seen(job_id)

    def _rows_leaving(self, first: int, last: int) -> None:
        """The tile shown, selected alone or with others of those leaving, is about to go
        (deleted, unstarred under the Starred filter): the tile after them, which takes its
        place, is shown next, as in a file browser. Qt shows the one before it: an artist
        deleting the bad ones on the way down the grid was sent back to one already kept,
        and a second Delete asked about that one. The last tile loaded, while more pages
        are to be read, hands its place to the first of the next page, once read
        (:meth:`_page_read`); the last of all to the one before it.

        Not a tile the artist chose while their Delete was deleting it (clicked in the
        moment its artwork is gone and its tile not yet): nothing is selected then. It
        handed its place on, and Star, pressed next, starred a tile never chosen."""
        self._leaving.difference_update(
            self.model.snapshot(row).id for row in range(first, last + 1)
        )
        selection = self.view.selectionModel()
        current = selection.currentIndex()
        if not current.isValid() or not first <= current.row() <= last:
            return
        self.view.current_left()  # an End or Ctrl+A pressed on it is dropped
        if any(not first <= selected <= last for selected in self.view.selected_rows()):
            return  # others are selected: one of them is shown (_keep_current_selected)
        leaving = self.model.snapshot(current.row()).id
        if leaving == self.model.moving_on:
            # Renamed or unstarred past the tiles loaded: still the one chosen, its page is
            # read once it is out (:meth:`_rows_removed`), not the tile after it shown.
            self._moving_on = leaving
            selection.clearCurrentIndex()
            selection.clearSelection()
        elif leaving == self._chosen_going and leaving in self.bridge.deleting:
            # The keys go on from the tile taking its place (the last's: the one before).
            taking = last + 1 if last + 1 < self.model.rowCount() else first - 1
            self.view.place = self.model.snapshot(taking).id if taking >= 0 else None
            selection.clearCurrentIndex()  # first: with a current tile, one stays selected
            selection.clearSelection()
        elif last + 1 < self.model.rowCount():
            self._handing_over = True
            try:
                selection.setCurrentIndex(
                    self.model.index(last + 1), QItemSelectionModel.SelectionFlag.ClearAndSelect
                )
            finally:
                self._handing_over = False
        elif self.model.more_to_read:
            self._place_left = first  # meanwhile Qt shows the one before
            self.model.fetchMore()  # (else a page is being read: page_added comes)

    def _forget_chosen_going(self) -> None:
        """The Delete that was deleting the tile the artist chose (:meth:`_rows_leaving`)
        ended and left it (the Trash refused its image, the library was busy): it is no
        longer going. Kept marked, the artist's own Delete of it later, from there, left
        nothing selected as it went, not the tile after it."""
        if self._chosen_going not in self.bridge.deleting:
            self._chosen_going = None

    def _deleting_several(self, job_ids: list[int]) -> None:
        """Before several selected are deleted, one by one: the tile after the first of
        them that stays (else the one before them) is selected alone and shown, as after the
        delete of one (:meth:`_rows_leaving`); when none stays, nothing. Before, each one
        deleted handed the preview and the selection to the next of them: the preview
        showed every image on its way out, and the actions of all those left were worked
        out again at each, 600 deleted took a minute of a sluggish window, 3 000 many."""
        self.view.going.update(job_ids)
        rows = {row for job_id in job_ids if (row := self.model.row_of(job_id)) is not None}
        if not rows:
            return
        first = min(rows)
        after = (row for row in range(first + 1, self.model.rowCount()) if row not in rows)
        kept = next(after, first - 1 if first else None)
        if kept is not None:
            self.select_job(self.model.snapshot(kept).id)
            self._kept_in_view, self._leaving = self.model.snapshot(kept).id, set(job_ids)
            return
        selection = self.view.selectionModel()
        selection.clearCurrentIndex()  # first: with a current tile, one stays selected
        selection.clearSelection()

    def _deleted_several(self, job_ids: list[int]) -> None:
        """A Delete of several is over: the tile shown is kept in view no longer. Those whose
        image the Trash refused never left the grid, and it was kept until the artist
        scrolled: any row that left the grid later (a job done under the Active filter, one
        more deleted) scrolled the grid back to it. Not the tile of another Delete of
        several begun since, whose rows are still going: the end of the first stopped
        keeping it, and the rows above it that went after slid it out of sight.

        The actions are pointed at the selection again: those selected while they were going
        were left out (``JobActions._leave_out_gone``), and one whose image the Trash refused
        stayed left out, "Delete 2 artworks…" with three selected, until the selection
        changed."""
        self.view.going.difference_update(job_ids)
        if self._leaving <= set(job_ids):
            self._kept_in_view, self._leaving = None, set()
        self._update_actions()

    def _page_read(self) -> None:
        """A page came after the last tile loaded left (:meth:`_rows_leaving`): its first
        tile takes that one's place, unless the artist chose another meanwhile."""
        row, self._place_left = self._place_left, None
        if row is None or row >= self.model.rowCount():
            return
        selection = self.view.selectionModel()
        if selection.currentIndex().row() == row - 1 and len(self.view.selected_rows()) <= 1:
            self.select_job(self.model.snapshot(row).id)

    def _remember_selection(self) -> None:
        self._place_left = None
        if self._shown is not None and self._wanted is None:
            self._restore = self._shown.id
        shown = self._shown.id if self._shown is not None else None
        self._kept = [s.id for s in self.selected_snapshots() if s.id != shown]
        if self._also:  # asked to be selected with the one wanted (reveal_jobs)
            self._kept, self._also = self._also, []

    def _reloaded(self) -> None:
        """Select again, among the rows read, what was selected: the current one (or the
        one asked for), and the others selected with it; those the query now hides are
        left out. When the current one is hidden, another of them shown becomes current.
        The one shown deleted by another program (the CLI) is said to be: the preview
        emptied, or showed another, without a word. Selected alone, the tile after it is
        shown, as after a delete made here (:meth:`_rows_leaving`): before, nothing was.
        The artist's query is shown from its first row, unless the selection kept is
        further down: the place scrolled to in the last one, kept, opened a search far
        down the library in the middle of what it found."""
        if self._from_top:
            self._from_top = False
            self.view.scrollToTop()
        gone = self._shown
        if gone is not None and gone.id not in self.model.found_gone:
            gone = None
        if gone is not None:
            self.notice.emit(
                self.tr("“{title}” was deleted by another program.").format(
                    title=sentence_title(gone, chars=GONE_TITLE_CHARS)
                )
            )
        wanted = self._wanted if self._wanted is not None else self._restore
        kept = [job_id for job_id in self._kept if self.model.row_of(job_id) is not None]
        self._kept = []
        if (wanted is None or self.model.row_of(wanted) is None) and kept:
            wanted = kept.pop(0)
        if wanted is not None and self.model.row_of(wanted) is not None:
            self._restore = None
            self.select_job(wanted)
            self._select_also(kept)
        elif gone is not None and gone.id == wanted and self.model.rowCount():
            self._restore = None
            self._take_place_of(gone)
        else:
            # Kept: when a later search or filter shows it again (the artist clears "zzzz"),
            # it is selected again, instead of nothing being selected.
            self._restore = wanted
            if self._shown is not None:
                self._show(None)
            self._sought = self._looking_up = None  # a new query: where it is, read again
            # Not among the rows read may be further down, not hidden: picked under a
            # search, older than the first page, it was lost when the search was cleared
            # (nothing selected). Looked for as one brought back at start is.
            self._wanted = wanted
            self._seek_wanted()
        self._update_empty_state()
        self._to_grid_if_waited()

    def _take_place_of(self, gone: Snapshot) -> None:
        """Show the tile after ``gone`` (deleted by another program), else the one before
        it; the first of the next page, once read, when it was the last tile loaded."""
        row = self.model.row_after(gone)
        if row < self.model.rowCount():
            self.select_job(self.model.snapshot(row).id)
            return
        self.select_job(self.model.snapshot(row - 1).id)
        if self.model.more_to_read:
            self._place_left = row
            self.model.fetchMore()  # (else a page is being read: page_added comes)

    def _seek_wanted(self) -> None:
        """An artwork asked for (:meth:`select_job`: brought back at start or by a switch)
        that the rows loaded do not hold: its row is read first, then every row down to it,
        in one read (:meth:`_rows_inserted` selects it). One the library no
        longer has, or the query hides, is given up at once, without a page read for it:
        before, every page was, each of a 10 000-artwork library's tiles loaded at start.
        Given up, it is kept only as the choice a later query brings back (as a selection a
        search hid is), and scrolling down never jumps to it."""
        wanted = self._wanted
        if wanted is None or self.model.row_of(wanted) is not None:
            return
        sought = self._sought
        if sought is None or sought.id != wanted:
            if self._looking_up != wanted:
                self._looking_up = wanted
                self.model.look_up(wanted, partial(self._looked_up, wanted))
        elif self.model.within_loaded(sought):  # its page came without it: gone meanwhile
            self._give_up_wanted()
        else:
            self.model.fetch_through(sought)  # unless a page is being read: page_added comes

    def _looked_up(self, wanted: int, found: Snapshot | None) -> None:
        """The row of ``wanted`` as the query shows it (None: gone, or hidden by it)."""
        if self._looking_up == wanted:
            self._looking_up = None
        if wanted != self._wanted:
            return  # the artist chose another meanwhile
        self._sought = found
        if found is None:
            self._give_up_wanted()
        else:
            self._seek_wanted()

    def _select_also(self, job_ids: list[int]) -> None:
        """Add the rows of ``job_ids`` (all loaded) to the selection, in one change."""
        also = QItemSelection()
        for job_id in job_ids:
            row = self.model.row_of(job_id)
            if row is not None:
                index = self.model.index(row)
                also.select(index, index)
        if not also.isEmpty():
            self.view.selectionModel().select(also, QItemSelectionModel.SelectionFlag.Select)

    def _give_up_wanted(self) -> None:
        self._restore, self._wanted, self._sought = self._wanted, None, None

    def _scrolled_by_artist(self) -> None:
        """The wheel, the scroll bar or a key moved the grid: the tile shown after a Delete
        of several is no longer kept in view (:meth:`_rows_removed`). Before, each of the
        hundreds deleted scrolled the grid back to it, whatever the artist scrolled to."""
        self._kept_in_view = None

    def _rows_removed(self) -> None:
        """The tile shown while several above it are deleted stays in view (Qt keeps the
        place scrolled to, where the tiles below slid up), until the last of them is gone."""
        moved, self._moving_on = self._moving_on, None
        if moved is not None:
            self.select_job(moved)
            self._seek_wanted()
        if self._kept_in_view is not None and self.view.currentIndex().isValid():
            self.view.scrollTo(self.view.currentIndex())
            if not self._leaving:
                self._kept_in_view = None
        self._update_empty_state()

    def _rows_inserted(self) -> None:
        if self._wanted is not None and self.model.row_of(self._wanted) is not None:
            self.select_job(self._wanted)
        self._update_empty_state()

    def _data_changed(
        self, top_left: QModelIndex, bottom_right: QModelIndex, roles: Sequence[int] = ()
    ) -> None:
        """The selected job changed (state, star, title, its file found gone or back):
        refresh the actions and listeners; any of several selected: the actions, once for
        all the changes of one turn of the loop (Star or Add tags of 3 000 selected worked
        them out for each of the 3 000 again, and froze the window for minutes), and for
        all the turns such changes are told over (``Bridge.telling_later``): Star of 10 000
        worked them out again at each 500, 20 times. Not for the words of a publish under
        way (:meth:`LibraryModel.publish_changed`), which change no action: those of the
        whole library selected (Ctrl+A) were worked out again at every percent of every
        publish, and publishing it froze the window."""
        if self._shown is None:
            return
        if roles and set(roles) <= LibraryModel.PUBLISH_ROLES:
            return
        put_off = self._actions_due.isActive() or self._actions_when_told
        if self._selected_count > 1 and not put_off:
            selection = self.view.selectionModel()
            rows = range(top_left.row(), bottom_right.row() + 1)
            if any(selection.isRowSelected(row, QModelIndex()) for row in rows):
                if self.bridge.telling_later:  # more come in later turns: once, after them
                    self._actions_when_told = True
                else:
                    self._actions_due.start()
        row = self.model.row_of(self._shown.id)
        if row is None or not top_left.row() <= row <= bottom_right.row():
            return
        snap = self.model.snapshot(row)
        if snap is not self._shown:
            self._show(snap)
        else:
            self._update_actions()

    def _update_empty_state(self) -> None:
        if self.model.loaded and self.model.rowCount() == 0:
            self._say_empty()
            in_grid = self.window().focusWidget() is self.view
            self.pages.setCurrentWidget(self.empty_page)
            if in_grid:
                # The last tile shown deleted (or filtered away) with the keyboard in the
                # grid: the focus went to the words that replace it, where nothing showed it
                # and no key did anything. The search box is beside them, and its Esc (which
                # they name) brings the other artworks back.
                self.search.setFocus(Qt.FocusReason.OtherFocusReason)
                self._search_given_keys = True
        else:
            self.pages.setCurrentWidget(self.view)
        self._say_coming()

    def set_on_their_way(self, count: int) -> None:
        """``count`` jobs of a press of Generate are being added to the library (a disk that
        stalls): an empty library says they are coming, not "No artworks yet" beside a
        button saying "Generating…", and a grid of other artworks says so over them."""
        self._on_their_way = count
        if self.pages.currentWidget() is self.empty_page:
            self._say_empty()
        self._say_coming()

    def _say_coming(self) -> None:
        """Over the grid, the jobs on their way to the library, while there are; the words
        of an empty library say them in its place."""
        shown = self._coming_shown_here() and self.pages.currentWidget() is self.view
        if shown:
            self._place_coming()
            words = self._coming_words()
            if words != self.coming.text():  # a screen reader hears a name set anew
                self.coming.setText(words)
                # Said whole where its lines are cut (the name, its words, is whole too).
                self.coming.setToolTip(plain_tooltip(words))
                self.coming.setAccessibleName(words)
        self.coming.setVisible(shown)

    def _first_tile_changed(self, first: QModelIndex, *_: object) -> None:
        """A tile moved, or the first changed (starred or unstarred): sorted starred first,
        whether the jobs on their way show after starred ones may have changed with it. The
        line said "after the starred ones" once the only starred artwork was unstarred.
        ``first``: the first index changed, or the parent of the rows moved."""
        moved = not first.isValid()
        if self._on_their_way and (moved or first.row() == 0):
            self._say_coming()

    def _place_coming(self) -> None:
        """The line saying jobs are coming where their tiles come: over the grid, under it
        in the oldest-first order, where they land at its end. It stood over the grid in
        every order, the tiles it spoke of appearing a screen or more below it."""
        column = self._column
        at_end = self.model.filter.order is LibraryOrder.OLDEST
        if (column.indexOf(self.coming) > column.indexOf(self.pages)) == at_end:
            return
        column.removeWidget(self.coming)
        column.insertWidget(column.indexOf(self.pages) + int(at_end), self.coming)

    def _coming_shown_here(self) -> bool:
        """Whether jobs of a press of Generate are on their way that the grid may show: a
        new job is queued, never starred. Under ★ Starred or "Failed / timed out / unknown",
        the library said they "show here if they match", and none did."""
        query = self.model.filter
        fresh = query.states is None or JobState.QUEUED in query.states
        return bool(self._on_their_way) and fresh and not query.starred

    def _coming_words(self) -> str:
        """That the jobs of a press of Generate are on their way to the library; under a
        search or a filter, that they show if they match it: "Nothing matches the search"
        was said of a search the jobs being added would match. Under a search, that Esc
        clears it, as "Nothing matches the search" said."""
        count = self._on_their_way
        if self.model.filter.text.strip():
            if count == 1:
                return self.tr(
                    "Your image is being added to the library: it shows here if it matches."
                    " Esc in the search box clears the search."
                )
            return self.tr(
                "Your {count} images are being added to the library: they show here if they"
                " match. Esc in the search box clears the search."
            ).format(count=grouped(count))
        if self.model.filter.narrows:
            if count == 1:
                return self.tr(
                    "Your image is being added to the library: it shows here if it matches."
                )
            return self.tr(
                "Your {count} images are being added to the library: they show here if they match."
            ).format(count=grouped(count))
        order = self.model.filter.order
        if order is LibraryOrder.OLDEST and self.model.more_to_read:
            # Not "below": after the pages not read yet (:meth:`LibraryModel.within_loaded`).
            if count == 1:
                return self.tr(
                    "Your image is on its way: it shows further down, at the end of the"
                    " library, once it is there."
                )
            return self.tr(
                "Your {count} images are on their way: they show further down, at the end of"
                " the library, once they are there."
            ).format(count=grouped(count))
        if order is LibraryOrder.OLDEST:  # the line stands under the grid (_place_coming)
            if count == 1:
                return self.tr(
                    "Your image is on its way: it shows at the end, below, once it is in the"
                    " library."
                )
            return self.tr(
                "Your {count} images are on their way: they show at the end, below, once they"
                " are in the library."
            ).format(count=grouped(count))
        if order is LibraryOrder.NAME:  # where their titles fall, maybe far from the line
            if count == 1:
                return self.tr(
                    "Your image is on its way: it shows in its place by name once it is in the"
                    " library."
                )
            return self.tr(
                "Your {count} images are on their way: they show in their place by name once"
                " they are in the library."
            ).format(count=grouped(count))
        if order is LibraryOrder.STARRED and self._starred_first_shown():
            if count == 1:
                return self.tr(
                    "Your image is on its way: it shows after the starred ones once it is in"
                    " the library."
                )
            return self.tr(
                "Your {count} images are on their way: they show after the starred ones once"
                " they are in the library."
            ).format(count=grouped(count))
        if count == 1:
            return self.tr("Your image is on its way: it shows here once it is in the library.")
        return self.tr(
            "Your {count} images are on their way: they show here once they are in the library."
        ).format(count=grouped(count))

    def _starred_first_shown(self) -> bool:
        """Whether the grid, sorted starred first, begins with a starred artwork: new work,
        never starred, lands after every one of them, not under the line over the grid (it
        said "they show here", over starred tiles that may fill screens)."""
        return self.model.rowCount() > 0 and self.model.snapshot(0).starred

    def _say_empty(self) -> None:
        """Why the grid is empty; after a read that failed (the banner says why), that the
        search could not be read, with Try again: before, the rows of the search before
        it stayed under it, as if they were what it found. Try again is a button, which Tab
        reaches, Enter and Space press and a screen reader names as one: a link in the
        words was read out as words, and Enter on them did nothing until a second Tab."""
        if not self.model.read_failed:
            self.empty.setText(self._empty_words())
            self.try_again.hide()
            return
        if self.model.filter.narrows:
            words = self.tr("This search could not be read from the library.")
        else:
            words = self.tr("The library could not be read.")
        self.empty.setText(words)
        self.try_again.setAccessibleDescription(words)
        self.try_again.show()

    def _empty_words(self) -> str:
        """Why the grid is empty, naming what hides the artworks: "the search" alone when
        only the state filter or the starred toggle did would send the artist looking for
        a search they never typed."""
        query = self.model.filter
        searched = bool(query.text.strip())
        filtered = query.states is not None or query.starred is not None
        if self._coming_shown_here():
            return self._coming_words()
        if searched and filtered:
            return self.tr("Nothing matches the search and the filters.")
        if searched:
            return self.tr("Nothing matches the search. Esc in the search box clears it.")
        if query.starred and query.states is None:
            # Not "yet": said too as the last starred artwork is unstarred under ★ Starred.
            return self.tr(
                "No starred artworks. Star an artwork with {keys} to find it here."
            ).format(keys=shortcuts.keys_text("star"))
        if filtered:
            return self.tr("Nothing matches the filters.")
        return self.tr("No artworks yet. Type a prompt and press {keys}.").format(
            keys=shortcuts.keys_text("generate")
        )

    # Menus --------------------------------------------------------------------------------

    def _menu(
        self, *, all_actions: bool, parent: QWidget | None = None, leave_out: Collection[str] = ()
    ) -> QMenu:
        """The actions in groups, but those of ``leave_out``; the context menu lists only
        what applies to the job (hidden actions, like Publish while it is off, stay out of
        both). Each item shows its tooltip: a held Retry or Resubmit, greyed in More, says
        there why. ``parent``: the window it opens over, this one's by default."""
        menu = QMenu(parent or self)
        menu.setToolTipsVisible(True)
        watch_menu_keys(menu)
        for group in _MENU_GROUPS:
            chosen = [
                self.commands[key]
                for key in group
                if key not in leave_out and (all_actions or self.commands[key].isEnabled())
            ]
            if chosen and not menu.isEmpty():
                menu.addSeparator()
            menu.addActions(chosen)
        return menu

    def context_menu(self, parent: QWidget | None = None, leave_out: Collection[str] = ()) -> QMenu:
        """The menu of the selected artworks (:meth:`_menu`): the full view opens it over
        itself, without View full screen. What is chosen in it acts on them, not on those
        selected after (:meth:`JobActions.menu_opened`)."""
        self.job_actions.bring_up_to_date()  # it lists only what applies: as things now are
        menu = self._menu(all_actions=False, parent=parent, leave_out=leave_out)
        self.job_actions.menu_opened(menu)
        return menu

    def _follow_greyed(self) -> None:
        """The keys of each greyed action say why, exactly while it is greyed: no artwork
        selected, or why not for those selected (:meth:`JobActions.say_why_greyed`): with
        several, F2 and Ctrl+C said nothing, greyed for being about one. Not Publish's
        while Publish is off (hidden), whose key does nothing then, selected or not. The
        keys of Retry, View full screen and Cancel greyed with an artwork selected reach the
        grid, which acts on them (:meth:`_greyed_key`)."""
        none = self.job_actions.none_selected()
        for key, keys in self._greyed_keys.items():
            action = self.commands[key]
            greyed = action.isVisible() and not action.isEnabled()
            keys.setEnabled(greyed and (none or key not in _GRID_GREYED))

    def _key_action(self, widget: QWidget, key: str, slot: Callable[[], None]) -> QAction:
        action = shortcuts.assign(QAction(widget), key)
        action.triggered.connect(slot)
        widget.addAction(action)
        return action

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A context menu the keyboard asks for (X11 sends one for the Menu key, besides
        the key our shortcut takes) is the selected tile's, as the shortcut's is: not the
        tile at the point it names. The keys of Retry (Ctrl+R), View full screen (Return)
        and Cancel (Esc) while their action is greyed reach the grid as plain keys: each
        does what it can there, or says why not (:meth:`_greyed_key`)."""
        if (
            watched is self.view
            and isinstance(event, QContextMenuEvent)
            and event.reason() != QContextMenuEvent.Reason.Mouse
        ):
            self._open_actions_menu()
            return True
        if (
            watched is self.view
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and self._greyed_key(event)
        ):
            return True
        if watched is self.search and event.type() == QEvent.Type.FocusOut:
            self._search_given_keys = False
        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.ShortcutOverride
            and self._undo_key_passed(event)
        ):
            event.ignore()  # not the search box's: the shortcut, the library's Undo, takes it
            return True
        return super().eventFilter(watched, event)

    def _typed_in_search(self) -> None:
        """The artist typed in the search box: its Ctrl+Z takes back their typing again."""
        self._search_given_keys = False

    def _undo_key_passed(self, event: QKeyEvent) -> bool:
        """Whether ``event`` is Undo's or Redo's key while the search box has no typing of
        its own to undo or redo, or was given the keyboard by a Delete: then it is the
        library's. Deleting the last tile shown puts the focus in the search box
        (:meth:`_update_empty_state`), where Ctrl+Z did nothing, or took back the typing of
        the search that found it, while the Delete's question said Ctrl+Z brings the
        artwork back."""
        pressed = QKeySequence(event.keyCombination())
        given = self._search_given_keys
        for key, own in (
            ("undo", self.search.isUndoAvailable() and not given),
            ("redo", self.search.isRedoAvailable() and not given),
        ):
            if not own and any(
                pressed.matches(keys) is QKeySequence.SequenceMatch.ExactMatch
                for keys in self.key_actions[key].shortcuts()
            ):
                return True
        return False

    def _greyed_key(self, event: QKeyEvent) -> bool:
        """Act on ``event`` when it is the key of a greyed Retry, View full screen or Cancel;
        whether it was one. Ctrl+R says why nothing is retried
        (:meth:`JobActions.say_why_not_retried`); Return opens the one the preview shows
        while several are selected, or says there is no image
        (:meth:`JobActions.view_full_greyed`); Esc keeps the one the preview shows selected
        alone while several are (none of them runs), as Esc does in a file manager, or says
        there is nothing to cancel. Before, Return and Esc did nothing and said nothing.
        Once a press: held down, each key repeat said why again, read out each time."""
        commands = self.commands
        greyed = next(
            (
                key
                for key in _GRID_GREYED
                if _presses(event, commands[key]) and not commands[key].isEnabled()
            ),
            None,
        )
        if greyed is None:
            return False
        if event.isAutoRepeat():
            return True  # taken, saying nothing
        if greyed == "retry":
            self.job_actions.say_why_not_retried()
        elif greyed == "full_view":
            self.job_actions.view_full_greyed()
        else:
            self.job_actions.bring_up_to_date()
            current = self.view.currentIndex()
            if self.job_actions.several and current.isValid():
                self.view.chosen()
                self.view.selectionModel().select(
                    current, QItemSelectionModel.SelectionFlag.ClearAndSelect
                )
            else:
                self.job_actions.say_why_not_cancelled()
        return True

    def _open_actions_menu(self) -> None:
        """Shift+F10 or the Menu key: the selected tile's menu, at the tile (a keyboard
        context menu event would point at the middle of the grid, whatever tile is there);
        with none current, the ringed tile's (:meth:`TileView.ringed`), where they did
        nothing."""
        index = self.view.currentIndex()
        if not index.isValid():
            index = self.view.ringed()
        if index.isValid():
            self.view.scrollTo(index)
            self._show_context_menu(self.view.visualRect(index).center())

    def _show_context_menu(self, pos: QPoint) -> None:
        """The menu of the tile at ``pos``, unless a menu is open: on X11 one press of the
        Menu key asks twice, as the key and as a keyboard context menu event. A tile among
        several selected opens the menu of them all; another tile is selected alone."""
        if QApplication.activePopupWidget() is not None:
            return
        index = self.view.indexAt(pos)
        if not index.isValid():
            return
        selection = self.view.selectionModel()
        if selection.isSelected(index):
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
        else:
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        menu = self.context_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.view.viewport().mapToGlobal(pos))
