"""The Upload tab driven like an artist would: drop files (one bad), give them titles and tags,
Publish, and find the good ones in the library and their exact bytes in the bucket (moto on
127.0.0.1) while the bad one keeps its reason on screen. Also: Add to library without R2, the
missing-settings path, a per-file publish error that can be retried, and Stop mid-transfer."""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import itertools
import json
import os
import shutil
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any, ClassVar

import pytest
import shiboken6
from moto.core.authorization import enable_iam_authentication
from PIL import Image
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAccessibleEvent,
    QFont,
    QFontInfo,
    QKeyEvent,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProxyStyle,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOption,
    QStyleOptionButton,
    QStyleOptionFrame,
    QWidget,
)

from kontext_studio import config, secrets
from kontext_studio.config import R2Settings
from kontext_studio.errors import (
    LibraryBusyError,
    PublishCancelledError,
    PublishCancelledUncleanError,
    PublishError,
    PublishServiceError,
    Refusal,
)
from kontext_studio.explain import explain
from kontext_studio.images import collect
from kontext_studio.jobs.states import JobState
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.publish import (
    Publisher,
    decode_metadata,
    forget_publication,
    imported_before,
    settings_location,
    transfer,
)
from kontext_studio.session import Session
from kontext_studio.store.details import MAX_TITLE_CHARS, DetailsEdit
from kontext_studio.store.ledger import Ledger, Snapshot
from kontext_studio.trash import move_to_trash
from kontext_studio.ui import handover as handovers
from kontext_studio.ui import (
    image_folder,
    publishing,
    reference_slot,
    thumbnail_label,
    translations,
    upload_batch,
    upload_row,
    upload_tab,
)
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.example_line_edit import spacing_in_names
from kontext_studio.ui.handover import Handover
from kontext_studio.ui.main_window import MainWindow
from kontext_studio.ui.notifications import BannerKind, MessageBanner
from kontext_studio.ui.plain_text import BREAK, isolated, left_to_right, plain_tooltip
from kontext_studio.ui.publishing import PublishController, PublisherFactory
from kontext_studio.ui.settings_dialog import KEY_UNCHANGED
from kontext_studio.ui.upload_items import ItemState, PendingUpload, UploadItem
from kontext_studio.ui.upload_row import UploadRow
from kontext_studio.ui.upload_summary import batch_summary
from kontext_studio.ui.upload_tab import UploadTab
from tests.fixtures import folders_past_the_limits
from tests.integration.test_publish import (
    CuttableLink,
    FreezingLink,
    SilentServer,
    StallingLink,
    slow_link_publisher,
)
from tests.ui.conftest import (
    a_turn,
    close_generate_tab,
    deletions,
    dialog_loop_running,
    open_generate_tab,
    settled,
    tip_shown,
    until,
)
from tests.ui.test_generate_tab import (
    actions_told_to_a_move,
    assert_remade_for_each_screen,
    drop_files,
)
from tests.ui.test_language import catalogue_cache, chinese  # noqa: F401  (fixtures)
from tests.ui.test_library import loaded_panel, stripes_png
from tests.ui.test_preview import render_at
from tests.ui.test_publishing import (
    ACCESS_KEY,
    SECRET,
    HeldAtTheEnd,
    HeldMidway,
    Publishers,
    answering_first,
    assert_bucket_empty,
    assert_settings_opened_at_r2,
    big_png,  # noqa: F401  (a fixture)
    clock,  # noqa: F401  (a fixture the one above takes)
    controller,  # noqa: F401  (a fixture)
    controller_with,  # noqa: F401  (a fixture the one above takes)
    deleted_by_a_command,
    fast_publisher,
    forget_button,
    held_at_the_end,
    held_midway,
    hold_transfers,
    imported,
    library_held_at_delete,
    message_boxes,
    no_r2_environment,  # noqa: F401  (an autouse fixture)
    noise_png,
    objects_in,
    point_r2_at,
    published_by_the_command_line,
    publishers,  # noqa: F401  (a fixture the one above takes)
    r2,  # noqa: F401  (a fixture)
    records_written_slowly,
    row_deleted_by_a_command,
)
from tests.ui.test_window import close_window, open_window
from tests.unit.test_location import phone_photo


@pytest.fixture
async def tab(
    bridge: Bridge,
    controller: PublishController,  # noqa: F811
    owned: list[QObject],
) -> AsyncIterator[UploadTab]:
    made = UploadTab(bridge, controller)
    owned.append(made)
    made.resize(420, 760)
    made.show()
    yield made
    await bridge.wait_idle()


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """Two good artworks (a PNG and a JPEG) and a PNG cut short."""
    folder = tmp_path / "finished"
    folder.mkdir()
    good_png = noise_png(folder / "harbour at dusk.png", (320, 200), seed=1)
    good_jpeg = folder / "山水.jpg"
    Image.new("RGB", (240, 160), (20, 110, 90)).save(good_jpeg, "JPEG", quality=92)
    broken = folder / "broken.png"
    broken.write_bytes(good_png.read_bytes()[:300])
    return {"png": good_png, "jpeg": good_jpeg, "broken": broken}


def drop(widget: UploadTab, paths: list[Path]) -> None:
    """A file manager's drag: the zone shows it while hovering, and takes the files."""

    def hovering() -> None:
        assert widget.drop_zone.property("dragging") is True

    assert drop_files(widget, *paths, during=hovering)
    assert widget.drop_zone.property("dragging") is False


def by_name(tab: UploadTab, name: str) -> UploadItem:
    (item,) = [item for item in tab.items if item.path.name == name]
    return item


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def uploaded(session: Session) -> list[Snapshot]:
    return [s for s in session.ledger.search() if s.source == "uploaded"]


async def test_the_empty_tab_teaches(tab: UploadTab) -> None:
    assert tab.pages.currentWidget() is tab.drop_zone
    assert "Drop finished artworks or a folder of them here" in [
        label.text() for label in tab.drop_zone.findChildren(type(tab.summary))
    ]
    assert "up to 50\u00a0MB and 50\u00a0megapixels" in tab.empty_text.text()
    assert "never re-encoded" in tab.empty_text.text()
    assert not tab.details.isVisible()
    assert not tab.publish_button.isEnabled() and not tab.add_button.isEnabled()


def drop_heading(tab: UploadTab) -> QFontInfo:
    """The font the empty tab's heading is shown in."""
    title = tab.drop_zone.findChild(QLabel, "uploadDropTitle")
    assert isinstance(title, QLabel)
    return QFontInfo(title.font())


async def test_the_drop_heading_is_as_it_was_at_the_default_font(tab: UploadTab) -> None:
    assert drop_heading(tab).pixelSize() == 15
    assert drop_heading(tab).weight() == QFont.Weight.DemiBold


async def test_at_24_pt_the_drop_heading_is_larger_than_the_text_under_it(
    huge_font: None, tab: UploadTab
) -> None:
    """Fixed at 15 px in the style sheet, it stayed that size at 24 pt: a heading half the
    height of the words it heads."""
    heading = drop_heading(tab).pixelSize()
    assert heading > QFontInfo(tab.empty_text.font()).pixelSize()
    assert heading == round(QFontInfo(tab.font()).pixelSize() * 15 / 12)


async def test_the_drop_heading_grows_with_a_font_set_while_the_tab_is_open(
    tab: UploadTab,
) -> None:
    large = QFont(tab.font())
    large.setPointSize(24)
    tab.setFont(large)  # the heading grows in the restyle turn after
    await until(lambda: drop_heading(tab).pixelSize() > QFontInfo(large).pixelSize())


async def test_the_empty_tab_s_buttons_have_the_names_of_the_buttons_under_it(
    tab: UploadTab,
) -> None:
    """The drop zone offered "Browse…" and "Choose a folder…" just above "Add files…" and
    "Add folder…", which do the same: two names for one thing had the artist wondering
    which to press. Named alike, the two pairs were shown one above the other (a screen
    reader, and Tab, went through both): those under the list come with the list."""
    zone = [button for button in tab.drop_zone.findChildren(QPushButton) if button.isVisible()]
    assert sorted(button.text() for button in zone) == sorted(
        [tab.browse_button.text(), tab.folder_button.text()]
    )
    shown = [button.text() for button in tab.findChildren(QPushButton) if button.isVisible()]
    assert shown.count("Add f&iles…") == 1 and shown.count("Add fo&lder…") == 1
    assert not tab.clear_button.isVisible()


async def test_drop_files_one_bad_then_publish_the_rest(
    tab: UploadTab,
    session: Session,
    bridge: Bridge,
    files: dict[str, Path],
    r2: str,  # noqa: F811
    admin: Any,
) -> None:
    announced: list[Snapshot] = []
    bridge.job_changed.connect(announced.append)
    drop(tab, [files["png"], files["broken"], files["jpeg"]])
    await until(lambda: len(tab.items) == 3)
    assert tab.pages.currentWidget() is tab.list_view
    assert [item.title for item in tab.items] == ["harbour at dusk", "broken", "山水"]
    await until(lambda: not tab.checking)

    bad = by_name(tab, "broken.png")
    assert bad.state is ItemState.REFUSED
    assert tab.row(bad).status.text() == (
        "The file is cut short or damaged. Export it again, or remove it from the list."
    )
    assert tab.row(bad).status.property("level") == "error"
    png = by_name(tab, "harbour at dusk.png")
    assert png.state is ItemState.READY
    detail = tab.row(png).detail.text()
    assert detail.startswith(left_to_right("320 × 200") + " · ")
    assert detail.endswith(" · harbour at dusk.png")
    assert tab.row(png).thumb.thumbnail is not None and not tab.row(png).thumb.thumbnail.isNull()

    # Details belong to the highlighted file; description and tags can go to all.
    tab.set_current(png.key)
    tab.title_edit.selectAll()
    QTest.keyClicks(tab.title_edit, "Harbour at dusk")
    tab.description_edit.setPlainText("Oil study, 2024")
    QTest.keyClicks(tab.tags_edit, "sea, dusk")
    tab.apply_all.click()
    assert by_name(tab, "山水.jpg").tags == "sea, dusk"
    assert bad.tags == "", "a refused file takes nothing"
    assert tab.row(png).title.text() == "Harbour at dusk"

    tab.publish_button.click()
    assert tab.busy and tab.stop_button.isVisible()
    await until(lambda: not tab.busy, timeout=30)

    rows = sorted(uploaded(session), key=lambda s: s.title)
    assert [(s.title, s.state, s.tags, bool(s.published_key)) for s in rows] == [
        ("Harbour at dusk", JobState.COMPLETED, "sea, dusk", True),
        ("山水", JobState.COMPLETED, "sea, dusk", True),
    ]
    assert rows[0].description == "Oil study, 2024"
    in_bucket = objects_in(admin, r2)
    assert len(in_bucket) == 4  # two images, two manifests
    for snap, source in ((rows[0], files["png"]), (rows[1], files["jpeg"])):
        assert in_bucket[snap.published_key] == source.read_bytes(), "never re-encoded"
        assert Path(snap.file_path).read_bytes() == source.read_bytes()
        assert snap.sha256 == sha(source)
        manifest = json.loads(in_bucket[snap.published_key.rsplit(".", 1)[0] + ".json"])
        assert manifest["title"] == snap.title and manifest["source"] == "uploaded"
    head = admin.head_object(Bucket=r2, Key=rows[1].published_key)
    assert decode_metadata(head["Metadata"])["title"] == "山水"
    assert sha(files["broken"]) not in "".join(in_bucket)
    assert {s.id for s in announced} >= {s.id for s in rows}, "the library heard of them"

    assert [item.path.name for item in tab.items] == ["broken.png"], "only the problem stays"
    assert tab.summary.text() == (
        "Published 2 artworks; they are in your library too. 1 file was not published (damaged)."
    )
    assert tab.summary.property("level") == "ok"
    assert not tab.publish_button.isEnabled()


async def test_files_shift_dragged_in_are_taken_as_copies_so_their_source_keeps_them(
    tab: UploadTab, files: dict[str, Path]
) -> None:
    """Accepted as the move a Shift+drag from Windows Explorer proposes, the drop told
    Explorer the artworks were moved, and it deleted them from the artist's folder."""
    copy = Qt.DropAction.CopyAction
    assert actions_told_to_a_move(tab, files["png"]) == [copy, copy]
    await until(lambda: [item.path for item in tab.items] == [files["png"]])
    await until(lambda: not tab.checking)


async def test_a_row_moved_to_a_2x_screen_gets_a_thumbnail_made_for_it(
    tab: UploadTab, tmp_path: Path
) -> None:
    """A row's thumbnail was made once, for the screen the window was on when the file was
    dropped: on a Retina screen it stayed stretched and blurred."""
    stripes = stripes_png(tmp_path / "stripes.png", 2 * upload_row.THUMB_SIDE)
    drop(tab, [stripes])
    await until(lambda: len(tab.items) == 1 and not tab.checking)
    row = tab.row(tab.items[0])
    await assert_remade_for_each_screen(row.thumb, upload_row.THUMB_SIDE)

    render_at(row.thumb, 2.0)
    await until(lambda: row.thumb.thumbnail.devicePixelRatio() == 2.0)
    tab.set_current(tab.items[0].key)
    tab.title_edit.end(False)
    QTest.keyClicks(tab.title_edit, " in blue")  # each keystroke shows the row again
    assert row.title.text() == "stripes in blue"
    assert row.thumb.thumbnail.devicePixelRatio() == 2.0  # not the one made for 1x


