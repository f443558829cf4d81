"""UI tests run on a qasync loop so the engine's coroutines and Qt share one thread.

Inside async tests, wait with ``await until(...)`` (an async poll), never ``qtbot.waitUntil``
or ``QApplication.processEvents()``: a nested Qt loop inside a task starves asyncio or loses
other tasks' steps, and hangs teardown (:func:`no_nested_loops`).
"""

from __future__ import annotations

import asyncio
import gc
import os
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QFont, QGuiApplication, QHelpEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QToolTip,
    QWidget,
)

from kontext_studio import config
from kontext_studio.session import Session, open_session
from kontext_studio.ui import collection, key_focus, levels
from kontext_studio.ui import handover as handovers
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.event_loop import EventLoop, is_step
from kontext_studio.ui.generate_tab import GenerateTab
from kontext_studio.ui.library_panel import LibraryPanel
from tests.fixtures import fast_schedule, library_copied_from


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item: Any) -> Any:
    """Before a test makes anything, what earlier tests left is collected (here, on the GUI
    thread), and what is still alive (modules, Qt's and the app's classes, the session's
    fixtures) is frozen out of later collections: the collection after each test then goes
    through that test's objects only, not the whole heap again (~0.06 s a test).

    Only what lives beyond a test is frozen: a test's own objects are collected as before,
    and ``gc.get_objects()`` lists those alone (test_leaks thaws the rest to count it).
    Setup, not teardown: the test's fixtures are still referenced during its teardown, and
    frozen then they would never be collected. A test that thaws is frozen again before
    the next.

    First the error pytest keeps of a failed test for a debugger (``sys.last_value`` and
    its kin) is let go: its traceback held the test's frames, and through them its window,
    which was frozen with it and lived on in every later test of the worker (one that
    counts the app's windows found two)."""
    for name in ("last_exc", "last_type", "last_value", "last_traceback"):
        if hasattr(sys, name):
            delattr(sys, name)
    gc.collect()
    gc.freeze()
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: Any, nextitem: Any) -> Any:
    """The tooltip a test left ends first (:func:`end_tip`), before its fixtures delete the
    widgets it was shown for. After them, the marks of the keys it pressed end
    (:func:`~kontext_studio.ui.key_focus.end_key_marks`), as its next click would have: one
    left alive had every event of each later test of the worker go through Python. Then
    each test's qasync loop (a reference cycle with Qt timers) is freed here, on the GUI
    thread: collected later on a worker thread, its timers would be stopped from the wrong
    thread and Qt would crash."""
    if QApplication.instance() is not None:
        end_tip()
    yield
    key_focus.end_key_marks()
    gc.collect()


def end_tip() -> None:
    """End the tooltip shown now, and any still waiting to be deleted, at once.

    ``QToolTip.hideText()`` only starts a 300 ms hide: a tip shown in that time is the old
    one reused, still the child of the widget it was first shown for, and keeping the widget
    it is shown for now as a raw pointer its handling of every mouse move reads. A test
    that deleted that widget left the next test a tip that pointed at freed memory (twice a
    worker's Qt loop never came back, a 6-minute hang). Deleted here, the next tip is a new
    one, made for its own widget."""
    for label in QApplication.topLevelWidgets():
        if label.metaObject().className() == "QTipLabel" and shiboken6.isValid(label):
            shiboken6.delete(label)


def tip_shown(widget: QWidget) -> str:
    """The tooltip ``widget`` shows with the pointer resting on it ("" for none): a title's
    is shown, not set on it (:func:`~kontext_studio.ui.elided_label.show_whole_tip`)."""
    end_tip()
    at = QPoint(2, 2)
    QApplication.sendEvent(widget, QHelpEvent(QEvent.Type.ToolTip, at, widget.mapToGlobal(at)))
    shown = QToolTip.text() if QToolTip.isVisible() else ""
    end_tip()
    return shown


@pytest.fixture(autouse=True)
def collected_on_the_gui_thread(qapp: QApplication) -> Iterator[None]:
    """Every UI test collects its garbage as the app does once its window is shown, on the
    GUI thread alone (:mod:`kontext_studio.ui.collection`): a worker thread of the test's
    library, thumbnails or uploads never frees a Qt object the test left in a cycle.
    Afterwards automatic collection is back for the tests that need no Qt."""
    collection.collect_on_gui_thread()
    yield
    automatic_collection()


