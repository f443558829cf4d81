"""A later launch's request reaches the window open at the time, or the next one."""

from __future__ import annotations

from typing import Any, cast

from kontext_studio.ui.app import FrontDoor
from kontext_studio.ui.main_window import MainWindow


class FakeWindow:
    def __init__(self) -> None:
        self.forward = 0
        self.references: list[str] = []

    def bring_forward(self) -> None:
        self.forward += 1

    def use_as_reference(self, path: str, name: str = "") -> None:
        self.references.append(path)


def as_window(fake: Any) -> MainWindow:
    return cast(MainWindow, fake)


def test_a_request_while_the_mode_switches_goes_to_the_next_window() -> None:
    door = FrontDoor()
    door.knock("/pictures/sun.png")
    door.knock(None)  # a launch from the menu meanwhile keeps the image
    window = FakeWindow()
    door.window = as_window(window)
    assert window.forward == 1
    assert window.references == ["/pictures/sun.png"]


def test_a_launch_without_an_image_only_brings_the_window_forward() -> None:
    door = FrontDoor()
    window = FakeWindow()
    door.window = as_window(window)
    door.knock(None)
    assert window.forward == 1
    assert window.references == []
