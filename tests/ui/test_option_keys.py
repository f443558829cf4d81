"""Option and a letter on a Mac (Qt as on macOS: no letters of Qt's, Option read as Alt):
what a text field's keyboard types goes into it, and the dialogs' letters work elsewhere."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QGuiApplication, QHelpEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kontext_studio.jobs.states import JobState
from kontext_studio.session import Session
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.details_dialog import DetailsDialog
from kontext_studio.ui.option_keys import OptionKeys
from kontext_studio.ui.rename_dialog import RenameDialog
from tests.ui.conftest import until
from tests.ui.test_accessibility import on_macos, press_option, settings_in_sight
from tests.ui.test_details_dialog import activated
from tests.ui.test_library import loaded_panel, make_snapshot
from tests.ui.test_task_id import closings, opened, unknown_and_its_task

__all__ = ["on_macos"]  # the fixture, used by name

pytestmark = pytest.mark.usefixtures("on_macos")


async def test_a_key_s_field_takes_the_signs_a_german_mac_types_with_option(
    session: Session, bridge: Bridge
) -> None:
    """On a German Mac, @ is Option+L, [ Option+5 and | Option+7: typed into the API key's
    field, Option+L went to the Language and Option+5 turned to the fifth page, the signs
    never typed. A key may hold them: they are typed there. What a key never holds (the ˙
    of Option+H on a US Mac) still shows the key."""
    async with settings_in_sight(session, bridge) as dialog:
        field = dialog.key.edit
        assert QApplication.focusWidget() is field
        for key, sign in ((Qt.Key.Key_L, "@"), (Qt.Key.Key_5, "["), (Qt.Key.Key_7, "|")):
            press_option(key, sign)
            assert QApplication.focusWidget() is field, sign
        assert field.text() == "@[|"
        assert dialog.tabs.currentIndex() == 0
        press_option(Qt.Key.Key_H)
        await until(lambda: field.echoMode() is QLineEdit.EchoMode.Normal)
        assert field.text() == "@[|"
        dialog.reject()


def test_rename_s_copy_title_has_its_option_key(qtbot: QtBot, owned: list[QObject]) -> None:
    """Rename had no Option+letter on a Mac: Copy title, shown once the artwork is deleted
    under the box, was reached by the mouse or Tab alone. Option+C presses it from the
    buttons (in the title's field it types ç there)."""
    box = RenameDialog(make_snapshot(JobState.COMPLETED, title="Fox"))
    owned.append(box)
    box.show()
    activated(box, qtbot)
    box.deleted(box.snapshot.id)
    QGuiApplication.clipboard().clear()
    box.cancel_button.setFocus()
    press_option(Qt.Key.Key_C, "ç")
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "Fox")
    assert box.isVisible()


def test_edit_details_fields_have_their_option_keys(qtbot: QtBot, owned: list[QObject]) -> None:
    """Edit details had no letter for its fields, and on a Mac no Option+letter at all:
    from Save, Option+D goes to the Description, Option+A to the tags."""
    box = DetailsDialog([make_snapshot(JobState.COMPLETED, description="")])
    owned.append(box)
    box.show()
    activated(box, qtbot)
    save = box.buttons.button(QDialogButtonBox.StandardButton.Save)
    for key, typed, field in (
        (Qt.Key.Key_D, "∂", box.description_edit),
        (Qt.Key.Key_A, "å", box.tags_edit),
    ):
        save.setFocus()
        press_option(key, typed)
        assert QApplication.focusWidget() is field, typed
    assert box.description_edit.toPlainText() == ""  # nothing typed on the way


async def test_enter_task_id_s_option_u_uses_the_task_from_its_field(
    bridge: Bridge, session: Session, simulator: Any, owned: list[QObject]
) -> None:
    """Enter task ID had no Option+letter on a Mac: Use this task (Option+U) did nothing,
    and from the id's field, which never holds what Option types, it types nothing either
    (a dead key, ¨). It checks the id, as Return does, and the job follows its task."""
    unknown, task_id = await unknown_and_its_task(session)
    panel = await loaded_panel(bridge, owned)
    dialog = await opened(panel, unknown.id)
    dialog.activateWindow()
    await until(lambda: QApplication.activeWindow() is dialog)
    closed = closings(dialog)
    dialog.edit.setText(task_id)
    dialog.edit.setFocus()
    press_option(Qt.Key.Key_U, "")
    await until(lambda: bool(closed))
    await until(
        lambda: panel.model.snapshot(panel.model.row_of(unknown.id)).state is JobState.COMPLETED
    )


def test_two_sharing_a_letter_take_the_keyboard_in_turn(qtbot: QtBot, owned: list[QObject]) -> None:
    """Two in sight sharing a letter (a label's and a button's, as a translation may give
    them) did nothing on a Mac: Qt's shortcuts act on a key only when it is one's alone.
    As Qt's letters do elsewhere, each press takes the keyboard to the next, pressing
    none."""
    dialog = QDialog()
    owned.append(dialog)
    layout = QVBoxLayout(dialog)
    label, field = QLabel("&Kind"), QComboBox()  # a list: what Option types is not its
    label.setBuddy(field)
    keep = QPushButton("&Keep")
    pressed: list[bool] = []
    keep.clicked.connect(pressed.append)
    for widget in (label, field, keep, QPushButton("Cancel")):
        layout.addWidget(widget)
    OptionKeys(dialog).make_all(dialog)
    dialog.show()
    activated(dialog, qtbot)
    cancel = dialog.findChildren(QPushButton)[-1]
    cancel.setFocus()
    went = []
    for _press in range(3):
        press_option(Qt.Key.Key_K, "˚")
        went.append(QApplication.focusWidget())
    assert went in ([field, keep, field], [keep, field, keep])
    assert pressed == []


async def test_a_field_s_and_a_button_s_tooltip_say_their_option_key(
    session: Session, bridge: Bridge
) -> None:
    """Nothing is underlined on a Mac, and nothing said which Option+letter went to a field
    or pressed a button. Their tooltips say it, after their own words where they have some."""
    async with settings_in_sight(session, bridge) as dialog:
        dialog.tabs.setCurrentWidget(dialog.r2_page)
        await until(dialog.r2_bucket.isVisible)
        own = dialog.r2_test_button.toolTip()
        assert own
        assert tip_of(dialog.r2_bucket) == "Alt+B"  # ⌥B on a Mac
        assert tip_of(dialog.r2_test_button) == f"{own} (Alt+N)"
        dialog.reject()


def tip_of(widget: QWidget) -> str:
    """The tooltip ``widget`` shows with the pointer on it."""
    QToolTip.hideText()
    at = QPoint(2, 2)
    QApplication.sendEvent(widget, QHelpEvent(QEvent.Type.ToolTip, at, widget.mapToGlobal(at)))
    return QToolTip.text() if QToolTip.isVisible() else ""