def automatic_collection() -> None:
    """Collection as it is in a process before its window starts: automatic, on any thread."""
    if collection._collector is not None:
        collection._collector.timer.stop()
    gc.enable()


@pytest.fixture(autouse=True)
def looks_put_back(qapp: QApplication) -> Iterator[None]:
    """Every test in the application's looks as they were before it (:func:`looks_kept`)."""
    with looks_kept(qapp):
        yield


@contextmanager
def looks_kept(qapp: QApplication) -> Iterator[None]:
    """The application's palette, font, style sheet, window icon, names and version as they
    were before, whether it quits as its last window closes, and the palette the app last
    made readable (``levels._kept``), put back after: a test
    that changed the font with a window open had the window make the placeholder and links
    readable (``keep_text_readable``), and every later test ran on that palette, so a test
    passed or failed by the tests run before it; so did every test after one that set the
    application's style sheet, or its icon (``configure_application``), which also names
    the application, its organisation and its desktop file: every later test ran under
    the app's names (QSettings and QStandardPaths place files by them), and keeps the
    application running as its last window closes (so does each test's loop,
    :func:`qasync_loop`), which every later test then did, in whatever way it began. Put
    back only where changed: each change is told to every widget alive.

    Around each UI test (:func:`looks_put_back`), not for every test folder: the others
    start the app in processes of their own."""
    palette, font, kept = qapp.palette(), qapp.font(), levels._kept.palette
    sheet, icon = qapp.styleSheet(), qapp.windowIcon()
    names = _names()
    quits = qapp.quitOnLastWindowClosed()
    try:
        yield
    finally:
        qapp.setQuitOnLastWindowClosed(quits)
        if _names() != names:
            _name(*names)
        if qapp.font() != font:
            qapp.setFont(font)
        if not qapp.palette().isCopyOf(palette):
            qapp.setPalette(palette)
        if qapp.styleSheet() != sheet:
            qapp.setStyleSheet(sheet)
        if qapp.windowIcon().cacheKey() != icon.cacheKey():
            qapp.setWindowIcon(icon)
        levels._kept.palette = kept


def _names() -> tuple[str, str, str, str]:
    """The application's name, organisation, version and desktop file name."""
    return (
        QCoreApplication.applicationName(),
        QCoreApplication.organizationName(),
        QCoreApplication.applicationVersion(),
        QGuiApplication.desktopFileName(),
    )


def _name(application: str, organisation: str, version: str, desktop_file: str) -> None:
    """Give the application the names :func:`_names` read."""
    QCoreApplication.setApplicationName(application)
    QCoreApplication.setOrganizationName(organisation)
    QCoreApplication.setApplicationVersion(version)
    QGuiApplication.setDesktopFileName(desktop_file)


@pytest.fixture(autouse=True)
def empty_clipboard() -> Any:
    """A Python-made QMimeData left on the clipboard crashes PySide at interpreter exit."""
    yield
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.clipboard().clear()


@pytest.fixture(autouse=True)
def buttons_let_go() -> Iterator[None]:
    """The mouse's buttons a test left down let go of after it. QTest keeps which are down
    between its calls: its ``mouseDClick`` presses with no release, and a drag that began
    took the release a test then never sent. QTest's own runner lets go before each test;
    pytest does not, so the moves of every later test went as a drag with the button down
    (``mouseMove`` then sends a move, not the pointer itself): no widget was entered, and a
    test waiting for the pointer on the status bar waited for ever, only after those."""
    yield
    held = QApplication.mouseButtons()
    if held == Qt.MouseButton.NoButton:
        return
    nowhere = QWidget()  # the release goes to a widget no test has
    for button in (
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.RightButton,
        Qt.MouseButton.MiddleButton,
        Qt.MouseButton.BackButton,
        Qt.MouseButton.ForwardButton,
    ):
        if held & button:
            QTest.mouseRelease(nowhere, button)


