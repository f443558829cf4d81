"""What a launch shows while it waits for the app open on its library, or when that app will
not take its request.

The artist closed the window as a job was being sent: the app stays a few seconds, its
window gone, for KIE's answer. A launch meanwhile waits for it to end, then opens its window
(:func:`kontext_studio.single_instance.hand_over`); as a launch waits for a window still
opening (the system keyring asking to be unlocked). From a terminal it says so on stderr;
from the desktop nothing showed meanwhile, and the launch looked as if it had failed. So the
same words show in a notice until the wait ends, and turn into why no window will open,
should the app never answer; and an app that does not answer at all is said in one too. The
wait runs on a thread of its own: the GUI thread keeps turning.

The notice shows only once the launch has waited :data:`NOTICE_AFTER_S`: an artist who
double-clicks the icon twice as the app starts has its window a second or two later, and a
notice that flashed up meanwhile looked like an error. Why no window will open shows at once.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox

from kontext_studio import APP_NAME
from kontext_studio.ui.app import WAKE_UP_MS, prepared_application
from kontext_studio.ui.font_scale import icons_as_tall_as_text

T = TypeVar("T")

NOTICE_AFTER_S = 2.5
"""How long a launch waits, from its request, before the notice shows. The app says it holds
the request after a second (``single_instance.HOLD_NOTICE_S``); measured on two cores, an
ordinary start answered 0.2-0.7 s after the request (never held), one slowed down to take
1.6-3 s to open (a cold disk, the keyring's service starting) 1.5-2.7 s after it."""


class _Ended(QObject):
    ended = Signal()


def waiting(wait: Callable[[], T], words: str, timed_out: str, waited: float = 0.0) -> T:
    """Run ``wait`` (a launch's wait for the app open on its library, which has lasted
    ``waited`` s since its request) on a thread, with a notice saying ``words`` meanwhile,
    once it has lasted :data:`NOTICE_AFTER_S`; what it returns, or what it raised. A wait that
    timed out leaves the notice saying ``timed_out`` until it is dismissed; a Ctrl+C then
    dismisses it too. Before, Ctrl+C did nothing there: Python's handler never ran while Qt
    waited in the notice. Ctrl+C ends the wait at once, as it ended the launch's wait in the
    terminal (KeyboardInterrupt), and so does a Quit (macOS's Cmd+Q, the Dock's): Qt ends
    every event loop then, the wait's before its answer came, which was read as if it had
    (a traceback)."""
    notice = _notice(words)
    showing = QTimer(singleShot=True)
    showing.timeout.connect(notice.show)
    showing.start(max(0, round((NOTICE_AFTER_S - waited) * 1000)))
    outcome: list[T] = []
    failure: list[BaseException] = []
    told = _Ended()
    loop = QEventLoop()
    told.ended.connect(loop.quit, Qt.ConnectionType.QueuedConnection)

    def run() -> None:
        try:
            outcome.append(wait())
        except BaseException as error:  # raised again on the GUI thread
            failure.append(error)
        finally:
            told.ended.emit()

    def stop() -> None:  # ends the wait, or the notice that it timed out (as its OK does)
        loop.quit()
        notice.reject()

    # A daemon: a launch stopped meanwhile ends without waiting for the app before it.
    threading.Thread(target=run, name="launch-wait", daemon=True).start()
    with _on_ctrl_c(stop) as stopped:
        loop.exec()
        showing.stop()  # not over the window that opens next
        late = [error for error in failure if isinstance(error, TimeoutError)]
        if late and not stopped:
            _warn(notice, timed_out)
    notice.close()
    if late:
        raise late[0]
    if stopped or not (outcome or failure):
        raise KeyboardInterrupt
    if failure:
        raise failure[0]
    return outcome[0]


def tell(words: str) -> None:
    """Show ``words``, why the launch opens no window, until the notice is dismissed (its
    OK, a Ctrl+C, a Quit): a launch from the desktop has no terminal to say it on."""
    notice = _notice(words)
    with _on_ctrl_c(notice.reject):
        _warn(notice, words)
    notice.close()


def _notice(words: str) -> QMessageBox:
    prepared_application()
    notice = QMessageBox(
        QMessageBox.Icon.Information, APP_NAME, words, QMessageBox.StandardButton.Ok
    )
    notice.setObjectName("closingNotice")
    icons_as_tall_as_text(notice)
    return notice


def _warn(notice: QMessageBox, words: str) -> None:
    """``notice`` says ``words``, a warning, until it is dismissed."""
    notice.setIcon(QMessageBox.Icon.Warning)
    notice.setText(words)
    notice.exec()


@contextmanager
def _on_ctrl_c(stop: Callable[[], None]) -> Iterator[list[int]]:
    """Call ``stop`` on Ctrl+C; the list says whether one came. Python runs its handler only
    once Python runs, which it does not while Qt waits for events: a timer wakes it every
    :data:`WAKE_UP_MS`. A Ctrl+C the launch was given ignored stays ignored."""
    heard: list[int] = []
    main = threading.current_thread() is threading.main_thread()
    before = signal.getsignal(signal.SIGINT)
    if not main or before is signal.SIG_IGN or before is None:
        yield heard
        return

    def note(number: int, frame: FrameType | None) -> None:
        heard.append(number)

    def wake() -> None:
        if heard:
            stop()

    signal.signal(signal.SIGINT, note)
    wake_up = QTimer()
    wake_up.timeout.connect(wake)
    wake_up.start(WAKE_UP_MS)
    try:
        yield heard
    finally:
        wake_up.stop()
        signal.signal(signal.SIGINT, before)
