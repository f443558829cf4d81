"""Long tooltips are shown on lines of a readable width, every word kept; short ones on one;
markup as typed; a tip near the screen's edge inside the screen."""

from __future__ import annotations

import ast
import asyncio
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtGui import QFont, QFontInfo, QFontMetrics, QHelpEvent, Qt, QTextDocumentFragment
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QToolTip, QWidget
from pytestqt.qtbot import QtBot

import kontext_studio.ui
from kontext_studio.jobs.states import JobState
from kontext_studio.session import Session
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.long_tips import tip_lines, tip_width
from kontext_studio.ui.plain_text import plain_tooltip
from tests.ui.conftest import until
from tests.ui.test_accessibility import on_macos, settings_in_sight
from tests.ui.test_library import add_job, loaded_panel
from tests.ui.test_option_keys import tip_of

__all__ = ["on_macos"]  # the fixture, used by name

FOX = (
    "a red fox at dawn in a misty birch forest, watercolour on rough paper, soft morning "
    "light through the trees, muted greens and warm orange, loose brushwork, wide view"
)
RICH_TIPS_ON_PURPOSE = {("status.py", "_retip")}
"""Where a tooltip is made of paragraphs of escaped words (a screen reader given them
plain, as the widget's accessible description)."""


def assert_fits(shown: str) -> None:
    """Every line of the ``shown`` tooltip is no wider than the chosen width."""
    font = QToolTip.font()
    metrics, width = QFontMetrics(font), tip_width(font)
    for line in shown.split("\n"):
        assert metrics.horizontalAdvance(line) <= width, line


def tip_window() -> QWidget:
    """The window the tooltip shown now is drawn in."""
    (window,) = (
        widget
        for widget in QApplication.topLevelWidgets()
        if widget.isVisible() and widget.windowType() == Qt.WindowType.ToolTip
    )
    return window


def hover(widget: QWidget, at: QPoint) -> None:
    """The pointer resting at ``at`` in ``widget``: Qt asks it for its tooltip."""
    QToolTip.hideText()
    QApplication.sendEvent(widget, QHelpEvent(QEvent.Type.ToolTip, at, widget.mapToGlobal(at)))


async def test_test_connection_s_tooltip_is_on_lines_inside_settings_every_word_kept(
    session: Session, bridge: Bridge
) -> None:
    """Test connection's tooltip in Settings ▸ Publishing was one line of 180 characters,
    run past the dialog's left edge. It is on lines about fifty characters wide, every word
    there, and drawn inside the dialog."""
    async with settings_in_sight(session, bridge) as dialog:
        dialog.tabs.setCurrentWidget(dialog.r2_page)
        await until(dialog.r2_test_button.isVisible)
        shown = tip_of(dialog.r2_test_button)
        assert shown.count("\n") >= 2
        assert_fits(shown)
        assert " ".join(shown.split()).startswith("Reach the bucket with the values typed here")
        assert tip_window().width() < dialog.width()
        dialog.reject()


@pytest.mark.usefixtures("on_macos")
async def test_on_macos_test_connection_s_tooltip_says_its_key_on_lines_that_fit(
    session: Session, bridge: Bridge
) -> None:
    """On a Mac the tooltip says the button's key after its words (Option+N): the key
    follows the last line, every line still fitting."""
    async with settings_in_sight(session, bridge) as dialog:
        dialog.tabs.setCurrentWidget(dialog.r2_page)
        await until(dialog.r2_test_button.isVisible)
        own = dialog.r2_test_button.toolTip()
        shown = tip_of(dialog.r2_test_button)
        assert shown.count("\n") >= 2
        assert_fits(shown)
        assert shown.split() == f"{own} (Alt+N)".split()
        dialog.reject()


async def test_a_library_tile_s_long_prompt_is_on_lines_that_fit(
    session: Session, bridge: Bridge, owned: list[QObject]
) -> None:
    """A tile's tooltip, its prompt and its state, comes from the library's model, not from
    a widget's tooltip: a long prompt is on lines that fit too, every word kept."""
    add_job(session, JobState.QUEUED, FOX)
    panel = await loaded_panel(bridge, owned)
    panel.show()
    await until(lambda: panel.model.rowCount() == 1)
    view = panel.view
    hover(view.viewport(), view.visualRect(panel.model.index(0, 0)).center())
    assert QToolTip.isVisible()
    shown = QToolTip.text()
    assert shown.count("\n") >= 3
    assert_fits(shown)
    assert " ".join(shown.split()).startswith(FOX)


def test_a_short_tooltip_stays_as_it_is_given(qtbot: QtBot) -> None:
    """A tooltip that fits on one line is shown, and kept, as it is given."""
    button = QPushButton("Save")
    qtbot.addWidget(button)
    button.setToolTip(plain_tooltip("Save the settings & close"))
    button.show()
    assert button.toolTip() == "Save the settings & close"
    assert tip_of(button) == "Save the settings & close"


def test_a_long_tooltip_that_looks_like_markup_shows_it_as_typed_on_lines(
    qtbot: QtBot,
) -> None:
    """A prompt or a file name with <b> and & in it is shown letter for letter, not bold,
    and on lines (Qt wraps it): not one line wider than the screen."""
    words = f"<b>{FOX}</b> & <i>{FOX}</i> <img src=fox.png>"
    button = QPushButton("Fox")
    qtbot.addWidget(button)
    button.setToolTip(plain_tooltip(words))
    button.show()
    shown = tip_of(button)
    assert " ".join(QTextDocumentFragment.fromHtml(shown).toPlainText().split()) == words
    metrics = QFontMetrics(QToolTip.font())
    assert tip_window().height() >= 4 * metrics.lineSpacing()
    assert tip_window().width() <= 80 * metrics.horizontalAdvance("x")