@pytest.fixture(autouse=True)
def no_nested_loops(monkeypatch: pytest.MonkeyPatch) -> None:
    """``processEvents`` inside an async test fails at once. Under plain qasync it ran the
    steps of other tasks due now (a decode just spawned) inside the test's own task; asyncio
    refused each ("Cannot enter into task"), only logged it, and those tasks never ran: the
    test waited for them until it timed out, and the bridge's close waited forever.

    A dialog's own loop (``QDialog.exec``, a question's box, or a static function's:
    :data:`_STATIC_LOOPS`) inside a task fails too, for the same reason: a test that pressed
    Delete from its task ran the question's loop there, and now and then (a loaded machine,
    the thread's answer due as the box was open) the Delete's letting go of its lock and a
    decode lost their steps; the loop's close, after the test had passed, waited for them
    forever. The app opens its dialogs from Qt's own loop (a click, a key), never inside a
    task: so does a test (``QTimer.singleShot(0, ...)``).

    The app's loop, and the test's made from it (:class:`_TestLoop`), now hold such a step
    until the running one ends (:class:`~kontext_studio.ui.event_loop.EventLoop`): none is
    lost, also in the loops this cannot see (``QTest.mouseMove``'s). Still refused: held,
    every other task waits for as long as the nested loop runs (a question, until the
    artist answers it: the jobs' polls, the thumbnails' decodes), and one the loop itself
    waits for never comes. A test fails here rather than pass on code that stalls the app."""
    processes = QCoreApplication.processEvents

    def refuse_in_a_task(*args: Any) -> None:
        if _in_a_task():
            raise AssertionError("processEvents inside a task: await until(...) instead")
        processes(*args)

    monkeypatch.setattr(QCoreApplication, "processEvents", staticmethod(refuse_in_a_task))
    monkeypatch.setattr(QDialog, "exec", _outside_a_task(QDialog, "exec"))
    for owner, name in _STATIC_LOOPS:
        monkeypatch.setattr(owner, name, staticmethod(_outside_a_task(owner, name)))


_STATIC_LOOPS: tuple[tuple[type, str], ...] = (
    *((QMessageBox, name) for name in ("question", "warning", "information", "critical")),
    *(
        (QFileDialog, name)
        for name in (
            "getOpenFileName",
            "getOpenFileNames",
            "getExistingDirectory",
            "getSaveFileName",
        )
    ),
)
"""The static functions whose dialog runs its loop inside Qt, where the ``exec`` of Python's
does not see it. (A menu's ``exec`` is not seen either: PySide finds it on the menu, not on
its class; the app shows its menus by ``popup``.)"""


_DIALOG_LOOPS: list[str] = []
"""The dialogs' loops running now (``owner.name``), the innermost last."""


def dialog_loop_running() -> bool:
    """Whether a dialog's own loop runs (:func:`no_nested_loops`'s). The test's task goes on
    inside it too, as qasync runs the steps due from any of Qt's loops: an answer clicked in
    a question hides it at once, yet its ``exec`` returns (and the code that asked acts on
    the answer) only once the loop's turn is over, and the task may run in that turn first."""
    return bool(_DIALOG_LOOPS)


def _outside_a_task(owner: type, name: str) -> Callable[..., Any]:
    """``owner.name``, refused inside a task (:func:`no_nested_loops`), its loop counted
    while it runs (:func:`dialog_loop_running`)."""
    runs = getattr(owner, name)

    def run_outside_a_task(*args: Any, **kwargs: Any) -> Any:
        if _in_a_task():
            raise AssertionError(
                f"{owner.__name__}.{name}'s loop inside a task: open it by a QTimer instead"
            )
        _DIALOG_LOOPS.append(f"{owner.__name__}.{name}")
        try:
            return runs(*args, **kwargs)
        finally:
            _DIALOG_LOOPS.pop()

    return run_outside_a_task


def _in_a_task() -> bool:
    try:
        return asyncio.current_task() is not None
    except RuntimeError:  # no loop running: a plain (synchronous) test
        return False


def pytest_asyncio_loop_factories(config: Any, item: Any) -> dict[str, Callable[[], Any]]:
    return {"qasync": qasync_loop}


