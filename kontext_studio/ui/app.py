"""Start-up and shut-down of the window: one QApplication, one qasync loop
(:class:`~kontext_studio.ui.event_loop.EventLoop`), one session.

The engine's coroutines and Qt share the GUI thread through qasync. Closing the window shuts
the bridge and the session down before the process ends, so every job in flight is left in a
state the next start resumes.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from types import FrameType, TracebackType

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from kontext_studio import APP_ID, APP_NAME, __version__, entry, resources, secrets, single_instance
from kontext_studio.config import Paths
from kontext_studio.errors import (
    KeyFormatError,
    KeyringUnavailableError,
    KontextError,
    SecretDamagedError,
    StorageError,
)
from kontext_studio.explain import (
    Explanation,
    explain,
    explain_error_detail,
    join_sentences,
    names_log_folder,
)
from kontext_studio.images.validate import opened_with
from kontext_studio.logs import logging_to_file, setup_logging
from kontext_studio.loop_errors import log_left, own_error, thread_bug
from kontext_studio.publish import Publisher
from kontext_studio.session import Session, open_session
from kontext_studio.store.undo import forget_left
from kontext_studio.store.upgrading import UpgradeWaitStopped
from kontext_studio.ui import collection, image_folder, last_threads, opened_files, translations
from kontext_studio.ui import handover as handovers
from kontext_studio.ui.bridge import Bridge, error_topic, log_reported
from kontext_studio.ui.event_loop import EventLoop
from kontext_studio.ui.font_scale import icons_as_tall_as_text
from kontext_studio.ui.generate_tab import Presses, finish_submits
from kontext_studio.ui.handover import Handover, Press
from kontext_studio.ui.job_actions import UNDO_FOLDER
from kontext_studio.ui.levels import keep_text_readable
from kontext_studio.ui.main_window import MainWindow
from kontext_studio.ui.placement import keep_placed
from kontext_studio.ui.publishing import PublisherFactory
from kontext_studio.ui.question import dismiss_unasked
from kontext_studio.ui.saving_notice import (
    SavingNotice,
    saving_while_closing,
    saving_while_switching,
)
from kontext_studio.ui.upgrade_notice import shown_when_told

log = logging.getLogger(__name__)
ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]

ORGANISATION = "Kontext Studio"
DIALOG_GONE_MS = 50  # a dismissed dialog's own event loop has returned by then
SUBMIT_CLOSE_WAIT_S = 30.0
"""How long a close waits for the jobs of a press of Generate to be made: an 89 MP photo's
reference copy takes ~5 s on two cores; a disk that slow is stuck, and the close goes on."""
ERRORS_KEPT = 5
"""How many errors that came while no window was open are kept to be shown; the "cannot
start" box says how many more came."""
WAKE_UP_MS = 200
"""Where the loop cannot watch the stop signals (Windows), how often Python gets to run its
own handler while Qt waits in native code: a Ctrl+C is heard within this."""
# What a launch asked to open: an image for the reference, how many files named with it were
# left out, and whether some before it were (as not images).
Opened = tuple[str | None, int, bool]


def app_icon() -> QIcon:
    """The app icon, every rendered size in one QIcon; empty when there is none."""
    icon = QIcon()
    for path in resources.icon_files():
        icon.addFile(str(path))
    return icon


def configure_application(app: QApplication) -> None:
    """Set ``app`` up as the app's, before any window or message box is shown (the window's
    start and the self-test call this first)."""
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    icon = app_icon()
    if not icon.isNull():
        app.setWindowIcon(icon)
    # Qt draws placeholders and links in the theme's colours, which some themes leave dark
    # on dark; the main window keeps them readable when the theme changes.
    keep_text_readable(app)
    # The app ends when main() returns, never because Qt saw its last window close: it
    # would stop the event loop under the work still to do, when the window closes (the
    # session's orderly shutdown, see ``MainWindow.closed``), when it closes to switch mode
    # (the next window opens after), and when the "cannot start" box, the only window, is
    # dismissed.
    app.setQuitOnLastWindowClosed(False)


async def create_main_window(
    session: Session,
    bridge: Bridge | None = None,
    *,
    handover: Handover | None = None,
    built: Callable[[MainWindow], None] | None = None,
    publisher_factory: PublisherFactory = Publisher,
    clock: Callable[[], float] = time.monotonic,
) -> MainWindow:
    """Show the window for ``session`` and carry on the jobs of an earlier run; a window
    that replaces another (a switch of mode) takes its ``handover`` before it is shown.
    ``built`` is told the window as soon as it is built (its banner can show an error),
    before it is shown. ``publisher_factory`` and ``clock``: its publishing's
    (:class:`MainWindow`), a test's own.

    Used by :func:`run_app`, the tests and the self-test, on an application set up by
    :func:`configure_application`. The caller closes ``window.bridge`` and the session when
    the window is done.
    """
    bridge = bridge or Bridge(session)
    try:
        window = MainWindow(bridge, publisher_factory=publisher_factory, clock=clock)
    except BaseException:
        await _let_go(bridge)
        raise
    try:
        if built is not None:
            built(window)
        await _show(window, session, handover)
    except BaseException:
        await _let_go(bridge)
        shiboken6.delete(window)  # never shown again: the caller opens another or ends
        raise
    return window


async def _let_go(bridge: Bridge) -> None:
    """Close the bridge of a window that could not open. An error meanwhile is nobody's
    to catch: it goes to the loop's exception handler (the app's keeps it for the window
    opened next or the "cannot start" box, :class:`_ErrorReport`), and the error that
    stopped the window is the one raised. Before, the close's error took its place."""
    try:
        await bridge.aclose()
    except Exception as error:
        _uncaught(error, "the bridge of a window that could not open failed to close")


def _uncaught(error: Exception, what: str) -> None:
    """Hand ``error``, which nobody can catch, to the running loop's exception handler."""
    asyncio.get_running_loop().call_exception_handler({"message": what, "exception": error})


async def _show(window: MainWindow, session: Session, handover: Handover | None) -> None:
    if handover is not None:
        window.take_over(handover)
    window.show()
    window.activateWindow()
    window.generate_tab.focus_prompt()
    if session.ledger.recovered_from is not None:
        read_back = session.ledger.salvaged.artworks
        window.tell_recovered(str(session.ledger.recovered_from), read_back)
    if session.settings_ignored:
        window.tell_settings_ignored(session.settings_ignored)
    # What windows killed before they closed kept for Undo, in a worker thread beside the
    # jobs carried on: the Trash emptied since, those links still hold the images' bytes.
    window.bridge.spawn(asyncio.to_thread(forget_left, session.paths.data / UNDO_FOLDER))
    await window.carry_on_jobs()
    window.credits.refresh()
    window.publishing.check_all_may_be_gone()


