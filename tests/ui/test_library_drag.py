"""Artworks dragged out of the library grid, as a file manager drags files: a tile pressed
and dragged (or the tiles selected, when the press is on one of them) goes to another app
as its image file, a copy only; onto the Generate tab's reference slot it is the reference,
as Use as reference makes it. A drag from the grid's empty space still selects the tiles it
sweeps over; a press let go without a move still selects."""

from __future__ import annotations

import threading
import time
import warnings
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDrag, QDragEnterEvent, QDragMoveEvent, QDropEvent, QMouseEvent, QPixmap
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from kontext_studio.jobs.states import JobState
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.publish import import_artworks
from kontext_studio.session import Session
from kontext_studio.store.ledger import Snapshot
from kontext_studio.ui import library_panel
from kontext_studio.ui import thumbnails as ui_thumbnails
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.job_actions import suggested_file_name
from kontext_studio.ui.library_panel import LibraryPanel
from kontext_studio.ui.main_window import MainWindow
from kontext_studio.ui.reference_slot import SlotState
from kontext_studio.ui.thumbnails import THUMBNAIL_SIDE
from tests.ui.conftest import settled, until
from tests.ui.test_full_view import finished
from tests.ui.test_library import add_job, write_png
from tests.ui.test_window import close_window, open_window

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier
COPY = Qt.DropAction.CopyAction
MOVE = Qt.DropAction.MoveAction


class Drag(QDrag):
    """A drag as the grid starts it, answered at once by a target: what it carried, offered
    and asked for are kept (:data:`DRAGS`); its answer is :attr:`answer`."""

    answer = COPY

    def exec(  # type: ignore[override]
        self, supported: Qt.DropAction, default: Qt.DropAction = Qt.DropAction.IgnoreAction
    ) -> Qt.DropAction:
        mime = self.mimeData()
        kept = QMimeData()
        for form in mime.formats():
            kept.setData(form, mime.data(form))
        DRAGS.append((kept, supported, default, QPixmap(self.pixmap())))
        return self.answer


Drags = list[tuple[QMimeData, Qt.DropAction, Qt.DropAction, QPixmap]]
"""Of each drag the grid started: what it carried, the actions it offered, the one it
asked for, and its picture."""
DRAGS: Drags = []


@pytest.fixture(autouse=True)
def dragged(monkeypatch: pytest.MonkeyPatch) -> Drags:
    """The drags the grid starts, answered by :class:`Drag` instead of a desktop's target."""
    DRAGS.clear()
    monkeypatch.setattr(library_panel, "QDrag", Drag)
    monkeypatch.setattr(Drag, "answer", COPY)
    return DRAGS


def in_library(session: Session, tmp_path: Path, *names: str) -> list[Snapshot]:
    """Artworks imported into the library (a copy of each file in its own folder), one of a
    colour each, the last the newest."""
    colours = ("teal", "orange", "purple", "olive")
    paths = [
        write_png(tmp_path / "elsewhere" / f"{name}.png", colour=colours[n])
        for n, name in enumerate(names)
    ]
    made = import_artworks(session.ledger, paths, library_dir=session.engine.library_dir)
    assert all(isinstance(snap, Snapshot) for snap in made)
    return [snap for snap in made if isinstance(snap, Snapshot)]


async def shown(panel: LibraryPanel, *snapshots: Snapshot) -> None:
    panel.apply_filter()
    await until(lambda: all(panel.model.row_of(s.id) is not None for s in snapshots))
    await settled(panel)


def centre(panel: LibraryPanel, snapshot: Snapshot) -> QPoint:
    row = panel.model.row_of(snapshot.id)
    assert row is not None
    return panel.view.visualRect(panel.model.index(row)).center()


def move(widget: QWidget, at: QPoint) -> None:
    """The pointer moved to ``at`` with the left button held."""
    event = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(at),
        QPointF(widget.mapToGlobal(at)),
        Qt.MouseButton.NoButton,
        LEFT,
        NONE,
    )
    QApplication.sendEvent(widget, event)


def drag_across(panel: LibraryPanel, start: QPoint, end: QPoint) -> None:
    """The left button pressed at ``start``, the pointer moved in steps to ``end``, let go
    there. Once a drag began, the moves and the release are the drag's, not the grid's (as
    a drag on X11 takes them: a list view dragged from kept its selection, wherever the
    drag was let go)."""
    viewport = panel.view.viewport()
    QTest.mousePress(viewport, LEFT, NONE, start)
    steps = 6
    before = len(DRAGS)
    for step in range(1, steps + 1):
        move(viewport, start + (end - start) * step / steps)
        if len(DRAGS) > before:
            return
    QTest.mouseRelease(viewport, LEFT, NONE, end)


