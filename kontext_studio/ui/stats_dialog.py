"""View → Statistics: how many jobs, how they ended, how long they took, per model and per day.

The numbers come from :func:`kontext_studio.stats.stats_for_ledger`, which reads every row
(about half a second per 10,000), so it runs in a worker thread; the dialog is non-modal and
shows "Counting…" until the result arrives. Colours come from the palette only, so the bars and
the text stay readable in a dark theme.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Sequence
from datetime import date
from functools import partial

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QLocale, QRectF, QSize, Qt
from PySide6.QtGui import (
    QFont,
    QHelpEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSlider,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from kontext_studio.explain import explain
from kontext_studio.jobs.states import JobState
from kontext_studio.stats import Stats, stats_for_ledger
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.fit import (
    FittedScroll,
    on_its_screen,
    room_above,
    screen_room,
    scrolled_content_size,
)
from kontext_studio.ui.flow_layout import FlowLayout
from kontext_studio.ui.font_scale import icons_as_tall_as_text, scaled_font
from kontext_studio.ui.levels import WrappedLabel, restyle, secondary_color
from kontext_studio.ui.next_turn import FONT, ChangeFollower, next_turn
from kontext_studio.ui.placement import keep_placed, place_again
from kontext_studio.ui.plain_text import plain_tooltip
from kontext_studio.ui.presets_menu import model_label
from kontext_studio.ui.shortcuts import keys_text
from kontext_studio.ui.translations import grouped

SCROLL_KEYS = {
    Qt.Key.Key_PageUp: QAbstractSlider.SliderAction.SliderPageStepSub,
    Qt.Key.Key_PageDown: QAbstractSlider.SliderAction.SliderPageStepAdd,
    Qt.Key.Key_Home: QAbstractSlider.SliderAction.SliderToMinimum,
    Qt.Key.Key_End: QAbstractSlider.SliderAction.SliderToMaximum,
}
BAR_AREA_HEIGHT = 120
APP_SIZES_KEPT = 8
"""The dialog's last sizes the app gave it, told back late by the window manager under X11:
grown for a larger font in steps, an answer that came after the next step was taken for the
artist's size, and back at 10 pt the dialog kept the larger font's."""
WHOLE_ROWS = 6
"""Rows of a table read whole, without a scroll bar: the dialog grows for them. Chinese
lines are taller, and five kinds of error showed four and a half rows."""
COUNT_ALIGNMENT = Qt.AlignmentFlag.AlignRight
"""A table's counts, and their title, stand on the right, digits under digits."""
VALUE_SCALE = 1.6
"""A tile's number, bold, this much larger than its caption."""
EMPTY_TITLE_SCALE = 1.3
"""The empty state's "No jobs yet", bold, this much larger than its words."""
EMPTY_WIDTH_CHARS = 44
"""The empty state's words wrap at about this many characters: a short centred column."""
STYLE = (
    "#statsCaption, #statsMessage, #statsScope, #statsOtherMode, #statsEmptyWords"
    " { color: $secondary; }"
)
"""The tiles' captions, the dialog's messages and what it counts in the secondary colour for
the palette (:func:`kontext_studio.ui.levels.styled`)."""


def percent(value: float | None) -> str:
    """``50.0%``, the sign where the language writes it ("%50,0" in Turkish, "50,0 %" in
    French); ``—`` when there is nothing to say."""
    if value is None:
        return "—"
    return QCoreApplication.translate("StatsDialog", "{value}%").format(
        value=QLocale().toString(value * 100, "f", 1)
    )


def seconds(value: float | None) -> str:
    """``12.5 s`` under a minute, ``1 min 16 s`` above; ``—`` when there is nothing to say."""
    if value is None:
        return "—"
    if value < 60:
        return QCoreApplication.translate("StatsDialog", "{n} s").format(
            n=QLocale().toString(value, "f", 1)
        )
    minutes, rest = divmod(round(value), 60)
    return QCoreApplication.translate("StatsDialog", "{m} min {s} s").format(m=minutes, s=rest)


