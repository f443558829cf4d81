"""A launch that waits for the app open on its library shows why, and its GUI keeps turning;
one that opens no window shows why too."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from typing import TypeVar

import pytest
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from kontext_studio import single_instance
from kontext_studio.ui import closing_notice

T = TypeVar("T")


@pytest.fixture(autouse=True)
def application(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests' application as it is: set up again, it would change their language."""
    monkeypatch.setattr(closing_notice, "prepared_application", lambda: qapp)


class Shown(QObject):
    """Each notice shown, however briefly (a flash a look on a timer would miss): what it
    said, and how long after ``started``."""

    def __init__(self) -> None:
        super().__init__()
        self.started = time.monotonic()
        self.said: list[tuple[str, float]] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        notice = isinstance(watched, QMessageBox) and watched.objectName() == "closingNotice"
        if notice and event.type() == QEvent.Type.Show:
            assert isinstance(watched, QMessageBox)
            self.said.append((watched.text(), time.monotonic() - self.started))
        return False


@pytest.fixture
def shown(qapp: QApplication) -> Iterator[Shown]:
    watching = Shown()
    qapp.installEventFilter(watching)
    yield watching
    qapp.removeEventFilter(watching)


def notices() -> list[QMessageBox]:
    return [
        widget
        for widget in QApplication.topLevelWidgets()
        if isinstance(widget, QMessageBox)
        and widget.objectName() == "closingNotice"
        and widget.isVisible()
    ]


def on_the_gui_thread(then: Callable[[], None]) -> None:
    QTimer.singleShot(100, then)


def waiting(wait: Callable[[], T], waited: float = 0.0) -> T:
    """The wait of a launch for the app closing on its library, which it has waited for
    ``waited`` s already."""
    words, timed_out = single_instance.closing_words(), single_instance.not_closed_words()
    return closing_notice.waiting(wait, words, timed_out, waited)


def test_a_wait_that_ends_in_a_moment_shows_no_notice(shown: Shown) -> None:
    """An artist double-clicks the icon twice as the app starts: the window opens a second
    or two after the second launch asked. Before, that launch flashed the notice up for a
    moment, which looked like an error."""
    # Told after the app's 1 s that its request is held; the window opens 0.3 s later.
    answer = waiting(lambda: time.sleep(0.3) or single_instance.OK, waited=1.0)

    assert answer == single_instance.OK
    assert shown.said == []


def test_the_notice_says_why_the_launch_waits_until_the_app_before_it_has_ended(
    shown: Shown, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, a launch from the desktop showed nothing for the seconds the app before it
    took to close, and looked as if it had failed. It shows once the launch has waited long
    enough for an artist to wonder, counted from its request."""
    monkeypatch.setattr(closing_notice, "NOTICE_AFTER_S", 0.6)
    ended = threading.Event()
    seen: list[str] = []

    def look() -> None:  # runs only if the GUI thread turns while the launch waits
        seen.extend(notice.text() for notice in notices())
        if seen:
            ended.set()
        else:
            on_the_gui_thread(look)

    on_the_gui_thread(look)
    answer = waiting(lambda: single_instance.NO if ended.wait(10) else b"", waited=0.2)

    assert seen == [single_instance.closing_words()]
    ((said, after),) = shown.said
    assert said == single_instance.closing_words()
    assert after >= 0.35  # 0.6 s since the request, which was 0.2 s before
    assert answer == single_instance.NO
    assert notices() == []  # the window opens next, without it


def test_a_notice_due_once_the_wait_has_ended_never_shows(
    shown: Shown, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window opens next (its own loop turning): the notice must not show up over it."""
    monkeypatch.setattr(closing_notice, "NOTICE_AFTER_S", 0.4)
    waiting(lambda: time.sleep(0.1))
    QTest.qWait(600)

    assert shown.said == []


def test_a_close_that_never_ends_leaves_the_notice_saying_so_until_dismissed() -> None:
    """Said at once, however soon after the request: it is no wait, but why no window
    opens."""
    said: list[str] = []

    def answer() -> None:
        shown = notices()
        if not shown or shown[0].icon() is not QMessageBox.Icon.Warning:
            on_the_gui_thread(answer)
            return
        said.append(shown[0].text())
        shown[0].button(QMessageBox.StandardButton.Ok).click()

    def wait() -> bytes:
        raise TimeoutError("timed out")

    on_the_gui_thread(answer)
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        waiting(wait)

    assert time.monotonic() - started < closing_notice.NOTICE_AFTER_S
    assert said == [single_instance.not_closed_words()]
    assert "90 seconds" in said[0]
    assert notices() == []


def test_ctrl_c_ends_the_wait_at_once() -> None:
    """As it ended the wait of a launch that showed no notice: before the app ends."""
    before = signal.getsignal(signal.SIGINT)
    ended = threading.Event()
    on_the_gui_thread(lambda: signal.raise_signal(signal.SIGINT))
    started = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt):
            waiting(lambda: ended.wait(10))
    finally:
        ended.set()
    assert time.monotonic() - started < 5
    assert signal.getsignal(signal.SIGINT) is before
    assert notices() == []


NOT_ANSWERING = "Kontext Studio is already open on this library but does not answer."


def test_why_no_window_opens_shows_until_dismissed() -> None:
    """Before, a launch from the desktop said it on stderr only: nothing showed."""
    said: list[tuple[str, QMessageBox.Icon]] = []

    def answer() -> None:
        shown = notices()
        if not shown:
            on_the_gui_thread(answer)
            return
        said.append((shown[0].text(), shown[0].icon()))
        shown[0].button(QMessageBox.StandardButton.Ok).click()

    on_the_gui_thread(answer)
    closing_notice.tell(NOT_ANSWERING)

    assert said == [(NOT_ANSWERING, QMessageBox.Icon.Warning)]
    assert notices() == []


def test_ctrl_c_dismisses_why_no_window_opens() -> None:
    before = signal.getsignal(signal.SIGINT)
    on_the_gui_thread(lambda: signal.raise_signal(signal.SIGINT))
    guard = QTimer(singleShot=True, interval=10_000)  # without it, a hang
    guard.timeout.connect(lambda: [notice.reject() for notice in notices()])
    guard.start()
    started = time.monotonic()
    try:
        closing_notice.tell(NOT_ANSWERING)
    finally:
        guard.stop()

    assert time.monotonic() - started < 5
    assert signal.getsignal(signal.SIGINT) is before
    assert notices() == []
