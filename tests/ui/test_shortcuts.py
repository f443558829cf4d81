"""Every listed keyboard shortcut, pressed in the window, does what the overview says; and the
overview is the table the actions take their keys from."""

from __future__ import annotations

import dataclasses
import importlib
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QKeySequence,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStyle,
    QStyleOption,
    QWidget,
)

from kontext_studio.jobs.states import JobState
from kontext_studio.kie.models import MAX_PROMPT_CHARS, GenerateRequest
from kontext_studio.session import Session
from kontext_studio.simulator import Faults, Simulator
from kontext_studio.store.ledger import Snapshot
from kontext_studio.ui import library_panel, main_window, shortcuts
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.generate_tab import MATCH
from kontext_studio.ui.job_actions import button_words
from kontext_studio.ui.main_window import MainWindow
from kontext_studio.ui.plain_text import plain_tooltip
from kontext_studio.ui.question import ask
from kontext_studio.ui.reference_slot import SlotState
from kontext_studio.ui.rename_dialog import RenameDialog
from tests.ui.conftest import settled, until
from tests.ui.test_accessibility import tab_stops
from tests.ui.test_library import add_image, add_job, write_png
from tests.ui.test_library_selection import click
from tests.ui.test_upload_tab import by_name, upload_tab_in_front
from tests.ui.test_window import close_window, open_window

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
NONE = Qt.KeyboardModifier.NoModifier


@pytest.fixture
async def window(session: Session, bridge: Bridge) -> AsyncIterator[MainWindow]:
    made = await open_window(session, bridge)
    made.activateWindow()
    yield made
    await close_window(made)


def held(widget: QWidget, key: Qt.Key, modifiers: Qt.KeyboardModifier, repeats: int) -> None:
    """``key`` held down on ``widget``: its press, then ``repeats`` presses the keyboard
    repeats (auto-repeat), then its release."""
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    for repeated in [False] + [True] * repeats:
        QApplication.sendEvent(
            widget, QKeyEvent(QEvent.Type.KeyPress, key, modifiers, "", repeated)
        )
    QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyRelease, key, modifiers))


def press(
    widget: QWidget, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """A real key press on the focused ``widget``: shortcuts go through Qt's shortcut map."""
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    QTest.keyClick(widget, key, modifiers)


def hold(widget: QWidget, key: Qt.Key, modifiers: Qt.KeyboardModifier, repeats: int = 4) -> None:
    """A key held down on the focused ``widget``: its press, the key repeats the system sends
    while it stays down (through Qt's shortcut map, as real ones go), then its release."""
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    QTest.keyPress(widget, key, modifiers)
    for _ in range(repeats):
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, key, modifiers, "", True))
    QTest.keyRelease(widget, key, modifiers)


def newest(session: Session) -> Snapshot | None:
    found = session.ledger.search(limit=1)
    return found[0] if found else None


async def finished_job(window: MainWindow, session: Session, prompt: str) -> Snapshot:
    """A completed job, selected in the library, with the library's job list focused."""
    window.generate_tab.prompt.setPlainText(prompt)
    assert window.generate_tab.generate()
    await until(lambda: (s := newest(session)) is not None and s.state is JobState.COMPLETED)
    done = newest(session)
    assert done is not None
    await until(
        lambda: (
            (s := window.library.current_snapshot()) is not None
            and s.id == done.id
            and s.state is JobState.COMPLETED
        )
    )
    window.library.view.setFocus()
    return done


def wired_actions(window: MainWindow) -> dict[str, QAction]:
    """Every action that carries a shortcut, by its key in the shortcut table."""
    found = dict(window.menu_actions)
    found.update(window.library.commands)
    found.update(window.generate_tab.recent.key_actions)
    found.update(window.library.key_actions)
    for key, action in window.full_view.key_actions.items():
        found.setdefault(key, action)  # its zoom keys are the View menu's, listed once
    return found


async def test_the_overview_lists_exactly_what_is_wired(window: MainWindow) -> None:
    actions = wired_actions(window)
    wired = [shortcut for shortcut in shortcuts.SHORTCUTS if not shortcut.built_in]
    for shortcut in wired:
        action = actions[shortcut.key]
        assert action.shortcuts() == shortcut.sequences(), shortcut.key
        assert shortcut.sequences() and not shortcut.sequences()[0].isEmpty(), shortcut.key
        assert (shortcut.scope in shortcuts.WINDOW_WIDE) == (
            action.shortcutContext() == Qt.ShortcutContext.WindowShortcut
        ), shortcut.key
    listed = {key for key, action in actions.items() if not action.shortcut().isEmpty()}
    assert listed == {s.key for s in wired}, "every key that works is in the overview"

    rows = window.shortcut_rows()
    assert len(rows) == len(shortcuts.SHORTCUTS)
    box = window.show_shortcuts()
    for keys, what, _where in rows:
        assert keys in box.text() and what in box.text()
    assert "Esc" in box.text() and "F2" in box.text()
    room = window.screen().availableGeometry()
    assert box.width() <= room.width() * 0.9 and box.height() <= room.height() * 0.9, (
        "fits the screen, scrolling if it must"
    )
    box.close()


@pytest.mark.parametrize(
    ("keys", "what"),
    [
        ("Shift+Left", "Select a range of artworks"),
        ("End", "Last artwork of the whole library"),
        ("Shift+End", "Select up to the last artwork"),
        ("Left", "Choose another aspect ratio"),
        ("Up", "Choose another file"),
        ("Backspace", "Take the file off the list"),
        ("Up", "Scroll the picture a step"),
        ("PgDown", "Scroll the picture by most of the view"),
        ("End", "To the top or bottom of the picture"),
    ],
)
async def test_the_overview_lists_the_keys_the_widgets_handle_themselves(
    window: MainWindow, keys: str, what: str
) -> None:
    """The grid's End, Shift+End and Shift+arrows, the aspect ratios' arrows and the Upload
    list's keys work, and the README named them, but Help → Keyboard shortcuts left them
    out: the artist who looked there never learnt them. The keys as the platform writes
    them (⇧← on a Mac)."""
    native = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
    box = window.show_shortcuts()
    try:
        assert any(
            native in listed.split(" / ") and said.startswith(what)
            for listed, said, _where in window.shortcut_rows()
        )
        assert what in box.text()
    finally:
        box.close()


@pytest.mark.parametrize("platform", ["linux", "win32", "darwin"])
def test_the_readme_lists_the_keys_the_overview_does(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch, platform: str
) -> None:
    """The README named keys the overview left out: its table of keys is the overview's.
    The platform's standard keys (Paste, Delete) are read from the application's theme:
    run alone, without one, the check crashed Python. The table names the keys of Windows
    and Linux wherever it is made: on a Mac the tabs' Control+Tab made it "Meta+Tab", and
    the check failed there (the README's words tell of Control+Tab)."""
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    monkeypatch.setattr(sys, "platform", platform)
    try:
        table = importlib.reload(shortcuts).readme_table()
    finally:
        monkeypatch.undo()
        importlib.reload(shortcuts)
    assert table in readme


async def test_at_15_pt_on_an_800_px_screen_the_overview_is_cut_nowhere(
    large_font: None, window: MainWindow
) -> None:
    """One column of shortcuts at 15 pt was wider than the 800 px screen: what the keys do
    was cut at the right edge, behind a sideways scroll bar. It wraps to the width there is."""
    box = window.show_shortcuts()
    room = window.screen().availableGeometry()
    assert room.width() == 800
    assert box.width() <= room.width() * 0.9 and box.height() <= room.height() * 0.9
    label, viewport = box.label, box.findChild(QScrollArea).viewport()
    assert label.font().pointSize() == 15
    assert label.width() <= viewport.width()
    text = QTextDocument()
    text.setDefaultFont(label.font())
    text.setDocumentMargin(0)
    text.setHtml(label.text())
    text.setTextWidth(label.contentsRect().width())
    assert text.idealWidth() <= label.contentsRect().width()
    for _keys, what, _where in window.shortcut_rows():
        assert what in box.text()
    box.close()


def test_both_overview_layouts_list_every_scope_once() -> None:
    for columns in (shortcuts.TWO_COLUMNS, shortcuts.ONE_COLUMN):
        listed = [scope for column in columns for scope in column]
        assert sorted(listed, key=lambda s: s.name) == sorted(shortcuts.Scope, key=lambda s: s.name)


async def test_window_keys_do_not_clash(window: MainWindow) -> None:
    """Two window-wide actions on one key would make Qt ignore both ("ambiguous")."""
    seen: dict[str, str] = {}
    for shortcut in shortcuts.SHORTCUTS:
        if shortcut.scope is shortcuts.Scope.WINDOW:
            for sequence in shortcut.sequences():
                assert sequence.toString() not in seen, (shortcut.key, seen)
                seen[sequence.toString()] = shortcut.key


async def test_ctrl_enter_generates_from_anywhere(window: MainWindow, session: Session) -> None:
    window.generate_tab.prompt.setPlainText("a fox by keyboard")
    press(window.library.search, Qt.Key.Key_Return, CTRL)
    await until(lambda: session.ledger.count() == 1)
    # Its jobs in the library (their row may be read a moment before): the same form
    # pressed again until then makes nothing more.
    await until(lambda: not window.generate_tab.submitting)
    press(window.generate_tab.prompt, Qt.Key.Key_Enter, CTRL)
    await until(lambda: session.ledger.count() == 2)
    assert window.generate_tab.prompt.toPlainText() == "a fox by keyboard"


