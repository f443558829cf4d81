"""macOS's "Open With" and drops on the Dock icon: Finder sends the app a QFileOpenEvent per
file, never a command line. Each is taken as a launch naming the same files is."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from kontext_studio.ui import app as app_module
from kontext_studio.ui import opened_files
from kontext_studio.ui.main_window import MainWindow
from kontext_studio.ui.reference_slot import SlotState
from tests.ui.conftest import until
from tests.ui.test_mode_switch import LOADED, reference_checked, starting, window_shown

__all__ = ["starting"]  # the fixture, found here by pytest


@pytest.fixture
def finder(qapp: QApplication) -> Iterator[None]:
    """The app hears the files the system opens with it, as on macOS."""
    with opened_files.heard(qapp):
        yield


def send_open(*files: Path) -> None:
    """Finder's "Open With" on ``files``: one event each, sent together."""
    for file in files:
        QCoreApplication.sendEvent(QCoreApplication.instance(), QFileOpenEvent(str(file)))


def picture(path: Path) -> Path:
    Image.new("RGB", (64, 48), "orange").save(path)
    return path


async def started(reference: str | None = None) -> tuple[asyncio.Task[int], MainWindow]:
    task = asyncio.ensure_future(app_module.main(reference))
    return task, await window_shown(demo=True)


async def closed(task: asyncio.Task[int], window: MainWindow) -> None:
    window.close()
    assert await asyncio.wait_for(task, LOADED) == 0


async def slot_words(window: MainWindow, path: Path) -> str:
    slot = window.generate_tab.slot
    await until(lambda: slot.state is SlotState.REFUSED, timeout=LOADED)
    assert slot.problem is not None and path.name in slot.problem.message
    return slot._detail.text()


async def refusal_of_a_launch_with(files: Sequence[Path]) -> str:
    task, window = await started(str(files[0]))
    try:
        return await slot_words(window, files[0])
    finally:
        await closed(task, window)


async def test_an_image_opened_from_finder_becomes_the_reference(
    starting: Path, finder: None, tmp_path: Path
) -> None:
    """Before, "Open With" Kontext Studio in Finder only brought the window forward."""
    fox = picture(tmp_path / "fox.png")
    task, window = await started()
    try:
        send_open(fox)
        await until(lambda: window.generate_tab.slot.state is not SlotState.EMPTY, LOADED)
        assert await reference_checked(window) == str(fox)
    finally:
        await closed(task, window)


async def test_an_image_opened_as_the_app_launches_waits_for_its_window(
    starting: Path, finder: None, tmp_path: Path
) -> None:
    """Finder launching the app with an image sends it before any window is up."""
    fox = picture(tmp_path / "fox.png")
    send_open(fox)
    task, window = await started()
    try:
        await until(lambda: window.generate_tab.slot.state is not SlotState.EMPTY, LOADED)
        assert await reference_checked(window) == str(fox)
    finally:
        await closed(task, window)


async def test_a_file_opened_from_finder_that_is_no_image_is_refused_as_a_launch_with_it(
    starting: Path, finder: None, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("ideas for the sun")
    launched = await refusal_of_a_launch_with([notes])
    task, window = await started()
    try:
        send_open(notes)
        assert await slot_words(window, notes) == launched
    finally:
        await closed(task, window)


async def test_several_files_opened_from_finder_take_the_first_image_and_say_the_rest(
    starting: Path, finder: None, tmp_path: Path
) -> None:
    notes = tmp_path / "a-notes.txt"
    notes.write_text("ideas for the sun")
    sun, moon = (picture(tmp_path / f"{name}.png") for name in ("sun", "moon"))
    task, window = await started()
    try:
        send_open(notes, sun, moon)
        await until(lambda: window.generate_tab.slot.state is not SlotState.EMPTY, LOADED)
        assert await reference_checked(window) == str(sun)
        words = "Took the first image of 3 files; the others were left out."
        assert words in window.generate_tab.slot._detail.text()
    finally:
        await closed(task, window)
