"""Several artworks selected at once in the library: Ctrl+click, Shift+click and Ctrl+A select
them; Delete asks once and deletes them all, Star stars them all, the actions about one
artwork are off; the selection stays through live updates and reloads."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar
from unittest.mock import AsyncMock

import pytest
import send2trash
from PySide6.QtCore import (
    QEventLoop,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    qInstallMessageHandler,
)
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QContextMenuEvent,
    QKeySequence,
    QPainter,
    QPalette,
)
from PySide6.QtTest import QAbstractItemModelTester, QTest
from PySide6.QtWidgets import (
    QAbstractSlider,
    QApplication,
    QDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QStyle,
    QStyleOptionViewItem,
    QWidget,
)
from send2trash.exceptions import TrashPermissionError

from kontext_studio.config import R2Settings
from kontext_studio.errors import (
    LibraryBusyError,
    NetworkError,
    OutcomeUnknownError,
    StorageError,
    TrashError,
    UnreachableError,
)
from kontext_studio.jobs import engine as engine_module
from kontext_studio.jobs.limiter import SlidingWindowLimiter
from kontext_studio.jobs.notes import (
    LATE_TASK_NOTE,
    LATE_TASK_RESENT_NOTE,
    NOT_SENT_AGAIN_NOTE,
    NOT_TAKEN_AGAIN_NOTE,
)
from kontext_studio.jobs.states import JobState
from kontext_studio.jobs.stopped import cancelled_unsent
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.session import Session
from kontext_studio.simulator import Faults, Simulator
from kontext_studio.store.details import DetailsEdit
from kontext_studio.store.ledger import Ledger, Snapshot
from kontext_studio.ui import job_actions, library_model, main_window
from kontext_studio.ui import thumbnails as ui_thumbnails
from kontext_studio.ui.bridge import Bridge, _work_name
from kontext_studio.ui.details_dialog import DetailsDialog
from kontext_studio.ui.job_actions import JobActions, applicable_to_several
from kontext_studio.ui.library_model import LibraryModel
from kontext_studio.ui.library_panel import TILE, LibraryPanel, TileDelegate
from kontext_studio.ui.main_window import MainWindow
from kontext_studio.ui.notifications import BannerKind
from kontext_studio.ui.rename_dialog import RenameDialog
from kontext_studio.ui.upload_tab import UploadTab
from tests.fixtures import library_image
from tests.ui.conftest import banner_messages, deletions, settled, until
from tests.ui.test_details_dialog import answer_question
from tests.ui.test_library import (
    add_image,
    add_job,
    kept_completed,
    make_snapshot,
    tile_words,
    trashed,
    write_png,
)
from tests.ui.test_upload_tab import held_imports
from tests.ui.test_window import close_window, open_window

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier
Box = TypeVar("Box", bound=QDialog)
ONE_ONLY = (
    "full_view",
    "cancel",
    "retry",
    "resubmit",
    "enter_task_id",
    "use_as_reference",
    "reuse_settings",
    "copy_prompt",
    "copy_image",
    "show_in_folder",
    "rename",
    "copy_url",
    "unpublish",
)


# -- helpers ---------------------------------------------------------------------------------


async def shown(panel: LibraryPanel, *snapshots: Snapshot) -> None:
    """Wait until the tiles of ``snapshots`` are in the grid (loaded, laid out)."""
    await until(lambda: all(panel.model.row_of(s.id) is not None for s in snapshots))


def click(
    panel: LibraryPanel,
    snapshot: Snapshot,
    modifiers: Qt.KeyboardModifier = NONE,
    button: Qt.MouseButton = Qt.MouseButton.LeftButton,
) -> QPoint:
    """A click on the tile of ``snapshot``, as the artist's mouse makes it; where it was."""
    row = panel.model.row_of(snapshot.id)
    assert row is not None
    at = panel.view.visualRect(panel.model.index(row)).center()
    QTest.mouseClick(panel.view.viewport(), button, modifiers, at)
    return at


def press(panel: LibraryPanel, key: Qt.Key, modifiers: Qt.KeyboardModifier = NONE) -> None:
    panel.view.setFocus(Qt.FocusReason.OtherFocusReason)
    QTest.keyClick(panel.view, key, modifiers)


def selected_ids(panel: LibraryPanel) -> set[int]:
    return {s.id for s in panel.selected_snapshots()}


def current_id(panel: LibraryPanel) -> int | None:
    current = panel.current_snapshot()
    return None if current is None else current.id


def answering(panel: LibraryPanel, monkeypatch: pytest.MonkeyPatch, *answers: bool) -> list[Any]:
    """Answer the panel's questions with ``answers`` in turn; the (title, text) asked."""
    asked: list[tuple[str, str]] = []
    left = list(answers)

    def confirm(title: str, text: str, *_buttons: str) -> bool:
        asked.append((title, text))
        return left.pop(0)

    monkeypatch.setattr(panel, "confirm", confirm)
    return asked


async def hints_of_deleting(
    panel: LibraryPanel, monkeypatch: pytest.MonkeyPatch, chosen: list[Snapshot]
) -> list[str]:
    """Delete ``chosen`` together, answered yes, to its end: the hints of what it told."""
    told: list[str] = []
    panel.bridge.error.connect(lambda _message, hint, _topic: told.append(hint))
    for snap in chosen:
        click(panel, snap, CTRL)
    answering(panel, monkeypatch, True)
    press(panel, Qt.Key.Key_Delete)
    await until(lambda: bool(told))
    await until(lambda: not panel.bridge.busy and not panel.bridge.deleting)
    return told


async def three_images(
    session: Session,
    tmp_path: Path,
    panel: LibraryPanel,
    where: str = "in the selection",
    colours: tuple[str, ...] = (),
) -> list[Snapshot]:
    """A moth, a heron and a lynx (the newest), shown. Each test trashing them names them
    apart (``where``): their files are named by the prompt, and the tests share one trash.
    ``colours``: of their images, in turn. Painted before the library lists them: painted
    after, a tile's thumbnail could read its image half rewritten (a busy machine), find
    it damaged and never draw it."""
    made = [add_image(session, tmp_path, f"a {name} {where}") for name in NAMES]
    for snap, colour in zip(made, colours, strict=False):
        write_png(Path(snap.file_path), colour=colour)
    panel.apply_filter()
    await shown(panel, *made)
    return made


NAMES = ("moth", "heron", "lynx")


def gone_from_disk(
    session: Session, tmp_path: Path, names: tuple[str, ...], **details: Any
) -> list[Snapshot]:
    """An artwork of each of ``names`` (with ``details``), its image file then deleted."""
    made = [
        add_image(session, tmp_path, f"a {name} gone from the disk", **details) for name in names
    ]
    for snap in made:
        Path(snap.file_path).unlink()
    return made


