"""The selected artwork alone, full screen: Return or a double-click on a tile opens it.

It shows what the preview panel shows, the same decoded :class:`~kontext_studio.ui.picture.
Picture` (nothing is decoded twice), so it follows the library's selection by itself: the
arrow keys only move that selection. Its keys (:data:`shortcuts.SHORTCUTS`, scope
``FULL_VIEW``) work anywhere in it, since it is a window of its own; the main window's own
keys close it and act in the window (:meth:`FullView.take_window_keys`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from functools import partial

from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QContextMenuEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kontext_studio.text_direction import in_its_direction
from kontext_studio.ui import shortcuts
from kontext_studio.ui.batch_place import place_cut, with_place
from kontext_studio.ui.elided_label import ElidedLabel
from kontext_studio.ui.levels import STAR
from kontext_studio.ui.library_model import Place
from kontext_studio.ui.next_turn import next_turn
from kontext_studio.ui.notice_bar import NoticeClock
from kontext_studio.ui.notifications import MessageBanner
from kontext_studio.ui.picture import Picture
from kontext_studio.ui.plain_text import JOINER as WORD_JOINER
from kontext_studio.ui.plain_text import breakable, left_to_right
from kontext_studio.ui.preview_panel import ZOOM_STEP, ImageCanvas, PreviewPanel
from kontext_studio.ui.rename_dialog import whole_title
from kontext_studio.ui.translations import grouped

BACKDROP = "#1c1c1c"
"""The full view's background, dark and neutral whatever the theme."""
STYLE = f"""
#fullView, #fullViewCanvas {{ background: {BACKDROP}; }}
#fullViewTitle, #fullViewMessage {{ color: #e6e6e6; }}
#fullViewCaption, #fullViewPlace {{ color: #a8a8a8; }}
#fullViewStar {{ color: {STAR}; }}
#fullViewNotice {{ color: #e6e6e6; background: #3a3a3a; border-radius: 6px; }}
"""
"""The full view's part of the main window's style sheet. Its own labels by name: a
question it asks (Delete) is a child of it, on the window's light or dark colours, and its
words were drawn in the backdrop's light grey there."""
NOTICE_MARGIN = 24
"""The room between the full view's notice and the edges of the picture's area (px)."""
TITLE_ROOM = 24
"""How many characters of the title the footer keeps beside its keys: with less room, the
keys go under the title."""
SHOWN_COMMANDS = ("rename", "details", "save_as", "copy_image", "copy_prompt", "publish", "retry")
"""The library's commands its keys (``rename_shown``…) run on the artwork shown, the full
view open still, as Delete and Ctrl+D do."""

ENTRY_GAP = "   "
"""What separates the entries of the footer's caption (the size, the zoom, each key with
what it does): a wrap goes there, never inside one."""


def entries_kept_whole(text: str) -> str:
    """``text`` with each of its entries (:data:`ENTRY_GAP` apart) kept whole: wrapped under
    the title at a large font, the keys' line broke inside an entry, "Del:" ending one line
    and "delete" starting the next; in Chinese, "Shift+F10：全部操" and "作". Its spaces are
    made no-break, and a :data:`WORD_JOINER` goes between two characters where either is
    not ASCII (English words are left as they are, whose letters never break apart)."""
    return ENTRY_GAP.join(_kept_whole(entry) for entry in text.split(ENTRY_GAP))


def _kept_whole(entry: str) -> str:
    entry = entry.replace(" ", "\u00a0")
    joined = entry[:1]
    for before, char in itertools.pairwise(entry):
        if not (before.isascii() and char.isascii()):
            joined += WORD_JOINER
        joined += char
    return joined


def keys_told_truly(menu: QMenu, actions: Mapping[str, QAction]) -> None:
    """In ``menu``, the library's menu of ``actions`` shown over the full view, no action
    shows keys that do something else there (:func:`shortcuts.same_in_full_view`): Cancel
    said "Esc", which closes the full view. Shown again as it closes, for the library's."""
    hidden = [
        action
        for key, action in actions.items()
        if action in menu.actions()
        and action.shortcuts()
        and action.isShortcutVisibleInContextMenu()
        and not shortcuts.same_in_full_view(key)
    ]

    def shown_again() -> None:
        for action in hidden:
            action.setShortcutVisibleInContextMenu(True)

    for action in hidden:
        action.setShortcutVisibleInContextMenu(False)
    menu.aboutToHide.connect(shown_again)


