"""The window at 24 pt on a 1024 x 700 screen: it needed 1148 px, the library's filter and
Starred side by side, so it ran past the screen's edge and the status bar's balance with
it. The balance's words were cut to a fixed 280 px ("Demo balance:…"), and its place kept
the width of "not checked yet" after the balance came."""

from __future__ import annotations

import asyncio
import errno
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QCursor, QFontMetrics, QHelpEvent, QPalette, QScreen
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QToolTip, QWidget

from kontext_studio import i18n
from kontext_studio.kie.models import MAX_PROMPT_CHARS, GenerateRequest
from kontext_studio.session import Session, open_session
from kontext_studio.ui import main_window, notice_bar, translations
from kontext_studio.ui.bridge import Bridge, DeletesDone
from kontext_studio.ui.capped_lines import SCREEN_SHARE
from kontext_studio.ui.elided_label import ElidedLabel, cut_to_lines
from kontext_studio.ui.fit import FRAME_ROOM
from kontext_studio.ui.main_window import MainWindow
from kontext_studio.ui.notice_bar import NoticeBar
from kontext_studio.ui.notifications import BannerKind
from kontext_studio.ui.status import ActiveJobsLabel, DeleteActivityLabel
from tests.fixtures import fast_schedule
from tests.ui.conftest import application_font, refusing, settled, tip_shown, until
from tests.ui.test_accessibility import tab_stops
from tests.ui.test_contrast import ring_band
from tests.ui.test_publishing import (  # noqa: F401
    keys_from,
    message_room,
    no_r2_environment,
    point_r2_at,
    toolbar_last,
)
from tests.ui.test_window import close_window, cut_buttons, open_window

SCREEN = QRect(0, 0, 1024, 700)
ROOM = SCREEN.size() - FRAME_ROOM
LAPTOP = QRect(0, 0, 911, 512)
"""A 1366 x 768 laptop's screen at 150 %."""
HIGH_DPI = QRect(0, 0, 384, 263)
"""A 1024 x 700 screen with its text at 256 dpi (``QT_FONT_DPI=256``): Qt scales the window
2.67 times over, so to it the screen is this size, and its default font is the 24 pt font's
size on a 1024 x 700 screen."""
NETBOOK = QRect(0, 0, 1024, 600)
"""A netbook's screen, or a small tablet's."""
BALANCE = re.compile(r"Demo balance: [\d,]+")


def says(tip: str, words: str) -> bool:
    """Whether the tooltip ``tip`` says ``words``, on whatever lines it has them."""
    return " ".join(words.split()) in " ".join(tip.split())


@pytest.fixture
def small_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(SCREEN))


@pytest.fixture
def laptop_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(LAPTOP))


@pytest.fixture
def high_dpi_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(HIGH_DPI))


@pytest.fixture
async def demo() -> AsyncIterator[Session]:
    session = open_session(demo=True, schedule=fast_schedule())
    yield session
    await session.aclose()


@pytest.fixture
async def window(demo: Session) -> AsyncIterator[MainWindow]:
    made = await open_window(demo)
    made.show()
    await settled(made)
    yield made
    await close_window(made)


async def test_at_24_pt_the_window_fits_a_1024_px_screen(
    huge_font: None, small_screen: None, window: MainWindow
) -> None:
    assert window.font().pointSize() == 24
    assert window.minimumSizeHint().width() <= ROOM.width(), window.minimumSizeHint()
    window.resize(ROOM)
    for tab in range(window.tabs.count()):
        window.tabs.setCurrentIndex(tab)
        await settled(window)
        assert window.size() == ROOM
        assert not cut_buttons(window), window.tabs.tabText(tab)
    library = window.library
    for control in (library.search, library.state_filter, library.starred_only):
        assert control.isVisible()
        shown = QRect(control.mapTo(library, QPoint(0, 0)), control.size())
        assert library.rect().contains(shown), control.accessibleName()


async def test_at_24_pt_on_a_1024_px_screen_the_balance_is_shown_whole(
    huge_font: None, small_screen: None, window: MainWindow
) -> None:
    window.resize(ROOM)
    await settled(window)
    credits = window.credits
    assert BALANCE.fullmatch(credits.text()), credits.text()
    assert credits.width() >= credits.sizeHint().width()
    right = credits.mapTo(window, QPoint(credits.width(), 0)).x()
    assert right <= ROOM.width() == window.width()


async def test_at_24_pt_on_a_1024_px_screen_no_room_is_kept_after_the_balance(
    huge_font: None, small_screen: None, window: MainWindow
) -> None:
    """The place of the balance kept the width of "Demo balance: not checked yet", said
    before the first check only: ~160 px left empty after the balance, while the demo
    mode's words beside it were cut. They are cut still, with an ellipsis, where the bar
    has no room for them."""
    window.resize(ROOM)
    await settled(window)
    credits = window.credits
    assert BALANCE.fullmatch(credits.text()), credits.text()
    place = credits.parentWidget()
    assert place is not None
    assert place.width() == credits.width() == credits.sizeHint().width()
    words = window.mode.label
    assert isinstance(words, ElidedLabel)
    assert words.isVisible() and words.width() < words.sizeHint().width()
    assert words.shown_text().endswith("…")


