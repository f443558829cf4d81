"""A launch that waits for the app open on its library shows why, and its GUI keeps turning;
one that opens no window shows why too."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from typing import TypeVar

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from kontext_studio import single_instance
from kontext_studio.ui import closing_notice

T = TypeVar("T")


@pytest.fixture(autouse=True)
def application(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests' application as it is: set up again, it would change their language."""
    monkeypatch.setattr(closing_notice, "prepared_application", lambda: qapp)


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


def waiting(wait: Callable[[], T]) -> T:
    """The wait of a launch for the app closing on its library."""
    words, timed_out = single_instance.closing_words(), single_instance.not_closed_words()
    return closing_notice.waiting(wait, words, timed_out)


def test_the_notice_says_why_the_launch_waits_until_the_app_before_it_has_ended() -> None:
    """Before, a launch from the desktop showed nothing for the seconds the app before it
    took to close, and looked as if it had failed."""
    ended = threading.Event()
    shown: list[str] = []

    def look() -> None:  # runs only if the GUI thread turns while the launch waits
        shown.extend(notice.text() for notice in notices())
        ended.set()

    on_the_gui_thread(look)
    answer = waiting(lambda: single_instance.NO if ended.wait(10) else b"")

    assert shown == [single_instance.closing_words()]
    assert answer == single_instance.NO
    assert notices() == []  # the window opens next, without it


def test_a_close_that_never_ends_leaves_the_notice_saying_so_until_dismissed() -> None:
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
    with pytest.raises(TimeoutError):
        waiting(wait)

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
