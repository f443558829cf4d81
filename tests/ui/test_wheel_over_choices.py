"""A wheel turned over a form scrolls it: a choice the artist has not clicked or tabbed
into is left as it is. Scrolling the Generate tab's form over its Model box switched it to
Flux Kontext Max, the dearer model."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from PySide6.QtCore import QObject, QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QScrollArea, QWidget

from kontext_studio.kie.models import MODELS
from kontext_studio.session import Session
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.main_window import MainWindow
from kontext_studio.ui.settings_dialog import SettingsDialog
from tests.ui.conftest import settled, until
from tests.ui.test_settings import opened
from tests.ui.test_window import close_window, open_window

DOWN = -1
UP = 1


@pytest.fixture
async def window(session: Session, bridge: Bridge) -> AsyncIterator[MainWindow]:
    """The window on a short screen, the Generate form's advanced options open: the form
    scrolls."""
    made = await open_window(session, bridge)
    made.show()
    made.resize(1024, 600)
    made.generate_tab.advanced_toggle.setChecked(True)
    await settled(made)
    yield made
    await close_window(made)


def turn_wheel(widget: QWidget, notches: int) -> None:
    """One turn of a mouse wheel over the middle of ``widget`` (up for positive notches),
    given to Qt as the window system gives it: to the widget under the pointer, then, not
    taken, to those around it (a wheel event the test sends itself goes nowhere else)."""
    window = widget.window()
    handle = window.windowHandle()
    assert handle is not None
    QTest.wheelEvent(
        handle, QPointF(widget.mapTo(window, widget.rect().center())), QPoint(0, 120 * notches)
    )


def scrolled_by_wheel(area: QScrollArea, choice: QWidget) -> bool:
    """Whether a notch of the wheel over ``choice``, brought into sight, scrolls ``area``."""
    area.ensureWidgetVisible(choice)
    bar = area.verticalScrollBar()
    before = bar.value()
    turn_wheel(choice, DOWN if before < bar.maximum() else UP)
    return bar.value() != before


def form_scroll(window: MainWindow) -> QScrollArea:
    area = window.generate_tab.model.parentWidget()
    while not isinstance(area, QScrollArea):
        assert area is not None
        area = area.parentWidget()
    return area


async def form_scrolling(window: MainWindow) -> QScrollArea:
    area = form_scroll(window)
    bar = area.verticalScrollBar()
    await until(lambda: bar.maximum() > bar.minimum())
    return area


async def test_a_wheel_over_the_model_not_chosen_scrolls_the_form_and_keeps_the_model(
    window: MainWindow,
) -> None:
    tab = window.generate_tab
    area = await form_scrolling(window)
    tab.prompt.setFocus()
    area.verticalScrollBar().setValue(0)
    assert scrolled_by_wheel(area, tab.model), "the form scrolled down instead"
    assert tab.model.currentData() == MODELS[0], "Pro still: the artist chose no other"


async def test_a_wheel_over_the_model_clicked_into_changes_it(window: MainWindow) -> None:
    tab = window.generate_tab
    area = await form_scrolling(window)
    area.verticalScrollBar().setValue(0)
    tab.model.setFocus(Qt.FocusReason.MouseFocusReason)
    assert not scrolled_by_wheel(area, tab.model)
    assert tab.model.currentData() == MODELS[1]


async def test_a_wheel_over_the_other_choices_of_the_form_scrolls_it(window: MainWindow) -> None:
    """The image count, the safety level and the format alike; the wheel, not letting them
    be, does not give them the keyboard either."""
    tab = window.generate_tab
    area = await form_scrolling(window)
    tab.prompt.setFocus()
    kept = (tab.batch.value(), tab.safety.value(), tab.format.currentIndex())
    for choice in (tab.batch, tab.safety, tab.format):
        assert scrolled_by_wheel(area, choice), choice.objectName()
    assert (tab.batch.value(), tab.safety.value(), tab.format.currentIndex()) == kept
    assert tab.prompt.hasFocus()


async def test_a_wheel_over_the_image_count_tabbed_into_changes_it(window: MainWindow) -> None:
    tab = window.generate_tab
    (await form_scrolling(window)).ensureWidgetVisible(tab.batch)
    tab.batch.setFocus(Qt.FocusReason.TabFocusReason)
    turn_wheel(tab.batch, UP)
    assert tab.batch.value() == 2


async def defaults_shown(window: MainWindow) -> SettingsDialog:
    """Settings open on its Defaults page, turned to from the key's field as a click on its
    tab turns it: the keyboard goes to the page's first field, Model."""
    dialog = await opened(window)
    page = next(
        dialog.tabs.widget(index)
        for index in range(dialog.tabs.count())
        if dialog.tabs.widget(index).isAncestorOf(dialog.model)
    )
    dialog.key.edit.setFocus()
    dialog.tabs.setCurrentWidget(page)
    await settled(dialog)
    assert dialog.model.hasFocus(), "the page's first field, unseen: not the artist's choice"
    return dialog


