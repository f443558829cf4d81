"""The library's Sort: its choices, read in the store's order, kept across restarts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from kontext_studio.kie.models import GenerateRequest
from kontext_studio.session import Session
from kontext_studio.store.ledger import Snapshot
from kontext_studio.store.order import LibraryOrder, cursor_of, order_key
from kontext_studio.store.schema import Artwork
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.job_actions import button_words
from kontext_studio.ui.library_model import PAGE_SIZE, LibraryModel, Page
from kontext_studio.ui.library_panel import LibraryPanel
from kontext_studio.ui.plain_text import plain_tooltip
from tests.ui.conftest import settled, until
from tests.ui.test_accessibility import clashing, items_without_a_key_of_their_own
from tests.ui.test_library import add_image, seed_rows
from tests.ui.test_library_selection import (
    CTRL,
    current_id,
    fail_next_search,
    press,
    selected_ids,
    shown,
)
from tests.ui.test_window import close_window, open_window


def shown_ids(panel: LibraryPanel) -> list[int]:
    return [panel.model.snapshot(row).id for row in range(panel.model.rowCount())]


def in_sight(panel: LibraryPanel, job_id: int) -> bool:
    """Whether ``job_id``'s tile is loaded and wholly inside the grid's viewport."""
    row = panel.model.row_of(job_id)
    if row is None:
        return False
    tile = panel.view.visualRect(panel.model.index(row))
    return panel.view.viewport().rect().contains(tile)


def choose_sort(panel: LibraryPanel, choice: str) -> None:
    """Choose ``choice`` (its words, without the mark) from Sort's menu, as its Return
    does (the menu's own event loop, opened, would hold the test: Tab reaching Sort is
    checked on its own)."""
    action = next(a for a in panel.sort.menu().actions() if button_words(a.text()) == choice)
    action.trigger()


async def test_sort_is_reached_from_the_search_and_told_to_screen_readers(
    panel: LibraryPanel,
) -> None:
    """Tab from the search comes to Sort, which says its choice to a screen reader and in
    its tooltip, with where the menu bar holds the choices too (View ▸ Sort library, which
    the tooltip did not say); its menu holds the choices, the one made checked."""
    assert panel.sort.accessibleName() == "Sort the library: Newest first"
    assert panel.sort.toolTip() == plain_tooltip(
        "Sort the library: Newest first\nAlso in View ▸ Sort library (Alt+V, L)."
    )
    menu = panel.sort.menu()
    assert [a.text() for a in menu.actions()] == [
        "&Newest first",
        "&Oldest first",
        "N&ame A→Z",
        "&Starred first",
    ]
    panel.search.setFocus(Qt.FocusReason.OtherFocusReason)
    QTest.keyClick(panel.search, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.sort

    choose_sort(panel, "Name A→Z")
    assert panel.order() is LibraryOrder.NAME
    assert [a.text() for a in menu.actions() if a.isChecked()] == ["N&ame A→Z"]
    assert panel.sort.accessibleName() == "Sort the library: Name A→Z"


async def test_oldest_first_keeps_the_chosen_artwork_selected_and_in_sight(
    panel: LibraryPanel, session: Session, tmp_path: Path
) -> None:
    """The library always listed newest first. Oldest first, chosen,
    lists the first artwork at the top, read by the store a page at a time; the artwork
    chosen before (the newest, now the last of three pages) stays selected, its tile
    scrolled into sight."""
    count = 2 * PAGE_SIZE + 10
    seed_rows(tmp_path, count)  # id 1 the newest
    panel.apply_filter()
    await until(lambda: panel.model.rowCount() == PAGE_SIZE)
    press(panel, Qt.Key.Key_Home)
    await until(lambda: current_id(panel) == 1)
    await settled(panel)

    choose_sort(panel, "Oldest first")
    await until(lambda: panel.model.rowCount() > 0 and panel.model.snapshot(0).id == count)
    await until(lambda: current_id(panel) == 1 and in_sight(panel, 1))
    assert selected_ids(panel) == {1}
    assert shown_ids(panel) == sorted(shown_ids(panel), reverse=True)


async def test_a_starred_artwork_goes_to_the_top_under_starred_first(
    panel: LibraryPanel, session: Session, tmp_path: Path
) -> None:
    """Under Starred first, an artwork starred (Ctrl+D) moves up to the starred ones at
    the top, still selected; unstarred, it goes back among the others by its date."""
    made = [add_image(session, tmp_path, f"a curlew {n}") for n in range(4)]
    panel.apply_filter()
    await shown(panel, *made)
    choose_sort(panel, "Starred first")
    await until(lambda: panel.model.filter.order is LibraryOrder.STARRED and panel.model.loaded)
    oldest = made[0]
    panel.select_job(oldest.id)
    await until(lambda: current_id(panel) == oldest.id)

    press(panel, Qt.Key.Key_D, CTRL)
    await until(lambda: shown_ids(panel)[0] == oldest.id)
    assert selected_ids(panel) == {oldest.id} and current_id(panel) == oldest.id
    assert shown_ids(panel)[1:] == [s.id for s in reversed(made[1:])]

    press(panel, Qt.Key.Key_D, CTRL)
    await until(lambda: shown_ids(panel)[-1] == oldest.id)
    assert current_id(panel) == oldest.id


async def test_name_a_to_z_lists_titles_whatever_their_case(
    panel: LibraryPanel, session: Session, tmp_path: Path
) -> None:
    """Name A→Z sorts by title, else by prompt, case and accents aside."""
    made = [
        add_image(session, tmp_path, "zebra"),
        add_image(session, tmp_path, "untitled one", title="Éclair"),
        add_image(session, tmp_path, "apple"),
        add_image(session, tmp_path, "Banana"),
    ]
    panel.apply_filter()
    await shown(panel, *made)
    choose_sort(panel, "Name A→Z")
    await until(lambda: panel.model.filter.order is LibraryOrder.NAME and panel.model.loaded)
    await until(lambda: shown_ids(panel) == [made[n].id for n in (2, 3, 1, 0)])


async def test_the_sort_chosen_is_kept_across_a_restart(session: Session, bridge: Bridge) -> None:
    """Sort is part of the window's layout: the next start lists the library as left."""
    first = await open_window(session, bridge)
    try:
        choose_sort(first.library, "Oldest first")
    finally:
        await close_window(first)
    second = await open_window(session, bridge)
    try:
        await settled(second)
        assert second.library.sort.accessibleName() == "Sort the library: Oldest first"
        # Where the tooltip says Sort's choices are, and their keys (Alt+V, L).
        (view,) = [m for m in second.menuBar().findChildren(QMenu) if m.title() == "&View"]
        assert second.library.sort.menu() in [a.menu() for a in view.actions()]
        assert second.library.sort.menu().title() == "Sort &library"
        assert second.library.model.filter.order is LibraryOrder.OLDEST
    finally:
        await close_window(second)