async def tell(
    parent: QWidget | None,
    title: str,
    text: str,
    detail: str,
    *,
    shown: Callable[[QMessageBox], None] | None = None,
) -> None:
    """A message box that does not block the event loop; returns when it is closed.
    ``shown`` is given the box once it is open (to say more in it while it is)."""
    done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setInformativeText(detail)
    icons_as_tall_as_text(box)
    keep_placed(box)  # centred over its window, as the dialogs are
    box.finished.connect(lambda _result: _resolve(done))
    box.open()
    if shown is not None:
        shown(box)
    await done


async def main(
    reference: str | None = None,
    claim: single_instance.Claim | None = None,
    *,
    left_out: int = 0,
    passed_over: bool = False,
) -> int:
    """The app's life: open the session, show the window, wait for it to close, shut down.
    ``reference`` is an image the desktop asked us to open ("Open With"): it becomes the
    Generate tab's reference; the window says when ``left_out`` more files were named with
    it (an edit takes one image), and ``passed_over``, whether some before it were. A
    window closed to switch mode (a new or removed KIE key) is followed by a new session and
    a window that takes over its handover; when that cannot open, a window in the mode the
    app was in does (see :func:`_go_back`). Ctrl+C in the terminal and SIGTERM are heard
    from the start to the end (see :class:`_Stop`). With ``claim`` listening, later
    launches on this library reach the window open at the time (see
    :mod:`kontext_studio.single_instance`)."""
    front = FrontDoor()
    await front.open(claim)
    finder = opened_files.listening(QApplication.instance())
    if finder is not None:
        finder.hand_to(front.files_opened)
    try:
        stop = _Stop()
        with _watching_signals(stop), _reporting_errors() as errors:
            # A Ctrl+C before it was heard here, which PySide6 swallowed (see
            # entry.hearing_ctrl_c_early), stops the app as if it came now.
            stop.requested = entry.ctrl_c_heard_early()
            return await _run((reference, left_out, passed_over), stop, front, errors)
    finally:
        if finder is not None:
            finder.hand_to(None)
        await front.shut()


@dataclass(frozen=True)
class _Mode:
    """How a session opened: where a switch that fails goes back to."""

    demo: bool
    key: str | None = field(default=None, repr=False)


async def _run(opened: Opened, stop: _Stop, front: FrontDoor, errors: _ErrorReport) -> int:
    """:func:`main` under its signal handlers. Work an earlier run could not hand over (see
    :mod:`kontext_studio.ui.handover`) is taken over by the first window; ``errors`` raised
    in Qt slots reach the window open at the time."""
    paths = Paths.from_env()
    unwritten = await asyncio.to_thread(_open_log, paths.logs)
    saved = handovers.unsent_work_file(paths.data)
    # Taken, not just read: a second start meanwhile (a launcher clicked twice) finds none.
    taken = await asyncio.to_thread(handovers.take, saved)
    handover = None if taken is None else await asyncio.to_thread(handovers.load, taken)
    was: _Mode | None = None  # the mode of the window that closed to switch
    while True:
        if stop.requested:
            if taken is not None:  # no window took it over: it stays for the next start
                await asyncio.to_thread(handovers.give_back, taken, saved)
                return await _stopped(None, saved)
            return await _stopped(handover, saved)
        # The jobs of a press the switch cut off are said so (None: the app closed).
        from_demo = None if was is None else was.demo
        try:
            window = await _open_window(handover, errors, stop, key_unusable_demo=was is None)
        except UpgradeWaitStopped:  # the notice closed, or a stop signal: stop.requested
            continue
        except Exception as error:
            if was is None:  # the first window: there is no mode to go back to
                if taken is not None:
                    await asyncio.to_thread(handovers.give_back, taken, saved)
                await front.shut()  # while the artist reads why, a later launch tries anew
                return await _cannot_start(error, errors)
            fallback = await _go_back(handover, was, error, saved, front, errors)
            if fallback is None:
                return 1
            window, fallback = fallback, None  # held by ``window`` alone (see below)
            from_demo = None  # no switch happened: the window says why
        if was is None:
            # Each step on its own: one falling over skips none of the others' words, nor
            # the end of the file taken (else a later start takes it again: the same work
            # back a second time).
            with _said_in(window):
                _take(window, opened)
            with _said_in(window):
                if unwritten is not None:
                    window.tell_log_unwritten(explain_error_detail(unwritten))
            with _said_in(window):
                unkept = await asyncio.to_thread(
                    handovers.take_unkept, saved, paths.config, paths.cache
                )
                if unkept is not None:
                    window.tell_work_unkept(unkept, saved, older=handover is not None)
                if handover is not None and not handover.left_at_close and unkept is None:
                    window.tell_work_restored()
            with _said_in(window):
                if taken is not None and handover is None:  # damaged: left for a person
                    await asyncio.to_thread(handovers.set_aside, taken, saved)
                elif taken is not None and handover is not None:
                    await _hand_on(window, handover, taken, saved)
            taken = None
        if handover is not None and handover.unmade:
            with _said_in(window):
                window.tell_jobs_unmade(handover.unmade, from_demo=from_demo)
        if handover is not None and handover.undeleted:
            with _said_in(window):
                window.tell_delete_cut(handover.undeleted, at_switch=handover.undeleted_at_switch)
        was = _Mode(window.session.demo, window.session.key)
        front.window = window
        errors.show_missed()
        handover = await _until_closed(window, stop, saved, handover)
        front.window = None
        errors.reach(None)  # an error now is shown in the next window, not this closed one
        # Not held while the next one opens (shown before it has carried on its jobs):
        # a closed window, its library and thumbnails, are let go at once.
        del window
        if handover is None:
            log.info("window closed", extra={"event": "app_stopped"})
            return 0


def _open_log(folder: Path) -> StorageError | None:
    """Open the log file in ``folder``, once for the app's life: the sessions of a switch of
    mode log into it in turn. Why it cannot be opened (a read-only folder, a full disk, a
    file in the folder's place), when it cannot: the window opens all the same, without it,
    and the first one says so. Before, the app said it could not start, over a file that
    only keeps what it logs."""
    try:
        setup_logging(folder)
    except StorageError as error:
        return error
    return None