def chosen(choice: QWidget) -> object:
    """What a combo box or a spin box holds (its user property)."""
    return choice.property(choice.metaObject().userProperty().name())


async def test_a_wheel_over_a_settings_choice_not_chosen_leaves_it(window: MainWindow) -> None:
    """Its page scrolls only on a small screen: the choices are left alone on any. The
    page's first field, Model, takes the keyboard as the page is turned to, with nothing
    drawn round it: that is not the artist's choosing it either."""
    dialog = await defaults_shown(window)
    choices = (dialog.model, dialog.ratio, dialog.format, dialog.safety)
    kept = [chosen(choice) for choice in choices]
    for choice in choices:
        turn_wheel(choice, DOWN)
    assert [chosen(choice) for choice in choices] == kept
    assert dialog.model.hasFocus(), "the wheel gave the keyboard to none of the others"
    dialog.model.setFocus(Qt.FocusReason.TabFocusReason)
    turn_wheel(dialog.model, DOWN)
    assert dialog.model.currentData() != kept[0]
    dialog.reject()


async def test_a_wheel_over_a_choice_clicked_while_it_had_the_keyboard_unseen_changes_it(
    window: MainWindow,
) -> None:
    """A click on the Settings page's Model, which had the keyboard already from the page's
    turning, is the artist's choosing it: the wheel changes it then."""
    dialog = await defaults_shown(window)
    turn_wheel(dialog.model, DOWN)
    assert dialog.model.currentData() == MODELS[0]
    await clicked(dialog.model)
    turn_wheel(dialog.model, DOWN)
    assert dialog.model.currentData() == MODELS[1]
    dialog.reject()


async def clicked(combo: QComboBox) -> None:
    """A click on ``combo``: its list opens, and closes again with nothing chosen, the
    keyboard back in it."""
    QTest.mouseClick(combo, Qt.MouseButton.LeftButton)
    combo.hidePopup()
    combo.window().activateWindow()
    await until(combo.hasFocus)


async def test_keys_passing_through_a_choice_do_not_choose_it(window: MainWindow) -> None:
    """Alt or Ctrl alone, Ctrl and a key, Escape in its list: keys the page's Model, given
    the keyboard unseen, does not take, and the wheel still leaves it."""
    dialog = await defaults_shown(window)
    for key, held in (
        (Qt.Key.Key_Alt, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Control, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier),
    ):
        QTest.keyClick(dialog.model, key, held)
    turn_wheel(dialog.model, DOWN)
    assert dialog.model.currentData() == MODELS[0]
    dialog.reject()


async def keyboard_on_save(window: MainWindow) -> SettingsDialog:
    """Settings open, active, the keyboard on Save (out of the pages)."""
    window.show()
    dialog = await opened(window)
    await until(lambda: QApplication.activeWindow() is dialog)
    save_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    save_button.setFocus(Qt.FocusReason.TabFocusReason)
    return dialog


