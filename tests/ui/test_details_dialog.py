"""Edit details…: the dialog itself, as the artist fills it in (what it offers, what it
refuses, what it hands back to be saved)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import pytest
from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QScreen
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kontext_studio.jobs.states import JobState
from kontext_studio.store.details import DetailsEdit
from kontext_studio.ui import app, details_dialog
from kontext_studio.ui.details_dialog import DetailsDialog
from kontext_studio.ui.fit import FRAME_ROOM
from kontext_studio.ui.main_window import MainWindow
from tests.ui.conftest import application_font, settled, until
from tests.ui.test_library import make_snapshot

Make = Callable[..., DetailsDialog]


@pytest.fixture
def dialog(qapp: QApplication, owned: list[QObject]) -> Make:
    def make(*snapshots: Any) -> DetailsDialog:
        made = DetailsDialog(snapshots)
        owned.append(made)
        made.show()
        return made

    return make


def test_it_offers_each_detail_as_the_library_holds_it(dialog: Make) -> None:
    """A generated artwork's empty title says its prompt is shown; an imported one's, that
    it is shown with the artwork. Unchanged, nothing is handed back to be written."""
    made = dialog(make_snapshot(JobState.COMPLETED, description="", tags="fox,  snow"))
    assert made.windowTitle() == "Edit details"
    assert made.title_edit.text() == ""
    assert made.title_edit.placeholderText() == "Empty: its prompt is shown"
    assert made.tags_edit.text() == "fox, snow"
    assert made.save_button.isEnabled()
    assert made.edit() == DetailsEdit()
    assert not made.published_note.isVisible()

    imported = dialog(
        make_snapshot(
            JobState.COMPLETED, prompt="", title="Sea", description="Ink", tags="sea", id=2
        )
    )
    assert imported.title_edit.text() == "Sea"
    assert imported.title_edit.placeholderText() == "Shown with the artwork"
    assert imported.description_edit.toPlainText() == "Ink"


def test_only_what_was_changed_is_handed_back(dialog: Make) -> None:
    made = dialog(make_snapshot(JobState.COMPLETED, title="Fox", description="", tags="fox"))
    made.description_edit.setPlainText("  watercolour\n")
    made.tags_edit.setText("fox，dawn")
    assert made.edit() == DetailsEdit(description="watercolour", tags="fox，dawn", tags_shown="fox")
    made.title_edit.setText("a red fox")  # its prompt, as Rename: the prompt's title again
    assert made.edit().title == ""


def test_a_huge_paste_is_refused_in_words_until_shortened(dialog: Make) -> None:
    made = dialog(make_snapshot(JobState.COMPLETED))
    made.description_edit.setPlainText("x" * 100_000)
    assert not made.save_button.isEnabled()
    assert made.problem.isVisible()
    assert made.problem.text() == "Shorten the description to 5,000 characters (it has 100,000)."
    made.accept()  # Enter in the title: nothing happens while Save is off
    assert made.isVisible()
    made.description_edit.setPlainText("x" * 5_000)
    assert made.save_button.isEnabled() and not made.problem.isVisible()
    made.title_edit.setText("t" * 301)
    assert made.problem.text() == "Shorten the title to 300 characters (it has 301)."


def test_a_field_over_its_limit_is_read_out_once_when_it_goes_over(
    dialog: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, a screen reader heard nothing of the limit said under the fields. It is read
    out as a field goes over, not at each key typed on, and again for another field."""
    said: list[str] = []
    monkeypatch.setattr(details_dialog, "announce", lambda _to, words, _level: said.append(words))
    made = dialog(make_snapshot(JobState.COMPLETED))
    made.title_edit.setText("t" * 301)
    made.title_edit.setText("t" * 302)
    assert said == ["Shorten the title to 300 characters (it has 301)."]
    made.title_edit.setText("Fox")
    made.description_edit.setPlainText("x" * 5_001)
    assert said[1:] == ["Shorten the description to 5,000 characters (it has 5,001)."]


