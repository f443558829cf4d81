"""The preview: the empty state, a finished image with its details, zoom, the before/after
slider of an edit, errors in words, and following the shown job live."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import random
import re
import sqlite3
import time
import weakref
from collections.abc import Callable
from dataclasses import replace
from itertools import accumulate, pairwise
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import shiboken6
from PIL import Image, ImageDraw
from PySide6 import QtGui
from PySide6.QtCore import (
    QDateTime,
    QEvent,
    QLocale,
    QObject,
    QPoint,
    QPointF,
    QRectF,
    QSignalBlocker,
    Qt,
    QTextBoundaryFinder,
)
from PySide6.QtGui import (
    QColor,
    QDrag,
    QFont,
    QFontInfo,
    QFontMetrics,
    QFontMetricsF,
    QImage,
    QMouseEvent,
    QPalette,
    QTextDocumentFragment,
    QTextLayout,
    QTextOption,
    QWheelEvent,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMenu, QStyle, QWidget

from kontext_studio.explain import explain_kind
from kontext_studio.jobs import stopped as stopped_module
from kontext_studio.jobs.states import JobState
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.publish import import_artworks
from kontext_studio.publish.service import artwork_meta
from kontext_studio.session import Session, open_session
from kontext_studio.simulator import state as simulator_state
from kontext_studio.simulator.config import DOWNLOAD_URL
from kontext_studio.store.details import DetailsEdit
from kontext_studio.store.ledger import UPLOADED, Ledger, Snapshot, links_tried_mark
from kontext_studio.ui import preview_panel as preview_module
from kontext_studio.ui import translations
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.elided_label import ElidedLabel
from kontext_studio.ui.full_view import FullView
from kontext_studio.ui.picture import load_picture
from kontext_studio.ui.plain_text import left_to_right, letters_wide, plain_tooltip, unbroken
from kontext_studio.ui.preview_panel import (
    DETAILS_MARGIN,
    MAX_SIDE,
    MAX_ZOOM,
    ImageCanvas,
    PreviewPanel,
)
from kontext_studio.ui.reference_slot import human_size
from kontext_studio.ui.scroll_pane import FOCUS_FRAME_PX
from kontext_studio.ui.tab_order import round_chain
from kontext_studio.ui.translations import grouped
from tests.fixtures import FAST_LATENCY, answers_generate, fast_schedule, refuses_as_invalid
from tests.ui.conftest import a_turn, application_font, banner_messages, deletions, until
from tests.ui.test_language import catalogue_cache  # noqa: F401  (a fixture)
from tests.ui.test_library import add_job, loaded_model, make_snapshot
from tests.ui.test_publishing import contrast


def in_a_window(bridge: Bridge, owned: list[QObject]) -> tuple[PreviewPanel, FullView]:
    """A preview in a shown main window, and the full view that follows it."""
    window = QMainWindow()
    owned.append(window)
    panel = PreviewPanel(bridge)
    window.setCentralWidget(panel)
    full = FullView(panel, window)
    window.show()
    return panel, full


def make_panel(bridge: Bridge, owned: list[QObject]) -> PreviewPanel:
    panel = PreviewPanel(bridge)
    owned.append(panel)
    panel.resize(900, 760)
    panel.show()
    return panel


async def finished(session: Session, request: GenerateRequest) -> Snapshot:
    snap = await session.engine.submit(request)
    done = await session.engine.wait_for(snap.id)
    assert done.state is JobState.COMPLETED
    return done


def shown_rows(panel: PreviewPanel) -> dict[str, str]:
    """The details rows the artist sees: label text to value."""
    form = panel.details_form
    rows = {}
    for field in panel.fields.values():
        if form.isRowVisible(field):
            label = form.labelForField(field)
            assert isinstance(label, QLabel)
            rows[label.text()] = field.text()
    return rows


async def test_a_copy_read_before_a_note_offered_after_it_leaves_the_note_shown(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """A note (why a running job is held up, a publish that failed) leaves ``updated_at`` as
    it was. A copy of the row read before it and offered after the note's own (a library
    page a worker thread read, a read again after another program's write) was taken for as
    new: the tile and the preview went back to what the row said before the note, here no
    word that KIE cannot be reached, until the job's next change."""
    job = add_job(session, JobState.GENERATING, "a heron at dusk")
    model = await loaded_model(bridge, owned)
    panel = make_panel(bridge, owned)
    panel.show_snapshot(job)
    read_before = session.ledger.get(job.id)
    assert read_before is not None
    noted = session.ledger.note(job.id, error_kind="network", error_message="refused")
    assert noted.updated_at == read_before.updated_at
    bridge.job_changed.emit(noted)
    held_up = panel.status.text()
    assert "reach" in held_up, held_up
    bridge.job_changed.emit(read_before)
    await a_turn()
    assert (model.snapshot(0).error_kind, panel.snapshot.error_kind) == ("network", "network")
    assert panel.status.text() == held_up


async def test_an_uploaded_artwork_shows_its_description_tags_and_import_not_generation_rows(
    bridge: Bridge, session: Session, owned: list[QObject], tmp_path: Path
) -> None:
    """Before, the description and tags typed in the Upload tab showed nowhere, and the
    details listed Model —, Aspect ratio —, Reference None, Duration —, Task ID —."""
    path = tmp_path / "harbour.png"
    Image.new("RGB", (64, 48), (20, 80, 140)).save(path)
    (snap,) = import_artworks(
        session.ledger,
        [path],
        library_dir=session.engine.library_dir,
        title="Harbour",
        description="Oil on canvas, 2026",
        tags="oil, seascape",
    )
    assert isinstance(snap, Snapshot)
    panel = make_panel(bridge, owned)
    panel.show_snapshot(snap)
    await until(lambda: panel.stack.currentWidget() is panel.canvas)
    rows = shown_rows(panel)
    assert rows["Description"] == "Oil on canvas, 2026"
    assert rows["Tags"] == "oil, seascape"
    assert not {"Model", "Aspect ratio", "Reference", "Duration", "Task ID"} & set(rows)
    # Before, "State: Completed" and a "Completed" time, as if it had been generated.
    imported = QDateTime.fromMSecsSinceEpoch(int(snap.created_at * 1000))
    assert (
        rows["State"]
        == f"Imported on {QLocale().toString(imported, QLocale.FormatType.ShortFormat)}"
    )
    assert not {"Created", "Completed"} & set(rows)

    done = await finished(session, GenerateRequest(prompt="a tin robot", aspect_ratio="4:3"))
    panel.show_snapshot(done)
    rows = shown_rows(panel)
    assert rows["Aspect ratio"] == "4:3" and rows["Task ID"] == done.task_id
    assert rows["State"] == "Completed" and {"Created", "Completed"} <= set(rows)
    assert not {"Description", "Tags"} & set(rows), "no empty rows"