@pytest.mark.parametrize(
    ("key", "held"),
    [
        (Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier),
        (Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier),
    ],
    ids=["alt-2", "ctrl-tab"],
)
async def test_a_page_turned_to_by_its_key_gives_its_model_no_wheel(
    window: MainWindow, key: Qt.Key, held: Qt.KeyboardModifier
) -> None:
    """Alt+2 or Ctrl+Tab from Save turns to Defaults, the keyboard in Model, drawn: the
    program's move, not the artist's choosing Model. Under X11 the wheel over it then made
    Flux Kontext Max the default model."""
    dialog = await keyboard_on_save(window)
    QTest.keyClick(QApplication.focusWidget(), key, held)
    assert dialog.model.hasFocus()
    turn_wheel(dialog.model, DOWN)
    assert dialog.model.currentData() == MODELS[0]
    QTest.keyClick(dialog.model, Qt.Key.Key_Down)  # the keyboard works there as before
    assert dialog.model.currentData() == MODELS[1]
    dialog.reject()


async def test_a_choice_named_by_its_letter_takes_the_wheel(window: MainWindow) -> None:
    """Alt+M from the first page is the artist's choosing Model, as a click is."""
    dialog = await keyboard_on_save(window)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    assert dialog.model.hasFocus()
    turn_wheel(dialog.model, DOWN)
    assert dialog.model.currentData() == MODELS[1]
    dialog.reject()


async def test_a_wheel_over_the_library_state_filter_leaves_it(window: MainWindow) -> None:
    """The library shows the jobs of the filter the artist chose, not another a wheel
    passing over it on the way to the tiles picked; clicked, the wheel changes it."""
    state_filter = window.library.state_filter
    window.generate_tab.prompt.setFocus()
    turn_wheel(state_filter, DOWN)
    assert state_filter.currentIndex() == 0
    assert window.generate_tab.prompt.hasFocus()
    await clicked(state_filter)
    turn_wheel(state_filter, DOWN)
    assert state_filter.currentIndex() == 1


async def test_a_choice_named_by_its_letter_on_its_own_page_takes_the_wheel(
    window: MainWindow,
) -> None:
    """Alt+M in the Generate form, Model's own letter there (Qt's, not a page turned to), is
    the artist's choosing Model too."""
    tab = window.generate_tab
    tab.prompt.setFocus()
    QTest.keyClick(tab.prompt, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    assert tab.model.hasFocus()
    turn_wheel(tab.model, DOWN)
    assert tab.model.currentData() == MODELS[1]


@pytest.mark.parametrize(
    "key",
    [Qt.Key.Key_CapsLock, Qt.Key.Key_NumLock, Qt.Key.Key_Super_L],
    ids=["caps-lock", "num-lock", "super"],
)
async def test_a_lock_key_pressed_in_a_choice_does_not_choose_it(
    window: MainWindow, key: Qt.Key
) -> None:
    """Caps Lock or Num Lock, switched on the way to typing elsewhere, or the Windows key
    (Super on Linux) on the way to the desktop's launcher, while the page's Model had the
    keyboard unseen: the artist chose nothing there, and the wheel over it made Flux
    Kontext Max the default model."""
    dialog = await defaults_shown(window)
    QTest.keyClick(dialog.model, key)
    turn_wheel(dialog.model, DOWN)
    assert dialog.model.currentData() == MODELS[0]
    dialog.reject()


async def test_a_choice_chosen_before_its_window_lost_the_keyboard_is_not_chosen_after(
    window: MainWindow, owned: list[QObject]
) -> None:
    """Model clicked, then another window used, then this one made active again: the
    keyboard comes back to Model by the window's coming back, not by the artist's choosing
    it, and a wheel turned over the form on the way back changed the model."""
    tab = window.generate_tab
    area = await form_scrolling(window)
    area.ensureWidgetVisible(tab.model)
    await clicked(tab.model)
    other = QWidget()
    owned.append(other)
    other.show()
    other.activateWindow()
    await until(lambda: QApplication.activeWindow() is other)
    window.activateWindow()
    await until(tab.model.hasFocus)
    turn_wheel(tab.model, DOWN)
    assert tab.model.currentData() == MODELS[0], "Pro still: the artist chose no other"
    await clicked(tab.model)
    turn_wheel(tab.model, DOWN)
    assert tab.model.currentData() == MODELS[1], "clicked again, the wheel changes it"