def test_a_published_artwork_says_its_published_copy_keeps_the_old_details(
    dialog: Make,
) -> None:
    made = dialog(make_snapshot(JobState.COMPLETED, published_key="artworks/a.png"))
    assert made.published_note.isVisible()
    assert "keeps its old title, description and tags until it is published again" in (
        made.published_note.text()
    )


def test_for_several_only_tags_to_add_are_asked(dialog: Make) -> None:
    made = dialog(
        make_snapshot(JobState.COMPLETED, id=1, published_key="artworks/a.png"),
        make_snapshot(JobState.COMPLETED, id=2),
        make_snapshot(JobState.FAILED, id=3, published_key="artworks/c.png"),
    )
    assert made.windowTitle() == "Add tags to 3 artworks"
    assert not made.title_edit.isVisible() and not made.description_edit.isVisible()
    assert "Each artwork keeps its own tags and gets these too" in made.tags_hint.text()
    assert made.published_note.text() == (
        "2 of them are published: their copies in your R2 bucket keep their old tags until "
        "they are published again."
    )
    assert not made.save_button.isEnabled()
    made.tags_edit.setText(" , ")
    assert not made.save_button.isEnabled()
    made.tags_edit.setText("ink, study")
    assert made.save_button.isEnabled()
    assert made.edit() == DetailsEdit(tags="ink, study")


def test_each_name_stands_apart_from_its_field(dialog: Make) -> None:
    """The names' spacing was asked of the style before the form was in the dialog: it
    came to nothing, and "Description" touched its field ("描述" too)."""
    made = dialog(make_snapshot(JobState.COMPLETED))
    form = made.findChild(QFormLayout)
    assert isinstance(form, QFormLayout)
    for field in (made.title_edit, made.description_edit, made.tags_edit):
        name = form.labelForField(field)
        assert isinstance(name, QLabel)
        shown = name.text().replace("&", "")  # its letter underlined, not an "&"
        text_end = name.x() + name.fontMetrics().horizontalAdvance(shown)
        assert field.x() - text_end >= 4, name.text()


def test_a_long_description_left_alone_does_not_stop_tags_being_added(dialog: Make) -> None:
    """An artwork imported with a description over the limit, written on Windows (line
    breaks "\\r\\n") with French non-breaking spaces: the text box shows it with "\\n" and
    plain spaces. Untouched, it is not handed back as changed: the artist adds a tag and
    saves, without being told to shorten a description they never edited (nor having its
    line breaks and spaces rewritten)."""
    long = "Encre sur papier\u00a0: la mer.\r\n" * 250  # 6 750 characters
    made = dialog(
        make_snapshot(
            JobState.COMPLETED, prompt="", title=" Sea ", description=long, tags="sea", id=3
        )
    )
    made.tags_edit.setText("sea, ink")
    assert not made.problem.isVisible()
    assert made.save_button.isEnabled()
    assert made.edit() == DetailsEdit(tags="sea, ink", tags_shown="sea")


def test_details_imported_longer_than_a_limit_can_still_be_edited(dialog: Make) -> None:
    """An import brought in 2 398 characters of tags and a 6 000-character description (an
    import has no limits). Before: one more tag was refused ("Shorten the tags to 2,000
    characters in all") and so was a typo fixed in the description: the limits are for a
    paste by mistake, and neither grew the artwork's text by a paste."""
    tags = ", ".join(f"tag{n:03d}" for n in range(300))
    made = dialog(
        make_snapshot(
            JobState.COMPLETED, prompt="", title="Sea", description="ink " * 1500, tags=tags
        )
    )
    made.tags_edit.setText(f"{tags}, harbour")
    made.description_edit.setPlainText("Ink " + "ink " * 1499)
    assert not made.problem.isVisible()
    assert made.save_button.isEnabled()
    made.description_edit.setPlainText("ink " * 1600)  # a paste that grows it: refused
    assert made.problem.text() == "Shorten the description to 6,000 characters (it has 6,399)."
    assert not made.save_button.isEnabled()