def urls(mime: QMimeData) -> list[str]:
    return [url.toLocalFile() for url in mime.urls()]


def selected_ids(panel: LibraryPanel) -> set[int]:
    return {s.id for s in panel.selected_snapshots()}


async def test_a_tile_dragged_out_carries_its_image_file_from_the_library_as_a_copy(
    panel: LibraryPanel,
    session: Session,
    tmp_path: Path,
    dragged: Drags,
) -> None:
    """A tile pressed and dragged towards a file manager, a browser or an image editor: it
    selected a range of tiles instead, and nothing left the window. Now its image file goes,
    the library's own (a file there, in the library's folder), offered as a copy alone, so
    no target can take it away; under the pointer, its thumbnail."""
    done = await finished(session, GenerateRequest("a lighthouse in fog"))
    (fox,) = in_library(session, tmp_path, "a red fox")
    await shown(panel, done, fox)
    await until(lambda: panel.model.thumbnails.get(panel.model.snapshot(0)) is not None)
    library = session.engine.library_dir
    for snap in (done, fox):
        assert Path(snap.file_path).is_file()
        assert Path(snap.file_path).is_relative_to(library)

    drag_across(panel, centre(panel, fox), centre(panel, done))
    ((mime, supported, default, pixmap),) = dragged
    assert urls(mime) == [fox.file_path]
    assert supported == COPY and default == COPY
    assert not pixmap.isNull()
    assert pixmap.deviceIndependentSize().width() <= THUMBNAIL_SIDE
    assert selected_ids(panel) == {fox.id}, "the drag selected no range"
    assert Path(fox.file_path).is_file()


async def test_the_selected_tiles_go_together_the_one_pressed_first_and_none_without_an_image(
    panel: LibraryPanel,
    session: Session,
    tmp_path: Path,
    dragged: Drags,
) -> None:
    """Three selected, one a failed job: pressed on the second image and dragged, both
    images go, the one pressed first (a reference slot takes the first); the failed job,
    which has no file, is left out. A tile pressed that is not selected goes alone."""
    failed = add_job(session, JobState.FAILED, "a heron that failed")
    fox, owl = in_library(session, tmp_path, "a red fox", "a snowy owl")
    await shown(panel, failed, fox, owl)
    await until(lambda: panel.model.thumbnails.get(fox) is not None)
    for snap in (failed, fox, owl):
        QTest.mouseClick(panel.view.viewport(), LEFT, CTRL, centre(panel, snap))
    assert selected_ids(panel) == {failed.id, fox.id, owl.id}

    outside = QPoint(-40, centre(panel, fox).y())  # dropped on another app, left of the grid
    drag_across(panel, centre(panel, fox), outside)
    ((mime, supported, _default, pixmap),) = dragged
    assert urls(mime) == [fox.file_path, owl.file_path]
    assert supported == COPY
    thumbnail = panel.model.thumbnails.get(fox)
    assert thumbnail is not None
    assert pixmap.size() == thumbnail.size()
    assert pixmap.toImage() != thumbnail.toImage(), "the fox's, with how many go on it"
    assert selected_ids(panel) == {failed.id, fox.id, owl.id}, "dragged, they stay selected"

    QTest.mouseClick(panel.view.viewport(), LEFT, NONE, centre(panel, owl))
    assert selected_ids(panel) == {owl.id}, "a press let go without a move selects"


