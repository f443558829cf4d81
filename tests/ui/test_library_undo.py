"""The library's Undo and Redo: Rename, Edit details, Add tags and Star taken back and done
again, in the Edit menu by name and with Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y in the library, on a
real library file; an artwork changed or deleted by another route meanwhile says why not."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import hashlib
import logging
import os
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import send2trash
from PySide6.QtCore import QItemSelectionModel, QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu

from kontext_studio.errors import LibraryBusyError, LibraryReadError
from kontext_studio.jobs.states import JobState
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.session import Session
from kontext_studio.store import undo as undo_store
from kontext_studio.store.details import DetailsEdit
from kontext_studio.store.ledger import Ledger, Snapshot
from kontext_studio.store.order import LibraryOrder
from kontext_studio.store.undo import Deleted, KeptFolder, keep_image
from kontext_studio.ui import job_actions, library_model, library_undo
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.library_model import LibraryModel
from kontext_studio.ui.library_panel import LibraryPanel
from kontext_studio.ui.main_window import MainWindow
from kontext_studio.ui.notifications import BannerKind, MessageBanner
from kontext_studio.ui.plain_text import plain_tooltip
from kontext_studio.ui.reference_slot import ReferenceSlot, SlotState
from tests.ui.conftest import banner_messages, until
from tests.ui.test_library import (
    add_image,
    add_job,
    kept_completed,
    loaded_panel,
    one_generate_of_four,
    trashed,
)
from tests.ui.test_library_selection import no_trash, trash_refuses
from tests.ui.test_library_sort import choose_sort, shown_ids
from tests.ui.test_preview import finished, linked_row, make_panel
from tests.ui.test_publishing import errors_shown, point_r2_at
from tests.ui.test_shortcuts import CTRL, press
from tests.ui.test_window import close_window, open_window

SHIFT = Qt.KeyboardModifier.ShiftModifier


def tile_title(panel: LibraryPanel, job_id: int) -> str:
    row = panel.model.row_of(job_id)
    assert row is not None
    return str(panel.model.data(panel.model.index(row)))


def tile_starred(panel: LibraryPanel, job_id: int) -> bool:
    row = panel.model.row_of(job_id)
    assert row is not None
    return bool(panel.model.data(panel.model.index(row), LibraryModel.StarredRole))


def news_of(panel: LibraryPanel) -> list[tuple[str, str]]:
    """The banners of news (not of errors) ``panel``'s Undo raises from now on: what
    happened, and what to do."""
    seen: list[tuple[str, str]] = []
    panel.job_actions.undo.news.connect(lambda said: seen.append((said.message, said.hint)))
    return seen


def banners_of(panel: LibraryPanel) -> list[str]:
    """The first lines of the error banners ``panel``'s work raises from now on: its
    bridge's, and its Undo's refusals kept to be taken again, which it says itself."""
    seen = banner_messages(panel.bridge)
    panel.job_actions.undo.refused.connect(lambda said: seen.append(said.message))
    return seen


async def undone(panel: LibraryPanel, bridge: Bridge) -> None:
    panel.key_actions["undo"].trigger()
    await bridge.wait_idle()


async def redone(panel: LibraryPanel, bridge: Bridge) -> None:
    panel.key_actions["redo"].trigger()
    await bridge.wait_idle()


async def news_of_undo(panel: LibraryPanel, bridge: Bridge) -> list[tuple[str, str]]:
    """The banners of news ``panel``'s next Undo raises (:func:`news_of`), that Undo done."""
    news = news_of(panel)
    await undone(panel, bridge)
    return news


COPY_GONE = "the copy Kontext Studio kept to undo its Delete is no longer there"
NO_COPY = "no copy of it could be kept as it was deleted"  # the disk full, say


def left_in_trash(title: str, why: str) -> tuple[str, str]:
    """The news of an Undo that brought the artwork ``title`` back without its image, for the
    reason ``why``: what happened, and what to do."""
    return (
        f"“{title}” came back without its image: {why}.",
        "Its image may still be in the Trash: restore it from there to put it back.",
    )