async def _open_window(
    handover: Handover | None,
    errors: _ErrorReport,
    stop: _Stop | None = None,
    mode: _Mode | None = None,
    *,
    key_unusable_demo: bool = False,
) -> MainWindow:
    """Open a session, in ``mode`` or as the key saved now says, and its window. The first
    one ends the launch (:func:`kontext_studio.entry.launched`), shown or not. ``errors``
    raised in Qt slots reach the window from the moment it is built: it is shown, and its
    jobs' slots run, before it has carried on the jobs of an earlier run.

    Before it is built, and in one that never opens (its building failed after, or its
    teardown), an error is kept for the window opened next or the "cannot start" box
    (:meth:`_ErrorReport.reach`): before, it went to a banner nobody saw.

    ``key_unusable_demo``: a key saved (in the keyring, or ``KIE_API_KEY``) that cannot be
    sent as it is (:class:`KeyFormatError`: put there by another program, "Bearer "
    pasted with it) opens the window in demo mode, which says why: before, the app said it
    could not start, and Settings, where the key is set right, could not be reached.
    A keyring that may hold the key but cannot be read now (locked) opens demo mode too,
    saying so (:func:`_open_as_saved`).

    ``stop``: heard while the open waits for another instance's upgrade of the library
    (:mod:`kontext_studio.store.upgrading`), or the notice saying so closed, the wait ends
    in :class:`UpgradeWaitStopped`, nothing written. Before, a start could not be ended
    during that wait, of up to 10 minutes."""
    unusable: KeyFormatError | None = None
    unread: KeyringUnavailableError | None = None
    try:
        with shown_when_told(closed=stop or (lambda: None)) as told:
            opening = partial(
                open_session,
                opens_log=False,
                upgrade_elsewhere=told,
                upgrade_wait_stopped=None if stop is None else stop.heard,
            )
            if mode is None:
                try:
                    session, unread = await asyncio.to_thread(_open_as_saved, opening)
                except KeyFormatError as refused:
                    if not key_unusable_demo:
                        raise
                    unusable = refused
                    session = await asyncio.to_thread(opening, demo=True)
            else:
                session = await asyncio.to_thread(opening, demo=mode.demo, key=mode.key)
        log.info("window starting", extra={"event": "app_started", "demo": session.demo})
        try:
            window = await create_main_window(
                session, handover=handover, built=lambda built: errors.reach(built.bridge)
            )
        except BaseException:
            errors.reach(None)  # shown in the window opened next, not this one never opened
            try:
                await session.aclose()
            except Exception as error:  # the error that stopped the window is the one said
                _uncaught(error, "the session of a window that could not open failed to close")
            raise
    finally:
        entry.launched()
    collection.collect_on_gui_thread()
    # Said plainly should its notice fall over: before, the banner said "Something went
    # wrong." of a keyring that was locked, or a key that could not be used. Where the key
    # came from is read inside too, and is known to the plain words once it is read.
    environment = False
    with _said_in(window, instead=unusable or unread, from_environment=lambda: environment):
        if unusable is not None:
            environment = await asyncio.to_thread(secrets.from_environment_only, secrets.KIE_KEY)
            window.tell_key_unusable(explain_error_detail(unusable), from_environment=environment)
        elif isinstance(unread, SecretDamagedError):
            window.tell_key_damaged(explain_error_detail(unread))
        elif unread is not None:
            window.tell_key_unread(explain_error_detail(unread), silent=unread.silent)
    return window


@contextmanager
def _said_in(
    window: MainWindow,
    *,
    instead: KontextError | None = None,
    from_environment: Callable[[], bool] = lambda: False,
) -> Iterator[None]:
    """Set up ``window``, open now: an error meanwhile is said in its banner, and the
    window stays, as an error while it was built is. Before, it ended the app, the window
    left on screen, and the person read a traceback in the terminal, if anywhere.

    ``instead``: the key's trouble the block was to tell, said plainly
    (:meth:`MainWindow.tell_key_trouble`) in place of the error that stopped the telling,
    which is logged; ``from_environment`` says whether the key came from the
    ``KIE_API_KEY`` variable, as far as the block found out."""
    try:
        yield
    except Exception as error:
        if instead is None:
            window.bridge.report(error)
            return
        log_reported(error)
        window.tell_key_trouble(explain_error_detail(instead), from_environment=from_environment())


def _open_as_saved(
    opening: Callable[..., Session],
) -> tuple[Session, KeyringUnavailableError | None]:
    """A session (``opening``: :func:`open_session` as the window opens it) as the key
    saved now says, and why the keyring could not be read when it could not (locked, its
    unlock prompt dismissed, not answering): demo mode then, which the window says, offering
    live mode once the keyring is unlocked. Before, the window opened in demo mode without a
    word, as if the key saved there were gone."""
    try:
        key = secrets.readable_secret(secrets.KIE_KEY)
    except KeyringUnavailableError as unread:
        return opening(demo=True), unread
    return opening(demo=key is None, key=key), None


async def _go_back(
    handover: Handover | None,
    mode: _Mode,
    error: Exception,
    saved: Path,
    front: FrontDoor,
    errors: _ErrorReport,
) -> MainWindow | None:
    """A switch could not open its session or window: open a window in ``mode``, the one
    the app was in, with the artist's work, and say in it why the switch did not happen.
    When that fails too, the work is kept for the next start and the app says it cannot
    start; None then."""
    _log_failure(error, "mode_switch_failed")
    try:
        window = await _open_window(handover, errors, mode=mode)
    except Exception as again:
        kept = await _keep(handover, saved)
        await front.shut()
        await _cannot_start(again, errors, kept=kept)
        return None
    with _said_in(window):
        window.tell_switch_failed(explain(error))
    return window


_OWED_WRITES: set[asyncio.Future[bool]] = set()
"""The writes of :func:`_owe` under way: held until done, as the loop holds a task weakly."""


async def _hand_on(window: MainWindow, handover: Handover, taken: Path, saved: Path) -> None:
    """Remove the work ``taken`` that ``window`` took over. What it has still to tell (the
    jobs not made, the artworks a cut Delete left) is written with the window's work first,
    and kept by every later write until the window has said it (:meth:`WorkFile.owe`):
    removed first, a kill before the next write lost it, and so did a kill after the draft's
    save. Written in the place of ``taken`` (:meth:`WorkFile.take_over`), never beside it.
    Not written (a full disk), the work stays where it was taken from."""
    if not (handover.unmade or handover.undeleted):
        await asyncio.to_thread(handovers.discard, taken)
        return
    handovers.work_file(saved).take_over(taken)
    if not await _owe(saved, window.work_left(), handover.unmade, handover.undeleted):
        await asyncio.to_thread(handovers.give_back, taken, saved)


def _owe(
    saved: Path,
    work: Handover | None,
    unmade: tuple[Press, ...] = (),
    undeleted: tuple[int, ...] = (),
) -> asyncio.Future[bool]:
    """Keep ``unmade`` and ``undeleted`` in ``saved`` for the next start from now on, until a
    window says them, and write them at once with ``work``: a kill at any moment after
    leaves them there. Whether they are on disk (none to keep are); one not written is
    logged only, and the close's write tries again (and says so at the next start when it
    fails too). Not awaited, it holds up nothing: a disk that stalls held the close's
    waits, which a second stop signal then no longer cut."""
    if not (unmade or undeleted):
        done = asyncio.get_running_loop().create_future()
        done.set_result(True)
        return done
    kept = handovers.work_file(saved)
    kept.owe(unmade, undeleted)
    writing = asyncio.ensure_future(_write_owed(kept, work))
    _OWED_WRITES.add(writing)
    writing.add_done_callback(_OWED_WRITES.discard)
    return writing