async def test_unknown_kept_sort_is_newest_first(owned: list[QObject], bridge: Bridge) -> None:
    """A value no version knows (a later version's choice) lists newest first."""
    library = LibraryPanel(bridge, order=LibraryOrder.named("by colour"))
    owned.append(library)
    assert library.order() is LibraryOrder.NEWEST


async def test_a_rename_under_name_a_to_z_moves_the_tile_still_selected_and_undo_moves_it_back(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Renamed under Name A→Z, the artwork goes to its new name's place, still selected;
    Ctrl+Z takes it back to the old one, as does a Delete undone (under a new id)."""
    made = [add_image(session, tmp_path, name) for name in ("apple", "banana", "cherry")]
    panel.apply_filter()
    await shown(panel, *made)
    choose_sort(panel, "Name A→Z")
    await until(lambda: shown_ids(panel) == [m.id for m in made])
    apple = made[0]
    panel.select_job(apple.id)
    await until(lambda: current_id(panel) == apple.id)

    monkeypatch.setattr(panel, "ask_title", lambda _snapshot: "Zucchini")
    panel.commands["rename"].trigger()
    await until(lambda: shown_ids(panel) == [made[1].id, made[2].id, apple.id])
    assert selected_ids(panel) == {apple.id} and current_id(panel) == apple.id

    panel.key_actions["undo"].trigger()
    await until(lambda: shown_ids(panel) == [m.id for m in made])
    assert current_id(panel) == apple.id

    monkeypatch.setattr(panel, "confirm", lambda *_asked: True)
    panel.select_job(made[1].id)
    await until(lambda: current_id(panel) == made[1].id)
    panel.commands["delete"].trigger()
    await until(lambda: panel.model.rowCount() == 2)
    await panel.bridge.wait_idle()
    panel.key_actions["undo"].trigger()
    await until(lambda: panel.model.rowCount() == 3)
    names = [panel.model.snapshot(row).prompt for row in range(3)]
    assert names == ["apple", "banana", "cherry"]


async def test_a_rename_that_sends_the_tile_past_the_pages_read_keeps_it_selected(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under Name A→Z in a library longer than a page, the first tile renamed "zzz" sorts
    past the tiles read: its page is read and it is still the one selected and shown.
    Before, its tile was taken out and the one after it selected, as if it was deleted."""
    seed_rows(tmp_path, PAGE_SIZE + 5)
    choose_sort(panel, "Name A→Z")
    await until(lambda: panel.model.rowCount() == PAGE_SIZE)
    first = panel.model.snapshot(0)
    panel.select_job(first.id)
    await until(lambda: current_id(panel) == first.id)

    monkeypatch.setattr(panel, "ask_title", lambda _snapshot: "zzz at the end")
    panel.commands["rename"].trigger()
    await until(lambda: panel.model.rowCount() == PAGE_SIZE + 5)
    await until(lambda: current_id(panel) == first.id)
    assert selected_ids(panel) == {first.id}
    assert shown_ids(panel)[-1] == first.id


async def test_a_new_artwork_revealed_under_oldest_first_is_read_and_selected(
    panel: LibraryPanel, session: Session, tmp_path: Path
) -> None:
    """Under Oldest first in a library longer than a page, an artwork just made sorts past
    the tiles read: shown in the library (as Generate, Upload and the crash banner's Show
    do), its page is read and it is selected. Before, nothing was selected until the
    artist scrolled to the end of the library."""
    seed_rows(tmp_path, PAGE_SIZE + 5)
    choose_sort(panel, "Oldest first")
    await until(lambda: panel.model.rowCount() == PAGE_SIZE)
    made = add_image(session, tmp_path, "a heron just made")
    await panel.bridge.wait_idle()
    panel.reveal_jobs([made])
    await until(lambda: current_id(panel) == made.id)
    assert selected_ids(panel) == {made.id}


async def test_choosing_the_order_already_ticked_leaves_the_library_as_it_is(
    panel: LibraryPanel, tmp_path: Path
) -> None:
    """Newest first chosen again while the library is listed newest first: it is not read
    again. Before, it was: the grid went blank a moment and came back scrolled to its top,
    away from where the artist had scrolled to."""
    seed_rows(tmp_path, PAGE_SIZE)
    panel.apply_filter()
    await until(lambda: panel.model.rowCount() == PAGE_SIZE)
    await settled(panel)
    bar = panel.view.verticalScrollBar()
    bar.setValue(bar.maximum())
    scrolled = bar.value()
    assert scrolled > 0
    reads: list[object] = []
    panel.model.reloaded.connect(lambda: reads.append(None))

    choose_sort(panel, "Newest first")
    await panel.bridge.wait_idle()
    await settled(panel)
    assert reads == []
    assert bar.value() == scrolled
    assert panel.sort.accessibleName() == "Sort the library: Newest first"


async def test_a_kept_order_is_read_once_at_start(
    session: Session, bridge: Bridge, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window opened with Name A→Z kept reads the library once, in that order. Before,
    it read it newest first, then again by name: twice the wait for a large library, and
    the tiles shown in one order, then in the other."""
    first = await open_window(session, bridge)
    try:
        choose_sort(first.library, "Name A→Z")
    finally:
        await close_window(first)
    read_in: list[LibraryOrder] = []
    search = session.ledger.search

    def counted(*args: Any, **kwargs: Any) -> list[Snapshot]:
        if "order" in kwargs:  # a read of the library's query (not of its newest alone)
            read_in.append(kwargs["order"])
        return search(*args, **kwargs)

    monkeypatch.setattr(session.ledger, "search", counted)
    second = await open_window(session, bridge)
    try:
        await settled(second)
        assert read_in == [LibraryOrder.NAME]
    finally:
        await close_window(second)


async def test_an_unstar_that_sends_the_tile_past_the_pages_read_keeps_it_selected(
    panel: LibraryPanel, tmp_path: Path
) -> None:
    """Under Starred first in a library longer than a page, the oldest artwork, starred
    and so at the top, unstarred (Ctrl+D) goes to the end, past the tiles read: the pages
    down to it are read and it stays the one selected, in sight, each artwork listed once
    and none left out."""
    count = PAGE_SIZE + 5
    seed_rows(tmp_path, count)  # id 1 the newest, id count the oldest
    Artwork.update(starred=True).where(Artwork.id == count).execute()
    choose_sort(panel, "Starred first")
    await until(lambda: panel.model.rowCount() == PAGE_SIZE and shown_ids(panel)[0] == count)
    panel.select_job(count)
    await until(lambda: current_id(panel) == count)

    press(panel, Qt.Key.Key_D, CTRL)
    await until(lambda: panel.model.rowCount() == count)
    await until(lambda: current_id(panel) == count and in_sight(panel, count))
    assert selected_ids(panel) == {count}
    assert shown_ids(panel) == list(range(1, count + 1))


async def test_sort_is_in_the_view_menu_each_choice_with_a_letter(
    session: Session, bridge: Bridge
) -> None:
    """The Sort button's sign has no letter Alt can press: its menu is also View ▸ Sort
    library (Alt+V, L), each choice with a letter of its own, none shared in View."""
    window = await open_window(session, bridge)
    try:
        view = next(
            action.menu() for action in window.menuBar().actions() if action.text() == "&View"
        )
        sort = next(a for a in view.actions() if a.text() == "Sort &library")
        assert sort.menu() is window.library.sort.menu()
        assert items_without_a_key_of_their_own(sort.menu()) == []
        assert clashing({a: a.text() for a in view.actions() if a.isVisible()}) == {}

        next(a for a in sort.menu().actions() if a.text() == "&Oldest first").trigger()
        await until(lambda: window.library.model.filter.order is LibraryOrder.OLDEST)
    finally:
        await close_window(window)


async def test_a_rename_far_past_the_pages_read_reads_down_to_it_at_once(
    panel: LibraryPanel,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Under Name A→Z in a library of several pages, the first tile renamed "zzz" sorts to
    the very end: the rows down to it are read in one go, not a page after another (33
    reads, 2.5 s, in a library of 10 000), and it is selected and in sight; scrolled back
    up, the grid lists each artwork once, none left out, in the order of the whole library."""
    seed_rows(tmp_path, 3 * PAGE_SIZE + 5)
    choose_sort(panel, "Name A→Z")
    await until(lambda: panel.model.rowCount() == PAGE_SIZE)
    first = panel.model.snapshot(0)
    panel.select_job(first.id)
    await until(lambda: current_id(panel) == first.id)
    later_pages: list[int] = []  # how many rows each read after the first page brought
    search = session.ledger.search

    def counted(*args: Any, **kwargs: Any) -> list[Snapshot]:
        rows = search(*args, **kwargs)
        if kwargs.get("before") is not None and rows:
            later_pages.append(len(rows))
        return rows

    monkeypatch.setattr(session.ledger, "search", counted)
    monkeypatch.setattr(panel, "ask_title", lambda _snapshot: "zzz at the end")
    panel.commands["rename"].trigger()
    await until(lambda: panel.model.row_of(first.id) == 3 * PAGE_SIZE + 4)
    await until(lambda: current_id(panel) == first.id and in_sight(panel, first.id))
    assert selected_ids(panel) == {first.id}
    assert later_pages == [2 * PAGE_SIZE + 6]  # with the renamed one, taken out above

    panel.view.verticalScrollBar().setValue(0)
    whole = [row.id for row in search(order=LibraryOrder.NAME)]
    assert shown_ids(panel) == whole
    assert whole[-1] == first.id


async def test_a_change_while_another_order_is_read_is_placed_by_it_once_read(
    panel: LibraryPanel, session: Session, tmp_path: Path
) -> None:
    """An artwork changed (starred, say, or a job's state) while the library is read again
    in another order: the tiles shown until then keep theirs, and once the new order is in,
    the artwork is in its place in it. Before, it was placed by the new order among the
    tiles of the old one, whose keys are not alike (names, numbers), and that failed."""
    made = [add_image(session, tmp_path, name) for name in ("apple", "banana", "cherry")]
    choose_sort(panel, "Name A→Z")
    await until(lambda: shown_ids(panel) == [m.id for m in made])

    choose_sort(panel, "Starred first")
    starred = session.ledger.update(made[0].id, starred=True)
    panel.bridge.job_changed.emit(starred)
    await until(lambda: panel.model.filter.order is LibraryOrder.STARRED and panel.model.loaded)
    await until(lambda: shown_ids(panel) == [made[0].id, made[2].id, made[1].id])


async def test_the_order_ticked_chosen_again_after_its_read_failed_reads_it_again(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Name A→Z chosen while the library is busy: its read fails, the grid says so. Chosen
    again, as an artist retries what did not work, it is read again at once. Before, the
    order already ticked chosen again did nothing at all, also with no tiles shown."""
    made = [add_image(session, tmp_path, name) for name in ("cherry", "apple", "banana")]
    panel.apply_filter()
    await shown(panel, *made)
    failing = fail_next_search(session, monkeypatch)
    choose_sort(panel, "Name A→Z")
    await panel.bridge.wait_idle()
    assert not failing  # the read failed
    assert panel.model.read_failed and panel.model.rowCount() == 0

    choose_sort(panel, "Name A→Z")
    await panel.bridge.wait_idle()
    assert not panel.model.read_failed
    assert shown_ids(panel) == [made[1].id, made[2].id, made[0].id]


def test_a_page_whose_keys_are_not_one_a_row_is_refused_where_it_is_made(
    session: Session, tmp_path: Path
) -> None:
    """A page brings each row's place in the order (its key) with it. A key short went in
    unnoticed: each row after it got another's key, and a star given or a rename then moved
    the rows to the wrong places. A page must have one key a row, a first page too."""
    seed_rows(tmp_path, 3)
    rows = session.ledger.search()
    keys = tuple(order_key(LibraryOrder.NEWEST, row) for row in rows)
    assert Page(rows, more=False, cursor=None, version=None, keys=keys).keys == keys
    with pytest.raises(ValueError, match="3 rows with 0 keys"):
        Page(rows, more=False, cursor=None, version=None)
    with pytest.raises(ValueError, match="3 rows with 2 keys"):
        Page(rows, more=False, cursor=None, version=None, keys=keys[1:])


@pytest.mark.parametrize("order", [LibraryOrder.NEWEST, LibraryOrder.OLDEST])
async def test_artworks_written_while_the_library_is_read_a_page_at_a_time_show_once_in_order(
    bridge: Bridge, session: Session, tmp_path: Path, owned: list[QObject], order: LibraryOrder
) -> None:
    """Artworks written while the first page alone is read: one of the time of the page's
    last tile and one of the next page's first (the window places each by its key, the next
    page is read from the last tile's place: each must agree with the other on which comes
    first), and a press of Generate of four, which share one time. Read down to the end,
    the library lists each once, as a library opened after lists them, the four reading 1
    of 4 to 4 of 4."""
    seed_rows(tmp_path, PAGE_SIZE + 20)
    Artwork.update(created_at=1000.0 - Artwork.id / 7).execute()  # seven of each time
    model = LibraryModel(bridge)
    owned.append(model)
    model.reload(order=order)
    await until(lambda: model.loaded)
    assert model.rowCount() == PAGE_SIZE
    last = model.snapshot(PAGE_SIZE - 1)
    (next_first,) = session.ledger.search(order=order, limit=1, before=cursor_of(order, last))
    for snap in (last, next_first):
        tied = session.ledger.create_job(
            GenerateRequest(f"tied with {snap.prompt}").validated(), created_at=snap.created_at
        )
        bridge.job_changed.emit(tied)
    four = await session.engine.submit_several(GenerateRequest("a heron of four"), 4)
    for snap in four:
        await session.engine.wait_for(snap.id)
    read: list[bool] = []
    model.fetch_all(lambda: read.append(True))
    await until(lambda: bool(read))

    ids = [model.snapshot(row).id for row in range(model.rowCount())]
    assert ids == [snap.id for snap in session.ledger.search(order=order)]
    heron = [model.snapshot(row) for row in range(model.rowCount())]
    assert [snap.batch_place for snap in heron if snap.prompt == "a heron of four"] == [1, 2, 3, 4]