async def test_at_the_default_font_the_badge_stays_put_while_the_job_count_changes(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The places of the job count and the balance give up the room they keep only where
    the bar lacks it with the publishing's words cut: able to give way whenever the bar
    was short, in an 820 px window showing the publishing's words the badge moved 41 px
    each time the job count changed, and the balance with it."""
    controller = window.publishing
    monkeypatch.setattr(controller, "sending_count", lambda: 3)
    monkeypatch.setattr(controller, "waiting_count", lambda: 3)
    monkeypatch.setattr(controller, "overall_progress", lambda: (40, 100))
    monkeypatch.setattr(controller, "sending_finished", lambda: False)
    controller.totals_changed.emit()
    window.resize(820, 600)
    await settled(window)
    badge, credits = window.mode.badge, window.credits
    seen = []
    for count in ("20 running, 8 waiting", "1 running", "20 running, 8 waiting"):
        window.active_jobs.setText(count)
        await settled(window)
        seen.append((badge.mapTo(window, QPoint(0, 0)), credits.mapTo(window, QPoint(0, 0))))
    assert window.publish_activity.shown_text().endswith("…")  # the bar is short here
    assert seen[0] == seen[1] == seen[2], seen
    words = window.mode.label
    assert words.width() >= words.sizeHint().width(), "the demo words are whole"


async def test_at_24_pt_a_notice_leaves_the_balance_where_it_stands(
    huge_font: None, small_screen: None, window: MainWindow
) -> None:
    """The demo words step aside while a notice shows: the places of the job count and the
    balance took back the room they had given up, and the balance moved 165 px left at each
    notice and back after it, the notice given none of the room the words left."""
    window.resize(ROOM)
    await settled(window)
    credits, bar = window.credits, window.statusBar()
    before = credits.mapTo(window, QPoint(0, 0))
    bar.showMessage("Settings saved.")
    await settled(window)
    assert not window.mode.label.isVisible()
    assert credits.mapTo(window, QPoint(0, 0)) == before
    bar.clearMessage()
    await settled(window)
    assert window.mode.label.isVisible()
    assert credits.mapTo(window, QPoint(0, 0)) == before
    assert window.mode.label.shown_text().endswith("…")


LONG_NOTICE = (
    "“a lantern by the sea” was not downloaded again: the demo server no longer accepts its "
    "link. If you have a copy from a backup, put it in its place and choose Download again."
)


async def test_a_notice_too_long_for_the_bar_is_cut_with_an_ellipsis_and_said_whole(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a 1024 x 600 window the bar clipped a long notice at the demo badge, mid-word
    ("… put it in its"), with no way to read the rest. It ends with "…" where it is cut,
    and its whole words are the bar's tooltip and what a screen reader hears of it."""
    monkeypatch.setattr(main_window, "STATUS_MESSAGE_MS", 0)  # no clock: messages stay up
    window.resize(1024, 600)
    await settled(window)
    window._show_status(LONG_NOTICE)
    await settled(window)
    bar = window.statusBar()
    assert isinstance(bar, NoticeBar)
    shown = bar.shown_message()
    assert shown.endswith("…") and LONG_NOTICE.startswith(shown[:-1]), shown
    assert bar.fontMetrics().horizontalAdvance(shown) <= message_room(window), shown
    assert bar.accessibleDescription() == LONG_NOTICE
    inside = bar.message_rect().center()
    hover = QHelpEvent(QEvent.Type.ToolTip, inside, bar.mapToGlobal(inside))
    QApplication.sendEvent(bar, hover)
    assert QToolTip.isVisible()
    assert says(QToolTip.text(), "put it in its place and choose Download again.")
    bar.clearMessage()
    await until(lambda: not QToolTip.isVisible())  # the tooltip goes with its notice
    assert bar.accessibleDescription() == ""


async def pointer_on_the_status_bar(window: MainWindow) -> NoticeBar:
    """``window`` at 1024 x 600, the pointer resting where its status bar says a notice."""
    window.resize(1024, 600)
    await settled(window)
    bar = window.statusBar()
    assert isinstance(bar, NoticeBar)
    # Off it first: a pointer left there by a test before moves nowhere, and enters nothing.
    QTest.mouseMove(window.panes_scroll, window.panes_scroll.rect().center())
    room = bar.message_rect()
    QTest.mouseMove(bar, QPoint(room.left() + 3, room.center().y()))  # on its first letter
    await until(bar.underMouse)
    return bar


async def test_a_notice_stays_while_the_pointer_is_on_it_and_goes_after_it_leaves(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long notice went after its 5 s while the pointer was on it, its tooltip (its whole
    words) with it, half read. It stays while the pointer is on the bar, and goes a moment
    after the pointer leaves."""
    monkeypatch.setattr(main_window, "STATUS_MESSAGE_MS", 1)  # its time up at once
    monkeypatch.setattr(notice_bar, "LINGER_MS", 1)
    bar = await pointer_on_the_status_bar(window)
    window._show_status(LONG_NOTICE)
    await until(bar.held_by_pointer)  # its time ran out with the pointer on it
    assert bar.currentMessage() == LONG_NOTICE
    QTest.mouseMove(window.panes_scroll, window.panes_scroll.rect().center())
    await until(lambda: bar.currentMessage() == "")


async def test_a_notice_goes_in_the_end_with_the_pointer_resting_on_the_bar(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pointer left resting on the status bar (on its credits) while the artist worked
    by keys kept "Settings saved." there for good, and the connection's state, which the
    bar hides while it says something, with it. A notice held by the pointer goes in the
    end; View ▸ Last messages still has it."""
    monkeypatch.setattr(main_window, "STATUS_MESSAGE_MS", 1)  # its time up at once
    monkeypatch.setattr(notice_bar, "HOLD_MS", 1)
    bar = await pointer_on_the_status_bar(window)
    window._show_status("Settings saved.")
    await until(lambda: bar.currentMessage() == "")
    assert bar.underMouse()
    assert window.menu_actions["last_message"].isEnabled()


async def test_a_notice_held_by_the_pointer_goes_once_the_window_is_closed(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Closed with the pointer on a notice whose time was up, the window kept it held its
    30 s, every event of the app watched for the pointer leaving words no longer shown.
    Closed, the words are left: the notice goes a moment later."""
    monkeypatch.setattr(main_window, "STATUS_MESSAGE_MS", 1)  # its time up at once
    monkeypatch.setattr(notice_bar, "LINGER_MS", 1)
    bar = await pointer_on_the_status_bar(window)
    window._show_status("Settings saved.")
    await until(bar.held_by_pointer)
    window.hide()  # as its close hides it
    await until(lambda: bar.currentMessage() == "")
    assert not bar.held_by_pointer()


async def test_a_held_notice_goes_once_the_pointer_moves_off_its_words_along_the_bar(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Held by the pointer on its words, a notice goes a moment after the pointer moves off
    them, still on the bar (towards the credits): the moves of a pointer with no button
    down reach the clock's watch over the app whether or not the bar tracks them."""
    monkeypatch.setattr(main_window, "STATUS_MESSAGE_MS", 1)  # its time up at once
    monkeypatch.setattr(notice_bar, "LINGER_MS", 1)
    bar = await pointer_on_the_status_bar(window)
    window._show_status("Settings saved.")
    await until(bar.held_by_pointer)
    room = bar.message_rect()
    QTest.mouseMove(bar, QPoint(room.right() - 3, room.center().y()))  # past its words
    await until(lambda: bar.currentMessage() == "")


async def test_a_held_notice_leaves_the_rest_of_the_app_s_events_alone(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the pointer held a notice, every event of the app (each key typed in the
    prompt, each paint of the grid) went through a check that asked the display where the
    pointer was. Only the bar's own events are looked at: typing meanwhile runs nothing
    of the notice's, and the notice still goes once the pointer leaves its words."""
    monkeypatch.setattr(main_window, "STATUS_MESSAGE_MS", 1)  # its time up at once
    monkeypatch.setattr(notice_bar, "LINGER_MS", 1)
    looked_at: list[QObject] = []
    watch = notice_bar.NoticeClock.eventFilter

    def seen(clock: notice_bar.NoticeClock, watched: QObject, event: QEvent) -> bool:
        looked_at.append(watched)
        return watch(clock, watched, event)

    monkeypatch.setattr(notice_bar.NoticeClock, "eventFilter", seen)
    bar = await pointer_on_the_status_bar(window)
    window._show_status("Settings saved.")
    await until(bar.held_by_pointer)
    prompt = window.generate_tab.prompt
    prompt.setFocus()
    QTest.keyClicks(prompt, "a moth at dusk")
    await settled(window)
    assert prompt.toPlainText() == "a moth at dusk"
    assert bar.currentMessage() == "Settings saved."
    assert {id(watched) for watched in looked_at} <= {id(bar)}
    QTest.mouseMove(window.panes_scroll, window.panes_scroll.rect().center())
    await until(lambda: bar.currentMessage() == "")


async def test_a_held_notice_goes_once_the_bar_s_widgets_take_the_place_of_its_words(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A notice held by the pointer resting at the end of its words, where a publish's
    progress then came into the bar: the words, cut shorter, were no longer under the
    pointer, but with the pointer still nothing said so, and the notice stayed its 30 s
    over the connection's state. It goes as when the pointer leaves its words."""
    monkeypatch.setattr(main_window, "STATUS_MESSAGE_MS", 0)  # until the next one
    monkeypatch.setattr(notice_bar, "LINGER_MS", 1)
    window.resize(1024, 600)
    await settled(window)
    bar = window.statusBar()
    assert isinstance(bar, NoticeBar)
    QTest.mouseMove(window.panes_scroll, window.panes_scroll.rect().center())
    window._show_status(LONG_NOTICE)
    await settled(window)
    room = bar.message_rect()
    end = room.left() + bar.fontMetrics().horizontalAdvance(bar.shown_message()) - 3
    QTest.mouseMove(bar, QPoint(end, room.center().y()))  # on its last letters
    await until(bar.underMouse)
    monkeypatch.setattr(main_window, "STATUS_MESSAGE_MS", 1)  # its time up at once
    window._show_status(LONG_NOTICE)
    await until(bar.held_by_pointer)
    activity = window.publish_activity
    activity.setText("Publishing 1 of 30 to R2…")
    activity.show()
    await settled(window)
    assert bar.message_rect().right() < end  # the pointer on the activity
    await until(lambda: bar.currentMessage() == "")


async def notice_held_by_the_pointer(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> NoticeBar:
    """The notice "Settings saved." said with the pointer resting on it, its time up at once:
    held by the pointer, and gone a moment after the pointer leaves it."""
    monkeypatch.setattr(main_window, "STATUS_MESSAGE_MS", 1)  # its time up at once
    monkeypatch.setattr(notice_bar, "LINGER_MS", 1)
    bar = await pointer_on_the_status_bar(window)
    window._show_status("Settings saved.")
    await until(bar.held_by_pointer)
    return bar


async def file_menu_opened_by_keys(window: MainWindow) -> QMenu:
    """The File menu open, as by its keys (Alt+F): away from the pointer."""
    menu = window.menuBar().actions()[0].menu()
    assert menu is not None
    menu.popup(window.mapToGlobal(QPoint(20, 20)))
    await until(menu.isVisible)
    return menu


async def test_a_held_notice_goes_once_a_menu_opens_over_the_window(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A menu opened by its keys (Alt+F) with the pointer resting on a held notice, the
    pointer then on the menu: the bar sees no move while the menu has the pointer. Qt says
    the pointer left it as the menu opens, and the notice goes as when it leaves."""
    bar = await notice_held_by_the_pointer(window, monkeypatch)
    menu = await file_menu_opened_by_keys(window)
    QTest.mouseMove(menu, menu.rect().center())
    await until(lambda: bar.currentMessage() == "")
    assert menu.isVisible()
    menu.close()


async def test_a_held_notice_stays_through_a_menu_opened_from_the_keys_away_from_it(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A menu opened by its keys (Alt+F) away from the pointer resting on a held notice:
    Qt says the pointer left the bar as the menu opens, and says nothing as it closes, the
    pointer not moved. The notice went a moment after the menu opened, with the pointer on
    it all along. It stays through the menu and after it, and goes once the pointer
    leaves."""
    bar = await notice_held_by_the_pointer(window, monkeypatch)
    menu = await file_menu_opened_by_keys(window)
    await settled(window)
    assert bar.currentMessage() == "Settings saved."
    menu.close()
    await settled(window)
    assert bar.currentMessage() == "Settings saved."
    QTest.mouseMove(window.panes_scroll, window.panes_scroll.rect().center())
    await until(lambda: bar.currentMessage() == "")


async def test_a_notice_whose_time_is_up_in_a_menu_opened_from_the_keys_is_held_by_the_pointer(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A notice whose time was up while a menu opened by its keys was open, the pointer
    resting on the notice: the window had said the pointer left as the menu opened, and the
    notice went, the pointer on it. It is held, as with no menu open, and still there once
    the menu closes."""
    monkeypatch.setattr(main_window, "STATUS_MESSAGE_MS", 0)  # until the next one
    bar = await pointer_on_the_status_bar(window)
    menu = await file_menu_opened_by_keys(window)
    monkeypatch.setattr(main_window, "STATUS_MESSAGE_MS", 1)  # its time up at once
    window._show_status("Settings saved.")
    await until(bar.held_by_pointer)
    menu.close()
    await settled(window)
    assert bar.currentMessage() == "Settings saved."


async def test_a_held_notice_goes_once_a_keys_menu_closes_with_the_pointer_moved_off_it(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A notice held by the pointer, a menu opened by its keys away from it, the pointer
    then moved off the notice onto the tiles and the menu closed (Esc): the bar, which
    sees no move while a menu is open, was never told, and the notice stayed its 30 s
    over the connection's state, the pointer far from it. It goes as when the pointer
    leaves it."""
    bar = await notice_held_by_the_pointer(window, monkeypatch)
    menu = await file_menu_opened_by_keys(window)
    await settled(window)
    QTest.mouseMove(window.panes_scroll, window.panes_scroll.rect().center())
    await settled(window)
    menu.close()
    await until(lambda: bar.currentMessage() == "")


async def test_menus_opened_from_the_keys_keep_a_held_notice_no_longer_than_the_pointer_does(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pointer resting on a held notice while the artist worked by keys: each menu
    opened from them (Alt+F, the tiles' menu) gave the notice its whole hold again, and one
    opened now and then kept "Settings saved." there for good, over the connection's state.
    Menus or not, it goes once it has been held its time."""
    monkeypatch.setattr(notice_bar, "HOLD_MS", 3000)
    bar = await notice_held_by_the_pointer(window, monkeypatch)
    menu = window.menuBar().actions()[0].menu()
    assert menu is not None
    loop = asyncio.get_running_loop()
    give_up = loop.time() + 20  # the hold is 3 s: the menus would keep it for good
    while bar.currentMessage() and loop.time() < give_up:
        menu.popup(window.mapToGlobal(QPoint(20, 20)))
        await until(menu.isVisible)
        await settled(window)
        menu.close()
        await settled(window)
    assert bar.currentMessage() == ""


async def test_a_notice_whose_time_is_up_in_a_menu_is_not_held_from_behind_another_window(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pointer on another window of the app (Settings, the full view) over where the
    status bar says a notice, a menu open: the notice whose time was up then was held, as
    if the pointer were on it, its 30 s behind that window. It goes, as with no menu."""
    monkeypatch.setattr(main_window, "STATUS_MESSAGE_MS", 0)  # until the next one
    bar = await pointer_on_the_status_bar(window)
    at = QCursor.pos()
    over = QWidget()
    over.setWindowTitle("Over the bar")
    over.setGeometry(QRect(at - QPoint(100, 100), QSize(300, 200)))
    over.show()
    try:
        await until(over.isVisible)
        QTest.mouseMove(over, over.mapFromGlobal(at))
        await until(over.underMouse)
        menu = await file_menu_opened_by_keys(window)
        monkeypatch.setattr(main_window, "STATUS_MESSAGE_MS", 1)  # its time up at once
        window._show_status("Settings saved.")
        await until(lambda: bar.currentMessage() == "")
        menu.close()
    finally:
        over.close()


async def test_the_pointer_on_the_bar_beside_a_notice_does_not_hold_it(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pointer resting anywhere on the status bar (on the credits, the job count) held
    every notice there its 30 s past its time, the connection's state hidden behind it. It
    holds a notice only while it rests on its words."""
    monkeypatch.setattr(main_window, "STATUS_MESSAGE_MS", 1)  # its time up at once
    window.resize(1024, 600)
    await settled(window)
    bar = window.statusBar()
    assert isinstance(bar, NoticeBar)
    QTest.mouseMove(window.credits, window.credits.rect().center())
    await until(window.credits.underMouse)
    window._show_status("Settings saved.")
    await until(lambda: bar.currentMessage() == "")
    room = bar.message_rect()
    QTest.mouseMove(bar, QPoint(room.right() - 3, room.center().y()))  # past its words
    window._show_status("Settings saved.")
    await until(lambda: bar.currentMessage() == "")
    assert not bar.held_by_pointer()


async def test_a_notice_with_room_for_it_is_shown_whole_with_no_tooltip(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main_window, "STATUS_MESSAGE_MS", 0)
    window.resize(1024, 600)
    await settled(window)
    window._show_status("Settings saved.")
    await settled(window)
    bar = window.statusBar()
    assert isinstance(bar, NoticeBar)
    assert bar.shown_message() == "Settings saved."
    inside = bar.message_rect().center()
    QApplication.sendEvent(bar, QHelpEvent(QEvent.Type.ToolTip, inside, bar.mapToGlobal(inside)))
    assert not QToolTip.isVisible()


async def test_at_the_default_font_starred_stands_beside_the_filter(window: MainWindow) -> None:
    """Three rows are for a library too narrow for the filter at its narrowest beside
    Starred: counted at its widest choice, the filter sent Starred to a third row in the
    library of an 800 px window, where it had stood beside the filter, and the tiles a
    row down."""
    window.resize(800, 600)
    await settled(window)
    library = window.library
    state_filter, starred = library.state_filter, library.starred_only
    assert library.search.y() < state_filter.y()  # the search on a row of its own
    assert starred.geometry().center().y() == state_filter.geometry().center().y()
    assert starred.x() > state_filter.x() + state_filter.width()


async def test_at_24_pt_the_window_fits_a_laptop_at_150_percent(
    huge_font: None, laptop_screen: None, window: MainWindow
) -> None:
    """The Generate tab's "Style: none" and "Recent" stood side by side whatever the width:
    the window needed 958 px at the least, past the 911 px of a 1366 x 768 laptop's screen
    at 150 %. Recent goes under the style where the two do not fit, at the form's right."""
    room = LAPTOP.size() - FRAME_ROOM
    assert window.minimumSizeHint().width() <= room.width(), window.minimumSizeHint()
    window.resize(room)
    await settled(window)
    assert window.size() == room
    assert not cut_buttons(window)
    tab = window.generate_tab
    style, recent = tab.style_picker, tab.recent
    assert recent.isVisible() and style.isVisible()
    assert recent.mapTo(tab, QPoint(0, 0)).y() >= style.mapTo(tab, QPoint(0, style.height())).y()
    right = recent.mapTo(tab, QPoint(recent.width(), 0)).x()
    assert right == tab.prompt.mapTo(tab, QPoint(tab.prompt.width(), 0)).x()


async def test_at_256_dpi_on_a_1024_px_screen_the_window_fits_and_its_panes_scroll(
    high_dpi_screen: None, window: MainWindow
) -> None:
    """The window needed its three panes whole, 609 x 271 at the least: it opened 1624 px
    wide on a 1024 px screen, the library and the status bar's balance past its edge. It
    opens within the screen now, and the panes scroll to the library."""
    room = HIGH_DPI.size() - FRAME_ROOM
    least = window.minimumSizeHint()
    assert least.width() <= room.width() and least.height() <= room.height(), least
    assert window.width() <= room.width() and window.height() <= room.height(), window.size()
    sideways = window.panes_scroll.horizontalScrollBar()
    assert sideways.isVisible()
    sideways.setValue(sideways.maximum())
    await settled(window)
    library = window.library
    right = library.mapTo(window, QPoint(library.width(), 0)).x()
    assert right <= window.width()


async def test_at_24_pt_on_an_800_px_screen_the_window_at_its_least_scrolls_sideways_only(
    huge_font: None, monkeypatch: pytest.MonkeyPatch, demo: Session
) -> None:
    """The panes need 859 px at 24 pt: on an 800 x 600 screen they scroll sideways. Made as
    short as it went, the window's panes scrolled up and down too, by the height of the
    sideways bar, which its least height had not counted."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(0, 0, 800, 600))
    made = await open_window(demo)
    made.show()
    await settled(made)
    made.resize(made.minimumSizeHint())
    await settled(made)
    scroll = made.panes_scroll
    assert scroll.horizontalScrollBar().isVisible()
    assert not scroll.verticalScrollBar().isVisible(), scroll.verticalScrollBar().maximum()
    await close_window(made)


async def test_at_15_pt_a_banner_shown_leaves_the_panes_unscrolled_on_a_laptop(
    large_font: None, monkeypatch: pytest.MonkeyPatch, demo: Session
) -> None:
    """A banner's words wrap, so the panes were made as tall as their words at the window's
    width, which is the panes' full height: with a banner up, the 1264 x 752 window
    scrolled its panes up and down by 87 px (521 px at 24 pt), the library's and the
    preview's buttons below the window's edge."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(0, 0, 1280, 800))
    made = await open_window(demo)
    made.show()
    await settled(made)
    made.banner.show_message("The disk is full.", "Free some space.", kind=BannerKind.STORAGE)
    await settled(made)
    scroll = made.panes_scroll
    assert made.banner.isVisible()
    assert not scroll.verticalScrollBar().isVisible(), scroll.verticalScrollBar().maximum()
    assert not scroll.horizontalScrollBar().isVisible()
    assert made.splitter.height() + made.banner.height() == scroll.viewport().height()
    assert made.banner.height() == made.banner.heightForWidth(made.banner.width())
    await close_window(made)


async def test_at_24_pt_a_window_taken_to_a_smaller_screen_can_be_made_as_small_as_it(
    huge_font: None, monkeypatch: pytest.MonkeyPatch, demo: Session
) -> None:
    """The least size of a window taken from a large screen to an 800 x 600 one stayed the
    large screen's, its panes' whole least width (859 px at 24 pt), until something in the
    window asked for a new layout: it could not be made as narrow as the screen. It is read
    again as the window's screen changes. (The tests' offscreen platform has one screen:
    its size is changed, and the window told its screen changed, as Qt tells it.)"""
    large = QRect(0, 0, 1920, 1080)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(large))
    made = await open_window(demo)
    made.show()
    await settled(made)
    assert made.minimumSize().width() > 800
    large = QRect(0, 0, 800, 600)
    handle = made.windowHandle()
    assert handle is not None
    handle.screenChanged.emit(made.screen())
    await settled(made)
    room = large.size() - FRAME_ROOM
    assert made.minimumSize().width() <= room.width(), made.minimumSize()
    assert made.minimumSize().height() <= room.height(), made.minimumSize()
    await close_window(made)


LONG_BANNER = (
    "The disk where the library keeps its images is full, so the image KIE made for your "
    "prompt could not be saved there, and it waits on KIE for an hour."
)


@pytest.mark.parametrize("screen", [QRect(0, 0, 1024, 700), HIGH_DPI])
async def test_at_24_pt_a_banner_is_whole_in_a_window_at_its_least(
    huge_font: None, monkeypatch: pytest.MonkeyPatch, demo: Session, screen: QRect
) -> None:
    """The panes' least height counted a banner at its own least, 195 px, shorter than its
    words at the panes' least width: in a window made as short as it goes (or any
    window, on a screen smaller than the panes' least) its last line was cut at its
    bottom, and the panes under it were squeezed below their least. The banner is as tall
    as its words, the panes scroll to it."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(screen))
    made = await open_window(demo)
    made.show()
    await settled(made)
    made.banner.show_message(LONG_BANNER, "Free some space.", kind=BannerKind.STORAGE)
    await settled(made)
    made.resize(made.minimumSizeHint())
    await settled(made)
    banner = made.banner
    assert banner.height() == banner.heightForWidth(banner.width())
    assert made.splitter.height() >= made.splitter.minimumSizeHint().height()
    await close_window(made)


async def publishing_with_jobs_running(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """Three artworks publishing, 40 % of the way, and 20 jobs running, 8 waiting."""
    controller = window.publishing
    monkeypatch.setattr(controller, "sending_count", lambda: 3)
    monkeypatch.setattr(controller, "waiting_count", lambda: 0)
    monkeypatch.setattr(controller, "overall_progress", lambda: (40, 100))
    monkeypatch.setattr(controller, "sending_finished", lambda: False)
    controller.totals_changed.emit()
    jobs = window.active_jobs
    monkeypatch.setattr(jobs, "recount", lambda: jobs.setText("20 running, 8 waiting"))
    jobs.recount()
    await settled(window)


async def test_at_256_dpi_on_a_1024_px_screen_the_job_count_and_the_publishing_stay(
    high_dpi_screen: None, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Qt shared the status bar's shortfall among all its words: the publishing was cut to
    "…" alone and the job count clipped mid-word ("20 running, 8 waiti"), beside the badge
    and the balance whole. What matters most stays now: the demo words go first, then the
    balance, then the badge (the window's title says "Demo"), and the job count is whole,
    the publishing's words cut only as far as the bar lacks."""
    await publishing_with_jobs_running(window, monkeypatch)
    jobs = window.active_jobs
    bar = window.statusBar()
    assert jobs.isVisible() and jobs.width() >= jobs.sizeHint().width()
    right = jobs.mapTo(window, QPoint(jobs.width(), 0)).x()
    assert right <= window.width()
    publishing = window.publish_activity
    assert publishing.isVisible()
    assert publishing.shown_text().startswith("Publishing"), publishing.shown_text()
    assert window.credits.visibleRegion().isEmpty(), "the balance gave way before them"
    assert window.mode.label.width() <= 1, "the demo words gave way first"
    assert not bar.currentMessage()


def twenty_running_eight_waiting(bridge: Bridge, monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine says 28 jobs are active, 8 of them waiting their turn."""
    engine = bridge.session.engine
    monkeypatch.setattr(type(engine), "active_count", property(lambda _engine: 28))
    monkeypatch.setattr(type(engine), "waiting_turn_count", property(lambda _engine: 8))


def jobs_being_added(
    bridge: Bridge, monkeypatch: pytest.MonkeyPatch, owned: list[QObject]
) -> ActiveJobsLabel:
    """The job count alone, off screen (its resizes heard at once): 20 running, 8 waiting
    (:func:`twenty_running_eight_waiting`) and 12 jobs being added."""
    twenty_running_eight_waiting(bridge, monkeypatch)
    jobs = ActiveJobsLabel(bridge)
    owned.append(jobs)
    jobs.set_on_their_way(12)
    jobs.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    jobs.show()
    return jobs


async def test_at_256_dpi_jobs_being_added_beside_the_count_are_cut_at_a_word_not_in_one(
    high_dpi_screen: None, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """20 jobs running, 8 waiting, and 12 of a press on a stalled disk being added: the
    line was clipped mid-word at the window's edge ("12 jobs being added to the l"). It is
    cut after a whole word with "…", the window as wide as before, the tooltip saying it
    all."""
    width = window.width()
    twenty_running_eight_waiting(window.bridge, monkeypatch)
    jobs = window.active_jobs
    jobs.set_on_their_way(12)
    await settled(window)
    whole = "20 running, 8 waiting  ·  12 jobs being added to the library…"
    assert jobs.text() == whole
    shown = jobs.shown_text() if isinstance(jobs, ElidedLabel) else jobs.text()
    assert jobs.fontMetrics().horizontalAdvance(shown) <= jobs.contentsRect().width(), shown
    assert shown != whole and shown.endswith("…"), "the bar is short here"
    assert whole.startswith(shown.removesuffix("…")) and whole[len(shown) - 1] == " ", shown
    assert says(jobs.tip(), whole)
    # Read out once: a screen reader says the label's name (its whole line), then its
    # description, which said the whole line again before why the 8 wait.
    assert whole == jobs.accessibleName() or not jobs.accessibleName()
    assert whole not in jobs.accessibleDescription()
    assert jobs.accessibleDescription().startswith("Waiting its turn"), jobs.accessibleDescription()
    assert window.width() == width
    assert jobs.mapTo(window, QPoint(jobs.width(), 0)).x() <= window.width()


async def test_at_24_pt_in_a_window_at_its_least_jobs_being_added_give_way_before_the_badge(
    huge_font: None, small_screen: None, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The job count's place never shrank below its whole line: with 12 jobs being added
    beside "20 running, 8 waiting", the status bar asked for more than the window had, and
    the badge was hidden for words the tooltip says whole. Those words are cut after a
    whole word now, the count before them kept, the badge in sight."""
    window.resize(window.minimumSize().width(), ROOM.height())
    await settled(window)
    twenty_running_eight_waiting(window.bridge, monkeypatch)
    jobs = window.active_jobs
    jobs.set_on_their_way(12)
    await settled(window)
    bar = window.statusBar()
    assert bar.minimumSizeHint().width() <= bar.width(), "the bar fits the window"
    badge = window.mode.badge
    assert badge.isVisible() and badge.width() >= badge.sizeHint().width()
    shown = jobs.shown_text()
    assert shown.startswith("20 running, 8 waiting") and shown.endswith("…"), shown
    assert jobs.fontMetrics().horizontalAdvance(shown) <= jobs.contentsRect().width(), shown
    assert says(jobs.tip(), jobs.text())
    right = jobs.mapTo(window, QPoint(jobs.width(), 0)).x()
    assert badge.mapTo(window, QPoint(badge.width(), 0)).x() <= jobs.mapTo(window, QPoint()).x()
    assert right <= window.width()


@pytest.mark.parametrize(
    "words",
    [
        "Your 2 images are on their way: they show here once they are in the library.",
        "你的 2 张图片正在路上：加入图库后就会显示在这里。",
    ],
)
def test_words_over_the_grid_cut_to_two_lines_end_after_a_word_and_fit_them(
    qapp: QApplication, words: str
) -> None:
    """The line over the grid saying jobs are coming, cut to two lines at every width a
    narrow pane gives it: within the two lines, at a place a line may break (a space; in
    Chinese between two characters), never inside a word or a number, "…" after it and no
    colon before that."""
    metrics = QFontMetrics(qapp.font())
    two_lines = metrics.boundingRect(QRect(0, 0, 400, 0), 0, f"{words[:2]}\n{words[:2]}")
    for width in range(metrics.horizontalAdvance(words) // 2 + 40, 60, -7):
        shown = cut_to_lines(metrics, words, width, 2)
        wrapped = metrics.boundingRect(QRect(0, 0, width, 0), Qt.TextFlag.TextWordWrap, shown)
        assert wrapped.height() <= two_lines.height(), (width, shown)
        if shown == words:
            continue
        one_line = metrics.boundingRect(QRect(0, 0, 1 << 20, 0), 0, shown).height()
        assert wrapped.height() > one_line, ("two lines used", width, shown)
        kept = shown.removesuffix("…")
        assert words.startswith(kept) and kept.strip(), (width, shown)
        after = words[len(kept)]
        assert after in " ：:" or not (after.isascii() and after.isalnum()), (width, shown)
        assert not kept.endswith((":", "：")), (width, shown)


@pytest.mark.parametrize(
    "words",
    [
        "Your 2 images are being added to the library: they show here if they match."
        " Esc in the search box clears the search.",
        "你的 2 张图片正在加入图库：符合条件的会显示在这里。在搜索框中按 Esc 可清除搜索。",
    ],
)
def test_words_over_the_grid_cut_after_a_sentence_end_with_no_full_stop_before_the_dots(
    qapp: QApplication, words: str
) -> None:
    """Under a search, the line over the grid is two sentences; cut after the first, it
    read "…if they match.…" (in Chinese "显示在这里。…"), a full stop and then "…"."""
    metrics = QFontMetrics(qapp.font())
    cuts = {
        cut_to_lines(metrics, words, width, 2)
        for width in range(metrics.horizontalAdvance(words) // 2 + 40, 60, -1)
    }
    first = words[: max(words.find("."), words.find("。"))]
    assert first + "…" in cuts, sorted(cuts)
    assert not [cut for cut in cuts if cut.endswith((".…", "。…"))]


def test_jobs_being_added_cut_short_keep_their_count_with_what_it_counts(
    qapp: QApplication, bridge: Bridge, monkeypatch: pytest.MonkeyPatch, owned: list[QObject]
) -> None:
    """Cut after a whole word, the job count with jobs being added read "20 running, 8
    waiting  ·  12…" where "12 jobs…" did not fit: 12 of nothing said. At each width the
    line gets, a count is shown with what it counts or not at all, and the tooltip says
    the whole line exactly while it is cut."""
    jobs = jobs_being_added(bridge, monkeypatch, owned)
    whole = jobs.text()
    shown: set[str] = set()
    for width in range(jobs.sizeHint().width(), 0, -1):
        jobs.resize(width, jobs.sizeHint().height())
        line = jobs.shown_text()
        shown.add(line)
        assert says(jobs.tip(), whole) == (line != whole), (width, line)
    assert "20 running, 8 waiting…" in shown
    cut_from_noun = [line for line in shown if re.search(r" \d+…$", line)]
    assert not cut_from_noun


async def test_the_job_count_cut_by_a_larger_font_says_its_whole_line_in_its_tooltip(
    qapp: QApplication, bridge: Bridge, monkeypatch: pytest.MonkeyPatch, owned: list[QObject]
) -> None:
    """The font made larger while the app runs, in a status bar with no more room to give:
    the job count was cut, and its tooltip, worked out at the last change of its words or
    its width, did not say the whole line."""
    jobs = jobs_being_added(bridge, monkeypatch, owned)
    jobs.resize(jobs.sizeHint())
    whole = jobs.text()
    assert jobs.shown_text() == whole and not says(jobs.tip(), whole)
    font = jobs.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    jobs.setFont(font)
    assert jobs.shown_text() != whole
    await until(lambda: says(jobs.tip(), whole))


async def test_at_256_dpi_on_a_1024_px_screen_the_balance_stays_while_there_is_room(
    high_dpi_screen: None, window: MainWindow
) -> None:
    """The balance gives way only for want of room: hidden while "not checked yet" was too
    wide, it stayed hidden once "Demo balance: 1,000", which fits, replaced it."""
    await until(lambda: BALANCE.fullmatch(window.credits.text()) is not None)
    await settled(window)
    credits = window.credits
    assert credits.width() >= credits.sizeHint().width()
    assert credits.visibleRegion().boundingRect().width() == credits.width()
    assert window.mode.badge.isVisible()


async def test_at_256_dpi_the_balance_given_way_is_no_stop_of_tab(
    high_dpi_screen: None, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The balance that gave way for the publishing was out of sight, yet Tab still stopped
    on it: the keyboard went to a button no one could see, and Space checked the balance
    unseen. It is no stop while it gives way, and one again once it is back."""
    await until(lambda: BALANCE.fullmatch(window.credits.text()) is not None)
    await publishing_with_jobs_running(window, monkeypatch)
    credits = window.credits
    assert credits.visibleRegion().isEmpty(), "the balance gave way"
    start = window.tabs.tabBar()
    assert credits not in [stop.widget for stop in tab_stops(start)]
    monkeypatch.setattr(window.publishing, "sending_count", lambda: 0)
    monkeypatch.setattr(window.publishing, "sending_finished", lambda: True)
    window.publishing.totals_changed.emit()
    jobs = window.active_jobs
    monkeypatch.setattr(jobs, "recount", lambda: jobs.setText(""))
    jobs.recount()
    await settled(window)
    assert not credits.visibleRegion().isEmpty(), "the balance back"
    assert credits in [stop.widget for stop in tab_stops(start)]


@pytest.fixture
def chinese(qapp: QApplication, compiled_catalogues: Path) -> Iterator[None]:
    installed = translations.install(qapp, "zh_CN", compiled_catalogues)
    assert installed.language == "zh_CN"
    yield
    installed.remove()


async def test_at_24_pt_in_chinese_the_demo_words_are_cut_not_gone(
    huge_font: None, small_screen: None, chinese: None, demo: Session
) -> None:
    """The demo words are cut with "…" where the bar is short, down to their first word;
    Chinese has no spaces between its words, so its whole line was taken for the first word,
    and the words went at the first pixel the bar lacked, where "演示模式：…" fitted."""
    made = await open_window(demo)
    made.show()
    made.resize(ROOM)
    await until(lambda: re.fullmatch(r"演示余额：[\d,]+", made.credits.text()) is not None)
    await settled(made)
    words = made.mode.label
    assert isinstance(words, ElidedLabel)
    assert words.width() < words.sizeHint().width(), "the bar is short here"
    assert words.shown_text().startswith("演示") and words.shown_text().endswith("…")
    await close_window(made)


@pytest.fixture
async def failed_narrow(
    large_font: None,
    session: Session,
    bridge: Bridge,
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
) -> AsyncIterator[MainWindow]:
    """The window at 15 pt on a 1024 x 600 screen, showing an artwork whose publish failed,
    in the preview as narrow as it goes: the bar's lines (the reason) scroll."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(0, 0, 1024, 600))
    point_r2_at(monkeypatch, s3_endpoint, "not-made-yet")
    made = await open_window(session, bridge)
    made.show()
    snap = await session.engine.submit(GenerateRequest("a lighthouse in fog"))
    done = await session.engine.wait_for(snap.id)
    made.library.select_job(done.id)
    made.publishing.publish(done.id)
    bar = made.preview.publication
    assert bar is not None
    await until(lambda: bar.state_label.property("level") == "error")
    await until(lambda: not bar.remove_button.isVisible())  # as in walked_through, below
    made.banner.dismiss()
    await settled(made)
    yield made
    await close_window(made)


async def test_at_15_pt_on_a_1024_x_600_screen_a_failed_publishs_reason_scrolls_in_the_preview(
    failed_narrow: MainWindow,
) -> None:
    """The reason a publish failed, wrapped in the preview's width, made the publication
    bar 263 px tall: the window's panes needed 506 px, more than a 1024 x 600 screen has
    for them, and scrolled up and down. Its lines are now a quarter of the screen's height
    at the most, scrolled there; the panes fit."""
    made = failed_narrow
    bar = made.preview.publication
    assert bar is not None
    scroll = made.panes_scroll
    assert not scroll.verticalScrollBar().isVisible(), scroll.verticalScrollBar().maximum()
    assert bar.lines.height() <= 600 * SCREEN_SHARE
    assert bar.lines.verticalScrollBar().isVisible()  # the rest of the reason is there
    assert bar.detail_label.isVisible()
    sizes = made.splitter.sizes()  # the preview as narrow as it goes
    made.splitter.setSizes([sizes[0], 1, sum(sizes) - sizes[0] - 1])
    await settled(made)
    longest_word = bar.detail_label.minimumSizeHint().width()
    assert bar.lines.viewport().width() >= longest_word  # beside the scroll bar, whole


async def test_tab_from_retry_to_a_failed_publishs_scrolled_reason_shows_it_focused_and_named(
    failed_narrow: MainWindow,
) -> None:
    """The reason a publish failed, scrolled in the publication bar, is a Tab stop (the
    arrow keys bring the rest of it into sight): Tab came to it from Retry and nothing
    showed where the keyboard was, and a screen reader read a bare "scroll area". It is
    framed in the highlight colour while it has the focus, and named."""
    made = failed_narrow
    bar = made.preview.publication
    assert bar is not None
    lines = bar.lines
    assert lines.verticalScrollBar().isVisible()
    bar.retry_button.setFocus(Qt.FocusReason.TabFocusReason)
    before = lines.grab().toImage()
    QTest.keyClick(made.focusWidget(), Qt.Key.Key_Tab)
    assert made.focusWidget() is lines
    framed = lines.grab().toImage()
    highlight = lines.palette().color(QPalette.ColorRole.Highlight)
    assert [framed.pixelColor(point) for point in ring_band(framed)] == [highlight] * len(
        ring_band(framed)
    )
    assert before.pixelColor(ring_band(before)[0]) != highlight
    assert lines.accessibleName() == "Publication details"


async def test_tab_goes_from_the_preview_s_toolbar_through_a_failed_publish_s_reason(
    failed_narrow: MainWindow,
    session: Session,
) -> None:
    """The publication bar is drawn under the preview's toolbar, above the picture: Tab came
    to it last, after the details and the task ID. Moved by its stops of the moment, the bar
    left its reason behind, a stop only once it scrolls, and Tab went from Retry to the
    picture. Tab goes from the toolbar to Publish, the scrolled reason, then the picture, and
    Shift+Tab back the same way; after a Retry that failed again, and with another artwork
    shown and this one again."""
    made = failed_narrow
    preview = made.preview
    bar = preview.publication
    assert bar is not None and preview.snapshot is not None
    failed = preview.snapshot.id
    other = await session.engine.wait_for(
        (await session.engine.submit(GenerateRequest("a quiet harbour"))).id
    )

    async def walked_through() -> None:
        await until(lambda: bar.lines.verticalScrollBar().isVisible())
        await until(preview.canvas.isVisible)
        # The record as the publish sent its image (its key noted, until R2 refused it) may
        # reach the views a moment after the failure (a loaded machine): Remove from bucket
        # shows until the record as it is now does.
        await until(lambda: not bar.remove_button.isVisible())
        last = toolbar_last(preview)
        forth = [bar.retry_button, bar.lines, preview.canvas]
        assert keys_from(last, Qt.Key.Key_Tab, 3) == forth
        back = [bar.lines, bar.retry_button, last]
        assert keys_from(preview.canvas, Qt.Key.Key_Backtab, 3) == back

    await walked_through()
    bar.retry_button.click()  # publishes again: Retry and the reason go meanwhile
    await until(lambda: not bar.retry_button.isVisible())
    await until(bar.retry_button.isVisible)  # the bucket is still not there
    await walked_through()
    made.library.select_job(other.id)  # unpublished: no bar
    await until(lambda: not bar.isVisible())
    made.library.select_job(failed)
    await until(bar.retry_button.isVisible)
    await walked_through()


async def test_at_256_dpi_on_a_1024_px_screen_the_publishing_keeps_its_percent(
    high_dpi_screen: None, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cut where the bar is short, the publishing's words lost their percent first:
    "Publishing 3 art…", how far it is gone. Its words are cut before the percent."""
    await publishing_with_jobs_running(window, monkeypatch)
    publishing = window.publish_activity
    assert publishing.isVisible()
    assert publishing.width() < publishing.sizeHint().width(), "the bar is short here"
    shown = publishing.shown_text()
    assert shown.startswith("Publ") and shown.endswith("… 40 %"), shown
    assert publishing.fontMetrics().horizontalAdvance(shown) <= publishing.contentsRect().width()


async def test_at_256_dpi_on_a_1024_px_screen_a_split_publishing_keeps_its_percent(
    high_dpi_screen: None, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A library's Publish of 2,500, four sent, the rest waiting their turn: its words,
    "Publishing 4 of 2,500 · 40 % · 2,496 waiting", were cut as any text where the bar is
    short, the percent first lost in the middle ("Publishing 4 of 2,5…"), as it was before
    it was kept whole. The percent ends the words, and is kept."""
    await publishing_with_jobs_running(window, monkeypatch)
    controller = window.publishing
    monkeypatch.setattr(controller, "sending_count", lambda: 2500)
    monkeypatch.setattr(controller, "turns_waited", lambda: 2496)
    controller.totals_changed.emit()
    await settled(window)
    publishing = window.publish_activity
    assert publishing.text() == "Publishing 4 of 2,500 · 2,496 waiting · 40 %"
    assert publishing.width() < publishing.sizeHint().width(), "the bar is short here"
    shown = publishing.shown_text()
    assert shown.startswith("Publ") and shown.endswith("… · 40 %"), shown
    assert publishing.fontMetrics().horizontalAdvance(shown) <= publishing.contentsRect().width()


async def test_at_256_dpi_on_a_1024_px_screen_a_delete_keeps_its_percent_and_the_window(
    high_dpi_screen: None, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Delete's words were a plain label, never cut: "Moving 1,500 artworks to the
    Trash… 35 %" made the status bar, and with it the window, wider than the screen, and
    the percent was the first to go past its edge. Its words are cut before the percent."""
    width = window.width()
    monkeypatch.setattr(
        window.bridge, "deletes_done", lambda: [DeletesDone(1500, 525, True, False)]
    )
    window.bridge.deleting_changed.emit()
    await settled(window)
    words = window.delete_activity
    assert words.isVisible()
    shown = words.shown_text() if isinstance(words, ElidedLabel) else words.text()
    assert shown.startswith("Mov") and shown.endswith("… 35 %"), shown
    assert words.fontMetrics().horizontalAdvance(shown) <= words.contentsRect().width()
    assert tip_shown(words) == "Moving 1,500 artworks to the Trash… 35 %"
    assert window.width() == width
    right = words.mapTo(window, QPoint(words.width(), 0)).x()
    assert right <= window.width()
    jobs = window.active_jobs
    assert jobs.isVisible() and jobs.width() >= jobs.sizeHint().width()


async def test_at_256_dpi_on_a_1024_px_screen_two_deletes_do_not_share_one_percent(
    high_dpi_screen: None, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Delete in each panel at once, cut short: it showed "Moving… 10 %", the first's
    words with the second's percent, as if the move to the Trash were at 10 % (it was at
    35 %). Of two, the words are cut at their end as any are."""
    monkeypatch.setattr(
        window.bridge,
        "deletes_done",
        lambda: [DeletesDone(1500, 525, True, False), DeletesDone(300, 30, False, True)],
    )
    window.bridge.deleting_changed.emit()
    await settled(window)
    words = window.delete_activity
    assert words.isVisible()
    shown = words.shown_text()
    whole = tip_shown(words)
    assert shown.endswith("…") and shown != whole, "cut here"
    assert whole.startswith(shown.removesuffix("…")), shown


def keys_in_the_preview(made: MainWindow) -> bool:
    focused = made.focusWidget()
    return focused is not None and made.preview.isAncestorOf(focused) and focused.isVisible()


@pytest.mark.parametrize("stop", ["reason", "retry"])
async def test_the_keys_in_a_failed_publishs_bar_stay_in_the_preview_as_their_stop_goes(
    failed_narrow: MainWindow,
    session: Session,
    stop: str,
) -> None:
    """Tab in the scrolled reason a publish failed, or to its Retry, then Retry pressed (the
    reason and Retry go while it publishes), or another artwork shown (the bar goes with
    them): Qt handed the keyboard on forward, out of the preview to the library's search
    field, where the next keys typed searched the library. It goes back to the nearest
    control before the one gone: the bar's own while it shows, else the preview's."""
    made = failed_narrow
    bar = made.preview.publication
    assert bar is not None
    focused = bar.lines if stop == "reason" else bar.retry_button
    other = await session.engine.wait_for(
        (await session.engine.submit(GenerateRequest("a quiet harbour"))).id
    )
    focused.setFocus(Qt.FocusReason.TabFocusReason)
    bar.retry_button.click()  # publishes again: the reason and Retry go meanwhile
    await until(lambda: not focused.isVisible())
    assert keys_in_the_preview(made) and bar.isAncestorOf(made.focusWidget())
    await until(lambda: focused.isVisible())  # the bucket is still not there
    focused.setFocus(Qt.FocusReason.TabFocusReason)
    made.library.select_job(other.id)  # unpublished: no bar
    await until(lambda: not bar.isVisible())
    assert keys_in_the_preview(made), made.focusWidget()


@pytest.mark.parametrize("change", ["screen", "free area"])
async def test_a_failed_publishs_reason_takes_its_share_of_a_taller_screen(
    failed_narrow: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    change: str,
) -> None:
    """The reason's lines are a quarter of the screen's height at the most: on the window
    taken to a taller screen, or its screen's free area grown, they kept the old screen's
    quarter and scrolled until their words changed. They are whole there at once."""
    made = failed_narrow
    bar = made.preview.publication
    assert bar is not None
    assert bar.lines.verticalScrollBar().isVisible()
    tall = QRect(0, 0, 1024, 2000)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(tall))
    handle = made.windowHandle()
    assert handle is not None
    if change == "screen":
        handle.screenChanged.emit(made.screen())
    else:
        made.screen().availableGeometryChanged.emit(tall)
    await settled(made)
    assert not bar.lines.verticalScrollBar().isVisible()
    assert bar.lines.height() > 600 * SCREEN_SHARE


@pytest.mark.parametrize("language", [i18n.ENGLISH, i18n.CHINESE])
def test_a_delete_s_count_is_shown_whole_or_not_at_all(
    qapp: QApplication,
    bridge: Bridge,
    monkeypatch: pytest.MonkeyPatch,
    owned: list[QObject],
    compiled_catalogues: Path,
    language: str,
) -> None:
    """In a very short status bar a Delete's words were cut inside its count: "正在将 1,…
    35%" read as a Delete of one artwork. At each width the words get, the count is whole
    or left out with the words after it, the percent whole."""
    installed = translations.install(qapp, language, compiled_catalogues)
    try:
        monkeypatch.setattr(bridge, "deletes_done", lambda: [DeletesDone(1500, 525, True, False)])
        words = DeleteActivityLabel(bridge)
        owned.append(words)
        numbers: set[str] = set()
        for width in range(words.minimumWidth(), words.sizeHint().width() + 1):
            words.resize(width, words.sizeHint().height())
            numbers.update(re.findall(r"\d[\d,]*", words.shown_text()))
        assert numbers == {"1,500", "35"}
    finally:
        installed.remove()


@pytest.mark.parametrize("language", [i18n.ENGLISH, i18n.CHINESE])
def test_two_deletes_counts_and_percents_are_shown_whole_or_not_at_all(
    qapp: QApplication,
    bridge: Bridge,
    monkeypatch: pytest.MonkeyPatch,
    owned: list[QObject],
    compiled_catalogues: Path,
    language: str,
) -> None:
    """A Delete in each panel at once, in a short status bar: its words, cut at their end,
    were cut inside a number ("正在将 1,500 件作品移到回收站… 35% · 正在永久删除 2,…"), a
    Delete for good of 2,000 read as one of 2, a percent of 35 as one of 3. Each number is
    whole or left out with the words after it."""
    installed = translations.install(qapp, language, compiled_catalogues)
    try:
        monkeypatch.setattr(
            bridge,
            "deletes_done",
            lambda: [DeletesDone(1500, 525, True, False), DeletesDone(2000, 700, False, True)],
        )
        words = DeleteActivityLabel(bridge)
        owned.append(words)
        numbers: set[str] = set()
        for width in range(words.minimumWidth(), words.sizeHint().width() + 1):
            words.resize(width, words.sizeHint().height())
            numbers.update(re.findall(r"\d[\d,]*", words.shown_text()))
        assert numbers <= {"1,500", "35", "2,000"}
    finally:
        installed.remove()


@pytest.fixture
async def full_disk_netbook(
    monkeypatch: pytest.MonkeyPatch, demo: Session
) -> AsyncIterator[MainWindow]:
    """The window filling a 1024 x 600 screen, a prompt written, the disk refusing to keep
    the work for the next start (full)."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(NETBOOK))
    refusing(monkeypatch, errno.ENOSPC)
    made = await open_window(demo)
    try:
        made.show()
        made.resize(NETBOOK.size() - FRAME_ROOM)
        await settled(made)
        made.generate_tab.prompt.setPlainText("a windmill in a storm")
        yield made
    finally:
        await close_window(made)


async def test_on_a_1024_x_600_screen_a_failed_save_under_generate_takes_two_lines_at_most(
    full_disk_netbook: MainWindow, demo: Session
) -> None:
    """The line under Generate that says the work could not be saved for the next start
    gave the folder's whole path and what to do: four lines of a narrow Generate tab, the
    form pushed up under them. It says what happened in a line or two now; the cause and
    what to do are in its tooltip."""
    made = full_disk_netbook
    tab = made.generate_tab
    assert tab.generate()
    await until(lambda: tab.reason.property("blocked") is True)
    await settled(made)
    reason = tab.reason
    assert reason.text().startswith("Your work is not saved for the next start")
    lines = reason.contentsRect().height()  # the words, not the focus frame's room
    assert lines <= 2 * reason.fontMetrics().lineSpacing(), reason.text()
    assert str(demo.paths.data) in reason.toolTip().replace("\n", ""), "on lines"


async def test_on_a_1024_x_600_screen_a_failed_save_is_said_whole_beside_a_prompt_too_long(
    full_disk_netbook: MainWindow,
) -> None:
    """A prompt too long hid the line that says the work could not be saved: the artist
    who shortened it only then learned that nothing was kept. Both are said, whole, and the
    window stays within the screen, its status bar in sight."""
    made = full_disk_netbook
    tab = made.generate_tab
    made._keep_work()
    unsaved = "Your work is not saved for the next start: the disk is full."
    await until(lambda: tab.reason.text() == unsaved)
    tab.prompt.setPlainText("w" * (MAX_PROMPT_CHARS + 1))
    await settled(made)
    reason = tab.reason
    assert reason.text().startswith("Shorten the prompt") and reason.text().endswith(unsaved)
    assert reason.isVisible()
    assert reason.height() >= reason.heightForWidth(reason.width()), "every line shown"
    assert made.height() <= NETBOOK.height()
    status = made.statusBar()
    assert status.mapTo(made, QPoint(0, status.height())).y() <= made.height()


@pytest.mark.parametrize("dpi", [96, 120])
async def test_on_a_1024_x_600_screen_the_status_bar_stays_in_sight_with_an_error_banner(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch, demo: Session, dpi: int
) -> None:
    """Reported on a 1024 x 600 screen: the status bar ran past the screen's bottom edge (the
    mode badge cut off), and at 120 dpi (``QT_FONT_DPI=120``, the font 1.25 times larger)
    the whole window scrolled while an error banner was open. The window stays within the
    screen's room, its status bar whole at its bottom, and its panes unscrolled, on either
    tab, the banner open (with its button) or not."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(0, 0, 1024, 600))
    room = QRect(0, 0, 1024, 600).size() - FRAME_ROOM
    with application_font(qapp.font().pointSizeF() * dpi / 96):
        made = await open_window(demo)
        made.show()
        await settled(made)
        for banner_up in (False, True):
            if banner_up:
                made.banner.show_message(
                    LONG_BANNER, "Free some space.", kind=BannerKind.STORAGE, action=("Retry", len)
                )
            for tab in range(made.tabs.count()):
                made.tabs.setCurrentIndex(tab)
                await settled(made)
                where = (banner_up, made.tabs.tabText(tab))
                assert made.minimumSize().height() <= room.height(), where
                assert made.width() <= room.width() and made.height() <= room.height(), where
                status = made.statusBar()
                bottom = status.mapTo(made, QPoint(0, status.height())).y()
                assert status.isVisible() and bottom <= made.height(), where
                badge = made.mode.badge
                badge_bottom = badge.mapTo(made, QPoint(0, badge.height())).y()
                assert badge.isVisible() and badge_bottom <= bottom, where
                assert not made.panes_scroll.verticalScrollBar().isVisible(), where
        await close_window(made)