def _rows_height(table: QTableWidget, rows: int) -> int:
    """The height ``table`` needs to show its header and first ``rows`` rows whole."""
    lines = sum(table.rowHeight(row) for row in range(rows))
    return table.horizontalHeader().sizeHint().height() + lines + 2 * table.frameWidth()


class DayBars(QWidget):
    """Jobs per day as a row of bars, the count above each bar and the day below it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dayBars")
        self._days: tuple[tuple[date, int], ...] = ()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    @property
    def days(self) -> tuple[tuple[date, int], ...]:
        return self._days

    def set_days(self, days: Sequence[tuple[date, int]]) -> None:
        self._days = tuple(days)
        self.update()

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(max(len(self._days), 1) * 30, BAR_AREA_HEIGHT + 2 * line + 8)

    def minimumSizeHint(self) -> QSize:
        return QSize(max(len(self._days), 1) * 18, self.sizeHint().height())

    def _slot_width(self) -> float:
        return self.width() / max(len(self._days), 1)

    def paintEvent(self, _event: QPaintEvent) -> None:
        if not self._days:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        line = self.fontMetrics().height()
        base = line + 2 + BAR_AREA_HEIGHT
        slot = self._slot_width()
        most = max(count for _day, count in self._days) or 1
        bar = palette.color(QPalette.ColorRole.Highlight)
        faint = palette.color(QPalette.ColorRole.Mid)
        text = palette.color(QPalette.ColorRole.WindowText)
        muted = secondary_color(palette)
        bold = QFont(self.font())
        bold.setBold(True)
        today = date.today()
        for index, (day, count) in enumerate(self._days):
            left = index * slot
            width = max(slot * 0.62, 3.0)
            x = left + (slot - width) / 2
            height = BAR_AREA_HEIGHT * count / most
            painter.setPen(Qt.PenStyle.NoPen)
            if count:
                painter.setBrush(bar)
                painter.drawRoundedRect(QRectF(x, base - height, width, height), 2.0, 2.0)
                painter.setPen(text)
                painter.drawText(
                    QRectF(left, base - height - line - 1, slot, line),
                    Qt.AlignmentFlag.AlignCenter,
                    grouped(count),
                )
            else:
                painter.setBrush(faint)
                painter.drawRect(QRectF(x, base - 1, width, 1))
            painter.setFont(bold if day == today else self.font())
            painter.setPen(text if day == today else muted)
            painter.drawText(
                QRectF(left, base + 4, slot, line), Qt.AlignmentFlag.AlignCenter, str(day.day)
            )
            painter.setFont(self.font())
        painter.end()

    def event(self, event: QEvent) -> bool:
        """A tooltip with the full date and count of the bar under the pointer."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = int(event.pos().x() // self._slot_width()) if self._days else -1
            if 0 <= index < len(self._days):
                day, count = self._days[index]
                when = QLocale().toString(QDate(day.year, day.month, day.day))
                words = self.tr("{day}: 1 job") if count == 1 else self.tr("{day}: {n} jobs")
                tip = plain_tooltip(words.format(day=when, n=grouped(count)))
                QToolTip.showText(event.globalPos(), tip, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)


