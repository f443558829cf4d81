"""Dialogs open centred over the window, wholly on the screen, their title bar in reach.

Under openbox Settings opened now and then at (0, 0), its title bar above the screen's top,
where it could not be dragged: grown before the window manager had framed it, it was sent
to the corner Qt had heard of last. Offscreen there is no frame: the one it will be given
is :data:`~kontext_studio.ui.placement.FRAME_GUESS`."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QMargins, QPoint, QRect, QSize, QTimer
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from kontext_studio.ui import placement
from kontext_studio.ui.main_window import MainWindow
from kontext_studio.ui.placement import frame_rect, keep_placed, placed
from kontext_studio.ui.question import ask
from tests.ui.conftest import settled, until
from tests.ui.test_small_screen import demo, window

__all__ = ["demo", "window"]  # the fixtures, used by name

SCREEN = QRect(0, 0, 1366, 800)
NETBOOK = QRect(0, 0, 1024, 600)
DRAWN = QMargins(1, 20, 1, 1)
"""openbox's frame around a dialog."""


DIALOGS: dict[str, Callable[[MainWindow], QDialog]] = {
    "settings": MainWindow.open_settings,
    "keyboard shortcuts": MainWindow.show_shortcuts,
    "statistics": MainWindow.open_statistics,
    "last messages": MainWindow.show_last_message,
}


def centre_gap(inner: QRect, outer: QRect) -> QPoint:
    return inner.center() - outer.center()


def test_a_frame_is_centred_over_the_window() -> None:
    corner = placed(QSize(400, 300), QRect(100, 50, 1000, 700), SCREEN)
    assert corner == QPoint(400, 250)


def test_a_frame_over_a_window_at_the_screen_s_edge_is_moved_onto_the_screen() -> None:
    assert placed(QSize(400, 300), QRect(-300, 600, 400, 400), SCREEN) == QPoint(0, 500)


def test_a_frame_larger_than_the_screen_keeps_its_title_bar_on_it() -> None:
    assert placed(QSize(1500, 900), QRect(0, 0, 1366, 800), SCREEN) == QPoint(0, 0)


@pytest.mark.parametrize("name", DIALOGS)
async def test_a_dialog_opens_centred_over_the_window_wholly_on_the_screen(
    name: str, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(SCREEN))
    window.setGeometry(QRect(300, 200, 1000, 580))
    await settled(window)
    dialog = DIALOGS[name](window)
    await settled(dialog)
    frame = frame_rect(dialog)
    assert SCREEN.contains(frame), frame
    assert abs(centre_gap(frame, window.frameGeometry()).x()) <= 1, frame
    assert window.frameGeometry().contains(frame.center()), frame  # where it does not fit


async def test_the_keyboard_overview_on_a_small_screen_keeps_its_title_bar_on_it(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(NETBOOK))
    window.setGeometry(QRect(0, 0, 1000, 540))
    await settled(window)
    overview = window.show_shortcuts()
    await settled(overview)
    frame = frame_rect(overview)
    assert frame.top() >= NETBOOK.top() and frame.left() >= NETBOOK.left(), frame
    assert NETBOOK.contains(frame), frame
    assert abs(centre_gap(frame, window.frameGeometry()).x()) <= 1, frame


