"""Switching between demo and live mode without leaving the app: a key saved in Settings is
put to use from the banner, and the artist's unsent work comes along."""

from __future__ import annotations

import asyncio
import errno
import gc
import logging
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import keyring
import keyring.errors
import pytest
import shiboken6
from keyring.backends import fail
from PIL import Image
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox

from kontext_studio import config, entry, secrets
from kontext_studio.config import Paths, R2Settings, Settings, load_settings, save_settings
from kontext_studio.errors import StorageError
from kontext_studio.jobs import engine as engine_module
from kontext_studio.jobs.engine import JobEngine
from kontext_studio.jobs.schedule import SCALE_ENV
from kontext_studio.jobs.states import JobState
from kontext_studio.kie.models import MODELS, GenerateRequest
from kontext_studio.publish import stopping
from kontext_studio.session import Session
from kontext_studio.simulator import Simulator
from kontext_studio.store.ledger import Ledger, Snapshot
from kontext_studio.store.schema import SCHEMA_VERSION
from kontext_studio.ui import app as app_module
from kontext_studio.ui import bridge as bridge_module
from kontext_studio.ui import handover as handovers
from kontext_studio.ui import main_window as main_window_module
from kontext_studio.ui import saving_notice, translations, upload_tab
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.handover import FILE_NAME as UNSENT
from kontext_studio.ui.handover import Handover
from kontext_studio.ui.library_model import PAGE_SIZE
from kontext_studio.ui.main_window import MainWindow
from kontext_studio.ui.plain_text import plain_tooltip
from kontext_studio.ui.reference_slot import SlotState
from kontext_studio.ui.saving_notice import SavingNotice
from kontext_studio.ui.upgrade_notice import UpgradeNotice
from kontext_studio.ui.upload_items import ItemState, PendingUpload
from tests.conftest import MemoryKeyring
from tests.fixtures import TEST_KEY, hold_reference_copy, old_library, upgrade_held
from tests.ui.conftest import automatic_collection, refusing, settled, until
from tests.ui.test_library import add_job

LOADED = 60
"""Seconds to wait for a session to open or close and a window to load: each switch
starts or stops a simulator and a library; a shared machine under load is slow."""


def main_windows() -> list[MainWindow]:
    """The app's main windows not yet deleted."""
    return [
        widget
        for widget in QApplication.topLevelWidgets()
        if isinstance(widget, MainWindow) and shiboken6.isValid(widget)
    ]


def of_this_test(window: MainWindow) -> bool:
    """Whether ``window``'s library is in the running test's home."""
    return window.session.paths.data.is_relative_to(os.environ["KONTEXT_STUDIO_HOME"])


def shown_window(demo: bool) -> MainWindow | None:
    """The app's main window in ``demo`` mode, once it is shown and has loaded. Of this
    test's home alone: a window an earlier test's failure left open was taken for the one
    its app showed, closed in its place, and the test waited for its own window's close
    until it failed, as did every later test of the worker (a CI run: 47 failures)."""
    for widget in QApplication.topLevelWidgets():
        if (
            isinstance(widget, MainWindow)
            and shiboken6.isValid(widget)
            and widget.isVisible()
            and of_this_test(widget)
            and widget.session.demo is demo
            and widget.library.model.loaded
            and widget.generate_tab.loaded
        ):
            return widget
    return None


async def window_shown(demo: bool) -> MainWindow:
    """The main window in ``demo`` mode, waited for until it is shown and has loaded."""
    await until(lambda: shown_window(demo=demo) is not None, timeout=LOADED)
    window = shown_window(demo=demo)
    assert window is not None
    return window


async def stopped(run: asyncio.Future[int]) -> None:
    """The app of ``run``, if still on (its test failed), closed as the artist closes it, and
    waited for; cancelled if it will not end. Cancelled alone, it left its window open into
    later tests of the worker: its timers ran with no loop there, which failed a plain test
    (pytest-qt's "Exceptions caught in Qt event loop"), and a test of the pointer found the
    window under it."""
    if run.done():
        return
    for window in main_windows():
        if window.isVisible() and of_this_test(window):
            window.close()
    await asyncio.wait({run}, timeout=LOADED)
    if not run.done():
        run.cancel()
        await asyncio.wait({run}, timeout=LOADED)