class CountsTable(QTableWidget):
    """A table of names and their counts, as wide as they ask (the dialog is sized from
    it): at Qt's 256 px, "The demo balance does not have enough left for this job" was
    wrapped in a dialog with room to its side.

    Each row as tall as its words at the font and width it has now, and the table at least
    as tall as its first :data:`WHOLE_ROWS` rows: rows sized once, when counted, stayed
    30 px at 14 pt set later, and a kind of error wrapped on two lines was cut with "…"."""

    def __init__(self, rows: int, columns: int, parent: QWidget | None = None) -> None:
        super().__init__(rows, columns, parent)
        rows_header = self.verticalHeader()
        rows_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        rows_header.sectionResized.connect(self._row_resized)

    def _row_resized(self, _row: int, _old: int, _new: int) -> None:
        """Its least height asked again of the layout: a row grew or shrank for its words."""
        self.updateGeometry()

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        whole = _rows_height(self, min(self.rowCount(), WHOLE_ROWS))
        return QSize(hint.width(), max(hint.height(), whole))

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        header = self.horizontalHeader()
        columns = sum(
            max(self.sizeHintForColumn(column), header.sectionSizeHint(column))
            for column in range(self.columnCount())
        )
        return QSize(max(hint.width(), columns + 2 * self.frameWidth()), hint.height())


class Tile(QFrame):
    """One headline number with its caption under it."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._refit = ChangeFollower(self, self._size_value, FONT)
        self.setObjectName("statsTile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel("—")
        self.value.setObjectName("statsValue")
        self._size_value()
        # Its lines counted in the dialog's least height: a caption on two lines (Chinese)
        # took room the tables below needed, and the last row of errors was cut.
        self.caption = WrappedLabel()
        self.caption.setText(caption)
        self.caption.setObjectName("statsCaption")
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 8, 10, 8)
        column.setSpacing(2)
        column.addWidget(self.value)
        column.addWidget(self.caption)
        column.addStretch(1)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        self._refit.hear(event)  # the app's font changed while it is open

    def _size_value(self) -> None:
        """The number at :data:`VALUE_SCALE` of the tile's font, set again when that changes:
        a font set on the label no longer follows the tile's, and one scaled by its point
        size had none (-1) to scale when the application font was set in pixels."""
        self.value.setFont(scaled_font(self.font(), VALUE_SCALE, bold=True))


class PageStack(QStackedWidget):
    """The dialog's pages, the stack as large as the page it shows where that page is one of
    :meth:`size_alone`'s (no jobs yet, a failure). Qt's asks for its largest page (the size
    hints and the height for a width of every page, hidden or not): "No jobs yet" stood
    alone in a box as tall as the numbers. The other pages' size policy is then Ignored,
    which leaves them out of its size hints, and its height for a width is that page's.
    "Counting…" is shown at the numbers' size, as before: they mostly follow."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._by_itself: tuple[QWidget, ...] = ()
        self.currentChanged.connect(self._size_to_shown)

    def size_alone(self, pages: tuple[QWidget, ...]) -> None:
        """``pages`` size the stack by themselves while shown, and not at all while hidden."""
        self._by_itself = pages
        self._size_to_shown(self.currentIndex())

    def _alone(self) -> QWidget | None:
        shown = self.currentWidget()
        return shown if shown in self._by_itself else None

    def _size_to_shown(self, _index: int) -> None:
        """The pages left out of the stack's size hints Ignored, the others Preferred (the
        default of a page; QSizePolicy() is Fixed)."""
        shown = self._alone()
        ignored = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        preferred = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        for page in filter(None, (self.widget(index) for index in range(self.count()))):
            hidden = page is not self.currentWidget()
            left_out = hidden and (shown is not None or page in self._by_itself)
            page.setSizePolicy(ignored if left_out else preferred)
        self.updateGeometry()

    def hasHeightForWidth(self) -> bool:
        shown = self._alone()
        return super().hasHeightForWidth() if shown is None else shown.hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:
        shown = self._alone()
        return super().heightForWidth(width) if shown is None else shown.heightForWidth(width)