class _TestLoop(EventLoop):
    """The app's loop (:class:`~kontext_studio.ui.event_loop.EventLoop`: a task's step due
    inside another's waits for it to end), set as the running loop for each callback it
    runs, as the app's is.

    The app's loop runs for good; a test's is run once for each fixture and test, and Qt's
    events are run between those runs too: by qasync itself once more after each (its loop
    no longer set as the running one), and by pytest-qt between a test's phases. The steps
    of the tasks due then (jobs a test left sending) ran without a loop, and anything they
    called that asks for it failed: anyio's connect, for one, gave up on a connection
    attempt it had made and never started ("coroutine 'connect_tcp.<locals>.try_connect'
    was never awaited", a warning the garbage collector blamed on a random later test)."""

    def call_later(self, delay: float, callback: Any, *args: Any, context: Any = None) -> Any:
        if is_step(callback):  # the app's loop runs it by its own handle: :meth:`_step`
            return super().call_later(delay, callback, *args, context=context)
        return super().call_later(delay, self._as_running, callback, *args, context=context)

    def _step(self, step: Any) -> None:
        self._as_running(super()._step, step)

    def _as_running(self, callback: Callable[..., Any], *args: Any) -> Any:
        if asyncio.events._get_running_loop() is not None:
            return callback(*args)
        asyncio.events._set_running_loop(self)
        try:
            return callback(*args)
        finally:
            asyncio.events._set_running_loop(None)


def qasync_loop() -> EventLoop:
    """The test's loop, on an application that keeps running when its last window closes,
    as the app's does (``configure_application`` says so before its first window).

    Qt ends the application's event loop, which is the qasync loop, when the last visible
    window closes. A test that closed its tab or dialog and awaited on (the bridge still
    busy) then lost its loop ("Event loop stopped before Future completed"), mostly on a
    loaded machine, as the wait needs a busy bridge."""
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)
    return _TestLoop(app)


def banner_messages(bridge: Bridge) -> list[str]:
    """The first lines of the banners ``bridge`` raises from now on."""
    seen: list[str] = []
    bridge.error.connect(lambda message, _hint: seen.append(message))
    return seen


def deletions(bridge: Bridge) -> list[int]:
    """The ids of the artworks ``bridge`` tells every view are deleted, in turn, from now on."""
    gone: list[int] = []
    bridge.job_deleted.connect(gone.append)
    return gone