def test_adding_tags_to_several_counts_only_those_the_command_line_leaves(dialog: Make) -> None:
    """The command line deletes some of those whose tags are being added: the title and
    the published note counted them all the same ("Add tags to 3 artworks" over two)."""
    made = dialog(
        make_snapshot(JobState.COMPLETED, id=1, published_key="artworks/a.png"),
        make_snapshot(JobState.COMPLETED, id=2),
        make_snapshot(JobState.COMPLETED, id=3, published_key="artworks/c.png"),
    )
    made.deleted(3)
    assert made.windowTitle() == "Add tags to 2 artworks"
    assert made.published_note.text() == (
        "One of them is published: its copy in your R2 bucket keeps its old tags until it is "
        "published again."
    )
    made.deleted(1)
    assert made.windowTitle() == "Add tags to 1 artwork"
    assert not made.published_note.isVisible()
    made.tags_edit.setText("ink")
    assert made.save_button.isEnabled()


def test_those_a_delete_of_the_window_s_deleted_are_not_said_another_program_s(
    dialog: Make,
) -> None:
    """Deleted by the artist's own Delete in the window, they were said deleted "by another
    program"; of those deleted by both, how many were deleted, by whom it leaves unsaid."""
    made = dialog(*(make_snapshot(JobState.COMPLETED, id=n, title=f"t{n}") for n in range(3)))
    made.deleted(0, here=True)
    assert made.problem.text() == "“t0” was deleted."
    made.deleted(1)
    assert made.problem.text() == "2 of them were deleted."
    made.deleted(2)
    assert made.problem.text() == "All of them were deleted."
    assert not made.save_button.isEnabled()


async def test_tags_added_to_hundreds_the_command_line_deletes_say_how_many_once(
    dialog: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One command deletes 150 of the 200 whose tags are being added: each was named under
    the fields, a page of words written anew at each key, and each delete read out again."""
    said: list[str] = []
    monkeypatch.setattr(details_dialog, "announce", lambda _to, words, _level: said.append(words))
    made = dialog(*(make_snapshot(JobState.COMPLETED, id=n, title=f"t{n}") for n in range(200)))
    for job_id in range(150):
        made.deleted(job_id)
    assert made.problem.text() == "150 of them were deleted by another program."
    await until(lambda: bool(said))
    assert said == ["150 of them were deleted by another program."]
    for job_id in range(150, 200):
        made.deleted(job_id)
    assert made.problem.text() == "All of them were deleted by another program."


def test_at_24_pt_its_rows_stand_apart_at_the_size_they_need(huge_font: None, dialog: Make) -> None:
    """Qt sized the dialog no wider than 2/3 of the screen, narrower than its rows need at
    24 pt: the form's rows were drawn over each other (the Tags row over the Description).
    It opens at the size it needs, as far as the screen goes."""
    made = dialog(make_snapshot(JobState.COMPLETED, title="Fox", tags="fox"))
    assert made.sizeHint().width() <= made.screen().availableGeometry().width()
    assert made.width() >= made.sizeHint().width()
    form = made.findChild(QFormLayout)
    assert form is not None
    shown: list[QRect] = []
    for row in range(form.rowCount()):
        for role in (QFormLayout.ItemRole.LabelRole, QFormLayout.ItemRole.FieldRole):
            item = form.itemAt(row, role)
            widget = item.widget() if item is not None else None
            if widget is not None and widget.isVisible() and widget.width() > 0:
                shown.append(widget.geometry())
    for index, one in enumerate(shown):
        for other in shown[index + 1 :]:
            assert not one.intersects(other), (one, other)


def whole_in_sight(widget: QWidget) -> bool:
    """``widget`` not cut by the areas it stands in."""
    return widget.visibleRegion().boundingRect() == widget.rect()


async def test_at_24_pt_on_a_laptop_its_fields_scroll_and_its_buttons_stay_in_sight(
    huge_font: None, dialog: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It had no scrolling of its own: at 24 pt on a 1366 x 768 laptop at 200 % (683 x 400
    to Qt, less its panel) it was taller than the screen, its Tags field and its Save and
    Cancel below the screen's edge, out of reach."""
    free = QRect(0, 0, 683, 400)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(free))
    made = dialog(make_snapshot(JobState.COMPLETED, title="Fox", published_key="art/fox.png"))
    await settled(made)
    assert made.height() <= free.height() - FRAME_ROOM.height()
    for button in made.buttons.buttons():
        assert whole_in_sight(button), button.text()
    made.tags_edit.setFocus()
    await settled(made)
    assert whole_in_sight(made.tags_edit)
    for button in made.buttons.buttons():
        assert whole_in_sight(button), button.text()


