"""Message boxes at the largest text an artist with low vision sets (24 pt): their buttons'
icons kept Qt's 16 px beside words twice as tall, where the dialogs' own buttons (Save,
Cancel, Close) grew with their words."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from kontext_studio.session import open_session
from kontext_studio.ui.main_window import MainWindow
from kontext_studio.ui.publishing import quit_box
from kontext_studio.ui.question import ask
from tests.fixtures import fast_schedule
from tests.ui.conftest import settled, until
from tests.ui.test_window import close_window, open_window


@pytest.fixture
async def window() -> AsyncIterator[MainWindow]:
    session = open_session(demo=True, schedule=fast_schedule())
    made = await open_window(session)
    made.show()
    await settled(made)
    yield made
    await close_window(made)
    await session.aclose()


def icons_and_lines(box: QMessageBox) -> list[tuple[str, int, int]]:
    """Each button of ``box``: its words, its icon's height, the height of a line of them."""
    return [
        (button.text(), button.iconSize().height(), button.fontMetrics().height())
        for button in box.buttons()
    ]


def as_tall(box: QMessageBox) -> bool:
    return all(icon >= line for _words, icon, line in icons_and_lines(box))


async def test_at_24_pt_the_about_box_s_ok_has_an_icon_as_tall_as_its_word(
    huge_font: None, window: MainWindow
) -> None:
    window.show_about()
    box = window.findChild(QMessageBox)
    assert box is not None
    await until(box.isVisible)
    assert box.buttons()
    assert as_tall(box), icons_and_lines(box)
    box.close()


async def test_at_24_pt_the_quit_question_s_buttons_have_icons_as_tall_as_their_words(
    huge_font: None, qapp: QApplication
) -> None:
    parent = QWidget()
    try:
        box, _quit = quit_box(parent, 2, 0, 0)
        await until(box.isVisible)
        assert len(box.buttons()) == 2
        assert as_tall(box), icons_and_lines(box)
        box.close()
    finally:
        parent.deleteLater()


async def test_at_24_pt_a_question_s_buttons_have_icons_as_tall_as_their_words(
    huge_font: None, window: MainWindow
) -> None:
    """Delete's, Retry's, Discard your changes?: every question is asked by ``ask``."""
    seen: list[list[tuple[str, int, int]]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(icons_and_lines(box))
        box.escapeButton().click()

    def asked() -> None:
        QTimer.singleShot(0, answer)  # in the question's own loop
        ask(window, "Delete", "Delete “Fox”?", "&Delete")

    QTimer.singleShot(0, asked)
    await until(lambda: seen)
    (buttons,) = seen
    assert len(buttons) == 2
    assert all(icon >= line for _words, icon, line in buttons), buttons