async def _write_owed(kept: handovers.WorkFile, work: Handover | None) -> bool:
    try:
        await kept.save(work)
    except KontextError as error:
        log.warning("unsent work not kept", extra={"event": "unsent_work_lost", "kind": error.kind})
        return False
    return True


async def _keep(handover: Handover | None, saved: Path) -> bool:
    """Write ``handover`` for the next start; whether the artist's work is kept (nothing
    to keep is kept)."""
    if handover is None:
        return True
    try:
        await handovers.work_file(saved).save(handover)
    except KontextError as error:
        # Not lost when the file holds this work already (kept as it was typed): the log
        # said it was, of work the next start brought back.
        if await asyncio.to_thread(handovers.holds, saved, handover):
            log.info(
                "unsent work kept before", extra={"event": "unsent_work_held", "kind": error.kind}
            )
            return True
        log.warning("unsent work not kept", extra={"event": "unsent_work_lost", "kind": error.kind})
        # Said by the next start: before, it brought back nothing without a word.
        await _note_unkept(saved, error)
        return False
    return True


async def _note_unkept(saved: Path, error: KontextError, *, cleared: bool = False) -> None:
    """:func:`handovers.note_unkept`, the settings' folder taking the word when the data
    folder refuses it (read-only)."""
    elsewhere = Paths.from_env().config
    await asyncio.to_thread(handovers.note_unkept, saved, error, elsewhere, cleared=cleared)


async def _stopped(handover: Handover | None, saved: Path) -> int:
    """Ctrl+C or SIGTERM came while no window was open (at start, in the middle of a
    switch): the app ends as a Ctrl+C with the window open ends it, and a switch's work is
    kept for the next start, with the notice a close shows: no window says the app is
    still there, on a disk that stalls."""
    with saving_while_closing():
        await _keep(handover, saved)
    log.info("stopped between windows", extra={"event": "app_stopped"})
    return 0


class FrontDoor:
    """Where a later launch's request goes: the window open now, or, while none is (the
    session is opening, the mode is switching), the next one, which takes the latest image.
    Once no window will come (this launch cannot open one, or it is ending) the door shuts:
    the requests waiting are refused and later launches open a window of their own, so an
    image is never taken by nobody."""

    def __init__(self) -> None:
        self._window: MainWindow | None = None
        self._opened: Opened = (None, 0, False)
        self._waiting: list[asyncio.Future[bool]] = []
        self._doorbell: single_instance.Doorbell | None = None
        self._shut = False
        self._opening: set[asyncio.Task[None]] = set()

    @property
    def window(self) -> MainWindow | None:
        return self._window

    @window.setter
    def window(self, window: MainWindow | None) -> None:
        self._window = window
        if window is None or not self._waiting:
            return
        opened, self._opened = self._opened, (None, 0, False)
        _let_in(window, opened)
        self._answer(taken=True)

    @property
    def closing(self) -> bool:
        """Whether the app is ending: its window has closed for good and its session is
        shutting down (a job being sent waits for its answer). A launch meanwhile is told so,
        and opens its window once the app has ended; one that closed to switch mode is
        followed by the next window, which takes the request."""
        window = self._window
        return window is not None and window.has_closed and window.handover is None

    async def open(self, claim: single_instance.Claim | None) -> None:
        """Serve the socket ``claim`` listens on, when this launch listens."""
        if claim is None or claim.listener is None or claim.path is None:
            return
        doorbell = single_instance.Doorbell(claim.listener, claim.path)
        doorbell.on_request = self.knock
        doorbell.closing = lambda: self.closing
        await doorbell.start()
        self._doorbell = doorbell

    async def knock(
        self, reference: str | None, left_out: int = 0, passed_over: bool = False
    ) -> bool:
        """Bring the window forward; ``reference`` becomes the Generate tab's reference
        (``left_out``: more files named with it; ``passed_over``: some before it were). True
        once a window took the request, False when none will."""
        if self._shut:
            return False
        # A window that has closed is shutting its session down: it takes nothing, and the
        # request waits for the next window (a mode switch) or is refused (the app ends).
        if self._window is not None and not self._window.has_closed:
            _let_in(self._window, (reference, left_out, passed_over))
            return True
        if reference:  # a launch without one (the menu) keeps the earlier image
            self._opened = (reference, left_out, passed_over)
        waiting: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._waiting.append(waiting)
        return await waiting

    def files_opened(self, files: Sequence[str]) -> None:
        """macOS's "Open With" on ``files`` (:mod:`kontext_studio.ui.opened_files`): taken
        as a later launch naming them is, by the window open now or the next."""
        task = asyncio.ensure_future(self._open(files))
        self._opening.add(task)
        task.add_done_callback(self._opening.discard)

    async def _open(self, files: Sequence[str]) -> None:
        opened = await asyncio.to_thread(opened_with, files)
        if not await self.knock(*opened):
            log.info("files opened as the app ends", extra={"event": "files_opened_refused"})

    async def shut(self) -> None:
        """No window will come: stop listening, so the next launch opens its own, and
        refuse the requests waiting for one."""
        self._shut = True
        doorbell, self._doorbell = self._doorbell, None
        if doorbell is not None:
            await doorbell.close()
        self._answer(taken=False)
        for opening in self._opening:  # its files still being looked at: none will take them
            opening.cancel()
        await asyncio.gather(*self._opening, return_exceptions=True)
        if doorbell is not None:
            await doorbell.wait_closed()

    def _answer(self, *, taken: bool) -> None:
        for waiting in self._waiting:
            if not waiting.done():
                waiting.set_result(taken)
        self._waiting.clear()


def _let_in(window: MainWindow, opened: Opened) -> None:
    log.info("window asked forward", extra={"event": "app_asked_forward"})
    window.bring_forward()
    _take(window, opened)


def _take(window: MainWindow, opened: Opened) -> None:
    """The image a launch named becomes the reference; an edit takes one, so the reference
    slot says when more files were named with it ("Open With" on several), in the words of a
    drop of several on it."""
    reference, left_out, passed_over = opened
    if reference:
        image_folder.remember(reference)  # the artist's own file: Browse opens by it next
        window.use_as_reference(reference, left_out=left_out, passed_over=passed_over)


