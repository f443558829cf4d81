"""A later launch's request reaches the window open at the time, or the next one."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, cast

from kontext_studio.ui.app import FrontDoor
from kontext_studio.ui.main_window import MainWindow


class FakeWindow:
    def __init__(self) -> None:
        self.forward = 0
        self.references: list[str] = []
        self.came_with: list[tuple[int, bool]] = []
        self.has_closed = False
        self.handover: object | None = None

    def bring_forward(self) -> None:
        self.forward += 1

    def use_as_reference(
        self, path: str, name: str = "", *, left_out: int = 0, passed_over: bool = False
    ) -> None:
        self.references.append(path)
        self.came_with.append((left_out, passed_over))


def as_window(fake: Any) -> MainWindow:
    return cast(MainWindow, fake)


async def test_a_request_while_the_mode_switches_goes_to_the_next_window() -> None:
    door = FrontDoor()
    first = asyncio.ensure_future(door.knock("/pictures/sun.png"))
    second = asyncio.ensure_future(door.knock(None))  # a launch from the menu meanwhile
    await asyncio.sleep(0)
    window = FakeWindow()
    door.window = as_window(window)
    assert await first and await second  # both launches end: the window took them
    assert window.forward == 1
    assert window.references == ["/pictures/sun.png"]  # the menu's launch kept the image


async def test_a_launch_without_an_image_only_brings_the_window_forward() -> None:
    door = FrontDoor()
    window = FakeWindow()
    door.window = as_window(window)
    assert await door.knock(None)
    assert window.forward == 1
    assert window.references == []


async def test_a_request_no_window_will_take_is_refused_so_its_launch_opens_one() -> None:
    door = FrontDoor()
    waiting = asyncio.ensure_future(door.knock("/pictures/sun.png"))
    await asyncio.sleep(0)
    await door.shut()  # the window could not open, or the app is ending
    assert await waiting is False
    assert await door.knock("/pictures/moon.png") is False


async def test_a_request_as_the_last_window_closes_is_refused_so_its_launch_opens_one() -> None:
    """The artist closed the window; its session is still shutting down (jobs being sent get
    a moment to answer) when a launch with an image knocks. Before: the closed window was
    brought forward and took the image, the launch ended, and the app ended without it."""
    door = FrontDoor()
    window = FakeWindow()
    door.window = as_window(window)
    window.has_closed = True
    knocked = asyncio.ensure_future(door.knock("/pictures/sun.png"))
    await asyncio.sleep(0)
    await door.shut()  # the app ends
    assert await knocked is False
    assert window.forward == 0 and window.references == []


async def test_several_files_opened_while_the_mode_switches_are_told_of_in_the_window() -> None:
    door = FrontDoor()
    several = asyncio.ensure_future(door.knock("/pictures/sun.png", 2, True))
    menu = asyncio.ensure_future(door.knock(None))
    await asyncio.sleep(0)
    window = FakeWindow()
    door.window = as_window(window)
    assert await several and await menu
    assert window.references == ["/pictures/sun.png"]
    assert window.came_with == [(2, True)]


async def test_files_opened_from_finder_as_the_app_ends_are_let_go(tmp_path: Path) -> None:
    """Finder's files still being looked at when no window will come: nothing is left
    waiting as the app ends."""
    door = FrontDoor()
    door.files_opened([str(tmp_path / "sun.png")])
    await door.shut()
    assert not [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]


def test_a_launch_is_told_the_app_is_closing_only_once_its_window_closed_for_good() -> None:
    """Its session shuts down meanwhile (a job being sent waits for KIE's answer); a window
    closed to switch mode is followed by the next, which takes the request."""
    door = FrontDoor()
    window = FakeWindow()
    door.window = as_window(window)
    assert not door.closing  # open
    window.has_closed = True
    window.handover = object()
    assert not door.closing  # switching mode
    window.handover = None
    assert door.closing