async def test_settings_grown_after_the_frame_put_it_above_the_screen_is_placed_back(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """openbox framed it, and a resize sent before Qt heard where put it at (0, 0)."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(SCREEN))
    dialog = window.open_settings()
    await settled(dialog)
    monkeypatch.setattr(
        QWidget, "frameGeometry", lambda widget: widget.geometry().marginsAdded(DRAWN)
    )
    dialog.setGeometry(QRect(QPoint(0, 0), dialog.size()))
    await settled(dialog)
    frame = dialog.frameGeometry()
    assert SCREEN.contains(frame), frame
    gap = centre_gap(frame, window.frameGeometry())
    assert abs(gap.x()) <= 1 and abs(gap.y()) <= 1, gap


async def test_settings_moved_above_the_screen_by_the_artist_is_left_there(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Moved there after the window manager had framed it (onto a panel, over the top of a
    second screen), it was sent back over the window, up to three times, mid-drag."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(SCREEN))
    monkeypatch.setattr(placement, "WATCHED_S", 0.0)  # the artist moves it at once
    dialog = window.open_settings()
    await settled(dialog)
    monkeypatch.setattr(
        QWidget, "frameGeometry", lambda widget: widget.geometry().marginsAdded(DRAWN)
    )
    dialog.setGeometry(QRect(QPoint(40, 10), dialog.size()))
    await settled(dialog)
    assert dialog.frameGeometry().topLeft() == QPoint(39, -10)


def grown_by_the_app(dialog: QDialog, size: QSize) -> None:
    """``dialog`` grown to ``size`` by what it holds (a note shown, a field's refusal)."""
    dialog.setMinimumSize(size)


def grown_by_the_artist(dialog: QDialog, size: QSize) -> None:
    """``dialog`` grown to ``size`` by an edge the artist drags: the window manager
    resizes its window, and Qt hears of it from the platform."""
    handle = dialog.windowHandle()
    assert handle is not None
    handle.resize(size)


@pytest.mark.parametrize(
    ("grow", "moved"),
    [(grown_by_the_app, True), (grown_by_the_artist, False)],
    ids=["by the app", "by the artist"],
)
async def test_settings_moved_partly_off_the_screen_goes_back_on_when_the_app_grows_it(
    grow: Callable[[QDialog, QSize], None],
    moved: bool,
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The artist moved Settings partly past the screen's bottom right on purpose. Grown by
    what it holds, it comes back wholly onto the screen, its buttons in reach; enlarged by
    the artist dragging its edge, it jumped back onto the screen all the same, away from
    where it was put and from under the pointer: it stays where the artist put it."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(SCREEN))
    monkeypatch.setattr(placement, "WATCHED_S", 0.0)  # the artist moves it at once
    dialog = window.open_settings()
    await settled(dialog)
    dialog.move(SCREEN.right() - 300, SCREEN.bottom() - 200)
    await settled(dialog)
    put = dialog.pos()
    larger = dialog.size() + QSize(80, 60)

    grow(dialog, larger)
    await until(lambda: dialog.size() == larger)
    await settled(dialog)

    assert SCREEN.contains(frame_rect(dialog)) is moved, frame_rect(dialog)
    assert (dialog.pos() != put) is moved, (dialog.pos(), put)  # before: moved by the artist


def show_about(window: MainWindow) -> None:
    window.show_about()


def ask_a_question(window: MainWindow) -> None:
    """Asked from Qt's loop, as a click asks it: never inside the test's task."""
    QTimer.singleShot(0, lambda: ask(window, "Delete", "Delete “A fox”?", "&Delete"))


async def shown_box(window: MainWindow, opening: Callable[[MainWindow], None]) -> QMessageBox:
    """The message box ``opening`` opens over ``window``, its layout settled."""
    opening(window)
    await until(lambda: any(box.isVisible() for box in window.findChildren(QMessageBox)))
    box = next(box for box in window.findChildren(QMessageBox) if box.isVisible())
    await settled(box)
    return box


def tell_recovered(window: MainWindow) -> None:
    window.tell_recovered("/tmp/library.damaged")


def offer_publish_settings(window: MainWindow) -> None:
    window.offer_publish_settings("No bucket is set.", "Set one in Settings.", False, "Publish")


BOXES: dict[str, Callable[[MainWindow], None]] = {
    "about": show_about,
    "a question": ask_a_question,
    "a notice": tell_recovered,
    "publishing's offer": offer_publish_settings,
}


@pytest.mark.parametrize("name", BOXES)
async def test_a_message_box_opens_centred_over_the_window(
    name: str, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Qt centred it by a frame it guessed, 20 px off under openbox; placed by its frame
    like the dialogs, it stands in the middle of the window."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(SCREEN))
    window.setGeometry(QRect(300, 200, 1000, 580))
    await settled(window)
    box = await shown_box(window, BOXES[name])
    frame = frame_rect(box)
    gap = centre_gap(frame, window.frameGeometry())
    assert abs(gap.x()) <= 1 and abs(gap.y()) <= 1, gap
    box.reject()


@pytest.mark.parametrize("name", BOXES)
async def test_a_message_box_over_a_window_at_a_small_screen_s_edge_is_wholly_on_it(
    name: str, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window half off the bottom right of a netbook's screen: the box centred over it
    would have been cut by the screen's edges."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(NETBOOK))
    window.setGeometry(QRect(600, 380, 1000, 540))
    await settled(window)
    box = await shown_box(window, BOXES[name])
    frame = frame_rect(box)
    assert NETBOOK.contains(frame), frame
    box.reject()


async def test_a_box_whose_details_are_shown_on_a_small_screen_stays_wholly_on_it(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its details shown, a box grows down from where it stood: near a netbook's bottom
    edge, the details and the buttons under them went past it, out of reach."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(NETBOOK))
    window.setGeometry(QRect(0, 300, 1000, 280))
    await settled(window)
    box = QMessageBox(QMessageBox.Icon.Warning, "Publish", "The upload failed.", parent=window)
    box.setDetailedText("\n".join(f"artwork {n}: refused" for n in range(12)))
    keep_placed(box)
    box.open()
    await settled(box)
    before = frame_rect(box)
    assert NETBOOK.contains(before), before
    details = next(
        button
        for button in box.buttons()
        if box.buttonRole(button) == QMessageBox.ButtonRole.ActionRole
    )
    details.click()
    await until(lambda: frame_rect(box).height() > before.height())
    await settled(box)
    assert NETBOOK.contains(frame_rect(box)), frame_rect(box)
    box.reject()


async def test_a_box_framed_otherwise_than_its_window_is_centred_by_its_own_frame(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """openbox draws a 5 px border under the window, which the artist can resize, and 1 px
    under a message box. Placed before it was framed, by the window's frame, About stood
    2 px above the window's centre; the window manager frames it where it stands, and Qt
    tells no move: it is looked at again once it is painted."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(SCREEN))
    monkeypatch.setattr(placement, "WATCHED_S", 60.0)  # however slow the machine
    boxes_framed: list[bool] = []

    def frame_geometry(widget: QWidget) -> QRect:
        if not isinstance(widget, QMessageBox):
            return widget.geometry().marginsAdded(QMargins(1, 20, 1, 5))
        return widget.geometry().marginsAdded(DRAWN) if boxes_framed else widget.geometry()

    monkeypatch.setattr(QWidget, "frameGeometry", frame_geometry)
    window.setGeometry(QRect(300, 200, 1000, 580))
    await settled(window)
    box = await shown_box(window, show_about)
    before = box.geometry()
    boxes_framed.append(True)
    box.update()
    await until(lambda: box.geometry() != before)
    await settled(box)
    gap = centre_gap(box.frameGeometry(), window.frameGeometry())
    assert abs(gap.x()) <= 1 and abs(gap.y()) <= 1, gap
    box.reject()