async def test_ctrl_enter_on_the_upload_tab_shows_the_form_it_would_send(
    window: MainWindow, session: Session
) -> None:
    """Before: Ctrl+Enter pressed while the Upload tab was shown sent (and charged) a job from
    the Generate tab's prompt, which the artist could not see. Now it sends nothing and
    shows that form; a second press, the prompt in sight, generates. File → Generate stays
    in the menu, enabled."""
    window.generate_tab.prompt.setPlainText("a fox typed an hour ago")
    window.tabs.setCurrentWidget(window.upload_tab)
    press(window.library.search, Qt.Key.Key_Return, CTRL)
    await window.bridge.wait_idle()
    assert session.ledger.count() == 0
    assert window.tabs.currentWidget() is window.generate_tab
    assert window.statusBar().currentMessage().startswith("Nothing was sent")
    assert window.menu_actions["generate"].isEnabled()
    press(window.library.search, Qt.Key.Key_Return, CTRL)
    await until(lambda: session.ledger.count() == 1)
    # Help → Keyboard shortcuts said "Generate", anywhere in the window, Upload tab included.
    generate = shortcuts.BY_KEY["generate"].text()
    assert "Upload tab" in generate and "sending nothing" in generate


async def test_ctrl_enter_the_form_cannot_send_says_why_in_the_status_bar(
    window: MainWindow, session: Session
) -> None:
    """Before: Ctrl+Enter with a prompt too long, or while the reference was being checked,
    did nothing to be seen but the line under the Generate button; the key seemed lost."""
    window.generate_tab.prompt.setPlainText("a" * (MAX_PROMPT_CHARS + 1))
    press(window.generate_tab.prompt, Qt.Key.Key_Return, CTRL)
    await window.bridge.wait_idle()
    assert session.ledger.count() == 0
    reason = window.generate_tab.reason.text()
    assert reason.startswith("Shorten the prompt")
    assert window.statusBar().currentMessage() == f"Nothing was sent: {reason}"


async def test_the_sentences_name_the_generate_keys_the_window_is_bound_to(
    session: Session, bridge: Bridge, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the empty library, the Generate tooltip, the line under it and the Upload
    tab's "Nothing was sent" said "Ctrl+Enter" whatever the keys, ⌘↩ on a Mac. Now each
    names the keys File → Generate is bound to, as the platform writes them."""
    bound = dataclasses.replace(shortcuts.BY_KEY["generate"], keys=("Ctrl+Shift+G",))
    monkeypatch.setitem(shortcuts.BY_KEY, "generate", bound)
    window = await open_window(session, bridge)
    keys = (
        window.menu_actions["generate"].shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    )
    assert keys == "Ctrl+Shift+G"
    assert window.generate_tab.generate_button.toolTip() == f"Generate ({keys})"
    window.generate_tab.prompt.setPlainText("a fox")
    assert window.generate_tab.reason.text() == f"{keys} generates from anywhere."
    assert window.library.empty.text() == f"No artworks yet. Type a prompt and press {keys}."
    window.tabs.setCurrentWidget(window.upload_tab)
    window.generate_shown()
    assert window.statusBar().currentMessage() == (
        f"Nothing was sent: check the prompt, then press {keys} to generate."
    )
    await close_window(window)


@pytest.mark.parametrize("where", ["library", "prompt"])
async def test_ctrl_enter_held_down_generates_once(
    window: MainWindow, session: Session, where: str
) -> None:
    """Before: each key repeat of a Ctrl+Enter held a moment sent one more job (17 for a
    second and a bit), each charged in live mode."""
    window.generate_tab.prompt.setPlainText("a fox, pressed firmly")
    widget = window.library.search if where == "library" else window.generate_tab.prompt
    hold(widget, Qt.Key.Key_Return, CTRL)
    await until(lambda: session.ledger.count() >= 1)
    await window.bridge.wait_idle()
    assert session.ledger.count() == 1


async def test_ctrl_r_held_down_retries_once(
    window: MainWindow, session: Session, simulator: Simulator
) -> None:
    """Before: the key repeats retried the job the first press had set running again, and the
    banner said it "was retried, resubmitted or resumed meanwhile, perhaps by … another
    command"."""
    simulator.update(faults=Faults(task_failure=1.0))
    window.generate_tab.prompt.setPlainText("a fox KIE could not make")
    assert window.generate_tab.generate()
    await until(
        lambda: (s := window.library.current_snapshot()) is not None and s.state is JobState.FAILED
    )
    simulator.update(faults=Faults())
    hold(window.library.view, Qt.Key.Key_R, CTRL)
    await until(lambda: (s := newest(session)) is not None and s.state is JobState.COMPLETED)
    await window.bridge.wait_idle()
    assert not window.banner.isVisible(), window.banner.message()


async def test_the_keys_made_to_be_held_repeat(window: MainWindow) -> None:
    """Zoom, the next artwork and the next recent prompt still go on while their key is held."""
    repeating = {
        key
        for key, action in wired_actions(window).items()
        if action.shortcuts() and action.autoRepeat()
    }
    assert repeating == {
        "zoom_in",
        "zoom_out",
        "older_prompt",
        "newer_prompt",
        "previous_artwork",
        "next_artwork",
    }


async def test_the_preview_zooms_by_keyboard_from_anywhere(
    window: MainWindow, session: Session
) -> None:
    await finished_job(window, session, "a fox to look at closely")
    canvas = window.preview.canvas
    await until(lambda: canvas.after is not None)
    assert canvas.fit
    fitted, typed = canvas.zoom_percent(), window.generate_tab.prompt.toPlainText()
    press(window.library.view, Qt.Key.Key_1, CTRL)
    assert not canvas.fit and canvas.zoom_percent() == 100
    press(window.generate_tab.prompt, Qt.Key.Key_Plus, CTRL)
    assert canvas.zoom_percent() == 120
    press(window.library.search, Qt.Key.Key_Minus, CTRL)
    press(window.library.search, Qt.Key.Key_Minus, CTRL)
    assert canvas.zoom_percent() == 83
    press(window.library.view, Qt.Key.Key_0, CTRL)
    assert canvas.fit and canvas.zoom_percent() == fitted
    assert window.generate_tab.prompt.toPlainText() == typed, "no key reached the text"


ZOOM_KEYS = (
    ("zoom_in", Qt.Key.Key_Plus),
    ("zoom_out", Qt.Key.Key_Minus),
    ("zoom_fit", Qt.Key.Key_0),
    ("zoom_actual", Qt.Key.Key_1),
)


async def test_the_view_menus_zoom_is_greyed_with_fit_and_100_and_its_keys_say_why(
    session: Session, bridge: Bridge, tmp_path: Path
) -> None:
    """Before: with no picture in the preview (nothing selected, a job still generating, one
    that failed), View's Zoom in, Zoom out, Fit to window and Actual pixels stayed enabled
    while the toolbar's Fit and 100 % were greyed: chosen, or their keys pressed, they did
    nothing and said nothing. They follow the toolbar, say why with the pointer over them,
    and their keys say why in the status bar, as Ctrl+R does on a greyed Retry."""
    running = add_job(session, JobState.GENERATING, "a fox being made")
    failed = add_job(session, JobState.FAILED, "a fox KIE refused")
    shown = add_image(session, tmp_path, "a fox to zoom")
    window = await open_window(session, bridge)
    window.activateWindow()
    preview, library = window.preview, window.library
    zoom = [window.menu_actions[key] for key, _ in ZOOM_KEYS]
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    try:
        library.view.selectionModel().clear()
        await until(lambda: preview.snapshot is None)
        cases = (
            (None, "Nothing to zoom: no artwork is selected."),
            (running.id, "Nothing to zoom yet: the job is still running."),
            (failed.id, "Nothing to zoom: this job has no image."),
        )
        for job_id, why in cases:
            if job_id is not None:
                library.select_job(job_id)
                await until(
                    lambda j=job_id: preview.snapshot is not None and preview.snapshot.id == j
                )
            assert not preview.fit_button.isEnabled() and not preview.actual_button.isEnabled()
            assert [action.isEnabled() for action in zoom] == [False] * 4, why
            assert {action.toolTip() for action in zoom} == {plain_tooltip(why)}
            assert view.toolTipsVisible()
            for key, qt_key in ZOOM_KEYS:
                window.statusBar().clearMessage()
                press(window.generate_tab.prompt, qt_key, CTRL)
                assert window.statusBar().currentMessage() == why, key
            assert window.generate_tab.prompt.toPlainText() == "", "no key reached the text"

        library.select_job(shown.id)
        await until(lambda: preview.canvas.after is not None)
        assert preview.fit_button.isEnabled()
        assert [action.isEnabled() for action in zoom] == [True] * 4
        window.statusBar().clearMessage()
        press(library.view, Qt.Key.Key_1, CTRL)
        assert not preview.canvas.fit and preview.canvas.zoom_percent() == 100
        press(library.view, Qt.Key.Key_0, CTRL)
        assert preview.canvas.fit
        assert window.statusBar().currentMessage() == ""
    finally:
        await close_window(window)


async def test_the_full_view_zooms_by_keyboard_with_the_window_behind_it(
    window: MainWindow, session: Session
) -> None:
    """The full view's zoom keys are its own, whatever the window's View menu is."""
    done = await finished_job(window, session, "a fox to look at in full")
    window.open_full_view(done)
    full = window.full_view
    await until(lambda: full.isVisible() and full.canvas.after is not None)
    try:
        full.activateWindow()
        press(full.canvas, Qt.Key.Key_1, CTRL)
        assert not full.canvas.fit and full.canvas.zoom_percent() == 100
        press(full.canvas, Qt.Key.Key_Plus, CTRL)
        assert full.canvas.zoom_percent() == 120
        press(full.canvas, Qt.Key.Key_0, CTRL)
        assert full.canvas.fit
    finally:
        full.close()


async def test_the_keyboard_shortcuts_item_says_it_opens_a_window(window: MainWindow) -> None:
    """Help → Keyboard shortcuts opens a dialog: its item ends in "…", as Statistics… does."""
    assert window.menu_actions["shortcuts"].text() == "&Keyboard shortcuts…"


async def test_ctrl_f_searches_and_ctrl_comma_opens_settings(window: MainWindow) -> None:
    press(window.generate_tab.prompt, Qt.Key.Key_F, CTRL)
    assert window.library.search.hasFocus()

    press(window.generate_tab.prompt, Qt.Key.Key_Comma, CTRL)
    dialog = window._settings_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.reject()
    await until(lambda: window._settings_dialog is None)


async def test_f1_shows_the_keyboard_shortcuts(window: MainWindow) -> None:
    """Help → Keyboard shortcuts had no key: the key every program opens its help with.
    Opened by F1, where the keyboard is in it is drawn (its Close button, where it does not
    scroll, had the keyboard undrawn); opened from the menu with the mouse, it is not."""
    for open_it, by_key in (
        (lambda: press(window.generate_tab.prompt, Qt.Key.Key_F1), True),
        (window.menu_actions["shortcuts"].trigger, False),
    ):
        window.setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange, False)
        open_it()
        await until(lambda: isinstance(QApplication.activeModalWidget(), shortcuts.OverviewDialog))
        box = QApplication.activeModalWidget()
        assert box is not None and "F1" in box.text()  # type: ignore[attr-defined]
        await until(lambda shown=box: QApplication.activeWindow() is shown)
        await settled(box)  # the turns of the loop its coming up takes
        assert box.testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange) is by_key
        box.close()
        await until(lambda: QApplication.activeModalWidget() is None)