async def test_an_artwork_made_for_another_job_s_late_task_says_so_but_publishes_no_note(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """A send of a job, cancelled while it was out, made a task the job could not keep (it
    was sent again meanwhile): the task is an artwork of its own. Before, the note saying
    so was written in its description, "(job 1)" and "which KIE charged too", which the
    window never speaks of, and which went out with the artwork when it was published. The
    preview says it now, and its description is the artist's, empty."""
    done = await finished(session, GenerateRequest(prompt="a fox sent twice"))
    own, added = session.ledger.create_following(done, "task-late", title="Fox")
    assert added and own.made_for_job == done.id
    assert artwork_meta(own).description == ""
    panel = make_panel(bridge, owned)
    for snap, charged in (
        (own, "lowered the demo balance" if own.simulated else "KIE charged too"),
        (replace(own, simulated=not own.simulated), "KIE charged too" if own.simulated else "demo"),
    ):
        panel.show_snapshot(snap)
        rows = shown_rows(panel)
        assert "Description" not in rows
        assert "cancelled while it was out" in rows["Made by"] and charged in rows["Made by"]
        assert "job" in rows["Made by"] and str(done.id) not in rows["Made by"]
    panel.show_snapshot(done)
    assert "Made by" not in shown_rows(panel)


async def test_a_job_given_its_task_shows_kies_time_on_it_as_its_duration(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """A job given its task id three hours after KIE made it: its Duration read 10 800 s
    and more, the artist's wait counted in. It is KIE's own time on the task, said so, or
    a dash when KIE did not say it."""
    done = await finished(session, GenerateRequest(prompt="a fox found later"))
    assert done.completed_at is not None
    given = replace(
        done, submitted_at=done.completed_at - 10_800, task_given_at=done.completed_at - 30
    )
    panel = make_panel(bridge, owned)

    panel.show_snapshot(replace(given, task_seconds=14.5))
    assert shown_rows(panel)["Duration"] == "14.5 s"
    tip = panel.fields["duration"].toolTip()
    assert tip == plain_tooltip("KIE's own time on the task whose ID you entered for this job.")
    panel.show_snapshot(given)
    assert shown_rows(panel)["Duration"] == "—"
    assert "KIE did not say how long" in panel.fields["duration"].toolTip().replace("\n", " ")
    panel.show_snapshot(done)
    assert panel.fields["duration"].toolTip() == ""


def linked_row(panel: PreviewPanel, key: str) -> str:
    """The words of the row ``key`` ("made", "kept"), its link's markup left out."""
    label = panel.fields[key]
    if not panel.details_form.isRowVisible(label):
        return ""
    return QTextDocumentFragment.fromHtml(label.text()).toPlainText()


async def test_an_artwork_kept_for_a_job_s_late_task_and_that_job_name_each_other(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """The artwork kept for a late task and the job it was made for, both ways, by title,
    each with a link to the other. Before, the artwork's "Made by" named no job ("the job
    with this prompt", as both share their title), and the job said nothing: an unknown
    job's Resubmit paid again for an image already in the library. Live: a task kept for
    the job shown appears on it as it is kept; a job deleted since is said to be."""
    done = await finished(session, GenerateRequest(prompt="a fox sent twice"))
    done = session.ledger.update(done.id, title="Fox at dusk")
    panel = make_panel(bridge, owned)
    links: list[int] = []
    panel.show_linked.connect(links.append)
    panel.show_snapshot(done)
    await until(lambda: not panel._linked or panel._linked.id == done.id)
    assert linked_row(panel, "kept") == ""

    own, _ = session.ledger.create_following(done, "task-late", title="Fox kept apart")
    bridge.job_changed.emit(own)  # as the engine tells of the artwork it keeps
    await until(lambda: "“Fox kept apart”" in linked_row(panel, "kept"))
    assert "earlier send of this job" in linked_row(panel, "kept")
    assert f'href="{own.id}"' in panel.fields["kept"].text()
    panel.fields["kept"].linkActivated.emit(str(own.id))
    assert links == [own.id]

    panel.show_snapshot(own)
    await until(lambda: "“Fox at dusk”" in linked_row(panel, "made"))
    assert f'href="{done.id}"' in panel.fields["made"].text()
    assert linked_row(panel, "kept") == ""

    long_prompt = "a fox under the pines at dusk, " * 60  # a prompt as the title, untitled
    session.ledger.update(done.id, title="")
    session.ledger.update(done.id, prompt=long_prompt)
    bridge.job_changed.emit(session.ledger.get(done.id))
    await until(lambda: "“a fox under the pines" in linked_row(panel, "made"))
    assert len(linked_row(panel, "made")) < 400, "the whole prompt, a page long"

    session.ledger.delete(done.id)
    bridge.job_deleted.emit(done.id)
    await until(lambda: "a job deleted since" in linked_row(panel, "made"))
    assert "href" not in panel.fields["made"].text()


async def test_an_edit_whose_reference_was_deleted_says_so_and_links_nowhere(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """The library artwork an edit was made from deleted, the edit's Reference row still
    offered "show it in the library", which, followed, only said the artwork was gone. It
    says so itself now, live, and when the edit is shown again later."""
    fox = await finished(session, GenerateRequest(prompt="a red fox"))
    wolf = await finished(session, GenerateRequest(prompt="make it a wolf"))
    assert fox.file_path is not None
    made_from = {"image_path": fox.file_path, "image_name": "a red fox.png", "image_job": fox.id}
    edit = replace(wolf, request_json=replace(wolf.request, **made_from).to_json())
    panel = make_panel(bridge, owned)
    panel.show_snapshot(edit)
    await until(lambda: f'href="{fox.id}"' in panel.fields["reference"].text())
    assert linked_row(panel, "reference") == "a red fox.png · show it in the library"

    session.ledger.delete(fox.id)
    bridge.job_deleted.emit(fox.id)
    gone = "a red fox.png · deleted from the library since"
    await until(lambda: linked_row(panel, "reference") == gone)
    assert "href" not in panel.fields["reference"].text()

    panel.show_snapshot(wolf)
    panel.show_snapshot(edit)
    await until(lambda: panel._linked is not None and panel._linked.id == edit.id)
    assert linked_row(panel, "reference") == gone
    assert "href" not in panel.fields["reference"].text()


async def test_tab_reaches_edit_details_before_the_rows_under_it(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """Before, Tab went down the rows to the task ID and only then up to Edit details,
    beside the title above them: made after the rows, the button came last."""
    done = await finished(session, GenerateRequest(prompt="a heron in the reeds"))
    panel = make_panel(bridge, owned)
    panel.show_snapshot(done)
    await until(lambda: panel.details_button.isVisible())
    stops: list[QWidget] = []
    for widget in round_chain(panel):
        if widget.isVisible() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            stops.append(widget)
    assert stops.index(panel.details_button) < stops.index(panel.fields["task"])


def mouse(widget: QObject, kind: QEvent.Type, x: float, y: float) -> None:
    buttons = (
        Qt.MouseButton.NoButton
        if kind == QEvent.Type.MouseButtonRelease
        else Qt.MouseButton.LeftButton
    )
    event = QMouseEvent(
        kind,
        QPointF(x, y),
        QPointF(x, y),
        Qt.MouseButton.LeftButton if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton,
        buttons,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)


def wheel(widget: QObject, x: float, y: float, steps: int) -> None:
    event = QWheelEvent(
        QPointF(x, y),
        QPointF(x, y),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


async def test_nothing_selected_shows_the_empty_state(bridge: Bridge, owned: list[QObject]) -> None:
    panel = make_panel(bridge, owned)
    assert panel.stack.currentWidget() is panel.empty
    assert panel.empty.text() == "Select an artwork to see it here."
    assert not panel.details.isVisible()
    assert not panel.commands["save_as"].isEnabled()
    assert not panel.publish_button.isVisible()


async def test_completed_image_with_details_and_zoom(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    done = await finished(
        session, GenerateRequest(prompt="a tin robot\nwith a red heart", aspect_ratio="4:3")
    )
    panel = make_panel(bridge, owned)
    panel.show_snapshot(done)
    await until(lambda: panel.stack.currentWidget() is panel.canvas)

    canvas = panel.canvas
    assert canvas.after is not None
    assert (canvas.after.size.width(), canvas.after.size.height()) == (done.width, done.height)
    assert (
        panel.fields["image"].text().startswith(left_to_right(f"{done.width} × {done.height} px"))
    )
    assert human_size(done.file_size or 0) in panel.fields["image"].text()  # as the slot
    assert "iB" not in panel.fields["image"].text()
    assert panel.fields["ratio"].text() == "4:3"
    assert panel.fields["model"].text() == "Flux Kontext Pro"  # as the Generate tab names it
    assert panel.fields["task"].text() == done.task_id
    assert panel.prompt_label.text() == "a tin robot\nwith a red heart"
    assert panel.title_label.text() == "a tin robot"
    assert not panel.compare_button.isVisible()

    # Fit by default: the whole image inside the view; 100 % and the wheel zoom in.
    assert canvas.fit and canvas.image_rect().width() <= canvas.width() + 0.5
    assert panel.fit_button.isChecked()
    panel.actual_button.click()
    assert not canvas.fit and canvas.zoom_percent() == 100
    assert panel.zoom_label.text() == left_to_right("100 %")
    centre = canvas.rect().center()
    wheel(canvas, centre.x(), centre.y(), 2)
    assert canvas.zoom_percent() > 100
    # Dragging pans a zoomed image.
    before = canvas.image_rect().topLeft()
    mouse(canvas, QEvent.Type.MouseButtonPress, centre.x(), centre.y())
    mouse(canvas, QEvent.Type.MouseMove, centre.x() + 40, centre.y() + 30)
    mouse(canvas, QEvent.Type.MouseButtonRelease, centre.x() + 40, centre.y() + 30)
    assert canvas.image_rect().topLeft() != before
    panel.fit_button.click()
    assert canvas.fit

    # Showing the same job again (the library re-announces it) decodes nothing new.
    pixmap = canvas.after
    panel.show_snapshot(done)
    assert canvas.after is pixmap


async def test_a_picture_zoomed_past_the_pane_moves_with_the_keys_once_clicked(
    bridge: Bridge, session: Session, tmp_path: Path, owned: list[QObject]
) -> None:
    """At 100 % a tall picture showed its top only: no key moved it, the mouse alone
    reached the rest. Clicked, the arrows, Page Up and Page Down, Home and End move it."""
    path = tmp_path / "tall.png"
    Image.new("RGB", (400, 3000), (120, 160, 200)).save(path)
    (snap,) = import_artworks(session.ledger, [path], library_dir=session.engine.library_dir)
    assert isinstance(snap, Snapshot)
    panel = make_panel(bridge, owned)
    panel.show_snapshot(snap)
    await until(lambda: panel.stack.currentWidget() is panel.canvas)
    canvas = panel.canvas
    panel.actual_button.click()
    centre = canvas.rect().center()
    QTest.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=centre)
    assert canvas.hasFocus()
    start = canvas.image_rect().top()
    QTest.keyClick(canvas, Qt.Key.Key_Down)
    assert canvas.image_rect().top() < start
    QTest.keyClick(canvas, Qt.Key.Key_End)  # to the frame's edge (its room kept clear)
    assert canvas.image_rect().bottom() == pytest.approx(canvas.height() - FOCUS_FRAME_PX)
    QTest.keyClick(canvas, Qt.Key.Key_PageUp)
    assert canvas.image_rect().bottom() > canvas.height() * 1.5
    QTest.keyClick(canvas, Qt.Key.Key_Home)
    assert canvas.image_rect().top() == FOCUS_FRAME_PX
    QTest.keyClick(canvas, Qt.Key.Key_Right)  # it fits across: nothing to move that way
    assert canvas.image_rect().top() == FOCUS_FRAME_PX
    assert canvas.image_rect().center().x() == pytest.approx(canvas.width() / 2)


async def test_the_focus_frame_round_the_picture_covers_none_of_it(
    bridge: Bridge, session: Session, tmp_path: Path, owned: list[QObject]
) -> None:
    """Framed while it has the focus (a click into it, or Tab), the preview's picture had
    the frame drawn over its edges: fitted, its top and bottom rows were under it, and moved
    to its corner at 100 %, its first two rows and columns could not be seen however far it
    was moved, where an artist looks for a stray border. The frame has room of its own
    round the picture, as the details have round theirs."""
    green = QColor(0, 200, 0)
    path = tmp_path / "bordered.png"
    image = Image.new("RGB", (1500, 1000), (240, 240, 240))
    ImageDraw.Draw(image).rectangle([0, 0, 1499, 999], outline=green.getRgb()[:3])
    image.save(path)
    (snap,) = import_artworks(session.ledger, [path], library_dir=session.engine.library_dir)
    assert isinstance(snap, Snapshot)
    panel = make_panel(bridge, owned)
    panel.show_snapshot(snap)
    await until(lambda: panel.stack.currentWidget() is panel.canvas)
    canvas = panel.canvas
    QTest.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=canvas.rect().center())
    assert canvas.hasFocus()
    frame = canvas.palette().color(QPalette.ColorRole.Highlight)

    shot = canvas.grab().toImage()
    column = [QColor(shot.pixel(shot.width() // 2, y)) for y in range(shot.height())]
    rect = canvas.image_rect()
    assert rect.top() >= 0 and rect.bottom() <= canvas.height(), "fitted"
    drawn = range(round(rect.top()), round(rect.bottom()))
    assert drawn and all(column[y] != frame for y in drawn), "no row of it under the frame"

    panel.actual_button.click()
    QTest.keyClick(canvas, Qt.Key.Key_Home)
    for _ in range(30):
        QTest.keyClick(canvas, Qt.Key.Key_Left)
    shot = canvas.grab().toImage()

    def seen(x: int, y: int) -> bool:
        return QColor(shot.pixel(x, y)) == green

    assert any(all(seen(x, y) for x in range(10, 60)) for y in range(6)), "its first row"
    assert any(all(seen(x, y) for y in range(10, 60)) for x in range(6)), "its first column"


def stripes(path: Path, width: int, height: int) -> Path:
    """One-pixel black and white columns: detail a reduced view must average to grey."""
    row = bytes(255 * (x % 2) for x in range(width))
    Image.frombytes("L", (width, height), row * height).save(path)
    return path


async def test_the_next_image_replaces_the_last_without_a_page_of_words_between(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    first = await finished(session, GenerateRequest(prompt="a tin robot", aspect_ratio="1:1"))
    second = await finished(session, GenerateRequest(prompt="a tin robot", aspect_ratio="16:9"))
    panel = make_panel(bridge, owned)
    panel.show_snapshot(first)
    await until(lambda: panel.stack.currentWidget() is panel.canvas)
    shown = panel.canvas.after
    pages: list[int] = []
    panel.stack.currentChanged.connect(pages.append)

    panel.show_snapshot(second)
    assert panel.zoom_label.text() == "Loading…", "said where the zoom figure goes"
    await until(lambda: panel.canvas.after is not shown)
    assert panel.canvas.after is not None and panel.canvas.after.size.width() == second.width
    assert pages == [], "the last picture stayed until the next one was decoded"
    assert panel.zoom_label.text() == left_to_right(f"{grouped(panel.canvas.zoom_percent())} %")


async def test_a_translucent_image_is_drawn_with_its_own_colours(tmp_path: Path) -> None:
    """The preview's pixels are premultiplied while Pillow packs them and wrapped without a
    copy; the picture keeps those bytes alive, and its colours come out as in the file."""
    path = tmp_path / "glass.png"
    Image.new("RGBA", (1200, 800), (200, 100, 50, 128)).save(path)
    picture = await load_picture(path, MAX_SIDE)
    gc.collect()
    for level, (x, y) in ((picture.levels[0], (600, 400)), (picture.levels[-1], (10, 10))):
        colour = level.pixelColor(x, y)
        assert colour.alpha() == 128
        assert all(
            abs(a - b) <= 2 for a, b in zip(colour.getRgb()[:3], (200, 100, 50), strict=True)
        )


async def test_transparent_pixels_show_a_checkerboard_and_opaque_ones_do_not(
    bridge: Bridge, session: Session, tmp_path: Path, owned: list[QObject]
) -> None:
    """Before, a transparent PNG (a sticker, a logo) was drawn on the preview's grey
    backdrop: a fully transparent one was not there at all, and a half-transparent one
    looked grey. Transparent pixels show the light grey and white squares image editors
    show; an opaque image, and an opaque PNG saved with an alpha channel, none."""
    clear = tmp_path / "clear.png"
    Image.new("RGBA", (400, 300), (0, 0, 0, 0)).save(clear)
    opaque = tmp_path / "opaque.png"
    Image.new("RGBA", (400, 300), (30, 60, 90, 255)).save(opaque)
    panel = make_panel(bridge, owned)
    panel.resize(700, 600)
    panel.show()

    def colours_shown() -> set[tuple[int, ...]]:
        shot = panel.canvas.grab().toImage()
        rect = panel.canvas.image_rect().toRect().adjusted(2, 2, -2, -2)
        dpr = shot.devicePixelRatio()
        return {
            QColor(shot.pixel(round(x * dpr), round(rect.center().y() * dpr))).getRgb()[:3]
            for x in range(rect.left(), rect.right())
        }

    for path, expected in (
        (clear, {(255, 255, 255), (204, 204, 204)}),
        (opaque, {(30, 60, 90)}),
    ):
        shown = panel.canvas.after
        panel.show_snapshot(
            session.ledger.create_upload(file_path=str(path), width=400, height=300)
        )
        await until(
            lambda was=shown: panel.canvas.after is not None and panel.canvas.after is not was
        )
        assert panel.stack.currentWidget() is panel.canvas
        assert colours_shown() == expected, path.name


async def test_the_zoom_figure_groups_its_thousands(
    bridge: Bridge, session: Session, tmp_path: Path, owned: list[QObject]
) -> None:
    """Before: zoomed all the way in, the toolbar said "1600 %", where every other count
    in the window is grouped ("1,600")."""
    path = stripes(tmp_path / "small.png", 64, 64)
    snap = session.ledger.create_upload(prompt="small", file_path=str(path), width=64, height=64)
    panel = make_panel(bridge, owned)
    panel.show_snapshot(snap)
    await until(lambda: panel.stack.currentWidget() is panel.canvas)
    canvas = panel.canvas
    canvas.zoom_to(MAX_ZOOM / canvas.devicePixelRatioF(), QPointF(canvas.rect().center()))
    assert canvas.zoom_percent() == 1600
    assert panel.zoom_label.text() == left_to_right("1,600 %")


@pytest.mark.parametrize("device_ratio", [1.0, 2.0])
async def test_fit_shows_a_small_image_at_100_percent_not_blown_up(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
    device_ratio: float,
) -> None:
    """A 256 x 256 imported artwork filled the preview and the full view in Fit, each of
    its pixels a blurred block of three or more (six on a 2x screen). Fit shrinks a
    large image to the view but shows a small one at 100 %, one pixel of the file per
    pixel of the screen, in the middle of the view."""
    monkeypatch.setattr(ImageCanvas, "devicePixelRatioF", lambda _self: device_ratio)
    path = stripes(tmp_path / "icon.png", 256, 256)
    snap = session.ledger.create_upload(prompt="icon", file_path=str(path), width=256, height=256)
    panel, full = in_a_window(bridge, owned)
    panel.window().resize(1000, 900)
    canvas = await shown_in(panel, snap)
    full.open()

    for view in (canvas, full.canvas):
        rect = view.image_rect()
        assert view.fit and view.zoom_percent() == 100
        assert rect.width() == pytest.approx(256 / device_ratio)
        assert rect.center().x() == pytest.approx(view.rect().center().x(), abs=1)
    assert panel.fit_button.isChecked() and panel.zoom_label.text() == left_to_right("100 %")
    full.close()


async def test_a_fitted_small_image_moved_to_a_2x_screen_stays_at_100_percent(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Fit's 100 % is half as many logical pixels on a 2x screen: the window dragged
    there is fitted anew, not left at 200 %."""
    ratio = [1.0]
    monkeypatch.setattr(ImageCanvas, "devicePixelRatioF", lambda _self: ratio[0])
    path = stripes(tmp_path / "icon.png", 256, 256)
    snap = session.ledger.create_upload(prompt="icon", file_path=str(path), width=256, height=256)
    canvas = await shown_in(make_panel(bridge, owned), snap)
    assert canvas.zoom_percent() == 100

    ratio[0] = 2.0
    QApplication.sendEvent(canvas, QEvent(QEvent.Type.DevicePixelRatioChange))
    assert canvas.fit and canvas.zoom_percent() == 100
    assert canvas.image_rect().width() == pytest.approx(128)


WIDE = MAX_SIDE + 1904
"""The width of :func:`wide_stripes`: decoded at :data:`MAX_SIDE` a side for the preview,
about two thirds of the file."""


def wide_stripes(session: Session, tmp_path: Path, name: str = "wide") -> Snapshot:
    """An imported image of :data:`WIDE` one-pixel stripes (:func:`stripes`), ``name``.png."""
    path = stripes(tmp_path / f"{name}.png", WIDE, 300)
    return session.ledger.create_upload(prompt="wide", file_path=str(path), width=WIDE, height=300)


async def shown_in(panel: PreviewPanel, snap: Snapshot) -> ImageCanvas:
    """``panel``'s canvas once it shows ``snap``'s picture."""
    panel.show_snapshot(snap)
    await until(lambda: panel.stack.currentWidget() is panel.canvas)
    return panel.canvas


async def test_100_percent_is_the_files_own_pixels_even_past_the_decoded_size(
    bridge: Bridge, session: Session, tmp_path: Path, owned: list[QObject]
) -> None:
    panel = make_panel(bridge, owned)
    canvas = await shown_in(panel, wide_stripes(session, tmp_path))
    assert canvas.after is not None and canvas.after.levels[0].width() == MAX_SIDE

    panel.actual_button.click()
    assert panel.zoom_label.text() == left_to_right("100 %")
    dpr = canvas.devicePixelRatioF()
    assert canvas.image_rect().width() == pytest.approx(WIDE / dpr)


def sharp(row: list[int]) -> bool:
    """Whether one-pixel stripes are drawn pure black and white, not smeared to grey."""
    return all(value < 30 or value > 225 for value in row)


async def test_100_percent_of_an_image_past_the_decoded_size_is_sharp(
    bridge: Bridge, session: Session, tmp_path: Path, owned: list[QObject]
) -> None:
    """A 24 MP photo imported to check its focus looked soft at 100 %: the copy decoded for
    the preview (:data:`MAX_SIDE` a side) was stretched over the file's own pixels. Zoomed
    past that copy, the file's pixels are decoded and take its place where the view stands:
    one-pixel stripes are black and white again, at the same zoom and place."""
    panel = make_panel(bridge, owned)
    canvas = await shown_in(panel, wide_stripes(session, tmp_path))
    assert canvas.after is not None and canvas.after.levels[0].width() == MAX_SIDE, "fitted"

    panel.actual_button.click()
    rect = canvas.image_rect()
    await until(lambda: canvas.after is not None and canvas.after.levels[0].width() == WIDE)
    assert canvas.image_rect() == rect and panel.zoom_label.text() == left_to_right("100 %")
    assert sharp(middle_row(render_at(canvas, 1.0), rect))


async def test_the_full_view_at_100_percent_gets_the_files_own_pixels_too(
    bridge: Bridge, session: Session, tmp_path: Path, owned: list[QObject]
) -> None:
    """Zoomed in full screen (where an artist looks closest), the full view keeps its zoom
    as the file's pixels come, and the window's preview shares them (decoded once)."""
    panel, full = in_a_window(bridge, owned)
    await shown_in(panel, wide_stripes(session, tmp_path))
    full.open()
    canvas = full.canvas
    canvas.actual_size()

    await until(lambda: canvas.after is not None and canvas.after.levels[0].width() == WIDE)
    assert canvas.zoom_percent() == 100 and not canvas.fit
    assert panel.canvas.after is canvas.after and panel.canvas.fit, "the preview keeps Fit"
    assert sharp(middle_row(render_at(canvas, 1.0), canvas.image_rect()))
    full.close()


async def test_a_file_that_cannot_be_decoded_whole_is_not_decoded_again_at_each_zoom(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The file cut short after the preview decoded its copy (a sync still writing it, a
    full disk): 100 % could not decode its own pixels, and each further step of the wheel
    decoded the whole file again, a second of a core each for a 50 MP photo, for nothing.
    The copy stays, and the file is not decoded whole again while it is shown."""
    snap = wide_stripes(session, tmp_path)
    path = Path(snap.file_path)
    whole: list[Path] = []

    async def counted(source: Path, max_side: int | None, *stop: Any) -> Any:
        if max_side is None:
            whole.append(source)
        return await load_picture(source, max_side, *stop)

    monkeypatch.setattr(preview_module, "load_picture", counted)
    panel = make_panel(bridge, owned)
    canvas = await shown_in(panel, snap)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    reduced = canvas.after

    panel.actual_button.click()
    await until(lambda: len(whole) == 1)
    await bridge.wait_idle()
    for _ in range(3):
        canvas.zoom_by(1.25)
        await bridge.wait_idle()
    assert len(whole) == 1
    assert canvas.after is reduced and panel.stack.currentWidget() is canvas


async def test_one_whole_decode_at_a_time_and_the_last_picture_asked_for_wins(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Three big artworks zoomed into one after the other: each decoded its file's own
    pixels at once, all three at the same time (some 270 MB each for a 50 MP photo), and
    those of the two no longer shown were decoded to the end for nothing. Now one decode
    runs at a time: the one of a picture no longer shown stops, one asked for meanwhile and
    overtaken is never started, and the last picture asked for gets its pixels, alone."""
    snaps = [wide_stripes(session, tmp_path, name) for name in ("first", "second", "third")]
    gate = asyncio.Event()
    started: list[str] = []
    decoded: list[str] = []
    running: list[str] = []
    most_at_once = 0

    async def gated(source: Path, max_side: int | None, *stop: Any) -> Any:
        nonlocal most_at_once
        if max_side is not None:
            return await load_picture(source, max_side, *stop)
        started.append(source.stem)
        running.append(source.stem)
        most_at_once = max(most_at_once, len(running))
        try:
            await gate.wait()
            picture = await load_picture(source, max_side, *stop)
        finally:
            running.remove(source.stem)
        decoded.append(source.stem)
        return picture

    monkeypatch.setattr(preview_module, "load_picture", gated)
    panel = make_panel(bridge, owned)
    came: list[object] = []
    panel.file_pixels_came.connect(lambda reduced, _full: came.append(reduced))
    canvas = panel.canvas

    async def zoomed_into(snap: Snapshot) -> None:
        before = canvas.after
        panel.show_snapshot(snap)
        await until(lambda: canvas.after is not None and canvas.after is not before)
        panel.actual_button.click()
        await until(lambda: started)

    for snap in snaps:
        await zoomed_into(snap)
    last = canvas.after

    gate.set()
    await until(lambda: canvas.after is not None and canvas.after.levels[0].width() == WIDE)
    await bridge.wait_idle()
    assert most_at_once == 1
    assert started == ["first", "third"] and decoded == ["third"]
    assert came == [last] and panel.zoom_label.text() == left_to_right("100 %")


async def test_a_picture_decoded_after_the_preview_is_gone_reports_nothing(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An artwork's picture decoded after its preview was deleted (the window's widgets
    deleted while the bridge still ran: a test's teardown) went on to show it on the deleted
    page, and the bridge reported "Internal C++ object (PreviewPanel) already deleted" as
    "Something went wrong"."""
    snap = wide_stripes(session, tmp_path, "a heron")
    gate = asyncio.Event()
    asked: list[Path] = []

    async def gated(source: Path, max_side: int | None, *stop: Any) -> Any:
        asked.append(source)
        await gate.wait()
        return await load_picture(source, max_side, *stop)

    monkeypatch.setattr(preview_module, "load_picture", gated)
    errors: list[str] = []
    bridge.error.connect(lambda message, _hint, _topic: errors.append(message))
    panel = make_panel(bridge, owned)
    panel.show_snapshot(snap)
    await until(lambda: asked)
    shiboken6.delete(panel)
    gate.set()
    await bridge.wait_idle()
    assert errors == []


async def test_a_picture_decoded_just_as_the_preview_is_torn_down_reports_nothing(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An artwork's picture decoded, and the preview deleted after the decode was over and
    before its picture was handed on (too late for the cancel that comes with the panel's
    end): it went on to show it on the deleted page, reported as "Something went wrong"."""
    snap = wide_stripes(session, tmp_path, "a heron")
    panel = make_panel(bridge, owned)
    decode = PreviewPanel._decode

    async def torn_down_as_decoded(path: str, reference: str) -> Any:
        images = await decode(path, reference)
        # Runs after this decode is over and before its picture is handed on.
        asyncio.get_running_loop().call_soon(shiboken6.delete, panel)
        return images

    monkeypatch.setattr(PreviewPanel, "_decode", staticmethod(torn_down_as_decoded))
    errors: list[str] = []
    bridge.error.connect(lambda message, _hint, _topic: errors.append(message))
    panel.show_snapshot(snap)
    await until(lambda: not shiboken6.isValid(panel))
    await bridge.wait_idle()
    assert errors == []


async def test_links_read_as_the_preview_is_torn_down_touch_nothing_deleted(
    bridge: Bridge, session: Session, owned: list[QObject], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A generated artwork's links (the job it was kept for, its reference) read just as
    the preview was deleted (the window's widgets torn down: a test's teardown), the read
    over and its answer not yet handed on: it went on to fill the deleted rows, and the
    bridge reported "Internal C++ object (DetailText) already deleted" as "Something went
    wrong"."""
    snap = await finished(session, GenerateRequest(prompt="a heron in the reeds"))
    panel = make_panel(bridge, owned)
    read_links = preview_module._links_of

    async def torn_down_as_read(ledger: Ledger, shown: Snapshot) -> Any:
        linked = await read_links(ledger, shown)
        # Runs after this read is over and before its answer is handed on.
        asyncio.get_running_loop().call_soon(shiboken6.delete, panel)
        return linked

    monkeypatch.setattr(preview_module, "_links_of", torn_down_as_read)
    errors: list[str] = []
    bridge.error.connect(lambda message, _hint, _topic: errors.append(message))
    panel.show_snapshot(snap)
    await until(lambda: not shiboken6.isValid(panel))
    await bridge.wait_idle()
    assert errors == []


def render_at(widget: QWidget, device_ratio: float) -> QImage:
    """The widget as a screen of ``device_ratio`` shows it (the test screen is 1x)."""
    size = widget.size() * device_ratio
    shot = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    shot.setDevicePixelRatio(device_ratio)
    shot.fill(Qt.GlobalColor.white)
    widget.render(shot)
    return shot


def middle_row(shot: QImage, rect: QRectF, count: int = 40) -> list[int]:
    """Lightness of ``count`` device pixels across the middle of ``rect`` (logical)."""
    ratio = shot.devicePixelRatio()
    x, y = round(rect.center().x() * ratio), round(rect.center().y() * ratio)
    return [QColor(shot.pixel(x + dx, y)).lightness() for dx in range(count)]


@pytest.mark.parametrize(
    ("device_ratio", "zoom"), [(1.5, 1.0), (1.25, 1.0), (2.0, 2.0), (1.5, 2.0)]
)
async def test_100_and_200_percent_are_sharp_on_fractional_and_2x_screens(
    tmp_path: Path, owned: list[QObject], device_ratio: float, zoom: float
) -> None:
    """At 100 % each pixel of the file is one pixel of the screen, at 200 % a block of two:
    one-pixel stripes stay pure black and white, as on a 1x screen. Before, at 150 % the
    image's size was rounded to whole logical pixels (not 100 %, so every stripe smeared
    over two screen pixels), and at 200 % on a 2x screen the pixels were blurred."""
    picture = await load_picture(stripes(tmp_path / "stripes.png", 601, 300), MAX_SIDE)
    canvas = ImageCanvas()
    owned.append(canvas)
    canvas.resize(443, 331)
    canvas.set_images(picture)
    canvas.zoom_to(zoom / device_ratio, QPointF(canvas.rect().center()))

    row = middle_row(render_at(canvas, device_ratio), canvas.image_rect())
    assert all(value < 30 or value > 225 for value in row), row
    runs = "".join("b" if value < 128 else "w" for value in row)
    assert "b" * (round(zoom) + 1) not in runs and "w" * (round(zoom) + 1) not in runs, runs


async def test_a_reduced_view_of_fine_detail_is_smooth_not_moire(
    bridge: Bridge, session: Session, tmp_path: Path, owned: list[QObject]
) -> None:
    """Bilinear filtering from the full image at a tenth of its size samples a few of the
    stripes and shows bands of black and white; the halving levels average them to grey."""
    path = stripes(tmp_path / "stripes.png", 4000, 1200)
    snap = session.ledger.create_upload(prompt="fine", file_path=str(path), width=4000, height=1200)
    panel = make_panel(bridge, owned)
    panel.show_snapshot(snap)
    await until(lambda: panel.stack.currentWidget() is panel.canvas)
    canvas = panel.canvas
    assert canvas.fit and canvas.zoom_percent() < 25

    shot = canvas.grab().toImage()
    rect = canvas.image_rect().toRect().adjusted(2, 2, -2, -2)
    dpr = shot.devicePixelRatio()
    greys = [
        QColor(shot.pixel(round(x * dpr), round(rect.center().y() * dpr))).lightness()
        for x in range(rect.left(), rect.right())
    ]
    assert min(greys) > 90 and max(greys) < 165, (min(greys), max(greys))


async def test_edit_shows_a_before_after_slider(
    bridge: Bridge, session: Session, tmp_path: Path, owned: list[QObject]
) -> None:
    reference = tmp_path / "portrait.png"
    Image.new("RGB", (600, 800), "orange").save(reference)
    done = await finished(
        session,
        GenerateRequest(prompt="make it night", aspect_ratio=None, image_path=str(reference)),
    )
    panel = make_panel(bridge, owned)
    panel.show_snapshot(done)
    await until(lambda: panel.stack.currentWidget() is panel.canvas)

    canvas: ImageCanvas = panel.canvas
    assert canvas.before is not None and canvas.can_compare()
    assert panel.compare_button.isVisible() and panel.compare_button.isChecked()
    assert panel.fields["ratio"].text() == "Same as the reference"
    assert panel.fields["reference"].text() == "portrait.png"  # not the name of its copy

    rect = canvas.image_rect()
    y = rect.center().y()
    assert canvas.split == 0.5
    mouse(canvas, QEvent.Type.MouseButtonPress, canvas.split_x(), y)
    mouse(canvas, QEvent.Type.MouseMove, rect.left() + rect.width() * 0.8, y)
    mouse(canvas, QEvent.Type.MouseButtonRelease, rect.left() + rect.width() * 0.8, y)
    assert canvas.split == pytest.approx(0.8, abs=0.01)

    panel.compare_button.click()
    assert not canvas.comparing


@pytest.mark.parametrize(("split", "left"), [(0.02, True), (0.98, False)])
async def test_a_before_after_badge_stays_on_its_own_picture(
    tmp_path: Path, owned: list[QObject], split: float, left: bool
) -> None:
    """With the slider dragged near the left edge, to see all of the result, "Before" sat
    whole over the result, naming it wrongly ("After" over the reference near the right
    edge): each badge is cut at the slider, the picture it names alone under it."""
    white = tmp_path / "white.png"
    Image.new("RGB", (800, 600), "white").save(white)
    after = await load_picture(white, MAX_SIDE)
    before = await load_picture(white, MAX_SIDE)
    canvas = ImageCanvas()
    owned.append(canvas)
    canvas.resize(600, 450)
    canvas.set_images(after, before)
    canvas.set_comparing(True)
    canvas.split = split

    shot = render_at(canvas, 1.0)
    rect = canvas.image_rect()
    # The badge's left (or right) padding, clear of its word: 10 px in, 14 px down.
    x = rect.left() + 14 if left else rect.right() - 14
    lightness = QColor(shot.pixel(round(x), round(rect.top() + 14))).lightness()
    assert lightness > 245, lightness


async def test_the_before_badge_sits_on_a_reference_of_another_shape(
    tmp_path: Path, owned: list[QObject]
) -> None:
    """A wide reference under a square result is shown letterboxed, grey above and below
    it: "Before" sits on the reference's own corner, as "After" does on the result's.
    Before, it floated on the grey space above the reference, naming nothing."""
    white = tmp_path / "square.png"
    Image.new("RGB", (600, 600), "white").save(white)
    wide = tmp_path / "wide.png"
    Image.new("RGB", (1200, 300), "white").save(wide)
    canvas = ImageCanvas()
    owned.append(canvas)
    canvas.resize(600, 600)
    canvas.set_images(await load_picture(white, MAX_SIDE), await load_picture(wide, MAX_SIDE))
    canvas.set_comparing(True)
    canvas.split = 0.5

    shot = render_at(canvas, 1.0)
    rect = canvas.image_rect()
    reference_top = rect.center().y() - rect.width() / 8  # 4:1, fitted to the result's width
    badge = QColor(shot.pixel(round(rect.left() + 14), round(reference_top + 14))).lightness()
    assert badge < 200, badge  # the badge's dark fill on the white reference
    grey = canvas.palette().color(QPalette.ColorRole.Window).darker(115).rgb()
    assert shot.pixel(round(rect.left() + 14), round(rect.top() + 14)) == grey  # no badge


async def test_the_slider_handle_keeps_its_arrows_inside_it_with_large_text(
    tmp_path: Path, owned: list[QObject]
) -> None:
    """With the system's text at 24 pt the handle stays a white circle with small arrows
    in it. Before, the arrows were drawn in the text's size: a dark blot filled the circle
    and ran out below it, and no handle showed."""
    white = tmp_path / "white.png"
    Image.new("RGB", (800, 600), "white").save(white)
    canvas = ImageCanvas()
    owned.append(canvas)
    canvas.setFont(QFont(canvas.font().family(), 24))
    canvas.resize(600, 450)
    canvas.set_images(await load_picture(white, MAX_SIDE), await load_picture(white, MAX_SIDE))
    canvas.set_comparing(True)

    shot = render_at(canvas, 1.0)
    centre = QPointF(canvas.split_x(), canvas.image_rect().center().y())
    # Inside the circle, above and below its arrows, clear of the slider's line.
    inside = [centre + QPointF(dx, dy) for dx, dy in ((5, -10), (-5, 10))]
    lightness = [QColor(shot.pixel(p.toPoint())).lightness() for p in inside]
    assert min(lightness) > 230, lightness


async def test_the_before_after_slider_moves_with_the_keys_in_the_full_view_too(
    bridge: Bridge, session: Session, tmp_path: Path, owned: list[QObject]
) -> None:
    """The slider of an edit moved with a drag alone: an artist at the keyboard saw half of
    the before and half of the after, and no more of either. Shift+Left and Shift+Right
    move it, in the preview and in the full view, where Left and Right stay the other
    artworks'."""
    reference = tmp_path / "portrait.png"
    Image.new("RGB", (600, 800), "orange").save(reference)
    done = await finished(
        session,
        GenerateRequest(prompt="make it night", aspect_ratio=None, image_path=str(reference)),
    )
    panel, full = in_a_window(bridge, owned)
    canvas = await shown_in(panel, done)
    assert canvas.comparing and canvas.split == 0.5
    canvas.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(canvas, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert canvas.split > 0.5

    steps: list[int] = []
    full.step.connect(steps.append)
    full.open()
    viewed = full.canvas
    assert viewed.comparing and viewed.split == 0.5
    for _ in range(3):
        QTest.keyClick(viewed, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert viewed.split < 0.5
    for _ in range(100):  # held at the picture's edge
        QTest.keyClick(viewed, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert viewed.split == 1.0
    assert steps == [], "no other artwork shown"
    full.close()


@pytest.mark.parametrize("task_id", [None, "task-1"])
async def test_a_job_that_never_reached_kie_says_nothing_was_charged(
    bridge: Bridge, session: Session, owned: list[QObject], task_id: str | None
) -> None:
    """Before: only "Check your internet connection, then retry.", for a job that never left
    this computer as for one KIE made (and charged) whose picture could not be fetched; the
    latter says that Retry, not a new job, gets it without paying again."""
    snap = session.ledger.create_job(GenerateRequest(prompt="an offline fox"))
    if task_id:
        session.ledger.update(snap.id, task_id=task_id, result_url="https://cdn.example/1.png")
    failed = session.ledger.transition(
        snap.id, JobState.FAILED, error_kind="network", error_message="refused"
    )
    panel = make_panel(bridge, owned)
    panel.show_snapshot(failed)
    hint = explain_kind("network").hint
    if task_id:
        assert panel.hint_label.text() == (
            "What to do: KIE had already taken this job, so it was charged; check your "
            "internet connection: then Retry gets its image without paying again."
        )
    else:
        assert panel.hint_label.text() == (
            f"What to do: This send did not reach KIE, so it was not charged. {hint}"
        )


async def test_a_job_whose_reference_was_uploaded_does_not_say_nothing_was_sent(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """Before: "Nothing was sent to KIE" for an edit whose reference image KIE's upload
    service had taken before the job's own send could not connect."""
    snap = session.ledger.create_job(
        GenerateRequest(prompt="an offline fox", image_path="/tmp/fox.png")
    )
    session.ledger.update(
        snap.id, input_image_url="https://files.example/fox.png", input_uploaded_at=1.0
    )
    failed = session.ledger.transition(
        snap.id, JobState.FAILED, error_kind="network", error_message="refused"
    )
    panel = make_panel(bridge, owned)
    panel.show_snapshot(failed)
    assert panel.hint_label.text() == (
        "What to do: Only the reference image was uploaded to KIE (uploads are free); the "
        "job itself did not reach KIE this time, so this send was not charged. "
        f"{explain_kind('network').hint}"
    )


@pytest.mark.parametrize(
    ("uploaded", "task_id", "reached"),
    [
        (False, None, "This request did not reach KIE and was not charged."),
        (
            True,
            None,
            "Only the reference image was uploaded to KIE (uploads are free); the job did not "
            "reach KIE this time, so this send was not charged.",
        ),
        (
            True,
            "task-1",
            "KIE had already made this image, so it was charged; once the address is right, "
            "Retry fetches it without paying again.",
        ),
    ],
)
async def test_a_wrong_kie_address_says_what_reached_kie_of_the_job(
    bridge: Bridge,
    session: Session,
    owned: list[QObject],
    uploaded: bool,
    task_id: str | None,
    reached: str,
) -> None:
    """Before: "Nothing was sent or charged." whichever address was wrong, also for an edit
    whose reference had gone through the working upload address, and for a job KIE had
    made (and charged) whose result's link the wrong API address could not renew."""
    snap = session.ledger.create_job(
        GenerateRequest(prompt="a fox at the wrong address", image_path="/tmp/fox.png")
    )
    if uploaded:
        session.ledger.update(
            snap.id, input_image_url="https://files.example/fox.png", input_uploaded_at=1.0
        )
    if task_id:
        session.ledger.update(snap.id, task_id=task_id, result_url="https://cdn.example/1.png")
    failed = session.ledger.transition(
        snap.id, JobState.FAILED, error_kind="kie_address", error_message="wrong address"
    )
    panel = make_panel(bridge, owned)
    panel.show_snapshot(failed)
    assert panel.hint_label.text() == (
        f"What to do: {reached} Make the environment variable named here a full address "
        "starting with https:// (or remove it to use KIE's own), then start Kontext Studio "
        "again."
    )


async def test_failed_job_explains_what_happened_and_what_to_do(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    snap = session.ledger.create_job(GenerateRequest(prompt="forbidden thing"))
    failed = session.ledger.transition(
        snap.id,
        JobState.FAILED,
        error_kind="content_policy",
        error_message="flagged",
        error_code=400,
    )
    panel = make_panel(bridge, owned)
    panel.show_snapshot(failed)
    words = explain_kind("content_policy", "flagged")
    assert panel.stack.currentWidget() is panel.status_page
    assert "Failed" in panel.status.text()
    assert panel.error_label.text() == words.message
    assert panel.hint_label.text() == f"What to do: {words.hint}"
    assert not panel.commands["save_as"].isEnabled()
    assert not panel.commands["use_as_reference"].isEnabled()


def held_by_the_rate_limit(session: Session, prompt: str, due: float) -> Snapshot:
    """A paid job whose refused link's last try by itself met KIE's rate limit, its next
    try due at ``due``."""
    made = session.ledger.create_job(GenerateRequest(prompt=prompt), simulated=session.demo)
    task = f"task-{made.id}"
    session.ledger.update(made.id, task_id=task, result_url="https://cdn.example/held.png")
    return session.ledger.transition(
        made.id,
        JobState.FAILED,
        error_kind="rate_limited",
        error_message="the server holding the picture asks to wait",
        error_code=429,
        submitted_at=time.time(),
        link_refused_task=links_tried_mark(task),
        link_backoff_s=7200.0,
        link_try_at=due,
    )


async def test_a_refused_link_held_by_the_rate_limit_says_when_its_next_try_is_due(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """A paid image's refused link: the engine tries it again by itself, and its last try
    met KIE's rate limit, so the next waits until a time the row keeps. ``resume`` and
    ``jobs`` said when; the window said only that it tries again by itself, and a job held
    for hours looked forgotten. Now its note says when the next try is due, in local time,
    and says the new time when an artist's Retry moves it."""
    due = time.time() + 2 * 3600.0
    failed = held_by_the_rate_limit(session, "a fox behind a rate limit", due)
    panel = make_panel(bridge, owned)
    panel.show_snapshot(failed)
    hint = explain_kind(failed.error_kind, failed.error_detail, failed.facts).hint
    assert panel.hint_label.text() == (
        f"What to do: {hint} Its next try by itself is due at {translations.moment(due)}."
    )

    later = due + 1800.0
    bridge.job_changed.emit(session.ledger.note(failed.id, link_try_at=later))
    assert panel.hint_label.text().endswith(
        f"Its next try by itself is due at {translations.moment(later)}."
    )

    bridge.job_changed.emit(session.ledger.note(failed.id, link_try_at=None))
    assert panel.hint_label.text() == f"What to do: {hint}"


@pytest.mark.parametrize("ahead", [-600.0, 30 * 24 * 3600.0], ids=["gone by", "a wrong clock's"])
async def test_a_due_time_the_engine_does_not_wait_for_is_not_said(
    bridge: Bridge, session: Session, owned: list[QObject], ahead: float
) -> None:
    """A refused link's next try by itself due at a time gone by, or further ahead than any
    back-off sets (a clock set back since, another computer's), is tried as if due now:
    the engine does not wait for it. The preview said that time as is, a month ahead, and
    the job looked held for weeks; now it says no time, only that it tries again."""
    failed = held_by_the_rate_limit(session, "a fox behind a wrong clock", time.time() + ahead)
    panel = make_panel(bridge, owned)
    panel.show_snapshot(failed)
    hint = explain_kind(failed.error_kind, failed.error_detail, failed.facts).hint
    assert panel.hint_label.text() == f"What to do: {hint}"


def shown_reused_not_retried(
    bridge: Bridge, owned: list[QObject], failed: Snapshot
) -> PreviewPanel:
    """The preview of ``failed``, a job whose request is to be changed: it offers neither
    Retry nor Resubmit, and its hint says what Reuse settings does."""
    panel = make_panel(bridge, owned)
    panel.show_snapshot(failed)
    assert not panel.commands["retry"].isEnabled()
    assert not panel.commands["resubmit"].isEnabled()
    assert panel.commands["reuse_settings"].isEnabled()
    assert read(panel.hint_label) == (
        "What to do: Reuse settings loads its prompt and options into Generate, to change "
        "them and generate it again as a new job."
    )
    return panel


async def test_a_request_kie_refused_as_invalid_is_not_retried_but_reused(
    bridge: Bridge,
    session: Session,
    simulator: Any,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """KIE answered the generate with a validation error (422). Before, the preview offered
    Retry, which sends the same request, refused again, and said only "Check the prompt and
    options"; it says what KIE said, and that Reuse settings loads the request to change."""
    refuses_as_invalid(monkeypatch, "an odd fox", "prompt is too long for this model")
    job = await session.engine.submit(GenerateRequest(prompt="an odd fox"))
    failed = await session.engine.wait_for(job.id)
    assert (failed.state, failed.error_kind) == (JobState.FAILED, "validation")
    panel = shown_reused_not_retried(bridge, owned, failed)
    assert read(panel.error_label) == (
        "KIE did not accept the request. KIE says: “prompt is too long for this model”"
    )
    assert simulator.generate_count("an odd fox") == 1


async def test_a_reference_refused_as_invalid_is_named_in_what_to_change(
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The upload service answered the edit's reference with a validation error (422), as
    KIE may answer the generate of an edit: no Retry, and the hint named only the prompt and
    options to change, not the reference image the server's words are about (the engine's
    and the command line's words name it)."""
    said = "fileName must end in .png, .jpg or .webp"
    monkeypatch.setattr(
        simulator_state.SimulatorState,
        "upload",
        lambda _state, _data, _path, _name: simulator_state.upload_envelope(422, said),
    )
    reference = tmp_path / "portrait.png"
    Image.new("RGB", (60, 80), "orange").save(reference)
    request = GenerateRequest(prompt="make it night", aspect_ratio=None, image_path=str(reference))
    job = await session.engine.submit(request)
    failed = await session.engine.wait_for(job.id)
    assert (failed.state, failed.error_kind) == (JobState.FAILED, "validation")
    panel = make_panel(bridge, owned)
    panel.show_snapshot(failed)
    assert not panel.commands["retry"].isEnabled()
    assert panel.commands["reuse_settings"].isEnabled()
    assert said in read(panel.error_label)
    assert read(panel.hint_label) == (
        "What to do: Reuse settings loads its prompt, reference image and options into "
        "Generate, to change them as the message says, and generate it again as a new job."
    )


async def test_a_request_that_cannot_be_sent_as_saved_is_not_retried_but_reused(
    bridge: Bridge, session: Session, simulator: Any, owned: list[QObject]
) -> None:
    """A job saved with a ratio no longer accepted stops before anything is sent, as
    invalid input. Before, the preview offered Retry, which stops the same way, and said
    "Correct it and try again"; it says what Reuse settings does instead."""
    written = session.ledger.create_job(GenerateRequest(prompt="a tall fox", aspect_ratio="16:21"))
    await session.engine.resume()
    failed = await session.engine.wait_for(written.id)
    assert (failed.state, failed.error_kind) == (JobState.FAILED, "invalid_input")
    panel = shown_reused_not_retried(bridge, owned, failed)
    assert read(panel.error_label).startswith("The request is not valid. Unknown aspect ratio")
    assert simulator.generate_count("a tall fox") == 0


async def test_a_job_kie_turned_away_as_a_feature_switched_off_is_retried_when_back_on(
    bridge: Bridge,
    session: Session,
    simulator: Any,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """KIE answered the generate with 505, feature disabled: it may switch the feature back
    on, so Retry stays, and the preview says when it helps. Before: "Try another model or
    option", beside a Retry that said nothing of when it would work."""
    answers_generate(monkeypatch, "a max fox", 505, "feature disabled")
    job = await session.engine.submit(GenerateRequest(prompt="a max fox"))
    failed = await session.engine.wait_for(job.id)
    assert (failed.state, failed.error_kind) == (JobState.FAILED, "feature_disabled")
    panel = make_panel(bridge, owned)
    panel.show_snapshot(failed)
    assert panel.commands["retry"].isEnabled()
    assert panel.commands["reuse_settings"].isEnabled()
    assert read(panel.hint_label) == (
        "What to do: KIE may switch it back on: Retry then sends the job as it was. Until "
        "then, use another model or option."
    )


async def test_a_demo_job_waiting_in_live_mode_says_demo_mode_once(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """Before: "Made in demo mode: it carries on when Kontext Studio runs in demo mode
    again.", demo mode twice in one sentence."""
    written = session.ledger.create_job(GenerateRequest(prompt="a demo fox"))
    demo_job = session.ledger.update(written.id, simulated=True)
    panel = make_panel(bridge, owned)
    panel.show_snapshot(demo_job)
    assert (
        "A demo job: it carries on when Kontext Studio runs in demo mode again."
        in panel.status.text()
    )


def read(label: QLabel) -> str:
    """The text a details row shows, as the artist selects and copies it: a row taken for
    rich text would give "bold cat" for "<b>bold</b> cat"."""
    label.setSelection(0, len(label.text()))
    QTest.keyClick(label, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    return QApplication.clipboard().text()


async def test_text_that_looks_like_html_is_shown_as_typed(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """Before, a prompt "<b>bold</b> cat" showed a bold word, and an <img> in a title or
    a server's message could make the row load a file."""
    snap = session.ledger.create_upload(
        prompt="<b>bold</b> cat",
        title="<i>Harbour</i> <img src='file:///etc/hostname'>",
        description="<u>oil</u> on canvas",
        tags="<s>ink</s>, sea",
    )
    panel = make_panel(bridge, owned)
    panel.show_snapshot(snap)
    assert read(panel.title_label) == "<i>Harbour</i> <img src='file:///etc/hostname'>"
    assert read(panel.prompt_label) == "<b>bold</b> cat"
    assert read(panel.fields["description"]) == "<u>oil</u> on canvas"
    assert read(panel.fields["tags"]) == "<s>ink</s>, sea"

    job = session.ledger.create_job(GenerateRequest(prompt="a fox"))
    failed = session.ledger.transition(
        job.id, JobState.FAILED, error_kind="validation", error_message="<h1>bad</h1> size"
    )
    panel.show_snapshot(failed)
    assert read(panel.error_label) == explain_kind("validation", "<h1>bad</h1> size").message
    assert "<h1>bad</h1> size" in read(panel.error_label)


async def test_follows_the_shown_job_until_it_finishes_and_is_deleted(
    bridge: Bridge, session: Session, simulator: Any, owned: list[QObject]
) -> None:
    simulator.update(latency_s=(0.6, 0.6))
    panel = make_panel(bridge, owned)
    snap = await session.engine.submit(GenerateRequest(prompt="a kite", aspect_ratio="1:1"))
    panel.show_snapshot(snap)
    assert panel.stack.currentWidget() is panel.status_page
    await until(lambda: "Generating" in panel.status.text())
    await until(lambda: panel.stack.currentWidget() is panel.canvas)
    assert panel.snapshot is not None and panel.snapshot.state is JobState.COMPLETED

    references: list[str] = []
    panel.use_as_reference.connect(lambda path, _name: references.append(path))
    panel.reference_button.click()
    assert references == [panel.snapshot.file_path]

    bridge.job_deleted.emit(snap.id)
    assert panel.stack.currentWidget() is panel.empty


async def test_missing_file_is_said_in_place(
    bridge: Bridge, session: Session, tmp_path: Path, owned: list[QObject]
) -> None:
    gone = session.ledger.create_upload(
        prompt="moved away", file_path=str(tmp_path / "nowhere.png"), width=10, height=10
    )
    panel = make_panel(bridge, owned)
    panel.show_snapshot(gone)
    await until(lambda: "The image file is missing." in panel.status.text())
    assert "nowhere.png" in panel.status.text()
    assert "moved or deleted outside Kontext Studio" in panel.status.text()
    assert panel.canvas.after is None
    assert not panel.download_again.isVisible(), "KIE has no link to an upload"


async def test_an_image_a_delete_that_could_not_finish_trashed_is_said_to_be_in_the_trash(
    bridge: Bridge, session: Session, tmp_path: Path, owned: list[QObject]
) -> None:
    """A Delete moved the image to the Trash, then could not remove the artwork (another
    program held the library). Its banner said so, and so does its Publish since; the
    preview said "if it was moved or deleted outside Kontext Studio, put it back where it
    was", of a file Kontext Studio put in the Trash itself."""
    kept = session.ledger.create_upload(
        prompt="kept", file_path=str(tmp_path / "trashed.png"), width=10, height=10
    )
    kept = session.ledger.note(kept.id, trashed_at=1234.5)
    panel = make_panel(bridge, owned)
    panel.show_snapshot(kept)
    await until(lambda: "trashed.png" in panel.status.text())
    assert "The image is in the Trash: a Delete moved it there" in panel.status.text()
    assert "Restore it from the Trash to publish it" in panel.status.text()
    assert "outside Kontext Studio" not in panel.status.text()


async def test_an_image_put_back_from_the_trash_is_not_said_to_be_in_it_once_gone_again(
    bridge: Bridge, session: Session, tmp_path: Path, owned: list[QObject]
) -> None:
    """A Delete moved the image to the Trash and could not remove the artwork; the artist
    put the image back from the Trash by hand. The preview showed it, and the row kept its
    note of the Trash: once the file went again (moved away outside the app), the preview
    said "The image is in the Trash: a Delete moved it there"."""
    path = tmp_path / "harbour.png"
    Image.new("RGB", (64, 48), (20, 80, 140)).save(path)
    (snap,) = import_artworks(session.ledger, [path], library_dir=session.engine.library_dir)
    assert isinstance(snap, Snapshot)
    kept = session.ledger.note(snap.id, trashed_at=time.time() - 3600)
    panel = make_panel(bridge, owned)
    panel.show_snapshot(kept)
    await until(lambda: panel.stack.currentWidget() is panel.canvas)
    await until(lambda: session.ledger.get(snap.id).trashed_at is None)  # type: ignore[union-attr]

    Path(snap.file_path).unlink()  # moved away outside the app since
    panel.show_snapshot(None)
    panel.show_snapshot(session.ledger.get(snap.id))
    await until(lambda: "The image file is missing." in panel.status.text())
    assert "Trash" not in panel.status.text()


@pytest.mark.parametrize("long_word", ["a" * 300, "https://example.com/" + "b" * 300])
async def test_long_unbroken_words_wrap_instead_of_widening_the_window(
    bridge: Bridge, session: Session, tmp_path: Path, owned: list[QObject], long_word: str
) -> None:
    """A missing file's long path, a prompt with no spaces, a link: the words wrap, and the
    window (its minimum width, which the preview's widest word used to set) stays as it was;
    the full view, which shows the same words, does not widen either."""
    panel, full = in_a_window(bridge, owned)
    window = panel.window()
    short = session.ledger.create_upload(
        prompt="short", file_path=str(tmp_path / "short.png"), width=9, height=9
    )
    panel.show_snapshot(short)
    await until(lambda: "short.png" in panel.status.text())
    full.open()
    widths = window.minimumSizeHint().width(), full.minimumSizeHint().width()
    gone = session.ledger.create_upload(
        prompt=long_word, file_path=str(tmp_path / long_word[-200:] / "x.png"), width=9, height=9
    )

    panel.show_snapshot(gone)
    await until(lambda: "x.png" in panel.status.text())
    assert (window.minimumSizeHint().width(), full.minimumSizeHint().width()) == widths
    assert panel.status.heightForWidth(300) > 4 * panel.status.fontMetrics().height(), "wraps"
    full.close()


async def lost_lantern_shown(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> tuple[Snapshot, PreviewPanel]:
    """“a lost lantern”, finished, its image file gone since: shown in a preview, once it
    says the file is missing."""
    done = await finished(session, GenerateRequest(prompt="a lost lantern", aspect_ratio="1:1"))
    Path(done.file_path).unlink()
    panel = make_panel(bridge, owned)
    panel.show_snapshot(done)
    await until(lambda: "The image file is missing." in panel.status.text())
    return done, panel


async def test_a_finished_row_naming_no_file_says_the_image_is_missing_and_offers_download(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """A finished row another program (or an old version) wrote with no file path: the page
    said "Completed" over no picture, and nothing to get it back. It says the image file is
    missing, and offers Download again as for a file gone, KIE still keeping it."""
    done = await finished(session, GenerateRequest(prompt="a lantern never saved"))
    with contextlib.closing(sqlite3.connect(session.ledger.path)) as conn, conn:
        conn.execute("UPDATE artwork SET file_path = '' WHERE id = ?", (done.id,))
    emptied = session.ledger.get(done.id)
    assert emptied is not None and not emptied.file_path
    panel = make_panel(bridge, owned)
    panel.show_snapshot(emptied)
    said = panel.status.text()
    assert "The image file is missing." in said and "names no file" in said
    assert "Check the file's name" not in said, "there is none to check"
    assert panel.download_again.isVisibleTo(panel)


async def test_a_finished_row_naming_a_relative_path_shows_no_file_of_the_current_folder(
    bridge: Bridge, session: Session, owned: list[QObject], tmp_path: Path, monkeypatch: Any
) -> None:
    """A finished row naming "b.png", no folder (another program's, an old version's): the
    preview showed the picture of that name in the app's current folder, a stranger's, and
    offered to save, publish or delete it. It says the library names no file, as for a row
    naming none, and offers Download again."""
    done = await finished(session, GenerateRequest(prompt="a lantern named loosely"))
    home = tmp_path / "current"
    home.mkdir()
    stripes(home / "b.png", 40, 30)
    monkeypatch.chdir(home)
    with contextlib.closing(sqlite3.connect(session.ledger.path)) as conn, conn:
        conn.execute("UPDATE artwork SET file_path = 'b.png' WHERE id = ?", (done.id,))
    loose = session.ledger.get(done.id)
    assert loose is not None
    panel = make_panel(bridge, owned)
    panel.show_snapshot(loose)
    said = panel.status.text()
    assert "The image file is missing." in said and "names no file" in said
    assert "b.png" not in said
    assert panel.download_again.isVisibleTo(panel)
    assert not panel.commands["save_as"].isEnabled()


async def test_a_generated_image_gone_from_disk_is_downloaded_again_without_paying(
    bridge: Bridge, session: Session, simulator: Any, owned: list[QObject]
) -> None:
    done, panel = await lost_lantern_shown(bridge, session, owned)
    assert panel.download_again.isVisible()
    assert not panel.commands["save_as"].isEnabled()
    assert not panel.commands["use_as_reference"].isEnabled()
    bridge.job_changed.connect(panel.show_snapshot)

    panel.download_again.click()
    await until(lambda: panel.stack.currentWidget() is panel.canvas, timeout=10)
    again = session.ledger.get(done.id)
    assert again is not None and again.state is JobState.COMPLETED
    assert Path(again.file_path).is_file() and again.sha256 == done.sha256
    assert again.completed_at == done.completed_at
    assert simulator.generate_count("a lost lantern") == 1
    assert panel.commands["save_as"].isEnabled()


async def test_download_again_shows_a_file_that_came_back_without_asking_kie(
    bridge: Bridge, session: Session, simulator: Any, owned: list[QObject]
) -> None:
    """The artist restored the file from the trash while the page said it was missing:
    Download again shows the image, with its actions, and no refusal."""
    done = await finished(session, GenerateRequest(prompt="a found lantern", aspect_ratio="1:1"))
    image = Path(done.file_path)
    kept = image.read_bytes()
    image.unlink()
    panel = make_panel(bridge, owned)
    panel.show_snapshot(done)
    await until(lambda: "The image file is missing." in panel.status.text())
    shown = banner_messages(bridge)
    asked = dict(simulator.counts)

    image.write_bytes(kept)
    panel.download_again.click()
    await until(lambda: panel.stack.currentWidget() is panel.canvas)
    assert panel.canvas.after is not None
    assert panel.commands["save_as"].isEnabled()
    assert panel.commands["use_as_reference"].isEnabled()
    assert not shown
    assert simulator.counts == asked
    assert session.ledger.get(done.id) == done


async def test_download_again_refused_says_why_and_can_be_clicked_again(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """Another window's Download again took the job while the page said its file was
    missing: the engine refuses, the artist reads why, and the button does not stay greyed
    out until the job next changes. Why was "Only a finished image that the demo server
    made can be downloaded again.", of a finished image the demo server made."""
    done, panel = await lost_lantern_shown(bridge, session, owned)
    shown = banner_messages(bridge)

    session.ledger.transition(done.id, JobState.DOWNLOADING)
    panel.download_again.click()
    await until(lambda: bool(shown))
    assert shown == [
        "“a lost lantern” is being downloaded again already, perhaps by another window or a "
        "command. Wait for it to end; the library shows how it goes."
    ]
    assert panel.download_again.isVisible() and panel.download_again.isEnabled()


async def test_a_job_downloaded_again_says_so_as_why_it_cannot_be_zoomed(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """Before, a finished job whose image was being downloaded again (its file gone) was
    said to be "still running" as the reason there was nothing to zoom."""
    done, panel = await lost_lantern_shown(bridge, session, owned)
    panel.show_snapshot(session.ledger.transition(done.id, JobState.DOWNLOADING))
    assert panel.zoom_why_not() == "Nothing to zoom yet: the image is being downloaded again."


def shown_text(panel: PreviewPanel) -> str:
    """The page's words as the artist reads them, without their markup (nor the breaks a
    long path is given)."""
    return QTextDocumentFragment.fromHtml(panel.status.text()).toPlainText().replace("\u200b", "")


async def test_a_damaged_library_artwork_is_said_in_the_library_s_words(
    bridge: Bridge, session: Session, tmp_path: Path, owned: list[QObject]
) -> None:
    """An imported artwork whose file was cut short since: the page said "This image cannot
    be used. Choose another image, one that opens in other apps.", a reference image's
    words, of an artwork in the library, which has no other image to choose."""
    path = tmp_path / "harbour.png"
    Image.new("RGB", (64, 48), (20, 80, 140)).save(path)
    (snap,) = import_artworks(session.ledger, [path], library_dir=session.engine.library_dir)
    assert isinstance(snap, Snapshot)
    image = Path(snap.file_path)
    image.write_bytes(image.read_bytes()[:80])
    panel = make_panel(bridge, owned)
    panel.show_snapshot(snap)
    await until(lambda: panel.snapshot is snap and "Loading…" not in panel.status.text())
    said = shown_text(panel)
    assert "The image file does not open: it is damaged, or not an image." in said
    assert snap.file_path in said
    assert (
        "If you have a copy, from a backup or the program it came from, put it in its place, "
        "under the same name. The library reads it again when you come back to this window."
    ) in said
    assert "Choose another image" not in said and "cannot be used" not in said
    assert not panel.download_again.isVisible(), "KIE has no link to an import"


async def damaged_lantern_shown(
    bridge: Bridge, session: Session, owned: list[QObject], prompt: str, **values: Any
) -> tuple[Snapshot, PreviewPanel]:
    """``prompt`` generated, its image file cut short since (and its row given ``values``):
    shown in a preview, once it says the file does not open."""
    done = await finished(session, GenerateRequest(prompt=prompt, aspect_ratio="1:1"))
    if values:
        done = session.ledger.update(done.id, **values)
    image = Path(done.file_path)
    image.write_bytes(image.read_bytes()[:200])
    panel = make_panel(bridge, owned)
    panel.show_snapshot(done)
    await until(lambda: "does not open" in panel.status.text())
    return done, panel


async def test_a_damaged_generated_image_is_downloaded_again_without_paying(
    bridge: Bridge, session: Session, simulator: Any, owned: list[QObject]
) -> None:
    """A generated image whose file was cut short: Download again was offered for a file
    gone, not for one damaged, and the engine refused it ("The image file is still there").
    KIE still keeps it: it is fetched again, free, in the damaged file's place."""
    done, panel = await damaged_lantern_shown(bridge, session, owned, "a torn lantern")
    assert panel.download_again.isVisible() and panel.download_again.isEnabled()
    assert (
        "Download it again from KIE, free, or put a copy from a backup in its place, under "
        "the same name." in shown_text(panel)
    )
    shown = banner_messages(bridge)
    bridge.job_changed.connect(panel.show_snapshot)

    panel.download_again.click()
    await until(lambda: panel.stack.currentWidget() is panel.canvas, timeout=10)
    again = session.ledger.get(done.id)
    assert again is not None and again.state is JobState.COMPLETED
    assert again.file_path == done.file_path and again.sha256 == done.sha256
    await load_picture(Path(again.file_path), 64)  # whole again: it decodes
    assert again.completed_at == done.completed_at
    assert simulator.generate_count("a torn lantern") == 1
    assert not shown


async def test_a_damaged_generated_image_kie_no_longer_keeps_is_not_offered_a_download(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """Made 15 days ago: KIE keeps a result for 14. Downloaded again, the job would fail as
    expired, a finished artwork whose file a backup can put right."""
    made = time.time() - 15 * 24 * 3600
    _done, panel = await damaged_lantern_shown(
        bridge, session, owned, "an old torn lantern", submitted_at=made
    )
    assert not panel.download_again.isVisible()
    assert "KIE keeps an image for 14 days only, so it cannot be downloaded again." in shown_text(
        panel
    )


async def gone_lantern_shown(
    bridge: Bridge, session: Session, owned: list[QObject], prompt: str, **values: Any
) -> tuple[Snapshot, PreviewPanel]:
    """``prompt`` generated, its image file deleted since (and its row given ``values``):
    shown in a preview, once it says the file is missing."""
    done = await finished(session, GenerateRequest(prompt=prompt, aspect_ratio="1:1"))
    done = session.ledger.update(done.id, **values)
    Path(done.file_path).unlink()
    panel = make_panel(bridge, owned)
    panel.show_snapshot(done)
    await until(lambda: "The image file is missing." in panel.status.text())
    return done, panel


async def test_a_generated_image_gone_that_kie_no_longer_keeps_is_not_offered_a_download(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """Made 15 days ago, its file deleted: Download again was offered, and pressed it failed
    the finished artwork as expired. It is not offered, and the page says why."""
    made = time.time() - 15 * 24 * 3600
    _done, panel = await gone_lantern_shown(
        bridge, session, owned, "an old lost lantern", submitted_at=made
    )
    assert not panel.download_again.isVisible()
    assert (
        "put it back where it was. KIE keeps an image for 14 days only, so it cannot be "
        "downloaded again." in shown_text(panel)
    )


async def test_an_artwork_whose_link_kie_no_longer_accepts_says_so_offering_no_download(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """Its Download again refused by KIE's 422 (no file of its own), the artwork stays
    finished (jobs/engine.py): its page says the link is no longer accepted, not that KIE
    deleted the image, and offers no Download again."""
    _done, panel = await gone_lantern_shown(
        bridge, session, owned, "a lantern on a refused link", result_deleted=True, error_code=422
    )
    assert not panel.download_again.isVisible()
    assert (
        "put it back where it was. KIE no longer accepts the link to this image, so it cannot "
        "be downloaded again." in shown_text(panel)
    )


@pytest.mark.parametrize("gone", [False, True], ids=["damaged", "missing"])
async def test_download_again_pressed_once_kie_no_longer_keeps_it_says_so_not_fails_it(
    bridge: Bridge,
    session: Session,
    simulator: Any,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
    gone: bool,
) -> None:
    """Offered while KIE still kept the image, the page was left open past the 14 days:
    pressed then, the download failed the finished artwork as expired, where a backup could
    still put its file right (of a file gone, the window did not even look). Now the engine
    asks for nothing, and the page says why."""
    made = time.time() - 14 * 24 * 3600 + 3600  # an hour left
    shown = gone_lantern_shown if gone else damaged_lantern_shown
    done, panel = await shown(bridge, session, owned, "a lantern left open", submitted_at=made)
    assert panel.download_again.isVisible()
    notices: list[str] = []
    panel.notice.connect(notices.append)
    later = time.time() + 2 * 3600
    monkeypatch.setattr(stopped_module, "time", SimpleNamespace(time=lambda: later))

    panel.download_again.click()
    await until(lambda: bool(notices))
    assert notices == [
        "“a lantern left open” was not downloaded again: KIE keeps an image for 14 days only, "
        "and they are over. If you have a copy from a backup, put it in its place, under the "
        "same name."
    ]
    kept_no_longer = "KIE keeps an image for 14 days only, so it cannot be downloaded again."
    await until(lambda: kept_no_longer in shown_text(panel))
    assert not panel.download_again.isVisible()
    kept = session.ledger.get(done.id)
    assert kept is not None and kept.state is JobState.COMPLETED and not kept.error_kind


@pytest.mark.parametrize(
    ("title", "changes", "said"),
    [
        (
            "a lantern deleted early",
            {"result_deleted": True},  # another window's Download again
            "KIE no longer has this image",
        ),
        (
            "a lantern refused",
            {"result_deleted": True, "error_code": 422},  # a command's ``download``
            "KIE no longer accepts its link",
        ),
    ],
    ids=["deleted", "link refused"],
)
async def test_download_again_of_an_image_kie_said_it_deleted_or_refused_elsewhere_says_why(
    bridge: Bridge,
    session: Session,
    simulator: Any,
    owned: list[QObject],
    title: str,
    changes: dict[str, Any],
    said: str,
) -> None:
    """A lantern made a few minutes ago, its file damaged, offered Download again; another
    window learnt meanwhile that KIE deleted its image, or a command's ``download`` met
    KIE's refusal of its link (422), the artwork kept finished. Pressed, the notice said
    "KIE keeps an image for 14 days only, and they are over", of an artwork minutes old, or
    "KIE no longer has this image" while the row said the link is no longer accepted. It
    says what KIE did, and the engine asks KIE nothing."""
    done, panel = await damaged_lantern_shown(bridge, session, owned, title)
    assert panel.download_again.isVisible()
    session.ledger.update(done.id, **changes)
    notices: list[str] = []
    panel.notice.connect(notices.append)
    asked = simulator.counts.get(DOWNLOAD_URL, 0)

    panel.download_again.click()
    await until(lambda: bool(notices))
    assert notices == [
        f"“{title}” was not downloaded again: {said}. If you have a copy from a backup, put it "
        "in its place, under the same name."
    ]
    assert simulator.counts.get(DOWNLOAD_URL, 0) == asked


@pytest.mark.parametrize("days", [0, 15], ids=["minutes old", "15 days old"])
async def test_a_failed_job_whose_result_kie_deleted_is_said_in_words_fit_for_its_age(
    bridge: Bridge, session: Session, owned: list[QObject], days: int
) -> None:
    """A job whose result KIE said is deleted before its first download: its failure line
    read "The result link has expired (KIE keeps results 14 days)." of a job a few minutes
    old, a reason that was not true of it. A young one says KIE no longer has the image;
    one past the 14 days keeps the words that say why. What to do says what the line has
    not: the young one's said "KIE no longer has this image" a second time."""
    job = session.ledger.create_job(GenerateRequest(prompt="a lantern of some age"))
    failed = session.ledger.transition(
        job.id,
        JobState.FAILED,
        task_id="task-1",
        submitted_at=time.time() - days * 24 * 3600,
        result_url="https://cdn.example/task-1.png",
        error_kind="expired_result",
        result_deleted=True,
    )
    panel = make_panel(bridge, owned)
    panel.show_snapshot(failed)
    assert read(panel.error_label) == (
        "The result link has expired (KIE keeps results 14 days)."
        if days
        else "KIE no longer has this image."
    )
    gone = (
        "KIE no longer has this image, so a retry cannot fetch it; generate it again as a new job."
        if days
        else "A retry cannot fetch it; generate it again as a new job."
    )
    assert read(panel.hint_label) == (
        f"What to do: {gone} Reuse settings loads its prompt and options into Generate."
    )
    assert not panel.commands["retry"].isEnabled()


async def test_download_again_refused_past_14_days_says_to_put_back_a_copy_as_the_page_does(
    qapp: QApplication,
    catalogue_cache: Path,  # noqa: F811
    session: Session,
    bridge: Bridge,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The notice of a Download again refused once KIE no longer keeps the image had its
    own copy of the sentence that says to put back a copy: in Chinese it read otherwise
    than the page under it, which says the same thing."""
    made = time.time() - 14 * 24 * 3600 + 3600  # an hour left as the page is shown
    _done, panel = await damaged_lantern_shown(
        bridge, session, owned, "a lantern left open", submitted_at=made
    )
    notices: list[str] = []
    panel.notice.connect(notices.append)
    later = time.time() + 2 * 3600
    monkeypatch.setattr(stopped_module, "time", SimpleNamespace(time=lambda: later))
    installed = translations.install(qapp, "zh_CN", catalogue_cache)
    try:
        panel.download_again.click()
        await until(lambda: bool(notices))
        put_back = "如果备份中有副本，请以同样的文件名放回原处。"
        assert notices == [
            "“a lantern left open”没有重新下载：KIE 只保留图片 14 天，现在已经过了。" + put_back
        ]
        await until(lambda: put_back in shown_text(panel))
    finally:
        installed.remove()


async def test_download_again_of_a_job_another_program_deleted_lets_it_go_at_once(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """Another program deleted the job while the page said its file was missing: the window
    said so by its title, and went on showing it, with Download again, until the library
    was next read, up to 2 s later."""
    done, panel = await lost_lantern_shown(bridge, session, owned)
    shown = banner_messages(bridge)
    gone = deletions(bridge)

    session.ledger.delete(done.id)
    panel.download_again.click()
    await until(lambda: bool(shown))
    assert shown == [
        "“a lost lantern” was deleted by another program, so its image was not downloaded again."
    ]
    assert panel.snapshot is None and not panel.download_again.isVisible()
    assert gone == [done.id]


@pytest.mark.parametrize(
    ("state", "then"),
    [
        (
            JobState.QUEUED,
            "It will be sent again by itself. A send the demo server does not take does not "
            "lower the demo balance.",
        ),
        (
            JobState.GENERATING,
            "Still trying by itself; nothing is sent again, and the demo balance does not go "
            "down again.",
        ),
    ],
)
async def test_a_held_up_demo_job_says_it_goes_on_in_the_demo_balance_s_words(
    simulator: Any, owned: list[QObject], state: JobState, then: str
) -> None:
    """Before: a demo job the demo server held up (under maintenance) read "It will be sent
    again by itself; nothing was charged." (or "nothing is sent or charged again"), words
    of real charges, where every other word of a demo job speaks of the demo balance."""
    session = open_session(demo=True, schedule=fast_schedule())
    bridge = Bridge(session)
    try:
        job = session.ledger.create_job(GenerateRequest("a held fox").validated(), simulated=True)
        if state is JobState.GENERATING:
            session.ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
            job = session.ledger.transition(job.id, state, task_id="held-1", submitted_at=1.0)
        held = session.ledger.update(job.id, error_kind="maintenance")
        panel = make_panel(bridge, owned)
        panel.show_snapshot(held)
        text = panel.message_text()
        assert "The demo server is under maintenance." in text
        assert then in text
        assert "charged" not in text
    finally:
        await bridge.aclose()
        await session.aclose()


DOWNLOAD_TIPS = {
    True: "Fetch the image again from the demo server, which keeps it for 14 days; the demo "
    "balance does not go down",
    False: "Fetch the image again from KIE, which keeps it for 14 days; nothing is paid",
}


@pytest.mark.parametrize("demo", [True, False])
async def test_download_again_says_which_server_keeps_the_image_of_a_job_of_this_mode(
    simulator: Any, owned: list[QObject], demo: bool
) -> None:
    """Before: a demo job whose file was gone, seen in demo mode, offered Download again
    with "Fetch the image again from KIE, which keeps it for 14 days; nothing is paid",
    though its image is the demo server's, and a demo job pays nothing real anyway."""
    session = open_session(demo=demo, schedule=fast_schedule(), demo_latency_s=FAST_LATENCY)
    bridge = Bridge(session)
    try:
        done = await finished(session, GenerateRequest(prompt="a near lantern", aspect_ratio="1:1"))
        assert done.simulated is demo
        Path(done.file_path).unlink()
        panel = make_panel(bridge, owned)
        panel.show_snapshot(done)
        await until(lambda: "The image file is missing." in panel.status.text())
        assert panel.download_again.isVisible() and panel.download_again.isEnabled()
        assert panel.download_again.toolTip() == plain_tooltip(DOWNLOAD_TIPS[demo])
    finally:
        await bridge.aclose()
        await session.aclose()


HELD_DOWNLOAD_TIPS = {
    True: "It was made in demo mode, which alone can download its image again from the demo "
    "server.\nTo make it with KIE, Reuse settings loads its prompt and options into Generate.",
    False: "It was sent to KIE in live mode, which alone can download its image again from KIE, "
    "with your API key.\nTo make it in demo mode, Reuse settings loads its prompt and options "
    "into Generate.",
}


@pytest.mark.parametrize("demo_job", [True, False])
async def test_download_again_is_held_for_a_job_of_the_other_mode_saying_why(
    simulator: Any, owned: list[QObject], demo_job: bool
) -> None:
    """Before: in live mode a demo job whose image file was gone offered Download again; a
    click went to the engine, which refused it, and the banner said "The request is not
    valid. (Job 1 was made in demo mode, by the simulator: it carries on only in demo
    mode.)". Demo mode did the same with a live job. Its link is of the other mode's
    server, which this mode cannot ask for a fresh one: the button is held, and says why."""
    session = open_session(demo=not demo_job, schedule=fast_schedule(), demo_latency_s=FAST_LATENCY)
    bridge = Bridge(session)
    try:
        done = await finished(session, GenerateRequest(prompt="a far lantern", aspect_ratio="1:1"))
        other = session.ledger.update(done.id, simulated=demo_job)
        Path(done.file_path).unlink()
        shown = banner_messages(bridge)
        panel = make_panel(bridge, owned)
        panel.show_snapshot(other)
        await until(lambda: "The image file is missing." in panel.status.text())
        tip = HELD_DOWNLOAD_TIPS[demo_job]
        assert panel.download_again.isVisible()
        assert not panel.download_again.isEnabled()
        assert panel.download_again.toolTip() == plain_tooltip(tip)
        assert tip.replace("\n", " ") in panel.status.text()
        panel.download_again.click()
        await until(lambda: not bridge.busy)
        assert shown == []
        assert session.ledger.get(done.id) == other
    finally:
        await bridge.aclose()
        await session.aclose()


async def test_publish_button_appears_only_when_enabled(
    bridge: Bridge, session: Session, tmp_path: Path, owned: list[QObject]
) -> None:
    path = tmp_path / "done.png"
    Image.new("RGB", (32, 32), "green").save(path)
    snap = session.ledger.create_upload(prompt="done", file_path=str(path), width=32, height=32)
    panel = make_panel(bridge, owned)
    panel.show_snapshot(snap)
    assert not panel.publish_button.isVisible()
    panel.publish_enabled = True
    assert panel.publish_button.isVisible() and panel.commands["publish"].isEnabled()
    published: list[int] = []
    panel.publish_requested.connect(lambda shown: published.append(shown.id))
    panel.publish_button.click()
    assert published == [snap.id]


async def test_in_a_narrow_preview_every_toolbar_action_stays_in_the_toolbar(
    bridge: Bridge, session: Session, tmp_path: Path, owned: list[QObject]
) -> None:
    """On a 1024 x 640 screen at 150 % the preview's toolbar had room for Fit, 100 % and
    Publish only: Save as… and Use as reference were gone from it, with nothing there to say
    so. Those that give way are in the toolbar's » menu, which shows only then."""
    path = tmp_path / "done.png"
    Image.new("RGB", (32, 32), "green").save(path)
    snap = session.ledger.create_upload(prompt="done", file_path=str(path), width=32, height=32)
    panel = make_panel(bridge, owned)
    panel.publish_enabled = True
    panel.show_snapshot(snap)
    buttons = (panel.save_button, panel.reference_button, panel.publish_button)
    actions = [button.defaultAction() for button in buttons]
    more = panel.more_button
    await until(lambda: all(button.isVisible() for button in buttons))
    assert not more.isVisible()

    panel.resize(panel.toolbar.minimumSizeHint().width(), 760)
    await until(lambda: more.isVisible())
    shown = [button.defaultAction() for button in buttons if button.isVisible()]
    assert sorted(shown + more.menu().actions(), key=actions.index) == actions
    assert more.geometry().right() <= panel.toolbar.width()
    assert all(action.isEnabled() for action in more.menu().actions())

    panel.resize(900, 760)
    await until(lambda: all(button.isVisible() for button in buttons))
    assert not more.isVisible()


async def test_the_overflow_menu_is_disabled_while_nothing_in_it_can_be_done(
    bridge: Bridge, session: Session, simulator: Any, tmp_path: Path, owned: list[QObject]
) -> None:
    """Before: in a narrow preview of a job still generating, » was enabled and opened a
    menu of greyed-out items (nothing to save, use or publish yet). Now it shows disabled,
    as the buttons that gave way would be, and is enabled once one of its actions is."""
    simulator.update(latency_s=(30.0, 30.0))
    panel = make_panel(bridge, owned)
    panel.publish_enabled = True
    running = await session.engine.submit(GenerateRequest(prompt="a kite", aspect_ratio="1:1"))
    panel.show_snapshot(running)
    panel.resize(panel.toolbar.minimumSizeHint().width(), 760)
    more = panel.more_button
    await until(lambda: more.isVisible())
    assert more.menu().actions()
    assert not any(action.isEnabled() for action in more.menu().actions())
    assert not more.isEnabled()

    path = tmp_path / "done.png"
    Image.new("RGB", (32, 32), "green").save(path)
    done = session.ledger.create_upload(prompt="done", file_path=str(path), width=32, height=32)
    panel.show_snapshot(done)
    await until(lambda: more.isEnabled())
    assert all(action.isEnabled() for action in more.menu().actions())


async def test_the_overflow_menu_closes_with_escape_when_its_items_go_grey_while_open(
    bridge: Bridge, session: Session, simulator: Any, tmp_path: Path, owned: list[QObject]
) -> None:
    """Before: with » open on an artwork, its items going grey meanwhile (another artwork
    shown, a job still generating) disabled », and its open menu with it: the menu stayed
    up and Escape, the arrows and Return did nothing, as if the keyboard were dead, until a
    click outside. Now the open menu still answers the keys; » is disabled once it closes."""
    simulator.update(latency_s=(30.0, 30.0))
    path = tmp_path / "done.png"
    Image.new("RGB", (32, 32), "green").save(path)
    done = session.ledger.create_upload(prompt="done", file_path=str(path), width=32, height=32)
    running = await session.engine.submit(GenerateRequest(prompt="a kite", aspect_ratio="1:1"))
    panel = make_panel(bridge, owned)
    panel.publish_enabled = True
    panel.show_snapshot(done)
    panel.resize(panel.toolbar.minimumSizeHint().width(), 760)
    more = panel.more_button
    await until(lambda: more.isVisible() and more.isEnabled())
    menu = more.menu()
    menu.popup(more.mapToGlobal(more.rect().bottomLeft()))
    await until(lambda: QApplication.activePopupWidget() is menu)

    panel.show_snapshot(running)
    assert not any(action.isEnabled() for action in menu.actions())
    QTest.keyClick(menu, Qt.Key.Key_Escape)
    await until(lambda: QApplication.activePopupWidget() is None)
    assert not menu.isVisible()
    assert not more.isEnabled()


async def test_the_big_state_word_fits_a_narrow_preview(
    bridge: Bridge, session: Session, simulator: Any, owned: list[QObject]
) -> None:
    """At 18 pt "Generating" was cut to "Generati" in a preview at its least width (160 px).
    Now it is made smaller to fit; the full view still gets the full size."""
    simulator.update(latency_s=(30.0, 30.0))
    panel = make_panel(bridge, owned)
    panel.resize(170, 600)
    snap = await session.engine.submit(GenerateRequest(prompt="a kite", aspect_ratio="1:1"))
    panel.show_snapshot(snap)
    await until(lambda: "Generating" in panel.status.text())
    match = re.search(r"font-size:([\d.]+)pt", panel.status.text())
    assert match is not None
    font = QFont(panel.status.font())
    font.setBold(True)
    font.setPointSizeF(float(match.group(1)))
    room = panel.status.contentsRect().width() - 2 * panel.status.margin()
    assert QFontMetricsF(font).horizontalAdvance("Generating") <= room
    assert "font-size:18pt" in panel.message_text()

    panel.resize(600, 600)
    await until(lambda: "font-size:18pt" in panel.status.text())


async def test_a_stopped_job_shown_first_has_its_state_word_at_full_size(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """A failed job selected first after a start (its page of words never shown before) had
    its big "Failed" at 8 pt: its size was fitted to the page's width while the page was
    still hidden, and the page's first showing was not a resize of the preview."""
    snap = session.ledger.create_job(GenerateRequest(prompt="a heron"))
    failed = session.ledger.transition(
        snap.id, JobState.FAILED, error_kind="network", error_message="refused"
    )
    panel = make_panel(bridge, owned)
    panel.show_snapshot(failed)
    await until(lambda: "font-size:18pt" in panel.status.text())


def shown_failed(bridge: Bridge, session: Session, owned: list[QObject]) -> PreviewPanel:
    """A preview wide enough for its big state word, showing a failed job."""
    snap = session.ledger.create_job(GenerateRequest(prompt="a heron"))
    failed = session.ledger.transition(
        snap.id, JobState.FAILED, error_kind="network", error_message="refused"
    )
    panel = make_panel(bridge, owned)
    panel.resize(900, 700)
    panel.show_snapshot(failed)
    return panel


async def test_at_24_pt_the_big_state_word_is_larger_than_the_words_under_it(
    huge_font: None, bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """Fixed at 18 pt, the big "Failed" was smaller than the 24 pt sentence under it."""
    panel = shown_failed(bridge, session, owned)
    await until(lambda: "font-size:48pt" in panel.status.text())
    assert "font-size:48pt" in panel.message_text()


async def test_the_big_state_word_grows_with_a_font_set_while_it_is_shown(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    panel = shown_failed(bridge, session, owned)
    await until(lambda: "font-size:18pt" in panel.status.text())
    large = QFont(panel.font())
    large.setPointSize(24)
    panel.setFont(large)  # the word grows in the restyle turn after
    await until(lambda: "font-size:48pt" in panel.status.text())


def shown_pixels(widget: QWidget) -> int:
    return QFontInfo(widget.font()).pixelSize()


async def test_with_the_font_set_in_pixels_the_title_is_larger_than_the_text(
    pixel_font: None, bridge: Bridge, owned: list[QObject]
) -> None:
    """Scaled by its point size, which is -1 for a font given in pixels, the title was the
    size of the words under it (and Qt warned of a point size of -1.2)."""
    panel = make_panel(bridge, owned)
    assert shown_pixels(panel.title_label) == round(16 * 1.2)
    assert panel.title_label.font().bold()


async def test_the_title_grows_with_a_font_set_while_the_window_is_open(
    bridge: Bridge, owned: list[QObject]
) -> None:
    """Its font was taken once, when the panel was made: at 24 pt set later, the title
    stayed at 10.8 pt over 24 pt text."""
    panel = make_panel(bridge, owned)
    with application_font(24):
        await until(lambda: shown_pixels(panel) == QFontInfo(QApplication.font()).pixelSize())
        assert panel.title_label.font().pointSizeF() == pytest.approx(24 * 1.2)


def text_colour(label: QLabel) -> QColor:
    return label.palette().color(label.foregroundRole())


def drawn(colour: QColor, behind: QColor) -> QColor:
    """``colour`` laid over ``behind``, as a translucent one is drawn."""
    alpha = colour.alphaF()

    def channel(top: float, below: float) -> float:
        return top * alpha + below * (1 - alpha)

    return QColor.fromRgbF(
        channel(colour.redF(), behind.redF()),
        channel(colour.greenF(), behind.greenF()),
        channel(colour.blueF(), behind.blueF()),
    )


async def test_details_names_stand_apart_from_their_values_in_light_and_dark(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """Stacked under their names in a narrow pane, the values and the names were one list
    of words in one colour: the names are in a secondary colour, dark or light. And they
    read: the light palette's secondary colour read at 3.9:1 on its window."""
    snap = await finished(session, GenerateRequest("a heron at dusk"))
    panel = make_panel(bridge, owned)
    panel.setFixedWidth(240)
    panel.show_snapshot(snap)
    await until(lambda: panel.stack.currentWidget() is panel.canvas)
    form = panel.details_form
    assert form.rowWrapPolicy() == form.RowWrapPolicy.WrapAllRows
    dark = QPalette(panel.palette())
    for role, colour in (
        (QPalette.ColorRole.Window, "#202124"),
        (QPalette.ColorRole.WindowText, "#e8eaed"),
        (QPalette.ColorRole.Text, "#e8eaed"),
        (QPalette.ColorRole.PlaceholderText, "#9aa0a6"),
    ):
        dark.setColor(role, QColor(colour))
    for palette in (panel.palette(), dark):
        panel.setPalette(palette)
        await a_turn()  # the preview restyles once the loop delivers its post (ChangeFollower)
        window = palette.color(QPalette.ColorRole.Window)
        for field in panel.fields.values():
            if form.isRowVisible(field):
                label = form.labelForField(field)
                assert isinstance(label, QLabel)
                name = contrast(drawn(text_colour(label), window), window)
                value = contrast(drawn(text_colour(field), window), window)
                assert name >= 4.5, (label.text(), name)
                assert name < value - 1, (label.text(), name, value)


async def test_a_task_id_in_a_narrow_preview_keeps_its_ends_and_copies_whole(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """In a preview under ~250 px the 32-character task ID was cut at the pane's edge: it is
    cut in the middle instead, whole in its tooltip, and its menu copies all of it."""
    snap = await finished(session, GenerateRequest("a heron at dusk"))
    task_id = snap.task_id
    assert len(task_id) == 32
    panel = make_panel(bridge, owned)
    panel.setFixedWidth(220)
    panel.show_snapshot(snap)
    await until(lambda: panel.stack.currentWidget() is panel.canvas)
    field = panel.fields["task"]
    assert isinstance(field, ElidedLabel)

    def fits() -> bool:  # once the layout has settled: a width read mid-layout may be older
        return field.fontMetrics().horizontalAdvance(field.shown_text()) <= (
            field.contentsRect().width()
        )

    await until(fits)
    shown = field.shown_text()
    assert "…" in shown and shown.startswith(task_id[:4]) and shown.endswith(task_id[-4:])
    assert field.toolTip() == task_id
    copied: list[str] = []
    panel.notice.connect(copied.append)
    field.actions()[0].trigger()
    assert QApplication.clipboard().text() == task_id
    assert copied == ["Task ID copied."]


@pytest.mark.parametrize("mode", [Qt.TextElideMode.ElideMiddle, Qt.TextElideMode.ElideLeft])
def test_a_cut_task_id_never_runs_past_its_labels_edge(qapp: QApplication, mode) -> None:
    """Qt's cut in the middle keeps both sides even and came out up to 4 px wider than the
    label at some widths ("aa125bc…f1ad1ef", 110 px in 106-109): the last digit was clipped
    at the pane's edge (and a narrow preview's test waited for a fit that never came)."""
    label = ElidedLabel(mode=mode)
    digits = random.Random(5)
    overflows = []
    for _task in range(60):
        label.setText("".join(digits.choice("0123456789abcdef") for _ in range(32)))
        for width in range(8, 320, 3):
            label.resize(width, 24)
            shown = label.shown_text()
            if label.fontMetrics().horizontalAdvance(shown) > label.contentsRect().width():
                overflows.append((width, shown))
    assert overflows == []


async def test_edit_details_in_the_preview_shows_the_new_ones_at_once(
    bridge: Bridge,
    session: Session,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A generated artwork had no way to tags: its preview's Edit details gives it a
    description and tags, shown under its new title as soon as they are saved."""
    done = await finished(session, GenerateRequest(prompt="a tin robot"))
    panel = make_panel(bridge, owned)
    panel.show_snapshot(done)
    assert panel.details_button.isEnabled()
    asked: list[list[int]] = []

    def ask_details(snapshots: list[Snapshot]) -> DetailsEdit:
        asked.append([s.id for s in snapshots])
        return DetailsEdit(title="Tin robot", description="For the zine", tags="robot；锡, toy")

    monkeypatch.setattr(panel, "ask_details", ask_details)
    QTest.mouseClick(panel.details_button, Qt.MouseButton.LeftButton)
    await until(lambda: panel.snapshot is not None and panel.snapshot.tags != "")
    assert asked == [[done.id]]
    rows = shown_rows(panel)
    assert rows["Description"] == "For the zine"
    assert rows["Tags"] == "robot, 锡, toy"
    assert panel.title_label.whole_text() == "Tin robot"
    assert [s.id for s in session.ledger.search("锡")] == [done.id]


async def test_the_rows_linking_a_kept_artwork_say_its_state_not_that_an_image_is_kept(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """ "Made by" on the artwork kept for a late task and "Also made" on its job said "this
    image is kept" whatever the kept task's state: while it was still being made, and after
    it failed with nothing made, the artist looked for an image that was not there. Now the
    words follow its state, and change with it."""
    done = await finished(session, GenerateRequest(prompt="a fox sent twice"))
    done = session.ledger.update(done.id, title="Fox at dusk")
    own, _ = session.ledger.create_following(done, "task-late", title="Fox kept apart")
    assert own.state is JobState.GENERATING
    panel = make_panel(bridge, owned)
    panel.show_snapshot(done)
    await until(lambda: "“Fox kept apart”" in linked_row(panel, "kept"))
    assert "still being made" in linked_row(panel, "kept")
    assert "is kept as" not in linked_row(panel, "kept")
    panel.show_snapshot(own)
    await until(lambda: "“Fox at dusk”" in linked_row(panel, "made"))
    assert "still being made" in linked_row(panel, "made")
    assert "this image is kept" not in linked_row(panel, "made")

    failed = session.ledger.transition(own.id, JobState.FAILED, error_kind="generation_failed")
    panel.show_snapshot(failed)
    await until(lambda: "failed" in linked_row(panel, "made"))
    assert "nothing was made" in linked_row(panel, "made")
    assert "charged" not in linked_row(panel, "made")
    assert "this image is kept" not in linked_row(panel, "made")
    panel.show_snapshot(done)
    await until(lambda: "nothing was made" in linked_row(panel, "kept"))
    assert "“Fox kept apart”" in linked_row(panel, "kept")
    assert "charged" not in linked_row(panel, "kept")

    second, _ = session.ledger.create_following(done, "task-late-2", title="Fox two")
    session.ledger.transition(second.id, JobState.DOWNLOADING)
    session.ledger.transition(second.id, JobState.COMPLETED)
    bridge.job_changed.emit(session.ledger.get(second.id))
    await until(lambda: "2 earlier sends" in linked_row(panel, "kept"))
    words = linked_row(panel, "kept")
    assert "“Fox kept apart” (failed: nothing was made)" in words
    assert "“Fox two”," not in words and "“Fox two” (" not in words
    assert "those images" not in words


async def test_a_kept_artwork_whose_image_was_made_but_not_fetched_is_not_said_to_be_nothing(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """An artwork kept for a late task whose image KIE made, and charged, but whose download
    failed (the connection dropped) or that the app's side stopped following (the disk
    full): Retry fetches the image without paying again. "Made by" and "Also made" said
    "it failed, and nothing was made", of no charge, as of a task KIE failed."""
    done = await finished(session, GenerateRequest(prompt="a fox sent twice"))
    done = session.ledger.update(done.id, title="Fox at dusk")
    own, _ = session.ledger.create_following(done, "task-late", title="Fox kept apart")
    session.ledger.transition(own.id, JobState.DOWNLOADING, result_url="https://x/fox.png")
    panel = make_panel(bridge, owned)
    for fields in (
        {"error_kind": "network"},
        {"error_kind": "storage", "result_url": ""},
    ):
        stopped = session.ledger.transition(own.id, JobState.FAILED, **fields)
        panel.show_snapshot(stopped)
        await until(lambda: "“Fox at dusk”" in linked_row(panel, "made"))
        assert "nothing was made" not in linked_row(panel, "made")
        assert "charged" in linked_row(panel, "made")
        panel.show_snapshot(done)
        await until(lambda: "“Fox kept apart”" in linked_row(panel, "kept"))
        assert "nothing was made" not in linked_row(panel, "kept")
        assert "charged" in linked_row(panel, "kept")
        session.ledger.transition(own.id, JobState.DOWNLOADING, result_url="https://x/fox.png")


async def test_also_made_links_an_artwork_without_its_image_as_an_artwork_on_a_line_of_its_own(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """A job two of whose earlier sends were kept as artworks, one failed with nothing made:
    "Also made" linked both as "show image 1 · show image 2", though the first has no image,
    and its links followed the sentence on its line, which rendered "… (failed: nothing was
    made). · show image 1". Now the links have a line of their own, and one without its
    image is an artwork to show; so are the others, all alike."""
    done = await finished(session, GenerateRequest(prompt="a fox sent thrice"))
    done = session.ledger.update(done.id, title="Fox at dusk")
    first, _ = session.ledger.create_following(done, "task-late-1", title="Fox one")
    session.ledger.transition(first.id, JobState.FAILED, error_kind="generation_failed")
    second, _ = session.ledger.create_following(done, "task-late-2", title="Fox two")
    session.ledger.transition(second.id, JobState.DOWNLOADING)
    session.ledger.transition(second.id, JobState.COMPLETED)
    panel = make_panel(bridge, owned)
    panel.show_snapshot(done)
    await until(lambda: "2 earlier sends" in linked_row(panel, "kept"))
    sentence, links = linked_row(panel, "kept").split("\n")
    assert sentence.endswith("“Fox one” (failed: nothing was made), “Fox two”.")
    assert links == "show artwork 1 · show artwork 2"
    text = panel.fields["kept"].text()
    assert f'<a href="{first.id}">show artwork 1</a>' in text
    assert f'<a href="{second.id}">show artwork 2</a>' in text


@pytest.mark.parametrize(
    ("width", "height"), [(470, 790), (300, 630)], ids=["1400x900", "1024x700"]
)
async def test_edit_details_and_the_rows_are_in_sight_at_the_first_split(
    bridge: Bridge, owned: list[QObject], session: Session, width: int, height: int
) -> None:
    """The preview as a 1400 x 900 and a 1024 x 700 window first give it: with a description
    and tags, Edit details (and at 1400 x 900 the task ID) fell below the details' fold,
    the pane to be scrolled for them. Edit details stands beside the title it edits, the
    rows fit at 1400 x 900, and the picture keeps most of the pane."""
    done = await finished(session, GenerateRequest(prompt="a red fox at dawn"))
    snap = session.ledger.update(
        done.id, title="Dawn Fox", description="a red fox at dawn, watercolor", tags="fox, dawn"
    )
    panel = PreviewPanel(bridge)
    owned.append(panel)
    panel.resize(width, height)
    panel.show()
    panel.show_snapshot(snap)
    await until(lambda: panel.canvas.after is not None)
    viewport = panel.details_scroll.viewport()

    def in_sight(widget: QWidget) -> bool:
        top = widget.mapTo(viewport, QPoint(0, 0)).y()
        return widget.isVisible() and top >= 0 and top + widget.height() <= viewport.height()

    assert panel.details_scroll.verticalScrollBar().value() == 0
    assert in_sight(panel.details_button)
    assert in_sight(panel.fields["tags"])
    if width > 400:
        assert in_sight(panel.fields["task"])
    assert panel.stack.height() >= 1.5 * panel.details_scroll.height()


async def test_a_heading_narrowing_keeps_a_word_of_its_title_beside_its_place_or_its_place_alone(
    bridge: Bridge, owned: list[QObject], session: Session
) -> None:
    """As the preview narrows (a large font, a narrow pane), the heading of one of several
    images of one generate kept a lone letter beside its place ("m… · 1 of 2"), then
    showed its title alone, its place gone ("make it…"). Its tile's rule now: a word of
    the title or none beside the place, and never the title without it."""
    title = "make it night, add stars"
    first, _second = await session.engine.submit_several(GenerateRequest(prompt=title), 2)
    done = await session.engine.wait_for(first.id)
    panel = make_panel(bridge, owned)
    panel.show_snapshot(done)
    label = panel.title_label
    await until(lambda: label.isVisible() and label.whole_text() == f"{title} · 1 of 2")

    def shown_at(width: int) -> str:
        # Its news of the cut kept back: the preview lays the heading out again at once.
        with QSignalBlocker(label):
            label.resize(width, label.height())
        return label.text()

    assert_a_word_or_none_beside_the_place(label.fontMetrics(), shown_at, title, "1 of 2")


@pytest.mark.parametrize(
    ("title", "head"),
    [
        ("Supercalifragilistic lighthouse on a cliff", "Supercal"),
        ("黄昏时悬崖上的灯塔，暴风雨中的大海", "黄昏时悬"),
    ],
    ids=["english", "chinese"],
)
async def test_edit_details_goes_under_a_heading_that_beside_it_would_not_name_the_artwork(
    huge_font: None,
    bridge: Bridge,
    owned: list[QObject],
    session: Session,
    title: str,
    head: str,
) -> None:
    """At a large font in a narrow pane, the heading of one of several images beside Edit
    details had no room for three letters of its title and read "1 of 4" alone (narrower
    still, a lone "…"), where the line without the button held "Supercal… · 1 of 4".
    The button goes under the heading there, and back beside it in a wide pane; a Chinese
    title is cut between its characters, each as wide as two letters."""
    first, *_others = await session.engine.submit_several(GenerateRequest(prompt=title), 4)
    done = await session.engine.wait_for(first.id)
    panel = make_panel(bridge, owned)
    panel.show_snapshot(done)
    label, button = panel.title_label, panel.details_button
    await until(lambda: label.isVisible() and label.whole_text() == f"{title} · 1 of 4")
    metrics = label.fontMetrics()

    def row() -> int:  # the width the heading and the button share
        return panel.details_scroll.viewport().width() - 2 * DETAILS_MARGIN

    wanted = metrics.horizontalAdvance(f"{head}… · 1 of 4") + 8
    for _ in range(3):  # a scroll bar may come or go as the pane narrows
        panel.resize(panel.width() + wanted - row(), panel.height())
        await a_turn()
    assert wanted <= row() < wanted + 30
    fewest = metrics.horizontalAdvance(f"{title[:3]}… · 1 of 4")
    assert row() - button.sizeHint().width() < fewest  # no room beside the button

    await until(lambda: button.geometry().top() >= label.geometry().bottom())
    before, _, place = label.text().rpartition(" · ")
    kept = before.removesuffix("…")
    assert place == "1 of 4" and title.startswith(kept), label.text()
    assert letters_wide(kept.replace(" ", "")) >= 3, label.text()
    assert button.isVisible() and button.geometry().right() <= panel.details.width()

    panel.resize(900, panel.height())
    await until(lambda: button.geometry().top() < label.geometry().bottom())
    assert label.text().startswith(head)


async def test_edit_details_goes_under_the_heading_as_a_scroll_bar_narrows_the_details(
    bridge: Bridge, owned: list[QObject], session: Session
) -> None:
    """A pane made shorter, or details grown taller, bring a scroll bar that narrows the
    heading's row; Edit details, placed by the row's width before it, stayed beside the
    heading, which read "1 of 4" alone."""
    title = "Supercalifragilistic lighthouse on a cliff"
    first, *_others = await session.engine.submit_several(GenerateRequest(prompt=title), 4)
    done = await session.engine.wait_for(first.id)
    panel = make_panel(bridge, owned)
    panel.show_snapshot(done)
    label, button, scroll = panel.title_label, panel.details_button, panel.details_scroll
    await until(lambda: label.isVisible() and label.whole_text() == f"{title} · 1 of 4")
    bar = scroll.verticalScrollBar()

    def row() -> int:  # the width the heading and the button share
        return scroll.viewport().width() - 2 * DETAILS_MARGIN

    fewest = label.fontMetrics().horizontalAdvance(f"{title[:3]}… · 1 of 4")
    spacing = max(panel._heading_row.horizontalSpacing(), 0)
    extent = scroll.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, bar)
    wanted = fewest + button.sizeHint().width() + spacing + extent // 2  # less with a bar
    for _ in range(3):  # tall: no scroll bar
        panel.resize(panel.width() + wanted - row(), 2000)
        await a_turn()
    await until(lambda: not bar.isVisible() and row() == wanted)
    await a_turn()
    assert button.geometry().top() < label.geometry().bottom()  # beside

    panel.resize(panel.width(), 300)
    await until(lambda: bar.isVisible())
    await until(lambda: button.geometry().top() >= label.geometry().bottom())
    assert letters_wide(label.text().rpartition(" · ")[0].removesuffix("…")) >= 3


def assert_a_word_or_none_beside_the_place(
    metrics: QFontMetrics, shown_at: Callable[[int], str], title: str, place: str
) -> None:
    """A heading naming ``title`` by its ``place`` too, in a font of ``metrics``, shows
    (``shown_at`` a width) at each width from its place's to its whole words' the place,
    with a cut of the title of three letters at least (its spaces not counted) before it, or
    alone."""
    whole = f"{title} · {place}"
    cuts = []
    for width in range(metrics.horizontalAdvance(place), metrics.horizontalAdvance(whole) + 2):
        cuts.append(shown_at(width))
        assert metrics.horizontalAdvance(cuts[-1]) <= width, cuts[-1]
    assert cuts[0] == place and cuts[-1] == whole
    for cut in cuts:
        before, _, after = cut.rpartition(" · ")
        assert after == place, cut  # never the title without its place
        kept = before.removesuffix("…")
        assert not before or (title.startswith(kept) and len(kept.replace(" ", "")) >= 3), cut


def laid_out_widths(label: QLabel) -> list[float]:
    """The width of each line ``label``'s words take, wrapped as Qt wraps a label's: at
    its own width, between words."""
    return [width for _words, width in laid_out(label)]


def laid_out_lines(label: QLabel) -> list[str]:
    """The words on each line of ``label``, as typed (:func:`laid_out`)."""
    return [words.replace("\u200b", "") for words, _width in laid_out(label)]


def laid_out(label: QLabel) -> list[tuple[str, float]]:
    """Each line of ``label``'s words, wrapped as Qt wraps a label's (at its own width,
    between words), and the width it takes."""
    text = label.text()
    layout = QTextLayout(text, label.font())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    lines: list[tuple[str, float]] = []
    layout.beginLayout()
    while (line := layout.createLine()).isValid():
        line.setLineWidth(label.contentsRect().width())
        start = line.textStart()
        lines.append((text[start : start + line.textLength()], line.naturalTextWidth()))
    layout.endLayout()
    return lines


async def test_a_prompt_of_tags_with_no_spaces_wraps_inside_the_pane_and_copies_as_typed(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """A prompt of tags with no spaces between them ("1girl,solo,long_hair,…"), or a link,
    is one word to Qt: the preview showed its first line cut at the pane's edge, the rest
    of it out of sight. It wraps inside the pane, and a copy of it is the prompt as typed,
    without the invisible breaks that let it wrap."""
    prompt = (
        "1girl,solo,long_hair,looking_at_viewer,smile,cherry_blossoms,watercolor_(medium),"
        "masterpiece,best_quality,ultra_detailed,soft_lighting,depth_of_field"
    )
    snap = session.ledger.create_job(GenerateRequest(prompt=prompt))
    panel = make_panel(bridge, owned)
    panel.resize(420, 760)
    panel.show_snapshot(snap)
    label = panel.prompt_label
    await until(lambda: label.isVisible() and label.width() < 420)
    assert len(laid_out_widths(label)) > 1
    assert max(laid_out_widths(label)) <= label.contentsRect().width()

    label.setFocus()
    label.setSelection(0, len(label.text()))
    QTest.keyClick(label, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == prompt


def showing_a_long_first_word(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> tuple[PreviewPanel, str, int]:
    """A pane showing a prompt whose first word is "Supercalifragilistic": the pane, the
    prompt, and that word's width at the prompt label's font."""
    prompt = "Supercalifragilistic lighthouse on a cliff at dusk"
    snap = session.ledger.create_job(GenerateRequest(prompt=prompt))
    panel = make_panel(bridge, owned)
    panel.show_snapshot(snap)
    word = panel.prompt_label.fontMetrics().horizontalAdvance("Supercalifragilistic")
    return panel, prompt, word


async def test_a_long_first_word_of_a_prompt_wraps_inside_a_narrow_pane_at_a_large_font(
    huge_font: None, bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """At 24 pt in a narrow pane, the prompt under the heading showed a first word wider
    than its row ("Supercalifragilistic", too short for the breaks of a run of 24) cut at
    a letter at the pane's edge, its end out of sight. It goes on on the next line, the
    other words still wrapped between them, and it copies as typed; widened, the pane
    shows the word whole on one line again."""
    panel, prompt, word = showing_a_long_first_word(bridge, session, owned)
    label = panel.prompt_label
    panel.resize(word, panel.height())  # the row, inside the pane's margins, is narrower
    await until(lambda: label.isVisible() and 0 < label.contentsRect().width() < word)
    await until(lambda: max(laid_out_widths(label)) <= label.contentsRect().width())
    lines = laid_out_lines(label)
    assert "".join(lines) == prompt, lines  # every letter in sight
    head = lines[0].rstrip()
    assert head and "Supercalifragilistic".startswith(head) and head != "Supercalifragilistic"
    assert unbroken(label.text()) == prompt
    label.setFocus()
    label.setSelection(0, len(label.text()))
    QTest.keyClick(label, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == prompt

    panel.resize(900, panel.height())
    await until(lambda: laid_out_lines(label)[0].startswith("Supercalifragilistic "))


async def test_a_long_first_word_of_a_prompt_wraps_once_the_font_grows_in_a_pane_as_wide(
    bridge: Bridge, session: Session, owned: list[QObject], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long prompt's words are measured once at a font, not again at each step of a pane
    dragged narrower (a prompt of 10,000 Chinese characters took half a second a step),
    and again at a new font: with the widths of the small one kept, the long first
    word, whole on its line before, was cut at the pane's edge at a larger one. (Kept for
    this short prompt too, as for a long one.)"""
    monkeypatch.setattr(preview_module, "MEASURED_ONCE_FROM", 0)
    panel, prompt, small = showing_a_long_first_word(bridge, session, owned)
    label = panel.prompt_label
    panel.resize(2 * small + 2 * DETAILS_MARGIN + 40, 1400)  # no scroll bar to come
    await until(lambda: label.isVisible() and label.contentsRect().width() > small)
    assert laid_out_lines(label)[0].startswith("Supercalifragilistic ")
    width = label.contentsRect().width()
    larger = QFont(label.font())
    larger.setPointSizeF(larger.pointSizeF() * 3)  # the label's alone: the pane keeps its width
    label.setFont(larger)
    await a_turn()
    assert label.contentsRect().width() == width  # no resize to re-break it
    assert label.fontMetrics().horizontalAdvance("Supercalifragilistic") > width
    await until(lambda: max(laid_out_widths(label)) <= width)  # in the restyle turn
    assert "".join(laid_out_lines(label)) == prompt


async def test_a_chinese_prompt_in_a_narrow_pane_wraps_between_its_characters_as_set(
    huge_font: None, bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """Chinese, with no spaces, is one word wider than a narrow row; it wraps between its
    characters as it is. Given breaks between them all too, for a word wider than the row,
    a row's words were no longer the words set (the advice under a held job's state)."""
    prompt = "黄昏时悬崖上的灯塔，暴风雨中的大海，油画风格"
    snap = session.ledger.create_job(GenerateRequest(prompt=prompt))
    panel = make_panel(bridge, owned)
    panel.show_snapshot(snap)
    label = panel.prompt_label
    panel.resize(label.fontMetrics().horizontalAdvance(prompt[:6]), panel.height())
    await until(lambda: label.isVisible() and len(laid_out_lines(label)) > 2)
    assert label.text() == prompt
    assert max(laid_out_widths(label)) <= label.contentsRect().width()


async def test_a_prompt_of_tags_wraps_between_tags_not_inside_one(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """A prompt of tags with no spaces wrapped every 24 characters, inside a tag
    ("looking_at_vie" on one line, "wer" on the next): it wraps after a comma."""
    prompt = (
        "1girl,solo,long_hair,looking_at_viewer,smile,cherry_blossoms,watercolor_(medium),"
        "masterpiece,best_quality,ultra_detailed,soft_lighting,depth_of_field"
    )
    snap = session.ledger.create_job(GenerateRequest(prompt=prompt))
    panel = make_panel(bridge, owned)
    panel.resize(420, 760)
    panel.show_snapshot(snap)
    label = panel.prompt_label
    await until(lambda: label.isVisible() and label.width() < 420)
    lines = laid_out_lines(label)
    assert len(lines) > 1 and "".join(lines) == prompt
    assert all(line.endswith(",") for line in lines[:-1]), lines


FAMILY = "\U0001f469\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"


@pytest.mark.parametrize(
    "character",
    [FAMILY, "\U0001f1ef\U0001f1f5", "\U0001f44d\U0001f3fd", "e\u0301"],
    ids=["family", "flag", "skin-tone", "accent"],
)
async def test_a_prompt_of_emoji_or_accented_letters_wraps_between_them_never_inside_one(
    bridge: Bridge, session: Session, owned: list[QObject], character: str
) -> None:
    """A run of emoji (a family, a flag, a thumb with its skin tone) or of letters with
    their accents was broken every 24 code points: a family split into its people, a flag
    into two letters, a thumb from its skin tone, an accent from its letter, on two lines.
    Each line holds whole ones, and a screen reader reads the prompt as typed."""
    prompt = "x" + character * 40  # one letter first: not a whole number in each 24
    snap = session.ledger.create_job(GenerateRequest(prompt=prompt))
    panel = make_panel(bridge, owned)
    panel.resize(420, 760)
    panel.show_snapshot(snap)
    label = panel.prompt_label
    await until(label.isVisible)
    pieces = [piece.removeprefix("x") for piece in line_pieces(label.text())]
    assert len(pieces) > 1  # where a line may end
    assert all(piece == character * (len(piece) // len(character)) for piece in pieces)
    assert label.accessibleName() == prompt


def line_pieces(text: str) -> list[str]:
    """``text`` cut where Qt may end a line (Unicode's line-break rules, and the invisible
    breaks), the breaks left out: between emoji Qt breaks by itself, in a run of letters
    only at the breaks."""
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Line, text)
    utf16 = list(accumulate((2 if ord(char) > 0xFFFF else 1 for char in text), initial=0))
    ends = [0]
    while (offset := finder.toNextBoundary()) != -1:
        ends.append(utf16.index(offset))
    return [text[start:end].replace("\u200b", "") for start, end in pairwise(ends)]


async def test_a_long_word_in_the_other_rows_wraps_and_copies_and_reads_as_typed(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """A link in the description, a tag of many words run together, a server's message
    with no spaces: one word to Qt, each row showed its first line cut at the pane's edge,
    the rest out of sight. They wrap as the prompt does, copy as typed, and a screen
    reader reads them as typed, without the invisible breaks."""
    link = "https://example.com/moodboards/reference_moodboard_watercolor_cherry_blossoms.png"
    tag = "watercolor_cherry_blossoms_at_dusk_with_soft_lighting_from_the_window_at_left"
    snap = session.ledger.create_upload(prompt="a fox", title="Fox", description=link, tags=tag)
    panel = make_panel(bridge, owned)
    panel.resize(420, 760)
    panel.show_snapshot(snap)
    await until(lambda: panel.fields["description"].isVisible())
    for key, typed in (("description", link), ("tags", tag)):
        label = panel.fields[key]
        assert len(laid_out_widths(label)) > 1, key
        assert max(laid_out_widths(label)) <= label.contentsRect().width(), key
        assert read(label) == typed
        assert label.accessibleName() == f"{key.capitalize()}: {typed}"

    detail = "invalid_image_size_" * 6
    job = session.ledger.create_job(GenerateRequest(prompt="a fox"))
    failed = session.ledger.transition(
        job.id, JobState.FAILED, error_kind="validation", error_message=detail
    )
    panel.show_snapshot(failed)
    label = panel.error_label
    await until(label.isVisible)
    assert len(laid_out_widths(label)) > 1
    assert max(laid_out_widths(label)) <= label.contentsRect().width()
    message = explain_kind("validation", detail).message
    assert read(label) == message
    assert label.accessibleName() == message


async def test_a_prompt_of_tags_on_several_lines_copies_as_typed(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """A prompt of tags with no spaces typed on two lines copied from the preview carried
    the invisible breaks that let it wrap: pasted into the prompt box, they went to KIE
    inside its words. Qt's selection reads a new line as another character than its copy."""
    prompt = (
        "1girl,solo,long_hair,looking_at_viewer,smile,cherry_blossoms\n"
        "masterpiece,best_quality,ultra_detailed,soft_lighting,depth_of_field"
    )
    snap = session.ledger.create_job(GenerateRequest(prompt=prompt))
    panel = make_panel(bridge, owned)
    panel.resize(420, 760)
    panel.show_snapshot(snap)
    label = panel.prompt_label
    await until(label.isVisible)
    label.setFocus()
    assert read(label) == prompt
    start = label.text().index("smile")  # to "masterpiece,best_quality" and its break
    label.setSelection(start, 49)
    QTest.keyClick(label, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == "smile,cherry_blossoms\nmasterpiece,best_quality,"


async def test_a_prompt_of_tags_dragged_from_the_preview_is_dropped_as_typed(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """Selected words of a prompt of tags with no spaces dragged from the preview (to the
    prompt box, to a text editor) carried the invisible breaks that let it wrap: dropped
    into the prompt box, they went to KIE inside its words. They go as typed."""
    prompt = "1girl,solo,long_hair,looking_at_viewer,smile,cherry_blossoms,watercolor"
    snap = session.ledger.create_job(GenerateRequest(prompt=prompt))
    panel = make_panel(bridge, owned)
    panel.resize(420, 760)
    panel.show_snapshot(snap)
    label = panel.prompt_label
    await until(label.isVisible)
    label.setSelection(0, len(label.text()))
    y = label.contentsRect().top() + label.fontMetrics().height() / 2
    mouse(label, QEvent.Type.MouseButtonPress, 20, y)
    assert label.hasSelectedText()  # a press inside the selection keeps it to drag it
    for x in range(30, 200, 10):
        mouse(label, QEvent.Type.MouseMove, x, y)
    dragged = [drag.mimeData().text() for drag in label.findChildren(QDrag)]
    assert dragged == [prompt]  # once, as typed (the offscreen drag ends at once)


async def test_a_screen_reader_hears_an_artwork_without_title_or_prompt_as_untitled(
    bridge: Bridge, owned: list[QObject]
) -> None:
    """Its tile, its heading here and its file are "Untitled": the picture's name was empty,
    a reader heard nothing of it."""
    panel = make_panel(bridge, owned)
    panel.show_snapshot(make_snapshot(JobState.COMPLETED, source=UPLOADED, prompt="", title=""))
    assert panel.canvas.accessibleName() == "Image: Untitled"


async def overflow_menu_open(panel: PreviewPanel) -> QMenu:
    """``panel``'s » menu, open over the actions a narrow preview gave it."""
    panel.resize(panel.toolbar.minimumSizeHint().width(), 760)
    more = panel.more_button
    await until(lambda: more.isVisible() and more.isEnabled())
    menu = more.menu()
    menu.popup(more.mapToGlobal(more.rect().bottomLeft()))
    await until(lambda: QApplication.activePopupWidget() is menu)
    return menu


async def test_closed_on_the_turn_its_menu_closed_it_leaves_nothing_behind(
    bridge: Bridge, session: Session, tmp_path: Path, owned: list[QObject]
) -> None:
    """Its window closed on the turn the » menu closed, before the menu's record of the
    artworks it was opened for went: the forgetting waiting for the next turn kept the
    preview, and the window it was in, for as long as the app ran."""
    window = QWidget()
    owned.append(window)
    panel = PreviewPanel(bridge, window)
    window.show()
    await shown_in(panel, wide_stripes(session, tmp_path))
    menu = await overflow_menu_open(panel)
    closed = weakref.ref(panel)
    QTest.keyClick(menu, Qt.Key.Key_Escape)
    shiboken6.delete(panel)  # its window's close, done before the loop's next turn
    del panel, menu
    await a_turn()
    await until(lambda: not bridge.busy)
    gc.collect()
    assert closed() is None


@pytest.mark.parametrize("state", [JobState.FAILED, JobState.GENERATING])
async def test_an_edit_without_a_picture_shows_its_reference_under_its_state(
    bridge: Bridge, session: Session, owned: list[QObject], tmp_path: Path, state: JobState
) -> None:
    """A failed or running edit showed its state's words alone: of two edits of one prompt,
    the artist could not tell which reference had failed. The reference is shown under the
    state, named, and goes once a job with a picture, or one without a reference, is shown."""
    reference = tmp_path / "red-harbour.png"
    Image.new("RGB", (80, 60), (220, 30, 30)).save(reference)
    snap = session.ledger.create_job(
        GenerateRequest(
            prompt="make it night",
            aspect_ratio=None,
            image_path=str(reference),
            image_name="harbour.png",
        )
    )
    if state is JobState.FAILED:
        snap = session.ledger.transition(
            snap.id, JobState.FAILED, error_kind="generation_failed", error_message="501"
        )
    else:
        snap = session.ledger.transition(snap.id, JobState.SUBMITTING)
        snap = session.ledger.transition(snap.id, JobState.GENERATING, task_id="task-1")
    panel = make_panel(bridge, owned)
    panel.show_snapshot(snap)

    shown = panel.sent_reference
    assert panel.stack.currentWidget() is panel.status_page
    assert shown.isVisibleTo(panel) and shown.caption.text() == "Edit of \u2068harbour.png\u2069"
    await until(lambda: shown.thumb.thumbnail is not None)
    assert shown.thumb.thumbnail is not None
    middle = shown.thumb.thumbnail.toImage().pixelColor(40, 30)
    assert (middle.red(), middle.green()) == (220, 30)

    panel.show_snapshot(session.ledger.create_job(GenerateRequest(prompt="a fox")))
    assert not shown.isVisibleTo(panel)


@pytest.mark.parametrize("deleted", [False, True], ids=["expired", "deleted"])
async def test_download_again_of_an_expired_link_through_the_simulator(
    bridge: Bridge, session: Session, simulator: Any, owned: list[QObject], deleted: bool
) -> None:
    """Download again of an image whose link has expired, through the simulator on
    127.0.0.1 as through KIE: the simulator never refused a fresh link, so what the artist
    is told then was never seen. While KIE keeps the image it gives a fresh link, and the
    image is fetched with it, free. Once KIE has deleted it, the artwork stays completed,
    and the page says so and what brings the picture back, as for one past KIE's 14 days: a
    copy put back. Before, the artwork failed, with no Retry (which took such a copy back),
    and only a new, paid job could bring its picture back."""
    done, panel = await gone_lantern_shown(bridge, session, owned, "a lantern on old links")
    bridge.job_changed.connect(panel.show_snapshot)
    simulator.expire_results(deleted=deleted)

    panel.download_again.click()
    if not deleted:
        await until(lambda: panel.stack.currentWidget() is panel.canvas)
        again = session.ledger.get(done.id)
        assert again is not None and again.state is JobState.COMPLETED
        assert Path(again.file_path).is_file() and again.sha256 == done.sha256
    else:
        await until(lambda: session.ledger.get(done.id).result_deleted)  # type: ignore[union-attr]
        await until(lambda: "cannot be downloaded again" in shown_text(panel))
        kept = session.ledger.get(done.id)
        assert kept is not None and kept.state is JobState.COMPLETED
        assert (
            "put it back where it was. KIE said it has deleted this image, so it cannot be "
            "downloaded again." in shown_text(panel)
        )
        assert not panel.download_again.isVisible()
        assert not panel.commands["retry"].isEnabled()
        Image.new("RGB", (64, 64), (200, 160, 40)).save(done.file_path)  # a backup copy
        panel.show_snapshot(kept)
        await until(lambda: panel.stack.currentWidget() is panel.canvas)
    assert simulator.generate_count("a lantern on old links") == 1


@pytest.mark.parametrize(
    "name",
    ["<b>harbour</b>.png", "harbour_" * 16 + "final.png"],
    ids=["markup", "no spaces"],
)
async def test_the_name_under_an_edit_s_state_is_shown_whole_as_it_is(
    bridge: Bridge, session: Session, owned: list[QObject], tmp_path: Path, name: str
) -> None:
    """The name of a failed edit's reference, under its state: one that looked like HTML
    ("<b>harbour</b>.png") was read as it, "Edit of harbour.png", harbour in bold; one with
    no spaces, one word wider than the pane, was cut at both its edges. It is shown as
    it is, and wraps."""
    reference = tmp_path / "reference.png"
    Image.new("RGB", (80, 60), (220, 30, 30)).save(reference)
    snap = session.ledger.create_job(
        GenerateRequest(
            "make it night", aspect_ratio=None, image_path=str(reference), image_name=name
        )
    )
    snap = session.ledger.transition(snap.id, JobState.FAILED, error_kind="generation_failed")
    panel = make_panel(bridge, owned)
    panel.resize(320, 760)
    panel.show_snapshot(snap)
    await a_turn()

    caption = panel.sent_reference.caption
    read_as_html = QtGui.Qt.mightBeRichText(caption.text())  # as QLabel's AutoText decides
    assert caption.textFormat() is Qt.TextFormat.PlainText or not read_as_html
    assert caption.text().replace("\u200b", "") == f"Edit of \u2068{name}\u2069"
    metrics = caption.fontMetrics()
    words = re.split(r"[\s\u200b]+", caption.text())
    assert max(metrics.horizontalAdvance(word) for word in words) <= caption.contentsRect().width()