async def _until_closed(
    window: MainWindow, stop: _Stop, saved: Path, kept: Handover | None
) -> Handover | None:
    """Run ``window`` until it closes, then shut its session down; returns its handover
    when it closed to switch mode. A Ctrl+C that came while it opened closes it at once,
    with a handover when it was given work it ``kept`` (a switch's, an earlier run's),
    written for the next start at once (:func:`_carried`). Closed for good, it leaves its
    draft in ``saved`` for the next start."""
    closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    window.closed.connect(lambda: _resolve(closed))
    if window.has_closed:  # closed (Ctrl+Q) while it opened: the signal has come and gone
        _resolve(closed)
    stop.window = window
    try:
        if stop.requested:
            if kept is not None:
                window.handover = _carried(window.hand_over(), kept)
                # Before the close's waits, which a logout's kill may cut short. Every write
                # keeps its lists already, the draft's save as the window closes too: owed
                # as the work was taken over (_hand_on), or by the switch's close (_shut).
                await _keep(window.handover, saved)
            _close_after_dialogs(window)
        await closed
    finally:
        stop.window = None
    notice: AbstractContextManager[SavingNotice | None]
    if window.handover is None:
        notice = saving_while_closing()
    elif window.at_close.presses:
        # A switch of mode waits for the jobs of a press as a close does (up to
        # SUBMIT_CLOSE_WAIT_S), with no window to show it: nothing did, for as long.
        notice = saving_while_switching()
    else:  # its next window opens at once: no notice that would flash up between the two
        notice = nullcontext()
    with notice as shown:
        return await _shut(window, stop, saved, shown)


def _carried(handover: Handover, kept: Handover) -> Handover:
    """``handover``, of a window closed by a stop signal as it opened, with what the work
    it was given (``kept``) had still to tell: the presses whose jobs were not made and the
    artworks a cut Delete left. Its window was closed before it said them, and they were
    lost: the next start said nothing of them."""
    return replace(handover, unmade=kept.unmade, undeleted=kept.undeleted)


async def _shut(
    window: MainWindow,
    stop: _Stop,
    saved: Path,
    notice: SavingNotice | None,
) -> Handover | None:
    """:func:`_until_closed` once the window is closed: its jobs made, its session shut,
    its work kept; its handover when it closed to switch mode. ``notice``: the one that says
    what the close waits for, when one shows. The close waits for the Deletes and presses
    under way as the window closed (:attr:`MainWindow.at_close`)."""
    at_close = window.at_close
    handover = window.handover
    # A stop signal from now on (Ctrl+C again, a logout's SIGTERM) cuts every wait of the
    # close at once, the session's too: with no window left, nothing shows the app is
    # still there, and a logout kills it soon.
    cut = asyncio.Event()
    stop.cut = cut
    ends = _close_ends(window)
    # The artworks of each Delete the close waits for are written for the next start before
    # the waits, which a logout's kill may cut short; a switch's lists too, which lived only
    # in memory until the next window opened.
    given = () if window.quit_confirmed else _deletes_given(window, at_close.deleting)
    if handover is None:
        _owe(saved, window.work_left(unmade=window.generate_tab.presses_unmade), (), given)
    else:
        handover = _switch_left(handover, given)
        _owe(saved, handover, handover.unmade, handover.undeleted)
    try:
        unmade = await _finish_submits(at_close.presses, cut, ends)
        if handover is not None and unmade:
            handover = replace(handover, unmade=handover.unmade + unmade)
            _owe(saved, handover, unmade)
        undeleted: tuple[int, ...] = ()
        if not window.quit_confirmed:
            undeleted = await _finish_deletes(window, cut, ends, notice, given)
        if handover is not None:  # a switch's window says them, or the next start
            handover = _switch_left(handover, undeleted)
        left = window.work_left(unmade=unmade, undeleted=undeleted) if handover is None else None
        later = tuple(job_id for job_id in undeleted if job_id not in given)
        _owe(saved, left if handover is None else handover, (), later)
        await window.bridge.aclose(cut, ends)
        # Before the session closes: a publish the close cancelled may still be taking back
        # what it sent, which it notes in the library (PublishController.aclose).
        await _finish_publishing(window, cut, notice)
        await window.session.aclose(cut)
    finally:
        stop.cut = None
    # Delete the widgets here, on the GUI thread, rather than whenever (and wherever) the
    # garbage collector gets to them.
    shiboken6.delete(window)
    # The launch froze what it made out of collection (entry.launched), the first window's
    # objects among them: back in, or their reference cycles outlived a switch of mode.
    entry.thaw_launch()
    if handover is None and left is None:
        # Nothing written now: what the window kept while it was open (a prompt since
        # cleared) must not come back at the next start, nor a save of it still under way.
        try:
            await handovers.work_file(saved).save(None)
        except KontextError as error:  # it comes back: the next start says why
            await _note_unkept(saved, error, cleared=True)
    await _keep(left, saved)
    return handover


def _close_ends(window: MainWindow) -> float:
    """When (the loop's time) the close of ``window``, beginning now, stops waiting for its
    work: the presses of Generate, a Delete, the writes. One deadline for them all, which run
    at once: :data:`~kontext_studio.ui.bridge.CLOSE_GRACE_S`, or :data:`SUBMIT_CLOSE_WAIT_S`
    with presses whose jobs were being made as it closed. Before, each wait was given its
    own after the one before, 30 s for a press, 10 s for a Delete, 10 s for the writes: a
    logout killed the app first."""
    grace = window.bridge.close_grace_s
    if window.at_close.presses:
        grace = max(grace, SUBMIT_CLOSE_WAIT_S)
    return asyncio.get_running_loop().time() + grace


async def _finish_submits(presses: Presses, cut: asyncio.Event, ends: float) -> tuple[Press, ...]:
    """Let ``presses`` of Generate whose jobs were not made yet as the window closed (an
    edit's reference being prepared) make them before the session closes, until ``ends``
    (:func:`_close_ends`): the artist pressed Generate, then closed the window, and expects
    the jobs made; they are written before anything is sent, and carry on at the next start.
    Cut off at once, they were lost without a word. A stop signal heard during the wait
    (``cut``) ends it at once: before, the app stayed on, deaf, for the whole wait. Returns
    the presses whose jobs were not made (the wait ran out or was cut, or the press failed
    during it): the next window says so (:attr:`Handover.unmade`)."""
    if presses:
        log.info("waiting for jobs to be made", extra={"event": "submit_wait_at_close"})
    unmade = await finish_submits(presses, ends - asyncio.get_running_loop().time(), cut)
    if unmade:
        log.warning("jobs not made before close", extra={"event": "submit_cut_at_close"})
    return unmade


def _deletes_given(window: MainWindow, at_close: frozenset[int]) -> tuple[int, ...]:
    """The artworks of the Deletes the close of ``window`` waits for: those under way as it
    closed (``at_close``; one that ended in the turn of the loop since, its images refused
    by the trash, was not said) and those under way now (:func:`_finish_deletes`)."""
    return tuple(sorted(at_close | window.bridge.deleting))


