"""View's steps of the panes (Alt+Shift+arrows): the preview against the library, the
picture against its details, resized from the keyboard as a drag of the handle resizes them.
Before, only the mouse could."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from PySide6.QtCore import Qt

from kontext_studio.session import Session
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.main_window import MainWindow
from kontext_studio.ui.pane_sizes import least_size
from tests.ui.conftest import settled
from tests.ui.test_shortcuts import press
from tests.ui.test_window import close_window, open_window

ALT_SHIFT = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
async def window(session: Session, bridge: Bridge) -> AsyncIterator[MainWindow]:
    made = await open_window(session, bridge)
    made.activateWindow()
    await settled(made)
    yield made
    await close_window(made)


async def step(window: MainWindow, key: Qt.Key) -> None:
    press(window.library.view, key, ALT_SHIFT)
    await settled(window)


async def test_alt_shift_right_widens_the_preview_and_left_narrows_it_back(
    window: MainWindow,
) -> None:
    tabs, preview, library = before = window.splitter.sizes()
    await step(window, Qt.Key.Key_Right)
    wider = window.splitter.sizes()
    assert wider[0] == tabs, "the Generate tab keeps its width"
    assert wider[1] > preview and wider[2] < library
    assert wider[1] - preview == library - wider[2]
    await step(window, Qt.Key.Key_Left)
    assert window.splitter.sizes() == before, "back exactly where it was"


async def test_alt_shift_up_makes_the_details_taller_and_down_shorter_again(
    window: MainWindow,
) -> None:
    splitter = window.preview.splitter
    picture, details = before = splitter.sizes()
    await step(window, Qt.Key.Key_Up)
    shorter_picture, taller_details = splitter.sizes()
    assert shorter_picture < picture and taller_details > details
    await step(window, Qt.Key.Key_Down)
    assert splitter.sizes() == before


async def test_at_the_library_s_least_width_widen_says_why_and_narrow_goes_back(
    window: MainWindow,
) -> None:
    """The last step stops at the library's least width, short of a whole step; pressed
    again there, it says why it does nothing. Narrow then undoes the steps exactly."""
    start = window.splitter.sizes()
    taken = [start]
    least = least_size(window.library, Qt.Orientation.Horizontal)
    for _ in range(20):
        await step(window, Qt.Key.Key_Right)
        if window.splitter.sizes() == taken[-1]:
            break
        taken.append(window.splitter.sizes())
    assert window.splitter.sizes()[2] == least
    assert window.statusBar().currentMessage() == "The library is as narrow as it goes."
    for sizes in reversed(taken[:-1]):
        await step(window, Qt.Key.Key_Left)
        assert window.splitter.sizes() == sizes


async def test_at_the_pictures_least_height_taller_details_says_why(
    window: MainWindow,
) -> None:
    splitter = window.preview.splitter
    total = sum(splitter.sizes())
    least = least_size(window.preview.stack, Qt.Orientation.Vertical)
    splitter.setSizes([least, total - least])
    await settled(window)
    window.statusBar().clearMessage()
    await step(window, Qt.Key.Key_Up)
    assert splitter.sizes() == [least, total - least]
    assert window.statusBar().currentMessage() == "The picture is as short as it goes."


async def test_a_width_stepped_by_keys_is_kept_for_the_next_start(
    session: Session, bridge: Bridge
) -> None:
    first = await open_window(session, bridge)
    first.activateWindow()
    await settled(first)
    before = first.splitter.sizes()
    await step(first, Qt.Key.Key_Right)
    sizes = first.splitter.sizes()
    assert sizes != before
    await close_window(first)

    second = await open_window(session, bridge)
    await settled(second)
    assert second.splitter.sizes() == sizes
    await close_window(second)


async def test_a_step_back_from_the_library_s_least_width_clears_why_it_stopped(
    window: MainWindow,
) -> None:
    """At its least width the status bar said the library was as narrow as it goes; a step
    back widened it, and the bar still said so for five seconds."""
    for _ in range(20):
        await step(window, Qt.Key.Key_Right)
    assert window.statusBar().currentMessage() == "The library is as narrow as it goes."
    narrowest = window.splitter.sizes()[2]
    await step(window, Qt.Key.Key_Left)
    assert window.splitter.sizes()[2] > narrowest
    assert window.statusBar().currentMessage() == ""


async def test_why_a_step_stopped_taken_back_is_not_the_last_message(
    window: MainWindow,
) -> None:
    """View ▸ Last message still said "The library is as narrow as it goes." after a step
    back had widened it and taken those words off the bar, as no longer true; so too once
    they had gone by themselves before the step."""
    last = window.menu_actions["last_message"]
    for went_by_itself in (False, True):
        for _ in range(20):
            await step(window, Qt.Key.Key_Right)
        assert last.isEnabled()
        if went_by_itself:
            window.statusBar().clearMessage()  # its time up
        await step(window, Qt.Key.Key_Left)
        assert window.statusBar().currentMessage() == ""
        assert not last.isEnabled()


async def test_a_step_of_one_pane_leaves_why_another_stopped(window: MainWindow) -> None:
    """A step of the library's width took back "The picture is as short as it goes.", still
    true, off the bar and out of View ▸ Last messages: any step took back any pane's
    reason. So too a second step, once the first had taken back its own pane's reason."""
    splitter = window.preview.splitter
    total = sum(splitter.sizes())
    least = least_size(window.preview.stack, Qt.Orientation.Vertical)
    splitter.setSizes([least, total - least])
    await settled(window)
    short = "The picture is as short as it goes."
    await step(window, Qt.Key.Key_Up)
    await step(window, Qt.Key.Key_Right)  # the library narrower
    assert window.statusBar().currentMessage() == short
    for _ in range(20):
        await step(window, Qt.Key.Key_Right)
    assert window.statusBar().currentMessage() == "The library is as narrow as it goes."
    await step(window, Qt.Key.Key_Left)
    await step(window, Qt.Key.Key_Left)
    assert window.notice_log.latest() == short
