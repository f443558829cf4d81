"""Style presets in the Generate tab: chosen from the Style menu, applied to the frozen request
(the edit template when a reference is set), saved from the form, deleted, and named in
Chinese in a Chinese interface."""

from __future__ import annotations

import errno
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PIL import Image
from PySide6.QtCore import QEvent, QLocale, QPoint
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QToolTip

from kontext_studio.kie.models import GenerateRequest
from kontext_studio.presets import Preset, apply, save_user_preset, user_presets_file
from kontext_studio.session import Session
from kontext_studio.store.ledger import Snapshot
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.generate_tab import MATCH, GenerateTab
from kontext_studio.ui.plain_text import plain_tooltip
from kontext_studio.ui.presets_menu import PREVIEW_CHARS, PresetPicker, SavePresetDialog
from kontext_studio.ui.reference_slot import SlotState
from tests.ui.conftest import (
    application_font,
    banner_messages,
    close_generate_tab,
    end_tip,
    open_generate_tab,
    until,
)
from tests.unit.test_presets import unreadable_now


@pytest.fixture
def chinese_locale() -> Iterator[None]:
    previous = QLocale()
    QLocale.setDefault(QLocale("zh_CN"))
    yield
    QLocale.setDefault(previous)


def pick(picker: PresetPicker, name: str) -> None:
    """Choose ``name`` the way the artist does: its entry in the Style menu."""
    action = picker.menu_action(name)
    assert action is not None, name
    action.trigger()


async def submit(tab: GenerateTab, session: Session) -> Snapshot:
    ids: list[int] = []
    tab.submitted.connect(ids.append)
    assert tab.generate()
    await until(lambda: bool(ids))
    snapshot = session.ledger.get(ids[0])
    assert snapshot is not None
    return snapshot


async def test_the_style_menu_lists_shipped_presets(tab: GenerateTab) -> None:
    picker = tab.style_picker
    assert picker.button.text() == "Style: none ▾"
    assert not picker.clear_button.isVisibleTo(tab)
    picker._fill_menu()
    names = [a.text() for a in picker.menu.actions() if a.objectName().startswith("style_")]
    assert names[0] == "No style"
    assert "Watercolor" in names and "Ink sketch" in names
    assert "Save current as preset…" in names


async def test_the_greyed_delete_entry_says_there_is_no_preset_of_yours_yet(
    tab: GenerateTab,
) -> None:
    """Before: with no preset of the artist's own, "Delete a preset of yours" was greyed in
    the Style menu with nothing said, the pointer over it showing no tooltip."""
    picker = tab.style_picker
    picker.menu.popup(tab.mapToGlobal(QPoint(0, 0)))
    try:
        await until(lambda: picker.menu.isVisible())
        entry = picker.delete_menu.menuAction()
        assert not entry.isEnabled()
        at = picker.menu.actionGeometry(entry).center()
        QApplication.sendEvent(
            picker.menu, QHelpEvent(QEvent.Type.ToolTip, at, picker.menu.mapToGlobal(at))
        )
        assert QToolTip.text() == plain_tooltip(
            "No preset of yours yet: Save current as preset… makes one from the prompt box"
        )
    finally:
        end_tip()
        picker.menu.hide()