def _switch_left(handover: Handover, undeleted: tuple[int, ...]) -> Handover:
    """``handover``, of a switch of mode, with the artworks ``undeleted`` a Delete the switch
    waited for left: said as a switch's (:attr:`Handover.undeleted_at_switch`), unless it
    carries those of a close already, whose words stay."""
    if not undeleted:
        return handover
    at_switch = handover.undeleted_at_switch or not handover.undeleted
    return replace(
        handover,
        undeleted=_joined(handover.undeleted, undeleted),
        undeleted_at_switch=at_switch,
    )


def _joined(first: tuple[int, ...], then: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(dict.fromkeys((*first, *then)))


async def _finish_deletes(
    window: MainWindow,
    cut: asyncio.Event,
    ends: float,
    notice: SavingNotice | None,
    given: tuple[int, ...],
) -> tuple[int, ...]:
    """Let a Delete the artist confirmed finish before the session closes, until ``ends``
    (:func:`_close_ends`), when the window closed without Quit's question (a stop signal: a
    logout's SIGTERM, Ctrl+C): before, it stopped partway, some of the artworks deleted and
    the others not, with no word. A stop signal heard during the wait (``cut``) ends it at
    once; what was not deleted is logged. The ``notice`` says the Delete is being finished
    meanwhile: "Saving your work" was not what the app waited for.

    Returns the artworks the Deletes were given, for the next start to say which of them
    the library still holds (:attr:`Handover.undeleted`): those the wait left, and those
    whose image the trash refused, with nobody there to be asked to delete them for good
    (``JobActions._trash_refused``). Counted here, the one being removed as the wait was
    cut was said left, and those the trash refused were not said at all (``given``:
    :func:`_deletes_given`, as the close began, with those under way now).
    """
    bridge = window.bridge
    given = _joined(given, tuple(sorted(bridge.deleting)))
    if not bridge.deleting:
        return given
    log.info("waiting for the Delete to finish", extra={"event": "delete_wait_at_close"})
    with nullcontext() if notice is None else notice.finishing_delete():
        left = await bridge.finish_deletes(ends, cut)
    if left:
        log.warning(
            "artworks not deleted before close",
            extra={"event": "delete_cut_at_close", "count": left},
        )
    return given


async def _finish_publishing(
    window: MainWindow, cut: asyncio.Event, notice: SavingNotice | None
) -> None:
    """End the window's publishing (:meth:`PublishController.aclose`), the ``notice`` saying
    so while it waits: up to 13 s for a publish taking back what it sent, which "Saving your
    work" did not name."""
    publishing = window.publishing
    with (
        nullcontext() if notice is None or not publishing.on_r2() else notice.finishing_publishing()
    ):
        await publishing.aclose(cut)


def _log_failure(error: Exception, event: str) -> None:
    """Why a window could not open goes to the log file (when it is open), never to the
    terminal: a bug with its traceback, an error of the app's as a warning with its kind
    (the artist reads its words). Before, the latter was not logged at all."""
    if not logging_to_file():
        return
    if isinstance(error, KontextError):
        log.warning("start failed", extra={"event": event, "kind": error.kind})
    else:
        log.error("start failed", exc_info=error, extra={"event": event})


async def _cannot_start(error: Exception, errors: _ErrorReport, *, kept: bool = False) -> int:
    """Say why the window cannot open, in words, then what else went wrong meanwhile, as no
    window will (the errors missed: before, they were only logged), those that come while
    the box is open too, and, after a switch, that the artist's work is ``kept`` for the
    next start. Returns the exit code."""
    _log_failure(error, "app_start_failed")
    words = explain(error)
    missed = errors.take_missed()

    def detail() -> str:
        said = words.lines()
        if also := _also_said(missed, words):
            said += "\n\n" + also
        if kept:
            said += "\n\n" + QApplication.translate(
                "App", "Your unsent work is kept: it comes back at the next start."
            )
        return said

    def shown(box: QMessageBox) -> None:
        def said_too(later: BaseException) -> None:
            missed.add(later)
            box.setInformativeText(detail())

        errors.box = said_too

    try:
        await tell(
            None,
            APP_NAME,
            QApplication.translate("App", "Kontext Studio cannot start."),
            detail(),
            shown=shown,
        )
    finally:
        errors.box = None
    return 1


def _also_said(missed: _Kept, cause: Explanation) -> str:
    """``missed`` in words: each error's first sentence (one each, :class:`_Kept`), not the
    ``cause``'s said above it, then how many more came (logged, with what a bug's
    traceback says); empty when none came. Before, the cause could be said again, as if
    something else failed."""
    said = [
        sentence
        for sentence in (explain(error).message for error in missed.errors)
        if sentence != cause.message
    ]
    if not missed.errors:
        return ""
    more = _more_said(
        len(missed.errors) + missed.over - len(said), log_named=names_log_folder(cause)
    )
    return "\n".join(filter(None, [QApplication.translate("App", "Also:"), *said, more]))


def _more_said(more: int, *, log_named: bool) -> str:
    """That ``more`` errors came than are said (each logged); empty when none did. Where to
    read them is said unless the words before it (``log_named``: a bug's) sent the reader
    to the log folder already: before, a banner said "see the log folder." twice."""
    if more == 1 and log_named:
        return QApplication.translate("App", "…and 1 more error.")
    if more == 1:
        return QApplication.translate("App", "…and 1 more error: see the log folder.")
    if more > 1 and log_named:
        words = QApplication.translate("App", "…and {count} more errors.")
    elif more > 1:
        words = QApplication.translate("App", "…and {count} more errors: see the log folder.")
    else:
        return ""
    return words.format(count=translations.grouped(more))


class _Stop:
    """Ctrl+C in the terminal, SIGTERM (a logout, ``kill``) and SIGHUP (the terminal
    closed), heard for the app's whole life. With a window open they close it as its close
    button does, so jobs in flight are left for the next start; between windows (at start,
    in the middle of a switch) the window being opened closes as soon as it is shown, and a
    message box is dismissed.
    Before, Ctrl+C raised KeyboardInterrupt inside a Qt event handler: a traceback, and the
    window stayed open, or at start never opened while the app ran on."""

    def __init__(self) -> None:
        self.window: MainWindow | None = None
        self.requested = False
        self.cut: asyncio.Event | None = None
        """Set by a stop signal: the waits of a closed window's end (:func:`_shut`)."""
        self.heard = threading.Event()
        """Set with ``requested``: a start's wait in a worker thread for another instance's
        upgrade of the library ends (:func:`_open_window`)."""

    def __call__(self) -> None:
        log.info("stop asked", extra={"event": "stop_signal"})
        self.requested = True
        self.heard.set()
        if self.cut is not None:
            self.cut.set()
        if self.window is not None:
            _close_after_dialogs(self.window)
            return
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog):
            dismiss_unasked(dialog)