async def test_at_15_pt_on_a_short_screen_it_widens_rather_than_scroll_its_fields(
    large_font: None, dialog: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a screen a little too short for it (a laptop at 200 % with a taller panel), it
    opened at its usual width, the note on the published copy wrapped over four lines, and
    its fields scrolled with a third of the screen's width unused beside it. It opens wider
    where its words then need no scrolling, and no larger than the screen."""
    free = QRect(0, 0, 683, 430)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(free))
    made = dialog(make_snapshot(JobState.COMPLETED, title="Fox", published_key="art/fox.png"))
    made.show()
    await settled(made)
    room = free.size() - FRAME_ROOM
    assert made.width() <= room.width() and made.height() <= room.height(), made.size()
    assert not made.fields.verticalScrollBar().isVisible()
    for field in (made.title_edit, made.description_edit, made.tags_edit):
        assert whole_in_sight(field)


async def test_at_24_pt_on_a_laptop_it_widens_only_as_far_as_it_gains_lines(
    huge_font: None, dialog: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Too tall for a 1366 x 768 laptop at 150 % at any width, it opened as wide as the
    screen, 190 px wider than the width at which its note already took its fewest lines."""
    free = QRect(0, 0, 911, 512)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(free))
    made = dialog(make_snapshot(JobState.COMPLETED, title="Fox", published_key="art/fox.png"))
    await settled(made)
    layout = made.layout()
    assert layout is not None
    room = free.size() - FRAME_ROOM
    fewest = layout.totalHeightForWidth(room.width())
    assert layout.totalHeightForWidth(made.width()) == fewest
    assert layout.totalHeightForWidth(made.width() - 2) > fewest
    assert made.width() < room.width()


def test_at_24_pt_save_and_cancel_have_icons_as_tall_as_their_words(
    huge_font: None, dialog: Make
) -> None:
    """Their icons stayed at the style's 16 px beside words twice as tall."""
    made = dialog(make_snapshot(JobState.COMPLETED, title="Fox"))
    for button in made.buttons.buttons():
        line = button.fontMetrics().height()
        assert line > 30, line
        assert button.iconSize().height() >= line, button.text()


async def test_the_description_s_box_grows_with_a_font_set_while_it_is_open(dialog: Make) -> None:
    """Its height was taken once, when the dialog was made: at 24 pt set later, the box
    meant for five lines showed two."""
    made = dialog(make_snapshot(JobState.COMPLETED, title="Fox"))
    with application_font(24):
        await until(lambda: made.font().pointSizeF() == 24)
        lines = made.description_edit.fontMetrics().lineSpacing()
        assert made.description_edit.height() >= 5 * lines


async def test_save_and_cancel_s_icons_grow_with_a_font_set_while_it_is_open(
    dialog: Make,
) -> None:
    """Sized as it opened, they stayed small at 24 pt set later."""
    made = dialog(make_snapshot(JobState.COMPLETED, title="Fox"))
    save = made.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.iconSize().height() < 30
    with application_font(24):
        await until(lambda: made.font().pointSizeF() == 24)
        assert save.iconSize().height() >= save.fontMetrics().height() > 30


