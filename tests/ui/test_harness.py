"""The UI tests' own event loop behaves as the app's does."""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QTimer
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLabel,
    QMessageBox,
    QWidget,
)

from kontext_studio import APP_ID, APP_NAME, __version__
from kontext_studio.session import open_session
from kontext_studio.ui import levels
from kontext_studio.ui.app import ORGANISATION, configure_application
from tests.fixtures import fast_schedule
from tests.ui.conftest import a_turn, looks_kept, qasync_loop, until
from tests.ui.test_window import close_window, open_window


async def test_a_test_s_only_window_closing_leaves_its_loop_running(owned: list) -> None:
    """Closing the last visible window stopped the qasync loop under a test that awaited
    after it, unless a main window had been opened earlier in the run (run this alone to
    see it): the teardown of a tab whose work was still running failed at random."""
    widget = QWidget()
    owned.append(widget)
    widget.show()
    await until(widget.isVisible)
    widget.close()
    for _ in range(5):  # several turns of the loop: Qt's quit, posted, would come in one
        await asyncio.sleep(0.01)
    assert not widget.isVisible()


_KEPT: contextvars.ContextVar[str] = contextvars.ContextVar("kept", default="")


async def test_a_task_s_step_due_as_a_mouse_move_runs_qt_s_events_runs_after_it(
    owned: list,
) -> None:
    """``QTest.mouseMove`` runs Qt's events inside the test's task: the step of another task
    due then was refused by asyncio ("Cannot enter into task") and lost, that task never
    ended, and the loop's close waited for it for ever. Put off to the loop's next turn, it
    runs in its task's own context: what it sets there, the task's next step sees."""
    widget = QWidget()
    owned.append(widget)
    widget.show()
    woken = asyncio.get_running_loop().create_future()
    waiting: list[None] = []

    async def other() -> str:
        waiting.append(None)
        await woken
        _KEPT.set("set in the step put off")
        await asyncio.sleep(0)
        return _KEPT.get()

    task = asyncio.ensure_future(other())
    await until(lambda: waiting)
    woken.set_result(None)  # its step due now
    QTest.mouseMove(widget, QPoint(5, 5))
    await until(task.done)
    assert task.result() == "set in the step put off"


async def test_steps_due_as_a_mouse_move_runs_qt_s_events_run_after_it_in_order(
    owned: list,
) -> None:
    """Held until the test's step ends, the tasks' steps due inside it keep their order, and
    one whose handle was cancelled meanwhile does not run. Other callbacks run there, as
    qasync runs them: asyncio refuses only a task's step inside another's."""
    widget = QWidget()
    owned.append(widget)
    widget.show()
    loop = asyncio.get_running_loop()
    woken = [loop.create_future() for _ in range(3)]
    waiting: list[int] = []
    ran: list[int] = []

    async def waits(number: int) -> None:
        waiting.append(number)
        await woken[number]
        ran.append(number)

    tasks = [asyncio.ensure_future(waits(number)) for number in range(3)]
    idle = asyncio.ensure_future(asyncio.Event().wait())
    await until(lambda: len(waiting) == 3)
    for number in (2, 0, 1):
        woken[number].set_result(None)  # their steps due in this order
    cancelling = loop.call_soon(idle.cancel)  # a task's own method: held as its steps are
    plain: list[str] = []
    loop.call_soon(plain.append, "ran")
    QTest.mouseMove(widget, QPoint(5, 5))
    assert plain == ["ran"]  # Qt's events ran the callbacks due
    assert ran == []  # the steps were not run inside the test's
    cancelling.cancel()
    await until(lambda: all(task.done() for task in tasks))
    assert ran == [2, 0, 1]
    await a_turn()
    assert not idle.done()
    idle.cancel()


def _dialog(owned: list[Any]) -> Any:
    dialog = QDialog()
    owned.append(dialog)
    return dialog.exec()


@pytest.mark.parametrize(
    "opens",
    [
        _dialog,
        lambda _owned: QMessageBox.question(None, "Delete", "Delete “fox”?"),
        lambda _owned: QMessageBox.warning(None, "Save", "Not saved"),
        lambda _owned: QFileDialog.getOpenFileName(
            None, "Choose", "", "", options=QFileDialog.Option.DontUseNativeDialog
        ),
        lambda _owned: QFileDialog.getExistingDirectory(
            None, "Choose", "", QFileDialog.Option.DontUseNativeDialog
        ),
    ],
    ids=["QDialog.exec", "question", "warning", "file", "folder"],
)
async def test_a_dialog_s_own_loop_inside_a_test_s_task_fails_at_once(
    owned: list[Any], opens: Callable[[list[Any]], Any]
) -> None:
    """A dialog's own loop inside a test's task loses the steps of the other tasks due
    while it is open, and the loop's close then waits for them forever, after the test
    passed: the guard (:func:`tests.ui.conftest.no_nested_loops`) fails such a test at
    once. It caught ``exec`` called on a dialog, but not a message box's or a file
    dialog's static function (``QMessageBox.question``, ``QFileDialog.getOpenFileName``):
    their loops ran, unrefused, inside the task."""
    opened: list[QWidget] = []

    def close_it() -> None:
        shown = QApplication.activeModalWidget()
        if shown is not None:
            opened.append(shown)
            shown.close()

    closer = QTimer()  # closes one the guard let open, which would wait for an answer
    owned.append(closer)
    closer.timeout.connect(close_it)
    closer.start(10)
    try:
        with pytest.raises(AssertionError, match="inside a task"):
            opens(owned)
    finally:
        closer.stop()
    assert not opened, "refused before it opened"