class FullView(QWidget):
    """A window of its own over the main window's screen; closing it only hides it. Its
    backdrop is dark and neutral whatever the theme (:data:`BACKDROP`), so colours are
    judged against it."""

    step = Signal(int)  # -1: the previous artwork, +1: the next one
    to_end = Signal(int)  # -1: the first artwork, +1: the last one
    delete_requested = Signal()  # Delete: the artwork shown, after asking
    star_requested = Signal()  # Ctrl+D: star or unstar the artwork shown
    command_requested = Signal(str)  # the library's command of that name, on the one shown
    undo_requested = Signal(str)  # Ctrl+Z ("undo") or Ctrl+Shift+Z ("redo"): the library's
    # Shift+F10, Menu or a right-click on the picture: the library's menu of the one shown,
    # at this point of the screen (a QPoint).
    menu_requested = Signal(QPoint)
    refused = Signal(str)  # a key that cannot act here (a zoom with no picture): why, to be said
    closed = Signal()

    def __init__(
        self,
        preview: PreviewPanel,
        parent: QWidget,
        place_of: Callable[[int], Place | None] | None = None,
    ) -> None:
        """``place_of``: where a job is in the list the arrows step through (the library's
        :meth:`~kontext_studio.ui.library_model.LibraryModel.place_of`)."""
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("fullView")
        self.preview = preview
        self._place_of = place_of
        self.banner = MessageBanner(self)
        """What went wrong while it is open (a Delete the disk refused): the main window's
        banner is behind it, out of sight."""
        self.canvas = ImageCanvas(self)
        self.canvas.setObjectName("fullViewCanvas")
        self.message = QLabel(self)
        self.message.setObjectName("fullViewMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setMargin(48)
        # The preview's words (breakable there) wrap to the screen, never widen the window.
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.canvas)
        self.stack.addWidget(self.message)
        self.place = QLabel(self)
        self.place.setObjectName("fullViewPlace")
        self.title = ElidedLabel(self)
        self.title.setObjectName("fullViewTitle")
        # Cut at the screen's width, a long title had no way to be read whole there.
        self.title.tip_whole_text()
        self.star = QLabel(self.tr("★ Starred"), self)
        """Whether the artwork shown is starred, as its tile's star says in the grid."""
        self.star.setObjectName("fullViewStar")
        self.star.setAccessibleName(self.tr("Starred"))
        self.star.hide()
        self.caption = QLabel(self)
        self.caption.setObjectName("fullViewCaption")
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        footer = QGridLayout()
        footer.setContentsMargins(12, 4, 12, 6)
        footer.setHorizontalSpacing(24)
        footer.setVerticalSpacing(2)
        footer.addWidget(self.place, 0, 0)
        footer.addWidget(self.star, 0, 1)
        footer.addWidget(self.title, 0, 2)
        footer.setColumnStretch(2, 1)  # a long title gives way, the keys stay readable
        footer.addWidget(self.caption, 0, 3)
        self.footer = footer
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        layout.addLayout(footer)
        self.notice = QLabel(self)
        """What an act just did ("Moved “…” to the Trash."), over the picture's foot for a
        while: the main window's status bar, which says it too, is behind the full view."""
        self.notice.setObjectName("fullViewNotice")
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice.setWordWrap(True)
        self.notice.setContentsMargins(14, 8, 14, 8)
        # The wheel and drags over it still zoom and move the picture.
        self.notice.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.notice.hide()
        self._closing_if_empty = next_turn(self, self._close_if_empty)
        self._notice_clock = NoticeClock(
            self._page_shown, self._notice_on_page, self.notice.hide, self
        )
        self.key_actions = self._key_actions()
        self._take_select_all()
        self.canvas.zoom_changed.connect(self._show_caption)
        self.canvas.pans_changed.connect(self._show_caption)  # the keys that move it
        self.canvas.zoom_changed.connect(partial(preview.want_file_pixels, self.canvas))
        preview.display_changed.connect(self._preview_changed)
        preview.file_pixels_came.connect(self._file_pixels_came)

    def _key_actions(self) -> dict[str, QAction]:
        canvas = self.canvas
        slots = {
            "close_full_view": self.close,
            "previous_artwork": lambda: self.step.emit(-1),
            "next_artwork": lambda: self.step.emit(1),
            "first_artwork": lambda: self.to_end.emit(-1),
            "last_artwork": lambda: self.to_end.emit(1),
            "delete_shown": self.delete_requested.emit,
            "star_shown": self.star_requested.emit,
            "actions_menu_shown": self._menu_in_middle,
            "undo_shown": partial(self.undo_requested.emit, "undo"),
            "redo_shown": partial(self.undo_requested.emit, "redo"),
            **{
                f"{command}_shown": partial(self.command_requested.emit, command)
                for command in SHOWN_COMMANDS
            },
            "compare": self._toggle_compare,
            "zoom_in": self._zooming(lambda: canvas.zoom_by(ZOOM_STEP)),
            "zoom_out": self._zooming(lambda: canvas.zoom_by(1 / ZOOM_STEP)),
            "zoom_fit": self._zooming(canvas.fit_to_window),
            "zoom_actual": self._zooming(canvas.actual_size),
        }
        actions: dict[str, QAction] = {}
        for key, slot in slots.items():
            action = shortcuts.assign(QAction(self), key)
            action.triggered.connect(slot)
            self.addAction(action)
            actions[key] = action
        return actions

    def _take_select_all(self) -> None:
        """The library's Select all (Ctrl+A) says where it works: in a view of one artwork
        there is nothing to select, and the key did nothing, saying nothing. It selects
        nothing here, and does not close the full view either (the window's keys do, to act
        there): the artist looking at an artwork keeps it in sight."""
        action = QAction(self)
        action.setShortcuts(shortcuts.BY_KEY["select_all"].sequences())
        action.setAutoRepeat(False)  # held down, said once
        action.triggered.connect(
            lambda: self.refused.emit(
                self.tr("{keys} selects artworks in the library: {back} goes back to it.").format(
                    keys=shortcuts.keys_text("select_all"),
                    back=shortcuts.keys_text("close_full_view"),
                )
            )
        )
        self.addAction(action)

    def take_window_keys(self, acts: Mapping[str, Callable[[], None]]) -> None:
        """The main window's own keys (:attr:`shortcuts.Scope.WINDOW`), each acting by
        ``acts``: the full view closes, then the window does what the key does there. A
        window of its own, it kept them from the main window: Ctrl+F, Ctrl+Tab, Ctrl+, F1
        and Ctrl+Q did nothing. Those it has a use of (the zoom keys) stay its own."""
        own = {key.toString() for action in self.key_actions.values() for key in action.shortcuts()}
        for shortcut in shortcuts.SHORTCUTS:
            keys = {key.toString() for key in shortcut.sequences()}
            if shortcut.scope is not shortcuts.Scope.WINDOW or keys & own:
                continue
            if (act := acts.get(shortcut.key)) is not None:
                action = shortcuts.assign(QAction(self), shortcut.key)
                action.triggered.connect(partial(self._in_window, act))
                self.addAction(action)

    def _menu_in_middle(self) -> None:
        self.menu_requested.emit(self.stack.mapToGlobal(self.stack.rect().center()))

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """A right-click on the picture (or on the words shown in its place) opens the
        artwork's menu where it was clicked, as Shift+F10 opens it in the middle: the
        mouse had no menu there, where a picture viewer has one."""
        if event.reason() != QContextMenuEvent.Reason.Mouse:
            self._menu_in_middle()
        elif self.stack.geometry().contains(event.pos()):
            self.menu_requested.emit(event.globalPos())
        else:
            event.ignore()

    def _zooming(self, zoom: Callable[[], None]) -> Callable[[], None]:
        """``zoom`` while a picture is shown; without one (a job still running, an image
        loading or that cannot be shown), why not, in the words of the View menu's zoom keys
        (:meth:`PreviewPanel.zoom_why_not`). Before, the keys did nothing, saying nothing."""

        def act() -> None:
            why = "" if self.canvas.after is not None else self.preview.zoom_why_not()
            if why:
                self.refused.emit(why)
            else:
                zoom()

        return act

    def _repeat_zoom(self) -> None:
        """The zoom keys held down repeat while there is a picture to zoom; without one,
        each press says why once (:meth:`_zooming`). Repeated, a screen reader read the
        same sentence out some thirty times a second for as long as the key was held."""
        zooms = self.canvas.after is not None
        for key in ("zoom_in", "zoom_out", "zoom_fit", "zoom_actual"):
            self.key_actions[key].setAutoRepeat(zooms and shortcuts.BY_KEY[key].repeats)

    # API ----------------------------------------------------------------------------------

    def open(self) -> None:
        """Full screen on the main window's screen, showing what the preview shows."""
        parent = self.parentWidget()
        if parent is not None:
            self.setScreen(parent.screen())
            self.setGeometry(parent.screen().geometry())
        self._follow()
        self.showFullScreen()
        self.raise_()
        self.activateWindow()
        self.canvas.setFocus(Qt.FocusReason.OtherFocusReason)

    # Following the preview ----------------------------------------------------------------

    def _preview_changed(self) -> None:
        if not self.isVisible():
            return
        if self.preview.snapshot is None:
            # Deleted, or filtered out of the library: the preview lets it go before the
            # library shows the artwork that takes its place, at once after. Closed only
            # when none does (the last one went).
            self._closing_if_empty.start()
        else:
            self._follow()

    def _close_if_empty(self) -> None:
        if self.preview.snapshot is None:
            self.close()

    def _follow(self) -> None:
        """Show the preview's picture, or its words when it has none (a job still running, a
        file gone): the arrows may land on any artwork. While the next one is decoded the
        preview's canvas still holds the last picture, which stays here instead of a flash
        of "Loading…"."""
        preview = self.preview
        shown = preview.canvas
        self.canvas.setAccessibleName(shown.accessibleName())
        self.canvas.setAccessibleDescription(shown.accessibleDescription())
        if shown.after is not None:
            # Identity: Picture equality would compare every pixel of every level.
            if self.canvas.after is not shown.after or self.canvas.before is not shown.before:
                self.canvas.set_images(shown.after, shown.before)
                self.canvas.set_comparing(shown.comparing)
            self.stack.setCurrentWidget(self.canvas)
        else:
            self.canvas.set_images(None)
            # The preview's state heading is coloured for the window, light or dark; here it
            # is drawn on the dark backdrop.
            self.message.setText(preview.message_text(QColor(BACKDROP)))
            self.stack.setCurrentWidget(self.message)
        self._repeat_zoom()
        self._show_caption()

    def _file_pixels_came(self, reduced: Picture, full: Picture) -> None:
        """The file's own pixels of the reduced copy shown here, in its place at this view's
        zoom (the preview's may be another)."""
        if self.canvas.after is reduced:
            self.canvas.sharpen(full)

    def _toggle_compare(self) -> None:
        if self.canvas.can_compare():
            self.canvas.set_comparing(not self.canvas.comparing)

    def show_place(self, *_changed: object) -> None:
        """Where the artwork shown is in the library ("3 / 12"; "3 / 300+" while more pages
        are to be read): stepping through with the arrows, the artist knows how far along
        they are. Called again when the library's rows change (a new job on top moves it
        down)."""
        snap = self.preview.snapshot
        place = None
        if snap is not None and self._place_of is not None:
            place = self._place_of(snap.id)
        if place is None:
            self.place.clear()
        elif place.more:
            self.place.setText(
                self.tr("{0} / {1}+").format(grouped(place.position), grouped(place.total))
            )
        else:
            self.place.setText(
                self.tr("{0} / {1}").format(grouped(place.position), grouped(place.total))
            )
        self.place.setVisible(place is not None)
        self._place_keys()  # "3 / 300+" may leave them no room beside the title

    def _show_caption(self) -> None:
        snap = self.preview.snapshot
        # "Untitled" for an artwork with neither a title nor a prompt, as its tile says, and
        # its place among the images of its generate, kept whole as on its tile, after the
        # title in its own direction (a right-to-left override in it turned the place around).
        typed = whole_title(snap) if snap is not None else ""
        named = with_place(in_its_direction(typed), snap) if snap is not None else ""
        self.title.setText(named)
        self.title.cut_by(place_cut(typed, snap) if snap is not None else None)
        self.star.setVisible(snap is not None and snap.starred)
        self.show_place()
        parts = []
        picture = self.canvas.after
        if picture is not None:
            size = picture.size
            parts.append(left_to_right(self.tr("{0} × {1} px").format(size.width(), size.height())))
            parts.append(
                left_to_right(self.tr("{0} %").format(grouped(self.canvas.zoom_percent())))
            )
        parts.append(self._keys_hint())
        words = "   ·   ".join(parts)
        self.caption.setText(entries_kept_whole(words))
        if self.caption.accessibleName() != words:
            # Read without the word joiners, between each two Chinese characters: a stop
            # at each on a braille display.
            self.caption.setAccessibleName(words)
        self._place_keys()
        if snap is not None:
            self.setWindowTitle(named)

    def _place_keys(self) -> None:
        """The keys beside the title where the footer's row has room for them and
        :data:`TITLE_ROOM` characters of the title, else on a row of their own under it,
        wrapped to its width: a starred edit's star and keys were wider than an 800 px
        screen, and the full view outgrew the screen (its picture off its middle, "C:
        before and after" cut at the edge, the title squeezed to nothing)."""
        footer = self.footer
        margins = footer.contentsMargins()
        beside = [label for label in (self.place, self.star) if not label.isHidden()]
        title = self.title.fontMetrics()
        wanted = (
            margins.left()
            + margins.right()
            + sum(label.sizeHint().width() for label in beside)
            + min(title.horizontalAdvance(self.title.text()), title.averageCharWidth() * TITLE_ROOM)
            + self.caption.fontMetrics().horizontalAdvance(self.caption.text())
            + footer.horizontalSpacing() * (len(beside) + 1)
        )
        under = wanted > self.width()
        if under == self.caption.wordWrap():
            return
        footer.removeWidget(self.caption)
        self.caption.setWordWrap(under)
        if under:
            footer.addWidget(self.caption, 1, 0, 1, 4)
        else:
            footer.addWidget(self.caption, 0, 3)

    def _keys_hint(self) -> str:
        """Its keys, Home, End, Delete and Star too: a key nobody tells of is a key not
        used. Zoomed past the screen, the keys that move the picture instead of going to
        the other artworks (:meth:`ImageCanvas.pans`) are told as such."""
        first, drawn = shortcuts.keys_text, shortcuts.drawn_keys
        across, down = self.canvas.pans()
        ends = f"{first('first_artwork')} {first('last_artwork')}"
        others = [] if across else [f"{drawn('previous_artwork')} {drawn('next_artwork')}"]
        moves = [drawn("pan_across")] if across else []
        if down:
            moves.append(drawn("pan_step"))
        if across or down:
            moves += [drawn("pan_page"), drawn("pan_ends")]
        else:
            others.append(ends)
        entries = [self.tr("{keys}: back").format(keys=first("close_full_view"))]
        if others:
            entries.append(self.tr("{keys}: other artworks").format(keys=" ".join(others)))
        if moves:
            entries.append(self.tr("{keys}: scroll").format(keys=" ".join(moves)))
        entries.append(self.tr("{keys}: delete").format(keys=first("delete_shown")))
        entries.append(self.tr("{keys}: star").format(keys=first("star_shown")))
        # F2, Ctrl+I, Ctrl+S and Ctrl+P were told of nowhere but in Help; the menu's key,
        # last, for the rest (copy, retry, show in folder…).
        entries.append(self.tr("{keys}: rename").format(keys=first("rename_shown")))
        entries.append(self.tr("{keys}: details").format(keys=first("details_shown")))
        entries.append(self.tr("{keys}: save as").format(keys=first("save_as_shown")))
        entries.append(self.tr("{keys}: publish").format(keys=first("publish_shown")))
        if self.canvas.can_compare():
            entries.append(self.tr("{keys}: before and after").format(keys=first("compare")))
            # The slider's keys (ImageCanvas._split_move): a drag was the one way told.
            entries.append(self.tr("{keys}: slider").format(keys=drawn("move_slider")))
        entries.append(self.tr("{keys}: all actions").format(keys=first("actions_menu_shown")))
        return ENTRY_GAP.join(entries)

    def show_error(
        self,
        message: str,
        hint: str,
        action: tuple[str, Callable[[], None]] | None = None,
        level: str = MessageBanner.ERROR,
        *,
        tag: object = None,
    ) -> None:
        """Say at its top what went wrong, where the artist is looking; it stays open, as
        they were at work in it (culling). The main window's banner says it too, for after.
        Read out once while it stays: the same error again (a publish of each artwork of a
        batch refused alike) was heard again each time, as the window's banner is not.

        ``action`` (a button's text, what it does in the main window): its button closes
        the full view first, so that what it opens (Settings) comes up in sight, over the
        window, not behind the full view. ``level``: news (``MessageBanner.INFO``) is said
        there alike, in its own style. ``tag``: what the words are of
        (:meth:`MessageBanner.holds`)."""
        told = self.banner.says(message, hint)
        there = (action[0], partial(self._in_window, action[1])) if action else None
        self.banner.show_message(message, hint, level, there, announce=not told, tag=tag)

    def show_notice(self, text: str, timeout_ms: int) -> None:
        """Say ``text`` over the picture's foot for ``timeout_ms`` (0: until the next one),
        or past it while the pointer rests on it, as the main window's status bar says it
        (:class:`NoticeClock`); empty, take the last one away. Its lines may break inside a
        long path (:func:`breakable`): cut at both sides before, and a screen reader hears
        it as written."""
        self._notice_clock.stop()
        self.notice.setText(breakable(text))
        self.notice.setAccessibleName(text)
        self.notice.setVisible(bool(text))
        if not text:
            return
        self._place_notice()
        self.notice.raise_()
        self._notice_clock.start(max(timeout_ms, 0))

    def take_back_notice(self, text: str) -> None:
        """``text`` taken back as no longer true: off the picture if it is still said
        there, as off the main window's status bar. Held by the pointer, it stayed, the
        bar's taken back."""
        if self.notice.isVisible() and self.notice.accessibleName() == text:
            self.show_notice("", 0)

    def notice_held(self) -> bool:
        """Whether the notice stays only because the pointer rests on it."""
        return self._notice_clock.held()

    def _page_shown(self) -> QWidget:
        """The picture, or the words said in its place: under the notice, which takes no
        pointer, it has the pointer that rests on the notice."""
        page = self.stack.currentWidget()
        assert page is not None  # the stack has both from the start
        return page

    def _notice_on_page(self) -> QRect:
        """Where the notice is, on :meth:`_page_shown`."""
        return QRect(self._page_shown().mapFrom(self, self.notice.pos()), self.notice.size())

    def _place_notice(self) -> None:
        """Centred at the foot of the picture's area, as wide as its words up to that
        area's width, wrapped beyond: over the picture, so that the picture keeps its
        size and place while it shows."""
        room = self.stack.geometry().adjusted(
            NOTICE_MARGIN, NOTICE_MARGIN, -NOTICE_MARGIN, -NOTICE_MARGIN
        )
        margins = self.notice.contentsMargins()
        words = self.notice.fontMetrics().horizontalAdvance(self.notice.text())
        width = max(1, min(words + margins.left() + margins.right() + 2, room.width()))
        height = self.notice.heightForWidth(width)
        self.notice.setGeometry(
            room.center().x() - width // 2, room.bottom() - height + 1, width, height
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_keys()
        if self.notice.isVisible():
            self._place_notice()

    def _in_window(self, act: Callable[[], None]) -> None:
        self.close()
        act()

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        self.banner.dismiss()  # the main window's banner keeps it
        self.show_notice("", 0)  # and its status bar this
        self.canvas.set_images(None)  # the preview keeps its picture; no second reference
        self.closed.emit()
