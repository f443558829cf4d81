"""The Generate tab as an artist uses it: references by drop, paste and browse, bad files
refused inline, edit mode, the character counter, and the request frozen on Generate."""

from __future__ import annotations

import errno
import gc
import io
import os
import threading
import time
import warnings
import weakref
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PIL import Image, ImageFile
from PySide6 import QtGui
from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QMetaType,
    QMimeData,
    QObject,
    QPoint,
    QPointF,
    Qt,
    QUrl,
)
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QImage,
    QImageReader,
    QKeyEvent,
    QTextDocumentFragment,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QMenu, QWidget

from kontext_studio import config
from kontext_studio.history import RecentPrompts
from kontext_studio.images.metadata import Provenance
from kontext_studio.images.validate import REFERENCE_LIMITS
from kontext_studio.jobs import engine as engine_module
from kontext_studio.jobs.states import JobState
from kontext_studio.kie.models import MAX_PROMPT_CHARS, GenerateRequest
from kontext_studio.presets import Preset
from kontext_studio.session import Session, open_session
from kontext_studio.simulator import Simulator
from kontext_studio.store.ledger import Snapshot
from kontext_studio.store.order import LibraryOrder
from kontext_studio.ui import generate_tab, image_folder, library_model, main_window, reference_slot
from kontext_studio.ui import handover as handovers
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.elided_label import ElidedLabel
from kontext_studio.ui.generate_tab import MATCH, GenerateTab
from kontext_studio.ui.job_actions import set_starred
from kontext_studio.ui.library_panel import _FRAMED
from kontext_studio.ui.main_window import MainWindow
from kontext_studio.ui.notifications import MessageBanner
from kontext_studio.ui.plain_text import JOINER, left_to_right, plain_tooltip
from kontext_studio.ui.reference_slot import THUMB_SIDE, SlotState
from kontext_studio.ui.thumbnail_label import ThumbnailLabel
from tests.fixtures import fast_schedule, hold_reference_copy
from tests.ui.conftest import (
    a_turn,
    close_generate_tab,
    open_generate_tab,
    refusing,
    settled,
    tip_shown,
    until,
)
from tests.ui.test_library import stripes_png
from tests.ui.test_preview import render_at
from tests.ui.test_window import close_window, open_window


@pytest.fixture(autouse=True)
def clean_clipboard() -> Iterator[None]:
    """Leave no mime data on the clipboard: PySide crashes at exit freeing it otherwise."""
    yield
    QGuiApplication.clipboard().clear()


def make_png(path: Path, size: tuple[int, int] = (64, 48)) -> Path:
    Image.new("RGB", size, (200, 80, 40)).save(path, "PNG")
    return path


def truncated_png(path: Path) -> Path:
    make_png(path, (256, 256))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def drop_files(widget: QWidget, *paths: Path, during: Callable[[], None] | None = None) -> bool:
    """What a file manager's drag does: enter (the widget must accept it), then drop;
    ``during`` checks the widget while the drag hovers over it."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    with warnings.catch_warnings():
        # PySide 6.12 offers QDragEnterEvent only its deprecated QPoint constructor.
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    if during is not None:
        during()
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(widget, drop)
    return drop.isAccepted()


def actions_told_to_a_move(widget: QWidget, path: Path) -> list[Qt.DropAction]:
    """What ``widget`` tells a drag the source proposes as a move (a Shift+drag, or Windows
    Explorer's drag within one drive) on entering and on the drop: the source deletes its
    file when told it was moved."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    offered = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction | Qt.DropAction.LinkAction
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # as in drop_files
        enter = QDragEnterEvent(QPoint(10, 10), offered, mime, buttons, keys)
    assert enter.proposedAction() is Qt.DropAction.MoveAction
    QApplication.sendEvent(widget, enter)
    drop = QDropEvent(QPointF(10, 10), offered, mime, buttons, keys)
    QApplication.sendEvent(widget, drop)
    assert enter.isAccepted() and drop.isAccepted()
    return [enter.dropAction(), drop.dropAction()]


def jobs(session: Session) -> list[Snapshot]:
    return list(reversed(session.ledger.search()))


async def test_dropped_file_becomes_the_reference_and_switches_to_edit_mode(
    tab: GenerateTab, tmp_path: Path
) -> None:
    assert not tab.edit_mode
    assert not tab.ratio_buttons[MATCH].isVisibleTo(tab)
    assert drop_files(tab.slot, make_png(tmp_path / "fox.png", (640, 480)))
    await until(lambda: tab.slot.state is SlotState.READY)

    assert tab.slot.path == str(tmp_path / "fox.png")
    assert tab.edit_mode
    assert "Edit mode" in tab.mode_label.text()
    assert "640×480" in tab.slot._detail.text()
    assert tab.slot._thumb.thumbnail is not None and not tab.slot._thumb.thumbnail.isNull()
    assert tab.ratio_buttons[MATCH].isVisibleTo(tab)
    assert tab.ratio_buttons[MATCH].isChecked()

    tab.slot.clear()
    assert not tab.edit_mode
    assert not tab.ratio_buttons[MATCH].isChecked()


async def test_a_file_shift_dragged_in_is_taken_as_a_copy_so_its_source_keeps_it(
    tab: GenerateTab, tmp_path: Path
) -> None:
    """A photo Shift-dragged from Windows Explorer (or dragged within one drive, where
    Explorer moves by default) was accepted as the move proposed: Explorer, told the file
    was moved, deleted the artist's original from its folder."""
    photo = make_png(tmp_path / "fox.png", (640, 480))
    copy = Qt.DropAction.CopyAction
    assert actions_told_to_a_move(tab.slot, photo) == [copy, copy]
    await until(lambda: tab.slot.state is SlotState.READY)
    assert tab.slot.path == str(photo)


async def test_of_several_files_dropped_the_slot_says_it_took_the_first_and_left_the_rest(
    tab: GenerateTab, tmp_path: Path
) -> None:
    """Three files dropped at once: the first was taken without a word, and the artist
    could not tell which one the edit would use, nor that the others went nowhere."""
    dropped = [make_png(tmp_path / f"{name}.png", (64, 48)) for name in ("fox", "owl", "hare")]
    assert drop_files(tab.slot, *dropped)
    await until(lambda: tab.slot.state is SlotState.READY)

    assert tab.slot.path == str(dropped[0])
    assert tab.slot._title.text() == "fox.png"
    assert "Took the first of 3 files; the others were left out." in tab.slot._detail.text()

    assert drop_files(tab.slot, dropped[1])  # one file: nothing left out
    await until(lambda: tab.slot.path == str(dropped[1]) and tab.slot.state is SlotState.READY)
    assert "left out" not in tab.slot._detail.text()


async def test_of_several_files_dropped_the_slot_takes_the_first_image(
    tab: GenerateTab, tmp_path: Path
) -> None:
    """ "notes.txt, photo.jpg" dropped together: the slot took notes.txt and refused it, and
    the photo the artist meant went nowhere."""
    notes = tmp_path / "notes.txt"
    notes.write_text("ideas for the fox")
    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (64, 48), (40, 90, 200)).save(photo, "JPEG")
    assert drop_files(tab.slot, notes, photo)
    await until(lambda: tab.slot.state is not SlotState.CHECKING)

    assert tab.slot.state is SlotState.READY and tab.slot.path == str(photo)
    assert tab.slot._title.text() == "photo.jpg"
    assert "Took the first image of 2 files; the other was left out." in tab.slot._detail.text()


def middle_row(shot: QImage, label: QWidget) -> list[int]:
    """Lightness of the device pixels across the middle of ``label`` in ``shot``."""
    ratio = shot.devicePixelRatio()
    y = round(label.height() / 2 * ratio)
    xs = range(round(label.width() * ratio / 4), round(label.width() * ratio * 3 / 4))
    return [QColor(shot.pixel(x, y)).lightness() for x in xs]


def sharp(row: list[int]) -> bool:
    """One-pixel stripes drawn one pixel for one: black and white, nothing grey between."""
    return all(value < 30 or value > 225 for value in row)


async def assert_remade_for_each_screen(thumb: ThumbnailLabel, side: int) -> None:
    """``thumb`` shows a thumbnail of one-pixel stripes ``2 * side`` wide, made for the 1x
    test screen. Moved to a 2x screen, it is made again for it (the one it has shows
    meanwhile) and drawn sharp; moved back, it is made for 1x again. The window is hidden:
    on the test screen it would be painted at 1x too, where a window is on one screen."""
    thumb.window().hide()
    at_1x = thumb.thumbnail
    assert at_1x is not None and at_1x.devicePixelRatio() == 1.0 and at_1x.width() == side
    assert not sharp(middle_row(render_at(thumb, 2.0), thumb))  # stretched: grey
    assert thumb.thumbnail is at_1x  # meanwhile, not "…"
    await until(lambda: thumb.thumbnail is not at_1x)
    at_2x = thumb.thumbnail
    assert at_2x is not None and at_2x.devicePixelRatio() == 2.0 and at_2x.width() == 2 * side
    assert sharp(middle_row(render_at(thumb, 2.0), thumb))

    render_at(thumb, 1.0)
    await until(lambda: thumb.thumbnail is not at_2x)
    back = thumb.thumbnail
    assert back is not None and back.devicePixelRatio() == 1.0 and back.width() == side


async def test_a_reference_moved_to_a_2x_screen_gets_a_thumbnail_made_for_it(
    tab: GenerateTab, tmp_path: Path
) -> None:
    """The slot's thumbnail was made once, for the screen the window opened on: moved to a
    Retina screen, the reference stayed stretched and blurred for as long as it was there."""
    stripes = stripes_png(tmp_path / "stripes.png", 2 * THUMB_SIDE)
    assert drop_files(tab.slot, stripes)
    await until(lambda: tab.slot.state is SlotState.READY)
    await assert_remade_for_each_screen(tab.slot._thumb, THUMB_SIDE)