def pasted(edit: QLineEdit, words: str) -> str:
    """``edit``'s text once ``words`` are pasted into it with Ctrl+V."""
    QApplication.clipboard().setText(words)
    QTest.keyClick(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    return edit.text()


async def until(condition: Callable[[], Any], timeout: float = 10.0) -> None:
    """Let the loop run until ``condition()`` is truthy; fail after ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)


async def a_turn() -> None:
    """Let the loop run until what was due on its next turn has run."""
    turned: list[None] = []
    QTimer.singleShot(0, lambda: turned.append(None))  # no context: nothing it may keep
    await until(lambda: turned)


async def dialogs_ended() -> None:
    """Dismiss the dialog open, as its Cancel would, and wait until every dialog's loop has
    ended, as the app's stop does before it closes the window (``_close_after_dialogs``)."""
    dialog = QApplication.activeModalWidget()
    if isinstance(dialog, QDialog):
        dialog.reject()
    await until(lambda: not dialog_loop_running())


SETTLED_TURNS = 3


async def settled(widget: QWidget, timeout: float = 10.0) -> None:
    """Let the loop run until the layout of ``widget`` has settled: the place, size and
    visibility of it and of every widget in it stayed the same over ``SETTLED_TURNS`` turns
    of the loop in a row. Assert on a layout after this, never after a fixed sleep.

    A resize or a change of sizes is laid out over several turns (each layout that changes
    a widget's hint posts a request to its parent's, the platform answers a window's resize
    on a turn of its own), and each turn is as long as the machine makes it: a loaded one
    had done only part of it after 50 ms, and the test read a width mid-layout.

    It waits for layout, not for work: an image decoded off the GUI thread, or a label a
    timer changes later, may come after it. Wait for those by their own condition first."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    last = _geometry(widget)
    calm = 0
    while calm < SETTLED_TURNS:
        if loop.time() > deadline:
            raise AssertionError("the layout did not settle in time")
        await asyncio.sleep(0.01)
        now = _geometry(widget)
        calm = calm + 1 if now == last else 0
        last = now


async def ticks(timer: QTimer, count: int, timeout: float = 10.0) -> None:
    """Let the loop run until ``timer`` has fired ``count`` more times. A test that shows
    something does not happen waits for the looks that would have made it happen, not for a
    time in which a loaded machine may not have made them: then it can still fail there.
    Each tick is counted after the timer's own work for it has started (connected first)."""
    fired: list[None] = []

    def tick() -> None:
        fired.append(None)

    timer.timeout.connect(tick)
    try:
        await until(lambda: len(fired) >= count, timeout)
    finally:
        timer.timeout.disconnect(tick)


def _geometry(widget: QWidget) -> list[tuple[int, int, int, int, bool]]:
    return [
        (*shown.geometry().getRect(), shown.isVisible())
        for shown in (widget, *widget.findChildren(QWidget))
    ]


@pytest.fixture
async def session(simulator, made_library: Path) -> AsyncIterator[Session]:
    library_copied_from(made_library)
    opened = open_session(schedule=fast_schedule())
    yield opened
    await opened.aclose()


@pytest.fixture
async def bridge(session: Session) -> AsyncIterator[Bridge]:
    made = Bridge(session)
    yield made
    await made.aclose()


async def open_generate_tab(bridge: Bridge) -> GenerateTab:
    """A shown Generate tab with its start-up reads (presets, recent prompts) done: nothing
    may be in flight between a fixture and its test, when no asyncio loop runs."""
    tab = GenerateTab(bridge)
    tab.resize(400, 900)
    tab.show()
    await until(lambda: tab.loaded)
    return tab


async def close_generate_tab(tab: GenerateTab, bridge: Bridge) -> None:
    tab.close()
    await until(lambda: not bridge.busy)
    shiboken6.delete(tab)


@pytest.fixture
async def tab(bridge: Bridge) -> AsyncIterator[GenerateTab]:
    """The Generate tab (test modules of other tabs define their own ``tab``)."""
    made = await open_generate_tab(bridge)
    yield made
    await close_generate_tab(made, bridge)


@pytest.fixture
async def panel(bridge: Bridge, owned: list[QObject]) -> AsyncIterator[LibraryPanel]:
    """A shown library (the tiles need their places for clicks), its window active so that
    its keys reach the grid."""
    made = LibraryPanel(bridge)
    owned.append(made)
    made.resize(820, 640)
    made.show()
    made.activateWindow()
    await until(lambda: made.model.loaded)
    yield made
    await bridge.wait_idle()


@contextmanager
def application_font(points: float = 0, pixels: int = 0) -> Iterator[None]:
    """The application font at ``points``, or at ``pixels`` (as some desktops give it, when
    its point size is -1), for the time of the ``with``; the font before it afterwards."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font = app.font()
    changed = QFont(font)
    if pixels:
        changed.setPixelSize(pixels)
    else:
        changed.setPointSizeF(points)
    app.setFont(changed)
    try:
        yield
    finally:
        app.setFont(font)


@pytest.fixture
def large_font(qapp: QApplication) -> Iterator[None]:
    """The application font at 15 pt, as an artist who reads large text sets it, before
    the window is made (as it is when the app starts)."""
    with application_font(15):
        yield


@pytest.fixture
def huge_font(qapp: QApplication) -> Iterator[None]:
    """The application font at 24 pt, the largest text an artist with low vision sets."""
    with application_font(24):
        yield


@pytest.fixture
def pixel_font(qapp: QApplication) -> Iterator[None]:
    """The application font given in pixels, 16 px (12 pt at 96 dpi): its point size is -1."""
    with application_font(pixels=16):
        yield


@pytest.fixture
def owned() -> Iterator[list[QObject]]:
    """Qt objects a test made, deleted on the GUI thread when it ends. Left to the garbage
    collector, they (and the cyclic garbage of earlier tests' qasync loops, whose timers are
    QObjects) could be destroyed on a worker thread, which Qt answers with a dangling timer
    and a crash later on."""
    objects: list[QObject] = []
    yield objects
    for obj in reversed(objects):
        if shiboken6.isValid(obj):
            shiboken6.delete(obj)
    gc.collect()


def refusing(monkeypatch: pytest.MonkeyPatch, code: int) -> list[bool]:
    """Writes of the unsent work refused with ``code`` while the list holds True."""
    refused = [True]
    write = handovers.write_json_atomic

    def on_a_bad_disk(path: Path, data: Any) -> None:
        if refused[0]:  # what write_json_atomic raises when the disk refuses it
            error = OSError(code, os.strerror(code))
            raise config.write_error(path, error) from error
        write(path, data)

    monkeypatch.setattr(handovers, "write_json_atomic", on_a_bad_disk)
    return refused