async def test_a_tile_dragged_before_its_thumbnail_is_made_goes_at_once_without_one(
    panel: LibraryPanel,
    session: Session,
    tmp_path: Path,
    dragged: Drags,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Its picture is the thumbnail the grid holds: nothing is decoded for a drag, nor
    waited for. A tile whose thumbnail is still being made is dragged at once, without."""
    held = threading.Event()
    make = ui_thumbnails._make

    def slow(*args: Any) -> Any:
        held.wait(10)
        return make(*args)

    monkeypatch.setattr(ui_thumbnails, "_make", slow)
    try:
        (fox,) = in_library(session, tmp_path, "a red fox")
        await shown(panel, fox)
        drag_across(panel, centre(panel, fox), centre(panel, fox) + QPoint(0, 60))
        ((mime, _supported, _default, pixmap),) = dragged
        assert urls(mime) == [fox.file_path]
        assert pixmap.isNull()
    finally:
        held.set()


async def test_a_tile_without_an_image_is_not_dragged(
    panel: LibraryPanel,
    session: Session,
    tmp_path: Path,
    dragged: Drags,
) -> None:
    """A failed job, a running one and an artwork whose file is gone from the disk have no
    image to give: no drag starts from them."""
    failed = add_job(session, JobState.FAILED, "a heron that failed")
    running = add_job(session, JobState.GENERATING, "a heron being made")
    (gone,) = in_library(session, tmp_path, "a gannet gone")
    Path(gone.file_path).unlink()
    await shown(panel, failed, running, gone)
    await until(lambda: panel.model.file_missing(panel.model.snapshot(0)))
    model = panel.model
    for snap in (failed, running, gone):
        row = model.row_of(snap.id)
        assert row is not None
        index = model.index(row)
        assert not model.flags(index) & Qt.ItemFlag.ItemIsDragEnabled
        assert model.mimeData([index]) is None
        drag_across(panel, centre(panel, snap), centre(panel, snap) + QPoint(0, 60))
    assert dragged == []


async def test_a_tile_being_deleted_is_not_dragged(
    panel: LibraryPanel,
    session: Session,
    tmp_path: Path,
    dragged: Drags,
) -> None:
    """Its Delete under way (its tile stays a moment, its image may be in the trash
    already): a drag from it would give a file about to go. None starts; once the Delete
    ended without taking it (the library refused), it is dragged again."""
    (fox,) = in_library(session, tmp_path, "a red fox")
    await shown(panel, fox)
    with panel.bridge.deleting_jobs([fox.id]):
        drag_across(panel, centre(panel, fox), centre(panel, fox) + QPoint(0, 60))
        assert dragged == []
    drag_across(panel, centre(panel, fox), centre(panel, fox) + QPoint(0, 60))
    ((mime, _supported, _default, _pixmap),) = dragged
    assert urls(mime) == [fox.file_path]


async def test_an_artwork_whose_image_a_delete_put_in_the_trash_is_not_dragged(
    panel: LibraryPanel,
    session: Session,
    tmp_path: Path,
    dragged: Drags,
) -> None:
    """A Delete moved the image to the Trash and could not remove the artwork (another
    program held the library): its tile stays, painted with the thumbnail made before, and
    the grid had not found its file gone. Dragged to a file manager, it gave the path of a
    file that was no longer there; now no drag starts from it."""
    (fox,) = in_library(session, tmp_path, "a red fox")
    await shown(panel, fox)
    await until(lambda: panel.model.thumbnails.get(fox) is not None)
    trash = tmp_path / "Trash"
    trash.mkdir()
    Path(fox.file_path).rename(trash / Path(fox.file_path).name)
    noted = session.ledger.note(fox.id, trashed_at=time.time())
    panel.bridge.job_changed.emit(session.engine.as_shown(noted))
    await until(lambda: panel.model.snapshot(0).trashed_at is not None)
    assert not panel.model.file_missing(panel.model.snapshot(0)), "not known gone"

    drag_across(panel, centre(panel, fox), centre(panel, fox) + QPoint(0, 60))
    assert dragged == []


async def test_a_drag_from_the_empty_grid_still_selects_the_tiles_it_sweeps_over(
    panel: LibraryPanel,
    session: Session,
    tmp_path: Path,
    dragged: Drags,
) -> None:
    """As in a file manager, the band drawn from empty space selects; it drags nothing."""
    fox, owl, hare = in_library(session, tmp_path, "a red fox", "a snowy owl", "a hare")
    await shown(panel, fox, owl, hare)
    view = panel.view
    last = view.visualRect(panel.model.index(panel.model.rowCount() - 1))
    empty = last.bottomRight() + QPoint(20, 20)
    assert not view.indexAt(empty).isValid()

    drag_across(panel, empty, centre(panel, hare) - QPoint(10, 10))
    assert dragged == []
    assert selected_ids(panel) == {fox.id, owl.id, hare.id}


async def test_a_drag_from_the_empty_grid_draws_the_band_it_sweeps(
    panel: LibraryPanel,
    session: Session,
    tmp_path: Path,
    dragged: Drags,
) -> None:
    """The band drawn from empty space is seen as the pointer sweeps, as in a file manager:
    it selected the tiles with nothing on screen to show what it took in, and goes as the
    button comes up."""
    fox, owl, hare = in_library(session, tmp_path, "a red fox", "a snowy owl", "a hare")
    await shown(panel, fox, owl, hare)
    view = panel.view
    viewport = view.viewport()
    last = view.visualRect(panel.model.index(panel.model.rowCount() - 1))
    empty = last.bottomRight() + QPoint(40, 40)
    inside = empty - QPoint(10, 10)  # in the band, under no tile
    assert not view.indexAt(inside).isValid()
    before = viewport.grab().toImage().pixelColor(inside)

    QTest.mousePress(viewport, LEFT, NONE, empty)
    for step in range(1, 7):
        move(viewport, empty + (centre(panel, hare) - empty) * step / 6)
    swept = viewport.grab().toImage().pixelColor(inside)
    assert swept != before, "the band is drawn over the empty space it sweeps"

    QTest.mouseRelease(viewport, LEFT, NONE, centre(panel, hare))
    assert viewport.grab().toImage().pixelColor(inside) == before, "gone once let go"
    assert dragged == []


async def test_a_target_asking_a_move_takes_nothing_from_the_library(
    panel: LibraryPanel,
    session: Session,
    tmp_path: Path,
    dragged: Drags,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A target that answers the drag as a move (a Shift+drop in a file manager): the
    artwork keeps its file and its tile."""
    monkeypatch.setattr(Drag, "answer", MOVE)
    (fox,) = in_library(session, tmp_path, "a red fox")
    await shown(panel, fox)
    drag_across(panel, centre(panel, fox), centre(panel, fox) + QPoint(0, 60))
    assert len(dragged) == 1
    await panel.bridge.wait_idle()
    assert Path(fox.file_path).is_file()
    assert panel.model.row_of(fox.id) is not None
    assert session.ledger.get(fox.id) is not None


@pytest.fixture
async def window(session: Session, bridge: Bridge) -> AsyncIterator[MainWindow]:
    made = await open_window(session, bridge)
    made.show()
    yield made
    await close_window(made)


def dragged_out(panel: LibraryPanel, *snapshots: Snapshot) -> QMimeData:
    """What a drag of ``snapshots``' tiles carries (:meth:`LibraryModel.mimeData`)."""
    model = panel.model
    rows = [model.row_of(snap.id) for snap in snapshots]
    mime = model.mimeData([model.index(row) for row in rows if row is not None])
    assert mime is not None
    return mime


def dropped(widget: QWidget, mime: QMimeData) -> bool:
    """``mime`` dropped on ``widget`` (entered, then let go), offered as the grid offers it:
    a copy alone."""
    with warnings.catch_warnings():
        # PySide 6.11 offers QDragEnterEvent only its deprecated QPoint constructor.
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(QPoint(10, 10), COPY, mime, LEFT, NONE)
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(QPointF(10, 10), COPY, mime, LEFT, NONE)
    QApplication.sendEvent(widget, drop)
    return drop.isAccepted()


async def test_a_tile_dropped_on_the_reference_slot_is_the_reference_as_use_as_reference_makes_it(
    window: MainWindow, session: Session, tmp_path: Path
) -> None:
    """Dragged from the library onto the Generate tab's slot: the artwork is the reference,
    named by its title and known as the library's artwork, as Use as reference makes it;
    its file in the library is read where it is (a press of Generate copies it for the
    job) and stays there."""
    (fox,) = in_library(session, tmp_path, "a red fox")
    await shown(window.library, fox)
    slot = window.generate_tab.slot
    assert dropped(slot, dragged_out(window.library, fox))
    await until(lambda: slot.state is SlotState.READY)
    assert slot.path == fox.file_path
    assert slot.job == fox.id
    assert slot.name == suggested_file_name(fox) == "a red fox.png"
    assert window.generate_tab.edit_mode
    assert Path(fox.file_path).is_file()


async def test_several_tiles_dropped_on_the_reference_slot_give_the_first_and_say_so(
    window: MainWindow, session: Session, tmp_path: Path
) -> None:
    """Two artworks dropped on the slot, which holds one: the first is the reference, and
    the slot says the other was left out, as for files from a file manager: "the others
    were left out", it said of the one. Of three, the others."""
    fox, owl, hare = in_library(session, tmp_path, "a red fox", "a snowy owl", "a hare")
    await shown(window.library, fox, owl, hare)
    slot = window.generate_tab.slot
    assert dropped(slot, dragged_out(window.library, owl, fox))
    await until(lambda: slot.state is SlotState.READY)
    assert slot.path == owl.file_path and slot.job == owl.id
    assert "Took the first of 2 files; the other was left out." in slot._detail.text()

    assert dropped(slot, dragged_out(window.library, hare, owl, fox))
    await until(lambda: slot.state is SlotState.READY and slot.job == hare.id)
    assert "Took the first of 3 files; the others were left out." in slot._detail.text()


async def test_a_tile_dropped_on_the_upload_tab_is_listed_as_already_in_the_library(
    window: MainWindow, session: Session, tmp_path: Path
) -> None:
    """The Upload tab brings files in from elsewhere: an artwork the library holds, dropped
    there, is said to be in it already, with nothing to add (Publish still offered)."""
    (fox,) = in_library(session, tmp_path, "a red fox")
    await shown(window.library, fox)
    tab = window.upload_tab
    window.tabs.setCurrentWidget(tab)
    assert dropped(tab, dragged_out(window.library, fox))
    await until(lambda: bool(tab.items) and not tab.checking)
    (item,) = tab.items
    assert tab.row(item).status.text() == "Already in your library"
    assert not tab.add_button.isEnabled()
    assert Path(fox.file_path).is_file()


async def test_a_tile_dropped_back_on_the_grid_does_nothing(
    window: MainWindow, session: Session, tmp_path: Path
) -> None:
    """Let go over the grid it came from: the grid takes no drop (a grid that took one
    would have read the file list as rows of its own), nor does the window round it, the
    widget a drop there goes to; no tile is added, none goes, no error is said."""
    (fox,) = in_library(session, tmp_path, "a red fox")
    library = window.library
    await shown(library, fox)
    mime = dragged_out(library, fox)
    grid = library.view.viewport()
    assert not dropped(grid, mime)
    target = grid.parentWidget()
    while target is not None and not target.acceptDrops():
        target = target.parentWidget()
    assert target is window, "the widget the desktop gives a drop on the grid"
    assert not dropped(window, mime)
    await window.bridge.wait_idle()
    assert [library.model.snapshot(row).id for row in range(library.model.rowCount())] == [fox.id]
    assert not window.banner.isVisible()


async def test_a_tile_held_over_the_upload_tab_opens_it_to_be_dropped_there(
    window: MainWindow, session: Session, tmp_path: Path
) -> None:
    """The Generate tab open, a tile dragged over the Upload tab's name: the tab did not
    open, and the tile could not be dropped on it (nor on Generate's slot from Upload) but
    by letting go, clicking the tab and dragging again. Now held there a moment, it opens,
    as a browser's tabs do; let go on the tab's name, nothing happens."""
    (fox,) = in_library(session, tmp_path, "a red fox")
    await shown(window.library, fox)
    window.tabs.setCurrentWidget(window.generate_tab)
    bar = window.tabs.tabBar()
    assert bar.acceptDrops(), "the widget the desktop gives a drag over the tabs"
    mime = dragged_out(window.library, fox)
    upload = bar.tabRect(window.tabs.indexOf(window.upload_tab)).center()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # as in dropped()
        enter = QDragEnterEvent(upload, COPY, mime, LEFT, NONE)
        QApplication.sendEvent(bar, enter)
        assert enter.isAccepted()
        QApplication.sendEvent(bar, QDragMoveEvent(upload, COPY, mime, LEFT, NONE))
    await until(lambda: window.tabs.currentWidget() is window.upload_tab)

    drop = QDropEvent(QPointF(upload), COPY, mime, LEFT, NONE)
    QApplication.sendEvent(bar, drop)
    assert not drop.isAccepted()
    assert window.upload_tab.items == []


@pytest.mark.parametrize("where", ["reference slot", "Upload tab"])
async def test_a_file_offered_only_as_a_move_is_refused_and_the_window_says_why(
    window: MainWindow, tmp_path: Path, where: str
) -> None:
    """A file dragged in by a source that offers to move it and never to copy it (a file
    manager's drag with Shift held): the app only copies, so it is refused, as before, but
    the no-entry cursor alone said nothing of why. Now the status bar says it as the drag
    comes in; a drag that offers a copy says nothing of it."""
    photo = write_png(tmp_path / "elsewhere" / "fox.png")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    target: QWidget = window.generate_tab.slot
    if where == "Upload tab":
        window.tabs.setCurrentWidget(window.upload_tab)
        target = window.upload_tab
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # as in dropped()
        enter = QDragEnterEvent(QPoint(10, 10), MOVE, mime, LEFT, NONE)
    QApplication.sendEvent(target, enter)
    assert not enter.isAccepted()
    assert window.statusBar().currentMessage() == (
        "That program lets the file be moved only; Kontext Studio copies. "
        "Drag it from your file manager."
    )
    assert photo.is_file()

    window.statusBar().clearMessage()
    assert dropped(target, mime)
    assert window.statusBar().currentMessage() == ""
