"""Keyboard use and screen readers: what an artist who works without the mouse, or hears
the window through a screen reader, meets."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QLocale, QObject, QPoint, Qt
from PySide6.QtGui import (
    QAccessible,
    QAccessibleActionInterface,
    QAccessibleAnnouncementEvent,
    QAccessibleEvent,
    QAccessibleInterface,
    QFont,
    QFontMetrics,
    QImage,
    QKeyEvent,
    QKeySequence,
    qt_set_sequence_auto_mnemonic,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMenuBar,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QTabBar,
    QWidget,
)

from kontext_studio import i18n
from kontext_studio.jobs.states import JobState
from kontext_studio.kie.models import MAX_PROMPT_CHARS, GenerateRequest
from kontext_studio.presets import Preset
from kontext_studio.session import Session
from kontext_studio.ui.bridge import Bridge, DeletesDone
from kontext_studio.ui.details_dialog import DetailsDialog
from kontext_studio.ui.elided_label import ElidedLabel, SelectableElidedLabel
from kontext_studio.ui.generate_tab import MATCH, GenerateTab
from kontext_studio.ui.main_window import MainWindow
from kontext_studio.ui.notifications import BannerKind, MessageBanner
from kontext_studio.ui.plain_text import SIGNS, breakable, plain_tooltip
from kontext_studio.ui.presets_menu import SavePresetDialog
from kontext_studio.ui.reference_slot import SlotState
from kontext_studio.ui.rename_dialog import RenameDialog
from kontext_studio.ui.settings_dialog import SettingsDialog
from kontext_studio.ui.stats_dialog import StatsDialog
from kontext_studio.ui.status import ActiveJobsLabel
from tests.ui.conftest import settled, tip_shown, until
from tests.ui.test_full_view import finished, open_on
from tests.ui.test_generate_tab import drop_files
from tests.ui.test_library import add_image, add_job, loaded_panel, write_png
from tests.ui.test_preview import make_panel
from tests.ui.test_publishing import fast_publisher, point_r2_at
from tests.ui.test_tile_size import painted_in_its_cell, status_of
from tests.ui.test_window import close_window, open_window, window_in


async def test_the_tile_the_keys_act_on_is_always_the_highlighted_one(
    bridge: Bridge, session: Session, tmp_path: Path, owned: list[QObject]
) -> None:
    for prompt in ("a moth", "a lamp", "a moon"):
        add_image(session, tmp_path, prompt)
    panel = await loaded_panel(bridge, owned)
    panel.show()
    panel.activateWindow()
    await until(lambda: QApplication.activeWindow() is panel)
    await until(lambda: panel.model.rowCount() == 3)
    selection = panel.view.selectionModel()

    panel.search.setFocus()
    while QApplication.focusWidget() is not panel.view:  # search, filter, starred, the grid
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    shown = panel.current_snapshot()
    assert shown is not None, "tabbing in chooses a tile: the preview shows it"
    assert [panel.model.snapshot(i.row()).id for i in selection.selectedIndexes()] == [shown.id]

    QTest.keyClick(panel.view, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    assert panel.current_snapshot() is shown
    assert selection.isSelected(panel.view.currentIndex()), "Delete would act on it: it shows"


async def test_a_screen_reader_hears_each_tiles_title_state_and_prompt(
    bridge: Bridge, session: Session, tmp_path: Path, owned: list[QObject]
) -> None:
    """A tile is named by its title and what it shows, and described by what its name does
    not say: an untitled artwork of a one-line prompt was heard twice, its name the prompt
    and its description the prompt again. Its prompt's other lines, or the prompt beside a
    title of its own, are its description; why a job failed follows them."""
    add_job(session, JobState.FAILED, "a heron in the reeds", error_kind="content_policy")
    add_image(session, tmp_path, "a kite over the dunes", starred=True)
    add_image(session, tmp_path, "a lantern on the pier\nin the fog, in ink")
    add_image(session, tmp_path, "a gull on a post", title="Harbour study")
    panel = await loaded_panel(bridge, owned)
    panel.show()
    await until(lambda: panel.model.rowCount() == 4)
    grid = QAccessible.queryAccessibleInterface(panel.view)
    said = {}
    for row in range(grid.childCount()):
        tile = grid.child(row)
        said[tile.text(QAccessible.Text.Name)] = tile.text(QAccessible.Text.Description)

    assert said == {
        "a kite over the dunes, starred": "",
        "a lantern on the pier": "in the fog, in ink",
        "Harbour study": "a gull on a post",
        "a heron in the reeds, Failed": said["a heron in the reeds, Failed"],
    }
    failed = said["a heron in the reeds, Failed"]
    assert failed and "heron" not in failed and len(failed.splitlines()) == 1, (
        "why it failed, not the prompt again"
    )


def unnamed_controls(root: QWidget) -> list[str]:
    """The buttons, boxes and lists shown in ``root``, and anything else Tab stops at, that
    a screen reader could not name: no name at all, or a sign it would spell out ("✕", "★",
    "▾")."""
    kinds = (
        QAbstractButton,
        QLineEdit,
        QPlainTextEdit,
        QComboBox,
        QAbstractSpinBox,
        QAbstractItemView,
    )
    found = []
    for widget in root.findChildren(QWidget):
        tab_stop = widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.focusProxy() is None
        if not (isinstance(widget, kinds) or tab_stop) or not widget.isVisible():
            continue
        if isinstance(widget.parent(), QAbstractSpinBox):
            continue  # the box's own line edit: the spin box is named
        name = QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)
        if not name.strip() or any(sign in name for sign in SIGNS):
            found.append(f"{type(widget).__name__} {widget.objectName()!r}: {name!r}")
    return found


async def test_every_control_in_the_window_has_a_name_a_screen_reader_can_say(
    session: Session, bridge: Bridge, tmp_path: Path
) -> None:
    """The library's grid was read as a list with no name: its tiles are named, the list
    that holds them was not. The Advanced options' safety tolerance was read as a bare
    number: its label names the row it shares with its note."""
    add_image(session, tmp_path, "a lighthouse in fog")
    window = await open_window(session, bridge)
    try:
        window.show()
        window.show_error("The connection to KIE was lost.", "Check your network.")
        window.generate_tab.style_picker.choose(window.generate_tab.style_picker.presets[0])
        window.generate_tab.advanced_toggle.click()
        assert unnamed_controls(window) == []

        window.tabs.setCurrentWidget(window.upload_tab)
        window.upload_tab.add_paths([write_png(tmp_path / "moth.png")])
        await until(lambda: len(window.upload_tab.items) == 1 and not window.upload_tab.checking)
        assert unnamed_controls(window) == []
        remove = window.upload_tab.row(window.upload_tab.items[0]).remove
        assert "moth.png" in QAccessible.queryAccessibleInterface(remove).text(
            QAccessible.Text.Name
        ), "which file it removes"
    finally:
        await close_window(window)


def wordless_buttons(root: QWidget) -> list[str]:
    """The buttons in ``root``, in sight or not, that show an icon or signs alone ("✕", "»")
    and have no accessible name: a screen reader would say nothing, or spell the signs out.
    :func:`unnamed_controls` finds those in sight; this finds them in any state of the
    window, before any walk has opened it. A menu bar's own are left out: a screen reader
    is given its menus, not its buttons."""
    found = []
    for button in root.findChildren(QAbstractButton):
        text = button.text()
        wordless = not any(char.isalnum() for char in text)
        shows = bool(text) or not button.icon().isNull()
        ours = not isinstance(button.parent(), QMenuBar)
        if wordless and shows and ours and not button.accessibleName():
            found.append(f"{type(button).__name__} {button.objectName()!r}: {text!r}")
    return found


async def test_every_part_of_the_window_names_its_controls_whatever_it_shows(
    session: Session,
    bridge: Bridge,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
    bucket: str,
) -> None:
    """Walked through what the window shows for a published artwork, with words typed in
    the search and the secrets, its full view with a banner, and Help → Keyboard shortcuts:
    the link of a published artwork, the clear buttons (✕) of the search and of the
    secrets, the details pane where a long prompt scrolls, and the shortcuts' list were
    read with no name."""
    point_r2_at(monkeypatch, s3_endpoint, bucket)
    add_image(session, tmp_path, "a lighthouse in fog", starred=True)
    window = await open_window(session, bridge, publisher_factory=fast_publisher)
    try:
        window.resize(1000, 650)
        window.show()
        assert wordless_buttons(window) == []
        done = await finished(session, GenerateRequest("a lighthouse at dawn, " * 30))
        window.library.select_job(done.id)
        await until(lambda: window.preview.canvas.after is not None)
        window.library.commands["publish"].trigger()
        bar = window.preview.publication
        assert bar is not None
        await until(lambda: bar.url_field.text().startswith("http"))
        window.library.search.setText("lighthouse")
        window.show_error("The connection to KIE was lost.", "Check your network.")
        await settled(window)
        assert window.preview.details_scroll.focusPolicy() & Qt.FocusPolicy.TabFocus
        assert unnamed_controls(window) == []

        window.library.view.setFocus()
        QTest.keyClick(window.library.view, Qt.Key.Key_Return)
        full_view = window.full_view
        await until(full_view.isVisible)
        settings_button = ("Open Settings…", lambda: None)
        full_view.show_error("The disk is full.", "Free some space.", settings_button)
        await settled(full_view)
        assert unnamed_controls(full_view) == []
        full_view.close()

        settings = window.open_settings()
        await until(settings.isVisible)
        assert wordless_buttons(settings) == []
        settings.key.edit.setText("a-key-being-typed")
        settings.r2_secret.edit.setText("a-secret-being-typed")
        for page in range(settings.tabs.count()):
            settings.tabs.setCurrentIndex(page)
            await settled(settings)
            assert unnamed_controls(settings) == [], settings.tabs.tabText(page)
        settings.reject()

        overview = window.show_shortcuts()
        await until(overview.isVisible)
        assert unnamed_controls(overview) == []
        overview.reject()
    finally:
        await close_window(window)


async def test_the_reference_buttons_say_they_are_for_the_reference_image(
    session: Session, bridge: Bridge, tmp_path: Path
) -> None:
    """Tab from the prompt's tools came to "Browse…", "Paste" and "Clear", read with no
    word of what they browse for, paste or clear: the reference's heading is no label of
    theirs, and "Clear" came just after the style's own clear button."""
    window = await open_window(session, bridge)
    try:
        window.show()
        slot = window.generate_tab.slot

        def said() -> list[str]:
            return [
                QAccessible.queryAccessibleInterface(button).text(QAccessible.Text.Name)
                for button in slot.findChildren(QAbstractButton)
                if button.isEnabled()
            ]

        assert said() == ["Browse for a reference image…", "Paste a reference image"]
        slot.choose(str(write_png(tmp_path / "moth.png")))
        await until(lambda: slot.info is not None)
        assert said() == [
            "Replace the reference image…",
            "Paste a reference image",
            "Clear the reference image",
        ]
    finally:
        await close_window(window)