class EmptyPage(QWidget):
    """What Statistics says before the first job: that there is none yet, what it will show
    once there are some, and how to make the first. A lone "No jobs yet" in a box sized for
    the numbers (546 x 661) looked like a window left unfinished."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._refit = ChangeFollower(self, self._size_title, FONT)
        self.setObjectName("statsEmpty")
        self.title = self._centred(QCoreApplication.translate("StatsDialog", "No jobs yet"))
        self.title.setObjectName("statsEmptyTitle")
        self._size_title()
        self.words = self._centred(
            QCoreApplication.translate(
                "StatsDialog",
                "Once you have generated images, this window shows how many succeeded, how "
                "long they took, and your jobs per day, per model and by kind of error.",
            )
        )
        self.words.setObjectName("statsEmptyWords")
        self.how = self._centred(
            QCoreApplication.translate(
                "StatsDialog",
                "To make your first, type a prompt on the Generate tab and press {keys}.",
            ).format(keys=keys_text("generate"))
        )
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 12, 12, 12)
        column.setSpacing(8)
        column.addStretch(1)
        for label in (self.title, self.words, self.how):
            column.addWidget(label)
        column.addStretch(1)

    @staticmethod
    def _centred(text: str) -> QLabel:
        label = QLabel(text)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        return label

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        self._refit.hear(event)  # the app's font changed while it is open

    def _size_title(self) -> None:
        self.title.setFont(scaled_font(self.font(), EMPTY_TITLE_SCALE, bold=True))

    def sizeHint(self) -> QSize:
        """As wide as :data:`EMPTY_WIDTH_CHARS` (a wrapped label asks for a line of about 80)
        and as tall as its words are at that width."""
        layout = self.layout()
        margins = self.contentsMargins()
        if layout is not None:
            margins += layout.contentsMargins()
        width = self.fontMetrics().averageCharWidth() * EMPTY_WIDTH_CHARS
        width += margins.left() + margins.right()
        return QSize(width, self.heightForWidth(width))


class StatsDialog(QDialog):
    """Statistics of the whole library; :meth:`refresh` counts again in the background."""

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        keep_placed(self)
        self._recolour = ChangeFollower(self, partial(restyle, self, STYLE))
        self._refont = ChangeFollower(self, self._font_changed, FONT)
        self._refit = next_turn(self, self._fit_font)
        self._bridge = bridge
        self._task: asyncio.Task[Stats] | None = None
        self.stats: Stats | None = None
        self._app_sized = QSize()  # the size the app last gave it (resizeEvent)
        self._app_sizes: deque[QSize] = deque(maxlen=APP_SIZES_KEPT)  # and those before
        self._artist_sized: QSize | None = None  # the size the artist dragged it to
        self._refit_restored = False  # the font changed while it was maximized
        self._fitted_to: QWidget | None = None  # the page it chose it for, None the numbers
        self.setObjectName("statsDialog")
        restyle(self, STYLE)
        self.setWindowTitle(self.tr("Statistics"))

        self.loading = self._message(self.tr("Counting…"))
        self.empty = EmptyPage()
        self.failed = self._message("")
        self.pages = PageStack()
        self.content = self._build_content()
        for page in (self.loading, self.empty, self.failed, self.content):
            self.pages.addWidget(page)
        self.pages.size_alone((self.empty, self.failed))

        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.refresh_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        icons_as_tall_as_text(self.buttons)
        layout = QVBoxLayout(self)
        self.numbers = self._scrolling(self.pages)
        layout.addWidget(self.numbers, 1)
        layout.addWidget(self.buttons)
        if parent is not None:
            self.setScreen(parent.screen())  # sized for the screen it opens on
        self._fit_numbers()
        self.refresh()

    def _show_page(self, page: QWidget, *, first: bool) -> None:
        """``page`` shown (:class:`PageStack`), the dialog sized to it where it stands at the
        size it chose, not one the artist gave it: on the ``first`` count, or another page
        than before. Then centred again over its window (:func:`place_again`): shrunk to
        "No jobs yet" it stood high over it, and grown from there for the first jobs it hung
        off the window's right and bottom."""
        fitted = self._at_chosen_size()
        before = self.pages.currentWidget()
        self.pages.setCurrentWidget(page)
        self.numbers.updateGeometry()  # the dialog's least size its page's, at once
        if not fitted or (page is before and not first):
            return
        self._fit_numbers(page)
        if self.isVisible():
            place_again(self)

    def _at_chosen_size(self) -> bool:
        """Whether the dialog stands at the size the app last gave it (:meth:`_fit_numbers`,
        or its layout grown for its words in a larger font, in steps under X11), not at one
        the artist gave it by dragging its edge (or that one grown by a larger font)."""
        return self._artist_sized is None and self.size() == self._app_sized

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The app's resizes remembered, and the artist's: the window manager tells the
        artist's, which Qt says are spontaneous, and the app's own too, late, at a size the
        app gave (:data:`APP_SIZES_KEPT`): not the artist's."""
        super().resizeEvent(event)
        if not event.spontaneous():
            self._app_sized = event.size()
            self._app_sizes.append(event.size())
        elif event.size() not in self._app_sizes and not self._stretched():
            self._artist_sized = event.size()

    def _stretched(self) -> bool:
        """Whether it is maximized or full screen: its size is then the screen's, not one
        the artist dragged it to (maximized once and restored, a larger font grew it back
        to the screen's size, not maximized)."""
        stretched = Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen
        return bool(self.windowState() & stretched)

    def _font_changed(self) -> None:
        """Refitted once the turn of restyles is over: its pages' own fonts ("No jobs yet",
        the numbers) are set in it, after the dialog's."""
        self._refit.start()

    def _fit_font(self) -> None:
        """The dialog refitted to its page for the app's font changed while it is open, and
        centred again, where it stands at the size it chose: at 16 pt "No jobs yet" kept its
        9 pt width, its words wrapped down a narrow column that scrolled, and back at 9 pt
        it stayed that tall. Sized by the artist, it keeps their size (:meth:`_artist_fit`).
        Maximized or full screen, it is refitted once restored: resized, it was no longer
        maximized, and stood as large as the screen after."""
        if self._stretched():
            self._refit_restored = True
            return
        if self._artist_sized is not None:
            self._artist_fit(self._artist_sized)
            return
        if not self._at_chosen_size():
            return
        self._fit_numbers(self._fitted_to)
        if self.isVisible():
            place_again(self)

    def _artist_fit(self, size: QSize) -> None:
        """The artist's ``size``, or larger where the new font needs more room than it
        gives: the layout grew the dialog past it at 14 pt, and that size was taken for the
        app's, refitted to the numbers at 9 pt again, the artist's size lost."""
        layout = self.layout()
        if layout is not None:
            layout.activate()  # its least size the new font's
        self.resize(size.expandedTo(self.minimumSizeHint()).boundedTo(screen_room(self)))

    def _fit_numbers(self, page: QWidget | None = None) -> None:
        """The dialog as large as its numbers (or ``page``) ask, within its screen
        (:func:`~kontext_studio.ui.fit.scrolled_content_size`): where they do not fit, they
        scroll above Close and Refresh, which stay on the screen (at 24 pt on a 1024 x 640
        screen at 150 % they were below its edge, out of reach)."""
        layout = self.layout()
        if layout is not None:
            layout.activate()  # its least size the numbers' now, not the loading page's
        room = self._room_for_numbers()
        bar = self.numbers.verticalScrollBar().sizeHint().width()
        numbers = scrolled_content_size(page or self.content, room, bar)
        frame = 2 * self.numbers.frameWidth()
        around = screen_room(self) - room + QSize(frame, frame)
        wanted = numbers + around
        for _pass in range(2):
            self.resize(wanted.expandedTo(self.minimumSizeHint()).boundedTo(screen_room(self)))
            # Its least height is its words' at the width it had: narrower (a larger font
            # set while "No jobs yet" showed), they wrapped taller, and it stayed that tall.
            self.numbers.updateGeometry()
            if layout is not None:
                layout.activate()
        self._app_sized, self._fitted_to = self.size(), page
        if self.isVisible():
            on_its_screen(self)  # grown for the numbers come, down from where it stood

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Page Up / Page Down, Home / End scroll the numbers, from the buttons (the keyboard
        is there): on a small screen the ones below the fold were out of its reach."""
        step = SCROLL_KEYS.get(Qt.Key(event.key()))
        if step is None or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)
            return
        self.numbers.verticalScrollBar().triggerAction(step)

    # Building -----------------------------------------------------------------------------

    def _scrolling(self, pages: QWidget) -> QScrollArea:
        scroll = FittedScroll(self._room_for_numbers)
        scroll.setWidget(pages)
        return scroll

    def _room_for_numbers(self) -> QSize:
        """The screen's room less the buttons and the margins around the numbers."""
        buttons = self.findChild(QDialogButtonBox)
        return room_above(self, (buttons,) if buttons else ())

    def _message(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        label.setObjectName("statsMessage")
        return label

    @staticmethod
    def _section(text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("sectionLabel")
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        return label

    def _table(self, first: str) -> CountsTable:
        table = CountsTable(0, 2)
        # Each title stands where its column's values do (:meth:`_fill`): the names on the
        # left, the counts on the right. The header centred them, and "Model" stood alone in
        # the middle of its wide column.
        titles = ((first, Qt.AlignmentFlag.AlignLeft), (self.tr("Jobs"), COUNT_ALIGNMENT))
        for column, (text, side) in enumerate(titles):
            title = QTableWidgetItem(text)
            title.setTextAlignment(side | Qt.AlignmentFlag.AlignVCenter)
            table.setHorizontalHeaderItem(column, title)
        table.verticalHeader().setVisible(False)
        table.setShowGrid(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        return table

    def _build_content(self) -> QWidget:
        self.tiles = {
            "success": Tile(self.tr("Success rate (of finished jobs)")),
            "mean": Tile(self.tr("Mean generation time")),
            "p90": Tile(self.tr("90% finish within")),
            "total": Tile(self.tr("Artworks in the library")),
        }
        # As many to a row as fit, sharing its width: four side by side at 24 pt needed 780
        # px, and on a 683 x 400 screen the numbers scrolled sideways.
        tiles = FlowLayout(spacing=8, justify=True, even_rows=True)
        for tile in self.tiles.values():
            tiles.addWidget(tile)
        self.breakdown = WrappedLabel()
        self.breakdown.setObjectName("statsBreakdown")
        # Deleting removes a job's row, and with it the job from every number here: an
        # artist who made 34 and deleted 2 read "32 generation jobs" and nothing said why.
        # A job is one image: three presses of Generate at 4 images each read "12
        # generation jobs", 12 a day, 12 per model, taken for 12 presses.
        self.scope = WrappedLabel()
        self.scope.setText(
            self.tr(
                "Counted from the jobs and uploads in your library now: each job is one image "
                "asked for (a Generate of 4 images is 4 jobs), and deleted ones are not "
                "counted."
            )
        )
        self.scope.setObjectName("statsScope")
        # The jobs are the window's mode's (:func:`kontext_studio.stats.compute_stats`): the
        # artist who counted theirs in the library's grid is told why some are not here.
        self.other_mode = WrappedLabel()
        self.other_mode.setObjectName("statsOtherMode")
        self.days_title = self._section("")
        self.days = DayBars()
        self.models = self._table(self.tr("Model"))
        # A library of uploads alone: an empty table under "Per model" said nothing.
        self.no_models = self._message("")  # its words as counted (_no_models_words)
        self.errors = self._table(self.tr("Error"))
        self.no_errors = self._message(self.tr("No failed jobs."))

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        # Each table is named by its heading: a screen reader said a table with no name.
        per_model, by_kind = self.tr("Per model"), self.tr("Errors by kind")
        self.models.setAccessibleName(per_model)
        self.errors.setAccessibleName(by_kind)
        grid.addWidget(self._section(per_model), 0, 0)
        grid.addWidget(self._section(by_kind), 0, 1)
        self.models_stack = QStackedWidget()
        self.models_stack.addWidget(self.models)
        self.models_stack.addWidget(self.no_models)
        grid.addWidget(self.models_stack, 1, 0)
        self.errors_stack = QStackedWidget()
        self.errors_stack.addWidget(self.errors)
        self.errors_stack.addWidget(self.no_errors)
        grid.addWidget(self.errors_stack, 1, 1)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        column.addLayout(tiles)
        column.addWidget(self.breakdown)
        column.addWidget(self.scope)
        column.addWidget(self.other_mode)
        column.addSpacing(4)
        column.addWidget(self.days_title)
        column.addWidget(self.days)
        column.addSpacing(4)
        column.addLayout(grid, 1)
        return content

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        self._recolour.hear(event)  # the system switched between light and dark
        self._refont.hear(event)  # the app's font changed while it is open
        restored = event.type() == QEvent.Type.WindowStateChange and not self._stretched()
        if restored and self._refit_restored:
            self._refit_restored = False
            self._refit.start()  # the font changed while it was maximized

    # Counting -----------------------------------------------------------------------------

    @property
    def counting(self) -> bool:
        return self._task is not None and not self._task.done()

    def refresh(self) -> None:
        """Count again in a worker thread; the last numbers stay on screen meanwhile."""
        if self.counting:
            return
        if self.stats is None:
            self.pages.setCurrentWidget(self.loading)
        self.refresh_button.setEnabled(False)
        self._task = self._bridge.spawn(self._count(), on_done=self.show_stats, owner=self)

    async def _count(self) -> Stats:
        try:
            session = self._bridge.session
            return await asyncio.to_thread(stats_for_ledger, session.ledger, demo=session.demo)
        except Exception as error:
            words = explain(error)
            self.failed.setText(
                self.tr("The statistics could not be computed.") + f"\n{words.message}"
            )
            self._show_page(self.failed, first=self.stats is None)
            self.refresh_button.setEnabled(True)
            raise  # the bridge logs it and shows it in the banner

    def show_stats(self, stats: Stats) -> None:
        first = self.stats is None
        self.stats = stats
        self.refresh_button.setEnabled(True)
        if stats.total == 0:
            self._show_page(self.empty, first=first)
            return
        self.tiles["success"].value.setText(percent(stats.success_rate))
        self.tiles["mean"].value.setText(seconds(stats.mean_duration_s))
        self.tiles["p90"].value.setText(seconds(stats.p90_duration_s))
        self.tiles["total"].value.setText(grouped(stats.artworks))
        parts = [
            (
                self.tr("1 generation job")
                if stats.generated == 1
                else self.tr("{n} generation jobs").format(n=grouped(stats.generated))
            ),
            self.tr("{n} uploaded").format(n=grouped(stats.uploaded)),
        ]
        if stats.extra:
            parts.append(self._extra_words(stats.extra))
        parts += [self._in_state(state).format(n=grouped(n)) for state, n in stats.by_state.items()]
        self.breakdown.setText(" · ".join(parts))
        self.other_mode.setText(self._other_mode_words(stats.other_mode))
        self.other_mode.setVisible(bool(stats.other_mode))
        self._show_days(stats)
        self._fill(self.models, [(model_label(m), n) for m, n in stats.by_model.items()])
        self.no_models.setText(self._no_models_words(stats.other_mode))
        self.models_stack.setCurrentWidget(self.models if stats.by_model else self.no_models)
        self._fill(self.errors, [(e.label, e.count) for e in stats.errors])
        self.errors_stack.setCurrentWidget(self.errors if stats.errors else self.no_errors)
        # The tables' rows ask for room: the dialog grows for them, first counted; not
        # where the artist sized it while they were counted (_show_page): it snapped back.
        self._show_page(self.content, first=first)

    def _extra_words(self, count: int) -> str:
        """The ``count`` extra images kept for jobs (:attr:`Stats.extra`): artworks the
        jobs' count leaves out, said so the artworks' count adds up."""
        if count == 1:
            return self.tr("1 extra image of a job")
        return self.tr("{n} extra images of jobs").format(n=grouped(count))

    def _other_mode_words(self, count: int) -> str:
        """That the ``count`` jobs of the other mode are not counted, and where they are."""
        if self._bridge.session.demo:
            if count == 1:
                return self.tr(
                    "1 job sent to KIE in live mode is not counted among the jobs here: the "
                    "statistics in live mode count it."
                )
            return self.tr(
                "{n} jobs sent to KIE in live mode are not counted among the jobs here: the "
                "statistics in live mode count them."
            ).format(n=grouped(count))
        if count == 1:
            return self.tr(
                "1 demo job is not counted among the jobs here: the statistics in demo mode "
                "count it."
            )
        return self.tr(
            "{n} demo jobs are not counted among the jobs here: the statistics in demo mode "
            "count them."
        ).format(n=grouped(count))

    def _no_models_words(self, other_mode: int) -> str:
        """What "Per model" says with no job of this mode, the ``other_mode`` jobs left out:
        "No images generated yet." of a library of the other mode's jobs alone stood beside
        the tile that counts their images."""
        if not other_mode:
            return self.tr("No images generated yet.")
        if self._bridge.session.demo:
            return self.tr("No images generated in demo mode yet.")
        return self.tr("No images generated in live mode yet.")

    def _in_state(self, state: JobState) -> str:
        """How many jobs are in ``state``, worded like "{n} generated" beside it: a count
        then its word in English, "已生成 8 件" style in Chinese."""
        words = {
            JobState.QUEUED: self.tr("{n} queued"),
            JobState.UPLOADING: self.tr("{n} uploading"),
            JobState.SUBMITTING: self.tr("{n} sending"),
            JobState.GENERATING: self.tr("{n} generating"),
            JobState.DOWNLOADING: self.tr("{n} downloading"),
            JobState.COMPLETED: self.tr("{n} completed"),
            JobState.FAILED: self.tr("{n} failed"),
            JobState.TIMEOUT: self.tr("{n} timed out"),
            JobState.UNKNOWN: self.tr("{n} with outcome unknown"),
            JobState.CANCELLED: self.tr("{n} cancelled"),
        }
        return words[state]

    def _show_days(self, stats: Stats) -> None:
        if stats.per_day:
            fmt = self.tr("MMM d", "date format of the day range, see QDate::toString")
            first, last = (stats.per_day[0][0], stats.per_day[-1][0])
            self.days_title.setText(
                self.tr("Jobs per day, {first} – {last}").format(
                    first=QLocale().toString(QDate(first.year, first.month, first.day), fmt),
                    last=QLocale().toString(QDate(last.year, last.month, last.day), fmt),
                )
            )
        self.days.set_days(stats.per_day)

    @staticmethod
    def _fill(table: QTableWidget, rows: list[tuple[str, int]]) -> None:
        table.setRowCount(len(rows))
        for row, (label, count) in enumerate(rows):
            name = QTableWidgetItem(label)
            name.setToolTip(plain_tooltip(label))
            number = QTableWidgetItem(grouped(count))
            number.setTextAlignment(COUNT_ALIGNMENT | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(row, 0, name)
            table.setItem(row, 1, number)
        table.updateGeometry()

    @staticmethod
    def table_rows(table: QTableWidget) -> list[tuple[str, str]]:
        """What ``table`` shows, as (label, count) text."""

        def text(row: int, column: int) -> str:
            item = table.item(row, column)
            return item.text() if item is not None else ""

        return [(text(row, 0), text(row, 1)) for row in range(table.rowCount())]

    def done(self, result: int) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
        super().done(result)
