"""Option and a letter on a Mac (Qt as on macOS: no letters of Qt's, Option read as Alt):
what a text field's keyboard types goes into it, and the dialogs' letters work elsewhere."""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QSize, Qt
from PySide6.QtGui import QGuiApplication, QHelpEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProxyStyle,
    QPushButton,
    QStyle,
    QStyleFactory,
    QStyleHintReturn,
    QStyleOption,
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
from kontext_studio.ui.page_tabs import PageTabs
from kontext_studio.ui.rename_dialog import RenameDialog
from kontext_studio.ui.wrapping_check_box import WrappingCheckBox
from tests.ui.conftest import end_tip, until
from tests.ui.test_accessibility import on_macos, press_option, settings_in_sight
from tests.ui.test_details_dialog import activated
from tests.ui.test_language import catalogue_cache, chinese
from tests.ui.test_library import loaded_panel, make_snapshot
from tests.ui.test_task_id import closings, opened, unknown_and_its_task

__all__ = ["catalogue_cache", "chinese", "on_macos"]  # the fixtures, used by name

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
    end_tip()
    at = QPoint(2, 2)
    QApplication.sendEvent(widget, QHelpEvent(QEvent.Type.ToolTip, at, widget.mapToGlobal(at)))
    return QToolTip.text() if QToolTip.isVisible() else ""


def dialog_of(owned: list[QObject], qtbot: QtBot, *widgets: QWidget) -> QDialog:
    """A dialog shown and active holding ``widgets`` one under the other, its letters made
    by :class:`OptionKeys` as Rename's, Edit details' and Enter task ID's are."""
    dialog = QDialog()
    owned.append(dialog)
    layout = QVBoxLayout(dialog)
    for widget in widgets:
        layout.addWidget(widget)
    OptionKeys(dialog).make_all(dialog)
    dialog.show()
    activated(dialog, qtbot)
    return dialog


def presses_of(button: QPushButton) -> list[bool]:
    """The clicks of ``button``, as they come."""
    pressed: list[bool] = []
    button.clicked.connect(lambda: pressed.append(True))
    return pressed


def went_with(key: Qt.Key, start: QWidget, times: int) -> list[QWidget | None]:
    """Where the keyboard is after each of ``times`` presses of Option and ``key``, each
    pressed from ``start``."""
    went = []
    for _press in range(times):
        start.setFocus()
        press_option(key, "")
        went.append(QApplication.focusWidget())
    return went


def test_a_button_s_letter_follows_its_words(qtbot: QtBot, owned: list[QObject]) -> None:
    """A button's Option+letter was read once, as it was made: a button whose words changed
    (Copy title's "Copied") kept its old letter, and shared with another button it made
    the other's Option+C move the keyboard rather than press it. Read from the words shown,
    two sharing a letter take the keyboard in turn, pressing none, as Qt's own letters do
    for Alt; one's words changed to words with no letter, the other's presses it."""
    copy, close, other = QPushButton("&Copy title"), QPushButton("&Close"), QPushButton("Other")
    copied, closed = presses_of(copy), presses_of(close)
    dialog_of(owned, qtbot, copy, close, other)
    assert set(went_with(Qt.Key.Key_C, other, 2)) == {copy, close}
    copy.setText("Copied")
    other.setFocus()
    press_option(Qt.Key.Key_C, "ç")
    qtbot.waitUntil(lambda: bool(closed))
    copy.setText("C&opied")  # a letter it had not when made
    other.setFocus()
    press_option(Qt.Key.Key_O, "ø")
    qtbot.waitUntil(lambda: bool(copied))


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_rename_s_copy_title_tooltip_says_its_key_while_its_words_have_one(
    qtbot: QtBot, owned: list[QObject], request: pytest.FixtureRequest, language: str
) -> None:
    """Copy title's tooltip said ⌥C while the button said "Copied" (已复制 in Chinese), its
    letter gone: its key was read once, as the box was made. It says the key of the words
    shown, and again once the title typed on brings back Copy title (复制标题(&C))."""
    if language == "zh_CN":
        request.getfixturevalue("chinese")
    box = RenameDialog(make_snapshot(JobState.COMPLETED, title="Fox"))
    owned.append(box)
    box.show()
    activated(box, qtbot)
    box.deleted(box.snapshot.id)
    button = box.copy_button
    assert button.text() == QCoreApplication.translate("RenameDialog", "&Copy title")
    assert tip_of(button).endswith("Alt+C")  # ⌥C on a Mac
    box.cancel_button.setFocus()
    press_option(Qt.Key.Key_C, "ç")
    qtbot.waitUntil(lambda: button.text() == QCoreApplication.translate("RenameDialog", "Copied"))
    assert "Alt+C" not in tip_of(button)
    box.title_edit.setText("Fox and hound")
    assert tip_of(button).endswith("Alt+C")


