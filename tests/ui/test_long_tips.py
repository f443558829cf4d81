"""Long tooltips are shown on lines of a readable width, every word kept; short ones on one."""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtGui import QFontMetrics, QHelpEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QToolTip
from pytestqt.qtbot import QtBot

from kontext_studio.jobs.states import JobState
from kontext_studio.session import Session
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.long_tips import tip_lines, tip_width, wrap_long_tips
from tests.ui.conftest import until
from tests.ui.test_accessibility import on_macos, settings_in_sight
from tests.ui.test_library import add_job, loaded_panel
from tests.ui.test_option_keys import tip_of

__all__ = ["on_macos"]  # the fixture, used by name

FOX = (
    "a red fox at dawn in a misty birch forest, watercolour on rough paper, soft morning "
    "light through the trees, muted greens and warm orange, loose brushwork, wide view"
)


def assert_fits(shown: str) -> None:
    """Every line of the ``shown`` tooltip is no wider than the chosen width."""
    font = QToolTip.font()
    metrics, width = QFontMetrics(font), tip_width(font)
    for line in shown.split("\n"):
        assert metrics.horizontalAdvance(line) <= width, line


@pytest.mark.usefixtures("on_macos")
async def test_test_connection_s_tooltip_is_on_lines_that_fit_every_word_kept(
    session: Session, bridge: Bridge, qapp: QApplication
) -> None:
    """Test connection's tooltip in Settings ▸ Publishing was one line of 180 characters and
    its key, run past the dialog's left edge. It is on lines about fifty characters wide,
    every word there, the key after them, and the button's own tooltip (its accessible
    description) as it was."""
    wrap_long_tips(qapp)
    async with settings_in_sight(session, bridge) as dialog:
        dialog.tabs.setCurrentWidget(dialog.r2_page)
        await until(dialog.r2_test_button.isVisible)
        own = dialog.r2_test_button.toolTip()
        shown = tip_of(dialog.r2_test_button)
        assert shown.count("\n") >= 2
        assert_fits(shown)
        assert shown.split() == f"{own} (Alt+N)".split()
        assert dialog.r2_test_button.toolTip() == own
        dialog.reject()


async def test_a_library_tile_s_long_prompt_is_on_lines_that_fit(
    session: Session, bridge: Bridge, qapp: QApplication, owned: list[QObject]
) -> None:
    """A tile's tooltip, its prompt and its state, comes from the library's model, not from
    a widget's tooltip: a long prompt is on lines that fit too, every word kept."""
    wrap_long_tips(qapp)
    add_job(session, JobState.QUEUED, FOX)
    panel = await loaded_panel(bridge, owned)
    panel.show()
    await until(lambda: panel.model.rowCount() == 1)
    view = panel.view
    inside = view.visualRect(panel.model.index(0, 0)).center()
    QToolTip.hideText()
    port = view.viewport()
    QApplication.sendEvent(port, QHelpEvent(QEvent.Type.ToolTip, inside, port.mapToGlobal(inside)))
    assert QToolTip.isVisible()
    shown = QToolTip.text()
    assert shown.count("\n") >= 3
    assert_fits(shown)
    assert " ".join(shown.split()).startswith(FOX)


def test_a_short_tooltip_stays_on_one_line(qtbot: QtBot, qapp: QApplication) -> None:
    """A tooltip that fits is shown as it is given."""
    wrap_long_tips(qapp)
    button = QPushButton("Save")
    qtbot.addWidget(button)
    button.setToolTip("Save the settings")
    button.show()
    assert tip_of(button) == "Save the settings"


def test_chinese_words_are_broken_between_characters_none_lost() -> None:
    """Chinese has no spaces: Test connection's tooltip in Chinese is broken between its
    characters, each line fitting, every character kept."""
    words = (
        "使用这里填写的值（秘密访问密钥栏为空时改用已保存的）连接存储桶。"
        "R2_SECRET_ACCESS_KEY 等环境变量优先。（⌥N）"
    )
    font = QToolTip.font()
    shown = tip_lines(words, font, tip_width(font))
    assert shown.count("\n") >= 1
    assert_fits(shown)
    assert "".join(shown.split()) == "".join(words.split())


async def test_a_tile_s_wrapped_tip_goes_when_the_pointer_moves_to_another_tile(
    session: Session, bridge: Bridge, qapp: QApplication, owned: list[QObject]
) -> None:
    """Qt hides a tile's tip when the pointer leaves the tile. Shown again on lines without
    the tile's area, the fox's tip stayed up while the pointer crossed the other tiles,
    until it rested on one."""
    wrap_long_tips(qapp)
    add_job(session, JobState.QUEUED, FOX)
    add_job(session, JobState.QUEUED, FOX.replace("red fox", "grey wolf"))
    panel = await loaded_panel(bridge, owned)
    panel.show()
    await until(lambda: panel.model.rowCount() == 2)
    view, port = panel.view, panel.view.viewport()
    tiles = [view.visualRect(panel.model.index(row, 0)).center() for row in range(2)]
    QToolTip.hideText()
    QTest.mouseMove(port, tiles[0])
    at = port.mapToGlobal(tiles[0])
    QApplication.sendEvent(port, QHelpEvent(QEvent.Type.ToolTip, tiles[0], at))
    first = QToolTip.text()
    assert QToolTip.isVisible()
    assert "\n" in first
    for step in range(100):  # the pointer moving on, never resting (Qt shows the next tile's
        QTest.mouseMove(port, tiles[1] + QPoint(step % 7, 0))  # tip once it rests)
        await asyncio.sleep(0.005)
    assert not QToolTip.isVisible() or QToolTip.text() != first
