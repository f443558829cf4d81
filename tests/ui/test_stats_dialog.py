"""View → Statistics: the numbers of a seeded library, the empty state, a refresh, and a
failure told in words, all computed off the GUI thread."""

from __future__ import annotations

import gc
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator
from datetime import date

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QPoint, QRect, QSize, Qt, QTranslator
from PySide6.QtGui import QFontInfo, QScreen
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QScrollArea, QTableWidget

from kontext_studio import i18n
from kontext_studio.config import load_settings, save_settings
from kontext_studio.errors import StorageError
from kontext_studio.jobs.states import JobState
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.session import Session, open_session
from kontext_studio.stats import Stats
from kontext_studio.store.ledger import Ledger
from kontext_studio.ui import placement, stats_dialog, translations
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.fit import FRAME_ROOM
from kontext_studio.ui.main_window import MainWindow
from kontext_studio.ui.placement import frame_rect
from kontext_studio.ui.shortcuts import keys_text
from kontext_studio.ui.stats_dialog import StatsDialog, Tile
from tests.fixtures import fast_schedule, library_image
from tests.ui.conftest import a_turn, application_font, banner_messages, settled, until
from tests.ui.test_window import close_window, open_window


@pytest.fixture
async def window(session: Session, bridge: Bridge) -> AsyncIterator[MainWindow]:
    made = await open_window(session, bridge)
    yield made
    await close_window(made)


def completed(
    ledger: Ledger, seconds: float, model: str = "pro", *, simulated: bool = False
) -> None:
    job = ledger.create_job(GenerateRequest("a fox", model=model).validated(), simulated=simulated)
    ledger.transition(job.id, JobState.SUBMITTING)
    ledger.transition(job.id, JobState.GENERATING, task_id=f"t{job.id}", submitted_at=1000.0)
    ledger.transition(job.id, JobState.DOWNLOADING)
    ledger.transition(job.id, JobState.COMPLETED, completed_at=1000.0 + seconds)


def ended(ledger: Ledger, state: JobState, kind: str = "") -> None:
    job = ledger.create_job(GenerateRequest("an owl", model="max").validated())
    ledger.transition(job.id, state, error_kind=kind)


def seed(ledger: Ledger) -> None:
    """Four completed (8, 10, 12, 70 s), two failed for credits, one timed out, one
    cancelled, one upload: success 4 of 8."""
    for seconds in (8.0, 10.0, 12.0, 70.0):
        completed(ledger, seconds)
    ended(ledger, JobState.FAILED, "credits")
    ended(ledger, JobState.FAILED, "credits")
    ended(ledger, JobState.TIMEOUT)
    ended(ledger, JobState.CANCELLED)
    ledger.create_upload(file_path=library_image("x.png"), sha256="s")


