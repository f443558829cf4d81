"""The library's tiles follow the font: at 24 pt, in the width they have at the default font,
the line under the picture was cut ("Generat…") and a state word shrunk to fit ("Outcome
unknown" at 9.6 pt). They are as wide as those words need, within the grid's width; at the
default font nothing moves."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QObject, QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QFontMetrics, QFontMetricsF
from PySide6.QtWidgets import QApplication, QListView, QStyleOptionViewItem

from kontext_studio.jobs.states import JobState
from kontext_studio.session import Session
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.library_model import LibraryModel, state_label
from kontext_studio.ui.library_panel import (
    _INSET,
    _MARGIN,
    _TEXT_GAP,
    TILE,
    LibraryPanel,
    _elide_lines,
)
from kontext_studio.ui.publishing import PublishController
from kontext_studio.ui.thumbnails import THUMBNAIL_SIDE, ThumbnailCache, _File, _Key, device_side
from tests.ui.conftest import application_font, settled, until
from tests.ui.test_library import WordsPainter, add_job, completed_job, loaded_panel, write_png

LIBRARY_AT_1024 = 329
"""The library's width at 24 pt in a window filling a 1024 x 700 screen."""
WRAPPED = (Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap).value


async def shown_panel(bridge: Bridge, owned: list[QObject], width: int) -> LibraryPanel:
    """The library, shown ``width`` px wide with its tiles laid out."""
    panel = await loaded_panel(bridge, owned)
    panel.resize(width, 640)
    panel.show()
    await settled(panel)
    return panel


def painted_in_its_cell(panel: LibraryPanel, row: int = 0) -> WordsPainter:
    """The painter the tile of ``row`` was painted with, in the cell the grid gives it."""
    index = panel.model.index(row)
    cell = panel.view.visualRect(index)
    image = QtGui.QImage(cell.size(), QtGui.QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.white)
    option = QStyleOptionViewItem()
    option.initFrom(panel.view)
    option.rect = QRect(QPoint(0, 0), cell.size())
    painter = WordsPainter(image)
    panel.view.itemDelegate().paint(painter, option, index)
    painter.end()
    return painter


def status_of(panel: LibraryPanel, row: int = 0) -> str:
    return str(panel.model.data(panel.model.index(row), LibraryModel.StatusRole))


