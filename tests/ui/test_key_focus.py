"""The keyboard's focus as windows come and go."""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from kontext_studio.ui.key_focus import KeptAcrossWindows, first_focusable
from tests.ui.test_leaks import owned_astray


def test_a_window_deleted_with_the_focus_in_it_goes_without_a_traceback(qtbot: QtBot) -> None:
    """A window whose opening was cut short (the self-test's, out of time) is deleted with
    the focus in it; its focus keeper read it as it went, and printed a traceback ("already
    deleted") where the self-test says one line."""
    window = QWidget()
    edit = QLineEdit(window)
    QVBoxLayout(window).addWidget(edit)
    KeptAcrossWindows(window)
    window.show()
    window.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    shiboken6.delete(window)


def test_the_first_control_of_a_page_is_found_leaving_each_widget_to_its_parents(
    qtbot: QtBot,
) -> None:
    """A page turned to by the keys gets the keyboard in its first control, found round
    the focus chain: read as it was, the control went, for PySide, to the label before it,
    and a widget deleted takes with it, for PySide, what it holds (the crash at close of
    the late banners)."""
    window = QWidget()
    qtbot.addWidget(window)
    page = QWidget(window)
    column = QVBoxLayout(page)
    column.addWidget(QLabel("Prompt", page))
    field = QLineEdit(page)
    column.addWidget(field)
    QLineEdit(window)
    assert first_focusable(page) is field
    assert owned_astray(window) == []