async def test_a_chosen_style_is_applied_to_the_request_and_shown(
    tab: GenerateTab, session: Session
) -> None:
    tab.prompt.setPlainText("a red fox at dawn")
    assert not tab.sent_as.isVisibleTo(tab)
    pick(tab.style_picker, "Watercolor")

    watercolor = tab.style_picker.current
    assert watercolor is not None and watercolor.name == "Watercolor"
    assert tab.style_picker.button.text() == "Style: Watercolor ▾"
    assert tab.style_picker.clear_button.isVisibleTo(tab)
    expected = apply(watercolor, "a red fox at dawn")
    assert expected.startswith("a red fox at dawn, watercolor painting")
    assert tab.sent_as.isVisibleTo(tab)
    assert tab.sent_as.toolTip() == plain_tooltip(expected)
    assert tab.prompt.toPlainText() == "a red fox at dawn", (
        "the prompt box keeps the artist's words"
    )

    job = await submit(tab, session)
    assert job.request.prompt == expected

    tab.style_picker.clear_button.click()
    assert tab.style_picker.current is None
    assert not tab.sent_as.isVisibleTo(tab)
    plain = await submit(tab, session)
    assert plain.request.prompt == "a red fox at dawn"
    for made in (job, plain):  # ended here: a connect cut off by the close leaves a warning
        await session.engine.wait_for(made.id)

    # A pasted novel: the preview shows its start, not the whole of it on every keystroke.
    pick(tab.style_picker, "Watercolor")
    tab.prompt.setPlainText("a quiet harbour at dawn " * 40_000)
    assert tab.sent_as.toolTip().startswith("a quiet harbour at dawn")
    assert len(tab.sent_as.toolTip()) == PREVIEW_CHARS + 1  # and "…"


async def test_edit_mode_uses_the_edit_template_and_keeps_the_reference_shape(
    tab: GenerateTab, session: Session, tmp_path: Path
) -> None:
    reference = tmp_path / "room.png"
    Image.new("RGB", (300, 200), (10, 120, 90)).save(reference)
    tab.set_reference(str(reference))
    await until(lambda: tab.slot.state is SlotState.READY)
    tab.prompt.setPlainText("the chair in front")

    pick(tab.style_picker, "Product photo")
    product = tab.style_picker.current
    assert product is not None and product.aspect_ratio == "1:1"
    assert tab.ratio_buttons[MATCH].isChecked(), "the reference decides the shape"
    job = await submit(tab, session)
    assert job.request.prompt == apply(product, "the chair in front", edit=True)
    assert job.request.prompt.startswith("Place the product from this image")
    assert job.request.aspect_ratio is None

    tab.slot.clear()
    pick(tab.style_picker, "none")
    pick(tab.style_picker, "Product photo")
    assert tab.ratio_buttons["1:1"].isChecked(), "without a reference the preset's ratio applies"
    second = await submit(tab, session)
    assert second.request.prompt == apply(product, "the chair in front")
    for made in (job, second):  # ended here, not cut off by the session's close
        await session.engine.wait_for(made.id)


async def test_save_current_as_preset_round_trip(
    tab: GenerateTab, bridge: Bridge, session: Session
) -> None:
    tab.prompt.setPlainText("moody chiaroscuro, deep shadows, {prompt}, candle light")
    tab.model.setCurrentIndex(tab.model.findData("flux-kontext-max"))
    tab.ratio_buttons["3:4"].click()
    save = tab.style_picker.menu_action("save")
    assert save is not None
    save.trigger()
    dialog = tab.style_picker._dialog
    assert isinstance(dialog, SavePresetDialog) and dialog.isVisible()
    save_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save_button.isEnabled()
    assert dialog.note.text() == "Give the preset a name."
    assert "{prompt}" in dialog.template.toPlainText()

    dialog.name.setText("Moody portrait")
    dialog.name_zh.setText("暗调肖像")
    dialog.use_model.setChecked(True)
    assert dialog.use_ratio.isChecked()
    assert save_button.isEnabled()
    dialog.accept()

    picker = tab.style_picker
    await until(lambda: picker.current is not None and picker.current.name == "Moody portrait")
    stored = json.loads(user_presets_file(session.paths).read_text(encoding="utf-8"))
    assert stored["presets"][0]["name"] == "Moody portrait"
    assert stored["presets"][0]["model"] == "flux-kontext-max"
    assert stored["presets"][0]["aspect_ratio"] == "3:4"
    assert not picker.current.builtin

    tab.prompt.setPlainText("an old sailor")
    job = await submit(tab, session)
    assert job.request.prompt == "moody chiaroscuro, deep shadows, an old sailor, candle light"

    # A new tab (a restart) finds the preset again, under "Yours".
    again = await open_generate_tab(bridge)
    try:
        found = again.style_picker.preset_named("moody PORTRAIT")
        assert found is not None and found.name_zh == "暗调肖像"
        again.style_picker._fill_menu()
        texts = [a.text() for a in again.style_picker.menu.actions()]
        assert texts.index("Yours") < texts.index("Moody portrait")
    finally:
        await close_generate_tab(again, bridge)