async def test_a_screen_reader_hears_each_upload_row_as_a_file_of_a_list_and_where_it_stands(
    session: Session, bridge: Bridge, tmp_path: Path
) -> None:
    """The Upload tab's rows were read as frames named by their title alone ("moth,
    frame"), in a box with no name: nothing said they were the files of a list, which file
    a renamed one was, nor (but in the description) whether it was ready or refused."""
    window = await open_window(session, bridge)
    try:
        window.show()
        upload = window.upload_tab
        window.tabs.setCurrentWidget(upload)
        broken = tmp_path / "notes.png"
        broken.write_text("not a picture")
        upload.add_paths([write_png(tmp_path / "moth.png"), broken])
        await until(lambda: len(upload.items) == 2 and not upload.checking)
        moth, notes = upload.items
        rows = [QAccessible.queryAccessibleInterface(upload.row(item)) for item in upload.items]

        assert [row.role() for row in rows] == [QAccessible.Role.ListItem] * 2
        assert [row.text(QAccessible.Text.Name) for row in rows] == [
            "moth.png, Ready",
            "notes.png, Refused",
        ]
        assert rows[0].text(QAccessible.Text.Description) == "", "no second Ready"
        assert rows[1].text(QAccessible.Text.Description) == upload.row(notes).status.text()
        files = rows[0].parent()
        assert files.role() == QAccessible.Role.List
        assert files.text(QAccessible.Text.Name) == "Files to upload"

        upload.set_current(moth.key)
        upload.title_edit.setText("Night moth")
        upload.title_edit.textEdited.emit("Night moth")
        assert rows[0].text(QAccessible.Text.Name) == "Night moth, moth.png, Ready"
    finally:
        await close_window(window)


async def test_the_aspect_ratios_are_heard_as_one_choice_of_the_aspect_ratio(
    tab: GenerateTab, tmp_path: Path
) -> None:
    """Each ratio was read as a check box named "16:9": a choice of its own, which one may
    tick beside another, of nothing named. They are radio buttons of the aspect ratio now,
    and choosing one (a screen reader's action, as a click) unchecks the one before."""
    said = {
        ratio: QAccessible.queryAccessibleInterface(button)
        for ratio, button in tab.ratio_buttons.items()
        if button.isVisible()
    }
    assert list(said) == ["21:9", "16:9", "4:3", "1:1", "3:4", "9:16"]
    for ratio, button in said.items():
        assert button.role() == QAccessible.Role.RadioButton, ratio
        assert button.text(QAccessible.Text.Name) == f"Aspect ratio {ratio}"
        assert button.state().checkable
    assert [ratio for ratio, button in said.items() if button.state().checked] == ["1:1"]

    wide = said["16:9"].actionInterface()
    assert wide is not None
    wide.doAction(QAccessibleActionInterface.toggleAction())
    assert [ratio for ratio, button in said.items() if button.state().checked] == ["16:9"]
    assert tab.ratio_buttons["16:9"].isChecked()

    tab.slot.choose(str(write_png(tmp_path / "moth.png")))
    await until(lambda: tab.slot.info is not None)
    match = QAccessible.queryAccessibleInterface(tab.ratio_buttons[MATCH])
    assert match.role() == QAccessible.Role.RadioButton
    assert match.text(QAccessible.Text.Name) == "Aspect ratio: match the reference image"
    assert match.state().checked


