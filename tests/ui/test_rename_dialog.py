"""Rename…: the box itself, as the artist types a title and leaves it."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from kontext_studio.jobs.states import JobState
from kontext_studio.ui.rename_dialog import RenameDialog
from tests.ui.test_details_dialog import CTRL, KEYPAD, activated, answer_question
from tests.ui.test_library import make_snapshot


def opened(owned: list[QObject], qtbot: QtBot, **changes: object) -> RenameDialog:
    box = RenameDialog(make_snapshot(JobState.COMPLETED, **changes))
    owned.append(box)
    box.show()
    activated(box, qtbot)
    return box


def test_esc_asks_before_a_typed_title_is_thrown_away(
    qapp: QApplication, owned: list[QObject], qtbot: QtBot
) -> None:
    """Esc threw a title typed away without a word; left as it opened (its prompt shown,
    or a space added), it still closes at once."""
    box = opened(owned, qtbot)
    box.title_edit.setText("a red fox ")
    QTest.keyClick(box.title_edit, Qt.Key.Key_Escape)
    assert not box.isVisible()
    box = opened(owned, qtbot, title="Fox")
    box.title_edit.setText("Fox in the snow")
    asked: list[str] = []
    answer_question(box, "Keep editing", asked)
    QTest.keyClick(box.title_edit, Qt.Key.Key_Escape)
    assert asked == ["Discard your changes to “Fox”?"]
    assert box.isVisible() and box.title() == "Fox in the snow"
    answer_question(box, "Discard", asked)
    box.close()
    assert not box.isVisible() and box.result() == QDialog.DialogCode.Rejected


def test_ctrl_return_saves_as_return_does(
    qapp: QApplication, owned: list[QObject], qtbot: QtBot
) -> None:
    for modifiers, key in ((CTRL, Qt.Key.Key_Return), (CTRL | KEYPAD, Qt.Key.Key_Enter)):
        box = opened(owned, qtbot)
        box.title_edit.setText("Fox in the snow")
        QTest.keyClick(box.title_edit, key, modifiers)
        assert box.result() == QDialog.DialogCode.Accepted and not box.isVisible()


def test_at_24_pt_save_and_cancel_have_icons_as_tall_as_their_words(
    huge_font: None, owned: list[QObject], qtbot: QtBot
) -> None:
    """Their icons stayed at the style's 16 px beside words twice as tall."""
    box = opened(owned, qtbot)
    for button in (box.save_button, box.cancel_button):
        line = button.fontMetrics().height()
        assert line > 30, line
        assert button.iconSize().height() >= line, button.text()
    box.close()