CTRL = Qt.KeyboardModifier.ControlModifier
KEYPAD = Qt.KeyboardModifier.KeypadModifier
ALT = Qt.KeyboardModifier.AltModifier


def answer_question(owner: QWidget, button: str, asked: list[str]) -> None:
    """Once ``owner``'s question shows, note its words in ``asked`` and press ``button``
    (by its text, mnemonics left out)."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox) and box.parent() is owner
        asked.append(box.text())
        buttons = {b.text().replace("&", ""): b for b in box.buttons()}
        assert box.defaultButton() is buttons["Keep editing"]
        buttons[button].click()
        box.deleteLater()

    QTimer.singleShot(0, answer)


def activated(made: QDialog, qtbot: QtBot) -> None:
    """``made`` the active window, where its keys' shortcuts work."""
    made.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is made)


def test_ctrl_return_saves_from_any_field_the_description_too(dialog: Make, qtbot: QtBot) -> None:
    """Ctrl+Return, the app's go key, did nothing in the dialog, and Return in the
    description is a new line: the artist reached for the mouse to save."""
    for modifiers, key in ((CTRL, Qt.Key.Key_Return), (CTRL | KEYPAD, Qt.Key.Key_Enter)):
        made = dialog(make_snapshot(JobState.COMPLETED, description=""))
        activated(made, qtbot)
        made.description_edit.setFocus()
        QTest.keyClicks(made.description_edit, "ink on rice paper")
        QTest.keyClick(made.description_edit, key, modifiers)
        assert made.result() == QDialog.DialogCode.Accepted and not made.isVisible()
        assert made.edit().description == "ink on rice paper"
    titled = dialog(make_snapshot(JobState.COMPLETED))
    activated(titled, qtbot)
    titled.tags_edit.setFocus()
    QTest.keyClick(titled.tags_edit, Qt.Key.Key_Return, CTRL)
    assert titled.result() == QDialog.DialogCode.Accepted


def test_esc_asks_before_a_typed_description_is_thrown_away(dialog: Make, qtbot: QtBot) -> None:
    """Esc (Cancel, the window's close) threw away what was typed without a word. Now it
    asks once, Keep editing the default; left as it was, it closes at once."""
    made = dialog(make_snapshot(JobState.COMPLETED, title="Fox at dawn", description=""))
    activated(made, qtbot)
    QTest.keyClick(made.description_edit, Qt.Key.Key_Escape)
    assert not made.isVisible()  # nothing changed: closed at once, nothing asked
    made.show()
    made.description_edit.setPlainText("a commission for Mei")
    asked: list[str] = []
    answer_question(made, "Keep editing", asked)
    made.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert asked == ["Discard your changes to “Fox at dawn”?"]
    assert made.isVisible() and made.description_edit.toPlainText() == "a commission for Mei"
    answer_question(made, "Discard", asked)
    made.close()
    assert len(asked) == 2 and not made.isVisible()
    assert made.result() == QDialog.DialogCode.Rejected


def test_tags_typed_for_several_are_not_thrown_away_unasked(dialog: Make) -> None:
    made = dialog(make_snapshot(JobState.COMPLETED, id=1), make_snapshot(JobState.COMPLETED, id=2))
    made.tags_edit.setText("ink, study")
    asked: list[str] = []
    answer_question(made, "Discard", asked)
    made.reject()
    assert asked == ["Discard your changes?"] and not made.isVisible()