async def test_at_24_pt_on_a_1024_px_screen_a_running_tiles_status_line_reads_whole(
    huge_font: None, bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    add_job(session, JobState.GENERATING, "a slow river", submitted_at=time.time() - 12)
    panel = await shown_panel(bridge, owned, LIBRARY_AT_1024)
    status = status_of(panel)
    assert status.startswith("Generating · 1")
    placed = painted_in_its_cell(panel).placed
    assert status in placed, list(placed)
    room, font = placed[status]
    assert QFontMetrics(font).horizontalAdvance(status) <= room.width()


async def test_at_24_pt_a_state_word_is_drawn_whole_at_its_full_size(
    huge_font: None, bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """ "Outcome unknown", too wide for a tile on one line, is broken at its space; the
    note under it starts below it."""
    add_job(session, JobState.UNKNOWN, "a stormy sea")
    panel = await shown_panel(bridge, owned, LIBRARY_AT_1024)
    word = state_label(JobState.UNKNOWN)
    placed = painted_in_its_cell(panel).placed
    room, font = placed[word]
    assert font.pointSizeF() == 24 * 1.15
    needed = QFontMetricsF(font).boundingRect(QRectF(room), WRAPPED, word)
    assert needed.width() <= room.width() and needed.height() <= room.height()
    note, _ = placed[panel.model.error_text(panel.model.snapshot(0), brief=True)]
    assert note.top() > room.bottom()


async def test_at_the_default_font_a_tile_is_where_it_was(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    add_job(session, JobState.GENERATING, "a slow river")
    panel = await shown_panel(bridge, owned, 820)
    cell = panel.view.visualRect(panel.model.index(0))
    assert cell.height() == TILE.height()
    room, _ = painted_in_its_cell(panel).placed[status_of(panel)]
    left = (cell.width() - TILE.width()) // 2 + _INSET + _MARGIN
    title_top = _INSET + _MARGIN + THUMBNAIL_SIDE - 1 + _TEXT_GAP
    assert (room.left(), room.width()) == (left, THUMBNAIL_SIDE)
    assert room.top() == title_top + panel.view.fontMetrics().height() - 1 + 2


async def test_a_font_made_larger_while_the_library_is_open_widens_its_tiles(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    add_job(session, JobState.GENERATING, "a slow river", submitted_at=time.time() - 12)
    panel = await shown_panel(bridge, owned, 820)
    normal = panel.view.gridSize()
    with application_font(24):
        await until(lambda: panel.view.font().pointSize() == 24)
        await settled(panel)
        status = status_of(panel)
        room, font = painted_in_its_cell(panel).placed[status]
        assert QFontMetrics(font).horizontalAdvance(status) <= room.width()
    await until(lambda: panel.view.gridSize() == normal)


async def test_at_20_pt_a_library_with_room_for_two_tiles_keeps_two_columns(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """The library of a 1400 px window, 540 px wide, shows two columns of tiles at 20 pt
    as at the default font: widened for their words alone, they stood one to a row."""
    for river in ("a slow river", "a fast river"):
        add_job(session, JobState.GENERATING, river)
    with application_font(20):
        panel = await shown_panel(bridge, owned, 540)
        first, second = (panel.view.visualRect(panel.model.index(row)) for row in (0, 1))
    assert second.top() == first.top() and second.left() > first.left()


def running(session: Session, state: JobState, prompt: str) -> None:
    """A job in ``state`` (generating or downloading) that has run for 12 s."""
    snap = add_job(session, JobState.GENERATING, prompt, submitted_at=time.time() - 12)
    if state is JobState.DOWNLOADING:
        session.ledger.transition(snap.id, state, result_url="https://example.com/a.png")


def read_whole(painter: WordsPainter, line: str, font: QtGui.QFont) -> bool:
    """Whether ``line`` was drawn whole in ``font`` on a tile: on one line, or broken in two
    at a space, each part in the room it was drawn in."""
    metrics = QFontMetrics(font)
    drawn = [text for text in painter.words if text and line.startswith(text)]
    for first in drawn:
        rest = line[len(first) :].lstrip()
        room, _ = painter.placed.get(first, (None, None))
        if room is None or metrics.horizontalAdvance(first) > room.width():
            continue
        if not rest or (rest in painter.words and metrics.horizontalAdvance(rest) <= room.width()):
            return True
    return False


@pytest.mark.parametrize("width", [380, 450, 540, 616, 640])
async def test_at_24_pt_a_library_380_to_640_px_wide_shows_its_tiles_state_words_whole(
    width: int, huge_font: None, bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """Two columns kept at any width cut "Generating · 12 s" to "Generating ·…" and
    "Downloading · 12 s" shorter still, and shrank the placeholder's "Downloading". In a
    616 px one "Generating · 12 s", measured 277 px in its 277, was 277.3 px drawn: cut to
    "Generating · 1…"."""
    running(session, JobState.GENERATING, "a slow river")
    running(session, JobState.DOWNLOADING, "a fast river")
    panel = await shown_panel(bridge, owned, width)
    words_whole(panel)


@pytest.mark.parametrize("width", [567, 572, 578])
async def test_at_20_pt_two_columns_of_tiles_a_few_px_narrower_than_their_line_break_it(
    width: int, bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """A tile narrower than its widest status line by less than its frame's insets took
    that line to fit on one: at 20 pt, in a library 567-578 px wide, "Downloading · 25 s"
    was cut to "Downloading · 2…"."""
    running(session, JobState.GENERATING, "a slow river")
    running(session, JobState.DOWNLOADING, "a fast river")
    with application_font(20):
        panel = await shown_panel(bridge, owned, width)
        words_whole(panel)


def words_whole(panel: LibraryPanel) -> None:
    """The first two tiles' words are drawn whole, their state word at its full size."""
    for row in (0, 1):
        painter = painted_in_its_cell(panel, row)
        assert not [text for text in painter.words if "…" in text], painter.words
        assert read_whole(painter, status_of(panel, row), panel.view.font()), painter.words
        _, font = painter.placed[state_label(panel.model.snapshot(row).state)]
        assert font.pointSizeF() == panel.view.font().pointSizeF() * 1.15


async def test_at_24_pt_on_a_1024_px_screen_a_downloading_tiles_word_is_not_shrunk(
    huge_font: None, bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    running(session, JobState.DOWNLOADING, "a fast river")
    panel = await shown_panel(bridge, owned, LIBRARY_AT_1024)
    _, font = painted_in_its_cell(panel).placed[state_label(JobState.DOWNLOADING)]
    assert font.pointSizeF() == 24 * 1.15


async def test_at_24_pt_a_tile_reads_whole_that_r2_has_not_answered_for_120_s(
    huge_font: None, bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """Publishing's lines are among those the tiles are made for: "No answer from R2 · 120
    s" was cut short on a 1024 px screen, the tiles sized for the states' lines alone."""
    await completed_job(session, "a lighthouse")
    panel = await shown_panel(bridge, owned, LIBRARY_AT_1024)
    publishing = PublishController(bridge)
    owned.append(publishing)
    quiet = "No answer from R2 · 120 s"
    panel.model.publish_words = lambda _snap: quiet
    panel.model.publish_lines = publishing.widest_tile_words
    panel.fit_tiles()
    await settled(panel)
    painter = painted_in_its_cell(panel)
    assert read_whole(painter, quiet, panel.view.font()), painter.words


async def test_at_24_pt_a_library_made_taller_keeps_showing_the_tiles_it_showed(
    huge_font: None, bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """In a library too low for a tile's whole picture, the picture grows as the library is
    made taller, and every row of tiles with it: scrolled down, the library showed other
    artworks, two rows further on for 20 px, many more in a long library."""
    for river in range(200):
        add_job(session, JobState.FAILED, f"river {river}")
    panel = await shown_panel(bridge, owned, 540)
    panel.resize(540, 500)
    await settled(panel)
    panel.view.scrollTo(panel.model.index(150), QListView.ScrollHint.PositionAtTop)
    await settled(panel)
    corner = QPoint(20, 20)
    top = panel.view.indexAt(corner).row()
    low = panel.view.gridSize().height()
    panel.resize(540, 520)
    await settled(panel)
    assert panel.view.gridSize().height() > low, "the pictures grew"
    assert panel.view.indexAt(corner).row() == top


async def test_at_24_pt_on_a_retina_screen_the_thumbnails_kept_take_no_more_memory(
    bridge: Bridge, session: Session, tmp_path: Path, owned: list[QObject]
) -> None:
    """A tile's larger picture at 24 pt has its thumbnail made at twice the pixels across, on
    a Retina screen 664 px square: the 600 kept in memory took 1 GB, four times what they
    take at the default font. Those kept take what as many at the default font do."""
    cache = ThumbnailCache(bridge, capacity=4)
    owned.append(cache)
    snaps = []
    for sea in range(4):
        path = write_png(tmp_path / f"sea{sea}.png", (1024, 1024))
        snaps.append(
            session.ledger.create_upload(
                prompt=f"sea {sea}",
                file_path=str(path),
                width=1024,
                height=1024,
                file_size=path.stat().st_size,
            )
        )
    for snap in snaps:
        await until(lambda snap=snap: cache.get(snap, 4.0) is not None)
    kept = [cache.get(snap, 4.0) for snap in snaps]
    default = device_side(THUMBNAIL_SIDE, 2.0) ** 2
    pixels = sum(p.width() * p.height() for p in kept if p is not None)
    assert pixels <= 4 * default


def test_the_thumbnails_kept_stay_within_their_memory_as_they_come_and_go(
    bridge: Bridge, owned: list[QObject]
) -> None:
    """The pixels the thumbnails kept take are counted as each comes and goes (not summed
    anew at each one made, a tile's read at a time): after the oldest are let go for a large
    one, one is made again in place of another and a file's are forgotten, the count is
    the pixels kept, within the memory they are allowed."""
    cache = ThumbnailCache(bridge, capacity=4)
    owned.append(cache)
    side = device_side(THUMBNAIL_SIDE, 2.0)

    def kept() -> int:
        pixels = sum(p.width() * p.height() for p in cache._pixmaps.values())
        assert cache.pixels == pixels <= cache.memory
        return len(cache._pixmaps)

    files = [_File(f"/art/{n}.png", f"{n}") for n in range(6)]
    for file in files[:4]:
        cache._store(_Key(file, side), QtGui.QPixmap(side, side))
    assert kept() == 4
    cache._store(_Key(files[4], 2 * side), QtGui.QPixmap(2 * side, 2 * side))
    assert kept() == 1, "the four smaller let go for it"
    cache._store(_Key(files[4], 2 * side), QtGui.QPixmap(side, side))
    assert kept() == 1, "made again, in place of the one before"
    cache._store(_Key(files[5], side), QtGui.QPixmap(side, side))
    cache._drop(files[4])
    assert kept() == 1
    for file in files[:3]:
        cache._store(_Key(file, side), QtGui.QPixmap(side, side))
    assert kept() == 4, "the room a forgotten one took is room for another"


async def test_a_library_made_smaller_keeps_the_current_tile_in_sight(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """The window un-maximised, the selected tile was left partly below the grid's edge:
    fewer columns moved it rows down, and the grid was lower. It is kept in sight; one
    scrolled out of sight before stays out of it."""
    for river in range(60):
        add_job(session, JobState.FAILED, f"river {river}")
    panel = await shown_panel(bridge, owned, 900)
    view = panel.view
    seen = view.viewport().rect()
    lowest = max(
        row
        for row in range(panel.model.rowCount())
        if seen.contains(view.visualRect(panel.model.index(row)))
    )
    current = panel.model.index(lowest)
    view.setCurrentIndex(current)
    await settled(panel)
    panel.resize(560, 520)
    await settled(panel)
    assert view.viewport().rect().contains(view.visualRect(current))

    panel.resize(900, 640)
    await settled(panel)
    view.scrollToBottom()
    await settled(panel)
    assert not view.viewport().rect().intersects(view.visualRect(current))
    bottom = view.verticalScrollBar().value()
    panel.resize(900, 600)
    await settled(panel)
    assert not view.viewport().rect().intersects(view.visualRect(current))
    assert view.verticalScrollBar().value() >= bottom - 40, "left where it was scrolled to"


async def test_a_selected_tile_scrolled_partly_out_of_sight_stays_where_it_was_put(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """The selected tile scrolled half above the grid's top, a banner coming or going (the
    grid a little lower or taller) scrolled the grid back to show it whole: only a tile
    the resize itself moved out of sight is brought back."""
    for river in range(60):
        add_job(session, JobState.FAILED, f"river {river}")
    panel = await shown_panel(bridge, owned, 900)
    view = panel.view
    current = panel.model.index(12)
    view.setCurrentIndex(current)
    await settled(panel)
    bar = view.verticalScrollBar()
    tile = view.visualRect(current)
    bar.setValue(bar.value() + tile.top() + tile.height() // 2)
    await settled(panel)
    half = view.visualRect(current)
    assert half.top() < 0 < half.bottom(), "half of it above the grid's top"
    scrolled = bar.value()
    panel.resize(900, panel.height() - 40)
    await settled(panel)
    assert bar.value() == scrolled
    panel.resize(900, panel.height() + 40)
    await settled(panel)
    assert bar.value() == scrolled


@pytest.mark.parametrize(
    "words",
    [
        "KIE said the prompt was flagged by its content moderation and was not generated",
        "内容审核未通过：提示词包含不允许的内容，请修改后再试一次。",
        "👍🏽👍🏽 fox 👍🏽👍🏽👍🏽 hill 👍🏽👍🏽👍🏽👍🏽 sea 👍🏽👍🏽👍🏽👍🏽👍🏽 sky 👍🏽👍🏽" * 3,
    ],
)
def test_why_a_job_stopped_cut_short_on_its_tile_ends_after_a_whole_word(
    qapp: QApplication, words: str
) -> None:
    """The reason under a failed tile's state word, cut to the lines under it, ends after
    a whole word and "…" at every width a tile has: it read "flagged by it…". Chinese is
    cut between two characters (not before the "：" that ends a clause), an emoji never
    apart from its skin tone."""
    image = QtGui.QImage(600, 400, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
    painter = QtGui.QPainter(image)
    metrics = painter.fontMetrics()
    cuts = []
    try:
        for width in range(200, 60, -3):
            room = QRect(0, 0, width, 2 * metrics.height())
            shown = _elide_lines(painter, words, room)
            needed = metrics.boundingRect(room, Qt.TextFlag.TextWordWrap, shown)
            assert needed.height() <= room.height(), (width, shown)
            if shown == words:
                continue
            kept = shown.removesuffix("…")
            assert words.startswith(kept) and kept.strip(), (width, shown)
            end = len(kept)  # where it was cut, a space or comma left out before "…"
            while words[end] in " ,：，。":
                end += 1
            before, after = words[end - 1], words[end]
            inside_a_word = (before + after).isascii() and (before + after).isalnum()
            assert not inside_a_word, (width, shown)
            assert not "\U0001f3fb" <= after <= "\U0001f3ff", (width, shown)
            cuts.append(shown)
    finally:
        painter.end()
    assert len(cuts) > 10, cuts


async def test_at_24_pt_a_library_lower_than_a_tile_shows_one_whole_tile(
    huge_font: None, bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """At 24 pt on a 1024 x 700 screen, a search's bar and the jobs coming over the grid
    leave it about 210 px high: the tile kept its default picture, 310 px high, its title
    and status out of sight below. The picture is made smaller and the words under it a
    little smaller too, as far as one whole tile needs, every word of it still drawn."""
    add_job(session, JobState.GENERATING, "a slow river", submitted_at=time.time() - 12)
    panel = await shown_panel(bridge, owned, LIBRARY_AT_1024)
    low = panel.height() - panel.view.viewport().height() + 213
    panel.resize(LIBRARY_AT_1024, low)
    await settled(panel)
    view = panel.view
    assert view.viewport().height() <= 215
    cell = view.visualRect(panel.model.index(0))
    assert cell.height() <= view.viewport().height(), (cell, view.viewport().size())
    placed = painted_in_its_cell(panel).placed
    for words in ("a slow river", status_of(panel)):
        room, font = placed[words]
        assert QRect(QPoint(0, 0), cell.size()).contains(room), (words, room, cell)
        assert QFontMetrics(font).horizontalAdvance(words) <= room.width(), words
        assert font.pointSizeF() >= 24 * 0.75, (words, font.pointSizeF())
    panel.resize(LIBRARY_AT_1024, 640)
    await settled(panel)
    _, font = painted_in_its_cell(panel).placed["a slow river"]
    assert font.pointSizeF() == 24, "whole again where there is room"