async def test_ctrl_l_takes_the_keyboard_to_the_prompt_its_words_selected(
    window: MainWindow, session: Session
) -> None:
    """One key back to the prompt from the library or the Upload tab (from the full view:
    test_full_view.py): it took Ctrl+Tab twice or a chain of Shift+Tabs (Ctrl+Return in the
    library sends a job). Its words are selected, to type over, the keyboard drawn there."""
    tabs, prompt = window.tabs, window.generate_tab.prompt
    await finished_job(window, session, "a fox by the river")
    tabs.setCurrentWidget(window.upload_tab)
    press(window.library.view, Qt.Key.Key_L, CTRL)
    assert tabs.currentWidget() is window.generate_tab and prompt.hasFocus()
    assert prompt.textCursor().selectedText() == "a fox by the river"
    assert window.testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange), "drawn"
    QTest.keyClicks(prompt, "a hare")
    assert prompt.toPlainText() == "a hare", "typed over"

    press(window.library.search, Qt.Key.Key_L, CTRL)
    assert prompt.hasFocus() and prompt.textCursor().selectedText() == "a hare"


async def question_focus_drawn(
    window: QWidget, ask: Callable[[], None], kept: str = "Cancel"
) -> bool:
    """Whether the question ``ask`` puts up (Delete's) draws the button the keyboard is on,
    ``kept``; answered with it."""
    window.setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange, False)  # as after a click
    QTimer.singleShot(0, ask)  # its loop outside the test's task
    await until(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox))
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox)
    await until(lambda: QApplication.activeWindow() is box)
    await settled(box)  # the turns of the loop its coming up takes
    focused = QApplication.focusWidget()
    assert isinstance(focused, QPushButton) and focused.text().replace("&", "") == kept
    option = QStyleOption()
    option.initFrom(focused)
    drawn = bool(option.state & QStyle.StateFlag.State_KeyboardFocusChange)
    QTest.keyClick(focused, Qt.Key.Key_Escape)
    await until(lambda: not isinstance(QApplication.activeModalWidget(), QMessageBox))
    return drawn


async def test_a_question_asked_by_a_key_shows_which_button_the_keyboard_is_on(
    window: MainWindow, session: Session
) -> None:
    """Delete in the library asked with the keyboard on Cancel and nothing drawn round it:
    the artist could not tell which button Space would press until a Tab. Asked from the
    menu with the mouse, it stays undrawn, as a click draws no focus."""
    await finished_job(window, session, "a fox to keep")
    view = window.library.view
    assert await question_focus_drawn(window, lambda: press(view, Qt.Key.Key_Delete))
    assert not await question_focus_drawn(window, window.library.commands["delete"].trigger)


async def test_a_question_a_click_asks_in_a_box_a_key_opened_draws_nothing(
    window: MainWindow, session: Session
) -> None:
    """F2 opens Rename in a loop of its own: a title typed there and Cancel clicked with the
    mouse asked "Discard your changes?" with Keep editing drawn, as if a key had asked it
    (the whole box counted as F2's doing)."""
    await finished_job(window, session, "a fox to rename")
    view = window.library.view
    QTimer.singleShot(0, lambda: press(view, Qt.Key.Key_F2))
    await until(lambda: isinstance(QApplication.activeModalWidget(), RenameDialog))
    box = QApplication.activeModalWidget()
    assert isinstance(box, RenameDialog)
    box.title_edit.setText("a hare")
    cancel = box.cancel_button
    clicked = lambda: QTest.mouseClick(cancel, Qt.MouseButton.LeftButton)  # noqa: E731
    assert not await question_focus_drawn(box, clicked, kept="Keep editing")
    box.done(QDialog.DialogCode.Rejected)
    await until(lambda: QApplication.activeModalWidget() is None)


async def test_a_question_a_button_s_mark_asks_shows_which_button_the_keyboard_is_on(
    session: Session, bridge: Bridge, tmp_path: Path
) -> None:
    """Alt+Y, Apply to all files' mark, pressed it as Qt does, a tenth of a second later,
    as a click: its question ("Replace them with this file's?") came up with nothing drawn
    round Cancel, where Space and Enter on the button draw it. A mark presses its button
    as those keys do."""
    window, tab = await upload_tab_in_front(session, bridge)
    try:
        tab.add_files([write_png(tmp_path / "harbour.png"), write_png(tmp_path / "山水.png")])
        await until(lambda: not tab.checking)
        tab.set_current(by_name(tab, "山水.png").key)
        QTest.keyClicks(tab.tags_edit, "ink, mountains")
        tab.set_current(by_name(tab, "harbour.png").key)
        QTest.keyClicks(tab.tags_edit, "sea, dusk")
        alt_y = lambda: QTest.keyClick(  # noqa: E731
            tab.tags_edit, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier
        )
        assert await question_focus_drawn(window, alt_y)
        assert by_name(tab, "山水.png").tags == "ink, mountains", "Cancel replaced nothing"
    finally:
        await close_window(window)


async def lost_job_selected(window: MainWindow, session: Session) -> None:
    """A job whose task KIE lost, selected: Ctrl+R on it asks once the library is read."""
    lost = add_job(session, JobState.FAILED, "a fox KIE lost", error_kind="not_found", task_id="t")
    window.library.apply_filter()
    await until(lambda: window.library.model.rowCount() == 1)
    window.library.select_job(lost.id)
    await until(lambda: (s := window.library.current_snapshot()) is not None and s.id == lost.id)


async def test_a_question_asked_once_a_key_s_read_is_done_shows_the_keyboard(
    window: MainWindow, session: Session
) -> None:
    """Ctrl+R on a job whose task KIE lost asks first (a new job, charged), once the
    library has been read in the background: by then the key's press was over, and Cancel
    had the keyboard with nothing drawn round it, where a question Delete asks draws it.
    The key that started the read counts; Retry clicked in the menu still draws nothing."""
    await lost_job_selected(window, session)
    view = window.library.view
    assert await question_focus_drawn(window, lambda: press(view, Qt.Key.Key_R, CTRL))
    assert not await question_focus_drawn(window, window.library.commands["retry"].trigger)


async def test_a_click_before_a_key_s_question_comes_up_draws_nothing_on_it(
    window: MainWindow, session: Session
) -> None:
    """Ctrl+R's question comes up once the library is read, an Upload batch's "Publishing
    is not set up" minutes after Ctrl+Return: the artist back on the mouse meanwhile, it
    drew the keyboard's place all the same, as if the last thing done were a key's. A
    click in the app since the key ends its mark."""
    await lost_job_selected(window, session)
    view = window.library.view

    def pressed_then_clicked() -> None:
        press(view, Qt.Key.Key_R, CTRL)  # its read goes on in the background
        QTest.mouseClick(window.statusBar(), Qt.MouseButton.LeftButton)

    # Without the click it draws (test_a_question_asked_once_a_key_s_read_is_done_...).
    assert not await question_focus_drawn(window, pressed_then_clicked)