@asynccontextmanager
async def app_started(
    *let_go: asyncio.Event | threading.Event,
) -> AsyncIterator[tuple[asyncio.Future[int], MainWindow]]:
    """The app started in demo mode, its window shown and its start over: its run, and the
    window. On the way out ``let_go`` are set (else a failed test leaves work waiting on
    them) and the app, if still on, is stopped, and waited for.

    Its start is over once the app waits for the window to close (``app._until_closed``):
    shown, the window still carries on the jobs of an earlier run, which writes to the
    library, and the app hears a stop signal's close only after that. A test that then
    held a Delete's write (to cut the Delete there) held the start's write behind it: the
    window never closed for the signal, and the test waited for the close's wait for the
    Delete until its 60 s ran out. That came only on a loaded machine, where the Delete
    reached the library before the start's write did.

    Stopped and waited for, a failed test's app is gone before the next test: its window,
    left shown, was taken by the next test for its own, which then failed on its closed
    library, and so did every later test of the worker."""
    running = asyncio.Event()
    waits_for_the_window = app_module._until_closed

    async def noted(*args: Any, **kwargs: Any) -> Handover | None:
        running.set()
        return await waits_for_the_window(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(app_module, "_until_closed", noted)
        task = asyncio.ensure_future(app_module.main())
        try:
            window = await window_shown(demo=True)
            await until(running.is_set, LOADED)
            yield task, window
        finally:
            for event in let_go:
                event.set()
            await stopped(task)


async def a_delete_of_three(
    bridge: Bridge,
    release: asyncio.Event,
    finished: list[bool] | None = None,
    refused: int = 0,
    ids: tuple[int, ...] = (1, 2, 3),
) -> list[object]:
    """Stands for a Delete of three (``ids``) under way, until ``release`` is set: then
    noted in ``finished``, with ``refused`` images its trash refused."""
    with bridge.deleting_jobs(ids):
        await release.wait()
        if finished is not None:
            finished.append(True)
    return [object() for _ in range(refused)]


async def cut_by_a_second_stop_signal(caplog: pytest.LogCaptureFixture) -> None:
    """A logout's SIGTERM, then a second once the close waits for a Delete of several, which
    cuts that wait (``caplog`` set to take the app's INFO)."""
    os.kill(os.getpid(), signal.SIGTERM)
    await until(lambda: "waiting for the Delete to finish" in caplog.messages, LOADED)
    os.kill(os.getpid(), signal.SIGTERM)


def not_deleted(count: int) -> str:
    """The next start's word of ``count`` artworks a Delete the close cut left."""
    if count == 1:
        return (
            "Kontext Studio closed before your last Delete had finished: 1 artwork was not deleted."
        )
    return (
        f"Kontext Studio closed before your last Delete had finished: {count} artworks were not "
        "deleted."
    )


def moths_in_the_library(folder: Path, count: int) -> tuple[int, ...]:
    """The ids of ``count`` moths uploaded (their images to be in ``folder``) to the
    library, before the app starts."""
    ledger = Ledger.open(Paths.from_env().database)
    try:
        return tuple(
            ledger.create_upload(prompt=f"moth {n}", file_path=str(folder / f"{n}.png")).id
            for n in range(count)
        )
    finally:
        ledger.close()


async def save_key(window: MainWindow, key: str) -> None:
    dialog = window.open_settings()
    await until(lambda: dialog.secret_state is not None, timeout=LOADED)
    dialog.key.edit.setText(key)
    results: list[int] = []
    dialog.finished.connect(results.append)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    await until(lambda: bool(results), timeout=LOADED)
    assert results == [QDialog.DialogCode.Accepted.value]


@pytest.fixture
async def start_app(
    simulator: Simulator, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Callable[[], asyncio.Task[int]]]:
    """Starts the app's own life (``ui.app.main``) with no key: demo mode. The test
    simulator stands in for KIE once a key is saved. Started by the test, not here: a step
    of ``main`` due between a fixture and its test would run in pytest-qt's
    ``processEvents``, where no asyncio loop runs ("no running event loop")."""
    monkeypatch.delenv("KIE_API_KEY")
    monkeypatch.setenv("KONTEXT_STUDIO_DEMO_LATENCY", "30")  # demo jobs stay running
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main() sets its own
    started: list[asyncio.Task[int]] = []

    def start() -> asyncio.Task[int]:
        started.append(asyncio.ensure_future(app_module.main()))
        return started[-1]

    yield start
    for task in started:
        if not task.done():  # a failed test left a window open: close it as the artist would
            for widget in QApplication.topLevelWidgets():
                if isinstance(widget, MainWindow) and shiboken6.isValid(widget):
                    widget.close()
            await asyncio.wait_for(task, LOADED)


def upgrade_notice() -> UpgradeNotice | None:
    """The notice that the start waits for another instance's upgrade, while it is shown."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, UpgradeNotice) and shiboken6.isValid(widget) and widget.isVisible():
            return widget
    return None


async def notice_shown(app_main: asyncio.Task[int]) -> UpgradeNotice:
    """The notice the start ``app_main`` shows as it waits for another instance's upgrade."""
    await until(lambda: upgrade_notice() is not None or app_main.done(), timeout=LOADED)
    notice = upgrade_notice()
    assert notice is not None, app_main
    return notice


async def test_a_start_while_another_upgrades_the_library_says_so_then_opens_it(
    start_app: Callable[[], asyncio.Task[int]],
) -> None:
    """The window started while a command (or another window) upgrades a large library:
    nothing showed for 5 s, then "Another program is using the library. Close it (a
    database browser…)", and no window. A notice says why it waits; the window opens on the
    upgraded library once the other is done, and the notice goes."""
    database = Paths.from_env().ensure().database
    old_library(database, "a fox")
    with upgrade_held(database) as let_go:
        app_main = start_app()
        notice = await notice_shown(app_main)
        assert notice.words() == (
            "The library is being upgraded by another Kontext Studio.\nWaiting for it to finish…"
        )
        assert main_windows() == []
        await asyncio.to_thread(let_go)
    window = await window_shown(demo=True)
    assert upgrade_notice() is None
    assert [window.library.model.snapshot(0).prompt] == ["a fox"]
    window.close()
    assert await asyncio.wait_for(app_main, LOADED) == 0


@pytest.mark.parametrize("how", ["closed", "SIGTERM"])
async def test_a_start_waiting_for_another_upgrade_ends_when_its_notice_closes_or_a_stop_comes(
    start_app: Callable[[], asyncio.Task[int]], how: str
) -> None:
    """The notice's close button only hid it, and Ctrl+C or a logout's SIGTERM was not heard:
    the start went on waiting, up to 10 minutes, and opened a window nobody wanted. Either
    ends the start at once, quietly, having written nothing: the other's upgrade goes on."""
    database = Paths.from_env().ensure().database
    old_library(database, "a fox")
    with upgrade_held(database) as let_go:
        app_main = start_app()
        notice = await notice_shown(app_main)
        if how == "closed":
            notice.close()
        else:
            os.kill(os.getpid(), signal.SIGTERM)
        assert await asyncio.wait_for(app_main, LOADED) == 0
        assert upgrade_notice() is None
        assert main_windows() == []
        await asyncio.to_thread(let_go)  # the other's upgrade, untouched, ends
    assert sorted(p.name for p in database.parent.glob("*.backup.sqlite3")) == [
        f"library.schema-{SCHEMA_VERSION - 1}.backup.sqlite3"
    ]


async def test_a_saved_key_switches_to_live_mode_at_once_with_the_work_in_hand(
    start_app: Callable[[], asyncio.Task[int]],
    simulator: Simulator,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The live session polls at the speed of the test simulator, not KIE's (5-20 s), as
    # the command-line tests do: its job's first poll came ~5 s after the send.
    monkeypatch.setenv(SCALE_ENV, "0.01")
    app_main = start_app()
    demo = await window_shown(demo=True)
    demo.generate_tab.prompt.setPlainText("a demo lighthouse")
    assert demo.generate_tab.generate()
    await until(lambda: demo.session.engine.active_count == 1, timeout=LOADED)
    demo.generate_tab.prompt.setPlainText("a lighthouse at dusk, oil on canvas")
    harbour = tmp_path / "harbour.png"
    Image.new("RGB", (64, 48), "navy").save(harbour)
    (item,) = demo.upload_tab.add_files([harbour])
    item.title = "Harbour at night"
    demo.tabs.setCurrentWidget(demo.upload_tab)

    await save_key(demo, TEST_KEY)
    assert demo.banner.message() == "The API key was saved in the system keyring."
    assert demo.banner.hint() == "Demo jobs still running wait until demo mode comes back."
    assert demo.banner.action_button.isVisible()
    assert demo.banner.action_button.text() == "Switch to live mode"
    demo.banner.action_button.click()

    live = await window_shown(demo=False)
    assert not shiboken6.isValid(demo), "the demo window is gone"
    assert live.generate_tab.prompt.toPlainText() == "a lighthouse at dusk, oil on canvas"
    assert live.tabs.currentWidget() is live.upload_tab
    await until(lambda: bool(live.upload_tab.items), timeout=LOADED)  # listed in turns
    (carried,) = live.upload_tab.items
    assert carried.path == harbour and carried.title == "Harbour at night"
    await until(lambda: carried.state is ItemState.READY, timeout=LOADED)
    # Said once the jobs of the library are looked at, which a loaded machine can make
    # later than the file's check.
    await until(lambda: "wait" in live.banner.message(), timeout=LOADED)
    assert "demo mode" in live.banner.message()

    live.tabs.setCurrentWidget(live.generate_tab)
    assert live.generate_tab.generate()

    def live_jobs() -> list[Snapshot]:
        return [s for s in live.session.ledger.search(limit=10) if not s.simulated]

    await until(lambda: bool(live_jobs()), timeout=LOADED)
    (job,) = live_jobs()
    await until(lambda: live.session.ledger.get(job.id).state is JobState.COMPLETED, timeout=LOADED)
    prompt = "a lighthouse at dusk, oil on canvas"
    assert simulator.generate_count(prompt) == 1, "the live job went to KIE (the test simulator)"
    assert simulator.generate_count("a demo lighthouse") == 0

    live.close()
    assert await asyncio.wait_for(app_main, LOADED) == 0


async def a_slot_falls_over(window: MainWindow, caplog: pytest.LogCaptureFixture) -> None:
    """A slot Qt calls from its event loop (a timer's) raises while ``window`` is open: the
    window's banner says so in a person's words, and the error is logged once."""
    words = f"a slot fell over in window {id(window)}"

    def fall_over() -> None:
        raise RuntimeError(words)

    QTimer.singleShot(0, fall_over)
    await until(lambda: "Something went wrong." in [b.message() for b in window.banner.shown()])
    logged = [r for r in caplog.records if r.exc_info and words in str(r.exc_info[1])]
    assert [getattr(r, "event", "") for r in logged] == ["ui_crash"]


async def test_an_error_in_a_slot_reaches_the_window_open_and_the_hook_is_given_back(
    start_app: Callable[[], asyncio.Task[int]],
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    """An error raised in a Qt slot is shown in the banner of the window open at the time,
    the one a switch of mode opened too, and is not printed as a traceback. Before, each
    window put in a hook of its own, and the last stayed once the app had ended: an error
    in a slot after it went to a window long closed, or was lost."""
    before = sys.excepthook
    app_main = start_app()
    first = await window_shown(demo=True)
    await a_slot_falls_over(first, caplog)
    first.switch_mode()
    await until(lambda: shown_window(demo=True) not in (None, first), timeout=LOADED)
    second = await window_shown(demo=True)
    await a_slot_falls_over(second, caplog)
    second.close()
    assert await asyncio.wait_for(app_main, LOADED) == 0
    assert sys.excepthook is before, "the app's hook is gone with the app"
    assert "Traceback" not in capfd.readouterr().err


async def test_a_hook_another_put_in_while_the_app_ran_is_left_in_place(
    start_app: Callable[[], asyncio.Task[int]],
) -> None:
    """A plugin, a debugger or a crash reporter puts in an excepthook of its own while the
    app runs: the app, ending, leaves it there. Before, it put back the hook it had found
    at its start over it, and that one was lost."""
    app_main = start_app()
    window = await window_shown(demo=True)

    def theirs(*_: object) -> None:
        """Another's hook: what it does is its own business."""

    sys.excepthook = theirs
    window.close()
    assert await asyncio.wait_for(app_main, LOADED) == 0
    assert sys.excepthook is theirs


def something_went_wrong(window: MainWindow) -> bool:
    return "Something went wrong." in [b.message() for b in window.banner.shown()]


def crashes_logged(caplog: pytest.LogCaptureFixture, words: str) -> list[str]:
    """The events of the records logged with an error that says ``words``."""
    records = caplog.records
    return [getattr(r, "event", "") for r in records if r.exc_info and words in str(r.exc_info[1])]


async def test_an_error_in_a_thread_is_logged_and_shown_not_printed(
    start_app: Callable[[], asyncio.Task[int]],
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    """An error that ends a thread of the app's (a closing notice's, an image folder's
    watcher) is shown in the window's banner and logged once, from the GUI thread. Before,
    Python printed it to the terminal, where no artist looks, and it was not logged; the
    hook is given back with the app."""
    before = threading.excepthook
    app_main = start_app()
    window = await window_shown(demo=True)
    words = "a thread fell over"

    def fall_over() -> None:
        raise RuntimeError(words)

    thread = threading.Thread(target=fall_over)
    thread.start()
    thread.join()
    await until(lambda: something_went_wrong(window))
    assert crashes_logged(caplog, words) == ["ui_crash"]
    window.close()
    assert await asyncio.wait_for(app_main, LOADED) == 0
    assert threading.excepthook is before, "the app's hook is gone with the app"
    assert "Traceback" not in capfd.readouterr().err


async def test_a_thread_interrupted_is_logged_not_shown_as_a_bug(
    start_app: Callable[[], asyncio.Task[int]],
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    """A thread of the app's ends in KeyboardInterrupt: no bug, so the window says nothing
    of it and the log file does, as a command has it. Before, the window said "Something
    went wrong."."""
    app_main = start_app()
    window = await window_shown(demo=True)

    def interrupted() -> None:
        raise KeyboardInterrupt

    thread = threading.Thread(target=interrupted, name="a-worker")
    thread.start()
    thread.join()
    interrupted_logged = [
        r for r in caplog.records if getattr(r, "event", "") == "thread_interrupted"
    ]
    assert [(r.levelname, getattr(r, "worker", "")) for r in interrupted_logged] == [
        ("WARNING", "a-worker")
    ]
    await asyncio.sleep(0)  # a report from the thread is shown on the loop's next turn
    assert not something_went_wrong(window)
    assert [r for r in caplog.records if getattr(r, "event", "") == "ui_crash"] == []
    window.close()
    assert await asyncio.wait_for(app_main, LOADED) == 0
    assert "Traceback" not in capfd.readouterr().err


async def test_an_error_in_a_callback_nobody_awaits_is_shown_and_a_reset_is_not(
    start_app: Callable[[], asyncio.Task[int]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An error in a callback of the loop (or a task nobody awaits) is the failure of
    something the artist asked for: shown as "Something went wrong." and logged once.
    Before, it was only logged. A connection reset (a server hanging up, the app closing
    its connections) is logged to the log file alone: the request that met it says so.
    Before, it was left to asyncio's logger, which printed its traceback on the terminal."""
    loop = asyncio.get_running_loop()
    before = loop.get_exception_handler()
    app_main = start_app()
    window = await window_shown(demo=True)

    def hung_up() -> None:
        raise ConnectionResetError("the server hung up")

    def fall_over() -> None:
        raise RuntimeError("a callback fell over")

    loop.call_soon(hung_up)
    loop.call_soon(fall_over)
    await until(lambda: something_went_wrong(window))
    assert crashes_logged(caplog, "a callback fell over") == ["ui_crash"]
    assert crashes_logged(caplog, "the server hung up") == ["loop_error_left"]
    assert [b.message() for b in window.banner.shown()] == ["Something went wrong."]
    window.close()
    assert await asyncio.wait_for(app_main, LOADED) == 0
    assert loop.get_exception_handler() is before, "the app's handler is gone with the app"


async def test_the_failed_work_of_a_widget_gone_meanwhile_is_not_shown_later(
    start_app: Callable[[], asyncio.Task[int]], caplog: pytest.LogCaptureFixture
) -> None:
    """Work for a widget (a thumbnail's read) fails as the widget is torn down (a page of
    the library scrolled away): its error is dropped with the widget, as the bridge means.
    Before, it was left unretrieved, and once the task was collected the app's loop handler
    showed it as "Something went wrong.", about nothing the artist could see."""
    app_main = start_app()
    window = await window_shown(demo=True)
    owner = QObject()
    words = "Internal C++ object (ThumbnailLabel) already deleted."

    async def read_as_torn_down() -> None:
        shiboken6.delete(owner)
        raise RuntimeError(words)

    task = window.bridge.spawn(read_as_torn_down(), owner=owner)
    assert task is not None
    await asyncio.wait({task})  # its completion, dropped, ran first
    del task
    gc.collect()
    assert not something_went_wrong(window)
    assert crashes_logged(caplog, words) == []
    window.close()
    assert await asyncio.wait_for(app_main, LOADED) == 0


@pytest.mark.parametrize(
    "error",
    [ValueError("a bug of the work's own"), RuntimeError("the picture was already deleted")],
    ids=["bug", "words-of-a-deletion"],
)
async def test_a_bug_in_the_work_of_a_widget_gone_meanwhile_is_logged_as_a_warning(
    start_app: Callable[[], asyncio.Task[int]],
    caplog: pytest.LogCaptureFixture,
    error: Exception,
) -> None:
    """Work for a widget ends in a bug of its own as the widget is torn down, before its
    completion runs: not shown (nothing the artist sees is about it), but logged as a
    warning with its traceback, so the log file keeps it. Before, it was logged at debug,
    which the log file leaves out: the bug was never seen. One whose words merely speak of
    something "already deleted" is no C++ object deleted under the work: a bug all the
    same (before, it was taken for the widget's teardown)."""
    app_main = start_app()
    window = await window_shown(demo=True)
    owner = QObject()
    words = str(error)

    async def fails_as_torn_down() -> None:
        asyncio.get_running_loop().call_soon(shiboken6.delete, owner)  # before its completion
        raise error

    task = window.bridge.spawn(fails_as_torn_down(), owner=owner)
    assert task is not None
    await asyncio.wait({task})  # its completion, dropped, ran first
    assert not shiboken6.isValid(owner)
    logged = [r.levelname for r in caplog.records if r.exc_info and words in str(r.exc_info[1])]
    assert logged == ["WARNING"]
    assert not something_went_wrong(window)
    window.close()
    assert await asyncio.wait_for(app_main, LOADED) == 0


async def test_a_bug_in_the_work_a_widget_gone_cancelled_is_logged_as_a_warning(
    start_app: Callable[[], asyncio.Task[int]], caplog: pytest.LogCaptureFixture
) -> None:
    """Work for a widget is cancelled as the widget is torn down, and falls over in a bug
    of its own as it stops: not shown, but logged as a warning with its traceback. Before,
    any error of work so cancelled was taken for the teardown, logged at debug, which the
    log file leaves out."""
    app_main = start_app()
    window = await window_shown(demo=True)
    owner = QObject()
    words = "a bug as the work stopped"
    waiting = asyncio.Event()

    async def falls_over_as_cancelled() -> None:
        try:
            waiting.set()
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            raise ValueError(words) from None

    task = window.bridge.spawn(falls_over_as_cancelled(), owner=owner)
    assert task is not None
    await waiting.wait()
    shiboken6.delete(owner)
    await asyncio.wait({task})
    logged = [r.levelname for r in caplog.records if r.exc_info and words in str(r.exc_info[1])]
    assert logged == ["WARNING"]
    assert not something_went_wrong(window)
    window.close()
    assert await asyncio.wait_for(app_main, LOADED) == 0


async def test_an_error_between_windows_is_logged_once_and_shown_in_the_next(
    start_app: Callable[[], asyncio.Task[int]],
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A slot falls over once a switch of mode has closed its window and before the next is
    open: the next window shows it, and it is logged once. Before, it went to the closed
    window's banner, seen by no one."""
    open_window = app_module._open_window
    words = "a slot fell over between windows"
    armed: list[str] = []

    async def falling_over_first(*args: Any, **kwargs: Any) -> MainWindow:
        if armed:
            fallen = asyncio.get_running_loop().create_future()

            def fall_over() -> None:
                fallen.set_result(None)
                raise RuntimeError(armed.pop())

            QTimer.singleShot(0, fall_over)
            await fallen
        return await open_window(*args, **kwargs)

    monkeypatch.setattr(app_module, "_open_window", falling_over_first)
    app_main = start_app()
    first = await window_shown(demo=True)
    armed.append(words)
    first.switch_mode()
    await until(lambda: shown_window(demo=True) not in (None, first), timeout=LOADED)
    second = await window_shown(demo=True)
    await until(lambda: something_went_wrong(second))
    assert crashes_logged(caplog, words) == ["ui_crash"]
    second.close()
    assert await asyncio.wait_for(app_main, LOADED) == 0
    assert "Traceback" not in capfd.readouterr().err


async def test_the_next_window_says_how_many_more_errors_came_between_windows(
    start_app: Callable[[], asyncio.Task[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slot falls over again and again once a switch of mode has closed its window and
    before the next is open: the next window says what went wrong, and how many more
    errors came, as the "cannot start" box does, naming the log folder once. Before, it
    said the first alone; then "see the log folder." twice."""
    open_window = app_module._open_window
    armed: list[int] = []

    async def falling_over_first(*args: Any, **kwargs: Any) -> MainWindow:
        if armed:
            armed.clear()
            for count in range(12):
                fall_over_in_a_slot(f"a slot fell over, time {count}")
        return await open_window(*args, **kwargs)

    monkeypatch.setattr(app_module, "_open_window", falling_over_first)
    app_main = start_app()
    first = await window_shown(demo=True)
    armed.append(1)
    first.switch_mode()
    await until(lambda: shown_window(demo=True) not in (None, first), timeout=LOADED)
    second = await window_shown(demo=True)
    await until(lambda: something_went_wrong(second))
    (banner,) = [b for b in second.banner.shown() if b.message() == "Something went wrong."]
    assert banner.hint() == (
        "Retry; if it keeps happening, see the log folder. …and 11 more errors."
    ), "the log folder named once"
    second.close()
    assert await asyncio.wait_for(app_main, LOADED) == 0


class _Slot(QObject):
    """A signal whose slot falls over, as a bug in one of the window's slots does."""

    fired = Signal(str)


def fall_over_in_a_slot(words: str, error: type[Exception] = RuntimeError) -> None:
    """A Qt slot raises ``error(words)``: Qt hands it to ``sys.excepthook``."""
    slot = _Slot()

    def fall_over(said: str) -> None:
        raise error(said)

    slot.fired.connect(fall_over)
    slot.fired.emit(words)


async def test_an_error_while_the_window_is_built_is_shown_in_it(
    start_app: Callable[[], asyncio.Task[int]],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A slot falls over while the first window is being built, before its banner is
    wired: the window shows it once it is open, and it is logged once. Before, it went to
    the window's bridge, which nothing listened to yet, and was only logged."""
    words = "a slot fell over as the window was built"
    build_menus = MainWindow._build_menus

    def falling_over_first(window: MainWindow) -> None:
        fall_over_in_a_slot(words)
        build_menus(window)

    monkeypatch.setattr(MainWindow, "_build_menus", falling_over_first)
    app_main = start_app()
    window = await window_shown(demo=True)
    await until(lambda: something_went_wrong(window))
    assert crashes_logged(caplog, words) == ["ui_crash"]
    window.close()
    assert await asyncio.wait_for(app_main, LOADED) == 0


async def test_an_error_as_the_open_window_is_set_up_is_shown_in_it(
    start_app: Callable[[], asyncio.Task[int]],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first window is open, and looking for work a start could not keep falls over:
    the window says so in its banner and stays open, the error logged once. Before, the
    error ended the app under the window, with a traceback."""
    words = "looking for unkept work fell over"

    def falling_over(*_args: Any) -> None:
        raise RuntimeError(words)

    monkeypatch.setattr(handovers, "take_unkept", falling_over)
    app_main = start_app()
    window = await window_shown(demo=True)
    await until(lambda: something_went_wrong(window) or app_main.done())
    assert not app_main.done(), "the app runs on"
    assert something_went_wrong(window)
    assert crashes_logged(caplog, words) == ["ui_crash"]
    window.close()
    assert await asyncio.wait_for(app_main, LOADED) == 0


def cannot_start_said(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the "cannot start" box says (its text, then its details), once it is shown."""
    said: list[str] = []

    async def tell(_parent: object, _title: str, text: str, detail: str, **_: object) -> None:
        said.append(f"{text}\n{detail}")

    monkeypatch.setattr(app_module, "tell", tell)
    return said


def slots_falling_over(times: int) -> list[tuple[str, type[Exception]]]:
    """The words and error of each of ``times`` slots falling over for a bug."""
    return [(f"a slot fell over, time {count}", RuntimeError) for count in range(times)]


async def cannot_start_box(
    start_app: Callable[[], asyncio.Task[int]],
    monkeypatch: pytest.MonkeyPatch,
    falls: list[tuple[str, type[Exception]]],
    cause: Exception,
) -> str:
    """What the "cannot start" box says once the app ends (code 1): as the first window is
    built, a slot falls over with each of ``falls``, then the window cannot open for
    ``cause``."""
    said = cannot_start_said(monkeypatch)

    def falling_over(window: MainWindow) -> None:
        for words, error in falls:
            fall_over_in_a_slot(words, error)
        raise cause

    monkeypatch.setattr(MainWindow, "_build_menus", falling_over)
    assert await asyncio.wait_for(start_app(), LOADED) == 1
    (box,) = said
    return box


async def test_errors_of_a_window_that_never_came_are_in_the_cannot_start_box(
    start_app: Callable[[], asyncio.Task[int]],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first window falls over as it is shown (the library cannot be read) after a
    slot fell over as it was built, and another in its teardown: the "cannot start" box
    says why it cannot start, then that something else went wrong, each error logged
    once. Before, the box said the first alone: the others went to the banner of a
    window that never came."""
    said = cannot_start_said(monkeypatch)
    aclose = Bridge.aclose

    async def showing(window: MainWindow, *args: Any) -> None:
        fall_over_in_a_slot("a slot fell over as the window was shown")
        raise StorageError("the library file cannot be read")

    async def closing(bridge: Bridge) -> None:
        if not said and not bridge.closed:
            fall_over_in_a_slot("a slot fell over as the window was torn down")
        await aclose(bridge)

    monkeypatch.setattr(app_module, "_show", showing)
    monkeypatch.setattr(Bridge, "aclose", closing)
    assert await asyncio.wait_for(start_app(), LOADED) == 1
    (box,) = said
    cause, also = box.split("\n\n")
    assert cause.startswith("Kontext Studio cannot start.\n")
    assert "the library file cannot be read" in cause
    assert also == "Also:\nSomething went wrong.\n…and 1 more error: see the log folder."
    for words in ("as the window was shown", "as the window was torn down"):
        assert crashes_logged(caplog, words) == ["ui_crash"]
    failed = [r for r in caplog.records if getattr(r, "event", "") == "app_start_failed"]
    assert [(r.levelname, getattr(r, "kind", "")) for r in failed] == [("WARNING", "storage")]


async def test_an_error_while_the_cannot_start_box_is_open_is_said_in_it(
    start_app: Callable[[], asyncio.Task[int]],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first window cannot open, and a slot falls over while the "cannot start" box
    says why: the box says that something else went wrong too, and it is logged once.
    Before, it was only logged: no window would ever show it."""

    async def showing(*_args: Any) -> None:
        raise StorageError("the library file cannot be read")

    monkeypatch.setattr(app_module, "_show", showing)
    app_main = start_app()

    def box_open() -> QMessageBox | None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                return widget
        return None

    await until(lambda: box_open() is not None, timeout=LOADED)
    box = box_open()
    assert box is not None
    assert "Also:" not in box.informativeText()
    fall_over_in_a_slot("a slot fell over as the box was open")
    cause, also = box.informativeText().split("\n\n")
    assert "the library file cannot be read" in cause
    assert also == "Also:\nSomething went wrong."
    assert crashes_logged(caplog, "as the box was open") == ["ui_crash"]
    box.accept()
    assert await asyncio.wait_for(app_main, LOADED) == 1


@pytest.mark.parametrize("closing", [Bridge, Session], ids=["bridge", "session"])
async def test_a_close_that_fails_after_the_window_failed_leaves_the_cause_said(
    start_app: Callable[[], asyncio.Task[int]],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    closing: type[Bridge] | type[Session],
) -> None:
    """The first window cannot open (the library cannot be read), and closing what it had
    opened falls over too: the "cannot start" box says why the window cannot open, then
    that something else went wrong, which is logged. Before, the close's error took the
    cause's place: "Something went wrong." alone."""
    said = cannot_start_said(monkeypatch)
    aclose = closing.aclose

    async def showing(*_args: Any) -> None:
        raise StorageError("the library file cannot be read")

    async def falling_over(self: Any) -> None:
        await aclose(self)
        raise RuntimeError("the close fell over")

    monkeypatch.setattr(app_module, "_show", showing)
    monkeypatch.setattr(closing, "aclose", falling_over)
    assert await asyncio.wait_for(start_app(), LOADED) == 1
    (box,) = said
    cause, also = box.split("\n\n")
    assert "the library file cannot be read" in cause
    assert also == "Also:\nSomething went wrong."
    assert crashes_logged(caplog, "the close fell over") == ["ui_crash"]


async def test_the_cannot_start_box_says_how_many_more_errors_came(
    start_app: Callable[[], asyncio.Task[int]],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A slot falls over again and again as the first window is built, which then cannot
    open: the box says what went wrong once, and how many more errors came, each logged.
    Before, the box said none of them, and every one was kept while the app ran."""
    cause = StorageError("the library file cannot be read")
    box = await cannot_start_box(start_app, monkeypatch, slots_falling_over(12), cause)
    assert box.split("\n\n")[1] == (
        "Also:\nSomething went wrong.\n…and 11 more errors: see the log folder."
    )
    assert len(crashes_logged(caplog, "a slot fell over, time")) == 12


async def test_a_window_that_could_not_be_built_is_let_go(
    start_app: Callable[[], asyncio.Task[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slot falls over as the first window is built, which then cannot open: the app
    keeps no hold on that window. Before, Python kept the slot's error for a debugger
    (``sys.last_value``), and through its traceback the window being built, with its
    widgets, until the next error came. (The test's log capture still holds it, so the
    window itself cannot be looked for here.)"""
    cause = StorageError("the library file cannot be read")
    await cannot_start_box(start_app, monkeypatch, slots_falling_over(1), cause)
    assert getattr(sys, "last_value", None) is None


async def test_the_cannot_start_box_of_a_bug_names_the_log_folder_once(
    start_app: Callable[[], asyncio.Task[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slot falls over again and again as the first window is built, which then cannot
    open for a bug: the box says what went wrong, sending the reader to the log folder,
    and how many more errors came, without naming it again. Before, "see the log folder."
    was said twice."""
    box = await cannot_start_box(
        start_app, monkeypatch, slots_falling_over(3), RuntimeError("building the menus fell over")
    )
    cause, also = box.split("\n\n")
    assert cause.endswith(
        "Something went wrong.\nRetry; if it keeps happening, see the log folder."
    )
    assert also == "Also:\n…and 3 more errors."


async def test_a_slot_falling_over_again_and_again_leaves_room_for_another_error(
    start_app: Callable[[], asyncio.Task[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slot falls over again and again as the first window is built, then the settings
    cannot be read, and the window cannot open: the box says both, and counts the rest.
    Before, the same "Something went wrong." filled every place kept, and what else went
    wrong was only a number."""
    unread = "the settings file cannot be read"
    falls = [*slots_falling_over(12), (unread, StorageError)]
    box = await cannot_start_box(
        start_app, monkeypatch, falls, StorageError("the library file cannot be read")
    )
    also = box.split("\n\n")[-1].splitlines()
    assert also[:2] == ["Also:", "Something went wrong."]
    assert unread in also[2]
    assert also[3:] == ["…and 11 more errors: see the log folder."]


async def test_the_cannot_start_box_does_not_say_its_cause_twice(
    start_app: Callable[[], asyncio.Task[int]],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A slot falls over on the library as the first window is built, which then cannot
    open for the same reason: the box says the reason once, and that one more error came.
    Before, "Also:" said the reason a second time, as if something else had gone wrong."""
    unreadable = "the library file cannot be read"
    falls = [(unreadable, StorageError)]
    box = await cannot_start_box(start_app, monkeypatch, falls, StorageError(unreadable))
    assert box.count(unreadable) == 1
    assert box.split("\n\n")[-1] == "Also:\n…and 1 more error: see the log folder."


async def test_a_key_kept_for_the_session_only_switches_too(
    start_app: Callable[[], asyncio.Task[int]],
) -> None:
    """Before, with no keyring working, going live needed a restart, which forgot the key."""
    app_main = start_app()
    demo = await window_shown(demo=True)
    keyring.set_keyring(fail.Keyring())
    await save_key(demo, TEST_KEY)
    assert "session only" in demo.banner.message()
    assert demo.banner.action_button.text() == "Switch to live mode"
    demo.banner.action_button.click()

    live = await window_shown(demo=False)
    live.close()
    assert await asyncio.wait_for(app_main, LOADED) == 0


class NoticesShown(QObject):
    """The words of each Saving notice shown, however briefly."""

    def __init__(self) -> None:
        super().__init__()
        self.said: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, SavingNotice) and event.type() == QEvent.Type.Show:
            self.said.append(watched.words())
        return False


async def test_a_switch_of_mode_never_says_kontext_studio_is_closing(
    start_app: Callable[[], asyncio.Task[int]],
    qapp: QApplication,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A switch shuts the demo window's session down as a close does before the live
    window opens: "Saving your work before Kontext Studio closes…" must not come up between
    the two windows of an app that is not closing. The close for good says it."""
    monkeypatch.setattr(saving_notice, "NOTICE_AFTER_MS", 0)  # however quick the switch
    shown = NoticesShown()
    qapp.installEventFilter(shown)
    try:
        app_main = start_app()
        demo = await window_shown(demo=True)
        keyring.set_keyring(fail.Keyring())
        await save_key(demo, TEST_KEY)
        demo.banner.action_button.click()
        live = await window_shown(demo=False)
        assert shown.said == []
        live.close()
        assert await asyncio.wait_for(app_main, LOADED) == 0
    finally:
        qapp.removeEventFilter(shown)
    assert shown.said == ["Saving your work before Kontext Studio closes…"]


async def test_r2_changes_kept_for_this_session_stay_after_a_switch(
    start_app: Callable[[], asyncio.Task[int]],
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The keyring holds an older R2 secret, saved with the access key ID OLDAKID, and
    cannot be read when the artist saves a new key, a new access key ID and a new secret:
    the file keeps OLDAKID for a restart, and the banner says the R2 changes are kept for
    this session only. Before, "Switch to live mode", offered by that very Save, opened a
    session that read the file: this run then signed with OLDAKID and the new secret, kept
    for this session, and R2 refused the keys with no clue why."""
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, "r2-older-secret-0123")
    paths = Paths.from_env().ensure()
    on_disk = R2Settings("http://127.0.0.1:9", "art", "OLDAKID")
    save_settings(paths, Settings(r2=on_disk))
    app_main = start_app()
    demo = await window_shown(demo=True)

    def locked(*_: object) -> None:
        raise keyring.errors.KeyringLocked("Failed to unlock the collection!")

    for call in ("get_password", "set_password", "delete_password"):
        monkeypatch.setattr(memory_keyring, call, locked)
    dialog = demo.open_settings()
    await until(lambda: dialog.secret_state is not None, timeout=LOADED)
    dialog.key.edit.setText(TEST_KEY)
    dialog.r2_access_key_id.setText("NEWAKID")
    dialog.r2_secret.edit.setText("r2-newer-secret-4567")
    results: list[int] = []
    dialog.finished.connect(results.append)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    await until(lambda: bool(results), timeout=LOADED)
    assert "R2 changes are kept for this session only" in demo.banner.message()
    assert load_settings(paths).r2.access_key_id == "OLDAKID"
    demo.banner.action_button.click()

    live = await window_shown(demo=False)
    assert live.session.settings.r2.access_key_id == "NEWAKID"
    assert load_settings(paths).r2.access_key_id == "OLDAKID", "a restart keeps the pair"
    live.close()
    assert await asyncio.wait_for(app_main, LOADED) == 0


HEADINGS = {
    "keyring": "The saved KIE API key cannot be used, so Kontext Studio is in demo mode.",
    "environment": (
        "The KIE API key in KIE_API_KEY cannot be used, so Kontext Studio is in demo mode."
    ),
}
"""The banner's heading of a key that cannot be used, by where it came from: one from the
environment is no saved key (before, it was said to be)."""


@pytest.mark.parametrize("where", ["keyring", "environment"])
async def test_a_saved_key_that_cannot_be_sent_opens_demo_mode_saying_why(
    start_app: Callable[[], asyncio.Task[int]],
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
) -> None:
    """A key put in the keyring by another program, or in KIE_API_KEY, with "Bearer "
    pasted before it. Before, the app said "Kontext Studio cannot start.", and Settings,
    where the key is set right, could not be reached."""
    bad = "Bearer " + TEST_KEY
    if where == "keyring":
        keyring.set_password(secrets.SERVICE, secrets.KIE_KEY, bad)
    else:
        monkeypatch.setenv("KIE_API_KEY", bad)
    app_main = start_app()
    demo = await window_shown(demo=True)
    # Told once the window is made, which may be after it is first shown.
    await until(lambda: bool(demo.banner.message()), timeout=LOADED)
    assert demo.banner.message() == HEADINGS[where]
    assert demo.mode.toolTip().startswith(HEADINGS[where].split(",")[0])
    assert "contains characters that cannot be sent" in demo.banner.hint()
    assert ("KIE_API_KEY" in demo.banner.hint()) is (where == "environment")
    assert TEST_KEY not in demo.banner.hint()

    await save_key(demo, TEST_KEY)
    demo.banner.action_button.click()
    live = await window_shown(demo=False)
    live.close()
    assert await asyncio.wait_for(app_main, LOADED) == 0


class LockedKeyring(MemoryKeyring):
    """A keyring that has locked itself since the key was saved in it."""

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")


@pytest.mark.parametrize(
    ("trouble", "notice", "cause"),
    [
        ("locked", "tell_key_unread", "It is locked, or its unlock prompt was dismissed"),
        ("unusable", "tell_key_unusable", "contains characters that cannot be sent"),
        ("environment", "tell_key_unusable", "contains characters that cannot be sent"),
    ],
)
async def test_the_key_s_trouble_is_said_when_saying_it_in_the_first_window_falls_over(
    start_app: Callable[[], asyncio.Task[int]],
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    trouble: str,
    notice: str,
    cause: str,
) -> None:
    """The keyring is locked at start (or the key saved cannot be sent as it is), and saying
    so in the window open in demo mode falls over: the window says the key cannot be used,
    that it is in demo mode, and why, in the key's trouble's own words, with the button to
    Settings, where a key is set; it stays open, and the bug is logged with its traceback.
    Before, the banner said only "Something went wrong."; then the keyring error's words
    alone ("The request is not valid." of the key), with no way to Settings. A key from
    KIE_API_KEY is said to come from there, the variable being what to correct (Settings
    does not change it): before, the words said to set the key again in Settings."""
    if trouble == "locked":
        locked = LockedKeyring()
        locked.store = memory_keyring.store
        keyring.set_keyring(locked)
    elif trouble == "environment":
        monkeypatch.setenv("KIE_API_KEY", "Bearer " + TEST_KEY)
    else:
        keyring.set_password(secrets.SERVICE, secrets.KIE_KEY, "Bearer " + TEST_KEY)

    def falling_over(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("saying the key cannot be used fell over")

    monkeypatch.setattr(MainWindow, notice, falling_over)
    app_main = start_app()
    window = await window_shown(demo=True)

    def said() -> list[str]:
        return [banner.message() for banner in window.banner.shown()]

    await until(lambda: said() or app_main.done(), timeout=LOADED)
    assert not app_main.done(), "the app runs on"
    assert said() == [HEADINGS["environment" if trouble == "environment" else "keyring"]]
    assert cause in window.banner.hint()
    if trouble == "environment":
        assert window.banner.hint().endswith(
            "It comes from the KIE_API_KEY variable: correct it there, or set a key in "
            "File → Settings."
        )
    else:
        assert "KIE_API_KEY" not in window.banner.hint()
        assert window.banner.hint().endswith("Set the key again in File → Settings.")
    assert crashes_logged(caplog, "fell over") == ["ui_crash"]
    assert window.banner.action_button.text() == "Open Settings"
    window.banner.action_button.click()
    await until(lambda: window._settings_dialog is not None, timeout=LOADED)
    window.close()
    assert await asyncio.wait_for(app_main, LOADED) == 0


async def test_a_key_the_keyring_no_longer_gives_does_not_switch_to_demo_mode(
    start_app: Callable[[], asyncio.Task[int]], memory_keyring: MemoryKeyring
) -> None:
    """Before, the switch closed the window and the new session, finding no key, opened
    in demo mode again: the artist who asked for live mode got a fresh demo window."""
    app_main = start_app()
    demo = await window_shown(demo=True)
    demo.generate_tab.prompt.setPlainText("a lighthouse at dusk")
    await save_key(demo, TEST_KEY)
    locked = LockedKeyring()
    locked.store = memory_keyring.store
    keyring.set_keyring(locked)
    demo.banner.action_button.click()

    await until(
        lambda: demo.banner.message().startswith("The API key cannot be read now"), timeout=LOADED
    )
    assert shiboken6.isValid(demo) and demo.isVisible(), "the window stays as it was"
    assert demo.generate_tab.prompt.toPlainText() == "a lighthouse at dusk"
    assert demo.banner.action_button.text() == "Switch to live mode"

    keyring.set_keyring(memory_keyring)  # unlocked
    demo.banner.action_button.click()
    live = await window_shown(demo=False)
    assert live.generate_tab.prompt.toPlainText() == "a lighthouse at dusk"
    live.close()
    assert await asyncio.wait_for(app_main, LOADED) == 0


async def test_a_switch_to_a_key_removed_elsewhere_leaves_the_menu(
    start_app: Callable[[], asyncio.Task[int]], memory_keyring: MemoryKeyring
) -> None:
    """The key saved in Settings is removed from the keyring elsewhere (``kontext-studio key
    remove``) before the switch. Before, "Switch to live mode" stayed in the File menu, and
    each press said again that no key is stored."""
    app_main = start_app()
    demo = await window_shown(demo=True)
    await save_key(demo, TEST_KEY)
    assert demo.switch_action.isVisible()
    del memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)]
    demo.switch_action.trigger()

    await until(lambda: demo.banner.message().startswith("No API key is stored"), timeout=LOADED)
    assert not demo.switch_action.isVisible()
    assert not demo.banner.action_button.isVisible()
    demo.close()
    assert await asyncio.wait_for(app_main, LOADED) == 0


@pytest.mark.parametrize("how", ["key_stored", "older_version", "older_version_none"])
async def test_a_keyring_locked_at_start_opens_demo_mode_saying_so_and_offers_live_mode(
    start_app: Callable[[], asyncio.Task[int]], memory_keyring: MemoryKeyring, how: str
) -> None:
    """Before, the window opened in demo mode without a word, as if the key saved in the
    keyring were gone, and Settings was the only place that said the keyring was locked.
    Said too where settings an older version left do not tell whether it stored a key."""
    if how == "key_stored":
        secrets.store_in_keyring(secrets.KIE_KEY, TEST_KEY)
    else:
        paths = Paths.from_env().ensure()
        paths.settings_file.write_text('{"default_ratio": "16:9"}', encoding="utf-8")
    if how == "older_version":
        memory_keyring.set_password(secrets.SERVICE, secrets.KIE_KEY, TEST_KEY)
    stored = how != "older_version_none"
    locked = LockedKeyring()
    locked.store = memory_keyring.store
    keyring.set_keyring(locked)
    app_main = start_app()
    demo = await window_shown(demo=True)
    await until(lambda: bool(demo.banner.message()), timeout=LOADED)
    assert demo.banner.message() == (
        "The system keyring cannot be read, so Kontext Studio is in demo mode."
    )
    assert "It is locked" in demo.banner.hint()
    assert demo.banner.hint().endswith("Unlock the keyring, then switch to live mode.")
    assert demo.banner.action_button.text() == "Switch to live mode"
    assert demo.switch_action.isVisible()

    keyring.set_keyring(memory_keyring)  # unlocked
    demo.banner.action_button.click()
    if stored:
        live = await window_shown(demo=False)
        live.close()
    else:  # nothing to switch to: said, not "the keyring may be locked"
        await until(lambda: demo.banner.message().startswith("No API key is stored"))
        assert demo.banner.hint() == "Set one in File → Settings."
        assert shiboken6.isValid(demo) and demo.isVisible()
        demo.close()
    assert await asyncio.wait_for(app_main, LOADED) == 0


class NotAnsweringKeyring(MemoryKeyring):
    """A keyring whose service has stopped answering since the key was saved in it (it
    hangs, or is not running): its library's D-Bus error, not a lock."""

    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError("org.freedesktop.DBus.Error.NoReply")


async def test_a_keyring_that_does_not_answer_at_start_is_not_said_to_be_locked(
    start_app: Callable[[], asyncio.Task[int]], memory_keyring: MemoryKeyring
) -> None:
    """The key in the keyring, whose service does not answer as the app starts. The banner,
    the DEMO badge and a switch that could not read the key said to unlock the keyring,
    which no unlock mends: they say to try again, or restart its service."""
    secrets.store_in_keyring(secrets.KIE_KEY, TEST_KEY)
    silent = NotAnsweringKeyring()
    silent.store = memory_keyring.store
    keyring.set_keyring(silent)
    app_main = start_app()
    demo = await window_shown(demo=True)
    await until(lambda: bool(demo.banner.message()), timeout=LOADED)
    todo = (
        "Switch to live mode to try again; if the keyring still does not answer, restart its "
        "service (or log out and back in), then switch again."
    )
    assert demo.banner.message() == (
        "The system keyring cannot be read, so Kontext Studio is in demo mode."
    )
    assert demo.banner.hint() == (f"It does not answer: the key it may hold cannot be read. {todo}")
    assert demo.mode.toolTip() == plain_tooltip(
        "The system keyring cannot be read, so a simulator on this computer makes the "
        f"images. {todo}"
    )

    demo.banner.action_button.click()  # still not answering
    await until(
        lambda: demo.banner.message().startswith("The API key cannot be read now"), timeout=LOADED
    )
    assert demo.banner.hint() == (
        "The system keyring does not answer. Switch again; if it still does not answer, "
        "restart its service (or log out and back in)."
    )

    keyring.set_keyring(memory_keyring)  # answering again
    demo.banner.action_button.click()
    live = await window_shown(demo=False)
    live.close()
    assert await asyncio.wait_for(app_main, LOADED) == 0


async def test_a_damaged_key_at_start_says_so_and_settings_stores_it_again(
    start_app: Callable[[], asyncio.Task[int]], memory_keyring: MemoryKeyring
) -> None:
    """The keyring answers, but its entry for the key is damaged (bytes that are no UTF-8).
    Before: "The system keyring cannot be read … It does not answer", with "restart its
    service", which mends nothing. Now the banner says the key is damaged and opens
    Settings, whose key line says so too, and whose Save of the key mends it."""
    damaged = b"\xff\xfe\x80" + TEST_KEY.encode()
    memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)] = damaged  # type: ignore[assignment]
    app_main = start_app()
    demo = await window_shown(demo=True)
    await until(lambda: bool(demo.banner.message()), timeout=LOADED)
    assert demo.banner.message() == (
        "The API key stored in the system keyring is damaged, so Kontext Studio is in demo mode."
    )
    assert demo.banner.hint() == (
        "The KIE API key stored there cannot be read. Enter the key again in Settings: it "
        "replaces the damaged entry."
    )
    assert demo.banner.action_button.text() == "Open Settings"
    demo.banner.action_button.click()
    dialog = demo._settings_dialog
    assert dialog is not None
    await until(lambda: dialog.secret_state is not None, timeout=LOADED)
    assert dialog.key_status.text() == (
        "The key stored in the keyring is damaged and cannot be read: type the key again to "
        "replace it."
    )
    dialog.key.edit.setText(TEST_KEY)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    await until(lambda: demo.banner.action_button.text() == "Switch to live mode", timeout=LOADED)
    assert memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)] == TEST_KEY
    demo.banner.action_button.click()
    live = await window_shown(demo=False)
    live.close()
    assert await asyncio.wait_for(app_main, LOADED) == 0


async def test_a_key_damaged_before_the_switch_offers_settings_not_the_switch_again(
    start_app: Callable[[], asyncio.Task[int]], memory_keyring: MemoryKeyring
) -> None:
    """The key saved, another program damages its entry before the artist switches. The
    banner said so, but offered "Switch to live mode" again, which fails the same way until
    the key is stored again: it offers Settings, where that is done."""
    app_main = start_app()
    demo = await window_shown(demo=True)
    await save_key(demo, TEST_KEY)
    damaged = b"\xff\xfe\x80" + TEST_KEY.encode()
    memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)] = damaged  # type: ignore[assignment]
    demo.switch_action.trigger()
    await until(lambda: "damaged" in demo.banner.message(), timeout=LOADED)
    assert demo.banner.message() == (
        "The API key stored in the system keyring is damaged, so the switch did not happen."
    )
    assert demo.banner.action_button.text() == "Open Settings"
    demo.banner.action_button.click()
    dialog = demo._settings_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.reject()
    demo.close()
    assert await asyncio.wait_for(app_main, LOADED) == 0


@pytest.mark.parametrize("how", ["read_unlocked", "key_removed"])
async def test_a_locked_keyring_that_never_held_the_key_opens_demo_mode_quietly(
    start_app: Callable[[], asyncio.Task[int]], memory_keyring: MemoryKeyring, how: str
) -> None:
    """Before: an artist who never stored a key, on a system whose keyring stays locked at
    login, met a red banner at every start saying the keyring cannot be read. The settings
    record that it held no key (read unlocked once, or stored and removed since): demo
    mode, as it was before the keyring's lock was told, with nothing to switch to."""
    if how == "key_removed":
        secrets.store_in_keyring(secrets.KIE_KEY, TEST_KEY)
        assert secrets.remove_from_keyring(secrets.KIE_KEY)
    else:
        assert secrets.readable_secret(secrets.KIE_KEY) is None
    locked = LockedKeyring()
    locked.store = memory_keyring.store
    keyring.set_keyring(locked)
    app_main = start_app()
    demo = await window_shown(demo=True)
    await until(lambda: not demo.credits.fetching, timeout=LOADED)
    assert not demo.banner.isVisible(), demo.banner.message()
    assert not demo.switch_action.isVisible()
    dialog = demo.open_settings()
    await until(lambda: dialog.secret_state is not None, timeout=LOADED)
    assert dialog.key_status.text() == (
        "No key could be read from the keyring. Type a key to use one."
    )
    dialog.reject()
    demo.close()
    assert await asyncio.wait_for(app_main, LOADED) == 0


async def test_the_offer_to_switch_stays_beside_a_later_banner_and_in_the_file_menu(
    start_app: Callable[[], asyncio.Task[int]],
) -> None:
    """Before, a job's error took the banner's place, and with it the offer to switch: the
    File menu was the only way left. Now the offer stays on top, the error below it; once
    the artist has dismissed the offer, the File menu still has it."""
    app_main = start_app()
    demo = await window_shown(demo=True)
    assert not demo.switch_action.isVisible()
    await save_key(demo, TEST_KEY)
    demo.show_error("A job failed.", "Retry it.")
    assert [banner.message() for banner in demo.banner.shown()] == [
        "The API key was saved in the system keyring.",
        "A job failed.",
    ]
    assert demo.banner.action_button.text() == "Switch to live mode"
    demo.banner.dismiss()  # the offer, dismissed
    assert demo.banner.message() == "A job failed."
    assert not demo.banner.action_button.isVisible()
    assert demo.switch_action.isVisible()
    assert demo.switch_action.text() == "Switch to live mode"
    demo.switch_action.trigger()

    live = await window_shown(demo=False)
    assert not live.switch_action.isVisible(), "nothing left to switch to"
    live.close()
    assert await asyncio.wait_for(app_main, LOADED) == 0


async def test_a_window_closed_while_it_opens_ends_the_app(
    start_app: Callable[[], asyncio.Task[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, a window closed (Ctrl+Q) while it carried on the jobs of an earlier run was
    gone, but the app never ended: nothing heard its close any more."""
    resuming, go_on = asyncio.Event(), asyncio.Event()
    resume = JobEngine.resume

    async def slow_resume(engine: JobEngine) -> list[int]:
        resuming.set()
        await go_on.wait()
        return await resume(engine)

    monkeypatch.setattr(JobEngine, "resume", slow_resume)
    app_main = start_app()
    await until(resuming.is_set, timeout=LOADED)
    (window,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    assert window.isVisible()
    window.close()
    go_on.set()
    assert await asyncio.wait_for(app_main, LOADED) == 0


def work_in_hand(window: MainWindow, tmp_path: Path) -> Path:
    """Type a prompt and list a file with a title on the Upload tab; returns the file."""
    window.generate_tab.prompt.setPlainText("a lighthouse at dusk, oil on canvas")
    harbour = tmp_path / "harbour.png"
    Image.new("RGB", (64, 48), "navy").save(harbour)
    (item,) = window.upload_tab.add_files([harbour])
    item.title = "Harbour at night"
    item.tags = "sea, night"
    return harbour


def has_the_work(window: MainWindow, harbour: Path) -> bool:
    return window.generate_tab.prompt.toPlainText() == "a lighthouse at dusk, oil on canvas" and [
        (p.path, p.title, p.tags) for p in window.upload_tab.pending()
    ] == [(harbour, "Harbour at night", "sea, night")]


def opening_fails(monkeypatch: pytest.MonkeyPatch, error: Exception, *, always: bool) -> None:
    """The session a switch opens (with the key as it is now) cannot open; ``always``: the
    one the app goes back to (the mode it was in) neither."""

    def fails(*_args: object, **_kwargs: object) -> object:
        raise error

    monkeypatch.setattr(app_module, "_open_as_saved", fails)
    if always:
        monkeypatch.setattr(app_module, "open_session", fails)


async def told_in(window: MainWindow, words: str) -> None:
    """Wait until ``window``'s banner begins with ``words``: the app tells it once the window
    is built, a moment after the window is shown."""
    await until(lambda: window.banner.message().startswith(words), timeout=LOADED)


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (StorageError("the library file cannot be opened"), "the library file cannot be opened"),
        (RuntimeError("a bug"), "Something went wrong"),
    ],
)
async def test_a_switch_whose_session_cannot_open_goes_back_with_the_work_in_hand(
    start_app: Callable[[], asyncio.Task[int]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    error: Exception,
    words: str,
) -> None:
    """Before, the app said "cannot start" and ended: the prompt as typed and the Upload
    tab's files with their titles and tags were lost."""
    app_main = start_app()
    demo = await window_shown(demo=True)
    harbour = work_in_hand(demo, tmp_path)
    await save_key(demo, TEST_KEY)
    opening_fails(monkeypatch, error, always=False)
    demo.banner.action_button.click()

    await until(lambda: not shiboken6.isValid(demo), timeout=LOADED)
    back = await window_shown(demo=True)
    await told_in(back, "The switch did not happen")
    assert has_the_work(back, harbour)
    assert back.banner.message() == (
        "The switch did not happen: Kontext Studio is still in demo mode."
    )
    assert words in back.banner.hint()
    assert type(error).__name__ not in back.banner.hint()
    back.close()
    assert await asyncio.wait_for(app_main, LOADED) == 0


async def test_an_error_as_the_window_gone_back_to_says_why_is_shown_in_it(
    start_app: Callable[[], asyncio.Task[int]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A switch cannot open its session, and saying so in the window gone back to falls
    over: that window shows "Something went wrong." and stays open, with the work. Before,
    the error ended the app under the open window."""
    app_main = start_app()
    demo = await window_shown(demo=True)
    harbour = work_in_hand(demo, tmp_path)
    await save_key(demo, TEST_KEY)
    opening_fails(monkeypatch, StorageError("the library file cannot be opened"), always=False)

    def falling_over(*_args: object) -> None:
        raise RuntimeError("saying why fell over")

    monkeypatch.setattr(MainWindow, "tell_switch_failed", falling_over)
    demo.banner.action_button.click()
    await until(lambda: not shiboken6.isValid(demo), timeout=LOADED)
    back = await window_shown(demo=True)
    await until(lambda: something_went_wrong(back) or app_main.done(), timeout=LOADED)
    assert not app_main.done(), "the app runs on"
    assert something_went_wrong(back)
    assert has_the_work(back, harbour)
    back.close()
    assert await asyncio.wait_for(app_main, LOADED) == 0


async def test_a_switch_whose_window_cannot_be_built_goes_back_with_the_work_in_hand(
    start_app: Callable[[], asyncio.Task[int]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app_main = start_app()
    demo = await window_shown(demo=True)
    harbour = work_in_hand(demo, tmp_path)
    await save_key(demo, TEST_KEY)
    real = MainWindow.take_over
    failed: list[bool] = []

    def take_over(window: MainWindow, handover: Handover) -> None:
        if not window.session.demo:
            failed.append(True)
            raise RuntimeError("a bug")
        real(window, handover)

    monkeypatch.setattr(MainWindow, "take_over", take_over)
    demo.banner.action_button.click()

    await until(lambda: bool(failed) and shown_window(demo=True) is not None, timeout=LOADED)
    back = shown_window(demo=True)
    assert back is not None and back is not demo
    await told_in(back, "The switch did not happen")
    assert has_the_work(back, harbour)
    # The window that failed and the one switched from go at a later turn of the loop
    # (deleteLater): under load that is after the words are told.
    await until(lambda: main_windows() == [back], timeout=LOADED)
    back.close()
    assert await asyncio.wait_for(app_main, LOADED) == 0


async def test_an_error_after_a_window_could_not_be_built_shows_in_the_one_gone_back_to(
    start_app: Callable[[], asyncio.Task[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slot falls over once a switch's window could not be built, as the app goes back
    to the mode it was in: the window it goes back to shows it. Before, it went to the
    banner of the window that never opened, seen by no one."""
    app_main = start_app()
    demo = await window_shown(demo=True)
    await save_key(demo, TEST_KEY)
    real_take_over, real_log_failure = MainWindow.take_over, app_module._log_failure

    def take_over(window: MainWindow, handover: Handover) -> None:
        if not window.session.demo:
            raise RuntimeError("a bug")
        real_take_over(window, handover)

    def fall_over() -> None:
        raise RuntimeError("a slot fell over as the app went back")

    def log_failure(error: Exception, event: str) -> None:  # as the app goes back
        QTimer.singleShot(0, fall_over)
        real_log_failure(error, event)

    monkeypatch.setattr(MainWindow, "take_over", take_over)
    monkeypatch.setattr(app_module, "_log_failure", log_failure)
    demo.banner.action_button.click()

    await until(lambda: shown_window(demo=True) not in (None, demo), timeout=LOADED)
    back = shown_window(demo=True)
    assert back is not None
    await until(lambda: something_went_wrong(back))
    back.close()
    assert await asyncio.wait_for(app_main, LOADED) == 0


async def test_work_no_window_can_take_over_comes_back_at_the_next_start(
    start_app: Callable[[], asyncio.Task[int]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Neither the new session nor one in the mode the app was in opens: the app cannot
    go on, but says that the work is kept, and the next start brings it back."""
    app_main = start_app()
    demo = await window_shown(demo=True)
    harbour = work_in_hand(demo, tmp_path)
    await save_key(demo, TEST_KEY)
    open_session, open_as_saved = app_module.open_session, app_module._open_as_saved
    told: list[str] = []

    async def tell(_parent: object, _title: str, text: str, detail: str, **_: object) -> None:
        told.append(f"{text}\n{detail}")

    monkeypatch.setattr(app_module, "tell", tell)
    opening_fails(monkeypatch, StorageError("the library file cannot be opened"), always=True)
    demo.banner.action_button.click()

    assert await asyncio.wait_for(app_main, LOADED) == 1
    (said,) = told
    assert "the library file cannot be opened" in said
    assert "Your unsent work is kept: it comes back at the next start." in said

    monkeypatch.setattr(app_module, "open_session", open_session)
    monkeypatch.setattr(app_module, "_open_as_saved", open_as_saved)
    again = asyncio.ensure_future(app_module.main())
    try:
        live = await window_shown(demo=False)
        await told_in(live, "Your unsent work")
        assert has_the_work(live, harbour)
        assert live.banner.message() == (
            "Your unsent work from the last time Kontext Studio ran is back."
        )
        live.close()
        assert await asyncio.wait_for(again, LOADED) == 0
    finally:
        await stopped(again)
    (left,) = (tmp_path / "home").rglob(f"{UNSENT}*")
    assert left.name == UNSENT, "taken over once, then left by the window the artist closed"
    work = handovers.load(left)
    assert work is not None
    assert (work.draft.prompt, work.uploads) == (
        "a lighthouse at dusk, oil on canvas",
        (PendingUpload(harbour, "Harbour at night", "", "sea, night"),),
    )


def held_session_opening(
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[threading.Event, threading.Event]:
    """Hold the app's next sessions as they open: the first event is set once one is being
    opened, and each waits for the second (at most :data:`LOADED` seconds)."""
    open_session = app_module.open_session
    opening, go_on = threading.Event(), threading.Event()

    def slow_open_session(**kwargs: object) -> object:
        opening.set()
        go_on.wait(LOADED)
        return open_session(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(app_module, "open_session", slow_open_session)
    return opening, go_on


async def test_ctrl_c_between_the_two_windows_of_a_switch_ends_the_app_and_keeps_the_work(
    start_app: Callable[[], asyncio.Task[int]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Before, Ctrl+C while the old window had closed and the new one was being built
    raised KeyboardInterrupt inside the event loop: a traceback, and the app went on."""
    app_main = start_app()
    demo = await window_shown(demo=True)
    harbour = work_in_hand(demo, tmp_path)
    await save_key(demo, TEST_KEY)
    open_session = app_module.open_session
    opening, go_on = held_session_opening(monkeypatch)
    caplog.set_level(logging.INFO, logger=app_module.__name__)
    demo.banner.action_button.click()
    await until(opening.is_set, timeout=LOADED)
    assert not shiboken6.isValid(demo), "between the two windows"
    os.kill(os.getpid(), signal.SIGINT)
    await until(lambda: "stop asked" in caplog.messages, timeout=LOADED)
    go_on.set()
    assert await asyncio.wait_for(app_main, LOADED) == 0
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]

    monkeypatch.setattr(app_module, "open_session", open_session)
    again = asyncio.ensure_future(app_module.main())
    live = await window_shown(demo=False)
    assert has_the_work(live, harbour), "kept for the next start"
    live.close()
    assert await asyncio.wait_for(again, LOADED) == 0


async def test_a_switch_carries_the_library_search_the_selection_and_the_batch_count(
    start_app: Callable[[], asyncio.Task[int]],
) -> None:
    app_main = start_app()
    demo = await window_shown(demo=True)
    for prompt in ("a red fox", "a grey heron"):
        demo.generate_tab.prompt.setPlainText(prompt)
        assert demo.generate_tab.generate()
    model = demo.library.model
    await until(lambda: model.rowCount() == 2, timeout=LOADED)
    demo.library.search.setText("fox")
    demo.library.apply_filter()
    await until(lambda: model.rowCount() == 1, timeout=LOADED)
    fox = model.snapshot(0)
    demo.library.select_job(fox.id)
    await until(lambda: demo.library.current_snapshot() == fox)
    demo.generate_tab.batch.setValue(3)
    await save_key(demo, TEST_KEY)
    demo.banner.action_button.click()

    live = await window_shown(demo=False)
    assert live.generate_tab.batch.value() == 3
    assert live.generate_tab.generate_button.text() == "&Generate 3 images"
    assert live.library.search.text() == "fox"
    await until(lambda: live.library.model.rowCount() == 1, timeout=LOADED)
    await until(lambda: (s := live.library.current_snapshot()) is not None and s.id == fox.id)
    assert live.preview.snapshot is not None and live.preview.snapshot.id == fox.id
    live.close()
    assert await asyncio.wait_for(app_main, LOADED) == 0


async def test_files_still_being_looked_for_in_a_dropped_folder_come_along(
    start_app: Callable[[], asyncio.Task[int]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, the folder being looked through when the switch came brought nothing."""
    app_main = start_app()
    demo = await window_shown(demo=True)
    folder = tmp_path / "finished"
    folder.mkdir()
    for name, colour in (("dawn.png", "orange"), ("dusk.png", "purple")):
        Image.new("RGB", (64, 48), colour).save(folder / name)
    looking, go_on = threading.Event(), threading.Event()
    collect = upload_tab._collect_identified

    def slow_collect(paths: list[Path]) -> object:
        looking.set()
        go_on.wait(LOADED)
        return collect(paths)

    monkeypatch.setattr(upload_tab, "_collect_identified", slow_collect)
    demo.upload_tab.add_paths([folder])
    await until(looking.is_set, timeout=LOADED)
    await save_key(demo, TEST_KEY)
    demo.banner.action_button.click()
    await until(lambda: not shiboken6.isValid(demo), timeout=LOADED)
    go_on.set()

    live = await window_shown(demo=False)
    await until(lambda: len(live.upload_tab.items) == 2, timeout=LOADED)
    assert sorted(item.path.name for item in live.upload_tab.items) == ["dawn.png", "dusk.png"]
    live.close()
    assert await asyncio.wait_for(app_main, LOADED) == 0


def kept_work(harbour: Path) -> Handover:
    """The work :func:`work_in_hand` types, as a run that could not hand it over kept it."""
    Image.new("RGB", (64, 48), "navy").save(harbour)
    return Handover(
        tab=0,
        draft=GenerateRequest("a lighthouse at dusk, oil on canvas"),
        style=None,
        uploads=(PendingUpload(harbour, "Harbour at night", "", "sea, night"),),
    )


@pytest.fixture
def starting(
    simulator: Simulator, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A start in demo mode with work kept by an earlier run; returns the work's file."""
    monkeypatch.delenv("KIE_API_KEY")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main() sets its own
    return handovers.unsent_work_file(Paths.from_env().ensure().data)


async def test_work_kept_for_the_next_start_comes_back_in_one_window_only(
    starting: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A launcher clicked twice starts the app twice at once. Before, both starts read the
    work kept in unsent-work.json while their windows opened, and both brought it back:
    the prompt twice, the Upload tab's files imported twice."""
    harbour = tmp_path / "harbour.png"
    handovers.keep(kept_work(harbour), starting)
    opening, go_on = held_session_opening(monkeypatch)
    first = asyncio.ensure_future(app_module.main())
    try:
        await until(opening.is_set, timeout=LOADED)
        assert handovers.load(starting) is None, "a second start now finds no work"
        go_on.set()
        await until(lambda: shown_window(demo=True) is not None, timeout=LOADED)
        window = shown_window(demo=True)
        assert window is not None
        assert has_the_work(window, harbour)
        window.close()
        assert await asyncio.wait_for(first, LOADED) == 0
    finally:
        go_on.set()
        await stopped(first)
    assert [p.name for p in starting.parent.glob(f"{UNSENT}*")] == [UNSENT], (
        "taken over once, then left by the window the artist closed"
    )


async def test_work_taken_over_as_saying_so_falls_over_is_not_taken_over_again_later(
    starting: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Work kept by an earlier run comes back in the first window, and saying so falls over
    in a bug: the window shows "Something went wrong." with the work, and what it took over
    is gone from the data folder. Before, the file taken was left there, under a name a
    later start takes again once it is old: the same work back a second time, days later."""
    harbour = tmp_path / "harbour.png"
    handovers.keep(kept_work(harbour), starting)

    def falling_over(*_args: object) -> None:
        raise RuntimeError("saying the work is back fell over")

    monkeypatch.setattr(MainWindow, "tell_work_restored", falling_over)

    async def told(window: MainWindow) -> None:
        await until(lambda: something_went_wrong(window), timeout=LOADED)
        assert has_the_work(window, harbour)

    await one_start(told)
    assert [p.name for p in starting.parent.glob(f"{UNSENT}*")] == [UNSENT], (
        "taken over once, then left by the window the artist closed"
    )


async def test_a_named_image_falling_over_at_start_leaves_the_work_back_said(
    starting: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app is started with an image to open, work kept by an earlier run waiting, and
    taking the image falls over in a bug: the window shows "Something went wrong." and
    still says the work is back. Before, the first error in the window's setting up
    skipped all that came after it: the work's words, and those saying the log file or the
    last session's work could not be written, each said nowhere."""
    harbour = tmp_path / "harbour.png"
    handovers.keep(kept_work(harbour), starting)

    def falling_over(*_args: object) -> None:
        raise RuntimeError("taking the image fell over")

    monkeypatch.setattr(app_module, "_take", falling_over)

    def said(window: MainWindow) -> list[str]:
        return [banner.message() for banner in window.banner.shown()]

    async def told(window: MainWindow) -> None:
        await until(lambda: "Your unsent work" in " ".join(said(window)), timeout=LOADED)
        assert "Something went wrong." in said(window)
        assert "Your unsent work from the last time Kontext Studio ran is back." in said(window)
        assert has_the_work(window, harbour)

    await one_start(told)


async def test_work_that_cannot_be_used_is_set_aside_not_replaced_by_the_window(
    starting: Path,
) -> None:
    """Unsent work the start cannot read (a damaged file) is left for a person to look at.
    Before, it was put back under its own name, where the window's first save of its draft,
    or its close with nothing to keep, replaced or removed it."""
    starting.write_text('{"version": 1, "tab": ', encoding="utf-8")
    await one_start(just_look)
    (aside,) = starting.parent.glob(f"{starting.stem}.damaged-*{starting.suffix}")
    assert aside.read_text(encoding="utf-8") == '{"version": 1, "tab": '
    assert not starting.exists(), "the closed window had nothing to keep"


async def test_a_folder_in_place_of_the_work_is_left_alone_not_set_aside_as_damaged(
    starting: Path,
) -> None:
    """A folder stands where the unsent work is kept (made by hand, or by another program).
    It is no work of the artist's: the start moved it aside as damaged work, renamed, where
    its owner would not find it. It is left where it is, as it is."""
    starting.mkdir()
    (starting / "notes.txt").write_text("mine", encoding="utf-8")
    await one_start(just_look)
    assert list(starting.parent.glob(f"{starting.stem}.damaged-*")) == []
    assert (starting / "notes.txt").read_text(encoding="utf-8") == "mine"


def refuse_looks_at(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Looks at ``path`` refused, as in a folder the user may not search (another user's)."""
    for name in ("stat", "lstat"):
        look = getattr(os, name)

        def refused(at: Any, *args: Any, look: Any = look, **kwargs: Any) -> os.stat_result:
            if os.fspath(at) == str(path):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(at))
            result: os.stat_result = look(at, *args, **kwargs)
            return result

        monkeypatch.setattr(os, name, refused)


async def test_a_start_whose_work_file_cannot_be_looked_at_opens_its_window(
    starting: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The data folder refuses a look at the work file (made by another user, a start run
    with sudo): asked whether a folder stood in its place, the start ended in a traceback
    and no window, where a file it could not take is only logged. The window opens."""
    refuse_looks_at(starting, monkeypatch)
    task = asyncio.ensure_future(app_module.main())
    try:
        await until(lambda: shown_window(demo=True) is not None or task.done(), timeout=LOADED)
        window = shown_window(demo=True)
        assert window is not None, task.exception() if task.done() else "no window"
        window.close()
        assert await asyncio.wait_for(task, LOADED) == 0
    finally:
        await stopped(task)


async def test_a_folder_at_the_name_of_work_taken_long_ago_is_left_alone_not_set_aside(
    starting: Path,
) -> None:
    """A folder stands at the name a start gives the work it takes over, old enough to be
    work a start took and never gave back (it crashed). It is no work: the start took it,
    renamed it unsent-work.damaged-<time>.json and logged it as damaged work, where its owner
    would not find it. It is left where it is, as it is, as a folder at the work's own name."""
    taken = starting.with_name(f"{starting.name}.12345.taken")
    taken.mkdir(parents=True)
    (taken / "notes.txt").write_text("mine", encoding="utf-8")
    long_ago = time.time() - handovers.TAKEN_STALE_S - 60
    os.utime(taken, (long_ago, long_ago))
    task = asyncio.ensure_future(app_module.main())
    try:
        await until(lambda: shown_window(demo=True) is not None, timeout=LOADED)
        window = shown_window(demo=True)
        assert window is not None
        window.close()
        assert await asyncio.wait_for(task, LOADED) == 0
    finally:
        await stopped(task)
    assert list(starting.parent.glob(f"{starting.stem}.damaged-*")) == []
    assert (taken / "notes.txt").read_text(encoding="utf-8") == "mine"


async def test_work_kept_for_the_next_start_stays_when_the_window_cannot_open(
    starting: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The start that took the work over cannot open its window: the work is kept."""
    harbour = tmp_path / "harbour.png"
    handovers.keep(kept_work(harbour), starting)

    async def tell(_parent: object, _title: str, _text: str, _detail: str, **_: object) -> None:
        return None

    monkeypatch.setattr(app_module, "tell", tell)
    opening_fails(monkeypatch, StorageError("the library file cannot be opened"), always=True)
    assert await asyncio.wait_for(app_module.main(), LOADED) == 1
    assert handovers.load(starting) == kept_work(harbour)
    assert [p.name for p in starting.parent.glob(f"{UNSENT}*")] == [UNSENT]


async def test_the_window_a_switch_closes_is_collected_in_full(
    start_app: Callable[[], asyncio.Task[int]],
) -> None:
    """The launch freezes what it made out of collection (``entry.launched``), the first
    window among it: once that window is closed for a switch of mode, it is collected again
    (frozen, its reference cycles stayed for as long as the app ran)."""
    automatic_collection()  # as a launch finds it
    entry._pause_collection()
    entry.launched()  # as the launch does once its window is shown: frozen
    assert gc.get_freeze_count() > 0
    try:
        app_main = start_app()
        demo = await window_shown(demo=True)
        await save_key(demo, TEST_KEY)
        demo.banner.action_button.click()
        live = await window_shown(demo=False)
        assert gc.get_freeze_count() == 0
        live.close()
        assert await asyncio.wait_for(app_main, LOADED) == 0
    finally:
        entry.thaw_launch()


async def test_a_switch_leaves_frozen_what_its_launch_did_not_freeze(
    start_app: Callable[[], asyncio.Task[int]],
) -> None:
    """A switch gives back to collection only what the launch froze. What a process that
    runs the app inside it froze on its own (the UI tests' harness, before each test) stays
    frozen: thawed, every full collection after the switch walked the whole heap."""
    frozen = gc.get_freeze_count()
    assert frozen > 0  # the harness froze what outlives the test (tests/ui/conftest.py)
    app_main = start_app()
    demo = await window_shown(demo=True)
    await save_key(demo, TEST_KEY)
    demo.banner.action_button.click()
    live = await window_shown(demo=False)
    # Still frozen, but for the few freed since (a frozen object still dies of its count).
    assert gc.get_freeze_count() > frozen // 2
    live.close()
    assert await asyncio.wait_for(app_main, LOADED) == 0


async def test_a_start_whose_window_cannot_open_collects_garbage_again(
    starting: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The launch pauses garbage collection until its first window is shown
    (``entry.launched``); a window that cannot open ends the pause too, before the artist
    reads why: a paused collector left so would let the process grow for good."""
    collecting: list[bool] = []

    async def tell(_parent: object, _title: str, _text: str, _detail: str, **_: object) -> None:
        collecting.append(gc.isenabled())

    monkeypatch.setattr(app_module, "tell", tell)
    opening_fails(monkeypatch, StorageError("the library file cannot be opened"), always=True)
    automatic_collection()  # as a launch finds it
    entry._pause_collection()
    try:
        assert not gc.isenabled()
        assert await asyncio.wait_for(app_module.main(), LOADED) == 1
    finally:
        entry.launched()  # this test's own process collects again whatever it asserted
        entry.thaw_launch()  # no window closed to thaw it: the next test's switch would
    assert collecting == [True]


def test_work_a_start_took_and_never_gave_back_comes_back_later(tmp_path: Path) -> None:
    """A start that took the kept work and then crashed before its window opened: the work
    is not lost, the next start after a while takes it over."""
    saved = tmp_path / UNSENT
    work = kept_work(tmp_path / "harbour.png")
    handovers.keep(work, saved)
    assert handovers.take(saved) is not None  # that start then crashed
    assert handovers.take(saved) is None, "a start opening its window holds it"
    later = handovers.take(saved, now=time.time() + handovers.TAKEN_STALE_S + 1)
    assert later is not None
    assert handovers.load(later) == work


def test_work_a_killed_start_took_comes_back_at_the_next_start_at_once(tmp_path: Path) -> None:
    """A start took the kept work (the artworks a cut Delete left among it) and was killed
    as its window opened: the next start within ten minutes found none, and said nothing.
    Work taken by a process that has ended is taken over at once."""
    saved = tmp_path / UNSENT
    work = replace(kept_work(tmp_path / "harbour.png"), undeleted=(4, 7))
    handovers.keep(work, saved)
    os.replace(saved, saved.with_name(f"{UNSENT}.{a_dead_process()}.taken"))
    taken = handovers.take(saved)
    assert taken is not None
    assert handovers.load(taken) == work


@pytest.mark.parametrize("draft", ["a heron at dawn, ink", ""])
def test_a_save_of_the_draft_keeps_what_the_next_start_is_owed(tmp_path: Path, draft: str) -> None:
    """The close wrote the artworks a cut Delete left and the jobs not made for the next
    start; the draft's save after it (its timer run out as the window closed) wrote the
    draft alone, or removed the file for a prompt cleared, and a kill then left nothing of
    them. Every save keeps them until a window has said them."""
    saved = handovers.WorkFile(tmp_path / UNSENT)
    press = handovers.Press(2, "the fox in a snowy forest", 1.0, "cut")
    saved.owe((press,), (4, 7))
    work = replace(kept_work(tmp_path / "harbour.png"), draft=GenerateRequest(draft))
    assert saved.write(work if draft else None, saved.ask())
    kept = handovers.load(saved.path)
    assert kept is not None
    assert (kept.draft.prompt, kept.unmade, kept.undeleted) == (draft, (press,), (4, 7))
    saved.told((press,), (4, 7))
    assert saved.write(None, saved.ask())
    assert not saved.path.exists()


def test_work_taken_over_whose_file_cannot_be_removed_nor_looked_at_is_only_logged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The window took the work over; its file cannot be removed, nor looked at to tell
    why (a folder whose rights changed under the start). Only logged, as before the
    discard was written as the remove: since, the look refused ended the start in a
    traceback, the window open."""
    saved = tmp_path / UNSENT
    handovers.keep(kept_work(tmp_path / "harbour.png"), saved)
    unlink = Path.unlink

    def unremovable(self: Path, missing_ok: bool = False) -> None:
        if self == saved:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", unremovable)
    refuse_looks_at(saved, monkeypatch)
    with caplog.at_level(logging.WARNING, logger=handovers.__name__):
        handovers.discard(saved)
    assert "unsent_work_kept" in [getattr(r, "event", None) for r in caplog.records]


def test_a_save_of_the_draft_asked_before_the_close_never_lands_after_it(tmp_path: Path) -> None:
    """Before: the close cancelled the window's save of the draft (made while the prompt
    was typed) but not its thread; one a slow disk held up wrote the draft after the close
    had removed it, and a prompt cleared just before closing came back at the next start."""
    saved = handovers.WorkFile(tmp_path / UNSENT)
    typed = saved.ask()
    closing = saved.ask()
    assert saved.write(None, closing)
    assert not saved.write(kept_work(tmp_path / "harbour.png"), typed)
    assert not saved.path.exists()


def test_a_save_under_way_ends_before_a_later_one_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two saves of the draft (1.5 s apart, or the last one and the close's) on a disk
    slower than that: the later one waits for the one under way, so it is what stays."""
    saved = handovers.WorkFile(tmp_path / UNSENT)
    writing, go_on = threading.Event(), threading.Event()
    real_keep = handovers.keep

    def slow_keep(work: Handover, path: Path) -> None:
        writing.set()
        go_on.wait(10)
        real_keep(work, path)

    monkeypatch.setattr(handovers, "keep", slow_keep)
    first = threading.Thread(
        target=saved.write, args=(kept_work(tmp_path / "harbour.png"), saved.ask())
    )
    first.start()
    assert writing.wait(10)
    closing = threading.Thread(target=saved.write, args=(None, saved.ask()))
    closing.start()
    go_on.set()
    first.join(10)
    closing.join(10)
    assert not saved.path.exists(), "the close's removal came last"


async def test_a_save_overtaken_before_its_write_began_returns_once_the_newer_one_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A press saves its form (the press in it) before its jobs are written; a newer save
    asked just as that write began (the draft's, an edit) made the write give way, and the
    press was told its form was on disk while nothing was: "Slow disk: the jobs are not
    saved yet" went, and its jobs were written with no word of them kept. It returns once
    the newer form, which holds the press too, is written."""
    saved = handovers.WorkFile(tmp_path / UNSENT)
    starting, go_on = threading.Event(), threading.Event()
    writing, release = threading.Event(), threading.Event()
    real_write, real_keep = handovers.WorkFile.write, handovers.keep

    def late(self: handovers.WorkFile, work: Handover | None, number: int) -> bool:
        if number == 1:  # the thread the first write runs in starts late (a busy pool)
            starting.set()
            go_on.wait(LOADED)
        return real_write(self, work, number)

    def held(work: Handover, path: Path) -> None:
        writing.set()
        release.wait(LOADED)
        real_keep(work, path)

    monkeypatch.setattr(handovers.WorkFile, "write", late)
    monkeypatch.setattr(handovers, "keep", held)
    pressed = kept_work(tmp_path / "harbour.png")
    newer = replace(pressed, draft=GenerateRequest("a lighthouse at dawn, oil on canvas"))
    on_disk: list[Handover | None] = []
    try:
        first = asyncio.ensure_future(saved.save(pressed))
        first.add_done_callback(lambda _: on_disk.append(handovers.load(saved.path)))
        await until(starting.is_set)
        second = asyncio.ensure_future(saved.save(newer))
        await asyncio.sleep(0)  # the newer save is asked
        go_on.set()
        await until(writing.is_set)
    finally:
        go_on.set()
        release.set()
    await asyncio.wait_for(asyncio.gather(first, second), LOADED)
    assert on_disk == [newer], "the first save returned before anything was on disk"


def test_work_with_a_broken_character_is_kept_for_the_next_start(tmp_path: Path) -> None:
    """A prompt holding a broken character (a lone surrogate, pasted from some programs)
    made the whole work unwritable: a switch that could not open, or Ctrl+C in the middle
    of one, lost the prompt and the Upload tab's files with it."""
    saved = tmp_path / UNSENT
    harbour = tmp_path / "harbour.png"
    work = kept_work(harbour)
    broken = replace(work, draft=GenerateRequest("a lighthouse \ud800 at dusk"))
    handovers.keep(broken, saved)
    back = handovers.load(saved)
    assert back is not None
    assert back.draft.prompt == "a lighthouse \ufffd at dusk"
    assert back.uploads == work.uploads


async def one_start(
    act: Callable[[MainWindow], Awaitable[None]], reference: str | None = None
) -> None:
    """Start the app (with ``reference`` named on the command line), ``act`` in its window,
    then close it as the artist does."""
    task = asyncio.ensure_future(app_module.main(reference))
    try:
        window = await window_shown(demo=True)
        await act(window)
        window.close()
        assert await asyncio.wait_for(task, LOADED) == 0
    finally:
        await stopped(task)


async def just_look(_window: MainWindow) -> None:
    """Nothing done in the window: :func:`one_start` only opens and closes it."""


async def reference_checked(window: MainWindow) -> str | None:
    slot = window.generate_tab.slot
    await until(lambda: slot.state is not SlotState.CHECKING, timeout=LOADED)
    return slot.path


def close_waits_briefly(monkeypatch: pytest.MonkeyPatch) -> None:
    """The close (or switch) waits 0.2 s for a press whose jobs are not made yet, not 30 s
    (``SUBMIT_CLOSE_WAIT_S``): for a press held for good, the wait always runs out. Its one
    deadline for every wait is the longer of that and the bridge's grace
    (``CLOSE_GRACE_S``), so both are made short: with the grace left at 10 s each such test
    waited those 10 s for a press that was never going to be made."""
    monkeypatch.setattr(app_module, "SUBMIT_CLOSE_WAIT_S", 0.2)
    monkeypatch.setattr(bridge_module, "CLOSE_GRACE_S", 0.2)


def disk_never_answers() -> None:
    raise OSError("the disk never answered")


async def press_generate(
    window: MainWindow, reference: Path, count: int, keeping: threading.Event
) -> None:
    """Generate pressed for ``count`` edits of ``reference`` ("the fox in a snowy forest"),
    once the copy of the reference is being kept (``keeping`` set by a patched
    ``keep_reference``): the moment a close meets an edit's jobs not made yet."""
    tab = window.generate_tab
    tab.set_reference(str(reference))
    assert await reference_checked(window) == str(reference)
    tab.prompt.setPlainText("the fox in a snowy forest")
    tab.batch.setValue(count)
    assert tab.generate()
    await until(keeping.is_set, LOADED)


def prompts_made() -> list[str]:
    """The prompts of the (at most ten) newest artworks in the library, read once the app
    has ended."""
    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        return [s.prompt for s in ledger.search(limit=10)]
    finally:
        ledger.close()


def disk_to_fill(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """The writes of the work kept for the next start go through until the disk is full:
    returns the flag that fills it once set (``full[0] = True``)."""
    full = [False]
    write = handovers.write_json_atomic

    def on_a_full_disk(path: Path, data: Any) -> None:
        if not full[0]:
            write(path, data)
            return
        error = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        raise config.write_error(path, error) from error

    monkeypatch.setattr(handovers, "write_json_atomic", on_a_full_disk)
    return full


async def switch_while_a_press_waits(fox: Path, keeping: threading.Event) -> None:
    """The demo window shown, a key saved, Generate pressed for two edits of ``fox`` and the
    switch to live mode pressed while the reference's copy is held: the switch waits for
    the jobs of the press."""
    demo = await window_shown(demo=True)
    keyring.set_keyring(fail.Keyring())
    await save_key(demo, TEST_KEY)
    await press_generate(demo, fox, 2, keeping)
    demo.switch_mode()


async def test_a_closed_window_leaves_its_draft_and_tab_for_the_next_start(
    starting: Path, tmp_path: Path
) -> None:
    """Before, the prompt being written, its reference, ratio and model, and the tab the
    artist was on were lost when the app was closed: only the window's size came back."""
    fox = tmp_path / "fox.png"
    Image.new("RGB", (64, 48), "orange").save(fox)

    async def write(window: MainWindow) -> None:
        tab = window.generate_tab
        tab.prompt.setPlainText("the fox in a snowy forest")
        tab.set_reference(str(fox))
        assert await reference_checked(window) == str(fox)
        tab.ratio_buttons["4:3"].click()
        tab.model.setCurrentIndex(tab.model.findData("flux-kontext-max"))
        tab.batch.setValue(3)
        window.tabs.setCurrentWidget(window.upload_tab)

    async def find_it_back(window: MainWindow) -> None:
        tab = window.generate_tab
        assert tab.prompt.toPlainText() == "the fox in a snowy forest"
        assert await reference_checked(window) == str(fox)
        request = tab.current_request()
        assert (request.aspect_ratio, request.model) == ("4:3", "flux-kontext-max")
        assert tab.batch.value() == 3
        assert window.tabs.currentWidget() is window.upload_tab
        assert not window.banner.message(), "brought back without a word, as the size is"

    await one_start(write)
    assert handovers.load(starting) is not None
    await one_start(find_it_back)


def saving_notice_shown() -> SavingNotice | None:
    return next(
        (
            widget
            for widget in QApplication.topLevelWidgets()
            if isinstance(widget, SavingNotice) and widget.isVisible()
        ),
        None,
    )


async def saving_notice_words() -> str:
    """What the notice of work being saved says, once it shows."""
    await until(lambda: saving_notice_shown() is not None, LOADED)
    notice = saving_notice_shown()
    assert notice is not None
    return notice.words()


def read_out_at_once(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The words the notice reads out to a screen reader from now on, shown at once however
    quick the close."""
    said: list[str] = []
    monkeypatch.setattr(saving_notice, "announce", lambda _to, words, _level: said.append(words))
    monkeypatch.setattr(saving_notice, "NOTICE_AFTER_MS", 0)
    return said


async def test_a_close_on_a_stalled_disk_says_the_work_is_being_saved_until_it_is(
    starting: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window closed while the disk stalls: it went at once, and nothing showed the app
    was still saving the prompt for the next start (for as long as the stall, 30 s more
    with a press waiting). A notice says so now, the app turning meanwhile, until the work
    is on disk."""
    release, reached = threading.Event(), threading.Event()
    write = handovers.write_json_atomic

    def held(*args: Any, **kwargs: Any) -> None:
        reached.set()
        release.wait(LOADED)
        write(*args, **kwargs)

    monkeypatch.setattr(handovers, "write_json_atomic", held)
    async with app_started(release) as (task, window):
        window.generate_tab.prompt.setPlainText("a lighthouse in fog, charcoal")
        window.close()
        await until(reached.is_set, LOADED)
        assert await saving_notice_words() == "Saving your work before Kontext Studio closes…"
        assert not task.done()
        release.set()
        assert await asyncio.wait_for(task, LOADED) == 0
        assert saving_notice_shown() is None
    kept = handovers.load(starting)
    assert kept is not None and kept.draft.prompt == "a lighthouse in fog, charcoal"


async def test_the_saving_notice_is_read_out_when_it_shows(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing in the notice takes the focus: a screen reader said only its title, and an
    artist who does not see it heard nothing of the app saving their work."""
    said = read_out_at_once(monkeypatch)
    with saving_notice.saving_while_closing():
        await until(lambda: saving_notice_shown() is not None)
    assert said == ["Saving your work before Kontext Studio closes…"]


@pytest.mark.parametrize(
    ("language", "said", "deleting", "publishing"),
    [
        (
            "en",
            "Saving your work before Kontext Studio Nightly closes…",
            "Finishing the Delete before Kontext Studio Nightly closes…",
            "Finishing publishing before Kontext Studio Nightly closes…",
        ),
        (
            "zh_CN",
            "正在保存你的工作，随后 Kontext Studio Nightly 将关闭…",
            "正在完成删除，随后 Kontext Studio Nightly 将关闭…",
            "正在完成发布，随后 Kontext Studio Nightly 将关闭…",
        ),
    ],
)
def test_the_saving_notice_names_the_app_as_the_build_is_named(
    qapp: QApplication,
    compiled_catalogues: Path,
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    said: str,
    deleting: str,
    publishing: str,
) -> None:
    """The notice named "Kontext Studio" in its translatable words: a build named otherwise
    said it was closing another app. It names the app by its name, in every language, and
    so do its words while the close finishes a Delete, or publishing."""
    monkeypatch.setattr(saving_notice, "APP_NAME", "Kontext Studio Nightly")
    installed = translations.install(qapp, language, compiled_catalogues)
    notice = saving_notice.SavingNotice()
    try:
        assert notice.words() == said
        assert notice.windowTitle() == "Kontext Studio Nightly"
        with notice.finishing_delete():
            assert notice.words() == deleting
        with notice.finishing_publishing():
            assert notice.words() == publishing
        assert notice.words() == said
    finally:
        notice.deleteLater()
        installed.remove()


@pytest.mark.parametrize(
    ("language", "said", "publishing"),
    [
        ("en", "Saving your work before the switch…", "Finishing publishing before the switch…"),
        ("zh_CN", "正在保存你的工作，随后切换…", "正在完成发布，随后切换…"),
    ],
)
def test_the_switchs_notice_says_it_finishes_publishing_before_the_switch(
    qapp: QApplication, compiled_catalogues: Path, language: str, said: str, publishing: str
) -> None:
    """A switch of mode waits for publishing as a close does: the notice says so in the
    words of a switch, never that the app is closing."""
    installed = translations.install(qapp, language, compiled_catalogues)
    notice = saving_notice.SavingNotice(switching=True)
    try:
        with notice.finishing_publishing():
            assert notice.words() == publishing
        assert notice.words() == said
    finally:
        notice.deleteLater()
        installed.remove()


@pytest.mark.parametrize("name", ["Kontext Studio", "Kontext Studio Nightly"])
@pytest.mark.parametrize("switching", [True, False], ids=["switch", "close"])
def test_the_notice_leaves_its_title_bar_room_for_the_apps_name(
    qapp: QApplication,
    compiled_catalogues: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    switching: bool,
) -> None:
    """The notice was as wide as its words: in Chinese, the switch's are short, and the
    title bar, its icon and buttons beside the title, cut the app's name to "Kon… dio". It
    is as wide as the name needs in bold beside an icon and three buttons a line tall,
    with their margins, whatever the build is named."""
    monkeypatch.setattr(saving_notice, "APP_NAME", name)
    installed = translations.install(qapp, "zh_CN", compiled_catalogues)
    notice = saving_notice.SavingNotice(switching=switching)
    try:
        bold = notice.font()
        bold.setBold(True)
        title = QFontMetrics(bold).horizontalAdvance(name)
        assert notice.sizeHint().width() >= title + 8 * notice.fontMetrics().height()
    finally:
        notice.deleteLater()
        installed.remove()


async def test_a_window_closed_while_an_edits_reference_is_prepared_still_makes_its_jobs(
    starting: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Generate pressed with a large photo as the reference, then the window closed in the
    seconds its copy was prepared: the close cut the press off, and the next start brought
    back the prompt and the reference with nothing saying the jobs were never made. The
    close now lets them be made (written before anything is sent: the next start carries
    them on)."""
    fox = tmp_path / "fox.png"
    Image.new("RGB", (64, 48), "orange").save(fox)
    keeping, go_on = hold_reference_copy(monkeypatch, LOADED)

    async def press_then_close(window: MainWindow) -> None:
        await press_generate(window, fox, 2, keeping)
        # The photo's copy is done a moment after the close began.
        window.closed.connect(lambda: threading.Timer(0.5, go_on.set).start())

    try:
        await one_start(press_then_close)
    finally:
        go_on.set()
    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        made = ledger.search(limit=10)
    finally:
        ledger.close()
    assert [s.prompt for s in made] == ["the fox in a snowy forest"] * 2
    assert all(s.request.is_edit for s in made)


async def test_jobs_a_close_could_not_wait_for_are_said_not_made_at_the_next_start(
    starting: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The close waits for the jobs of a press of Generate only so long: a reference still
    being prepared then is cut off, and the next start says the jobs were not made, not
    only bringing back the prompt and the reference as if Generate had never been pressed."""
    fox = tmp_path / "fox.png"
    Image.new("RGB", (64, 48), "orange").save(fox)
    keeping, go_on = hold_reference_copy(monkeypatch, LOADED, then=disk_never_answers)
    close_waits_briefly(monkeypatch)

    async def press_then_close(window: MainWindow) -> None:
        await press_generate(window, fox, 3, keeping)

    async def told(window: MainWindow) -> None:
        words = (
            "The 3 jobs of your last Generate were not made: Kontext Studio closed while "
            "their reference image was still being prepared."
        )
        await until(lambda: window.banner.message() == words, LOADED)
        assert window.generate_tab.prompt.toPlainText() == "the fox in a snowy forest"

    try:
        await one_start(press_then_close)
    finally:
        go_on.set()
    await one_start(told)
    again = handovers.load(starting)
    assert again is None or not again.unmade, "said once"


KILLED_PRESSING = textwrap.dedent(
    """
    import asyncio, os, sys, threading
    from PySide6.QtWidgets import QApplication
    from kontext_studio.jobs import engine
    from kontext_studio.session import open_session
    from kontext_studio.store.ledger import Ledger
    from kontext_studio.ui.app import configure_application, create_main_window
    from kontext_studio.ui.event_loop import EventLoop
    from kontext_studio.ui.handover import FILE_NAME
    from kontext_studio.ui.reference_slot import SlotState

    def held():  # until SIGKILL, once the moment is marked
        open(os.environ["KS_HELD"], "w").close()
        threading.Event().wait()

    if os.environ.get("KS_WRITTEN"):  # killed once that many of its jobs are written
        create, written = Ledger.create_job, []

        def create_job(*args, **kwargs):
            if len(written) == int(os.environ["KS_WRITTEN"]):
                held()
            written.append(create(*args, **kwargs))
            return written[-1]

        Ledger.create_job = create_job
    else:  # a 48 MP photo's copy: seconds
        engine.keep_reference = lambda folder, path, *checked: held()

    async def main():
        session = open_session()
        window = await create_main_window(session)
        tab = window.generate_tab
        if sys.argv[1]:  # none: a new image
            tab.set_reference(sys.argv[1])
        tab.prompt.setPlainText(sys.argv[2])
        tab.batch.setValue(4)
        kept = session.paths.data / FILE_NAME
        while tab.slot.state is SlotState.CHECKING or not kept.exists():
            await asyncio.sleep(0.05)  # the draft kept a moment after the last change
        assert tab.generate(), tab.problem()
        await asyncio.Event().wait()  # until SIGKILL

    app = QApplication(sys.argv[:1])
    configure_application(app)
    loop = EventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(main())
    """
)


def killed_pressing(tmp_path: Path, reference: Path | None, **held: str) -> list[dict[str, Any]]:
    """Run :data:`KILLED_PRESSING`: Generate pressed for 4 edits of ``reference`` (4 new
    images without one), the app
    killed while their reference is prepared (or, with ``KS_WRITTEN``, once so many of
    their jobs are written); the library's rows it left."""
    from tests.reliability import procs

    script = tmp_path / "killed_pressing.py"
    script.write_text(KILLED_PRESSING)
    marker = tmp_path / "held"
    home = Path(os.environ["KONTEXT_STUDIO_HOME"])
    proc = procs.start(
        home,
        None,
        [str(script), "" if reference is None else str(reference), "the fox in a snowy forest"],
        key=None,
        KS_HELD=str(marker),
        KONTEXT_STUDIO_LANG="en",
        PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
        **held,
    )
    procs.wait_for(marker.exists, timeout=LOADED, proc=proc)
    procs.kill(proc)
    return procs.rows(home)


async def test_a_press_of_generate_cut_by_a_kill_is_said_not_made_at_the_next_start(
    starting: Path, tmp_path: Path
) -> None:
    """Generate pressed for 4 edits of a large photo, the app killed (a crash, kill -9, the
    power) while "Preparing the reference image for 4 jobs…": no job was written yet, and
    the next start brought back the prompt and the reference without a word, as if
    Generate had never been pressed. The press is kept as unsent work before the
    preparation starts, so the next start says its jobs were not made, as after a close
    that could not wait for them."""
    fox = tmp_path / "fox.png"
    Image.new("RGB", (64, 48), "orange").save(fox)
    assert killed_pressing(tmp_path, fox) == [], "killed before its jobs were written"

    async def told(window: MainWindow) -> None:
        words = (
            "The 4 jobs of your last Generate were not made: Kontext Studio closed while "
            "their reference image was still being prepared."
        )
        await until(lambda: window.banner.message() == words, LOADED)
        assert window.generate_tab.prompt.toPlainText() == "the fox in a snowy forest"
        assert await reference_checked(window) == str(fox)

    await one_start(told)


async def test_a_batch_cut_part_way_by_a_kill_is_brought_back_for_the_jobs_not_made(
    starting: Path, tmp_path: Path
) -> None:
    """Generate pressed for 4 edits, the app killed once 2 of the jobs were written: the
    next start said "The 2 jobs of your last Generate were not made … press Generate
    again" over a form set to 4 images, and the artist doing as told paid for 2 images
    they had. It now says how many were made and how many not, and the form is set to
    make only those not made."""
    fox = tmp_path / "fox.png"
    Image.new("RGB", (64, 48), "orange").save(fox)
    written = killed_pressing(tmp_path, fox, KS_WRITTEN="2")
    assert [(row["batch_place"], row["batch_size"]) for row in written] == [(4, 4), (3, 4)]

    async def told(window: MainWindow) -> None:
        words = (
            "Your last Generate made 2 of its 4 jobs; the other 2 were not made: Kontext "
            "Studio closed while they were being made."
        )
        await until(lambda: "not made" in window.banner.message(), LOADED)
        assert window.banner.message() == words
        assert window.banner.hint() == (
            "The prompt and the reference are back, set to the 2 images not made: press "
            "Generate again to make them."
        )
        tab = window.generate_tab
        assert tab.prompt.toPlainText() == "the fox in a snowy forest"
        assert await reference_checked(window) == str(fox)
        assert tab.batch.value() == 2
        assert tab.generate_button.text() == "&Generate 2 images"

    await one_start(told)


async def test_a_new_image_press_whose_jobs_a_kill_cut_off_on_the_disk_is_said_not_made(
    starting: Path, tmp_path: Path
) -> None:
    """Generate pressed for 4 new images (no reference), the app killed while the disk held
    its jobs' write: only an edit's press was kept before its jobs were written, and the next
    start brought back the prompt without a word, as if Generate had never been pressed."""
    assert killed_pressing(tmp_path, None, KS_WRITTEN="0") == []

    async def told(window: MainWindow) -> None:
        words = (
            "The 4 jobs of your last Generate were not made: Kontext Studio closed while they "
            "were being made."
        )
        await until(lambda: window.banner.message() == words, LOADED)
        assert window.generate_tab.prompt.toPlainText() == "the fox in a snowy forest"

    await one_start(told)


async def test_a_press_cut_off_is_not_taken_as_made_by_the_jobs_of_a_press_alike(
    starting: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Generate 4 images pressed twice for one edit (the artist wants 8: 4 with Max too;
    the same form pressed again while its jobs are being made makes no more), the window
    closed once the first press's jobs were made while the second's reference was still
    prepared: the close could not wait for it. The next start counted the first press's 4
    jobs, written after the second press, as the second's, and said nothing: the artist
    waited for 8 images, and 4 were never asked for."""
    fox = tmp_path / "fox.png"
    Image.new("RGB", (64, 48), "orange").save(fox)
    keep = engine_module.keep_reference
    copies: list[threading.Event] = []

    def held(folder: Path, path: Path, *checked: Any) -> tuple[Path, str]:
        go_on = threading.Event()
        copies.append(go_on)
        go_on.wait(LOADED)
        if go_on is not copies[0]:  # the second press's: never done
            disk_never_answers()
        return keep(folder, path, *checked)

    monkeypatch.setattr(engine_module, "keep_reference", held)
    close_waits_briefly(monkeypatch)
    caplog.set_level(logging.INFO, logger="kontext_studio.ui.main_window")

    async def press_twice(window: MainWindow) -> None:
        tab = window.generate_tab
        tab.set_reference(str(fox))
        assert await reference_checked(window) == str(fox)
        tab.prompt.setPlainText("the fox in a snowy forest")
        tab.batch.setValue(4)
        assert tab.generate()
        await until(lambda: len(copies) == 1, LOADED)
        tab.model.setCurrentIndex(tab.model.findData(MODELS[1]))
        assert tab.generate()
        await until(lambda: len(copies) == 2, LOADED)
        copies[0].set()
        await until(lambda: len(window.session.ledger.search(limit=10)) == 4, LOADED)

    async def told(window: MainWindow) -> None:
        words = (
            "The 4 jobs of your last Generate were not made: Kontext Studio closed while "
            "their reference image was still being prepared."
        )
        await until(
            lambda: (
                "jobs of the last press found made" in caplog.messages
                or "not made" in window.banner.message()
            ),
            LOADED,
        )
        assert window.banner.message() == words
        assert window.generate_tab.batch.value() == 4
        assert len(window.session.ledger.search(limit=10)) == 4

    try:
        await one_start(press_twice)
    finally:
        for go_on in copies:
            go_on.set()
    await one_start(told)


@pytest.mark.parametrize("changed", ["prompt", "reference"])
async def test_a_form_changed_after_the_press_is_not_said_to_be_its_prompt_and_reference(
    starting: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changed: str
) -> None:
    """Generate pressed for 2 edits of the fox, then, while its reference was prepared, the
    next prompt typed or the next photo put in (the button stays usable), and the window
    closed before the jobs were made. The next start said "The prompt and the reference
    are back: press Generate again" over the form as left, the owl's: pressed, it made the
    owl, and the fox's jobs were never made. It now says the form holds another prompt or
    reference than theirs, and leaves Images as it was."""
    fox, owl = tmp_path / "fox.png", tmp_path / "owl.png"
    Image.new("RGB", (64, 48), "orange").save(fox)
    Image.new("RGB", (64, 48), "gray").save(owl)
    keeping, go_on = hold_reference_copy(monkeypatch, LOADED, then=disk_never_answers)
    close_waits_briefly(monkeypatch)

    async def press_then_change(window: MainWindow) -> None:
        await press_generate(window, fox, 2, keeping)
        tab = window.generate_tab
        if changed == "prompt":
            tab.prompt.setPlainText("an owl at night")
        else:
            tab.set_reference(str(owl))
            assert await reference_checked(window) == str(owl)
        tab.batch.setValue(3)

    async def told(window: MainWindow) -> None:
        await until(lambda: "not made" in window.banner.message(), LOADED)
        assert window.banner.message().startswith("The 2 jobs of your last Generate")
        assert window.banner.hint() == (
            "The form holds another prompt or reference than those jobs had: set theirs "
            "again to make them."
        )
        assert window.generate_tab.batch.value() == 3

    try:
        await one_start(press_then_change)
    finally:
        go_on.set()
    await one_start(told)


async def test_more_images_not_made_than_one_press_makes_are_said_so(starting: Path) -> None:
    """Generate 4 images pressed twice for one prompt (the artist wants 8), the app killed
    before either press's jobs were made: 8 not made, more than Images goes to (4). Images
    was left as it was (here 2) with "press Generate again": done as told, 2 of the 8 were
    made. It is now set to 4, and the words say those are 4 of the 8."""
    prompt = "the fox in a snowy forest"
    pressed = time.time()
    handovers.keep(
        Handover(
            tab=0,
            draft=GenerateRequest(prompt),
            style=None,
            uploads=(),
            batch=2,
            unmade=(
                handovers.Press(4, prompt, pressed, "first"),
                handovers.Press(4, prompt, pressed, "second"),
            ),
        ),
        starting,
    )

    async def told(window: MainWindow) -> None:
        await until(lambda: "not made" in window.banner.message(), LOADED)
        assert window.banner.message().startswith("The 8 jobs of your last Generate")
        assert window.banner.hint() == (
            "The prompt and the reference are back, set to 4 of the 8 images not made: "
            "press Generate again to make those."
        )
        assert window.generate_tab.batch.value() == 4

    await one_start(told)


async def test_a_press_preparing_its_reference_is_kept_until_its_jobs_are_made(
    starting: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While an edit's reference is prepared, the work kept for the next start counts its
    jobs as not made (a crash then is said at the next start); once they are made it counts
    none, or the next start would say so of jobs in the library, and the artist pay for
    them twice."""
    fox = tmp_path / "fox.png"
    Image.new("RGB", (64, 48), "orange").save(fox)
    keeping, go_on = hold_reference_copy(monkeypatch, LOADED)

    def kept_unmade() -> int | None:
        kept = handovers.load(starting)
        return None if kept is None else sum(press.count for press in kept.unmade)

    async def press_and_wait(window: MainWindow) -> None:
        await press_generate(window, fox, 2, keeping)
        assert kept_unmade() == 2
        go_on.set()
        await until(lambda: len(window.session.ledger.search(limit=10)) == 2, LOADED)
        await until(lambda: kept_unmade() == 0, LOADED)

    try:
        await one_start(press_and_wait)
    finally:
        go_on.set()


async def test_a_text_prompt_pressed_at_once_is_kept_before_its_jobs_are_made(
    starting: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reference cleared, a prompt typed and Generate pressed within the moment the
    window waits after a change before keeping it: killed then, the next start brought
    back the old prompt and reference though the jobs were made. Each press keeps the
    form as it is, text-to-image ones too."""
    monkeypatch.setattr(main_window_module, "DRAFT_KEEP_MS", 3_600_000)  # no pause ends

    async def type_and_press(window: MainWindow) -> None:
        tab = window.generate_tab
        tab.prompt.setPlainText("a lighthouse in fog, charcoal")
        assert tab.generate()
        await until(lambda: len(window.session.ledger.search(limit=10)) == 1, LOADED)
        kept = handovers.load(starting)
        assert kept is not None, "the form of the press is kept for the next start"
        assert (kept.draft.prompt, kept.draft.image_path) == ("a lighthouse in fog, charcoal", None)

    await one_start(type_and_press)


async def test_jobs_written_just_before_a_kill_are_not_said_not_made(
    starting: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Killed in the moment between an edit's jobs written to the library and the work
    kept rewritten without its press: the next start said "The 2 jobs of your last
    Generate were not made … press Generate again" while both jobs were in the library and
    carried on, so the artist pressing Generate again paid for them twice. The next start
    now looks for the press's jobs in the library before saying so."""
    fox = tmp_path / "fox.png"
    Image.new("RGB", (64, 48), "orange").save(fox)
    keeping, go_on = hold_reference_copy(monkeypatch, LOADED)
    caplog.set_level(logging.INFO, logger="kontext_studio.ui.main_window")
    at_the_kill: list[bytes] = []

    async def press_then_killed(window: MainWindow) -> None:
        await press_generate(window, fox, 2, keeping)
        at_the_kill.append(starting.read_bytes())  # the press kept, its jobs not made yet
        go_on.set()
        await until(lambda: len(window.session.ledger.search(limit=10)) == 2, LOADED)

    try:
        await one_start(press_then_killed)
    finally:
        go_on.set()
    starting.write_bytes(at_the_kill[0])  # the rewrite and the close never came

    async def not_told(window: MainWindow) -> None:
        await until(
            lambda: (
                "jobs of the last press found made" in caplog.messages
                or "not made" in window.banner.message()
            ),
            LOADED,
        )
        assert "not made" not in window.banner.message()
        assert window.generate_tab.prompt.toPlainText() == "the fox in a snowy forest"
        assert len(window.session.ledger.search(limit=10)) == 2

    await one_start(not_told)


def test_jobs_of_presses_cut_part_way_are_counted_by_those_not_in_the_library(
    tmp_path: Path,
) -> None:
    """Of a press of 4 killed after 2 of its jobs were written, 2 are said not made; a press
    alike, made before or after it, lends it none of its jobs. A press kept by the version
    before, which wrote no press with its jobs, is counted by the jobs alike that version
    wrote since it."""
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    fox = GenerateRequest("the fox in a snowy forest").validated()

    def write(count: int, written: int, press: str) -> None:
        for place in range(count, count - written, -1):
            ledger.create_job(fox, batch=(place, count), press=press)

    try:
        write(4, 4, "earlier")
        pressed = time.time()
        write(4, 2, "cut")
        write(4, 4, "alike")
        press = handovers.Press(4, fox.prompt, pressed, "cut")
        assert handovers.not_made([press], ledger.pressed_jobs) == {(fox.prompt, None): 2}
        never = handovers.Press(4, fox.prompt, pressed, "never")
        assert handovers.not_made([press, never], ledger.pressed_jobs) == {(fox.prompt, None): 6}
        alike = handovers.Press(4, fox.prompt, pressed, "alike")
        assert handovers.not_made([alike], ledger.pressed_jobs) == {}
        owl = handovers.Press(4, "an owl at night", pressed, "owl")
        assert handovers.not_made([owl, press], ledger.pressed_jobs) == {
            ("an owl at night", None): 4,
            (fox.prompt, None): 2,
        }
        kept_before = handovers.Press(4, fox.prompt, time.time(), "")
        write(4, 3, "")
        assert handovers.not_made([kept_before], ledger.pressed_jobs) == {(fox.prompt, None): 1}
    finally:
        ledger.close()


@pytest.mark.parametrize("failed_before_the_wait", [False, True])
async def test_jobs_whose_reference_vanished_during_the_close_are_said_not_made(
    starting: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failed_before_the_wait: bool
) -> None:
    """Generate pressed, the window closed while the reference was prepared, and the file
    gone meanwhile (moved to another folder): the press failed during the close's wait,
    its words went to the window just closed, and the next start brought back the prompt
    with nothing saying the jobs were never made. So it was with a press that failed in the
    moment between the window's close and the close's wait for the presses, as a loaded
    machine has it (``failed_before_the_wait``): the wait looked for presses under way only
    as it began, found none, and the next start said nothing. The presses are those under
    way as the window closed."""
    fox = tmp_path / "fox.png"
    Image.new("RGB", (64, 48), "orange").save(fox)
    keeping, go_on = hold_reference_copy(monkeypatch, LOADED, then=fox.unlink)
    finish_submits = app_module._finish_submits

    async def press_then_close(window: MainWindow) -> None:
        async def after_the_press_failed(*args: Any) -> tuple[handovers.Press, ...]:
            await until(lambda: not window.generate_tab.submitting, LOADED)
            return await finish_submits(*args)

        if failed_before_the_wait:
            monkeypatch.setattr(app_module, "_finish_submits", after_the_press_failed)
        await press_generate(window, fox, 2, keeping)
        window.closed.connect(go_on.set)

    async def told(window: MainWindow) -> None:
        words = "The 2 jobs of your last Generate were not made"
        await until(lambda: window.banner.message().startswith(words), LOADED)

    try:
        await one_start(press_then_close)
    finally:
        go_on.set()
    await one_start(told)


async def test_ctrl_c_during_the_closes_wait_for_jobs_ends_the_app_at_once(
    starting: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The window closed while an edit's reference was prepared: the close waits up to
    30 s for its jobs, with no window left to say so. Ctrl+C (or SIGTERM, a logout) then
    was not heard: the app stayed on for the whole wait. It now ends at once, and the next
    start says the jobs were not made."""
    fox = tmp_path / "fox.png"
    Image.new("RGB", (64, 48), "orange").save(fox)
    # released at the end
    keeping, go_on = hold_reference_copy(monkeypatch, 10 * LOADED, then=disk_never_answers)
    monkeypatch.setattr(app_module, "SUBMIT_CLOSE_WAIT_S", 10 * LOADED)
    caplog.set_level(logging.INFO, logger=app_module.__name__)
    async with app_started(go_on) as (task, window):
        await press_generate(window, fox, 3, keeping)
        window.close()
        await until(lambda: "waiting for jobs to be made" in caplog.messages, LOADED)
        os.kill(os.getpid(), signal.SIGINT)
        assert await asyncio.wait_for(task, LOADED) == 0

    async def told(window: MainWindow) -> None:
        words = "The 3 jobs of your last Generate were not made"
        await until(lambda: window.banner.message().startswith(words), LOADED)

    await one_start(told)


async def test_ctrl_c_during_the_closes_wait_for_writes_ends_the_app_at_once(
    starting: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The window closed while a write the artist made was still under way (a Star on a
    disk that stopped answering): the close waits for it, up to CLOSE_GRACE_S, with no
    window left. A second Ctrl+C (or SIGTERM) then was not heard, as it is during the wait
    for a Generate press: the app stayed on for the whole wait. It now ends at once, the
    write left unwritten named in the log."""
    never = asyncio.Event()

    async def stuck_write() -> None:
        await never.wait()

    caplog.set_level(logging.INFO, logger=app_module.__name__)
    async with app_started(never) as (task, window):
        window.bridge.close_grace_s = 10 * LOADED
        window.bridge.spawn(stuck_write(), write=True)
        window.close()
        await until(lambda: window.bridge.closed, LOADED)
        os.kill(os.getpid(), signal.SIGINT)
        assert await asyncio.wait_for(task, LOADED) == 0
    (left,) = [r for r in caplog.records if getattr(r, "event", "") == "close_abandoned"]
    assert [name.rsplit(".", 1)[-1] for name in left.unwritten] == ["stuck_write"]
    assert left.cut


async def test_a_stop_signal_lets_a_delete_of_several_finish_and_a_second_cuts_it(
    starting: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A logout's SIGTERM (or Ctrl+C) closes the window without Quit's question while a
    Delete of several runs: before, the Delete stopped partway, some artworks deleted and
    the others not, with no word. The close now lets it finish; a second stop signal ends
    the wait at once, and the log says how many were not deleted."""
    caplog.set_level(logging.INFO, logger=app_module.__name__)
    for cut in (False, True):
        caplog.clear()
        release = asyncio.Event()
        finished: list[bool] = []

        async with app_started(release) as (task, window):
            window.bridge.close_grace_s = 10 * LOADED  # ended by the second signal alone
            window.bridge.spawn(a_delete_of_three(window.bridge, release, finished))
            os.kill(os.getpid(), signal.SIGTERM)
            await until(lambda: "waiting for the Delete to finish" in caplog.messages, LOADED)
            if cut:
                os.kill(os.getpid(), signal.SIGTERM)
            else:
                release.set()
            assert await asyncio.wait_for(task, LOADED) == 0
        assert finished == ([] if cut else [True])
        said = [r for r in caplog.records if getattr(r, "event", "") == "delete_cut_at_close"]
        assert [r.count for r in said] == ([3] if cut else [])


def time_passes(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """The loop's clock, which every wait of the close reads, goes ``seconds`` forward, as
    if they had passed: a wait that should end by a deadline now passed ends at once."""
    loop = asyncio.get_running_loop()
    now = loop.time
    monkeypatch.setattr(loop, "time", lambda: now() + seconds)


async def test_the_closes_waits_share_one_deadline_from_its_start(
    starting: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A logout's SIGTERM closed the window while a Delete of several ran and a write was
    under way. The close gave the Delete its grace, then the write a grace of its own, then
    Generate's presses and publishing theirs: the waits added up, and the logout killed the
    app first. They now share one deadline from the close's start: the Delete took it all,
    and the write still under way is left at once, named in the log."""
    caplog.set_level(logging.INFO, logger=app_module.__name__)
    release, never = asyncio.Event(), asyncio.Event()

    async def stuck_write() -> None:
        await never.wait()

    async with app_started(release, never) as (task, window):
        window.bridge.close_grace_s = 10 * LOADED
        window.bridge.spawn(a_delete_of_three(window.bridge, release))
        window.bridge.spawn(stuck_write(), write=True)
        os.kill(os.getpid(), signal.SIGTERM)
        await until(lambda: "waiting for the Delete to finish" in caplog.messages, LOADED)
        time_passes(monkeypatch, 10 * LOADED)  # the Delete took the close's whole grace
        release.set()
        assert await asyncio.wait_for(task, LOADED) == 0
    (left,) = [r for r in caplog.records if getattr(r, "event", "") == "close_abandoned"]
    assert [name.rsplit(".", 1)[-1] for name in left.unwritten] == ["stuck_write"]
    assert not left.cut


async def test_a_second_stop_signal_cuts_the_closes_wait_for_publishing(
    starting: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The window closed while a publish went on in its thread (a server that stopped
    answering): the close gave it a moment to end, cut its requests, and waited again. A
    second Ctrl+C or SIGTERM cut the close's other waits, not that one: the app stayed on,
    deaf. It now ends at once, the publish left named in the log."""
    monkeypatch.setattr(stopping, "STOP_GRACE_S", 10 * LOADED)
    monkeypatch.setattr(stopping, "STOPPED_WITHIN_S", 10 * LOADED)
    caplog.set_level(logging.INFO)
    held = threading.Event()
    async with app_started(held) as (task, window):
        publisher: Any = object()  # a publish no cut of its requests ends
        window.publishing._in_thread(publisher, held.wait)
        window.close()
        await until(lambda: window.bridge.closed, LOADED)
        os.kill(os.getpid(), signal.SIGTERM)
        assert await asyncio.wait_for(task, LOADED) == 0
    said = [r for r in caplog.records if getattr(r, "event", "") == "publish_stuck_at_close"]
    assert [r.count for r in said] == [1]


async def test_the_notice_says_the_close_finishes_the_delete_while_it_waits_for_it(
    starting: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A logout's SIGTERM closed the window while a Delete of several ran: the notice said
    "Saving your work…" while the app waited for the Delete. It says so now, and the
    saving once the Delete has ended."""
    said = read_out_at_once(monkeypatch)
    release = asyncio.Event()
    async with app_started(release) as (task, window):
        window.bridge.spawn(a_delete_of_three(window.bridge, release))
        os.kill(os.getpid(), signal.SIGTERM)
        assert await saving_notice_words() == "Finishing the Delete before Kontext Studio closes…"
        release.set()
        assert await asyncio.wait_for(task, LOADED) == 0
    assert said == [
        "Finishing the Delete before Kontext Studio closes…",
        "Saving your work before Kontext Studio closes…",  # once the Delete has ended
    ]


async def test_the_notice_says_the_close_finishes_publishing_while_it_waits_for_it(
    starting: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window closed while a publish went on in its thread: the close gives it up to
    13 s to take back what it sent, and the notice said "Saving your work…" meanwhile. It
    says so now, and the saving once publishing has ended."""
    said = read_out_at_once(monkeypatch)
    held = threading.Event()
    finishing = "Finishing publishing before Kontext Studio closes…"
    async with app_started(held) as (task, window):
        publisher: Any = object()
        window.publishing._in_thread(publisher, held.wait)
        window.close()
        await until(lambda: finishing in said, LOADED)
        notice = saving_notice_shown()
        assert notice is not None
        assert notice.words() == finishing
        held.set()
        assert await asyncio.wait_for(task, LOADED) == 0
    assert said[said.index(finishing) :] == [
        finishing,
        "Saving your work before Kontext Studio closes…",  # once publishing has ended
    ]


async def moths_a_cut_delete_left(caplog: pytest.LogCaptureFixture) -> tuple[int, ...]:
    """A run of the app in which a Delete of three moths was under way at close and cut
    by a second stop signal: the moths' ids."""
    caplog.set_level(logging.INFO, logger=app_module.__name__)
    release = asyncio.Event()
    async with app_started(release) as (task, window):
        window.bridge.close_grace_s = 10 * LOADED  # ended by the second signal alone
        rows = [add_job(window.session, JobState.FAILED, f"moth {n}") for n in range(3)]
        ids = tuple(row.id for row in rows)
        window.bridge.spawn(a_delete_of_three(window.bridge, release, ids=ids))
        await cut_by_a_second_stop_signal(caplog)
        assert await asyncio.wait_for(task, LOADED) == 0
    return ids


async def next_start_says_not_deleted(count: int, hint: str | None = None) -> None:
    """The next start says ``count`` artworks a cut Delete left (and ``hint``, what to do)."""

    async def told(window: MainWindow) -> None:
        await until(lambda: window.banner.message() == not_deleted(count), LOADED)
        if hint is not None:
            assert window.banner.hint() == hint

    await one_start(told)


async def test_artworks_a_delete_cut_at_close_left_are_said_at_the_next_start(
    starting: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A second stop signal cut the close's wait for a Delete of several: only the log
    counted the artworks it had still to delete, and the artist took them to be gone. The
    next start says so."""
    await moths_a_cut_delete_left(caplog)
    await next_start_says_not_deleted(3, "They are still in the library: delete them again.")
    # Said, they are written no more: the banner is said at its own pace, after the window
    # shows, and a look at the next window alone passed with them said at every start.
    again = handovers.load(starting)
    assert again is None or not again.undeleted, "said once"

    async def not_again(window: MainWindow) -> None:
        assert "Delete" not in window.banner.message()

    await one_start(not_again)


async def test_a_delete_ending_before_the_close_looks_for_it_is_counted_at_the_next_start(
    starting: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A logout's SIGTERM closed the window while a Delete of several ran, and the Delete
    ended, the trash having refused their images, before the close looked for Deletes to
    wait for (while it waited for a press of Generate to make its jobs, or in the turn of
    the loop between the two): it found none, and the next start said nothing of the
    artworks left in the library. They are counted from the moment the window closes."""
    release = asyncio.Event()
    finish_submits = app_module._finish_submits
    async with app_started(release) as (task, window):

        async def delete_ends_first(*args: Any) -> tuple[handovers.Press, ...]:
            release.set()
            await until(lambda: not window.bridge.deleting, LOADED)
            return await finish_submits(*args)

        monkeypatch.setattr(app_module, "_finish_submits", delete_ends_first)
        rows = [add_job(window.session, JobState.FAILED, f"moth {n}") for n in range(2)]
        ids = tuple(row.id for row in rows)
        window.bridge.spawn(a_delete_of_three(window.bridge, release, ids=ids))
        os.kill(os.getpid(), signal.SIGTERM)
        assert await asyncio.wait_for(task, LOADED) == 0

    await next_start_says_not_deleted(2)


async def ctrl_c_as_the_session_opens(opening: threading.Event, go_on: threading.Event) -> None:
    """The app started, Ctrl+C pressed as its session is being opened (``opening`` set, and
    held until ``go_on`` is: :func:`held_session_opening`), then the opening let go: the
    app ends, and well (0)."""
    task = asyncio.ensure_future(app_module.main())
    try:
        await until(opening.is_set, LOADED)
        os.kill(os.getpid(), signal.SIGINT)
        go_on.set()
        assert await asyncio.wait_for(task, LOADED) == 0
    finally:
        go_on.set()
        await stopped(task)


async def test_ctrl_c_as_the_window_opens_keeps_what_the_last_work_had_to_tell(
    starting: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The work of the last session said 2 artworks a cut Delete left and 2 jobs not made,
    and Ctrl+C came as the window that took it over opened: the window closed before it
    said them, and they were lost, the next start silent. They are written for the next
    start before the close waits for anything (a logout kills the app soon), and said then."""
    ids = moths_in_the_library(tmp_path, 2)
    prompt = "the fox in a snowy forest"
    work = replace(
        kept_work(tmp_path / "harbour.png"),
        unmade=(handovers.Press(2, prompt, time.time(), "cut"),),
        undeleted=ids,
    )
    handovers.keep(work, starting)
    open_session = app_module.open_session
    opening, go_on = held_session_opening(monkeypatch)
    finish_publishing = app_module._finish_publishing
    kept_as_the_close_waits: list[Handover | None] = []

    async def waiting(*args: Any) -> None:
        kept_as_the_close_waits.append(handovers.load(starting))
        await finish_publishing(*args)

    monkeypatch.setattr(app_module, "_finish_publishing", waiting)
    await ctrl_c_as_the_session_opens(opening, go_on)
    (kept,) = kept_as_the_close_waits
    assert kept is not None
    assert (kept.draft.prompt, kept.undeleted) == ("a lighthouse at dusk, oil on canvas", ids)
    assert [(press.count, press.prompt) for press in kept.unmade] == [(2, prompt)]

    monkeypatch.setattr(app_module, "open_session", open_session)
    monkeypatch.setattr(app_module, "_finish_publishing", finish_publishing)

    async def told(window: MainWindow) -> None:
        said = not_deleted(2)
        await until(lambda: said in [b.message() for b in window.banner.shown()], LOADED)
        await until(lambda: any("not made" in b.message() for b in window.banner.shown()), LOADED)

    await one_start(told)


def a_dead_process() -> int:
    """The id of a process that has ended (and that nothing has taken since, most likely)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@contextmanager
def each_kill_point(saved: Path) -> Iterator[list[dict[str, bytes]]]:
    """The work's files (``saved``, and those a start took, beside it) as a kill would leave
    them at each moment: at first, then after each rename or removal of one of them (a temp
    file's write changes nothing a start reads). The calls are the process's own."""
    points: list[dict[str, bytes]] = []
    replace_file, unlink = os.replace, os.unlink

    def look() -> None:
        points.append(
            {kept.name: kept.read_bytes() for kept in saved.parent.glob(f"{saved.name}*")}
        )

    def ours(*paths: Any) -> bool:
        return any(Path(path).name.startswith(saved.name) for path in paths)

    def replacing(source: Any, target: Any, *args: Any, **kwargs: Any) -> None:
        replace_file(source, target, *args, **kwargs)
        if ours(source, target):
            look()

    def unlinking(path: Any, *args: Any, **kwargs: Any) -> None:
        unlink(path, *args, **kwargs)
        if ours(path):
            look()

    look()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "replace", replacing)
        patch.setattr(os, "unlink", unlinking)
        yield points


def taken_after_a_kill(
    point: dict[str, bytes], folder: Path, dead: int
) -> tuple[Handover | None, Handover | None]:
    """What the start after a kill that left the work's files as ``point`` takes over
    (:func:`each_kill_point`): the killed process (this one) is ``dead`` by then. And what
    the start after that one takes, the first having said it all and closed with nothing
    to keep (its work file removed)."""
    folder.mkdir()
    for name, data in point.items():
        (folder / name.replace(f".{os.getpid()}.taken", f".{dead}.taken")).write_bytes(data)
    taken = handovers.take(folder / UNSENT)
    first = None if taken is None else handovers.load(taken)
    if taken is not None:
        handovers.discard(taken)
    again = handovers.take(folder / UNSENT)
    return first, None if again is None else handovers.load(again)


async def test_a_kill_at_any_moment_of_a_start_stopped_at_once_keeps_what_it_had_to_tell(
    starting: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The work of the last session said 2 artworks a cut Delete left and 2 jobs not made;
    Ctrl+C came as the window that took it over opened, and the draft was saved as it
    closed. Killed (a logout's SIGKILL) between the removal of the work taken and the
    close's first write, or after the draft's save, which wrote the draft alone, the app
    left nothing of the two lists: the next start was silent. At every moment the files
    hold them now, for the start after a kill to say; and only once: killed between the
    write of the work and the removal of the work taken, the start after next took that
    back too, its process gone (an old draft, its lists said again)."""
    ids = moths_in_the_library(tmp_path, 2)
    press = handovers.Press(2, "the fox in a snowy forest", time.time(), "cut")
    handovers.keep(
        replace(kept_work(tmp_path / "harbour.png"), unmade=(press,), undeleted=ids), starting
    )
    opening, go_on = held_session_opening(monkeypatch)
    close_after_dialogs = app_module._close_after_dialogs

    saving: list[asyncio.Task[None]] = []

    def draft_saved_as_it_closes(window: MainWindow) -> None:
        async def saved_then_closed() -> None:
            await window._keep_work_now()  # the draft's save, its timer run out meanwhile
            close_after_dialogs(window)

        saving.append(asyncio.ensure_future(saved_then_closed()))

    monkeypatch.setattr(app_module, "_close_after_dialogs", draft_saved_as_it_closes)
    with each_kill_point(starting) as points:
        await ctrl_c_as_the_session_opens(opening, go_on)
    dead = a_dead_process()
    starts = [
        taken_after_a_kill(point, tmp_path / f"kill-{n}", dead) for n, point in enumerate(points)
    ]
    assert len(starts) > 4  # taken, written in its place, the draft's, the close's…
    assert [(work and work.undeleted, work and work.unmade) for work, _ in starts] == [
        (ids, (press,))
    ] * len(starts)
    assert [later for _, later in starts] == [None] * len(starts), "said once, nothing back"


async def test_a_kill_while_the_close_waits_for_a_delete_leaves_its_artworks_told(
    starting: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A logout's SIGTERM closed the window while a Delete of three ran, and the close
    waited for it; the logout's SIGKILL came before the wait ended. The artworks were
    written for the next start only once the close was over: the kill lost them, and the
    next start said nothing. They are on disk before the close waits."""
    caplog.set_level(logging.INFO, logger=app_module.__name__)
    release = asyncio.Event()
    on_disk: list[Handover | None] = []
    async with app_started(release) as (task, window):
        window.bridge.close_grace_s = 10 * LOADED  # ended by the release alone
        window.generate_tab.prompt.setPlainText("a heron at dawn, ink")
        rows = [add_job(window.session, JobState.FAILED, f"moth {n}") for n in range(3)]
        ids = tuple(row.id for row in rows)
        window.bridge.spawn(a_delete_of_three(window.bridge, release, ids=ids))
        os.kill(os.getpid(), signal.SIGTERM)
        await until(lambda: "waiting for the Delete to finish" in caplog.messages, LOADED)
        await until(
            lambda: (kept := handovers.load(starting)) is not None and kept.undeleted, LOADED
        )
        on_disk.append(handovers.load(starting))  # what a kill now leaves
        release.set()
        assert await asyncio.wait_for(task, LOADED) == 0
    (kept,) = on_disk
    assert kept is not None
    assert (kept.undeleted, kept.draft.prompt) == (ids, "a heron at dawn, ink")


async def switched_while_a_refused_delete_waits(
    demo: MainWindow, count: int, release: asyncio.Event, caplog: pytest.LogCaptureFixture
) -> None:
    """In ``demo``, a Delete of ``count`` failed artworks whose images the trash refused,
    held short of its end until ``release`` is set; a key saved, the artist switched to
    live mode, and the switch is waiting for the Delete."""
    rows = [add_job(demo.session, JobState.FAILED, f"moth {n}") for n in range(count)]
    bridge = demo.bridge

    async def refused_then_held() -> None:
        with bridge.deleting_jobs([row.id for row in rows]):
            for row in rows:
                bridge.delete_passed_over(row.id)
            await release.wait()

    bridge.spawn(refused_then_held())
    await until(lambda: bool(bridge.deleting) and not bridge.deletes_left(), LOADED)
    keyring.set_keyring(fail.Keyring())
    await save_key(demo, TEST_KEY)
    demo.switch_mode()
    await until(lambda: "waiting for the Delete to finish" in caplog.messages, LOADED)


async def test_a_delete_cut_as_a_switch_waits_for_it_is_said_at_the_next_start(
    starting: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The trash refused the images of a Delete of two, which had still its end to reach
    (so the switch did not wait for it); the artist switched to live mode, and a logout's
    SIGTERM cut the switch's wait for the Delete. The two stayed in the library, and the
    next start said nothing of them: only a close's work carried them, not a switch's."""
    caplog.set_level(logging.INFO, logger=app_module.__name__)
    release = asyncio.Event()
    async with app_started(release) as (task, demo):
        demo.bridge.close_grace_s = 10 * LOADED  # ended by the signal alone
        await switched_while_a_refused_delete_waits(demo, 2, release, caplog)
        os.kill(os.getpid(), signal.SIGTERM)
        assert await asyncio.wait_for(task, LOADED) == 0

    task = asyncio.ensure_future(app_module.main())  # live mode: the key kept for the session
    try:
        live = await window_shown(demo=False)
        await until(lambda: live.banner.message() == not_deleted(2), LOADED)
        live.close()
        assert await asyncio.wait_for(task, LOADED) == 0
    finally:
        await stopped(task)


def not_deleted_at_switch(count: int) -> str:
    """The new window's word of ``count`` artworks a Delete the switch waited for left."""
    if count == 1:
        return "Your last Delete did not finish before the switch: 1 artwork was not deleted."
    return f"Your last Delete did not finish before the switch: {count} artworks were not deleted."


@pytest.mark.parametrize("count", [1, 2])
async def test_a_delete_a_switch_waited_for_is_said_in_the_switchs_words(
    starting: Path, caplog: pytest.LogCaptureFixture, count: int
) -> None:
    """The trash refused the images of a Delete, which had still its end to reach; the
    artist switched to live mode, and the switch waited for the Delete to its end. The live
    window said "Kontext Studio closed before your last Delete had finished": the app had
    not closed. It says the switch's own words."""
    caplog.set_level(logging.INFO, logger=app_module.__name__)
    release = asyncio.Event()
    async with app_started(release) as (task, demo):
        demo.bridge.close_grace_s = 10 * LOADED  # ended by the release alone
        await switched_while_a_refused_delete_waits(demo, count, release, caplog)
        release.set()
        live = await window_shown(demo=False)
        await until(lambda: live.banner.message() == not_deleted_at_switch(count), LOADED)
        live.close()
        assert await asyncio.wait_for(task, LOADED) == 0


async def test_the_word_of_a_cut_delete_stays_across_a_switch_of_mode(
    starting: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The start said a Delete the last close cut left 2 artworks in the library; the
    artist deleted one and switched to live mode: the new window said nothing of the one
    still there. It says it, counting what the library still holds."""
    moths = moths_in_the_library(tmp_path, 2)
    handovers.keep(replace(kept_work(tmp_path / "harbour.png"), undeleted=moths), starting)
    monkeypatch.setenv("KONTEXT_STUDIO_DEMO_LATENCY", "30")
    app_main = asyncio.ensure_future(app_module.main())
    try:
        demo = await window_shown(demo=True)
        shown = lambda window: [b.message() for b in window.banner.shown()]  # noqa: E731
        await until(lambda: not_deleted(2) in shown(demo), LOADED)
        other = Ledger.open(Paths.from_env().database)  # the command line's delete
        try:
            other.delete(moths[0])
        finally:
            other.close()
        await until(lambda: not_deleted(1) in shown(demo), LOADED)
        keyring.set_keyring(fail.Keyring())
        await save_key(demo, TEST_KEY)
        demo.switch_mode()
        live = await window_shown(demo=False)
        await until(lambda: not_deleted(1) in shown(live), LOADED)
        live.close()
        assert await asyncio.wait_for(app_main, LOADED) == 0
    finally:
        await stopped(app_main)


@pytest.mark.parametrize("deleted_since", [False, True])
async def test_the_next_starts_word_of_a_cut_delete_stays_and_selects_what_it_left(
    starting: Path, caplog: pytest.LogCaptureFixture, deleted_since: bool
) -> None:
    """The next start said a Delete the close cut left 3 artworks, in the window's plain
    banner of news: the next news (a Retry finding a job sent already) took its place
    before it was read, and the artist had to find the three in the library by hand. It
    stays beside other news, as the start's other words do, and Show in the library
    selects the three, the keys there, for one Delete to delete them again; deleted since
    (by a command), it says they are gone."""
    left = set(await moths_a_cut_delete_left(caplog))
    words = not_deleted(3)

    async def show_them(window: MainWindow) -> None:
        await until(lambda: window.banner.message() == words, LOADED)
        window.show_info(
            "Nothing left to send: another window or command has already sent "
            "this job again, or deleted it."
        )
        (banner,) = [b for b in window.banner.shown() if b.message() == words]
        assert banner.isVisible()
        assert banner.action_button.text() == "Show in the library"
        if deleted_since:
            for job_id in left:
                window.session.ledger.delete(job_id)
        banner.action_button.click()
        library = window.library
        if deleted_since:
            gone = "Those artworks are no longer in the library."
            await until(lambda: window.statusBar().currentMessage() == gone, LOADED)
            return
        await until(lambda: {s.id for s in library.selected_snapshots()} == left, LOADED)
        assert library.view.hasFocus()

    await one_start(show_them)


async def test_an_artwork_being_deleted_as_a_cut_delete_stops_is_not_said_left(
    starting: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A second stop signal cut the close's wait for a Delete of three while the second
    artwork's row was being removed: that removal goes to its end all the same. The next
    start said 2 artworks were not deleted, and the artist, finding one, looked for the
    other. It counts those the library still holds."""
    caplog.set_level(logging.INFO, logger=app_module.__name__)
    reached, release = threading.Event(), threading.Event()
    remove = Ledger.delete
    removing: list[int] = []

    def held_at_the_second(ledger: Ledger, job_id: int) -> Snapshot | None:
        removing.append(job_id)
        if len(removing) == 2:
            reached.set()
            release.wait(LOADED)
        return remove(ledger, job_id)

    monkeypatch.setattr(Ledger, "delete", held_at_the_second)
    async with app_started(release) as (task, window):
        window.bridge.close_grace_s = 10 * LOADED  # ended by the second signal alone
        rows = [add_job(window.session, JobState.FAILED, f"moth {n}") for n in range(3)]
        actions = window.library.job_actions
        window.bridge.spawn(actions._delete_jobs(rows, asked=time.monotonic(), for_good=True))
        await until(reached.is_set, LOADED)
        await cut_by_a_second_stop_signal(caplog)
        await until(lambda: "artworks not deleted before close" in caplog.messages, LOADED)
        release.set()
        assert await asyncio.wait_for(task, LOADED) == 0
    assert prompts_made() == ["moth 2"]

    await next_start_says_not_deleted(1, "It is still in the library: delete it again.")


async def test_quit_anyway_stops_a_delete_of_several_at_once(
    starting: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Quit's question says quitting now stops the Delete: chosen, the app ends at once,
    the Delete stopped, as a stop signal's close would not (it lets the Delete finish)."""
    caplog.set_level(logging.INFO, logger=app_module.__name__)
    release = asyncio.Event()
    finished: list[bool] = []

    async with app_started(release) as (task, window):
        window.bridge.close_grace_s = 10 * LOADED
        window.bridge.spawn(a_delete_of_three(window.bridge, release, finished))
        await until(lambda: window.bridge.deletes_left() == 3, LOADED)
        window.menu_actions["quit"].trigger()
        assert not window.has_closed  # asked first
        (box,) = window.findChildren(QMessageBox)
        (anyway,) = [button for button in box.buttons() if button is not box.defaultButton()]
        anyway.click()
        assert await asyncio.wait_for(task, LOADED) == 0
    assert finished == []
    assert "waiting for the Delete to finish" not in caplog.messages


async def test_a_delete_ending_after_a_stop_signal_asks_nothing_with_the_window_gone(
    starting: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A logout's SIGTERM closes the window while a Delete of several runs; the close lets
    it finish. Its trash refused two images: it asked "Delete for good?" as it ends, a
    question with no window behind it, its parent torn down under it as the close went on.
    Nobody is there to answer: the two stay in the library, as Cancel leaves them."""
    asked: list[str] = []
    release = asyncio.Event()

    async with app_started(release) as (task, window):
        actions = window.library.job_actions
        monkeypatch.setattr(actions.host, "confirm", lambda title, *_: asked.append(title))
        window.bridge.spawn(
            a_delete_of_three(window.bridge, release, refused=2), on_done=actions._trash_refused
        )
        os.kill(os.getpid(), signal.SIGTERM)
        await until(lambda: window.has_closed, LOADED)
        release.set()
        assert await asyncio.wait_for(task, LOADED) == 0
    assert asked == []


async def test_artworks_whose_images_the_trash_refused_after_the_close_are_said_left(
    starting: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A logout's SIGTERM closed the window while a Delete of three ran; the close let it
    finish, and the trash refused two of its images. Nobody was there to be asked to delete
    them for good: they stayed in the library, and the next start said nothing, the artist
    taking them to be gone. It says so now, as of a Delete the close cut."""
    release = asyncio.Event()
    async with app_started(release) as (task, window):
        rows = [add_job(window.session, JobState.FAILED, f"moth {n}") for n in range(3)]
        bridge, actions = window.bridge, window.library.job_actions
        monkeypatch.setattr(actions.host, "confirm", lambda *_asked: True)

        async def two_refused() -> list[Snapshot]:  # stands for the trash refusing two
            with bridge.deleting_jobs([row.id for row in rows]):
                await release.wait()
                window.session.ledger.delete(rows[0].id)
                bridge.job_deleted.emit(rows[0].id)
                for row in rows[1:]:
                    bridge.delete_passed_over(row.id)
            return rows[1:]

        bridge.spawn(two_refused(), on_done=actions._trash_refused)
        os.kill(os.getpid(), signal.SIGTERM)
        await until(lambda: window.has_closed, LOADED)
        release.set()
        assert await asyncio.wait_for(task, LOADED) == 0
    assert prompts_made() == ["moth 2", "moth 1"]

    await next_start_says_not_deleted(2)


async def test_ctrl_c_where_the_loop_cannot_watch_signals_closes_the_window_as_elsewhere(
    starting: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """On Windows asyncio's loop cannot watch signals (``add_signal_handler`` raises
    NotImplementedError), and the defaults stayed: Ctrl+C in the console raised
    KeyboardInterrupt inside whatever Qt slot ran, a traceback, and the window stayed open.
    It now closes the window as on Linux, and the handlers before are back afterwards."""

    def cannot_watch(*args: object) -> None:
        raise NotImplementedError

    def not_the_apps(number: int, frame: object) -> None:
        raise AssertionError("Ctrl+C reached the handler the app found, not its own")

    monkeypatch.setattr(asyncio.get_running_loop(), "add_signal_handler", cannot_watch)
    caplog.set_level(logging.INFO, logger=app_module.__name__)
    previous = signal.signal(signal.SIGINT, not_the_apps)
    try:
        before = {number: signal.getsignal(number) for number in entry.STOP_SIGNALS}
        task = asyncio.ensure_future(app_module.main())
        window = await window_shown(demo=True)
        try:
            signal.raise_signal(signal.SIGINT)
            assert await asyncio.wait_for(task, LOADED) == 0
        finally:
            if not task.done():
                window.close()
                await asyncio.wait_for(task, LOADED)
        assert "stop asked" in caplog.messages
        assert {number: signal.getsignal(number) for number in entry.STOP_SIGNALS} == before
    finally:
        signal.signal(signal.SIGINT, previous)


async def test_a_reference_named_on_the_command_line_wins_over_the_one_left(
    starting: Path, tmp_path: Path
) -> None:
    fox = tmp_path / "fox.png"
    owl = tmp_path / "owl.png"
    Image.new("RGB", (64, 48), "orange").save(fox)
    Image.new("RGB", (48, 64), "brown").save(owl)
    draft = GenerateRequest("the fox in a snowy forest", aspect_ratio=None, image_path=str(fox))
    handovers.keep(Handover(1, draft, None, (), left_at_close=True), starting)

    async def opened_with_owl(window: MainWindow) -> None:
        slot = window.generate_tab.slot
        # Named once the window is shown: wait for it, not for the reference left.
        await until(lambda: (slot.path, slot.state) == (str(owl), SlotState.READY), LOADED)
        assert window.generate_tab.prompt.toPlainText() == "the fox in a snowy forest"
        assert window.tabs.currentWidget() is window.generate_tab

    await one_start(opened_with_owl, str(owl))


async def test_a_reference_gone_since_leaves_the_prompt_and_says_the_file_is_missing(
    starting: Path, tmp_path: Path
) -> None:
    gone = tmp_path / "gone.png"
    draft = GenerateRequest("the fox in a snowy forest", aspect_ratio=None, image_path=str(gone))
    handovers.keep(Handover(0, draft, None, (), left_at_close=True), starting)

    async def prompt_back(window: MainWindow) -> None:
        assert window.generate_tab.prompt.toPlainText() == "the fox in a snowy forest"
        assert await reference_checked(window) is None
        assert window.generate_tab.slot.state is SlotState.REFUSED

    await one_start(prompt_back)


async def test_a_prompt_being_written_is_kept_before_the_window_closes(starting: Path) -> None:
    """Before, the draft was written only when the window closed: a crash, a kill or a
    power cut took a long prompt the artist had been writing for minutes with it."""

    async def write(window: MainWindow) -> None:
        window.generate_tab.prompt.setPlainText("a moth of stained glass, backlit")
        await until(
            lambda: (
                (kept := handovers.load(starting)) is not None
                and kept.draft.prompt == "a moth of stained glass, backlit"
            ),
            LOADED,
        )

    await one_start(write)


async def test_the_options_and_the_upload_list_are_kept_before_the_window_closes(
    starting: Path, tmp_path: Path
) -> None:
    """Before, only the prompt and the reference were kept while the window was open: a
    crash took the Upload tab's list with the title and tags typed for each file, and the
    ratio, model and image count chosen after the prompt was written."""
    art = tmp_path / "harbour.png"
    Image.new("RGB", (64, 48), "teal").save(art)

    async def choose(window: MainWindow) -> None:
        tab = window.generate_tab
        tab.prompt.setPlainText("a harbour at dusk")
        await until(lambda: handovers.load(starting) is not None, LOADED)
        tab.ratio_buttons["16:9"].setChecked(True)
        tab.model.setCurrentIndex(1)
        tab.batch.setValue(3)
        uploads = window.upload_tab
        uploads.add_paths([art])
        await until(lambda: uploads.pending() and uploads.title_edit.isEnabled(), LOADED)
        uploads.title_edit.end(False)
        QTest.keyClicks(uploads.title_edit, " study")
        QTest.keyClicks(uploads.tags_edit, "sea, dusk")
        window.tabs.setCurrentWidget(uploads)

        def kept() -> Handover | None:
            return handovers.load(starting)

        await until(lambda: (work := kept()) is not None and work.uploads != (), LOADED)
        await until(lambda: (work := kept()) is not None and work.tab == 1, LOADED)
        work = kept()
        assert work is not None
        assert (work.draft.aspect_ratio, work.draft.model, work.batch) == (
            "16:9",
            "flux-kontext-max",
            3,
        )
        assert [(u.path, u.title, u.tags) for u in work.uploads] == [
            (art, "harbour study", "sea, dusk")
        ]

    await one_start(choose)


async def test_a_prompt_kept_while_written_then_cleared_is_not_brought_back(
    starting: Path,
) -> None:
    async def write_then_clear(window: MainWindow) -> None:
        window.generate_tab.prompt.setPlainText("a first idea")
        await until(lambda: handovers.load(starting) is not None, LOADED)
        window.generate_tab.prompt.clear()

    await one_start(write_then_clear)
    assert not list(starting.parent.glob(f"{UNSENT}*"))


async def test_a_window_closed_with_nothing_written_leaves_nothing(starting: Path) -> None:
    await one_start(just_look)
    assert not list(starting.parent.glob(f"{UNSENT}*"))


def library_of(paths: Paths, tmp_path: Path, prompts: list[str]) -> list[Snapshot]:
    """Artworks finished before the app starts, the first of ``prompts`` the oldest."""
    image = tmp_path / "art.png"
    Image.new("RGB", (64, 48), "teal").save(image)
    ledger = Ledger.open(paths.database)
    try:
        return [ledger.create_upload(prompt=prompt, file_path=str(image)) for prompt in prompts]
    finally:
        ledger.close()


def tile_in_sight(window: MainWindow, job_id: int) -> bool:
    """The artwork's tile is selected and wholly inside the library's visible area."""
    library = window.library
    row = library.model.row_of(job_id)
    if row is None:
        return False
    index = library.model.index(row)
    shown = library.view.viewport().rect()
    return library.view.selectionModel().isSelected(index) and shown.contains(
        library.view.visualRect(index)
    )


async def test_a_closed_window_leaves_the_library_search_and_selection_for_the_next_start(
    starting: Path, tmp_path: Path
) -> None:
    """Before, the library came back unsearched with nothing selected: the artist had to
    find the artwork they were looking at again. A switch of mode already kept both."""
    paths = Paths.from_env()
    art = library_of(paths, tmp_path, [f"a red fox {i}" for i in range(40)] + ["a grey heron"])
    far_fox = art[2]  # the search shows the newest first: near the end of the list

    async def look_at_the_fox(window: MainWindow) -> None:
        window.library.search.setText("fox")
        window.library.apply_filter()
        await until(lambda: window.library.model.rowCount() == 40, timeout=LOADED)
        window.library.select_job(far_fox.id)
        await until(lambda: window.library.current_snapshot() == far_fox, timeout=LOADED)

    async def find_the_fox_again(window: MainWindow) -> None:
        library = window.library
        assert library.search.text() == "fox"
        await until(lambda: library.model.rowCount() == 40, timeout=LOADED)
        await until(lambda: (s := library.current_snapshot()) is not None and s.id == far_fox.id)
        await until(lambda: tile_in_sight(window, far_fox.id), timeout=LOADED)
        assert library.view.verticalScrollBar().value() > 0, "scrolled down to it"
        assert window.preview.snapshot is not None and window.preview.snapshot.id == far_fox.id
        assert not window.banner.message(), "brought back without a word"

    await one_start(look_at_the_fox)
    await one_start(find_the_fox_again)


async def test_the_library_s_state_filter_and_starred_toggle_come_back_at_the_next_start(
    starting: Path, tmp_path: Path
) -> None:
    """Before, the search came back but not the filters beside it: an artist going through
    their starred failures found the whole library again after a restart, the search box
    still saying what they had looked for."""
    paths = Paths.from_env()
    library_of(paths, tmp_path, ["a red fox", "a grey heron"])

    async def narrow(window: MainWindow) -> None:
        library = window.library
        library.state_filter.setCurrentIndex(3)  # Failed/Timeout/Unknown
        library.starred_only.setChecked(True)
        await until(lambda: library.model.rowCount() == 0, timeout=LOADED)

    async def narrowed_again(window: MainWindow) -> None:
        library = window.library
        assert library.state_filter.currentIndex() == 3
        assert library.starred_only.isChecked()
        await until(lambda: library.model.filter.narrows, timeout=LOADED)
        assert library.model.rowCount() == 0
        assert not window.banner.message(), "brought back without a word"

    await one_start(narrow)
    await one_start(narrowed_again)


async def test_a_selected_artwork_deleted_since_leaves_nothing_selected(
    starting: Path, tmp_path: Path
) -> None:
    paths = Paths.from_env()
    fox, heron, _owl = library_of(paths, tmp_path, ["a red fox", "a grey heron", "a barn owl"])

    async def look_at_the_fox(window: MainWindow) -> None:
        window.library.search.setText("a")
        window.library.apply_filter()
        window.library.select_job(fox.id)
        await until(lambda: window.library.current_snapshot() == fox, timeout=LOADED)

    await one_start(look_at_the_fox)
    ledger = Ledger.open(paths.database)  # another program deletes it meanwhile
    try:
        assert ledger.delete(fox.id) is not None
    finally:
        ledger.close()

    async def nothing_selected(window: MainWindow) -> None:
        library = window.library
        assert library.search.text() == "a"
        await until(lambda: library.model.rowCount() == 2, timeout=LOADED)
        assert library.current_snapshot() is None
        assert not library.view.selectionModel().hasSelection()
        assert window.preview.snapshot is None
        assert not window.banner.message()
        # The artist's own choice is kept across a new search, as always.
        heron_tile = library.view.visualRect(library.model.index(library.model.row_of(heron.id)))
        QTest.mouseClick(
            library.view.viewport(), Qt.MouseButton.LeftButton, pos=heron_tile.center()
        )
        await until(lambda: library.current_snapshot() == heron, timeout=LOADED)
        library.search.setText("owl")
        library.apply_filter()
        await until(lambda: library.model.rowCount() == 1, timeout=LOADED)
        library.search.clear()
        library.apply_filter()
        await until(lambda: library.model.rowCount() == 2, timeout=LOADED)
        await until(lambda: library.current_snapshot() == heron, timeout=LOADED)

    await one_start(nothing_selected)


async def test_a_selection_the_search_hides_comes_back_when_the_search_is_cleared(
    starting: Path, tmp_path: Path
) -> None:
    """The artist selected the heron, then searched for "fox": the heron is hidden, as it
    is while the app runs, and clearing the search selects it again. Before, the close
    kept the search and forgot the heron: cleared at the next start, the search brought
    back nothing selected."""
    _fox, heron, _owl = library_of(
        Paths.from_env(), tmp_path, ["a red fox", "a grey heron", "a barn owl"]
    )

    async def hide_the_heron(window: MainWindow) -> None:
        library = window.library
        await until(lambda: library.model.rowCount() == 3, timeout=LOADED)
        library.select_job(heron.id)
        library.search.setText("fox")
        library.apply_filter()
        await until(lambda: library.model.rowCount() == 1, timeout=LOADED)
        assert library.current_snapshot() is None

    async def clear_the_search(window: MainWindow) -> None:
        library = window.library
        assert library.search.text() == "fox"
        await until(lambda: library.model.rowCount() == 1, timeout=LOADED)
        assert library.selected_id() == heron.id  # kept, for when the search is cleared
        assert library.current_snapshot() is None and window.preview.snapshot is None
        library.search.clear()
        library.apply_filter()
        await until(lambda: library.current_snapshot() == heron, timeout=LOADED)
        assert tile_in_sight(window, heron.id)
        assert window.preview.snapshot is not None and window.preview.snapshot.id == heron.id

    await one_start(hide_the_heron)
    kept = handovers.load(starting)
    assert kept is not None and (kept.search, kept.selected) == ("fox", heron.id)
    await one_start(clear_the_search)


async def test_an_empty_search_with_nothing_selected_leaves_nothing(
    starting: Path, tmp_path: Path
) -> None:
    library_of(Paths.from_env(), tmp_path, ["a red fox", "a grey heron"])

    async def only_look(window: MainWindow) -> None:
        await until(lambda: window.library.model.rowCount() == 2, timeout=LOADED)
        window.library.search.setText("   ")
        assert window.library.current_snapshot() is None

    await one_start(only_look)
    assert not list(starting.parent.glob(f"{UNSENT}*"))


async def test_a_reference_named_on_the_command_line_leaves_the_search_and_selection(
    starting: Path, tmp_path: Path
) -> None:
    fox = library_of(Paths.from_env(), tmp_path, ["a red fox", "a grey heron"])[0]
    owl = tmp_path / "owl.png"
    Image.new("RGB", (48, 64), "brown").save(owl)

    async def edit_the_fox(window: MainWindow) -> None:
        window.library.search.setText("fox")
        window.library.apply_filter()
        window.library.select_job(fox.id)
        await until(lambda: window.library.current_snapshot() == fox, timeout=LOADED)
        window.library.commands["use_as_reference"].trigger()
        assert await reference_checked(window) == fox.file_path

    async def opened_with_owl(window: MainWindow) -> None:
        slot = window.generate_tab.slot
        # Named once the window is shown: wait for it, not for the reference left.
        await until(lambda: (slot.path, slot.state) == (str(owl), SlotState.READY), LOADED)
        assert window.library.search.text() == "fox"
        await until(lambda: window.library.current_snapshot() == fox, timeout=LOADED)
        assert window.preview.snapshot is not None and window.preview.snapshot.id == fox.id

    await one_start(edit_the_fox)
    await one_start(opened_with_owl, str(owl))


async def test_an_artwork_selected_beyond_the_first_page_comes_back_at_the_next_start(
    starting: Path, tmp_path: Path
) -> None:
    """Before, an artwork older than the newest 300 (a page the library loads only once
    scrolled to) came back unselected, and the close after that forgot it for good; had the
    artist scrolled down later, the grid jumped to it."""
    art = library_of(Paths.from_env(), tmp_path, [f"a red fox {i}" for i in range(PAGE_SIZE + 5)])
    oldest = art[0]

    async def look_at_the_oldest(window: MainWindow) -> None:
        library = window.library
        await until(lambda: library.model.rowCount() == PAGE_SIZE, timeout=LOADED)
        library.model.fetchMore()  # as scrolling to the end does
        await until(lambda: library.model.row_of(oldest.id) is not None, timeout=LOADED)
        library.select_job(oldest.id)
        assert library.current_snapshot() == oldest

    async def find_it_again(window: MainWindow) -> None:
        await until(lambda: window.library.current_snapshot() == oldest, timeout=LOADED)
        await until(lambda: tile_in_sight(window, oldest.id), timeout=LOADED)
        assert window.preview.snapshot is not None and window.preview.snapshot.id == oldest.id

    await one_start(look_at_the_oldest)
    await one_start(find_it_again)
    await one_start(find_it_again)  # and once more: the start that brought it back kept it


async def test_an_artwork_still_being_looked_for_at_close_is_kept_for_the_next_start(
    starting: Path, tmp_path: Path
) -> None:
    """A window closed before the page holding the artwork to bring back came: before, it
    left nothing selected for the next start."""
    art = library_of(Paths.from_env(), tmp_path, [f"a red fox {i}" for i in range(PAGE_SIZE + 5)])
    oldest = art[0]

    async def close_while_it_is_looked_for(window: MainWindow) -> None:
        library = window.library
        await until(lambda: library.model.rowCount() == PAGE_SIZE, timeout=LOADED)
        library.apply_filter()  # a new read of the library, the artwork asked for meanwhile
        library.select_job(oldest.id)

    await one_start(close_while_it_is_looked_for)
    kept = handovers.load(starting)
    assert kept is not None and kept.selected == oldest.id


async def test_a_switch_while_a_press_makes_its_jobs_says_the_work_is_being_saved(
    start_app: Callable[[], asyncio.Task[int]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Generate pressed with a large photo as the reference, then the switch to live mode
    pressed while its copy was prepared: the demo window went at once, and for as long as
    the switch waited for the jobs (up to 30 s) nothing showed the app was still there, the
    work being saved. The notice a close shows says so now, in the words of a switch, until
    the jobs are made and the next window opens."""
    fox = tmp_path / "fox.png"
    Image.new("RGB", (64, 48), "orange").save(fox)
    keeping, go_on = hold_reference_copy(monkeypatch, LOADED)
    app_main = start_app()
    try:
        await switch_while_a_press_waits(fox, keeping)
        assert await saving_notice_words() == "Saving your work before the switch…"
        go_on.set()
        live = await window_shown(demo=False)
        assert saving_notice_shown() is None
        assert not live.banner.message().startswith("The 2 jobs"), "the jobs were made"
        live.close()
        assert await asyncio.wait_for(app_main, LOADED) == 0
    finally:
        go_on.set()
    assert prompts_made() == ["the fox in a snowy forest"] * 2


async def test_ctrl_c_while_a_press_makes_its_jobs_says_the_work_is_being_saved(
    starting: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+C in the terminal closes the window as its close button does: while a press of
    Generate still makes its jobs, the notice says the work is being saved until they are."""
    fox = tmp_path / "fox.png"
    Image.new("RGB", (64, 48), "orange").save(fox)
    keeping, go_on = hold_reference_copy(monkeypatch, LOADED)
    async with app_started(go_on) as (task, window):
        await press_generate(window, fox, 2, keeping)
        os.kill(os.getpid(), signal.SIGINT)
        assert await saving_notice_words() == "Saving your work before Kontext Studio closes…"
        go_on.set()
        assert await asyncio.wait_for(task, LOADED) == 0
        assert saving_notice_shown() is None
    assert prompts_made() == ["the fox in a snowy forest"] * 2


async def test_ctrl_c_while_a_switch_waits_for_a_press_keeps_the_work_saying_so(
    start_app: Callable[[], asyncio.Task[int]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ctrl+C while a switch waits for the jobs of a press ends the wait at once, as at a
    close: the work is kept for the next start, which says the jobs were not made. Kept
    with no window open, on a disk that stalls, nothing showed the app still saving it:
    the notice of a close says so now."""
    fox = tmp_path / "fox.png"
    Image.new("RGB", (64, 48), "orange").save(fox)
    keeping, go_on = hold_reference_copy(monkeypatch, LOADED, then=disk_never_answers)
    app_main = start_app()
    release, reached = threading.Event(), threading.Event()
    write = handovers.write_json_atomic

    def held(*args: Any, **kwargs: Any) -> None:
        reached.set()
        release.wait(LOADED)
        write(*args, **kwargs)

    try:
        await switch_while_a_press_waits(fox, keeping)
        await until(lambda: saving_notice_shown() is not None, LOADED)
        # A window closed to switch writes nothing: the only write now is the work kept
        # once Ctrl+C has ended the app between two windows.
        monkeypatch.setattr(handovers, "write_json_atomic", held)
        os.kill(os.getpid(), signal.SIGINT)
        await until(reached.is_set, LOADED)
        await until(
            lambda: (
                (shown := saving_notice_shown()) is not None
                and shown.words() == "Saving your work before Kontext Studio closes…"
            ),
            LOADED,
        )
        assert not app_main.done()
        release.set()
        assert await asyncio.wait_for(app_main, LOADED) == 0
        assert saving_notice_shown() is None
    finally:
        release.set()
        go_on.set()

    kept = handovers.load(handovers.unsent_work_file(Paths.from_env().data))
    assert kept is not None and [press.count for press in kept.unmade] == [2]
    again = asyncio.ensure_future(app_module.main())
    try:
        window = await window_shown(demo=False)  # the key kept for this run's session
        words = "The 2 jobs of your last Generate were not made"
        await until(lambda: window.banner.message().startswith(words), LOADED)
        assert window.generate_tab.prompt.toPlainText() == "the fox in a snowy forest"
        window.close()
        assert await asyncio.wait_for(again, LOADED) == 0
    finally:
        await stopped(again)


async def test_jobs_a_switch_could_not_wait_for_are_said_cut_off_by_the_switch(
    start_app: Callable[[], asyncio.Task[int]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Generate pressed with a photo as the reference, then the switch to live mode pressed
    while its copy was prepared, for longer than the switch waits: the live window said the
    jobs were not made because "Kontext Studio closed", which it never did. It says the
    switch cut them off."""
    fox = tmp_path / "fox.png"
    Image.new("RGB", (64, 48), "orange").save(fox)
    keeping, go_on = hold_reference_copy(monkeypatch, LOADED, then=disk_never_answers)
    close_waits_briefly(monkeypatch)
    app_main = start_app()
    try:
        await switch_while_a_press_waits(fox, keeping)
        live = await window_shown(demo=False)
        await until(lambda: "not made" in live.banner.message(), LOADED)
        assert live.banner.message() == (
            "The 2 jobs of your last Generate were not made: you switched to live mode while "
            "their reference image was still being prepared."
        )
        live.close()
        assert await asyncio.wait_for(app_main, LOADED) == 0
    finally:
        go_on.set()


async def test_work_a_full_disk_refused_at_close_is_said_lost_at_the_next_start(
    starting: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The work the close keeps for the next start, refused by a full disk, was only
    logged: the next start brought back nothing without a word, and the artist looked for
    their prompt. An empty file beside the work file (a name, no data: what a full disk
    still takes) says so, and the next start says, once, that the work could not be kept
    and why."""
    full = disk_to_fill(monkeypatch)

    async def type_then_fill_the_disk(window: MainWindow) -> None:
        full[0] = True
        window.generate_tab.prompt.setPlainText("a windmill at dusk")

    await one_start(type_then_fill_the_disk)
    assert handovers.load(starting) is None
    full[0] = False
    lost = "Your work from the last time Kontext Studio ran could not be kept: the disk was full."

    async def told(window: MainWindow) -> None:
        await until(lambda: window.banner.message() == lost, LOADED)
        assert window.banner.hint() == "Free some disk space so that your work is kept this time."

    await one_start(told)
    assert not list(starting.parent.glob(f"{UNSENT}.unkept-*")), "said once"


async def test_work_kept_before_the_data_folder_went_read_only_comes_back(
    starting: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The draft kept, then the data folder went read-only (a drive mounted read-only,
    its rights taken): the next start could not move the work out of a second start's way,
    and brought back nothing, only logged, while the line under Generate had said that
    work, not cleared, came back at the next start. It comes back."""

    async def type_a_prompt(window: MainWindow) -> None:
        window.generate_tab.prompt.setPlainText("a windmill at dusk")

    await one_start(type_a_prompt)
    assert handovers.load(starting) is not None
    refusing(monkeypatch, errno.EROFS)
    replace, unlink = os.replace, Path.unlink

    def read_only(source: Any, target: Any) -> None:
        if Path(source).parent == starting.parent:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        replace(source, target)

    def not_removed(self: Path, missing_ok: bool = False) -> None:
        if self.parent == starting.parent:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(os, "replace", read_only)
    monkeypatch.setattr(Path, "unlink", not_removed)

    async def back(window: MainWindow) -> None:
        await until(
            lambda: window.generate_tab.prompt.toPlainText() == "a windmill at dusk", LOADED
        )

    await one_start(back)


async def test_work_cleared_at_a_close_that_could_not_remove_it_is_said_at_the_next_start(
    starting: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The prompt cleared, then the window closed on a disk gone read-only: the work kept
    before could not be removed (only logged), and the next start brought it back as if it
    had been left there. It says it could not be removed."""

    async def type_a_prompt(window: MainWindow) -> None:
        window.generate_tab.prompt.setPlainText("a windmill at dusk")

    await one_start(type_a_prompt)
    refused = [True]
    replace, unlink = os.replace, Path.unlink

    def not_moved(source: Any, target: Any) -> None:
        if refused[0] and Path(source) == starting:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        replace(source, target)

    def not_removed(self: Path, missing_ok: bool = False) -> None:
        if refused[0] and self == starting:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(os, "replace", not_moved)
    monkeypatch.setattr(Path, "unlink", not_removed)

    async def clear(window: MainWindow) -> None:
        await until(lambda: window.generate_tab.prompt.toPlainText() != "", LOADED)
        window.generate_tab.prompt.clear()

    await one_start(clear)
    refused[0] = False

    async def told(window: MainWindow) -> None:
        await until(lambda: "could not be removed" in window.banner.message(), LOADED)
        assert window.banner.message() == (
            "Your work cleared the last time Kontext Studio ran could not be removed: its "
            "folder could not be written to."
        )
        assert window.banner.hint().startswith(
            "What came back is your work as it was saved before."
        )
        assert window.generate_tab.prompt.toPlainText() == "a windmill at dusk"

    await one_start(told)


async def test_work_a_read_only_data_folder_refused_is_said_lost_at_the_next_start(
    starting: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A data folder that refuses the work file (read-only) refused the word of the work
    lost too: only logged, and the next start brought back nothing without a word. The word
    goes to the settings' folder then, which the next start reads too, and says once."""
    refused = refusing(monkeypatch, errno.EROFS)
    touch = Path.touch

    def read_only_data(self: Path, *args: Any, **kwargs: Any) -> None:
        if refused[0] and self.parent == starting.parent:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        touch(self, *args, **kwargs)

    monkeypatch.setattr(Path, "touch", read_only_data)

    async def type_a_prompt(window: MainWindow) -> None:
        window.generate_tab.prompt.setPlainText("a windmill at dusk")

    await one_start(type_a_prompt)
    assert handovers.load(starting) is None
    refused[0] = False
    lost = (
        "Your work from the last time Kontext Studio ran could not be kept: its folder could "
        "not be written to."
    )

    async def told(window: MainWindow) -> None:
        await until(lambda: window.banner.message() == lost, LOADED)
        assert str(starting.parent) in window.banner.hint()

    await one_start(told)
    assert handovers.take_unkept(starting, Paths.from_env().config) is None, "said once"


async def test_work_a_read_only_file_refused_is_said_to_be_the_files_fault_at_the_next_start(
    starting: Path,
) -> None:
    """The work file set read-only refused the close's work: the next start said its folder
    could not be written to, and the artist found the folder writable. It names the file."""
    handovers.note_unkept(
        starting, config.file_refused(starting, "the file is read-only"), starting.parent
    )

    async def told(window: MainWindow) -> None:
        await until(lambda: "could not be kept" in window.banner.message(), LOADED)
        assert window.banner.message() == (
            "Your work from the last time Kontext Studio ran could not be kept: its file "
            "could not be written to."
        )
        assert str(starting) in window.banner.hint()

    await one_start(told)


async def test_work_a_folder_in_place_of_its_file_refused_is_said_to_be_the_files_next_start(
    starting: Path,
) -> None:
    """The close's work refused for a folder where its file goes (or a link to nothing):
    the next start said its folder could not be written to, a folder that takes files. It
    says the file, and what is wrong with it."""
    folder = starting.with_name("in-place")
    folder.mkdir()
    with pytest.raises(StorageError) as refused:
        config.write_json_atomic(folder, {})
    handovers.note_unkept(starting, refused.value, starting.parent)

    async def told(window: MainWindow) -> None:
        await until(lambda: "could not be kept" in window.banner.message(), LOADED)
        assert window.banner.message() == (
            "Your work from the last time Kontext Studio ran could not be kept: its file "
            "could not be written to."
        )
        assert f"{starting} is a file you can write to: not a folder" in window.banner.hint()

    await one_start(told)


def test_a_word_of_unkept_work_no_folder_takes_is_only_logged(tmp_path: Path) -> None:
    """Neither the data folder nor the settings' folder takes the word: the close goes on
    (logged), and the next start finds nothing to say."""
    saved = handovers.unsent_work_file(tmp_path / "data")
    error = OSError(errno.EROFS, os.strerror(errno.EROFS))
    handovers.note_unkept(saved, config.write_error(saved, error), tmp_path / "config")
    assert handovers.take_unkept(saved, tmp_path / "config") is None


def unkept_for_a_full_disk(tmp_path: Path) -> tuple[Path, Path]:
    """The word a close's work refused by a full disk leaves beside the work file, noted:
    the work file's path and the settings' folder."""
    saved = handovers.unsent_work_file(tmp_path / "data")
    saved.parent.mkdir()
    settings = tmp_path / "config"
    settings.mkdir()
    error = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    refused = config.write_error(saved, error)
    refused.__cause__ = error
    handovers.note_unkept(saved, refused, settings)
    return saved, settings


def removals_refused(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Removing a file in ``folder`` refused, as on a drive gone read-only."""
    unlink = Path.unlink

    def read_only(self: Path, missing_ok: bool = False) -> None:
        if self.parent == folder:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", read_only)


def test_a_word_of_unkept_work_in_a_folder_gone_read_only_is_told_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The close's work refused (a full disk) left its word beside the work file; then the
    data folder went read-only and the word could not be removed: each start said again
    that the work could not be kept. Said at the first start, not at the next; a word
    written again later (another close) is news again."""
    saved, settings = unkept_for_a_full_disk(tmp_path)
    removals_refused(saved.parent, monkeypatch)
    assert handovers.take_unkept(saved, settings) == handovers.FULL
    assert handovers.take_unkept(saved, settings) is None
    (word,) = saved.parent.glob(f"{UNSENT}.unkept-*")
    os.utime(word, ns=(word.stat().st_atime_ns, word.stat().st_mtime_ns + 1_000_000_000))
    assert handovers.take_unkept(saved, settings) == handovers.FULL


def writes_refused(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing a file in ``folder`` refused, as in a folder a tool keeps read-only."""
    write_text = Path.write_text

    def read_only(self: Path, data: str, *args: Any, **kwargs: Any) -> int:
        if self.parent == folder:
            raise OSError(errno.EACCES, os.strerror(errno.EACCES))
        return write_text(self, data, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", read_only)


def test_a_word_of_unkept_work_is_told_once_where_the_settings_folder_refuses_writes_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The word of unkept work cannot be removed (the data folder gone read-only), nor its
    mark written in the settings' folder (kept read-only by a tool that manages it): each
    start said again that the work of the last session could not be kept. Marked in the
    cache folder, made for it: said at the first start, not at the next, and once more
    when the word is written again (another close)."""
    saved, settings = unkept_for_a_full_disk(tmp_path)
    removals_refused(saved.parent, monkeypatch)
    writes_refused(settings, monkeypatch)
    cache = tmp_path / "cache"
    assert handovers.take_unkept(saved, settings, cache) == handovers.FULL
    assert handovers.take_unkept(saved, settings, cache) is None
    (word,) = saved.parent.glob(f"{UNSENT}.unkept-*")
    os.utime(word, ns=(word.stat().st_atime_ns, word.stat().st_mtime_ns + 1_000_000_000))
    assert handovers.take_unkept(saved, settings, cache) == handovers.FULL


async def test_work_lost_is_said_at_one_start_only_where_no_folder_of_its_word_takes_writes(
    starting: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The word of work lost stays in a data folder gone read-only, and the settings'
    folder refuses its mark (kept read-only by a tool that manages it): every start said
    again that the work of the last time could not be kept. The first start says it, the
    next says nothing of it."""
    error = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    full = config.write_error(starting, error)
    full.__cause__ = error
    handovers.note_unkept(starting, full, Paths.from_env().config)
    removals_refused(starting.parent, monkeypatch)
    writes_refused(Paths.from_env().config, monkeypatch)
    said: list[str] = []

    async def told(window: MainWindow) -> None:
        await until(lambda: "could not be kept" in window.banner.message(), LOADED)
        said.append(window.banner.message())

    async def looked(window: MainWindow) -> None:
        await settled(window)
        said.append(window.banner.message())

    await one_start(told)
    await one_start(looked)
    assert said[0].startswith("Your work from the last time Kontext Studio ran could not be")
    assert "could not be kept" not in said[1]


def test_a_word_of_unkept_work_told_once_is_not_told_again_when_its_folder_takes_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A word in a data folder gone read-only is told at the first start, not at the next.
    The folder writable again (the drive remounted), the next start removed the word, and
    said once more that the work of the last session could not be kept: that session's
    work was kept. Removed without a word, and its mark in the settings' folder with it."""
    saved, settings = unkept_for_a_full_disk(tmp_path)
    with monkeypatch.context() as read_only_for_now:
        removals_refused(saved.parent, read_only_for_now)
        assert handovers.take_unkept(saved, settings) == handovers.FULL
    assert handovers.take_unkept(saved, settings) is None
    assert list(saved.parent.iterdir()) == []
    assert list(settings.iterdir()) == []


async def test_a_switchs_work_a_full_disk_refused_after_ctrl_c_is_noted_for_the_next_start(
    start_app: Callable[[], asyncio.Task[int]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ctrl+C while a switch waits for the jobs of a press: the switch's work, kept for the
    next start with no window open, refused by a full disk, was only logged. The next start
    is told (:func:`handovers.take_unkept`), as after a close."""
    fox = tmp_path / "fox.png"
    Image.new("RGB", (64, 48), "orange").save(fox)
    keeping, go_on = hold_reference_copy(monkeypatch, LOADED, then=disk_never_answers)
    app_main = start_app()

    def on_a_full_disk(path: Path, data: Any) -> None:
        error = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        raise config.write_error(path, error) from error

    try:
        await switch_while_a_press_waits(fox, keeping)
        await until(lambda: saving_notice_shown() is not None, LOADED)
        monkeypatch.setattr(handovers, "write_json_atomic", on_a_full_disk)
        os.kill(os.getpid(), signal.SIGINT)
        assert await asyncio.wait_for(app_main, LOADED) == 0
    finally:
        go_on.set()
    paths = Paths.from_env()
    saved = handovers.unsent_work_file(paths.data)
    assert handovers.take_unkept(saved, paths.config) == handovers.FULL


async def test_work_kept_while_typing_then_refused_at_close_is_not_said_lost(
    starting: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The draft kept while it was typed, then the disk filled before the window closed:
    the close's write of the same work failed, and the next start brought the prompt back
    as it was left while its banner said the work could not be kept. Nothing was lost:
    nothing is said, nor logged as lost (the log said "unsent work not kept")."""
    full = disk_to_fill(monkeypatch)

    def kept_prompt() -> str | None:
        kept = handovers.load(starting)
        return None if kept is None else kept.draft.prompt

    async def type_then_fill_the_disk(window: MainWindow) -> None:
        window.generate_tab.prompt.setPlainText("a windmill at dusk")
        await until(lambda: kept_prompt() == "a windmill at dusk", LOADED)
        full[0] = True

    caplog.set_level(logging.INFO, logger="kontext_studio.ui.app")
    await one_start(type_then_fill_the_disk)
    assert not list(starting.parent.glob(f"{UNSENT}.unkept-*")), "nothing to say"
    logged = [r.getMessage() for r in caplog.records if r.name == "kontext_studio.ui.app"]
    assert "unsent work kept before" in logged
    assert "unsent work not kept" not in logged
    full[0] = False

    async def back(window: MainWindow) -> None:
        await until(
            lambda: window.generate_tab.prompt.toPlainText() == "a windmill at dusk", LOADED
        )
        assert "could not be kept" not in window.banner.message()

    await one_start(back)


async def test_work_said_unkept_at_start_is_not_replaced_by_the_jobs_not_made(
    starting: Path,
) -> None:
    """The last session's close could not keep its work (a full disk), and the work kept
    earlier, while a press prepared its reference, counts jobs not made: the start said the
    work was not kept, then the jobs not made in its place, in the one banner of other
    errors. The word of the work lost was taken away (said once) before the artist read it.
    Both are shown."""
    prompt = "the fox in a snowy forest"
    handovers.keep(
        Handover(
            tab=0,
            draft=GenerateRequest(prompt),
            style=None,
            uploads=(),
            unmade=(handovers.Press(2, prompt, time.time(), "cut"),),
        ),
        starting,
    )
    error = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    try:
        raise config.write_error(starting, error) from error
    except StorageError as refused:
        handovers.note_unkept(starting, refused, starting.parent)

    async def told(window: MainWindow) -> None:
        await until(
            lambda: any("not made" in banner.message() for banner in window.banner.shown()),
            LOADED,
        )
        said = [banner.message() for banner in window.banner.shown()]
        assert (
            "Your work from the last time Kontext Studio ran could not be kept: the disk was "
            "full." in said
        )

    await one_start(told)


async def test_jobs_cut_off_by_a_new_key_in_live_mode_are_said_cut_off_by_the_key(
    start_app: Callable[[], asyncio.Task[int]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """In live mode, Generate pressed with a photo as the reference, then another API key
    saved and put to use while its copy was prepared: the new window said "you switched to
    live mode", which the artist already was in. It says the key changed, and the jobs
    were not made while they were being made, not "while it was making them" (who?)."""
    fox = tmp_path / "fox.png"
    Image.new("RGB", (64, 48), "orange").save(fox)
    keeping, go_on = hold_reference_copy(monkeypatch, LOADED, then=disk_never_answers)
    close_waits_briefly(monkeypatch)
    app_main = start_app()
    try:
        demo = await window_shown(demo=True)
        keyring.set_keyring(fail.Keyring())
        await save_key(demo, TEST_KEY)
        demo.switch_mode()
        live = await window_shown(demo=False)
        await press_generate(live, fox, 2, keeping)
        await save_key(live, TEST_KEY[::-1])
        live.switch_mode()
        await until(lambda: live.has_closed, LOADED)
        again = await window_shown(demo=False)
        await until(lambda: "not made" in again.banner.message(), LOADED)
        assert again.banner.message() == (
            "The 2 jobs of your last Generate were not made: you changed the API key while "
            "their reference image was still being prepared."
        )
        again.close()
        assert await asyncio.wait_for(app_main, LOADED) == 0
    finally:
        go_on.set()


async def test_older_work_back_with_the_latest_unkept_is_not_said_as_left(
    starting: Path, tmp_path: Path
) -> None:
    """Work kept by an earlier run came back while the last session's own could not be
    kept (a full disk): the start said both that the work could not be kept and that it was
    back "as you left them", which it was not. It says the work back is as it was saved
    before."""
    harbour = tmp_path / "harbour.png"
    handovers.keep(kept_work(harbour), starting)
    error = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    try:
        raise config.write_error(starting, error) from error
    except StorageError as refused:
        handovers.note_unkept(starting, refused, starting.parent)

    async def told(window: MainWindow) -> None:
        await until(lambda: "could not be kept" in window.banner.message(), LOADED)
        assert has_the_work(window, harbour)
        assert window.banner.hint() == (
            "What came back is your work as it was saved before. Free some disk space so that "
            "your work is kept this time."
        )
        assert [banner.message() for banner in window.banner.shown()] == [
            "Your work from the last time Kontext Studio ran could not be kept: the disk was full."
        ]

    await one_start(told)