async def test_a_preset_saved_as_its_window_closes_is_kept_and_says_nothing(
    bridge: Bridge, session: Session
) -> None:
    """Save as preset, and the window closes (or switches to or from demo mode) before the
    save ends: the preset is saved all the same, and the end of the save reaches no deleted
    widget. Before, it did, and the banner said "Something went wrong"."""
    tab = await open_generate_tab(bridge)
    seen = banner_messages(bridge)
    tab.prompt.setPlainText("{prompt}, at dusk")
    dialog = tab.style_picker.save_current()
    dialog.name.setText("Dusk")
    dialog.accept()
    shiboken6.delete(tab)
    await until(lambda: not bridge.busy)
    stored = json.loads(user_presets_file(session.paths).read_text(encoding="utf-8"))
    assert [preset["name"] for preset in stored["presets"]] == ["Dusk"]
    assert seen == []


async def test_saving_an_own_style_again_edits_it(tab: GenerateTab, session: Session) -> None:
    """Before, "Save current as preset…" with a preset of the artist's own active opened
    with no name: changing one word of it meant typing its name again, exactly, or ended
    in a second preset; and its model was left out unless ticked again."""
    mine = Preset(
        "Moody",
        "{prompt}, moody",
        model="max",
        description="For the night series",
        name_zh="暗调",
    )
    save_user_preset(session.paths, mine)
    picker = tab.style_picker
    picker.reload()
    await until(lambda: picker.preset_named("Moody") is not None)
    tab.ratio_buttons["3:4"].click()
    pick(picker, "Moody")

    dialog = picker.save_current()
    assert (dialog.name.text(), dialog.name.selectedText()) == ("Moody", "Moody")
    assert dialog.name_zh.text() == "暗调"
    assert dialog.note.text() == "This replaces your preset of the same name."
    assert dialog.use_model.isChecked(), "the style sets the model: so does the one saved"
    assert not dialog.use_ratio.isChecked(), "the style sets no ratio: nor does the one saved"
    dialog.template.setPlainText("{prompt}, moody, rain")
    dialog.accept()

    await until(lambda: picker.current is not None and picker.current.template.endswith("rain"))
    user = [p for p in picker.presets if not p.builtin]
    assert user == [
        Preset(
            "Moody",
            "{prompt}, moody, rain",
            model="flux-kontext-max",
            description="For the night series",
            name_zh="暗调",
        )
    ]

    pick(picker, "Watercolor")
    variant = picker.save_current()
    assert variant.name.text() == "", "a built-in style is saved as a preset of its own"


async def test_saving_over_a_builtin_warns_and_deleting_brings_it_back(
    tab: GenerateTab, monkeypatch: pytest.MonkeyPatch
) -> None:
    picker = tab.style_picker
    tab.prompt.setPlainText("my own watercolor words")
    dialog = picker.save_current()
    dialog.name.setText("watercolor")
    assert "replaces the built-in style" in dialog.note.text()
    dialog.accept()
    await until(lambda: picker.current is not None and not picker.current.builtin)
    assert picker.current.template == "my own watercolor words"

    asked: list[str] = []
    monkeypatch.setattr(
        picker, "confirm", lambda title, text, *_buttons: asked.append(text) or True
    )
    picker._fill_menu()
    delete_menu = next(a.menu() for a in picker.menu.actions() if a.menu() is not None)
    assert delete_menu.isEnabled()
    delete_menu.actions()[0].trigger()

    assert asked == ["Delete the style preset “watercolor”?"]
    await until(lambda: (p := picker.preset_named("Watercolor")) is not None and p.builtin)
    assert picker.current is None, "the deleted style is no longer active"