def test_a_stop_signal_closes_the_window_without_asking_about_typed_changes(
    qapp: QApplication, owned: list[QObject], qtbot: QtBot
) -> None:
    """The app's stop (Ctrl+C, a logout's SIGTERM) dismisses the dialog as its Cancel
    would: it asked "Discard your changes?" instead, the window open until someone
    answered, and each Keep editing asked it again."""
    window = QWidget()
    owned.append(window)
    window.show()
    made = DetailsDialog([make_snapshot(JobState.COMPLETED, description="")], window)
    made.open()
    made.description_edit.setPlainText("a commission for Mei")
    asked: list[str] = []

    def discarded() -> None:  # a question asked is answered, so the test ends without the fix
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            asked.append(box.text())
            box.buttons()[0].click()

    QTimer.singleShot(0, discarded)
    app._close_after_dialogs(cast(MainWindow, window))
    qtbot.waitUntil(lambda: not window.isVisible())
    assert asked == [] and made.result() == QDialog.DialogCode.Rejected


def test_a_held_esc_leaves_the_question_to_a_press_of_its_own(dialog: Make, qtbot: QtBot) -> None:
    """Esc held down asks once: its repeats answered the question (Keep editing), and the
    next asked it again, the box flashing on and off for as long as the key was held."""
    made = dialog(make_snapshot(JobState.COMPLETED, description=""))
    activated(made, qtbot)
    made.description_edit.setPlainText("a commission for Mei")
    still_asked: list[bool] = []

    def held() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        for _ in range(3):
            repeat = QKeyEvent(
                QEvent.Type.KeyPress, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier, "", True
            )
            QApplication.sendEvent(box.focusWidget() or box, repeat)
        still_asked.append(box.isVisible())
        QTest.keyClick(box, Qt.Key.Key_Escape)  # a press of its own: Keep editing

    QTimer.singleShot(0, held)
    QTest.keyClick(made.description_edit, Qt.Key.Key_Escape)
    assert still_asked == [True]
    assert made.isVisible() and made.description_edit.toPlainText() == "a commission for Mei"


def test_words_pasted_into_the_description_and_tags_come_without_the_window_s_isolates(
    dialog: Make,
) -> None:
    """Words copied from a banner ("Renamed “⁨قط⁩”.") carry the isolates the window sets
    round a title (U+2068 … U+2069, invisible): pasted into the title they were left out,
    into the description and the tags they were saved, unseen, with the artwork (and a tag
    with them was another tag than the one typed)."""
    made = dialog(make_snapshot(JobState.COMPLETED, description="", tags=""))
    QApplication.clipboard().setText("\u2068قط\u2069 \u2066384 × 512\u2069")
    made.description_edit.setFocus()
    QTest.keyClick(made.description_edit, Qt.Key.Key_V, CTRL)
    made.tags_edit.setFocus()
    QTest.keyClicks(made.tags_edit, "ink, ")
    QTest.keyClick(made.tags_edit, Qt.Key.Key_V, CTRL)
    assert made.edit().description == "قط 384 × 512"
    assert made.edit().tags == "ink, قط 384 × 512"


def test_alt_and_a_name_s_letter_go_to_its_field(dialog: Make, qtbot: QtBot) -> None:
    """The fields' names had no letter: the keyboard reached the tags by Tab alone. Alt+T,
    Alt+D and Alt+A go to the title, the description and the tags, typing nothing; for
    several, Alt+A to the tags to add."""
    made = dialog(make_snapshot(JobState.COMPLETED, title="Fox", description=""))
    activated(made, qtbot)
    for key, field in (
        (Qt.Key.Key_A, made.tags_edit),
        (Qt.Key.Key_D, made.description_edit),
        (Qt.Key.Key_T, made.title_edit),
    ):
        QTest.keyClick(cast(QWidget, QApplication.focusWidget()), key, ALT)
        assert QApplication.focusWidget() is field, key
    assert (made.title_edit.text(), made.description_edit.toPlainText()) == ("Fox", "")
    several = dialog(make_snapshot(JobState.COMPLETED), make_snapshot(JobState.COMPLETED))
    activated(several, qtbot)
    several.buttons.buttons()[0].setFocus()  # the keyboard away from the tags
    QTest.keyClick(cast(QWidget, QApplication.focusWidget()), Qt.Key.Key_A, ALT)
    assert QApplication.focusWidget() is several.tags_edit