@contextmanager
def _watching_signals(stop: _Stop) -> Iterator[None]:
    """Route the stop signals to ``stop``; where the loop cannot watch them (Windows),
    Python's own handlers do (:func:`_heard_by_python`). One the app was started with
    ignored stays ignored: ``nohup kontext-studio`` keeps the window open when its terminal
    closes."""
    loop = asyncio.get_running_loop()
    watched: list[signal.Signals] = []
    unwatchable: list[signal.Signals] = []
    for number in entry.STOP_SIGNALS:
        if signal.getsignal(number) is signal.SIG_IGN:
            continue
        try:
            loop.add_signal_handler(number, stop)
        except NotImplementedError:
            unwatchable.append(number)
        except (RuntimeError, ValueError):
            continue
        else:
            watched.append(number)
    try:
        with _heard_by_python(unwatchable, stop):
            yield
    finally:
        for number in watched:
            loop.remove_signal_handler(number)


@contextmanager
def _heard_by_python(numbers: list[signal.Signals], stop: _Stop) -> Iterator[None]:
    """Hear the signals ``numbers`` with Python's own handlers, and hand each to ``stop``
    on the loop, as its own watch does elsewhere. Windows' asyncio loop cannot watch
    signals: the defaults stayed, and a Ctrl+C in the console raised KeyboardInterrupt
    inside whatever Qt slot ran, a traceback, the window left open.

    Python runs a handler between two lines of Python, inside whatever runs then: it only
    notes the signal. And only once Python runs at all: while Qt waits in native code for
    events, nothing did, so a timer wakes it every :data:`WAKE_UP_MS`, and hands a signal
    noted meanwhile on. The handlers before are put back afterwards."""
    if not numbers:
        yield
        return
    loop = asyncio.get_running_loop()
    heard: list[int] = []

    def note(number: int, frame: FrameType | None) -> None:
        heard.append(number)

    def hand_on() -> None:
        if heard:
            heard.clear()
            loop.call_soon(stop)

    before = {}
    for number in numbers:
        with suppress(ValueError):  # not the main thread: no handler of Python's hears it
            before[number] = signal.signal(number, note)
    wake_up = QTimer()
    wake_up.timeout.connect(hand_on)
    wake_up.start(WAKE_UP_MS)
    try:
        yield
    finally:
        wake_up.stop()
        for number, handler in before.items():
            if handler is not None:  # one set outside Python cannot be set back
                signal.signal(number, handler)


def _close_after_dialogs(window: MainWindow) -> None:
    """Close ``window`` once no dialog is open. A question, Rename or Save as runs its own
    event loop: closing the window inside it would tear the window down under a dialog it
    owns (that crashed). The dialog is dismissed, as its Cancel would, and the window closes
    on a later turn, from the main loop."""
    dialog = QApplication.activeModalWidget()
    if dialog is None:
        window.close()
        return
    if isinstance(dialog, QDialog):
        dismiss_unasked(dialog)
    else:
        dialog.close()
    QTimer.singleShot(DIALOG_GONE_MS, lambda: _close_after_dialogs(window))


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