async def test_pasted_image_data_is_saved_off_thread_and_used(
    tab: GenerateTab, session: Session
) -> None:
    image = QImage(120, 90, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    QGuiApplication.clipboard().setImage(image)

    assert tab.paste_reference()
    await until(lambda: tab.slot.state is SlotState.READY)

    pasted = Path(tab.slot.path or "")
    assert pasted.parent == session.paths.cache / "pasted"
    assert pasted.is_file()
    assert tab.slot.info is not None and (tab.slot.info.width, tab.slot.info.height) == (120, 90)


async def test_browse_after_a_paste_opens_where_images_were_chosen_not_in_the_cache(
    tab: GenerateTab, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Browse opened in the folder of the reference held: after a paste, the app's cache
    (a job's reference put back by Reuse settings: the library's own copies)."""
    home = tmp_path / "home"
    (home / "Pictures").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "no-user-dirs"))
    monkeypatch.setattr(image_folder, "_last", "")
    opened: list[str] = []

    def dialog(_parent: object, _title: str, folder: str = "", *_rest: object) -> Any:
        opened.append(folder)
        return "", ""

    monkeypatch.setattr(reference_slot.QFileDialog, "getOpenFileName", dialog)
    image = QImage(120, 90, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    QGuiApplication.clipboard().setImage(image)
    assert tab.paste_reference()
    await until(lambda: tab.slot.state is SlotState.READY)
    tab.slot.browse()
    assert opened == [str(home / "Pictures")]

    art = tmp_path / "project"
    art.mkdir()
    assert drop_files(tab.slot, make_png(art / "fox.png"))
    await until(lambda: tab.slot.state is SlotState.READY)
    QGuiApplication.clipboard().setImage(image)
    assert tab.paste_reference()
    await until(lambda: tab.slot.state is SlotState.READY and "pasted" in (tab.slot.path or ""))
    tab.slot.browse()
    assert opened[-1] == str(art), "where the artist last took an image from"


async def test_old_pasted_images_are_removed_but_the_one_the_form_holds(
    tab: GenerateTab, session: Session
) -> None:
    """Before, every image pasted as a reference (a screenshot: megabytes) stayed in the
    cache folder for good: an artist pasting all day, every day, filled the disk. An edit
    job keeps a copy of its own, so only the form's reference needs its pasted file."""
    image = QImage(120, 90, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    QGuiApplication.clipboard().setImage(image)
    assert tab.paste_reference()
    await until(lambda: tab.slot.state is SlotState.READY)
    held = Path(tab.slot.path or "")
    folder = session.paths.cache / "pasted"
    old = folder / "pasted-0123456789ab.png"
    old.write_bytes(held.read_bytes())
    two_days_ago = time.time() - 2 * 24 * 3600
    for path in (held, old):
        os.utime(path, (two_days_ago, two_days_ago))
    fresh = folder / "pasted-ba9876543210.png"  # pasted a moment ago (another window's)
    fresh.write_bytes(held.read_bytes())

    tab.slot.prune_pasted()
    await until(lambda: not old.exists())
    assert held.is_file() and fresh.is_file()
    assert tab.slot.state is SlotState.READY


async def test_old_pasted_images_are_removed_at_a_paste_in_a_window_left_open(
    tab: GenerateTab, session: Session
) -> None:
    """Before, old pasted images were removed only a minute after the window started: a
    window left open for weeks kept every screenshot pasted in them. The reference a
    paste replaces stays (a press of Generate just made may still be copying it)."""
    image = QImage(120, 90, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    QGuiApplication.clipboard().setImage(image)
    assert tab.paste_reference()
    await until(lambda: tab.slot.state is SlotState.READY)
    replaced = Path(tab.slot.path or "")
    old = session.paths.cache / "pasted" / "pasted-0123456789ab.png"
    old.write_bytes(replaced.read_bytes())
    two_days_ago = time.time() - 2 * 24 * 3600
    for path in (replaced, old):
        os.utime(path, (two_days_ago, two_days_ago))

    image.fill(QColor("orange"))
    QGuiApplication.clipboard().setImage(image)
    assert tab.paste_reference()
    await until(lambda: tab.slot.state is SlotState.READY)
    await until(lambda: not old.exists())
    assert replaced.is_file()
    assert Path(tab.slot.path or "").is_file()


async def test_a_pasted_reference_a_press_is_still_copying_is_not_removed_as_old(
    tab: GenerateTab, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Generate pressed with a pasted reference a day old (a draft brought back at a
    start), the artist cleared the form at once for the next prompt: before, the removal
    of old pasted images kept only the form's reference, took this one while its copy
    for the jobs was being made, and the press failed, its jobs never made."""
    keeping, go_on = hold_reference_copy(monkeypatch, 10)
    image = QImage(120, 90, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    QGuiApplication.clipboard().setImage(image)
    assert tab.paste_reference()
    await until(lambda: tab.slot.state is SlotState.READY)
    pressed = Path(tab.slot.path or "")
    other = pressed.with_name("pasted-0123456789ab.png")
    other.write_bytes(pressed.read_bytes())
    two_days_ago = time.time() - 2 * 24 * 3600
    for path in (pressed, other):
        os.utime(path, (two_days_ago, two_days_ago))
    tab.prompt.setPlainText("paint the walls green")
    made: list[int] = []
    tab.submitted.connect(made.append)
    try:
        assert tab.generate()
        await until(keeping.is_set)
        tab.slot.clear()
        tab.slot.prune_pasted()
        await until(lambda: not other.exists())
        assert pressed.is_file()
    finally:
        go_on.set()
    await until(lambda: not tab.submitting)
    assert len(made) == 1
    await until(lambda: all(s.state is JobState.COMPLETED for s in jobs(session)))


async def test_a_large_image_copied_in_this_app_is_pasted_without_copying_it_on_the_gui_thread(
    tab: GenerateTab, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An image copied here (Copy image) and pasted as the reference: its pixels, 192 MB at
    48 MP, were copied on the GUI thread, which froze the window for a quarter of a second."""
    image = QImage(120, 90, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    copied_on: list[threading.Thread] = []
    copy = QImage.copy

    def recorded(self: QImage, *args: Any) -> QImage:
        if self.size() == image.size():  # the pasted image's, not its thumbnail's
            copied_on.append(threading.current_thread())
        return copy(self, *args)

    monkeypatch.setattr(QImage, "copy", recorded)
    QGuiApplication.clipboard().setImage(image)

    assert tab.paste_reference()
    await until(lambda: tab.slot.state is SlotState.READY)

    assert tab.slot.info is not None and (tab.slot.info.width, tab.slot.info.height) == (120, 90)
    assert threading.main_thread() not in copied_on


class OtherAppsImage(QMimeData):
    """An image another app (a browser, a screenshot tool) put on the clipboard, as the X11
    and Wayland clipboards show it to Qt: its PNG, which Qt decodes when ``imageData()`` is
    asked for."""

    def __init__(self, png: bytes) -> None:
        super().__init__()
        self.png = png

    def formats(self) -> list[str]:
        return ["image/png", "application/x-qt-image"]

    def hasFormat(self, mime_type: str) -> bool:
        return mime_type in self.formats()

    def retrieveData(self, mime_type: str, preferred_type: QMetaType) -> Any:
        if mime_type == "application/x-qt-image":
            return QImage.fromData(self.png)
        return QByteArray(self.png) if mime_type == "image/png" else None


async def test_an_image_pasted_from_another_app_is_decoded_off_the_gui_thread(
    tab: GenerateTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 48 MP screenshot pasted with Ctrl+V froze the window for over a second while it was
    decoded: the reference comes, decoded in a worker thread."""
    decoded_on: list[threading.Thread] = []
    from_data, read = QImage.fromData, QImageReader.read

    def recorded_from_data(*args: Any) -> QImage:
        decoded_on.append(threading.current_thread())
        return from_data(*args)

    def recorded_read(self: QImageReader, *args: Any) -> QImage:
        decoded_on.append(threading.current_thread())
        return read(self, *args)

    def recorded_load(self: ImageFile.ImageFile) -> Any:
        decoded_on.append(threading.current_thread())
        return load(self)

    load = ImageFile.ImageFile.load
    monkeypatch.setattr(QImage, "fromData", staticmethod(recorded_from_data))
    monkeypatch.setattr(QImageReader, "read", recorded_read)
    monkeypatch.setattr(ImageFile.ImageFile, "load", recorded_load)
    pasted = OtherAppsImage(make_png(tmp_path / "screenshot.png", (120, 90)).read_bytes())
    QGuiApplication.clipboard().setMimeData(pasted)

    assert tab.paste_reference()
    await until(lambda: tab.slot.state is SlotState.READY)

    assert tab.slot.info is not None and (tab.slot.info.width, tab.slot.info.height) == (120, 90)
    assert decoded_on and threading.main_thread() not in decoded_on


async def test_an_image_pasted_from_another_app_is_kept_as_it_came(
    tab: GenerateTab, tmp_path: Path
) -> None:
    """The other app's PNG was decoded and encoded again: 18 s for a 48 MP screenshot
    before the reference could be used, and its 16-bit colours came back as 8. The file
    kept is the PNG as it came, once it is known to be an image."""
    deep = tmp_path / "deep.png"
    Image.new("I;16", (120, 90), 40000).save(deep)
    QGuiApplication.clipboard().setMimeData(OtherAppsImage(deep.read_bytes()))

    assert tab.paste_reference()
    await until(lambda: tab.slot.state is SlotState.READY)

    assert Path(tab.slot.path).read_bytes() == deep.read_bytes()


class DiskFillingUp:
    """Files opened for writing in ``folder`` (or, as ``tempfile`` opens them, with
    ``folder`` named) take half of what is written, then the disk is full; who wrote."""

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.folder = folder
        self.writers: list[threading.Thread] = []
        self._open = io.open
        monkeypatch.setattr(io, "open", self.open)

    def open(self, file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        opened = self._open(file, mode, *args, **kwargs)
        named = Path(os.fsdecode(file)) if isinstance(file, (str, os.PathLike)) else None
        if named is None or self.folder not in (named, named.parent) or mode[0] not in "wx":
            return opened
        return _FillingFile(opened, self.writers)


class _FillingFile:
    def __init__(self, file: Any, writers: list[threading.Thread]) -> None:
        self._file, self._writers = file, writers

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)

    def __enter__(self) -> _FillingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()

    def write(self, data: bytes) -> int:
        self._writers.append(threading.current_thread())
        self._file.write(data[: len(data) // 2])
        self._file.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


async def test_a_paste_on_a_full_disk_leaves_no_half_image_and_says_so_in_the_apps_words(
    tab: GenerateTab, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pasted image was written in place: a full disk left half a "pasted-….png" in the
    cache until the next day's clean-up, and the slot said the system's English ("No space
    left on device"). It is written through a temp file and a rename, in a worker thread,
    and the refusal is the app's, in the installed language."""
    folder = session.paths.cache / "pasted"
    folder.mkdir(parents=True, exist_ok=True)
    disk = DiskFillingUp(folder, monkeypatch)
    screenshot = make_png(tmp_path / "screenshot.png", (120, 90)).read_bytes()
    QGuiApplication.clipboard().setMimeData(OtherAppsImage(screenshot))

    assert tab.paste_reference()
    await until(lambda: tab.slot.state is SlotState.REFUSED)

    assert disk.writers and threading.main_thread() not in disk.writers
    assert list(folder.iterdir()) == []
    problem = tab.slot.problem
    assert problem is not None
    assert f"cannot use the folder {folder}: the disk is full" in problem.message
    assert os.strerror(errno.ENOSPC) not in problem.lines()


def test_a_pasted_image_whose_writing_was_cut_short_is_removed_as_old(tmp_path: Path) -> None:
    """The app killed while it wrote a pasted image leaves its temp file: removed with the
    old pasted images, not kept for good; another program's files stay."""
    cut = tmp_path / "tmpx1y2_z3.part"
    fresh = tmp_path / "tmpa1b2c3d4.part"  # another window writing its paste now
    other = tmp_path / "notes.part"
    for path in (cut, fresh, other):
        path.write_bytes(b"\x89PNG half")
    two_days_ago = time.time() - 2 * 24 * 3600
    for path in (cut, other):
        os.utime(path, (two_days_ago, two_days_ago))

    assert reference_slot.prune_pasted(tmp_path, []) == 1

    assert sorted(path.name for path in tmp_path.iterdir()) == [other.name, fresh.name]


async def test_clipboard_data_that_is_no_image_is_not_taken(
    tab: GenerateTab, tmp_path: Path
) -> None:
    """Data that only claims to be a PNG is no reference: the slot stays as it was, and the
    window says the clipboard holds no image."""
    QGuiApplication.clipboard().setMimeData(OtherAppsImage(b"not a picture at all"))

    assert not tab.paste_reference()
    assert tab.slot.state is SlotState.EMPTY


async def test_a_reference_replaced_before_its_check_began_is_dropped_quietly(
    tab: GenerateTab, tmp_path: Path
) -> None:
    """Two pictures taken one after the other, the second before the first was checked:
    the second is the reference, and the first's check, never begun, is dropped. It was
    left behind unrun, and Python said so in the terminal ("coroutine 'ReferenceSlot._check'
    was never awaited")."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tab.set_reference(str(make_png(tmp_path / "first.png")))
        tab.set_reference(str(make_png(tmp_path / "second.png")))
        await until(lambda: tab.slot.state is SlotState.READY)
        gc.collect()
    assert tab.slot.path == str(tmp_path / "second.png")
    assert [
        str(warning.message) for warning in caught if "never awaited" in str(warning.message)
    ] == []


async def test_pasted_image_data_drops_the_name_of_the_reference_it_replaces(
    tab: GenerateTab, tmp_path: Path
) -> None:
    """A library artwork used as reference is named by its title; image data pasted over it
    is a new picture, never shown or recorded under that title."""
    tab.set_reference(str(make_png(tmp_path / "000001-d015aee1.png")), "a fox to edit.png")
    await until(lambda: tab.slot.state is SlotState.READY)
    assert tab.slot.name == "a fox to edit.png"

    image = QImage(120, 90, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    QGuiApplication.clipboard().setImage(image)
    assert tab.paste_reference()
    await until(lambda: tab.slot.state is SlotState.READY)

    assert tab.slot.name is None
    assert tab.slot._title.text() == Path(tab.slot.path or "").name


async def test_image_pasted_into_the_prompt_box_goes_to_the_slot(
    tab: GenerateTab, tmp_path: Path
) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(make_png(tmp_path / "ref.png")))])
    QGuiApplication.clipboard().setMimeData(mime)
    tab.prompt.setFocus()
    tab.prompt.paste()

    await until(lambda: tab.slot.state is SlotState.READY)
    assert tab.prompt.toPlainText() == ""


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda d: truncated_png(d / "cut.png"), "truncated or damaged"),
        (
            lambda d: (d / "notes.txt").write_text("not a picture") and d / "notes.txt",
            "not an image",
        ),
    ],
    ids=["truncated-png", "text-file"],
)
async def test_a_bad_file_is_refused_inline_and_blocks_generate(
    tab: GenerateTab, tmp_path: Path, make: object, reason: str
) -> None:
    tab.prompt.setPlainText("make it blue")
    path = make(tmp_path)  # type: ignore[operator]
    assert drop_files(tab.slot, path)
    assert not tab.generate_button.isEnabled()
    assert "being checked" in tab.reason.text()

    await until(lambda: tab.slot.state is SlotState.REFUSED)
    problem = tab.slot.problem
    assert problem is not None and reason in problem.message
    assert reason in tab.slot._detail.text()
    assert problem.hint in tab.slot._detail.text()
    assert not tab.generate_button.isEnabled()
    assert "reference image" in tab.reason.text()
    assert not tab.generate()

    tab.slot.clear()
    assert tab.generate_button.isEnabled()


async def test_a_text_file_named_as_an_image_is_refused_in_one_pair_of_brackets(
    tab: GenerateTab, tmp_path: Path
) -> None:
    """Before, the reference read "This image cannot be used. (notes.png is not an image (or
    its format is not supported: use JPEG, PNG, WebP or GIF))": brackets in brackets."""
    notes = tmp_path / "notes.png"
    notes.write_text("not a picture")
    assert drop_files(tab.slot, notes)
    await until(lambda: tab.slot.state is SlotState.REFUSED)
    problem = tab.slot.problem
    assert problem is not None and problem.message == (
        "This image cannot be used. Cause: notes.png is not an image, or its format is not "
        "supported: use JPEG, PNG, WebP or GIF."
    )


async def test_a_photo_over_kies_limits_is_taken_and_said_to_be_sent_scaled(
    tab: GenerateTab, tmp_path: Path
) -> None:
    """Before: a 24 MP photo was refused ("the limit is 20 MP") and had to be scaled down
    elsewhere. Now it is the reference, and its caption says once the size KIE gets."""
    photo = tmp_path / "camera.jpg"
    Image.new("RGB", (6000, 4000), (40, 90, 160)).save(photo, quality=90)
    tab.prompt.setPlainText("make it night")
    assert drop_files(tab.slot, photo)
    await until(lambda: tab.slot.state is not SlotState.CHECKING)

    assert tab.slot.state is SlotState.READY
    detail = tab.slot._detail.text()
    # Not "Sent at 5477×3651": the copy is made with the job, and may come out smaller.
    sent, original = left_to_right("5477×3651"), left_to_right("6000×4000")
    assert f"Sent scaled down to at most {sent} (from {original})" in detail
    assert detail.count("Sent ") == 1
    assert tab.generate_button.isEnabled()


@pytest.mark.parametrize("fmt", ["GIF", "WEBP", "PNG"])
async def test_an_animated_reference_is_said_to_be_used_by_its_first_frame(
    tab: GenerateTab, tmp_path: Path, fmt: str
) -> None:
    """Before, an animated GIF or WebP was taken as any picture and its first frame sent,
    without a word: the artist expected the animation to count."""
    frames = [Image.new("RGB", (64, 48), colour) for colour in ("red", "green", "blue")]
    animation = tmp_path / f"dance.{fmt.lower()}"
    frames[0].save(animation, fmt, save_all=True, append_images=frames[1:], duration=100)
    still = tmp_path / f"still.{fmt.lower()}"
    frames[0].save(still, fmt)
    tab.prompt.setPlainText("make it night")

    assert drop_files(tab.slot, animation)
    await until(lambda: tab.slot.state is not SlotState.CHECKING)
    assert tab.slot.state is SlotState.READY
    assert "Animated: only its first frame is used" in tab.slot._detail.text()
    assert tab.generate_button.isEnabled()

    assert drop_files(tab.slot, still)
    await until(lambda: tab.slot.state is not SlotState.CHECKING)
    assert tab.slot.state is SlotState.READY
    assert "frame" not in tab.slot._detail.text()


async def test_the_formats_the_reference_accepts_are_the_ones_its_words_name(
    tab: GenerateTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """KIE (Flux Kontext) edits JPEG, PNG, WebP and GIF: the slot takes a GIF, its file
    dialog lists GIFs, and a refusal names the four, with no hint naming only three."""
    gif = tmp_path / "loop.gif"
    Image.new("P", (40, 30)).save(gif)
    assert drop_files(tab.slot, gif)
    await until(lambda: tab.slot.state is SlotState.READY)

    notes = tmp_path / "notes.txt"
    notes.write_text("not a picture")
    assert drop_files(tab.slot, notes)
    await until(lambda: tab.slot.state is SlotState.REFUSED)
    words = tab.slot._detail.text()
    assert "JPEG, PNG, WebP or GIF" in words
    assert "PNG or WebP" not in words

    filters: list[str] = []

    def chosen(_parent: object, _title: str, _folder: str, wanted: str) -> tuple[str, str]:
        filters.append(wanted)
        return "", ""

    monkeypatch.setattr(reference_slot.QFileDialog, "getOpenFileName", chosen)
    tab.slot.browse()
    patterns = filters[0].split("(")[1].split(")")[0].split()
    assert {pattern.lstrip("*") for pattern in patterns} == REFERENCE_LIMITS.extensions


async def test_empty_prompt_disables_generate_with_the_reason(tab: GenerateTab) -> None:
    assert not tab.generate_button.isEnabled()
    assert tab.reason.text() == "Type a prompt to generate."
    tab.prompt.setPlainText("   ")
    assert not tab.generate_button.isEnabled()
    # Zero-width spaces and joiners pasted from a web page show nothing: not a prompt to pay for.
    tab.prompt.setPlainText("\u200b\u200c\u200d\ufeff\u2060 \u00a0")
    assert not tab.generate_button.isEnabled()
    assert tab.reason.text() == "Type a prompt to generate."
    tab.prompt.setPlainText("a lighthouse")
    assert tab.generate_button.isEnabled()


async def test_counter_warns_near_the_limit_and_errors_above_it(tab: GenerateTab) -> None:
    tab.prompt.setPlainText("x" * 100)
    assert not tab.counter.isVisibleTo(tab)

    tab.prompt.setPlainText("x" * (MAX_PROMPT_CHARS - 200))
    assert tab.counter.isVisibleTo(tab)
    assert tab.counter.property("level") == "warning"
    assert tab.generate_button.isEnabled()

    tab.prompt.setPlainText("x" * (MAX_PROMPT_CHARS + 7))
    assert tab.counter.property("level") == "error"
    assert "too long by 7" in tab.counter.text()
    assert not tab.generate_button.isEnabled()
    assert "5,000" in tab.reason.text()


async def test_choices_are_frozen_into_the_request(tab: GenerateTab, session: Session) -> None:
    submitted: list[int] = []
    tab.submitted.connect(submitted.append)
    QTest.keyClicks(tab.prompt, "a lighthouse in fog")
    tab.ratio_buttons["9:16"].click()
    tab.model.setCurrentIndex(tab.model.findData("flux-kontext-max"))
    assert "Max" in tab.model_note.text()
    assert not tab.advanced.isVisibleTo(tab)
    tab.advanced_toggle.click()
    assert tab.advanced.isVisibleTo(tab)
    tab.translation.setChecked(False)
    tab.upsampling.setChecked(True)
    tab.safety.setValue(5)
    tab.format.setCurrentIndex(tab.format.findData("jpeg"))
    tab.watermark.setText("studio-mark")
    tab.batch.setValue(2)
    assert tab.generate_button.text() == "&Generate 2 images"

    assert tab.generate()
    tab.prompt.setPlainText("something else entirely")
    tab.ratio_buttons["1:1"].click()
    tab.safety.setValue(1)

    await until(lambda: len(submitted) == 2)
    expected = GenerateRequest(
        prompt="a lighthouse in fog",
        model="flux-kontext-max",
        aspect_ratio="9:16",
        output_format="jpeg",
        enable_translation=False,
        prompt_upsampling=True,
        safety_tolerance=5,
        watermark="studio-mark",
    )
    made = jobs(session)
    assert [snap.id for snap in made] == sorted(submitted)
    assert all(snap.request == expected for snap in made)
    await until(lambda: all(s.state is JobState.COMPLETED for s in jobs(session)))
    assert all(snap.request == expected for snap in jobs(session))


async def test_ctrl_enter_held_down_in_the_prompt_generates_once(
    tab: GenerateTab, bridge: Bridge, session: Session
) -> None:
    """The prompt box's own Ctrl+Enter (the tab outside the window, whose menu action is
    tested in test_shortcuts): a key repeat is not one more press."""
    ctrl = Qt.KeyboardModifier.ControlModifier
    tab.prompt.setPlainText("a fox, pressed firmly")
    tab.prompt.setFocus()
    QTest.keyPress(tab.prompt, Qt.Key.Key_Return, ctrl)
    for _ in range(4):
        repeat = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, ctrl, "", True)
        QApplication.sendEvent(tab.prompt, repeat)
    QTest.keyRelease(tab.prompt, Qt.Key.Key_Return, ctrl)
    await until(lambda: len(jobs(session)) >= 1)
    await bridge.wait_idle()
    assert len(jobs(session)) == 1
    assert tab.prompt.toPlainText() == "a fox, pressed firmly"  # no line break typed either
    await until(lambda: all(s.state is JobState.COMPLETED for s in jobs(session)))


async def test_edit_mode_clamps_safety_and_match_keeps_the_reference_ratio(
    tab: GenerateTab, session: Session, tmp_path: Path
) -> None:
    tab.advanced_toggle.click()
    tab.safety.setValue(6)
    tab.ratio_buttons["21:9"].click()
    tab.set_reference(str(make_png(tmp_path / "room.png", (300, 200))))
    await until(lambda: tab.slot.state is SlotState.READY)

    assert tab.safety.maximum() == 2
    assert tab.safety.value() == 2
    assert tab.ratio_buttons[MATCH].isChecked()
    tab.prompt.setPlainText("paint the walls green")
    submitted: list[int] = []
    tab.submitted.connect(submitted.append)
    assert tab.generate()
    await until(lambda: len(submitted) == 1)

    request = jobs(session)[0].request
    assert request.aspect_ratio is None
    assert request.safety_tolerance == 2
    assert request.is_edit and request.image_sha256 == tab.slot.info.sha256  # type: ignore[union-attr]
    assert Path(request.image_path or "").is_file()

    tab.slot.clear()
    assert tab.safety.maximum() == 6
    assert tab.safety.value() == 6
    assert tab.ratio_buttons["21:9"].isChecked()


async def test_a_batch_keeps_its_reference_once_for_all_its_images(
    tab: GenerateTab, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: each of "Generate 4 images" checked and copied the reference on its own, all
    four at once: for a 48 MP phone photo the first job showed 14 s after Generate (2 s for
    one image), and until then nothing said Generate had done anything."""
    kept: list[Path] = []
    keep = engine_module.keep_reference

    def counted(folder: Path, path: Path, *checked: Any) -> tuple[Path, str]:
        kept.append(path)
        return keep(folder, path, *checked)

    monkeypatch.setattr(engine_module, "keep_reference", counted)
    tab.set_reference(str(make_png(tmp_path / "room.png", (300, 200))))
    await until(lambda: tab.slot.state is SlotState.READY)
    tab.prompt.setPlainText("paint the walls green")
    tab.batch.setValue(4)
    submitted: list[int] = []
    tab.submitted.connect(submitted.append)
    assert tab.generate()
    await until(lambda: len(submitted) == 4)

    assert kept == [tmp_path / "room.png"]
    made = jobs(session)
    assert sorted(submitted) == [snap.id for snap in made]
    assert len({snap.request.image_path for snap in made}) == 1
    await until(lambda: all(s.state is JobState.COMPLETED for s in jobs(session)))


ALREADY = "Already on their way: change something for more."


async def test_while_the_reference_is_prepared_the_tab_says_the_jobs_are_coming(
    tab: GenerateTab, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: for the seconds a large photo took to be scaled down and kept (5 s for an
    89 MP camera file), nothing showed that Generate had been pressed, and a second press
    made the jobs again. A second press of the same form now says they are on their way,
    and makes none; the button keeps the keyboard's focus meanwhile."""
    keeping, go_on = hold_reference_copy(monkeypatch, 10)
    tab.set_reference(str(make_png(tmp_path / "room.png", (300, 200))))
    await until(lambda: tab.slot.state is SlotState.READY)
    tab.prompt.setPlainText("paint the walls green")
    tab.batch.setValue(3)
    idle = tab.reason.text()
    submitted: list[int] = []
    tab.submitted.connect(submitted.append)
    assert tab.generate()
    await until(keeping.is_set)
    await until(lambda: tab.generate_button.text() == "&Generating 3 images…")
    assert tab.reason.text() == "Preparing the reference image for 3 jobs…"
    assert tab.generate_button.isEnabled()
    assert not tab.generate()
    assert tab.reason.text() == ALREADY
    go_on.set()
    await until(lambda: len(submitted) == 3)
    await until(lambda: not tab.submitting)
    assert tab.reason.text() == idle == "Ctrl+Return generates from anywhere."
    assert tab.generate_button.text() == "&Generate 3 images"
    assert len(jobs(session)) == 3
    await until(lambda: all(s.state is JobState.COMPLETED for s in jobs(session)))


@pytest.fixture
async def window(
    session: Session, bridge: Bridge, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[MainWindow]:
    """The window, its form saved at each press of Generate only (not a moment after each
    change too, which a stalled disk would hold as well)."""
    monkeypatch.setattr(main_window, "DRAFT_KEEP_MS", 3_600_000)
    made = await open_window(session, bridge)
    yield made
    await close_window(made)


class StalledDisk:
    """Writes held as a disk that stalls holds them (a network share, a USB drive waking
    up): each call of ``owner.name`` waits until :attr:`release` is set (20 s at most),
    then writes for real. By default the window's saves of the form (the unsent work file,
    a real file); the library's writes of new jobs (its real SQLite file) with
    ``owner=session.ledger, name="create_job"``."""

    def __init__(
        self, monkeypatch: pytest.MonkeyPatch, owner: object = handovers, name: str = ""
    ) -> None:
        self.release = threading.Event()
        self.reached = threading.Event()
        """Set once a write has reached the disk, and waits there."""
        self.written: list[tuple[Any, ...]] = []
        """The arguments of each write made, in turn."""
        name = name or "write_json_atomic"
        self._write = getattr(owner, name)
        monkeypatch.setattr(owner, name, self._held)

    def _held(self, *args: Any, **kwargs: Any) -> Any:
        self.reached.set()
        self.release.wait(20)
        done = self._write(*args, **kwargs)
        self.written.append(args)
        return done


@pytest.mark.parametrize("stalled", ["form", "jobs"])
async def test_a_press_on_a_stalled_disk_shows_at_once_and_pressing_again_makes_no_more(
    window: MainWindow,
    session: Session,
    simulator: Simulator,
    monkeypatch: pytest.MonkeyPatch,
    stalled: str,
) -> None:
    """A press first saves the form, then writes its jobs to the library, and on a disk
    that stalls nothing showed it was taken: the artist pressed again, and the jobs were
    made twice (two paid KIE jobs each). Now the button says it is generating them at once,
    and a second press of the same form (the button, the menu's Generate, Ctrl+Return)
    makes nothing more and says so. (The library is not read while its write is held: the
    write holds its lock.)"""
    monkeypatch.setattr(generate_tab, "STALL_SAID_MS", 60_000)  # "Slow disk" comes later
    if stalled == "form":
        disk = StalledDisk(monkeypatch)
    else:
        disk = StalledDisk(monkeypatch, session.ledger, "create_job")
    tab = window.generate_tab
    prompt = "a lighthouse in fog, charcoal"
    try:
        tab.prompt.setPlainText(prompt)
        tab.batch.setValue(2)
        tab.generate_button.click()
        assert tab.generate_button.accessibleDescription() == ALREADY
        await until(lambda: tab.generate_button.text() == "&Generating 2 images…")
        assert tab.reason.text() == "Adding 2 jobs to the library…"
        await until(disk.reached.is_set)
        tab.generate_button.click()
        assert tab.reason.text() == ALREADY
        assert tab.generate_button.isEnabled()  # it keeps the keyboard's focus
        window.menu_actions["generate"].trigger()
        tab.prompt.setFocus()  # a real key press: through Qt's shortcut map, to the menu's
        QTest.keyClick(tab.prompt, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        await a_turn()
        assert tab.submitting
        assert tab.generate_button.text() == "&Generating 2 images…"
    finally:
        disk.release.set()
    await until(lambda: not tab.submitting)
    assert tab.generate_button.text() == "&Generate 2 images"
    assert tab.reason.text() == "Ctrl+Return generates from anywhere."
    await until(lambda: all(s.state is JobState.COMPLETED for s in jobs(session)))
    assert len(jobs(session)) == 2
    assert simulator.generate_count(prompt) == 2


async def test_a_form_changed_while_a_press_waits_on_the_disk_is_another_press(
    window: MainWindow, session: Session, simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Changed after a press whose jobs wait for a stalled disk, the form is pressed anew:
    its jobs are made too, once the disk answers. Each press asks to save the form; one
    asked for while a later one waits is left out, the later one's form saved instead."""
    disk = StalledDisk(monkeypatch)
    tab = window.generate_tab
    prompts = ("a red fox", "a red fox at dawn", "a red fox at dawn, watercolor")
    try:
        for prompt in prompts:
            tab.prompt.setPlainText(prompt)
            assert tab.generate_button.text() == "&Generate"
            assert tab.generate()
            await until(lambda: tab.generate_button.text() == "&Generating…")
            await until(disk.reached.is_set)
            await a_turn()  # the press has asked to save the form
        assert tab.reason.text() == "Adding 3 jobs to the library…"
        tab.prompt.setPlainText(prompts[0])  # the first form again: still on its way
        assert tab.generate_button.text() == "&Generating…"
        assert not tab.generate()
        assert tab.reason.text() == ALREADY
        assert session.ledger.count() == 0
    finally:
        disk.release.set()
    await until(lambda: not tab.submitting)
    await until(lambda: all(s.state is JobState.COMPLETED for s in jobs(session)))
    assert sorted(snap.request.prompt for snap in jobs(session)) == sorted(prompts)
    assert [simulator.generate_count(prompt) for prompt in prompts] == [1, 1, 1]
    # The second press's save left out; once the jobs are made, the form as it is now kept
    # with no press left unmade:
    assert [data["draft"]["prompt"] for _, data in disk.written][:2] == [prompts[0], prompts[2]]
    saved = handovers.unsent_work_file(session.paths.data)
    await until(lambda: not window.bridge.busy)
    kept = handovers.load(saved)
    assert kept is not None and kept.draft.prompt == prompts[0] and not kept.unmade


async def test_many_changes_on_a_stalled_disk_hold_two_writes_at_most_and_keep_the_newest(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The form is saved a moment after each change; on a disk stalled for a minute each
    save took a thread of the pool the app's other work shares, to wait there, and a
    minute of typing held them all. One write is under way now, and only the newest form
    waits: the file ends holding it."""
    disk = StalledDisk(monkeypatch)
    saves = handovers.work_file(handovers.unsent_work_file(session.paths.data))
    running: list[int] = []
    most = [0]
    lock = threading.Lock()
    write = handovers.WorkFile.write

    def counted(self: handovers.WorkFile, *args: Any) -> bool:
        with lock:
            running.append(1)
            most[0] = max(most[0], len(running))
        try:
            return write(self, *args)
        finally:
            with lock:
                running.pop()

    monkeypatch.setattr(handovers.WorkFile, "write", counted)
    window._keep_draft.setInterval(0)  # saved at each change, as after each pause in typing
    tab = window.generate_tab
    prompts = [f"a heron in the reeds, take {n}" for n in range(12)]
    try:
        for prompt in prompts:
            asked = saves._asked
            tab.prompt.setPlainText(prompt)
            await until(lambda asked=asked: saves._asked > asked)
            await until(disk.reached.is_set)
    finally:
        disk.release.set()
    await until(lambda: [data["draft"]["prompt"] for _, data in disk.written][-1:] == prompts[-1:])
    await until(lambda: not running)
    assert most[0] <= 2
    written = [data["draft"]["prompt"] for _, data in disk.written]
    assert written == [prompts[0], prompts[-1]], "the forms in between are left out"
    kept = handovers.load(handovers.unsent_work_file(session.paths.data))
    assert kept is not None and kept.draft.prompt == prompts[-1]


async def test_a_new_image_press_waiting_on_the_disk_is_kept_as_not_made_until_its_jobs_are(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Generate pressed without a reference, its jobs' write held by a stalled disk: the
    work kept for the next start said nothing of the press (only an edit's was kept), and
    the app killed then lost it without a word. It is kept as not made (the next start says
    so, as after a close that cut it off) until its jobs are in the library."""
    disk = StalledDisk(monkeypatch, session.ledger, "create_job")
    saved = handovers.unsent_work_file(session.paths.data)
    tab = window.generate_tab
    prompt = "a lighthouse in fog, charcoal"

    def kept_unmade() -> list[tuple[str, int]]:
        kept = handovers.load(saved)
        return [] if kept is None else [(press.prompt, press.count) for press in kept.unmade]

    try:
        tab.prompt.setPlainText(prompt)
        tab.batch.setValue(3)
        assert tab.generate()
        await until(disk.reached.is_set)
        assert kept_unmade() == [(prompt, 3)], "what a start after a kill now would read"
    finally:
        disk.release.set()
    await until(lambda: not tab.submitting)
    await until(lambda: kept_unmade() == [] and not window.bridge.busy)
    await until(lambda: all(s.state is JobState.COMPLETED for s in jobs(session)))


async def test_generating_shows_on_a_stalled_disk_and_never_flashes_on_a_fast_one(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a fast disk a press's jobs are made in milliseconds, and "Generating…" flashed up
    and went at each press. It shows only once the press has taken a moment: the button's
    words never change for a press made within it, and do for one a stalled disk holds."""
    tab = window.generate_tab
    said: list[str] = []
    set_text = tab.generate_button.setText

    def told(text: str) -> None:
        if not said or said[-1] != text:
            said.append(text)
        set_text(text)

    monkeypatch.setattr(tab.generate_button, "setText", told)
    monkeypatch.setattr(generate_tab, "GENERATING_AFTER_MS", 60_000)  # a fast disk, always
    tab.prompt.setPlainText("a kite over dunes")
    said.clear()
    assert tab.generate()
    await until(lambda: not tab.submitting)
    await until(lambda: len(jobs(session)) == 1)
    assert set(said) == {"&Generate"}, said
    assert tab.reason.text() == "Ctrl+Return generates from anywhere."

    monkeypatch.setattr(generate_tab, "GENERATING_AFTER_MS", 50)
    disk = StalledDisk(monkeypatch, session.ledger, "create_job")
    try:
        tab.prompt.setPlainText("a kite over dunes at dusk")
        assert tab.generate()
        await until(disk.reached.is_set)
        await until(lambda: tab.generate_button.text() == "&Generating…")
        assert tab.reason.text() == "Adding the job to the library…"
    finally:
        disk.release.set()
    await until(lambda: not tab.submitting)
    assert tab.generate_button.text() == "&Generate"
    await until(lambda: all(s.state is JobState.COMPLETED for s in jobs(session)))


@asynccontextmanager
async def stalled_press(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[StalledDisk]:
    """A press of Generate of 2 images whose form's save a stalled disk holds, "Slow disk"
    said 50 ms after it; the disk answers as the block ends, which waits for the press's
    jobs to be done."""
    monkeypatch.setattr(generate_tab, "STALL_SAID_MS", 50)
    disk = StalledDisk(monkeypatch)
    tab = window.generate_tab
    try:
        tab.prompt.setPlainText("a windmill in a storm")
        tab.batch.setValue(2)
        assert tab.generate()
        await until(disk.reached.is_set)
        yield disk
    finally:
        disk.release.set()
    await until(lambda: not tab.submitting)
    # Each job's round trips to KIE: on a loaded machine, as long as it takes.
    await until(lambda: all(s.state is JobState.COMPLETED for s in jobs(session)), timeout=60)


async def one_generated(window: MainWindow, prompt: str = "a kite over dunes") -> None:
    """One image of ``prompt`` generated, its job shown in the library (the jobs of a
    :func:`stalled_press` then come over it)."""
    tab = window.generate_tab
    tab.prompt.setPlainText(prompt)
    assert tab.generate()
    await until(lambda: window.library.model.rowCount() == 1)


async def test_a_press_whose_form_the_disk_holds_says_nothing_of_it_is_saved_yet(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A press saves its form, with the press in it, before its jobs are written; while a
    stalled disk holds that save nothing of the press is on disk, and an app killed then
    cannot say at the next start that it was lost. The window says so at the time, once
    the save has waited a while, and stops saying it once the save is done."""
    heard: list[str] = []
    monkeypatch.setattr(generate_tab, "announce", lambda _to, words, _level: heard.append(words))
    tab = window.generate_tab
    async with stalled_press(window, session, monkeypatch):
        await until(lambda: tab.reason.text().startswith("Slow disk"))
        assert tab.reason.text() == "Slow disk: the 2 jobs are not saved yet…"
        # Read out too: the focus is on the button, away from the line.
        assert heard == ["Slow disk: the 2 jobs are not saved yet…"]
        await until(lambda: tab.generate_button.text() == "&Generating 2 images…")
    assert tab.reason.text() == "Ctrl+Return generates from anywhere."
    assert len(jobs(session)) == 2


async def test_the_status_bar_and_the_library_say_the_jobs_a_stalled_disk_holds_are_coming(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a disk that stalls holds a press's save, Generate says "Generating…" and the
    line under it that the jobs are not saved yet; the status bar said "No jobs running"
    and the empty library "No artworks yet", as if the press had done nothing."""
    tab = window.generate_tab
    async with stalled_press(window, session, monkeypatch):
        await until(lambda: tab.reason.text().startswith("Slow disk"))
        await until(lambda: tab.generate_button.text() == "&Generating 2 images…")
        assert window.active_jobs.text() == "2 jobs being added to the library…"
        assert window.library.empty.text() == (
            "Your 2 images are on their way: they show here once they are in the library."
        )
    await until(lambda: window.active_jobs.text() == "No jobs running")


COMING = "Your 2 images are on their way: they show here once they are in the library."


async def test_a_library_with_artworks_says_over_them_that_the_jobs_of_a_press_are_coming(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the empty library said that the jobs a stalled disk holds were on their way: a
    library with artworks showed nothing new, as if the press had done nothing. It says so
    over the grid until the jobs are in it, their tiles in its place."""
    tab, library = window.generate_tab, window.library
    await one_generated(window)
    assert not library.coming.isVisible()
    async with stalled_press(window, session, monkeypatch):
        await until(lambda: tab.generate_button.text() == "&Generating 2 images…")
        assert library.pages.currentWidget() is library.view
        assert library.coming.isVisible() and library.coming.text() == COMING
        assert library.model.rowCount() == 1
    await until(lambda: library.model.rowCount() == 3)
    assert not library.coming.isVisible()


async def sort_by(window: MainWindow, order: LibraryOrder) -> None:
    """Sort the library in ``order``, as its choice in Sort's menu does, and wait till the
    library has its rows in that order."""
    menu = window.library.sort.menu()
    assert menu is not None
    next(action for action in menu.actions() if action.data() == order.value).trigger()
    model = window.library.model
    await until(lambda: model.filter.order is order and not model.reading_query)


async def test_sorted_oldest_first_the_jobs_coming_are_said_under_the_grid_where_they_land(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sorted oldest first, new work lands at the end of the library, and the line saying
    a press's jobs were coming stood over the grid all the same, a screen away from where
    they showed. It stands under the grid there and says so; by name, it says they show
    in their place by name; newest first, over the grid as before."""
    tab, library = window.generate_tab, window.library
    await one_generated(window)
    await sort_by(window, LibraryOrder.OLDEST)
    async with stalled_press(window, session, monkeypatch):
        await until(lambda: tab.generate_button.text() == "&Generating 2 images…")
        await settled(window)
        coming, grid = library.coming, library.pages
        assert coming.isVisible()
        assert coming.text() == (
            "Your 2 images are on their way: they show at the end, below, once they are in"
            " the library."
        )
        assert coming.geometry().top() >= grid.geometry().bottom()
        await sort_by(window, LibraryOrder.NAME)
        by_name = (
            "Your 2 images are on their way: they show in their place by name once they are"
            " in the library."
        )
        await until(lambda: coming.text() == by_name)
        await sort_by(window, LibraryOrder.NEWEST)
        await until(lambda: coming.text() == COMING)
        await settled(window)
        assert coming.isVisible()
        assert coming.geometry().bottom() <= grid.geometry().top()
    await until(lambda: library.model.rowCount() == 3)


async def test_sorted_oldest_first_with_rows_not_read_yet_the_jobs_coming_are_said_further_down(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sorted oldest first, with pages of the library not read yet, the line under the grid
    said the jobs coming "show at the end, below": they show after the rows not read yet,
    pages further down. It says so; with every row read, "at the end, below" again."""
    tab, library = window.generate_tab, window.library
    for snap in await session.engine.submit_several(GenerateRequest(prompt="a heron"), 14):
        await session.engine.wait_for(snap.id)
    await sort_by(window, LibraryOrder.OLDEST)
    monkeypatch.setattr(library_model, "PAGE_SIZE", 12)
    library.model.reload(order=LibraryOrder.OLDEST, rows=12)  # 12 of the 14 read
    await until(lambda: library.model.rowCount() == 12 and library.model.more_to_read)
    async with stalled_press(window, session, monkeypatch):
        await until(lambda: tab.generate_button.text() == "&Generating 2 images…")
        await until(lambda: library.coming.isVisible())
        assert library.coming.text() == (
            "Your 2 images are on their way: they show further down, at the end of the"
            " library, once they are there."
        )
        read: list[bool] = []
        library.model.fetch_all(lambda: read.append(True))
        await until(lambda: bool(read))
        assert not library.model.more_to_read
        assert library.coming.text() == (
            "Your 2 images are on their way: they show at the end, below, once they are in"
            " the library."
        )
    await until(lambda: library.model.rowCount() == 16)


async def test_sorted_starred_first_the_jobs_coming_are_said_to_show_after_the_starred(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sorted starred first, new work (never starred) lands after every starred artwork,
    and the line over the starred tiles said "they show here". It says where they show;
    with nothing starred, they do show at the top, and it says "here" as before."""
    tab, library = window.generate_tab, window.library
    await one_generated(window)
    await sort_by(window, LibraryOrder.STARRED)
    async with stalled_press(window, session, monkeypatch):
        await until(lambda: tab.generate_button.text() == "&Generating 2 images…")
        await until(lambda: library.coming.text() == COMING)
    await until(lambda: library.model.rowCount() == 3)
    library.select_job(library.model.snapshot(2).id)
    library.commands["star"].trigger()
    await until(lambda: library.model.snapshot(0).starred)
    async with stalled_press(window, session, monkeypatch):
        await until(lambda: tab.generate_button.text() == "&Generating 2 images…")
        await settled(window)
        assert library.coming.isVisible()
        assert library.coming.text() == (
            "Your 2 images are on their way: they show after the starred ones once they are"
            " in the library."
        )
    await until(lambda: library.model.rowCount() == 5)


async def test_sorted_starred_first_the_jobs_coming_follow_the_star_of_the_first_tile(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sorted starred first, the only starred artwork unstarred while a press's jobs were on
    their way left the line saying they show "after the starred ones", with none starred
    (and starring one left "here" over it). The words follow the star as it changes."""
    tab, library = window.generate_tab, window.library
    await one_generated(window)
    await sort_by(window, LibraryOrder.STARRED)
    after_starred = (
        "Your 2 images are on their way: they show after the starred ones once they are"
        " in the library."
    )
    async with stalled_press(window, session, monkeypatch):
        await until(lambda: tab.generate_button.text() == "&Generating 2 images…")
        await until(lambda: library.coming.text() == COMING)
        library.select_job(library.model.snapshot(0).id)
        library.commands["star"].trigger()
        await until(lambda: library.model.snapshot(0).starred)
        assert library.coming.text() == after_starred
        assert library.coming.accessibleName() == after_starred
        library.commands["star"].trigger()
        await until(lambda: not library.model.snapshot(0).starred)
        assert library.coming.text() == COMING
        assert library.coming.toolTip() == plain_tooltip(COMING)
    await until(lambda: library.model.rowCount() == 3)


async def test_sorted_starred_first_the_jobs_coming_follow_a_star_taken_off_a_tile_that_moves_down(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sorted starred first, the only starred artwork, older than another, unstarred while
    a press's jobs were on their way moves down below that one: the first tile did not
    change, it moved, and the line went on saying they show "after the starred ones"."""
    tab, library = window.generate_tab, window.library
    older = await session.engine.submit(GenerateRequest(prompt="a kite over dunes"))
    await session.engine.wait_for(older.id)
    newer = await session.engine.submit(GenerateRequest(prompt="a heron in the reeds"))
    await session.engine.wait_for(newer.id)
    await until(lambda: library.model.rowCount() == 2)
    await sort_by(window, LibraryOrder.STARRED)
    library.select_job(older.id)
    library.commands["star"].trigger()
    await until(lambda: library.model.snapshot(0).id == older.id)
    async with stalled_press(window, session, monkeypatch):
        await until(lambda: tab.generate_button.text() == "&Generating 2 images…")
        await until(lambda: library.coming.isVisible())
        assert "after the starred ones" in library.coming.text()
        library.commands["star"].trigger()
        await until(lambda: library.model.snapshot(0).id == newer.id)
        assert library.coming.text() == COMING
        assert library.coming.accessibleName() == COMING
    await until(lambda: library.model.rowCount() == 4)


async def test_a_search_the_jobs_of_a_stalled_press_may_match_does_not_say_nothing_matches(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search typed while the jobs of a press wait for a stalled disk said "Nothing
    matches the search" of the very jobs being added, which it then showed. It says they
    are being added, and show if they match."""
    tab, library = window.generate_tab, window.library
    await one_generated(window)
    async with stalled_press(window, session, monkeypatch):
        await until(lambda: tab.generate_button.text() == "&Generating 2 images…")
        library.search.setText("windmill")
        await until(lambda: library.pages.currentWidget() is library.empty_page)
        assert library.empty.text() == (
            "Your 2 images are being added to the library: they show here if they match."
            " Esc in the search box clears the search."
        )
        assert not library.coming.isVisible(), "said once, in the empty library's words"
    await until(lambda: library.model.rowCount() == 2)
    assert library.pages.currentWidget() is library.view


async def test_over_starred_artworks_the_jobs_of_a_stalled_press_are_not_said_to_show(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With ★ Starred on over starred artworks, the line over the grid said the jobs being
    added "show here if they match": a new job is never starred, and the empty library
    under ★ Starred did not say it. Nothing is said of them over the starred ones."""
    tab, library = window.generate_tab, window.library
    await one_generated(window)
    # Its last change told first: told after the star (not starred), it took the tile away.
    await until(lambda: library.model.snapshot(0).state is JobState.COMPLETED, timeout=60)
    await window.bridge.wait_idle()
    set_starred(session.ledger, [jobs(session)[0].id], True)
    library.starred_only.setChecked(True)
    # Its query's page in, not the rows before it (the one artwork, starred or not).
    await until(lambda: not library.model.reading_query and library.model.rowCount() == 1)
    async with stalled_press(window, session, monkeypatch):
        await until(lambda: tab.generate_button.text() == "&Generating 2 images…")
        assert library.pages.currentWidget() is library.view
        assert not library.coming.isVisible(), library.coming.text()
        library.starred_only.setChecked(False)  # all shown: they are on their way
        await until(lambda: library.coming.isVisible())
        assert library.coming.text() == COMING
    await until(lambda: library.model.rowCount() == 3)


async def test_a_state_filter_the_jobs_of_a_stalled_press_cannot_match_says_nothing_matches(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under "Failed / timed out / unknown", the empty library said the jobs of a press on
    a stalled disk "show here if they match": a new job is queued, and none of them showed
    there. It says nothing matches the filters; under "Active", that they are being added."""
    tab, library = window.generate_tab, window.library
    await one_generated(window)
    await until(lambda: jobs(session)[0].state is JobState.COMPLETED)
    library.state_filter.setCurrentIndex(3)  # Failed / timed out / unknown
    await until(lambda: library.pages.currentWidget() is library.empty_page)
    async with stalled_press(window, session, monkeypatch):
        await until(lambda: tab.generate_button.text() == "&Generating 2 images…")
        assert library.empty.text() == "Nothing matches the filters."
        assert not library.coming.isVisible()
        library.state_filter.setCurrentIndex(1)  # Active
        await until(lambda: library.empty.text() != "Nothing matches the filters.")
        assert library.empty.text() == (
            "Your 2 images are being added to the library: they show here if they match."
        )
    assert len(jobs(session)) == 3


async def test_over_artworks_a_search_says_esc_clears_it_while_the_jobs_are_coming(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "Nothing matches the search" says Esc in the search box clears it; the words said in
    its place while the jobs of a press are on their way, over the grid or in the empty
    library, dropped it, and the artist who had typed a search was not told how to leave it."""
    tab, library = window.generate_tab, window.library
    await one_generated(window, "a windmill at dawn")
    async with stalled_press(window, session, monkeypatch):
        await until(lambda: tab.generate_button.text() == "&Generating 2 images…")
        library.search.setText("windmill")
        await until(lambda: library.coming.text() != COMING)
        assert library.pages.currentWidget() is library.view
        assert library.coming.isVisible()
        assert library.coming.text() == (
            "Your 2 images are being added to the library: they show here if they match."
            " Esc in the search box clears the search."
        )
    await until(lambda: library.model.rowCount() == 3)


async def test_at_24_pt_in_a_narrow_library_the_jobs_coming_take_two_lines_and_leave_a_tile(
    huge_font: None, window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 24 pt in a narrow library pane, the line saying the jobs of a press are on their
    way wrapped to five lines and left the grid less than one tile. It takes two at most,
    cut after a word with "…", and says the whole sentence in its tooltip and to a screen
    reader; the grid keeps a tile's picture whole."""
    window.show()
    window.resize(1008, 652)
    library = window.library
    await one_generated(window)
    async with stalled_press(window, session, monkeypatch):
        await until(lambda: library.coming.isVisible())
        await a_turn()
        coming = library.coming
        assert library.width() < 400, library.width()
        shown = coming.shown_text()
        assert shown != COMING and shown.endswith("…"), shown
        assert COMING.startswith(shown[:-1].rstrip()), "cut after a whole word"
        assert COMING[len(shown[:-1].rstrip())] in " :", shown
        assert coming.contentsRect().height() <= 2 * coming.fontMetrics().lineSpacing()
        assert coming.toolTip() == plain_tooltip(COMING)
        assert coming.accessibleName() == COMING
        # A tile's picture whole, in its frame: the words under it at 24 pt (a tile 310 px
        # high) need more than a window filling a 1024 x 700 screen leaves under any line.
        picture = library.view.drawn.side + _FRAMED
        assert library.view.viewport().height() >= picture, library.view.viewport().height()
    await until(lambda: library.model.rowCount() == 3)


async def test_the_current_tile_stays_in_sight_as_the_jobs_coming_are_said_over_the_grid(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The line saying the jobs of a press are on their way pushes the grid down as it
    comes: the tile the keyboard was on, at the grid's foot, went out of sight under it."""
    window.show()
    tab, library = window.generate_tab, window.library
    tab.prompt.setPlainText("a kite over dunes")
    tab.batch.setValue(4)
    assert tab.generate()
    await until(lambda: library.model.rowCount() == 4)
    await until(lambda: all(s.state is JobState.COMPLETED for s in jobs(session)))
    view = library.view
    view.setFocus()
    last = library.model.index(3, 0)
    view.setCurrentIndex(last)

    def in_sight() -> bool:
        return view.viewport().rect().contains(view.visualRect(view.currentIndex()))

    view.scrollTo(last, QAbstractItemView.ScrollHint.PositionAtBottom)
    await until(in_sight)
    assert view.visualRect(last).bottom() >= view.viewport().rect().bottom() - 4, "at the foot"
    async with stalled_press(window, session, monkeypatch):
        await until(lambda: library.coming.isVisible())
        assert view.currentIndex().row() == 3
        await until(in_sight, timeout=2)
    await until(lambda: library.model.rowCount() == 6)


async def test_a_press_made_again_on_a_stalled_disk_still_says_nothing_of_it_is_saved(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The artist who presses again on a disk that stalls is told "Already on their way";
    that line stayed, and hid the one saying nothing of the press is saved yet (killed
    then, the app leaves no word of it for the next start) from the very artist it is for."""
    tab = window.generate_tab
    async with stalled_press(window, session, monkeypatch):
        assert not tab.generate()  # pressed again, at once
        await until(lambda: tab.reason.text() != ALREADY)
        assert tab.reason.text() == "Slow disk: the 2 jobs are not saved yet…"
        assert not tab.generate()  # and again: the line still says it
        assert tab.reason.text() == "Slow disk: the 2 jobs are not saved yet…"
        assert tab.generate_button.accessibleDescription() == ALREADY
    assert tab.reason.text() == "Ctrl+Return generates from anywhere."
    assert len(jobs(session)) == 2


def announced(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """The words and level of each announcement the Generate tab makes from now on."""
    heard: list[tuple[str, str]] = []
    monkeypatch.setattr(
        generate_tab, "announce", lambda _to, words, level: heard.append((words, level))
    )
    return heard


async def a_later_save_clears_the_line(window: MainWindow, session: Session, prompt: str) -> None:
    """``prompt`` typed and the work saved, the disk writable again: the line under Generate
    is back to its hint, not marked, with no tooltip, and the prompt is kept."""
    tab = window.generate_tab
    tab.prompt.setPlainText(prompt)
    window._keep_work()
    await until(lambda: tab.reason.text() == "Ctrl+Return generates from anywhere.")
    assert not tab.reason.property("blocked")
    assert not tab.reason.toolTip()
    kept = handovers.load(handovers.unsent_work_file(session.paths.data))
    assert kept is not None and kept.draft.prompt == prompt


REFUSALS = [
    (
        errno.ENOSPC,
        "the disk is full",
        "the disk is full. Free disk space or choose another folder.",
    ),
    (
        errno.EROFS,
        "its folder cannot be written to",
        "the disk it is on is read-only. Check that the folder named here exists and can "
        "be written to.",
    ),
]
"""A disk's refusals of a write: its errno, the short reason the line under Generate gives,
and the cause and what to do, as its tooltip says them."""


@pytest.mark.parametrize(("code", "short", "why"), REFUSALS)
async def test_a_press_whose_form_cannot_be_saved_says_so_until_a_later_save_is_done(
    window: MainWindow,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    code: int,
    short: str,
    why: str,
) -> None:
    """A press saves its form, with the press in it, before its jobs are written. On a full
    or read-only disk that save failed, was only logged, and the artist went on as if the
    press were kept for the next start. The jobs are still made (their write is the
    library's), and the line under Generate says the form could not be saved, and why,
    until a later save of it is done."""
    heard = announced(monkeypatch)
    refused = refusing(monkeypatch, code)
    tab = window.generate_tab
    tab.prompt.setPlainText("a windmill in a storm")
    tab.batch.setValue(2)
    assert tab.generate()
    await until(lambda: not tab.submitting)
    said = f"Your work is not saved for the next start: {short}."
    why = (
        "Your work could not be saved for the next start. Cause: cannot use the folder "
        f"{session.paths.data}: {why}"
    )
    assert tab.reason.text() == said
    assert tab.reason.toolTip() == plain_tooltip(why)
    assert tab.reason.property("blocked") is True
    assert heard == [(why, MessageBanner.ERROR)], "read out: the focus is on the button"
    await until(lambda: all(s.state is JobState.COMPLETED for s in jobs(session)))
    assert len(jobs(session)) == 2, "the press went on"
    await until(lambda: not window.bridge.busy)
    assert tab.reason.text() == said, "the save after the jobs failed too"

    refused[0] = False  # space freed
    await a_later_save_clears_the_line(window, session, "a windmill in a storm, at dusk")


@pytest.mark.parametrize(("code", "short", "why"), REFUSALS)
async def test_a_draft_that_cannot_be_saved_says_so_once_until_a_later_save_is_done(
    window: MainWindow,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    code: int,
    short: str,
    why: str,
) -> None:
    """The prompt, reference and settings are saved a moment after each change, for the
    next start. On a full or read-only disk that save failed and was only logged: the
    artist typed on, never told the draft was not kept. The line under Generate says so
    now, read out once however many saves fail after it, and goes with the first save done."""
    heard = announced(monkeypatch)
    refused = refusing(monkeypatch, code)
    tab = window.generate_tab
    said = f"Your work is not saved for the next start: {short}."
    for prompt in ("a windmill", "a windmill in a storm", "a windmill in a storm, at dusk"):
        tab.prompt.setPlainText(prompt)
        window._keep_work()  # as the timer does a moment after each change
        await until(lambda: tab.reason.text() == said)
        await until(lambda: not window.bridge.busy)
    assert tab.reason.property("blocked") is True
    cause = (
        "Your work could not be saved for the next start. Cause: cannot use the folder "
        f"{session.paths.data}: {why}"
    )
    assert tab.reason.toolTip() == plain_tooltip(cause)
    assert heard == [(cause, MessageBanner.ERROR)], "read out once"
    assert not tab.submitting and not jobs(session), "no press waits: the draft's own save"

    refused[0] = False  # space freed, or the folder made writable
    await a_later_save_clears_the_line(window, session, "a windmill in a storm, at dawn")


def tab_until(stop: Callable[[QWidget], bool]) -> QWidget:
    """Press Tab from the focused widget until ``stop`` holds for the new one (at most 30)."""
    for _ in range(30):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        if stop(focused):
            return focused
    raise AssertionError("Tab never got there")


async def test_the_ratio_row_is_one_tab_stop_and_arrows_choose(tab: GenerateTab) -> None:
    tab.show()
    tab.ratio_buttons["4:3"].click()
    ratios = set(tab.ratio_buttons.values())
    tab.style_picker.button.setFocus()

    assert tab_until(lambda w: w in ratios) is tab.ratio_buttons["4:3"]
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    assert QApplication.focusWidget() is tab.ratio_buttons["1:1"]
    assert tab.ratio_buttons["1:1"].isChecked()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() not in ratios

    tab.style_picker.button.setFocus()
    assert tab_until(lambda w: w in ratios) is tab.ratio_buttons["1:1"]


async def test_apply_request_reuses_an_earlier_jobs_settings(tab: GenerateTab) -> None:
    tab.apply_request(
        GenerateRequest(
            prompt="a quiet harbour",
            model="flux-kontext-max",
            aspect_ratio="4:3",
            output_format="jpeg",
            enable_translation=False,
            safety_tolerance=4,
        )
    )
    request = tab.current_request()
    assert request.prompt == "a quiet harbour"
    assert request.model == "flux-kontext-max"
    assert request.aspect_ratio == "4:3"
    assert request.output_format == "jpeg"
    assert not request.enable_translation
    assert request.safety_tolerance == 4
    assert not tab.edit_mode


async def test_reused_settings_with_a_ratio_no_longer_accepted_keep_the_ratio_chosen(
    tab: GenerateTab,
) -> None:
    """Reuse settings of a job saved with a ratio the app no longer sends (16:21, seen in
    KIE's old samples), which could not be sent as it was: its prompt and options load, the
    ratio chosen stays, to be sent. Before, it raised KeyError and loaded nothing more."""
    tab.ratio_buttons["4:3"].click()
    tab.apply_request(
        GenerateRequest(prompt="a tall harbour", aspect_ratio="16:21", output_format="png")
    )
    request = tab.current_request()
    assert (request.prompt, request.aspect_ratio) == ("a tall harbour", "4:3")
    assert request.output_format == "png"
    assert request.validated().aspect_ratio == "4:3"


@pytest.mark.parametrize(("batch", "images"), [((0, 0), 1), ((2, 4), 4), ((1, 2), 2)])
async def test_reuse_settings_asks_for_as_many_images_as_the_generate_that_made_it(
    tab: GenerateTab, session: Session, batch: tuple[int, int], images: int
) -> None:
    """Reuse settings loaded everything but the image count: after a 4-image batch, the
    settings of an image made alone came back as "Generate 4 images", four times the
    credits. The count is that of the generate that made the artwork (1 when it made one,
    or when a job recorded before the count was kept does not say)."""
    tab.batch.setValue(3)
    made = session.ledger.create_job(GenerateRequest(prompt="a heron at dusk"), batch=batch)

    tab.apply_snapshot(made)

    assert tab.batch.value() == images
    assert tab.generate_button.text() == (
        "&Generate" if images == 1 else f"&Generate {images} images"
    )


@pytest.mark.parametrize("redo", [Qt.Key.Key_Y, Qt.Key.Key_Z], ids=["ctrl+y", "ctrl+shift+z"])
async def test_ctrl_z_after_reuse_settings_brings_back_the_whole_form(
    tab: GenerateTab, session: Session, tmp_path: Path, redo: Qt.Key
) -> None:
    """Ctrl+Z after Reuse settings brought back the prompt only: the reused artwork's
    reference, ratio, model and image count stayed in the form, to be sent with the words
    typed before. One Ctrl+Z now brings back the whole form as it was, and Ctrl+Y (or
    Ctrl+Shift+Z) the reused settings again."""
    tab.ratio_buttons["4:3"].click()
    tab.batch.setValue(3)
    QTest.keyClicks(tab.prompt, "a lighthouse in fog")
    reference = make_png(tmp_path / "harbour.png", (640, 480))
    made = session.ledger.create_job(
        GenerateRequest(
            prompt="make the boat red", model="flux-kontext-max", image_path=str(reference)
        )
    )

    tab.apply_snapshot(made)
    await until(lambda: tab.slot.state is SlotState.READY)
    reused = tab.current_request()
    assert (reused.prompt, reused.image_path, reused.model) == (
        "make the boat red",
        str(reference),
        "flux-kontext-max",
    )

    QTest.keyClick(tab.prompt, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    await a_turn()
    before = tab.current_request()
    assert tab.slot.state is SlotState.EMPTY and not tab.edit_mode
    assert (before.prompt, before.image_path, before.aspect_ratio, before.model) == (
        "a lighthouse in fog",
        None,
        "4:3",
        "flux-kontext-pro",
    )
    assert tab.generate_button.text() == "&Generate 3 images"

    keys = Qt.KeyboardModifier.ControlModifier
    if redo is Qt.Key.Key_Z:
        keys |= Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(tab.prompt, redo, keys)
    await until(lambda: tab.slot.state is SlotState.READY)
    assert tab.current_request() == reused
    assert tab.generate_button.text() == "&Generate"


async def test_ctrl_z_after_two_reuse_settings_brings_back_each_form_in_turn(
    tab: GenerateTab, session: Session, tmp_path: Path
) -> None:
    """Reuse settings of one artwork, then of another, then Ctrl+Z twice to get back to
    the prompt typed: the second Ctrl+Z brought back its words, but the first artwork's
    reference, model and ratio stayed in the form, to be sent with them. Each Reuse is
    undone with its form, and redone with it."""
    tab.ratio_buttons["4:3"].click()
    QTest.keyClicks(tab.prompt, "a lighthouse in fog")
    typed = tab.current_request()
    reference = make_png(tmp_path / "harbour.png")
    edit = session.ledger.create_job(
        GenerateRequest(prompt="make it red", model="flux-kontext-max", image_path=str(reference))
    )
    wide = session.ledger.create_job(GenerateRequest(prompt="a wide sea", aspect_ratio="21:9"))
    tab.apply_snapshot(edit)
    await until(lambda: tab.slot.state is SlotState.READY)
    edited = tab.current_request()
    tab.apply_snapshot(wide)
    widened = tab.current_request()
    ctrl = Qt.KeyboardModifier.ControlModifier

    QTest.keyClick(tab.prompt, Qt.Key.Key_Z, ctrl)
    await until(lambda: tab.slot.state is SlotState.READY)
    assert tab.current_request() == edited
    QTest.keyClick(tab.prompt, Qt.Key.Key_Z, ctrl)
    await a_turn()
    assert tab.current_request() == typed and tab.slot.state is SlotState.EMPTY

    QTest.keyClick(tab.prompt, Qt.Key.Key_Y, ctrl)
    await until(lambda: tab.slot.state is SlotState.READY)
    assert tab.current_request() == edited
    QTest.keyClick(tab.prompt, Qt.Key.Key_Y, ctrl)
    await a_turn()
    assert tab.current_request() == widened


async def test_ctrl_z_after_restore_settings_brings_back_the_model_and_ratio_too(
    tab: GenerateTab,
) -> None:
    """Restore settings (an image's metadata) loads its prompt, model and ratio; Ctrl+Z
    then brought back the words typed only, the image's model and ratio left to be sent
    with them, where after Reuse settings it brings back the whole form. It does here too,
    and Ctrl+Y loads them again."""
    tab.ratio_buttons["4:3"].click()
    QTest.keyClicks(tab.prompt, "a lighthouse in fog")
    typed = tab.current_request()
    tab.restore_provenance(
        Provenance("a quiet harbour", "flux-kontext-max", "21:9", "task", "1.0", False)
    )
    restored = tab.current_request()
    assert (restored.model, restored.aspect_ratio) == ("flux-kontext-max", "21:9")
    ctrl = Qt.KeyboardModifier.ControlModifier

    QTest.keyClick(tab.prompt, Qt.Key.Key_Z, ctrl)
    assert tab.current_request() == typed
    QTest.keyClick(tab.prompt, Qt.Key.Key_Y, ctrl)
    assert tab.current_request() == restored


async def choose_in_prompt_menu(tab: GenerateTab, name: str) -> None:
    """Right-click in the prompt box and choose its menu's action ``name`` (edit-undo…)."""
    viewport = tab.prompt.viewport()
    where = QPoint(5, 5)
    QApplication.sendEvent(
        viewport,
        QContextMenuEvent(QContextMenuEvent.Reason.Mouse, where, viewport.mapToGlobal(where)),
    )
    await until(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    (action,) = (a for a in menu.actions() if a.objectName() == name)
    action.trigger()
    menu.close()
    await until(lambda: QApplication.activePopupWidget() is None)


async def test_undo_and_redo_from_the_prompt_s_menu_after_reuse_settings_take_the_form(
    tab: GenerateTab, session: Session, tmp_path: Path
) -> None:
    """Undo from the prompt box's right-click menu after Reuse settings brought back the
    words typed only: the reused artwork's reference, ratio and model stayed, to be sent
    with them. The menu's Undo and Redo take the whole form, as Ctrl+Z and Ctrl+Y do."""
    tab.show()
    tab.ratio_buttons["4:3"].click()
    QTest.keyClicks(tab.prompt, "a lighthouse in fog")
    typed = tab.current_request()
    reference = make_png(tmp_path / "harbour.png")
    edit = session.ledger.create_job(
        GenerateRequest(prompt="make it red", model="flux-kontext-max", image_path=str(reference))
    )
    tab.apply_snapshot(edit)
    await until(lambda: tab.slot.state is SlotState.READY)
    edited = tab.current_request()

    await choose_in_prompt_menu(tab, "edit-undo")
    assert tab.current_request() == typed and tab.slot.state is SlotState.EMPTY
    await choose_in_prompt_menu(tab, "edit-redo")
    await until(lambda: tab.slot.state is SlotState.READY)
    assert tab.current_request() == edited


@pytest.mark.parametrize("load", ["switch of mode", "restore settings"])
async def test_loading_a_draft_or_an_images_settings_keeps_the_image_count(
    tab: GenerateTab, load: str
) -> None:
    """Only Reuse settings sets the count: a draft restored across a switch of mode leaves
    the one the window set from its handover (the count the artist left), and Restore
    settings (an image's metadata, which has none) leaves the form's."""
    tab.batch.setValue(3)
    if load == "switch of mode":
        draft, style = tab.draft()
        tab.restore_draft(draft, style)
    else:
        tab.restore_provenance(
            Provenance("a quiet harbour", "flux-kontext-pro", "4:3", "task", "1.0", False)
        )
    assert tab.batch.value() == 3


async def left_at_16_9_with_a_refused_reference(
    tab: GenerateTab, tmp_path: Path
) -> tuple[GenerateRequest, Preset | None]:
    """The draft of a form left at 16:9 with a refused file (not an image) as its
    reference, as it is kept at close or at a switch of mode."""
    tab.ratio_buttons["16:9"].click()
    not_an_image = tmp_path / "notes.png"
    not_an_image.write_text("not an image")
    tab.set_reference(str(not_an_image))
    await until(lambda: tab.slot.state is SlotState.REFUSED)
    return tab.draft()


async def test_a_draft_left_with_a_refused_reference_comes_back_with_a_ratio_to_send(
    tab: GenerateTab, tmp_path: Path
) -> None:
    """A refused reference is no reference: the draft kept at close (or at a switch of
    mode) had neither an image nor a ratio. Restored, it checked Match, hidden without a
    reference: no ratio showed as chosen, and Generate said "The request is not valid. (An
    aspect ratio is needed when there is no reference image.)"."""
    draft, style = await left_at_16_9_with_a_refused_reference(tab, tmp_path)

    tab.restore_draft(draft, style)

    assert not tab.edit_mode
    shown = [r for r, b in tab.ratio_buttons.items() if b.isChecked() and b.isVisibleTo(tab)]
    assert shown == ["16:9"]
    assert tab.current_request().aspect_ratio == "16:9"


async def test_the_next_window_takes_the_ratio_chosen_beside_a_refused_reference(
    tab: GenerateTab, bridge: Bridge, tmp_path: Path
) -> None:
    """A draft is restored by the next window (the next start, a switch of mode), whose
    form knows nothing of this one's. Left with a refused reference (the form in edit mode,
    Match checked), the draft had no ratio, and the next window's form kept its default
    (1:1): Generate sent, and charged, a 1:1 image of a form left at 16:9."""
    draft, style = await left_at_16_9_with_a_refused_reference(tab, tmp_path)
    following = await open_generate_tab(bridge)
    try:
        following.restore_draft(draft, style)

        assert not following.edit_mode
        shown = [
            r
            for r, b in following.ratio_buttons.items()
            if b.isChecked() and b.isVisibleTo(following)
        ]
        assert shown == ["16:9"]
        assert following.current_request().aspect_ratio == "16:9"
    finally:
        await close_generate_tab(following, bridge)


@pytest.mark.parametrize("load", ["reuse settings", "restore settings"])
async def test_loading_an_earlier_prompt_keeps_the_draft_it_replaces_for_undo(
    tab: GenerateTab, load: str
) -> None:
    tab.prompt.setFocus()
    QTest.keyClicks(tab.prompt, "my unsent draft")
    if load == "reuse settings":
        tab.apply_request(GenerateRequest(prompt="a quiet harbour"))
    else:
        tab.restore_provenance(
            Provenance("a quiet harbour", "flux-kontext-pro", "4:3", "task", "1.0", False)
        )
    assert tab.prompt.toPlainText() == "a quiet harbour"

    QTest.keyClick(tab.prompt, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert tab.prompt.toPlainText() == "my unsent draft"


async def test_defaults_come_from_the_settings(bridge: Bridge, session: Session) -> None:
    session.settings = session.settings.with_changes(
        default_model="flux-kontext-max", default_ratio="3:4", default_format="jpeg"
    )
    tab = GenerateTab(bridge)
    request = tab.current_request()
    assert (request.model, request.aspect_ratio, request.output_format) == (
        "flux-kontext-max",
        "3:4",
        "jpeg",
    )
    await until(lambda: tab.loaded)
    shiboken6.delete(tab)


async def test_saving_settings_changes_only_the_defaults_that_changed(
    tab: GenerateTab, session: Session
) -> None:
    tab.model.setCurrentIndex(tab.model.findData("flux-kontext-max"))
    tab.ratio_buttons["9:16"].click()
    tab.apply_defaults(session.settings)  # Save with nothing changed
    assert (tab.current_request().model, tab.current_request().aspect_ratio) == (
        "flux-kontext-max",
        "9:16",
    )
    tab.apply_defaults(session.settings.with_changes(default_format="jpeg", default_ratio="3:4"))
    request = tab.current_request()
    assert (request.model, request.aspect_ratio, request.output_format) == (
        "flux-kontext-max",
        "3:4",
        "jpeg",
    )


async def test_a_reference_gone_before_generate_is_reported_and_refused(
    tab: GenerateTab, bridge: Bridge, session: Session, tmp_path: Path
) -> None:
    errors: list[tuple[str, str]] = []
    bridge.error.connect(lambda message, hint: errors.append((message, hint)))
    reference = make_png(tmp_path / "moved.png")
    tab.set_reference(str(reference))
    await until(lambda: tab.slot.state is SlotState.READY)
    reference.unlink()
    tab.prompt.setPlainText("add a moon")
    assert tab.generate()

    await until(lambda: bool(errors) and tab.slot.state is SlotState.REFUSED)
    assert errors == [("The image file is missing. Cause: moved.png does not exist.", errors[0][1])]
    assert session.ledger.count() == 0, "nothing reached the ledger or the network"
    assert not tab.generate_button.isEnabled()
    await until(lambda: not bridge.busy)
    assert tab.history.items == [], "no job was made of it: not a recent prompt"
    assert RecentPrompts(session.paths).items() == []


def come_back(qapp: QApplication) -> None:
    """The artist switches to another program and back to the window."""
    qapp.applicationStateChanged.emit(Qt.ApplicationState.ApplicationInactive)
    qapp.applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)


def saved_again(path: Path, size: tuple[int, int]) -> None:
    """An image editor saves ``path`` again: a new file written beside it, renamed over it."""
    os.replace(make_png(path.with_suffix(".saving"), size), path)


async def test_a_reference_saved_again_in_another_program_shows_its_new_picture_on_coming_back(
    tab: GenerateTab, bridge: Bridge, qapp: QApplication, tmp_path: Path
) -> None:
    """The artist keeps the sketch open in an image editor, changes it, saves and comes back.
    Before, the slot kept the picture, the size and the shape of the sketch as first chosen,
    while Generate sent the file as saved: the edit came back from a picture the window had
    never shown. Coming back with the file as it was checks nothing again."""
    sketch = make_png(tmp_path / "sketch.png", (64, 48))
    tab.set_reference(str(sketch))
    await until(lambda: tab.slot.state is SlotState.READY)
    come_back(qapp)
    await until(lambda: not bridge.busy)
    assert tab.slot.state is SlotState.READY and "64×48" in tab.slot._detail.text()

    saved_again(sketch, (50, 90))
    come_back(qapp)

    await until(lambda: tab.slot.state is SlotState.READY and "50×90" in tab.slot._detail.text())
    info = tab.slot.info
    assert info is not None and (info.width, info.height) == (50, 90)
    assert tab.current_request().image_sha256 == info.sha256
    assert tab.slot.path == str(sketch)


async def test_a_refused_reference_put_right_in_another_program_is_taken_on_coming_back(
    tab: GenerateTab, qapp: QApplication, tmp_path: Path
) -> None:
    """A reference refused as damaged (its export cut short), exported again whole: the
    slot takes it once the artist is back, where it stayed refused until chosen again."""
    sketch = truncated_png(tmp_path / "sketch.png")
    tab.set_reference(str(sketch))
    await until(lambda: tab.slot.state is SlotState.REFUSED)

    saved_again(sketch, (50, 90))
    come_back(qapp)

    await until(lambda: tab.slot.state is SlotState.READY)
    assert "50×90" in tab.slot._detail.text()
    assert tab.slot.problem is None


async def test_coming_back_often_while_the_reference_s_share_hangs_stalls_no_other_work(
    tab: GenerateTab, bridge: Bridge, qapp: QApplication, tmp_path: Path, monkeypatch
) -> None:
    """The reference is on a network share that stopped answering: a look at its file waits
    (a stat on a hard-mounted share, for minutes). Each time the artist came back to the
    window another look began, each holding one of the threads the app's other work shares
    (six on a two-core computer): after a few switches between windows, a Generate, a
    library write or a thumbnail waited for the share too. One look at a time."""
    import asyncio

    sketch = make_png(tmp_path / "sketch.png", (64, 48))
    tab.set_reference(str(sketch))
    await until(lambda: tab.slot.state is SlotState.READY)
    answered = threading.Event()
    looks: list[Path] = []

    def hanging(path: Path) -> None:
        looks.append(path)
        answered.wait(30)

    monkeypatch.setattr(reference_slot, "file_stamp", hanging)
    try:
        for _ in range(40):
            come_back(qapp)
        await until(lambda: bool(looks))
        other_work = asyncio.to_thread(lambda: "done")
        assert await asyncio.wait_for(other_work, timeout=5) == "done"
        assert looks == [sketch]
    finally:
        answered.set()
    await until(lambda: not bridge.busy and tab.slot.state is SlotState.READY)


async def test_an_unexpected_failure_refuses_instead_of_checking_forever(
    tab: GenerateTab, bridge: Bridge, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("decoder exploded")

    monkeypatch.setattr("kontext_studio.ui.reference_slot.inspect_image", broken)
    errors: list[str] = []
    bridge.error.connect(lambda message, _hint: errors.append(message))
    tab.set_reference(str(make_png(tmp_path / "fine.png")))

    await until(lambda: tab.slot.state is SlotState.REFUSED)
    assert errors == ["Something went wrong."]
    assert "decoder exploded" not in tab.slot._detail.text()


async def test_a_long_prompt_with_a_style_keeps_the_form_within_its_column(
    tab: GenerateTab,
) -> None:
    """The counter ("5,045 / 5,000: too long by 45") beside a long style name pushed the
    row wider than the column: Recent and the 9:16 ratio went out of reach."""
    tab.resize(420, 800)
    form = tab.prompt.parentWidget()
    room = form.width()
    await until(lambda: tab.style_picker.menu_action("Watercolor") is not None)
    action = tab.style_picker.menu_action("Watercolor")
    assert action is not None
    action.trigger()
    tab.prompt.setPlainText("a quiet harbour at dawn " * 210)
    assert "too long by" in tab.counter.text()
    assert form.minimumSizeHint().width() <= room  # nothing is cut off on the right


async def test_reused_settings_keep_the_references_own_name(
    tab: GenerateTab, tmp_path: Path
) -> None:
    """A job keeps a copy of its reference named by its hash; reusing its settings must not
    rename the reference to that hash for the next job."""
    copy = make_png(tmp_path / "5ee4f1a7c0ffee.png")
    tab.apply_request(
        GenerateRequest(
            "make it night", aspect_ratio=None, image_path=str(copy), image_name="portrait.png"
        )
    )
    await until(lambda: tab.slot.state is SlotState.READY)
    request = tab.current_request().validated()
    assert request.image_path == str(copy)
    assert request.image_name == "portrait.png"
    title = tab.slot.findChild(QLabel, "referenceTitle")
    assert title is not None and title.text() == "portrait.png"


async def test_reused_settings_naming_a_relative_reference_take_no_file_of_the_current_folder(
    tab: GenerateTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A job's request naming "fox.png", no folder (another program's, an old version's):
    reusing its settings put the picture of that name in the app's current folder (the
    artist's home folder, often) in the slot, for the next Generate to send to KIE. The
    slot is left empty, as for a request with no reference."""
    make_png(tmp_path / "fox.png")
    monkeypatch.chdir(tmp_path)
    tab.apply_request(GenerateRequest("make it night", aspect_ratio=None, image_path="fox.png"))
    assert tab.slot.state is SlotState.EMPTY
    assert tab.current_request().image_path is None


async def test_an_empty_reference_slots_heading_cut_in_a_narrow_tab_keeps_its_start_and_tooltip(
    tab: GenerateTab, tmp_path: Path
) -> None:
    """In a narrow tab (a 900 px window) the empty slot's heading was cut in the middle,
    as a file name is: "Referenc…ptional)", with nothing that held the rest. It is cut at
    its end, its whole text in the tooltip; a file name is still cut in the middle. Beside
    the thumbnail, it was cut in the tab of an 800 px window ("Reference ima…"): it spans
    the slot, whole there."""
    tab.resize(250, 800)  # as in an 800 px window
    tab.show()
    title = tab.slot.findChild(ElidedLabel, "referenceTitle")
    assert title is not None
    heading = "Reference image (optional)"
    assert title.text() == title.shown_text() == heading
    title.setMaximumWidth(title.fontMetrics().horizontalAdvance(heading) * 2 // 3)
    await until(lambda: title.shown_text() != heading)
    shown = title.shown_text()
    assert shown.endswith("…") and heading.startswith(shown[:-1]), shown
    assert tip_shown(title) == heading
    title.setMaximumWidth(16777215)
    name = "a very long file name that is cut in the middle.png"
    tab.set_reference(str(make_png(tmp_path / name)))
    await until(lambda: tab.slot.state is SlotState.READY)
    assert title.shown_text().endswith("middle.png")
    assert tip_shown(title) == name


@pytest.mark.parametrize(
    ("demo", "tip"),
    [
        (
            True,
            "In live mode KIE translates non-English prompts first; the demo server takes the "
            "prompt as it is",
        ),
        (False, "KIE translates non-English prompts first"),
    ],
    ids=["demo", "live"],
)
async def test_the_translation_option_says_what_translates_the_prompt_in_this_mode(
    simulator: Any, owned: list[QObject], demo: bool, tip: str
) -> None:
    """Before: in demo mode "Translate the prompt to English" said "KIE translates
    non-English prompts first", though demo jobs go to the demo server, which translates
    nothing."""
    session = open_session(demo=demo, schedule=fast_schedule())
    bridge = Bridge(session)
    try:
        tab = GenerateTab(bridge)
        owned.append(tab)
        assert tab.translation.toolTip() == plain_tooltip(tip)
    finally:
        await bridge.aclose()
        await session.aclose()


WATERMARK_TIP = (
    "Sent to KIE with each job as its watermark identifier. Leave it empty to send none."
)


@pytest.mark.parametrize(
    ("demo", "tip"),
    [
        (True, f"{WATERMARK_TIP} The demo server adds no watermark."),
        (False, WATERMARK_TIP),
    ],
    ids=["demo", "live"],
)
async def test_the_watermark_field_says_what_its_value_does(
    simulator: Any, owned: list[QObject], demo: bool, tip: str
) -> None:
    """Before: "Optional watermark identifier", KIE's API words, which said nothing of what
    the value does or that the field can be left empty; then "a watermark ID from your KIE
    account ... for KIE to mark the image with", a reading of the name that KIE's API
    (kie-api.md: "watermark identifier") does not say. It says what is known: what is sent,
    and that empty sends nothing."""
    session = open_session(demo=demo, schedule=fast_schedule())
    bridge = Bridge(session)
    try:
        tab = GenerateTab(bridge)
        owned.append(tab)
        assert tab.watermark.placeholderText() == "Leave empty to send none"
        assert tab.watermark.toolTip() == plain_tooltip(tip)
    finally:
        await bridge.aclose()
        await session.aclose()


def shown_colours(thumb: QWidget) -> set[tuple[int, ...]]:
    """The colours drawn across the middle of the reference's thumbnail square."""
    shot = render_at(thumb, 1.0)
    y = thumb.height() // 2
    return {QColor(shot.pixel(x, y)).getRgb()[:3] for x in range(2, thumb.width() - 2)}


@pytest.mark.parametrize("mode", ["RGBA", "P"], ids=["rgba", "palette"])
async def test_a_transparent_reference_is_shown_over_a_checkerboard(
    tab: GenerateTab, tmp_path: Path, mode: str
) -> None:
    """A transparent PNG (a sticker, a logo) was drawn on the slot's white: its edges could
    not be seen, and a fully transparent one looked like no image at all. Its transparent
    pixels show the light grey and white squares the preview shows, as image editors do;
    an opaque image none."""
    clear = tmp_path / "clear.png"
    if mode == "P":
        Image.new("P", (THUMB_SIDE, THUMB_SIDE), 0).save(clear, transparency=0)
    else:
        Image.new("RGBA", (THUMB_SIDE, THUMB_SIDE), (0, 0, 0, 0)).save(clear)
    opaque = tmp_path / "opaque.png"
    Image.new("RGBA", (THUMB_SIDE, THUMB_SIDE), (30, 60, 90, 255)).save(opaque)

    for path, expected in ((clear, {(255, 255, 255), (204, 204, 204)}), (opaque, {(30, 60, 90)})):
        tab.set_reference(str(path))
        await until(
            lambda was=path: tab.slot.state is SlotState.READY and tab.slot.path == str(was)
        )
        assert shown_colours(tab.slot._thumb) == expected, path.name


async def test_the_heading_says_no_edit_is_made_while_the_reference_is_refused(
    tab: GenerateTab, tmp_path: Path
) -> None:
    """With a reference refused (too large, damaged, no image), the heading over the prompt
    said "Edit mode: describe the change", though Generate could make no edit of it. It says
    so until the reference is replaced with one that can be used, or cleared."""
    tab.set_reference(str(truncated_png(tmp_path / "cut.png")))
    await until(lambda: tab.slot.state is SlotState.REFUSED)
    assert tab.mode_label.text() == "No edit: the reference image was refused"

    tab.set_reference(str(make_png(tmp_path / "fox.png")))
    await until(lambda: tab.slot.state is SlotState.READY)
    assert tab.mode_label.text() == "Edit mode: describe the change"

    tab.slot.clear()
    assert tab.mode_label.text() == "New image: describe what to make"


@pytest.mark.parametrize(
    "copied",
    [
        lambda path: str(path),
        lambda path: f"{path}\n",
        lambda path: f"'{path}'",
        lambda path: f'"{path}"',
        lambda path: QUrl.fromLocalFile(str(path)).toString(),
        lambda path: str(path).replace(" ", "\\ "),
    ],
    ids=["path", "path-and-line-end", "single-quoted", "double-quoted", "file-url", "escaped"],
)
async def test_a_file_path_copied_as_text_is_pasted_as_that_file(
    tab: GenerateTab, tmp_path: Path, copied: Callable[[Path], str]
) -> None:
    """A path copied from a terminal or a file manager's path bar is text, not a file: Paste
    said "The clipboard holds no image or image file", of the path of an image."""
    folder = tmp_path / "my art"
    folder.mkdir()
    fox = make_png(folder / "fox.png")
    QGuiApplication.clipboard().setText(copied(fox))

    assert tab.paste_reference()
    await until(lambda: tab.slot.state is SlotState.READY)
    assert tab.slot.path == str(fox)


async def test_closed_on_the_turn_advanced_opened_it_leaves_nothing_behind(
    bridge: Bridge,
) -> None:
    """Its window closed on the turn Advanced was opened, before the form scrolled to the
    options: the scroll waiting for the next turn kept the tab, and the window it was in,
    for as long as the app ran."""
    tab = await open_generate_tab(bridge)
    closed = weakref.ref(tab)
    tab.advanced_toggle.click()
    tab.close()
    shiboken6.delete(tab)  # its window's close, done before the loop's next turn
    del tab
    await a_turn()
    await until(lambda: not bridge.busy)
    gc.collect()
    assert closed() is None


async def test_a_prompt_pressed_again_with_a_space_more_makes_no_second_set(
    window: MainWindow, session: Session, simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A space or a new line typed after the prompt (Return in the box, out of habit) while
    the press's jobs wait for a stalled disk changes nothing that is sent: the jobs of a
    second press were the same request, paid for again."""
    disk = StalledDisk(monkeypatch)
    tab = window.generate_tab
    prompt = "a harbour at night"
    try:
        tab.prompt.setPlainText(prompt)
        assert tab.generate()
        await until(disk.reached.is_set)
        tab.prompt.setFocus()
        QTest.keyClick(tab.prompt, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClick(tab.prompt, Qt.Key.Key_Return)
        await until(lambda: tab.generate_button.text() == "&Generating…")
        assert not tab.generate()
        assert tab.reason.text() == ALREADY
    finally:
        disk.release.set()
    await until(lambda: not tab.submitting)
    await until(lambda: all(s.state is JobState.COMPLETED for s in jobs(session)))
    assert len(jobs(session)) == 1
    assert simulator.generate_count(prompt) == 1


async def test_a_new_image_press_a_close_cut_off_is_not_said_to_wait_for_a_reference(
    window: MainWindow,
) -> None:
    """A press of Generate with no reference that the close cut off (its form's save, or its
    jobs' write, held by a stalled disk) was said at the next start to have waited for "their
    reference image", which it never had: the artist looked for a reference to fix."""
    press = handovers.Press(3, "a lighthouse in fog", time.time(), "p1", "")
    window.tell_jobs_unmade((press,))
    await until(lambda: window.banner.isVisible())
    assert window.banner.message() == (
        "The 3 jobs of your last Generate were not made: Kontext Studio closed while they "
        "were being made."
    )
    one = handovers.Press(1, "a lighthouse in fog", time.time(), "p2", "")
    window.tell_jobs_unmade((one,))
    await until(lambda: "The job of" in window.banner.message())
    assert window.banner.message() == (
        "The job of your last Generate was not made: Kontext Studio closed while it was being made."
    )


async def test_jobs_a_switch_cut_off_are_said_not_made_while_they_were_being_made(
    window: MainWindow,
) -> None:
    """After a switch, the jobs not made were said not made "while it was making them": the
    "it" had no one to be (the artist switched, not Kontext Studio)."""
    press = handovers.Press(3, "a lighthouse in fog", time.time(), "p1", "")
    window.tell_jobs_unmade((press,), from_demo=True)
    await until(lambda: window.banner.isVisible())
    assert window.banner.message() == (
        "The 3 jobs of your last Generate were not made: you switched to live mode while they "
        "were being made."
    )


def ctrl_return_in_the_search(window: MainWindow) -> None:
    """Ctrl+Return pressed with the keyboard in the library's search box."""
    QTest.keyClick(window.library.search, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


async def made_once(tab: GenerateTab, session: Session, simulator: Simulator, prompt: str) -> None:
    """The press's jobs made and completed, ``prompt`` sent to KIE once."""
    await until(lambda: not tab.submitting)
    await until(lambda: all(s.state is JobState.COMPLETED for s in jobs(session)))
    assert simulator.generate_count(prompt) == 1


async def test_ctrl_return_again_from_the_library_says_in_the_status_bar_nothing_more_was_sent(
    window: MainWindow, session: Session, simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+Return pressed again from the library's search box while the press's jobs wait
    for a stalled disk: the key, away from the form, seemed to do nothing, as one the form
    cannot send did before it said why in the status bar. It says so there now too."""
    disk = StalledDisk(monkeypatch)
    tab = window.generate_tab
    prompt = "a tram in the rain"
    try:
        tab.prompt.setPlainText(prompt)
        window.library.search.setFocus()
        ctrl_return_in_the_search(window)
        await until(disk.reached.is_set)
        assert window.statusBar().currentMessage() == ""
        ctrl_return_in_the_search(window)
        assert window.statusBar().currentMessage() == f"Nothing more was sent: {ALREADY}"
    finally:
        disk.release.set()
    await made_once(tab, session, simulator, prompt)


async def test_ctrl_return_again_on_a_slow_disk_does_not_say_the_jobs_were_not_sent(
    window: MainWindow, session: Session, simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+Return pressed again from the library while the first press's job waits for a
    disk that stalls: the status bar read "Nothing was sent: Slow disk: the job is not
    saved yet…", as if the job asked for were lost, and an artist pressed once more, or
    closed the app. It says nothing more was sent: the first press's job is still made."""
    monkeypatch.setattr(generate_tab, "STALL_SAID_MS", 50)
    disk = StalledDisk(monkeypatch)
    tab = window.generate_tab
    prompt = "a ferry at night"
    slow = "Slow disk: the job is not saved yet…"
    try:
        tab.prompt.setPlainText(prompt)
        window.library.search.setFocus()
        for _ in range(2):
            ctrl_return_in_the_search(window)
            await until(disk.reached.is_set)
        await until(lambda: tab.reason.text() == slow)
        ctrl_return_in_the_search(window)
        assert window.statusBar().currentMessage() == f"Nothing more was sent: {slow}"
    finally:
        disk.release.set()
    await made_once(tab, session, simulator, prompt)


async def test_work_that_cannot_be_saved_with_no_prompt_typed_is_said_all_the_same(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The work kept for the next start is more than the prompt: the library's search, the
    files waiting to upload. With no prompt typed, the line under Generate said "Type a
    prompt to generate." over the failed save: an artist working in the library never
    learned that nothing of it was kept. The failed save comes first now; a prompt to type
    is no problem to put right (Generate greyed says as much)."""
    refused = refusing(monkeypatch, errno.ENOSPC)
    tab = window.generate_tab
    assert not tab.prompt.toPlainText()
    window.library.search.setText("windmill")
    window._keep_work()
    said = "Your work is not saved for the next start: the disk is full."
    await until(lambda: tab.reason.text() == said)
    assert tab.reason.property("blocked") is True
    assert "Free disk space" in tab.reason.toolTip()
    assert not tab.generate_button.isEnabled()

    refused[0] = False
    window._keep_work()
    await until(lambda: tab.reason.text() == "Type a prompt to generate.")
    assert not tab.reason.property("blocked")
    assert not tab.reason.toolTip()


async def test_a_folder_named_like_html_is_shown_as_named_in_the_failed_saves_tooltip(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tooltip of the failed-save line names the folder the artist chose: one named
    like HTML ("<b>art</b>") was read as rich text, shown as a bold "art", the name the
    artist must find on disk not there. Shown letter for letter now, as the app's other
    tooltips naming a file are."""
    folder = Path("/media/<b>art</b>")

    def on_a_full_disk(path: Path, data: Any) -> None:
        error = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        raise config.write_error(folder / path.name, error) from error

    monkeypatch.setattr(handovers, "write_json_atomic", on_a_full_disk)
    tab = window.generate_tab
    tab.prompt.setPlainText("a windmill")
    window._keep_work()
    await until(lambda: bool(tab.reason.toolTip()))
    tip = tab.reason.toolTip()
    shown = (
        QTextDocumentFragment.fromHtml(tip).toPlainText() if QtGui.Qt.mightBeRichText(tip) else tip
    ).replace(JOINER, "")
    assert f"cannot use the folder {folder}: the disk is full" in " ".join(shown.split())


async def test_work_not_saved_is_said_beside_a_prompt_too_long_and_told_to_the_keyboard(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The line under Generate said a prompt too long and hid the failed save behind it,
    whose cause was in a tooltip only a mouse showed: keyboard and screen-reader users never
    learned it. Both are said; the line is a Tab stop (Generate greyed, the prompt box's
    Tab goes there), its cause its description and shown under it while it has the
    keyboard."""
    refusing(monkeypatch, errno.ENOSPC)
    tab = window.generate_tab
    window.show()
    window.activateWindow()
    await until(lambda: QApplication.activeWindow() is window)
    tab.prompt.setPlainText("a windmill")
    window._keep_work()
    unsaved = "Your work is not saved for the next start: the disk is full."
    await until(lambda: tab.reason.text() == unsaved)
    cause = tab.reason.accessibleDescription()
    assert "Free disk space" in cause
    assert tab.reason.toolTip() == plain_tooltip(cause)
    tab.prompt.setPlainText("w" * (MAX_PROMPT_CHARS + 1))
    too_long = (
        f"Shorten the prompt to {MAX_PROMPT_CHARS:,} characters (it has {MAX_PROMPT_CHARS + 1:,})."
    )
    assert tab.reason.text() == f"{too_long}\n{unsaved}"
    assert tab.reason.accessibleDescription() == cause
    assert not tab.generate_button.isEnabled()
    tab.prompt.setFocus()
    assert tab_until(lambda widget: widget is tab.reason) is tab.reason
    assert tab.reason.text() == f"{too_long}\n{unsaved}\n{cause}", "shown while focused"
    assert tab.reason.accessibleName() == f"{too_long}\n{unsaved}"
    QTest.keyClick(tab.reason, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert tab.reason.text() == f"{too_long}\n{unsaved}"


async def test_the_keyboard_leaves_the_failed_saves_line_once_the_work_is_saved(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tab on the line that said the work was not saved, disk space freed, Ctrl+Return
    pressed there: the press saved the work and the line said so no more, but the keyboard
    stayed on it, framed as a Tab stop it no longer was, Generate out of its reach. It
    goes back to Generate, where Tab came from."""
    refused = refusing(monkeypatch, errno.ENOSPC)
    tab = window.generate_tab
    window.show()
    window.activateWindow()
    await until(lambda: QApplication.activeWindow() is window)
    tab.prompt.setPlainText("a windmill")
    window._keep_work()
    await until(lambda: bool(tab.reason.toolTip()))
    tab.prompt.setFocus()
    assert tab_until(lambda widget: widget is tab.reason) is tab.reason
    refused[0] = False
    QTest.keyClick(tab.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    await until(lambda: not tab.reason.toolTip())
    assert QApplication.focusWidget() is tab.generate_button
    await until(lambda: not tab.submitting)
    await until(lambda: all(s.state is JobState.COMPLETED for s in jobs(session)))


async def test_a_read_only_work_file_is_said_to_be_the_files_not_its_folders(
    window: MainWindow, session: Session
) -> None:
    """The work file set read-only (its folder writable): the line under Generate said its
    folder could not be written to, and the artist found the folder writable. It says the
    file."""
    saved = handovers.unsent_work_file(session.paths.data)
    tab = window.generate_tab
    tab.prompt.setPlainText("a windmill")
    window._keep_work()
    await until(lambda: handovers.load(saved) is not None)
    saved.chmod(0o444)
    try:
        tab.prompt.setPlainText("a windmill in a storm")
        window._keep_work()
        await until(lambda: tab.reason.property("blocked") is True)
        assert tab.reason.text() == (
            "Your work is not saved for the next start: its file cannot be written to."
        )
    finally:
        saved.chmod(0o644)


async def test_a_folder_in_place_of_the_work_file_is_said_to_be_the_files_and_not_uncleared(
    window: MainWindow, session: Session
) -> None:
    """A folder where the work file goes (unsent-work.json made a folder): the line under
    Generate said its folder could not be written to, the artist's folder that takes files;
    and, the prompt then cleared, that the work was not cleared and came back at the next
    start, when no work was kept to come back. It says the file; cleared, it says nothing."""
    saved = handovers.unsent_work_file(session.paths.data)
    saved.mkdir(parents=True)
    tab = window.generate_tab
    tab.prompt.setPlainText("a windmill")
    window._keep_work()
    await until(lambda: tab.reason.property("blocked") is True)
    assert tab.reason.text() == (
        "Your work is not saved for the next start: its file cannot be written to."
    )
    tab.prompt.clear()
    window._keep_work()
    await until(lambda: not tab.reason.property("blocked"))
    assert "cleared" not in tab.reason.text()
    assert saved.is_dir()


def read_only_disk(monkeypatch: pytest.MonkeyPatch, saved: Path) -> None:
    """The disk read-only: it refuses every write, and removing the kept work too, there or
    not (Linux checks the disk before the name)."""
    refusing(monkeypatch, errno.EROFS)
    unlink = Path.unlink

    def read_only(self: Path, missing_ok: bool = False) -> None:
        if self == saved:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", read_only)


async def test_a_prompt_cleared_on_a_read_only_disk_with_no_work_kept_is_not_said_uncleared(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A disk read-only from the start, no work kept on it: the prompt typed, then cleared.
    The disk refuses to remove even a file that is not there (Linux checks the disk before
    the name), and the line said the work was not cleared and came back at the next start:
    there was none to come back."""
    saved = handovers.unsent_work_file(session.paths.data)
    read_only_disk(monkeypatch, saved)
    tab = window.generate_tab
    tab.prompt.setPlainText("a windmill")
    window._keep_work()
    await until(lambda: tab.reason.property("blocked") is True)
    tab.prompt.clear()
    window._keep_work()
    await until(lambda: not tab.reason.property("blocked"))
    await until(lambda: not window.bridge.busy)
    assert "cleared" not in tab.reason.text()
    assert not saved.exists()


async def test_work_cleared_on_a_read_only_disk_is_said_not_cleared(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Everything cleared (the prompt emptied) on a disk gone read-only: the work kept
    before could not be removed, which was only logged, the line saying the work was not
    saved went, and the old draft came back at the next start. The line says it was not
    cleared, and stays."""
    saved = handovers.unsent_work_file(session.paths.data)
    tab = window.generate_tab
    tab.prompt.setPlainText("a windmill")
    window._keep_work()
    await until(lambda: handovers.load(saved) is not None)
    read_only_disk(monkeypatch, saved)
    tab.prompt.setPlainText("a windmill in a storm")
    window._keep_work()
    await until(lambda: tab.reason.property("blocked") is True)
    tab.prompt.clear()
    window._keep_work()
    said = "Your work is not cleared: it comes back at the next start."
    await until(lambda: tab.reason.text() == said)
    await until(lambda: not window.bridge.busy)
    assert tab.reason.text() == said
    assert "could not be removed" in tab.reason.toolTip()
    assert handovers.load(saved) is not None