async def test_a_title_cut_in_the_preview_is_heard_whole(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """The preview's title was read as it shows, cut to the pane ("a lighthouse on a
    cl…"): the screen reader user heard the ellipsis, never the rest."""
    title = "a lighthouse on a cliff above a stormy sea at dusk, ink wash"
    done = await finished(session, GenerateRequest(title))
    panel = make_panel(bridge, owned)
    panel.show_snapshot(done)
    label = panel.title_label
    await until(lambda: label.whole_text() == title)
    panel.resize(320, panel.height())  # a narrow pane
    await until(label.is_cut)
    assert QAccessible.queryAccessibleInterface(label).text(QAccessible.Text.Name) == title


async def test_the_upload_list_is_worked_with_the_keyboard(
    session: Session, bridge: Bridge, tmp_path: Path
) -> None:
    window = await open_window(session, bridge)
    try:
        window.show()
        window.activateWindow()
        await until(lambda: QApplication.activeWindow() is window)
        upload = window.upload_tab
        window.tabs.setCurrentWidget(upload)
        upload.add_paths([write_png(tmp_path / f"{name}.png") for name in ("moth", "lamp", "moon")])
        await until(lambda: len(upload.items) == 3 and not upload.checking)
        moth, lamp, moon = upload.items
        focus = QApplication.focusWidget

        window.tabs.tabBar().setFocus()
        QTest.keyClick(focus(), Qt.Key.Key_Tab)
        assert focus() is upload.row(moth), "Tab from the tabs goes to the current file"
        QTest.keyClick(focus(), Qt.Key.Key_Down)
        assert focus() is upload.row(lamp)
        assert upload.title_edit.text() == "lamp", "the details are the focused file's"
        QTest.keyClick(focus(), Qt.Key.Key_Tab)
        assert focus() is upload.row(lamp).remove
        QTest.keyClick(focus(), Qt.Key.Key_Tab)
        assert focus() is upload.title_edit
        QTest.keyClick(focus(), Qt.Key.Key_Backtab)
        QTest.keyClick(focus(), Qt.Key.Key_Backtab)
        assert focus() is upload.row(lamp), "back to the same file"

        QTest.keyClick(focus(), Qt.Key.Key_Delete)
        assert [item.title for item in upload.items] == ["moth", "moon"]
        assert focus() is upload.row(moon), "the next file takes the place of the removed one"
        assert moon.path.is_file() and lamp.path.is_file(), "the files are not touched"
        QTest.keyClick(focus(), Qt.Key.Key_Up)
        assert focus() is upload.row(moth) and upload.title_edit.text() == "moth"

        # Held down, Delete removes one file: its repeats took the next, and the next.
        QTest.keyPress(focus(), Qt.Key.Key_Delete)
        for _ in range(3):
            QApplication.sendEvent(
                focus(),
                QKeyEvent(
                    QEvent.Type.KeyPress,
                    Qt.Key.Key_Delete,
                    Qt.KeyboardModifier.NoModifier,
                    "",
                    True,
                ),
            )
        QTest.keyRelease(focus(), Qt.Key.Key_Delete)
        assert [item.title for item in upload.items] == ["moon"]
    finally:
        await close_window(window)


async def test_the_picture_is_named_by_its_title_and_prompt_in_the_preview_and_full_view(
    session: Session, bridge: Bridge
) -> None:
    window = await open_window(session, bridge)
    try:
        window.show()
        window.activateWindow()
        await until(lambda: QApplication.activeWindow() is window)
        snap = await finished(session, GenerateRequest("a lighthouse in a storm, ink wash"))
        await open_on(window, snap)
        for canvas in (window.preview.canvas, window.full_view.canvas):
            said = QAccessible.queryAccessibleInterface(canvas)
            assert said.text(QAccessible.Text.Name) == "Image: a lighthouse in a storm, ink wash"
            assert said.text(QAccessible.Text.Description) == "a lighthouse in a storm, ink wash"
        window.full_view.close()
    finally:
        await close_window(window)


async def test_a_large_font_makes_the_tiles_larger_not_their_words_cut(
    bridge: Bridge, session: Session, tmp_path: Path, owned: list[QObject]
) -> None:
    """At 18 pt a tile is wider, its picture larger, and taller for the title and the status
    line under the picture: the status line is drawn whole, inside the tile's cell."""
    add_image(session, tmp_path, "a kite over the dunes")
    panel = await loaded_panel(bridge, owned)
    panel.show()
    await settled(panel)
    normal = panel.view.gridSize()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font = app.font()
    large = QFont(font)
    large.setPointSize(18)
    app.setFont(large)
    try:
        await until(lambda: panel.view.font().pointSize() == 18)
        await settled(panel)
        cell = panel.view.visualRect(panel.model.index(0))
        assert cell.width() > normal.width() and cell.height() > normal.height()
        status = status_of(panel)
        room, drawn_in = painted_in_its_cell(panel).placed[status]
        assert QFontMetrics(drawn_in).horizontalAdvance(status) <= room.width()
        assert room.bottom() < cell.height(), "the status line is under the picture, in the tile"
    finally:
        app.setFont(font)
    await until(lambda: panel.view.gridSize() == normal)


async def test_with_a_large_font_every_settings_page_is_named_in_sight(
    session: Session, bridge: Bridge
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font = app.font()
    large = QFont(font)
    large.setPointSize(16)
    app.setFont(large)
    window = await open_window(session, bridge)
    try:
        window.show()
        dialog = window.open_settings()
        await until(dialog.isVisible)
        bar = dialog.tabs.tabBar()
        for page in range(bar.count()):
            shown = bar.tabRect(page)
            assert bar.rect().contains(shown), bar.tabText(page)
            assert shown.width() >= bar.fontMetrics().horizontalAdvance(bar.tabText(page))
        dialog.reject()
    finally:
        await close_window(window)
        app.setFont(font)


@dataclass
class TabStop:
    """A widget Tab stopped at: drawn while it had the focus and once Tab had left it, and
    whether any of it was in sight (scrolled into view) while it had the focus."""

    widget: QWidget
    focused: QImage | None = None
    left: QImage | None = None
    in_sight: bool = False

    def arrived(self) -> None:
        self.focused = self.widget.grab().toImage()
        self.in_sight = not self.widget.visibleRegion().isEmpty()

    def seen_focused(self) -> bool:
        return self.in_sight and self.focused is not None and self.focused != self.left

    def __str__(self) -> str:
        return f"{type(self.widget).__name__} {self.widget.accessibleName()!r}"


def tab_stops(start: QWidget, key: Qt.Key = Qt.Key.Key_Tab) -> list[TabStop]:
    """Every widget that Tab (or Shift+Tab, ``Key_Backtab``) stops at, from ``start`` round
    to it again, each drawn as the keys leave it: focused by a key, a style draws focus
    that it does not draw for a click (``State_KeyboardFocusChange``)."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    stops = [TabStop(start)]
    while len(stops) <= 100:
        here = stops[-1]
        QTest.keyClick(here.widget, key)
        focused = QApplication.focusWidget()
        assert focused is not None
        here.left = here.widget.grab().toImage()
        if focused is start:
            stops[0].arrived()
            return stops
        assert focused not in [stop.widget for stop in stops], "Tab went round without start"
        stops.append(TabStop(focused))
        stops[-1].arrived()
    raise AssertionError("Tab never came back to where it started")


def unseen_stops(stops: list[TabStop]) -> list[str]:
    """The stops where nothing looked focused: out of sight, or unchanged by the focus."""
    return [str(stop) for stop in stops if not stop.seen_focused()]


async def test_every_tab_stop_is_a_control_that_shows_focus_tab_bar_first(
    session: Session, bridge: Bridge
) -> None:
    """Two Tab stops showed nothing focused: the Generate tab's scroll frame and the
    preview's details frame. And Tab came to the tab bar only after the whole window, with
    that scroll frame between it and the prompt. Walked at 800 x 600, an artwork selected."""
    window = await open_window(session, bridge)
    try:
        window.resize(800, 600)
        snap = await session.engine.submit(GenerateRequest("a lighthouse in fog at night"))
        done = await session.engine.wait_for(snap.id)
        assert done.state is JobState.COMPLETED
        window.library.select_job(snap.id)
        await until(lambda: window.preview.canvas.after is not None)
        tab_bar = window.tabs.tabBar()
        stops = tab_stops(tab_bar)
        assert stops[1].widget is window.generate_tab.prompt, "the tab's content after the bar"
        backwards = tab_stops(window.generate_tab.prompt, Qt.Key.Key_Backtab)
        assert backwards[1].widget is tab_bar
        widgets = [stop.widget for stop in stops]
        assert window.library.search in widgets and window.preview.fit_button in widgets
        assert unseen_stops(stops) == []

        window.tabs.setCurrentWidget(window.upload_tab)
        stops = tab_stops(tab_bar)
        assert window.upload_tab.isAncestorOf(stops[1].widget)
        assert unseen_stops(stops) == []
    finally:
        await close_window(window)


async def test_with_no_artwork_selected_tab_skips_the_empty_details_pane(
    session: Session, bridge: Bridge
) -> None:
    """With nothing selected the details are hidden, but they kept their height: the empty
    pane below "Select an artwork" was a Tab stop, a highlight frame round nothing."""
    window = await open_window(session, bridge)
    try:
        for size in ((1400, 900), (800, 600)):
            window.resize(*size)
            await settled(window)
            widgets = [stop.widget for stop in tab_stops(window.tabs.tabBar())]
            assert window.preview.details_scroll not in widgets, size

        snap = await session.engine.submit(GenerateRequest("a lighthouse in fog, " * 30))
        await session.engine.wait_for(snap.id)
        window.library.select_job(snap.id)
        await until(lambda: window.preview.canvas.after is not None)
        widgets = [stop.widget for stop in tab_stops(window.tabs.tabBar())]
        assert window.preview.details_scroll in widgets  # a long prompt to scroll through
        window.library.search.setText("no such artwork")  # nothing left to select
        window.library.apply_filter()
        await until(lambda: window.preview.snapshot is None)
        widgets = [stop.widget for stop in tab_stops(window.tabs.tabBar())]
        assert window.preview.details_scroll not in widgets
    finally:
        await close_window(window)


async def test_the_task_id_is_copied_with_the_keyboard(session: Session, bridge: Bridge) -> None:
    """ "Copy task ID" was only in the ID's right-click menu. Tab stops at the ID now, after
    the preview's buttons and before the library, framed while it has the focus; Ctrl+C
    copies it, and Shift+F10 or the Menu key open its menu."""
    window = await open_window(session, bridge)
    try:
        snap = await session.engine.submit(GenerateRequest("a lighthouse in fog at night"))
        done = await session.engine.wait_for(snap.id)
        window.library.select_job(done.id)
        await until(lambda: window.preview.canvas.after is not None)
        task = window.preview.fields["task"]
        assert QAccessible.queryAccessibleInterface(task).text(QAccessible.Text.Name) == "Task ID"

        stops = tab_stops(window.tabs.tabBar())
        widgets = [stop.widget for stop in stops]
        assert task in widgets
        at = widgets.index(task)
        assert widgets.index(window.preview.fit_button) < at < widgets.index(window.library.search)
        assert unseen_stops(stops[at : at + 1]) == [], "the focus shows"

        clipboard = QApplication.clipboard()
        clipboard.clear()
        task.setFocus(Qt.FocusReason.TabFocusReason)
        QTest.keyClick(task, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
        await until(lambda: clipboard.text() == done.task_id)

        for key, modifiers in (
            (Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier),
            (Qt.Key.Key_Menu, Qt.KeyboardModifier.NoModifier),
        ):
            task.setFocus(Qt.FocusReason.TabFocusReason)
            QTest.keyClick(task, key, modifiers)
            await until(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
            menu = QApplication.activePopupWidget()
            assert isinstance(menu, QMenu)
            assert [action.text() for action in menu.actions()] == ["Copy task ID"]
            menu.close()
            await until(lambda: QApplication.activePopupWidget() is None)
    finally:
        await close_window(window)


async def test_tab_goes_through_the_banners_from_the_top_before_the_panes(
    session: Session, bridge: Bridge
) -> None:
    """Tab goes from the last control of the window to the banners, the top one first, then
    to the tab bar: banners made after the window (tried for a faster start) joined the end
    of the Tab order, after the status bar, the later made first whichever was on top. Each
    kind's banner is made the first time it shows: the one made second, of the kind that
    goes first, is drawn on top too."""
    window = await open_window(session, bridge)
    try:
        window.show()
        window.banner.show_message(
            "Publishing failed.", "Try again later.", kind=BannerKind.PUBLISH
        )
        window.banner.show_message("The disk is full.", "Free some space.", kind=BannerKind.STORAGE)
        await settled(window)
        top, below = window.banner.shown()
        assert top.message() == "The disk is full."
        assert top.isVisible() and below.isVisible()
        assert top.geometry().bottom() < below.geometry().top()

        tab_bar = window.tabs.tabBar()
        widgets = [stop.widget for stop in tab_stops(tab_bar, Qt.Key.Key_Backtab)]
        words = [w.text() for w in reversed(widgets) if w.objectName() == "bannerMessage"]
        assert words == ["The disk is full.", "Publishing failed."]
        before_bar = widgets[1]  # Shift+Tab from the tab bar
        assert before_bar is below.findChild(QAbstractButton, "bannerClose")
    finally:
        await close_window(window)


async def test_tab_and_shift_tab_go_down_and_up_each_pair_of_banners_as_drawn(
    session: Session, bridge: Bridge
) -> None:
    """Each kind's banner is made the first time it shows, after the window, put in the Tab
    order with its kind: with every kind shown, the later kinds first (made, each, before
    the one drawn above it), Tab goes down every two banners shown in turn, each through
    its words, its button and its Dismiss as the banner made with the window does, and
    Shift+Tab back up the same way."""
    window = await open_window(session, bridge)
    try:
        window.show()
        for kind in reversed(BannerKind):
            window.banner.show_message(
                f"The {kind} banner.", "Its hint.", action=("Act", noop), kind=kind
            )
        while window.banner.shown():
            await settled(window)
            drawn = [b for b in window.banner.shown() if b.isVisible()]
            assert len(drawn) == min(2, len(window.banner.shown()))
            assert [b.geometry().top() for b in drawn] == sorted(b.geometry().top() for b in drawn)
            tab_bar = window.tabs.tabBar()
            for key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                stops = [stop.widget for stop in tab_stops(tab_bar, key)]
                went = [w for w in stops if window.banner.isAncestorOf(w)]
                if key == Qt.Key.Key_Backtab:
                    went.reverse()
                assert went == [w for b in drawn for w in banner_stops(b)], key
            window.banner.dismiss()
    finally:
        await close_window(window)


def noop() -> None:
    """A banner's action that does nothing: its button is what is looked at."""


def banner_stops(banner: MessageBanner) -> list[QWidget]:
    """The parts of ``banner`` Tab stops at, in the order of a banner made with its window:
    its words, its hint, its button, its Dismiss."""
    names = ["bannerMessage", "bannerHint"]
    words = [banner.findChild(QWidget, name) for name in names]
    close = banner.findChild(QAbstractButton, "bannerClose")
    return [w for w in (*words, banner.action_button, close) if w is not None and w.isVisible()]


def test_a_banner_naming_an_artwork_with_no_spaces_copies_and_reads_it_as_typed(
    qtbot: Any,
) -> None:
    """A banner naming an artwork whose name has no spaces (a link as its prompt) wraps it
    at invisible breaks; a copy of its words carried them (pasted into the prompt box, they
    went to KIE inside its words), and a screen reader was given them. Both are as typed."""
    name = "https://example.com/" + "reference_moodboard_" * 4
    banner = MessageBanner()
    qtbot.addWidget(banner)
    banner.show_message(
        f"“{breakable(name)}” could not be moved to the trash.",
        f"Delete “{breakable(name)}” again.",
    )
    message = banner.findChild(QLabel, "bannerMessage")
    hint = banner.findChild(QLabel, "bannerHint")
    assert message is not None and hint is not None
    message.setSelection(0, len(message.text()))
    QTest.keyClick(message, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == f"“{name}” could not be moved to the trash."
    spoken = [
        QAccessible.queryAccessibleInterface(label).text(QAccessible.Text.Name)
        for label in (message, hint)
    ]
    assert spoken == [
        f"Error: “{name}” could not be moved to the trash.",
        f"Delete “{name}” again.",
    ]


async def test_the_banners_words_are_selected_and_copied_with_the_mouse_or_the_keyboard(
    session: Session, bridge: Bridge
) -> None:
    """Before, the banner's second line (what to do) could not be selected at all, and its
    first only with the mouse: an artist could not copy an error's words to search for them
    or to report them without the mouse. Tab now stops at both, in reading order before the
    banner's buttons, each framed while it has the focus; Ctrl+A and Shift with the arrows
    select, Ctrl+C copies; a double-click selects a word of either."""
    window = await open_window(session, bridge)
    try:
        window.show()
        window.banner.show_message(
            "The R2 bucket does not exist. (bucket 'old-art' does not exist)",
            "Check the bucket name in Settings.",
            MessageBanner.ERROR,
            ("Open Settings…", lambda: None),
        )
        banner = window.banner.top()
        assert banner is not None
        await settled(window)
        message, hint = (
            banner.findChild(QLabel, "bannerMessage"),
            banner.findChild(QLabel, "bannerHint"),
        )
        assert message is not None and hint is not None

        tab_bar = window.tabs.tabBar()
        stops = tab_stops(tab_bar)
        assert stops[1].widget is window.generate_tab.prompt, "the window's order is kept"
        widgets = [stop.widget for stop in stops]
        at = widgets.index(message)
        close = banner.findChild(QAbstractButton, "bannerClose")
        assert widgets[at : at + 4] == [message, hint, banner.action_button, close]
        assert unseen_stops(stops[at : at + 2]) == [], "the focus shows"

        clipboard = QApplication.clipboard()
        clipboard.clear()
        hint.setFocus(Qt.FocusReason.TabFocusReason)
        QTest.keyClick(hint, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClick(hint, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
        await until(lambda: clipboard.text() == "Check the bucket name in Settings.")
        message.setFocus(Qt.FocusReason.TabFocusReason)
        QTest.keyClick(message, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
        for _ in range(len("The R2 bucket")):
            QTest.keyClick(message, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
        assert message.selectedText() == "The R2 bucket"

        for label, word in ((hint, "Check"), (message, "The")):
            start = label.contentsRect().topLeft()
            QTest.mouseDClick(
                label,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
                start + QPoint(label.fontMetrics().horizontalAdvance(word) // 2, 4),
            )
            assert label.selectedText() == word
    finally:
        await close_window(window)


async def test_ctrl_tab_into_a_tab_shows_where_the_keyboard_went(
    session: Session, bridge: Bridge
) -> None:
    """Ctrl+Tab to the Upload tab put the keyboard on Add files… with nothing drawn round
    it once a dialog had closed (or the mouse had been used): a style draws a button's focus
    only for a focus the keys moved, and the turn moved it as a Tab key would, outside one."""
    window = await open_window(session, bridge)
    try:
        window.show()
        search = window.library.search
        # From the library, and from inside the Generate tab (the focus goes in with the page).
        style = window.generate_tab.findChild(QAbstractButton, "styleButton")
        assert style is not None
        for start in (search, style):
            window.tabs.setCurrentWidget(window.generate_tab)
            start.setFocus(Qt.FocusReason.ActiveWindowFocusReason)  # as a closed dialog does
            QTest.keyClick(start, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
            focused = QApplication.focusWidget()
            assert focused is not None and window.upload_tab.isAncestorOf(focused)
            stop = TabStop(focused)
            stop.arrived()
            search.setFocus(Qt.FocusReason.OtherFocusReason)
            stop.left = focused.grab().toImage()
            assert stop.seen_focused(), f"{stop} looks the same with the keyboard on it"
    finally:
        await close_window(window)


async def test_every_settings_field_has_a_name_a_screen_reader_can_say(
    session: Session, bridge: Bridge
) -> None:
    """The API key, the R2 secret, the safety tolerance and the library folder were read
    out without their labels: each sits in a row with a button or a note, and the label
    names the row, not the field (the key's was read as its hint, the folder's as a path)."""
    window = await open_window(session, bridge)
    try:
        window.show()
        dialog = window.open_settings()
        await until(dialog.isVisible)
        for page in range(dialog.tabs.count()):
            dialog.tabs.setCurrentIndex(page)
            assert unnamed_controls(dialog) == [], dialog.tabs.tabText(page)
        dialog.reject()
    finally:
        await close_window(window)


async def test_the_show_buttons_of_the_secrets_say_what_they_show_whether_pressed_or_not(
    session: Session, bridge: Bridge
) -> None:
    """Tab from the API key came to a button read as "Show", and once pressed as "Hide,
    pressed": nothing said what it shows, and its words and its state said the opposite."""
    window = await open_window(session, bridge)
    try:
        window.show()
        dialog = window.open_settings()
        await until(dialog.isVisible)
        for field, name in (
            (dialog.key, "Show the API key"),
            (dialog.r2_secret, "Show the secret access key"),
        ):
            said = QAccessible.queryAccessibleInterface(field.toggle)
            assert said.text(QAccessible.Text.Name) == name
            assert not said.state().checked
            field.toggle.click()
            assert field.edit.echoMode() is QLineEdit.EchoMode.Normal
            assert said.text(QAccessible.Text.Name) == name and said.state().checked
        dialog.reject()
    finally:
        await close_window(window)


def press_alt(letter: Qt.Key) -> None:
    """Alt and ``letter``, pressed where the keyboard is."""
    focused = QApplication.focusWidget()
    assert focused is not None
    QTest.keyClick(focused, letter, Qt.KeyboardModifier.AltModifier)


TYPED_WITH_OPTION = {
    Qt.Key.Key_1: "¡",
    Qt.Key.Key_2: "™",
    Qt.Key.Key_B: "∫",
    Qt.Key.Key_E: "",  # a dead key: its next key makes é
    Qt.Key.Key_F: "ƒ",
    Qt.Key.Key_H: "˙",
    Qt.Key.Key_M: "µ",
    Qt.Key.Key_R: "®",
}
"""What Option and a key types on a Mac's US keyboard."""


def press_option(key: Qt.Key, typed: str | None = None) -> None:
    """Option and ``key`` on a Mac, pressed where the keyboard is: Qt reads Option as Alt,
    the key's event bearing what it types, ``typed`` (@ for Option+L on a German keyboard),
    by default what it types on a US one (:data:`TYPED_WITH_OPTION`)."""
    focused = QApplication.focusWidget()
    assert focused is not None
    text = TYPED_WITH_OPTION[key] if typed is None else typed
    QTest.sendKeyEvent(QTest.KeyAction.Click, focused, key, text, Qt.KeyboardModifier.AltModifier)


@asynccontextmanager
async def settings_in_sight(session: Session, bridge: Bridge) -> AsyncIterator[SettingsDialog]:
    """Settings opened from a window shown, the active window: the keyboard is in it."""
    window = await open_window(session, bridge)
    try:
        window.show()
        dialog = window.open_settings()
        await until(lambda: QApplication.activeWindow() is dialog)
        yield dialog
    finally:
        await close_window(window)


async def test_alt_h_shows_and_hides_the_secret_of_the_page_shown(
    session: Session, bridge: Bridge
) -> None:
    """The Show button beside the API key and the R2 secret had no letter: the keyboard
    reached it by Tab alone, past the field. Alt+H shows the secret of the page shown and
    hides it again, its button saying "Hide" meanwhile."""
    async with settings_in_sight(session, bridge) as dialog:
        for field in (dialog.key, dialog.r2_secret):
            dialog.tabs.setCurrentWidget(field.parentWidget())
            field.edit.setFocus()
            press_alt(Qt.Key.Key_H)  # pressed as a click is drawn, a moment later
            await until(lambda f=field: f.edit.echoMode() is QLineEdit.EchoMode.Normal)
            assert field.toggle.text().replace("&", "") == "Hide"
            await until(lambda f=field: not f.toggle.isDown())
            press_alt(Qt.Key.Key_H)
            await until(lambda f=field: f.edit.echoMode() is QLineEdit.EchoMode.Password)
            assert field.toggle.text().replace("&", "") == "Show"
        dialog.reject()


@pytest.fixture
def on_macos(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Qt as on macOS: no underlined letters made by Qt, Option read as Alt."""
    monkeypatch.setattr(sys, "platform", "darwin")
    qt_set_sequence_auto_mnemonic(False)
    try:
        yield
    finally:
        qt_set_sequence_auto_mnemonic(True)


@pytest.mark.usefixtures("on_macos")
async def test_on_macos_option_h_shows_and_hides_the_secret_of_the_page_shown(
    session: Session, bridge: Bridge
) -> None:
    """Qt takes no underlined letter on macOS: Option+H, which the README names, typed ˙
    into the hidden key there and showed nothing. It shows the secret of the page shown and
    hides it again, as Alt+H does elsewhere, from the key's field too: a key never holds
    the ˙ Option+H types, so nothing is typed into it."""
    async with settings_in_sight(session, bridge) as dialog:
        for field in (dialog.key, dialog.r2_secret):
            dialog.tabs.setCurrentWidget(field.parentWidget())
            field.edit.setFocus()
            field.edit.setText("secret")
            press_option(Qt.Key.Key_H)
            await until(lambda f=field: f.edit.echoMode() is QLineEdit.EchoMode.Normal)
            await until(lambda f=field: not f.toggle.isDown())
            press_option(Qt.Key.Key_H)
            await until(lambda f=field: f.edit.echoMode() is QLineEdit.EchoMode.Password)
            assert field.edit.text() == "secret"  # nothing typed into it
        dialog.reject()


@pytest.mark.usefixtures("on_macos")
async def test_on_macos_option_and_a_field_s_letter_go_to_it_as_alt_does_elsewhere(
    session: Session, bridge: Bridge
) -> None:
    """On a Mac Qt makes no Alt+letter keys: Option+B (the bucket) from the KIE account
    page, which the README names, did nothing, and so did every label's and button's
    letter in Settings. Option and the letter goes to the field from any page (its own
    too) and presses the button, as Alt does elsewhere; in a text field that may hold what
    Option types (a folder's name: ∫, ø, a Polish ę), it is typed there, as in every Mac
    program; a key's field never holds one, and there a digit turns the page too."""
    async with settings_in_sight(session, bridge) as dialog:
        assert QApplication.focusWidget() is dialog.key.edit
        press_option(Qt.Key.Key_B)  # from the key's field: a key holds no ∫
        assert QApplication.focusWidget() is dialog.r2_bucket
        assert dialog.tabs.currentWidget().isAncestorOf(dialog.r2_bucket)
        assert dialog.r2_bucket.text() == ""
        dialog.tabs.turn_to(0)
        press_option(Qt.Key.Key_2)  # from the key's field, a digit turns the page, typing no ™
        assert dialog.tabs.currentIndex() == 1
        assert dialog.key.edit.text() == ""
        dialog.model.setFocus()
        press_option(Qt.Key.Key_M)  # the Model's own page
        press_option(Qt.Key.Key_R)
        assert QApplication.focusWidget() is dialog.ratio
        enhance = dialog.upsampling
        was = enhance.isChecked()
        press_option(Qt.Key.Key_E)  # a check box's letter
        await until(lambda: enhance.isChecked() is not was)
        folder = dialog.library_dir
        press_option(Qt.Key.Key_F)
        assert QApplication.focusWidget() is folder
        typed = folder.text()
        press_option(Qt.Key.Key_M)  # in a folder's name, typed: the page stays
        assert QApplication.focusWidget() is folder
        assert folder.text() == typed + "µ"
        dialog.reject()


@pytest.mark.usefixtures("on_macos")
async def test_on_macos_option_and_a_field_s_letter_leave_a_number_box_for_the_field(
    session: Session, bridge: Bridge
) -> None:
    """A number box never holds what Option types (µ for Option+M), as a key's field does
    not, but there Option and a field's letter did nothing on a Mac: from Safety tolerance
    or Give up waiting after, Option+M did not go to the Model nor Option+F to the library
    folder, as Alt and the letter do elsewhere, and the keyboard stayed in the box. They go
    to the field; the number is left as it was."""
    async with settings_in_sight(session, bridge) as dialog:
        for box, letter, field in (
            (dialog.safety, Qt.Key.Key_M, dialog.model),
            (dialog.poll_timeout, Qt.Key.Key_F, dialog.library_dir),
        ):
            dialog.tabs.turn_to(dialog.tabs.indexOf(box.parentWidget()))
            box.setFocus()
            number = box.text()
            press_option(letter)
            assert QApplication.focusWidget() is field
            assert box.text() == number
        dialog.reject()


async def test_alt_and_the_letter_of_a_field_on_another_settings_page_turn_to_it(
    session: Session, bridge: Bridge
) -> None:
    """Alt+B (Bucket) on the KIE account page did nothing: a label takes its letter only
    while it is in sight. The letter of a field on another page turns to that page and
    puts the keyboard in the field, drawn as a move of the keys; on its own page it still
    goes to its field."""
    async with settings_in_sight(session, bridge) as dialog:
        assert dialog.tabs.currentWidget() is dialog.key.parentWidget()
        for letter, field in (
            (Qt.Key.Key_B, dialog.r2_bucket),
            (Qt.Key.Key_M, dialog.model),
            (Qt.Key.Key_L, dialog.language),
            (Qt.Key.Key_A, dialog.key.edit),
            (Qt.Key.Key_K, dialog.r2_secret.edit),
            (Qt.Key.Key_I, dialog.r2_access_key_id),
        ):
            press_alt(letter)
            assert QApplication.focusWidget() is field, letter
            assert dialog.tabs.currentWidget().isAncestorOf(field)
            assert dialog.testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)
        dialog.reject()


async def test_the_library_folder_s_browse_button_says_what_it_browses_for(
    session: Session, bridge: Bridge
) -> None:
    """Tab from the library folder's field came to a button read as "Browse…" alone:
    nothing said what it browses for (the reference's Browse… says so)."""
    window = await open_window(session, bridge)
    try:
        window.show()
        dialog = window.open_settings()
        await until(dialog.isVisible)
        browse = [b for b in dialog.findChildren(QPushButton) if b.text() == "Bro&wse…"]
        assert [b.accessibleName() for b in browse] == ["Browse for the library folder…"]
        dialog.reject()
    finally:
        await close_window(window)


def border_differs_with_focus(box: QPlainTextEdit) -> bool:
    """Whether the outer ring of ``box`` (its frame, never its caret) looks other with the
    focus than without."""
    box.setFocus(Qt.FocusReason.TabFocusReason)
    assert box.hasFocus()
    focused = box.grab().toImage()
    box.clearFocus()
    unfocused = box.grab().toImage()
    width, height = focused.width(), focused.height()
    ring = [(x, 0) for x in range(width)] + [(0, y) for y in range(height)]
    return any(focused.pixel(x, y) != unfocused.pixel(x, y) for x, y in ring)


async def test_the_multi_line_boxes_show_focus_by_their_border_as_the_one_line_fields_do(
    session: Session, bridge: Bridge
) -> None:
    """The prompt box and the descriptions showed the focus by their caret alone: with it
    blinked off, focused and not looked the same, where a one-line field has the style's
    focus border."""
    window = await open_window(session, bridge)
    try:
        window.show()
        window.activateWindow()
        await until(lambda: QApplication.activeWindow() is window)
        assert border_differs_with_focus(window.generate_tab.prompt), "the prompt"
        window.tabs.setCurrentWidget(window.upload_tab)
        window.upload_tab.details.show()
        assert border_differs_with_focus(window.upload_tab.description_edit), "upload"
        snap = await finished(session, GenerateRequest("a fox to describe"))
        dialog = DetailsDialog([snap], window)
        dialog.show()
        dialog.activateWindow()
        await until(lambda: QApplication.activeWindow() is dialog)
        assert border_differs_with_focus(dialog.description_edit), "Edit details"
        dialog.reject()
    finally:
        await close_window(window)


def names_said(widget: QWidget) -> list[str]:
    """What a screen reader is told a control is for: its accessible name, which Windows
    reads, and the labels related to it, which Linux and macOS read for a choice box (Qt
    names a combo box by its value there, whatever its accessible name)."""
    found = QAccessible.queryAccessibleInterface(widget)
    related = found.relations(QAccessible.RelationFlag.Label)
    return [widget.accessibleName(), *(label.text(QAccessible.Text.Name) for label, _ in related)]


async def test_the_choice_boxes_the_statistics_tables_and_the_status_bar_are_named(
    session: Session, bridge: Bridge
) -> None:
    """The state filter, Model and Language were read as their value alone ("All", "Flux
    Kontext Pro", "English"), the Statistics tables and the status bar with no name."""
    window = await open_window(session, bridge)
    try:
        window.show()
        boxes = {
            "Which jobs to show": window.library.state_filter,
            "Model": window.generate_tab.model,
        }
        settings = window.open_settings()
        await until(settings.isVisible)
        boxes["Language"] = settings.language
        for label, box in boxes.items():
            said = names_said(box)
            assert len(said) == 2 and all(label in name for name in said), (label, said)
        settings.reject()

        assert window.statusBar().accessibleName() == "Status"
        stats = window.open_statistics()
        await until(stats.isVisible)
        assert stats.models.accessibleName() == "Per model"
        assert stats.errors.accessibleName() == "Errors by kind"
        stats.reject()
    finally:
        await close_window(window)


async def test_a_screen_reader_hears_why_generate_cannot_run_from_the_prompt_box(
    tab: GenerateTab, tmp_path: Path
) -> None:
    """Tab skips a disabled Generate, and the line under it that says why ("Type a prompt
    to generate.") was heard by no one who works by the keys and a screen reader: the
    prompt box, where the keyboard is, says it, and so does Generate, until it can run."""
    tab.activateWindow()
    await until(lambda: QApplication.activeWindow() is tab)
    tab.prompt.setFocus(Qt.FocusReason.TabFocusReason)
    prompt = QAccessible.queryAccessibleInterface(tab.prompt)
    button = QAccessible.queryAccessibleInterface(tab.generate_button)

    def heard(reason: str) -> None:
        assert not tab.generate_button.isEnabled() and tab.reason.text() == reason
        assert prompt.state().focused
        assert prompt.text(QAccessible.Text.Description) == reason
        assert button.text(QAccessible.Text.Description) == reason

    heard("Type a prompt to generate.")
    QTest.keyClicks(tab.prompt, "a moth")
    assert tab.generate_button.isEnabled()
    assert prompt.text(QAccessible.Text.Description) == ""
    assert button.text(QAccessible.Text.Description) == "Generate (Ctrl+Return)", "its tooltip"

    tab.prompt.setPlainText("a" * (MAX_PROMPT_CHARS + 1))
    heard(
        f"Shorten the prompt to {MAX_PROMPT_CHARS:,} characters (it has {MAX_PROMPT_CHARS + 1:,})."
    )
    tab.prompt.setPlainText("a moth")
    broken = tmp_path / "moth.png"
    broken.write_text("not a picture")
    assert drop_files(tab.slot, broken)
    heard("Wait a moment: the reference image is being checked.")
    await until(lambda: tab.slot.state is SlotState.REFUSED)
    heard("Replace or clear the reference image: it cannot be used.")
    tab.slot.clear()
    assert tab.generate_button.isEnabled()
    assert prompt.text(QAccessible.Text.Description) == ""


async def test_a_screen_reader_hears_what_each_detail_is_beside_its_value(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """The preview's details were read as bare values ("Completed", "4:3", a date): nothing
    said which row a value was. Each value is named by its row's label now; the task ID,
    which Tab reaches, as before by its label, the ID its description."""
    done = await finished(session, GenerateRequest("a tin robot", aspect_ratio="4:3"))
    panel = make_panel(bridge, owned)
    panel.show_snapshot(done)
    await until(lambda: panel.canvas.after is not None)

    def said() -> dict[str, str]:
        form = panel.details_form
        found = {}
        for value in panel.fields.values():
            label = form.labelForField(value)
            if form.isRowVisible(value) and isinstance(label, QLabel):
                found[label.text()] = QAccessible.queryAccessibleInterface(value).text(
                    QAccessible.Text.Name
                )
        return found

    rows = said()
    assert rows["State"] == "State: Completed"
    assert rows["Model"] == "Model: Flux Kontext Pro"
    assert rows["Aspect ratio"] == "Aspect ratio: 4:3"
    assert rows["Reference"] == "Reference: None"
    assert rows["Created"] == f"Created: {panel.fields['created'].text()}"
    assert rows["Task ID"] == "Task ID"
    task = QAccessible.queryAccessibleInterface(panel.fields["task"])
    assert task.text(QAccessible.Text.Description) == done.task_id
    assert all(name.startswith(f"{label}: ") for label, name in rows.items() if name != label)

    square = await finished(session, GenerateRequest("a tin moon", aspect_ratio="1:1"))
    panel.show_snapshot(square)
    await until(lambda: said()["Aspect ratio"] == "Aspect ratio: 1:1")


def mnemonic_texts(root: QWidget) -> dict[object, str]:
    """The words in sight in ``root`` that an Alt+letter may go to, by what shows them: its
    menu bar's menus, its tabs, its buttons, and the labels that take the keyboard to their
    field (a buddy)."""
    found: dict[object, str] = {}
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        if isinstance(widget, QMenuBar):
            found.update({action: action.text() for action in widget.actions()})
        elif isinstance(widget, QTabBar):
            found.update({(widget, i): widget.tabText(i) for i in range(widget.count())})
        elif isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and widget.buddy() is not None
        ):
            found[widget] = widget.text()
    return found


def clashing(texts: dict[object, str]) -> dict[str, list[str]]:
    """The Alt+letters that more than one of ``texts`` has, with those texts."""
    by_key: dict[str, list[str]] = {}
    for text in texts.values():
        key = QKeySequence.mnemonic(text)
        if not key.isEmpty():
            by_key.setdefault(key.toString(), []).append(text)
    return {key: said for key, said in by_key.items() if len(said) > 1}


def press_each_label_s_letter(root: QWidget) -> set[str]:
    """Press Alt and the letter of each label in sight in ``root`` that has one: the labels
    whose field the keys then went to."""
    went = set()
    for label in root.findChildren(QLabel):
        key = QKeySequence.mnemonic(label.text())
        if not label.isVisible() or label.buddy() is None or key.isEmpty():
            continue
        focused = QApplication.focusWidget() or root
        QTest.keyClick(focused, key[0].key(), key[0].keyboardModifiers())
        if QApplication.focusWidget() is label.buddy():
            went.add(label.text())
    return went


def field_labels(root: QWidget) -> dict[object, str]:
    """The labels of ``root`` with a letter that takes the keyboard to their field, shown or
    not: those of every page of Settings, whose letters work from each page."""
    return {
        label: label.text()
        for label in root.findChildren(QLabel)
        if label.buddy() is not None and not QKeySequence.mnemonic(label.text()).isEmpty()
    }


def marks_with_each_page(dialog: SettingsDialog) -> dict[str, dict[object, str]]:
    """The words an Alt+letter may go to with each page of Settings shown, by its tab's
    name: those in sight (the tabs, Save and Cancel, the page's) and the labels of every
    page. A button of a page (Show, Test key) may share its letter with one of another
    page, never both live; a label's letter is live on every page."""
    labels = field_labels(dialog)
    pages = {}
    for page in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(page)
        pages[dialog.tabs.tabText(page)] = mnemonic_texts(dialog) | labels
    return pages


async def alt_letters(window: MainWindow) -> tuple[set[str], set[str]]:
    """The form labels whose Alt+letter goes to their field: in the Generate tab, its
    Advanced options open, and on the pages of Settings. Fails where two words in sight in
    the window share a letter, or in Settings two live with one of its pages shown
    (:func:`marks_with_each_page`)."""
    window.show()
    window.activateWindow()
    await until(lambda: QApplication.activeWindow() is window)
    window.generate_tab.advanced_toggle.click()
    assert clashing(mnemonic_texts(window)) == {}
    generate = press_each_label_s_letter(window.generate_tab)

    dialog = window.open_settings()
    await until(lambda: QApplication.activeWindow() is dialog)
    for name, texts in marks_with_each_page(dialog).items():
        assert clashing(texts) == {}, name
    settings: set[str] = set()
    for page in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(page)
        settings |= press_each_label_s_letter(dialog)
    dialog.reject()
    return generate, settings


async def test_alt_and_a_form_label_s_letter_go_to_its_field_and_no_two_share_one(
    session: Session, bridge: Bridge
) -> None:
    """The Generate tab's and the Settings' form labels ("Model", "Images", "Safety
    tolerance", "Output format"…) had no Alt+letter: a field was reached only by Tab, past
    the ones before it. None shares its letter with a menu (File, Edit, View, Help) or with
    another label of its window, nor takes Save's S or Cancel's C, which some desktops give
    them."""
    window = await open_window(session, bridge)
    try:
        generate, settings = await alt_letters(window)
    finally:
        await close_window(window)
    assert generate == {"&Model", "&Images", "Safety &tolerance", "&Output format", "&Watermark"}
    assert settings == {
        "&API key",
        "&Model",
        "Aspect &ratio",
        "&Output format",
        "Safety &tolerance",
        "Library &folder",
        "&Give up waiting after",
        "En&dpoint",
        "&Bucket",
        "Access key &ID",
        "Secret access &key",
        "Public base &URL",
        "Key &prefix",
        "&Language",
    }
    assert not {"S", "C"} & {text[text.index("&") + 1].upper() for text in settings}


def unmarked(texts: dict[object, str]) -> list[str]:
    """The words of the push buttons and checkboxes among ``texts`` with no mark (an
    underlined letter that Alt presses): a dialog's own OK, Save and Cancel aside, which
    Enter and Esc press (and some desktops mark)."""
    return [
        text
        for shows, text in texts.items()
        if isinstance(shows, QPushButton | QCheckBox)
        and not (
            isinstance(box := shows.parent(), QDialogButtonBox)
            and box.standardButton(shows) != QDialogButtonBox.StandardButton.NoButton
        )
        and QKeySequence.mnemonic(text).isEmpty()
    ]


def coming_and_going(window: MainWindow) -> dict[object, str]:
    """The buttons of the window that come with a state of its work, each in sight with the
    rest of it: the library's Try again (a read that failed), the preview's Download again
    (an image gone), the publication's Cancel (a publish under way) and Remove from bucket
    (what a stopped one left), the status bar's Stop (a Save of several)."""
    bar = window.preview.publication
    assert bar is not None
    buttons = [
        window.library.try_again,
        window.preview.download_again,
        bar.cancel_button,
        bar.remove_button,
        window.save_activity.stop_button,
    ]
    return {button: button.text() for button in buttons}


def marks_wanting(texts: dict[object, str]) -> tuple[dict[str, list[str]], list[str]]:
    """The marks ``texts`` share (:func:`clashing`), and the push buttons among them with
    none (:func:`unmarked`)."""
    return clashing(texts), unmarked(texts)


async def marks_in_each_view(
    window: MainWindow, session: Session, tmp_path: Path
) -> dict[str, tuple[dict[str, list[str]], list[str]]]:
    """:func:`marks_wanting` in the window and each of its dialogs: the Generate tab (a
    reference chosen, Advanced open), the Upload tab (a file listed), Settings (each page,
    with the labels of every page), Save as preset, Rename, Edit details and Statistics."""
    window.show()
    window.activateWindow()
    await until(lambda: QApplication.activeWindow() is window)
    tab = window.generate_tab
    tab.advanced_toggle.click()
    window.use_as_reference(str(write_png(tmp_path / "reference.png")))
    await until(lambda: tab.slot.state is SlotState.READY)
    views = {"Generate": marks_wanting(mnemonic_texts(window) | coming_and_going(window))}
    window.tabs.setCurrentWidget(window.upload_tab)
    window.upload_tab.add_files([write_png(tmp_path / "harbour.png")])
    await until(lambda: window.upload_tab.details.isVisible())
    views["Upload"] = marks_wanting(mnemonic_texts(window) | coming_and_going(window))
    settings = window.open_settings()
    for name, texts in marks_with_each_page(settings).items():
        views[f"Settings: {name}"] = marks_wanting(texts)
    settings.reject()
    fox = add_image(session, tmp_path, "a fox")
    for dialog in (
        SavePresetDialog(  # its model and ratio with it: their checkboxes in sight
            Preset(name="Ink", template="{prompt}, ink", model="max", aspect_ratio="16:9"),
            [],
            window,
        ),
        RenameDialog(fox, window),
        DetailsDialog([fox], window),
        StatsDialog(window.bridge, window),
    ):
        dialog.show()
        await until(dialog.isVisible)
        views[dialog.objectName() or type(dialog).__name__] = marks_wanting(mnemonic_texts(dialog))
        dialog.reject()
        dialog.deleteLater()
    return views


@pytest.mark.parametrize("language", [i18n.ENGLISH, i18n.CHINESE])
async def test_each_button_in_sight_has_a_mark_of_its_own(
    qapp: QApplication,
    session: Session,
    bridge: Bridge,
    tmp_path: Path,
    compiled_catalogues: Path,
    language: str,
) -> None:
    """Generate, the reference's Browse…, Paste and Clear, Try again, Download again, a
    publication's Cancel, Stop and the Upload tab's and Settings' buttons had no mark:
    Alt and a letter pressed none of them, and the keyboard reached them only by Tab. Each
    button in sight in the window and its dialogs has one now ("&Generate"; "生成(&G)" in
    Chinese), none shared with a menu, a label or another button in sight with it, or with
    a button that comes and goes there (Remove from bucket among them). So has each
    checkbox (Translate, Enhance; Save as preset's Also switch the model and Also set the
    aspect ratio), which had none either."""
    async with window_in(qapp, session, bridge, language, compiled_catalogues) as window:
        views = await marks_in_each_view(window, session, tmp_path)
        coming = list(coming_and_going(window).values())
    assert [text for text in coming if QKeySequence.mnemonic(text).isEmpty()] == []
    assert {view: wanting for view, wanting in views.items() if wanting != ({}, [])} == {}


def items_without_a_key_of_their_own(menu: QMenu) -> list[str]:
    """The words of the items in sight in ``menu`` that have no access key (an underlined
    letter), or share theirs with another item."""
    texts = [a.text() for a in menu.actions() if a.isVisible() and not a.isSeparator()]
    keys = [QKeySequence.mnemonic(text).toString() for text in texts]
    return [text for text, key in zip(texts, keys, strict=True) if not key or keys.count(key) > 1]


async def artwork_menus(window: MainWindow, session: Session, tmp_path: Path) -> list[QMenu]:
    """The library's menus of one artwork selected, then of two: its context menu (Shift+F10,
    a right-click) and More, every action in it, publishing set up."""
    from tests.ui.test_library_selection import CTRL, click

    library = window.library
    library.publish_enabled = True
    fox, owl = add_image(session, tmp_path, "a fox"), add_image(session, tmp_path, "an owl")
    library.apply_filter()
    await until(lambda: library.model.rowCount() == 2)
    menus = []
    for snapshot, modifiers in ((fox, Qt.KeyboardModifier.NoModifier), (owl, CTRL)):
        click(library, snapshot, modifiers)
        menus += [library.context_menu(), library.more.menu()]
    return menus


async def test_each_item_of_an_artwork_s_menu_has_an_access_key_of_its_own(
    session: Session, bridge: Bridge, tmp_path: Path
) -> None:
    """Shift+F10 on an artwork: "View full screen", "Use as reference", "Reuse settings",
    "Save as…", "Show in folder", "Copy link" and "Unpublish…" had no underlined letter,
    while the menu's others had: the keyboard reached them only with the arrows. Each item
    now has one no other item of its menu has; nor does an item of the File or Edit menu,
    Save as among them."""
    window = await open_window(session, bridge)
    try:
        menus = await artwork_menus(window, session, tmp_path)
        for menu in menus:
            assert items_without_a_key_of_their_own(menu) == []
        for bar_menu in window.menuBar().findChildren(QMenu):
            shown = {a: a.text() for a in bar_menu.actions() if a.isVisible()}
            assert clashing(shown) == {}, bar_menu.title()
    finally:
        await close_window(window)


async def test_the_preview_picture_is_a_tab_stop_after_its_buttons_framed_when_focused(
    session: Session, bridge: Bridge
) -> None:
    """The selected artwork's picture took the focus by a click alone: Tab never reached
    it, and once clicked nothing showed it had the focus, so the keys that move a picture
    zoomed past the pane (the arrows, Page Up and Down, Home and End) were found by chance.
    Tab stops at it after the preview's buttons, before the details under it, framed while
    it has the focus; choosing an artwork in the library leaves the focus in the grid."""
    window = await open_window(session, bridge)
    try:
        window.resize(1400, 900)
        made = []
        for prompt in ("a lighthouse in fog", "a lighthouse at dawn"):
            snap = await session.engine.submit(GenerateRequest(prompt))
            made.append(await session.engine.wait_for(snap.id))
        library, preview = window.library, window.preview
        library.select_job(made[1].id)  # the newest, on the first tile
        await until(lambda: preview.canvas.after is not None)
        canvas = preview.canvas

        stops = tab_stops(window.tabs.tabBar())
        widgets = [stop.widget for stop in stops]
        assert canvas in widgets, "Tab reaches the picture"
        at = widgets.index(canvas)
        assert widgets.index(preview.fit_button) < at < widgets.index(preview.details_button)
        assert unseen_stops(stops[at : at + 1]) == [], "the focus shows"

        preview.actual_button.click()  # zoomed past the pane: the keys move it
        canvas.setFocus(Qt.FocusReason.TabFocusReason)
        top = canvas.image_rect().top()
        QTest.keyClick(canvas, Qt.Key.Key_Down)
        assert canvas.image_rect().top() < top

        library.view.setFocus(Qt.FocusReason.TabFocusReason)
        QTest.keyClick(library.view, Qt.Key.Key_Right)  # the grid's arrows: the next tile
        await until(lambda: preview.snapshot is not None and preview.snapshot.id == made[0].id)
        await until(lambda: preview.canvas.after is not None)
        assert QApplication.focusWidget() is library.view, "the grid keeps the keys"
    finally:
        await close_window(window)


async def test_tab_in_the_full_view_goes_round_its_banner_and_back_to_the_picture(
    session: Session, bridge: Bridge
) -> None:
    """A banner in the full view (a Delete the disk refused) kept the keyboard once Tab
    had come to it: Tab went round its words and Dismiss, never back to the picture, where
    the arrows step through the artworks (in the banner they move in its words). Tab comes
    back to the picture now, framed once the keys have brought the focus to it."""
    window = await open_window(session, bridge)
    try:
        window.show()
        first = await finished(session, GenerateRequest("a moth at night"))
        second = await finished(session, GenerateRequest("a lamp at night"))
        await open_on(window, second)  # the newest, on the first tile
        view = window.full_view
        view.show_error("The disk is full.", "Free some space.")
        await settled(view)
        banner = view.banner
        words = [banner.findChild(QLabel, name) for name in ("bannerMessage", "bannerHint")]

        stops = tab_stops(view.canvas)
        close = banner.findChild(QAbstractButton, "bannerClose")
        assert [stop.widget for stop in stops] == [view.canvas, *words, close]
        assert unseen_stops(stops) == []
        assert QApplication.focusWidget() is view.canvas
        QTest.keyClick(view.canvas, Qt.Key.Key_Right)
        await until(lambda: view.preview.snapshot is not None)
        await until(lambda: view.preview.snapshot.id == first.id)  # type: ignore[union-attr]
        view.close()
    finally:
        await close_window(window)


async def test_tab_comes_to_the_link_of_an_edit_s_reference_and_return_follows_it(
    session: Session, bridge: Bridge, tmp_path: Path
) -> None:
    """Tab from Edit details came to the Reference row with nothing shown round it, and
    Return there did nothing: only a second Tab came to its link, "show it in the library".
    Tab (and Shift+Tab from the row after it) comes to the link at once now, framed, and
    Return shows the artwork the edit was made from."""
    heron = add_image(session, tmp_path, "a heron to edit")
    request = GenerateRequest(
        "make it dusk", image_path=str(heron.file_path), image_name="heron.png", image_job=heron.id
    )
    edit = session.ledger.create_job(request)
    session.ledger.transition(edit.id, JobState.FAILED)
    window = await open_window(session, bridge)
    try:
        window.show()
        window.activateWindow()
        await until(lambda: QApplication.activeWindow() is window)
        window.library.select_job(edit.id)
        preview = window.preview
        reference = preview.fields["reference"]
        await until(lambda: "<a href" in reference.text())
        await settled(window)

        stops = tab_stops(preview.details_button)
        widgets = [stop.widget for stop in stops]
        at = widgets.index(reference)
        assert widgets.count(reference) == 1, "one stop, at the link"
        assert unseen_stops(stops[at : at + 1]) == [], "the focus shows"

        window.library.search.setFocus(Qt.FocusReason.TabFocusReason)
        for _ in range(5):  # Shift+Tab, back through the details
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
            if QApplication.focusWidget() is reference:
                break
        assert QApplication.focusWidget() is reference
        assert reference.selectedText() == "show it in the library"

        QTest.keyClick(reference, Qt.Key.Key_Return)
        await until(lambda: (shown := preview.snapshot) is not None and shown.id == heron.id)
    finally:
        await close_window(window)


def heard_in(widget: QWidget) -> list[str]:
    """What a screen reader can say of ``widget`` and everything in it: each accessible
    object's name and description, in the tree's order."""
    said: list[str] = []

    def walk(node: QAccessibleInterface) -> None:
        for kind in (QAccessible.Text.Name, QAccessible.Text.Description):
            if words := node.text(kind):
                said.append(words)
        for child in range(node.childCount()):
            walk(node.child(child))

    walk(QAccessible.queryAccessibleInterface(widget))
    return said


@pytest.mark.parametrize(
    ("level", "word", "icon"),
    [
        (MessageBanner.ERROR, "Error", QStyle.StandardPixmap.SP_MessageBoxCritical),
        (MessageBanner.INFO, "Information", QStyle.StandardPixmap.SP_MessageBoxInformation),
    ],
)
async def test_a_banner_tells_its_level_by_its_icon_and_to_a_screen_reader_once(
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
    level: str,
    word: str,
    icon: QStyle.StandardPixmap,
) -> None:
    """An error's banner was told from news by its red or blue tint alone. Each now shows
    the style's icon for its level, and a screen reader hears the level before the first
    line, once: from the banner's words as Tab reaches them, and once in its announcement,
    not again from the icon or the second line."""
    heard: list[str] = []

    def update(event: QAccessibleEvent) -> None:
        if isinstance(event, QAccessibleAnnouncementEvent):
            heard.append(event.message())

    monkeypatch.setattr(QAccessible, "updateAccessibility", update)
    banner = MessageBanner()
    owned.append(banner)
    banner.show_message("The disk is full.", "Free some space.", level)
    await settled(banner)

    shown = banner.findChild(QLabel, "bannerIcon")
    assert shown is not None and shown.isVisible() and not shown.pixmap().isNull()
    expected = banner.style().standardIcon(icon, None, banner)
    assert shown.pixmap().toImage() == expected.pixmap(shown.pixmap().size()).toImage()
    assert heard == [f"{word}: The disk is full. Free some space."]
    said = heard_in(banner)
    assert f"{word}: The disk is full." in said
    assert sum(words.count(word) for words in said) == 1, said


async def test_the_jobs_line_of_the_status_bar_cut_short_is_heard_once_whole(
    bridge: Bridge, monkeypatch: pytest.MonkeyPatch, owned: list[QObject]
) -> None:
    """20 jobs running and 12 of a press being added, the line cut to the bar: a screen
    reader said its name, the whole line, then its description, which was its tooltip, the
    whole line again. It hears the line once, whole; with jobs waiting, why they wait after
    it."""
    engine = bridge.session.engine
    monkeypatch.setattr(type(engine), "active_count", property(lambda _engine: 20))
    jobs = ActiveJobsLabel(bridge)
    owned.append(jobs)
    jobs.set_on_their_way(12)
    jobs.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    jobs.show()
    whole = "20 jobs running  ·  12 jobs being added to the library…"
    jobs.resize(jobs.fontMetrics().horizontalAdvance(whole) // 2, jobs.sizeHint().height())
    await until(lambda: jobs.tip() != "")
    assert jobs.text() == whole and jobs.shown_text() != whole, "cut"
    said = QAccessible.queryAccessibleInterface(jobs)
    assert said.text(QAccessible.Text.Name) == whole
    assert said.text(QAccessible.Text.Description) == ""
    assert said.role() == QAccessible.Role.StaticText
    assert said.state().readOnly, "as Qt's own for a label"
    assert tip_shown(jobs).split() == whole.split(), "the tooltip still says it whole"
    monkeypatch.setattr(type(engine), "waiting_turn_count", property(lambda _engine: 8))
    jobs.recount()
    assert said.text(QAccessible.Text.Name).startswith("12 running, 8 waiting")
    assert said.text(QAccessible.Text.Description).startswith("Waiting its turn")


async def test_a_title_cut_short_is_heard_once_whole_as_qt_reads_a_label(
    owned: list[QObject],
) -> None:
    """The preview's and the full view's titles, cut with "…", show the whole title as their
    tooltip: a screen reader said the name, the whole title, then the description, which
    Qt takes from the tooltip where a widget has none, the whole title again. Each is heard
    once, whole, and described by nothing; the tooltip still shows it whole, and Qt's own
    interface for a label (its role, read-only state, language) still tells it."""
    whole = "The lighthouse keeper's last evening before the storm, painted in ink"
    preview_title = SelectableElidedLabel()
    preview_title.set_whole_text(whole)
    full_view_title = ElidedLabel()
    full_view_title.setText(whole)
    full_view_title.tip_whole_text()
    for title in (preview_title, full_view_title):
        owned.append(title)
        title.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        title.resize(title.fontMetrics().horizontalAdvance(whole) // 3, 30)
        title.show()
        await until(lambda title=title: title.isVisible())
        shown = title.text() if isinstance(title, SelectableElidedLabel) else title.shown_text()
        assert shown.endswith("…") and shown != whole, "cut"
        assert tip_shown(title) == plain_tooltip(whole)
        said = QAccessible.queryAccessibleInterface(title)
        assert said.text(QAccessible.Text.Name) == whole
        assert said.text(QAccessible.Text.Description) == ""
        assert said.role() == QAccessible.Role.StaticText and said.state().readOnly
        assert said.attributesInterface() is not None, "its language, as Qt's own tells it"


async def test_the_jobs_line_tells_a_screen_reader_its_language(
    bridge: Bridge, owned: list[QObject]
) -> None:
    """The jobs line was told by an interface of our own, which left out Qt's Locale
    attribute: a screen reader read "没有进行中的任务" in the voice of the desktop's
    language, not Chinese. Qt's own interface for a label tells it."""
    jobs = ActiveJobsLabel(bridge)
    owned.append(jobs)
    jobs.setLocale(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    attributes = QAccessible.queryAccessibleInterface(jobs).attributesInterface()
    assert attributes is not None
    assert QAccessible.Attribute.Locale in attributes.attributeKeys()
    assert attributes.attributeValue(QAccessible.Attribute.Locale).name() == "zh_CN"


async def test_the_reference_image_s_name_cut_short_is_heard_once_whole(
    bridge: Bridge, tmp_path: Path, owned: list[QObject]
) -> None:
    """The reference image's name on the Generate tab, cut in its middle in a narrow tab,
    shows the whole name as its tooltip: a screen reader said the name, then the
    description, which Qt takes from the tooltip, the name again; the empty slot's heading
    too. Each is heard once, whole, by Qt's own interface for a label."""
    tab = GenerateTab(bridge)
    owned.append(tab)
    tab.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    tab.resize(250, 800)
    tab.show()
    title = tab.slot.findChild(ElidedLabel, "referenceTitle")
    assert title is not None
    said = QAccessible.queryAccessibleInterface(title)
    heading = "Reference image (optional)"
    assert (said.text(QAccessible.Text.Name), said.text(QAccessible.Text.Description)) == (
        heading,
        "",
    )
    name = "the lighthouse keeper's last evening before the storm, painted in ink.png"
    tab.set_reference(str(write_png(tmp_path / name)))
    await until(lambda: tab.slot.state is SlotState.READY)
    await until(lambda: title.shown_text() != name)
    assert "…" in title.shown_text() and title.shown_text().endswith("ink.png"), "cut"
    assert tip_shown(title) == plain_tooltip(name)
    assert (said.text(QAccessible.Text.Name), said.text(QAccessible.Text.Description)) == (
        name,
        "",
    )
    assert said.role() == QAccessible.Role.StaticText and said.attributesInterface() is not None


async def test_the_status_bar_s_delete_and_publish_lines_are_heard_once(
    session: Session, bridge: Bridge, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Delete of 1 500 and three publishes under way: each line's tooltip says its words
    whole, and a screen reader said them twice, the line's name then its description,
    which Qt takes from the tooltip. Each is heard once; the tooltip still says it all."""
    window = await open_window(session, bridge)
    try:
        monkeypatch.setattr(bridge, "deletes_done", lambda: [DeletesDone(1500, 525, True, False)])
        bridge.deleting_changed.emit()
        controller = window.publishing
        monkeypatch.setattr(controller, "sending_count", lambda: 3)
        monkeypatch.setattr(controller, "waiting_count", lambda: 0)
        monkeypatch.setattr(controller, "overall_progress", lambda: (40, 100))
        monkeypatch.setattr(controller, "sending_finished", lambda: False)
        controller.totals_changed.emit()
        for line in (window.delete_activity, window.publish_activity):
            words = line.text()
            assert words.endswith("%"), words
            said = QAccessible.queryAccessibleInterface(line)
            assert (said.text(QAccessible.Text.Name), said.text(QAccessible.Text.Description)) == (
                words,
                "",
            )
            assert tip_shown(line) == plain_tooltip(words)
    finally:
        await close_window(window)