async def library_with_a_moth(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> tuple[LibraryPanel, Snapshot]:
    """A shown library of one artwork, "a moth on a lamp" (a failed job: no image to keep)."""
    moth = add_job(session, JobState.FAILED, "a moth on a lamp")
    return await loaded_panel(bridge, owned), moth


async def test_rename_is_undone_and_redone_on_its_tile(
    bridge: Bridge, session: Session, owned: list[QObject], monkeypatch: pytest.MonkeyPatch
) -> None:
    panel, moth = await library_with_a_moth(bridge, session, owned)
    panel.select_job(moth.id)
    undo, redo = panel.key_actions["undo"], panel.key_actions["redo"]
    assert (undo.text(), undo.isEnabled()) == ("&Undo", False)
    assert (redo.text(), redo.isEnabled()) == ("Red&o", False)

    monkeypatch.setattr(panel, "ask_title", lambda _snapshot: "Night moth")
    panel.commands["rename"].trigger()
    await until(lambda: tile_title(panel, moth.id) == "Night moth")
    await until(lambda: undo.isEnabled())
    assert undo.text() == "&Undo Rename"

    await undone(panel, bridge)
    assert tile_title(panel, moth.id) == "a moth on a lamp"
    assert session.ledger.get(moth.id).title == ""  # type: ignore[union-attr]
    assert (undo.isEnabled(), redo.text()) == (False, "Red&o Rename")

    await redone(panel, bridge)
    assert tile_title(panel, moth.id) == "Night moth"
    assert session.ledger.get(moth.id).title == "Night moth"  # type: ignore[union-attr]
    assert (undo.text(), redo.isEnabled()) == ("&Undo Rename", False)


async def test_edit_details_is_undone_whole_then_redone(
    bridge: Bridge, session: Session, owned: list[QObject], monkeypatch: pytest.MonkeyPatch
) -> None:
    panel, moth = await library_with_a_moth(bridge, session, owned)
    panel.select_job(moth.id)
    edit = DetailsEdit(title="Night moth", description="pencil study", tags="insect, ink")
    monkeypatch.setattr(panel, "ask_details", lambda _snapshots: edit)
    panel.commands["details"].trigger()
    await until(lambda: panel.key_actions["undo"].text() == "&Undo Edit details")
    assert panel.current_snapshot().tags == "insect, ink"  # type: ignore[union-attr]

    await undone(panel, bridge)
    shown = panel.current_snapshot()
    assert shown is not None
    assert (shown.title, shown.description, shown.tags) == ("", "", "")
    assert tile_title(panel, moth.id) == "a moth on a lamp"

    await redone(panel, bridge)
    shown = panel.current_snapshot()
    assert shown is not None
    assert (shown.title, shown.description, shown.tags) == (
        "Night moth",
        "pencil study",
        "insect, ink",
    )
    assert tile_title(panel, moth.id) == "Night moth"


async def test_star_of_several_and_add_tags_are_undone_in_turn(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    images = [add_image(session, tmp_path, f"a fox number {n}", tags="fox") for n in range(3)]
    panel = await loaded_panel(bridge, owned)
    for image in images:
        panel.select_job(image.id)
    panel.key_actions["select_all"].trigger()
    await until(lambda: len(panel.job_actions.several) == 3)

    panel.commands["star"].trigger()
    await until(lambda: all(tile_starred(panel, s.id) for s in images))
    await until(lambda: panel.key_actions["undo"].text() == "&Undo Star 3 artworks")

    monkeypatch.setattr(panel, "ask_details", lambda _snapshots: DetailsEdit(tags="ink"))
    panel.commands["details"].trigger()
    await until(lambda: panel.key_actions["undo"].text() == "&Undo Add tags to 3 artworks")
    assert all(session.ledger.get(s.id).tags == "fox, ink" for s in images)  # type: ignore[union-attr]

    await undone(panel, bridge)  # the tags
    assert all(session.ledger.get(s.id).tags == "fox" for s in images)  # type: ignore[union-attr]
    assert all(tile_starred(panel, s.id) for s in images)
    assert panel.key_actions["undo"].text() == "&Undo Star 3 artworks"
    await undone(panel, bridge)  # the star
    assert not any(tile_starred(panel, s.id) for s in images)
    assert panel.model.rowCount() == 3

    await redone(panel, bridge)
    assert all(tile_starred(panel, s.id) for s in images)
    assert panel.key_actions["redo"].text() == "Red&o Add tags to 3 artworks"


async def test_an_undo_says_so_in_the_status_bar(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    panel, moth = await library_with_a_moth(bridge, session, owned)
    panel.select_job(moth.id)
    said: list[str] = []
    panel.notice.connect(said.append)
    panel.commands["star"].trigger()
    await until(lambda: panel.key_actions["undo"].text() == "&Undo Star")
    await undone(panel, bridge)
    assert said[-1] == "Undid Star."
    assert not tile_starred(panel, moth.id)
    await redone(panel, bridge)
    assert said[-1] == "Redid Star."
    assert tile_starred(panel, moth.id)


async def test_an_undo_over_a_change_made_elsewhere_says_why_it_cannot(
    bridge: Bridge, session: Session, owned: list[QObject], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Renamed again by a command meanwhile: Undo does not write over it, says why, and is
    offered no more for that step; deleted meanwhile: said so, no traceback."""
    moth = add_job(session, JobState.FAILED, "a moth on a lamp")
    heron = add_job(session, JobState.FAILED, "a heron in ink")
    panel = await loaded_panel(bridge, owned)
    said = banners_of(panel)
    monkeypatch.setattr(panel, "ask_title", lambda _snapshot: "Night moth")
    panel.select_job(moth.id)
    panel.commands["rename"].trigger()
    await until(lambda: tile_title(panel, moth.id) == "Night moth")
    monkeypatch.setattr(panel, "ask_title", lambda _snapshot: "Grey heron")
    panel.select_job(heron.id)
    panel.commands["rename"].trigger()
    await until(lambda: panel.key_actions["undo"].isEnabled())
    await until(lambda: tile_title(panel, heron.id) == "Grey heron")

    session.ledger.update(heron.id, title="Heron by a command")  # another program
    await undone(panel, bridge)
    assert said and "“Heron by a command” was changed meanwhile" in said[-1]
    assert session.ledger.get(heron.id).title == "Heron by a command"  # type: ignore[union-attr]
    assert panel.key_actions["undo"].text() == "&Undo Rename"  # the moth's, still there

    session.ledger.delete(moth.id)  # another program
    await undone(panel, bridge)
    assert "“Night moth” was deleted meanwhile" in said[-1]
    assert not panel.key_actions["undo"].isEnabled()


@pytest.fixture
async def window(session: Session, bridge: Bridge) -> AsyncIterator[MainWindow]:
    made = await open_window(session, bridge)
    made.activateWindow()
    yield made
    await close_window(made)


async def library_showing(window: MainWindow, artwork: Snapshot) -> LibraryPanel:
    """The window's library read again (rows another program or the test added) and
    showing ``artwork``."""
    library = window.library
    library.apply_filter()
    await until(lambda: library.model.row_of(artwork.id) is not None)
    return library


def kept_link(panel: LibraryPanel) -> Path:
    """The link the last Delete kept of its one image, for its Undo."""
    (link,) = panel.job_actions.undo._steps[-1].kept()
    assert link is not None
    return link


def edit_menu(window: MainWindow) -> QMenu:
    (menu,) = [action.menu() for action in window.menuBar().actions() if action.text() == "&Edit"]
    assert isinstance(menu, QMenu)
    return menu


async def test_ctrl_z_in_the_library_undoes_and_the_prompt_keeps_its_own(
    window: MainWindow, bridge: Bridge, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    moth = add_job(session, JobState.FAILED, "a moth on a lamp")
    library = await library_showing(window, moth)  # read again, the row added by another program
    library.select_job(moth.id)
    monkeypatch.setattr(library, "ask_title", lambda _snapshot: "Night moth")
    library.commands["rename"].trigger()
    await until(lambda: tile_title(library, moth.id) == "Night moth")
    await until(lambda: library.key_actions["undo"].isEnabled())
    texts = [action.text() for action in edit_menu(window).actions()]
    assert texts[:2] == ["&Undo Rename", "Red&o"]

    prompt = window.generate_tab.prompt
    prompt.setFocus()
    prompt.insertPlainText("a fox")
    press(prompt, Qt.Key.Key_Z, CTRL)  # the prompt's own Undo
    await bridge.wait_idle()
    assert prompt.toPlainText() == ""
    assert tile_title(library, moth.id) == "Night moth"

    press(library.view, Qt.Key.Key_Z, CTRL)
    await until(lambda: tile_title(library, moth.id) == "a moth on a lamp")
    press(library.view, Qt.Key.Key_Z, CTRL | SHIFT)
    await until(lambda: tile_title(library, moth.id) == "Night moth")
    press(library.view, Qt.Key.Key_Z, CTRL)
    await until(lambda: tile_title(library, moth.id) == "a moth on a lamp")
    press(library.view, Qt.Key.Key_Y, CTRL)
    await until(lambda: tile_title(library, moth.id) == "Night moth")


# -- Delete -----------------------------------------------------------------------------------


def agree(panel: LibraryPanel, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(panel, "confirm", lambda *_asked: True)


def tile_of(panel: LibraryPanel, title: str) -> Snapshot:
    """The artwork whose tile reads ``title`` (a Delete undone brings it back under a new
    id: ids are never given twice)."""
    found = [
        panel.model.data(panel.model.index(row), LibraryModel.SnapshotRole)
        for row in range(panel.model.rowCount())
        if panel.model.data(panel.model.index(row)) == title
    ]
    assert len(found) == 1, title
    return found[0]


def with_hash(session: Session, snapshot: Snapshot) -> Snapshot:
    digest = hashlib.sha256(Path(snapshot.file_path).read_bytes()).hexdigest()
    return session.ledger.update(snapshot.id, sha256=digest)


async def deleted(panel: LibraryPanel, bridge: Bridge, left: int = 0) -> None:
    """The library's Delete of its selection, agreed to (:func:`agree`), done: ``left``
    tiles shown, and its work (the links kept for Undo, the trash) over."""
    panel.commands["delete"].trigger()
    await until(lambda: panel.model.rowCount() == left)
    await bridge.wait_idle()


async def delete_agreed(
    panel: LibraryPanel,
    bridge: Bridge,
    monkeypatch: pytest.MonkeyPatch,
    job_id: int,
    left: int = 0,
) -> None:
    """The artwork ``job_id`` selected and deleted, its question agreed to: :func:`deleted`."""
    panel.select_job(job_id)
    agree(panel, monkeypatch)
    await deleted(panel, bridge, left)


def slow_digests(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """The hashes of images read from a disk that takes its time: each image read as it
    was when its read began, ``reading`` set then, and the read over once the test sets
    ``read`` (in a ``finally``, else a failed test leaves the read waiting)."""
    reading, read = threading.Event(), threading.Event()
    digest = undo_store._digest

    def slow(path: Path) -> str:
        hashed = digest(path)
        reading.set()
        read.wait(30)
        return hashed

    monkeypatch.setattr(undo_store, "_digest", slow)
    return reading, read


async def back_without_its_image(
    panel: LibraryPanel, bridge: Bridge, monkeypatch: pytest.MonkeyPatch, artwork: Snapshot
) -> Snapshot:
    """``artwork`` deleted with no copy of its image kept (a full disk), its image in the
    Trash, then brought back by Undo without it: its tile (under a new id)."""
    monkeypatch.setattr("kontext_studio.ui.job_actions.keep_image", lambda *_: None)
    await delete_agreed(panel, bridge, monkeypatch, artwork.id, panel.model.rowCount() - 1)
    await undone(panel, bridge)
    return tile_of(panel, artwork.title)


async def test_delete_of_one_is_undone_with_its_image_details_and_star_then_redone(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fox = with_hash(session, add_image(session, tmp_path, "a red fox"))
    fox = session.ledger.update(
        fox.id,
        title="Fox at dusk",
        description="ink and wash",
        tags="fox, ink",
        starred=True,
        published_key="art/fox.png",
        published_url="https://example.test/art/fox.png",
        published_at=1.0,
    )
    image = Path(fox.file_path).read_bytes()
    panel = await loaded_panel(bridge, owned)
    await delete_agreed(panel, bridge, monkeypatch, fox.id)
    assert not Path(fox.file_path).exists()
    assert panel.key_actions["undo"].text() == "&Undo Delete"

    await undone(panel, bridge)
    assert panel.model.rowCount() == 1
    back = tile_of(panel, "Fox at dusk")
    assert back.id != fox.id  # ids are never given twice
    assert (back.description, back.tags, back.starred) == ("ink and wash", "fox, ink", True)
    assert tile_starred(panel, back.id)
    # A Delete never touches the bucket: its copy there is still published.
    assert (back.published_key, back.published_url) == (fox.published_key, fox.published_url)
    assert back.trashed_at is None
    assert Path(fox.file_path).read_bytes() == image
    assert panel.key_actions["redo"].text() == "Red&o Delete"

    await redone(panel, bridge)
    await until(lambda: panel.model.rowCount() == 0)
    assert not Path(fox.file_path).exists()
    assert session.ledger.get(back.id) is None
    await undone(panel, bridge)  # and back again, from the Redo's own keeping
    assert tile_of(panel, "Fox at dusk").starred
    assert Path(fox.file_path).read_bytes() == image


async def test_delete_of_several_is_undone_as_one_step(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    images = [add_image(session, tmp_path, f"a fox number {n}", tags="fox") for n in range(3)]
    add_job(session, JobState.FAILED, "a heron in ink")  # stays out of it
    panel = await loaded_panel(bridge, owned)
    panel.select_job(images[0].id)
    for image in images[1:]:
        panel.view.selectionModel().select(
            panel.model.index(panel.model.row_of(image.id)),
            QItemSelectionModel.SelectionFlag.Select,
        )
    await until(lambda: len(panel.job_actions.several) == 3)
    agree(panel, monkeypatch)
    await deleted(panel, bridge, left=1)
    assert panel.key_actions["undo"].text() == "&Undo Delete 3 artworks"

    await undone(panel, bridge)
    assert panel.model.rowCount() == 4
    assert {tile_of(panel, f"a fox number {n}").tags for n in range(3)} == {"fox"}
    assert all(Path(image.file_path).is_file() for image in images)
    await redone(panel, bridge)
    await until(lambda: panel.model.rowCount() == 1)
    assert not any(Path(image.file_path).exists() for image in images)


async def test_a_delete_whose_image_place_was_taken_is_undone_once_it_is_moved_away(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fox = with_hash(session, add_image(session, tmp_path, "a red fox"))
    panel = await loaded_panel(bridge, owned)
    said = banners_of(panel)
    await delete_agreed(panel, bridge, monkeypatch, fox.id)

    Path(fox.file_path).write_bytes(b"another file")  # saved there by another program
    await undone(panel, bridge)
    assert said and "Another file is now where the image of “a red fox” was" in said[-1]
    assert panel.model.rowCount() == 0
    assert Path(fox.file_path).read_bytes() == b"another file"  # left as it is
    Path(fox.file_path).unlink()  # moved away, as the words say: Undo is offered still
    await undone(panel, bridge)
    assert panel.model.rowCount() == 1
    panel.select_job(tile_of(panel, "a red fox").id)
    await deleted(panel, bridge)
    hare = with_hash(session, add_image(session, tmp_path, "a hare"))
    panel.apply_filter()
    await until(lambda: panel.model.row_of(hare.id) is not None)
    panel.select_job(hare.id)
    await deleted(panel, bridge)
    step = panel.job_actions.undo._steps[-1]  # the hare's Delete
    (kept,) = step.kept()
    assert kept is not None and kept.parent.parent == session.paths.data / "undo"
    kept.write_bytes(b"changed")  # the image, changed on disk (in the trash, say)
    assert await news_of_undo(panel, bridge) == [
        left_in_trash(
            "a hare", "the image was changed on disk since it was deleted, so it was not put back"
        )
    ]
    assert "a hare" not in " ".join(said), "nothing failed: no error banner"
    assert tile_of(panel, "a hare").sha256 == hare.sha256
    assert not Path(hare.file_path).exists()


async def test_a_delete_of_several_brings_back_each_it_can_and_names_the_images_it_cannot(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One image saved over in place by another program before the Delete (its row's hash
    that of the image as imported), one whose kept copy went before the Undo: before, the
    Undo refused the whole Delete, said the first was "changed on disk since it was
    deleted", and dropped it, every artwork in it lost."""
    fox, hare, owl, moth = (
        with_hash(session, add_image(session, tmp_path, title))
        for title in ("a red fox", "a hare", "an owl", "a moth")
    )
    Path(fox.file_path).write_bytes(b"the fox as painted over in another program")
    panel = await loaded_panel(bridge, owned)
    said = banners_of(panel)
    panel.view.selectAll()
    await until(lambda: len(panel.job_actions.several) == 4)
    agree(panel, monkeypatch)
    await deleted(panel, bridge)
    step = panel.job_actions.undo._steps[-1]
    kept = {d.row.title or d.row.prompt: d.kept for d in step.deleted}
    for title in ("a hare", "a moth"):
        link = kept[title]
        assert link is not None
        link.path.unlink()  # a folder cleaner, say

    news = await news_of_undo(panel, bridge)
    assert panel.model.rowCount() == 4
    assert Path(fox.file_path).read_bytes() == b"the fox as painted over in another program"
    assert Path(owl.file_path).is_file()
    assert not Path(hare.file_path).exists() and not Path(moth.file_path).exists()
    assert news == [  # newest first, as the library shows them
        (
            "“a moth”, “a hare” came back without their images: the copies Kontext Studio "
            "kept to undo their Delete are no longer there.",
            "Their images may still be in the Trash: restore them from there to put them back.",
        )
    ]
    assert said == [], "nothing failed: no error banner"
    assert panel.key_actions["redo"].text() == "Red&o Delete 4 artworks"


async def test_the_work_of_an_undo_of_a_delete_on_the_other_steps_does_not_grow_with_them(
    bridge: Bridge,
    session: Session,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each Undo of a Delete, here or in another window, rebuilt every row of every Delete
    kept and read its request, on the GUI thread: every Undo slower than the one before
    as the session went on. The Deletes kept are read as they are undone, each its own."""
    panel = await loaded_panel(bridge, owned)
    undo = panel.job_actions.undo
    moth = await finished(session, GenerateRequest(prompt="a moth on a lamp"))
    reads: list[str] = []
    from_json = GenerateRequest.from_json

    def counted(text: str) -> GenerateRequest:
        reads.append(text)
        return from_json(text)

    monkeypatch.setattr(GenerateRequest, "from_json", staticmethod(counted))

    def requests_read_by_an_undo_elsewhere() -> int:
        reads.clear()
        session.engine.renumbered.emit({moth.id + 1_000: moth.id + 1_001})
        return len(reads)

    undo.record_delete("Delete", [Deleted(moth, None)])
    with_one = requests_read_by_an_undo_elsewhere()
    for _ in range(30):
        undo.record_delete("Delete 5 artworks", [Deleted(moth, None)] * 5)
    assert requests_read_by_an_undo_elsewhere() == with_one


async def test_a_star_before_a_delete_is_undone_after_the_delete_is(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The Delete undone brings the artwork back under a new id: the Star before it is
    undone on the artwork as it came back, not said to be deleted."""
    fox = add_image(session, tmp_path, "a red fox")
    panel = await loaded_panel(bridge, owned)
    said = banners_of(panel)
    panel.select_job(fox.id)
    panel.commands["star"].trigger()
    await until(lambda: panel.key_actions["undo"].text() == "&Undo Star")
    agree(panel, monkeypatch)
    await deleted(panel, bridge)

    await undone(panel, bridge)
    assert tile_of(panel, "a red fox").starred
    assert panel.key_actions["undo"].text() == "&Undo Star"
    await undone(panel, bridge)
    assert not tile_of(panel, "a red fox").starred
    assert not said


async def fox_with_its_kin(session: Session) -> tuple[Snapshot, Snapshot, Snapshot]:
    """A finished "a red fox", the artwork kept for a late task of an earlier send of it
    ("Fox kept apart"), and an edit made from its image (Use as reference: "make it a wolf")."""
    fox = await finished(session, GenerateRequest(prompt="a red fox"))
    kept = kept_completed(session.ledger, fox, "task-late", "Fox kept apart")
    wolf = await finished(session, GenerateRequest(prompt="make it a wolf"))
    made_from = {"image_path": fox.file_path, "image_name": "a red fox.png", "image_job": fox.id}
    wolf = session.ledger.update(wolf.id, request_json=replace(wolf.request, **made_from).to_json())
    return fox, kept, wolf


async def test_a_delete_undone_leaves_what_was_made_from_the_artwork_pointing_at_it(
    bridge: Bridge,
    session: Session,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The artwork kept for a late task of the one deleted, and an edit made from its image,
    name it again once its Delete is undone (it comes back under a new id): before, the
    preview went on saying "a job deleted since" and "deleted from the library since", and
    Reuse settings loaded a reference that named no artwork."""
    fox, kept, wolf = await fox_with_its_kin(session)
    panel = await loaded_panel(bridge, owned)
    preview = make_panel(bridge, owned)
    preview.show_snapshot(kept)
    await until(lambda: "“a red fox”" in linked_row(preview, "made"))
    await delete_agreed(panel, bridge, monkeypatch, fox.id, left=2)
    await until(lambda: "a job deleted since" in linked_row(preview, "made"))

    await undone(panel, bridge)
    back = tile_of(panel, "a red fox")
    await until(lambda: "“a red fox”" in linked_row(preview, "made"))
    assert f'href="{back.id}"' in preview.fields["made"].text()
    preview.show_snapshot(session.ledger.get(wolf.id))
    await until(lambda: f'href="{back.id}"' in preview.fields["reference"].text())
    assert linked_row(preview, "reference") == "a red fox.png · show it in the library"
    assert session.ledger.get(wolf.id).request.image_job == back.id  # type: ignore[union-attr]


async def test_a_running_job_repointed_by_an_undo_told_on_a_later_turn_names_its_artwork(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An Undo of a Delete of many tells the views in turns, the job pointed at an artwork
    brought back on a later one. Its pointing leaves ``updated_at`` as it was (a note): a
    copy of that running job told in between, read before the Undo wrote, is as new by it,
    and the pointed copy was not told after it. The job went on saying the artwork it was
    kept for was deleted."""
    monkeypatch.setattr(job_actions, "CHANGES_PER_TURN", 1)
    fox = with_hash(session, add_image(session, tmp_path, "a red fox"))
    running, _ = session.ledger.create_following(fox, "task-late", title="Fox kept apart")
    assert running.state.is_active
    panel = await loaded_panel(bridge, owned)
    await delete_agreed(panel, bridge, monkeypatch, fox.id, left=1)
    before_undo = session.ledger.get(running.id)
    assert before_undo is not None

    def in_between(value: object) -> None:  # the first turn told: the engine's copy then
        if isinstance(value, Snapshot) and value.id not in (fox.id, running.id):
            bridge.job_changed.disconnect(in_between)
            bridge.job_changed.emit(before_undo)

    bridge.job_changed.connect(in_between)
    await undone(panel, bridge)
    back = tile_of(panel, "a red fox")
    await until(lambda: tile_of(panel, "Fox kept apart").made_for_job == back.id)


async def test_a_note_on_a_running_job_an_undo_repointed_told_in_between_stays_shown(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As above, but the copy told in between is the engine's newer one: it noted on the
    job, after the Undo pointed it, why KIE cannot be asked about it (a note too,
    ``updated_at`` as it was). The pointed copy, told on the later turn, is older: told
    after it, the job no longer said why it was held up, until its next change."""
    monkeypatch.setattr(job_actions, "CHANGES_PER_TURN", 1)
    fox = with_hash(session, add_image(session, tmp_path, "a red fox"))
    running, _ = session.ledger.create_following(fox, "task-late", title="Fox kept apart")
    panel = await loaded_panel(bridge, owned)
    await delete_agreed(panel, bridge, monkeypatch, fox.id, left=1)
    held_up = "KIE could not be reached."

    def in_between(value: object) -> None:  # the first turn told: the engine notes then
        if isinstance(value, Snapshot) and value.id not in (fox.id, running.id):
            bridge.job_changed.disconnect(in_between)
            bridge.job_changed.emit(session.ledger.note(running.id, error_message=held_up))

    bridge.job_changed.connect(in_between)
    await undone(panel, bridge)
    back = tile_of(panel, "a red fox")
    await until(lambda: tile_of(panel, "Fox kept apart").made_for_job == back.id)
    assert tile_of(panel, "Fox kept apart").error_message == held_up


async def test_a_delete_undone_selects_the_artwork_it_brought_back_not_those_named_it(
    bridge: Bridge,
    session: Session,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Undo of a Delete selects the artwork it brought back, as a file manager does; the
    artwork kept for its late task and the edit made from it, pointed at it again, are not
    selected with it: they were, and a Delete pressed again to take it away once more asked
    about three artworks, and deleted them."""
    fox, _, _ = await fox_with_its_kin(session)
    panel = await loaded_panel(bridge, owned)
    await delete_agreed(panel, bridge, monkeypatch, fox.id, left=2)

    await undone(panel, bridge)
    back = tile_of(panel, "a red fox")
    await until(lambda: [s.id for s in panel.selected_snapshots()] == [back.id])


async def test_an_artwork_deleted_before_the_one_it_was_made_for_comes_back_naming_it(
    bridge: Bridge,
    session: Session,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Deleted in turn, the artwork kept for the fox's late task, then the fox: undone in
    turn, the fox comes back first, under a new id, and the other names it as it comes."""
    fox, kept, _wolf = await fox_with_its_kin(session)
    panel = await loaded_panel(bridge, owned)
    await delete_agreed(panel, bridge, monkeypatch, kept.id, left=2)
    panel.select_job(fox.id)
    await deleted(panel, bridge, left=1)

    await undone(panel, bridge)
    await undone(panel, bridge)
    back, kept_back = tile_of(panel, "a red fox"), tile_of(panel, "Fox kept apart")
    assert kept_back.made_for_job == back.id
    assert [k.id for k in session.ledger.kept_for(back.id)] == [kept_back.id]


async def test_what_a_killed_window_kept_for_undo_is_removed_at_start(
    session: Session, tmp_path: Path
) -> None:
    """A window killed before it closed left its links to deleted images: a link keeps a
    trashed image's bytes on the disk after the Trash is emptied. The next start removes
    them, off the GUI thread, before any Delete; those of a window still open on the library
    (another process) are left to its Undo."""
    root = session.paths.data / "undo"
    left = root / "killed-window"
    left.mkdir(parents=True)
    (left / "fox.png").write_bytes(b"an image the Trash was emptied of")
    image = tmp_path / "hare.png"
    image.write_bytes(b"a hare's bytes")
    still_open = KeptFolder(root)  # another window's, its lock held
    kept = keep_image(image, still_open.claimed())
    assert kept is not None
    theirs = kept.path

    window = await open_window(session)
    try:
        await window.bridge.wait_idle()
        assert not left.exists()
        assert theirs.read_bytes() == b"a hare's bytes"
    finally:
        await close_window(window)
        still_open.release()


@asynccontextmanager
async def two_windows(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> AsyncIterator[tuple[LibraryPanel, Bridge, LibraryPanel]]:
    """The library shown in two windows: this one's, and another's on its own bridge,
    closed at the end."""
    first = await loaded_panel(bridge, owned)
    other_bridge = Bridge(session)
    try:
        yield first, other_bridge, await loaded_panel(other_bridge, owned)
    finally:
        await other_bridge.aclose()


async def test_two_windows_on_one_library_keep_each_other_s_undo(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A Delete in a second window on the library left the first's Delete undoable: before,
    it removed every folder of links but its own, and the first's Undo said the image was
    "no longer where Kontext Studio kept it". Closed, a window removes its own."""
    fox = add_image(session, tmp_path, "a red fox")
    hare = add_image(session, tmp_path, "a hare")
    async with two_windows(bridge, session, owned) as (first, other_bridge, second):
        said = banner_messages(bridge)
        await delete_agreed(first, bridge, monkeypatch, fox.id, left=1)
        await delete_agreed(
            second, other_bridge, monkeypatch, hare.id, left=second.model.rowCount() - 1
        )
        hare_kept = kept_link(second)
        assert hare_kept.is_file()

        await undone(first, bridge)
        assert not said
        assert tile_of(first, "a red fox").file_path == fox.file_path
        assert Path(fox.file_path).is_file()
        await other_bridge.aclose()  # the second window closed
        assert not hare_kept.parent.exists()
        left = {p.name.removesuffix(".lock") for p in (session.paths.data / "undo").iterdir()}
        assert len(left) == 1 and hare_kept.parent.name not in left, "the first window's own"


async def test_a_star_in_another_window_is_undone_on_the_artwork_a_delete_undone_brought_back(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A Delete undone in one window brings the artwork back under a new id; the Star made
    before in another window on the library is undone on it, then redone: before, only the
    window that undid the Delete learnt the new id, and the other's Undo said the artwork
    "was deleted meanwhile", dropping its Star."""
    fox = add_image(session, tmp_path, "a red fox")
    async with two_windows(bridge, session, owned) as (first, other_bridge, second):
        said = banner_messages(other_bridge)
        second.select_job(fox.id)
        second.commands["star"].trigger()
        await until(lambda: second.key_actions["undo"].text() == "&Undo Star")
        await other_bridge.wait_idle()
        await delete_agreed(first, bridge, monkeypatch, fox.id)
        await undone(first, bridge)
        back = tile_of(first, "a red fox")
        assert back.starred

        await undone(second, other_bridge)
        assert not said
        assert not session.ledger.get(back.id).starred  # type: ignore[union-attr]
        await redone(second, other_bridge)
        assert session.ledger.get(back.id).starred  # type: ignore[union-attr]


def hold_undo_writes(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Hold every Undo's write back (a large Delete undone takes seconds) until the event
    returned is set."""
    release = threading.Event()
    write_back = library_undo.put_back

    def held_back(*args: Any, **kwargs: Any) -> list[Snapshot]:
        release.wait()
        return write_back(*args, **kwargs)

    monkeypatch.setattr(library_undo, "put_back", held_back)
    return release


async def test_a_rename_made_while_an_undo_is_written_is_the_one_undone_next(
    bridge: Bridge, session: Session, owned: list[QObject], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+Z pressed, then a Rename saved before the Undo's write came back (a large Delete
    undone takes seconds): the Rename is the last step, offered by Edit ▸ Undo. Before, the
    Undo's end put it among the steps to redo, so it could not be undone."""
    moth = add_job(session, JobState.FAILED, "a moth on a lamp")
    heron = add_job(session, JobState.FAILED, "a heron in ink")
    panel = await loaded_panel(bridge, owned)
    monkeypatch.setattr(panel, "ask_title", lambda _snapshot: "Night moth")
    panel.select_job(moth.id)
    panel.commands["rename"].trigger()
    await until(lambda: panel.key_actions["undo"].text() == "&Undo Rename")

    release = hold_undo_writes(monkeypatch)
    panel.key_actions["undo"].trigger()  # the moth's Rename, held back
    monkeypatch.setattr(panel, "ask_title", lambda _snapshot: "Grey heron")
    panel.select_job(heron.id)
    panel.commands["rename"].trigger()
    await until(lambda: tile_title(panel, heron.id) == "Grey heron")
    release.set()
    await bridge.wait_idle()
    assert tile_title(panel, moth.id) == "a moth on a lamp"
    assert panel.key_actions["undo"].isEnabled()
    assert panel.key_actions["undo"].text() == "&Undo Rename"
    assert not panel.key_actions["redo"].isEnabled(), "a new step ends what Redo offered"

    await undone(panel, bridge)
    assert tile_title(panel, heron.id) == "a heron in ink"


async def test_undo_of_add_tags_is_named_by_the_artworks_it_changed(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two of three had the tag already (or the star): the status bar says "Tags added to 1
    artwork.", and Edit ▸ Undo names the one it takes back, not three."""
    fox = add_image(session, tmp_path, "a red fox", tags="fox")
    inked = [add_image(session, tmp_path, f"an ink fox {n}", tags="ink") for n in range(2)]
    inked = [session.ledger.update(s.id, starred=True) for s in inked]
    panel = await loaded_panel(bridge, owned)
    panel.key_actions["select_all"].trigger()
    await until(lambda: len(panel.job_actions.several) == 3)
    monkeypatch.setattr(panel, "ask_details", lambda _snapshots: DetailsEdit(tags="ink"))
    panel.commands["details"].trigger()
    await until(lambda: panel.key_actions["undo"].isEnabled())
    assert panel.key_actions["undo"].text() == "&Undo Add tags to 1 artwork"
    await undone(panel, bridge)
    assert session.ledger.get(fox.id).tags == "fox"  # type: ignore[union-attr]
    assert all(session.ledger.get(s.id).tags == "ink" for s in inked)  # type: ignore[union-attr]

    panel.commands["star"].trigger()  # the fox, the two others starred already
    await until(lambda: tile_starred(panel, fox.id))
    await until(lambda: panel.key_actions["undo"].text() == "&Undo Star")
    await undone(panel, bridge)
    assert not tile_starred(panel, fox.id)
    assert all(tile_starred(panel, s.id) for s in inked)


async def test_ctrl_z_pressed_twice_while_the_first_is_written_undoes_two_steps(
    bridge: Bridge, session: Session, owned: list[QObject], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second Undo (Ctrl+Z) before the first one's write came back (a Delete of large images
    undone takes seconds) takes back the step before as well; before, it was greyed, and
    the press did nothing and said nothing."""
    moth = add_job(session, JobState.FAILED, "a moth on a lamp")
    heron = add_job(session, JobState.FAILED, "a heron in ink")
    panel = await loaded_panel(bridge, owned)
    for job, title in ((moth, "Night moth"), (heron, "Grey heron")):
        monkeypatch.setattr(panel, "ask_title", lambda _snapshot, title=title: title)
        panel.select_job(job.id)
        panel.commands["rename"].trigger()
        await until(lambda job=job, title=title: tile_title(panel, job.id) == title)
    await until(lambda: panel.key_actions["undo"].text() == "&Undo Rename")

    release = hold_undo_writes(monkeypatch)
    panel.key_actions["undo"].trigger()
    assert panel.key_actions["undo"].text() == "&Undo Rename", "the moth's, next"
    panel.key_actions["undo"].trigger()  # before the first is written
    release.set()
    await until(lambda: tile_title(panel, moth.id) == "a moth on a lamp")
    await bridge.wait_idle()
    assert tile_title(panel, heron.id) == "a heron in ink"
    assert not panel.key_actions["undo"].isEnabled()
    assert panel.key_actions["redo"].text() == "Red&o Rename"


async def test_ctrl_z_with_nothing_to_undo_says_so(
    window: MainWindow, bridge: Bridge, session: Session
) -> None:
    """Greyed, Undo's and Redo's keys in the library say why, as the artwork actions' do:
    before, Ctrl+Z there did nothing and said nothing."""
    moth = add_job(session, JobState.FAILED, "a moth on a lamp")
    library = await library_showing(window, moth)
    library.select_job(moth.id)
    status = window.statusBar()
    press(library.view, Qt.Key.Key_Z, CTRL)
    assert status.currentMessage() == "Nothing in the library to undo."
    press(library.view, Qt.Key.Key_Y, CTRL)
    assert status.currentMessage() == "Nothing in the library to redo."

    library.commands["star"].trigger()
    await until(lambda: library.key_actions["undo"].isEnabled())
    status.clearMessage()
    press(library.view, Qt.Key.Key_Z, CTRL)  # the undo itself, not its greyed words
    await until(lambda: status.currentMessage() == "Undid Star.")
    await bridge.wait_idle()
    assert not tile_starred(library, moth.id)


async def test_undo_at_the_oldest_step_kept_says_older_ones_are_not_kept(
    window: MainWindow, bridge: Bridge, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the steps Undo keeps, the oldest goes; walked back to the oldest kept, Ctrl+Z
    and the Edit menu's Undo said "Nothing in the library to undo", as if the Delete whose
    question promised Undo had never been kept. They say older ones are not kept: until
    every step kept is undone and a new one taken (nothing older is missed then)."""
    monkeypatch.setattr(library_undo, "MAX_STEPS", 2)
    moth = add_job(session, JobState.FAILED, "a moth on a lamp")
    library = await library_showing(window, moth)
    library.select_job(moth.id)
    undo, status = library.key_actions["undo"], window.statusBar()
    for starred in (True, False, True):  # three steps, two kept
        library.commands["star"].trigger()
        await until(lambda starred=starred: tile_starred(library, moth.id) is starred)
        await bridge.wait_idle()

    await undone(library, bridge)
    await undone(library, bridge)
    assert tile_starred(library, moth.id), "the first Star, not kept, is not undone"
    press(library.view, Qt.Key.Key_Z, CTRL)
    older = (
        "Nothing older in the library to undo: Undo keeps the last 20 Deletes and the "
        "last 2 other changes."
    )
    assert (undo.isEnabled(), status.currentMessage(), undo.toolTip()) == (
        False,
        older,  # on one line: the status bar says the words, not the tooltip on lines
        plain_tooltip(older),
    )

    library.commands["star"].trigger()  # a new step after every step kept was undone
    await until(lambda: undo.isEnabled())
    await undone(library, bridge)
    press(library.view, Qt.Key.Key_Z, CTRL)
    assert status.currentMessage() == "Nothing in the library to undo."


async def test_a_delete_is_brought_back_after_more_changes_than_undo_keeps(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The Delete's question promises Edit ▸ Undo brings the artwork back until the window
    closes: more Stars after it than Undo keeps dropped the Delete, the oldest step, and the
    artwork was lost to an artist who trusted it. The Stars fall off, the Delete stays."""
    monkeypatch.setattr(library_undo, "MAX_STEPS", 2)
    fox = with_hash(session, add_image(session, tmp_path, "a red fox"))
    moth = add_job(session, JobState.FAILED, "a moth on a lamp")
    panel = await loaded_panel(bridge, owned)
    await delete_agreed(panel, bridge, monkeypatch, fox.id, left=1)
    panel.select_job(moth.id)
    for starred in (True, False, True):  # three steps after it, two of them kept
        panel.commands["star"].trigger()
        await until(lambda starred=starred: tile_starred(panel, moth.id) is starred)
        await bridge.wait_idle()

    await undone(panel, bridge)
    await undone(panel, bridge)
    assert panel.key_actions["undo"].text() == "&Undo Delete"
    await undone(panel, bridge)
    assert tile_of(panel, "a red fox").file_path == fox.file_path
    assert Path(fox.file_path).is_file()
    assert tile_starred(panel, moth.id), "the first Star, not kept, is not undone"
    older = "Nothing older in the library to undo: Undo keeps the last 20 Deletes and the last 2"
    assert panel.key_actions["undo"].toolTip().replace("\n", " ").startswith(older)  # on lines


async def test_an_undo_of_a_delete_the_library_was_too_busy_for_is_offered_again(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another program held the library (a database browser) as Ctrl+Z undid a Delete:
    nothing was written, and the words say to close it and try again. The Delete was let go
    of with the links to its images, so Ctrl+Z again said there was nothing to undo, and
    the artwork its question promised Undo for was lost."""
    fox = with_hash(session, add_image(session, tmp_path, "a red fox"))
    panel = await loaded_panel(bridge, owned)
    said = banners_of(panel)
    await delete_agreed(panel, bridge, monkeypatch, fox.id)

    def busy(_rows: object) -> list[Snapshot]:
        raise LibraryBusyError()

    with monkeypatch.context() as held:
        held.setattr(session.ledger, "bring_back", busy)
        await undone(panel, bridge)
    assert said and said[-1].startswith("Another program is using the library.")
    assert panel.model.rowCount() == 0 and not Path(fox.file_path).exists()
    assert panel.key_actions["undo"].text() == "&Undo Delete"
    await undone(panel, bridge)  # the other program closed, as the words say
    assert tile_of(panel, "a red fox").file_path == fox.file_path
    assert Path(fox.file_path).is_file()


async def test_a_window_closed_while_an_undo_is_written_closes_without_an_error(
    bridge: Bridge,
    session: Session,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Closed while Undo wrote (a large Delete undone): the close let go of every step, then
    stopped the Undo, which looked for its step among none; "Something went wrong" was
    reported, and logged with a traceback, as the window closed."""
    panel, moth = await library_with_a_moth(bridge, session, owned)
    said = banners_of(panel)
    monkeypatch.setattr(panel, "ask_title", lambda _snapshot: "Night moth")
    panel.select_job(moth.id)
    panel.commands["rename"].trigger()
    await until(lambda: panel.key_actions["undo"].text() == "&Undo Rename")
    release = hold_undo_writes(monkeypatch)
    panel.key_actions["undo"].trigger()
    closed = asyncio.ensure_future(bridge.aclose())
    await until(lambda: bridge.closed)
    release.set()
    await closed
    assert said == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not panel.key_actions["undo"].isEnabled()


async def test_a_window_closed_while_a_delete_is_undone_brings_back_none_without_its_image(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Closed while the Undo of a Delete was written: the close let go of the images kept,
    the Undo, still at work, found them gone, and wrote the artworks back without them,
    their images left in the Trash. Now it writes nothing (they stay in the Trash, to be
    put back from there), as a Delete whose Undo never came."""
    fox = with_hash(session, add_image(session, tmp_path, "a fox undone at close"))
    panel = await loaded_panel(bridge, owned)
    await delete_agreed(panel, bridge, monkeypatch, fox.id)
    release, ended = threading.Event(), threading.Event()
    bring_back = library_undo.bring_back

    def held(*args: Any, **kwargs: Any) -> Any:
        release.wait()
        try:
            return bring_back(*args, **kwargs)
        finally:
            ended.set()

    monkeypatch.setattr(library_undo, "bring_back", held)
    panel.key_actions["undo"].trigger()
    closed = asyncio.ensure_future(bridge.aclose())
    await until(lambda: bridge.closed)
    release.set()
    await closed
    await until(ended.is_set)
    assert session.ledger.search("undone at close") == []
    assert trashed(fox.file_path).is_file()


async def test_redo_of_a_delete_leaves_an_artwork_published_since_its_undo(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Published after its Delete was undone (Publish is no step of Undo's, so Redo was
    still offered): Redo deleted it without the Delete's question, which says it stays
    published in the bucket, its link working, and cannot be unpublished once deleted.
    Now it says the artwork changed and keeps it."""
    fox = add_image(session, tmp_path, "a red fox")
    panel = await loaded_panel(bridge, owned)
    said = banners_of(panel)
    await delete_agreed(panel, bridge, monkeypatch, fox.id)
    await undone(panel, bridge)
    back = tile_of(panel, "a red fox")
    session.ledger.update(  # published, in this window or by a command
        back.id,
        published_key="art/fox.png",
        published_url="https://example.test/art/fox.png",
        published_at=2.0,
    )
    await redone(panel, bridge)
    assert said and "“a red fox” was changed meanwhile" in said[-1]
    assert panel.model.rowCount() == 1
    assert session.ledger.get(back.id) is not None
    assert Path(fox.file_path).is_file()
    assert not panel.key_actions["redo"].isEnabled()


async def test_the_generate_tab_s_reference_names_the_artwork_its_undo_brought_back(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Used as reference, then deleted and its Delete undone: the edit generated next names
    the fox as it is back (its new id), not the one deleted, whose "show it in the library"
    led nowhere."""
    fox = add_image(session, tmp_path, "a red fox")
    panel = await loaded_panel(bridge, owned)
    slot = ReferenceSlot(bridge, session.paths.cache)
    owned.append(slot)
    slot.set_reference(fox.file_path, "a red fox", job=fox.id)
    await until(lambda: slot.state is SlotState.READY)
    await delete_agreed(panel, bridge, monkeypatch, fox.id)

    await undone(panel, bridge)
    assert slot.job == tile_of(panel, "a red fox").id


async def test_an_edit_deleted_while_its_source_s_delete_is_undone_comes_back_naming_it(
    bridge: Bridge,
    session: Session,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The fox deleted, its Undo pressed, and the wolf made from its image deleted before
    that Undo's write came back (a large Delete undone takes seconds): the wolf's Delete
    undone, the wolf names the fox as it is back. Before, it named the deleted one."""
    fox, _kept, wolf = await fox_with_its_kin(session)
    panel = await loaded_panel(bridge, owned)
    await delete_agreed(panel, bridge, monkeypatch, fox.id, left=2)
    release = threading.Event()
    write_back = library_undo.bring_back

    def held_back(*args: Any) -> Any:
        release.wait()
        return write_back(*args)

    monkeypatch.setattr(library_undo, "bring_back", held_back)
    panel.key_actions["undo"].trigger()  # the fox's Delete, held back
    panel.select_job(wolf.id)
    panel.commands["delete"].trigger()
    await until(lambda: panel.model.rowCount() == 1)
    release.set()
    await bridge.wait_idle()
    back = tile_of(panel, "a red fox")

    await undone(panel, bridge)
    wolf_back = tile_of(panel, "make it a wolf")
    assert wolf_back.request.image_job == back.id


async def test_one_image_of_a_generate_deleted_and_undone_comes_back_in_its_place(
    bridge: Bridge,
    session: Session,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ "3 of 4" of one generate deleted alone, then Ctrl+Z: it came back under a new id, the
    highest, and the four read "3 of 4, 1 of 4, 2 of 4, 4 of 4", Newest first and Oldest
    first. It comes back between "2 of 4" and "4 of 4", and stays there sorted again."""
    owl = add_job(session, JobState.FAILED, "an owl before them")
    four = await one_generate_of_four(session, "a heron at dusk")
    panel = await loaded_panel(bridge, owned)
    await until(lambda: panel.model.rowCount() == 5)
    assert four[2].batch_place == 3
    await delete_agreed(panel, bridge, monkeypatch, four[2].id, left=4)

    await undone(panel, bridge)
    await until(lambda: panel.model.rowCount() == 5)
    assert shown_places(panel) == [1, 2, 3, 4, 0]
    choose_sort(panel, "Oldest first")
    await until(lambda: panel.model.rowCount() == 5 and panel.model.snapshot(0).id == owl.id)
    assert shown_places(panel) == [0, 1, 2, 3, 4]


def shown_places(panel: LibraryPanel) -> list[int]:
    """The place among its generate's images each tile shows ("3 of 4"; 0: made alone)."""
    return [panel.model.snapshot(row).batch_place for row in range(panel.model.rowCount())]


# -- What the Delete's question promises ------------------------------------------------------


def selected_ids(panel: LibraryPanel) -> set[int]:
    return {
        panel.model.data(index, LibraryModel.SnapshotRole).id
        for index in panel.view.selectionModel().selectedIndexes()
    }


def in_view(panel: LibraryPanel, job_id: int) -> bool:
    row = panel.model.row_of(job_id)
    assert row is not None
    shown = panel.view.viewport().rect()
    return shown.contains(panel.view.visualRect(panel.model.index(row)))


def answering(panel: LibraryPanel, monkeypatch: pytest.MonkeyPatch, *answers: bool) -> list[str]:
    """Answer the panel's questions with ``answers`` in turn; the questions asked."""
    asked: list[str] = []
    left = list(answers)

    def confirm(_title: str, text: str, *_buttons: str) -> bool:
        asked.append(text)
        return left.pop(0)

    monkeypatch.setattr(panel, "confirm", confirm)
    return asked


def a_fox(session: Session, tmp_path: Path, kind: str) -> Snapshot:
    """An artwork with a title, tags and a star of each kind the Delete's question promises
    Undo brings back."""
    details: dict[str, Any] = {"title": "Fox at dusk", "tags": "fox, ink", "starred": True}
    if kind == "no image":
        return add_job(session, JobState.FAILED, "a red fox", **details)
    if kind == "published":
        details |= {"published_key": "art/fox.png", "published_url": "https://example.test/f"}
    fox = with_hash(session, add_image(session, tmp_path, "a red fox"))
    return session.ledger.update(fox.id, **details)


@pytest.mark.parametrize("kind", ["to the Trash", "no image", "published"])
async def test_a_delete_whose_question_promises_undo_is_brought_back_by_ctrl_z(
    window: MainWindow,
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
) -> None:
    """The question said the title, tags and star were deleted for good, while Undo
    brought them back; it says so now, and Ctrl+Z keeps its word: the artwork comes back
    whole, selected and scrolled into view (it was not selected, somewhere in the grid)."""
    fox = a_fox(session, tmp_path, kind)
    image = Path(fox.file_path).read_bytes() if fox.file_path else b""
    others = [add_image(session, tmp_path, f"a heron number {n}") for n in range(40)]
    library = await library_showing(window, fox)  # read again, the rows added by another program
    library.select_job(fox.id)
    asked = answering(library, monkeypatch, True)
    await deleted(library, bridge, left=len(others))
    (question,) = asked
    assert (
        "Edit ▸ Undo (Ctrl+Z) brings it all back until this window closes "
        "or 20 more Deletes follow."
    ) in question
    assert "for good" not in question and "cannot" not in question
    library.select_job(others[-1].id)  # the newest, at the top: the fox's place is far below
    assert not in_view(library, others[0].id)

    press(library.view, Qt.Key.Key_Z, CTRL)
    await until(lambda: library.model.rowCount() == len(others) + 1)
    await bridge.wait_idle()
    back = tile_of(library, "Fox at dusk")
    assert (back.tags, back.starred, back.published_key) == ("fox, ink", True, fox.published_key)
    assert tile_starred(library, back.id)
    if image:
        assert Path(fox.file_path).read_bytes() == image
    assert selected_ids(library) == {back.id}
    assert library.current_snapshot().id == back.id  # type: ignore[union-attr]
    assert in_view(library, back.id)


async def test_a_delete_of_several_is_brought_back_by_ctrl_z_as_its_question_says(
    window: MainWindow,
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two artworks and a failed job deleted together: the question promises Undo brings
    them all back, and Ctrl+Z does, every one selected again."""
    foxes = [
        session.ledger.update(
            add_image(session, tmp_path, f"a fox number {n}").id, tags="fox", starred=True
        )
        for n in range(2)
    ]
    moth = add_job(session, JobState.FAILED, "a moth on a lamp", title="Night moth")
    library = window.library
    library.apply_filter()
    await until(lambda: library.model.rowCount() == 3)
    press(library.view, Qt.Key.Key_A, CTRL)
    await until(lambda: len(library.job_actions.several) == 3)
    asked = answering(library, monkeypatch, True)
    await deleted(library, bridge)
    (question,) = asked
    assert question.startswith(
        "Delete 3 artworks?\n\nTheir images go to the Trash. The title you gave one of them "
        "and the tags and stars you gave 2 of them are deleted. One of them has no image: its "
        "prompt and settings are deleted too. Edit ▸ Undo (Ctrl+Z) brings them all back until "
        "this window closes or 20 more Deletes follow."
    )

    # The grid empty, the keyboard is in the search box: Ctrl+Z there is the library's, the
    # box having no typing of its own to undo (it did nothing).
    assert window.focusWidget() is library.search
    press(library.search, Qt.Key.Key_Z, CTRL)
    await until(lambda: library.model.rowCount() == 3)
    await bridge.wait_idle()
    back = [tile_of(library, f"a fox number {n}") for n in range(2)]
    assert all(fox.starred and fox.tags == "fox" for fox in back)
    assert all(Path(fox.file_path).is_file() for fox in foxes)
    moth_back = tile_of(library, "Night moth")
    assert moth_back.prompt == moth.prompt
    assert selected_ids(library) == {fox.id for fox in back} | {moth_back.id}
    assert len(library.job_actions.several) == 3
    assert window.focusWidget() is library.view  # the keyboard with them


async def test_a_job_still_running_is_said_not_to_be_brought_back(
    bridge: Bridge, session: Session, owned: list[QObject], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A job still running comes back from no Undo (its task may still be answered): its
    question says so, and Undo is not offered for it."""
    kite = add_job(session, JobState.GENERATING, "a kite running", tags="kite")
    moth = add_job(session, JobState.FAILED, "a moth on a lamp")
    panel = await loaded_panel(bridge, owned)
    panel.select_job(kite.id)
    asked = answering(panel, monkeypatch, True, True)
    await deleted(panel, bridge, left=1)
    assert asked[0].startswith(
        "Delete “a kite running”?\n\nIts prompt and settings are deleted, with its tags. It "
        "cannot be brought back.\n\nThe job is still running."
    )
    assert not panel.key_actions["undo"].isEnabled()
    add_job(session, JobState.GENERATING, "a swift running")
    panel.apply_filter()
    await until(lambda: panel.model.rowCount() == 2)
    panel.key_actions["select_all"].trigger()
    await until(lambda: len(panel.job_actions.several) == 2)
    await deleted(panel, bridge)
    assert (
        "Their prompts and settings are deleted. Edit ▸ Undo (Ctrl+Z) brings them all back "
        "until this window closes or 20 more Deletes follow, but for the one still running."
    ) in asked[1]
    await undone(panel, bridge)
    assert panel.model.rowCount() == 1
    assert tile_of(panel, "a moth on a lamp").id != moth.id  # brought back, the swift not


async def test_redo_of_a_delete_goes_to_the_trash_again_silently_and_asks_before_for_good(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Redo of a Delete sends the image to the Trash again without a question, as the
    Delete's question said, and Undo brings it back again; should the trash refuse it then,
    Redo deletes it for good only once the Delete's own question for that is agreed to."""
    fox = add_image(session, tmp_path, "a red fox", tags="fox")
    panel = await loaded_panel(bridge, owned)
    panel.select_job(fox.id)
    asked = answering(panel, monkeypatch, True)
    await deleted(panel, bridge)
    await undone(panel, bridge)
    await redone(panel, bridge)
    await until(lambda: panel.model.rowCount() == 0)
    assert len(asked) == 1  # the Delete's question alone
    assert trashed(fox.file_path).is_file()
    await undone(panel, bridge)
    assert tile_of(panel, "a red fox").tags == "fox"

    trash = send2trash.send2trash
    monkeypatch.setattr(send2trash, "send2trash", no_trash)
    asked = answering(panel, monkeypatch, False)
    said: list[str] = []
    panel.notice.connect(said.append)
    await redone(panel, bridge)
    await until(lambda: len(asked) == 1)
    await bridge.wait_idle()
    assert "Delete it for good? It cannot be brought back." in asked[0]
    assert tile_of(panel, "a red fox").tags == "fox"  # declined: kept as it is
    assert Path(fox.file_path).is_file()
    assert "Redid Delete." not in said  # it deleted nothing

    monkeypatch.setattr(send2trash, "send2trash", trash)
    asked = answering(panel, monkeypatch, True, True)
    panel.select_job(tile_of(panel, "a red fox").id)
    await deleted(panel, bridge)
    await undone(panel, bridge)
    monkeypatch.setattr(send2trash, "send2trash", no_trash)
    await redone(panel, bridge)
    await until(lambda: panel.model.rowCount() == 0)
    await bridge.wait_idle()
    assert "Delete it for good? It cannot be brought back." in asked[1]
    assert not Path(fox.file_path).exists()
    assert not panel.key_actions["undo"].isEnabled()  # as the question said


async def test_a_delete_whose_image_could_not_be_kept_says_undo_will_not_bring_it_back(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The question promises Undo brings it all back; when no link or copy of the image
    could be kept (the disk full), the Delete says after that Undo will bring the artwork
    back without its image: before, nothing was said, and Undo brought back "Image missing"."""
    fox = add_image(session, tmp_path, "a red fox", title="Fox at dusk", tags="fox")
    others = [add_image(session, tmp_path, f"a moth number {n}") for n in range(2)]
    monkeypatch.setattr("kontext_studio.ui.job_actions.keep_image", lambda *_: None)
    panel = await loaded_panel(bridge, owned)
    said: list[str] = []
    panel.notice.connect(said.append)
    panel.select_job(fox.id)
    answering(panel, monkeypatch, True, True)
    await deleted(panel, bridge, left=2)
    assert (
        "Edit ▸ Undo will bring back “Fox at dusk” without its image: no copy of it could be kept."
    ) in said[-1]
    await undone(panel, bridge)
    assert tile_of(panel, "Fox at dusk").tags == "fox"
    assert not Path(fox.file_path).exists()

    panel.key_actions["select_all"].trigger()
    await until(lambda: len(panel.job_actions.several) == 3)
    await deleted(panel, bridge)  # the fox's image is gone already: no copy to keep
    assert (
        "Edit ▸ Undo will bring back 2 artworks without their images: no copy of them could "
        "be kept."
    ) in said[-1]
    await undone(panel, bridge)
    assert not any(Path(moth.file_path).exists() for moth in others)


async def test_ctrl_z_after_deleting_the_one_artwork_a_search_found_brings_it_back(
    window: MainWindow,
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The artist searched "fox", went to its one tile and deleted it: the keyboard went
    to the search box, whose Ctrl+Z took back the typing of "fox" while the question had
    just said Ctrl+Z brings the artwork back. The keyboard put there by the Delete, Ctrl+Z
    is the library's until the artist types there again."""
    add_image(session, tmp_path, "a red fox", title="Fox at dusk")
    add_image(session, tmp_path, "a heron in reeds")
    library = window.library
    library.apply_filter()
    await until(lambda: library.model.rowCount() == 2)
    library.search.setFocus(Qt.FocusReason.OtherFocusReason)
    QTest.keyClicks(library.search, "fox")
    QTest.keyClick(library.search, Qt.Key.Key_Return)  # to the one artwork it finds
    await until(lambda: window.focusWidget() is library.view and library.model.rowCount() == 1)
    answering(library, monkeypatch, True)
    await deleted(library, bridge)
    assert window.focusWidget() is library.search

    QTest.keyClick(library.search, Qt.Key.Key_Z, CTRL)
    await bridge.wait_idle()
    await until(lambda: library.model.rowCount() == 1)
    assert tile_of(library, "Fox at dusk").prompt == "a red fox"
    assert library.search.text() == "fox"
    # The keyboard goes back to the tile with it: it stayed in the search box, where a
    # second Delete edited the search rather than deleting the artwork again.
    await until(lambda: window.focusWidget() is library.view)
    assert library.current_snapshot() == tile_of(library, "Fox at dusk")

    answering(library, monkeypatch, True)
    await deleted(library, bridge)
    assert window.focusWidget() is library.search
    QTest.keyClicks(library.search, "es")  # typed there: its Ctrl+Z is the typing's again
    QTest.keyClick(library.search, Qt.Key.Key_Z, CTRL)
    await bridge.wait_idle()
    assert library.search.text() != "foxes"
    assert library.key_actions["undo"].isEnabled()  # the Delete not undone


async def test_edit_details_from_the_preview_is_undone_by_the_library_s_ctrl_z(
    window: MainWindow, bridge: Bridge, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview pane's Edit details was kept in an Undo list of the pane's own, which
    no key or menu reached: Edit ▸ Undo stayed greyed after it. It is the window's one
    list now: Ctrl+Z in the library takes it back, and Ctrl+Shift+Z does it again."""
    moth = add_job(session, JobState.FAILED, "a moth on a lamp")
    library, preview = window.library, window.preview
    library.apply_filter()
    await until(lambda: library.model.row_of(moth.id) is not None)
    library.select_job(moth.id)
    await until(lambda: preview.snapshot is not None and preview.snapshot.id == moth.id)
    edit = DetailsEdit(title="Night moth", description="", tags="insect")
    monkeypatch.setattr(preview, "ask_details", lambda _snapshots: edit)
    QTest.mouseClick(preview.details_button, Qt.MouseButton.LeftButton)
    await until(lambda: tile_title(library, moth.id) == "Night moth")
    assert library.key_actions["undo"].text() == "&Undo Edit details"

    press(library.view, Qt.Key.Key_Z, CTRL)
    await bridge.wait_idle()
    await until(lambda: tile_title(library, moth.id) == "a moth on a lamp")
    assert session.ledger.get(moth.id).tags == ""  # type: ignore[union-attr]
    await until(lambda: preview.snapshot is not None and preview.snapshot.tags == "")
    press(library.view, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    await bridge.wait_idle()
    await until(lambda: tile_title(library, moth.id) == "Night moth")


async def test_a_redo_of_a_delete_keeps_its_words_of_the_trash_and_of_the_image_not_kept(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Redo of a Delete says what the Delete said, after "Redid Delete.": before, those
    words took the place of "Moved … to the Trash." and of the warning that Undo will bring
    the artwork back without its image."""
    fox = add_image(session, tmp_path, "a red fox", title="Fox at dusk")
    image = Path(fox.file_path).read_bytes()
    monkeypatch.setattr("kontext_studio.ui.job_actions.keep_image", lambda *_: None)
    panel = await loaded_panel(bridge, owned)
    said: list[str] = []
    panel.notice.connect(said.append)
    panel.select_job(fox.id)
    answering(panel, monkeypatch, True)
    await deleted(panel, bridge)
    await undone(panel, bridge)
    Path(fox.file_path).write_bytes(image)  # put back by hand, for the Redo's trash

    await redone(panel, bridge)
    await until(lambda: panel.model.rowCount() == 0)
    assert said[-1] == (
        "Redid Delete. Moved “Fox at dusk” to the Trash. Edit ▸ Undo will bring back “Fox at "
        "dusk” without its image: no copy of it could be kept."
    )


async def test_a_redo_of_a_delete_deletes_the_artwork_another_window_deleted_and_brought_back(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A Delete undone in one window, then deleted and undone in another (a newer id
    again): the first window's Redo of its Delete deletes the artwork as it is now. Before,
    its Redo named the id the other window's Delete took away, deleted nothing and dropped
    the step, the artwork left in the library."""
    fox = add_image(session, tmp_path, "a red fox")
    async with two_windows(bridge, session, owned) as (first, other_bridge, second):
        await delete_agreed(first, bridge, monkeypatch, fox.id)
        await undone(first, bridge)
        back = tile_of(first, "a red fox")
        second.model.reload()  # as another program's write has it read again
        await until(lambda: shown_ids(second) == [back.id])
        await delete_agreed(second, other_bridge, monkeypatch, back.id)
        await undone(second, other_bridge)
        again = tile_of(second, "a red fox")
        first.model.reload()
        await until(lambda: shown_ids(first) == [again.id])

        await redone(first, bridge)
        await until(lambda: first.model.rowCount() == 0)
        assert session.ledger.get(again.id) is None
        assert first.key_actions["undo"].text() == "&Undo Delete"


async def test_a_redo_of_a_delete_the_trash_refused_one_of_is_named_by_those_it_deleted(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A Redo of a Delete of three, the trash refusing one image and Delete for good
    declined, is undone as "Delete 2 artworks", as the Delete would have been named: before,
    Edit ▸ Undo still said "Undo Delete 3 artworks" and brought back two."""
    for prompt in ("a red fox", "a hare", "an owl"):
        add_image(session, tmp_path, prompt)
    panel = await loaded_panel(bridge, owned)
    panel.view.selectAll()
    answering(panel, monkeypatch, True, False)
    await deleted(panel, bridge)
    await undone(panel, bridge)
    await until(lambda: panel.model.rowCount() == 3)
    trash_refuses(monkeypatch, tile_of(panel, "an owl"))

    await redone(panel, bridge)
    await until(lambda: panel.model.rowCount() == 1)
    assert panel.key_actions["undo"].text() == "&Undo Delete 2 artworks"


async def test_ctrl_z_after_unstarring_the_last_starred_tile_shown_gives_it_the_keys(
    window: MainWindow, bridge: Bridge, session: Session, tmp_path: Path
) -> None:
    """Starred only shown, the last starred tile unstarred with the keyboard: it goes, and
    the keyboard with it to the search box (as after a Delete of the last tile). Ctrl+Z
    there brings it back starred, and the keyboard with it: it stayed in the search box,
    where a second Ctrl+S or Delete did nothing to the tile."""
    owl = add_image(session, tmp_path, "an owl", starred=True)
    add_image(session, tmp_path, "a heron in reeds")
    library = window.library
    library.apply_filter()
    library.starred_only.click()
    await until(lambda: library.model.rowCount() == 1)
    library.select_job(owl.id)
    library.view.setFocus(Qt.FocusReason.OtherFocusReason)
    library.commands["star"].trigger()
    await until(lambda: library.model.rowCount() == 0)
    await bridge.wait_idle()
    assert window.focusWidget() is library.search

    QTest.keyClick(library.search, Qt.Key.Key_Z, CTRL)
    await bridge.wait_idle()
    await until(lambda: library.model.rowCount() == 1)
    await until(lambda: window.focusWidget() is library.view)
    assert library.current_snapshot() is not None
    assert library.current_snapshot().id == owl.id


async def test_ctrl_z_after_restoring_the_image_from_the_trash_brings_the_artwork_back(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The artist put the image back from the Trash, then remembered Undo: before, it said
    another file was where the image was, and would not come until they moved it away."""
    fox = with_hash(session, add_image(session, tmp_path, "a fox restored by hand"))
    panel = await loaded_panel(bridge, owned)
    said = banners_of(panel)
    await delete_agreed(panel, bridge, monkeypatch, fox.id)
    trashed(fox.file_path).rename(fox.file_path)  # Restore, in the file manager

    await undone(panel, bridge)
    assert said == []
    assert tile_of(panel, "a fox restored by hand").file_path == fox.file_path
    assert Path(fox.file_path).is_file()


async def test_past_the_deletes_undo_keeps_the_oldest_lets_go_of_its_image_at_once(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every Delete was kept until the window closed: its rows in memory, and its link to
    each image holding the image's bytes on the disk after the Trash was emptied. Past the
    Deletes Undo keeps, the oldest goes, its link removed at once, and Undo, greyed at the
    oldest kept, says how many it keeps."""
    monkeypatch.setattr(library_undo, "MAX_DELETES", 2)
    images = [
        with_hash(session, add_image(session, tmp_path, title))
        for title in ("a red fox", "a hare", "an owl")
    ]
    panel = await loaded_panel(bridge, owned)
    links = []
    for left, image in zip((2, 1, 0), images, strict=True):
        await delete_agreed(panel, bridge, monkeypatch, image.id, left=left)
        links.append(kept_link(panel))
    await bridge.wait_idle()
    assert [link.exists() for link in links] == [False, True, True]

    await undone(panel, bridge)
    await undone(panel, bridge)
    assert sorted(shown.display_title for shown in shown_snapshots(panel)) == ["a hare", "an owl"]
    undo = panel.key_actions["undo"]
    assert (undo.isEnabled(), undo.toolTip()) == (
        False,
        plain_tooltip(
            "Nothing older in the library to undo: Undo keeps the last 2 Deletes and the "
            "last 100 other changes."
        ),
    )


def shown_snapshots(panel: LibraryPanel) -> list[Snapshot]:
    return [
        panel.model.data(panel.model.index(row), LibraryModel.SnapshotRole)
        for row in range(panel.model.rowCount())
    ]


async def test_a_row_naming_a_relative_path_comes_back_with_it(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A row another program wrote naming its image by a relative path is read as naming
    none; its Delete undone wrote it back with an empty path, that program's value lost."""
    moth = add_image(session, tmp_path, "a moth named by another program")
    with contextlib.closing(sqlite3.connect(session.ledger.path)) as conn, conn:
        conn.execute("UPDATE artwork SET file_path = 'images/moth.png' WHERE id = ?", (moth.id,))
    panel = await loaded_panel(bridge, owned)
    await delete_agreed(panel, bridge, monkeypatch, moth.id)

    await undone(panel, bridge)
    back = tile_of(panel, "a moth named by another program")
    assert back.file_path == ""  # still read as naming no file
    assert session.ledger.unnamed_files([back.id]) == {back.id: "images/moth.png"}


async def red_fox_deleted_in(
    window: MainWindow,
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[LibraryPanel, Snapshot, Path]:
    """The ``window``'s library showing "a red fox" (its hash known), then its Delete agreed
    to and done: the library, the fox, and the link its Delete kept of its image."""
    fox = with_hash(session, add_image(session, tmp_path, "a red fox"))
    library = await library_showing(window, fox)
    await delete_agreed(library, bridge, monkeypatch, fox.id)
    return library, fox, kept_link(library)


async def test_an_artwork_brought_back_without_its_image_is_news_not_an_error(
    window: MainWindow,
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An Undo that brought an artwork back without its image raised the red error banner,
    though nothing failed badly, and did not say the image may still be in the Trash."""
    library, _fox, link = await red_fox_deleted_in(window, bridge, session, tmp_path, monkeypatch)
    link.unlink()  # a folder cleaner, say

    await undone(library, bridge)
    assert window.banner.banner(BannerKind.ERROR) is None
    news = window.banner.banner(BannerKind.INFO)
    assert news is not None and news.level() == MessageBanner.INFO
    assert (news.message(), news.hint()) == (
        "“a red fox” came back without its image: the copy Kontext Studio kept to undo its "
        "Delete is no longer there.",
        "Its image may still be in the Trash: restore it from there to put it back.",
    )


async def test_ctrl_z_after_restoring_the_image_whose_kept_link_went_brings_it_back(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The app's link to the image went (a folder cleaner), then the artist put the image
    back from the Trash and pressed Ctrl+Z: Undo said another file was where the image
    was. It is the image (its hash): the artwork comes back with it."""
    fox = with_hash(session, add_image(session, tmp_path, "a fox put back by hand"))
    panel = await loaded_panel(bridge, owned)
    said = banners_of(panel)
    await delete_agreed(panel, bridge, monkeypatch, fox.id)
    link = kept_link(panel)
    link.unlink()
    trashed(fox.file_path).rename(fox.file_path)  # Restore, in the file manager

    news = await news_of_undo(panel, bridge)
    assert (said, news) == ([], [])
    assert tile_of(panel, "a fox put back by hand").file_path == fox.file_path
    assert Path(fox.file_path).is_file()


@pytest.mark.parametrize("changed", [False, True], ids=["whole", "without its image"])
async def test_the_refusal_goes_once_the_undo_it_asked_again_for_is_done(
    window: MainWindow,
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    changed: bool,
) -> None:
    """Undo refused, another file in the image's place ("move that file away, then undo
    again"); the artist moved it away and pressed Ctrl+Z, and the artwork came back: the
    red banner still told them to move the file and undo again, over the artwork back (and
    over the news that it came back without its image, told in blue)."""
    library, fox, link = await red_fox_deleted_in(window, bridge, session, tmp_path, monkeypatch)
    if changed:
        link.write_bytes(b"the fox, painted over in the trash")
    Path(fox.file_path).write_bytes(b"another file")  # saved there by another program
    await undone(library, bridge)
    refused = window.banner.banner(BannerKind.ERROR)
    assert refused is not None and refused.message().startswith("Another file is now where")

    Path(fox.file_path).unlink()  # moved away, as the words say
    await undone(library, bridge)
    assert tile_of(library, "a red fox").file_path == fox.file_path
    assert window.banner.banner(BannerKind.ERROR) is None
    news = window.banner.banner(BannerKind.INFO)
    assert (news is not None) == changed


async def test_a_delete_stopped_by_a_library_it_cannot_read_keeps_no_copy_of_an_image(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A Delete of an artwork with its image and a failed job stopped, the library's file
    unreadable as it read the failed job's row: the link kept to the image for its Undo,
    which no Undo reaches, held the image's bytes on the disk until the window closed."""
    fox = add_image(session, tmp_path, "a red fox")
    add_job(session, JobState.FAILED, "a curlew failed")
    panel = await loaded_panel(bridge, owned)
    said = banners_of(panel)

    def unreadable(_ids: object) -> dict[int, str]:
        raise LibraryReadError("file is not a database")

    monkeypatch.setattr(session.ledger, "unnamed_files", unreadable)
    agree(panel, monkeypatch)
    panel.key_actions["select_all"].trigger()
    await until(lambda: len(panel.job_actions.several) == 2)
    panel.commands["delete"].trigger()
    await bridge.wait_idle()
    assert said, "the Delete says it stopped"
    assert Path(fox.file_path).is_file()
    kept = [each for each in (session.paths.data / "undo").rglob("*") if each.is_file()]
    assert [each.suffix for each in kept] in ([], [".lock"])


async def test_an_artwork_whose_image_no_copy_was_kept_of_comes_back_told_where_it_is(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No link or copy of the image could be kept as the Delete sent it to the Trash (the
    disk full): Undo brought the artwork back without it in silence, its tile saying
    "Image missing", while the image was in the Trash. One whose image was gone before its
    Delete is in no trash, and is not said to be."""
    fox = add_image(session, tmp_path, "a red fox", title="Fox at dusk")
    moth = add_image(session, tmp_path, "a moth")
    Path(moth.file_path).unlink()  # gone before the Delete
    monkeypatch.setattr("kontext_studio.ui.job_actions.keep_image", lambda *_: None)
    panel = await loaded_panel(bridge, owned)
    said = banners_of(panel)
    agree(panel, monkeypatch)
    panel.key_actions["select_all"].trigger()
    await until(lambda: len(panel.job_actions.several) == 2)
    await deleted(panel, bridge)

    news = await news_of_undo(panel, bridge)
    assert panel.model.rowCount() == 2
    assert news == [left_in_trash("Fox at dusk", NO_COPY)]
    assert said == []
    assert trashed(fox.file_path).is_file(), "where the words say"


async def test_the_preview_of_an_artwork_back_without_its_image_says_it_went_to_the_trash(
    window: MainWindow,
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Undo brought the artwork back without its image, no copy of it kept: the blue
    banner said the image may still be in the Trash, and the preview told the artist to
    put it back "if it was moved or deleted outside Kontext Studio", which it was not."""
    fox = add_image(session, tmp_path, "a red fox", title="Fox at dusk")
    library = await library_showing(window, fox)
    back = await back_without_its_image(library, bridge, monkeypatch, fox)
    said = await preview_of(window, library, back.id, fox.file_path)
    assert "outside Kontext Studio" not in said
    assert "a Delete moved it there, but could not remove the artwork" not in said
    assert "It went to the Trash with its Delete" in said
    assert "restore it from there: it goes back to the place above." in said

    # Restored from the Trash and shown, then moved away outside the app: gone for a reason
    # the library does not know.
    preview = window.preview
    trashed(fox.file_path).rename(fox.file_path)
    preview.show_snapshot(None)
    preview.show_snapshot(back)
    await until(lambda: preview.stack.currentWidget() is preview.canvas)
    # Its image seen, the note is taken back in the background: the row shown from then on.
    await until(lambda: not session.ledger.get(back.id).image_left_in_trash)
    seen = session.ledger.get(back.id)
    Path(fox.file_path).unlink()
    preview.show_snapshot(None)
    preview.show_snapshot(seen)
    await until(lambda: "outside Kontext Studio" in shown_status(window))


async def test_the_preview_still_says_the_trash_after_a_restart(
    window: MainWindow,
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Undo brought the artwork back without its image, which went to the Trash with its
    Delete: the window kept that in memory, and once the app started again the preview
    said the image was "moved or deleted outside Kontext Studio"."""
    fox = add_image(session, tmp_path, "a fox at the window", title="Fox at dusk")
    library = await library_showing(window, fox)
    back = await back_without_its_image(library, bridge, monkeypatch, fox)
    restarted = Bridge(session)  # a window with no memory of the Undo
    try:
        preview = make_panel(restarted, owned)
        preview.show_snapshot(session.ledger.get(back.id))
        await until(lambda: fox.file_path in preview.status.text().replace("\u200b", ""))
        said = preview.status.text().replace("\u200b", "")
        assert "It went to the Trash with its Delete" in said
        assert "outside Kontext Studio" not in said
    finally:
        await restarted.aclose()


def shown_status(window: MainWindow) -> str:
    """The preview's status page as read: its breaks for long paths taken out."""
    return window.preview.status.text().replace("\u200b", "")


async def preview_of(window: MainWindow, library: LibraryPanel, job_id: int, image: str) -> str:
    """The preview's status page of the artwork ``job_id``, selected in ``library``, once it
    names the path of its missing ``image``."""
    library.select_job(job_id)
    await until(lambda: image in shown_status(window))
    return shown_status(window)


async def test_the_refusal_goes_once_its_delete_is_no_longer_kept_for_undo(
    window: MainWindow,
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Undo refused, another file in the image's place ("move that file away, then undo
    again"); more Deletes followed, past those Undo keeps, and the refused one went: the
    red banner still told the artist to undo again a Delete no Undo reaches."""
    monkeypatch.setattr(library_undo, "MAX_DELETES", 1)
    fox = with_hash(session, add_image(session, tmp_path, "a red fox"))
    hare = with_hash(session, add_image(session, tmp_path, "a hare"))
    library = await library_showing(window, hare)
    await delete_agreed(library, bridge, monkeypatch, fox.id, left=1)
    Path(fox.file_path).write_bytes(b"another file")  # saved there by another program
    await undone(library, bridge)
    refused = window.banner.banner(BannerKind.ERROR)
    assert refused is not None and refused.message().startswith("Another file is now where")

    await delete_agreed(library, bridge, monkeypatch, hare.id)
    assert window.banner.banner(BannerKind.ERROR) is None
    assert library.key_actions["undo"].text() == "&Undo Delete"  # the hare's, kept


async def test_the_news_of_an_undo_goes_once_a_redo_deletes_its_artworks_again(
    window: MainWindow,
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Undo brought the artwork back without its image, said in blue; Redo deleted it
    again, and the banner still named it as back in the library."""
    library, _fox, link = await red_fox_deleted_in(window, bridge, session, tmp_path, monkeypatch)
    link.unlink()  # a folder cleaner, say
    await undone(library, bridge)
    assert window.banner.banner(BannerKind.INFO) is not None

    await redone(library, bridge)
    await until(lambda: library.model.rowCount() == 0)
    assert window.banner.banner(BannerKind.INFO) is None


async def test_the_preview_still_says_the_trash_once_the_artwork_is_deleted_and_back_again(
    window: MainWindow,
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Undo brought the artwork back without its image, no copy of it kept; Redo deleted it
    again, then Undo brought it back once more (under a new id), then a Delete and its
    Undo again: its image was still in the Trash, where that first Delete put it, and its
    preview said it was "moved or deleted outside Kontext Studio"."""
    fox = add_image(session, tmp_path, "a grey fox", title="Fox at dusk")
    library = await library_showing(window, fox)
    await back_without_its_image(library, bridge, monkeypatch, fox)
    await redone(library, bridge)
    await until(lambda: library.model.rowCount() == 0)
    await undone(library, bridge)

    back = tile_of(library, "Fox at dusk")
    said = await preview_of(window, library, back.id, fox.file_path)
    assert "It went to the Trash with its Delete" in said

    await delete_agreed(library, bridge, monkeypatch, back.id)
    await undone(library, bridge)
    again = tile_of(library, "Fox at dusk")
    assert again.id != back.id
    said = await preview_of(window, library, again.id, fox.file_path)
    assert "It went to the Trash with its Delete" in said
    assert trashed(fox.file_path).is_file(), "where the words say"


async def test_the_preview_no_longer_says_the_trash_once_its_tile_found_the_image_back(
    window: MainWindow,
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Undo brought the artwork back without its image; the artist restored it from the
    Trash as told, and its tile showed it again, the preview on another artwork; moved
    away since, the preview said it went to the Trash with its Delete, to be restored
    from there, where it no longer was."""
    fox = add_image(session, tmp_path, "a fox in snow", title="Fox at dusk")
    hare = add_image(session, tmp_path, "a hare in snow", title="Hare at dawn")
    library = await library_showing(window, fox)
    back = await back_without_its_image(library, bridge, monkeypatch, fox)
    thumbnails = library.model.thumbnails
    await until(lambda: thumbnails.missing(back))
    library.select_job(hare.id)

    trashed(fox.file_path).rename(fox.file_path)  # restored from the Trash
    thumbnails.look_again()  # the artist back in the window
    await until(lambda: not thumbnails.failed(back))
    await bridge.wait_idle()
    Path(fox.file_path).unlink()  # moved away outside the app
    said = await preview_of(window, library, back.id, fox.file_path)
    assert "It went to the Trash with its Delete" not in said
    assert "outside Kontext Studio" in said


async def test_a_tile_showing_the_image_after_a_restart_takes_back_that_it_is_in_the_trash(
    window: MainWindow, bridge: Bridge, session: Session, tmp_path: Path
) -> None:
    """Undo brought the artwork back without its image; the artist restored it from the
    Trash while the app was closed, and its tile showed it once the app started again;
    moved away since, its preview said it went to the Trash with its Delete, to be restored
    from there: only a tile that had found the image gone in the same run took the note
    back, and so did nothing after a restart."""
    fox = add_image(session, tmp_path, "a fox home again", title="Fox at dusk")
    hare = add_image(session, tmp_path, "a hare home again", title="Hare at dawn")
    session.ledger.note(fox.id, image_left_in_trash=True)  # as the Undo before it wrote it
    library = await library_showing(window, fox)
    library.select_job(hare.id)
    thumbnails = library.model.thumbnails
    await until(lambda: thumbnails.get(library.model.snapshot(library.model.row_of(fox.id))))
    await bridge.wait_idle()
    Path(fox.file_path).unlink()  # moved away outside the app
    said = await preview_of(window, library, fox.id, fox.file_path)
    assert "It went to the Trash with its Delete" not in said
    assert "outside Kontext Studio" in said


async def test_tiles_finding_their_images_back_write_nothing_for_those_not_left_in_the_trash(
    window: MainWindow,
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A folder of images back online: each tile that had found its image gone read it
    again, and wrote to the library to take back a note that an Undo left its image in the
    Trash, which none of them had: as many writes as tiles, 10 000 for a large library."""
    moths = [add_image(session, tmp_path, f"moth {n} on a lamp") for n in range(3)]
    away = tmp_path / "offline"
    away.mkdir()
    for moth in moths:
        Path(moth.file_path).rename(away / Path(moth.file_path).name)
    library = await library_showing(window, moths[0])
    thumbnails = library.model.thumbnails
    for moth in moths:
        thumbnails.get(moth)
    await until(lambda: all(thumbnails.missing(moth) for moth in moths))
    note = session.ledger.note
    notes: list[int] = []

    def noted(job_id: int, **values: Any) -> Snapshot:
        if "image_left_in_trash" in values:
            notes.append(job_id)
        return note(job_id, **values)

    monkeypatch.setattr(session.ledger, "note", noted)
    for moth in moths:
        (away / Path(moth.file_path).name).rename(moth.file_path)  # the folder back online
    thumbnails.look_again()
    await until(lambda: not any(thumbnails.failed(moth) for moth in moths))
    await bridge.wait_idle()
    assert notes == []


async def test_a_publish_of_an_artwork_back_without_its_image_says_it_went_to_the_trash(
    window: MainWindow,
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
    bucket: str,
) -> None:
    """Undo brought the artwork back without its image, no copy of it kept: its preview
    said the image went to the Trash with its Delete, and a Publish of it said the file was
    "moved or deleted outside Kontext Studio"."""
    point_r2_at(monkeypatch, s3_endpoint, bucket)
    fox = add_image(session, tmp_path, "a fox in the reeds", title="Fox at dusk")
    library = await library_showing(window, fox)
    back = await back_without_its_image(library, bridge, monkeypatch, fox)
    shown = errors_shown(window)

    window.publishing.publish(back.id, back)
    await until(lambda: bool(shown))
    assert shown == [
        (
            "The image file is missing. It went to the Trash with its Delete, and Undo brought "
            f"the artwork back without it. Its file is {Path(fox.file_path).name}.",
            "If it is still in the Trash, restore it from there, then publish the artwork again.",
        )
    ]
    assert trashed(fox.file_path).is_file(), "where the words say"


async def fox_and_hare_back_without_their_images(
    window: MainWindow,
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
) -> LibraryPanel:
    """ "a fox {where}" ("Fox at dusk") and "a hare {where}" ("Hare at dawn") deleted
    together with no copy of their images kept (a full disk), their images in the Trash,
    then brought back by Undo without them: the library showing them."""
    fox = add_image(session, tmp_path, f"a fox {where}", title="Fox at dusk")
    hare = add_image(session, tmp_path, f"a hare {where}", title="Hare at dawn")
    monkeypatch.setattr("kontext_studio.ui.job_actions.keep_image", lambda *_: None)
    library = await library_showing(window, hare)
    library.select_job(fox.id)
    library.view.selectionModel().select(
        library.model.index(library.model.row_of(hare.id)),
        QItemSelectionModel.SelectionFlag.Select,
    )
    agree(library, monkeypatch)
    await deleted(library, bridge)
    await undone(library, bridge)
    return library


async def redone_with_the_library_busy_after_one(
    library: LibraryPanel, bridge: Bridge, session: Session, monkeypatch: pytest.MonkeyPatch
) -> Callable[[int], Any]:
    """Redo of the last Delete, the library busy for every artwork after the first it
    deletes again: one tile left. Returns the library's own delete, to put back."""
    remove = session.ledger.delete
    removals: list[int] = []

    def busy_after_one(job_id: int) -> Any:
        removals.append(job_id)
        if len(removals) > 1:
            raise LibraryBusyError()
        return remove(job_id)

    monkeypatch.setattr(session.ledger, "delete", busy_after_one)
    await redone(library, bridge)
    await until(lambda: library.model.rowCount() == 1)
    return remove


async def test_a_redo_that_deleted_only_some_again_leaves_the_news_of_the_others(
    window: MainWindow,
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Undo brought two artworks back without their images, said in blue; Redo deleted one
    of them again, the library busy for the other (said in red): the blue banner went, while
    the other was still back without its image, in the Trash."""
    library = await fox_and_hare_back_without_their_images(
        window, bridge, session, tmp_path, monkeypatch, "by the river"
    )
    news = window.banner.banner(BannerKind.INFO)
    assert news is not None and "“Fox at dusk”" in news.message()
    assert "“Hare at dawn”" in news.message()

    await redone_with_the_library_busy_after_one(library, bridge, session, monkeypatch)
    left = library.model.data(library.model.index(0), LibraryModel.SnapshotRole)
    news = window.banner.banner(BannerKind.INFO)
    assert news is not None
    assert news.message() == (
        f"“{left.title}” came back without its image: no copy of it could be kept as it was "
        "deleted."
    )
    assert news.hint().startswith("Its image may still be in the Trash")


async def test_a_refused_delete_no_undo_keeps_any_more_says_it_cannot_come_back(
    window: MainWindow,
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Undo refused, another file in the image's place ("move that file away, then undo
    again"); more Deletes followed, past those Undo keeps, and the refused one went: its red
    banner went with it in silence, and the artist, the file moved away, pressed Ctrl+Z for
    an artwork no Undo would bring back."""
    monkeypatch.setattr(library_undo, "MAX_DELETES", 2)
    fox = with_hash(session, add_image(session, tmp_path, "a fox at the gate"))
    hare = add_image(session, tmp_path, "a hare at the gate")
    owl = add_image(session, tmp_path, "an owl at the gate")
    library = await library_showing(window, owl)
    await delete_agreed(library, bridge, monkeypatch, fox.id, left=2)
    Path(fox.file_path).write_bytes(b"another file")  # saved there by another program
    await undone(library, bridge)
    assert window.banner.banner(BannerKind.ERROR) is not None
    await delete_agreed(library, bridge, monkeypatch, hare.id, left=1)
    assert window.banner.banner(BannerKind.ERROR) is not None, "still kept: undo again"

    await delete_agreed(library, bridge, monkeypatch, owl.id)
    assert window.banner.banner(BannerKind.ERROR) is None
    news = window.banner.banner(BannerKind.INFO)
    assert news is not None
    assert news.message() == (
        "“a fox at the gate” can no longer be brought back: Undo keeps the last 2 Deletes."
    )


async def test_an_undo_refused_for_a_file_in_the_way_is_kept_however_its_words_read(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An Undo refused for another file in the image's place is kept for the artist to undo
    again once it is moved away: told by what the refusal is, not by its words. Reworded,
    the step was let go of, the artwork lost."""
    monkeypatch.setattr(
        "kontext_studio.store.undo.PLACE_TAKEN",
        "Something else now sits where the image of “{title}” was: move it, then undo again.",
    )
    fox = with_hash(session, add_image(session, tmp_path, "a fox on the stairs"))
    panel = await loaded_panel(bridge, owned)
    said = banners_of(panel)
    await delete_agreed(panel, bridge, monkeypatch, fox.id)
    Path(fox.file_path).write_bytes(b"another file")
    await undone(panel, bridge)
    assert said == [
        "Something else now sits where the image of “a fox on the stairs” was: move it, then "
        "undo again."
    ]
    Path(fox.file_path).unlink()  # moved away, as the words say
    assert panel.key_actions["undo"].text() == "&Undo Delete"
    await undone(panel, bridge)
    assert Path(tile_of(panel, "a fox on the stairs").file_path).is_file()


async def test_a_delete_of_an_artwork_with_no_hash_does_not_wait_for_its_image_to_be_read(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An artwork recorded before hashes were kept: its Delete read the whole image for its
    hash before it deleted anything, the library locked meanwhile; of a large image on a
    slow disk, or of many such, the Delete seemed stuck. It is read after the Delete, and an
    image put back by hand from the Trash is still told by it."""
    fox = add_image(session, tmp_path, "a fox with no hash")
    assert not fox.sha256
    panel = await loaded_panel(bridge, owned)
    reading, read = slow_digests(monkeypatch)
    panel.select_job(fox.id)
    agree(panel, monkeypatch)
    panel.commands["delete"].trigger()
    try:
        await until(lambda: session.ledger.get(fox.id) is None)
        await until(lambda: panel.model.rowCount() == 0)  # the view follows the library file
        assert trashed(fox.file_path).is_file()
    finally:
        read.set()
    await bridge.wait_idle()
    assert reading.is_set(), "read after the Delete"

    kept_link(panel).unlink()  # a folder cleaner
    trashed(fox.file_path).rename(fox.file_path)  # Restore, in the file manager
    said = banners_of(panel)
    await undone(panel, bridge)
    assert said == []
    assert Path(tile_of(panel, "a fox with no hash").file_path).is_file()


async def test_ctrl_z_while_the_hash_of_an_image_is_read_waits_for_it(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An artwork recorded before hashes were kept, its image read for its hash after the
    Delete: its kept link went (a folder cleaner), the artist put the image back from the
    Trash and pressed Ctrl+Z before the read was over. Undo said it could not tell whether
    that file was the image ("move that file away, then undo again"); pressed again, it
    brought it back. It now waits for the hash."""
    fox = add_image(session, tmp_path, "a fox read slowly")
    assert not fox.sha256
    panel = await loaded_panel(bridge, owned)
    refused, news = banners_of(panel), news_of(panel)
    said, read = await undo_waiting_for_its_image(panel, monkeypatch, fox, put_back=True)
    read.set()
    await bridge.wait_idle()
    assert refused == []
    assert news == [], "back with its image"
    assert said[-1] == "Undid Delete."
    assert Path(tile_of(panel, "a fox read slowly").file_path).is_file()


async def test_ctrl_z_does_not_wait_for_a_hash_its_kept_image_does_not_need(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An artwork recorded before hashes were kept, its large image read for its hash after
    the Delete, on a slow disk: Ctrl+Z did nothing until the whole image was read, though
    the image kept for the Undo was there to put back, no hash needed."""
    fox = add_image(session, tmp_path, "a fox on a slow disk")
    assert not fox.sha256
    panel = await loaded_panel(bridge, owned)
    reading, read = slow_digests(monkeypatch)
    try:
        panel.select_job(fox.id)
        agree(panel, monkeypatch)
        panel.commands["delete"].trigger()
        await until(lambda: panel.model.rowCount() == 0 and reading.is_set())
        panel.key_actions["undo"].trigger()
        await until(lambda: panel.model.rowCount() == 1)
        assert not read.is_set(), "the hash still being read"
    finally:
        read.set()
    await bridge.wait_idle()
    assert Path(tile_of(panel, "a fox on a slow disk").file_path).is_file()


async def test_an_undo_after_a_redo_that_deleted_only_some_names_all_back_without_images(
    window: MainWindow,
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Undo brought two artworks back without their images; Redo deleted one of them
    again, the library busy for the other; Undo brought it back once more, its image still
    in the Trash: the news named only the other, as if this one had come back whole."""
    library = await fox_and_hare_back_without_their_images(
        window, bridge, session, tmp_path, monkeypatch, "by the pond"
    )
    remove = await redone_with_the_library_busy_after_one(library, bridge, session, monkeypatch)
    monkeypatch.setattr(session.ledger, "delete", remove)

    await undone(library, bridge)
    await until(lambda: library.model.rowCount() == 2)
    news = window.banner.banner(BannerKind.INFO)
    assert news is not None
    assert "“Fox at dusk”" in news.message() and "“Hare at dawn”" in news.message()
    assert news.hint().startswith("Their images may still be in the Trash")


async def test_a_trash_note_the_library_was_too_busy_to_take_back_is_taken_back_later(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Two artworks Undo brought back without their images, both restored from the Trash;
    the library was busy as the fox's tile read its image back, and the note that its image
    was in the Trash was dropped in silence: a tile reads its image once, so the note stayed
    for the session, and once the image went again its preview said to restore it from the
    Trash. Logged, it is taken back as the next image is seen."""
    fox = add_image(session, tmp_path, "a fox restored")
    hare = add_image(session, tmp_path, "a hare restored")
    for each in (fox, hare):
        session.ledger.note(each.id, image_left_in_trash=True)  # as the Undo wrote it
    panel = await loaded_panel(bridge, owned)

    def busy(job_id: int, **values: Any) -> Snapshot:
        raise LibraryBusyError()

    with monkeypatch.context() as held, caplog.at_level(logging.WARNING):
        held.setattr(session.ledger, "note", busy)
        panel.job_actions.undo.image_seen(fox.id)
        await bridge.wait_idle()
    assert [r for r in caplog.records if getattr(r, "event", "") == "undo_trash_note_kept"]

    panel.job_actions.undo.image_seen(hare.id)
    await bridge.wait_idle()
    assert not session.ledger.get(fox.id).image_left_in_trash
    assert not tile_of(panel, "a fox restored").image_left_in_trash


async def test_an_undo_after_a_redo_gives_the_reason_its_image_was_left_in_the_trash(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Undo brought the fox back without its image, the copy kept of it gone (a folder
    cleaner); Redo deleted it again, and Undo brought it back once more: the news said
    "no copy of it could be kept as it was deleted", while a copy was kept, and went."""
    panel, _back, _image = await fox_back_without_its_kept_copy(
        bridge, session, tmp_path, owned, monkeypatch
    )
    await redone(panel, bridge)
    assert panel.model.rowCount() == 0

    assert await news_of_undo(panel, bridge) == [left_in_trash("a red fox", COPY_GONE)]


async def deleted_while_its_image_is_read(
    panel: LibraryPanel, monkeypatch: pytest.MonkeyPatch, fox: Snapshot, reading: threading.Event
) -> None:
    """The fox deleted, its image in the Trash, and the copy kept of it gone (a folder
    cleaner) while its read for its hash (:func:`slow_digests`' ``reading``) is under way."""
    panel.select_job(fox.id)
    agree(panel, monkeypatch)
    panel.commands["delete"].trigger()
    steps = panel.job_actions.undo._steps
    await until(lambda: bool(steps) and steps[-1].is_delete and reading.is_set())
    await until(lambda: trashed(fox.file_path).is_file())
    kept_link(panel).unlink()  # a folder cleaner, say


async def undo_waiting_for_its_image(
    panel: LibraryPanel,
    monkeypatch: pytest.MonkeyPatch,
    fox: Snapshot,
    put_back: bool = False,
    then: str = "",
) -> tuple[list[str], threading.Event]:
    """The fox deleted, its image in the Trash, the copy kept of it gone (a folder cleaner)
    while its read for its hash (from a slow disk) is under way, its image restored from the
    Trash by hand if ``put_back``, and Ctrl+Z pressed, which waits for that read (the key
    action ``then`` pressed at once after it, before the Undo looks for its images): what the
    library said, and the Event that lets the read end (set it in a ``finally``)."""
    said: list[str] = []
    panel.notice.connect(said.append)
    reading, read = slow_digests(monkeypatch)
    try:
        await deleted_while_its_image_is_read(panel, monkeypatch, fox, reading)
        if put_back:
            trashed(fox.file_path).rename(fox.file_path)  # Restore, in the file manager
        panel.key_actions["undo"].trigger()
        if then:
            panel.key_actions[then].trigger()
        await until(lambda: f"Undo waits for “{fox.prompt}” to be read…" in said)
    except BaseException:
        read.set()
        raise
    return said, read


async def undid_delete(panel: LibraryPanel, bridge: Bridge, fox: Snapshot, said: list[str]) -> None:
    """The Undo of the ``fox``'s Delete, waiting for its image to be read
    (:func:`undo_waiting_for_its_image`), let go and done: the fox is back with its image,
    and the library said so last (in ``said``)."""
    await bridge.wait_idle()
    assert tile_of(panel, fox.prompt).file_path == fox.file_path
    assert said[-1] == "Undid Delete."


async def test_an_undo_waiting_for_its_image_to_be_read_says_so_and_keeps_no_second_press(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The copy kept of the fox gone (a folder cleaner), Ctrl+Z right after its Delete waits
    for the fox's image to be read: nothing said so, and a second Ctrl+Z, taken for one
    not heard, was kept too: once read, it took back the Star before the Delete as well."""
    fox = add_image(session, tmp_path, "a fox in the fern")
    hare = add_image(session, tmp_path, "a hare in the fern")
    panel = await loaded_panel(bridge, owned)
    panel.select_job(hare.id)
    panel.commands["star"].trigger()
    await until(lambda: panel.key_actions["undo"].text() == "&Undo Star")
    said, read = await undo_waiting_for_its_image(panel, monkeypatch, fox)
    try:
        panel.key_actions["undo"].trigger()
        assert said.count("Undo waits for “a fox in the fern” to be read…") == 2
    finally:
        read.set()
    await undid_delete(panel, bridge, fox, said)
    assert tile_starred(panel, hare.id), "the Star before the Delete is not taken back"


async def test_a_redo_pressed_while_an_undo_waits_for_its_image_to_be_read_is_not_kept(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ctrl+Z right after the fox's Delete waits for its image to be read (the copy kept of
    it gone); a Ctrl+Shift+Z meanwhile was kept, and once read, deleted the fox again just as
    its Undo brought it back: it says what Undo waits for, as a second Ctrl+Z does."""
    fox = add_image(session, tmp_path, "a fox by the brook")
    panel = await loaded_panel(bridge, owned)
    said, read = await undo_waiting_for_its_image(panel, monkeypatch, fox)
    try:
        panel.key_actions["redo"].trigger()
        assert said.count("Undo waits for “a fox by the brook” to be read…") == 2
    finally:
        read.set()
    await undid_delete(panel, bridge, fox, said)
    assert panel.key_actions["redo"].text() == "Red&o Delete"


async def test_a_redo_pressed_just_before_an_undo_says_it_waits_is_not_kept(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ctrl+Shift+Z pressed in the instant after Ctrl+Z, before the Undo found it must wait
    for the fox's image to be read: it was kept, and once read, deleted the fox again just as
    its Undo brought it back, while one pressed a moment later was refused."""
    fox = add_image(session, tmp_path, "a fox by the weir")
    panel = await loaded_panel(bridge, owned)
    said, read = await undo_waiting_for_its_image(panel, monkeypatch, fox, then="redo")
    read.set()
    await undid_delete(panel, bridge, fox, said)
    assert panel.key_actions["redo"].text() == "Red&o Delete"


async def test_a_press_queued_before_an_undo_says_it_waits_leaves_the_edit_menu_true(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Three Ctrl+Z on a Star, the fox's Delete and a Star before it: the third, queued
    behind the second as the first was written, is refused as the Undo of the Delete waits
    for the fox's image to be read. The Edit menu then offered to undo the Delete being
    undone, and to redo the Star it had not taken back."""
    fox = add_image(session, tmp_path, "a fox by the sluice")
    hare = add_image(session, tmp_path, "a hare by the sluice")
    panel = await loaded_panel(bridge, owned)
    said: list[str] = []
    panel.notice.connect(said.append)
    reading, read = slow_digests(monkeypatch)
    try:
        panel.select_job(hare.id)
        panel.commands["star"].trigger()
        await until(lambda: panel.key_actions["undo"].text() == "&Undo Star")
        await deleted_while_its_image_is_read(panel, monkeypatch, fox, reading)
        steps = panel.job_actions.undo._steps
        panel.select_job(hare.id)
        panel.commands["star"].trigger()
        await until(lambda: len(steps) == 3 and not panel.job_actions.undo._busy)
        for _ in range(3):
            panel.key_actions["undo"].trigger()
        await until(lambda: f"Undo waits for “{fox.prompt}” to be read…" in said)

        assert panel.key_actions["undo"].text() == "&Undo Star"
        assert panel.key_actions["redo"].text() == "Red&o Delete"
    finally:
        read.set()
    await bridge.wait_idle()
    assert panel.key_actions["undo"].text() == "&Undo Star"
    assert panel.key_actions["redo"].text() == "Red&o Delete"


async def fox_back_without_its_kept_copy(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[LibraryPanel, Snapshot, bytes]:
    """A library of "a red fox", deleted, the copy kept of its image gone (a folder
    cleaner), then brought back by Undo without it: the library, the fox's tile (under a new
    id), and its image's bytes."""
    fox = with_hash(session, add_image(session, tmp_path, "a red fox"))
    image = Path(fox.file_path).read_bytes()
    panel = await loaded_panel(bridge, owned)
    await delete_agreed(panel, bridge, monkeypatch, fox.id)
    kept_link(panel).unlink()  # a folder cleaner, say
    await undone(panel, bridge)
    return panel, tile_of(panel, "a red fox"), image


async def test_an_undo_of_a_second_delete_gives_the_reason_its_image_was_left_in_the_trash(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Undo brought the fox back without its image, the copy kept of it gone; the fox deleted
    again (a new Delete, not a Redo) and brought back once more: the news said "no copy of
    it could be kept as it was deleted", as if the disk had been full."""
    panel, back, _image = await fox_back_without_its_kept_copy(
        bridge, session, tmp_path, owned, monkeypatch
    )
    await delete_agreed(panel, bridge, monkeypatch, back.id)

    assert await news_of_undo(panel, bridge) == [left_in_trash("a red fox", COPY_GONE)]


async def test_an_undo_gives_the_reason_of_its_own_delete_once_the_image_was_put_back(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Undo brought the fox back without its image, the copy kept of it gone; the artist put
    the image back from the Trash, then Redo deleted it again with no copy kept (the disk
    full): the next Undo said the copy kept was no longer there, the reason of the Undo
    before, not of the Delete it undid."""
    panel, back, image = await fox_back_without_its_kept_copy(
        bridge, session, tmp_path, owned, monkeypatch
    )
    Path(back.file_path).write_bytes(image)  # put back from the Trash by hand
    panel.job_actions.undo.image_seen(back.id)  # as its tile reads it
    await bridge.wait_idle()
    monkeypatch.setattr("kontext_studio.ui.job_actions.keep_image", lambda *_: None)
    await redone(panel, bridge)
    assert panel.model.rowCount() == 0

    assert await news_of_undo(panel, bridge) == [left_in_trash("a red fox", NO_COPY)]


async def test_a_too_late_note_of_a_deleted_artwork_goes_with_the_delete_undo_no_longer_keeps(
    window: MainWindow, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A publish whose Cancel came too late, its artwork deleted before the artist saw it:
    the note that says so is kept for an Undo of the Delete to bring back. Once that Delete
    went past the Deletes Undo keeps, no Undo brings the artwork back, and the note was kept
    all the same until the window closed."""
    monkeypatch.setattr(library_undo, "MAX_DELETES", 1)
    kiln = add_image(session, tmp_path, "a kiln")
    moth = add_job(session, JobState.FAILED, "a moth on a lamp")
    library = await library_showing(window, moth)
    publishing = window.publishing
    publishing._too_late[kiln.id] = time.time()  # as a Cancel that came too late left it
    await delete_agreed(library, window.bridge, monkeypatch, kiln.id, left=1)
    assert kiln.id in publishing._too_late_deleted, "kept for the Undo of its Delete"

    await delete_agreed(library, window.bridge, monkeypatch, moth.id)
    assert kiln.id not in publishing._too_late_deleted


async def test_a_too_late_note_of_an_artwork_deleted_for_good_goes_at_once(
    window: MainWindow, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A publish whose Cancel came too late, its artwork deleted for good (the trash refused
    its image) before the artist saw it: no Undo brings it back, and the note that says so
    was kept all the same until the window closed."""
    kiln = add_image(session, tmp_path, "a kiln")
    library = await library_showing(window, kiln)
    publishing = window.publishing
    publishing._too_late[kiln.id] = time.time()  # as a Cancel that came too late left it
    trash_refuses(monkeypatch, kiln)
    await delete_agreed(library, window.bridge, monkeypatch, kiln.id)  # and for good
    assert not Path(kiln.file_path).exists()
    assert kiln.id not in publishing._too_late_deleted


async def deleted_in_another_window(
    library: LibraryPanel,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
    job_id: int,
    left: int = 0,
) -> None:
    """The artwork ``job_id`` deleted (``left`` others staying) in another window on
    ``library``'s library, and gone from ``library`` as once its look for other programs'
    writes sees it."""
    other_bridge = Bridge(library.bridge.session)
    try:
        other = await loaded_panel(other_bridge, owned)
        await delete_agreed(other, other_bridge, monkeypatch, job_id, left)
    finally:
        await other_bridge.aclose()
    library.model._read_rows_again()
    await until(lambda: library.model.row_of(job_id) is None)


async def test_a_too_late_note_of_an_artwork_another_window_deleted_goes_at_once(
    window: MainWindow,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A publish whose Cancel came too late, its artwork deleted by another window on the
    library before the artist saw it: no Undo of this window brings it back, and the note
    that says so was kept all the same until the window closed."""
    kiln = add_image(session, tmp_path, "a kiln")
    library = await library_showing(window, kiln)
    publishing = window.publishing
    publishing._too_late[kiln.id] = time.time()  # as a Cancel that came too late left it
    await deleted_in_another_window(library, owned, monkeypatch, kiln.id)
    assert kiln.id not in publishing._too_late
    assert kiln.id not in publishing._too_late_deleted


async def test_the_news_of_an_undo_goes_with_the_artworks_a_delete_pressed_anew_removes(
    window: MainWindow,
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Undo brought the fox and the hare back without their images; the artist deleted the
    fox again (a new Delete, not a Redo), then the hare: the blue news still named them as
    back in the library. It names the hare alone, then goes."""
    library = await fox_and_hare_back_without_their_images(
        window, bridge, session, tmp_path, monkeypatch, "by the gate"
    )
    await delete_agreed(library, bridge, monkeypatch, tile_of(library, "Fox at dusk").id, 1)
    news = window.banner.banner(BannerKind.INFO)
    assert news is not None
    assert news.message() == (
        "“Hare at dawn” came back without its image: no copy of it could be kept as it was deleted."
    )

    await delete_agreed(library, bridge, monkeypatch, tile_of(library, "Hare at dawn").id)
    assert window.banner.banner(BannerKind.INFO) is None


async def test_the_news_of_an_undo_goes_with_the_artworks_another_window_deletes(
    window: MainWindow,
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Undo brought the fox and the hare back without their images; another window on the
    library deleted the fox, then a command the hare: the blue news went on naming them as
    back in the library. It names the hare alone, then goes."""
    library = await fox_and_hare_back_without_their_images(
        window, bridge, session, tmp_path, monkeypatch, "by the weir"
    )
    fox = tile_of(library, "Fox at dusk")
    await deleted_in_another_window(library, owned, monkeypatch, fox.id, left=1)
    news = window.banner.banner(BannerKind.INFO)
    assert news is not None
    assert news.message() == (
        "“Hare at dawn” came back without its image: no copy of it could be kept as it was deleted."
    )

    hare = tile_of(library, "Hare at dawn")
    cli = Ledger.open(session.paths.database)  # a command, on a connection of its own
    try:
        cli.delete(hare.id)
    finally:
        cli.close()
    library.model._check_outside()  # as its timer does, within two seconds
    await until(lambda: library.model.row_of(hare.id) is None)
    assert window.banner.banner(BannerKind.INFO) is None


async def test_an_undo_gives_the_reason_of_its_own_delete_for_an_image_put_back_unseen(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Undo brought the fox back without its image, the copy kept of it gone; the artist put
    the image back from the Trash and pressed Redo before its tile read it again (its note
    still saying the image was left in the Trash). Redo moved that image to the Trash with no
    copy kept (the disk full), and said so; the next Undo said the copy kept was no longer
    there, the reason of the Undo before, not of the Delete it undid."""
    panel, back, image = await fox_back_without_its_kept_copy(
        bridge, session, tmp_path, owned, monkeypatch
    )
    Path(back.file_path).write_bytes(image)  # put back from the Trash by hand, not yet seen
    monkeypatch.setattr("kontext_studio.ui.job_actions.keep_image", lambda *_: None)
    await redone(panel, bridge)
    assert panel.model.rowCount() == 0
    assert not Path(back.file_path).exists(), "this Redo moved the image to the Trash"

    assert await news_of_undo(panel, bridge) == [left_in_trash("a red fox", NO_COPY)]


async def test_the_reasons_undo_keeps_for_images_left_in_the_trash_go_with_what_needs_them(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The fox brought back without its image, then deleted and brought back again and
    again (Redo, Undo): each Undo kept its reason under the fox's new id, and none went
    until the window closed, past the Delete no Undo reaches any more too. Only the fox as
    it is now keeps one, until its Delete goes past the Deletes Undo keeps."""
    monkeypatch.setattr(library_undo, "MAX_DELETES", 1)
    moth = add_job(session, JobState.FAILED, "a moth on a lamp")
    fox = with_hash(session, add_image(session, tmp_path, "a red fox"))
    panel = await loaded_panel(bridge, owned)
    await delete_agreed(panel, bridge, monkeypatch, fox.id, left=1)
    kept_link(panel).unlink()  # a folder cleaner, say
    await undone(panel, bridge)
    undo = panel.job_actions.undo
    for _again in range(3):
        await redone(panel, bridge)
        await undone(panel, bridge)
    fox = tile_of(panel, "a red fox")
    assert set(undo._left_why) == {fox.id}

    await delete_agreed(panel, bridge, monkeypatch, fox.id, left=1)
    await delete_agreed(panel, bridge, monkeypatch, moth.id)
    assert not undo._left_why


def delete_question(library: LibraryPanel, monkeypatch: pytest.MonkeyPatch) -> str:
    """The question Delete asks of the artworks selected in ``library``, answered No."""
    questions: list[str] = []
    monkeypatch.setattr(
        library, "confirm", lambda _title, text, *_buttons: questions.append(text) and False
    )
    library.commands["delete"].trigger()
    (question,) = questions
    return question


async def test_the_delete_question_of_an_artwork_back_without_its_image_says_it_is_in_the_trash(
    window: MainWindow, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Undo brought the fox back without its image, left in the Trash, as its preview says;
    deleted again, its question said the image file was gone from the disk, as if moved or
    deleted outside the app, and that Undo brought it all back."""
    fox = add_image(session, tmp_path, "a fox in the snow", title="Fox at dusk")
    library = await library_showing(window, fox)
    back = await back_without_its_image(library, window.bridge, monkeypatch, fox)
    await until(lambda: library.model.thumbnails.missing(back))
    library.select_job(back.id)

    question = delete_question(library, monkeypatch)
    assert "already gone from the disk" not in question
    assert question.startswith(
        "Delete “Fox at dusk”?\n\nThe image file is missing. It went to the Trash with its "
        "Delete, and Undo brought the artwork back without it. "
    )
    assert question.endswith(
        "Edit ▸ Undo (Ctrl+Z) brings it back, but not its image, until this window closes or "
        "20 more Deletes follow."
    )


async def test_an_artwork_back_without_its_image_then_trashed_by_a_cut_short_delete_says_so(
    window: MainWindow, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Undo brought the fox back without its image; the artist put the image back from the
    Trash, and before its tile read it, a Delete moved it to the Trash again and could not
    remove the fox (another program held the library). Its preview and its Delete question
    said the Undo had left it there: the Delete cut short did, as its Publish says."""
    fox = add_image(session, tmp_path, "a fox in the reeds", title="Fox at dusk")
    library = await library_showing(window, fox)
    back = await back_without_its_image(library, window.bridge, monkeypatch, fox)
    # Both notes, as that Delete left them: the Undo's note, unseen, and its own.
    both = session.ledger.note(back.id, trashed_at=time.time())
    assert both.image_left_in_trash
    window.bridge.job_changed.emit(session.engine.as_shown(both))
    await until(lambda: tile_of(library, "Fox at dusk").trashed_at is not None)
    await until(lambda: library.model.thumbnails.missing(both))

    said = await preview_of(window, library, both.id, fox.file_path)
    assert "a Delete moved it there, but could not remove the artwork" in said
    assert "Undo brought the artwork back" not in said
    assert delete_question(library, monkeypatch).startswith(
        "Delete “Fox at dusk”?\n\nThe image is in the Trash: a Delete moved it there, but "
        "could not remove the artwork from the library. "
    )


async def test_a_delete_no_longer_kept_keeps_only_the_news_of_its_undo(
    window: MainWindow,
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Undo brought the fox and the hare back without their images, and a Star took the
    place of its Redo: its news, still up, is kept for a Delete of them to take them out of
    it, but the rows the Undo brought back went with the step no press reaches, as those of
    every Delete past the Deletes Undo keeps go. Before, they stayed until the window
    closed."""
    library = await fox_and_hare_back_without_their_images(
        window, bridge, session, tmp_path, monkeypatch, "in the heather"
    )
    library.select_job(tile_of(library, "Fox at dusk").id)
    library.commands["star"].trigger()
    await bridge.wait_idle()
    undo = library.job_actions.undo
    (dropped,) = undo._news_dropped
    assert dropped.news is not None
    assert not dropped.restored


async def test_an_undo_gives_the_reason_its_image_was_left_in_the_trash_after_another_window_s(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """This window's Undo brought the fox back without its image, the copy kept of it gone;
    another window on the library deleted it and brought it back (under another id), then
    this window deleted it again: its Undo said "no copy of it could be kept as it was
    deleted", as if the disk had been full, having lost the fox's reason with its id."""
    fox = with_hash(session, add_image(session, tmp_path, "a red fox"))
    async with two_windows(bridge, session, owned) as (first, other_bridge, second):
        await delete_agreed(first, bridge, monkeypatch, fox.id)
        kept_link(first).unlink()  # a folder cleaner, say
        await undone(first, bridge)
        back = tile_of(first, "a red fox")
        second.apply_filter()  # read again, as at the window's return
        await until(lambda: second.model.row_of(back.id) is not None)
        await delete_agreed(second, other_bridge, monkeypatch, back.id)
        await undone(second, other_bridge)
        again = tile_of(second, "a red fox")
        first.apply_filter()
        await until(lambda: first.model.row_of(again.id) is not None)
        await delete_agreed(first, bridge, monkeypatch, again.id)

        assert await news_of_undo(first, bridge) == [left_in_trash("a red fox", COPY_GONE)]


async def test_the_delete_question_of_artworks_back_without_their_images_says_they_are_in_the_trash(
    window: MainWindow,
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Undo brought the fox and the hare back without their images, left in the Trash, as
    its news says; both deleted again, the question said their image files were gone from
    the disk, as if moved or deleted outside the app."""
    library = await fox_and_hare_back_without_their_images(
        window, bridge, session, tmp_path, monkeypatch, "by the hedge"
    )
    thumbnails = library.model.thumbnails
    backs = [tile_of(library, "Fox at dusk"), tile_of(library, "Hare at dawn")]
    await until(lambda: all(thumbnails.missing(back) for back in backs))
    library.view.selectAll()

    assert delete_question(library, monkeypatch).startswith(
        "Delete 2 artworks?\n\nTheir image files are missing. They went to the Trash with their "
        "Delete, and Undo brought the artworks back without them. "
    )


async def test_a_delete_of_a_generate_s_images_undone_reads_them_in_their_places(
    bridge: Bridge,
    session: Session,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The four images of one generate share one time: an Undo of their Delete brings them
    back under new ids, and told apart by their ids they read "4 of 4 … 1 of 4", Newest
    first and Oldest first. They read 1 of 4 to 4 of 4 again, by their places."""
    four = await one_generate_of_four(session, "a heron at dusk")
    panel = await loaded_panel(bridge, owned)
    await until(lambda: panel.model.rowCount() == 4)
    panel.view.selectAll()
    await until(lambda: len(panel.job_actions.several) == 4)
    agree(panel, monkeypatch)
    await deleted(panel, bridge)

    await undone(panel, bridge)
    await until(lambda: panel.model.rowCount() == 4)
    assert [panel.model.snapshot(row).batch_place for row in range(4)] == [1, 2, 3, 4]
    assert not {snap.id for snap in four} & {panel.model.snapshot(row).id for row in range(4)}
    for order in (LibraryOrder.NEWEST, LibraryOrder.OLDEST):
        listed = session.ledger.search(order=order)
        assert [snap.batch_place for snap in listed] == [1, 2, 3, 4], order


def no_links(monkeypatch: pytest.MonkeyPatch) -> None:
    """A library on a disk that takes no links to the app's own folder (another disk)."""

    def refused(_source: object, _target: object) -> None:
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))

    monkeypatch.setattr(undo_store.os, "link", refused)


def copies_kept(session: Session) -> list[Path]:
    """The copies of images the window keeps for Undo (not its folder's lock file)."""
    undo_root = session.paths.data / job_actions.UNDO_FOLDER
    return [each for each in undo_root.rglob("*") if each.is_file() and each.suffix != ".lock"]


async def test_a_delete_on_a_disk_without_links_copies_no_more_than_undo_s_budget(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where the disk takes no links (the library on another disk than the app's data), each
    Delete copied every image first: a Ctrl+A Delete of 1 000 copied gigabytes, for minutes,
    filling the disk. Copies stop at Undo's budget: the Delete says, as it ends, which come
    back without their images, and its Undo brings back every artwork, the copied ones with
    theirs, saying the others' images may still be in the Trash."""
    moths = [add_image(session, tmp_path, f"a moth number {n}") for n in range(4)]
    size = Path(moths[0].file_path).stat().st_size
    assert all(Path(moth.file_path).stat().st_size == size for moth in moths)
    monkeypatch.setattr(undo_store, "COPY_CAP", 2 * size + size // 2)
    no_links(monkeypatch)
    panel = await loaded_panel(bridge, owned)
    said: list[str] = []
    panel.notice.connect(said.append)
    panel.key_actions["select_all"].trigger()
    await until(lambda: len(panel.job_actions.several) == 4)
    answering(panel, monkeypatch, True)
    await deleted(panel, bridge)
    assert (
        "Edit ▸ Undo will bring back 2 artworks without their images: no copy of them could "
        "be kept."
    ) in said[-1]
    assert sum(each.stat().st_size for each in copies_kept(session)) == 2 * size

    news = await news_of_undo(panel, bridge)
    assert sorted(shown.prompt for shown in shown_snapshots(panel)) == [m.prompt for m in moths]
    without = [moth for moth in moths if not Path(moth.file_path).exists()]
    assert len(without) == 2
    names = ", ".join(f"“{moth.prompt}”" for moth in reversed(without))  # newest first
    assert news == [
        (
            f"{names} came back without their images: no copy of them could be kept as they "
            "were deleted.",
            "Their images may still be in the Trash: restore them from there to put them back.",
        )
    ]
    assert copies_kept(session) == [], "the copies put back are let go of"

    # Their room is given back: the next Delete's question does not say it may be short.
    (whole, *_) = [moth for moth in moths if moth not in without]
    asked = answering(panel, monkeypatch, True)
    panel.select_job(tile_of(panel, whole.prompt).id)
    await deleted(panel, bridge, left=3)
    assert "only so many" not in asked[0]
    assert sum(each.stat().st_size for each in copies_kept(session)) == size


@pytest.mark.parametrize(
    ("count", "room", "question", "news"),
    [
        (
            3,
            2.5,
            "it may bring “a moth number 1” back without its image.",
            "Edit ▸ Undo will bring back “a moth number 1” without its image: no copy of it "
            "could be kept.",
        ),
        (
            4,
            2.5,
            "it may bring 2 of these artworks back without their images.",
            "Edit ▸ Undo will bring back 2 artworks without their images: no copy of them could "
            "be kept.",
        ),
        (
            3,
            1.5,
            "it may bring them all back without their images.",
            "Edit ▸ Undo will bring back 2 artworks without their images: no copy of them could "
            "be kept.",
        ),
    ],
    ids=["one past the room", "several past the room", "all past the room"],
)
async def test_a_delete_question_says_which_images_undo_s_copies_have_no_room_for(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
    count: int,
    room: float,
    question: str,
    news: str,
) -> None:
    """Once a Delete found that the library's disk takes no links, the question of the next
    says which of its images may not fit in the room left for Undo's copies: it promised
    them all back, and only the Delete's end said otherwise."""
    moths = [add_image(session, tmp_path, f"a moth number {n}") for n in range(count)]
    size = Path(moths[0].file_path).stat().st_size
    monkeypatch.setattr(undo_store, "COPY_CAP", int(room * size))
    no_links(monkeypatch)
    panel = await loaded_panel(bridge, owned)
    asked = answering(panel, monkeypatch, True)
    panel.select_job(moths[0].id)
    await deleted(panel, bridge, left=count - 1)
    assert "only so many" not in asked[0], "the first image fits in the room"

    asked = answering(panel, monkeypatch, True)
    said: list[str] = []
    panel.notice.connect(said.append)
    panel.key_actions["select_all"].trigger()
    await until(lambda: len(panel.job_actions.several) == count - 1)
    await deleted(panel, bridge)
    assert asked[0].endswith(
        "But Undo can keep copies of only so many images from this library's disk: " + question
    )
    assert said[-1].endswith(news)


async def test_the_delete_question_counts_past_the_room_only_the_images_copies_skip(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
) -> None:
    """An image too big for the room left is not copied, and the smaller ones after it
    still are (CopyBudget.take): the question counted every image after it as past the
    room too, "3 of these artworks" for the one."""
    big, *small = [add_image(session, tmp_path, f"a moth number {n}") for n in range(3)]
    panel = await loaded_panel(bridge, owned)
    budget = panel.job_actions._undo_folder.copies
    budget.cap = 1000
    assert budget.take(tmp_path / "an earlier Delete's copy.png", 0)  # its disk takes no links
    chosen = [replace(big, file_size=2000), *(replace(each, file_size=400) for each in small)]
    assert panel.job_actions._copies_short(chosen).endswith(
        "it may bring “a moth number 0” back without its image."
    )


PAST_THE_ROOM = "But Undo can keep copies of only so many images from this library's disk: "


def moths_of_a_size(session: Session, tmp_path: Path, count: int) -> tuple[list[Snapshot], int]:
    """``count`` artworks whose images are all of one size, and that size."""
    moths = [add_image(session, tmp_path, f"a moth number {n}") for n in range(count)]
    size = Path(moths[0].file_path).stat().st_size
    assert all(Path(moth.file_path).stat().st_size == size for moth in moths)
    return moths, size


def copied_bytes(session: Session) -> int:
    return sum(each.stat().st_size for each in copies_kept(session))


async def both_deleted_one_past_the_room(
    panel: LibraryPanel, bridge: Bridge, monkeypatch: pytest.MonkeyPatch, prompt: str
) -> None:
    """Delete the two artworks ``panel`` shows, agreed to; check that the question said, and
    the end told, the one of ``prompt`` would come back without its image (past Undo's room)."""
    asked = answering(panel, monkeypatch, True)
    said: list[str] = []
    panel.notice.connect(said.append)
    panel.key_actions["select_all"].trigger()
    await until(lambda: len(panel.job_actions.several) == 2)
    await deleted(panel, bridge)
    assert asked[0].endswith(PAST_THE_ROOM + f"it may bring “{prompt}” back without its image.")
    assert said[-1].endswith(
        f"Edit ▸ Undo will bring back “{prompt}” without its image: no copy of it could be kept."
    )


async def test_the_first_delete_s_question_already_knows_the_disk_takes_no_links(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only a Delete found that the library's disk takes no links, so the first Delete's
    question promised every image back, and its end said one would come back without its
    image. The window learns it as it opens (a link of a tiny file of its own), and the
    first question says it."""
    _moths, size = moths_of_a_size(session, tmp_path, 2)
    monkeypatch.setattr(undo_store, "COPY_CAP", size + size // 2)
    no_links(monkeypatch)
    panel = await loaded_panel(bridge, owned)
    await bridge.wait_idle()  # the window's look at the disk
    await both_deleted_one_past_the_room(panel, bridge, monkeypatch, "a moth number 0")
    library = session.engine.library_dir
    assert [each.name for each in library.iterdir()] == [], "its tiny file is removed"


async def test_two_windows_on_a_library_share_undo_s_room_for_copies(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each window kept copies up to the whole room of its own: two windows (or a window
    and its preview pane) copied twice as much. They share it: the second window's
    question says its image may come back without it, and it is not copied."""
    (moth, heron), size = moths_of_a_size(session, tmp_path, 2)
    monkeypatch.setattr(undo_store, "COPY_CAP", size + size // 2)
    no_links(monkeypatch)
    panel = await loaded_panel(bridge, owned)
    await delete_agreed(panel, bridge, monkeypatch, moth.id, left=1)
    assert copied_bytes(session) == size

    other_bridge = Bridge(session)
    try:
        other = await loaded_panel(other_bridge, owned)
        asked = answering(other, monkeypatch, True)
        other.select_job(heron.id)
        await deleted(other, other_bridge)
        assert asked[0].endswith(
            PAST_THE_ROOM + "it may bring “a moth number 1” back without its image."
        )
        assert copied_bytes(session) == size, "no copy past the room both share"
    finally:
        await other_bridge.aclose()


async def test_a_delete_no_longer_kept_gives_its_room_back_to_the_next_question(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A Delete that fell off the Deletes Undo keeps let go of its copies, but their room
    came back only once the next Delete was under way: its question counted them still,
    and said that images which then had room might come back without theirs."""
    moths, size = moths_of_a_size(session, tmp_path, 4)
    monkeypatch.setattr(undo_store, "COPY_CAP", 2 * size + size // 2)
    monkeypatch.setattr(library_undo, "MAX_DELETES", 1)
    no_links(monkeypatch)
    panel = await loaded_panel(bridge, owned)
    await delete_agreed(panel, bridge, monkeypatch, moths[0].id, left=3)
    await delete_agreed(panel, bridge, monkeypatch, moths[1].id, left=2)  # the first falls off
    await until(lambda: copied_bytes(session) == size)

    await both_deleted_one_past_the_room(panel, bridge, monkeypatch, "a moth number 2")


def word_of_the_cut_delete(window: MainWindow) -> tuple[str, str] | None:
    """What the banner of a Delete the last close cut says, while it is up."""
    banner = window.banner.banner(BannerKind.UNDELETED)
    return None if banner is None else (banner.message(), banner.hint())


def not_deleted(count: int) -> tuple[str, str]:
    """That banner's words for ``count`` artworks left in the library."""
    if count == 1:
        return (
            "Kontext Studio closed before your last Delete had finished: 1 artwork was not "
            "deleted.",
            "It is still in the library: delete it again.",
        )
    return (
        f"Kontext Studio closed before your last Delete had finished: {count} artworks were "
        "not deleted.",
        "They are still in the library: delete them again.",
    )


async def test_the_word_of_a_cut_delete_counts_what_is_left_and_goes_with_the_last(
    window: MainWindow,
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The start said a Delete the last close cut left 2 artworks in the library: the
    artist deleted them by hand, and it went on saying they were still there, to be
    deleted again. It counts those left as they leave (here, by a Redo, by another
    program while the search hides them) or come back (an Undo), and goes with the last."""
    monkeypatch.setattr(library_model, "OUTSIDE_CHECK_MS", 50)
    moth = add_image(session, tmp_path, "a moth on a lamp")
    fox = add_image(session, tmp_path, "a red fox")
    library = await library_showing(window, fox)
    window.tell_delete_cut((moth.id, fox.id))
    await until(lambda: word_of_the_cut_delete(window) == not_deleted(2))

    await delete_agreed(library, bridge, monkeypatch, fox.id, left=1)
    assert word_of_the_cut_delete(window) == not_deleted(1)
    await undone(library, bridge)
    await until(lambda: library.model.rowCount() == 2)
    assert word_of_the_cut_delete(window) == not_deleted(2)
    await redone(library, bridge)
    await until(lambda: library.model.rowCount() == 1)
    assert word_of_the_cut_delete(window) == not_deleted(1)

    library.search.setText("heron")  # hides the moth
    library.apply_filter()
    await until(lambda: library.model.rowCount() == 0)
    other = Ledger.open(session.paths.database)  # the command line's delete
    try:
        other.delete(moth.id)
    finally:
        other.close()
    await until(lambda: word_of_the_cut_delete(window) is None)


async def test_the_word_of_a_cut_delete_is_said_again_once_for_a_delete_of_many(
    window: MainWindow,
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The artist did as the banner of a cut Delete said, and deleted its 10 000 artworks
    again: it was said again for each one told deleted, and the window froze for 16 s. It is
    said once for all those told together, and goes with the last."""
    ids = tuple(
        session.ledger.create_upload(prompt=f"moth {n}", file_path=str(tmp_path / f"{n}.png")).id
        for n in range(200)
    )
    window.tell_delete_cut(ids)
    await until(lambda: word_of_the_cut_delete(window) == not_deleted(200))
    said: list[str] = []
    show_message = window.banner.show_message

    def saying(message: str, *args: Any, **kwargs: Any) -> None:
        said.append(message)
        show_message(message, *args, **kwargs)

    monkeypatch.setattr(window.banner, "show_message", saying)
    for job_id in ids[:-1]:
        bridge.job_deleted.emit(job_id)
    await until(lambda: word_of_the_cut_delete(window) == not_deleted(1))
    assert len(said) == 1
    bridge.job_deleted.emit(ids[-1])
    await until(lambda: word_of_the_cut_delete(window) is None)