def test_a_grey_or_hidden_field_takes_no_turn_in_a_letter_shared(
    qtbot: QtBot, owned: list[QObject]
) -> None:
    """A field's letter took its turn among those sharing it while the field was grey or
    hidden: every other press of Option+K went nowhere the artist saw. The field out of
    reach, the buttons sharing its letter take every press between them."""
    label, field = QLabel("&Kind"), QLineEdit()
    label.setBuddy(field)
    keep, kill, other = QPushButton("&Keep"), QPushButton("&Kill"), QPushButton("Other")
    dialog_of(owned, qtbot, label, field, keep, kill, other)
    for out_of_reach in (partial(field.setEnabled, False), field.hide):
        out_of_reach()
        went = went_with(Qt.Key.Key_K, other, 4)
        assert set(went) == {keep, kill}, went
    field.show()
    field.setEnabled(True)
    assert field in went_with(Qt.Key.Key_K, other, 3)


def test_a_hidden_row_of_another_page_takes_no_turn_in_a_letter_shared(
    qtbot: QtBot, owned: list[QObject]
) -> None:
    """In Settings' pages a letter works from every page; a row hidden for now on another
    page (or its field grey) took its turn among those sharing its letter, and every other
    Option+N left the keyboard where it was. Out of reach, it takes none."""
    dialog = QDialog()
    owned.append(dialog)
    tabs = PageTabs(lambda: QSize(600, 400), dialog)
    fields: list[QLineEdit] = []
    for name in ("&Name", "&Note"):
        page, field = QWidget(), QLineEdit()
        QFormLayout(page).addRow(name, field)
        tabs.add_page(page, name)
        fields.append(field)
    button = QPushButton("Other")
    layout = QVBoxLayout(dialog)
    layout.addWidget(tabs)
    layout.addWidget(button)
    dialog.show()
    activated(dialog, qtbot)
    first, note = fields
    form = tabs.widget(1).layout()
    assert isinstance(form, QFormLayout)
    for out_of_reach, back in (
        (partial(form.setRowVisible, note, False), partial(form.setRowVisible, note, True)),
        (partial(note.setEnabled, False), partial(note.setEnabled, True)),
    ):
        out_of_reach()
        assert went_with(Qt.Key.Key_N, button, 2) == [first, first]
        back()
    assert set(went_with(Qt.Key.Key_N, button, 2)) == {first, note}


class _AsOnMacos(QProxyStyle):
    """The Fusion style underlining no letter, as macOS's underlines none."""

    def styleHint(
        self,
        hint: QStyle.StyleHint,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
        returnData: QStyleHintReturn | None = None,
    ) -> int:
        if hint is QStyle.StyleHint.SH_UnderlineShortcut:
            return 0
        return super().styleHint(hint, option, widget, returnData)


@pytest.mark.parametrize(
    "words", ["Translate prompts to Englis&h", "将提示词翻译成英文(&H)", "增强提示词（扩写）(&E)"]
)
def test_a_wrapping_check_box_underlines_no_letter_where_qt_s_underline_none(
    owned: list[QObject], words: str
) -> None:
    """Settings' Translate prompts and Enhance prompts drew their letter underlined on a
    Mac, where Qt underlines none (Option and the letter is the key there, said by the
    tooltip): the H of "Englis&h", the H of the Chinese "(&H)". Drawn as Qt's own check
    box draws its words there: the "(H)" a Chinese label ends in shown as Qt's shows it,
    its letter not underlined."""
    style = _AsOnMacos("fusion")
    owned.append(style)
    drawn = []
    for text in (words, words.replace("&", "")):
        box = WrappingCheckBox(text)
        owned.append(box)
        box.setStyle(style)
        box.resize(box.sizeHint())
        drawn.append(box.grab().toImage())
    assert drawn[0] == drawn[1]


def test_a_wrapping_check_box_underlines_its_letter_where_qt_s_underline_theirs(
    owned: list[QObject],
) -> None:
    """Where the style underlines Qt's own letters (Fusion, as on Linux), Settings' and the
    Generate tab's wrapping check boxes still underline theirs: drawn with its letter, the
    box differs from the same words with none."""
    style = QStyleFactory.create("fusion")
    owned.append(style)
    drawn = []
    for text in ("Translate prompts to Englis&h", "Translate prompts to English"):
        box = WrappingCheckBox(text)
        owned.append(box)
        box.setStyle(style)
        box.resize(box.sizeHint())
        drawn.append(box.grab().toImage())
    assert drawn[0] != drawn[1]