def on_a_large_screen(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 1920 x 1080 screen, the window 1100 x 700 on it: room for any size the dialog takes."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(0, 0, 1920, 1080))
    window.setGeometry(QRect(100, 60, 1100, 700))


async def resized_by_the_artist(dialog: StatsDialog, by: QSize) -> QSize:
    """``dialog`` made ``by`` larger by an edge the artist drags (the window manager resizes
    it, not the app); the size it then has."""
    chosen = dialog.size() + by
    handle = dialog.windowHandle()
    assert handle is not None
    handle.resize(chosen)
    await until(lambda: dialog.size() == chosen)
    await settled(dialog)
    return chosen


async def opened(window: MainWindow) -> StatsDialog:
    window.menu_actions["statistics"].trigger()
    dialog = window._stats_dialog
    assert dialog is not None and dialog.isVisible()
    await until(lambda: counted(dialog))
    return dialog


async def opened_after_one_at_14_pt(window: MainWindow) -> tuple[QSize, StatsDialog]:
    """The size the dialog opens with at 14 pt (closed again), and the dialog opened again
    at the app's font, settled."""
    with application_font(14):
        dialog = await opened(window)
        await settled(dialog)
        large = dialog.size()
        dialog.close()
    dialog = await opened(window)
    await settled(dialog)
    return large, dialog


def on_the_day_made(dialog: StatsDialog, session: Session) -> int:
    """The jobs the bars count on the day the newest was made: read as today's (the last
    bar), a test that ran over midnight found them on yesterday's, and today's empty."""
    made = date.fromtimestamp(session.ledger.search(limit=1)[0].created_at)
    assert dialog.days.days[-1][0] >= made
    return dict(dialog.days.days)[made]


def counted(dialog: StatsDialog) -> bool:
    """The count has ended and been shown (or said to have failed): its task is done a loop
    turn before the done-callback that shows it, which enables Refresh again."""
    return not dialog.counting and dialog.refresh_button.isEnabled()


async def test_statistics_of_a_seeded_library(window: MainWindow, session: Session) -> None:
    seed(session.ledger)
    dialog = await opened(window)
    assert dialog.pages.currentIndex() == dialog.pages.count() - 1, "the numbers page"

    tiles = {key: tile.value.text() for key, tile in dialog.tiles.items()}
    assert tiles == {"success": "50.0%", "mean": "25.0 s", "p90": "52.6 s", "total": "5"}, (
        "artworks: four images made and one uploaded; before: 9, failed and cancelled jobs too"
    )
    assert dialog.breakdown.text() == (
        "8 generation jobs · 1 uploaded · 4 completed · 2 failed · 1 cancelled · 1 timed out"
    ), "one form for every count; before: 8 generated · ... · Failed 2 · Timed out 1"
    assert dialog.table_rows(dialog.models) == [
        ("Flux Kontext Max", "4"),
        ("Flux Kontext Pro", "4"),
    ], "ties by model id"
    assert dialog.table_rows(dialog.errors) == [
        ("Your KIE account does not have enough credits for this job", "2"),
        ("No result arrived within the time limit", "1"),
    ]
    assert dialog.errors_stack.currentWidget() is dialog.errors
    assert len(dialog.days.days) == 14
    assert on_the_day_made(dialog, session) == 8
    assert "Jobs per day" in dialog.days_title.text()


async def test_one_job_is_said_as_one(window: MainWindow, session: Session) -> None:
    """Before: "1 generation jobs", and "…: 1 jobs" in the day's tooltip."""
    completed(session.ledger, 8.0)
    dialog = await opened(window)
    assert dialog.breakdown.text() == "1 generation job · 0 uploaded · 1 completed"


def sides(table: QTableWidget, column: int) -> tuple[Qt.AlignmentFlag, Qt.AlignmentFlag]:
    """Where ``column``'s title stands in the header, and where its values stand (left,
    right or centre): what the table paints, its own alignment or the default."""
    horizontal = Qt.AlignmentFlag.AlignHorizontal_Mask
    title = table.model().headerData(
        column, Qt.Orientation.Horizontal, Qt.ItemDataRole.TextAlignmentRole
    )
    title_side = Qt.AlignmentFlag(title) if title else table.horizontalHeader().defaultAlignment()
    item = table.item(0, column)
    assert item is not None
    value = Qt.AlignmentFlag(item.textAlignment())
    return title_side & horizontal, (value or Qt.AlignmentFlag.AlignLeft) & horizontal


async def test_each_column_title_stands_where_its_values_do(
    window: MainWindow, session: Session
) -> None:
    """The header centred its titles: "Model" stood alone in the middle of its wide column,
    over names on the left; "Jobs" over counts on the right."""
    seed(session.ledger)
    dialog = await opened(window)
    for table in (dialog.models, dialog.errors):
        assert sides(table, 0) == (Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignLeft)
        assert sides(table, 1) == (Qt.AlignmentFlag.AlignRight, Qt.AlignmentFlag.AlignRight)


async def test_the_numbers_are_counted_off_the_gui_thread(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    real = stats_dialog.stats_for_ledger

    def watched(ledger: Ledger, *, demo: bool) -> Stats:
        threads.append(threading.current_thread())
        time.sleep(0.2)
        return real(ledger, demo=demo)

    monkeypatch.setattr(stats_dialog, "stats_for_ledger", watched)
    window.menu_actions["statistics"].trigger()
    dialog = window._stats_dialog
    assert dialog is not None
    assert dialog.pages.currentWidget() is dialog.loading
    assert dialog.loading.text() == "Counting…"
    await until(lambda: not dialog.counting)
    assert threads and threads[0] is not threading.main_thread()


async def test_statistics_deleted_with_their_window_while_counting_say_nothing(
    bridge: Bridge, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The statistics go with the window they belong to (closed, or switched to or from
    demo mode) while a large library is counted: the count is let go, and its numbers
    reach no deleted widget. Before, they did, and the banner said "Something went
    wrong"."""
    asked, answer, over = threading.Event(), threading.Event(), threading.Event()
    real = stats_dialog.stats_for_ledger

    def slow(ledger: Ledger, *, demo: bool) -> Stats:
        asked.set()
        answer.wait(10)
        try:
            return real(ledger, demo=demo)
        finally:
            over.set()

    monkeypatch.setattr(stats_dialog, "stats_for_ledger", slow)
    seen = banner_messages(bridge)
    dialog = StatsDialog(bridge)
    dialog.show()
    await until(asked.is_set)
    shiboken6.delete(dialog)
    answer.set()
    await until(lambda: over.is_set() and not bridge.busy)
    await a_turn()
    assert seen == []


async def test_an_empty_library_says_so_what_will_show_and_how_to_make_the_first(
    window: MainWindow,
) -> None:
    dialog = await opened(window)
    assert dialog.pages.currentWidget() is dialog.empty
    assert dialog.empty.title.text() == "No jobs yet"
    assert "per model" in dialog.empty.words.text()
    assert "Generate tab" in dialog.empty.how.text()
    assert keys_text("generate") in dialog.empty.how.text()


async def test_an_empty_library_s_statistics_are_as_small_as_what_they_say(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It opened 546 x 661 around a lone "No jobs yet": the page stack asked for its
    largest page, the numbers'. Sized to the empty state, and centred over the window."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(0, 0, 1366, 800))
    window.setGeometry(QRect(200, 100, 1000, 600))
    dialog = await opened(window)
    await settled(dialog)
    scroll = dialog.findChild(QScrollArea)
    assert scroll is not None
    assert scroll.verticalScrollBar().maximum() == 0, "none of it cut"
    needed = dialog.empty.heightForWidth(dialog.empty.width())
    assert dialog.empty.height() <= needed + dialog.fontMetrics().height(), "no empty space"
    assert dialog.height() < window.height() // 2
    gap = frame_rect(dialog).center() - window.frameGeometry().center()
    assert abs(gap.x()) <= 1 and abs(gap.y()) <= 1, gap
    dialog.close()


async def test_the_first_jobs_counted_in_the_open_empty_statistics_are_shown_whole(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(0, 0, 1920, 1080))
    dialog = await opened(window)
    await settled(dialog)
    empty = dialog.size()
    seed(session.ledger)
    window.menu_actions["statistics"].trigger()
    await until(lambda: counted(dialog) and dialog.pages.currentWidget() is dialog.content)
    await settled(dialog)
    scroll = dialog.findChild(QScrollArea)
    assert scroll is not None
    assert scroll.verticalScrollBar().maximum() == scroll.horizontalScrollBar().maximum() == 0
    assert dialog.height() > empty.height()
    dialog.close()


def centre_gap(dialog: StatsDialog, window: MainWindow) -> QPoint:
    return frame_rect(dialog).center() - window.frameGeometry().center()


async def test_grown_for_the_first_jobs_the_open_statistics_stand_centred_over_the_window(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opened on "No jobs yet" and grown by Refresh for the jobs made meanwhile, it kept the
    small page's corner: the numbers hung off the window's right and bottom."""
    screen = QRect(0, 0, 1366, 800)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: screen)
    window.setGeometry(QRect(100, 60, 1100, 700))
    dialog = await opened(window)
    await settled(dialog)
    empty = dialog.size()
    seed(session.ledger)
    dialog.refresh_button.click()
    await until(lambda: counted(dialog) and dialog.pages.currentWidget() is dialog.content)
    await settled(dialog)
    assert dialog.width() > empty.width() and dialog.height() > empty.height()
    assert screen.contains(frame_rect(dialog)), frame_rect(dialog)
    gap = centre_gap(dialog, window)
    assert abs(gap.x()) <= 1 and abs(gap.y()) <= 1, gap
    dialog.close()


async def test_moved_by_the_artist_the_statistics_grown_for_the_first_jobs_stay_there(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The artist dragged "No jobs yet" aside: grown for the jobs, it keeps its corner."""
    screen = QRect(0, 0, 1920, 1080)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: screen)
    monkeypatch.setattr(placement, "WATCHED_S", 0.0)  # the artist moves it at once
    window.setGeometry(QRect(100, 60, 1100, 700))
    dialog = await opened(window)
    await settled(dialog)
    handle = dialog.windowHandle()
    assert handle is not None
    handle.setPosition(QPoint(60, 80))  # dragged by its title bar: told by the platform
    await until(lambda: dialog.geometry().topLeft() == QPoint(60, 80))
    seed(session.ledger)
    dialog.refresh_button.click()
    await until(lambda: counted(dialog) and dialog.pages.currentWidget() is dialog.content)
    await settled(dialog)
    assert dialog.geometry().topLeft() == QPoint(60, 80)
    dialog.close()


async def test_no_jobs_yet_is_refitted_for_a_font_set_while_it_is_open_and_back(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 16 pt set while "No jobs yet" showed, the dialog kept its 9 pt width: its words
    wrapped down a narrow column that scrolled. Back at 9 pt it stayed that large."""
    on_a_large_screen(window, monkeypatch)
    dialog = await opened(window)
    await settled(dialog)
    small = dialog.size()
    scroll = dialog.findChild(QScrollArea)
    assert scroll is not None
    with application_font(16):
        await until(lambda: dialog.width() > small.width())
        await settled(dialog)
        assert scroll.verticalScrollBar().maximum() == 0, "none of it cut"
        needed = dialog.empty.heightForWidth(dialog.empty.width())
        assert dialog.empty.height() <= needed + dialog.fontMetrics().height(), "no empty space"
        gap = centre_gap(dialog, window)
        assert abs(gap.x()) <= 1 and abs(gap.y()) <= 1, gap
    await until(lambda: dialog.size() == small)
    dialog.close()


async def test_the_numbers_are_refitted_for_a_font_set_while_they_are_open(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 14 pt set while the numbers showed, the dialog kept its 9 pt width and grew down
    from where it stood, off its window's centre."""
    seed(session.ledger)
    on_a_large_screen(window, monkeypatch)
    dialog = await opened(window)
    await settled(dialog)
    small = dialog.size()
    with application_font(14):
        await until(lambda: dialog.width() > small.width())
        await settled(dialog)
        scroll = dialog.findChild(QScrollArea)
        assert scroll is not None
        assert scroll.horizontalScrollBar().maximum() == 0
        gap = centre_gap(dialog, window)
        assert abs(gap.x()) <= 1 and abs(gap.y()) <= 1, gap
    dialog.close()


async def test_a_library_of_uploads_alone_says_no_image_was_generated(
    window: MainWindow, session: Session
) -> None:
    session.ledger.create_upload(file_path=library_image("a.png"), sha256="a")
    session.ledger.create_upload(file_path=library_image("b.png"), sha256="b")
    dialog = await opened(window)
    assert dialog.breakdown.text() == "0 generation jobs · 2 uploaded"
    assert dialog.tiles["total"].value.text() == "2"
    assert dialog.models_stack.currentWidget() is dialog.no_models
    assert dialog.no_models.text() == "No images generated yet."
    completed(session.ledger, 5.0)
    window.menu_actions["statistics"].trigger()
    await until(lambda: counted(dialog))
    assert dialog.models_stack.currentWidget() is dialog.models
    assert StatsDialog.table_rows(dialog.models) == [("Flux Kontext Pro", "1")]


async def test_a_library_of_the_other_mode_s_jobs_alone_says_none_was_generated_in_this_one(
    window: MainWindow, session: Session
) -> None:
    """Live mode, a library of demo images alone: under "Per model" it said "No images
    generated yet." beside the tile that counts the two. None was, in live mode."""
    completed(session.ledger, 1.0, "max", simulated=True)
    completed(session.ledger, 1.0, "max", simulated=True)
    dialog = await opened(window)
    assert dialog.tiles["total"].value.text() == "2"
    assert dialog.models_stack.currentWidget() is dialog.no_models
    assert dialog.no_models.text() == "No images generated in live mode yet."


async def test_refresh_counts_again_and_the_menu_raises_the_same_window(
    window: MainWindow, session: Session
) -> None:
    completed(session.ledger, 5.0)
    dialog = await opened(window)
    assert dialog.tiles["total"].value.text() == "1"
    assert dialog.errors_stack.currentWidget() is dialog.no_errors
    ended(session.ledger, JobState.FAILED, "content_policy")
    window.menu_actions["statistics"].trigger()
    assert window._stats_dialog is dialog
    await until(lambda: counted(dialog))
    assert dialog.tiles["success"].value.text() == "50.0%", "counted again"
    assert dialog.tiles["total"].value.text() == "1", "a failed job made no artwork"

    dialog.close()
    await until(lambda: window._stats_dialog is None)


async def test_a_failure_is_told_in_words(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_ledger: Ledger, *, demo: bool) -> None:
        raise StorageError("database is locked")

    monkeypatch.setattr(stats_dialog, "stats_for_ledger", broken)
    dialog = await opened(window)
    await until(lambda: dialog.pages.currentWidget() is dialog.failed)
    assert "could not be computed" in dialog.failed.text()
    # The page changes as the count fails, the banner once the bridge hears of it: a turn
    # of the loop later (a loaded machine polled in between).
    await until(window.banner.isVisible)
    assert dialog.refresh_button.isEnabled()


async def test_live_statistics_leave_the_demo_jobs_out_and_say_so(
    window: MainWindow, session: Session
) -> None:
    """Before: demo jobs were counted with the live ones, "Flux Kontext Max 6" of the four
    KIE made, the demo server's 1 s in the mean generation time and its failure in the
    success rate. Live mode counts the jobs sent to KIE, and says the demo ones are left."""
    seed(session.ledger)
    completed(session.ledger, 1.0, "max", simulated=True)
    completed(session.ledger, 1.0, "max", simulated=True)
    job = session.ledger.create_job(GenerateRequest("an owl"), simulated=True)
    session.ledger.transition(job.id, JobState.FAILED, error_kind="generation_failed")
    dialog = await opened(window)

    tiles = {key: tile.value.text() for key, tile in dialog.tiles.items()}
    assert tiles == {"success": "50.0%", "mean": "25.0 s", "p90": "52.6 s", "total": "7"}, (
        "the artworks are the library's: the two demo images are in it"
    )
    assert dialog.breakdown.text() == (
        "8 generation jobs · 1 uploaded · 4 completed · 2 failed · 1 cancelled · 1 timed out"
    )
    assert dialog.table_rows(dialog.models) == [
        ("Flux Kontext Max", "4"),
        ("Flux Kontext Pro", "4"),
    ]
    assert ("The demo server could not generate this image", "1") not in dialog.table_rows(
        dialog.errors
    )
    assert on_the_day_made(dialog, session) == 8
    assert dialog.other_mode.isVisible()
    assert dialog.other_mode.text() == (
        "3 demo jobs are not counted among the jobs here: the statistics in demo mode count them."
    )


async def closed_statistics(bridge: Bridge) -> None:
    dialog = StatsDialog(bridge)
    dialog.show()
    await until(lambda: counted(dialog))
    dialog.close()


@pytest.mark.qt_no_exception_capture  # what Qt's overrides print is what is read here
async def test_a_closed_dialog_let_go_of_says_no_error_as_it_is_deleted(
    bridge: Bridge, capfd: pytest.CaptureFixture[str]
) -> None:
    """Its Close button's icon follows the font through a restyle that hears the button
    box's events in an event filter: let go of once closed, the dialog was deleted by the
    garbage collector, which had emptied the filter's fields first, and its children going
    one by one told the box so through it: every such close printed "Error calling Python
    override of QObject::eventFilter()" and an AttributeError. Only the changes a restyle
    follows reach the filter's fields."""
    await closed_statistics(bridge)  # and let go of
    gc.collect()
    assert "QObject::eventFilter" not in capfd.readouterr().err


@pytest.mark.qt_no_exception_capture  # what Qt's overrides print is what is read here
async def test_a_closed_dialog_let_go_of_prints_nothing_of_its_numbers_layout(
    bridge: Bridge, capfd: pytest.CaptureFixture[str]
) -> None:
    """Let go of once closed and collected, the dialog's widgets went one by one before the
    layout of its numbers (a flow layout), which, asked its size as each went, read the
    items Qt had deleted: "Internal C++ object (QWidgetItem) already deleted", a dozen
    tracebacks on the terminal the app was started from, at each Statistics closed."""
    await closed_statistics(bridge)  # and let go of
    gc.collect()
    printed = capfd.readouterr().err
    assert "already deleted" not in printed
    assert "Error calling Python override" not in printed


async def test_demo_statistics_count_the_demo_jobs_alone() -> None:
    """Demo mode counts its own jobs, its failures in the demo server's words, and says
    the job sent to KIE is left out."""
    demo = open_session(demo=True, schedule=fast_schedule())
    bridge = Bridge(demo)
    try:
        completed(demo.ledger, 6.0)
        for _ in range(2):
            job = demo.ledger.create_job(GenerateRequest("an owl"), simulated=True)
            demo.ledger.transition(job.id, JobState.FAILED, error_kind="generation_failed")
        completed(demo.ledger, 2.0, "max", simulated=True)
        dialog = StatsDialog(bridge)
        dialog.show()
        await until(lambda: counted(dialog))
        assert dialog.tiles["mean"].value.text() == "2.0 s"
        assert dialog.table_rows(dialog.models) == [
            ("Flux Kontext Pro", "2"),
            ("Flux Kontext Max", "1"),
        ]
        assert dialog.table_rows(dialog.errors) == [
            ("The demo server could not generate this image", "2")
        ]
        assert dialog.other_mode.text() == (
            "1 job sent to KIE in live mode is not counted among the jobs here: the statistics "
            "in live mode count it."
        )
        dialog.close()
    finally:
        await bridge.aclose()
        await demo.aclose()


class SignFirst(QTranslator):
    """A language that writes the percent sign before the figure (Turkish: "%50,0")."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        return "%{value}" if source == "{value}%" else ""


async def test_the_success_rate_s_sign_is_placed_by_the_language(
    window: MainWindow, session: Session
) -> None:
    """The success rate was the figure and a "%" added to it outside the translations: a
    language that writes the sign first, or with a space, could not place it."""
    seed(session.ledger)
    translator = SignFirst()
    QCoreApplication.installTranslator(translator)
    try:
        dialog = await opened(window)
        assert dialog.tiles["success"].value.text() == "%50.0"
    finally:
        QCoreApplication.removeTranslator(translator)


async def test_five_kinds_of_error_read_whole_in_chinese(
    qapp: QApplication, session: Session, bridge: Bridge, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chinese lines are taller: with a 900 x 700 window, the table of errors showed four
    and a half of five kinds, the fifth under a scroll bar."""
    monkeypatch.delenv(i18n.LANGUAGE_ENV)  # the language chosen in Settings
    paths = session.paths
    save_settings(paths, load_settings(paths).with_changes(language="zh_CN"))
    installed = translations.install_saved(qapp)  # as the app does at start
    assert installed.language == "zh_CN"
    try:
        for kind in ("credits", "content_policy", "server", "network", "maintenance"):
            ended(session.ledger, JobState.FAILED, kind)
        for seconds in (10.0, 11.0, 12.0):
            completed(session.ledger, seconds)
        window = await open_window(session, bridge)
        try:
            window.resize(900, 700)
            dialog = await opened(window)
            assert dialog.windowTitle() == "统计"
            table = dialog.errors
            assert table.rowCount() == 5
            await settled(dialog)
            assert not table.verticalScrollBar().isVisible()
            shown = table.viewport().rect()
            for row in range(table.rowCount()):
                assert shown.contains(table.visualRect(table.model().index(row, 0))), row
            # Not cut by the dialog either: laid out taller than there was room for, the
            # table ran under the buttons.
            assert table.visibleRegion().boundingRect() == table.rect()
            bottom = table.mapTo(dialog, table.rect().bottomLeft()).y()
            scroll = dialog.findChild(QScrollArea)
            assert scroll is not None
            assert bottom <= scroll.geometry().bottom()
            assert not scroll.verticalScrollBar().isVisible(), "the dialog grew for them"
            assert dialog.height() <= window.height()
        finally:
            await close_window(window)
    finally:
        installed.remove()


async def test_on_a_small_screen_with_a_large_font_its_buttons_are_on_the_screen(
    large_font: None, window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a 1024 x 640 laptop at 150 % (683 x 427 to Qt, less its panel) the dialog opened
    680 x 560, taller still with a large font: Close and Refresh were below the screen's
    edge, out of reach from the keyboard. It opens on the screen, its numbers scrolling
    above the buttons."""
    seed(session.ledger)
    free = QRect(0, 0, 683, 400)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: free)
    dialog = await opened(window)
    await settled(dialog)
    assert dialog.width() <= free.width() - FRAME_ROOM.width()
    assert dialog.height() <= free.height() - FRAME_ROOM.height()
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    close = buttons.button(QDialogButtonBox.StandardButton.Close)
    for button in (close, dialog.refresh_button):
        assert button is not None
        shown = QRect(button.mapTo(dialog, QPoint(0, 0)), button.size())
        assert dialog.rect().contains(shown), button.text()
    dialog.close()


async def test_on_a_small_screen_the_keyboard_scrolls_to_the_numbers_below(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The numbers that do not fit a small screen scroll above the buttons, and neither they
    nor their tables take the keyboard: a keyboard-only artist, on Close, never saw the
    errors by kind below the chart. Page Down and Page Up (End and Home) scroll them."""
    seed(session.ledger)
    free = QRect(0, 0, 683, 400)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: free)
    dialog = await opened(window)
    await settled(dialog)
    scroll = dialog.findChild(QScrollArea)
    assert scroll is not None
    bar = scroll.verticalScrollBar()
    assert bar.maximum() > 0, "the numbers do not fit: they scroll"
    focused = dialog.focusWidget()
    assert focused is not None and focused.parentWidget() is dialog.findChild(QDialogButtonBox)
    QTest.keyClick(focused, Qt.Key.Key_End)
    assert bar.value() == bar.maximum()
    assert not dialog.errors.visibleRegion().isEmpty(), "the errors by kind in sight"
    QTest.keyClick(focused, Qt.Key.Key_PageUp)
    assert 0 <= bar.value() < bar.maximum()
    QTest.keyClick(focused, Qt.Key.Key_Home)
    assert bar.value() == 0
    QTest.keyClick(focused, Qt.Key.Key_PageDown)
    assert bar.value() > 0
    assert dialog.focusWidget() is focused, "the keyboard stays on the button"
    dialog.close()


async def test_the_statistics_say_deleted_jobs_are_not_counted(
    window: MainWindow, session: Session
) -> None:
    """An artist who made 3 and deleted 1 read "2 generation jobs" with nothing saying why:
    the statistics count the library as it is now. The dialog says so."""
    for seconds in (5.0, 6.0, 7.0):
        completed(session.ledger, seconds)
    culled = session.ledger.search()[0]
    session.ledger.delete(culled.id)
    dialog = await opened(window)
    assert dialog.breakdown.text() == "2 generation jobs · 0 uploaded · 2 completed"
    assert dialog.scope.isVisible()
    assert dialog.scope.text().endswith("and deleted ones are not counted.")


async def test_the_statistics_say_a_generate_of_several_images_counts_a_job_for_each(
    window: MainWindow, session: Session
) -> None:
    """One press of Generate at 4 images: "4 generation jobs", 4 that day, 4 per model,
    read as four presses of Generate, and nothing said that a job is one image. The
    dialog says what a job is, by the count the artist knows."""
    for place in range(1, 5):
        job = session.ledger.create_job(GenerateRequest("a fox").validated(), batch=(place, 4))
        session.ledger.transition(job.id, JobState.CANCELLED)
    dialog = await opened(window)
    assert dialog.breakdown.text() == "4 generation jobs · 0 uploaded · 4 cancelled"
    assert dialog.scope.isVisible()
    assert dialog.scope.text() == (
        "Counted from the jobs and uploads in your library now: each job is one image asked "
        "for (a Generate of 4 images is 4 jobs), and deleted ones are not counted."
    )


async def test_an_extra_image_kept_for_a_job_is_not_counted_as_a_job(
    window: MainWindow, session: Session
) -> None:
    """A job whose cancelled earlier send's task finished late keeps that image as an extra
    artwork for it (:attr:`Snapshot.made_for_job`). The statistics read "3 generation
    jobs · 3 completed" of two jobs, its success and times counted twice. They count two
    jobs, and the extra image beside them, so the artworks' count adds up."""
    for seconds in (8.0, 10.0):
        completed(session.ledger, seconds)
    sent = session.ledger.search()[0]
    extra, _ = session.ledger.create_following(sent, "late-task")
    session.ledger.transition(extra.id, JobState.DOWNLOADING)
    session.ledger.transition(extra.id, JobState.COMPLETED, completed_at=time.time())
    dialog = await opened(window)
    assert dialog.tiles["total"].value.text() == "3"
    assert dialog.breakdown.text() == (
        "2 generation jobs · 0 uploaded · 1 extra image of a job · 2 completed"
    )
    assert on_the_day_made(dialog, session) == 2
    assert dialog.table_rows(dialog.models) == [("Flux Kontext Pro", "2")]


async def test_an_extra_task_of_a_job_that_failed_is_not_counted_as_an_image(
    window: MainWindow, session: Session
) -> None:
    """Two tasks of an earlier send of a job finished late, kept for it: one made its image,
    the other failed at KIE. The statistics read "2 extra images of jobs" beside "2"
    artworks, one of them with no image; they count the one image, and no job more."""
    completed(session.ledger, 8.0)
    sent = session.ledger.search()[0]
    image, _ = session.ledger.create_following(sent, "late-task")
    session.ledger.transition(image.id, JobState.DOWNLOADING)
    session.ledger.transition(image.id, JobState.COMPLETED, completed_at=time.time())
    failed, _ = session.ledger.create_following(sent, "failed-task")
    session.ledger.transition(failed.id, JobState.FAILED, error_kind="kie_failed")
    dialog = await opened(window)
    assert dialog.tiles["total"].value.text() == "2"
    assert dialog.breakdown.text() == (
        "1 generation job · 0 uploaded · 1 extra image of a job · 1 completed"
    )
    assert dialog.tiles["success"].value.text() == "100.0%"


def value_pixels(tile: Tile) -> int:
    return QFontInfo(tile.value.font()).pixelSize()


def test_with_the_font_set_in_pixels_the_numbers_are_larger_than_their_captions(
    pixel_font: None, owned: list[QObject]
) -> None:
    """Scaled by its point size, which is -1 for a font given in pixels, a number was the
    size of its caption (and Qt warned of a point size of -1.6)."""
    tile = Tile("Jobs")
    owned.append(tile)
    assert value_pixels(tile) == round(16 * 1.6)
    assert tile.value.font().bold()


async def test_the_numbers_grow_with_a_font_set_while_the_statistics_are_open(
    owned: list[QObject],
) -> None:
    """Their font was taken once, when the tile was made: at 24 pt set later, the numbers
    were smaller than their captions."""
    tile = Tile("Jobs")
    owned.append(tile)
    tile.show()
    with application_font(24):
        await until(lambda: tile.font().pointSizeF() == 24)
        assert tile.value.font().pointSizeF() == pytest.approx(24 * 1.6)
        assert value_pixels(tile) > QFontInfo(tile.caption.font()).pixelSize()


async def test_the_open_dialog_s_numbers_and_captions_grow_with_a_font_set_while_it_is_open(
    window: MainWindow, session: Session
) -> None:
    """Its style sheet (the captions' secondary colour) gave each tile the font it had
    when it was set: at 24 pt set while Statistics was open, its numbers and captions
    stayed at their 9 pt sizes."""
    seed(session.ledger)
    dialog = await opened(window)
    tile = dialog.tiles["total"]
    with application_font(24):
        await until(lambda: dialog.font().pointSizeF() == 24)
        await settled(dialog)
        assert tile.caption.font().pointSizeF() == 24
        assert tile.value.font().pointSizeF() == pytest.approx(24 * 1.6)
    dialog.close()


@pytest.mark.parametrize("screen", [QRect(0, 0, 1024, 700), QRect(0, 0, 683, 400)])
async def test_at_24_pt_on_a_laptop_the_numbers_do_not_scroll_sideways(
    huge_font: None,
    window: MainWindow,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    screen: QRect,
) -> None:
    """At 24 pt on a 1024 x 700 screen the dialog was as wide as its numbers, with no room
    for the scroll bar beside them: they scrolled sideways by its width. On a 683 x 400 one
    the four headline numbers side by side were 150 px wider than the dialog: they stand
    two to a row there, the tables as before."""
    seed(session.ledger)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: screen)
    dialog = await opened(window)
    await settled(dialog)
    scroll = dialog.findChild(QScrollArea)
    assert scroll is not None
    assert scroll.verticalScrollBar().maximum() > 0, "too tall for the screen: it scrolls"
    assert scroll.horizontalScrollBar().maximum() == 0
    assert dialog.width() <= screen.width() - FRAME_ROOM.width()
    for tile in dialog.tiles.values():
        assert tile.visibleRegion().boundingRect().width() == tile.width()
    dialog.close()


async def test_at_24_pt_the_four_numbers_stand_in_even_rows_at_every_width(
    huge_font: None, window: MainWindow, session: Session
) -> None:
    """Where three fitted in a row and four did not, the fourth (Artworks in the library)
    stood alone under the three, read as a footnote. They go 4, 2 + 2 or one to a row."""
    seed(session.ledger)
    dialog = await opened(window)
    await settled(dialog)
    tiles = list(dialog.tiles.values())
    widths = [tile.sizeHint().width() for tile in tiles]
    layouts: set[tuple[int, ...]] = set()
    for width in range(dialog.minimumWidth(), sum(widths) + 200, 20):
        dialog.resize(width, dialog.height())
        await settled(dialog)
        rows = Counter(tile.mapTo(dialog, QPoint(0, 0)).y() for tile in tiles)
        layouts.add(tuple(rows[y] for y in sorted(rows)))
    assert (3, 1) not in layouts
    assert layouts <= {(4,), (2, 2), (1, 1, 1, 1)}, layouts
    assert (4,) in layouts and (2, 2) in layouts
    dialog.close()


async def test_at_24_pt_close_has_an_icon_as_tall_as_its_word(
    huge_font: None, window: MainWindow
) -> None:
    """Its icon stayed at the style's 16 px beside a word twice as tall."""
    dialog = await opened(window)
    close = dialog.buttons.button(QDialogButtonBox.StandardButton.Close)
    line = close.fontMetrics().height()
    assert line > 30, line
    assert close.iconSize().height() >= line
    dialog.close()


async def test_at_24_pt_on_a_1024_px_screen_it_opens_as_wide_as_the_screen_has_room_for(
    huge_font: None, window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It opened 680 px wide on every screen: at 24 pt on a 1024 x 700 one its numbers
    scrolled by 536 px, a third of the screen's width unused beside them. Sized from its
    numbers, it takes the screen's width where they are taller than the screen, and they
    scroll less."""
    seed(session.ledger)
    screen = QRect(0, 0, 1024, 700)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: screen)
    dialog = await opened(window)
    await settled(dialog)
    room = screen.size() - FRAME_ROOM
    assert dialog.size() == room
    scroll = dialog.findChild(QScrollArea)
    assert scroll is not None
    assert scroll.horizontalScrollBar().maximum() == 0
    dialog.close()


async def test_on_a_large_screen_it_opens_at_its_numbers_size_none_cut(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sized from its numbers rather than a fixed 680 x 560, on a screen with room for them
    none scrolls and none is cut: the kinds of error are whole on their lines."""
    seed(session.ledger)
    ended(session.ledger, JobState.FAILED, "network")
    screen = QRect(0, 0, 1920, 1080)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: screen)
    dialog = await opened(window)
    await settled(dialog)
    scroll = dialog.findChild(QScrollArea)
    assert scroll is not None
    assert scroll.verticalScrollBar().maximum() == scroll.horizontalScrollBar().maximum() == 0
    errors = dialog.errors
    names = errors.horizontalHeader().sectionSize(0)
    for name, _count in dialog.table_rows(errors):
        assert errors.fontMetrics().horizontalAdvance(name) < names, name
    assert dialog.height() < screen.height() - FRAME_ROOM.height()
    dialog.close()


async def test_resized_while_it_counts_it_keeps_the_artist_s_size(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sized again for its numbers when they came, a dialog the artist had made larger while
    a long count ran snapped back to the size it chose."""
    seed(session.ledger)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(0, 0, 1920, 1080))
    go_on = threading.Event()
    count = stats_dialog.stats_for_ledger

    def slow(*args: object, **kwargs: object) -> Stats:
        go_on.wait(10)
        return count(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(stats_dialog, "stats_for_ledger", slow)
    window.menu_actions["statistics"].trigger()
    dialog = window._stats_dialog
    assert dialog is not None
    await settled(dialog)
    chosen = await resized_by_the_artist(dialog, QSize(200, 150))
    go_on.set()
    await until(lambda: counted(dialog))
    await settled(dialog)
    assert dialog.size() == chosen
    dialog.close()


def cut_rows(table: QTableWidget) -> list[str]:
    """The names in ``table`` whose words need more height than their row has: Qt cuts the
    last line that fits with "…"."""
    return [
        name
        for row, (name, _count) in enumerate(StatsDialog.table_rows(table))
        if table.rowHeight(row) < table.sizeHintForRow(row)
    ]


@pytest.mark.parametrize("points", [14, 24])
async def test_the_kinds_of_error_are_whole_at_a_font_set_before_or_while_it_is_open(
    points: int, window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows' heights were set when the jobs were counted, 30 px whatever the font: at
    14 pt a kind of error wrapped on two lines was cut with "…". Each row is as tall as its
    words, at the font the dialog opened with and at one set while it is open."""
    seed(session.ledger)
    ended(session.ledger, JobState.FAILED, "network")
    on_a_large_screen(window, monkeypatch)
    with application_font(points):
        dialog = await opened(window)
        await settled(dialog)
        assert cut_rows(dialog.errors) == cut_rows(dialog.models) == []
        dialog.close()
    dialog = await opened(window)
    await settled(dialog)
    assert cut_rows(dialog.errors) == []
    with application_font(points):
        await until(lambda: dialog.errors.font().pointSize() == points)
        await settled(dialog)
        assert cut_rows(dialog.errors) == cut_rows(dialog.models) == []
        wrapped = dialog.errors.rowHeight(0) > dialog.errors.fontMetrics().lineSpacing() * 1.5
        assert wrapped, "the longest kind of error on two lines, whole"
    dialog.close()


async def test_sized_by_the_artist_it_grows_for_a_larger_font_and_comes_back_to_their_size(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Grown past the artist's size by a larger font, the dialog took that size for its own:
    back at 9 pt it shrank to its numbers' size, the artist's lost. It keeps the larger of
    the two while the font is large, and the artist's size after."""
    seed(session.ledger)
    on_a_large_screen(window, monkeypatch)
    dialog = await opened(window)
    await settled(dialog)
    points = dialog.font().pointSizeF()
    chosen = await resized_by_the_artist(dialog, QSize(200, 30))
    with application_font(14):
        await until(lambda: dialog.height() > chosen.height())
        await settled(dialog)
        assert dialog.size() == chosen.expandedTo(dialog.minimumSizeHint())
    await until(lambda: dialog.font().pointSizeF() == points)
    await settled(dialog)
    assert dialog.size() == chosen
    dialog.close()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
async def test_at_14_pt_set_while_it_is_open_it_is_no_taller_than_opened_at_14_pt(
    language: str,
    qapp: QApplication,
    session: Session,
    bridge: Bridge,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Its notes kept the least height of their lines at the narrower width of the old font:
    set to 14 pt while open, Chinese Statistics stood 891 px tall, 119 px taller than opened
    at 14 pt and than the main window, the room under its tables; back at 10 pt, 36 px
    taller than before. It stands at the size it opens with at each font, no word cut."""
    monkeypatch.delenv(i18n.LANGUAGE_ENV)  # the language chosen in Settings
    paths = session.paths
    save_settings(paths, load_settings(paths).with_changes(language=language))
    installed = translations.install_saved(qapp)
    seed(session.ledger)
    ended(session.ledger, JobState.FAILED, "network")
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(0, 0, 1600, 1000))
    window = await open_window(session, bridge)
    try:
        window.setGeometry(QRect(100, 60, 1400, 880))
        large, dialog = await opened_after_one_at_14_pt(window)
        small = dialog.size()
        with application_font(14):
            await until(lambda: dialog.width() > small.width())
            await settled(dialog)
            assert dialog.height() <= window.height()
            assert dialog.size() == large
            assert cut_rows(dialog.errors) == cut_rows(dialog.models) == []
        await until(lambda: dialog.width() < large.width())
        await settled(dialog)
        assert dialog.size() == small
        dialog.close()
    finally:
        await close_window(window)
        installed.remove()


async def test_maximized_once_and_restored_it_stands_at_its_own_size_in_a_larger_font(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The screen's size it took maximized was taken for one the artist dragged it to:
    restored, then set to 14 pt, it grew back to the screen's size, not maximized (under
    X11 1600 x 981 on a 1600 x 1000 screen). Restored, its size is still the app's, and at
    14 pt it stands at the size it opens with at 14 pt."""
    seed(session.ledger)
    on_a_large_screen(window, monkeypatch)
    large, dialog = await opened_after_one_at_14_pt(window)
    small = dialog.size()
    dialog.showMaximized()
    await until(lambda: dialog.isMaximized() and dialog.width() > small.width())
    dialog.showNormal()
    await until(lambda: not dialog.isMaximized() and dialog.size() == small)
    await settled(dialog)
    with application_font(14):
        await until(lambda: dialog.width() > small.width())
        await settled(dialog)
        assert dialog.size() == large
    dialog.close()


async def test_a_larger_font_set_while_maximized_leaves_it_maximized(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sized by the artist, then maximized, and set to 14 pt: it was resized to the
    artist's size, no longer maximized (under X11 it stood as large as the screen, no
    longer maximized, that size taken for the artist's). It stays maximized, and restored
    it stands at the artist's size, larger where 14 pt needs it, and at 9 pt their size."""
    seed(session.ledger)
    on_a_large_screen(window, monkeypatch)
    dialog = await opened(window)
    await settled(dialog)
    points = dialog.font().pointSizeF()
    chosen = await resized_by_the_artist(dialog, QSize(40, 30))
    dialog.showMaximized()
    await until(lambda: dialog.isMaximized() and dialog.width() > chosen.width())
    await settled(dialog)
    maximized = dialog.size()
    with application_font(14):
        await until(lambda: dialog.font().pointSize() == 14)
        await settled(dialog)
        assert dialog.isMaximized()
        assert dialog.size() == maximized
        dialog.showNormal()
        await until(lambda: not dialog.isMaximized())
        await settled(dialog)
        assert dialog.size() == chosen.expandedTo(dialog.minimumSizeHint())
    await until(lambda: dialog.font().pointSizeF() == points)
    await settled(dialog)
    assert dialog.size() == chosen
    dialog.close()