def test_work_due_as_a_test_ends_runs_on_its_loop() -> None:
    """qasync runs Qt's events once more after a test's coroutine ended, and pytest-qt runs
    them between a test's phases, the loop no longer the running one: the steps of the
    app's tasks due then (jobs still sending as a test ends) ran without a loop. A request
    connecting then failed inside anyio, its connection attempt never started ("coroutine
    'connect_tcp.<locals>.try_connect' was never awaited", blamed on a random later test)."""
    loop = qasync_loop()
    steps: list[bool] = []

    async def background() -> None:
        while True:
            steps.append(_loop_running())
            await asyncio.sleep(0)

    async def test_body() -> asyncio.Task[None]:
        made = asyncio.get_running_loop().create_task(background())
        await asyncio.sleep(0)
        return made

    try:
        task = loop.run_until_complete(test_body())
        for _ in range(3):
            QApplication.processEvents()  # as pytest-qt does between a test's phases
        assert len(steps) > 3 and all(steps), steps
        task.cancel()
        loop.run_until_complete(asyncio.wait([task]))
    finally:
        loop.close()


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


async def test_a_test_that_makes_the_text_larger_with_the_window_open_leaves_no_trace(
    qapp: QApplication,
) -> None:
    """The window follows a larger font, and makes the placeholder and links read
    (``keep_text_readable``), which sets the application's palette: every test after one
    that changed the font with a window open ran on that palette, at 24 pt, so a test passed
    or failed by the tests run before it (a tile's size line failed after test_language).
    What each test leaves is put back now (:func:`tests.ui.conftest.looks_kept`, round every
    UI test), in any order. Within one test: a pair, one leaving and the next looking, showed
    nothing where the two ran on different workers (``-n``) or the second alone."""
    palette, font, kept = qapp.palette(), qapp.font(), levels._kept.palette
    session = open_session(demo=True, schedule=fast_schedule())
    with looks_kept(qapp):
        window = await open_window(session)
        try:
            larger = QFont(qapp.font())
            larger.setPointSizeF(24)
            qapp.setFont(larger)
            await until(lambda: levels._kept.palette is not kept)
            assert qapp.palette() != palette  # the app set its own colours
        finally:
            await close_window(window, session)
    assert levels._kept.palette is kept
    assert qapp.palette() == palette and qapp.palette().resolveMask() == palette.resolveMask()
    assert qapp.font() == font


def test_a_test_that_sets_the_application_s_style_sheet_and_icon_leaves_no_trace(
    qapp: QApplication, owned: list[Any]
) -> None:
    """The app's set-up gives every window its icon, and a style sheet on the application
    reaches every widget: every test after one that set them ran under them, every label
    red and every window the app's icon, so a test passed or failed by the tests run before
    it. Both are put back now (:func:`tests.ui.conftest.looks_kept`, round every UI test)."""
    sheet, icon = qapp.styleSheet(), qapp.windowIcon().cacheKey()
    with looks_kept(qapp):
        configure_application(qapp)
        qapp.setStyleSheet("QLabel { color: #ff0000; }")
        assert not qapp.windowIcon().isNull()
    assert qapp.styleSheet() == sheet
    assert qapp.windowIcon().cacheKey() == icon
    label = QLabel("words")
    owned.append(label)
    label.ensurePolished()
    assert label.palette().color(QPalette.ColorRole.WindowText) != QColor("#ff0000")


def test_a_test_that_sets_the_application_up_leaves_its_names_as_they_were(
    qapp: QApplication,
) -> None:
    """The app's set-up (``configure_application``, which the colour tests call) names the
    application, its organisation, its version and its desktop file: every test after one
    of them ran under the app's names, where QSettings and QStandardPaths place files, so a
    test passed or failed by the tests run before it. They are put back now
    (:func:`tests.ui.conftest.looks_kept`, round every UI test)."""

    def names() -> tuple[str, str, str, str]:
        return (
            qapp.applicationName(),
            qapp.organizationName(),
            qapp.applicationVersion(),
            qapp.desktopFileName(),
        )

    before = names()
    with looks_kept(qapp):
        configure_application(qapp)
        assert names() == (APP_NAME, ORGANISATION, __version__, APP_ID) != before
    assert names() == before


def test_a_test_that_sets_the_application_up_leaves_it_quitting_with_its_last_window_as_before(
    qapp: QApplication,
) -> None:
    """The app's set-up (``configure_application``), and each UI test's loop, keep the
    application running as its last window closes: every test after one of them ran so,
    a plain test too, where Qt's own ends the loop as the last window closes. Put back now
    (:func:`tests.ui.conftest.looks_kept`, round every UI test), as the names and looks."""
    qapp.setQuitOnLastWindowClosed(True)  # Qt's own, as a plain test finds it
    with looks_kept(qapp):
        configure_application(qapp)
        assert not qapp.quitOnLastWindowClosed()
    assert qapp.quitOnLastWindowClosed()
