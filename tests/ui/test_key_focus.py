"""The keyboard's focus as windows come and go."""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from kontext_studio.ui.key_focus import KeptAcrossWindows


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
