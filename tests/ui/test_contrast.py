"""Words that tell of an error, a warning or a success, and secondary words (hints, sizes,
captions), read on a light and a dark theme, and where the fields are far lighter or darker
than the window: each at 4.5:1 (WCAG AA) or more on the colour it is drawn on; the levels
keep their colours, the secondary words stay quieter than the text they stand beside."""

from __future__ import annotations

import gc
import itertools
import re
import sys
import weakref
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import date
from pathlib import Path
from types import FrameType

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontInfo, QImage, QPainter, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QStyle,
    QStyleOptionViewItem,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kontext_studio.errors import StorageError
from kontext_studio.jobs.states import JobState
from kontext_studio.kie.models import MAX_PROMPT_CHARS, GenerateRequest
from kontext_studio.session import Session
from kontext_studio.store.ledger import Snapshot
from kontext_studio.ui.app import configure_application
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.font_scale import icons_as_tall_as_text
from kontext_studio.ui.full_view import BACKDROP
from kontext_studio.ui.levels import (
    BADGES,
    DARK,
    LIGHT,
    MADE_CONTRAST,
    STAR,
    keep_text_readable,
    mix,
    readable_on,
    restyle,
    styled,
    with_readable_text,
)
from kontext_studio.ui.library_model import state_color
from kontext_studio.ui.library_panel import _INSET, _MARGIN, _TEXT_GAP, TILE, LibraryPanel
from kontext_studio.ui.main_window import STYLE, MainWindow
from kontext_studio.ui.next_turn import ChangeFollower
from kontext_studio.ui.notifications import BannerKind, MessageBanner
from kontext_studio.ui.preview_panel import PreviewPanel
from kontext_studio.ui.publishing import BAR_STYLE, PublishController
from kontext_studio.ui.reference_slot import SlotState
from kontext_studio.ui.stats_dialog import BAR_AREA_HEIGHT, DayBars, Tile
from kontext_studio.ui.status import ModeIndicator
from kontext_studio.ui.upload_items import ItemState
from kontext_studio.ui.upload_tab import UploadTab
from tests.ui.conftest import a_turn, application_font, settled, until
from tests.ui.test_library import add_image, add_job, loaded_panel, write_png
from tests.ui.test_preview import make_panel
from tests.ui.test_publishing import (
    clock,  # noqa: F401  (a fixture the one above takes)
    contrast,
    controller,  # noqa: F401  (a fixture)
    controller_with,  # noqa: F401  (a fixture the one above takes)
    dark_palette,
    no_r2_environment,  # noqa: F401  (an autouse fixture)
    point_r2_at,
    publishers,  # noqa: F401  (a fixture the one above takes)
)
from tests.ui.test_stats_dialog import opened, seed
from tests.ui.test_window import close_window, open_window

LEAST = 4.5


def app() -> QApplication:
    made = QApplication.instance()
    assert isinstance(made, QApplication)
    return made


@pytest.fixture
def light() -> Iterator[QPalette]:
    """The application's own (light) palette as it starts with it, its placeholder and
    links made to read (:func:`keep_text_readable`), put back after the test. Qt's own was
    taken, unless a window before had made it readable (a font changed while it was open):
    a tile's size line passed alone and failed after test_language."""
    before = app().palette()
    keep_text_readable(app())
    yield QPalette(app().palette())
    app().setPalette(before)


@pytest.fixture(params=[False, True], ids=["light", "dark"])
def palette(request: pytest.FixtureRequest, light: QPalette) -> QPalette:
    """The light palette, or a dark one set on the application before the test."""
    if request.param:
        app().setPalette(dark_palette())
    return app().palette()


async def switch(palette: QPalette) -> None:
    """The system's switch between light and dark: the widgets hear of it in events, sent
    as the palette is set, and restyle themselves once the loop delivers what they posted
    (:class:`~kontext_studio.ui.next_turn.ChangeFollower`): waited for here until no
    widget has work put off to it. Not with a nested ``processEvents``: that ran other
    tasks' steps inside this test's task, which asyncio refuses, so they never ran
    (:func:`tests.ui.conftest.no_nested_loops`)."""
    app().setPalette(palette)
    await a_turn()
    await until(lambda: not next_turns_due())


