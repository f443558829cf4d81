"""Arabic and Hebrew titles heard, copied and pasted as the artist typed them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from kontext_studio.jobs.states import JobState
from kontext_studio.presets import MAX_NAME_CHARS, Preset
from kontext_studio.session import Session
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.details_dialog import DetailsDialog
from kontext_studio.ui.generate_tab import GenerateTab, PromptEdit
from kontext_studio.ui.presets_menu import SavePresetDialog
from kontext_studio.ui.rename_dialog import RenameDialog
from tests.fixtures import library_image
from tests.ui.conftest import pasted, until
from tests.ui.test_library import loaded_panel, make_snapshot, write_png
from tests.ui.test_preview import make_panel

FSI, PDI, LRI = "\u2068", "\u2069", "\u2066"  # the isolates the window adds round a title
RLO, PDF = "\u202e", "\u202c"  # an override an artist may have typed, and its closer
ARABIC = "قطة في الحديقة"  # "a cat in the garden"
MIXED = "שועל red fox בשלג"  # Hebrew with English inside


async def test_a_screen_reader_hears_an_arabic_title_isolated_in_its_sentence(
    bridge: Bridge, session: Session, owned: list[QObject], tmp_path: Path
) -> None:
    """The tile's name ("…, starred") and the picture's ("Image: …, starred") set the title
    in them as the tile and the heading show it: read bare, an Arabic title took ", starred"
    into its own right-to-left order, and the reader said the words out of turn."""
    cat = str(write_png(tmp_path / "cat.png"))
    snap = session.ledger.create_upload(file_path=cat, sha256="s", title=ARABIC)
    snap = session.ledger.update(snap.id, starred=True)
    library = await loaded_panel(bridge, owned)
    await until(lambda: library.model.rowCount() == 1)
    tile = library.model.index(0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert tile == f"{FSI}{ARABIC}{PDI}, starred"
    preview = make_panel(bridge, owned)
    preview.show_snapshot(snap)
    assert preview.canvas.accessibleName() == f"Image: {FSI}{ARABIC}{PDI}, starred"


def copied(label: QLabel) -> str:
    """What Ctrl+C puts on the clipboard of ``label``'s whole text, selected."""
    label.setSelection(0, len(label.text()))
    QTest.keyClick(label, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    return QApplication.clipboard().text()


async def test_the_heading_is_copied_without_the_isolates_round_its_title(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """The preview's heading shows a Hebrew title isolated (U+2068 … U+2069): its copy
    carried them, invisible, into Rename or the prompt it was pasted in. The title's own
    override and its closer are the artist's, and are copied; so is its place."""
    panel = make_panel(bridge, owned)
    panel.show_snapshot(
        session.ledger.create_upload(file_path=library_image("f.png"), sha256="s", title=MIXED)
    )
    assert panel.title_label.text() == f"{FSI}{MIXED}{PDI}"
    assert copied(panel.title_label) == MIXED
    own = f"fox {RLO}xof{PDF} לילה"
    panel.show_snapshot(
        session.ledger.create_upload(file_path=library_image("g.png"), sha256="t", title=own)
    )
    assert copied(panel.title_label) == own
    unclosed = f"{RLO}שועל"  # its override closed by the window: the closer is not copied
    panel.show_snapshot(
        session.ledger.create_upload(file_path=library_image("h.png"), sha256="u", title=unclosed)
    )
    assert panel.title_label.text() == f"{FSI}{unclosed}{PDF}{PDI}"
    assert copied(panel.title_label) == unclosed


def test_rename_and_edit_details_drop_pasted_isolates(
    qapp: QApplication, owned: list[QObject], qtbot: QtBot
) -> None:
    """Words copied from a banner ("Renamed “⁨קו⁩”.") carried the isolates the window sets
    round a title; pasted into Rename they became part of the new title, unseen. They are
    left out of what is pasted; the rest of the words, and the title as it was, stay, and
    one Ctrl+Z takes the whole paste back (its first brought back the paste as it came,
    isolates and all)."""
    rename = RenameDialog(make_snapshot(JobState.COMPLETED, title=f"{RLO}own"))
    owned.append(rename)
    edit = rename.title_edit
    edit.setCursorPosition(len(edit.text()))
    assert pasted(edit, f" {FSI}{ARABIC}{PDI} {LRI}384 × 512{PDI}") == (
        f"{RLO}own {ARABIC} 384 × 512"
    )
    QTest.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert edit.text() == f"{RLO}own"
    QTest.keyClick(edit, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert edit.text() == f"{RLO}own {ARABIC} 384 × 512"
    details = DetailsDialog([make_snapshot(JobState.COMPLETED)])
    owned.append(details)
    details.title_edit.clear()
    assert pasted(details.title_edit, f"{FSI}{MIXED}{PDI}") == MIXED


def test_a_second_paste_in_a_row_leaves_no_isolate_in_the_title(
    qapp: QApplication, owned: list[QObject]
) -> None:
    """Two titles copied from banners and pasted one after the other: the second was told
    apart from the text before the first was cleaned, and kept the closer (U+2069) of the
    second title, unseen, in the title saved. Ctrl+Z takes each paste back whole."""
    rename = RenameDialog(make_snapshot(JobState.COMPLETED, title="own"))
    owned.append(rename)
    edit = rename.title_edit
    edit.setCursorPosition(len(edit.text()))
    assert pasted(edit, f" {FSI}{ARABIC}{PDI}") == f"own {ARABIC}"
    assert pasted(edit, f" {FSI}{MIXED}{PDI}") == f"own {ARABIC} {MIXED}"
    QTest.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert edit.text() == f"own {ARABIC}"
    QTest.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert edit.text() == "own"


def test_a_paste_over_a_selection_is_one_step_to_undo(
    qapp: QApplication, owned: list[QObject]
) -> None:
    """A title pasted over the words selected, typed after words typed: Ctrl+Z takes the
    paste back alone, the selected words back in their place, the typing kept."""
    rename = RenameDialog(make_snapshot(JobState.COMPLETED, title="a red fox"))
    owned.append(rename)
    edit = rename.title_edit
    edit.setSelection(2, 3)
    assert pasted(edit, f"{FSI}{ARABIC}{PDI}") == f"a {ARABIC} fox"
    edit.setCursorPosition(len(edit.text()))
    QTest.keyClicks(edit, " at")
    assert pasted(edit, f" {FSI}🌙{PDI}") == f"a {ARABIC} fox at 🌙"
    QTest.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert edit.text() == f"a {ARABIC} fox at"
    QTest.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert edit.text() == "a red fox"


async def test_preset_names_and_the_watermark_drop_pasted_isolates(
    bridge: Bridge, owned: list[QObject]
) -> None:
    """A preset's names and the watermark kept the isolates of words copied from the
    window: the preset menu named the style with them, and KIE was sent them as the
    watermark. An override the artist pasted is kept, as in a title."""
    dialog = SavePresetDialog(Preset(name="", template="{prompt}"), [])
    owned.append(dialog)
    assert pasted(dialog.name, f"{FSI}{ARABIC}{PDI}") == ARABIC
    assert pasted(dialog.name_zh, f"{FSI}水墨{PDI} {RLO}ab{PDF}") == f"水墨 {RLO}ab{PDF}"
    QTest.keyClick(dialog.name_zh, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dialog.name_zh.text() == ""
    tab = GenerateTab(bridge)
    owned.append(tab)
    await until(lambda: tab.loaded)
    assert pasted(tab.watermark, f"{LRI}© 2026{PDI}") == "© 2026"
    assert tab.current_request().watermark == "© 2026"


def test_the_prompt_box_drops_pasted_isolates(qapp: QApplication, owned: list[QObject]) -> None:
    """Pasted into the prompt, the isolates went to KIE inside its words."""
    prompt = PromptEdit()
    owned.append(prompt)
    prompt.setPlainText("a fox, ")
    prompt.moveCursor(prompt.textCursor().MoveOperation.End)
    QApplication.clipboard().setText(f"{FSI}{ARABIC}{PDI}")
    QTest.keyClick(prompt, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert prompt.toPlainText() == f"a fox, {ARABIC}"


def test_a_paste_over_the_preset_name_as_it_opens_is_one_step_to_undo(
    qapp: QApplication, owned: list[QObject]
) -> None:
    """Save as preset opens with its name selected: a name pasted over it, then Ctrl+Z,
    brought back the paste as it came, isolates and all, and only a second Ctrl+Z the name
    it opened with. One Ctrl+Z brings that name back."""
    dialog = SavePresetDialog(Preset(name="Moody portrait", template="{prompt}"), [])
    owned.append(dialog)
    assert dialog.name.selectedText() == "Moody portrait"
    assert pasted(dialog.name, f"{FSI}{ARABIC}{PDI}") == ARABIC
    QTest.keyClick(dialog.name, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dialog.name.text() == "Moody portrait"


def test_a_paste_that_fits_once_cleaned_keeps_every_letter_of_a_preset_name(
    qapp: QApplication, owned: list[QObject]
) -> None:
    """A preset's name holds 60 characters: a name of 58 letters pasted with the isolates
    round it after two typed (62 in all) was cut to 60 before the isolates were left out,
    and its last two letters were lost. A paste too long once cleaned is cut to fit, a key
    typed at the limit is refused, and one Ctrl+Z takes the paste back, as before."""
    dialog = SavePresetDialog(Preset(name="", template="{prompt}"), [])
    owned.append(dialog)
    QTest.keyClicks(dialog.name, "ab")
    name = "x" * (MAX_NAME_CHARS - 4) + "yz"
    assert pasted(dialog.name, f"{FSI}{name}{PDI}") == f"ab{name}"
    dialog.name.setText("ab")
    assert pasted(dialog.name, f"{FSI}{name}w{PDI}") == f"ab{name}"
    QTest.keyClicks(dialog.name, "q")
    assert dialog.name.text() == f"ab{name}"
    QTest.keyClick(dialog.name, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dialog.name.text() == "ab"


def test_a_chinese_name_longer_than_the_limit_can_be_shortened_key_by_key(
    qapp: QApplication, owned: list[QObject]
) -> None:
    """A preset's Chinese name is not checked against the limit when the presets are read:
    one longer (a file edited by hand) opened in Save as preset, and Backspace did nothing
    (the limit refused any text longer than it). Backspace takes a letter off; a key
    typed is still refused."""
    long_name = "\u5f71" * (MAX_NAME_CHARS + 5)
    dialog = SavePresetDialog(Preset(name="Mine", name_zh=long_name, template="{prompt}"), [])
    owned.append(dialog)
    dialog.name_zh.setFocus()
    dialog.name_zh.end(False)
    QTest.keyClick(dialog.name_zh, Qt.Key.Key_Backspace)
    assert dialog.name_zh.text() == long_name[:-1]
    QTest.keyClicks(dialog.name_zh, "x")
    assert dialog.name_zh.text() == long_name[:-1]


def test_ctrl_z_after_chinese_typed_past_the_limit_brings_back_no_name_too_long(
    qapp: QApplication, owned: list[QObject]
) -> None:
    """Pinyin committed at the name's limit ("你好" at 59 letters) is cut to fit, as a
    paste is; Ctrl+Z then brought back the words as committed, 61 letters, past the limit
    the field holds, and Save refused them. It takes back the typing, as Qt's own step."""
    dialog = SavePresetDialog(Preset(name="", template="{prompt}"), [])
    owned.append(dialog)
    dialog.name.setFocus()
    QTest.keyClicks(dialog.name, "a" * (MAX_NAME_CHARS - 1))
    committed = QInputMethodEvent()
    committed.setCommitString("\u4f60\u597d")
    QApplication.sendEvent(dialog.name, committed)
    assert dialog.name.text() == "a" * (MAX_NAME_CHARS - 1) + "\u4f60"
    QTest.keyClick(dialog.name, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(dialog.name.text()) <= MAX_NAME_CHARS


async def test_the_library_search_drops_pasted_isolates(
    bridge: Bridge, owned: list[QObject]
) -> None:
    """A title copied from a banner and pasted into the library's search kept its isolates,
    unseen, and the search found nothing: the title saved has none. One Ctrl+Z takes the
    paste back."""
    panel = await loaded_panel(bridge, owned)
    assert pasted(panel.search, f"{FSI}{ARABIC}{PDI}") == ARABIC
    QTest.keyClick(panel.search, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert panel.search.text() == ""