class _ClickedAsActive(QObject):
    """A click on each question as it becomes active: the artist, in another program as
    it came up, clicking it to come back."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate and isinstance(watched, QMessageBox):
            QTest.mouseClick(watched, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
        return False


async def test_a_key_s_question_clicked_as_it_comes_up_draws_nothing(
    window: MainWindow, session: Session
) -> None:
    """A question a key's work asks may come up while the artist is in another program
    (an Upload batch's "Publishing is not set up"): clicked to come back to, it drew the
    keyboard's place as it became active, after that click."""
    await lost_job_selected(window, session)
    clicks = _ClickedAsActive()
    QApplication.instance().installEventFilter(clicks)
    try:
        ask = lambda: press(window.library.view, Qt.Key.Key_R, CTRL)  # noqa: E731
        assert not await question_focus_drawn(window, ask)
    finally:
        QApplication.instance().removeEventFilter(clicks)


async def test_ctrl_p_s_not_set_up_box_shows_the_keyboard(
    window: MainWindow, session: Session
) -> None:
    """Ctrl+P with publishing not set up says so once the settings were looked at in the
    background, offering Open Settings…: that button had the keyboard with nothing drawn
    round it, and Space or Enter did something the artist could not see coming."""
    await finished_job(window, session, "a fox to publish")
    view = window.library.view
    opened = "Open Settings…"
    assert await question_focus_drawn(window, lambda: press(view, Qt.Key.Key_P, CTRL), opened)
    publish = window.library.commands["publish"].trigger
    assert not await question_focus_drawn(window, publish, opened)


def chosen_in_menu(menu: QMenu, action: QAction, by_keys: bool) -> None:
    """``action`` chosen in ``menu``, opened as Alt+E opens it: with Return, or clicked."""
    menu.popup(QPoint(0, 0))
    menu.setActiveAction(action)
    if by_keys:
        QTest.keyClick(menu, Qt.Key.Key_Return)
    else:
        QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


async def test_a_question_from_a_menu_item_chosen_by_keys_shows_the_keyboard(
    window: MainWindow, session: Session
) -> None:
    """Alt+E, then Delete chosen with the arrows and Return (or its letter) asked with
    Cancel undrawn: the menu's keys counted as a click. Chosen so, the question draws the
    button the keyboard is on; clicked in the menu, it does not."""
    await finished_job(window, session, "a fox to keep")
    menu, delete = edit_menu(window), window.library.commands["delete"]
    assert await question_focus_drawn(window, lambda: chosen_in_menu(menu, delete, True))
    assert not await question_focus_drawn(window, lambda: chosen_in_menu(menu, delete, False))


async def test_a_question_a_button_asks_at_space_shows_the_keyboard(
    window: MainWindow, session: Session
) -> None:
    """Tab to the library's Delete button and Space asked as a click did, Cancel undrawn,
    for an artist who works with the keyboard alone. Clicked, it stays undrawn."""
    await finished_job(window, session, "a fox to keep")
    button = window.library.buttons["delete"]

    def spaced() -> None:
        button.setFocus(Qt.FocusReason.TabFocusReason)
        QTest.keyClick(button, Qt.Key.Key_Space)

    assert await question_focus_drawn(window, spaced)
    clicked = lambda: QTest.mouseClick(button, Qt.MouseButton.LeftButton)  # noqa: E731
    assert not await question_focus_drawn(window, clicked)


async def test_apply_to_all_files_asked_at_space_or_enter_shows_the_keyboard(
    window: MainWindow, tmp_path: Path
) -> None:
    """Tab to the Upload tab's Apply to all files and Space (or Enter) asked its question
    as a click did, Cancel undrawn, where a toolbar's button pressed so draws it: the artist
    on the keyboard could not tell which button Space would press. Clicked, it stays
    undrawn."""
    tab = window.upload_tab
    window.tabs.setCurrentWidget(tab)
    paths = [tmp_path / "sea.png", tmp_path / "ink.png"]
    for path in paths:
        Image.new("RGB", (32, 32), (10, 120, 200)).save(path)
    tab.add_files(paths)
    await until(lambda: not tab.checking)
    for item, tags in zip(tab.items, ("ink", "sea"), strict=True):
        tab.set_current(item.key)
        QTest.keyClicks(tab.tags_edit, tags)
    button = tab.apply_all

    def pressed(key: Qt.Key) -> Callable[[], None]:
        def press() -> None:
            button.setFocus(Qt.FocusReason.TabFocusReason)
            QTest.keyClick(button, key)

        return press

    assert await question_focus_drawn(window, pressed(Qt.Key.Key_Space))
    assert await question_focus_drawn(window, pressed(Qt.Key.Key_Return))
    clicked = lambda: QTest.mouseClick(button, Qt.MouseButton.LeftButton)  # noqa: E731
    assert not await question_focus_drawn(window, clicked)


async def test_a_question_a_banner_s_button_asks_at_space_or_enter_shows_the_keyboard(
    window: MainWindow,
) -> None:
    """A banner's button pressed with Space asked as a click did, Cancel undrawn, and so did
    Enter, which the banner turns into a press itself. Clicked, it stays undrawn."""
    asked = lambda: ask(window, "Retry", "Send them again?", "&Send again")  # noqa: E731

    def pressed(key: Qt.Key | None) -> Callable[[], None]:
        def press() -> None:
            window.banner.show_message("2 jobs were not sent.", action=("Retry", asked))
            button = window.banner.action_button
            if key is None:
                QTest.mouseClick(button, Qt.MouseButton.LeftButton)
                return
            button.setFocus(Qt.FocusReason.TabFocusReason)
            QTest.keyClick(button, key)

        return press

    assert await question_focus_drawn(window, pressed(Qt.Key.Key_Space))
    assert await question_focus_drawn(window, pressed(Qt.Key.Key_Return))
    assert not await question_focus_drawn(window, pressed(None))


async def test_ctrl_shift_t_opens_the_statistics(window: MainWindow) -> None:
    """Statistics had no key: View → Statistics took Alt+V and T, where every other window
    of the app opens with one. Help → Keyboard shortcuts names it."""
    press(window.library.view, Qt.Key.Key_T, CTRL | Qt.KeyboardModifier.ShiftModifier)
    await until(lambda: window._stats_dialog is not None and window._stats_dialog.isVisible())
    names = QKeySequence("Ctrl+Shift+T").toString(QKeySequence.SequenceFormat.NativeText)
    assert any(
        keys == names and what == "Statistics of the jobs"
        for keys, what, _where in window.shortcut_rows()
    )
    window._stats_dialog.close()
    await until(lambda: window._stats_dialog is None)


async def test_statistics_closed_with_esc_gives_the_keys_back_to_the_window(
    window: MainWindow,
) -> None:
    """Ctrl+Shift+T, a look, Esc: left to the window manager (none on a bare X server), no
    window was active once Statistics closed, and the next key (F1, Ctrl+L) went nowhere."""
    window.activateWindow()
    await until(lambda: QApplication.activeWindow() is window)
    press(window.library.view, Qt.Key.Key_T, CTRL | Qt.KeyboardModifier.ShiftModifier)
    stats = window._stats_dialog
    assert stats is not None
    await until(lambda: QApplication.activeWindow() is stats)
    QTest.keyClick(stats, Qt.Key.Key_Escape)
    await until(lambda: window._stats_dialog is None)
    await until(lambda: QApplication.activeWindow() is window)


async def test_ctrl_tab_turns_the_tabs_from_the_library_and_the_keyboard_goes_in(
    window: MainWindow,
) -> None:
    """Before: the tab bar's own Ctrl+Tab worked only with the focus inside a tab; from the
    library's search box or grid a keyboard-only artist Tabbed through every control to
    the tab bar to get back to the prompt."""
    tabs, prompt = window.tabs, window.generate_tab.prompt
    assert tabs.currentWidget() is window.generate_tab
    press(window.library.search, Qt.Key.Key_Tab, CTRL)
    assert tabs.currentWidget() is window.upload_tab
    focused = QApplication.focusWidget()
    assert focused is not None and window.upload_tab.isAncestorOf(focused)
    # Ctrl+Shift+Tab, as the system sends it: Backtab with Shift held.
    press(window.library.search, Qt.Key.Key_Backtab, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert tabs.currentWidget() is window.generate_tab
    assert prompt.hasFocus()
    press(prompt, Qt.Key.Key_PageDown, CTRL)
    assert tabs.currentWidget() is window.upload_tab
    press(window.library.search, Qt.Key.Key_PageUp, CTRL)
    assert tabs.currentWidget() is window.generate_tab and prompt.hasFocus()


async def test_ctrl_tab_goes_into_the_tab_when_its_last_control_was_hidden(
    window: MainWindow, tmp_path: Path
) -> None:
    """Before: the keyboard went back to the control last focused in the tab, and the Match
    ratio, hidden since the reference was taken away, takes no focus: the Generate tab came
    up with the keyboard still in the library's search box."""
    reference = tmp_path / "reference.png"
    image = QImage(80, 60, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    assert image.save(str(reference))
    tab = window.generate_tab
    match = tab.ratio_buttons[MATCH]
    tab.set_reference(str(reference))
    await until(lambda: match.isVisible())
    match.setFocus(Qt.FocusReason.TabFocusReason)
    window.tabs.setCurrentWidget(window.upload_tab)
    tab.slot.clear()
    assert not match.isVisibleTo(tab)
    press(window.library.search, Qt.Key.Key_Tab, CTRL)
    assert window.tabs.currentWidget() is tab
    focused = QApplication.focusWidget()
    assert focused is not None and tab.isAncestorOf(focused), focused
    assert focused.isVisible()


async def test_on_macos_the_overview_says_which_key_is_which(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a Mac the overview drew ⌘ ⌥ ⌃ and said "Ctrl+click" with no word of which key is
    which, nor that Option and a letter or digit types in a text field, nor that in a key's
    field Option+H shows the key (a key never holds the ˙ it types). A note above the table
    says so there, its More… the rest; elsewhere the overview has none."""
    box = window.show_shortcuts()
    assert box.mac_note is None
    box.close()
    monkeypatch.setattr(sys, "platform", "darwin")
    box = window.show_shortcuts()
    try:
        note = box.mac_note
        assert note is not None and note.isVisible()
        assert "⌘ is Command" in note.text() and "⌥ is Option" in note.text()
        assert note.geometry().bottom() < box.label.geometry().top()
        assert note.height() >= note.heightForWidth(note.width())  # no line of it cut
        assert "Option+H" not in note.text()
        note.linkActivated.emit("more")  # More… clicked
        assert "⌘ is Command" in note.text() and "More…" not in note.text()
        assert "Option and a letter or a digit types its character" in note.text()
        assert "Option+H shows or hides the key" in note.text()
    finally:
        box.close()


async def test_on_macos_the_overview_s_more_is_reached_and_pressed_with_the_keys(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The macOS note's More…, by the keys alone: Tab came to the note with nothing shown
    round it, and Return there closed the overview, the rest of the note unsaid (only a
    second Tab came to More…). Tab takes the keyboard to More… at once, Return says the
    rest, the overview still open, and the note, a link no more, is no Tab stop."""
    monkeypatch.setattr(sys, "platform", "darwin")
    box = window.show_shortcuts()
    try:
        box.activateWindow()
        await until(box.isActiveWindow)
        note = box.mac_note
        assert note is not None
        for _ in range(5):  # from where the keyboard is as it opens, round to the note
            focused = QApplication.focusWidget()
            assert focused is not None
            if focused is note:
                break
            QTest.keyClick(focused, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is note
        QTest.keyClick(note, Qt.Key.Key_Return)
        assert box.isVisible()
        assert "Option+H shows or hides the key" in note.text()
        close = box.findChild(QDialogButtonBox)
        assert close is not None
        assert note not in [stop.widget for stop in tab_stops(close.buttons()[0])]
    finally:
        box.close()


async def test_at_24_pt_on_a_small_screen_the_macos_note_leaves_the_room_to_the_keys(
    huge_font: None, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 24 pt on a small screen the macOS note above the overview took a third of it,
    the keys squeezed under it. It is one line or two, the first keys in sight under it,
    and scrolls away with them."""
    monkeypatch.setattr(sys, "platform", "darwin")
    box = window.show_shortcuts()
    try:
        note = box.mac_note
        assert note is not None
        assert note.font().pointSize() == 24
        assert note.height() <= 2 * note.fontMetrics().lineSpacing() + 8  # two lines at most
        scroll = box.findChild(QScrollArea)
        assert scroll is not None and scroll.widget().isAncestorOf(note)
        assert note.height() * 5 < scroll.viewport().height()
    finally:
        box.close()


def test_on_macos_the_tabs_turn_with_control_tab_not_the_application_switcher(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Qt reads Ctrl as Command on macOS: Ctrl+Tab was Command+Tab, the system's switch
    between applications, so the keys never reached the window, yet the View menu named
    them (⌘⇥). There the tabs turn with Control+Tab, as in Safari."""
    monkeypatch.setattr(sys, "platform", "darwin")
    try:
        mac = importlib.reload(shortcuts)
        keys = [
            sequence.toString()
            for key in ("next_tab", "previous_tab")
            for sequence in mac.BY_KEY[key].sequences()
        ]
    finally:
        monkeypatch.undo()
        importlib.reload(shortcuts)
    assert "Ctrl+Tab" not in keys and "Ctrl+Shift+Tab" not in keys, keys
    assert "Meta+Tab" in keys and "Meta+Shift+Tab" in keys, keys
    assert shortcuts.BY_KEY["next_tab"].sequences()[0].toString() == "Ctrl+Tab"


async def test_ctrl_v_pastes_a_reference_outside_text_boxes(window: MainWindow) -> None:
    image = QImage(80, 60, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    QGuiApplication.clipboard().setImage(image)
    press(window.library.view, Qt.Key.Key_V, CTRL)
    slot = window.generate_tab.slot
    await until(lambda: slot.state is SlotState.READY)
    assert window.tabs.currentWidget() is window.generate_tab


async def test_the_paste_button_says_so_as_ctrl_v_does_when_no_image_is_copied(
    window: MainWindow,
) -> None:
    """Words on the clipboard, no image: Ctrl+V said so in the status bar, and the
    reference's Paste button did nothing at all, as if it were broken."""
    QGuiApplication.clipboard().setText("a red fox at dawn")
    slot = window.generate_tab.slot
    paste = next(button for button in slot.findChildren(QPushButton) if button.text() == "&Paste")
    paste.click()
    assert window.statusBar().currentMessage() == (
        "The clipboard holds no image or image file to use as a reference."
    )
    assert slot.state is SlotState.EMPTY


async def test_ctrl_v_in_the_prompt_pastes_text(window: MainWindow) -> None:
    QGuiApplication.clipboard().setText("pasted words")
    press(window.generate_tab.prompt, Qt.Key.Key_V, CTRL)
    assert window.generate_tab.prompt.toPlainText() == "pasted words"
    assert window.generate_tab.slot.state is SlotState.EMPTY


async def test_library_keys_act_on_the_selected_artwork(
    window: MainWindow, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    done = await finished_job(window, session, "a fox for the keys")
    library = window.library
    opened: list[Snapshot] = []
    library.full_view_requested.connect(opened.append)
    press(library.view, Qt.Key.Key_Return)
    assert [s.id for s in opened] == [done.id]
    window.full_view.close()

    press(library.view, Qt.Key.Key_D, CTRL)
    await until(lambda: (s := session.ledger.get(done.id)) is not None and s.starred)
    await until(lambda: (s := library.current_snapshot()) is not None and s.starred)
    press(library.view, Qt.Key.Key_D, CTRL)
    await until(lambda: (s := session.ledger.get(done.id)) is not None and not s.starred)

    published: list[int] = []
    library.publish_requested.connect(lambda shown: published.append(shown.id))
    press(library.view, Qt.Key.Key_P, CTRL)
    assert published == [done.id]
    await until(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox))
    setup = QApplication.activeModalWidget()
    assert setup.objectName() == "publishSetupBox"  # type: ignore[union-attr]
    setup.close()  # type: ignore[union-attr]
    window.activateWindow()
    await until(lambda: QApplication.activeWindow() is window)

    monkeypatch.setattr(library, "ask_title", lambda _snapshot: "Renamed by F2")
    press(library.view, Qt.Key.Key_F2)
    await until(
        lambda: (s := session.ledger.get(done.id)) is not None and s.title == "Renamed by F2"
    )

    press(library.view, Qt.Key.Key_C, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert QGuiApplication.clipboard().text() == "a fox for the keys"

    press(library.view, Qt.Key.Key_C, CTRL)
    await until(lambda: not QGuiApplication.clipboard().image().isNull())

    target = tmp_path / "saved.png"
    monkeypatch.setattr(library, "ask_save_path", lambda suggested: str(target))
    press(library.view, Qt.Key.Key_S, CTRL)
    await until(lambda: target.is_file())

    questions: list[str] = []

    def confirm(title: str, text: str, *_buttons: str) -> bool:
        questions.append(text)
        return True

    monkeypatch.setattr(library, "confirm", confirm)
    press(library.view, Qt.Key.Key_Delete)
    await until(lambda: session.ledger.get(done.id) is None)
    assert questions and "Delete" in questions[0], "Delete asks first"


async def test_the_edit_menu_stars_and_publishes_the_selected_artwork(
    window: MainWindow, session: Session
) -> None:
    """Star (Ctrl+D) and Publish (Ctrl+P) were in no menu: an artist who does not know the
    keys found them only in a tile's menu."""
    edit = edit_menu(window)
    by_text = {action.text(): action for action in edit.actions()}
    star, publish = by_text["St&ar the selected artwork"], by_text["Pu&blish the selected artwork"]
    assert star.shortcut().toString() == "Ctrl+D" and publish.shortcut().toString() == "Ctrl+P"
    assert not star.isEnabled() and not publish.isEnabled(), "nothing is selected"

    done = await finished_job(window, session, "a fox from the menu")
    edit.aboutToShow.emit()  # as opening it does
    assert star.isEnabled() and publish.isEnabled()
    star.trigger()
    await until(lambda: (s := session.ledger.get(done.id)) is not None and s.starred)
    published: list[int] = []
    window.library.publish_requested.connect(lambda shown: published.append(shown.id))
    publish.trigger()
    assert published == [done.id]
    await until(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox))
    QApplication.activeModalWidget().close()  # type: ignore[union-attr]  # no R2 settings


def edit_menu(window: MainWindow) -> QMenu:
    (edit,) = [a.menu() for a in window.menuBar().actions() if a.text() == "&Edit"]
    assert isinstance(edit, QMenu)
    return edit


def offered(menu: QMenu) -> dict[str, bool]:
    """The menu's entries as it shows them once opened: their words, and whether each can be
    chosen."""
    menu.aboutToShow.emit()  # as opening it does
    return {a.text(): a.isEnabled() for a in menu.actions() if not a.isSeparator()}


async def test_the_edit_menu_says_it_stars_and_publishes_the_library_s_selection(
    window: MainWindow, session: Session, bridge: Bridge
) -> None:
    """On the Upload tab, beside that tab's own Publish button, the Edit menu's "Publish"
    read as the Upload tab's, where it publishes the artworks selected in the library: its
    entries say what they act on, for none, one or several selected, on either tab."""
    edit = edit_menu(window)
    shown = offered(edit)
    assert shown["St&ar the selected artwork"] is False, "nothing is selected"
    assert shown["Pu&blish the selected artwork"] is False
    assert "Star" not in shown and "Publish" not in shown

    first = await finished_job(window, session, "a fox in the snow")
    shown = offered(edit)
    assert shown["St&ar the selected artwork"] and shown["Pu&blish the selected artwork"]
    window.library.commands["star"].trigger()
    await until(lambda: (s := session.ledger.get(first.id)) is not None and s.starred)
    await until(lambda: "Unst&ar the selected artwork" in offered(edit))

    await finished_job(window, session, "a hare in the snow")
    await bridge.wait_idle()  # the new one selected as it finishes, all said
    click(window.library, first, Qt.KeyboardModifier.ControlModifier)
    await until(lambda: "St&ar 2 selected artworks" in offered(edit))
    await until(lambda: offered(edit).get("Pu&blish 2 selected artworks") is True)
    assert window.preview.publish_button.text() == "Publish 2 artworks", "the button's words"

    window.tabs.setCurrentWidget(window.upload_tab)
    shown = offered(edit)
    assert shown["St&ar 2 selected artworks"] and shown["Pu&blish 2 selected artworks"]


def access_letter(text: str) -> str:
    """The letter after a lone "&" (Alt+letter chooses the entry), or "" without one."""
    at = text.replace("&&", "").find("&")
    return text.replace("&&", "")[at + 1].lower() if at >= 0 else ""


async def test_every_edit_menu_entry_has_an_access_letter_of_its_own(
    window: MainWindow, session: Session, bridge: Bridge
) -> None:
    """The File menu's entries have access letters (Alt+F, then G for Generate); the Edit
    menu's library entries had none, whatever was selected."""
    edit = edit_menu(window)

    def letters() -> list[str]:
        return [access_letter(text) for text in offered(edit)]

    assert "" not in letters() and len(set(letters())) == len(letters()), offered(edit)
    first = await finished_job(window, session, "a fox by the river")
    assert "" not in letters() and len(set(letters())) == len(letters()), offered(edit)
    await finished_job(window, session, "a hare by the river")
    await bridge.wait_idle()
    click(window.library, first, Qt.KeyboardModifier.ControlModifier)
    await until(lambda: "Add &tags to 2 artworks…" in offered(edit))
    assert "" not in letters() and len(set(letters())) == len(letters()), offered(edit)


async def test_the_edit_menu_resubmits_a_job_whose_outcome_is_unknown(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Edit menu offered Cancel and Retry but neither Resubmit nor Enter task ID, the
    two ways on for a job whose send got no clear answer: from the keyboard (Alt+E) they
    were out of reach. They follow Retry there, each with its letter."""
    unknown = add_job(session, JobState.UNKNOWN, "a coin toss", error_kind="outcome_unknown")
    window.library.apply_filter()
    await until(lambda: window.library.model.row_of(unknown.id) is not None)
    window.library.select_job(unknown.id)
    edit = edit_menu(window)
    await until(lambda: offered(edit).get("R&esubmit…") is True)
    assert offered(edit)["Enter tas&k ID…"] is True
    words = list(offered(edit))
    assert words.index("R&esubmit…") == words.index("Retr&y") + 1
    asked: list[str] = []
    monkeypatch.setattr(
        window.library, "confirm", lambda _title, text, *_buttons: asked.append(text) and False
    )
    (resubmit,) = [a for a in edit.actions() if a.text() == "R&esubmit…"]
    resubmit.trigger()
    await until(lambda: len(asked) == 1)
    assert "a coin toss" in asked[0]


def test_a_button_says_its_action_without_the_access_letter() -> None:
    """The library's Delete button and the preview's Edit details read "删除(D)" and
    "编辑详情(T)" in Chinese: Qt's icon text drops the "&" of "删除(&D)…", not its "(D)"."""
    assert button_words("删除(&D)…") == "删除"
    assert button_words("为 3 件作品添加标签(&T)…") == "为 3 件作品添加标签"
    assert button_words("&Delete 3 artworks…") == "Delete 3 artworks"


async def test_deleting_the_last_artwork_shown_leaves_the_keyboard_in_the_search_box(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the grid gave way to "No artworks yet" (or "Nothing matches the search"), and
    the focus went to those words, where nothing showed it and no key did anything."""
    done = await finished_job(window, session, "the only fox")
    library = window.library
    monkeypatch.setattr(library, "confirm", lambda *_words: True)
    press(library.view, Qt.Key.Key_Delete)
    await until(lambda: session.ledger.get(done.id) is None)
    await until(lambda: library.pages.currentWidget() is library.empty_page)
    assert window.focusWidget() is library.search


async def test_ctrl_r_retries_a_failed_job(
    window: MainWindow, session: Session, simulator: Simulator
) -> None:
    simulator.update(faults=Faults(task_failure=1.0))  # KIE could not make it: 501
    window.generate_tab.prompt.setPlainText("a fox KIE could not make")
    assert window.generate_tab.generate()
    await until(
        lambda: (s := window.library.current_snapshot()) is not None and s.state is JobState.FAILED
    )
    failed = window.library.current_snapshot()
    assert failed is not None
    simulator.update(faults=Faults())
    press(window.library.view, Qt.Key.Key_R, CTRL)
    await until(
        lambda: (s := session.ledger.get(failed.id)) is not None and s.state is JobState.COMPLETED
    )


async def test_a_job_refused_under_the_content_policy_is_not_retried_but_reused(
    window: MainWindow, session: Session, simulator: Simulator
) -> None:
    """Before: Retry (Ctrl+R) sent the refused prompt again unchanged, to be refused again
    (a new task KIE may charge for); `kontext-studio retry` refuses it too now."""
    window.generate_tab.prompt.setPlainText("a forbidden fox")
    assert window.generate_tab.generate()
    actions = window.library.job_actions
    await until(lambda: actions.snapshot is not None and actions.snapshot.state is JobState.FAILED)
    assert not actions.actions["retry"].isEnabled(), "Ctrl+R does nothing"
    window.generate_tab.prompt.clear()
    actions.actions["reuse_settings"].trigger()
    await until(lambda: window.generate_tab.prompt.toPlainText() == "a forbidden fox")
    assert simulator.generate_count("a forbidden fox") == 1


async def test_delete_in_the_search_box_deletes_text_not_artworks(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    await finished_job(window, session, "a fox to keep")
    monkeypatch.setattr(
        window.library, "confirm", lambda title, text, *_buttons: pytest.fail("asked")
    )
    window.library.search.setText("fox")
    window.library.search.setCursorPosition(0)
    press(window.library.search, Qt.Key.Key_Delete)
    assert window.library.search.text() == "ox"
    assert session.ledger.count() == 1


async def test_esc_cancels_the_selected_job_only_in_the_library(
    window: MainWindow, session: Session, simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    simulator.update(latency_s=(5.0, 6.0))
    asked: list[str] = []
    monkeypatch.setattr(
        window.library, "confirm", lambda title, text, *_buttons: asked.append(title) or True
    )
    window.generate_tab.prompt.setPlainText("a slow fox")
    assert window.generate_tab.generate()
    await until(lambda: (s := window.library.current_snapshot()) is not None and s.state.is_active)

    press(window.generate_tab.prompt, Qt.Key.Key_Escape)
    assert asked == [], "Esc in the prompt box never stops a job"

    press(window.library.view, Qt.Key.Key_Escape)
    await until(lambda: (s := newest(session)) is not None and s.state is JobState.CANCELLED)
    assert asked == ["Cancel job"]


async def test_esc_in_the_search_box_clears_it(window: MainWindow) -> None:
    window.library.search.setText("fox")
    press(window.library.search, Qt.Key.Key_Escape)
    assert window.library.search.text() == ""


async def test_down_in_the_search_box_goes_to_the_artworks_found(
    window: MainWindow, session: Session, tmp_path: Path
) -> None:
    """From the search box the tiles found were three Tabs away (past the state filter and
    the Starred toggle). Down goes to them: to the current tile, else the first."""
    library = window.library
    older = add_image(session, tmp_path, "a wren to find")
    newer = add_image(session, tmp_path, "a wren found first")
    add_image(session, tmp_path, "a heron not looked for")
    library.search.setText("wren")
    library.apply_filter()
    await until(lambda: library.model.rowCount() == 2 and library.current_snapshot() is None)

    press(library.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is library.view
    assert library.current_snapshot().id == newer.id  # type: ignore[union-attr]
    library.select_job(older.id)
    press(library.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is library.view
    assert library.current_snapshot().id == older.id  # type: ignore[union-attr]

    library.search.setText("wren zzzz")
    library.apply_filter()
    await until(lambda: library.pages.currentWidget() is library.empty_page)
    assert "Esc" in library.empty.text(), "it says how to clear the search"
    press(library.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is library.search, "nothing found: it stays"


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down])
async def test_return_in_the_search_box_searches_at_once_and_goes_to_the_artworks_found(
    window: MainWindow, session: Session, tmp_path: Path, key: Qt.Key
) -> None:
    """Return, pressed as the last word is typed, did nothing: the search box kept the keys
    and the search ran only after its pause for more typing. It runs the search at once and
    goes to what it finds, as Down (pressed that soon, Down went to the first artwork of
    the search before, which the search then hid)."""
    library = window.library
    add_image(session, tmp_path, "a wren to find")
    add_image(session, tmp_path, "a heron not looked for")
    library.apply_filter()
    await until(lambda: library.model.rowCount() == 2)
    library.search.setFocus(Qt.FocusReason.OtherFocusReason)

    QTest.keyClicks(library.search, "wren")
    QTest.keyClick(library.search, key)
    await until(lambda: QApplication.focusWidget() is library.view)
    await settled(window)
    assert QApplication.focusWidget() is library.view
    assert library.model.rowCount() == 1
    assert library.current_snapshot().prompt == "a wren to find"  # type: ignore[union-attr]


async def test_typing_on_after_return_in_the_search_box_keeps_the_keys_there(
    window: MainWindow, session: Session, tmp_path: Path
) -> None:
    """Return pressed, then more typed before the search was read: the keys stay with the
    words typed, not taken to the tiles when the rows of the first search come."""
    library = window.library
    add_image(session, tmp_path, "a wren to find")
    library.apply_filter()
    await until(lambda: library.model.rowCount() == 1)
    library.search.setFocus(Qt.FocusReason.OtherFocusReason)

    QTest.keyClicks(library.search, "wren")
    QTest.keyClick(library.search, Qt.Key.Key_Return)
    QTest.keyClicks(library.search, " to")
    await until(lambda: library.model.filter.text == "wren to" and not library.model.reading_query)
    await settled(window)
    assert QApplication.focusWidget() is library.search
    assert library.search.text() == "wren to"


async def test_return_in_the_search_box_finding_nothing_says_so(
    window: MainWindow, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Return on a search that finds nothing kept the keys in the search box and said
    nothing: a screen reader's user heard silence, as if the key did nothing. What the
    grid's place shows is read out, once."""
    said: list[str] = []
    monkeypatch.setattr(library_panel, "announce", lambda _to, words, _level: said.append(words))
    library = window.library
    add_image(session, tmp_path, "a heron not looked for")
    library.apply_filter()
    await until(lambda: library.model.rowCount() == 1)
    library.search.setFocus(Qt.FocusReason.OtherFocusReason)

    QTest.keyClicks(library.search, "wren")
    QTest.keyClick(library.search, Qt.Key.Key_Return)
    await until(lambda: library.model.filter.text == "wren" and not library.model.reading_query)
    await settled(window)
    assert QApplication.focusWidget() is library.search
    assert said == ["Nothing matches the search. Esc in the search box clears it."]


async def test_esc_after_return_in_the_search_box_keeps_the_keys_there(
    window: MainWindow, session: Session, tmp_path: Path
) -> None:
    """Return pressed, then Esc before the search was read: the search is cleared and the
    keys stay in the search box, not taken to the tiles once the whole library is read."""
    library = window.library
    add_image(session, tmp_path, "a wren to find")
    library.apply_filter()
    await until(lambda: library.model.rowCount() == 1)
    library.search.setFocus(Qt.FocusReason.OtherFocusReason)

    QTest.keyClicks(library.search, "wren")
    QTest.keyClick(library.search, Qt.Key.Key_Return)
    QTest.keyClick(library.search, Qt.Key.Key_Escape)
    await until(lambda: library.model.filter.text == "" and not library.model.reading_query)
    await settled(window)
    assert QApplication.focusWidget() is library.search
    assert library.search.text() == ""


@pytest.mark.parametrize(
    ("key", "modifiers"),
    [(Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier), (Qt.Key.Key_Menu, NONE)],
)
async def test_shift_f10_and_the_menu_key_open_the_selected_tiles_menu(
    window: MainWindow, session: Session, key: Qt.Key, modifiers: Qt.KeyboardModifier
) -> None:
    done = await finished_job(window, session, "a fox with a menu")
    press(window.library.view, key, modifiers)
    await until(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    texts = [action.text() for action in menu.actions()]
    assert "&Rename…" in texts and "&Delete…" in texts
    assert window.library.current_snapshot().id == done.id  # type: ignore[union-attr]
    menu.close()


async def test_the_menu_key_opens_one_menu_where_the_system_asks_for_one_too(
    window: MainWindow, session: Session
) -> None:
    """On X11 the Menu key also comes as a request for a context menu, sent to the focused
    grid before the key reaches its shortcut: each opened the tile's menu, two menus one
    over the other, and Esc closed only the top one. The request comes for the selected
    tile (where X11 points it: the grid's current tile) or anywhere else: one menu, for the
    selected tile."""
    done = await finished_job(window, session, "a fox with one menu")
    beside = await session.engine.wait_for(
        (await session.engine.submit(GenerateRequest("a hare"))).id
    )
    view = window.library.view
    await until(lambda: view.model().rowCount() == 2)
    window.library.select_job(done.id)
    tiles = {window.library.model.snapshot(row).id: view.model().index(row, 0) for row in (0, 1)}
    points = [view.visualRect(tiles[job]).center() for job in (done.id, beside.id)]
    for at in (*points, view.rect().bottomRight()):
        view.setFocus(Qt.FocusReason.OtherFocusReason)
        asked = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, at, view.mapToGlobal(at))
        QApplication.sendEvent(view, asked)
        press(view, Qt.Key.Key_Menu)
        await until(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
        menus = [menu for menu in window.library.findChildren(QMenu) if menu.isVisible()]
        assert len(menus) == 1, at
        assert window.library.current_snapshot().id == done.id  # type: ignore[union-attr]
        menus[0].close()
        await until(lambda: QApplication.activePopupWidget() is None)


def test_a_key_read_the_same_twice_is_listed_once(qapp: QApplication) -> None:
    both = shortcuts.Shortcut("x", ("Return", "Return"), "Preview", shortcuts.Scope.LIBRARY)
    assert both.native() == QKeySequence("Return").toString(QKeySequence.SequenceFormat.NativeText)


async def test_ctrl_q_quits(window: MainWindow) -> None:
    closed: list[bool] = []
    window.closed.connect(lambda: closed.append(True))
    press(window.generate_tab.prompt, Qt.Key.Key_Q, CTRL)
    assert closed == [True]


async def test_prompt_history_keys(window: MainWindow) -> None:
    tab = window.generate_tab
    await until(lambda: tab.history.loaded)
    for prompt in ("first fox", "second fox"):
        tab.history.remember(prompt)
    tab.prompt.setPlainText("my draft")

    press(tab.prompt, Qt.Key.Key_Up, CTRL)
    assert tab.prompt.toPlainText() == "second fox"
    press(tab.prompt, Qt.Key.Key_Up, CTRL)
    assert tab.prompt.toPlainText() == "first fox"
    press(tab.prompt, Qt.Key.Key_Down, CTRL)
    press(tab.prompt, Qt.Key.Key_Down, CTRL)
    assert tab.prompt.toPlainText() == "my draft"

    press(tab.prompt, Qt.Key.Key_Down, ALT)
    menu = tab.recent.recent_menu
    await until(menu.isVisible)
    assert [a.text() for a in menu.actions() if a.objectName().startswith("recent_")][:2] == [
        "second fox",
        "first fox",
    ]
    menu.hide()


def test_standard_keys_use_the_platform_binding(qapp: QApplication) -> None:
    paste = shortcuts.BY_KEY["paste_reference"].sequences()
    assert paste == [QKeySequence.keyBindings(QKeySequence.StandardKey.Paste)[0]]
    assert shortcuts.BY_KEY["cancel"].native() == QKeySequence("Esc").toString(
        QKeySequence.SequenceFormat.NativeText
    )


@pytest.mark.parametrize("named", ["gone.png", "notes.txt", "two lines"])
async def test_text_that_names_no_image_file_is_not_pasted(
    window: MainWindow, tmp_path: Path, named: str
) -> None:
    """A path copied as text is pasted as its file (test_generate_tab); text that names no
    image file, or more than one line, is said to be no image, as any other words are, and
    the reference held stays."""
    held = tmp_path / "held.png"
    Image.new("RGB", (40, 30), "teal").save(held)
    notes = tmp_path / "notes.txt"
    notes.write_text("ideas for the fox")
    slot = window.generate_tab.slot
    slot.set_reference(str(held))
    await until(lambda: slot.state is SlotState.READY)
    text = f"{held}\n{held}" if named == "two lines" else str(tmp_path / named)
    QGuiApplication.clipboard().setText(text)

    paste = next(button for button in slot.findChildren(QPushButton) if button.text() == "&Paste")
    paste.click()
    await until(
        lambda: (
            window.statusBar().currentMessage()
            == "The clipboard holds no image or image file to use as a reference."
        )
    )
    assert slot.state is SlotState.READY and slot.path == str(held)


async def test_the_full_views_zoom_keys_say_why_with_no_picture(
    window: MainWindow, session: Session
) -> None:
    """Before: in the full view of a job with no picture (still running, failed, its image
    loading), Ctrl+=, Ctrl+-, Ctrl+0 and Ctrl+1 did nothing and said nothing; they say why
    over the full view and in the status bar, in the words of the View menu's zoom keys."""
    running = add_job(session, JobState.GENERATING, "a fox being made in full")
    window.open_full_view(running)
    full = window.full_view
    why = "Nothing to zoom yet: the job is still running."
    await until(lambda: full.isVisible() and window.preview.zoom_why_not() == why)
    try:
        full.activateWindow()
        await until(lambda: QApplication.activeWindow() is full)  # the keys are its own
        for key, qt_key in ZOOM_KEYS:
            full.show_notice("", 0)
            window.statusBar().clearMessage()
            press(full.canvas, qt_key, CTRL)
            assert full.notice.isVisible() and full.notice.text() == why, key
            assert window.statusBar().currentMessage() == why, key
    finally:
        full.close()


async def test_the_edit_menus_greyed_artwork_actions_say_why_with_nothing_selected(
    session: Session, bridge: Bridge, tmp_path: Path
) -> None:
    """Before: with nothing selected, Copy image, Rename, Enter task ID… and the rest of the
    Edit menu's artwork actions were greyed with the tooltip of what they do, not why they
    could not: Retry and Resubmit held say why there, and so do these now."""
    add_image(session, tmp_path, "a fox to pick")
    window = await open_window(session, bridge)
    try:
        window.library.view.selectionModel().clear()
        await until(lambda: window.preview.snapshot is None)
        edit = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
        edit.aboutToShow.emit()
        greyed = [a for a in edit.actions() if not a.isSeparator() and not a.isEnabled()]
        names = {a.objectName() for a in greyed}
        assert {"action_copy_image", "action_rename", "action_enter_task_id"} <= names
        undo = {"action_undo", "action_redo"}  # the library's, with nothing to take back
        assert {a.toolTip() for a in greyed if a.objectName() not in undo} == {
            "No artwork is selected."
        }
        assert {a.toolTip() for a in greyed if a.objectName() in undo} == {
            "Nothing in the library to undo.",
            "Nothing in the library to redo.",
        }
        assert window.library.commands["save_as"].toolTip() == "No artwork is selected."
        assert edit.toolTipsVisible()
    finally:
        await close_window(window)


async def test_a_zoom_key_held_with_no_picture_says_why_once(
    session: Session, bridge: Bridge, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: Ctrl++ held down with no picture (a job still running) said why at every
    repeat of the key, in the window and in its full view: a screen reader read the same
    sentence out some thirty times a second for as long as the key was held. It is said
    once a press; with a picture, the held key still zooms on and on."""
    said: list[str] = []
    monkeypatch.setattr(main_window, "announce", lambda _to, words, _level: said.append(words))
    why = "Nothing to zoom yet: the job is still running."
    running = add_job(session, JobState.GENERATING, "a fox being made, held")
    window = await open_window(session, bridge)
    full = window.full_view
    try:
        window.activateWindow()
        window.library.select_job(running.id)
        await until(lambda: window.preview.zoom_why_not() == why)
        held(window.generate_tab.prompt, Qt.Key.Key_Plus, CTRL, 10)
        assert said == [why], "in the window"
        assert window.generate_tab.prompt.toPlainText() == "", "no repeat reached the text"
        said.clear()
        window.open_full_view(running)
        await until(lambda: full.isVisible())
        full.activateWindow()
        await until(lambda: QApplication.activeWindow() is full)
        held(full.canvas, Qt.Key.Key_Plus, CTRL, 10)
        assert said == [why], "in the full view"
        full.close()
        done = await finished_job(window, session, "a fox to zoom on and on")
        window.open_full_view(done)
        await until(lambda: full.isVisible() and full.canvas.after is not None)
        full.activateWindow()
        await until(lambda: QApplication.activeWindow() is full)
        press(full.canvas, Qt.Key.Key_1, CTRL)
        held(full.canvas, Qt.Key.Key_Plus, CTRL, 2)
        assert full.canvas.zoom_percent() == 173, "the press and each repeat zoom in"
    finally:
        full.close()
        await close_window(window)


SHIFT = Qt.KeyboardModifier.ShiftModifier
ARTWORK_KEYS = (
    ("rename", Qt.Key.Key_F2, NONE),
    ("delete", Qt.Key.Key_Delete, NONE),
    ("copy_image", Qt.Key.Key_C, CTRL),
    ("copy_prompt", Qt.Key.Key_C, CTRL | SHIFT),
    ("save_as", Qt.Key.Key_S, CTRL),
    ("star", Qt.Key.Key_D, CTRL),
    ("details", Qt.Key.Key_I, CTRL),
    ("publish", Qt.Key.Key_P, CTRL),
    ("retry", Qt.Key.Key_R, CTRL),
    ("full_view", Qt.Key.Key_Return, NONE),
    ("cancel", Qt.Key.Key_Escape, NONE),
)


async def test_an_artwork_key_with_nothing_selected_says_so_once_a_press(
    session: Session, bridge: Bridge, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: with no artwork selected in the library, F2, Delete, Ctrl+C and the other
    artwork keys did nothing and said nothing, their actions greyed: the artist could not
    tell a key missed from a key not heard. Each says why in the status bar, read out once a
    press (held down, not at each repeat); the text boxes keep their keys."""
    said: list[str] = []
    monkeypatch.setattr(main_window, "announce", lambda _to, words, _level: said.append(words))
    why = "No artwork is selected."
    shown = add_image(session, tmp_path, "a fox to pick")
    window = await open_window(session, bridge)
    library = window.library
    try:
        window.activateWindow()
        library.view.selectionModel().clear()
        await until(lambda: window.preview.snapshot is None)
        await settled(window)
        # A click on the grid's empty space: the keys go to the grid, no tile chosen.
        empty = library.view.viewport().rect().bottomRight() - QPoint(4, 4)
        QTest.mouseClick(library.view.viewport(), Qt.MouseButton.LeftButton, NONE, empty)
        assert library.view.hasFocus() and window.preview.snapshot is None
        for key, qt_key, modifiers in ARTWORK_KEYS:
            assert not library.commands[key].isEnabled(), key
            window.statusBar().clearMessage()
            said.clear()
            press(library.view, qt_key, modifiers)
            assert window.statusBar().currentMessage() == why, key
            assert said == [why], key

        said.clear()
        held(library.view, Qt.Key.Key_F2, NONE, 10)
        assert said == [why], "once, held down"

        said.clear()
        window.statusBar().clearMessage()
        prompt = window.generate_tab.prompt
        prompt.setPlainText("fox")
        prompt.selectAll()
        press(prompt, Qt.Key.Key_C, CTRL)
        assert QGuiApplication.clipboard().text() == "fox"
        prompt.moveCursor(QTextCursor.MoveOperation.Start)
        press(prompt, Qt.Key.Key_Delete)
        assert prompt.toPlainText() == "ox"
        assert said == [] and window.statusBar().currentMessage() == ""

        library.select_job(shown.id)
        await until(lambda: window.preview.snapshot is not None)
        press(library.view, Qt.Key.Key_C, CTRL | SHIFT)
        assert QGuiApplication.clipboard().text() == "a fox to pick"
        assert why not in said
    finally:
        await close_window(window)


async def test_a_greyed_retry_cancel_or_full_view_key_held_says_why_once(
    session: Session, bridge: Bridge, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: Ctrl+R or Esc held on a finished artwork, Return on a failed job, said why at
    every key repeat, a screen reader reading the sentence out again and again."""
    said: list[str] = []
    monkeypatch.setattr(main_window, "announce", lambda _to, words, _level: said.append(words))
    done = add_image(session, tmp_path, "a finished fox")
    failed = add_job(session, JobState.FAILED, "a fox KIE could not make")
    window = await open_window(session, bridge)
    library = window.library
    try:
        window.activateWindow()
        for shown, qt_key, modifiers in (
            (done, Qt.Key.Key_R, CTRL),
            (done, Qt.Key.Key_Escape, NONE),
            (failed, Qt.Key.Key_Return, NONE),
        ):
            library.select_job(shown.id)
            await until(
                lambda job=shown.id: (s := window.preview.snapshot) is not None and s.id == job
            )
            said.clear()
            held(library.view, qt_key, modifiers, 10)
            assert len(said) == 1, said
            assert said[0].startswith("Nothing to "), said
    finally:
        await close_window(window)


def test_the_overview_says_what_the_window_s_keys_do_in_the_full_view(qapp: QApplication) -> None:
    """Help said that every key of the window closes the full view first: its zoom keys zoom
    the picture there and leave it open, and Ctrl+Enter shows the prompt there, sending
    nothing (it said so of the Upload tab alone)."""
    assert "it zooms itself" in shortcuts.Scope.WINDOW.title
    assert "full view: show the prompt, sending nothing" in shortcuts.BY_KEY["generate"].text()


def test_the_overview_fits_two_columns_on_a_1600_px_screen(qapp: QApplication) -> None:
    """Longer words for the window's keys put the overview in one column on a 1600 px
    screen, twice as tall, cut at the bottom there and scrolled."""
    label = QLabel(shortcuts.overview_html(shortcuts.TWO_COLUMNS))
    frame = 60  # the scroll bar, the margins and the pane's focus frame, with room to spare
    assert label.sizeHint().width() + frame <= 1600 * 0.9