def next_turns_due() -> list[QObject]:
    """The timers of ``next_turn`` (zero-delay single shots) started and not yet run, and
    the restyles posted and not yet done."""
    return [
        child
        for widget in app().allWidgets()
        for child in widget.findChildren(QObject, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if (isinstance(child, ChangeFollower) and child.due)
        or (
            isinstance(child, QTimer)
            and child.isActive()
            and child.isSingleShot()
            and child.interval() == 0
        )
    ]


def shown(widget: QWidget) -> QColor:
    """The colour ``widget``'s text is drawn in."""
    widget.ensurePolished()
    return widget.palette().color(widget.foregroundRole())


def assert_reads(widget: QWidget, palette: QPalette) -> None:
    colour = shown(widget)
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        behind = palette.color(role)
        assert contrast(colour, behind) >= LEAST, (widget.objectName(), colour.name(), behind)


def on(colour: QColor, behind: QColor) -> QColor:
    """``colour`` as drawn on ``behind``: a translucent one (the placeholder's) mixed in."""
    return mix(behind, colour, colour.alphaF())


def assert_secondary(widget: QWidget, palette: QPalette) -> None:
    """``widget``'s words, as drawn, read on the window and the fields, and stay quieter
    than the palette's text."""
    primary = palette.color(QPalette.ColorRole.WindowText)
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        behind = palette.color(role)
        words = contrast(on(shown(widget), behind), behind)
        assert LEAST <= words < contrast(primary, behind) - 1, (widget.objectName(), words)


def other(palette: QPalette, light: QPalette) -> QPalette:
    """The dark palette after the light one, the light one after the dark."""
    return dark_palette() if palette == light else light


def strongest(image: QImage, area: QRect, behind: QColor) -> QColor:
    """The colour in ``area`` of ``image`` farthest in contrast from ``behind``: painted
    words' colour, where their strokes cover whole pixels."""
    pixels = (
        image.pixelColor(x, y)
        for x in range(area.left(), area.right() + 1)
        for y in range(area.top(), area.bottom() + 1)
    )
    return max(pixels, key=lambda pixel: contrast(pixel, behind))


def is_red(colour: QColor) -> bool:
    return colour.red() > 1.5 * max(colour.green(), colour.blue())


def not_an_image(tmp_path: Path) -> Path:
    path = tmp_path / "broken.png"
    path.write_bytes(b"not an image")
    return path


async def test_the_prompt_counter_and_a_refused_reference_read_in_light_and_dark(
    session: Session, bridge: Bridge, light: QPalette, palette: QPalette, tmp_path: Path
) -> None:
    """Both were a fixed dark red, 1.7:1 on a dark window; and the refused reference's name
    was not red at all: it was not styled again when the slot refused the file."""
    window = await open_window(session, bridge)
    try:
        tab = window.generate_tab
        tab.prompt.setPlainText("a heron " * (MAX_PROMPT_CHARS // 8 + 20))
        await until(lambda: tab.counter.property("level") == "error")
        assert is_red(shown(tab.counter)), shown(tab.counter).name()
        assert_reads(tab.counter, palette)

        tab.slot.set_reference(str(not_an_image(tmp_path)))
        await until(lambda: tab.slot.state is SlotState.REFUSED)
        title = tab.slot.findChild(QLabel, "referenceTitle")
        assert isinstance(title, QLabel)
        assert is_red(shown(title)), shown(title).name()
        assert_reads(title, palette)

        await switch(light if palette != light else dark_palette())  # and the other way round
        for label in (tab.counter, title):
            assert is_red(shown(label)), shown(label).name()
            assert_reads(label, app().palette())
    finally:
        await close_window(window)


async def test_a_refused_upload_reads_as_it_switches_between_light_and_dark(
    bridge: Bridge,
    controller: PublishController,  # noqa: F811
    owned: list[QObject],
    light: QPalette,
    tmp_path: Path,
) -> None:
    """The row's status took a dark red from the tab's style sheet, whatever the theme, and
    kept it when the system switched to dark."""
    tab = UploadTab(bridge, controller)
    owned.append(tab)
    tab.show()
    tab.add_paths([not_an_image(tmp_path)])
    await until(lambda: bool(tab.items) and tab.items[0].state is ItemState.REFUSED)
    status = tab.row(tab.items[0]).status
    assert status.property("level") == "error"
    for palette in (light, dark_palette()):
        await switch(palette)
        assert is_red(shown(status)), shown(status).name()
        assert_reads(status, app().palette())
    await bridge.wait_idle()


async def test_a_failed_publish_reads_as_it_switches_between_light_and_dark(
    session: Session,
    bridge: Bridge,
    light: QPalette,
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
) -> None:
    """ "Not published" and the reason under it were a fixed dark red on a dark window."""
    point_r2_at(monkeypatch, s3_endpoint, "not-made-yet")
    window = await open_window(session, bridge)
    try:
        snap = await session.engine.submit(GenerateRequest("a lighthouse in fog"))
        done = await session.engine.wait_for(snap.id)
        window.library.select_job(done.id)
        await until(lambda: window.preview.snapshot is not None)
        window.publishing.publish(done.id)
        bar = window.preview.publication
        assert bar is not None
        await until(lambda: bar.state_label.property("level") == "error")
        for palette in (light, dark_palette()):
            await switch(palette)
            for label in (bar.state_label, bar.detail_label):
                assert is_red(shown(label)), shown(label).name()
                assert_reads(label, app().palette())
    finally:
        await close_window(window)


async def test_a_stopped_jobs_reason_reads_in_light_and_dark(
    session: Session, bridge: Bridge, owned: list[QObject], light: QPalette
) -> None:
    """The reason a job stopped was drawn in its state's colour as it is: the failed red
    reads at 3.5:1 on a light window, the timed-out orange and the unknown yellow worse."""
    panel = make_panel(bridge, owned)
    for state in (JobState.FAILED, JobState.TIMEOUT, JobState.UNKNOWN):
        panel.show_snapshot(add_job(session, state, "a heron", error_message="It broke."))
        assert panel.error_label.isVisibleTo(panel)
        for palette in (light, dark_palette()):
            await switch(palette)
            assert_reads(panel.error_label, app().palette())


async def test_the_details_names_read_as_the_window_switches_between_light_and_dark(
    session: Session, bridge: Bridge, light: QPalette
) -> None:
    """The names of the preview's details rows were in the palette's placeholder colour,
    3.9:1 on the light window; they read on either, and stay quieter than their values."""
    window = await open_window(session, bridge)
    try:
        snap = await session.engine.submit(GenerateRequest("a heron at dusk"))
        done = await session.engine.wait_for(snap.id)
        window.library.select_job(done.id)
        preview = window.preview
        await until(lambda: preview.canvas.after is not None)
        for palette in (light, dark_palette(), light):
            await switch(palette)
            behind = app().palette().color(QPalette.ColorRole.Window)
            value = contrast(shown(preview.fields["model"]), behind)
            for label in preview.detail_labels:
                name = contrast(shown(label), behind)
                assert LEAST <= name < value - 1, (label.text(), name, value)
    finally:
        await close_window(window)


async def test_a_switch_while_the_preview_loads_its_picture_shows_it_and_lets_the_window_close(
    session: Session, bridge: Bridge, light: QPalette
) -> None:
    """The system switches between light and dark before the preview has decoded the
    artwork just selected: the picture comes all the same, and the window closes. (Switched
    with a nested ``processEvents``, the decoding was lost, and the close waited forever.)"""
    window = await open_window(session, bridge)
    try:
        snap = await session.engine.submit(GenerateRequest("a heron at dusk"))
        done = await session.engine.wait_for(snap.id)
        window.library.select_job(done.id)
        preview = window.preview
        assert preview.canvas.after is None and window.bridge.busy  # still to be decoded
        await switch(dark_palette())
        await until(lambda: preview.canvas.after is not None)
    finally:
        await close_window(window)


async def test_the_generate_tabs_hints_read_as_the_window_switches_between_light_and_dark(
    session: Session, bridge: Bridge, light: QPalette, palette: QPalette, tmp_path: Path
) -> None:
    """The hint under the Generate button, the model's description, the reference's size and
    the other hints were in the palette's placeholder colour: 3.9:1 on the light window."""
    window = await open_window(session, bridge)
    try:
        tab = window.generate_tab
        tab.slot.set_reference(str(write_png(tmp_path / "reference.png")))
        await until(lambda: tab.slot.state is SlotState.READY)
        names = {"hintLabel", "reasonLabel", "referenceDetail"}
        hints = [label for label in tab.findChildren(QLabel) if label.objectName() in names]
        assert {tab.reason, tab.model_note, tab.safety_note} <= set(hints)
        assert any(label.objectName() == "referenceDetail" for label in hints)
        for now in (palette, other(palette, light)):
            await switch(now)
            for label in hints:
                assert_secondary(label, app().palette())
    finally:
        await close_window(window)


async def test_the_previews_zoom_and_an_empty_library_read_in_light_and_dark(
    session: Session, bridge: Bridge, light: QPalette, palette: QPalette
) -> None:
    """The zoom figure, the words of an empty preview and of an empty library took the
    palette's placeholder colour as it is."""
    window = await open_window(session, bridge)
    try:
        labels = (window.preview.zoom_label, window.preview.empty, window.library.empty)
        for now in (palette, other(palette, light)):
            await switch(now)
            for label in labels:
                assert_secondary(label, app().palette())
    finally:
        await close_window(window)


def button_fill(button: QToolButton) -> QColor:
    """The colour ``button`` is filled with, as drawn: beside its words, inside its edge."""
    image = button.grab().toImage()
    return image.pixelColor(4, image.height() // 2)


async def test_the_starred_toggle_reads_as_on_in_light_and_dark(
    bridge: Bridge, owned: list[QObject], light: QPalette, palette: QPalette
) -> None:
    """★ Starred on was drawn a shade darker than off (1.1:1, less on a dark theme): the
    artist could not tell whether the library showed only the starred artworks. On, it is
    filled with a tint of the selection colour, its words still reading on it; off, as the
    other buttons; and so again once the system switches between light and dark."""
    panel = await loaded_panel(bridge, owned)
    button = panel.starred_only
    for now in (palette, other(palette, light)):
        await switch(now)
        button.setChecked(False)
        off = button_fill(button)
        button.setChecked(True)
        on_ = button_fill(button)
        assert contrast(off, on_) >= 1.8, (off.name(), on_.name())
        words = button.palette().color(QPalette.ColorRole.ButtonText)
        assert contrast(words, on_) >= LEAST, (words.name(), on_.name())
        button.setChecked(False)
        assert button_fill(button) == off


def ring_band(image: QImage) -> list[QPoint]:
    """The two pixels in from the middle of each side of ``image``: where a focus ring two
    pixels wide round the whole of it is drawn."""
    ratio = image.devicePixelRatio()
    width, height = image.width(), image.height()
    band = round(2 * ratio)
    points = []
    for depth in range(band):
        points += [
            QPoint(depth, height // 2),
            QPoint(width - 1 - depth, height // 2),
            QPoint(width // 2, depth),
            QPoint(width // 2, height - 1 - depth),
        ]
    return points


async def test_the_focused_ratio_shows_a_ring_in_light_and_dark(
    session: Session, bridge: Bridge, light: QPalette, palette: QPalette
) -> None:
    """Tab to the ratio row showed no focus the artist could see: the style marked the
    focused ratio with a line one pixel wide at 2.6:1 on a dark window, the same as the
    checked one otherwise. A ring two pixels wide in the selection colour goes round it now,
    at 3:1 at least against the window outside it and the button's fill inside it, and so
    again once the system switches between light and dark."""
    window = await open_window(session, bridge)
    try:
        tab = window.generate_tab
        for size in ((1400, 900), (1024, 700)):
            window.resize(*size)
            for now in (palette, other(palette, light)):
                await switch(now)
                chosen = tab.ratio_buttons["4:3"]
                chosen.click()
                tab.style_picker.button.setFocus(Qt.FocusReason.TabFocusReason)
                unfocused = chosen.grab().toImage()
                while QApplication.focusWidget() not in tab.ratio_buttons.values():
                    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
                assert QApplication.focusWidget() is chosen
                focused = chosen.grab().toImage()
                behind = app().palette().color(QPalette.ColorRole.Window)
                inside = QPoint(round(4 * focused.devicePixelRatio()), focused.height() // 2)
                fill = unfocused.pixelColor(inside)
                for point in ring_band(focused):
                    ring = focused.pixelColor(point)
                    assert contrast(ring, behind) >= 3, (size, point, ring.name())
                    assert contrast(ring, fill) >= 3, (size, point, ring.name(), fill.name())
    finally:
        await close_window(window)


async def test_an_upload_rows_details_read_as_they_switch_between_light_and_dark(
    bridge: Bridge,
    controller: PublishController,  # noqa: F811
    owned: list[QObject],
    light: QPalette,
    palette: QPalette,
    tmp_path: Path,
) -> None:
    """A row's file details, the drop zone's words and the file's name over the details
    form were in the placeholder colour of the tab's style sheet. The details are on the
    row, a field: they are measured on it."""
    tab = UploadTab(bridge, controller)
    owned.append(tab)
    tab.show()
    labels: list[QWidget] = [tab.empty_text]
    tab.add_paths([write_png(tmp_path / "upload.png")])
    await until(lambda: bool(tab.items) and tab.items[0].state is ItemState.READY)
    labels.append(tab.file_label)
    for now in (palette, other(palette, light)):
        await switch(now)
        for label in labels:
            assert_secondary(label, app().palette())
        assert_drawn_secondary(tab.row(tab.items[0]).detail)
    await bridge.wait_idle()


async def test_the_statistics_captions_read_in_light_and_dark(
    session: Session, bridge: Bridge, light: QPalette, palette: QPalette
) -> None:
    """The tiles' captions and the dialog's messages took the placeholder colour as it is."""
    seed(session.ledger)
    window = await open_window(session, bridge)
    try:
        dialog = await opened(window)
        labels = [tile.caption for tile in dialog.tiles.values()]
        labels += [dialog.loading, dialog.empty.words, dialog.no_errors]
        for now in (palette, other(palette, light)):
            await switch(now)
            for label in labels:
                assert_secondary(label, app().palette())
        dialog.close()
    finally:
        await close_window(window)


def paint_tile(view: QWidget, index: object, selected: bool) -> tuple[QImage, QRect]:
    """The tile of ``index`` as the library's delegate paints it on the grid's base,
    selected or not, and where its size line is."""
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = QRect(QPoint(0, 0), TILE)
    option.state = QStyle.StateFlag.State_Enabled
    if selected:
        option.state |= QStyle.StateFlag.State_Selected
    image = QImage(TILE, QImage.Format.Format_ARGB32)
    image.fill(view.palette().color(QPalette.ColorRole.Base))
    painter = QPainter(image)
    view.itemDelegate().paint(painter, option, index)  # type: ignore[attr-defined]
    painter.end()
    tile = option.rect.adjusted(_INSET, _INSET, -_INSET, -_INSET)
    line = view.fontMetrics().height()
    top = tile.y() + _MARGIN + (tile.width() - 2 * _MARGIN) + _TEXT_GAP + line + 2
    return image, QRect(tile.x() + _MARGIN, top, tile.width() - 2 * _MARGIN, line)


async def test_a_tiles_size_line_reads_in_light_and_dark_selected_or_not(
    session: Session,
    bridge: Bridge,
    owned: list[QObject],
    light: QPalette,
    palette: QPalette,
    tmp_path: Path,
) -> None:
    """The size under a finished artwork's title was painted in the placeholder colour:
    3.9:1 on the light grid, less on a selected tile's tint."""
    add_image(session, tmp_path, "a heron")
    panel = await loaded_panel(bridge, owned)
    index = panel.model.index(0)
    for now in (palette, other(palette, light)):
        await switch(now)
        primary = panel.view.palette().color(QPalette.ColorRole.Text)
        for selected in (False, True):
            image, size_line = paint_tile(panel.view, index, selected)
            behind = image.pixelColor(size_line.right(), size_line.center().y())
            words = strongest(image, size_line, behind)
            assert LEAST <= contrast(words, behind) < contrast(primary, behind) - 1, (
                selected,
                words.name(),
                behind.name(),
            )


async def test_a_tile_whose_publish_failed_says_so_in_red_in_light_and_dark(
    session: Session,
    bridge: Bridge,
    owned: list[QObject],
    light: QPalette,
    palette: QPalette,
    tmp_path: Path,
) -> None:
    """ "Publishing failed" under a tile was painted in the grey of a size line: among
    twenty tiles published at once, the one that failed did not stand out."""
    add_image(session, tmp_path, "a heron")
    panel = await loaded_panel(bridge, owned)
    panel.model.publish_words = lambda _snap: "Publishing failed"
    panel.model.publish_failed = lambda _snap: True
    index = panel.model.index(0)
    for now in (palette, other(palette, light)):
        await switch(now)
        image, status_line = paint_tile(panel.view, index, selected=False)
        behind = image.pixelColor(status_line.right(), status_line.center().y())
        words = strongest(image, status_line, behind)
        assert is_red(words), words.name()
        assert contrast(words, behind) >= LEAST, (words.name(), behind.name())


async def test_the_days_under_the_statistics_bars_read_in_light_and_dark(
    owned: list[QObject], light: QPalette, palette: QPalette
) -> None:
    """The days but today's were painted in the placeholder colour as it is.

    In a large font, so that some pixel of the day's number is wholly covered whatever the
    day: at the usual size a "4" (December the 4th) has no stroke that covers a whole pixel,
    and its strongest pixel read lighter than the colour it was painted in. Every day of a
    month is read, in a month long past (never today, which is painted otherwise): the
    test read today's date less three, and passed or failed by the day it ran."""
    bars = DayBars()
    owned.append(bars)
    large = QFont(bars.font())
    large.setPixelSize(48)
    bars.setFont(large)
    bars.set_days([(date(2001, 1, 31), 0)])
    bars.resize(bars.sizeHint())
    line = bars.fontMetrics().height()
    day_row = QRect(0, line + 2 + BAR_AREA_HEIGHT + 4, bars.width(), line)
    for now in (palette, other(palette, light)):
        await switch(now)
        behind = app().palette().color(QPalette.ColorRole.Window)
        primary = app().palette().color(QPalette.ColorRole.WindowText)
        for day in range(1, 32):
            bars.set_days([(date(2001, 1, day), 0)])
            words = strongest(bars.grab().toImage(), day_row, behind)
            assert LEAST <= contrast(words, behind) < contrast(primary, behind) - 1, (
                day,
                words.name(),
            )


def far_fields(light: QPalette, *, dark_window: bool) -> QPalette:
    """A palette whose fields are as far from its window as they go: a dark window with
    white fields, or ``light``'s window with dark ones (some themes pair them so)."""
    made = dark_palette() if dark_window else QPalette(light)
    field, words = ("#ffffff", "#000000") if dark_window else ("#1e1e1e", "#f0f0f0")
    made.setColor(QPalette.ColorRole.Base, QColor(field))
    made.setColor(QPalette.ColorRole.Text, QColor(words))
    return made


@pytest.fixture(params=[True, False], ids=["dark-window-light-fields", "light-window-dark-fields"])
def mixed(request: pytest.FixtureRequest, light: QPalette) -> QPalette:
    """A palette whose fields are as far from its window as they go (:func:`far_fields`),
    set on the application before the test."""
    app().setPalette(far_fields(light, dark_window=request.param))
    return app().palette()


def most_common(image: QImage, area: QRect) -> QColor:
    """The colour most of ``area`` is: what words in it are drawn on."""
    counts: dict[int, int] = {}
    for x in range(area.left(), area.right() + 1):
        for y in range(area.top(), area.bottom() + 1):
            rgb = image.pixel(x, y)
            counts[rgb] = counts.get(rgb, 0) + 1
    return QColor(max(counts, key=counts.__getitem__))


def drawn_words(widget: QWidget, inset: int) -> tuple[QColor, QColor]:
    """The colour of ``widget``'s words as its window draws them, and the colour they are
    drawn on; measured ``inset`` px inside its sides."""
    top = widget.window()
    image = top.grab().toImage()
    area = QRect(widget.mapTo(top, QPoint(0, 0)), widget.size()).adjusted(inset, 1, -inset, -1)
    behind = most_common(image, area)
    return strongest(image, area, behind), behind


def assert_drawn_secondary(widget: QWidget) -> None:
    """``widget``'s words, as its window draws them, read at 4.5:1 on what they are drawn
    on, and stay a grey quieter than black or white would be there. Measured inside a
    margin: a rounded background's corners show what is behind it."""
    words, behind = drawn_words(widget, 4)
    loudest = max(contrast(QColor(extreme), behind) for extreme in ("black", "white"))
    ratio = contrast(words, behind)
    assert LEAST <= ratio < loudest - 1, (widget.objectName(), words.name(), behind.name())


async def test_secondary_words_on_a_field_read_where_the_window_is_far_darker_or_lighter(
    session: Session,
    bridge: Bridge,
    controller: PublishController,  # noqa: F811
    owned: list[QObject],
    mixed: QPalette,
    tmp_path: Path,
) -> None:
    """The secondary colour was made to read on the window alone: with a dark window and
    white fields it was a light grey, and the reference's "No image" on its white square
    and an upload row's file details (a row is a field) could not be read; nor, the other
    way round, a dark grey on dark fields."""
    window = await open_window(session, bridge)
    tab = UploadTab(bridge, controller)
    owned.append(tab)
    try:
        thumb = window.generate_tab.slot.findChild(QLabel, "referenceThumb")
        assert isinstance(thumb, QLabel) and thumb.text() == "No image"
        tab.resize(900, 600)
        tab.show()
        tab.add_paths([write_png(tmp_path / "upload.png")])
        await until(lambda: bool(tab.items) and tab.items[0].state is ItemState.READY)
        for label in (thumb, window.generate_tab.reason, tab.row(tab.items[0]).detail):
            assert_drawn_secondary(label)
        await bridge.wait_idle()
    finally:
        await close_window(window)


def keeps_hue(colour: QColor, level: str) -> bool:
    """``colour`` is still its level's: a green, an orange or a red, not a grey or white."""
    hue = colour.hslHue()
    hues = {"ok": 110 <= hue <= 150, "warning": 20 <= hue <= 45, "error": hue <= 10 or hue >= 350}
    return colour.hslSaturation() > 100 and hues[level]


def assert_drawn_level(widget: QWidget, level: str) -> None:
    """``widget``'s words, as its window draws them, read at 4.5:1 on what they are drawn
    on, in ``level``'s colour."""
    words, behind = drawn_words(widget, 2)
    assert contrast(words, behind) >= LEAST, (widget.objectName(), words.name(), behind.name())
    assert keeps_hue(words, level), (widget.objectName(), words.name(), behind.name())


async def test_level_words_keep_their_colour_and_read_where_the_window_is_far_from_the_fields(
    session: Session,
    bridge: Bridge,
    controller: PublishController,  # noqa: F811
    owned: list[QObject],
    mixed: QPalette,
    tmp_path: Path,
) -> None:
    """The level colours were made to read on the window and the fields at once, which no
    green, orange or red does when one is dark and the other white: they came out white
    (a dark window) or black (a light one). "Demo: results are simulated" lost its orange,
    and a refused upload's reason on its row, a field, was white on white."""
    window = await open_window(session, bridge)
    tab = UploadTab(bridge, controller)
    owned.append(tab)
    try:
        mode = ModeIndicator(True)  # the status bar's, in demo mode
        owned.append(mode)
        restyle(mode, STYLE)
        mode.show()
        counter = window.generate_tab.counter
        window.generate_tab.prompt.setPlainText("a heron " * (MAX_PROMPT_CHARS // 8 + 20))
        await until(lambda: counter.property("level") == "error")
        preview = make_panel(bridge, owned)
        preview.show_snapshot(add_job(session, JobState.FAILED, "a heron", error_message="No."))
        tab.resize(900, 600)
        tab.show()
        tab.add_paths([not_an_image(tmp_path)])
        await until(lambda: bool(tab.items) and tab.items[0].state is ItemState.REFUSED)
        status = tab.row(tab.items[0]).status
        for label, level in (
            (mode.label, "warning"),
            (counter, "error"),
            (preview.error_label, "error"),
            (status, "error"),
        ):
            assert_drawn_level(label, level)
        await bridge.wait_idle()
    finally:
        await close_window(window)


async def test_an_upload_rows_words_read_where_the_fields_are_far_from_the_window(
    bridge: Bridge,
    controller: PublishController,  # noqa: F811
    owned: list[QObject],
    mixed: QPalette,
    tmp_path: Path,
) -> None:
    """A row is drawn as a field, but its file's title, a status with no level ("Ready")
    and its remove button took the window's text colour: white on the white row of a dark
    window, near black on the dark row of a light one."""
    tab = UploadTab(bridge, controller)
    owned.append(tab)
    tab.resize(900, 600)
    tab.show()
    tab.add_paths([write_png(tmp_path / "upload.png")])
    await until(lambda: bool(tab.items) and tab.items[0].state is ItemState.READY)
    row = tab.row(tab.items[0])
    assert row.status.text() == "Ready"
    for widget in (row.title, row.status, row.remove):
        words, behind = drawn_words(widget, 2)
        assert contrast(words, behind) >= LEAST, (widget.objectName(), words.name(), behind.name())
    await bridge.wait_idle()


async def test_an_upload_rows_remove_button_looks_dimmed_while_it_cannot_be_pressed(
    bridge: Bridge,
    controller: PublishController,  # noqa: F811
    owned: list[QObject],
    palette: QPalette,
    tmp_path: Path,
) -> None:
    """While its file waits in a publish (or is copied in, or sent), a row's remove button
    does nothing, but it was drawn in the fields' text colour all the same: an artist
    clicked the dark ✕ of a row "Waiting…" and nothing happened, nor was anything said.
    It is drawn dimmed then, as the greyed fields below it are, and as before once it can
    be pressed again."""
    tab = UploadTab(bridge, controller)
    owned.append(tab)
    tab.resize(900, 600)
    tab.show()
    tab.add_paths([write_png(tmp_path / "upload.png")])
    await until(lambda: bool(tab.items) and tab.items[0].state is ItemState.READY)
    item = tab.items[0]
    row = tab.row(item)
    pressable, behind = drawn_words(row.remove, 2)

    item.state = ItemState.WAITING
    row.show_item(item)
    assert not row.remove.isEnabled()
    dimmed, behind_dimmed = drawn_words(row.remove, 2)
    assert behind_dimmed == behind
    assert contrast(dimmed, behind) < contrast(pressable, behind) - 1, (
        dimmed.name(),
        pressable.name(),
        behind.name(),
    )

    item.state = ItemState.READY
    row.show_item(item)
    assert drawn_words(row.remove, 2)[0] == pressable
    await bridge.wait_idle()


def picture_words(view: QWidget, image: QImage) -> tuple[QColor, QColor]:
    """The words painted in place of a tile's picture ("Loading…", "Image missing") in
    ``image`` (:func:`paint_tile`'s), and the colour they are painted on."""
    tile = QRect(QPoint(0, 0), TILE).adjusted(_INSET, _INSET, -_INSET, -_INSET)
    side = tile.width() - 2 * _MARGIN
    picture = QRect(tile.x() + _MARGIN, tile.y() + _MARGIN, side, side)
    line = view.fontMetrics().height()
    band = QRect(picture.x() + 4, picture.center().y() - line // 2, side - 8, line)
    behind = image.pixelColor(band.left(), band.center().y())
    return strongest(image, band, behind), behind


async def assert_picture_words_read(panel: LibraryPanel, missing: Snapshot) -> None:
    """A finished artwork's tile while its thumbnail loads, then once its file is found
    gone: the words in place of the picture read on it, selected or not, and stay quieter
    than its title."""
    index = panel.model.index(0)
    assert panel.model.snapshot(0).id == missing.id
    words: dict[tuple[str, bool], tuple[QColor, QColor]] = {}
    for selected in (False, True):  # before the thumbnail's worker has run: "Loading…"
        words["Loading…", selected] = picture_words(
            panel.view, paint_tile(panel.view, index, selected)[0]
        )
    await until(lambda: panel.model.thumbnails.failed(missing))
    for selected in (False, True):
        words["Image missing", selected] = picture_words(
            panel.view, paint_tile(panel.view, index, selected)[0]
        )
    primary = panel.view.palette().color(QPalette.ColorRole.Text)
    for key, (colour, behind) in words.items():
        ratio = contrast(colour, behind)
        assert LEAST <= ratio < contrast(primary, behind) - 1, (key, colour.name(), behind.name())


async def missing_in_panel(
    session: Session, bridge: Bridge, owned: list[QObject], tmp_path: Path
) -> tuple[LibraryPanel, Snapshot]:
    snap = add_image(session, tmp_path, "a heron that went missing")
    Path(snap.file_path).unlink()
    return await loaded_panel(bridge, owned), snap


async def test_a_tiles_loading_and_missing_words_read_selected_or_not_in_light_and_dark(
    session: Session,
    bridge: Bridge,
    owned: list[QObject],
    palette: QPalette,
    tmp_path: Path,
) -> None:
    """ "Loading…" and "Image missing" were in the secondary colour made for the window, on
    a backdrop laid over the tile: 3.6:1 on a selected tile's tint in the light palette,
    2.5:1 in the dark one."""
    panel, snap = await missing_in_panel(session, bridge, owned, tmp_path)
    await assert_picture_words_read(panel, snap)


async def test_a_tiles_loading_and_missing_words_read_where_the_grid_is_far_from_the_window(
    session: Session,
    bridge: Bridge,
    owned: list[QObject],
    mixed: QPalette,
    tmp_path: Path,
) -> None:
    """The grid is a field: with white fields beside a dark window, the words were a light
    grey on it."""
    panel, snap = await missing_in_panel(session, bridge, owned, tmp_path)
    await assert_picture_words_read(panel, snap)


def hue_apart(first: QColor, second: QColor) -> int:
    """How far apart two colours' hues are, round the colour wheel (0 to 180 degrees)."""
    apart = abs(first.hslHue() - second.hslHue()) % 360
    return min(apart, 360 - apart)


def state_words(image: QImage, hue: QColor) -> tuple[QColor, QColor]:
    """The state's word ("Generating", "Failed") painted in place of a tile's picture in
    ``image`` (:func:`paint_tile`'s): the pixel of ``hue`` farthest in contrast from the
    colour most of the picture's place is, and that colour. The frame round the place,
    in the state's colour as it is, is left out; the other words there are grey."""
    tile = QRect(QPoint(0, 0), TILE).adjusted(_INSET, _INSET, -_INSET, -_INSET)
    side = tile.width() - 2 * _MARGIN
    inside = QRect(tile.x() + _MARGIN, tile.y() + _MARGIN, side, side).adjusted(4, 4, -4, -4)
    behind = most_common(image, inside)
    pixels = (
        image.pixelColor(x, y)
        for x in range(inside.left(), inside.right() + 1)
        for y in range(inside.top(), inside.bottom() + 1)
    )
    coloured = [pixel for pixel in pixels if pixel.hslSaturation() > 60]
    of_hue = [pixel for pixel in coloured if hue_apart(pixel, hue) <= 20]
    return max(of_hue, key=lambda pixel: contrast(pixel, behind)), behind


async def assert_state_words_read(session: Session, bridge: Bridge, owned: list[QObject]) -> None:
    """The tiles of a running job and of stopped ones: the state's word reads at 4.5:1 on
    the tile, selected or not, and keeps the state's hue."""
    states = (JobState.GENERATING, JobState.FAILED, JobState.TIMEOUT, JobState.UNKNOWN)
    for state in states:
        add_job(session, state, f"a heron, {state.value}", error_message="It broke.")
    panel = await loaded_panel(bridge, owned)
    assert panel.model.rowCount() == len(states)
    for row in range(len(states)):
        snap = panel.model.snapshot(row)
        hue = state_color(snap.state)
        for selected in (False, True):
            image, _ = paint_tile(panel.view, panel.model.index(row), selected)
            words, behind = state_words(image, hue)
            assert contrast(words, behind) >= LEAST, (
                snap.state,
                selected,
                words.name(),
                behind.name(),
            )
            assert hue_apart(words, hue) <= 12, (snap.state, words.name(), hue.name())


async def test_a_running_or_failed_tiles_state_reads_selected_or_not_in_light_and_dark(
    session: Session, bridge: Bridge, owned: list[QObject], palette: QPalette
) -> None:
    """ "Generating", "Failed", "Timed out" and "Outcome unknown" in place of the picture
    were painted in their state's colour as it is, on a faint wash of it: the yellow of
    an unknown outcome read at 2.1:1 on the light grid, the violet of a running job at
    2.6:1 on a selected tile (2.4:1 in the dark palette)."""
    await assert_state_words_read(session, bridge, owned)


async def test_a_running_or_failed_tiles_state_reads_where_the_grid_is_far_from_the_window(
    session: Session, bridge: Bridge, owned: list[QObject], mixed: QPalette
) -> None:
    """The grid is a field, white beside a dark window, or dark beside a light one."""
    await assert_state_words_read(session, bridge, owned)


async def test_the_demo_and_live_badges_words_read_in_light_and_dark(
    qapp: QApplication, owned: list[QObject], palette: QPalette
) -> None:
    """White on the app's orange and green read at 4.3:1 and 4.4:1. The badges keep their
    hues: an orange for Demo, a green for Live."""
    holder = QWidget()
    owned.append(holder)
    layout = QHBoxLayout(holder)
    badges = {demo: ModeIndicator(demo, holder).badge for demo in (True, False)}
    for badge in badges.values():
        layout.addWidget(badge)
    restyle(holder, STYLE)
    holder.show()
    image = holder.grab().toImage()
    for demo, badge in badges.items():
        area = QRect(badge.mapTo(holder, QPoint(0, 0)), badge.size()).adjusted(4, 2, -4, -2)
        behind = most_common(image, area)
        words = strongest(image, area, behind)
        assert words == QColor("white") and contrast(words, behind) >= LEAST, behind.name()
        hues = range(10, 40) if demo else range(100, 150)
        assert behind.hslHue() in hues and behind.hslSaturation() > 100, behind.name()


async def test_a_published_tiles_pill_reads_on_a_light_picture(
    session: Session, bridge: Bridge, owned: list[QObject], palette: QPalette, tmp_path: Path
) -> None:
    """The Published pill's green was slightly see-through: over a white picture its white
    words read at 3.5:1."""
    snap = add_image(session, tmp_path, "a white heron on snow")
    write_png(Path(snap.file_path), colour="white")
    session.ledger.update(snap.id, published_key="artworks/heron.png")
    panel = await loaded_panel(bridge, owned)
    index = panel.model.index(0)
    paint_tile(panel.view, index, selected=False)  # asks for the thumbnail
    await until(lambda: panel.model.thumbnails.get(panel.model.snapshot(0)) is not None)
    image, _ = paint_tile(panel.view, index, selected=False)
    tile = QRect(QPoint(0, 0), TILE).adjusted(_INSET, _INSET, -_INSET, -_INSET)
    line = panel.view.fontMetrics().height()
    pill = QRect(tile.x() + _MARGIN + 8, tile.y() + _MARGIN + 8, 40, line)
    behind = most_common(image, pill)
    words = strongest(image, pill, behind)
    assert behind.hslHue() in range(100, 150), behind.name()
    assert words == QColor("white") and contrast(words, behind) >= LEAST, behind.name()


@pytest.mark.parametrize(
    ("retired", "picture"),
    [(True, BADGES["maybe_gone_badge"]), (True, "#ff8c1a"), (False, BADGES["live_badge"])],
    ids=["may be gone on its own orange", "may be gone on a light orange", "published on green"],
)
async def test_a_tiles_pill_stands_out_on_a_picture_of_its_colour(
    session: Session,
    bridge: Bridge,
    owned: list[QObject],
    palette: QPalette,
    tmp_path: Path,
    retired: bool,
    picture: str,
) -> None:
    """The orange "May be gone" pill (and the green "Published") was painted with no edge:
    on an orange sunset, or a green meadow, it was lost in the picture, its words floating
    on it. A ring round it reads at 3:1 or more against its colour, where the pill meets
    the picture."""
    snap = add_image(session, tmp_path, "a sunset over the sea")
    write_png(Path(snap.file_path), size=(64, 64), colour=picture)
    key = "artworks/sunset.png"
    session.ledger.update(snap.id, published_key=key, retired_key=key if retired else "")
    panel = await loaded_panel(bridge, owned)
    index = panel.model.index(0)
    paint_tile(panel.view, index, selected=False)  # asks for the thumbnail
    await until(lambda: panel.model.thumbnails.get(panel.model.snapshot(0)) is not None)
    image, _ = paint_tile(panel.view, index, selected=False)
    tile = QRect(QPoint(0, 0), TILE).adjusted(_INSET, _INSET, -_INSET, -_INSET)
    top = tile.y() + _MARGIN + 6  # the pill's top edge, clear of its words and round ends
    edge = QRect(tile.x() + _MARGIN + 30, top - 3, 12, 6)
    pill = QColor(BADGES["maybe_gone_badge" if retired else "live_badge"])
    assert most_common(image, edge.translated(0, 6)) == pill, "the pill, under its edge"
    ring = strongest(image, edge, pill)
    assert contrast(ring, pill) >= 3.0, ring.name()


async def test_a_tile_published_elsewhere_and_one_that_may_be_gone_differ_in_colour(
    session: Session, bridge: Bridge, owned: list[QObject], palette: QPalette, tmp_path: Path
) -> None:
    """The "Published elsewhere" pill and the "May be gone" pill ("Elsewhere" and "Gone?"
    at a large font) were the same orange: side by side in the library, only their words
    told them apart. Each has a colour of its own, far apart in hue, whose white words
    read and whose ring stands out against it, as the tiles paint them, in light and dark."""
    gone, elsewhere = (
        add_image(session, tmp_path, prompt) for prompt in ("a dune at dusk", "a dune at dawn")
    )
    for snap in (gone, elsewhere):
        write_png(Path(snap.file_path), size=(64, 64), colour="#808080")
    key = "artworks/dune.png"
    session.ledger.update(gone.id, published_key=key, retired_key=key)
    session.ledger.update(elsewhere.id, published_key=key)
    panel = await loaded_panel(bridge, owned)
    panel.model.published_elsewhere = lambda snap: snap.id == elsewhere.id
    tile = QRect(QPoint(0, 0), TILE).adjusted(_INSET, _INSET, -_INSET, -_INSET)
    top = tile.y() + _MARGIN + 6  # the pill's top edge, clear of its words and round ends
    edge = QRect(tile.x() + _MARGIN + 30, top - 3, 12, 6)
    pills: list[QColor] = []
    for row in range(panel.model.rowCount()):
        index = panel.model.index(row)
        paint_tile(panel.view, index, selected=False)  # asks for the thumbnail
        await until(lambda: panel.model.thumbnails.get(panel.model.snapshot(row)) is not None)  # noqa: B023
        image, _ = paint_tile(panel.view, index, selected=False)
        pill = most_common(image, edge.translated(0, 8))
        words = strongest(image, edge.translated(0, 8), pill)
        assert words == QColor("white") and contrast(words, pill) >= LEAST, pill.name()
        assert contrast(strongest(image, edge, pill), pill) >= 3.0, pill.name()
        pills.append(pill)
    hues = sorted(pill.hslHue() for pill in pills)
    assert min(hues[1] - hues[0], 360 - hues[1] + hues[0]) >= 60, [p.name() for p in pills]


@pytest.mark.parametrize("picture", ["white", "#ffe9a8", "black"])
async def test_a_tiles_star_reads_on_its_disc_over_a_light_or_dark_picture(
    session: Session, bridge: Bridge, owned: list[QObject], tmp_path: Path, picture: str
) -> None:
    """The disc under a tile's star let the picture through: over a white one the gold star
    read at 2.3:1 on it. The colours measured as the tile paints them."""
    snap = add_image(session, tmp_path, "a gold finch on snow", starred=True)
    write_png(Path(snap.file_path), size=(64, 64), colour=picture)
    panel = await loaded_panel(bridge, owned)
    index = panel.model.index(0)
    paint_tile(panel.view, index, selected=False)  # asks for the thumbnail
    await until(lambda: panel.model.thumbnails.get(panel.model.snapshot(0)) is not None)
    image, _ = paint_tile(panel.view, index, selected=False)
    tile = QRect(QPoint(0, 0), TILE).adjusted(_INSET, _INSET, -_INSET, -_INSET)
    corner = QPoint(tile.right() - _MARGIN, tile.y() + _MARGIN)
    disc = QRect(corner.x() - 28, corner.y() + 6, 22, 22).adjusted(4, 4, -4, -4)
    behind = most_common(image, disc)
    star = strongest(image, disc, behind)
    gold = QColor(STAR)
    assert max(abs(a - b) for a, b in zip(star.getRgb(), gold.getRgb(), strict=True)) <= 2
    assert contrast(gold, behind) >= LEAST, behind.name()


HEADING_COLOUR = re.compile(r"<p style='font-size:[\d.]+pt; color:(#[0-9a-f]{6})'>")


def heading_colour(text: str) -> QColor:
    """The colour of the big state heading in the status words ``text``."""
    found = HEADING_COLOUR.search(text)
    assert found, text
    return QColor(found.group(1))


async def test_the_full_views_state_heading_reads_on_its_dark_backdrop_in_light_and_dark(
    session: Session, bridge: Bridge, palette: QPalette
) -> None:
    """The full view of a job without a picture drew the preview's state heading in the
    colour made for the window: on the light theme it read at 3.1 to 3.3:1 on the full
    view's backdrop, which is dark whatever the theme. The preview's own still reads on the
    window."""
    window = await open_window(session, bridge)
    view = window.full_view
    behind = QColor(BACKDROP)
    try:
        for state in (JobState.GENERATING, JobState.FAILED, JobState.TIMEOUT, JobState.UNKNOWN):
            snap = add_job(session, state, f"a heron, {state.value}", error_message="It broke.")
            window.open_full_view(snap)
            await until(lambda: view.stack.currentWidget() is view.message)
            on_backdrop = contrast(heading_colour(view.message.text()), behind)
            assert on_backdrop >= LEAST, (state, on_backdrop)
            in_preview = heading_colour(window.preview.status.text())
            window_colour = palette.color(QPalette.ColorRole.Window)
            assert contrast(in_preview, window_colour) >= LEAST, state
            view.close()
    finally:
        await close_window(window)


def fields(window: MainWindow) -> list[QWidget]:
    """Fields that show a placeholder: the prompt, the library's search, the Upload tab's
    title, description and tags (disabled until a file is chosen)."""
    upload = window.upload_tab
    return [
        window.generate_tab.prompt,
        window.library.search,
        upload.title_edit,
        upload.description_edit,
        upload.tags_edit,
    ]


def assert_placeholders_read(window: MainWindow) -> None:
    """Each field's placeholder, as its palette draws it (a translucent colour mixed in),
    reads at 4.5:1 on the field's base, enabled or not."""
    role = QPalette.ColorRole.PlaceholderText
    for field in fields(window):
        field.ensurePolished()
        palette = field.palette()
        group = palette.currentColorGroup() if field.isEnabled() else QPalette.ColorGroup.Disabled
        base = palette.color(group, QPalette.ColorRole.Base)
        words = on(palette.color(group, role), base)
        assert contrast(words, base) >= LEAST, (field.objectName(), words.name(), base.name())


async def test_placeholder_text_reads_on_the_fields_of_a_palette_the_app_starts_with(
    session: Session, bridge: Bridge, mixed: QPalette
) -> None:
    """Qt draws the placeholder in the theme's colour: a light theme with dark fields left it
    half-transparent black on them, and the prompt's "Describe the image", the search box's
    hint and the Upload tab's could not be read."""
    configure_application(app())
    window = await open_window(session, bridge)
    try:
        assert_placeholders_read(window)
    finally:
        await close_window(window)


async def test_placeholder_text_reads_after_the_desktop_switches_to_a_theme_with_dark_fields(
    session: Session, bridge: Bridge, light: QPalette
) -> None:
    """The window follows a change of theme while it is open, its placeholders too."""
    window = await open_window(session, bridge)
    try:
        for dark_window in (False, True):
            await switch(far_fields(light, dark_window=dark_window))
            assert_placeholders_read(window)
    finally:
        await close_window(window)


async def test_a_change_of_theme_takes_the_new_themes_placeholder_colour_made_readable(
    session: Session, bridge: Bridge, light: QPalette
) -> None:
    """The grey the app made of the light theme's placeholder (its half-transparent black
    reads at 3.9:1 on white) was set on the application, and a theme change keeps what
    the application set: the next theme's fields showed that grey, lightened to read on
    them, instead of their own placeholder colour made to read."""
    app().setPalette(QPalette())  # the theme's own palette, nothing set by the app
    theme = app().palette()
    configure_application(app())
    window = await open_window(session, bridge)
    try:
        adjusted = app().palette().color(QPalette.ColorRole.PlaceholderText)
        assert adjusted != theme.color(QPalette.ColorRole.PlaceholderText)
        # The new theme's fields are dark; its palette comes as a theme change brings it,
        # with what the application set kept (as far_fields copies the app's palette).
        await switch(far_fields(app().palette(), dark_window=False))
        new = far_fields(theme, dark_window=False)
        expected = with_readable_text(new).color(QPalette.ColorRole.PlaceholderText)
        assert app().palette().color(QPalette.ColorRole.PlaceholderText) == expected
        assert_placeholders_read(window)
        # And back: the light theme's own colour made readable, as at the start.
        await switch(far_fields(app().palette(), dark_window=False))
        await switch(QPalette(theme))
        assert app().palette().color(QPalette.ColorRole.PlaceholderText) == adjusted
        assert_placeholders_read(window)
    finally:
        await close_window(window)


def drawn_link(label: QWidget) -> tuple[QColor, QColor]:
    """The colour of the link in ``label`` (or of a button drawn as one) as drawn (the
    bluest of its words), and the colour it is drawn on."""
    image = label.grab().toImage()
    area = image.rect().adjusted(1, 1, -1, -1)
    behind = most_common(image, area)
    blue = [
        image.pixelColor(x, y)
        for x in range(area.left(), area.right() + 1)
        for y in range(area.top(), area.bottom() + 1)
        if (pixel := image.pixelColor(x, y)).blue() > max(pixel.red(), pixel.green()) + 40
    ]
    assert blue, label
    return max(blue, key=lambda pixel: contrast(pixel, behind)), behind


def assert_link_reads(label: QWidget) -> None:
    words, behind = drawn_link(label)
    assert contrast(words, behind) >= LEAST, (label, words.name(), behind.name())


async def test_the_links_in_labels_read_as_the_window_switches_between_light_and_dark(
    session: Session,
    bridge: Bridge,
    light: QPalette,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Links in labels took the palette's link colour as it is: a dark palette that leaves
    it at Qt's blue drew the preview's "show it in the library" and the library's "Try
    again" at 2:1 on its window. They read on either, still a link's blue."""
    edited = add_image(session, tmp_path, "a heron to edit")
    request = GenerateRequest(
        "make it dusk",
        image_path=str(edited.file_path),
        image_name="heron.png",
        image_job=edited.id,
    )
    edit = session.ledger.create_job(request)
    session.ledger.transition(edit.id, JobState.FAILED)
    window = await open_window(session, bridge)
    try:
        window.library.select_job(edit.id)
        reference = window.preview.fields["reference"]
        await until(lambda: "<a href" in reference.text())
        for palette in (light, dark_palette(), light):
            await switch(palette)
            assert_link_reads(reference)

        def fails(*_args: object, **_kwargs: object) -> list[Snapshot]:
            raise StorageError("database is locked")

        monkeypatch.setattr(session.ledger, "search", fails)
        window.library.search.setText("heron")
        window.library.apply_filter()
        await bridge.wait_idle()
        assert window.library.try_again.isVisible()
        for palette in (dark_palette(), light):
            await switch(palette)
            assert_link_reads(window.library.empty_page)  # Try again, drawn on it
    finally:
        await close_window(window)


async def test_a_change_of_theme_takes_the_new_themes_link_colour_made_readable(
    session: Session, bridge: Bridge, light: QPalette
) -> None:
    """The blue the app made of a dark theme's links, lightened to read on its window, is
    set on the application, and a theme change keeps what the application set: the light
    theme after it takes its own link colour again, not that blue taken darker."""
    app().setPalette(QPalette())
    theme = app().palette()  # the theme's own, nothing set by the app
    app().setPalette(dark_palette())
    configure_application(app())
    window = await open_window(session, bridge)
    try:
        link = QPalette.ColorRole.Link
        dark_window = app().palette().color(QPalette.ColorRole.Window)
        assert contrast(app().palette().color(link), dark_window) >= LEAST
        # The light theme comes as a theme change brings it, with what the app set kept.
        back = QPalette(app().palette())
        for role in (QPalette.ColorRole.Window, QPalette.ColorRole.WindowText):
            back.setColor(role, theme.color(role))
        await switch(back)
        assert app().palette().color(link) == theme.color(link)
    finally:
        await close_window(window)


def on_the_dark_side(colour: QColor) -> bool:
    """Whether white reads better on ``colour`` than black."""
    return contrast(QColor("white"), colour) > contrast(QColor("black"), colour)


def assert_banner_reads(banner: MessageBanner, palette: QPalette) -> None:
    """``banner`` is on its window's side of light and dark, its words read on it, and its ✕
    reads pressed and under the pointer: drawn then on the style's button."""
    close = banner.findChild(QToolButton, "bannerClose")
    assert close is not None
    close.setDown(True)
    try:
        image = banner.grab().toImage()
    finally:
        close.setDown(False)
    behind = image.pixelColor(1, 1)
    window = palette.color(QPalette.ColorRole.Window)
    assert on_the_dark_side(behind) == on_the_dark_side(window), (behind.name(), window.name())
    for name in ("bannerMessage", "bannerHint"):
        label = banner.findChild(QLabel, name)
        assert label is not None
        words = strongest(image, label.geometry(), behind)
        assert contrast(words, behind) >= LEAST, (name, words.name(), behind.name())
    area = close.geometry()
    bevel = image.pixelColor(area.left() + 3, area.center().y())
    cross = strongest(image, area.adjusted(4, 4, -4, -4), bevel)
    assert contrast(cross, bevel) >= LEAST, (cross.name(), bevel.name())
    close.setAttribute(Qt.WidgetAttribute.WA_UnderMouse, True)
    try:
        hovered = banner.grab().toImage()
    finally:
        close.setAttribute(Qt.WidgetAttribute.WA_UnderMouse, False)
    bevel = hovered.pixelColor(area.left() + 3, area.center().y())
    assert bevel != behind, "drawn on the style's button under the pointer"
    cross = strongest(hovered, area.adjusted(4, 4, -4, -4), bevel)
    assert contrast(cross, bevel) >= LEAST, ("hovered", cross.name(), bevel.name())


async def test_the_banners_and_their_dismiss_read_as_the_window_switches_light_and_dark(
    session: Session, bridge: Bridge, light: QPalette, palette: QPalette
) -> None:
    """The banners were light pink and blue on a dark theme too, a glaring strip across the
    window and the full view, and their near-black ✕, hovered, pressed or reached by Tab,
    was drawn on the dark theme's button at 1.5:1: Dismiss went out of sight just as the
    artist went for it. A dark theme's banners are dark tints now, with light words; a
    light theme's are as they were."""
    window = await open_window(session, bridge)
    try:
        snap = add_job(session, JobState.FAILED, "a heron", error_message="It broke.")
        window.open_full_view(snap)
        window.show_error("The image could not be saved: the disk is full.", "Free some space.")
        window.show_info("Your work from last time was brought back.", "Nothing was lost.")
        for now in (palette, other(palette, light)):
            await switch(now)
            banners = [*window.banner.shown(), window.full_view.banner]
            assert len(banners) == 3 and all(banner.isVisible() for banner in banners)
            for banner in banners:
                assert_banner_reads(banner, now)
        window.full_view.close()
    finally:
        await close_window(window)


async def test_no_widget_restyles_itself_inside_the_windows_restyle_at_a_light_dark_switch(
    session: Session,
    bridge: Bridge,
    light: QPalette,
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
) -> None:
    """The window sets its style sheet again as the system switches between light and dark,
    and Qt tells its widgets of their new palette from inside that call. The publication
    bar, the Upload tab, the preview's and the library's words, ★ Starred set their own
    style sheet or palette there, changing the styles the window's call was going through:
    the app crashed inside it, twice. They restyle on the loop's next turn instead."""
    point_r2_at(monkeypatch, s3_endpoint, "not-made-yet")
    window = await open_window(session, bridge)
    inside: list[str] = []
    depth = [0]

    def spied(name: str) -> object:
        original = getattr(QWidget, name)

        def spy(widget: QWidget, *args: object) -> object:
            if widget is window:
                depth[0] += 1
                try:
                    return original(widget, *args)
                finally:
                    depth[0] -= 1
            if depth[0]:
                inside.append(f"{type(widget).__name__}.{name} {widget.objectName()}")
            return original(widget, *args)

        return spy

    try:
        snap = await session.engine.submit(GenerateRequest("a lighthouse in fog"))
        done = await session.engine.wait_for(snap.id)
        window.library.select_job(done.id)
        window.publishing.publish(done.id)
        bar = window.preview.publication
        assert bar is not None
        await until(lambda: bar.state_label.property("level") == "error")
        window.library.starred_only.setChecked(True)
        for name in ("setStyleSheet", "setPalette"):
            monkeypatch.setattr(QWidget, name, spied(name))
        for palette in (dark_palette(), light):
            await switch(palette)
            assert depth == [0]  # the window's own call was seen
        assert inside == []
    finally:
        await close_window(window)


CHANGES = (
    QEvent.Type.PaletteChange,
    QEvent.Type.FontChange,
    QEvent.Type.StyleChange,
    QEvent.Type.ApplicationPaletteChange,
    QEvent.Type.ApplicationFontChange,
)
HANDLERS = ("event", "changeEvent", "eventFilter")


def change_being_told(frame: FrameType | None) -> str:
    """The change event a handler up the Python stack from ``frame`` is being told of, as
    "Class.handler(Type)"; "" when none is."""
    while frame is not None:
        told = frame.f_locals.get("event")
        if frame.f_code.co_name in HANDLERS and isinstance(told, QEvent) and told.type() in CHANGES:
            owner = frame.f_locals.get("self")
            return f"{type(owner).__name__}.{frame.f_code.co_name}({told.type().name})"
        frame = frame.f_back
    return ""


async def test_nothing_sets_a_style_palette_or_font_while_qt_tells_of_a_change(
    session: Session,
    bridge: Bridge,
    light: QPalette,
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
) -> None:
    """At the system's switch between light and dark, the window made the new theme's links
    and placeholder readable by setting the application's palette from inside its own
    ``event`` for the palette change, that is inside Qt's round of every widget for it, and
    set its style sheet there; Settings set its own there; the Upload tab, the preview and
    the Statistics' numbers set fonts inside their own ``changeEvent`` for a font made
    larger. Any of them changed what Qt's call was going through (the app crashed in such
    calls). All of it is done in the restyle turn after, and reads in the new colours."""
    point_r2_at(monkeypatch, s3_endpoint, "not-made-yet")
    window = await open_window(session, bridge)
    window.show()
    inside: list[str] = []

    def spied(owner: type, name: str) -> None:
        original = getattr(owner, name)

        def spy(*args: object) -> object:
            told = change_being_told(sys._getframe(1))
            if told:
                inside.append(f"{owner.__name__}.{name} in {told}")
            return original(*args)

        monkeypatch.setattr(owner, name, staticmethod(spy) if owner is QApplication else spy)

    try:
        snap = await session.engine.submit(GenerateRequest("a lighthouse in fog"))
        done = await session.engine.wait_for(snap.id)
        window.library.select_job(done.id)
        window.publishing.publish(done.id)
        bar = window.preview.publication
        assert bar is not None
        await until(lambda: bar.state_label.property("level") == "error")
        settings = window.open_settings()
        statistics = await opened(window)
        for owner, name in itertools.product(
            (QWidget, QApplication), ("setStyleSheet", "setPalette", "setFont")
        ):
            spied(owner, name)
        for palette in (dark_palette(), light):
            await switch(palette)
            assert_reads(bar.state_label, app().palette())
        with application_font(20):
            await until(lambda: not next_turns_due())
        await until(lambda: not next_turns_due())
        assert inside == []
        settings.reject()
        statistics.close()
    finally:
        await close_window(window)


async def test_a_restyle_that_fails_leaves_the_others_following_the_switch(
    owned: list[QObject], qtbot: QtBot
) -> None:
    """Every widget's restyle runs in one turn: one that failed (its error told as any
    other) took the turn's others with it, and they never restyled again, at this switch or
    any later one, for as long as the app ran: their colours stayed the old theme's."""
    failing, following = QWidget(), QWidget()
    owned.extend((failing, following))
    seen: list[QColor] = []

    def fail() -> None:
        raise RuntimeError("a restyle that failed")

    for widget, follow in ((failing, fail), (following, lambda: seen.append(window_colour()))):
        widget.installEventFilter(ChangeFollower(widget, follow))

    def window_colour() -> QColor:
        return following.palette().color(QPalette.ColorRole.Window)

    with qtbot.capture_exceptions() as failures:
        for palette in (dark_palette(), QPalette(QColor("white"))):
            failing.setPalette(palette)
            following.setPalette(palette)
            await until(lambda palette=palette: palette.color(QPalette.ColorRole.Window) in seen)
    assert len(failures) == 2


async def test_the_window_reads_in_the_new_colours_once_the_turn_after_a_switch_has_run(
    session: Session,
    bridge: Bridge,
    light: QPalette,
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
) -> None:
    """Restyled on the turn after the switch, the publication bar's "Not published", the
    details' names, the empty Upload tab's words and ★ Starred on read in the new colours."""
    point_r2_at(monkeypatch, s3_endpoint, "not-made-yet")
    window = await open_window(session, bridge)
    try:
        snap = await session.engine.submit(GenerateRequest("a lighthouse in fog"))
        done = await session.engine.wait_for(snap.id)
        window.library.select_job(done.id)
        window.publishing.publish(done.id)
        bar = window.preview.publication
        assert bar is not None
        await until(lambda: bar.state_label.property("level") == "error")
        starred = window.library.starred_only
        starred.setChecked(True)
        for palette in (dark_palette(), light, dark_palette()):
            await switch(palette)
            now = app().palette()
            assert is_red(shown(bar.state_label))
            assert_reads(bar.state_label, now)
            assert_secondary(window.preview.detail_labels[0], now)
            assert_secondary(window.upload_tab.empty_text, now)
            words = starred.palette().color(QPalette.ColorRole.ButtonText)
            assert contrast(words, button_fill(starred)) >= LEAST
    finally:
        await close_window(window)


async def test_a_widget_hearing_several_palette_changes_in_a_turn_restyles_once(
    session: Session, bridge: Bridge, owned: list[QObject], light: QPalette
) -> None:
    """Told of the switch several times before the loop's next turn (by the application,
    then by the window's style sheet set again), the preview restyles once."""
    panel = make_panel(bridge, owned)
    panel.show_snapshot(add_job(session, JobState.FAILED, "a heron", error_message="It broke."))
    restyles: list[PreviewPanel] = []
    colour = PreviewPanel._colour_secondary

    def counted(panel: PreviewPanel) -> None:
        restyles.append(panel)
        colour(panel)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(PreviewPanel, "_colour_secondary", counted)
        app().setPalette(dark_palette())
        for _ in range(3):
            QApplication.sendEvent(panel, QEvent(QEvent.Type.PaletteChange))
        await switch(dark_palette())
    assert restyles == [panel]
    assert_reads(panel.error_label, app().palette())


async def test_a_widget_deleted_before_the_turn_after_a_switch_is_not_restyled(
    bridge: Bridge,
    controller: PublishController,  # noqa: F811
    owned: list[QObject],
    light: QPalette,
) -> None:
    """An Upload tab closed in the turn the system switched between light and dark: its
    restyle put off to the next turn goes with it (restyled then, it was a deleted widget:
    an error), and the other tab's is done."""
    kept, closed = UploadTab(bridge, controller), UploadTab(bridge, controller)
    owned.append(kept)
    app().setPalette(dark_palette())
    for tab in (kept, closed):
        QApplication.sendEvent(tab, QEvent(QEvent.Type.PaletteChange))
    shiboken6.delete(closed)
    await switch(dark_palette())
    assert_secondary(kept.empty_text, app().palette())


class _Paints(QObject):
    """Whether the publication bar had its style sheet for its palette at each paint of
    ``label``."""

    def __init__(self, bar: QWidget, label: QWidget) -> None:
        super().__init__(label)
        self._bar = bar
        self.fresh: list[bool] = []
        label.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.fresh.append(self._bar.styleSheet() == styled(BAR_STYLE, self._bar.palette()))
        return False


async def test_the_first_paint_after_a_light_dark_switch_is_in_the_new_colours(
    session: Session,
    bridge: Bridge,
    light: QPalette,
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
) -> None:
    """The system's switch comes from Qt's loop, and the loop's next step delivers what was
    posted, the window's repaint among it. The widgets restyled on a timer after it: about
    one switch in three showed the publication bar's "Not published" in the old theme's
    red for a frame, then the new. They restyle before the window is painted."""
    point_r2_at(monkeypatch, s3_endpoint, "not-made-yet")
    window = await open_window(session, bridge)
    window.show()
    try:
        snap = await session.engine.submit(GenerateRequest("a lighthouse in fog"))
        done = await session.engine.wait_for(snap.id)
        window.library.select_job(done.id)
        window.publishing.publish(done.id)
        bar = window.preview.publication
        assert bar is not None
        await until(lambda: bar.state_label.property("level") == "error")
        await settled(window)
        paints = _Paints(bar, bar.state_label)
        switched: list[None] = []

        def system_switch() -> None:  # as the loop runs it: then what was posted
            app().setPalette(dark_palette())
            QCoreApplication.sendPostedEvents()
            switched.append(None)

        QTimer.singleShot(0, system_switch)
        await until(lambda: switched)
        assert paints.fresh[:1] == [True]
    finally:
        await close_window(window)


def a_level_nearer(color: QColor, behind: QColor) -> QColor:
    """``color`` a level nearer ``behind`` in each channel: how the strokes of words in it
    are drawn where they meet the pixels."""

    def channel(own: int, other: int) -> int:
        return own + (other > own) - (other < own)

    return QColor(
        channel(color.red(), behind.red()),
        channel(color.green(), behind.green()),
        channel(color.blue(), behind.blue()),
    )


@pytest.mark.parametrize(
    ("grey", "behind"),
    [("#868686", "#1e1e1e"), ("#8d8d8d", "#232629")],
    ids=["dark-fields", "breeze-dark-fields"],
)
def test_a_theme_s_grey_that_reads_as_drawn_is_kept_as_it_is(grey: str, behind: str) -> None:
    """A grey that reads at 4.5:1 even drawn a level nearer its background was taken a step
    lighter all the same (at 4.58:1, under the 4.6 asked for): the theme's own colour, kept
    now."""
    colour, background = QColor(grey), QColor(behind)
    assert contrast(a_level_nearer(colour, background), background) >= LEAST  # as drawn
    assert readable_on(colour, (background,)) == colour


@pytest.mark.parametrize(
    "start", ["#80000000", "#80ffffff", *LIGHT.values(), *DARK.values(), "#0000ff"]
)
def test_a_colour_made_to_read_reads_a_level_nearer_every_background(start: str) -> None:
    """Words in a colour found at 4.5:1 were drawn a level nearer their background where
    their strokes met the pixels, under 4.5:1 (the days under the statistics bars on the
    light window): each colour made to read still reads there, on any grey."""
    short = []
    for level in range(256):
        background = QColor(level, level, level)
        made = readable_on(QColor.fromString(start), (background,))
        if contrast(a_level_nearer(made, background), background) < LEAST:
            short.append((background.name(), made.name()))
    assert not short


@pytest.mark.parametrize("start", ["#80000000", *LIGHT.values(), *DARK.values()])
def test_words_on_a_mid_grey_are_drawn_in_the_one_of_black_and_white_that_reads(
    start: str,
) -> None:
    """On a grey a little under the middle (#777 to #7f7f7f: a tile's tint over a grey
    picture, a theme's mid-grey button) words were taken towards white, as on any dark
    colour, and drawn white at 4.0 to 4.5:1, under what reads, where black reads at 4.7 to
    5.3:1. They go the way that reads now."""
    short = []
    for level in range(0x70, 0x90):
        background = QColor(level, level, level)
        made = readable_on(QColor.fromString(start), (background,))
        if contrast(made, background) < LEAST:
            short.append((background.name(), made.name()))
    assert not short


@pytest.mark.parametrize("behind", ["#e5a50a", "#2ec27e", "#c88800"])
def test_words_on_a_bright_yellow_or_green_are_drawn_dark(behind: str) -> None:
    """A yellow or a green as bright as GNOME's (#e5a50a, #2ec27e, the yellow accent
    #c88800), an accent a selection is drawn in, counts as dark by its lightness, under the
    middle: words on it were taken to white, at 2.2 to 3:1, where black reads at 7 to 9.7:1.
    They read now."""
    background = QColor(behind)
    for start in ("#80000000", *LIGHT.values(), *DARK.values()):
        assert contrast(readable_on(QColor.fromString(start), (background,)), background) >= LEAST


THEMES = {
    "gnome-yellow": ("#e5a50a", LIGHT),
    "mid-grey": ("#777777", LIGHT),
    "blue": ("#0000ff", DARK),
    "high-contrast-black": ("#000000", DARK),
    "high-contrast-white": ("#ffffff", LIGHT),
}
"""Themes of one colour (window, buttons, fields), and the level colours whose words read on
each: by its lightness the yellow and the grey (under the middle) were dark, the blue (at
it) light."""


def theme(colour: str) -> QPalette:
    """A palette all ``colour`` (a high-contrast theme's, or an accent's a whole desktop is
    drawn in), its words in whichever of black and white reads better on it."""
    behind = QColor(colour)
    black, white = QColor("black"), QColor("white")
    words = black if contrast(black, behind) > contrast(white, behind) else white
    palette = QPalette()
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Button, QPalette.ColorRole.Base):
        palette.setColor(role, behind)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.Text,
    ):
        palette.setColor(role, words)
    return palette


@pytest.mark.parametrize(("behind", "hues"), THEMES.values(), ids=THEMES.keys())
def test_the_levels_take_the_colours_of_the_side_whose_words_read(
    behind: str, hues: dict[str, str]
) -> None:
    """Which of the level colours an error, a warning or a success took (the app's own, or
    the dark theme's pale tints) was told by the window's lightness: on a yellow as bright as
    GNOME's and on a mid grey, both under the middle, the pale tints were taken down to a
    dull brown and olive to read; on a deep blue, at the middle, the app's dark red was
    taken up to a pale pink. Each takes the colours on the side of black and white that
    reads there now, as near them as reads."""
    background = QColor(behind)
    made = styled("$ok $warning $error $ok_on_base", theme(behind)).split()
    wanted = [readable_on(QColor(hues[level]), (background,)).name() for level in LIGHT]
    assert made == [*wanted, wanted[0]]
    assert all(contrast(QColor(colour), background) >= LEAST for colour in made)


async def banner_at_each_level(owned: list[QObject]) -> AsyncIterator[tuple[MessageBanner, str]]:
    """A banner styled as the window's, 520 px wide, saying a failure, then news: it, and
    the level it says it at."""
    banner = MessageBanner()
    owned.append(banner)
    restyle(banner, STYLE)
    for level in (MessageBanner.ERROR, MessageBanner.INFO):
        banner.show_message("The image could not be saved.", "Free some space.", level)
        banner.resize(520, banner.sizeHint().height())
        await settled(banner)
        yield banner, level


async def test_a_banner_first_shown_after_a_switch_and_larger_text_follows_both(
    session: Session, bridge: Bridge, light: QPalette
) -> None:
    """Each kind's banner is made the first time it shows: one first shown after the
    system switched to dark, its text made larger since the window opened, is in the dark
    theme's tints, its words read, and it is in the window's new size of text, as the one
    shown before the switch is."""
    window = await open_window(session, bridge)
    try:
        window.show()
        window.banner.show_message("The image could not be saved.", "Free some space.")
        await settled(window)
        before = window.banner.top()
        assert before is not None
        with application_font(app().font().pointSizeF() + 6):
            await switch(dark_palette())
            window.banner.show_message(
                "Publishing failed.", "Try again later.", kind=BannerKind.PUBLISH
            )
            await settled(window)
            (late,) = [b for b in window.banner.shown() if b is not before]
            assert_banner_reads(late, app().palette())
            assert_banner_reads(before, app().palette())
            sizes = [
                b.findChild(QLabel, "bannerHint").fontInfo().pointSizeF() for b in (before, late)
            ]
            assert sizes[0] == sizes[1] == QFontInfo(app().font()).pointSizeF()
    finally:
        await close_window(window)


@pytest.mark.parametrize(
    "behind",
    ["#e5a50a", "#000000", "#ffffff", "#777777", "#808080", "#0000ff"],
    ids=["gnome-yellow", "high-contrast-black", "high-contrast-white", "mid-grey", "grey", "blue"],
)
async def test_a_banner_and_its_dismiss_read_on_a_theme_of_one_colour(
    behind: str, light: QPalette, owned: list[QObject]
) -> None:
    """A banner took the dark theme's tints, its words and ✕ near-white, on a window under
    the middle in lightness: on a theme in GNOME's yellow its ✕, hovered, pressed or reached
    by Tab, is drawn on the yellow button, where near-white read at 1.9:1. On a blue theme,
    at the middle, it took the light theme's, its ✕ near-black on the blue at 1.9:1. Each
    takes the side whose words read on its window now.

    The ✕ pressed was still the words' colour: on a mid grey's button (#777777) the light
    side's near-black read at 3.7:1, on the blue's as the style draws it pressed (#6262e8)
    the dark side's near-white at 4.2:1. It is made to read there too now."""
    app().setPalette(theme(behind))
    async for banner, _level in banner_at_each_level(owned):
        assert_banner_reads(banner, app().palette())


@pytest.mark.parametrize(
    ("window", "button"),
    [("#2b2b2b", "#e0e0e0"), ("#ffffff", "#000000")],
    ids=["dark-window-light-buttons", "light-window-black-buttons"],
)
async def test_a_banner_s_dismiss_reads_at_rest_and_pressed_where_the_buttons_differ(
    window: str, button: str, light: QPalette, owned: list[QObject]
) -> None:
    """Where no one colour reads on the banner and on the style's button both (a dark
    window's banners with light buttons), the ✕ at rest is in the colour that reads on the
    banner, and under the pointer or pressed in one that reads on the button: in one colour
    for both it was lost on one of them (the banner's near-white at 1.2:1 on the button)."""
    palette = QPalette(light)
    for role, colour in ((QPalette.ColorRole.Window, window), (QPalette.ColorRole.Button, button)):
        palette.setColor(role, QColor(colour))
    app().setPalette(palette)
    async for banner, level in banner_at_each_level(owned):
        close = banner.findChild(QToolButton, "bannerClose")
        assert close is not None
        image = banner.grab().toImage()
        behind = image.pixelColor(1, 1)
        cross = strongest(image, close.geometry().adjusted(4, 4, -4, -4), behind)
        assert contrast(cross, behind) >= LEAST, (level, cross.name(), behind.name())
        assert_banner_reads(banner, app().palette())


@pytest.mark.parametrize(
    "start", ["#80000000", "#80ffffff", *LIGHT.values(), *DARK.values(), "#0000ff"]
)
def test_a_colour_made_to_read_is_the_nearest_to_its_own_that_reads(start: str) -> None:
    """A colour made to read was taken towards black or white in steps of 2.5 % of the way,
    and came out up to a step further from the theme's than it had to be: secondary words on
    a dark theme's #2b2b2b window were #969696, at 4.79:1, where #939393 reads. Each is the
    nearest to its own now: a level nearer it in each channel, it would not read (as drawn,
    :data:`~kontext_studio.ui.levels.MADE_CONTRAST`)."""
    colour = QColor.fromString(start)
    backgrounds = [QColor(level, level, level) for level in range(0, 256, 3)]
    backgrounds += [QColor(behind) for behind, _hues in THEMES.values()]
    further = []
    for background in backgrounds:
        own = QColor(mix(background, colour, colour.alphaF()).rgb())  # as drawn, if translucent
        made = readable_on(colour, (background,))
        assert contrast(made, background) >= LEAST
        nearer = a_level_nearer(made, own)
        if made != own and contrast(nearer, background) >= MADE_CONTRAST:
            further.append((background.name(), made.name(), nearer.name()))
    assert not further


def statistics_tile() -> QWidget:
    """A tile of the statistics, which sizes its number to the font by a method of its own."""
    return Tile("Generated")


def dialog_buttons() -> QWidget:
    """A dialog's buttons, their icons sized to the font by a ``partial`` of the buttons."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save)
    icons_as_tall_as_text(buttons)
    return buttons


@pytest.mark.parametrize("make", [statistics_tile, dialog_buttons], ids=["method", "partial"])
def test_a_window_that_restyles_itself_is_gone_once_closed(
    qapp: QApplication, make: Callable[[], QWidget]
) -> None:
    """A widget's restyle (a ``ChangeFollower``, its child) held the widget, which held it
    as its child: closed and let go of, the window stayed, whole, until the garbage
    collector next ran. Gone at once now, by Qt's own events alone."""
    automatic = gc.isenabled()  # off in a UI test (collected on the GUI thread's timer)
    gc.disable()  # a collection on its own schedule would hide what lingers
    try:
        window = make()
        window.show()
        gone = weakref.ref(window)
        window.close()
        del window
        qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        qapp.processEvents()
        assert gone() is None
    finally:
        if automatic:
            gc.enable()