def held_deletes(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> tuple[asyncio.Event, list[int]]:
    """The engine's deletes held until the event is set; the list gets each job asked for
    as its delete starts (a test waits on it to know the Delete is under way)."""
    release = asyncio.Event()
    delete = session.engine.delete
    asked: list[int] = []

    async def held(job_id: int, **kwargs: Any) -> Snapshot | None:
        asked.append(job_id)
        await release.wait()
        return await delete(job_id, **kwargs)

    monkeypatch.setattr(session.engine, "delete", held)
    return release, asked


def deletes_held_after_the_first(
    session: Session, monkeypatch: pytest.MonkeyPatch, told: list[int]
) -> asyncio.Event:
    """The engine's deletes held, once ``told`` has a deleted job, until the event is set:
    a Delete of several deletes its first artwork, then waits."""
    release = asyncio.Event()
    delete = session.engine.delete

    async def held_after_the_first(job_id: int, **kwargs: Any) -> Snapshot | None:
        if told:
            await release.wait()
        return await delete(job_id, **kwargs)

    monkeypatch.setattr(session.engine, "delete", held_after_the_first)
    return release


def deletes_held_apart(
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    told: list[int],
    gates: dict[int, asyncio.Event],
) -> None:
    """The engine's delete of each job in ``gates`` held, once ``told`` has a deleted job,
    until its event is set (a Delete of several among them deletes its first, then
    waits); the others' go: the Deletes end in the order the test sets the events."""
    delete = session.engine.delete

    async def held_at_their_gates(job_id: int, **kwargs: Any) -> Snapshot | None:
        if told and job_id in gates:
            await gates[job_id].wait()
        return await delete(job_id, **kwargs)

    monkeypatch.setattr(session.engine, "delete", held_at_their_gates)


async def deleting_held_apart(
    panel: LibraryPanel,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    three: list[Snapshot],
    gates: dict[int, asyncio.Event],
) -> list[int]:
    """Delete of ``three`` together pressed (its question answered as the test chose),
    until it has deleted its first; from then on the engine's delete of each job in
    ``gates`` held until its event is set (:func:`deletes_held_apart`): the ids the bridge
    tells every view are deleted, in turn."""
    told = deletions(panel.bridge)
    deletes_held_apart(session, monkeypatch, told, gates)
    click(panel, three[0])
    for snap in three[1:]:
        click(panel, snap, CTRL)
    press(panel, Qt.Key.Key_Delete)
    await until(lambda: bool(told))
    return told


async def nothing_selected_by_a_click_as_its_delete_took_it(
    panel: LibraryPanel,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    doomed: list[Snapshot],
) -> None:
    """Delete ``doomed`` together (answered yes), the tile of the first deleted clicked
    while the rest wait (:func:`deletes_held_after_the_first`), their tiles leaving only
    at the end: once they are gone, nothing is selected, and the keys go on from the tile
    that took the clicked one's place."""
    monkeypatch.setattr(library_model, "GOING_MS", 60_000)  # only at the end
    answering(panel, monkeypatch, True)
    told = deletions(panel.bridge)
    release = deletes_held_after_the_first(session, monkeypatch, told)
    rows = panel.model.rowCount()
    click(panel, doomed[0])
    for snap in doomed[1:]:
        click(panel, snap, CTRL)
    press(panel, Qt.Key.Key_Delete)
    await until(lambda: bool(told))
    click(panel, next(snap for snap in doomed if snap.id == told[0]))  # still shown, a moment
    release.set()
    await until(lambda: panel.model.rowCount() == rows - len(doomed))
    await panel.bridge.wait_idle()
    assert selected_ids(panel) == set()


async def deleted_through_a_read_again(
    panel: LibraryPanel,
    release: asyncio.Event,
    asked: list[int],
    tiles: tuple[Snapshot, Snapshot, Snapshot],
) -> None:
    """Delete pressed on the middle one of ``tiles`` (after, doomed, before: the deletes
    held, :func:`held_deletes`), the rows read again while it deletes (as for the CLI's
    write): the doomed tile stays current meanwhile, and the one after it takes its place."""
    after, doomed, before = tiles
    press(panel, Qt.Key.Key_Delete)
    await until(lambda: bool(asked))
    generation = panel.model._generation
    panel.model.reload(rows=3, known=[after.id, doomed.id, before.id])
    await until(lambda: panel.model._generation != generation and not panel.model.reading)
    assert current_id(panel) == doomed.id
    release.set()
    await until(lambda: panel.model.rowCount() == 2)
    await panel.bridge.wait_idle()
    assert current_id(panel) == after.id
    assert selected_ids(panel) == {after.id}


async def shown_gone(panel: LibraryPanel, gone: list[Snapshot], *others: Snapshot) -> None:
    """Show ``gone`` and ``others``, and wait until the tiles of ``gone`` found no image."""
    panel.apply_filter()
    await shown(panel, *gone, *others)
    await until(lambda: all(panel.model.thumbnails.failed(snap) for snap in gone))


async def asked_on_delete(
    panel: LibraryPanel, monkeypatch: pytest.MonkeyPatch, snapshot: Snapshot
) -> str:
    """What Delete pressed on ``snapshot`` alone asks (declined)."""
    panel.apply_filter()
    await shown(panel, snapshot)
    asked = answering(panel, monkeypatch, False)
    click(panel, snapshot)
    press(panel, Qt.Key.Key_Delete)
    return str(asked[-1][1])


async def asked_on_delete_of_all_then_two(
    panel: LibraryPanel,
    monkeypatch: pytest.MonkeyPatch,
    made: list[Snapshot],
    first: Snapshot,
    second: Snapshot,
) -> tuple[str, str]:
    """What Delete asks (declined) of every artwork of ``made`` (Ctrl+A), then of ``first``
    and ``second`` alone (a click, a Ctrl+click)."""
    panel.apply_filter()
    await shown(panel, *made)
    asked = answering(panel, monkeypatch, False, False)
    press(panel, Qt.Key.Key_A, CTRL)
    press(panel, Qt.Key.Key_Delete)
    click(panel, first)
    click(panel, second, CTRL)
    press(panel, Qt.Key.Key_Delete)
    (_, every), (_, two) = asked
    return every, two


async def asked_on_delete_of_each_then_all(
    panel: LibraryPanel, monkeypatch: pytest.MonkeyPatch, made: list[Snapshot], *each: Snapshot
) -> list[str]:
    """What Delete asks (declined) of each of ``each`` alone in turn, then of every artwork
    of ``made`` (Ctrl+A)."""
    panel.apply_filter()
    await shown(panel, *made)
    asked = answering(panel, monkeypatch, *[False] * (len(each) + 1))
    for snapshot in each:
        click(panel, snapshot)
        press(panel, Qt.Key.Key_Delete)
    press(panel, Qt.Key.Key_A, CTRL)
    press(panel, Qt.Key.Key_Delete)
    return [text for _, text in asked]


# -- what applies ------------------------------------------------------------------------------


def test_several_offer_delete_star_tags_and_publish_while_one_of_them_can_be() -> None:
    done = make_snapshot(JobState.COMPLETED, id=1)
    published = make_snapshot(JobState.COMPLETED, id=2, published_key="artworks/a.png")
    failed = make_snapshot(JobState.FAILED, id=3)
    assert applicable_to_several([]) == frozenset()
    always = {"delete", "star", "details"}  # details: Add tags to them all
    saved = {*always, "save_as"}  # Save as: those with an image, into a folder
    assert applicable_to_several([done, published]) == saved
    assert applicable_to_several([done, published], publish_enabled=False) == saved
    assert applicable_to_several([failed, published]) == {*saved, "retry"}
    assert applicable_to_several([failed, done], publish_enabled=True) == {
        *saved,
        "retry",
        "publish",
    }
    # Retry of several leaves out what needs the artist's word about it alone; Resubmit
    # of several asks it once for those whose outcome is unknown.
    unknown = make_snapshot(JobState.UNKNOWN, id=4)
    lost = make_snapshot(JobState.FAILED, id=5, error_kind="not_found", task_id="t-1")
    refused = make_snapshot(JobState.FAILED, id=6, error_kind="content_policy")
    invalid = make_snapshot(JobState.FAILED, id=7, error_kind="validation")
    unsendable = make_snapshot(JobState.FAILED, id=8, error_kind="invalid_input")
    assert applicable_to_several([lost, refused, invalid, unsendable]) == always
    assert applicable_to_several([lost, refused, invalid, unsendable, done]) == saved
    assert applicable_to_several([unknown, lost, done]) == {*saved, "resubmit"}
    # Its file found gone: nothing of the selection can be published, nor saved.
    assert "publish" not in applicable_to_several([failed, done], missing={1}, publish_enabled=True)
    assert "save_as" not in applicable_to_several([failed, done], missing={1})
    # Its file found damaged (its tile says "Image unreadable"): nor are they then.
    assert "publish" not in applicable_to_several(
        [failed, done], unreadable={1}, publish_enabled=True
    )
    assert "save_as" not in applicable_to_several([failed, done], unreadable={1})


# -- selecting ---------------------------------------------------------------------------------


async def test_ctrl_and_shift_clicks_select_several_and_the_last_clicked_is_shown(
    panel: LibraryPanel, session: Session, tmp_path: Path
) -> None:
    moth, heron, lynx = await three_images(session, tmp_path, panel)
    click(panel, lynx)
    click(panel, moth, CTRL)
    assert selected_ids(panel) == {lynx.id, moth.id}
    assert current_id(panel) == moth.id

    click(panel, heron)  # a plain click selects that one alone
    assert selected_ids(panel) == {heron.id}
    click(panel, lynx, SHIFT)  # the range from heron to lynx: the grid's order
    assert selected_ids(panel) == {heron.id, lynx.id}
    click(panel, moth, SHIFT)
    assert selected_ids(panel) == {moth.id, heron.id}
    assert current_id(panel) == moth.id

    press(panel, Qt.Key.Key_A, CTRL)
    assert selected_ids(panel) == {moth.id, heron.id, lynx.id}
    assert current_id(panel) == moth.id


async def test_ctrl_a_selects_every_artwork_not_only_the_pages_scrolled_to(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The grid loads the library a page at a time, as it is scrolled. Before, Ctrl+A
    selected the pages loaded: with 2 000 artworks, "Delete 300 artworks?" after Select
    all, and the rest stayed. Ctrl+A loads the rest, then selects them all."""
    monkeypatch.setattr(library_model, "PAGE_SIZE", 30)  # more than the grid shows
    made = [add_image(session, tmp_path, f"artwork {n} of a long library") for n in range(45)]
    panel.model.reload(rows=30)
    await until(lambda: panel.model.rowCount() == 30 and panel.model.canFetchMore())
    await settled(panel)
    assert panel.model.rowCount() == 30, "the rest is loaded as the grid is scrolled"

    press(panel, Qt.Key.Key_A, CTRL)
    await until(lambda: selected_ids(panel) == {s.id for s in made})
    assert panel.model.rowCount() == len(made)


async def test_ctrl_a_over_pages_not_read_yet_offers_the_actions_of_every_artwork(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+A on a library read a page at a time offers what applies to every artwork,
    those on the pages not read before it too (a failed job, one whose outcome is unknown
    and one running, the oldest), says how many are selected, and its Delete deletes them
    all. The actions are worked out looking at each of those selected once: they were gone
    through some nine times, ~50 ms of a frozen window with 10 000 selected."""
    monkeypatch.setattr(library_model, "PAGE_SIZE", 20)
    failed = add_job(session, JobState.FAILED, "a failed gannet on the last page")
    unknown = add_job(session, JobState.UNKNOWN, "a gannet of unknown outcome")
    running = add_job(session, JobState.GENERATING, "a gannet still generating")
    images = [add_image(session, tmp_path, f"a gannet {n} of many pages") for n in range(40)]
    panel.publish_enabled = True
    panel.model.reload(rows=20)
    await until(lambda: panel.model.rowCount() == 20 and panel.model.canFetchMore())
    click(panel, images[-1])
    counts: list[int] = []
    panel.selected_count_changed.connect(counts.append)

    press(panel, Qt.Key.Key_A, CTRL)
    every = {s.id for s in (*images, failed, unknown, running)}
    await until(lambda: selected_ids(panel) == every)
    assert counts == [len(every)]
    words = {key: panel.commands[key].text() for key in panel.commands}
    assert words["delete"] == "&Delete 43 artworks…"
    assert words["star"] == "St&ar 43 selected artworks"
    assert words["publish"] == "Pu&blish 40 selected artworks"
    assert words["retry"] == "Retr&y 1 job"
    assert words["resubmit"] == "R&esubmit 1 job…"
    assert words["cancel"] == "Ca&ncel 1 job…"
    assert words["save_as"] == "Sa&ve 40 images to a folder…"
    offered = {key for key, action in panel.commands.items() if action.isEnabled()}
    assert offered == {
        "delete",
        "star",
        "details",
        "publish",
        "retry",
        "resubmit",
        "cancel",
        "save_as",
    }

    asked = answering(panel, monkeypatch, True)
    press(panel, Qt.Key.Key_Delete)
    assert asked[0][1].startswith("Delete 43 artworks?")
    await until(lambda: panel.model.rowCount() == 0 and not panel.bridge.deleting, 30)
    assert session.ledger.count() == 0
    assert counts[-1] == 0 and current_id(panel) is None


class PaintedSelected(TileDelegate):
    """The library's delegate, keeping whether it painted each row selected, last."""

    def __init__(self, model: LibraryModel, view: QWidget) -> None:
        super().__init__(model, view)
        self.selected: dict[int, bool] = {}

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        self.selected[index.row()] = bool(option.state & QStyle.StateFlag.State_Selected)
        super().paint(painter, option, index)


def rows_in_sight(panel: LibraryPanel) -> list[int]:
    """The rows whose tiles the grid shows (some of)."""
    sight = panel.view.viewport().rect()
    rows = range(panel.model.rowCount())
    return [row for row in rows if sight.intersects(panel.view.visualRect(panel.model.index(row)))]


async def test_every_tile_in_sight_shows_whether_it_is_selected_after_ctrl_a_and_a_click(
    panel: LibraryPanel, session: Session, tmp_path: Path
) -> None:
    """A change of the selection repaints the tiles in sight only: Qt's own way worked out
    the place of every tile whose selection changed, asking the model 40 000 times at a
    Ctrl+A of 10 000 (~50 ms of a frozen window), and as many at the click after it.
    Scrolled down the grid, each tile in sight shows it is selected after Ctrl+A, and that
    it is not once a click selects another alone."""
    made = [add_image(session, tmp_path, f"a puffin {n} in a long grid") for n in range(40)]
    panel.apply_filter()
    await shown(panel, *made)
    painted = PaintedSelected(panel.model, panel.view)
    panel.view.setItemDelegate(painted)
    bar = panel.view.verticalScrollBar()
    await until(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum() // 2)
    await settled(panel)
    sight = rows_in_sight(panel)
    assert sight[0] > 0, "the grid is scrolled past its first tiles"
    shots = panel.model.thumbnails
    await until(lambda: all(shots.get(panel.model.snapshot(row)) for row in sight))
    await settled(panel)  # the tiles repainted with their thumbnails

    press(panel, Qt.Key.Key_A, CTRL)
    await until(lambda: all(painted.selected.get(row) for row in sight))
    click(panel, panel.model.snapshot(sight[1]))
    await until(lambda: not any(painted.selected.get(row) for row in sight if row != sight[1]))
    assert painted.selected[sight[1]]


async def test_the_shown_artwork_is_always_one_of_those_selected(
    panel: LibraryPanel, session: Session, tmp_path: Path
) -> None:
    """Ctrl+click on the shown tile unselects it: another of those selected is shown; the
    last one selected cannot be unselected. Ctrl+arrow moves and selects as an arrow does:
    the list's own way left the tile it moved to, and the preview showed, unselected."""
    moth, heron, lynx = await three_images(session, tmp_path, panel)
    click(panel, moth)
    click(panel, lynx, CTRL)
    click(panel, lynx, CTRL)
    assert selected_ids(panel) == {moth.id}
    assert current_id(panel) == moth.id
    click(panel, moth, CTRL)
    assert selected_ids(panel) == {moth.id}

    press(panel, Qt.Key.Key_A, CTRL)
    press(panel, Qt.Key.Key_Left, CTRL)  # the moth is the oldest, last in the grid
    assert current_id(panel) == heron.id
    assert selected_ids(panel) == {heron.id}


async def test_with_two_selected_the_actions_about_one_artwork_are_off(
    panel: LibraryPanel, session: Session, tmp_path: Path
) -> None:
    moth, heron, _lynx = await three_images(session, tmp_path, panel)
    panel.publish_enabled = True
    click(panel, moth)
    assert panel.commands["rename"].isEnabled() and panel.commands["save_as"].isEnabled()
    click(panel, heron, CTRL)
    for key in ONE_ONLY:
        assert not panel.commands[key].isEnabled(), key
    for key in ("delete", "star", "details", "publish", "save_as"):
        assert panel.commands[key].isEnabled(), key
    assert not panel.buttons["use_as_reference"].isEnabled()
    offered = [a.text() for a in panel.context_menu().actions() if a.objectName()]
    assert offered == [
        "Sa&ve 2 images to a folder…",
        "St&ar 2 selected artworks",
        "Add &tags to 2 artworks…",
        "Pu&blish 2 selected artworks",
        "&Delete 2 artworks…",
    ]
    # The Delete button keeps its word: a longer one pushed it into More in a narrow pane.
    assert panel.buttons["delete"].text() == "Delete"

    click(panel, heron, CTRL)  # one again: all of its actions
    assert panel.commands["rename"].isEnabled() and panel.commands["save_as"].isEnabled()


async def test_ctrl_i_adds_tags_to_every_selected_artwork_each_keeping_its_own(
    panel: LibraryPanel,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Several selected, Edit details becomes Add tags: a title or description typed once
    for all would replace each one's own, so only tags are asked for, and added."""
    moth, heron, lynx = await three_images(session, tmp_path, panel)
    session.ledger.update(moth.id, tags="insect")
    click(panel, moth)
    click(panel, heron, CTRL)
    assert panel.commands["details"].text() == "Add &tags to 2 artworks…"
    asked: list[set[int]] = []

    def ask_details(snapshots: list[Snapshot]) -> DetailsEdit:
        asked.append({s.id for s in snapshots})
        return DetailsEdit(tags="study、insect")

    monkeypatch.setattr(panel, "ask_details", ask_details)
    notices = notices_of(panel)
    press(panel, Qt.Key.Key_I, CTRL)
    await until(lambda: bool(notices))
    assert asked == [{moth.id, heron.id}]
    assert notices == ["Tags added to 2 artworks."]
    tags = {s.id: s.tags for s in session.ledger.search()}
    assert tags == {moth.id: "insect, study", heron.id: "study, insect", lynx.id: ""}
    await until(
        lambda: (
            {s.id: s.tags for s in panel.selected_snapshots()}
            == {
                moth.id: "insect, study",
                heron.id: "study, insect",
            }
        )
    )


async def test_a_right_click_on_one_of_several_opens_their_menu_and_keeps_them(
    panel: LibraryPanel, session: Session, tmp_path: Path
) -> None:
    moth, heron, lynx = await three_images(session, tmp_path, panel)
    click(panel, moth)
    click(panel, heron, CTRL)
    for tile, kept in ((heron, {moth.id, heron.id}), (lynx, {lynx.id})):
        at = click(panel, tile, button=Qt.MouseButton.RightButton)
        asked = QContextMenuEvent(
            QContextMenuEvent.Reason.Mouse, at, panel.view.viewport().mapToGlobal(at)
        )
        QApplication.sendEvent(panel.view.viewport(), asked)
        await until(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        assert selected_ids(panel) == kept
        texts = [action.text() for action in menu.actions() if action.text()]
        assert ("&Rename…" in texts) == (len(kept) == 1)
        menu.close()
        await until(lambda: QApplication.activePopupWidget() is None)


# -- acting on several -------------------------------------------------------------------------


async def test_delete_of_artworks_whose_images_are_gone_says_the_rest_goes_for_good(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: "Its image file is already gone from the disk." and no more, and of several
    whose images were all gone, nothing: as if there was nothing left to lose. Their titles,
    tags and stars are deleted, and Undo brings them back, as Delete says where the images
    go to the Trash: but not their images, where it said it brought it all back."""
    made = gone_from_disk(session, tmp_path, NAMES, tags="moor", starred=True)
    await shown_gone(panel, made)
    moth, _heron, lynx = made
    asked = answering(panel, monkeypatch, False, False)
    click(panel, lynx)
    press(panel, Qt.Key.Key_Delete)
    click(panel, moth, CTRL)
    press(panel, Qt.Key.Key_Delete)

    (_, one), (_, several) = asked
    assert one.endswith(
        "Its image file is already gone from the disk. Its tags and star are deleted. "
        "Edit ▸ Undo (Ctrl+Z) brings it back, but not its image, until this window closes "
        "or 20 more Deletes follow."
    )
    assert several == (
        "Delete 2 artworks?\n\nTheir image files are already gone from the disk. The tags "
        "and stars you gave them are deleted. "
        "Edit ▸ Undo (Ctrl+Z) brings them back, but not their images, until this window "
        "closes or 20 more Deletes follow."
    )


async def test_delete_of_several_whose_images_are_gone_and_have_nothing_of_their_own_says_so(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, with no title, description, tags or star to name, the question was "Delete 2
    artworks?" and two empty lines: nothing of their images being gone, as one's says."""
    made = gone_from_disk(session, tmp_path, NAMES)
    await shown_gone(panel, made)
    moth, _heron, lynx = made
    asked = answering(panel, monkeypatch, False)
    click(panel, lynx)
    click(panel, moth, CTRL)
    press(panel, Qt.Key.Key_Delete)

    ((_, several),) = asked
    assert several == (
        "Delete 2 artworks?\n\nTheir image files are already gone from the disk. Edit ▸ Undo "
        "(Ctrl+Z) brings them back, but not their images, until this window closes or 20 more "
        "Deletes follow."
    )


async def test_delete_of_several_one_of_them_with_an_image_gone_says_one(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An artwork whose image is gone and a failed job: Delete said "Their image files are
    already gone from the disk", of one image file."""
    (gone,) = gone_from_disk(session, tmp_path, ("gannet",))
    failed = add_job(session, JobState.FAILED, "a curlew failed")
    await shown_gone(panel, [gone], failed)
    asked = answering(panel, monkeypatch, False)
    click(panel, gone)
    click(panel, failed, CTRL)
    press(panel, Qt.Key.Key_Delete)

    ((_, several),) = asked
    assert several == (
        "Delete 2 artworks?\n\nThe image file of one of them is already gone from the disk. "
        "One of them has no image: its prompt and settings are deleted too. "
        "Edit ▸ Undo (Ctrl+Z) brings them all back until this window closes "
        "or 20 more Deletes follow. The one whose image file is missing comes back without it."
    )


async def test_delete_of_several_says_how_many_of_them_had_image_files_now_gone(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two artworks whose image files are gone and a failed job: Delete said "Their image
    files are already gone from the disk", of three where two had image files."""
    gone = gone_from_disk(session, tmp_path, NAMES[:2])
    failed = add_job(session, JobState.FAILED, "a curlew failed")
    await shown_gone(panel, gone, failed)
    asked = answering(panel, monkeypatch, False)
    click(panel, gone[0])
    click(panel, gone[1], CTRL)
    click(panel, failed, CTRL)
    press(panel, Qt.Key.Key_Delete)

    ((_, several),) = asked
    assert several == (
        "Delete 3 artworks?\n\nThe image files of 2 of them are already gone from the disk. "
        "One of them has no image: its prompt and settings are deleted too. "
        "Edit ▸ Undo (Ctrl+Z) brings them all back until this window closes "
        "or 20 more Deletes follow. The 2 whose image files are missing come back without them."
    )


async def test_delete_of_several_says_the_image_files_already_gone_beside_those_to_the_trash(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two artworks, the image file of one gone from the disk: Delete said "One image goes
    to the Trash" and nothing of the other's, as if it had made none; of three, two gone,
    "Their images go to the Trash". Those gone are said as Delete of them alone says it."""
    kept = add_image(session, tmp_path, "a gannet on the disk")
    gone = gone_from_disk(session, tmp_path, NAMES[:2])
    await shown_gone(panel, gone, kept)
    asked = answering(panel, monkeypatch, False, False)
    click(panel, kept)
    click(panel, gone[0], CTRL)
    press(panel, Qt.Key.Key_Delete)
    click(panel, gone[1], CTRL)
    press(panel, Qt.Key.Key_Delete)

    (_, two), (_, three) = asked
    assert two == (
        "Delete 2 artworks?\n\nOne image goes to the Trash. The image file of one of them is "
        "already gone from the disk. "
        "Edit ▸ Undo (Ctrl+Z) brings them all back until this window closes "
        "or 20 more Deletes follow. The one whose image file is missing comes back without it."
    )
    assert three == (
        "Delete 3 artworks?\n\nOne image goes to the Trash. The image files of 2 of them are "
        "already gone from the disk. "
        "Edit ▸ Undo (Ctrl+Z) brings them all back until this window closes "
        "or 20 more Deletes follow. The 2 whose image files are missing come back without them."
    )


async def test_delete_of_several_says_which_missing_image_files_are_in_the_trash(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beside others, the image of one an Undo left in the Trash, and of one a Delete moved
    there and could not remove, were said "already gone from the disk", while their previews
    said they were in the Trash; and of two left there by Undo, one of them since moved there
    again by a Delete, that "Undo brought the artworks back without them", of the one the
    Delete put there; and of two whose images were both in the Trash for those two reasons,
    "The image files of 2 of them", of two."""
    kept = add_image(session, tmp_path, "a gannet on the disk")
    moth, heron, lynx = gone_from_disk(session, tmp_path, NAMES)
    moth = session.ledger.note(moth.id, image_left_in_trash=True)  # as an Undo writes it
    heron = session.ledger.note(heron.id, image_left_in_trash=True, trashed_at=1.0)
    await shown_gone(panel, [moth, heron, lynx], kept)
    asked = answering(panel, monkeypatch, False, False, False)
    click(panel, kept)
    click(panel, moth, CTRL)
    click(panel, lynx, CTRL)
    press(panel, Qt.Key.Key_Delete)
    click(panel, moth)
    click(panel, heron, CTRL)
    press(panel, Qt.Key.Key_Delete)
    click(panel, lynx, CTRL)
    press(panel, Qt.Key.Key_Delete)

    (_, beside), (_, both), (_, all_three) = asked
    assert beside.startswith(
        "Delete 3 artworks?\n\nOne image goes to the Trash. The image file of one of them is "
        "already gone from the disk. The image file of one of them is in the Trash already. "
    )
    assert both.startswith("Delete 2 artworks?\n\nTheir image files are in the Trash already. ")
    assert all_three.startswith(
        "Delete 3 artworks?\n\nThe image file of one of them is already gone from the disk. "
        "The image files of 2 of them are in the Trash already. "
    )


async def test_delete_names_only_the_details_the_artworks_have(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, Delete always said "Its title, tags and star are deleted", of an
    artwork with no title, tags or star too. It names what they have now, and nothing of an
    artwork that has none of them."""
    bare = add_image(session, tmp_path, "a bare moth")
    starred = add_image(session, tmp_path, "a starred heron", tags="bird, marsh", starred=True)
    titled = add_image(session, tmp_path, "a titled lynx", title="Lynx at dusk")
    described = add_image(session, tmp_path, "a described owl", description="Dusk.")
    trash = "Its image goes to the Trash."
    undo = (
        "Edit ▸ Undo (Ctrl+Z) brings it all back until this window closes "
        "or 20 more Deletes follow."
    )

    assert (await asked_on_delete(panel, monkeypatch, bare)).endswith(f"moth”?\n\n{trash} {undo}")
    assert (await asked_on_delete(panel, monkeypatch, titled)).endswith(
        f"{trash} Its title is deleted. {undo}"
    )
    assert (await asked_on_delete(panel, monkeypatch, described)).endswith(
        f"{trash} Its description is deleted. {undo}"
    )
    assert (await asked_on_delete(panel, monkeypatch, starred)).endswith(
        f"{trash} Its tags and star are deleted. {undo}"
    )

    asked = answering(panel, monkeypatch, False, False)
    click(panel, bare)
    click(panel, starred, CTRL)
    press(panel, Qt.Key.Key_Delete)
    click(panel, titled)
    click(panel, bare, CTRL)
    press(panel, Qt.Key.Key_Delete)
    (_, two), (_, untagged) = asked
    assert two.endswith(  # one of them starred: "star", as it has one
        "Their images go to the Trash. The tags and star you gave one of them are deleted. "
        "Edit ▸ Undo (Ctrl+Z) brings them all back until this window closes "
        "or 20 more Deletes follow."
    )
    assert untagged.endswith(  # one of them titled: not "Their titles are"
        "Their images go to the Trash. The title you gave one of them is deleted. "
        "Edit ▸ Undo (Ctrl+Z) brings them all back until this window closes "
        "or 20 more Deletes follow."
    )


async def test_delete_of_several_names_what_only_one_of_them_was_given_as_of_one_of_them(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Of three artworks, one titled: "The title you gave them is deleted", as if
    the three shared a title. What only one of them was given is said of "one of them"; of
    two given something each, each thing of the one given it ("another")."""
    moth, heron, lynx = (add_image(session, tmp_path, f"a plain {name}") for name in NAMES)
    titled = add_image(session, tmp_path, "a titled owl", title="Owl at dusk")
    starred = add_image(session, tmp_path, "a starred kite", tags="kite", starred=True)
    failed = add_job(session, JobState.FAILED, "a curlew failed")
    cancelled = add_job(session, JobState.CANCELLED, "a dunlin cancelled", starred=True)
    panel.apply_filter()
    await shown(panel, moth, heron, lynx, titled, starred, failed, cancelled)
    asked = answering(panel, monkeypatch, False, False, False, False)
    for chosen in ((moth, heron, titled), (lynx, starred), (failed, cancelled), (titled, starred)):
        click(panel, chosen[0])
        for other in chosen[1:]:
            click(panel, other, CTRL)
        press(panel, Qt.Key.Key_Delete)

    (_, three), (_, two), (_, prompts), (_, both) = asked
    assert three.endswith(
        "Their images go to the Trash. The title you gave one of them is deleted. "
        "Edit ▸ Undo (Ctrl+Z) brings them all back until this window closes "
        "or 20 more Deletes follow."
    )
    assert two.endswith(
        "Their images go to the Trash. The tags and star you gave one of them are deleted. "
        "Edit ▸ Undo (Ctrl+Z) brings them all back until this window closes "
        "or 20 more Deletes follow."
    )
    assert prompts.endswith(
        "Their prompts and settings are deleted, with the star you gave one of them. "
        "Edit ▸ Undo (Ctrl+Z) brings them all back until this window closes "
        "or 20 more Deletes follow."
    )
    assert both.endswith(  # not "The title, tags and star you gave them": each one's
        "Their images go to the Trash. The title you gave one of them and the tags and star "
        "you gave the other are deleted. "
        "Edit ▸ Undo (Ctrl+Z) brings them all back until this window closes "
        "or 20 more Deletes follow."
    )


async def test_delete_of_several_says_each_thing_of_those_given_it(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two titled of three, one described: "The titles and description you gave them are
    deleted", as if each had a description. Each thing is said of as many as were given
    it: of one, two, or all of them ("them")."""
    owl = add_image(session, tmp_path, "an owl", title="Owl", starred=True)
    kite = add_image(session, tmp_path, "a kite", title="Kite", description="ink", starred=True)
    crane = add_image(session, tmp_path, "a crane", starred=True)
    curlew = add_job(session, JobState.FAILED, "a curlew failed", title="Curlew")
    dunlin = add_job(session, JobState.CANCELLED, "a dunlin cancelled", tags="shore")
    panel.apply_filter()
    await shown(panel, owl, kite, crane, curlew, dunlin)
    asked = answering(panel, monkeypatch, False, False)
    for chosen in ((owl, kite, crane), (curlew, dunlin)):
        click(panel, chosen[0])
        for other in chosen[1:]:
            click(panel, other, CTRL)
        press(panel, Qt.Key.Key_Delete)

    (_, three), (_, prompts) = asked
    assert three.endswith(
        "Their images go to the Trash. The titles you gave 2 of them, the description you "
        "gave one of them and the stars you gave them are deleted. "
        "Edit ▸ Undo (Ctrl+Z) brings them all back until this window closes "
        "or 20 more Deletes follow."
    )
    assert prompts.endswith(
        "Their prompts and settings are deleted, with the title you gave one of them and the "
        "tags you gave the other. "
        "Edit ▸ Undo (Ctrl+Z) brings them all back until this window closes "
        "or 20 more Deletes follow."
    )


async def test_delete_of_several_says_apart_each_artwork_given_a_thing_alone(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three artworks, each given one thing: "the description you gave another and the star
    you gave another", as if the same one had both. Two, each given one thing: "the star
    you gave another", as if there were more than two. Each is said apart: "the other" of
    two, then "another", "a third"."""
    owl = add_image(session, tmp_path, "an owl", title="Owl")
    kite = add_image(session, tmp_path, "a kite", description="ink")
    crane = add_image(session, tmp_path, "a crane", starred=True)
    heron = add_image(session, tmp_path, "a heron", tags="shore")
    panel.apply_filter()
    await shown(panel, owl, kite, crane, heron)
    asked = answering(panel, monkeypatch, False, False, False)
    for chosen in ((owl, kite, crane), (owl, crane), (owl, kite, crane, heron)):
        click(panel, chosen[0])
        for other in chosen[1:]:
            click(panel, other, CTRL)
        press(panel, Qt.Key.Key_Delete)

    (_, three), (_, two), (_, four) = asked
    assert (
        "The title you gave one of them, the description you gave another and the star "
        "you gave a third are deleted. " in three
    )
    assert "The title you gave one of them and the star you gave the other are deleted. " in two
    assert "the tags you gave a third and the star you gave a fourth are deleted. " in four


async def test_delete_of_failed_jobs_says_their_prompts_go_until_undone(
    panel: LibraryPanel, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: "Delete “a curlew failed”?" and no more, where an artwork's question says its
    title, tags and star go: as if a failed job's prompt could be found again. A job that
    made no image has nothing in the Trash: all there is of it goes, until Undo brings it
    back."""
    failed = add_job(session, JobState.FAILED, "a curlew failed")
    cancelled = add_job(session, JobState.CANCELLED, "a dunlin cancelled", starred=True)
    panel.apply_filter()
    await shown(panel, failed, cancelled)
    asked = answering(panel, monkeypatch, False, False)
    click(panel, failed)
    press(panel, Qt.Key.Key_Delete)
    click(panel, cancelled, CTRL)
    press(panel, Qt.Key.Key_Delete)

    (_, one), (_, several) = asked
    assert one == (
        "Delete “a curlew failed”?\n\nIts prompt and settings are deleted. "
        "Edit ▸ Undo (Ctrl+Z) brings it all back until this window closes "
        "or 20 more Deletes follow."
    )
    assert several == (
        "Delete 2 artworks?\n\nTheir prompts and settings are deleted, with the star you "
        "gave one of them. Edit ▸ Undo (Ctrl+Z) brings them all back until this window closes "
        "or 20 more Deletes follow."
    )
    assert {s.id for s in session.ledger.search(limit=5)} == {failed.id, cancelled.id}


@pytest.mark.parametrize(
    ("state", "note", "charged"),
    [
        (
            JobState.UNKNOWN,
            "",
            "The request was sent but no answer came back, so it may or may not have been charged.",
        ),
        (
            JobState.CANCELLED,
            "Stopped tracking. KIE has no cancel call, so credits may still be spent.",
            "Stopped tracking. KIE has no cancel call, so credits may still be spent.",
        ),
    ],
    ids=["unknown", "cancelled-while-sent"],
)
async def test_delete_of_a_job_whose_send_may_have_reached_kie_says_it_may_be_charged(
    panel: LibraryPanel,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    state: JobState,
    note: str,
    charged: str,
) -> None:
    """A job whose send got no answer (or was cancelled while out): KIE may have made and
    charged its task. Before, Delete said only that its prompt goes for good, as of a job
    that cost nothing; once deleted, nothing in the library says a charge may be at KIE."""
    job = add_job(
        session,
        state,
        "a godwit sent",
        submit_count=1,
        error_kind=OutcomeUnknownError.kind,
        error_message=note,
    )
    assert await asked_on_delete(panel, monkeypatch, job) == (
        "Delete “a godwit sent”?\n\nIts prompt and settings are deleted. "
        f"Edit ▸ Undo (Ctrl+Z) brings it all back until this window closes "
        f"or 20 more Deletes follow.\n\n{charged}"
    )


async def test_delete_of_a_timed_out_job_says_kie_charged_it_and_retry_fetches_it_free(
    panel: LibraryPanel, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A timed-out job: KIE made its task, and charged it, and Retry checks on it without
    paying again. Before, Delete said only that its prompt goes for good."""
    job = add_job(session, JobState.TIMEOUT, "a godwit slow", submit_count=1)
    assert (await asked_on_delete(panel, monkeypatch, job)).endswith(
        "\n\nKIE had already taken this job, so it was charged: deleting it does not give the "
        "credits back, and Retry would check on it without paying again."
    )


async def test_delete_of_several_says_those_whose_sends_may_have_reached_kie_may_be_charged(
    panel: LibraryPanel, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: Delete of several jobs whose sends got no answer said only that their
    prompts go for good, as of jobs that cost nothing."""
    unknown = [
        add_job(session, JobState.UNKNOWN, f"a godwit sent {i}", submit_count=1) for i in range(3)
    ]
    failed = add_job(session, JobState.FAILED, "a curlew failed")
    four, two = await asked_on_delete_of_all_then_two(
        panel, monkeypatch, [*unknown, failed], unknown[0], failed
    )
    assert four.endswith(
        "\n\n3 of them were sent and it is not known whether KIE made them: they may or may "
        "not have been charged."
    )
    assert two.endswith(
        "\n\nOne of them was sent and it is not known whether KIE made it: it may or may not "
        "have been charged."
    )


async def test_delete_of_a_resubmitted_job_cancelled_before_its_send_says_it_may_be_charged(
    panel: LibraryPanel, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Jobs Resubmitted after a send that got no answer, cancelled before the next send left
    (or after KIE turned it away): that send was not charged, an earlier one may have been,
    as their notes say in the preview. Before, Delete said nothing of it, of one or of
    several, as of jobs that cost nothing."""
    notes = [NOT_SENT_AGAIN_NOTE, NOT_TAKEN_AGAIN_NOTE]
    again = [
        add_job(
            session,
            JobState.CANCELLED,
            f"a godwit again {i}",
            submit_count=1 + i,
            error_message=note,
        )
        for i, note in enumerate(notes)
    ]
    unsent = add_job(session, JobState.CANCELLED, "a curlew never sent")
    one, three = await asked_on_delete_of_each_then_all(
        panel, monkeypatch, [*again, unsent], again[0]
    )
    assert one.endswith(
        "\n\nStopped before this send reached KIE, so it was not charged; an earlier send of "
        "the job may have been."
    )
    assert three.endswith(
        "\n\n2 of them were sent and it is not known whether KIE made them: they may or may "
        "not have been charged."
    )


@pytest.mark.parametrize(
    ("simulated", "said"),
    [
        (
            False,
            "\n\nStopped tracking, but KIE had already taken an earlier send of the job, so its "
            "credits are spent; Retry fetches that image without paying again. The last send "
            "may or may not have been charged as well.",
        ),
        (
            True,
            "\n\nThe demo server had already taken this job, so the demo balance went down for "
            "it (no real credits); demo mode would check on it without lowering it again. Its "
            "last send may or may not have lowered the demo balance as well.",
        ),
    ],
    ids=["live", "demo-in-live-mode"],
)
async def test_delete_of_a_job_whose_resend_may_have_cost_too_says_so(
    panel: LibraryPanel,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    simulated: bool,
    said: str,
) -> None:
    """A job that keeps the task KIE made for an earlier send, whose later send, cancelled
    while out, may have been charged as well: Delete says both, in its note's words, not
    only that KIE had taken it. Of a demo one, asked about in live mode, Delete said its
    note's "Retry fetches that image", while Retry is held for it here: only demo mode
    checks on it, and it lowered the demo balance."""
    job = add_job(
        session,
        JobState.CANCELLED,
        "a godwit sent twice in demo mode" if simulated else "a godwit sent twice",
        submit_count=2,
        task_id="task-1",
        error_message=LATE_TASK_RESENT_NOTE,
        simulated=simulated,
    )
    assert (await asked_on_delete(panel, monkeypatch, job)).endswith(said)


async def test_delete_of_a_job_cancelled_after_kie_took_it_says_it_was_charged(
    panel: LibraryPanel, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Jobs cancelled after KIE made their tasks (while generating, or while sent, KIE's
    answer kept): charged, and Retry follows their tasks without paying again. Before,
    Delete said nothing of it, of one or of several, though it did of a timed-out job, and
    of one cancelled while sent whose outcome is unknown."""
    kept = [
        add_job(
            session,
            JobState.CANCELLED,
            f"a godwit kept {i}",
            submit_count=1,
            task_id=f"task-{i}",
            error_message=LATE_TASK_NOTE,
        )
        for i in range(2)
    ]
    unsent = add_job(session, JobState.CANCELLED, "a curlew never sent")
    one, free, three = await asked_on_delete_of_each_then_all(
        panel, monkeypatch, [*kept, unsent], kept[0], unsent
    )
    assert one.endswith(
        "\n\nKIE had already taken this job, so it was charged: deleting it does not give the "
        "credits back, and Retry would check on it without paying again."
    )
    assert "charged" not in free
    assert three.endswith(
        "\n\nKIE had already taken 2 of them, so they were charged: deleting them does not give "
        "the credits back, and Retry would check on them without paying again."
    )


async def test_delete_of_several_says_the_demo_ones_whose_sends_got_no_answer_cost_no_credits(
    panel: LibraryPanel, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Demo jobs whose sends got no answer (or cancelled while they were out): Delete of one
    says so in the demo server's words, and the demo balance may have gone down for them,
    no real credits. Before, Delete of several left them out: live ones among them were
    counted, and a selection of demo ones said nothing at all."""
    demo = [
        add_job(session, JobState.UNKNOWN, f"a demo godwit {i}", submit_count=1, simulated=True)
        for i in range(2)
    ]
    live = add_job(session, JobState.UNKNOWN, "a godwit sent", submit_count=1)
    three, two = await asked_on_delete_of_all_then_two(
        panel, monkeypatch, [*demo, live], demo[0], live
    )
    live_words = (
        "\n\nOne of them was sent and it is not known whether KIE made it: it may or may not "
        "have been charged."
    )
    assert three.endswith(
        live_words + "\n\n2 of them are demo jobs that were sent and it is not known whether "
        "the demo server made them: they use no real credits, and the demo balance may or may "
        "not have gone down for them."
    )
    assert two.endswith(
        live_words + "\n\nOne of them is a demo job that was sent and it is not known whether "
        "the demo server made it: it uses no real credits, and the demo balance may or may not "
        "have gone down for it."
    )


async def test_delete_of_several_says_kie_charged_the_timed_out_ones_and_retry_fetches_free(
    panel: LibraryPanel, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Timed-out jobs: KIE made their tasks, and charged them, and Retry checks on them
    without paying again, as Delete of one says. Before, Delete of several said nothing of
    it (a demo job's, of the demo balance)."""
    timed_out = [
        add_job(session, JobState.TIMEOUT, f"a godwit slow {i}", submit_count=1) for i in range(3)
    ]
    demo = add_job(session, JobState.TIMEOUT, "a demo godwit slow", submit_count=1, simulated=True)
    failed = add_job(session, JobState.FAILED, "a curlew failed")
    five, two = await asked_on_delete_of_all_then_two(
        panel, monkeypatch, [*timed_out, demo, failed], timed_out[0], failed
    )
    assert (
        "\n\nKIE had already taken 3 of them, so they were charged: deleting them does not give "
        "the credits back, and Retry would check on them without paying again."
    ) in five
    assert five.endswith(  # a demo job in live mode: Retry is held for it here
        "\n\nThe demo server had already taken one of them, so the demo balance went down for "
        "it (no real credits); demo mode would check on it without lowering it again."
    )
    assert two.endswith(
        "\n\nKIE had already taken one of them, so it was charged: deleting it does not give "
        "the credits back, and Retry would check on it without paying again."
    )


async def test_delete_among_artworks_says_the_prompts_of_those_without_an_image_go(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: Delete of an artwork and a failed job said their images go to the Trash, and
    of the failed job's prompt, which nothing keeps, nothing; nor did Delete of a job still
    running. Now the question says the prompts of those with no image go, and that Undo
    brings back all but a job still running."""
    owl = add_image(session, tmp_path, "an owl", title="Owl")
    failed = add_job(session, JobState.FAILED, "a curlew failed")
    running = add_job(session, JobState.GENERATING, "a kite running", tags="kite")
    panel.apply_filter()
    await shown(panel, owl, failed, running)
    asked = answering(panel, monkeypatch, False, False, False)
    click(panel, owl)
    click(panel, failed, CTRL)
    press(panel, Qt.Key.Key_Delete)
    click(panel, running, CTRL)
    press(panel, Qt.Key.Key_Delete)
    click(panel, running)
    press(panel, Qt.Key.Key_Delete)

    (_, two), (_, three), (_, alone) = asked
    assert two == (
        "Delete 2 artworks?\n\nOne image goes to the Trash. The title you gave one of them "
        "is deleted. One of them has no image: its prompt and settings are deleted too. "
        "Edit ▸ Undo (Ctrl+Z) brings them all back until this window closes "
        "or 20 more Deletes follow."
    )
    assert three.startswith(
        "Delete 3 artworks?\n\nOne image goes to the Trash. The title you gave one of them "
        "and the tags you gave another are deleted. 2 of them have no image: their prompts "
        "and settings are deleted too. Edit ▸ Undo (Ctrl+Z) brings them all back until this "
        "window closes or 20 more Deletes follow, but for the one still running.\n\n"
        "One of them is still running."
    )
    assert alone.startswith(
        "Delete “a kite running”?\n\nIts prompt and settings are deleted, with its tags. "
        "It cannot be brought back.\n\nThe job is still running."
    )
    assert len(session.ledger.search(limit=5)) == 3


async def test_delete_of_three_asks_once_and_puts_all_three_in_the_trash(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    moth, heron, lynx = await three_images(session, tmp_path, panel, "deleted together")
    kept = add_image(session, tmp_path, "a wren left alone")
    panel.apply_filter()
    await shown(panel, kept)
    click(panel, moth)
    click(panel, heron, CTRL)
    click(panel, lynx, CTRL)
    asked = answering(panel, monkeypatch, True)
    press(panel, Qt.Key.Key_Delete)

    assert len(asked) == 1
    title, text = asked[0]
    assert title == "Delete artworks"
    assert text.startswith("Delete 3 artworks?")
    # Nothing else is named: they had no title, description, tags or star of their own.
    assert text.endswith(
        "Their images go to the Trash. "
        "Edit ▸ Undo (Ctrl+Z) brings them all back until this window closes "
        "or 20 more Deletes follow."
    )
    await until(lambda: panel.model.rowCount() == 1)
    for gone in (moth, heron, lynx):
        assert session.ledger.get(gone.id) is None
        assert not Path(gone.file_path).exists()
        assert trashed(gone.file_path).is_file()  # the artist can still get it back
    assert selected_ids(panel) == {kept.id}
    assert current_id(panel) == kept.id
    assert session.ledger.get(kept.id) is not None


def notices_of(panel: LibraryPanel | JobActions) -> list[str]:
    """The status bar's words the panel (or its job actions alone) says from now on."""
    said: list[str] = []
    panel.notice.connect(said.append)
    return said


async def deleted_with_words(
    panel: LibraryPanel, monkeypatch: pytest.MonkeyPatch, chosen: list[Snapshot], *answers: bool
) -> list[str]:
    """Delete ``chosen`` together (one alone: with it selected alone), the questions
    answered ``answers`` (yes when none), to its end: the status bar's words meanwhile."""
    said = notices_of(panel)
    click(panel, chosen[0])
    for snap in chosen[1:]:
        click(panel, snap, CTRL)
    answering(panel, monkeypatch, *(answers or (True,)))
    press(panel, Qt.Key.Key_Delete)
    await until(lambda: all(session_gone(panel, snap) for snap in chosen) or bool(said))
    await until(lambda: not panel.bridge.busy and not panel.bridge.deleting)
    return said


def session_gone(panel: LibraryPanel, snap: Snapshot) -> bool:
    return panel.bridge.session.ledger.get(snap.id) is None


async def test_delete_says_in_the_status_bar_what_went_to_the_trash(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After Delete the tile just went, without a word of where: it names what went, as
    the question did, one of several images of one generate by its place among them."""
    heron = add_image(session, tmp_path, "a heron at dusk", batch_place=2, batch_size=4)
    made = await three_images(session, tmp_path, panel, "said gone")
    await shown(panel, heron)

    assert await deleted_with_words(panel, monkeypatch, [heron]) == [
        "Moved “a heron at dusk · 2 of 4” to the Trash."
    ]
    assert await deleted_with_words(panel, monkeypatch, made) == ["Moved 3 artworks to the Trash."]
    assert all(trashed(gone.file_path).is_file() for gone in (heron, *made))


async def test_delete_words_use_the_name_the_system_gives_its_trash(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(job_actions.desktop, "current", lambda: job_actions.Desktop.WINDOWS)
    made = await three_images(session, tmp_path, panel, "in the recycle bin")

    assert await deleted_with_words(panel, monkeypatch, made[:1]) == [
        "Moved “a moth in the recycle bin” to the Recycle Bin."
    ]
    assert await deleted_with_words(panel, monkeypatch, made[1:]) == [
        "Moved 2 artworks to the Recycle Bin."
    ]


async def test_delete_words_tell_the_jobs_without_an_image_from_those_in_the_trash(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failed job has no image to move to the Trash: it is said deleted, not moved."""
    made = await three_images(session, tmp_path, panel, "beside a failed job")
    failed = add_job(session, JobState.FAILED, "a kite that failed")
    also = add_job(session, JobState.CANCELLED, "a kite cancelled")
    panel.apply_filter()
    await shown(panel, failed, also)

    assert await deleted_with_words(panel, monkeypatch, [failed]) == [
        "Deleted “a kite that failed”."
    ]
    assert await deleted_with_words(panel, monkeypatch, [*made[:2], also]) == [
        "Moved 2 artworks to the Trash. Deleted “a kite cancelled”."
    ]


async def test_delete_words_leave_out_those_the_trash_refused(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Trash refused one of three, and the artist kept it rather than delete it for
    good: the words count the two that went. Deleted for good after all, it is said so."""
    moth, heron, lynx = await three_images(session, tmp_path, panel, "partly refused")
    trash_refuses(monkeypatch, heron)
    assert await deleted_with_words(panel, monkeypatch, [moth, heron, lynx], True, False) == [
        "Moved 2 artworks to the Trash."
    ]
    assert session.ledger.get(heron.id) is not None

    assert await deleted_with_words(panel, monkeypatch, [heron], True, True) == [
        "Deleted “a heron partly refused”."
    ]
    assert session.ledger.get(heron.id) is None


async def test_delete_words_leave_out_what_another_program_deleted_meanwhile(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deleted by another program (the CLI, its image in the Trash) while the question was
    open, the artwork was said "Deleted" here, as if this Delete had removed it for good."""
    moth, heron, lynx = await three_images(session, tmp_path, panel, "deleted elsewhere")
    chosen = [moth, heron, lynx]
    for snap in chosen:
        click(panel, snap, CTRL)
    answers = iter([True])

    def elsewhere_first(*_asked: str) -> bool:
        send2trash.send2trash(heron.file_path)
        assert session.ledger.delete(heron.id) is not None
        return next(answers)

    monkeypatch.setattr(panel, "confirm", elsewhere_first)
    said = notices_of(panel)
    press(panel, Qt.Key.Key_Delete)
    await until(lambda: bool(said))
    await until(lambda: not panel.bridge.busy and not panel.bridge.deleting)

    assert said == [
        "Moved 2 artworks to the Trash. “a heron deleted elsewhere” was deleted by another program."
    ]


async def test_an_artwork_deleted_for_good_is_never_said_moved_to_the_trash(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Trash refused the image, and the library, busy, kept the note that it was going
    there: deleted for good after all, it was said "Moved “…” to the Trash."."""
    (moth,) = [add_image(session, tmp_path, "a moth kept noted")]
    panel.apply_filter()
    await shown(panel, moth)
    note = session.ledger.note

    def busy_taking_back(job_id: int, **values: Any) -> Snapshot:
        if "trashed_at" in values and values["trashed_at"] is None:
            raise LibraryBusyError()
        return note(job_id, **values)

    monkeypatch.setattr(send2trash, "send2trash", no_trash)
    monkeypatch.setattr(session.ledger, "note", busy_taking_back)

    assert await deleted_with_words(panel, monkeypatch, [moth], True, True) == [
        "Deleted “a moth kept noted”."
    ]
    assert not Path(moth.file_path).exists()


async def test_a_delete_of_several_stopped_by_a_busy_library_says_only_what_went(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second of three deleted was refused by the library after its image went to the
    Trash: its banner says so, and the status bar names only the first, which went."""
    made = [add_image(session, tmp_path, f"a kite {n} said held") for n in range(3)]
    panel.apply_filter()
    await shown(panel, *made)
    remove = session.ledger.delete
    removed: list[int] = []

    def busy_after_one(job_id: int) -> Snapshot | None:
        if removed:
            raise LibraryBusyError()
        removed.append(job_id)
        return remove(job_id)

    monkeypatch.setattr(session.ledger, "delete", busy_after_one)
    said = notices_of(panel)
    await hints_of_deleting(panel, monkeypatch, made)

    first = next(snap for snap in made if snap.id == removed[0])
    assert said == [f"Moved “{first.prompt}” to the Trash."]


@pytest.mark.parametrize("chosen", [3, 4])
async def test_a_delete_of_several_stopped_by_a_busy_library_says_the_rest_were_not_deleted(
    panel: LibraryPanel,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    chosen: int,
) -> None:
    """Another program took the library as the second of several was deleted: its image
    went to the Trash, its row stayed, and the Delete stopped there. The banner named that
    one and said nothing of the rest chosen with it, left as they were."""
    made = [add_image(session, tmp_path, f"a kite {n} held up") for n in range(chosen)]
    panel.apply_filter()
    await shown(panel, *made)
    remove = session.ledger.delete
    removed: list[int] = []

    def busy_after_one(job_id: int) -> None:
        if removed:
            raise LibraryBusyError()
        remove(job_id)
        removed.append(job_id)

    monkeypatch.setattr(session.ledger, "delete", busy_after_one)
    told = await hints_of_deleting(panel, monkeypatch, made)

    untouched = [snap for snap in made if Path(snap.file_path).exists()]
    assert len(untouched) == chosen - 2
    assert all(session.ledger.get(snap.id) is not None for snap in untouched)
    assert told[0].endswith(f"{chosen - 1} of the {chosen} artworks chosen were not deleted.")


async def test_a_delete_that_trashed_the_image_on_a_read_only_library_gives_no_folder_advice(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The library could not be written (read-only, full) after the image went to the
    Trash: the banner gave the storage words' advice, "Free disk space or choose another
    folder.", before "Delete it again…": no folder is chosen in a Delete. A busy library's
    advice (close that program) leads to deleting again; this one does not."""
    [kite] = [add_image(session, tmp_path, "a kite on a read-only disk")]
    panel.apply_filter()
    await shown(panel, kite)

    def read_only(_job_id: int) -> None:
        raise StorageError.worded(
            "the library could not be written: {reason}",
            reason="attempt to write a readonly database",
        )

    monkeypatch.setattr(session.ledger, "delete", read_only)
    told: list[str] = []
    panel.bridge.error.connect(lambda _message, hint, _topic: told.append(hint))
    click(panel, kite)
    answering(panel, monkeypatch, True)
    press(panel, Qt.Key.Key_Delete)
    await until(lambda: bool(told))
    await until(lambda: not panel.bridge.busy and not panel.bridge.deleting)

    assert not Path(kite.file_path).exists()
    assert "Delete it again to finish removing it" in told[0]
    assert "Free disk space" not in told[0]
    assert "another folder" not in told[0]


async def test_a_delete_of_several_stopped_by_a_busy_library_counts_those_the_trash_refused(
    panel: LibraryPanel,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The Trash refused the first image of three, the second's image went to the Trash and
    its artwork stayed (another program took the library): the banner said "The other
    artwork chosen was not deleted.", where neither of the two others was."""
    made = [add_image(session, tmp_path, f"a wren {n} kept by the trash") for n in range(3)]
    panel.apply_filter()
    await shown(panel, *made)
    to_trash = send2trash.send2trash
    trashed: list[object] = []

    def refuses_the_first(path: object) -> None:
        if not trashed:
            trashed.append(path)
            raise TrashPermissionError(str(path))  # a disk with no trash the app may use
        to_trash(path)
        trashed.append(path)

    def busy(job_id: int) -> None:
        raise LibraryBusyError()

    monkeypatch.setattr(send2trash, "send2trash", refuses_the_first)
    monkeypatch.setattr(session.ledger, "delete", busy)
    told: list[str] = []
    panel.bridge.error.connect(lambda _message, hint, _topic: told.append(hint))
    for snap in made:
        click(panel, snap, CTRL)
    asked = answering(panel, monkeypatch, True, False)  # delete; not the refused one for good
    press(panel, Qt.Key.Key_Delete)
    await until(lambda: bool(told) and len(asked) == 2)
    await until(lambda: not panel.bridge.busy and not panel.bridge.deleting)

    assert all(session.ledger.get(snap.id) is not None for snap in made)
    assert told[0].endswith("None of the 3 artworks chosen were deleted.")


@pytest.mark.parametrize(
    ("gone", "said"),
    [
        (0, "None of the 3 artworks chosen were deleted."),
        (1, "2 of the 3 artworks chosen were not deleted."),
        (2, "1 of the 3 artworks chosen was not deleted."),
    ],
)
async def test_a_delete_of_several_refused_at_its_next_artwork_says_how_many_were_not_deleted(
    panel: LibraryPanel,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    gone: int,
    said: str,
) -> None:
    """Another program took the library between two of several being deleted: the next
    one's first write (its note that its image goes to the Trash) was refused, before its
    image moved. The Delete stopped there and the banner said only why, as if the rest
    chosen had gone; a busy library is met so far more often than between the note and the
    removal of one artwork."""
    made = [add_image(session, tmp_path, f"a kite {n} held up") for n in range(3)]
    panel.apply_filter()
    await shown(panel, *made)
    remove, note = session.ledger.delete, session.ledger.note
    removed: list[int] = []

    def busy_after(job_id: int) -> None:
        if len(removed) == gone:
            raise LibraryBusyError()
        remove(job_id)
        removed.append(job_id)

    def noted_unless_busy(job_id: int, **values: Any) -> Snapshot:
        if len(removed) == gone:
            raise LibraryBusyError()
        return note(job_id, **values)

    monkeypatch.setattr(session.ledger, "delete", busy_after)
    monkeypatch.setattr(session.ledger, "note", noted_unless_busy)
    told = await hints_of_deleting(panel, monkeypatch, made)

    untouched = [snap for snap in made if Path(snap.file_path).exists()]
    assert len(untouched) == 3 - gone
    assert all(session.ledger.get(snap.id) is not None for snap in untouched)
    assert told == [f"Close it (a database browser, a backup or sync tool), then try again. {said}"]


async def test_delete_of_several_shows_the_tile_after_them_at_once_not_each_on_its_way_out(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, each one deleted handed the preview and the selection to the next of them:
    the preview showed every image on its way out, and the actions of all those left were
    worked out again at each (600 deleted took a minute of a sluggish window)."""
    older = add_image(session, tmp_path, "a wren older than them")
    after = add_image(session, tmp_path, "a finch after them in the grid")
    chosen = [add_image(session, tmp_path, f"a starling {n} deleted in a batch") for n in range(5)]
    newer = add_image(session, tmp_path, "a robin newer than them")
    panel.apply_filter()
    await shown(panel, older, after, newer, *chosen)
    click(panel, chosen[0])
    click(panel, chosen[-1], SHIFT)  # the newest of them, the first deleted, is shown
    assert selected_ids(panel) == {s.id for s in chosen}
    shown_ids: list[int | None] = []
    panel.selection_changed.connect(lambda snap: shown_ids.append(snap and snap.id))
    answering(panel, monkeypatch, True)
    press(panel, Qt.Key.Key_Delete)

    await until(lambda: panel.model.rowCount() == 3)
    assert shown_ids == [after.id]  # none of those deleted
    assert selected_ids(panel) == {after.id} and current_id(panel) == after.id


async def test_a_delete_of_every_tile_shows_none_of_them_as_the_grid_gets_its_focus_back(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+A, Delete, Delete in the question: no tile stays, so none is shown. The question
    closed, the grid got the keyboard back with no tile current, and Qt made the first tile
    current: the preview then showed each artwork on its way out ("The image file is
    missing" as the Trash took it), the grid selecting one after the other."""
    chosen = [add_image(session, tmp_path, f"a starling {n} deleted in a batch") for n in range(6)]
    panel.apply_filter()
    await shown(panel, *chosen)
    click(panel, chosen[-1])
    press(panel, Qt.Key.Key_A, CTRL)
    shown_ids: list[int | None] = []
    panel.selection_changed.connect(lambda snap: shown_ids.append(snap and snap.id))

    def confirm(*_asked: str) -> bool:
        panel.search.setFocus()  # the question has the keyboard while it is open
        return True

    monkeypatch.setattr(panel, "confirm", confirm)
    press(panel, Qt.Key.Key_Delete)
    panel.view.setFocus(Qt.FocusReason.ActiveWindowFocusReason)  # the question closed

    await until(lambda: panel.model.rowCount() == 0)
    assert shown_ids == [None]  # none of those deleted
    assert not selected_ids(panel) and current_id(panel) is None


async def test_a_key_while_a_delete_of_the_last_tiles_runs_comes_to_the_tile_above_them(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last tiles of the grid deleted, and the first of them clicked as it went: the
    tile after it, one still to go, took its place, and no tile was current. The keys came
    to no tile from there, not to those going, and did nothing until the Delete ended (half
    a minute for 1 500), the tiles above them staying. They come to the nearest that stays."""
    doomed = [add_image(session, tmp_path, f"a pipit {n} deleted") for n in range(4)]
    above = [add_image(session, tmp_path, f"a pipit {n} above them") for n in range(3)]
    panel.apply_filter()
    await shown(panel, *doomed, *above)
    answering(panel, monkeypatch, True)
    told = deletions(panel.bridge)
    release = deletes_held_after_the_first(session, monkeypatch, told)
    click(panel, doomed[0])
    for snap in doomed[1:]:
        click(panel, snap, CTRL)
    press(panel, Qt.Key.Key_Delete)
    await until(lambda: bool(told))
    first = next(snap for snap in doomed if snap.id == told[0])
    click(panel, first)  # still shown, a moment
    await until(lambda: panel.model.row_of(first.id) is None)
    assert current_id(panel) is None

    press(panel, Qt.Key.Key_Right)
    now = current_id(panel), selected_ids(panel)
    release.set()
    await until(lambda: panel.model.rowCount() == len(above))
    await panel.bridge.wait_idle()
    assert now == (above[0].id, {above[0].id})  # the tile just above those going


async def test_the_tile_shown_after_a_delete_of_several_stays_in_view_as_they_go(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tile after those deleted was scrolled to, then the rows above it went and it
    slid up out of sight: the grid showed tiles far below it."""
    below = [add_image(session, tmp_path, f"a gull {n} left below") for n in range(24)]
    after = add_image(session, tmp_path, "a finch after the pigeons")
    chosen = [add_image(session, tmp_path, f"a pigeon {n} deleted in a crowd") for n in range(24)]
    panel.apply_filter()
    await shown(panel, after, *chosen, *below)
    click(panel, chosen[-1])
    panel.view.scrollTo(panel.model.index(24))
    await until(lambda: panel.view.visualRect(panel.model.index(24)).top() < 640)
    click(panel, chosen[0], SHIFT)
    answering(panel, monkeypatch, True)
    press(panel, Qt.Key.Key_Delete)

    await until(lambda: panel.model.rowCount() == 25)
    assert current_id(panel) == after.id
    viewport = panel.view.viewport().rect()
    assert viewport.intersects(panel.view.visualRect(panel.model.index(0)))


async def test_the_grid_scrolled_while_several_are_deleted_stays_where_it_was_scrolled(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tile shown after a Delete of several is kept in view as the rows above it go;
    the artist scrolling away meanwhile (600 take 13 s) was sent back to it at each one."""
    below = [add_image(session, tmp_path, f"a tern {n} left below") for n in range(24)]
    after = add_image(session, tmp_path, "a finch after the rooks")
    chosen = [add_image(session, tmp_path, f"a rook {n} deleted in a crowd") for n in range(24)]
    panel.apply_filter()
    await shown(panel, after, *chosen, *below)
    click(panel, chosen[-1])
    click(panel, chosen[0], SHIFT)
    answering(panel, monkeypatch, True)
    press(panel, Qt.Key.Key_Delete)
    bar = panel.view.verticalScrollBar()
    bar.triggerAction(QAbstractSlider.SliderAction.SliderToMaximum)  # the wheel, the bar

    await until(lambda: panel.model.rowCount() == 25)
    assert current_id(panel) == after.id
    viewport = panel.view.viewport().rect()
    assert viewport.intersects(panel.view.visualRect(panel.model.index(24)))  # the last


async def test_after_a_delete_of_several_the_trash_refused_in_part_the_grid_is_free(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tile shown after a Delete of several is kept in view until the last of them is
    gone; one whose image the Trash refused (kept, when asked) never went, and each row
    that left the grid afterwards scrolled it back to that tile, wherever it was scrolled."""
    below = [add_image(session, tmp_path, f"a tern {n} left below") for n in range(24)]
    after = add_image(session, tmp_path, "a finch after the rooks")
    chosen = [add_image(session, tmp_path, f"a rook {n} deleted in a crowd") for n in range(24)]
    panel.apply_filter()
    await shown(panel, after, *chosen, *below)
    kept = chosen[5]
    trash_refuses(monkeypatch, kept)
    click(panel, chosen[-1])
    click(panel, chosen[0], SHIFT)
    asked = answering(panel, monkeypatch, True, False)  # delete; not that one for good
    press(panel, Qt.Key.Key_Delete)
    await until(lambda: len(asked) == 2 and panel.model.rowCount() == 26)
    assert current_id(panel) == after.id

    bar = panel.view.verticalScrollBar()
    bar.setValue(bar.maximum())  # moved by code (Qt's auto-scroll), not by the bar's actions
    session.ledger.delete(below[-1].id)  # a row above the last leaves the grid
    panel.bridge.job_deleted.emit(below[-1].id)
    assert panel.model.rowCount() == 25
    viewport = panel.view.viewport().rect()
    assert viewport.intersects(panel.view.visualRect(panel.model.index(24)))  # the last


async def test_a_delete_of_several_ending_while_another_runs_leaves_its_tile_kept_in_view(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Delete of several, its images slow to go, and a second one begun meanwhile: the
    end of the first stopped keeping the second's tile in view, and the rows above it that
    the second took out after slid it up out of sight."""
    below = [add_image(session, tmp_path, f"a skua {n} left below") for n in range(24)]
    after = add_image(session, tmp_path, "a finch after the jays")
    chosen = [add_image(session, tmp_path, f"a jay {n} deleted in a crowd") for n in range(24)]
    panel.apply_filter()
    await shown(panel, after, *chosen, *below)
    to_trash = send2trash.send2trash
    first_goes, second_goes = threading.Event(), threading.Event()
    held = {below[0].file_path: first_goes, chosen[11].file_path: second_goes}

    def slow(path: object) -> None:
        if (gate := held.get(str(path))) is not None:
            gate.wait(10)
        to_trash(path)

    monkeypatch.setattr(send2trash, "send2trash", slow)
    answering(panel, monkeypatch, True, True)
    click(panel, below[1])
    click(panel, below[0], SHIFT)
    press(panel, Qt.Key.Key_Delete)  # the first: held at its first image
    await until(lambda: panel.model.row_of(below[1].id) is None)
    panel.view.scrollTo(panel.model.index(0))
    click(panel, chosen[-1])
    panel.view.scrollTo(panel.model.index(23))
    click(panel, chosen[0], SHIFT)
    press(panel, Qt.Key.Key_Delete)  # the second: held half-way
    await until(lambda: panel.model.row_of(chosen[12].id) is None)
    assert selected_ids(panel) == {after.id}

    ended: list[bool] = []
    panel.job_actions.deleted_several.connect(lambda _ids: ended.append(True))
    first_goes.set()
    await until(lambda: bool(ended))
    second_goes.set()
    await until(lambda: panel.model.rowCount() == 23)
    assert current_id(panel) == after.id
    viewport = panel.view.viewport().rect()
    assert viewport.intersects(panel.view.visualRect(panel.model.index(0)))


async def paged_library(
    panel: LibraryPanel,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    words: str,
) -> list[Snapshot]:
    """45 artworks (``words`` with ``{n}`` their number) read 20 to a page, the first page
    shown and more to read: a library longer than what is loaded."""
    made = [add_image(session, tmp_path, words.format(n=n)) for n in range(45)]
    monkeypatch.setattr(library_model, "PAGE_SIZE", 20)  # more than the grid shows at once
    panel.model.reload(rows=20)
    await until(lambda: panel.model.rowCount() == 20 and panel.model.canFetchMore())
    return made


async def test_end_in_the_grid_goes_to_the_last_artwork_of_the_library_not_of_a_page(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, End stopped at the last tile of the pages read (the 300th of 3 000), as if
    the library ended there; Shift+End selected only that far (the next test)."""
    made = await paged_library(panel, session, tmp_path, monkeypatch, "a kestrel {n} of many pages")
    click(panel, made[-1])  # the newest: the first tile

    press(panel, Qt.Key.Key_End)
    await until(lambda: current_id(panel) == made[0].id)  # the oldest: the last tile
    assert selected_ids(panel) == {made[0].id}


async def test_shift_end_in_the_grid_selects_every_artwork_from_there_to_the_last(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = await paged_library(panel, session, tmp_path, monkeypatch, "a merlin {n} of many pages")
    click(panel, made[-2])  # the second tile

    press(panel, Qt.Key.Key_End, SHIFT)
    await until(lambda: selected_ids(panel) == {s.id for s in made[:-1]})


def held_pages(session: Session, monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The library's reads of later pages wait, in their worker thread, until the event
    returned is set (a large library on a slow disk); the first page's do not."""
    search = session.ledger.search
    go = threading.Event()

    def slow(*args: Any, **kwargs: Any) -> list[Snapshot]:
        if kwargs.get("before") is not None:
            go.wait(10)
        return search(*args, **kwargs)

    monkeypatch.setattr(session.ledger, "search", slow)
    return go


HELD_READ = "LibraryModel._later_page"
"""The library's read of a later page, as the window's work names it."""


async def idle_but_the_held_page(bridge: Bridge) -> None:
    """Wait until the window's only work left is the library's read of the page held
    (:func:`held_pages`). ``wait_idle`` waits for that read too: until its hold gave up
    (10 s), after which the page came before the test let it go."""
    await until(lambda: [_work_name(task) for task in bridge._tasks] == [HELD_READ])


def columns(panel: LibraryPanel) -> int:
    """How many tiles the grid lays out across."""
    first = panel.view.visualRect(panel.model.index(0)).top()
    return sum(
        1
        for row in range(panel.model.rowCount())
        if panel.view.visualRect(panel.model.index(row)).top() == first
    )


async def test_shift_down_held_past_the_loaded_pages_loses_no_key_while_the_next_is_read(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shift+Down held from the first tile of a library of 10 000 stopped at the 300th
    artwork: the next page was read only once the grid scrolled to its end, and the presses
    made while it was read were dropped (200 from row 100 selected 299 artworks). A move
    that reaches the end of what is loaded reads the next page, the grid answering
    meanwhile, and is made once that page is in, with those pressed after it."""
    made = await paged_library(panel, session, tmp_path, monkeypatch, "a shrike {n} held down")
    go = held_pages(session, monkeypatch)
    click(panel, made[-1])  # the newest: the first tile
    across = columns(panel)
    presses = 40 // across
    try:
        for _ in range(presses):
            press(panel, Qt.Key.Key_Down, SHIFT)
        assert panel.model.rowCount() == 20, "the next page is still being read"
    finally:
        go.set()
    last = presses * across
    await until(
        lambda: (
            current_id(panel) == panel.model.snapshot(last).id
            if panel.model.rowCount() > last
            else False
        )
    )
    await panel.bridge.wait_idle()
    assert selected_ids(panel) == {panel.model.snapshot(row).id for row in range(last + 1)}


async def test_up_pressed_while_downs_wait_for_the_next_page_is_made_after_them(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shift+Down held at the last tile loaded waits for the next page; Shift+Up pressed
    before it came was made at once, from where the grid stood, and the Downs were
    dropped: three Downs and an Up ended a row up, not two down. Each key is made in the
    order pressed."""
    await paged_library(panel, session, tmp_path, monkeypatch, "a dotterel {n} up and down")
    go = held_pages(session, monkeypatch)
    start = panel.model.rowCount() - 1
    click(panel, panel.model.snapshot(start))
    across = columns(panel)
    try:
        for _ in range(3):
            press(panel, Qt.Key.Key_Down, SHIFT)
        press(panel, Qt.Key.Key_Up, SHIFT)
        assert panel.model.rowCount() == 20, "the next page is still being read"
    finally:
        go.set()
    end = start + 2 * across
    await until(lambda: panel.model.rowCount() > end and not panel.model.reading)
    await panel.bridge.wait_idle()
    assert current_id(panel) == panel.model.snapshot(end).id
    assert selected_ids(panel) == {panel.model.snapshot(row).id for row in range(start, end + 1)}


async def test_home_pressed_while_downs_wait_for_the_next_page_goes_to_the_first_tile(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Home after Downs that wait for the next page: the first tile, whatever they do."""
    made = await paged_library(panel, session, tmp_path, monkeypatch, "a sanderling {n} home")
    go = held_pages(session, monkeypatch)
    click(panel, panel.model.snapshot(panel.model.rowCount() - 1))
    try:
        for _ in range(3):
            press(panel, Qt.Key.Key_Down)
        press(panel, Qt.Key.Key_Home)
    finally:
        go.set()
    await until(lambda: panel.model.rowCount() > 20 and not panel.model.reading)
    await panel.bridge.wait_idle()
    assert current_id(panel) == made[-1].id  # the newest: the first tile
    assert selected_ids(panel) == {made[-1].id}


@pytest.mark.parametrize(
    ("key", "end"),
    [(Qt.Key.Key_Home, -1), (Qt.Key.Key_End, 0)],  # the newest, the oldest: the first, the last
    ids=["home", "end"],
)
async def test_home_or_end_pressed_while_a_down_waits_for_a_page_whose_read_fails_is_made(
    panel: LibraryPanel,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    key: Qt.Key,
    end: int,
) -> None:
    """Home or End waits behind a Down held for the next page; that page's read failing
    (the library busy a moment), the Down is dropped, and the key is made all the same:
    Home to the first tile, End to the library's last, the rest read. End went to the last
    tile loaded, the model still taking the failed page for being read, as if the library
    ended there."""
    made = await paged_library(panel, session, tmp_path, monkeypatch, "a phalarope {n} jumps")
    fail_next_search(session, monkeypatch)
    go = held_pages(session, monkeypatch)  # the Down's page: held, then failed
    told = banner_messages(panel.bridge)
    click(panel, panel.model.snapshot(panel.model.rowCount() - 1))
    try:
        press(panel, Qt.Key.Key_Down)
        press(panel, key)
    finally:
        go.set()
    await until(lambda: bool(told))
    await panel.bridge.wait_idle()
    assert current_id(panel) == made[end].id
    assert selected_ids(panel) == {made[end].id}


async def test_moves_held_for_a_page_whose_read_failed_are_not_made_at_a_later_page(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Moves that reached the end of the rows loaded wait for the next page; when its read
    fails (the library busy), they are dropped, not made when the grid, scrolled to its
    end later, reads it, from the tile the artist has looked at since."""
    made = await paged_library(panel, session, tmp_path, monkeypatch, "a wryneck {n} held")
    last = panel.model.rowCount() - 1
    click(panel, panel.model.snapshot(last))
    fail_next_search(session, monkeypatch)
    told = banner_messages(panel.bridge)
    for _ in range(3):
        press(panel, Qt.Key.Key_Down)
    await until(lambda: bool(told))
    await panel.bridge.wait_idle()
    panel.model.fetchMore()  # as the grid scrolled to its end asks
    await until(lambda: panel.model.rowCount() == 40)
    await panel.bridge.wait_idle()
    assert current_id(panel) == made[-1 - last].id


async def test_select_all_pressed_while_a_move_waits_for_the_next_page_selects_all(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Down at the last tile loaded waits for the next page; Ctrl+A pressed before it came
    selected one tile: the Down, made once the page was in, chose that tile alone, and the
    select all, waiting for the rest of the library, was dropped as if the artist had
    chosen it. The select all, pressed after, is the artist's last word."""
    made = await paged_library(panel, session, tmp_path, monkeypatch, "a pipit {n} all")
    go = held_pages(session, monkeypatch)
    click(panel, panel.model.snapshot(panel.model.rowCount() - 1))
    try:
        press(panel, Qt.Key.Key_Down)
        press(panel, Qt.Key.Key_A, CTRL)
    finally:
        go.set()
    await until(lambda: panel.model.rowCount() == len(made) and not panel.model.reading)
    await panel.bridge.wait_idle()
    assert selected_ids(panel) == {s.id for s in made}


async def test_end_pressed_while_a_move_waits_for_the_next_page_goes_to_the_last_artwork(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As Ctrl+A above: End pressed while a Down waits for the next page was dropped once
    the Down was made, and the grid stopped one row down."""
    made = await paged_library(panel, session, tmp_path, monkeypatch, "a twite {n} at the end")
    go = held_pages(session, monkeypatch)
    click(panel, panel.model.snapshot(panel.model.rowCount() - 1))
    try:
        press(panel, Qt.Key.Key_Down)
        press(panel, Qt.Key.Key_End)
    finally:
        go.set()
    await until(lambda: panel.model.rowCount() == len(made) and not panel.model.reading)
    await panel.bridge.wait_idle()
    assert current_id(panel) == made[0].id  # the oldest: the last tile


async def test_a_move_waiting_for_the_next_page_is_dropped_once_the_artist_is_elsewhere(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Down at the last tile loaded waits for the next page; the artist, done with the grid,
    clicked into the search field: the Down was made once the page came all the same, the
    grid and the preview moving under the search being typed. Keys pressed in the grid are
    made while the grid still has them."""
    await paged_library(panel, session, tmp_path, monkeypatch, "a dunlin {n} elsewhere")
    go = held_pages(session, monkeypatch)
    last = panel.model.snapshot(panel.model.rowCount() - 1)
    click(panel, last)
    try:
        press(panel, Qt.Key.Key_Down)
        panel.search.setFocus(Qt.FocusReason.MouseFocusReason)
        await until(lambda: not panel.view.hasFocus())
    finally:
        go.set()
    await until(lambda: panel.model.rowCount() == 40 and not panel.model.reading)
    await panel.bridge.wait_idle()
    assert current_id(panel) == last.id


async def test_a_tile_clicked_while_end_reads_the_rest_stays_chosen(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """End reads the rest of the library first (seconds, for a large one); a tile clicked
    meanwhile was left for the last artwork once the read was in."""
    made = await paged_library(panel, session, tmp_path, monkeypatch, "a harrier {n} of many pages")
    click(panel, made[-1])

    press(panel, Qt.Key.Key_End)
    click(panel, made[-3])  # before the rest is read
    await until(lambda: panel.model.rowCount() == 45)
    await panel.bridge.wait_idle()
    assert current_id(panel) == made[-3].id and selected_ids(panel) == {made[-3].id}


async def test_an_artwork_stepped_to_in_the_full_view_while_end_reads_the_rest_stays_shown(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """End pressed in the grid, then Enter and an arrow (or Home) in the full view before
    the rest of the library was read: once it was in, the End went on, from the artwork
    stepped to, and the full view jumped to the last artwork of the library; Ctrl+A
    selected every artwork under it. The full view's keys are the artist's choice, as a
    click in the grid is."""
    made = await paged_library(panel, session, tmp_path, monkeypatch, "a hobby {n} of many pages")
    click(panel, made[-2])

    press(panel, Qt.Key.Key_End)
    panel.select_neighbour(-1)  # the full view's Left, before the rest is read
    await until(lambda: panel.model.rowCount() == 45)
    await panel.bridge.wait_idle()
    assert current_id(panel) == made[-1].id and selected_ids(panel) == {made[-1].id}

    panel.model.reload(rows=20)
    await until(lambda: panel.model.rowCount() == 20 and panel.model.canFetchMore())
    click(panel, made[-3])
    press(panel, Qt.Key.Key_A, CTRL)
    panel.select_end(-1)  # the full view's Home
    await until(lambda: panel.model.rowCount() == 45)
    await panel.bridge.wait_idle()
    assert current_id(panel) == made[-1].id and selected_ids(panel) == {made[-1].id}


async def test_a_tile_clicked_while_ctrl_a_reads_the_rest_stays_chosen(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+A reads the rest of the library first (seconds, for a large one); a tile clicked
    meanwhile was unselected for every artwork once the read was in, as End's was before."""
    made = await paged_library(panel, session, tmp_path, monkeypatch, "a redpoll {n} of many pages")
    click(panel, made[-1])

    press(panel, Qt.Key.Key_A, CTRL)
    click(panel, made[-3])  # before the rest is read
    await until(lambda: panel.model.rowCount() == 45)
    await panel.bridge.wait_idle()
    assert current_id(panel) == made[-3].id and selected_ids(panel) == {made[-3].id}


async def test_ctrl_a_while_the_library_reads_down_to_the_artwork_kept_selects_them_all(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The artwork selected at the last close, pages down, is read down to at start; a
    Ctrl+A pressed meanwhile is the artist's choice, not dropped when that one is found."""
    made = [add_image(session, tmp_path, f"a brambling {n} of many pages") for n in range(65)]
    monkeypatch.setattr(library_model, "PAGE_SIZE", 20)
    # The rows down to it are read until the test lets the read end: that read is
    # "meanwhile". Before, the test looked for it between two turns of the loop, and a
    # read in less time was missed: the rest read, it waited in vain (now and then).
    read_down = threading.Event()
    search = session.ledger.search
    pages_after_the_first: list[object] = []

    def held_page(*args: Any, **kwargs: Any) -> list[Snapshot]:
        if kwargs.get("before") is not None:
            pages_after_the_first.append(kwargs["before"])
            if len(pages_after_the_first) == 1:
                read_down.wait(10)
        return search(*args, **kwargs)

    monkeypatch.setattr(session.ledger, "search", held_page)
    panel.select_job(made[0].id)  # as the window does at start: the oldest, on page 4
    panel.model.reload(rows=20)
    try:
        await until(lambda: len(pages_after_the_first) == 1)
        assert panel.model.rowCount() == 20 and not panel.model.canFetchMore()

        # Its key, the grid not focused: focused, it would make a tile current, given up for.
        panel.key_actions["select_all"].trigger()
    finally:
        read_down.set()
    await until(lambda: selected_ids(panel) == {s.id for s in made})


async def test_ctrl_a_pressed_while_end_reads_the_rest_is_done_after_it(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """End reads the rest of the library first; a Ctrl+A pressed meanwhile waited for that
    read, and was done before the End it came after: the End then selected the last
    artwork alone, and the Ctrl+A was lost. The artist's last key is the one done."""
    made = await paged_library(panel, session, tmp_path, monkeypatch, "a twite {n} of many pages")
    click(panel, made[-1])

    press(panel, Qt.Key.Key_End)
    press(panel, Qt.Key.Key_A, CTRL)  # before the rest is read
    await until(lambda: panel.model.rowCount() == 45)
    await panel.bridge.wait_idle()
    assert selected_ids(panel) == {s.id for s in made}


async def test_end_pressed_while_a_page_is_read_still_goes_to_the_last_artwork(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The grid scrolled to its end asks for the next page; End pressed while it was read
    went to the last tile read so far (the 300th of 3 000) and stayed there."""
    made = await paged_library(panel, session, tmp_path, monkeypatch, "a hobby {n} of many pages")
    click(panel, made[-1])
    panel.model.fetchMore()  # as the view does at its end

    press(panel, Qt.Key.Key_End)
    await until(lambda: current_id(panel) == made[0].id)
    assert selected_ids(panel) == {made[0].id}


async def test_ctrl_a_pressed_while_a_page_is_read_selects_every_artwork(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = await paged_library(panel, session, tmp_path, monkeypatch, "a shrike {n} of many pages")
    click(panel, made[-1])
    panel.model.fetchMore()

    press(panel, Qt.Key.Key_A, CTRL)
    await until(lambda: selected_ids(panel) == {s.id for s in made})


def fail_next_search(session: Session, monkeypatch: pytest.MonkeyPatch) -> dict[str, bool]:
    """The library's next read fails (the disk, the library busy), the later ones do not;
    the dict returned is emptied once it has failed."""
    search = session.ledger.search
    failing = {"once": True}

    def fails_once(*args: Any, **kwargs: Any) -> list[Snapshot]:
        if failing.pop("once", False):
            raise StorageError("database is locked")
        return search(*args, **kwargs)

    monkeypatch.setattr(session.ledger, "search", fails_once)
    return failing


async def test_ctrl_a_waiting_for_a_page_whose_read_failed_is_not_done_at_a_later_page(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+A pressed while a page is read waits for that page; one whose read failed (the
    disk, the library busy) never comes, and the Ctrl+A was done when the next page came,
    minutes later perhaps, replacing the tile the artist had chosen since."""
    made = await paged_library(panel, session, tmp_path, monkeypatch, "a stint {n} of many pages")
    fail_next_search(session, monkeypatch)
    panel.model.fetchMore()
    press(panel, Qt.Key.Key_A, CTRL)
    await panel.bridge.wait_idle()
    click(panel, made[-3])

    panel.model.fetchMore()  # the artist scrolls down: the next page comes
    await until(lambda: panel.model.rowCount() == 40)
    await panel.bridge.wait_idle()
    assert selected_ids(panel) == {made[-3].id}


async def test_ctrl_a_after_a_page_whose_read_failed_selects_every_artwork(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page whose read failed (the disk, the library busy) left the model as if still
    reading it: a Ctrl+A pressed after it waited for that page, which never came, and
    nothing more was selected until the artist scrolled the grid down."""
    made = await paged_library(panel, session, tmp_path, monkeypatch, "a dotterel {n} of pages")
    click(panel, made[-1])
    fail_next_search(session, monkeypatch)
    panel.model.fetchMore()
    await panel.bridge.wait_idle()

    press(panel, Qt.Key.Key_A, CTRL)
    await until(lambda: selected_ids(panel) == {s.id for s in made})


async def test_a_search_whose_read_failed_says_so_and_shows_no_tiles_of_before(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search whose read failed (the disk, the library busy: the window says why) left
    the tiles of the search before it under it, as if they were what it found, and
    scrolling read no more of them. Now the grid says the search could not be read, and
    Try again reads it; Ctrl+A and End then act on what it finds."""
    made = [add_image(session, tmp_path, f"a smew {n} of many pages") for n in range(45)]
    add_image(session, tmp_path, "a goosander the search leaves out")
    monkeypatch.setattr(library_model, "PAGE_SIZE", 20)
    monkeypatch.setattr(panel.model, "reload", partial(panel.model.reload, rows=20))
    panel.model.reload()
    await until(lambda: panel.model.rowCount() == 20 and panel.model.canFetchMore())
    click(panel, made[-1])
    failing = fail_next_search(session, monkeypatch)
    panel.search.setText("smew")
    panel.apply_filter()
    await panel.bridge.wait_idle()
    assert not failing  # the read failed
    assert panel.model.rowCount() == 0
    assert panel.pages.currentWidget() is panel.empty_page
    assert panel.empty.text() == "This search could not be read from the library."
    assert panel.try_again.isVisible()
    press(panel, Qt.Key.Key_A, CTRL)  # nothing to select, nothing left waiting
    await panel.bridge.wait_idle()
    assert selected_ids(panel) == set()

    QTest.mouseClick(panel.try_again, Qt.MouseButton.LeftButton)
    await until(lambda: panel.model.rowCount() == 20)
    assert panel.pages.currentWidget() is panel.view
    assert current_id(panel) == made[-1].id  # the tile chosen before is chosen again
    press(panel, Qt.Key.Key_A, CTRL)
    await until(lambda: selected_ids(panel) == {s.id for s in made})
    press(panel, Qt.Key.Key_End)
    await until(lambda: current_id(panel) == made[0].id)


async def test_try_again_after_a_search_whose_read_failed_answers_the_keyboard(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tab from the Starred toggle reaches Try again under "This search could not be read
    from the library.", past Show all over the grid (the search narrows it), a button a
    screen reader names as one (it was a link in the words, read out as words), and Enter
    or Space there reads the search again. Only the letter of its mark (Alt+A) is drawn
    underlined: its words were underlined whole, as a link's, which hid it."""
    made = [add_image(session, tmp_path, f"a whimbrel {n}") for n in range(3)]
    panel.apply_filter()
    await shown(panel, *made)
    for key, search in ((Qt.Key.Key_Return, "whimbrel"), (Qt.Key.Key_Space, "a whimbrel")):
        fail_next_search(session, monkeypatch)
        panel.search.setText(search)
        panel.apply_filter()
        await panel.bridge.wait_idle()
        assert panel.pages.currentWidget() is panel.empty_page
        panel.starred_only.setFocus(Qt.FocusReason.OtherFocusReason)
        QTest.keyClick(panel.starred_only, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is panel.show_all
        QTest.keyClick(panel.show_all, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is panel.try_again
        said = QAccessible.queryAccessibleInterface(panel.try_again)
        assert said.role() == QAccessible.Role.Button
        assert said.text(QAccessible.Text.Name) == "Try again"
        assert said.text(QAccessible.Text.Description) == (
            "This search could not be read from the library."
        )
        assert said.state().focusable and said.state().focused
        assert QKeySequence.mnemonic(panel.try_again.text()).toString() == "Alt+A"
        assert not panel.try_again.font().underline()

        QTest.keyClick(panel.try_again, key)
        await panel.bridge.wait_idle()
        assert panel.model.rowCount() == 3
        assert panel.pages.currentWidget() is panel.view


async def test_a_search_cleared_after_its_read_failed_says_the_library_could_not_be_read(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search whose read failed, then cleared (Esc) while the library still cannot be
    read: the grid went on saying "This search could not be read from the library." of no
    search at all, as the read of the whole library, the query of the tiles shown before,
    was taken for a read again of the tiles shown (there were none)."""
    made = [add_image(session, tmp_path, f"a sanderling {n}") for n in range(2)]
    panel.apply_filter()
    await shown(panel, *made)

    def fails(*_args: Any, **_kwargs: Any) -> list[Snapshot]:
        raise StorageError("database is locked")

    monkeypatch.setattr(session.ledger, "search", fails)
    panel.search.setText("sanderling")
    panel.apply_filter()
    await panel.bridge.wait_idle()
    assert panel.empty.text().startswith("This search could not be read from the library.")

    panel.search.clear()
    panel.apply_filter()
    await panel.bridge.wait_idle()
    assert panel.pages.currentWidget() is panel.empty_page
    assert panel.empty.text() == "The library could not be read."
    assert panel.try_again.isVisible()


async def test_rows_read_again_after_another_programs_write_stay_when_the_read_fails(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command line wrote, and the window's read of its rows again failed: the tiles
    shown are still the search's, and stay; scrolling to the end reads the next page, as
    before the read (it read no more until a read succeeded)."""
    made = await paged_library(panel, session, tmp_path, monkeypatch, "a scaup {n} of many pages")
    failing = fail_next_search(session, monkeypatch)
    panel.model.reload(rows=20, known=[s.id for s in made[-20:]])  # as for the CLI's write
    await panel.bridge.wait_idle()
    assert not failing
    assert panel.model.rowCount() == 20
    assert panel.pages.currentWidget() is panel.view

    panel.view.scrollToBottom()
    panel.model.fetchMore()  # as the view asks at the end of the grid
    await until(lambda: panel.model.rowCount() == 40)


def failing_searches(session: Session, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """The library's reads fail while ``left`` (or ``always``) says so; ``tried`` counts
    them: the query's, not the library's newest that a read by itself of a search also
    reads (for the balance, ``Bridge.read_by_itself``) once the query's has succeeded."""
    search = session.ledger.search
    reads = {"left": 0, "always": 0, "tried": 0}

    def read(*args: Any, **kwargs: Any) -> list[Snapshot]:
        if not args and kwargs.keys() == {"limit"}:
            return search(*args, **kwargs)
        reads["tried"] += 1
        if reads["always"] or reads["left"]:
            reads["left"] = max(reads["left"] - 1, 0)
            raise StorageError("database is locked")
        return search(*args, **kwargs)

    monkeypatch.setattr(session.ledger, "search", read)
    return reads


def written_by_cli(session: Session, name: str, number: int) -> None:
    """The command line adds an artwork, ``name`` and ``number`` its prompt."""
    cli = Ledger.open(session.paths.database)
    try:
        cli.create_upload(
            prompt=f"{name} {number} from the CLI",
            file_path=library_image(f"{number}.png"),
            sha256=f"{name} {number}",
        )
    finally:
        cli.close()


async def test_a_search_whose_read_failed_is_read_again_by_itself_once_it_can_be(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The library busy a moment: its search could not be read, and stayed so until the
    artist pressed Try again (or generated, or the command line wrote). It is read again by
    itself, a few times, each later than the last; the failure is told once. Given up, Try
    again still reads it, and begins that again."""
    monkeypatch.setattr(library_model, "READ_AGAIN_MS", (10, 20))
    for number in range(3):
        add_image(session, tmp_path, f"a pintail {number} read again")
    said = banner_messages(panel.bridge)
    reads = failing_searches(session, monkeypatch)
    reads["left"] = 2
    panel.search.setText("pintail")
    panel.apply_filter()
    await until(lambda: panel.model.read_failed)
    await until(lambda: panel.model.rowCount() == 3)
    assert panel.pages.currentWidget() is panel.view
    assert reads["tried"] == 3 and len(said) == 1

    reads["always"], reads["tried"] = 1, 0
    panel.search.setText("a pintail")
    panel.apply_filter()
    await until(lambda: reads["tried"] == 3 and not panel.model._read_again.isActive())
    await panel.bridge.wait_idle()
    assert reads["tried"] == 3 and len(said) == 2  # a new failure: told once
    assert panel.try_again.isVisible()

    reads["always"], reads["left"] = 0, 2
    QTest.mouseClick(panel.try_again, Qt.MouseButton.LeftButton)
    await until(lambda: panel.model.rowCount() == 3)
    assert len(said) == 3  # the artist's own read: told


async def test_a_search_read_again_for_another_program_s_write_is_shown_without_the_newest(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search read again by itself for the command line's write also reads the library's
    newest artworks, for the balance alone (``Bridge.read_by_itself``). That read failing
    after the search's own had succeeded failed the whole read: the command's artwork the
    search finds did not show, and "the library could not be read" was told of a search
    read whole. The search's rows are shown; the balance goes without them."""
    panel.model._outside.setInterval(50)  # another program's write is seen sooner
    made = [add_image(session, tmp_path, f"a smew {n} in a search") for n in range(2)]
    panel.search.setText("smew")
    panel.apply_filter()
    await shown(panel, *made)
    said = banner_messages(panel.bridge)
    search = session.ledger.search

    def read(*args: Any, **kwargs: Any) -> list[Snapshot]:
        if not args and kwargs.keys() == {"limit"}:  # the newest, whatever the query
            raise StorageError("database is locked")
        return search(*args, **kwargs)

    monkeypatch.setattr(session.ledger, "search", read)
    written_by_cli(session, "a smew", 2)
    await until(lambda: panel.model.rowCount() == 3, timeout=5)
    await panel.bridge.wait_idle()
    assert said == []
    assert not panel.model.read_failed


async def test_a_library_whose_reads_keep_failing_is_told_once_as_another_program_writes(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command line writing while the library cannot be read: each of its writes had
    the window read again, and tell the same failure again, every 2 s (and log it). Told
    once until a read succeeds; a failure after that is told again."""
    monkeypatch.setattr(library_model, "READ_AGAIN_MS", (10,))  # a write: read 10 ms after
    panel.model._outside.setInterval(50)  # another program's write is seen sooner
    made = [add_image(session, tmp_path, f"a garganey {n} never read") for n in range(2)]
    panel.apply_filter()
    await shown(panel, *made)
    said = banner_messages(panel.bridge)
    reads = failing_searches(session, monkeypatch)
    reads["always"] = 1
    written_by_the_cli = partial(written_by_cli, session, "a garganey")
    for number in range(3):
        tried = reads["tried"]
        written_by_the_cli(number)
        await until(lambda tried=tried: reads["tried"] > tried, timeout=5)
        await panel.bridge.wait_idle()
    assert len(said) == 1, said

    reads["always"] = 0
    written_by_the_cli(3)
    await until(lambda: panel.model.rowCount() == 6, timeout=5)
    reads["always"] = 1
    tried = reads["tried"]
    written_by_the_cli(4)
    await until(lambda: reads["tried"] > tried, timeout=5)
    await panel.bridge.wait_idle()
    assert len(said) == 2


async def test_a_library_whose_reads_keep_failing_is_read_no_oftener_as_another_program_writes(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command line writing all through an outage had the window read the library
    again at each check, every 2 s for as long as it lasted (each read holding a worker
    thread up to the library's 5 s busy timeout). While reads fail, a write is read after
    the next wait of the back-off; Try again still reads at once."""
    monkeypatch.setattr(library_model, "READ_AGAIN_MS", (10, 3_600_000))
    panel.model._outside.setInterval(50)  # another program's write is seen sooner
    made = [add_image(session, tmp_path, f"a gadwall {n} read less") for n in range(2)]
    panel.apply_filter()
    await shown(panel, *made)
    reads = failing_searches(session, monkeypatch)
    reads["always"] = 1
    panel.search.setText("gadwall")
    panel.apply_filter()
    await until(lambda: reads["tried"] == 2 and not panel.bridge.busy)  # then an hour's wait
    checks: list[int | None] = []
    checked = panel.model._outside_checked

    def counted(generation: int, version: int | None) -> None:
        checks.append(version)
        checked(generation, version)

    monkeypatch.setattr(panel.model, "_outside_checked", counted)
    for number in range(3):
        written_by_cli(session, "a gadwall", number)
        seen = len(checks)
        await until(lambda seen=seen: len(checks) >= seen + 2, timeout=5)  # seen, surely
    await panel.bridge.wait_idle()
    assert reads["tried"] == 2

    reads["always"] = 0
    QTest.mouseClick(panel.try_again, Qt.MouseButton.LeftButton)
    await until(lambda: panel.model.rowCount() == 5)


async def test_another_programs_write_the_library_could_not_read_is_read_once_it_can_be(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command line adds an artwork while the library cannot be read: the tiles shown
    stay, and the write is read again, each time later (the last wait over and over), until
    a read succeeds, no other write needed."""
    monkeypatch.setattr(library_model, "READ_AGAIN_MS", (10, 20))
    panel.model._outside.setInterval(50)  # another program's write is seen sooner
    made = [add_image(session, tmp_path, f"a scaup {n} kept") for n in range(2)]
    panel.apply_filter()
    await shown(panel, *made)
    reads = failing_searches(session, monkeypatch)
    reads["always"] = 1
    written_by_cli(session, "a scaup", 0)
    await until(lambda: reads["tried"] >= 4, timeout=5)  # past the waits: the last again
    assert panel.model.rowCount() == 2
    reads["always"] = 0
    await until(lambda: panel.model.rowCount() == 3, timeout=5)


async def test_a_search_typed_over_whose_read_fails_after_the_next_one_came_is_not_told(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The library busy a moment as the artist types on: the read of the search typed over
    failed after that of the one typed last came in, and its banner ("Another program is
    using the library") went up over the artworks read, staying until another read
    succeeded, perhaps never."""
    made = [add_image(session, tmp_path, f"a {name} typed over") for name in ("pintail", "teal")]
    panel.apply_filter()
    await shown(panel, *made)
    told = banner_messages(panel.bridge)
    search = session.ledger.search
    came = threading.Event()
    reads: list[str] = []

    def read(text: str, *args: Any, **kwargs: Any) -> list[Snapshot]:
        reads.append(text)
        if text == "pintail":  # the one typed over: fails once the next came
            came.wait(10)
            raise StorageError("database is locked")
        return search(text, *args, **kwargs)

    monkeypatch.setattr(session.ledger, "search", read)
    panel.search.setText("pintail")
    panel.apply_filter()
    await until(lambda: reads == ["pintail"])
    panel.search.setText("teal")
    panel.apply_filter()
    await until(lambda: panel.model.rowCount() == 1)
    came.set()
    await panel.bridge.wait_idle()
    assert told == []
    assert panel.model.snapshot(0).id == made[1].id


async def test_ctrl_a_waiting_for_a_page_is_done_when_that_page_begins_the_next_read(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+A pressed while a page is read waits for that page; the page's own coming may
    begin the next read (the pages read down to an artwork sought, the full view's End),
    and that dropped the Ctrl+A, as if the page had failed: nothing more was selected."""
    made = [add_image(session, tmp_path, f"a linnet {n} of many pages") for n in range(65)]
    monkeypatch.setattr(library_model, "PAGE_SIZE", 20)
    panel.model.reload(rows=20)
    await until(lambda: panel.model.rowCount() == 20 and panel.model.canFetchMore())
    click(panel, made[-1])

    def next_read() -> None:
        panel.model.page_added.disconnect(next_read)
        panel.model.fetchMore()

    panel.model.page_added.connect(next_read)
    panel.model.fetchMore()
    press(panel, Qt.Key.Key_A, CTRL)
    await until(lambda: selected_ids(panel) == {s.id for s in made})


async def test_ctrl_a_pressed_while_a_search_is_read_selects_what_it_finds(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+A pressed at once after a search was typed, its first page not in yet, selected
    the rows of the search before it (none of which it shows), and nothing it found."""
    finches = [add_image(session, tmp_path, f"a finch {n} found late") for n in range(5)]
    for n in range(40):
        add_image(session, tmp_path, f"a wren {n} shown first")
    monkeypatch.setattr(library_model, "PAGE_SIZE", 20)
    panel.model.reload(rows=20)
    await until(lambda: panel.model.rowCount() == 20 and panel.model.canFetchMore())
    click(panel, panel.model.snapshot(0))

    panel.search.setText("finch")
    panel.apply_filter()
    press(panel, Qt.Key.Key_A, CTRL)  # before its first page is in
    await until(lambda: panel.model.loaded and panel.model.rowCount() == 5)
    await panel.bridge.wait_idle()
    assert selected_ids(panel) == {s.id for s in finches}


async def test_ctrl_a_while_another_programs_write_has_the_rows_read_again_selects_them_all(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+A reads the rest of the library first; the command line importing an artwork
    meanwhile has the window read its rows again, and that dropped the Ctrl+A without a
    word: the one tile clicked stayed selected alone."""
    made = await paged_library(panel, session, tmp_path, monkeypatch, "a godwit {n} of many pages")
    click(panel, made[-1])
    search = session.ledger.search
    read_again = threading.Event()

    def rest_after_the_read_again(*args: Any, **kwargs: Any) -> list[Snapshot]:
        if kwargs.get("before") is not None:
            read_again.wait(10)
        return search(*args, **kwargs)

    monkeypatch.setattr(session.ledger, "search", rest_after_the_read_again)
    generation = panel.model._generation
    press(panel, Qt.Key.Key_A, CTRL)
    cli = Ledger.open(session.paths.database)
    try:
        imported = cli.create_upload(
            prompt="a godwit from the CLI", file_path=library_image("c.png"), sha256="c"
        )
    finally:
        cli.close()
    panel.model._check_outside()  # as its timer does, within two seconds
    await until(lambda: panel.model._generation != generation)
    read_again.set()

    await panel.bridge.wait_idle()
    assert panel.model.rowCount() == 46
    assert selected_ids(panel) == {s.id for s in made} | {imported.id}


async def test_an_artwork_picked_under_a_search_stays_selected_when_it_is_cleared(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by a search, older than the first page of the library: clearing the search
    left nothing selected and the preview empty (it was not among the rows read)."""
    old = add_image(session, tmp_path, "an old heron by the weir")
    for n in range(44):
        add_image(session, tmp_path, f"a newer gannet {n}")
    monkeypatch.setattr(library_model, "PAGE_SIZE", 20)
    monkeypatch.setattr(panel.model, "reload", partial(panel.model.reload, rows=20))
    panel.search.setText("heron weir")
    panel.apply_filter()
    await until(lambda: panel.model.rowCount() == 1)
    click(panel, old)
    assert current_id(panel) == old.id

    panel.search.setFocus(Qt.FocusReason.OtherFocusReason)
    QTest.keyClick(panel.search, Qt.Key.Key_Escape)  # clears the search
    await until(lambda: panel.model.rowCount() > 1)  # every artwork, the first page read
    await until(lambda: current_id(panel) == old.id)
    assert selected_ids(panel) == {old.id}
    viewport = panel.view.viewport().rect()
    row = panel.model.row_of(old.id)
    assert row is not None
    assert viewport.intersects(panel.view.visualRect(panel.model.index(row)))


async def test_after_a_delete_the_tile_that_takes_its_place_is_shown(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Culling down the grid, Delete on each bad one: the one before was shown after each
    Delete, one already kept, and the next Delete asked about that one."""
    wren = add_image(session, tmp_path, "a wren after the cull")
    moth, heron, lynx = await three_images(session, tmp_path, panel, "culled")
    await shown(panel, wren)  # the grid: lynx, heron, moth, wren
    asked = answering(panel, monkeypatch, True, True, True)

    click(panel, heron)
    press(panel, Qt.Key.Key_Delete)
    await until(lambda: panel.model.row_of(heron.id) is None)
    assert current_id(panel) == moth.id and selected_ids(panel) == {moth.id}

    click(panel, lynx, CTRL)  # several: the tile after the last of them
    press(panel, Qt.Key.Key_Delete)
    await until(lambda: panel.model.rowCount() == 1)
    assert current_id(panel) == wren.id and selected_ids(panel) == {wren.id}
    assert [text.split("\n")[0] for _title, text in asked] == [
        "Delete “a heron culled”?",
        "Delete 2 artworks?",
    ]


async def test_deleting_the_last_tile_read_shows_the_first_of_the_next_page(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The grid reads the library a page at a time, the next one once its last tile shows.
    Deleting that last tile while the next page was still being read showed the tile before
    it, as at the very end of the library, and kept it once the page came: culling down the
    library (in the full view too), the artist was sent back to one already kept. The first
    tile of the next page, the one that takes its place, is shown."""
    monkeypatch.setattr(library_model, "PAGE_SIZE", 4)
    made = [add_image(session, tmp_path, f"a wren {number} at a page's end") for number in range(6)]
    reading = threading.Event()  # a next page is read until the test lets it end
    search = session.ledger.search

    def slow_page(*args: Any, **kwargs: Any) -> list[Snapshot]:
        if kwargs.get("before") is not None:
            reading.wait(10)
        return search(*args, **kwargs)

    monkeypatch.setattr(session.ledger, "search", slow_page)
    panel.model.reload(rows=4)
    # The grid is not full: it reads the next page at once.
    await until(lambda: panel.model.rowCount() == 4 and not panel.model.canFetchMore())
    last_read, after_it = made[2], made[1]  # newest first
    click(panel, last_read)
    asked = answering(panel, monkeypatch, True)

    press(panel, Qt.Key.Key_Delete)
    await until(lambda: panel.model.row_of(last_read.id) is None)
    reading.set()
    await until(lambda: panel.model.row_of(after_it.id) is not None)
    assert current_id(panel) == after_it.id and selected_ids(panel) == {after_it.id}
    assert [text.split("\n")[0] for _title, text in asked] == ["Delete “a wren 2 at a page's end”?"]


async def test_delete_of_an_artwork_a_stopped_publish_may_have_left_in_the_bucket_says_so(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its first publish was killed once its image was sent: not published, but the record
    names what it may have left public. Before, Delete said nothing of it, and deleting
    the artwork let go of the only record of that image."""
    left = add_image(session, tmp_path, "a half-published hare", retired_key="artworks/hare.png")
    panel.apply_filter()
    await shown(panel, left)
    click(panel, left)
    asked = answering(panel, monkeypatch, False)
    panel.commands["delete"].trigger()

    ((_title, text),) = asked
    # Its record, from before records named their bucket, names none: the bucket set up now
    # may not be where it went, as the preview says (it said "in your R2 bucket").
    assert (
        "A publish of it stopped before its end and may have left its image in the R2 bucket it "
        "was sent to. Once it is deleted here Kontext Studio cannot remove that." in text
    )
    assert "your R2 bucket" not in text
    assert "To remove it, press “Remove from bucket” in its preview first." in text
    assert "Publish it again" not in text
    assert "stays published" not in text


async def test_delete_of_several_says_what_holds_for_them_and_keeps_them_when_declined(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Running jobs among them may still be charged; published ones stay in the bucket."""
    running = [add_job(session, JobState.GENERATING, f"a running fox {i}") for i in range(2)]
    published = add_image(session, tmp_path, "a published owl", published_key="artworks/owl.png")
    # A first publish killed once its image was sent: the record names what it may have left.
    left = add_image(session, tmp_path, "a half-published hare", retired_key="artworks/hare.png")
    panel.apply_filter()
    await shown(panel, *running, published, left)
    press(panel, Qt.Key.Key_A, CTRL)
    asked = answering(panel, monkeypatch, False)
    panel.commands["delete"].trigger()

    ((_title, text),) = asked
    assert text.startswith("Delete 4 artworks?")
    assert "2 of them are still running. KIE has no cancel call" in text
    assert "One of them stays published in your R2 bucket" in text
    assert "Unpublish it first" in text
    assert "A publish of one of them stopped before its end and may have left its image" in text
    assert "select it alone and press “Remove from bucket” in its preview first." in text
    await panel.bridge.wait_idle()
    assert panel.model.rowCount() == 4
    assert all(session.ledger.get(s.id) is not None for s in (*running, published, left))
    assert len(panel.selected_snapshots()) == 4


async def test_delete_of_published_artworks_says_when_undo_no_longer_takes_them_down(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Undo keeps the last 20 Deletes: "undo the Delete before this window closes" sent
    the artist, 20 Deletes later, to an Undo that no longer brings it back, its image still
    public in the bucket."""
    owl = add_image(session, tmp_path, "a published owl", published_key="artworks/owl.png")
    hare = add_image(session, tmp_path, "a published hare", published_key="artworks/hare.png")
    one, several = await asked_on_delete_of_each_then_all(panel, monkeypatch, [owl, hare], owl)
    assert one.endswith(
        "To take it down, Unpublish it first, or undo the Delete before this window closes "
        "or 20 more Deletes follow."
    )
    assert several.endswith(
        "To take them down, Unpublish them first, or undo the Delete before this window closes "
        "or 20 more Deletes follow."
    )


async def test_cancel_of_several_stops_the_others_when_one_cannot_be_written(
    panel: LibraryPanel, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cancel of several, one of them refused by the disk a moment (the library busy with a
    command's write): the banner said why, and every job after it in the batch kept
    running, unsaid."""
    running = [add_job(session, JobState.GENERATING, f"a running fox {i}") for i in range(3)]
    panel.apply_filter()
    await shown(panel, *running)
    press(panel, Qt.Key.Key_A, CTRL)
    cancel = session.engine.cancel
    refused: list[int] = []

    async def busy_once(job_id: int) -> Snapshot:
        if not refused:
            refused.append(job_id)
            raise StorageError("database is locked")
        return await cancel(job_id)

    monkeypatch.setattr(session.engine, "cancel", busy_once)
    said = banner_messages(panel.bridge)
    answering(panel, monkeypatch, True)
    press(panel, Qt.Key.Key_Escape)

    await until(lambda: bool(said))
    assert said == ["The file could not be written. Cause: database is locked."]
    others = [s.id for s in running if s.id not in refused]
    await until(
        lambda: all(session.ledger.get(i).state is JobState.CANCELLED for i in others)  # type: ignore[union-attr]
    )
    assert len(others) == 2


async def retry_pressed(panel: LibraryPanel) -> list[str]:
    """Ctrl+R pressed on the selection: what the library said of it, once it said it."""
    said = notices_of(panel)
    press(panel, Qt.Key.Key_R, CTRL)
    await until(lambda: bool(said))
    return said


async def test_retry_of_several_retries_each_stopped_job_once_and_leaves_those_needing_a_word(
    panel: LibraryPanel, session: Session, simulator: Simulator, tmp_path: Path
) -> None:
    """After a top-up at kie.ai, eight jobs KIE stopped for credits had to be selected and
    retried one at a time: Retry was about one job. Now it retries each of those selected
    through the engine's retry (sent once each), and leaves as they are, saying so, a job
    that may have reached KIE (only Resubmit sends it) and one KIE has no record of (sent
    anew, it is charged), and a demo job (only demo mode carries it on): none is sent, and
    nothing is asked."""
    stopped = [
        add_job(session, JobState.FAILED, f"a fox out of credits {i}", error_kind="credits")
        for i in range(8)
    ]
    unknown = add_job(session, JobState.UNKNOWN, "a fox of unknown outcome")
    lost = add_job(session, JobState.FAILED, "a lost fox", error_kind="not_found", task_id="t-9")
    demo = add_job(session, JobState.TIMEOUT, "a demo fox", simulated=True)
    invalid = add_job(session, JobState.FAILED, "a fox KIE found invalid", error_kind="validation")
    unsendable = add_job(
        session, JobState.FAILED, "a fox saved as 16:21", error_kind="invalid_input"
    )
    done = add_image(session, tmp_path, "a finished owl not retried")
    panel.apply_filter()
    await shown(panel, *stopped, unknown, lost, demo, invalid, unsendable, done)
    press(panel, Qt.Key.Key_A, CTRL)
    assert len(selected_ids(panel)) == 14
    offered = [a.text() for a in panel.context_menu().actions() if a.objectName()]
    assert "Retr&y 8 jobs" in offered
    assert "R&esubmit…" not in offered
    assert panel.buttons["retry"].text() == "Retry"  # the button keeps its one word
    said = await retry_pressed(panel)
    assert said == [
        "Retrying 8 jobs. Left as they are: 1 made in demo mode, 1 for Resubmit, "
        "1 to send anew, charged, 2 whose request was not accepted."
    ]
    await until(
        lambda: all(session.ledger.get(s.id).state is JobState.COMPLETED for s in stopped)  # type: ignore[union-attr]
    )
    assert all(simulator.generate_count(s.prompt) == 1 for s in stopped)
    assert session.ledger.get(unknown.id).state is JobState.UNKNOWN  # type: ignore[union-attr]
    assert session.ledger.get(lost.id).state is JobState.FAILED  # type: ignore[union-attr]
    assert simulator.generate_count(unknown.prompt) == 0
    assert simulator.generate_count(lost.prompt) == 0
    assert session.ledger.get(demo.id).state is JobState.TIMEOUT  # type: ignore[union-attr]
    assert session.ledger.get(invalid.id).state is JobState.FAILED  # type: ignore[union-attr]
    assert simulator.generate_count(invalid.prompt) == 0
    assert session.ledger.get(unsendable.id).state is JobState.FAILED  # type: ignore[union-attr]


async def test_retry_of_several_leaves_cancelled_jobs_whose_earlier_send_made_their_image(
    panel: LibraryPanel, session: Session, simulator: Simulator
) -> None:
    """Jobs cancelled before their send went out (or failed before reaching KIE), an earlier
    send of which was answered late with a task kept as an artwork of its own (its image
    made, or still being made): Retry of one asks first, naming that artwork. Retry of
    several sent them all again without a question, paying twice for images already in the
    library; it leaves them as they are now, and says why, as it does for the other sends
    that need the artist's word. One with none, or whose kept task failed, is retried as
    before."""
    made = add_job(session, JobState.CANCELLED, "a moth made already")
    kept_completed(session.ledger, made, "task-made", "Moth kept apart")
    making = add_job(session, JobState.CANCELLED, "a moth still being made")
    session.ledger.create_following(making, "task-making", title="Moth on its way")
    failed = add_job(session, JobState.CANCELLED, "a moth whose late task failed")
    own, _ = session.ledger.create_following(failed, "task-failed", title="Moth that failed")
    session.ledger.transition(own.id, JobState.FAILED, error_kind="generation_failed")
    plain = add_job(session, JobState.CANCELLED, "a plain moth")
    unsent = add_job(session, JobState.FAILED, "a moth not sent", error_kind=NetworkError.kind)
    kept_completed(session.ledger, unsent, "task-unsent", "Moth kept before")
    panel.apply_filter()
    await shown(panel, made, making, failed, plain, unsent)
    press(panel, Qt.Key.Key_A, CTRL)
    said = await retry_pressed(panel)
    assert said == [
        "Retrying 2 jobs. Left as they are: 1 to send anew, charged, "
        "3 with an earlier send's image kept."
    ]
    await until(
        lambda: all(session.ledger.get(s.id).state is JobState.COMPLETED for s in (failed, plain))  # type: ignore[union-attr]
    )
    assert simulator.generate_count(made.prompt) == 0
    assert simulator.generate_count(making.prompt) == 0
    assert simulator.generate_count(unsent.prompt) == 0
    assert session.ledger.get(made.id).state is JobState.CANCELLED  # type: ignore[union-attr]
    assert session.ledger.get(making.id).state is JobState.CANCELLED  # type: ignore[union-attr]


async def test_retry_of_several_waits_for_their_cancelled_sends_together(
    panel: LibraryPanel, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Jobs whose sends the artist cancelled while they were out (left to end by
    themselves), sent again elsewhere and failed: Retry of several waits for those sends'
    answers first. Before, it waited for them one job at a time, each up to the request's
    timeout; it waits for them all at once."""
    engine = session.engine
    failed = [
        add_job(session, JobState.FAILED, f"a fox sent twice {i}", error_kind=NetworkError.kind)
        for i in range(2)
    ]
    answered = asyncio.Event()
    late = {s.id: asyncio.ensure_future(answered.wait()) for s in failed}
    monkeypatch.setattr(engine, "_late", dict(late))
    waited: list[set[object]] = []
    wait = asyncio.wait

    async def seen_waiting(tasks: Any, **kwargs: Any) -> Any:
        waited.append(set(tasks))
        return await wait(tasks, **kwargs)

    monkeypatch.setattr(engine_module.asyncio, "wait", seen_waiting)
    panel.apply_filter()
    await shown(panel, *failed)
    press(panel, Qt.Key.Key_A, CTRL)
    try:
        press(panel, Qt.Key.Key_R, CTRL)
        for _ in range(300):
            if any(set(late.values()) <= tasks for tasks in waited):
                break
            await asyncio.sleep(0.01)
        assert any(set(late.values()) <= tasks for tasks in waited), "waited one at a time"
    finally:
        answered.set()
        await asyncio.wait(late.values())
        engine._late.clear()
    await until(lambda: all(session.ledger.get(s.id).state is not JobState.FAILED for s in failed))  # type: ignore[union-attr]


async def test_retry_of_many_under_failed_takes_their_tiles_out_a_run_at_a_time(
    panel: LibraryPanel,
    session: Session,
    simulator: Simulator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Retry of 2 000 under the Failed filter took 42 s (1 000: 18 s): each tile left the
    grid by itself as its job was retried, every tile after it moved, and the grid was
    painted and the actions of those still selected worked out again each time. They
    leave a run of neighbours at once now; the job left as it is stays."""
    monkeypatch.setattr(library_model, "GOING_MS", 60_000)  # only at the end: one run each
    older = [
        add_job(session, JobState.FAILED, f"a tern {n}", error_kind="credits") for n in range(4)
    ]
    unknown = add_job(session, JobState.UNKNOWN, "a tern of unknown outcome")
    newer = [
        add_job(session, JobState.FAILED, f"a tern {n}", error_kind="credits") for n in range(4, 8)
    ]
    panel.state_filter.setCurrentIndex(3)  # Failed / timed out / unknown
    await shown(panel, *older, unknown, *newer)
    removed: list[tuple[int, int]] = []
    panel.model.rowsRemoved.connect(lambda _parent, first, last: removed.append((first, last)))
    press(panel, Qt.Key.Key_A, CTRL)
    await until(lambda: panel.commands["retry"].text() == "Retr&y 8 jobs")

    press(panel, Qt.Key.Key_R, CTRL)
    await until(lambda: panel.model.rowCount() == 1)
    assert panel.model.snapshot(0).id == unknown.id
    assert removed == [(0, 3), (1, 4)]  # the newer four, then the older four


async def test_delete_of_several_takes_their_tiles_out_a_run_at_a_time(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Delete of 2 000 took 23 s (1 000: 10 s), each tile leaving the grid by itself. They
    leave a run of neighbours at once now; the tile after them is shown."""
    monkeypatch.setattr(library_model, "GOING_MS", 60_000)  # only at the end: one run each
    older = [add_image(session, tmp_path, f"a dunlin {n} deleted") for n in range(3)]
    kept = add_image(session, tmp_path, "a dunlin kept between them")
    newer = [add_image(session, tmp_path, f"a dunlin {n} deleted") for n in range(3, 6)]
    last = add_image(session, tmp_path, "a dunlin kept at the top")
    panel.apply_filter()
    await shown(panel, *older, kept, *newer, last)
    answering(panel, monkeypatch, True)
    removed: list[tuple[int, int]] = []
    panel.model.rowsRemoved.connect(lambda _parent, first, last: removed.append((first, last)))
    click(panel, newer[-1])
    for snap in [*newer[:-1], *older]:
        click(panel, snap, CTRL)
    await until(lambda: panel.commands["delete"].text() == "&Delete 6 artworks…")

    press(panel, Qt.Key.Key_Delete)
    await until(lambda: panel.model.rowCount() == 2)
    assert [panel.model.snapshot(row).id for row in range(2)] == [last.id, kept.id]
    assert removed == [(1, 3), (2, 4)]
    assert current_id(panel) == kept.id


async def test_a_delete_pressed_while_several_are_deleted_acts_on_those_still_there(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Delete of several takes its tiles out a run at a time (GOING_MS): meanwhile those
    deleted, and those still to go, stay in the grid, and a click or Ctrl+A selects them.
    A Delete pressed then asked about them all ("Delete 6 artworks?", of which one was
    gone and three going already), or about the one deleted tile clicked, and deleted them
    again, telling every view of them twice. It asks about those still there alone now,
    and each artwork is deleted once."""
    monkeypatch.setattr(library_model, "GOING_MS", 60_000)  # only at the end
    kept = [add_image(session, tmp_path, f"a godwit {n} kept") for n in range(2)]
    doomed = [add_image(session, tmp_path, f"a godwit {n} deleted") for n in range(4)]
    panel.apply_filter()
    await shown(panel, *kept, *doomed)
    asked = answering(panel, monkeypatch, True, True, True)
    told = deletions(panel.bridge)
    errors: list[tuple[str, ...]] = []
    panel.bridge.error.connect(lambda *args: errors.append(args))
    said = notices_of(panel.job_actions)
    release = deletes_held_after_the_first(session, monkeypatch, told)
    click(panel, doomed[0])
    for snap in doomed[1:]:
        click(panel, snap, CTRL)
    await until(lambda: panel.commands["delete"].text() == "&Delete 4 artworks…")
    press(panel, Qt.Key.Key_Delete)
    await until(lambda: bool(told))
    assert panel.model.rowCount() == 6  # the one deleted is still shown

    gone = next(snap for snap in doomed if snap.id == told[0])
    click(panel, gone)
    press(panel, Qt.Key.Key_Delete)
    press(panel, Qt.Key.Key_A, CTRL)
    press(panel, Qt.Key.Key_Delete)
    release.set()
    await until(lambda: panel.model.rowCount() == 0)
    await panel.bridge.wait_idle()
    assert [text.split("\n")[0] for _title, text in asked] == [
        "Delete 4 artworks?",
        "Delete 2 artworks?",
    ]
    assert sorted(told) == sorted(snap.id for snap in (*kept, *doomed))
    assert not errors
    assert len(said) == 2
    assert said[1] == "Moved 6 artworks to the Trash."  # the two ended together: both counted


async def test_a_tile_clicked_after_its_delete_leaves_nothing_selected_for_star_to_act_on(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Delete of several takes its tiles out a run at a time (GOING_MS); a tile clicked
    meanwhile, its artwork deleted already, handed its place to the tile after it as it
    left, as if the artist had deleted it from there: Star then starred that tile, which
    the artist never chose. Nothing is selected once it leaves, and Star acts on nothing."""
    after = add_image(session, tmp_path, "a ruff after them")
    doomed = [add_image(session, tmp_path, f"a ruff {n} deleted") for n in range(3)]
    before = add_image(session, tmp_path, "a ruff before them")
    panel.apply_filter()
    await shown(panel, after, *doomed, before)
    await nothing_selected_by_a_click_as_its_delete_took_it(panel, session, monkeypatch, doomed)

    panel.commands["star"].trigger()
    await panel.bridge.wait_idle()
    assert not any(session.ledger.get(s.id).starred for s in (after, before))  # type: ignore[union-attr]


async def test_two_deletes_that_end_together_say_what_both_moved(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Delete of one asked while a Delete of three went on, ending just after it: its
    words ("Moved “…” to the Trash.") took the place of the first's in the status bar a
    moment after they came, and "Moved 3 artworks to the Trash." was never read. The
    second says what both moved."""
    kept = add_image(session, tmp_path, "a turnstone kept")
    three = [add_image(session, tmp_path, f"a turnstone {n} of three") for n in range(3)]
    alone = add_image(session, tmp_path, "a turnstone deleted alone")
    panel.apply_filter()
    await shown(panel, kept, *three, alone)
    answering(panel, monkeypatch, True, True)
    said = notices_of(panel)
    three_go, alone_goes = asyncio.Event(), asyncio.Event()
    gates = {**dict.fromkeys((snap.id for snap in three), three_go), alone.id: alone_goes}
    await deleting_held_apart(panel, session, monkeypatch, three, gates)
    click(panel, alone)
    press(panel, Qt.Key.Key_Delete)
    three_go.set()
    await until(lambda: bool(said))
    assert said == ["Moved 3 artworks to the Trash."]

    alone_goes.set()
    await until(lambda: len(said) == 2)
    assert said[1] == "Moved 4 artworks to the Trash."


async def test_three_deletes_that_end_together_say_what_all_three_moved(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Delete of three goes on; a Delete of one asked meanwhile ends first, then another
    is asked. The three end, saying what they and the first one moved ("Moved 4"); the
    last one, ending after, counted only the three's own with its own ("Moved 4" again):
    the first one's went from the words it took the place of. Its words say all five."""
    three = [add_image(session, tmp_path, f"a godwit {n} of three") for n in range(3)]
    first, last = (add_image(session, tmp_path, f"a godwit deleted {n}") for n in ("first", "last"))
    panel.apply_filter()
    await shown(panel, *three, first, last)
    answering(panel, monkeypatch, True, True, True)
    said = notices_of(panel)
    three_go, last_goes = asyncio.Event(), asyncio.Event()
    gates = {**dict.fromkeys((snap.id for snap in three), three_go), last.id: last_goes}
    await deleting_held_apart(panel, session, monkeypatch, three, gates)
    click(panel, first)
    press(panel, Qt.Key.Key_Delete)
    await until(lambda: bool(said))
    click(panel, last)
    press(panel, Qt.Key.Key_Delete)
    three_go.set()
    await until(lambda: len(said) == 2)
    last_goes.set()
    await until(lambda: len(said) == 3)
    assert said == [
        "Moved “a godwit deleted first” to the Trash.",
        "Moved 4 artworks to the Trash.",
        "Moved 5 artworks to the Trash.",
    ]


async def test_a_delete_asked_after_another_ended_says_only_what_it_moved(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deleting the bad ones one after the other, each Delete names the one it moved: the
    words of the one before it are not counted again."""
    first, second = (add_image(session, tmp_path, f"a whimbrel {n} deleted") for n in range(2))
    panel.apply_filter()
    await shown(panel, first, second)
    answering(panel, monkeypatch, True, True)
    said = notices_of(panel)
    click(panel, first)
    press(panel, Qt.Key.Key_Delete)
    await until(lambda: len(said) == 1)
    click(panel, second)
    press(panel, Qt.Key.Key_Delete)
    await until(lambda: len(said) == 2)
    assert said == [
        "Moved “a whimbrel 0 deleted” to the Trash.",
        "Moved “a whimbrel 1 deleted” to the Trash.",
    ]


async def test_a_tile_deleted_as_the_rows_are_read_again_still_hands_its_place_on(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tile the artist deleted, selected again by the window itself as another
    program's write had the rows read again meanwhile, is still the one deleted from
    there: the tile after it is shown as it leaves (the artist chose it before the Delete),
    not nothing."""
    after = add_image(session, tmp_path, "a knot after it")
    doomed = add_image(session, tmp_path, "a knot deleted as the rows are read again")
    before = add_image(session, tmp_path, "a knot before it")
    panel.apply_filter()
    await shown(panel, after, doomed, before)
    answering(panel, monkeypatch, True)
    release, asked = held_deletes(session, monkeypatch)
    click(panel, doomed)
    await deleted_through_a_read_again(panel, release, asked, (after, doomed, before))


async def test_an_artwork_the_trash_refused_while_several_were_deleted_is_acted_on_again(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+A while two were deleted selected the one still going with the others, and the
    actions left it out, as it was going. The Trash refused its image and it stayed,
    selected with them. Before, the actions still left it out: "Delete 2 artworks…" with
    three selected, until the selection changed. They count it again once the Delete ends."""
    kept = [add_image(session, tmp_path, f"a stint {n} kept") for n in range(2)]
    doomed = [add_image(session, tmp_path, f"a stint {n} doomed") for n in range(2)]
    panel.apply_filter()
    await shown(panel, *kept, *doomed)
    asked = answering(panel, monkeypatch, True, False)  # Delete 2: yes; then for good: no
    release = asyncio.Event()
    delete = session.engine.delete
    calls: list[int] = []

    async def the_second_refused(job_id: int, **kwargs: Any) -> Snapshot | None:
        calls.append(job_id)
        if len(calls) == 1:
            return await delete(job_id, **kwargs)
        await release.wait()
        raise TrashError("no trash on that disk")

    monkeypatch.setattr(session.engine, "delete", the_second_refused)
    click(panel, doomed[0])
    click(panel, doomed[1], CTRL)
    press(panel, Qt.Key.Key_Delete)
    await until(lambda: len(calls) == 2 and panel.model.rowCount() == 3)
    press(panel, Qt.Key.Key_A, CTRL)
    panel.job_actions.bring_up_to_date()  # a menu of them about to show
    assert panel.commands["delete"].text() == "&Delete 2 artworks…"

    release.set()
    await until(lambda: len(asked) == 2)
    await panel.bridge.wait_idle()
    assert len(panel.selected_snapshots()) == 3
    assert panel.commands["delete"].text() == "&Delete 3 artworks…"


async def test_tiles_deleted_together_keep_their_picture_until_they_leave(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Delete of several takes its tiles out a run at a time (GOING_MS); meanwhile a tile
    whose artwork was deleted had lost its picture: painted then, it showed a plain green
    square, and its thumbnail was read again for an artwork no longer there."""
    monkeypatch.setattr(library_model, "GOING_MS", 60_000)  # only at the end
    doomed = [add_image(session, tmp_path, f"a knot {n} deleted") for n in range(2)]
    kept = add_image(session, tmp_path, "a knot kept")
    panel.apply_filter()
    await shown(panel, *doomed, kept)
    model = panel.model
    await until(lambda: all(model.thumbnails.get(s) is not None for s in (*doomed, kept)))
    answering(panel, monkeypatch, True)
    delete = session.engine.delete
    pictures: list[bool] = []

    async def delete_as_the_grid_paints(job_id: int, **kwargs: Any) -> Snapshot | None:
        for gone in model._deleted:  # told deleted, its tile not taken out yet
            if (row := model.row_of(gone)) is not None:
                pictures.append(model.data(model.index(row), model.ThumbnailRole) is not None)
        return await delete(job_id, **kwargs)

    monkeypatch.setattr(session.engine, "delete", delete_as_the_grid_paints)
    click(panel, doomed[0])
    click(panel, doomed[1], CTRL)
    await until(lambda: panel.commands["delete"].text() == "&Delete 2 artworks…")
    press(panel, Qt.Key.Key_Delete)
    await until(lambda: model.rowCount() == 1)
    await panel.bridge.wait_idle()
    assert pictures == [True]


def thumbnails_held(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The tiles' thumbnails are made only once the event returned is set (a large image,
    a slow disk)."""
    go = threading.Event()
    make = ui_thumbnails._make

    def held(*args: Any) -> Any:
        go.wait(10)
        return make(*args)

    monkeypatch.setattr(ui_thumbnails, "_make", held)
    return go


def deletes_held_once_their_images_went(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> tuple[asyncio.Event, list[int]]:
    """Each of the engine's deletes is held, its image gone (to the Trash, or for good)
    and its row not yet told deleted, until the event is set; the list gets each job held
    so."""
    release = asyncio.Event()
    delete = session.engine.delete
    went: list[int] = []

    async def held(job_id: int, **kwargs: Any) -> Snapshot | None:
        gone = await delete(job_id, **kwargs)
        went.append(job_id)
        await release.wait()
        return gone

    monkeypatch.setattr(session.engine, "delete", held)
    return release, went


def no_trash(path: object) -> None:
    raise TrashPermissionError(str(path))  # a disk with no trash the app may use


def trash_refuses(monkeypatch: pytest.MonkeyPatch, kept: Snapshot) -> None:
    """The trash refuses the image of ``kept`` (:func:`no_trash`) and takes the others."""
    to_trash = send2trash.send2trash

    def refusing(path: object) -> None:
        if str(path) == kept.file_path:
            no_trash(path)
        to_trash(path)

    monkeypatch.setattr(send2trash, "send2trash", refusing)


@pytest.mark.parametrize("for_good", [False, True], ids=["to the trash", "for good"])
async def test_a_tile_being_deleted_never_says_its_image_is_missing(
    panel: LibraryPanel,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    for_good: bool,
) -> None:
    """A tile whose thumbnail was still being made as its Delete took its image away (to
    the Trash, or for good, the Trash refusing it) found the file gone: it said "Image
    missing", and the preview offered Download again, until its row left the grid. A
    Delete of thousands did so to the tiles sliding up into sight as those above went."""
    made = thumbnails_held(monkeypatch)
    where = "for good" if for_good else "to the trash"
    heron = add_image(session, tmp_path, f"a heron deleted {where} as its thumbnail is made")
    panel.apply_filter()
    await shown(panel, heron)
    model = panel.model
    told_missing: list[int] = []
    model.thumbnails.found_missing.connect(told_missing.append)
    assert model.row_of(heron.id) == 0
    assert "Loading…" in tile_words(panel)
    if for_good:
        monkeypatch.setattr(send2trash, "send2trash", no_trash)
    release, went = deletes_held_once_their_images_went(session, monkeypatch)
    click(panel, heron)
    answering(panel, monkeypatch, True, True)  # Delete; then, the Trash refusing, for good
    press(panel, Qt.Key.Key_Delete)
    try:
        await until(lambda: went == [heron.id])
        assert not Path(heron.file_path).exists()
        made.set()  # its thumbnail is read now, its image gone and its tile still there
        await until(lambda: not model.thumbnails._loading)
        assert model.row_of(heron.id) == 0
        assert "Image missing" not in tile_words(panel)
        assert told_missing == [], "the preview is not told its image is missing"
    finally:
        made.set()
        release.set()
    await until(lambda: model.row_of(heron.id) is None)
    await panel.bridge.wait_idle()
    assert told_missing == []


async def test_a_file_deleted_as_its_tile_reads_it_makes_the_tile_say_missing(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The heron's image was deleted outside the app while its tile's thumbnail was being
    made, the read having found it there: the tile showed the picture as if present, and
    the preview was not told, until the app started again. It says "Image missing"."""
    heron = add_image(session, tmp_path, "a heron deleted as its tile reads it")
    make = ui_thumbnails._make

    def deleted_as_read(source: Path, *args: Any) -> Any:
        picture = make(source, *args)
        source.unlink()  # by a file manager, as the picture is being made
        return picture

    monkeypatch.setattr(ui_thumbnails, "_make", deleted_as_read)
    model = panel.model
    told_missing: list[int] = []
    model.thumbnails.found_missing.connect(told_missing.append)
    panel.apply_filter()
    await shown(panel, heron)
    await until(lambda: "Loading…" not in tile_words(panel))
    assert "Image missing" in tile_words(panel)
    assert model.thumbnails.missing(heron)
    assert told_missing == [heron.id]


async def test_a_tile_kept_as_the_trash_refused_its_image_gets_its_picture_back(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tile painted while its Delete runs reads no thumbnail (its image is on its way
    out: the test above), and shows none. The Trash refused the image and the artist kept
    the artwork: the tile reads its picture once the Delete is over, not nothing for good."""
    moth = add_image(session, tmp_path, "a moth deleted beside the heron")
    heron = add_image(session, tmp_path, "a heron kept as the trash refused it")
    panel.apply_filter()
    await shown(panel, heron, moth)
    model = panel.model
    await until(lambda: all(model.thumbnails.get(s) is not None for s in (heron, moth)))
    trash_refuses(monkeypatch, heron)
    delete = session.engine.delete
    release = asyncio.Event()

    async def the_moth_held(job_id: int, **kwargs: Any) -> Snapshot | None:
        if job_id == moth.id:
            await release.wait()
        return await delete(job_id, **kwargs)

    monkeypatch.setattr(session.engine, "delete", the_moth_held)
    click(panel, heron)
    click(panel, moth, CTRL)
    questions = answering(panel, monkeypatch, True, False)  # Delete both; for good: no
    press(panel, Qt.Key.Key_Delete)
    # The heron passed over.
    await until(lambda: [(k.count, k.done) for k in panel.bridge.deletes_done()] == [(2, 1)])
    model.thumbnails.forget(heron)  # out of the memory of thumbnails (a long scroll)
    assert model.row_of(heron.id) == 0
    assert "Loading…" not in tile_words(panel)
    assert model.thumbnails.get(heron) is None, "none is read while the Delete runs"

    release.set()
    await until(lambda: len(questions) == 2 and not panel.bridge.deleting)
    made = model.thumbnails._pixmaps
    await until(lambda: any(key.file.path == heron.file_path for key in made))
    assert model.row_of(heron.id) == 0
    assert model.row_of(moth.id) is None


async def test_several_whose_retry_all_need_a_word_offer_no_retry(
    panel: LibraryPanel, session: Session, simulator: Simulator, tmp_path: Path
) -> None:
    """A job that needs Resubmit, selected with a finished one: Retry of them is greyed and
    its shortcut sends nothing (a Resubmit may charge twice: only its own question sends
    it). Before, Ctrl+R did nothing and said nothing; the status bar says why now, in the
    words Retry of several has for what it leaves."""
    unknown = add_job(session, JobState.UNKNOWN, "a coin toss fox")
    done = add_image(session, tmp_path, "a finished owl beside it")
    panel.apply_filter()
    await shown(panel, unknown, done)
    press(panel, Qt.Key.Key_A, CTRL)
    retry = panel.commands["retry"]
    assert not retry.isEnabled()
    assert retry.text() == "Retr&y"
    said = await retry_pressed(panel)
    assert said == [
        "Nothing to retry. Left as they are: 1 for Resubmit. Resubmit, in the menu "
        "(Shift+F10), sends the one whose outcome is unknown again, asking first."
    ]
    await panel.bridge.wait_idle()
    assert session.ledger.get(unknown.id).state is JobState.UNKNOWN  # type: ignore[union-attr]
    assert simulator.generate_count(unknown.prompt) == 0

    click(panel, done)
    said = await retry_pressed(panel)
    assert said == ["Nothing to retry: Retry is for jobs that failed, timed out or were cancelled."]


async def test_resubmit_of_several_of_unknown_outcome_asks_once_then_sends_each_once(
    panel: LibraryPanel,
    session: Session,
    simulator: Simulator,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After a crash right after Generate, eight jobs said Outcome unknown; with them all
    selected Retry and Resubmit were greyed, and each had to be resubmitted alone, eight
    questions. Resubmit of several asks once, counting them and saying each may be charged
    twice, then sends each once through the engine's resubmit; a finished artwork and a
    demo job selected with them are left as they are, the demo one said as Retry of several
    says it (before, Resubmit left it out without a word)."""
    unknown = [add_job(session, JobState.UNKNOWN, f"a fox cut off {n}") for n in range(3)]
    demo = add_job(session, JobState.UNKNOWN, "a demo fox cut off", simulated=True)
    done = add_image(session, tmp_path, "a finished owl among them")
    panel.apply_filter()
    await shown(panel, *unknown, demo, done)
    press(panel, Qt.Key.Key_A, CTRL)
    resubmit = panel.commands["resubmit"]
    assert resubmit.isEnabled()
    assert resubmit.text() == "R&esubmit 3 jobs…"
    offered = [a.text() for a in panel.context_menu().actions() if a.objectName()]
    assert "R&esubmit 3 jobs…" in offered
    assert await retry_pressed(panel) == [
        "Nothing to retry. Left as they are: 1 made in demo mode, 3 for Resubmit. Resubmit, in "
        "the menu (Shift+F10), sends those whose outcome is unknown again, asking first."
    ]
    asked = answering(panel, monkeypatch, False)
    resubmit.trigger()
    await until(lambda: bool(asked))
    await panel.bridge.wait_idle()
    assert asked == [
        (
            "Resubmit jobs",
            "3 jobs were sent, and it is not known whether KIE created them: each may already "
            "have been created and charged for.\n\nLook for them in the logs of your account "
            "on kie.ai first: give one whose task is there its task ID (Enter task ID…), which "
            "brings its image without paying again. Resubmitting sends each of them again, "
            "and may charge you twice for each.",
        )
    ]
    assert all(simulator.generate_count(s.prompt) == 0 for s in unknown)

    said = notices_of(panel)
    answering(panel, monkeypatch, True)
    resubmit.trigger()
    await until(lambda: bool(said))
    assert said == ["Resubmitting 3 jobs. Left as they are: 1 made in demo mode."]
    await until(
        lambda: all(session.ledger.get(s.id).state is JobState.COMPLETED for s in unknown)  # type: ignore[union-attr]
    )
    assert all(simulator.generate_count(s.prompt) == 1 for s in unknown)
    assert simulator.generate_count(demo.prompt) == 0
    assert session.ledger.get(demo.id).state is JobState.UNKNOWN  # type: ignore[union-attr]


async def test_resubmit_of_several_that_all_fail_says_the_failure_not_an_empty_notice(
    panel: LibraryPanel, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every resubmit of several failed (the library busy): the status bar was cleared by an
    empty notice before the failure was said; now only the failure is said."""
    unknown = [add_job(session, JobState.UNKNOWN, f"a grebe cut off {n}") for n in range(2)]
    panel.apply_filter()
    await shown(panel, *unknown)
    press(panel, Qt.Key.Key_A, CTRL)

    async def fails(_job_id: int) -> Snapshot:
        raise StorageError("database is locked")

    monkeypatch.setattr(session.engine, "resubmit", fails)
    answering(panel, monkeypatch, True)
    said = notices_of(panel)
    errors = banner_messages(panel.bridge)
    panel.commands["resubmit"].trigger()
    await until(lambda: bool(errors))
    assert said == []
    assert all(session.ledger.get(s.id).state is JobState.UNKNOWN for s in unknown)  # type: ignore[union-attr]


async def test_resubmit_of_several_passes_over_one_resubmitted_or_deleted_meanwhile(
    panel: LibraryPanel,
    session: Session,
    simulator: Simulator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """While the question of a Resubmit of several was open, another window resubmitted one
    of them and a command deleted another: they are passed over, never sent twice, and the
    status bar says so."""
    unknown = [add_job(session, JobState.UNKNOWN, f"a wren cut off {n}") for n in range(4)]
    panel.apply_filter()
    await shown(panel, *unknown)
    press(panel, Qt.Key.Key_A, CTRL)
    asked: list[str] = []

    def meanwhile(_title: str, text: str, *_buttons: str) -> bool:
        asked.append(text)
        session.ledger.transition(unknown[0].id, JobState.QUEUED, error_kind="")
        session.ledger.delete(unknown[1].id)
        return True

    monkeypatch.setattr(panel, "confirm", meanwhile)
    said = notices_of(panel)
    panel.commands["resubmit"].trigger()
    await until(lambda: bool(said))
    assert said == [
        "Resubmitting 2 jobs. One had changed meanwhile and was not resubmitted. “a wren cut "
        "off 1” was deleted by another program."
    ]
    assert panel.model.row_of(unknown[1].id) is None
    await until(
        lambda: all(session.ledger.get(s.id).state is JobState.COMPLETED for s in unknown[2:])  # type: ignore[union-attr]
    )
    assert [simulator.generate_count(s.prompt) for s in unknown] == [0, 0, 1, 1]


async def test_resubmit_of_several_that_sends_one_asks_of_that_one(
    panel: LibraryPanel,
    session: Session,
    simulator: Simulator,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One job of unknown outcome selected with a finished artwork: Resubmit says "Resubmit
    1 job…", and its question is the one Resubmit of that job alone asks, naming it. Before,
    it asked "1 jobs were sent, and it is not known whether KIE created them"."""
    unknown = add_job(session, JobState.UNKNOWN, "a lone fox cut off")
    done = add_image(session, tmp_path, "a finished owl beside it")
    panel.apply_filter()
    await shown(panel, unknown, done)
    press(panel, Qt.Key.Key_A, CTRL)
    resubmit = panel.commands["resubmit"]
    assert resubmit.text() == "R&esubmit 1 job…"
    asked = answering(panel, monkeypatch, False)
    resubmit.trigger()
    await until(lambda: bool(asked))
    await panel.bridge.wait_idle()
    [(title, text)] = asked
    assert title == "Resubmit job"
    assert text.startswith("“a lone fox cut off” was sent, and it is not known whether KIE ")
    assert "1 jobs" not in text
    assert simulator.generate_count(unknown.prompt) == 0


async def test_resubmit_of_one_among_several_says_the_one_of_the_other_mode_it_leaves(
    panel: LibraryPanel,
    session: Session,
    simulator: Simulator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One live job of unknown outcome selected with a demo one: Resubmit asks of the live
    one alone, as of one, and said nothing of the demo job it left; Retry of several says
    "Left as they are: 1 made in demo mode". Once the live one is resubmitted, it says so
    in those words too."""
    unknown = add_job(session, JobState.UNKNOWN, "a lone fox cut off")
    demo = add_job(session, JobState.UNKNOWN, "a demo fox cut off", simulated=True)
    panel.apply_filter()
    await shown(panel, unknown, demo)
    press(panel, Qt.Key.Key_A, CTRL)
    resubmit = panel.commands["resubmit"]
    assert resubmit.text() == "R&esubmit 1 job…"
    asked = answering(panel, monkeypatch, True)
    said = notices_of(panel)
    resubmit.trigger()
    await until(lambda: bool(said))
    [(title, _text)] = asked
    assert title == "Resubmit job"
    assert said == ["Resubmitting 1 job. Left as they are: 1 made in demo mode."]
    await until(lambda: session.ledger.get(unknown.id).state is JobState.COMPLETED)  # type: ignore[union-attr]
    assert simulator.generate_count(unknown.prompt) == 1
    assert session.ledger.get(demo.id).state is JobState.UNKNOWN  # type: ignore[union-attr]


async def resubmitted_beside_one_cancelled_while_out(
    panel: LibraryPanel,
    session: Session,
    simulator: Simulator,
    monkeypatch: pytest.MonkeyPatch,
    other: Snapshot,
) -> list[str]:
    """Resubmit (answered yes) of ``other`` selected with a job cancelled while its send was
    out, whose task KIE made: returns once that job completed, with what the status bar was
    told (a list that goes on filling)."""
    simulator.update(generate_delay_s=1.0)  # the task is made; its answer comes a second on
    job = await session.engine.submit(GenerateRequest("a fox cancelled while out"))
    await until(lambda: session.engine.answer_awaited(job.id))
    await session.engine.cancel(job.id)
    panel.apply_filter()
    await until(lambda: panel.model.row_of(job.id) is not None)
    await shown(panel, other)
    press(panel, Qt.Key.Key_A, CTRL)
    resubmit = panel.commands["resubmit"]
    await until(resubmit.isEnabled)
    answering(panel, monkeypatch, True)
    said = notices_of(panel)
    resubmit.trigger()
    await until(lambda: session.ledger.get(job.id).state is JobState.COMPLETED)  # type: ignore[union-attr]
    return said


async def test_resubmit_of_one_among_several_that_follows_its_late_task_says_no_resubmit(
    panel: LibraryPanel,
    session: Session,
    simulator: Simulator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One job cancelled while its send was out, selected with a demo job of unknown
    outcome: Resubmit waits for that send's answer first, which shows the task KIE made, and
    the job follows it, sent nowhere again. The status bar then said "Resubmitting 1 job.",
    as if it were sent again, and paid for, twice."""
    demo = add_job(session, JobState.UNKNOWN, "a demo fox cut off", simulated=True)
    said = await resubmitted_beside_one_cancelled_while_out(
        panel, session, simulator, monkeypatch, demo
    )
    await until(lambda: len(said) == 2)
    assert simulator.generate_count("a fox cancelled while out") == 1
    assert "answer to its cancelled send first" in said[0]
    assert said[1] == "Left as they are: 1 made in demo mode."


async def test_resubmit_of_several_counts_apart_one_that_follows_its_late_task(
    panel: LibraryPanel,
    session: Session,
    simulator: Simulator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two jobs of unknown outcome, one of them cancelled while its send was out: the
    answer to that send shows the task KIE made, and the job follows it, sent nowhere
    again. The job was left cancelled instead, and the status bar said it "had changed
    meanwhile and was not resubmitted"; counted as resubmitted, the artist would be told it
    was sent, and paid for, again."""
    unknown = add_job(session, JobState.UNKNOWN, "a fox cut off")
    said = await resubmitted_beside_one_cancelled_while_out(
        panel, session, simulator, monkeypatch, unknown
    )
    await until(lambda: bool(said))
    assert simulator.generate_count("a fox cancelled while out") == 1
    assert said[-1] == (
        "Resubmitting 1 job. 1 follows the task KIE made for its earlier send: not sent again."
    )


async def test_several_artworks_none_running_offer_no_cancel_of_0_jobs(
    panel: LibraryPanel, session: Session, tmp_path: Path
) -> None:
    """Several finished artworks selected (the usual batch, to delete or tag): More listed a
    greyed "Cancel 0 jobs…"."""
    done = [add_image(session, tmp_path, f"a finished owl {i}") for i in range(2)]
    panel.apply_filter()
    await shown(panel, *done)
    press(panel, Qt.Key.Key_A, CTRL)
    cancel = panel.commands["cancel"]
    assert not cancel.isEnabled()
    assert cancel.text() == "Ca&ncel…"


async def test_esc_on_several_running_jobs_asks_once_what_it_costs_and_cancels_them_all(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a batch selected, Cancel and Esc did nothing: every running job had to be
    selected alone and cancelled in turn."""
    running = [add_job(session, JobState.GENERATING, f"a running fox {i}") for i in range(2)]
    done = add_image(session, tmp_path, "a finished owl to keep")
    panel.apply_filter()
    await shown(panel, *running, done)
    press(panel, Qt.Key.Key_A, CTRL)
    offered = [a.text() for a in panel.context_menu().actions() if a.objectName()]
    assert "Ca&ncel 2 jobs…" in offered
    assert panel.buttons["cancel"].text() == "Cancel"
    asked = answering(panel, monkeypatch, True)
    press(panel, Qt.Key.Key_Escape)

    ((title, text),) = asked
    assert title == "Cancel jobs"
    assert text.startswith("Stop tracking the 2 running jobs among the 3 selected?")
    assert text.endswith(
        "\n\nKIE has already taken each of them and has no cancel call: it may still finish "
        "them, and their credits may still be spent."
    )
    await until(lambda: all(session.ledger.get(s.id).state is JobState.CANCELLED for s in running))
    assert session.ledger.get(done.id).state is JobState.COMPLETED


async def test_cancel_of_several_counts_those_kie_has_taken_as_cancel_of_one_says_it(
    panel: LibraryPanel, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cancel of one job KIE has taken (its task ID says so) says KIE has taken it and may
    still finish it; Cancel of several said only "those that already reached KIE may still
    finish there", as if the app did not know which had. It now counts those KIE has taken,
    and says the others may have reached it too."""
    taken = [add_job(session, JobState.GENERATING, f"a fox KIE took {i}") for i in range(2)]
    unsent = add_job(session, JobState.QUEUED, "a fox not sent yet")
    panel.apply_filter()
    await shown(panel, *taken, unsent)
    press(panel, Qt.Key.Key_A, CTRL)
    asked = answering(panel, monkeypatch, False, False)
    press(panel, Qt.Key.Key_Escape)
    assert asked[-1][1] == (
        "Stop tracking 3 running jobs?\n\nKIE has already taken 2 of them and has no cancel "
        "call: it may still finish them, and their credits may still be spent.\n\nThose it "
        "has not taken may have reached it meanwhile, and may still be finished and charged "
        "as well."
    )

    click(panel, taken[0])
    click(panel, unsent, CTRL)
    press(panel, Qt.Key.Key_Escape)
    assert asked[-1][1] == (
        "Stop tracking 2 running jobs?\n\nKIE has already taken one of them and has no "
        "cancel call: it may still finish it, and its credits may still be spent.\n\nThose "
        "it has not taken may have reached it meanwhile, and may still be finished and "
        "charged as well."
    )


async def test_cancel_of_several_demo_jobs_counts_those_the_demo_server_has_taken(
    panel: LibraryPanel, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Demo jobs the demo server has taken are counted as KIE's are, in the words Cancel of
    one demo job says it in."""
    taken = [
        add_job(session, JobState.GENERATING, f"a demo fox taken {i}", simulated=True)
        for i in range(2)
    ]
    unsent = add_job(session, JobState.QUEUED, "a demo fox not sent yet", simulated=True)
    panel.apply_filter()
    await shown(panel, *taken, unsent)
    press(panel, Qt.Key.Key_A, CTRL)
    asked = answering(panel, monkeypatch, False)
    press(panel, Qt.Key.Key_Escape)
    assert asked[-1][1] == (
        "Stop tracking 3 running jobs?\n\nThe demo server has already taken 2 of them and, "
        "like KIE, has no cancel call: it may still finish them. Demo jobs use no real "
        "credits: only the demo balance goes down.\n\nThose it has not taken may have "
        "reached it meanwhile, and may still be finished as well."
    )


async def test_esc_on_several_with_none_running_keeps_the_one_shown_selected_alone(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With several finished artworks selected, Esc did nothing and said nothing (Cancel,
    its action, was greyed: none of them runs). It leaves the one the preview shows
    selected alone, as Esc does in a file manager; among running jobs it still cancels."""
    moth, heron, _lynx = await three_images(session, tmp_path, panel)
    click(panel, moth)
    click(panel, heron, CTRL)
    asked = answering(panel, monkeypatch)
    press(panel, Qt.Key.Key_Escape)
    assert selected_ids(panel) == {heron.id}
    assert current_id(panel) == heron.id
    assert asked == [], "nothing runs: nothing to ask"


async def test_the_keypads_enter_with_several_selected_opens_the_one_shown_as_return_does(
    panel: LibraryPanel, session: Session, tmp_path: Path
) -> None:
    """The keypad's Enter (a Mac laptop's fn+Return too) comes with the keypad modifier.
    With one tile selected it opened the full view, as Return does; with several it did
    nothing and said nothing, where Return opens the one the preview shows."""
    moth, heron, _lynx = await three_images(session, tmp_path, panel)
    opened: list[Snapshot] = []
    panel.full_view_requested.connect(opened.append)
    click(panel, moth)
    click(panel, heron, CTRL)
    press(panel, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert [s.id for s in opened] == [heron.id]
    assert selected_ids(panel) == {moth.id, heron.id}


async def test_return_and_esc_on_an_artwork_with_nothing_to_do_say_why(
    panel: LibraryPanel, session: Session, tmp_path: Path
) -> None:
    """Return on a failed or running job (no image to show), and Esc on a job not running
    (nothing to cancel), did nothing and said nothing, one tile selected or several."""
    failed = add_job(session, JobState.FAILED, "a fox that failed")
    running = add_job(session, JobState.GENERATING, "a fox being made")
    done = add_image(session, tmp_path, "a finished fox")
    panel.apply_filter()
    await shown(panel, failed, running, done)
    said = notices_of(panel)
    opened: list[Snapshot] = []
    panel.full_view_requested.connect(opened.append)
    click(panel, failed)
    press(panel, Qt.Key.Key_Return)
    press(panel, Qt.Key.Key_Escape)
    click(panel, running)
    press(panel, Qt.Key.Key_Return)
    click(panel, done)
    click(panel, running, CTRL)  # several selected, the running one shown
    assert selected_ids(panel) == {running.id, done.id} and current_id(panel) == running.id
    press(panel, Qt.Key.Key_Return)
    assert said == [
        "Nothing to view full screen: this job has no image.",
        "Nothing to cancel: Cancel (Esc) is for jobs still running.",
        "Nothing to view full screen yet: the job is still running.",
        "Nothing to view full screen yet: the job is still running.",
    ]
    assert opened == []


async def test_cancel_of_jobs_waiting_their_turn_says_nothing_is_charged(
    panel: LibraryPanel, session: Session, simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, Cancel of a job the rate limit held back said "if the job already reached KIE
    it may still finish there, and its credits may still be spent", though the app knows it
    was never sent."""
    simulator.update(latency_s=(30.0, 31.0))
    monkeypatch.setattr(session.engine, "limiter", SlidingWindowLimiter(1, 60.0))
    jobs = [await session.engine.submit(GenerateRequest(f"a fox in line {i}")) for i in range(3)]
    await until(lambda: session.engine.waiting_turn_count == 2)
    await shown(panel, *jobs)
    waiting = next(s for s in jobs if session.engine.waits_turn(s.id))
    panel.select_job(waiting.id)
    asked = answering(panel, monkeypatch, False, True)
    panel.commands["cancel"].trigger()
    assert asked[-1][1] == (
        f"Stop tracking “{waiting.display_title}”?\n\nIt is still waiting its turn and was "
        "never sent to KIE, so nothing is charged."
    )

    sent = next(s for s in jobs if s.id != waiting.id and not session.engine.waits_turn(s.id))

    def shown_taken() -> bool:
        row = panel.model.row_of(sent.id)
        return row is not None and bool(panel.model.snapshot(row).task_id)

    await until(shown_taken)
    press(panel, Qt.Key.Key_A, CTRL)
    press(panel, Qt.Key.Key_Escape)
    text = asked[-1][1]
    assert "2 of them are still waiting their turn, and KIE has not taken them yet" in text
    assert "KIE has already taken one of them" in text  # the one sent
    await until(lambda: all(session.ledger.get(s.id).state is JobState.CANCELLED for s in jobs))


async def test_cancel_of_a_resubmitted_job_waiting_its_turn_says_an_earlier_send_may_be_charged(
    panel: LibraryPanel, session: Session, simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A job whose outcome was unknown, sent again (Resubmit) and waiting its turn: its
    earlier send may have reached KIE and been charged. Before, Cancel said it "was never
    sent to KIE, so nothing is charged". The row, once cancelled, says this send was not
    charged and that an earlier one may have been."""
    simulator.update(latency_s=(30.0, 31.0))
    monkeypatch.setattr(session.engine, "limiter", SlidingWindowLimiter(1, 60.0))
    ahead = await session.engine.submit(GenerateRequest("a fox sent first"))
    unknown = add_job(
        session, JobState.UNKNOWN, "a fox whose first send is unknown", submit_count=1
    )
    await session.engine.resubmit(unknown.id)
    await until(lambda: session.engine.waits_turn(unknown.id))
    await shown(panel, ahead, unknown)
    panel.select_job(unknown.id)
    asked = answering(panel, monkeypatch, False, True)
    panel.commands["cancel"].trigger()
    assert asked[-1][1] == (
        f"Stop tracking “{unknown.display_title}”?\n\nIt is waiting its turn to be sent to KIE "
        "again, so stopping it now sends nothing more. An earlier send of it may already have "
        "reached KIE, and what that cost is not given back."
    )

    def ahead_taken() -> bool:  # its words depend on it: KIE has taken one of them
        row = panel.model.row_of(ahead.id)
        return row is not None and bool(panel.model.snapshot(row).task_id)

    await until(ahead_taken)
    press(panel, Qt.Key.Key_A, CTRL)
    press(panel, Qt.Key.Key_Escape)
    text = asked[-1][1]
    assert "never sent" not in text
    assert "KIE has already taken one of them" in text  # the one sent first
    assert "Those it has not taken may have reached it meanwhile" in text  # the earlier send
    await until(lambda: session.ledger.get(unknown.id).state is JobState.CANCELLED)  # type: ignore[union-attr]
    cancelled = session.ledger.get(unknown.id)
    assert cancelled is not None and cancelled.error_message == NOT_SENT_AGAIN_NOTE


async def test_cancel_of_a_retried_job_whose_send_never_reached_kie_says_nothing_is_charged(
    panel: LibraryPanel, session: Session, simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A job that failed because KIE could not be reached (nothing charged), retried and
    waiting its turn: Cancel said an earlier send of it "may already have reached KIE", as
    of a resubmitted job whose outcome was unknown. The engine that saw its send knows it;
    the failed row alone is no proof (a Resubmit whose upload failed looks the same)."""
    engine = session.engine
    monkeypatch.setattr(engine, "config", replace(engine.config, unreachable_attempts=1))
    generate = engine.client.generate
    monkeypatch.setattr(engine.client, "generate", AsyncMock(side_effect=UnreachableError()))
    failed = await engine.submit(GenerateRequest("a fox KIE never got"))
    assert (await engine.wait_for(failed.id)).error_kind == NetworkError.kind
    monkeypatch.setattr(engine.client, "generate", generate)
    simulator.update(latency_s=(30.0, 31.0))
    monkeypatch.setattr(engine, "limiter", SlidingWindowLimiter(1, 60.0))
    ahead = await engine.submit(GenerateRequest("a fox sent first"))
    await engine.retry(failed.id)
    await until(lambda: session.engine.waits_turn(failed.id))
    await shown(panel, ahead, failed)
    panel.select_job(failed.id)
    asked = answering(panel, monkeypatch, False, True)
    panel.commands["cancel"].trigger()
    assert asked[-1][1] == (
        f"Stop tracking “{failed.display_title}”?\n\nIt is waiting its turn to be sent to KIE "
        "again, and KIE has not taken it yet, so nothing is charged."
    )

    press(panel, Qt.Key.Key_A, CTRL)
    press(panel, Qt.Key.Key_Escape)
    assert "One of them is still waiting its turn, and KIE has not taken it yet" in asked[-1][1]
    await until(lambda: session.ledger.get(failed.id).state is JobState.CANCELLED)  # type: ignore[union-attr]


async def test_cancel_of_a_new_job_kie_turned_away_with_a_429_says_nothing_is_charged(
    panel: LibraryPanel, session: Session, simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new job KIE turned away with a 429 (dropped: nothing made or charged), waiting its
    turn to be sent again. Before, Cancel said "An earlier send of it may already have
    reached KIE, and what that cost is not given back", as of a send whose outcome is
    unknown; then it said the job "was never sent to KIE", though it was sent, and turned
    away: it is waiting to be sent again, and KIE has not taken it."""
    monkeypatch.setattr(session.engine, "limiter", SlidingWindowLimiter(1, 60.0))
    monkeypatch.setattr(session.engine, "config", replace(session.engine.config, retry_base_s=0.01))
    simulator.update(faults=Faults(rate_limited=1.0, endpoints=frozenset({"generate"})))
    job = await session.engine.submit(GenerateRequest("a fox turned away once"))
    await until(lambda: session.engine.waits_turn(job.id))
    await shown(panel, job)
    panel.select_job(job.id)
    asked = answering(panel, monkeypatch, False)
    panel.commands["cancel"].trigger()
    assert asked[-1][1] == (
        f"Stop tracking “{job.display_title}”?\n\nIt is waiting its turn to be sent to KIE "
        "again, and KIE has not taken it yet, so nothing is charged."
    )


async def test_cancel_of_a_job_waiting_out_the_back_off_after_a_429_says_nothing_is_charged(
    panel: LibraryPanel, session: Session, simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new job KIE turned away with a 429, waiting out the back-off before its next send.
    Before, Cancel asked as of a job KIE may be making: "its credits may still be spent".
    KIE did not take it; the question says so, and the job is held while it is asked."""
    engine = session.engine
    monkeypatch.setattr(engine, "config", replace(engine.config, retry_base_s=60.0))
    simulator.update(faults=Faults(rate_limited=1.0, endpoints=frozenset({"generate"})))
    job = await engine.submit(GenerateRequest("a fox turned away, backing off"))
    await until(lambda: engine.sends_again(job.id))
    await shown(panel, job)
    panel.select_job(job.id)
    held: list[bool] = []

    def asked_while_held(title: str, text: str, *_buttons: str) -> bool:
        held.append(engine._turn_held(job.id))
        asked.append((title, text))
        return True

    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(panel, "confirm", asked_while_held)
    panel.commands["cancel"].trigger()
    assert asked[-1][1] == (
        f"Stop tracking “{job.display_title}”?\n\nIt is waiting its turn to be sent to KIE "
        "again, and KIE has not taken it yet, so nothing is charged."
    )
    assert held == [True]
    await until(lambda: session.ledger.get(job.id).state is JobState.CANCELLED)  # type: ignore[union-attr]
    cancelled = session.ledger.get(job.id)
    assert cancelled is not None
    assert cancelled.error_detail == (
        "Stopped tracking. KIE did not take the job, so nothing was charged."
    )


async def test_a_job_whose_turn_comes_while_cancel_asks_is_not_sent(
    panel: LibraryPanel, session: Session, simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The question says the job waiting its turn was never sent, so nothing is charged.
    Before, its turn could come while the artist read that: it was sent, and the cancel
    that followed stopped a job KIE may charge for. Now it is held while the question is
    open, the job behind it goes in its place, and it is cancelled never sent."""
    simulator.update(latency_s=(30.0, 31.0))
    limiter = SlidingWindowLimiter(1, 60.0)
    monkeypatch.setattr(session.engine, "limiter", limiter)
    jobs = [await session.engine.submit(GenerateRequest(f"a fox in line {i}")) for i in range(3)]
    await until(lambda: session.engine.waiting_turn_count == 2)
    await shown(panel, *jobs)
    first, behind = [s for s in jobs if session.engine.waits_turn(s.id)]
    panel.select_job(first.id)
    waiting = {JobState.QUEUED, JobState.UPLOADING, JobState.SUBMITTING}

    def one_more_sent() -> bool:
        rows = [session.ledger.get(s.id) for s in (first, behind)]
        return any(row is not None and row.state not in waiting for row in rows)

    def turn_comes_while_asked(title: str, text: str, *_buttons: str) -> bool:
        assert "was never sent to KIE, so nothing is charged" in text
        limiter.window_s = 0.001  # a slot frees while the artist reads
        woken = asyncio.ensure_future(limiter._wake())
        asking = QEventLoop()  # as the modal question's own loop, the app's tasks run on
        poll = QTimer()
        poll.timeout.connect(lambda: one_more_sent() and asking.quit())
        poll.start(10)
        asking.exec()
        poll.stop()
        assert woken.done()
        return True

    monkeypatch.setattr(panel, "confirm", turn_comes_while_asked)
    QTimer.singleShot(0, panel.commands["cancel"].trigger)  # a click: no task of the test's
    await until(lambda: session.ledger.get(first.id).state is JobState.CANCELLED)  # type: ignore[union-attr]
    assert cancelled_unsent(session.ledger.get(first.id))  # type: ignore[arg-type]
    assert session.ledger.get(behind.id).state is JobState.GENERATING  # type: ignore[union-attr]


async def test_images_the_trash_refuses_are_deleted_for_good_after_one_more_question(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = await three_images(session, tmp_path, panel, "deleted for good")
    monkeypatch.setattr(send2trash, "send2trash", no_trash)
    press(panel, Qt.Key.Key_A, CTRL)
    asked = answering(panel, monkeypatch, True, True)
    panel.commands["delete"].trigger()
    await until(lambda: len(asked) == 2)
    title, text = asked[1]
    assert title == "Delete for good"
    assert "The images of 3 artworks could not be moved to the Trash." in text
    assert "Delete them for good? They cannot be brought back." in text
    await until(lambda: panel.model.rowCount() == 0)
    for gone in made:
        assert session.ledger.get(gone.id) is None
        assert not Path(gone.file_path).exists()
        assert not trashed(gone.file_path).exists()


async def test_star_stars_every_one_selected_then_takes_every_star_off(
    panel: LibraryPanel, session: Session, tmp_path: Path
) -> None:
    moth, heron, lynx = await three_images(session, tmp_path, panel)
    session.ledger.update(heron.id, starred=True)
    panel.apply_filter()
    await until(lambda: panel.model.snapshot(panel.model.row_of(heron.id)).starred)
    press(panel, Qt.Key.Key_A, CTRL)
    star = panel.commands["star"]
    assert (
        star.text() == "St&ar 3 selected artworks"
    )  # not all of them are starred: it stars the others

    press(panel, Qt.Key.Key_D, CTRL)
    await until(lambda: all(session.ledger.get(s.id).starred for s in (moth, heron, lynx)))
    await until(lambda: star.text() == "Unst&ar 3 selected artworks")
    assert len(panel.selected_snapshots()) == 3

    star.trigger()
    await until(lambda: not any(session.ledger.get(s.id).starred for s in (moth, heron, lynx)))
    await until(lambda: star.text() == "St&ar 3 selected artworks")
    click(panel, moth)
    assert star.text() == "St&ar the selected artwork"


async def test_star_pressed_before_the_put_off_actions_are_worked_out_acts_on_them_as_shown(
    panel: LibraryPanel, session: Session, tmp_path: Path
) -> None:
    """The actions of several selected are worked out once the changes of a turn of the
    loop are in; a Star pressed in that moment acted on what was selected before them: of
    two now both starred it starred the one already starred, instead of taking both stars
    off."""
    moth, heron, _lynx = await three_images(session, tmp_path, panel, "starred twice")
    session.ledger.update(heron.id, starred=True)
    panel.apply_filter()
    await until(lambda: panel.model.snapshot(panel.model.row_of(heron.id)).starred)
    click(panel, moth)
    click(panel, heron, CTRL)  # the one shown
    star = panel.commands["star"]
    assert star.text() == "St&ar 2 selected artworks"

    # Starred by another view, and Star pressed in the same turn of the loop.
    panel.bridge.job_changed.emit(session.ledger.update(moth.id, starred=True))
    star.trigger()
    assert star.text() == "St&ar 2 selected artworks", "as pressed, before its rows come back"
    await panel.bridge.wait_idle()
    assert not any(session.ledger.get(s.id).starred for s in (moth, heron))
    assert star.text() == "St&ar 2 selected artworks"


async def test_the_menu_opened_before_the_put_off_actions_are_worked_out_offers_them_as_shown(
    panel: LibraryPanel, session: Session, tmp_path: Path
) -> None:
    """The actions of several selected are worked out once the changes of a turn of the
    loop are in; the context menu opened in that moment offered them as they were: "Star
    3 artworks" of three all starred now, where Star takes their stars off."""
    moth, heron, lynx = await three_images(session, tmp_path, panel, "in a menu")
    panel.bridge.job_changed.emit(session.ledger.update(lynx.id, starred=True))
    click(panel, moth)
    click(panel, heron, CTRL)
    click(panel, lynx, CTRL)  # the one shown, starred
    assert panel.commands["star"].text() == "St&ar 3 selected artworks"

    for snapshot in (moth, heron):  # starred by another view, in one turn of the loop
        panel.bridge.job_changed.emit(session.ledger.update(snapshot.id, starred=True))
    offered = [a.text() for a in panel.context_menu().actions() if a.objectName()]
    assert "Unst&ar 3 selected artworks" in offered


def actions_worked_out(panel: LibraryPanel, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many were selected at each working out of the actions of several, from now on."""
    worked_out: list[int] = []
    set_several = panel.job_actions.set_several
    monkeypatch.setattr(
        panel.job_actions,
        "set_several",
        lambda *args: (worked_out.append(len(args[1])), set_several(*args)),
    )
    return worked_out


async def test_starring_many_selected_works_their_actions_out_once_not_once_per_artwork(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Star (or Add tags) of a whole library selected: each starred row used to work out the
    actions of every one selected again, and 3 000 of them froze the window for minutes."""
    made = [add_image(session, tmp_path, f"a sparrow {n} starred at once") for n in range(8)]
    panel.apply_filter()
    await shown(panel, *made)
    press(panel, Qt.Key.Key_A, CTRL)
    assert len(panel.selected_snapshots()) == 8
    thumbnails = panel.model.thumbnails
    await until(lambda: all(thumbnails.get(s) is not None for s in made))  # no more to come
    await until(lambda: not panel._actions_due.isActive())
    worked_out = actions_worked_out(panel, monkeypatch)

    panel.commands["star"].trigger()
    await panel.bridge.wait_idle()
    assert panel.commands["star"].text() == "Unst&ar 8 selected artworks"
    assert all(session.ledger.get(s.id).starred for s in made)
    assert len(worked_out) <= 2  # the one shown at once, then all of them once


async def test_starring_many_told_over_turns_works_their_actions_out_once_at_the_end(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Star of 10 000 selected is told to the views 500 at a time; at each of those turns
    the actions of all 10 000 were worked out again (twice, the preview's too): 20 times
    the window's longest stall, 4.5 s of it held in all, 1.8 s at once."""
    monkeypatch.setattr(job_actions, "CHANGES_PER_TURN", 4)
    made = [add_image(session, tmp_path, f"a linnet {n} starred over turns") for n in range(12)]
    panel.apply_filter()
    await shown(panel, *made)
    press(panel, Qt.Key.Key_A, CTRL)
    thumbnails = panel.model.thumbnails
    await until(lambda: all(thumbnails.get(s) is not None for s in made))  # no more to come
    await until(lambda: not panel._actions_due.isActive())
    worked_out = actions_worked_out(panel, monkeypatch)

    panel.commands["star"].trigger()
    await panel.bridge.wait_idle()
    # Worked out once all are told (Bridge.told_later), a turn after the telling ends.
    await until(lambda: panel.commands["star"].text() == "Unst&ar 12 selected artworks")
    await until(lambda: not panel._actions_due.isActive())
    assert all(session.ledger.get(s.id).starred for s in made)
    assert len(worked_out) <= 2, worked_out  # the one shown as told, then all once


async def test_ctrl_d_on_the_last_starred_under_starred_says_there_are_none_now(
    panel: LibraryPanel, session: Session, tmp_path: Path
) -> None:
    """★ Starred on, Ctrl+D on each starred artwork in turn: each tile leaves, the one that
    takes its place keeps the keys. The last one gone, the grid said "No starred artworks
    yet", untrue of a library that had some a moment ago; the search box takes the keys."""
    made = [add_image(session, tmp_path, f"a {name} unstarred", starred=True) for name in NAMES]
    panel.starred_only.click()
    await shown(panel, *made)
    first, second, third = (panel.model.snapshot(row) for row in range(3))
    click(panel, second)
    press(panel, Qt.Key.Key_D, CTRL)
    await until(lambda: panel.model.rowCount() == 2)
    assert current_id(panel) == third.id and selected_ids(panel) == {third.id}
    assert QApplication.focusWidget() is panel.view
    for left in (1, 0):  # the keys where the focus is, not put back in the grid
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_D, CTRL)
        await until(lambda left=left: panel.model.rowCount() == left)  # type: ignore[misc]
    assert current_id(panel) is None
    await until(lambda: panel.pages.currentWidget() is panel.empty_page)
    assert panel.empty.text() == "No starred artworks. Star an artwork with Ctrl+D to find it here."
    assert QApplication.focusWidget() is panel.search
    assert not any(session.ledger.get(s.id).starred for s in (first, second, third))  # type: ignore[union-attr]


async def test_unstarring_many_under_starred_works_their_actions_out_once_not_per_row(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unstar of a whole library under ★ Starred takes each row out of the grid: each
    removal worked out the actions of every one still selected, and 10 000 of them froze
    the window for minutes."""
    made = [add_image(session, tmp_path, f"a finch {n} unstarred at once") for n in range(8)]
    for snap in made:
        session.ledger.update(snap.id, starred=True)
    panel.starred_only.click()
    await shown(panel, *made)
    press(panel, Qt.Key.Key_A, CTRL)
    assert len(panel.selected_snapshots()) == 8
    await until(lambda: panel.commands["star"].text() == "Unst&ar 8 selected artworks")
    await until(lambda: not panel._actions_due.isActive())
    worked_out = actions_worked_out(panel, monkeypatch)

    panel.commands["star"].trigger()
    await until(lambda: panel.model.rowCount() == 0)
    assert not any(session.ledger.get(s.id).starred for s in made)
    await until(lambda: not panel._actions_due.isActive())
    # Never for those still selected as each row went (8, 8, 7, 6, …): only before they went.
    assert set(worked_out) <= {len(made)}, worked_out


async def test_unstarring_many_under_starred_takes_their_tiles_out_a_run_at_a_time(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unstar of 5 000 under ★ Starred took 5 s, four times as long as of 2 500: each tile
    left the grid by itself, every one after it moved each time. The tiles told unstarred
    together now leave a run of neighbours at once; those left, the tile shown after (the
    one after the tile shown, as for one) and what the views are told stay as they were."""
    monkeypatch.setattr(job_actions, "CHANGES_PER_TURN", 6)
    made = [add_image(session, tmp_path, f"a bunting {n} unstarred in runs") for n in range(10)]
    for snap in made:
        session.ledger.update(snap.id, starred=True)
    panel.starred_only.click()
    await shown(panel, *made)
    warnings: list[str] = []
    previous = qInstallMessageHandler(lambda _kind, _where, text: warnings.append(text))
    tester = QAbstractItemModelTester(
        panel.model, QAbstractItemModelTester.FailureReportingMode.Warning
    )
    removed: list[tuple[int, int]] = []
    panel.model.rowsRemoved.connect(lambda _parent, first, last: removed.append((first, last)))
    newest_first = made[::-1]
    going = [newest_first[row] for row in (0, 1, 2, 5, 6, 7)]
    click(panel, going[0])
    for snap in going[1:]:
        click(panel, snap, CTRL)
    await until(lambda: panel.commands["star"].text() == "Unst&ar 6 selected artworks")
    try:
        panel.commands["star"].trigger()
        await until(lambda: panel.model.rowCount() == 4)
        await panel.bridge.wait_idle()
    finally:
        qInstallMessageHandler(previous)
        del tester
    left = [newest_first[row] for row in (3, 4, 8, 9)]
    assert [panel.model.snapshot(row).id for row in range(4)] == [s.id for s in left]
    assert removed == [(0, 2), (2, 4)]  # one by one: six removals
    # The one shown (clicked last) left: the tile after it is shown, selected alone.
    assert current_id(panel) == left[2].id
    assert selected_ids(panel) == {left[2].id}
    assert not [text for text in warnings if "FAIL" in text], warnings


async def test_the_actions_of_many_selected_are_worked_out_without_reading_their_requests(
    panel: LibraryPanel, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+A on 3 000 artworks froze the window 150-400 ms, and a search with them
    selected 250 ms: each time the actions were worked out, each one's stored request was
    read three times (whether Retry of several applies to it), ~160 ms for 3 000."""
    made = [add_job(session, JobState.FAILED, f"a curlew {n} failed") for n in range(6)]
    made += [add_job(session, JobState.CANCELLED, f"a dunlin {n} cancelled") for n in range(6)]
    panel.apply_filter()
    await shown(panel, *made)
    read: list[str] = []
    from_json = GenerateRequest.from_json
    monkeypatch.setattr(
        GenerateRequest, "from_json", lambda text: (read.append(text), from_json(text))[1]
    )

    press(panel, Qt.Key.Key_A, CTRL)
    assert len(panel.selected_snapshots()) == 12
    assert panel.commands["retry"].text() == "Retr&y 12 jobs"
    assert len(read) < len(made)  # the one shown alone on the way; before, each's thrice


async def test_star_of_many_selected_lets_the_window_answer_while_their_tiles_change(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Star of 3 000 selected told every view of the 3 000 changes in one go: ~150 ms of the
    window answering nothing. Now a few hundred at a time, the loop turning between."""
    monkeypatch.setattr(job_actions, "CHANGES_PER_TURN", 4, raising=False)
    made = [add_image(session, tmp_path, f"a siskin {n} starred in turns") for n in range(10)]
    panel.apply_filter()
    await shown(panel, *made)
    press(panel, Qt.Key.Key_A, CTRL)
    told: list[int] = []
    answered: list[int] = []  # how many changes had come when the window next answered

    def changed(_snapshot: object) -> None:
        if not told:
            QTimer.singleShot(0, lambda: answered.append(len(told)))
        told.append(1)

    panel.bridge.job_changed.connect(changed)
    panel.commands["star"].trigger()
    await panel.bridge.wait_idle()
    # Worked out once all are told (Bridge.told_later), a turn after the telling ends.
    await until(lambda: panel.commands["star"].text() == "Unst&ar 10 selected artworks")
    assert len(told) == 10
    assert answered and answered[0] < 10


async def test_an_artwork_deleted_while_a_star_of_many_is_told_does_not_come_back(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Star of thousands is told to the views a few hundred at a time; one of them deleted
    between two of those turns (a Delete of several going on) came back as a tile when its
    turn came, starred, its image already in the Trash."""
    monkeypatch.setattr(job_actions, "CHANGES_PER_TURN", 4)
    made = [add_image(session, tmp_path, f"a pipit {n} starred then gone") for n in range(10)]
    panel.apply_filter()
    await shown(panel, *made)
    press(panel, Qt.Key.Key_A, CTRL)
    gone = made[0]  # the oldest: the last row, told last

    def first_told(_snapshot: object) -> None:
        panel.bridge.job_changed.disconnect(first_told)
        session.ledger.delete(gone.id)
        panel.bridge.job_deleted.emit(gone.id)

    panel.bridge.job_changed.connect(first_told)
    panel.commands["star"].trigger()
    await until(lambda: panel.commands["star"].text() == "Unst&ar 9 selected artworks")
    await panel.bridge.wait_idle()
    assert panel.model.row_of(gone.id) is None
    assert panel.model.rowCount() == 9


async def test_an_artwork_deleted_while_a_star_of_many_is_written_does_not_come_back(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Star of thousands writes them one after the other (seconds); one starred, then
    deleted before the write was done (a Delete of several going on), came back as a tile
    when the write's rows were told, starred, its image already in the Trash."""
    made = [add_image(session, tmp_path, f"a dunlin {n} starred then gone") for n in range(6)]
    panel.apply_filter()
    await shown(panel, *made)
    press(panel, Qt.Key.Key_A, CTRL)
    gone = made[0]
    loop = asyncio.get_running_loop()
    write = job_actions.set_starred

    def delete_gone() -> None:
        session.ledger.delete(gone.id)
        panel.bridge.job_deleted.emit(gone.id)

    def deleted_meanwhile(*args: Any) -> list[Snapshot]:
        written = write(*args)
        deleted = threading.Event()
        loop.call_soon_threadsafe(lambda: (delete_gone(), deleted.set()))
        deleted.wait(10)
        return written

    monkeypatch.setattr(job_actions, "set_starred", deleted_meanwhile)
    panel.commands["star"].trigger()
    await until(lambda: panel.commands["star"].text() == "Unst&ar 5 selected artworks")
    await panel.bridge.wait_idle()
    assert panel.model.row_of(gone.id) is None
    assert panel.model.rowCount() == 5


async def test_an_artwork_deleted_while_its_details_are_saved_does_not_come_back(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Edit details of one artwork, deleted (a Delete of several going on) after its
    details were written and before the row written was told: that row brought it back
    as a tile, its image already in the Trash."""
    kept = add_image(session, tmp_path, "a wheatear kept")
    gone = add_image(session, tmp_path, "a wheatear renamed then gone")
    panel.apply_filter()
    await shown(panel, kept, gone)
    click(panel, gone)
    loop = asyncio.get_running_loop()
    save = job_actions.save_details

    def delete_gone() -> None:
        session.ledger.delete(gone.id)
        panel.bridge.job_deleted.emit(gone.id)

    def deleted_meanwhile(*args: Any) -> Snapshot:
        saved = save(*args)
        deleted = threading.Event()
        loop.call_soon_threadsafe(lambda: (delete_gone(), deleted.set()))
        deleted.wait(10)
        return saved

    monkeypatch.setattr(job_actions, "save_details", deleted_meanwhile)
    monkeypatch.setattr(panel, "ask_details", lambda _snapshots: DetailsEdit(title="Renamed"))
    panel.commands["details"].trigger()
    await until(lambda: session.ledger.get(gone.id) is None)
    await panel.bridge.wait_idle()
    assert panel.model.row_of(gone.id) is None
    assert [panel.model.snapshot(row).id for row in range(panel.model.rowCount())] == [kept.id]


async def test_a_published_artwork_deleted_while_its_details_are_saved_is_not_offered_again(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Edit details (or Rename) of one published artwork, deleted (a Delete of several going
    on) while its details were written: the row written was still told, and the window said
    the copy in R2 of an artwork no longer in the library kept its old details, with a
    Publish again that did nothing. The views are not told of it either."""
    gone = add_image(session, tmp_path, "a shrike renamed then gone", published_key="a/s.png")
    panel.apply_filter()
    await shown(panel, gone)
    click(panel, gone)
    loop = asyncio.get_running_loop()
    offered: list[list[Snapshot]] = []
    panel.republish_offered.connect(offered.append)
    told: list[int] = []
    panel.bridge.job_changed.connect(lambda snapshot: told.append(snapshot.id))

    def delete_gone() -> None:
        session.ledger.delete(gone.id)
        panel.bridge.job_deleted.emit(gone.id)

    def deleted_meanwhile(write: Any) -> Any:
        """The delete lands on the GUI thread before the write's answer does (its turn comes
        first): not waited for here, where the write may hold the library's lock (Edit
        details writes in a batch) that the delete needs."""

        def written(*args: Any, **kwargs: Any) -> Any:
            saved = write(*args, **kwargs)
            loop.call_soon_threadsafe(delete_gone)
            return saved

        return written

    monkeypatch.setattr(job_actions, "save_details", deleted_meanwhile(job_actions.save_details))
    monkeypatch.setattr(panel, "ask_details", lambda _snapshots: DetailsEdit(title="Renamed"))
    panel.commands["details"].trigger()
    await until(lambda: session.ledger.get(gone.id) is None)
    await panel.bridge.wait_idle()
    assert not offered
    assert gone.id not in told

    again = add_image(session, tmp_path, "a shrike renamed then gone too", published_key="a/t.png")
    panel.apply_filter()
    await shown(panel, again)
    click(panel, again)
    gone = again
    monkeypatch.setattr(session.ledger, "update", deleted_meanwhile(session.ledger.update))
    monkeypatch.setattr(panel, "ask_title", lambda *_: "Renamed too")
    panel.commands["rename"].trigger()
    await until(lambda: session.ledger.get(gone.id) is None)
    await panel.bridge.wait_idle()
    assert not offered
    assert gone.id not in told


async def test_an_artwork_the_cli_deletes_while_a_star_of_many_is_told_does_not_come_back(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Star of thousands is told a few hundred at a time; one of them deleted by the command
    line between two of those turns (the window reads its rows again, told of no delete)
    came back as a tile when its turn came, starred, though the library no longer had it."""
    monkeypatch.setattr(job_actions, "CHANGES_PER_TURN", 4)
    made = [
        add_image(session, tmp_path, f"a twite {n} starred, the CLI deletes") for n in range(10)
    ]
    panel.apply_filter()
    await shown(panel, *made)
    press(panel, Qt.Key.Key_A, CTRL)
    gone = made[0]  # the oldest: the last row, told last
    reloaded: list[bool] = []
    panel.model.reloaded.connect(lambda: reloaded.append(True))
    tell_rest = panel.job_actions._tell_rest

    async def after_the_read_again() -> None:
        await until(lambda: bool(reloaded))
        await tell_rest()

    def first_told(_snapshot: object) -> None:
        panel.bridge.job_changed.disconnect(first_told)
        cli = Ledger.open(session.paths.database)
        try:
            cli.delete(gone.id)
        finally:
            cli.close()
        panel.model._check_outside()  # as its timer does, within two seconds

    monkeypatch.setattr(panel.job_actions, "_tell_rest", after_the_read_again)
    panel.bridge.job_changed.connect(first_told)
    panel.commands["star"].trigger()
    await until(lambda: not panel.job_actions._untold and bool(reloaded))
    await panel.bridge.wait_idle()
    assert panel.model.row_of(gone.id) is None
    assert panel.model.rowCount() == 9
    assert all(panel.model.snapshot(row).starred for row in range(9))


async def test_star_pressed_while_a_star_of_many_is_told_acts_on_them_all_as_starred(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second Star pressed while the first was told a few hundred at a time acted on the
    rows partly told: of all of them starred, it starred again those told unstarred, and
    the rest came in starred, instead of every star taken off."""
    monkeypatch.setattr(job_actions, "CHANGES_PER_TURN", 4)
    made = [add_image(session, tmp_path, f"a wagtail {n} starred twice") for n in range(10)]
    panel.apply_filter()
    await shown(panel, *made)
    press(panel, Qt.Key.Key_A, CTRL)
    star = panel.commands["star"]

    def first_told(_snapshot: object) -> None:
        panel.bridge.job_changed.disconnect(first_told)
        asyncio.get_running_loop().call_soon(star.trigger)  # before the rest is told

    panel.bridge.job_changed.connect(first_told)
    star.trigger()
    await until(lambda: not any(session.ledger.get(s.id).starred for s in made))
    await panel.bridge.wait_idle()
    await until(lambda: star.text() == "St&ar 10 selected artworks")
    assert not any(panel.model.snapshot(row).starred for row in range(10))


async def test_the_command_line_deleting_the_artwork_shown_shows_the_next_one(
    panel: LibraryPanel, session: Session, tmp_path: Path
) -> None:
    """The command line deletes the artwork shown: the tile after it is shown, as after a
    Delete here (the one before it, at the end). Before, nothing was selected."""
    panel.model._outside.setInterval(50)  # another program's write is seen sooner
    moth, heron, lynx = await three_images(session, tmp_path, panel, "the CLI deletes")
    notices = notices_of(panel)

    def deleted_by_the_cli(snapshot: Snapshot) -> None:
        cli = Ledger.open(session.paths.database)
        try:
            cli.delete(snapshot.id)
        finally:
            cli.close()

    click(panel, heron)  # the grid: lynx, heron, moth
    deleted_by_the_cli(heron)
    await until(lambda: panel.model.row_of(heron.id) is None, timeout=5)
    await until(lambda: current_id(panel) == moth.id)
    assert selected_ids(panel) == {moth.id}
    assert notices == ["“a heron the CLI deletes” was deleted by another program."]

    deleted_by_the_cli(moth)  # the last tile: the one before it
    await until(lambda: panel.model.row_of(moth.id) is None, timeout=5)
    await until(lambda: current_id(panel) == lynx.id)
    assert selected_ids(panel) == {lynx.id}


async def opened_in_its_own_loop(
    panel: LibraryPanel, command: str, kind: type[Box]
) -> tuple[Box, list[None]]:
    """``command`` pressed as a click does, its box (a ``kind``) in a loop of its own, once
    shown: the box, and a list that has an item once the press has returned."""
    returned: list[None] = []

    def pressed() -> None:
        panel.commands[command].trigger()
        returned.append(None)

    QTimer.singleShot(0, pressed)
    await until(lambda: isinstance(QApplication.activeModalWidget(), kind))
    box = QApplication.activeModalWidget()
    assert isinstance(box, kind)
    return box, returned


@pytest.mark.parametrize("command", ["rename", "details"])
async def test_the_discard_question_names_the_title_the_command_line_gave_meanwhile(
    panel: LibraryPanel, session: Session, tmp_path: Path, command: str
) -> None:
    """The command line renamed the artwork while Rename (or Edit details) was open on it,
    a title typed: Esc asked "Discard your changes to “a heron …”?", by the title the box
    opened with, which the library no longer shows. It asks by the title it has now."""
    panel.model._outside.setInterval(50)  # another program's write is seen sooner
    _moth, heron, _lynx = await three_images(session, tmp_path, panel, f"{command} renamed")
    click(panel, heron)
    kind = RenameDialog if command == "rename" else DetailsDialog
    box, returned = await opened_in_its_own_loop(panel, command, kind)
    box.title_edit.setText("a heron at dusk")
    cli = Ledger.open(session.paths.database)
    try:
        cli.update(heron.id, title="Grey heron")
    finally:
        cli.close()
    model = panel.model
    await until(lambda: model.snapshot(model.row_of(heron.id) or 0).title == "Grey heron")
    asked: list[str] = []

    def esc() -> None:  # the question in a loop of its own, answered from inside it
        answer_question(box, "Discard", asked)
        QTest.keyClick(box.title_edit, Qt.Key.Key_Escape)

    QTimer.singleShot(0, esc)
    await until(lambda: bool(returned))
    assert asked == ["Discard your changes to “Grey heron”?"]


@pytest.mark.parametrize("command", ["rename", "details"])
async def test_the_discard_question_goes_when_the_command_line_deletes_the_artwork(
    panel: LibraryPanel, session: Session, tmp_path: Path, command: str
) -> None:
    """Esc pressed in Rename (or Edit details), a title typed, and the command line deletes
    the artwork while "Discard your changes to …?" is asked: the question stayed, asking
    of an artwork gone, and Discard threw away the title before the box said it was
    deleted. The question goes as Keep editing would; the box says the artwork was deleted,
    its title still there, and Esc closes it without asking again."""
    panel.model._outside.setInterval(50)  # another program's write is seen sooner
    _moth, heron, _lynx = await three_images(session, tmp_path, panel, f"{command} asked")
    click(panel, heron)
    errors = banner_messages(panel.bridge)
    kind = RenameDialog if command == "rename" else DetailsDialog
    box, returned = await opened_in_its_own_loop(panel, command, kind)
    box.title_edit.setText("a heron at dusk")
    QTimer.singleShot(0, lambda: QTest.keyClick(box.title_edit, Qt.Key.Key_Escape))
    await until(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox))
    question = QApplication.activeModalWidget()
    assert isinstance(question, QMessageBox)
    assert question.text() == f"Discard your changes to “a heron {command} asked”?"
    deleted_by_another_program(session, heron)
    await until(lambda: not box.save_button.isEnabled(), timeout=5)
    assert not question.isVisible()
    await until(lambda: QApplication.activeModalWidget() is box)
    assert "was deleted by another program" in box.problem.text()
    assert box.title_edit.text() == "a heron at dusk"
    QTimer.singleShot(0, lambda: QTest.keyClick(box.title_edit, Qt.Key.Key_Escape))
    await until(lambda: bool(returned))  # not asked again
    await panel.bridge.wait_idle()
    assert errors == []


async def test_edit_details_open_on_an_artwork_the_command_line_deletes_says_so(
    panel: LibraryPanel, session: Session, tmp_path: Path
) -> None:
    """The command line deletes the artwork whose details are being edited: the dialog
    says so and its Save waits, typing or not. Before, it stayed as it was, and Save found
    out only as it wrote, in the window's error banner."""
    panel.model._outside.setInterval(50)  # another program's write is seen sooner
    _moth, heron, _lynx = await three_images(session, tmp_path, panel, "edited as deleted")
    click(panel, heron)
    errors = banner_messages(panel.bridge)
    dialog, asked = await opened_in_its_own_loop(panel, "details", DetailsDialog)
    dialog.title_edit.setText("a heron renamed")
    cli = Ledger.open(session.paths.database)
    try:
        cli.delete(heron.id)
    finally:
        cli.close()
    await until(lambda: not dialog.save_button.isEnabled(), timeout=5)
    assert dialog.problem.text() == "“a heron edited as deleted” was deleted by another program."
    dialog.title_edit.setText("a heron renamed again")  # typing enables no Save
    assert not dialog.save_button.isEnabled()
    QTest.keyClick(dialog.title_edit, Qt.Key.Key_Return)  # nor does Enter save
    assert dialog.isVisible()
    dialog.reject()
    await until(lambda: bool(asked))
    await panel.bridge.wait_idle()
    assert errors == []


async def test_rename_open_on_an_artwork_the_command_line_deletes_says_so_and_keeps_the_title(
    panel: LibraryPanel, session: Session, tmp_path: Path
) -> None:
    """The command line deletes the artwork being renamed, the box open. Qt's own box
    stayed as it was until OK, and then the title typed was gone with it, said lost only
    in the window's banner. The box says so at once, Save goes off (Enter too), and the
    title typed stays in it, with a button that copies it; Esc closes it, nothing more said."""
    panel.model._outside.setInterval(50)  # another program's write is seen sooner
    _moth, heron, _lynx = await three_images(session, tmp_path, panel, "renamed as deleted")
    click(panel, heron)
    errors = banner_messages(panel.bridge)
    box, asked = await opened_in_its_own_loop(panel, "rename", RenameDialog)
    assert box.save_button.isEnabled() and not box.copy_button.isVisible()
    QTest.keyClicks(box.title_edit, "a heron at dusk")
    deleted_by_another_program(session, heron)
    await until(lambda: not box.save_button.isEnabled(), timeout=5)
    assert box.problem.text() == (
        "“a heron renamed as deleted” was deleted by another program, so this title cannot "
        "be saved. Copy it to keep it."
    )
    assert box.title() == "a heron at dusk"
    QTest.keyClick(box.title_edit, Qt.Key.Key_Return)  # Enter saves nothing, keeps the box
    assert box.isVisible()
    box.copy_button.click()
    assert QApplication.clipboard().text() == "a heron at dusk"
    QTest.keyClick(box.title_edit, Qt.Key.Key_Escape)
    await until(lambda: bool(asked))
    await panel.bridge.wait_idle()
    assert errors == []


async def test_rename_saved_as_the_command_line_deletes_says_its_title_was_not_saved(
    panel: LibraryPanel, session: Session, tmp_path: Path
) -> None:
    """The command line deletes the artwork being renamed, and the window hears of it only
    as the title is written: OK said "There is no job 42", a number the window shows
    nowhere. It says which artwork went and that its new title was not saved."""
    _moth, heron, _lynx = await three_images(session, tmp_path, panel, "renamed as deleted")
    click(panel, heron)
    errors = banner_messages(panel.bridge)
    QTimer.singleShot(0, panel.commands["rename"].trigger)  # the box in its own loop
    await until(lambda: isinstance(QApplication.activeModalWidget(), RenameDialog))
    box = QApplication.activeModalWidget()
    assert isinstance(box, RenameDialog)
    box.title_edit.setText("renamed")
    panel.model._outside.stop()  # the window hears of it only after OK
    deleted_by_another_program(session, heron)
    QTest.keyClick(box.title_edit, Qt.Key.Key_Return)
    await until(lambda: bool(errors))  # once the box's own loop is left
    assert errors == [
        "“a heron renamed as deleted” was deleted by another program, so its new title was not "
        "saved."
    ]


async def test_rename_open_on_an_artwork_the_window_deletes_says_it_was_deleted_not_elsewhere(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Delete of several of the window's deletes the artwork being renamed, the box open:
    the box said "“…” was deleted by another program", of the artist's own Delete. It says
    the artwork was deleted, keeps the title typed to be copied, and nothing more is said
    once it is closed."""
    _moth, heron, _lynx = await three_images(session, tmp_path, panel, "renamed here")
    click(panel, heron)
    answering(panel, monkeypatch, True)
    errors = banner_messages(panel.bridge)
    box, asked = await opened_in_its_own_loop(panel, "rename", RenameDialog)
    box.title_edit.setText("a heron at dawn")
    panel.view.selectAll()
    await until(lambda: panel.commands["delete"].text() == "&Delete 3 artworks…")
    panel.commands["delete"].trigger()
    await until(lambda: not box.save_button.isEnabled())
    assert box.problem.text() == (
        "“a heron renamed here” was deleted, so this title cannot be saved. Copy it to keep it."
    )
    assert box.copy_button.isVisible() and box.title() == "a heron at dawn"
    box.reject()
    await until(lambda: bool(asked))
    await panel.bridge.wait_idle()
    assert errors == []


async def test_rename_saved_as_the_window_s_delete_is_deleting_it_says_nothing_more(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saved while a Delete of several of the window's, under way, had still to delete
    the artwork renamed: the banner said "“…” was deleted by another program, so its new
    title was not saved.", of the artist's own Delete, before it had even deleted it."""
    _moth, heron, _lynx = await three_images(session, tmp_path, panel, "renamed as it goes")
    click(panel, heron)
    answering(panel, monkeypatch, True)
    errors = banner_messages(panel.bridge)
    told = deletions(panel.bridge)
    release = deletes_held_after_the_first(session, monkeypatch, told)
    box, asked = await opened_in_its_own_loop(panel, "rename", RenameDialog)
    box.title_edit.setText("a heron at dawn")
    panel.view.selectAll()
    await until(lambda: panel.commands["delete"].text() == "&Delete 3 artworks…")
    panel.commands["delete"].trigger()
    await until(lambda: bool(told) and heron.id in panel.bridge.deleting)
    assert heron.id not in told, "still to be deleted"
    QTest.keyClick(box.title_edit, Qt.Key.Key_Return)
    await until(lambda: bool(asked))
    release.set()
    await until(lambda: not panel.bridge.deleting)
    await panel.bridge.wait_idle()
    assert heron.id in told
    assert errors == []


async def test_edit_details_open_on_artworks_the_window_deletes_says_they_were_deleted(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window's Delete of the artworks whose tags are being added, the dialog open: it
    said "All of them were deleted by another program.", of the artist's own Delete."""
    _moth, heron, lynx = await three_images(session, tmp_path, panel, "tagged here")
    click(panel, heron)
    click(panel, lynx, CTRL)
    answering(panel, monkeypatch, True)
    errors = banner_messages(panel.bridge)
    dialog, asked = await opened_in_its_own_loop(panel, "details", DetailsDialog)
    assert dialog.windowTitle() == "Add tags to 2 artworks"
    dialog.tags_edit.setText("ink")
    panel.commands["delete"].trigger()
    await until(lambda: not dialog.save_button.isEnabled())
    assert dialog.problem.text() == "All of them were deleted."
    dialog.reject()
    await until(lambda: bool(asked))
    await panel.bridge.wait_idle()
    assert errors == []


def deleted_by_another_program(session: Session, snapshot: Snapshot) -> None:
    """Delete ``snapshot`` as the command line does, through its own connection."""
    cli = Ledger.open(session.paths.database)
    try:
        cli.delete(snapshot.id)
    finally:
        cli.close()


# -- live updates ------------------------------------------------------------------------------


async def test_the_selection_stays_while_a_job_finishes_and_new_artworks_arrive(
    panel: LibraryPanel, session: Session, tmp_path: Path
) -> None:
    panel.model._outside.setInterval(50)  # another program's write is seen sooner
    moth, heron, _lynx = await three_images(session, tmp_path, panel)
    running = add_job(session, JobState.GENERATING, "a fox about to finish")
    panel.apply_filter()
    await shown(panel, running)
    click(panel, moth)
    click(panel, running, CTRL)
    click(panel, heron, CTRL)
    chosen = {moth.id, running.id, heron.id}

    # A selected job ends: its row changes in place.
    failed = session.ledger.transition(running.id, JobState.FAILED, error_kind="server")
    panel.bridge.job_changed.emit(failed)
    await until(lambda: panel.model.snapshot(panel.model.row_of(running.id)).state is failed.state)
    assert selected_ids(panel) == chosen and current_id(panel) == heron.id
    # The one of them that failed, once the changes that came in that turn of the loop are in.
    await until(lambda: panel.commands["retry"].text() == "Retr&y 1 job")
    assert panel.commands["delete"].isEnabled() and not panel.commands["rename"].isEnabled()

    # One made in this window arrives: a row inserted above them.
    made_here = add_image(session, tmp_path, "a hare made here")
    panel.bridge.job_changed.emit(made_here)
    await shown(panel, made_here)
    assert selected_ids(panel) == chosen and current_id(panel) == heron.id

    # One the command line imports: the library reads its rows again (a reset).
    reloads: list[bool] = []
    panel.model.reloaded.connect(lambda: reloads.append(True))
    cli = Ledger.open(session.paths.database)
    try:
        cli.create_upload(
            prompt="an ibis from the CLI", file_path=library_image("ibis.png"), sha256="ibis"
        )
    finally:
        cli.close()
    await until(lambda: bool(reloads), timeout=5)
    assert panel.model.rowCount() == 6
    assert selected_ids(panel) == chosen and current_id(panel) == heron.id
    assert not panel.commands["rename"].isEnabled()


async def test_a_deleted_artwork_leaves_the_selection_and_a_search_keeps_what_it_shows(
    panel: LibraryPanel, session: Session, tmp_path: Path
) -> None:
    moth, heron, lynx = await three_images(session, tmp_path, panel)
    click(panel, heron)
    click(panel, moth, CTRL)
    click(panel, lynx, CTRL)
    assert current_id(panel) == lynx.id

    # Deleted elsewhere (the shown one): the others stay selected, one of them shown.
    await session.engine.delete(lynx.id)
    panel.bridge.job_deleted.emit(lynx.id)
    assert selected_ids(panel) == {moth.id, heron.id}
    assert current_id(panel) in {moth.id, heron.id}
    assert not panel.commands["rename"].isEnabled()

    # A search that hides one: the other stays selected, alone.
    reloads: list[bool] = []
    panel.model.reloaded.connect(lambda: reloads.append(True))
    panel.search.setText("heron")
    panel.apply_filter()
    await until(lambda: len(reloads) == 1)
    assert selected_ids(panel) == {heron.id} and current_id(panel) == heron.id
    assert panel.commands["rename"].isEnabled()


# -- the window --------------------------------------------------------------------------------


@pytest.fixture
async def window(session: Session, bridge: Bridge) -> AsyncIterator[MainWindow]:
    made = await open_window(session, bridge)
    yield made
    await close_window(made)


async def test_the_banner_of_a_library_read_that_failed_goes_once_a_read_succeeds(
    window: MainWindow, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The library busy a moment, then read again by itself: its artworks came back, and
    the banner saying it could not be read stayed up over them. It goes once a read
    succeeds; another error's banner (the disk refusing an image) stays."""
    monkeypatch.setattr(library_model, "READ_AGAIN_MS", (10, 20, 40))
    library = window.library
    add_image(session, tmp_path, "a smew read again")
    reads = failing_searches(session, monkeypatch)
    for other_error in (None, StorageError("disk I/O error")):
        reads["left"] = 2
        library.search.setText("smew" if other_error is None else "a smew")
        library.apply_filter()
        await until(lambda: window.banner.banner(BannerKind.STORAGE) is not None)
        failure = window.banner.banner(BannerKind.STORAGE)
        assert failure is not None
        said = (failure.message(), failure.hint())
        if other_error is not None:
            window.bridge.report(other_error)
            assert not failure.says(*said)
            said = (failure.message(), failure.hint())
        await until(lambda: library.model.rowCount() == 1)
        await window.bridge.wait_idle()
        stays = window.banner.banner(BannerKind.STORAGE)
        if other_error is None:
            assert stays is None
        else:
            assert stays is not None and stays.says(*said)


async def test_the_banner_of_a_page_that_failed_as_the_grid_scrolled_goes_once_a_read_succeeds(
    window: MainWindow, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The library busy a moment as the grid scrolled to its end: the next page could not
    be read, and its banner stayed up once the library could be read again, the page read
    at the next scroll (only the failures of a query's first page were taken down)."""
    library = window.library
    await paged_library(library, session, tmp_path, monkeypatch, "a teal {n} scrolled to")
    told = banner_messages(window.bridge)
    fail_next_search(session, monkeypatch)
    library.view.scrollToBottom()
    library.model.fetchMore()  # as the view asks at the end of the grid
    await until(lambda: bool(told))  # its banner up
    library.model.fetchMore()  # scrolled to the end again (the view may have asked already)
    await until(lambda: library.model.rowCount() == 40)
    assert window.banner.banner(BannerKind.STORAGE) is None


async def test_the_preview_shows_the_last_clicked_and_says_how_many_are_selected(
    window: MainWindow, session: Session, tmp_path: Path
) -> None:
    library, preview = window.library, window.preview
    moth, heron, lynx = await three_images(session, tmp_path, library)
    click(library, moth)
    assert not preview.selected_label.isVisible()
    click(library, lynx, CTRL)
    click(library, heron, CTRL)
    await until(lambda: preview.snapshot is not None and preview.snapshot.id == heron.id)
    assert preview.selected_label.isVisible()
    assert preview.selected_label.text().startswith("3 artworks selected")
    assert preview.title_label.whole_text() == "a heron in the selection"
    # The File menu's Save as saves the three into a folder.
    assert library.commands["save_as"].text() == "Sa&ve 3 images to a folder…"

    click(library, lynx)
    await until(lambda: preview.snapshot is not None and preview.snapshot.id == lynx.id)
    assert not preview.selected_label.isVisible()


def generate(window: MainWindow, prompt: str) -> None:
    """Generate pressed with ``prompt``."""
    window.generate_tab.prompt.setPlainText(prompt)
    assert window.generate_tab.generate()


async def generated(session: Session, prompt: str) -> Snapshot:
    """The job Generate made of ``prompt``, once finished."""

    def made() -> Snapshot | None:
        found = session.ledger.search(text=prompt, limit=1)
        return found[0] if found else None

    await until(lambda: (job := made()) is not None and job.state is JobState.COMPLETED)
    job = made()
    assert job is not None
    return job


def first_submit_held(session: Session, monkeypatch: pytest.MonkeyPatch) -> asyncio.Event:
    """The jobs of the first press of Generate made only once the event is set (as an
    edit's are once its large reference is kept: seconds); those of later presses at once."""
    release = asyncio.Event()
    submit = session.engine.submit_several
    presses: list[GenerateRequest] = []

    async def first_held(
        request: GenerateRequest, count: int, press: str, called: str | None
    ) -> list[Snapshot]:
        presses.append(request)
        if len(presses) == 1:
            await release.wait()
        return await submit(request, count, press=press, called=called)

    monkeypatch.setattr(session.engine, "submit_several", first_held)
    return release


@pytest.mark.parametrize("choice", ["ctrl+a", "ctrl+click", "click"])
async def test_a_choice_made_after_generate_stays_once_the_new_job_comes(
    window: MainWindow, session: Session, tmp_path: Path, choice: str
) -> None:
    """Generate pressed, then other artworks chosen before the new job came into the
    library (Ctrl+A, a Ctrl+click, a click on another tile): the new job is not selected
    over the artist's choice. Before, its coming replaced it, and the Ctrl+A was undone."""
    library = window.library
    moth, heron, lynx = await three_images(session, tmp_path, library)
    click(library, moth)
    generate(window, "a fox that comes later")
    if choice == "ctrl+a":
        press(library, Qt.Key.Key_A, CTRL)
        chosen = {moth.id, heron.id, lynx.id}
    elif choice == "ctrl+click":
        click(library, heron, CTRL)
        chosen = {moth.id, heron.id}
    else:
        click(library, lynx)
        chosen = {lynx.id}
    shown_then = current_id(library)
    await generated(session, "a fox that comes later")
    await window.bridge.wait_idle()
    assert selected_ids(library) == chosen
    assert current_id(library) == shown_then


async def test_a_job_of_an_earlier_press_leaves_the_choice_made_after_that_press(
    window: MainWindow, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Generate pressed twice, another tile clicked between the presses, the first press's
    job made last: the second press's job is shown (nothing was chosen after that press),
    and the first's, made after it, is not selected over it (a tile was chosen after its
    press). Before, only the last press was noted, and the first press's job took the
    selection."""
    library = window.library
    moth, _heron, lynx = await three_images(session, tmp_path, library)
    release = first_submit_held(session, monkeypatch)
    click(library, moth)
    generate(window, "a fox pressed first")
    click(library, lynx)
    generate(window, "an owl pressed second")
    owl = await generated(session, "an owl pressed second")
    await until(lambda: current_id(library) == owl.id)
    release.set()
    await generated(session, "a fox pressed first")
    await window.bridge.wait_idle()
    assert selected_ids(library) == {owl.id}
    assert current_id(library) == owl.id


async def test_presses_whose_jobs_come_together_show_only_the_newest_press_s_job(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Generate pressed three times, the three presses' jobs coming into the library
    together (the ledger's writer records them in one batch): the newest press's job is
    selected and shown, and the preview shows it alone. Before, each press's job was
    selected and shown in turn in that moment, only for the next to replace it: the
    window stalled for each of a burst of presses.

    The jobs are let go once every press has them: their rows in the ledger are not
    enough, as the writer hands a row to its press a moment after it is written (a busy
    machine: later), and a press let go then came alone, after the others were shown."""
    library = window.library
    come_together = asyncio.Event()
    submit = session.engine.submit_several
    held: list[str] = []

    async def made_together(
        request: GenerateRequest, count: int, press: str, called: str | None
    ) -> list[Snapshot]:
        made = await submit(request, count, press=press, called=called)
        held.append(press)
        await come_together.wait()
        return made

    monkeypatch.setattr(session.engine, "submit_several", made_together)
    shown_in_turn: list[int | None] = []

    def preview_shows(snapshot: Snapshot | None) -> None:
        shown = None if snapshot is None else snapshot.id
        if not shown_in_turn or shown_in_turn[-1] != shown:
            shown_in_turn.append(shown)

    library.selection_changed.connect(preview_shows)
    prompts = ("a wren pressed first", "a finch pressed second", "a robin pressed last")
    for prompt in prompts:
        generate(window, prompt)
    await until(lambda: len(held) == len(prompts))
    come_together.set()
    robin = await generated(session, prompts[-1])
    await window.bridge.wait_idle()
    await until(lambda: current_id(library) == robin.id)
    assert window.preview.snapshot is not None and window.preview.snapshot.id == robin.id
    assert shown_in_turn == [robin.id]
    assert selected_ids(library) == {robin.id}


@pytest.mark.parametrize("leaving", ["deleted", "unstarred"])
async def test_a_new_job_is_shown_after_the_tile_shown_left_the_grid_meanwhile(
    window: MainWindow,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    leaving: str,
) -> None:
    """Generate pressed, then the tile shown left the grid before the new job came (the
    artist deleted its artwork, or unstarred it under ★ Starred): no choice of the artist's
    among the tiles, the new job is shown. Before, the tile's leaving was counted as one,
    and the new job was left unselected."""
    library = window.library
    made = await three_images(session, tmp_path, library, f"{leaving} as a fox is made")
    if leaving == "unstarred":
        for snap in made:
            session.ledger.update(snap.id, starred=True)
        library.starred_only.setChecked(True)
        await until(lambda: all(library.model.snapshot(row).starred for row in range(3)))
    moth, heron, _lynx = made
    release = first_submit_held(session, monkeypatch)
    click(library, heron)
    generate(window, "a fox made as the tile shown leaves")
    if leaving == "deleted":
        answering(library, monkeypatch, True)
        press(library, Qt.Key.Key_Delete)
    else:
        library.commands["star"].trigger()
    await until(lambda: library.model.row_of(heron.id) is None)
    assert current_id(library) == moth.id  # the tile after it took its place
    release.set()
    fox = await generated(session, "a fox made as the tile shown leaves")
    await window.bridge.wait_idle()
    assert selected_ids(library) == {fox.id}
    assert current_id(library) == fox.id


async def test_a_new_job_the_search_hides_is_said_to_be_hidden_when_the_artist_chose_meanwhile(
    window: MainWindow, session: Session, tmp_path: Path
) -> None:
    """Generate pressed, other artworks chosen before the new job came, and the library's
    search hides it: the choice and the search stay, and the status bar says the new image
    is hidden by them. Before, the new job was left unseen without a word, as if Generate
    had made nothing."""
    library = window.library
    made = await three_images(session, tmp_path, library, "searched as a fox is made")
    library.search.setText("searched as")
    library.apply_filter()
    await until(lambda: library.model.rowCount() == 3 and not library.model.reading)
    click(library, made[0])
    generate(window, "a fox the search hides")
    press(library, Qt.Key.Key_A, CTRL)
    await generated(session, "a fox the search hides")
    await window.bridge.wait_idle()
    assert selected_ids(library) == {snap.id for snap in made}
    assert library.search.text() == "searched as"
    assert window.statusBar().currentMessage() == (
        "The library's search and filters hide the new image."
    )


async def test_a_generate_of_four_the_search_hid_says_the_new_images_were_shown(
    window: MainWindow,
) -> None:
    """Generate of 4 under a search none of them matches: the search was cleared to show
    them, and the status bar said "to show the new image", as if one had been made."""
    library = window.library
    library.search.setText("nothing like this")
    library.apply_filter()
    await until(lambda: library.model.loaded and not library.model.reading)
    window.generate_tab.batch.setValue(4)
    generate(window, "four foxes in the snow")
    await until(lambda: window.statusBar().currentMessage().startswith("The library's search"))
    assert window.statusBar().currentMessage() == (
        "The library's search and filters were cleared to show the new images."
    )
    assert library.search.text() == ""


async def importing_held(
    tab: UploadTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> threading.Event:
    """Add to library pressed on ``tab`` for a new image file called ``name``, held once its
    copy has begun (:func:`held_imports`): the event that lets it go on."""
    copying, go_on = held_imports(monkeypatch, name)
    tab.add_files([write_png(tmp_path / name, colour="olive")])
    await until(lambda: not tab.checking)
    tab.add_button.click()
    await until(copying.is_set)
    return go_on


async def test_an_import_leaves_the_choice_made_in_the_library_meanwhile(
    window: MainWindow, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Add to library pressed on the Upload tab, then a tile clicked in the library while
    the file was copied in: the artwork brought in is not selected over the artist's
    choice, as a new job of Generate's is not. Before, it took the selection."""
    library, tab = window.library, window.upload_tab
    _moth, _heron, lynx = await three_images(session, tmp_path, library, "as a hare comes in")
    go_on = await importing_held(tab, tmp_path, monkeypatch, "a hare brought in.png")
    click(library, lynx)
    go_on.set()
    await until(lambda: not tab.busy)
    await window.bridge.wait_idle()
    assert selected_ids(library) == {lynx.id}
    assert current_id(library) == lynx.id


async def test_the_edit_menu_offers_the_actions_of_several_as_the_jobs_now_are(
    window: MainWindow, session: Session
) -> None:
    """The Edit menu opened before the put-off actions of several were worked out said
    "Cancel 3 jobs…" of three of which two had just ended."""
    library = window.library
    running = [add_job(session, JobState.GENERATING, f"a dipper {n} generating") for n in range(3)]
    library.apply_filter()
    await shown(library, *running)
    click(library, running[0])
    click(library, running[1], CTRL)
    click(library, running[2], CTRL)  # the one shown
    cancel = library.commands["cancel"]
    assert cancel.text() == "Ca&ncel 3 jobs…"

    for snapshot in running[:2]:  # ended, in one turn of the loop
        library.bridge.job_changed.emit(session.ledger.transition(snapshot.id, JobState.FAILED))
    edit = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    edit.aboutToShow.emit()
    assert cancel.text() == "Ca&ncel 1 job…"


async def test_delete_of_several_a_stopped_publish_may_have_left_says_how_to_remove_them(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, it said to publish each again, then unpublish it: the preview now has a
    button that removes what was left."""
    left = [
        add_image(session, tmp_path, f"a half-published hare {i}", retired_key=f"artworks/{i}.png")
        for i in range(2)
    ]
    panel.apply_filter()
    await shown(panel, *left)
    press(panel, Qt.Key.Key_A, CTRL)
    asked = answering(panel, monkeypatch, False)
    panel.commands["delete"].trigger()

    ((_title, text),) = asked
    # Their records name no bucket: it said "in your R2 bucket", which may not be theirs.
    assert (
        "Publishes of 2 of them stopped before their end and may have left their images in the "
        "R2 buckets they were sent to;" in text
    )
    assert text.endswith(
        "To remove them, select each alone and press “Remove from bucket” in its preview first."
    )
    assert "Publish them again" not in text


async def test_delete_of_what_a_stopped_publish_left_in_another_bucket_says_to_switch_back(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its first publish stopped in a bucket the R2 settings no longer name: the preview
    offers no Remove from bucket for it (it would be refused there). Before, Delete sent
    the artist to that button all the same, which they could not find; now it names the
    bucket and says to switch the settings back to it first, for one and for several."""
    session.settings = replace(
        session.settings, r2=R2Settings(endpoint="r2.example", bucket="new-art")
    )
    elsewhere = add_image(
        session,
        tmp_path,
        "a hare left in the old bucket",
        retired_key="artworks/hare.png",
        published_bucket="old-art",
        published_host="r2.example",
    )
    here = add_image(
        session,
        tmp_path,
        "an owl left in the new bucket",
        retired_key="artworks/owl.png",
        published_bucket="new-art",
        published_host="r2.example",
    )
    panel.apply_filter()
    await shown(panel, elsewhere, here)
    click(panel, elsewhere)
    asked = answering(panel, monkeypatch, False, False, False)
    panel.commands["delete"].trigger()
    click(panel, here)
    panel.commands["delete"].trigger()
    press(panel, Qt.Key.Key_A, CTRL)
    panel.commands["delete"].trigger()

    (_, one_elsewhere), (_, one_here), (_, several) = asked
    assert one_elsewhere.endswith(
        "A publish of it to the bucket 'old-art' at r2.example stopped before its end and may "
        "have left its image there; once it is deleted here Kontext Studio cannot remove that. "
        "To remove it, switch the R2 settings back to that bucket, then press “Remove from "
        "bucket” in its preview first."
    )
    assert one_here.endswith(
        "A publish of it stopped before its end and may have left its image in your R2 bucket. "
        "Once it is deleted here Kontext Studio cannot remove that. To remove it, press "
        "“Remove from bucket” in its preview first."
    )
    assert "may have left their images in your R2 bucket;" in several  # both name theirs
    assert several.endswith(
        "select each alone and press “Remove from bucket” in its preview first. For one of "
        "them, the publish went to another bucket than the R2 settings name: switch the "
        "settings back to that bucket first."
    )
    await panel.bridge.wait_idle()
    assert all(session.ledger.get(s.id) is not None for s in (elsewhere, here))


async def test_ctrl_a_after_a_click_on_the_empty_grid_acts_on_every_artwork(
    panel: LibraryPanel, session: Session, tmp_path: Path
) -> None:
    """A click on the grid's empty space gives it the focus with no tile current. Before,
    Ctrl+A then selected every tile, but nothing was shown and Publish and Delete stayed
    off: the selection could not be acted on."""
    moth, heron, lynx = await three_images(session, tmp_path, panel)
    panel.job_actions.set_publish_enabled(True)
    panel.show()
    await settled(panel)
    click_empty_space(panel)
    assert not panel.view.currentIndex().isValid()

    QTest.keyClick(panel.view, Qt.Key.Key_A, CTRL)
    await until(lambda: selected_ids(panel) == {moth.id, heron.id, lynx.id})
    assert current_id(panel) in {moth.id, heron.id, lynx.id}
    assert panel.commands["delete"].isEnabled()
    assert panel.commands["publish"].isEnabled()
    assert panel.commands["publish"].text() == "Pu&blish 3 selected artworks"


async def test_a_publish_under_way_changes_the_words_of_its_tile_not_the_actions(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every percent of every publish rewords its tile. Before, with the library selected
    (Ctrl+A, then Publish), each such change worked out the actions of every artwork
    selected again: publishing a large library froze the window for minutes."""
    moth, heron, lynx = await three_images(session, tmp_path, panel)
    panel.view.setFocus()
    QTest.keyClick(panel.view, Qt.Key.Key_A, CTRL)
    await until(lambda: selected_ids(panel) == {moth.id, heron.id, lynx.id})
    worked_out = actions_worked_out(panel, monkeypatch)
    panel.model.publish_words = lambda snap: "Publishing… 5 %" if snap.id == heron.id else ""

    panel.model.publish_changed(heron.id)
    index = panel.model.index(panel.model.row_of(heron.id))  # type: ignore[arg-type]
    assert index.data(panel.model.StatusRole) == "Publishing… 5 %"
    assert worked_out == []

    session.ledger.update(heron.id, starred=True)
    panel.bridge.job_changed.emit(session.ledger.get(heron.id))
    await until(lambda: bool(worked_out))  # a change of the artwork itself still counts


async def test_counts_of_a_thousand_and_more_are_written_with_the_locale_s_grouping(
    window: MainWindow, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: a year-old library's Select all read "1200 artworks selected in the library",
    "Delete 1200 artworks…" and "Delete 1200 artworks?": the digits in one run, where the
    artist's language groups them ("1,200", in Chinese too). The plural is still chosen on
    the number itself (one artwork selected says nothing)."""
    await select_a_long_library(window, session, tmp_path, monkeypatch)
    preview = window.preview
    english = QLocale()
    QLocale.setDefault(QLocale("zh_CN"))
    try:
        preview.show_selected_count(3000)
        assert preview.selected_label.text().startswith("3,000 artworks selected")
        preview.show_selected_count(1)
        assert preview.selected_label.text() == ""
    finally:
        QLocale.setDefault(english)


async def select_a_long_library(
    window: MainWindow, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """1,200 artworks, Ctrl+A: how many are selected, and what Delete asks, said."""
    library, preview = window.library, window.preview
    shared = add_image(session, tmp_path, "the first of a long library")
    with session.ledger.batch():
        made = [
            session.ledger.create_upload(
                prompt=f"artwork {n} of a long library",
                file_path=shared.file_path,
                width=64,
                height=48,
                file_size=shared.file_size,
            )
            for n in range(1199)
        ]
    library.apply_filter()
    await shown(library, made[-1])
    press(library, Qt.Key.Key_A, CTRL)
    await until(lambda: len(selected_ids(library)) == 1200)
    await until(lambda: preview.selected_label.isVisible())
    assert preview.selected_label.text().startswith("1,200 artworks selected in the library")
    assert library.commands["delete"].text() == "&Delete 1,200 artworks…"
    assert library.commands["star"].text() == "St&ar 1,200 selected artworks"
    asked = answering(library, monkeypatch, False)
    library.commands["delete"].trigger()
    assert asked[0][1].startswith("Delete 1,200 artworks?")


async def test_retry_of_several_leaves_a_job_whose_image_another_program_kept_after_its_look(
    panel: LibraryPanel,
    session: Session,
    simulator: Simulator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Retry of several looks at the artworks kept for its jobs, then retries them one by
    one; a command (its own connection to the library) keeps a late answer to an earlier
    send of one right after that look. Before, that job was sent again and its image paid
    for twice: the engine refuses it, and it is left, said as one whose image is kept."""
    meanwhile = add_job(session, JobState.CANCELLED, "a moth kept meanwhile")
    plain = add_job(session, JobState.CANCELLED, "a plain moth")
    looked = session.ledger.kept_for
    written: list[int] = []

    def then_kept(job_id: int) -> list[Snapshot]:
        found = looked(job_id)
        if job_id == meanwhile.id and not written:  # the window's look: the command writes
            command = Ledger.open(session.ledger.path)
            try:
                written.append(command.create_following(meanwhile, "task-meanwhile")[0].id)
            finally:
                command.close()
        return found

    monkeypatch.setattr(session.ledger, "kept_for", then_kept)
    panel.apply_filter()
    await shown(panel, meanwhile, plain)
    press(panel, Qt.Key.Key_A, CTRL)
    said = await retry_pressed(panel)
    assert said == ["Retrying 1 job. Left as they are: 1 with an earlier send's image kept."]
    await until(lambda: session.ledger.get(plain.id).state is JobState.COMPLETED)  # type: ignore[union-attr]
    assert simulator.generate_count(meanwhile.prompt) == 0
    assert session.ledger.get(meanwhile.id).state is JobState.CANCELLED  # type: ignore[union-attr]


async def test_the_preview_s_buttons_with_several_selected_are_the_library_s(
    window: MainWindow, session: Session, tmp_path: Path
) -> None:
    """Three selected: the library greyed Use as reference (about one artwork) while the
    preview's toolbar over the one chosen last offered it, and its Publish published that
    one where the library's published the three. The preview's buttons are the library's:
    greyed alike, Publish and Save of them all, and back once one is selected."""
    library, preview = window.library, window.preview
    moth, heron, lynx = await three_images(session, tmp_path, library, "seen in the preview")
    click(library, moth)
    await until(lambda: preview.snapshot is not None and preview.snapshot.id == moth.id)
    assert preview.reference_button.isEnabled() and preview.save_button.isEnabled()

    click(library, heron, CTRL)
    click(library, lynx, CTRL)
    await until(lambda: preview.snapshot is not None and preview.snapshot.id == lynx.id)
    assert not library.commands["use_as_reference"].isEnabled()
    assert not preview.reference_button.isEnabled()
    assert preview.save_button.isEnabled() and preview.save_button.text() == "Save 3 images"
    assert preview.publish_button.isEnabled()
    assert preview.publish_button.text() == library.commands["publish"].iconText()
    assert preview.publish_button.text() == "Publish 3 artworks"
    assert preview.details_button.text() == "Add tags to 3 artworks"

    click(library, heron)
    await until(lambda: preview.snapshot is not None and preview.snapshot.id == heron.id)
    assert preview.reference_button.isEnabled() and preview.save_button.isEnabled()
    assert preview.publish_button.text() == "Publish"
    assert preview.save_button.text() == "Save as"


async def test_the_preview_s_delete_ending_as_the_library_s_does_says_both_in_the_status_bar(
    window: MainWindow, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview's Delete and the library's are two: the preview's, ending while the
    library's Delete of three went on, had its words replaced by the library's ("Moved 3
    artworks to the Trash.") once that one ended. The status bar says what both moved."""
    monkeypatch.setattr(main_window, "STATUS_MESSAGE_MS", 0)  # no clock: messages stay up
    library, preview = window.library, window.preview
    three = [add_image(session, tmp_path, f"a knot {n} of three in the library") for n in range(3)]
    alone = add_image(session, tmp_path, "a knot deleted from the preview")
    library.apply_filter()
    await shown(library, *three, alone)
    monkeypatch.setattr(library, "confirm", lambda *_args: True)
    monkeypatch.setattr(preview, "confirm", lambda *_args: True)
    three_go = asyncio.Event()
    gates = dict.fromkeys((s.id for s in three), three_go)
    told = await deleting_held_apart(library, session, monkeypatch, three, gates)
    click(library, alone)
    await until(lambda: preview.snapshot is not None and preview.snapshot.id == alone.id)
    preview.commands["delete"].trigger()
    await until(lambda: alone.id in told)
    three_go.set()
    await until(lambda: library.model.rowCount() == 0)
    await window.bridge.wait_idle()
    assert window.statusBar().currentMessage() == "Moved 4 artworks to the Trash."


def status_words(window: MainWindow) -> str:
    """The words of the status bar's labels shown now, as the artist reads them."""
    labels = window.statusBar().findChildren(QLabel)
    return " | ".join(label.text() for label in labels if label.isVisible() and label.text())


async def test_a_delete_of_several_says_in_the_status_bar_how_far_it_is_until_it_ends(
    window: MainWindow, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Delete of 1 500 artworks takes half a minute, and the status bar said "No jobs
    running" all along, as if the app were stuck. It says how many are being deleted and
    how far it is, and nothing of it once it ends; in the words of the end's notice, the
    Trash named: "Deleting…" read as if they went for good."""
    library = window.library
    five = [add_image(session, tmp_path, f"a gannet {n} deleted slowly") for n in range(5)]
    library.apply_filter()
    await shown(library, *five)
    to_trash = send2trash.send2trash
    gates = [threading.Event() for _ in five]
    trashed_so_far: list[object] = []

    def slow(path: object) -> None:
        gates[len(trashed_so_far)].wait(10)
        trashed_so_far.append(path)
        to_trash(path)

    monkeypatch.setattr(send2trash, "send2trash", slow)
    answering(library, monkeypatch, True)
    try:
        click(library, five[0])
        press(library, Qt.Key.Key_A, CTRL)
        press(library, Qt.Key.Key_Delete)
        await until(lambda: "Moving 5 artworks to the Trash… 0 %" in status_words(window))
        for gate in gates[:3]:
            gate.set()
        await until(lambda: "Moving 5 artworks to the Trash… 60 %" in status_words(window))
    finally:
        for gate in gates:
            gate.set()
    await until(lambda: library.model.rowCount() == 0)
    await window.bridge.wait_idle()
    assert "Moving" not in status_words(window)
    assert window.statusBar().currentMessage() == "Moved 5 artworks to the Trash."


async def test_a_delete_of_several_ending_before_another_leaves_how_far_they_are_where_it_was(
    window: MainWindow, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two Deletes of several at once: the status bar counted them as one, and once the
    first ended it counted only the second's, from its start: "Moving 5 artworks… 40 %"
    went back to "Moving 3 artworks… 0 %" with nothing more deleted. Those the first
    deleted stay counted until both end."""
    library = window.library
    first = [add_image(session, tmp_path, f"a shag {n} deleted first") for n in range(2)]
    second = [add_image(session, tmp_path, f"a shag {n} deleted second") for n in range(3)]
    library.apply_filter()
    await shown(library, *first, *second)
    to_trash = send2trash.send2trash
    gates = {str(s.file_path): threading.Event() for s in (*first, *second)}

    def slow(path: object) -> None:
        gates[str(path)].wait(10)
        to_trash(path)

    monkeypatch.setattr(send2trash, "send2trash", slow)
    answering(library, monkeypatch, True, True)
    said: list[str] = []
    window.bridge.deleting_changed.connect(lambda: said.append(window.delete_activity.text()))
    try:
        click(library, first[0])
        click(library, first[1], CTRL)
        press(library, Qt.Key.Key_Delete)
        await until(lambda: "Moving 2 artworks to the Trash… 0 %" in status_words(window))
        click(library, second[0])
        for snap in second[1:]:
            click(library, snap, CTRL)
        press(library, Qt.Key.Key_Delete)
        await until(lambda: "Moving 5 artworks to the Trash… 0 %" in status_words(window))
        for snap in first:
            gates[str(snap.file_path)].set()
        await until(lambda: all(library.model.row_of(s.id) is None for s in first))
        await until(lambda: not window.bridge.deleting.intersection(s.id for s in first))
        assert "Moving 5 artworks to the Trash… 40 %" in status_words(window)
    finally:
        for gate in gates.values():
            gate.set()
    await until(lambda: library.model.rowCount() == 0)
    await window.bridge.wait_idle()
    percents = [int(words.split("… ")[1].rstrip(" %")) for words in said if words]
    assert percents == sorted(percents), said  # never back
    assert "Moving" not in status_words(window)


def delete_activity_said(window: MainWindow) -> list[str]:
    """Each of the words the status bar's Delete label says (none twice in a row)."""
    said: list[str] = []

    def heard() -> None:
        words = window.delete_activity.text()
        if words and (not said or said[-1] != words):
            said.append(words)

    window.bridge.deleting_changed.connect(heard)
    return said


async def test_a_delete_for_good_of_several_says_so_in_the_status_bar(
    window: MainWindow, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The trash refused the images, and the artist agreed to delete them for good: the
    status bar said "Deleting 3 artworks…" as it does of a Delete to the Trash, and now
    that one names the Trash, it says they go for good."""
    library = window.library
    made = [add_image(session, tmp_path, f"a skua {n} deleted for good") for n in range(3)]
    library.apply_filter()
    await shown(library, *made)
    monkeypatch.setattr(send2trash, "send2trash", no_trash)
    said = delete_activity_said(window)
    answering(library, monkeypatch, True, True)
    press(library, Qt.Key.Key_A, CTRL)
    press(library, Qt.Key.Key_Delete)
    await until(lambda: library.model.rowCount() == 0)
    await window.bridge.wait_idle()
    assert said[0].startswith("Moving 3 artworks to the Trash…"), said  # its first try
    assert said[-1] == "Deleting 3 artworks for good… 100 %", said
    assert [words for words in said if "Trash" not in words] == [
        f"Deleting 3 artworks for good… {percent} %" for percent in (0, 33, 66, 100)
    ]


async def test_a_delete_of_artworks_and_failed_jobs_says_where_each_goes(
    window: MainWindow, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A job that made no image has nothing to move to the Trash: all of it goes for good.
    Among artworks whose images go there, "Moving 3 artworks to the Trash" would say it went
    there too; the status bar says the artworks are deleted, and their images moved."""
    library = window.library
    made = [add_image(session, tmp_path, f"a tern {n} deleted") for n in range(2)]
    failed = add_job(session, JobState.FAILED, "a tern that failed")
    library.apply_filter()
    await shown(library, *made, failed)
    said = delete_activity_said(window)
    answering(library, monkeypatch, True)
    press(library, Qt.Key.Key_A, CTRL)
    press(library, Qt.Key.Key_Delete)
    await until(lambda: library.model.rowCount() == 0)
    await window.bridge.wait_idle()
    assert said and all(
        words.startswith("Deleting 3 artworks, their images to the Trash… ") for words in said
    ), said


async def test_a_delete_for_good_beside_one_to_the_trash_says_where_each_one_s_images_go(
    window: MainWindow, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Delete for good (the trash refused the images) and a Delete to the Trash at once:
    the status bar counted them as one, "Deleting 5 artworks, their images to the Trash",
    and the images deleted for good were said to be in the Trash, where the artist would
    look for them in vain. Each says where its own go, and how far it is."""
    library = window.library
    kept = [add_image(session, tmp_path, f"a petrel {n} the trash refused") for n in range(2)]
    taken = [add_image(session, tmp_path, f"a petrel {n} to the trash") for n in range(3)]
    library.apply_filter()
    await shown(library, *kept, *taken)
    to_trash = send2trash.send2trash
    refused = {str(s.file_path) for s in kept}
    gate = threading.Event()

    def slow(path: object) -> None:
        if str(path) in refused:
            no_trash(path)
        gate.wait(10)
        to_trash(path)

    monkeypatch.setattr(send2trash, "send2trash", slow)
    real_delete = session.engine.delete
    hold = asyncio.Event()

    async def held(job_id: int, *, for_good: bool = False) -> Snapshot | None:
        if for_good:
            await hold.wait()
        return await real_delete(job_id, for_good=for_good)

    monkeypatch.setattr(session.engine, "delete", held)
    answering(library, monkeypatch, True, True, True)
    said = delete_activity_said(window)
    try:
        click(library, kept[0])
        click(library, kept[1], CTRL)
        press(library, Qt.Key.Key_Delete)  # refused by the trash, then deleted for good
        await until(lambda: "Deleting 2 artworks for good… 0 %" in status_words(window))
        click(library, taken[0])
        for snap in taken[1:]:
            click(library, snap, CTRL)
        press(library, Qt.Key.Key_Delete)
        await until(lambda: "Moving 3 artworks to the Trash… 0 %" in status_words(window))
        assert "Deleting 2 artworks for good… 0 %" in status_words(window)
        hold.set()
        await until(lambda: all(library.model.row_of(s.id) is None for s in kept))
        await until(lambda: not window.bridge.deleting.intersection(s.id for s in kept))
        assert "for good" not in status_words(window)
        assert "Moving 3 artworks to the Trash… 0 %" in status_words(window)
    finally:
        hold.set()
        gate.set()
    await until(lambda: library.model.rowCount() == 0)
    await window.bridge.wait_idle()
    assert not [words for words in said if "5 artworks" in words], said
    assert "Trash" not in status_words(window)


async def test_the_preview_s_star_just_after_another_view_starred_acts_on_them_as_they_are(
    window: MainWindow, session: Session, tmp_path: Path
) -> None:
    """Three selected, the shown one starred, the other two starred by another view in one
    turn of the loop: the library's Star, pressed then, takes the three stars off (its
    actions put off are worked out first); the preview's, pointed at the selection as the
    library last told it, starred the three again, and the artist's Unstar did nothing."""
    library, preview = window.library, window.preview
    moth, heron, lynx = await three_images(session, tmp_path, library, "starred elsewhere")
    library.bridge.job_changed.emit(session.ledger.update(lynx.id, starred=True))
    click(library, moth)
    click(library, heron, CTRL)
    click(library, lynx, CTRL)
    await until(lambda: preview.snapshot is not None and preview.snapshot.id == lynx.id)
    assert preview.commands["star"].text() == "St&ar 3 selected artworks"

    for snapshot in (moth, heron):
        library.bridge.job_changed.emit(session.ledger.update(snapshot.id, starred=True))
    preview.commands["star"].trigger()
    await until(lambda: not any(session.ledger.get(s.id).starred for s in (moth, heron, lynx)))  # type: ignore[union-attr]


async def test_star_of_several_says_how_many_it_starred_and_unstarred(
    panel: LibraryPanel, session: Session, tmp_path: Path
) -> None:
    """Star of 300 selected said nothing in the status bar, where Delete of them says how
    many it deleted: the artist saw no word that the press did anything to those scrolled
    out of sight. One already starred is counted among those starred."""
    moth, heron, lynx = await three_images(session, tmp_path, panel, "starred together")
    session.ledger.update(heron.id, starred=True)
    panel.apply_filter()
    await until(lambda: panel.model.snapshot(panel.model.row_of(heron.id)).starred)
    said = notices_of(panel)
    press(panel, Qt.Key.Key_A, CTRL)
    press(panel, Qt.Key.Key_D, CTRL)
    await until(lambda: bool(said))
    assert said == ["Starred 3 artworks."]
    assert all(session.ledger.get(s.id).starred for s in (moth, heron, lynx))  # type: ignore[union-attr]
    await until(lambda: panel.commands["star"].text() == "Unst&ar 3 selected artworks")
    press(panel, Qt.Key.Key_D, CTRL)
    await until(lambda: len(said) == 2)
    assert said[1] == "Unstarred 3 artworks."


async def test_star_of_several_counts_what_the_library_holds_not_the_window_s_copy(
    panel: LibraryPanel, session: Session, tmp_path: Path
) -> None:
    """Star of several counted the one the window showed starred without asking the
    library: another program that took its star off meanwhile (the window not told yet)
    left it unstarred, and "Starred 3 artworks." was said of two. It is starred with the
    others, and the words count what the library holds."""
    moth, heron, lynx = await three_images(session, tmp_path, panel, "starred meanwhile")
    panel.bridge.job_changed.emit(session.ledger.update(heron.id, starred=True))
    await until(lambda: panel.model.snapshot(panel.model.row_of(heron.id)).starred)
    said = notices_of(panel)
    press(panel, Qt.Key.Key_A, CTRL)
    assert panel.commands["star"].text() == "St&ar 3 selected artworks"
    session.ledger.update(heron.id, starred=False)  # another program; the window not told

    press(panel, Qt.Key.Key_D, CTRL)
    await until(lambda: bool(said))
    await panel.bridge.wait_idle()
    assert said == ["Starred 3 artworks."]
    assert all(session.ledger.get(s.id).starred for s in (moth, heron, lynx))  # type: ignore[union-attr]


async def test_with_ctrl_a_the_preview_says_which_of_those_selected_it_shows(
    window: MainWindow, session: Session, tmp_path: Path
) -> None:
    """Ctrl+A keeps the tile clicked first current, and the preview shows it: its words
    said it was "the one chosen last", which it was not. They say now what it is: the
    library's current tile, the one its arrow keys move from."""
    library, preview = window.library, window.preview
    moth, *_others = await three_images(session, tmp_path, library, "all selected")
    click(library, moth)
    press(library, Qt.Key.Key_A, CTRL)
    await until(lambda: preview.selected_label.isVisible())
    assert preview.snapshot is not None
    assert preview.snapshot.id == moth.id == current_id(library)
    assert preview.selected_label.text() == (
        "3 artworks selected in the library; this is the current one there, which its "
        "arrow keys move from. Select it alone to use it as a reference."
    )


async def test_jobs_revealed_together_under_a_search_hiding_them_are_selected_together(
    panel: LibraryPanel, session: Session, tmp_path: Path
) -> None:
    """The crash banner's Show in the library selects every job it tells of, the newest
    current: under a search that hides them, it is cleared first, and they are selected
    together once the library is read again, not the newest alone."""
    cut = [add_job(session, JobState.UNKNOWN, f"a plover cut off {n}") for n in range(3)]
    other = add_image(session, tmp_path, "an owl the search shows")
    panel.search.setText("owl")
    panel.apply_filter()
    await shown(panel, other)
    assert panel.model.row_of(cut[0].id) is None

    assert panel.reveal_jobs(list(reversed(cut)))
    await until(lambda: selected_ids(panel) == {s.id for s in cut})
    assert current_id(panel) == cut[-1].id


async def test_an_arrow_after_a_tile_clicked_as_its_delete_took_it_starts_where_it_was(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tile clicked as its Delete takes it away leaves nothing selected; the next arrow
    went on from the library's first tile (no tile current, Qt starts there), scrolling
    the artist far from where they were. It goes on from the place the tile left: the tile
    that took it."""
    after = add_image(session, tmp_path, "a dunlin after them")
    doomed = [add_image(session, tmp_path, f"a dunlin {n} deleted") for n in range(3)]
    above = [add_image(session, tmp_path, f"a dunlin {n} above them") for n in range(6)]
    panel.apply_filter()
    await shown(panel, after, *doomed, *above)
    await nothing_selected_by_a_click_as_its_delete_took_it(panel, session, monkeypatch, doomed)

    press(panel, Qt.Key.Key_Right)
    assert current_id(panel) == after.id
    assert selected_ids(panel) == {after.id}


def ringed(panel: LibraryPanel) -> list[int]:
    """The artworks whose tiles are drawn with the focus ring round them on screen: the
    selection colour in the two pixels in from the middle of each side of the tile's cell,
    in the window as last painted (a grid painted afresh would hide a ring left behind)."""
    view = panel.view
    viewport = view.viewport()
    window = viewport.window()
    image = window.screen().grabWindow(window.winId()).toImage()
    offset = viewport.mapTo(window, QPoint(0, 0))
    highlight = view.palette().color(QPalette.ColorRole.Highlight)
    found = []
    for row in range(panel.model.rowCount()):
        cell = view.visualRect(panel.model.index(row))
        if not viewport.rect().contains(cell):
            continue
        room = max(cell.width() - TILE.width(), 0)
        cell.adjust(room // 2, 0, room // 2 - room, 0)
        cell.translate(offset)
        middle = cell.center()
        band = [
            point
            for depth in range(2)
            for point in (
                QPoint(cell.left() + depth, middle.y()),
                QPoint(cell.right() - depth, middle.y()),
                QPoint(middle.x(), cell.top() + depth),
                QPoint(middle.x(), cell.bottom() - depth),
            )
        ]
        if all(image.pixelColor(point) == highlight for point in band):
            found.append(panel.model.snapshot(row).id)
    return found


def click_empty_space(panel: LibraryPanel) -> None:
    """A click on the grid's empty space, after its last tile: it takes the focus, and no
    tile is made current."""
    last = panel.view.visualRect(panel.model.index(panel.model.rowCount() - 1))
    empty = last.bottomRight() + QPoint(20, 20)
    assert not panel.view.indexAt(empty).isValid()
    QTest.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, NONE, empty)


@pytest.mark.parametrize("how", ["deleted", "hidden by the Starred filter", "empty space clicked"])
async def test_the_grid_with_the_keys_and_no_tile_chosen_rings_the_tile_they_come_to(
    panel: LibraryPanel,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
) -> None:
    """The keyboard in the grid, no tile chosen: the tile chosen deleted as it was clicked,
    hidden by ★ Starred (a click that leaves the keys in the grid), or a click on the
    grid's empty space. Nothing in the grid showed where the keys were, nor that they were
    there at all. The tile an arrow comes to is ringed, as the chosen one is, unselected;
    the arrow then selects it. The ring goes with the keys."""
    after = add_image(session, tmp_path, "a godwit after them")
    doomed = [add_image(session, tmp_path, f"a curlew {n} deleted") for n in range(2)]
    above = [
        add_image(session, tmp_path, f"a curlew {n} above them", starred=True) for n in range(3)
    ]
    panel.apply_filter()
    await shown(panel, after, *doomed, *above)
    await settled(panel)
    comes_to = above[-1]  # the newest, the first tile
    if how == "deleted":
        await nothing_selected_by_a_click_as_its_delete_took_it(panel, session, monkeypatch, doomed)
        comes_to = after
    elif how == "hidden by the Starred filter":
        click(panel, doomed[0])
        QTest.mouseClick(panel.starred_only, Qt.MouseButton.LeftButton)
        await until(lambda: panel.model.rowCount() == len(above))
    else:
        click_empty_space(panel)
    assert QApplication.focusWidget() is panel.view
    assert selected_ids(panel) == set() and current_id(panel) is None
    await until(lambda: ringed(panel) == [comes_to.id])

    QTest.keyClick(panel.view, Qt.Key.Key_Right)
    assert selected_ids(panel) == {comes_to.id} and current_id(panel) == comes_to.id
    await settled(panel)
    assert ringed(panel) == [comes_to.id]
    panel.search.setFocus(Qt.FocusReason.TabFocusReason)
    await until(lambda: ringed(panel) == [])


@pytest.mark.parametrize("how", ["End", "a click on another tile"])
async def test_the_ring_round_the_tile_the_keys_come_to_goes_with_the_first_choice_elsewhere(
    panel: LibraryPanel, session: Session, tmp_path: Path, how: str
) -> None:
    """The grid's empty space clicked: the first tile is ringed, where an arrow comes to.
    End, or a click on another tile, chooses that one: the ring goes from the first tile
    to it, and none is left round the first, as if the keys were in two places."""
    made = [add_image(session, tmp_path, f"a sanderling {n}") for n in range(6)]
    panel.apply_filter()
    await shown(panel, *made)
    await settled(panel)
    first, last = made[-1], made[0]  # newest first
    click_empty_space(panel)
    await until(lambda: ringed(panel) == [first.id])

    if how == "End":
        QTest.keyClick(panel.view, Qt.Key.Key_End)
    else:
        click(panel, last)
    assert current_id(panel) == last.id
    await until(lambda: ringed(panel) == [last.id])


async def test_a_screen_reader_hears_the_ringed_tile_the_keys_are_on(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The grid's empty space clicked: the keys are in the grid, on the ringed tile, and
    none is current. A screen reader heard "Artworks, list" alone, nothing of the tile the
    keys were on. It is told of the ringed tile, as of a current one: its name is heard."""
    heard: list[str] = []

    def update(event: QAccessibleEvent) -> None:
        said = event.accessibleInterface()
        if event.type() == QAccessible.Event.Focus and said is not None:
            heard.append(said.text(QAccessible.Text.Name))

    monkeypatch.setattr(QAccessible, "updateAccessibility", update)
    made = [add_image(session, tmp_path, f"a turnstone {n}") for n in range(3)]
    panel.apply_filter()
    await shown(panel, *made)
    await settled(panel)
    click_empty_space(panel)
    first = made[-1]  # newest first
    await until(lambda: ringed(panel) == [first.id])
    assert current_id(panel) is None
    assert heard == ["a turnstone 2"]


@pytest.mark.parametrize("modifiers", [NONE, CTRL])
async def test_space_selects_the_ringed_tile(
    panel: LibraryPanel, session: Session, tmp_path: Path, modifiers: Qt.KeyboardModifier
) -> None:
    """The grid's empty space clicked: the first tile is ringed, none chosen. Space (and
    Ctrl+Space) did nothing there, where a Qt list selects the item the keys are on. It
    selects the ringed tile, and the preview shows it."""
    made = [add_image(session, tmp_path, f"a knot {n}") for n in range(3)]
    panel.apply_filter()
    await shown(panel, *made)
    await settled(panel)
    click_empty_space(panel)
    first = made[-1]  # newest first
    await until(lambda: ringed(panel) == [first.id])

    QTest.keyClick(panel.view, Qt.Key.Key_Space, modifiers)
    assert selected_ids(panel) == {first.id} and current_id(panel) == first.id


@pytest.mark.parametrize(("key", "modifiers"), [(Qt.Key.Key_F10, SHIFT), (Qt.Key.Key_Menu, NONE)])
async def test_shift_f10_opens_the_ringed_tiles_menu(
    panel: LibraryPanel,
    session: Session,
    tmp_path: Path,
    key: Qt.Key,
    modifiers: Qt.KeyboardModifier,
) -> None:
    """The grid's empty space clicked: the first tile is ringed, the keys on it, none
    chosen. Shift+F10 and the Menu key did nothing there, as if the keys were nowhere:
    the ringed tile's menu opens, the tile selected, as a right-click on it does."""
    made = [add_image(session, tmp_path, f"a plover {n}") for n in range(3)]
    panel.apply_filter()
    await shown(panel, *made)
    await settled(panel)
    click_empty_space(panel)
    first = made[-1]  # newest first
    await until(lambda: ringed(panel) == [first.id])

    QTest.keyClick(panel.view, key, modifiers)
    await until(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    assert "&Rename…" in [action.text() for action in menu.actions()]
    assert selected_ids(panel) == {first.id} and current_id(panel) == first.id
    menu.close()
    await until(lambda: QApplication.activePopupWidget() is None)


async def test_a_delete_of_every_tile_stopped_halfway_rings_the_first_tile_it_left(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+A, Delete: no tile stays, none is chosen, and none is ringed while they go.
    Another program took the library after the first had gone: the Delete stopped there,
    the others stayed, and the keys came to the first of them, but no ring showed it
    until something else painted the grid again."""
    made = [add_image(session, tmp_path, f"a whimbrel {n} held up") for n in range(4)]
    panel.apply_filter()
    await shown(panel, *made)
    remove, note = session.ledger.delete, session.ledger.note
    removed: list[int] = []

    def busy_after_one(job_id: int) -> None:
        if removed:
            raise LibraryBusyError()
        remove(job_id)
        removed.append(job_id)

    def noted_unless_busy(job_id: int, **values: Any) -> Snapshot:
        if removed:
            raise LibraryBusyError()
        return note(job_id, **values)

    monkeypatch.setattr(session.ledger, "delete", busy_after_one)
    monkeypatch.setattr(session.ledger, "note", noted_unless_busy)
    answering(panel, monkeypatch, True)
    press(panel, Qt.Key.Key_A, CTRL)
    press(panel, Qt.Key.Key_Delete)
    await until(lambda: bool(removed))
    await until(lambda: not panel.bridge.busy and not panel.bridge.deleting)
    await until(lambda: panel.model.rowCount() == 3)
    first = panel.model.snapshot(0)

    assert current_id(panel) is None and QApplication.focusWidget() is panel.view
    await until(lambda: ringed(panel) == [first.id])
    QTest.keyClick(panel.view, Qt.Key.Key_Right)
    assert current_id(panel) == first.id


async def test_a_paint_of_the_grid_with_every_tile_going_reads_none_of_them(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+A, Delete, with no tile staying: none is chosen and the keys stay in the grid.
    Each paint of it (the pointer over a tile, a run of them leaving) went through every
    tile to find the one the keys come to, and found none: ~12 ms a paint with 10 000
    going, more than the paint itself. It is looked for again only when that can change,
    and tiles leaving, with none to find, cannot."""
    made = [add_image(session, tmp_path, f"a stint {n} going") for n in range(12)]
    panel.apply_filter()
    await shown(panel, *made)
    told = deletions(panel.bridge)
    release = deletes_held_after_the_first(session, monkeypatch, told)
    answering(panel, monkeypatch, True)
    press(panel, Qt.Key.Key_A, CTRL)
    press(panel, Qt.Key.Key_Delete)
    viewport = panel.view.viewport()
    try:
        await until(lambda: bool(told))
        assert current_id(panel) is None and QApplication.focusWidget() is panel.view
        viewport.repaint()
        read: list[int] = []
        snapshot = LibraryModel.snapshot

        def counted(model: LibraryModel, row: int) -> Snapshot:
            read.append(row)
            return snapshot(model, row)

        monkeypatch.setattr(LibraryModel, "snapshot", counted)
        for _ in range(3):
            viewport.repaint()
        assert read == []
        viewport.setUpdatesEnabled(False)  # the paint below is the first since the tile left
        await until(lambda: panel.model.rowCount() == len(made) - 1)
        read.clear()
        viewport.setUpdatesEnabled(True)
        viewport.repaint()
        assert read == []
        assert ringed(panel) == []
    finally:
        release.set()


@pytest.mark.parametrize(
    ("jump", "then", "rows_on"),
    [(Qt.Key.Key_End, Qt.Key.Key_Up, -1), (Qt.Key.Key_Home, Qt.Key.Key_Down, 1)],
    ids=["end-then-up", "home-then-down"],
)
async def test_end_or_home_after_a_tile_clicked_as_its_delete_took_it_goes_to_the_end(
    panel: LibraryPanel,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    jump: Qt.Key,
    then: Qt.Key,
    rows_on: int,
) -> None:
    """With nothing selected, the keys go on from the tile that took the place of one
    clicked as its Delete took it; End (or Home) went there too, not to the last tile (the
    first), and the Up after it went a row up from the middle of the grid, as if it had
    cancelled the End. End then Up ends a row above the last tile; Home then Down, a row
    below the first."""
    below = [add_image(session, tmp_path, f"a knot {n} below them") for n in range(5)]
    after = add_image(session, tmp_path, "a knot after them")
    doomed = [add_image(session, tmp_path, f"a knot {n} deleted") for n in range(3)]
    above = [add_image(session, tmp_path, f"a knot {n} above them") for n in range(6)]
    panel.apply_filter()
    await shown(panel, *below, after, *doomed, *above)
    await nothing_selected_by_a_click_as_its_delete_took_it(panel, session, monkeypatch, doomed)

    press(panel, jump)
    press(panel, then)
    end = 0 if jump == Qt.Key.Key_Home else panel.model.rowCount() - 1
    row = end + rows_on * columns(panel)
    assert current_id(panel) == panel.model.snapshot(row).id
    assert selected_ids(panel) == {panel.model.snapshot(row).id}


async def test_a_tile_clicked_as_its_delete_refused_it_hands_its_place_on_when_deleted_again(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tile clicked while a Delete of several was on its way to it is left unselected as
    it goes. One the Trash refused stayed, current and selected, and was still marked as
    clicked as it went: the artist's own Delete of it later, asked from there, left nothing
    selected (the actions off) instead of the tile after it, as any Delete does."""
    after = add_image(session, tmp_path, "a merlin after them")
    refused = add_image(session, tmp_path, "a merlin the trash refused")
    first = add_image(session, tmp_path, "a merlin deleted first")
    before = add_image(session, tmp_path, "a merlin before them")
    panel.apply_filter()
    await shown(panel, after, refused, first, before)
    asked = answering(panel, monkeypatch, True, False, True)  # Delete 2; not for good; Delete
    release = asyncio.Event()
    delete = session.engine.delete
    calls: list[int] = []

    async def the_first_held_the_second_refused(job_id: int, **kwargs: Any) -> Snapshot | None:
        calls.append(job_id)
        if len(calls) == 1:
            await release.wait()
        elif len(calls) == 2:
            raise TrashError("no trash on that disk")
        return await delete(job_id, **kwargs)

    monkeypatch.setattr(session.engine, "delete", the_first_held_the_second_refused)
    click(panel, first)
    click(panel, refused, CTRL)
    press(panel, Qt.Key.Key_Delete)
    await until(lambda: bool(calls))
    click(panel, refused)  # the Delete not at it yet
    release.set()
    await until(lambda: len(asked) == 2)
    await panel.bridge.wait_idle()
    assert current_id(panel) == refused.id

    press(panel, Qt.Key.Key_Delete)
    await until(lambda: panel.model.rowCount() == 2)
    await panel.bridge.wait_idle()
    assert current_id(panel) == after.id
    assert selected_ids(panel) == {after.id}


async def test_a_delete_ending_while_the_next_is_asked_is_said_with_it(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Delete of three ending while the question of a Delete of one was open (it runs on
    behind the question): its words came behind the question, and the one's took their
    place a moment after it was answered. "Moved 3 artworks to the Trash." was never read:
    the one's words say what both moved, as when the three end after it was answered."""
    kept = add_image(session, tmp_path, "a sanderling kept")
    three = [add_image(session, tmp_path, f"a sanderling {n} of three") for n in range(3)]
    alone = add_image(session, tmp_path, "a sanderling deleted alone")
    panel.apply_filter()
    await shown(panel, kept, *three, alone)
    said = notices_of(panel)
    three_go = asyncio.Event()
    asked: list[str] = []

    def three_end_while_asked(title: str, _text: str, *_buttons: str) -> bool:
        asked.append(title)
        if len(asked) == 2:
            three_go.set()
            asking = QEventLoop()  # as the modal question's own loop, the app's tasks run on
            poll = QTimer()
            poll.timeout.connect(lambda: bool(said) and asking.quit())
            poll.start(10)
            asking.exec()
            poll.stop()
        return True

    monkeypatch.setattr(panel, "confirm", three_end_while_asked)
    gates = dict.fromkeys((s.id for s in three), three_go)
    await deleting_held_apart(panel, session, monkeypatch, three, gates)
    click(panel, alone)
    QTimer.singleShot(0, partial(press, panel, Qt.Key.Key_Delete))  # no task of the test's
    await until(lambda: len(said) == 2)
    await panel.bridge.wait_idle()
    assert said == ["Moved 3 artworks to the Trash.", "Moved 4 artworks to the Trash."]


async def test_a_tile_clicked_again_then_deleted_as_the_rows_are_read_again_hands_its_place_on(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A click on the tile already selected counts as the artist's choice as the button
    comes up, without the tile becoming current again: the window's own selecting of it
    again, as another program's write had the rows read again while its Delete went on,
    was taken for the artist's click on a tile being deleted, and it left nothing selected
    as it went, not the tile after it."""
    after = add_image(session, tmp_path, "a shag after it")
    doomed = add_image(session, tmp_path, "a shag clicked again, then deleted")
    before = add_image(session, tmp_path, "a shag before it")
    panel.apply_filter()
    await shown(panel, after, doomed, before)
    answering(panel, monkeypatch, True)
    release, asked = held_deletes(session, monkeypatch)
    click(panel, before)
    press(panel, Qt.Key.Key_Right)
    assert current_id(panel) == doomed.id
    click(panel, doomed)  # selected already: chosen again
    await deleted_through_a_read_again(panel, release, asked, (after, doomed, before))


async def test_star_of_several_stopped_by_a_busy_library_leaves_the_tiles_as_the_library_holds(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Star of several wrote each row in a transaction of its own: refused by the library
    (another program holding it) part way, it had starred those before, and the window,
    told of none, showed them unstarred under the banner, the ★ Starred filter later
    finding artworks the grid never showed starred. Refused, it stars none."""
    made = await three_images(session, tmp_path, panel, "starred as the library is busy")
    update = session.ledger.update
    calls: list[int] = []

    def busy_at_the_second(job_id: int, **values: Any) -> Snapshot:
        calls.append(job_id)
        if len(calls) == 2:
            raise LibraryBusyError()
        return update(job_id, **values)

    monkeypatch.setattr(session.ledger, "update", busy_at_the_second)
    errors: list[BaseException] = []
    monkeypatch.setattr(panel.bridge, "report", lambda error, *_a, **_k: errors.append(error))
    press(panel, Qt.Key.Key_A, CTRL)
    press(panel, Qt.Key.Key_D, CTRL)
    await until(lambda: bool(errors))
    await panel.bridge.wait_idle()
    for snap in made:
        row = panel.model.row_of(snap.id)
        assert row is not None
        held = session.ledger.get(snap.id)
        assert held is not None and held.starred == panel.model.snapshot(row).starred


async def test_a_search_typed_after_generate_is_not_cleared_by_the_new_job(
    window: MainWindow, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Generate pressed (an edit's large reference being kept: seconds), then a search typed
    in the library to find another artwork. Before, the new job, made meanwhile, cleared
    the search being typed ("her", then "on" ended as "on"), as if the artist had chosen
    nothing since the press. The search stays, and the status bar says it hides the image."""
    library = window.library
    _moth, heron, _lynx = await three_images(session, tmp_path, library, "as a search is typed")
    release = first_submit_held(session, monkeypatch)
    generate(window, "a fox made as a search is typed")
    library.search.setFocus(Qt.FocusReason.OtherFocusReason)
    QTest.keyClicks(library.search, "her")
    library.apply_filter()
    await until(lambda: library.model.rowCount() == 1 and not library.model.reading)
    release.set()
    await generated(session, "a fox made as a search is typed")
    await window.bridge.wait_idle()
    assert window.statusBar().currentMessage() == (
        "The library's search and filters hide the new image."
    )
    QTest.keyClicks(library.search, "on")
    assert library.search.text() == "heron"
    library.apply_filter()
    await until(lambda: not library.model.reading)
    assert library.model.row_of(heron.id) is not None


async def test_a_filter_chosen_after_an_import_is_not_cleared_at_the_batchs_end(
    window: MainWindow, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Add to library pressed on a batch (minutes for many files), then ★ Starred turned on
    in the library to look through the starred artworks meanwhile. Before, the batch's end
    turned it off again to show the artwork brought in."""
    library, tab = window.library, window.upload_tab
    made = await three_images(session, tmp_path, library, "as a filter is chosen")
    session.ledger.update(made[0].id, starred=True)
    go_on = await importing_held(tab, tmp_path, monkeypatch, "a hare brought in as starred.png")
    library.starred_only.click()
    await until(lambda: library.model.rowCount() == 1 and not library.model.reading)
    go_on.set()
    await until(lambda: not tab.busy)
    await window.bridge.wait_idle()
    assert library.starred_only.isChecked()


async def test_an_import_whose_last_file_the_search_shows_says_how_many_it_hides(
    window: MainWindow, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Add to library pressed on two files, then a search typed in the library that finds
    the last one only: the status bar says one of the two is hidden. Before, only the
    batch's last artwork was looked at, and the hidden one went unsaid, as if the import
    had brought in one file."""
    library, tab = window.library, window.upload_tab
    copying, go_on = held_imports(monkeypatch, "a hare brought in.png")
    tab.add_files(
        [
            write_png(tmp_path / "a hare brought in.png", colour="olive"),
            write_png(tmp_path / "a heron brought in.png", colour="navy"),
        ]
    )
    await until(lambda: not tab.checking)
    tab.add_button.click()
    await until(copying.is_set)
    library.search.setFocus(Qt.FocusReason.OtherFocusReason)
    QTest.keyClicks(library.search, "heron")
    library.apply_filter()
    await until(lambda: not library.model.reading)
    go_on.set()
    await until(lambda: not tab.busy)
    await window.bridge.wait_idle()
    assert window.statusBar().currentMessage() == (
        "1 of the 2 new images is hidden by the library's search and filters."
    )
    assert library.search.text() == "heron"


async def test_a_down_held_for_the_next_page_after_generate_is_not_made_from_the_new_job(
    window: MainWindow, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Generate pressed, then Down on the last tile loaded, held while the next page is
    read (a slow disk). Before, a move held was no choice until made: the new job, made
    meanwhile, was shown, and the Down was then made from it once the page came, selecting
    the tile after the new job, one neither the artist nor the window chose."""
    library = window.library
    made = await paged_library(library, session, tmp_path, monkeypatch, "a wren {n} paged")
    go = held_pages(session, monkeypatch)
    click(library, made[25])  # the last tile loaded
    release = first_submit_held(session, monkeypatch)
    generate(window, "a fox made as a Down waits")
    press(library, Qt.Key.Key_Down)
    await until(lambda: library.model.reading)
    release.set()
    fox = await generated(session, "a fox made as a Down waits")
    await until(lambda: library.model.row_of(fox.id) is not None)
    await idle_but_the_held_page(window.bridge)
    go.set()
    await until(lambda: not library.model.reading and library.model.rowCount() > 21)
    await window.bridge.wait_idle()
    assert current_id(library) == made[24].id


async def test_a_down_held_as_generate_is_pressed_is_dropped_once_the_new_job_is_shown(
    window: MainWindow, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Down on the last tile loaded, held while the next page is read, then Ctrl+Enter from
    the grid: nothing chosen since that press, its new job is shown. Before, the Down held
    was then made from the new job's tile once the page came: the tile after it was
    selected, not the new job."""
    library = window.library
    made = await paged_library(library, session, tmp_path, monkeypatch, "a finch {n} paged")
    go = held_pages(session, monkeypatch)
    click(library, made[25])  # the last tile loaded
    press(library, Qt.Key.Key_Down)
    await until(lambda: library.model.reading)
    window.generate_tab.prompt.setPlainText("a fox made as Ctrl+Enter is pressed")
    QTest.keyClick(library.view, Qt.Key.Key_Return, CTRL)
    fox = await generated(session, "a fox made as Ctrl+Enter is pressed")
    await until(lambda: current_id(library) == fox.id)
    go.set()
    await until(lambda: not library.model.reading and library.model.rowCount() > 21)
    await window.bridge.wait_idle()
    assert current_id(library) == fox.id
    assert selected_ids(library) == {fox.id}


async def test_an_artwork_the_artist_asked_to_see_after_generate_stays_shown(
    window: MainWindow, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Generate pressed, then the preview's link to an edit's reference followed ("show the
    artwork this edit came from"): the library shows that artwork. Before, the new job,
    made a moment later, took the selection from it, the link's work undone, as a click on
    the artwork's tile would not have been."""
    library = window.library
    moth, _heron, _lynx = await three_images(session, tmp_path, library, "as a link is followed")
    release = first_submit_held(session, monkeypatch)
    generate(window, "a fox made as a link is followed")
    window.show_reference_artwork(moth.id)  # the preview's link
    await until(lambda: current_id(library) == moth.id)
    release.set()
    await generated(session, "a fox made as a link is followed")
    await window.bridge.wait_idle()
    assert current_id(library) == moth.id


async def test_end_pressed_after_generate_in_a_search_is_not_undone_by_the_new_job(
    window: MainWindow, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search shows a long list; Generate pressed, then End in the grid, which waits for
    the rest of the list to be read (a large library, a slow disk). Before, End counted as
    the artist's choice only once made: the new job, made meanwhile, was shown as if
    nothing had been chosen, the search cleared to show it, and the End lost."""
    library = window.library
    made = await paged_library(library, session, tmp_path, monkeypatch, "a wren {n} searched")
    library.search.setText("wren")
    library.apply_filter()
    await until(lambda: not library.model.reading)
    library.model.reload("wren", rows=20)  # its first page of 20
    await until(lambda: library.model.rowCount() == 20 and library.model.canFetchMore())
    go = held_pages(session, monkeypatch)
    click(library, made[44])
    release = first_submit_held(session, monkeypatch)
    generate(window, "a fox made as End waits")
    press(library, Qt.Key.Key_End)
    await until(lambda: library.model.reading)
    release.set()
    await generated(session, "a fox made as End waits")
    await idle_but_the_held_page(window.bridge)
    go.set()
    await until(lambda: not library.model.reading)
    await window.bridge.wait_idle()
    assert library.search.text() == "wren"
    assert current_id(library) == made[0].id


async def test_a_new_job_the_completed_filter_will_show_is_not_said_to_be_hidden(
    window: MainWindow, session: Session, tmp_path: Path
) -> None:
    """Under the "Completed" filter, Generate pressed and another tile clicked before the
    new job came. Before, the status bar said "The library's search and filters hide the
    new image." of the job as made, still running; then it appeared as it finished."""
    library = window.library
    made = await three_images(session, tmp_path, library, "completed as a fox is made")
    library.state_filter.setCurrentIndex(2)  # Completed
    await until(lambda: library.model.rowCount() == 3 and not library.model.reading)
    click(library, made[0])
    generate(window, "a fox the completed filter shows once done")
    click(library, made[1])
    fox = await generated(session, "a fox the completed filter shows once done")
    await until(lambda: library.model.row_of(fox.id) is not None)
    await window.bridge.wait_idle()
    assert window.statusBar().currentMessage() != (
        "The library's search and filters hide the new image."
    )
    assert current_id(library) == made[1].id


async def test_a_link_to_an_artwork_gone_after_generate_keeps_nothing(
    window: MainWindow, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Generate pressed, then a preview link followed to an artwork deleted since: "That
    artwork is no longer in the library.", the library left as it was. Before, no artwork
    was shown, yet the link counted as the artist's choice: the new job, made a moment
    later, was not shown (the grid stayed on the tile it was on)."""
    library = window.library
    moth, _heron, _lynx = await three_images(session, tmp_path, library, "as a dead link")
    gone = add_job(session, JobState.FAILED, "a vase deleted since", error_kind="server")
    session.ledger.delete(gone.id)
    library.select_job(moth.id)
    await until(lambda: current_id(library) == moth.id)
    release = first_submit_held(session, monkeypatch)
    generate(window, "a fox made as a dead link is followed")
    window.show_linked_artwork(gone.id)  # the preview's link, to an artwork gone
    await until(lambda: "no longer" in window.statusBar().currentMessage())
    release.set()
    fox = await generated(session, "a fox made as a dead link is followed")
    await window.bridge.wait_idle()
    assert current_id(library) == fox.id


async def test_an_artwork_key_greyed_for_several_says_why(
    panel: LibraryPanel, session: Session, tmp_path: Path
) -> None:
    """With several selected, F2, Ctrl+C and Ctrl+Shift+C (about one artwork), Ctrl+P and
    Ctrl+S (none of them with an image) did nothing and said nothing, where with one
    selected or none each says why. They say why; Ctrl+D still stars them all."""
    panel.publish_enabled = True
    first = add_job(session, JobState.FAILED, "a fox that failed")
    second = add_job(session, JobState.FAILED, "a heron that failed")
    panel.apply_filter()
    await shown(panel, first, second)
    click(panel, first)
    click(panel, second, CTRL)
    assert selected_ids(panel) == {first.id, second.id}
    said = notices_of(panel)
    for key, modifiers in [
        (Qt.Key.Key_F2, NONE),
        (Qt.Key.Key_C, CTRL),
        (Qt.Key.Key_C, CTRL | Qt.KeyboardModifier.ShiftModifier),
        (Qt.Key.Key_P, CTRL),
        (Qt.Key.Key_S, CTRL),
    ]:
        press(panel, key, modifiers)
    assert said == [
        "Rename is for one artwork at a time, and 2 are selected: click one to select it alone.",
        "Copy image is for one artwork at a time, and 2 are selected: click one to select it "
        "alone.",
        "Copy prompt is for one artwork at a time, and 2 are selected: click one to select it "
        "alone.",
        "Nothing to publish: the 2 artworks selected are published already, or have no image.",
        "Nothing to save: none of the 2 artworks selected has its image file.",
    ]
    press(panel, Qt.Key.Key_D, CTRL)
    await until(lambda: all(session.ledger.get(s.id).starred for s in (first, second)))  # type: ignore[union-attr]


async def test_the_delete_question_keeps_its_words_after_a_right_to_left_title(
    panel: LibraryPanel, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A title holding a right-to-left override (U+202E, pasted from a web page) turned the
    question's words after it around: "Delete “…”?" ended "?”". The title is isolated
    (U+2068 … U+2069, invisible), as a banner's and a status bar notice's are."""
    failed = add_job(session, JobState.FAILED, "a curlew \u202eeteled")
    panel.apply_filter()
    await shown(panel, failed)
    asked = answering(panel, monkeypatch, False)
    click(panel, failed)
    press(panel, Qt.Key.Key_Delete)

    assert asked[0][1].split("\n")[0] == "Delete “\u2068a curlew \u202eeteled\u202c\u2069”?"


async def test_a_lone_isolate_closer_in_a_title_cannot_turn_the_question_around(
    panel: LibraryPanel, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A title holding a lone U+2069 before its right-to-left override closed the isolation
    round it early, and the override turned "”?" around again. The lone closer is left out
    and the override closed where the title ends."""
    failed = add_job(session, JobState.FAILED, "a curlew \u2069\u202eeteled")
    panel.apply_filter()
    await shown(panel, failed)
    asked = answering(panel, monkeypatch, False)
    click(panel, failed)
    press(panel, Qt.Key.Key_Delete)

    assert asked[0][1].split("\n")[0] == "Delete “\u2068a curlew \u202eeteled\u202c\u2069”?"