class _ErrorReport:
    """The app's hooks for errors nobody catches: raised in Qt slots (``sys.excepthook``),
    in threads (``threading.excepthook``) and in the loop's callbacks and tasks nobody
    awaits (the loop's exception handler). Each is logged once and shown in the banner of
    the window open (:meth:`reach`) as a slot's is (a bug as "Something went wrong."), not
    printed. One for the app's life: before, each window installed one of its own and the
    last stayed after the app ended; a thread's error was printed to the terminal, and a
    task's only logged.

    An error while no window is open (at start, or between the window a switch of mode
    closed and the next, or in a window that never opened) is logged when it comes and
    shown in the next window (:meth:`show_missed`), or in the "cannot start" box when none
    will open (:meth:`take_missed`). Before, it went to the closed window's banner, seen
    by no one, or was only logged.

    It holds the window's bridge weakly: each thread started while it is ``sys.excepthook``
    keeps it for as long as the thread lives (``threading`` takes it at a thread's start),
    and a thread of Qt's or of the loop's pools can outlive the window. Held strongly, the
    bridge kept its closed window (library rows, thumbnails, widgets) alive after each
    switch of mode, one more window each switch."""

    def __init__(self, previous: ExceptHook, loop: asyncio.AbstractEventLoop) -> None:
        self._previous = previous
        self._loop = loop
        self._gui_thread = threading.get_ident()
        self._bridge: weakref.ref[Bridge] | None = None
        self._missed = _Kept()
        self._opening: _Kept | None = None
        """What the window reached showed while it was opening (:meth:`reach`)."""
        self.box: Callable[[BaseException], None] | None = None
        """Where an error goes while no window is open and the "cannot start" box is: said
        in it too. Before, such an error was only logged."""

    def reach(self, bridge: Bridge | None) -> None:
        """Report to ``bridge``, the window's that has just been built, from now on; to none
        once its window has closed, or could not open. What it showed before it opened
        (:meth:`show_missed`) is kept, for the window opened next or the "cannot start"
        box, when it never does: its building failed after, or it fell over in its
        teardown. Before, it was shown in a window that never came."""
        if self._opening is not None and bridge is None:
            self._missed = self._missed.then(self._opening)
        self._opening = None if bridge is None else _Kept()
        self._bridge = None if bridge is None else weakref.ref(bridge)

    def show_missed(self) -> None:
        """The window reached is open: show in it the errors that came while none was."""
        self._opening = None
        bridge = self._target()
        if bridge is None:
            return
        missed, self._missed = self._missed, _Kept()
        for error in missed.errors[:-1]:
            bridge.report(error, logged=True)
        if not missed.errors:
            return
        last = missed.errors[-1]
        words = explain(last)
        # One banner a topic: the errors a later one of the same topic replaces are counted.
        topics = [error_topic(error) for error in missed.errors]
        if more := missed.over + len(topics) - len(set(topics)):
            said = _more_said(more, log_named=names_log_folder(words))
            words = Explanation(words.message, join_sentences(words.hint, said))
        bridge.report(last, words=words, logged=True)

    def take_missed(self) -> _Kept:
        """The errors that came while no window was open, for the "cannot start" box: no
        window will show them."""
        missed, self._missed = self._missed, _Kept()
        return missed

    def __call__(
        self, kind: type[BaseException], error: BaseException, trace: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._previous(kind, error, trace)
            return
        _forget_last_error()
        self._take(error)

    def in_thread(self, args: threading.ExceptHookArgs) -> None:
        """``threading.excepthook``: logged in the thread, shown from the GUI thread (a
        bridge's signals are the GUI thread's). A thread ended by ``SystemExit`` ends
        quietly, as Python's own hook has it; one interrupted (``KeyboardInterrupt``) is no
        bug: logged, not shown, as a command has it (:mod:`kontext_studio.cli.uncaught`).
        Before, the window said "Something went wrong." of it."""
        error = thread_bug(args)
        if error is not None:
            self._take(error)

    def in_loop(self, loop: asyncio.AbstractEventLoop, context: dict[str, object]) -> None:
        """The loop's exception handler: an error of a callback or of a task nobody awaited
        (work the artist asked for that failed unexpectedly) is reported. What is not an
        error of the app's (:func:`~kontext_studio.loop_errors.own_error`) is logged
        (:func:`~kontext_studio.loop_errors.log_left`)."""
        error = own_error(context)
        if error is None:
            log_left(context)
            return
        self._take(error)  # a task is collected in whichever thread lets it go

    def _take(self, error: BaseException) -> None:
        """Log ``error`` and show it: from another thread, logged there and shown from the
        GUI thread, whose objects a bridge's signals are."""
        if threading.get_ident() == self._gui_thread:
            self._show(error, logged=False)
            return
        log_reported(error)
        with suppress(RuntimeError):  # the loop has closed: the app has ended, it is logged
            self._loop.call_soon_threadsafe(self._show, error, True)

    def _show(self, error: BaseException, logged: bool) -> None:
        """Show ``error`` on the GUI thread, and log it unless it is ``logged`` already;
        kept for the next window while none is open."""
        bridge = self._target()
        if bridge is not None:
            bridge.report(error, logged=logged)
            if self._opening is not None:
                self._opening.add(error)
            return
        if not logged:
            log_reported(error)
        if self.box is not None:
            self.box(error)
            return
        self._missed.add(error)

    def _target(self) -> Bridge | None:
        """The bridge of the window open now, if any."""
        return None if self._bridge is None else self._bridge()


def _forget_last_error() -> None:
    """Let go of the error Python keeps for a debugger's post-mortem (``sys.last_value``
    and its kin), which it sets before it calls ``sys.excepthook`` with a slot's error: its
    traceback held every frame it went through and all they held (a window that could not
    be built, with its library and widgets; a closed dialog) until the next error came.
    The app keeps what it shows of an error itself (:class:`_Kept`)."""
    for name in ("last_exc", "last_type", "last_value", "last_traceback"):
        if hasattr(sys, name):
            delattr(sys, name)


@dataclass
class _Kept:
    """Errors kept to be shown later: the first :data:`ERRORS_KEPT` that say something
    else each, the others counted. Before, every one was kept: a slot falling over again
    and again while no window was open kept each error, and all its traceback held, for as
    long as none opened; and kept its same words, the place of any other error's."""

    errors: list[BaseException] = field(default_factory=list)
    over: int = 0
    """How many more came than are kept."""

    def add(self, error: BaseException) -> None:
        said = explain(error).message
        if len(self.errors) < ERRORS_KEPT and all(
            explain(kept).message != said for kept in self.errors
        ):
            self.errors.append(error)
        else:
            self.over += 1

    def then(self, later: _Kept) -> _Kept:
        """These, then ``later``'s, kept as one."""
        kept = _Kept(list(self.errors), self.over)
        for error in later.errors:
            kept.add(error)
        kept.over += later.over
        return kept


@contextmanager
def _reporting_errors() -> Iterator[_ErrorReport]:
    """:class:`_ErrorReport` as ``sys.excepthook``, ``threading.excepthook`` and the running
    loop's exception handler for the time of the block; each hook it replaced is put back
    after it, unless another (a debugger's, a crash reporter's) has taken its place since:
    that one is left in place."""
    loop = asyncio.get_running_loop()
    previous, previous_threads = sys.excepthook, threading.excepthook
    previous_loop = loop.get_exception_handler()
    errors = _ErrorReport(previous, loop)
    in_thread, in_loop = errors.in_thread, errors.in_loop  # compared by identity after
    sys.excepthook, threading.excepthook = errors, in_thread
    loop.set_exception_handler(in_loop)
    try:
        yield errors
    finally:
        if sys.excepthook is errors:
            sys.excepthook = previous
        if threading.excepthook is in_thread:
            threading.excepthook = previous_threads
        if loop.get_exception_handler() is in_loop:
            loop.set_exception_handler(previous_loop)


_prepared: QApplication | None = None


def prepared_application(argv: list[str] | None = None) -> QApplication:
    """The app's QApplication (made with ``argv``, by default the launch's), set up once as
    the app's, in the saved language. A launch waiting for the app open on its library (or
    told it does not answer) shows a notice with it before :func:`run_app` runs
    (:mod:`kontext_studio.ui.closing_notice`)."""
    global _prepared
    app = QApplication.instance() or QApplication(sys.argv if argv is None else argv)
    assert isinstance(app, QApplication)
    if app is not _prepared:
        configure_application(app)
        # Before any widget exists: texts are set when widgets are built.
        translations.install_saved(app)
        _prepared = app
    return app


def run_app(
    argv: list[str] | None = None,
    *,
    reference: str | None = None,
    claim: single_instance.Claim | None = None,
    left_out: int = 0,
    passed_over: bool = False,
) -> int:
    """Run the window until it is closed; returns the exit code. ``claim`` is this launch's
    hold on its library's socket (:func:`kontext_studio.single_instance.claim`); ``reference``,
    ``left_out`` and ``passed_over`` as in :func:`main`."""
    app = prepared_application(argv)
    loop = EventLoop(app)
    asyncio.set_event_loop(loop)
    previous_handlers = {number: signal.getsignal(number) for number in entry.STOP_SIGNALS}
    # Before the loop runs: Finder sends the files it launches the app with at once.
    finder = opened_files.heard(app) if opened_files.SENT_BY_THE_SYSTEM else nullcontext()
    try:
        with finder, loop:
            try:
                code = loop.run_until_complete(
                    main(reference, claim, left_out=left_out, passed_over=passed_over)
                )
            finally:
                _ignore_ctrl_c()
            # Before the loop closes, which waits for its worker threads: one stuck in a
            # read kept the process alive, the window gone.
            last_threads.bounded(code)
            return code
    finally:
        for number, handler in previous_handlers.items():
            if handler is not None:
                signal.signal(number, handler)
        asyncio.set_event_loop(None)


def _ignore_ctrl_c() -> None:
    """The app is ending: the loop, as it closes, waits for its worker threads (a thumbnail
    being made, a clean-up). Another Ctrl+C meanwhile, an impatient second press, raised
    KeyboardInterrupt there: a traceback, and Qt's threads destroyed while they ran. SIGTERM
    keeps its default: it ends the app at once, quietly, should a thread hang."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