def test_chinese_words_are_broken_between_characters_none_lost() -> None:
    """Chinese has no spaces: Test connection's tooltip in Chinese is broken between its
    characters, each line fitting, every character kept."""
    words = (
        "使用这里填写的值（秘密访问密钥栏为空时改用已保存的）连接存储桶。"
        "R2_SECRET_ACCESS_KEY 等环境变量优先。（⌥N）"
    )
    shown = plain_tooltip(words)
    assert shown.count("\n") >= 1
    assert_fits(shown)
    assert "".join(shown.split()) == "".join(words.split())
    font = QToolTip.font()
    assert tip_lines(words, font, tip_width(font)) == shown


def test_in_a_chinese_font_a_prompt_s_lines_are_as_wide_as_in_a_latin_one() -> None:
    """With the system's language Chinese the tooltip font is Noto Sans CJK, whose average
    character is as wide as a Chinese one: a prompt's lines were twice as wide as in
    English, 95 letters. They are about fifty letters wide, as in a Latin font."""
    font = QFont("Noto Sans CJK SC")
    if QFontInfo(font).family() != "Noto Sans CJK SC":
        pytest.skip("no Noto Sans CJK SC here")
    metrics = QFontMetrics(font)
    assert metrics.averageCharWidth() > metrics.horizontalAdvance("x") * 1.5  # as it is
    shown = tip_lines(FOX, font, tip_width(font))
    assert shown.count("\n") >= 2
    assert max(len(line) for line in shown.split("\n")) <= 60


def test_a_long_path_not_in_utf8_is_on_lines_its_letter_shown_as_in_its_title() -> None:
    """A dropped file named in Latin-1 ("caf\xe9.png") holds a lone surrogate in Python: its
    row's tooltip, its whole path, raised an error instead of being shown. It is on lines,
    the letter "�" as the row's title shows it."""
    path = "/home/artist/Pictures/from the old laptop/exports/2019/summer/caf\udce9.png"
    shown = plain_tooltip(f"{path} · 1024 × 768 · 2.1 MB · PNG")
    assert shown.count("\n") >= 1
    assert_fits(shown)
    assert "caf\ufffd.png" in shown


def test_a_long_tip_near_the_screen_s_right_edge_stays_inside_it(qtbot: QtBot) -> None:
    """A button at the screen's right edge: its long tooltip, on lines, is drawn inside the
    screen, none of it past the edge."""
    button = QPushButton("Fox")
    qtbot.addWidget(button)
    button.setToolTip(plain_tooltip(FOX + " " + FOX))
    screen = button.screen().availableGeometry()
    button.move(screen.right() - button.width(), screen.bottom() - button.height())
    button.show()
    hover(button, QPoint(button.width() - 2, button.height() - 2))
    assert QToolTip.isVisible()
    assert QToolTip.text().count("\n") >= 3
    assert screen.contains(tip_window().geometry())


def test_every_tooltip_the_app_sets_passes_through_plain_tooltip() -> None:
    """A tooltip set with its words as they are showed a long one on one line, past the
    window's edge, and markup as bold: each widget's and action's passes through
    :func:`plain_tooltip` (or is cleared with "")."""
    missed = []
    for path in sorted(Path(kontext_studio.ui.__file__).parent.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        if "setToolTip" not in source:
            continue
        tree = ast.parse(source)
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if (path.name, function.name) in RICH_TIPS_ON_PURPOSE:
                continue
            for call in ast.walk(function):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Attribute)
                    and call.func.attr == "setToolTip"
                    and not all(_passes(argument) for argument in call.args)
                ):
                    missed.append(f"{path.name}:{call.lineno}")
    assert missed == []


def _passes(argument: ast.expr) -> bool:
    """Whether ``argument`` is a tooltip made by :func:`plain_tooltip`, or none."""
    if isinstance(argument, ast.Constant):
        return argument.value == ""
    if isinstance(argument, ast.IfExp):
        return _passes(argument.body) and _passes(argument.orelse)
    return isinstance(argument, ast.Call) and getattr(argument.func, "id", "") == "plain_tooltip"


async def test_a_tile_s_wrapped_tip_goes_when_the_pointer_moves_to_another_tile(
    session: Session, bridge: Bridge, owned: list[QObject]
) -> None:
    """Qt hides a tile's tip when the pointer leaves the tile: the fox's tip, on lines, does
    not stay up while the pointer crosses the other tiles."""
    add_job(session, JobState.QUEUED, FOX)
    add_job(session, JobState.QUEUED, FOX.replace("red fox", "grey wolf"))
    panel = await loaded_panel(bridge, owned)
    panel.show()
    await until(lambda: panel.model.rowCount() == 2)
    view, port = panel.view, panel.view.viewport()
    tiles = [view.visualRect(panel.model.index(row, 0)).center() for row in range(2)]
    QTest.mouseMove(port, tiles[0])
    hover(port, tiles[0])
    first = QToolTip.text()
    assert QToolTip.isVisible()
    assert "\n" in first
    for step in range(100):  # the pointer moving on, never resting (Qt shows the next tile's
        QTest.mouseMove(port, tiles[1] + QPoint(step % 7, 0))  # tip once it rests)
        await asyncio.sleep(0.005)
    assert not QToolTip.isVisible() or QToolTip.text() != first