async def test_rows_remade_for_a_2x_screen_are_decoded_two_at_a_time(
    tab: UploadTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A move to a 2x screen re-makes every visible row's thumbnail at once, and a big PNG is
    decoded whole: in the shared thread pool that was six 50 MP decodes (~1.2 GB) at once,
    with the Upload tab's own checks waiting behind them."""
    stripes = [
        stripes_png(tmp_path / f"stripes{n}.png", 2 * upload_row.THUMB_SIDE) for n in range(6)
    ]
    drop(tab, stripes)
    await until(lambda: len(tab.items) == 6 and not tab.checking)
    real = thumbnail_label.decode_rgba
    running: list[int] = []
    most = [0]
    lock = threading.Condition()

    def slow_decode(*args: Any, **kwargs: Any) -> Any:
        with lock:
            running.append(1)
            most[0] = max(most[0], len(running))
            lock.notify_all()
            # Held until two decode at once: on a loaded machine the first could end before
            # the second began. Fewer allowed: most stays below, and the test fails.
            lock.wait_for(lambda: most[0] >= thumbnail_label.DECODERS, timeout=5)
        threading.Event().wait(0.1)  # the time for one too many to start beside them
        with lock:
            running.pop()
        return real(*args, **kwargs)

    monkeypatch.setattr(thumbnail_label, "decode_rgba", slow_decode)
    rows = [tab.row(item) for item in tab.items]
    for row in rows:
        render_at(row.thumb, 2.0)
    await until(lambda: all(row.thumb.thumbnail.devicePixelRatio() == 2.0 for row in rows))
    assert most[0] == thumbnail_label.DECODERS


def word_inked(thumb: QWidget) -> tuple[bool, bool]:
    """Whether ``thumb``'s word is drawn, and whether it reaches the square's sides (its
    three outer columns, between the rounded corners): there, it was cut."""
    image = thumb.grab().toImage()
    behind = image.pixelColor(image.width() // 2, 2)
    rows = range(6, image.height() - 6)

    def inked(columns: range) -> bool:
        return any(image.pixelColor(x, y) != behind for x in columns for y in rows)

    sides = inked(range(3)) or inked(range(image.width() - 3, image.width()))
    return inked(range(3, image.width() - 3)), sides


async def refused_thumb(tab: UploadTab, broken: Path) -> QWidget:
    """The thumbnail square of ``broken``'s row, once it is refused."""
    tab.add_files([broken])
    await until(lambda: not tab.checking)
    (item,) = tab.items
    assert item.state is ItemState.REFUSED
    return tab.row(item).thumb


async def test_at_a_large_font_a_refused_row_s_thumbnail_word_fits_its_square(
    large_font: None, tab: UploadTab, files: dict[str, Path]
) -> None:
    """At the app font 1.6x larger, "Refused" was wider than the row's 56 px square: it
    read "efused", cut at both sides."""
    thumb = await refused_thumb(tab, files["broken"])
    assert thumb.text() == "Refused"
    assert word_inked(thumb) == (True, False)


async def test_at_a_large_font_the_chinese_thumbnail_word_fits_its_square(
    large_font: None,
    chinese: translations.Installed,  # noqa: F811
    tab: UploadTab,
    files: dict[str, Path],
) -> None:
    thumb = await refused_thumb(tab, files["broken"])
    assert thumb.text() == "已拒绝"
    assert word_inked(thumb) == (True, False)


async def test_a_thumbnail_word_fits_again_once_its_font_grows(
    tab: UploadTab, files: dict[str, Path]
) -> None:
    """The word is fitted to the font the row has when it is drawn, not to the one it was
    shown in."""
    thumb = await refused_thumb(tab, files["broken"])
    assert word_inked(thumb) == (True, False)
    large = QFont(thumb.font())
    large.setPointSize(18)
    thumb.setFont(large)
    assert thumb.font().pointSize() == 18
    assert word_inked(thumb) == (True, False)


async def test_add_to_library_needs_no_r2_and_clears_the_list(
    tab: UploadTab, session: Session, files: dict[str, Path]
) -> None:
    ids: list[int] = []
    tab.imported.connect(lambda snapshot, _noted, _made: ids.append(snapshot.id))
    tab.add_files([files["png"], files["png"]])
    assert len(tab.items) == 1, "a file already listed is not listed twice"
    await until(lambda: not tab.checking)
    tab.add_button.click()
    await until(lambda: not tab.busy)

    (snap,) = uploaded(session)
    assert snap.title == "harbour at dusk" and snap.published_key == ""
    assert ids == [snap.id]
    assert tab.items == [] and tab.pages.currentWidget() is tab.drop_zone
    assert tab.summary.text() == (
        "Added 1 artwork to your library. Publish it from there any time."
    )


async def test_buttons_going_grey_leave_the_keyboard_on_add_files(
    session: Session, bridge: Bridge, files: dict[str, Path]
) -> None:
    """Clear list, and Add to library once its batch is done, go grey. The focus they had
    went on to the next widget of the window, the library's search box or the preview's
    Edit details, whose pane scrolled down to it: the artwork's title and why it failed went
    out of sight. It stays in the tab, on Add files…."""
    window = await open_window(session, bridge)
    tab = window.upload_tab
    window.tabs.setCurrentWidget(tab)
    try:
        tab.add_files([files["png"], files["broken"]])
        await until(lambda: not tab.checking)
        tab.clear_button.setFocus(Qt.FocusReason.TabFocusReason)
        assert tab.clear_button.hasFocus()
        QTest.keyClick(tab.clear_button, Qt.Key.Key_Space)
        assert tab.items == [] and not tab.clear_button.isEnabled()
        assert QApplication.focusWidget() is tab.drop_browse_button

        tab.add_files([files["png"]])
        await until(lambda: not tab.checking)
        tab.add_button.setFocus(Qt.FocusReason.TabFocusReason)
        QTest.keyClick(tab.add_button, Qt.Key.Key_Space)
        await until(lambda: not tab.busy)
        assert uploaded(session) and not tab.add_button.isEnabled()
        assert QApplication.focusWidget() is tab.drop_browse_button
    finally:
        await close_window(window)


def drawn_focused(widget: QWidget) -> bool:
    """Whether ``widget``, which has the focus, looks other than once the focus has left it
    (a style draws a button's focus only for a move it takes to be the keys')."""
    assert widget.hasFocus()
    focused = widget.grab().toImage()
    widget.clearFocus()
    return focused != widget.grab().toImage()


async def test_the_keyboard_left_on_add_files_by_a_removal_is_drawn_there(
    session: Session, bridge: Bridge, files: dict[str, Path]
) -> None:
    """Del on the last row, or Space on Clear list or Add to library, put the keyboard on
    Add files… with nothing drawn round it once a dialog had closed (the file dialog that
    listed the files): the move was made as a program's, which a style does not draw. So
    does Alt and Clear list's mark, pressed as Space presses it. A click on Clear list
    leaves it undrawn, as the mouse draws no focus."""
    window = await open_window(session, bridge)
    tab = window.upload_tab
    window.show()
    window.tabs.setCurrentWidget(tab)

    async def listed() -> None:
        tab.add_files([files["png"]])
        await until(lambda: not tab.checking)

    try:
        await listed()
        row = tab.row(tab.items[0])
        row.setFocus(Qt.FocusReason.ActiveWindowFocusReason)  # as the closed dialog does
        QTest.keyClick(row, Qt.Key.Key_Delete)
        assert tab.items == [] and QApplication.focusWidget() is tab.drop_browse_button
        assert drawn_focused(tab.drop_browse_button), "Del"

        await listed()
        tab.row(tab.items[0]).setFocus(Qt.FocusReason.ActiveWindowFocusReason)
        QTest.keyClick(tab.row(tab.items[0]), Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
        await until(lambda: tab.items == [])
        assert QApplication.focusWidget() is tab.drop_browse_button
        assert drawn_focused(tab.drop_browse_button), "Alt+R, Clear list's mark"

        await listed()
        tab.clear_button.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
        QTest.keyClick(tab.clear_button, Qt.Key.Key_Space)
        assert QApplication.focusWidget() is tab.drop_browse_button
        assert drawn_focused(tab.drop_browse_button), "Clear list"

        await listed()
        tab.add_button.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
        QTest.keyClick(tab.add_button, Qt.Key.Key_Space)
        assert QApplication.focusWidget() is tab.browse_button
        assert drawn_focused(tab.browse_button), "Add to library"
        tab.browse_button.setFocus(Qt.FocusReason.OtherFocusReason)
        await until(lambda: not tab.busy)
        assert QApplication.focusWidget() is tab.drop_browse_button
        assert drawn_focused(tab.drop_browse_button), "Add to library, done"

        tab.add_files([files["png"], files["jpeg"]])
        await until(lambda: not tab.checking)
        first = tab.row(tab.items[0])
        first.remove.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
        QTest.keyClick(first.remove, Qt.Key.Key_Space)
        assert QApplication.focusWidget() is tab.row(tab.items[0]), "its ✕: the next file"

        QTest.mouseClick(tab.clear_button, Qt.MouseButton.LeftButton)
        assert QApplication.focusWidget() is tab.drop_browse_button
        # Drawn as the button Enter presses (it is), not as where the keys are.
        assert not window.testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)
    finally:
        await close_window(window)


def looks_default(button: QPushButton) -> bool:
    """Whether the style is asked to draw ``button`` as the one Enter presses."""
    option = QStyleOptionButton()
    button.initStyleOption(option)
    return bool(option.features & QStyleOptionButton.ButtonFeature.DefaultButton)


async def test_only_the_button_enter_presses_looks_like_it(
    session: Session, bridge: Bridge, files: dict[str, Path]
) -> None:
    """Publish kept the default button's outline beside the focus frame of the row the
    keyboard was on: two things looked focused, and Enter there published nothing. Enter
    presses the focused button of the tab, as Space does, and only that one looks it."""
    window = await open_window(session, bridge)
    tab = window.upload_tab
    window.show()
    window.tabs.setCurrentWidget(tab)
    pressed: list[str] = []
    try:
        tab.add_files([files["png"]])
        await until(lambda: not tab.checking)
        for button in (tab.clear_button, tab.add_button, tab.publish_button):
            button.clicked.disconnect()
            button.clicked.connect(lambda _checked=False, b=button: pressed.append(b.text()))
        row = tab.row(tab.items[0])
        row.setFocus(Qt.FocusReason.TabFocusReason)
        QTest.keyClick(row, Qt.Key.Key_Return)
        assert pressed == [], "Enter on a file publishes nothing"
        assert not any(looks_default(b) for b in tab.findChildren(QPushButton))
        for button in (tab.add_button, tab.publish_button):
            button.setFocus(Qt.FocusReason.TabFocusReason)
            assert [b for b in tab.findChildren(QPushButton) if looks_default(b)] == [button]
            QTest.keyClick(button, Qt.Key.Key_Return)
        assert pressed == ["Add to li&brary", "&Publish"]
    finally:
        await close_window(window)


async def upload_tab_in_front(session: Session, bridge: Bridge) -> tuple[MainWindow, UploadTab]:
    """The window shown and active, on its Upload tab: the keys go to it."""
    window = await open_window(session, bridge)
    window.show()
    window.activateWindow()
    window.tabs.setCurrentWidget(window.upload_tab)
    return window, window.upload_tab


async def test_enter_held_on_a_button_presses_it_once(
    session: Session, bridge: Bridge, files: dict[str, Path]
) -> None:
    """Enter held on Add to library: its repeats pressed Add files…, which the keyboard was
    handed to as the batch began, and the file dialog opened over the artist."""
    window, tab = await upload_tab_in_front(session, bridge)
    added: list[bool] = []
    opened: list[bool] = []
    tab.add_button.clicked.connect(lambda: added.append(True))
    tab.browse_button.clicked.disconnect()
    tab.browse_button.clicked.connect(lambda: opened.append(True))
    done: list[bool] = []
    try:
        tab.add_files([files["png"], files["jpeg"]])
        await until(lambda: not tab.checking)
        tab.add_button.setFocus(Qt.FocusReason.TabFocusReason)
        await until(lambda: QApplication.focusWidget() is tab.add_button)
        enter_held(window, lambda: done.append(True))
        await until(lambda: done)
        assert added == [True] and opened == []
        await until(lambda: not tab.busy)
    finally:
        await close_window(window)


def enter_held(window: QWidget, then: Callable[[], None]) -> None:
    """Enter held down and let go, each of its events sent to the widget with the focus at
    that moment, as the system sends keys, on a turn of Qt's loop of its own: a question a
    press opens runs its own loop, which gets the events after. Then ``then``, on a turn of
    its own too, the question opened by the release (if one was) still open. A question
    closed, ``window`` is active again, as the window manager makes it."""
    return_key, plain = Qt.Key.Key_Return, Qt.KeyboardModifier(0)

    def focused() -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None
        return widget

    steps: list[Callable[[], object]] = [
        lambda: QTest.keyPress(focused(), return_key),
        *(
            lambda: QApplication.sendEvent(
                focused(), QKeyEvent(QEvent.Type.KeyPress, return_key, plain, "", True)
            )
            for _ in range(3)
        ),
        lambda: QTest.keyRelease(focused(), return_key),
        then,
    ]

    def step() -> None:
        question = QApplication.activeModalWidget()
        active = QApplication.activeWindow()
        if active is None or (question is not None and active is not question):
            if active is None and question is None:
                window.activateWindow()
            QTimer.singleShot(0, step)  # the keys go to a window once it is active
            return
        act = steps.pop(0)
        if steps:
            QTimer.singleShot(0, step)
        act()

    QTimer.singleShot(0, step)


async def test_enter_held_leaves_the_question_its_button_asks_to_the_artist(
    session: Session, bridge: Bridge, files: dict[str, Path]
) -> None:
    """Enter pressed Apply to all files as it went down, and the question it asks ("Replace
    them with this file's?") got the key's repeats: held a moment, Enter answered it
    Cancel itself, and the box flashed and went. Enter presses a button as Space does: as
    it is let go, the question then waiting for the artist."""
    window, tab = await upload_tab_in_front(session, bridge)
    asked: list[bool] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        asked.append(isinstance(box, QMessageBox))
        if isinstance(box, QMessageBox):
            (replace,) = [b for b in box.buttons() if b.text() == "&Replace"]
            replace.click()

    try:
        tab.add_files([files["png"], files["jpeg"]])
        await until(lambda: not tab.checking)
        png, jpeg = by_name(tab, "harbour at dusk.png"), by_name(tab, "山水.jpg")
        tab.set_current(jpeg.key)
        QTest.keyClicks(tab.tags_edit, "ink, mountains")
        tab.set_current(png.key)
        QTest.keyClicks(tab.tags_edit, "sea, dusk")
        tab.apply_all.setFocus(Qt.FocusReason.TabFocusReason)
        await until(lambda: QApplication.focusWidget() is tab.apply_all)
        enter_held(window, answer)
        # Replace, clicked, acts once the question's loop is over, not as it hides.
        await until(lambda: asked and not dialog_loop_running())
        assert asked == [True], "the question waits for the artist's answer"
        assert jpeg.tags == "sea, dusk"
    finally:
        await close_window(window)


async def test_a_window_closed_by_a_test_inside_a_question_lets_the_question_end_first(
    session: Session, bridge: Bridge
) -> None:
    """The test's task goes on inside a question's loop: the one above, ended early by its
    first assertion (Replace clicked, the box hidden, its ``exec`` not yet returned), deleted
    the window under the box, and ``confirm`` raised in Qt's loop on the deleted box."""
    window, tab = await upload_tab_in_front(session, bridge)
    answers: list[bool] = []
    QTimer.singleShot(0, lambda: answers.append(tab.confirm("Apply to all files", "?", "&Go")))
    await until(lambda: dialog_loop_running())  # this task's steps now run inside it
    await close_window(window)
    assert answers == [False], "dismissed as its Cancel would"


async def test_files_added_below_the_rows_in_sight_are_scrolled_into_sight(
    tab: UploadTab, tmp_path: Path
) -> None:
    """Add files… (or a drop) on a list longer than the tab lists the new files at its
    end. Before, the list stayed where it was: a file added below the rows in sight came
    with nothing in the tab changing, as if the choice had been lost."""
    first = [noise_png(tmp_path / f"sketch {n}.png", (60, 40), seed=n) for n in range(10)]
    tab.add_paths(first)
    await until(lambda: len(tab.items) == 10 and not tab.checking)
    tab.list_view.verticalScrollBar().setValue(0)
    assert tab.row(tab.items[-1]).visibleRegion().isEmpty(), "the list is longer than the tab"

    tab.add_paths([noise_png(tmp_path / "late.png", (60, 40), seed=11)])
    await until(lambda: len(tab.items) == 11 and not tab.checking)
    late = tab.row(by_name(tab, "late.png"))
    assert late.visibleRegion().boundingRect() == late.rect()
    assert tab.file_label.text() == "sketch 0.png", "the file whose details are typed stays"


async def test_one_file_reached_by_other_paths_is_listed_once(
    tab: UploadTab, files: dict[str, Path], tmp_path: Path
) -> None:
    """Before, a link to a listed file, or the same file by a path through "..", was listed
    again, and added twice to the batch."""
    png = files["png"]
    link = tmp_path / "link to harbour.png"
    link.symlink_to(png)
    around = png.parent / ".." / png.parent.name / png.name
    drop(tab, [png, link])
    await until(lambda: not tab.checking)
    assert [item.path for item in tab.items] == [png], "the first path stays"
    assert not tab.summary.isVisible(), "nothing to say when new files came too"

    tab.add_paths([around, link])
    await until(lambda: not tab.checking)
    assert [item.path for item in tab.items] == [png]
    assert tab.summary.isVisible()
    assert tab.summary.text() == "These files are already in the list."

    drop(tab, [link, files["jpeg"]])
    await until(lambda: not tab.checking)
    assert [item.path.name for item in tab.items] == ["harbour at dusk.png", "山水.jpg"]
    assert not tab.summary.isVisible()

    drop(tab, [files["jpeg"]])
    await until(lambda: not tab.checking)
    assert tab.summary.text() == "This file is already in the list."


def copies_of(image: Path, folder: Path, count: int) -> list[Path]:
    """``count`` byte-identical copies of ``image`` under other names (v1, v2, ...)."""
    copies = [folder / f"{image.stem}_v{n}{image.suffix}" for n in range(1, count + 1)]
    for copy in copies:
        shutil.copyfile(image, copy)
    return copies


async def run_batch(tab: UploadTab, files: list[Path], button: QPushButton) -> None:
    """List ``files``, then press ``button`` (Add to library or Publish) once they are checked."""
    tab.add_files(files)
    await until(lambda: not tab.checking)
    button.click()
    await until(lambda: not tab.busy)


async def test_files_the_library_holds_already_are_not_counted_as_added(
    tab: UploadTab, session: Session, files: dict[str, Path], tmp_path: Path
) -> None:
    """Before, three copies of one image said "Added 3 artworks" for one new row."""
    copies = copies_of(files["png"], tmp_path, 3)
    await run_batch(tab, copies, tab.add_button)
    assert len(uploaded(session)) == 1
    assert tab.summary.text() == (
        "Added 1 artwork to your library. Publish it from there any time. "
        "2 images were copies of artworks in your library."
    )

    tab.add_files(copies[:1])
    await until(lambda: not tab.checking)
    assert tab.row(tab.items[0]).status.text() == "Already in your library"
    assert not tab.add_button.isEnabled(), "nothing to add"


async def test_a_file_the_library_holds_says_so_when_listed_and_add_leaves_it_out(
    tab: UploadTab, bridge: Bridge, session: Session, files: dict[str, Path]
) -> None:
    """Before, a file the library held read "Ready" like any other, and Add found it out:
    "Nothing added: these 3 images are in your library already." Its hash, taken when it is
    checked, finds it in the library: its row says so, its details are the library's (not
    to be typed anew), and Add to library leaves it out; Publish still publishes it. Once
    its artwork is deleted from the library, it is a file to add again."""
    artwork = imported(session, files["png"])
    tab.add_files([files["png"], files["jpeg"]])
    await until(lambda: not tab.checking)
    held = by_name(tab, "harbour at dusk.png")
    assert tab.row(held).status.text() == "Already in your library"
    tab.set_current(held.key)
    assert not tab.title_edit.isEnabled()

    tab.add_button.click()
    await until(lambda: not tab.busy)
    assert tab.summary.text() == "Added 1 artwork to your library. Publish it from there any time."
    assert tab.items == [held]
    assert not tab.add_button.isEnabled() and tab.publish_button.isEnabled()

    await session.engine.delete(artwork.id)
    bridge.job_deleted.emit(artwork.id)  # as the library's Delete does
    assert tab.row(held).status.text() == "Ready"
    assert tab.add_button.isEnabled() and tab.title_edit.isEnabled()


@pytest.mark.parametrize("kind", ["WEBP", "PNG"])
async def test_an_animated_file_s_row_says_only_its_first_frame_is_shown(
    tab: UploadTab, tmp_path: Path, kind: str
) -> None:
    """An animated WebP or PNG was listed "Ready", and the tile and the preview showed its
    first frame alone, as if the animation had been lost: its row says so once."""
    path = tmp_path / f"flicker.{kind.lower()}"
    frames = [Image.new("RGB", (32, 24), colour) for colour in ("red", "blue")]
    frames[0].save(path, kind, save_all=True, append_images=frames[1:], duration=100)
    still = noise_png(tmp_path / "still.png", (32, 24), seed=5)
    tab.add_files([path, still])
    await until(lambda: not tab.checking)
    animated, unmoving = tab.items
    assert tab.row(animated).status.text() == (
        "Animated: only its first frame is shown here; it is kept whole."
    )
    assert tab.row(unmoving).status.text() == "Ready"


async def test_an_artwork_deleted_while_its_file_is_looked_up_leaves_the_file_to_add(
    tab: UploadTab,
    bridge: Bridge,
    session: Session,
    files: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A big drop is checked file by file while the artist goes on in the library. Before,
    the artwork a file's lookup found, deleted (and told deleted) before the lookup's answer
    came back, made the row say "Already in your library" for good: Add to library stayed
    grey for a file the library no longer held."""
    artwork = imported(session, files["png"])
    found, answer = threading.Event(), threading.Event()

    def looked_up(ledger: Ledger, info: Any) -> Snapshot | None:
        held = imported_before(ledger, info)
        found.set()
        answer.wait(10)
        return held

    monkeypatch.setattr("kontext_studio.ui.upload_tab.imported_before", looked_up)
    tab.add_files([files["png"]])
    await until(found.is_set)
    await session.engine.delete(artwork.id)
    bridge.job_deleted.emit(artwork.id)  # as the library's Delete does
    answer.set()
    await until(lambda: not tab.checking)

    (item,) = tab.items
    assert tab.row(item).status.text() == "Ready"
    assert tab.add_button.isEnabled()


async def test_a_held_file_whose_artwork_a_delete_trashed_can_be_added_back(
    tab: UploadTab, bridge: Bridge, session: Session, files: dict[str, Path]
) -> None:
    """A Delete that trashed an artwork's image but could not remove its row (another
    program held the library) leaves it noted so. A listed file the library held kept
    saying "Already in your library", Add to library grey: the artist could not bring the
    image back. It is a file to add again, and Add puts the image back in the library."""
    artwork = imported(session, files["png"])
    tab.add_files([files["png"]])
    await until(lambda: not tab.checking)
    (item,) = tab.items
    assert tab.row(item).status.text() == "Already in your library"

    noted = session.ledger.note(artwork.id, trashed_at=time.time())
    move_to_trash(Path(artwork.file_path))
    bridge.job_changed.emit(noted)  # as the engine tells of the Delete's note
    assert tab.row(item).status.text() == "Ready"
    assert tab.add_button.isEnabled()

    tab.add_button.click()
    await until(lambda: not tab.busy)
    (back,) = uploaded(session)
    assert back.id == artwork.id and back.trashed_at is None
    assert Path(back.file_path).is_file()


async def test_adding_the_original_again_brings_a_deleted_library_file_back(
    tab: UploadTab, bridge: Bridge, session: Session, files: dict[str, Path], owned: list[Any]
) -> None:
    """The library's copy was deleted in a file manager: the tile said the file is missing.
    Before, adding the original again said only "Nothing added: this image is in your
    library already", and the artwork stayed without its image."""
    await run_batch(tab, [files["png"]], tab.add_button)
    (kept,) = uploaded(session)
    Path(kept.file_path).unlink()
    panel = await loaded_panel(bridge, owned)
    panel.publish_enabled = True
    panel.show()
    panel.select_job(kept.id)
    await until(lambda: panel.model.file_missing(panel.model.snapshot(0)))
    assert not panel.commands["publish"].isEnabled()

    await run_batch(tab, [files["png"]], tab.add_button)
    (back,) = uploaded(session)
    assert back.id == kept.id and Path(back.file_path).read_bytes() == files["png"].read_bytes()
    assert tab.summary.text() == (
        "Nothing added: this image is in your library already. "
        "1 artwork in your library had lost its image file: it has it back."
    )
    await until(lambda: not panel.model.file_missing(panel.model.snapshot(0)))
    await until(lambda: panel.commands["publish"].isEnabled())


async def test_the_summary_says_how_many_photos_had_their_location_left_out(
    tab: UploadTab, session: Session, files: dict[str, Path], tmp_path: Path
) -> None:
    """The library's copy of a phone photo has no GPS position, so a publish does not show
    where it was taken: the artist is told, once, for the photos that had one."""
    photos = [tmp_path / "beach.jpg", tmp_path / "street.webp"]
    photos[0].write_bytes(phone_photo("JPEG"))
    photos[1].write_bytes(phone_photo("WEBP"))

    await run_batch(tab, [*photos, files["png"]], tab.add_button)

    assert len(uploaded(session)) == 3
    assert tab.summary.text() == (
        "Added 3 artworks to your library. Publish them from there any time. Left out the "
        "GPS locations of 2 photos (where they were taken); your files keep them."
    )
    tab.add_files(photos[:1])
    await until(lambda: not tab.checking)
    assert tab.row(tab.items[0]).status.text() == "Already in your library"
    tab.clear_list()
    (beach,) = (snap for snap in uploaded(session) if snap.title == "beach")
    Path(beach.file_path).unlink()
    await run_batch(tab, photos[:1], tab.add_button)
    assert tab.summary.text() == (
        "Nothing added: this image is in your library already. 1 artwork in your library "
        "had lost its image file: it has it back. Left out the GPS location of 1 photo "
        "(where it was taken); your file keeps it."
    )


async def test_publishing_copies_of_one_image_counts_one_artwork(
    tab: UploadTab,
    session: Session,
    files: dict[str, Path],
    tmp_path: Path,
    r2: str,  # noqa: F811
    admin: Any,
) -> None:
    await run_batch(tab, copies_of(files["png"], tmp_path, 3), tab.publish_button)
    assert len(uploaded(session)) == 1
    assert tab.summary.text() == (
        "Published 1 artwork; it is in your library too. "
        "2 images were copies of artworks in your library."
    )


def held_lookups(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Hold each check's look in the library for its file (the file "Checking…") until the
    test sets the event returned."""
    answer = threading.Event()

    def looked_up(ledger: Ledger, info: Any) -> Snapshot | None:
        answer.wait(10)
        return imported_before(ledger, info)

    monkeypatch.setattr("kontext_studio.ui.upload_tab.imported_before", looked_up)
    return answer


def type_details(tab: UploadTab, title: str, tags: str) -> None:
    """Type ``title`` and ``tags`` for the current file, as the artist does."""
    for edit, words in ((tab.title_edit, title), (tab.tags_edit, tags)):
        assert edit.isEnabled()
        edit.selectAll()
        QTest.keyClicks(edit, words)


async def test_details_typed_while_a_file_is_checked_are_said_not_used_if_the_library_has_it(
    tab: UploadTab, session: Session, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big drop is checked file by file, and the artist types titles meanwhile. Before,
    what was typed for a file the check then found in the library was replaced by the
    library's details without a word. Typing stays open while "Checking…" (most files
    are not in the library, and a drop's last one is checked minutes later); a file the
    library has says that its details there are kept, not the ones typed."""
    artwork = imported(session, files["png"])
    answer = held_lookups(monkeypatch)
    (item,) = tab.add_files([files["png"]])
    assert tab.row(item).status.text() == "Checking…"
    type_details(tab, "Blue Sunset Study", "sky, study")
    answer.set()
    await until(lambda: not tab.checking)

    assert tab.row(item).status.text() == (
        "Already in your library\n"
        "Its title, description and tags there are kept, not the ones typed here."
    )
    assert tab.title_edit.text() == artwork.title and not tab.title_edit.isEnabled()


async def test_a_file_the_library_has_whose_details_are_typed_alike_says_nothing_was_lost(
    tab: UploadTab, session: Session, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only words that were typed and differ from the library's are said not used."""
    artwork = imported(session, files["png"])
    answer = held_lookups(monkeypatch)
    (item,) = tab.add_files([files["png"]])
    type_details(tab, artwork.title, artwork.tags)
    answer.set()
    await until(lambda: not tab.checking)
    assert tab.row(item).status.text() == "Already in your library"


async def test_publishing_a_file_the_library_holds_says_what_was_typed_was_not_applied(
    tab: UploadTab,
    session: Session,
    files: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    r2: str,  # noqa: F811
    admin: Any,
) -> None:
    """Before, publishing a file already in the library with a new title and tags typed
    said only "Published 1 artwork; it is in your library too.": the title and tags were
    dropped without a word (Add to library says so: "Nothing added: ... already")."""
    artwork = imported(session, files["png"])
    answer = held_lookups(monkeypatch)
    tab.add_files([files["png"]])
    type_details(tab, "Blue Sunset Study", "sky, study")
    answer.set()
    await until(lambda: not tab.checking)

    tab.publish_button.click()
    await until(lambda: not tab.busy)
    assert tab.summary.text() == (
        "Published 1 artwork; it is in your library too. It was in your library already: "
        "its title, description and tags there were kept, not the ones typed here."
    )
    kept = session.ledger.get(artwork.id)
    assert kept is not None and kept.published_key and kept.title == artwork.title


async def test_a_file_the_library_holds_whose_first_publish_failed_says_so_once_published(
    tab: UploadTab,
    controller: PublishController,  # noqa: F811
    session: Session,
    files: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    r2: str,  # noqa: F811
    publishers: Publishers,  # noqa: F811
) -> None:
    """A file the library held, a title typed for it while it was checked; its first
    publish failed. Before, the Publish that then published it said only "Published 1
    artwork; it is in your library too.", as of a file this list had added with what was
    typed for it: nothing said that the library's title went, not the one typed."""
    artwork = imported(session, files["png"])
    answer = held_lookups(monkeypatch)
    tab.add_files([files["png"]])
    type_details(tab, "Blue Sunset Study", "sky, study")
    answer.set()
    await until(lambda: not tab.checking)
    publishers.make = answering_first(400, "EntityTooLarge")
    tab.publish_button.click()
    await until(lambda: not tab.busy)
    assert tab.summary.text() == (
        "Nothing was published: see the reasons in the list. 1 image was in your library already."
    )

    tab.publish_button.click()
    await until(lambda: not tab.busy)
    assert tab.summary.text() == (
        "Published 1 artwork; it is in your library too. It was in your library already: "
        "its title, description and tags there were kept, not the ones typed here."
    )
    kept = session.ledger.get(artwork.id)
    assert kept is not None and kept.published_key and kept.title == artwork.title


async def test_publishing_a_file_the_library_holds_with_nothing_typed_says_it_went_as_it_is_there(
    tab: UploadTab,
    session: Session,
    files: dict[str, Path],
    r2: str,  # noqa: F811
    admin: Any,
) -> None:
    """Its details were the library's from the moment it was listed, greyed out: nothing
    could be typed. Before, the summary still said they were "kept, not the ones typed
    here"."""
    imported(session, files["png"])
    await run_batch(tab, [files["png"]], tab.publish_button)
    assert tab.summary.text() == (
        "Published 1 artwork; it is in your library too. It was in your library already, "
        "and was published with its title, description and tags there."
    )


async def test_a_publish_of_files_the_library_holds_says_for_how_many_typed_words_went_unused(
    bridge: Bridge,
    controller: PublishController,  # noqa: F811
    session: Session,
    tmp_path: Path,
) -> None:
    """Three files the library held published at once, words typed for one of them while
    it was checked: that one is said, not all three."""
    paths = [noise_png(tmp_path / f"held{n}.png", (40, 30), seed=n) for n in range(3)]
    batch = upload_batch.UploadBatch(bridge, controller, lambda item: None, publish=True)
    for key, path in enumerate(paths, 1):
        item = UploadItem(key, path, collect.file_identity(path), title=path.stem)
        item.snapshot = imported(session, path)
        batch.done.append(item)
    batch.newest = max(item.snapshot.id for item in batch.done if item.snapshot is not None)
    assert batch_summary(batch, 0, 0, []) == (
        "Published 3 artworks; they are in your library too. 3 were in your library "
        "already: they were published with their titles, descriptions and tags there."
    )
    first = batch.done[0].snapshot
    assert first is not None
    batch.typed_over = {first.id}
    assert batch_summary(batch, 0, 0, []).endswith(
        "they were published with their titles, descriptions and tags there. "
        "What was typed here for 1 of them was not used."
    )


async def test_publish_without_settings_offers_them_and_imports_nothing(
    tab: UploadTab,
    controller: PublishController,  # noqa: F811
    session: Session,
    files: dict[str, Path],
) -> None:
    offers: list[str] = []
    controller.setup_needed.connect(lambda message, _hint, _in_settings: offers.append(message))
    await run_batch(tab, [files["jpeg"]], tab.publish_button)
    assert offers == ["Open Settings → Publishing (R2) and fill in the empty fields."]
    assert uploaded(session) == []
    assert by_name(tab, "山水.jpg").state is ItemState.READY


async def test_a_publish_error_keeps_the_file_and_a_retry_publishes_it(
    tab: UploadTab,
    session: Session,
    files: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
    bucket: str,
    admin: Any,
) -> None:
    """Nothing listens on port 9 (an endpoint mistyped, a server down): the first file
    cannot reach R2, and the batch stops there. Before, the second was added to the library
    and tried too, to fail alike. Both stay listed, and go once R2 is reached."""
    point_r2_at(monkeypatch, "http://127.0.0.1:9", bucket)
    await run_batch(tab, [files["png"], files["jpeg"]], tab.publish_button)

    met, untried = tab.items
    assert met.state is ItemState.FAILED
    assert (
        tab.row(met)
        .status.text()
        .startswith("In the library, not published. The R2 endpoint cannot be reached.")
    )
    assert untried.state is ItemState.NOT_STARTED and untried.snapshot is None
    assert len(uploaded(session)) == 1, "the file not tried was not copied in"
    assert tab.summary.text() == (
        "Nothing was published: see the reasons in the list. 1 artwork was added to your "
        "library. The R2 endpoint cannot be reached. Cause: cannot reach 127.0.0.1:9 "
        "(nothing answered at that address). Check the network, and "
        "KONTEXT_STUDIO_R2_ENDPOINT in the environment; after changing the environment, "
        "start Kontext Studio again, which reads the environment only as it starts. 1 file "
        "was not started: it is still listed, ready to publish again."
    )
    # The row's words and the summary's agree: before, "Not started" there, "not tried" here.
    assert tab.row(untried).status.text() == "Not started: stopped before this file."

    point_r2_at(monkeypatch, s3_endpoint, bucket)
    tab.publish_button.click()
    await until(lambda: not tab.busy, timeout=30)
    assert tab.items == []
    assert len(uploaded(session)) == 2, "publishing again imports nothing twice"
    assert all(s.published_key for s in uploaded(session))
    assert len(objects_in(admin, bucket)) == 4


async def test_add_to_library_is_grey_for_a_file_a_failed_publish_added(
    tab: UploadTab,
    session: Session,
    files: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before, Add to library stayed enabled for a file the failed Publish had added to the
    library: pressed, it had nothing to add. A file listed since is added alone."""
    point_r2_at(monkeypatch, "http://127.0.0.1:9", "no-such-bucket")
    await run_batch(tab, [files["png"]], tab.publish_button)
    (failed,) = tab.items
    assert failed.state is ItemState.FAILED and len(uploaded(session)) == 1
    assert not tab.add_button.isEnabled()
    assert tab.publish_button.isEnabled()

    await run_batch(tab, [files["jpeg"]], tab.add_button)
    assert len(uploaded(session)) == 2
    assert tab.items == [failed] and failed.state is ItemState.FAILED
    assert not tab.add_button.isEnabled()


async def test_a_file_in_the_library_but_not_published_stays_listed_across_a_switch_and_a_restart(
    tab: UploadTab,
    bridge: Bridge,
    controller: PublishController,  # noqa: F811
    owned: list[QObject],
    session: Session,
    files: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
    bucket: str,
) -> None:
    """A publish failed: the file is in the library, not published. Before, a switch of
    mode (or a restart) dropped its row, and with it the word that it was not published and
    the way to publish it. Now the next window lists it again, saying it is in the library
    and ready to publish, and its Publish publishes that artwork, adding no second copy."""
    point_r2_at(monkeypatch, "http://127.0.0.1:9", "no-such-bucket")
    (item,) = tab.add_files([files["png"]])
    item.title = "Harbour at dusk"
    await until(lambda: not tab.checking)
    tab.publish_button.click()
    await until(lambda: not tab.busy)
    (artwork,) = uploaded(session)
    assert item.state is ItemState.FAILED

    work = Handover(0, GenerateRequest(prompt=""), None, tuple(tab.pending()))
    saved = tmp_path / "unsent-work.json"
    handovers.keep(work, saved)  # a restart reads the work back from the data folder
    taken_over = handovers.load(saved)
    assert taken_over is not None
    assert taken_over.uploads == (
        PendingUpload(files["png"], "Harbour at dusk", "", "", artwork.id),
    )

    after = UploadTab(bridge, controller)
    owned.append(after)
    after.show()
    after.restore_pending(taken_over.uploads)
    await until(lambda: len(after.items) == 1 and not after.checking)
    (listed,) = after.items
    assert after.row(listed).status.text() == "In the library, not published: ready to publish."
    assert after.title_edit.text() == "Harbour at dusk"

    point_r2_at(monkeypatch, s3_endpoint, bucket)
    after.publish_button.click()
    await until(lambda: not after.busy, timeout=30)
    assert after.items == []
    (published,) = uploaded(session)
    assert published.id == artwork.id
    assert published.published_key


async def test_a_restored_row_shows_the_details_edited_in_the_library_meanwhile(
    tab: UploadTab,
    bridge: Bridge,
    controller: PublishController,  # noqa: F811
    owned: list[QObject],
    session: Session,
    files: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A file copied into the library, its publish failed; its title and tags were then
    edited in the library. Before, the row the next window (a switch of mode, a restart)
    listed again showed those typed on the Upload tab, while Publish sends the library's.
    It shows the library's, and follows a later edit there too."""
    point_r2_at(monkeypatch, "http://127.0.0.1:9", "no-such-bucket")
    (item,) = tab.add_files([files["png"]])
    item.title, item.tags = "Harbour at dusk", "sea"
    await until(lambda: not tab.checking)
    tab.publish_button.click()
    await until(lambda: not tab.busy)
    (artwork,) = uploaded(session)
    pending = tab.pending()
    session.ledger.update(artwork.id, title="Harbour at night", tags="sea, night")

    after = UploadTab(bridge, controller)
    owned.append(after)
    after.show()
    after.restore_pending(pending)
    await until(lambda: len(after.items) == 1 and not after.checking)
    (listed,) = after.items
    after.set_current(listed.key)
    assert after.row(listed).title.text() == "Harbour at night"
    assert after.title_edit.text() == "Harbour at night"
    assert after.tags_edit.text() == "sea, night"

    bridge.job_changed.emit(session.ledger.update(artwork.id, title="Harbour at dawn"))
    assert after.row(listed).title.text() == "Harbour at dawn"
    assert after.title_edit.text() == "Harbour at dawn"


async def listed_again_one_at_a_time(
    bridge: Bridge,
    controller: PublishController,  # noqa: F811
    owned: list[QObject],
    session: Session,
    files: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    meanwhile: Callable[[Snapshot], None],
) -> UploadTab:
    """A PNG's and a JPEG's rows listed again after a switch of mode, a row per turn, with
    ``meanwhile(the JPEG's artwork)`` done once the JPEG's artwork was read and its row is
    still to list; the tab once both rows are listed."""
    png, jpeg = imported(session, files["png"]), imported(session, files["jpeg"])
    pending = [
        PendingUpload(files["png"], png.title, "", "", png.id),
        PendingUpload(files["jpeg"], jpeg.title, "", "", jpeg.id),
    ]
    monkeypatch.setattr(upload_tab, "ROWS_PER_TURN", 1)
    after = UploadTab(bridge, controller)
    owned.append(after)
    listing = after._list

    def list_then(turn: Any) -> list[UploadItem]:
        listed = listing(turn)
        if len(after.items) == 1:  # the second's artwork was read, its row still to list
            meanwhile(jpeg)
        return listed

    monkeypatch.setattr(after, "_list", list_then)
    after.show()
    after.restore_pending(pending)
    await until(lambda: len(after.items) == 2 and not after.checking)
    return after


@pytest.mark.parametrize("change", ["edited", "deleted"])
async def test_a_change_in_the_library_while_the_rows_are_listed_again_is_not_lost(
    change: str,
    tab: UploadTab,
    bridge: Bridge,
    controller: PublishController,  # noqa: F811
    owned: list[QObject],
    session: Session,
    files: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The rows a switch of mode lists again come a few at a time, their artworks read from
    the library first. An artwork edited in the library (or deleted) after that read and
    before its row came was listed as read: its old title, or a gone artwork that every
    Publish then failed ("not in the library"). They follow the library meanwhile too."""

    def edit(jpeg: Snapshot) -> None:
        if change == "edited":
            bridge.job_changed.emit(session.ledger.update(jpeg.id, title="Mountains at dawn"))
        else:
            session.ledger.delete(jpeg.id)
            bridge.job_deleted.emit(jpeg.id)

    after = await listed_again_one_at_a_time(
        bridge, controller, owned, session, files, monkeypatch, edit
    )
    second = after.items[1]
    if change == "edited":
        assert after.row(second).title.text() == "Mountains at dawn"
        assert second.snapshot is not None and second.snapshot.title == "Mountains at dawn"
    else:
        assert second.snapshot is None  # the next batch adds the file anew


async def test_an_artwork_another_program_deletes_while_the_rows_are_listed_again_is_told(
    tab: UploadTab,
    bridge: Bridge,
    controller: PublishController,  # noqa: F811
    owned: list[QObject],
    session: Session,
    files: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The library tells the artworks another program (the command line) deleted to the
    parts of the window that show them (``Bridge.shows_artworks``). A row still to list
    after a switch of mode was not among them: its artwork, deleted meanwhile, was listed
    as in the library, and every Publish of it failed ("not in the library")."""

    def delete_elsewhere(jpeg: Snapshot) -> None:
        session.ledger.delete(jpeg.id)
        for job_id in sorted(bridge.artworks_shown_elsewhere()):  # as the library does
            if session.ledger.get(job_id) is None:
                bridge.job_deleted.emit(job_id)

    after = await listed_again_one_at_a_time(
        bridge, controller, owned, session, files, monkeypatch, delete_elsewhere
    )
    assert after.items[1].snapshot is None  # the next batch adds the file anew


async def test_a_file_whose_artwork_was_deleted_from_the_library_is_added_again(
    tab: UploadTab,
    bridge: Bridge,
    session: Session,
    files: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
    bucket: str,
    admin: Any,
) -> None:
    """A publish failed, and the artist deleted the artwork from the library. Before, the
    row still said "In the library, not published", and every Publish failed with
    "artwork 1 is not in the library": the file could not be published from the list
    again. Now the row no longer claims the library has it, and Publish adds it again."""
    point_r2_at(monkeypatch, s3_endpoint, "no-such-bucket")
    await run_batch(tab, [files["png"]], tab.publish_button)
    (item,) = tab.items
    assert tab.row(item).status.text().startswith("In the library, not published.")

    (gone,) = uploaded(session)
    await session.engine.delete(gone.id)
    bridge.job_deleted.emit(gone.id)  # as the library's Delete does
    assert not tab.row(item).status.text().startswith("In the library")
    assert tab.title_edit.isEnabled(), "its title applies again: it will be added anew"

    point_r2_at(monkeypatch, s3_endpoint, bucket)
    tab.publish_button.click()
    await until(lambda: not tab.busy)
    assert tab.items == []
    assert tab.summary.text() == "Published 1 artwork; it is in your library too."
    (again,) = uploaded(session)
    assert again.published_key and again.sha256 == sha(files["png"])
    assert len(objects_in(admin, bucket)) == 2


async def test_r2_settings_cleared_during_a_batch_stop_it_and_offer_them_once(
    tab: UploadTab,
    controller: PublishController,  # noqa: F811
    bridge: Bridge,
    session: Session,
    files: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
    bucket: str,
) -> None:
    """The secret went (cleared in Settings, say) after the batch began. Before, each file
    left failed on its own, every one with the same "The R2 settings cannot be used."
    under it, and the settings were not offered, as they are when a batch starts without
    them. Now the batch stops at the first file that meets them: it and the files after it
    stay ready to publish, and the settings are offered once. The file that met them was
    added to the library by this batch: before, its row said "Already in the library" and
    the summary did not count it; now both say it was added, and not published."""
    point_r2_at(monkeypatch, s3_endpoint, bucket)
    offers: list[str] = []
    controller.setup_needed.connect(lambda message, _hint, _in_settings: offers.append(message))

    def clear_secret(value: object) -> None:
        if getattr(value, "published_key", ""):
            monkeypatch.delenv("R2_SECRET_ACCESS_KEY", raising=False)

    bridge.job_changed.connect(clear_secret)
    third = noise_png(tmp_path / "third.png", (200, 120), seed=3)
    tab.add_files([files["png"], files["jpeg"], third])
    await until(lambda: not tab.checking)
    tab.publish_button.click()
    await until(lambda: not tab.busy, timeout=30)

    # Only the secret is empty: before, "and enter your Cloudflare R2 bucket", of a bucket
    # filled in already.
    assert offers == ["Open Settings → Publishing (R2) and fill in the empty fields."]
    met, after = tab.items
    assert [met.state, after.state] == [ItemState.NOT_STARTED, ItemState.NOT_STARTED]
    assert tab.row(met).status.text() == (
        "In the library, not published. Open Settings → Publishing (R2) and fill in the "
        "empty fields.\nStill empty: Secret access key."
    )
    assert tab.row(met).status.property("level") == "note"
    assert tab.row(after).status.text() == "Not started: stopped before this file."
    assert after.snapshot is None, "a file after the stop is not even imported"
    # Before, the summary said only its first sentence, in the success colour, as if all
    # had gone; then it left out the file the batch added and did not publish.
    assert tab.summary.text() == (
        "Published 1 artwork; it is in your library too. 1 more artwork was added to your "
        "library, not published. 2 files were left: they are still listed, ready to publish "
        "again."
    )
    assert tab.summary.property("level") == "warning"
    assert tab.publish_button.isEnabled()


async def test_r2_refusing_the_keys_stops_the_batch_at_the_first_file(
    tab: UploadTab,
    session: Session,
    files: dict[str, Path],
    tmp_path: Path,
    r2: str,  # noqa: F811
    admin: Any,
) -> None:
    """Before, R2 refusing the keys failed each file in turn: every one was added to the
    library and said "R2 rejected the access keys" under it, fifty files fifty times. Now
    the first says it and the batch stops: the files after it stay ready, not imported, and
    all go at the next Publish once the keys are right."""
    third = noise_png(tmp_path / "third.png", (200, 120), seed=3)
    tab.add_files([files["png"], files["jpeg"], third])
    await until(lambda: not tab.checking)
    with enable_iam_authentication():  # moto refuses the test's keys
        tab.publish_button.click()
        await until(lambda: not tab.busy, timeout=30)

    met, *after = tab.items
    assert met.state is ItemState.FAILED
    assert (
        tab.row(met)
        .status.text()
        .startswith("In the library, not published. R2 rejected the access keys.")
    )
    assert [item.state for item in after] == [ItemState.NOT_STARTED] * 2
    assert [item.snapshot for item in after] == [None, None], "not even imported"
    assert tab.summary.text() == (
        "Nothing was published: see the reasons in the list. 1 artwork was added to your "
        f"library. R2 rejected the access keys. Cause: they do not give access to bucket "
        f"'{r2}'. Check R2_ACCESS_KEY_ID and R2_SECRET_ACCESS_KEY in the environment, then "
        "start Kontext Studio again, which reads the environment only as it starts. 2 files "
        "were not started: they are still listed, ready to publish again."
    )
    # Both keys are R2_ACCESS_KEY_ID's and R2_SECRET_ACCESS_KEY's, read-only in Settings.
    assert not tab.settings_button.isVisible()

    tab.publish_button.click()
    await until(lambda: not tab.busy, timeout=30)
    assert tab.items == []
    assert len(objects_in(admin, r2)) == 6  # three images and their manifests


async def test_a_network_gone_mid_batch_stops_it_and_leaves_the_files_after_not_tried(
    tab: UploadTab,
    bridge: Bridge,
    session: Session,
    files: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
    bucket: str,
    admin: Any,
) -> None:
    """The network went away after the first file was published. Before, each file left
    was copied into the library and tried in turn, every one waiting out its own time-outs
    to fail with the same "The R2 endpoint cannot be reached." under it: a batch of 500
    took long to end in 500 alike failures. Now the first file that cannot reach R2 stops
    the batch: the files after it are not tried (not even copied in), and the summary says
    once what is wrong and how many were not tried. A file's own failure (one moved away
    since it was listed) goes on to the next file, as before."""
    link = CuttableLink(s3_endpoint)
    point_r2_at(monkeypatch, link.endpoint, bucket)
    moved = noise_png(tmp_path / "moved away.png", (200, 120), seed=5)
    later = [noise_png(tmp_path / f"later {n}.png", (200, 120), seed=n + 6) for n in range(2)]
    tab.add_files([moved, files["png"], files["jpeg"], *later])
    await until(lambda: not tab.checking)
    moved.unlink()

    def cut_once_published(value: object) -> None:
        if getattr(value, "published_key", ""):
            link.close()

    bridge.job_changed.connect(cut_once_published)
    try:
        tab.publish_button.click()
        await until(lambda: not tab.busy, timeout=30)
    finally:
        bridge.job_changed.disconnect(cut_once_published)
        link.close()

    gone, met, *untried = tab.items
    assert gone.path == moved and tab.row(gone).status.text() == (
        "The file is no longer there.\nRemove it from the list."
    )
    assert met.path == files["jpeg"] and met.state is ItemState.FAILED
    assert (
        tab.row(met)
        .status.text()
        .startswith("In the library, not published. The R2 endpoint cannot be reached.")
    )
    assert [item.state for item in untried] == [ItemState.NOT_STARTED] * 2
    assert [item.snapshot for item in untried] == [None, None], "not even copied in"
    assert [tab.row(item).status.text() for item in untried] == [
        "Not started: stopped before this file."
    ] * 2
    assert tab.summary.text() == (
        "Published 1 artwork; it is in your library too. 1 more artwork was added to your "
        "library, not published. 1 file needs attention. 1 file was not published: it is no "
        "longer where it was listed from (moved or deleted). The R2 endpoint cannot be reached. "
        f"Cause: {met.refusal}. Check the network, and KONTEXT_STUDIO_R2_ENDPOINT in the "
        "environment; after changing the environment, start Kontext Studio again, which reads "
        "the environment only as it starts. 2 files were not started: they are still listed, "
        "ready to publish again."
    )
    assert tab.summary.property("level") == "error"
    assert len(uploaded(session)) == 2

    point_r2_at(monkeypatch, s3_endpoint, bucket)
    tab.publish_button.click()
    await until(lambda: not tab.busy, timeout=30)
    assert tab.items == [gone]
    assert len(objects_in(admin, bucket)) == 8  # four images and their manifests


async def test_a_file_too_large_for_a_slow_link_fails_alone_and_the_batch_goes_on(
    tab: UploadTab,
    controller: PublishController,  # noqa: F811
    session: Session,
    files: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
    bucket: str,
    admin: Any,
    publishers: Publishers,  # noqa: F811
) -> None:
    """R2 answered, and the first file, the largest, got no answer in time for its body
    (a slow uplink still pushing it out). Before, that was "The R2 endpoint cannot be
    reached." and stopped the batch there, the other files not tried; and each Publish
    after began with that file again, to stop there again, so the files after it never
    went. It fails alone, as a file's own failure, and the others are published."""
    link = StallingLink(s3_endpoint, over=300_000)
    point_r2_at(monkeypatch, link.endpoint, bucket)
    publishers.make = slow_link_publisher
    large = noise_png(tmp_path / "large.png", (500, 300), seed=9)
    try:
        await run_batch(tab, [large, files["png"], files["jpeg"]], tab.publish_button)
    finally:
        link.close()
    (met,) = tab.items
    assert met.path == large and met.state is ItemState.FAILED
    assert (
        tab.row(met).status.text().startswith("In the library, not published. Publishing failed.")
    )
    assert tab.summary.text() == (
        "Published 2 artworks; they are in your library too. 1 more artwork was added to "
        "your library, not published. 1 file needs attention."
    )
    assert len(objects_in(admin, bucket)) == 4  # two images and their manifests


@pytest.mark.parametrize(
    ("status", "code", "detail"),
    [
        (503, "ServiceUnavailable", "R2 had a problem on its side"),
        (429, "ServiceUnavailable", "R2 asked to slow down: too many requests for now"),
    ],
)
async def test_r2_s_own_trouble_stops_the_batch_at_the_first_file(
    tab: UploadTab,
    controller: PublishController,  # noqa: F811
    files: dict[str, Path],
    tmp_path: Path,
    r2: str,  # noqa: F811
    status: int,
    code: str,
    detail: str,
    publishers: Publishers,  # noqa: F811
) -> None:
    """R2 in trouble (a 5xx once botocore's retries are spent) or throttling is not the
    file's: before, each file left was added and sent in turn, adding to R2's load, to fail
    alike. Now the first stops the batch, and the summary says why, once."""
    publishers.make = answering_first(status, code)
    third = noise_png(tmp_path / "third.png", (200, 120), seed=3)
    await run_batch(tab, [files["png"], files["jpeg"], third], tab.publish_button)
    met, *untried = tab.items
    assert met.state is ItemState.FAILED
    assert [item.state for item in untried] == [ItemState.NOT_STARTED] * 2
    assert tab.summary.text() == (
        "Nothing was published: see the reasons in the list. 1 artwork was added to your "
        f"library. Publishing failed. Cause: {detail}. This passes by itself: wait a few "
        "minutes, then retry. 2 files were not started: they are still listed, ready to "
        "publish again."
    )


async def test_r2_refusing_one_file_leaves_the_batch_going(
    tab: UploadTab,
    controller: PublishController,  # noqa: F811
    files: dict[str, Path],
    tmp_path: Path,
    r2: str,  # noqa: F811
    publishers: Publishers,  # noqa: F811
) -> None:
    """R2 refusing one object (a 4xx of its own, such as one too large) may be about that
    file alone: the files after it are published."""
    publishers.make = answering_first(400, "EntityTooLarge")
    third = noise_png(tmp_path / "third.png", (200, 120), seed=3)
    await run_batch(tab, [files["png"], files["jpeg"], third], tab.publish_button)
    (met,) = tab.items
    assert met.path == files["png"] and met.state is ItemState.FAILED
    assert tab.summary.text() == (
        "Published 2 artworks; they are in your library too. 1 more artwork was added to "
        "your library, not published. 1 file needs attention."
    )


async def test_a_batch_r2_stopped_for_the_bucket_offers_the_settings_in_its_summary(
    session: Session,
    bridge: Bridge,
    files: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
) -> None:
    """A batch stopped because R2 refused the bucket (or the keys) said "see the reasons in
    the list" and offered nothing more: the window's banner and its box for missing
    settings open the settings, the summary did not. It offers them now, at their R2 page.
    A batch stopped at an endpoint the environment sets offers nothing: it is read-only in
    Settings, and the summary names its variable."""
    window = await open_window(session, bridge, publisher_factory=fast_publisher)
    tab = window.upload_tab
    window.tabs.setCurrentWidget(tab)
    try:
        point_r2_at(monkeypatch, s3_endpoint, "")
        saved = R2Settings(bucket="no-such-bucket")
        session.settings = dataclasses.replace(session.settings, r2=saved)
        await run_batch(tab, [files["png"], files["jpeg"]], tab.publish_button)
        assert tab.summary.text().startswith("Nothing was published: see the reasons in the list.")
        assert tab.settings_button.isVisible()
        assert tab.settings_button.text() == "&Open Settings"

        tab.settings_button.click()
        dialog = window.open_settings()
        await until(lambda: dialog.secret_state is not None)
        assert dialog.isVisible()
        assert dialog.tabs.currentWidget() is dialog.r2_page
        dialog.reject()

        # Nothing listens on port 9.
        point_r2_at(monkeypatch, "http://127.0.0.1:9", "no-such-bucket")
        tab.publish_button.click()
        await until(lambda: not tab.busy, timeout=30)
        assert "KONTEXT_STUDIO_R2_ENDPOINT in the environment" in tab.summary.text()
        assert not tab.settings_button.isVisible()
        await bridge.wait_idle()
    finally:
        await close_window(window)


async def test_a_batch_stopped_at_an_endpoint_typed_wrong_offers_the_settings_in_its_summary(
    session: Session,
    bridge: Bridge,
    files: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The endpoint typed in Settings names nothing listening (a wrong port) or no host at
    all (a mistyped account ID): before, the summary said "The R2 endpoint cannot be
    reached" and offered nothing, where a refused bucket offered Settings. It offers them
    now, at their R2 page. A server there that never answers offers nothing: it was
    reached, and the network is what is slow."""
    window = await open_window(
        session,
        bridge,
        publisher_factory=lambda config: Publisher(
            config, connect_timeout=1.0, read_timeout=0.5, max_attempts=1
        ),
    )
    tab = window.upload_tab
    window.tabs.setCurrentWidget(tab)
    silent = SilentServer()
    monkeypatch.setenv("R2_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("R2_SECRET_ACCESS_KEY", SECRET)
    try:
        tab.add_files([files["png"], files["jpeg"]])
        await until(lambda: not tab.checking)
        reasons = {  # not "no network", beside the offer of the settings
            "http://127.0.0.1:9": "(nothing answered at that address)",
            "https://no-such-host.invalid": "(no server has that name: check the endpoint's",
        }
        for endpoint, reason in reasons.items():
            typed = R2Settings(endpoint=endpoint, bucket="art")
            session.settings = dataclasses.replace(session.settings, r2=typed)
            tab.publish_button.click()
            await until(lambda: not tab.busy, timeout=30)
            assert "The R2 endpoint cannot be reached." in tab.summary.text()
            assert endpoint.partition("//")[2] in tab.summary.text()
            assert reason in tab.summary.text()
            assert tab.settings_button.isVisible()

            tab.settings_button.click()
            await assert_settings_opened_at_r2(window)

        typed = R2Settings(endpoint=silent.endpoint, bucket="art")
        session.settings = dataclasses.replace(session.settings, r2=typed)
        tab.publish_button.click()
        await until(lambda: not tab.busy, timeout=30)
        assert "timed out" in tab.summary.text()
        assert not tab.settings_button.isVisible()
        await bridge.wait_idle()
    finally:
        silent.close()
        await close_window(window)


async def test_r2_settings_that_fail_the_library_and_a_batch_together_are_offered_once(
    session: Session,
    bridge: Bridge,
    files: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    r2: str,  # noqa: F811
) -> None:
    """The library was publishing the artwork of the batch's next file when the secret
    went. Before, the library's publish offered the settings, and the batch, meeting them
    too (joining that publish, or just after it), offered them again: a second box. Now
    the box open shows the reason; no other opens over it."""
    window = await open_window(session, bridge, publisher_factory=fast_publisher)
    tab = window.upload_tab
    artwork = imported(session, files["jpeg"])
    published: list[object] = []

    def clear_secret_and_publish_from_the_library(value: object) -> None:
        if getattr(value, "published_key", "") and not published:
            published.append(value)
            monkeypatch.delenv("R2_SECRET_ACCESS_KEY", raising=False)
            window.publishing.publish(artwork.id)

    bridge.job_changed.connect(clear_secret_and_publish_from_the_library)
    try:
        tab.add_files([files["png"], files["jpeg"]])
        await until(lambda: not tab.checking)
        tab.publish_button.click()
        await until(lambda: not tab.busy and window.publishing.activity(artwork.id) is None)
        await until(lambda: not bridge.busy)

        (box,) = message_boxes(window, "publishSetupBox")
        assert box.isVisible()
        assert box.informativeText() == "Still empty: Secret access key."
        (joined,) = tab.items
        assert joined.state is ItemState.NOT_STARTED
        status = tab.row(joined).status.text()
        assert status.startswith("In the library, not published. Open Settings → Publishing")
        assert tab.summary.text() == (
            "Published 1 artwork; it is in your library too. "
            "1 file was left: it is still listed, ready to publish again."
        )
        box.reject()
    finally:
        # The handler holds the window: connected on, it kept the window's library alive
        # for as long as the bridge lived, and test_leaks counted its rows.
        bridge.job_changed.disconnect(clear_secret_and_publish_from_the_library)
        await close_window(window)


async def test_a_failed_publish_of_copies_counts_the_artworks_the_library_added(
    tab: UploadTab,
    controller: PublishController,  # noqa: F811
    session: Session,
    files: dict[str, Path],
    tmp_path: Path,
    r2: str,  # noqa: F811
    publishers: Publishers,  # noqa: F811
) -> None:
    """Before, two copies of one image read "2 files were added to your library" for the
    one artwork the library keeps."""
    # R2 refuses each file on its own (a failure every file would meet, such as no
    # network or a missing bucket, stops the batch at the first instead).
    publishers.make = answering_first(400, "EntityTooLarge", times=4)
    await run_batch(tab, copies_of(files["png"], tmp_path, 2), tab.publish_button)
    assert len(uploaded(session)) == 1
    assert tab.summary.text() == (
        "Nothing was published: see the reasons in the list. "
        "1 artwork was added to your library. 1 image was in your library already."
    )

    tab.publish_button.click()
    await until(lambda: not tab.busy)
    assert tab.summary.text() == (
        "Nothing was published: see the reasons in the list. 2 images were in your library already."
    )


async def test_stop_cancels_the_file_in_flight_and_leaves_nothing(
    tab: UploadTab,
    controller: PublishController,  # noqa: F811
    session: Session,
    files: dict[str, Path],
    big_png: Path,  # noqa: F811
    r2: str,  # noqa: F811
    admin: Any,
    publishers: Publishers,  # noqa: F811
) -> None:
    """Stop comes on a progress report from the middle of the big file. Two races of the
    test's own, which a loaded machine can lose: the transfer waits at that report until
    Stop is heard (:class:`HeldMidway`), else a GUI thread slow to get to the report let
    it finish and be published first; and the bucket is looked at once the cancelled
    transfer has ended, not as soon as the row says "cancelled" (said at once, while the
    transfer's thread still aborts the multipart upload it began)."""
    shown: list[ItemState] = []
    notices: list[str] = []
    controller.notice.connect(notices.append)

    def stop_midway(_job_id: int, done: int, total: int) -> None:
        if 0 < done < total:
            shown.append(by_name(tab, big_png.name).state)
            tab.stop()

    controller.progress.connect(stop_midway)
    publishers.make = held_midway
    tab.add_files([big_png, files["jpeg"]])
    await until(lambda: not tab.checking, timeout=30)
    tab.publish_button.click()
    await until(lambda: not tab.busy, timeout=30)

    assert shown[:1] == [ItemState.PUBLISHING]
    big = by_name(tab, big_png.name)
    assert big.state is ItemState.CANCELLED
    assert (
        tab.row(big)
        .status.text()
        .startswith("In the library, not published. Publishing was cancelled.")
    )
    assert by_name(tab, "山水.jpg").state is ItemState.NOT_STARTED, "stopped before it started"
    assert tab.summary.text() == (
        "Stopped: nothing was published. 1 artwork was added to your library. "
        "2 files were left: they are still listed, ready to publish again."
    )
    clean = "Publishing cancelled. Nothing was left in the bucket."
    await until(lambda: clean in notices, timeout=30)  # the transfer has ended
    assert_bucket_empty(admin, r2)
    (snap,) = uploaded(session)
    assert snap.published_key == "" and snap.sha256 == sha(big_png)


@pytest.mark.parametrize("pressed", ["Stop", "the preview's Cancel"])
async def test_a_stop_too_late_says_so_in_the_tab_s_summary(
    tab: UploadTab,
    controller: PublishController,  # noqa: F811
    session: Session,
    files: dict[str, Path],
    r2: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    pressed: str,
) -> None:
    """Stop pressed as the file's publish is being recorded is too late: it ends published.
    Before, the summary said "Published 1 artwork", as if Stop had never been pressed, and
    only the status bar (whose words the next outcome replaces) said it was too late. Not
    of a Cancel too late in the preview of its artwork: the preview says it, and the tab's
    Stop was not pressed."""
    recording, release = records_written_slowly(monkeypatch)
    (item,) = tab.add_files([files["png"]])
    await until(lambda: not tab.checking, timeout=30)
    try:
        tab.publish_button.click()
        await until(recording.is_set, timeout=30)
        if pressed == "Stop":
            tab.stop()
        else:
            assert item.snapshot is not None
            controller.cancel(item.snapshot.id)  # as the preview's Cancel does
    finally:
        release.set()
    await until(lambda: not tab.busy, timeout=30)
    assert item.state is ItemState.DONE and item.published
    published = "Published 1 artwork; it is in your library too."
    if pressed == "Stop":
        assert tab.summary.text() == (
            f"{published} Stop came too late to cancel the file being published."
        )
    else:
        assert tab.summary.text() == published


class CleanUpHeld(HeldMidway):
    """:class:`HeldMidway` whose removal of what a cancelled publish sent waits until the
    test lets it go on (``release``), then does it, or fails as R2 out of reach would
    (``fail``)."""

    release = threading.Event()
    fail = False

    def _discard(self, keys: list[str]) -> None:
        assert self.release.wait(timeout=30), "the test never let the clean-up go on"
        if self.fail:
            raise PublishError.worded("a partial upload may be left in the bucket")
        super()._discard(keys)


async def stopped_midway(
    tab: UploadTab,
    controller: PublishController,  # noqa: F811
    publishers: Publishers,  # noqa: F811
    big: Path,
) -> UploadItem:
    """``big`` listed and published, Stop pressed at a report from its middle; returned once
    the batch has ended (its clean-up held by :class:`CleanUpHeld`)."""

    def stop_midway(_job_id: int, done: int, total: int) -> None:
        if 0 < done < total:
            tab.stop()

    CleanUpHeld.release = threading.Event()
    controller.progress.connect(stop_midway)
    publishers.make = lambda config: CleanUpHeld(
        config, connect_timeout=1.0, read_timeout=10.0, max_attempts=1
    )
    (item,) = tab.add_files([big])
    await until(lambda: not tab.checking, timeout=30)
    tab.publish_button.click()
    await until(lambda: not tab.busy, timeout=30)
    assert item.state is ItemState.CANCELLED
    return item


MAY_BE_LEFT = (
    "In the library, not published. Publishing was cancelled.\n"
    "A part may be left in the bucket; the next publish of this artwork removes it."
)


async def test_a_stop_says_nothing_was_left_only_once_the_clean_up_has_removed_it(
    tab: UploadTab,
    controller: PublishController,  # noqa: F811
    big_png: Path,  # noqa: F811
    r2: str,  # noqa: F811
    admin: Any,
    publishers: Publishers,  # noqa: F811
) -> None:
    """Before, the row said "Nothing was left in the bucket." as soon as Stop was pressed,
    while the transfer's thread was still to remove what it had sent, and might fail to."""
    item = await stopped_midway(tab, controller, publishers, big_png)
    assert tab.row(item).status.text() == MAY_BE_LEFT

    ended: list[int] = []
    controller.clean_up_ended.connect(lambda job_id, _clean: ended.append(job_id))
    CleanUpHeld.release.set()
    await until(lambda: bool(ended), timeout=30)
    assert_bucket_empty(admin, r2)
    assert tab.row(item).status.text() == (
        "In the library, not published. Publishing was cancelled.\nNothing was left in the bucket."
    )


async def test_a_stop_whose_clean_up_fails_says_a_part_may_be_left(
    tab: UploadTab,
    controller: PublishController,  # noqa: F811
    big_png: Path,  # noqa: F811
    r2: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    publishers: Publishers,  # noqa: F811
) -> None:
    monkeypatch.setattr(CleanUpHeld, "fail", True)
    item = await stopped_midway(tab, controller, publishers, big_png)
    ended: list[bool] = []
    controller.clean_up_ended.connect(lambda _job_id, clean: ended.append(clean))
    CleanUpHeld.release.set()
    await until(lambda: bool(ended), timeout=30)
    assert ended == [False]
    assert tab.row(item).status.text() == MAY_BE_LEFT


async def test_a_file_whose_bytes_are_all_sent_says_it_is_finishing(
    tab: UploadTab,
    controller: PublishController,  # noqa: F811
    big_png: Path,  # noqa: F811
    r2: str,  # noqa: F811
    publishers: Publishers,  # noqa: F811
) -> None:
    """Before, the row said "Publishing… 100 %" while R2 had yet to answer the last part."""
    HeldAtTheEnd.release = threading.Event()
    publishers.make = held_at_the_end
    (item,) = tab.add_files([big_png])
    await until(lambda: not tab.checking, timeout=30)
    tab.publish_button.click()
    try:
        await until(lambda: item.percent == 100, timeout=30)
        assert tab.row(item).status.text() == "Finishing: waiting for R2…"
    finally:
        HeldAtTheEnd.release.set()
    await until(lambda: not tab.busy, timeout=30)
    assert item.state is ItemState.DONE


async def test_a_file_r2_stops_taking_says_for_how_long_r2_has_not_answered(
    session: Session,
    bridge: Bridge,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
    bucket: str,
) -> None:
    """R2 freezes halfway through the file: the connection stays open, nothing more is
    taken, nothing is answered. Before, the row said "Publishing… 51 %" and the status bar
    the same percent, without a word, for the minutes the transfer's time-outs and retries
    give a slow uplink. Once nothing has gone up for a while (a second here), both say R2
    has not answered, counting the seconds, and the row how to give up (its artwork's tile
    in the library says it too); the publish goes on, and once R2 takes bytes again the
    words go and it ends published."""
    monkeypatch.setattr(transfer, "QUIET_S", 1.0)
    image = noise_png(tmp_path / "dunes.png", (580, 580))
    link = FreezingLink(s3_endpoint, freeze_at=image.stat().st_size // 2)
    point_r2_at(monkeypatch, link.endpoint, bucket)
    window, tab = await upload_tab_in_front(session, bridge)
    status_bar = window.publish_activity
    said: list[tuple[str, str, str]] = []
    try:
        (item,) = tab.add_files([image])
        await until(lambda: not tab.checking, timeout=30)
        row = tab.row(item)
        tile = window.library.model

        def note_words() -> None:
            """The row's, the status bar's and the tile's words as just put (connected after
            the row and the status bar; until the window closing has deleted them)."""
            if shiboken6.isValid(row.status) and item.snapshot is not None:
                words = (row.status.text(), status_bar.text(), tile.status_text(item.snapshot))
                said.append(words)

        window.publishing.totals_changed.connect(note_words)
        tab.publish_button.click()
        # The row says each second at once, the status bar once that turn of the loop is
        # over: waited for by the status bar's, a loaded machine's test read the row's
        # "2 s" in between, and had not seen the status bar's yet.
        await until(lambda: any("for 2 s" in words[1] for words in said), timeout=30)
        percent = item.percent
        assert percent is not None and 0 < percent < 100
        quiet = "no answer from R2 for {seconds} s; still trying"
        for seconds in (1, 2):
            assert (
                f"Publishing… {percent} % · {quiet.format(seconds=seconds)} (Stop to give up)",
                f"Publishing 1 artwork… {percent} % · {quiet.format(seconds=seconds)}",
                f"No answer from R2 · {seconds} s",
            ) in said, said
        link.thaw()
        await until(lambda: not tab.busy, timeout=30)
    finally:
        link.close()
        await close_window(window)
    assert item.state is ItemState.DONE
    last_quiet = max(i for i, words in enumerate(said) if "no answer" in words[0])
    moving_again = said[last_quiet + 1 :]
    assert moving_again, said
    assert not any("no answer" in " ".join(words).lower() for words in moving_again), said


async def test_stop_while_a_file_is_copied_in_keeps_it_unpublished(
    tab: UploadTab,
    session: Session,
    files: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    r2: str,  # noqa: F811
    admin: Any,
) -> None:
    """Stop comes while the first file is being copied into the library. Before, Stop was
    heard between files only: the file finished its import and was published all the same.
    Now it stays in the library, unpublished, and its row says so; nothing reaches R2."""
    copying, stopped = held_imports(monkeypatch, files["png"].name)
    tab.add_files([files["png"], files["jpeg"]])
    await until(lambda: not tab.checking)
    await stop_while_copying(tab, copying, stopped)
    first = by_name(tab, files["png"].name)

    assert objects_in(admin, r2) == {}
    (snap,) = uploaded(session)
    assert snap.published_key == "" and snap.sha256 == sha(files["png"])
    assert first.state is ItemState.CANCELLED
    assert tab.row(first).status.text() == (
        "In the library, not published. Publishing was cancelled.\nNothing was left in the bucket."
    )
    assert by_name(tab, "山水.jpg").state is ItemState.NOT_STARTED
    # Before, in the error colour: "Nothing was published: see the reasons in the list.",
    # as if the files had failed, where the artist had asked for the stop.
    assert tab.summary.text() == (
        "Stopped: nothing was published. 1 artwork was added to your library. "
        "2 files were left: they are still listed, ready to publish again."
    )
    assert tab.summary.property("level") == "warning"


async def test_publishing_again_a_file_a_stopped_batch_added_says_nothing_was_kept(
    tab: UploadTab,
    session: Session,
    files: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    r2: str,  # noqa: F811
) -> None:
    """A file a stopped Publish had copied into the library, with the title typed for it,
    published again from the list. Before, the summary said "It was in your library
    already: its title, description and tags there were kept, not the ones typed here.",
    where the list itself had added it with those: nothing typed was left out."""
    copying, stopped = held_imports(monkeypatch, files["png"].name)
    (item,) = tab.add_files([files["png"]])
    await until(lambda: not tab.checking)
    tab.title_edit.setText("Harbour Study")
    tab.title_edit.textEdited.emit("Harbour Study")
    await stop_while_copying(tab, copying, stopped)
    assert item.state is ItemState.CANCELLED

    tab.publish_button.click()
    await until(lambda: not tab.busy)
    assert tab.summary.text() == "Published 1 artwork; it is in your library too."
    (published,) = uploaded(session)
    assert published.published_key and published.title == "Harbour Study"


async def test_files_a_stop_leaves_say_at_once_they_will_not_be_started(
    tab: UploadTab,
    session: Session,
    files: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    r2: str,  # noqa: F811
) -> None:
    """Stop comes while the first file is being copied into the library. Before, the files
    after it said "Waiting…" until the copy ended, though nothing would start them. Now they
    say at once that they were not started, and stay ready for the next Publish."""
    copying, stopped = held_imports(monkeypatch, files["png"].name)
    third = noise_png(tmp_path / "third.png", (200, 120), seed=3)
    tab.add_files([files["png"], files["jpeg"], third])
    await until(lambda: not tab.checking)
    tab.publish_button.click()
    await until(copying.is_set)
    first, *others = tab.items
    tab.stop_button.click()
    try:
        assert first.state is ItemState.IMPORTING, "still being copied in"
        for item in others:
            assert item.state is ItemState.NOT_STARTED
            assert tab.row(item).status.text() == "Not started: stopped before this file."
            assert tab.row(item).status.property("level") == "note"
            assert tab.row(item).remove.isEnabled()
    finally:
        stopped.set()
    await until(lambda: not tab.busy)

    assert [item.state for item in others] == [ItemState.NOT_STARTED] * 2
    assert tab.row(others[0]).status.text() == "Not started: stopped before this file."
    assert tab.publish_button.isEnabled()
    tab.publish_button.click()
    await until(lambda: not tab.busy, timeout=30)
    assert tab.items == [] and tab.summary.text() == (
        "Published 3 artworks; they are in your library too."
    )
    assert len(uploaded(session)) == 3


async def test_a_row_s_grey_remove_button_says_why_it_cannot_remove_the_file(
    tab: UploadTab,
    controller: PublishController,  # noqa: F811
    files: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    r2: str,  # noqa: F811
) -> None:
    """A file's ✕ is grey while its batch has it: being copied into the library, waiting
    its turn, being published. Its tooltip, which a screen reader reads as its
    description, still said "Remove from the list (the file is not touched)", an offer
    that a press did nothing for, with no word of why. It says why, and what to do; once
    the batch lets the file go, it offers to remove it again."""

    def said(item: UploadItem) -> tuple[bool, str]:
        remove = tab.row(item).remove
        described = QAccessible.queryAccessibleInterface(remove)
        assert described is not None
        assert described.text(QAccessible.Text.Description) == remove.toolTip()
        return remove.isEnabled(), remove.toolTip()

    copying, copied = held_imports(monkeypatch, files["png"].name)
    entered, release = hold_transfers(controller)
    png, jpeg = tab.add_files([files["png"], files["jpeg"]])
    await until(lambda: not tab.checking)
    offered = plain_tooltip("Remove from the list (the file is not touched)")
    assert said(png) == (True, offered)
    tab.publish_button.click()
    try:
        await until(copying.is_set)
        copying_words = "Cannot remove while it is being copied into your library"
        assert said(png) == (False, plain_tooltip(copying_words))
        waiting = "Cannot remove while it waits its turn: press Stop first"
        assert said(jpeg) == (False, plain_tooltip(waiting))
        copied.set()
        await until(entered.is_set)
        assert png.state is ItemState.PUBLISHING
        publishing = "Cannot remove while it is being published: press Stop first"
        assert said(png) == (False, plain_tooltip(publishing))
    finally:
        copied.set()
        release.set()
    await until(lambda: not tab.busy)
    assert not tab.items, "both published"
    tab.add_files([files["png"]])
    await until(lambda: not tab.checking)
    assert said(tab.items[0]) == (True, offered)


def held_imports(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> tuple[threading.Event, threading.Event]:
    """Hold the import of the file called ``name`` until the test lets it go on (once it
    has pressed Stop, or chosen in the library): returns the event set when its copy
    begins and the one the test sets to let it go on."""
    copying = threading.Event()
    stopped = threading.Event()
    real_import = upload_batch.import_artworks

    def held_import(ledger: Any, paths: list[Path], **kwargs: Any) -> Any:
        if paths[0].name == name:
            copying.set()
            assert stopped.wait(timeout=30), "the test never let it go on"
        return real_import(ledger, paths, **kwargs)

    monkeypatch.setattr(upload_batch, "import_artworks", held_import)
    return copying, stopped


async def stop_while_copying(
    tab: UploadTab, copying: threading.Event, stopped: threading.Event
) -> None:
    """Press Publish, then Stop while the held file is being copied into the library."""
    tab.publish_button.click()
    await until(copying.is_set)
    tab.stop_button.click()
    stopped.set()
    await until(lambda: not tab.busy)


class HeldPublisher(Publisher):
    """Sends nothing until ``release`` is set: a publish that is in flight for as long as
    the test needs. ``sent`` counts the publishes that went ahead."""

    release = threading.Event()
    sent: ClassVar[list[int]] = []

    def publish(self, *args: Any, **kwargs: Any) -> Any:
        assert self.release.wait(timeout=30)
        self.sent.append(1)
        return super().publish(*args, **kwargs)


async def test_an_artwork_already_being_published_from_the_library_is_published_once(
    tab: UploadTab,
    controller: PublishController,  # noqa: F811
    session: Session,
    files: dict[str, Path],
    r2: str,  # noqa: F811
    publishers: Publishers,  # noqa: F811
) -> None:
    """Before, the row said "Publishing failed. (artwork 1 is already being published)
    Check the R2 settings and retry.", and then stayed failed after the library's publish
    went through. The row now follows that publish to its end; nothing is sent twice."""
    HeldPublisher.release.clear()
    HeldPublisher.sent.clear()
    publishers.make = lambda config: HeldPublisher(config, max_attempts=1)
    artwork = imported(session, files["png"])
    (item,) = tab.add_files([files["png"]])
    await until(lambda: not tab.checking)
    controller.publish(artwork.id)  # from the library

    tab.publish_button.click()
    await until(lambda: item.state is ItemState.PUBLISHING)
    HeldPublisher.release.set()
    await until(lambda: not tab.busy)
    assert tab.items == [] and tab.summary.text() == (
        "Published 1 artwork; it is in your library too. It was in your library already, "
        "and was published with its title, description and tags there."
    )
    assert HeldPublisher.sent == [1], "published once"
    published = session.ledger.get(artwork.id)
    assert published is not None and published.published_key


async def test_a_cancelled_file_a_later_batch_never_reaches_stays_cancelled(
    tab: UploadTab,
    controller: PublishController,  # noqa: F811
    files: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
    bucket: str,
    publishers: Publishers,  # noqa: F811
) -> None:
    """The first file's publish failed and Stop cancelled the second; the next batch was
    stopped before it reached the second. Before, that file came back "failed": the same
    words, red instead of orange, as if its publish had failed. It stays cancelled."""
    # R2 refuses the first file on its own (a failure every file would meet, such as no
    # network or a missing bucket, stops the batch at the first instead); sent before any
    # request, so the bucket is never asked for.
    point_r2_at(monkeypatch, s3_endpoint, "no-such-bucket")
    publishers.make = answering_first(400, "EntityTooLarge")
    copying, stopped = held_imports(monkeypatch, files["jpeg"].name)
    tab.add_files([files["png"], files["jpeg"]])
    await until(lambda: not tab.checking)
    await stop_while_copying(tab, copying, stopped)
    first, second = tab.items
    assert [first.state, second.state] == [ItemState.FAILED, ItemState.CANCELLED]
    cancelled = tab.row(second).status.text()
    assert cancelled.startswith("In the library, not published. Publishing was cancelled.")
    assert tab.summary.text() == (
        "Stopped: nothing was published. 1 file needs attention. 2 artworks were added to "
        "your library. 1 file was left: it is still listed, ready to publish again."
    )
    assert tab.summary.property("level") == "error", "the first file failed"

    HeldPublisher.release.clear()
    notices: list[str] = []
    controller.notice.connect(notices.append)
    publishers.make = lambda config: HeldPublisher(config, max_attempts=1)
    point_r2_at(monkeypatch, s3_endpoint, bucket)
    tab.publish_button.click()
    await until(lambda: first.state is ItemState.PUBLISHING)
    tab.stop_button.click()
    await until(lambda: not tab.busy)
    HeldPublisher.release.set()
    await until(lambda: "Publishing cancelled. Nothing was left in the bucket." in notices)

    assert second.state is ItemState.CANCELLED, "never reached: it stays as it was"
    assert tab.row(second).status.text() == cancelled
    assert tab.row(second).status.property("level") == "note"


class HeldUnpublisher(Publisher):
    """Removes nothing until ``release`` is set: an unpublish that is under way for as long
    as the test needs."""

    release = threading.Event()

    def unpublish(self, *args: Any, **kwargs: Any) -> Any:
        assert self.release.wait(timeout=30)
        return super().unpublish(*args, **kwargs)


async def test_an_artwork_being_unpublished_is_not_said_to_be_being_published(
    tab: UploadTab,
    controller: PublishController,  # noqa: F811
    session: Session,
    files: dict[str, Path],
    r2: str,  # noqa: F811
    publishers: Publishers,  # noqa: F811
) -> None:
    """The library was removing the artwork from the bucket when its file was listed.
    Before, Publish said "This artwork is already being published. Wait for it to finish:
    it is published only once.": it was being unpublished, and waiting published nothing.
    The row says where the artwork stands at each moment, and Publish waits for the
    removal to end, as the row says."""
    HeldUnpublisher.release.clear()
    publishers.make = lambda config: HeldUnpublisher(config, max_attempts=1)
    artwork = imported(session, files["png"])
    await controller.publish_now(artwork.id)
    controller.unpublish(artwork.id)  # from the library
    (item,) = tab.add_files([files["png"]])
    await until(lambda: not tab.checking)

    still = session.ledger.get(artwork.id)
    assert still is not None and still.published_key, "the library still says Published"
    assert tab.row(item).status.text() == (
        "In the library, still published: it is being removed from your R2 bucket.\n"
        "Publish it again once it is removed."
    )
    assert not tab.publish_button.isEnabled()
    HeldUnpublisher.release.set()
    await until(lambda: controller.activity(artwork.id) is None)
    gone = session.ledger.get(artwork.id)
    assert gone is not None and not gone.published_key
    assert tab.row(item).status.text() == "Already in your library"
    assert tab.publish_button.isEnabled()

    tab.publish_button.click()
    await until(lambda: not tab.busy)
    assert tab.items == [], "published again"


class CountedItems(dict[int, UploadItem]):
    """The tab's files, counting each time they are gone over one by one."""

    def __init__(self, items: dict[int, UploadItem]) -> None:
        super().__init__(items)
        self.gone_over = 0

    def values(self) -> Any:
        self.gone_over += 1
        return super().values()


async def test_a_library_publish_finds_its_listed_files_without_going_over_the_list(
    tab: UploadTab,
    controller: PublishController,  # noqa: F811
    session: Session,
    files: dict[str, Path],
    tmp_path: Path,
    r2: str,  # noqa: F811
) -> None:
    """Each start and each percent of every publish went over every file listed, to find
    the rows of its artwork: a library's Publish of thousands, with hundreds of files
    listed, did so millions of times. The rows are found by their artworks now, and say
    the same."""
    held = [imported(session, files[kind]) for kind in ("png", "jpeg")]
    unlisted = imported(session, noise_png(tmp_path / "unlisted.png", (40, 30), seed=7))
    items = tab.add_files([files["png"], files["jpeg"]])
    await until(lambda: not tab.checking)
    counted = CountedItems(tab._items)
    tab._items = counted
    entered, release = hold_transfers(controller)

    controller.publish_many([unlisted, *held])
    assert [item.being_published for item in items] == [True, True]
    await until(entered.is_set)
    before = counted.gone_over
    for percent in (10, 50, 90):
        controller._relay_progress(unlisted.id, percent, 100, 0.0)
    assert counted.gone_over == before  # before: once for each
    for artwork in (unlisted, *held):
        controller.cancel(artwork.id)
    release.set()
    await until(lambda: controller.busy_count() == 0, timeout=30)
    assert [item.being_published for item in items] == [False, False]
    assert [tab.row(item).status.text() for item in items] == ["Already in your library"] * 2


async def test_a_listed_file_a_stopped_library_batch_let_go_says_why_not_cancelled(
    tab: UploadTab,
    controller: PublishController,  # noqa: F811
    session: Session,
    files: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    r2: str,  # noqa: F811
) -> None:
    """A listed file's artwork waiting its turn in the library's Publish of several, which
    the tab's Publish waits for: R2 in trouble stopped that batch, and the row said
    "Publishing cancelled", which nobody had pressed, and the tab's batch went on to its
    next file. The row says what stopped it, as when the tab meets it itself."""
    listed = imported(session, files["png"])
    beside = [
        imported(session, noise_png(tmp_path / f"beside-{n}.png", (40, 30), seed=n))
        for n in range(publishing.BATCH_PUBLISHES)
    ]
    (item,) = tab.add_files([files["png"]])
    await until(lambda: not tab.checking)
    go = threading.Event()
    send = publishing.publish_artwork

    def troubled(ledger: Any, publisher: Any, job_id: int, **kwargs: Any) -> Any:
        assert go.wait(timeout=30)
        if job_id == beside[0].id:
            raise PublishServiceError("R2 answered 503")
        return send(ledger, publisher, job_id, **kwargs)

    monkeypatch.setattr(publishing, "publish_artwork", troubled)
    controller.publish_many([*beside, listed])  # the library's
    try:
        tab.publish_button.click()
        await until(lambda: item.state is ItemState.PUBLISHING)
    finally:
        go.set()
    await until(lambda: not tab.busy and controller.busy_count() == 0, timeout=30)

    assert item.state is ItemState.FAILED  # before: CANCELLED
    assert "cancelled" not in tab.row(item).status.text()
    assert tab.row(item).status.property("level") == "error"


async def test_rows_waiting_for_their_turn_or_the_library_s_publish_say_waiting_to_publish(
    tab: UploadTab,
    controller: PublishController,  # noqa: F811
    session: Session,
    files: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    r2: str,  # noqa: F811
) -> None:
    """A listed file whose artwork waits its turn in the library's Publish of several said
    "Publishing…", and the files behind it in the tab's Publish "Waiting…", as if they
    might be added only: the artist could not tell what was being sent. Each says
    "Waiting to publish" until its turn comes."""
    listed = imported(session, files["png"])
    beside = [
        imported(session, noise_png(tmp_path / f"beside-{n}.png", (40, 30), seed=n))
        for n in range(publishing.BATCH_PUBLISHES)
    ]
    first, second = tab.add_files([files["png"], files["jpeg"]])
    await until(lambda: not tab.checking)
    go = threading.Event()
    send = publishing.publish_artwork

    def held(ledger: Any, publisher: Any, job_id: int, **kwargs: Any) -> Any:
        assert go.wait(timeout=30)
        return send(ledger, publisher, job_id, **kwargs)

    monkeypatch.setattr(publishing, "publish_artwork", held)
    controller.publish_many([*beside, listed])  # the library's: the listed file waits
    try:
        tab.publish_button.click()
        await until(lambda: first.state is ItemState.PUBLISHING)
        await until(lambda: controller.busy_count() == len(beside) + 1)
        assert tab.row(first).status.text() == "Waiting to publish"  # before: "Publishing…"
        assert second.state is ItemState.WAITING
        assert tab.row(second).status.text() == "Waiting to publish"  # before: "Waiting…"
    finally:
        go.set()
    await until(lambda: not tab.busy and controller.busy_count() == 0, timeout=30)
    assert tab.items == []  # both published


async def test_the_quit_question_counts_once_a_file_whose_artwork_the_library_publishes(
    session: Session,
    bridge: Bridge,
    files: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    r2: str,  # noqa: F811
) -> None:
    """A listed file waiting in the tab's Publish whose artwork the library's Publish of
    several was publishing counted twice, in the quit question and in the status bar: once
    as the library's, once as the tab's still to publish."""
    window, tab = await upload_tab_in_front(session, bridge)
    publisher = window.publishing
    listed = imported(session, files["png"])
    beside = imported(session, noise_png(tmp_path / "beside.png", (40, 30), seed=3))
    go = threading.Event()
    send = publishing.publish_artwork

    def held(ledger: Any, publisher: Any, job_id: int, **kwargs: Any) -> Any:
        assert go.wait(timeout=30)
        return send(ledger, publisher, job_id, **kwargs)

    monkeypatch.setattr(publishing, "publish_artwork", held)
    try:
        new, waiting = tab.add_files([files["jpeg"], files["png"]])
        await until(lambda: not tab.checking)
        publisher.publish_many([beside, listed])  # the library's
        tab.publish_button.click()
        await until(lambda: new.state is ItemState.PUBLISHING)
        await until(lambda: publisher.busy_count() == 3)
        assert waiting.state is ItemState.WAITING
        # The library's two, and the tab's new file: three artworks, not four.
        window.menu_actions["quit"].trigger()
        (box,) = message_boxes(window, "quitWhilePublishingBox")
        assert box.text() == "3 artworks are still being published to your R2 bucket."
        box.escapeButton().click()
        await a_turn()
        said = window.publish_activity.text()
        assert said.startswith("Publishing 3 artworks…"), said
    finally:
        go.set()
    await until(lambda: not tab.busy and publisher.busy_count() == 0, timeout=30)
    await close_window(window)


async def test_a_change_of_an_artwork_goes_over_the_list_once_at_most(
    tab: UploadTab,
    controller: PublishController,  # noqa: F811
    session: Session,
    files: dict[str, Path],
    tmp_path: Path,
) -> None:
    """An artwork changed or deleted in the library, a stopped publish's clean-up ended, or
    several publishes begun or ended at once, went over every listed file to find the rows
    of its artworks, then again for the buttons once per row shown (a library's thousands,
    with hundreds of files listed). The rows are found by their artworks now, and the
    buttons looked at once, as a single look at them does, saying the same."""
    held = [imported(session, files[kind]) for kind in ("png", "jpeg")]
    unheld = noise_png(tmp_path / "unheld.png", (40, 30), seed=9)
    items = tab.add_files([files["png"], files["jpeg"], unheld])
    await until(lambda: not tab.checking)
    tab.set_current(items[2].key)  # not one the events are of: its details are filled anew
    counted = CountedItems(tab._items)
    tab._items = counted

    def gone_over(event: Callable[[], None]) -> int:
        before = counted.gone_over
        event()
        return counted.gone_over - before

    one_look = gone_over(tab._refresh)
    assert one_look > 0
    renamed = dataclasses.replace(held[0], title="Sea at noon")
    assert gone_over(lambda: tab.bridge.job_changed.emit(renamed)) == one_look
    assert items[0].title == "Sea at noon"
    assert gone_over(lambda: controller.many_changed.emit(frozenset(s.id for s in held))) == (
        one_look  # before: twice that, and the list once more
    )
    items[1].state = ItemState.CANCELLED
    items[1].problem = explain(PublishCancelledUncleanError())
    assert gone_over(lambda: controller.clean_up_ended.emit(held[1].id, True)) == one_look
    assert tab.row(items[1]).status.text() == (
        "In the library, not published. Publishing was cancelled.\nNothing was left in the bucket."
    )
    assert gone_over(lambda: tab.bridge.job_deleted.emit(held[0].id)) == one_look
    assert items[0].snapshot is None
    assert tab.row(items[0]).status.text() == "Ready"


async def test_a_file_added_to_the_library_takes_the_details_the_library_saved(
    tab: UploadTab, files: dict[str, Path]
) -> None:
    """The library hears of an added file's artwork before its row is shown again: the
    row is found by that artwork then, and takes the details as saved (trimmed). Found only
    once shown, it kept the title as typed, spaces and all."""
    (item,) = tab.add_files([files["png"]])
    await until(lambda: not tab.checking)
    item.title = "  Sea at noon  "  # as typed
    tab.add_button.click()
    await until(lambda: item.state is ItemState.DONE, timeout=30)
    assert item.title == "Sea at noon"


async def test_a_listed_file_published_from_the_library_says_so(
    tab: UploadTab,
    controller: PublishController,  # noqa: F811
    session: Session,
    files: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
    bucket: str,
) -> None:
    """A file whose publish failed, then published from the library: before, its row went
    on saying "In the library, not published" beside the library's Published badge."""
    point_r2_at(monkeypatch, s3_endpoint, "no-such-bucket")
    await run_batch(tab, [files["png"]], tab.publish_button)
    (item,) = tab.items
    assert item.snapshot is not None
    assert tab.row(item).status.text().startswith("In the library, not published.")

    point_r2_at(monkeypatch, s3_endpoint, bucket)
    await controller.publish_now(item.snapshot.id)  # from the library
    assert tab.row(item).status.text() == "In the library and published."
    assert tab.row(item).status.property("level") == "ok"


async def test_a_listed_file_published_by_the_command_line_says_so(
    session: Session,
    bridge: Bridge,
    files: dict[str, Path],
    r2: str,  # noqa: F811
) -> None:
    """A file whose publish R2 refused, then published by the command line (another
    process): the library showed it published once it read the library again, and its row
    went on saying the refusal ("In the library, not published. Publishing failed.")
    until a restart. It says where the file stands, as after a publish from the library."""
    window = await open_window(session, bridge, publisher_factory=refusing_once())
    try:
        tab = window.upload_tab
        await run_batch(tab, [files["png"]], tab.publish_button)
        (item,) = tab.items
        assert item.snapshot is not None
        refused = tab.row(item).status.text()
        assert refused.startswith("In the library, not published. Publishing failed.")

        await published_by_the_command_line(window, item.snapshot)

        await until(lambda: tab.row(item).status.text() == "In the library and published.")
        assert tab.row(item).status.property("level") == "ok"
    finally:
        await close_window(window)


async def test_a_file_published_at_another_endpoint_names_both_then_is_ready_once_forgotten(
    tab: UploadTab,
    controller: PublishController,  # noqa: F811
    session: Session,
    files: dict[str, Path],
    r2: str,  # noqa: F811
    s3_endpoint: str,
) -> None:
    """Its artwork is published in a bucket of the same name at another endpoint than the R2
    settings name: Publish is refused. Before, the row said "In the library and published."
    and, once the publication was forgotten, the refusal, no longer true. It names both
    places, then says the file is ready, and Publish publishes it."""
    artwork = imported(session, files["png"])
    session.ledger.update(
        artwork.id,
        published_key="artworks/old.png",
        published_url="https://old.example.com/old.png",
        published_bucket=r2,
        published_host="old.example.com",
    )
    await run_batch(tab, [files["png"]], tab.publish_button)
    (item,) = tab.items
    row = tab.row(item)
    host = s3_endpoint.removeprefix("http://")
    assert row.status.text() == (
        f"In the library and published in the bucket '{r2}' at old.example.com.\n"
        f"Not published in '{r2}' at {host}, the bucket the R2 settings name."
    )
    assert row.status.property("level") == "error"
    assert tab.summary.text().startswith("Nothing was published: see the reasons in the list.")

    was = session.ledger.get(artwork.id)
    assert was is not None
    controller.forget([was])
    await until(lambda: row.status.text() == "In the library, not published: ready to publish.")
    assert not tab.summary.isVisible(), "no reason is left in the list to see"
    assert tab.publish_button.isEnabled()
    tab.publish_button.click()
    await until(lambda: not tab.busy)
    assert tab.items == [], "published in the settings' bucket"
    published = session.ledger.get(artwork.id)
    assert published is not None and published.published_bucket == r2


def published_elsewhere(session: Session, path: Path) -> Snapshot:
    """``path`` imported into the library, its artwork published in another bucket
    ('old-bucket' at old.example.com) than the R2 settings name."""
    artwork = imported(session, path)
    session.ledger.update(
        artwork.id,
        published_key="artworks/old.png",
        published_bucket="old-bucket",
        published_host="old.example.com",
    )
    return artwork


async def test_a_late_read_of_the_refused_record_leaves_the_forgotten_file_ready(
    tab: UploadTab,
    bridge: Bridge,
    controller: PublishController,  # noqa: F811
    session: Session,
    files: dict[str, Path],
    r2: str,  # noqa: F811
) -> None:
    """The controller reads a refused record again, in a worker thread; under load that
    read, made before the publication was forgotten, came after the forget's own and put
    the refusal back on the row for good: "ready to publish" never came (a flaky test in
    CI). An older copy than the row's is passed over."""
    artwork = imported(session, files["png"])
    session.ledger.update(
        artwork.id,
        published_key="artworks/old.png",
        published_bucket=r2,
        published_host="old.example.com",
    )
    await run_batch(tab, [files["png"]], tab.publish_button)
    (item,) = tab.items
    row = tab.row(item)
    refused = session.ledger.get(artwork.id)
    assert refused is not None
    controller.forget([refused])
    ready = "In the library, not published: ready to publish."
    await until(lambda: row.status.text() == ready)

    bridge.job_changed.emit(refused)  # the late read, as it was before the forget
    assert row.status.text() == ready
    assert tab.publish_button.isEnabled()


async def test_the_summary_keeps_what_was_published_once_the_last_refusal_is_forgotten(
    tab: UploadTab,
    controller: PublishController,  # noqa: F811
    session: Session,
    files: dict[str, Path],
    r2: str,  # noqa: F811
) -> None:
    """One file published, one refused for being published in another bucket. Once that
    publication was forgotten, the whole summary went away, "Published 1 artwork" with it,
    while the file published was no longer listed to say so. The summary stays, without the
    file that needed attention, in the success colour."""
    artwork = published_elsewhere(session, files["png"])
    await run_batch(tab, [files["png"], files["jpeg"]], tab.publish_button)
    assert [item.path for item in tab.items] == [files["png"]]
    assert tab.summary.text() == (
        "Published 1 artwork; it is in your library too. 1 file needs attention."
    )
    assert tab.summary.property("level") == "error"

    was = session.ledger.get(artwork.id)
    assert was is not None
    controller.forget([was])
    (item,) = tab.items
    await until(lambda: tab.row(item).status.text().endswith("ready to publish."))
    assert tab.summary.isVisible()
    assert tab.summary.text() == "Published 1 artwork; it is in your library too."
    assert tab.summary.property("level") == "ok"


async def test_what_a_stopped_publish_left_elsewhere_once_forgotten_leaves_the_file_ready(
    tab: UploadTab,
    controller: PublishController,  # noqa: F811
    session: Session,
    files: dict[str, Path],
    r2: str,  # noqa: F811
) -> None:
    """A first publish stopped in another bucket noted what it may have left there: Publish
    is refused with those words. Once forgotten, the row went on saying them."""
    artwork = imported(session, files["png"])
    session.ledger.update(
        artwork.id,
        retired_key="artworks/left.png",
        published_bucket="old-bucket",
        published_host="old.example.com",
    )
    await run_batch(tab, [files["png"]], tab.publish_button)
    (item,) = tab.items
    row = tab.row(item)
    assert row.status.text().startswith(
        f"In the library, not published. A publish of “{artwork.title}” to the bucket "
        "'old-bucket' at old.example.com stopped before its end"
    )

    was = session.ledger.get(artwork.id)
    assert was is not None
    controller.forget([was])
    await until(lambda: row.status.text() == "In the library, not published: ready to publish.")
    assert row.status.property("level") == ""


def portfolio(root: Path) -> Path:
    """A folder as artists keep them: two artworks (one in a subfolder), notes, hidden
    files and folders, what Windows leaves in folders, and a link back up the tree."""
    folder = root / "portfolio"
    (folder / "2024").mkdir(parents=True)
    (folder / ".cache").mkdir()
    noise_png(folder / "harbour.png", (64, 48), seed=3)
    Image.new("RGB", (48, 64), (200, 80, 20)).save(folder / "2024" / "dune.JPG", "JPEG")
    noise_png(folder / ".cache" / "thumb.png", (8, 8), seed=4)
    (folder / "notes.txt").write_text("prices")
    (folder / ".DS_Store").write_bytes(b"\0")
    (folder / "2024" / "Thumbs.db").write_bytes(b"\0")
    (folder / "desktop.ini").write_text("[.ShellClassInfo]")
    (folder / "2024" / "all of it").symlink_to(folder, target_is_directory=True)
    return folder


async def test_a_dropped_folder_brings_its_images_and_says_what_it_left_out(
    tab: UploadTab, session: Session, tmp_path: Path
) -> None:
    drop(tab, [portfolio(tmp_path)])
    await until(lambda: len(tab.items) == 2 and not tab.checking)

    assert [item.path.name for item in tab.items] == ["harbour.png", "dune.JPG"]
    assert all(item.state is ItemState.READY for item in tab.items)
    assert tab.summary.isVisible()
    # Before: "4 files in the folders were left out: not JPEG, PNG or WebP, or hidden.",
    # three of them files the artist had never seen there (.DS_Store, Thumbs.db, ...); then
    # "1 file in the folder was left out", which sent the artist looking for it.
    assert tab.summary.text() == (
        f"“{isolated('notes.txt')}” in the folder was left out: not a JPEG, PNG or WebP."
    )
    tab.add_button.click()
    await until(lambda: not tab.busy)
    assert sorted(s.title for s in uploaded(session)) == ["dune", "harbour"]


async def test_the_files_a_folder_left_out_are_named_the_first_few_of_many(
    tab: UploadTab, tmp_path: Path
) -> None:
    """An artist's folder holds a GIF and a PSD beside the artworks: the summary said "7
    files in the folders were left out" and the artist had to look through the folder for
    them. One folder dropped, it is "the folder" (it said "in the folders")."""
    folder = tmp_path / "commission"
    folder.mkdir()
    noise_png(folder / "harbour.png", (64, 48), seed=3)
    for name in ("a.gif", "b.psd", "c.tif", "d.txt", "e.mp4", "f.heic", "g.kra"):
        (folder / name).write_bytes(b"\0")
    drop(tab, [folder])
    await until(lambda: len(tab.items) == 1 and not tab.checking)
    named = "”, “".join(isolated(name) for name in ("a.gif", "b.psd", "c.tif", "d.txt", "e.mp4"))
    assert tab.summary.text() == (
        f"7 files in the folder were left out, not JPEG, PNG or WebP: “{named}” and 2 more."
    )


async def test_files_left_out_of_two_folders_are_said_to_be_in_the_folders(
    tab: UploadTab, tmp_path: Path
) -> None:
    """Two folders dropped, each leaving a file out: "in the folders"."""
    folders = [tmp_path / "sketches", tmp_path / "finals"]
    for folder, name in zip(folders, ("a.gif", "b.psd"), strict=True):
        folder.mkdir()
        noise_png(folder / "harbour.png", (64, 48), seed=3)
        (folder / name).write_bytes(b"\0")
    drop(tab, folders)
    await until(lambda: len(tab.items) == 2 and not tab.checking)
    named = "”, “".join(isolated(name) for name in ("a.gif", "b.psd"))
    assert tab.summary.text() == (
        f"2 files in the folders were left out, not JPEG, PNG or WebP: “{named}”."
    )


async def test_a_left_out_file_s_long_name_is_cut_in_its_middle_keeping_its_extension(
    tab: UploadTab, tmp_path: Path
) -> None:
    """A file named with 200 characters made the summary a page long, its width the
    window's: the name is cut in its middle, its start, its end and its extension kept."""
    folder = tmp_path / "commission"
    folder.mkdir()
    noise_png(folder / "harbour.png", (64, 48), seed=3)
    name = "harbour_series_" + "x" * 200 + "_final_042.psd"
    (folder / name).write_bytes(b"\0")
    drop(tab, [folder])
    await until(lambda: len(tab.items) == 1 and not tab.checking)
    said = tab.summary.text().replace(BREAK, "")
    shown = said[said.index("\u2068") + 1 : said.index("\u2069")]
    assert len(shown) < 60, said
    assert shown.startswith("harbour_series_") and shown.endswith("042.psd"), said
    assert "…" in shown, said


async def test_a_left_out_file_s_odd_name_leaves_the_rest_of_the_summary_as_it_is(
    tab: UploadTab, tmp_path: Path
) -> None:
    """A file named with a right-to-left override (as a file hiding its true extension is)
    turned every word after it around, the other names unreadable; one with a line break
    in its name broke the sentence in two."""
    folder = tmp_path / "commission"
    folder.mkdir()
    noise_png(folder / "harbour.png", (64, 48), seed=3)
    for name in ("a\u202etxt.exe", "b\nnotes.txt", "c.psd"):
        (folder / name).write_bytes(b"\0")
    drop(tab, [folder])
    await until(lambda: len(tab.items) == 1 and not tab.checking)
    said = tab.summary.text()
    assert "\n" not in said  # one line
    # The override ends with its name: the names after it read as they are.
    assert "“\u2068a\u202etxt.exe\u202c\u2069”" in said, said
    assert "“\u2068b notes.txt\u2069”" in said, said


async def test_a_big_folder_is_listed_while_the_window_goes_on_answering(
    tab: UploadTab, tmp_path: Path
) -> None:
    """A folder of 500 artworks held the window still for over a second while its rows were
    made: they come a few at a time, the window painting and answering in between, in the
    folder's order."""
    folder = tmp_path / "big"
    folder.mkdir()
    count = 100
    names = [f"art {n:03}.png" for n in range(count)]
    image = Image.new("RGB", (16, 12), (20, 110, 90))
    for name in names:
        image.save(folder / name)
    listed_at_each_turn: list[int] = []
    turns = QTimer(tab)
    turns.timeout.connect(lambda: listed_at_each_turn.append(len(tab.items)))
    turns.start(0)

    drop(tab, [folder])
    await until(lambda: len(tab.items) == count)
    turns.stop()

    assert any(0 < listed < count for listed in listed_at_each_turn)
    assert [item.path.name for item in tab.items] == names


async def test_files_another_window_had_come_back_while_the_window_goes_on_answering(
    tab: UploadTab, tmp_path: Path
) -> None:
    """A switch of mode brings the files the old window had listed: 500 of them held the new
    window still for over a second while their rows were made at once. They come a few at a
    time, with their details, and until the last has come all are still the work a
    further switch would hand over."""
    count = 100
    image = Image.new("RGB", (16, 12), (20, 110, 90))
    kept = []
    for n in range(count):
        path = tmp_path / f"art {n:03}.png"
        image.save(path)
        kept.append(PendingUpload(path, f"Art {n}", f"number {n}", "series"))
    listed_at_each_turn: list[int] = []
    handed_over: list[list[PendingUpload]] = []

    def turn() -> None:
        listed_at_each_turn.append(len(tab.items))
        handed_over.append(tab.pending())

    turns = QTimer(tab)
    turns.timeout.connect(turn)
    turns.start(0)

    tab.restore_pending(kept)
    await until(lambda: len(tab.items) == count)
    turns.stop()

    assert any(0 < listed < count for listed in listed_at_each_turn)
    assert all(pending == kept for pending in handed_over)
    assert [(i.path, i.title, i.description, i.tags) for i in tab.items] == [
        (k.path, k.title, k.description, k.tags) for k in kept
    ]
    assert tab.row(tab.items[-1]).title.text() == "Art 99"


async def test_an_image_whose_name_is_not_utf8_in_a_dropped_folder_is_added(
    tab: UploadTab, session: Session, tmp_path: Path
) -> None:
    """A folder copied from an old disk or a zip holds "café.png" in Latin-1. Before, its
    title kept the name's stray byte, which the library cannot store: Add to library said
    something went wrong, nothing was added, and the row read "Copying into the library…"
    for good, its remove button dimmed. Now its title reads as the command line's does."""
    folder = tmp_path / "old disk"
    folder.mkdir()
    noise_png(Path(os.fsdecode(os.fsencode(folder) + b"/caf\xe9.png")), (32, 24), seed=1)
    drop(tab, [folder])
    await until(lambda: len(tab.items) == 1 and not tab.checking)
    assert tab.title_edit.text() == "caf\ufffd"

    tab.add_button.click()
    await until(lambda: not tab.busy)
    assert [snap.title for snap in uploaded(session)] == ["caf\ufffd"]
    assert tab.items == []
    assert tab.summary.text() == (
        "Added 1 artwork to your library. Publish it from there any time."
    )


async def test_image_dialogs_open_in_pictures_then_where_images_were_last_chosen(
    tab: UploadTab,
    bridge: Bridge,
    files: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Given no folder, Qt's dialogs opened in the folder the app was started from (the
    source tree, or "/" from a launcher): never where the artist's images are."""
    home = tmp_path / "home"
    (home / "Pictures").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "no-user-dirs"))
    monkeypatch.setattr(image_folder, "_last", "")
    started_in = tmp_path / "started-here"
    started_in.mkdir()
    monkeypatch.chdir(started_in)
    opened: list[str] = []

    def choose(chosen: object) -> Any:
        def dialog(_parent: object, _title: str, folder: str = "", *_rest: object) -> Any:
            opened.append(folder)
            return chosen

        return dialog

    monkeypatch.setattr(
        upload_tab.QFileDialog, "getOpenFileNames", choose(([str(files["png"])], ""))
    )
    tab.browse_button.click()
    assert opened == [str(home / "Pictures")]
    await until(lambda: not tab.checking)

    generate = await open_generate_tab(bridge)
    try:
        monkeypatch.setattr(reference_slot.QFileDialog, "getOpenFileName", choose(("", "")))
        generate.slot.browse()
        assert opened[-1] == str(files["png"].parent), "where the last images came from"
    finally:
        await close_generate_tab(generate, bridge)

    (home / "Pictures").rmdir()
    monkeypatch.setattr(image_folder, "_last", "")
    monkeypatch.setattr(upload_tab.QFileDialog, "getExistingDirectory", choose(""))
    tab.folder_button.click()
    assert opened[-1] == str(home), "no Pictures folder: the home"


async def test_image_dialogs_open_in_pictures_when_the_last_folder_does_not_answer(
    tab: UploadTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder last chosen on a network share that is gone since: looking at it blocks
    (an NFS hard mount until the server answers). Looked at on the GUI thread, Add files
    froze the window that long before its dialog opened."""
    home = tmp_path / "home"
    (home / "Pictures").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "no-user-dirs"))
    share = tmp_path / "share"
    share.mkdir()
    monkeypatch.setattr(image_folder, "_last", str(share))
    answer = threading.Event()
    stat = os.stat

    def dead_mount(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        if os.fspath(path) == str(share):
            answer.wait(10.0)  # a test never hangs: without the fix, the share "answers"
        return stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", dead_mount)
    opened: list[str] = []

    def dialog(_parent: object, _title: str, folder: str = "", *_rest: object) -> Any:
        opened.append(folder)
        return [], ""

    monkeypatch.setattr(upload_tab.QFileDialog, "getOpenFileNames", dialog)
    try:
        tab.browse_button.click()
    finally:
        answer.set()
    assert opened == [str(home / "Pictures")]


async def test_add_files_after_a_drop_opens_where_the_dropped_files_are(
    tab: UploadTab, files: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Artworks dragged in from a project folder, then more added with Add files: it
    opened in Pictures, while a reference dropped in the Generate tab is remembered."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setattr(image_folder, "_last", "")
    opened: list[str] = []

    def dialog(_parent: object, _title: str, folder: str = "", *_rest: object) -> Any:
        opened.append(folder)
        return [], ""

    monkeypatch.setattr(upload_tab.QFileDialog, "getOpenFileNames", dialog)
    assert drop_files(tab, files["png"])
    await until(lambda: not tab.checking)
    tab.browse_button.click()
    assert opened == [str(files["png"].parent)]


async def test_a_folder_that_brings_nothing_says_why(
    tab: UploadTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("nothing to see")
    monkeypatch.setattr(
        upload_tab.QFileDialog, "getExistingDirectory", lambda *args, **kwargs: str(empty)
    )
    tab.folder_button.click()
    await until(lambda: not tab.checking)
    assert tab.items == []
    assert tab.summary.text() == (
        "There are no images to add in this folder. Cause: “empty” holds no JPEG, PNG or WebP "
        "file. JPEG, PNG and WebP files are added; hidden files are left out."
    )
    assert tab.summary.property("level") == "error"

    monkeypatch.setattr(collect, "MAX_IMAGES", 2)
    crowded = tmp_path / "crowded"
    crowded.mkdir()
    for n in range(3):
        noise_png(crowded / f"study {n}.png", (8, 8), seed=n)
    drop(tab, [crowded])
    await until(lambda: not tab.checking)
    assert tab.items == []
    assert tab.summary.text() == (
        "There are too many files to add at once. Cause: “crowded” holds more than 2 images: at "
        "most 2 are added at once. Add a smaller folder, or choose the files you want."
    )


async def test_a_folder_of_a_long_name_that_brings_nothing_does_not_widen_the_tab(
    tab: UploadTab, tmp_path: Path
) -> None:
    """A folder named as files are saved by some tools, its words joined by underscores,
    that brings no image: its name, one unbreakable word in the summary's sentence, made
    the tab as wide as the name (a name of 140 characters took the window from 1,000 to
    1,343 pixels; of 255, the most a name may have, past a laptop's screen). The summary
    wraps it as the preview wraps a path, and names it whole."""
    name = "commission_sketches_harbour_series_" * 4
    folder = tmp_path / name
    folder.mkdir()
    narrow = tab.width()
    assert tab.minimumSizeHint().width() <= narrow
    drop(tab, [folder])
    await until(lambda: not tab.checking and tab.summary.isVisible())
    assert f"“{name}” holds no JPEG" in tab.summary.text().replace("\u200b", "")
    assert tab.minimumSizeHint().width() <= narrow
    await until(lambda: tab.width() == narrow)


async def test_a_summary_that_breaks_a_long_folder_name_is_read_out_without_the_breaks(
    tab: UploadTab, tmp_path: Path
) -> None:
    """The summary wraps a long folder's name at invisible breaks: a screen reader was given
    them with the words (a braille display shows them), as the settings' keyring name and
    the preview's words no longer do. It is given the words as typed."""
    name = "commission_sketches_harbour_series_" * 4
    (tmp_path / name).mkdir()
    drop(tab, [tmp_path / name])
    await until(lambda: not tab.checking and tab.summary.isVisible())
    assert "\u200b" in tab.summary.text(), "it wraps at the breaks"
    said = QAccessible.queryAccessibleInterface(tab.summary)
    assert said is not None
    assert said.text(QAccessible.Text.Name) == tab.summary.text().replace("\u200b", "")


async def test_a_drop_of_more_files_than_are_added_at_once_lists_none_and_says_so(
    tab: UploadTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder brought at most 500 images, but files chosen by name had no cap: 20,000
    selected in a file manager and dropped were all listed, a row each (~0.1 MB of widgets
    and thumbnail, benchmarks/README.md: 2 GB), for minutes. A drop or choice now brings at
    most as many files as a folder, folders and files together: one of more lists none,
    and says how many at a time go."""
    monkeypatch.setattr(collect, "MAX_IMAGES", 3)
    monkeypatch.setattr(upload_tab, "MAX_IMAGES", 3)
    studies = [noise_png(tmp_path / f"study {n}.png", (8, 8), seed=n) for n in range(4)]
    drop(tab, studies)
    await until(lambda: not tab.checking)
    assert tab.items == []
    assert tab.summary.text() == (
        "There are too many files to add at once. Cause: 4 files, and at most 3 are added at "
        "once. None of them were listed: add them in groups of up to 3."
    )
    assert tab.summary.property("level") == "error"

    drop(tab, studies[:3])
    await until(lambda: len(tab.items) == 3 and not tab.checking)
    assert not tab.summary.isVisible()


async def test_each_folder_limit_is_said_in_its_own_words(
    tab: UploadTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, a folder of many names but few images, and a folder past what the folders
    before it had left, both read "holds too many files: at most 500 images are added"."""
    first, second, papers = folders_past_the_limits(tmp_path, monkeypatch)
    drop(tab, [first, second, papers])
    await until(lambda: len(tab.items) == 2 and not tab.checking)
    assert tab.summary.text() == (
        "This folder would bring too many images at once. Cause: “second” was left out: with "
        "the folders before it, this drop would bring more than 2 images. Add it in another "
        "go, once the others are in the library.\n"
        "This folder has too many files to look through. Cause: “papers” holds over 3 files and "
        "folders. Add a smaller folder, or choose the files you want."
    )


async def test_apply_to_all_asks_before_replacing_what_files_have_of_their_own(
    tab: UploadTab, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, one click on "Apply to all files" replaced the description and tags typed
    for each file of the list, with no question and no way back."""
    asked: list[str] = []
    answer = [False]
    monkeypatch.setattr(
        tab,
        "confirm",
        lambda _title, text, *_buttons: asked.append(text) or answer[0],
        raising=False,
    )
    tab.add_files([files["png"], files["jpeg"], files["broken"]])
    await until(lambda: not tab.checking)
    png, jpeg = by_name(tab, "harbour at dusk.png"), by_name(tab, "山水.jpg")

    tab.set_current(png.key)
    QTest.keyClicks(tab.tags_edit, "sea, dusk")
    tab.apply_all.click()
    assert asked == [], "no file had words of its own: nothing to ask"
    assert jpeg.tags == "sea, dusk"

    tab.set_current(jpeg.key)
    tab.tags_edit.selectAll()
    QTest.keyClicks(tab.tags_edit, "ink, mountains")
    tab.description_edit.setPlainText("Ink on rice paper")
    tab.set_current(png.key)
    tab.apply_all.click()
    assert asked == [
        "1 other file has a description or tags of its own. Replace them with this file's?"
    ]
    assert (jpeg.description, jpeg.tags) == ("Ink on rice paper", "ink, mountains")

    answer[0] = True
    tab.apply_all.click()
    assert (jpeg.description, jpeg.tags) == ("", "sea, dusk")
    assert tab.summary.text() == "The description and tags now apply to every file."


async def test_apply_to_all_leaves_files_in_the_library_with_the_library_s_details(
    tab: UploadTab,
    session: Session,
    files: dict[str, Path],
    tmp_path: Path,
    r2: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A file the library holds keeps the library's description and tags: its fields are
    grey, and Publish sends the library's. Before, "Apply to all files" wrote the typed ones
    into it all the same: its grey fields showed words it would never be published with,
    the summary said they "now apply to every file", and a description of its own in the
    library had the artist asked whether to replace it, for nothing."""
    artwork = imported(session, files["png"])
    session.ledger.update(artwork.id, description="Oil on board", tags="harbour")
    asked: list[str] = []
    monkeypatch.setattr(
        tab, "confirm", lambda _title, text, *_buttons: asked.append(text) or True, raising=False
    )
    sketch = noise_png(tmp_path / "sketch.png", (60, 40), seed=7)
    tab.add_files([files["jpeg"], files["png"], sketch])
    await until(lambda: not tab.checking)
    jpeg, held = by_name(tab, "山水.jpg"), by_name(tab, "harbour at dusk.png")
    tab.set_current(jpeg.key)
    QTest.keyClicks(tab.tags_edit, "ink, mountains")
    tab.description_edit.setPlainText("Ink on rice paper")
    tab.apply_all.click()

    assert asked == [], "the library's words are not the list's to replace"
    assert by_name(tab, "sketch.png").tags == "ink, mountains"
    tab.set_current(held.key)
    assert (tab.description_edit.toPlainText(), tab.tags_edit.text()) == (
        "Oil on board",
        "harbour",
    )
    assert tab.summary.text() == (
        "The description and tags now apply to every file not in your library yet. The one "
        "in it keeps the library's: change them there (Edit details)."
    )
    tab.publish_button.click()
    await until(lambda: not tab.busy, timeout=30)
    kept = session.ledger.get(artwork.id)
    assert kept is not None and kept.published_key
    assert (kept.description, kept.tags) == ("Oil on board", "harbour")


async def test_apply_to_all_is_grey_when_every_other_file_is_in_the_library(
    tab: UploadTab, session: Session, files: dict[str, Path]
) -> None:
    """Enabled, it changed nothing any Add or Publish would take."""
    imported(session, files["png"])
    tab.add_files([files["jpeg"], files["png"]])
    await until(lambda: not tab.checking)
    tab.set_current(by_name(tab, "山水.jpg").key)
    assert tab.tags_edit.isEnabled()
    assert not tab.apply_all.isEnabled()


async def test_a_file_named_like_markup_is_heard_as_typed_in_the_details(
    tab: UploadTab, tmp_path: Path
) -> None:
    """A file named "a <b>bold<i> fox.png": the details' File line is described by its tooltip,
    the path kept plain by invisible joiners, which a screen reader read too. It hears the
    path as typed."""
    named = noise_png(tmp_path / "a <b>bold<i> fox.png", (120, 80), seed=3)
    tab.add_files([named])
    await until(lambda: not tab.checking)
    assert tab.file_label.text() == "a <b>bold<i> fox.png"
    said = QAccessible.queryAccessibleInterface(tab.file_label)
    assert said.text(QAccessible.Text.Description) == str(named)


async def test_apply_to_all_follows_the_files_listed_and_checked_after_the_current_one(
    tab: UploadTab, files: dict[str, Path], tmp_path: Path
) -> None:
    """Apply to all files was set once, when a file became the current one: one file
    chosen, then a folder of 39 more dropped, it stayed grey beside 40 files with the
    tags just typed; a file removed, or refused once checked, left it lit for a file alone."""
    tab.add_files([files["png"]])
    await until(lambda: not tab.checking)
    assert tab.file_label.text() == "harbour at dusk.png"
    assert not tab.apply_all.isEnabled()

    tab.add_files([files["jpeg"]])
    await until(lambda: not tab.checking)
    assert tab.file_label.text() == "harbour at dusk.png"
    assert tab.apply_all.isEnabled(), "two files to give the details to"

    tab.remove(by_name(tab, "山水.jpg").key)
    assert not tab.apply_all.isEnabled(), "the current file is the only one left"

    other = noise_png(tmp_path / "other.png", (60, 40), seed=3)
    tab.add_files([files["broken"], other])
    assert tab.apply_all.isEnabled(), "being checked, both may take the details"
    await until(lambda: not tab.checking)
    assert tab.apply_all.isEnabled()
    tab.remove(by_name(tab, "other.png").key)
    assert not tab.apply_all.isEnabled(), "the file left beside it was refused"


async def test_details_over_the_library_s_limits_are_refused_in_words_then_taken_once_shortened(
    tab: UploadTab,
    session: Session,
    files: dict[str, Path],
    r2: str,  # noqa: F811
    admin: Any,
) -> None:
    """A novel pasted into the description by mistake was copied into the library and
    published in the artwork's manifest, where Edit details refuses it in words ("Shorten
    the description to 5,000 characters"). Now the file waits in the list with those words,
    and goes once it is shortened; the other files go meanwhile."""
    tab.add_files([files["png"], files["jpeg"]])
    await until(lambda: not tab.checking)
    png = by_name(tab, "harbour at dusk.png")
    tab.set_current(png.key)
    tab.description_edit.setPlainText("word " * 1_200)
    tab.publish_button.click()
    await until(lambda: not tab.busy, timeout=30)

    assert [item.path.name for item in tab.items] == ["harbour at dusk.png"]
    assert tab.row(png).status.text() == (
        "Shorten the description to 5,000 characters (it has 5,999)."
    )
    assert tab.row(png).status.property("level") == "error"
    assert [s.title for s in uploaded(session)] == ["山水"], "the other file went"
    assert "1 file needs attention." in tab.summary.text()

    tab.description_edit.setPlainText("Oil study")
    tab.title_edit.setText("x" * 301)
    tab.title_edit.textEdited.emit("x" * 301)
    tab.publish_button.click()
    await until(lambda: not tab.busy, timeout=30)
    assert tab.row(png).status.text() == "Shorten the title to 300 characters (it has 301)."

    tab.title_edit.setText("Harbour at dusk")
    tab.title_edit.textEdited.emit("Harbour at dusk")
    tab.publish_button.click()
    await until(lambda: not tab.busy, timeout=30)
    assert tab.items == []
    published = {s.title: s for s in uploaded(session)}
    assert published["Harbour at dusk"].description == "Oil study"
    assert published["Harbour at dusk"].published_key


async def test_a_long_title_shows_its_beginning(tab: UploadTab, tmp_path: Path) -> None:
    """Before, the title field showed "…nset over the old harbour, final version 3 (print)":
    its end, as if the first letters were lost."""
    long_name = "sunset over the old harbour, final version 3 for the print shop.png"
    path = noise_png(tmp_path / long_name, (40, 30))
    tab.add_files([path])
    await until(lambda: not tab.checking)
    field = tab.title_edit
    assert field.text() == path.stem
    assert field.fontMetrics().horizontalAdvance(field.text()) > field.width()
    assert field.cursorPosition() == 0


async def test_typing_inside_the_title_keeps_the_cursor_where_it_is(
    tab: UploadTab, files: dict[str, Path]
) -> None:
    """Before, every keystroke put the cursor at the end: fixing a typo inside the title
    sent the second letter typed to the end of it."""
    tab.add_files([files["png"]])
    await until(lambda: not tab.checking)
    field = tab.title_edit
    field.setFocus()
    field.setCursorPosition(len("harbour"))
    QTest.keyClicks(field, "s")
    QTest.keyClicks(field, "!")
    assert field.text() == "harbours! at dusk"
    assert by_name(tab, "harbour at dusk.png").title == "harbours! at dusk"


async def test_a_title_pasted_from_a_banner_comes_without_the_isolates_round_it(
    tab: UploadTab, files: dict[str, Path]
) -> None:
    """Words copied from a banner ("Renamed “⁨قطة⁩”.") carry the isolates the window sets
    round a title: pasted as a file's title, they became part of the artwork's title,
    unseen, as they no longer do in Rename and Edit details."""
    tab.add_files([files["png"]])
    await until(lambda: not tab.checking)
    field = tab.title_edit
    field.setFocus()
    field.selectAll()
    QApplication.clipboard().setText("\u2068قطة\u2069")
    QTest.keyClick(field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert field.text() == "قطة"
    assert by_name(tab, "harbour at dusk.png").title == "قطة"


async def test_a_description_and_tags_pasted_from_a_banner_come_without_its_isolates(
    tab: UploadTab, files: dict[str, Path]
) -> None:
    """As the title: pasted into the description or the tags, the isolates the window sets
    round a title went to the library with them, unseen."""
    tab.add_files([files["png"]])
    await until(lambda: not tab.checking)
    QApplication.clipboard().setText("\u2068قطة\u2069")
    for field in (tab.description_edit, tab.tags_edit):
        field.setFocus()
        QTest.keyClick(field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    item = by_name(tab, "harbour at dusk.png")
    assert (item.description, item.tags) == ("قطة", "قطة")


async def test_a_row_is_heard_with_its_arabic_title_and_file_name_isolated(
    tab: UploadTab, tmp_path: Path
) -> None:
    """Read bare, an Arabic title or file name took ", Ready" into its own right-to-left
    order, and the screen reader said the row's words out of turn."""
    path = noise_png(tmp_path / "قطة.png", (40, 30))
    tab.add_files([path])
    await until(lambda: not tab.checking)
    (item,) = tab.items
    tab.title_edit.selectAll()
    tab.title_edit.insert("حديقة")  # as typed: an edit of the artist's
    assert tab.row(item).accessibleName() == "\u2068حديقة\u2069, \u2068قطة.png\u2069, Ready"


async def test_a_long_list_clears_without_restyling_every_row_per_file(
    tab: UploadTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Clearing 80 files re-styled the remaining rows after each removal (6 320 restyles for
    80 files, seconds of frozen window for a few hundred); now the list settles once."""
    copies = [tmp_path / f"sketch-{index:03d}.png" for index in range(80)]
    for index, copy in enumerate(copies):
        Image.new("RGB", (16, 16), (index, 90, 200)).save(copy)
    tab.add_files(copies)
    await until(lambda: not tab.checking, timeout=60)
    restyled: list[str] = []
    real = upload_row.repolish

    def counted(widget: QWidget, name: str, value: str | bool) -> None:
        restyled.append(name)
        real(widget, name, value)

    monkeypatch.setattr(upload_row, "repolish", counted)
    tab.set_current(tab.items[-1].key)
    assert restyled.count("current") == 2, "only the rows that change are re-styled"
    restyled.clear()
    tab.clear_list()
    assert tab.items == [] and tab.pages.currentWidget() is tab.drop_zone
    assert restyled.count("current") <= 2


def example_room(edit: QLineEdit) -> int:
    """The width ``edit`` draws its placeholder in: inside its frame and text margins, less
    the 2 px Qt keeps each side."""
    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    inside = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
    margins = edit.textMargins()
    return inside.width() - margins.left() - margins.right() - 4


async def test_the_tags_example_reads_whole_in_a_900_px_window(
    session: Session, bridge: Bridge, files: dict[str, Path]
) -> None:
    """In a 900 x 700 window the Tags field, beside its name, was 2 px short of its example
    at the first start's split ("landscape, ink, commiss…"), and shorter still with the
    splitter dragged to the left. Now it goes under its name where the two do not fit side
    by side."""
    window = await open_window(session, bridge)
    try:
        window.resize(900, 700)
        tab = window.upload_tab
        window.tabs.setCurrentWidget(tab)
        tab.add_paths([files["png"]])
        await until(lambda: tab.details.isVisible())
        edit = tab.tags_edit
        assert edit.placeholderText() == "landscape, ink, commission"
        needed = edit.fontMetrics().horizontalAdvance(edit.placeholderText())
        for pane in (285, window.tabs.minimumSizeHint().width()):  # the first split's, the least
            rest = window.splitter.width() - pane - 2 * window.splitter.handleWidth()
            window.splitter.setSizes([pane, rest // 2, rest - rest // 2])
            await settled(window)
            assert window.tabs.width() == pane
            assert example_room(edit) >= needed, pane
            assert edit.visibleRegion().boundingRect() == edit.rect(), pane
    finally:
        await close_window(window)


PAIR_SPACING = 8


class PairSpacedStyle(QProxyStyle):
    """Spaces each pair of controls its own way and names no one spacing, as macOS's
    style does: a form asks it for -1 spacing."""

    def pixelMetric(
        self,
        metric: QStyle.PixelMetric,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
    ) -> int:
        if metric is QStyle.PixelMetric.PM_LayoutHorizontalSpacing:
            return -1
        return super().pixelMetric(metric, option, widget)

    def layoutSpacing(
        self,
        control1: QSizePolicy.ControlType,
        control2: QSizePolicy.ControlType,
        orientation: Qt.Orientation,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
    ) -> int:
        return PAIR_SPACING


async def test_names_keep_their_space_from_their_fields_in_a_style_that_spaces_pairs(
    owned: list[QObject],
) -> None:
    """The Upload tab's details form moves the space between a name and its field into
    the name's margin. Under macOS's style the form has no one spacing (-1): that -1 was
    taken for the margin, and "Title", "Description" and "Tags" touched their fields."""
    style = PairSpacedStyle("Fusion")
    box = QWidget()
    owned.extend((style, box))  # the box goes first: it draws with the style
    box.setStyle(style)
    form = QFormLayout(box)
    field = QLineEdit(box)
    form.addRow("Tags", field)
    assert form.horizontalSpacing() == -1
    spacing_in_names(form)
    box.resize(400, 100)
    box.show()
    await until(lambda: field.x() > 0)
    name = form.labelForField(field)
    assert isinstance(name, QWidget)
    name_ends = name.x() + name.contentsRect().right() + 1
    assert field.x() - name_ends == PAIR_SPACING


async def test_a_refusal_in_a_row_ends_with_its_words_not_an_empty_line(tab: UploadTab) -> None:
    """A refusal says all in its message and has no hint (an artwork deleted from the library
    while a batch published it): the row showed its words, then an empty line."""
    refused = explain(Refusal("There is no artwork 3."))
    for state in (ItemState.REFUSED, ItemState.FAILED):
        item = UploadItem(1, Path("fox.png"), Path("fox.png"), "fox", state=state, problem=refused)
        row = UploadRow(item, tab.bridge, tab)
        assert row.status.text() == "There is no artwork 3."


async def test_a_refused_row_says_what_is_wrong_and_what_to_do_without_its_name(
    tab: UploadTab, tmp_path: Path, files: dict[str, Path]
) -> None:
    """A refused row read "This image cannot be used. (empty.png is 0 bytes) Choose another
    image, one that opens in other apps.", the reference slot's words: no other image is
    chosen in a list, and the name was the row's own. The row says what is wrong in plain
    words and what to do, the name and the exact refusal in its tooltip, in few lines: a
    good file below is not pushed out of sight."""
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    notes = tmp_path / "notes.png"
    notes.write_text("shopping: ink, paper\n")
    tab.add_files([empty, files["broken"], notes, files["png"]])
    await until(lambda: not tab.checking)
    said = {
        item.path.name: (tab.row(item).status.text(), tab.row(item).status.toolTip())
        for item in tab.items
        if item.state is ItemState.REFUSED
    }
    assert said == {
        "empty.png": (
            "The file is empty. Export it again, or remove it from the list.",
            plain_tooltip("empty.png is 0 bytes"),
        ),
        "broken.png": (
            "The file is cut short or damaged. Export it again, or remove it from the list.",
            plain_tooltip("broken.png is truncated or damaged"),
        ),
        "notes.png": (
            "This file is not a JPEG, PNG or WebP image. Remove it from the list.",
            plain_tooltip(
                "notes.png is not an image, or its format is not supported: use JPEG, PNG or WebP"
            ),
        ),
    }
    await settled(tab)
    good = tab.row(by_name(tab, "harbour at dusk.png"))
    for item in tab.items:
        assert tab.row(item).height() <= good.height() * 1.3


async def test_an_image_of_another_format_is_named_and_told_to_be_exported(
    tab: UploadTab, tmp_path: Path, files: dict[str, Path]
) -> None:
    """A scanned TIFF and an animated GIF read "This file is not a JPEG, PNG or WebP image.
    Remove it from the list.", as a text file does, and the summary called them "not an
    image": an artist's own artwork taken for no image, and not told that exporting it is
    what puts it right. Each row names its format and says to export it."""
    scan = tmp_path / "scan.tif"
    Image.new("RGB", (40, 30), (200, 180, 150)).save(scan, "TIFF")
    loop = tmp_path / "loop.gif"
    Image.new("P", (40, 30)).save(loop, "GIF")
    tab.add_files([scan, loop, files["png"]])
    await until(lambda: not tab.checking)
    said = {
        item.path.name: tab.row(item).status.text()
        for item in tab.items
        if item.state is ItemState.REFUSED
    }
    export = "Save or export it as a JPEG or PNG and add that, or remove it from the list."
    assert said == {
        "scan.tif": f"This file is a TIFF image, not a JPEG, PNG or WebP. {export}",
        "loop.gif": f"This file is a GIF image, not a JPEG, PNG or WebP. {export}",
    }
    tab.add_button.click()
    await until(lambda: not tab.busy)
    assert tab.summary.text().endswith("2 files were not added (another format).")


class LayoutRequests(QObject):
    """The times Qt is asked to lay ``widget`` out again from now on."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


async def test_a_row_that_changes_lays_out_itself_not_the_whole_list(
    tab: UploadTab, files: dict[str, Path]
) -> None:
    """Each row that changed (its file checked, added, published, its title typed) had Qt
    lay out the whole list again, every row of it: checking a drop of 1,000 tiny files took
    18 s, 2,000 about 90 s (benchmarks/bench_upload_list.py). A row whose height stays lays
    out itself alone."""
    tab.add_files([files["png"], files["jpeg"]])
    await until(lambda: not tab.checking)
    await settled(tab)
    requests = LayoutRequests(tab.rows_layout.parentWidget())
    tab.title_edit.end(False)
    QTest.keyClicks(tab.title_edit, " at noon")
    await settled(tab)
    assert tab.row(by_name(tab, "harbour at dusk.png")).title.text() == "harbour at dusk at noon"
    assert requests.count == 0


async def test_rows_follow_the_list_s_width_and_grow_as_their_words_wrap(
    tab: UploadTab, tmp_path: Path, files: dict[str, Path]
) -> None:
    """Rows are as wide as the list and as high as their words need (a row lays out itself,
    fixed: see the test above): a narrower tab wraps a refusal onto more lines, and its row
    grows, pushing the next one down, its words all shown."""
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    tab.add_files([files["png"], empty, files["jpeg"]])
    await until(lambda: not tab.checking)
    await settled(tab)
    refused = tab.row(by_name(tab, "empty.png"))
    wide = refused.height()
    tab.resize(260, tab.height())
    await settled(tab)
    rows = [tab.row(item) for item in tab.items]
    margins = tab.rows_layout.contentsMargins()
    inside = tab.list_view.viewport().width() - margins.left() - margins.right()
    assert [row.width() for row in rows] == [inside] * 3
    assert refused.height() > wide
    assert refused.status.height() >= refused.status.heightForWidth(refused.status.width())
    for above, below in itertools.pairwise(rows):
        assert above.geometry().bottom() < below.y()


async def test_the_summary_says_how_many_refused_files_were_not_added_and_why(
    tab: UploadTab,
    tmp_path: Path,
    files: dict[str, Path],
    r2: str,  # noqa: F811
) -> None:
    """Before, the green "Added 1 artwork to your library." said nothing of the files still
    listed in red below it: it read as if all went in."""
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    notes = tmp_path / "notes.png"
    notes.write_text("shopping: ink, paper\n")
    await run_batch(tab, [files["png"], empty, files["broken"]], tab.add_button)
    assert tab.summary.text() == (
        "Added 1 artwork to your library. Publish it from there any time. "
        "2 files were not added (empty and damaged)."
    )
    tab.remove(by_name(tab, "empty.png").key)
    await run_batch(tab, [files["jpeg"], notes], tab.add_button)
    assert tab.summary.text() == (
        "Added 1 artwork to your library. Publish it from there any time. "
        "2 files were not added (damaged and not an image)."
    )
    tab.remove(by_name(tab, "notes.png").key)
    await run_batch(tab, [copies_of(files["png"], tmp_path, 2)[1]], tab.publish_button)
    assert tab.summary.text().endswith(" 1 file was not published (damaged).")


async def test_a_row_s_title_shows_its_file_s_path_on_hover_and_is_heard_once(
    tab: UploadTab, files: dict[str, Path]
) -> None:
    """A row's title shows the file's whole path on hover. Set as its tooltip, a screen
    reader heard the title, then the path, which the row's details line says again: the
    title is heard by its words alone, and the path once, by the details line."""
    tab.add_files([files["png"]])
    await until(lambda: not tab.checking)
    row = tab.row(tab.items[0])
    path = str(tab.items[0].path)
    assert tip_shown(row.title) == plain_tooltip(path)
    title = QAccessible.queryAccessibleInterface(row.title)
    assert title.text(QAccessible.Text.Name) == row.title.text()
    assert title.text(QAccessible.Text.Description) == ""
    detail = QAccessible.queryAccessibleInterface(row.detail)
    heard = detail.text(QAccessible.Text.Description)
    assert "".join(path.split()) in "".join(heard.split()), "heard there, on its lines"


async def test_files_of_one_name_from_other_folders_show_enough_of_their_folders(
    tab: UploadTab, tmp_path: Path, files: dict[str, Path]
) -> None:
    """Two truncated.png, from two folders, read the same in the list: which was which could
    not be told. Where names clash, a row shows as much of the folder as tells them apart;
    its tooltip, the whole path."""
    clashing = []
    for folder in ("2023/march", "2024/march", "2024/april"):
        (tmp_path / folder).mkdir(parents=True)
        clashing.append(shutil.copy(files["png"], tmp_path / folder / "sea.png"))
    tab.add_files([*clashing, files["jpeg"]])
    await until(lambda: not tab.checking)
    names = [tab.row(item).detail.text().rsplit(" · ", 1)[1] for item in tab.items]
    sep = os.sep
    assert names == [
        f"2023{sep}march{sep}sea.png",
        f"2024{sep}march{sep}sea.png",
        f"april{sep}sea.png",
        "山水.jpg",
    ]
    first = tab.items[0]
    assert str(first.path) in tab.row(first).detail.toolTip().replace("\n", ""), "on lines"
    tab.set_current(first.key)
    assert tab.file_label.text() == f"2023{sep}march{sep}sea.png"

    tab.remove(first.key)
    assert tab.row(tab.items[0]).detail.text().endswith(f" · march{sep}sea.png")
    tab.remove(tab.items[0].key)
    left = by_name(tab, "sea.png")
    assert tab.row(left).detail.text().endswith(" · sea.png"), "no clash is left"


async def test_files_listed_never_make_the_window_taller_than_it_was(
    session: Session, bridge: Bridge, files: dict[str, Path]
) -> None:
    """On a 1024 x 640 laptop at 150 %, two files listed (their details box, the list and
    two rows of buttons) made the window's least height 424 of the screen's 427 points: with
    the title bar above it, its status bar and the library's buttons went below the screen's
    edge. The tab's controls scroll, as the Generate tab's do, and its Publish stays put."""
    window = await open_window(session, bridge)
    try:
        window.tabs.setCurrentWidget(window.upload_tab)
        await settled(window)
        least = window.minimumSizeHint().height()
        tab = window.upload_tab
        drop(tab, [files["png"], files["jpeg"]])
        await until(lambda: len(tab.items) == 2 and tab.details.isVisible())
        await settled(window)
        assert window.minimumSizeHint().height() <= least
        assert tab.publish_button.isVisible()
        button = tab.publish_button
        where = QRect(button.mapTo(tab, QPoint(0, 0)), button.size())
        assert tab.rect().contains(where), "Publish stays in view"
    finally:
        await close_window(window)


async def test_a_file_whose_artwork_another_program_deletes_as_it_publishes_is_named_by_title(
    tab: UploadTab,
    controller: PublishController,  # noqa: F811
    session: Session,
    files: dict[str, Path],
    r2: str,  # noqa: F811
) -> None:
    """Another program deletes the artwork the tab has just added while its image goes to
    R2: its row said "There is no job 1.", a number the window shows nowhere."""
    entered, release = hold_transfers(controller)
    tab.add_files([files["png"]])
    await until(lambda: not tab.checking)
    tab.publish_button.click()
    await until(entered.is_set)
    (added,) = uploaded(session)
    session.ledger.delete(added.id)
    release.set()
    await until(lambda: not tab.busy)
    (item,) = tab.items
    assert item.problem is not None
    assert item.problem.message == (
        "“harbour at dusk” was deleted by another program, so it was not published."
    )


async def test_a_file_whose_artwork_a_command_deletes_as_it_publishes_says_it_was_deleted(
    tab: UploadTab,
    controller: PublishController,  # noqa: F811
    session: Session,
    files: dict[str, Path],
    r2: str,  # noqa: F811
) -> None:
    """A command deletes the artwork the tab has just added while it publishes: the image
    goes to the trash before the row, and the file's row said "In the library, not
    published: The image file is missing. (… is no longer in the library folder …) … put it
    back in that folder", advice for an artwork that no longer is. It says it was deleted,
    and the next Publish adds the file anew."""
    entered, release = hold_transfers(controller)
    tab.add_files([files["png"]])
    await until(lambda: not tab.checking)
    tab.publish_button.click()
    await until(entered.is_set)
    (added,) = uploaded(session)
    deleted_by_a_command(session, added)
    release.set()
    await until(lambda: not tab.busy)
    (item,) = tab.items
    assert tab.row(item).status.text() == (
        "“harbour at dusk” was deleted by another program, so it was not published."
    )
    assert item.snapshot is None
    assert tab.publish_button.isEnabled()


def refusing_once() -> PublisherFactory:
    """Publishers whose first publish R2 refuses as too busy; the others go through."""
    return answering_first(429, "ServiceUnavailable")


async def refused_by_r2(window: MainWindow, files: dict[str, Path]) -> tuple[UploadTab, UploadItem]:
    """The PNG published from the Upload tab, which R2 refused (too busy: the window's
    publishers are :func:`refusing_once`): the tab, shown, and its row's item, in the
    library."""
    tab = window.upload_tab
    window.tabs.setCurrentWidget(tab)
    await run_batch(tab, [files["png"]], tab.publish_button)
    (item,) = tab.items
    assert item.snapshot is not None
    return tab, item


async def test_the_summary_follows_a_row_the_command_line_published(
    session: Session,
    bridge: Bridge,
    files: dict[str, Path],
    r2: str,  # noqa: F811
) -> None:
    """R2 refused a file's publish, and the command line published it since: its row said
    "In the library and published.", and the summary under it went on saying "Nothing was
    published: see the reasons in the list. …" for a list with no reason left in it."""
    window = await open_window(session, bridge, publisher_factory=refusing_once())
    try:
        tab, item = await refused_by_r2(window, files)
        assert tab.summary.text().startswith("Nothing was published: see the reasons in the list.")

        await published_by_the_command_line(window, item.snapshot)

        await until(lambda: tab.row(item).status.text() == "In the library and published.")
        assert tab.summary.isHidden()
    finally:
        await close_window(window)


async def test_a_file_whose_missing_artwork_a_command_then_deletes_no_longer_says_put_it_back(
    session: Session,
    bridge: Bridge,
    files: dict[str, Path],
    r2: str,  # noqa: F811
) -> None:
    """A command's delete trashes the image before the row goes: a publish that read the
    file in between found the row still there, and said the file was gone from the library
    folder, "put it back in that folder". Once the window heard of the delete, the row kept
    that advice, for an artwork that no longer is: it says it was deleted."""
    window = await open_window(session, bridge)
    try:
        tab, added, release = await published_from_the_tab(window, session, files)
        move_to_trash(Path(added.file_path))  # the row goes later
        release.set()
        await until(lambda: not tab.busy)
        (item,) = tab.items
        assert "put it back" in tab.row(item).status.text()

        cli = Ledger.open(session.paths.database)
        try:
            cli.delete(added.id)
        finally:
            cli.close()
        window.library.model._check_outside()  # as its timer does, within two seconds
        await until(lambda: item.snapshot is None)
        assert tab.row(item).status.text() == (
            "“harbour at dusk” was deleted by another program, so it was not published."
        )
    finally:
        await close_window(window)


async def published_from_the_tab(
    window: MainWindow, session: Session, files: dict[str, Path]
) -> tuple[UploadTab, Snapshot, threading.Event]:
    """The tab publishing the PNG, its transfer held once under way: the tab, the artwork it
    added (shown in the library), and the event that lets the transfer go on."""
    tab = window.upload_tab
    entered, release = hold_transfers(window.publishing)
    tab.add_files([files["png"]])
    await until(lambda: not tab.checking)
    tab.publish_button.click()
    await until(entered.is_set)
    (added,) = uploaded(session)
    await until(lambda: window.library.model.row_of(added.id) is not None)
    return tab, added, release


async def deleted_in_the_library(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, artwork_id: int
) -> None:
    """The artist's Delete of ``artwork_id`` in the library, answered yes (it goes on)."""
    library = window.library
    library.select_job(artwork_id)
    monkeypatch.setattr(library, "confirm", lambda *_asked: True)
    await until(lambda: library.commands["delete"].isEnabled())
    library.commands["delete"].trigger()


async def test_a_file_whose_artwork_is_deleted_in_the_library_as_it_publishes_is_ready_again(
    session: Session,
    bridge: Bridge,
    files: dict[str, Path],
    r2: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The artist deletes in the library the artwork the tab is publishing: its row said
    "“harbour at dusk” was deleted by another program, so it was not published.", of the
    artist's own delete. It is ready to be added anew, as a row whose artwork was deleted
    in the library is."""
    window = await open_window(session, bridge)
    try:
        tab, added, release = await published_from_the_tab(window, session, files)
        await deleted_in_the_library(window, monkeypatch, added.id)
        await until(lambda: session.ledger.get(added.id) is None and not window.bridge.deleting)
        release.set()
        await until(lambda: not tab.busy)
        (item,) = tab.items
        assert item.snapshot is None
        assert "another program" not in tab.row(item).status.text()
        assert tab.row(item).status.text() == "Ready"
        assert tab.publish_button.isEnabled()
    finally:
        await close_window(window)


async def test_a_file_whose_artwork_a_command_deletes_as_it_publishes_leaves_the_library_at_once(
    session: Session,
    bridge: Bridge,
    files: dict[str, Path],
    r2: str,  # noqa: F811
) -> None:
    """A command deletes the artwork the tab is publishing: its row says so, and the
    library's tile, which stayed until the library was next read, up to 2 s later, goes
    at once, every view told once."""
    window = await open_window(session, bridge)
    try:
        gone = deletions(window.bridge)
        tab, added, release = await published_from_the_tab(window, session, files)
        row_deleted_by_a_command(session, added.id)
        release.set()
        await until(lambda: not tab.busy)
        (item,) = tab.items
        assert tab.row(item).status.text() == (
            "“harbour at dusk” was deleted by another program, so it was not published."
        )
        assert item.snapshot is None
        assert window.library.model.row_of(added.id) is None
        assert gone == [added.id]
        assert tab.publish_button.isEnabled()
    finally:
        await close_window(window)


async def test_a_file_whose_publish_waits_for_the_delete_of_its_artwork_says_so(
    session: Session,
    bridge: Bridge,
    files: dict[str, Path],
    r2: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The artist deletes in the library the artwork the tab is publishing, among many: the
    publish met the file the Delete trashed and waits for the Delete to end. Its row said
    "Publishing…" all that time, its transfer over."""
    window = await open_window(session, bridge)
    try:
        tab, added, release = await published_from_the_tab(window, session, files)
        trashed, go_on = threading.Event(), threading.Event()

        def held_trash(path: Path) -> None:
            move_to_trash(path)
            trashed.set()
            assert go_on.wait(timeout=30)

        monkeypatch.setattr("kontext_studio.jobs.engine.move_to_trash", held_trash)
        await deleted_in_the_library(window, monkeypatch, added.id)
        await until(trashed.is_set)
        release.set()
        (item,) = tab.items
        try:
            await until(
                lambda: (
                    tab.row(item).status.text() == "Waiting for the delete of its artwork to end…"
                )
            )
        finally:
            go_on.set()
        await until(lambda: not tab.busy)
        assert tab.row(item).status.text() == "Ready"
    finally:
        await close_window(window)


async def test_a_row_whose_artwork_a_delete_trashed_and_kept_says_that_first(
    session: Session,
    bridge: Bridge,
    files: dict[str, Path],
    r2: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The artist deletes in the library the artwork the tab is publishing; the Delete moves
    its image to the Trash, then cannot remove it (another program holds the library). The
    row read "In the library, not published. The image is in the Trash: a Delete moved it
    there, but could not remove the artwork from the library.": told first it is in the
    library, then that it could not be removed from it. It says what befell it first."""
    window = await open_window(session, bridge)
    try:
        tab, added, release = await published_from_the_tab(window, session, files)
        trashed, go_on = threading.Event(), threading.Event()

        def held_trash(path: Path) -> None:
            move_to_trash(path)
            trashed.set()
            assert go_on.wait(timeout=30)

        monkeypatch.setattr("kontext_studio.jobs.engine.move_to_trash", held_trash)
        library_held_at_delete(session, monkeypatch)
        await deleted_in_the_library(window, monkeypatch, added.id)
        await until(trashed.is_set)
        release.set()
        (item,) = tab.items
        try:
            await until(lambda: tab.row(item).status.text().startswith("Waiting for the delete"))
        finally:
            go_on.set()
        await until(lambda: not tab.busy)
        assert tab.row(item).status.text() == (
            "The image is in the Trash: a Delete moved it there, but could not remove the "
            "artwork from the library. The artwork was not published.\n"
            "Restore it from the Trash to publish it, or delete the artwork again to finish "
            "removing it."
        )
    finally:
        await close_window(window)


@pytest.mark.parametrize("where", ["library", "command line"])
async def test_a_failed_row_published_since_elsewhere_is_not_offered_to_publish_again(
    session: Session,
    bridge: Bridge,
    files: dict[str, Path],
    r2: str,  # noqa: F811
    where: str,
) -> None:
    """R2 refused a file's publish; the library (or the command line) published its artwork
    since. The row said "In the library and published.", and the summary followed, but
    Publish stayed enabled for it, offering to publish what was published."""
    window = await open_window(session, bridge, publisher_factory=refusing_once())
    try:
        tab, item = await refused_by_r2(window, files)
        assert tab.publish_button.isEnabled()

        if where == "library":
            await window.publishing.publish_now(item.snapshot.id, item.snapshot)
        else:
            await published_by_the_command_line(window, item.snapshot)

        await until(lambda: tab.row(item).status.text() == "In the library and published.")
        assert not tab.publish_button.isEnabled()
        assert not tab.add_button.isEnabled()
    finally:
        await close_window(window)


async def test_an_add_of_many_files_of_one_name_tells_them_apart_once_not_per_row(
    tab: UploadTab, tmp_path: Path, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An Add took its files off the list one by one, and told the rest apart after each:
    500 cover.png, each from its own album, stood the window still ~1.2 s once added. The
    list is told apart once for all the files an Add takes off."""
    albums = []
    for index in range(12):
        (tmp_path / f"album{index:02d}").mkdir()
        albums.append(shutil.copy(files["png"], tmp_path / f"album{index:02d}" / "cover.png"))
    albums[-1].write_bytes(b"not an image")
    tab.add_files(albums)
    await until(lambda: not tab.checking)
    calls: list[int] = []
    real = upload_tab.told_apart

    def counted(paths: Any) -> dict[Path, str]:
        calls.append(1)
        return real(paths)

    monkeypatch.setattr(upload_tab, "told_apart", counted)
    tab.add_button.click()
    await until(lambda: not tab.busy)
    assert len(calls) == 1
    (left,) = tab.items
    assert left.path == albums[-1] and tab.file_label.text() == "cover.png", "no clash is left"


async def test_a_listed_file_gone_before_its_add_says_so_in_the_list_s_words(
    tab: UploadTab, files: dict[str, Path]
) -> None:
    """A file moved away between listing and Add failed its row with "The image file is
    missing. Check the file's name and folder; if it was moved or deleted outside Kontext
    Studio, put it back where it was.", the library's words for its own files: the list's
    own file says the list's words, as when it is gone before its check."""
    tab.add_files([files["png"]])
    await until(lambda: not tab.checking)
    files["png"].unlink()
    tab.add_button.click()
    await until(lambda: not tab.busy)
    (item,) = tab.items
    assert item.state is ItemState.FAILED
    assert tab.row(item).status.text() == "The file is no longer there.\nRemove it from the list."
    assert tab.summary.text() == (
        "Nothing was added. 1 file was not added: it is no longer where it was listed from "
        "(moved or deleted)."
    )


async def test_the_summary_says_a_listed_file_gone_before_its_add_is_gone(
    tab: UploadTab, files: dict[str, Path]
) -> None:
    """A file moved away after it was listed, beside one added: the summary said "1 file
    needs attention", leaving the artist to find which and why. It says the file is no
    longer where it was listed from."""
    tab.add_files([files["png"], files["jpeg"]])
    await until(lambda: not tab.checking)
    files["jpeg"].unlink()
    tab.add_button.click()
    await until(lambda: not tab.busy)
    assert tab.summary.text() == (
        "Added 1 artwork to your library. Publish it from there any time. 1 file was not "
        "added: it is no longer where it was listed from (moved or deleted)."
    )
    assert "need" not in tab.summary.text()


async def test_a_row_of_an_artwork_an_unpublish_did_not_finish_says_it_may_be_gone(
    tab: UploadTab,
    controller: PublishController,  # noqa: F811
    session: Session,
    files: dict[str, Path],
    r2: str,  # noqa: F811
) -> None:
    """The file's artwork is recorded as published, but an unpublish of it did not finish
    (the window closed, or R2 was lost, once R2 may have removed its image): its tile says
    "May be gone" in orange. Before, its row said "Already in your library, and
    published", in green."""
    artwork = imported(session, files["png"])
    published = await controller.publish_now(artwork.id)
    session.ledger.note(artwork.id, retired_key=published.published_key)
    tab.add_files([files["png"]])
    await until(lambda: not tab.checking)
    (held,) = tab.items
    status = tab.row(held).status
    assert "may be gone from your R2 bucket" in status.text()
    assert status.property("level") == "note"


async def test_publish_is_greyed_saying_why_with_only_refused_and_published_files_listed(
    tab: UploadTab,
    controller: PublishController,  # noqa: F811
    session: Session,
    files: dict[str, Path],
    r2: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Greyed with only refused files listed, Publish said what it would do, not why it
    would not. With a file the library holds, its artwork published already, listed beside
    them while the R2 settings named no bucket, it was enabled, and pressed, did nothing
    and said nothing. It is greyed, saying why, until a file it can publish is listed."""
    artwork = imported(session, files["png"])
    await controller.publish_now(artwork.id)
    monkeypatch.delenv("KONTEXT_STUDIO_R2_ENDPOINT")
    monkeypatch.delenv("KONTEXT_STUDIO_R2_BUCKET")
    tab.settings_saved()
    tab.add_files([files["broken"]])
    await until(lambda: not tab.checking)
    assert not tab.publish_button.isEnabled()
    assert tab.publish_button.toolTip() == plain_tooltip(
        "Nothing to publish: every file listed was refused; its row says why."
    )
    tab.add_files([files["png"]])
    await until(lambda: not tab.checking)
    assert (
        tab.row(by_name(tab, "harbour at dusk.png"))
        .status.text()
        .startswith("Already in your library, and published in the bucket")
    )
    assert not tab.publish_button.isEnabled()
    assert tab.publish_button.toolTip() == plain_tooltip(
        "Nothing to publish: the files listed were refused, or their artworks are published "
        "already; each row says which."
    )
    tab.remove(by_name(tab, "broken.png").key)
    assert tab.publish_button.toolTip() == plain_tooltip(
        "Nothing to publish: the artworks listed are published already."
    )

    tab.add_files([files["jpeg"]])
    await until(lambda: not tab.checking)
    assert tab.publish_button.isEnabled()
    assert tab.publish_button.toolTip() == plain_tooltip(
        "Add the files to your library and publish them to your R2 bucket"
    )


async def test_a_row_already_published_is_left_out_of_publish_and_stays_said(
    tab: UploadTab,
    controller: PublishController,  # noqa: F811
    session: Session,
    files: dict[str, Path],
    r2: str,  # noqa: F811
    admin: Any,
) -> None:
    """A row read "Already in your library, and published", and Publish stayed enabled for
    it alone: pressing it sent nothing, and said "Nothing was published: this artwork was
    published already." Publish leaves such a row out, as Add to library does, and is grey
    when nothing else is listed; the row stays, saying where its artwork stands."""
    artwork = imported(session, files["png"])
    published = await controller.publish_now(artwork.id)
    in_bucket = objects_in(admin, r2)
    tab.add_files([files["png"]])
    await until(lambda: not tab.checking)
    (held,) = tab.items
    assert tab.row(held).status.text() == "Already in your library, and published"
    assert not tab.publish_button.isEnabled(), "nothing to publish"
    assert not tab.add_button.isEnabled(), "nothing to add"

    tab.add_files([files["jpeg"]])
    await until(lambda: not tab.checking)
    assert tab.publish_button.isEnabled()
    tab.publish_button.click()
    await until(lambda: not tab.busy)
    assert tab.items == [held]
    assert tab.row(held).status.text() == "Already in your library, and published"
    assert not tab.publish_button.isEnabled()
    assert session.ledger.get(artwork.id) == published, "its record is as it was"
    (jpeg,) = [s for s in uploaded(session) if s.id != artwork.id]
    now = objects_in(admin, r2)
    assert {key: now[key] for key in in_bucket} == in_bucket
    assert {Path(key).stem for key in now.keys() - in_bucket} == {Path(jpeg.published_key).stem}
    assert tab.summary.text() == "Published 1 artwork; it is in your library too."

    controller.unpublish(artwork.id)  # from the library
    await until(lambda: tab.publish_button.isEnabled())
    assert tab.row(held).status.text() == "Already in your library"


async def test_a_row_published_in_another_bucket_says_so_before_publish_is_pressed(
    tab: UploadTab,
    session: Session,
    files: dict[str, Path],
    r2: str,  # noqa: F811
    s3_endpoint: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A file already in the library, its artwork published in another bucket than the one
    the R2 settings name: its row read "Already in your library, and published", beside
    a Publish still offered for it, until Publish was pressed and refused. It says where it
    is published, and that it is not in the settings' bucket, from the start; once the
    settings name that bucket, it is published where publishing goes."""
    published_elsewhere(session, files["png"])
    tab.add_files([files["png"]])
    await until(lambda: not tab.checking)
    (held,) = tab.items
    row = tab.row(held)
    host = settings_location(session.settings.r2)[1]
    assert row.status.text() == (
        "Already in your library, and published in the bucket 'old-bucket' at "
        f"old.example.com.\nNot published in '{r2}' at {host}, the bucket the R2 settings name."
    )
    assert row.status.property("level") == "note"
    assert tab.publish_button.isEnabled(), "Publish says where it is, and lets it be forgotten"

    point_r2_at(monkeypatch, "https://old.example.com", "old-bucket")
    tab.settings_saved()
    assert row.status.text() == "Already in your library, and published"
    assert not tab.publish_button.isEnabled()


async def test_a_row_published_in_another_bucket_a_stopped_publish_left_stays_offered(
    tab: UploadTab,
    session: Session,
    files: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
    bucket: str,
) -> None:
    """A file whose artwork is published in another bucket than the R2 settings name, listed
    after one whose publish met an endpoint that does not answer: the batch stopped before
    it. Its row then read "In the library and published." in green, and Publish was grey
    for it: the file meant for the settings' bucket was dropped without a word, while the
    summary counted it among those "still listed, ready to publish again"."""
    published_elsewhere(session, files["png"])
    point_r2_at(monkeypatch, "http://127.0.0.1:9", bucket)
    await run_batch(tab, [files["jpeg"], files["png"]], tab.publish_button)
    unreachable, held = tab.items
    assert unreachable.state is ItemState.FAILED
    assert held.state is ItemState.NOT_STARTED
    assert tab.summary.text().endswith(
        "1 file was not started: it is still listed, ready to publish again."
    )
    row = tab.row(held)
    assert row.status.text() == (
        "In the library and published in the bucket 'old-bucket' at old.example.com.\n"
        f"Not published in '{bucket}' at 127.0.0.1:9, the bucket the R2 settings name."
    )
    assert row.status.property("level") == "note"

    tab.remove(unreachable.key)
    assert tab.publish_button.isEnabled(), "Publish says where it is, and lets it be forgotten"


async def test_a_row_listed_again_whose_artwork_is_in_another_bucket_says_where_it_is(
    tab: UploadTab,
    session: Session,
    files: dict[str, Path],
    r2: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A file a publish copied into the library and left unpublished in the settings'
    bucket, its artwork published in another one (R2 refused it for that), listed again
    by the next start or a switch of mode: its row read "In the library and published."
    in green, beside a Publish offered for it. It says where it is published, and that
    it is not in the bucket the R2 settings name, as its row did before the restart."""
    artwork = published_elsewhere(session, files["png"])
    tab.restore_pending([PendingUpload(files["png"], artwork.title, "", "", artwork.id)])
    await until(lambda: len(tab.items) == 1 and not tab.checking)
    (item,) = tab.items
    row = tab.row(item)
    host = settings_location(session.settings.r2)[1]
    assert row.status.text() == (
        "In the library and published in the bucket 'old-bucket' at old.example.com.\n"
        f"Not published in '{r2}' at {host}, the bucket the R2 settings name."
    )
    assert row.status.property("level") == "note"
    assert tab.publish_button.isEnabled(), "Publish says where it is, and lets it be forgotten"

    point_r2_at(monkeypatch, "https://old.example.com", "old-bucket")
    tab.settings_saved()
    assert row.status.text() == "In the library and published."
    assert not tab.publish_button.isEnabled()


async def test_a_row_listed_again_says_a_publish_of_it_stopped_in_the_settings_bucket(
    tab: UploadTab,
    session: Session,
    files: dict[str, Path],
    r2: str,  # noqa: F811
) -> None:
    """A file listed again by the next start, the app closed while its publish to the
    bucket the R2 settings name was under way: its row read "ready to publish", as of one
    never sent, while the preview offered to remove what the publish may have left. It
    says the publish stopped, as the row of a file the library held says it."""
    artwork = imported(session, files["png"])
    session.ledger.update(
        artwork.id,
        retired_key="artworks/left.png",
        published_bucket=r2,
        published_host=settings_location(session.settings.r2)[1],
    )
    tab.restore_pending([PendingUpload(files["png"], artwork.title, "", "", artwork.id)])
    await until(lambda: len(tab.items) == 1 and not tab.checking)
    (item,) = tab.items
    assert tab.row(item).status.text() == (
        "In the library, not published. A publish of it stopped before its end and may have "
        "left its image in your R2 bucket. Ready to publish."
    )
    assert tab.publish_button.isEnabled(), "its Publish removes what was left"


async def test_a_refused_rows_words_follow_the_r2_settings_to_another_bucket(
    tab: UploadTab,
    session: Session,
    files: dict[str, Path],
    r2: str,  # noqa: F811
    s3_endpoint: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A publish refused for its artwork being published in another bucket, then the R2
    settings pointed at a third bucket, or back at that one. The row went on naming the
    bucket of the refusal as "the bucket the R2 settings name", and, with the settings at
    the bucket it is published in, said it was not published there beside a Publish
    offered for it. It reads as the file listed again at the next start does."""
    published_elsewhere(session, files["png"])
    await run_batch(tab, [files["png"]], tab.publish_button)
    (item,) = tab.items
    row = tab.row(item)
    assert item.state is ItemState.FAILED
    assert tab.summary.text().startswith("Nothing was published: see the reasons in the list.")

    point_r2_at(monkeypatch, s3_endpoint, "third-bucket")
    tab.settings_saved()
    host = settings_location(session.settings.r2)[1]
    assert row.status.text() == (
        "In the library and published in the bucket 'old-bucket' at old.example.com.\n"
        f"Not published in 'third-bucket' at {host}, the bucket the R2 settings name."
    )
    assert row.status.property("level") == "note"
    assert tab.publish_button.isEnabled()

    point_r2_at(monkeypatch, "https://old.example.com", "old-bucket")
    tab.settings_saved()
    assert row.status.text() == "In the library and published."
    assert not tab.publish_button.isEnabled()
    assert not tab.summary.isVisible(), "no reason is left in the list to see"


async def test_the_banner_names_every_artwork_a_publish_found_in_another_bucket(
    session: Session,
    bridge: Bridge,
    files: dict[str, Path],
    r2: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    """Three files whose artworks are recorded in another bucket than the R2 settings name
    (the bucket was switched since), published from the list: each row said its refusal,
    and the banner named only the last one refused, offering to forget that one alone.
    The two others could be forgotten only by pressing Publish again, one at a time. The
    banner counts and names them all, and its offer forgets them all, asked once; the
    question names them too, as the banner, gone once its button is pressed, did."""
    third = noise_png(tmp_path / "low tide.png", (64, 48), seed=7)
    for path in (files["png"], files["jpeg"]):
        published_elsewhere(session, path)
    left_elsewhere(session, third)
    window = await open_window(session, bridge)
    tab = window.upload_tab
    try:
        await run_batch(tab, [files["png"], files["jpeg"], third], tab.publish_button)
        assert [item.state for item in tab.items] == [ItemState.FAILED] * 3
        await until(lambda: not window.bridge.busy)
        banner = window.banner.banner(BannerKind.PUBLICATION)
        assert banner is not None
        message = banner.message()
        assert message.startswith(
            "3 artworks are published in another bucket than the one the R2 settings now "
            "name, or a stopped publish may have left their images there: "
        )
        for title in ("“harbour at dusk”", "“山水”", "“low tide”"):
            assert title in message
        assert banner.hint() == (
            "Switch the R2 settings back to their old bucket to deal with them there. If it "
            "can no longer be reached, forget their publications, which removes nothing; "
            "then publish them in the bucket the R2 settings name."
        )
        assert banner.action_button.text() == "Forget publications…"

        banner.action_button.click()
        (box,) = [b for b in message_boxes(window, "forgetPublicationBox") if b.isVisible()]
        assert box.text() == (
            "Forget the publications of 3 artworks: “harbour at dusk”, “山水”, “low tide”?"
        )
        assert "Bucket: 'old-bucket' at old.example.com" in box.informativeText()
        forget_button(box).click()
        ready = "In the library, not published: ready to publish."
        await until(lambda: [tab.row(item).status.text() for item in tab.items] == [ready] * 3)
        assert tab.publish_button.isEnabled()
    finally:
        await close_window(window)


async def test_forgetting_several_publications_says_how_it_went_for_them_all_at_once(
    session: Session,
    bridge: Bridge,
    files: dict[str, Path],
    r2: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    """The banner's Forget publications… forgot each artwork on its own, each saying so in
    the status bar in turn: the bar was left with the last one's words alone ("“low tide”
    is no longer recorded as published."), and "changed meanwhile: nothing was forgotten"
    of another, said before it, went by unseen, and a screen reader read out each in
    turn. The status bar says, once, how it went for them all."""
    third = noise_png(tmp_path / "low tide.png", (64, 48), seed=7)
    harbour = published_elsewhere(session, files["png"])
    for path in (files["jpeg"], third):
        published_elsewhere(session, path)
    window = await open_window(session, bridge)
    tab = window.upload_tab
    try:
        await run_batch(tab, [files["png"], files["jpeg"], third], tab.publish_button)
        await until(lambda: not window.bridge.busy)
        banner = window.banner.banner(BannerKind.PUBLICATION)
        assert banner is not None
        banner.action_button.click()
        (box,) = [b for b in message_boxes(window, "forgetPublicationBox") if b.isVisible()]
        # Published again in its old bucket by another program while the question was open.
        session.ledger.update(harbour.id, published_key="artworks/again.png")
        forget_button(box).click()
        await until(lambda: not window.bridge.busy)
        await until(lambda: not any(item.snapshot.published_key for item in tab.items[1:]))  # type: ignore[union-attr]
        assert window.statusBar().currentMessage() == (
            "2 artworks are no longer recorded as published. "
            "“harbour at dusk” changed meanwhile: nothing was forgotten."
        )
    finally:
        await close_window(window)


async def test_a_forget_the_library_refuses_for_one_artwork_still_forgets_the_others(
    session: Session,
    bridge: Bridge,
    files: dict[str, Path],
    r2: str,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Forget publications… of three artworks, the library busy (another program holding
    it) as the second was forgotten: the third was never forgotten, and nothing said so,
    the status bar naming the first alone as forgotten. Each is forgotten still, and the
    one the library refused is named, its refusal on the banner."""
    third = noise_png(tmp_path / "low tide.png", (64, 48), seed=7)
    published_elsewhere(session, files["png"])
    refused = published_elsewhere(session, files["jpeg"])
    published_elsewhere(session, third)

    def busy_for_the_second(ledger: Ledger, artwork_id: int) -> Snapshot:
        if artwork_id == refused.id:
            raise LibraryBusyError()
        return forget_publication(ledger, artwork_id)

    monkeypatch.setattr(publishing, "forget_publication", busy_for_the_second)
    window = await open_window(session, bridge)
    tab = window.upload_tab
    try:
        await run_batch(tab, [files["png"], files["jpeg"], third], tab.publish_button)
        await until(lambda: not window.bridge.busy)
        banner = window.banner.banner(BannerKind.PUBLICATION)
        assert banner is not None
        banner.action_button.click()
        (box,) = [b for b in message_boxes(window, "forgetPublicationBox") if b.isVisible()]
        forget_button(box).click()
        await until(lambda: not window.bridge.busy)
        assert [bool(s.published_key) for s in session.ledger.search()] == [False, True, False]
        assert window.statusBar().currentMessage() == (
            "2 artworks are no longer recorded as published. "
            "“山水” could not be forgotten: it is still recorded as published."
        )
        storage = window.banner.banner(BannerKind.STORAGE)
        assert storage is not None
        assert storage.message() == "Another program is using the library."
    finally:
        await close_window(window)


async def test_the_banner_leaves_out_an_artwork_no_longer_in_another_bucket(
    session: Session,
    bridge: Bridge,
    files: dict[str, Path],
    r2: str,  # noqa: F811
) -> None:
    """Publish refused for an artwork published in another bucket; its publication was
    then forgotten beside the window (``kontext-studio unpublish --forget``), and the
    banner stayed up saying it is published there. A second artwork refused so made it
    "2 artworks are published in another bucket…", naming the first, and its Forget
    publications… asked of both. The banner goes once the artwork it names is no longer
    recorded there, and the next refusal is told of its artwork alone."""
    harbour = published_elsewhere(session, files["png"])
    published_elsewhere(session, files["jpeg"])
    window = await open_window(session, bridge)
    tab = window.upload_tab
    try:
        await run_batch(tab, [files["png"]], tab.publish_button)
        await until(lambda: not window.bridge.busy)
        assert window.banner.banner(BannerKind.PUBLICATION) is not None
        forgotten = forget_publication(session.ledger, harbour.id)
        window.bridge.job_changed.emit(session.ledger.get(forgotten.id))  # the window hears it
        assert window.banner.banner(BannerKind.PUBLICATION) is None, "nothing left to forget"

        await run_batch(tab, [files["jpeg"]], tab.publish_button)
        await until(lambda: not window.bridge.busy)
        banner = window.banner.banner(BannerKind.PUBLICATION)
        assert banner is not None
        assert "山水" in banner.message() and "harbour" not in banner.message()
        assert banner.action_button.text() == "Forget publication…"
        banner.action_button.click()
        (box,) = [b for b in message_boxes(window, "forgetPublicationBox") if b.isVisible()]
        assert box.text() == "Forget the publication of “山水”?"
        box.button(QMessageBox.StandardButton.Cancel).click()
    finally:
        await close_window(window)


async def test_the_banner_leaves_out_an_artwork_a_command_forgot_beside_the_window(
    session: Session,
    bridge: Bridge,
    files: dict[str, Path],
    r2: str,  # noqa: F811
) -> None:
    """Publish refused for an artwork published in another bucket, then its publication
    forgotten by ``kontext-studio unpublish --forget`` beside the window: the window read
    the library again, but only a change made in the window took an artwork out of the
    banner, which went on saying it is published in another bucket."""
    harbour = published_elsewhere(session, files["png"])
    window = await open_window(session, bridge)
    tab = window.upload_tab
    try:
        await run_batch(tab, [files["png"]], tab.publish_button)
        await until(lambda: not window.bridge.busy)
        assert window.banner.banner(BannerKind.PUBLICATION) is not None
        read: list[bool] = []
        window.library.model.reloaded.connect(lambda: read.append(True))
        cli = Ledger.open(session.paths.database)
        try:
            forget_publication(cli, harbour.id)
        finally:
            cli.close()
        await until(lambda: bool(read))
        assert window.banner.banner(BannerKind.PUBLICATION) is None, "nothing left to forget"
    finally:
        await close_window(window)


def left_elsewhere(session: Session, path: Path) -> Snapshot:
    """``path`` imported into the library, a first publish of its artwork stopped in
    another bucket ('old-bucket' at old.example.com) than the R2 settings name, noting the
    image it may have left there: not published."""
    artwork = imported(session, path)
    session.ledger.update(
        artwork.id,
        retired_key="artworks/left.png",
        published_bucket="old-bucket",
        published_host="old.example.com",
    )
    return artwork


def heard_said(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What a screen reader is asked to read out from now on."""
    heard: list[str] = []

    def update(event: QAccessibleEvent) -> None:
        if isinstance(event, QAccessibleAnnouncementEvent):
            heard.append(event.message())

    monkeypatch.setattr(QAccessible, "updateAccessibility", update)
    return heard


async def refused_in_the_window(
    session: Session, bridge: Bridge, paths: list[Path]
) -> tuple[MainWindow, MessageBanner]:
    """The window, the Upload tab's Publish of ``paths`` refused (their artworks published
    in another bucket), and the publication banner it raised."""
    window = await open_window(session, bridge)
    tab = window.upload_tab
    await run_batch(tab, paths, tab.publish_button)
    await until(lambda: not window.bridge.busy)
    banner = window.banner.banner(BannerKind.PUBLICATION)
    assert banner is not None
    return window, banner


async def selected(window: MainWindow, artwork: Snapshot) -> None:
    library = window.library
    await until(lambda: library.model.row_of(artwork.id) is not None)
    library.select_job(artwork.id)
    await until(lambda: library.current_snapshot() is not None)


async def test_the_banner_names_an_artwork_renamed_since_by_its_new_title(
    session: Session,
    bridge: Bridge,
    files: dict[str, Path],
    r2: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Publish refused for an artwork published in another bucket, then renamed in the
    library: the banner went on naming it by its old title, which the library no longer
    shows anywhere. It names it by the new one, re-worded without being read out again."""
    harbour = published_elsewhere(session, files["png"])
    window, banner = await refused_in_the_window(session, bridge, [files["png"]])
    try:
        assert "“harbour at dusk”" in banner.message()
        heard = heard_said(monkeypatch)
        await selected(window, harbour)
        monkeypatch.setattr(window.library, "ask_title", lambda _snapshot: "Night harbour")
        window.library.commands["rename"].trigger()
        await until(lambda: "“Night harbour”" in banner.message())
        assert "harbour at dusk" not in banner.message()
        assert banner.action_button.text() == "Forget publication…"
        assert not [words for words in heard if "another bucket" in words]
    finally:
        await close_window(window)


def open_forget_question(window: MainWindow, banner: MessageBanner) -> QMessageBox:
    """The publication banner's offer, taken: the question it asks."""
    banner.action_button.click()
    (box,) = [b for b in message_boxes(window, "forgetPublicationBox") if b.isVisible()]
    return box


async def test_the_forget_question_names_an_artwork_renamed_while_it_is_open_by_its_new_title(
    session: Session,
    bridge: Bridge,
    files: dict[str, Path],
    r2: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Forget publication… asked, then the artwork renamed in the library while the
    question was open: it went on asking to forget the publication of “harbour at dusk”,
    and the answer said “Night harbour” was no longer recorded as published. The question
    names it by its new title, as the answer does."""
    harbour = published_elsewhere(session, files["png"])
    window, banner = await refused_in_the_window(session, bridge, [files["png"]])
    try:
        box = open_forget_question(window, banner)
        assert box.text() == "Forget the publication of “harbour at dusk”?"
        await selected(window, harbour)
        monkeypatch.setattr(window.library, "ask_title", lambda _snapshot: "Night harbour")
        window.library.commands["rename"].trigger()
        await until(lambda: box.text() == "Forget the publication of “Night harbour”?")
        assert "Bucket: 'old-bucket' at old.example.com\n" in box.informativeText()

        forget_button(box).click()
        await until(lambda: not session.ledger.get(harbour.id).published_key)  # type: ignore[union-attr]
        await until(lambda: not window.bridge.busy)
        assert window.statusBar().currentMessage() == (
            "“Night harbour” is no longer recorded as published."
        )
    finally:
        await close_window(window)


async def test_the_forget_question_follows_a_rename_by_another_program(
    session: Session,
    bridge: Bridge,
    files: dict[str, Path],
    r2: str,  # noqa: F811
) -> None:
    """Forget publications… of two artworks asked (their publish refused in the library),
    then one renamed by another program sharing the library (a command) while the question
    was open: it went on naming the old title. It names the new one once the window reads
    what the command wrote, though the library's search hides that artwork and nothing
    else in the window shows it."""
    harbour = published_elsewhere(session, files["png"])
    sea = published_elsewhere(session, files["jpeg"])
    window = await open_window(session, bridge)
    try:
        for artwork in (harbour, sea):
            window.publishing.publish(artwork.id, artwork)
        await until(lambda: "2 artworks" in window.banner.message())
        await until(lambda: not window.bridge.busy)
        banner = window.banner.banner(BannerKind.PUBLICATION)
        assert banner is not None
        box = open_forget_question(window, banner)
        library = window.library
        library.search.setText("harbour")
        library.apply_filter()
        await until(lambda: library.model.loaded and library.model.row_of(sea.id) is None)
        assert box.text().startswith("Forget the publications of 2 artworks: ")
        assert "“harbour at dusk”" in box.text() and "“山水”" in box.text()
        cli = Ledger.open(session.paths.database)
        try:
            cli.update(sea.id, title="Mountains and water")
        finally:
            cli.close()
        window.library.model._check_outside()  # as its timer does, within two seconds
        await until(lambda: "“Mountains and water”" in box.text())
        assert "“harbour at dusk”" in box.text() and "山水" not in box.text()
        box.button(QMessageBox.StandardButton.Cancel).click()
    finally:
        await close_window(window)


async def test_renaming_an_artwork_published_elsewhere_offers_no_publish_again(
    session: Session,
    bridge: Bridge,
    files: dict[str, Path],
    r2: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An artwork published in another bucket than the R2 settings name, renamed: a banner
    said its copy in the R2 bucket kept its old details and offered Publish again, which
    was refused at once for its being in another bucket. Nothing is offered for it."""
    harbour = published_elsewhere(session, files["png"])
    window = await open_window(session, bridge)
    try:
        offered: list[list[Snapshot]] = []
        window.library.republish_offered.connect(offered.append)  # after the window's
        await selected(window, harbour)
        monkeypatch.setattr(window.library, "ask_title", lambda _snapshot: "Night harbour")
        window.library.commands["rename"].trigger()
        await until(lambda: bool(offered))
        assert window.banner.banner(BannerKind.REPUBLISH) is None
    finally:
        await close_window(window)


async def test_the_banner_of_several_names_one_whose_details_were_edited_by_its_new_title(
    session: Session,
    bridge: Bridge,
    files: dict[str, Path],
    r2: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two artworks refused for being published in another bucket, the banner naming both;
    then one retitled in Edit details: the banner still listed its old title."""
    harbour = published_elsewhere(session, files["png"])
    published_elsewhere(session, files["jpeg"])
    window, banner = await refused_in_the_window(session, bridge, [files["png"], files["jpeg"]])
    try:
        await selected(window, harbour)
        edit = DetailsEdit(title="Night harbour")
        monkeypatch.setattr(window.library, "ask_details", lambda _snapshots: edit)
        window.library.commands["details"].trigger()
        await until(lambda: "“Night harbour”" in banner.message())
        assert banner.message().startswith("2 artworks are published in another bucket")
        assert "harbour at dusk" not in banner.message()
        assert "“山水”" in banner.message()
    finally:
        await close_window(window)


async def test_the_banner_lets_go_of_artworks_in_the_bucket_the_settings_now_name(
    session: Session,
    bridge: Bridge,
    files: dict[str, Path],
    r2: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two artworks refused for being published in other buckets than the R2 settings
    name; the settings then saved naming the bucket of one (its host spelled another way):
    the banner went on saying both were published in another bucket, and offered to forget
    a publication in the very bucket publishing now goes to. It names the other alone; once
    the settings name that one's bucket too, it goes."""
    published_elsewhere(session, files["png"])
    sea = published_elsewhere(session, files["jpeg"])
    session.ledger.update(sea.id, published_bucket="far-bucket")
    window, banner = await refused_in_the_window(session, bridge, [files["png"], files["jpeg"]])
    try:
        assert banner.message().startswith("2 artworks")
        point_r2_at(monkeypatch, "https://OLD.example.com:443", "old-bucket")
        window._settings_saved(session.settings, KEY_UNCHANGED, False)
        assert window.banner.banner(BannerKind.PUBLICATION) is banner
        assert "“山水”" in banner.message() and "harbour" not in banner.message()
        assert banner.action_button.text() == "Forget publication…"

        point_r2_at(monkeypatch, "https://old.example.com", "far-bucket")
        window._settings_saved(session.settings, KEY_UNCHANGED, False)
        assert window.banner.banner(BannerKind.PUBLICATION) is None
    finally:
        await close_window(window)


async def test_the_banner_names_the_bucket_the_settings_name_after_a_switch_to_a_third(
    session: Session,
    bridge: Bridge,
    files: dict[str, Path],
    r2: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Refused for its being published in another bucket; the R2 settings then saved naming
    a third one: the banner went on saying they named the bucket they named when it was
    refused, one they no longer name. It names the one they name now."""
    published_elsewhere(session, files["png"])
    window, banner = await refused_in_the_window(session, bridge, [files["png"]])
    try:
        assert f"now name the bucket '{r2}'" in banner.message()
        point_r2_at(monkeypatch, "https://old.example.com", "third-bucket")
        window._settings_saved(session.settings, KEY_UNCHANGED, False)
        assert window.banner.banner(BannerKind.PUBLICATION) is banner
        assert banner.message() == (
            "“harbour at dusk” is published in the bucket 'old-bucket', but the R2 settings "
            "now name the bucket 'third-bucket'."
        )
        assert banner.action_button.text() == "Forget publication…"
    finally:
        await close_window(window)


def no_r2_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """The R2 settings emptied, as Settings saved with the Publishing page cleared."""
    for name in ("KONTEXT_STUDIO_R2_ENDPOINT", "KONTEXT_STUDIO_R2_BUCKET"):
        monkeypatch.delenv(name)
    assert settings_location(R2Settings()) == ("", "")


async def test_the_banner_says_publishing_is_not_set_up_once_the_settings_are_saved_empty(
    session: Session,
    bridge: Bridge,
    files: dict[str, Path],
    r2: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Refused for its being published in another bucket; the R2 settings then saved empty,
    publishing turned off: the banner went on saying they "now name the bucket" they had
    named, and advised publishing it "in the new bucket". It says publishing is not set up,
    still offering to forget the publication; saved naming a bucket again, it names that
    one, with the advice it had."""
    published_elsewhere(session, files["png"])
    window, banner = await refused_in_the_window(session, bridge, [files["png"]])
    try:
        advice = banner.hint()
        no_r2_settings(monkeypatch)
        window._settings_saved(session.settings, KEY_UNCHANGED, False)
        assert window.banner.banner(BannerKind.PUBLICATION) is banner
        assert banner.message() == (
            "“harbour at dusk” is published in the bucket 'old-bucket' at old.example.com, and "
            "publishing is not set up now."
        )
        assert banner.hint() == (
            "Name that bucket in the R2 settings again to deal with it there. If it can no "
            "longer be reached, forget the publication, which removes nothing."
        )
        assert r2 not in banner.message() + banner.hint()
        assert banner.action_button.text() == "Forget publication…"

        point_r2_at(monkeypatch, "https://old.example.com", "third-bucket")
        window._settings_saved(session.settings, KEY_UNCHANGED, False)
        assert banner.message() == (
            "“harbour at dusk” is published in the bucket 'old-bucket', but the R2 settings "
            "now name the bucket 'third-bucket'."
        )
        assert banner.hint() == advice
    finally:
        await close_window(window)


@pytest.mark.parametrize(
    ("far", "said"),
    [
        (False, "are published in the bucket 'old-bucket' at old.example.com"),
        (True, "are published in 2 buckets"),
    ],
    ids=["one bucket", "two buckets"],
)
async def test_the_banner_of_several_says_publishing_is_not_set_up_once_it_is_not(
    session: Session,
    bridge: Bridge,
    files: dict[str, Path],
    r2: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    far: bool,
    said: str,
) -> None:
    """Two artworks refused for being published in another bucket, one of them what a
    stopped publish may have left; the R2 settings then saved empty: the banner said they
    were in another bucket "than the one the R2 settings now name", none, and advised
    publishing them in it. Then it still said "in another bucket", of no bucket at all: it
    names their bucket (or says how many), as the banner of one does. The Forget question
    said they could be published "in the bucket the R2 settings name": once publishing is
    set up. Of two buckets, the banner's words, set up or not, spoke of one: "their old
    bucket", "If it can no longer be reached"."""
    published_elsewhere(session, files["png"])
    sea = left_elsewhere(session, files["jpeg"])
    if far:
        session.ledger.update(sea.id, published_bucket="far-bucket")
    window, banner = await refused_in_the_window(session, bridge, [files["png"], files["jpeg"]])
    try:
        elsewhere = "2 other buckets" if far else "another bucket"
        assert banner.message() == (
            f"2 artworks are published in {elsewhere} than the one the R2 settings now name, "
            "or a stopped publish may have left their images there: “harbour at dusk”, “山水”."
        )
        if far:
            assert banner.hint() == (
                "Switch the R2 settings back to each of their 2 old buckets in turn to deal "
                "with them there. If those can no longer be reached, forget their "
                "publications, which removes nothing; then publish them in the bucket the R2 "
                "settings name."
            )
        no_r2_settings(monkeypatch)
        window._settings_saved(session.settings, KEY_UNCHANGED, False)
        assert banner.message() == (
            f"2 artworks {said}, or a stopped publish may have left their images there, and "
            "publishing is not set up now: “harbour at dusk”, “山水”."
        )
        assert banner.hint() == (
            (
                "Name each of their 2 old buckets in the R2 settings in turn to deal with them "
                "there. If those can no longer be reached, forget their publications, which "
                "removes nothing."
            )
            if far
            else (
                "Name their old bucket in the R2 settings again to deal with them there. If it "
                "can no longer be reached, forget their publications, which removes nothing."
            )
        )
        assert banner.action_button.text() == "Forget publications…"
        banner.action_button.click()
        (box,) = [b for b in message_boxes(window, "forgetPublicationBox") if b.isVisible()]
        assert box.informativeText().endswith(
            "The library will show them as not published, and they can be published again "
            "once publishing is set up in Settings."
        )
        point_r2_at(monkeypatch, "https://old.example.com", "third-bucket")
        window._settings_saved(session.settings, KEY_UNCHANGED, False)
        assert box.informativeText().endswith(
            "The library will show them as not published, and they can be published in the "
            "bucket the R2 settings name."
        ), "the question open follows the settings"
        box.reject()
    finally:
        await close_window(window)


async def test_the_forget_question_names_a_bucket_once_however_its_host_is_spelled(
    session: Session,
    bridge: Bridge,
    files: dict[str, Path],
    r2: str,  # noqa: F811
) -> None:
    """Two artworks published in one bucket, one record spelling its host as it was once
    typed ("OLD.example.com:443"): Forget publications… named the bucket twice, as if
    they were in two."""
    published_elsewhere(session, files["png"])
    sea = published_elsewhere(session, files["jpeg"])
    session.ledger.update(sea.id, published_host="OLD.example.com:443")
    window, banner = await refused_in_the_window(session, bridge, [files["png"], files["jpeg"]])
    try:
        banner.action_button.click()
        (box,) = [b for b in message_boxes(window, "forgetPublicationBox") if b.isVisible()]
        assert box.informativeText().count("Bucket: ") == 1
        assert "Bucket: 'old-bucket' at old.example.com\n" in box.informativeText()
        box.button(QMessageBox.StandardButton.Cancel).click()
    finally:
        await close_window(window)


async def test_the_banner_keeps_an_artwork_whose_host_is_only_spelled_anew(
    session: Session,
    bridge: Bridge,
    files: dict[str, Path],
    r2: str,  # noqa: F811
) -> None:
    """Refused for its record naming another bucket at "OLD.example.com:443"; another
    program then wrote the record's host as "old.example.com", the same server: the banner
    took the artwork out, as if it were no longer published there."""
    harbour = published_elsewhere(session, files["png"])
    session.ledger.update(harbour.id, published_host="OLD.example.com:443")
    window, banner = await refused_in_the_window(session, bridge, [files["png"]])
    try:
        session.ledger.update(harbour.id, published_host="old.example.com")
        window.bridge.job_changed.emit(session.ledger.get(harbour.id))
        assert window.banner.banner(BannerKind.PUBLICATION) is banner
        assert "“harbour at dusk”" in banner.message()
    finally:
        await close_window(window)


async def test_a_screen_reader_hears_only_the_artwork_the_banner_newly_names(
    session: Session,
    bridge: Bridge,
    files: dict[str, Path],
    r2: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The banner up for one artwork published in another bucket, a second is refused: the
    whole banner was read out again ("2 artworks are published in another bucket…", both
    titles, and the advice), where the artist had heard all but the new title. Only the
    new one is read out; the banner still shows both."""
    published_elsewhere(session, files["png"])
    published_elsewhere(session, files["jpeg"])
    window, banner = await refused_in_the_window(session, bridge, [files["png"]])
    try:
        heard = heard_said(monkeypatch)
        tab = window.upload_tab
        await run_batch(tab, [files["jpeg"]], tab.publish_button)
        await until(lambda: "“山水”" in banner.message())
        await until(lambda: not window.bridge.busy)
        assert banner.message().startswith("2 artworks are published in another bucket")
        assert "“harbour at dusk”" in banner.message()
        assert [words for words in heard if "bucket" in words] == [
            "Error: Also published in another bucket: “山水”."
        ]
    finally:
        await close_window(window)


async def test_a_held_file_whose_image_a_stopped_publish_left_elsewhere_says_so(
    tab: UploadTab,
    session: Session,
    files: dict[str, Path],
    r2: str,  # noqa: F811
) -> None:
    """A file the library held when it was listed, whose artwork's first publish stopped in
    another bucket than the R2 settings name: its row read "Already in your library", and
    Publish, offered, was refused. It says where the image may be left."""
    left_elsewhere(session, files["png"])
    tab.add_files([files["png"]])
    await until(lambda: not tab.checking)
    (held,) = tab.items
    host = settings_location(session.settings.r2)[1]
    assert tab.row(held).status.text() == (
        "Already in your library, not published. A stopped publish may have left its image "
        "in the bucket 'old-bucket' at old.example.com.\n"
        f"Not published in '{r2}' at {host}, the bucket the R2 settings name."
    )
    assert tab.row(held).status.property("level") == "note"


async def test_a_held_file_whose_publish_stopped_in_the_settings_bucket_says_so(
    tab: UploadTab,
    session: Session,
    files: dict[str, Path],
    r2: str,  # noqa: F811
    admin: Any,
) -> None:
    """A file the library held when it was listed, whose artwork's first publish stopped in
    the very bucket the R2 settings name: its row read "Already in your library", as of an
    artwork never published, beside a Publish offered for it. It says that a publish
    stopped and may have left its image there, and that it is ready to publish; Publish
    does, and removes what was left."""
    artwork = imported(session, files["png"])
    host = settings_location(session.settings.r2)[1]
    admin.put_object(Bucket=r2, Key="artworks/left.png", Body=b"part of an image")
    session.ledger.update(
        artwork.id, retired_key="artworks/left.png", published_bucket=r2, published_host=host
    )
    tab.add_files([files["png"]])
    await until(lambda: not tab.checking)
    (held,) = tab.items
    assert tab.row(held).status.text() == (
        "Already in your library, not published. A publish of it stopped before its end and "
        "may have left its image in your R2 bucket. Ready to publish."
    )
    assert tab.row(held).status.property("level") == "note"
    assert tab.publish_button.isEnabled()

    tab.publish_button.click()
    await until(lambda: not tab.busy)
    published = session.ledger.get(artwork.id)
    assert published is not None and published.published_key
    assert "artworks/left.png" not in objects_in(admin, r2)


async def test_a_held_file_whose_artwork_the_library_is_publishing_says_no_publish_stopped(
    tab: UploadTab,
    controller: PublishController,  # noqa: F811
    session: Session,
    files: dict[str, Path],
    r2: str,  # noqa: F811
    publishers: Publishers,  # noqa: F811
) -> None:
    """A file the library holds, listed while the library publishes its artwork (its image
    being sent): its row said a publish of it had stopped and may have left its image in
    the bucket, "Ready to publish", of the publish still going. It says the file is in the
    library until that publish ends, then that it is published."""
    HeldAtTheEnd.release = threading.Event()
    publishers.make = held_at_the_end
    artwork = imported(session, files["png"])
    controller.publish(artwork.id)  # from the library
    try:
        await until(lambda: bool(session.ledger.get(artwork.id).retired_key))  # type: ignore[union-attr]
        (held,) = tab.add_files([files["png"]])
        await until(lambda: not tab.checking)
        assert held.held
        assert tab.row(held).status.text() == "Already in your library"
    finally:
        HeldAtTheEnd.release.set()
    await until(lambda: controller.activity(artwork.id) is None)
    await until(lambda: tab.row(held).status.text() == "Already in your library, and published")


async def test_a_held_files_row_without_r2_settings_says_where_its_record_places_it(
    tab: UploadTab, session: Session, files: dict[str, Path]
) -> None:
    """Publishing not set up, files the library held whose artworks' records name a bucket:
    one whose first publish stopped there read "Already in your library", and one published
    there named its bucket but not where that bucket is. Both say what their record says,
    and name no settings' bucket, there being none."""
    published_elsewhere(session, files["png"])
    left_elsewhere(session, files["jpeg"])
    tab.add_files([files["png"], files["jpeg"]])
    await until(lambda: not tab.checking)
    published, left = (tab.row(item).status.text() for item in tab.items)
    assert published == (
        "Already in your library, and published in the bucket 'old-bucket' at old.example.com."
    )
    assert left == (
        "Already in your library, not published. A stopped publish may have left its image "
        "in the bucket 'old-bucket' at old.example.com."
    )


async def test_rows_whose_old_record_names_no_bucket_say_publishing_is_not_set_up(
    tab: UploadTab, session: Session, files: dict[str, Path]
) -> None:
    """Publishing not set up, artworks whose first publish stopped before the bucket was
    kept in the record (taken to be in the bucket the R2 settings name, none): the rows of
    the file the library held and of the one listed again read "may have left its image
    in your R2 bucket. Ready to publish.", while nothing could be published. They say that
    publishing is not set up, and where to set it up."""
    held, again = imported(session, files["png"]), imported(session, files["jpeg"])
    for artwork in (held, again):
        session.ledger.update(artwork.id, retired_key=f"artworks/left-{artwork.id}.png")
    tab.add_files([files["png"]])
    tab.restore_pending([PendingUpload(files["jpeg"], again.title, "", "", again.id)])
    await until(lambda: len(tab.items) == 2 and not tab.checking)
    words = {item.path.name: tab.row(item).status.text() for item in tab.items}
    stopped = (
        "A publish of it stopped before its end and may have left its image in the R2 "
        "bucket it was sent to. Publishing is not set up now: set it up in Settings → "
        "Publishing (R2) to publish it."
    )
    assert words == {
        files["png"].name: f"Already in your library, not published. {stopped}",
        files["jpeg"].name: f"In the library, not published. {stopped}",
    }


async def test_rows_whose_old_record_names_no_bucket_do_not_say_your_bucket_once_set_up(
    tab: UploadTab, session: Session, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Publishing set up now, artworks whose first publish stopped before the bucket was
    kept in the record: their rows said the image may be left "in your R2 bucket", the one
    set up now, which may not be the one it went to. They say "the R2 bucket it was sent
    to", as they do with publishing not set up."""
    point_r2_at(monkeypatch, "http://127.0.0.1:9", "art")
    held, again = imported(session, files["png"]), imported(session, files["jpeg"])
    for artwork in (held, again):
        session.ledger.update(artwork.id, retired_key=f"artworks/left-{artwork.id}.png")
    tab.add_files([files["png"]])
    tab.restore_pending([PendingUpload(files["jpeg"], again.title, "", "", again.id)])
    await until(lambda: len(tab.items) == 2 and not tab.checking)
    words = {item.path.name: tab.row(item).status.text() for item in tab.items}
    stopped = (
        "A publish of it stopped before its end and may have left its image in the R2 "
        "bucket it was sent to. Ready to publish."
    )
    assert words == {
        files["png"].name: f"Already in your library, not published. {stopped}",
        files["jpeg"].name: f"In the library, not published. {stopped}",
    }


async def test_on_macos_in_chinese_a_row_names_the_preferences_to_set_publishing_up(
    tab: UploadTab,
    session: Session,
    files: dict[str, Path],
    chinese: translations.Installed,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On macOS the settings are Preferences, in the application menu: a row whose file
    cannot be published until publishing is set up sent the artist to "设置 → 发布（R2）",
    a path found nowhere there. It names Preferences, in Chinese as in English."""
    monkeypatch.setattr(sys, "platform", "darwin")
    artwork = imported(session, files["png"])
    tab.restore_pending([PendingUpload(files["png"], artwork.title, "", "", artwork.id)])
    await until(lambda: len(tab.items) == 1 and not tab.checking)
    (item,) = tab.items
    assert tab.row(item).status.text() == (
        "已在图库中，未发布。现在尚未设置发布：请在“首选项 → 发布（R2）”中设置后再发布它。"
    )


async def test_a_row_listed_again_says_publishing_is_not_set_up_not_ready_to_publish(
    tab: UploadTab, session: Session, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Publishing not set up, a file listed again at the next start, its artwork in the
    library and never published: its row read "In the library, not published: ready to
    publish.", while its Publish could only offer the settings. It says publishing is not
    set up, and where to set it up; once the R2 settings name a bucket, ready to publish."""
    artwork = imported(session, files["png"])
    tab.restore_pending([PendingUpload(files["png"], artwork.title, "", "", artwork.id)])
    await until(lambda: len(tab.items) == 1 and not tab.checking)
    (item,) = tab.items
    assert tab.row(item).status.text() == (
        "In the library, not published. Publishing is not set up now: set it up in "
        "Settings → Publishing (R2) to publish it."
    )
    point_r2_at(monkeypatch, "http://127.0.0.1:9", "art")
    tab.settings_saved()  # as the window does once Settings is saved
    assert tab.row(item).status.text() == "In the library, not published: ready to publish."


async def test_a_row_listed_again_says_what_a_stopped_publish_left_is_being_removed(
    tab: UploadTab,
    controller: PublishController,  # noqa: F811
    session: Session,
    files: dict[str, Path],
    r2: str,  # noqa: F811
    publishers: Publishers,  # noqa: F811
) -> None:
    """A file listed again by the next start, its first publish stopped in the bucket the
    R2 settings name, and the preview's Remove from bucket pressed for what it may have
    left: while R2 removed it, the row went on saying the stopped publish "may have left
    its image in your R2 bucket. Ready to publish.". It says the image is being removed,
    then, once it is, that the file is ready to publish."""
    HeldUnpublisher.release.clear()
    publishers.make = lambda config: HeldUnpublisher(config, max_attempts=1)
    artwork = imported(session, files["png"])
    left = session.ledger.update(
        artwork.id,
        retired_key="artworks/left.png",
        published_bucket=r2,
        published_host=settings_location(session.settings.r2)[1],
    )
    tab.restore_pending([PendingUpload(files["png"], artwork.title, "", "", artwork.id)])
    await until(lambda: len(tab.items) == 1 and not tab.checking)
    (item,) = tab.items
    row = tab.row(item)
    try:
        controller.remove_left(left)
        removing = (
            "In the library, not published: the image a stopped publish of it may have left "
            "is being removed from your R2 bucket."
        )
        await until(lambda: row.status.text() == removing)
    finally:
        HeldUnpublisher.release.set()
    await until(lambda: controller.activity(artwork.id) is None)
    await until(lambda: row.status.text() == "In the library, not published: ready to publish.")


async def test_a_refusal_over_what_was_left_in_another_bucket_outlives_a_switch_to_a_third(
    tab: UploadTab,
    session: Session,
    files: dict[str, Path],
    r2: str,  # noqa: F811
    s3_endpoint: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Publish refused: a stopped first publish may have left the artwork's image in
    another bucket. The R2 settings then pointed at a third bucket: Save in Settings ended
    the refusal (``UploadTab.settings_saved``, as it does for an artwork published in
    another bucket), and the row read "In the library, not published: ready to publish."
    in the plain colour, while the next Publish was refused again in the same words. The
    row says where the image may be left, and that it is not the settings' bucket; once
    the settings name that bucket, it is ready to publish there, its row saying what the
    stopped publish may have left there (which the next Publish removes)."""
    left_elsewhere(session, files["png"])
    await run_batch(tab, [files["png"]], tab.publish_button)
    (item,) = tab.items
    row = tab.row(item)
    assert item.state is ItemState.FAILED
    assert "may have left its image there" in row.status.text()

    point_r2_at(monkeypatch, s3_endpoint, "third-bucket")
    tab.settings_saved()
    host = settings_location(session.settings.r2)[1]
    assert row.status.text() == (
        "In the library, not published. A stopped publish may have left its image in the "
        "bucket 'old-bucket' at old.example.com.\n"
        f"Not published in 'third-bucket' at {host}, the bucket the R2 settings name."
    )
    assert row.status.property("level") == "note"
    assert tab.publish_button.isEnabled(), "Publish says where it is, and lets it be forgotten"
    tab.publish_button.click()
    await until(lambda: not tab.busy)
    assert item.state is ItemState.FAILED, "refused again: it was never ready to publish"
    assert "'third-bucket'" in row.status.text()

    point_r2_at(monkeypatch, "https://old.example.com", "old-bucket")
    tab.settings_saved()
    assert row.status.text() == (
        "In the library, not published. A publish of it stopped before its end and may have "
        "left its image in your R2 bucket. Ready to publish."
    )


async def test_a_row_listed_again_whose_image_may_be_left_in_another_bucket_says_so(
    tab: UploadTab,
    session: Session,
    files: dict[str, Path],
    r2: str,  # noqa: F811
) -> None:
    """A file whose first publish stopped in another bucket than the R2 settings name,
    listed again by the next start or a switch of mode: its row read "ready to publish",
    and Publish was refused. It says where its image may be left, as the row of an
    artwork published in another bucket says where that is."""
    artwork = left_elsewhere(session, files["png"])
    tab.restore_pending([PendingUpload(files["png"], artwork.title, "", "", artwork.id)])
    await until(lambda: len(tab.items) == 1 and not tab.checking)
    (item,) = tab.items
    host = settings_location(session.settings.r2)[1]
    assert tab.row(item).status.text() == (
        "In the library, not published. A stopped publish may have left its image in the "
        "bucket 'old-bucket' at old.example.com.\n"
        f"Not published in '{r2}' at {host}, the bucket the R2 settings name."
    )
    assert tab.publish_button.isEnabled()


async def test_a_refused_rows_artwork_deleted_from_the_library_leaves_the_file_to_add(
    tab: UploadTab,
    bridge: Bridge,
    session: Session,
    files: dict[str, Path],
    r2: str,  # noqa: F811
) -> None:
    """A publish refused for its artwork being published in another bucket, then that
    artwork deleted from the library: the row went on saying, in red, that it is published
    there and to unpublish it or forget its publication, of an artwork no longer in the
    library, and the summary to see that reason. The file is one to add anew, as any
    file whose artwork was deleted."""
    artwork = published_elsewhere(session, files["png"])
    await run_batch(tab, [files["png"]], tab.publish_button)
    (item,) = tab.items
    assert item.state is ItemState.FAILED

    await session.engine.delete(artwork.id)
    bridge.job_deleted.emit(artwork.id)  # as the library's Delete does
    assert tab.row(item).status.text() == "Ready"
    assert tab.row(item).status.property("level") == ""
    assert not tab.summary.isVisible(), "no reason is left in the list to see"
    assert tab.add_button.isEnabled() and tab.publish_button.isEnabled()


async def test_a_row_listed_again_published_while_no_bucket_is_set_offers_no_publish(
    tab: UploadTab, session: Session, files: dict[str, Path]
) -> None:
    """A file a publish copied into the library and R2 refused for its artwork being
    published in another bucket, listed again at the next start with the R2 settings
    cleared since: Publish was offered for it alone, as it was for a file a stopped publish
    left before that was put right. Its row read "In the library and published.", as of one
    in the bucket publishing goes to, where publishing goes nowhere: it says where its
    record places it, as the row of a file the library held says it."""
    artwork = published_elsewhere(session, files["png"])
    tab.restore_pending([PendingUpload(files["png"], artwork.title, "", "", artwork.id)])
    await until(lambda: len(tab.items) == 1 and not tab.checking)
    (item,) = tab.items
    assert tab.row(item).status.text() == (
        "In the library and published in the bucket 'old-bucket' at old.example.com."
    )
    assert not tab.publish_button.isEnabled()


async def test_the_summary_counts_as_left_only_the_files_publish_still_offers(
    tab: UploadTab,
    bridge: Bridge,
    session: Session,
    files: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    bucket: str,
) -> None:
    """A publish stopped by an endpoint that does not answer, one file not started. Once
    that file's artwork was published (from the library, or by the command line), its row
    read "In the library and published." beside a grey Publish, and the summary went on
    saying "1 file was not started: it is still listed, ready to publish again.", with
    what to do about the endpoint, for a file nothing was left to do for."""
    artwork = imported(session, files["png"])
    point_r2_at(monkeypatch, "http://127.0.0.1:9", bucket)
    await run_batch(tab, [files["jpeg"], files["png"]], tab.publish_button)
    unreachable, left = tab.items
    assert left.state is ItemState.NOT_STARTED
    assert tab.summary.text().endswith(
        "1 file was not started: it is still listed, ready to publish again."
    )

    host = settings_location(session.settings.r2)[1]
    session.ledger.update(
        artwork.id, published_key="artworks/p.png", published_bucket=bucket, published_host=host
    )
    bridge.job_changed.emit(session.ledger.get(artwork.id))  # as a publish in the library
    tab.remove(unreachable.key)
    assert tab.row(left).status.text() == "In the library and published."
    assert not tab.publish_button.isEnabled()
    assert "not started" not in tab.summary.text()
    assert "endpoint" not in tab.summary.text()


async def test_the_summary_counts_as_left_only_files_the_new_r2_settings_leave_to_publish(
    tab: UploadTab,
    session: Session,
    files: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    bucket: str,
) -> None:
    """A file published in another bucket that a stopped publish never got to, then the R2
    settings pointed at that bucket: its row reads "In the library and published.", Publish
    is grey, and the summary still said it was "still listed, ready to publish again"."""
    published_elsewhere(session, files["png"])
    point_r2_at(monkeypatch, "http://127.0.0.1:9", bucket)
    await run_batch(tab, [files["jpeg"], files["png"]], tab.publish_button)
    _unreachable, left = tab.items
    assert tab.summary.text().endswith("ready to publish again.")

    point_r2_at(monkeypatch, "https://old.example.com", "old-bucket")
    tab.settings_saved()
    assert tab.row(left).status.text() == "In the library and published."
    assert "not started" not in tab.summary.text()
    assert "Nothing was published: see the reasons in the list." in tab.summary.text()


async def test_a_failed_row_has_the_exact_failure_in_its_tooltip_and_no_secret(
    tab: UploadTab,
    files: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
    bucket: str,
) -> None:
    """A refused row has its exact refusal in its tooltip; a row whose publish failed had
    none: "The R2 endpoint cannot be reached." said nothing of which endpoint, nor why. Its
    tooltip has the failure's detail, as a refused row's has, and no key of the settings'."""
    point_r2_at(monkeypatch, "http://127.0.0.1:9", bucket)
    await run_batch(tab, [files["png"]], tab.publish_button)
    (unreachable,) = tab.items
    row = tab.row(unreachable)
    assert unreachable.state is ItemState.FAILED
    assert row.status.text() == (  # the endpoint KONTEXT_STUDIO_R2_ENDPOINT sets (point_r2_at)
        "In the library, not published. The R2 endpoint cannot be reached.\n"
        "Check the network, and KONTEXT_STUDIO_R2_ENDPOINT in the environment; after changing "
        "the environment, start Kontext Studio again, which reads the environment only as "
        "it starts."
    )
    assert row.status.toolTip() == plain_tooltip(
        "cannot reach 127.0.0.1:9 (nothing answered at that address)"
    )

    point_r2_at(monkeypatch, s3_endpoint, bucket)
    with enable_iam_authentication():  # moto refuses the test's keys, naming them
        tab.publish_button.click()
        await until(lambda: not tab.busy, timeout=30)
    assert unreachable.state is ItemState.FAILED
    assert row.status.text().startswith(
        "In the library, not published. R2 rejected the access keys."
    )
    assert row.status.toolTip() == plain_tooltip(f"they do not give access to bucket '{bucket}'")

    tab.publish_button.click()
    await until(lambda: not tab.busy, timeout=30)
    assert tab.items == [], "published"


async def test_the_summary_follows_the_list_when_failed_files_are_removed(
    tab: UploadTab,
    controller: PublishController,  # noqa: F811
    files: dict[str, Path],
    r2: str,  # noqa: F811
    publishers: Publishers,  # noqa: F811
) -> None:
    """Before, with the failed file removed, the red summary still read "Nothing was
    published: see the reasons in the list." over a list with no reasons left in it."""
    publishers.make = answering_first(400, "EntityTooLarge", times=2)  # each on its own
    await run_batch(tab, [files["png"], files["jpeg"]], tab.publish_button)
    assert tab.summary.text() == (
        "Nothing was published: see the reasons in the list. 2 artworks were added to your library."
    )

    tab.remove(tab.items[0].key)
    assert tab.summary.isVisible(), "one failed file is still listed"
    assert tab.summary.property("level") == "error"

    tab.remove(tab.items[0].key)
    assert tab.items == []
    assert not tab.summary.isVisible(), "no reason is left in the list to see"


async def test_the_summary_stops_counting_a_refused_file_once_it_is_removed(
    tab: UploadTab,
    tmp_path: Path,
    files: dict[str, Path],
    r2: str,  # noqa: F811
) -> None:
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    await run_batch(tab, [files["png"], empty, files["broken"]], tab.add_button)
    tab.remove(by_name(tab, "empty.png").key)
    assert tab.summary.text() == (
        "Added 1 artwork to your library. Publish it from there any time. "
        "1 file was not added (damaged)."
    )
    tab.remove(by_name(tab, "broken.png").key)
    assert tab.summary.text() == "Added 1 artwork to your library. Publish it from there any time."
    assert tab.summary.property("level") == "ok"


class HeldAtEachEnd(Publisher):
    """:func:`fast_publisher` whose every transfer, once it has reported every byte sent,
    waits for one of the test's ``answers`` (a semaphore), as R2 slow to answer would."""

    answers = threading.Semaphore(0)

    def publish(
        self, *args: Any, progress: Callable[[int, int], None] | None = None, **kwargs: Any
    ) -> Any:
        held = False

        def report(done: int, total: int, quiet: float) -> None:
            nonlocal held
            if progress is not None:
                progress(done, total, quiet)
            if done == total and not held:
                held = True
                assert self.answers.acquire(timeout=30), "the test never let R2 answer"

        return super().publish(*args, progress=report, **kwargs)


async def test_the_status_bar_splits_an_upload_batch_while_its_file_is_copied_in(
    session: Session,
    bridge: Bridge,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    r2: str,  # noqa: F811
) -> None:
    """A Publish of three files: while the first is copied into the library, the status bar
    said "Publishing 3 artworks… 0 %", then "Publishing 1 of 3 · 2 waiting · …" once it was
    sent, its words flipping at each file. The file being copied in is under way: the bar
    says one of three, two waiting, all along."""
    paths = [noise_png(tmp_path / f"grain {n}.png", (60, 40), seed=n) for n in range(3)]
    copying, go_on = held_imports(monkeypatch, paths[0].name)
    window, tab = await upload_tab_in_front(session, bridge)
    try:
        tab.add_files(paths)
        await until(lambda: not tab.checking)
        tab.publish_button.click()
        await until(copying.is_set)
        await a_turn()
        said = window.publish_activity.text()
        assert said == "Publishing 1 of 3 · 2 waiting · 0 %", said  # before: 3 artworks… 0 %
    finally:
        go_on.set()
    await until(lambda: not tab.busy, timeout=30)
    await close_window(window)


async def test_the_status_bar_counts_a_copy_of_a_file_before_it_as_published_from_the_start(
    session: Session,
    bridge: Bridge,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    r2: str,  # noqa: F811
) -> None:
    """A Publish of three files, the third a copy of the first (the same bytes in another
    folder, its hash as checked the same): its turn comes once their artwork is published,
    and it is passed over, nothing sent. The status bar counted it among those to publish
    until then: "Publishing 1 of 3 · 2 waiting" for two to send. It says 1 of 2."""
    paths = [noise_png(tmp_path / f"grain {n}.png", (60, 40), seed=n) for n in range(2)]
    (tmp_path / "again").mkdir()
    paths.append(Path(shutil.copy(paths[0], tmp_path / "again" / "grain copy.png")))
    copying, go_on = held_imports(monkeypatch, paths[0].name)
    window, tab = await upload_tab_in_front(session, bridge)
    try:
        tab.add_files(paths)
        await until(lambda: not tab.checking)
        tab.publish_button.click()
        await until(copying.is_set)
        await a_turn()
        said = window.publish_activity.text()
        assert said == "Publishing 1 of 2 · 1 waiting · 0 %", said  # before: 1 of 3 · 2 waiting
        assert tab.to_publish == 2  # the file copied in and the one waiting (the quit question)
    finally:
        go_on.set()
    await until(lambda: not tab.busy, timeout=30)
    assert tab.items == []  # all three in the library, their artworks published
    await close_window(window)


async def test_the_status_bar_counts_the_bytes_a_copy_sent_when_the_file_before_it_failed(
    session: Session,
    bridge: Bridge,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    r2: str,  # noqa: F811
) -> None:
    """A Publish of a file, a copy of it (the same bytes in another folder) and another
    file; the first is refused (its title typed too long), so the copy is the one copied
    in and published. While the last is copied in, the status bar left the copy's bytes
    out, as if the first had sent them: "0 %" with half of what this Publish sends sent.
    It counts them."""
    paths = [noise_png(tmp_path / "grain.png", (60, 40), seed=1)]
    (tmp_path / "again").mkdir()
    paths.append(Path(shutil.copy(paths[0], tmp_path / "again" / "grain.png")))
    paths.append(noise_png(tmp_path / "dune.png", (60, 40), seed=2))
    copying, go_on = held_imports(monkeypatch, paths[2].name)
    window, tab = await upload_tab_in_front(session, bridge)
    try:
        first, copy, last = tab.add_files(paths)
        await until(lambda: not tab.checking)
        first.title = "x" * (MAX_TITLE_CHARS + 1)
        tab.publish_button.click()
        await until(copying.is_set)
        await a_turn()
        assert copy.state is ItemState.DONE and first.state is ItemState.FAILED
        sizes = [item.info.file_size for item in (copy, last) if item.info is not None]
        percent = 100 * sizes[0] // sum(sizes)
        said = window.publish_activity.text()
        assert said.endswith(f" {percent} %"), said  # before: 0 %
    finally:
        go_on.set()
    await until(lambda: not tab.busy, timeout=30)
    await close_window(window)


async def test_a_waiting_file_whose_artwork_the_library_publishes_meanwhile_is_not_counted(
    session: Session,
    bridge: Bridge,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    r2: str,  # noqa: F811
) -> None:
    """A Publish of a new file and of one the library holds, unpublished: while the first is
    copied in, the library publishes the second's artwork. The tab's batch passes it over
    when its turn comes, nothing sent; until then the status bar said "1 of 2 · 1 waiting",
    and the quit question counted it. It is counted as published once it is."""
    new = noise_png(tmp_path / "grain new.png", (60, 40), seed=1)
    held_file = noise_png(tmp_path / "grain held.png", (60, 40), seed=2)
    held = imported(session, held_file)
    copying, go_on = held_imports(monkeypatch, new.name)
    window, tab = await upload_tab_in_front(session, bridge)
    try:
        _first, second = tab.add_files([new, held_file])
        await until(lambda: not tab.checking)
        assert second.held and not second.published
        tab.publish_button.click()
        await until(copying.is_set)
        await window.publishing.publish_now(held.id)  # the library's Publish
        await until(lambda: second.published)
        await a_turn()
        said = window.publish_activity.text()
        assert "waiting" not in said, said  # before: "Publishing 1 of 2 · 1 waiting · 0 %"
        assert tab.to_publish == 1  # the file copied in alone (the quit question)
    finally:
        go_on.set()
    await until(lambda: not tab.busy, timeout=30)
    assert tab.items == []
    await close_window(window)


async def test_the_status_bar_tells_an_upload_batch_s_progress_not_its_file_s(
    session: Session,
    bridge: Bridge,
    tmp_path: Path,
    r2: str,  # noqa: F811
    admin: Any,
) -> None:
    """The status bar said "Publishing 1 artwork… 95 %" while the rest of the batch waited
    its turn, and "Finishing 1 artwork: waiting for R2…" at the end of each file: only the
    file being sent counted. It tells the batch as a batch published from the library is
    told: how many artworks are still being published, and how far over all their bytes."""
    sizes = [(300, 200), (200, 120), (400, 300)]
    paths = [noise_png(tmp_path / f"grain {n}.png", size, seed=n) for n, size in enumerate(sizes)]
    lengths = [path.stat().st_size for path in paths]
    whole = sum(lengths)
    HeldAtEachEnd.answers = threading.Semaphore(0)
    window = await open_window(
        session,
        bridge,
        publisher_factory=lambda config: HeldAtEachEnd(
            config, connect_timeout=1.0, read_timeout=10.0, max_attempts=1
        ),
    )
    tab = window.upload_tab
    window.tabs.setCurrentWidget(tab)
    activity = window.publish_activity
    try:
        tab.add_files(paths)
        await until(lambda: not tab.checking)
        tab.publish_button.click()
        first = f"Publishing 1 of 3 · 2 waiting · {lengths[0] * 100 // whole} %"
        await until(lambda: activity.text() == first, timeout=30)
        HeldAtEachEnd.answers.release()
        second = f"Publishing 1 of 2 · 1 waiting · {(lengths[0] + lengths[1]) * 100 // whole} %"
        await until(lambda: activity.text() == second, timeout=30)
        HeldAtEachEnd.answers.release()
        await until(lambda: activity.text() == "Finishing 1 artwork: waiting for R2…", timeout=30)
        HeldAtEachEnd.answers.release()
        await until(lambda: not tab.busy, timeout=30)
        assert not activity.isVisible()
        assert len(objects_in(admin, r2)) == 6  # three images and their manifests
    finally:
        HeldAtEachEnd.answers.release(3)  # a failed test leaves no transfer waiting
        await bridge.wait_idle()
        await close_window(window)


async def test_a_cancelled_row_reads_as_two_sentences_in_english_and_chinese(
    tab: UploadTab,
    session: Session,
    files: dict[str, Path],
    qapp: QApplication,
    catalogue_cache: Path,  # noqa: F811
) -> None:
    """A row whose publish was cancelled read "In the library, not published. Publishing
    was cancelled.", a capital after the colon: the reason, a sentence of its own, was
    put in another. It follows it as the next sentence, in Chinese too."""
    artwork = imported(session, files["png"])
    item = UploadItem(1, files["png"], collect.file_identity(files["png"]), "harbour")
    item.state, item.snapshot = ItemState.CANCELLED, artwork
    item.problem = explain(PublishCancelledError())
    row = UploadRow(item, tab.bridge, tab)
    assert row.status.text() == (
        "In the library, not published. Publishing was cancelled.\nNothing was left in the bucket."
    )
    installed = translations.install(qapp, "zh_CN", catalogue_cache)
    try:
        item.problem = explain(PublishCancelledError())
        row.show_item(item)
        assert row.status.text() == "已在图库中，未发布。发布已取消。\n存储桶中没有留下任何文件。"
    finally:
        installed.remove()


async def assert_settings_at_the_access_key_id(window: MainWindow) -> None:
    """The Settings dialog is open at its R2 page, the keyboard in the access key ID field
    once the keyring has answered; it is closed again."""
    dialog = window.open_settings()
    await until(lambda: dialog.secret_state is not None)
    assert dialog.tabs.currentWidget() is dialog.r2_page
    assert dialog.focusWidget() is dialog.r2_access_key_id
    dialog.reject()
    await until(lambda: window._settings_dialog is None)


async def test_open_settings_after_r2_refused_the_keys_goes_to_the_keys(
    session: Session,
    bridge: Bridge,
    files: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
    bucket: str,
    memory_keyring: Any,
) -> None:
    """Open Settings, offered once R2 refused the access keys (typed in Settings), put the
    keyboard in the Endpoint field, the page's first, every field being filled: the artist
    had to look for the keys' fields. It goes to the access key ID, from the Upload tab's
    summary and from the window's banner alike."""
    monkeypatch.delenv("R2_ACCESS_KEY_ID", raising=False)
    monkeypatch.delenv("R2_SECRET_ACCESS_KEY", raising=False)
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, SECRET)
    typed = R2Settings(endpoint=s3_endpoint, bucket=bucket, access_key_id=ACCESS_KEY)
    session.settings = dataclasses.replace(session.settings, r2=typed)
    window = await open_window(session, bridge, publisher_factory=fast_publisher)
    tab = window.upload_tab
    window.tabs.setCurrentWidget(tab)
    try:
        with enable_iam_authentication():  # moto refuses the test's keys
            await run_batch(tab, [files["png"], files["jpeg"]], tab.publish_button)
            assert "R2 rejected the access keys." in tab.summary.text()
            assert tab.settings_button.isVisible()
            tab.settings_button.click()
            await assert_settings_at_the_access_key_id(window)

            met = tab.items[0].snapshot
            assert met is not None
            window.publishing.publish(met.id)
            await until(lambda: window.banner.message().startswith("R2 rejected the access keys."))
        window.banner.action_button.click()
        await assert_settings_at_the_access_key_id(window)
        await bridge.wait_idle()
    finally:
        await close_window(window)


async def test_a_row_too_large_says_its_size_and_the_limit(
    tab: UploadTab,
    tmp_path: Path,
    qapp: QApplication,
    catalogue_cache: Path,  # noqa: F811
) -> None:
    """A file over the pixel limit read only "The image is too large.": how large, and the
    limit, were in its tooltip alone, where the command line says them. The row says them,
    in Chinese too, each number joined to its unit by a no-break space: the row's words wrap,
    and "(54" ended a line with "MP)" starting the next."""
    huge = tmp_path / "huge.png"
    Image.new("1", (9000, 6000)).save(huge)  # 54 MP in a few kilobytes
    heavy = tmp_path / "heavy.png"
    with heavy.open("wb") as sparse:  # 51 MB, refused by its size before it is read
        sparse.write(huge.read_bytes()[:64])
        sparse.truncate(51 * 1024 * 1024)
    item, over = tab.add_files([huge, heavy])
    await until(lambda: not tab.checking)
    assert item.state is ItemState.REFUSED
    assert tab.row(item).status.text() == (
        "The image is too large: 9000×6000 (54\u00a0MP); the limit is 50\u00a0MP. "
        "Export it smaller, or remove it from the list."
    )
    assert (
        tab.row(over)
        .status.text()
        .startswith("The file is too large: 51\u00a0MB; the limit is 50\u00a0MB. ")
    )
    tab.remove(over.key)
    installed = translations.install(qapp, "zh_CN", catalogue_cache)
    try:
        tab.remove(item.key)
        (item,) = tab.add_files([huge])
        await until(lambda: not tab.checking)
        assert tab.row(item).status.text() == (
            "图片太大：9000×6000（5400\u00a0万像素）；上限为 5000\u00a0万像素。"
            "请导出更小的版本，或将它从列表中移除。"
        )
    finally:
        installed.remove()


async def test_stop_during_a_copy_in_leaves_the_status_bar_publishing_nothing(
    session: Session,
    bridge: Bridge,
    files: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    r2: str,  # noqa: F811
) -> None:
    """Stop pressed while the last file of a Publish was being copied into the library: it
    will not be published, yet the status bar went on saying "Publishing 1 artwork… 0 %"
    until the copy ended. It says nothing more is being published at once."""
    copying, stopped = held_imports(monkeypatch, files["png"].name)
    window = await open_window(session, bridge)
    tab = window.upload_tab
    window.tabs.setCurrentWidget(tab)
    activity = window.publish_activity
    try:
        tab.add_files([files["png"]])
        await until(lambda: not tab.checking)
        tab.publish_button.click()
        await until(copying.is_set)
        assert activity.isVisible() and activity.text() == "Publishing 1 artwork… 0 %"
        tab.stop_button.click()
        assert not activity.isVisible(), activity.text()
        stopped.set()
        await until(lambda: not tab.busy)
        assert not activity.isVisible()
    finally:
        stopped.set()
        await bridge.wait_idle()
        await close_window(window)


async def test_the_status_bar_s_count_of_a_long_publish_costs_the_same_for_each_file(
    bridge: Bridge,
    controller: PublishController,  # noqa: F811
    session: Session,
    tmp_path: Path,
) -> None:
    """The status bar counts a Publish's files still to start at each percent of each file
    and each file's move (:meth:`UploadBatch.queued`). Each file was looked for among those
    done one by one: halfway through 2,000 files a count took 25 ms, the window held still
    that long at every percent, and the whole batch added minutes. Each file costs the same
    however long the list: counted in looks at a file (what it holds, or a comparison with
    another), not in time, which a loaded machine stretches."""
    path = noise_png(tmp_path / "one.png", (40, 30))
    artwork = imported(session, path)

    def per_file(count: int) -> float:
        batch = upload_batch.UploadBatch(bridge, controller, lambda item: None, publish=True)
        for key in range(count):
            item = LookedAtItem(key, path, collect.file_identity(path), title="one")
            item.snapshot = artwork
            if key < count // 2:
                item.state = ItemState.DONE
                batch.done.append(item)
            else:
                item.state = ItemState.WAITING
            batch.items.append(item)
        LookedAtItem.looks = 0
        assert batch.queued().count == count - count // 2
        return LookedAtItem.looks / count

    few, many = per_file(250), per_file(2_000)
    assert few > 0 and many <= few, (few, many)


@dataclasses.dataclass(eq=False)
class LookedAtItem(UploadItem):
    """A file of the list that counts each look at it (:attr:`looks`): a read of what it
    holds, or its comparison with another file, as a search of a list compares them."""

    looks: ClassVar[int] = 0

    def __getattribute__(self, name: str) -> Any:
        LookedAtItem.looks += 1
        return super().__getattribute__(name)

    def __eq__(self, other: object) -> bool:
        LookedAtItem.looks += 1
        return self is other

    __hash__ = UploadItem.__hash__


async def test_the_keyboard_comes_back_to_publish_once_the_not_set_up_box_is_closed(
    session: Session, bridge: Bridge, files: dict[str, Path]
) -> None:
    """Publish with R2 not set up opens the box that offers the settings. Closed with Esc,
    it left the keyboard nowhere useful: the artist had to Tab round the window to find the
    button again. It comes back to Publish, drawn as the keys' focus."""
    window = await open_window(session, bridge)
    tab = window.upload_tab
    window.show()
    window.activateWindow()
    window.tabs.setCurrentWidget(tab)
    try:
        await until(lambda: QApplication.activeWindow() is window)
        tab.add_files([files["png"]])
        await until(lambda: not tab.checking)
        tab.publish_button.setFocus(Qt.FocusReason.TabFocusReason)
        QTest.keyClick(tab.publish_button, Qt.Key.Key_Space)
        await until(lambda: bool(message_boxes(window, "publishSetupBox")))
        (box,) = message_boxes(window, "publishSetupBox")
        await until(lambda: QApplication.activeWindow() is box)
        QTest.keyClick(box, Qt.Key.Key_Escape)
        await until(lambda: not message_boxes(window, "publishSetupBox"))
        await until(lambda: not tab.busy)
        await settled(window)
        assert QApplication.focusWidget() is tab.publish_button
        assert drawn_focused(tab.publish_button)
    finally:
        await close_window(window)


async def test_an_artwork_whose_title_was_emptied_is_untitled_in_its_row_as_in_the_library(
    tab: UploadTab, session: Session, files: dict[str, Path]
) -> None:
    """The command line empties a title (``details ID --title " "``): its tile said
    "Untitled", its row here the file's name. Before its import, an empty title is still
    the file's name, which the import titles it by."""
    artwork = dataclasses.replace(imported(session, files["png"]), title="")
    item = UploadItem(1, files["png"], collect.file_identity(files["png"]), "")
    row = UploadRow(item, tab.bridge, tab)
    assert row.title.text() == files["png"].name
    item.state, item.snapshot = ItemState.DONE, artwork
    row.show_item(item)
    assert row.title.text() == "Untitled"


async def test_work_the_disk_refuses_to_save_is_said_under_upload_too(
    session: Session, bridge: Bridge, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The work kept for the next start holds the files listed to upload: a save of it the
    full disk refused was said under Generate only, and an artist busy listing files here
    learned nothing. The Upload tab says it in the same short line, until a save is done."""
    refused = [True]
    write = handovers.write_json_atomic

    def on_a_full_disk(path: Path, data: Any) -> None:
        if not refused[0]:
            write(path, data)
            return
        error = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        raise config.write_error(path, error) from error

    monkeypatch.setattr(handovers, "write_json_atomic", on_a_full_disk)
    window = await open_window(session, bridge)
    try:
        window.tabs.setCurrentWidget(window.upload_tab)
        window.library.search.setText("windmill")
        window._keep_work()
        line = window.upload_tab.unsaved
        said = "Your work is not saved for the next start: the disk is full."
        await until(lambda: line.isVisible() and line.text() == said)
        assert line.text() == window.generate_tab.reason.text()
        assert "Free disk space" in line.accessibleDescription(), "read out, not a mouse's only"
        assert line.toolTip() == plain_tooltip(line.accessibleDescription())
        assert line.focusPolicy() & Qt.FocusPolicy.TabFocus, "a Tab stop"

        refused[0] = False
        window._keep_work()
        await until(lambda: not line.isVisible())
    finally:
        await close_window(window)