async def test_a_damaged_presets_file_is_said_with_where_it_was_kept(
    tab: GenerateTab, bridge: Bridge, session: Session
) -> None:
    """Before, a presets file that could not be read was moved aside with only a line in
    the log: the artist's own presets were gone from the Style menu without a word."""
    path = user_presets_file(session.paths)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"version": 1, "presets": [{"name": "Moody", ', encoding="utf-8")
    said: list[tuple[str, str]] = []
    bridge.error.connect(lambda message, hint: said.append((message, hint)))
    picker = tab.style_picker
    picker.loaded = False
    picker.reload()
    await until(lambda: picker.loaded)

    (aside,) = path.parent.glob("presets.json.damaged-*")
    assert said == [
        (
            "Your style presets file could not be read, so your own presets are missing "
            "from the Style menu.",
            f"It was kept as {aside}. Presets you save from now on go in a new file.",
        )
    ]
    picker.reload()
    await until(lambda: not bridge.busy)
    assert len(said) == 1, "said once: the file is no longer there to be read"


async def test_a_presets_file_linked_to_a_name_too_long_is_said_and_kept_aside(
    tab: GenerateTab, bridge: Bridge, session: Session
) -> None:
    """A presets.json linked to a name longer than the system takes: before, the
    system's error escaped, said as "Something went wrong", and the Style menu offered
    not even the built-in styles, "Loading…" for good. Now the link is kept aside and
    said as a file that could not be read, and the built-in styles are offered."""
    path = user_presets_file(session.paths)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to("x" * 300)
    said: list[tuple[str, str]] = []
    bridge.error.connect(lambda message, hint: said.append((message, hint)))
    picker = tab.style_picker
    picker.loaded = False
    picker.presets = []
    picker.reload()
    await until(lambda: not bridge.busy)

    assert picker.loaded and picker.preset_named("Watercolor") is not None
    (aside,) = path.parent.glob("presets.json.damaged-*")
    assert said == [
        (
            "Your style presets file could not be read, so your own presets are missing "
            "from the Style menu.",
            f"It was kept as {aside}. Presets you save from now on go in a new file.",
        )
    ]


async def test_a_presets_file_held_by_another_program_is_said_and_left_where_it_is(
    tab: GenerateTab, bridge: Bridge, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, a presets file a sync client or an antivirus held for a moment was set
    aside as damaged, said as such, and the artist had to put it back by hand. Now it is
    said that it could not be read just now, the built-in styles are offered meanwhile, and
    the file stays where it is, read again at the next start."""
    save_user_preset(session.paths, Preset(name="Moody", template="{prompt}, moody"))
    path = user_presets_file(session.paths)
    unreadable_now(monkeypatch, path, PermissionError(errno.EACCES, "Permission denied"))
    said: list[tuple[str, str]] = []
    bridge.error.connect(lambda message, hint: said.append((message, hint)))
    picker = tab.style_picker
    picker.loaded = False
    picker.reload()
    await until(lambda: picker.loaded)

    assert said == [
        (
            "A file with your own presets or prompts could not be read just now. "
            f"Cause: {path} could not be read: another program may hold it, or its disk did "
            "not answer.",
            "It was left as it is. Close any program that may have it open (a sync client or "
            "an antivirus), and check that the file can be opened, then try again.",
        )
    ]
    assert picker.preset_named("Watercolor") is not None
    monkeypatch.undo()
    assert list(path.parent.glob("presets.json.*")) == []
    picker.reload()
    await until(lambda: picker.preset_named("Moody") is not None)


async def test_a_presets_file_held_at_the_start_is_read_again_when_the_style_menu_opens(
    tab: GenerateTab, bridge: Bridge, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A presets file a sync client held for a moment as the window started: before, the
    artist's own styles were missing from the Style menu until the next start, however
    often it was opened, and the banner's "then try again" had nothing to try. The menu
    opened reads it again (said once while it still cannot be read)."""
    save_user_preset(session.paths, Preset(name="Moody", template="{prompt}, moody"))
    path = user_presets_file(session.paths)
    unreadable_now(monkeypatch, path, PermissionError(errno.EACCES, "Permission denied"))
    said: list[str] = []
    bridge.error.connect(lambda message, _hint: said.append(message))
    picker = tab.style_picker
    picker.loaded = False
    picker.reload()
    await until(lambda: picker.loaded)
    assert len(said) == 1 and picker.preset_named("Moody") is None

    picker.menu.popup(picker.button.mapToGlobal(QPoint()))  # still held
    await until(lambda: not bridge.busy)
    picker.menu.close()
    assert len(said) == 1, "not said again at each opening"
    assert picker.preset_named("Watercolor") is not None

    monkeypatch.undo()
    picker.menu.popup(picker.button.mapToGlobal(QPoint()))
    try:
        # The menu open shows them once read.
        await until(lambda: any(a.objectName() == "style_Moody" for a in picker.menu.actions()))
    finally:
        picker.menu.close()
    await until(lambda: not bridge.busy)
    assert len(said) == 1


async def test_a_preset_saved_while_its_file_is_held_comes_back_to_save_again(
    tab: GenerateTab, bridge: Bridge, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saving a style while another program held the presets file: before, the dialog
    closed, the banner said to try again, and what was typed (its names, its texts) was
    gone, to be typed again. The dialog comes back as it was, and its Save then saves."""
    save_user_preset(session.paths, Preset(name="Moody", template="{prompt}, moody"))
    path = user_presets_file(session.paths)
    unreadable_now(monkeypatch, path, PermissionError(errno.EACCES, "Permission denied"))
    said: list[str] = []
    bridge.error.connect(lambda message, _hint: said.append(message))
    tab.prompt.setPlainText("{prompt}, rain on glass")
    tab.model.setCurrentIndex(tab.model.findData("flux-kontext-max"))
    picker = tab.style_picker
    dialog = picker.save_current()
    dialog.name.setText("Rainy")
    dialog.name_zh.setText("雨天")
    dialog.edit_template.setPlainText("{prompt}, wet streets")
    dialog.use_model.setChecked(True)
    dialog.use_ratio.setChecked(False)
    dialog.accept()
    await until(lambda: bool(said) and not bridge.busy)
    assert said[0].startswith("A file with your own presets or prompts could not be read")

    again = picker._dialog
    assert isinstance(again, SavePresetDialog) and again.isVisible()
    assert (again.name.text(), again.name_zh.text()) == ("Rainy", "雨天")
    assert again.template.toPlainText() == "{prompt}, rain on glass"
    assert again.edit_template.toPlainText() == "{prompt}, wet streets"
    assert again.use_model.isChecked() and not again.use_ratio.isChecked()

    monkeypatch.undo()
    again.accept()
    await until(lambda: picker.current is not None and picker.current.name == "Rainy")
    assert picker.current.model == "flux-kontext-max" and picker.current.aspect_ratio is None
    assert picker.preset_named("Moody") is not None, "the file's presets are kept"


async def test_deleting_the_active_style_while_its_file_is_held_keeps_it_active(
    tab: GenerateTab, bridge: Bridge, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deleting the active style of the artist's own while another program held the presets
    file: before, the style was cleared at once, and the delete then refused, so the preset
    stayed while the next Generate went without it, "Style: none" the only sign. It stays
    active until the delete goes through."""
    save_user_preset(session.paths, Preset(name="Moody", template="{prompt}, moody"))
    picker = tab.style_picker
    picker.reload()
    await until(lambda: picker.preset_named("Moody") is not None)
    pick(picker, "Moody")
    monkeypatch.setattr(picker, "confirm", lambda *_args: True)
    path = user_presets_file(session.paths)
    unreadable_now(monkeypatch, path, PermissionError(errno.EACCES, "Permission denied"))
    said: list[str] = []
    bridge.error.connect(lambda message, _hint: said.append(message))
    moody = picker.preset_named("Moody")
    assert moody is not None
    picker.delete(moody)
    await until(lambda: bool(said) and not bridge.busy)
    assert picker.current is not None and picker.current.name == "Moody"
    assert picker.button.text() == "Style: Moody ▾"

    monkeypatch.undo()
    monkeypatch.setattr(picker, "confirm", lambda *_args: True)
    picker.delete(moody)
    await until(lambda: picker.preset_named("Moody") is None)
    assert picker.current is None


async def test_a_folder_in_place_of_the_presets_file_is_said_with_where_it_was_kept(
    tab: GenerateTab, bridge: Bridge, session: Session
) -> None:
    """A folder named presets.json (as root meets a presets file it cannot read): before,
    the artist's own presets were missing from the Style menu without a word, and Save as
    preset failed with "Is a directory"."""
    path = user_presets_file(session.paths)
    path.mkdir(parents=True)
    said: list[tuple[str, str]] = []
    bridge.error.connect(lambda message, hint: said.append((message, hint)))
    picker = tab.style_picker
    picker.loaded = False
    picker.reload()
    await until(lambda: picker.loaded)

    (aside,) = path.parent.glob("presets.json.damaged-*")
    assert aside.is_dir()
    assert said == [
        (
            "Your style presets file could not be read, so your own presets are missing "
            "from the Style menu.",
            f"It was kept as {aside}. Presets you save from now on go in a new file.",
        )
    ]


async def test_declining_the_delete_keeps_the_preset(
    tab: GenerateTab, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_user_preset(session.paths, Preset(name="Keep me", template="{prompt}, kept"))
    picker = tab.style_picker
    picker.reload()
    await until(lambda: picker.preset_named("Keep me") is not None)
    preset = picker.preset_named("Keep me")
    assert preset is not None
    monkeypatch.setattr(picker, "confirm", lambda title, text, *_buttons: False)
    picker.delete(preset)
    picker.reload()
    await until(lambda: not picker._bridge.busy)
    assert picker.preset_named("Keep me") is not None


async def test_reuse_settings_clears_the_style(tab: GenerateTab) -> None:
    pick(tab.style_picker, "Ink sketch")
    tab.apply_request(GenerateRequest(prompt="a fox, ink sketch, bold lines"))
    assert tab.style_picker.current is None
    assert tab.current_request().prompt == "a fox, ink sketch, bold lines"


async def test_preset_names_are_chinese_in_a_chinese_interface(
    chinese_locale: None, tab: GenerateTab
) -> None:
    pick(tab.style_picker, "Watercolor")
    assert "水彩" in tab.style_picker.button.text()
    tab.style_picker._fill_menu()
    texts = [a.text() for a in tab.style_picker.menu.actions()]
    assert "水彩" in texts and "Watercolor" not in texts


async def test_a_style_can_make_the_prompt_too_long(tab: GenerateTab) -> None:
    pick(tab.style_picker, "Watercolor")
    tab.prompt.setPlainText("x" * 4990)
    assert not tab.generate_button.isEnabled()
    assert "Shorten the prompt" in tab.reason.text()


async def test_the_style_boxes_grow_with_a_font_set_while_save_as_preset_is_open(
    tab: GenerateTab,
) -> None:
    """Their heights were taken once, when the dialog was made: at 24 pt set later, the
    box for the style's text showed less than two of its lines."""
    dialog = tab.style_picker.save_current()
    with application_font(24):
        await until(lambda: dialog.font().pointSizeF() == 24)
        lines = dialog.template.fontMetrics().lineSpacing()
        assert dialog.template.height() >= 4 * lines
        assert dialog.edit_template.height() >= 3 * lines
    dialog.close()
